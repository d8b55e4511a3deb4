"""Seeded synthetic IPS landscapes written as one .xlsx workbook with a Tenants and a Systems sheet.

The tenants imitate what consultants bring: about 55 % Neo bundle tenants, 20 % Neo
standalone tenants and 25 % tenants already on SAP Cloud Identity. The systems use
connector names from the catalog, some former names and unknown products. They also fill
the API version columns, put some systems on premise behind the Cloud Connector, and
contain a few cells that ingest must warn about.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

TENANT_HEADERS = [
    "Tenant ID", "Host", "Display Name", "Infrastructure", "Tenant Model", "Bundle", "Type",
    "Region", "Created On", "Target IAS Tenant",
]

SYSTEM_HEADERS = [
    "Tenant", "System Name", "Connector Type", "Role", "Enabled", "Planned", "ias.api.version",
    "concur.api.version", "c4c.api.version", "sf.api.version", "Destination Name", "ProxyType",
    "Cloud Connector Location ID", "Authentication", "Inbound Certificate", "Transformations Modified",
    "Real-Time Provisioning", "Last Job Run", "Last Job Status", "Entity Count",
]

# Names that no catalog entry matches, as customers write them for products IPS never had.
UNKNOWN_CONNECTORS = ("Workday HCM", "Okta Universal Directory", "Custom SCIM App", "ServiceNow", "UAA")
NEO_REGIONS = (("eu2", "Europe (Frankfurt)"), ("", "Europe (Rot)"), ("us2", "US West (Chandler)"), ("ap1", "Asia-Pacific (Sydney)"))
SCI_DOMAINS = ("accounts.ondemand.com", "accounts.cloud.sap")
AUTHENTICATIONS = ("Basic", "OAuth", "Certificate")
STATUSES = ("Success", "Success", "Success", "Finished with Error", "")
BOOLEAN_WORDS = ("yes", "no", "ja", "nein", "x", "")


@dataclass(frozen=True)
class Size:
    """Number of tenant and system rows of a generated landscape."""

    name: str
    tenants: int
    systems: int


SIZES = {
    size.name: size
    for size in (
        Size("tiny", 3, 20),
        Size("typical", 10, 150),
        Size("large", 2_000, 100_000),
        Size("extreme", 10_000, 500_000),
    )
}


@dataclass(frozen=True)
class Vocabulary:
    """Connector and bundle names to draw from, taken from the packaged catalog."""

    connectors: tuple[str, ...]
    aliases: tuple[str, ...]
    bundles: tuple[str, ...]


def load_vocabulary() -> Vocabulary:
    from assess.catalog import load_catalog

    catalog = load_catalog()
    connectors = tuple(connector.name for connector in catalog.connectors.values())
    aliases = tuple(alias for connector in catalog.connectors.values() for alias in connector.aliases)
    bundles = tuple(bundle.name for bundle in catalog.bundles.values() if bundle.ips_included)
    return Vocabulary(connectors, aliases, bundles)


def write_landscape(path: Path, size: Size, seed: int = 7) -> None:
    """Write the landscape of ``size`` to ``path``; the same seed writes the same cells."""
    import xlsxwriter

    rng = random.Random(seed)
    vocabulary = load_vocabulary()
    tenants = [_tenant_row(rng, index, vocabulary) for index in range(size.tenants)]
    tenant_references = [(row[0], row[1]) for row in tenants]

    # Excel stores repeated texts once, in a shared-strings table. XlsxWriter does so only
    # outside its constant_memory mode, so the workbooks look like Excel's at the price of
    # keeping the cells in memory while writing (about 200 MiB for the large size).
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    bold = workbook.add_format({"bold": True})
    _write_sheet(workbook.add_worksheet("Tenants"), TENANT_HEADERS, tenants, bold, date_format)
    systems = (_system_row(rng, index, tenant_references, vocabulary) for index in range(size.systems))
    _write_sheet(workbook.add_worksheet("Systems"), SYSTEM_HEADERS, systems, bold, date_format)
    workbook.close()


def _write_sheet(worksheet, headers, rows, bold, date_format) -> None:
    worksheet.write_row(0, 0, headers, bold)
    for row_index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                worksheet.write_datetime(row_index, column, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, (int, float)):
                worksheet.write_number(row_index, column, value)
            else:
                worksheet.write_string(row_index, column, value)


def _tenant_row(rng: random.Random, index: int, vocabulary: Vocabulary) -> list:
    tenant_id = f"t{index:06d}{rng.randrange(16**3):03x}"
    kind = rng.random()
    region_code, region = rng.choice(NEO_REGIONS)
    created = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3000))
    tenant_type = rng.choice(("Productive", "Test"))
    if kind < 0.75:
        region_host = f"{region_code}.hana.ondemand.com" if region_code else "hana.ondemand.com"
        host = f"https://ips-{tenant_id}.dispatcher.{region_host}/webapp/index.html"
        infrastructure = rng.choice(("Neo", ""))
        bundle = kind < 0.55
        model = "Bundle" if bundle else "Standalone"
        bundles = _bundles(rng, vocabulary) if bundle else ""
    else:
        host = f"https://{tenant_id}.{rng.choice(SCI_DOMAINS)}/ips"
        infrastructure = rng.choice(("SAP Cloud Identity", ""))
        model = "Bundle"
        bundles = _bundles(rng, vocabulary)
    target = f"{tenant_id}-ias.accounts.ondemand.com" if rng.random() < 0.6 else ""
    return [tenant_id, host, f"Tenant {index}", infrastructure, model, bundles, tenant_type, region, created, target]


def _bundles(rng: random.Random, vocabulary: Vocabulary) -> str:
    count = 1 if rng.random() < 0.85 else 2
    return ", ".join(rng.sample(vocabulary.bundles, count))


def _system_row(rng: random.Random, index: int, tenants: list[tuple[str, str]], vocabulary: Vocabulary) -> list:
    tenant_id, host = rng.choice(tenants)
    connector = _connector_name(rng, vocabulary)
    role = rng.choice(("Source", "Target", "Target", "Proxy"))
    on_premise = rng.random() < 0.15
    last_run = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(330))
    return [
        # Consultants refer to a tenant by its ID mostly, sometimes by its console URL.
        host if rng.random() < 0.1 else tenant_id,
        f"System {index}",
        connector,
        role,
        _noisy(rng, rng.choice(BOOLEAN_WORDS[:3]), "maybe"),
        "yes" if rng.random() < 0.05 else "",
        rng.choice(("", "1", "2")) if connector == "Identity Authentication" else "",
        rng.choice(("", "1", "2", "3")) if connector == "SAP Concur" else "",
        rng.choice(("", "1", "2")) if "Customer" in connector or "Service Cloud" in connector else "",
        rng.choice(("", "1", "2")) if "SuccessFactors" in connector else "",
        f"DEST_{index % 500}" if on_premise else "",
        "OnPremise" if on_premise else rng.choice(("", "Internet")),
        f"loc-{index % 40}" if on_premise and rng.random() < 0.5 else "",
        rng.choice(AUTHENTICATIONS),
        rng.choice(BOOLEAN_WORDS),
        rng.choice(BOOLEAN_WORDS),
        rng.choice(BOOLEAN_WORDS),
        _noisy(rng, last_run, "03/04/2026"),
        rng.choice(STATUSES),
        rng.randrange(0, 50_000),
    ]


def _connector_name(rng: random.Random, vocabulary: Vocabulary) -> str:
    draw = rng.random()
    if draw < 0.03:
        return rng.choice(UNKNOWN_CONNECTORS)
    if draw < 0.13 and vocabulary.aliases:
        return rng.choice(vocabulary.aliases)
    return rng.choice(vocabulary.connectors)


def _noisy(rng: random.Random, value, invalid):
    """Return ``invalid`` in about one cell of 2,000, so ingest has warnings to report."""
    return invalid if rng.random() < 0.0005 else value
