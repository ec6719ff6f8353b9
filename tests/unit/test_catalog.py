"""The Cypher loader refuses malformed files at load time, naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from atocore.config import REPO_ROOT, Settings
from atocore.errors import CypherFileError
from atocore.graph.catalog import BENCH, TESTING, Catalog, load_cypher_file
from atocore.graph.cypher_file import parse_cypher_file

GOOD = """\
// name: things.by_project
// mode: read
// param project: STRING  canonical project id
// param limit: INTEGER  rows at most
// returns: id STRING
// description: Things of a project.
//   A second description line.
MATCH (t:Thing {project: $project})
WHERE t.note <> '$notaparam' // $alsonot in a comment
RETURN t.id AS id LIMIT $limit
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_good_file_parses_with_params_and_description(tmp_path: Path) -> None:
    path = write(tmp_path, "things/by_project.cypher", GOOD)
    query = parse_cypher_file(path, tmp_path)
    assert query.name == "things.by_project"
    assert query.mode == "read"
    assert [(p.name, p.type) for p in query.params] == [("project", "STRING"), ("limit", "INTEGER")]
    assert query.description == "Things of a project. A second description line."
    assert query.text.startswith("MATCH (t:Thing")
    assert query.statement_lines == (8,) and query.source == f"{tmp_path.name}/things/by_project.cypher"


def test_used_but_undeclared_param_names_file_and_line(tmp_path: Path) -> None:
    text = GOOD.replace("LIMIT $limit", "LIMIT $limit SKIP $offset")
    path = write(tmp_path, "things/by_project.cypher", text)
    with pytest.raises(CypherFileError) as err:
        parse_cypher_file(path, tmp_path)
    assert err.value.line == 10
    assert "$offset is used but not declared" in str(err.value)
    assert str(err.value).startswith(f"{tmp_path.name}/things/by_project.cypher:10:")


def test_declared_but_unused_param_points_at_its_header_line(tmp_path: Path) -> None:
    text = GOOD.replace("// returns:", "// param unused: STRING  never used\n// returns:")
    path = write(tmp_path, "things/by_project.cypher", text)
    with pytest.raises(CypherFileError) as err:
        parse_cypher_file(path, tmp_path)
    assert err.value.line == 5
    assert "'unused' is declared but the query never uses $unused" in str(err.value)


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("// name: things.by_project", "// name: other.name"), 1, "must match its path"),
        (("// mode: read", "// mode: sometimes"), 2, "mode 'sometimes' is not one of"),
        (("// returns: id STRING\n", ""), 1, "no '// returns:' line"),
        (
            ("// description: Things of a project.\n//   A second description line.\n", ""),
            1,
            "no '// description:' line",
        ),
        (("// mode: read", "// mood: read"), 2, "unknown header key 'mood'"),
        (("// param limit: INTEGER  rows at most", "// param limit:"), 4, "has no type"),
        (("RETURN t.id AS id LIMIT $limit", "RETURN t.id AS id LIMIT $limit;\nRETURN 1;"), 8, "only schema files"),
    ],
)
def test_header_errors(tmp_path: Path, change: tuple[str, str], line: int, message: str) -> None:
    path = write(tmp_path, "things/by_project.cypher", GOOD.replace(*change))
    with pytest.raises(CypherFileError) as err:
        parse_cypher_file(path, tmp_path)
    assert message in str(err.value)
    assert err.value.line == line


def test_schema_files_split_into_statements(tmp_path: Path) -> None:
    text = (
        "// name: schema.0001-x\n// mode: schema\n// description: two statements\n"
        "CREATE CONSTRAINT a IF NOT EXISTS FOR (n:A) REQUIRE n.id IS UNIQUE;\n"
        "CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.name);\n"
    )
    query = parse_cypher_file(write(tmp_path, "schema/0001-x.cypher", text), tmp_path)
    assert len(query.statements) == 2
    assert query.statements[1].startswith("CREATE INDEX b")
    assert query.statement_lines == (4, 5)


def test_each_statement_knows_the_line_it_starts_on(tmp_path: Path) -> None:
    text = (
        "// name: schema.0001-x\n// mode: schema\n// description: three statements\n\n"
        "CREATE CONSTRAINT a IF NOT EXISTS\nFOR (n:A) REQUIRE n.id IS UNIQUE;\n\n"
        "// a comment between statements is not one\n\n"
        "  CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.name);\n"
        "CREATE INDEX c IF NOT EXISTS FOR (n:C) ON (n.note) // 'a; b'\n"
    )
    query = parse_cypher_file(write(tmp_path, "schema/0001-x.cypher", text), tmp_path)
    assert query.statement_lines == (5, 8, 11)
    assert query.statements[1].startswith("// a comment") and query.statements[2].startswith("CREATE INDEX c")


def test_catalog_keys_outside_the_catalog_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "things/by_project.cypher", GOOD.replace("// mode: read", "// mode: read\n// title: Things"))
    with pytest.raises(CypherFileError, match="unknown header key 'title'"):
        parse_cypher_file(path, tmp_path)  # the generic reader does not know the catalog's keys
    with pytest.raises(CypherFileError) as err:
        load_cypher_file(path, tmp_path)  # the catalog does, and keeps them to its own files
    assert str(err.value).endswith(":3: '// title:' belongs to catalog queries (cypher/catalog/) only")


def test_the_project_catalog_loads_and_orders_migrations() -> None:
    catalog = Catalog(REPO_ROOT / "cypher")
    migrations = [m.name for m in catalog.migrations()]
    assert migrations == sorted(migrations)
    assert migrations[:3] == [
        "schema.0001-constraints",
        "schema.0002-chunk-vector-index",
        "schema.0003-chunk-fulltext-index",
    ]
    numbers = [name.removeprefix("schema.")[:4] for name in migrations]
    assert len(numbers) == len(set(numbers)), f"two migrations share a number: {migrations}"
    assert all(
        Path(migration.source).name.startswith(number)
        for migration, number in zip(catalog.migrations(), numbers, strict=True)
    )
    assert "health.label_counts" in catalog
    for query in catalog:
        assert query.description, query.name


def test_production_loads_neither_test_nor_bench_cypher() -> None:
    """Graph(settings), what the API, the CLI and the MCP server run, cannot reach the wipe or the bench data."""
    from atocore.graph import Graph

    graph = Graph(Settings(_env_file=None, neo4j_password="unused"))  # no connection is made
    try:
        production = graph.catalog
        assert production.root == Settings(_env_file=None).cypher_dir
        assert production.names(f"{TESTING}.") == [] and production.names(f"{BENCH}.") == []
        assert "health.label_counts" in production and production.catalog_query("Q-006") is not None
        with pytest.raises(KeyError, match=r"cypher/testing/, which only tests and benchmarks load"):
            production["testing.wipe_data"]
    finally:
        graph.close()


def test_tests_and_benches_load_their_sections_on_top_of_production() -> None:
    root = REPO_ROOT / "cypher"
    production = Catalog(root)
    for section, example in ((TESTING, "testing.wipe_data"), (BENCH, "bench.catalog_wipe")):
        extended = Catalog(root, extra=[section])
        assert example in extended and example not in production
        assert set(extended.names()) - set(production.names()) == set(extended.names(f"{section}."))
        assert [path.stem for path in (root / section).glob("*.cypher")]  # the section is not empty
    with pytest.raises(ValueError, match="extra sections are"):
        Catalog(root, extra=["schema"])
