"""TelecomX checks: each fires on a faulty answer and stays quiet on a clean one.

Response checks get hand-built exchanges (the spec's own example, which is consistent, and broken copies).
Scenarios run against the simulator in-process through a runner that records instead of reporting and
judges every answer with the response checks, as the engine does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckSkipped
from conformance.checkapi.registry import CHECKS
from conformance.checkapi.scenarios import Call
from conformance.engine.fixtures import SpecFixtures
from conformance.engine.requests import RequestSpec
from conformance.simulator.options import DEFAULT_TOKEN
from conformance.vendors.telecomx.checks import isolation, relations  # noqa: F401 (register their scenarios)
from conformance.vendors.telecomx.checks import stats as checks
from conformance.vendors.telecomx.keys import read_key, touches
from conformance.vendors.telecomx.simulator import handlers as handler
from tests.checks.builders import RecordingRunner, SpecUnderTest, declared, failure_message, run, simulate, store_for
from tests.specs.helpers import first_example

SPEC = SpecUnderTest("telecomx-cdrstats")
OP_ID = "getCdrStats"
OP = SPEC.ops[OP_ID]
ZONE = ZoneInfo("Europe/Copenhagen")
REQUEST = first_example(OP.operation["requestBody"]["content"]["application/json"])  # 6-7 May 2024, DAY, JSON
WINDOW = (datetime(2024, 5, 6, tzinfo=UTC), datetime(2024, 5, 7, 23, 59, 59, tzinfo=UTC))


def example() -> list[dict[str, Any]]:
    return list(SPEC.example(OP_ID))


def context(body: dict[str, Any] | None = None, window: tuple[datetime, datetime] | None = WINDOW) -> CheckContext:
    return SPEC.context(OP_ID, body={**REQUEST, **(body or {})}, window=window)


def answer(body: Any, media: str = "application/json") -> Exchange:
    return SPEC.answer(OP_ID, body, media)


def quiet(func: Any, rows: Any, request: dict[str, Any] | None = None, **kwargs: Any) -> None:
    func(context(request, **kwargs), answer(rows))


def fails(func: Any, rows: Any, request: dict[str, Any] | None = None, **kwargs: Any) -> str:
    return failure_message(func, context(request, **kwargs), answer(rows))


def basis_of(func: Any, rows: Any, request: dict[str, Any] | None = None, **kwargs: Any) -> str:
    """The basis kind a check's failure rests on (its own declared basis unless the finding names one)."""
    with pytest.raises(CheckFailure) as failure:
        func(context(request, **kwargs), answer(rows))
    basis = failure.value.basis or next(info.basis for info in CHECKS.values() if info.func is func)
    assert basis is not None
    return basis.kind


def with_bucket(change: dict[str, Any], key: str = "6", employee: int = 0) -> list[dict[str, Any]]:
    rows = example()
    rows[employee]["data"][key].update(change)
    return rows


def rekeyed(keys: dict[str, str]) -> list[dict[str, Any]]:
    rows = example()
    for row in rows:
        row["data"] = {keys.get(k, k): v for k, v in row["data"].items()}
    return rows


# -- bucket arithmetic ------------------------------------------------------------------------------------
def test_outcomes_add_up() -> None:
    quiet(checks.outcomes_add_up, example())
    quiet(checks.outcomes_add_up, with_bucket({"outboundUnanswered": 2}))  # failed beside unanswered (disjoint)
    assert "outboundCalls 12" in fails(checks.outcomes_add_up, with_bucket({"outboundAnswered": 10}))


def test_outcomes_are_a_vendor_rule_and_seconds_an_advisory() -> None:
    assert basis_of(checks.outcomes_add_up, with_bucket({"outboundAnswered": 10})) == "vendor"
    assert basis_of(checks.seconds_need_answered, with_bucket({"inboundAnswered": 0})) == "suite"  # TCX-002


def test_seconds_need_answered() -> None:
    quiet(checks.seconds_need_answered, example())
    quiet(checks.seconds_need_answered, with_bucket({"inboundAnswered": 0, "inboundSeconds": 0}))
    assert "inboundSeconds 3120" in fails(checks.seconds_need_answered, with_bucket({"inboundAnswered": 0}))
    assert "inboundSeconds 0.5" in fails(checks.seconds_need_answered,
                                         with_bucket({"inboundAnswered": 0, "inboundSeconds": 0.5}))
    with pytest.raises(CheckSkipped):
        checks.seconds_need_answered(context(), answer("a,b\n", "text/csv"))


