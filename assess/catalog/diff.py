"""Differences between two connector catalogs, and the age of the catalog of an assessment.

The diff reads both data layers as YAML instead of building a ``Catalog``. So it also shows
the changes of a catalog that the loader rejects, such as a regenerated parsed layer in which
a connector was renamed while the overlay still names its old id. A connector that disappears under
one id and appears under another is a rename when both share an SAP page (the loio in the
page URL) or when one name is an alias or former name of the other.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..errors import UsageError
from ..messages import catalogue
from .loader import OVERLAY_FILE, PARSED_FILE, default_data_dir, read_yaml
from .matching import normalise_name

AVAILABILITY_FIELDS = ("sci_bundle", "neo_bundle", "standalone_sci", "standalone_neo", "page")
"""Fields of a connector role that decide its availability, plus the page that states it."""

BUNDLE_FIELDS = ("name", "url", "neo_diagram", "neo_set_known", "ips_included")
BUNDLE_PAGE_FIELDS = ("page", "url", "neo_diagram")
FACT_FIELDS = ("value", "source", "verified")
API_VERSION_FIELDS = ("connector", "status", "date", "unset_means", "source", "verified")

DEFAULT_MAX_CATALOG_AGE_DAYS = 180
"""Age of the catalog, in days before the assessment date, from which ``run`` warns.

An estimate of how long SAP's connector pages stay unchanged, not a figure SAP publishes.
"""


@dataclass(frozen=True)
class CatalogData:
    """The two data layers of one catalog as read from YAML, and where they came from."""

    origin: str
    parsed: Mapping[str, Any]
    overlay: Mapping[str, Any]


@dataclass(frozen=True)
class CatalogChange:
    """One difference between two catalogs.

    ``section`` and ``kind`` select the message, such as ``connector`` ``renamed``.
    ``subject`` names the connector, role, bundle or fact. ``field`` names the field that
    changed, or the new id of a renamed connector. ``old`` and ``new`` are printable values,
    None where the item does not exist.
    """

    section: str
    kind: str
    subject: str
    field: str | None = None
    old: str | None = None
    new: str | None = None


# Reading


def read_catalog_data(data_dir: Path, overlay_dir: Path | None = None) -> CatalogData:
    """Read parsed.yaml and overlay.yaml of ``data_dir``, or ``overlay_dir``'s overlay when ``data_dir`` has none."""
    overlay_path = data_dir / OVERLAY_FILE
    if not overlay_path.is_file() and overlay_dir is not None:
        overlay_path = overlay_dir / OVERLAY_FILE
    return CatalogData(str(data_dir), read_yaml(data_dir / PARSED_FILE), read_yaml(overlay_path))


def regenerate_from_docs(docs: Path, overlay_dir: Path, read_on: dt.date | None = None) -> CatalogData:
    """Parse a checkout of SAP's docs into a temporary parsed.yaml and pair it with ``overlay_dir``'s overlay."""
    from .refresh import refresh_catalog

    with tempfile.TemporaryDirectory(prefix="ips-assess-catalog-") as folder:
        written = refresh_catalog(docs, Path(folder), read_on)
        parsed = read_yaml(written)
    return CatalogData(str(docs), parsed, read_yaml(overlay_dir / OVERLAY_FILE))


def read_against(against: Path, base_dir: Path | None = None) -> CatalogData:
    """Read the catalog to compare with: a data folder with parsed.yaml, or a docs checkout.

    Raises ``UsageError`` when the path does not exist, and ``CatalogError`` when it is
    neither a data folder nor a docs checkout that the parser can read.
    """
    base_dir = base_dir or default_data_dir()
    if not against.exists():
        raise UsageError(_text("error.against_missing", path=against))
    if (against / PARSED_FILE).is_file():
        return read_catalog_data(against, base_dir)
    return regenerate_from_docs(against, base_dir)


# Comparing


def diff_catalogs(old: CatalogData, new: CatalogData) -> tuple[CatalogChange, ...]:
    """List every change from ``old`` to ``new``: provenance first, then connectors, bundles and facts."""
    changes = _provenance_changes(old, new)
    changes += _connector_changes(old, new)
    changes += _bundle_changes(old, new)
    changes += _bundle_page_changes(old.parsed, new.parsed)
    changes += _keyed_changes("fact", _facts(old.overlay), _facts(new.overlay), FACT_FIELDS)
    changes += _keyed_changes("api_version", _api_versions(old.overlay), _api_versions(new.overlay), API_VERSION_FIELDS)
    return tuple(changes)


def content_changes(changes: Iterable[CatalogChange]) -> tuple[CatalogChange, ...]:
    """Drop the provenance changes: the dates and commit, which change with every refresh."""
    return tuple(change for change in changes if change.section != "provenance")


