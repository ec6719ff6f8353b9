"""API tokens across a backup and a restore: credentials stay as they are live.

Tokens (``ApiToken`` nodes: name, scopes, SHA-256 of the secret, created,
last used, revoked) are access control, not knowledge. A restore of an older
backup must neither lock the operator out (a token created since, the admin
token file registered since) nor bring back a token revoked since. So:

- a logical backup does not hold them (``backup.nodes`` leaves them out), and
  a restore neither deletes the live ones (``backup.wipe``) nor writes any a
  backup may hold (``restorable``: a backup written before this rule, or one
  someone edited, cannot plant a token);
- a dump (``--kind dump``) is Neo4j's whole store, tokens included: the
  restore reads the live tokens before the load (``live_tokens``) and puts
  them back right after (``put_back``), before any request is let through to
  write;
- after either, the API forgets the tokens it verified and registers its
  admin token file again (``Gate.reset``, a ``Services.on_reset`` hook).
"""

from __future__ import annotations

from typing import Any

from atocore.graph import Graph
from atocore.services.backup.codec import GraphDigest, node_digest
from atocore.services.backup.manifest import Manifest

LIVE_ONLY = frozenset({"ApiToken"})  # labels a restore never writes and never deletes


def restorable(labels: list[str]) -> bool:
    """Whether a restore writes a node with these labels (not an API token)."""
    return not LIVE_ONLY.intersection(labels)


class LeftOut:
    """The token nodes a restore skipped, to check the restored graph against the rest of the backup."""

    def __init__(self) -> None:
        self.digests: list[bytes] = []
        self.labels: list[list[str]] = []

    def add(self, labels: list[str], encoded_props: dict[str, Any]) -> None:
        self.digests.append(node_digest(labels, encoded_props))
        self.labels.append(labels)

    def expected(self, manifest: Manifest) -> tuple[dict[str, int], str | None]:
        """The node counts and digest the restored graph must have: the manifest's without what was skipped."""
        counts = dict(manifest.node_counts)
        for labels in self.labels:
            for label in labels:
                counts[label] -= 1
        counts = {label: n for label, n in counts.items() if n}
        if manifest.digest is None or not self.digests:
            return counts, manifest.digest
        digest = GraphDigest.of(manifest.digest)
        for own in self.digests:
            digest.remove(own)
        return counts, digest.hexdigest()


def live_tokens(graph: Graph) -> list[dict[str, Any]]:
    """Every live token with all its properties (hash included), to put back after a dump is loaded."""
    return [row["props"] for row in graph.run("backup.live_tokens")]


def put_back(graph: Graph, tokens: list[dict[str, Any]]) -> int:
    """Replace the tokens the database holds (a loaded dump's) with ``tokens``; how many there are now."""
    return int(graph.run("backup.put_tokens", tokens=tokens)[0]["tokens"])
