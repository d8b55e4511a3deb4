"""Match customers' connector and bundle names against the catalog.

Exact matching compares normalised names: case, whitespace (including
non-breaking spaces), punctuation, underscores, "&" versus "and", and a leading
"SAP " are ignored. Anything else gets fuzzy candidates with a score, but a
fuzzy result is never taken as a match: a person has to confirm it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Mapping

from rapidfuzz import fuzz, process

from ..model import ConnectorMatch, MatchMethod

# Scores run from 0 to 1 (see _similarity). A name scoring below
# CANDIDATE_MIN_SCORE is not offered as a candidate. From FUZZY_MIN_SCORE on, the
# result is reported as a fuzzy match, which still leaves the name unmatched.
CANDIDATE_MIN_SCORE = 0.5
FUZZY_MIN_SCORE = 0.75
MAX_CANDIDATES = 3


def normalise_name(text: str) -> str:
    """Reduce a name to the form that exact matching compares."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("&", " and ").replace("_", " ")
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if text.startswith("sap "):
        text = text[len("sap ") :]
    return text


def normalise_bundle_name(text: str) -> str:
    """Normalise a bundle name and drop a trailing "bundle"."""
    text = normalise_name(text)
    return re.sub(r"\s*\bbundle$", "", text).strip()


class NameIndex:
    """Normalised names mapped to ids, with the source of each name for the match method."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._methods: dict[str, MatchMethod] = {}
        self.collisions: list[str] = []

    def add(self, key: str, item_id: str, method: MatchMethod, label: str) -> None:
        if not key:
            return
        known = self._ids.get(key)
        if known is not None and known != item_id:
            self.collisions.append(f"the name {label!r} matches both {known} and {item_id}")
            return
        if known is None or method == MatchMethod.EXACT:
            self._ids[key] = item_id
            self._methods[key] = method

    def get(self, key: str) -> tuple[str, MatchMethod] | None:
        if key in self._ids:
            return self._ids[key], self._methods[key]
        return None

    def keys(self) -> Iterable[str]:
        return self._ids.keys()

    def id_of(self, key: str) -> str:
        return self._ids[key]


def match_name(raw: str, index: NameIndex, names: Mapping[str, str]) -> ConnectorMatch:
    """Match one connector name. ``names`` maps connector ids to display names."""
    key = normalise_name(raw)
    if not key:
        return ConnectorMatch(raw=raw, connector_id=None, connector_name=None, method=MatchMethod.NONE, confidence=0.0)

    found = index.get(key)
    if found is not None:
        connector_id, method = found
        return ConnectorMatch(
            raw=raw, connector_id=connector_id, connector_name=names[connector_id], method=method, confidence=1.0
        )

    candidates = fuzzy_candidates(key, index)
    best = candidates[0][1] if candidates else 0.0
    method = MatchMethod.FUZZY if best >= FUZZY_MIN_SCORE else MatchMethod.NONE
    return ConnectorMatch(
        raw=raw, connector_id=None, connector_name=None, method=method, confidence=best, candidates=candidates
    )


def fuzzy_candidates(key: str, index: NameIndex) -> tuple[tuple[str, float], ...]:
    """Return up to three (id, score) pairs, best first, scoring each id by its best-matching name."""
    keys = list(index.keys())
    scored = process.extract(key, keys, scorer=_similarity, limit=len(keys))
    best_by_id: dict[str, float] = {}
    for name, score, _ in scored:
        item_id = index.id_of(name)
        best_by_id[item_id] = max(best_by_id.get(item_id, 0.0), round(score / 100.0, 3))
    ranked = sorted(best_by_id.items(), key=lambda pair: (-pair[1], pair[0]))
    return tuple((item_id, score) for item_id, score in ranked[:MAX_CANDIDATES] if score >= CANDIDATE_MIN_SCORE)


def _similarity(query: str, name: str, **_: object) -> float:
    """Score 0..100: rapidfuzz WRatio, raised for a query whose words all occur in the name.

    WRatio alone ranks a short query such as "uaa" low against long names that
    contain it as a word. The token-set score, damped to at most 90, fixes that.
    """
    return max(fuzz.WRatio(query, name), 0.9 * fuzz.token_set_ratio(query, name))
