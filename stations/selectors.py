"""Reads about stations; every query that a view or page uses is shaped here."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.permissions import is_city_administrator
from common.models import Region
from stations.discovery_selectors import report_queue_for_user
from stations.models import (
    AssistanceRecord,
    Household,
    HouseholdMember,
    LoveStation,
    Need,
    StationMembership,
    Visit,
)


def user_is_station_member(user: User) -> bool:
    """Return whether the user is a lead or coordinator of any station (a staff role)."""
    return StationMembership.objects.filter(user=user).exists()


def station_list_for_user(*, user: User) -> QuerySet[LoveStation]:
    """Return the stations the user works at, or every station for a city administrator."""
    stations = LoveStation.objects.select_related("region", "region__parent", "region__parent__parent")
    if not is_city_administrator(user):
        stations = stations.filter(memberships__user=user)
    return stations.annotate(member_count=Count("memberships", distinct=True)).order_by("region__code", "name")


def station_list_filtered(*, user: User, status: str = "", county_code: str = "") -> QuerySet[LoveStation]:
    """Return the user's stations narrowed to a status and a county (by code prefix); unknown values are ignored."""
    stations = station_list_for_user(user=user)
    if status in LoveStation.Status.values:
        stations = stations.filter(status=status)
    if county_code.isdigit() and len(county_code) == 6:
        stations = stations.filter(region__code__startswith=county_code)
    return stations


def county_list(*, city_code: str = "3303") -> QuerySet[Region]:
    """Return the county-level units of a city, newest edition first, for filters."""
    return Region.objects.filter(level=Region.Level.COUNTY, code__startswith=city_code).order_by("code", "-edition")


def station_get_for_user(*, user: User, station_id: int) -> LoveStation:
    """Return one station the user may see; another station's id is a 404, not a 403, so ids leak nothing."""
    try:
        return station_list_for_user(user=user).get(pk=station_id)
    except LoveStation.DoesNotExist:
        raise Http404("No such station.") from None


def station_membership_list(*, station: LoveStation) -> QuerySet[StationMembership]:
    return station.memberships.select_related("user").order_by("role", "user__email")


def station_role_for_user(*, user: User, station: LoveStation) -> str | None:
    """Return the user's role at the station (lead / coordinator), or None."""
    return StationMembership.objects.filter(user=user, station=station).values_list("role", flat=True).first()


def station_count_active() -> int:
    return LoveStation.objects.filter(status=LoveStation.Status.ACTIVE).count()


def station_community_count_active() -> int:
    """Return the number of distinct townships and villages that have an active station."""
    return LoveStation.objects.filter(status=LoveStation.Status.ACTIVE).values("region").distinct().count()


# --- Households ------------------------------------------------------------------------------------


def household_list_for_user(*, user: User) -> QuerySet[Household]:
    """Return the active households the user may see: their stations', or all for a city administrator."""
    households = Household.objects.filter(status=Household.Status.ACTIVE).select_related(
        "station", "region", "region__parent", "region__parent__parent"
    )
    if not is_city_administrator(user):
        households = households.filter(station__memberships__user=user)
    return households


def household_get_for_user(*, user: User, household_id: int) -> Household:
    """Return one household the user may see; another station's household is a 404."""
    try:
        return (
            household_list_for_user(user=user)
            .prefetch_related("members", "shocks", "watched_groups", "consents")
            .get(pk=household_id)
        )
    except Household.DoesNotExist:
        raise Http404("No such household.") from None


# A household "has a need" of a category while one is still being prepared or waits for help.


@dataclass(frozen=True)
class RankingCriteria:
    county_code: str = ""
    income_circle: str = ""
    watched_group: str = ""
    score_min: int | None = None
    score_max: int | None = None
    need_category: str = ""


def household_ranked_list(*, user: User, criteria: RankingCriteria) -> QuerySet[Household]:
    """Return the user's households matching the criteria, hardest first (肥城's ranked list).

    ``need_category`` keeps the households with a need of that category that is a draft, in review, open
    or partly met. Ties keep the longest-known household first, then the reference, so the order is stable.
    """
    households = household_list_for_user(user=user)
    if criteria.county_code:
        households = households.filter(region__code__startswith=criteria.county_code)
    if criteria.income_circle:
        households = households.filter(income_circle=criteria.income_circle)
    if criteria.watched_group:
        households = households.filter(watched_groups__group=criteria.watched_group)
    if criteria.score_min is not None:
        households = households.filter(hardship_score__gte=criteria.score_min)
    if criteria.score_max is not None:
        households = households.filter(hardship_score__lte=criteria.score_max)
    if criteria.need_category:
        # EXISTS, not a join: both conditions hold for one need, and a household with two such needs is one row.
        households = households.filter(
            Exists(
                Need.objects.filter(
                    household=OuterRef("pk"), category=criteria.need_category, status__in=Need.UNFINISHED_STATUSES
                )
            )
        )
    return households.distinct().order_by("-hardship_score", "created_at", "reference")


@dataclass(frozen=True)
class DuplicateHelpCase:
    """Help recorded despite the warning, with the earlier help of the same kind it was close to."""

    record: AssistanceRecord
    earlier: tuple[AssistanceRecord, ...]


