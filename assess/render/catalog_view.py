"""The part of the connector catalog that the reports print, typed as protocols.

The renderers only read the catalog, so they depend on these attribute shapes and not
on the loader in ``assess.catalog``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Protocol

from ..model import CatalogInfo, Role


class RoleAvailabilityLike(Protocol):
    role: Role
    page: str
    url: str
    sci_bundle: Any
    neo_bundle: Any
    standalone_sci: Any
    standalone_neo: Any


class ConnectorLike(Protocol):
    id: str
    name: str
    roles: Mapping[Role, RoleAvailabilityLike]
    aliases: Any
    caveats: Any


class FactLike(Protocol):
    key: str
    value: Any
    source: str
    read_on: dt.date | None
    verified: bool


class CatalogLike(Protocol):
    info: CatalogInfo
    connectors: Mapping[str, ConnectorLike]
    facts: Mapping[str, FactLike]


def is_web_url(text: str | None) -> bool:
    return bool(text) and text.lower().startswith(("https://", "http://"))


def catalog_urls(info: CatalogInfo, catalog: CatalogLike | None) -> dict[str, str]:
    """Map every source URL the catalog cites to a label for it.

    Only URLs in this map become hyperlinks in the reports, so no link is ever built
    from text that came from the customer's inputs.
    """
    urls: dict[str, str] = {}
    for pair in info.sources:
        label, url = _label_and_url(pair)
        if url:
            urls.setdefault(url, label or url)
    if catalog is None:
        return urls

    for connector in catalog.connectors.values():
        for availability in connector.roles.values():
            if is_web_url(availability.url):
                urls.setdefault(availability.url, availability.page or connector.name)
    for fact in catalog.facts.values():
        if is_web_url(fact.source):
            urls.setdefault(fact.source, fact.source)
    return urls


def _label_and_url(pair: tuple[str, str]) -> tuple[str, str | None]:
    """Split a ``CatalogInfo.sources`` entry into label and URL, whichever side the URL is on."""
    first, second = pair
    if is_web_url(second):
        return first, second
    if is_web_url(first):
        return second, first
    return first, None
