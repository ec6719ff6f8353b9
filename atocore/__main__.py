"""`python -m atocore` is the `atocore` command."""

from atocore.cli.main import cli

cli(prog_name="atocore")
