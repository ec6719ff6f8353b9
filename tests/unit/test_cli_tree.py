"""The shape of the command tree: groups by resource, plural names, defaults and the old flat names."""

from __future__ import annotations

import ast

import click
import pytest
from click.testing import CliRunner

from atocore.cli.main import OLD_NAMES, cli
from atocore.config import REPO_ROOT

GROUPS = (
    "project",
    "source",
    "state",
    "memory",
    "interaction",
    "import",
    "review",
    "entity",
    "relationship",
    "conflict",
    "context",
    "neo4j",
    "schema",
    "token",
    "backup",
    "migrate",
)
PLURALS = {
    "projects": "project",
    "sources": "source",
    "memories": "memory",
    "interactions": "interaction",
    "imports": "import",
    "tokens": "token",
    "backups": "backup",
    "entities": "entity",
    "relationships": "relationship",
    "conflicts": "conflict",
}


def help_text(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"], prog_name="atocore", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def listed(*args: str) -> list[str]:
    """The command names `atocore ARGS --help` lists."""
    section = help_text(*args).split("\nCommands:\n")[1]
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ") and not line.startswith("   ")]


def leaf(words: list[str]) -> click.Command:
    command: click.Command = cli
    for word in words:
        assert isinstance(command, click.Group), words
        found = command.get_command(click.Context(command), word)
        assert found is not None, f"no `{word}` in {words}"
        command = found
    return command


def test_help_lists_each_group_once_and_no_old_name() -> None:
    names = listed()
    assert set(GROUPS) <= set(names)
    assert {"query", "q", "queries", "health", "up", "down", "serve", "mcp"} <= set(names)
    assert len(names) == len(set(names))
    assert not set(names) & (set(OLD_NAMES) | set(PLURALS))
    # a short top level: besides the resource groups, only these everyday verbs stand alone
    ctx = click.Context(cli)
    verbs = {name for name in names if not isinstance(cli.get_command(ctx, name), click.Group)}
    assert verbs <= {"up", "down", "serve", "mcp", "health", "q", "query", "queries", "mirror", "doctor", "relate"}


def test_every_old_name_resolves_as_its_new_name() -> None:
    ctx = click.Context(cli)
    for old, new in OLD_NAMES.items():
        words = new.split()
        assert isinstance(leaf([w for w in words if not w.startswith("-")]), click.Command), new
        assert cli.get_command(ctx, old) is None, f"`{old}` is an old name and a command (or alias) as well"
        tail = ["ARG", "--url", "http://x"]
        assert cli.resolve_command(ctx, [old, *tail]) == cli.resolve_command(ctx, [*words, *tail]), old


@pytest.mark.parametrize("old", sorted(OLD_NAMES))
def test_an_old_name_shows_the_help_of_its_new_name(old: str) -> None:
    assert help_text(old) == help_text(*OLD_NAMES[old].split())


def test_plural_names_reach_the_same_group() -> None:
    ctx = click.Context(cli)
    aliases = {alias: name for name, c in cli.commands.items() for alias in getattr(c, "aliases", ())}
    assert aliases == PLURALS
    for plural, singular in PLURALS.items():
        assert cli.resolve_command(ctx, [plural])[1] is cli.commands[singular]
        usage, body = help_text(plural).split("\n", 1)
        assert (usage.replace(plural, singular), body) == tuple(help_text(singular).split("\n", 1))


def test_a_group_given_options_only_runs_its_default() -> None:
    assert help_text("memories", "--json").startswith("Usage: atocore memories list [OPTIONS]")
    assert help_text("project", "--url", "http://x").startswith("Usage: atocore project list [OPTIONS]")
    assert help_text("memories").startswith("Usage: atocore memories [OPTIONS] COMMAND")
    no_default = CliRunner().invoke(cli, ["state"])  # a group without a default shows its help
    assert "Commands:" in no_default.output and "get" in listed("state")


def test_every_group_lists_its_verbs() -> None:
    assert set(listed("project")) >= {"list", "show", "register", "update", "refresh", "export", "import"}
    assert set(listed("memory")) >= {"add", "list", "show", "update", "promote", "reject", "graduate"}
    assert set(listed("import")) == {"kb-cad", "kb-fem", "list", "show", "promote", "reject", "schema"}
    assert set(listed("state")) == {"get", "set", "invalidate"}


def test_refresh_wants_a_name_or_all() -> None:
    for args in (["project", "refresh"], ["project", "refresh", "p05", "--all"]):
        result = CliRunner().invoke(cli, [*args, "--url", "http://127.0.0.1:9"])
        assert result.exit_code == 2 and "--all" in result.output, result.output


def test_cli_modules_import_one_way() -> None:
    """output imports no CLI module, base only output; command modules import base and output; main assembles."""
    folder = REPO_ROOT / "atocore" / "cli"
    imports: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text())
        found = set()
        for node in ast.walk(tree):
            if (
                not isinstance(node, ast.ImportFrom)
                or not (node.module or "").startswith(("atocore.cli.", "atocore.cli"))
                or node.module == "atocore.client"
            ):
                continue
            if node.module == "atocore.cli":
                found |= {alias.name for alias in node.names}
            else:
                found.add(str(node.module).rsplit(".", 1)[1])
        imports[path.stem] = found
    assert imports["output"] == set()
    assert imports["base"] == {"output"}
    for name, found in imports.items():
        if name.endswith(("_cmds", "_cmd")):
            assert found <= {"base", "output", "neo4j_cmds"}, (name, found)
    assert imports["neo4j_cmds"] <= {"base", "output"}
    assert "main" not in set().union(*(found for name, found in imports.items() if name != "reference"))
