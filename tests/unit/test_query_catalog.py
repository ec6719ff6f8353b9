"""The engineering query catalog: header rules, the read-only runner, parameters, consistency with the ontology."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from atocore.config import REPO_ROOT
from atocore.errors import ConfigurationError, CypherFileError, NotFoundError, ValidationError
from atocore.graph.catalog import Catalog, load_cypher_file
from atocore.services.engineering import ontology, queries

CATALOG = Catalog(REPO_ROOT / "cypher")
GOOD = """\
// name: catalog.Q-099-things
// id: Q-099
// title: Things
// question: Which things are
//   there?
// mode: read
// statuses: active things
// param project: STRING  project id or alias
// param days: INTEGER = 14  how far back
// param label: STRING = 'its'  a label
// param flag: BOOLEAN = false  a switch
// param since: DATETIME = null  optional moment
// columns: id STRING, key STRING, names LIST<STRING>
// description: Things of a project.
MATCH (t:Thing {project: $project})
WHERE t.age < $days AND t.label <> $label AND t.flag = $flag AND ($since IS NULL OR t.at > $since)
RETURN t.id AS id, t.key AS key, [x IN t.names WHERE x <> 'a, b' | x] AS names
ORDER BY key
"""


def write(root: Path, text: str, name: str = "Q-099-things") -> Path:
    path = root / "catalog" / f"{name}.cypher"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_catalog_header_parses_defaults_columns_and_question(tmp_path: Path) -> None:
    query = load_cypher_file(write(tmp_path, GOOD), tmp_path)
    assert (query.query_id, query.title, query.question, query.statuses) == (
        "Q-099",
        "Things",
        "Which things are there?",
        "active things",
    )
    assert [(p.name, p.required, p.default) for p in query.params] == [
        ("project", True, None),
        ("days", False, 14),
        ("label", False, "its"),
        ("flag", False, False),
        ("since", False, None),
    ]
    assert query.params[1].doc == "how far back"
    assert [(c.name, c.type) for c in query.columns] == [("id", "STRING"), ("key", "STRING"), ("names", "LIST<STRING>")]
    assert query.is_catalog and query.returns.startswith("id STRING")


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("// mode: read", "// mode: write"), 6, "catalog queries are read-only: mode must be 'read', not 'write'"),
        (("// id: Q-099", "// id: Q-098"), 2, "id 'Q-098' must match the file name"),
        (("// title: Things\n", ""), 1, "no '// title:' line"),
        (
            ("// columns: id STRING, key STRING, names LIST<STRING>", "// columns: id STRING, names LIST<STRING>"),
            17,
            "RETURN names ['id', 'key', 'names'] but '// columns:' (line 13) declares ['id', 'names']",
        ),
        (("// param days: INTEGER = 14", "// param days: INTEGER = 'x'"), 9, "default 'x' is not a INTEGER"),
        (("// param days: INTEGER = 14", "// param days: INTEGER = soon"), 9, "a default is null, true, false"),
        (("// param project: STRING", "// param project: MAP"), 8, "type MAP is not one of"),
        (("// columns:", "// returns:"), 13, "lists its result in '// columns:'"),
        (("RETURN t.id AS id, t.key AS key", "RETURN t.id AS id, t.key + 1"), 17, "but '// columns:'"),
    ],
)
def test_catalog_header_errors_name_file_and_line(tmp_path: Path, change, line, message) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(CypherFileError) as err:
        load_cypher_file(path, tmp_path)
    assert message in str(err.value)
    assert err.value.line == line and str(err.value).startswith(f"{tmp_path.name}/catalog/Q-099-things.cypher:{line}:")


PAGED = (
    GOOD.replace(
        "// param since: DATETIME = null  optional moment\n",
        """\
