"""Parsers for cell values, tolerant of how spreadsheets and CSV exports store them.

Each parser takes a cell as the reader returns it (str, float, int, bool, date or
datetime; blank cells are ``None`` or empty strings) and returns the parsed value or
an ``Invalid`` that describes the problem. Parsers are cached because the same few
texts ("yes", "source", "SAP") repeat on most rows of a large inventory.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from ..model import Infrastructure, Role, TenantModel


@dataclass(frozen=True)
class Invalid:
    """A cell value that could not be parsed: the problem and the accepted forms."""

    problem: str
    accepted: str
    is_error: bool = False


Parser = Callable[[Any], Any]

# Excel's day zero for serial dates (the 1900 leap-year bug makes it 1899-12-30).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers outside this range are rejected: below 10000 (1927) a number is more
# likely a year or a count than a date, and 2958465 is 9999-12-31, Excel's last date.
_MIN_SERIAL = 10_000
_MAX_SERIAL = 2_958_465

_TRUE_WORDS = frozenset({"yes", "y", "ja", "j", "x", "true", "wahr", "1", "on"})
_FALSE_WORDS = frozenset({"no", "n", "nein", "false", "falsch", "0", "off"})
BOOLEAN_FORMS = "yes/no, ja/nein, x (for yes), true/false, wahr/falsch, 1/0, on/off, or leave the cell blank"

DATE_FORMS = (
    "a date cell, an Excel serial number, ISO text (2024-03-28), dd.mm.yyyy (28.03.2024), "
    "mm/dd/yyyy (03/28/2024) or a month name (28 Mar 2024, Mar 28, 2024)"
)

_ISO_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ].*)?$")
_TIME_SUFFIX = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?)?"
# German locales also write two-digit years (5.6.24); they are read as 20yy.
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})" + _TIME_SUFFIX + "$")
_SLASHED_DATE = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})" + _TIME_SUFFIX + "$")
_MONTH_NAME_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d-%b-%Y", "%b %d %Y", "%B %d %Y")
_NUMBER_TEXT = re.compile(r"^\d+(?:\.\d+)?$")
_GROUPED_INTEGER = re.compile(r"^\d{1,3}(?:([,.' ])\d{3})(?:\1\d{3})*$")
_LIST_SEPARATORS = re.compile(r"[,;\r\n]+")


def cell_text(value: Any) -> str | None:
    """Return a cell as trimmed text, or None when blank. Whole floats lose their '.0'."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.replace("\u00a0", " ").strip()
        return text or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def display_value(value: Any) -> str | None:
    """Return the cell as the user would recognise it, for issue messages.

    A date cell shows as its ISO date, with the time only when it has one, because the
    display format of the cell is not read.
    """
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return cell_text(value)


@lru_cache(maxsize=4096, typed=True)
def parse_text(value: Any) -> str | None:
    return cell_text(value)


@lru_cache(maxsize=4096, typed=True)
def parse_boolean(value: Any) -> bool | None | Invalid:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if value in (0, 1):
            return bool(value)
        return Invalid("is not a yes/no value", BOOLEAN_FORMS)
    text = cell_text(value)
    if text is None:
        return None
    word = text.casefold()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    return Invalid("is not a yes/no value", BOOLEAN_FORMS)


def _date_or_invalid(year: int, month: int, day: int) -> dt.date | Invalid:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return Invalid("is not a valid calendar date", DATE_FORMS)


def _date_from_serial(serial: float) -> dt.date | Invalid:
    if not _MIN_SERIAL <= serial <= _MAX_SERIAL:
        return Invalid("is a number but not a plausible Excel date serial number", DATE_FORMS)
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


# Identity Provisioning dates (tenant creation, job runs) fall well inside this range, while
# 1899-12-30 (Excel's day 0) and 9999-12-31 are placeholders that would read as real dates.
_PLAUSIBLE_DATES = (dt.date(2000, 1, 1), dt.date(2099, 12, 31))


@lru_cache(maxsize=4096, typed=True)
def parse_date(value: Any) -> dt.date | None | Invalid:
    parsed = _parse_date_value(value)
    if isinstance(parsed, dt.date) and not _PLAUSIBLE_DATES[0] <= parsed <= _PLAUSIBLE_DATES[1]:
        return Invalid(
            f"is outside the plausible range {_PLAUSIBLE_DATES[0]} to {_PLAUSIBLE_DATES[1]}", DATE_FORMS
        )
    return parsed


