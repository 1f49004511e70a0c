"""A real Chromium for the browser tests of `pln serve`: Debian's `chromium`
(or the one PLN_TEST_CHROMIUM names) driven by Playwright's sync API, at a
phone's 360×740 viewport. A test that asks for `phone` skips, saying why,
where no browser can be started (`.ci/run` installs one when it may)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PHONE = {"width": 360, "height": 740}
# Nothing a test does should reach beyond 127.0.0.1: no updates, no sync, no
# background fetches; --no-sandbox for containers that run as root.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    """Where the browser is, or None."""
    named = os.environ.get("PLN_TEST_CHROMIUM")
    for candidate in (named, "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One browser for the session (each test gets its own context)."""
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium: install Debian's chromium or set PLN_TEST_CHROMIUM")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed (pip install -e '.[dev]')")
    with sync_playwright() as driver:
        try:
            browser = driver.chromium.launch(executable_path=path, args=ARGS, headless=True)
        except Error as exc:
            pytest.skip(f"Chromium at {path} did not start: {str(exc).splitlines()[0]}")
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium: Any) -> Iterator[Any]:
    """A fresh page at a phone's viewport, JavaScript on as on a phone; its own
    cookies (nothing carried over from another test)."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
