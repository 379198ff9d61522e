"""Vendor packages and their registry: every spec name, check module, simulator handler, fault and latitude
catalogue of a vendor comes from its one registration record (``conformance/vendors/<name>/__init__.py``,
``VENDOR``), never repeated elsewhere. Third-party vendors register through ``register`` (from a plugin)."""

from __future__ import annotations

import functools
import importlib

from conformance.registry import Registry
from conformance.vendors.model import Api, Vendor

BUILTIN = ("portsip", "yeastar", "fusionpbx", "telecomx")

VENDORS: Registry[Vendor] = Registry("vendor")
APIS: Registry[Api] = Registry("API")


def register(vendor: Vendor) -> Vendor:
    """Add a vendor's record (its APIs' names must be new)."""
    VENDORS.add(vendor.name, vendor)
    for api in vendor.apis:
        APIS.add(api.name, api)
    return vendor


@functools.cache
def _builtin() -> None:
    for name in BUILTIN:
        register(importlib.import_module(f"conformance.vendors.{name}").VENDOR)


def apis() -> list[Api]:
    """Every registered API, built-in first."""
    _builtin()
    return APIS.values()


def api(name: str) -> Api | None:
    _builtin()
    return APIS.get(name)


def spec_names() -> tuple[str, ...]:
    return tuple(a.name for a in apis())
