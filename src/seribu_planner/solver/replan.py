"""Re-plan an approved plan with as little change as possible (``route --against``).

What is kept
------------
* **The past** (with ``now``): a trip whose loading began before ``now`` is *locked*: it
  keeps its calls and drops, and its legs that left before ``now`` keep their times (they
  have sailed, and are not judged again by the current forecast); its later legs leave at
  their earliest legal time from ``now`` on. Nothing else leaves before ``now``.
* **What still holds**: every other approved trip starts as it was. A trip that no longer
  keeps the rules under the current data (a new forecast closes a leg, a deadline moved,
  a boat withdrawn) gives up as few calls as make it hold again, cheapest to lose first.
* **The status file** overrides the plan with what really happened: a boat withdrawn from
  ``now`` (its trips not yet begun go), a boat held up until a time, a kit planned before
  ``now`` that was not handed over (planned again).

What is re-planned
------------------
The kits given up, TPS new in the data, and TPS the approved plan left unserved that can
be served now, by the same search as ``solve``, with one more term in its objective:
moving a TPS to another boat or another trip (``TripSpec.origin``) costs more than any
plan, so that after serving every TPS it can, the search keeps the number of TPS whose
boat or trip changes as small as it can, and only then the cost.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from seribu_planner.errors import InputError, Problem
from seribu_planner.model import DataSet, StatusFile
from seribu_planner.outputs.i18n import _
from seribu_planner.plan import Plan, Stop, Trip
from seribu_planner.solver.planner import Setup, SolveParams, _cut_short, auto_rounds
from seribu_planner.solver.routes import Piece, Route
from seribu_planner.solver.schedule import Call, TripSpec, TripTimes
from seribu_planner.solver.search import Search


def replan(
    data: DataSet,
    approved: Plan,
    *,
    now: datetime | None = None,
    status: StatusFile | None = None,
    params: SolveParams | None = None,
) -> Plan:
    """The approved plan repaired for the current data, changing as little as it can."""
    params = params or SolveParams()
    deadline = time.perf_counter() + params.time_limit_s
    start = data.campaign.start
    moment = 0 if now is None else max(0, math.ceil((now - start).total_seconds()))
    setup = Setup.of(data, not_before=math.ceil(moment / 60))
    env = setup.env
    scheduler = env.scheduler
    clock = setup.ctx.clock
    scheduler.now = moment
    status = status or StatusFile()
    withdrawn = {b.boat for b in status.boats if b.withdrawn}
    delayed = {
        b.boat: math.ceil(clock.seconds(b.delayed_until))
        for b in status.boats
        if b.delayed_until is not None
    }
    approved = as_it_went(approved, status)

    routable = {t.id for t in setup.routable}
    origin_of: dict[str, int] = {}
    routes = {b.id: Route(b) for b in data.boats}
    given_up: list[Piece] = []
    origin = 0
    for boat_plan in approved.boats:
        boat = data.boats_by_id.get(boat_plan.boat)
        specs: list[TripSpec] = []
        for trip in boat_plan.trips:
            spec, started = _spec(trip, origin, setup, now)
            for call in spec.calls:
                for tps in call.tps:
                    origin_of[tps] = origin
            origin += 1
            if boat is None or (boat.id in withdrawn and not started):
                given_up += _pieces(setup, spec.calls)
                continue
            if not started:  # kits the current data says no boat can deliver go
                kept = tuple(
                    Call(c.island, tuple(t for t in c.tps if t in routable)) for c in spec.calls
                )
                spec = spec.with_calls(tuple(c for c in kept if c.tps))
            specs.append(spec)
        if boat is not None and specs:
            route = routes[boat.id]
            given_up += _adopt_trips(setup, route, specs, delayed.get(boat.id, 0))
    placed = {t for r in routes.values() for trip in r.trips for c in trip.calls for t in c.tps}
    waiting = {t for p in given_up for t in p.tps}
    fresh = [t for t in setup.routable if t.id not in placed and t.id not in waiting]
    pieces = given_up + setup.pieces(fresh)

    search = Search(env, routes, pieces, approved=origin_of)
    notes: list[str] = []
    rounds = params.iterations
    if rounds is None:
        rounds = auto_rounds(len(pieces) + sum(len(r.trips) for r in routes.values()))
    if search.run(random.Random(params.seed), rounds, deadline):
        notes.append(_cut_short(params))
    search.polish()
    return setup.finish(search, params, notes, data)


def as_it_went(approved: Plan, status: StatusFile | None) -> Plan:
    """The approved plan as it really went: without the kits that were not handed over.

    This is what the re-plan's past is checked against (``verify(..., sailed=)``).
    """
    undelivered = {t.tps for t in status.tps if not t.delivered} if status else set()
    if not undelivered:
        return approved
    boats = []
    for boat in approved.boats:
        trips = []
        for trip in boat.trips:
            stops = tuple(
                Stop(s.place, s.arrive, s.depart, tuple(t for t in s.tps if t not in undelivered))
                for s in trip.stops
            )
            trips.append(Trip(trip.number, stops))
        boats.append(replace(boat, trips=tuple(trips)))
    return replace(approved, boats=tuple(boats))


def _spec(trip: Trip, origin: int, setup: Setup, now: datetime | None) -> tuple[TripSpec, bool]:
    """The search's form of an approved trip, and whether it began before ``now``."""
    data = setup.ctx.data
    clock = setup.ctx.clock
    stops = trip.stops
    calls = tuple(
        Call(s.place, tuple(t for t in s.tps if t in data.tps_by_id)) for s in stops[1:-1]
    )
    spec = TripSpec(stops[0].place, calls, stops[-1].place, origin=origin)
    first = stops[0].depart
    if now is None or first is None:
        return spec, False
    port = data.ports_by_id.get(stops[0].place)
    load = port.load_minutes * 60 if port is not None else 0
    started = clock.seconds(first) - load < clock.seconds(now)
    if not started:
        return spec, False
    sailed = tuple(
        (round(clock.seconds(s.depart)), round(clock.seconds(after.arrive)))
        for s, after in itertools.pairwise(stops)
        if s.depart is not None and s.depart < now and after.arrive is not None
    )
    return replace(spec, locked=True, sailed=sailed), True


