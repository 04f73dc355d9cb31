"""Messages sent to station members."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from stations.models import LoveStation


@transaction.atomic
def station_activation_notify(*, station_id: int) -> int:
    """Email every member of an active station once; return the number of messages sent.

    The station row stays locked until the mail is handed over, so two runs of the task
    cannot both send it.
    """
    station = (
        LoveStation.objects.select_for_update()
        .filter(pk=station_id, status=LoveStation.Status.ACTIVE, activation_notified_at__isnull=True)
        .first()
    )
    if station is None:
        return 0
    recipients = list(station.memberships.select_related("user").filter(user__is_active=True))
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for membership in recipients:
            context = {"station": station, "membership": membership, "base_url": settings.WAGTAILADMIN_BASE_URL}
            subject = render_to_string("stations/email/station_activated_subject.txt", context).strip()
            body = render_to_string("stations/email/station_activated_message.txt", context)
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [membership.user.email]))
    sent = send_mass_mail(messages, fail_silently=False)
    station.activation_notified_at = timezone.now()
    station.save(update_fields=["activation_notified_at", "updated_at"])
    return sent
