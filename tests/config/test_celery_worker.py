"""A real Celery worker consumes a real task through the configured broker (Redis in CI)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from config.celery_app import app
from stations.models import LoveStation
from stations.services import station_activate
from tests.factories import StationFactory, city_administrator_create, station_member_create

BROKER = settings.CELERY_BROKER_URL

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not BROKER.startswith(("redis://", "amqp://")),
        reason="needs a real broker: set CELERY_BROKER_URL (CI sets redis://127.0.0.1:6379/0)",
    ),
]


@pytest.fixture
def celery_worker_running():
    """Start a worker thread on the real broker; tasks are queued, not run inline, meanwhile."""
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30) as worker:
            yield worker
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


def wait_for(condition, *, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
class CeleryWorkerTests:
    def test_station_activation_email_is_sent_by_the_worker(self, celery_worker_running, mailoutbox):
        station = StationFactory(status=LoveStation.Status.PROPOSED)
        coordinator = station_member_create(station)
        station_activate(station=station, activated_by=city_administrator_create())

        assert wait_for(lambda: len(mailoutbox) == 1), "the worker did not send the email within 30 s"
        assert mailoutbox[0].to == [coordinator.email]
        assert station.name in mailoutbox[0].subject

    def test_healthz_reaches_the_real_broker(self, client, settings):
        settings.CELERY_TASK_ALWAYS_EAGER = False
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json()["checks"]["broker"]["status"] == "ok"