# -- interval keys ----------------------------------------------------------------------------------------
DAY_6 = (WINDOW[0], datetime(2024, 5, 6, 23, 59, 59, tzinfo=UTC))


@pytest.mark.parametrize(("keys", "grouping", "window"), [
    ({}, "DAY", WINDOW),
    ({"6": "2024-05-06", "7": "2024-05-07"}, "DAY", WINDOW),
    ({"6": "2024-05-06T00:00:00.000Z", "7": "2024-05-07T00:00:00Z"}, "DAY", WINDOW),  # full timestamps
    ({"6": "2024-05-05T22:00:00.000Z", "7": "2024-05-06 00:00:00"}, "DAY", WINDOW),  # CEST midnight in UTC; naive
    ({"6": "1714953600", "7": "1715040000000"}, "DAY", WINDOW),  # Unix seconds and milliseconds
    ({"6": "06", "7": "127"}, "DAY", WINDOW),  # two digits; day of the year
    ({"6": "19", "7": "19"}, "WEEK", WINDOW),
    ({"6": "2024-W19", "7": "W19"}, "WEEK", WINDOW),
    ({"6": "2024-05-06", "7": "18"}, "WEEK", WINDOW),  # the week's first day; a week counted from Sunday
    ({"6": "0", "7": "23"}, "HOUR", DAY_6),
    ({"6": "2024-05-06T13", "7": "2024-05-06 09:00"}, "HOUR", DAY_6),
    ({"6": "0", "7": "22"}, "HOUR", (datetime(2024, 5, 6, 0, 30, tzinfo=ZONE), datetime(2024, 5, 6, 1, tzinfo=ZONE))),
    ({"6": "5", "7": "2024-05"}, "MONTH", WINDOW),
    ({"6": "May", "7": "4"}, "MONTH", WINDOW),  # a month name; months counted from 0
])
def test_interval_keys_quiet(keys: dict[str, str], grouping: str, window: tuple[datetime, datetime]) -> None:
    """Keys may follow the request's offset, UTC or the PBX zone (00:30 CEST is 22:30 UTC the day before)."""
    rows = rekeyed(keys)
    quiet(checks.interval_keys_valid, rows, {"groupingInterval": grouping}, window=window)
    fixtures = SpecFixtures({"timezone": "Europe/Copenhagen"})
    checks.interval_keys_in_window(SPEC.context(OP_ID, body={**REQUEST, "groupingInterval": grouping}, window=window,
                                                fixtures=fixtures), answer(rows))


@pytest.mark.parametrize(("keys", "grouping"), [
    ({"6": "400"}, "DAY"), ({"6": "2024-W19"}, "DAY"), ({"6": "2024-05"}, "DAY"), ({"6": "2024-05-06T13"}, "DAY"),
    ({"6": "May"}, "DAY"), ({"6": "24"}, "HOUR"), ({"6": "2024-05-06"}, "HOUR"), ({"6": "13"}, "MONTH"),
    ({"6": "54"}, "WEEK"), ({"6": "2024-02-30"}, "DAY"),
])
def test_interval_keys_valid_fires(keys: dict[str, str], grouping: str) -> None:
    rows = rekeyed(keys)
    assert f"is not a {grouping} period" in fails(checks.interval_keys_valid, rows, {"groupingInterval": grouping})
    assert basis_of(checks.interval_keys_valid, rows, {"groupingInterval": grouping}) == "vendor"


@pytest.mark.parametrize("key", ["Monday 6 May", "d6", "6/5"])
def test_unreadable_keys_are_an_advisory(key: str) -> None:
    rows = rekeyed({"6": key})
    assert "no notation the suite reads" in fails(checks.interval_keys_valid, rows)
    assert basis_of(checks.interval_keys_valid, rows) == "suite"
    quiet(checks.interval_keys_in_window, rows)  # nothing to place


