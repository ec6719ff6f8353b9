"""One Cypher file: its header, parameters and statements, checked as it is read.

Each ``.cypher`` file under ``cypher/`` starts with a header of ``//`` comment lines::

    // name: health.label_counts
    // mode: read                     (read | write | schema)
    // param project: STRING          canonical project id
    // param days: INTEGER = 14       a parameter with a default is optional
    // returns: label STRING, count INTEGER
    // description: Node counts for the labels AtoCore creates.
    //   Further description lines are indented.

``name`` must equal the file's path under ``cypher/`` with ``/`` replaced by
``.`` (``cypher/health/label_counts.cypher`` is ``health.label_counts``), so a
name always tells where its text lives. Every ``$parameter`` the body uses must
be declared, and every declared one must be used: a mismatch fails the load
with ``file:line: problem``. A default is a Cypher literal (``null``,
``true``, ``false``, a number or a ``'string'``) of the declared type.
``schema`` files may hold several statements, each ending with ``;`` at the
end of a line; the other modes hold exactly one, and say what they return
(``returns: nothing`` if so).

This module knows only these keys. The engineering query catalog adds its own
keys and rules (``atocore/graph/catalog_rules.py``); the catalog
(``atocore/graph/catalog.py``) reads each file with its keys and applies them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from atocore.errors import CypherFileError

Mode = Literal["read", "write", "schema"]
MODES: tuple[str, ...] = ("read", "write", "schema")
KEYS = frozenset({"name", "mode", "param", "returns", "description"})
CONTINUED_KEYS = frozenset({"description"})  # keys whose value may go on over indented lines

_HEADER_LINE = re.compile(r"^//\s?(?P<key>[a-z_]+)(?:\s+(?P<arg>[A-Za-z_][A-Za-z0-9_]*))?:\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^//\s{2,}(?P<value>\S.*)$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# Things inside which a `$` is not a parameter: strings, quoted names, comments.
_NOT_CODE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_DEFAULT = re.compile(r"^=\s*(?P<literal>null|true|false|-?\d+(?:\.\d+)?|'(?:[^'\\]|\\.)*')(?:\s+(?P<doc>.*))?$")
_STATEMENT_END = re.compile(r";[ \t]*$", re.M)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    doc: str
    line: int
    required: bool = True  # False when the header gives a default
    default: Any = None


@dataclass(frozen=True)
class KeyParam:
    """A catalog parameter whose value must be the key of an entity of the query's project (``// keys:``)."""

    name: str
    types: tuple[str, ...] = ()  # the entity types the key may belong to; empty: any


@dataclass(frozen=True)
class Column:
    name: str
    type: str


@dataclass(frozen=True)
class CypherQuery:
    """A loaded query: what the graph runs, and what the API, the CLI and the docs tell about it."""

    name: str
    mode: Mode
    path: Path
    source: str  # how messages name the file: cypher/health/label_counts.cypher
    text: str  # the body (header removed), for single-statement queries
    statements: tuple[str, ...]
    statement_lines: tuple[int, ...]  # the line of the file each statement starts on
    params: tuple[Param, ...]
    returns: str
    description: str
    checksum: str = field(default="")
    # Set by the engineering catalog's rules (atocore/graph/catalog_rules.py) for cypher/catalog/ files:
    is_catalog: bool = False
    query_id: str = ""  # Q-006; empty outside the catalog
    title: str = ""
    question: str = ""
    statuses: str = ""
    columns: tuple[Column, ...] = ()
    pages: str | None = None  # the column a page continues after (catalog listings read in pages)
    keys: tuple[KeyParam, ...] = ()  # parameters naming entity keys that must exist in the project

    @property
    def param_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.params)


@dataclass(frozen=True)
class CypherFile:
    """A file read and checked: its header lines by key, its parameters and its statements."""

    path: Path
    source: str
    header: dict[str, tuple[str, int]]  # key: (value, line); params apart
    params: tuple[Param, ...]
    body: str
    statements: tuple[str, ...]
    statement_lines: tuple[int, ...]
    checksum: str

    def error(self, line: int, problem: str) -> CypherFileError:
        return CypherFileError(self.source, line, problem)

    def value(self, key: str) -> str:
        return self.header[key][0] if key in self.header else ""

    def line(self, key: str) -> int:
        return self.header[key][1] if key in self.header else 1

    @property
    def name(self) -> str:
        return self.value("name")

    @property
    def mode(self) -> Mode:
        return cast(Mode, self.value("mode"))

    def query(self, **extra: Any) -> CypherQuery:
        """The query this file holds; ``extra`` sets fields a rule reads from its own keys (``returns`` too)."""
        if self.mode != "schema" and "returns" not in self.header and "returns" not in extra:
            raise self.error(1, "header has no '// returns:' line (write 'returns: nothing' if so)")
        values: dict[str, Any] = {
            "name": self.name,
            "mode": self.mode,
            "path": self.path,
            "source": self.source,
            "text": self.statements[0] if self.mode != "schema" else self.body.strip(),
            "statements": self.statements,
            "statement_lines": self.statement_lines,
            "params": self.params,
            "returns": self.value("returns"),
            "description": self.value("description"),
            "checksum": self.checksum,
        }
        return CypherQuery(**(values | extra))


def mask_non_code(body: str) -> str:
    """Blank out strings, quoted names and comments, keeping line structure."""
    return _NOT_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)


def parse_cypher_file(path: Path, root: Path) -> CypherQuery:
    """A file read with the generic keys only (no catalog rules): the query it holds."""
    return read_cypher_file(path, root).query()


