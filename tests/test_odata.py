"""conformance.odata: one reading of PortSIP's filter and orderby, judged exactly (the simulator) and tolerantly
(the checks: True, False or None where servers may differ)."""

from __future__ import annotations

from typing import Any

import pytest

from conformance import odata

# -- exact evaluation (the simulator) ---------------------------------------------------------------------------
ITEMS = [
    {"id": "1", "name": "Daily", "n": 3, "on": True, "at": "2025-01-01T10:00:00+01:00", "url": None},
    {"id": "2", "name": "Weekly", "n": 10, "on": False, "at": "2025-01-01T09:30:00Z", "url": "/r/2"},
    {"id": "3", "name": "It's monthly", "n": 7, "on": True, "at": "2025-01-02T00:00:00Z", "url": "/r/3"},
]


@pytest.mark.parametrize(("text", "ids"), [
    ("n eq 3", ["1"]),
    ("n ne 3", ["2", "3"]),
    ("n gt 3 and n le 10", ["2", "3"]),
    ("n lt 5 or on eq false", ["1", "2"]),
    ("on eq true and (n ge 7 or name eq 'Daily')", ["1", "3"]),
    ("not on eq true", ["2"]),
    ("at gt '2025-01-01T09:00:00Z'", ["2", "3"]),  # instants: 10:00+01:00 is 09:00Z, not later
    ("startswith(name,'W')", ["2"]),
    ("endswith(name,'ly')", ["1", "2", "3"]),
    ("contains(name,'''s')", ["3"]),
    ("url eq null", ["1"]),
    ("url ne null", ["2", "3"]),
    ("name gt 5", []),  # text and number are unordered
    ("missing eq 'x'", []),
])
def test_filter_expressions(text: str, ids: list[str]) -> None:
    node = odata.parse_filter(text)
    assert [i["id"] for i in ITEMS if odata.evaluate(node, i)] == ids


@pytest.mark.parametrize("text", ["", "n", "n eq", "n eq 3 and", "n equals 3", "(n eq 3", "eq eq 3", "n eq 'open",
                                  "startswith(name, 3)", "n eq 3 3", "n eq @"])
def test_bad_filters_are_refused(text: str) -> None:
    with pytest.raises(odata.Unreadable) as refused:
        odata.parse_filter(text)
    assert refused.value.option == "filter"


def test_known_fields_and_orderby() -> None:
    with pytest.raises(odata.Unreadable):
        odata.parse_filter("missing eq 1", fields={"n"})
    assert odata.parse_orderby("n desc, at") == [("n", True), ("at", False)]
    assert [i["id"] for i in odata.query(ITEMS, orderby_text="at")] == ["1", "2", "3"]  # by instant, not text
    assert [i["id"] for i in odata.query(ITEMS, "on eq true", "n desc")] == ["3", "1"]
    assert [i["id"] for i in odata.query(ITEMS, orderby_text="url")] == ["1", "2", "3"]  # null first
    for bad in ("n upward", "", "n,", "eq"):
        with pytest.raises(odata.Unreadable) as refused:
            odata.parse_orderby(bad)
        assert refused.value.option == "orderby"


# -- tolerant judgement (the checks) ----------------------------------------------------------------------------
@pytest.mark.parametrize(("expression", "item", "verdict"), [
    ("caller eq '1001'", {"caller": "1001"}, True),
    ("caller eq '1001'", {"caller": "1002"}, False),
    ("direction eq 'inbound_call'", {"direction": "INBOUND_CALL"}, None),  # case rules differ between servers
    ("direction ne 'INBOUND_CALL'", {"direction": "INBOUND_CALL"}, False),
    ("caller eq '1001'", {}, None),  # a field the item does not show
    ("caller eq '1001'", {"caller": None}, False),
    ("caller ne '1001'", {"caller": None}, None),  # SQL and OData disagree on blanks
    ("caller eq null", {"caller": None}, True),
    ("caller ne null", {"caller": None}, False),
    ("duration gt 10", {"duration": 11}, True),
    ("duration gt 10.5", {"duration": 10}, False),
    ("duration eq '10'", {"duration": 10}, None),  # text against a number
    ("caller gt '1000'", {"caller": "1001"}, None),  # text order is collation-dependent
    ("started_at lt '2025-10-28T10:00:00-04:00'", {"started_at": "2025-10-28T13:59:59Z"}, True),
    ("started_at lt '2025-10-28T10:00:00-04:00'", {"started_at": "2025-10-28T14:00:00Z"}, False),
    ("contains(callee, '555')", {"callee": "+12125550100"}, True),
    ("endswith(caller_domain, '.TEST')", {"caller_domain": "acme.pbx.test"}, None),
    ("startswith(trunk, 'x')", {"trunk": None}, False),
    ("caller eq '1' or caller eq '2'", {"caller": "2"}, True),
    ("caller eq '1' or duration eq '2'", {"caller": "2", "duration": 2}, None),
    ("caller eq '1' and duration eq '2'", {"caller": "2", "duration": 2}, False),
    ("not (caller eq '1')", {"caller": "2"}, True),
    ("name eq 'O''Brien'", {"name": "O'Brien"}, True),
    ("flag eq true", {"flag": False}, False),
])
def test_filter_judge(expression: str, item: dict[str, Any], verdict: bool | None) -> None:
    assert odata.judge(odata.parse_filter(expression), item) is verdict


@pytest.mark.parametrize("expression", ["caller eq", "caller is '1'", "caller eq '1' and", "(caller eq '1'", "§"])
def test_filter_judge_refuses_what_it_cannot_read(expression: str) -> None:
    with pytest.raises(odata.Unreadable):
        odata.parse_filter(expression)


def test_order_judge() -> None:
    keys = odata.parse_orderby("duration desc, started_at")
    assert keys == [("duration", True), ("started_at", False)]
    early = {"duration": 5, "started_at": "2025-01-01T00:00:00Z"}
    late = {"duration": 5, "started_at": "2025-01-02T00:00:00Z"}
    assert odata.in_order(early, late, keys) is True
    assert odata.in_order(late, early, keys) is False
    assert odata.in_order({"duration": 1}, {"duration": 9}, keys) is False
    assert odata.in_order({"duration": None}, {"duration": 9}, keys) is None
    with pytest.raises(odata.Unreadable):
        odata.parse_orderby("duration sideways")


# -- one reading, two judgements ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("expression", "item", "exact", "verdict"), [
    ("caller eq 'A'", {"caller": "a"}, False, None),  # exact text, but a server may ignore case
    ("caller eq 'a'", {}, False, None),  # a missing field reads as null exactly, is unknown to the judge
    ("caller ne 'a'", {"caller": None}, True, None),
    ("flag gt false", {"flag": True}, True, None),  # booleans are ordered exactly, not by every server
    ("n eq 1e1", {"n": 10}, True, True),
])
def test_the_two_readings_differ_only_where_servers_may(expression: str, item: dict[str, Any], exact: bool,
                                                        verdict: bool | None) -> None:
    node = odata.parse_filter(expression)
    assert odata.evaluate(node, item) is exact
    assert odata.judge(node, item) is verdict
