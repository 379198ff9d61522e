"""Yeastar P-Series call report download: the answer envelope, the report file, and round-trip scenarios.

What the vendor document states (002 seed, lines cited on each check) fails a target: the envelope's types,
a ready answer's file and URL, the URL serving the file, PROCESSING for an asynchronous request, a refusal
carrying a non-zero errcode, and the refusal of a request without an id its report type requires. The file's
content is not documented at all (errata YEA-021): checks that find figures by column name rest on the
suite's own model (``columns.yaml``) and report advisories. What each request parameter does to the report is
proven in ``relations`` (window, period, ids), ``filters`` (thresholds, details, call filters) and
``recompute`` (summaries against detail reports); the round trip here proves ``type`` and the download's ``file``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any
from urllib.parse import urlsplit

from conformance import timefmt
from conformance.checkapi.basis import YEASTAR, Basis, cite, suite, vendor
from conformance.checkapi.exchange import Exchange
from conformance.checkapi.model import CheckContext, CheckFailure, CheckSkipped
from conformance.checkapi.registry import check, declare
from conformance.checkapi.scenarios import Call, Runner, scenario
from conformance.vendors.yeastar.columns import csv_table, file_model, number, rows_as_numbers

SPEC = "yeastar-call-report"
REPORT_OP = "downloadCallReport"
FILE_OP = "downloadReportFile"
DOWNLOAD_DIR = "api/download/"  # the spec's download path; the URL may or may not start with "/" (YEA-002)
REPORT_WINDOW_END = "end_time"
MAX_LIST_IDS = 5

# Report types whose period is the ``time`` parameter (lines 82-87); the others take start_time/end_time.
PERIOD_TYPES = ("extcallactivity", "trunkactivity", "trunkdiddodactivity", "queueavgwaittalktime",
                "queueperformanceactivity")
# Query parameter -> (fixtures key, join all ids into a list?).
ID_SOURCES: dict[str, tuple[str, bool]] = {
    "ext_id_list": ("extension_ids", True), "trunk_id_list": ("trunk_ids", True), "trunk_id": ("trunk_ids", False),
    "ivr_id_list": ("ivr_ids", True), "ring_group_id_list": ("ring_group_ids", True),
    "queue_id_list": ("queue_ids", True), "queue_id": ("queue_ids", False), "agent_id_list": ("agent_ids", True),
}
# Report type -> the id parameters it requires ("Required: Yes" for the types each row is available to).
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
# (report type, required parameter left out, where the document requires it). The two accounting reports'
# trunk_id_list is left out: whether it is required is disputed (errata YEA-007).
OMISSIONS: tuple[tuple[str, str, Basis], ...] = (
    ("queuesatisfaction", "queue_id", vendor(cite(YEASTAR, 138, "Yes String The ID of the desired queue."))),
    ("queueperformance", "queue_id_list", vendor(cite(YEASTAR, 146, "Yes String The ID(s) of the desired queue(s)."))),
    ("extcallstatistics", "ext_id_list",
     vendor(cite(YEASTAR, 105, "This parameter is required when querying"), cite(YEASTAR, 106, "Extension Call"))),
    ("trunkactivity", "trunk_id_list", vendor(cite(YEASTAR, 118, "Yes String The ID(s) of the desired trunk(s)."))),
    ("trunkdiddodactivity", "trunk_id", vendor(cite(YEASTAR, 112, "Yes String The ID of the desired trunk."))),
    ("ivr", "ivr_id_list", vendor(cite(YEASTAR, 122, "Yes String The ID(s) of the desired IVR(s)."))),
    ("ringgroupstatistics", "ring_group_id_list",
     vendor(cite(YEASTAR, 126, "Yes String The ID(s) of the desired ring group(s)."))),
    ("extcallactivity", "time",
     vendor(cite(YEASTAR, 82, "time This parameter is available"), cite(YEASTAR, 88, "Yes String"))),
)

# -- bases ------------------------------------------------------------------------------------------------
ENVELOPE_TYPES = vendor(cite(YEASTAR, 217, "errcode Integer Returned error code."),
                        cite(YEASTAR, 223, "errmsg String Returned message."))
READY = vendor(cite(YEASTAR, 218, "0: Succeed."), cite(YEASTAR, 224, "SUCCESS: Succeed."),
               cite(YEASTAR, 226, "file String The call report file."),
               cite(YEASTAR, 227, "download_resource_url String The call report download URL."))
DOWNLOAD = vendor(cite(YEASTAR, 228, "The download URL is only valid for 30 minutes."),
                  cite(YEASTAR, 252, "combine it with the {base_url} to compose a download request"))
PENDING = vendor(cite(YEASTAR, 222, "error code 2 and error message PROCESSING will be returned"))
REFUSAL = vendor(cite(YEASTAR, 219, "Non-zero value: Failed."), cite(YEASTAR, 223, "errmsg String Returned message."))
REQUIRED = vendor(*(c for _, _, basis in OMISSIONS for c in basis.citations))
FILE_MODEL = suite("the document describes no file content (YEA-021): the columns and what they hold are the "
                   "suite's model (conformance/vendors/yeastar/columns.yaml)")


# -- reading answers ------------------------------------------------------------------------------------
def envelope_problems(body: Any) -> list[str]:
    """What is wrong with the types of a downloadCallReport envelope (integer errcode, string errmsg)."""
    if not isinstance(body, dict):
        return ["the answer is not a JSON object"]
    problems = []
    code = body.get("errcode")
    if isinstance(code, bool) or not isinstance(code, int):
        problems.append(f"errcode {code!r} is not an integer")
    if not isinstance(body.get("errmsg"), str):
        problems.append(f"errmsg {body.get('errmsg')!r} is not a string")
    return problems


def file_of_url(url: Any) -> str | None:
    """The file a download_resource_url names under ``/api/download/`` (with or without the leading slash)."""
    if not isinstance(url, str):
        return None
    path = urlsplit(url).path.lstrip("/")
    if not path.startswith(DOWNLOAD_DIR):
        return None
    name = path[len(DOWNLOAD_DIR):]
    return name if name and "/" not in name else None


# -- response checks ------------------------------------------------------------------------------------
@check("YEASTAR-READY-ENVELOPE",
       "An accepted report answer is errcode 0 with errmsg SUCCESS, a file name and a download_resource_url.",
       spec=SPEC, location="downloadCallReport 200 ReportReady", severity="critical", operations=(REPORT_OP,),
       basis=READY)
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
       operations=(REPORT_OP,),
       basis=suite("the document never ties the URL's last segment to the file name, and its own example differs "
                   "in case (YEA-001)"))
def file_matches_url(ctx: CheckContext, exchange: Exchange) -> None:
    body = exchange.json()
    if not isinstance(body, dict) or "file" not in body or "download_resource_url" not in body:
        raise CheckSkipped("no file or no URL")
    named = file_of_url(body["download_resource_url"])
    if named != body["file"]:
        raise CheckFailure(f"file {body['file']!r} but the URL names {named!r}", key="file != url",
                           evidence={"file": body["file"], "download_resource_url": body["download_resource_url"]})


@check("YEASTAR-CSV-SHAPE", "A report file is CSV with a header row of distinct names and rows of its width.",
       spec=SPEC, location="downloadReportFile 200 (errata YEA-021)", severity="major",
       operations=(FILE_OP,), statuses=(200,),
       basis=suite("the document describes no file content (YEA-021); RFC 4180 makes a header row optional and "
                   "equal widths a 'should'"))
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
       spec=SPEC, location="downloadReportFile 200 (suite column model, YEA-021)", severity="critical",
       operations=(FILE_OP,), statuses=(200,), basis=FILE_MODEL)
def csv_answered_le_total(ctx: CheckContext, exchange: Exchange) -> None:
    header, rows = csv_table(exchange)
    for index, values in rows_as_numbers(header, rows):
        for part, whole in file_model().at_most:
            if part in values and whole in values and not 0 <= values[part] <= values[whole]:
                raise CheckFailure(f"row {index}: {part} {values[part]:g} is outside 0..{whole} {values[whole]:g}",
                                   key=f"{part} > {whole}", evidence={"row": rows[index - 1], "header": header})


@check("YEASTAR-CSV-PARTS-ADD-UP",
       "On every report row, the outcome columns add up to the total (answered + no answer + busy + failed, ...).",
       spec=SPEC, location="downloadReportFile 200 (suite column model, YEA-021)", severity="critical",
       operations=(FILE_OP,), statuses=(200,), basis=FILE_MODEL)
def csv_parts_add_up(ctx: CheckContext, exchange: Exchange) -> None:
    header, rows = csv_table(exchange)
    for index, values in rows_as_numbers(header, rows):
        for whole, parts in file_model().sums:
            if whole in values and all(p in values for p in parts) and sum(values[p] for p in parts) != values[whole]:
                shown = " + ".join(f"{p} {values[p]:g}" for p in parts)
                raise CheckFailure(f"row {index}: {shown} != {whole} {values[whole]:g}", key=f"{whole} = {parts}",
                                   evidence={"row": rows[index - 1], "header": header})


@check("YEASTAR-CSV-RATES-IN-RANGE", "Answer and abandon rates of a report row lie in [0, 100] percent.",
       spec=SPEC, location="downloadReportFile 200 (suite column model, YEA-021)", severity="major",
       operations=(FILE_OP,), statuses=(200,), basis=FILE_MODEL)
def csv_rates_in_range(ctx: CheckContext, exchange: Exchange) -> None:
    header, rows = csv_table(exchange)
    for index, values in rows_as_numbers(header, rows):
        for name in file_model().rates:
            if name in values and not 0 <= values[name] <= 100:
                raise CheckFailure(f"row {index}: {name} {values[name]:g} is outside [0, 100]", key=name)


# -- checks the scenarios record ------------------------------------------------------------------------
_SCENARIO_CHECKS: tuple[tuple[str, str, str, str, str, str, Basis], ...] = (
    ("YEASTAR-ENVELOPE-TYPES", "Every report answer carries an integer errcode and a string errmsg.",
     "downloadCallReport 200 CallReportAnswer", "critical", "invariant", REPORT_OP, ENVELOPE_TYPES),
    ("YEASTAR-DOWNLOAD-SERVES-FILE", "The download_resource_url of a ready report serves its file right away.",
     "downloadReportFile (errata YEA-001, YEA-002, YEA-022)", "critical", "invariant", FILE_OP, DOWNLOAD),
    ("YEASTAR-CSV-COLUMNS", "A report file's header names the columns of its report type (suite model, YEA-021).",
     "downloadReportFile 200 (errata YEA-021)", "minor", "invariant", FILE_OP, FILE_MODEL),
    ("YEASTAR-CSV-IN-WINDOW", "The instants of a report file lie inside the requested window or period.",
     "downloadCallReport start_time/end_time/time (suite column model, YEA-021)", "major", "invariant", REPORT_OP,
     FILE_MODEL),
    ("YEASTAR-PENDING-SHAPE", "An is_async=1 request is answered errcode 2 with errmsg PROCESSING (a file name "
     "beside it is allowed).", "downloadCallReport 200 ReportPending (errata YEA-017, YEA-020)", "major",
     "invariant", REPORT_OP, PENDING),
    ("YEASTAR-REFUSAL-ENVELOPE", "A refused report request carries a non-zero errcode other than 2 and an errmsg.",
     "downloadCallReport ErrorEnvelope (errata YEA-016, YEA-019)", "major", "invariant", REPORT_OP, REFUSAL),
    ("YEASTAR-REQUIRED-PARAM-REFUSED", "A report request without a parameter its type requires is refused.",
     "downloadCallReport CallReportQuery variants (errata YEA-005)", "major", "negative", REPORT_OP, REQUIRED),
    ("YEASTAR-ACTIVITY-ADDS-UP", "A day's hourly activity rows add up to the same day's summary report.",
     "extcallactivity / extcallstatistics; queueperformanceactivity / queueperformance (suite column model)",
     "major", "metamorphic", REPORT_OP, FILE_MODEL),
)
# Check -> the request parameters whose effect on the data it proves (the coverage table).
_COVERS = {"YEASTAR-ACTIVITY-ADDS-UP": ("time", "start_time", "end_time")}
for _id, _statement, _location, _severity, _kind, _op, _basis in _SCENARIO_CHECKS:
    declare(_id, _statement, spec=SPEC, location=_location, severity=_severity, kind=_kind,  # type: ignore[arg-type]
            operations=(_op,), basis=_basis, covers=_COVERS.get(_id, ()))
declare("YEASTAR-TYPES-DISTINCT", "Two report types never give the same file (both with rows): type selects the "
        "report.", spec=SPEC, location="downloadCallReport type", severity="major", kind="invariant",
        operations=(REPORT_OP,), covers=("type",),
        basis=vendor(cite(YEASTAR, 14, "Call report type."), cite(YEASTAR, 16, "Extension Call Statistics report."),
                     cite(YEASTAR, 26, "queuesatisfaction: Satisfaction Survey report.")))
declare("YEASTAR-DOWNLOAD-NAMES-FILE", "A report's download URL keeps serving that report's file when other reports "
        "were built since.", spec=SPEC, location="downloadReportFile file", severity="major", kind="invariant",
        operations=(FILE_OP,), covers=("file",),
        basis=vendor(cite(YEASTAR, 227, "download_resource_url String The call report download URL."),
                     cite(YEASTAR, 228, "The download URL is only valid for 30 minutes.")))


# -- scenarios ------------------------------------------------------------------------------------------
def _display(runner: Runner) -> timefmt.DisplayFormat:
    return runner.fixtures.display_format or timefmt.DisplayFormat()


def _ids(runner: Runner, name: str) -> str | None:
    """The fixtures' ids for a query parameter: one, or a short list (no document bounds a list's length, and
    a PBX may refuse a long one with 60002 MAX LIMITATION EXCEEDED)."""
    key, many = ID_SOURCES[name]
    values = [str(v) for v in runner.fixtures.ids(key)]
    if not values:
        return None
    return ",".join(values[:MAX_LIST_IDS]) if many else values[0]


def _day(runner: Runner) -> tuple[datetime, datetime]:
    """The fixtures' window cut to one day (start, end), in the PBX zone."""
    start, end = runner.window(86400)
    zone = runner.zone
    return start.astimezone(zone), end.astimezone(zone)


