"""Exact times for a boat's trips: every leg at its earliest legal departure.

A trip loads at its port (not before the port is ready, the boat is back from its previous
trip and its availability period has begun), then sails leg by leg; each leg leaves at the
first second at or after the boat is ready from which the whole leg lies inside a sailing
window of both zones it touches (weather, daylight, availability). Waiting at a pier or in
port is free, so this earliest schedule is also the cheapest: cost counts time under way
only, and every leg is sailed at its minimum duration. A trip stays inside one availability
period; it fails when a kit would arrive after its TPS deadline.

Earliest departure is monotone in the ready time (FIFO), so a boat that is ready earlier
never arrives anywhere later: the schedule of the rest of an itinerary only improves when
an earlier part gets quicker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from seribu_planner.model import Boat
from seribu_planner.solver.context import Context


@dataclass(frozen=True)
class Call:
    """A stop at an island or platform that drops the kits of ``tps`` (sorted ids)."""

    island: str
    tps: tuple[str, ...]


@dataclass(frozen=True)
class TripSpec:
    """A trip without times: the port it loads at, its calls in order, the port it ends at.

    When re-planning an approved plan (``replan``): ``origin`` numbers the approved trip this
    one continues (-1: a new trip), ``locked`` keeps the search from changing it (it is under
    way, or done), ``sailed`` holds the departure and arrival (seconds) of its first legs,
    which have happened, and ``resume`` the first second its other legs may leave (a delay).
    """

    start: str
    calls: tuple[Call, ...]
    end: str
    origin: int = -1
    locked: bool = False
    sailed: tuple[tuple[int, int], ...] = ()
    resume: int = 0

    @property
    def places(self) -> tuple[str, ...]:
        """Every place of the trip in order, ports included."""
        return (self.start, *(c.island for c in self.calls), self.end)

    def with_calls(self, calls: tuple[Call, ...]) -> TripSpec:
        """The same trip with other calls."""
        return TripSpec(
            self.start, calls, self.end, self.origin, self.locked, self.sailed, self.resume
        )

    def with_start(self, start: str) -> TripSpec:
        """The same trip loading at another port."""
        return replace(self, start=start)

    def with_end(self, end: str) -> TripSpec:
        """The same trip ending at another port."""
        return replace(self, end=end)

    def __hash__(self) -> int:
        # The search looks trips up in its schedule memo again and again: hash them once.
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.start, self.calls, self.end, self.origin, self.sailed, self.resume))
            object.__setattr__(self, "_hash", cached)
        return cached


@dataclass(frozen=True)
class TripTimes:
    """The times of one scheduled trip, in seconds from the campaign start.

    Leg ``i`` leaves place ``i`` of the trip at ``departs[i]`` and reaches place ``i + 1``
    at ``arrives[i]``.
    """

    load_start: int
    departs: tuple[int, ...]
    arrives: tuple[int, ...]

    @property
    def end(self) -> int:
        """When the boat is back at the trip's end port."""
        return self.arrives[-1]

    @property
    def sailing(self) -> int:
        """Seconds under way."""
        return sum(a - d for d, a in zip(self.departs, self.arrives, strict=True))


class Scheduler:
    """Schedules trips of one data set, with the per-call deadlines cached."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._deadline: dict[tuple[str, ...], int] = {}
        self._ready = {p.id: ctx.ready(p) for p in ctx.data.ports}
        self._load = {p.id: ctx.load(p) for p in ctx.data.ports}
        # The search asks for the same trip at the same ready time again and again.
        self._memo: dict[tuple[str, TripSpec, int], TripTimes | None] = {}
        #: Nothing new leaves before this second (``replan --now``: the past is the past).
        self.now = 0

    def call_deadline(self, call: Call) -> int:
        """The earliest deadline among the kits a call drops."""
        cached = self._deadline.get(call.tps)
        if cached is None:
            tps = self.ctx.data.tps_by_id
            cached = min(self.ctx.deadline(tps[t]) for t in call.tps)
            self._deadline[call.tps] = cached
        return cached

    def trip(self, boat: Boat, trip: TripSpec, ready: int) -> TripTimes | None:
        """The earliest legal schedule of ``trip`` with the boat free from ``ready``.

        None when no availability period fits it or a kit would be late.
        """
        key = (boat.id, trip, ready)
        if key in self._memo:
            return self._memo[key]
        if len(self._memo) > MEMO_SIZE:
            self._memo.clear()
        load = self._load[trip.start]
        found: TripTimes | None = None
        if trip.sailed:
            # It has left already: its loading and its first legs are fixed in the past.
            load_start = trip.sailed[0][0] - load
            if ready <= load_start:
                periods = self.ctx.periods(boat)
                period_end = max((e for s, e in periods if s <= load_start), default=load_start)
                times = self._within(boat, trip, load_start, load, period_end)
                found = times if times is not _LATE else None
            self._memo[key] = found
            return found
        begin = max(ready, self._ready[trip.start], self.now, trip.resume - load)
        for period_start, period_end in self.ctx.periods(boat):
            if period_end < begin + load:
                continue
            times = self._within(boat, trip, max(begin, period_start), load, period_end)
            if times is not None:
                found = times if times is not _LATE else None
                break
        self._memo[key] = found
        return found

    def _within(
        self, boat: Boat, trip: TripSpec, load_start: int, load: int, period_end: int
    ) -> TripTimes | None:
        ctx = self.ctx
        islands = ctx.data.islands_by_id
        places = trip.places
        ready = load_start + load
        departs: list[int] = []
        arrives: list[int] = []
        sailed = trip.sailed
        for i in range(len(places) - 1):
            a, b = places[i], places[i + 1]
            duration = ctx.travel(boat, a, b)
            if i < len(sailed):
                # Sailed: as it happened, not judged again by the current forecast.
                depart: int | None = sailed[i][0]
                arrive = sailed[i][1]
            else:
                ready = max(ready, self.now, trip.resume)
                depart = ctx.leg_windows(boat, a, b).earliest(ready, duration, period_end)
                if depart is None:
                    return None
                arrive = depart + duration
            assert depart is not None
            departs.append(depart)
            arrives.append(arrive)
            if i < len(trip.calls):
                call = trip.calls[i]
                if arrive > self.call_deadline(call):
                    return _LATE
                ready = arrive + ctx.service(islands[call.island], len(call.tps))
        return TripTimes(load_start, tuple(departs), tuple(arrives))

    def itinerary(self, boat: Boat, trips: Sequence[TripSpec]) -> list[TripTimes] | None:
        """The schedule of a boat's trips in order, or None when one fails."""
        out: list[TripTimes] = []
        ready = 0
        for trip in trips:
            times = self.trip(boat, trip, ready)
            if times is None:
                return None
            out.append(times)
            ready = times.end
        return out


#: Schedules remembered before the memo starts afresh (bounds memory on large data).
MEMO_SIZE = 200_000

#: Marks a schedule that failed on a deadline: a later period cannot help.
_LATE = TripTimes(-1, (), ())
