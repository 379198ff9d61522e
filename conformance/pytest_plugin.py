"""pytest plugin: the conformance engine's checks as test items (inert unless ``--pbx-*`` options are used)."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pbx-conformance", "PBX conformance suite")
    group.addoption("--pbx-spec", action="append", default=[], help="spec name to check (repeatable)")
    group.addoption("--pbx-base-url", default=None, help="target base URL (default: the embedded simulator)")
    group.addoption("--pbx-fixtures", default=None, help="fixtures YAML describing what exists on the target")
