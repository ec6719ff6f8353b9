"""``python -m atocore.bench <name>``: the corpus generator, P1..P5, the auth check's cost, retrieval quality.

Each benchmark prints a small table and then its figures as one JSON line
(for scripts: ``... | tail -1``). They run against the Neo4j the usual
settings name (ATOCORE_NEO4J_URI, ATOCORE_NEO4J_PASSWORD, ...).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from atocore.config import get_settings

if TYPE_CHECKING:
    from atocore.graph.migrations import Quantization


def _print(figures: dict[str, Any]) -> None:
    width = max(len(key) for key in figures)
    for key, value in figures.items():
        click.echo(f"{key:<{width}}  {value}")
    click.echo(json.dumps(figures))


def _print_table(lines: list[str], figures: dict[str, Any]) -> None:
    for line in lines:
        click.echo(line)
    click.echo(json.dumps(figures))


@contextmanager
def _services() -> Iterator[Any]:
    """The services for the settings in force (schema migrated), closed afterwards whatever happens.

    Their catalog is production's plus ``cypher/bench/`` (the benchmark data's fill and wipe), which only
    benchmarks load.
    """
    from atocore.graph import Graph
    from atocore.graph.catalog import BENCH, Catalog
    from atocore.services.runtime import open_services

    settings = get_settings()
    with open_services(settings, Graph(settings, Catalog(settings.cypher_dir, extra=[BENCH]))) as services:
        yield services


def _measure(run: Callable[..., dict[str, Any]], *args: Any, **kwargs: Any) -> None:
    """Print the figures ``run(services, *args, **kwargs)`` returns (one benchmark command's whole body)."""
    with _services() as services:
        _print(run(services, *args, **kwargs))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def bench() -> None:
    """AtoCore benchmarks.

    \b
    Examples:
      python -m atocore.bench corpus --documents 200 --out /tmp/notes
      python -m atocore.bench ingest --chunks 10000            # P1
      python -m atocore.bench ingest --chunks 10000 --keep && python -m atocore.bench recall   # P3
      python -m atocore.bench all --chunks 10000              # P1 then P3 on the same data
      python -m atocore.bench latency --chunks 100000          # P2
      python -m atocore.bench engineering                      # P5
      python -m atocore.bench catalog --entities 10000 --relationships 50000   # P4
      python -m atocore.bench retrieval --dataset ../shared/data/dev-retrieval/scifact-train --keep
      python -m atocore.bench context                          # multi-chunk questions over docs/
      python -m atocore.bench auth                             # the token check's cost
      python -m atocore.bench load --clients 20 --seconds 60   # concurrency: 0 5xx, 0 lost, 0 duplicated
      python -m atocore.bench backup --chunks 100000 --entities 10000   # backup and restore
      python -m atocore.bench mirror                           # the Human Mirror's overview and regeneration
    """


@bench.command()
@click.option("--documents", default=100, show_default=True, help="How many notes to write.")
@click.option("--seed", default=7, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Directory to write into.")
def corpus(documents: int, seed: int, out: Path) -> None:
    """Write a deterministic synthetic corpus of engineering notes."""
    from atocore.bench.corpus import write_corpus

    paths = write_corpus(out, documents, seed)
    click.echo(f"wrote {len(paths)} notes, {sum(p.stat().st_size for p in paths)} bytes, under {out}")


@bench.command()
@click.option("--chunks", default=10_000, show_default=True, help="Generate notes until they hold this many chunks.")
@click.option("--seed", default=7, show_default=True)
@click.option("--keep", is_flag=True, help="Leave the ingested project (bench-p1) in the graph, e.g. for `recall`.")
def ingest(chunks: int, seed: int, keep: bool) -> None:
    """P1: ingestion chunks/s end to end vs embedding alone (target ratio >= 0.85)."""
    from atocore.bench.runs import p1_ingest

    _measure(p1_ingest, chunks, seed, keep)


@bench.command()
@click.option("--queries", "query_count", default=100, show_default=True)
@click.option("--k", default=10, show_default=True)
@click.option("--seed", default=11, show_default=True)
def recall(query_count: int, k: int, seed: int) -> None:
    """P3: recall@k of the vector index vs exact cosine over the stored chunks (target >= 0.95)."""
    from atocore.bench.runs import p3_recall

    _measure(p3_recall, query_count, k, seed)


@bench.command(name="all")
@click.option("--chunks", default=10_000, show_default=True)
@click.option("--queries", "query_count", default=100, show_default=True)
def run_all(chunks: int, query_count: int) -> None:
    """P1 then P3 on the P1 corpus; removes the benchmark project afterwards."""
    from atocore.bench.runs import P1_PROJECT, p1_ingest, p3_recall
    from atocore.services.ingest import remove_project_documents

    with _services() as services:
        _print(p1_ingest(services, chunks, keep=True))
        _print(p3_recall(services, query_count))
        remove_project_documents(services, P1_PROJECT)


@bench.command()
@click.option("--chunks", default=10_000, show_default=True, help="Graph size for the benchmark project (bench-p2).")
@click.option("--requests", default=200, show_default=True, help="Requests per endpoint.")
@click.option("--seed", default=7, show_default=True)
@click.option(
    "--ingest-chunks",
    default=10_000,
    show_default=True,
    help='"During ingest": /query p95 while a refresh ingests this many new chunks (0 skips it; target <= 3x idle).',
)
def latency(chunks: int, requests: int, seed: int, ingest_chunks: int) -> None:
    """P2: p50/p95 of POST /context/build and POST /query over HTTP (target /context/build p95 <= 60 ms at 100k).

    Then /query again during a refresh ("during ingest"), which must stay within 3x its idle p95.
    """
    from atocore.bench.latency import p2_latency

    _measure(p2_latency, chunks, requests, seed, ingest_chunks)


@bench.command()
@click.option("--clients", default=20, show_default=True, help="Concurrent clients, each on its own connection.")
@click.option("--seconds", default=60.0, show_default=True, help="How long the clients run.")
@click.option("--seed", default=7, show_default=True)
@click.option(
    "--refresh-chunks", default=500, show_default=True, help="Chunks the refresh running meanwhile keeps ingesting."
)
@click.option("--url", default=None, help="Load this running API instead of serving one in-process.")
def load(clients: int, seconds: float, seed: int, refresh_chunks: int, url: str | None) -> None:
    """Many clients at once, then every acknowledged write read back (targets: 0 5xx, 0 lost, 0 duplicated).

    The mix: /query, /context/build, memory and interaction writes, entity create + promote,
    catalog queries and list pages, while a refresh keeps ingesting another project.
    """
    from atocore.bench.load import load as run_load

    _measure(run_load, clients, seconds, seed, refresh_chunks, url)


@bench.command()
@click.option(
    "--writes", default=300, show_default=True, help="Entity writes timed, through the service and over HTTP each."
)
@click.option("--components", default=10_000, show_default=True, help="Components in the generated KB-CAD export.")
@click.option("--seed", default=5, show_default=True)
def engineering(writes: int, components: int, seed: int) -> None:
    """P5: POST /entities p50/p95 (target p95 <= 20 ms) and KB-CAD import records/s (target >= 2,000)."""
    from atocore.bench.engineering import p5_engineering

    _measure(p5_engineering, writes, components, seed)


@bench.command()
@click.option(
    "--entities", default=10_000, show_default=True, help="Entities in the synthetic project (bench-catalog)."
)
@click.option("--relationships", default=50_000, show_default=True, help="Relationships between them.")
@click.option("--runs", default=100, show_default=True, help="Runs per query (parameters drawn from the data).")
@click.option("--seed", default=7, show_default=True)
@click.option("--explain", is_flag=True, help="Also show which indexes and scans each query's plan uses.")
@click.option("--keep", is_flag=True, help="Leave the benchmark project in the graph (to explore it in Browser).")
def catalog(entities: int, relationships: int, runs: int, seed: int, explain: bool, keep: bool) -> None:
    """P4: p50/p95 of each engineering catalog query (target p95 <= 25 ms each)."""
    from atocore.bench.catalog import p4_catalog

    _measure(p4_catalog, entities, relationships, runs, seed, explain=explain, keep=keep)


@bench.command()
@click.option(
    "--dataset",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="A BEIR-shaped directory: corpus.jsonl, queries.jsonl, qrels/<split>.tsv.",
)
@click.option("--split", default=None, help="qrels file to score against (default: the only one, else test).")
@click.option("--limit-queries", type=int, default=None, help="Score only the first N queries (by id).")
@click.option(
    "--max-documents",
    type=int,
    default=None,
    help="A smaller corpus: the kept queries' relevant documents, then random others up to N (a loaded machine).",
)
@click.option("--keep", is_flag=True, help="Leave the ingested project in the graph: the next run only hashes files.")
@click.option("--fusion", multiple=True, type=click.Choice(["rrf", "weighted"]), help="Also score this fusion.")
@click.option("--k", "ks", multiple=True, type=int, help="Also score this RRF k (with each --fusion).")
@click.option("--document-weight", "doc_weights", multiple=True, type=float, help="Also score this document weight.")
@click.option(
    "--quantization",
    "quantizations",
    multiple=True,
    type=click.Choice(["none", "scalar", "binary"]),
    help="Also score the vector leg with the index rebuilt at this quantization (the pinned one is put back).",
)
def retrieval(
    dataset: Path,
    split: str | None,
    limit_queries: int | None,
    max_documents: int | None,
    keep: bool,
    fusion: tuple[str, ...],
    ks: tuple[int, ...],
    doc_weights: tuple[float, ...],
    quantizations: tuple[Quantization, ...],
) -> None:
    """nDCG@10, Recall@10/@100 and latency of /query vs exact MiniLM and stemmed BM25 (needs the bench extra)."""
    from atocore.bench.beir import load_dataset
    from atocore.bench.retrieval import run_retrieval, table, variants

    data = load_dataset(dataset, split, limit_queries, max_documents)
    with _services() as services:
        recipes = variants(services.settings, fusion, ks, doc_weights)
        figures = run_retrieval(
            services,
            data,
            keep=keep,
            recipes=recipes,
            quantizations=quantizations,
            progress=lambda line: click.echo(line, err=True),
        )
    _print_table(table(figures), figures)


@bench.command()
@click.option(
    "--questions",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Questions with evidence passages (default: tests/fixtures/docs-questions.json).",
)
@click.option("--budget", "budgets", multiple=True, type=int, help="Context budgets to try (default: 6000 and 12000).")
def context(questions: Path | None, budgets: tuple[int, ...]) -> None:
    """Evidence of multi-chunk questions over docs/ held by context packs, with and without neighbours."""
    from atocore.bench.context import QUESTIONS, run_context, table

    with _services() as services:
        figures = run_context(services, questions or QUESTIONS, budgets or (6000, 12000))
    _print_table(table(figures), figures)


@bench.command()
@click.option("--chunks", default=2000, show_default=True, help="Graph size for the benchmark project (bench-p2).")
@click.option("--requests", default=300, show_default=True, help="Requests per mode.")
@click.option("--seed", default=7, show_default=True)
def auth(chunks: int, requests: int, seed: int) -> None:
    """p50/p95 of POST /query without auth, with a cached token and with a token checked in Neo4j each time."""
    from atocore.bench.auth import p_auth

    _measure(p_auth, chunks, requests, seed)


@bench.command()
@click.option("--chunks", default=100_000, show_default=True, help="Chunks with vectors (project bench-p2).")
@click.option("--entities", default=10_000, show_default=True, help="Entities (project bench-catalog).")
@click.option("--relationships", default=50_000, show_default=True, help="Relationships between them.")
@click.option("--keep", is_flag=True, help="Keep the benchmark's backup.")
def backup(chunks: int, entities: int, relationships: int, keep: bool) -> None:
    """Backup and restore time and size (targets: backup <= 60 s, restore until indexes ONLINE <= 180 s).

    The restore replaces the database's content with the backup's (the same content): run it on a
    scratch database.
    """
    from atocore.bench.backup import p_backup

    _measure(p_backup, chunks, entities, relationships, keep)


@bench.command()
@click.option("--small", default=1_000, show_default=True, help="Entities of the project whose overview is timed.")
@click.option("--large", default=10_000, show_default=True, help="Entities of the project regenerated whole.")
@click.option("--runs", default=20, show_default=True, help="Timed overviews.")
@click.option("--seed", default=7, show_default=True)
def mirror(small: int, large: int, runs: int, seed: int) -> None:
    """The Human Mirror: overview of a 1k-entity project (target <= 0.5 s), every page of a 10k one (<= 5 s)."""
    from atocore.bench.mirror import mirror_bench

    _measure(mirror_bench, small, large, runs, seed)


if __name__ == "__main__":
    bench()