// param since: DATETIME = null  optional moment
// param limit: INTEGER = 100  a page
// param after: STRING = null  the previous page's last key
// pages: key
""",
    )
    .replace(
        "($since IS NULL OR t.at > $since)", "($since IS NULL OR t.at > $since) AND ($after IS NULL OR t.key > $after)"
    )
    .replace("ORDER BY key", "ORDER BY key LIMIT $limit")
)


def test_a_paged_listing_names_its_cursor_column(tmp_path: Path) -> None:
    assert load_cypher_file(write(tmp_path, PAGED), tmp_path).pages == "key"
    assert load_cypher_file(write(tmp_path, GOOD), tmp_path).pages is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("// pages: key", "// pages: colour"), "pages: 'colour' is not one of the declared columns"),
        (
            ("// param after: STRING = null", "// param after: INTEGER = null"),
            "a paged query declares '// param after: STRING'",
        ),
        (("// param limit: INTEGER = 100  a page\n", ""), "a paged query declares '// param limit: INTEGER'"),
    ],
)
def test_paged_header_errors(tmp_path: Path, change, message) -> None:
    text = PAGED.replace(*change)
    if "limit" not in text.split("MATCH")[0]:
        text = text.replace(" LIMIT $limit", "")
    with pytest.raises(CypherFileError, match=re.escape(message)):
        load_cypher_file(write(tmp_path, text), tmp_path)


KEYED = GOOD.replace(
    "// param since: DATETIME = null  optional moment\n",
    "// param since: DATETIME = null  optional moment\n// keys: label Component|Material, project\n",
)


def test_key_parameters_name_the_types_their_key_may_belong_to(tmp_path: Path) -> None:
    query = load_cypher_file(write(tmp_path, KEYED), tmp_path)
    assert [(k.name, k.types) for k in query.keys] == [("label", ("Component", "Material")), ("project", ())]
    assert load_cypher_file(write(tmp_path, GOOD), tmp_path).keys == ()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("// keys: label", "// keys: colour"), "keys: 'colour' is not a declared STRING parameter"),
        (("// keys: label", "// keys: days"), "keys: 'days' is not a declared STRING parameter"),
        (("Component|Material", "component"), "keys: 'label component' should read 'param Type|Type'"),
        ((", project", ", label"), "keys: 'label' is listed twice"),
    ],
)
def test_key_header_errors(tmp_path: Path, change, message) -> None:
    with pytest.raises(CypherFileError, match=re.escape(message)) as err:
        load_cypher_file(write(tmp_path, KEYED.replace(*change)), tmp_path)
    assert err.value.line == 13


def test_key_parameter_types_are_entity_types_of_the_ontology() -> None:
    declared = {t for q in CATALOG.catalog_queries() for k in q.keys for t in k.types}
    assert declared and declared <= set(ontology.ENTITY_TYPES)
    named = {q.query_id: [k.name for k in q.keys] for q in CATALOG.catalog_queries() if q.keys}
    assert named["Q-016"] == ["entity"] and named["Q-001"] == ["subsystem"] and named["Q-015"] == ["key"]


def test_only_catalog_queries_are_paged(tmp_path: Path) -> None:
    path = tmp_path / "health" / "things.cypher"
    path.parent.mkdir(parents=True)
    path.write_text(
        "// name: health.things\n// mode: read\n// pages: n\n// returns: n INTEGER\n// description: d\nRETURN 1 AS n\n"
    )
    with pytest.raises(CypherFileError, match="only catalog queries are read in pages"):
        load_cypher_file(path, tmp_path)


def test_a_write_catalog_file_stops_the_whole_catalog_from_loading(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("// mode: read", "// mode: write"))
    with pytest.raises(CypherFileError, match="read-only"):
        Catalog(tmp_path)
    with pytest.raises(CypherFileError, match="named Q-NNN-<slug>"):
        load_cypher_file(
            write(tmp_path, GOOD.replace("catalog.Q-099-things", "catalog.Q-099_Things"), name="Q-099_Things"), tmp_path
        )


def test_two_catalog_files_with_one_id_stop_the_catalog_from_loading(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("catalog.Q-099-things", "catalog.Q-099-more"), name="Q-099-more")
    with pytest.raises(CypherFileError) as err:
        Catalog(tmp_path)
    assert str(err.value) == f"{tmp_path.name}/catalog/Q-099-things.cypher:2: id Q-099 is also Q-099-more.cypher's"


def test_the_runner_refuses_anything_but_a_read_query() -> None:
    from atocore.graph.driver import Graph

    graph = Graph.__new__(Graph)  # no driver: the refusal comes before Neo4j is touched
    writing = replace(CATALOG["catalog.Q-006-orphan-requirements"], mode="write")
    with pytest.raises(ConfigurationError, match="only read queries run here"):
        graph.run_read(writing, {"project": "p"})


def test_the_project_catalog_has_its_documented_queries() -> None:
    found = CATALOG.catalog_queries()  # in id order, and nothing else
    assert [q.query_id for q in found] == [f"Q-{n:03d}" for n in range(1, 23)]
    assert [q.query_id for q in CATALOG if q.is_catalog and q not in found] == []
    for query in found:
        assert query.mode == "read" and query.title and query.question and query.statuses, query.name
        assert query.params[0].name == "project" and query.params[0].required, query.name
        assert [c.name for c in query.columns][:1] != [], query.name
        names = [c.name for c in query.columns]
        if "id" in names:  # a row describing an entity carries id, key, name, type
            assert {"key", "name", "type"} <= set(names), query.name


def _body(query_id: str) -> str:
    return CATALOG.catalog_query(query_id).text


def test_override_fields_follow_the_ontology() -> None:
    """The override rule's '<key>.<field>' fields are 'name' plus the type's fact fields."""
    for query_id in ("Q-001", "Q-012"):
        literal = re.search(r"\{(\w+: \[[^\]]*\](?:, \w+: \[[^\]]*\])*)\}\[\w+\.type\]", _body(query_id)).group(1)
        for type_name, fields in re.findall(r"(\w+): \[([^\]]*)\]", literal):
            assert [f.strip(" '") for f in fields.split(",")] == [
                "name",
                *ontology.fact_fields(ontology.ENTITY_TYPES[type_name]),
            ]


def test_fact_projections_list_every_fact_field() -> None:
    for query_id in ("Q-015", "Q-019"):
        projection = re.search(r"\{(decided_at: .*?)\} AS facts", _body(query_id), re.S).group(1)
        fields = [f.strip(" .\n").split(":")[0] for f in re.sub(r"CASE .*? END", "", projection, flags=re.S).split(",")]
        assert fields == ontology.all_fact_fields(), query_id


def test_impact_follows_every_structural_intent_and_validation_relationship() -> None:
    branches = re.findall(r"\[r:([A-Z_|]+)\]", _body("Q-016"))
    wanted = [n for n, r in ontology.RELATIONSHIP_TYPES.items() if r.family is not ontology.Family.PROVENANCE]
    assert len(branches) == 4 and all(sorted(types.split("|")) == sorted(wanted) for types in branches)


class FakeGraph:
    """Just enough of a Graph for the parameter checks: the catalog, projects p05 and x, every key known."""

    catalog = CATALOG

    def run(self, name: str, **params):
        if name == "entities.key_statuses":
            return [{"type": "Component", "statuses": ["active"]}]
        assert name == "projects.resolve"
        return [{"id": {"p05": "p05-interferometer", "x": "x"}[params["name_lower"]]}]


def test_parameters_are_converted_defaulted_and_the_project_canonicalized() -> None:
    graph = FakeGraph()
    bound = queries.bind_params(graph, queries.find_query(graph, "q13"), {"project": "P05", "days": "7"})
    assert bound == {"project": "p05-interferometer", "days": 7, "subsystem": None, "limit": 200}
    nulls = queries.bind_params(
        graph, queries.find_query(graph, "q13"), {"project": "p05", "days": None, "limit": None}
    )
    assert (nulls["days"], nulls["limit"]) == (14, 200)  # an explicit null is the default, not a null in Cypher
    as_of = queries.bind_params(
        graph, queries.find_query(graph, "Q-015"), {"project": "x", "key": "k", "as_of": "2026-01-02T03:04:05"}
    )
    assert as_of["as_of"].isoformat() == "2026-01-02T03:04:05+00:00" and as_of["project"] == "x"


def test_parameter_mistakes_are_one_422_naming_every_expected_parameter() -> None:
    graph = FakeGraph()
    with pytest.raises(ValidationError) as err:
        queries.bind_params(graph, queries.find_query(graph, "Q-016"), {"hops": "two", "colour": 1})
    assert err.value.http_status == 422
    assert err.value.message == (
        "Q-016: unknown parameters ['colour']; project (STRING) is required; entity (STRING) is required; "
        "hops must be a INTEGER, got 'two'. It takes project: STRING, entity: STRING, hops: INTEGER = 2"
    )
    assert [p["name"] for p in err.value.detail["expected"]] == ["project", "entity", "hops"]
    with pytest.raises(NotFoundError) as missing:
        queries.find_query(graph, "Q-99")
    assert missing.value.http_status == 404 and missing.value.detail["valid"][0] == "Q-001"


@pytest.mark.parametrize(
    ("value", "type_", "expected"),
    [
        ("3", "INTEGER", 3),
        (3.0, "INTEGER", 3),
        ("true", "BOOLEAN", True),
        ("2.5", "FLOAT", 2.5),
        ("a, b", "LIST<STRING>", ["a", "b"]),
    ],
)
def test_values_convert_to_the_declared_type(value, type_, expected) -> None:
    assert queries._convert(value, type_) == expected


@pytest.mark.parametrize(
    ("value", "type_"),
    [
        (True, "INTEGER"),
        ("3.5", "INTEGER"),
        ("yes", "BOOLEAN"),
        (5, "STRING"),
        ("nan", "FLOAT"),
        (["a", 1], "LIST<STRING>"),
        (3, "DATETIME"),
    ],
)
def test_wrong_values_are_refused(value, type_) -> None:
    with pytest.raises((ValueError, TypeError)):
        queries._convert(value, type_)


def test_table_rendering(monkeypatch) -> None:
    from atocore.cli.output import render_listing
    from atocore.cli.query_cmds import CATALOG, ROWS

    monkeypatch.setenv("COLUMNS", "80")

    result = {
        "query": "Q-006",
        "columns": ["id", "key", "covered", "satisfied_by", "other_id"],
        "duration_ms": 1.5,
        "rows": [
            {
                "id": "x",
                "key": "requirement.a",
                "covered": True,
                "satisfied_by": [{"key": "component.b", "id": "y"}],
                "other_id": "z",
            },
            {"id": "w", "key": "requirement.long", "covered": False, "satisfied_by": [], "other_id": None},
        ],
    }
    assert render_listing(result, ROWS).splitlines() == [
        "key               covered  satisfied_by",
        "─" * 39,
        "requirement.a     yes      component.b",
        "requirement.long  no",
        "Q-006: 2 rows in 1.5 ms",
    ]
    assert render_listing({**result, "rows": []}, ROWS) == "Q-006: 0 rows in 1.5 ms"
    listing = {
        "queries": [
            {
                "id": "Q-013",
                "title": "Recent changes",
                "question": "What changed?",
                "parameters": [
                    {"name": "project", "type": "STRING", "required": True, "default": None},
                    {"name": "days", "type": "INTEGER", "required": False, "default": 14},
                ],
            }
        ]
    }
    assert render_listing(listing, CATALOG).splitlines() == [
        "id     title           parameters                           pages  question",
        "─" * 80,
        "Q-013  Recent changes  project: STRING, [days: INTEGER =           What changed?",
        "                       14]",
    ]


def test_the_backlog_seeks_every_reviewable_relationship_type_on_its_index() -> None:
    body = _body("Q-020")
    matched = re.findall(r"\[r:([A-Z_]+)\]->\(b:Entity\) USING INDEX r:([A-Z_]+)\(status, id\)", body)
    assert [m for m, _ in matched] == list(ontology.CREATABLE_RELATIONSHIPS)
    assert all(m == hinted for m, hinted in matched)
    assert body.count("WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project") == len(matched)
    [migration] = [q for q in CATALOG if q.name == "schema.0012-relationship-status-id-indexes"]
    indexed = re.findall(r"FOR \(\)-\[r:([A-Z_]+)\]-\(\) ON \(r\.status, r\.id\)", migration.text)
    assert indexed == list(ontology.CREATABLE_RELATIONSHIPS)


def test_reading_every_page_stops_when_a_server_repeats_a_page() -> None:
    """A server bug (here: one that always answers the same page) cannot send the client round forever.

    The transport is fake because a real AtoCore server never repeats a cursor.
    """
    import httpx

    from atocore.client import AtoCoreClient
    from atocore.errors import AtoCoreError

    asked = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.content)
        return httpx.Response(
            200,
            json={
                "query": "Q-005",
                "columns": ["key"],
                "rows": [{"key": "a"}],
                "next": {"after": "a"},
                "duration_ms": 1.0,
            },
        )

    client = AtoCoreClient("http://atocore.test", transport=httpx.MockTransport(answer))
    with pytest.raises(AtoCoreError, match="answered the page after") as err:
        client.run_catalog_query("Q-005", project="p", all_pages=True)
    assert err.value.http_status == 502 and len(asked) == 2  # the first page, then the page after "a" names "a" again