def duplicate_help_cases(*, since: date, window_days: int = 30) -> list[DuplicateHelpCase]:
    """Return help recorded since ``since`` despite a duplicate warning, newest first, in two queries."""
    overridden = list(
        AssistanceRecord.objects.filter(duplicate_warning_overridden=True, given_on__gte=since)
        .select_related("household", "station", "recorded_by")
        .order_by("-given_on", "-pk")
    )
    if not overridden:
        return []
    nearby = AssistanceRecord.objects.filter(
        household__in={record.household_id for record in overridden},
        given_on__gte=since - timedelta(days=window_days),
    ).select_related("station")
    by_household: dict[int, list[AssistanceRecord]] = {}
    for other in nearby:
        by_household.setdefault(other.household_id, []).append(other)
    cases = []
    for record in overridden:
        earlier = tuple(
            sorted(
                (
                    other
                    for other in by_household.get(record.household_id, [])
                    if other.pk != record.pk
                    and other.category == record.category
                    and abs((other.given_on - record.given_on).days) <= window_days
                    and (other.given_on, other.pk) < (record.given_on, record.pk)
                ),
                key=lambda other: (other.given_on, other.pk),
            )
        )
        cases.append(DuplicateHelpCase(record=record, earlier=earlier))
    return cases


# --- Visits ----------------------------------------------------------------------------------------


def visit_list_open_for_user(*, user: User) -> QuerySet[Visit]:
    """Return the planned visits to the user's households, the earliest first."""
    households = household_list_for_user(user=user)
    return (
        Visit.objects.filter(done_on__isnull=True, household__in=households.values("pk"))
        .select_related("household", "household__region", "household__station")
        .prefetch_related("household__watched_groups")
        .order_by("due_on", "pk")
    )


def visit_get_open_for_user(*, user: User, visit_id: int) -> Visit:
    try:
        return visit_list_open_for_user(user=user).get(pk=visit_id)
    except Visit.DoesNotExist:
        raise Http404("No such visit.") from None


@dataclass(frozen=True)
class OverdueItems:
    reports: list
    visits: list
    needs: list

    def __bool__(self) -> bool:
        return bool(self.reports or self.visits or self.needs)


def overdue_items_for_user(*, user: User, now: datetime) -> OverdueItems:
    """Return the user's reports past their deadline and visits past their day, the oldest first."""
    reports = [report for report in report_queue_for_user(user=user, now=now) if report.overdue]
    today = timezone.localdate(now)
    visits = list(visit_list_open_for_user(user=user).filter(due_on__lt=today))
    needs = list(need_list_for_user(user=user).filter(status__in=Need.UNFINISHED_STATUSES).filter(due_on__lt=today))
    return OverdueItems(reports=reports, visits=visits, needs=needs)


# --- Needs -----------------------------------------------------------------------------------------


def need_list_for_user(*, user: User) -> QuerySet[Need]:
    """Return the needs of the user's stations (all for a city administrator), with what their rows show."""
    needs = Need.objects.select_related("station", "household", "responsible")
    if not is_city_administrator(user):
        needs = needs.filter(station__memberships__user=user)
    return needs.order_by("due_on", "-urgency", "pk")


def need_list_moderated_by(*, user: User) -> QuerySet[Need]:
    """Return the needs the user may approve or send back, in one query: ``can_moderate_need`` asked of all at once.

    A city administrator moderates everywhere, a lead at their own stations (tests check the two agree).
    """
    needs = need_list_for_user(user=user)
    if is_city_administrator(user):
        return needs
    led = StationMembership.objects.filter(user=user, role=StationMembership.Role.LEAD).values("station")
    return needs.filter(station__in=led)


def need_get_for_user(*, user: User, need_id: int) -> Need:
    try:
        return need_list_for_user(user=user).prefetch_related("events", "events__by").get(pk=need_id)
    except Need.DoesNotExist:
        raise Http404("No such need.") from None


@dataclass(frozen=True)
class ReportShare:
    needs: int
    from_reports: int

    @property
    def share(self) -> float | None:
        return self.from_reports / self.needs if self.needs else None


def need_share_from_reports(*, station: LoveStation | None = None, since: date | None = None) -> ReportShare:
    """Return how many needs there are and how many began with a discovery report (黑龙江's KPI: 26.7%).

    Drafts that never went further and cancelled needs are not counted.
    """
    needs = Need.objects.exclude(status__in=[Need.Status.DRAFT, Need.Status.CANCELLED])
    if station is not None:
        needs = needs.filter(station=station)
    if since is not None:
        needs = needs.filter(created_at__date__gte=since)
    totals = needs.aggregate(needs=Count("pk"), from_reports=Count("pk", filter=Q(origin_report__isnull=False)))
    return ReportShare(needs=totals["needs"], from_reports=totals["from_reports"])


def need_count_met() -> int:
    """Return how many needs have been met (met or closed after being met)."""
    return Need.objects.filter(status__in=[Need.Status.MET, Need.Status.CLOSED]).count()


def household_member_names_for_station(*, station: LoveStation) -> list[str]:
    """Return the names of the members of the station's households, for checking its public texts."""
    return list(
        HouseholdMember.objects.filter(household__station=station, household__status=Household.Status.ACTIVE)
        .values_list("name", flat=True)
        .distinct()
    )
