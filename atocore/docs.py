"""Every file AtoCore generates from its own code, rewritten or checked by one command.

    python -m atocore.docs            rewrite what is stale, naming each file
    python -m atocore.docs --check    change nothing; exit 1 naming each stale file (CI runs it)

Each generator stays with what it renders from; this module only gathers them:

- ``queries``: docs/queries.md and docs/browser-guide.md, from the catalog's
  headers (``atocore/graph/catalog_docs.py``);
- ``ontology``: docs/architecture/entities/, the generated block of
  docs/architecture/engineering-model.md and deploy/neo4j/atocore.grass
  (``atocore/services/engineering/docs.py``);
- ``cli``: docs/cli.md, from the commands' --help (``atocore/cli/reference.py``);
- ``schemas``: the KB-CAD and KB-FEM export JSON Schemas the API serves
  (``atocore/services/engineering/export_schema.py``);
- ``mcp``: docs/mcp-tools.md, from the MCP server's own tool list
  (``atocore/mcp_server.py``).

They are files of the repository: an AtoCore installed without it has nothing
to rewrite, and the command says so.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from atocore import mcp_server
from atocore.cli import reference
from atocore.config import REPO_ROOT, source_checkout
from atocore.graph import catalog_docs
from atocore.services.engineering import docs as ontology_docs
from atocore.services.engineering import export_schema

GENERATORS: dict[str, Callable[[], dict[Path, str]]] = {
    "queries": catalog_docs.expected_files,
    "ontology": ontology_docs.expected_files,
    "cli": reference.expected_files,
    "schemas": export_schema.expected_files,
    "mcp": mcp_server.expected_files,
}


def expected_files(*names: str) -> dict[Path, str]:
    """What the generators ``names`` (default: all) render, by path."""
    files: dict[Path, str] = {}
    for name in names or GENERATORS:
        files.update(GENERATORS[name]())
    return files


def stale(files: dict[Path, str]) -> list[Path]:
    """The paths of ``files`` whose content on disk differs from the rendered text (or that do not exist)."""
    return [path for path, text in files.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]


def stale_files(*names: str) -> list[str]:
    """The stale files of the generators ``names`` (default: all), relative to the repository: the one check."""
    return [_shown(path) for path in stale(expected_files(*names))]


def _shown(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix() if path.is_relative_to(REPO_ROOT) else str(path)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--check", is_flag=True, help="Change nothing; exit 1 naming each stale file.")
def main(check: bool) -> None:
    """Rewrite the generated docs, style sheet and schemas (or check them with --check).

    \b
    Examples:
      python -m atocore.docs            # after changing a query header, the ontology, a command or a schema
      python -m atocore.docs --check    # what CI runs
    """
    if source_checkout() is None:
        raise click.ClickException(
            f"python -m atocore.docs rewrites files of AtoCore's repository, and {REPO_ROOT} is not one "
            "(AtoCore was installed as a package): run it in a clone of the repository."
        )
    files = expected_files()
    outdated = stale(files)
    if check:
        for path in outdated:
            click.echo(f"stale: {_shown(path)}", err=True)
        if outdated:
            click.echo(f"{len(outdated)} generated file(s) stale: run python -m atocore.docs", err=True)
            sys.exit(1)
        click.echo(f"{len(files)} generated files are current")
        return
    for path in outdated:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
        click.echo(f"rewrote {_shown(path)}")
    click.echo(f"{len(files) - len(outdated)} generated files were already current")


if __name__ == "__main__":
    main()
