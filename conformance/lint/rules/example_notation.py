"""Examples that are not JSON, and values of one key written in different notations."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.rules._vocabulary import span_keys
from conformance.lint.walk import iter_examples, iter_section_examples, walk_objects
from conformance.pointers import join

# A value that reads as a date or a time of day.
_TEMPORAL = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|^\d{1,2}:\d{2}")
_DIGITS = re.compile(r"\d+")
# An example of a JSON media type itself (not of a string property inside its schema).
_JSON_MEDIA_EXAMPLE = re.compile(r"/content/[^/]*json[^/]*/(example|examples/[^/]+/value)$", re.I)


def notation(value: str) -> str | None:
    """The notation of a date/time string (digit runs as 9), or None when it is not one."""
    value = value.strip()
    return _DIGITS.sub("9", value) if _TEMPORAL.match(value) else None


@rule(
    "LINT-EXAMPLE-NOT-JSON",
    "An example looks like JSON but does not parse.",
    applies_to=("examples", "openapi"),
)
def example_not_json(document: LintDocument) -> Iterator[tuple[str, str]]:
    if document.kind == "examples":
        for example_pointer, example in iter_section_examples(document):
            if "unparsed" not in example:
                continue
            start = example["unparsed"][:60]
            hint = "; it reads as a JavaScript object literal" if "lenient" in example else ""
            yield example_pointer, (
                f"example at line {example.get('line')} looks like JSON but does not parse "
                f"({example.get('error')}){hint}: {start}…"
            )
        return
    for pointer, value in iter_examples(document):
        if isinstance(value, str) and value.lstrip()[:1] in ("{", "[") and _JSON_MEDIA_EXAMPLE.search(pointer):
            try:
                json.loads(value)
            except json.JSONDecodeError as exc:
                yield pointer, f"JSON example does not parse ({exc.msg}): {value.strip()[:60]}…"


def _quote(value: str) -> str:
    return f"'{value}'"


@rule(
    "LINT-EXAMPLE-FORMAT-DRIFT",
    "The same key's date/time values in one example use different notations.",
    applies_to=("examples", "openapi"),
)
def example_format_drift(document: LintDocument) -> Iterator[tuple[str, str]]:
    for example_pointer, value in iter_examples(document):
        by_key: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
        for pointer, node in walk_objects(value, example_pointer):
            for key, item in node.items():
                sig = notation(item) if isinstance(item, str) else None
                if sig:
                    by_key[key][sig].append((join(pointer, key), item))
            yield from _pair_drift(pointer, node)
        for key, sigs in by_key.items():
            if len(sigs) < 2:
                continue
            ranked = sorted(sigs.values(), key=len, reverse=True)
            shown = " vs ".join(f"{_quote(uses[0][1])} ({len(uses)}×)" for uses in ranked)
            for uses in ranked[1:]:
                yield uses[0][0], f"`{key}` values use {len(sigs)} notations in one example: {shown}"


def _pair_drift(pointer: str, node: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Bounds of one span (from/to, start/end, ...) written in different notations."""
    for early_key, late_key in span_keys(node):
        a, b = node[early_key], node[late_key]
        if not (isinstance(a, str) and isinstance(b, str)):
            continue
        sig_a, sig_b = notation(a), notation(b)
        if sig_a and sig_b and sig_a != sig_b:
            yield join(pointer, early_key), (
                f"`{early_key}` ({_quote(a)}) and `{late_key}` ({_quote(b)}) bound one span in different notations"
            )
