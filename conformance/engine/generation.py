"""Requests from the spec: Schemathesis generates them, the domain strategies make them realistic."""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
from pathlib import Path
from typing import Any, TypeVar

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core import NotSet

from conformance.engine.contested import Contest
from conformance.engine.requests import NO_BODY, RequestSpec
from conformance.extensions import operation_extensions
from conformance.prose_rules import strictly_ascending_schemas
from conformance.refs import resolve_ref
from conformance.request_validation import tagged_alternatives
from conformance.specs import Operation, iter_operations, read_yaml
from strategies import windows_for
from strategies.time import Window

T = TypeVar("T")
_DRAWN: dict[tuple[str, str, int, str], list[RequestSpec]] = {}  # generated requests by their inputs
_DRAWN_MAX = 4000
FIELD_SOURCES: dict[str, dict[str, Any]] = read_yaml(Path(__file__).with_name("field_sources.yaml"))


def field_schemas(document: dict[str, Any], op: dict[str, Any], location: str, name: str) -> list[dict[str, Any]]:
    """The schemas (resolved, inside the document copy) that describe one request field."""
    found: list[dict[str, Any]] = []
    if location == "body":
        body = ((op.get("requestBody") or {}).get("content") or {}).get("application/json") or {}
        stack = [resolve_ref(document, body.get("schema"))]
        while stack:
            schema = stack.pop()
            if not isinstance(schema, dict):
                continue
            sub = (schema.get("properties") or {}).get(name)
            if sub is not None:
                found.append(resolve_ref(document, sub))
            for key in ("allOf", "oneOf", "anyOf"):
                stack.extend(resolve_ref(document, s) for s in schema.get(key) or [])
    else:
        for param in op.get("parameters") or []:
            param = resolve_ref(document, param)
            if param.get("in") == location and param.get("name") == name:
                found.append(resolve_ref(document, param.get("schema")))
    return found


def prepare_document(document: dict[str, Any], contests: tuple[Contest, ...]) -> dict[str, Any]:
    """The spec as the generator should see it: no security (the client adds credentials) and no
    enum value whose acceptance an ambiguous erratum leaves open (the probes phase sends those)."""
    doc = copy.deepcopy(document)
    doc.pop("security", None)
    for op in iter_operations(doc):
        op.operation.pop("security", None)
        for contest in contests:
            if not contest.about_values or op.operation_id not in contest.operations:
                continue
            (location, name), = contest.fields
            for schema in field_schemas(doc, op.operation, location, name):
                enum = schema.get("enum")
                if isinstance(enum, list) and any(v not in contest.values for v in enum):
                    schema["enum"] = [v for v in enum if v not in contest.values]
    return doc


def load_schema(document: dict[str, Any]) -> Any:
    return schemathesis.openapi.from_dict(document)


