"""Routing of discovery reports to the nearest active station of the same county (issue 3)."""

from decimal import Decimal

import pytest
from django.utils import translation

from common.geo import bounding_box, distance_km
from common.models import Region
from stations.models import LoveStation
from stations.routing import POINT_SEARCH_RADIUS_KM, county_code_of, station_route
from tests.factories import StationFactory, region_tree

pytestmark = pytest.mark.django_db

# 鹿城区 centre; StationFactory's default station (鼓楼社区) is about 30 m from it.
LUCHENG = (Decimal("28.015737"), Decimal("120.655271"))


def region_add(code: str, short_name: str, level: int, parent: Region) -> Region:
    return Region.objects.create(
        edition="2022", code=code, name=short_name, short_name=short_name, level=level, parent=parent
    )


@pytest.fixture
def regions() -> dict[str, Region]:
    """The factories' slice of 鹿城区, plus a second township in it and a neighbouring county, 瑞安市."""
    tree = region_tree()
    tree["330302007"] = region_add("330302007", "南汇街道", Region.Level.TOWNSHIP, tree["330302"])
    tree["330302007001"] = region_add("330302007001", "南浦社区", Region.Level.VILLAGE, tree["330302007"])
    tree["330381"] = region_add("330381", "瑞安市", Region.Level.COUNTY, tree["3303"])
    tree["330381001"] = region_add("330381001", "安阳街道", Region.Level.TOWNSHIP, tree["330381"])
    tree["330381001001"] = region_add("330381001001", "虹桥社区", Region.Level.VILLAGE, tree["330381001"])
    return tree


def station_at(region: Region, latitude: str, longitude: str, **kwargs) -> LoveStation:
    return StationFactory(region=region, latitude=Decimal(latitude), longitude=Decimal(longitude), **kwargs)


class CountyCodeOfTests:
    @pytest.mark.parametrize("code", ["330302", "330302006", "330302006044"])
    def test_county_and_below_give_the_county(self, regions, code):
        assert county_code_of(regions[code]) == "330302"

    @pytest.mark.parametrize("code", ["33", "3303"])
    def test_province_and_city_are_refused(self, regions, code):
        with pytest.raises(ValueError, match="county, township or village"):
            county_code_of(regions[code])


class DistanceRouteTests:
    def test_the_nearest_station_wins(self, regions):
        far = station_at(regions["330302006044"], "28.030000", "120.640000")
        near = station_at(regions["330302007001"], "28.016000", "120.655000")
        result = station_route(region=regions["330302006044"], latitude=LUCHENG[0], longitude=LUCHENG[1])
        assert result.station == near
        assert result.method == "distance"
        assert result.distance_km == pytest.approx(distance_km(*LUCHENG, near.latitude, near.longitude))
        assert result.distance_km < distance_km(*LUCHENG, far.latitude, far.longitude)
        assert result.county_code == "330302"

    def test_the_reason_gives_the_distance(self, regions):
        station_at(regions["330302007001"], "28.060000", "120.700000")
        with translation.override("en"):
            result = station_route(region=regions["330302006044"], latitude=LUCHENG[0], longitude=LUCHENG[1])
        assert result.reason == "The nearest active station in the same county, 6.6 km away."

    def test_a_closer_station_in_another_county_is_never_chosen(self, regions):
        across_the_border = station_at(regions["330381001001"], "28.015737", "120.655271")
        own_county = station_at(regions["330302006044"], "28.060000", "120.700000")
        result = station_route(region=regions["330302006044"], latitude=LUCHENG[0], longitude=LUCHENG[1])
        assert result.station == own_county != across_the_border
        assert result.distance_km == pytest.approx(6.5, abs=0.5)

    @pytest.mark.parametrize("status", [LoveStation.Status.PROPOSED, LoveStation.Status.CLOSED])
    def test_stations_not_active_are_never_chosen(self, regions, status):
        station_at(regions["330302006044"], "28.015737", "120.655271", status=status)
        active = station_at(regions["330302007001"], "28.050000", "120.700000")
        result = station_route(region=regions["330302006044"], latitude=LUCHENG[0], longitude=LUCHENG[1])
        assert result.station == active

    def test_equal_distances_go_to_the_lowest_id(self, regions):
        first = station_at(regions["330302007001"], "28.020000", "120.660000")
        station_at(regions["330302006044"], "28.020000", "120.660000")
        result = station_route(region=regions["330302006044"], latitude=LUCHENG[0], longitude=LUCHENG[1])
        assert result.station == first

    def test_no_active_station_in_the_county(self, regions):
        station_at(regions["330381001001"], "28.015737", "120.655271")
        station_at(regions["330302006044"], "28.015737", "120.655271", status=LoveStation.Status.CLOSED)
        result = station_route(region=regions["330302006044"], latitude=LUCHENG[0], longitude=LUCHENG[1])
        assert result.station is None
        assert result.distance_km is None
        assert result.method == "distance"
        assert "330302" in result.reason

    def test_a_county_region_with_a_point(self, regions):
        station = station_at(regions["330302006045"], "28.010000", "120.650000")
        result = station_route(region=regions["330302"], latitude=LUCHENG[0], longitude=LUCHENG[1])
        assert result.station == station


