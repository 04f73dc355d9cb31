"""Every write to discovery reports (发现报告): submission, routing, re-routing and triage.

A report is routed on arrival to the nearest active station of its county (stations.routing) and
gets a response deadline. Only the staff of that station, or a city administrator, triage it, once:
a duplicate of another report, not a case (with the reason), or verified into a household. Until
then they may send it on to another active station, with the reason; a report that no active
station serves waits for a city administrator to route it so.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_city_administrator
from common.errors import ApplicationError
from common.geo import Degrees, distance_km, validate_point
from common.models import Region
from common.privacy import blind_index
from stations.models import DiscoveryReport, DiscoveryReportReroute, Household, LoveStation
from stations.notifications import report_rerouted_notify, report_unrouted_notify
from stations.permissions import can_enter_reports, can_triage_report
from stations.routing import RouteResult, station_route
from stations.services import HOUSEHOLD_REFERENCE_ALPHABET, MemberInput, household_create, normalise_phone

REPORT_CONTACT_INDEX_PURPOSE = "report_contact"
DEFAULT_RESPONSE_HOURS = 24
WHAT_WAS_SEEN_MAX_LENGTH = 2000
_COORDINATE_STEP = Decimal("0.000001")
_DISTANCE_STEP = Decimal("0.01")


def response_hours() -> int:
    """Return the hours a station has to respond to a new report (setting ``AIXIN_REPORT_RESPONSE_HOURS``)."""
    return int(getattr(settings, "AIXIN_REPORT_RESPONSE_HOURS", DEFAULT_RESPONSE_HOURS))


def contact_index_for(contact: str) -> str:
    """Return the blind index of a reporter's phone, digits only, or "" when it holds no digits."""
    digits = normalise_phone(contact)
    return blind_index(digits, purpose=REPORT_CONTACT_INDEX_PURPOSE) if digits else ""


def report_reference_new() -> str:
    """Return a reference no report has yet: RP and eight characters that say nothing about the report."""
    while True:
        reference = "RP" + "".join(secrets.choice(HOUSEHOLD_REFERENCE_ALPHABET) for _ in range(8))
        if not DiscoveryReport.objects.filter(reference=reference).exists():
            return reference


@dataclass(frozen=True)
class ReportPlace:
    """Where a report was seen, checked: a region, a point, or both; and where it goes."""

    region: Region | None
    latitude: Decimal | None
    longitude: Decimal | None
    route: RouteResult


def report_place_resolve(
    *, region: Region | None = None, latitude: Degrees | None = None, longitude: Degrees | None = None
) -> ReportPlace:
    """Check the place of a report and route it; raise ApplicationError for a place that cannot be used.

    Reads only, so the public form can tell a visitor where the report goes before anything is saved.
    """
    if (latitude is None) != (longitude is None):
        raise ApplicationError(_("Give both the latitude and the longitude, or neither."))
    if region is None and latitude is None:
        raise ApplicationError(_("Say where: choose a county (and a township or village), or give a point."))
    if region is not None and region.level < Region.Level.COUNTY:
        raise ApplicationError(_("Choose a county, a township or a village, not a whole city."))
    point = None
    if latitude is not None:
        try:
            lat, lng = validate_point(latitude, longitude)
        except ValueError:
            raise ApplicationError(_("Latitude lies between -90 and 90, longitude between -180 and 180.")) from None
        point = (Decimal(str(lat)).quantize(_COORDINATE_STEP), Decimal(str(lng)).quantize(_COORDINATE_STEP))
    route = station_route(region=region, latitude=point[0] if point else None, longitude=point[1] if point else None)
    return ReportPlace(
        region=region, latitude=point[0] if point else None, longitude=point[1] if point else None, route=route
    )


