"""Pattern rules that turn the availability boxes of SAP's connector pages into enums.

Each connector page may carry a "Restriction" or "Note" box under Prerequisites
that states which tenants can use the connector. The boxes are written in a few
fixed sentence forms. Every sentence of an availability box must match exactly
one rule below, and together the sentences must set all four fields; anything
else is reported as an error so that a new wording in SAP's docs is never
classified by a silent default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import ALL, IAG_ONLY, JAM_OR_IAG, NONE, READ_ONLY

# Infrastructure phrases as SAP writes them, with the variants seen in the pages.
_SCI = r"SAP Cloud Identity(?: Services)? infrastructure"
_NEO = r"(?:SAP BTP, )?Neo environment"
_JAM_AND_IAG = r"only through SAP Jam Collaboration and SAP Identity Access Governance bundle options"
_IAG = r"only through SAP Identity Access Governance bundle option"

FIELDS = ("sci_bundle", "neo_bundle", "standalone_sci", "standalone_neo")


@dataclass(frozen=True)
class SentenceRule:
    """A sentence form of an availability box and the fields it sets."""

    name: str
    pattern: re.Pattern[str]
    sets: tuple[tuple[str, object], ...]


def _rule(name: str, pattern: str, **sets: object) -> SentenceRule:
    return SentenceRule(name, re.compile(pattern), tuple(sorted(sets.items())))


SENTENCE_RULES: tuple[SentenceRule, ...] = (
    _rule(
        "sci_bundle_and_standalone_everywhere",
        rf"This system is available for bundle tenants running on {_SCI} and standalone tenants running on {_SCI} and {_NEO}\.",
        sci_bundle=ALL,
        standalone_sci=True,
        standalone_neo=True,
    ),
    _rule(
        "standalone_everywhere",
        rf"This system is available for standalone tenants running on {_SCI} and {_NEO}\.",
        standalone_sci=True,
        standalone_neo=True,
    ),
    # NOTE: "all standalone tenants and bundle tenants running on SAP Cloud Identity
    # Services infrastructure" can also be read as limiting standalone tenants to that
    # infrastructure. The rule takes "all standalone tenants" literally, and the
    # overlay records the ambiguity as a conflict.
    _rule(
        "all_standalone_and_sci_bundle",
        rf"This system is available for all standalone tenants and bundle tenants running on {_SCI}\.",
        sci_bundle=ALL,
        standalone_sci=True,
        standalone_neo=True,
    ),
    _rule(
        "standalone_neo_only",
        rf"This system is available for standalone tenants running on {_NEO}\.",
        sci_bundle=NONE,
        neo_bundle=NONE,
        standalone_sci=False,
        standalone_neo=True,
    ),
    _rule(
        "sci_only",
        rf"The .+ connector is available for both bundle and standalone tenants running on {_SCI}\.",
        sci_bundle=ALL,
        neo_bundle=NONE,
        standalone_sci=True,
        standalone_neo=False,
    ),
    _rule(
        "all_standalone",
        r"This system is available for all standalone tenants\.",
        standalone_sci=True,
        standalone_neo=True,
    ),
    _rule(
        "neo_bundle_jam_or_iag",
        rf"Bundle tenants running on {_NEO} can use it {_JAM_AND_IAG}\.",
        neo_bundle=JAM_OR_IAG,
    ),
    _rule(
        "neo_bundle_iag",
        rf"Bundle tenants running on {_NEO} can use it {_IAG}\.",
        neo_bundle=IAG_ONLY,
    ),
    _rule(
        "all_bundles_jam_or_iag",
        rf"Bundle tenants running on {_SCI} and {_NEO} can use it {_JAM_AND_IAG}\.",
        sci_bundle=JAM_OR_IAG,
        neo_bundle=JAM_OR_IAG,
    ),
    _rule(
        "all_bundles_iag",
        rf"Bundle tenants running on {_SCI} and {_NEO} can use it {_IAG}\.",
        sci_bundle=IAG_ONLY,
        neo_bundle=IAG_ONLY,
    ),
    _rule(
        "all_bundles_read_only_proxy",
        rf"Bundle tenants running on {_SCI} and {_NEO} can use it as a proxy system for reading entities only\.",
        sci_bundle=READ_ONLY,
        neo_bundle=READ_ONLY,
    ),
)

# A "Note" box is about availability when it states who can use the system. Other
# notes (OAuth client permissions, on-premise setup, beta features) are ignored.
_AVAILABILITY_NOTE = re.compile(r"\bis available for\b.*\btenants\b|\bcan use it\b", re.IGNORECASE)


def is_availability_box(kind: str, text: str) -> bool:
    """Return True for a box under Prerequisites that states availability."""
    return kind == "Restriction" or bool(_AVAILABILITY_NOTE.search(text))


def split_sentences(text: str) -> list[str]:
    return [sentence.strip() for sentence in re.split(r"(?<=\.)\s+(?=[A-Z])", text) if sentence.strip()]


def classify_boxes(texts: list[str]) -> tuple[dict[str, object], list[str], list[str]]:
    """Apply the sentence rules to the availability boxes of one page.

    Returns the fields set, the names of the rules that matched, and problems:
    a sentence no rule matches, two rules setting one field differently, or a
    field that no sentence sets.
    """
    fields: dict[str, object] = {}
    matched: list[str] = []
    problems: list[str] = []

    for text in texts:
        for sentence in split_sentences(text):
            rules = [rule for rule in SENTENCE_RULES if rule.pattern.fullmatch(sentence)]
            if not rules:
                problems.append(f"no availability rule matches the sentence {sentence!r}")
                continue
            rule = rules[0]
            matched.append(rule.name)
            for field, value in rule.sets:
                if field in fields and fields[field] != value:
                    problems.append(f"rule {rule.name} sets {field}={value!r}, but an earlier sentence set {fields[field]!r}")
                fields[field] = value

    if texts and not problems:
        missing = [field for field in FIELDS if field not in fields]
        if missing:
            problems.append(f"the availability box leaves {', '.join(missing)} undetermined")
    return fields, matched, problems
