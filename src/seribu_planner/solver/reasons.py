"""Reason codes for TPS the plan cannot serve (PRODUCT.md rule 9), derived without the solver.

``no_boat_can_call`` and ``kit_exceeds_capacity`` follow from the data;
``no_sailing_window`` from an exact earliest-arrival search over each boat's sailing
windows, so it is only claimed when no legal out-and-back exists at all; ``fleet_time``
is what remains: some boat alone could do it, but the plan had no room or time left.
"""

from __future__ import annotations

import heapq
import math
from datetime import datetime

from seribu_planner.derive.weather import earliest_departure
from seribu_planner.model import Boat, Island, Port, Tps
from seribu_planner.plan import N_, Reason, Unserved, Wording
from seribu_planner.solver.problem import Problem


class Reachability:
    """Whether one boat alone could deliver a kit legally: the test behind rule 9's codes.

    An earliest-arrival search over legal legs (FIFO: waiting is free, so arriving earlier
    never makes a later leg impossible). Passing through an island costs its unload time
    (every call does, rule 6) and passing through a port its loading time (a new trip).
    A cheap direct out-and-back is tried first; the full search only when it fails.
    """

    def __init__(self, problem: Problem, not_before: int = 0) -> None:
        self.problem = problem
        #: When re-planning from a moment (minutes): nothing leaves before it, and a boat
        #: may be at any port where it may berth, not only at home.
        self.not_before = not_before
        self._outbound: dict[str, dict[str, int]] = {}
        self._delivers: dict[tuple[str, str, int, bool], bool] = {}

    def _search(self, boat: Boat, origin: str, ready: int) -> dict[str, int]:
        problem = self.problem
        eligibility = problem.eligibility
        places = [p.id for p in eligibility.load_ports(boat)]
        places += [i.id for i in eligibility.call_islands(boat)]
        best: dict[str, int] = {origin: ready}
        heap = [(ready, origin)]
        while heap:
            arrived, here = heapq.heappop(heap)
            if arrived > best[here]:
                continue
            place = problem.places[here]
            leave = arrived
            if here != origin:
                leave += place.load_minutes if isinstance(place, Port) else place.unload_minutes
            for there in places:
                if there == here:
                    continue
                duration = problem.minutes(boat, here, there)
                windows = problem.leg_windows(boat, here, there)
                depart = earliest_departure(windows, leave, duration)
                if depart is None:
                    continue
                arrival = depart + duration
                if arrival < best.get(there, math.inf):
                    best[there] = arrival
                    heapq.heappush(heap, (arrival, there))
        return best

    def _start(self, boat: Boat, port: str | None = None) -> int:
        home = self.problem.data.ports_by_id[port or boat.home]
        return max(self.problem.ready(home), self.not_before) + home.load_minutes

    def _origins(self, boat: Boat) -> list[str]:
        """Where the boat may set out from: home, or (re-planning) any port it may use."""
        if not self.not_before:
            return [boat.home]
        return [p.id for p in self.problem.eligibility.load_ports(boat)] or [boat.home]

    def direct_arrival(self, boat: Boat, island: Island) -> int | None:
        """Earliest arrival sailing straight from the boat's home port (re-planning: from
        any port it may use)."""
        problem = self.problem
        best: int | None = None
        for origin in self._origins(boat):
            duration = problem.minutes(boat, origin, island.id)
            windows = problem.leg_windows(boat, origin, island.id)
            depart = earliest_departure(windows, self._start(boat, origin), duration)
            if depart is not None and (best is None or depart + duration < best):
                best = depart + duration
        return best

    def arrival(self, boat: Boat, island: Island) -> int | None:
        """Earliest legal arrival of the boat at the island, by any route from home."""
        if boat.id not in self._outbound:
            reached: dict[str, int] = {}
            for origin in self._origins(boat):
                for place, t in self._search(boat, origin, self._start(boat, origin)).items():
                    reached[place] = min(reached.get(place, t), t)
            self._outbound[boat.id] = reached
        return self._outbound[boat.id].get(island.id)

    def delivers(self, boat: Boat, island: Island, deadline: int, *, direct: bool) -> bool:
        """Whether the boat alone can be at the island by ``deadline`` and get back to port.

        With ``direct`` only the straight leg from home is tried; else any route.
        """
        key = (boat.id, island.id, deadline, direct)
        known = self._delivers.get(key)
        if known is None:
            arrival = self.direct_arrival(boat, island) if direct else self.arrival(boat, island)
            known = (
                arrival is not None
                and arrival <= deadline
                and self.returns(boat, island, arrival + self.problem.service(island, 1))
            )
            self._delivers[key] = known
        return known

    def returns(self, boat: Boat, island: Island, leave: int) -> bool:
        """Whether the boat, leaving the island at ``leave``, can reach any port by the end."""
        problem = self.problem
        ports = problem.eligibility.load_ports(boat)
        for port in ports:
            duration = problem.minutes(boat, island.id, port.id)
            windows = problem.leg_windows(boat, island.id, port.id)
            if earliest_departure(windows, leave, duration) is not None:
                return True
        reached = self._search(boat, island.id, leave)
        return any(p.id in reached for p in ports)


