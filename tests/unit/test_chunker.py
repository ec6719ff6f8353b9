"""The chunker: heading paths, code fences, sizes, overlap and exact offsets."""

from __future__ import annotations

import itertools
import random

import pytest

from atocore.services.ingest.chunker import CODE_TOLERANCE, chunk_document, title_path

NOTE = """\
Preamble line before any heading.

# Telescope focus drive

Intro paragraph about the drive.

## Requirements

The focus stage shall hold position within 2 um over 10 K. It shall move 5 mm in 3 s.

### Thermal

The housing is aluminium 6061; expansion dominates the error budget.

## Decisions

```python
# not a heading: inside a fence
def budget():

    return 42
```

Decision text after the code.
"""


def chunks_of(text: str, kind: str = "markdown", size: int = 1200, overlap: int = 150):
    return chunk_document(text, kind=kind, chunk_size=size, chunk_overlap=overlap, fallback_title="fallback").chunks


def assert_exact(text: str, chunks) -> None:
    for chunk in chunks:
        assert text[chunk.char_start : chunk.char_end] == chunk.text
        assert chunk.text == chunk.text.strip() and chunk.text
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    starts = [c.char_start for c in chunks]
    assert starts == sorted(starts)


def test_heading_paths_and_title() -> None:
    doc = chunk_document(NOTE, kind="markdown", chunk_size=1200, chunk_overlap=150, fallback_title="x")
    assert doc.title == "Telescope focus drive"
    paths = [c.heading_path for c in doc.chunks]
    assert paths == [
        "",
        "Telescope focus drive",
        "Telescope focus drive > Requirements",
        "Telescope focus drive > Requirements > Thermal",
        "Telescope focus drive > Decisions",
    ]
    assert_exact(NOTE, doc.chunks)
    assert doc.chunks[2].text.startswith("## Requirements")


def test_fenced_code_is_not_split_and_its_hashes_are_not_headings() -> None:
    chunks = chunks_of(NOTE)
    decision = chunks[-1]
    assert "# not a heading" in decision.text and "return 42" in decision.text
    assert all("not a heading" not in c.heading_path for c in chunks)


def test_fence_kept_whole_when_it_fits_within_tolerance() -> None:
    code = "```\n" + "".join(f"line {i:03d} = value\n" for i in range(40)) + "```\n"
    text = "# T\n\nShort intro.\n\n" + code + "\nAfter.\n"
    size = 600
    assert size < len(code) <= size * CODE_TOLERANCE
    chunks = chunks_of(text, size=size, overlap=50)
    assert_exact(text, chunks)
    assert any(c.text.startswith("```") and c.text.endswith("```") for c in chunks)


def test_huge_fence_is_split_on_lines() -> None:
    code = "```\n" + "".join(f"line {i:04d} = value\n" for i in range(300)) + "```\n"
    chunks = chunks_of(code, size=400, overlap=0)
    assert_exact(code, chunks)
    assert len(chunks) > 5
    assert all(len(c.text) <= 400 for c in chunks)
    assert all(c.text.endswith("value") or c.text.endswith("```") for c in chunks)


def test_heading_only_parent_is_carried_into_its_child() -> None:
    text = "# Top\n## Middle\n### Leaf\nLeaf body.\n"
    chunks = chunks_of(text)
    assert len(chunks) == 1
    assert chunks[0].text == text.strip()
    assert chunks[0].heading_path == "Top > Middle > Leaf"


