"""Stored rows behind the PortSIP report handlers (CDR call reports, Dataflow report jobs and logs): a row
by the path's ``id``, its deletion, and validators of the served spec's component schemas."""

from __future__ import annotations

from typing import Any

import jsonschema

from conformance.simulator.model import NotFound
from conformance.simulator.replies import Rejection
from conformance.simulator.vendor import RequestContext
from conformance.vendors.portsip.simulator.queries import report_jobs as table

_VALIDATORS: dict[tuple[str, str], jsonschema.Draft202012Validator] = {}
DELETE_IGNORES_ID = "delete_ignores_id"  # fault flag: a delete removes the first row, whatever the id


def _missing(what: str, ident: str) -> Rejection:
    return Rejection("not_found", f"{what} {ident} does not exist")


def stored_row(ctx: RequestContext, name: str, what: str) -> dict[str, Any]:
    """The row of table ``name`` with the path's ``id``; a not-found refusal naming ``what`` otherwise."""
    try:
        return table.get(ctx.store, name, ctx.path["id"])
    except NotFound:
        raise _missing(what, ctx.path["id"]) from None


def delete_stored(ctx: RequestContext, name: str, what: str) -> None:
    """Delete the row of table ``name`` with the path's ``id``; a not-found refusal naming ``what`` otherwise."""
    if ctx.flag(DELETE_IGNORES_ID):
        rows = table.list_rows(ctx.store, name, top=1)["items"]
        if rows:
            table.delete(ctx.store, name, str(rows[0]["id"]))
        return
    try:
        table.delete(ctx.store, name, ctx.path["id"])
    except NotFound:
        raise _missing(what, ctx.path["id"]) from None


def component_validator(ctx: RequestContext, schema: str) -> jsonschema.Draft202012Validator:
    """A validator of ``#/components/schemas/<schema>`` of the served spec, built once per spec."""
    key = (ctx.sim.options.spec, schema)
    if key not in _VALIDATORS:
        root = {"$ref": f"#/components/schemas/{schema}", "components": ctx.sim.document["components"]}
        _VALIDATORS[key] = jsonschema.Draft202012Validator(root)
    return _VALIDATORS[key]
