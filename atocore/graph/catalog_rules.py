"""The engineering query catalog's rules: what a ``cypher/catalog/Q-NNN-<slug>.cypher`` file must say.

Catalog files carry keys the API, the CLI, the MCP tool and the generated docs
read, on top of the generic header (``atocore/graph/cypher_file.py``)::

    // id: Q-006                      (must match the file name)
    // title: Orphan requirements
    // question: Which active requirements have no effective SATISFIES?
    // statuses: active requirements; a SATISFIES counts when effective
    // param project: STRING  project id or alias (required: no default)
    // param days: INTEGER = 14  a parameter with a default is optional
    // columns: id STRING, key STRING, name STRING, type STRING

A parameter that names an entity by key says so, with the entity types the
key may belong to (none: any type)::

    // keys: entity Component|Parameter|Material, subsystem Subsystem

Before such a query runs, each of these parameters that has a value must be
the key of an entity of those types in the query's project; an unknown key
is a 404 naming it and the closest existing keys, never a clean empty
answer (``atocore.services.engineering.queries``). A key parameter must be
declared ``STRING``; type names are checked against the ontology by a test.

``columns`` stands for ``returns`` and must list the final RETURN's names in
order. Catalog files must be ``mode: read``: the catalog runs them in read
transactions and refuses any other mode at load time. Parameter types are
those the API converts values to (``PARAM_TYPES``).

A whole-project listing may be read in pages::

    // pages: key                     (the column a page continues after)
    // param limit: INTEGER = 100     at most this many (distinct keys)
    // param after: STRING = null     the last key of the previous page

The named column must be declared, and ``limit`` (INTEGER) and ``after``
(STRING) must be parameters. The query returns rows in that column's order,
starting after ``$after``, and at most ``$limit`` distinct values of it (a
value may span several rows: a decision and its history).

Files elsewhere under ``cypher/`` may not use these keys. The catalog
(``atocore/graph/catalog.py``) applies these rules to every file it loads.
"""

from __future__ import annotations

import re

from atocore.graph.cypher_file import Column, CypherFile, CypherQuery, KeyParam, mask_non_code

CATALOG_DIR = "catalog"  # cypher/catalog/: the engineering query catalog
KEYS = frozenset({"id", "title", "question", "statuses", "columns", "pages", "keys"})
CONTINUED_KEYS = frozenset({"question", "statuses", "columns"})
REQUIRED_KEYS = ("id", "title", "question", "statuses", "columns")
PARAM_TYPES = ("STRING", "INTEGER", "FLOAT", "BOOLEAN", "DATETIME", "LIST<STRING>")
_CATALOG_FILE = re.compile(r"^(?P<id>Q-\d{3})-[a-z0-9-]+$")
_COLUMN_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_KEY_PARAM = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)(?:\s+(?P<types>[A-Z][A-Za-z]*(?:\|[A-Z][A-Za-z]*)*))?$")
_RETURN = re.compile(r"\bRETURN\b(\s+DISTINCT\b)?", re.I)
_RETURN_END = re.compile(r"\b(ORDER\s+BY|SKIP|LIMIT|OFFSET|UNION)\b", re.I)


def apply(file: CypherFile) -> CypherQuery:
    """The query ``file`` holds, under the catalog's rules when it is a catalog file."""
    if file.name.startswith(f"{CATALOG_DIR}."):
        return _catalog_query(file)
    if "pages" in file.header:
        raise file.error(file.line("pages"), "only catalog queries are read in pages")
    stray = sorted(KEYS & file.header.keys())
    if stray:
        key = stray[0]
        raise file.error(file.line(key), f"'// {key}:' belongs to catalog queries (cypher/{CATALOG_DIR}/) only")
    return file.query()


def _catalog_query(file: CypherFile) -> CypherQuery:
    _check_header(file)
    columns = _parse_columns(file)
    _check_return_matches(file, columns)
    if "pages" in file.header:
        _check_pages(file, columns)
    return file.query(
        returns=file.value("columns"),
        is_catalog=True,
        query_id=file.value("id"),
        title=file.value("title"),
        question=file.value("question"),
        statuses=file.value("statuses"),
        columns=columns,
        pages=file.value("pages") or None,
        keys=_parse_keys(file),
    )


