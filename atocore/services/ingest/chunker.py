"""Splitting a document into chunks whose offsets point exactly into its text.

Every chunk is a span of the original text: ``chunk.text ==
text[chunk.char_start:chunk.char_end]`` always holds, so a hit can be shown
in place and neighbouring chunks can be stitched back together.

Markdown is cut along its ATX headings (``#`` to ``######``) first: each
heading opens a section and the section's chunks carry the ``" > "``-joined
path of headings above them. A heading with nothing under it but a deeper
heading is carried into that child's first chunk, so no chunk is a bare
heading. Inside a section the units are paragraphs and fenced code blocks.
Units are packed greedily up to ``chunk_size`` characters. A unit larger than
that is cut at line and sentence ends, then at word boundaries, and only as a
last resort mid-word. A fenced code block is kept whole when it fits in
``CODE_TOLERANCE`` times ``chunk_size``, so code is only split when there is no
other way. Consecutive chunks of one section share up to ``chunk_overlap``
characters, starting at a sentence or word boundary. Sections never overlap.

Plain text has no headings: one section, split by paragraphs the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

Kind = Literal["markdown", "text"]
HEADING_SEPARATOR = " > "
CODE_TOLERANCE = 1.5  # a fenced block up to 1.5 x chunk_size stays in one chunk

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Where a finer cut may go: after a line break, or after a sentence end
# (.!? possibly followed by closing quotes/brackets) and its whitespace.
_LINE_OR_SENTENCE_END = re.compile(r"\n|(?<=[.!?])[\"')\]]*[ \t]+")
_LINE_END = re.compile(r"\n")
_WHITESPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True)
class Chunk:
    ordinal: int
    text: str
    heading_path: str
    char_start: int
    char_end: int

    @property
    def embedding_text(self) -> str:
        """What the embedder sees: the heading path gives the passage its context."""
        return f"{self.heading_path}\n\n{self.text}" if self.heading_path else self.text


def title_path(title: str, heading_path: str) -> str:
    """The document title and the chunk's heading path as one path, the title once.

    A markdown file whose first H1 is its title already has it at the head of
    every heading path; a plain-text file or one without an H1 gets its title
    (the file name) in front. The keyword index boosts this path.
    """
    if not title or heading_path == title or heading_path.startswith(title + HEADING_SEPARATOR):
        return heading_path
    return f"{title}{HEADING_SEPARATOR}{heading_path}" if heading_path else title


@dataclass(frozen=True)
class ChunkedDocument:
    title: str
    chunks: list[Chunk]


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    code: bool = False


@dataclass
class _Section:
    path: tuple[str, ...]
    start: int
    end: int
    units: list[_Unit]


def chunk_document(
    text: str, *, kind: Kind, chunk_size: int, chunk_overlap: int, fallback_title: str
) -> ChunkedDocument:
    """Chunks of ``text`` (markdown or plain) and its title (first H1, else ``fallback_title``)."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be positive")
    overlap = max(0, min(chunk_overlap, chunk_size // 2))
    if kind == "markdown":
        sections, title = _markdown_sections(text)
    else:
        sections, title = [_Section((), 0, len(text), _paragraph_units(text, 0, len(text)))], None
    spans: list[tuple[int, int, str]] = []
    carry: int | None = None  # start of heading-only sections waiting for their child
    for index, section in enumerate(sections):
        body = [u for u in section.units if not _is_heading_line(text, u)]
        following = sections[index + 1] if index + 1 < len(sections) else None
        if not body and following is not None and _is_descendant(following.path, section.path):
            carry = section.start if carry is None else carry
            continue
        units = section.units
        if carry is not None and units:
            units = [_Unit(carry, units[0].end, units[0].code), *units[1:]]
            carry = None
        path = HEADING_SEPARATOR.join(section.path)
        for start, end in _pack(text, units, chunk_size, overlap):
            spans.append((start, end, path))
    chunks = [
        Chunk(ordinal=i, text=text[s:e], heading_path=path, char_start=s, char_end=e)
        for i, (s, e, path) in enumerate(spans)
    ]
    return ChunkedDocument(title=title or fallback_title, chunks=chunks)


# -- markdown structure ---------------------------------------------------------
def _lines(text: str) -> list[tuple[int, str]]:
    offset, out = 0, []
    for line in text.splitlines(keepends=True):
        out.append((offset, line))
        offset += len(line)
    return out


def _markdown_sections(text: str) -> tuple[list[_Section], str | None]:
    sections: list[_Section] = []
    stack: list[tuple[int, str]] = []
    title: str | None = None
    current = _Section((), 0, len(text), [])
    block_start: int | None = None  # start of the paragraph being read
    fence: tuple[str, int] | None = None  # (char, length) of the open fence
    fence_start = 0

    def close_paragraph(at: int) -> None:
        nonlocal block_start
        if block_start is not None:
            current.units.append(_Unit(block_start, at))
            block_start = None

    for offset, line in _lines(text):
        bare = line.rstrip("\r\n")
        end = offset + len(line)
        if fence is not None:
            stripped = bare.strip()
            if (
                stripped
                and set(stripped) == {fence[0]}
                and len(stripped) >= fence[1]
                and len(bare) - len(bare.lstrip(" ")) <= 3
            ):
                current.units.append(_Unit(fence_start, end, code=True))
                fence = None
            continue
        opening = _FENCE_OPEN.match(bare)
        if opening and not (opening.group(1)[0] == "`" and "`" in bare[opening.end() :]):
            close_paragraph(offset)
            fence, fence_start = (opening.group(1)[0], len(opening.group(1))), offset
            continue
        heading = _HEADING.match(bare)
        if heading:
            close_paragraph(offset)
            current.end = offset
            sections.append(current)
            level, name = len(heading.group(1)), (heading.group(2) or "").strip()
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, name))
            if level == 1 and title is None and name:
                title = name
            current = _Section(tuple(n for _, n in stack if n), offset, len(text), [_Unit(offset, end)])
            continue
        if not bare.strip():
            close_paragraph(offset)
        elif block_start is None:
            block_start = offset
    if fence is not None:  # an unclosed fence runs to the end of the document
        current.units.append(_Unit(fence_start, len(text), code=True))
    close_paragraph(len(text))
    sections.append(current)
    return [s for s in sections if s.units], title


