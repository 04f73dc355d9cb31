"""Messages sent to station members."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stations.models import DiscoveryReportReroute, LoveStation


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


def report_rerouted_notify(*, reroute: DiscoveryReportReroute) -> int:
    """Tell the lead and coordinators of the station a report was re-routed to; return how many were told.

    Called inside the re-routing's transaction: ``notification_send`` emails only once it commits.
    """
    from accounts.services import notification_send

    report = reroute.report
    from_station = reroute.from_station.name if reroute.from_station else _("no station")
    people = [
        membership.user
        for membership in reroute.to_station.memberships.select_related("user").order_by("role", "pk")
        if membership.user.is_active
    ]
    for person in people:
        notification_send(
            user=person,
            subject=_("Report %(reference)s was re-routed to %(station)s")
            % {"reference": report.reference, "station": reroute.to_station.name},
            body=_("From %(from)s. Reason: %(reason)s. Respond by %(deadline)s.")
            % {
                "from": from_station,
                "reason": reroute.reason,
                "deadline": timezone.localtime(report.respond_by).strftime("%Y-%m-%d %H:%M"),
            },
            url=f"/staff/reports/{report.pk}/",
        )
    return len(people)
