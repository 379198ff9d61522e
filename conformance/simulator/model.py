"""Domain vocabulary of the simulator: vendor enums, outcome tables, the reporting window."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum


class NotFound(LookupError):
    """A queue, agent, user, session or record named by a query does not exist."""


class CallStatus(StrEnum):
    """PortSIP history ``status``."""

    NONE = "NONE"
    ANSWERED = "ANSWERED"
    UNANSWERED = "UNANSWERED"


class CallDirection(StrEnum):
    """PortSIP history ``direction`` of a session."""

    NONE = "NONE"
    INBOUND = "INBOUND"
    OUTBOUND = "OUTBOUND"
    INTERNAL = "INTERNAL"
    IN_TO_OUT = "IN_TO_OUT"


class Party(StrEnum):
    """PortSIP history ``party``: the user's role in a leg."""

    NONE = "NONE"
    CALLER = "CALLER"
    CALLEE = "CALLEE"


class CdrDirection(StrEnum):
    """PortSIP CDR ``direction`` of one leg."""

    INBOUND_CALL = "INBOUND_CALL"
    OUTBOUND_CALL = "OUTBOUND_CALL"
    EXTENSION_CALL = "EXTENSION_CALL"
    INBOUND_OUTBOUND_CALL = "INBOUND_OUTBOUND_CALL"


class EndReason(StrEnum):
    """PortSIP CDR ``end_reason``."""

    CALLER_DISCONNECTED = "CALLER_DISCONNECTED"
    CALLEE_DISCONNECTED = "CALLEE_DISCONNECTED"
    BLIND_TRANSFER_COMPLETED = "BLIND_TRANSFER_COMPLETED"
    CONSULT_TRANSFER_COMPLETED = "CONSULT_TRANSFER_COMPLETED"
    REPLACED = "REPLACED"
    REFERRED = "REFERRED"
    REDIRECTED = "REDIRECTED"
    CANCELLED = "CANCELLED"


class RerouteReason(StrEnum):
    """PortSIP CDR ``reroute_reason``."""

    TRANSFER = "TRANSFER"
    OVERFLOW = "OVERFLOW"
    CAPACITY_BLOCKED = "CAPACITY_BLOCKED"
    QUEUE_EXIT = "QUEUE_EXIT"
    QUEUE_ABANDONED = "QUEUE_ABANDONED"
    REDIRECT = "REDIRECT"
    FORWARDING_UNCONDITIONAL = "FORWARDING_UNCONDITIONAL"
    FORWARDING_BUSY = "FORWARDING_BUSY"
    FORWARDING_NO_ANSWER = "FORWARDING_NO_ANSWER"
    FORWARDING_NOT_REACHABLE = "FORWARDING_NOT_REACHABLE"
    FORWARDING_EXCEPTION = "FORWARDING_EXCEPTION"
    FORWARDING_LUNCH = "FORWARDING_LUNCH"
    FORWARDING_BUSINESS_TRIP = "FORWARDING_BUSINESS_TRIP"
    FORWARDING_AWAY = "FORWARDING_AWAY"
    FORWARDING_NIGHT_MODE = "FORWARDING_NIGHT_MODE"
    DISA = "DISA"


class QueueOutcome(StrEnum):
    """How one queue entry ended."""

    ANSWERED = "ANSWERED"  # an agent answered
    ABANDONED = "ABANDONED"  # the caller hung up while waiting (short when under the queue's threshold)
    CALLBACK = "CALLBACK"  # the caller left a callback request; the queue called back later
    EXIT = "EXIT"  # the queue's maximum wait expired; the call left to the exit destination
    FULL = "FULL"  # rejected on entry: the queue was at capacity


class Scenario(StrEnum):
    """What kind of call a session is; drives the generator and some reports."""

    OUTBOUND = "OUTBOUND"
    INTERNAL = "INTERNAL"
    INBOUND_DIRECT = "INBOUND_DIRECT"
    INBOUND_QUEUE = "INBOUND_QUEUE"
    INBOUND_IVR = "INBOUND_IVR"
    INBOUND_RING_GROUP = "INBOUND_RING_GROUP"
    INTERNAL_QUEUE = "INTERNAL_QUEUE"


class FusionBucket(StrEnum):
    """FusionPBX status bucket of one extension record; the seven buckets partition the records."""

    ANSWERED = "answered"
    NO_ANSWERED = "no_answered"
    BUSY = "busy"
    BUSY_LINE = "busy_line"
    CANCEL = "cancel"
    INVALID = "invalid"
    NOT_AVAILABLE = "not_available"


@dataclass(frozen=True)
class LegOutcome:
    """How a leg ended: SIP final status, FreeSWITCH hangup cause, default end reason, FusionPBX bucket."""

    status_code: int
    hangup_cause: str
    end_reason: EndReason
    bucket: FusionBucket


