"""In a real headless Chromium that can reach nothing but this machine: /docs and /redoc render offline."""

from __future__ import annotations

import time

import pytest

from atocore.config import REPO_ROOT
from tests import browser

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(browser.missing() is not None, reason=str(browser.missing())),
]


def wait_for(driver, script: str, timeout: float = 60) -> object:
    """Poll a JavaScript expression until it is truthy; its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(f"return {script}")
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"not true after {timeout}s: {script}")


@pytest.fixture(scope="module")
def chromium():
    with browser.chromium() as opened:
        yield opened


@pytest.mark.parametrize(
    ("page", "rendered"),
    [
        ("/docs", "document.querySelectorAll('.opblock').length"),  # Swagger UI drew the operations
        ("/redoc", "document.querySelectorAll('[data-section-id^=\"operation/\"]').length"),  # Redoc did
    ],
)
def test_api_docs_render_from_this_machine_alone(live_api, chromium, page: str, rendered: str) -> None:
    chromium.driver.get(live_api + page)
    assert wait_for(chromium.driver, rendered) > 20
    assert "AtoCore" in chromium.driver.execute_script("return document.body.innerText")
    chromium.screenshot(f"api{page.replace('/', '-')}")
    asked = chromium.requests()
    assert any(url.endswith(".js") for url in asked)  # the bundle came, and from here
    assert browser.off_machine(asked) == []
    assert chromium.console_errors() == []


# -- Neo4j Browser: the guide's blocks and the style sheet, as a user pastes them -----------------
GUIDE = REPO_ROOT / "docs" / "browser-guide.md"
GRASS = REPO_ROOT / "deploy" / "neo4j" / "atocore.grass"
P = "p05-interferometer"  # the project the guide's :param lines name
FINISHED = (
    "Started streaming",
    "Displaying ",
    "no changes, no records",
    "Successfully set your parameters",
    "ERROR",
    "Error",
)


def guide_blocks() -> list[tuple[str, str, str]]:
    """(section title, its :param block, its query) for every section of the guide."""
    blocks = []
    for section in GUIDE.read_text(encoding="utf-8").split("\n## ")[1:]:
        title = section.splitlines()[0]
        params = section.split("```\n", 1)[1].split("\n```", 1)[0]
        query = section.split("```cypher\n", 1)[1].split("\n```", 1)[0]
        blocks.append((title, params, query))
    return blocks


@pytest.fixture(scope="module")
def explorable(api) -> None:
    """A small active project under the guide's id: a subsystem tree, and requirement -> component, claim -> result."""

    def entity(type_: str, key: str, name: str, **properties) -> str:
        body = {"type": type_, "key": key, "name": name, "project": P, "status": "active"}
        body |= {"source_refs": [{"artifact": "note://browser-test"}], "properties": properties or None}
        made = api.post("/entities", json={k: v for k, v in body.items() if v is not None})
        assert made.status_code == 201, made.text
        return made.json()["id"]

    def link(type_: str, source: str, target: str) -> None:
        body = {"type": type_, "from_id": source, "to_id": target, "status": "active"}
        made = api.post("/relationships", json=body | {"source_refs": [{"artifact": "note://browser-test"}]})
        assert made.status_code == 201, made.text

    assert api.post("/projects/register", json={"id": P, "aliases": ["p05"]}).status_code == 201
    cell = entity("Subsystem", "subsystem.mirror-cell", "Mirror cell")
    support = entity("Subsystem", "subsystem.support", "Support")
    pad = entity("Component", "component.lateral-pad", "Lateral pad")
    sensor = entity("Component", "component.edge-sensor", "Edge sensor")
    load = entity("Requirement", "requirement.pad-load", "Pad load", text="A pad carries at most 40 N.")
    claim = entity("ValidationClaim", "claim.pad-load-ok", "Pad load holds", text="The pads hold 40 N.")
    result = entity("Result", "result.pad-load", "Peak pad load", value=31.5, unit="N")
    for type_, source, target in [
        ("CONTAINS", cell, support),
        ("CONTAINS", support, pad),
        ("CONTAINS", cell, sensor),
        ("SATISFIES", pad, load),
        ("VALIDATES", claim, load),
        ("SUPPORTS", result, claim),
    ]:
        link(type_, source, target)


