"""Yeastar P-Series call report download: envelope invariants, the CSV file, and round-trip scenarios.

Response checks judge every accepted answer: the ready envelope of ``downloadCallReport`` and the CSV of
``downloadReportFile`` (its figures are found by column name, so a file with other columns is skipped).
The scenarios request every report type over the fixtures' window, download the file the answer names,
and compare it with the request; others send async and invalid requests and judge the envelopes.
The CSV layout is not documented (YEA-021): the columns the suite expects are those of the reference
simulator's report model (``queries.yeastar.REPORTS``), written in title case.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, tzinfo
from typing import Any

from conformance import timefmt
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckSkipped
from conformance.checkapi.registry import check, declare
from conformance.checkapi.scenarios import Runner, scenario
from conformance.simulator.queries.yeastar import REPORTS

SPEC = "yeastar-call-report"
REPORT_OP = "downloadCallReport"
FILE_OP = "downloadReportFile"
DOWNLOAD_PREFIX = "/api/download/"
REPORT_WINDOW_END = "end_time"

# Count columns where part <= whole must hold on every row.
PAIRS = (("answered", "total"), ("answered", "calls"), ("answered", "rung"), ("succeeded", "requested"),
         ("inbound_answered", "inbound_calls"), ("outbound_answered", "outbound_calls"), ("missed", "total"))
# whole = sum of parts on every row (queries.yeastar docstring).
PARTITIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("total", ("answered", "no_answer", "busy", "failed")),
    ("total", ("inbound", "outbound", "internal")),
    ("total", ("key_0", "key_1", "key_2", "key_3", "timeout", "hangup")),
    ("total", ("answered", "abandoned", "callback", "exit", "full")),
    ("total", ("answered", "missed")),
    ("requested", ("succeeded", "failed")),
    ("rung", ("answered", "missed")),
    ("surveyed", ("score_1", "score_2", "score_3", "score_4", "score_5")),
)
RATE_COLUMNS = ("answer_rate_pct", "abandon_rate_pct")
# Report type -> the column holding the instant the report selects rows by (must lie in the window).
WINDOW_COLUMNS: dict[str, str] = {
    "extcallbillingdetails": "time", "queuecallbacksactivity": "time", "queuesatisfactiondetail": "time",
    "queueagentlogintime": "login_time", "queueagentpausetime": "pause_time",
}
PERIOD_TYPES = ("extcallactivity", "trunkactivity", "trunkdiddodactivity", "queueavgwaittalktime",
                "queueperformanceactivity")
# Query parameter -> (fixtures key, join all ids into a list?).
ID_SOURCES: dict[str, tuple[str, bool]] = {
    "ext_id_list": ("extension_ids", True), "trunk_id_list": ("trunk_ids", True), "trunk_id": ("trunk_ids", False),
    "ivr_id_list": ("ivr_ids", True), "ring_group_id_list": ("ring_group_ids", True),
    "queue_id_list": ("queue_ids", True), "queue_id": ("queue_ids", False),
}
# Report type -> the id parameters it requires (the spec's variants).
REQUIRED_IDS: dict[str, tuple[str, ...]] = {
    "extcallstatistics": ("ext_id_list",), "extcallactivity": ("ext_id_list",), "trunkactivity": ("trunk_id_list",),
    "trunkdiddodactivity": ("trunk_id",), "ivr": ("ivr_id_list",), "queueavgwaittalktime": ("queue_id_list",),
    "queueperformance": ("queue_id_list",), "queueperformanceactivity": ("queue_id_list",),
    "queuecallbackssummary": ("queue_id_list",), "queuecallbacksactivity": ("queue_id_list",),
    "queuesatisfaction": ("queue_id",), "queuesatisfactiondetail": ("queue_id",), "queueagentlogintime": ("queue_id",),
    "queueagentpausetime": ("queue_id",), "queueagentmisscalls": ("queue_id",), "queueagentperformance": ("queue_id",),
    "queueagentinoutcalls": ("queue_id",), "ringgroupstatistics": ("ring_group_id_list",),
    "extcallbilling": ("trunk_id_list",), "extcallbillingdetails": ("trunk_id_list",),
}


# -- reading answers ------------------------------------------------------------------------------------
def column_key(label: str) -> str:
    """A header label as a column name: ``No Answer`` -> ``no_answer``."""
    return label.strip().lower().replace(" ", "_")


def csv_table(exchange: Exchange) -> tuple[list[str], list[list[str]]]:
    """Header (as column names) and rows of a CSV answer; CheckSkipped when the answer is not CSV."""
    if exchange.media_type != "text/csv":
        raise CheckSkipped("not a CSV answer")
    lines = list(csv.reader(io.StringIO(exchange.content.decode("utf-8-sig"))))
    if not lines:
        return [], []
    return [column_key(c) for c in lines[0]], [line for line in lines[1:] if line]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _rows_as_numbers(header: list[str], rows: list[list[str]]) -> list[tuple[int, dict[str, float]]]:
    out = []
    for index, row in enumerate(rows, start=1):
        values = {name: _number(cell) for name, cell in zip(header, row, strict=False)}
        out.append((index, {k: v for k, v in values.items() if v is not None}))
    return out


def envelope_problems(body: Any) -> list[str]:
    """What is wrong with the types of a downloadCallReport envelope (integer errcode, string errmsg)."""
    if not isinstance(body, dict):
        return ["the answer is not a JSON object"]
    problems = []
    code = body.get("errcode")
    if isinstance(code, bool) or not isinstance(code, int):
        problems.append(f"errcode {code!r} is not an integer")
    if not isinstance(body.get("errmsg"), str) or not body.get("errmsg"):
        problems.append(f"errmsg {body.get('errmsg')!r} is not a non-empty string")
    return problems


def file_of_url(url: Any) -> str | None:
    """The file name a download_resource_url points to (its last path segment)."""
    if not isinstance(url, str) or not url.startswith(DOWNLOAD_PREFIX):
        return None
    return url.rsplit("/", 1)[-1] or None


# -- response checks ------------------------------------------------------------------------------------
@check("YEASTAR-READY-ENVELOPE",
       "An accepted report answer is errcode 0 with errmsg SUCCESS, a file name and a download_resource_url.",
       spec=SPEC, location="downloadCallReport 200 ReportReady", severity="critical", operations=(REPORT_OP,))
def ready_envelope(ctx: CheckContext, exchange: Exchange) -> None:
    body = exchange.json()
    problems = envelope_problems(body)
    if not problems:
        if body["errcode"] != 0:
            problems.append(f"errcode {body['errcode']} on an accepted answer")
        if body["errmsg"] != "SUCCESS":
            problems.append(f"errmsg {body['errmsg']!r} instead of SUCCESS")
        for name in ("file", "download_resource_url"):
            if not isinstance(body.get(name), str) or not body[name]:
                problems.append(f"{name} is missing")
    if problems:
        raise CheckFailure("; ".join(problems), key=problems[0].split(" ")[0], evidence={"body": body})


@check("YEASTAR-FILE-MATCHES-URL",
       "A ready answer's file equals the last segment of its download_resource_url (YEA-001).",
       spec=SPEC, location="downloadCallReport 200 ReportReady (errata YEA-001)", severity="major",
       operations=(REPORT_OP,))
def file_matches_url(ctx: CheckContext, exchange: Exchange) -> None:
    body = exchange.json()
    if not isinstance(body, dict) or "file" not in body or "download_resource_url" not in body:
        raise CheckSkipped("no file or no URL")
    named = file_of_url(body["download_resource_url"])
    if named != body["file"]:
        raise CheckFailure(f"file {body['file']!r} but the URL names {named!r}", key="file != url",
                           evidence={"file": body["file"], "download_resource_url": body["download_resource_url"]})


@check("YEASTAR-CSV-SHAPE", "A report file is CSV with a header row of distinct names and rows of its width.",
       spec=SPEC, location="downloadReportFile 200 text/csv (errata YEA-021)", severity="major",
       operations=(FILE_OP,), statuses=(200,))
def csv_shape(ctx: CheckContext, exchange: Exchange) -> None:
    header, rows = csv_table(exchange)
    if not header or any(not name for name in header):
        raise CheckFailure(f"no usable header row: {header!r}", key="header")
    if len(set(header)) != len(header):
        raise CheckFailure(f"repeated column names in {header!r}", key="repeated")
    for index, row in enumerate(rows, start=1):
        if len(row) != len(header):
            raise CheckFailure(f"row {index} has {len(row)} fields, the header {len(header)}", key="width",
                               evidence={"header": header, "row": row})


@check("YEASTAR-CSV-ANSWERED-LE-TOTAL",
       "On every report row, answered (succeeded, missed) counts do not exceed the calls they belong to.",
       spec=SPEC, location="downloadReportFile 200 text/csv", severity="critical", operations=(FILE_OP,),
       statuses=(200,))
def csv_answered_le_total(ctx: CheckContext, exchange: Exchange) -> None:
    header, rows = csv_table(exchange)
    for index, values in _rows_as_numbers(header, rows):
        for part, whole in PAIRS:
            if part in values and whole in values and not 0 <= values[part] <= values[whole]:
                raise CheckFailure(f"row {index}: {part} {values[part]:g} is outside 0..{whole} {values[whole]:g}",
                                   key=f"{part} > {whole}", evidence={"row": rows[index - 1], "header": header})


@check("YEASTAR-CSV-PARTS-ADD-UP",
       "On every report row, the outcome columns add up to the total (answered + no answer + busy + failed, ...).",
       spec=SPEC, location="downloadReportFile 200 text/csv", severity="critical", operations=(FILE_OP,),
       statuses=(200,))
def csv_parts_add_up(ctx: CheckContext, exchange: Exchange) -> None:
    header, rows = csv_table(exchange)
    for index, values in _rows_as_numbers(header, rows):
        for whole, parts in PARTITIONS:
            if whole in values and all(p in values for p in parts) and sum(values[p] for p in parts) != values[whole]:
                shown = " + ".join(f"{p} {values[p]:g}" for p in parts)
                raise CheckFailure(f"row {index}: {shown} != {whole} {values[whole]:g}", key=f"{whole} = {parts}",
                                   evidence={"row": rows[index - 1], "header": header})


@check("YEASTAR-CSV-RATES-IN-RANGE", "Answer and abandon rates of a report row lie in [0, 100] percent.",
       spec=SPEC, location="downloadReportFile 200 text/csv", severity="major", operations=(FILE_OP,),
       statuses=(200,))
def csv_rates_in_range(ctx: CheckContext, exchange: Exchange) -> None:
    header, rows = csv_table(exchange)
    for index, values in _rows_as_numbers(header, rows):
        for name in RATE_COLUMNS:
            if name in values and not 0 <= values[name] <= 100:
                raise CheckFailure(f"row {index}: {name} {values[name]:g} is outside [0, 100]", key=name)


# -- checks the scenarios record ------------------------------------------------------------------------
_SCENARIO_CHECKS = (
    ("YEASTAR-ENVELOPE-TYPES", "Every report answer carries an integer errcode and a non-empty string errmsg.",
     "downloadCallReport 200 CallReportAnswer", "critical", "invariant"),
    ("YEASTAR-DOWNLOAD-SERVES-FILE", "The download_resource_url of a ready report answers its CSV file right away.",
     "downloadReportFile (errata YEA-001, YEA-002, YEA-022)", "critical", "invariant"),
    ("YEASTAR-CSV-COLUMNS", "A report file's header names the columns of its report type (suite model, YEA-021).",
     "downloadReportFile 200 text/csv (errata YEA-021)", "minor", "invariant"),
    ("YEASTAR-CSV-IN-WINDOW", "The instants of a report file lie inside the requested window or period.",
     "downloadCallReport start_time/end_time/time", "major", "invariant"),
    ("YEASTAR-PENDING-SHAPE", "An asynchronous request's errcode 2 answer says PROCESSING and names no file.",
     "downloadCallReport 200 ReportPending (errata YEA-017, YEA-020)", "major", "invariant"),
    ("YEASTAR-REFUSAL-ENVELOPE", "A refused report request carries a non-zero errcode other than 2 and an errmsg.",
     "downloadCallReport ErrorEnvelope (errata YEA-016, YEA-019)", "major", "invariant"),
    ("YEASTAR-REQUIRED-PARAM-REFUSED", "A report request without an id parameter its type requires is refused.",
     "downloadCallReport CallReportQuery variants (errata YEA-005)", "major", "negative"),
    ("YEASTAR-ACTIVITY-ADDS-UP", "A day's hourly activity rows add up to the same day's summary report.",
     "extcallactivity / extcallstatistics; queueperformanceactivity / queueperformance", "major", "metamorphic"),
)
for _id, _statement, _location, _severity, _kind in _SCENARIO_CHECKS:
    declare(_id, _statement, spec=SPEC, location=_location, severity=_severity, kind=_kind,  # type: ignore[arg-type]
            operations=(REPORT_OP,))


# -- scenarios ------------------------------------------------------------------------------------------
def _display(runner: Runner) -> timefmt.DisplayFormat:
    return runner.fixtures.display_format or timefmt.DisplayFormat()


def _ids(runner: Runner, name: str) -> str | None:
    key, many = ID_SOURCES[name]
    values = [str(v) for v in runner.fixtures.ids(key)]
    if not values:
        return None
    return ",".join(values) if many else values[0]


def _day(runner: Runner) -> tuple[datetime, datetime]:
    """The fixtures' window cut to one day (start, end), in the PBX zone."""
    start, end = runner.window(86400)
    zone = runner.zone
    return start.astimezone(zone), end.astimezone(zone)


