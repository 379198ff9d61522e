"""strategies.schemathesis_formats: the custom formats register idempotently and Schemathesis generates them."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi import formats

from conformance import timefmt
from strategies.schemathesis_formats import FORMATS, register_formats, unregister_formats


@pytest.fixture
def registered_formats():
    yield register_formats()
    unregister_formats()


def test_register_formats_is_idempotent(registered_formats):
    assert register_formats() == registered_formats == tuple(FORMATS)
    assert set(FORMATS) <= set(formats.STRING_FORMATS)


def test_unregister_removes_them(registered_formats):
    unregister_formats()
    assert not set(FORMATS) & set(formats.STRING_FORMATS)


def test_schemathesis_generates_the_custom_formats(registered_formats):
    raw = {
        "openapi": "3.1.0",
        "info": {"title": "formats", "version": "1"},
        "paths": {
            "/report": {
                "get": {
                    "parameters": [
                        {"name": name, "in": "query", "required": True, "schema": {"type": "string", "format": fmt}}
                        for name, fmt in (
                            ("start", "pbx-rfc3339-offset"),
                            ("shown", "pbx-display-datetime-ymd-12h"),
                            ("time", "pbx-display-period-dmy"),
                        )
                    ],
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
    }
    operation = schemathesis.openapi.from_dict(raw)["/report"]["GET"]
    fmt = timefmt.DisplayFormat("YYYY/MM/DD", "12h")
    seen = []

    @settings(max_examples=5, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(operation.as_strategy())
    def check(case):
        timefmt.parse_rfc3339(case.query["start"])
        timefmt.parse_display_datetime(case.query["shown"], fmt)
        timefmt.parse_display_period(case.query["time"], "DD/MM/YYYY")
        seen.append(case)

    check()
    assert seen
