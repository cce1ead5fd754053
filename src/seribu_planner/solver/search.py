"""Large-neighbourhood search over exact itineraries: ruin, recreate, accept.

The unit the search moves is a *piece*: the kits a stop drops, or part of them. Each
iteration takes some pieces out of the plan (the stops near a random stop, part of a stop,
a whole trip, or every stop of one boat), puts them back one by one at their cheapest
feasible place (joining a stop at the same island, a new stop in a trip, or a new trip
anywhere in a boat's chain of trips, ending at any port the boat may use), and keeps the
result by a simulated-annealing rule. Every place tried is scheduled exactly
(``schedule``), so every state of the search keeps every rule; cost deltas are computed
first and only the cheapest candidates are scheduled. Pieces that fit nowhere stay
unserved at a penalty above any plan's cost, so the search serves all it can first.

Everything random comes from one ``random.Random`` seeded by the caller and every phase
stops on a count, so the same input gives the same plan on any machine.
"""

from __future__ import annotations

import math
import random
import time

from seribu_planner.solver import moves
from seribu_planner.solver.routes import Env, Piece, Route, with_tps
from seribu_planner.solver.schedule import Call, TripSpec, TripTimes

#: Feasibility checks tried per piece insertion, cheapest delta first.
MAX_TRIES = 400
#: Rounds of plain ruin and recreate between chances of a fleet move (``moves``), and the
#: chance of one after each block.
BLOCK = 10
FLEET_MOVE_SHARE = 0.15

#: Where a piece could go (see ``Search.places``).
Place = tuple[int, str, int, int, int, str]
State = tuple[dict[str, tuple[list[TripSpec], list[TripTimes]]], list[Piece]]


