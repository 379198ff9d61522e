"""The CSV file of a Yeastar call report: file titles, header wording and the PBX's date display.

The vendor document does not describe the file (errata YEA-021); the simulator writes one header row
(each column's name in title case, ``no_answer`` -> ``No Answer``) and one line per report row, with
date-time columns in the PBX display format and the PBX's zone.
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


def _cell(column: str, value: Any, display: timefmt.DisplayFormat, tz: tzinfo) -> Any:
    if column in TIME_COLUMNS and isinstance(value, str):
        return timefmt.format_display_datetime(datetime.fromisoformat(value), display, tz)
    return "" if value is None else value


def render(report: dict[str, Any], display: timefmt.DisplayFormat, tz: tzinfo) -> str:
    """CSV text of ``report`` (``{"columns": [...], "rows": [[...], ...]}`` from ``queries.yeastar``)."""
    columns: list[str] = report["columns"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header_label(c) for c in columns])
    for row in report["rows"]:
        writer.writerow([_cell(c, v, display, tz) for c, v in zip(columns, row, strict=True)])
    return out.getvalue()
