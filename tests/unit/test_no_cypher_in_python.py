"""Cypher lives only in cypher/*.cypher: no Python module may carry query text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from atocore.config import REPO_ROOT

CYPHER = re.compile(
    r"\b(MATCH|OPTIONAL MATCH|MERGE|CREATE|UNWIND|DETACH DELETE|RETURN)\b.*"
    r"(\(\s*[a-z_]*\s*:|\bAS\b|\bWHERE\b|\bSET\b|\bRETURN\b|\bINDEX\b|\bCONSTRAINT\b)"
    r"|\bCALL\s+(db|dbms|apoc|gds)\.\w+",
    re.S,
)


def string_constants(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_detector_catches_inline_cypher() -> None:
    assert CYPHER.search("MATCH (c:Chunk {id: $id}) RETURN c")
    assert CYPHER.search("CALL db.index.vector.queryNodes('x', 5, $v)")
    assert CYPHER.search("CREATE CONSTRAINT x IF NOT EXISTS FOR (n:A) REQUIRE n.id IS UNIQUE")
    assert not CYPHER.search("Create the project, then return its id")


def test_no_cypher_in_python_modules() -> None:
    offenders = []
    for path in sorted((REPO_ROOT / "atocore").rglob("*.py")):
        for line, text in string_constants(path):
            if CYPHER.search(text):
                offenders.append(f"{path.relative_to(REPO_ROOT)}:{line}: {text[:60]!r}")
    assert not offenders, "Cypher belongs in cypher/*.cypher:\n" + "\n".join(offenders)
