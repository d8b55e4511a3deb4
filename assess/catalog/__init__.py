"""The connector catalog: SAP's connector availability rules, curated facts and name matching.

``load_catalog()`` reads the package data: ``data/parsed.yaml``, generated from
SAP's documentation by ``refresh_catalog``, and ``data/overlay.yaml``, kept by hand.
"""

from .catalog import Catalog
from .loader import load_catalog
from .matching import normalise_name
from .model import (
    ApiVersionRule,
    Availability,
    Bundle,
    CatalogError,
    Conflict,
    Connector,
    Fact,
    NeoRegion,
    RoleAvailability,
)

def refresh_catalog(docs, out_dir, read_on=None):
    """Regenerate parsed.yaml from SAP's docs, as ``assess.catalog.refresh.refresh_catalog`` does."""
    # Imported here so that ``python -m assess.catalog.refresh`` runs the module only once.
    from .refresh import refresh_catalog as refresh

    return refresh(docs, out_dir, read_on)


__all__ = [
    "ApiVersionRule",
    "Availability",
    "Bundle",
    "Catalog",
    "CatalogError",
    "Conflict",
    "Connector",
    "Fact",
    "NeoRegion",
    "RoleAvailability",
    "load_catalog",
    "normalise_name",
    "refresh_catalog",
]
