"""The client's mapping from an API answer back to an AtoCore error."""

from __future__ import annotations

from atocore.errors import ConflictError, error_for_status


def test_detail_may_carry_status_and_message_keys() -> None:
    # A 409 from a review names the memory's current status in its detail.
    error = error_for_status(409, "memory m1 is invalid", id="m1", status="invalid", message="inner")
    assert isinstance(error, ConflictError) and error.http_status == 409
    assert error.message == "memory m1 is invalid"
    assert error.detail == {"id": "m1", "status": "invalid", "message": "inner"}
