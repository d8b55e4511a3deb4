"""What a rule sees: one system or one tenant, with the catalog and the assessment date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import ConnectorMatch, Infrastructure, System, Tenant, TenantModel

if TYPE_CHECKING:
    from ..catalog import Catalog, Connector


@dataclass(frozen=True)
class TenantFacts:
    """A tenant with its bundle names resolved against the catalog."""

    tenant: Tenant
    bundle_ids: tuple[str, ...]
    unknown_bundles: tuple[str, ...]
    bundle_names: tuple[str, ...] = ()
    """Catalog names of the ``bundle_ids``, in the same order."""
    # Rules read these for every system, so they are plain fields rather than properties.
    on_neo: bool = field(init=False)
    model: TenantModel = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "on_neo", self.tenant.infrastructure is Infrastructure.NEO)
        object.__setattr__(self, "model", self.tenant.tenant_model)


@dataclass(frozen=True)
class SystemContext:
    """Input of a system rule."""

    tenant: TenantFacts
    system: System
    match: ConnectorMatch
    catalog: "Catalog"
    as_of: dt.date

    @property
    def connector(self) -> "Connector | None":
        if self.match.connector_id is None:
            return None
        return self.catalog.connectors[self.match.connector_id]

    def connector_name(self) -> str:
        return self.match.connector_name or self.system.connector_raw

    def fact(self, key: str) -> Any:
        return self.catalog.facts[key].value


@dataclass(frozen=True)
class TenantContext:
    """Input of a tenant rule: the tenant and every system assigned to it."""

    tenant: TenantFacts
    systems: tuple[SystemContext, ...]
    catalog: "Catalog"
    as_of: dt.date

    def fact(self, key: str) -> Any:
        return self.catalog.facts[key].value
