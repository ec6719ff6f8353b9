"""The Cypher catalog: every query AtoCore runs, loaded from ``cypher/``.

Each ``.cypher`` file starts with a header of ``//`` comment lines::

    // name: health.label_counts
    // id: Q-001                      (optional; catalog queries carry one)
    // mode: read                     (read | write | schema)
    // param project: STRING          canonical project id
    // returns: label STRING, count INTEGER
    // description: Node counts for the labels AtoCore creates.
    //   Further description lines are indented.

``name`` must equal the file's path under ``cypher/`` with ``/`` replaced by
``.`` (``cypher/health/label_counts.cypher`` is ``health.label_counts``), so a
name always tells where its text lives. Every ``$parameter`` the body uses must
be declared, and every declared one must be used: a mismatch fails the load
with ``file:line: problem``. ``schema`` files may hold several statements, each
ending with ``;`` at the end of a line; the other modes hold exactly one.

The engineering query catalog (``cypher/catalog/Q-NNN-<slug>.cypher``) adds
keys the API, the CLI, the MCP tool and the generated docs read::

    // id: Q-006                      (must match the file name)
    // title: Orphan requirements
    // question: Which active requirements have no effective SATISFIES?
    // statuses: active requirements; a SATISFIES counts when effective
    // param project: STRING  project id or alias (required: no default)
    // param days: INTEGER = 14  a parameter with a default is optional
    // columns: id STRING, key STRING, name STRING, type STRING

``columns`` stands for ``returns`` and must list the final RETURN's names in
order. A default is a Cypher literal (``null``, ``true``, ``false``, a
number or a ``'string'``) of the declared type. Catalog files must be
``mode: read``: the catalog runs them in read transactions and refuses any
other mode at load time.

A whole-project listing may be read in pages::

    // pages: key                     (the column a page continues after)
    // param limit: INTEGER = 100     at most this many (distinct keys)
    // param after: STRING = null     the last key of the previous page

The named column must be declared, and ``limit`` (INTEGER) and ``after``
(STRING) must be parameters. The query returns rows in that column's order,
starting after ``$after``, and at most ``$limit`` distinct values of it (a
value may span several rows: a decision and its history).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from atocore.errors import CypherFileError

Mode = Literal["read", "write", "schema"]
MODES: tuple[str, ...] = ("read", "write", "schema")

_HEADER_LINE = re.compile(r"^//\s?(?P<key>[a-z_]+)(?:\s+(?P<arg>[A-Za-z_][A-Za-z0-9_]*))?:\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^//\s{2,}(?P<value>\S.*)$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# Things inside which a `$` is not a parameter: strings, quoted names, comments.
_NOT_CODE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_KNOWN_KEYS = {
    "name",
    "id",
    "mode",
    "param",
    "returns",
    "description",
    "title",
    "question",
    "statuses",
    "columns",
    "pages",
}
_CONTINUED_KEYS = {"description", "question", "statuses", "columns"}
CATALOG_DIR = "catalog"  # cypher/catalog/: the engineering query catalog
_CATALOG_FILE = re.compile(r"^(?P<id>Q-\d{3})-[a-z0-9-]+$")
_CATALOG_KEYS = ("id", "title", "question", "statuses", "columns")
PARAM_TYPES = ("STRING", "INTEGER", "FLOAT", "BOOLEAN", "DATETIME", "LIST<STRING>")
_DEFAULT = re.compile(r"^=\s*(?P<literal>null|true|false|-?\d+(?:\.\d+)?|'(?:[^'\\]|\\.)*')(?:\s+(?P<doc>.*))?$")
_NO_DEFAULT = object()


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    doc: str
    line: int
    required: bool = True  # False when the header gives a default
    default: Any = None


@dataclass(frozen=True)
class Column:
    name: str
    type: str


@dataclass(frozen=True)
class CypherQuery:
    name: str
    mode: Mode
    path: Path
    text: str  # the body (header removed), for single-statement queries
    statements: tuple[str, ...]
    params: tuple[Param, ...]
    returns: str
    description: str
    query_id: str | None = None
    body_line: int = 1  # line of the file where the body starts
    checksum: str = field(default="")
    title: str = ""
    question: str = ""
    statuses: str = ""
    columns: tuple[Column, ...] = ()
    pages: str | None = None  # the column a page continues after (catalog listings read in pages)

    @property
    def is_catalog(self) -> bool:
        """A query of the engineering catalog (cypher/catalog/Q-NNN-*.cypher)."""
        return self.name.startswith(f"{CATALOG_DIR}.")

    @property
    def param_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.params)

    def location(self, statement_index: int = 0) -> str:
        return f"{self.path}:{self.body_line}"


def _mask_non_code(body: str) -> str:
    """Blank out strings, quoted names and comments, keeping line structure."""
    return _NOT_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)


def _split_statements(body: str) -> list[str]:
    masked = _mask_non_code(body)
    statements, start = [], 0
    for match in re.finditer(r";[ \t]*$", masked, re.M):
        statements.append(body[start : match.start()].strip())
        start = match.end()
    tail = body[start:].strip()
    if _mask_non_code(tail).strip():
        statements.append(tail)
    return [s for s in statements if _mask_non_code(s).strip()]


def parse_cypher_file(path: Path, root: Path) -> CypherQuery:
    shown = str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CypherFileError(shown, 1, f"cannot be read: {exc}") from exc
    lines = raw.splitlines()

    header: dict[str, tuple[str, int]] = {}
    params: list[Param] = []
    last_key: str | None = None
    body_start = len(lines)
    for index, line in enumerate(lines):
        number = index + 1
        if not line.strip():
            continue
        if not line.startswith("//"):
            body_start = index
            break
        cont = _CONTINUATION.match(line)
        if cont and last_key in _CONTINUED_KEYS:
            text, where = header[last_key]
            header[last_key] = (f"{text} {cont.group('value').strip()}".strip(), where)
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            last_key = None
            continue  # a free comment line inside the header
        key, arg, value = match.group("key"), match.group("arg"), match.group("value").strip()
        if key not in _KNOWN_KEYS:
            raise CypherFileError(shown, number, f"unknown header key {key!r}; known keys: {sorted(_KNOWN_KEYS)}")
        last_key = key
        if key == "param":
            if not arg:
                raise CypherFileError(shown, number, "a param line reads '// param NAME: TYPE  description'")
            type_, _, doc = value.partition(" ")
            if not type_:
                raise CypherFileError(shown, number, f"param {arg!r} has no type")
            if any(p.name == arg for p in params):
                raise CypherFileError(shown, number, f"param {arg!r} is declared twice")
            default = _param_default(shown, number, arg, type_, doc.strip())
            if default is _NO_DEFAULT:
                params.append(Param(arg, type_, doc.strip(), number))
            else:
                value_, doc_ = default
                params.append(Param(arg, type_, doc_, number, required=False, default=value_))
            continue
        if arg:
            raise CypherFileError(shown, number, f"header key {key!r} takes no argument")
        if key in header:
            raise CypherFileError(shown, number, f"header key {key!r} appears twice")
        header[key] = (value, number)

    for required in ("name", "mode", "description"):
        if required not in header:
            raise CypherFileError(shown, 1, f"header has no '// {required}:' line")
    name, name_line = header["name"]
    expected = ".".join(path.relative_to(root).with_suffix("").parts)
    if name != expected:
        raise CypherFileError(shown, name_line, f"name {name!r} must match its path: expected {expected!r}")
    mode, mode_line = header["mode"]
    if mode not in MODES:
        raise CypherFileError(shown, mode_line, f"mode {mode!r} is not one of {list(MODES)}")
    catalog = name.startswith(f"{CATALOG_DIR}.")
    if catalog:
        _check_catalog_header(shown, path, header, params, mode, mode_line)
    elif mode != "schema" and "returns" not in header:
        raise CypherFileError(shown, 1, "header has no '// returns:' line (write 'returns: nothing' if so)")
    if "pages" in header and not catalog:
        raise CypherFileError(shown, header["pages"][1], "only catalog queries are read in pages")

    body = "\n".join(lines[body_start:])
    masked = _mask_non_code(body)
    used: dict[str, int] = {}
    for offset, masked_line in enumerate(masked.splitlines()):
        for use in _PARAM_USE.finditer(masked_line):
            used.setdefault(use.group(1), body_start + offset + 1)
    declared = {p.name: p for p in params}
    for pname, line_no in used.items():
        if pname not in declared:
            raise CypherFileError(shown, line_no, f"${pname} is used but not declared: add '// param {pname}: TYPE'")
    for pname, param in declared.items():
        if pname not in used:
            raise CypherFileError(shown, param.line, f"param {pname!r} is declared but the query never uses ${pname}")

    statements = _split_statements(body)
    if not statements:
        raise CypherFileError(shown, body_start + 1, "the file has a header but no Cypher")
    if mode != "schema" and len(statements) > 1:
        raise CypherFileError(
            shown, body_start + 1, f"{len(statements)} statements found; only schema files may hold several"
        )

    columns: tuple[Column, ...] = ()
    if catalog:
        columns = _parse_columns(shown, *header["columns"])
        _check_return_matches(shown, body, body_start, statements[0], columns, header["columns"][1])
        if "pages" in header:
            _check_pages(shown, header["pages"], columns, params)

    return CypherQuery(
        name=name,
        mode=mode,  # type: ignore[arg-type]
        path=path,
        text=statements[0] if mode != "schema" else body.strip(),
        statements=tuple(statements),
        params=tuple(params),
        returns=header.get("returns", header.get("columns", ("", 0)))[0],
        description=header["description"][0],
        query_id=header.get("id", (None, 0))[0],
        body_line=body_start + 1,
        checksum=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        title=header.get("title", ("", 0))[0],
        question=header.get("question", ("", 0))[0],
        statuses=header.get("statuses", ("", 0))[0],
        columns=columns,
        pages=header["pages"][0] if "pages" in header else None,
    )


def _check_pages(shown: str, pages: tuple[str, int], columns: tuple[Column, ...], params: list[Param]) -> None:
    """A paged listing names one of its columns and takes ``limit: INTEGER`` and ``after: STRING``."""
    column, line = pages
    if column not in [c.name for c in columns]:
        raise CypherFileError(shown, line, f"pages: {column!r} is not one of the declared columns")
    types = {p.name: p.type for p in params}
    for name, type_ in (("limit", "INTEGER"), ("after", "STRING")):
        if types.get(name) != type_:
            raise CypherFileError(shown, line, f"a paged query declares '// param {name}: {type_}'")


def _param_default(shown: str, line: int, name: str, type_: str, rest: str) -> Any:
    """``(default, doc)`` when the param line reads ``TYPE = literal  doc``, else _NO_DEFAULT."""
    if not rest.startswith("="):
        return _NO_DEFAULT
    match = _DEFAULT.match(rest)
    if not match:
        raise CypherFileError(shown, line, f"param {name!r}: a default is null, true, false, a number or a 'string'")
    literal = match.group("literal")
    if literal == "null":
        value: Any = None
    elif literal in ("true", "false"):
        value = literal == "true"
    elif literal.startswith("'"):
        value = re.sub(r"\\(.)", r"\1", literal[1:-1])
    else:
        value = float(literal) if "." in literal else int(literal)
    fits = value is None or {
        "STRING": isinstance(value, str),
        "INTEGER": isinstance(value, int) and not isinstance(value, bool),
        "FLOAT": isinstance(value, (int, float)) and not isinstance(value, bool),
        "BOOLEAN": isinstance(value, bool),
        "DATETIME": isinstance(value, str),
    }.get(type_, False)
    if not fits:
        raise CypherFileError(shown, line, f"param {name!r}: default {literal} is not a {type_}")
    return value, (match.group("doc") or "").strip()


def _check_catalog_header(shown: str, path: Path, header: dict, params: list[Param], mode: str, mode_line: int) -> None:
    if "returns" in header:
        raise CypherFileError(
            shown, header["returns"][1], "a catalog query lists its result in '// columns:', not '// returns:'"
        )
    for required in _CATALOG_KEYS:
        if required not in header:
            raise CypherFileError(shown, 1, f"a catalog query's header has no '// {required}:' line")
    match = _CATALOG_FILE.match(path.stem)
    if not match:
        raise CypherFileError(shown, 1, "a catalog file is named Q-NNN-<slug>.cypher (lowercase slug)")
    query_id, id_line = header["id"]
    if query_id != match.group("id"):
        raise CypherFileError(
            shown, id_line, f"id {query_id!r} must match the file name: expected {match.group('id')!r}"
        )
    if mode != "read":
        raise CypherFileError(shown, mode_line, f"catalog queries are read-only: mode must be 'read', not {mode!r}")
    for param in params:
        if param.type not in PARAM_TYPES:
            raise CypherFileError(
                shown, param.line, f"param {param.name!r}: type {param.type} is not one of {list(PARAM_TYPES)}"
            )


def _parse_columns(shown: str, text: str, line: int) -> tuple[Column, ...]:
    columns = []
    for item in _split_top_level(text):
        name, _, type_ = item.strip().partition(" ")
        if not re.match(r"^[a-z_][a-z0-9_]*$", name) or not type_.strip():
            raise CypherFileError(shown, line, f"columns: {item.strip()!r} should read 'name TYPE'")
        columns.append(Column(name, type_.strip()))
    if not columns:
        raise CypherFileError(shown, line, "columns: list at least one 'name TYPE'")
    return tuple(columns)


def _split_top_level(text: str, brackets: str = "([{<)]}>") -> list[str]:
    """``text`` split at commas outside brackets (``brackets``: openers then closers)."""
    half = len(brackets) // 2
    opening, closing = brackets[:half], brackets[half:]
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in opening:
            depth += 1
        elif char in closing:
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


_RETURN = re.compile(r"\bRETURN\b(\s+DISTINCT\b)?", re.I)
_RETURN_END = re.compile(r"\b(ORDER\s+BY|SKIP|LIMIT|OFFSET|UNION)\b", re.I)


def _check_return_matches(
    shown: str, body: str, body_start: int, statement: str, columns: tuple[Column, ...], columns_line: int
) -> None:
    """The final top-level RETURN names exactly the declared columns, in order."""
    masked = _mask_non_code(statement)
    depth, last = 0, None
    for index, char in enumerate(masked):
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif (
            depth == 0
            and _RETURN.match(masked, index)
            and (index == 0 or not (masked[index - 1].isalnum() or masked[index - 1] == "_"))
        ):
            last = _RETURN.match(masked, index)
    offset = body.find(statement)
    if last is None:
        raise CypherFileError(shown, body_start + 1, "a catalog query ends with a RETURN naming its columns")
    return_line = body_start + 1 + body[: offset + last.start()].count("\n")
    items_masked = masked[last.end() :]
    end = len(items_masked)
    depth = 0
    for index, char in enumerate(items_masked):
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif depth == 0 and _RETURN_END.match(items_masked, index) and not items_masked[index - 1].isalnum():
            end = index
            break
    names = []
    for item in _split_top_level(items_masked[:end], "([{)]}"):
        alias = re.search(r"\bAS\s+`?([A-Za-z_][A-Za-z0-9_]*)`?\s*$", item.strip(), re.I)
        bare = re.match(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$", item)
        names.append(alias.group(1) if alias else bare.group(1) if bare else item.strip())
    declared = [c.name for c in columns]
    if names != declared:
        raise CypherFileError(
            shown, return_line, f"RETURN names {names} but '// columns:' (line {columns_line}) declares {declared}"
        )


class Catalog:
    """All queries under a ``cypher/`` directory, by name."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._queries: dict[str, CypherQuery] = {}
        if not root.is_dir():
            raise CypherFileError(str(root), 0, "the Cypher directory does not exist (setting ATOCORE_CYPHER_DIR)")
        for path in sorted(root.rglob("*.cypher")):
            query = parse_cypher_file(path, root)
            self._queries[query.name] = query
        self._by_query_id: dict[str, CypherQuery] = {}
        for query in sorted((q for q in self._queries.values() if q.is_catalog), key=lambda q: q.query_id or ""):
            if query.query_id in self._by_query_id:
                other = self._by_query_id[query.query_id].path.name
                raise CypherFileError(
                    str(query.path.relative_to(root.parent)), 2, f"id {query.query_id} is also {other}'s"
                )
            self._by_query_id[query.query_id or ""] = query

    def __getitem__(self, name: str) -> CypherQuery:
        try:
            return self._queries[name]
        except KeyError:
            raise KeyError(f"no Cypher query named {name!r} under {self.root}") from None

    def __contains__(self, name: str) -> bool:
        return name in self._queries

    def __iter__(self):
        return iter(self._queries.values())

    def names(self, prefix: str = "") -> list[str]:
        return sorted(n for n in self._queries if n.startswith(prefix))

    def catalog_queries(self) -> list[CypherQuery]:
        """The engineering query catalog (``cypher/catalog/Q-NNN-*.cypher``), by id."""
        return list(self._by_query_id.values())

    def catalog_query(self, query_id: str) -> CypherQuery | None:
        """The engineering catalog query with exactly this id (``Q-006``), or None."""
        return self._by_query_id.get(query_id)

    def migrations(self) -> list[CypherQuery]:
        """Schema migrations, ``cypher/schema/NNNN-*.cypher``, in order."""
        found = [q for q in self._queries.values() if q.name.startswith("schema.")]
        return sorted(found, key=lambda q: q.name)
