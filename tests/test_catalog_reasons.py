"""Every availability reason the catalog returns has a text in every report language."""

from __future__ import annotations

import pytest

from assess.catalog import load_catalog
from assess.messages import LANGUAGES, catalogue
from assess.model import Role, TenantModel


def returned_reasons() -> set[str]:
    catalog = load_catalog()
    bundle_sets = [()] + [(bundle_id,) for bundle_id in catalog.bundles]
    reasons = set()
    for connector_id in [*catalog.connectors, "no-such-connector"]:
        for role in Role:
            for model in TenantModel:
                for bundles in bundle_sets:
                    reasons.add(catalog.availability_after(connector_id, role, model, bundles).reason)
                    reasons.add(catalog.availability_on_neo(connector_id, role, model, bundles).reason)
    return reasons


def test_reasons_cover_unknowns():
    assert {"iag_only", "bundle_unknown", "tenant_model_unknown", "unknown_connector"} <= returned_reasons()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_has_text(language):
    messages = catalogue(language)
    missing = sorted(reason for reason in returned_reasons() if f"availability_reason.{reason}" not in messages)
    assert missing == []
