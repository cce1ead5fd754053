"""Moves of the search beyond ruin and recreate: polishing trips, fleet moves, repairs.

Functions of a ``search.Search``: they keep the plan feasible the same way (every change is
scheduled exactly before it is kept).
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import TYPE_CHECKING

from seribu_planner.model import Boat
from seribu_planner.solver.routes import Route
from seribu_planner.solver.schedule import Call, TripSpec

if TYPE_CHECKING:
    from seribu_planner.solver.search import Search

#: Rounds a fleet move searches.
FLEET_MOVE_LENGTH = 30


def polish(search: Search) -> None:
    """Cheaper orders of stops within each trip, and the best end port of each trip."""
    for route in search.routes.values():
        improved = True
        while improved:
            improved = reorder(search, route) or end_ports(search, route)


def reorder(search: Search, route: Route) -> bool:
    env = search.env
    leg = env.legs(route.boat)
    for k, trip in enumerate(route.trips):
        calls = list(trip.calls)
        n = len(calls)
        if n < 2 or trip.locked:
            continue
        places = trip.places
        base = sum(leg(places[i], places[i + 1]) for i in range(n + 1))
        options: list[tuple[int, tuple[Call, ...]]] = []
        for i in range(n):
            for j in range(i + 1, n):
                flipped = (*calls[:i], *reversed(calls[i : j + 1]), *calls[j + 1 :])
                options.append((legs_of(search, route, trip, flipped) - base, flipped))
            for j in range(n + 1):
                if j in (i, i + 1):
                    continue
                moved = [c for m, c in enumerate(calls) if m != i]
                moved.insert(j if j < i else j - 1, calls[i])
                options.append((legs_of(search, route, trip, tuple(moved)) - base, tuple(moved)))
        for delta, order in sorted(options, key=lambda o: o[0]):
            if delta >= 0:
                break
            spec = trip.with_calls(order)
            tail = [spec, *route.trips[k + 1 :]]
            times = env.reschedule(route, k, tail)
            if times is not None:
                route.trips[k:] = tail
                route.times[k:] = times
                return True
    return False


def legs_of(search: Search, route: Route, trip: TripSpec, calls: tuple[Call, ...]) -> int:
    leg = search.env.legs(route.boat)
    places = (trip.start, *(c.island for c in calls), trip.end)
    return sum(leg(places[i], places[i + 1]) for i in range(len(places) - 1))


def end_ports(search: Search, route: Route) -> bool:
    """Move a trip's end (and the next trip's start) to a cheaper port."""
    env = search.env
    leg = env.legs(route.boat)
    trips = route.trips
    for k, trip in enumerate(trips):
        last = trip.calls[-1].island if trip.calls else trip.start
        after = trips[k + 1] if k + 1 < len(trips) else None
        if trip.locked or (after is not None and after.locked):
            continue
        nxt = after.calls[0].island if after is not None and after.calls else None

        def cost(port: str, last: str = last, nxt: str | None = nxt) -> int:
            return leg(last, port) + (leg(port, nxt) if nxt is not None else 0)

        now = cost(trip.end)
        for port in sorted(env.ports_of.get(route.boat.id, []), key=cost):
            if cost(port) >= now:
                break
            tail = [trip.with_end(port)]
            if after is not None:
                tail.append(after.with_start(port))
                tail.extend(trips[k + 2 :])
            times = env.reschedule(route, k, tail)
            if times is not None:
                route.trips[k:] = tail
                route.times[k:] = times
                return True
    return False


def fleet_move(search: Search, rng: random.Random, boat: str) -> int:
    """Try the plan without ``boat``; keep it only if it is cheaper after a short search.

    Half the time the boat's trips go whole to one idle boat that may carry them all
    (split where its capacity is smaller: ``substitute``); otherwise the boat and its
    twins (same home, speed, capacity, limits, cost, which would only take its place)
    are emptied and kept out while the search rebuilds.
    """
    before = search.snapshot()
    value = search.objective()
    banned = search.env.twins(boat)
    idle = idle_substitutes(search, boat) if rng.random() < 0.5 else []
    if idle:
        other = idle[rng.randrange(len(idle))]
        # Every other idle boat that could take the work is kept out as well, so the
        # search tries the chosen one in earnest.
        banned |= {b for b in able_boats(search, boat) if not search.routes[b].trips}
        banned -= search.env.twins(other)
        substitute(search, boat, other)
    for twin in sorted(b for b in banned if search.routes[b].trips):
        while search.routes[twin].trips:
            if not search.take(twin, 0, 0):
                search.restore(before)
                return 1
    search.banned = banned
    spent = search.lns(rng, FLEET_MOVE_LENGTH, 0, FLEET_MOVE_LENGTH, recreate_first=True)
    search.banned = set()
    if search.objective() >= value:
        search.restore(before)
    return spent


def able_boats(search: Search, boat: str) -> set[str]:
    """The boats that may carry every kit ``boat`` carries now."""
    pieces = [search.env.piece(c.island, c.tps) for t in search.routes[boat].trips for c in t.calls]
    return set.intersection(*({b.id for b in search.env.carriers_of(p)} for p in pieces))


def idle_substitutes(search: Search, boat: str) -> list[str]:
    """Idle boats (one per class of twins) that may carry every kit ``boat`` carries."""
    able = able_boats(search, boat)
    seen: set[str] = set()
    out: list[str] = []
    for b in sorted(able):
        if not search.routes[b].trips and b not in seen and b not in search.env.twins(boat):
            out.append(b)
            seen |= search.env.twins(b)
    return out


def substitute(search: Search, boat: str, other: str) -> None:
    """Give the trips of ``boat`` to the idle ``other``, split to fit its capacity.

    The trips keep their stops in order; the first starts at the other boat's home,
    and a split trip's parts each end at the port the trip ended at. A trip the other
    boat cannot sail in time goes back to the unserved pieces for the search to place.
    """
    env = search.env
    target = search.routes[other]
    carrier = target.boat
    ports = env.ports_of.get(other, [])
    start = carrier.home
    for trip in search.routes[boat].trips:
        end = trip.end if trip.end in ports else carrier.home
        for calls in fill(search, carrier, trip.calls):
            spec = TripSpec(start, calls, end)
            fits = env.fits(carrier, *env.trip_load(spec))  # a kit larger than the boat
            times = env.reschedule(target, len(target.trips), [spec]) if fits else None
            if times is None:
                search.unserved.extend(env.piece(c.island, c.tps) for c in calls)
                continue
            target.trips.append(spec)
            target.times.extend(times)
            start = end
    search.routes[boat].trips, search.routes[boat].times = [], []


def fill(search: Search, boat: Boat, calls: tuple[Call, ...]) -> list[tuple[Call, ...]]:
    """The calls cut into consecutive loads that each fit the boat (a call may split)."""
    env = search.env
    loads: list[tuple[Call, ...]] = []
    current: list[Call] = []
    kg = m3 = 0.0
    for call in calls:
        taken: list[str] = []
        for t in call.tps:
            if not env.fits(boat, kg + env.kg[t], m3 + env.m3[t]):
                if taken:
                    current.append(Call(call.island, tuple(taken)))
                    taken = []
                if current:
                    loads.append(tuple(current))
                current, kg, m3 = [], 0.0, 0.0
            taken.append(t)
            kg += env.kg[t]
            m3 += env.m3[t]
        if taken:
            current.append(Call(call.island, tuple(taken)))
    if current:
        loads.append(tuple(current))
    return loads


def repair(search: Search, rng: random.Random) -> None:
    """Make room for pieces left out by sailing a boat's trips in another order.

    A trip whose islands only open late may have to swap places with an earlier one
    before a kit that needs that late window fits in (the stops of each trip stay as
    they are; each position in the chain keeps its ports).
    """
    for b in sorted(search.routes):
        route = search.routes[b]
        n = len(route.trips)
        for i in range(n):
            for j in range(i + 1, n):
                if not search.unserved:
                    return
                before = search.snapshot()
                value = search.objective()
                trips = list(route.trips)
                a, c = trips[i], trips[j]
                if a.locked or c.locked:
                    continue
                trips[i] = replace(c, start=a.start, end=a.end)
                trips[j] = replace(a, start=c.start, end=c.end)
                times = search.env.reschedule(route, i, trips[i:])
                if times is None:
                    continue
                route.trips[i:] = trips[i:]
                route.times[i:] = times
                waiting = search.unserved
                search.unserved = [p for p in waiting if not search.insert(p)]
                if search.objective() >= value:
                    search.restore(before)
