"""--redact: e-mail addresses and named columns replaced with placeholders in every report."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from assess.cli.app import app
from assess.messages import catalogue
from assess.model import InputIssue, Inventory, Role, SourceRef, System, Tenant
from assess.redact import redact_inventory, remove_control_characters

JANE = "jane.doe@acme.example"
OPS = "Ops.Team@Acme.Example"
SOURCE = SourceRef("tenants.csv", None, 2)

TENANTS_CSV = f"""Tenant ID,Host,Display Name,Notes
a1b2c3,ips-a1b2c3.dispatcher.eu2.hana.ondemand.com,HR tenant of {JANE},ask {OPS}
d4e5f6,d4e5f6.accounts.ondemand.com,Jane Doe,
"""

SYSTEMS_CSV = f"""Tenant,System Name,Connector Type,Role,Enabled,Authentication,Last Job Status
a1b2c3,Mailbox {JANE},SAP SuccessFactors,source,yes,user {OPS},failed for {JANE}
a1b2c3,Directory,Homegrown Directory,target,yes,Basic,Success
"""


def tenant(**values) -> Tenant:
    return Tenant(key=values.get("tenant_id", "t1"), source=SOURCE, **values)


def system(**values) -> System:
    return System(tenant_key="t1", connector_raw="SAP SuccessFactors", role=Role.SOURCE, source=SOURCE, **values)


def test_email_replaced_in_name():
    inventory = Inventory((tenant(tenant_id="t1", display_name=f"HR {JANE}"),), ())
    assert redact_inventory(inventory).tenants[0].display_name == "HR person-1@redacted.invalid"


def test_email_placeholder_stable():
    inventory = Inventory((tenant(tenant_id="t1", display_name=JANE),), (system(name=f"box {JANE.upper()}"),))
    redacted = redact_inventory(inventory)
    assert redacted.systems[0].name == "box person-1@redacted.invalid"


def test_emails_numbered_in_order():
    inventory = Inventory((tenant(tenant_id="t1", display_name=f"{JANE}, {OPS}"),), ())
    redacted = redact_inventory(inventory)
    assert redacted.tenants[0].display_name == "person-1@redacted.invalid, person-2@redacted.invalid"


def test_email_in_properties_replaced():
    inventory = Inventory((), (system(name="x", properties={"ias.api.version": JANE}),))
    assert redact_inventory(inventory).systems[0].properties == {"ias.api.version": "person-1@redacted.invalid"}


def test_email_in_issue_replaced():
    issue = InputIssue(SOURCE, f"the value {JANE} is odd", "Fix it", value=JANE)
    redacted = redact_inventory(Inventory((), (), (issue,))).issues[0]
    assert (redacted.problem, redacted.value) == (
        "the value person-1@redacted.invalid is odd", "person-1@redacted.invalid"
    )


def test_host_not_redacted():
    host = "ips-a1b2c3.dispatcher.eu2.hana.ondemand.com"
    inventory = Inventory((tenant(tenant_id="t1", host=host),), ())
    assert redact_inventory(inventory).tenants[0].host == host


def test_column_redacted_by_header():
    inventory = Inventory((tenant(tenant_id="t1", display_name="Jane Doe"),), ())
    assert redact_inventory(inventory, ["Display Name"]).tenants[0].display_name == "[redacted-1]"


def test_column_redaction_keeps_links():
    inventory = Inventory((tenant(tenant_id="t1"),), (system(name="x"),))
    redacted = redact_inventory(inventory, ["tenant id"])
    assert redacted.tenants[0].key == redacted.systems[0].tenant_key == "[redacted-1]"


def test_column_value_redacted_in_issue_text():
    issue = InputIssue(SOURCE, "the tenant 'Jane Doe' is listed twice", "Delete one")
    inventory = Inventory((tenant(tenant_id="t1", display_name="Jane Doe"),), (), (issue,))
    redacted = redact_inventory(inventory, ["Name"])
    assert redacted.issues[0].problem == "the tenant '[redacted-1]' is listed twice"


def test_unkept_column_redacted_in_issue_value():
    issue = InputIssue(SourceRef("tenants.csv", None, 2, "Administrators"), "unexpected", "Check", value="Jane Doe")
    redacted = redact_inventory(Inventory((), (), (issue,)), ["administrators"])
    assert redacted.issues[0].value == "[redacted-1]"


def test_redaction_keeps_enums():
    inventory = Inventory((), (system(name="x"),))
    assert redact_inventory(inventory, ["role"]).systems[0].role is Role.SOURCE


def test_control_characters_removed():
    inventory = Inventory((tenant(tenant_id="t1", display_name="A\x00B\u202eC"),), ())
    cleaned = remove_control_characters(inventory, catalogue("en"))
    assert cleaned.tenants[0].display_name == "ABC"


def test_control_characters_counted_once_per_cell():
    inventory = Inventory((tenant(tenant_id="t\x01", display_name="x\x1b"),), (system(name="y\x7f"),))
    cleaned = remove_control_characters(inventory, catalogue("en"))
    assert cleaned.issues[-1].problem.startswith("3 cells contained control characters")


def test_control_characters_clean_keeps_tabs():
    inventory = Inventory((tenant(tenant_id="t1", display_name="a\tb\nc"),), ())
    cleaned = remove_control_characters(inventory, catalogue("en"))
    assert cleaned.issues == ()


@pytest.fixture(scope="module")
def redacted_run(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("personal_inputs")
    (inputs / "tenants.csv").write_text(TENANTS_CSV, encoding="utf-8")
    (inputs / "systems.csv").write_text(SYSTEMS_CSV, encoding="utf-8")
    out = tmp_path_factory.mktemp("redacted_reports")
    result = CliRunner().invoke(app, [
        "run", str(inputs), "--out", str(out), "--customer", "Acme AG", "--as-of", "2026-12-04",
        "--redact", "--redact-column", "Display Name",
    ])
    return result, out


def report_text(out: Path, suffix: str) -> str:
    (path,) = out.glob(f"*{suffix}")
    if suffix == ".xlsx":
        with zipfile.ZipFile(path) as package:
            return "".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())
    if suffix == ".pdf":
        reader = pypdf.PdfReader(path)
        metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
        return metadata + "\n".join(page.extract_text() for page in reader.pages)
    return path.read_text(encoding="utf-8")


def test_redacted_run_exits_0(redacted_run):
    result, _ = redacted_run
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf", ".json"])
@pytest.mark.parametrize("personal", ["jane.doe", "acme.example", "Acme.Example", "Jane Doe"])
def test_report_has_no_personal_data(redacted_run, suffix, personal):
    _, out = redacted_run
    assert personal not in report_text(out, suffix)


@pytest.mark.parametrize("suffix", [".xlsx", ".json"])
def test_report_shows_placeholders(redacted_run, suffix):
    _, out = redacted_run
    text = report_text(out, suffix)
    assert "person-1@redacted.invalid" in text
    assert "[redacted-1]" in text


def test_pdf_shows_placeholder(redacted_run):
    _, out = redacted_run
    assert "person-1@redacted.invalid" in "".join(report_text(out, ".pdf").split())


def test_json_placeholder_stable(redacted_run):
    _, out = redacted_run
    inventory = json.loads(report_text(out, ".json"))["inventory"]
    statuses = [system["last_status"] for system in inventory["systems"]]
    assert "failed for person-1@redacted.invalid" in statuses


def test_pdf_attachments_have_no_email(redacted_run):
    _, out = redacted_run
    (path,) = out.glob("*.pdf")
    attachments = pypdf.PdfReader(path).attachments
    contents = b"".join(data for name in attachments for data in attachments[name])
    assert b"jane.doe" not in contents
