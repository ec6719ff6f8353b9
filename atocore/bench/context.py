"""Context packs on questions whose answers span several chunks of this repository's docs/.

The questions (``tests/fixtures/docs-questions.json``) each list evidence
passages, exact text of the docs in different chunks. The docs are ingested
through the API as project ``bench-docs`` (source ``atocore-docs``); for each
question a context pack is built at each budget, with and without the
neighbours and evidenced entities, and ``POST /query`` (top 10) is asked.
Figures: the share of evidence passages the pack (or the hits' text) holds
(whitespace and case ignored), the share of questions with all of it, and
the mean pack size. Evidence no chunk holds (the docs changed) is listed.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

from atocore.bench.retrieval import bench_api, ingest, with_neighbours
from atocore.config import DOCS_SOURCE, REPO_ROOT
from atocore.services.context import ContextRequest, build_context
from atocore.services.runtime import Services

PROJECT = "bench-docs"
QUESTIONS = REPO_ROOT / "tests" / "fixtures" / "docs-questions.json"


def _normalized(text: str) -> str:
    return " ".join(text.split()).casefold()


def _held(evidence: list[str], text: str) -> float:
    held = _normalized(text)
    return sum(_normalized(e) in held for e in evidence) / len(evidence)


def _figures(shares: list[float], sizes: list[int] | None = None) -> dict[str, float]:
    figures = {
        "evidence": round(statistics.fmean(shares), 3),
        "complete": round(sum(share == 1.0 for share in shares) / len(shares), 3),
    }
    if sizes:
        figures["pack_chars"] = round(statistics.fmean(sizes))
    return figures


def run_context(services: Services, questions: Path, budgets: tuple[int, ...]) -> dict[str, Any]:
    asked = json.loads(questions.read_text(encoding="utf-8"))["questions"]
    results: dict[str, dict[str, float]] = {}
    with bench_api(services, {DOCS_SOURCE: REPO_ROOT / "docs"}) as (scoped, http):
        report = ingest(http, PROJECT, "", source=DOCS_SOURCE)
        chunks = " \x00 ".join(row["text"] for row in scoped.graph.run("bench.retrieval_chunks", project=PROJECT))
        missing = [e for q in asked for e in q["evidence"] if _normalized(e) not in _normalized(chunks)]
        shares = []
        for question in asked:
            body = {"prompt": question["question"], "project": PROJECT, "top_k": 10}
            hits = http.post("/query", json=body).json()["hits"]
            shares.append(_held(question["evidence"], " ".join(hit["text"] for hit in hits)))
        results["query top 10"] = _figures(shares)
        for budget in budgets:
            for label, neighbours in (("hits only", False), ("neighbours + entities", True)):
                packer = with_neighbours(scoped, neighbours)
                packs = [
                    build_context(packer, ContextRequest(prompt=q["question"], project=PROJECT, budget=budget))
                    for q in asked
                ]
                shares = [_held(q["evidence"], p.formatted_context) for q, p in zip(asked, packs, strict=True)]
                results[f"context {budget}: {label}"] = _figures(shares, [p.total_chars for p in packs])
    return {
        "bench": "context",
        "questions": len(asked),
        "evidence_passages": sum(len(q["evidence"]) for q in asked),
        "evidence_missing_from_docs": missing,
        "documents_ingested": report["documents_seen"],
        "results": results,
    }


def table(figures: dict[str, Any]) -> list[str]:
    width = max(len(name) for name in figures["results"])
    lines = [f"{'method':<{width}}  evidence  complete  pack_chars"]
    for name, row in figures["results"].items():
        lines.append(f"{name:<{width}}  {row['evidence']:>8}  {row['complete']:>8}  {row.get('pack_chars', ''):>10}")
    lines.append(f"questions: {figures['questions']}, evidence passages: {figures['evidence_passages']}")
    lines.append(f"evidence missing from docs: {figures['evidence_missing_from_docs'] or 'none'}")
    return lines
