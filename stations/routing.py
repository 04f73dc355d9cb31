"""Routing of discovery reports to a love station: reads only, a constant number of queries.

Issue 3: a report goes "to the nearest active station in the same county (by distance when a point
is given, otherwise by region)". A county holds at most a few dozen stations, so its active stations
are fetched in one query and ranked in Python.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Literal

from django.db.models import QuerySet
from django.utils.translation import gettext

from common.geo import Degrees, bounding_box, distance_km, validate_point
from common.models import Region
from stations.models import LoveStation

RouteMethod = Literal["distance", "region"]

# Without a region, stations are first looked for within this radius of the point (a Wenzhou county
# spans about 50 km); only when none lies within it does routing read every active station.
POINT_SEARCH_RADIUS_KM = 50.0

# The places of LoveStation.latitude / longitude: box edges are rounded outwards to them.
_COORDINATE_STEP = Decimal("0.000001")

_COUNTY_CODE_LENGTH = 6
_TOWNSHIP_CODE_LENGTH = 9


@dataclass(frozen=True)
class RouteResult:
    """Where a report goes and why.

    ``station`` is None when no active station qualifies; ``reason`` then says so. The station is
    loaded with only the fields routing reads (id, name, coordinates, region code and level); other
    fields load on access. ``county_code`` is the county routed within, None when there was none.
    """

    station: LoveStation | None
    method: RouteMethod
    distance_km: float | None
    reason: str
    county_code: str | None = None


def county_code_of(region: Region) -> str:
    """Return the 6-digit code of the county a county, township or village region lies in.

    Raise ValueError for a province or a city: they span several counties.
    """
    if region.level < Region.Level.COUNTY:
        raise ValueError(
            f"Region {region.code} is a province or a city (level {region.level}); "
            "routing needs a county, township or village."
        )
    if len(region.code) < _COUNTY_CODE_LENGTH or not region.code.isdigit():
        raise ValueError(f"Region code {region.code!r} is not a county-or-below statistical code.")
    return region.code[:_COUNTY_CODE_LENGTH]


def _active_stations() -> QuerySet[LoveStation]:
    return (
        LoveStation.objects.filter(status=LoveStation.Status.ACTIVE)
        .select_related("region")
        .only("id", "name", "latitude", "longitude", "region__id", "region__code", "region__level")
        .order_by("pk")
    )


def _nearest(stations: list[LoveStation], latitude: float, longitude: float) -> tuple[LoveStation | None, float | None]:
    """Return the station nearest to the point and its distance; equal distances go to the lowest id."""
    ranked = [
        (distance_km(latitude, longitude, station.latitude, station.longitude), station.pk, station)
        for station in stations
    ]
    if not ranked:
        return None, None
    distance, _pk, station = min(ranked, key=lambda item: item[:2])
    return station, distance


def _route_by_distance(
    *, stations: list[LoveStation], latitude: float, longitude: float, county_code: str
) -> RouteResult:
    station, distance = _nearest(stations, latitude, longitude)
    if station is None:
        return RouteResult(
            station=None,
            method="distance",
            distance_km=None,
            reason=gettext("No active station in county %(county)s.") % {"county": county_code},
            county_code=county_code,
        )
    return RouteResult(
        station=station,
        method="distance",
        distance_km=distance,
        reason=gettext("The nearest active station in the same county, %(distance).1f km away.")
        % {"distance": distance},
        county_code=county_code,
    )


def _route_by_region(*, stations: list[LoveStation], region: Region, county_code: str) -> RouteResult:
    """Prefer the report's own village, then its township (a village of it or the township itself), then the county."""
    village_code = region.code if region.level == Region.Level.VILLAGE else None
    township_code = region.code[:_TOWNSHIP_CODE_LENGTH] if region.level >= Region.Level.TOWNSHIP else None

    def tier(station: LoveStation) -> int:
        if village_code is not None and station.region.code == village_code:
            return 0
        if township_code is not None and station.region.code.startswith(township_code):
            return 1
        return 2

    if not stations:
        return RouteResult(
            station=None,
            method="region",
            distance_km=None,
            reason=gettext("No active station in county %(county)s.") % {"county": county_code},
            county_code=county_code,
        )
    station = min(stations, key=lambda candidate: (tier(candidate), candidate.pk))
    reasons = {
        0: gettext("An active station in the same village or community."),
        1: gettext("An active station in the same township."),
        2: gettext("An active station in the same county.")
        if region.level == Region.Level.COUNTY
        else gettext("No active station in the same township; an active station elsewhere in the county."),
    }
    return RouteResult(
        station=station, method="region", distance_km=None, reason=reasons[tier(station)], county_code=county_code
    )