@transaction.atomic
def report_submit(
    *,
    what_was_seen: str,
    reporter_kind: str,
    channel: str,
    region: Region | None = None,
    latitude: Degrees | None = None,
    longitude: Degrees | None = None,
    location_note: str = "",
    reporter_name: str = "",
    reporter_contact: str = "",
    entered_by: User | None = None,
    now: datetime | None = None,
) -> DiscoveryReport:
    """Record a report from the public web form (``entered_by`` None) or from staff, routed, with its deadline.

    A report is kept even when no active station serves its county: ``routed_station`` is then
    None and the city administrators see it in their queue.
    """
    what_was_seen = what_was_seen.strip()
    if not what_was_seen:
        raise ApplicationError(_("Say what you saw."))
    if len(what_was_seen) > WHAT_WAS_SEEN_MAX_LENGTH:
        raise ApplicationError(
            _("Say what you saw in at most %(count)s characters.") % {"count": WHAT_WAS_SEEN_MAX_LENGTH}
        )
    if reporter_kind not in DiscoveryReport.ReporterKind.values:
        raise ApplicationError(_("Unknown kind of reporter."))
    if channel not in DiscoveryReport.Channel.values:
        raise ApplicationError(_("Unknown channel."))
    if channel == DiscoveryReport.Channel.WEB:
        if entered_by is not None:
            raise ApplicationError(_("Staff enter reports as hotline, walk-in or staff reports."))
    elif entered_by is None or not can_enter_reports(entered_by):
        raise ApplicationError(_("Only station staff and city administrators enter reports for others."))
    place = report_place_resolve(region=region, latitude=latitude, longitude=longitude)
    received_at = now or timezone.now()
    route = place.route
    contact = reporter_contact.strip()
    report = DiscoveryReport(
        reference=report_reference_new(),
        what_was_seen=what_was_seen,
        region=place.region,
        latitude=place.latitude,
        longitude=place.longitude,
        location_note=location_note.strip(),
        reporter_kind=reporter_kind,
        reporter_name=reporter_name.strip(),
        reporter_contact=contact,
        contact_index=contact_index_for(contact) if contact else "",
        channel=channel,
        routed_station=route.station,
        routing_method=route.method,
        routing_distance_km=(
            Decimal(str(route.distance_km)).quantize(_DISTANCE_STEP) if route.distance_km is not None else None
        ),
        received_at=received_at,
        respond_by=received_at + timedelta(hours=response_hours()),
        entered_by=entered_by,
    )
    report.full_clean(exclude=["reference", "contact_index", "routed_station", "duplicate_of", "household"])
    report.save()
    if report.routed_station_id is None:
        report_unrouted_notify(report=report)
    return report


def _report_for_triage(*, report: DiscoveryReport, by: User) -> DiscoveryReport:
    """Lock the report and check that it may be triaged now, by this person."""
    report = DiscoveryReport.objects.select_for_update(of=("self",)).select_related("routed_station").get(pk=report.pk)
    if not can_triage_report(by, report):
        raise ApplicationError(_("Only the staff of the station the report was routed to may triage it."))
    if report.status != DiscoveryReport.Status.NEW:
        raise ApplicationError(
            _("Report %(reference)s was already triaged: %(outcome)s.")
            % {"reference": report.reference, "outcome": report.get_outcome_display()}
        )
    return report


def _triaged(report: DiscoveryReport, *, outcome: str, by: User, now: datetime | None, **fields) -> DiscoveryReport:
    report.status = DiscoveryReport.Status.TRIAGED
    report.outcome = outcome
    report.triaged_by = by
    report.triaged_at = now or timezone.now()
    for name, value in fields.items():
        setattr(report, name, value)
    report.save(
        update_fields=["status", "outcome", "triaged_by", "triaged_at", "updated_at", *fields.keys()],
    )
    return report


@transaction.atomic
def report_triage_duplicate(
    *, report: DiscoveryReport, duplicate_of: DiscoveryReport, by: User, now: datetime | None = None
) -> DiscoveryReport:
    """Close a report as a repeat of another: the same station's, unless a city administrator links them."""
    report = _report_for_triage(report=report, by=by)
    if duplicate_of.pk == report.pk:
        raise ApplicationError(_("A report cannot be a duplicate of itself."))
    # Read afresh: the caller's copy may predate the other report's own triage.
    duplicate_of = DiscoveryReport.objects.get(pk=duplicate_of.pk)
    if duplicate_of.routed_station_id != report.routed_station_id and not is_city_administrator(by):
        raise ApplicationError(_("Only a report routed to the same station can be named as the original."))
    # Follow the other report's own chain: it must not lead back to this report.
    seen = {duplicate_of.pk}
    original_id = duplicate_of.duplicate_of_id
    while original_id is not None:
        if original_id == report.pk:
            raise ApplicationError(
                _("Report %(reference)s is already a duplicate of this one.") % {"reference": duplicate_of.reference}
            )
        if original_id in seen:
            break
        seen.add(original_id)
        original_id = DiscoveryReport.objects.filter(pk=original_id).values_list("duplicate_of_id", flat=True).first()
    return _triaged(report, outcome=DiscoveryReport.Outcome.DUPLICATE, by=by, now=now, duplicate_of=duplicate_of)


@transaction.atomic
def report_triage_not_a_case(
    *, report: DiscoveryReport, reason: str, by: User, now: datetime | None = None
) -> DiscoveryReport:
    """Close a report that needs no help from the station, with the reason."""
    report = _report_for_triage(report=report, by=by)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Say why this is not a case."))
    if len(reason) > DiscoveryReport._meta.get_field("not_a_case_reason").max_length:
        raise ApplicationError(_("Say why in at most 300 characters."))
    return _triaged(report, outcome=DiscoveryReport.Outcome.NOT_A_CASE, by=by, now=now, not_a_case_reason=reason)


