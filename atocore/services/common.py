"""Helpers the trusted-state and memory services share.

Input checks raise ``ValidationError`` with a message that says what to fix
and a ``detail`` a client can read. ``Timestamp`` reads Neo4j's temporal
values into plain ``datetime`` objects for the Pydantic models.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator

from atocore.errors import ValidationError

E = TypeVar("E", bound=StrEnum)


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


def required_text(value: str | None, field: str) -> str:
    """``value`` stripped; a 422 when it is missing or blank."""
    cleaned = (value or "").strip()
    if not cleaned:
        raise ValidationError(f"{field} must not be empty", field=field)
    return cleaned


def optional_text(value: str | None) -> str | None:
    cleaned = (value or "").strip()
    return cleaned or None


def check_confidence(value: float | None, field: str = "confidence") -> float:
    """A confidence between 0 and 1 inclusive, or a 422."""
    if value is None or isinstance(value, bool) or not 0.0 <= float(value) <= 1.0:
        raise ValidationError(f"{field} must be a number from 0 to 1, got {value!r}", field=field, value=value)
    return float(value)
