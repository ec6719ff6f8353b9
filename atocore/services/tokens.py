"""The tokenizer reinforcement matches with: pure Python, no NLP library.

``tokens(text)`` turns text into a set of folded content words so that a
memory and a response that say the same thing in slightly different words
share most of their tokens:

1. lower-case the text and split it on anything that is not a letter or a
   digit (punctuation, hyphens, apostrophes and underscores all separate words);
2. drop words shorter than ``MIN_WORD_CHARS`` and stop words;
3. fold inflections (``fold``): plural ``s`` / ``es`` / ``ies``, ``ed`` /
   ``ied``, ``ing``, a doubled final consonant left by those (``preferred`` ->
   ``prefer``) and a final silent ``e`` (``uses`` / ``used`` / ``using`` all
   become ``us``).

Folding is deliberately crude: it only has to map the forms of one word to the
same token, and both sides of a comparison go through the same function, so a
token need not be a real word.
"""

from __future__ import annotations

import re

MIN_WORD_CHARS = 3

STOP_WORDS: frozenset[str] = frozenset(
    [
        "the",
        "and",
        "but",
        "for",
        "nor",
        "yet",
        "with",
        "from",
        "into",
        "onto",
        "over",
        "than",
        "then",
        "that",
        "this",
        "these",
        "those",
        "are",
        "was",
        "were",
        "been",
        "being",
        "has",
        "have",
        "had",
        "does",
        "did",
        "doing",
        "not",
        "its",
        "our",
        "ours",
        "your",
        "yours",
        "their",
        "theirs",
        "they",
        "them",
        "she",
        "her",
        "him",
        "his",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "own",
        "same",
        "too",
        "very",
        "can",
        "will",
        "just",
        "should",
        "would",
        "could",
        "might",
        "may",
        "also",
        "there",
        "here",
        "about",
        "after",
        "before",
        "above",
        "below",
        "again",
        "further",
        "once",
        "out",
        "off",
        "under",
        "until",
        "while",
        "because",
        "via",
        "per",
    ]
)

_WORD = re.compile(r"[^\W_]+")
# Doubled consonants that folding undoes; l, s and z stay doubled (call, pass, buzz).
_UNDOUBLE = frozenset("bcdfgkmnprt")


def _undouble(stem: str) -> str:
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] in _UNDOUBLE:
        return stem[:-1]
    return stem


def fold(word: str) -> str:
    """One lower-case word with its inflectional suffix folded away."""
    w = word
    # Plurals and third person: classes -> class, libraries -> library, prefers -> prefer.
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    # Past tense and participles: preferred -> prefer, applied -> apply, running -> run.
    if w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ed") and len(w) - 2 >= 2:
        w = _undouble(w[:-2])
    elif w.endswith("ing") and len(w) - 3 >= 2:
        w = _undouble(w[:-3])
    # A silent final e, so that "use" meets "used" and "using".
    if w.endswith("e") and len(w) > 2:
        w = w[:-1]
    return w


def words(text: str) -> list[str]:
    """The content words of ``text`` in order, folded, with repeats."""
    found = []
    for raw in _WORD.findall(text.lower()):
        if len(raw) < MIN_WORD_CHARS or raw in STOP_WORDS:
            continue
        found.append(fold(raw))
    return found


def tokens(text: str) -> set[str]:
    """The distinct folded content words of ``text``."""
    return set(words(text))


def overlap(memory_text: str, response_tokens: set[str]) -> tuple[int, int]:
    """(how many of the memory's distinct tokens the response has, how many it has in all)."""
    wanted = tokens(memory_text)
    return len(wanted & response_tokens), len(wanted)
