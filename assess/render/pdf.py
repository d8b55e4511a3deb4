"""PDF report: the view model rendered through Jinja2 templates into HTML, then WeasyPrint.

WeasyPrint reads only the files this module allows: the stylesheet and images under the
templates folder and, when given, one logo file. Every other URL stops the render, so
a URL that slipped into the HTML can never make the tool read a local file or call out
to the network.

The PDF is PDF/A-3b and carries the assessment's JSON as an attachment, so the archived
report also contains the data it was rendered from.
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from weasyprint import HTML, Attachment
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..brand import Brand
from ..errors import OutputError
from ..messages import Catalogue
from ..resources import templates_dir
from .formatting import (
    css_page_counter,
    format_date,
    format_datetime,
    format_file_size,
    format_number,
    format_share,
)
from .charts import Charts, build_charts
from .view import ReportView, count_phrase

LOGGER = logging.getLogger("assess.render")

TEMPLATE = "report.html.j2"

PDF_VARIANT = "pdf/a-3b"
ATTACHMENT_NAME = "assessment.json"


class RejectedResource(ValueError):
    """WeasyPrint asked for a URL outside the allowed files."""


@dataclass(frozen=True)
class PageContext:
    """Layout inputs that do not come from the assessment."""

    logo_url: str | None = None
    brand: Brand = field(default_factory=Brand)


@dataclass
class PdfResult:
    """Record of one render: the URLs WeasyPrint requested and the warnings it logged."""

    requested: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def make_environment(messages: Catalogue, folder: Path | None = None) -> Environment:
    """Create the Jinja2 environment with HTML autoescaping and the report's filters."""
    environment = Environment(
        loader=FileSystemLoader(str(folder or templates_dir())),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=bounded_text,
    )
    language = messages.language
    environment.filters.update(
        t=lambda key, **params: messages.text(key, **params),
        date=lambda value, style="long": format_date(value, language, style),
        datetime=lambda value, style="medium": format_datetime(value, language, style),
        number=lambda value: format_number(value, language),
        share=lambda value: format_share(value, language),
        filesize=lambda value: format_file_size(value, language),
        css_page_counter=_css_page_counter_filter,
        w3c_datetime=_w3c_datetime,
        count=lambda noun, value: count_phrase(messages, noun, value),
    )
    return environment


# WeasyPrint's time to break a long word grows faster than its length: a 2,000-character
# system name added 3.6 s of CPU to a one-system report, and 40,000 characters did not
# finish in 300 s. The longest catalog URL has 228 characters.
MAX_WORD_CHARS = 300
MAX_TEXT_CHARS = 5_000
_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))
_ELLIPSIS = "\u2026"


def bounded_text(value: object) -> object:
    """Shorten text that a template prints: each word to MAX_WORD_CHARS and the whole to MAX_TEXT_CHARS.

    Markup that the templates build themselves is left whole. The workbook and
    assessment.json keep the full text.
    """
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    if len(value) > MAX_TEXT_CHARS:
        value = value[:MAX_TEXT_CHARS] + _ELLIPSIS
    if len(value) > MAX_WORD_CHARS:
        value = _LONG_WORD.sub(lambda match: match.group(0)[:MAX_WORD_CHARS] + _ELLIPSIS, value)
    return value


