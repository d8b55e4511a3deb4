"""Every sentence a customer or consultant reads, one catalogue per language.

A catalogue is the merge of the YAML files in ``messages/<language>/``. Keys are
dotted paths (``findings.SYS-TARGET-BLOCKED.title``); values are ``str.format``
templates whose placeholders come from the caller.

Console output is English only: the files in ``CONSOLE_FILES`` exist in ``en/`` alone,
and every other language takes their keys from English. Every other file needs a
translation, so a missing customer text fails the run instead of falling back.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Mapping

import yaml

# libyaml's safe loader builds the same objects as PyYAML's pure-Python SafeLoader about
# ten times faster, and every command, even --help, formats its texts from the catalogue.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LANGUAGES = ("en", "de")

SOURCE_LANGUAGE = "en"
"""Language of the original messages and of all console output."""

CONSOLE_FILES = frozenset({"cli.yaml", "compare.yaml", "security.yaml"})
"""Message files that only the consultant's console shows; they are not translated."""


class MissingMessage(KeyError):
    """A key has no text in the requested language."""


class Catalogue:
    """Lookup of message templates for one language."""

    def __init__(self, language: str, entries: Mapping[str, str]):
        self.language = language
        self._entries = dict(entries)

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def keys(self) -> list[str]:
        return sorted(self._entries)

    def template(self, key: str) -> str:
        """Return the unformatted template for ``key``, as the YAML file writes it."""
        try:
            return self._entries[key]
        except KeyError:
            raise MissingMessage(f"no '{self.language}' message for key '{key}'") from None

    def text(self, key: str, **params: Any) -> str:
        """Format the template for ``key`` with ``params``; a missing placeholder stays visible."""
        try:
            template = self._entries[key]
        except KeyError:
            raise MissingMessage(f"no '{self.language}' message for key '{key}'") from None

        return template.format_map(_KeepMissing(params))


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _flatten(prefix: str, node: Any, into: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, into)
    else:
        into[prefix] = str(node).strip()


@lru_cache(maxsize=None)
def catalogue(language: str = "en") -> Catalogue:
    """Load and merge every YAML file of ``language``; duplicate keys are a packaging error."""
    if language not in LANGUAGES:
        raise MissingMessage(f"unsupported report language '{language}'; use one of {', '.join(LANGUAGES)}")

    entries: dict[str, str] = {}
    for item in message_files(language):
        flat: dict[str, str] = {}
        _flatten("", yaml.load(item.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}, flat)
        duplicated = entries.keys() & flat.keys()
        if duplicated:
            raise ValueError(f"message keys defined twice in {item.name}: {sorted(duplicated)}")
        entries.update(flat)

    return Catalogue(language, entries)


def message_files(language: str) -> list[Traversable]:
    """List the YAML files of ``language`` by name, with English console files it lacks."""
    root = resources.files("assess.messages")
    files = {item.name: item for item in (root / language).iterdir() if item.name.endswith(".yaml")}

    if language != SOURCE_LANGUAGE:
        for name in CONSOLE_FILES - files.keys():
            english = root / SOURCE_LANGUAGE / name
            if english.is_file():
                files[name] = english

    return [files[name] for name in sorted(files)]
