"""The server's error reaches the translation even when the driver wraps it in ResultFailedError."""

from __future__ import annotations

import pytest
from neo4j import exceptions as neo4j_errors

from atocore.graph.driver import _original_failure


def constraint_error() -> neo4j_errors.ConstraintError:
    return neo4j_errors.ConstraintError("Node(1) already exists")


def test_a_result_failed_error_gives_way_to_the_server_error_behind_it() -> None:
    refused = constraint_error()
    assert isinstance(refused, neo4j_errors.ConstraintError)
    with pytest.raises(neo4j_errors.ConstraintError) as caught, _original_failure():
        try:
            raise refused
        except neo4j_errors.ConstraintError as exc:  # as the driver's rollback does
            raise neo4j_errors.ResultFailedError(None, "The result has failed.") from exc
    assert caught.value is refused


def test_a_result_failed_error_with_no_server_error_behind_it_stays() -> None:
    with pytest.raises(neo4j_errors.ResultFailedError), _original_failure():
        raise neo4j_errors.ResultFailedError(None, "The result has failed.")


def test_other_errors_pass_untouched() -> None:
    with pytest.raises(ValueError), _original_failure():
        raise ValueError("not the driver's")