def _provenance_changes(old: CatalogData, new: CatalogData) -> list[CatalogChange]:
    fields = {
        "commit": lambda data: (data.parsed.get("source") or {}).get("commit"),
        "commit_date": lambda data: (data.parsed.get("source") or {}).get("commit_date"),
        "read_on": lambda data: (data.parsed.get("source") or {}).get("read_on"),
        "overlay_updated": lambda data: data.overlay.get("updated"),
    }
    changes = []
    for name, read in fields.items():
        before, after = _printable(read(old)), _printable(read(new))
        if before != after:
            changes.append(CatalogChange("provenance", "changed", name, name, before, after))
    return changes


def _connector_changes(old: CatalogData, new: CatalogData) -> list[CatalogChange]:
    before = _connectors(old)
    after = _connectors(new)
    renamed = _renames(before, after)

    changes = []
    pairs = [(connector_id, connector_id) for connector_id in sorted(set(before) & set(after))]
    for old_id, new_id in sorted(renamed.items()):
        changes.append(CatalogChange("connector", "renamed", old_id, new_id, before[old_id]["name"], after[new_id]["name"]))
        pairs.append((old_id, new_id))
    for connector_id in sorted(set(before) - set(after) - set(renamed)):
        changes.append(CatalogChange("connector", "removed", connector_id, old=before[connector_id]["name"]))
    for connector_id in sorted(set(after) - set(before) - set(renamed.values())):
        changes.append(CatalogChange("connector", "added", connector_id, new=after[connector_id]["name"]))

    for old_id, new_id in sorted(pairs):
        changes += _same_connector_changes(new_id, before[old_id], after[new_id], renamed=old_id != new_id)
    return changes


def _connectors(data: CatalogData) -> dict[str, dict[str, Any]]:
    """Merge the parsed connector pages with the overlay's names, caveats and Neo binding."""
    connectors = {
        connector_id: {
            "name": record.get("name", connector_id),
            "roles": dict(record.get("roles") or {}),
            "aliases": set(),
            "caveats": set(),
            "neo_bound": False,
        }
        for connector_id, record in (data.parsed.get("connectors") or {}).items()
    }
    overlay = data.overlay
    for entry in overlay.get("names") or ():
        if entry.get("connector") in connectors:
            connectors[entry["connector"]]["aliases"].update(entry.get("aliases") or (), entry.get("former_names") or ())
    for entry in overlay.get("caveats") or ():
        if entry.get("connector") in connectors:
            connectors[entry["connector"]]["caveats"].add(str(entry.get("caveat")))
    for entry in overlay.get("neo_bound") or ():
        if entry.get("connector") in connectors:
            connectors[entry["connector"]]["neo_bound"] = True
    return connectors


def _renames(before: Mapping[str, dict], after: Mapping[str, dict]) -> dict[str, str]:
    """Pair each removed connector id with an added one that shares a page loio or a name."""
    removed = sorted(set(before) - set(after))
    added = sorted(set(after) - set(before))
    pairs: dict[str, str] = {}
    for old_id in removed:
        for new_id in added:
            if new_id not in pairs.values() and _same_connector(before[old_id], after[new_id]):
                pairs[old_id] = new_id
                break
    return pairs


