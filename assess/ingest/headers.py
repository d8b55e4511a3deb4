"""Column vocabulary of the tenant and system tables, and header-row detection.

A table is recognised by its header row, never by the file or sheet name. Headers
are compared after normalisation (see ``normalize_header``), so "Tenant ID",
"tenant_id" and "TENANT-ID" are the same header.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Sequence

# The header row may sit below title rows, and consultants rarely put more than a few.
HEADER_SCAN_ROWS = 30


class TableKind(str, Enum):
    TENANTS = "tenants"
    SYSTEMS = "systems"


@dataclass(frozen=True)
class Field:
    """A column of a table: canonical name, label for messages and accepted headers."""

    name: str
    label: str
    variants: tuple[str, ...]


TENANT_FIELDS: tuple[Field, ...] = (
    Field("tenant_id", "Tenant ID", ("Tenant ID", "Tenant", "IPS Tenant", "IPS Tenant ID", "Tenant Identifier",
                                      "Mandant", "Mandanten-ID", "Mandant ID", "Mandantenkennung")),
    Field("host", "Host", ("Host", "Host URL", "URL", "Tenant URL", "Tenant Host", "Hostname", "Console URL",
                           "IPS URL", "IPS Console URL", "Admin Console URL", "Mandanten-URL", "Host-URL")),
    Field("display_name", "Display Name", ("Display Name", "Name", "Tenant Name", "Tenant Display Name",
                                           "Anzeigename", "Bezeichnung", "Mandantenname")),
    Field("infrastructure", "Infrastructure", ("Infrastructure", "Platform", "Environment", "Infrastruktur",
                                               "Plattform", "Umgebung")),
    Field("tenant_model", "Tenant Model", ("Tenant Model", "Model", "Tenant Kind", "Bundle or Standalone",
                                           "Mandantenmodell", "Modell", "Mandantenart")),
    Field("bundles", "Bundles", ("Bundles", "Bundle", "Bundle Codes", "Bundle Code", "SAP Products", "Products",
                                 "Bündel", "Buendel", "Produkte")),
    Field("tenant_type", "Type", ("Type", "Tenant Type", "Productive or Test", "Usage", "Typ", "Mandantentyp",
                                  "Verwendung")),
    Field("region", "Region", ("Region", "Data Center", "Datacenter", "Rechenzentrum")),
    Field("created", "Created", ("Created", "Created On", "Created At", "Creation Date", "Erstellt",
                                 "Erstellt am", "Erstellungsdatum", "Angelegt am")),
    Field("target_ias_tenant", "Target Identity Authentication Tenant", (
        "Target Identity Authentication Tenant", "Target IAS Tenant", "Target IAS", "Identity Authentication Tenant",
        "IAS Tenant", "Target Tenant", "Ziel-Identity-Authentication-Mandant", "Ziel-IAS-Mandant",
        "Ziel-IAS-Tenant", "Zielmandant")),
    Field("wanted_connectors", "Wanted Connectors", ("Wanted Connectors", "Planned Connectors", "Required Connectors",
                                                     "Future Connectors", "Connectors", "Gewünschte Konnektoren",
                                                     "Geplante Konnektoren", "Konnektoren")),
    Field("service", "Service", ("Service", "Dienst")),
)

SYSTEM_FIELDS: tuple[Field, ...] = (
    Field("tenant", "Tenant", ("Tenant", "Tenant ID", "Tenant Host", "Tenant URL", "Tenant Name", "IPS Tenant",
                               "Host", "Mandant", "Mandanten-ID", "Mandantenname")),
    Field("name", "System Name", ("System Name", "System", "Name", "Systemname", "System-Name")),
    Field("connector", "Connector Type", ("Connector Type", "Connector", "Type", "System Type", "Connector Name",
                                          "connectorTypeString", "Konnektor", "Konnektortyp", "Systemtyp", "Typ")),
    Field("role", "Role", ("Role", "System Role", "Access Mode", "accessMode", "Source/Target/Proxy", "Rolle",
                           "Systemrolle", "Zugriffsmodus")),
    Field("enabled", "Enabled", ("Enabled", "Active", "State", "Aktiviert", "Aktiv")),
    Field("planned", "Planned", ("Planned", "Planned System", "Not Yet Configured", "Geplant")),
    Field("destination_name", "Destination Name", ("Destination Name", "Destination", "destinationName",
                                                   "Destinationsname")),
    Field("proxy_type", "Proxy Type", ("Proxy Type", "ProxyType", "Proxytyp", "Verbindungstyp")),
    Field("cloud_connector_location", "Cloud Connector Location ID", (
        "Cloud Connector Location ID", "Cloud Connector Location", "Location ID", "CloudConnectorLocationId",
        "Standort-ID", "Cloud-Connector-Standort-ID")),
    Field("authentication", "Authentication", ("Authentication", "Authentication Type", "Authentication Method",
                                               "Auth", "Authentifizierung", "Authentifizierungsart")),
    Field("inbound_certificate", "Inbound Certificate", ("Inbound Certificate", "Inbound Certificate Used",
                                                         "Uses Inbound Certificate", "Eingehendes Zertifikat")),
    Field("transformations_modified", "Transformations Modified", (
        "Transformations Modified", "Transformation Modified", "Transformations Changed", "Transformation Changed",
        "transformationChanged", "Custom Transformations", "Transformationen geändert",
        "Transformation geändert", "Transformationen angepasst")),
    Field("real_time", "Real-Time Provisioning", ("Real-Time Provisioning", "Real-Time", "Realtime", "Real Time",
                                                  "Echtzeit-Provisionierung", "Echtzeit-Provisioning", "Echtzeit")),
    Field("last_run", "Last Job Run", ("Last Job Run", "Last Run", "Last Job Run Date", "Last Job", "Last Execution",
                                       "Letzter Joblauf", "Letzter Lauf", "Letzte Ausführung")),
    Field("last_status", "Last Job Status", ("Last Job Status", "Last Status", "Job Status", "Letzter Jobstatus",
                                             "Letzter Status")),
    Field("entity_count", "Entity Count", ("Entity Count", "Entities", "Number of Entities", "Users",
                                           "User Count", "Number of Users", "Anzahl Entitäten", "Anzahl Benutzer")),
    Field("managed_by", "Managed By", ("Managed By", "System Management Type", "Management Type",
                                       "systemManagementType", "Verwaltet von")),
    Field("sap_managed", "SAP Managed", ("SAP Managed", "Managed by SAP", "SAP-verwaltet")),
)

# Headers that are understood but carry nothing the assessment uses, so they are not
# reported as unrecognised. The IAMTENANTS screen shows Default, Additional, Customer
# and Details next to the tenant columns.
KNOWN_UNUSED: dict[TableKind, tuple[str, ...]] = {
    TableKind.TENANTS: ("Default", "Additional", "Customer", "Customer Number", "Details", "Kunde", "Kundennummer",
                        "Standard", "Zusätzlich", "Comment", "Comments", "Notes", "Kommentar", "Bemerkung",
                        "Administrators", "Administratoren"),
    TableKind.SYSTEMS: ("Description", "Beschreibung", "ID", "Details", "Comment", "Comments", "Notes", "Kommentar",
                        "Bemerkung", "URL"),
}

FIELDS: dict[TableKind, tuple[Field, ...]] = {TableKind.TENANTS: TENANT_FIELDS, TableKind.SYSTEMS: SYSTEM_FIELDS}

_IGNORED_CHARACTERS = re.compile(r"[\s_.\-:*#]+")
_PARENTHETICAL = re.compile(r"\([^)]*\)")
_API_VERSION = re.compile(r"^([a-z0-9]+)apiversion$")


def normalize_header(text: str) -> str:
    """Fold case and drop spaces (also non-breaking), line breaks, underscores, dots, hyphens, colons and stars."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _IGNORED_CHARACTERS.sub("", folded)


