"""Read a prose page (markdown, wiki or flattened HTML text) into what rules can check.

A page becomes ``{"sections": [...]}``; each section (a markdown heading) holds

- ``examples``: JSON values (``{"line", "value"}``), or text that looks like one but does not parse
  (``{"line", "unparsed", "error"}``, with ``lenient`` when it reads as a JavaScript object literal);
- ``tables``: parameter tables (``{"line", "columns", "text", "rows": {name: {"line", "name", "type",
  "required", "description", "example", "available"}}}``), from pipe tables and from tables flattened
  to text (a line of column names, then one row per field name). Rows are keyed by the field they
  name, so a finding's pointer stays on its field when a new release inserts rows;
- ``requests``: HTTP request lines and curl commands (``{"line", "text", "method", "target",
  "headers", "body", "error"}``);
- ``paragraphs``: the remaining prose, one entry per block of lines (``{"line", "text"}``).
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

from conformance.lint.rules._vocabulary import COLUMN_WORDS, TABLE_TYPES, words

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*$")
_FENCE = re.compile(r"^\s*```")
_REQUEST_LINE = re.compile(r"^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S.*?)(?:\s+HTTP/\d(?:\.\d)?)?\s*$")
_ROW_START = re.compile(r"^([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_<>{}*-]+)*)(?:\s+|$)")
_REQUIRED_WORDS = {"yes": "yes", "no": "no", "required": "yes", "optional": "no", "mandatory": "yes"}
_MARKER = re.compile(r"^\s*\[(optional|required|mandatory)\]", re.I)


def read_page(text: str) -> dict[str, Any]:
    """The sections of a prose page with their examples, tables, requests and paragraphs."""
    lines = text.splitlines()
    offsets = [0]
    for line in text.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    sections: list[dict[str, Any]] = [_section("", 1, 0)]
    decoder = json.JSONDecoder()
    paragraph: list[tuple[int, str]] = []
    fence: list[tuple[int, str]] | None = None
    index = 0

    def flush() -> None:
        if paragraph:
            _add_paragraph(sections[-1], paragraph)
            paragraph.clear()

    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if fence is not None:
            if _FENCE.match(line):
                _add_block(sections[-1], fence)
                fence = None
            else:
                fence.append((index + 1, line))
            index += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            sections.append(_section(heading.group(2), index + 1, len(heading.group(1))))
            index += 1
            continue
        if _FENCE.match(line):
            flush()
            fence = []
            index += 1
            continue
        if stripped[:1] in ("{", "["):
            flush()
            index = _example(sections[-1], text, offsets, index, decoder)
            continue
        if stripped.startswith("|"):
            flush()
            index = _pipe_table(sections[-1], lines, index)
            continue
        if _is_header(stripped):
            flush()
            index = _flat_table(sections[-1], lines, index)
            continue
        request = _REQUEST_LINE.match(line)
        if request:
            flush()
            sections[-1]["requests"].append({"line": index + 1, "text": stripped, "method": request.group(1),
                                             "target": request.group(2), "headers": {}, "body": False})
            index += 1
            continue
        if stripped:
            paragraph.append((index + 1, stripped))
        else:
            flush()
        index += 1
    flush()
    if fence is not None:  # a fence left open at the end of the page
        _add_block(sections[-1], fence)
    # Untitled text before the first heading counts only when it holds more than paragraphs.
    return {"sections": [s for s in sections if s["title"] or s["examples"] or s["tables"] or s["requests"]]}


def _section(title: str, line: int, level: int) -> dict[str, Any]:
    return {"title": title, "line": line, "level": level, "examples": [], "tables": [], "requests": [],
            "paragraphs": []}


def _add_paragraph(section: dict[str, Any], lines: list[tuple[int, str]]) -> None:
    section["paragraphs"].append({"line": lines[0][0], "text": "\n".join(text for _n, text in lines)})


# --- JSON examples ------------------------------------------------------------------------------


def _example(section: dict[str, Any], text: str, offsets: list[int], index: int, decoder: json.JSONDecoder) -> int:
    """Read the value starting on line ``index``; return the line after it."""
    line = text[offsets[index]:offsets[index + 1]]
    start = offsets[index] + (len(line) - len(line.lstrip()))
    try:
        value, end = decoder.raw_decode(text, start)
    except json.JSONDecodeError as exc:
        entry: dict[str, Any] = {"line": index + 1, "unparsed": line.strip()[:200], "error": exc.msg}
        lenient = lenient_value(text, start)
        if lenient is not None:
            entry["lenient"] = lenient
        section["examples"].append(entry)
        return index + 1
    if isinstance(value, dict | list) and value:
        section["examples"].append({"line": index + 1, "value": value})
    return text.count("\n", 0, end) + 1


def _add_block(section: dict[str, Any], block: list[tuple[int, str]]) -> None:
    """A fenced block: a JSON value, a curl command, or HTTP request lines."""
    if not block:
        return
    body = "\n".join(text for _n, text in block)
    first_line = block[0][0]
    stripped = body.strip()
    if stripped[:1] in ("{", "["):
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError as exc:
            entry: dict[str, Any] = {"line": first_line, "unparsed": stripped[:200], "error": exc.msg}
            lenient = lenient_value(stripped, 0)
            if lenient is not None:
                entry["lenient"] = lenient
            section["examples"].append(entry)
            return
        if isinstance(value, dict | list) and value:
            section["examples"].append({"line": first_line, "value": value})
        return
    if re.match(r"^\s*curl\b", body):
        section["requests"].append(curl_request(body, first_line))
        return
    for number, text in block:
        request = _REQUEST_LINE.match(text)
        if request:
            section["requests"].append({"line": number, "text": text.strip(), "method": request.group(1),
                                        "target": request.group(2), "headers": {}, "body": False})


# Tokens of a JavaScript object literal: strings in either quote, bare words, anything else.
_JS_TOKEN = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$]*|\s+|.""", re.S)
_JS_WORDS = {"true": "true", "false": "false", "null": "null"}


