"""Browser tests: Playwright's sync API driving Debian's chromium against pytest-django's live server.

One browser for all of them, a new context (cookies, storage) per test. Playwright's sync API runs an
event loop in this thread, so Django's "async unsafe" guard is lifted while the browser runs; the
browser is package-scoped, so that both end with the last browser test and the rest of the suite
(and the subprocesses it starts) runs with the guard on.
"""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import make_article, make_outlet

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get update && apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(user=None, javascript=True) -> a Page in a fresh context, logged in as ``user``.

    Console errors (a Content-Security-Policy violation, a failing script) fail the test, except
    those the test expects (``open_page.allow(text)``).
    """
    contexts, errors = [], []

    def report(text, url):
        # The admin's pages have no icon: Chromium asks for /favicon.ico, which is not there.
        if not url.endswith("/favicon.ico"):
            errors.append(f"{text} ({url})")

    def open_page(user=None, javascript=True, init_script=None):
        context = browser.new_context(
            base_url=live_server.url, java_script_enabled=javascript, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies(
                [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
            )
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        page.on(
            "console",
            lambda message: message.type == "error" and report(message.text, message.location.get("url", "")),
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    allowed = []
    open_page.allow = allowed.append  # open_page.allow("status of 400"): an error the test provokes
    yield open_page
    for context in contexts:
        context.close()
    errors = [error for error in errors if not any(text in error for text in allowed)]
    assert not errors, f"the browser reported errors: {errors}"


@pytest.fixture
def article(transactional_db):
    """The factories' article, from Meduza, published at a known time."""
    return make_article(
        "Five soldiers return",
        outlet=make_outlet("Meduza"),
        published_at=datetime(2025, 3, 14, 9, 30, tzinfo=UTC),
    )
