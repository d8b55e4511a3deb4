"""Read the data rows of a system table column by column into a ``SystemBatch``.

A system table can have hundreds of thousands of rows, so each column is parsed as a
whole (see ``columns.parse_column``) and the per-row work is left to the few rows that
have a problem to report. Issues are reported in the order a row-by-row reading finds
them: row by row, and within a row the cells from left to right before the row checks.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Sequence

from ..model import SourceRef, System
from .columns import blank_column, parse_column, transpose
from .formulas import IGNORES_CELL, SKIPS_ROW, formulas_by_row, report_formula
from .headers import PROPERTY_PREFIX, TableKind, field_spec
from .issues import IssueLog
from .records import SYSTEM_ATTRIBUTES, SYSTEM_PARSERS, SystemDraft, Table, column_plan, report_hidden_rows, report_invalid, visible_rows
from .values import parse_property, parse_text
from .written import ExportCells, TableCells

# Attributes of System that a batch carries, in the order of the dataclass. Linking passes
# tenant_key and then these positionally, which is cheaper than keywords for every row.
_TENANT_KEY, *_OTHER_FIELDS = dataclasses.fields(System)
if _TENANT_KEY.name != "tenant_key":
    raise TypeError("System must declare tenant_key as its first field, because linking passes fields by position")
SYSTEM_FIELDS = tuple(spec.name for spec in _OTHER_FIELDS)
_ALL_FIELDS = (_TENANT_KEY.name, *SYSTEM_FIELDS)
# The frozen dataclass's __init__ sets each field through object.__setattr__, which took
# twice as long as filling __dict__ when creating 100,000 systems. Both give an equal
# object, as long as System has no __post_init__ and no __slots__.
_FILL_DICT = not hasattr(System, "__post_init__") and not hasattr(System, "__slots__")


def make_system(tenant_key: str, values: tuple[Any, ...]) -> System:
    """Create a System from its tenant key and the values of SYSTEM_FIELDS in order."""
    if not _FILL_DICT:
        return System(tenant_key, *values)
    system = object.__new__(System)
    system.__dict__.update(zip(_ALL_FIELDS, (tenant_key, *values)))
    return system


@dataclass
class SystemBatch:
    """Systems of one table or export file, column by column, waiting for their tenant keys.

    ``fields`` maps every name in ``SYSTEM_FIELDS`` to one value per system. The other
    lists are parallel to it.
    """

    fields: dict[str, list[Any]]
    tenant_refs: list[str | None]
    tenant_columns: list[str | None]
    table: SourceRef
    cells: TableCells | ExportCells
    """The rows as written, for messages about repeated systems."""
    tenant_formulas: dict[int, str] = dataclasses.field(default_factory=dict)
    """Row number -> formula of each Tenant cell whose result the file does not store."""

    def __len__(self) -> int:
        return len(self.tenant_refs)

    @classmethod
    def from_drafts(cls, drafts: list[SystemDraft], table: SourceRef) -> SystemBatch:
        """Collect the drafts of an IPS system export; absent values take the System defaults."""
        fields = {spec.name: [_value_or_default(draft.values, spec) for draft in drafts] for spec in _OTHER_FIELDS}
        tenant_refs = [draft.tenant_ref for draft in drafts]
        tenant_columns = [draft.tenant_column for draft in drafts]
        cells = ExportCells({draft.source.column: draft.cells for draft in drafts})
        return cls(fields, tenant_refs, tenant_columns, table, cells)


def _value_or_default(values: dict[str, Any], spec: dataclasses.Field) -> Any:
    if spec.name in values:
        return values[spec.name]
    if spec.default_factory is not dataclasses.MISSING:
        return spec.default_factory()
    return spec.default


@dataclass
class _ParsedTable:
    """Parsed cells of a system table's data rows, with every invalid cell recorded once."""

    numbers: list[int]
    values: dict[str, list[Any]]
    raw: dict[str, tuple[Any, ...] | list[None]]
    properties: dict[str, list[Any]]
    invalid: dict[int, list[tuple[int, Any]]]
    """Row position -> (column plan position, parser result) of each invalid cell, left to right."""
    formulas: dict[int, dict[str, str]] = dataclasses.field(default_factory=dict)
    """Row position -> field or property key -> formula of each cell whose result the file does not store."""


def read_systems(table: Table, include_hidden_rows: bool, log: IssueLog) -> SystemBatch:
    """Parse a system table, report its input issues and return its usable rows."""
    plan = column_plan(table, SYSTEM_PARSERS)
    numbers, rows, skipped = visible_rows(table, include_hidden_rows)
    parsed = _parse(table, plan, numbers, rows)
    parsed.formulas = _formula_positions(table, numbers)

    occupied = _occupied_rows(parsed, len(numbers))
    usable = _report_rows(table, plan, parsed, occupied, log)
    report_hidden_rows(table, skipped, log)

    usable_positions = [position for position, flag in enumerate(usable) if flag]
    return _batch(table, parsed, usable_positions)


