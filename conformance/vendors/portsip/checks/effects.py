"""PortSIP Dataflow call history: each request parameter has its effect on the data (issue 10).

The response checks of ``calls`` judge every item against its request (a selection holds row by row); the
relations here compare requests with and without a parameter, or with its complement, over one window:

- status: the answered and the unanswered calls add up to all calls (every call is one or the other);
- duration and hour-of-day bounds: a stricter bound never adds calls, and two disjoint ranges never hold more
  calls than the window (a call has one duration and starts in one hour, whichever way a server reads the
  bounds: PSD-022, PSD-024);
- from, to, session_id, destination, party, direction: a filtered list holds every listed call that matches
  the value exactly (a server matching more widely is the suite's concern: EXACT_MATCH in ``calls``);
- start_time, end_time: each half of a window holds no more calls than the whole, and the halves together no
  fewer (equality, a call counted by its start in one half only, is the suite's reading).

Which calls make up a user's history, and that the user's party and direction values split it, the document
does not say: those partitions are advisories.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from conformance.checkapi.basis import PORTSIP_DATAFLOW, cite, suite, vendor
from conformance.checkapi.registry import declare
from conformance.checkapi.scenarios import Call, Expectation, Runner, ScenarioSkip
from conformance.vendors.portsip.checks.calls import DAY, HISTORY, USER_HISTORY, accepted_items, blank
from conformance.vendors.portsip.checks.dataflow import SPEC, answer_field, recorded_by

WEEK = 7 * DAY
PAGE = 100
FILTERING = cite(PORTSIP_DATAFLOW, 67, "Allows filtering by caller (`from`), callee (`to`), duration, status")
USER_FILTERS = cite(PORTSIP_DATAFLOW, 80, "Call party type, indicating the routing path of the call.")
STATUS_ENUM = cite(PORTSIP_DATAFLOW, 67, "enumeration with possible values: `NONE`, `ANSWERED`")
HOURS = cite(PORTSIP_DATAFLOW, 67, "Specify the start hour of the call time range")
DURATIONS = cite(PORTSIP_DATAFLOW, 67, "Call duration from start time in seconds.")
WINDOW = cite(PORTSIP_DATAFLOW, 59, "analytics within a specified time range")

STATUS_SPLIT = declare(
    "PORTSIP-HISTORY-STATUS-PARTITION",
    "The answered and the unanswered calls of a window add up to all its calls (call and user history).",
    spec=SPEC, location="getCallsHistory / getCallsUserHistory: status", severity="major", kind="metamorphic",
    operations=(HISTORY, USER_HISTORY), covers=("status",),
    basis=vendor(FILTERING, STATUS_ENUM, note="a call (a leg) is either answered or not answered"))
BOUNDS = declare(
    "PORTSIP-HISTORY-BOUNDS-MONOTONE",
    "A stricter duration or hour-of-day bound never adds calls, and two disjoint ranges (durations up to 60 s and "
    "from 61 s; hours 0-6 and 12-18) never hold more calls than the window.",
    spec=SPEC, location="start_duration, end_duration, start_hour_of_day, end_hour_of_day", severity="major",
    kind="metamorphic", operations=(HISTORY, USER_HISTORY),
    covers=("start_duration", "end_duration", "start_hour_of_day", "end_hour_of_day"),
    basis=vendor(FILTERING, DURATIONS, HOURS,
                 note="a call has one duration and starts in one hour, whichever zone, end-hour inclusion or "
                      "duration reading (PSD-022, PSD-024) a server takes"))
SELECTION = declare(
    "PORTSIP-HISTORY-SELECTION-COMPLETE",
    "A list filtered on a value of a listed call (from, to, session_id; a user's destination, party, direction) "
    "holds every call of the unfiltered list with exactly that value, and never more calls than the unfiltered "
    "list.",
    spec=SPEC, location="getCallsHistory: from, to, session_id; getCallsUserHistory: user, destination, party, "
    "direction", severity="major", kind="metamorphic", operations=(HISTORY, USER_HISTORY),
    covers=("from", "to", "session_id", "destination", "party", "direction", "user"),
    basis=vendor(FILTERING, USER_FILTERS, cite(PORTSIP_DATAFLOW, 80, "Actual address of the callee"),
                 note="a filter restricts the list: a call carrying exactly the value passes it"))
USER_SPLITS = declare(
    "PORTSIP-USER-HISTORY-PARTITIONS",
    "A user's history splits by party (CALLER + CALLEE) and by direction (INBOUND + OUTBOUND + INTERNAL + "
    "IN_TO_OUT) into all of it.",
    spec=SPEC, location="getCallsUserHistory: party, direction", severity="minor", kind="metamorphic",
    operations=(USER_HISTORY,), covers=("party", "direction"),
    basis=suite("the document does not say which legs make up a user's history (a user who took a queue call as "
                "an agent is neither caller nor callee) nor that every leg has one of the directions"))
SPLIT = declare(
    "PORTSIP-HISTORY-WINDOW-SPLIT",
    "Each half of a window holds no more calls than the whole, and the two halves together no fewer (and, the "
    "suite's reading, exactly as many).",
    spec=SPEC, location="getCallsHistory / getCallsUserHistory: start_time, end_time", severity="major",
    kind="metamorphic", operations=(HISTORY, USER_HISTORY), covers=("start_time", "end_time"),
    basis=vendor(WINDOW, note="a call within half the window is within the window"))
OVERLAP = suite("a server may list a call that overlaps the window rather than starts in it: a call across the "
                "middle is then in both halves")


class Counter:
    """Counts of one history operation over one window (with fixed extra fields), each request sent once."""

    def __init__(self, runner: Runner, operation: str, window: tuple[datetime, datetime], **fixed: Any) -> None:
        self.runner, self.operation, self.fixed = runner, operation, fixed
        self.window = runner.window_fields(operation, *window)
        self.calls: dict[str, Call] = {}

    def call(self, filters: dict[str, Any], expect: Expectation = "accept", top: int = 1) -> Call:
        key = repr((sorted(filters.items()), top))
        if key not in self.calls:
            self.calls[key] = self.runner.call(self.operation, body={**self.window, **self.fixed, **filters},
                                               query={"count": True, "top": top}, expect=expect)
        return self.calls[key]

    def count(self, filters: dict[str, Any] | None = None, expect: Expectation = "accept") -> int | None:
        value = answer_field(self.call(filters or {}, expect), "count")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def items(self, filters: dict[str, Any] | None = None,
              expect: Expectation = "accept") -> tuple[list[dict[str, Any]], int | None]:
        call = self.call(filters or {}, expect, top=PAGE)
        count = answer_field(call, "count")
        return accepted_items(call), count if isinstance(count, int) and not isinstance(count, bool) else None

    def last(self) -> Call | None:
        return next(reversed(self.calls.values()), None)


def user_counter(runner: Runner) -> Counter:
    """The history of the first fixture user over a week from the fixture window's start."""
    users = [*runner.fixtures.ids("users"), *runner.fixtures.ids("agents")]
    if not users:
        raise ScenarioSkip("the fixtures list no users")
    start = runner.window()[0]
    return Counter(runner, USER_HISTORY, (start, start + timedelta(seconds=WEEK)), user=str(users[0]))


