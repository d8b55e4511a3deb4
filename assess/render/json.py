"""Serialise an Assessment as ``assessment.json``: the whole result with stable field names.

Field names are the dataclass attribute names of ``assess.model``; enums become their
values, dates ISO 8601 strings. Each finding also carries its English title,
explanation and remediation so that other tools need no message catalogue.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from enum import Enum
from pathlib import Path
from collections import abc
from typing import Any, BinaryIO

from ..messages import catalogue
from ..model import Assessment, Finding

SCHEMA_VERSION = 1


_SCALARS = (str, int, float, bool, type(None))
_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(field.name for field in dataclasses.fields(kind))
    return names


def _plain(value: Any) -> Any:
    # Ordered by frequency: a large assessment has millions of scalars and few containers.
    if isinstance(value, _SCALARS):
        return value.value if isinstance(value, Enum) else value
    kind = type(value)
    if kind is Finding:
        return _finding(value)
    if hasattr(kind, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in _field_names(kind)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (frozenset, set)):
        return sorted(_plain(item) for item in value)
    if isinstance(value, abc.Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def _finding(finding: Finding) -> dict[str, Any]:
    english = catalogue("en")
    record = {name: _plain(getattr(finding, name)) for name in _field_names(Finding)}
    for part in ("title", "explanation", "remediation"):
        record[part] = english.text(f"findings.{finding.code}.{part}", **finding.params)
    return record


def assessment_to_dict(assessment: Assessment) -> dict[str, Any]:
    """Convert the assessment to plain JSON types, schema version first."""
    return _plain(_top_level(assessment))


def _top_level(assessment: Assessment) -> dict[str, Any]:
    fields = {name: getattr(assessment, name) for name in _field_names(Assessment) if name != "schema_version"}
    return {"schema_version": SCHEMA_VERSION, **fields}


def write_json(assessment: Assessment, path: Path) -> None:
    """Write ``assessment.json`` to ``path`` (the caller renames it into place)."""
    with path.open("wb") as output:
        write_json_to(assessment, output)


def write_json_to(assessment: Assessment, output: BinaryIO) -> None:
    """Write ``assessment.json`` to a binary stream, converting one record at a time.

    A large landscape's JSON text is hundreds of megabytes, so neither the converted
    assessment nor the text is ever held whole.
    """
    parts: list[str] = []
    _write(_top_level(assessment), 0, parts, output)
    parts.append("\n")
    _flush(parts, output)


# Items of lists nested this deep or deeper are written on one line each, such as each
# system of the inventory and each finding of a tenant. Python's json module encodes in C
# only without indentation: for 20,000 systems indent=2 took 4.8 s of CPU, this 1.4 s.
_RECORD_LEVEL = 3
# One encoder for every call: json.dumps with any non-default option builds a new one each time.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_FLUSH_PARTS = 10_000


def _write(value: Any, level: int, parts: list[str], output: BinaryIO) -> None:
    # Model objects above the record level are opened field by field, so only one
    # record at a time is converted to plain types.
    if hasattr(type(value), "__dataclass_fields__") and type(value) is not Finding:
        value = {name: getattr(value, name) for name in _field_names(type(value))}
    elif isinstance(value, tuple):
        value = list(value)
    if not isinstance(value, (dict, list)) or not value:
        parts.append(_ENCODE(_plain(value)))
        return

    is_dict = isinstance(value, dict)
    inner = ",\n" + "  " * (level + 1)
    parts.append("{" if is_dict else "[")
    for index, item in enumerate(value.items() if is_dict else value):
        parts.append(inner[1:] if index == 0 else inner)
        if is_dict:
            parts.append(_ENCODE(str(item[0])) + ": ")
            _write(item[1], level + 1, parts, output)
        elif level + 1 >= _RECORD_LEVEL:
            parts.append(_ENCODE(_plain(item)))
        else:
            _write(item, level + 1, parts, output)
        if len(parts) >= _FLUSH_PARTS:
            _flush(parts, output)
    parts.append("\n" + "  " * level + ("}" if is_dict else "]"))


def _flush(parts: list[str], output: BinaryIO) -> None:
    output.write("".join(parts).encode("utf-8"))
    parts.clear()
