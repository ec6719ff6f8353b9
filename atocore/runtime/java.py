"""Finding the JDKs on this machine and choosing the Neo4j release they can run."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from atocore.errors import RuntimeSetupError


@dataclass(frozen=True)
class NeoRelease:
    version: str
    java_min: int
    java_max: int


# Newest first. The pom in atocore/runtime/neo4j pins the default; `-Dneo4j.version`
# selects another. 5.26 LTS is the floor AtoCore supports (Java 17 or 21).
RELEASES: tuple[NeoRelease, ...] = (
    NeoRelease("2026.08.1", 21, 25),
    NeoRelease("5.26.30", 17, 21),
)


@dataclass(frozen=True)
class Java:
    home: Path
    major: int

    @property
    def binary(self) -> Path:
        return self.home / "bin" / "java"


def _major_of(home: Path) -> int | None:
    release = home / "release"
    text = ""
    if release.is_file():
        text = release.read_text(errors="replace")
        match = re.search(r'JAVA_VERSION="(\d+)(?:\.(\d+))?', text)
        if match:
            major = int(match.group(1))
            return int(match.group(2)) if major == 1 and match.group(2) else major
    binary = home / "bin" / "java"
    if not binary.is_file():
        return None
    try:
        out = subprocess.run([str(binary), "-version"], capture_output=True, text=True, timeout=20).stderr
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'version "(\d+)', out)
    return int(match.group(1)) if match else None


def _candidate_homes(configured: Path | None) -> list[Path]:
    homes: list[Path] = []
    if configured:
        homes.append(configured)
    for root in (Path("/usr/lib/jvm"), Path("/usr/java"), Path("/opt/java"), Path("/Library/Java/JavaVirtualMachines")):
        if root.is_dir():
            for child in sorted(root.iterdir()):
                homes.append(child / "Contents" / "Home" if (child / "Contents" / "Home").is_dir() else child)
    on_path = shutil.which("java")
    if on_path:
        homes.append(Path(on_path).resolve().parent.parent)
    return homes


def find_javas(configured: Path | None = None) -> list[Java]:
    """Every usable JDK/JRE found, highest major version first (configured one wins ties)."""
    seen: set[Path] = set()
    found: list[Java] = []
    for home in _candidate_homes(configured):
        try:
            real = home.resolve()
        except OSError:
            continue
        if real in seen or not (real / "bin" / "java").is_file():
            continue
        seen.add(real)
        major = _major_of(real)
        if major:
            found.append(Java(real, major))
    if configured:
        pinned = [j for j in found if j.home == configured.resolve()]
        if not pinned:
            raise RuntimeSetupError(
                f"ATOCORE_JAVA_HOME={configured} holds no usable java (expected {configured}/bin/java)."
            )
        return pinned
    return sorted(found, key=lambda j: j.major, reverse=True)


def choose_release(requested: str, javas: list[Java]) -> tuple[NeoRelease, Java]:
    """The newest pinned release (or the requested one) with a JDK that can run it."""
    if not javas:
        raise RuntimeSetupError(
            "No Java found. Neo4j needs a JDK: 21 or 25 for Neo4j 2026.x, 17 or 21 for 5.26 LTS "
            "(e.g. `apt-get install openjdk-17-jdk-headless`, or set ATOCORE_JAVA_HOME)."
        )
    if requested == "auto":
        releases = list(RELEASES)
    else:
        known = {r.version: r for r in RELEASES}
        if requested in known:
            releases = [known[requested]]
        elif requested.startswith("5."):
            releases = [NeoRelease(requested, 17, 21)]
        else:
            releases = [NeoRelease(requested, 21, 25)]
    for release in releases:
        for java in javas:
            if release.java_min <= java.major <= release.java_max:
                return release, java
    have = ", ".join(f"Java {j.major} at {j.home}" for j in javas)
    want = "; ".join(f"Neo4j {r.version} needs Java {r.java_min}-{r.java_max}" for r in releases)
    raise RuntimeSetupError(f"No installed JDK can run the Neo4j release asked for. {want}. Found: {have}.")
