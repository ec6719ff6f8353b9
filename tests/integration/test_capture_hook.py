"""The Claude Code Stop hook, run as Claude Code runs it, against the live API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from atocore.config import REPO_ROOT
from atocore.runtime.server import free_port
from tests.conftest import live_http

pytestmark = pytest.mark.integration

HOOK = REPO_ROOT / "deploy" / "hooks" / "capture_stop.py"


def run_hook(stdin: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ATOCORE_") or k == "ATOCORE_TOKEN"}
    return subprocess.run(
        [sys.executable, str(HOOK)], input=stdin, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


class Transcript:
    """A transcript file shaped like the JSONL Claude Code writes."""

    def __init__(self, path: Path, session_id: str, cwd: str) -> None:
        self.path, self.session_id, self.cwd = path, session_id, cwd
        self.lines: list[dict] = []

    def _add(self, kind: str, content, **extra) -> Transcript:
        self.lines.append(
            {
                "parentUuid": self.lines[-1]["uuid"] if self.lines else None,
                "isSidechain": False,
                "userType": "external",
                "cwd": self.cwd,
                "sessionId": self.session_id,
                "version": "2.0.0",
                "type": kind,
                "message": {"role": kind, "content": content},
                "uuid": str(uuid.uuid4()),
                "timestamp": "2026-05-01T10:00:00.000Z",
                **extra,
            }
        )
        return self

    def user(self, content, **extra) -> Transcript:
        return self._add("user", content, **extra)

    def assistant(self, *blocks) -> Transcript:
        return self._add("assistant", list(blocks))

    def hook_input(self) -> str:
        self.path.write_text("".join(json.dumps(line) + "\n" for line in self.lines))
        return json.dumps(
            {
                "session_id": self.session_id,
                "transcript_path": str(self.path),
                "cwd": self.cwd,
                "hook_event_name": "Stop",
                "stop_hook_active": False,
            }
        )


def text(value: str) -> dict:
    return {"type": "text", "text": value}


def tool_use(tool_id: str) -> dict:
    return {"type": "tool_use", "id": tool_id, "name": "Bash", "input": {"command": "ls"}}


def tool_result(tool_id: str) -> dict:
    return {"type": "tool_result", "tool_use_id": tool_id, "content": "mirror.md\nnotes.md\nplenty of output here"}


@pytest.fixture(scope="module")
def api_url(live_api) -> str:
    live_http.post(
        f"{live_api}/projects/register",
        json={"id": "hook-kn", "aliases": ["hookx"], "description": "hook tests"},
        timeout=60,
    ).raise_for_status()
    return live_api


@pytest.fixture(scope="module")
def restated_memory(api_url) -> dict:
    """An active memory the recorded answers restate, to see that capture does not reinforce it."""
    memory = {
        "memory_type": "project",
        "content": "Felt pads support the mirror",
        "project": "hook-kn",
        "confidence": 0.5,
    }
    response = live_http.post(f"{api_url}/memory", json=memory)
    response.raise_for_status()
    return response.json()


def stored(api_url: str, session_id: str) -> list[dict]:
    """Interactions recorded for one session."""
    response = live_http.get(f"{api_url}/interactions", params={"session_id": session_id})
    response.raise_for_status()
    return response.json()["interactions"]


@pytest.fixture
def transcript(tmp_path) -> Transcript:
    return Transcript(tmp_path / "session.jsonl", str(uuid.uuid4()), str(tmp_path / "repos" / "mirror" / "src"))


def test_records_the_last_turn_with_the_project_from_the_path_map(
    api_url, restated_memory, transcript, tmp_path
) -> None:
    transcript.user("an earlier question that is not the last one").assistant(text("an earlier answer"))
    transcript.user("<command-name>/model</command-name>")
    transcript.user([text("Which files describe the mirror coating?")])
    transcript.assistant(text("I will list the notes."), tool_use("t1"))
    transcript.user([tool_result("t1")])
    transcript.assistant(text("mirror.md describes the coating. Felt pads support the mirror."))
    transcript.user("Caveat: the messages below were generated locally", isMeta=True)
    project_map = json.dumps({str(tmp_path / "repos"): "atocore", str(tmp_path / "repos" / "mirror"): "hook-kn"})

    result = run_hook(transcript.hook_input(), ATOCORE_BASE_URL=api_url, ATOCORE_PROJECT_MAP=project_map)

    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "recorded interaction" in result.stderr, result.stderr
    [record] = stored(api_url, transcript.session_id)
    assert record["prompt"] == "Which files describe the mirror coating?"
    assert (
        record["response"] == "I will list the notes.\n\nmirror.md describes the coating. Felt pads support the mirror."
    )
    assert record["project"] == "hook-kn"
    assert record["client"] == "claude-code"
    assert record["id"] in result.stderr
    # reinforce=false: the answer restates an active memory, which stays as it was
    memory = live_http.get(f"{api_url}/memory/{restated_memory['id']}").json()
    assert memory["confidence"] == 0.5
    # ... which it would not with reinforcement on (the check above is not vacuous)
    reinforced = live_http.post(f"{api_url}/interactions/{record['id']}/reinforce").json()
    assert [r["memory_id"] for r in reinforced["reinforced"]] == [restated_memory["id"]]


def test_detects_the_project_from_the_prompt_when_no_path_matches(api_url, transcript) -> None:
    transcript.user("What did we decide for HOOKX about the pads?").assistant(text("Felt pads."))
    result = run_hook(
        transcript.hook_input(), ATOCORE_BASE_URL=api_url, ATOCORE_PROJECT_MAP=json.dumps({"/nowhere": "atocore"})
    )
    assert result.returncode == 0, result.stderr
    [record] = stored(api_url, transcript.session_id)
    assert (record["project"], record["response"], record["client"]) == ("hook-kn", "Felt pads.", "claude-code")


def test_no_project_when_nothing_matches(api_url, transcript) -> None:
    transcript.user("A general question about coatings and adhesives").assistant(text("It depends."))
    result = run_hook(transcript.hook_input(), ATOCORE_BASE_URL=api_url)
    assert result.returncode == 0 and "recorded interaction" in result.stderr, result.stderr
    [record] = stored(api_url, transcript.session_id)
    assert record["project"] is None


def test_an_unregistered_mapped_project_keeps_the_turn_without_a_project(api_url, transcript, tmp_path) -> None:
    transcript.user("Which pads hold the mirror in its cell?").assistant(text("Felt pads."))
    project_map = json.dumps({str(tmp_path / "repos"): "hook-km"})  # a typo of hook-kn, never registered
    result = run_hook(transcript.hook_input(), ATOCORE_BASE_URL=api_url, ATOCORE_PROJECT_MAP=project_map)
    assert result.returncode == 0 and result.stdout == ""
    line = result.stderr
    assert line.count("\n") == 1 and "recorded interaction" in line, line
    assert "'hook-km' is not a registered project" in line and "'hook-kn'" in line, line  # the closest name
    [record] = stored(api_url, transcript.session_id)
    assert (record["project"], record["response"]) == (None, "Felt pads.")


def test_kill_switch_records_nothing(api_url, transcript) -> None:
    transcript.user("This prompt must never reach AtoCore at all").assistant(text("Fine."))
    result = run_hook(transcript.hook_input(), ATOCORE_BASE_URL=api_url, ATOCORE_CAPTURE_DISABLED="1")
    assert result.returncode == 0 and "disabled" in result.stderr
    assert stored(api_url, transcript.session_id) == []


def test_short_and_meta_prompts_are_skipped(api_url, transcript) -> None:
    transcript.user("Caveat: the messages below were generated by the user", isMeta=True)
    transcript.user("<local-command-stdout>done</local-command-stdout>")
    transcript.user("yes do it").assistant(text("Done."))
    result = run_hook(transcript.hook_input(), ATOCORE_BASE_URL=api_url)
    assert result.returncode == 0 and "skipped" in result.stderr, result.stderr
    assert stored(api_url, transcript.session_id) == []


def test_api_down_exits_zero_with_one_line(transcript) -> None:
    transcript.user("What is the status of the p05 alignment?").assistant(text("On track."))
    result = run_hook(
        transcript.hook_input(), ATOCORE_BASE_URL=f"http://127.0.0.1:{free_port()}", ATOCORE_TIMEOUT_SECONDS="2"
    )
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "unavailable" in result.stderr, result.stderr


@pytest.mark.parametrize("stdin", ["", "{not json", "[1, 2]", json.dumps({"session_id": "s"})])
def test_malformed_input_exits_zero(stdin: str) -> None:
    result = run_hook(stdin, ATOCORE_BASE_URL=f"http://127.0.0.1:{free_port()}")
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr.startswith("capture_stop: ") and result.stderr.count("\n") == 1, result.stderr


def test_bad_project_map_is_reported(transcript) -> None:
    transcript.user("What is the status of the p05 alignment?").assistant(text("On track."))
    result = run_hook(
        transcript.hook_input(), ATOCORE_BASE_URL=f"http://127.0.0.1:{free_port()}", ATOCORE_PROJECT_MAP="{oops"
    )
    assert result.returncode == 0 and "ATOCORE_PROJECT_MAP" in result.stderr