def base_query(runner: Runner, kind: str) -> dict[str, str] | None:
    """The type and the ids it requires, from the fixtures (None when they lack one); no period or window."""
    query = {"type": kind}
    for name in REQUIRED_IDS[kind]:
        value = _ids(runner, name)
        if value is None:
            return None
        query[name] = value
    return query


def report_query(runner: Runner, kind: str, start: datetime, end: datetime) -> dict[str, str] | None:
    """A valid query for ``kind`` from the fixtures (None when they lack an id the type requires)."""
    query = base_query(runner, kind)
    if query is None:
        return None
    if kind in PERIOD_TYPES:
        query["time"] = timefmt.format_display_period("hourly", start.date(), _display(runner))
    else:
        query.update(runner.window_fields(REPORT_OP, start, end - timedelta(seconds=1)))
    return query


def _judge_types(runner: Runner, call: Call) -> None:
    if call.exchange.status is None or not 200 <= call.exchange.status < 300:
        return  # a refusal with a 4XX status: judged by YEASTAR-REFUSAL-ENVELOPE where a scenario expects one
    problems = envelope_problems(call.json())
    runner.record("YEASTAR-ENVELOPE-TYPES", REPORT_OP, "; ".join(problems) or None, call=call,
                  key=problems[0] if problems else None)


