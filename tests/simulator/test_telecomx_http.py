"""TelecomX cdrstats handler behaviour: filters, fields, sorting, customers, formats and readings."""

from __future__ import annotations

import functools
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from conformance.simulator.app import Simulator, create_simulator
from conformance.simulator.catalogue import simulator_fixtures, vendor_tenant
from conformance.simulator.model import Window
from conformance.simulator.options import DEFAULT_TOKEN, SimulatorOptions
from conformance.simulator.storefactory import build_store
from conformance.vendors.telecomx.checks.stats import COUNTERS, csv_table, table_totals, totals_per_employee, xlsx_table
from conformance.vendors.telecomx.simulator import handlers as handler
from conformance.vendors.telecomx.simulator.handlers import XLSX
from tests.asgi import asgi_request

SPEC = "telecomx-cdrstats"
FORTNIGHT = {"from": "2025-10-26T00:00:00+01:00", "to": "2025-11-12T00:00:00+01:00"}  # all generated calls


@functools.cache
def _store() -> Any:
    return build_store(SimulatorOptions(spec=SPEC, calls=2000, seed=5))


def simulator(fault: str | None = None, *, latitude: tuple[str, ...] = (), **readings: str) -> Simulator:
    options = SimulatorOptions(spec=SPEC, calls=2000, seed=5, fault=fault, latitude=latitude,
                               readings={f"telecomx.{k}": v for k, v in readings.items()})
    return create_simulator(options, _store())


def request(sim: Simulator, path: str, body: Any, params: dict[str, str] | None = None) -> httpx.Response:
    return asgi_request(sim.app, "POST", path, params=params or {}, json=body)


def post(sim: Simulator, body: dict[str, Any], token: str = DEFAULT_TOKEN) -> httpx.Response:
    return request(sim, "/pbx/cdrstats", body, {"token": token})


def rows(sim: Simulator, body: dict[str, Any], token: str = DEFAULT_TOKEN) -> list[dict[str, Any]]:
    response = post(sim, {**FORTNIGHT, **body}, token)
    assert response.status_code == 200, response.text
    return response.json()


def employees() -> list[str]:
    return [e["employee_ref"] for e in vendor_tenant(_store(), SPEC)["extensions"]]


def test_fields_select_identity_and_counters_and_sorting_uses_unselected_fields() -> None:
    sim = simulator()
    full = rows(sim, {"sort": "employeeName"})
    names = [r["employeeName"] for r in full]
    assert names == sorted(names, key=str.casefold) and len(set(names)) > 2
    picked = rows(sim, {"sort": "employeeName", "fields": ["employeeId", "inboundCalls"]})
    assert [r["employeeId"] for r in picked] == [r["employeeId"] for r in full]
    assert all(set(r) == {"employeeId", "data"} for r in picked)
    assert {c for r in picked for v in r["data"].values() for c in v} == {"inboundCalls"}
    numbers = [r["extensionNumber"] for r in rows(sim, {"sort": "extensionNumber"})]
    assert numbers == sorted(numbers, key=int)


def test_employee_and_employees_restrict_together() -> None:
    sim = simulator()
    ids = employees()
    assert [r["employeeId"] for r in rows(sim, {"employee": ids[0]})] == [ids[0]]
    both = rows(sim, {"employees": ids[1:3], "employee": ids[0]})
    assert {r["employeeId"] for r in both} == set(ids[:3])
    assert len(rows(sim, {"employees": []})) == len(ids)


def login(sim: Simulator, username: str) -> str:
    response = request(sim, "/auth/login", {"username": username, "password": f"{username}-password",
                                            "persist": False})
    assert response.status_code == 200 and response.json()["expiresInMinutes"] >= 1
    return response.json()["token"]


