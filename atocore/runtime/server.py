"""A local Neo4j Community server assembled from Maven Central and run with java.

Layout of a Neo4j home (by default ``<data dir>/neo4j``)::

    lib -> <cache dir>/neo4j-dist/<version>/lib   jars assembled by Maven (shared)
    conf/neo4j.conf                               from atocore/runtime/neo4j/neo4j.conf.template
    data/ logs/ run/ plugins/ import/
    atocore-install.json                          version, java, ports of this home

The server is started and its pid file kept by Neo4j's own launcher
(``org.neo4j.server.startup.Neo4jCommand start``), as the tarball's
``bin/neo4j start`` does; AtoCore waits for Bolt and a verified connection.

Everything in the home but the shared jars is private to its owner
(``atocore.runtime.private``): the launcher, and the server it spawns, run
with umask 077, so store files Neo4j creates later are 0600 too, and
install and start take group and other bits off what an older install left.
"""

from __future__ import annotations

import fcntl
import json
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from string import Template

from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors

from atocore.config import Settings, child_environment
from atocore.errors import RuntimeSetupError
from atocore.runtime.java import Java, NeoRelease, choose_release, find_javas
from atocore.runtime.pidfile import PidFile, process_alive
from atocore.runtime.private import PRIVATE_UMASK, make_private, make_private_dir, write_private_text

NEO4J_FILES = Path(__file__).resolve().parent / "neo4j"  # the Maven pom and neo4j.conf template (package data)
LAUNCHER = "org.neo4j.server.startup.Neo4jCommand"
ADMIN = "org.neo4j.server.startup.Neo4jAdminCommand"
INSTALL_FILE = "atocore-install.json"
Say = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass
class ServerConfig:
    home: Path
    lib_cache: Path
    bolt_port: int
    http_port: int
    heap: str
    pagecache: str
    password_file: Path
    requested_version: str = "auto"
    java_home: Path | None = None
    start_timeout_s: float = 120.0
    stop_timeout_s: float = 150.0

    @classmethod
    def from_settings(cls, settings: Settings) -> ServerConfig:
        return cls(
            home=settings.neo4j_home,
            lib_cache=settings.cache_dir / "neo4j-dist",
            bolt_port=settings.neo4j_bolt_port,
            http_port=settings.neo4j_http_port,
            heap=settings.neo4j_heap,
            pagecache=settings.neo4j_pagecache,
            password_file=settings.neo4j_password_file,
            requested_version=settings.neo4j_version,
            java_home=settings.java_home,
            start_timeout_s=settings.neo4j_start_timeout_s,
            stop_timeout_s=settings.neo4j_stop_timeout_s,
        )


@dataclass
class ServerStatus:
    state: str  # running | stopped | not-installed
    pid: int | None
    version: str | None
    java: str | None
    bolt_uri: str
    browser_url: str
    home: str
    data_dir: str
    log_file: str

    def to_dict(self) -> dict:
        return asdict(self)


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {path})"