def _check_header(file: CypherFile) -> None:
    if "returns" in file.header:
        raise file.error(file.line("returns"), "a catalog query lists its result in '// columns:', not '// returns:'")
    for required in REQUIRED_KEYS:
        if required not in file.header:
            raise file.error(1, f"a catalog query's header has no '// {required}:' line")
    match = _CATALOG_FILE.match(file.path.stem)
    if not match:
        raise file.error(1, "a catalog file is named Q-NNN-<slug>.cypher (lowercase slug)")
    if file.value("id") != match.group("id"):
        raise file.error(
            file.line("id"), f"id {file.value('id')!r} must match the file name: expected {match.group('id')!r}"
        )
    if file.mode != "read":
        raise file.error(file.line("mode"), f"catalog queries are read-only: mode must be 'read', not {file.mode!r}")
    for param in file.params:
        if param.type not in PARAM_TYPES:
            raise file.error(param.line, f"param {param.name!r}: type {param.type} is not one of {list(PARAM_TYPES)}")


def _check_pages(file: CypherFile, columns: tuple[Column, ...]) -> None:
    """A paged listing names one of its columns and takes ``limit: INTEGER`` and ``after: STRING``."""
    column, line = file.value("pages"), file.line("pages")
    if column not in [c.name for c in columns]:
        raise file.error(line, f"pages: {column!r} is not one of the declared columns")
    types = {p.name: p.type for p in file.params}
    for name, type_ in (("limit", "INTEGER"), ("after", "STRING")):
        if types.get(name) != type_:
            raise file.error(line, f"a paged query declares '// param {name}: {type_}'")


def _parse_keys(file: CypherFile) -> tuple[KeyParam, ...]:
    """``// keys: entity Component|Material, subsystem Subsystem``: declared STRING parameters, each once."""
    if "keys" not in file.header:
        return ()
    types = {p.name: p.type for p in file.params}
    keys: list[KeyParam] = []
    for item in file.value("keys").split(","):
        match = _KEY_PARAM.match(item.strip())
        if not match:
            problem = f"keys: {item.strip()!r} should read 'param Type|Type' (types optional)"
            raise file.error(file.line("keys"), problem)
        name = match.group("name")
        if types.get(name) != "STRING":
            raise file.error(file.line("keys"), f"keys: {name!r} is not a declared STRING parameter")
        if name in {k.name for k in keys}:
            raise file.error(file.line("keys"), f"keys: {name!r} is listed twice")
        keys.append(KeyParam(name, tuple((match.group("types") or "").split("|")) if match.group("types") else ()))
    return tuple(keys)


def _parse_columns(file: CypherFile) -> tuple[Column, ...]:
    columns = []
    for item in _split_top_level(file.value("columns")):
        name, _, type_ = item.strip().partition(" ")
        if not _COLUMN_NAME.match(name) or not type_.strip():
            raise file.error(file.line("columns"), f"columns: {item.strip()!r} should read 'name TYPE'")
        columns.append(Column(name, type_.strip()))
    if not columns:
        raise file.error(file.line("columns"), "columns: list at least one 'name TYPE'")
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


def _last_return(masked: str) -> re.Match[str] | None:
    """The statement's final top-level ``RETURN`` (outside brackets, a whole word)."""
    depth, last = 0, None
    for index, char in enumerate(masked):
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif depth == 0 and (index == 0 or not (masked[index - 1].isalnum() or masked[index - 1] == "_")):
            last = _RETURN.match(masked, index) or last
    return last


def _return_items(masked: str) -> str:
    """The RETURN's items: up to a top-level ORDER BY, SKIP, LIMIT, OFFSET or UNION."""
    depth = 0
    for index, char in enumerate(masked):
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
        elif depth == 0 and _RETURN_END.match(masked, index) and not masked[index - 1].isalnum():
            return masked[:index]
    return masked


def _check_return_matches(file: CypherFile, columns: tuple[Column, ...]) -> None:
    """The final top-level RETURN names exactly the declared columns, in order."""
    statement, first_line = file.statements[0], file.statement_lines[0]
    masked = mask_non_code(statement)
    last = _last_return(masked)
    if last is None:
        raise file.error(first_line, "a catalog query ends with a RETURN naming its columns")
    names = []
    for item in _split_top_level(_return_items(masked[last.end() :]), "([{)]}"):
        alias = re.search(r"\bAS\s+`?([A-Za-z_][A-Za-z0-9_]*)`?\s*$", item.strip(), re.I)
        bare = re.match(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$", item)
        names.append(alias.group(1) if alias else bare.group(1) if bare else item.strip())
    declared = [c.name for c in columns]
    if names != declared:
        return_line = first_line + masked[: last.start()].count("\n")
        raise file.error(
            return_line, f"RETURN names {names} but '// columns:' (line {file.line('columns')}) declares {declared}"
        )
