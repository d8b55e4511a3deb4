"""CSV inputs: encodings, separators, value formats, duplicates and links to tenants."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from assess.ingest import read_inventory
from assess.model import Infrastructure, Role

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def read(*names: str):
    return read_inventory([FIXTURES / name for name in names])


def by_name(inventory):
    return {system.name: system for system in inventory.systems}


def test_semicolon_bom_keeps_null_texts():
    inventory = read("tenants.csv", "semicolon_bom.csv")
    systems = by_name(inventory)
    assert systems["Lohn und Gehalt"].entity_count == 1200
    assert systems["Lohn und Gehalt"].last_run == dt.date(2024, 3, 28)
    assert systems["Lohn und Gehalt"].enabled is True
    assert systems["NULL"].connector_raw == "NA"
    assert systems["NULL"].entity_count == 0
    assert systems["NULL"].enabled is False
    assert inventory.issues == ()


def test_windows_1252_text():
    (system,) = read("tenants.csv", "windows_1252.csv").systems
    assert system.name == "Bündel-Quelle für Geschäftspartner"
    assert system.role is Role.SOURCE


def test_messy_headers_are_matched():
    inventory = read("tenants.csv", "messy_headers.csv")
    (system,) = inventory.systems
    assert system.tenant_key == "a1b2c3"
    assert system.role is Role.SOURCE
    assert system.enabled is True
    assert inventory.issues == ()


def test_ambiguous_dates():
    inventory = read("tenants.csv", "ambiguous_dates.csv")
    dates = {name: system.last_run for name, system in by_name(inventory).items()}
    march_28 = dt.date(2024, 3, 28)
    assert dates == {
        "ISO": march_28, "Dotted": march_28, "US": march_28, "Day first": march_28,
        "Ambiguous": None, "Serial": march_28, "Month name": march_28, "Not a date": None,
    }
    ambiguous, invalid = inventory.issues
    assert (ambiguous.source.row, ambiguous.source.column, ambiguous.value) == (6, "Last Job Run", "03/04/2024")
    assert ambiguous.problem == (
        "the Last Job Run value is ambiguous: it can be read as month/day (2024-03-04) or day/month "
        "(2024-04-03), so the date was left unset"
    )
    assert ambiguous.is_error is False
    assert (invalid.source.row, invalid.value) == (9, "last week")
    assert invalid.problem == "the Last Job Run value is not a date, so the cell is ignored"


def test_invalid_values_are_warnings():
    inventory = read("tenants.csv", "invalid_values.csv")
    (system,) = inventory.systems
    assert system.enabled is None
    assert system.entity_count is None
    assert system.managed_by_sap is None
    columns = [(issue.source.column, issue.value) for issue in inventory.issues if issue.source.column]
    assert columns == [("Enabled", "maybe"), ("Entity Count", "many"), ("Managed By", "partner")]
    assert all(not issue.is_error for issue in inventory.issues)


def test_unrecognised_column_reported_once():
    inventory = read("tenants.csv", "invalid_values.csv")
    (issue,) = [issue for issue in inventory.issues if issue.source.column is None]
    assert issue.problem == "1 column is not used by the assessment: 'Cost centre'"
    assert issue.source.row == 1


def test_duplicate_systems():
    inventory = read("tenants.csv", "duplicate_systems.csv")
    systems = by_name(inventory)
    assert len(inventory.systems) == 2
    assert systems["IAS"].enabled is True
    identical, conflicting = inventory.issues
    assert identical.problem == "the source system 'SF' of tenant 'a1b2c3' is listed twice"
    assert (identical.source.row, identical.related.row) == (3, 2)
    assert conflicting.problem == (
        "the target system 'IAS' of tenant 'a1b2c3' is listed twice with different values "
        "(Enabled: 'yes' in row 4, 'no' in row 5), and only the first row is used"
    )
    assert (conflicting.source.row, conflicting.related.row) == (5, 4)
    assert not conflicting.is_error


def test_unknown_tenant_warning_names_both_tables():
    inventory = read("tenants.csv", "unknown_tenant.csv")
    assert [s.tenant_key for s in inventory.systems] == ["zz9999", "zz9999"]
    (issue,) = inventory.issues
    assert issue.problem == "the tenant 'zz9999' is not in the tenant list (2 systems refer to it, this is the first)"
    assert (issue.source.row, issue.source.column) == (2, "Tenant")
    assert issue.related.file.endswith("tenants.csv")
    assert issue.is_error is False


def test_api_version_blank_and_absent():
    systems = by_name(read("tenants.csv", "api_version_blank_and_absent.csv"))
    assert systems["IAS v1"].properties == {"ias.api.version": None, "concur.api.version": "1"}
    assert systems["IAS v2"].properties == {"ias.api.version": "2", "concur.api.version": None}
    assert "sf.api.version" not in systems["IAS v1"].properties


def test_infrastructure_from_hosts():
    inventory = read("neo_and_sci_hosts.csv", "semicolon_bom.csv")
    tenants = {t.key: t for t in inventory.tenants}
    assert tenants["a1b2c3"].infrastructure is Infrastructure.NEO
    assert tenants["a1b2c3"].infrastructure_derived is True
    assert tenants["d4e5f6"].infrastructure is Infrastructure.SCI
    assert tenants["g7h8i9"].infrastructure is Infrastructure.NEO
    assert tenants["j1k2l3"].infrastructure is Infrastructure.NEO
    assert tenants["j1k2l3"].infrastructure_derived is False
    assert tenants["m4n5o6"].infrastructure is Infrastructure.UNKNOWN
    assert tenants["m4n5o6"].infrastructure_derived is False
    (issue,) = inventory.issues
    assert issue.problem == (
        "the infrastructure, read as Neo, contradicts the host 'https://j1k2l3.accounts.cloud.sap', a SAP Cloud "
        "Identity host, and the cell's value is used"
    )


def test_large_csv_reads_in_seconds(tmp_path):
    tenants = tmp_path / "tenants.csv"
    tenants.write_text("Tenant ID,Display Name\n" + "".join(f"t{i},Tenant {i}\n" for i in range(50)))
    systems = tmp_path / "systems.csv"
    lines = ["Tenant,System Name,Connector Type,Role,Enabled,ias.api.version,Last Job Run,Entity Count\n"]
    roles = ("source", "target", "proxy")
    lines += [f"t{i % 50},System {i},SAP SuccessFactors,{roles[i % 3]},yes,2,2024-03-28,{i}\n" for i in range(100_000)]
    systems.write_text("".join(lines))
    started = time.perf_counter()
    inventory = read_inventory([tenants, systems])
    elapsed = time.perf_counter() - started
    assert len(inventory.systems) == 100_000
    # Measured at about 3 s on a 2-core machine; the bound leaves room for slower CI.
    assert elapsed < 30


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path, encoding):
    text = "Tenant ID,Host\na1b2c3,ips-a1b2c3.dispatcher.eu2.hana.ondemand.com\n"
    path = tmp_path / "tenants.csv"
    path.write_bytes(text.encode(encoding))
    systems = tmp_path / "systems.csv"
    systems.write_text("Tenant,System Name,Connector Type,Role\na1b2c3,S,SCIM System,Source\n", encoding="utf-8")
    inventory = read_inventory([path, systems])
    assert [tenant.tenant_id for tenant in inventory.tenants] == ["a1b2c3"]
