"""Property-based tests of the ingest: any workbook or CSV file gives an Inventory or an InputError.

Hypothesis generates tables whose headers come partly from the accepted header variants
and partly from random text, whose cells mix numbers, dates, booleans, blanks, long
strings, control characters and formula-looking text, with title rows above the header.
CSV files also get random separators, encodings and junk bytes. ``read_inventory`` must
report every problem as ``InputError``; any other exception is a bug in the ingest.

The examples are derandomized and no example database is used, so every run, locally
and in CI, tries the same inputs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from assess.errors import InputError
from assess.ingest import ReadOptions, read_inventory
from assess.ingest.headers import FIELDS, KNOWN_UNUSED, TableKind, match_header
from assess.model import Inventory

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TENANT_HEADERS = sorted({variant for spec in FIELDS[TableKind.TENANTS] for variant in (spec.label, *spec.variants)})
SYSTEM_HEADERS = sorted({variant for spec in FIELDS[TableKind.SYSTEMS] for variant in (spec.label, *spec.variants)})
EXTRA_HEADERS = sorted(
    {*KNOWN_UNUSED[TableKind.TENANTS], *KNOWN_UNUSED[TableKind.SYSTEMS]}
    | {"ias.api.version", "IAS API Version", "c4c.api.version", "Role (source/target/proxy)", "TENANT-ID",
       "tenant_id", " Host\n", "Name*", "#", "Tenant ID (required)"}
)

# Values the parsers accept, so that some rows get past the first error and reach linking.
PLAUSIBLE_TEXTS = (
    "source", "Target", "PROXY", "Quelle", "Ziel", "Neo", "SCI", "SAP Cloud Identity", "bundle", "standalone",
    "productive", "test", "IPS", "IAS", "yes", "no", "x", "ja", "nein", "TRUE", "0", "1", "SAP", "customer",
    "SAP_MANAGED", "OnPremise", "ProxyType=Internet", "OAuth2ClientCredentials", "basic",
    "SAP SuccessFactors", "Identity Authentication", "Microsoft Entra ID", "BIZX", "SAP SuccessFactors; BIZX",
    "a1b2c3", "d4e5f6", "ips-a1b2c3.dispatcher.eu2.hana.ondemand.com",
    "https://ips-a1b2c3.dispatcher.eu2.hana.ondemand.com/webapp/index.html", "d4e5f6.accounts.ondemand.com/ips",
    "acme.accounts.cloud.sap", "2024-03-28", "28.03.2024", "03/04/2024", "28/03/2024", "Mar 28, 2024",
    "2024-02-30", "45000", "1,200", "1.200", "-3", "1e400", "NA", "None", "NULL", "Tenant – ACME Production",
)
FORMULA_TEXTS = (
    "=1+1", "=SUM(A1:A3)", "=1/0", "=HYPERLINK(\"http://127.0.0.1\",\"x\")", "=(((", "+1", "-1+2", "@SUM(1)",
    "=\"source\"", "=A1",
)
CONTROL_CHARACTERS = "".join(chr(code) for code in range(32)) + "\x7f\x85\u2028\u2029\ufeff\ufffe"

random_text = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(CONTROL_CHARACTERS)), max_size=40
)
long_text = st.builds(lambda part, count: part * count, st.text(min_size=1, max_size=8), st.integers(200, 5000))
cell_text = st.one_of(
    st.sampled_from(PLAUSIBLE_TEXTS),
    st.sampled_from(FORMULA_TEXTS),
    random_text,
    long_text,
    st.sampled_from(("", " ", "\u00a0", "\n", "\t")),
)
cell_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    cell_text,
    cell_text,
)


@st.composite
def header_rows(draw, kind: str) -> list[str]:
    """Return a header row: real variants of one table kind mixed with random text."""
    pool = {"tenants": TENANT_HEADERS, "systems": SYSTEM_HEADERS}.get(kind, TENANT_HEADERS + SYSTEM_HEADERS)
    headers = draw(st.lists(st.one_of(st.sampled_from(pool), st.sampled_from(EXTRA_HEADERS), random_text),
                            min_size=1, max_size=14))
    # Most tables carry the columns that qualify them, so the rows below get parsed.
    if kind == "tenants" and draw(st.booleans()):
        headers = ["Tenant ID", "Host", *headers]
    if kind == "systems" and draw(st.booleans()):
        headers = ["Tenant", "System Name", "Connector Type", "Role", *headers]
    return headers


# Valid values per field, for rows that the ingest should accept.
FIELD_VALUES: dict[str, tuple[Any, ...]] = {
    "tenant_id": ("a1b2c3", "d4e5f6", "g7h8i9", 123456, "a1b2c3 "),
    "host": ("ips-a1b2c3.dispatcher.eu2.hana.ondemand.com", "https://d4e5f6.accounts.ondemand.com/ips",
             "g7h8i9.accounts.cloud.sap", "ips-x.dispatcher.cn1.platform.sapcloud.cn", "not a host"),
    "tenant": ("a1b2c3", "d4e5f6", "ACME Neo Prod", "ips-a1b2c3.dispatcher.eu2.hana.ondemand.com", "unknown"),
    "role": ("source", "target", "proxy", "Source System", "Ziel"),
    "name": ("SF Production", "IAS Target", "Entra Proxy", "SF Production ", 42),
    "infrastructure": ("Neo", "SCI", "SAP Cloud Identity", None),
    "tenant_model": ("bundle", "standalone", "Bündel", None),
    "bundles": ("SAP SuccessFactors", "BIZX; SAP Concur", "SAP Build Work Zone, advanced edition", "Unknown"),
    "connector": ("SAP SuccessFactors", "Identity Authentication", "SAP_COMMERCE_CLOUD", "LDAP Server", None),
    "service": ("IPS", "IAS", "Identity Provisioning", None),
    "created": (dt.date(2019, 5, 2), "2021-07-09", 43000, "03/04/2024"),
    "last_run": (dt.datetime(2024, 3, 28, 10, 0), "28.03.2024", "Mar 28, 2024"),
}

REQUIRED_FIELDS = frozenset({"tenant_id", "host", "name", "role"})


@st.composite
def data_rows(draw, header: list[str], kind: str) -> list[Any]:
    """Return a data row: random cells, or valid values for the columns the header names.

    In a valid row, the columns whose invalid values are errors (tenant ID, host, system
    name and role) always get a valid value. The other columns get a random value now
    and then, which gives only warnings.
    """
    width = len(header)
    if kind == "random" or draw(st.integers(0, 2)) == 0:
        return draw(st.lists(cell_value, max_size=width + 2))
    table_kind = TableKind.TENANTS if kind == "tenants" else TableKind.SYSTEMS
    row = []
    for text in header:
        field_name = match_header(text, table_kind) if isinstance(text, str) else None
        pool = FIELD_VALUES.get(field_name or "", PLAUSIBLE_TEXTS)
        if field_name in REQUIRED_FIELDS:
            row.append(draw(st.sampled_from(pool)))
        else:
            row.append(draw(st.one_of(st.sampled_from(pool), st.sampled_from(pool), cell_value)))
    return row


@st.composite
def tables(draw, kind: str | None = None) -> list[list[Any]]:
    """Return the rows of one table: title rows, the header row and data rows."""
    if kind is None:
        kind = draw(st.sampled_from(("tenants", "systems", "random")))
    titles = draw(st.lists(st.lists(cell_value, max_size=3), max_size=4))
    header = draw(header_rows(kind))
    rows = draw(st.lists(data_rows(header, kind), max_size=8))
    return [*titles, header, *rows]


def xlsx_value(value: Any) -> Any:
    """Return a cell value that openpyxl can store: it rejects the control characters XML forbids."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**53:
        # openpyxl writes big integers as they are, which Excel would round, so they are kept as text.
        return str(value)
    return value


