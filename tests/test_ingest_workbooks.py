"""Workbook inputs: header detection, column mapping, hidden content and linking."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from assess.errors import InputError
from assess.ingest import ReadOptions, read_inventory
from assess.model import Infrastructure, Role, TenantModel

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def read(*names: str, **options):
    return read_inventory([FIXTURES / name for name in names], ReadOptions(**options))


def by_name(inventory):
    return {system.name: system for system in inventory.systems}


def test_tenants_and_systems_values():
    inventory = read("tenants_and_systems.xlsx")
    neo, sci = inventory.tenants
    assert neo.key == "a1b2c3"
    assert neo.host == "ips-a1b2c3.dispatcher.eu2.hana.ondemand.com"
    assert neo.infrastructure is Infrastructure.NEO
    assert neo.infrastructure_derived is False
    assert neo.tenant_model is TenantModel.BUNDLE
    assert neo.bundles == ("SAP SuccessFactors", "BIZX")
    assert neo.bundles_raw == "SAP SuccessFactors; BIZX"
    assert neo.tenant_type == "productive"
    assert neo.created == dt.date(2019, 5, 2)
    assert neo.target_ias_tenant == "acme.accounts.ondemand.com"
    assert neo.wanted_connectors == ("SAP SuccessFactors", "Microsoft Entra ID")
    assert sci.infrastructure is Infrastructure.SCI
    assert sci.infrastructure_derived is True
    assert sci.tenant_model is TenantModel.UNKNOWN
    assert sci.created == dt.date(2021, 7, 9)
    assert inventory.issues == ()


def test_tenants_and_systems_system_fields():
    systems = by_name(read("tenants_and_systems.xlsx"))
    source = systems["SF Production"]
    assert source.tenant_key == "a1b2c3"
    assert source.role is Role.SOURCE
    assert source.enabled is True
    assert source.planned is False
    assert source.destination_name == "SF_DEST"
    assert source.authentication == "basic"
    assert source.inbound_certificate is False
    assert source.transformations_modified is True
    assert source.last_run == dt.date(2024, 3, 28)
    assert source.entity_count == 1200
    assert source.managed_by_sap is False
    assert source.source.sheet == "Systems"
    assert source.source.row == 2

    target = systems["IAS Target"]
    assert target.proxy_type == "OnPremise"
    assert target.cloud_connector_location == "loc-1"
    assert target.authentication == "oauth"
    assert target.entity_count == 1200
    assert target.managed_by_sap is True
    assert target.last_run == dt.date(2024, 3, 27)

    proxy = systems["Entra Proxy"]
    assert proxy.tenant_key == "d4e5f6"  # linked by display name
    assert proxy.role is Role.PROXY
    assert proxy.enabled is False
    assert proxy.planned is True
    assert proxy.real_time is True


def test_api_version_blank_cell_is_none():
    systems = by_name(read("tenants_and_systems.xlsx"))
    assert systems["SF Production"].properties == {"ias.api.version": None}
    assert systems["IAS Target"].properties == {"ias.api.version": "2"}


def test_columns_present_lists_attributes():
    systems = by_name(read("tenants_and_systems.xlsx"))
    present = systems["SF Production"].columns_present
    assert "enabled" in present
    assert "managed_by_sap" in present
    assert "connector_raw" in present


def test_files_record_tables_and_hash():
    (file,) = read("tenants_and_systems.xlsx").files
    assert file.tables == ("tenants (sheet 'Tenants', header row 1)", "systems (sheet 'Systems', header row 1)")
    assert len(file.sha256) == 64
    assert file.size == (FIXTURES / "tenants_and_systems.xlsx").stat().st_size


def test_header_on_row_4_rows_match_spreadsheet():
    inventory = read("header_on_row_4.xlsx")
    assert [t.source.row for t in inventory.tenants] == [5, 6]
    assert [s.source.row for s in inventory.systems] == [4, 5, 6]
    assert inventory.files[0].tables == (
        "tenants (sheet 'Landscape', header row 4)",
        "systems (sheet 'Systems', header row 3)",
    )


def test_german_headers():
    inventory = read("german_headers.xlsx")
    (tenant,) = inventory.tenants
    assert tenant.key == "a1b2c3"
    assert tenant.bundles == ("BIZX",)
    assert tenant.tenant_type == "productive"
    assert tenant.created == dt.date(2019, 5, 2)
    assert tenant.infrastructure is Infrastructure.NEO
    systems = by_name(inventory)
    assert systems["SF Produktion"].role is Role.SOURCE
    assert systems["SF Produktion"].transformations_modified is True
    assert systems["SF Produktion"].entity_count == 1200
    assert systems["SF Produktion"].managed_by_sap is False
    assert systems["IAS Ziel"].role is Role.TARGET
    assert systems["IAS Ziel"].enabled is True
    assert systems["IAS Ziel"].transformations_modified is False


def test_iamtenants_list_skips_ias_rows():
    inventory = read("iamtenants_list.xlsx")
    assert [t.host for t in inventory.tenants] == ["acme.accounts.ondemand.com", "acme-test.accounts.cloud.sap"]
    assert [t.display_name for t in inventory.tenants] == ["ACME Production", "ACME Test"]
    assert [t.source.row for t in inventory.tenants] == [4, 7]
    assert inventory.tenants[0].bundles == ("BIZX",)
    assert inventory.tenants[0].tenant_model is TenantModel.BUNDLE
    assert inventory.tenants[0].created == dt.date(2021, 3, 4)
    assert inventory.tenants[1].tenant_type == "test"
    assert all(t.infrastructure is Infrastructure.SCI for t in inventory.tenants)
    assert inventory.issues == ()


def test_iamtenants_list_links_by_host():
    systems = by_name(read("iamtenants_list.xlsx"))
    assert systems["SF"].tenant_key == "acme.accounts.ondemand.com"
    assert systems["IAS"].tenant_key == "acme-test.accounts.cloud.sap"


def test_hidden_rows_skipped_with_warning():
    inventory = read("hidden_rows_and_sheets.xlsx")
    assert sorted(by_name(inventory)) == ["Entra Proxy", "SF Production"]
    (issue,) = inventory.issues
    assert issue.source.sheet == "Systems"
    assert issue.problem == "1 hidden row was skipped (row 3)"
    assert issue.is_error is False


def test_hidden_rows_included_on_request():
    inventory = read("hidden_rows_and_sheets.xlsx", include_hidden_rows=True)
    assert "IAS Target" in by_name(inventory)
    assert inventory.issues == ()


def test_hidden_sheet_read_when_named():
    inventory = read("hidden_rows_and_sheets.xlsx", sheet="Old systems")
    # The named hidden sheet is read together with the visible tenant and system sheets.
    assert "Retired" in by_name(inventory)
    assert "Lookup" not in by_name(inventory)
    assert inventory.tenants


def test_sheet_name_ignores_case():
    inventory = read("hidden_rows_and_sheets.xlsx", sheet="lookup")
    assert "Lookup" in by_name(inventory)


def test_hidden_sheets_skipped_by_default():
    inventory = read("hidden_rows_and_sheets.xlsx")
    assert "Retired" not in by_name(inventory)
    assert "Lookup" not in by_name(inventory)


def test_sheet_option_unknown_sheet():
    inventory = read("tenants_and_systems.xlsx", sheet="Nope")
    issue = next(item for item in inventory.issues if "Nope" in item.problem)
    assert issue.problem == "the workbook has no sheet named 'Nope', so only its visible sheets were read"
    assert issue.suggestion == "Check the name given to --sheet; the workbook's sheets are 'Tenants', 'Systems', 'Notes'"
    assert not issue.is_error


def test_ods_workbook():
    inventory = read("tenants_and_systems.ods")
    assert [t.key for t in inventory.tenants] == ["a1b2c3"]
    assert [(s.name, s.role) for s in inventory.systems] == [("SF", Role.SOURCE)]


def test_password_protected_opens_with_password():
    inventory = read("password_protected.xlsx", password="secret")
    assert len(inventory.systems) == 3


def test_folder_reads_every_input(tmp_path):
    for name in ("tenants.csv", "semicolon_bom.csv", "system_export_commerce_proxy.json"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "~$tenants.xlsx").write_bytes(b"lock file")
    (tmp_path / "readme.txt").write_text("ignored")
    inventory = read_inventory([tmp_path])
    assert sorted(s.name for s in inventory.systems) == ["Commerce Proxy", "Lohn und Gehalt", "NULL"]
    assert len(inventory.files) == 3


def test_inputs_not_modified():
    path = FIXTURES / "tenants_and_systems.xlsx"
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read("tenants_and_systems.xlsx")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_cell_merged_down_rows_fills_each_row():
    inventory = read_inventory(
        [FIXTURES / "role_merged_down_rows.xlsx", FIXTURES / "tenants.csv"]
    )
    roles = {system.name: system.role.value for system in inventory.systems}
    assert roles == {"S1": "source", "S2": "source"}