def _in_window(runner: Runner, kind: str, header: list[str], rows: list[list[str]], bounds: tuple[datetime, datetime],
               zone: tzinfo) -> str | None:
    column = file_model().reports[kind].window
    if column is None or column not in header:
        return None
    index, (low, high) = header.index(column), bounds
    for number_, row in enumerate(rows, start=1):
        try:
            moment = timefmt.parse_display_datetime(row[index], _display(runner), zone)
        except (ValueError, IndexError):
            continue  # unset ("", 0) or a notation the suite does not read (YEA-021): only judge what parses
        if not low <= moment < high:
            return f"row {number_}: {column} {row[index]} is outside {low.isoformat()} .. {high.isoformat()}"
    return None


def download(runner: Runner, call: Call) -> Call | None:
    """Download the file a ready answer names through its download_resource_url (None: nothing to fetch)."""
    body = call.json()
    name = file_of_url(body.get("download_resource_url")) if call.accepted and isinstance(body, dict) else None
    if name is None:
        return None
    got = runner.call(FILE_OP, path={"file": name})
    runner.record("YEASTAR-DOWNLOAD-SERVES-FILE", FILE_OP,
                  None if got.accepted else f"/{DOWNLOAD_DIR}{name} answered {got.exchange.status} "
                  f"{got.exchange.media_type} ({got.outcome})", call=got, key=f"download {got.exchange.status}")
    return got if got.accepted else None


