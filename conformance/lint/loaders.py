"""Turn a file into lint documents: any OpenAPI 3.0/3.1 or Swagger 2.0 file, markdown embedding
OpenAPI fragments, or a prose page with tables and JSON examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from conformance.errors import ConfigError
from conformance.lint.model import LintDocument
from conformance.lint.pages import read_page
from conformance.pointers import join
from conformance.sourcedoc import Fragment, detect_spec, is_openapi, iter_blocks, merge_fragments
from conformance.specs import HTTP_METHODS

__all__ = ["detect_spec", "extract_examples", "load_path", "load_text", "openapi_version"]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None


def extract_examples(text: str) -> dict[str, Any]:
    """The sections of a prose page (see :func:`conformance.lint.pages.read_page`)."""
    return read_page(text)


def openapi_version(tree: Any) -> str | None:
    """``2.0``, ``3.0`` or ``3.1`` (the OpenAPI version a tree declares), else None."""
    if not isinstance(tree, dict):
        return None
    if str(tree.get("swagger", "")).startswith("2"):
        return "2.0"
    declared = str(tree.get("openapi", ""))
    for version in ("3.0", "3.1"):
        if declared.startswith(version):
            return version
    return None


def load_text(text: str, source: str, spec: str | None = None) -> list[LintDocument]:
    """Lint documents for the content of one file."""
    structured = source.endswith((".yaml", ".yml", ".json")) or text.lstrip().startswith(
        ("openapi:", "swagger:", '{"openapi"', '{"swagger"'))
    if structured:
        parsed = _parse_structured(text, source)
        if is_openapi(parsed):
            api = parsed.get("x-pbx-api") or {}
            name = spec or api.get("name") or detect_spec(text)
            return [LintDocument(source, "openapi", parsed, name, normalised="x-pbx-api" in parsed,
                                 version=openapi_version(parsed), lines=yaml_lines(text))]
    name = spec or detect_spec(text)
    markdown = _load_markdown(text, source, name)
    if markdown is not None:
        return [markdown]
    return [LintDocument(source, "examples", read_page(text), name)]


def _load_markdown(text: str, source: str, name: str | None) -> LintDocument | None:
    """Markdown embedding OpenAPI fragments: the fragments merged unchanged, with the prose around each."""
    fragments: list[Fragment] = []
    problems: list[tuple[str, str, str]] = []
    for block in iter_blocks(text):
        try:
            document = json.loads(block.body)
        except json.JSONDecodeError as exc:
            if '"openapi"' in block.body or '"swagger"' in block.body:
                problems.append(("fragment", "", f"the OpenAPI fragment at line {block.line} does not parse "
                                                 f"({exc.msg} at its line {exc.lineno}); it is left out"))
            continue
        if is_openapi(document):
            fragments.append(Fragment(block.title, block.prose, document, block.line))
    if not fragments:
        return None
    tree, duplicates = merge_fragments(fragments)
    lines: dict[str, int] = {}
    context: dict[str, str] = {}
    for fragment in fragments:
        for path, item in (fragment.document.get("paths") or {}).items():
            for method in item or {}:
                pointer = join("/paths", path, method)
                if method in HTTP_METHODS and pointer not in lines:
                    lines[pointer] = fragment.line
                    context[pointer] = fragment.prose
        for section, entries in (fragment.document.get("components") or {}).items():
            for entry in entries or {}:
                lines.setdefault(join("/components", section, entry), fragment.line)
    for method, path, line in duplicates:
        problems.append(("duplicate-operation", join("/paths", path, method),
                         f"{method.upper()} {path} is defined again by the fragment at line {line}; "
                         f"that definition is left out"))
    return LintDocument(source, "openapi", tree, name, version=openapi_version(tree), lines=lines,
                        context=context, problems=tuple(problems))


def _parse_structured(text: str, source: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        if source.endswith((".yaml", ".yml", ".json")):
            raise ConfigError(f"{source}: not valid YAML or JSON") from None
        return None


def yaml_lines(text: str) -> dict[str, int]:
    """JSON pointer -> 1-based line of every node of a YAML or JSON text (empty when it does not parse)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}
    stack: list[tuple[str, Any]] = [("", root)]
    while stack:
        pointer, node = stack.pop()
        if node is None:
            continue
        lines.setdefault(pointer, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = join(pointer, str(key.value))
                lines[child] = key.start_mark.line + 1
                stack.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                stack.append((join(pointer, index), value))
    return lines


def load_path(path: Path, spec: str | None = None) -> list[LintDocument]:
    """Lint documents for the file at ``path``."""
    return load_text(_read(path), str(path), spec)
