"""Thin Celery tasks of the accounts app."""

from celery import shared_task
from django.db import OperationalError


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, soft_time_limit=50, time_limit=60)
def notification_email(notification_id: int) -> bool:
    """Email a notification to its person; safe to run twice (it sends only while the mail is not marked sent)."""
    from accounts.notifications import notification_email_send

    return notification_email_send(notification_id=notification_id)