class NeoBrowser:
    """Neo4j Browser in Chromium, driven as a user: paste into the editor, run, read the newest frame."""

    def __init__(self, opened: browser.Browser, url: str) -> None:
        self.browser, self.driver = opened, opened.driver
        self.url = url

    def frames(self) -> list[str]:
        return self.driver.execute_script(
            "return [...document.querySelectorAll('[data-testid=frame]')].map(f => f.innerText)"
        )

    def log_in(self, password: str) -> None:
        from selenium.webdriver.common.by import By

        self.driver.get(self.url)
        wait_for(self.driver, "document.querySelector('[data-testid=password]')")
        self.driver.find_element(By.CSS_SELECTOR, "[data-testid=username]").send_keys("neo4j")
        self.driver.find_element(By.CSS_SELECTOR, "[data-testid=password]").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "[data-testid=connect]").click()
        wait_for(self.driver, "document.body.innerText.includes('You are connected as user neo4j')")

    def run(self, text: str, timeout: float = 60) -> str:
        """Paste ``text`` into the editor as one block (a clipboard paste event), run it; the frame it made."""
        from selenium.webdriver.common.by import By

        # Browser keeps a bounded stream of frames: mark the newest one, then wait for a frame without the mark.
        self.driver.execute_script("document.querySelectorAll('[data-testid=frame]').forEach(f => f.dataset.seen = 1)")
        self.driver.find_element(By.CSS_SELECTOR, "[data-testid=activeEditor]").click()
        self.driver.execute_script(
            """const data = new DataTransfer();
            data.setData('text/plain', arguments[0]);
            document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));""",
            text,
        )
        self.driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-Run]").click()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            fresh = self.driver.execute_script("return !document.querySelector('[data-testid=frame]').dataset.seen")
            if fresh and self._finished(text, self.frames()[0]):
                time.sleep(0.5)  # let the frame finish drawing
                return self.frames()[0]
            time.sleep(0.25)
        raise AssertionError(f"no answer to {text[:80]!r} after {timeout}s")

    def statuses(self) -> list[str]:
        """Each statement's status in the newest frame, when it ran several (one block of `;` lines)."""
        return self.driver.execute_script(
            "const f = document.querySelector('[data-testid=frame]');"
            "return [...f.querySelectorAll('[data-testid=multi-statement-list-icon]')].map(i => i.title)"
        )

    def _finished(self, text: str, frame: str) -> bool:
        if text.startswith(":style") or text == ":params":  # answered at once, with no status line
            return True
        statuses = self.statuses()
        if statuses:
            return all(s in ("Status: success", "Status: error") for s in statuses)
        return any(marker in frame for marker in FINISHED)

    def graph_fills(self, timeout: float = 30) -> list[str]:
        """The fill of every node the newest frame drew as a graph (waiting for the drawing, on a slow machine)."""
        deadline = time.monotonic() + timeout
        while not (fills := self._fills()) and time.monotonic() < deadline:
            time.sleep(0.5)
        return fills

    def _fills(self) -> list[str]:
        return self.driver.execute_script(
            "const f = document.querySelector('[data-testid=frame]');"
            "return [...f.querySelectorAll('svg .node circle')].map(c => c.getAttribute('fill')).filter(f => f)"
        )


@pytest.fixture(scope="module")
def neo4j_browser(neo4j_endpoint, chromium):
    if neo4j_endpoint.source != "local":
        pytest.skip("Neo4j Browser's port is known only for the locally started server")
    opened = NeoBrowser(chromium, f"http://127.0.0.1:{neo4j_endpoint.server.config.http_port}/browser/")
    opened.log_in(neo4j_endpoint.password)
    return opened


def test_every_guide_block_runs_and_the_style_colours_the_explored_graph(neo4j_browser, explorable) -> None:
    nb = neo4j_browser
    styled = nb.run(":style\n" + GRASS.read_text(encoding="utf-8"))
    assert "InvalidGrassError" not in styled and "node.Subsystem" in styled, styled[:500]
    subsystem_fill = GRASS.read_text().split("node.Subsystem {")[1].split("  color: ")[1].split(";")[0]
    blocks = guide_blocks()
    assert len(blocks) == 22 and blocks[0][0].startswith("Explore")
    for title, params, query in blocks:
        set_params = nb.run(params)
        if len(params.splitlines()) > 1:  # one block of `;` lines: one frame listing each statement
            assert nb.statuses() == ["Status: success"] * len(params.splitlines()), (title, set_params)
        else:
            assert "Successfully set your parameters" in set_params, (title, set_params)
        answered = nb.run(query)
        assert "ERROR" not in answered and "Error" not in answered, (title, answered[:800])
        if title.startswith("Explore"):
            fills = nb.graph_fills()
            assert len(fills) >= 4, (title, fills, nb.frames()[0][-600:])
            if "subsystem tree" in title:
                assert fills.count(subsystem_fill) == 2, fills  # the style sheet's Subsystem colour
                nb.browser.screenshot("neo4j-browser-subsystem-tree")
            else:
                nb.browser.screenshot("neo4j-browser-requirement-paths")
    assert ":param project => 'p05-interferometer';" in blocks[0][1]  # the lines paste as one block
    everything = nb.run(":params")
    assert '"project": "p05-interferometer"' in everything
    crashed = [e for e in nb.browser.console_errors() if "TypeError" in e or "can't recover" in e]
    assert crashed == [] and "Something went wrong" not in nb.driver.page_source