def _is_heading_line(text: str, unit: _Unit) -> bool:
    return (
        not unit.code
        and "\n" not in text[unit.start : unit.end].rstrip("\r\n")
        and bool(_HEADING.match(text[unit.start : unit.end].rstrip("\r\n")))
    )


def _is_descendant(child: tuple[str, ...], parent: tuple[str, ...]) -> bool:
    return len(child) > len(parent) and child[: len(parent)] == parent


def _paragraph_units(text: str, start: int, end: int) -> list[_Unit]:
    units, block = [], None
    for offset, line in _lines(text[start:end]):
        if line.strip():
            block = start + offset if block is None else block
        elif block is not None:
            units.append(_Unit(block, start + offset))
            block = None
    if block is not None:
        units.append(_Unit(block, end))
    return units


# -- packing ------------------------------------------------------------------
def _pack(text: str, units: list[_Unit], size: int, overlap: int) -> list[tuple[int, int]]:
    pieces: list[_Unit] = []
    for unit in units:
        limit = int(size * CODE_TOLERANCE) if unit.code else size
        pieces.extend([unit] if unit.end - unit.start <= limit else _split(text, unit, size))
    spans: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    for piece in pieces:
        if start is None:
            start, end = piece.start, piece.end
        elif piece.end - start <= size:
            end = piece.end
        else:
            spans.append((start, end))
            resume = _overlap_start(text, start, end, overlap)
            start = resume if resume is not None and piece.end - resume <= size else piece.start
            end = piece.end
    if start is not None:
        spans.append((start, end))
    return [t for t in (_trim(text, s, e) for s, e in spans) if t]


def _split(text: str, unit: _Unit, size: int) -> list[_Unit]:
    """Cut an oversized unit at line/sentence ends, then words, then anywhere."""
    cuts = [unit.start]
    boundaries = _LINE_END if unit.code else _LINE_OR_SENTENCE_END
    for match in boundaries.finditer(text, unit.start, unit.end):
        if match.end() < unit.end:
            cuts.append(match.end())
    cuts.append(unit.end)
    out: list[_Unit] = []
    for s, e in pairwise(cuts):
        if e - s <= size:
            out.append(_Unit(s, e, unit.code))
        else:
            out.extend(_split_words(text, s, e, size, unit.code))
    return out


def _split_words(text: str, start: int, end: int, size: int, code: bool) -> list[_Unit]:
    out = []
    while end - start > size:
        window = text[start : start + size]
        cut = max(window.rfind(" "), window.rfind("\t"), window.rfind("\n"))
        cut = start + cut + 1 if cut > 0 else start + size
        out.append(_Unit(start, cut, code))
        start = cut
    out.append(_Unit(start, end, code))
    return out


def _overlap_start(text: str, start: int, end: int, overlap: int) -> int | None:
    """Where the next chunk starts to repeat the tail of [start, end): a sentence or word start."""
    if overlap <= 0:
        return None
    floor = max(start + 1, end - overlap)
    window = text[floor:end]
    for match in _LINE_OR_SENTENCE_END.finditer(window):
        if match.end() < len(window):
            return floor + match.end()
    if floor > 0 and text[floor - 1].isspace() and not text[floor].isspace():
        return floor
    word = _WHITESPACE_RUN.search(window)
    if word and word.end() < len(window):
        return floor + word.end()
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
