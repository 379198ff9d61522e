"""The CSV file of a Yeastar call report: file titles, header wording and the PBX's date display.

The vendor document does not describe the file (errata YEA-021); the simulator writes one header row
(each column's name in title case, ``no_answer`` -> ``No Answer``) and one line per report row, with
date-time columns in the PBX display format and the PBX's zone, CRLF line ends and no byte-order mark.
Latitude flags choose otherwise: ``csv_headers_snake_case`` / ``csv_headers_camel_case``,
``csv_columns_reversed``, ``csv_rows_reversed``, ``csv_bom_lf`` (a UTF-8 BOM and LF line ends) and
``csv_times_iso`` (instants in RFC 3339 with their offset).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, tzinfo
from typing import Any

from conformance import timefmt

# Report type -> the title that starts its file name (the vendor example: QueueSatisfaction-...).
FILE_TITLES: dict[str, str] = {
    "extcallstatistics": "ExtensionCallStatistics",
    "extcallactivity": "ExtensionCallActivity",
    "trunkactivity": "PbxCallActivity",
    "trunkdiddodactivity": "DidOutboundCallerIdActivity",
    "ivr": "IvrReport",
    "queueavgwaittalktime": "QueueAvgWaitTalkTime",
    "queueperformance": "QueuePerformance",
    "queueperformanceactivity": "QueuePerformanceActivity",
    "queuecallbackssummary": "QueueCallbackSummary",
    "queuecallbacksactivity": "QueueCallbackActivity",
    "queuesatisfaction": "QueueSatisfaction",
    "queuesatisfactiondetail": "QueueSatisfactionDetail",
    "queueagentlogintime": "AgentLoginActivity",
    "queueagentpausetime": "AgentPauseActivity",
    "queueagentmisscalls": "AgentMissedCallActivity",
    "queueagentperformance": "AgentPerformance",
    "queueagentinoutcalls": "AgentCallSummary",
    "ringgroupstatistics": "RingGroupStatistics",
    "extcallbilling": "ExtensionCallAccounting",
    "extcallbillingdetails": "ExtensionCallAccountingDetails",
}

# Columns holding an instant (RFC 3339 from the queries, written in the display format).
TIME_COLUMNS = frozenset({"time", "login_time", "logout_time", "pause_time", "resume_time", "callback_time"})


def header_label(column: str) -> str:
    """``no_answer`` -> ``No Answer``; ``key_0`` -> ``Key 0``."""
    return column.replace("_", " ").title()


def camel_case(column: str) -> str:
    """``no_answer`` -> ``noAnswer``; ``key_0`` -> ``key0``."""
    first, *rest = column.split("_")
    return first + "".join(word.title() for word in rest)


def _label(column: str, flags: frozenset[str]) -> str:
    if "csv_headers_snake_case" in flags:
        return column
    if "csv_headers_camel_case" in flags:
        return camel_case(column)
    return header_label(column)


def _cell(column: str, value: Any, display: timefmt.DisplayFormat, tz: tzinfo, flags: frozenset[str]) -> Any:
    if column in TIME_COLUMNS and isinstance(value, str) and "csv_times_iso" not in flags:
        return timefmt.format_display_datetime(datetime.fromisoformat(value), display, tz)
    return "" if value is None else value


def render(report: dict[str, Any], display: timefmt.DisplayFormat, tz: tzinfo,
           flags: frozenset[str] = frozenset()) -> str:
    """CSV text of ``report`` (``{"columns": [...], "rows": [[...], ...]}`` from ``queries.yeastar``)."""
    columns: list[str] = report["columns"]
    rows = [[_cell(c, v, display, tz, flags) for c, v in zip(columns, row, strict=True)] for row in report["rows"]]
    header = [_label(c, flags) for c in columns]
    if "csv_columns_reversed" in flags:
        header, rows = header[::-1], [row[::-1] for row in rows]
    if "csv_rows_reversed" in flags:
        rows = rows[::-1]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n" if "csv_bom_lf" in flags else "\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if "csv_bom_lf" in flags else "") + out.getvalue()