class PointOnlyRouteTests:
    def test_the_nearest_station_anywhere_decides_the_county(self, regions):
        lucheng = station_at(regions["330302006044"], "28.016000", "120.655000")
        ruian = station_at(regions["330381001001"], "27.780000", "120.655000")
        near_ruian = station_route(latitude=Decimal("27.778657"), longitude=Decimal("120.655148"))
        assert near_ruian.station == ruian
        assert near_ruian.county_code == "330381"
        assert near_ruian.method == "distance"
        assert station_route(latitude=28.0, longitude=120.66).station == lucheng

    def test_a_point_far_from_every_station_still_finds_the_nearest(self, regions):
        station = station_at(regions["330302006044"], "28.016000", "120.655000")
        station_at(regions["330381001001"], "27.780000", "120.655000", status=LoveStation.Status.PROPOSED)
        result = station_route(latitude=31.2304, longitude=121.4737)  # Shanghai
        assert result.station == station
        assert result.distance_km > POINT_SEARCH_RADIUS_KM

    def test_a_box_corner_does_not_hide_a_nearer_station(self, regions):
        """A station in a corner of the search box lies beyond the radius; one outside the box may be nearer."""
        point = (28.015737, 120.655271)
        # About 45 km north and 45 km east (64 km away): inside the box, outside the circle.
        corner = station_at(regions["330302006044"], "28.420000", "121.115000")
        # About 55 km due north: just outside the box, yet nearer than the corner.
        beyond = station_at(regions["330381001001"], "28.510000", "120.655000")
        min_lat, max_lat, min_lng, max_lng = bounding_box(*point, POINT_SEARCH_RADIUS_KM)
        assert min_lat < corner.latitude < max_lat and min_lng < corner.longitude < max_lng
        assert beyond.latitude > max_lat
        assert distance_km(*point, beyond.latitude, beyond.longitude) < distance_km(
            *point, corner.latitude, corner.longitude
        )
        assert station_route(latitude=point[0], longitude=point[1]).station == beyond

    def test_no_active_station_at_all(self, regions):
        station_at(regions["330302006044"], "28.016000", "120.655000", status=LoveStation.Status.CLOSED)
        result = station_route(latitude=28.0, longitude=120.6)
        assert result.station is None
        assert result.county_code is None
        assert result.reason


