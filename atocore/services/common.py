"""Helpers the services share.

Input checks raise ``ValidationError`` with a message that says what to fix
and a ``detail`` a client can read; the rules themselves (text, names,
numbers) are ``atocore.services.inputs``'s, applied here through ``checked``.
``Timestamp`` reads Neo4j's temporal values into plain ``datetime`` objects
for the Pydantic models.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator

from atocore.errors import ValidationError
from atocore.services import inputs

E = TypeVar("E", bound=StrEnum)
V = TypeVar("V")


def native(value: Any) -> Any:
    """neo4j.time.DateTime -> datetime; anything else unchanged."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


Timestamp = Annotated[datetime, BeforeValidator(native)]


def choice(kind: type[E], value: str | None, field: str) -> E:
    """``value`` as a member of ``kind``, or a 422 listing the valid values."""
    valid = [member.value for member in kind]
    cleaned = (value or "").strip().lower()
    if cleaned not in valid:
        raise ValidationError(
            f"{field} {value!r} is not valid; use one of: {', '.join(valid)}",
            field=field,
            value=value,
            valid=valid,
        )
    return kind(cleaned)


def optional_choice(kind: type[E], value: str | None, field: str) -> E | None:
    return None if value is None or not value.strip() else choice(kind, value, field)


def checked(rule: Callable[[V], V], value: V, field: str) -> V:
    """``rule(value)`` (an ``inputs`` rule), its ValueError a 422 naming ``field``."""
    try:
        return rule(value)
    except ValueError as exc:
        raise ValidationError(f"{field} {exc}", field=field) from exc


def required_text(value: str | None, field: str) -> str:
    """``value`` stripped and held to the text rule; a 422 when it is missing, blank or not acceptable text."""
    cleaned = checked(inputs.text, value or "", field).strip()
    if not cleaned:
        raise ValidationError(f"{field} must not be empty", field=field)
    return cleaned


def optional_text(value: str | None, field: str = "text") -> str | None:
    cleaned = checked(inputs.text, value or "", field).strip()
    return cleaned or None


def check_confidence(value: float | None, field: str = "confidence") -> float:
    """A confidence between 0 and 1 inclusive, or a 422."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0.0 <= float(value) <= 1.0:
        raise ValidationError(f"{field} must be a number from 0 to 1, got {value!r}", field=field)
    return float(value)
