"""An error Neo4j raises for a statement names the .cypher file and line the statement came from."""

from __future__ import annotations

import pytest
from neo4j.exceptions import ClientError, CypherSyntaxError, Neo4jError

from atocore.errors import ValidationError

pytestmark = pytest.mark.integration

REFUSED = "cypher/testing/refused_by_server.cypher"


def notes(caught: pytest.ExceptionInfo[Neo4jError]) -> str:
    return "\n".join(getattr(caught.value, "__notes__", []))


def test_a_refused_read_names_its_file_and_the_line_the_server_points_at(clean_graph) -> None:
    with pytest.raises(CypherSyntaxError) as caught:  # the driver's own error, so callers can still tell kinds apart
        clean_graph.run("testing.refused_by_server", value=1)
    assert f"Cypher testing.refused_by_server at {REFUSED}:11" in notes(caught)  # RETRUN is on line 11


def test_the_same_in_a_read_transaction_and_in_a_write_transaction(clean_graph) -> None:
    query = clean_graph.catalog["testing.refused_by_server"]
    with pytest.raises(CypherSyntaxError) as caught:
        clean_graph.run_read(query, {"value": 1})
    assert f"{REFUSED}:11" in notes(caught)
    with pytest.raises(CypherSyntaxError) as caught, clean_graph.transaction() as tx:
        tx.run("testing.refused_by_server", value=1)
    assert f"{REFUSED}:11" in notes(caught)


def test_a_run_time_error_names_the_statement_it_came_from(clean_graph) -> None:
    """No position in the server's message: the note names the line the failing (second) statement starts on.

    Neo4j refusing a value (here a division by zero) is a 422 (``ValidationError``) whose cause is the
    driver's error, carrying the note.
    """
    with pytest.raises(ValidationError) as caught:
        clean_graph.run_schema("testing.refused_second_statement")
    cause = caught.value.__cause__
    assert isinstance(cause, ClientError) and "by zero" in str(cause)
    assert "\n".join(cause.__notes__) == (
        "Cypher testing.refused_second_statement at cypher/testing/refused_second_statement.cypher:9"
    )
