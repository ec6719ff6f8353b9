"""The package installed from a wheel (not editable) carries and finds what it reads at run time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from atocore.config import REPO_ROOT
from atocore.graph.catalog import Catalog

SOURCES = ("pyproject.toml", "setup.py", "README.md", "atocore", "cypher")
PROBE = """
import json, atocore
from atocore.config import Settings, source_checkout
from atocore.graph.catalog import Catalog
from atocore.runtime import server
settings = Settings(_env_file=None)
print(json.dumps({
    "package": atocore.__file__,
    "cypher_dir": str(settings.cypher_dir),
    "queries": Catalog(settings.cypher_dir).names(),
    "checkout": source_checkout() and str(source_checkout()),
    "sources": {name: str(path) for name, path in settings.sources.items()},
    "neo4j_files": sorted(path.name for path in server.NEO4J_FILES.iterdir()),
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the sources (the build leaves nothing in the checkout)."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    src.mkdir()
    for name in SOURCES:
        if (REPO_ROOT / name).is_dir():
            shutil.copytree(REPO_ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO_ROOT / name, src / name)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(root / "dist"),
            ".",
        ],
        cwd=src,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = (root / "dist").glob("atocore-*.whl")
    return wheel


def test_the_wheel_holds_every_cypher_file_and_the_neo4j_assembly_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    cypher = {
        f"atocore/cypher/{p.relative_to(REPO_ROOT / 'cypher').as_posix()}"
        for p in (REPO_ROOT / "cypher").rglob("*.cypher")
    }
    assert cypher and cypher <= names, sorted(cypher - names)
    assert {"atocore/runtime/neo4j/pom.xml", "atocore/runtime/neo4j/neo4j.conf.template"} <= names
    assert {f"atocore/services/engineering/schemas/kb-{tool}-export.schema.json" for tool in ("cad", "fem")} <= names
    assert not [n for n in names if n.startswith(("cypher/", "docs/", "tests/"))]  # nothing outside the package


def test_an_installed_wheel_finds_its_own_catalog_and_no_repository(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # installing a pure-Python wheel is unpacking it
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "PYTHONPATH": str(site)}
    probe = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    assert Path(found["package"]).is_relative_to(site)  # the installed copy, not this checkout
    assert found["cypher_dir"] == str(site / "atocore" / "cypher")
    assert found["queries"] == Catalog(REPO_ROOT / "cypher").names()  # production's, without testing/ and bench/
    assert found["checkout"] is None and found["sources"] == {}  # docs/ is the repository's, not the package's
    assert found["neo4j_files"] == ["neo4j.conf.template", "pom.xml"]

    docs = subprocess.run(
        [sys.executable, "-m", "atocore.docs", "--check"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert docs.returncode == 1 and "AtoCore was installed as a package" in docs.stderr