def _table(got: Call) -> tuple[list[str], list[list[str]]] | None:
    try:
        return csv_table(got.exchange)
    except CheckSkipped:
        return None


@scenario("YEASTAR-REPORT-ROUNDTRIP", spec=SPEC, kind="invariants",
          statement="Every report type over the fixtures' day: ready envelope, download, columns, instants in range, "
                    "a file of its own; the first file downloaded again.",
          checks=("YEASTAR-ENVELOPE-TYPES", "YEASTAR-DOWNLOAD-SERVES-FILE", "YEASTAR-CSV-COLUMNS",
                  "YEASTAR-CSV-IN-WINDOW", "YEASTAR-TYPES-DISTINCT", "YEASTAR-DOWNLOAD-NAMES-FILE"))
def report_roundtrip(runner: Runner) -> None:
    start, end = _day(runner)
    zone = runner.zone
    files: dict[str, tuple[str, bytes, int]] = {}  # type -> (file name, content, data rows)
    for kind in REQUIRED_IDS:
        query = report_query(runner, kind, start, end)
        if query is None:
            continue
        call = runner.call(REPORT_OP, query=query)
        _judge_types(runner, call)
        got = download(runner, call)
        table = _table(got) if got is not None else None
        if got is None or table is None:
            continue
        header, rows = table
        files[kind] = (file_of_url(call.json().get("download_resource_url")) or "", got.exchange.content, len(rows))
        expected = list(file_model().reports[kind].columns)
        runner.record("YEASTAR-CSV-COLUMNS", FILE_OP, None if header == expected else
                      f"{kind}: columns {header} instead of {expected}", call=got, key=kind)
        problem = _in_window(runner, kind, header, rows, (start, end), zone)
        runner.record("YEASTAR-CSV-IN-WINDOW", REPORT_OP, problem and f"{kind}: {problem}", call=got, key=kind)
    if len(files) > 1:
        same = same_files(files)
        runner.record("YEASTAR-TYPES-DISTINCT", REPORT_OP, None if not same else
                      f"report types {', '.join(same)} gave the same file, rows and all", key="types")
        _download_again(runner, files)


