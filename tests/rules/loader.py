"""Build inventories from the rule case files and run the real engine on them.

A case file ``cases/<CODE>.yml`` contains a list of cases for one rule. Each case names a
tenant (fields left out take the defaults of ``TENANT_DEFAULTS``: a Neo bundle tenant of
the SAP SuccessFactors bundle with a target Identity Authentication tenant), its systems,
the assessment date ``as_of`` and ``hit``: whether the rule must report a finding.
A system may carry ``count: N`` to stand for N systems named ``<name>-1`` to ``<name>-N``.
A file whose rule cannot hit with the packaged catalog says why under ``unreachable``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assess.assessment import AssessOptions, assess
from assess.catalog import load_catalog
from assess.model import Assessment, Infrastructure, Inventory, Role, SourceRef, System, Tenant, TenantModel

CASES_DIR = Path(__file__).parent / "cases"

TENANT_DEFAULTS: dict[str, Any] = {
    "id": "t1",
    "infrastructure": "neo",
    "model": "bundle",
    "bundles": ["SAP SuccessFactors"],
    "target_ias_tenant": "target.accounts.ondemand.com",
}

SYSTEM_FIELDS = (
    "enabled",
    "planned",
    "destination_name",
    "proxy_type",
    "cloud_connector_location",
    "authentication",
    "inbound_certificate",
    "transformations_modified",
    "real_time",
    "last_status",
    "managed_by_sap",
)


@dataclass(frozen=True)
class RuleCase:
    """One case of a case file: the inputs, the date and whether the rule must hit."""

    code: str
    name: str
    as_of: dt.date
    tenant: Tenant
    systems: tuple[System, ...]
    hit: bool

    @property
    def id(self) -> str:
        return f"{self.code}:{self.name}"


def case_files() -> dict[str, Path]:
    """Return every case file by the rule code in its name."""
    return {path.stem: path for path in sorted(CASES_DIR.glob("*.yml"))}


@lru_cache(maxsize=None)
def load_cases(code: str) -> tuple[RuleCase, ...]:
    """Read the case file of ``code``."""
    path = CASES_DIR / f"{code}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(_case(code, path, index, entry) for index, entry in enumerate(data["cases"], start=1))


def all_cases() -> list[RuleCase]:
    return [case for code in case_files() for case in load_cases(code)]


def run_case(case: RuleCase) -> Assessment:
    """Assess the case's tenant and systems with the packaged catalog."""
    inventory = Inventory(tenants=(case.tenant,), systems=case.systems)
    options = AssessOptions(as_of=case.as_of, customer="Rule cases", generated_at=dt.datetime(2026, 12, 4))
    return assess(inventory, _catalog(), options)


@lru_cache(maxsize=1)
def _catalog():
    return load_catalog()


def _case(code: str, path: Path, index: int, entry: dict) -> RuleCase:
    tenant = _tenant(path, {**TENANT_DEFAULTS, **(entry.get("tenant") or {})})
    systems = []
    for row, raw in enumerate(entry.get("systems") or [], start=2):
        systems.extend(_systems(path, row, tenant.key, raw))
    return RuleCase(
        code=code,
        name=entry.get("name", f"case_{index}"),
        as_of=entry["as_of"],
        tenant=tenant,
        systems=tuple(systems),
        hit=bool(entry["hit"]),
    )


def _tenant(path: Path, raw: dict) -> Tenant:
    return Tenant(
        key=raw["id"],
        source=SourceRef(file=path.name, sheet="Tenants", row=2),
        tenant_id=raw["id"],
        host=raw.get("host"),
        display_name=raw.get("display_name"),
        infrastructure=Infrastructure(raw["infrastructure"]),
        tenant_model=TenantModel(raw["model"]),
        bundles=tuple(raw.get("bundles") or ()),
        target_ias_tenant=raw.get("target_ias_tenant"),
        wanted_connectors=tuple(raw.get("wanted_connectors") or ()),
    )


def _systems(path: Path, row: int, tenant_key: str, raw: dict) -> list[System]:
    count = raw.get("count")
    names = [raw["name"]] if count is None else [f"{raw['name']}-{number}" for number in range(1, count + 1)]
    fields = {name: raw[name] for name in SYSTEM_FIELDS if name in raw}
    return [
        System(
            tenant_key=tenant_key,
            name=name,
            connector_raw=raw["connector"],
            role=Role(raw["role"]),
            source=SourceRef(file=path.name, sheet="Systems", row=row),
            properties=dict(raw.get("properties") or {}),
            **fields,
        )
        for name in names
    ]
