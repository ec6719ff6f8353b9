"""Inputs that once answered 500 (issue 13), limits, paging and the error contract, through the real app and Neo4j.

Each case posts what a fuzzer or a careless client sent and expects a 4xx in
the error envelope naming what to fix; never a 500.
"""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.integration

NOTE = [{"artifact": "note://design-review"}]
SURROGATE = "\\ud800"  # as it appears inside a JSON string: a lone high surrogate


def raw(api, method: str, path: str, body: str):
    """Send ``body`` exactly as written (NaN, Infinity and lone surrogates are not what json.dumps writes)."""
    return api.request(method, path, content=body.encode(), headers={"content-type": "application/json"})


@pytest.fixture(scope="module", autouse=True)
def project(api) -> str:
    made = api.post("/projects/register", json={"id": "p-hard", "aliases": ["hard"]})
    assert made.status_code == 201, made.text
    entity = {"type": "Component", "name": "pad", "project": "p-hard", "source_refs": NOTE, "status": "active"}
    assert api.post("/entities", json=entity).status_code == 201
    return "p-hard"


def _subpath_register() -> tuple[str, str, str]:
    body = {"id": "p-nul", "ingest_roots": [{"source": "notes", "subpath": "a\x00b"}]}
    return "POST", "/projects/register", json.dumps(body)


