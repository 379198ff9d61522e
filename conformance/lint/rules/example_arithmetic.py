"""Numbers in one example that contradict each other: totals and their parts, seconds and calls, spans."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.rules._vocabulary import (
    AGGREGATE_PREFIXES,
    ANSWERED,
    AVERAGE_QUALIFIERS,
    BUCKET_PARTITION_MIN,
    BUCKETS,
    COMPLEMENT,
    DIRECTION_PARTITIONS,
    DIRECTIONS,
    PERIOD_KEYS,
    SECONDS_GENERIC,
    SECONDS_OTHER,
    SECONDS_TALK,
    TALK_QUALIFIERS,
    TOTAL_WORDS,
    span_keys,
    words,
)
from conformance.lint.walk import iter_examples, walk_objects
from conformance.pointers import join

_EPOCH_MIN = 1_000_000_000  # numbers above this in a span key are Unix timestamps


@dataclass(frozen=True)
class Counter:
    """What a numeric key counts: its scope (a direction or "") and its role."""

    key: str
    scope: str
    role: str  # total | answered | complement | bucket | seconds_talk | seconds_other
    value: float


def classify(key: str, value: float) -> Counter | None:
    """Read a key with the vocabulary: ``inboundAnswered`` -> (inbound, answered); ``total_call`` -> total."""
    ws = words(key)
    while len(ws) > 1 and ws[0] in AGGREGATE_PREFIXES:
        ws = ws[1:]
    scope = ""
    if ws and ws[0] in DIRECTIONS:
        scope, ws = ws[0], ws[1:]
    rest = "_".join(ws)
    if rest in TOTAL_WORDS:
        return Counter(key, scope, "total", value)
    for role, vocabulary in (("answered", ANSWERED), ("complement", COMPLEMENT), ("bucket", BUCKETS)):
        if rest in vocabulary:
            return Counter(key, scope, role, value)
    if not ws:
        return None
    qualifier = "_".join(ws[:-1])
    if set(ws[:-1]) & AVERAGE_QUALIFIERS:
        return None
    if ws[-1] in SECONDS_TALK or (ws[-1] in SECONDS_GENERIC and qualifier in TALK_QUALIFIERS):
        return Counter(key, scope, "seconds_talk", value)
    if ws[-1] in SECONDS_OTHER or ws[-1] in SECONDS_GENERIC:
        return Counter(key, scope, "seconds_other", value)
    return None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _counters(node: dict[str, Any]) -> list[Counter]:
    found = []
    for key, value in node.items():
        number = _number(value)
        if number is not None:
            counter = classify(key, number)
            if counter is not None:
                found.append(counter)
    return found


def _sum(parts: list[Counter]) -> str:
    return " + ".join(f"`{p.key}` ({_fmt(p.value)})" for p in parts) + f" = {_fmt(sum(p.value for p in parts))}"


def _outcomes(pointer: str, counters: list[Counter]) -> Iterator[tuple[str, str]]:
    """Outcome parts against the total of their scope, directions against the overall total."""
    by_scope: dict[str, dict[str, list[Counter]]] = defaultdict(lambda: defaultdict(list))
    for counter in counters:
        by_scope[counter.scope][counter.role].append(counter)
    for roles in by_scope.values():
        totals = roles.get("total", [])
        if not totals:
            continue
        # `total_calls` beside a record `count`: the call total is the one naming calls
        total = next((t for t in totals if {"call", "calls"} & set(words(t.key))), totals[0])
        parts = roles.get("answered", []) + roles.get("complement", []) + roles.get("bucket", [])
        for part in parts:
            if part.value > total.value:
                yield join(pointer, part.key), (
                    f"`{part.key}` ({_fmt(part.value)}) exceeds its total `{total.key}` ({_fmt(total.value)})"
                )
        answered, complement, buckets = roles.get("answered", []), roles.get("complement", []), roles.get("bucket", [])
        partition: list[Counter] = []
        if answered and complement:
            partition = [answered[0], complement[0]]
        elif answered and len(buckets) >= BUCKET_PARTITION_MIN:
            partition = [answered[0], *buckets]
        if partition and sum(p.value for p in partition) != total.value:
            yield join(pointer, total.key), (
                f"{_sum(partition)}, but `{total.key}` is {_fmt(total.value)} (the outcomes partition the total)"
            )
        elif answered and buckets and sum(p.value for p in answered[:1] + buckets) > total.value:
            yield join(pointer, total.key), (
                f"{_sum(answered[:1] + buckets)} exceeds `{total.key}` ({_fmt(total.value)})"
            )
    overall = by_scope.get("", {}).get("total", [])
    directions = [by_scope[d]["total"][0] for d in by_scope if d and by_scope[d].get("total")]
    if overall and directions:
        total = overall[0]
        present = {d.scope for d in directions}
        complete = any(p <= present for p in DIRECTION_PARTITIONS)
        value = sum(d.value for d in directions)
        if (complete and value != total.value) or value > total.value:
            relation = "partition" if complete else "cannot exceed"
            yield join(pointer, total.key), (
                f"{_sum(directions)}, but `{total.key}` is {_fmt(total.value)} (directions {relation} the total)"
            )


def _seconds_without_calls(pointer: str, counters: list[Counter]) -> Iterator[tuple[str, str]]:
    by_scope: dict[str, dict[str, Counter]] = defaultdict(dict)
    for counter in counters:
        by_scope[counter.scope].setdefault(counter.role, counter)
    for roles in by_scope.values():
        for role in ("seconds_talk", "seconds_other"):
            seconds = roles.get(role)
            if seconds is None or seconds.value <= 0:
                continue
            needed = roles.get("answered") if role == "seconds_talk" else None
            needed = needed or roles.get("total")
            if needed is not None and needed.value == 0:
                yield join(pointer, seconds.key), (
                    f"`{seconds.key}` is {_fmt(seconds.value)} while `{needed.key}` is 0"
                )


def _instant(value: Any) -> datetime | float | None:
    number = _number(value)
    if number is not None:
        return number if number > _EPOCH_MIN else None
    if isinstance(value, str) and value[:1].isdigit():
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return None


def _spans(node: dict[str, Any]) -> Iterator[tuple[str, str, float]]:
    """(early key, late key, seconds) for every pair of timestamps of one object."""
    for early_key, late_key in span_keys(node):
        start, end = _instant(node[early_key]), _instant(node[late_key])
        if isinstance(start, datetime) and isinstance(end, datetime):
            try:
                yield early_key, late_key, (end - start).total_seconds()
            except TypeError:  # one naive, one aware
                continue
        elif isinstance(start, float) and isinstance(end, float):
            yield early_key, late_key, end - start


def _longer_than_span(pointer: str, node: dict[str, Any], counters: list[Counter]) -> Iterator[tuple[str, str]]:
    if any(c.role == "total" and c.value > 1 for c in counters):
        return  # seconds summed over several calls may overlap in time and exceed the span
    for early_key, late_key, span in _spans(node):
        if span < 0:
            yield join(pointer, late_key), f"`{late_key}` is earlier than `{early_key}`"
            continue
        for counter in counters:
            if counter.role.startswith("seconds") and counter.value > span:
                yield join(pointer, counter.key), (
                    f"`{counter.key}` ({_fmt(counter.value)} s) is longer than the {_fmt(span)} s between "
                    f"`{early_key}` and `{late_key}`"
                )


def _is_period_row(row: Any) -> bool:
    return isinstance(row, dict) and any(set(words(k)) & PERIOD_KEYS for k in row)


def _rows(value: Any) -> list[dict[str, Any]] | None:
    """Per-period rows: a list of objects with a time key, or an object keyed by period."""
    if isinstance(value, list) and value and all(_is_period_row(r) for r in value):
        return value
    if (isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values())
            and all(k[:1].isdigit() for k in value)):
        return list(value.values())
    return None


def _rows_against_parent(pointer: str, node: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for key, value in node.items():
        rows = _rows(value)
        if rows is None:
            continue
        shared = [k for k, v in node.items() if _number(v) is not None and classify(k, 0) is not None
                  and all(_number(r.get(k)) is not None for r in rows)]
        sums = {k: sum(float(r[k]) for r in rows) for k in shared}
        # rows that reproduce one non-zero parent counter cover the parent's period
        covered = any(sums[k] == float(node[k]) != 0 for k in shared)
        for k in shared:
            if sums[k] > float(node[k]) or (covered and sums[k] != float(node[k])):
                yield join(pointer, k), (
                    f"the {len(rows)} per-period row(s) in `{key}` sum `{k}` to {_fmt(sums[k])}, but the "
                    f"object has {_fmt(float(node[k]))}"
                )


@rule(
    "LINT-EXAMPLE-ARITHMETIC",
    "Numbers in one example contradict each other (parts vs totals, seconds vs calls, durations vs spans).",
    applies_to=("examples", "openapi"),
)
def example_arithmetic(document: LintDocument) -> Iterator[tuple[str, str]]:
    for example_pointer, value in iter_examples(document):
        for pointer, node in walk_objects(value, example_pointer):
            counters = _counters(node)
            yield from _outcomes(pointer, counters)
            yield from _seconds_without_calls(pointer, counters)
            yield from _longer_than_span(pointer, node, counters)
            yield from _rows_against_parent(pointer, node)
