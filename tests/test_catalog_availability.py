"""Availability of connector roles per tenant model and bundle, on Neo today and on SAP Cloud Identity after migration."""

from __future__ import annotations

import pytest

from assess.catalog import load_catalog
from assess.model import Role, TenantModel

BUNDLE = TenantModel.BUNDLE
STANDALONE = TenantModel.STANDALONE
IAG = "sap-cloud-identity-access-governance"
JAM = "sap-jam-collaboration"
SUCCESSFACTORS = "sap-successfactors"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _other_bundles(catalog) -> list[str]:
    return sorted(set(catalog.bundles) - {IAG, JAM})


def test_scim_target_bundle_unavailable(catalog):
    for bundle_id in sorted(set(catalog.bundles) - {IAG}):
        result = catalog.availability_after("scim-system", Role.TARGET, BUNDLE, [bundle_id])
        assert result.status == "unavailable", bundle_id
        assert result.reason == "iag_only", bundle_id


def test_scim_target_iag_available(catalog):
    result = catalog.availability_after("scim-system", Role.TARGET, BUNDLE, [IAG])

    assert result.status == "available"
    assert result.reason == "iag_only"


def test_bundles_give_union(catalog):
    result = catalog.availability_after("scim-system", Role.TARGET, BUNDLE, [SUCCESSFACTORS, IAG])

    assert result.status == "available"


@pytest.mark.parametrize("role", [Role.SOURCE, Role.TARGET, Role.PROXY])
def test_cf_uaa_unavailable_in_other_bundles(catalog, role):
    for bundle_id in _other_bundles(catalog):
        for check in (catalog.availability_after, catalog.availability_on_neo):
            result = check("cloud-foundry-uaa-server", role, BUNDLE, [bundle_id])
            assert result.status == "unavailable", (check.__name__, bundle_id)


@pytest.mark.parametrize(("role", "jam_status"), [(Role.SOURCE, "available"), (Role.PROXY, "available"), (Role.TARGET, "unavailable")])
def test_cf_uaa_jam_source_proxy_only(catalog, role, jam_status):
    after = catalog.availability_after("cloud-foundry-uaa-server", role, BUNDLE, [JAM])
    on_neo = catalog.availability_on_neo("cloud-foundry-uaa-server", role, BUNDLE, [JAM])

    assert after.status == jam_status
    assert on_neo.status == jam_status


@pytest.mark.parametrize("role", [Role.SOURCE, Role.TARGET, Role.PROXY])
def test_cf_uaa_iag_available(catalog, role):
    assert catalog.availability_after("cloud-foundry-uaa-server", role, BUNDLE, [IAG]).status == "available"
    assert catalog.availability_on_neo("cloud-foundry-uaa-server", role, BUNDLE, [IAG]).status == "available"


def test_cf_uaa_standalone_available(catalog):
    result = catalog.availability_after("cloud-foundry-uaa-server", Role.TARGET, STANDALONE, [])

    assert result.status == "available"
    assert result.reason == "standalone_only"


@pytest.mark.parametrize("model,bundles", [(STANDALONE, []), (BUNDLE, [IAG]), (BUNDLE, [SUCCESSFACTORS])])
def test_hana_database_beta_not_on_sci(catalog, model, bundles):
    result = catalog.availability_after("sap-hana-database-beta", Role.TARGET, model, bundles)

    assert result.status == "unavailable"
    assert result.reason == "standalone_neo_only"


def test_hana_database_beta_standalone_neo(catalog):
    result = catalog.availability_on_neo("sap-hana-database-beta", Role.TARGET, STANDALONE, [])

    assert result.status == "available"


@pytest.mark.parametrize("connector_id", ["scim-system", "ldap-server"])
def test_proxy_read_only_for_bundles(catalog, connector_id):
    for bundle_id in sorted(catalog.bundles):
        result = catalog.availability_after(connector_id, Role.PROXY, BUNDLE, [bundle_id])
        assert result.status == "read_only", bundle_id
        assert result.reason == "read_only_proxy", bundle_id


@pytest.mark.parametrize("connector_id", ["scim-system", "ldap-server"])
def test_proxy_standalone_full(catalog, connector_id):
    assert catalog.availability_after(connector_id, Role.PROXY, STANDALONE, []).status == "available"


def test_g_suite_target_standalone_sci(catalog):
    result = catalog.availability_after("google-g-suite", Role.TARGET, STANDALONE, [])

    assert result.status == "available"
    assert result.reason == "standalone_only"


