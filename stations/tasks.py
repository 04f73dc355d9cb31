"""Thin Celery tasks: they take ids and are safe to run twice."""

from celery import shared_task
from django.db import OperationalError


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, soft_time_limit=50, time_limit=60)
def station_activation_notify(station_id: int) -> int:
    """Email the station's members that it is active; return how many were told."""
    from stations.notifications import station_activation_notify as notify

    return notify(station_id=station_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, soft_time_limit=240, time_limit=300)
def households_rescore() -> int:
    """Score every active household again; safe to run twice (it recomputes from the facts)."""
    from stations.services import households_rescore_all

    return households_rescore_all()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, soft_time_limit=240, time_limit=300)
def overdue_scan() -> dict:
    """Notify station staff of overdue reports, visits and needs; notified rows are skipped, so reruns are safe."""
    from stations.services import overdue_scan as scan

    result = scan()
    return {"reports": result.reports, "visits": result.visits, "needs": result.needs, "expired": result.expired}