def report_household_station(*, report: DiscoveryReport) -> LoveStation:
    """Return the station that keeps a household met through this report.

    Raise ApplicationError while no station serves the report: a household is always kept by a
    station, so the report is routed to one first.
    """
    if report.routed_station_id is None:
        raise ApplicationError(
            _("No active station serves this report yet: route it to a station first, then verify it there.")
        )
    return report.routed_station


@dataclass(frozen=True)
class NewHouseholdInput:
    """A household first met through a report: its village, head of household and contact."""

    region: Region
    head: MemberInput
    address_detail: str = ""
    phone: str = ""


@transaction.atomic
def report_triage_verified(
    *,
    report: DiscoveryReport,
    by: User,
    household: Household | None = None,
    new_household: NewHouseholdInput | None = None,
    now: datetime | None = None,
) -> DiscoveryReport:
    """Close a report as verified: link a household the station already knows, or record a new one.

    Exactly one of ``household`` and ``new_household`` is given. A new household is recorded at the
    station the report was routed to, through ``household_create``. A report that no station serves
    is refused either way: it is routed to a station first (``report_reroute``).
    """
    report = _report_for_triage(report=report, by=by)
    station = report_household_station(report=report)
    if (household is None) == (new_household is None):
        raise ApplicationError(_("Link an existing household or record a new one (one of the two)."))
    if household is not None:
        if household.status != Household.Status.ACTIVE:
            raise ApplicationError(_("Household %(reference)s is closed.") % {"reference": household.reference})
        if household.station_id != station.pk and not is_city_administrator(by):
            raise ApplicationError(
                _("Household %(reference)s is not kept by the station this report was routed to.")
                % {"reference": household.reference}
            )
    else:
        household = household_create(
            station=station,
            region=new_household.region,
            members=[new_household.head],
            created_by=by,
            address_detail=new_household.address_detail,
            phone=new_household.phone,
            now=now,
        )
    return _triaged(report, outcome=DiscoveryReport.Outcome.VERIFIED, by=by, now=now, household=household)


# --- Re-routing -----------------------------------------------------------------------------------


@transaction.atomic
def report_reroute(
    *, report: DiscoveryReport, to_station: LoveStation, reason: str, by: User, now: datetime | None = None
) -> DiscoveryReportReroute:
    """Send an untriaged report on to another active station, with the reason; that station's staff are told.

    Open to the staff of the station the report is routed to and to city administrators, who alone
    route a report that no station serves. The re-routing is kept in the report's history. The
    deadline promised to the reporter stays as it was; the overdue notice is re-armed, so that the
    new station is warned once if the deadline passes (or has passed) while the report is with it.
    """
    report = DiscoveryReport.objects.select_for_update(of=("self",)).select_related("routed_station").get(pk=report.pk)
    if not can_triage_report(by, report):
        raise ApplicationError(
            _("Only the staff of the station the report was routed to, or a city administrator, may re-route it.")
        )
    if report.status != DiscoveryReport.Status.NEW:
        raise ApplicationError(
            _("Report %(reference)s was already triaged (%(outcome)s): it can no longer be re-routed.")
            % {"reference": report.reference, "outcome": report.get_outcome_display()}
        )
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Say why the report goes to another station."))
    reason_max_length = DiscoveryReportReroute._meta.get_field("reason").max_length
    if len(reason) > reason_max_length:
        raise ApplicationError(_("Say why in at most %(count)s characters.") % {"count": reason_max_length})
    # Locked, so that the station cannot be closed between this check and the commit.
    to_station = LoveStation.objects.select_for_update().get(pk=to_station.pk)
    if to_station.status != LoveStation.Status.ACTIVE:
        raise ApplicationError(
            _("Reports go only to an active station; %(station)s is %(status)s.")
            % {"station": to_station.name, "status": to_station.get_status_display()}
        )
    if to_station.pk == report.routed_station_id:
        raise ApplicationError(_("The report is already routed to %(station)s.") % {"station": to_station.name})
    if not to_station.memberships.filter(user__is_active=True).exists():
        raise ApplicationError(_("%(station)s has no staff yet to take the report.") % {"station": to_station.name})
    from_station = report.routed_station
    report.routed_station = to_station
    report.routing_method = DiscoveryReport.RoutingMethod.REROUTED
    report.routing_distance_km = (
        Decimal(
            str(distance_km(report.latitude, report.longitude, to_station.latitude, to_station.longitude))
        ).quantize(_DISTANCE_STEP)
        if report.latitude is not None
        else None
    )
    report.overdue_notified_at = None
    report.save(
        update_fields=["routed_station", "routing_method", "routing_distance_km", "overdue_notified_at", "updated_at"]
    )
    reroute = DiscoveryReportReroute.objects.create(
        report=report,
        from_station=from_station,
        to_station=to_station,
        reason=reason,
        rerouted_by=by,
        at=now or timezone.now(),
    )
    report_rerouted_notify(reroute=reroute)
    return reroute