def report_query(runner: Runner, kind: str, start: datetime, end: datetime) -> dict[str, str] | None:
    """A valid query for ``kind`` from the fixtures (None when they lack an id the type requires)."""
    query = {"type": kind}
    for name in REQUIRED_IDS[kind]:
        value = _ids(runner, name)
        if value is None:
            return None
        query[name] = value
    if kind in PERIOD_TYPES:
        query["time"] = timefmt.format_display_period("hourly", start.date(), _display(runner))
    else:
        query.update(runner.window_fields(REPORT_OP, start, end - timedelta(seconds=1)))
    return query


def _judge_types(runner: Runner, call: Any) -> None:
    problems = envelope_problems(call.json())
    runner.record("YEASTAR-ENVELOPE-TYPES", REPORT_OP, "; ".join(problems) or None, call=call,
                  key=problems[0] if problems else None)


def _in_window(runner: Runner, kind: str, header: list[str], rows: list[list[str]], bounds: tuple[datetime, datetime],
               zone: tzinfo) -> str | None:
    column = "time" if kind in PERIOD_TYPES else WINDOW_COLUMNS.get(kind)
    if column is None or column not in header:
        return None
    index, (low, high) = header.index(column), bounds
    for number, row in enumerate(rows, start=1):
        try:
            moment = timefmt.parse_display_datetime(row[index], _display(runner), zone)
        except (ValueError, IndexError):
            continue  # the file's date notation is not documented (YEA-021): only judge what parses
        if not low <= moment < high:
            return f"row {number}: {column} {row[index]} is outside {low.isoformat()} .. {high.isoformat()}"
    return None


