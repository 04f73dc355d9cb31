"""Fixtures shared by the whole suite."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and cached settings live in the cache; no test sees another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Start every test in the site's default language; a request's language must not leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def pytest_collection_modifyitems(config, items):
    """Skip PostgreSQL-only tests on SQLite, saying why."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: SQLite ignores row locks and some constraints")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def admin_client(client):
    """A client signed in as a city administrator with an authenticator app (``client.admin`` is the user)."""
    from tests.factories import city_administrator_create, totp_enable

    admin = city_administrator_create()
    totp_enable(admin)
    client.force_login(admin)
    client.admin = admin
    return client