# Excel forbids []:*?/\ in sheet names and an apostrophe at either end. The index makes names unique.
sheet_title_stems = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="[]:*?/\\'", exclude_categories=("Cs", "Cc")),
    max_size=25,
)


@st.composite
def workbooks(draw) -> bytes:
    """Return an .xlsx file with one to three sheets, of which all but the first may be hidden."""
    # A workbook needs a tenant and a system table to give an Inventory, so most have both.
    if draw(st.integers(0, 3)) > 0:
        sheet_tables = [draw(tables("tenants")), draw(tables("systems")), *draw(st.lists(tables(), max_size=1))]
    else:
        sheet_tables = draw(st.lists(tables(), min_size=1, max_size=3))
    titles = [f"{draw(sheet_title_stems).strip()} {index}".strip() for index in range(len(sheet_tables))]
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for index, (title, rows) in enumerate(zip(titles, sheet_tables)):
        sheet = workbook.create_sheet(title)
        offset_column = draw(st.integers(0, 2))
        for row_number, row in enumerate(rows, start=1):
            for column_number, value in enumerate(row, start=1 + offset_column):
                sheet.cell(row=row_number, column=column_number, value=xlsx_value(value))
        for row_number in draw(st.sets(st.integers(1, len(rows)), max_size=2)):
            sheet.row_dimensions[row_number].hidden = True
        if draw(st.booleans()) and len(rows) > 1 and len(rows[0]) > 1:
            sheet.merge_cells(start_row=1, start_column=1 + offset_column, end_row=1, end_column=2 + offset_column)
        if index > 0:
            sheet.sheet_state = draw(st.sampled_from(("visible", "hidden", "veryHidden")))
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