def download(runner: Runner, call: Any) -> Any:
    """Download the file a ready answer names through its download_resource_url (None: nothing to fetch)."""
    body = call.json()
    name = file_of_url(body.get("download_resource_url")) if call.accepted and isinstance(body, dict) else None
    if name is None:
        return None
    got = runner.call(FILE_OP, path={"file": name})
    ok = got.accepted and got.exchange.status == 200 and got.exchange.media_type == "text/csv"
    runner.record("YEASTAR-DOWNLOAD-SERVES-FILE", FILE_OP,
                  None if ok else f"{DOWNLOAD_PREFIX}{name} answered {got.exchange.status} "
                  f"{got.exchange.media_type} ({got.outcome})", call=got, key=f"download {got.exchange.status}")
    return got if ok else None


@scenario("YEASTAR-REPORT-ROUNDTRIP", spec=SPEC, kind="invariants",
          statement="Every report type over the fixtures' day: ready envelope, download, columns, instants in range.",
          checks=("YEASTAR-ENVELOPE-TYPES", "YEASTAR-DOWNLOAD-SERVES-FILE", "YEASTAR-CSV-COLUMNS",
                  "YEASTAR-CSV-IN-WINDOW"))
def report_roundtrip(runner: Runner) -> None:
    start, end = _day(runner)
    zone = runner.zone
    for kind in REQUIRED_IDS:
        query = report_query(runner, kind, start, end)
        if query is None:
            continue
        call = runner.call(REPORT_OP, query=query)
        _judge_types(runner, call)
        got = download(runner, call)
        if got is None:
            continue
        header, rows = csv_table(got.exchange)
        expected = list(REPORTS[kind].columns)
        runner.record("YEASTAR-CSV-COLUMNS", FILE_OP, None if header == expected else
                      f"{kind}: columns {header} instead of {expected}", call=got, key=kind)
        problem = _in_window(runner, kind, header, rows, (start, end), zone)
        runner.record("YEASTAR-CSV-IN-WINDOW", REPORT_OP, problem and f"{kind}: {problem}", call=got, key=kind)


