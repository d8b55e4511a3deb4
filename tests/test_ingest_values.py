"""Cell value parsers and header matching."""

from __future__ import annotations

import datetime as dt

import pytest

from assess.ingest.headers import TableKind, match_header
from assess.ingest.hosts import infrastructure_from_host, normalize_host
from assess.ingest.values import Invalid, parse_boolean, parse_date, parse_integer, parse_role, split_list
from assess.model import Infrastructure, Role


@pytest.mark.parametrize("text", ["yes", "Ja", "X", "true", "WAHR", "1", "on", True, 1.0])
def test_boolean_true(text):
    assert parse_boolean(text) is True


@pytest.mark.parametrize("text", ["no", "Nein", "false", "falsch", "0", "off", False, 0.0])
def test_boolean_false(text):
    assert parse_boolean(text) is False


@pytest.mark.parametrize("text", ["", "  ", None])
def test_boolean_blank(text):
    assert parse_boolean(text) is None


@pytest.mark.parametrize("text", ["NA", "None", "NULL", "maybe", 2.0])
def test_boolean_invalid(text):
    assert isinstance(parse_boolean(text), Invalid)


@pytest.mark.parametrize(
    "value",
    [dt.date(2024, 3, 28), dt.datetime(2024, 3, 28, 10, 5), 45379.0, "45379", "2024-03-28",
     "2024-03-28T10:05:00Z", "28.03.2024", "03/28/2024", "28/03/2024", "03/28/2024 10:05", "Mar 28, 2024"],
)
def test_date_forms(value):
    assert parse_date(value) == dt.date(2024, 3, 28)


def test_date_ambiguous_is_invalid_warning():
    result = parse_date("03/04/2024")
    assert isinstance(result, Invalid)
    assert result.is_error is False
    assert result.problem.startswith("is ambiguous")


@pytest.mark.parametrize("value", ["31.02.2024", "2024", 12.0, True, "soon"])
def test_date_invalid(value):
    assert isinstance(parse_date(value), Invalid)


@pytest.mark.parametrize("value, expected", [("1200", 1200), ("1,200", 1200), ("1.200", 1200), (1200.0, 1200),
                                             ("1 200", 1200), ("0", 0), ("1200.0", 1200)])
def test_integer_forms(value, expected):
    assert parse_integer(value) == expected


@pytest.mark.parametrize("value", ["1.5", "-3", "many", 1.5])
def test_integer_invalid(value):
    assert isinstance(parse_integer(value), Invalid)


@pytest.mark.parametrize("value, role", [("SOURCE", Role.SOURCE), ("Target System", Role.TARGET),
                                         ("proxy", Role.PROXY), ("Quelle", Role.SOURCE), ("Ziel", Role.TARGET)])
def test_role_forms(value, role):
    assert parse_role(value) is role


def test_role_unknown_is_error():
    result = parse_role("sauce")
    assert isinstance(result, Invalid)
    assert result.is_error is True


def test_split_list():
    assert split_list("BIZX; SAP Ariba,\nSAP Concur") == ("BIZX", "SAP Ariba", "SAP Concur")


@pytest.mark.parametrize("header, field", [
    ("Tenant ID", "tenant_id"), ("tenant_id", "tenant_id"), ("TENANT-ID", "tenant_id"), ("Mandant", "tenant_id"),
    ("Erstellt am", "created"), ("Bündel", "bundles"), ("Infrastruktur", "infrastructure"),
    ("Host\nURL", "host"), ("Target\u00a0IAS Tenant", "target_ias_tenant"),
])
def test_tenant_headers(header, field):
    assert match_header(header, TableKind.TENANTS) == field


@pytest.mark.parametrize("header, field", [
    ("Systemname", "name"), ("Rolle", "role"), ("Konnektor", "connector"), ("Konnektortyp", "connector"),
    ("Type", "connector"), ("Aktiviert", "enabled"), ("Role (source/target/proxy)", "role"),
    ("ias.api.version", "property:ias.api.version"), ("SF API Version", "property:sf.api.version"),
    ("c4c_api_version", "property:c4c.api.version"), ("Managed By", "managed_by"),
])
def test_system_headers(header, field):
    assert match_header(header, TableKind.SYSTEMS) == field


def test_unknown_header():
    assert match_header("Cost centre", TableKind.SYSTEMS) is None


@pytest.mark.parametrize("host, infrastructure", [
    ("ips-a1b2c3.dispatcher.eu2.hana.ondemand.com", Infrastructure.NEO),
    ("ips-a1b2c3.dispatcher.hana.ondemand.com", Infrastructure.NEO),
    ("ips-a1b2c3.dispatcher.cn1.platform.sapcloud.cn", Infrastructure.NEO),
    ("acme.accounts.ondemand.com", Infrastructure.SCI),
    ("acme.accounts.cloud.sap", Infrastructure.SCI),
    ("acme.accounts.sapcloud.cn", Infrastructure.SCI),
    ("acme.example.com", Infrastructure.UNKNOWN),
])
def test_infrastructure_from_host(host, infrastructure):
    assert infrastructure_from_host(host) is infrastructure


def test_normalize_host():
    assert normalize_host("https://ACME.accounts.ondemand.com:443/ips/") == "acme.accounts.ondemand.com"


@pytest.mark.parametrize("value", ["1899-12-30", "9999-12-31", dt.date(1900, 1, 1)])
def test_placeholder_dates_rejected(value):
    parsed = parse_date(value)
    assert isinstance(parsed, Invalid)
    assert "plausible range" in parsed.problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024/06/05", dt.date(2024, 6, 5)), ("5.6.24", dt.date(2024, 6, 5)), ("28-03-2024", dt.date(2024, 3, 28))],
)
def test_more_date_spellings(text, expected):
    assert parse_date(text) == expected


def test_dashed_day_month_ambiguous():
    assert isinstance(parse_date("05-06-2024"), Invalid)