# Leg outcome kinds used by the generator. A leg with an answer time is always bucket ``answered``.
LEG_OUTCOMES: dict[str, LegOutcome] = {
    "answered": LegOutcome(200, "NORMAL_CLEARING", EndReason.CALLER_DISCONNECTED, FusionBucket.ANSWERED),
    "no_answer": LegOutcome(480, "NO_ANSWER", EndReason.CANCELLED, FusionBucket.NO_ANSWERED),
    "timeout": LegOutcome(408, "RECOVERY_ON_TIMER_EXPIRE", EndReason.CANCELLED, FusionBucket.NO_ANSWERED),
    "cancel": LegOutcome(487, "ORIGINATOR_CANCEL", EndReason.CANCELLED, FusionBucket.CANCEL),
    "lose_race": LegOutcome(487, "LOSE_RACE", EndReason.CANCELLED, FusionBucket.CANCEL),
    "busy": LegOutcome(486, "USER_BUSY", EndReason.CALLEE_DISCONNECTED, FusionBucket.BUSY),
    "congestion": LegOutcome(503, "NORMAL_CIRCUIT_CONGESTION", EndReason.CALLEE_DISCONNECTED, FusionBucket.BUSY_LINE),
    "invalid": LegOutcome(404, "UNALLOCATED_NUMBER", EndReason.CALLEE_DISCONNECTED, FusionBucket.INVALID),
    "invalid_format": LegOutcome(484, "INVALID_NUMBER_FORMAT", EndReason.CALLEE_DISCONNECTED, FusionBucket.INVALID),
    "no_route": LegOutcome(404, "NO_ROUTE_DESTINATION", EndReason.CALLEE_DISCONNECTED, FusionBucket.INVALID),
    "not_available": LegOutcome(480, "USER_NOT_REGISTERED", EndReason.CALLEE_DISCONNECTED, FusionBucket.NOT_AVAILABLE),
    "absent": LegOutcome(480, "SUBSCRIBER_ABSENT", EndReason.CALLEE_DISCONNECTED, FusionBucket.NOT_AVAILABLE),
}

# Hangup cause -> bucket of an unanswered leg (answered legs are ``answered`` whatever the cause).
HANGUP_BUCKETS: dict[str, FusionBucket] = {o.hangup_cause: o.bucket for o in LEG_OUTCOMES.values()}

# TelecomX counters: FusionPBX bucket -> outbound bucket / inbound bucket (each a partition).
TELECOMX_OUTBOUND: dict[FusionBucket, str] = {
    FusionBucket.ANSWERED: "Answered",
    FusionBucket.NO_ANSWERED: "Unanswered",
    FusionBucket.CANCEL: "Unanswered",
    FusionBucket.BUSY: "Unanswered",
    FusionBucket.NOT_AVAILABLE: "Unanswered",
    FusionBucket.INVALID: "Failed",
    FusionBucket.BUSY_LINE: "Failed",
}
TELECOMX_INBOUND: dict[FusionBucket, str] = {
    FusionBucket.ANSWERED: "Answered",
    FusionBucket.BUSY: "Busy",
    FusionBucket.BUSY_LINE: "Busy",
    FusionBucket.NO_ANSWERED: "Unanswered",
    FusionBucket.CANCEL: "Unanswered",
    FusionBucket.INVALID: "Unanswered",
    FusionBucket.NOT_AVAILABLE: "Unanswered",
}
# Yeastar extension statistics: FusionPBX bucket -> Yeastar result column (a partition).
YEASTAR_RESULT: dict[FusionBucket, str] = {
    FusionBucket.ANSWERED: "answered",
    FusionBucket.NO_ANSWERED: "no_answer",
    FusionBucket.CANCEL: "no_answer",
    FusionBucket.NOT_AVAILABLE: "no_answer",
    FusionBucket.BUSY: "busy",
    FusionBucket.BUSY_LINE: "busy",
    FusionBucket.INVALID: "failed",
}

PAUSE_REASONS: tuple[str, ...] = ("Lunch", "Break", "Meeting", "Training", "Technical issue")

# Public session ids are this base plus the session row id; call ids derive from the session id and leg seq.
SESSION_ID_BASE = 400_000_000_000_000


def session_id_of(row_id: int) -> str:
    return str(SESSION_ID_BASE + row_id)


def row_of_session_id(session_id: str | int) -> int | None:
    """Row id of a public session id, or None when it cannot be one."""
    try:
        value = int(session_id)
    except (TypeError, ValueError):
        return None
    row = value - SESSION_ID_BASE
    return row if row > 0 else None


def call_id_of(session_row: int, seq: int, domain: str) -> str:
    return f"{(SESSION_ID_BASE + session_row) * 2654435761 % (1 << 48):012x}-{seq}@{domain}"


