"""Requests whose acceptance an ambiguous erratum leaves open.

An ambiguous erratum's ``probe`` names what is in dispute: values of one field (``field`` + ``values``,
widened by an optional ``disputed`` JSON Schema for values of the same form), the omission of some fields
(``omit``), or the refusal one negative check expects (``check``); ``where`` narrows it to requests with
given field values. The probes phase observes which reading a target takes; no other phase holds a target
to an answer on a disputed request, in either direction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jsonschema

from conformance.engine.requests import RequestSpec
from conformance.errata import Erratum
from conformance.specs import iter_operations


@dataclass(frozen=True)
class Contest:
    """What one ambiguous erratum disputes, on which operations."""

    erratum: str
    operations: frozenset[str]
    fields: tuple[tuple[str, str], ...] = ()  # (location, name)
    values: tuple[Any, ...] = ()  # value disputes: the values the readings expect
    disputed: dict[str, Any] | None = None  # value disputes: a schema for further values of the same form
    omission: bool = False  # the dispute is whether ``fields`` may be left out
    check: str | None = None  # the dispute is whether the refusal this negative check expects is owed
    where: tuple[tuple[str, str, tuple[Any, ...]], ...] = ()  # (location, name, values) a request must carry

    @property
    def about_values(self) -> bool:
        return not self.omission and self.check is None

    def applies_to(self, request: RequestSpec) -> bool:
        """The request is to a covered operation and carries the ``where`` values."""
        return request.operation.operation_id in self.operations and all(
            request.value(location, name) in values for location, name, values in self.where)

    def covers_field(self, operation_id: str, location: str, name: str) -> bool:
        """Whether the values of this field are in dispute on this operation."""
        return self.about_values and operation_id in self.operations and (location, name) in self.fields

    def disputes(self, request: RequestSpec) -> bool:
        """Whether the target's answer to ``request`` depends on the reading it takes."""
        if self.check is not None or not self.applies_to(request):
            return False
        if self.omission:
            return all(request.value(location, name) is None for location, name in self.fields)
        (location, name), = self.fields
        value = request.value(location, name)
        if value is None:
            return False
        if any(value == candidate for candidate in self.values):
            return True
        return self.disputed is not None and jsonschema.Draft202012Validator(self.disputed).is_valid(value)


def contests(errata: Iterable[Erratum], document: dict[str, Any]) -> tuple[Contest, ...]:
    """The contests of the ambiguous errata with a probe; each covers its probe's operation and every
    operation of ``document`` that cites the erratum (``x-pbx-errata``)."""
    citing: dict[str, set[str]] = {}
    for op in iter_operations(document):
        for erratum_id in op.operation.get("x-pbx-errata") or []:
            citing.setdefault(erratum_id, set()).add(op.operation_id)
    found: list[Contest] = []
    for erratum in errata:
        probe = erratum.raw.get("probe")
        if not (erratum.ambiguous and probe) or "placements" in probe:
            continue  # where the token goes is settled before the run (engine.placement)
        operations = frozenset({probe["operation"], *citing.get(erratum.id, ())})
        where = tuple((w["in"], w["name"], tuple(w["values"])) for w in probe.get("where") or [])
        if "check" in probe:
            found.append(Contest(erratum.id, operations, check=probe["check"], where=where))
        elif "omit" in probe:
            fields = tuple((field["in"], field["name"]) for field in probe["omit"])
            found.append(Contest(erratum.id, operations, fields, omission=True, where=where))
        else:
            field = (probe["field"]["in"], probe["field"]["name"])
            found.append(Contest(erratum.id, operations, (field,), tuple(probe["values"].values()),
                                 probe.get("disputed"), where=where))
    return tuple(found)
