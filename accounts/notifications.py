"""Delivery of notifications by email."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts.models import Notification


@transaction.atomic
def notification_email_send(*, notification_id: int) -> bool:
    """Send the notification's email once; return whether a mail went out."""
    notification = (
        Notification.objects.select_for_update()
        .select_related("user")
        .filter(pk=notification_id, emailed_at__isnull=True, user__is_active=True)
        .first()
    )
    if notification is None:
        return False
    link = f"\n\n{settings.WAGTAILADMIN_BASE_URL}{notification.url}" if notification.url else ""
    send_mail(
        subject=f"[爱心驿站] {notification.subject}",
        message=f"{notification.body}{link}",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.user.email],
    )
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True
