"""Distances on the Earth for routing and matching: pure functions, no Django.

The Earth is taken as a sphere of the IUGG mean radius. Against the ellipsoid this errs by at most
about 0.5 %, far less than the difference between two love stations a few hundred metres apart.
Coordinates are in degrees on one datum (the platform stores GCJ-02, the datum of Chinese maps);
mixing datums shifts points by a few hundred metres and is the caller's concern.
"""

import math
from decimal import Decimal

EARTH_RADIUS_KM = 6371.0088

Degrees = float | Decimal


def validate_point(latitude: Degrees, longitude: Degrees) -> tuple[float, float]:
    """Return the point as floats; raise ValueError when a coordinate is missing, not a number or out of range."""
    try:
        lat = float(latitude)
        lng = float(longitude)
    except (TypeError, ValueError, ArithmeticError):
        raise ValueError(
            f"A point needs numeric coordinates, got latitude={latitude!r}, longitude={longitude!r}."
        ) from None
    # Written as "not inside" so that NaN, which compares false with everything, is refused too.
    if not -90.0 <= lat <= 90.0:
        raise ValueError(f"Latitude must be between -90 and 90 degrees, got {latitude!r}.")
    if not -180.0 <= lng <= 180.0:
        raise ValueError(f"Longitude must be between -180 and 180 degrees, got {longitude!r}.")
    return lat, lng


def _validate_radius(radius_km: float | Decimal) -> float:
    try:
        radius = float(radius_km)
    except (TypeError, ValueError, ArithmeticError):
        raise ValueError(f"The radius must be a number of kilometres, got {radius_km!r}.") from None
    if not 0.0 <= radius < math.inf:
        raise ValueError(f"The radius must be a finite number of kilometres, zero or more, got {radius_km!r}.")
    return radius


def distance_km(lat1: Degrees, lng1: Degrees, lat2: Degrees, lng2: Degrees) -> float:
    """Return the great-circle distance in kilometres between two points (haversine formula).

    Accepts floats or Decimals (as model fields hold them); raises ValueError for a coordinate
    out of range.
    """
    phi1, lambda1 = (math.radians(value) for value in validate_point(lat1, lng1))
    phi2, lambda2 = (math.radians(value) for value in validate_point(lat2, lng2))
    half_chord = (
        math.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin((lambda2 - lambda1) / 2) ** 2
    )
    # Rounding can push the haversine a hair above 1 for antipodal points; asin would then fail.
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, half_chord)))


def bounding_box(lat: Degrees, lng: Degrees, radius_km: float | Decimal) -> tuple[float, float, float, float]:
    """Return (min_lat, max_lat, min_lng, max_lng) of a box holding every point within radius_km of the point.

    The box is a prefilter for SQL (``latitude__range``, ``longitude__range``): it may hold points
    farther away than the radius (its corners), so compute ``distance_km`` on what it returns, but it
    never leaves out a point within the radius. On the sphere the latitude range is exact and the
    longitude range is the exact tangent bound (J. P. Matuschek, "Finding points within a distance
    of a latitude/longitude using bounding coordinates"). Where the circle reaches a pole or crosses
    the 180th meridian the box is not a single longitude range; it is then widened to every
    longitude, which stays correct but filters only by latitude. Latitudes are clamped to ±90.
    """
    lat_deg, lng_deg = validate_point(lat, lng)
    angular_radius = _validate_radius(radius_km) / EARTH_RADIUS_KM
    phi = math.radians(lat_deg)
    min_phi = phi - angular_radius
    max_phi = phi + angular_radius
    if min_phi <= -math.pi / 2 or max_phi >= math.pi / 2:
        return max(-90.0, math.degrees(min_phi)), min(90.0, math.degrees(max_phi)), -180.0, 180.0
    # Away from the poles cos(phi) > sin(angular_radius), so the ratio stays below 1; min() guards rounding.
    delta_lambda = math.degrees(math.asin(min(1.0, math.sin(angular_radius) / math.cos(phi))))
    min_lng = lng_deg - delta_lambda
    max_lng = lng_deg + delta_lambda
    if min_lng < -180.0 or max_lng > 180.0:
        min_lng, max_lng = -180.0, 180.0
    return math.degrees(min_phi), math.degrees(max_phi), min_lng, max_lng
