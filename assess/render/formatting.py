"""Locale-aware formatting of dates and numbers, shared by the view builder and the Jinja filters.

Babel supplies the locale data, so a report in another language formats its dates and
numbers the way readers of that language expect.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_decimal, format_percent

REGIONAL_LOCALES = {"de": "de_DE"}
"""Babel locale per report language that names no region.

German reports follow the conventions of Germany: Austrian (de_AT) and Swiss (de_CH)
German write some months and the thousands separator differently.
"""


def babel_locale(language: str) -> str:
    return REGIONAL_LOCALES.get(language, language)


def format_date(value: dt.date | None, language: str, style: str = "long") -> str:
    if value is None:
        return ""
    return babel_format_date(value, format=style, locale=babel_locale(language))


def format_datetime(value: dt.datetime | None, language: str, style: str = "medium") -> str:
    """Format a timestamp; a naive value is taken as UTC, because the model stores UTC."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return babel_format_datetime(value, format=style, tzinfo=dt.timezone.utc, locale=babel_locale(language))


def format_number(value: int | float | None, language: str) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=babel_locale(language))


def format_share(value: float | None, language: str) -> str:
    """Format a share between 0 and 1 as a whole percentage."""
    if value is None:
        return ""
    return format_percent(value, format="#,##0%", locale=babel_locale(language))


def format_file_size(size: int | None, language: str) -> str:
    """Format a byte count with a binary unit: KiB from 1024 bytes, MiB from 1024 KiB."""
    if size is None:
        return ""
    if size < 1024:
        return f"{format_decimal(size, locale=babel_locale(language))} B"
    if size < 1024 * 1024:
        return f"{format_decimal(round(size / 1024, 1), locale=babel_locale(language))} KiB"
    return f"{format_decimal(round(size / (1024 * 1024), 1), locale=babel_locale(language))} MiB"


_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def css_string(text: str) -> str:
    """Quote ``text`` as a CSS string literal.

    Every character outside letters, digits and space becomes a hex escape, so neither
    a quote nor ``</style>`` in the text can end the string or the style element.
    """
    escaped = []
    for char in text:
        if char.isalnum() and char.isascii() or char == " ":
            escaped.append(char)
        else:
            escaped.append(f"\\{ord(char):06x}")
    return '"' + "".join(escaped) + '"'


def css_page_counter(template: str) -> str:
    """Turn a message such as ``Page {page} of {pages}`` into a CSS ``content`` value."""
    parts = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append(css_string(template[position:match.start()]))
        parts.append(f"counter({match.group(1)})")
        position = match.end()
    if position < len(template):
        parts.append(css_string(template[position:]))
    return " ".join(parts) if parts else '""'