def _lookup(kind: TableKind) -> dict[str, str]:
    table: dict[str, str] = {}
    for known in KNOWN_UNUSED[kind]:
        table[normalize_header(known)] = ""
    for spec in FIELDS[kind]:
        for variant in spec.variants:
            table.setdefault(normalize_header(variant), spec.name)
    for spec in FIELDS[kind]:
        table[normalize_header(spec.label)] = spec.name
    return table


_LOOKUP: dict[TableKind, dict[str, str]] = {kind: _lookup(kind) for kind in TableKind}

# Sentinel for a header that is known but unused.
UNUSED = ""
PROPERTY_PREFIX = "property:"


def match_header(text: str, kind: TableKind) -> str | None:
    """Return the canonical field for a header, UNUSED for a known unused header, or None.

    Connector API version columns such as ``ias.api.version`` return
    ``"property:ias.api.version"`` in a system table.
    """
    lookup = _LOOKUP[kind]
    for candidate in (normalize_header(text), normalize_header(_PARENTHETICAL.sub("", text))):
        if not candidate:
            continue
        if candidate in lookup:
            return lookup[candidate]
        if kind is TableKind.SYSTEMS:
            match = _API_VERSION.match(candidate)
            if match:
                return f"{PROPERTY_PREFIX}{match[1]}.api.version"
    return None


