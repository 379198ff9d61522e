"""The suite's own model of the Yeastar report files (``columns.yaml``), and how CSV answers are read.

The vendor document describes no file content (errata YEA-021), so this model is the suite's reading: the
checks that use it report advisories. It is data the checks own; nothing here comes from the simulator.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckSkipped
from conformance.specs import read_yaml

MODEL_PATH = Path(__file__).with_name("columns.yaml")


@dataclass(frozen=True)
class ReportColumns:
    """One report type's expected columns, the column naming a row's subject and the one holding its instant."""

    columns: tuple[str, ...]
    object: str | None = None
    window: str | None = None


@dataclass(frozen=True)
class ActivityPair:
    """A summary report and the activity report whose hourly rows add up to it."""

    summary: str
    activity: str
    object: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Recompute:
    """A summary report whose figures are recomputed from the rows of a detail report, per ``key``: each
    summary column -> ``count``, ``count COLUMN=VALUE``, ``sum COLUMN`` or ``mean COLUMN`` of the detail rows."""

    summary: str
    details: str
    key: str
    figures: dict[str, str]


@dataclass(frozen=True)
class FileModel:
    reports: dict[str, ReportColumns]
    at_most: tuple[tuple[str, str], ...]
    sums: tuple[tuple[str, tuple[str, ...]], ...]
    rates: tuple[str, ...]
    activity: tuple[ActivityPair, ...]
    additive: tuple[str, ...] = ()
    selections: dict[str, dict[str, str]] = field(default_factory=dict)
    labels: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    recompute: tuple[Recompute, ...] = ()

    def label(self, column: str, cell: str) -> str | None:
        """Which named value a cell of a two-valued column holds (``success`` for ``Succeeded``), if any."""
        text = cell.strip().lower()
        for name, prefixes in self.labels.get(column, {}).items():
            if any(text.startswith(prefix) for prefix in prefixes):
                return name
        return None


@functools.cache
def file_model() -> FileModel:
    """The model, read once."""
    raw: dict[str, Any] = read_yaml(MODEL_PATH)
    reports = {kind: ReportColumns(tuple(spec["columns"]), spec.get("object"), spec.get("window"))
               for kind, spec in raw["reports"].items()}
    return FileModel(
        reports=reports,
        at_most=tuple((part, whole) for part, whole in raw["at_most"]),
        sums=tuple((entry["whole"], tuple(entry["parts"])) for entry in raw["sums"]),
        rates=tuple(raw["rates"]),
        activity=tuple(ActivityPair(p["summary"], p["activity"], p["object"], tuple(p["columns"]))
                       for p in raw["activity"]),
        additive=tuple(raw.get("additive", ())),
        selections={kind: dict(params) for kind, params in (raw.get("selections") or {}).items()},
        labels={column: {name: tuple(prefixes) for name, prefixes in values.items()}
                for column, values in (raw.get("labels") or {}).items()},
        recompute=tuple(Recompute(r["summary"], r["details"], r["key"], dict(r["figures"]))
                        for r in raw.get("recompute", ())),
    )


def column_key(label: str) -> str:
    """A header label as a column name: ``No Answer`` -> ``no_answer``."""
    return "_".join(label.strip().lower().split())


def is_error_envelope(exchange: Exchange) -> bool:
    """A JSON answer on the download path: the PBX's envelope, not a report file."""
    return exchange.media_type.endswith("json")


def csv_table(exchange: Exchange) -> tuple[list[str], list[list[str]]]:
    """Header (as column names) and rows of a file answer; CheckSkipped when it is a JSON envelope or not text.

    The file's media type is not documented (YEA-021): any non-JSON answer is read as CSV text.
    """
    if is_error_envelope(exchange):
        raise CheckSkipped("a JSON answer, not a report file")
    try:
        text = exchange.content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CheckSkipped("the file is not UTF-8 text (its encoding is not documented)") from None
    lines = list(csv.reader(io.StringIO(text)))
    if not lines:
        return [], []
    return [column_key(c) for c in lines[0]], [line for line in lines[1:] if line]


def number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def rows_as_numbers(header: list[str], rows: list[list[str]]) -> list[tuple[int, dict[str, float]]]:
    """(1-based row number, the row's numeric cells by column name)."""
    out = []
    for index, row in enumerate(rows, start=1):
        values = {name: number(cell) for name, cell in zip(header, row, strict=False)}
        out.append((index, {k: v for k, v in values.items() if v is not None}))
    return out