def _parse_date_value(value: Any) -> dt.date | None | Invalid:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return Invalid("is not a date", DATE_FORMS)
    if isinstance(value, (int, float)):
        return _date_from_serial(float(value))
    text = cell_text(value)
    if text is None:
        return None
    return _parse_date_text(text)


def _parse_date_text(text: str) -> dt.date | Invalid:
    match = _ISO_DATE.match(text)
    if match:
        return _date_or_invalid(int(match[1]), int(match[2]), int(match[3]))
    match = _DOTTED_DATE.match(text)
    if match:
        year = int(match[3]) if len(match[3]) == 4 else 2000 + int(match[3])
        return _date_or_invalid(year, int(match[2]), int(match[1]))
    match = _SLASHED_DATE.match(text)
    if match:
        return _parse_slashed(int(match[1]), int(match[2]), int(match[3]))
    if _NUMBER_TEXT.match(text):
        return _date_from_serial(float(text))
    for date_format in _MONTH_NAME_FORMATS:
        try:
            return dt.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return Invalid("is not a date", DATE_FORMS)


def _parse_slashed(first: int, second: int, year: int) -> dt.date | Invalid:
    # mm/dd/yyyy is the documented form, but a first number above 12 can only be a
    # day, so 28/03/2024 is read as 28 March. When both numbers could be the month,
    # guessing would silently shift dates by months, so the date is left unset.
    if first > 12:
        return _date_or_invalid(year, second, first)
    if second > 12 or first == second:
        return _date_or_invalid(year, first, second)
    return Invalid(
        f"is ambiguous: it can be read as month/day ({year:04d}-{first:02d}-{second:02d}) "
        f"or day/month ({year:04d}-{second:02d}-{first:02d}), so the date was left unset",
        "write the date as ISO text (2024-03-28) or dd.mm.yyyy (28.03.2024)",
    )


@lru_cache(maxsize=4096, typed=True)
def parse_integer(value: Any) -> int | None | Invalid:
    accepted = "a whole number such as 1200, 1,200 or 1.200"
    if isinstance(value, bool):
        return Invalid("is not a whole number", accepted)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else Invalid("is not a whole number", accepted)
    text = cell_text(value)
    if text is None:
        return None
    text = text.replace("\u202f", " ")
    if _GROUPED_INTEGER.match(text):
        return int(re.sub(r"[,.' ]", "", text))
    try:
        number = float(text)
    except ValueError:
        return Invalid("is not a whole number", accepted)
    if not number.is_integer() or number < 0:
        return Invalid("is not a whole number", accepted)
    return int(number)


def split_list(value: Any) -> tuple[str, ...]:
    """Split a list cell on commas, semicolons and line breaks, dropping empty parts."""
    text = cell_text(value)
    if text is None:
        return ()
    return tuple(part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip())


def _words(value: Any) -> str | None:
    text = cell_text(value)
    if text is None:
        return None
    return re.sub(r"[\s_\-]+", " ", text.casefold()).strip()


ROLE_FORMS = "source, target or proxy (German: Quelle, Ziel, Proxy)"
_ROLE_WORDS = {
    "source": Role.SOURCE,
    "quelle": Role.SOURCE,
    "quellsystem": Role.SOURCE,
    "target": Role.TARGET,
    "ziel": Role.TARGET,
    "zielsystem": Role.TARGET,
    "proxy": Role.PROXY,
    "proxysystem": Role.PROXY,
}


@lru_cache(maxsize=256, typed=True)
def parse_role(value: Any) -> Role | None | Invalid:
    words = _words(value)
    if words is None:
        return None
    words = words.removesuffix(" system").removesuffix(" systems")
    role = _ROLE_WORDS.get(words)
    if role is None:
        return Invalid("is not a known system role", ROLE_FORMS, is_error=True)
    return role


INFRASTRUCTURE_FORMS = "Neo, or SAP Cloud Identity (SCI)"


