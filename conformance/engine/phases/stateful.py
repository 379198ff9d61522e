"""Phase (only with --allow-writes): lifecycles of resources the suite creates, and their clean-up.

create -> get -> update -> get -> list -> destroy -> get (refused). The id flows from the create answer
through the spec's OpenAPI links. Everything created is destroyed in a ``finally`` block, also when a
check fails or the run is interrupted; nothing the suite did not create is ever updated or destroyed.
"""

from __future__ import annotations

import json
from typing import Any

import jsonpointer

from conformance.engine.evaluate import evaluate
from conformance.engine.ledger import created_id, path_param
from conformance.engine.phases.negative import mutations
from conformance.engine.requests import NO_BODY, RequestSpec, send
from conformance.engine.session import SpecSession
from conformance.engine.violations import prose_violations
from conformance.extensions import operation_extensions
from conformance.refs import resolve_ref
from conformance.specs import Operation

LIFE_CHECKS = ("LIFE-CREATE", "LIFE-GET-AFTER-CREATE", "LIFE-UPDATE-APPLIED", "LIFE-LISTED", "LIFE-DESTROY",
               "LIFE-GONE-AFTER-DESTROY", "LIFE-INVALID-CREATE-REFUSED")


def run(session: SpecSession) -> None:
    resources: dict[str, dict[str, Operation]] = {}
    for op in session.operations(writes=True):
        lifecycle = operation_extensions(op).lifecycle
        if lifecycle is not None:
            resources.setdefault(lifecycle.resource, {})[lifecycle.action] = op
    for resource, ops in resources.items():
        anchor = (ops.get("create") or next(iter(ops.values()))).operation_id
        if not session.config.allow_writes:
            for check_id in LIFE_CHECKS:
                session.skip(check_id, anchor, "read-only run (give --allow-writes to test lifecycles)")
            continue
        if "create" not in ops:
            for check_id in LIFE_CHECKS:
                session.skip(check_id, anchor, f"{resource}: the suite only destroys what it created")
            continue
        try:
            _lifecycle(session, ops)
        finally:
            session.ledger.clean_up()


CREATE_ATTEMPTS = 6  # create candidates tried before a lifecycle counts as not exercised


def _examples(session: SpecSession, create: Operation) -> list[RequestSpec]:
    """Create requests from the spec's own request-body examples (the vendor's, so a target should take them)."""
    content = ((create.operation.get("requestBody") or {}).get("content") or {}).get("application/json") or {}
    bodies = [content["example"]] if "example" in content else []
    bodies += [e.get("value") for e in (content.get("examples") or {}).values() if isinstance(e, dict)]
    schema = resolve_ref(session.document, content.get("schema") or {})
    bodies += [schema["example"]] if isinstance(schema, dict) and "example" in schema else []
    return [RequestSpec(create, {}, {}, body) for body in bodies if isinstance(body, dict)]


def _create_candidates(session: SpecSession, create: Operation) -> list[RequestSpec]:
    """Valid create requests to try in turn: the spec's examples, then generated ones (fixture values preferred)."""
    generated = session.factory.requests(create, max(CREATE_ATTEMPTS, session.config.max_examples))
    valid = [r for r in [*_examples(session, create), *generated]
             if not prose_violations(r, session.ascending, session.fixtures.display_format, session.zone)]
    return valid[:CREATE_ATTEMPTS]


def _scalars(value: Any) -> dict[str, Any]:
    return {k: v for k, v in value.items() if not isinstance(v, dict | list)} if isinstance(value, dict) else {}


