"""Replay a plan under one sea-state scenario, with the recourse a crew has: wait.

Each boat keeps its trips and their stops in order. Each leg leaves at the earliest moment
at or after its planned departure, and after the boat is ready (arrival at the previous
call plus its minimum stay there, or the end of the previous trip plus loading time), at
which the whole leg is legal under the scenario: the sea at or below the boat's limit in
the zones of both ends over the whole leg, time the forecast covers, daylight for a boat
without night sailing, inside the boat's availability (for a whole trip, loading included,
as rule 2 demands). Meanwhile the boat waits at the pier or port. A leg takes as long as
planned. A leg that cannot be sailed before the campaign ends fails, and with it every
drop after it on that boat.

Time is integer microseconds from the campaign start, computed on UTC, so that every
moment of a plan or a forecast is exact and the replay of a scenario equal to the
forecast gives the plan's own times back.

Lateness is blamed on one leg: a late (or never delivered) drop is charged to the leg, on
its boat's way up to that drop, that waited longest for the sea (a leg that could not be
sailed at all outranks any wait); the earliest such leg on a tie.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from seribu_planner.derive.weather import intersect
from seribu_planner.model import DataSet
from seribu_planner.plan import BoatPlan, Plan, Reason, Stop, Trip, Unserved

Interval = tuple[int, int]
#: Marks an arrival that never happens (the drop's leg could not be sailed).
NEVER = -1

_US = timedelta(microseconds=1)
_MINUTE = 60_000_000


@dataclass(frozen=True)
class Leg:
    """One leg of the plan, with what the replay needs to sail it again."""

    boat: int  # index into Replayer.boats
    trip: int  # trip number (1-based)
    number: int  # leg number within the trip (1-based, verifier's convention)
    origin: str
    target: str
    zones: tuple[str, ...]  # the distinct zones of both ends
    planned_depart: int
    duration: int
    #: Minimum time at the target before leaving again (unloading), 0 at a port.
    stay: int
    #: Indices (into Replayer.tps) of the kits dropped at the target.
    drops: tuple[int, ...]
    #: Loading time before this leg when it starts a trip, else None.
    load: int | None


@dataclass(frozen=True)
class Outcome:
    """What happened to a plan in one scenario."""

    #: Arrival of each TPS kit (Replayer.tps order), or NEVER.
    arrivals: tuple[int, ...]
    #: Per leg (Replayer.legs order): departure and arrival, NEVER when not sailed.
    departs: tuple[int, ...]
    arrives: tuple[int, ...]
    #: Per leg: how long the boat, ready to go, waited for the sea.
    holds: tuple[int, ...]
    #: The legs that could not be sailed before the campaign end.
    failed: tuple[int, ...]
    #: (leg, number of late or never-delivered TPS blamed on it), by leg.
    blame: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Boat:
    id: str
    max_wave_m: float
    #: Availability periods, or None when the boat is always available.
    periods: tuple[Interval, ...] | None
    #: Daylight (for a boat without night sailing) and the horizon.
    limit: tuple[Interval, ...]

    def first_limit(self, load: int) -> list[Interval]:
        """When a trip's first leg may depart: after loading inside one available period.

        Touching periods stay apart pieces, so a trip never runs from one into the next
        (rule 2: the whole trip, loading included, lies inside one period).
        """
        if self.periods is None:
            return list(self.limit)
        shifted = [(s + load, e) for s, e in self.periods if e > s + load]
        return intersect(list(self.limit), shifted)


class Replayer:
    """A plan prepared for fast replays against many scenarios of one data set."""

    def __init__(self, data: DataSet, plan: Plan) -> None:
        self.data = data
        self.plan = plan
        campaign = data.campaign
        self.tz = campaign.tz
        self.origin = campaign.start.astimezone(UTC)
        self.end = self.us(campaign.end)
        self.tps = [t.id for t in data.tps]
        tps_index = {t: n for n, t in enumerate(self.tps)}
        self.deadlines = [self.us(data.tps_deadline(t)) for t in data.tps]
        zone_of = {p.id: p.zone for p in data.ports}
        zone_of.update({i.id: i.zone for i in data.islands})
        islands = data.islands_by_id
        daylight = self._daylight()
        # TPS by kelurahan (an island without one stands for itself), for the report.
        by_kelurahan: dict[str, list[int]] = {}
        for n, tps in enumerate(data.tps):
            island = islands.get(tps.island)
            name = (island.kelurahan or island.name) if island is not None else tps.island
            by_kelurahan.setdefault(name, []).append(n)
        self.kelurahan = sorted(by_kelurahan.items())

        # Forecast slots per zone, in time order, as (from, to, index into data.forecast).
        self.slots: dict[str, list[tuple[int, int, int]]] = {z.id: [] for z in data.zones}
        for n, slot in enumerate(data.forecast):
            self.slots[slot.zone].append((self.us(slot.from_), self.us(slot.to), n))
        for zone_slots in self.slots.values():
            zone_slots.sort()

        self.boats: list[_Boat] = []
        self.legs: list[Leg] = []
        self.boat_trips: list[list[list[int]]] = []
        self.planned_arrivals = [NEVER] * len(self.tps)
        fleet = data.boats_by_id
        for boat_plan in plan.boats:
            boat = fleet[boat_plan.boat]
            horizon = [(0, self.end)]
            limit = horizon if boat.night_sailing else intersect(horizon, daylight)
            periods: tuple[Interval, ...] | None = None
            if boat.available is not None:
                periods = tuple(sorted((self.us(p.from_), self.us(p.to)) for p in boat.available))
            b = len(self.boats)
            trips_here: list[list[int]] = []
            for trip in boat_plan.trips:
                legs_here: list[int] = []
                trips_here.append(legs_here)
                port = data.ports_by_id[trip.stops[0].place]
                load = port.load_minutes * _MINUTE
                for i in range(1, len(trip.stops)):
                    here, there = trip.stops[i - 1], trip.stops[i]
                    assert here.depart is not None and there.arrive is not None
                    depart, arrive = self.us(here.depart), self.us(there.arrive)
                    island = islands.get(there.place)
                    last = i == len(trip.stops) - 1
                    stay = 0
                    if island is not None and not last:
                        minutes = island.unload_minutes + campaign.per_tps_minutes * len(there.tps)
                        stay = minutes * _MINUTE
                    zones = tuple(dict.fromkeys((zone_of[here.place], zone_of[there.place])))
                    drops = tuple(tps_index[t] for t in there.tps)
                    for t in drops:
                        self.planned_arrivals[t] = arrive
                    legs_here.append(len(self.legs))
                    self.legs.append(
                        Leg(
                            boat=b,
                            trip=trip.number,
                            number=i,
                            origin=here.place,
                            target=there.place,
                            zones=zones,
                            planned_depart=depart,
                            duration=arrive - depart,
                            stay=stay,
                            drops=drops,
                            load=load if i == 1 else None,
                        )
                    )
            self.boats.append(_Boat(boat.id, boat.max_wave_m, periods, tuple(limit)))
            self.boat_trips.append(trips_here)

    # ------------------------------------------------------------------ time

    def us(self, moment: datetime) -> int:
        """Microseconds from the campaign start (absolute time, never wall time)."""
        return (moment.astimezone(UTC) - self.origin) // _US

    def at(self, us: int) -> datetime:
        """The moment of a replay time, in the campaign's time zone."""
        return (self.origin + us * _US).astimezone(self.tz)

    def _daylight(self) -> list[Interval]:
        """Each local day's daylight, as the verifier reads it (dawn to dusk of one day)."""
        campaign = self.data.campaign
        tz = campaign.tz
        day = campaign.start.astimezone(tz).date() - timedelta(days=1)
        last = campaign.end.astimezone(tz).date()
        out: list[Interval] = []
        while day <= last:
            dawn = datetime.combine(day, campaign.daylight.from_, tzinfo=tz)
            dusk = datetime.combine(day, campaign.daylight.to, tzinfo=tz)
            out.append((self.us(dawn), self.us(dusk)))
            day += timedelta(days=1)
        return out

    # ------------------------------------------------------------------ replay

    def replay(self, heights: Sequence[float]) -> Outcome:
        """Sail the plan again under the wave heights of one scenario (data.forecast order)."""
        n_legs = len(self.legs)
        departs = [NEVER] * n_legs
        arrives = [NEVER] * n_legs
        holds = [0] * n_legs
        failed: list[int] = []
        blame: dict[int, int] = {}
        arrivals = [NEVER] * len(self.tps)
        sea = _Sea(self, heights)
        deadlines = self.deadlines
        for b in range(len(self.boats)):
            trip_end = 0  # when the boat is back in port from its previous trip
            worst, worst_hold = -1, 0  # the leg that waited longest so far: blamed for lateness
            trips = self.boat_trips[b]
            for j, trip in enumerate(trips):
                if not trip:
                    continue
                first = self.legs[trip[0]]
                ready = max(first.planned_depart, trip_end + (first.load or 0))
                sailed, lost_at = self._sail_trip(b, trip, ready, sea)
                for n, (depart, arrive, hold) in zip(trip, sailed, strict=False):
                    departs[n], arrives[n], holds[n] = depart, arrive, hold
                    if hold > worst_hold:
                        worst, worst_hold = n, hold
                    late = 0
                    for t in self.legs[n].drops:
                        arrivals[t] = arrive
                        late += arrive > deadlines[t]
                    if late:
                        culprit = worst if worst_hold > 0 else n
                        blame[culprit] = blame.get(culprit, 0) + late
                if lost_at is not None:
                    # Every drop from the failed leg on, on this boat, never happens.
                    n = trip[lost_at]
                    failed.append(n)
                    rest = [*trip[lost_at:], *(m for later in trips[j + 1 :] for m in later)]
                    lost = sum(len(self.legs[m].drops) for m in rest)
                    if lost:
                        blame[n] = blame.get(n, 0) + lost
                    break
                trip_end = sailed[-1][1]
        return Outcome(
            arrivals=tuple(arrivals),
            departs=tuple(departs),
            arrives=tuple(arrives),
            holds=tuple(holds),
            failed=tuple(failed),
            blame=tuple(sorted(blame.items())),
        )

    def _sail_trip(
        self, b: int, trip: Sequence[int], ready: int, sea: _Sea
    ) -> tuple[list[tuple[int, int, int]], int | None]:
        """(departure, arrival, wait) of each leg sailed, and the position of a failed leg.

        A boat available in several periods must fit the whole trip in one of them (rule
        2): when the trip cannot end inside the period it starts in, it starts again in the
        next; when it fits none, it does not sail at all. (Keeping the legs sailed before a
        failure instead would let a calmer sea do worse than a rougher one, which starts
        the trip in a later period.) With one period or none, the legs sailed before a
        failed leg stay sailed.
        """
        boat = self.boats[b]
        start = ready
        retry = boat.periods is not None and len(boat.periods) > 1
        while True:
            sailed, lost_at, cap = self._attempt(b, trip, start, ready, sea)
            if lost_at is None or not retry:
                return sailed, lost_at
            if not sailed:  # the first leg cannot depart in any later period either
                return [], 0
            start = cap

    def _attempt(
        self, b: int, trip: Sequence[int], start: int, ready0: int, sea: _Sea
    ) -> tuple[list[tuple[int, int, int]], int | None, int]:
        """Sail a trip greedily from ``start``: the legs sailed, a failed leg, the period end."""
        boat = self.boats[b]
        cap = self.end
        ready = start
        sailed: list[tuple[int, int, int]] = []
        for k, n in enumerate(trip):
            leg = self.legs[n]
            ready = max(leg.planned_depart, ready)
            if leg.duration == 0 or leg.origin == leg.target:
                depart: int | None = ready if ready <= cap else None
            else:
                depart = _earliest(sea.windows(b, leg.zones, leg.load), ready, leg.duration)
            if depart is not None and k == 0 and boat.periods is not None:
                cap = _period_end(boat.periods, depart - (leg.load or 0), depart)
            if depart is None or depart + leg.duration > cap:
                return sailed, k, cap
            waited_from = ready0 if k == 0 else ready
            arrive = depart + leg.duration
            sailed.append((depart, arrive, depart - waited_from))
            ready = arrive + leg.stay
        return sailed, None, cap

    # ------------------------------------------------------------------ as a plan

    def replayed_plan(self, outcome: Outcome) -> Plan:
        """The plan as sailed in a scenario, for the verifier.

        A boat's trips up to its first failed leg keep the replayed times; the trip of the
        failed leg and every later trip of that boat are left out, and the TPS they would
        have dropped are reported unserved (``no_sailing_window``).
        """
        boats: list[BoatPlan] = []
        unserved = list(self.plan.unserved)
        failed = set(outcome.failed)
        n = 0
        for boat_plan in self.plan.boats:
            trips: list[Trip] = []
            stopped = False
            for trip in boat_plan.trips:
                count = len(trip.stops) - 1
                legs = range(n, n + count)
                n += count
                if stopped or any(m in failed for m in legs):
                    stopped = True
                    for stop in trip.stops:
                        unserved.extend(
                            Unserved(
                                t,
                                Reason.NO_SAILING_WINDOW,
                                f"replay: {boat_plan.boat} trip {trip.number} could not be "
                                "sailed before the campaign end",
                            )
                            for t in stop.tps
                        )
                    continue
                stops: list[Stop] = []
                for i, stop in enumerate(trip.stops):
                    arrive = self.at(outcome.arrives[legs[i - 1]]) if i > 0 else None
                    depart = self.at(outcome.departs[legs[i]]) if i < count else None
                    stops.append(Stop(stop.place, arrive, depart, stop.tps))
                trips.append(Trip(len(trips) + 1, tuple(stops)))
            if trips:
                boats.append(BoatPlan(boat_plan.boat, tuple(trips)))
        return Plan(
            boats=tuple(boats),
            unserved=tuple(unserved),
            data_digest=self.plan.data_digest,
        )