@pytest.mark.parametrize(("keys", "grouping", "kind"), [
    ({"6": "9"}, "DAY", "vendor"), ({"6": "2024-05-09"}, "DAY", "vendor"), ({"6": "49"}, "WEEK", "vendor"),
    ({"6": "12"}, "MONTH", "vendor"), ({"6": "2024-W20"}, "WEEK", "vendor"),
    ({"6": "2024-05-09T00:00:00Z"}, "DAY", "vendor"),
    ({"6": "8"}, "DAY", "suite"), ({"6": "2024-05-08"}, "DAY", "suite"),  # the next day: another zone's clock
])
def test_interval_keys_in_window_fires(keys: dict[str, str], grouping: str, kind: str) -> None:
    rows = rekeyed(keys)
    assert "outside the window" in fails(checks.interval_keys_in_window, rows, {"groupingInterval": grouping})
    assert basis_of(checks.interval_keys_in_window, rows, {"groupingInterval": grouping}) == kind


def test_interval_keys_in_window_of_more_than_a_cycle() -> None:
    year = (datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 6, 1, tzinfo=UTC))
    quiet(checks.interval_keys_in_window, rekeyed({"6": "12", "7": "1"}), {"groupingInterval": "MONTH"}, window=year)
    assert "outside" in fails(checks.interval_keys_in_window, rekeyed({"6": "2023-05"}), {"groupingInterval": "MONTH"},
                              window=year)


def test_key_readings() -> None:
    assert read_key("45", "DAY").numbers == (("day of year", 45),)
    assert read_key("6", "WEEK").kind == "numbers" and read_key("2024-W19", "DAY").named == "a week"
    assert read_key("2024-13", "MONTH").named == "an impossible month"
    start = datetime(2024, 5, 6, 23, 30, tzinfo=UTC)
    end = start.replace(minute=45)
    assert touches(read_key("7", "DAY"), "DAY", start, end, [ZONE])  # 01:30 CEST on the 7th
    assert not touches(read_key("7", "DAY"), "DAY", start, end, [UTC])
    assert touches(read_key("2024-05-07", "DAY"), "DAY", start, end, [ZONE])
    assert touches(read_key("6", "DAY"), "DAY", start, end, None)


# -- filters ----------------------------------------------------------------------------------------------
OUTBOUND_ZERO = dict.fromkeys(("outboundCalls", "outboundSeconds", "outboundAnswered", "outboundUnanswered",
                               "outboundFailed"), 0)


def test_direction_honoured() -> None:
    rows = example()
    for row in rows:
        for counters in row["data"].values():
            counters.update(OUTBOUND_ZERO)
    quiet(checks.direction_honoured, rows, {"direction": "IN"})
    assert "direction IN" in fails(checks.direction_honoured, example(), {"direction": "IN"})
    assert "direction OUT" in fails(checks.direction_honoured, rows, {"direction": "OUT"})
    info = CHECKS["TELECOMX-DIRECTION-HONOURED"]
    assert info.applies_to(context({"direction": "IN"})) and not info.applies_to(context({"direction": "BOTH"}))


def selected(fields: list[str]) -> list[dict[str, Any]]:
    rows = example()
    for row in rows:
        for name in list(row):
            if name not in fields and name != "data":
                del row[name]
        row["data"] = {k: {c: n for c, n in v.items() if c in fields} for k, v in row["data"].items()}
    return rows


@pytest.mark.parametrize("form", [["employeeName", "inboundCalls"], "employeeName, inboundCalls"])
def test_fields_honoured(form: Any) -> None:
    quiet(checks.fields_honoured, selected(["employeeName", "inboundCalls"]), {"fields": form})
    extra = selected(["employeeName", "inboundCalls", "outboundCalls"])
    assert "counters ['outboundCalls']" in fails(checks.fields_honoured, extra, {"fields": form})
    assert basis_of(checks.fields_honoured, extra, {"fields": form}) == "vendor"
    with pytest.raises(CheckSkipped):  # the selection not read at all: the scenario tries the other form
        checks.fields_honoured(context({"fields": form}), answer(example()))
    assert checks.requested_fields(context({"fields": []})) is None


