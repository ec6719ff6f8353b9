#!/usr/bin/env python3
"""Claude Code Stop hook: record the turn that just ended in AtoCore.

A single file with no dependencies beyond the standard library: copy it
anywhere and point a Stop hook at it. After each assistant turn it reads the
session transcript, takes the last prompt the user actually typed and the
assistant's text that answered it, and POSTs them to AtoCore's /interactions
endpoint with ``reinforce: false`` (recorded for review, nothing promoted).

It never gets in the way: it always exits 0, writes nothing to stdout, and
writes one line to stderr saying what it did (or why it did nothing). A
refused token says so on that line ("AtoCore refused the token ..."), never
that AtoCore is unavailable.

Settings (environment variables):
  ATOCORE_BASE_URL          API base URL (default http://127.0.0.1:8100)
  ATOCORE_TOKEN             the API token to send (needs the read and write scopes);
                            default: the content of ATOCORE_TOKEN_FILE, else of
                            <data dir>/api-token (ATOCORE_DATA_DIR, else
                            $XDG_DATA_HOME/atocore or ~/.local/share/atocore)
  ATOCORE_TIMEOUT_SECONDS   per-request timeout (default 5)
  ATOCORE_PROJECT_MAP       JSON {"/abs/path/prefix": "project-id"}; the longest
                            prefix containing the session's cwd names the project.
                            Without a match the project is detected from the
                            prompt: a registered id or alias as a whole word.
                            A mapped name AtoCore does not know (not registered,
                            holding nothing) is refused by the API (404): the turn
                            is then recorded without a project and the stderr
                            line says so, naming the closest registered names.
  ATOCORE_CAPTURE_DISABLED  1 (or true/yes) turns capture off

~/.claude/settings.json (or .claude/settings.json in a repository):
  {"hooks": {"Stop": [{"hooks": [{"type": "command",
      "command": "python3 /path/to/capture_stop.py", "timeout": 15}]}]}}
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.error
import urllib.request

DEFAULT_BASE_URL = "http://127.0.0.1:8100"
DEFAULT_TIMEOUT_SECONDS = 5.0
CLIENT_NAME = "claude-code"
MIN_PROMPT_CHARS = 15  # shorter prompts ("ok", "continue", "yes do it") carry nothing worth keeping


class CaptureError(Exception):
    """A failure worth one line on stderr; ``status`` and ``detail`` (the error's ``detail``) from an HTTP error."""

    def __init__(self, message: str, status: int | None = None, detail: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail or {}


# -- transcript ---------------------------------------------------------------------
def read_transcript(path: str) -> list[dict]:
    """The transcript's JSON objects, in order; unreadable lines are skipped."""
    entries = []
    with open(os.path.expanduser(path), encoding="utf-8", errors="replace") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict):
                entries.append(entry)
    return entries


def message_text(entry: dict) -> str:
    """The text of an entry's message: a plain string, or its text blocks joined.

    tool_use, tool_result, thinking and image blocks are not text and are ignored.
    """
    message = entry.get("message")
    if not isinstance(message, dict):
        return ""
    content = message.get("content")
    if isinstance(content, str):
        return content.strip()
    if not isinstance(content, list):
        return ""
    parts = [
        block["text"].strip()
        for block in content
        if isinstance(block, dict) and block.get("type") == "text" and isinstance(block.get("text"), str)
    ]
    return "\n\n".join(p for p in parts if p)


def _in_main_thread(entry: dict) -> bool:
    """Not a sub-agent's message and not a compaction summary."""
    return not entry.get("isSidechain") and not entry.get("isCompactSummary")


def is_user_prompt(entry: dict) -> bool:
    """True for a prompt a person typed, as opposed to what Claude Code injects.

    Skipped: meta entries, command and system wrappers (text starting with '<'),
    tool results (no text block) and prompts under MIN_PROMPT_CHARS.
    """
    if entry.get("type") != "user" or entry.get("isMeta") or not _in_main_thread(entry):
        return False
    text = message_text(entry)
    return len(text) >= MIN_PROMPT_CHARS and not text.startswith("<")


def last_turn(entries: list[dict]) -> tuple[str, str]:
    """(prompt, response): the last real user prompt and the assistant text after it.

    The response joins the text blocks of every assistant entry that follows the
    prompt (one turn can be several entries around tool calls); an entry repeated
    with the same uuid counts once. ("", "") when there is no real prompt.
    """
    start = None
    for index, entry in enumerate(entries):
        if is_user_prompt(entry):
            start = index
    if start is None:
        return "", ""
    seen: set[str] = set()
    parts = []
    for entry in entries[start + 1 :]:
        if entry.get("type") != "assistant" or not _in_main_thread(entry):
            continue
        uuid = entry.get("uuid")
        if uuid:
            if uuid in seen:
                continue
            seen.add(uuid)
        text = message_text(entry)
        if text:
            parts.append(text)
    return message_text(entries[start]), "\n\n".join(parts)


# -- project --------------------------------------------------------------------------
def _norm(path: str) -> str:
    return os.path.normcase(os.path.normpath(os.path.expanduser(path)))


def project_from_map(cwd: str, mapping: dict[str, str]) -> str | None:
    """The project of the longest path prefix that contains cwd (whole path components)."""
    if not cwd:
        return None
    here = _norm(cwd)
    best: tuple[int, str] | None = None
    for prefix, project in mapping.items():
        root = _norm(prefix)
        inside = here == root or here.startswith(root.rstrip(os.sep) + os.sep)
        if inside and (best is None or len(root) > best[0]):
            best = (len(root), project)
    return best[1] if best else None


def parse_project_map(raw: str | None) -> dict[str, str]:
    if not raw or not raw.strip():
        return {}
    try:
        mapping = json.loads(raw)
    except ValueError as exc:
        raise CaptureError(f"ATOCORE_PROJECT_MAP is not valid JSON: {exc}") from exc
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in mapping.items()
    ):
        raise CaptureError('ATOCORE_PROJECT_MAP must be a JSON object {"/abs/path/prefix": "project-id"}')
    return mapping


