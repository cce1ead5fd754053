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

        # Forecast slots per zone, in time order, as (from, to, index into data.forecast).
        self.slots: dict[str, list[tuple[int, int, int]]] = {z.id: [] for z in data.zones}
        for n, slot in enumerate(data.forecast):
            self.slots[slot.zone].append((self.us(slot.from_), self.us(slot.to), n))
        for zone_slots in self.slots.values():
            zone_slots.sort()

        self.boats: list[_Boat] = []
        self.legs: list[Leg] = []
        self.boat_legs: list[list[int]] = []
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
            legs_here: list[int] = []
            for trip in boat_plan.trips:
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
            self.boat_legs.append(legs_here)

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
        open_cache: dict[tuple[str, float], list[Interval]] = {}
        window_cache: dict[tuple[int, tuple[str, ...], int | None], list[Interval]] = {}
        deadlines = self.deadlines

        for b, boat in enumerate(self.boats):
            ready = 0
            trip_end = 0  # when the boat is back in port from its previous trip
            cap = self.end  # end of the availability period of the current trip
            worst = -1  # the leg that waited longest so far (blame for lateness)
            worst_hold = -1
            leg_ids = self.boat_legs[b]
            for k, n in enumerate(leg_ids):
                leg = self.legs[n]
                first = leg.load is not None
                if first:
                    ready = max(leg.planned_depart, trip_end + (leg.load or 0))
                else:
                    ready = max(leg.planned_depart, ready)
                if leg.duration == 0 or leg.origin == leg.target:
                    depart: int | None = ready if ready <= self.end else None
                else:
                    key = (b, leg.zones, leg.load)
                    windows = window_cache.get(key)
                    if windows is None:
                        windows = self._windows(boat, leg.zones, leg.load, heights, open_cache)
                        window_cache[key] = windows
                    depart = _earliest(windows, ready, leg.duration)
                if depart is not None and first and boat.periods is not None:
                    cap = _period_end(boat.periods, depart - (leg.load or 0), depart)
                if depart is None or depart + leg.duration > cap:
                    failed.append(n)
                    # Every drop from this leg on, on this boat, never happens.
                    lost = sum(len(self.legs[m].drops) for m in leg_ids[k:])
                    if lost:
                        blame[n] = blame.get(n, 0) + lost
                    break
                hold = depart - ready
                holds[n] = hold
                if hold > worst_hold:
                    worst, worst_hold = n, hold
                arrive = depart + leg.duration
                departs[n], arrives[n] = depart, arrive
                late = 0
                for t in leg.drops:
                    arrivals[t] = arrive
                    if arrive > deadlines[t]:
                        late += 1
                if late:
                    culprit = worst if worst_hold > 0 else n
                    blame[culprit] = blame.get(culprit, 0) + late
                ready = arrive + leg.stay
                if k + 1 < len(leg_ids) and self.legs[leg_ids[k + 1]].load is not None:
                    trip_end = arrive
                    cap = self.end
        return Outcome(
            arrivals=tuple(arrivals),
            departs=tuple(departs),
            arrives=tuple(arrives),
            holds=tuple(holds),
            failed=tuple(failed),
            blame=tuple(sorted(blame.items())),
        )

    def _windows(
        self,
        boat: _Boat,
        zones: tuple[str, ...],
        load: int | None,
        heights: Sequence[float],
        cache: dict[tuple[str, float], list[Interval]],
    ) -> list[Interval]:
        """When this boat may be under way between these zones in this scenario."""
        windows = list(boat.limit) if load is None else boat.first_limit(load)
        for zone in zones:
            key = (zone, boat.max_wave_m)
            sea = cache.get(key)
            if sea is None:
                sea = self._open_sea(zone, boat.max_wave_m, heights)
                cache[key] = sea
            windows = intersect(windows, sea)
        return windows

    def _open_sea(self, zone: str, max_wave_m: float, heights: Sequence[float]) -> list[Interval]:
        """The time a zone's sea is at or below ``max_wave_m`` (touching slots joined)."""
        out: list[Interval] = []
        for start, stop, n in self.slots.get(zone, []):
            if heights[n] > max_wave_m:
                continue
            if out and start <= out[-1][1]:
                if stop > out[-1][1]:
                    out[-1] = (out[-1][0], stop)
            else:
                out.append((start, stop))
        return out

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
