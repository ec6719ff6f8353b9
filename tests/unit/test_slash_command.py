"""The Claude Code slash command stays in step with the CLI it calls."""

from __future__ import annotations

import re

from atocore.cli.main import cli
from atocore.config import REPO_ROOT

COMMAND = REPO_ROOT / ".claude" / "commands" / "atocore-context.md"


def frontmatter(text: str) -> dict[str, str]:
    head = text.split("---\n")[1]
    return dict(line.split(": ", 1) for line in head.strip().splitlines())


def test_frontmatter_names_description_hint_and_tools() -> None:
    meta = frontmatter(COMMAND.read_text())
    assert meta.keys() >= {"description", "argument-hint", "allowed-tools"}
    allowed = re.findall(r"Bash\(atocore ([\w-]+):\*\)", meta["allowed-tools"])
    assert set(allowed) == {"detect-project", "context-build", "health"}


def test_every_command_and_option_it_uses_exists() -> None:
    text = COMMAND.read_text()
    for line in re.findall(r"^atocore [^\n]+$", text, re.M):
        name = line.split()[1]
        command = cli.commands.get(name)
        assert command is not None, f"the slash command calls unknown `atocore {name}`"
        known = {opt for param in command.params for opt in param.opts}
        assert set(re.findall(r"(--[\w-]+)", line)) <= known, line
