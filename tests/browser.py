"""A headless Chromium for the browser tests, reaching nothing but this machine.

Debian's ``chromium`` and its ``chromedriver`` (``deploy/ci/install-chromium.sh``
installs both; .ci/run calls it), driven by Selenium: no browser is ever
downloaded. Every host but localhost resolves to nothing and every other
request goes to a dead proxy, so a page that wants the internet fails visibly;
``requests()`` lists every URL the page asked for (from Chrome's performance
log), so a test can assert they all stayed on this machine. Screenshots go to
``.artifacts/`` at the repository root (gitignored).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from atocore.config import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = REPO_ROOT / ".artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=OptimizationHints,MediaRouter,Translate",
    "--window-size=1400,1000",
    # Only this machine: every other name resolves to nothing, every other request goes to a dead proxy.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
)


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        return f"{CHROMIUM} and {CHROMEDRIVER} are needed: run deploy/ci/install-chromium.sh"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@contextmanager
def chromium() -> Iterator[Browser]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = Path(tempfile.mkdtemp(prefix="atocore-chromium-"))
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield Browser(driver)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


class Browser:
    def __init__(self, driver) -> None:
        self.driver = driver
        self._requests: list[str] = []
        self._console: list[dict] = []

    def _drain(self) -> None:
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                self._requests.append(message["params"]["request"]["url"])
        self._console += self.driver.get_log("browser")

    def requests(self) -> list[str]:
        """Every URL the pages asked for so far."""
        self._drain()
        return list(self._requests)

    def console_errors(self) -> list[str]:
        self._drain()
        return [e["message"] for e in self._console if e["level"] == "SEVERE"]

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path


def off_machine(urls: list[str]) -> list[str]:
    """The URLs that would leave this machine (data: and blob: URLs never do)."""
    return [
        u
        for u in urls
        if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).hostname not in LOCAL_HOSTS
    ]