class RegionRouteTests:
    def test_the_same_village_comes_first(self, regions):
        station_at(regions["330302006045"], "28.010000", "120.650000")  # same township, lower id
        station_at(regions["330302006"], "28.010000", "120.650000")  # the township itself
        village = station_at(regions["330302006044"], "28.016000", "120.655000")
        result = station_route(region=regions["330302006044"])
        assert result.station == village
        assert result.method == "region"
        assert result.distance_km is None
        assert result.county_code == "330302"

    def test_then_the_same_township(self, regions):
        station_at(regions["330302007001"], "28.010000", "120.650000")  # same county, lower id
        station_at(regions["330381001001"], "28.010000", "120.650000")  # another county
        sister_village = station_at(regions["330302006045"], "28.010000", "120.650000")
        result = station_route(region=regions["330302006044"])
        assert result.station == sister_village

    def test_the_township_itself_counts_as_the_same_township(self, regions):
        station_at(regions["330302007001"], "28.010000", "120.650000")
        township = station_at(regions["330302006"], "28.010000", "120.650000")
        assert station_route(region=regions["330302006044"]).station == township

    def test_then_anywhere_in_the_county(self, regions):
        station_at(regions["330381001001"], "28.016000", "120.655000")  # another county, lower id
        elsewhere = station_at(regions["330302007001"], "28.010000", "120.650000")
        station_at(regions["330302006044"], "28.016000", "120.655000", status=LoveStation.Status.CLOSED)
        result = station_route(region=regions["330302006044"])
        assert result.station == elsewhere

    def test_ties_go_to_the_lowest_id(self, regions):
        first = station_at(regions["330302006044"], "28.030000", "120.670000")
        station_at(regions["330302006044"], "28.016000", "120.655000")
        assert station_route(region=regions["330302006044"]).station == first

    def test_a_township_region_takes_any_of_its_villages_before_the_county(self, regions):
        station_at(regions["330302007001"], "28.010000", "120.650000")
        in_township = station_at(regions["330302006045"], "28.010000", "120.650000")
        assert station_route(region=regions["330302006"]).station == in_township

    def test_a_county_region_takes_the_lowest_id_in_it(self, regions):
        station_at(regions["330381001001"], "28.010000", "120.650000")
        first = station_at(regions["330302007001"], "28.010000", "120.650000")
        station_at(regions["330302006044"], "28.010000", "120.650000")
        assert station_route(region=regions["330302"]).station == first

    @pytest.mark.parametrize("status", [LoveStation.Status.PROPOSED, LoveStation.Status.CLOSED])
    def test_no_active_station_in_the_county(self, regions, status):
        station_at(regions["330302006044"], "28.016000", "120.655000", status=status)
        station_at(regions["330381001001"], "28.016000", "120.655000")
        result = station_route(region=regions["330302006044"])
        assert result.station is None
        assert result.method == "region"
        assert "330302" in result.reason


class BadInputTests:
    def test_neither_region_nor_point(self):
        with pytest.raises(ValueError, match="region, a point"):
            station_route()

    @pytest.mark.parametrize(("latitude", "longitude"), [(28.0, None), (None, 120.0)])
    def test_half_a_point(self, regions, latitude, longitude):
        with pytest.raises(ValueError, match="both latitude and longitude"):
            station_route(region=regions["330302006044"], latitude=latitude, longitude=longitude)

    @pytest.mark.parametrize(("latitude", "longitude"), [(91, 120), (28, 181)])
    def test_a_point_out_of_range(self, regions, latitude, longitude):
        with pytest.raises(ValueError, match="itude must be between"):
            station_route(region=regions["330302006044"], latitude=latitude, longitude=longitude)

    @pytest.mark.parametrize("code", ["33", "3303"])
    def test_a_province_or_city(self, regions, code):
        with pytest.raises(ValueError, match="province or a city"):
            station_route(region=regions[code], latitude=28.0, longitude=120.6)


class RouteQueryCountTests:
    """Routing reads a county's stations in one query, however many there are."""

    @pytest.fixture(params=[3, 30])
    def many_stations(self, request, regions):
        villages = [regions["330302006044"], regions["330302006045"], regions["330302007001"]]
        for index in range(request.param):
            station_at(villages[index % 3], f"{28.0 + index / 1000:.6f}", f"{120.6 + index / 1000:.6f}")
            station_at(regions["330381001001"], f"{27.78 + index / 1000:.6f}", "120.655000")
        return regions

    def test_by_distance(self, many_stations, django_assert_num_queries):
        with django_assert_num_queries(1):
            result = station_route(region=many_stations["330302006044"], latitude=LUCHENG[0], longitude=LUCHENG[1])
            assert result.station.name
            assert result.station.region.code.startswith("330302")

    def test_by_region(self, many_stations, django_assert_num_queries):
        with django_assert_num_queries(1):
            result = station_route(region=many_stations["330302006045"])
            assert result.station.region.code == "330302006045"

    def test_by_point_alone(self, many_stations, django_assert_num_queries):
        with django_assert_num_queries(1):
            assert station_route(latitude=LUCHENG[0], longitude=LUCHENG[1]).county_code == "330302"

    def test_by_a_point_far_from_every_station(self, many_stations, django_assert_num_queries):
        with django_assert_num_queries(2):
            assert station_route(latitude=31.2304, longitude=121.4737).station is not None
