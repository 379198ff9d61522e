"""The latitude catalogue: valid data, honest citations, deterministic draws, and every entry really changes
what the simulator answers (its demo request is answered differently than by the default simulator)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from conformance.errors import UsageError
from conformance.simulator import latitude
from conformance.simulator.latitude import LatitudeEntry
from conformance.specs import SPEC_NAMES
from tests.simulator.demos import answers, simulator

ENTRIES = list(latitude.catalogue().values())
SHARED = Path(__file__).resolve().parents[3] / "shared"


def _source(name: str) -> Path:
    return SHARED / name if name == "VENDOR-NOTES.md" else SHARED / "seeds" / name


def test_every_entry_names_a_spec_and_a_vendor_document() -> None:
    assert ENTRIES
    assert {e.spec for e in ENTRIES} <= set(SPEC_NAMES)
    known = {"000_df9fe1ff85dde75a.txt", "001_0fbd13d622be2b55.txt", "002_18060581a31442f6.txt",
             "003_496d5ad08cbdae2e.txt", "004_1ac1d55fc75d03e1.txt", "VENDOR-NOTES.md"}
    assert {e.leaves_open["source"] for e in ENTRIES} <= known


@pytest.mark.seeds
@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_the_cited_words_stand_where_the_entry_says(entry: LatitudeEntry) -> None:
    path = _source(entry.leaves_open["source"])
    if not path.is_file():
        pytest.skip(f"vendor documents not available ({path})")
    text = path.read_text(encoding="utf-8")
    words = " ".join(entry.leaves_open["words"].split()).lower()
    if "line" in entry.leaves_open:
        lines = text.splitlines()
        number = entry.leaves_open["line"]
        around = " ".join(" ".join(lines[max(0, number - 2):number + 1]).split()).lower()
        assert words in around, f"{entry.id}: {words!r} is not at line {number}"
    else:
        assert words in " ".join(text.split()).lower(), f"{entry.id}: {words!r} is not in the document"


def test_draws_are_reproducible_and_take_at_most_one_entry_per_choice() -> None:
    for spec in SPEC_NAMES:
        for seed in range(20):
            drawn = latitude.draw(spec, seed)
            assert drawn == latitude.draw(spec, seed)
            choices = Counter(latitude.get_entry(e).choice for e in drawn)
            assert all(n == 1 for n in choices.values())
    every = {e for spec in SPEC_NAMES for seed in range(200) for e in latitude.draw(spec, seed)}
    assert every == {e.id for e in ENTRIES}, "some entry is never drawn"


def test_two_alternatives_of_one_choice_are_refused() -> None:
    by_choice: dict[tuple[str, str], list[str]] = {}
    for entry in ENTRIES:
        by_choice.setdefault((entry.spec, entry.choice), []).append(entry.id)
    pairs = [(spec, ids) for (spec, _), ids in by_choice.items() if len(ids) > 1]
    if not pairs:
        pytest.skip("no choice has two alternatives yet")
    spec, ids = pairs[0]
    with pytest.raises(UsageError, match="same choice"):
        latitude.effect_of(tuple(ids[:2]), spec)


def test_unknown_or_foreign_entries_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="unknown latitude entry"):
        latitude.get_entry("no-such-entry")
    entry = ENTRIES[0]
    other = next(s for s in SPEC_NAMES if s != entry.spec)
    with pytest.raises(UsageError, match="belongs to spec"):
        latitude.get_entry(entry.id, other)


def test_ids_say_their_spec() -> None:
    assert all(re.match(re.escape(e.spec) + "-", e.id) for e in ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_demo_request_shows_the_other_reading(entry: LatitudeEntry) -> None:
    default, other = simulator(entry.spec), simulator(entry.spec, latitude=(entry.id,))
    assert answers(other, entry.demo) != answers(default, entry.demo), f"{entry.id}: the demo answers as by default"
