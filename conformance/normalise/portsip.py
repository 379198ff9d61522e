"""Normalise PortSIP vendor markdown into the project's OpenAPI 3.1 documents."""

from __future__ import annotations

from typing import Any

from conformance.errors import ConfigError
from conformance.lint.loaders import detect_spec
from conformance.normalise.markdown import merge_raw, parse_fragments

PORTSIP_SPECS = frozenset({"portsip-dataflow", "portsip-cdr"})


def normalise_text(text: str, spec: str | None = None) -> dict[str, Any]:
    """The normalised document for a PortSIP vendor markdown text."""
    name = spec or detect_spec(text)
    if name not in PORTSIP_SPECS:
        raise ConfigError("not a PortSIP Dataflow or CDR document (use --spec to say which)")
    return merge_raw(parse_fragments(text))
