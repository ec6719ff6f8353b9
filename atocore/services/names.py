"""Names that must exist: an unknown one is a 404 naming it and the closest existing names.

A typo must never look like a clean, empty answer. Every entry point that
takes a name which has to exist (a project, an entity key, a subsystem, a
catalog query id, a source) checks it and raises ``unknown(...)``: a
``NotFoundError`` whose message says what was not found and suggests the
closest names, found with the standard library's ``difflib`` (a
Ratcliff-Obershelp ratio, compared case-insensitively).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from atocore.errors import NotFoundError

MAX_SUGGESTIONS = 5
CUTOFF = 0.45  # difflib's ratio below which a name is no suggestion at all


def closest(name: str, known: Iterable[str], *, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """The known names nearest to ``name``, best first (case-insensitive), or none near enough."""
    by_lower: dict[str, str] = {}
    for candidate in known:
        by_lower.setdefault(candidate.lower(), candidate)
    lowered = name.lower()
    matches = difflib.get_close_matches(lowered, list(by_lower), n=limit, cutoff=CUTOFF)
    partial = [k for k in sorted(by_lower) if lowered and lowered in k and k not in matches]
    return [by_lower[k] for k in [*matches, *partial][:limit]]


def unknown(what: str, name: str, known: Iterable[str], *, listing: str = "") -> NotFoundError:
    """The 404 for a ``what`` called ``name`` that does not exist, with the nearest ``known`` names."""
    suggestions = closest(name, known)
    message = f"Unknown {what} {name!r}."
    if suggestions:
        message += " Did you mean " + ", ".join(repr(s) for s in suggestions) + "?"
    if listing:
        message += f" {listing}"
    return NotFoundError(message, kind=what, name=name, suggestions=suggestions)
