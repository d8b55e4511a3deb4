"""The generated layer (parsed.yaml) against SAP's documentation snapshot it was generated from."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from assess.catalog import CatalogError, refresh_catalog
from assess.catalog.loader import default_data_dir
from assess.catalog.refresh import main as refresh_main

REPO_ROOT = Path(__file__).resolve().parents[1]
SHIPPED = default_data_dir() / "parsed.yaml"
ROLE_SECTIONS = {"Source Systems": "source", "Target Systems": "target", "Proxy Systems": "proxy"}


def _docs_root() -> Path | None:
    configured = os.environ.get("IPS_ASSESS_SAP_DOCS")
    candidates = [Path(configured)] if configured else []
    candidates.append(REPO_ROOT.parent / "shared" / "reference" / "sap-docs" / "btp-cloud-identity-services")
    for candidate in candidates:
        if (candidate / "docs" / "index.md").is_file() or (candidate / "index.md").is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def docs_root() -> Path:
    root = _docs_root()
    if root is None:
        pytest.skip(
            "SAP docs snapshot not found: set IPS_ASSESS_SAP_DOCS to a checkout of "
            "SAP-docs/btp-cloud-identity-services"
        )
    return root


@pytest.fixture(scope="module")
def shipped() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def _index_pages(docs: Path) -> dict[tuple[str, str], str]:
    """Read (connector name, role) -> page from index.md with a parser independent of the one under test."""
    pages: dict[tuple[str, str], str] = {}
    role = None
    for line in (docs / "index.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^( *)- +\[(.+)\]\((.+)\)$", line)
        if not match:
            continue
        depth, title = len(match.group(1)), match.group(2).replace("\\", "")
        if title in ROLE_SECTIONS and depth == 8:
            role = ROLE_SECTIONS[title]
        elif depth <= 8:
            role = None
        elif role and depth == 12:
            pages[(title, role)] = match.group(3)
    return pages


def test_regenerated_file_identical(docs_root, shipped, tmp_path):
    read_on = shipped["source"]["read_on"]
    written = refresh_catalog(docs_root, tmp_path, read_on=read_on)

    assert written.read_bytes() == SHIPPED.read_bytes()


def test_regeneration_deterministic(docs_root, tmp_path):
    first = refresh_catalog(docs_root, tmp_path / "first", read_on=dt.date(2026, 12, 4)).read_bytes()
    second = refresh_catalog(docs_root, tmp_path / "second", read_on=dt.date(2026, 12, 4)).read_bytes()

    assert first == second


def test_every_index_entry_parsed(docs_root, shipped):
    docs = docs_root / "docs" if (docs_root / "docs").is_dir() else docs_root
    expected = _index_pages(docs)
    parsed = {
        (record["name"], role): page["page"]
        for record in shipped["connectors"].values()
        for role, page in record["roles"].items()
    }

    assert parsed == expected


def test_urls_built_from_loio(docs_root, shipped):
    docs = docs_root / "docs" if (docs_root / "docs").is_dir() else docs_root
    for record in shipped["connectors"].values():
        for page in record["roles"].values():
            first_line = (docs / page["page"]).read_text(encoding="utf-8").splitlines()[0]
            loio = re.search(r"loio([0-9a-f]{32})", first_line).group(1)
            assert page["url"] == f"https://help.sap.com/doc/f48e822d6d484fa5ade7dda78b64d9f5/Cloud/en-US/{loio}.html"


def test_header_records_snapshot_commit(docs_root, shipped):
    snapshot = (docs_root / "SNAPSHOT.md").read_text(encoding="utf-8")

    assert shipped["source"]["commit"] in snapshot
    assert shipped["source"]["commit_date"] == dt.date(2026, 8, 21)
    assert shipped["source"]["repository"] == "https://github.com/SAP-docs/btp-cloud-identity-services"


def test_connector_and_role_counts(shipped):
    connectors = shipped["connectors"]
    roles = [role for record in connectors.values() for role in record["roles"]]

    assert len(connectors) == 58
    assert roles.count("source") == 54
    assert roles.count("target") == 56
    assert roles.count("proxy") == 53


def test_ids_are_slugs_of_names(shipped):
    assert "scim-system" in shipped["connectors"]
    assert "microsoft-entra-id" in shipped["connectors"]
    assert shipped["connectors"]["sales-cloud-analytics-ai"]["name"] == "Sales Cloud – Analytics & AI"


@pytest.mark.parametrize(
    ("connector_id", "role", "sci_bundle", "neo_bundle", "standalone_sci", "standalone_neo"),
    [
        ("scim-system", "target", "iag", "iag", True, True),
        ("scim-system", "proxy", "read_only", "read_only", True, True),
        ("scim-system", "source", "all", "per_bundle", True, True),
        ("ldap-server", "proxy", "read_only", "read_only", True, True),
        ("cloud-foundry-uaa-server", "source", "jam_or_iag", "jam_or_iag", True, True),
        ("cloud-foundry-uaa-server", "target", "iag", "iag", True, True),
        ("local-identity-directory", "proxy", "all", "none", True, False),
        ("sap-hana-database-beta", "target", "none", "none", False, True),
        ("sap-concur", "source", "all", "jam_or_iag", True, True),
        ("sap-successfactors", "target", "all", "iag", True, True),
        ("sap-data-custodian", "target", "all", "iag", True, True),
        ("sap-datasphere", "target", "all", "jam_or_iag", True, True),
    ],
)
def test_availability_box_parsed(shipped, connector_id, role, sci_bundle, neo_bundle, standalone_sci, standalone_neo):
    page = shipped["connectors"][connector_id]["roles"][role]

    assert page["sci_bundle"] == sci_bundle
    assert page["neo_bundle"] == neo_bundle
    assert page["standalone_sci"] is standalone_sci
    assert page["standalone_neo"] is standalone_neo


def test_bundles_page_exceptions(shipped):
    exceptions = shipped["bundles_page"]["exceptions"]

    assert {"connectors": ["SCIM", "LDAP Server", "Microsoft AD", "Microsoft Entra ID", "Google G suite"], "roles": ["target"]} in exceptions
    assert {"connectors": ["Cloud Foundry UAA Server"], "roles": ["source", "target", "proxy"]} in exceptions


def test_bundles_page_names(shipped):
    names = shipped["bundles_page"]["bundle_names"]

    assert len(names) == 19
    assert "SAP Business Technology Platform" in names
    assert names == sorted(names)


@pytest.fixture()
def docs_copy(docs_root, tmp_path) -> Path:
    copy = tmp_path / "btp-cloud-identity-services"
    shutil.copytree(docs_root, copy)
    return copy


def test_unknown_box_wording_rejected(docs_copy):
    page = docs_copy / "docs" / "sap-concur-209ea82.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("This system is available for bundle tenants", "This system is offered to bundle tenants", 1),
        encoding="utf-8",
    )

    with pytest.raises(CatalogError) as raised:
        refresh_catalog(docs_copy, docs_copy / "out", read_on=dt.date(2026, 12, 4))

    assert any("sap-concur-209ea82.md" in problem for problem in raised.value.problems)
    assert not (docs_copy / "out" / "parsed.yaml").exists()


def test_contradictory_boxes_rejected(docs_copy):
    page = docs_copy / "docs" / "scim-system-481d882.md"
    text = page.read_text(encoding="utf-8")
    extra = (
        "> ### Restriction:  \n"
        "> Bundle tenants running on SAP Cloud Identity Services infrastructure and Neo environment "
        "can use it only through **SAP Identity Access Governance** bundle option.\n\n"
    )
    page.write_text(text.replace("## Prerequisites\n", "## Prerequisites\n\n" + extra, 1), encoding="utf-8")

    with pytest.raises(CatalogError) as raised:
        refresh_catalog(docs_copy, docs_copy / "out", read_on=dt.date(2026, 12, 4))

    assert any("scim-system-481d882.md" in problem for problem in raised.value.problems)


def test_unrelated_note_ignored(docs_copy, tmp_path):
    page = docs_copy / "docs" / "sap-fieldglass-58a6921.md"
    text = page.read_text(encoding="utf-8")
    note = "> ### Note:  \n> Administrators should check the job logs after each run.\n\n"
    page.write_text(text.replace("## Prerequisites\n", "## Prerequisites\n\n" + note, 1), encoding="utf-8")

    written = refresh_catalog(docs_copy, tmp_path / "out", read_on=dt.date(2026, 12, 4))
    record = yaml.safe_load(written.read_text(encoding="utf-8"))["connectors"]["sap-fieldglass"]["roles"]["source"]

    assert record["sci_bundle"] == "all"
    assert record["neo_bundle"] == "per_bundle"


def test_missing_commit_rejected(docs_copy):
    (docs_copy / "SNAPSHOT.md").unlink()

    with pytest.raises(CatalogError, match="commit"):
        refresh_catalog(docs_copy, docs_copy / "out", read_on=dt.date(2026, 12, 4))


def test_module_entry_point_writes_file(docs_root, tmp_path, capsys):
    code = refresh_main(["--docs", str(docs_root), "--out", str(tmp_path), "--read-on", "2026-12-04"])

    assert code == 0
    assert (tmp_path / "parsed.yaml").read_bytes() == SHIPPED.read_bytes()


def test_module_entry_point_reports_errors(tmp_path, capsys):
    code = refresh_main(["--docs", str(tmp_path), "--out", str(tmp_path / "out")])

    assert code == 1
    assert "index.md" in capsys.readouterr().err
