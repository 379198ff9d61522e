"""Summary figures of a Yeastar report recomputed from the detail report over the same request (issue 10):
the accounting details against the accounting totals, the survey details against the survey summary, the
agents' missed calls against their performance, the callback activity against its summary.

Which rows a summary counts, and what its columns are, the document does not say (errata YEA-021): the pairs and
their formulas are the suite's column model (``columns.yaml`` ``recompute``), and the findings advisories.
"""

from __future__ import annotations

from typing import Any

from conformance.checkapi.registry import declare
from conformance.checkapi.scenarios import Runner, scenario
from conformance.vendors.yeastar.checks import FILE_MODEL, REPORT_OP, SPEC, base_query
from conformance.vendors.yeastar.columns import Recompute, file_model, number
from conformance.vendors.yeastar.relations import week_or_month
from conformance.vendors.yeastar.tables import Reports, Table

COUNT_TOLERANCE = 0.0
SUM_TOLERANCE = 0.01  # per summary figure, plus PER_ROW for each detail row (rounded money and averages)
PER_ROW = 0.0001

declare("YEASTAR-SUMMARY-FROM-DETAILS", "A summary report's figures are what its detail report's rows add up to "
        "(counts, sums, means per object).", spec=SPEC,
        location="downloadCallReport extcallbilling/queuesatisfaction/queueagentperformance/queuecallbackssummary",
        severity="major", kind="invariant", operations=(REPORT_OP,), basis=FILE_MODEL)


def formula_value(formula: str, table: Table, rows: list[tuple[str, ...]]) -> float | None:
    """``count``, ``count COLUMN=VALUE``, ``sum COLUMN`` or ``mean COLUMN`` of ``rows`` (None: not computable)."""
    how, _, what = formula.partition(" ")
    if how == "count" and not what:
        return float(len(rows))
    column, _, value = what.partition("=")
    if column not in table.header:
        return None
    cells = [table.cells(row, column) for row in rows]
    if how == "count":
        model = file_model()
        return float(sum(1 for c in cells if c.strip() == value or model.label(column, c) == value
                         or (number(c) is not None and number(c) == number(value))))
    numbers = [n for c in cells if (n := number(c)) is not None]
    if how == "sum":
        return float(sum(numbers))
    if how == "mean":
        return sum(numbers) / len(numbers) if numbers else None
    raise ValueError(f"unknown formula {formula!r}")


def recompute_problems(pair: Recompute, summary: Table, details: Table) -> list[str] | None:
    """Where the summary's figures differ from its details' (None: the tables lack the key column)."""
    if not summary.has(pair.key) or not details.has(pair.key):
        return None
    by_key: dict[str, list[tuple[str, ...]]] = {}
    for row in details.rows:
        by_key.setdefault(details.cells(row, pair.key).strip(), []).append(row)
    problems = []
    for row in summary.rows:
        key = summary.cells(row, pair.key).strip()
        rows = by_key.get(key, [])
        for column, formula in pair.figures.items():
            shown = number(summary.cells(row, column)) if column in summary.header else None
            expected = formula_value(formula, details, rows)
            if shown is None or expected is None:
                continue
            slack = COUNT_TOLERANCE if formula.startswith("count") else SUM_TOLERANCE + PER_ROW * len(rows)
            if abs(shown - expected) > slack:
                problems.append(f"{pair.key} {key}: {column} {shown:g}, {formula} of its details {expected:g}")
    return problems


@scenario("YEASTAR-SUMMARIES-RECOMPUTED", spec=SPEC, kind="invariants",
          statement="Summary reports against their detail reports over the fixtures' week.",
          checks=("YEASTAR-SUMMARY-FROM-DETAILS",))
def summaries_recomputed(runner: Runner) -> None:
    reports = Reports(runner)
    for pair in file_model().recompute:
        queries = [base_query(runner, kind) for kind in (pair.summary, pair.details)]
        if None in queries:
            continue
        summary, details = (reports.table({**q, **week_or_month(runner, q["type"])}) for q in queries if q)
        if summary is None or details is None:
            continue
        problems = recompute_problems(pair, summary, details)
        if problems is None:
            continue
        evidence: dict[str, Any] = {"summary": pair.summary, "details": pair.details, "problems": problems[:10]}
        runner.record("YEASTAR-SUMMARY-FROM-DETAILS", REPORT_OP,
                      f"{pair.summary} against {pair.details}: {'; '.join(problems[:3])}" if problems else None,
                      key=pair.summary, evidence=evidence)
