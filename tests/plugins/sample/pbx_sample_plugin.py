"""A third-party plugin as a user would write one: it registers one check through the check API only."""

from __future__ import annotations

from conformance.checkapi import CheckContext, CheckFailure, Exchange, check, http

SPEC = "telecomx-cdrstats"


@check("SAMPLE-STATS-ARE-A-LIST", "A statistics answer in JSON is a list of employees.", spec=SPEC,
       location="getCdrStats 200", severity="minor", operations=("getCdrStats",),
       basis=http("the plugin's own reading, for the test"))
def stats_are_a_list(ctx: CheckContext, exchange: Exchange) -> None:
    if exchange.media_type == "application/json" and not isinstance(exchange.json(), list):
        raise CheckFailure("the answer is not a list")


def register() -> None:
    """Entry point: importing the module registered the check already."""