def _pieces(setup: Setup, calls: Iterable[Call]) -> list[Piece]:
    routable = {t.id for t in setup.routable}
    out = []
    for call in calls:
        kits = tuple(t for t in call.tps if t in routable)
        if kits:
            out.append(setup.env.piece(call.island, kits))
    return out


def _adopt_trips(setup: Setup, route: Route, specs: list[TripSpec], resume: int) -> list[Piece]:
    """Schedule a boat's approved trips; trips that no longer hold give up calls until they
    do. The pieces given up."""
    env = setup.env
    given_up: list[Piece] = []
    if resume:
        # The hold-up applies to the first trip with legs still to sail.
        first = next((i for i, s in enumerate(specs) if not _done(s)), None)
        if first is not None:
            specs[first] = replace(specs[first], resume=resume)
    ready = 0
    start = route.boat.home
    for spec in specs:
        if not spec.locked and spec.start != start:
            spec = spec.with_start(start)  # an earlier trip of the chain was given up
        times = env.scheduler.trip(route.boat, spec, ready)
        if times is None and spec.locked:
            raise InputError(
                [
                    Problem(
                        route.boat.id,
                        None,
                        None,
                        "",
                        _(
                            "a trip under way cannot be finished under the current data; "
                            "give the boat's situation in the status file (delayed_until)"
                        ),
                    )
                ]
            )
        if times is None:
            spec, times, lost = _give_up(setup, route, spec, ready)
            given_up += lost
        if spec.calls and times is not None:
            route.trips.append(spec)
            route.times.append(times)
            ready = times.end
            start = spec.end
    return given_up


def _done(spec: TripSpec) -> bool:
    return bool(spec.sailed) and len(spec.sailed) == len(spec.calls) + 1


def _give_up(
    setup: Setup, route: Route, spec: TripSpec, ready: int
) -> tuple[TripSpec, TripTimes | None, list[Piece]]:
    """Drop calls from a trip that no longer holds, one at a time, until it does."""
    env = setup.env
    lost: list[Piece] = []
    calls = list(spec.calls)
    while calls:
        best: tuple[int, int, TripTimes] | None = None
        for i in range(len(calls)):
            trial = spec.with_calls(tuple(calls[:i] + calls[i + 1 :]))
            times = env.scheduler.trip(route.boat, trial, ready) if trial.calls else None
            if times is not None:
                kept = env.trip_cost(route.boat, trial)
                if best is None or (len(calls[i].tps), kept) < (len(calls[best[0]].tps), best[1]):
                    best = (i, kept, times)
        if best is not None:
            i, _, times = best
            lost += _pieces(setup, [calls[i]])
            del calls[i]
            return spec.with_calls(tuple(calls)), times, lost
        # No single call makes it hold: give up the last one and try again.
        lost += _pieces(setup, [calls.pop()])
    return spec.with_calls(()), None, lost