def counters(runner: Runner) -> list[Counter]:
    return [Counter(runner, HISTORY, runner.window(DAY)), user_counter(runner)]


def _unanswered(counter: Counter) -> int | None:
    """The unanswered count, in the enum spelling or the prose one (PSD-001, PSD-002): a server takes one."""
    for spelling in ("UNANSWERED", "NOT_ANSWERED"):
        found = counter.count({"status": spelling}, expect="any")
        if found is not None:
            return found
    return None


@recorded_by(STATUS_SPLIT)
def status_partition(runner: Runner) -> None:
    for counter in counters(runner):
        whole, answered, unanswered = counter.count(), counter.count({"status": "ANSWERED"}), _unanswered(counter)
        if None in (whole, answered, unanswered):
            continue
        runner.record(STATUS_SPLIT.id, counter.operation, None if answered + unanswered == whole else  # type: ignore[operator]
                      f"answered {answered} + unanswered {unanswered} != all {whole}", call=counter.last(),
                      evidence={"all": whole, "answered": answered, "unanswered": unanswered}, key="status split")


# (stricter, looser) pairs and disjoint pairs of bounds
NESTED = (({"start_duration": 120}, {"start_duration": 30}), ({"end_duration": 60}, {"end_duration": 600}),
          ({"start_hour_of_day": 9, "end_hour_of_day": 17}, {"start_hour_of_day": 8, "end_hour_of_day": 18}))
DISJOINT = (({"end_duration": 60}, {"start_duration": 61}),
            ({"start_hour_of_day": 0, "end_hour_of_day": 6}, {"start_hour_of_day": 12, "end_hour_of_day": 18}))


