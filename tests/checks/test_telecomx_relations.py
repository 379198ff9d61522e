"""TelecomX parameter-effect relations and isolation: each fires on a broken answer or server and stays quiet on
the clean one; where the page is silent the finding is an advisory."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckFailure
from conformance.checkapi.registry import CHECKS
from conformance.checkapi.scenarios import Call
from conformance.engine.fixtures import SpecFixtures
from conformance.vendors.telecomx.checks import isolation, relations
from conformance.vendors.telecomx.simulator import handlers as handler
from tests.checks.builders import failure_message, store_for
from tests.checks.test_telecomx import CALLS, SPEC, answer, context, example, run_scenarios

store = store_for(SPEC.name, CALLS)

FOREIGN = "c4647159c324c9859b810e76"
FIXTURES = SpecFixtures({"customers": ["01080c27a1c54ee3ca108ed1"], "foreign_customers": ["414c343c1027c4d1c386bbc4"],
                         "foreign_employees": [FOREIGN]})


def bucket(**counters: int) -> dict[str, int]:
    return {name: counters.get(name, 0) for name in relations.COUNTERS}


def rows(*employees: tuple[str, dict[str, dict[str, int]]]) -> list[dict[str, Any]]:
    return [{"employeeId": who, "employeeName": who.upper(), "data": data} for who, data in employees]


# -- pure relations -----------------------------------------------------------------------------------------
def test_partition_adds_in_and_out_bucket_by_bucket() -> None:
    inbound = rows(("a", {"6": bucket(inboundCalls=2, inboundAnswered=2, inboundSeconds=30)}))
    outbound = rows(("a", {"6": bucket(outboundCalls=1, outboundFailed=1, outboundUnanswered=1)}),
                    ("b", {"7": bucket(outboundCalls=1, outboundAnswered=1)}))
    both = rows(("a", {"6": bucket(inboundCalls=2, inboundAnswered=2, inboundSeconds=30, outboundCalls=1,
                                   outboundFailed=1, outboundUnanswered=1)}),
                ("B", {"7": bucket(outboundCalls=1, outboundAnswered=1)}))
    assert relations.partition_problems(inbound, outbound, both) == []
    doubled = rows(("a", {"6": bucket(inboundCalls=4, inboundAnswered=4, inboundSeconds=60)}))
    problems = relations.partition_problems(doubled, outbound, both)
    assert len(problems) == 3 and "inboundCalls: IN + OUT = 4" in problems[0]
    # a bucket only BOTH has is counted too
    assert relations.partition_problems(inbound, [], both) != []


def test_projection_keeps_the_selected_fields_and_figures() -> None:
    full = example()
    picked = ["employeeId", "employeeName", "inboundCalls"]
    projected = [{"employeeId": r["employeeId"], "employeeName": r["employeeName"],
                  "data": {k: {"inboundCalls": v["inboundCalls"]} for k, v in r["data"].items()}} for r in full]
    assert relations.projection_problems(projected, full, picked) == []
    projected[0]["data"]["6"]["inboundCalls"] += 1
    del projected[1]["employeeName"]
    del projected[1]["data"]["7"]["inboundCalls"]
    problems = relations.projection_problems(projected, full, picked)
    assert any("inboundCalls 21, without `fields` 20" in p for p in problems)
    assert any("selected employeeName missing" in p for p in problems)
    assert any("interval 7: selected inboundCalls missing" in p for p in problems)


def test_selection_keeps_each_employees_figures() -> None:
    full = relations.lowered(example())
    first = example()[0]["employeeId"]
    assert relations.selection_problems(example()[:1], full, [first.upper()], "one") == []
    assert relations.selection_problems([], full, [first], "none") != []  # the selected employee left out


def test_split_window_helpers() -> None:
    whole = rows(("a", {"6": bucket(inboundCalls=3, inboundAnswered=3, inboundSeconds=40)}))
    halves = [rows(("a", {"6": bucket(inboundCalls=1, inboundAnswered=1, inboundSeconds=10)})),
              rows(("a", {"6": bucket(inboundCalls=2, inboundAnswered=2, inboundSeconds=30)}))]
    assert relations.adds_up(halves, whole) == [] and relations.exceeding(halves[1], whole) == []
    assert relations.adds_up(halves[:1], whole) != []
    assert relations.exceeding(rows(("a", {"6": bucket(inboundCalls=4)})), whole) == ["a inboundCalls: 4 vs 3"]
    assert relations.counted(rows(("a", {"6": bucket()}))) == [] and relations.counted(whole) != []


def _call(status: int, content: bytes, outcome: str) -> Call:
    exchange = Exchange("getCdrStats", "POST", "http://pbx/x", {}, status=status,
                        response_headers={"content-type": "application/json"}, content=content)
    return Call(exchange, outcome)  # type: ignore[arg-type]


def test_refusal_of_another_customer() -> None:
    assert isolation.refusal_problem(_call(403, b'{"error": "access_denied"}', "unauthenticated")) is None
    served = isolation.refusal_problem(_call(200, b"[]", "accepted"))
    assert served is not None and "not refused" in served[0] and served[1] is None
    other = isolation.refusal_problem(_call(404, b'{"error": "not_found"}', "rejected"))
    assert other is not None and "403" in other[0] and other[1] is None
    keyless = isolation.refusal_problem(_call(403, b"Forbidden", "unauthenticated"))
    assert keyless is not None and keyless[1] is not None and not keyless[1].decides


# -- isolation response check -------------------------------------------------------------------------------
def isolation_context(body: dict[str, Any] | None = None) -> Any:
    ctx = context({"customer": FIXTURES.ids("customers")[0], **(body or {})})
    ctx.fixtures = FIXTURES
    return ctx


def test_no_foreign_employees() -> None:
    clean = example()
    isolation.no_foreign_employees(isolation_context(), answer(clean))
    leaked = [*clean, {**clean[0], "employeeId": FOREIGN}]
    assert FOREIGN in failure_message(isolation.no_foreign_employees, isolation_context(), answer(leaked))
    with pytest.raises(CheckFailure) as echo:  # the id alone, no name, no figures: an advisory
        isolation.no_foreign_employees(isolation_context(), answer([*clean, {"employeeId": FOREIGN, "data": {}}]))
    assert echo.value.basis is not None and not echo.value.basis.decides
    info = CHECKS["TELECOMX-NO-FOREIGN-EMPLOYEES"]
    assert info.applies_to(isolation_context({"customer": FIXTURES.ids("foreign_customers")[0]}))
    # another customer the fixtures do not name: an administrator or reseller may see its employees
    assert not info.applies_to(isolation_context({"customer": "65a1f0c2e4b0a1b2c3d4e5f6"}))
    assert not info.applies_to(context({"customer": None}))  # no fixtures, nothing to judge


# -- scenarios ----------------------------------------------------------------------------------------------
def test_partition_with_local_calls_is_an_advisory(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server that leaves local calls out of IN (but not of BOTH) follows the page as the suite reads it."""
    real = handler.queries.cdrstats

    def without_local_inbound(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        found = real(*args, **kwargs)
        if kwargs.get("direction") == "IN" and not kwargs.get("ignore_local"):
            for row in found:
                for counters in row["data"].values():
                    if counters["inboundCalls"]:
                        counters["inboundCalls"] -= 1
                        counters["inboundAnswered" if counters["inboundAnswered"] else "inboundUnanswered"] -= 1
        return found

    monkeypatch.setattr(handler.queries, "cdrstats", without_local_inbound)
    runner = run_scenarios(store)
    assert "TELECOMX-DIRECTIONS-PARTITION" in runner.failed()
    assert "TELECOMX-DIRECTIONS-PARTITION" not in runner.deciding()


def test_halves_that_do_not_add_up_are_an_advisory(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every answer one call short: the halves add up to less than the window, as when a call counts only in a
    window it lies wholly inside."""
    real = handler.queries.cdrstats

    def one_short(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        found = real(*args, **kwargs)
        busy = [c for row in found for c in row["data"].values() if c["inboundAnswered"]]
        if busy:
            busy[0]["inboundCalls"] -= 1
            busy[0]["inboundAnswered"] -= 1
        return found

    monkeypatch.setattr(handler.queries, "cdrstats", one_short)
    runner = run_scenarios(store)
    assert "TELECOMX-SPLIT-WINDOW-ADDS-UP" in runner.failed()
    assert "TELECOMX-SPLIT-WINDOW-ADDS-UP" not in runner.deciding()


def test_a_refusal_in_another_error_body_passes(store: Any) -> None:
    runner = run_scenarios(store, effect={"flags": ["telecomx-nested-errors"]})
    assert runner.deciding() == set()
    assert "TELECOMX-FOREIGN-CUSTOMER-REFUSED" in runner.recorded()


def test_relations_record_without_foreign_fixtures(store: Any) -> None:
    """Fixtures that name no foreign references (an administrator's credentials): no isolation verdict."""
    runner = run_scenarios(store)
    runner.fixtures = SpecFixtures({k: v for k, v in runner.fixtures.facts.items() if not k.startswith("foreign_")})
    runner.records.clear()
    isolation.customers(runner)
    assert "TELECOMX-CUSTOMER-OWN-IS-DEFAULT" in runner.recorded() and runner.failed() == set()
    assert not {"TELECOMX-FOREIGN-CUSTOMER-REFUSED", "TELECOMX-NO-FOREIGN-EMPLOYEES"} & runner.recorded()
