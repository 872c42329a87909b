import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CADRE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("CADRE_TEST_ARTIFACTS", "test-artifacts"))
# Chromium's own background connections are refused on a closed network: turn them off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium); .ci/run installs it")
    # Playwright's sync API runs its own event loop; Django refuses ORM calls from an async context.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{request.node.name}-last.png", full_page=True)
    context.close()


@pytest.fixture
def shot(request):
    def take(page, step: str):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{request.node.name}-{step}.png", full_page=True)

    return take


def wait_until(page, expression: str, timeout: float = 15.0):
    """Wait until `expression` is truthy in the page, and return its value. Playwright's wait_for_function
    polls with eval() inside the page, which the site's Content-Security-Policy forbids (no 'unsafe-eval');
    page.evaluate goes through the browser's debugging protocol, which the policy does not govern."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(f"() => {expression}")
        if value or time.monotonic() > deadline:
            assert value, f"still false after {timeout} s: {expression}"
            return value
        time.sleep(0.1)
