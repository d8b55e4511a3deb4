"""Entry point of the ingest stage: files and folders in, an Inventory out."""

from __future__ import annotations

import gc
import hashlib
import logging
from pathlib import Path
from typing import Sequence

from ..errors import InputError
from ..model import InputFile, Inventory, SourceRef
from .formulas import report_header_formulas
from .headers import FIELDS, TableKind, detect_table, field_spec, first_text_row
from .issues import IssueLog
from .options import ReadOptions
from .records import Table, TenantDraft, read_tenants
from .system_table import SystemBatch, read_systems

logger = logging.getLogger("assess.ingest")

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
INPUT_SUFFIXES = (*SPREADSHEET_SUFFIXES, ".csv", ".json")
_REQUIRED_SYSTEM_COLUMNS = ("connector", "role")


def read_inventory(paths: Sequence[Path], options: ReadOptions = ReadOptions()) -> Inventory:
    """Read every input and return the inventory, or raise InputError listing every problem if any is an error.

    Warnings are returned in ``Inventory.issues``. Files are opened read-only.
    """
    # Reading creates millions of objects and no reference cycles, and each automatic
    # collection would walk all of them. Pausing the collector saved about a fifth of the
    # time on the 100,000 system rows of the large landscape of benchmarks/run.py.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_inventory(paths, options)
    finally:
        if collecting:
            gc.enable()


def _read_inventory(paths: Sequence[Path], options: ReadOptions) -> Inventory:
    log = IssueLog()
    files = _expand(paths, log)
    tenant_drafts: list[TenantDraft] = []
    system_batches: list[SystemBatch] = []
    tenant_tables: list[SourceRef] = []
    systems_found = False
    unreadable = False
    inputs: list[InputFile] = []

    for path, from_folder in files:
        ref = SourceRef(str(path))
        try:
            data = path.read_bytes()
        except OSError as error:
            log.error(ref, f"the file could not be read ({error.strerror or error})", "Check the path and permissions")
            unreadable = True
            continue
        logger.debug("reading %s (%d bytes)", path, len(data))
        errors_before = sum(issue.is_error for issue in log.issues)
        tables = _read_file(path, data, ref, options, from_folder, log, tenant_drafts, system_batches, tenant_tables)
        systems_found = systems_found or any(name.startswith("systems") for name in tables)
        if not tables and sum(issue.is_error for issue in log.issues) > errors_before:
            unreadable = True
        inputs.append(InputFile(str(path), hashlib.sha256(data).hexdigest(), len(data), tuple(tables)))

    _check_both_tables(files, tenant_tables, systems_found, unreadable, log)

    from .linking import build_systems, build_tenants

    tenants = build_tenants(tenant_drafts, log)
    systems = build_systems(system_batches, tenants, tenant_tables, log)
    log.close()
    if log.has_errors:
        raise InputError(log.errors_first())
    return Inventory(tuple(tenants), tuple(systems), tuple(log.issues), tuple(inputs))


def _is_own_report(path: Path) -> bool:
    """Tell the tool's own outputs apart, so a rerun on a folder that holds them still works."""
    return path.name == "assessment.json" or path.name.startswith(("ips-readiness-", "ips-assess-compare"))


def _expand(paths: Sequence[Path], log: IssueLog) -> list[tuple[Path, bool]]:
    """Return (file, found in a folder) for each input. A folder contributes every supported file in it."""
    files: list[tuple[Path, bool]] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(
                child for child in path.iterdir()
                if child.is_file()
                and child.suffix.lower() in INPUT_SUFFIXES
                # Excel's lock files (~$name.xlsx) and hidden files are never inputs.
                and not child.name.startswith(("~$", "."))
            )
            reports = [child for child in found if _is_own_report(child)]
            for child in reports:
                log.warning(SourceRef(str(child)), "the file is a report of ips-assess, not an input, so it is skipped",
                            "Write reports to a folder of their own with --out")
            found = [child for child in found if child not in reports]
            if not found:
                log.error(SourceRef(str(path)), "the folder contains no .xlsx, .xlsm, .xls, .ods, .csv or .json file",
                          "Put the inventory files in the folder, or name the files directly")
            files.extend((child, True) for child in found)
        elif not path.exists():
            log.error(SourceRef(str(path)), "the file was not found", "Check the path")
        elif path.suffix.lower() not in INPUT_SUFFIXES:
            log.error(SourceRef(str(path)), f"the file type '{path.suffix or '(none)'}' is not supported",
                      "Give .xlsx, .xlsm, .xls, .ods or .csv tables, or .json IPS system exports")
        else:
            files.append((path, False))
    return files


