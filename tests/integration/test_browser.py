"""In a real headless Chromium that can reach nothing but this machine: /docs and /redoc render offline."""

from __future__ import annotations

import time

import pytest

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