def _w3c_datetime(value: dt.datetime) -> str:
    """Format a timestamp as the W3C date-time that WeasyPrint accepts in PDF metadata."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _css_page_counter_filter(template: str) -> Markup:
    # The result goes into a <style> element, where HTML escaping would corrupt it.
    # css_page_counter hex-escapes every character that could end the string.
    return Markup(css_page_counter(template))


def render_html(
    report: ReportView,
    messages: Catalogue,
    page: PageContext = PageContext(),
    charts: Charts | None = None,
) -> str:
    """Render the HTML that WeasyPrint lays out; ``charts`` default to those of ``report``."""
    environment = make_environment(messages)
    charts = charts or build_charts(report, messages)
    return environment.get_template(TEMPLATE).render(report=report, page=page, charts=charts)


def write_pdf(
    report: ReportView,
    messages: Catalogue,
    path: Path,
    logo: Path | None = None,
    brand: Brand | None = None,
    assessment_json: bytes | None = None,
) -> PdfResult:
    """Render ``report`` to a PDF/A-3b file at ``path`` and return what WeasyPrint requested and logged.

    ``logo`` is used when ``brand`` names none. ``assessment_json`` is embedded as
    ``assessment.json`` when given. Raises ``OutputError`` when WeasyPrint requests a URL
    outside the allowed files.
    """
    brand = brand or Brand()
    logo = brand.logo or logo
    folder = templates_dir()
    fetcher = TemplateFetcher(folder, logo)
    page = PageContext(logo_url=logo.resolve().as_uri() if logo else None, brand=brand)
    html = render_html(report, messages, page)
    attachments = [_attachment(report, messages, assessment_json)] if assessment_json is not None else []

    with _captured_warnings() as warnings:
        try:
            document = HTML(string=html, base_url=folder.as_uri() + "/", url_fetcher=fetcher)
            document.write_pdf(str(path), pdf_variant=PDF_VARIANT, attachments=attachments)
        except FatalURLFetchingError as error:
            raise OutputError(
                f"the PDF requested a resource outside {folder} and the logo ({error.__cause__}). "
                "Check the templates for external URLs and that the logo file exists."
            ) from error

    for message in warnings:
        LOGGER.warning("WeasyPrint: %s", message)
    return PdfResult(requested=list(fetcher.requested), rejected=list(fetcher.rejected), warnings=list(warnings))


def _attachment(report: ReportView, messages: Catalogue, content: bytes) -> Attachment:
    # The attachment's dates are the assessment's, so that a rerun with the same
    # generation time embeds the same file.
    return Attachment(
        string=content,
        name=ATTACHMENT_NAME,
        description=messages.text("report_pdf.metadata.attachment"),
        created=report.generated_at,
        modified=report.generated_at,
        relationship="Data",
    )


# WeasyPrint 70 logs this when the system lacks libharfbuzz-subset and it subsets fonts
# with fontTools instead. The PDF is the same, so it is a notice about the machine, not
# about the report (install libharfbuzz-subset0 on Debian to silence it).
_SUBSET_FALLBACK = "Using fontTools instead of HarfBuzz-Subset"


@contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings during a render instead of letting them reach stderr."""
    messages: list[str] = []

    class _Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if message.startswith(_SUBSET_FALLBACK):
                LOGGER.debug("WeasyPrint: %s", message)
                return
            messages.append(message)

    logger = logging.getLogger("weasyprint")
    handler = _Collector(level=logging.WARNING)
    previous_level = logger.level
    previous_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous_level)
        logger.propagate = previous_propagate


class TemplateFetcher(URLFetcher):
    """WeasyPrint URL fetcher that serves files under one folder plus an optional logo.

    Any other URL (http, https, data, or a file elsewhere) raises ``RejectedResource``.
    Because the fetcher sets ``fail_on_errors``, WeasyPrint then stops the render.
    """

    def __init__(self, folder: Path, logo: Path | None = None):
        super().__init__(fail_on_errors=True)
        self.folder = folder.resolve()
        self.logo = logo.resolve() if logo else None
        self.requested: list[str] = []
        self.rejected: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        try:
            path = self.allowed_path(url)
        except RejectedResource:
            self.rejected.append(url)
            raise

        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": media_type})

    def allowed_path(self, url: str) -> Path:
        """Return the local file for ``url``, or raise ``RejectedResource``."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise RejectedResource(f"resource URL not allowed in reports: {url[:200]}")

        path = Path(url2pathname(unquote(parts.path))).resolve()
        inside = path == self.logo or path.is_relative_to(self.folder)
        if not inside or not path.is_file():
            raise RejectedResource(f"resource file outside the templates folder: {url[:200]}")
        return path