def _formula_positions(table: Table, numbers: list[int]) -> dict[int, dict[str, str]]:
    if not table.formulas:
        return {}
    mapping = table.mapping
    columns = {**mapping.columns, **{PROPERTY_PREFIX + key: index for key, index in mapping.properties.items()}}
    by_row = formulas_by_row(table.formulas, columns)
    positions = {number: position for position, number in enumerate(numbers)}
    return {positions[number]: formulas for number, formulas in by_row.items() if number in positions}


def _parse(table: Table, plan, numbers: list[int], rows: list[list[Any]]) -> _ParsedTable:
    columns = transpose(rows)

    def cells(index: int) -> tuple[Any, ...] | list[None]:
        return columns[index] if index < len(columns) else blank_column(len(rows))

    values: dict[str, list[Any]] = {}
    raw: dict[str, tuple[Any, ...] | list[None]] = {}
    invalid: dict[int, list[tuple[int, Any]]] = {}
    for plan_index, (name, index, parser, _header, _label) in enumerate(plan):
        raw[name] = cells(index)
        values[name], positions = parse_column(raw[name], parser)
        for position in positions:
            invalid.setdefault(position, []).append((plan_index, values[name][position]))
            values[name][position] = None

    properties: dict[str, list[Any]] = {}
    for key, index in table.mapping.properties.items():
        raw[PROPERTY_PREFIX + key] = cells(index)
        properties[key] = parse_column(raw[PROPERTY_PREFIX + key], parse_property)[0]
    return _ParsedTable(numbers, values, raw, properties, invalid)


def _occupied_rows(parsed: _ParsedTable, count: int) -> list[bool]:
    """Flag the rows with at least one parsed value or formula; the others are blank and skipped."""
    columns = [*parsed.values.values(), *parsed.properties.values()]
    if not columns:
        occupied = [False] * count
    else:
        width = len(columns)
        occupied = [row.count(None) != width for row in zip(*columns)]
    for position in parsed.formulas:
        occupied[position] = True
    return occupied


def _report_rows(table: Table, plan, parsed: _ParsedTable, occupied: list[bool], log: IssueLog) -> list[bool]:
    """Report invalid cells and unusable rows in reading order; return which rows become systems."""
    values = parsed.values
    names, roles = values["name"], values.get("role", blank_column(len(occupied)))
    connector_missing = values["connector"] if "connector" in values else None
    usable = [flag and name is not None and role is not None for flag, name, role in zip(occupied, names, roles)]

    to_check = set(parsed.invalid)
    to_check.update(parsed.formulas)
    to_check.update(position for position, flag in enumerate(occupied) if flag and not usable[position])
    if connector_missing is not None:
        to_check.update(position for position, connector in enumerate(connector_missing) if connector is None and usable[position])

    for position in sorted(to_check):
        source = SourceRef(table.file, table.sheet, parsed.numbers[position])
        for plan_index, result in parsed.invalid.get(position, ()):
            name, _index, _parser, header, label = plan[plan_index]
            cell_source = SourceRef(source.file, source.sheet, source.row, header)
            report_invalid(log, cell_source, label, parsed.raw[name][position], result)
        _report_formulas(table, parsed.formulas.get(position, {}), usable[position], source, log)
        if occupied[position]:
            _check_row(table, parsed, position, source, log)
    return usable


# Field -> (is an error, consequence) of a formula cell without a stored result.
_FORMULA_CONSEQUENCES = {
    "name": (True, SKIPS_ROW),
    "role": (True, SKIPS_ROW),
    "connector": (False, "so the system cannot be matched to a connector"),
}


def _report_formulas(table: Table, formulas: dict[str, str], usable: bool, source: SourceRef, log: IssueLog) -> None:
    """Report the formula cells of one row, left to right.

    The Tenant cell of a usable row is reported when the row is linked, because whether
    the row can be assigned depends on how many tenants the inputs list.
    """
    mapping = table.mapping
    for key, formula in formulas.items():
        if key == "tenant" and usable:
            continue
        if key.startswith(PROPERTY_PREFIX):
            label = key.removeprefix(PROPERTY_PREFIX)
            header = mapping.headers[mapping.properties[label]]
            is_error, consequence = False, "so the API version counts as unknown"
        else:
            label = field_spec(TableKind.SYSTEMS, key).label
            header = mapping.header_of(key)
            is_error, consequence = _FORMULA_CONSEQUENCES.get(key, (False, IGNORES_CELL))
        if not usable and not is_error:
            consequence = IGNORES_CELL
        cell = SourceRef(source.file, source.sheet, source.row, header)
        report_formula(log, cell, label, formula, consequence, is_error)