def same_files(files: dict[str, tuple[str, bytes, int]]) -> list[str]:
    """The report types whose file (with data rows) is byte for byte another type's."""
    by_content: dict[bytes, list[str]] = {}
    for kind, (_, content, rows) in files.items():
        if rows:
            by_content.setdefault(content, []).append(kind)
    return [kind for kinds in by_content.values() if len(kinds) > 1 for kind in kinds]


def _download_again(runner: Runner, files: dict[str, tuple[str, bytes, int]]) -> None:
    """The first file again, after every other report was built: still that report's file."""
    kind, (name, content, _) = next(iter(files.items()))
    again = runner.call(FILE_OP, path={"file": name}, expect="any")
    if not again.accepted:
        problem = f"{name} ({kind}) answered {again.exchange.status} ({again.outcome}) the second time, within its " \
                  "30 minutes"
    elif again.exchange.content != content:
        problem = f"{name} ({kind}) served other content the second time, after other reports were built"
    else:
        problem = None
    runner.record("YEASTAR-DOWNLOAD-NAMES-FILE", FILE_OP, problem, call=again, key="again")


@scenario("YEASTAR-ASYNC-AND-REFUSALS", spec=SPEC, kind="invariants",
          statement="is_async=1 answers PROCESSING; requests without a required parameter, and invalid ones, get "
                    "the refusal envelope.",
          checks=("YEASTAR-ENVELOPE-TYPES", "YEASTAR-PENDING-SHAPE", "YEASTAR-REFUSAL-ENVELOPE",
                  "YEASTAR-REQUIRED-PARAM-REFUSED"))
