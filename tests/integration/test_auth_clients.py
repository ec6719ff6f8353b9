"""What the clients (CLI, MCP server, capture hook) say when AtoCore refuses their token: never "unavailable"."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from atocore.cli.main import cli
from atocore.cli.token_cmds import _render_created
from atocore.config import get_settings
from atocore.errors import AuthenticationError, PermissionDeniedError
from tests.conftest import live_http
from tests.integration.test_capture_hook import Transcript, run_hook, text
from tests.integration.test_mcp import session_calls

pytestmark = pytest.mark.integration

UNAVAILABLE = '"status": "unavailable"'


def run(url: str, *args: str, **env: str):
    """`atocore ARGS --url URL` with ``env`` over the module's (settings re-read before and after)."""
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli, [*args, "--url", url], env=env)
    finally:
        get_settings.cache_clear()


def created(url: str, name: str, *scopes: str) -> str:
    """A new token's secret, made through `atocore token create` with the admin token."""
    result = run(url, "token", "create", name, *[f"--scope={s}" for s in scopes], "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["secret"]


@pytest.fixture(scope="module")
def reader(live_api) -> str:
    return created(live_api, "clients-reader", "read")


def test_no_token_is_exit_9_saying_where_a_token_goes_even_failing_open(live_api, tmp_path) -> None:
    for fail_open in ("true", "false"):
        result = run(
            live_api, "project", "list", ATOCORE_TOKEN="", ATOCORE_DATA_DIR=str(tmp_path), ATOCORE_FAIL_OPEN=fail_open
        )
        assert result.exit_code == AuthenticationError.exit_code == 9, result.output
        assert "needs a token and none was found" in result.output and str(tmp_path / "api-token") in result.output
        assert UNAVAILABLE not in result.output


def test_a_missing_scope_is_exit_10_naming_it(live_api, reader) -> None:
    result = run(live_api, "memory", "add", "preference", "Prefers SI units", ATOCORE_TOKEN=reader)
    assert result.exit_code == PermissionDeniedError.exit_code == 10, result.output
    assert "lacks the 'write' scope" in result.output and "clients-reader" in result.output
    assert run(live_api, "project", "list", ATOCORE_TOKEN=reader).exit_code == 0


def test_a_refused_token_is_never_hidden_by_fail_open_on_the_context_side(live_api) -> None:
    from atocore.services.api_tokens import new_secret

    for args in (("context", "build", "what holds the mirror?"), ("query", "mirror pads")):
        result = run(live_api, *args, ATOCORE_TOKEN=new_secret(), ATOCORE_FAIL_OPEN="true")
        assert result.exit_code == 9, result.output
        assert "refused the token from ATOCORE_TOKEN" in result.output and UNAVAILABLE not in result.output


def test_token_commands_create_list_rotate_and_revoke(live_api) -> None:
    human = run(live_api, "token", "create", "laptop-2025", "--scope", "read", "--scope", "write")
    assert human.exit_code == 0, human.output
    issued = json.loads(human.output)  # piped: JSON; at a terminal the same answer rendered for a person
    old = issued["secret"]
    assert (
        old.startswith("atc_") and "shown only this once" in _render_created(issued) and old in _render_created(issued)
    )
    assert run(live_api, "memory", "add", "preference", "Likes tea", ATOCORE_TOKEN=old).exit_code == 0

    new = created(live_api, "laptop-2026", "read", "write")  # both work while the laptop moves over
    assert run(live_api, "project", "list", ATOCORE_TOKEN=old).exit_code == 0
    assert run(live_api, "project", "list", ATOCORE_TOKEN=new).exit_code == 0

    listing = run(live_api, "token", "list")
    assert listing.exit_code == 0 and "laptop-2025" in listing.output and "laptop-2026" in listing.output
    assert old not in listing.output and new not in listing.output
    revoked = run(live_api, "token", "revoke", "laptop-2025")
    assert revoked.exit_code == 0 and "revoked" in revoked.output

    refused = run(live_api, "project", "list", ATOCORE_TOKEN=old)
    assert refused.exit_code == 9 and "'laptop-2025' was revoked" in refused.output
    assert run(live_api, "project", "list", ATOCORE_TOKEN=new).exit_code == 0
    everything = json.loads(run(live_api, "tokens", "--all", "--json").output)["tokens"]
    assert {t["name"]: bool(t["revoked_at"]) for t in everything if t["name"].startswith("laptop")} == {
        "laptop-2025": True,
        "laptop-2026": False,
    }
    assert run(live_api, "token", "list", ATOCORE_TOKEN=new).exit_code == 10  # managing tokens is admin's


def test_the_mcp_server_reports_a_refusal_as_such(live_api, reader) -> None:
    _, [capture, search] = session_calls(
        live_api,
        [("capture", {"prompt": "What pads?", "response": "Felt."}), ("search", {"prompt": "pads"})],
        token=reader,
    )
    message = capture.content[0].text
    assert capture.is_error and "refused this call (403)" in message and "'write' scope" in message
    assert "unavailable" not in message
    assert not search.is_error


def test_the_capture_hook_says_the_token_was_refused(live_api, reader, tmp_path) -> None:
    live_http.post(f"{live_api}/projects/register", json={"id": "hook-auth"}).raise_for_status()
    transcript = Transcript(tmp_path / "t.jsonl", "s-auth", str(tmp_path)).user("Which pads hold the mirror?")
    transcript.assistant(text("Felt pads."))
    project_map = json.dumps({str(tmp_path): "hook-auth"})
    env = {"ATOCORE_BASE_URL": live_api, "ATOCORE_PROJECT_MAP": project_map}

    readonly = run_hook(transcript.hook_input(), **env, ATOCORE_TOKEN=reader)
    assert readonly.returncode == 0
    assert "AtoCore refused the token from ATOCORE_TOKEN (403)" in readonly.stderr and "'write'" in readonly.stderr

    none = run_hook(transcript.hook_input(), **env, ATOCORE_TOKEN="", ATOCORE_DATA_DIR=str(tmp_path / "empty"))
    assert "AtoCore refused a request without a token" in none.stderr and "(401)" in none.stderr
    assert str(tmp_path / "empty" / "api-token") in none.stderr
    assert "unavailable" not in readonly.stderr + none.stderr

    token_file = tmp_path / "token"
    token_file.write_text(os.environ["ATOCORE_TOKEN"] + "\n")
    from_file = run_hook(transcript.hook_input(), **env, ATOCORE_TOKEN="", ATOCORE_TOKEN_FILE=str(token_file))
    assert "recorded interaction" in from_file.stderr, from_file.stderr
