import pytest
from django.db import connection

from common import health

pytestmark = pytest.mark.django_db


class HealthzTests:
    def test_reports_ok_when_every_part_answers(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert body["failing"] == []
        assert set(body["checks"]) == {"database", "cache", "broker"}

    def test_names_the_failing_part_with_503(self, client, monkeypatch):
        def broken_cache():
            raise ConnectionError("redis is down")

        monkeypatch.setitem(health.CHECKS, "cache", broken_cache)
        response = client.get("/healthz")
        assert response.status_code == 503
        body = response.json()
        assert body["failing"] == ["cache"]
        assert "redis is down" in body["checks"]["cache"]["detail"]
        assert body["checks"]["database"]["status"] == "ok"

    def test_database_check_uses_the_configured_database(self):
        assert health.check_database() == connection.vendor

    def test_broker_unreachable_is_reported(self, settings, monkeypatch):
        settings.CELERY_TASK_ALWAYS_EAGER = False
        from celery import current_app

        unreachable = "redis://127.0.0.1:1/0"
        # Celery prefers the environment variable (set in CI) to its configuration.
        monkeypatch.setenv("CELERY_BROKER_URL", unreachable)
        original = current_app.conf.broker_url
        current_app.conf.broker_url = unreachable
        try:
            healthy, report = health.health_report()
        finally:
            current_app.conf.broker_url = original
        assert not healthy
        assert report["broker"]["status"] == "error"

    def test_only_get_is_allowed(self, client):
        assert client.post("/healthz").status_code == 405
