"""Great-circle distances and the SQL prefilter box (no database)."""

import math
from decimal import Decimal

import pytest

from common.geo import EARTH_RADIUS_KM, bounding_box, distance_km, validate_point

LUCHENG = (28.015737, 120.655271)  # 温州 鹿城区 centre
RUIAN = (27.778657, 120.655148)  # 瑞安市 centre


def destination(lat: float, lng: float, bearing_deg: float, distance: float) -> tuple[float, float]:
    """Return the point reached from (lat, lng) along a bearing on the same sphere (the direct problem)."""
    phi1, lambda1, theta = math.radians(lat), math.radians(lng), math.radians(bearing_deg)
    delta = distance / EARTH_RADIUS_KM
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1), math.cos(delta) - math.sin(phi1) * math.sin(phi2)
    )
    return math.degrees(phi2), (math.degrees(lambda2) + 540.0) % 360.0 - 180.0


def inside(box: tuple[float, float, float, float], lat: float, lng: float) -> bool:
    min_lat, max_lat, min_lng, max_lng = box
    return min_lat <= lat <= max_lat and min_lng <= lng <= max_lng


class DistanceKmTests:
    def test_lucheng_to_ruian_is_about_26_km(self):
        assert distance_km(*LUCHENG, *RUIAN) == pytest.approx(26.4, abs=0.5)

    def test_one_degree_of_longitude_on_the_equator(self):
        assert distance_km(0, 0, 0, 1) == pytest.approx(2 * math.pi * EARTH_RADIUS_KM / 360, rel=1e-9)

    def test_antipodes_are_half_the_circumference_apart(self):
        assert distance_km(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_KM, rel=1e-9)
        assert distance_km(90, 0, -90, 0) == pytest.approx(math.pi * EARTH_RADIUS_KM, rel=1e-9)

    def test_same_point_is_zero(self):
        assert distance_km(*LUCHENG, *LUCHENG) == 0.0

    def test_symmetric(self):
        assert distance_km(*LUCHENG, *RUIAN) == pytest.approx(distance_km(*RUIAN, *LUCHENG), rel=1e-12)

    def test_decimal_and_float_agree(self):
        as_decimals = [Decimal(str(value)) for value in (*LUCHENG, *RUIAN)]
        assert distance_km(*as_decimals) == pytest.approx(distance_km(*LUCHENG, *RUIAN), rel=1e-12)

    def test_across_the_antimeridian(self):
        assert distance_km(0, 179.5, 0, -179.5) == pytest.approx(distance_km(0, 0, 0, 1), rel=1e-9)

    @pytest.mark.parametrize(
        ("coordinates", "word"),
        [
            ((90.0001, 0, 0, 0), "Latitude"),
            ((0, 0, -91, 0), "Latitude"),
            ((0, 180.5, 0, 0), "Longitude"),
            ((0, 0, 0, -181), "Longitude"),
            ((math.nan, 0, 0, 0), "Latitude"),
            ((0, math.inf, 0, 0), "Longitude"),
            ((None, 0, 0, 0), "numeric"),
            (("north", 0, 0, 0), "numeric"),
        ],
    )
    def test_bad_coordinates_are_refused(self, coordinates, word):
        with pytest.raises(ValueError, match=word):
            distance_km(*coordinates)

    def test_the_edges_of_the_ranges_are_allowed(self):
        assert distance_km(90, 180, -90, -180) == pytest.approx(math.pi * EARTH_RADIUS_KM, rel=1e-9)


class ValidatePointTests:
    def test_returns_floats(self):
        assert validate_point(Decimal("28.016000"), Decimal("120.655000")) == (28.016, 120.655)

    def test_refuses_a_decimal_nan(self):
        with pytest.raises(ValueError, match="Latitude"):
            validate_point(Decimal("NaN"), 0)


class BoundingBoxTests:
    @pytest.mark.parametrize("radius", [0.5, 10.0, 50.0, 500.0])
    def test_holds_every_point_within_the_radius(self, radius):
        box = bounding_box(*LUCHENG, radius)
        for bearing in range(0, 360, 5):
            for fraction in (0.25, 0.5, 0.999):
                lat, lng = destination(*LUCHENG, bearing, radius * fraction)
                assert distance_km(*LUCHENG, lat, lng) == pytest.approx(radius * fraction, rel=1e-9)
                assert inside(box, lat, lng), (radius, bearing, fraction)

    def test_is_tight_in_latitude_and_around_the_circle_in_longitude(self):
        min_lat, max_lat, min_lng, max_lng = bounding_box(*LUCHENG, 10)
        degrees_of_latitude = math.degrees(10 / EARTH_RADIUS_KM)
        assert min_lat == pytest.approx(LUCHENG[0] - degrees_of_latitude, rel=1e-12)
        assert max_lat == pytest.approx(LUCHENG[0] + degrees_of_latitude, rel=1e-12)
        # A degree of longitude is shorter than one of latitude away from the equator.
        assert max_lng - LUCHENG[1] > degrees_of_latitude
        assert LUCHENG[1] - min_lng == pytest.approx(max_lng - LUCHENG[1], rel=1e-12)
        assert not inside((min_lat, max_lat, min_lng, max_lng), *RUIAN)

    def test_the_widest_point_of_the_circle_is_on_the_edge(self):
        """The eastmost point of the circle lies slightly poleward; the longitude bound must still reach it."""
        radius = 800.0
        box = bounding_box(60.0, 10.0, radius)
        eastmost_lng = max(destination(60.0, 10.0, bearing / 10, radius)[1] for bearing in range(0, 1800))
        assert eastmost_lng <= box[3]
        assert eastmost_lng == pytest.approx(box[3], abs=1e-3)

    def test_zero_radius_is_the_point(self):
        assert bounding_box(*LUCHENG, 0) == pytest.approx((LUCHENG[0], LUCHENG[0], LUCHENG[1], LUCHENG[1]))

    def test_accepts_decimals(self):
        assert bounding_box(Decimal("28.015737"), Decimal("120.655271"), Decimal("10")) == pytest.approx(
            bounding_box(*LUCHENG, 10.0)
        )

    def test_near_a_pole_takes_every_longitude(self):
        min_lat, max_lat, min_lng, max_lng = bounding_box(89.95, 30, 20)
        assert (max_lat, min_lng, max_lng) == (90.0, -180.0, 180.0)
        assert min_lat == pytest.approx(89.95 - math.degrees(20 / EARTH_RADIUS_KM))

    def test_across_the_antimeridian_takes_every_longitude(self):
        box = bounding_box(0, 179.95, 20)
        assert box[2:] == (-180.0, 180.0)
        assert inside(box, *destination(0, 179.95, 90, 15))

    @pytest.mark.parametrize(
        ("arguments", "word"),
        [
            ((28.0, 120.0, -0.001), "radius"),
            ((28.0, 120.0, math.nan), "radius"),
            ((28.0, 120.0, math.inf), "radius"),
            ((28.0, 120.0, None), "radius"),
            ((95.0, 120.0, 1.0), "Latitude"),
            ((28.0, -200.0, 1.0), "Longitude"),
        ],
    )
    def test_bad_inputs_are_refused(self, arguments, word):
        with pytest.raises(ValueError, match=word):
            bounding_box(*arguments)
