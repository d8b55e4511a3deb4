"""Read SAP's Cloud Identity Services documentation source (SAP-docs/btp-cloud-identity-services).

The functions here read Markdown only and return plain data, which
``refresh.py`` turns into ``parsed.yaml``. Problems are collected, not raised, so that
one run reports every page that needs attention.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Role
from .availability_rules import classify_boxes, is_availability_box

HELP_URL = "https://help.sap.com/doc/f48e822d6d484fa5ade7dda78b64d9f5/Cloud/en-US/{loio}.html"

ROLE_SECTIONS = {"Source Systems": Role.SOURCE, "Target Systems": Role.TARGET, "Proxy Systems": Role.PROXY}

_INDEX_ENTRY = re.compile(r"^(?P<indent>\s*)-\s+\[(?P<title>.+)\]\((?P<target>[^)\s]+)\)\s*$")
_LOIO = re.compile(r"^<!--\s*loio([0-9a-f]{32})\s*-->")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BOX_HEADING = re.compile(r"^#+\s*(?P<kind>[A-Za-z ]+?)\s*:\s*(?P<rest>.*)$")
_NEO_DIAGRAM_HEADING = re.compile(r"^#+\s*Bundle Tenant on Neo Environment\s*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[[^\]]*\]\(images/(?P<file>[^)\s]+)\)")


@dataclass
class Problems:
    """Problems found while reading the docs, each naming the page it concerns."""

    items: list[str] = field(default_factory=list)

    def add(self, page: str, problem: str) -> None:
        self.items.append(f"{page}: {problem}")


@dataclass(frozen=True)
class IndexEntry:
    title: str
    page: str


@dataclass(frozen=True)
class Box:
    """A Markdown block quote such as "> ### Restriction:", with its text as plain words."""

    kind: str
    text: str


def slugify(name: str) -> str:
    """Build a stable id from a display name, the way SAP's page file names are formed."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def unescape_markdown(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def plain_text(markdown: str) -> str:
    """Reduce inline Markdown to its words: links keep their text, emphasis marks go."""
    text = _LINK.sub(r"\1", markdown)
    text = text.replace("**", "").replace("*", "").replace("`", "")
    text = unescape_markdown(text)
    return re.sub(r"\s+", " ", text).strip()


def help_url(loio: str) -> str:
    return HELP_URL.format(loio=loio)


def read_loio(path: Path) -> str | None:
    with path.open(encoding="utf-8") as handle:
        first_line = handle.readline()
    match = _LOIO.match(first_line.strip())
    return match.group(1) if match else None


def index_sections(index_text: str, titles: set[str]) -> dict[str, list[IndexEntry]]:
    """Return the direct children of the named entries of the navigation tree.

    A section ends at the next entry indented no deeper than its heading; deeper
    grandchildren (such as "Configure Single and Multiple Origins") are skipped.
    """
    sections: dict[str, list[IndexEntry]] = {}
    current: str | None = None
    heading_indent = 0
    child_indent: int | None = None

    for line in index_text.splitlines():
        match = _INDEX_ENTRY.match(line)
        if not match:
            continue
        indent = len(match.group("indent"))
        title = unescape_markdown(match.group("title")).strip()

        if current is not None and indent <= heading_indent:
            current = None
        if current is None:
            if title in titles:
                current, heading_indent, child_indent = title, indent, None
                sections[title] = []
            continue

        if child_indent is None:
            child_indent = indent
        if indent == child_indent:
            sections[current].append(IndexEntry(title, match.group("target")))
    return sections


def boxes(markdown: str) -> list[Box]:
    """Return the block quotes of a Markdown text, each with its box kind ("Note", "Restriction", ...)."""
    found: list[Box] = []
    block: list[str] = []

    def close() -> None:
        if not block:
            return
        heading = _BOX_HEADING.match(block[0])
        kind = heading.group("kind") if heading else ""
        body = ([heading.group("rest")] if heading else block[:1]) + block[1:]
        found.append(Box(kind, plain_text(" ".join(body))))
        block.clear()

    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith(">"):
            block.append(stripped[1:].strip())
        else:
            close()
    close()
    return found


def section(markdown: str, heading: str) -> str | None:
    """Return the text under a level-2 heading up to the next level-2 heading."""
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", markdown, re.MULTILINE | re.DOTALL)
    return match.group(1) if match else None


def parse_connector_page(docs: Path, page: str, problems: Problems) -> dict[str, object] | None:
    """Read a connector page's loio and classify its availability box.

    Only boxes under Prerequisites count. A box elsewhere that looks like an
    availability statement is reported, because the parser would otherwise miss it.
    """
    path = docs / page
    if not path.is_file():
        problems.add(page, "the page listed in index.md does not exist")
        return None
    loio = read_loio(path)
    if loio is None:
        problems.add(page, "the first line has no '<!-- loio<32 hex digits> -->' comment")
        return None

    markdown = path.read_text(encoding="utf-8")
    prerequisites = section(markdown, "Prerequisites") or ""
    availability = [box.text for box in boxes(prerequisites) if is_availability_box(box.kind, box.text)]

    outside = markdown.replace(prerequisites, "") if prerequisites else markdown
    for box in boxes(outside):
        if box.kind == "Restriction" and re.match(r"This system is available for", box.text):
            problems.add(page, f"an availability box outside Prerequisites is not parsed: {box.text!r}")

    fields, rules, box_problems = classify_boxes(availability)
    for problem in box_problems:
        problems.add(page, problem)
    if box_problems:
        return None
    return {"loio": loio, "fields": fields, "rules": rules}


