"""The client's mapping from an API answer back to an AtoCore error."""

from __future__ import annotations

from atocore.errors import (
    AtoCoreError,
    ConflictError,
    MisdirectedRequestError,
    PermissionDeniedError,
    error_for_status,
)


def test_detail_may_carry_status_and_message_keys() -> None:
    # A 409 from a review names the memory's current status in its detail.
    error = error_for_status(409, "memory m1 is invalid", id="m1", status="invalid", message="inner")
    assert isinstance(error, ConflictError) and error.http_status == 409
    assert error.message == "memory m1 is invalid"
    assert error.detail == {"id": "m1", "status": "invalid", "message": "inner"}


def _every_error_class() -> list[type[AtoCoreError]]:
    found, todo = [], [AtoCoreError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


def test_every_exit_code_is_documented_and_means_one_thing() -> None:
    """docs/cli.md's table (EXIT_CODES) lists each error's code; two unrelated errors never share one by accident."""
    from atocore.cli.base import EXIT_CODES

    documented = [code for code, _ in EXIT_CODES]
    assert len(documented) == len(set(documented))
    by_code: dict[int, set[type[AtoCoreError]]] = {}
    for cls in _every_error_class():
        assert cls.exit_code in documented, cls
        # its family: the most general ancestor with the same code (a subclass keeps its parent's code)
        family = next(b for b in reversed(cls.__mro__) if getattr(b, "exit_code", None) == cls.exit_code)
        by_code.setdefault(cls.exit_code, set()).add(family)
    # 10 is "refused" for both 403 and 421; every other code belongs to one family.
    shared = {code: roots for code, roots in by_code.items() if len(roots) > 1}
    assert shared == {10: {PermissionDeniedError, MisdirectedRequestError}}
