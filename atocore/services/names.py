"""Names that must exist: an unknown one is a 404 naming it and the closest existing names.

A typo must never look like a clean, empty answer. Every entry point that
takes a name which has to exist (a project, an entity key, a subsystem, a
catalog query id, a source) checks it and raises ``unknown(...)``: a
``NotFoundError`` whose message says what was not found and suggests the
closest names, scored with the standard library's ``difflib`` (a
Ratcliff-Obershelp ratio) and by the words they share, case-insensitively.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from atocore.errors import NotFoundError

MAX_SUGGESTIONS = 5
CUTOFF = 0.45  # the score below which a name is no suggestion at all
SPREAD = 0.25  # nor one this far behind the best


_WORD = re.compile(r"[a-z0-9]+")


def _score(asked: str, asked_words: set[str], candidate: str) -> float:
    """difflib's ratio, or the share of the asked name's words the candidate holds (a little less), if higher."""
    ratio = difflib.SequenceMatcher(None, asked, candidate).ratio()
    if asked in candidate:
        return max(ratio, 0.9)
    shared = len(asked_words & set(_WORD.findall(candidate))) / len(asked_words) if asked_words else 0.0
    return max(ratio, 0.8 * shared)


def closest(name: str, known: Iterable[str], *, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """The known names nearest to ``name``, best first (case-insensitive), or none near enough.

    ``parameter.pad-thickness`` finds ``component.lateral-support-pad.thickness_mm``:
    the words a key is made of count as well as its letters.
    """
    by_lower: dict[str, str] = {}
    for candidate in known:
        by_lower.setdefault(candidate.lower(), candidate)
    asked = name.strip().lower()
    if not asked:
        return []
    words = set(_WORD.findall(asked))
    scored = sorted(((_score(asked, words, k), k) for k in by_lower), key=lambda pair: (-pair[0], pair[1]))
    floor = max(CUTOFF, scored[0][0] - SPREAD) if scored else CUTOFF
    return [by_lower[k] for score, k in scored[:limit] if score >= floor]


def unknown(what: str, name: str, known: Iterable[str], *, scope: str = "", listing: str = "") -> NotFoundError:
    """The 404 for a ``what`` called ``name`` (``scope``: where it was looked for) with the nearest ``known`` names."""
    suggestions = closest(name, known)
    message = f"Unknown {what} {name!r}{' ' + scope if scope else ''}."
    if suggestions:
        message += " Did you mean " + ", ".join(repr(s) for s in suggestions) + "?"
    if listing:
        message += f" {listing}"
    return NotFoundError(message, kind=what, name=name, suggestions=suggestions)
