"""P5: the engineering layer's write speed.

- single entity writes: ``POST /entities`` (provenance, key rule, conflict
  detection, the detail read back), p50/p95 through the service call
  (``entity_write_service_*``) and over HTTP against the real app on a
  loopback port served from a thread of the same process (``entity_write_http_*``,
  so it includes uvicorn, FastAPI and the client sharing one interpreter);
- a KB-CAD import of a generated, deterministic export (10k components by
  default, each with a material and two parameters) over HTTP: the first
  import, the identical repeat, the promotion, and a re-export with 1% of the
  components changed (material and a parameter), which exercises the
  comparison with 30k existing entities and the conflict detection.

Everything is written under the project ``bench-p5`` and removed afterwards.
The machine's 1-minute load average is printed before and after: the
figures are only comparable at similar load.
"""

from __future__ import annotations

import os
import random
import time
from functools import partial
from typing import Any

from atocore.bench.latency import percentiles, serve_api
from atocore.services.engineering import entities
from atocore.services.runtime import Services

PROJECT = "bench-p5"
ARTIFACTS = f"kb-cad://{PROJECT}/"
MATERIALS = (
    "GF-PTFE",
    "PEEK",
    "EN AW-6061-T6",
    "1.4301",
    "Invar 36",
    "Ti-6Al-4V",
    "Zerodur",
    "CFRP M55J",
    "Al 7075-T6",
    "Delrin",
    "Kovar",
    "Nylon 6",
)


def cad_export(
    components: int,
    seed: int = 5,
    *,
    subsystems: int = 50,
    changed: float = 0.0,
    exported_at: str = "2026-04-07T12:00:00Z",
) -> dict[str, Any]:
    """A deterministic KB-CAD export; ``changed`` re-exports it with that share of components drifted."""
    rng = random.Random(seed)
    drift = random.Random(seed + 1)
    per = max(1, components // subsystems)
    tree = []
    for s in range(subsystems):
        parts = []
        for c in range(per if s < subsystems - 1 else components - per * (subsystems - 1)):
            material, thickness, mass = (
                rng.choice(MATERIALS),
                round(rng.uniform(1, 20), 2),
                round(rng.uniform(0.01, 5), 3),
            )
            if changed and drift.random() < changed:
                material, thickness = MATERIALS[(MATERIALS.index(material) + 1) % len(MATERIALS)], thickness + 0.5
            parts.append(
                {
                    "id": f"component.s{s}-c{c}",
                    "name": f"Part {s}-{c}",
                    "material": material,
                    "parameters": {"thickness_mm": thickness, "mass": {"value": mass, "unit": "kg"}},
                    "source_artifact": f"{ARTIFACTS}subsystems/s{s}#c{c}",
                }
            )
        tree.append(
            {
                "id": f"subsystem.s{s}",
                "name": f"Subsystem {s}",
                "parent": f"subsystem.s{(s - 1) // 4}" if s else None,
                "components": parts,
            }
        )
    return {
        "exporter": "kb-cad",
        "exporter_version": "1.0.0",
        "exported_at": exported_at,
        "project": PROJECT,
        "subsystems": tree,
    }


def _entity(i: int) -> dict[str, Any]:
    return {
        "type": "Parameter",
        "name": f"bench write {i}",
        "project": PROJECT,
        "key": f"parameter.bench-write-{i}",
        "properties": {"value": float(i), "unit": "mm"},
        "source_refs": [{"artifact": f"{ARTIFACTS}writes#{i}"}],
    }


def _timed(call) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started), result


def cleanup(services: Services) -> None:
    services.graph.run_schema("bench.remove_project_engineering", project=PROJECT, artifact_prefix=ARTIFACTS)


def p5_engineering(services: Services, writes: int = 300, components: int = 10_000, seed: int = 5) -> dict[str, Any]:
    cleanup(services)
    results: dict[str, Any] = {
        "bench": "p5_engineering",
        "load_avg_1m_before": round(os.getloadavg()[0], 2),
        "writes": writes,
    }
    try:
        graph = services.graph
        service_ms = []
        for i in range(writes + 20):
            elapsed, _ = _timed(partial(entities.create_entity, graph, **_entity(i)))
            if i >= 20:  # the first writes warm up plans and pages
                service_ms.append(elapsed * 1000)
        results.update({f"entity_write_service_{k}": v for k, v in percentiles(service_ms).items()})
        with serve_api(services, timeout=600) as http:
            http_ms = []
            for i in range(writes + 20, 2 * writes + 40):
                elapsed, response = _timed(partial(http.post, "/entities", json=_entity(i)))
                response.raise_for_status()
                if i >= writes + 40:
                    http_ms.append(elapsed * 1000)
            results.update({f"entity_write_http_{k}": v for k, v in percentiles(http_ms).items()})
            results["target_entity_write_p95_ms"] = 20
            results.update(_imports(http, components, seed))
    finally:
        cleanup(services)
    results["load_avg_1m_after"] = round(os.getloadavg()[0], 2)
    return results


def _imports(http, components: int, seed: int) -> dict[str, Any]:
    export = cad_export(components, seed)
    first_s, response = _timed(lambda: http.post("/ingest/kb-cad/export", json=export))
    response.raise_for_status()
    first = response.json()
    records = first["summary"]["records"]
    repeat_s, response = _timed(lambda: http.post("/ingest/kb-cad/export", json=export))
    assert response.json()["repeated"], response.text
    promote_s, response = _timed(lambda: http.post(f"/imports/{first['import_id']}/promote"))
    response.raise_for_status()
    promoted = response.json()["promoted"]
    drifted = cad_export(components, seed, changed=0.01, exported_at="2026-04-08T12:00:00Z")
    changed_s, response = _timed(lambda: http.post("/ingest/kb-cad/export", json=drifted))
    response.raise_for_status()
    changed = response.json()["summary"]
    return {
        "import_components": components,
        "import_records": records,
        "import_relationships": first["summary"]["relationships_created"],
        "import_first_s": round(first_s, 2),
        "import_components_per_s": round(components / first_s),
        "import_records_per_s": round(records / first_s),
        "import_repeat_identical_s": round(repeat_s, 3),
        "promote_s": round(promote_s, 2),
        "promoted": promoted,
        "import_changed_s": round(changed_s, 2),
        "import_changed_records_per_s": round(changed["records"] / changed_s),
        "import_changed_created": changed["created"],
        "import_changed_conflicts": changed["conflicts"],
        "target_import_records_per_s": 2000,
    }