def test_unselected_identity_and_undocumented_fields_are_an_advisory() -> None:
    rows = selected(["employeeId", "employeeName", "inboundCalls"])
    rows[0]["data"]["6"]["totalCalls"] = 32
    rows[1]["customerId"] = "65a1f0c2e4b0a1b2c3d4e5f6"
    request = {"fields": ["employeeName", "inboundCalls"]}
    assert "'employeeId'" in fails(checks.fields_honoured, rows, request)
    assert basis_of(checks.fields_honoured, rows, request) == "suite"


def test_employees_honoured() -> None:
    first, second = (row["employeeId"] for row in example())
    quiet(checks.employees_honoured, example(), {"employees": [first.upper()], "employee": second})
    assert f"employee {second} was not asked for" in fails(checks.employees_honoured, example(),
                                                           {"employees": [first]})
    assert checks.requested_employees(context({})) is None


@pytest.mark.parametrize(("field", "values"), [
    ("employeeName", ["alice", "Bent", "carl"]), ("employeeName", ["Carl", "Bent", "Alice"]),
    ("extensionNumber", ["9", "10", "201"]), ("employeeName", ["Ågot", "Bo", "Øystein"]),  # raw code points
    ("employeeName", ["Anna", "Émile", "Frank"]),  # accents folded, as a locale collation does
])
def test_sort_honoured_quiet(field: str, values: list[str]) -> None:
    quiet(checks.sort_honoured, [{field: v, "data": {}} for v in values], {"sort": field})


@pytest.mark.parametrize(("field", "values"), [
    ("employeeName", ["Bent", "Alice", "Carl"]), ("extensionNumber", ["10", "9", "201"]),
])
def test_sort_honoured_fires(field: str, values: list[str]) -> None:
    assert "not ordered" in fails(checks.sort_honoured, [{field: v, "data": {}} for v in values], {"sort": field})


def test_table_totals() -> None:
    header, lines = checks.csv_table(b"employeeId,interval,inboundCalls,note\na,1,2,x\nb,1,3,\n")
    assert checks.table_totals(header, lines) == {"inboundCalls": 5}
    assert checks.table_totals(["a", "b"], [[1, 2]]) is None


# -- scenarios ---------------------------------------------------------------------------------------------
class TelecomxRunner(RecordingRunner):
    """POSTs with the token; every answer judged with the spec's response checks, as the engine does."""

    def call(self, operation_id: str, *, body: Any = None, query: dict[str, Any] | None = None,
             path: dict[str, Any] | None = None, expect: str = "accept") -> Call:
        exchange = self.send(operation_id, "POST", OP.path, params={"token": DEFAULT_TOKEN}, json=body)
        request = RequestSpec(OP, {}, {}, body)
        call = self.answered(request, exchange)
        if call.accepted:  # the engine runs response checks on accepted answers
            self.judge(self.windowed_context(request, ZONE, body=body), exchange)
        return call


SCENARIOS = SPEC.scenarios()
CALLS = 2000
store = store_for(SPEC.name, CALLS)


def run_scenarios(store: Any, fault: str | None = None, readings: dict[str, str] | None = None,
                  effect: dict[str, Any] | None = None) -> TelecomxRunner:
    sim = simulate(store, SPEC.name, CALLS, fault, effect, readings=readings)
    return run(TelecomxRunner(SPEC, sim), (scenario.func for scenario in SCENARIOS))


def test_scenarios_are_quiet_on_the_clean_simulator(store: Any) -> None:
    runner = run_scenarios(store)
    assert runner.failed() == set()
    assert declared(SCENARIOS) <= runner.recorded() and "TELECOMX-SORT-HONOURED" in dict(runner.records)


@pytest.mark.parametrize("readings", [{"telecomx.disjoint_outcomes": "disjoint"},
                                      {"telecomx.calendar_keys": "calendar_labels"},
                                      {"telecomx.fields_as_string": "comma_string"}], ids=str)
def test_scenarios_accept_the_other_readings(store: Any, readings: dict[str, str]) -> None:
    assert run_scenarios(store, readings=readings).failed() == set()


