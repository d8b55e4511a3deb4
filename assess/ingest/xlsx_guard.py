"""Checks on an xlsx/xlsm/ods zip package before python-calamine reads it.

The Rust reader allocates a dense grid from a sheet's declared ``<dimension>`` and
its cell references, so a tiny file whose only cells are A1 and XFD1048576 makes it
try to allocate hundreds of gigabytes and abort the whole process. These checks
stream the XML with expat (document type declarations rejected, so no entity
expansion) and never build a tree.

The same pass finds formula cells without a stored result, which python-calamine reads
as blank cells. openpyxl and other libraries write formulas that way, because they do not
calculate them. Excel and LibreOffice store every result when they save.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Callable
from xml.parsers import expat

import defusedxml.ElementTree as safe_et

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_CHUNK_BYTES = 1 << 20


class GuardError(Exception):
    """The package is unsafe or damaged. The message is a plain sentence for the user."""


class _CellLimitExceeded(Exception):
    pass


class _DocumentTypeRejected(Exception):
    pass


class _PrologEnded(Exception):
    pass


@dataclass
class SheetScan:
    """Extent (1-based), hidden rows and formulas without a stored result of one worksheet."""

    max_row: int = 0
    max_column: int = 0
    declared_rows: int = 0
    declared_columns: int = 0
    hidden_rows: set[int] = field(default_factory=set)
    formulas_without_value: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, column), both 1-based -> the formula as the file stores it, without the leading
    '='. A cell that shares the formula of another cell has the empty string."""

    @property
    def cells(self) -> int:
        return max(self.max_row * self.max_column, self.declared_rows * self.declared_columns)


def check_package_size(package: zipfile.ZipFile, max_uncompressed_bytes: int) -> None:
    """Raise GuardError when the entries would inflate beyond the limit (a zip bomb)."""
    total = sum(info.file_size for info in package.infolist())
    if total > max_uncompressed_bytes:
        raise GuardError(
            f"the workbook would unpack to {_size(total)}, more than the limit of {_size(max_uncompressed_bytes)}"
        )


# Parts that XML parsers read: the package's own XML, its relationships and VML drawings.
_XML_PART_SUFFIXES = (".xml", ".rels", ".vml")
_PROLOG_CHUNK_BYTES = 64 * 1024


def find_document_type(package: zipfile.ZipFile) -> str | None:
    """Return the first XML part of the package that declares a document type, or None.

    OOXML and ODF packages never need a DTD, while a DTD is how an XML file declares
    entities (billion laughs) or points to external files. Only the prolog is parsed,
    up to the root element, so the check costs little even for large sheets.
    """
    for info in package.infolist():
        if info.filename.lower().endswith(_XML_PART_SUFFIXES):
            with package.open(info) as stream:
                if _declares_document_type(stream):
                    return info.filename
    return None


def _declares_document_type(stream: IO[bytes]) -> bool:
    def reject(*_args: object) -> None:
        raise _DocumentTypeRejected

    def stop(*_args: object) -> None:
        raise _PrologEnded

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = reject
    parser.StartElementHandler = stop
    head = b""
    try:
        while chunk := stream.read(_PROLOG_CHUNK_BYTES):
            head += chunk
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _DocumentTypeRejected:
        return True
    except _PrologEnded:
        return False
    except expat.ExpatError:
        # Another XML parser may accept what expat rejects, so fall back to the raw bytes.
        return b"<!DOCTYPE" in head.upper()
    return False


def _size(count: int) -> str:
    return f"{count / 2**20:,.1f} MiB" if count >= 2**20 else f"{count:,} bytes"


