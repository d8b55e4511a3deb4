"""Write the input workbook that customers fill in: a Tenants and a Systems sheet.

The headers are the field labels of ``assess.ingest.headers``, which the ingest's
header matcher always accepts, so a filled-in template is read without column
warnings. The drop-down lists live on a hidden Lists sheet, because the connector
list is longer than the 255 characters Excel allows in an inline list, and the
ingest skips hidden sheets.

Importing this module is cheap: openpyxl and the catalog are loaded when a template
is built.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OutputError, UsageError
from .ingest.headers import FIELDS, TableKind
from .ingest.records import SYSTEM_PARSERS, TENANT_PARSERS
from .ingest.values import parse_boolean, parse_date

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from .catalog import Catalog

DEFAULT_NAME = "ips-assess-input-template.xlsx"

# The drop-down lists apply down to Excel's last row, so rows the customer adds get them too.
EXCEL_MAX_ROW = 1_048_576

# The example rows are invented: this tenant ID and host belong to no real tenant.
EXAMPLE_TENANT_ID = "x1y2z3w4v"
EXAMPLE_HOST = f"ips-{EXAMPLE_TENANT_ID}.dispatcher.eu2.hana.ondemand.com"
EXAMPLE_CREATED = dt.date(2019, 4, 15)
EXAMPLE_LAST_RUN = dt.date(2024, 3, 28)
EXAMPLE_ENTITY_COUNT = 1250
EXAMPLE_BUNDLE_ID = "sap-successfactors"
EXAMPLE_CONNECTOR_ID = "sap-successfactors"
EXAMPLE_WANTED_CONNECTOR_IDS = ("sap-successfactors", "identity-authentication")

DATE_FORMAT = "yyyy-mm-dd"
MIN_COLUMN_WIDTH = 12
MAX_COLUMN_WIDTH = 45
COMMENT_WIDTH_PX = 320
HEADER_FILL = "DDE4EE"

# Drop-down list of each column that has one, as (list name, strict). A strict list
# rejects other values. A lenient list only warns, because the ingest also reads names
# and codes that are not in the list.
TENANT_LISTS: dict[str, tuple[str, bool]] = {
    "infrastructure": ("infrastructure", True),
    "tenant_model": ("tenant_model", True),
    "bundles": ("bundles", False),
    "tenant_type": ("tenant_type", True),
    "service": ("service", True),
}
SYSTEM_LISTS: dict[str, tuple[str, bool]] = {
    "connector": ("connector", False),
    "role": ("role", True),
    "proxy_type": ("proxy_type", True),
    "authentication": ("authentication", False),
    "managed_by": ("managed_by", True),
}
YES_NO_LIST = "yes_no"


@dataclass(frozen=True)
class Column:
    """A column of a template sheet."""

    header: str
    comment: str
    example: Any = None
    list_name: str | None = None
    strict: bool = True
    """Whether the drop-down list rejects values outside it (Excel's "stop" style) or only warns."""
    number_format: str | None = None


def write_template(path: Path, *, force: bool = False, catalog: Catalog | None = None) -> Path:
    """Write the template workbook to ``path`` and return the path.

    Raises UsageError when ``path`` exists (unless ``force``), is a folder, does not end
    in .xlsx or lies in a missing folder, and OutputError when writing fails.
    """
    _check_target(path, force)
    if catalog is None:
        from .catalog import load_catalog

        catalog = load_catalog()

    content = io.BytesIO()
    build_template(catalog).save(content)
    _save(content.getvalue(), path, force)
    return path


def build_template(catalog: Catalog) -> Workbook:
    """Build the template workbook: Tenants and Systems sheets and the hidden Lists sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    tenants_sheet = workbook.active
    tenants_sheet.title = _text("sheets.tenants")
    systems_sheet = workbook.create_sheet(_text("sheets.systems"))
    lists_sheet = workbook.create_sheet(_text("sheets.lists"))

    list_ranges = _write_lists(lists_sheet, choice_lists(catalog))
    _write_table(tenants_sheet, tenant_columns(catalog), list_ranges)
    _write_table(systems_sheet, system_columns(catalog), list_ranges)

    lists_sheet.sheet_state = "hidden"
    workbook.active = 0
    return workbook


def choice_lists(catalog: Catalog) -> dict[str, list[str]]:
    """Return the values of every drop-down list by list name, in the forms the ingest accepts."""
    bundles = sorted(
        (list_safe_name(bundle.name) for bundle in catalog.bundles.values() if bundle.ips_included),
        key=str.casefold,
    )
    connectors = sorted((connector.name for connector in catalog.connectors.values()), key=str.casefold)
    return {
        "infrastructure": [_value("neo"), _value("sci")],
        "tenant_model": [_value("bundle"), _value("standalone")],
        "bundles": bundles,
        "tenant_type": [_value("productive"), _value("test")],
        "service": [_value("ips"), _value("ias")],
        "connector": connectors,
        "role": [_value("source"), _value("target"), _value("proxy")],
        YES_NO_LIST: [_value("yes"), _value("no")],
        "proxy_type": [_value("on_premise"), _value("internet")],
        "authentication": [_value("basic"), _value("oauth"), _value("certificate")],
        "managed_by": [_value("sap"), _value("customer")],
    }


def list_safe_name(name: str) -> str:
    """Drop the commas and semicolons from a name that goes into a list cell.

    The ingest splits a Bundles cell on commas and semicolons, so "SAP Build Work Zone,
    advanced edition" would become two unknown bundles. Bundle matching ignores
    punctuation, so the name without the comma still matches its bundle.
    """
    return " ".join(name.replace(",", " ").replace(";", " ").split())


def tenant_columns(catalog: Catalog) -> list[Column]:
    """Return the Tenants sheet's columns: every tenant field the ingest reads, in its order."""
    bundle_name = list_safe_name(catalog.bundles[EXAMPLE_BUNDLE_ID].name)
    wanted_connectors = "; ".join(
        catalog.connectors[connector_id].name for connector_id in EXAMPLE_WANTED_CONNECTOR_IDS
    )
    examples: dict[str, Any] = {
        "tenant_id": EXAMPLE_TENANT_ID,
        "host": EXAMPLE_HOST,
        "display_name": _text("example.display_name"),
        "infrastructure": _value("neo"),
        "tenant_model": _value("bundle"),
        "bundles": bundle_name,
        "tenant_type": _value("productive"),
        "region": _text("example.region"),
        "created": EXAMPLE_CREATED,
        "target_ias_tenant": _text("example.target_ias_tenant"),
        "wanted_connectors": wanted_connectors,
        "service": _value("ips"),
    }
    return [_field_column(TableKind.TENANTS, spec.name, spec.label, examples) for spec in FIELDS[TableKind.TENANTS]]


def system_columns(catalog: Catalog) -> list[Column]:
    """Return the Systems sheet's columns: every system field, then one per API version property in the catalog."""
    examples: dict[str, Any] = {
        "tenant": EXAMPLE_TENANT_ID,
        "name": _text("example.system_name"),
        "connector": catalog.connectors[EXAMPLE_CONNECTOR_ID].name,
        "role": _value("source"),
        "enabled": _value("yes"),
        "planned": _value("no"),
        "destination_name": _text("example.destination_name"),
        "proxy_type": _value("internet"),
        "authentication": _value("oauth"),
        "inbound_certificate": _value("no"),
        "transformations_modified": _value("yes"),
        "real_time": _value("no"),
        "last_run": EXAMPLE_LAST_RUN,
        "last_status": _text("example.last_status"),
        "entity_count": EXAMPLE_ENTITY_COUNT,
        "managed_by": _value("customer"),
    }
    columns = [_field_column(TableKind.SYSTEMS, spec.name, spec.label, examples) for spec in FIELDS[TableKind.SYSTEMS]]
    return columns + _api_version_columns(catalog)


def _field_column(kind: TableKind, name: str, label: str, examples: dict[str, Any]) -> Column:
    table = "tenants" if kind is TableKind.TENANTS else "systems"
    parsers = TENANT_PARSERS if kind is TableKind.TENANTS else SYSTEM_PARSERS
    lists = TENANT_LISTS if kind is TableKind.TENANTS else SYSTEM_LISTS
    parser = parsers[name]

    # Columns are typed by the parser the ingest applies, so a new yes/no or date
    # column gets its drop-down list or date format without a change here.
    list_name, strict = lists.get(name, (None, True))
    if parser is parse_boolean:
        list_name, strict = YES_NO_LIST, True
    number_format = DATE_FORMAT if parser is parse_date else None

    return Column(
        header=label,
        comment=_text(f"columns.{table}.{name}"),
        example=examples.get(name),
        list_name=list_name,
        strict=strict,
        number_format=number_format,
    )


def _api_version_columns(catalog: Catalog) -> list[Column]:
    columns: list[Column] = []
    seen: set[str] = set()
    for version_rule in catalog.api_versions:
        if version_rule.property in seen:
            continue
        seen.add(version_rule.property)
        connector = catalog.connectors[version_rule.connector_id].name
        if version_rule.unset_means is None:
            comment = _text("columns.systems.api_version_no_default", property=version_rule.property,
                            connector=connector)
        else:
            comment = _text("columns.systems.api_version", property=version_rule.property, connector=connector,
                            unset_means=version_rule.unset_means)
        columns.append(Column(header=version_rule.property, comment=comment))
    return columns


def _write_lists(sheet: Worksheet, lists: dict[str, list[str]]) -> dict[str, str]:
    """Write one list per column of ``sheet`` and return each list's absolute range reference."""
    from openpyxl.utils import get_column_letter, quote_sheetname

    ranges: dict[str, str] = {}
    for index, (list_name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=_text(f"lists.{list_name}"))
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value)
        sheet.column_dimensions[letter].width = _width([_text(f"lists.{list_name}"), *values])
        ranges[list_name] = f"{quote_sheetname(sheet.title)}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _write_table(sheet: Worksheet, columns: list[Column], list_ranges: dict[str, str]) -> None:
    """Write the header row with comments, the example row and the drop-down lists."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    author = _text("comment_author")
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", start_color=HEADER_FILL)
    header_alignment = Alignment(vertical="top", wrap_text=True)

    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=column.header)
        header.font = header_font
        header.fill = header_fill
        header.alignment = header_alignment
        header.comment = _comment(Comment, column.comment, author)

        example = sheet.cell(row=2, column=index, value=column.example)
        if column.number_format is not None:
            example.number_format = column.number_format

        sheet.column_dimensions[letter].width = _width([column.header, column.example])

        if column.list_name is not None:
            validation = DataValidation(
                type="list",
                formula1=list_ranges[column.list_name],
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="stop" if column.strict else "warning",
                errorTitle=_text("validation.title"),
                error=_text("validation.strict" if column.strict else "validation.lenient"),
            )
            validation.add(f"{letter}2:{letter}{EXCEL_MAX_ROW}")
            sheet.add_data_validation(validation)

    sheet.freeze_panes = "A2"


def _comment(comment_type: type, text: str, author: str) -> Any:
    comment = comment_type(text, author)
    # openpyxl writes the box size in pixels, and Excel does not grow the box to fit the
    # text. The 50 characters per 320-pixel line are an estimate for Excel's default comment font.
    lines = len(text) // 50 + 2
    comment.width = COMMENT_WIDTH_PX
    comment.height = 16 * lines
    return comment


def _width(values: list[Any]) -> int:
    longest = max((len(_shown(value)) for value in values if value is not None), default=0)
    return min(max(longest + 2, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH)


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _check_target(path: Path, force: bool) -> None:
    if path.is_dir():
        raise UsageError(_text("is_folder", path=path, name=DEFAULT_NAME))
    if path.suffix.lower() != ".xlsx":
        raise UsageError(_text("wrong_suffix", path=path))
    if not path.parent.is_dir():
        raise UsageError(_text("folder_missing", path=path))
    if path.exists() and not force:
        raise UsageError(_text("exists", path=path))


def _save(content: bytes, path: Path, force: bool) -> None:
    """Write ``content`` to ``path``. Without ``force``, a file that appeared after the check is kept."""
    if not force:
        try:
            with open(path, "xb") as handle:
                handle.write(content)
        except FileExistsError:
            raise UsageError(_text("exists", path=path)) from None
        except OSError as error:
            path.unlink(missing_ok=True)
            raise OutputError(_text("write_failed", path=path, error=error.strerror or error)) from None
        return

    # Replacing through a temporary file in the same folder leaves the old file intact
    # when writing fails part-way.
    temporary: str | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".ips-assess-", suffix=".xlsx", delete=False) as handle:
            temporary = handle.name
            handle.write(content)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise OutputError(_text("write_failed", path=path, error=error.strerror or error)) from None


def _text(key: str, **params: object) -> str:
    from .messages import catalogue

    return catalogue("en").text(f"template.{key}", **params)


def _value(key: str) -> str:
    return _text(f"values.{key}")
