"""Reads for the public site: active stations only, and only what a visitor may see of them."""

from django.db.models import Q, QuerySet

from common.models import Region
from stations.models import LoveStation

COUNTY_CODE_LENGTH = 6
TOWNSHIP_CODE_LENGTH = 9


def _is_code(value: str, length: int) -> bool:
    return len(value) == length and value.isascii() and value.isdigit()


def station_list_public(*, county_code: str = "", township_code: str = "") -> QuerySet[LoveStation]:
    """Return the active stations, narrowed to a county and a township by code; malformed codes are ignored.

    A township outside the given county leaves nothing to show, as a visitor would expect; the
    region, its township and its county come with each station in the same query.
    """
    stations = LoveStation.objects.filter(status=LoveStation.Status.ACTIVE).select_related(
        "region", "region__parent", "region__parent__parent"
    )
    if _is_code(county_code, COUNTY_CODE_LENGTH):
        stations = stations.filter(region__code__startswith=county_code)
    if _is_code(township_code, TOWNSHIP_CODE_LENGTH):
        stations = stations.filter(region__code__startswith=township_code)
    return stations.order_by("region__code", "name")


def township_list_with_stations(county_code: str) -> QuerySet[Region]:
    """Return the townships of a county that hold an active station, themselves or in a village, in code order.

    These are the very region rows the stations point to (or their parents), so a township appears
    once even when the region tree holds several editions. A malformed county code gives none.
    """
    if not _is_code(county_code, COUNTY_CODE_LENGTH):
        return Region.objects.none()
    active = LoveStation.Status.ACTIVE
    return (
        Region.objects.filter(level=Region.Level.TOWNSHIP, code__startswith=county_code)
        .filter(Q(stations__status=active) | Q(children__stations__status=active))
        .distinct()
        .order_by("code")
    )
