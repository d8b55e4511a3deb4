"""``catalog diff`` and the catalog age warning, on copies of the shipped catalog data."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assess.catalog.diff import (
    CatalogChange,
    catalog_age_warning,
    content_changes,
    diff_catalogs,
    read_against,
    read_catalog_data,
)
from assess.catalog.loader import default_data_dir
from assess.errors import AssessError, UsageError

REPO_ROOT = Path(__file__).resolve().parents[1]


def docs_snapshot() -> Path | None:
    configured = os.environ.get("IPS_ASSESS_SAP_DOCS")
    candidates = [Path(configured)] if configured else []
    candidates.append(REPO_ROOT.parent / "shared" / "reference" / "sap-docs" / "btp-cloud-identity-services")
    for candidate in candidates:
        if (candidate / "docs" / "index.md").is_file():
            return candidate
    return None


def edit(path: Path, old: str, new: str, after: str | None = None) -> None:
    """Replace the first ``old`` in the file, or the first one after the text ``after``."""
    text = path.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    position = text.index(old, start)
    path.write_text(text[:position] + new + text[position + len(old) :], encoding="utf-8")


def next_connector(text: str, start: int) -> int:
    """Return where the connector entry after the one at ``start`` begins in parsed.yaml."""
    return re.compile(r"^  [a-z]", re.MULTILINE).search(text, start + 1).start()


@pytest.fixture()
def copy(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(default_data_dir(), folder)
    return folder


def changes_against(folder: Path) -> tuple[CatalogChange, ...]:
    return content_changes(diff_catalogs(read_catalog_data(default_data_dir()), read_against(folder)))


def test_shipped_against_itself_unchanged():
    assert changes_against(default_data_dir()) == ()


def test_availability_change_found(copy):
    edit(copy / "parsed.yaml", "standalone_sci: false", "standalone_sci: true", after="  sap-hana-database-beta:")
    expected = CatalogChange("availability", "changed", "sap-hana-database-beta target", "standalone_sci", "false", "true")
    assert changes_against(copy) == (expected,)


def test_rename_by_page_loio(copy):
    edit(copy / "parsed.yaml", "  sap-concur:\n    name: SAP Concur\n", "  concur-travel:\n    name: Concur Travel\n")
    renamed = [change for change in changes_against(copy) if change.kind == "renamed"]
    assert renamed == [CatalogChange("connector", "renamed", "sap-concur", "concur-travel", "SAP Concur", "Concur Travel")]


def test_rename_by_former_name(copy):
    # New page loios too, so only the overlay's former name links the two connectors.
    parsed = copy / "parsed.yaml"
    text = parsed.read_text(encoding="utf-8")
    start = text.index("  microsoft-entra-id:")
    end = next_connector(text, start)
    block = text[start:end].replace("microsoft-entra-id:\n    name: Microsoft Entra ID", "microsoft-azure-active-directory:\n    name: Microsoft Azure Active Directory")
    block = block.replace(".html", "0.html")
    parsed.write_text(text[:start] + block + text[end:], encoding="utf-8")

    renamed = [change for change in changes_against(copy) if change.kind == "renamed"]

    assert [(change.subject, change.field) for change in renamed] == [("microsoft-entra-id", "microsoft-azure-active-directory")]


def test_removed_connector_found(copy):
    parsed = copy / "parsed.yaml"
    text = parsed.read_text(encoding="utf-8")
    start = text.index("  sap-hana-database-beta:")
    end = next_connector(text, start)
    parsed.write_text(text[:start] + text[end:], encoding="utf-8")

    removed = [change for change in changes_against(copy) if change.section == "connector" and change.kind == "removed"]

    assert [change.subject for change in removed] == ["sap-hana-database-beta"]


def test_removed_role_found(copy):
    parsed = copy / "parsed.yaml"
    text = parsed.read_text(encoding="utf-8")
    start = text.index("      proxy:", text.index("  google-g-suite:"))
    end = text.index("rules: []\n", start) + len("rules: []\n")
    parsed.write_text(text[:start] + text[end:], encoding="utf-8")

    roles = [change for change in changes_against(copy) if change.section == "role"]

    assert roles == [CatalogChange("role", "removed", "google-g-suite proxy")]


def test_bundle_set_change_found(copy):
    edit(copy / "overlay.yaml", "sap-analytics-cloud, identity-authentication, sap-application-server-abap, sap-s-4hana-on-premise]", "identity-authentication, sap-application-server-abap, sap-s-4hana-on-premise]", after="  - id: sap-successfactors\n")
    bundles = [change for change in changes_against(copy) if change.section == "bundle"]
    assert bundles == [CatalogChange("bundle", "set_changed", "sap-successfactors", "neo_sets.target", "sap-analytics-cloud", None)]


def test_fact_change_found(copy):
    edit(copy / "overlay.yaml", "value: 2028-12-31", "value: 2029-06-30")
    facts = [change for change in changes_against(copy) if change.section == "fact"]
    assert facts == [CatalogChange("fact", "changed", "neo_sunset", "value", "2028-12-31", "2029-06-30")]


def test_read_date_is_provenance(copy):
    edit(copy / "parsed.yaml", "read_on: 2026-12-04", "read_on: 2027-01-15")
    changes = diff_catalogs(read_catalog_data(default_data_dir()), read_against(copy))
    assert [change.subject for change in changes] == ["read_on"]
    assert content_changes(changes) == ()


def test_missing_overlay_taken_from_base(copy):
    (copy / "overlay.yaml").unlink()
    assert changes_against(copy) == ()


def test_missing_against_rejected(tmp_path):
    with pytest.raises(UsageError, match="not found"):
        read_against(tmp_path / "absent")


def test_folder_without_docs_rejected(tmp_path):
    with pytest.raises(AssessError, match="not a checkout"):
        read_against(tmp_path)


def test_docs_snapshot_unchanged():
    docs = docs_snapshot()
    if docs is None:
        pytest.skip("SAP docs snapshot not found: set IPS_ASSESS_SAP_DOCS to a checkout of SAP-docs/btp-cloud-identity-services")
    assert changes_against(docs) == ()


# Catalog age


def test_age_over_limit_warns():
    warning = catalog_age_warning(dt.date(2026, 12, 4), dt.date(2027, 7, 1), max_days=180)
    assert warning is not None
    assert "209 days" in warning


def test_age_at_limit_silent():
    assert catalog_age_warning(dt.date(2026, 12, 4), dt.date(2027, 6, 2), max_days=180) is None


def test_age_before_read_silent():
    assert catalog_age_warning(dt.date(2026, 12, 4), dt.date(2026, 1, 1), max_days=0) is None


# Command line


def ips_assess(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "IPS_ASSESS_SAP_DOCS"}
    return subprocess.run([sys.executable, "-m", "assess", *args], capture_output=True, text=True, timeout=300, cwd=cwd, env=environment)


def test_cli_diff_prints_change(copy):
    edit(copy / "overlay.yaml", "value: 2028-12-31", "value: 2029-06-30")
    result = ips_assess("catalog", "diff", "--against", str(copy))
    assert result.returncode == 0, result.stderr
    assert "fact neo_sunset: value 2028-12-31 -> 2029-06-30" in result.stdout


def test_cli_diff_without_against_exit_2():
    result = ips_assess("catalog", "diff")
    assert result.returncode == 2


def test_cli_run_warns_on_old_catalog(tmp_path):
    result = ips_assess("run", "--out", str(tmp_path / "reports"), "--as-of", "2027-07-01", "--max-catalog-age", "30", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "the connector catalog was read from SAP's documentation on 2026-12-04" in result.stderr