@recorded_by(BOUNDS)
def bounds_monotone(runner: Runner) -> None:
    for counter in counters(runner):
        whole = counter.count()
        if whole is None:
            continue
        problems = []
        for strict, loose in NESTED:
            a, b = counter.count(strict), counter.count(loose)
            if a is not None and b is not None and not a <= b <= whole:
                problems.append(f"{strict} gives {a}, {loose} {b}, all {whole}: a stricter bound added calls")
        for one, other in DISJOINT:
            a, b = counter.count(one), counter.count(other)
            if a is not None and b is not None and a + b > whole:
                problems.append(f"{one} gives {a} and {other} {b}: {a + b} calls in disjoint ranges, more than all "
                                f"{whole}")
        runner.record(BOUNDS.id, counter.operation, "; ".join(problems) or None, call=counter.last(),
                      evidence={"all": whole}, key=problems[0][:30] if problems else "bounds")


def _key(item: dict[str, Any]) -> tuple[Any, ...]:
    return item.get("session_id"), item.get("call_id"), item.get("party")


def _selections(counter: Counter, items: list[dict[str, Any]]) -> list[tuple[str, str, Any]]:
    """(filter field, item field, value) to select on: values of the first listed calls."""
    if counter.operation == HISTORY:
        pairs = (("from", "caller"), ("to", "callee"), ("session_id", "session_id"))
    else:
        pairs = (("destination", "destination"), ("party", "party"), ("direction", "direction"))
    chosen = []
    for name, field in pairs:
        value = next((i.get(field) for i in items if isinstance(i.get(field), str) and not blank(i.get(field))), None)
        if name == "direction" and value in ("CALLER", "CALLEE"):  # PSD-008: the party in `direction`
            value = None
        if value is not None:
            chosen.append((name, field, value))
    return chosen


@recorded_by(SELECTION)
def selection_complete(runner: Runner) -> None:
    for counter in counters(runner):
        items, whole = counter.items()
        if whole is None or not items:
            continue
        complete = whole <= len(items)  # the unfiltered page holds the whole list
        for name, field, value in _selections(counter, items):
            got, count = counter.items({name: value})
            if count is None:
                continue
            listed = {_key(i) for i in got}
            wanted = [i for i in items if i.get(field) == value]
            missing = [_key(i) for i in wanted if _key(i) not in listed] if count <= PAGE else []
            problem = None
            if count > whole:
                problem = f"{name}={value!r} gives {count} calls, more than all {whole}"
            elif missing:
                problem = f"{name}={value!r} leaves out {len(missing)} listed calls with that {field}: {missing[:3]}"
            elif complete and count < len(wanted):
                problem = f"{name}={value!r} gives {count} calls, the list holds {len(wanted)} with that {field}"
            runner.record(SELECTION.id, counter.operation, problem, call=counter.last(), key=f"{name} selection",
                          evidence={"filter": {name: value}, "count": count, "all": whole})


@recorded_by(USER_SPLITS)
def user_partitions(runner: Runner) -> None:
    counter = user_counter(runner)
    whole = counter.count()
    if whole is None:
        return
    for name, values in (("party", ("CALLER", "CALLEE")), ("direction", ("INBOUND", "OUTBOUND", "INTERNAL",
                                                                         "IN_TO_OUT"))):
        parts = [counter.count({name: v}, expect="any") for v in values]
        if any(p is None for p in parts):
            continue
        total = sum(p for p in parts if p is not None)
        runner.record(USER_SPLITS.id, USER_HISTORY, None if total == whole else
                      f"{name} {dict(zip(values, parts, strict=True))} add up to {total}, not all {whole}",
                      call=counter.last(), key=f"{name} split", evidence={"all": whole})


@recorded_by(SPLIT)
def window_split(runner: Runner) -> None:
    start, end = runner.window(DAY)
    middle = start + (end - start) / 2
    user = user_counter(runner)
    for operation, fixed in ((HISTORY, {}), (USER_HISTORY, user.fixed)):
        whole = Counter(runner, operation, (start, end), **fixed)
        halves = [Counter(runner, operation, part, **fixed) for part in ((start, middle), (middle, end))]
        total, first, second = whole.count(), halves[0].count(), halves[1].count()
        if total is None or first is None or second is None:
            continue
        problem, basis = None, None
        if max(first, second) > total or first + second < total:
            problem = f"halves hold {first} and {second} calls, the whole window {total}"
        elif first + second != total:
            problem, basis = f"halves hold {first} + {second} calls, the whole window {total}", OVERLAP
        runner.record(SPLIT.id, operation, problem, call=halves[1].last(), key="split", basis=basis,
                      evidence={"whole": total, "halves": [first, second]})
