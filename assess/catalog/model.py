"""Records of the connector catalog: connectors, bundles, conflicts and dated facts.

The values of the availability enums come from the parsed layer
(``data/parsed.yaml``), which ``refresh.py`` generates from SAP's documentation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

from ..errors import AssessError
from ..model import Role

# Values of RoleAvailability.sci_bundle and .neo_bundle.
ALL = "all"
IAG_ONLY = "iag"
JAM_OR_IAG = "jam_or_iag"
READ_ONLY = "read_only"
NONE = "none"
# Only for neo_bundle: the page has no availability box, so the bundle's Neo diagram decides.
PER_BUNDLE = "per_bundle"

SCI_BUNDLE_VALUES = frozenset({ALL, IAG_ONLY, JAM_OR_IAG, READ_ONLY, NONE})
NEO_BUNDLE_VALUES = SCI_BUNDLE_VALUES | {PER_BUNDLE}

# Bundle ids that SAP's bundles page names as enabling every connector (IAG) or
# every source and proxy connector (Jam).
IAG_BUNDLE_ID = "sap-cloud-identity-access-governance"
JAM_BUNDLE_ID = "sap-jam-collaboration"


class CatalogError(AssessError):
    """Error for invalid catalog data or an unparsable docs checkout, with every problem found."""

    def __init__(self, problems: list[str] | tuple[str, ...], heading: str = "invalid connector catalog"):
        self.problems = tuple(problems)
        self.heading = heading
        super().__init__(heading + ":\n" + "\n".join(f"  - {problem}" for problem in self.problems))

    def lines(self) -> list[str]:
        return [self.heading + ":"] + [f"  - {problem}" for problem in self.problems]


@dataclass(frozen=True)
class RoleAvailability:
    """Availability of one connector in one role, as the connector's page states it."""

    role: Role
    page: str
    """Page file under ``docs/`` in SAP's documentation source."""
    url: str
    """Public help.sap.com address of the page."""
    sci_bundle: str
    """Bundle tenants on SAP Cloud Identity infrastructure: all, iag, jam_or_iag, read_only or none."""
    neo_bundle: str
    """Bundle tenants on Neo: the sci_bundle values, or per_bundle when the bundle's Neo diagram decides."""
    standalone_sci: bool
    standalone_neo: bool


@dataclass(frozen=True)
class Connector:
    """A connector (system type) of Identity Provisioning with its roles and curated metadata."""

    id: str
    name: str
    roles: Mapping[Role, RoleAvailability]
    aliases: tuple[str, ...]
    """Other names that match exactly: aliases, former names and abbreviations."""
    protocol: str | None
    """Protocol from SAP's protocol table: scim, soap_odata, ldap, rfc or http.

    Several protocols are joined by '+'. None means the table omits the connector.
    """
    neo_bound: bool
    """True for connectors that manage Neo subaccount resources and stop working when Neo shuts down."""
    caveats: tuple[str, ...]
    """deprecated, not_usable, selected_customers or beta."""
    former_names: tuple[str, ...] = ()
    connector_type_codes: tuple[str, ...] = ()
    """``connectorTypeString`` values of exported system JSON that denote this connector."""


@dataclass(frozen=True)
class Bundle:
    """A bundle option: an SAP cloud solution licence that brings an Identity Provisioning tenant."""

    id: str
    name: str
    aliases: tuple[str, ...]
    iamtenants_codes: tuple[str, ...]
    url: str
    neo_sets: Mapping[Role, frozenset[str]] | None
    """Connector ids per role enabled on a Neo bundle tenant; None where no Neo diagram exists."""
    neo_set_known: bool
    ips_included: bool
    """False for bundles that bring Identity Authentication only (SAP Cloud ALM, SAP Business Data Cloud)."""
    neo_diagram: str | None = None


@dataclass(frozen=True)
class Conflict:
    """Disagreement between two SAP sources about a connector's availability."""

    connector_id: str
    role: Role | None
    bundle_id: str | None
    kind: str
    sources: tuple[str, ...]
    verified: bool = True


@dataclass(frozen=True)
class Fact:
    """A dated fact with its source, such as the Neo sunset date."""

    key: str
    value: object
    source: str
    read_on: dt.date
    verified: bool


@dataclass(frozen=True)
class ApiVersionRule:
    """A connector API version that SAP has deprecated or decommissioned.

    ``unset_means`` is the version SAP uses when the property is missing, or None
    where the documentation does not say.
    """

    property: str
    connector_id: str
    version: str
    status: str
    date: dt.date | None
    unset_means: str | None
    source: str
    read_on: dt.date
    verified: bool


@dataclass(frozen=True)
class NeoRegion:
    """A region of SAP BTP, Neo environment and its hosts."""

    name: str
    key: str
    hosts: tuple[str, ...]
    source: str
    read_on: dt.date
    verified: bool


@dataclass(frozen=True)
class Availability:
    """Whether a connector role can be used by a tenant, with a stable reason key.

    ``status`` is available, read_only, unavailable or unknown. ``conflict`` is True
    when SAP's sources disagree about this case.
    """

    status: str
    reason: str
    conflict: bool
    source_url: str
