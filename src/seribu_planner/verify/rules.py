"""The rules' vocabulary for the verifier: violation kinds, kit and distance arithmetic.

Shared by ``verify`` (the plan-wide checks and the public entry) and ``verify_trips`` (the
per-trip checks). Like the rest of the verifier it imports only ``model`` and ``plan``, and
re-derives sea distances and kit weights from the data set itself.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from fractions import Fraction

from seribu_planner.model import Boat, DataSet, ForecastSlot, Island, KitItem, Port, Tps
from seribu_planner.plan import Value, Wording

#: Mean Earth radius in nautical miles, for the great-circle estimate.
EARTH_RADIUS_NM = 3440.065

RELATIVE_TOLERANCE = 1e-9  # capacities: float sums of kit weights
SECONDS_TOLERANCE = 1e-6  # leg durations


class ViolationKind(StrEnum):
    """One kind per way a plan can break a rule."""

    # rule 1: every TPS once, whole, at its island, in time; ids that exist
    TPS_MISSING = "tps_missing"
    TPS_TWICE = "tps_twice"
    TPS_SERVED_AND_UNSERVED = "tps_served_and_unserved"
    UNSERVED_TWICE = "unserved_twice"
    WRONG_ISLAND = "wrong_island"
    LATE = "late"
    UNKNOWN_TPS = "unknown_tps"
    UNKNOWN_BOAT = "unknown_boat"
    UNKNOWN_PLACE = "unknown_place"
    BOAT_TWICE = "boat_twice"
    # rule 2: shape and sequence of trips
    TRIP_NUMBERING = "trip_numbering"
    EMPTY_TRIP = "empty_trip"
    TRIP_START = "trip_start"
    TRIP_NOT_AT_PORT_END = "trip_not_at_port_end"
    CALL_NOT_ISLAND = "call_not_island"
    MISSING_TIME = "missing_time"
    TIME_ORDER = "time_order"
    TRIP_OVERLAP = "trip_overlap"
    LOAD_BEFORE_READY = "load_before_ready"
    AVAILABILITY = "availability"
    # rule 3: capacity
    OVERLOAD_KG = "overload_kg"
    OVERLOAD_M3 = "overload_m3"
    # rule 4: sailing windows
    LEG_WEATHER = "leg_weather"
    LEG_NO_FORECAST = "leg_no_forecast"
    LEG_NIGHT = "leg_night"
    # rule 5: speed
    LEG_TOO_FAST = "leg_too_fast"
    # rule 6: handling time
    CALL_TOO_SHORT = "call_too_short"
    # rule 7: where a boat may call and what it may carry
    DRAFT = "draft"
    SERVES = "serves"
    # rule 8: campaign horizon
    BEFORE_START = "before_start"
    AFTER_END = "after_end"
    # re-planning: what has sailed before --now stays as it was
    SAILED_CHANGED = "sailed_changed"


@dataclass(frozen=True)
class Violation:
    """One broken rule, located as precisely as the plan allows.

    ``message`` is the English sentence (machine formats record it); ``wording`` lets the
    sentence be shown in the reader's language.
    """

    kind: ViolationKind
    message: str
    boat: str | None = None
    trip: int | None = None
    leg: int | None = None
    tps: str | None = None
    wording: Wording | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return self.message


def kit_load(data: DataSet, tps: Tps) -> tuple[float, float]:
    """Weight (kg) and volume (m3) of the kit of one TPS, spare rounded up exactly."""
    kg = 0.0
    m3 = 0.0
    for item in data.campaign.kit:
        count = kit_count(item, tps)
        kg += count * item.kg
        m3 += count * item.m3
    return kg, m3


def kit_count(item: KitItem, tps: Tps) -> int:
    """How many of one kit item a TPS gets: per TPS, plus per voter with the spare."""
    if item.per_voter == 0:
        return item.per_tps
    # Exact arithmetic: 250 * 1.02 in floats is 255.00000000000003, which would ceil to 256.
    with_spare = math.ceil(tps.voters * (1 + Fraction(str(item.spare))))
    return item.per_tps + item.per_voter * with_spare


def great_circle_nm(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in nautical miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_NM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Drop:
    """One TPS kit unloaded at one stop."""

    tps: str
    boat: str
    trip: int
    stop: int
    place: str


class CheckContext:
    """Indexes built once from the data set, and the violations found so far."""

    def __init__(self, data: DataSet, *, as_of: datetime | None = None) -> None:
        self.data = data
        self.campaign = data.campaign
        self.tz = data.campaign.tz
        #: Legs sailed by then are not checked against the forecast (``verify``'s as_of).
        self.as_of = self.aware(as_of)
        # Own indexes rather than the DataSet's cached ones: a copied DataSet can carry
        # stale caches, and the verifier should depend on as little as possible.
        self.ports: dict[str, Port] = {p.id: p for p in data.ports}
        self.islands: dict[str, Island] = {i.id: i for i in data.islands}
        self.boats: dict[str, Boat] = {b.id: b for b in data.boats}
        self.tps: dict[str, Tps] = {t.id: t for t in data.tps}
        self.distances: dict[frozenset[str], float] = {}
        for d in data.distances:
            self.distances.setdefault(frozenset(d.between), d.nm)
        slots: dict[str, list[ForecastSlot]] = defaultdict(list)
        for slot in data.forecast:
            slots[slot.zone].append(slot)
        self.slots = {zone: sorted(s, key=lambda x: x.from_) for zone, s in slots.items()}
        self.kit_cache: dict[str, tuple[float, float]] = {}
        self.drops: list[Drop] = []
        self.violations: list[Violation] = []

    # ------------------------------------------------------------------ helpers

    def add(
        self,
        kind: ViolationKind,
        template: str,
        values: dict[str, Value],
        boat: str | None = None,
        trip: int | None = None,
        leg: int | None = None,
        tps: str | None = None,
    ) -> None:
        """Record a violation; ``template`` (marked with ``N_``) is filled with ``values``."""
        wording = Wording(template, tuple(values.items()))
        self.violations.append(Violation(kind, str(wording), boat, trip, leg, tps, wording))

    def place(self, place_id: str) -> Port | Island | None:
        return self.ports.get(place_id) or self.islands.get(place_id)

    def distance_nm(self, a: str, b: str) -> float:
        if a == b:
            return 0.0
        listed = self.distances.get(frozenset((a, b)))
        if listed is not None:
            return listed
        pa, pb = self.place(a), self.place(b)
        if pa is None or pb is None:
            missing = a if pa is None else b
            raise KeyError(f"unknown place {missing!r}")
        return great_circle_nm(pa.lat, pa.lon, pb.lat, pb.lon) * self.campaign.route_factor

    def kit(self, tps: Tps) -> tuple[float, float]:
        load = self.kit_cache.get(tps.id)
        if load is None:
            load = self.kit_cache[tps.id] = kit_load(self.data, tps)
        return load

    def aware(self, moment: datetime | None) -> datetime | None:
        # The plan types promise aware datetimes; a naive one is read in the campaign's
        # zone, as the loader does for the data, rather than crash a comparison.
        # Every time is then taken to UTC: two datetimes that share a zone subtract in
        # wall-clock time, which is an hour off across a daylight-saving change.
        if moment is None:
            return None
        if moment.utcoffset() is None:
            moment = moment.replace(tzinfo=self.tz)
        return moment.astimezone(UTC)

    def when(self, moment: datetime) -> datetime:
        """A time for a message: in the campaign's zone (``Wording`` renders it)."""
        return moment.astimezone(self.tz)
