"""Load workbook sheets and CSV files into rows of cells, refusing files that are not what they claim.

Every row list starts at spreadsheet row 1, so a row's number is its index plus one.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

import defusedxml.ElementTree as safe_et

from ..messages import catalogue
from ..model import SourceRef
from .headers import detect_table
from .issues import IssueLog
from .options import ReadOptions
from .xlsx_guard import GuardError, SheetScan, check_package_size, find_document_type, scan_sheet, sheet_parts

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Office stores a password-protected xlsx as an OLE container with this stream.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


@dataclass
class Sheet:
    """Cells of one sheet or CSV file. ``name`` is None for CSV."""

    name: str | None
    rows: list[list[Any]]
    hidden_rows: set[int] = field(default_factory=set)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row number, 0-based column index) -> formula of each cell that python-calamine reads
    as blank because the file stores no result for it (.xlsx and .xlsm only)."""


def _describe_text(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head")):
        return "an HTML page"
    if head.startswith(b"<?xml"):
        return "an XML file"
    if head.startswith((b"{", b"[")):
        return "a JSON file"
    if b"\x00" not in data[:4096]:
        return "a text (CSV) file"
    return "not a workbook"


def load_workbook(data: bytes, ref: SourceRef, options: ReadOptions, log: IssueLog) -> list[Sheet]:
    """Return the sheets to read from a workbook's bytes, reporting problems to ``log``."""
    suffix = "." + ref.file.rsplit(".", 1)[-1].lower()
    if not data:
        log.error(ref, "the file is empty", "Export the workbook again from the spreadsheet program")
        return []

    if data.startswith(_OLE_MAGIC) and _ENCRYPTED_STREAM in data:
        data = _decrypt(data, ref, options, log)
        if data is None:
            return []

    scans: dict[str, SheetScan] = {}
    rejected: set[str] = set()
    if data.startswith(_ZIP_MAGIC):
        if not _check_zip(data, ref, suffix, options, scans, rejected, log):
            return []
    elif not data.startswith(_OLE_MAGIC):
        kind = _describe_text(data)
        log.error(
            ref,
            f"the file is {kind}, not a {suffix} workbook",
            "Open it in the spreadsheet program and save it as .xlsx, or give it the extension that matches its "
            "content (.csv for comma- or semicolon-separated text)",
        )
        return []
    return _read_with_calamine(data, ref, options, scans, rejected, log)


def open_checked_xlsx(data: bytes, ref: SourceRef, options: ReadOptions, log: IssueLog) -> tuple[Any, set[str]] | None:
    """Return a python-calamine workbook of an .xlsx file's bytes and the sheets its checks rejected.

    The package passes the same zip, size and structure checks as in ``load_workbook``,
    so a sheet may be loaded without the risk of the Rust reader aborting the process.
    Problems go to ``log``, and the result is None when the file cannot be read.
    """
    scans: dict[str, SheetScan] = {}
    rejected: set[str] = set()
    if not data.startswith(_ZIP_MAGIC):
        log.error(ref, "the file is not an .xlsx workbook", "Give the workbook that ips-assess wrote")
        return None
    if not _check_zip(data, ref, ".xlsx", options, scans, rejected, log):
        return None

    workbook = _open_calamine(data, ref, log)
    return None if workbook is None else (workbook, rejected)


def _open_calamine(data: bytes, ref: SourceRef, log: IssueLog) -> Any | None:
    """Return the python-calamine workbook of checked bytes, or None after logging why it cannot be opened."""
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        log.error(ref, "the workbook is password-protected (encrypted)", "Run again with --password, or save an "
                  "unprotected copy")
    except Exception as error:  # python-calamine raises several unrelated error types for damaged files
        log.error(ref, f"the workbook could not be read ({error})", "Open and save it again in the spreadsheet "
                  "program")
    return None


def _security_text(key: str, **params: object) -> str:
    return catalogue("en").text(f"security.ingest.{key}", **params)


def _mebibytes(options: ReadOptions) -> str:
    return f"{options.max_uncompressed_bytes / 2**20:,.0f}"


def _decrypt(data: bytes, ref: SourceRef, options: ReadOptions, log: IssueLog) -> bytes | None:
    if options.password is None:
        log.error(
            ref,
            "the workbook is password-protected (encrypted)",
            "Run again with --password, or save an unprotected copy",
        )
        return None
    try:
        import msoffcrypto
        from msoffcrypto.exceptions import DecryptionError, InvalidKeyError
    except ImportError:
        log.error(
            ref,
            "the workbook is password-protected and the package msoffcrypto-tool, needed to decrypt it, "
            "is not installed",
            "Install msoffcrypto-tool (pip install msoffcrypto-tool), or save an unprotected copy",
        )
        return None
    decrypted = io.BytesIO()
    try:
        office_file = msoffcrypto.OfficeFile(io.BytesIO(data))
        office_file.load_key(password=options.password)
        office_file.decrypt(decrypted)
    except (InvalidKeyError, DecryptionError):
        log.error(ref, "the password does not open the workbook", "Check the --password value")
        return None
    except Exception as error:  # msoffcrypto raises bare exceptions for malformed containers
        log.error(ref, f"the encrypted workbook could not be decrypted ({error})", "Save an unprotected copy")
        return None
    return decrypted.getvalue()


def _check_zip(
    data: bytes,
    ref: SourceRef,
    suffix: str,
    options: ReadOptions,
    scans: dict[str, SheetScan],
    rejected: set[str],
    log: IssueLog,
) -> bool:
    """Run the zip-bomb and cell-count checks, filling ``scans`` and ``rejected`` per xlsx sheet."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        log.error(
            ref,
            "the file is damaged or truncated (not a complete zip archive, as .xlsx, .xlsm and .ods files are)",
            "Copy or export the workbook again",
        )
        return False

    with package:
        names = set(package.namelist())
        try:
            check_package_size(package, options.max_uncompressed_bytes)
        except GuardError as error:
            log.error(ref, str(error), _security_text("unpacked_limit_suggestion", limit=_mebibytes(options)))
            return False
        try:
            document_type_part = find_document_type(package)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            log.error(ref, _security_text("damaged_problem", error=error), _security_text("damaged_suggestion"))
            return False
        if document_type_part is not None:
            log.error(
                ref,
                _security_text("document_type_problem", part=document_type_part),
                _security_text("document_type_suggestion"),
            )
            return False
        if "xl/workbook.xml" not in names:
            if "content.xml" in names:
                # NOTE: only the unpacked size of an .ods file is checked, because its sheet
                # extent is first known after python-calamine has loaded the sheet.
                return True
            log.error(ref, f"the file is a zip archive but not a {suffix} workbook", "Check that the right file was given")
            return False
        return _scan_xlsx_sheets(package, ref, options, scans, rejected, log)


def _scan_xlsx_sheets(
    package: zipfile.ZipFile,
    ref: SourceRef,
    options: ReadOptions,
    scans: dict[str, SheetScan],
    rejected: set[str],
    log: IssueLog,
) -> bool:
    try:
        parts = sheet_parts(package)
    except (KeyError, safe_et.ParseError, ValueError) as error:
        log.error(ref, f"the workbook structure is damaged ({error})", "Open and save the workbook again in Excel")
        return False
    except Exception as error:  # defusedxml raises its own DTD/entity errors
        log.error(ref, f"the workbook structure is not accepted ({error})", "Open and save the workbook again in Excel")
        return False

    for sheet_name, part in parts.items():
        sheet_ref = SourceRef(ref.file, sheet_name)
        try:
            scan = scan_sheet(lambda: package.open(part), options.max_cells)
        except KeyError:
            continue
        except (GuardError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            log.error(sheet_ref, f"{error}, so the sheet was not read",
                      _security_text("cell_limit_suggestion", limit=f"{options.max_cells:,}"))
            rejected.add(sheet_name)
            continue
        scans[sheet_name] = scan
    return True


def _read_with_calamine(
    data: bytes,
    ref: SourceRef,
    options: ReadOptions,
    scans: dict[str, SheetScan],
    rejected: set[str],
    log: IssueLog,
) -> list[Sheet]:
    import python_calamine

    workbook = _open_calamine(data, ref, log)
    if workbook is None:
        return []

    metadata = workbook.sheets_metadata
    visible = python_calamine.SheetVisibleEnum.Visible
    chosen = [m for m in metadata if m.visible == visible and m.typ == python_calamine.SheetTypeEnum.WorkSheet]
    if options.sheet is not None:
        # --sheet adds a hidden sheet to the visible ones, so a workbook that hides only its
        # systems sheet can still be assessed together with its visible tenant sheet.
        named = [m for m in metadata if m.name.casefold() == options.sheet.strip().casefold()]
        if not named:
            names = ", ".join(f"'{m.name}'" for m in metadata)
            log.warning(ref, f"the workbook has no sheet named '{options.sheet}', so only its visible sheets "
                        "were read", f"Check the name given to --sheet; the workbook's sheets are {names}")
        chosen += [m for m in named if m not in chosen]

    sheets = []
    for meta in chosen:
        if meta.name in rejected:
            continue
        sheet = _load_sheet(workbook, meta.name, ref, options, log)
        scan = scans.get(meta.name)
        if sheet is not None and scan is not None:
            sheet.hidden_rows = scan.hidden_rows
            _add_formulas(sheet, scan)
        if sheet is not None:
            sheets.append(sheet)
    return sheets


def _add_formulas(sheet: Sheet, scan: SheetScan) -> None:
    """Attach the formulas without a stored result, and add the rows that contain only such formulas.

    python-calamine ends a sheet at its last cell with a value, so rows below it that
    contain only formulas without a result are missing from its rows.
    """
    sheet.formulas = {(row, column - 1): formula for (row, column), formula in scan.formulas_without_value.items()}
    last_row = max((row for row, _column in sheet.formulas), default=0)
    width = len(sheet.rows[0]) if sheet.rows else 0
    while len(sheet.rows) < last_row:
        sheet.rows.append([""] * width)


def _load_sheet(workbook: Any, name: str, ref: SourceRef, options: ReadOptions, log: IssueLog) -> Sheet | None:
    sheet_ref = SourceRef(ref.file, name)
    try:
        # NOTE: for .xls and .ods this extent check runs after python-calamine has
        # already loaded the sheet. Only .xlsx/.xlsm sheets are checked beforehand.
        calamine_sheet = workbook.get_sheet_by_name(name)
        end = calamine_sheet.end
        if end is not None and (end[0] + 1) * (end[1] + 1) > options.max_cells:
            log.error(
                sheet_ref,
                f"the sheet spans {end[0] + 1:,} rows by {end[1] + 1:,} columns, more than the limit of "
                f"{options.max_cells:,} cells",
                _security_text("cell_limit_suggestion", limit=f"{options.max_cells:,}"),
            )
            return None
        rows = calamine_sheet.to_python(skip_empty_area=False)
        merged = calamine_sheet.merged_cell_ranges or []
    except Exception as error:  # python-calamine raises several unrelated error types for damaged sheets
        log.error(sheet_ref, f"the sheet could not be read ({error})", "Open and save the workbook again")
        return None
    _fill_vertical_merges(rows, merged)
    return Sheet(name, rows)


def _fill_vertical_merges(rows: list[list[Any]], merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Copy the value of a cell merged down a column into the rows it covers.

    A spreadsheet shows that value on every row of the merge, while the file stores it only
    in the top cell. Merges across columns are left alone, because those are titles and
    header groups, not values of several columns.
    """
    for (first_row, first_column), (last_row, last_column) in merged:
        if first_column != last_column or last_row <= first_row or first_row >= len(rows):
            continue
        top = rows[first_row]
        if first_column >= len(top):
            continue
        for row in rows[first_row + 1 : last_row + 1]:
            if first_column < len(row) and row[first_column] in ("", None):
                row[first_column] = top[first_column]


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode UTF-16 text saved without a byte order mark, recognised by its zero bytes.

    Latin text in UTF-16 has a zero byte in every other position, which never happens in
    UTF-8 or Windows-1252 CSV files.
    """
    sample = data[:2000]
    if len(sample) < 4 or sample.count(0) < len(sample) // 3:
        return None
    encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes) -> str | None:
    """Decode CSV bytes: UTF-8 or UTF-16 with a byte order mark, else UTF-8, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def load_csv(data: bytes, ref: SourceRef, log: IssueLog) -> list[Sheet]:
    """Return a CSV file as one sheet, split on the separator (comma, semicolon or tab) whose header matches best."""
    if not data.strip():
        log.error(ref, "the file is empty", "Export the table again")
        return []
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        log.error(ref, "the file is an Excel workbook, not CSV text", "Rename it to .xlsx (or .xls)")
        return []
    text = decode_text(data)
    if text is None:
        log.error(ref, "the file is neither UTF-8 nor Windows-1252 text", "Save the CSV again as UTF-8")
        return []

    delimiter = _choose_delimiter(text)
    try:
        rows: list[list[Any]] = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        log.error(ref, f"the CSV text could not be parsed ({error})", "Save the CSV again from the spreadsheet program")
        return []
    return [Sheet(None, rows)]


def _choose_delimiter(text: str) -> str:
    sample_lines = text.splitlines()[:60]
    sample = "\n".join(sample_lines)
    best_delimiter, best_score = ",", -1.0
    for delimiter in (",", ";", "\t"):
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
        except csv.Error:
            continue
        table = detect_table(rows)
        widest = max((len(row) for row in rows), default=0)
        # A recognised header outweighs any column count.
        score = (table.score * 1000 if table else 0) + widest
        if score > best_score:
            best_delimiter, best_score = delimiter, score
    return best_delimiter

