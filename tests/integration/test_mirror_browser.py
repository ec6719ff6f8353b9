"""The Mirror in a browser: the session cookie that replaces the bearer header, over HTTP and in Chromium.

A browser cannot send ``Authorization: Bearer`` when a person follows a
link, so it signs in (``atocore.api.mirror_session``): a token or a one-time
ticket is exchanged, in a POST body, for a short-lived HttpOnly,
SameSite=Strict cookie that the read-only Mirror GET routes accept and no
other route does. httpx checks the rules on a real server; a real headless
Chromium (Debian's package) signs in through the login form and through
``atocore mirror P --open``, then reads every page with its diagrams drawn.
"""

from __future__ import annotations

import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from click.testing import CliRunner

from atocore.api.app import create_app
from atocore.api.mirror_session import COOKIE
from atocore.cli.main import cli
from atocore.config import REPO_ROOT
from atocore.services.mirror import html, service
from tests.conftest import admin_token, bearer, serving
from tests.integration.test_catalog_queries import P, world  # noqa: F401 (world: a fixture)
from tests.integration.test_mirror import mirrored  # noqa: F401 (a fixture)

pytestmark = pytest.mark.integration

PAGES = ("/mirror/p-cat", "/mirror/p-cat/overview", "/mirror/p-cat/decisions", "/mirror/p-cat/overview.html")


@pytest.fixture(scope="module")
def server(services, mirrored):  # noqa: F811 (mirrored is the imported fixture)
    """The real app served over HTTP (kept, so a test can move its session clock); its URL and the app."""
    service.regenerate(services, P)
    app = create_app(services.settings, services)
    with serving(app) as url:
        yield url, app


@pytest.fixture
def admin(services) -> dict[str, str]:
    return bearer(admin_token(services.settings))


