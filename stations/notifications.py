"""Messages sent to station members."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stations.models import DiscoveryReport, DiscoveryReportReroute, LoveStation


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
    """Tell the staff of the station a report was re-routed to, and of the one it left; return how many were told.

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
    # The station it left hears where it went, so nobody there keeps looking for it.
    if reroute.from_station is not None:
        people += [
            membership.user
            for membership in reroute.from_station.memberships.select_related("user").order_by("role", "pk")
            if membership.user.is_active and membership.user not in people
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


def report_unrouted_notify(*, report: DiscoveryReport) -> int:
    """Tell the city administrators that a report came in which no active station serves; return how many.

    Such a report waits for one of them to route it; without this they would learn of it only once it
    is overdue. ``notification_send`` emails once the report's transaction commits.
    """
    from accounts.selectors import city_administrator_list
    from accounts.services import notification_send

    people = list(city_administrator_list())
    for person in people:
        notification_send(
            user=person,
            subject=_("Report %(reference)s needs a station") % {"reference": report.reference},
            body=_("No active station serves the place it names. Route it to a station by %(deadline)s.")
            % {"deadline": timezone.localtime(report.respond_by).strftime("%Y-%m-%d %H:%M")},
            url=f"/staff/reports/{report.pk}/",
        )
    return len(people)