def detect_project(prompt: str, projects: list[dict]) -> str | None:
    """The registered project whose id or alias appears earliest in the prompt as a whole word."""
    best: tuple[int, str] | None = None
    for project in projects:
        for name in [project.get("id"), *(project.get("aliases") or [])]:
            if not name:
                continue
            match = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", prompt, re.IGNORECASE)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), project["id"])
    return best[1] if best else None


# -- HTTP --------------------------------------------------------------------------------
def token_file() -> str:
    """Where the token is read from when ATOCORE_TOKEN is unset (the same rule as AtoCore's settings)."""
    if os.environ.get("ATOCORE_TOKEN_FILE"):
        return os.path.expanduser(os.environ["ATOCORE_TOKEN_FILE"])
    data_dir = os.environ.get("ATOCORE_DATA_DIR") or os.path.join(
        os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "atocore"
    )
    return os.path.join(os.path.expanduser(data_dir), "api-token")


def api_token() -> str | None:
    token = os.environ.get("ATOCORE_TOKEN", "").strip()
    if token:
        return token
    try:
        with open(token_file(), encoding="utf-8") as handle:
            return handle.read().strip() or None
    except OSError:
        return None


def http_json(method: str, url: str, timeout: float, body: dict | None = None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    token = api_token()
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")
        fields: dict = {}
        try:
            parsed = json.loads(detail)
            fields = parsed.get("detail") if isinstance(parsed.get("detail"), dict) else {}
            detail = parsed.get("message") or parsed.get("detail") or detail
        except (ValueError, AttributeError):
            pass
        if exc.code in (401, 403):
            source = "ATOCORE_TOKEN" if os.environ.get("ATOCORE_TOKEN", "").strip() else token_file()
            what = f"the token from {source}" if token else f"a request without a token (none in {source})"
            raise CaptureError(f"AtoCore refused {what} ({exc.code}): {str(detail)[:200]}") from exc
        raise CaptureError(f"{method} {url} answered {exc.code}: {str(detail)[:200]}", exc.code, fields) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CaptureError(f"AtoCore API unavailable at {url}: {reason}") from exc
    return json.loads(raw) if raw else None


def _timeout() -> float:
    try:
        value = float(os.environ.get("ATOCORE_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS))
    except ValueError:
        return DEFAULT_TIMEOUT_SECONDS
    return value if value > 0 else DEFAULT_TIMEOUT_SECONDS


def _disabled() -> bool:
    return os.environ.get("ATOCORE_CAPTURE_DISABLED", "").strip().lower() in {"1", "true", "yes", "on"}


# -- the hook ------------------------------------------------------------------------------
def capture(hook: dict) -> str:
    """Record the hook's last turn; returns the line to report."""
    transcript = hook.get("transcript_path")
    if not transcript:
        return "skipped: the hook input names no transcript_path"
    entries = read_transcript(transcript)
    prompt, response = last_turn(entries)
    if not prompt:
        return "skipped: no user prompt worth recording in this turn"
    response = response or str(hook.get("last_assistant_message") or "")  # the API cuts an overlong one

    base_url = (os.environ.get("ATOCORE_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
    timeout = _timeout()
    cwd = hook.get("cwd") or os.getcwd()
    project = project_from_map(cwd, parse_project_map(os.environ.get("ATOCORE_PROJECT_MAP")))
    how = "path map"
    if project is None:
        project = detect_project(prompt, http_json("GET", f"{base_url}/projects", timeout) or [])
        how = "detected" if project else "none"
    session_id = hook.get("session_id") or next((e["sessionId"] for e in reversed(entries) if e.get("sessionId")), None)

    payload = {
        "prompt": prompt,
        "response": response,
        "project": project,
        "client": CLIENT_NAME,
        "session_id": session_id,
        "reinforce": False,
    }
    try:
        answer = http_json("POST", f"{base_url}/interactions", timeout, payload)
    except CaptureError as exc:
        if exc.status != 404 or not project or exc.detail.get("kind") != "project":
            raise
        # A mapped name AtoCore does not know: keep the turn, without a project, and say why.
        answer = http_json("POST", f"{base_url}/interactions", timeout, {**payload, "project": None})
        how = f"{project!r} is not a registered project ({exc}); recorded without one"
    stored = (answer or {}).get("interaction") or {}
    return (
        f"recorded interaction {stored.get('id', '?')} (project={stored.get('project') or '-'} [{how}], "
        f"prompt {len(prompt)} chars, response {len(response)} chars)"
    )


def main() -> int:
    try:
        if _disabled():
            line = "disabled by ATOCORE_CAPTURE_DISABLED"
        else:
            try:
                hook = json.loads(sys.stdin.read() or "null")
            except ValueError as exc:
                raise CaptureError(f"stdin is not the Stop hook's JSON: {exc}") from exc
            if not isinstance(hook, dict):
                raise CaptureError("stdin is not the Stop hook's JSON object")
            line = capture(hook)
    except CaptureError as exc:
        line = f"error: {exc}"
    except Exception as exc:
        line = f"error: {type(exc).__name__}: {exc}"
    print("capture_stop: " + " ".join(line.split()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
