"""Load the two data layers (parsed.yaml and overlay.yaml) into a Catalog.

The loader checks the data as it goes and collects every problem, so a broken
overlay is reported in full rather than one entry at a time.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from ..model import CatalogInfo, MatchMethod, Role
from .catalog import Catalog
from .matching import NameIndex, normalise_bundle_name, normalise_name
from .model import (
    ALL,
    IAG_BUNDLE_ID,
    IAG_ONLY,
    JAM_BUNDLE_ID,
    JAM_OR_IAG,
    NEO_BUNDLE_VALUES,
    NONE,
    READ_ONLY,
    SCI_BUNDLE_VALUES,
    ApiVersionRule,
    Bundle,
    CatalogError,
    Conflict,
    Connector,
    Fact,
    NeoRegion,
    RoleAvailability,
)
PARSED_FILE = "parsed.yaml"
OVERLAY_FILE = "overlay.yaml"
CAVEATS = frozenset({"deprecated", "not_usable", "selected_customers", "beta"})
CONFLICT_KINDS = frozenset(
    {
        "page_restricts_diagram_shows",
        "page_allows_diagram_omits",
        "diagram_role_not_offered",
        "baseline_inconsistent",
        "standalone_scope_ambiguous",
    }
)
DERIVED_CONFLICT_KINDS = frozenset({"page_restricts_diagram_shows", "page_allows_diagram_omits", "diagram_role_not_offered"})
API_VERSION_STATUSES = frozenset({"deprecated", "decommissioned"})
ALL_IN_ROLE = "all"


def default_data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"


def load_catalog(data_dir: Path | None = None) -> Catalog:
    """Load the catalog from ``data_dir`` (default: the package data, loaded once and cached)."""
    if data_dir is None:
        return _load_package_catalog()
    return _load(Path(data_dir))


@functools.lru_cache(maxsize=1)
def _load_package_catalog() -> Catalog:
    return _load(default_data_dir())


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except FileNotFoundError:
        raise CatalogError([f"{path} does not exist"]) from None
    except yaml.YAMLError as error:
        raise CatalogError([f"{path} is not valid YAML: {error}"]) from None
    if not isinstance(data, dict):
        raise CatalogError([f"{path} must contain a mapping at the top level"])
    return data


def _load(data_dir: Path) -> Catalog:
    parsed = read_yaml(data_dir / PARSED_FILE)
    overlay = read_yaml(data_dir / OVERLAY_FILE)
    builder = _Builder(parsed, overlay)
    catalog = builder.build()
    if builder.problems:
        raise CatalogError(builder.problems, heading=f"invalid connector catalog in {data_dir}")
    return catalog


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


class _Builder:
    """Turn the YAML of both layers into catalog records, collecting problems."""

    def __init__(self, parsed: dict[str, Any], overlay: dict[str, Any]) -> None:
        self.parsed = parsed
        self.overlay = overlay
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def build(self) -> Catalog:
        pages = self._pages()
        connector_ids = set(pages)
        names = self._names(connector_ids)
        caveats = self._grouped("caveats", connector_ids, self._caveat)
        neo_bound = set(self._grouped("neo_bound", connector_ids, lambda entry: True))
        type_codes = self._type_codes(connector_ids)

        connector_index = NameIndex()
        connectors: dict[str, Connector] = {}
        for connector_id, (name, roles) in pages.items():
            aliases, former = names.get(connector_id, ((), ()))
            connectors[connector_id] = Connector(
                id=connector_id,
                name=name,
                roles=roles,
                aliases=aliases + former,
                protocol=None,
                neo_bound=connector_id in neo_bound,
                caveats=tuple(sorted(set(caveats.get(connector_id, ())))),
                former_names=former,
                connector_type_codes=tuple(sorted(code for code, target in type_codes.items() if target == connector_id)),
            )
            connector_index.add(normalise_name(name), connector_id, MatchMethod.EXACT, name)
            for alias in aliases + former:
                connector_index.add(normalise_name(alias), connector_id, MatchMethod.ALIAS, alias)
        for code, connector_id in type_codes.items():
            connector_index.add(normalise_name(code), connector_id, MatchMethod.ALIAS, code)
        for collision in connector_index.collisions:
            self.problem("overlay.yaml names", collision)

        connectors = self._with_protocols(connectors, connector_index)
        self._check_bundle_exceptions(connectors, connector_index)

        bundles, bundle_index, bundle_codes = self._bundles(connectors)
        conflicts = self._conflicts(connectors, bundles)

        return Catalog(
            info=self._info(),
            connectors=dict(sorted(connectors.items())),
            bundles=dict(sorted(bundles.items())),
            conflicts=conflicts,
            facts=self._facts(),
            api_versions=self._api_versions(connector_ids),
            neo_regions=self._neo_regions(),
            connector_index=connector_index,
            bundle_index=bundle_index,
            bundle_codes=bundle_codes,
        )

    # Parsed layer

    def _pages(self) -> dict[str, tuple[str, dict[Role, RoleAvailability]]]:
        result: dict[str, tuple[str, dict[Role, RoleAvailability]]] = {}
        for connector_id, record in (self.parsed.get("connectors") or {}).items():
            where = f"parsed.yaml connector {connector_id}"
            roles: dict[Role, RoleAvailability] = {}
            for role_name, page in (record.get("roles") or {}).items():
                try:
                    role = Role(role_name)
                except ValueError:
                    self.problem(where, f"unknown role {role_name!r}")
                    continue
                if page.get("sci_bundle") not in SCI_BUNDLE_VALUES or page.get("neo_bundle") not in NEO_BUNDLE_VALUES:
                    self.problem(where, f"invalid availability values in role {role_name}")
                    continue
                roles[role] = RoleAvailability(
                    role=role,
                    page=page["page"],
                    url=page["url"],
                    sci_bundle=page["sci_bundle"],
                    neo_bundle=page["neo_bundle"],
                    standalone_sci=bool(page["standalone_sci"]),
                    standalone_neo=bool(page["standalone_neo"]),
                )
            if not roles:
                self.problem(where, "has no roles")
            result[connector_id] = (record.get("name", connector_id), roles)
        if not result:
            self.problem("parsed.yaml", "lists no connectors")
        return result

    def _with_protocols(self, connectors: dict[str, Connector], index: NameIndex) -> dict[str, Connector]:
        protocols: dict[str, list[str]] = {}
        for column in (self.parsed.get("protocols") or {}).get("columns", []):
            for raw in column["names"]:
                # The protocol table marks states and versions after the name:
                # "SAP Ariba Category Management (deprecated)", "SAP SuccessFactors version 2".
                name = re.sub(r"\s*\(deprecated\)$|\s+version \d+$", "", raw, flags=re.IGNORECASE)
                found = index.get(normalise_name(name))
                if found is None:
                    self.problem("parsed.yaml protocols", f"{raw!r} matches no connector name or alias")
                    continue
                listed = protocols.setdefault(found[0], [])
                if column["protocol"] not in listed:
                    listed.append(column["protocol"])
        return {
            connector_id: replace(connector, protocol="+".join(protocols[connector_id]) if connector_id in protocols else None)
            for connector_id, connector in connectors.items()
        }

    def _check_bundle_exceptions(self, connectors: dict[str, Connector], index: NameIndex) -> None:
        """Check that every exception on the bundles page is a restriction on the connector's own page."""
        for exception in (self.parsed.get("bundles_page") or {}).get("exceptions", []):
            for raw in exception["connectors"]:
                found = index.get(normalise_name(raw))
                if found is None:
                    self.problem("parsed.yaml bundles_page", f"exception {raw!r} matches no connector name or alias")
                    continue
                connector = connectors[found[0]]
                for role_name in exception["roles"]:
                    page = connector.roles.get(Role(role_name))
                    if page is not None and page.sci_bundle == ALL:
                        self.problem(
                            "parsed.yaml bundles_page",
                            f"{connector.id} {role_name} is an exception on the bundles page but unrestricted on {page.page}",
                        )

    # Overlay entries

    def _provenance(self, where: str, entry: dict[str, Any], key: str = "sources") -> bool:
        sources = entry.get(key)
        if isinstance(sources, str):
            sources = [sources]
        ok = True
        if not sources or not all(isinstance(url, str) and url.startswith("https://") for url in sources):
            self.problem(where, f"'{key}' must name at least one https URL")
            ok = False
        if _date(entry.get("read_on")) is None:
            self.problem(where, "'read_on' must be a date (YYYY-MM-DD)")
            ok = False
        if not isinstance(entry.get("verified"), bool):
            self.problem(where, "'verified' must be true or false")
            ok = False
        return ok

    def _names(self, connector_ids: set[str]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        aliases: dict[str, list[str]] = {}
        former: dict[str, list[str]] = {}
        for number, entry in enumerate(self.overlay.get("names") or [], start=1):
            where = f"overlay.yaml names entry {number}"
            connector_id = entry.get("connector")
            if connector_id not in connector_ids:
                self.problem(where, f"unknown connector id {connector_id!r}")
                continue
            self._provenance(where, entry)
            aliases.setdefault(connector_id, []).extend(entry.get("aliases") or [])
            former.setdefault(connector_id, []).extend(entry.get("former_names") or [])
        return {
            connector_id: (tuple(aliases.get(connector_id, [])), tuple(former.get(connector_id, [])))
            for connector_id in set(aliases) | set(former)
        }

    def _grouped(self, section: str, connector_ids: set[str], value) -> dict[str, list[Any]]:
        result: dict[str, list[Any]] = {}
        for number, entry in enumerate(self.overlay.get(section) or [], start=1):
            where = f"overlay.yaml {section} entry {number}"
            connector_id = entry.get("connector")
            if connector_id not in connector_ids:
                self.problem(where, f"unknown connector id {connector_id!r}")
                continue
            self._provenance(where, entry)
            item = value(entry)
            if item is not None:
                result.setdefault(connector_id, []).append(item)
        return result

    def _caveat(self, entry: dict[str, Any]) -> str | None:
        caveat = entry.get("caveat")
        if caveat not in CAVEATS:
            self.problem(f"overlay.yaml caveat of {entry.get('connector')}", f"unknown caveat {caveat!r}; use one of {sorted(CAVEATS)}")
            return None
        return caveat

    def _type_codes(self, connector_ids: set[str]) -> dict[str, str]:
        codes: dict[str, str] = {}
        for number, entry in enumerate(self.overlay.get("connector_type_codes") or [], start=1):
            where = f"overlay.yaml connector_type_codes entry {number}"
            if entry.get("connector") not in connector_ids:
                self.problem(where, f"unknown connector id {entry.get('connector')!r}")
                continue
            self._provenance(where, entry)
            codes[str(entry["code"])] = entry["connector"]
        return codes

    def _bundles(self, connectors: dict[str, Connector]) -> tuple[dict[str, Bundle], NameIndex, dict[str, str]]:
        entries = self.overlay.get("bundles") or []
        bundle_ids = {entry.get("id") for entry in entries}
        names = self._bundle_names(bundle_ids)
        codes = self._bundle_codes(bundle_ids)
        pages = {page["name"]: page for page in self.parsed.get("bundle_pages") or []}

        bundles: dict[str, Bundle] = {}
        index = NameIndex()
        for entry in entries:
            bundle_id = entry.get("id")
            where = f"overlay.yaml bundle {bundle_id}"
            self._provenance(where, entry)
            neo_set_known = bool(entry.get("neo_set_known", True))
            neo_sets = self._neo_sets(where, entry.get("neo_sets"), connectors) if neo_set_known else None
            if neo_set_known and neo_sets is None:
                self.problem(where, "has no neo_sets; set neo_set_known: false if the Neo connector set is unknown")

            page = pages.get(entry.get("name"))
            if page is not None:
                if page["url"] != entry.get("url"):
                    self.problem(where, f"url differs from the bundle page in parsed.yaml ({page['url']})")
                if page["neo_diagram"] != entry.get("neo_diagram"):
                    self.problem(where, f"neo_diagram differs from the bundle page in parsed.yaml ({page['neo_diagram']})")

            aliases, former = names.get(bundle_id, ((), ()))
            bundles[bundle_id] = Bundle(
                id=bundle_id,
                name=entry["name"],
                aliases=aliases + former,
                iamtenants_codes=tuple(sorted(code for code, target in codes.items() if target == bundle_id)),
                url=entry["url"],
                neo_sets=neo_sets,
                neo_set_known=neo_set_known and neo_sets is not None,
                ips_included=bool(entry.get("ips_included", True)),
                neo_diagram=entry.get("neo_diagram"),
            )
            index.add(normalise_bundle_name(entry["name"]), bundle_id, MatchMethod.EXACT, entry["name"])
            for alias in aliases + former:
                index.add(normalise_bundle_name(alias), bundle_id, MatchMethod.ALIAS, alias)

        for collision in index.collisions:
            self.problem("overlay.yaml bundle_names", collision)
        for name in (self.parsed.get("bundles_page") or {}).get("bundle_names", []):
            if index.get(normalise_bundle_name(name)) is None:
                self.problem("overlay.yaml bundles", f"the bundle {name!r} of SAP's bundles page has no entry")
        for name in pages:
            if index.get(normalise_bundle_name(name)) is None:
                self.problem("overlay.yaml bundles", f"the bundle page {name!r} has no entry")
        return bundles, index, codes

    def _bundle_names(self, bundle_ids: set[str]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        result: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        for number, entry in enumerate(self.overlay.get("bundle_names") or [], start=1):
            where = f"overlay.yaml bundle_names entry {number}"
            bundle_id = entry.get("bundle")
            if bundle_id not in bundle_ids:
                self.problem(where, f"unknown bundle id {bundle_id!r}")
                continue
            self._provenance(where, entry)
            aliases, former = result.get(bundle_id, ((), ()))
            result[bundle_id] = (aliases + tuple(entry.get("aliases") or ()), former + tuple(entry.get("former_names") or ()))
        return result

    def _bundle_codes(self, bundle_ids: set[str]) -> dict[str, str]:
        codes: dict[str, str] = {}
        for number, entry in enumerate(self.overlay.get("iamtenants_codes") or [], start=1):
            where = f"overlay.yaml iamtenants_codes entry {number}"
            if entry.get("bundle") not in bundle_ids:
                self.problem(where, f"unknown bundle id {entry.get('bundle')!r}")
                continue
            self._provenance(where, entry)
            codes[str(entry["code"]).upper()] = entry["bundle"]
        return codes

    def _neo_sets(self, where: str, sets: Any, connectors: dict[str, Connector]) -> dict[Role, frozenset[str]] | None:
        if not isinstance(sets, dict):
            return None
        result: dict[Role, frozenset[str]] = {}
        for role in Role:
            listed = sets.get(role.value, [])
            if listed == ALL_IN_ROLE:
                # "All supported systems": every connector offered in the role, except
                # those whose page excludes Neo bundle tenants altogether.
                result[role] = frozenset(
                    connector.id
                    for connector in connectors.values()
                    if role in connector.roles and connector.roles[role].neo_bundle != NONE
                )
                continue
            unknown = sorted(set(listed) - set(connectors))
            if unknown:
                self.problem(where, f"neo_sets.{role.value} names unknown connector ids {unknown}")
            result[role] = frozenset(set(listed) & set(connectors))
        return result

    def _conflicts(self, connectors: dict[str, Connector], bundles: dict[str, Bundle]) -> tuple[Conflict, ...]:
        curated: dict[tuple, Conflict] = {}
        for number, entry in enumerate(self.overlay.get("conflicts") or [], start=1):
            where = f"overlay.yaml conflicts entry {number}"
            connector_id, bundle_id, kind = entry.get("connector"), entry.get("bundle"), entry.get("kind")
            if connector_id not in connectors:
                self.problem(where, f"unknown connector id {connector_id!r}")
                continue
            if bundle_id is not None and bundle_id not in bundles:
                self.problem(where, f"unknown bundle id {bundle_id!r}")
                continue
            if kind not in CONFLICT_KINDS:
                self.problem(where, f"unknown kind {kind!r}; use one of {sorted(CONFLICT_KINDS)}")
                continue
            self._provenance(where, entry)
            role = Role(entry["role"]) if entry.get("role") else None
            sources = list(entry.get("sources") or [])
            # The page and the bundle page involved are sources of the conflict too.
            if role is not None and role in connectors[connector_id].roles:
                sources.append(connectors[connector_id].roles[role].url)
            if bundle_id is not None:
                sources.append(bundles[bundle_id].url)
            key = (connector_id, role, bundle_id, kind)
            curated[key] = Conflict(connector_id, role, bundle_id, kind, tuple(dict.fromkeys(sources)), bool(entry["verified"]))

        for key in sorted(derive_conflicts(connectors, bundles), key=str):
            if key not in curated:
                connector_id, role, bundle_id, kind = key
                self.problem(
                    "overlay.yaml conflicts",
                    f"missing entry {{connector: {connector_id}, role: {role.value}, bundle: {bundle_id}, kind: {kind}}} "
                    "that the data implies",
                )
        return tuple(curated[key] for key in sorted(curated, key=str))

    def _facts(self) -> dict[str, Fact]:
        facts: dict[str, Fact] = {}
        for number, entry in enumerate(self.overlay.get("facts") or [], start=1):
            where = f"overlay.yaml facts entry {number} ({entry.get('key')})"
            if not self._provenance(where, entry, key="source"):
                continue
            facts[entry["key"]] = Fact(entry["key"], entry.get("value"), entry["source"], _date(entry["read_on"]), entry["verified"])
        return facts

    def _api_versions(self, connector_ids: set[str]) -> tuple[ApiVersionRule, ...]:
        rules = []
        for number, entry in enumerate(self.overlay.get("api_versions") or [], start=1):
            where = f"overlay.yaml api_versions entry {number} ({entry.get('property')})"
            if entry.get("connector") not in connector_ids:
                self.problem(where, f"unknown connector id {entry.get('connector')!r}")
                continue
            if entry.get("status") not in API_VERSION_STATUSES:
                self.problem(where, f"status must be one of {sorted(API_VERSION_STATUSES)}")
                continue
            if not self._provenance(where, entry, key="source"):
                continue
            unset = entry.get("unset_means")
            rules.append(
                ApiVersionRule(
                    property=entry["property"],
                    connector_id=entry["connector"],
                    version=str(entry["version"]),
                    status=entry["status"],
                    date=_date(entry.get("date")),
                    unset_means=None if unset is None else str(unset),
                    source=entry["source"],
                    read_on=_date(entry["read_on"]),
                    verified=entry["verified"],
                )
            )
        return tuple(rules)

    def _neo_regions(self) -> tuple[NeoRegion, ...]:
        section = self.overlay.get("neo_regions") or {}
        if not self._provenance("overlay.yaml neo_regions", section, key="source"):
            return ()
        read_on = _date(section["read_on"])
        return tuple(
            NeoRegion(region["name"], region["key"], tuple(region["hosts"]), section["source"], read_on, section["verified"])
            for region in section.get("regions") or []
        )

    def _info(self) -> CatalogInfo:
        source = self.parsed.get("source") or {}
        commit = str(source.get("commit", ""))
        commit_date = _date(source.get("commit_date"))
        read_on = _date(source.get("read_on"))
        updated = _date(self.overlay.get("updated"))
        if not commit or commit_date is None or read_on is None:
            self.problem("parsed.yaml source", "needs commit, commit_date and read_on")
        if updated is None:
            self.problem("overlay.yaml", "'updated' must be a date (YYYY-MM-DD)")
        repository = source.get("repository", "")
        sources = [("SAP Cloud Identity Services documentation, commit " + commit[:7], f"{repository}/tree/{commit}")]
        sources += [(item["label"], item["url"]) for item in self.overlay.get("sources") or []]
        return CatalogInfo(
            version=f"{commit[:7]}+overlay.{updated}",
            read_on=read_on or dt.date.min,
            docs_commit=commit,
            docs_commit_date=commit_date or dt.date.min,
            sources=tuple(dict.fromkeys(sources)),
        )


def derive_conflicts(connectors: dict[str, Connector], bundles: dict[str, Bundle]) -> set[tuple]:
    """Return the (connector, role, bundle, kind) conflicts between connector pages and Neo diagrams."""
    found: set[tuple] = set()
    for bundle in bundles.values():
        if not bundle.neo_set_known or bundle.neo_sets is None:
            continue
        for role, connector_ids in bundle.neo_sets.items():
            for connector_id in connector_ids:
                page = connectors[connector_id].roles.get(role)
                if page is None:
                    found.add((connector_id, role, bundle.id, "diagram_role_not_offered"))
                elif page.neo_bundle == IAG_ONLY and bundle.id != IAG_BUNDLE_ID:
                    found.add((connector_id, role, bundle.id, "page_restricts_diagram_shows"))
                elif page.neo_bundle == JAM_OR_IAG and bundle.id not in {IAG_BUNDLE_ID, JAM_BUNDLE_ID}:
                    found.add((connector_id, role, bundle.id, "page_restricts_diagram_shows"))
            for connector in connectors.values():
                page = connector.roles.get(role)
                if page is not None and page.neo_bundle == READ_ONLY and connector.id not in connector_ids:
                    found.add((connector.id, role, bundle.id, "page_allows_diagram_omits"))
    return found


