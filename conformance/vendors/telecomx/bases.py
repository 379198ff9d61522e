"""What the TelecomX checks rest on (../shared/JUDGING.md): the page's words (004_...) or the suite's reading
where the page is silent or its own example disagrees."""

from __future__ import annotations

from conformance.checkapi.basis import TELECOMX, cite, suite, vendor

OUTCOMES_BASIS = vendor(
    cite(TELECOMX, 48, "Number of outbound calls that was answered"),
    cite(TELECOMX, 49, "Number of outbound calls that was not answered"),
    cite(TELECOMX, 53, "Number of inbound calls that was answered"),
    cite(TELECOMX, 54, "Number of inbound calls that was not answered"),
    note="every call is answered or not: answered + unanswered calls are the calls (failed and busy calls within "
         "the unanswered ones or beside them, TCX-001)")
SECONDS_BASIS = suite(
    "the page's own example counts inbound seconds in buckets with no answered inbound call (TCX-002): whether "
    "seconds include ringing time is not settled")
KEY_KIND = vendor(
    cite(TELECOMX, 45, "Interval is according to groupingInterval setting either a month, a week number, a day "
                       "or an hour"),
    note="a key names a period of the requested grouping")
KEY_SPELLING = suite("the page never spells the keys (TCX-011): this one matches none of the notations the suite "
                     "reads")
KEY_WINDOW = vendor(
    cite(TELECOMX, 16, "Date and time from which to collect calls"),
    cite(TELECOMX, 18, "Date and time until which to collect calls"),
    cite(TELECOMX, 45, "Interval is according to groupingInterval setting"),
    note="the buckets hold calls of the window, so each names a period the window touches (in whatever zone)")
KEY_ZONE = suite("the key names a period next to the window: the server may bucket in a zone other than the "
                 "request's offset, UTC or the fixtures' timezone")
DIRECTION_BASIS = vendor(cite(TELECOMX, 24, "Direction of calls to include: IN, OUT or BOTH"))
FIELDS_BASIS = vendor(cite(TELECOMX, 28, "Fields to include in the response"),
                      note="a counter that was not selected is not included")
FIELDS_IDENTITY = suite("a server may always identify the employee, and may add fields the page does not list "
                        "(its own example ignores `fields` altogether, TCX-009)")
EMPLOYEES_BASIS = vendor(cite(TELECOMX, 12, "Employee to show statistics for"),
                         cite(TELECOMX, 14, "List of ids of employees to show statistics for"))
SORT_BASIS = vendor(cite(TELECOMX, 30, "Field to sort by: employeeName, extensionNumber"),
                    note="the direction and the collation are open (TCX-018): either direction, numeric, "
                         "case- or accent-insensitive order passes")
GROUPING_BASIS = vendor(cite(TELECOMX, 26, "How to group results - by MONTH, WEEK, DAY or HOUR"),
                        cite(TELECOMX, 16, "Date and time from which to collect calls"),
                        note="the grouping changes the buckets, not which calls of the window are counted")
IGNORE_BELOW_BASIS = vendor(cite(TELECOMX, 20, "Ignore calls which are shorter than this number of seconds"))
IGNORE_LOCAL_BASIS = vendor(cite(TELECOMX, 22, "Ignore calls which are local (between extensions)"))
FORMATS_BASIS = suite("the page names CSV and EXCEL but not their columns, header or layout (TCX-016): the suite "
                      "reads counter columns named like the JSON fields and sums them")
FORMAT_REFUSED = vendor(cite(TELECOMX, 32, "Data format: JSON, CSV, EXCEL"),
                        cite(TELECOMX, 61, "| 422 | format | Invalid format |"))

# -- parameter-effect relations and isolation (checks/relations.py) -----------------------------------------
PARTITION_BASIS = vendor(
    cite(TELECOMX, 24, "Direction of calls to include: IN, OUT or BOTH"),
    cite(TELECOMX, 22, "Ignore calls which are local (between extensions)"),
    note="without local calls every call is inbound or outbound for the employee: IN's and OUT's counters add up "
         "to BOTH's, bucket by bucket")
PARTITION_LOCAL = suite(
    "whether a local call counts under IN for its callee and under OUT for its caller is not said: a server may "
    "leave local calls out of IN and OUT and count them only under BOTH")
IGNORE_BELOW_ALL = vendor(cite(TELECOMX, 20, "Ignore calls which are shorter than this number of seconds"),
                          note="no call lasts 10^7 seconds (115 days): with that bound every call is ignored")
WINDOW_PART = vendor(
    cite(TELECOMX, 16, "Date and time from which to collect calls"),
    cite(TELECOMX, 18, "Date and time until which to collect calls"),
    note="a part of the window collects no call the window does not")
WINDOW_ATTRIBUTION = suite(
    "the page does not say whether a call belongs to a window by its start, its end or any overlap, nor whether "
    "`to` is inclusive: a call that spans the cut may count in both halves or in neither")
PROJECTION_BASIS = vendor(
    cite(TELECOMX, 28, "Fields to include in the response"),
    note="every selected field is included, with the figure the answer without `fields` gives")
SELECTION_BASIS = vendor(
    cite(TELECOMX, 12, "Employee to show statistics for"),
    cite(TELECOMX, 14, "List of ids of employees to show statistics for"),
    note="a selection shows the named employees with the figures the unselected answer gives them: the list's "
         "answer is the union of the single-employee answers")
OWN_CUSTOMER = vendor(
    cite(TELECOMX, 11, "Customer the calls belongs to, defaults to users own customer"),
    note="naming the caller's own customer (the fixtures' `customers`) gives the answer of naming none")
FOREIGN_REFUSED = vendor(
    cite(TELECOMX, 9, "VIEWER, MANAGE, OWNER if calls belongs to the customer"),
    cite(TELECOMX, 64, "| 403 | access_denied | Insufficient access level |"),
    note="fixtures name foreign customers only when the run's credentials are a customer's (VIEWER, MANAGE, "
         "OWNER): another customer's calls are refused with 403 access_denied")
REFUSAL_KEY = suite("the body that carries the message key is undocumented (TCX-013): a 403 without "
                    "`access_denied` in its body may still be the table's refusal")
NO_FOREIGN_ROWS = vendor(
    cite(TELECOMX, 11, "Customer the calls belongs to, defaults to users own customer"),
    cite(TELECOMX, 9, "VIEWER, MANAGE, OWNER if calls belongs to the customer"),
    note="an answer for the caller's own customer lists none of another customer's employees (the fixtures' "
         "`foreign_employees`)")
FOREIGN_ECHO = suite("a server may echo an asked-for id with no figures and no name; that reveals nothing of "
                     "the other customer")
