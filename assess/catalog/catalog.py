"""The connector catalog: lookups by name and availability of a connector role per tenant.

The connector page's availability box decides first. Where the page has none,
a Neo bundle tenant gets what its bundle's "Bundle Tenant on Neo Environment"
diagram shows. On the
SAP Cloud Identity infrastructure there are no per-bundle diagrams, so the page
alone decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Mapping

from ..model import CatalogInfo, ConnectorMatch, Role, TenantModel
from .matching import NameIndex, match_name, normalise_bundle_name
from .model import (
    ALL,
    IAG_BUNDLE_ID,
    IAG_ONLY,
    JAM_BUNDLE_ID,
    JAM_OR_IAG,
    NONE,
    PER_BUNDLE,
    READ_ONLY,
    ApiVersionRule,
    Availability,
    Bundle,
    Conflict,
    Connector,
    Fact,
    NeoRegion,
    RoleAvailability,
)

AVAILABLE = "available"
UNAVAILABLE = "unavailable"
UNKNOWN = "unknown"

# Order used to combine several bundles: a tenant gets the best any bundle gives.
_STATUS_RANK = {AVAILABLE: 3, READ_ONLY: 2, UNKNOWN: 1, UNAVAILABLE: 0}

# Conflict kinds that make a Neo availability result uncertain, by tenant model.
_NEO_BUNDLE_CONFLICTS = frozenset(
    {"page_restricts_diagram_shows", "page_allows_diagram_omits", "baseline_inconsistent"}
)
_NEO_STANDALONE_CONFLICTS = frozenset({"standalone_scope_ambiguous"})


@dataclass(frozen=True)
class _Outcome:
    status: str
    reason: str
    source_url: str
    conflict: bool = False

    def availability(self) -> Availability:
        return Availability(self.status, self.reason, self.conflict, self.source_url)


class Catalog:
    """Connectors, bundles, conflicts and dated facts, with name matching and availability rules."""

    def __init__(
        self,
        *,
        info: CatalogInfo,
        connectors: Mapping[str, Connector],
        bundles: Mapping[str, Bundle],
        conflicts: tuple[Conflict, ...],
        facts: Mapping[str, Fact],
        api_versions: tuple[ApiVersionRule, ...],
        neo_regions: tuple[NeoRegion, ...],
        connector_index: NameIndex,
        bundle_index: NameIndex,
        bundle_codes: Mapping[str, str],
    ) -> None:
        self.info = info
        self.connectors = connectors
        self._availability_cache: dict[tuple, Availability] = {}
        self._given_cache: dict[tuple, Availability] = {}
        self.bundles = bundles
        self.conflicts = conflicts
        self.facts = facts
        self.api_versions = api_versions
        self.neo_regions = neo_regions
        self._connector_index = connector_index
        self._bundle_index = bundle_index
        self._bundle_codes = bundle_codes
        self._connector_names = {connector_id: connector.name for connector_id, connector in connectors.items()}

    # Name matching

    def match_connector(self, name: str) -> ConnectorMatch:
        """Match a connector name exactly or by alias; otherwise return fuzzy candidates without a match."""
        return match_name(name, self._connector_index, self._connector_names)

    def match_bundle(self, text: str) -> str | None:
        """Return the bundle id for a bundle name, alias or IAMTENANTS code, or None."""
        code = text.strip().upper()
        if code in self._bundle_codes:
            return self._bundle_codes[code]
        found = self._bundle_index.get(normalise_bundle_name(text))
        return found[0] if found else None

    # Availability

    def availability_after(
        self, connector_id: str, role: Role | str, tenant_model: TenantModel, bundle_ids: Collection[str]
    ) -> Availability:
        """Return whether the tenant can use the connector role on SAP Cloud Identity infrastructure after migration.

        A migrated bundle tenant keeps its bundles, and several bundles give the
        union of what each allows. A standalone tenant uses standalone_sci.
        """
        return self._cached("sci", connector_id, role, tenant_model, bundle_ids)

    def availability_on_neo(
        self, connector_id: str, role: Role | str, tenant_model: TenantModel, bundle_ids: Collection[str]
    ) -> Availability:
        """Return whether the tenant can use the connector role today on SAP BTP, Neo environment.

        Standalone tenants use standalone_neo. Bundle tenants get the union of
        their bundles' Neo sets, limited by the page's restriction. ``conflict``
        is True where the page and a diagram disagree.
        """
        return self._cached("neo", connector_id, role, tenant_model, bundle_ids)

    def _cached(self, infrastructure, connector_id, role, tenant_model, bundle_ids) -> Availability:
        # A landscape asks the same few questions for thousands of systems and tenants, and
        # the catalog never changes after loading, so every answer is kept. The arguments are
        # looked up as given first, because normalising them costs more than the lookup.
        given = (infrastructure, connector_id, role, tenant_model, bundle_ids)
        try:
            return self._given_cache[given]
        except (KeyError, TypeError):
            pass
        key = (infrastructure, connector_id, Role(role), TenantModel(tenant_model), tuple(sorted(set(bundle_ids))))
        cache = self._availability_cache
        if key not in cache:
            if infrastructure == "sci":
                rules = (self._sci_standalone, self._sci_bundle)
            else:
                rules = (self._neo_standalone, self._neo_bundle)
            cache[key] = self._evaluate(connector_id, key[2], key[3], key[4], *rules)
        if isinstance(bundle_ids, (tuple, frozenset)):
            self._given_cache[given] = cache[key]
        return cache[key]

    def _evaluate(self, connector_id, role, tenant_model, bundle_ids, standalone_rule, bundle_rule) -> Availability:
        role = Role(role)
        connector = self.connectors.get(connector_id)
        if connector is None:
            return Availability(UNKNOWN, "unknown_connector", False, "")
        page = connector.roles.get(role)
        if page is None:
            return Availability(UNAVAILABLE, "role_not_offered", False, "")
        bundles = self._bundles(bundle_ids)

        if tenant_model == TenantModel.STANDALONE:
            return standalone_rule(connector, page).availability()
        if tenant_model == TenantModel.BUNDLE or bundles:
            return self._combine(connector, page, bundles, bundle_rule)

        # Tenant model unknown and no bundles known: give a result only where both models agree.
        standalone = standalone_rule(connector, page)
        bundle = self._combine(connector, page, bundles, bundle_rule)
        if standalone.status == bundle.status:
            return bundle
        return Availability(UNKNOWN, "tenant_model_unknown", False, page.url)

    def _bundles(self, bundle_ids: Collection[str]) -> list[Bundle]:
        unknown = sorted(set(bundle_ids) - set(self.bundles))
        if unknown:
            raise ValueError(f"unknown bundle id(s) {', '.join(unknown)}. Use Catalog.match_bundle to get bundle ids.")
        return [self.bundles[bundle_id] for bundle_id in sorted(set(bundle_ids))]

    def _combine(self, connector: Connector, page: RoleAvailability, bundles: list[Bundle], bundle_rule) -> Availability:
        if not bundles:
            return bundle_rule(connector, page, None).availability()
        outcomes = [bundle_rule(connector, page, bundle) for bundle in bundles]
        best_rank = max(_STATUS_RANK[outcome.status] for outcome in outcomes)
        best = [outcome for outcome in outcomes if _STATUS_RANK[outcome.status] == best_rank]
        chosen = best[0]
        return Availability(chosen.status, chosen.reason, any(outcome.conflict for outcome in best), chosen.source_url)

    # Rules per infrastructure and tenant model

    @staticmethod
    def _sci_standalone(connector: Connector, page: RoleAvailability) -> _Outcome:
        if page.standalone_sci:
            # "standalone_only": bundle tenants on this infrastructure are restricted.
            reason = "no_restriction" if page.sci_bundle == ALL else "standalone_only"
            return _Outcome(AVAILABLE, reason, page.url)
        reason = "standalone_neo_only" if page.standalone_neo else "not_on_sci"
        return _Outcome(UNAVAILABLE, reason, page.url)

    def _sci_bundle(self, connector: Connector, page: RoleAvailability, bundle: Bundle | None) -> _Outcome:
        return self._page_rule(page, page.sci_bundle, bundle, not_offered_reason="not_on_sci")

    def _neo_standalone(self, connector: Connector, page: RoleAvailability) -> _Outcome:
        conflict = self._has_conflict(connector.id, page.role, None, _NEO_STANDALONE_CONFLICTS)
        if page.standalone_neo:
            reason = "no_restriction" if page.neo_bundle in (ALL, PER_BUNDLE) else "standalone_only"
            return _Outcome(AVAILABLE, reason, page.url, conflict)
        return _Outcome(UNAVAILABLE, "not_on_neo", page.url, conflict)

    def _neo_bundle(self, connector: Connector, page: RoleAvailability, bundle: Bundle | None) -> _Outcome:
        in_set = self._in_neo_set(connector.id, page.role, bundle)
        conflict = bundle is not None and self._has_conflict(connector.id, page.role, bundle.id, _NEO_BUNDLE_CONFLICTS)

        if page.neo_bundle == PER_BUNDLE:
            if bundle is None:
                return _Outcome(UNKNOWN, "bundle_unknown", page.url)
            if in_set is None:
                return _Outcome(UNKNOWN, "bundle_set_unknown", bundle.url, conflict)
            if in_set:
                return _Outcome(AVAILABLE, "in_bundle_set", bundle.url, conflict)
            return _Outcome(UNAVAILABLE, "not_in_bundle_set", bundle.url, conflict)

        outcome = self._page_rule(page, page.neo_bundle, bundle, not_offered_reason="not_on_neo")
        if outcome.status == UNAVAILABLE and in_set:
            # NOTE: the page limits Neo bundle tenants to Jam or IAG, yet this bundle's
            # own diagram shows the connector. SAP's sources leave it open, so the
            # diagram is taken as the more specific statement and the result is
            # flagged as a conflict.
            return _Outcome(AVAILABLE, "in_bundle_set", bundle.url, True)
        return _Outcome(outcome.status, outcome.reason, outcome.source_url, outcome.conflict or conflict)

    @staticmethod
    def _page_rule(page: RoleAvailability, value: str, bundle: Bundle | None, not_offered_reason: str) -> _Outcome:
        """Apply a page's bundle restriction (all, iag, jam_or_iag, read_only, none) to one bundle."""
        if value == ALL:
            return _Outcome(AVAILABLE, "no_restriction", page.url)
        if value == READ_ONLY:
            return _Outcome(READ_ONLY, "read_only_proxy", page.url)
        if value == NONE:
            reason = "standalone_neo_only" if page.standalone_neo and not page.standalone_sci else not_offered_reason
            return _Outcome(UNAVAILABLE, reason, page.url)

        reason = "iag_only" if value == IAG_ONLY else "jam_or_iag_only"
        allowed = {IAG_BUNDLE_ID} if value == IAG_ONLY else {IAG_BUNDLE_ID, JAM_BUNDLE_ID}
        if bundle is None:
            return _Outcome(UNKNOWN, "bundle_unknown", page.url)
        status = AVAILABLE if bundle.id in allowed else UNAVAILABLE
        return _Outcome(status, reason, page.url)

    @staticmethod
    def _in_neo_set(connector_id: str, role: Role, bundle: Bundle | None) -> bool | None:
        if bundle is None or not bundle.neo_set_known or bundle.neo_sets is None:
            return None
        return connector_id in bundle.neo_sets.get(role, frozenset())

    def _has_conflict(self, connector_id: str, role: Role, bundle_id: str | None, kinds: frozenset[str]) -> bool:
        return any(
            conflict.kind in kinds
            and conflict.connector_id == connector_id
            and conflict.role in (None, role)
            and conflict.bundle_id in (None, bundle_id)
            for conflict in self.conflicts
        )
