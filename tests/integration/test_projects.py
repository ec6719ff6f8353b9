"""The project registry through the API, against the real Neo4j."""

from __future__ import annotations

import pytest

from atocore.services.projects import canonical_project

pytestmark = pytest.mark.integration

P05 = {
    "id": "p05-interferometer",
    "aliases": ["p05", "Interferometer"],
    "description": "Fizeau interferometer upgrade",
    "ingest_roots": [{"source": "vault", "subpath": "incoming/projects/p05"}],
}


@pytest.fixture(scope="module")
def registered(api, source_dirs):
    (source_dirs["vault"] / "incoming" / "projects" / "p05").mkdir(parents=True, exist_ok=True)
    response = api.post("/projects/register", json=P05)
    assert response.status_code == 201, response.text
    return response.json()


def test_register_then_list_and_get_by_alias(api, registered) -> None:
    assert registered["id"] == "p05-interferometer"
    assert registered["ingest_roots"] == [{"source": "vault", "subpath": "incoming/projects/p05"}]
    assert [p["id"] for p in api.get("/projects").json()] == ["p05-interferometer"]
    for name in ("p05", "P05", "interferometer", "P05-INTERFEROMETER"):
        got = api.get(f"/projects/{name}")
        assert got.status_code == 200 and got.json()["id"] == "p05-interferometer", name


def test_canonicalization_rule(graph, registered) -> None:
    assert canonical_project(graph, "p05") == "p05-interferometer"
    assert canonical_project(graph, " INTERFEROMETER ") == "p05-interferometer"
    assert canonical_project(graph, "never-registered") == "never-registered"
    assert canonical_project(graph, "") == "" and canonical_project(graph, None) == ""


def test_proposal_reports_collisions_case_insensitively_and_writes_nothing(api, registered) -> None:
    before = api.get("/projects").json()
    response = api.post(
        "/projects/proposal",
        json={"id": "p06-new", "aliases": ["P05", "fresh"], "ingest_roots": [{"source": "notes", "subpath": "p06"}]},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    assert body["collisions"] == [{"project_id": "p05-interferometer", "names": ["p05"]}]
    assert body["roots"][0]["source"] == "notes" and body["roots"][0]["exists"] is False
    assert api.get("/projects").json() == before


def test_clean_proposal_is_valid(api, registered) -> None:
    body = api.post("/projects/proposal", json={"project_id": "p07-clean", "aliases": ["p07"]}).json()
    assert body["valid"] is True and body["problems"] == [] and body["project"]["id"] == "p07-clean"


def test_register_collision_is_409(api, registered) -> None:
    response = api.post("/projects/register", json={"id": "other", "aliases": ["INTERFEROMETER"]})
    assert response.status_code == 409
    assert "interferometer" in response.json()["message"]
    again = api.post("/projects/register", json=P05)
    assert again.status_code == 409 and "already registered" in again.json()["message"]


@pytest.mark.parametrize(
    ("root", "fragment"),
    [
        ({"source": "nowhere", "subpath": "x"}, "Unknown source 'nowhere'"),
        ({"source": "vault", "subpath": "../../etc"}, "leaves source 'vault'"),
        ({"source": "vault", "subpath": "/etc"}, "leaves source 'vault'"),
    ],
)
def test_roots_outside_configured_sources_are_422_naming_sources(api, root, fragment) -> None:
    response = api.post("/projects/register", json={"id": "bad-root", "ingest_roots": [root]})
    assert response.status_code == 422
    message = response.json()["message"]
    assert fragment in message and "Configured sources: notes" in message and "vault" in message


def test_absolute_path_inside_a_source_is_accepted(api, source_dirs) -> None:
    inside = source_dirs["notes"] / "abs-project"
    inside.mkdir(exist_ok=True)
    response = api.post(
        "/projects/register", json={"id": "abs-project", "ingest_roots": [{"source": "notes", "subpath": str(inside)}]}
    )
    assert response.status_code == 201, response.text
    assert response.json()["ingest_roots"] == [{"source": "notes", "subpath": "abs-project"}]


def test_update_by_alias_keeps_id(api, registered) -> None:
    response = api.put("/projects/p05", json={"description": "Interferometer, phase 2", "aliases": ["p05", "ifm"]})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == "p05-interferometer" and body["aliases"] == ["p05", "ifm"]
    assert api.get("/projects/ifm").json()["description"] == "Interferometer, phase 2"
    assert api.get("/projects/interferometer").status_code == 404


def test_unknown_project_is_404_and_bad_id_is_422(api) -> None:
    assert api.get("/projects/nope").status_code == 404
    assert api.put("/projects/nope", json={"description": "x"}).status_code == 404
    bad = api.post("/projects/register", json={"id": "has spaces"})
    assert bad.status_code == 422 and "id" in bad.json()["message"]


def test_export_import_round_trip(api, registered) -> None:
    exported = api.get("/projects/export").json()
    assert {p["id"] for p in exported["projects"]} >= {"p05-interferometer"}
    same = api.post("/projects/import", json=exported).json()
    assert same["created"] == [] and same["updated"] == []
    assert set(same["unchanged"]) == {p["id"] for p in exported["projects"]}
    added = api.post("/projects/import", json={"projects": [{"id": "p09-imported", "aliases": ["p09"]}]}).json()
    assert added["created"] == ["p09-imported"]
    clash = api.post("/projects/import", json={"projects": [{"id": "p10", "aliases": ["p09"]}]})
    assert clash.status_code == 409 and "Nothing was imported" in clash.json()["message"]
    assert api.get("/projects/p10").status_code == 404


def test_template_names_configured_sources(api) -> None:
    body = api.get("/projects/template").json()
    assert body["sources"] == ["notes", "vault"]
    assert body["ingest_roots"][0]["source"] == "notes"


def test_sources_lists_configured_dirs_and_project_roots(api, registered, source_dirs) -> None:
    body = api.get("/sources").json()
    assert [{k: s[k] for k in ("name", "path", "exists", "configured")} for s in body["sources"]] == [
        {"name": "notes", "path": str(source_dirs["notes"]), "exists": True, "configured": True},
        {"name": "vault", "path": str(source_dirs["vault"]), "exists": True, "configured": True},
    ]
    p05 = next(p for p in body["projects"] if p["project"] == "p05-interferometer")
    assert p05["roots"] == [
        {
            "source": "vault",
            "subpath": "incoming/projects/p05",
            "path": str(source_dirs["vault"] / "incoming/projects/p05"),
            "exists": True,
        }
    ]
