"""The Claude Code slash commands stay in step with the CLI they call."""

from __future__ import annotations

import re

import click
import pytest

from atocore.cli.main import cli
from atocore.config import REPO_ROOT

COMMANDS = REPO_ROOT / ".claude" / "commands"
ALLOWED = {  # the CLI commands each slash command may run
    "atocore-context.md": {"project detect", "context build", "health"},
    "atocore-mirror.md": {"mirror", "health"},
}


def frontmatter(text: str) -> dict[str, str]:
    head = text.split("---\n")[1]
    return dict(line.split(": ", 1) for line in head.strip().splitlines())


def test_every_slash_command_is_known_here() -> None:
    assert sorted(p.name for p in COMMANDS.glob("*.md")) == sorted(ALLOWED)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_frontmatter_names_description_hint_and_tools(name: str) -> None:
    meta = frontmatter((COMMANDS / name).read_text())
    assert meta.keys() >= {"description", "argument-hint", "allowed-tools"}
    allowed = re.findall(r"Bash\(atocore ([\w -]+):\*\)", meta["allowed-tools"])
    assert set(allowed) == ALLOWED[name]
    assert all(isinstance(command_at(words.split()), click.Command) for words in allowed)


def command_at(words: list[str]) -> click.Command | None:
    """The command `atocore WORDS...` runs (arguments after the command's own words are ignored)."""
    command: click.Command | None = cli
    for word in words:
        if not isinstance(command, click.Group) or word.startswith(("-", "'")):
            break
        command = command.get_command(click.Context(command), word)
    return None if isinstance(command, click.Group) else command


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_every_command_and_option_it_uses_exists(name: str) -> None:
    text = (COMMANDS / name).read_text()
    for line in re.findall(r"^atocore [^\n]+$", text, re.M):
        command = command_at(line.split()[1:])
        assert command is not None, f"the slash command calls unknown `{line}`"
        known = {opt for param in command.params for opt in param.opts}
        assert set(re.findall(r"(--[\w-]+)", line)) <= known, line
