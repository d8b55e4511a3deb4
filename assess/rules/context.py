"""What a rule sees: one system or one tenant, with the catalog and the assessment date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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

    @property
    def on_neo(self) -> bool:
        return self.tenant.infrastructure is Infrastructure.NEO

    @property
    def model(self) -> TenantModel:
        return self.tenant.tenant_model


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
