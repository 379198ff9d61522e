"""The lint vocabulary (``conformance/lint/vocabulary.yaml``) as typed constants, and key splitting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

_DATA: dict[str, Any] = yaml.safe_load((Path(__file__).resolve().parents[1] / "vocabulary.yaml").read_text("utf-8"))


def _words(key: str) -> frozenset[str]:
    return frozenset(str(v) for v in _DATA[key])


REGISTERED_FORMATS = _words("registered_formats")
WIDTH_FORMATS = _words("width_formats")
SCHEMA_KEYWORDS = _words("schema_keywords")
FOREIGN_KEYWORDS: dict[str, str] = dict(_DATA["foreign_keywords"])
JSON_TYPES = _words("json_types")
SYNONYMS: dict[str, str] = {word: str(group[0]) for group in _DATA["synonym_words"] for word in group}
PAGING_NAMES = _words("paging_names")
COLLECTION_KEYS = _words("collection_keys")
GENERIC_ENUM_VALUES = _words("generic_enum_values")
PERCENT_NAMES = _words("percent_names")
PERCENT_PROSE_NAMES = _words("percent_prose_names")
COUNT_NAMES = _words("count_names")
AGGREGATE_PREFIXES = _words("aggregate_prefixes")
TOTAL_WORDS = _words("total_words")
DIRECTIONS = _words("directions")
DIRECTION_PARTITIONS: tuple[frozenset[str], ...] = tuple(frozenset(p) for p in _DATA["direction_partition"])
ANSWERED = frozenset(_DATA["outcomes"]["answered"])
COMPLEMENT = frozenset(_DATA["outcomes"]["complement"])
BUCKETS = frozenset(_DATA["outcomes"]["buckets"])
BUCKET_PARTITION_MIN = int(_DATA["bucket_partition_min"])
SECONDS_GENERIC = frozenset(_DATA["seconds"]["generic"])
SECONDS_TALK = frozenset(_DATA["seconds"]["talk"])
SECONDS_OTHER = frozenset(_DATA["seconds"]["other"])
TALK_QUALIFIERS = frozenset(str(v) for v in _DATA["seconds"]["talk_qualifiers"])
AVERAGE_QUALIFIERS = frozenset(_DATA["seconds"]["average_qualifiers"])
PERIOD_KEYS = _words("period_keys")
SPAN_PAIRS: tuple[tuple[str, str], ...] = tuple((a, b) for a, b in _DATA["span_pairs"])
ID_WORDS = _words("id_words")
COMPANION_WORDS = _words("companion_words")
FILE_WORDS = _words("file_words")
URL_WORDS = _words("url_words")
COLUMN_WORDS: dict[str, str] = {word: role for role, group in _DATA["table_columns"].items() for word in group}
TABLE_TYPES: dict[str, str] = {str(k): str(v) for k, v in _DATA["table_types"].items()}
AUTH_WORDS = _words("auth_words")
SECRET_KEYS = _words("secret_keys")
UNIT_NAME_WORDS: dict[str, str] = {w: unit for unit, spec in _DATA["units"].items() for w in spec["name"]}
UNIT_PROSE_WORDS: dict[str, str] = {str(w): unit for unit, spec in _DATA["units"].items() for w in spec["prose"]}
READ_VERBS = _words("read_verbs")
ORDER_WORDS = _words("order_words")

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def words(name: str) -> list[str]:
    """A key split into lower-case words: ``inboundSeconds`` -> [inbound, seconds]; ``total_no_answered``."""
    return [w for w in re.split(r"[^a-z0-9]+", _CAMEL.sub("_", name).lower()) if w]


def squash(name: str) -> str:
    """A name without case and separators: ``time_zone``, ``timeZone`` and ``timezone`` agree."""
    return "".join(words(name))


def canonical(name: str) -> str:
    """A name without case, separators and synonym words: ``extensionId`` and ``extension_uuid`` agree."""
    return "".join(SYNONYMS.get(w, w) for w in words(name))


def span_keys(node: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(early key, late key) of every span one object bounds with a SPAN_PAIRS pair (``start_time``/``end_time``)."""
    keys = {tuple(words(k)): k for k in node}
    for early, late in SPAN_PAIRS:
        for ws, early_key in keys.items():
            if early not in ws:
                continue
            late_key = keys.get(tuple(late if w == early else w for w in ws))
            if late_key is not None:
                yield early_key, late_key
