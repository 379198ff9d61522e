"""Vendor markdown that embeds one OpenAPI JSON fragment per operation (see :mod:`conformance.sourcedoc`)."""

from conformance.sourcedoc import Fragment, merge_raw, parse_fragments

__all__ = ["Fragment", "merge_raw", "parse_fragments"]
