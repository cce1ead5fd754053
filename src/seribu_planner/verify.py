"""The independent checker: does a plan keep every rule of PRODUCT.md section 4?

This module is the oracle of the tests and the last word before a plan is printed or
written, so it re-derives everything it needs (sea distances, kit weights, sailing
legality from the raw forecast slots) from the data set itself. It imports only ``model``
and ``plan``: a bug in the solver's own derivations cannot hide from it.

Conventions of the result: leg ``i`` goes from ``stops[i-1]`` to ``stops[i]`` (1-based);
a violation at a stop carries as ``leg`` the number of the leg that arrives there (None for
the loading port of a trip).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from fractions import Fraction

from seribu_planner.model import Boat, DataSet, ForecastSlot, Island, KitItem, Port, Tps
from seribu_planner.plan import Plan, Stop, Trip

#: Mean Earth radius in nautical miles, for the great-circle estimate.
EARTH_RADIUS_NM = 3440.065

_RELATIVE_TOLERANCE = 1e-9  # capacities: float sums of kit weights
_SECONDS_TOLERANCE = 1e-6  # leg durations


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


_KIND_RANK = {kind: rank for rank, kind in enumerate(ViolationKind)}


@dataclass(frozen=True)
class Violation:
    """One broken rule, located as precisely as the plan allows."""

    kind: ViolationKind
    message: str
    boat: str | None = None
    trip: int | None = None
    leg: int | None = None
    tps: str | None = None

    def __str__(self) -> str:
        return self.message


def verify(data: DataSet, plan: Plan) -> list[Violation]:
    """Every rule the plan breaks under this data set; an empty list when it holds."""
    checker = _Checker(data)
    checker.check(plan)
    return sorted(checker.violations, key=_order)


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


def sea_distance_nm(data: DataSet, a: str, b: str) -> float:
    """Sea distance between two places: a listed distance, else great circle x route factor."""
    return _Checker(data).distance_nm(a, b)


def great_circle_nm(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in nautical miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_NM * math.asin(min(1.0, math.sqrt(h)))


def _order(v: Violation) -> tuple[bool, str, int, int, str, int, str]:
    # Plan-wide findings (no boat) come after those of the boats.
    return (
        v.boat is None,
        v.boat or "",
        v.trip if v.trip is not None else -1,
        v.leg if v.leg is not None else -1,
        v.tps or "",
        _KIND_RANK[v.kind],
        v.message,
    )


@dataclass(frozen=True)
class _Drop:
    """One TPS kit unloaded at one stop."""

    tps: str
    boat: str
    trip: int
    stop: int
    place: str


class _Checker:
    """Indexes built once from the data set, and the violations found so far."""

    def __init__(self, data: DataSet) -> None:
        self.data = data
        self.campaign = data.campaign
        self.tz = data.campaign.tz
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
        self.drops: list[_Drop] = []
        self.violations: list[Violation] = []

    # ------------------------------------------------------------------ helpers

    def add(
        self,
        kind: ViolationKind,
        message: str,
        boat: str | None = None,
        trip: int | None = None,
        leg: int | None = None,
        tps: str | None = None,
    ) -> None:
        self.violations.append(Violation(kind, message, boat, trip, leg, tps))

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
        if moment is not None and moment.utcoffset() is None:
            return moment.replace(tzinfo=self.tz)
        return moment

    def when(self, moment: datetime) -> str:
        """A time as a logistics officer reads it: local, with the offset."""
        local = moment.astimezone(self.tz)
        offset = local.utcoffset() or timedelta(0)
        sign = "-" if offset < timedelta(0) else "+"
        hours, rest = divmod(abs(int(offset.total_seconds())), 3600)
        clock = "%Y-%m-%d %H:%M:%S" if local.second or local.microsecond else "%Y-%m-%d %H:%M"
        return f"{local.strftime(clock)} {sign}{hours:02d}:{rest // 60:02d}"

    # ------------------------------------------------------------------ the plan

    def check(self, plan: Plan) -> None:
        seen: set[str] = set()
        for boat_plan in plan.boats:
            boat_id = boat_plan.boat
            boat = self.boats.get(boat_id)
            if boat_id in seen:
                self.add(
                    ViolationKind.BOAT_TWICE,
                    f"boat {boat_id} is listed more than once in the plan; "
                    "give all its trips in one list",
                    boat=boat_id,
                )
            seen.add(boat_id)
            if boat is None:
                self.add(
                    ViolationKind.UNKNOWN_BOAT,
                    f"boat {boat_id} is not in the fleet",
                    boat=boat_id,
                )
            start_place = boat.home if boat is not None else None
            start_reason = "its home port"
            previous_end: datetime | None = None
            for position, trip in enumerate(boat_plan.trips, start=1):
                if trip.number != position:
                    self.add(
                        ViolationKind.TRIP_NUMBERING,
                        f"{boat_id}: trip number {trip.number} stands in position {position}; "
                        "trips are numbered 1, 2, ... in time order",
                        boat=boat_id,
                        trip=trip.number,
                    )
                _TripCheck(self, boat_id, boat, trip, start_place, start_reason, previous_end).run()
                if trip.stops:
                    start_place = trip.stops[-1].place
                    start_reason = f"where trip {trip.number} ended"
                    previous_end = self.aware(trip.stops[-1].arrive) or previous_end
        self.check_tps(plan)

    def check_tps(self, plan: Plan) -> None:
        """Rule 1 across the plan: each TPS dropped once or reported unserved once."""
        unserved_count: dict[str, int] = defaultdict(int)
        for entry in plan.unserved:
            unserved_count[entry.tps] += 1
            if entry.tps not in self.tps and unserved_count[entry.tps] == 1:
                self.add(
                    ViolationKind.UNKNOWN_TPS,
                    f"unserved TPS {entry.tps} is not in the TPS list",
                    tps=entry.tps,
                )
        reasons = {entry.tps: entry.reason for entry in plan.unserved}
        drops: dict[str, list[_Drop]] = defaultdict(list)
        for drop in self.drops:
            drops[drop.tps].append(drop)
        for tps in self.data.tps:
            mine = drops.get(tps.id, [])
            unserved = unserved_count.get(tps.id, 0)
            if not mine and not unserved:
                self.add(
                    ViolationKind.TPS_MISSING,
                    f"TPS {tps.id} ({tps.island}, {tps.voters} voters) is neither dropped "
                    "by any trip nor reported unserved",
                    tps=tps.id,
                )
            if mine and unserved:
                first = mine[0]
                self.add(
                    ViolationKind.TPS_SERVED_AND_UNSERVED,
                    f"TPS {tps.id} is dropped by {first.boat} trip {first.trip} at "
                    f"{first.place} and also reported unserved ({reasons[tps.id]})",
                    boat=first.boat,
                    trip=first.trip,
                    leg=first.stop or None,
                    tps=tps.id,
                )
            for again in mine[1:]:
                first = mine[0]
                self.add(
                    ViolationKind.TPS_TWICE,
                    f"TPS {tps.id} is dropped more than once: by {first.boat} trip "
                    f"{first.trip} at {first.place} and again by {again.boat} trip "
                    f"{again.trip} at {again.place}; a kit is delivered whole, once",
                    boat=again.boat,
                    trip=again.trip,
                    leg=again.stop or None,
                    tps=tps.id,
                )
            if unserved > 1:
                self.add(
                    ViolationKind.UNSERVED_TWICE,
                    f"TPS {tps.id} is reported unserved {unserved} times",
                    tps=tps.id,
                )


class _TripCheck:
    """Rules 1-8 on one trip of one boat (rules needing the boat skip an unknown one)."""

    def __init__(
        self,
        checker: _Checker,
        boat_id: str,
        boat: Boat | None,
        trip: Trip,
        start_place: str | None,
        start_reason: str,
        previous_end: datetime | None,
    ) -> None:
        self.c = checker
        self.boat_id = boat_id
        self.boat = boat
        self.trip = trip
        self.stops = trip.stops
        self.start_place = start_place
        self.start_reason = start_reason
        self.previous_end = previous_end
        self.arrive = [checker.aware(s.arrive) for s in trip.stops]
        self.depart = [checker.aware(s.depart) for s in trip.stops]
        self.name = f"{boat_id} trip {trip.number}"

    def add(
        self, kind: ViolationKind, message: str, leg: int | None = None, tps: str | None = None
    ) -> None:
        self.c.add(kind, message, boat=self.boat_id, trip=self.trip.number, leg=leg, tps=tps)

    def leg_name(self, i: int) -> str:
        return f"{self.name}, leg {i} {self.stops[i - 1].place} -> {self.stops[i].place}"

    def run(self) -> None:
        if len(self.stops) < 3:
            self.add(
                ViolationKind.EMPTY_TRIP,
                f"{self.name} has no call at an island between its ports",
            )
        if not self.stops:
            return
        self.check_places()
        self.check_times()
        self.check_loading()
        self.check_horizon()
        self.check_drops()
        if self.boat is not None:
            self.check_capacity(self.boat)
            for i in range(1, len(self.stops)):
                self.check_leg(self.boat, i)
            self.check_piers(self.boat)
        self.check_calls()

    # ------------------------------------------------------------------ shape

    def check_places(self) -> None:
        c = self.c
        for i, stop in enumerate(self.stops):
            if c.place(stop.place) is None:
                self.add(
                    ViolationKind.UNKNOWN_PLACE,
                    f"{self.name} calls at {stop.place}, which is neither a port nor an island",
                    leg=i or None,
                )
        first, last = self.stops[0], self.stops[-1]
        if first.place not in c.ports and first.place in c.islands:
            self.add(
                ViolationKind.TRIP_START,
                f"{self.name} starts at {first.place}, which is not a port to load at",
            )
        elif first.place in c.ports and self.start_place not in (None, first.place):
            self.add(
                ViolationKind.TRIP_START,
                f"{self.name} starts at {first.place} but the boat is at {self.start_place} "
                f"({self.start_reason})",
            )
        if len(self.stops) >= 2 and last.place in c.islands and last.place not in c.ports:
            self.add(
                ViolationKind.TRIP_NOT_AT_PORT_END,
                f"{self.name} ends at {last.place}, which is not a port",
                leg=len(self.stops) - 1,
            )
        for i in range(1, len(self.stops) - 1):
            place = self.stops[i].place
            if place in c.ports and place not in c.islands:
                self.add(
                    ViolationKind.CALL_NOT_ISLAND,
                    f"{self.name} calls at port {place} in the middle of the trip; "
                    "a trip ends at the first port it reaches",
                    leg=i,
                )

    def check_times(self) -> None:
        last = len(self.stops) - 1
        for i, stop in enumerate(self.stops):
            needs_arrive = i > 0
            needs_depart = i < last or last == 0
            missing = [
                word
                for word, needed, value in (
                    ("arrival", needs_arrive, self.arrive[i]),
                    ("departure", needs_depart, self.depart[i]),
                )
                if needed and value is None
            ]
            if missing:
                self.add(
                    ViolationKind.MISSING_TIME,
                    f"{self.name} has no {' or '.join(missing)} time at {stop.place}",
                    leg=i or None,
                )
            arrive, depart = self.arrive[i], self.depart[i]
            if 0 < i < last and arrive is not None and depart is not None and depart < arrive:
                self.add(
                    ViolationKind.TIME_ORDER,
                    f"{self.name} leaves {stop.place} at {self.c.when(depart)}, before it "
                    f"arrives at {self.c.when(arrive)}",
                    leg=i,
                )
        for i in range(1, len(self.stops)):
            d, a = self.depart[i - 1], self.arrive[i]
            if d is not None and a is not None and a < d:
                self.add(
                    ViolationKind.TIME_ORDER,
                    f"{self.leg_name(i)} arrives at {self.c.when(a)}, before it departs at "
                    f"{self.c.when(d)}",
                    leg=i,
                )

    def load_start(self) -> datetime | None:
        """When loading for this trip begins at its port (departure minus load minutes)."""
        depart = self.depart[0]
        if depart is None:
            return None
        port = self.c.ports.get(self.stops[0].place)
        return depart - timedelta(minutes=port.load_minutes if port else 0)

    def end(self) -> datetime | None:
        return self.arrive[-1] if len(self.stops) >= 2 else None

    def check_loading(self) -> None:
        c = self.c
        start = self.load_start()
        if start is None:
            return
        port = c.ports.get(self.stops[0].place)
        if port is not None:
            ready = max(port.ready_at or c.campaign.start, c.campaign.start)
            if start < ready:
                self.add(
                    ViolationKind.LOAD_BEFORE_READY,
                    f"{self.name} departs {port.id} at {c.when(self.depart[0] or start)} after "
                    f"{port.load_minutes} min of loading, so loading begins at "
                    f"{c.when(start)}, before kits are ready there at {c.when(ready)}",
                )
        if self.previous_end is not None and start < self.previous_end:
            self.add(
                ViolationKind.TRIP_OVERLAP,
                f"{self.name} begins loading at {c.when(start)}, before the boat is back from "
                f"trip {self.trip.number - 1} at {c.when(self.previous_end)}",
            )
        end = self.end()
        if self.boat is not None and self.boat.available is not None and end is not None:
            inside = any(p.from_ <= start and end <= p.to for p in self.boat.available)
            if not inside:
                periods = "; ".join(
                    f"{c.when(p.from_)} to {c.when(p.to)}" for p in self.boat.available
                )
                self.add(
                    ViolationKind.AVAILABILITY,
                    f"{self.name} runs from {c.when(start)} (loading) to {c.when(end)}, "
                    f"outside every period the boat is available ({periods})",
                )

    def check_horizon(self) -> None:
        c = self.c
        last = len(self.stops) - 1
        times = [t for i, t in enumerate(self.arrive) if i > 0 and t is not None]
        times += [t for i, t in enumerate(self.depart) if (i < last or last == 0) and t is not None]
        if not times:
            return
        earliest, latest = min(times), max(times)
        if earliest < c.campaign.start:
            self.add(
                ViolationKind.BEFORE_START,
                f"{self.name} has a time {c.when(earliest)} before the campaign starts at "
                f"{c.when(c.campaign.start)}",
            )
        if latest > c.campaign.end:
            self.add(
                ViolationKind.AFTER_END,
                f"{self.name} runs until {c.when(latest)}, after the campaign ends at "
                f"{c.when(c.campaign.end)}, by when every boat must be back at a port",
                leg=last or None,
            )

    # ------------------------------------------------------------------ kits

    def check_drops(self) -> None:
        c = self.c
        for i, stop in enumerate(self.stops):
            for tps_id in stop.tps:
                tps = c.tps.get(tps_id)
                if tps is None:
                    self.add(
                        ViolationKind.UNKNOWN_TPS,
                        f"{self.name} drops TPS {tps_id} at {stop.place}, "
                        "which is not in the TPS list",
                        leg=i or None,
                        tps=tps_id,
                    )
                    continue
                c.drops.append(_Drop(tps_id, self.boat_id, self.trip.number, i, stop.place))
                self.check_drop(i, stop, tps)

    def check_drop(self, i: int, stop: Stop, tps: Tps) -> None:
        c = self.c
        if stop.place != tps.island:
            self.add(
                ViolationKind.WRONG_ISLAND,
                f"{self.name} drops the kit of TPS {tps.id} at {stop.place}, "
                f"but the TPS is on {tps.island}",
                leg=i or None,
                tps=tps.id,
            )
        deadline = tps.deadline or c.campaign.deadline
        arrive = self.arrive[i]
        if arrive is not None and arrive > deadline:
            late = (arrive - deadline).total_seconds() / 60
            self.add(
                ViolationKind.LATE,
                f"{self.name} brings the kit of TPS {tps.id} to {stop.place} at "
                f"{c.when(arrive)}, {late:.0f} min after its deadline {c.when(deadline)}",
                leg=i or None,
                tps=tps.id,
            )
        if self.boat is not None and tps.kind not in self.boat.serves:
            serves = ", ".join(str(k) for k in self.boat.serves)
            self.add(
                ViolationKind.SERVES,
                f"{self.name} carries the kit of TPS {tps.id} ({tps.kind}), but the boat "
                f"serves only {serves} TPS",
                leg=i or None,
                tps=tps.id,
            )

    def check_capacity(self, boat: Boat) -> None:
        kits = [self.c.tps[t] for s in self.stops for t in s.tps if t in self.c.tps]
        kg = sum(self.c.kit(t)[0] for t in kits)
        m3 = sum(self.c.kit(t)[1] for t in kits)
        if kg > boat.capacity_kg * (1 + _RELATIVE_TOLERANCE):
            self.add(
                ViolationKind.OVERLOAD_KG,
                f"{self.name} loads {len(kits)} kits weighing {kg:,.1f} kg, above the "
                f"boat's capacity of {boat.capacity_kg:,.1f} kg",
            )
        if m3 > boat.capacity_m3 * (1 + _RELATIVE_TOLERANCE):
            self.add(
                ViolationKind.OVERLOAD_M3,
                f"{self.name} loads {len(kits)} kits of {m3:,.3f} m3, above the boat's "
                f"capacity of {boat.capacity_m3:,.3f} m3",
            )

    # ------------------------------------------------------------------ legs

    def check_leg(self, boat: Boat, i: int) -> None:
        c = self.c
        origin, target = self.stops[i - 1].place, self.stops[i].place
        d, a = self.depart[i - 1], self.arrive[i]
        if d is None or a is None or origin == target or a < d:
            return  # missing times and time order are reported already; waiting is free
        if c.place(origin) is None or c.place(target) is None:
            return
        nm = c.distance_nm(origin, target)
        needed_s = nm / boat.speed_knots * 3600
        taken_s = (a - d).total_seconds()
        if taken_s < needed_s - _SECONDS_TOLERANCE:
            self.add(
                ViolationKind.LEG_TOO_FAST,
                f"{self.leg_name(i)} covers {nm:.1f} nm in {taken_s / 60:.1f} min; at "
                f"{boat.speed_knots:g} knots it takes at least {needed_s / 60:.1f} min",
                leg=i,
            )
        if a == d:
            return
        self.check_weather(boat, i, d, a)
        if not boat.night_sailing:
            self.check_daylight(i, d, a)

    def check_weather(self, boat: Boat, i: int, d: datetime, a: datetime) -> None:
        c = self.c
        zones: list[str] = []
        for place_id in (self.stops[i - 1].place, self.stops[i].place):
            place = c.place(place_id)
            if place is not None and place.zone not in zones:
                zones.append(place.zone)
        for zone in zones:
            slots = [s for s in c.slots.get(zone, []) if s.from_ < a and d < s.to]
            gaps = _uncovered(slots, d, a)
            if gaps:
                spans = ", ".join(f"{c.when(g0)} to {c.when(g1)}" for g0, g1 in gaps)
                self.add(
                    ViolationKind.LEG_NO_FORECAST,
                    f"{self.leg_name(i)} sails {c.when(d)} to {c.when(a)}, but {zone} has no "
                    f"forecast for {spans}; time without a forecast is not sailable",
                    leg=i,
                )
            rough = [s for s in slots if s.wave_height_m > boat.max_wave_m]
            if rough:
                worst = max(rough, key=lambda s: s.wave_height_m)
                label = f" ({worst.category})" if worst.category else ""
                self.add(
                    ViolationKind.LEG_WEATHER,
                    f"{self.leg_name(i)} departs {c.when(d)} and arrives {c.when(a)} while "
                    f"{zone} forecasts {worst.wave_height_m:g} m{label} from "
                    f"{c.when(worst.from_)} to {c.when(worst.to)}, above the boat's "
                    f"{boat.max_wave_m:g} m",
                    leg=i,
                )

    def check_daylight(self, i: int, d: datetime, a: datetime) -> None:
        c = self.c
        daylight = c.campaign.daylight
        day = d.astimezone(c.tz).date()
        dawn = datetime.combine(day, daylight.from_, tzinfo=c.tz)
        dusk = datetime.combine(day, daylight.to, tzinfo=c.tz)
        if not (dawn <= d and a <= dusk):
            self.add(
                ViolationKind.LEG_NIGHT,
                f"{self.leg_name(i)} sails {c.when(d)} to {c.when(a)}, outside daylight "
                f"{daylight.from_:%H:%M}-{daylight.to:%H:%M} of one day, and the boat does "
                "not sail at night",
                leg=i,
            )

    # ------------------------------------------------------------------ calls

    def check_piers(self, boat: Boat) -> None:
        for i, stop in enumerate(self.stops):
            place = self.c.place(stop.place)
            if place is None or place.pier_depth_m is None:
                continue
            if place.pier_depth_m < boat.draft_m:
                self.add(
                    ViolationKind.DRAFT,
                    f"{self.name} calls at {stop.place}, whose pier is {place.pier_depth_m:g} m "
                    f"deep, less than the boat's draft of {boat.draft_m:g} m",
                    leg=i or None,
                )

    def check_calls(self) -> None:
        c = self.c
        for i in range(1, len(self.stops) - 1):
            stop = self.stops[i]
            island = c.islands.get(stop.place)
            arrive, depart = self.arrive[i], self.depart[i]
            if island is None or arrive is None or depart is None or depart < arrive:
                continue
            needed = island.unload_minutes + c.campaign.per_tps_minutes * len(stop.tps)
            stay = (depart - arrive).total_seconds() / 60
            if stay < needed:
                self.add(
                    ViolationKind.CALL_TOO_SHORT,
                    f"{self.name} stays {stay:g} min at {stop.place}, but unloading "
                    f"{len(stop.tps)} kits takes at least {needed} min "
                    f"({island.unload_minutes} min + {c.campaign.per_tps_minutes} min per kit)",
                    leg=i,
                )


def _uncovered(
    slots: list[ForecastSlot], start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The parts of ``[start, end)`` that no slot ``[from, to)`` covers."""
    gaps: list[tuple[datetime, datetime]] = []
    cursor = start
    for slot in sorted(slots, key=lambda s: s.from_):
        if cursor >= end:
            break
        if slot.from_ > cursor:
            gaps.append((cursor, min(slot.from_, end)))
        cursor = max(cursor, slot.to)
    if cursor < end:
        gaps.append((cursor, end))
    return gaps