@lru_cache(maxsize=256, typed=True)
def parse_infrastructure(value: Any) -> Infrastructure | None | Invalid:
    words = _words(value)
    if words is None:
        return None
    if "neo" in words.split() or words.startswith("neo"):
        return Infrastructure.NEO
    if words in ("sci", "sap cloud identity", "cloud identity") or "cloud identity" in words:
        return Infrastructure.SCI
    return Invalid("is not a known infrastructure", INFRASTRUCTURE_FORMS)


TENANT_MODEL_FORMS = "bundle or standalone (German: Bündel, eigenständig)"


@lru_cache(maxsize=256, typed=True)
def parse_tenant_model(value: Any) -> TenantModel | None | Invalid:
    words = _words(value)
    if words is None:
        return None
    words = words.removesuffix(" tenant").removesuffix("mandant").strip()
    if words in ("bundle", "bündel", "buendel", "bundled"):
        return TenantModel.BUNDLE
    if words in ("standalone", "stand alone", "eigenständig", "eigenstaendig"):
        return TenantModel.STANDALONE
    return Invalid("is not a known tenant model", TENANT_MODEL_FORMS)


TENANT_TYPE_FORMS = "productive or test (German: produktiv, Test)"


@lru_cache(maxsize=256, typed=True)
def parse_tenant_type(value: Any) -> str | None | Invalid:
    words = _words(value)
    if words is None:
        return None
    words = words.removesuffix(" tenant")
    if words in ("productive", "production", "prod", "produktiv", "produktion", "live"):
        return "productive"
    if words in ("test", "testing", "non productive", "nicht produktiv", "dev", "development", "qa"):
        return "test"
    return Invalid("is not a known tenant type", TENANT_TYPE_FORMS)


MANAGED_BY_FORMS = "SAP or customer (also SAP_MANAGED, CUSTOMER_MANAGED, Kunde)"


@lru_cache(maxsize=256, typed=True)
def parse_managed_by(value: Any) -> bool | None | Invalid:
    words = _words(value)
    if words is None:
        return None
    words = words.removesuffix(" managed").removesuffix(" verwaltet")
    if words == "sap":
        return True
    if words in ("customer", "kunde", "customer side"):
        return False
    return Invalid("is not a known management type", MANAGED_BY_FORMS)


_AUTHENTICATION_WORDS = {
    "basic": "basic",
    "basic authentication": "basic",
    "basicauthentication": "basic",
    "oauth": "oauth",
    "oauth2": "oauth",
    "oauth2clientcredentials": "oauth",
    "oauth2 client credentials": "oauth",
    "oauth client credentials": "oauth",
    "certificate": "certificate",
    "client certificate": "certificate",
    "clientcertificateauthentication": "certificate",
    "client certificate authentication": "certificate",
    "certificate authentication": "certificate",
    "zertifikat": "certificate",
    "none": "none",
    "noauthentication": "none",
    "no authentication": "none",
}


@lru_cache(maxsize=256, typed=True)
def parse_authentication(value: Any) -> str | None:
    """Return basic, oauth, certificate or none, or any other text as written."""
    text = cell_text(value)
    if text is None:
        return None
    return _AUTHENTICATION_WORDS.get(re.sub(r"[\s_\-]+", " ", text.casefold()).strip(), text)


@lru_cache(maxsize=256, typed=True)
def parse_proxy_type(value: Any) -> str | None:
    """Return the ProxyType property value, also from a cell written as ``ProxyType=OnPremise``."""
    text = cell_text(value)
    if text is None:
        return None
    if "=" in text:
        key, _, rest = text.partition("=")
        if key.strip().casefold() == "proxytype":
            return rest.strip() or None
    return text


@lru_cache(maxsize=64, typed=True)
def parse_service(value: Any) -> str | None:
    """Return IAS or IPS for the Service column of the IAMTENANTS list, or the text as written."""
    text = cell_text(value)
    if text is None:
        return None
    upper = text.upper()
    if upper in ("IAS", "IPS"):
        return upper
    words = text.casefold()
    if "provisioning" in words:
        return "IPS"
    if "authentication" in words:
        return "IAS"
    return text


@lru_cache(maxsize=64, typed=True)
def parse_property(value: Any) -> str | None:
    """Return a connector property value as text, or None when the cell was blank."""
    return cell_text(value)
