"""`atocore doctor`: check this machine's AtoCore and say what to fix."""

from __future__ import annotations

from typing import Any

from atocore.cli.base import client_command
from atocore.cli.output import Table
from atocore.client import AtoCoreClient
from atocore.config import get_settings


def _summary(checks: list[dict[str, str]]) -> str:
    failed = [c["name"] for c in checks if c["status"] == "fail"]
    warned = [c["name"] for c in checks if c["status"] == "warn"]
    if not failed and not warned:
        return "Everything checked is fine."
    parts = [f"{len(failed)} failed ({', '.join(failed)})"] if failed else []
    parts += [f"{len(warned)} to look at ({', '.join(warned)})"] if warned else []
    return "; ".join(parts) + ": see the fix column, top to bottom."


CHECKS = Table(columns=("name", "status", "detail", "fix"), summary=_summary)


def _exit_code(checks: list[dict[str, str]]) -> int:
    return 1 if any(c["status"] == "fail" for c in checks) else 0


@client_command("doctor", table=CHECKS, exit_code=_exit_code)
def doctor(client: AtoCoreClient) -> Any:
    """Check Java, Neo4j, the API, the token, sources, indexes, the embedding model, disk space and the last backup.

    Each line says ok, warn, fail or skip (a feature this install lacks, or a
    check that needs something that failed before it) and, unless ok, what to
    do. Exit status 1 when any check fails.

    \b
    Examples:
      atocore doctor
      atocore doctor --url http://127.0.0.1:8200 --json
    """
    from atocore.runtime.doctor import run_checks

    return [check.to_dict() for check in run_checks(get_settings(), client)]