def lenient_value(text: str, start: int) -> Any:
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


# --- requests -----------------------------------------------------------------------------------

_DATA_OPTIONS = frozenset({"-d", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--json", "-F", "--form"})
_HEADER_OPTIONS = frozenset({"-H", "--header"})
_METHOD_OPTIONS = frozenset({"-X", "--request"})


def curl_request(body: str, line: int) -> dict[str, Any]:
    """A curl command as a request: method, target, headers, whether it sends a body; ``error`` when it
    does not parse as a shell command."""
    command = re.sub(r"\\\n", " ", body).strip()
    entry: dict[str, Any] = {"line": line, "text": command[:300], "method": None, "target": None, "headers": {},
                             "body": False}
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        entry["error"] = str(exc)
        return entry
    method = None
    args = iter(argv[1:])
    for arg in args:
        if arg in _METHOD_OPTIONS:
            method = next(args, None)
        elif arg in _HEADER_OPTIONS:
            name, _sep, value = (next(args, "") or "").partition(":")
            entry["headers"][name.strip().lower()] = value.strip()
        elif arg in _DATA_OPTIONS:
            entry["body"] = True
            next(args, None)
        elif arg.startswith("-"):
            continue
        elif entry["target"] is None:
            entry["target"] = arg
    entry["method"] = (method or ("POST" if entry["body"] else "GET")).upper()
    return entry


# --- tables -------------------------------------------------------------------------------------


def _column(cell: str) -> str | None:
    """The role of a header cell (name, type, required, description, example, available), or None."""
    key = "_".join(words(cell))
    return COLUMN_WORDS.get(key)


def _is_header(line: str) -> bool:
    """A flattened table header: two or more column words and nothing else, a name and a type among them."""
    cells = line.split()
    roles = [_column(c) for c in cells]
    return len(cells) >= 2 and all(roles) and "name" in roles and "type" in roles


def _type_of(cell: str) -> str | None:
    """The JSON type a table's type cell means (``Id`` -> string), or None."""
    return TABLE_TYPES.get(cell.strip().strip("`").lower())


def _split_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in inner.split("|")]


def _pipe_table(section: dict[str, Any], lines: list[str], index: int) -> int:
    """Read a pipe table starting on line ``index``; return the line after it."""
    start = index
    raw: list[tuple[int, list[str]]] = []
    while index < len(lines) and lines[index].strip().startswith("|"):
        cells = _split_cells(lines[index])
        if not all(re.fullmatch(r":?-{2,}:?|", c) for c in cells) and any(cells):
            raw.append((index + 1, cells))
        index += 1
    if not raw:
        return index
    header = [_column(c) for c in raw[0][1]]
    named = "name" in header and sum(1 for h in header if h) >= 2
    columns = [c for c in raw[0][1]] if named else []
    rows: dict[str, Any] = {}
    for number, cells in raw[1:] if named else raw:
        row = _row_by_header(cells, header) if named else _row_by_type(cells)
        if row is not None:
            _add_row(rows, {"line": number, **row})
    text = "\n".join(" | ".join(cells) for _n, cells in raw)
    section["tables"].append({"line": start + 1, "columns": columns, "rows": rows, "text": text})
    return index


def _add_row(rows: dict[str, Any], row: dict[str, Any]) -> None:
    """Key a row by its field name (a repeated name gets ``#2``, ``#3``...)."""
    key, count = row["name"], 1
    while key in rows:
        count += 1
        key = f"{row['name']}#{count}"
    rows[key] = row


def _row_by_header(cells: list[str], header: list[str | None]) -> dict[str, Any] | None:
    row: dict[str, Any] = {"name": None, "type": None, "type_word": None, "required": None, "description": "",
                           "example": None}
    for role, cell in zip(header, cells, strict=False):
        if role == "name":
            row["name"] = cell.strip("`") or None
        elif role == "type":
            row["type"], row["type_word"] = _type_of(cell), cell or None
        elif role == "required":
            row["required"] = _REQUIRED_WORDS.get(cell.strip().lower(), cell.strip() or "")
        elif role in ("description", "example", "available"):
            row[role] = cell
    if not row["name"] or not re.fullmatch(r"[A-Za-z_][\w.<>{}*-]*", row["name"]):
        return None
    _required_from_marker(row)
    return row


def _row_by_type(cells: list[str]) -> dict[str, Any] | None:
    """A row without a header: the cell before the first type word names the field."""
    for index, cell in enumerate(cells):
        if index and _type_of(cell) and re.fullmatch(r"[A-Za-z_][\w.<>{}*-]*", cells[index - 1]):
            row: dict[str, Any] = {"name": cells[index - 1], "type": _type_of(cell), "type_word": cell,
                                   "required": None, "description": " ".join(cells[index + 1:]).strip(),
                                   "example": None}
            _required_from_marker(row)
            return row
    return None


def _required_from_marker(row: dict[str, Any]) -> None:
    marker = _MARKER.match(row["description"] or "")
    if marker and row["required"] is None:
        row["required"] = _REQUIRED_WORDS[marker.group(1).lower()]


def _flat_table(section: dict[str, Any], lines: list[str], index: int) -> int:
    """A table flattened to text: a header line of column words, then rows starting with a field name."""
    header = [_column(c) for c in lines[index].split()]
    table: dict[str, Any] = {"line": index + 1, "columns": lines[index].split(), "rows": {}, "text": ""}
    index += 1
    row_lines: list[tuple[int, str]] = []

    def close() -> None:
        if row_lines:
            row = _flat_row(row_lines, header)
            if row is not None:
                _add_row(table["rows"], row)
            row_lines.clear()

    while index < len(lines):
        line = lines[index]
        if _is_header(line.strip()) or _ends_table(lines, index):
            break
        if _ROW_START.match(line) and not line[:1].isspace():
            close()
        if line.strip():
            row_lines.append((index + 1, line.rstrip()))
            table["text"] += line.strip() + "\n"
        index += 1
    close()
    section["tables"].append(table)
    return index


def _ends_table(lines: list[str], index: int) -> bool:
    """A short heading-like line after a blank line ("Response parameters", "Examples")."""
    line = lines[index]
    if not line.strip() or line[:1].isspace() or index == 0 or lines[index - 1].strip():
        return False
    text = line.strip()
    return (text[:1].isupper() and len(text.split()) <= 4 and not text.endswith((":", ".", ")"))
            and not _ROW_START.match(text))


def _flat_row(row_lines: list[tuple[int, str]], header: list[str | None]) -> dict[str, Any] | None:
    first = _ROW_START.match(row_lines[0][1])
    if first is None:
        return None
    name = first.group(1)
    text = "\n".join(t for _n, t in row_lines)[first.end():]
    tokens = list(re.finditer(r"\S+", text))
    # A type cell is a capitalised type word ("String", not "ID"); one after a Yes/No cell is preferred.
    typed = [i for i, t in enumerate(tokens) if t.group(0) == t.group(0).capitalize() and _type_of(t.group(0))]
    after_flag = [i for i in typed if i and tokens[i - 1].group(0).lower() in _REQUIRED_WORDS]
    if not typed:
        return None
    type_at = (after_flag or typed)[0]
    required = None
    if "required" in header and header.index("required") < header.index("type"):
        before = tokens[type_at - 1].group(0).lower() if type_at else ""
        required = _REQUIRED_WORDS.get(before, "")
        available_end = tokens[type_at - 1].start() if required else tokens[type_at].start()
    else:
        available_end = tokens[type_at].start()
    available = text[:available_end].strip() if "available" in header else ""
    description = text[tokens[type_at].end():].strip()
    return {"line": row_lines[0][0], "name": name, "type": _type_of(tokens[type_at].group(0)),
            "type_word": tokens[type_at].group(0),
            "required": required, "description": description, "example": None, "available": available}
