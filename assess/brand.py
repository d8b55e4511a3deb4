"""The consulting firm's branding of the PDF report, read from a small YAML or TOML file.

docs/branding.md describes the keys. Every value is checked here, so the templates can
put the colours into a stylesheet and the PDF renderer can serve the logo as the one
file outside the templates folder.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import UsageError
from .messages import catalogue

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_PRIMARY = "#0b3d6b"
DEFAULT_ACCENT = "#5d85ad"
LIGHT_TEXT = "#ffffff"
DARK_TEXT = "#1d2433"

TEXT_LIMITS = {"firm_name": 80, "disclaimer": 600, "contact": 160, "logo": 500}
"""Maximum characters per text key, so that the cover and the footer keep their layout."""

COLOUR_KEYS = ("primary_color", "accent_color")
KEYS = ("firm_name", "logo", *COLOUR_KEYS, "disclaimer", "contact")

LOGO_MAX_BYTES = 2 * 1024 * 1024
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


@dataclass(frozen=True)
class Brand:
    """Firm name, logo, colours and closing texts of the PDF; the defaults give the neutral look."""

    firm_name: str | None = None
    logo: Path | None = None
    """Absolute path of a PNG, SVG or JPEG file."""
    primary_color: str = DEFAULT_PRIMARY
    """Colour of the cover, headings and table rules, as ``#rrggbb``."""
    accent_color: str = DEFAULT_ACCENT
    """Colour of the cover rule, the key-figure boxes and the contents leaders, as ``#rrggbb``."""
    disclaimer: str | None = None
    contact: str | None = None

    @property
    def cover_text_color(self) -> str:
        """White or near-black, whichever contrasts more with the primary colour."""
        return max((LIGHT_TEXT, DARK_TEXT), key=lambda text: _contrast(text, self.primary_color))

    @property
    def cover_muted_color(self) -> str:
        """The cover text colour blended 35 % towards the primary colour, for secondary text."""
        return _blend(self.cover_text_color, self.primary_color, 0.35)


def load_brand(path: Path) -> Brand:
    """Read and check the brand file at ``path``.

    Raises ``UsageError`` with a one-line message that names the file, the key, the value
    and what to write instead.
    """
    values = _read_mapping(path)

    unknown = [key for key in values if key not in KEYS]
    if unknown:
        raise _error("unknown_key", path, name=repr(str(unknown[0])), keys=", ".join(KEYS))

    texts = {key: _text(path, key, values.get(key)) for key in KEYS if key not in COLOUR_KEYS}
    colours = {key: _colour(path, key, values[key]) for key in COLOUR_KEYS if key in values}

    return Brand(
        firm_name=texts["firm_name"],
        logo=_logo(path, texts["logo"]) if texts["logo"] else None,
        disclaimer=texts["disclaimer"],
        contact=texts["contact"],
        **colours,
    )


def _read_mapping(path: Path) -> dict[str, Any]:
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".toml"):
        raise _error("suffix", path)

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _error("not_found", path) from None
    except OSError as error:
        raise _error("unreadable", path, error=error.strerror) from None

    try:
        if suffix == ".toml":
            values = tomllib.loads(raw.decode("utf-8"))
        else:
            values = yaml.safe_load(raw)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        kind = "TOML" if suffix == ".toml" else "YAML"
        raise _error("syntax", path, format=kind, error=" ".join(str(error).split())) from None

    if not isinstance(values, dict):
        raise _error("not_mapping", path)
    return values


def _text(path: Path, key: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _error("not_text", path, name=repr(key), value=repr(value))

    text = " ".join(value.split())
    if len(text) > TEXT_LIMITS[key]:
        raise _error("too_long", path, name=repr(key), length=len(text), limit=TEXT_LIMITS[key])
    return text or None


def _colour(path: Path, key: str, value: Any) -> str:
    if value is None:
        raise _error("colour_missing", path, name=repr(key))
    text = str(value).strip()
    if not isinstance(value, str) or not _HEX_COLOUR.fullmatch(text):
        raise _error("colour", path, name=repr(key), value=repr(value))

    if len(text) == 4:
        text = "#" + "".join(digit * 2 for digit in text[1:])
    return text.lower()


def _logo(path: Path, value: str) -> Path:
    logo = (path.parent / value).resolve()
    if not logo.is_file():
        raise _error("logo_missing", path, value=repr(value))

    size = logo.stat().st_size
    if size > LOGO_MAX_BYTES:
        raise _error("logo_size", path, value=repr(value), size=f"{size:,} bytes", limit=f"{LOGO_MAX_BYTES:,} bytes")
    if not _is_image(logo):
        raise _error("logo_type", path, value=repr(value))
    return logo


def _is_image(path: Path) -> bool:
    """Check the file's signature, because the suffix alone does not show what the file contains."""
    head = path.read_bytes()[:512]
    suffix = path.suffix.lower()
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".svg":
        return b"<svg" in head
    return False


def _error(kind: str, path: Path, **params: object) -> UsageError:
    return UsageError(catalogue("en").text(f"report_pdf.brand.error.{kind}", file=path, **params))


def _luminance(colour: str) -> float:
    """Relative luminance of ``#rrggbb`` as WCAG 2.1 defines it, from 0 (black) to 1 (white)."""
    channels = []
    for index in (1, 3, 5):
        value = int(colour[index : index + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(first: str, second: str) -> float:
    """Contrast ratio of two colours as WCAG 2.1 defines it, from 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _blend(colour: str, other: str, share: float) -> str:
    """Mix ``share`` of ``other`` into ``colour``, channel by channel."""
    mixed = []
    for index in (1, 3, 5):
        first = int(colour[index : index + 2], 16)
        second = int(other[index : index + 2], 16)
        mixed.append(round(first * (1 - share) + second * share))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)