def test_customers() -> None:
    """The static token is the TelecomX customer's user (VIEWER): another customer is refused to it and to a
    tenant's login; an administrator may name any customer."""
    sim = simulator()
    tenants = {t["id"]: t for t in _store().catalogue()["tenants"]}
    own = vendor_tenant(_store(), SPEC)
    other = tenants[1]
    assert rows(sim, {"customer": own["ref"]}) == rows(sim, {})
    for token in (DEFAULT_TOKEN, login(sim, f"tenant{own['id']}")):
        assert rows(sim, {"customer": own["ref"]}, token) == rows(sim, {})
        refused = post(sim, {"customer": other["ref"]}, token)
        assert refused.status_code == 403 and refused.json() == {"error": "access_denied"}
        assert post(sim, {"customer": "0123456789abcdef01234567"}, token).status_code == 403
    admin = login(sim, "admin")
    assert rows(sim, {}, admin) == rows(sim, {})
    assert {r["employeeId"] for r in rows(sim, {"customer": other["ref"]}, admin)} == \
        {e["employee_ref"] for e in other["extensions"]}
    assert rows(sim, {"customer": "0123456789abcdef01234567"}, admin) == []


def test_customer_faults() -> None:
    """Isolation faults: the named customer's owner unchecked, or the customer scope dropped when one is named."""
    own = vendor_tenant(_store(), SPEC)
    other = _store().catalogue()["tenants"][0]
    unchecked = simulator("telecomx-foreign-customer-served")
    assert {r["employeeId"] for r in rows(unchecked, {"customer": other["ref"]})} == \
        {e["employee_ref"] for e in other["extensions"]}
    unscoped = simulator("telecomx-named-customer-unscoped")
    assert len(rows(unscoped, {"customer": own["ref"]})) > len(rows(unscoped, {})) == len(employees())


def test_direction_keeps_one_side() -> None:
    sim = simulator()
    both = totals_per_employee(rows(sim, {}))
    for direction, kept, dropped in (("IN", "inbound", "outbound"), ("OUT", "outbound", "inbound")):
        one = totals_per_employee(rows(sim, {"direction": direction}))
        for employee, counters in one.items():
            assert all(v == 0 for k, v in counters.items() if k.startswith(dropped))
            assert all(v == both[employee][k] for k, v in counters.items() if k.startswith(kept))
    assert any(c["inboundCalls"] and c["outboundCalls"] for c in both.values())


def test_ignore_filters_only_remove_calls_and_fractions_round_up() -> None:
    sim = simulator()
    everything = totals_per_employee(rows(sim, {}))
    for body in ({"ignoreBelow": 30}, {"ignoreLocal": True}):
        filtered = totals_per_employee(rows(sim, body))
        assert all(filtered[e][k] <= everything[e][k] for e in everything for k in COUNTERS)
        assert filtered != everything
    assert rows(sim, {"ignoreBelow": 2.5}) == rows(sim, {"ignoreBelow": 3}) != rows(sim, {"ignoreBelow": 2})
    assert all(r["data"] == {} for r in rows(sim, {"ignoreBelow": 1e30}))


@pytest.mark.parametrize(("grouping", "low", "high"), [("HOUR", 0, 23), ("DAY", 1, 31), ("WEEK", 1, 53),
                                                       ("MONTH", 1, 12)])
def test_bare_keys_and_calendar_keys(grouping: str, low: int, high: int) -> None:
    bare = rows(simulator(), {"groupingInterval": grouping})
    keys = {k for r in bare for k in r["data"]}
    assert keys and all(low <= int(k) <= high for k in keys)
    labelled = rows(simulator(calendar_keys="calendar_labels"), {"groupingInterval": grouping})
    pattern = {"HOUR": r"^\d{4}-\d{2}-\d{2}T\d{2}$", "DAY": r"^\d{4}-\d{2}-\d{2}$", "WEEK": r"^\d{4}-W\d{2}$",
               "MONTH": r"^\d{4}-\d{2}$"}[grouping]
    assert all(re.match(pattern, k) for r in labelled for k in r["data"])
    assert totals_per_employee(labelled) == totals_per_employee(bare)


def test_csv_and_excel_hold_the_json_figures() -> None:
    sim = simulator()
    json_totals = totals_per_employee(rows(sim, {"groupingInterval": "HOUR"}))
    expected = {k: sum(t[k] for t in json_totals.values()) for k in COUNTERS}
    for fmt, media, read in (("CSV", "text/csv", csv_table), ("EXCEL", XLSX, xlsx_table)):
        response = post(sim, {**FORTNIGHT, "groupingInterval": "HOUR", "format": fmt})
        assert response.status_code == 200 and response.headers["content-type"].startswith(media)
        header, lines = read(response.content)
        assert header[:4] == ["employeeId", "employeeName", "extensionId", "extensionNumber"]
        assert table_totals(header, lines) == expected and lines


