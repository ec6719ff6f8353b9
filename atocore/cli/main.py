"""The `atocore` command line: this module only assembles the tree.

Each command module holds one resource's commands (``project_cmds``: `atocore
project ...`); ``base`` holds what they share, including the group class that
turns AtoCore errors into messages and exit codes. A new resource is a new
module with a ``resource_group`` and one line in ``COMMANDS`` below.
"""

from __future__ import annotations

import click

from atocore import __version__
from atocore.cli import (
    backup_cmds,
    context_cmds,
    doctor_cmd,
    engineering_cmds,
    import_cmds,
    interaction_cmds,
    mcp_cmd,
    memory_cmds,
    migrate_cmds,
    mirror_cmds,
    neo4j_cmds,
    project_cmds,
    query_cmds,
    review_cmds,
    server_cmds,
    source_cmds,
    state_cmds,
    token_cmds,
)
from atocore.cli.base import CONTEXT_SETTINGS, AtoCoreGroup

# The names commands had before they were grouped by resource. Each still runs
# exactly what its replacement runs; none is listed in --help.
OLD_NAMES = {
    "project-template": "project template",
    "propose-project": "project propose",
    "register-project": "project register",
    "update-project": "project update",
    "export-projects": "project export",
    "import-projects": "project import",
    "refresh-project": "project refresh",
    "ingest-sources": "project refresh --all",
    "detect-project": "project detect",
    "stats": "project stats",
    "project-state": "state get",
    "project-state-set": "state set",
    "project-state-invalidate": "state invalidate",
    "context-build": "context build",
    "auto-context": "context auto",
    "debug-context": "context last",
    "audit-query": "context audit",
    "memory-add": "memory add",
    "memory-update": "memory update",
    "memory-graduate": "memory graduate",
    "queue": "memory queue",
    "promote": "memory promote",
    "reject": "memory reject",
    "reviews": "memory reviews",
    "capture": "interaction capture",
    "list-interactions": "interaction list",
    "get-interaction": "interaction show",
    "extract": "interaction extract",
    "reinforce-interaction": "interaction reinforce",
}

COMMANDS: list[click.Command] = [
    project_cmds.project,
    source_cmds.source,
    state_cmds.state,
    memory_cmds.memory,
    interaction_cmds.interaction,
    import_cmds.import_group,
    token_cmds.token,
    engineering_cmds.entity,
    engineering_cmds.relationship,
    engineering_cmds.relate_cmd,
    engineering_cmds.conflict,
    review_cmds.review,
    context_cmds.context,
    context_cmds.query_cmd,
    query_cmds.q_cmd,
    query_cmds.queries_cmd,
    mirror_cmds.mirror_cmd,
    neo4j_cmds.neo4j,
    neo4j_cmds.schema,
    backup_cmds.backup,
    migrate_cmds.migrate,
    server_cmds.up,
    server_cmds.down,
    server_cmds.serve,
    server_cmds.health,
    doctor_cmd.doctor,
    mcp_cmd.mcp_cmd,
]


@click.group(cls=AtoCoreGroup, old_names=OLD_NAMES, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", "-V", prog_name="atocore")
def cli() -> None:
    """AtoCore: project knowledge in Neo4j, served as trust-ordered context to LLM clients.

    Commands are grouped by resource: `atocore <resource> <verb>`; a resource
    also answers to its plural, and without a verb lists what it holds.

    \b
    Quick start:
      atocore up              install + start Neo4j, start the API in the background
      atocore health          ask the API how it is
      atocore project list    the registered projects
      atocore context build "what constrains the mirror cell?" --project p05
      atocore down            stop both
    """


for _command in COMMANDS:
    cli.add_command(_command)

if __name__ == "__main__":  # pragma: no cover
    cli()
