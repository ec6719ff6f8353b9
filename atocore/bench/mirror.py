"""The Human Mirror benchmark: the overview of a 1,000-entity project, every page of a 10k one.

Both projects are the catalog benchmark's synthetic project (``bench.catalog``
fills it: subsystem trees, requirements with coverage gaps, decisions on
flagged assumptions, trusted-state overrides, open conflicts), registered
for the run so the Mirror can find it, then removed.

- ``overview``: reading the overview's facts (the project-wide catalog
  listings and trusted state) and rendering the page, as a first read of
  the page does; p50/p95 over ``runs`` (target <= 0.5 s at 1,000 entities).
- ``regenerate``: every page of the 10k project (index, overview, decision
  log, one page per subsystem) from scratch into an empty directory, as the
  explicit regeneration does (target <= 5 s); then again with the inputs
  unchanged, when nothing is written.

The pages go to a temporary directory, never to the data directory's
``mirror/``. The load average is part of the figures, as for P4.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from atocore.bench.catalog_data import PROJECT, fill
from atocore.bench.latency import percentiles
from atocore.services import projects
from atocore.services.mirror import render, service
from atocore.services.mirror.facts import Reader, project_facts
from atocore.services.runtime import Services

OVERVIEW_TARGET_S = 0.5
REGENERATE_TARGET_S = 5.0


def _scratch(services: Services, directory: Path) -> Services:
    """The same graph, with pages written under ``directory``."""
    settings = services.settings.model_copy(update={"data_dir": directory})
    return Services(settings, graph=services.graph)


def _register(services: Services) -> None:
    services.graph.run("bench.mirror_unregister", project=PROJECT)
    spec = projects.ProjectSpec(id=PROJECT, description="Mirror benchmark project (synthetic, removed after the run)")
    projects.register(services.graph, spec)


def overview_once(services: Services) -> str:
    """The overview page's text, from the facts read now (what a first read of the page costs)."""
    graph = services.graph
    project = projects.get_project(graph, PROJECT)
    context = render.overview_context(project_facts(graph, Reader(graph, project.id), project))
    return render.page_text("overview.md.j2", context, generated_at="bench", stamp=render.checksum("overview", context))


def mirror_bench(
    services: Services,
    small: int = 1_000,
    large: int = 10_000,
    runs: int = 20,
    seed: int = 7,
    progress=print,
) -> dict[str, Any]:
    figures: dict[str, Any] = {"load_avg_1m_before": round(os.getloadavg()[0], 2)}
    try:
        _register(services)
        progress(f"filling a {small}-entity project")
        filled = fill(services, small, small * 5, seed, progress=lambda _: None)
        figures["overview_entities"] = filled["entities"]
        overview_once(services)  # warm: the first plans of each query
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            text = overview_once(services)
            timings.append((time.perf_counter() - started) * 1000)
        timed = percentiles(timings)
        figures["overview_p50_ms"], figures["overview_p95_ms"] = timed["p50_ms"], timed["p95_ms"]
        figures["overview_bytes"] = len(text.encode())
        figures["overview_target_ms"] = OVERVIEW_TARGET_S * 1000

        progress(f"filling a {large}-entity project")
        filled = fill(services, large, large * 5, seed, progress=lambda _: None)
        figures["regenerate_entities"] = filled["entities"]
        figures["regenerate_relationships"] = filled["relationships"]
        with tempfile.TemporaryDirectory(prefix="atocore-mirror-bench-") as directory:
            scratch = _scratch(services, Path(directory))
            first = service.regenerate(scratch, PROJECT, trigger="bench")
            again = service.regenerate(scratch, PROJECT, trigger="bench")
            pages_bytes = sum(p.stat().st_size for p in Path(directory).rglob("*.md"))
        figures["regenerate_pages"] = first.pages
        figures["regenerate_written"] = len(first.written)
        figures["regenerate_bytes"] = pages_bytes
        figures["regenerate_s"] = round(first.duration_ms / 1000, 2)
        figures["unchanged_s"] = round(again.duration_ms / 1000, 2)
        figures["unchanged_written"] = len(again.written)
        figures["regenerate_target_s"] = REGENERATE_TARGET_S
    finally:
        services.graph.run_schema("bench.catalog_wipe", project=PROJECT)
        services.graph.run("bench.mirror_unregister", project=PROJECT)
    figures["over_target"] = (
        ", ".join(
            name
            for name, over in (
                ("overview", figures.get("overview_p95_ms", 0) > OVERVIEW_TARGET_S * 1000),
                ("regenerate", figures.get("regenerate_s", 0) > REGENERATE_TARGET_S),
            )
            if over
        )
        or "none"
    )
    figures["load_avg_1m_after"] = round(os.getloadavg()[0], 2)
    return figures