@pytest.mark.parametrize(("fault", "fires"), [
    ("telecomx-answered-exceeds-calls", {"TELECOMX-HOUR-SUM-EQUALS-DAY", "TELECOMX-OUTCOMES-ADD-UP"}),
    ("telecomx-sort-ignored", {"TELECOMX-SORT-HONOURED"}),
    ("telecomx-unknown-format-accepted", {"TELECOMX-UNKNOWN-FORMAT-REFUSED"}),
    ("telecomx-direction-ignored", {"TELECOMX-DIRECTION-HONOURED"}),
    ("telecomx-unselected-fields-sent", {"TELECOMX-FIELDS-HONOURED"}),
    ("telecomx-week-keys-for-day", {"TELECOMX-INTERVAL-KEYS-IN-WINDOW", "TELECOMX-INTERVAL-KEYS-VALID"}),
    ("telecomx-inbound-counted-twice", {"TELECOMX-DIRECTIONS-PARTITION"}),
    ("telecomx-ignore-below-ignored", {"TELECOMX-IGNORE-BELOW-ABOVE-EVERY-CALL"}),
    ("telecomx-whole-periods", {"TELECOMX-DAY-SUM-EQUALS-WEEK-AND-MONTH"}),
    ("telecomx-fields-inverted", {"TELECOMX-FIELDS-PROJECTION", "TELECOMX-FIELDS-HONOURED"}),
    ("telecomx-employees-first-only", {"TELECOMX-EMPLOYEES-UNION"}),
    ("telecomx-foreign-customer-served", {"TELECOMX-FOREIGN-CUSTOMER-REFUSED"}),
    ("telecomx-named-customer-unscoped", {"TELECOMX-CUSTOMER-OWN-IS-DEFAULT", "TELECOMX-NO-FOREIGN-EMPLOYEES"}),
    ("telecomx-to-ignored", {"TELECOMX-SPLIT-WINDOW-ADDS-UP"}),
])
def test_scenarios_fire_on_catalogue_faults(store: Any, fault: str, fires: set[str]) -> None:
    assert fires <= run_scenarios(store, fault).deciding()


def test_tables_that_differ_from_json_are_an_advisory(store: Any) -> None:
    runner = run_scenarios(store, "telecomx-answered-exceeds-calls")  # the JSON answer alone is edited
    assert "TELECOMX-FORMATS-AGREE" in runner.failed() and "TELECOMX-FORMATS-AGREE" not in runner.deciding()


@pytest.mark.parametrize("flags", [["telecomx-timestamp-keys"], ["telecomx-padded-keys"], ["telecomx-every-interval"],
                                   ["telecomx-idle-employees-omitted"], ["telecomx-csv-semicolons"],
                                   ["telecomx-legacy-media-types"], ["telecomx-nested-errors"]], ids=str)
def test_scenarios_accept_other_plausible_servers(store: Any, flags: list[str]) -> None:
    assert run_scenarios(store, effect={"flags": flags}).deciding() == set()


def test_hour_and_day_seconds_may_differ_by_rounding(store: Any) -> None:
    hours = [{"employeeId": "a", "data": {"1": {"inboundSeconds": 10.4}, "2": {"inboundSeconds": 10.4}}}]
    days = [{"employeeId": "a", "data": {"6": {"inboundSeconds": 21}}}]
    assert checks.same_totals(hours, days) == []
    days[0]["data"]["6"]["inboundSeconds"] = 24
    assert checks.same_totals(hours, days) == ["a inboundSeconds: 20.8 vs 24"]
    assert checks.same_totals(hours, [{"employeeId": "a", "data": {"6": {"inboundCalls": 1}}}]) != []


@pytest.mark.parametrize(("flag", "fires"), [("ignore_below", "TELECOMX-IGNORE-BELOW-MONOTONE"),
                                             ("ignore_local", "TELECOMX-IGNORE-LOCAL-MONOTONE")])
def test_filter_checks_fire_when_a_filter_adds_calls(store: Any, monkeypatch: pytest.MonkeyPatch, flag: str,
                                                     fires: str) -> None:
    real = handler.queries.cdrstats

    def adding(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        rows = real(*args, **kwargs)
        if kwargs.get(flag):
            for row in rows:
                for counters in row["data"].values():
                    counters["inboundCalls"] += 1
                    counters["inboundAnswered"] += 1
        return rows

    monkeypatch.setattr(handler.queries, "cdrstats", adding)
    assert fires in run_scenarios(store).failed()
