"""Example values that must match but differ: a file and its URL, one id with two sets of companions."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import Any
from urllib.parse import unquote, urlsplit

from conformance.lint.model import LintDocument
from conformance.lint.registry import rule
from conformance.lint.rules._vocabulary import COMPANION_WORDS, FILE_WORDS, ID_WORDS, URL_WORDS, words
from conformance.lint.walk import iter_examples, walk_objects
from conformance.pointers import join

_SAME_FILE_RATIO = 0.9
# Two objects carrying one id describe the same thing only if their keys largely agree.
_SAME_KIND_KEYS = 0.4


def _is_file_key(key: str) -> bool:
    ws = words(key)
    return bool(ws) and (ws[-1] in FILE_WORDS or "_".join(ws[-2:]) in FILE_WORDS) and not set(ws) & URL_WORDS


def _is_url_key(key: str) -> bool:
    return bool(set(words(key)) & URL_WORDS)


def _last_segment(url: str) -> str:
    return unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])


def _file_vs_url(pointer: str, node: dict[str, Any]) -> Iterator[tuple[str, str]]:
    files = [(k, v) for k, v in node.items() if isinstance(v, str) and "." in v and _is_file_key(k)]
    urls = [(k, v) for k, v in node.items() if isinstance(v, str) and "/" in v and _is_url_key(k)]
    for file_key, name in files:
        for url_key, url in urls:
            segment = _last_segment(url)
            if not segment or segment == name:
                continue
            if segment.casefold() == name.casefold():
                how = "differs only in letter case"
            elif SequenceMatcher(None, segment, name).ratio() >= _SAME_FILE_RATIO:
                how = "differs in a few characters"
            else:
                continue
            yield join(pointer, url_key), (
                f"`{file_key}` is '{name}' but `{url_key}` ends in '{segment}': the same file name {how}"
            )


def _is_id_key(key: str) -> bool:
    ws = words(key)
    return bool(ws) and ws[-1] in ID_WORDS


def _is_companion(key: str) -> bool:
    ws = words(key)
    return bool(ws) and (ws[-1] in COMPANION_WORDS or "_".join(ws[-2:]) in COMPANION_WORDS or _is_id_key(key))


def _filled(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool) and value != ""


@rule(
    "LINT-EXAMPLE-VALUE-MISMATCH",
    "Example values that must match differ (a file name and its URL, one id with different companions).",
    applies_to=("examples", "openapi"),
)
def example_value_mismatch(document: LintDocument) -> Iterator[tuple[str, str]]:
    seen: dict[tuple[str, Any], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for example_pointer, value in iter_examples(document):
        objects = list(walk_objects(value, example_pointer))
        for pointer, node in objects:
            yield from _file_vs_url(pointer, node)
        # An id key identifies its object only where no value of it repeats inside this example.
        counts = Counter((k, v) for _p, n in objects for k, v in n.items() if _is_id_key(k) and _filled(v))
        repeated = {k for (k, _v), c in counts.items() if c > 1}
        for pointer, node in objects:
            for key, item in node.items():
                if _is_id_key(key) and _filled(item) and key not in repeated:
                    seen[(key, item)].append((pointer, node))
    for (key, item), places in seen.items():
        first_pointer, first = places[0]
        for pointer, node in places[1:]:
            if len(first.keys() & node.keys()) < _SAME_KIND_KEYS * len(first.keys() | node.keys()):
                continue  # one id value reused for objects of different kinds
            for other, mine in node.items():
                theirs = first.get(other)
                if other == key or not _is_companion(other) or mine == theirs:
                    continue
                # An id known in one place and blank ("") in the other is a mismatch too; a blank name is not.
                both = _filled(mine) and _filled(theirs)
                one_blank = _is_id_key(other) and {mine, theirs} & {""} and (_filled(mine) or _filled(theirs))
                if both or one_blank:
                    yield join(pointer, other), (
                        f"`{key}` {item!r} has `{other}` {mine!r} here but {theirs!r} at {join(first_pointer, other)}"
                    )