class Search:
    """The current plan, with moves that keep it feasible, and the LNS loop."""

    def __init__(
        self,
        env: Env,
        routes: dict[str, Route],
        unserved: list[Piece],
        approved: dict[str, int] | None = None,
    ) -> None:
        self.env = env
        self.routes = routes
        self.unserved = list(unserved)
        self._tps = env.ctx.data.tps_by_id
        #: Boats the search may not use for now (a fleet move tries the plan without them).
        self.banned: set[str] = set()
        # A penalty above the cost of any plan: every boat used, sailing the whole horizon.
        horizon = env.ctx.horizon
        base = 1 + sum(env.fixed + horizon * env.rate[b.id] for b in env.boats)
        #: When re-planning: the approved trip (``TripSpec.origin``) of each TPS. Moving a
        #: TPS to another boat or trip costs more than any plan; leaving one out, more than
        #: moving them all.
        self.approved = approved or {}
        self.change_penalty = base if self.approved else 0
        self.penalty = base * (len(self._tps) + 1) if self.approved else base

    # ------------------------------------------------------------------ figures

    def cost(self) -> int:
        """Cost units of the plan (without penalties)."""
        return sum(self.env.route_cost(r) for r in self.routes.values())

    def unserved_tps(self) -> int:
        """Number of TPS left out."""
        return sum(len(p.tps) for p in self.unserved)

    def changed(self) -> int:
        """TPS that left their approved trip (0 when not re-planning)."""
        if not self.approved:
            return 0
        moved = 0
        for route in self.routes.values():
            for trip in route.trips:
                for call in trip.calls:
                    for tps in call.tps:
                        origin = self.approved.get(tps)
                        moved += origin is not None and origin != trip.origin
        return moved

    def objective(self) -> int:
        """Cost plus the penalties of every TPS left out and every TPS moved."""
        return (
            self.cost() + self.penalty * self.unserved_tps() + self.change_penalty * self.changed()
        )

    def snapshot(self) -> State:
        """A copy of the state to come back to."""
        return (
            {b: (list(r.trips), list(r.times)) for b, r in self.routes.items()},
            list(self.unserved),
        )

    def restore(self, state: State) -> None:
        """Go back to a snapshot."""
        routes, unserved = state
        for b, (trips, times) in routes.items():
            self.routes[b].trips = list(trips)
            self.routes[b].times = list(times)
        self.unserved = list(unserved)

    def stops(self) -> list[tuple[str, int, int]]:
        """Every stop of the plan as (boat, trip index, stop index), in plan order."""
        return [
            (b, k, j)
            for b, route in self.routes.items()
            for k, trip in enumerate(route.trips)
            if not trip.locked
            for j in range(len(trip.calls))
        ]

    # ------------------------------------------------------------------ removal

    def take(self, boat: str, k: int, j: int, tps: tuple[str, ...] | None = None) -> bool:
        """Take a stop (or the kits ``tps`` of it) out of the plan into the unserved pieces.

        False, with nothing changed, when the plan without it would break a rule (a direct
        leg between the stops on either side may need a window the two legs did not).
        """
        route = self.routes[boat]
        trip = route.trips[k]
        if trip.locked:
            return False
        calls = list(trip.calls)
        call = calls[j]
        taken = call.tps if tps is None else tps
        left = tuple(t for t in call.tps if t not in set(taken))
        if left:
            calls[j] = Call(call.island, left)
        else:
            del calls[j]
            if 0 < j < len(calls) and calls[j - 1].island == calls[j].island:
                # The stops on either side are at one island now: one stop, one mooring.
                calls[j - 1 : j + 1] = [with_tps(calls[j - 1], calls[j].tps, self._tps)]
        tail: list[TripSpec]
        if calls:
            tail = [trip.with_calls(tuple(calls)), *route.trips[k + 1 :]]
        elif k + 1 < len(route.trips):
            after = route.trips[k + 1]
            if after.locked and after.start != trip.start:
                return False  # the next trip is under way from where this one ended
            tail = [after.with_start(trip.start), *route.trips[k + 2 :]]
        else:
            tail = []
        times = self.env.reschedule(route, k, tail)
        if times is None:
            return False
        route.trips[k:] = tail
        route.times[k:] = times
        self.unserved.append(self.env.piece(call.island, taken))
        return True

    # ------------------------------------------------------------------ insertion

    def places(self, piece: Piece) -> list[Place]:
        """Every way to add the piece to the plan, cheapest cost delta first (unchecked).

        A place is ``(delta, boat, trip index, kind, stop index, end port)``: kind 0 joins
        the stop at that index, 1 adds a new stop before it, 2 adds a new trip. Of idle
        twins (boats alike but for their names) only the first is offered, and a trip at
        the end of a boat's chain is offered with its two cheapest end ports.
        """
        env = self.env
        kg, m3 = piece.kg, piece.m3
        out: list[Place] = []
        x = piece.island
        idle_classes: set[str] = set()
        for boat in env.carriers_of(piece):
            if boat.id in self.banned or not env.fits(boat, kg, m3):
                continue
            route = self.routes[boat.id]
            trips = route.trips
            if not trips:
                first_twin = env.first_twin(boat.id)
                if first_twin in idle_classes:
                    continue
                idle_classes.add(first_twin)
            leg = env.legs(boat)
            bid = boat.id
            for k, trip in enumerate(trips):
                if trip.locked:
                    continue
                tkg, tm3 = env.trip_load(trip)
                if kg + tkg > boat.capacity_kg + 1e-9 or m3 + tm3 > boat.capacity_m3 + 1e-9:
                    continue
                places = trip.places
                calls = trip.calls
                for j, call in enumerate(calls):
                    if call.island == x:
                        out.append((0, bid, k, 0, j, ""))
                for j in range(len(calls) + 1):
                    a, c = places[j], places[j + 1]
                    if a == x or c == x:
                        continue  # next to a stop at the same island: joining it is better
                    out.append((leg(a, x) + leg(x, c) - leg(a, c), bid, k, 1, j, ""))
            fixed = env.fixed if not trips else 0
            for k in range(len(trips) + 1):
                start = trips[k - 1].end if k > 0 else boat.home
                into = fixed + leg(start, x)
                if k < len(trips):
                    end = trips[k].start
                    out.append((into + leg(x, end), bid, k, 2, 0, end))
                    continue
                ends = sorted((leg(x, p), p) for p in env.ports_of.get(bid, []))
                for back, end in ends[:2]:
                    out.append((into + back, bid, k, 2, 0, end))
        out.sort()
        return out

    def _apply(self, piece: Piece, place: Place) -> tuple[int, list[TripSpec]]:
        """The first trip index that changes and the trips from there, with the piece added."""
        _, boat_id, k, kind, j, end = place
        trips = self.routes[boat_id].trips
        if kind == 2:
            start = trips[k - 1].end if k > 0 else self.routes[boat_id].boat.home
            return k, [TripSpec(start, (Call(piece.island, piece.tps),), end), *trips[k:]]
        trip = trips[k]
        calls = trip.calls
        if kind == 0:
            added = with_tps(calls[j], piece.tps, self._tps)
            new_calls = (*calls[:j], added, *calls[j + 1 :])
        else:
            new_calls = (*calls[:j], Call(piece.island, piece.tps), *calls[j:])
        return k, [trip.with_calls(new_calls), *trips[k + 1 :]]

    def insert(self, piece: Piece) -> bool:
        """Put a piece at its cheapest feasible place; False when there is none."""
        env = self.env
        # The cheapest places first. Leaving the kits out costs more than any detour, so a
        # piece goes on through dearer places (up to MAX_TRIES) before it is left out.
        for checked, place in enumerate(self.places(piece)):
            if checked >= MAX_TRIES:
                break
            first, trips = self._apply(piece, place)
            route = self.routes[place[1]]
            times = env.reschedule(route, first, trips)
            if times is None:
                continue
            route.trips[first:] = trips
            route.times[first:] = times
            return True
        return False

    # ------------------------------------------------------------------ polishing

    def polish(self) -> None:
        """Cheaper orders of stops within each trip, and the best end port of each trip."""
        moves.polish(self)

    # ------------------------------------------------------------------ LNS

    def run(self, rng: random.Random, iterations: int, deadline: float) -> bool:
        """Ruin and recreate for ``iterations`` rounds; True when the time cap cut it short.

        Now and then a *fleet move* takes every stop off one boat and searches a while
        without it, keeping the result only if the plan got cheaper: a single recreate
        rarely finds a plan with other boats at once, a short search often does. The best
        plan seen is restored at the end.
        """
        if self.unserved:
            self._recreate(rng)
        self._best = self.snapshot()
        self._best_value = self.objective()
        self._deadline = deadline
        legs = max(1, sum(len(t.calls) + 1 for r in self.routes.values() for t in r.trips))
        scale = max(1, self.cost() // legs)
        self._t_start, self._t_end = 0.1 * scale, 0.001 * scale
        done = 0
        while done < iterations:
            if time.perf_counter() > deadline:
                return True
            used = sorted(
                b for b, r in self.routes.items() if r.trips and not any(t.locked for t in r.trips)
            )
            if len(used) > 1 and rng.random() < FLEET_MOVE_SHARE:
                done += moves.fleet_move(self, rng, used[rng.randrange(len(used))])
            else:
                done += self.lns(rng, min(BLOCK, iterations - done), done, iterations)
        self.restore(self._best)
        return time.perf_counter() > deadline

    def lns(
        self,
        rng: random.Random,
        count: int,
        offset: int,
        total: int,
        *,
        recreate_first: bool = False,
    ) -> int:
        """``count`` ruin-and-recreate rounds from the current plan (SA acceptance)."""
        if recreate_first:
            self._recreate(rng)
        current = self.objective()
        for it in range(count):
            if time.perf_counter() > self._deadline:
                return it + 1
            state = self.snapshot()
            self._ruin(rng)
            self._recreate(rng)
            value = self.objective()
            phase = (offset + it) / max(1, total - 1)
            temperature = self._t_start * (self._t_end / self._t_start) ** phase
            if value <= current or rng.random() < math.exp(-(value - current) / temperature):
                current = value
                if value < self._best_value:
                    self._best_value = value
                    self._best = self.snapshot()
            else:
                self.restore(state)
        return count

    def _ruin(self, rng: random.Random) -> None:
        stops = self.stops()
        if not stops:
            return
        roll = rng.random()
        if roll < 0.06:
            # Empty one boat, and (mostly) keep its kits off it in the recreate: the way to
            # plans with fewer or other boats.
            used = sorted({b for b, _, _ in stops})
            boat = used[rng.randrange(len(used))]
            if any(t.locked for t in self.routes[boat].trips):
                return
            while self.routes[boat].trips:
                if not self.take(boat, 0, 0):
                    break
            return
        if roll < 0.16:
            # Empty one trip.
            b, k, _ = stops[rng.randrange(len(stops))]
            trips = self.routes[b].trips
            n = len(trips[k].calls) if k < len(trips) else 0
            for _ in range(n):
                if k >= len(trips) or not self.take(b, k, 0):
                    break
            return
        if roll < 0.30:
            # Split a stop: part of its kits go elsewhere.
            b, k, j = stops[rng.randrange(len(stops))]
            call = self.routes[b].trips[k].calls[j]
            if len(call.tps) > 1:
                cut = rng.randint(1, len(call.tps) - 1)
                self.take(b, k, j, call.tps[cut:])
            return
        # Stops near a random stop, nearest first.
        b, k, j = stops[rng.randrange(len(stops))]
        seed = self.routes[b].trips[k].calls[j].island
        count = rng.randint(1, max(1, min(10, len(stops) // 2 + 1)))
        near = self.env.near(seed)
        for island in near:
            if count <= 0:
                break
            for b2, k2, j2 in reversed(self.stops()):
                if count <= 0:
                    break
                trip = self.routes[b2].trips[k2]
                here = j2 < len(trip.calls) and trip.calls[j2].island == island
                if here and self.take(b2, k2, j2):
                    count -= 1

    def _recreate(self, rng: random.Random) -> None:
        order = rng.random()
        todo = list(self.unserved)
        env = self.env
        if order < 0.3:
            rng.shuffle(todo)
        elif order < 0.55:
            todo.sort(key=lambda p: (-p.m3, -p.kg, p.tps))
        elif order < 0.8:
            todo.sort(key=lambda p: (env.hardness(p), p.tps))
        else:
            todo.sort(key=lambda p: (-env.remoteness(p), p.tps))
        self.unserved = []
        left: list[Piece] = []
        while todo:
            piece = todo.pop(0)
            if self.insert(piece):
                continue
            if len(piece.tps) > 1:
                # Too big for every place with room: the two halves may fit apart.
                half = len(piece.tps) // 2
                todo[:0] = [
                    env.piece(piece.island, piece.tps[:half]),
                    env.piece(piece.island, piece.tps[half:]),
                ]
            else:
                left.append(piece)
        self.unserved = left
        if left:
            moves.repair(self, rng)
