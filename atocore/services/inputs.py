"""What every input value must be, in one place: text, names, numbers, instants, and their limits.

Each rule is a plain function that raises ``ValueError`` saying what is wrong,
wrapped twice: as an ``Annotated`` type for the request models (Pydantic turns
the ``ValueError`` into a 422 naming the field) and by the service-layer
checks (``atocore.services.common``), which raise ``ValidationError``. So a
value is held to the same rule whether it comes through the API, the CLI or
an import, and no field has a rule of its own.

- **Text** (contents, values, prompts): no NUL and no lone surrogate (UTF-8
  and Neo4j cannot hold one), at most ``Limits.text_chars`` characters
  (prompts: ``Limits.prompt_chars``).
- **Names** (entity names) and **identifiers** (project ids and aliases,
  keys, source names): NFKC-normalized and stripped, and refused when they
  hold an invisible character (zero-width, bidi control, control character,
  filler), so two names that look the same are the same name.
- **Integers** fit Neo4j's 64-bit range; **floats** are finite.
- **Instants** keep their offset when it is within Neo4j's (+-18:00) and
  the moment lies within the years 1..9999 in UTC.

The configurable limits (``ATOCORE_MAX_*``) are set once per process from
the settings (``configure``; ``Services`` does it).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, Strict

from atocore.config import Settings

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_OFFSET = timedelta(hours=18)
NAME_CHARS = 500
IDENTIFIER_CHARS = 200
# Letters that render as nothing (Hangul and braille fillers, the Mongolian vowel separator).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


@dataclass(frozen=True)
class Limits:
    text_chars: int = 50_000
    prompt_chars: int = 20_000
    source_refs: int = 1_000

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            text_chars=settings.max_text_chars,
            prompt_chars=settings.max_prompt_chars,
            source_refs=settings.max_source_refs,
        )


_limits = Limits()


def configure(settings: Settings) -> None:
    """Apply the settings' limits to this process (the API and the commands that build Services)."""
    global _limits
    _limits = Limits.from_settings(settings)


def limits() -> Limits:
    return _limits


# -- the rules ---------------------------------------------------------------------------
def _encodable(value: str) -> None:
    if "\x00" in value:
        raise ValueError("must not contain a NUL character (\\u0000)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"holds a lone surrogate (\\u{ord(value[exc.start]):04x}), which is not text") from exc


def encodable(value: str) -> str:
    """Text of any length that UTF-8 and Neo4j can hold (no NUL, no lone surrogate)."""
    _encodable(value)
    return value


def text(value: str, max_chars: int | None = None) -> str:
    """Free text: no NUL, no lone surrogate, at most ``max_chars`` (default ``Limits.text_chars``)."""
    _encodable(value)
    most = _limits.text_chars if max_chars is None else max_chars
    if len(value) > most:
        raise ValueError(f"is {len(value):,} characters long; the limit is {most:,} (ATOCORE_MAX_TEXT_CHARS)")
    return value


def prompt(value: str) -> str:
    _encodable(value)
    if len(value) > _limits.prompt_chars:
        raise ValueError(
            f"is {len(value):,} characters long; the limit is {_limits.prompt_chars:,} (ATOCORE_MAX_PROMPT_CHARS)"
        )
    return value


def invisible(char: str) -> bool:
    category = unicodedata.category(char)
    return category in _INVISIBLE_CATEGORIES or (category == "Zs" and char != " ") or char in _BLANK_LETTERS


def name(value: str, max_chars: int = NAME_CHARS) -> str:
    """A name people read and compare: NFKC, stripped, no invisible character, at most ``max_chars``."""
    _encodable(value)
    cleaned = unicodedata.normalize("NFKC", value).strip()
    hidden = next((c for c in cleaned if invisible(c)), None)
    if hidden is not None:
        raise ValueError(
            f"holds an invisible or control character (U+{ord(hidden):04X} {unicodedata.name(hidden, 'unnamed')}); "
            "names must be visible text"
        )
    if len(cleaned) > max_chars:
        raise ValueError(f"is {len(cleaned):,} characters long; the limit is {max_chars:,}")
    return cleaned


def identifier(value: str) -> str:
    """A name that identifies something (project id or alias, key, source): ``name`` with a shorter limit."""
    return name(value, IDENTIFIER_CHARS)


def integer(value: int) -> int:
    if isinstance(value, bool) or not INT64_MIN <= value <= INT64_MAX:
        raise ValueError(f"must be an integer within Neo4j's 64-bit range, got {value!r}")
    return value


def finite(value: float) -> float:
    if isinstance(value, bool) or not math.isfinite(value):
        raise ValueError(f"must be a finite number, got {value!r}")
    return value


def instant(value: datetime) -> datetime:
    """``value`` unchanged once it is known to fit: an offset within +-18:00 (Neo4j's), years 1..9999 in UTC."""
    offset = value.utcoffset()
    if offset is None:
        return value
    if abs(offset) > MAX_OFFSET:
        raise ValueError(f"has offset {value.isoformat()[19:]}; offsets go from -18:00 to +18:00")
    try:
        value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError(f"{value.isoformat()} is outside the years 1 to 9999 once in UTC") from exc
    return value


def scalar(value: Any) -> Any:
    """A property value: text, a 64-bit integer, a finite float or a boolean."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return integer(value)
    if isinstance(value, float):
        return finite(value)
    if isinstance(value, str):
        return text(value)
    raise ValueError(f"must be a string, number or boolean, got {type(value).__name__}")


# -- the same rules as types for the request models ----------------------------------------
Text = Annotated[str, AfterValidator(text), Field(description="Text (ATOCORE_MAX_TEXT_CHARS at most).")]
LongText = Annotated[str, AfterValidator(encodable)]  # a length rule of its own applies (a captured response)
Prompt = Annotated[str, AfterValidator(prompt), Field(description="A prompt (ATOCORE_MAX_PROMPT_CHARS at most).")]
Name = Annotated[str, AfterValidator(name), Field(max_length=NAME_CHARS * 2)]
Identifier = Annotated[str, AfterValidator(identifier), Field(max_length=IDENTIFIER_CHARS * 2)]
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


def _integer_as_given(value: Any) -> Any:
    """An integer stays an integer: one past 64 bits is refused before the float member could take it."""
    return integer(value) if isinstance(value, int) and not isinstance(value, bool) else value


# A property value: text, a 64-bit integer, a finite float or a boolean (``scalar``'s rules as a type).
Scalar = Annotated[
    Int64 | Annotated[float, Strict(), Field(allow_inf_nan=False)] | Text | bool, BeforeValidator(_integer_as_given)
]
Confidence = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False, description="0..1")]
Instant = Annotated[datetime, AfterValidator(instant)]
