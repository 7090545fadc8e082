"""What the browser tests share: the demo site (`cds demo` into a fresh SQLite database, then
`cds serve --dev`), headless Chromium (Debian's), a browser context that lets no request
leave the machine and records every one that tried and every error of the pages' consoles (a
refusal of the content security policy is one), the accessibility check (axe-core, as
`make assets` vendors it) and screenshots into var/screenshots/ to look at.

The fixtures are module-scoped: each test module gets its own demo site, so that no module
sees another's writes. A module uses them by importing them:
`from tests.browser.site import browser, demo_site  # noqa: F401  (fixtures)`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Response,
    Route,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

PROJECT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT / "var" / "screenshots"
AXE_URL = "/static/vendor/axe-core/axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CDS = [sys.executable, "-m", "chuyendoiso.cli"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SERIOUS = {"serious", "critical"}


def wait_until(page: Page, expression: str, *, seconds: float = 15) -> None:
    """Wait until ``expression`` is true in the page. Playwright's ``wait_for_function``
    evaluates its text with ``new Function`` when it has to poll, which the pages' content
    security policy (no 'unsafe-eval') refuses; ``evaluate`` goes through the browser's
    protocol, outside the policy."""
    deadline = time.monotonic() + seconds
    while not _true_now(page, expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {seconds} s: {expression}")
        time.sleep(0.05)


def _true_now(page: Page, expression: str) -> bool:
    try:
        return bool(page.evaluate(expression))
    except PlaywrightError as error:  # the page is being replaced (a form sent, a link)
        if "context was destroyed" in str(error):
            return False
        raise


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of the demo site in ``data_dir``: its SQLite database, whatever the
    tests' own database is, the environment's ``CDS_*`` settings and ``settings``."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    return env | {"CDS_DATA_DIR": str(data_dir), "CDS_DEMO_PASSWORD": "mat-khau-thu", **settings}


@contextmanager
def demo_server(data_dir: Path, **settings: str) -> Iterator[dict[str, str]]:
    """`cds demo` into ``data_dir``, then `cds serve --dev` on a free loopback port, with the
    environment's ``CDS_*`` settings and ``settings`` (``CDS_DEBUG="0"``: no debug pages)."""
    env = site_env(data_dir, **settings)
    loaded = subprocess.run([*CDS, "demo"], env=env, capture_output=True, text=True, timeout=600)
    assert loaded.returncode == 0, loaded.stderr
    assert (data_dir / "chuyendoiso.sqlite3").exists()
    port = free_port()
    log_path = data_dir / "serve.log"
    log = log_path.open("w", encoding="utf-8")
    server = subprocess.Popen(
        [*CDS, "serve", "--dev", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, log_path.read_text(encoding="utf-8")
            time.sleep(0.2)
        else:
            pytest.fail("cds serve did not start within 60 s")
        yield {"url": f"http://127.0.0.1:{port}", "demo_output": loaded.stdout}
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    with demo_server(tmp_path_factory.mktemp("cds-data")) as site:
        yield site


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """A browser context whose requests stay on this machine. ``outside``: the requests to
    anywhere else, aborted; ``errors``: console errors (a refusal of the content security
    policy is one), uncaught errors of its pages, and files of a page that failed to load."""

    context: BrowserContext
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def new_page(self, width: int = 1366, height: int = 900) -> Page:
        page = self.context.new_page()
        page.set_viewport_size({"width": width, "height": height})
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        return page

    def assert_clean(self) -> None:
        assert not self.outside, f"requests left the machine: {self.outside}"
        assert not self.errors, f"errors in the pages' consoles: {self.errors}"


@contextmanager
def watched_context(browser: Browser, **options: object) -> Iterator[Watched]:
    """A new context (``options`` as Playwright's ``new_context``) that aborts and records
    any request to a host other than this machine's loopback."""
    context = browser.new_context(**options)  # type: ignore[arg-type]
    watched = Watched(context)

    def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            watched.outside.append(route.request.url)
            route.abort()

    def console_error(message: ConsoleMessage) -> None:
        # a failed load is told by its response below: an error page's own 404 is no error
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            watched.errors.append(f"{message.location.get('url')}: {message.text}")

    def failed_load(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            watched.errors.append(f"{response.url}: {response.status}")

    context.route("**/*", only_loopback)
    context.on("console", console_error)
    context.on("response", failed_load)
    try:
        yield watched
    finally:
        context.close()


def axe_check(page: Page) -> None:
    """Run axe-core on the page as it is; fail on any serious or critical violation. axe is
    loaded from the site's own static files (`make assets`), as a page script would be."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [v for v in result["violations"] if v["impact"] in SERIOUS]
    assert not serious, f"axe on {page.url}:\n" + "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']} at "
        + "; ".join(", ".join(node["target"]) for node in v["nodes"][:5])
        for v in serious
    )


def drawn(page: Page) -> None:
    """Every chart of the page drawn (its canvas in place)."""
    for chart in page.locator("div.chart").all():
        chart.locator("canvas").wait_for(state="attached")


def screenshot(
    page: Page, name: str, width: int, *, full_page: bool = True, folder: Path = SCREENSHOTS
) -> Path:
    """The page at ``width`` px into ``folder``/<name>-<width>.png (var/screenshots/), to
    look at."""
    size = page.viewport_size or {"height": 900}
    page.set_viewport_size({"width": width, "height": size["height"]})
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