def hopeless(problem: Problem, reach: Reachability, tps: Tps) -> Unserved | None:
    """Why no plan at all could serve this TPS, or None when some boat alone could."""
    data = problem.data
    island = data.islands_by_id[tps.island]
    may = [b for b in data.boats if problem.may_carry(b, tps)]
    if not may:
        detail = problem.eligibility.no_carrier(island, tps.kind)
        assert detail is not None, "may_carry and no_carrier disagree"
        return Unserved.because(tps.id, Reason.NO_BOAT_CAN_CALL, detail)
    kit = problem.kits[tps.id]
    carriers = [b for b in may if problem.fits(b, kit.kg, kit.m3)]
    if not carriers:
        largest = max(may, key=lambda b: (b.capacity_kg, b.capacity_m3, b.id))
        detail = Wording.of(
            N_(
                "the kit ({kg:,.1f} kg, {m3:.2f} m3) is larger than every boat that may call "
                "(largest: {boat}, {capacity_kg:,.0f} kg, {capacity_m3:g} m3)"
            ),
            kg=kit.kg,
            m3=kit.m3,
            boat=largest.id,
            capacity_kg=largest.capacity_kg,
            capacity_m3=largest.capacity_m3,
        )
        return Unserved.because(tps.id, Reason.KIT_EXCEEDS_CAPACITY, detail)
    deadline = problem.deadline(tps)
    # Cheap test first for every boat (straight out and back), the full search after.
    if any(reach.delivers(boat, island, deadline, direct=True) for boat in carriers):
        return None
    if any(reach.delivers(boat, island, deadline, direct=False) for boat in carriers):
        return None
    arrivals = [(reach.arrival(b, island), b.id) for b in carriers]
    best = min(((a, b) for a, b in arrivals if a is not None), default=None)
    due = _local(problem, deadline)
    if best is None:
        detail = Wording.of(
            N_(
                "no sailing window lets a boat that may call reach {island} ({zone}) before "
                "the campaign ends"
            ),
            island=island.name,
            zone=island.zone,
        )
    elif best[0] > deadline:
        detail = Wording.of(
            N_(
                "the earliest any boat can reach {island} is {boat} at {arrive}, after the "
                "deadline {deadline}"
            ),
            island=island.name,
            boat=best[1],
            arrive=_local(problem, best[0]),
            deadline=due,
        )
    else:
        detail = Wording.of(
            N_(
                "boats can reach {island} by {deadline}, but no sailing window brings any of "
                "them back to a port by the campaign end"
            ),
            island=island.name,
            deadline=due,
        )
    return Unserved.because(tps.id, Reason.NO_SAILING_WINDOW, detail)


def _local(problem: Problem, minute: int) -> datetime:
    """A minute of the campaign as a time in its zone, for a sentence."""
    return problem.clock.at(minute).astimezone(problem.data.campaign.tz)


def fleet_time(problem: Problem, tps: Tps) -> Unserved:
    island = problem.data.islands_by_id[tps.island]
    detail = Wording.of(
        N_(
            "a boat alone could reach {island} before {deadline}, but no trip in the plan had "
            "room or sailing time left for this kit"
        ),
        island=island.name,
        deadline=_local(problem, problem.deadline(tps)),
    )
    return Unserved.because(tps.id, Reason.FLEET_TIME, detail)
