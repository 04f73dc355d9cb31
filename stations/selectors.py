"""Reads about stations; every query that a view or page uses is shaped here."""

from django.db.models import Count, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.permissions import is_city_administrator
from common.models import Region
from stations.models import LoveStation, StationMembership


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
