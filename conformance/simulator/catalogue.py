"""What a simulator holds, as the engine's fixtures (so a run asks about queues and windows that exist)."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from conformance import vendors
from conformance.simulator.store import Store


def vendor_tenant(store: Store, spec: str) -> dict[str, Any]:
    """The catalogue entry of the tenant the spec's API serves (its vendor record's ``world`` tag)."""
    tenants = store.catalogue()["tenants"]
    api = vendors.api(spec)
    vendor = api.world if api is not None else None
    return next((t for t in tenants if t.get("vendor") == vendor), tenants[0])


def spec_zone(store: Store, spec: str) -> tzinfo:
    """The PBX clock's zone for a spec (wall-clock notations are read in it): the zone of ``vendor_tenant``,
    read without building the catalogue (it is asked on every windowed request)."""
    api = vendors.api(spec)
    vendor = api.world if api is not None else None
    rows = store.query("SELECT vendor, tz FROM tenants ORDER BY id")
    return ZoneInfo(next((tz for tag, tz in rows if tag == vendor), rows[0][1]))


def _numbers(items: list[Any]) -> list[str]:
    return [str(i["number"]) if isinstance(i, dict) else str(i) for i in items]


def simulator_fixtures(simulator: Any) -> dict[str, Any]:
    """Fixtures (the ``--fixtures`` format) describing the simulator's own data."""
    store: Store = simulator.store
    spec: str = simulator.options.spec
    tenant = vendor_tenant(store, spec)
    foreign = next((t for t in store.catalogue()["tenants"] if t["id"] != tenant["id"]), None)
    facts = {
        "window": {"start": tenant["busiest_day"]["start"], "end": tenant["busiest_day"]["end"]},
        "timezone": tenant["tz"],
        "display_format": simulator.options.display_format,
        **_directory(tenant),
    }
    if foreign is not None:  # another tenant's (another customer's) references, for the isolation checks
        facts.update({f"foreign_{key}": value for key, value in _directory(foreign).items() if value})
    return facts


def _directory(tenant: dict[str, Any]) -> dict[str, Any]:
    """What a tenant holds, by fixtures key."""
    extensions = tenant.get("extensions", [])
    by_number = {e["number"]: e for e in extensions}
    agents = [str(a) for a in tenant.get("agents", [])]
    return {
        "queues": _numbers(tenant.get("queues", [])),
        "agents": agents,
        "users": [str(u) for u in tenant.get("users", [])],
        "extensions": [e["number"] for e in extensions],
        "ring_groups": _numbers(tenant.get("ring_groups", [])),
        "ivrs": _numbers(tenant.get("ivrs", [])),
        "trunks": [t["name"] for t in tenant.get("trunks", [])],
        "tenants": [tenant["id"]],
        "employees": [e["employee_ref"] for e in extensions if e.get("employee_ref")],
        "customers": [tenant["ref"]] if tenant.get("ref") else [],
        "queue_ids": [str(q["id"]) for q in tenant.get("queues", [])],
        "extension_ids": [str(e["id"]) for e in extensions],
        "trunk_ids": [str(t["id"]) for t in tenant.get("trunks", [])],
        "ivr_ids": [str(i["id"]) for i in tenant.get("ivrs", [])],
        "ring_group_ids": [str(r["id"]) for r in tenant.get("ring_groups", [])],
        "agent_ids": [str(by_number[a]["id"]) for a in agents if a in by_number],
    }
