"""Browser journeys: Playwright driving Debian's Chromium against the live test server."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (creating users) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CRAG_CHROMIUM", "/usr/bin/chromium")
# Every wait is for a state of the page (a heading, a message), never for a length of time. This
# bound only stops a hung run: on a loaded machine a page can take many seconds, and Playwright's
# own 30 seconds failed journeys that were merely slow.
WAIT_MS = int(float(os.environ.get("CRAG_E2E_WAIT_SECONDS", "180")) * 1000)
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class PatientBrowser:
    """Playwright's browser, whose every context and page waits up to WAIT_MS for a state."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_context(self, **kwargs: Any) -> Any:
        context = self._browser.new_context(**kwargs)
        context.set_default_timeout(WAIT_MS)
        context.set_default_navigation_timeout(WAIT_MS)
        return context

    def new_page(self, **kwargs: Any) -> Any:
        return self.new_context(**kwargs).new_page()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: make test installs chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield PatientBrowser(browser)
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    yield page
    if request.node.stash.get(FAILED, False):
        # What the browser showed when the journey failed, for whoever reads the CI log.
        screenshot(page, f"failed-{request.node.name}")
        print(f"failed at {page.url}; screenshot in test-artifacts/")  # noqa: T201
    context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (vendored) for WCAG 2.x A and AA, 2.1 and 2.2 rules; return the violations."""
    # evaluate() is not subject to the page's CSP, unlike an injected <script> tag.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def wait_for_heading_or_error(page: Any, heading: str) -> None:
    """Wait until the page shows the heading or an error summary; fail at once on the latter."""
    expected = page.get_by_role("heading", name=heading)
    problem = page.locator(".govuk-error-summary")
    expected.or_(problem).first.wait_for()
    if not expected.is_visible():
        raise AssertionError(f"expected {heading!r}, the page says: {problem.inner_text()!r}")


def sign_in_through_the_pages(page: Any, base_url: str, user: Any) -> None:
    """Sign in as a person would: password, then the code from their authenticator app.

    Each step waits for the next page to be there before going on, and the code is read off the
    "app" only when the code page is showing, as a person would.
    """
    from conftest import give_totp, totp_code
    from crag.tests.factories import TEST_PASSWORD

    give_totp(user)
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_for_heading_or_error(page, "Enter your authentication code")
    page.get_by_label("Code").fill(totp_code(user))
    page.get_by_role("button", name="Sign in").click()
    wait_for_heading_or_error(page, "Dashboard")
