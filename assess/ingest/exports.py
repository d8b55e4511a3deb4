"""Read IPS system export files (JSON) into system drafts.

The IPS console exports one JSON object per system, with keys such as ``name``,
``connectorTypeString``, ``accessMode`` (SOURCE, TARGET, PROXY), ``state``
(ENABLED, DISABLED), ``systemManagementType``, ``destinationName``,
``transformationChanged``, ``tenantId`` and a ``properties`` object. A file may also
contain a list of such objects, or an object with such a list under any key.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..model import SourceRef
from .headers import PROPERTY_PREFIX
from .issues import IssueLog
from .records import SystemDraft
from .values import Invalid, cell_text, parse_authentication, parse_managed_by, parse_proxy_type, parse_role

_SYSTEM_KEYS = ("connectorTypeString", "accessMode")
_API_VERSION_KEY = re.compile(r"^[A-Za-z0-9_-]+\.api\.version$", re.IGNORECASE)
_LOCATION_KEYS = ("CloudConnectorLocationId", "LocationID", "LocationId", "locationId")
_TRANSFORMATION_KEYS = ("transformationChanged", "readTransformationChanged", "writeTransformationChanged")
# System field -> the export key that sets it, for messages that quote the file.
_WRITTEN_KEYS = (("name", "name"), ("connector", "connectorTypeString"), ("role", "accessMode"), ("enabled", "state"),
                 ("managed_by", "systemManagementType"), ("destination_name", "destinationName"))
_WRITTEN_PROPERTIES = (("proxy_type", "ProxyType"), ("authentication", "Authentication"))


def _is_system(value: Any) -> bool:
    return isinstance(value, dict) and any(key in value for key in _SYSTEM_KEYS)


def find_systems(document: Any) -> list[tuple[str, dict[str, Any]]] | None:
    """Return (location, object) for each system in a parsed export, or None if it contains none."""
    if _is_system(document):
        return [("", document)]
    if isinstance(document, list):
        found = [(f"[{index}]", item) for index, item in enumerate(document) if _is_system(item)]
        return found or None
    if isinstance(document, dict):
        for key, value in document.items():
            if isinstance(value, list):
                found = [(f"{key}[{index}]", item) for index, item in enumerate(value) if _is_system(item)]
                if found:
                    return found
    return None


def load_system_export(data: bytes, ref: SourceRef, log: IssueLog, required: bool) -> list[SystemDraft] | None:
    """Return the systems of an export, or None when the file is not an IPS system export.

    ``required`` is False for JSON files found in a folder: those that are not
    exports are skipped with a warning instead of an error.
    """
    report = log.error if required else log.warning
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        report(ref, "the file is not UTF-8 text, so it is not an IPS system export", "Export the system again")
        return None
    except json.JSONDecodeError as error:
        report(ref, f"the file is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
               "Export the system again from the IPS console")
        return None
    except ValueError as error:
        report(ref, f"the file is not valid JSON ({error})", "Export the system again from the IPS console")
        return None
    except RecursionError:
        report(ref, "the JSON file is nested too deeply to be an IPS system export", "Export the system again")
        return None

    try:
        systems = find_systems(document)
    except RecursionError:
        systems = None
    if systems is None:
        report(ref, "the JSON file contains no IPS system (no object with connectorTypeString or accessMode)",
               "Give the JSON files exported from the IPS console (Systems > Export)")
        return None
    drafts = []
    for location, system in systems:
        draft = _system_draft(system, location, ref, log)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _system_draft(system: dict[str, Any], location: str, ref: SourceRef, log: IssueLog) -> SystemDraft | None:
    prefix = f"{location}." if location else ""

    def at(key: str) -> SourceRef:
        return SourceRef(ref.file, None, None, f"{prefix}{key}")

    record = SourceRef(ref.file, None, None, location or None)
    name = cell_text(system.get("name")) if not isinstance(system.get("name"), (dict, list)) else None
    role = parse_role(system.get("accessMode")) if isinstance(system.get("accessMode"), str) else None
    if name is None:
        log.error(at("name"), "the system has no name", "Export the system again from the IPS console")
    if role is None or type(role) is Invalid:
        log.error(at("accessMode"), "the accessMode is missing or is not SOURCE, TARGET or PROXY",
                  "Export the system again from the IPS console", _text(system.get("accessMode")))
        role = None
    if name is None or role is None:
        return None

    present = {"name", "role"}
    connector = _text(system.get("connectorTypeString"))
    if connector is not None:
        present.add("connector_raw")
    else:
        log.warning(at("connectorTypeString"), "the connector type is missing, so the system cannot be matched to "
                    "a connector", "Export the system again from the IPS console")

    enabled = _state(system, at, log)
    if "state" in system:
        present.add("enabled")

    managed_by_sap = None
    if "systemManagementType" in system:
        parsed = parse_managed_by(_text(system["systemManagementType"]))
        managed_by_sap = None if type(parsed) is Invalid else parsed
        present.add("managed_by_sap")

    transformations = _transformations_modified(system)
    if transformations is not None:
        present.add("transformations_modified")

    properties_object = system.get("properties") if isinstance(system.get("properties"), dict) else {}
    api_versions = {
        key.lower(): _text(value) for key, value in properties_object.items() if _API_VERSION_KEY.match(key)
    }
    proxy_type = parse_proxy_type(_text(properties_object.get("ProxyType")))
    authentication = parse_authentication(_text(properties_object.get("Authentication")))
    location_id = next((_text(properties_object[key]) for key in _LOCATION_KEYS if key in properties_object), None)
    destination = _text(system.get("destinationName"))
    for attribute, value in (("proxy_type", "ProxyType"), ("authentication", "Authentication")):
        if value in properties_object:
            present.add(attribute)
    if any(key in properties_object for key in _LOCATION_KEYS):
        present.add("cloud_connector_location")
    if "destinationName" in system:
        present.add("destination_name")

    values = {
        "name": name,
        "connector_raw": connector or "",
        "role": role,
        "source": record,
        "enabled": enabled,
        "planned": False,
        "properties": api_versions,
        "destination_name": destination,
        "proxy_type": proxy_type,
        "cloud_connector_location": location_id,
        "authentication": authentication,
        "transformations_modified": transformations,
        "managed_by_sap": managed_by_sap,
        "columns_present": frozenset(present),
    }
    tenant_column = "tenantId" if "tenantId" in system else None
    cells = _written(system, properties_object)
    return SystemDraft(values, _text(system.get("tenantId")), record, ref, tenant_column, cells)


def _written(system: dict[str, Any], properties_object: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    """Return field -> (export key, value as written) for the keys that set a system field."""
    cells = {name: (key, _text(system[key])) for name, key in _WRITTEN_KEYS if key in system}
    flags = [key for key in _TRANSFORMATION_KEYS if isinstance(system.get(key), bool)]
    # Any true flag makes the system's transformations modified, so that key explains the value.
    explaining = [key for key in flags if system[key]] or flags
    if explaining:
        cells["transformations_modified"] = (explaining[0], _text(system[explaining[0]]))

    for name, key in _WRITTEN_PROPERTIES:
        if key in properties_object:
            cells[name] = (f"properties.{key}", _text(properties_object[key]))
    location_key = next((key for key in _LOCATION_KEYS if key in properties_object), None)
    if location_key is not None:
        cells["cloud_connector_location"] = (f"properties.{location_key}", _text(properties_object[location_key]))
    for key, value in properties_object.items():
        if _API_VERSION_KEY.match(key):
            cells[PROPERTY_PREFIX + key.lower()] = (f"properties.{key}", _text(value))
    return cells


def _reject_constant(name: str) -> None:
    """Reject NaN and Infinity, which Python's JSON reader accepts but JSON does not allow."""
    raise ValueError(f"'{name}' is not a JSON value")


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return cell_text(value)


def _state(system: dict[str, Any], at, log: IssueLog) -> bool | None:
    state = _text(system.get("state"))
    if state is None:
        return None
    if state.upper() == "ENABLED":
        return True
    if state.upper() == "DISABLED":
        return False
    log.warning(at("state"), "the state is neither ENABLED nor DISABLED, so it is ignored",
                "Export the system again from the IPS console", state)
    return None


def _transformations_modified(system: dict[str, Any]) -> bool | None:
    flags = [system[key] for key in _TRANSFORMATION_KEYS if isinstance(system.get(key), bool)]
    if not flags:
        return None
    return any(flags)
