"""Sea distances and sailing times between places (ports, islands and platforms)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from seribu_planner.model import DataSet

EARTH_RADIUS_NM = 3440.065


def great_circle_nm(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in nautical miles (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_NM * math.asin(min(1.0, math.sqrt(h)))


def travel_minutes(distance_nm: float, speed_knots: float) -> int:
    """Whole minutes a leg takes at this speed, rounded up so that a plan never sails too fast."""
    exact = distance_nm / speed_knots * 60
    return max(0, math.ceil(exact - 1e-9))


def travel_minutes_matrix(distances_nm: list[list[float]], speed_knots: float) -> list[list[int]]:
    """``travel_minutes`` of every entry, without a call per entry.

    The solver's matrices hold millions of entries on thousands of stops; the arithmetic
    is the same as ``travel_minutes``, so the solver and the schedule never disagree.
    """
    return [[max(0, math.ceil(d / speed_knots * 60 - 1e-9)) for d in row] for row in distances_nm]


@dataclass(frozen=True)
class Place:
    """Where a boat can be: a port or an island/platform, with its weather zone."""

    id: str
    name: str
    lat: float
    lon: float
    zone: str
    is_port: bool


@dataclass
class SeaNetwork:
    """Places of a data set and the sea distances between them.

    A measured distance listed in the data wins; otherwise the great-circle distance
    times the campaign's route factor (boats go around reefs and shoals).
    """

    places: dict[str, Place]
    route_factor: float
    measured: dict[frozenset[str], float]
    _cache: dict[tuple[str, str], float] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, data: DataSet) -> SeaNetwork:
        """Build the network of one data set."""
        places = {p.id: Place(p.id, p.name, p.lat, p.lon, p.zone, True) for p in data.ports}
        places.update(
            {i.id: Place(i.id, i.name, i.lat, i.lon, i.zone, False) for i in data.islands}
        )
        measured = {frozenset(d.between): d.nm for d in data.distances}
        return cls(places, data.campaign.route_factor, measured)

    def distance_nm(self, a: str, b: str) -> float:
        """Sea distance between two places in nautical miles."""
        if a == b:
            return 0.0
        key = (a, b) if a < b else (b, a)
        cached = self._cache.get(key)
        if cached is None:
            cached = self.measured.get(frozenset(key))
            if cached is None:
                pa, pb = self.places[a], self.places[b]
                cached = great_circle_nm(pa.lat, pa.lon, pb.lat, pb.lon) * self.route_factor
            self._cache[key] = cached
        return cached

    def minutes(self, a: str, b: str, speed_knots: float) -> int:
        """Whole minutes from a to b at this speed."""
        return travel_minutes(self.distance_nm(a, b), speed_knots)
