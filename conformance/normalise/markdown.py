"""Read vendor markdown that embeds one OpenAPI JSON fragment per operation."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from conformance.errors import ConfigError

_FENCE = re.compile(r"^```(?P<lang>[A-Za-z0-9_-]*)[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*$", re.M)


@dataclass(frozen=True)
class Fragment:
    """One OpenAPI fragment and the markdown section it sits in."""

    title: str
    prose: str
    document: dict[str, Any] = field(repr=False)
    line: int


def _section_title(text: str, offset: int) -> tuple[str, str]:
    """Title of the last heading before ``offset`` and the prose between it and ``offset``."""
    title, start = "", 0
    for match in _HEADING.finditer(text, 0, offset):
        title, start = match.group(2), match.end()
    return title, text[start:offset].strip()


def parse_fragments(text: str) -> list[Fragment]:
    """Every JSON code block of ``text`` that is an OpenAPI document, in order."""
    fragments: list[Fragment] = []
    for match in _FENCE.finditer(text):
        body = match.group("body").strip()
        if not body.startswith("{"):
            continue
        line = text.count("\n", 0, match.start()) + 1
        try:
            document = json.loads(body)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"line {line + exc.lineno}: JSON fragment does not parse: {exc.msg}") from None
        if not isinstance(document, dict) or "openapi" not in document:
            continue
        title, prose = _section_title(text, match.start())
        fragments.append(Fragment(title=title, prose=prose, document=document, line=line))
    return fragments


def merge_raw(fragments: list[Fragment]) -> dict[str, Any]:
    """Merge fragments into one OpenAPI document without changing any of their content.

    The first fragment gives ``openapi``, ``info``, ``servers`` and ``security``; ``tags`` and
    ``components`` are united; ``paths`` are merged operation by operation.
    """
    if not fragments:
        raise ConfigError("no OpenAPI fragments found in the document")
    first = fragments[0].document
    merged: dict[str, Any] = {
        key: first[key] for key in ("openapi", "info", "servers", "security") if key in first
    }
    tags: dict[str, Any] = {}
    components: dict[str, dict[str, Any]] = {}
    paths: dict[str, dict[str, Any]] = {}
    for fragment in fragments:
        doc = fragment.document
        for tag in doc.get("tags", []):
            tags.setdefault(tag.get("name"), tag)
        for section, entries in (doc.get("components") or {}).items():
            components.setdefault(section, {}).update(entries)
        for path, item in (doc.get("paths") or {}).items():
            target = paths.setdefault(path, {})
            for key, value in item.items():
                if key in target:
                    raise ConfigError(f"{key.upper()} {path} is defined by more than one fragment")
                target[key] = value
    if tags:
        merged["tags"] = list(tags.values())
    merged["paths"] = paths
    if components:
        merged["components"] = components
    return merged
