"""Report files as tables, and the reports a relation asks for, fetched once each.

A ``Table`` is a downloaded report file read as CSV: its header (column names, ``columns.column_key``) and its
data rows. What holds whatever the columns are (how many rows, which rows) is read from it directly; figures are
found by the suite's column model (``columns.yaml``, errata YEA-021).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from conformance import timefmt
from conformance.checkapi.model import CheckSkipped
from conformance.checkapi.scenarios import Expectation, Runner
from conformance.vendors.yeastar.checks import REPORT_OP, download
from conformance.vendors.yeastar.columns import csv_table, file_model, number

Key = tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One report file: header (column names) and data rows (the lines after the first, blank ones left out)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, header: Iterable[str], rows: Iterable[Iterable[str]]) -> Table:
        return cls(tuple(header), tuple(tuple(row) for row in rows))

    def __len__(self) -> int:
        return len(self.rows)

    def has(self, *columns: str) -> bool:
        return all(c in self.header for c in columns)

    def cells(self, row: tuple[str, ...], column: str) -> str:
        """The cell of ``row`` under ``column`` ("" when the row is short)."""
        index = self.header.index(column)
        return row[index] if index < len(row) else ""

    def bag(self) -> Counter[tuple[str, ...]]:
        """The rows as a multiset."""
        return Counter(self.rows)

    def values(self, column: str) -> set[str]:
        """The non-blank cells of a column."""
        return {cell.strip() for row in self.rows if (cell := self.cells(row, column)).strip()}

    def sums(self, keys: tuple[str, ...], rows: Iterable[tuple[str, ...]] | None = None,
             columns: Iterable[str] | None = None) -> dict[Key, dict[str, float]]:
        """The additive columns (of the model, or ``columns``) summed per key (the cells under ``keys``)."""
        wanted = [c for c in (file_model().additive if columns is None else columns) if c in self.header]
        found: dict[Key, dict[str, float]] = {}
        for row in self.rows if rows is None else rows:
            acc = found.setdefault(tuple(self.cells(row, k).strip() for k in keys), dict.fromkeys(wanted, 0.0))
            for column in wanted:
                acc[column] += number(self.cells(row, column)) or 0.0
        return found


def sums_differ(left: dict[Key, dict[str, float]], right: dict[Key, dict[str, float]],
                tolerance: float = 0.01) -> dict[str, Any]:
    """Where two per-key sums differ (a key missing on one side counts as zeros), as evidence."""
    differing: dict[str, Any] = {}
    for key in sorted(set(left) | set(right)):
        a, b = left.get(key, {}), right.get(key, {})
        bad = {c: (a.get(c, 0.0), b.get(c, 0.0)) for c in sorted(set(a) | set(b))
               if abs(a.get(c, 0.0) - b.get(c, 0.0)) > tolerance}
        if bad:
            differing["/".join(key) or "(all)"] = bad
    return differing


def add(*parts: dict[Key, dict[str, float]]) -> dict[Key, dict[str, float]]:
    """Per-key sums of several per-key sums."""
    total: dict[Key, dict[str, float]] = {}
    for part in parts:
        for key, figures in part.items():
            acc = total.setdefault(key, {})
            for column, value in figures.items():
                acc[column] = acc.get(column, 0.0) + value
    return total


def instant(text: str, display: timefmt.DisplayFormat, zone: tzinfo) -> datetime | None:
    """A file's instant in the display format or RFC 3339 (the file's notation is not documented, YEA-021)."""
    for parse in (lambda t: timefmt.parse_display_datetime(t, display, zone), timefmt.parse_rfc3339):
        try:
            return parse(text.strip())
        except ValueError:
            continue
    return None


def day_of(text: str, display: timefmt.DisplayFormat, zone: tzinfo) -> date | None:
    moment = instant(text, display, zone)
    return None if moment is None else moment.astimezone(zone).date()


def table_of(got: Any) -> Table | None:
    """The table of a downloaded file (None: nothing downloaded, or not CSV text)."""
    if got is None:
        return None
    try:
        return Table.of(*csv_table(got.exchange))
    except CheckSkipped:
        return None


class Reports:
    """Reports a scenario asks for, each asked (and its file downloaded) once: query -> table or None."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self._seen: dict[tuple[tuple[str, str], ...], Table | None] = {}

    def table(self, query: dict[str, Any], expect: Expectation = "accept") -> Table | None:
        key = tuple(sorted((name, str(value)) for name, value in query.items()))
        if key not in self._seen:
            self._seen[key] = table_of(download(self.runner, self.runner.call(REPORT_OP, query=query,
                                                                               expect=expect)))
        return self._seen[key]
