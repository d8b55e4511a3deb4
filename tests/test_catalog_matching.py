"""Matching customers' connector and bundle names against the catalog."""

from __future__ import annotations

import pytest

from assess.catalog import load_catalog, normalise_name
from assess.model import MatchMethod


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.mark.parametrize(
    ("raw", "connector_id"),
    [
        ("Azure AD", "microsoft-entra-id"),
        ("Microsoft Azure Active Directory", "microsoft-entra-id"),
        ("Microsoft Azure AD", "microsoft-entra-id"),
        ("SAP Cloud for Customer", "sap-sales-cloud-and-sap-service-cloud"),
        ("C4C", "sap-sales-cloud-and-sap-service-cloud"),
        ("SAP Commissions", "sap-successfactors-incentive-management"),
        ("SAP AS ABAP", "sap-application-server-abap"),
        ("SAP CBC", "sap-central-business-configuration"),
        ("SAP IBP", "sap-integrated-business-planning"),
        ("Google Workspace", "google-g-suite"),
        ("SAP HANA Cloud, SAP HANA Database", "sap-hana-cloud-database-services"),
    ],
)
def test_alias_matches(catalog, raw, connector_id):
    match = catalog.match_connector(raw)

    assert match.connector_id == connector_id
    assert match.method == MatchMethod.ALIAS
    assert match.confidence == 1.0


@pytest.mark.parametrize(
    ("raw", "connector_id"),
    [
        ("SCIM System", "scim-system"),
        ("scim  system", "scim-system"),
        ("SCIM\u00a0System", "scim-system"),
        ("SAP_COMMERCE_CLOUD", "sap-commerce-cloud"),
        ("Commerce Cloud", "sap-commerce-cloud"),
        ("Sales Cloud - Analytics and AI", "sales-cloud-analytics-ai"),
        ("SAP S/4HANA On-Premise", "sap-s-4hana-on-premise"),
        ("SAP BTP Java/HTML5 apps (Neo)", "sap-btp-java-html5-apps-neo"),
    ],
)
def test_exact_matches_after_normalising(catalog, raw, connector_id):
    match = catalog.match_connector(raw)

    assert match.connector_id == connector_id
    assert match.method == MatchMethod.EXACT
    assert match.connector_name == catalog.connectors[connector_id].name


def test_uaa_not_auto_matched(catalog):
    match = catalog.match_connector("UAA")
    candidate_ids = [candidate_id for candidate_id, _ in match.candidates]

    assert match.connector_id is None
    assert match.method in (MatchMethod.FUZZY, MatchMethod.NONE)
    assert "cloud-foundry-uaa-server" in candidate_ids
    assert "sap-btp-xs-advanced-uaa-cloud-foundry" in candidate_ids


def test_typo_gets_fuzzy_candidates(catalog):
    match = catalog.match_connector("SAP Sucessfactors")

    assert match.connector_id is None
    assert match.method == MatchMethod.FUZZY
    assert match.candidates[0][0] == "sap-successfactors"
    assert 0 < match.confidence <= 1


def test_candidates_limited_and_sorted(catalog):
    match = catalog.match_connector("SAP HANA")
    scores = [score for _, score in match.candidates]

    assert len(match.candidates) <= 3
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 1 for score in scores)


def test_unrelated_name_no_match(catalog):
    match = catalog.match_connector("Workday")

    assert match.connector_id is None
    assert match.method == MatchMethod.NONE


def test_blank_name_no_match(catalog):
    match = catalog.match_connector("   ")

    assert match.method == MatchMethod.NONE
    assert match.candidates == ()


def test_local_directory_not_conflated(catalog):
    assert catalog.match_connector("Identity Directory").connector_id == "identity-authentication"
    assert catalog.match_connector("Local Identity Directory").connector_id == "local-identity-directory"


@pytest.mark.parametrize(
    ("text", "bundle_id"),
    [
        ("SAP Commissions", "sap-successfactors-incentive-management"),
        ("SF Incentive Management", "sap-successfactors-incentive-management"),
        ("BIZX", "sap-successfactors"),
        ("bizx", "sap-successfactors"),
        ("SAP SuccessFactors Bundle", "sap-successfactors"),
        ("SAP S/4HANA Cloud", "sap-s-4hana-cloud-public-edition"),
        ("SAP Identity Access Governance", "sap-cloud-identity-access-governance"),
        ("Sales Cloud – Analytics & AI", "sales-cloud-analytics-ai"),
    ],
)
def test_bundle_matches(catalog, text, bundle_id):
    assert catalog.match_bundle(text) == bundle_id


def test_unknown_bundle_none(catalog):
    assert catalog.match_bundle("SAP Analytics Cloud") is None


def test_normalise_name_rules():
    assert normalise_name("SAP  Sales Cloud & SAP\u00a0Service Cloud") == "sales cloud and sap service cloud"
    assert normalise_name("SAP_COMMERCE_CLOUD") == "commerce cloud"
