"""Rules over prose pages: parameter tables against examples, request examples, page-wide gaps."""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from conformance.lint.model import DocumentKind, LintDocument
from conformance.lint.registry import rule
from conformance.lint.rules._vocabulary import AUTH_WORDS, SECRET_KEYS, words
from conformance.lint.walk import iter_examples, walk_nodes, walk_operations
from conformance.pointers import join

_PAGE: tuple[DocumentKind, ...] = ("examples",)


def iter_rows(document: LintDocument) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(pointer, row, table) of every named row of every table of a prose page."""
    for s_index, section in enumerate(document.tree.get("sections", [])):
        for t_index, table in enumerate(section.get("tables", [])):
            for key, row in (table.get("rows") or {}).items():
                if row.get("name"):
                    yield join("/sections", s_index, "tables", t_index, "rows", key), row, table


def iter_requests(document: LintDocument) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, request) of every request line or curl command of a prose page."""
    for s_index, section in enumerate(document.tree.get("sections", [])):
        for r_index, request in enumerate(section.get("requests", [])):
            yield join("/sections", s_index, "requests", r_index), request


def iter_texts(document: LintDocument) -> Iterator[tuple[str, str]]:
    """(pointer, text) of every paragraph and table description of a prose page."""
    for s_index, section in enumerate(document.tree.get("sections", [])):
        for p_index, paragraph in enumerate(section.get("paragraphs", [])):
            yield join("/sections", s_index, "paragraphs", p_index), paragraph["text"]
    for pointer, row, _table in iter_rows(document):
        yield pointer, f"{row.get('available') or ''}\n{row.get('description') or ''}"


# --- tables against examples ----------------------------------------------------------------------

_JSON_TYPES = {"string": (str,), "number": (int, float), "integer": (int,), "boolean": (bool,),
               "array": (list,), "object": (dict,)}


def _values_at(node: Any, path: list[str]) -> Iterator[Any]:
    """Values at a dotted row name inside one example object (``<...>`` and ``*`` match any key)."""
    if not path:
        yield node
        return
    if not isinstance(node, dict):
        return
    head, rest = path[0], path[1:]
    if re.fullmatch(r"<[^>]*>|\{[^}]*\}|\*", head):
        for value in node.values():
            yield from _values_at(value, rest)
    elif head in node:
        yield from _values_at(node[head], rest)


def _roots(value: Any) -> list[Any]:
    """The objects a table describes in an example: the example itself, or the items of a top-level array."""
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return [value] if isinstance(value, dict) else []


def _json_type(value: Any) -> str:
    for name, kinds in _JSON_TYPES.items():
        if isinstance(value, kinds) and not (name in ("number", "integer") and isinstance(value, bool)):
            return name
    return "null" if value is None else type(value).__name__


@rule("LINT-TABLE-TYPE-MISMATCH", "A table types a field one way and the page's examples give it another type.",
      applies_to=_PAGE)
def table_type_mismatch(document: LintDocument) -> Iterator[tuple[str, str]]:
    examples = [(p, v) for p, v in iter_examples(document)]
    for pointer, row, _table in iter_rows(document):
        expected = row.get("type")
        if expected not in _JSON_TYPES:
            continue
        path = row["name"].split(".")
        for example_pointer, value in examples:
            found = [v for root in _roots(value) for v in _values_at(root, path) if v is not None]
            wrong = [v for v in found if not isinstance(v, _JSON_TYPES[expected])
                     or (expected in ("number", "integer") and isinstance(v, bool))]
            if wrong:
                yield pointer, (f"the table types `{row['name']}` as {row.get('type_word') or expected}, but the "
                                f"example at {example_pointer} gives it {_json_type(wrong[0])}")
                break


# Upper-case words a description offers as the values of its field ("IN, OUT or BOTH").
_OFFERED = re.compile(r"\b[A-Z][A-Z0-9_]+\b")
_MIN_OFFERED = 2


@rule("LINT-EXAMPLE-VALUE-NOT-LISTED",
      "An example gives a field a value its table row does not list among the field's values.", applies_to=_PAGE)
