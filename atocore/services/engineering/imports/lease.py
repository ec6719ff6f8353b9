"""An import's writes: the project's import lease, and the batches written under it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from atocore.errors import ConflictError
from atocore.graph import Graph
from atocore.graph.runner import Runner

BATCH = 2000
LEASE_S = 120  # how long an import's claim on its project holds without a write


def batches(items: list[Any], size: int | None = None) -> Iterator[list[Any]]:
    """``items`` in slices of ``size`` (default BATCH, read when called)."""
    size = size or BATCH
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Lease:
    """The project's import lease: one run writes at a time, in many transactions.

    An import (or a promotion) claims it first; each write batch renews it in
    the batch's own transaction. A run that died loses it after LEASE_S.
    """

    def __init__(self, graph: Graph, project: str, import_id: str) -> None:
        self.graph, self.project, self.import_id = graph, project, import_id
        self.token = str(uuid.uuid4())

    def claim(self, tx: Runner) -> None:
        row = tx.run(
            "imports.claim", project=self.project, token=self.token, import_id=self.import_id, lease_s=LEASE_S
        )[0]
        if not row["acquired"]:
            raise ConflictError(
                f"an import or promotion of project {self.project!r} is running ({row['holder_import']}); "
                "retry when it is done",
                project=self.project,
                running=row["holder_import"],
            )

    @contextmanager
    def transaction(self) -> Iterator[Runner]:
        """A write transaction that first renews the lease (a 409 if this run lost it)."""
        with self.graph.transaction() as tx:
            if not tx.run("imports.renew", project=self.project, token=self.token, lease_s=LEASE_S)[0]["renewed"]:
                raise ConflictError(
                    f"this run lost the import lease of project {self.project!r} "
                    f"(it went {LEASE_S} s without writing); post the export again to resume",
                    project=self.project,
                )
            yield tx

    def write(self, name: str, **params: Any) -> list[dict[str, Any]]:
        with self.transaction() as tx:
            return tx.run(name, **params)

    def release(self, tx: Runner | None = None) -> None:
        (tx or self.graph).run("imports.release", project=self.project, token=self.token)
