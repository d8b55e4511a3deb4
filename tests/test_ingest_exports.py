"""IPS system export JSON files."""

from __future__ import annotations

from pathlib import Path

import pytest

from assess.errors import InputError
from assess.ingest import read_inventory
from assess.model import Role
from assess.resources import sample_inputs_dir

SAMPLES = sample_inputs_dir()

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_commerce_proxy_export():
    inventory = read_inventory([FIXTURES / "tenants.csv", FIXTURES / "system_export_commerce_proxy.json"])
    (system,) = inventory.systems
    assert system.name == "Commerce Proxy"
    assert system.connector_raw == "SAP_COMMERCE_CLOUD"
    assert system.role is Role.PROXY
    assert system.tenant_key == "a1b2c3"
    assert system.enabled is True
    assert system.managed_by_sap is False
    assert system.proxy_type == "Internet"
    assert system.authentication == "basic"
    assert system.transformations_modified is False
    assert system.destination_name is None
    assert system.properties == {}
    assert inventory.files[1].tables == ("systems (IPS system export, 1 systems)",)


def test_export_list_reports_bad_access_mode():
    with pytest.raises(InputError) as raised:
        read_inventory([FIXTURES / "tenants.csv", FIXTURES / "system_export_list.json"])
    (issue,) = raised.value.issues
    assert issue.source.column == "[1].accessMode"
    assert issue.value == "BOTH"
    assert issue.problem == "the accessMode is missing or is not SOURCE, TARGET or PROXY"


def test_export_list_fields(tmp_path):
    text = (FIXTURES / "system_export_list.json").read_text().replace('"BOTH"', '"TARGET"')
    path = tmp_path / "systems.json"
    path.write_text(text)
    inventory = read_inventory([FIXTURES / "tenants.csv", path])
    source, target = inventory.systems
    assert source.role is Role.SOURCE
    assert target.role is Role.TARGET
    assert source.enabled is False
    assert source.managed_by_sap is True
    assert source.destination_name == "IAS_DEST"
    assert source.proxy_type == "OnPremise"
    assert source.cloud_connector_location == "loc-7"
    assert source.authentication == "certificate"
    assert source.properties == {"ias.api.version": "2"}
    assert source.transformations_modified is True
    assert source.source.column == "[0]"


def test_not_a_system_export():
    with pytest.raises(InputError) as raised:
        read_inventory([FIXTURES / "tenants.csv", FIXTURES / "not_a_system_export.json"])
    (issue,) = raised.value.issues
    assert issue.problem == "the JSON file contains no IPS system (no object with connectorTypeString or accessMode)"


def test_deeply_nested_json_rejected(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InputError) as raised:
        read_inventory([path])
    assert "nested too deeply" in str(raised.value)


def test_nan_in_json_rejected(tmp_path):
    path = tmp_path / "nan.json"
    path.write_text('{"name": NaN, "connectorTypeString": Infinity, "accessMode": "SOURCE"}')
    with pytest.raises(InputError) as raised:
        read_inventory([path])
    assert "'NaN' is not a JSON value" in str(raised.value)


def test_own_reports_in_folder_skipped(tmp_path):
    for name in ("tenants.xlsx", "systems.xlsx"):
        (tmp_path / name).write_bytes((SAMPLES / name).read_bytes())
    (tmp_path / "assessment.json").write_text("{}")
    inventory = read_inventory([tmp_path])
    assert any("report of ips-assess" in issue.problem for issue in inventory.issues)
