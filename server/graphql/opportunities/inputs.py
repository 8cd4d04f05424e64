"""Inputs for finding opportunities, validated before any query runs."""

from __future__ import annotations

import math

import strawberry

from graph.errors import BadUserInput
from graph.opportunities import GeoPoint

MAX_RADIUS_KM = 200.0


@strawberry.input(description="A circle on the map: centre in WGS-84 degrees, radius in km.")
class NearInput:
    latitude: float
    longitude: float
    radius_km: float

    def center(self) -> GeoPoint:
        if not (math.isfinite(self.latitude) and -90.0 <= self.latitude <= 90.0):
            raise BadUserInput("latitude must be between -90 and 90.", field="near.latitude")
        if not (math.isfinite(self.longitude) and -180.0 <= self.longitude <= 180.0):
            raise BadUserInput("longitude must be between -180 and 180.", field="near.longitude")
        return GeoPoint(latitude=self.latitude, longitude=self.longitude)

    def radius_m(self) -> float:
        if not (math.isfinite(self.radius_km) and 0.0 < self.radius_km <= MAX_RADIUS_KM):
            raise BadUserInput(
                f"radiusKm must be greater than 0 and at most {MAX_RADIUS_KM:g}.",
                field="near.radiusKm",
            )
        return self.radius_km * 1000.0
