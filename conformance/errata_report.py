"""The errata register of one vendor document as a report for the vendor (Markdown or self-contained HTML).

Each defect comes with its evidence (the document's own conflicting words and places), its impact,
the normalised spec's choice and where the spec keeps it, how it was found (a lint rule, or review
and why no rule can) and, given a run's ``results.json``, which reading the tested server implements.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2

from conformance.errata import Erratum, load_errata
from conformance.errors import ConfigError
from conformance.pointers import split
from conformance.specs import load_spec

TEMPLATE = Path(__file__).resolve().parent / "errata_report.html.j2"


def read_results(path: Path) -> dict[str, Any]:
    """A run's results.json (ConfigError when it cannot be read or has no observations list)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("observations"), list):
        raise ConfigError(f"{path}: not a results.json of a run (no `observations` list)")
    return data


def _citations(spec: dict[str, Any]) -> dict[str, list[str]]:
    """Erratum id -> readable places of the normalised spec that cite it in ``x-pbx-errata``."""
    found: dict[str, list[str]] = {}
    stack: list[tuple[str, Any]] = [("", spec)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            for erratum in node.get("x-pbx-errata") or []:
                found.setdefault(str(erratum), []).append(_place(spec, pointer))
            stack.extend((f"{pointer}/{k.replace('~', '~0').replace('/', '~1')}", v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((f"{pointer}/{i}", v) for i, v in enumerate(node))
    return {k: sorted(set(v)) for k, v in found.items()}


def _place(spec: dict[str, Any], pointer: str) -> str:
    tokens = split(pointer)
    if len(tokens) >= 3 and tokens[0] == "paths":
        op = (spec["paths"].get(tokens[1]) or {}).get(tokens[2])
        label = op.get("operationId") if isinstance(op, dict) else None
        rest = "/".join(tokens[3:])
        return f"{label or tokens[2].upper() + ' ' + tokens[1]}{' › ' + rest if rest else ''}"
    if len(tokens) >= 3 and tokens[:2] == ["components", "schemas"]:
        return "schema " + "/".join(tokens[2:])
    return pointer or "document"


def _entry(erratum: Erratum, citations: dict[str, list[str]], observations: list[dict[str, Any]]) -> dict[str, Any]:
    raw = erratum.raw
    location = raw["location"]
    readings = {r["id"]: r["description"] for r in raw.get("readings", [])}
    seen = []
    for observation in observations:
        implemented = [str(r) for r in observation.get("implemented") or []]
        seen.append({
            "operation": observation.get("operation", ""),
            "implemented": [f"{r}: {readings.get(r, '(not a documented reading)')}" for r in implemented],
            "summary": observation.get("summary", ""),
            "outcomes": observation.get("readings") or {},
        })
    return {
        "id": erratum.id,
        "kind": erratum.kind,
        "summary": erratum.summary,
        "operation": location.get("operation"),
        "section": location.get("section"),
        "pointers": [p for p in (location.get("pointer"), *location.get("also", [])) if p is not None],
        "evidence": list(raw["evidence"]),
        "impact": raw["impact"],
        "resolution": raw["resolution"],
        "kept_at": citations.get(erratum.id, []),
        "detected_by": erratum.detected_by,
        "no_rule": erratum.no_rule,
        "ambiguous": erratum.ambiguous,
        "readings": readings,
        "simulator_reading": erratum.simulator_reading,
        "observations": seen,
    }


def build(spec: str, results: dict[str, Any] | None = None) -> dict[str, Any]:
    """The report's content for ``spec``: the API, every erratum of it, and the run's observations."""
    document = load_spec(spec)
    citations = _citations(document)
    observations = [o for o in (results or {}).get("observations", []) if isinstance(o, dict)
                    and o.get("spec") == spec]
    errata = [e for e in load_errata() if e.spec == spec]
    entries = [_entry(e, citations, [o for o in observations if o.get("erratum") == e.id]) for e in errata]
    run = None
    if results is not None:
        run = {"started": results.get("started", ""), "verdict": results.get("verdict", ""),
               "probed": sum(1 for e in entries if e["observations"])}
    api = document.get("x-pbx-api") or {"name": spec}
    product = str(api.get("product") or "")
    vendor = str(api.get("vendor") or "")
    title = " ".join(p for p in (vendor if vendor not in product else "", product, str(api.get("version") or "")) if p)
    return {
        "spec": spec,
        "title": title or spec,
        "api": api,
        "errata": entries,
        "counts": {
            "total": len(entries),
            "ambiguous": sum(1 for e in entries if e["ambiguous"]),
            "by_rule": sum(1 for e in entries if e["detected_by"] != "review"),
        },
        "run": run,
    }


def _md(text: Any) -> str:
    """Text safe inside Markdown prose (no raw HTML, no accidental tables)."""
    return str(text).replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _code(text: Any) -> str:
    value = str(text)
    fence = "``" if "`" in value else "`"
    return f"{fence}{value}{fence}"


def to_markdown(report: dict[str, Any]) -> str:
    """The report as Markdown (for a ticket or an e-mail to the vendor)."""
    api, counts = report["api"], report["counts"]
    lines = [f"# Defects of the {_md(report['title'])} document", ""]
    if api.get("source"):
        lines += [f"Document: {_code(api['source'])} (normalised as {_code(report['spec'])}).", ""]
    lines += [f"{counts['total']} defects; {counts['ambiguous']} leave two readings open; "
              f"{counts['by_rule']} are found by `pbx-conformance lint`, the others by review.", ""]
    if report["run"] is not None:
        run = report["run"]
        lines += [f"Run of {_md(run['started'])} (verdict {_md(run['verdict'])}): {run['probed']} of these "
                  f"defects were probed on the tested server.", ""]
    for e in report["errata"]:
        lines += [f"## {e['id']}: {_md(e['summary'])}", "", f"- Kind: {e['kind']}"]
        where = [f"operation {_code(e['operation'])}" if e["operation"] else "",
                 f"section {_md(e['section'])}" if e["section"] else ""]
        if any(where):
            lines.append("- Where: " + ", ".join(w for w in where if w))
        if e["pointers"]:
            lines.append("- In the document at: " + ", ".join(_code(p) for p in e["pointers"][:6])
                         + (f" and {len(e['pointers']) - 6} more" if len(e["pointers"]) > 6 else ""))
        lines.append("- Evidence:")
        lines += [f"  - {_md(item)}" for item in e["evidence"]]
        lines += [f"- Impact: {_md(e['impact'])}", f"- The normalised spec: {_md(e['resolution'])}"]
        if e["kept_at"]:
            lines.append("- Marked in the normalised spec at: " + ", ".join(_md(p) for p in e["kept_at"]))
        if e["readings"]:
            lines.append("- Readings:")
            lines += [f"  - {_code(rid)}{' (the simulator default)' if rid == e['simulator_reading'] else ''}: "
                      f"{_md(text)}" for rid, text in e["readings"].items()]
        found = f"lint rule {_code(e['detected_by'])}" if e["detected_by"] != "review" else \
            f"review (no rule: {_md(e['no_rule'])})"
        lines.append(f"- Found by: {found}")
        if report["run"] is not None:
            if e["observations"]:
                for o in e["observations"]:
                    implemented = "; ".join(_md(i) for i in o["implemented"]) or "none of the documented readings"
                    lines.append(f"- Tested server ({_code(o['operation'])}): implements {implemented}. "
                                 f"{_md(o['summary'])}")
            elif e["ambiguous"]:
                lines.append("- Tested server: not probed in this run.")
        lines.append("")
    return "\n".join(lines)


def to_html(report: dict[str, Any]) -> str:
    """The report as one self-contained HTML page (inline styles, no scripts, no external assets)."""
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return environment.from_string(TEMPLATE.read_text("utf-8")).render(report=report)
