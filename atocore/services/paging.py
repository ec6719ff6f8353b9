"""Lists read a page at a time, continued by a cursor.

Every list (memories, entities, relationships, conflicts, imports,
interactions, reviews) is ordered newest first by one timestamp, ties by id,
and answers at most ``limit`` rows (1..``MAX_LIMIT``; more is a 422, never a
silent cut). When more rows follow, the answer's ``next`` holds the
parameters of the next page, ``{"after": "<cursor>"}``: the cursor is the
last row's timestamp and id, opaque to clients. Its query reads rows strictly
after that position (``after_at`` / ``after_id``), so a page costs the same
wherever it starts. A row whose timestamp changes between two pages (an
entity edited meanwhile) may move to a page already read.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import Field

from atocore.errors import ValidationError

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# What a list answer's ``next`` is: the parameters of the following page.
NextPage = Annotated[
    dict[str, str] | None, Field(description='{"after": cursor} when more rows follow; null on the last page.')
]


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    after: str | None  # the cursor of the next page; None on the last page

    @property
    def next(self) -> dict[str, str] | None:
        return {"after": self.after} if self.after else None


def check_limit(limit: int) -> int:
    """``limit`` when it is 1..MAX_LIMIT; a 422 otherwise (never a silent cut: follow ``next`` for more)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(
            f"limit must be between 1 and {MAX_LIMIT}, got {limit} (follow 'next' for more)", field="limit"
        )
    return limit


def cursor_params(after: str | None, limit: int) -> dict[str, Any]:
    """The list query's paging parameters: the position after ``after`` and one row more than ``limit``."""
    params: dict[str, Any] = {"after_at": None, "after_id": "", "limit": check_limit(limit) + 1}
    if after:
        try:
            at, row_id = json.loads(base64.urlsafe_b64decode(after.encode("ascii")))
            params.update(after_at=datetime.fromisoformat(at), after_id=str(row_id))
        except (ValueError, TypeError, UnicodeEncodeError, binascii.Error) as exc:
            raise ValidationError(
                "after is not a cursor this API gave; pass the 'after' of a previous answer's 'next'", field="after"
            ) from exc
    return params


def page(rows: list[T], limit: int, position: Callable[[T], tuple[Any, str]]) -> Page[T]:
    """The first ``limit`` of ``rows`` (read as limit + 1) and the cursor after them when more follow."""
    if len(rows) <= limit:
        return Page(rows, None)
    at, row_id = position(rows[limit - 1])
    at = at.to_native() if hasattr(at, "to_native") else at
    cursor = base64.urlsafe_b64encode(json.dumps([at.isoformat(), row_id]).encode()).decode("ascii")
    return Page(rows[:limit], cursor)