def example_value_not_listed(document: LintDocument) -> Iterator[tuple[str, str]]:
    examples = list(iter_examples(document))
    for pointer, row, _table in iter_rows(document):
        offered = set(_OFFERED.findall(row.get("description") or ""))
        if len(offered) < _MIN_OFFERED or row.get("type") not in ("string", None):
            continue
        path = row["name"].split(".")
        for example_pointer, value in examples:
            found = [v for root in _roots(value) for v in _values_at(root, path)]
            unlisted = [v for v in found if isinstance(v, str) and v.isupper() and v not in offered]
            if unlisted:
                yield pointer, (f"the example at {example_pointer} gives `{row['name']}` {unlisted[0]!r}, which its "
                                f"description does not list ({', '.join(sorted(offered))})")
                break


@rule("LINT-TABLE-REQUIRED-BLANK", "A table has a Required column but leaves it blank for a field.",
      applies_to=_PAGE, severity="warning")
def table_required_blank(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, row, table in iter_rows(document):
        has_column = any(words(c) in (["required"], ["mandatory"]) for c in table.get("columns", []))
        if has_column and row.get("required") == "":
            yield pointer, f"the Required cell of `{row['name']}` is blank: whether a client must send it is unknown"


_RESTRICTED = re.compile(r"\b(when|only|if|following)\b", re.I)
_EVERYWHERE = re.compile(r"\ball\b", re.I)


@rule("LINT-REQUIRED-CONDITIONAL",
      "A table marks a field required without condition although the page makes it available only in some cases.",
      applies_to=_PAGE, severity="warning")
def required_conditional(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, row, _table in iter_rows(document):
        available = row.get("available") or ""
        if row.get("required") == "yes" and _RESTRICTED.search(available) and not _EVERYWHERE.search(available):
            first = available.strip().splitlines()[0][:80]
            yield pointer, (f"`{row['name']}` is marked required without condition, but it applies only in some "
                            f"cases ('{first}')")


_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")


@rule("LINT-EXAMPLE-PERCENT-ENCODED",
      "An example value is given percent-encoded instead of as the value it stands for.",
      applies_to=_PAGE, severity="warning")
def example_percent_encoded(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, row, _table in iter_rows(document):
        example = row.get("example")
        if isinstance(example, str) and _PERCENT.search(example):
            yield join(pointer, "example"), (
                f"the example of `{row['name']}` is percent-encoded ('{example}' stands for '{unquote(example)}')")


# --- request examples ---------------------------------------------------------------------------


@rule("LINT-REQUEST-TARGET-INVALID",
      "A request example's target holds spaces or other characters a URL cannot carry.", applies_to=_PAGE)
def request_target_invalid(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, request in iter_requests(document):
        target = request.get("target") or ""
        bad = sorted({c for c in target if c.isspace() or c in '"<>\\^`|'})
        if bad:
            shown = ", ".join("space" if c == " " else repr(c) for c in bad)
            yield pointer, f"the request target carries unencoded {shown}: '{target[:80]}'"


@rule("LINT-SHELL-SYNTAX", "A shell command example (curl) does not parse: unbalanced quotes or escapes.",
      applies_to=_PAGE)
def shell_syntax(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, request in iter_requests(document):
        if request.get("error"):
            yield pointer, (f"the command at line {request.get('line')} does not parse as a shell command: "
                            f"{request['error']}")


@rule("LINT-CONTENT-TYPE-WITHOUT-BODY", "A request example sends no body but declares a Content-Type.",
      applies_to=_PAGE, severity="warning")
def content_type_without_body(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, request in iter_requests(document):
        headers = request.get("headers") or {}
        if "content-type" in headers and not request.get("body") and request.get("method") in ("GET", "HEAD",
                                                                                                 "DELETE"):
            yield pointer, (f"the {request['method']} example sends no body yet declares "
                            f"Content-Type: {headers['content-type']}")


_PLACEHOLDER = re.compile(r"\{\{?[^}]*\}\}?|<[^>]*>|\$\{?\w+\}?|^x+$|^\*+$|\.\.\.", re.I)
_QUERY_VALUE = re.compile(r"[?&]([A-Za-z_][\w-]*)=([^&\s#]+)")
_MIN_SECRET = 12


def _real(value: str) -> bool:
    return len(value) >= _MIN_SECRET and not _PLACEHOLDER.search(value) and bool(re.search(r"\d", value))


def _secret_key(key: str) -> bool:
    return "_".join(words(key)) in SECRET_KEYS


@rule("LINT-EXAMPLE-SECRET", "An example carries what looks like a real credential instead of a placeholder.",
      applies_to=("examples", "openapi"), severity="warning")
def example_secret(document: LintDocument) -> Iterator[tuple[str, str]]:
    if document.kind == "examples":
        for pointer, request in iter_requests(document):
            text = " ".join([request.get("target") or "", *(request.get("headers") or {}).values()])
            for key, value in _QUERY_VALUE.findall(text):
                if _secret_key(key) and _real(value):
                    yield pointer, (f"the request example sends a real-looking `{key}` ({value[:4]}…), "
                                    f"not a placeholder")
            auth = (request.get("headers") or {}).get("authorization", "")
            token = auth.split()[-1] if auth.split() else ""
            if _real(token):
                yield pointer, f"the request example sends a real-looking Authorization value ({token[:4]}…)"
    for example_pointer, value in iter_examples(document):
        for pointer, node in walk_nodes(value, example_pointer):
            key = pointer.rsplit("/", 1)[-1]
            if isinstance(node, str) and _secret_key(key) and _real(node):
                yield pointer, f"the example gives `{key}` a real-looking value ({node[:4]}…), not a placeholder"


_TEMPLATE_JOIN = re.compile(r"\{(\w+)\}/\{(\w+)\}")


@rule("LINT-URL-TEMPLATE-SLASH",
      "A URL template joins two parts with `/` while the examples give the second part a leading `/`.",
      applies_to=_PAGE)
def url_template_slash(document: LintDocument) -> Iterator[tuple[str, str]]:
    values: dict[str, list[str]] = defaultdict(list)
    for _pointer, value in iter_examples(document):
        for pointer, node in walk_nodes(value):
            if isinstance(node, str) and pointer:
                values[pointer.rsplit("/", 1)[-1]].append(node)
    for pointer, request in iter_requests(document):
        for first, second in _TEMPLATE_JOIN.findall(request.get("target") or ""):
            leading = [v for v in values.get(second, []) if v.startswith("/")]
            if leading:
                yield pointer, (f"`{{{first}}}/{{{second}}}` puts a `/` before `{second}`, whose example "
                                f"'{leading[0][:50]}' already starts with `/`: the URL gets `//`")


# --- page-wide ------------------------------------------------------------------------------------

_ERROR_STATUS = re.compile(r"(?<![\w.])[45]\d\d(?!\w|\.\d)|\b[45]XX\b")


@rule("LINT-NO-ERROR-RESPONSE", "An operation (or a whole page) documents no error response: no 4XX/5XX status.",
      applies_to=("examples", "openapi"), severity="warning")
def no_error_response(document: LintDocument) -> Iterator[tuple[str, str]]:
    if document.kind == "openapi":
        envelope = (document.tree.get("x-pbx-errors") or {}).get("envelope")
        if envelope:
            return  # errors travel in a success body the extension describes
        for op_pointer, _path, _method, op in _operations(document):
            statuses = [str(s) for s in (op.get("responses") or {})]
            if statuses and not any(s[:1] in ("4", "5") or s == "default" for s in statuses):
                yield join(op_pointer, "responses"), (
                    f"the operation answers only {', '.join(statuses)}: no error response")
        return
    if not _documents_an_api(document):
        return
    texts = [text for _p, text in iter_texts(document)]
    texts += [r.get("text", "") for _p, r in iter_requests(document)]
    texts += [t.get("text", "") for s in document.tree.get("sections", []) for t in s.get("tables", [])]
    if not any(_ERROR_STATUS.search(t) for t in texts):
        yield "", "the page documents requests but no error status (no 4XX or 5XX): a refusal cannot be recognised"


@rule("LINT-NO-AUTH", "A document with operations says nothing about how a client authenticates.",
      applies_to=("examples", "openapi"), severity="warning")
def no_auth(document: LintDocument) -> Iterator[tuple[str, str]]:
    if document.kind == "openapi":
        components = document.tree.get("components") or {}
        schemes = components.get("securitySchemes") or document.tree.get("securityDefinitions")
        if not schemes and not document.tree.get("security") and any(True for _ in _operations(document)):
            yield "", "the document declares no security scheme: how a client authenticates is unknown"
        return
    if not _documents_an_api(document) or _mentions_auth(document):
        return
    yield "", "the page never says how a request is authenticated (no token, key, header or login)"


def _documents_an_api(document: LintDocument) -> bool:
    """A page with request examples or parameter tables describes an API."""
    return any(True for _ in iter_requests(document)) or any(True for _ in iter_rows(document))


def _mentions_auth(document: LintDocument) -> bool:
    """Whether an auth word or two-word term (api key, access token, sign in) appears on the page."""
    texts = [text for _p, text in iter_texts(document)]
    for _pointer, request in iter_requests(document):
        texts += [request.get("text", ""), " ".join((request.get("headers") or {}).keys())]
    for text in texts:
        ws = words(text)
        if set(ws) & AUTH_WORDS or any("_".join(pair) in AUTH_WORDS for pair in itertools.pairwise(ws)):
            return True
    return False


def _operations(document: LintDocument) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    yield from walk_operations(document.tree)


@rule("LINT-EXAMPLE-ALWAYS-NULL", "A field is null in every example, so nothing shows its type.",
      applies_to=_PAGE, severity="warning")
def example_always_null(document: LintDocument) -> Iterator[tuple[str, str]]:
    seen: dict[str, list[str]] = defaultdict(list)
    filled: set[str] = set()
    for example_pointer, value in iter_examples(document):
        for pointer, node in walk_nodes(value, example_pointer):
            key = pointer.rsplit("/", 1)[-1] if pointer != example_pointer else ""
            if not key or key.isdigit():
                continue
            if node is None:
                seen[key].append(pointer)
            else:
                filled.add(key)
    for key, pointers in seen.items():
        if key not in filled and len(pointers) > 1:
            yield pointers[0], (f"`{key}` is null in all {len(pointers)} places the examples show it: "
                                f"its type is unknown")


@rule("LINT-ENVELOPE-DRIFT", "One response example wraps its answer in other top-level keys than the others do.",
      applies_to=_PAGE, severity="warning")
def envelope_drift(document: LintDocument) -> Iterator[tuple[str, str]]:
    shapes: list[tuple[str, frozenset[str]]] = []
    for s_index, section in enumerate(document.tree.get("sections", [])):
        for e_index, example in enumerate(section.get("examples", [])):
            value = example.get("value")
            if isinstance(value, dict) and any(isinstance(v, list | dict) for v in value.values()):
                shapes.append((join("/sections", s_index, "examples", e_index, "value"), frozenset(value)))
                break  # the first answer of a section
    counts = Counter(shape for _p, shape in shapes)
    if len(shapes) < 3 or len(counts) < 2:
        return
    usual, votes = counts.most_common(1)[0]
    if votes * 2 <= len(shapes):
        return
    for pointer, shape in shapes:
        if shape != usual and usual <= shape:
            extra = ", ".join(sorted(shape - usual))
            yield pointer, (f"this answer adds top-level {extra} around {', '.join(sorted(usual))}, which "
                            f"{votes} other answers carry alone")


_HOUR_24 = re.compile(r"\bHH\b[^\n]*?\b(AM|PM|A|tt)\b")


@rule("LINT-DATE-PATTERN-12H", "A date-time pattern uses the 24-hour token `HH` together with an AM/PM marker.",
      applies_to=_PAGE)
def date_pattern_12h(document: LintDocument) -> Iterator[tuple[str, str]]:
    for pointer, text in iter_texts(document):
        for line in text.splitlines():
            match = _HOUR_24.search(line)
            if match and re.search(r"[YMD]{2,}", line):
                pattern = line.strip()[:90]
                yield pointer, (f"'{pattern}' writes the hour as `HH` (00-23) next to {match.group(1)}: "
                                f"the hour range of 12-hour values is not stated (`hh`)")
                break