def read_cypher_file(
    path: Path, root: Path, *, extra_keys: Collection[str] = (), continued_keys: Collection[str] = ()
) -> CypherFile:
    """Read ``path`` (under ``root``, the ``cypher/`` directory), accepting ``extra_keys`` in its header too."""
    source = str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CypherFileError(source, 1, f"cannot be read: {exc}") from exc
    lines = raw.splitlines()
    known = KEYS | set(extra_keys)
    header, params, body_start = _read_header(source, lines, known, CONTINUED_KEYS | set(continued_keys))
    _check_identity(source, path, root, header)
    body = "\n".join(lines[body_start:])
    _check_params_used(source, body, body_start, params)
    statements = _split_statements(body, body_start + 1)
    if not statements:
        raise CypherFileError(source, body_start + 1, "the file has a header but no Cypher")
    if header["mode"][0] != "schema" and len(statements) > 1:
        raise CypherFileError(
            source, body_start + 1, f"{len(statements)} statements found; only schema files may hold several"
        )
    return CypherFile(
        path=path,
        source=source,
        header=header,
        params=tuple(params),
        body=body,
        statements=tuple(text for text, _ in statements),
        statement_lines=tuple(line for _, line in statements),
        checksum=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
    )


def _read_header(
    source: str, lines: list[str], known: frozenset[str] | set[str], continued: frozenset[str] | set[str]
) -> tuple[dict[str, tuple[str, int]], list[Param], int]:
    """The header's keys (value, line), its params, and the index of the first body line."""
    header: dict[str, tuple[str, int]] = {}
    params: list[Param] = []
    last_key: str | None = None
    for index, line in enumerate(lines):
        number = index + 1
        if not line.strip():
            continue
        if not line.startswith("//"):
            return header, params, index
        cont = _CONTINUATION.match(line)
        if cont and last_key is not None and last_key in continued:
            text, where = header[last_key]
            header[last_key] = (f"{text} {cont.group('value').strip()}".strip(), where)
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            last_key = None
            continue  # a free comment line inside the header
        key, arg, value = match.group("key"), match.group("arg"), match.group("value").strip()
        if key not in known:
            raise CypherFileError(source, number, f"unknown header key {key!r}; known keys: {sorted(known)}")
        last_key = key
        if key == "param":
            params.append(_param(source, number, arg, value, params))
            continue
        if arg:
            raise CypherFileError(source, number, f"header key {key!r} takes no argument")
        if key in header:
            raise CypherFileError(source, number, f"header key {key!r} appears twice")
        header[key] = (value, number)
    return header, params, len(lines)


def _param(source: str, line: int, name: str | None, value: str, earlier: list[Param]) -> Param:
    if not name:
        raise CypherFileError(source, line, "a param line reads '// param NAME: TYPE  description'")
    type_, _, doc = value.partition(" ")
    if not type_:
        raise CypherFileError(source, line, f"param {name!r} has no type")
    if any(p.name == name for p in earlier):
        raise CypherFileError(source, line, f"param {name!r} is declared twice")
    rest = doc.strip()
    if not rest.startswith("="):
        return Param(name, type_, rest, line)
    default, doc_ = _param_default(source, line, name, type_, rest)
    return Param(name, type_, doc_, line, required=False, default=default)


def _param_default(source: str, line: int, name: str, type_: str, rest: str) -> tuple[Any, str]:
    """``(default, doc)`` of a param line that reads ``TYPE = literal  doc``."""
    match = _DEFAULT.match(rest)
    if not match:
        raise CypherFileError(source, line, f"param {name!r}: a default is null, true, false, a number or a 'string'")
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
        raise CypherFileError(source, line, f"param {name!r}: default {literal} is not a {type_}")
    return value, (match.group("doc") or "").strip()


def _check_identity(source: str, path: Path, root: Path, header: dict[str, tuple[str, int]]) -> None:
    """The header names the file by its path and gives a known mode and a description."""
    for required in ("name", "mode", "description"):
        if required not in header:
            raise CypherFileError(source, 1, f"header has no '// {required}:' line")
    name, name_line = header["name"]
    expected = ".".join(path.relative_to(root).with_suffix("").parts)
    if name != expected:
        raise CypherFileError(source, name_line, f"name {name!r} must match its path: expected {expected!r}")
    mode, mode_line = header["mode"]
    if mode not in MODES:
        raise CypherFileError(source, mode_line, f"mode {mode!r} is not one of {list(MODES)}")


def _check_params_used(source: str, body: str, body_start: int, params: list[Param]) -> None:
    """Every ``$name`` the body uses is declared, and every declared param is used."""
    used: dict[str, int] = {}
    for offset, masked_line in enumerate(mask_non_code(body).splitlines()):
        for use in _PARAM_USE.finditer(masked_line):
            used.setdefault(use.group(1), body_start + offset + 1)
    declared = {p.name: p for p in params}
    for pname, line_no in used.items():
        if pname not in declared:
            raise CypherFileError(source, line_no, f"${pname} is used but not declared: add '// param {pname}: TYPE'")
    for pname, param in declared.items():
        if pname not in used:
            raise CypherFileError(source, param.line, f"param {pname!r} is declared but the query never uses ${pname}")


def _split_statements(body: str, first_line: int) -> list[tuple[str, int]]:
    """The statements of ``body`` (each ends with ``;`` at the end of a line), each with the line it starts on."""
    masked = mask_non_code(body)
    spans, start = [], 0
    for match in _STATEMENT_END.finditer(masked):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(body)))
    statements = []
    for begin, end in spans:
        if not masked[begin:end].strip():
            continue  # blank, or only comments
        chunk = body[begin:end]
        lead = len(chunk) - len(chunk.lstrip())
        statements.append((chunk.strip(), first_line + body.count("\n", 0, begin + lead)))
    return statements