@dataclass(frozen=True)
class Window:
    """A reporting window ``[start, end)`` in epoch seconds and the zone its steps align to."""

    start: int
    end: int
    tz: tzinfo

    @classmethod
    def of(cls, start: datetime, end: datetime, tz: tzinfo | None = None) -> Window:
        """Window between two aware datetimes; steps align to ``tz`` (default: the start's own offset)."""
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("window bounds must carry a UTC offset")
        lo, hi = math.floor(start.timestamp()), math.floor(end.timestamp())
        if hi < lo:
            raise ValueError("window ends before it starts")
        zone = tz or start.tzinfo
        assert zone is not None
        return cls(lo, hi, zone)

    @property
    def seconds(self) -> int:
        return self.end - self.start

    def offset_seconds(self) -> int:
        """UTC offset of the zone at the window start, in seconds."""
        delta = datetime.fromtimestamp(self.start, self.tz).utcoffset()
        return int(delta.total_seconds()) if delta is not None else 0

    def split(self, at: int) -> tuple[Window, Window]:
        """The two halves ``[start, at)`` and ``[at, end)``."""
        if not self.start <= at <= self.end:
            raise ValueError("split point outside the window")
        return Window(self.start, at, self.tz), Window(at, self.end, self.tz)

    def iso(self, epoch: int) -> str:
        """RFC 3339 text of an instant in the window's zone."""
        return datetime.fromtimestamp(epoch, self.tz).isoformat()


# -- traffic profile of the generator (data) -----------------------------------------------------------------
@dataclass(frozen=True)
class TenantSpec:
    """One tenant of the simulated PBX: identity, zone, share of the calls, numbering plan, services."""

    name: str
    domain: str
    tz: str
    vendor: str  # the vendor API whose fixtures default to this tenant
    weight: float  # share of the generated calls
    country: str  # E.164 country code
    area: str  # local area code
    national: tuple[str, ...]  # national area codes
    mobile: tuple[str, ...]  # mobile prefixes
    queues: tuple[str, ...]  # queue names
    ring_groups: int = 1
    trunks: int = 2


# fmt: off
TENANTS: tuple[TenantSpec, ...] = (
    TenantSpec("Acme Support", "acme.pbx.test", "America/New_York", "portsip", 0.30, "1", "212",
               ("312", "415", "617"), ("917", "646"), ("Sales", "Support", "Billing"), ring_groups=2),
    TenantSpec("Nordlys ApS", "nordlys.pbx.test", "Europe/Copenhagen", "telecomx", 0.20, "45", "33",
               ("86", "98"), ("20", "40", "60"), ("Kundeservice", "Salg"), trunks=1),
    TenantSpec("Saigon Contact", "saigon.pbx.test", "Asia/Ho_Chi_Minh", "fusionpbx", 0.25, "84", "28",
               ("24", "236"), ("90", "91", "98"), ("CSKH", "Ban hang", "Ky thuat")),
    TenantSpec("Lotus Retail", "lotus.pbx.test", "Asia/Kolkata", "yeastar", 0.25, "91", "80",
               ("22", "11"), ("98", "99", "70"), ("Orders", "Returns"), trunks=1),
)
# fmt: on

# Share of each scenario among the sessions.
DEFAULT_MIX: tuple[tuple[Scenario, float], ...] = (
    (Scenario.OUTBOUND, 0.22),
    (Scenario.INTERNAL, 0.17),
    (Scenario.INBOUND_DIRECT, 0.12),
    (Scenario.INBOUND_QUEUE, 0.22),
    (Scenario.INBOUND_IVR, 0.15),
    (Scenario.INBOUND_RING_GROUP, 0.07),
    (Scenario.INTERNAL_QUEUE, 0.05),
)

# Relative call volume per local hour of day and per weekday (Monday first); agents' attendance per weekday.
HOUR_WEIGHTS = (1, 1, 1, 1, 1, 2, 4, 10, 30, 50, 55, 52, 40, 45, 50, 48, 42, 35, 20, 12, 8, 5, 3, 2)
WEEKDAY_FACTOR = (1.0, 1.0, 1.0, 1.0, 0.95, 0.35, 0.2)
ATTENDANCE = (0.95, 0.95, 0.95, 0.95, 0.95, 0.4, 0.25)
# Agent shifts: (local login second of day, length in seconds).
SHIFTS = ((8 * 3600, 8 * 3600 + 1800), (13 * 3600 + 1800, 8 * 3600 + 1800))

# Billing classes of external numbers: class -> (share, rate per minute).
BILLING: dict[str, tuple[float, float]] = {
    "local": (0.35, 0.01),
    "national": (0.25, 0.02),
    "mobile": (0.32, 0.05),
    "international": (0.08, 0.15),
}
INTERNATIONAL = ("44", "49", "33", "81", "61")

FIRST_NAMES = tuple(
    [
        "Anna",
        "Bao",
        "Carlos",
        "Dana",
        "Emil",
        "Farah",
        "Giang",
        "Hans",
        "Ines",
        "Jonas",
        "Kiran",
        "Linh",
        "Maya",
        "Nikolaj",
        "Omar",
    ]
)
LAST_NAMES = tuple(
    [
        "Nguyen",
        "Madsen",
        "Smith",
        "Patel",
        "Tran",
        "Jensen",
        "Garcia",
        "Le",
        "Hansen",
        "Rao",
        "Pham",
        "Brown",
        "Nielsen",
        "Khan",
        "Vo",
    ]
)