def _same_connector(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    if _loios(old) & _loios(new):
        return True
    old_names = {normalise_name(name) for name in old["aliases"] | {old["name"]}}
    new_names = {normalise_name(name) for name in new["aliases"] | {new["name"]}}
    return normalise_name(new["name"]) in old_names or normalise_name(old["name"]) in new_names


def _loios(connector: Mapping[str, Any]) -> set[str]:
    """Return the loios of a connector's pages: the file name of each help.sap.com URL."""
    urls = (str(page.get("url") or "") for page in connector["roles"].values())
    return {url.rsplit("/", 1)[-1].removesuffix(".html") for url in urls if url}


def _same_connector_changes(subject: str, old: Mapping[str, Any], new: Mapping[str, Any], renamed: bool) -> list[CatalogChange]:
    changes = []
    if not renamed and old["name"] != new["name"]:
        changes.append(CatalogChange("connector", "renamed", subject, subject, old["name"], new["name"]))

    for role in sorted(set(old["roles"]) - set(new["roles"])):
        changes.append(CatalogChange("role", "removed", f"{subject} {role}"))
    for role in sorted(set(new["roles"]) - set(old["roles"])):
        changes.append(CatalogChange("role", "added", f"{subject} {role}"))
    for role in sorted(set(old["roles"]) & set(new["roles"])):
        for name in AVAILABILITY_FIELDS:
            before, after = _printable(old["roles"][role].get(name)), _printable(new["roles"][role].get(name))
            if before != after:
                changes.append(CatalogChange("availability", "changed", f"{subject} {role}", name, before, after))

    for name in ("aliases", "caveats"):
        changes += _set_change("connector", subject, name, old[name], new[name])
    if old["neo_bound"] != new["neo_bound"]:
        before, after = _printable(old["neo_bound"]), _printable(new["neo_bound"])
        changes.append(CatalogChange("connector", "changed", subject, "neo_bound", before, after))
    return changes


def _set_change(section: str, subject: str, field: str, old: Iterable[str], new: Iterable[str]) -> list[CatalogChange]:
    """Report a set-valued field as the items it lost (``old``) and gained (``new``)."""
    old, new = set(old), set(new)
    if old == new:
        return []
    lost = ", ".join(sorted(old - new)) or None
    gained = ", ".join(sorted(new - old)) or None
    return [CatalogChange(section, "set_changed", subject, field, lost, gained)]


def _bundle_changes(old: CatalogData, new: CatalogData) -> list[CatalogChange]:
    before = {entry.get("id"): entry for entry in old.overlay.get("bundles") or ()}
    after = {entry.get("id"): entry for entry in new.overlay.get("bundles") or ()}
    changes = _keyed_changes("bundle", before, after, BUNDLE_FIELDS)
    for bundle_id in sorted(set(before) & set(after), key=str):
        old_sets = before[bundle_id].get("neo_sets") or {}
        new_sets = after[bundle_id].get("neo_sets") or {}
        for role in sorted(set(old_sets) | set(new_sets)):
            changes += _set_change("bundle", str(bundle_id), f"neo_sets.{role}", _as_set(old_sets.get(role)), _as_set(new_sets.get(role)))
    return changes


def _as_set(value: Any) -> set[str]:
    """Return a Neo set as a set; ``all`` (every connector of the role) stays one item."""
    if isinstance(value, (list, tuple)):
        return {str(item) for item in value}
    return set() if value is None else {str(value)}


def _bundle_page_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[CatalogChange]:
    before = {page.get("name"): page for page in old.get("bundle_pages") or ()}
    after = {page.get("name"): page for page in new.get("bundle_pages") or ()}
    changes = _keyed_changes("bundle_page", before, after, BUNDLE_PAGE_FIELDS)

    old_page, new_page = old.get("bundles_page") or {}, new.get("bundles_page") or {}
    for name in sorted(set(old_page) | set(new_page)):
        if _canonical(old_page.get(name)) != _canonical(new_page.get(name)):
            changes.append(
                CatalogChange("bundles_page", "changed", name, name, _canonical(old_page.get(name)), _canonical(new_page.get(name)))
            )
    return changes


def _facts(overlay: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {str(entry.get("key")): entry for entry in overlay.get("facts") or ()}


def _api_versions(overlay: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {f"{entry.get('property')}={entry.get('version')}": entry for entry in overlay.get("api_versions") or ()}


def _keyed_changes(
    section: str, before: Mapping[Any, Mapping], after: Mapping[Any, Mapping], fields: tuple[str, ...]
) -> list[CatalogChange]:
    """Compare two collections of records by key: added, removed, and each field that changed."""
    changes = []
    for key in sorted(set(before) - set(after), key=str):
        changes.append(CatalogChange(section, "removed", str(key)))
    for key in sorted(set(after) - set(before), key=str):
        changes.append(CatalogChange(section, "added", str(key)))
    for key in sorted(set(before) & set(after), key=str):
        for name in fields:
            old, new = _printable(before[key].get(name)), _printable(after[key].get(name))
            if old != new:
                changes.append(CatalogChange(section, "changed", str(key), name, old, new))
    return changes


def _printable(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, str, int, float)):
        return str(value)
    return _canonical(value)


def _canonical(value: Any) -> str | None:
    """Serialise nested YAML data with sorted keys, so equal data prints equally."""
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


# Describing


def _text(message: str, **params: object) -> str:
    return catalogue("en").text(f"compare.catalog_diff.{message}", **params)


def describe_catalog_change(change: CatalogChange) -> str:
    blank = _text("none")
    return _text(
        f"change.{change.section}.{change.kind}",
        subject=change.subject,
        field=change.field or "",
        old=change.old if change.old is not None else blank,
        new=change.new if change.new is not None else blank,
    )


def diff_lines(old: CatalogData, new: CatalogData, changes: tuple[CatalogChange, ...]) -> list[str]:
    """Build the console report: the two origins, then one line per change."""
    lines = [_text("heading", old=old.origin, new=new.origin)]
    lines += ["  " + describe_catalog_change(change) for change in changes]
    content = content_changes(changes)
    lines.append(_text("total", count=len(content)) if content else _text("no_changes"))
    return lines


# Catalog age


def catalog_age_days(read_on: dt.date, as_of: dt.date) -> int:
    """Return the days from the date the catalog's docs were read to the assessment date."""
    return (as_of - read_on).days


def catalog_age_warning(read_on: dt.date, as_of: dt.date, max_days: int = DEFAULT_MAX_CATALOG_AGE_DAYS) -> str | None:
    """Return the console warning when the catalog is more than ``max_days`` older than ``as_of``, else None."""
    days = catalog_age_days(read_on, as_of)
    if days <= max_days:
        return None
    return catalogue("en").text(
        "compare.catalog_age.warning", read_on=read_on.isoformat(), as_of=as_of.isoformat(), days=days, max_days=max_days
    )