def session_cookie(url: str, headers: dict[str, str]) -> tuple[str, httpx.Response]:
    answer = httpx.post(f"{url}/mirror/session", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.cookies[COOKIE], answer


def with_cookie(value: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE}={value}"}


# -- the rules, over HTTP ----------------------------------------------------------------------------
def test_without_a_token_pages_are_401_for_clients_and_a_sign_in_for_browsers(server) -> None:
    url, _ = server
    plain = httpx.get(f"{url}/mirror/{P}/overview")
    assert plain.status_code == 401 and "/mirror/_login" in plain.json()["message"]
    page = httpx.get(f"{url}/mirror/{P}/overview.html")
    assert page.status_code == 303 and page.headers["location"] == f"/mirror/_login?next=/mirror/{P}/overview.html"
    form = httpx.get(f"{url}{page.headers['location']}")
    assert form.status_code == 200 and 'name="token"' in form.text
    assert f'name="next" value="/mirror/{P}/overview.html"' in form.text
    assert httpx.post(f"{url}/mirror/session").status_code == 401


def test_the_session_cookie_is_httponly_strict_and_scoped_to_the_mirror(server, admin) -> None:
    url, _ = server
    value, answer = session_cookie(url, admin)
    header = answer.headers["set-cookie"]
    for attribute in ("HttpOnly", "SameSite=strict", "Path=/mirror", "Max-Age=1800"):
        assert attribute.lower() in header.lower(), (attribute, header)
    assert "secure" not in header.lower()  # plain http on loopback; https adds Secure
    body = answer.json()
    assert value not in answer.text and body["token"] == "admin" and body["login_path"] == "/mirror/_login"
    assert answer.headers["cache-control"] == "no-store"


def test_the_cookie_opens_the_mirror_pages_and_nothing_else(server, admin) -> None:
    url, _ = server
    value, _ = session_cookie(url, admin)
    for path in (*PAGES, f"/mirror/{P}/subsystems/subsystem.support.html"):
        assert httpx.get(f"{url}{path}", headers=with_cookie(value)).status_code == 200, path
    for method, path in (
        ("GET", "/projects"),
        ("GET", f"/entities?project={P}"),
        ("GET", "/tokens"),
        ("POST", f"/mirror/{P}/regenerate"),
        ("POST", "/mirror/session"),
        ("POST", "/query"),
    ):
        refused = httpx.request(method, f"{url}{path}", headers=with_cookie(value), json={"query": "x"})
        assert refused.status_code == 401, (method, path, refused.status_code)
    health = httpx.get(f"{url}/health", headers=with_cookie(value)).json()
    assert set(health) == set(httpx.get(f"{url}/health").json())  # the status only: the full report wants a token


def test_an_expired_forged_or_ended_session_is_refused(server, admin) -> None:
    url, app = server
    value, _ = session_cookie(url, admin)
    sessions = app.state.mirror_sessions
    sessions.clock = lambda: time.time() + 31 * 60  # past ATOCORE_MIRROR_SESSION_MINUTES (30)
    try:
        assert httpx.get(f"{url}/mirror/{P}/overview", headers=with_cookie(value)).status_code == 401
        assert httpx.get(f"{url}/mirror/{P}/overview.html", headers=with_cookie(value)).status_code == 303
    finally:
        sessions.clock = time.time
    assert httpx.get(f"{url}/mirror/{P}/overview", headers=with_cookie(value)).status_code == 401  # dropped for good
    assert httpx.get(f"{url}/mirror/{P}/overview", headers=with_cookie("x" * 43)).status_code == 401
    other, _ = session_cookie(url, admin)
    assert httpx.get(f"{url}/mirror/{P}/overview", headers=with_cookie(other)).status_code == 200
    signed_out = httpx.post(f"{url}/mirror/_logout", headers=with_cookie(other))
    assert signed_out.status_code == 200 and "Max-Age=0" in signed_out.headers["set-cookie"]
    assert httpx.get(f"{url}/mirror/{P}/overview", headers=with_cookie(other)).status_code == 401


def test_a_revoked_token_ends_its_sessions_and_a_token_without_read_gets_none(server, admin) -> None:
    url, _ = server
    reader = httpx.post(f"{url}/tokens", headers=admin, json={"name": "mirror-reader", "scopes": ["read"]}).json()
    writer = httpx.post(f"{url}/tokens", headers=admin, json={"name": "mirror-writer", "scopes": ["write"]}).json()
    value, answer = session_cookie(url, bearer(reader["secret"]))
    assert answer.json()["token"] == "mirror-reader"
    assert httpx.get(f"{url}/mirror/{P}/decisions", headers=with_cookie(value)).status_code == 200
    httpx.post(f"{url}/tokens/mirror-reader/revoke", headers=admin).raise_for_status()
    assert httpx.get(f"{url}/mirror/{P}/decisions", headers=with_cookie(value)).status_code == 401
    assert httpx.post(f"{url}/mirror/session", headers=bearer(writer["secret"])).status_code == 403
    refused = httpx.post(f"{url}/mirror/_login", data={"token": writer["secret"]})
    assert (
        refused.status_code == 401
        and "lacks the &#39;read&#39; scope" in refused.text
        and COOKIE not in refused.headers.get("set-cookie", "")
    )


def test_a_ticket_signs_in_once_and_next_never_leaves_the_mirror(server, admin) -> None:
    url, _ = server
    _, answer = session_cookie(url, admin)
    ticket = answer.json()["ticket"]
    target = f"/mirror/{P}/decisions.html"
    signed_in = httpx.post(f"{url}/mirror/_login", data={"ticket": ticket, "next": target}, headers={"Origin": "null"})
    assert signed_in.status_code == 200 and f'content="0; url={target}"' in signed_in.text
    value = signed_in.cookies[COOKIE]
    assert httpx.get(f"{url}{target}", headers=with_cookie(value)).status_code == 200
    again = httpx.post(f"{url}/mirror/_login", data={"ticket": ticket, "next": target})
    assert again.status_code == 401 and "used already" in again.text and "set-cookie" not in again.headers
    _, fresh = session_cookie(url, admin)
    away = httpx.post(f"{url}/mirror/_login", data={"ticket": fresh.json()["ticket"], "next": "https://evil.example/"})
    assert away.status_code == 200 and "evil" not in away.text and 'href="/mirror/p-cat/index.html"' in away.text
    _, third = session_cookie(url, admin)
    posted_elsewhere = httpx.post(
        f"{url}/mirror/_login", data={"ticket": third.json()["ticket"]}, headers={"Origin": "https://evil.example"}
    )
    assert posted_elsewhere.status_code == 403 and "set-cookie" not in posted_elsewhere.headers
    too_long = httpx.post(f"{url}/mirror/_login", data={"token": "a" * 300})
    assert too_long.status_code == 422


def test_a_pasted_token_signs_in_and_a_wrong_one_is_told(server, admin) -> None:
    url, _ = server
    token = admin["Authorization"].removeprefix("Bearer ")
    signed_in = httpx.post(f"{url}/mirror/_login", data={"token": token})
    assert signed_in.status_code == 200 and signed_in.cookies.get(COOKIE)
    assert 'href="/mirror/p-cat/index.html"' in signed_in.text  # no next: the projects' pages
    wrong = httpx.post(f"{url}/mirror/_login", data={"token": "atc_" + "x" * 40})
    assert wrong.status_code == 401 and "not one this AtoCore knows" in wrong.text
    assert "atc_" + "x" * 40 not in wrong.text  # never echoed


# -- the browser view in a real headless Chromium --------------------------------------------------
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
SCREENSHOTS = REPO_ROOT / ".artifacts" / "mirror"  # git-ignored; docs/architecture/human-mirror.md says so
BROWSER_PAGES = ("index", "overview", "decisions", "subsystems/subsystem.support", "subsystems/subsystem.telescope")


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """Debian's chromium driven by its chromedriver (selenium; nothing downloaded). .ci/run installs both."""
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("chromium and chromedriver are not installed (apt-get install -y chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


def drawn(driver, url: str) -> dict:
    """Load the page, wait until Mermaid has handled every diagram block; what the page shows and logged."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 120).until(
        lambda d: d.execute_script(
            "return document.readyState === 'complete' && [...document.querySelectorAll('pre.mermaid')]"
            ".every(b => b.getAttribute('data-processed') === 'true')"
        )
    )
    return {
        "title": driver.title,
        "blocks": driver.execute_script("return document.querySelectorAll('pre.mermaid').length"),
        "svgs": driver.execute_script("return document.querySelectorAll('pre.mermaid > svg').length"),
        "errors": driver.execute_script(  # Mermaid draws a parse error as an SVG of its own
            "return document.querySelectorAll('pre.mermaid svg[aria-roledescription=\"error\"]').length"
        ),
        "console": [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")],
    }


def screenshot(driver, name: str) -> Path:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(max(height, 600), 12000))
    path = SCREENSHOTS / f"{name.replace('/', '--')}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(path)) and path.stat().st_size > 10_000, path
    driver.set_window_size(1400, 1000)
    return path


@pytest.fixture(scope="module")
def signed_in(chromium, server, services) -> str:
    """Chromium signed in through the login form, as a person does: the page, the form, back to the page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, _ = server
    chromium.get(f"{url}/mirror/{P}/overview.html")
    assert chromium.current_url == f"{url}/mirror/_login?next=/mirror/{P}/overview.html"  # sent to sign in
    chromium.find_element(By.ID, "token").send_keys(admin_token(services.settings))
    chromium.find_element(By.CSS_SELECTOR, "form button").click()
    WebDriverWait(chromium, 60).until(lambda d: d.current_url == f"{url}/mirror/{P}/overview.html")
    assert chromium.find_element(By.TAG_NAME, "h1").text.startswith(f"{P}: project overview")
    assert chromium.execute_script("return document.cookie") == ""  # HttpOnly: no script reads the session
    return url


def test_every_page_loads_in_chromium_without_console_errors_and_every_diagram_is_an_svg(
    chromium, signed_in, services
) -> None:
    assert html.mermaid_installed(), "the Mermaid script is not vendored: run deploy/vendor-mermaid.sh"
    base = signed_in
    diagrams = 0
    for page in BROWSER_PAGES:
        shown = drawn(chromium, f"{base}/mirror/{P}/{page}.html")
        assert shown["console"] == [], (page, shown["console"])
        assert shown["svgs"] == shown["blocks"] and shown["errors"] == 0, (page, shown)
        assert shown["title"].endswith("· AtoCore Mirror"), page
        diagrams += shown["blocks"]
        screenshot(chromium, page)
    assert diagrams >= 4  # subsystem tree, traceability, decision graph, a subsystem's contents at least
    as_of = datetime.now(UTC).isoformat()
    shown = drawn(chromium, f"{base}/mirror/{P}/overview.html?as_of={quote(as_of)}")
    assert shown["console"] == [] and shown["svgs"] == shown["blocks"] > 0 and shown["errors"] == 0, shown
    screenshot(chromium, "overview-as-of")


def test_the_browser_view_navigates_between_pages_and_into_neo4j_browser(chromium, signed_in, services) -> None:
    from selenium.webdriver.common.by import By

    base = signed_in
    drawn(chromium, f"{base}/mirror/{P}/index.html")
    chromium.find_element(By.LINK_TEXT, "Decision log").click()  # the header's navigation
    assert chromium.current_url == f"{base}/mirror/{P}/decisions.html"
    assert chromium.find_element(By.TAG_NAME, "h1").text.startswith(f"{P}: decision log")
    chromium.get(f"{base}/mirror/{P}/overview.html")
    chromium.find_element(By.CSS_SELECTOR, 'a[href$="subsystems/subsystem.support.html"]').click()
    assert chromium.current_url == f"{base}/mirror/{P}/subsystems/subsystem.support.html"
    disputed = chromium.find_element(By.PARTIAL_LINK_TEXT, "⚠ disputed")
    disputed.click()  # to the conflict's anchor on the overview
    assert chromium.current_url.startswith(f"{base}/mirror/{P}/overview.html#conflict-")
    anchor = chromium.current_url.split("#")[1]
    heading = chromium.find_element(By.ID, anchor).find_element(By.XPATH, "..")  # the conflict's heading
    assert heading.tag_name == "h3" and heading.is_displayed()
    top = chromium.execute_script("return arguments[0].getBoundingClientRect().top", heading)
    assert 0 <= top < chromium.execute_script("return window.innerHeight")  # scrolled to it
    key = chromium.find_element(By.CSS_SELECTOR, "a.key")
    assert key.get_attribute("href").startswith(services.settings.browser_url + "?cmd=edit&arg=")
    assert [e for e in chromium.get_log("browser") if e["level"] == "SEVERE"] == []


def test_atocore_mirror_open_signs_a_fresh_browser_in_with_no_token_in_any_url(
    chromium, server, services, monkeypatch
) -> None:
    """`atocore mirror P PAGE --open`: a private file posts a one-time ticket; the browser lands on the page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from atocore.config import get_settings

    url, _ = server
    monkeypatch.setenv("ATOCORE_TOKEN", admin_token(services.settings))
    get_settings.cache_clear()
    chromium.delete_all_cookies()  # a browser that never signed in
    try:
        opened = CliRunner().invoke(cli, ["mirror", "PCAT", "subsystem.support", "--open", "--no-launch", "--url", url])
    finally:
        get_settings.cache_clear()
    assert opened.exit_code == 0, opened.output
    file_url = opened.output.splitlines()[0]
    sign_in = Path(file_url.removeprefix("file://"))
    assert file_url.startswith("file:///") and oct(sign_in.stat().st_mode & 0o777) == "0o600"
    assert admin_token(services.settings) not in sign_in.read_text()  # the ticket, never the token
    chromium.get(file_url)
    target = f"{url}/mirror/PCAT/subsystems/subsystem.support.html"
    WebDriverWait(chromium, 60).until(lambda d: d.current_url == target)
    shown = drawn(chromium, target)
    assert shown["svgs"] == shown["blocks"] > 0 and shown["errors"] == 0 and shown["console"] == [], shown
    assert chromium.find_element(By.TAG_NAME, "h1").text.startswith("Support")
    screenshot(chromium, "opened-by-cli")
    chromium.get(file_url)  # the same file again: the ticket was used
    assert "used already" in chromium.find_element(By.ID, "message").text
    chromium.get(target)  # still signed in from the first use
    chromium.find_element(By.CSS_SELECTOR, "form.logout button").click()
    WebDriverWait(chromium, 30).until(lambda d: d.title.startswith("Signed out"))
    chromium.get(target)
    assert chromium.current_url.startswith(f"{url}/mirror/_login?next=")
    shutil.rmtree(sign_in.parent)  # the CLI leaves it (its ticket is spent); the test tidies up
