"""Which documented request parameters a run proved to have their effect, and by which relation.

A relation (an invariant or metamorphic check) names the parameters whose effect on the data it proves
(``covers``); generic checks cover the parameters the spec's extensions name (the window by the points-in-window
check, paging by the paging checks, the step parameter by the grid checks). A parameter counts as exercised on
an operation when a relation covering it was evaluated there in this run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance.checkapi.model import CheckInfo
from conformance.engine.results import SpecRun
from conformance.extensions import operation_extensions
from conformance.refs import resolve_ref
from conformance.request_validation import exploded_object_params, query_credential_names
from conformance.specs import Operation, iter_operations

EFFECT_KINDS = ("invariant", "metamorphic", "lifecycle")


def _properties(document: dict[str, Any], schema: Any) -> dict[str, dict[str, Any]]:
    """Name -> resolved schema of every property of an object schema, its allOf/oneOf/anyOf parts included."""
    found: dict[str, dict[str, Any]] = {}
    stack = [resolve_ref(document, schema)]
    while stack:
        node = stack.pop(0)
        if not isinstance(node, dict):
            continue
        for name, sub in (node.get("properties") or {}).items():
            found.setdefault(name, resolve_ref(document, sub))
        for key in ("allOf", "oneOf", "anyOf"):
            stack.extend(resolve_ref(document, s) for s in node.get(key) or [])
    return found


def _schemas(document: dict[str, Any], op: Operation) -> dict[str, dict[str, Any]]:
    """``location.name`` -> schema of every request value the operation documents (credentials left out); an
    exploded object query parameter stands for its properties, each its own query parameter."""
    secret = query_credential_names(document)
    found: dict[str, dict[str, Any]] = {}
    exploded = {p["name"] for p in exploded_object_params(document, op.operation)}
    for raw in [*(op.path_item.get("parameters") or []), *(op.operation.get("parameters") or [])]:
        param = resolve_ref(document, raw)
        if param.get("in") not in ("query", "path", "header") or param.get("name") in secret:
            continue
        if param.get("name") in exploded:
            found.update({f"query.{n}": s for n, s in _properties(document, param.get("schema")).items()})
        else:
            found[f"{param['in']}.{param['name']}"] = {**resolve_ref(document, param.get("schema") or {}),
                                                       **{k: v for k, v in param.items() if k.startswith("x-")}}
    body = (((op.operation.get("requestBody") or {}).get("content") or {}).get("application/json") or {})
    if body:
        found.update({f"body.{n}": s for n, s in _properties(document, body.get("schema")).items()})
    return found


def request_parameters(document: dict[str, Any], op: Operation) -> list[str]:
    """``location.name`` of every request value the operation documents (credentials left out)."""
    return list(_schemas(document, op))


def shaping_parameters(document: dict[str, Any], op: Operation) -> list[str]:
    """The documented request values that select or shape data: all but those the spec marks
    ``x-pbx-shaping: false`` (an async switch, a file name that only names what to fetch...)."""
    return [name for name, schema in _schemas(document, op).items() if schema.get("x-pbx-shaping") is not False]


def implicit_covers(op: Operation) -> dict[str, tuple[str, ...]]:
    """Check id -> the parameters a generic check covers on ``op``, by the spec's extensions."""
    ext = operation_extensions(op)
    covers: dict[str, tuple[str, ...]] = {}
    if ext.time_window is not None and ext.timeseries is not None:
        covers["TS-POINTS-IN-WINDOW"] = (ext.time_window.start.name, ext.time_window.end.name)
    if ext.timeseries is not None and ext.timeseries.param is not None:
        covers["TS-POINTS-ALIGNED"] = covers["TS-POINT-COUNT"] = (ext.timeseries.param.name,)
    if ext.pagination is not None:
        covers["PAGE-TOP-RESPECTED"] = (ext.pagination.top,)
        covers["PAGE-NO-OVERLAP"] = (ext.pagination.skip, ext.pagination.top)
        if ext.pagination.count:
            covers["PAGE-COUNT-CONSISTENT"] = (ext.pagination.count,)
    return covers


@dataclass
class ParameterCoverage:
    """One documented request parameter of one operation: the relations that could prove its effect and those
    that did in this run."""

    operation: str
    parameter: str
    relations: list[str] = field(default_factory=list)
    exercised_by: list[str] = field(default_factory=list)
    shaping: bool = True  # False: the spec marks it as selecting or shaping no data

    @property
    def covered(self) -> bool:
        return bool(self.exercised_by)

    def as_dict(self) -> dict[str, Any]:
        return {"operation": self.operation, "parameter": self.parameter, "relations": self.relations,
                "exercised_by": self.exercised_by, "covered": self.covered, "shaping": self.shaping}


def _applies(info: CheckInfo, spec: str, op: Operation) -> bool:
    return (info.spec in (None, spec)) and (not info.operations or op.operation_id in info.operations)


def coverage(document: dict[str, Any], spec: str, checks: list[CheckInfo],
             run: SpecRun | None = None) -> list[ParameterCoverage]:
    """The coverage table of a spec: every documented request parameter with its relations; with ``run``,
    which of them were evaluated on the operation."""
    table: list[ParameterCoverage] = []
    for op in iter_operations(document):
        implicit = implicit_covers(op)
        shaping = set(shaping_parameters(document, op))
        for parameter in request_parameters(document, op):
            name = parameter.split(".", 1)[1]
            relations = [c.id for c in checks if c.kind in EFFECT_KINDS and _applies(c, spec, op)
                         and (name in c.covers or parameter in c.covers or name in implicit.get(c.id, ()))]
            exercised = [] if run is None else [
                c for c in relations if (result := run.results.get((c, op.operation_id))) is not None
                and result.runs > 0]
            table.append(ParameterCoverage(op.operation_id, parameter, relations, exercised, parameter in shaping))
    return table