def test_unrestricted_standalone_reason(catalog):
    result = catalog.availability_after("sap-concur", Role.SOURCE, STANDALONE, [])

    assert result.status == "available"
    assert result.reason == "no_restriction"


def test_g_suite_target_bundle_sci(catalog):
    result = catalog.availability_after("google-g-suite", Role.TARGET, BUNDLE, [SUCCESSFACTORS])

    assert result.status == "unavailable"
    assert result.reason == "iag_only"


def test_local_identity_directory_sci_only(catalog):
    after = catalog.availability_after("local-identity-directory", Role.SOURCE, BUNDLE, [SUCCESSFACTORS])
    on_neo = catalog.availability_on_neo("local-identity-directory", Role.SOURCE, BUNDLE, [JAM])
    standalone_neo = catalog.availability_on_neo("local-identity-directory", Role.SOURCE, STANDALONE, [])

    assert after.status == "available"
    assert on_neo.status == "unavailable"
    assert on_neo.reason == "not_on_neo"
    assert standalone_neo.status == "unavailable"


def test_neo_bundle_set_decides(catalog):
    included = catalog.availability_on_neo("identity-authentication", Role.SOURCE, BUNDLE, [SUCCESSFACTORS])
    excluded = catalog.availability_on_neo("sap-fieldglass", Role.SOURCE, BUNDLE, [SUCCESSFACTORS])

    assert included.status == "available"
    assert included.reason == "in_bundle_set"
    assert excluded.status == "unavailable"
    assert excluded.reason == "not_in_bundle_set"


def test_successfactors_target_neo_iag_only(catalog):
    result = catalog.availability_on_neo("sap-successfactors", Role.TARGET, BUNDLE, [SUCCESSFACTORS])

    assert result.status == "unavailable"
    assert result.reason == "iag_only"
    assert catalog.availability_after("sap-successfactors", Role.TARGET, BUNDLE, [SUCCESSFACTORS]).status == "available"


def test_page_diagram_conflict_flagged(catalog):
    result = catalog.availability_on_neo("sap-commerce-cloud", Role.SOURCE, BUNDLE, ["sap-commerce-cloud"])

    assert result.status == "available"
    assert result.conflict is True


def test_page_restriction_without_conflict(catalog):
    result = catalog.availability_on_neo("sap-commerce-cloud", Role.SOURCE, BUNDLE, [SUCCESSFACTORS])

    assert result.status == "unavailable"
    assert result.reason == "jam_or_iag_only"
    assert result.conflict is False


def test_btp_bundle_set_unknown(catalog):
    result = catalog.availability_on_neo("identity-authentication", Role.SOURCE, BUNDLE, ["sap-business-technology-platform"])

    assert result.status == "unknown"
    assert result.reason == "bundle_set_unknown"


def test_role_not_offered(catalog):
    result = catalog.availability_after("sap-enterprise-portal", Role.TARGET, STANDALONE, [])

    assert result.status == "unavailable"
    assert result.reason == "role_not_offered"


def test_unknown_connector(catalog):
    result = catalog.availability_after("no-such-connector", Role.SOURCE, STANDALONE, [])

    assert result.status == "unknown"
    assert result.reason == "unknown_connector"


def test_unknown_bundle_id_rejected(catalog):
    with pytest.raises(ValueError, match="no-such-bundle"):
        catalog.availability_after("scim-system", Role.TARGET, BUNDLE, ["no-such-bundle"])


def test_unknown_tenant_model_when_models_differ(catalog):
    result = catalog.availability_after("scim-system", Role.TARGET, TenantModel.UNKNOWN, [])

    assert result.status == "unknown"
    assert result.reason == "tenant_model_unknown"


def test_unknown_tenant_model_when_models_agree(catalog):
    result = catalog.availability_after("sap-concur", Role.SOURCE, TenantModel.UNKNOWN, [])

    assert result.status == "available"


def test_bundle_tenant_without_bundles(catalog):
    result = catalog.availability_after("scim-system", Role.TARGET, BUNDLE, [])

    assert result.status == "unknown"
    assert result.reason == "bundle_unknown"


def test_role_given_as_string(catalog):
    assert catalog.availability_after("scim-system", "proxy", BUNDLE, [SUCCESSFACTORS]).status == "read_only"


def test_source_url_is_page(catalog):
    result = catalog.availability_after("scim-system", Role.TARGET, BUNDLE, [SUCCESSFACTORS])

    assert result.source_url == catalog.connectors["scim-system"].roles[Role.TARGET].url
