"""The ontology table: consistent, whitelisted, and the docs rendered from it are current."""

from __future__ import annotations

import pytest

from atocore.errors import ValidationError
from atocore.services.engineering import docs, ontology
from atocore.services.engineering.common import parse_sources
from atocore.services.engineering.models import RESERVED_RELATIONSHIP_PROPERTIES

NON_ENTITY_ENDPOINTS = {"Chunk", "Interaction", "Artifact", "Memory"}
INJECTIONS = (
    "Component`) DETACH DELETE n //",
    "Component:Admin",
    "Component {id: 1}",
    "SATISFIES]->() DETACH DELETE n //",
    "",
    None,
)


def test_the_issue_types_and_relationships_are_all_there() -> None:
    assert list(ontology.ENTITY_TYPES) == [
        "Subsystem",
        "Component",
        "Interface",
        "Material",
        "Parameter",
        "Requirement",
        "Constraint",
        "Decision",
        "Assumption",
        "AnalysisModel",
        "Result",
        "ValidationClaim",
        "Fact",
    ]
    families = {f: sorted(n for n, r in ontology.RELATIONSHIP_TYPES.items() if r.family is f) for f in ontology.Family}
    assert families == {
        ontology.Family.STRUCTURAL: ["CONNECTS", "CONTAINS", "HAS_INTERFACE", "HAS_PARAMETER", "USES_MATERIAL"],
        ontology.Family.INTENT: ["ADDRESSES", "AFFECTS", "BASED_ON", "CONSTRAINS", "DERIVED_FROM", "SATISFIES"],
        ontology.Family.VALIDATION: ["ANALYZES", "PRODUCED", "SUPPORTS", "VALIDATES"],
        ontology.Family.PROVENANCE: ["EVIDENCED_BY", "GRADUATED_TO", "SUPERSEDES"],
    }
    pairs = {n: (set(r.sources), set(r.targets)) for n, r in ontology.RELATIONSHIP_TYPES.items()}
    assert pairs["SATISFIES"] == ({"Component", "Subsystem"}, {"Requirement"})
    assert pairs["BASED_ON"] == ({"Decision"}, {"Assumption", "Decision"})
    assert pairs["ANALYZES"] == ({"AnalysisModel"}, {"Subsystem", "Component"})
    assert pairs["PRODUCED"] == ({"AnalysisModel"}, {"Result"})
    assert pairs["SUPPORTS"] == ({"Result"}, {"ValidationClaim"})
    assert pairs["VALIDATES"] == ({"ValidationClaim"}, {"Requirement"})


def test_relationship_endpoints_are_known_types() -> None:
    known = set(ontology.ENTITY_TYPES) | NON_ENTITY_ENDPOINTS
    for rel in ontology.RELATIONSHIP_TYPES.values():
        assert set(rel.sources) | set(rel.targets) <= known, rel.name
        assert rel.name.isupper() and rel.name.replace("_", "").isalpha()
    assert all(name.isalpha() for name in ontology.ENTITY_TYPES)  # safe as labels


def test_typed_properties_never_shadow_the_header() -> None:
    for kind in ontology.ENTITY_TYPES.values():
        assert not set(ontology.fact_fields(kind)) & set(ontology.HEADER_FIELDS), kind.name
    assert "status" in RESERVED_RELATIONSHIP_PROPERTIES and "id" in RESERVED_RELATIONSHIP_PROPERTIES


@pytest.mark.parametrize("value", INJECTIONS)
def test_whitelists_refuse_anything_else(value) -> None:
    with pytest.raises(ValidationError) as caught:
        ontology.entity_type(value)
    assert caught.value.http_status == 422 and "Component" in caught.value.detail["valid"]
    with pytest.raises(ValidationError):
        ontology.relationship_type(value)


def test_whitelists_are_case_insensitive_and_managed_types_are_not_creatable() -> None:
    assert ontology.entity_type(" validationclaim ").name == "ValidationClaim"
    assert ontology.relationship_type("satisfies").name == "SATISFIES"
    assert ontology.relationship_type("SUPERSEDES").managed
    with pytest.raises(ValidationError, match="maintained by AtoCore"):
        ontology.relationship_type("SUPERSEDES", creatable=True)


def test_pair_violation_names_the_allowed_pairs() -> None:
    with pytest.raises(ValidationError) as caught:
        ontology.check_pair(ontology.RELATIONSHIP_TYPES["SATISFIES"], "Requirement", "Component")
    assert "allowed: Subsystem|Component -> Requirement" in caught.value.message
    ontology.check_pair(ontology.RELATIONSHIP_TYPES["SATISFIES"], "Component", "Requirement")


def test_facts_validation() -> None:
    param = ontology.ENTITY_TYPES["Parameter"]
    assert ontology.validate_facts(param, {"value": 3, "unit": " mm "}) == {
        "description": None,
        "value": 3,
        "unit": "mm",
    }
    with pytest.raises(ValidationError) as caught:
        ontology.validate_facts(param, {"unit": "mm", "colour": "red"})
    assert any("value" in p for p in caught.value.detail["problems"]) and any(
        "colour" in p for p in caught.value.detail["problems"]
    )
    assert ontology.validate_facts(ontology.ENTITY_TYPES["Assumption"], {"text": "t"})["needs_review"] is False


def test_source_refs_parsing() -> None:
    sources = parse_sources([{"chunk_id": "c1"}, {"artifact": "note://x"}, {"chunk_id": "c1"}], required=True)
    assert (sources.chunk_ids, sources.artifacts, sources.as_strings()) == (
        ["c1"],
        ["note://x"],
        ["chunk:c1", "artifact:note://x"],
    )
    for bad in ([], [{}], [{"chunk_id": "a", "interaction_id": "b"}], [{"url": "x"}], [{"artifact": "no scheme"}]):
        with pytest.raises(ValidationError):
            parse_sources(bad, required=True)
    assert parse_sources(None, required=False).is_empty()


def test_generated_docs_are_current() -> None:
    from atocore.docs import stale_files

    assert stale_files("ontology") == [], "stale: run python -m atocore.docs"
    assert {p.stem for p in docs.ENTITIES_DIR.glob("*.md")} == set(ontology.ENTITY_TYPES) | {"README"}


def test_every_type_label_has_its_project_status_index() -> None:
    from atocore.config import REPO_ROOT

    migration = (REPO_ROOT / "cypher" / "schema" / "0007-engineering-indexes.cypher").read_text()
    missing = [n for n in ontology.ENTITY_TYPES if f"FOR (n:{n}) ON (n.project, n.status);" not in migration]
    assert not missing, f"add a (project, status) index for {missing} in a new migration"


def test_the_api_describes_the_type_field_with_the_ontologys_types() -> None:
    from atocore.api.routes.entities import EntityCreateRequest

    description = EntityCreateRequest.model_fields["type"].description or ""
    assert description.replace(" or ", ", ").split(", ") == list(ontology.ENTITY_TYPES)
