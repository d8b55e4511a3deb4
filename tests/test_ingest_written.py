"""Input issues quote cells as the file wrote them, under the file's own column headers."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl

from assess.ingest import read_inventory

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def issues_at(inventory, name: str, row: int) -> list:
    return [issue for issue in inventory.issues if Path(issue.source.file).name == name and issue.source.row == row]


def problems_at(inventory, name: str, row: int) -> list[str]:
    return [issue.problem for issue in issues_at(inventory, name, row)]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return path


def test_repeated_tenant_quotes_cells():
    inventory = read_inventory([FIXTURES / "repeated_tenants.csv", FIXTURES / "duplicate_systems.csv"])
    (repeated,) = [problem for problem in problems_at(inventory, "repeated_tenants.csv", 3) if "twice" in problem]
    assert repeated == (
        "the tenant 'A1B2C3' is listed twice with different values (Tenant ID: 'a1b2c3' in row 2, 'A1B2C3' in "
        "row 3; Display Name: 'ACME Neo' in row 2, 'ACME Neo (old)' in row 3; Infrastructure: 'Neo' in row 2, "
        "'SAP Cloud Identity' in row 3; and 1 more), and only the first row is used"
    )


def test_repeated_tenant_same_values_written_differently():
    inventory = read_inventory([FIXTURES / "repeated_tenants.csv", FIXTURES / "duplicate_systems.csv"])
    assert problems_at(inventory, "repeated_tenants.csv", 5) == ["the tenant 'd4e5f6' is listed twice"]


def test_infrastructure_contradiction_quotes_cell():
    inventory = read_inventory([FIXTURES / "repeated_tenants.csv", FIXTURES / "duplicate_systems.csv"])
    (contradiction,) = [issue for issue in issues_at(inventory, "repeated_tenants.csv", 3)
                        if issue.source.column == "Infrastructure"]
    assert contradiction.line() == (
        f"{FIXTURES / 'repeated_tenants.csv'}, row 3, column 'Infrastructure': value 'SAP Cloud Identity': the "
        "infrastructure, read as SAP Cloud Identity, contradicts the host "
        "'ips-a1b2c3.dispatcher.eu2.hana.ondemand.com', a Neo host, and the cell's value is used. Check the "
        "Infrastructure cell and the Host cell"
    )


def test_repeated_system_quotes_cells_under_headers():
    inventory = read_inventory([FIXTURES / "tenants.csv", FIXTURES / "repeated_systems_with_different_values.csv"])
    assert problems_at(inventory, "repeated_systems_with_different_values.csv", 3) == [
        "the source system 'SF' of tenant 'a1b2c3' is listed twice with different values (Connector: "
        "'SuccessFactors' in row 2, 'SAP SuccessFactors' in row 3; Aktiviert: 'ja' in row 2, 'nein' in row 3; "
        "Last Job Run: '05.06.2024' in row 2, '2024-06-06' in row 3), and only the first row is used"
    ]


def test_repeated_system_lists_three_columns():
    inventory = read_inventory([FIXTURES / "tenants.csv", FIXTURES / "repeated_systems_with_different_values.csv"])
    assert problems_at(inventory, "repeated_systems_with_different_values.csv", 5) == [
        "the target system 'ias' of tenant 'a1b2c3' is listed twice with different values (System Name: 'IAS' in "
        "row 4, 'ias' in row 5; Connector: 'Identity Authentication' in row 4, 'SAP Cloud Identity Services' in "
        "row 5; Aktiviert: 'yes' in row 4, 'no' in row 5; and 3 more), and only the first row is used"
    ]


def test_repeated_system_in_export_and_table(tmp_path):
    table = write_csv(tmp_path / "systems.csv", [
        ["Tenant", "System Name", "Connector Type", "Role", "Destination Name"],
        ["a1b2c3", "Commerce Proxy", "SAP_COMMERCE_CLOUD", "proxy", "COMMERCE"],
    ])
    export = FIXTURES / "system_export_commerce_proxy.json"
    inventory = read_inventory([FIXTURES / "tenants.csv", export, table])
    assert problems_at(inventory, "systems.csv", 2) == [
        "the proxy system 'Commerce Proxy' of tenant 'a1b2c3' is listed twice with different values (state: "
        f"'ENABLED' in {export}, blank in row 2; Destination Name: blank in {export}, 'COMMERCE' in row 2; "
        f"properties.ProxyType: 'Internet' in {export}, blank in row 2; and 3 more), and only the first row is used"
    ]


def test_repeated_system_date_cell_shown_as_date(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (["Tenant", "System Name", "Connector Type", "Role", "Last Job Run"],
                ["a1b2c3", "SF", "SAP SuccessFactors", "source", dt.datetime(2024, 6, 5)],
                ["a1b2c3", "SF", "SAP SuccessFactors", "source", dt.datetime(2024, 6, 6, 8, 30)]):
        sheet.append(row)
    workbook.save(tmp_path / "systems.xlsx")
    inventory = read_inventory([FIXTURES / "tenants.csv", tmp_path / "systems.xlsx"])
    assert problems_at(inventory, "systems.xlsx", 3) == [
        "the source system 'SF' of tenant 'a1b2c3' is listed twice with different values (Last Job Run: "
        "'2024-06-05' in row 2, '2024-06-06T08:30:00' in row 3), and only the first row is used"
    ]


def test_second_column_of_field_names_both_headers(tmp_path):
    table = write_csv(tmp_path / "systems.csv", [
        ["Tenant", "System Name", "Connector Type", "Type", "Role", "ias.api.version", "IAS API Version"],
        ["a1b2c3", "IAS", "Identity Authentication", "SCIM", "target", "2", "1"],
    ])
    inventory = read_inventory([FIXTURES / "tenants.csv", table])
    assert [(issue.source.column, issue.problem) for issue in inventory.issues] == [
        ("Type", "the column is also read as Connector Type, like the column 'Connector Type' to its left, so it "
                 "is ignored"),
        ("IAS API Version", "the column is also read as ias.api.version, like the column 'ias.api.version' to its "
                            "left, so it is ignored"),
    ]


def test_unknown_service_quotes_cell(tmp_path):
    table = write_csv(tmp_path / "tenants.csv", [
        ["Host", "Service", "Type"],
        ["https://acme.accounts.ondemand.com/ips", "IPS", "Productive"],
        ["https://acme-iag.accounts.ondemand.com", " IAG ", "Productive"],
    ])
    inventory = read_inventory([table, FIXTURES / "duplicate_systems.csv"])
    (issue,) = [issue for issue in inventory.issues if issue.source.column == "Service"]
    assert issue.value == "IAG"
