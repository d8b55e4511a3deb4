"""The curated layer (overlay.yaml): ids, provenance and the records the loader builds from it."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml

from assess.catalog import CatalogError, load_catalog
from assess.catalog.loader import default_data_dir, derive_conflicts
from assess.model import Role

OVERLAY = default_data_dir() / "overlay.yaml"
PARSED = default_data_dir() / "parsed.yaml"
READ_ON = dt.date(2026, 12, 4)


@pytest.fixture(scope="module")
def overlay() -> dict:
    return yaml.safe_load(OVERLAY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parsed_ids() -> set[str]:
    return set(yaml.safe_load(PARSED.read_text(encoding="utf-8"))["connectors"])


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_overlay_connector_ids_exist(overlay, parsed_ids):
    for section in ("names", "connector_type_codes", "neo_bound", "caveats", "conflicts", "api_versions"):
        for entry in overlay[section]:
            assert entry["connector"] in parsed_ids, (section, entry["connector"])


def test_neo_set_ids_exist(overlay, parsed_ids):
    for bundle in overlay["bundles"]:
        for role, connector_ids in (bundle.get("neo_sets") or {}).items():
            if connector_ids != "all":
                assert set(connector_ids) <= parsed_ids, (bundle["id"], role)


def test_overlay_bundle_ids_exist(overlay):
    bundle_ids = {bundle["id"] for bundle in overlay["bundles"]}
    referenced = [entry["bundle"] for section in ("bundle_names", "iamtenants_codes") for entry in overlay[section]]
    referenced += [entry["bundle"] for entry in overlay["conflicts"] if entry["bundle"] is not None]

    assert set(referenced) <= bundle_ids


@pytest.mark.parametrize(
    "section", ["names", "connector_type_codes", "neo_bound", "caveats", "bundles", "bundle_names", "iamtenants_codes", "conflicts"]
)
def test_entries_have_provenance(overlay, section):
    for entry in overlay[section]:
        assert entry["sources"], entry
        assert all(url.startswith("https://") for url in entry["sources"]), entry
        assert isinstance(entry["read_on"], dt.date), entry
        assert isinstance(entry["verified"], bool), entry


@pytest.mark.parametrize("section", ["facts", "api_versions"])
def test_facts_have_source_and_date(overlay, section):
    for entry in overlay[section]:
        assert entry["source"].startswith("https://"), entry
        assert entry["read_on"] == READ_ON, entry
        assert isinstance(entry["verified"], bool), entry


def test_neo_regions_have_source(overlay):
    assert overlay["neo_regions"]["source"].startswith("https://")
    assert overlay["neo_regions"]["read_on"] == READ_ON


def test_loaded_facts_have_source(catalog):
    for fact in catalog.facts.values():
        assert fact.source.startswith("https://"), fact.key
        assert fact.read_on == READ_ON, fact.key


def test_key_dates(catalog):
    assert catalog.facts["neo_sunset"].value == dt.date(2028, 12, 31)
    assert catalog.facts["ias_api_v1_decommission"].value == dt.date(2026, 11, 30)
    assert catalog.facts["wizard_released"].value == dt.date(2022, 6, 27)
    assert catalog.facts["bundle_tenants_sci_only_since"].value == dt.date(2022, 3, 15)
    assert catalog.facts["neo_tenant_retention_days"].value == 30
    assert catalog.facts["max_source_systems"].value == 20
    assert catalog.facts["max_target_systems"].value == 50
    assert catalog.facts["concur_api_v1"].value == "decommissioned"
    assert catalog.facts["c4c_api_v1"].value == "deprecated"


def test_api_version_rules(catalog):
    rules = {rule.property: rule for rule in catalog.api_versions}

    assert rules["ias.api.version"].unset_means == "1"
    assert rules["ias.api.version"].status == "decommissioned"
    assert rules["ias.api.version"].date == dt.date(2026, 11, 30)
    assert rules["concur.api.version"].unset_means == "1"
    assert rules["c4c.api.version"].status == "deprecated"
    assert rules["c4c.api.version"].unset_means is None


def test_neo_regions_loaded(catalog):
    keys = {region.key: region for region in catalog.neo_regions}

    assert len(keys) == 14
    assert "eu1.hana.ondemand.com" in keys["neo-eu1"].hosts
    assert keys["neo-cn1"].hosts == ("cn1.platform.sapcloud.cn",)


def test_unverified_facts_marked(catalog):
    assert catalog.bundles["sap-successfactors"].iamtenants_codes == ("BIZX",)
    overlay = yaml.safe_load(OVERLAY.read_text(encoding="utf-8"))
    bizx = next(entry for entry in overlay["iamtenants_codes"] if entry["code"] == "BIZX")

    assert bizx["verified"] is False


def test_neo_bound_connectors(catalog):
    neo_bound = {connector.id for connector in catalog.connectors.values() if connector.neo_bound}

    assert neo_bound == {"sap-btp-account-members-neo", "sap-btp-java-html5-apps-neo"}


def test_caveats(catalog):
    assert catalog.connectors["sap-business-network"].caveats == ("not_usable",)
    assert catalog.connectors["sap-ariba-category-management"].caveats == ("deprecated",)
    assert "beta" in catalog.connectors["ssh-server-beta"].caveats
    assert "beta" in catalog.connectors["sap-hana-database-beta"].caveats


def test_connector_type_code(catalog):
    assert catalog.connectors["sap-commerce-cloud"].connector_type_codes == ("SAP_COMMERCE_CLOUD",)


def test_protocols_from_docs(catalog):
    assert catalog.connectors["scim-system"].protocol == "scim"
    assert catalog.connectors["ldap-server"].protocol == "ldap"
    assert catalog.connectors["sap-application-server-abap"].protocol == "rfc"
    assert catalog.connectors["microsoft-entra-id"].protocol == "http"
    assert catalog.connectors["sap-successfactors"].protocol == "scim+soap_odata"
    assert catalog.connectors["sap-ariba-buying"].protocol is None


def test_bundle_neo_sets(catalog):
    jam = catalog.bundles["sap-jam-collaboration"].neo_sets
    iag = catalog.bundles["sap-cloud-identity-access-governance"].neo_sets
    sources = {connector.id for connector in catalog.connectors.values() if Role.SOURCE in connector.roles}

    assert "cloud-foundry-uaa-server" in jam[Role.SOURCE]
    assert "local-identity-directory" not in jam[Role.SOURCE]
    assert jam[Role.SOURCE] == sources - {"local-identity-directory"}
    assert "scim-system" in iag[Role.TARGET]
    assert "scim-system" not in jam[Role.TARGET]


def test_btp_bundle_set_unknown(catalog):
    bundle = catalog.bundles["sap-business-technology-platform"]

    assert bundle.neo_set_known is False
    assert bundle.neo_sets is None


def test_ias_only_bundles(catalog):
    assert catalog.bundles["sap-cloud-alm"].ips_included is False
    assert catalog.bundles["sap-business-data-cloud"].ips_included is False
    assert catalog.bundles["sap-successfactors"].ips_included is True


def test_bundle_urls_match_pages(catalog):
    assert catalog.bundles["sap-successfactors"].url.endswith("/af371e32f0ab4db69ed0ada241450975.html")
    assert catalog.bundles["sap-successfactors"].neo_diagram == "IPS_SFSF_Bundle_55167d4.png"


def test_derived_conflicts_curated(catalog):
    curated = {(conflict.connector_id, conflict.role, conflict.bundle_id, conflict.kind) for conflict in catalog.conflicts}
    derived = derive_conflicts(dict(catalog.connectors), dict(catalog.bundles))

    assert derived
    assert derived <= curated


def test_conflict_sources_include_pages(catalog):
    conflict = next(
        conflict
        for conflict in catalog.conflicts
        if conflict.connector_id == "sap-concur" and conflict.role == Role.TARGET and conflict.kind == "page_restricts_diagram_shows"
    )

    assert catalog.connectors["sap-concur"].roles[Role.TARGET].url in conflict.sources
    assert catalog.bundles["sap-concur"].url in conflict.sources


def test_catalog_info(catalog):
    assert catalog.info.docs_commit.startswith("6da9f09")
    assert catalog.info.version == "6da9f09+overlay.2026-12-04"
    assert catalog.info.read_on == READ_ON
    assert catalog.info.sources


def test_default_catalog_cached():
    assert load_catalog() is load_catalog()


def _write_overlay(tmp_path, change) -> None:
    shutil.copy(PARSED, tmp_path / "parsed.yaml")
    data = yaml.safe_load(OVERLAY.read_text(encoding="utf-8"))
    change(data)
    (tmp_path / "overlay.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_unknown_overlay_id_rejected(tmp_path):
    _write_overlay(tmp_path, lambda data: data["names"].append(
        {"connector": "no-such-connector", "aliases": ["X"], "sources": ["https://example.org"], "read_on": READ_ON, "verified": True}
    ))

    with pytest.raises(CatalogError, match="no-such-connector"):
        load_catalog(tmp_path)


def test_missing_provenance_rejected(tmp_path):
    def drop_read_on(data):
        del data["facts"][0]["read_on"]

    _write_overlay(tmp_path, drop_read_on)

    with pytest.raises(CatalogError, match="read_on"):
        load_catalog(tmp_path)


def test_alias_collision_rejected(tmp_path):
    _write_overlay(tmp_path, lambda data: data["names"].append(
        {"connector": "scim-system", "aliases": ["Azure AD"], "sources": ["https://example.org"], "read_on": READ_ON, "verified": False}
    ))

    with pytest.raises(CatalogError, match="Azure AD"):
        load_catalog(tmp_path)


def test_missing_conflict_rejected(tmp_path):
    def drop_conflict(data):
        data["conflicts"] = [entry for entry in data["conflicts"] if entry["connector"] != "sap-concur"]

    _write_overlay(tmp_path, drop_conflict)

    with pytest.raises(CatalogError, match="sap-concur"):
        load_catalog(tmp_path)