CASES = {
    "NUL in a registered subpath": _subpath_register(),
    "NUL in a PUT subpath": (
        "PUT",
        "/projects/p-hard",
        json.dumps({"ingest_roots": [{"source": "notes", "subpath": "x\x00"}]}),
    ),
    "NUL in an imported subpath": (
        "POST",
        "/projects/import",
        json.dumps({"projects": [{"id": "p-imp", "ingest_roots": [{"source": "notes", "subpath": "\x00"}]}]}),
    ),
    "lone surrogate in memory content": (
        "POST",
        "/memory",
        '{"memory_type": "knowledge", "content": "a' + SURROGATE + '"}',
    ),
    "lone surrogate in an entity name": (
        "POST",
        "/entities",
        '{"type": "Component", "name": "'
        + SURROGATE
        + '", "project": "p-hard", "source_refs": '
        + json.dumps(NOTE)
        + "}",
    ),
    "lone surrogate in an interaction prompt": ("POST", "/interactions", '{"prompt": "why ' + SURROGATE + '?"}'),
    "lone surrogate in a state key": (
        "POST",
        "/project/state",
        '{"project": "p-hard", "category": "status", "key": "' + SURROGATE + '", "value": "v"}',
    ),
    "lone surrogate in a catalog parameter": ("POST", "/queries/Q-006", '{"params": {"project": "' + SURROGATE + '"}}'),
    "a 10,000-character memory project": (
        "POST",
        "/memory",
        json.dumps({"memory_type": "project", "content": "c", "project": "p" * 10_000}),
    ),
    "hops 10^20": ("POST", "/queries/Q-016", '{"params": {"project": "p-hard", "entity": "x", "hops": 1e20}}'),
    "hops 2^63": (
        "POST",
        "/queries/Q-016",
        '{"params": {"project": "p-hard", "entity": "x", "hops": 9223372036854775808}}',
    ),
    "days 10^12": ("POST", "/queries/Q-013", '{"params": {"project": "p-hard", "days": 1000000000000}}'),
    "NaN memory confidence": ("POST", "/memory", '{"memory_type": "knowledge", "content": "c", "confidence": NaN}'),
    "Infinity memory confidence": (
        "POST",
        "/memory",
        '{"memory_type": "knowledge", "content": "c", "confidence": Infinity}',
    ),
    "NaN entity confidence": (
        "POST",
        "/entities",
        '{"type": "Component", "name": "n", "project": "p-hard", "confidence": NaN, "source_refs": '
        + json.dumps(NOTE)
        + "}",
    ),
    "-Infinity state confidence": (
        "POST",
        "/project/state",
        '{"project": "p-hard", "category": "status", "key": "k", "value": "v", "confidence": -Infinity}',
    ),
    "an entity property of 2^70": (
        "POST",
        "/entities",
        json.dumps(
            {
                "type": "Parameter",
                "name": "huge",
                "project": "p-hard",
                "properties": {"value": 2**70},
                "source_refs": NOTE,
            }
        ),
    ),
    "an empty alias in PUT": ("PUT", "/projects/p-hard", '{"aliases": [""]}'),
    "as_of with offset +20:02": ("GET", "/entities?as_of=0008-10-05T21:58:06%2B20:02", ""),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_input_answers_4xx_in_the_envelope(api, case: str) -> None:
    method, path, body = CASES[case]
    response = raw(api, method, path, body) if body else api.request(method, path)
    assert 400 <= response.status_code < 500, (case, response.status_code, response.text)
    answer = response.json()
    assert set(answer) <= {"error", "message", "detail"} and answer["message"], answer


def test_invisible_characters_are_refused_and_ids_normalized(api) -> None:
    zero_width = api.put("/projects/p-hard", json={"aliases": ["hard\u200b"]})
    assert zero_width.status_code == 422 and "U+200B" in zero_width.json()["message"]
    fullwidth = api.put("/projects/p-hard", json={"aliases": ["ｈａｒｄ２"]})  # NFKC: the same as 'hard2'
    assert fullwidth.status_code == 200 and fullwidth.json()["aliases"] == ["hard2"]
    assert api.get("/projects/HARD2").json()["id"] == "p-hard"


def test_malformed_json_and_unknown_routes_answer_in_the_envelope(api) -> None:
    broken = raw(api, "POST", "/memory", '{"memory_type": ')
    assert broken.status_code == 400 and broken.json()["error"] == "bad_request"
    missing = api.get("/no/such/route")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    wrong = api.delete("/memory")
    assert wrong.status_code == 405 and wrong.json()["error"] == "method_not_allowed"


# -- limits ----------------------------------------------------------------------------------
def test_a_body_past_the_limit_is_413_naming_it(api, services) -> None:
    limit = services.settings.max_body_bytes
    response = raw(api, "POST", "/memory", json.dumps({"memory_type": "knowledge", "content": "x" * (limit + 1)}))
    assert response.status_code == 413
    assert response.json()["detail"] == {"limit_bytes": limit, "setting": "ATOCORE_MAX_BODY_BYTES"}


def test_text_fields_and_prompts_have_one_limit_each(api, services) -> None:
    settings = services.settings
    long_memory = api.post("/memory", json={"memory_type": "knowledge", "content": "x" * (settings.max_text_chars + 1)})
    assert long_memory.status_code == 422 and "ATOCORE_MAX_TEXT_CHARS" in long_memory.json()["message"]
    long_value = api.post(
        "/project/state",
        json={"project": "p-hard", "category": "status", "key": "k", "value": "v" * (settings.max_text_chars + 1)},
    )
    assert long_value.status_code == 422
    prompt = "word " * (settings.max_prompt_chars // 5 + 1)
    for path in ("/query", "/context/build"):
        answer = api.post(path, json={"prompt": prompt})
        assert answer.status_code == 422 and "ATOCORE_MAX_PROMPT_CHARS" in answer.json()["message"], path


def test_source_refs_are_bounded_and_deduplicated(api, services) -> None:
    most = services.settings.max_source_refs
    body = {"type": "Component", "name": "many refs", "project": "p-hard"}
    too_many = api.post(
        "/entities", json={**body, "source_refs": [{"artifact": f"note://n{i}"} for i in range(most + 1)]}
    )
    assert too_many.status_code == 422 and "ATOCORE_MAX_SOURCE_REFS" in too_many.json()["message"]
    repeated = api.post("/entities", json={**body, "source_refs": [{"artifact": "note://same"}] * most})
    assert repeated.status_code == 201 and len(repeated.json()["evidence"]) == 1


# -- paging ----------------------------------------------------------------------------------
def test_lists_refuse_a_limit_past_the_maximum_and_page_with_next(api) -> None:
    for path in ("/memory", "/entities", "/relationships", "/conflicts", "/imports", "/interactions", "/reviews"):
        too_big = api.get(path, params={"limit": 501})
        assert too_big.status_code == 422, path
    for n in range(5):
        assert api.post("/memory", json={"memory_type": "knowledge", "content": f"paged memory {n}"}).status_code == 201
    seen, params, pages = [], {"limit": 2}, 0
    while True:
        answer = api.get("/memory", params=params).json()
        seen += [m["id"] for m in answer["memories"]]
        pages += 1
        if not answer["next"]:
            break
        params = {"limit": 2, **answer["next"]}
    assert len(seen) == len(set(seen)) == answer_total(api) and pages == -(-len(seen) // 2)
    bad = api.get("/memory", params={"after": "not-a-cursor"})
    assert bad.status_code == 422 and bad.json()["detail"]["field"] == "after"


def answer_total(api) -> int:
    return len(api.get("/memory", params={"limit": 500}).json()["memories"])


# -- the contract ------------------------------------------------------------------------------
def test_every_operation_declares_the_error_envelope(api) -> None:
    spec = api.get("/openapi.json").json()
    envelope = "#/components/schemas/ErrorBody"
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404", "409", "413", "422", "503"):
                declared = operation["responses"].get(status)
                assert declared, (method, path, status)
                if (path, status) != ("/health", "503"):
                    schema = declared["content"]["application/json"]["schema"]
                    assert schema == {"$ref": envelope}, (method, path, status)
    assert "HTTPValidationError" not in spec["components"]["schemas"]