class _Sea:
    """The sailing windows of one scenario, computed on demand and kept for its legs."""

    def __init__(self, replayer: Replayer, heights: Sequence[float]) -> None:
        self.replayer = replayer
        self.heights = heights
        self.open: dict[tuple[str, float], list[Interval]] = {}
        self.cache: dict[tuple[int, tuple[str, ...], int | None], list[Interval]] = {}

    def windows(self, b: int, zones: tuple[str, ...], load: int | None) -> list[Interval]:
        """When boat ``b`` may be under way between these zones (as a trip's first leg
        when ``load`` is given)."""
        key = (b, zones, load)
        windows = self.cache.get(key)
        if windows is None:
            boat = self.replayer.boats[b]
            windows = list(boat.limit) if load is None else boat.first_limit(load)
            for zone in zones:
                windows = intersect(windows, self.open_sea(zone, boat.max_wave_m))
            self.cache[key] = windows
        return windows

    def open_sea(self, zone: str, max_wave_m: float) -> list[Interval]:
        """The time a zone's sea is at or below ``max_wave_m`` (touching slots joined)."""
        key = (zone, max_wave_m)
        found = self.open.get(key)
        if found is not None:
            return found
        out: list[Interval] = []
        heights = self.heights
        for start, stop, n in self.replayer.slots.get(zone, []):
            if heights[n] > max_wave_m:
                continue
            if out and start <= out[-1][1]:
                if stop > out[-1][1]:
                    out[-1] = (out[-1][0], stop)
            else:
                out.append((start, stop))
        self.open[key] = out
        return out


def _earliest(windows: Sequence[Interval], ready: int, duration: int) -> int | None:
    """The first moment at or after ``ready`` from which ``duration`` fits one window."""
    for start, stop in windows:
        depart = start if start > ready else ready
        if depart + duration <= stop:
            return depart
    return None


def _period_end(periods: Sequence[Interval], load_start: int, depart: int) -> int:
    """End of the availability period holding a trip's loading start and departure."""
    ends = [e for s, e in periods if s <= load_start and depart <= e]
    return max(ends) if ends else load_start  # no period: nothing can be sailed
