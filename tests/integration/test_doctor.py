"""`atocore doctor` through the CLI runner, against the live API and against none."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from atocore.cli.main import cli
from atocore.runtime.server import free_port

pytestmark = pytest.mark.integration


def doctor(url: str, *args: str):
    return CliRunner().invoke(cli, ["doctor", "--url", url, *args], catch_exceptions=False)


def by_name(output: str) -> dict[str, dict]:
    return {check["name"]: check for check in json.loads(output)}


def test_a_working_install_checks_ok(live_api) -> None:
    result = doctor(live_api, "--json")
    checks = by_name(result.stdout)
    assert list(checks) == ["java", "neo4j", "api", "token", "sources", "indexes", "embedding", "disk", "backup"]
    for name in ("java", "neo4j", "api", "token", "sources", "indexes", "embedding"):
        assert checks[name]["status"] == "ok", checks[name]
    assert "Neo4j" in checks["neo4j"]["detail"] and live_api in checks["api"]["detail"]
    assert "online" in checks["indexes"]["detail"] and "384 dimensions" in checks["embedding"]["detail"]
    assert checks["disk"]["status"] in ("ok", "warn") and "GiB free" in checks["disk"]["detail"]
    assert checks["backup"]["status"] in ("skip", "warn", "ok")  # backups are another branch's feature
    failed = [c for c in checks.values() if c["status"] == "fail"]
    assert result.exit_code == (1 if failed else 0) and not failed, failed
    table = doctor(live_api, "--format", "table").stdout
    assert table.splitlines()[0].split() == ["name", "status", "detail", "fix"]


def test_without_an_api_it_says_what_to_start_and_exits_1(tmp_path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = doctor(url, "--json")
    assert result.exit_code == 1
    checks = by_name(result.stdout)
    assert checks["api"]["status"] == "fail" and "atocore up" in checks["api"]["fix"]
    assert {checks[n]["status"] for n in ("token", "indexes", "backup")} == {"skip"}  # never guessed
    assert checks["java"]["status"] in ("ok", "fail") and checks["disk"]["status"] != "skip"
    table = doctor(url, "--format", "table").stdout
    assert "failed (" in table and "api" in table.splitlines()[-1]
