"""Host names of IPS tenants, and the infrastructure each kind of host belongs to.

Neo IPS consoles run at ``ips-<account>.dispatcher.<region host>``, where the region
host is ``hana.ondemand.com`` or ``<region>.hana.ondemand.com``, and in China
``cn1.platform.sapcloud.cn``. SAP Cloud Identity tenants run at
``<tenant>.accounts.ondemand.com``, ``<tenant>.accounts.cloud.sap`` or
``<tenant>.accounts.sapcloud.cn``, with the IPS console under ``/ips``. Source: SAP's
"Regions and Hosts Available for the Neo Environment" and the SAP Cloud Identity
Services "Regional Availability" pages (read 2026-12).
"""

from __future__ import annotations

import re

from ..model import Infrastructure

_NEO_HOST = re.compile(
    r"^ips-[a-z0-9-]+\.dispatcher\.(?:(?:[a-z]{2}\d\.)?hana\.ondemand\.com|cn1\.platform\.sapcloud\.cn)$"
)
_SCI_HOST = re.compile(r"^[a-z0-9-]+\.accounts\.(?:ondemand\.com|cloud\.sap|sapcloud\.cn)$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def normalize_host(text: str) -> str:
    """Return the lower-case host name of a URL or host, without scheme, port, path or trailing dot."""
    host = _SCHEME.sub("", text.strip())
    host = re.split(r"[/?#]", host, maxsplit=1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0]
    return host.rstrip(".").lower()


def infrastructure_from_host(host: str) -> Infrastructure:
    """Return the infrastructure a tenant host belongs to, or UNKNOWN for any other host."""
    if _NEO_HOST.match(host):
        return Infrastructure.NEO
    if _SCI_HOST.match(host):
        return Infrastructure.SCI
    return Infrastructure.UNKNOWN