@scenario("YEASTAR-ASYNC-AND-REFUSALS", spec=SPEC, kind="invariants",
          statement="is_async=1 answers the pending envelope; invalid requests get the refusal envelope.",
          checks=("YEASTAR-ENVELOPE-TYPES", "YEASTAR-PENDING-SHAPE", "YEASTAR-REFUSAL-ENVELOPE",
                  "YEASTAR-REQUIRED-PARAM-REFUSED"))
def async_and_refusals(runner: Runner) -> None:
    start, end = _day(runner)
    query = report_query(runner, "queuesatisfaction", start, end)
    if query is None:
        return
    pending = runner.call(REPORT_OP, query={**query, "is_async": 1})
    _judge_types(runner, pending)
    body = pending.json()
    if isinstance(body, dict) and body.get("errcode") == 2:
        wrong = [f"{k}={body[k]!r}" for k in ("file", "download_resource_url") if k in body]
        if body.get("errmsg") != "PROCESSING":
            wrong.insert(0, f"errmsg={body.get('errmsg')!r}")
        runner.record("YEASTAR-PENDING-SHAPE", REPORT_OP, "; ".join(wrong) or None, call=pending, key="pending")
    # (check that needs the refusal besides the envelope, invalid query)
    invalid: list[tuple[str | None, dict[str, Any]]] = [
        ("YEASTAR-REQUIRED-PARAM-REFUSED", {k: v for k, v in query.items() if k != "queue_id"}),
        (None, {**query, "type": "nosuchreport"}),
    ]
    period_query = report_query(runner, "extcallactivity", start, end)
    if period_query is not None:  # 30 February in the display order: no such day
        bad_day = timefmt.format_date_fields(_display(runner).date_order, 2025, 2, 30)
        invalid.append((None, {**period_query, "time": bad_day}))
    for check_id, bad in invalid:
        call = runner.call(REPORT_OP, query=bad, expect="reject")
        refused = call.outcome in ("rejected", "unauthenticated")
        if check_id is not None:
            runner.record(check_id, REPORT_OP, None if refused else f"answered {call.exchange.status} "
                          f"({call.outcome}) to {bad}", call=call, key=check_id)
        if refused:
            _judge_refusal(runner, call)


