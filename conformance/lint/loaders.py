"""Turn a file (normalised spec, PortSIP-kind markdown, prose with JSON examples) into lint documents."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from conformance.errors import ConfigError
from conformance.lint.model import LintDocument
from conformance.normalise.markdown import merge_raw, parse_fragments

# Text that identifies which API a vendor document describes (first match wins).
SPEC_SIGNATURES: tuple[tuple[str, str], ...] = (
    ("/dataflow/", "portsip-dataflow"),
    ("/call_reports", "portsip-cdr"),
    ("call_report/download", "yeastar-call-report"),
    ("/v2/report/", "fusionpbx-report"),
    ("pbx/cdrstats", "telecomx-cdrstats"),
)

_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*$")
_FENCE = re.compile(r"^```")


def detect_spec(text: str) -> str | None:
    """The spec name a vendor document is about, from its signature text."""
    for needle, name in SPEC_SIGNATURES:
        if needle in text:
            return name
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None


def extract_examples(text: str) -> dict[str, Any]:
    """JSON values in a prose document, grouped by markdown section.

    A value starts on a line whose first non-blank character is ``{`` or ``[``. Text that looks
    like a value but does not parse is kept as ``unparsed`` so rules can report it; when it reads
    as a JavaScript object literal (bare keys, single quotes, trailing commas) its value is kept
    as ``lenient`` too.
    """
    sections: list[dict[str, Any]] = [{"title": "", "line": 1, "examples": []}]
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    decoder = json.JSONDecoder()
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        heading = _HEADING.match(line)
        if heading:
            sections.append({"title": heading.group(1), "line": index + 1, "examples": []})
        elif stripped[:1] in ("{", "[") and not _FENCE.match(stripped):
            start = offsets[index] + (len(line) - len(line.lstrip()))
            try:
                value, end = decoder.raw_decode(text, start)
            except json.JSONDecodeError as exc:
                entry: dict[str, Any] = {"line": index + 1, "unparsed": stripped[:200], "error": exc.msg}
                lenient = _lenient_value(text, start)
                if lenient is not None:
                    entry["lenient"] = lenient
                sections[-1]["examples"].append(entry)
                index += 1
                continue
            if isinstance(value, dict | list) and value:
                sections[-1]["examples"].append({"line": index + 1, "value": value})
            index = text.count("\n", 0, end) + 1
            continue
        index += 1
    return {"sections": [s for s in sections if s["examples"] or s["title"]]}


# Tokens of a JavaScript object literal: strings in either quote, bare words, anything else.
_JS_TOKEN = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$]*|\s+|.""", re.S)
_JS_WORDS = {"true": "true", "false": "false", "null": "null"}


def _lenient_value(text: str, start: int) -> Any:
    """The value of a JavaScript object literal starting at ``start``, or None."""
    out: list[str] = []
    depth = 0
    for match in _JS_TOKEN.finditer(text, start):
        token = match.group(0)
        if token[0] == "'":
            token = json.dumps(token[1:-1].replace("\\'", "'"))
        elif token[0] == '"' or token.isspace():
            pass
        elif token[0].isalpha() or token[0] in "_$":
            token = _JS_WORDS.get(token, json.dumps(token))
        elif token in "{[":
            depth += 1
        elif token in "}]":
            depth -= 1
            while out and (out[-1].isspace() or out[-1] == ","):  # trailing commas
                out.pop()
        out.append(token)
        if depth == 0:
            break
    try:
        value = json.loads("".join(out))
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict | list) and value else None


def load_text(text: str, source: str, spec: str | None = None) -> list[LintDocument]:
    """Lint documents for the content of one file."""
    stripped = text.lstrip()
    if stripped.startswith(("openapi:", "{", "---", "#")) or source.endswith((".yaml", ".yml", ".json")):
        parsed = _parse_structured(text, source)
        if isinstance(parsed, dict) and "openapi" in parsed:
            api = parsed.get("x-pbx-api") or {}
            name = spec or api.get("name") or detect_spec(text)
            return [LintDocument(source, "openapi", parsed, name, normalised="x-pbx-api" in parsed)]
    name = spec or detect_spec(text)
    fragments = parse_fragments(text)
    if fragments:
        return [LintDocument(source, "openapi", merge_raw(fragments), name)]
    return [LintDocument(source, "examples", extract_examples(text), name)]


def _parse_structured(text: str, source: str) -> Any:
    if not source.endswith((".yaml", ".yml", ".json")):
        return None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        raise ConfigError(f"{source}: not valid YAML or JSON") from None


def load_path(path: Path, spec: str | None = None) -> list[LintDocument]:
    """Lint documents for the file at ``path``."""
    return load_text(_read(path), str(path), spec)