def _route_point_only(*, latitude: float, longitude: float) -> RouteResult:
    """Route to the nearest active station anywhere: its county is the county routed within.

    One query reads the stations in a box around the point. If the nearest of them lies within the
    search radius, no station outside the box can be nearer (the box holds the whole circle);
    otherwise a second query reads every active station. So this takes one or two queries.
    """
    min_lat, max_lat, min_lng, max_lng = bounding_box(latitude, longitude, POINT_SEARCH_RADIUS_KM)
    nearby = list(
        _active_stations().filter(
            # Rounded outwards to the stored places, so that rounding never drops a station on the edge.
            latitude__range=(_floor(min_lat), _ceiling(max_lat)),
            longitude__range=(_floor(min_lng), _ceiling(max_lng)),
        )
    )
    station, distance = _nearest(nearby, latitude, longitude)
    if station is None or distance > POINT_SEARCH_RADIUS_KM:
        station, distance = _nearest(list(_active_stations()), latitude, longitude)
    if station is None:
        return RouteResult(
            station=None, method="distance", distance_km=None, reason=gettext("There is no active station.")
        )
    return RouteResult(
        station=station,
        method="distance",
        distance_km=distance,
        reason=gettext("The nearest active station to the point, %(distance).1f km away.") % {"distance": distance},
        county_code=county_code_of(station.region),
    )


def _floor(value: float) -> Decimal:
    return Decimal(value).quantize(_COORDINATE_STEP, rounding=ROUND_FLOOR)


def _ceiling(value: float) -> Decimal:
    return Decimal(value).quantize(_COORDINATE_STEP, rounding=ROUND_CEILING)


def station_route(
    *, region: Region | None = None, latitude: Degrees | None = None, longitude: Degrees | None = None
) -> RouteResult:
    """Return the active station a discovery report at this place goes to, with the reason.

    Only ACTIVE stations in the county of ``region`` are candidates; a nearer station across the
    county border is never chosen.

    - With a point: the station nearest to it (great-circle distance), equal distances to the lowest id.
    - Without a point: a station in the same village first, then in the same township (one of its
      villages or the township itself), then anywhere in the county; the lowest id within each.
    - With a point and no region: the county is that of the nearest active station overall, which
      makes that station the answer.

    No qualifying station gives ``station=None`` with the reason. Takes one query (two when only a
    point is given and no active station lies within ``POINT_SEARCH_RADIUS_KM`` of it).

    Raise ValueError when neither a region nor a point is given, when only one coordinate is given,
    when a coordinate is out of range, or when the region is a province or a city.
    """
    if (latitude is None) != (longitude is None):
        raise ValueError("Give both latitude and longitude, or neither.")
    point = validate_point(latitude, longitude) if latitude is not None else None
    if region is None:
        if point is None:
            raise ValueError("Give a region, a point, or both.")
        return _route_point_only(latitude=point[0], longitude=point[1])

    county_code = county_code_of(region)
    stations = list(_active_stations().filter(region__code__startswith=county_code))
    if point is not None:
        return _route_by_distance(stations=stations, latitude=point[0], longitude=point[1], county_code=county_code)
    return _route_by_region(stations=stations, region=region, county_code=county_code)