def _judge_refusal(runner: Runner, call: Any) -> None:
    body = call.json()
    problems = envelope_problems(body)
    if not problems and body["errcode"] in (0, 2):
        problems.append(f"errcode {body['errcode']} on a refusal")
    runner.record("YEASTAR-REFUSAL-ENVELOPE", REPORT_OP, "; ".join(problems) or None, call=call,
                  key=problems[0] if problems else None)


# Summary type, activity type, the column naming the object, the counts the two must agree on.
ACTIVITY_PAIRS = (
    ("extcallstatistics", "extcallactivity", "extension",
     ("answered", "no_answer", "busy", "failed", "total", "talk_sec")),
    ("queueperformance", "queueperformanceactivity", "queue",
     ("total", "answered", "abandoned", "callback", "exit", "full", "total_talk_sec")),
)


def _sums(header: list[str], rows: list[list[str]], key: str, columns: tuple[str, ...]) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for row in rows:
        values = dict(zip(header, row, strict=False))
        acc = found.setdefault(values.get(key, ""), [0.0] * len(columns))
        for i, name in enumerate(columns):
            acc[i] += _number(values.get(name, "")) or 0.0
    return found


def _table(runner: Runner, query: dict[str, str]) -> tuple[list[str], list[list[str]]] | None:
    got = download(runner, runner.call(REPORT_OP, query=query))
    return csv_table(got.exchange) if got is not None else None


@scenario("YEASTAR-ACTIVITY-SUMS", spec=SPEC, kind="metamorphic",
          statement="Hourly activity of the fixtures' day adds up to the summary report of that day.",
          checks=("YEASTAR-ACTIVITY-ADDS-UP",))
def activity_sums(runner: Runner) -> None:
    start, end = _day(runner)
    for summary_kind, activity_kind, key, columns in ACTIVITY_PAIRS:
        summary_query, activity_query = (report_query(runner, k, start, end) for k in (summary_kind, activity_kind))
        if summary_query is None or activity_query is None:
            continue
        activity_table, summary_table = _table(runner, activity_query), _table(runner, summary_query)
        if activity_table is None or summary_table is None:
            continue
        if key not in activity_table[0] or key not in summary_table[0]:
            continue  # a layout without the object column (YEA-021)
        activity, summary = _sums(*activity_table, key, columns), _sums(*summary_table, key, columns)
        differing = _differing(summary, activity)
        if differing:  # an end_time read as exclusive (YEA-031): end the day at the next midnight instead
            midnight = runner.window_fields(REPORT_OP, start, end)[REPORT_WINDOW_END]
            retry = _table(runner, {**summary_query, REPORT_WINDOW_END: midnight})
            if retry is not None and not _differing(_sums(*retry, key, columns), activity):
                differing = {}
        runner.record("YEASTAR-ACTIVITY-ADDS-UP", REPORT_OP,
                      None if not differing else f"{activity_kind} hours vs {summary_kind} {columns}: {differing}",
                      key=summary_kind, evidence={"differing": differing})


def _differing(summary: dict[str, list[float]], activity: dict[str, list[float]]) -> dict[str, Any]:
    return {k: {"summary": v, "activity": activity.get(k)} for k, v in summary.items() if activity.get(k) != v}