def _counted(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Return sheet name -> worksheet part path inside an xlsx/xlsm package."""
    workbook = safe_et.fromstring(package.read("xl/workbook.xml"))
    relations = safe_et.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relations.iter(f"{_PACKAGE_REL_NS}Relationship")}
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name", "")] = path
    return parts


def _column_number(letters: str, cache: dict[str, int]) -> int:
    number = cache.get(letters)
    if number is None:
        number = 0
        for letter in letters.upper():
            number = number * 26 + ord(letter) - 64
        cache[letters] = number
    return number


def scan_sheet(open_part: Callable[[], IO[bytes]], max_cells: int) -> SheetScan:
    """Stream a worksheet part and return its extent, raising GuardError past ``max_cells``.

    The scan also returns the hidden rows and the formula cells without a stored result.
    A regular-expression pass finds the ``r`` references of rows and cells in C code,
    which is several times faster than an expat callback per element. When any row
    or cell element lacks a reference it can find, the part is streamed again with
    expat, which follows the implicit positions exactly.
    """
    with open_part() as stream:
        scan = _scan_references(stream, max_cells)
    if scan is not None:
        return scan
    with open_part() as stream:
        return _scan_elements(stream, max_cells)


# Excel, LibreOffice and openpyxl write every row and cell with ``r`` as the first
# attribute and without a namespace prefix, which the fast pass relies on.
_ROW_TAG = re.compile(rb'<row r="(\d{1,9})"([^>]*)>')
_CELL_REF_ATTRIBUTE = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,9})"')
# XML allows any whitespace after the element name, and the Rust reader accepts it, so a
# cell written as <c\nr="XFD1048576"> must count as a cell that the fast pass cannot read.
_ROW_START = re.compile(rb"<row(?:\s|>|/>)")
_CELL_START = re.compile(rb"<c(?:\s|>|/>)")
# A row start tag that _ROW_TAG does not match whole; [^<>] keeps a damaged tag from
# swallowing the next one.
_UNREADABLE_ROW = re.compile(rb'<row(?:>|/>|\s(?!r="\d{1,9}"[^<>]*>)|\s(?<! ))')
_PREFIXED_TAG = re.compile(rb"<[A-Za-z_][\w.-]*:(?:c|row)[\s/>]")
# Every match of _PREFIXED_TAG contains one of these, and colons are rare in sheet XML,
# so this search is the cheap test before the exact one.
_PREFIX_HINT = re.compile(rb":(?:c|row)[\s/>]")
_DIMENSION = re.compile(rb"""<dimension\s[^>]*?\bref\s*=\s*["']([^"']*)["']""")
# A formula cell that ends after its <f> element, or after an empty <v> element. The OOXML
# schema (CT_Cell) fixes the order of a cell's children: f, then v, then is.
_FORMULA_WITHOUT_VALUE = re.compile(
    rb'<c r="([A-Z]{1,3})(\d{1,9})"([^>]*)>\s*<f(?:\s[^>]*?)?(?:/>|>([^<]*)</f>)\s*'
    rb"(<v(?:\s[^>]*?)?(?:/>|>\s*</v>))?\s*</c>"
)
_FORMULA_START = re.compile(rb"<f[\s/>]")
# LibreOffice 7.4 saves a formula whose result is the empty text as t="str" with an empty
# <v>, which is a stored result.
_TEXT_RESULT = re.compile(rb'\st="str"')


def _scan_references(stream: IO[bytes], max_cells: int) -> SheetScan | None:
    """Return the extent found by regular expressions, or None when the fast pass cannot be trusted."""
    scan = SheetScan()
    columns: dict[str, int] = {}
    carry = b""
    while True:
        chunk = stream.read(_CHUNK_BYTES)
        data = carry + chunk
        end = _split_point(data) if chunk else len(data)
        part, carry = data[:end], data[end:]
        if not _scan_chunk(part, scan, columns):
            return None
        if scan.cells > max_cells:
            raise GuardError(_too_many_cells_message(scan, max_cells))
        if not chunk:
            return scan


def _split_point(data: bytes) -> int:
    """Return where the next chunk starts: at an unfinished tag, or at a cell whose end tag is still to come.

    Keeping a cell whole lets the formula search see its <f> and <v> together. A cell
    longer than a chunk is split anyway, so that a damaged cell without an end tag does
    not make the carry grow with every chunk.
    """
    end = data.rfind(b"<")
    if end < 0:
        return len(data)
    cell = data.rfind(b'<c r="', max(0, end - _CHUNK_BYTES), end)
    if cell < 0:
        return end
    tag_end = data.find(b">", cell, end)
    if tag_end < 0 or data[tag_end - 1] == ord("/") or data.find(b"</c>", tag_end, end) >= 0:
        return end
    return cell


def _scan_chunk(part: bytes, scan: SheetScan, columns: dict[str, int]) -> bool:
    if scan.declared_rows == 0:
        dimension = _DIMENSION.search(part)
        if dimension:
            _read_dimension(dimension[1].decode("ascii", "replace"), scan, columns)
    if _PREFIX_HINT.search(part) and _PREFIXED_TAG.search(part):
        return False

    if _UNREADABLE_ROW.search(part):
        return False
    rows = _ROW_TAG.findall(part)
    if rows:
        scan.max_row = max(scan.max_row, max(int(number) for number, _ in rows))
    if b"hidden" in part:
        for number, attributes in rows:
            if b'hidden="1"' in attributes or b'hidden="true"' in attributes:
                scan.hidden_rows.add(int(number))
    # A search for one byte runs as memchr. On the 45 MB systems sheet of the large landscape
    # of benchmarks/run.py, which contains "f" only in its first and last chunk, it took 2 ms,
    # and a search for "<f" took 50 ms.
    if b"f" in part and _FORMULA_START.search(part):
        _find_formulas_without_value(part, scan, columns)

    # Most chunks only repeat rows and columns inside the extent found so far, and one
    # search proves that without building a tuple per cell.
    if scan.max_row and scan.max_column and not _outside_extent(scan.max_column, scan.max_row).search(part):
        return True
    references = _CELL_REF_ATTRIBUTE.findall(part)
    if len(references) != len(_CELL_START.findall(part)):
        return False
    if references:
        letters = {letters for letters, _ in references}
        numbers = {digits for _, digits in references}
        scan.max_column = max(scan.max_column, max(_column_number(x.decode(), columns) for x in letters))
        scan.max_row = max(scan.max_row, max(map(int, numbers)))
    return True


def _find_formulas_without_value(part: bytes, scan: SheetScan, columns: dict[str, int]) -> None:
    for match in _FORMULA_WITHOUT_VALUE.finditer(part):
        letters, digits, attributes, formula, value = match.groups()
        if value is not None and _TEXT_RESULT.search(attributes):
            continue
        position = (int(digits), _column_number(letters.decode("ascii"), columns))
        scan.formulas_without_value[position] = html.unescape(formula.decode("utf-8", "replace")) if formula else ""


@functools.lru_cache(maxsize=64)
def _outside_extent(max_column: int, max_row: int) -> re.Pattern[bytes]:
    """Compile a search for any cell tag that _CELL_REF_ATTRIBUTE does not match within the extent.

    A cell matches only when ``r`` comes first, after one space, and names a column and
    row at most ``max_column`` and ``max_row``, so a chunk without a hit leaves the
    extent unchanged and has exactly as many references as cell tags.
    """
    letters = _at_most(column_letters(max_column), "A", "Z", "[A-Z]")
    digits = _at_most(str(max_row), "0", "9", r"\d")
    inside = f'r="(?:{letters})(?:{digits})"'
    return re.compile(rf"<c(?:>|/>|\s(?!{inside})|\s(?<! ))".encode("ascii"))


def _at_most(text: str, first: str, last: str, any_character: str) -> str:
    """Build a regular expression for the strings over first..last that sort at most ``text``.

    Shorter strings sort lower, and strings of equal length compare character by character,
    which for digits without leading zeros and for column letters is numeric order.
    """
    alternatives = [f"{any_character}{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    for index, character in enumerate(text):
        if character > first:
            lower = f"[{first}-{chr(ord(character) - 1)}]"
            rest = len(text) - index - 1
            alternatives.append(text[:index] + lower + (f"{any_character}{{{rest}}}" if rest else ""))
    alternatives.append(text)
    return "|".join(alternatives)


def column_letters(number: int) -> str:
    """Return the letters of a 1-based column number, as the spreadsheet program shows them (28 is AB)."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class _FormulaCells:
    """Follow the <f> and <v> children of each cell during the expat pass.

    The end-tag and text handlers are installed at the first <f> element, so a sheet
    without formulas costs no extra callback.
    """

    def __init__(self, parser: expat.XMLParserType, scan: SheetScan):
        self.parser = parser
        self.scan = scan
        self.cell = (0, 0, "")
        self.formula: list[str] | None = None
        self.value: list[str] | None = None
        self.inline = False
        self.collecting: list[str] | None = None

    def start_cell(self, row: int, column: int, cell_type: str) -> None:
        self.cell = (row, column, cell_type)
        self.formula = self.value = self.collecting = None
        self.inline = False

    def start_child(self, local: str) -> None:
        if local == "f":
            if self.parser.EndElementHandler is None:
                self.parser.EndElementHandler = self.end
                self.parser.CharacterDataHandler = self.text
            self.formula = self.collecting = []
        elif local == "v" and self.formula is not None:
            self.value = self.collecting = []
        elif local == "is":
            self.inline = True

    def end(self, tag: str) -> None:
        local = tag[tag.find(":") + 1:]
        if local in ("f", "v"):
            self.collecting = None
        elif local == "c":
            self._finish_cell()

    def text(self, data: str) -> None:
        if self.collecting is not None:
            self.collecting.append(data)

    def _finish_cell(self) -> None:
        if self.formula is None or self.inline:
            return
        row, column, cell_type = self.cell
        value = "".join(self.value) if self.value is not None else None
        # See _TEXT_RESULT: an empty <v> of a text cell is a stored empty result.
        if value is None or (not value.strip() and cell_type != "str"):
            self.scan.formulas_without_value[(row, column)] = "".join(self.formula)
        self.formula = None


_CELL_CHILDREN = frozenset({"f", "v", "is"})


def _scan_elements(stream: IO[bytes], max_cells: int) -> SheetScan:
    scan = SheetScan()
    columns: dict[str, int] = {}
    state = {"row": 0, "column": 0}
    parser = expat.ParserCreate()
    formulas = _FormulaCells(parser, scan)

    def start(tag: str, attributes: dict[str, str]) -> None:
        local = tag[tag.find(":") + 1:]
        if local == "c":
            ref = attributes.get("r")
            match = _CELL_REF.fullmatch(ref) if ref else None
            if match:
                row = int(match[2])
                column = _column_number(match[1], columns)
            else:
                row = state["row"]
                column = state["column"] + 1
            state["column"] = column
            formulas.start_cell(row, column, attributes.get("t", ""))
            if row > scan.max_row:
                scan.max_row = row
            if column > scan.max_column:
                scan.max_column = column
            if scan.max_row * scan.max_column > max_cells:
                raise _CellLimitExceeded
        elif local == "row":
            number = attributes.get("r")
            state["row"] = int(number) if number and number.isdigit() else state["row"] + 1
            state["column"] = 0
            if attributes.get("hidden") in ("1", "true"):
                scan.hidden_rows.add(state["row"])
        elif local in _CELL_CHILDREN:
            formulas.start_child(local)
        elif local == "dimension":
            _read_dimension(attributes.get("ref", ""), scan, columns)
            if scan.declared_rows * scan.declared_columns > max_cells:
                raise _CellLimitExceeded

    def reject_document_type(*_args: object) -> None:
        raise _DocumentTypeRejected

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = reject_document_type
    parser.EntityDeclHandler = reject_document_type
    try:
        while chunk := stream.read(_CHUNK_BYTES):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _CellLimitExceeded:
        raise GuardError(_too_many_cells_message(scan, max_cells)) from None
    except _DocumentTypeRejected:
        raise GuardError("the sheet XML declares a document type, which workbooks never need") from None
    except expat.ExpatError as error:
        raise GuardError(f"the sheet XML is damaged ({expat.errors.messages.get(error.code, error)})") from None
    return scan


def _read_dimension(ref: str, scan: SheetScan, columns: dict[str, int]) -> None:
    corners = [_CELL_REF.fullmatch(part) for part in ref.split(":")]
    if not corners or not all(corners):
        return
    last = corners[-1]
    scan.declared_rows = int(last[2])
    scan.declared_columns = _column_number(last[1], columns)


def _too_many_cells_message(scan: SheetScan, max_cells: int) -> str:
    rows = max(scan.max_row, scan.declared_rows)
    columns = max(scan.max_column, scan.declared_columns)
    return (
        f"the sheet spans {_counted(rows, 'row')} by {_counted(columns, 'column')}, more than the limit of "
        f"{max_cells:,} cells"
    )
