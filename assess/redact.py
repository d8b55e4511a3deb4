"""Rewrite the text of an Inventory before assessment: control characters and personal data.

Both passes are pure functions over the frozen records that ingest returns, so every
renderer (workbook, PDF, assessment.json) receives the same cleaned text and none of
them needs its own rules.
"""

from __future__ import annotations

import dataclasses
import re
from enum import Enum
from typing import Callable, Iterable, Mapping, TypeVar

from .ingest.headers import FIELDS, normalize_header
from .messages import Catalogue
from .model import InputIssue, Inventory, SourceRef, System, Tenant

Record = TypeVar("Record")

# C0 controls except tab, line feed and carriage return, DEL and the C1 controls. The
# bidirectional embeddings, overrides and isolates, because they can make a report show
# text in another order than it is stored. Surrogates, which Python strings decoded from
# JSON can contain although no UTF-8 file can, and the noncharacters U+FFFE and U+FFFF.
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)

# Deliberately wide: a local part of the characters RFC 5322 allows without quoting, and
# a domain of at least two labels. Host names alone never match, because they lack the @.
EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")

# Fields that ingest derives from other cells, so a changed cell is counted once.
_DERIVED_FIELDS = frozenset({"key", "tenant_key", "source", "columns_present"})

# Ingest field names whose values the model keeps under another attribute name.
_MODEL_ATTRIBUTE = {"connector": "connector_raw"}

# Short values would match inside unrelated words of issue texts, so only values at least
# this long are replaced inside longer text. Whole-value matches are replaced at any length.
_MIN_SUBSTRING_LENGTH = 3


def remove_control_characters(inventory: Inventory, messages: Catalogue) -> Inventory:
    """Remove ``CONTROL_CHARACTERS`` from every text of ``inventory``.

    The tenant and system cells that changed are counted, and when there are any, one
    warning with the count is added to the input issues, so the Input issues sheet and
    the PDF appendix show it.
    """
    strip = _strip_control_characters
    tenants, tenant_count = _clean_records(inventory.tenants, strip)
    systems, system_count = _clean_records(inventory.systems, strip)
    issues = tuple(rewrite_text(issue, strip) for issue in inventory.issues)

    count = tenant_count + system_count
    if count:
        issues += (_control_character_issue(count, messages),)

    files = tuple(rewrite_text(file, strip) for file in inventory.files)
    return Inventory(tenants, systems, issues, files)


def _strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def _clean_records(records: Iterable[Record], strip: Callable[[str], str]) -> tuple[tuple[Record, ...], int]:
    cleaned: list[Record] = []
    changed_cells = 0
    for record in records:
        # Almost no record has a control character, and rebuilding each one costs more
        # than the rest of the run on a large landscape, so only affected ones are rebuilt.
        if not _has_control_character(record):
            cleaned.append(record)
            continue
        new_record = rewrite_text(record, strip)
        changed_cells += sum(
            getattr(record, field.name) != getattr(new_record, field.name)
            for field in dataclasses.fields(record)
            if field.name not in _DERIVED_FIELDS
        )
        cleaned.append(new_record)
    return tuple(cleaned), changed_cells


def _has_control_character(value: object) -> bool:
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if dataclasses.is_dataclass(value):
        return any(_has_control_character(getattr(value, field.name)) for field in dataclasses.fields(value))
    if isinstance(value, dict):
        return any(_has_control_character(key) or _has_control_character(item) for key, item in value.items())
    if isinstance(value, (tuple, list, frozenset, set)):
        return any(_has_control_character(item) for item in value)
    return False


def _control_character_issue(count: int, messages: Catalogue) -> InputIssue:
    return InputIssue(
        source=SourceRef(messages.text("security.control_characters.where")),
        problem=messages.text("security.control_characters.problem", count=count),
        suggestion=messages.text("security.control_characters.suggestion"),
    )