def _check_row(table: Table, parsed: _ParsedTable, position: int, source: SourceRef, log: IssueLog) -> None:
    mapping = table.mapping
    columns = mapping.columns
    values = parsed.values

    def at(name: str) -> SourceRef:
        return SourceRef(source.file, source.sheet, source.row, mapping.header_of(name))

    name = values["name"][position]
    role = values["role"][position] if "role" in values else None
    formulas = parsed.formulas.get(position, {})
    if name is None and "name" not in formulas:
        log.error(at("name"), "the system name is blank", "Fill in the system name as shown in the IPS console")
    if (role is None and "role" in columns and "role" not in formulas
            and parse_text(parsed.raw["role"][position]) is None):
        log.error(at("role"), "the role is blank", "Write source, target or proxy")
    if name is None or role is None:
        return

    if "connector" in columns and values["connector"][position] is None and "connector" not in formulas:
        log.warning(
            at("connector"),
            "the connector type is blank, so the system cannot be matched to a connector",
            "Fill in the connector type as shown in the IPS console (Type)",
        )


def _batch(table: Table, parsed: _ParsedTable, kept: list[int]) -> SystemBatch:
    count = len(kept)
    everything = count == len(parsed.numbers)

    def column(name: str) -> list[Any]:
        values = parsed.values.get(name)
        if values is None:
            return blank_column(count)
        return values if everything else [values[position] for position in kept]

    connectors = column("connector")
    managed_by, sap_managed = column("managed_by"), column("sap_managed")
    fields = {name: column(name) for name in SYSTEM_FIELDS if name in SYSTEM_PARSERS}
    fields.update(
        connector_raw=[connector or "" for connector in connectors],
        source=[SourceRef(table.file, table.sheet, parsed.numbers[position]) for position in kept],
        planned=[bool(planned) for planned in column("planned")],
        properties=_properties(parsed, kept),
        managed_by_sap=[first if first is not None else second for first, second in zip(managed_by, sap_managed)],
        columns_present=[_present(table)] * count,
    )
    for spec in _OTHER_FIELDS:
        if spec.name not in fields:
            fields[spec.name] = [_value_or_default({}, spec) for _ in range(count)]
    tenant_column = table.mapping.header_of("tenant") if "tenant" in table.mapping.columns else None
    cells = TableCells(_headers(table), _written_columns(parsed), parsed.numbers)
    tenant_formulas = {
        parsed.numbers[position]: formulas["tenant"]
        for position, formulas in parsed.formulas.items()
        if "tenant" in formulas
    }
    return SystemBatch(fields, column("tenant"), [tenant_column] * count, table.ref, cells, tenant_formulas)


def _properties(parsed: _ParsedTable, kept: list[int]) -> list[dict[str, Any]]:
    keys = list(parsed.properties)
    if not keys:
        return [{} for _ in kept]
    selected = [[values[position] for position in kept] for values in parsed.properties.values()]
    properties = [dict(zip(keys, row)) for row in zip(*selected)]

    # A blank API version cell means the property is unset, which SAP reads as version 1,
    # but a formula without a stored result may give any version, so its key is left out.
    if parsed.formulas:
        for index, position in enumerate(kept):
            for key in parsed.formulas.get(position, ()):
                if key.startswith(PROPERTY_PREFIX):
                    del properties[index][key.removeprefix(PROPERTY_PREFIX)]
    return properties


def _written_columns(parsed: _ParsedTable) -> dict[str, Sequence[Any]]:
    """Return the columns that messages quote: the cells of converted columns, the parsed text of text columns.

    A text column's parsed values are its trimmed cells, which the batch keeps anyway. On
    the large landscape of benchmarks/run.py, keeping the cells of every column cost about
    2 % more ingest CPU time than keeping none, and this choice about 1 % (estimates: the
    medians of 12 runs on a shared 2-core machine).
    """
    columns: dict[str, Sequence[Any]] = {}
    for name, cells in parsed.raw.items():
        is_text = name.startswith(PROPERTY_PREFIX) or SYSTEM_PARSERS[name] is parse_text
        columns[name] = parsed.values[name] if is_text and name in parsed.values else cells
    return columns


def _headers(table: Table) -> dict[str, str]:
    """Return field or property key -> header as written, for every column that the table maps."""
    mapping = table.mapping
    headers = {name: mapping.headers[index] for name, index in mapping.columns.items()}
    headers.update({PROPERTY_PREFIX + key: mapping.headers[index] for key, index in mapping.properties.items()})
    return headers


def _present(table: Table) -> frozenset[str]:
    return frozenset(SYSTEM_ATTRIBUTES[name] for name in table.mapping.columns if name in SYSTEM_ATTRIBUTES)