def _lifecycle(session: SpecSession, ops: dict[str, Operation]) -> None:
    create = ops["create"]
    candidates = _create_candidates(session, create)
    if not candidates:
        session.skip("LIFE-CREATE", create.operation_id, "not exercised: no valid create request could be built")
        return
    refusals: list[str] = []
    for request in candidates:
        # a refused candidate may name what the target does not have (a queue, a cron form): try the next one
        exchange = send(session.client, request)
        outcome = evaluate(session, request, exchange, expect="any")
        if outcome == "accepted":
            break
        refusals.append(f"{exchange.status} ({outcome})")
    else:
        for check_id in LIFE_CHECKS:
            session.skip(check_id, create.operation_id,
                         f"not exercised: the target refused all {len(candidates)} create requests tried "
                         f"({', '.join(refusals)}); give fixtures or `values:` it accepts")
        return
    new_id = created_id(create, exchange.status or 0, exchange.json_or_none())
    session.record("LIFE-CREATE", create.operation_id, None if new_id else
                   f"an accepted create answered {exchange.status} without an id", exchange=exchange)
    if new_id is None:
        return
    sent = _scalars(request.body)
    get = ops.get("get")
    if get is not None:
        _check_read_back(session, get, new_id, sent, "LIFE-GET-AFTER-CREATE")
    update = ops.get("update")
    if update is not None and get is not None:
        changed = _updated_body(request.body)
        if changed is not None:
            update_request = RequestSpec(update, {path_param(update): new_id}, {}, changed)
            reply = send(session.client, update_request)
            evaluate(session, update_request, reply)
            _check_read_back(session, get, new_id, _scalars(changed), "LIFE-UPDATE-APPLIED")
    listing = ops.get("list")
    if listing is not None:
        _check_listed(session, listing, new_id)
    destroy = ops.get("destroy")
    if destroy is not None:
        destroy_request = RequestSpec(destroy, {path_param(destroy): new_id})
        reply = send(session.client, destroy_request)
        gone = evaluate(session, destroy_request, reply) == "accepted"
        session.record("LIFE-DESTROY", destroy.operation_id, None if gone else f"destroy answered {reply.status}",
                       exchange=reply)
        if gone and get is not None:
            again = RequestSpec(get, {path_param(get): new_id})
            after = send(session.client, again)
            refused = session.errors.refused(after)
            session.record("LIFE-GONE-AFTER-DESTROY", get.operation_id, None if refused else
                           f"a destroyed resource still answers {after.status}", exchange=after)
    _invalid_creates(session, create, request)


def _updated_body(body: Any) -> Any:
    if not isinstance(body, dict):
        return None
    changed = dict(body)
    for key in ("schedule_name", "name"):
        if isinstance(changed.get(key), str):
            changed[key] = (changed[key] + " (updated)")[-60:]
            return changed
    return None


def _check_read_back(session: SpecSession, get: Operation, new_id: str, sent: dict[str, Any], check_id: str) -> None:
    request = RequestSpec(get, {path_param(get): new_id})
    exchange = send(session.client, request)
    if evaluate(session, request, exchange) != "accepted":
        session.record(check_id, get.operation_id, f"reading the resource answered {exchange.status}",
                       exchange=exchange, key="unreadable")
        return
    got = exchange.json_or_none() or {}
    differing = {k: (v, got.get(k)) for k, v in sent.items() if k in got and got.get(k) != v}
    session.record(check_id, get.operation_id,
                   None if not differing else f"values differ from what was sent: {json.dumps(differing)[:300]}",
                   exchange=exchange, key="differs", evidence={"differing": differing})


def _check_listed(session: SpecSession, listing: Operation, new_id: str) -> None:
    paging = operation_extensions(listing).pagination
    found = False
    last = None
    for page in range(20):
        query = {paging.top: paging.max_top or 100, paging.skip: page * (paging.max_top or 100)} if paging else {}
        request = RequestSpec(listing, {}, query, NO_BODY)
        last = send(session.client, request)
        if evaluate(session, request, last) != "accepted":
            break
        body = last.json_or_none()
        items = jsonpointer.resolve_pointer(body, paging.items, None) if paging else body
        if not isinstance(items, list) or not items:
            break
        if any(isinstance(i, dict) and str(i.get("id")) == new_id for i in items):
            found = True
            break
        if paging is None:
            break
    session.record("LIFE-LISTED", listing.operation_id, None if found else f"{new_id} is not in the collection",
                   exchange=last, key="missing")


def _invalid_creates(session: SpecSession, create: Operation, valid: RequestSpec) -> None:
    for violation, request in mutations(session, create, valid):
        exchange = send(session.client, request)
        outcome = evaluate(session, request, exchange, expect="reject", violations=[violation], invariants=False)
        leaked = created_id(create, exchange.status or 0, exchange.json_or_none()) if outcome == "accepted" else None
        session.record("LIFE-INVALID-CREATE-REFUSED", create.operation_id,
                       None if outcome != "accepted" else f"{violation.message}: created {leaked}",
                       exchange=exchange, key=violation.check_id)