@dataclass
class ColumnMap:
    """Column positions of a detected table, 0-based, by canonical field name."""

    kind: TableKind
    header_index: int
    columns: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)
    unrecognised: list[str] = field(default_factory=list)
    repeated: list[tuple[str, str]] = field(default_factory=list)
    score: float = 0.0

    def header_of(self, field_name: str) -> str:
        return self.headers[self.columns[field_name]]

    def is_qualified(self) -> bool:
        present = self.columns.keys()
        if self.kind is TableKind.TENANTS:
            return ("tenant_id" in present or "host" in present) and len(present) >= 2
        return "name" in present and ("connector" in present or "role" in present)


def map_row(row: Sequence[Any], kind: TableKind, header_index: int) -> ColumnMap:
    mapping = ColumnMap(kind, header_index)
    for index, cell in enumerate(row):
        if not isinstance(cell, str) or not cell.strip():
            continue
        header = " ".join(cell.split())
        mapping.headers[index] = header
        field_name = match_header(cell, kind)
        if field_name is None:
            mapping.unrecognised.append(header)
        elif field_name == UNUSED:
            mapping.score += 0.5
        elif field_name.startswith(PROPERTY_PREFIX):
            key = field_name[len(PROPERTY_PREFIX):]
            if key in mapping.properties:
                mapping.repeated.append((header, key))
            else:
                mapping.properties[key] = index
                mapping.score += 1
        elif field_name in mapping.columns:
            mapping.repeated.append((header, field_name))
        else:
            mapping.columns[field_name] = index
            mapping.score += 1
    return mapping


def detect_table(rows: Sequence[Sequence[Any]]) -> ColumnMap | None:
    """Return the best-scoring header row among the first rows, or None if no row looks like a header.

    A system header wins a tie, because system headers (Tenant, Name, Type) also
    read as tenant headers.
    """
    best: ColumnMap | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if not any(isinstance(cell, str) and cell.strip() for cell in row):
            continue
        for kind in (TableKind.SYSTEMS, TableKind.TENANTS):
            mapping = map_row(row, kind, index)
            if mapping.is_qualified() and (best is None or mapping.score > best.score):
                best = mapping
    return best


def first_text_row(rows: Sequence[Sequence[Any]]) -> list[str]:
    """Return the texts of the first row with any text, to show what a sheet's header looked like."""
    for row in rows[:HEADER_SCAN_ROWS]:
        texts = [" ".join(cell.split()) for cell in row if isinstance(cell, str) and cell.strip()]
        if texts:
            return texts
    return []


def closest_headers(field_spec: Field, mapping: ColumnMap) -> list[str]:
    """Return the headers of a table that look most like an expected field, best first."""
    by_normal = {normalize_header(header): header for header in mapping.headers.values()}
    found: list[str] = []
    for variant in (field_spec.label, *field_spec.variants):
        for match in difflib.get_close_matches(normalize_header(variant), list(by_normal), n=3, cutoff=0.6):
            if by_normal[match] not in found:
                found.append(by_normal[match])
    return found[:3]


def field_spec(kind: TableKind, name: str) -> Field:
    for spec in FIELDS[kind]:
        if spec.name == name:
            return spec
    raise KeyError(name)