def test_long_paragraphs_split_by_sentence_with_overlap() -> None:
    sentences = [f"Sentence number {i} describes the mirror mount preload of {i} N." for i in range(60)]
    text = "## Mount\n\n" + " ".join(sentences) + "\n"
    chunks = chunks_of(text, size=300, overlap=80)
    assert_exact(text, chunks)
    assert len(chunks) > 5
    assert all(len(c.text) <= 300 for c in chunks)
    for previous, current in itertools.pairwise(chunks):
        assert current.char_start < previous.char_end, "neighbours share text"
        assert previous.char_end - current.char_start <= 80
        assert current.text[0].isupper(), "overlap starts at a sentence"
    covered = set()
    for c in chunks:
        covered.update(range(c.char_start, c.char_end))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def test_no_overlap_across_sections() -> None:
    text = "## A\n\n" + "alpha " * 100 + "\n\n## B\n\n" + "beta " * 100 + "\n"
    chunks = chunks_of(text, size=250, overlap=60)
    assert_exact(text, chunks)
    a_end = max(c.char_end for c in chunks if c.heading_path == "A")
    b_start = min(c.char_start for c in chunks if c.heading_path == "B")
    assert a_end <= b_start


def test_a_word_longer_than_the_chunk_is_cut() -> None:
    text = "x" * 2500
    chunks = chunks_of(text, kind="text", size=1000, overlap=100)
    assert_exact(text, chunks)
    assert "".join(c.text for c in chunks) == text


def test_plain_text_by_paragraphs_and_fallback_title() -> None:
    text = "First paragraph.\nStill first.\n\n\nSecond paragraph.\n"
    doc = chunk_document(text, kind="text", chunk_size=20, chunk_overlap=0, fallback_title="notes")
    assert doc.title == "notes"
    assert [c.text for c in doc.chunks] == ["First paragraph.", "Still first.", "Second paragraph."]
    assert all(c.heading_path == "" for c in doc.chunks)


def test_markdown_without_h1_uses_fallback_title() -> None:
    doc = chunk_document("## Only H2\n\nbody\n", kind="markdown", chunk_size=1200, chunk_overlap=0, fallback_title="f")
    assert doc.title == "f"


@pytest.mark.parametrize("text", ["", "   \n\n", "# \n"])
def test_empty_documents(text: str) -> None:
    chunks = chunks_of(text)
    assert_exact(text, chunks)
    assert len(chunks) <= 1


def test_crlf_and_unclosed_fence() -> None:
    text = "# T\r\n\r\nBody line.\r\n\r\n```\r\ncode\r\n# still code\r\n"
    chunks = chunks_of(text)
    assert_exact(text, chunks)
    assert all(c.heading_path == "T" for c in chunks)


def test_random_documents_keep_offsets_exact_and_sizes_bounded() -> None:
    rng = random.Random(7)
    words = ["lens", "mirror", "thermal", "bracket.", "stress!", "torque?", "bolt\nfocus", "preload"]
    for _ in range(200):
        parts = []
        for _ in range(rng.randint(1, 30)):
            roll = rng.random()
            if roll < 0.2:
                parts.append("#" * rng.randint(1, 6) + " " + rng.choice(words).strip())
            elif roll < 0.3:
                parts.append("```\n" + " ".join(rng.choices(words, k=rng.randint(1, 80))) + "\n```")
            else:
                parts.append(" ".join(rng.choices(words, k=rng.randint(1, 120))))
        text = rng.choice(["\n\n", "\n"]).join(parts)
        size = rng.choice([200, 300, 1200])
        chunks = chunks_of(text, size=size, overlap=rng.choice([0, 40, 150]))
        assert_exact(text, chunks)
        assert all(len(c.text) <= size * CODE_TOLERANCE for c in chunks)


@pytest.mark.parametrize(
    ("title", "heading_path", "expected"),
    [
        ("Mirror", "Mirror > Mount", "Mirror > Mount"),  # the H1 is the title: once
        ("Mirror", "Mirror", "Mirror"),
        ("notes", "", "notes"),  # plain text: the file name
        ("notes", "Mount > Pads", "notes > Mount > Pads"),  # markdown without an H1
        ("", "Mount", "Mount"),
        ("Mirror", "Mirrors > Pads", "Mirror > Mirrors > Pads"),  # a prefix of a word is not the title
    ],
)
def test_title_path_names_the_title_once(title: str, heading_path: str, expected: str) -> None:
    assert title_path(title, heading_path) == expected