def _read_file(
    path: Path,
    data: bytes,
    ref: SourceRef,
    options: ReadOptions,
    from_folder: bool,
    log: IssueLog,
    tenant_drafts: list[TenantDraft],
    system_batches: list[SystemBatch],
    tenant_tables: list[SourceRef],
) -> list[str]:
    """Read one file into the tenant drafts and system batches and return a description of each table found."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        from .exports import load_system_export

        drafts = load_system_export(data, ref, log, required=not from_folder)
        if drafts is None:
            return []
        system_batches.append(SystemBatch.from_drafts(drafts, ref))
        return [f"systems (IPS system export, {len(drafts)} systems)"]

    from .sources import load_csv, load_workbook

    errors_before = sum(issue.is_error for issue in log.issues)
    sheets = load_csv(data, ref, log) if suffix == ".csv" else load_workbook(data, ref, options, log)
    descriptions: list[str] = []
    unrecognised_sheets: list[str] = []
    for sheet in sheets:
        mapping = detect_table(sheet.rows)
        sheet_label = f"sheet '{sheet.name}'" if sheet.name is not None else "the file"
        where = f"sheet '{sheet.name}', " if sheet.name is not None else ""
        if mapping is None:
            headers = ", ".join(f"'{text}'" for text in first_text_row(sheet.rows)[:12]) or "no text"
            unrecognised_sheets.append(f"{sheet_label} (first row with text: {headers})")
            continue
        table = Table(mapping.kind, str(path), sheet.name, sheet.rows, mapping, sheet.hidden_rows, sheet.formulas)
        _report_columns(table, log)
        descriptions.append(f"{mapping.kind.value} ({where}header row {mapping.header_index + 1})")
        if mapping.kind is TableKind.TENANTS:
            tenant_tables.append(table.ref)
            tenant_drafts.extend(read_tenants(table, options.include_hidden_rows, log))
        else:
            system_batches.append(read_systems(table, options.include_hidden_rows, log))

    errors_now = sum(issue.is_error for issue in log.issues)
    if not descriptions and errors_now == errors_before:
        seen = "; ".join(unrecognised_sheets) or "no sheet with data"
        log.error(
            ref,
            f"no sheet looks like a tenant or system table: {seen}",
            "Add a header row with tenant columns (Tenant ID or Host, Display Name, ...) or system columns "
            "(Tenant, System Name, Connector Type, Role, ...); docs/inputs.md lists every accepted header",
        )
    return descriptions


def _report_columns(table: Table, log: IssueLog) -> None:
    mapping = table.mapping
    header = table.header_ref()
    report_header_formulas(table.formulas, header, log)
    if mapping.kind is TableKind.SYSTEMS:
        for name in _REQUIRED_SYSTEM_COLUMNS:
            if name not in mapping.columns:
                spec = field_spec(TableKind.SYSTEMS, name)
                expected = ", ".join(spec.variants[:6])
                closest = ", ".join(f"'{h}'" for h in _closest(table, name)) or "none"
                log.error(
                    header,
                    f"the systems table has no {spec.label} column (expected a header such as {expected})",
                    f"Add a {spec.label} column; the closest headers found are: {closest}",
                )
    for text, name in mapping.repeated:
        log.warning(
            SourceRef(header.file, header.sheet, header.row, text),
            f"the column is also read as {_label(table, name)}, like the column '{_first_header(table, name)}' "
            "to its left, so it is ignored",
            "Rename or delete one of the two columns",
        )
    if mapping.unrecognised:
        listed = ", ".join(f"'{text}'" for text in mapping.unrecognised)
        log.warning(
            header,
            f"{'1 column is' if len(mapping.unrecognised) == 1 else f'{len(mapping.unrecognised)} columns are'} "
            f"not used by the assessment: {listed}",
            "Nothing to do unless one of them contains data the assessment needs; docs/inputs.md lists accepted headers",
        )


def _label(table: Table, name: str) -> str:
    """Return the template's column label of a field, or the property name of an API version column."""
    if name in table.mapping.properties:
        return name
    return field_spec(table.kind, name).label


def _first_header(table: Table, name: str) -> str:
    mapping = table.mapping
    index = mapping.properties[name] if name in mapping.properties else mapping.columns[name]
    return mapping.headers[index]


def _closest(table: Table, name: str) -> list[str]:
    from .headers import closest_headers

    return closest_headers(field_spec(table.kind, name), table.mapping)


def _check_both_tables(
    files: list[tuple[Path, bool]],
    tenant_tables: list[SourceRef],
    systems_found: bool,
    unreadable: bool,
    log: IssueLog,
) -> None:
    # A file that could not be read already has its own error, and "no table" would only repeat it.
    if not files or unreadable:
        return
    where = SourceRef(", ".join(str(path) for path, _ in files[:5]) + (", ..." if len(files) > 5 else ""))
    tenant_headers = ", ".join(spec.label for spec in FIELDS[TableKind.TENANTS][:6])
    system_headers = ", ".join(spec.label for spec in FIELDS[TableKind.SYSTEMS][:4])
    if not tenant_tables:
        log.error(where, "no tenant table was found in the inputs",
                  f"Add a sheet or CSV file listing the IPS tenants, with headers such as {tenant_headers}")
    if not systems_found:
        log.error(where, "no system table and no IPS system export was found in the inputs",
                  f"Add a sheet or CSV file listing the systems, with headers such as {system_headers}, "
                  "or the JSON files exported from the IPS console")