def parse_bundles_page(docs: Path, page: str, problems: Problems) -> dict[str, object]:
    """Read the bundles page: which bundles enable every connector, the exceptions, and the bundle names."""
    markdown = (docs / page).read_text(encoding="utf-8")
    text = plain_text(markdown)

    full_sets = []
    all_connectors = re.search(r"all provisioning systems \(connectors\) are enabled for the (.+?) bundle tenant", text)
    if all_connectors:
        full_sets.append({"bundle": all_connectors.group(1), "roles": [role.value for role in Role]})
    else:
        problems.add(page, "the sentence naming the bundle with every connector enabled was not found")
    source_proxy = re.search(r"all source and proxy connectors are enabled for the (.+?) bundle tenant", text)
    if source_proxy:
        full_sets.append({"bundle": source_proxy.group(1), "roles": [Role.SOURCE.value, Role.PROXY.value]})
    else:
        problems.add(page, "the sentence naming the bundle with every source and proxy connector was not found")

    exceptions = []
    for box in boxes(markdown):
        if "availability of the following connectors" not in box.text:
            continue
        for item in re.split(r"\s+-\s+", box.text)[1:]:
            parsed = _parse_exception(item)
            if parsed is None:
                problems.add(page, f"the exception {item!r} matches no pattern")
            else:
                exceptions.append(parsed)
    if not exceptions:
        problems.add(page, "the list of connectors not supported in bundle tenants was not found")

    names_section = section(markdown, "SAP Cloud Solutions Bundled with Cloud Identity Services") or ""
    names = sorted({plain_text(item) for item in re.findall(r"^\s*-\s+(.+?)\s*$", names_section, re.MULTILINE)})
    if not names:
        problems.add(page, "the list of bundled SAP cloud solutions was not found")

    return {"full_sets": full_sets, "exceptions": exceptions, "bundle_names": names}


_EXCEPTION = re.compile(
    r"(?P<names>.+?) (?:is|are) not supported as (?P<roles>.+?) connectors? in bundle tenants\.?"
)


def _parse_exception(item: str) -> dict[str, list[str]] | None:
    match = _EXCEPTION.fullmatch(item.strip())
    if not match:
        return None
    names = [name.strip() for name in re.split(r",\s*|\s+and\s+", match.group("names")) if name.strip()]
    role_words = re.split(r",\s*|\s+and\s+", match.group("roles"))
    roles = [word.strip() for word in role_words if word.strip()]
    if not set(roles) <= {role.value for role in Role}:
        return None
    return {"connectors": names, "roles": roles}


def parse_bundle_page(docs: Path, entry: IndexEntry, problems: Problems) -> dict[str, object] | None:
    """Read one bundle page's loio and the image under "Bundle Tenant on Neo Environment", if any."""
    path = docs / entry.page
    loio = read_loio(path) if path.is_file() else None
    if loio is None:
        problems.add(entry.page, "missing page or missing loio comment")
        return None
    markdown = path.read_text(encoding="utf-8")
    diagram = None
    heading = _NEO_DIAGRAM_HEADING.search(markdown)
    if heading:
        image = _IMAGE.search(markdown, heading.end())
        if image is None:
            problems.add(entry.page, "the Neo diagram heading has no image")
        else:
            diagram = image.group("file")
    else:
        # Older pages (Ariba, IAG) show the diagram without that heading; their
        # diagram files, like all others, have "_Bundle_" in the name.
        bundle_images = [match.group("file") for match in _IMAGE.finditer(markdown) if "_Bundle_" in match.group("file")]
        diagram = bundle_images[0] if bundle_images else None
    name = re.sub(r"\s+Bundle$", "", entry.title)
    return {"name": name, "page": entry.page, "url": help_url(loio), "neo_diagram": diagram}


_PROTOCOL_COLUMNS = {
    "SCIM-based": "scim",
    "SOAP/OData-based": "soap_odata",
    "LDAP-based": "ldap",
    "RFC-based": "rfc",
}
_HTTP_SENTENCE = re.compile(r"Both (?P<first>.+?) and (?P<second>.+?) use Type: HTTP\.")


def parse_protocol_table(docs: Path, page: str, problems: Problems) -> list[dict[str, object]]:
    """Read the Protocol table of the system types page: connector names per protocol column.

    Names are kept as SAP writes them there (some are older names or carry a
    "version N" suffix); the loader resolves them to connector ids.
    """
    markdown = (docs / page).read_text(encoding="utf-8")
    protocol_section = section(markdown, "Protocol")
    if protocol_section is None:
        problems.add(page, "the Protocol section was not found")
        return []

    headers = [plain_text(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", protocol_section, re.DOTALL)]
    rows = re.findall(r"<tr>(.*?)</tr>", protocol_section, re.DOTALL)
    columns = [_PROTOCOL_COLUMNS.get(header) for header in headers]
    if None in columns or not rows:
        problems.add(page, f"unexpected Protocol table headers {headers!r}")
        return []

    entries: list[dict[str, object]] = []
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
        lists = [re.findall(r"^\s*-\s+(.+?)\s*$", cell, re.MULTILINE) for cell in cells]
        if len(cells) != len(columns) or not all(lists):
            continue
        for protocol, items in zip(columns, lists):
            entries.append({"protocol": protocol, "names": [plain_text(item) for item in items]})

    sentence = _HTTP_SENTENCE.search(plain_text(protocol_section))
    if sentence:
        entries.append({"protocol": "http", "names": [sentence.group("first"), sentence.group("second")]})
    else:
        problems.add(page, "the sentence about connectors that use Type HTTP only was not found")
    if not entries:
        problems.add(page, "the Protocol table lists no connectors")
    return entries
