"""Settings of one simulator instance."""

from __future__ import annotations

from dataclasses import dataclass, field

from conformance.simulator.auth import Account

DEFAULT_TOKEN = "simulator-token"

# YEA-008: the Yeastar display setting each reading of the `display_format` option stands for.
DISPLAY_FORMAT_READINGS = {
    "month_day_year_24h": "MM/DD/YYYY HH:mm:ss",
    "year_month_day_12h": "YYYY/MM/DD hh:mm:ss AM",
    "day_month_year_24h": "DD/MM/YYYY HH:mm:ss",
}

# Accounts every simulator knows: an administrator and one user per generated tenant.
DEFAULT_ACCOUNTS: tuple[Account, ...] = (
    Account("admin", "admin-password", None),
    Account("tenant1", "tenant1-password", "1"),
    Account("tenant2", "tenant2-password", "2"),
)


@dataclass(frozen=True)
class SimulatorOptions:
    """What ``pbx-conformance serve`` and the engine's embedded targets configure."""

    spec: str
    token: str | None = DEFAULT_TOKEN
    fault: str | None = None
    calls: int = 3000
    seed: int = 1
    store_path: str = ":memory:"
    readings: dict[str, str] = field(default_factory=dict)
    latitude: tuple[str, ...] = ()  # latitude entries switched on (conformance.simulator.latitude)
    accounts: tuple[Account, ...] = DEFAULT_ACCOUNTS
    token_lifetime_seconds: int | None = None
    display_format: str = "MM/DD/YYYY HH:mm:ss"
    max_body_bytes: int = 1_000_000

    def __post_init__(self) -> None:
        chosen = self.readings.get("display_format")
        if chosen in DISPLAY_FORMAT_READINGS:  # the reading picks the display setting (YEA-008)
            object.__setattr__(self, "display_format", DISPLAY_FORMAT_READINGS[chosen])
