"""What the FusionPBX checks rest on (../shared/JUDGING.md): the page's words (003_...), VENDOR-NOTES, or the
suite's reading where the page is silent or its own examples disagree."""

from __future__ import annotations

from conformance.checkapi.basis import FUSIONPBX, VENDOR_NOTES, cite, suite, vendor

NOTES = "§ FusionPBX-based report API"  # its section of VENDOR-NOTES

BUCKETS = vendor(
    cite(VENDOR_NOTES, NOTES, "FusionPBX status buckets come from hangup causes"),
    cite(FUSIONPBX, 176, '"total": 5,'),
    note="a call has one hangup cause, so it counts in at most one outcome: the outcomes never add up to more "
         "than the total (the page's 2 answered + 2 busy + 1 no answer = 5)")
UNMAPPED_CAUSES = suite(
    "the notes map some hangup causes to buckets (failed/invalid '…', not_available unconfirmed); a call whose "
    "cause no bucket takes may count in the total alone")
DIRECTIONS_BASIS = vendor(
    cite(FUSIONPBX, 175, '"outbound": 5,'), cite(FUSIONPBX, 345, '"total_outbound": 5,'),
    note="every call of an extension is inbound, outbound or local: the page's totals are 0 + 5 + 0 = 5 in both "
         "reports")
FREESWITCH = vendor(
    cite(VENDOR_NOTES, NOTES, "creation → hangup"), cite(VENDOR_NOTES, NOTES, "creation → bridge"),
    cite(VENDOR_NOTES, NOTES, "answer → hangup"),
    note="duration runs from creation to hangup; wait (to bridge) and billed time (from answer) lie inside it")
ANSWERED_BILLSEC = vendor(
    cite(VENDOR_NOTES, NOTES, "answered (billsec > 0)"), cite(VENDOR_NOTES, NOTES, "creation → hangup"),
    note="seconds are sums over calls, and a call with billed seconds is an answered call")
PER_DAY = vendor(
    cite(FUSIONPBX, 756, "thống kê cuộc gọi của extension theo ngày"), cite(FUSIONPBX, 709, '"total_call": 5,'),
    note="the per-day report splits the window's calls by day: the days' calls add up to the user's total_call "
         "(the page: one day of 5 calls, total 5)")
PER_DAY_OTHERS = suite(
    "the page's own per-day entry counts 0 outbound calls for a user whose total is 5 outbound calls (FUS-001): "
    "what the per-day invalid, inbound and outbound counters hold is not settled")
DAYS_WINDOW = vendor(
    cite(FUSIONPBX, 756, "thống kê cuộc gọi của extension theo ngày"),
    cite(FUSIONPBX, 766, "Tìm kiếm cdrs theo khoảng thời gian"),
    note="a per-day entry names a day of the requested window, in whatever zone its label is read (a day of "
         "slack either side)")
DAY_LABEL_ZONE = suite(
    "a day label a day away from the window may be written in another zone than the one the suite reads the "
    "window in (FUS-009)")
SUMMARY_TIME = suite("the page never says what the summary's `time` is (the window's first day, or when the "
                     "report was made)")
DAYS_ORDER = suite("the page shows one per-day entry per user and never orders them")
AGENT_WINDOW = vendor(
    cite(FUSIONPBX, 800, "thống kê thời gian pause, thời gian chờ cuộc gọi, thời gian đàm thoại"),
    cite(FUSIONPBX, 810, "Tìm kiếm cdrs theo khoảng thời gian"),
    cite(FUSIONPBX, 790, '"earliest_time": "2023-03-08 11:55:35.792545+07"'),
    note="the report gives the time spent in each state over the requested window, between the agent's earliest "
         "and latest activity")
AGENT_SPAN = suite(
    "the page's own agent has 85011 s of pause between activities 6804 s apart (FUS-002): state time may be "
    "counted outside earliest_time .. latest_time")
AGENT_ZONE = suite("an activity up to 14 hours from the window may be the window read in another zone than the "
                   "suite's (the page's window carries no offset)")
ONE_TENANT = suite(
    "the page's users share one domain and a token belongs to a user, but nothing says a token sees one domain "
    "only (an administrator's may see several)")
AGENT_SECONDS = suite(
    "the page does not say whether state time is cut at the window's bounds: a pause that began before a short "
    "window and lasts past it may be counted whole")
SAME_FIGURES = vendor(
    cite(FUSIONPBX, 337, '"total_call": 5,'), cite(FUSIONPBX, 692, '"total_call": 5,'),
    cite(FUSIONPBX, 176, '"total": 5,'),
    note="for the same window the page gives user changnguyen the same figures in the extension report, the "
         "summary and summary/day")
WINDOW_SUMS = vendor(
    cite(FUSIONPBX, 140, "start_time | Thống kê theo khoảng thời gian"),
    cite(FUSIONPBX, 141, "end_time | Thống kê theo khoảng thời gian"),
    note="statistics over a window count its calls: a part of the window holds no call the window does not")
WINDOW_START = vendor(
    cite(FUSIONPBX, 140, "start_time | Thống kê theo khoảng thời gian"),
    note="statistics over a window count its calls: the window from the middle of a day cannot count every call "
         "of the whole day when the day's first half holds calls (under any attribution, each would have to span "
         "the cut)")
SPLIT_ATTRIBUTION = suite(
    "the page does not say whether a call belongs to a window by its start, its end, any overlap or only when it "
    "lies wholly inside: a call that spans the cut may count in both halves or in neither")
PART_LISTED = suite(
    "the page does not say whom a report lists: a report that lists someone for a part of the window and not for "
    "the whole window may list by something other than the calls")
BILLSEC_PER_ANSWERED = vendor(
    cite(VENDOR_NOTES, NOTES, "answered (billsec > 0)"), cite(VENDOR_NOTES, NOTES, "answer → hangup"),
    note="an answered call has billsec > 0, in FreeSWITCH's whole seconds at least 1: a user's total_billsec is at "
         "least its total_answered")
FOREIGN_ROWS = suite(
    "the page says nothing of tenants, and a token is bound to a user (VENDOR-NOTES: `user_id`), not to a domain: "
    "whether it may see another domain's extensions is not said")
