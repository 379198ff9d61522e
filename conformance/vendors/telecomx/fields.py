"""Field names of a TelecomX ``pbx/cdrstats`` row: the employee's identity and the per-interval counters.

One definition for the simulator (which counts), the strategies (which pick ``fields``) and the checks.
"""

from __future__ import annotations

IDENTITY = ("employeeId", "employeeName", "extensionId", "extensionNumber")
# Side -> its counters (``<side><Part>``): outbound unanswered calls that failed, inbound ones that met busy.
SIDES = {
    "outbound": ("Calls", "Seconds", "Answered", "Unanswered", "Failed"),
    "inbound": ("Calls", "Seconds", "Answered", "Unanswered", "Busy"),
}
COUNTERS = tuple(side + part for side, parts in SIDES.items() for part in parts)
FIELDS = (*IDENTITY, *COUNTERS)  # every name a request's ``fields`` may list