def async_and_refusals(runner: Runner) -> None:
    start, end = _day(runner)
    query = report_query(runner, "queuesatisfaction", start, end)
    if query is not None:
        _judge_pending(runner, runner.call(REPORT_OP, query={**query, "is_async": 1}))
    for kind, name, basis in OMISSIONS:
        full = report_query(runner, kind, start, end)
        if full is None:
            continue
        bad = {k: v for k, v in full.items() if k != name}
        call = runner.call(REPORT_OP, query=bad, expect="any")
        refused = call.outcome in ("rejected", "unauthenticated")
        runner.record("YEASTAR-REQUIRED-PARAM-REFUSED", REPORT_OP, None if refused else
                      f"{kind} without {name}: answered {call.exchange.status} ({call.outcome})", call=call,
                      key=f"{kind} without {name}", basis=basis)
        if refused:
            _judge_refusal(runner, call)
    # Invalid values no document names a refusal for: a refusal is the suite's reading (the schema phase's
    # advisory), but a refusal that comes must carry the documented envelope.
    invalid = [{**query, "type": "nosuchreport"}] if query is not None else []
    period_query = report_query(runner, "extcallactivity", start, end)
    if period_query is not None:  # 30 February in the display order: no such day
        invalid.append({**period_query, "time": timefmt.format_date_fields(_display(runner).date_order, 2025, 2, 30)})
    for bad in invalid:
        call = runner.call(REPORT_OP, query=bad, expect="reject")
        if call.outcome in ("rejected", "unauthenticated"):
            _judge_refusal(runner, call)


def _judge_pending(runner: Runner, call: Call) -> None:
    _judge_types(runner, call)
    body = call.json()
    if call.outcome == "pending":
        wrong = None if body.get("errmsg") == "PROCESSING" else f"errmsg {body.get('errmsg')!r} instead of PROCESSING"
        runner.record("YEASTAR-PENDING-SHAPE", REPORT_OP, wrong, call=call, key="errmsg")
    elif call.outcome == "accepted":
        code = body.get("errcode") if isinstance(body, dict) else None
        runner.record("YEASTAR-PENDING-SHAPE", REPORT_OP,
                      f"is_async=1 answered errcode {code!r} instead of 2 (PROCESSING)", call=call, key="not pending")


def _judge_refusal(runner: Runner, call: Call) -> None:
    body = call.json()
    problems = envelope_problems(body)
    if not problems and body["errcode"] in (0, 2):
        problems.append(f"errcode {body['errcode']} on a refusal")
    runner.record("YEASTAR-REFUSAL-ENVELOPE", REPORT_OP, "; ".join(problems) or None, call=call,
                  key=problems[0] if problems else None)


def _sums(header: list[str], rows: list[list[str]], key: str, columns: tuple[str, ...]) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for row in rows:
        values = dict(zip(header, row, strict=False))
        acc = found.setdefault(values.get(key, ""), [0.0] * len(columns))
        for i, name in enumerate(columns):
            acc[i] += number(values.get(name, "")) or 0.0
    return found


def _report_table(runner: Runner, query: dict[str, str]) -> tuple[list[str], list[list[str]]] | None:
    got = download(runner, runner.call(REPORT_OP, query=query))
    return _table(got) if got is not None else None


@scenario("YEASTAR-ACTIVITY-SUMS", spec=SPEC, kind="metamorphic",
          statement="Hourly activity of the fixtures' day adds up to the summary report of that day.",
          checks=("YEASTAR-ACTIVITY-ADDS-UP",))
def activity_sums(runner: Runner) -> None:
    start, end = _day(runner)
    for pair in file_model().activity:
        key, columns = pair.object, pair.columns
        summary_query, activity_query = (report_query(runner, k, start, end) for k in (pair.summary, pair.activity))
        if summary_query is None or activity_query is None:
            continue
        activity_table, summary_table = _report_table(runner, activity_query), _report_table(runner, summary_query)
        if activity_table is None or summary_table is None:
            continue
        if not all(name in table[0] for table in (activity_table, summary_table) for name in (key, *columns)):
            continue  # a layout without the model's columns (YEA-021): nothing to compare
        activity, summary = _sums(*activity_table, key, columns), _sums(*summary_table, key, columns)
        differing = _differing(summary, activity)
        if differing:  # an end_time read as exclusive (YEA-031): end the day at the next midnight instead
            midnight = runner.window_fields(REPORT_OP, start, end)[REPORT_WINDOW_END]
            retry = _report_table(runner, {**summary_query, REPORT_WINDOW_END: midnight})
            if retry is not None and not _differing(_sums(*retry, key, columns), activity):
                differing = {}
        runner.record("YEASTAR-ACTIVITY-ADDS-UP", REPORT_OP,
                      None if not differing else f"{pair.activity} hours vs {pair.summary} {columns}: {differing}",
                      key=pair.summary, evidence={"differing": differing})


def _differing(summary: dict[str, list[float]], activity: dict[str, list[float]]) -> dict[str, Any]:
    return {k: {"summary": v, "activity": activity.get(k)} for k, v in summary.items() if activity.get(k) != v}