class LocalNeo4j:
    """install / start / stop / status of one Neo4j home."""

    def __init__(self, config: ServerConfig, say: Say = _quiet) -> None:
        self.config = config
        self.home = config.home
        self.say = say

    # -- paths ---------------------------------------------------------------
    @property
    def conf_file(self) -> Path:
        return self.home / "conf" / "neo4j.conf"

    @property
    def pid_file(self) -> PidFile:
        """Written by Neo4j's launcher; trusted only while it names this home's server process."""
        return PidFile(self.home / "run" / "neo4j.pid", marker=f"--home-dir={self.home}")

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "neo4j.log"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.config.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.config.http_port}/browser/"

    def installed(self) -> dict | None:
        try:
            return json.loads((self.home / INSTALL_FILE).read_text())
        except (OSError, ValueError):
            return None

    # -- install -------------------------------------------------------------
    def install(self) -> dict:
        """Assemble the jars, write the config, set the initial password. Idempotent."""
        release, java = choose_release(self.config.requested_version, find_javas(self.config.java_home))
        lib = self._assemble(release)
        make_private_dir(self.config.password_file.parent)  # the data directory
        make_private_dir(self.home)
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        link = self.home / "lib"
        if link.is_symlink() or link.exists():
            if link.resolve() != lib.resolve():
                if link.is_symlink() or link.is_file():
                    link.unlink()
                else:
                    shutil.rmtree(link)
                link.symlink_to(lib, target_is_directory=True)
        else:
            link.symlink_to(lib, target_is_directory=True)
        self._write_conf()
        self._ensure_password(java)
        record = {
            "version": release.version,
            "java_home": str(java.home),
            "java_major": java.major,
            "bolt_port": self.config.bolt_port,
            "http_port": self.config.http_port,
        }
        write_private_text(self.home / INSTALL_FILE, json.dumps(record, indent=2))
        make_private(self.home)
        self.say(f"Neo4j {release.version} installed in {self.home} (Java {java.major} at {java.home}).")
        return record

    def _assemble(self, release: NeoRelease) -> Path:
        target = self.config.lib_cache / release.version / "lib"
        target.parent.mkdir(parents=True, exist_ok=True)
        # Several processes (test sessions, a user's install) may share the cache:
        # one assembles while the others wait, so nobody sees or deletes a half-copied lib/.
        with open(target.parent / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            return self._assemble_locked(release, target)

    def _assemble_locked(self, release: NeoRelease, target: Path) -> Path:
        marker = target.parent / ".complete"
        if marker.is_file() and any(target.glob("neo4j-server-*.jar")):
            return target
        mvn = shutil.which("mvn")
        if not mvn:
            raise RuntimeSetupError(
                "Maven (`mvn`) is not on PATH; it assembles Neo4j from Maven Central. "
                "Install it (e.g. `apt-get install maven`) and run `atocore neo4j install` again."
            )
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        log = target.parent / "maven.log"
        self.say(
            f"Assembling Neo4j {release.version} from Maven Central into {target} (about a minute the first time)..."
        )
        cmd = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(NEO4J_FILES / "pom.xml"),
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-Dneo4j.version={release.version}",
            f"-DoutputDirectory={target}",
        ]
        with log.open("w") as out:
            done = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=False)
        if done.returncode != 0 or not any(target.glob("neo4j-server-*.jar")):
            raise RuntimeSetupError(
                f"Maven could not assemble Neo4j {release.version} (exit {done.returncode}). "
                f"Last lines of {log}:\n{tail(log)}"
            )
        marker.write_text(release.version)
        return target

    def _write_conf(self) -> None:
        template = Template((NEO4J_FILES / "neo4j.conf.template").read_text())
        text = template.substitute(
            home=str(self.home),
            bolt_port=self.config.bolt_port,
            http_port=self.config.http_port,
            heap=self.config.heap,
            pagecache=self.config.pagecache,
        )
        write_private_text(self.conf_file, text)

    def _ensure_password(self, java: Java) -> None:
        initialized = (self.home / "data" / "dbms").exists() or (self.home / "data" / "databases" / "system").exists()
        pw_file = self.config.password_file
        if pw_file.is_file():
            if not initialized:
                self._set_initial_password(java, pw_file.read_text().strip())
            return
        if initialized:
            raise RuntimeSetupError(
                f"The Neo4j database in {self.home / 'data'} was initialized but its password file {pw_file} is gone. "
                "Restore the file, set ATOCORE_NEO4J_PASSWORD, or remove the data directory to start afresh."
            )
        password = secrets.token_hex(24)  # never starts with "-", which neo4j-admin would read as an option
        write_private_text(pw_file, password + "\n")
        self._set_initial_password(java, password)

    def _set_initial_password(self, java: Java, password: str) -> None:
        self.admin("dbms", "set-initial-password", password, java=java)

    def admin(self, *args: str, java: Java | None = None) -> str:
        """Run ``neo4j-admin ARGS`` with this home's Java and config (the server must be stopped for dump/load)."""
        if java is None:
            record = self.installed()
            if record is None:
                raise RuntimeSetupError(f"Neo4j is not installed in {self.home}: run `atocore neo4j install` first.")
            java = Java(Path(record["java_home"]), record["java_major"])
        command = [str(java.binary), "-cp", f"{self.home}/lib/*", ADMIN, *args]
        done = subprocess.run(
            command, env=self._env(java), capture_output=True, text=True, check=False, umask=PRIVATE_UMASK
        )
        if done.returncode != 0:
            problem = f"neo4j-admin {' '.join(args[:2])} failed (exit {done.returncode})"
            raise RuntimeSetupError(f"{problem}:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _env(self, java: Java) -> dict[str, str]:
        return child_environment(
            NEO4J_HOME=str(self.home), NEO4J_CONF=str(self.home / "conf"), JAVA_HOME=str(java.home)
        )

    # -- start / stop / status ----------------------------------------------
    def pid(self) -> int | None:
        return self.pid_file.pid()

    def status(self) -> ServerStatus:
        record = self.installed()
        pid = self.pid()
        state = "not-installed" if record is None else ("running" if pid else "stopped")
        return ServerStatus(
            state=state,
            pid=pid,
            version=record["version"] if record else None,
            java=f"{record['java_major']} ({record['java_home']})" if record else None,
            bolt_uri=self.bolt_uri,
            browser_url=self.browser_url,
            home=str(self.home),
            data_dir=str(self.home / "data"),
            log_file=str(self.log_file),
        )

    def start(self) -> ServerStatus:
        record = self.installed()
        if record is None:
            raise RuntimeSetupError(f"Neo4j is not installed in {self.home}: run `atocore neo4j install` first.")
        if self.pid():
            self._wait_ready(self.pid())
            self.say(f"Neo4j already running (pid {self.pid()}) at {self.bolt_uri}.")
            return self.status()
        # A pid file naming no live server of ours is stale: Neo4j's launcher would take a zombie
        # (a killed server under an init that never reaps, as in many containers) for a running one.
        self.pid_file.remove()
        self._check_ports_free()
        make_private(self.home)
        java = Java(Path(record["java_home"]), record["java_major"])
        done = subprocess.run(
            [str(java.binary), "-cp", f"{self.home}/lib/*", LAUNCHER, "start"],
            env=self._env(java),
            capture_output=True,
            text=True,
            check=False,
            start_new_session=True,
            umask=PRIVATE_UMASK,  # inherited by the server the launcher spawns: its new store files are 0600
        )
        if done.returncode != 0:
            raise RuntimeSetupError(
                f"Neo4j's launcher refused to start (exit {done.returncode}):\n{done.stdout}\n{done.stderr}\n"
                f"Log tail ({self.log_file}):\n{tail(self.log_file)}"
            )
        self._wait_ready(self.pid())
        self.say(
            f"Neo4j {record['version']} running (pid {self.pid()}): Bolt {self.bolt_uri}, Browser {self.browser_url}"
        )
        return self.status()

    def _check_ports_free(self) -> None:
        for name, port in (("Bolt", self.config.bolt_port), ("HTTP", self.config.http_port)):
            if not port_in_use(port):
                continue
            hint = ""
            if name == "Bolt":
                hint = " " + self._probe_foreign_server()
            setting = "ATOCORE_NEO4J_BOLT_PORT" if name == "Bolt" else "ATOCORE_NEO4J_HTTP_PORT"
            raise RuntimeSetupError(
                f"Port {port} ({name}) is already taken by another process, and it is not the Neo4j in {self.home}."
                f"{hint} Stop that process or choose another port with {setting} and reinstall."
            )

    def _probe_foreign_server(self) -> str:
        password = self._password()
        try:
            with GraphDatabase.driver(self.bolt_uri, auth=("neo4j", password or ""), connection_timeout=3) as driver:
                driver.verify_connectivity()
            return "A Neo4j answers there and accepts our password; point AtoCore at it with ATOCORE_NEO4J_URI instead."
        except neo4j_errors.AuthError:
            return "A Neo4j answers there but rejects our password (it is not the one AtoCore installed)."
        except Exception:
            return "It does not answer as a Neo4j we can use."

    def _password(self) -> str | None:
        try:
            return self.config.password_file.read_text().strip()
        except OSError:
            return None

    def _wait_ready(self, pid: int | None) -> None:
        deadline = time.monotonic() + self.config.start_timeout_s
        last_error = "Bolt port not open yet"
        while time.monotonic() < deadline:
            if pid is not None and not process_alive(pid):
                raise RuntimeSetupError(
                    f"Neo4j exited while starting. Log tail ({self.log_file}):\n{tail(self.log_file)}"
                )
            if port_in_use(self.config.bolt_port):
                try:
                    with GraphDatabase.driver(
                        self.bolt_uri, auth=("neo4j", self._password() or ""), connection_timeout=5
                    ) as driver:
                        driver.verify_connectivity()
                    return
                except neo4j_errors.AuthError as exc:
                    raise RuntimeSetupError(
                        f"Neo4j at {self.bolt_uri} rejects the password in {self.config.password_file}: {exc.message}"
                    ) from exc
                except Exception as exc:
                    last_error = f"{type(exc).__name__}: {exc}"
            time.sleep(0.5)
        raise RuntimeSetupError(
            f"Neo4j did not become ready within {self.config.start_timeout_s:.0f}s ({last_error}). "
            f"Log tail ({self.log_file}):\n{tail(self.log_file)}"
        )

    def stop(self) -> ServerStatus:
        pid = self.pid()
        stopped = self.pid_file.terminate(self.config.stop_timeout_s)
        if stopped is None:
            self.say("Neo4j is not running.")
        elif not stopped:
            raise RuntimeSetupError(
                f"Neo4j (pid {pid}) did not stop within {self.config.stop_timeout_s:.0f}s after SIGTERM. "
                f"It may still be flushing; check {self.log_file}, or `kill -9 {pid}` as a last resort."
            )
        else:
            self.say("Neo4j stopped.")
        return self.status()