def test_outcome_readings() -> None:
    nested = rows(simulator(), {})
    disjoint = rows(simulator(disjoint_outcomes="disjoint"), {})
    cells = [(a, b) for ra, rb in zip(nested, disjoint, strict=True) for a, b in
             zip(ra["data"].values(), rb["data"].values(), strict=True)]
    assert any(b["outboundFailed"] or b["inboundBusy"] for _, b in cells)
    for a, b in cells:
        assert a["outboundUnanswered"] == b["outboundUnanswered"] + b["outboundFailed"]
        assert a["inboundCalls"] == a["inboundAnswered"] + a["inboundUnanswered"]
        assert b["inboundCalls"] == b["inboundAnswered"] + b["inboundUnanswered"] + b["inboundBusy"]


def test_fields_reading_comma_string_refuses_the_array() -> None:
    response = post(simulator(fields_as_string="comma_string"), {"fields": ["employeeName"]})
    assert response.status_code == 422 and response.json() == {"error": "fields"}


def test_reversed_window_is_refused_unless_the_fault_lets_it_through() -> None:
    body = {"from": FORTNIGHT["to"], "to": FORTNIGHT["from"]}
    assert post(simulator(), body).status_code == 422
    accepted = post(simulator("telecomx-reversed-window-accepted"), body)
    assert accepted.status_code == 200 and all(r["data"] == {} for r in accepted.json())


def test_a_window_of_millennia_answers_like_the_stored_period() -> None:
    sim = simulator()
    for grouping in ("HOUR", "MONTH"):
        huge = post(sim, {"from": "0002-01-01T00:00:00Z", "to": "9999-01-01T00:00:00Z", "groupingInterval": grouping})
        assert huge.status_code == 200
        assert totals_per_employee(huge.json()) == totals_per_employee(rows(sim, {"groupingInterval": grouping}))


def test_fixture_window_has_calls() -> None:
    sim = simulator()
    window = simulator_fixtures(sim)["window"]
    answer = post(sim, {"from": window["start"], "to": window["end"]}).json()
    assert any(r["data"] for r in answer)


@pytest.mark.parametrize(("reading", "media", "content"), [
    ("json_error_key", "application/json", b'{"error":"groupingInterval"}'),
    ("plain_text_key", "text/plain", b"groupingInterval"),
])
def test_refusal_body_readings(reading: str, media: str, content: bytes) -> None:
    """TCX-013: the message key inside {"error": ...} (default) or as a plain-text body."""
    sim = simulator(error_plain_text=reading)
    refused = post(sim, {"groupingInterval": "YEAR"})
    assert (refused.status_code, refused.headers["content-type"].split(";")[0], refused.content) == (422, media,
                                                                                                     content)
    assert post(sim, {}, token="not-the-token").status_code == 403


def lenient(*entries: str) -> Simulator:
    return simulator(latitude=tuple(f"telecomx-cdrstats-{e}" for e in entries))


def test_interval_key_spellings_under_latitude() -> None:
    day = {"from": "2025-11-05T00:00:00Z", "to": "2025-11-05T23:59:59Z", "groupingInterval": "HOUR"}
    bare = {k for r in rows(simulator(), day) for k in r["data"]}
    stamps = {k for r in rows(lenient("timestamp-keys"), day) for k in r["data"]}
    padded = {k for r in rows(lenient("padded-keys"), day) for k in r["data"]}
    assert bare and all(re.fullmatch(r"[0-9]{1,2}", k) for k in bare)
    assert stamps and all(re.fullmatch(r"2025-11-05T[0-9]{2}:00:00\.000Z", k) for k in stamps)
    assert padded == {f"{int(k):02d}" for k in bare}
    every = rows(lenient("every-interval"), day)
    assert all(len(r["data"]) == 24 for r in every)
    assert totals_per_employee(every) == totals_per_employee(rows(simulator(), day))