@st.composite
def damaged_workbooks(draw) -> bytes:
    """Return a generated .xlsx file with up to three bytes changed inside the compressed data of its parts."""
    data = bytearray(draw(workbooks()))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        entries = [info for info in package.infolist() if info.compress_size > 0]
    for _ in range(draw(st.integers(1, 3))):
        # openpyxl stamps the save time into docProps/core.xml, so part sizes vary from run
        # to run. Drawing positions as fractions keeps the draws the same in every run.
        info = entries[draw(st.integers(0, 999)) % len(entries)]
        # The local file header is 30 bytes, followed by the file name and the extra field,
        # whose lengths are the header's last two 16-bit fields.
        name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
        start = info.header_offset + 30 + name_length + extra_length
        position = start + draw(st.integers(0, 999_999)) * info.compress_size // 1_000_000
        data[position] ^= draw(st.integers(1, 255))
    return bytes(data)


def csv_text(value: Any, date_style: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime(date_style)
    return str(value)


@st.composite
def csv_files(draw, kind: str | None = None) -> bytes:
    """Return a CSV file: random separator, quoting, line ends, encoding and junk bytes."""
    rows = draw(tables(kind))
    delimiter = draw(st.sampled_from((",", ";", "\t", "|", " ")))
    date_style = draw(st.sampled_from(("%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y", "%d %b %Y", "%Y-%m-%dT%H:%M:%S")))
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        quoting=draw(st.sampled_from((csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC))),
        lineterminator=draw(st.sampled_from(("\r\n", "\n", "\r"))),
    )
    for row in rows:
        writer.writerow([csv_text(value, date_style) for value in row])
    text = buffer.getvalue()

    encoding = draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1")))
    data = text.encode(encoding, errors="replace")

    junk = draw(st.lists(st.tuples(st.integers(0, max(len(data), 1)), st.binary(min_size=1, max_size=16)),
                         max_size=3))
    for position, garbage in junk:
        data = data[:position] + garbage + data[position:]
    return data


def assert_inventory_or_input_error(paths: list[Path], options: ReadOptions = ReadOptions()) -> None:
    # The events show in --hypothesis-show-statistics how many examples got past the
    # header detection, which random input alone would rarely do.
    try:
        inventory = read_inventory(paths, options)
    except InputError as error:
        missing = [name for name in ("tenant", "system") if any(f"no {name} table" in line for line in error.lines())]
        event(f"InputError, no {' and no '.join(missing)} table" if missing else "InputError, other problems")
        assert error.issues, "an InputError must carry at least one issue"
        return
    event("Inventory with systems" if inventory.systems else "Inventory without systems")
    assert isinstance(inventory, Inventory)


@PROPERTY_SETTINGS
@given(content=workbooks(), include_hidden_rows=st.booleans())
def test_ingest_random_workbook(content, include_hidden_rows):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inventory.xlsx"
        path.write_bytes(content)
        assert_inventory_or_input_error([path], ReadOptions(include_hidden_rows=include_hidden_rows))


FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


@PROPERTY_SETTINGS
@given(content=damaged_workbooks())
def test_ingest_damaged_workbook(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inventory.xlsx"
        path.write_bytes(content)
        assert_inventory_or_input_error([path])


@PROPERTY_SETTINGS
@given(content=csv_files())
def test_ingest_random_csv(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inventory.csv"
        path.write_bytes(content)
        assert_inventory_or_input_error([path])


@PROPERTY_SETTINGS
@given(content=st.binary(max_size=2048), suffix=st.sampled_from((".csv", ".xlsx", ".xls", ".ods", ".json")))
def test_ingest_random_bytes(content, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"inventory{suffix}"
        path.write_bytes(content)
        assert_inventory_or_input_error([path])


@PROPERTY_SETTINGS
@given(tenants=csv_files("tenants"), systems=csv_files("systems"))
def test_ingest_random_folder(tenants, systems):
    # Two files in one folder: links between the tables of different files are exercised.
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "tenants.csv").write_bytes(tenants)
        (Path(folder) / "systems.csv").write_bytes(systems)
        assert_inventory_or_input_error([Path(folder)])


@pytest.mark.parametrize(
    "name", ["damaged_deflate_data.xlsx", "bad_crc_sheet.xlsx", "damaged_deflate_data_after_64_kib.xlsx"]
)
def test_ingest_damaged_zip_fixture(name):
    # tests/fixtures/ingest/make_damaged_workbooks.py writes these files. Python's zipfile
    # reads each with zlib.error or zipfile.BadZipFile, which the ingest must report as input errors.
    with pytest.raises(InputError) as raised:
        read_inventory([FIXTURES / name])
    assert all(name in line for line in raised.value.lines())


def test_ingest_intact_hand_built_fixture():
    # The undamaged twin of damaged_deflate_data_after_64_kib.xlsx reads without issues.
    inventory = read_inventory([FIXTURES / "intact_large_sheet.xlsx"])
    assert len(inventory.tenants) == 1500
    assert len(inventory.systems) == 1
    assert inventory.issues == ()
