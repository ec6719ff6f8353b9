"""`atocore token ...`: API tokens (create, list, revoke), over the API with an admin token."""

from __future__ import annotations

from typing import Any

import click

from atocore.cli.base import resource_group
from atocore.client import AtoCoreClient

SCOPES = ("read", "write", "import", "admin")


def _when(value: str | None) -> str:
    return value[:19].replace("T", " ") if value else "never"


def _render_tokens(listing: dict) -> str:
    rows = [
        f"{t['name']:<24} {','.join(t['scopes']):<22} created {_when(t['created_at'])}  "
        f"last used {_when(t['last_used_at'])}" + (f"  REVOKED {_when(t['revoked_at'])}" if t["revoked_at"] else "")
        for t in listing["tokens"]
    ]
    return "\n".join(rows) or "No tokens."


def _render_created(token: dict) -> str:
    return (
        f"Token {token['name']!r} created with scopes {', '.join(token['scopes'])}. Its secret, shown only this once "
        f"(AtoCore keeps a hash):\n\n  {token['secret']}\n\nGive it to the client as ATOCORE_TOKEN."
    )


def _render_revoked(token: dict) -> str:
    return f"Token {token['name']!r} revoked at {_when(token['revoked_at'])}."


@resource_group("token", "tokens")
def token() -> None:
    """API tokens: who may read, write, import or administer. Needs an admin token.

    Without a subcommand: list. A token's secret is shown once, when it is
    created; AtoCore keeps only its hash. Rotate by creating the new token,
    moving the clients to it, then revoking the old one.

    \b
    Examples:
      atocore token create laptop --scope read --scope write
      atocore token create kb-cad-exporter --scope import
      atocore token list
      atocore token revoke laptop
    """


@token.client_command("create", _render_created)
@click.argument("name")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice(SCOPES),
    help="A scope the token holds (repeat for several): read, write, import, admin (admin includes the others).",
)
def create_cmd(client: AtoCoreClient, name: str, scopes: tuple[str, ...]) -> Any:
    """Create a token and print its secret (the only time it is shown).

    \b
    Example:
      atocore token create ci-reader --scope read
    """
    return client.create_token(name, list(scopes))


@token.client_command("list", _render_tokens)
@click.option("--all", "include_revoked", is_flag=True, help="Also list revoked tokens.")
def list_cmd(client: AtoCoreClient, include_revoked: bool) -> Any:
    """Tokens with their scopes, when created and when last used (never a secret).

    \b
    Example:
      atocore token list --all
    """
    return client.tokens(include_revoked=include_revoked)


@token.client_command("revoke", _render_revoked)
@click.argument("name")
def revoke_cmd(client: AtoCoreClient, name: str) -> Any:
    """Revoke a token for good; its name stays taken (audit records name it).

    \b
    Example:
      atocore token revoke laptop
    """
    return client.revoke_token(name)