def draw(strategy: st.SearchStrategy[T], count: int, seed: int) -> list[T]:
    """Up to ``count`` examples of ``strategy``, reproducibly for a given ``seed``."""
    drawn: list[T] = []

    @hypothesis_seed(seed)
    @settings(max_examples=max(count, 1), database=None, deadline=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(value: T) -> None:
        drawn.append(value)

    # Unsatisfiable: e.g. no negative case exists for an operation without constraints; keep what was drawn.
    with contextlib.suppress(Unsatisfiable):
        collect()
    return drawn[:count]


def to_request(op: Operation, case: Any) -> RequestSpec:
    body = case.body
    return RequestSpec(
        operation=op,
        path={k: v for k, v in (case.path_parameters or {}).items()},
        query={k: v for k, v in (case.query or {}).items()},
        body=NO_BODY if isinstance(body, NotSet) else copy.deepcopy(body),
        media_type=case.media_type or "application/json",
        note=_description(case),
    )


def _description(case: Any) -> str:
    data = getattr(getattr(case.meta, "phase", None), "data", None) if case.meta is not None else None
    return " ".join(str(getattr(data, "description", "") or "").split())


def _replace_named(value: Any, strategies: dict[str, st.SearchStrategy[Any]], draw_: st.DrawFn) -> Any:
    """``value`` with every list under a name in ``strategies`` replaced by a drawn one."""
    if isinstance(value, dict):
        return {k: (draw_(strategies[k]) if k in strategies and isinstance(v, list) else
                    _replace_named(v, strategies, draw_)) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_named(v, strategies, draw_) for v in value]
    return value


def _is_negative(case: Any) -> bool:
    meta = case.meta
    return meta is not None and any(c.mode is GenerationMode.NEGATIVE for c in meta.components.values())


def _prefer(values: list[Any], source: dict[str, Any]) -> st.SearchStrategy[Any]:
    if source.get("many"):
        return st.lists(st.sampled_from(values), min_size=1, max_size=min(3, len(values)), unique=True)
    if source.get("join"):
        return st.lists(st.sampled_from([str(v) for v in values]), min_size=1, max_size=min(3, len(values)),
                        unique=True).map(source["join"].join)
    return st.sampled_from(values)


class RequestFactory:
    """Builds realistic requests for one spec: Schemathesis cases with windows and ids from the fixtures."""

    def __init__(self, schema: Any, fixtures: Any, zone: Any, display: Any, seed: int) -> None:
        self.schema = schema
        self.fixtures = fixtures
        self.zone = zone
        self.display = display
        self.seed = seed
        # what generation depends on, so equal factories (the same spec, fixtures and seed in one process:
        # the pytest plugin, the self-tests) draw once
        self._inputs = hashlib.sha256(json.dumps(
            [schema.raw_schema, getattr(fixtures, "facts", None), str(zone), str(display), seed],
            sort_keys=True, default=str).encode()).hexdigest()

    def _window_strategy(self, op: Operation) -> st.SearchStrategy[Window] | None:
        """Valid windows for ``op``: inside the fixtures' window when it fits, some starting on the hour or at
        midnight (so timeseries alignment can be judged), the rest anywhere."""
        window = operation_extensions(op).time_window
        if window is None:
            return None
        offsets = st.just(self.zone) if window.notation in ("local_datetime", "display_datetime") else None
        candidates: list[st.SearchStrategy[Window]] = []
        for within in ([self.fixtures.window] if self.fixtures.window is not None else []) + [None]:
            for align in (None, 3600, 86400):
                try:
                    strategy = windows_for(window, display=self.display, offsets=offsets, within=within, align=align)
                    strategy.validate()
                except InvalidArgument:
                    continue
                candidates.append(strategy)
            if candidates:
                break
        return st.one_of(candidates) if candidates else None

    @staticmethod
    def _ascending_arrays(document: dict[str, Any]) -> dict[str, st.SearchStrategy[list[Any]]]:
        """Strictly ascending arrays valid for each marked property (its size and item bounds)."""
        strategies: dict[str, st.SearchStrategy[list[Any]]] = {}
        for name, schema in strictly_ascending_schemas(document).items():
            items = resolve_ref(document, schema.get("items") or {})
            if items.get("type") != "integer":
                continue
            low, high = int(items.get("minimum", 0)), int(items.get("maximum", 10**6))
            size_min, size_max = int(schema.get("minItems", 0)), int(schema.get("maxItems", 20))
            strategies[name] = st.lists(st.integers(low, high), min_size=size_min, max_size=size_max,
                                        unique=True).map(sorted)
        return strategies

    def _fixture_values(self, request: RequestSpec) -> dict[tuple[str, str], st.SearchStrategy[Any]]:
        preferred = self.fixtures.preferred_values()
        choices: dict[tuple[str, str], st.SearchStrategy[Any]] = {}
        containers = {"query": request.query, "body": request.body if isinstance(request.body, dict) else {}}
        for location, values in containers.items():
            for name in list(values):
                if preferred.get(name):
                    choices[(location, name)] = st.sampled_from(preferred[name])
                elif name in FIELD_SOURCES and self.fixtures.ids(FIELD_SOURCES[name]["key"]):
                    source = FIELD_SOURCES[name]
                    choices[(location, name)] = _prefer(self.fixtures.ids(source["key"]), source)
        return choices

    def strategy(self, op: Operation, mode: GenerationMode = GenerationMode.POSITIVE,
                 fixed_query: dict[str, Any] | None = None) -> st.SearchStrategy[RequestSpec]:
        st_op = self.schema.find_operation_by_id(op.operation_id)
        if mode is not GenerationMode.POSITIVE:
            # Negative mode also emits positive cases (e.g. an optional body left out): keep the invalid ones.
            return st_op.as_strategy(generation_mode=mode).filter(_is_negative).map(lambda case: to_request(op, case))
        cases = st_op.as_strategy(generation_mode=mode).map(lambda case: to_request(op, case))
        if fixed_query:  # one alternative of a tagged parameter: keep the cases generated for it
            cases = cases.filter(lambda request: all(request.query.get(k) == v for k, v in fixed_query.items()))
        window_strategy = self._window_strategy(op)
        window = operation_extensions(op).time_window

        document = self.schema.raw_schema

        def carries_window(request: RequestSpec) -> bool:
            """The request has a window field already, or the operation declares one directly (an exploded
            object parameter declares its fields only for some of its alternatives)."""
            assert window is not None
            if any(request.value(ref.location, ref.name) is not None for ref in (window.start, window.end)):
                return True
            return bool(field_schemas(document, op.operation, window.start.location, window.start.name))

        ascending = self._ascending_arrays(document)

        @st.composite
        def realistic(draw_: st.DrawFn) -> RequestSpec:
            request = draw_(cases)
            if ascending and isinstance(request.body, dict) and draw_(st.integers(0, 9)) < 8:
                request.body = _replace_named(request.body, ascending, draw_)
            if (window is not None and window_strategy is not None and carries_window(request)
                    and draw_(st.integers(0, 9)) < 8):
                chosen = draw_(window_strategy)
                request = request.with_value(window.start.location, window.start.name, chosen.start_text)
                request = request.with_value(window.end.location, window.end.name, chosen.end_text)
            for (location, name), values in self._fixture_values(request).items():
                if draw_(st.integers(0, 9)) < 7:
                    request = request.with_value(location, name, draw_(values))
            return request

        return realistic()

    def requests(self, op: Operation, count: int, mode: GenerationMode = GenerationMode.POSITIVE) -> list[RequestSpec]:
        """``count`` requests; for a query parameter made of tagged alternatives (Yeastar's report types),
        at least one per alternative, so every alternative is exercised. Deterministic: drawn once per inputs."""
        key = (self._inputs, op.operation_id, count, mode.name)
        if key not in _DRAWN:
            if len(_DRAWN) >= _DRAWN_MAX:
                _DRAWN.pop(next(iter(_DRAWN)))
            _DRAWN[key] = self._draw_requests(op, count, mode)
        return [RequestSpec(op, r.path, r.query, r.body, r.media_type, r.note).copy() for r in _DRAWN[key]]

    def _draw_requests(self, op: Operation, count: int, mode: GenerationMode) -> list[RequestSpec]:
        salt = sum(map(ord, op.operation_id)) + (1000 if mode is not GenerationMode.POSITIVE else 0)
        tags = tagged_alternatives(self.schema.raw_schema, op) if mode is GenerationMode.POSITIVE else []
        if not tags:
            return draw(self.strategy(op, mode), count, self.seed + salt)
        each = max(1, -(-count // len(tags)))
        return [request for index, fixed in enumerate(tags)
                for request in draw(self.strategy(op, mode, fixed), each, self.seed + salt + index)]