def test_idle_employees_omitted() -> None:
    narrow = {"from": "2025-11-05T10:00:00Z", "to": "2025-11-05T10:30:00Z"}
    everyone, active = rows(simulator(), narrow), rows(lenient("idle-employees-omitted"), narrow)
    assert [r for r in everyone if r["data"]] == active and len(active) < len(everyone)


def test_refusals_under_latitude() -> None:
    reversed_window = {"from": FORTNIGHT["to"], "to": FORTNIGHT["from"]}
    nested = post(lenient("nested-errors"), reversed_window)
    assert nested.status_code == 422 and nested.json()["error"]["message"] == "from"
    message = post(lenient("message-errors"), reversed_window)
    assert message.json() == {"statusCode": 422, "message": "from"}
    broken = asgi_request(lenient("bad-json-400").app, "POST", "/pbx/cdrstats", params={"token": DEFAULT_TOKEN},
                          content=b'{"from": ', headers={"Content-Type": "application/json"})
    assert broken.status_code == 400
    unknown = {"employees": ["65a1f0c2e4b0a1b2c3d4e5f6"]}
    assert rows(simulator(), unknown) == []
    refused = post(lenient("unknown-employee-refused"), {**FORTNIGHT, **unknown})
    assert refused.status_code == 422 and refused.json() == {"error": "employees"}
    assert rows(lenient("unknown-employee-refused"), {"employees": employees()[:1]})


def test_empty_values_and_lenient_dates() -> None:
    empty = {"groupingInterval": "", "direction": "", "format": ""}
    assert post(simulator(), {**FORTNIGHT, **empty}).status_code == 422
    assert rows(lenient("empty-values-default"), empty) == rows(simulator(), {})
    for name, value in (("groupingInterval", "5h"), ("direction", "UP"), ("format", "XML")):
        refused = post(lenient("empty-values-default"), {**FORTNIGHT, name: value})
        assert refused.status_code == 422 and refused.json() == {"error": name}
    spaced = {"from": "2025-10-26 00:00:00+01:00", "to": "2025-11-12"}
    assert post(simulator(), spaced).status_code == 422
    assert post(lenient("lenient-dates"), spaced).status_code == 200
    assert post(lenient("lenient-dates"), {"from": "2025-02-30T00:00:00Z", "to": "2025-03-01"}).status_code == 422
    assert post(lenient("equal-window-served"), {"from": FORTNIGHT["from"], "to": FORTNIGHT["from"]}).json() \
        is not None
    assert post(simulator(), {"from": FORTNIGHT["from"], "to": FORTNIGHT["from"]}).status_code == 422


def test_tables_under_latitude() -> None:
    sim = lenient("csv-semicolons")
    answer = post(sim, {**FORTNIGHT, "format": "CSV"})
    assert answer.headers["content-type"].startswith("text/plain") and b";" in answer.content.splitlines()[0]
    assert post(sim, {**FORTNIGHT, "format": "EXCEL"}).headers["content-type"] == "application/vnd.ms-excel"
    plain = post(simulator(), {**FORTNIGHT, "format": "CSV"}).content
    with_totals = post(lenient("csv-totals-line"), {**FORTNIGHT, "format": "CSV"}).content
    header, lines = csv_table(with_totals)
    assert lines[-1][0] == "Total" and with_totals.startswith(plain)
    totals = table_totals(header, lines[:-1])
    assert totals is not None and table_totals(header, lines) == {k: 2 * v for k, v in totals.items()}


def test_whole_periods_widen_a_window_to_its_weeks_and_months() -> None:
    zone = ZoneInfo("Europe/Copenhagen")
    day = Window.of(datetime(2025, 11, 4, tzinfo=zone), datetime(2025, 11, 5, tzinfo=zone))  # a Tuesday
    week = handler.whole_periods(day, "WEEK")
    month = handler.whole_periods(day, "MONTH")
    assert (week.start, week.end) == (int(datetime(2025, 11, 3, tzinfo=zone).timestamp()),
                                      int(datetime(2025, 11, 10, tzinfo=zone).timestamp()))
    assert (month.start, month.end) == (int(datetime(2025, 11, 1, tzinfo=zone).timestamp()),
                                        int(datetime(2025, 12, 1, tzinfo=zone).timestamp()))
