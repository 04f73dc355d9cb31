"""Browser journeys: Debian Chromium, driven by Playwright, against pytest-django's live server.

Every test in this folder is marked ``journey``. Playwright's sync API keeps an asyncio event
loop marked as running in the test thread while the browser lives, and Django then refuses ORM
calls in that thread; the journeys (and only they) therefore allow them, for as long as the
browser of this folder is open.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
JOURNEYS_DIR = Path(__file__).resolve().parent
ARTIFACTS_DIR = JOURNEYS_DIR.parent / "artifacts"
# For actions and assertions alike: long enough for a cold live server, short enough to fail fast.
DEFAULT_TIMEOUT_MS = 15_000

REPORTS_KEY = pytest.StashKey[dict[str, pytest.TestReport]]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test of this folder as a journey, so that ``-m journey`` selects them."""
    for item in items:
        if JOURNEYS_DIR in item.path.parents:
            item.add_marker(pytest.mark.journey)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    """Keep each phase's report on the item, so that the ``page`` fixture knows whether the test failed."""
    report = yield
    item.stash.setdefault(REPORTS_KEY, {})[report.when] = report
    return report


def artifact_path(name: str) -> Path:
    """Return a path in tests/artifacts/ (git-ignored) for a file named after ``name``."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"


@pytest.fixture(scope="package", autouse=True)
def _allow_orm_beside_playwright_loop() -> Iterator[None]:
    """Let the ORM run in the test thread while Playwright's loop is marked as running there.

    Package-scoped and autouse, so it is set before pytest-django's per-test database set-up
    and still set during its flush at tear-down; it is undone when the journeys are over.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser(_allow_orm_beside_playwright_loop: None, django_db_setup: None):
    """Launch Debian's Chromium once for all journeys; skip without it, except in CI.

    While Playwright's loop is marked as running, Django hands the test thread other database
    connection objects than before (its connection store is task-local under a running loop).
    They lack the snapshot of the migrated database that pytest-django took for the serialized
    rollback, so give it to them, and close them when the browser goes.
    """
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(
                f"CI is set, so the journeys must run: install Debian's Chromium at {CHROMIUM} and a CJK font",
                pytrace=False,
            )
        pytest.skip(
            reason="needs Debian's Chromium at /usr/bin/chromium and a CJK font "
            "(apt-get install chromium fonts-wqy-microhei); CI installs them and never skips"
        )

    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)

    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    playwright = sync_playwright().start()
    for alias, snapshot in snapshots.items():
        connections[alias]._test_serialized_contents = snapshot
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        connections.close_all()
        playwright.stop()


@pytest.fixture(scope="package")
def _database_emptied_before_journeys(django_db_setup: None, django_db_blocker) -> None:
    """Empty the database once, so that each journey's restored snapshot is all it holds.

    pytest-django restores the migrated database's snapshot on top of what the previous test
    left. A transactional test without serialized rollback (the Celery worker test, for one)
    leaves rows that post_migrate handlers recreated after its flush (content types, the city
    administrators' group) under new primary keys, and restoring over them breaks unique
    constraints. Between journeys nothing else runs, and the flush after each journey skips
    post_migrate (pytest-django does so under serialized rollback), so once is enough.
    """
    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            if hasattr(connections[alias], "_test_serialized_contents"):
                call_command("flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=True)


def id_sequences_past_restored_rows() -> None:
    """Move PostgreSQL's id sequences past the rows that the serialized rollback put back.

    After each journey the database is flushed, which resets the sequences to 1, and the migrated
    rows (the Wagtail root and home pages, the locale, the site) are restored with their own ids.
    A page created next would take id 1 again. SQLite needs nothing: it has no sequences to reset
    and returns no statements.
    """
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def browser_problems() -> list[str]:
    """Console errors, uncaught page errors and CSP violations that the browser reported during the test."""
    return []


@pytest.fixture
def page(
    browser, live_server, _database_emptied_before_journeys, django_db_serialized_rollback, browser_problems, request
):
    """Open a fresh Chinese-speaking browser context on the live server; screenshot it if the test fails.

    The live server needs the transactional database, which is emptied after each test; the
    serialized rollback restores what the migrations created (the Wagtail site and home page)
    before the next journey, and the id sequences are moved past those rows.
    """
    id_sequences_past_restored_rows()
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()

    def on_console(message) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            browser_problems.append(f"console {message.type} on {page.url}: {message.text} ({message.location})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: browser_problems.append(f"page error on {page.url}: {error}"))
    yield page

    reports = request.node.stash.get(REPORTS_KEY, {})
    if any(report.failed for report in reports.values()):
        try:
            page.screenshot(path=str(artifact_path(request.node.name)), full_page=True)
        except Exception as error:  # noqa: BLE001 - a missing screenshot must not hide the test's own failure
            print(f"could not save a screenshot of the failed journey: {error}")
    context.close()


def assert_no_browser_problems(problems: list[str]) -> None:
    """Fail, listing them, if the browser reported console errors or CSP violations."""
    assert not problems, "the browser reported problems:\n" + "\n".join(problems)
