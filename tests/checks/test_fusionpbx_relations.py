"""FusionPBX window relations, figures under FreeSWITCH's definitions and domain isolation: each fires on a broken
answer and stays quiet on the clean one; where the page is silent the finding is an advisory."""

from __future__ import annotations

import json
from typing import Any

from conformance.checkapi.registry import CHECKS
from conformance.engine.fixtures import SpecFixtures
from conformance.vendors.fusionpbx.checks import relations
from tests.checks.builders import failure_message, simulate, store_for
from tests.checks.test_fusionpbx import CALLS, SPEC, FusionRunner, answer, changed, context, example, quiet

SUMMARY = "getExtensionUserSummary"
store = store_for(SPEC.name, CALLS)


def test_billsec_covers_answered() -> None:
    quiet(relations.billsec_covers_answered, SUMMARY, example(SUMMARY))  # 300 s for 3 answered calls
    quiet(relations.billsec_covers_answered, SUMMARY, changed(SUMMARY, {"total_billsec": 3}))
    body = changed(SUMMARY, {"total_billsec": 2})
    assert "total_billsec 2 for 3 answered" in failure_message(relations.billsec_covers_answered, context(SUMMARY),
                                                               answer(SUMMARY, body))


def test_no_foreign_extensions() -> None:
    ctx = context("getExtensionReport")
    ctx.fixtures = SpecFixtures({"extensions": ["101", "102"], "foreign_extensions": ["101", "900"]})
    body = example("getExtensionReport")  # extension 101: also the caller's own number, so not foreign
    relations.no_foreign_extensions(ctx, answer("getExtensionReport", body))
    body["data"].append({**body["data"][0], "extension": "900"})
    assert "['900']" in failure_message(relations.no_foreign_extensions, ctx, answer("getExtensionReport", body))
    info = CHECKS["FUSIONPBX-NO-FOREIGN-EXTENSIONS"]
    assert info.applies_to(ctx) and not info.applies_to(context("getExtensionReport"))
    assert info.basis is not None and not info.basis.decides  # the page says nothing of tenants


def test_listed_only_in_part() -> None:
    whole = [{"user_uuid": "A"}, {"user_uuid": ""}]
    assert relations.listed_only_in_part(whole, [{"user_uuid": "a"}], "user_uuid") == []
    assert relations.listed_only_in_part(whole, [{"user_uuid": "b"}, {"user_uuid": None}], "user_uuid") == ["b"]


def test_split_window_judges_every_report(store: Any) -> None:
    runner = FusionRunner(SPEC, simulate(store, SPEC.name, CALLS))
    relations.split_window(runner)
    assert runner.failed() == set()
    assert [c for c, _ in runner.records if c == "FUSIONPBX-SPLIT-WINDOW-ADDS-UP"] == \
        ["FUSIONPBX-SPLIT-WINDOW-ADDS-UP"] * len(relations.SPLIT_OPS)


def test_a_half_listing_someone_the_window_does_not_is_an_advisory(store: Any) -> None:
    """Every answer for a window shorter than a day (the halves) lists one more agent."""
    runner = FusionRunner(SPEC, simulate(store, SPEC.name, CALLS))
    real = runner.call

    def padded(operation_id: str, **kwargs: Any) -> Any:
        call = real(operation_id, **kwargs)
        query = kwargs.get("query") or {}
        if operation_id == "getAgentTimeReport" and not query.get("end_time", "").endswith("23:59:59"):
            body = call.json()
            body["data"].append({"user_uuid": "00000000-0000-0000-0000-000000000001", "total_pause_sec": 0})
            call.exchange.content = json.dumps(body).encode()
        return call

    runner.call = padded  # type: ignore[method-assign]
    relations.split_window(runner)
    assert runner.failed() == {"FUSIONPBX-SPLIT-WINDOW-ADDS-UP"} and runner.deciding() == set()


def test_start_ignored_needs_calls_in_the_first_half() -> None:
    whole = [{"user_uuid": "a", "total_call": 9, "total_answered": 6}]
    first = [{"user_uuid": "a", "total_call": 5, "total_answered": 3}]
    assert relations.start_ignored(whole, first, whole, "user_uuid", ("total_call", "total_answered"),
                                   "total_call") == 5
    short = [{"user_uuid": "a", "total_call": 8, "total_answered": 6}]  # the second half counts less: selected
    assert relations.start_ignored(whole, first, short, "user_uuid", ("total_call", "total_answered"),
                                   "total_call") == 0
    few = [{"user_uuid": "a", "total_call": 2, "total_answered": 2}]  # two calls may both span the cut
    assert relations.start_ignored(whole, few, whole, "user_uuid", ("total_call",), "total_call") == 0


def test_a_start_time_without_effect_fails_on_the_vendors_words(store: Any) -> None:
    runner = FusionRunner(SPEC, simulate(store, SPEC.name, CALLS, fault="fusionpbx-start-time-ignored"))
    relations.split_window(runner)
    assert "FUSIONPBX-SPLIT-WINDOW-ADDS-UP" in runner.deciding()
    assert any("start_time has no effect" in (m or "") for c, m in runner.records)
