"""The simulator as an ASGI app: one vendor API served from a spec, a store and a fault profile."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from openapi_core.contrib.starlette import StarletteOpenAPIRequest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from conformance import vendors
from conformance.errors import UsageError
from conformance.extensions import operation_extensions
from conformance.prose_rules import strictly_ascending_fields
from conformance.request_validation import base_path
from conformance.simulator import latitude, rules
from conformance.simulator.auth import Principal, TokenRegistry, presented_token, put_pointer, step_inputs
from conformance.simulator.bodies import parse_json_body
from conformance.simulator.catalogue import vendor_tenant
from conformance.simulator.faults.catalogue import NO_FAULT, get_fault
from conformance.simulator.faults.transforms import apply_response_edits
from conformance.simulator.options import SimulatorOptions
from conformance.simulator.readings import served_document
from conformance.simulator.replies import Rejection, Reply
from conformance.simulator.requestlog import RequestLog, RequestRecord
from conformance.simulator.vendor import RequestContext, VendorAPI
from conformance.specs import Operation, iter_operations

logger = logging.getLogger("conformance.simulator")

INTROSPECTION_PATH = "/__simulator__/requests"


def load_vendor(spec: str) -> VendorAPI:
    """The simulator handlers of ``spec`` (its vendor package's ``simulator`` module)."""
    record = vendors.api(spec)
    if record is None or record.simulator is None:
        raise UsageError(f"the simulator does not serve {spec!r}")
    module = importlib.import_module(record.simulator)
    api: VendorAPI = module.API
    return api


class Simulator:
    """State of one simulated API: spec, store, tokens, fault, request log, and the ASGI app."""

    def __init__(self, options: SimulatorOptions, store: Any = None, api: VendorAPI | None = None) -> None:
        self.options = options
        self.document = served_document(options.spec, options.readings)
        self.api = api or load_vendor(options.spec)
        fault = get_fault(options.fault, options.spec).effect if options.fault else NO_FAULT
        # latitude choices (other readings of what the documents leave open) act through the same effects
        self.fault = latitude.effect_of(options.latitude, options.spec).merge(fault)
        self.store = store
        self.log = RequestLog()
        auth = self.document.get("x-pbx-auth") or {}
        lifetime = options.token_lifetime_seconds or int(auth.get("token_lifetime_seconds", 3600))
        self.tokens = TokenRegistry(list(options.accounts), lifetime)
        if options.token:
            self.tokens.add_static(options.token, self._static_principal())
        self.mount = base_path(self.document)
        self.ascending_fields = strictly_ascending_fields(self.document)
        self.app = Starlette(routes=self._routes())

    def _static_principal(self) -> Principal:
        """Who the static token is: an administrator, or a user of the API's own tenant when the vendor says so."""
        if not self.api.static_token_tenant:
            return Principal("admin")
        return Principal("static", str(vendor_tenant(self.store, self.options.spec)["id"]))

    # -- routing -------------------------------------------------------------------------------
    def _routes(self) -> list[Route]:
        routes: list[Route] = []
        auth = self.document.get("x-pbx-auth") or {}
        for flow in ("login", "refresh", "logout"):
            for index, step in enumerate(auth.get(flow) or []):
                routes.append(
                    Route(self.mount + step["path"], self._auth_endpoint(flow, index, step), methods=[step["method"]])
                )
        by_path: dict[str, dict[str, Operation]] = {}
        for op in iter_operations(self.document):
            by_path.setdefault(op.path, {})[op.method.upper()] = op
        # Literal paths before templated ones, so `/x/summary` wins over `/x/{id}`.
        for path in sorted(by_path, key=lambda p: (p.count("{"), p)):
            routes.append(Route(self.mount + path, self._endpoint(by_path[path]), methods=list(by_path[path])))
        routes.append(Route(INTROSPECTION_PATH, self._introspection, methods=["GET", "DELETE"]))
        routes.append(Route("/{rest:path}", self._not_found, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]))
        return routes

    async def _introspection(self, request: Request) -> Response:
        if request.method == "DELETE":
            self.log.clear()
            return Response(status_code=204)
        return JSONResponse([r.as_dict() for r in self.log.records()])

    async def _not_found(self, request: Request) -> Response:
        reply = self.api.refuse(Rejection("not_found", f"no operation at {request.url.path}"), self.options)
        self.log.append(RequestRecord(request.method, request.url.path, reply.status, None, None))
        return reply.to_response()

    # -- request pipeline -----------------------------------------------------------------------
    async def _read_body(self, request: Request) -> bytes:
        limit = self.options.max_body_bytes
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise Rejection("too_large", f"request body larger than {limit} bytes")
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise Rejection("too_large", f"request body larger than {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _endpoint(self, operations: dict[str, Operation]):  # type: ignore[no-untyped-def]
        async def endpoint(request: Request) -> Response:
            op = operations.get(request.method)
            if op is None:
                refusal = Rejection("method_not_allowed", f"{request.method} not allowed here")
                reply = self.api.refuse(refusal, self.options)
                self.log.append(RequestRecord(request.method, request.url.path, reply.status, None, None))
                return reply.to_response()
            ext = operation_extensions(op)
            try:
                raw = await self._read_body(request)
                reply = self._handle(request, op, raw)
            except Rejection as rejection:
                reply = self._refusal(rejection)
            except Exception:  # the simulator answers 4XX, never 5XX (unless a robustness fault says so)
                logger.exception("handler failed for %s", op.operation_id)
                reply = self._refusal(Rejection("invalid", "the request could not be processed"))
                reply.status = self.fault.status.get("crash", reply.status)
            self.log.append(RequestRecord(request.method, request.url.path, reply.status, op.operation_id, ext.access))
            return reply.to_response()

        return endpoint

    def _refusal(self, rejection: Rejection) -> Reply:
        reply = self.api.refuse(rejection, self.options)
        forced = self.fault.status.get("malformed" if rejection.kind in ("malformed", "too_large") else "invalid")
        if forced is not None and rejection.kind in ("malformed", "too_large", "invalid"):
            reply.status = forced
        return reply

    def _token(self, request: Request) -> str | None:
        if self.api.token_reader is not None:
            return self.api.token_reader(request, self.document, self.options)
        return presented_token(request, self.document)

    def _principal(self, request: Request) -> Principal:
        if "auth" in self.fault.skip_rules:
            try:
                return self.tokens.principal(self._token(request))
            except Rejection:
                return Principal("anonymous")
        return self.tokens.principal(self._token(request))

    def _handle(self, request: Request, op: Operation, raw: bytes) -> Reply:
        ext = operation_extensions(op)
        principal = self._principal(request)
        has_json_body = "application/json" in ((op.operation.get("requestBody") or {}).get("content") or {})
        body = parse_json_body(raw, max_bytes=self.options.max_body_bytes) if has_json_body else None
        if has_json_body and body is None and raw.strip():
            raise Rejection("invalid", "the request body is JSON null; send an object or nothing")
        query = {key: value for key, value in request.query_params.multi_items()}
        body, query = rules.apply_request_edits(self.fault.request, op.operation_id, body, query)
        if "schema" not in self.fault.skip_rules:
            edited = raw if body is None else rules.json_bytes(body)
            relaxed = self.api.relaxed_fields(self.options) if self.api.relaxed_fields else frozenset()
            rules.validate_schema(self.document, op, StarletteOpenAPIRequest(request, edited), query,
                                  self.fault.skip_schema_fields | relaxed)
        window = rules.check_window(ext.time_window, body, query, self) if ext.time_window else None
        rules.check_ascending(body, self.ascending_fields, self.fault.skip_rules)
        rules.check_ordered_fields(op.operation.get("x-pbx-ordered-fields") or [], body, query, self.fault.skip_rules)
        ctx = RequestContext(self, op, ext, principal, dict(request.path_params), query, body, window)
        if op.operation_id in self.fault.noop:
            return rules.noop_reply(op)
        handler = self.api.handlers.get(op.operation_id)
        if handler is None:
            raise Rejection("not_found", f"{op.operation_id} is not implemented by the simulator")
        reply = handler(ctx)
        edits = self.fault.response_edits(op.operation_id, reply.status)
        if edits and reply.content is None:
            reply.body = apply_response_edits(reply.body, edits)
        return reply

    # -- authentication flows -------------------------------------------------------------------
    def _auth_endpoint(self, flow: str, index: int, step: dict[str, Any]):  # type: ignore[no-untyped-def]
        async def endpoint(request: Request) -> Response:
            try:
                raw = await self._read_body(request)
                body = parse_json_body(raw) if raw.strip() else None
                reply = self._auth_step(flow, step, request, body)
            except Rejection as rejection:
                reply = self.api.refuse(rejection, self.options)
            self.log.append(RequestRecord(request.method, request.url.path, reply.status, f"auth:{flow}", "auth"))
            return reply.to_response()

        return endpoint

    def _auth_step(self, flow: str, step: dict[str, Any], request: Request, body: Any) -> Reply:
        for header, expected in (step.get("headers") or {}).items():
            if request.headers.get(header) != expected:
                raise Rejection("unauthenticated", f"header {header} must be {expected!r}")
        inputs = step_inputs(step, body, dict(request.query_params))
        if flow == "logout":
            self.tokens.revoke(self._token(request) or inputs.get("token"))
            return Reply(200, self.api.auth_reply({}))
        if "username" in inputs:
            principal = self.tokens.login(inputs.get("username"), inputs.get("password"))
        elif "refresh_token" in inputs:
            principal = self.tokens.redeem_refresh(inputs["refresh_token"])
        elif "api_key" in inputs:
            principal = self.tokens.redeem_api_key(inputs["api_key"])
        else:
            raise Rejection("invalid", "login step takes no credentials")
        issued = self.tokens.issue(principal)
        answer: dict[str, Any] = {}
        for name, pointer in (step.get("save") or {}).items():
            put_pointer(answer, pointer, issued.get(name, issued["token"]))
        return Reply(200, self.api.auth_reply(answer))


def create_simulator(options: SimulatorOptions, store: Any = None) -> Simulator:
    """A ready simulator for ``options`` (the store is generated when not given)."""
    if store is None:
        from conformance.simulator.storefactory import build_store

        store = build_store(options)
    return Simulator(options, store)
