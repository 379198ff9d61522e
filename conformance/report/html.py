"""The HTML report (``report.html``): one self-contained page, rendered from the result document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from conformance.report.document import (
    advisories,
    failed_by_severity,
    not_run_label,
    results_of,
    show_controls,
    transport_note,
)

FILENAME = "report.html"
TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "report.html.j2"
BASELINE_GROUPS = (
    ("new", "New failures", "failures the baseline did not have: these decide the verdict"),
    ("known", "Known failures", "failures the baseline already had"),
    ("fixed", "Fixed", "failed in the baseline, passed in this run"),
)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_visible,
    )
    env.filters["pretty"] = pretty
    env.filters["setting"] = setting
    return env


def _visible(value: Any) -> Any:
    """Every value the template prints: control characters shown as ``\\xNN`` (markup left alone)."""
    return show_controls(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def pretty(value: Any, sort: bool = False) -> str:
    """A body or evidence value as readable text: strings as they are, anything else as indented JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=sort, default=str)


def setting(value: Any) -> str:
    """A run setting as short text."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def _matrix(results: list[dict[str, Any]], anchors: dict[tuple[str, str, str], str]) -> dict[str, Any]:
    """Rows: checks; columns: operations; cells: the result (None where the check was not applied)."""
    operations = sorted({r["operation"] for r in results})
    cells: dict[str, dict[str, dict[str, Any]]] = {}
    for result in results:
        cell = {"status": result["status"], "anchor": anchors.get((result["spec"], result["check"],
                                                                    result["operation"])),
                "title": result["skip_reason"] or result["statement"]}
        cells.setdefault(result["check"], {})[result["operation"]] = cell
    checks = {r["check"]: r for r in results}
    rows = [
        {"check": check, "statement": checks[check]["statement"], "severity": checks[check]["severity"],
         "cells": [cells[check].get(op) for op in operations]}
        for check in sorted(cells)
    ]
    return {"operations": operations, "rows": rows}


def html_context(document: dict[str, Any]) -> dict[str, Any]:
    """What the template shows, worked out from the document (the template only lays it out)."""
    failures = failed_by_severity(document)
    advised = advisories(document)
    anchors = {(r["spec"], r["check"], r["operation"]): f"failure-{n}" for n, r in enumerate(failures, start=1)}
    anchors |= {(r["spec"], r["check"], r["operation"]): f"advisory-{n}" for n, r in enumerate(advised, start=1)}
    specs = [
        {**spec, "matrix": _matrix(results_of(document, spec["spec"]), anchors),
         "transport_note": transport_note(spec.get("transport") or {})}
        for spec in document["specs"]
    ]
    baseline = document.get("baseline")
    return {
        "doc": document,
        "specs": specs,
        "failures": [{**r, "anchor": anchors[(r["spec"], r["check"], r["operation"])]} for r in failures],
        "advisories": [{**r, "anchor": anchors[(r["spec"], r["check"], r["operation"])]} for r in advised],
        "baseline": (
            [{"key": key, "title": title, "note": note, "entries": baseline[key]}
             for key, title, note in BASELINE_GROUPS]
            if baseline is not None else None
        ),
        "requests": sum(s["requests"] for s in document["specs"]),
        "not_run_label": not_run_label(document),
    }


def render_html(document: dict[str, Any]) -> str:
    """The HTML report of a result document."""
    return _environment().get_template(TEMPLATE).render(html_context(document))


def write_html(document: dict[str, Any], directory: Path) -> Path:
    path = directory / FILENAME
    path.write_text(render_html(document), encoding="utf-8")
    return path
