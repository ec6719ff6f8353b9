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
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from atocore.errors import CypherFileError

Mode = Literal["read", "write", "schema"]
MODES: tuple[str, ...] = ("read", "write", "schema")

_HEADER_LINE = re.compile(r"^//\s?(?P<key>[a-z_]+)(?:\s+(?P<arg>[A-Za-z_][A-Za-z0-9_]*))?:\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^//\s{2,}(?P<value>\S.*)$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# Things inside which a `$` is not a parameter: strings, quoted names, comments.
_NOT_CODE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_KNOWN_KEYS = {"name", "id", "mode", "param", "returns", "description"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    doc: str
    line: int


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
        if cont and last_key == "description":
            text, where = header["description"]
            header["description"] = (f"{text} {cont.group('value').strip()}".strip(), where)
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
            params.append(Param(arg, type_, doc.strip(), number))
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
    if mode != "schema" and "returns" not in header:
        raise CypherFileError(shown, 1, "header has no '// returns:' line (write 'returns: nothing' if so)")

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
        raise CypherFileError(shown, body_start + 1, f"{len(statements)} statements found; only schema files may hold several")

    return CypherQuery(
        name=name,
        mode=mode,  # type: ignore[arg-type]
        path=path,
        text=statements[0] if mode != "schema" else body.strip(),
        statements=tuple(statements),
        params=tuple(params),
        returns=header.get("returns", ("", 0))[0],
        description=header["description"][0],
        query_id=header.get("id", (None, 0))[0],
        body_line=body_start + 1,
        checksum=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
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

    def migrations(self) -> list[CypherQuery]:
        """Schema migrations, ``cypher/schema/NNNN-*.cypher``, in order."""
        found = [q for q in self._queries.values() if q.name.startswith("schema.")]
        return sorted(found, key=lambda q: q.name)