def rewrite_text(value: Record, rewrite: Callable[[str], str]) -> Record:
    """Apply ``rewrite`` to every string inside ``value``, keeping its types.

    Walks dataclasses, tuples, frozensets and mappings (whose keys stay as they are).
    Enum members are kept, although the model's enums are strings.
    """
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return rewrite(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(rewrite_text(item, rewrite) for item in value)  # type: ignore[return-value]
    if isinstance(value, frozenset):
        return frozenset(rewrite_text(item, rewrite) for item in value)  # type: ignore[return-value]
    if isinstance(value, Mapping):
        return {key: rewrite_text(item, rewrite) for key, item in value.items()}  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {field.name: rewrite_text(getattr(value, field.name), rewrite) for field in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


class Placeholders:
    """Placeholders that stay the same for the same value within one run.

    E-mail addresses are compared ignoring case, column values exactly.
    """

    def __init__(self) -> None:
        self.addresses: dict[str, str] = {}
        self.values: dict[str, str] = {}

    def address(self, address: str) -> str:
        key = address.casefold()
        if key not in self.addresses:
            self.addresses[key] = f"person-{len(self.addresses) + 1}@redacted.invalid"
        return self.addresses[key]

    def value(self, value: str) -> str:
        if value not in self.values:
            self.values[value] = f"[redacted-{len(self.values) + 1}]"
        return self.values[value]


def redact_inventory(inventory: Inventory, columns: Iterable[str] = ()) -> Inventory:
    """Replace personal data in ``inventory`` with placeholders.

    Every e-mail address in any text becomes ``person-N@redacted.invalid``. Every value of
    the named input ``columns`` becomes ``[redacted-N]`` wherever it occurs as a whole
    text (so the tenant keys derived from it change with it) and inside the text of input
    issues. Columns that ingest does not keep reach the reports only through the values
    of input issues in that column, and those values are replaced too.
    """
    placeholders = Placeholders()
    column_keys = {normalize_header(column) for column in columns}
    attributes = _attributes_for(column_keys)
    for record in (*inventory.tenants, *inventory.systems):
        for attribute in attributes:
            _collect_values(getattr(record, attribute, None), placeholders)
    for issue in inventory.issues:
        if issue.value and issue.source.column and normalize_header(issue.source.column) in column_keys:
            placeholders.value(issue.value)

    def redact_whole(text: str) -> str:
        text = placeholders.values.get(text, text)
        return EMAIL_ADDRESS.sub(lambda match: placeholders.address(match[0]), text)

    def redact_inside(text: str) -> str:
        text = _replace_values(text, placeholders)
        return EMAIL_ADDRESS.sub(lambda match: placeholders.address(match[0]), text)

    tenants = rewrite_text(inventory.tenants, redact_whole)
    systems = rewrite_text(inventory.systems, redact_whole)
    issues = tuple(_redact_issue(issue, redact_whole, redact_inside) for issue in inventory.issues)
    files = rewrite_text(inventory.files, redact_whole)
    return Inventory(tenants, systems, issues, files)


def _redact_issue(issue: InputIssue, redact_whole: Callable[[str], str], redact_inside: Callable[[str], str]) -> InputIssue:
    return dataclasses.replace(
        issue,
        source=rewrite_text(issue.source, redact_whole),
        related=rewrite_text(issue.related, redact_whole),
        problem=redact_inside(issue.problem),
        suggestion=redact_inside(issue.suggestion),
        value=redact_inside(issue.value) if issue.value is not None else None,
    )


def _attributes_for(column_keys: set[str]) -> set[str]:
    """Return the Tenant and System attributes that store the columns with these normalized headers."""
    attributes: set[str] = set()
    for kind_fields in FIELDS.values():
        for field in kind_fields:
            headers = {field.name, field.label, *field.variants}
            if column_keys & {normalize_header(header) for header in headers}:
                attributes.add(_MODEL_ATTRIBUTE.get(field.name, field.name))
    model_attributes = {field.name for record in (Tenant, System) for field in dataclasses.fields(record)}
    return attributes & model_attributes


def _collect_values(value: object, placeholders: Placeholders) -> None:
    if isinstance(value, str) and value and not isinstance(value, Enum):
        placeholders.value(value)
    elif isinstance(value, tuple):
        for item in value:
            _collect_values(item, placeholders)


def _replace_values(text: str, placeholders: Placeholders) -> str:
    if not placeholders.values:
        return text
    whole = placeholders.values.get(text)
    if whole is not None:
        return whole

    # Longer values first, so a value that contains another is replaced as a whole.
    for value in sorted(placeholders.values, key=len, reverse=True):
        if len(value) >= _MIN_SUBSTRING_LENGTH and value in text:
            text = text.replace(value, placeholders.values[value])
    return text
