"""Vendor source documents: which API a text describes, and the OpenAPI fragments markdown embeds.

The normaliser and the linter both read vendor documents; this module is the part they share, so
neither imports the other.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from conformance.errors import ConfigError
from conformance.specs import SPEC_NAMES, load_spec

_FENCE = re.compile(r"^```(?P<lang>[A-Za-z0-9_-]*)[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*$", re.M)
# Share of a spec's paths a text must name to be taken for that spec's vendor document.
_MIN_PATH_SHARE = 0.5


@functools.cache
def _spec_paths() -> dict[str, tuple[str, ...]]:
    return {name: tuple(load_spec(name).get("paths") or ()) for name in SPEC_NAMES}


def _names(text: str, path: str) -> bool:
    """Whether ``text`` names ``path`` as a whole path (not as the prefix of a longer segment)."""
    return re.search(re.escape(path) + r"(?![A-Za-z0-9_-])", text) is not None


def detect_spec(text: str) -> str | None:
    """The normalised spec whose operation paths a vendor document names most (None when none fits)."""
    best: tuple[float, str] | None = None
    for name, paths in _spec_paths().items():
        if not paths:
            continue
        share = sum(_names(text, p) for p in paths) / len(paths)
        if share >= _MIN_PATH_SHARE and (best is None or share > best[0]):
            best = (share, name)
    return best[1] if best else None


@dataclass(frozen=True)
class Block:
    """A fenced JSON block of a markdown text that opens like an object, and its section."""

    title: str
    prose: str
    body: str
    line: int  # line of the opening fence


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


def iter_blocks(text: str) -> Iterator[Block]:
    """Every fenced code block of ``text`` whose body starts with ``{``, in order."""
    for match in _FENCE.finditer(text):
        body = match.group("body").strip()
        if body.startswith("{"):
            title, prose = _section_title(text, match.start())
            yield Block(title, prose, body, text.count("\n", 0, match.start()) + 1)


def is_openapi(document: Any) -> bool:
    return isinstance(document, dict) and ("openapi" in document or "swagger" in document)


def parse_fragments(text: str) -> list[Fragment]:
    """Every JSON code block of ``text`` that is an OpenAPI document, in order (ConfigError on bad JSON)."""
    fragments: list[Fragment] = []
    for block in iter_blocks(text):
        try:
            document = json.loads(block.body)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"line {block.line + exc.lineno}: JSON fragment does not parse: {exc.msg}") from None
        if is_openapi(document):
            fragments.append(Fragment(block.title, block.prose, document, block.line))
    return fragments


def merge_raw(fragments: list[Fragment]) -> dict[str, Any]:
    """Merge fragments into one OpenAPI document without changing any of their content.

    The first fragment gives ``openapi``, ``info``, ``servers`` and ``security``; ``tags`` and
    ``components`` are united; ``paths`` are merged operation by operation (ConfigError when two
    fragments define one operation).
    """
    merged, duplicates = merge_fragments(fragments)
    if duplicates:
        method, path, _line = duplicates[0]
        raise ConfigError(f"{method.upper()} {path} is defined by more than one fragment")
    return merged


def merge_fragments(fragments: list[Fragment]) -> tuple[dict[str, Any], list[tuple[str, str, int]]]:
    """Like :func:`merge_raw`, keeping the first of a doubly defined operation.

    Returns the merged document and (method, path, fragment line) of every operation a later
    fragment defined again.
    """
    if not fragments:
        raise ConfigError("no OpenAPI fragments found in the document")
    first = fragments[0].document
    merged: dict[str, Any] = {
        key: first[key] for key in ("openapi", "swagger", "info", "servers", "security") if key in first
    }
    tags: dict[Any, Any] = {}
    components: dict[str, dict[str, Any]] = {}
    paths: dict[str, dict[str, Any]] = {}
    duplicates: list[tuple[str, str, int]] = []
    for fragment in fragments:
        doc = fragment.document
        for tag in doc.get("tags", []):
            if isinstance(tag, dict):
                tags.setdefault(tag.get("name"), tag)
        for section, entries in (doc.get("components") or {}).items():
            if isinstance(entries, dict):
                components.setdefault(section, {}).update(entries)
        for path, item in (doc.get("paths") or {}).items():
            target = paths.setdefault(path, {})
            for key, value in (item or {}).items():
                if key in target:
                    duplicates.append((key, path, fragment.line))
                    continue
                target[key] = value
    if tags:
        merged["tags"] = list(tags.values())
    merged["paths"] = paths
    if components:
        merged["components"] = components
    return merged, duplicates
