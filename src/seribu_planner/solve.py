"""Plan the boat runs with Google OR-Tools routing. The only module that imports ortools.

The model
---------
* **Drops.** TPS are not handed to the solver one by one: the TPS of one island that share
  a kind and a deadline are packed into as few *drop groups* as the smallest boat that
  may carry them allows (one group per island on the real data). A group is a routing
  node with its kit weight and volume as demands and ``unload_minutes`` plus
  ``per_tps_minutes`` per kit as service time.
* **Multi-trip.** One routing vehicle per (boat, trip). A boat's trips start and end at
  its home port (the solver is more cautious than rule 2, which allows ending at another
  port). Each trip vehicle is tied to a *sailing block* of its boat, and the blocks of one
  boat are disjoint in time, a loading time apart: trips can never overlap, and the
  routing model needs no constraint across vehicles. (Linking overlapping trip vehicles
  with cumul constraints, the usual recipe, made the first solution and every local-search
  move go through constraint propagation; on 2,000 TPS it did not finish in ten minutes.)
  Capacity stays a plain per-vehicle dimension in kg and in m3, reset for every trip.
* **Weather.** A sailing block is an interval in which the boat may sail in every zone of
  a zone set: its forecast at or below the boat's wave limit, daylight for boats without
  night sailing, its availability. Each window of the home port's zone is cut where the
  set of open zones changes and merged back greedily (``sailing_blocks``); a window longer
  than a day or so is split into several blocks for boats that sail day and night. A
  vehicle may only visit groups in its block's zones and must depart and return inside
  the block, so every leg it sails is legal by construction. This is cautious: a trip
  never waits out a closure at a pier, though the rules allow it, and a boat makes one
  trip per block; the benchmarks measure what that caution costs.
* **Times.** After the search each trip is scheduled exactly, leg by leg, at the earliest
  legal departure (waiting at a pier or port is free). Earliest departure is monotone in
  the ready time, so this schedule is never later than the one the solver proved
  feasible: deadlines and the campaign end still hold.
* **Objective.** Every TPS dropped costs a penalty far above any plan cost (a disjunction
  per group), so the solver serves all it can and never fails outright; then hours under
  way times ``cost_per_hour`` as arc costs, and ``fixed_cost_per_boat`` as the fixed cost
  of each trip vehicle (an upper bound on the true per-boat term, which ``summary``
  reports), plus a tiny tie-breaker that prefers earlier trips.
* **Determinism.** Nothing stops on the clock except the time cap: the first solution is
  built by local cheapest insertion, the local search runs to a local optimum (or to a
  solution-count limit), and the LNS operators, whose sub-searches stop on a clock, are
  switched off. The same input and options give the same plan on any machine load.

A TPS the model cannot serve gets a reason code (rule 9), derived outside the solver:
``no_boat_can_call`` and ``kit_exceeds_capacity`` from the data, ``no_sailing_window``
from an exact earliest-arrival search over the sailing windows of each boat (so it is
only claimed when no legal out-and-back exists), and ``fleet_time`` otherwise.
"""

from __future__ import annotations

import heapq
import itertools
import math
import time as time_module
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from ortools.util import optional_boolean_pb2

from seribu_planner.kit import Kit, kit_for
from seribu_planner.model import Boat, DataSet, Island, Port, Tps, TpsKind
from seribu_planner.network import SeaNetwork
from seribu_planner.plan import BoatPlan, Plan, Reason, Stop, Trip, Unserved
from seribu_planner.weather import (
    Clock,
    Interval,
    availability_intervals,
    earliest_departure,
    horizon_minutes,
    intersect,
    sailing_windows,
)

GRAMS_PER_KG = 1000
ML_PER_M3 = 1_000_000
#: Cost of leaving one TPS unserved, in the objective's currency units. Far above any
#: realistic plan cost, so that serving one more TPS always wins.
DROP_PENALTY = 10**13
#: Tie-breaker per hour a trip slot starts after the campaign start: among plans of equal
#: cost, the one that sails earlier (more slack to the deadlines) wins. Small against
#: any real cost difference (a week of delay adds less than Rp 17,000).
EARLY_BIAS_PER_HOUR = 100


@dataclass(frozen=True)
class SolveParams:
    """Search settings. The defaults are chosen by ``benchmarks/`` (see its README)."""

    #: Hard cap on search time in seconds; the search normally stops earlier on its own
    #: (the bundled data in well under a second, 5,000 TPS in about three minutes).
    time_limit_s: float = 600.0
    #: Longest trip in hours (for boats that sail day and night; others stop at dusk).
    max_trip_hours: int = 24
    #: Local-search improvement: "greedy" stops at the first local optimum; "guided" then
    #: runs guided local search from it until ``solution_limit`` solutions were found;
    #: "auto" is guided up to ``guided_up_to`` drop groups and greedy above (both stop on
    #: a count, not the clock, so either way the same input gives the same plan).
    improvement: str = "auto"
    solution_limit: int = 300
    guided_up_to: int = 150
    #: OR-Tools first-solution strategy (a ``FirstSolutionStrategy`` name).
    first_solution: str = "LOCAL_CHEAPEST_INSERTION"


# --------------------------------------------------------------------------- preparation


@dataclass(frozen=True)
class Group:
    """TPS of one island, one kind and one deadline, dropped in one call."""

    island: Island
    kind: TpsKind
    deadline: int
    tps: tuple[Tps, ...]
    kg: float
    m3: float


@dataclass(frozen=True)
class Block:
    """An interval in which a boat may sail in every zone of ``zones``."""

    zones: frozenset[str]
    start: int
    end: int


@dataclass(frozen=True)
class TripSlot:
    """One routing vehicle: trip ``k`` of a boat inside a sailing block."""

    boat: Boat
    block: Block
    earliest_departure: int


@dataclass
class Problem:
    """Everything derived from the data set that the solver and the scheduler share."""

    data: DataSet
    clock: Clock
    horizon: int
    network: SeaNetwork
    kits: dict[str, Kit]
    windows: dict[str, dict[str, list[Interval]]]  # boat -> zone -> windows
    places: dict[str, Port | Island]
    _legs: dict[tuple[str, str, str], list[Interval]] = field(default_factory=dict)

    @classmethod
    def of(cls, data: DataSet) -> Problem:
        """Derive distances, kits and sailing windows once."""
        places: dict[str, Port | Island] = {p.id: p for p in data.ports}
        places.update({i.id: i for i in data.islands})
        return cls(
            data=data,
            clock=Clock(data.campaign.start),
            horizon=horizon_minutes(data),
            network=SeaNetwork.of(data),
            kits={t.id: kit_for(data.campaign, t) for t in data.tps},
            windows={b.id: sailing_windows(data, b) for b in data.boats},
            places=places,
        )

    def service(self, island: Island, kits: int) -> int:
        """Minutes alongside to unload ``kits`` TPS kits."""
        return island.unload_minutes + self.data.campaign.per_tps_minutes * kits

    def deadline(self, tps: Tps) -> int:
        """The TPS deadline in minutes, rounded down."""
        return min(self.clock.minute_floor(self.data.tps_deadline(tps)), self.horizon)

    def leg_windows(self, boat: Boat, a: str, b: str) -> list[Interval]:
        """Windows in which ``boat`` may sail between places a and b."""
        za, zb = self.places[a].zone, self.places[b].zone
        key = (boat.id, za, zb) if za <= zb else (boat.id, zb, za)
        cached = self._legs.get(key)
        if cached is None:
            windows = self.windows[boat.id]
            cached = intersect(windows.get(za, []), windows.get(zb, []))
            self._legs[key] = cached
        return cached

    def minutes(self, boat: Boat, a: str, b: str) -> int:
        """Minutes under way from a to b for this boat."""
        return self.network.minutes(a, b, boat.speed_knots)

    def ready(self, port: Port) -> int:
        """First minute kits can be loaded at a port."""
        return max(0, self.clock.minute_ceil(self.data.port_ready(port)))

    def may_call(self, boat: Boat, island: Island) -> bool:
        """Whether the boat's draft fits the island's pier."""
        return island.pier_depth_m is None or island.pier_depth_m >= boat.draft_m

    def may_carry(self, boat: Boat, tps: Tps) -> bool:
        """Whether the boat may call at the TPS's island and carries its kind."""
        island = self.data.islands_by_id[tps.island]
        return tps.kind in boat.serves and self.may_call(boat, island)

    def fits(self, boat: Boat, kg: float, m3: float) -> bool:
        """Whether a load fits the boat's capacity."""
        return kg <= boat.capacity_kg + 1e-9 and m3 <= boat.capacity_m3 + 1e-9


# --------------------------------------------------------------------------- reasons


class Reachability:
    """Whether one boat alone could deliver a kit legally: the test behind rule 9's codes.

    An earliest-arrival search over legal legs (FIFO: waiting is free, so arriving earlier
    never makes a later leg impossible). Passing through an island costs its unload time
    (every call does, rule 6) and passing through a port its loading time (a new trip).
    A cheap direct out-and-back is tried first; the full search only when it fails.
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self._outbound: dict[str, dict[str, int]] = {}
        self._delivers: dict[tuple[str, str, int, bool], bool] = {}

    def _search(self, boat: Boat, origin: str, ready: int) -> dict[str, int]:
        problem = self.problem
        data = problem.data
        places = [p.id for p in data.ports] + [
            i.id for i in data.islands if problem.may_call(boat, i)
        ]
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

    def _start(self, boat: Boat) -> int:
        home = self.problem.data.ports_by_id[boat.home]
        return self.problem.ready(home) + home.load_minutes

    def direct_arrival(self, boat: Boat, island: Island) -> int | None:
        """Earliest arrival sailing straight from the boat's home port."""
        problem = self.problem
        duration = problem.minutes(boat, boat.home, island.id)
        windows = problem.leg_windows(boat, boat.home, island.id)
        depart = earliest_departure(windows, self._start(boat), duration)
        return None if depart is None else depart + duration

    def arrival(self, boat: Boat, island: Island) -> int | None:
        """Earliest legal arrival of the boat at the island, by any route from home."""
        if boat.id not in self._outbound:
            self._outbound[boat.id] = self._search(boat, boat.home, self._start(boat))
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
        for port in problem.data.ports:
            duration = problem.minutes(boat, island.id, port.id)
            windows = problem.leg_windows(boat, island.id, port.id)
            if earliest_departure(windows, leave, duration) is not None:
                return True
        reached = self._search(boat, island.id, leave)
        return any(p.id in reached for p in problem.data.ports)


def hopeless(problem: Problem, reach: Reachability, tps: Tps) -> Unserved | None:
    """Why no plan at all could serve this TPS, or None when some boat alone could."""
    data = problem.data
    island = data.islands_by_id[tps.island]
    may = [b for b in data.boats if problem.may_carry(b, tps)]
    if not may:
        serving = [b for b in data.boats if tps.kind in b.serves]
        if not serving:
            detail = f"no boat of the fleet carries {tps.kind.value} TPS kits"
        else:
            least = min(b.draft_m for b in serving)
            detail = (
                f"the pier at {island.name} ({island.pier_depth_m:g} m) is shallower than the "
                f"draft of every boat that carries {tps.kind.value} kits (least {least:g} m)"
            )
        return Unserved(tps.id, Reason.NO_BOAT_CAN_CALL, detail)
    kit = problem.kits[tps.id]
    carriers = [b for b in may if problem.fits(b, kit.kg, kit.m3)]
    if not carriers:
        largest = max(may, key=lambda b: (b.capacity_kg, b.capacity_m3, b.id))
        detail = (
            f"the kit ({kit.kg:,.1f} kg, {kit.m3:.2f} m3) is larger than every boat that may "
            f"call (largest: {largest.id}, {largest.capacity_kg:,.0f} kg, "
            f"{largest.capacity_m3:g} m3)"
        )
        return Unserved(tps.id, Reason.KIT_EXCEEDS_CAPACITY, detail)
    deadline = problem.deadline(tps)
    # Cheap test first for every boat (straight out and back), the full search after.
    if any(reach.delivers(boat, island, deadline, direct=True) for boat in carriers):
        return None
    if any(reach.delivers(boat, island, deadline, direct=False) for boat in carriers):
        return None
    arrivals = [(reach.arrival(b, island), b.id) for b in carriers]
    best = min(((a, b) for a, b in arrivals if a is not None), default=None)
    due = _fmt(problem.clock.at(deadline))
    if best is None:
        detail = (
            f"no sailing window lets a boat that may call reach {island.name} "
            f"({island.zone}) before the campaign ends"
        )
    elif best[0] > deadline:
        detail = (
            f"the earliest any boat can reach {island.name} is {best[1]} at "
            f"{_fmt(problem.clock.at(best[0]))}, after the deadline {due}"
        )
    else:
        detail = (
            f"boats can reach {island.name} by {due}, but no sailing window brings any of "
            "them back to a port by the campaign end"
        )
    return Unserved(tps.id, Reason.NO_SAILING_WINDOW, detail)


def _fmt(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _fleet_time(problem: Problem, tps: Tps) -> Unserved:
    island = problem.data.islands_by_id[tps.island]
    due = _fmt(problem.clock.at(problem.deadline(tps)))
    return Unserved(
        tps.id,
        Reason.FLEET_TIME,
        f"a boat alone could reach {island.name} before {due}, but no trip in the plan had "
        "room or sailing time left for this kit",
    )


# --------------------------------------------------------------------------- groups


def _groups(problem: Problem, tps_list: Sequence[Tps]) -> list[Group]:
    """Pack the TPS of each island (same kind and deadline) into as few drops as fit."""
    data = problem.data
    by_key: dict[tuple[str, TpsKind, int], list[Tps]] = defaultdict(list)
    for tps in tps_list:
        by_key[(tps.island, tps.kind, problem.deadline(tps))].append(tps)
    groups: list[Group] = []
    for (island_id, kind, deadline), members in sorted(by_key.items()):
        island = data.islands_by_id[island_id]
        members.sort(key=lambda t: (t.number, t.id))
        carriers = [b for b in data.boats if problem.may_carry(b, members[0])]
        largest_kit_kg = max(problem.kits[t.id].kg for t in members)
        largest_kit_m3 = max(problem.kits[t.id].m3 for t in members)
        # A group must fit the smallest boat that can carry at least its largest kit.
        able = [b for b in carriers if problem.fits(b, largest_kit_kg, largest_kit_m3)]
        limit_kg = min(b.capacity_kg for b in able)
        limit_m3 = min(b.capacity_m3 for b in able)
        chunk: list[Tps] = []
        kg = m3 = 0.0
        for tps in members:
            kit = problem.kits[tps.id]
            if chunk and (kg + kit.kg > limit_kg + 1e-9 or m3 + kit.m3 > limit_m3 + 1e-9):
                groups.append(Group(island, kind, deadline, tuple(chunk), kg, m3))
                chunk, kg, m3 = [], 0.0, 0.0
            chunk.append(tps)
            kg += kit.kg
            m3 += kit.m3
        groups.append(Group(island, kind, deadline, tuple(chunk), kg, m3))
    return groups


# --------------------------------------------------------------------------- blocks


def sailing_blocks(
    windows: dict[str, list[Interval]],
    round_trip: dict[str, int],
    home_zone: str,
    max_minutes: int,
) -> list[Block]:
    """Disjoint intervals for a boat's trips, each with the zones it may visit throughout.

    ``round_trip`` gives, per zone where the boat has drops, the shortest out-and-back to
    one of them. Each window of the home zone is cut where the set of open zones changes,
    and the pieces are merged left to right; a new block starts where merging would lose a
    zone the block so far could already serve, or where a zone opens for long enough to
    serve it. Blocks at least twice ``max_minutes`` long are split evenly into pieces of at
    least ``max_minutes``, so that a boat that sails day and night makes several trips.
    Blocks never overlap, so the routing model needs no constraint between the trips of
    one boat.
    """
    useful = sorted(round_trip)

    def open_until(zone: str, moment: int) -> int | None:
        for s, e in windows.get(zone, []):
            if s <= moment < e:
                return e
        return None

    def serves_something(zones: frozenset[str], length: int) -> bool:
        return any(round_trip[z] <= length for z in zones)

    blocks: list[Block] = []
    for home_start, home_end in windows.get(home_zone, []):
        cuts = {home_start, home_end}
        for zone in useful:
            cuts.update(t for s, e in windows.get(zone, []) for t in (s, e))
        points = sorted(t for t in cuts if home_start <= t <= home_end)
        runs: list[tuple[int, int, frozenset[str]]] = []
        for a, b in itertools.pairwise(points):
            here = frozenset(z for z in useful if (open_until(z, a) or a) >= b)
            if not runs:
                runs.append((a, b, here))
                continue
            start, end, zones = runs[-1]
            ready = serves_something(zones, end - start)
            lost = zones - here
            gained = frozenset(
                z for z in here - zones if (open_until(z, a) or a) - a >= round_trip[z]
            )
            if (ready and (lost or gained)) or not zones & here:
                runs.append((a, b, here))
            else:
                # A block only claims the zones open throughout it.
                runs[-1] = (start, b, zones & here)
        for start, end, zones in runs:
            if not zones or not serves_something(zones, end - start):
                continue
            pieces = max(1, (end - start) // max_minutes)
            step = (end - start) / pieces
            for k in range(pieces):
                s, e = start + round(k * step), start + round((k + 1) * step)
                if serves_something(zones, e - s):
                    blocks.append(Block(zones | {home_zone}, s, e))
    return blocks


def _trip_slots(problem: Problem, groups: Sequence[Group], params: SolveParams) -> list[TripSlot]:
    """The routing vehicles: one trip of a boat in each of its disjoint sailing blocks."""
    data = problem.data
    slots: list[TripSlot] = []
    for boat in data.boats:
        home = data.ports_by_id[boat.home]
        load = home.load_minutes
        mine = [
            g
            for g in groups
            if problem.may_carry(boat, g.tps[0]) and problem.fits(boat, g.kg, g.m3)
        ]
        round_trip: dict[str, int] = {}
        longest = 0
        for g in mine:
            out_and_back = (
                problem.minutes(boat, home.id, g.island.id)
                + problem.service(g.island, len(g.tps))
                + problem.minutes(boat, g.island.id, home.id)
            )
            zone = g.island.zone
            round_trip[zone] = min(round_trip.get(zone, out_and_back), out_and_back)
            longest = max(longest, out_and_back + load)
        if not round_trip:
            continue
        availability = availability_intervals(data, boat)
        # Long windows are cut into trips of a day or so, but never shorter than the
        # longest out-and-back the boat may have to make.
        piece = max(params.max_trip_hours * 60, longest)
        blocks = sailing_blocks(problem.windows[boat.id], round_trip, home.zone, piece)
        back_by = -math.inf
        for block in blocks:
            period = next(
                (p for p in availability if p[0] <= block.start and block.end <= p[1]),
                (block.start, block.end),
            )
            # Loading happens in port before departure: after the kits are ready, inside
            # the boat's availability, and after the previous trip is back.
            earliest = int(
                max(block.start, problem.ready(home) + load, period[0] + load, back_by + load)
            )
            reachable = any(
                g.island.zone in block.zones
                and earliest + problem.minutes(boat, home.id, g.island.id) <= g.deadline
                for g in mine
            )
            if reachable and earliest + round_trip_min(round_trip, block.zones) <= block.end:
                slots.append(TripSlot(boat, block, earliest))
                back_by = block.end
    return slots


def round_trip_min(round_trip: dict[str, int], zones: frozenset[str]) -> int:
    """The shortest out-and-back into any of ``zones``."""
    return min((t for z, t in round_trip.items() if z in zones), default=10**9)


# --------------------------------------------------------------------------- routing


_CLOCKED_OPERATORS = (
    "use_global_cheapest_insertion_path_lns",
    "use_local_cheapest_insertion_path_lns",
    "use_relocate_path_global_cheapest_insertion_insert_unperformed",
    "use_global_cheapest_insertion_visit_types_lns",
    "use_local_cheapest_insertion_visit_types_lns",
)


def _search_parameters(
    params: SolveParams, metaheuristic: int, time_limit_s: float
) -> pywrapcp.DefaultRoutingSearchParameters:
    search = pywrapcp.DefaultRoutingSearchParameters()
    search.first_solution_strategy = getattr(
        routing_enums_pb2.FirstSolutionStrategy, params.first_solution
    )
    search.local_search_metaheuristic = metaheuristic
    if metaheuristic == routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH:
        search.solution_limit = params.solution_limit
    # The insertion-based LNS operators stop on a clock (lns_time_limit), so their results
    # depend on machine load, and on a few hundred stops they dominate the run time; the
    # classic moves (relocate, exchange, cross, 2-opt, or-opt, make active...) remain.
    operators = search.local_search_operators
    for name in _CLOCKED_OPERATORS:
        setattr(operators, name, optional_boolean_pb2.BOOL_FALSE)
    search.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    return search


_CUT_SHORT = (
    routing_enums_pb2.RoutingSearchStatus.ROUTING_PARTIAL_SUCCESS_LOCAL_OPTIMUM_NOT_REACHED,
    routing_enums_pb2.RoutingSearchStatus.ROUTING_FAIL_TIMEOUT,
)


def _route(
    problem: Problem,
    groups: Sequence[Group],
    slots: Sequence[TripSlot],
    params: SolveParams,
    notes: list[str],
) -> list[list[int]]:
    """Assign groups to trip slots and order them; the group indices of each slot's route."""
    data = problem.data
    horizon = problem.horizon
    homes = sorted({slot.boat.home for slot in slots})
    depot = {port: n for n, port in enumerate(homes)}
    places = homes + [g.island.id for g in groups]
    service = [0] * len(homes) + [problem.service(g.island, len(g.tps)) for g in groups]
    starts = [depot[slot.boat.home] for slot in slots]
    manager = pywrapcp.RoutingIndexManager(len(places), len(slots), starts, starts)
    routing = pywrapcp.RoutingModel(manager)

    travel_by_speed: dict[float, list[list[int]]] = {}
    time_callbacks: dict[float, int] = {}
    cost_callbacks: dict[tuple[float, float], int] = {}
    distances = [[problem.network.distance_nm(a, b) for b in places] for a in places]
    for boat in {slot.boat.id: slot.boat for slot in slots}.values():
        speed = boat.speed_knots
        if speed not in travel_by_speed:
            # The same arithmetic as network.travel_minutes, inlined: on thousands of
            # stops this matrix is millions of entries per boat speed.
            travel = [[max(0, math.ceil(d / speed * 60 - 1e-9)) for d in row] for row in distances]
            travel_by_speed[speed] = travel
            time_callbacks[speed] = routing.RegisterTransitMatrix(
                [[service[i] + row[j] for j in range(len(places))] for i, row in enumerate(travel)]
            )
        key = (speed, boat.cost_per_hour)
        if key not in cost_callbacks:
            rate = boat.cost_per_hour / 60
            cost_callbacks[key] = routing.RegisterTransitMatrix(
                [[round(m * rate) for m in row] for row in travel_by_speed[speed]]
            )

    fixed = round(data.campaign.objective.fixed_cost_per_boat)
    for v, slot in enumerate(slots):
        boat = slot.boat
        routing.SetArcCostEvaluatorOfVehicle(
            cost_callbacks[(boat.speed_knots, boat.cost_per_hour)], v
        )
        bias = slot.earliest_departure // 60 * EARLY_BIAS_PER_HOUR
        routing.SetFixedCostOfVehicle(fixed + bias, v)

    routing.AddDimensionWithVehicleTransits(
        [time_callbacks[slot.boat.speed_knots] for slot in slots], horizon, horizon, False, "time"
    )
    time = routing.GetDimensionOrDie("time")
    kg = [0] * len(homes) + [math.ceil(g.kg * GRAMS_PER_KG) for g in groups]
    ml = [0] * len(homes) + [math.ceil(g.m3 * ML_PER_M3) for g in groups]
    for name, demand, capacity in (
        ("kg", kg, [math.floor(s.boat.capacity_kg * GRAMS_PER_KG) for s in slots]),
        ("m3", ml, [math.floor(s.boat.capacity_m3 * ML_PER_M3) for s in slots]),
    ):
        callback = routing.RegisterUnaryTransitVector(demand)
        routing.AddDimensionWithVehicleCapacity(callback, 0, capacity, True, name)

    for n, group in enumerate(groups):
        index = manager.NodeToIndex(len(homes) + n)
        allowed = [
            v
            for v, slot in enumerate(slots)
            if group.island.zone in slot.block.zones
            and problem.may_carry(slot.boat, group.tps[0])
            and problem.fits(slot.boat, group.kg, group.m3)
        ]
        routing.AddDisjunction([index], DROP_PENALTY * len(group.tps))
        if not allowed:
            routing.ActiveVar(index).SetValue(0)
            continue
        # SetAllowedVehiclesForIndex takes an absl::Span the 9.15 Python wrapper cannot
        # pass; restricting the vehicle variable's domain (-1: not performed) is equivalent.
        routing.VehicleVar(index).SetValues([-1, *allowed])
        time.CumulVar(index).SetRange(0, group.deadline)

    for v, slot in enumerate(slots):
        # A trip departs and returns inside its block; blocks of one boat are disjoint.
        time.CumulVar(routing.Start(v)).SetRange(slot.earliest_departure, slot.block.end)
        time.CumulVar(routing.End(v)).SetRange(slot.earliest_departure, slot.block.end)

    began = time_module.perf_counter()
    descent = routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
    solution = routing.SolveWithParameters(_search_parameters(params, descent, params.time_limit_s))
    left = params.time_limit_s - (time_module.perf_counter() - began)
    guided_search = params.improvement == "guided" or (
        params.improvement == "auto" and len(groups) <= params.guided_up_to
    )
    if solution is not None and guided_search and left > 0:
        # Guided local search from the local optimum, for a fixed number of solutions.
        guided = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        better = routing.SolveFromAssignmentWithParameters(
            solution, _search_parameters(params, guided, left)
        )
        if better is not None:
            solution = better
    routes: list[list[int]] = [[] for _ in slots]
    if routing.status() in _CUT_SHORT:
        notes.append(
            f"the search stopped at the time limit of {params.time_limit_s:g} s before it "
            "reached a local optimum: this plan is valid, but another run may give a "
            "different one (raise --time-limit)"
        )
    if solution is None:
        return routes
    for v in range(len(slots)):
        index = solution.Value(routing.NextVar(routing.Start(v)))
        while not routing.IsEnd(index):
            routes[v].append(manager.IndexToNode(index) - len(homes))
            index = solution.Value(routing.NextVar(index))
    return routes


# --------------------------------------------------------------------------- schedule


def _schedule(
    problem: Problem, boat: Boat, trips: Sequence[tuple[TripSlot, list[Group]]]
) -> BoatPlan:
    """Times for a boat's trips: each leg at its earliest legal departure."""
    data = problem.data
    clock = problem.clock
    home = data.ports_by_id[boat.home]
    back_at = 0
    planned: list[Trip] = []
    for number, (slot, groups) in enumerate(trips, start=1):
        # Consecutive drops at one island become one call.
        calls: list[tuple[Island, list[Tps]]] = []
        for group in groups:
            if calls and calls[-1][0].id == group.island.id:
                calls[-1][1].extend(group.tps)
            else:
                calls.append((group.island, list(group.tps)))
        ready = max(slot.earliest_departure, back_at + home.load_minutes)
        here = home.id
        stops: list[Stop] = []
        depart_port: int | None = None
        for island, kits in [*calls, (None, [])]:
            there = island.id if island is not None else home.id
            duration = problem.minutes(boat, here, there)
            depart = earliest_departure(problem.leg_windows(boat, here, there), ready, duration)
            if depart is None:  # pragma: no cover - the routing block guarantees a window
                raise AssertionError(f"no window for {boat.id} {here}->{there} after {ready}")
            if depart_port is None:
                depart_port = depart
                stops.append(Stop(home.id, None, clock.at(depart)))
            else:
                prev = stops[-1]
                stops[-1] = Stop(prev.place, prev.arrive, clock.at(depart), prev.tps)
            arrive = depart + duration
            ids = tuple(t.id for t in sorted(kits, key=lambda t: (t.number, t.id)))
            stops.append(Stop(there, clock.at(arrive), None, ids))
            if island is not None:
                ready = arrive + problem.service(island, len(kits))
            here = there
            back_at = arrive
        planned.append(Trip(number, tuple(stops)))
    return BoatPlan(boat.id, tuple(planned))


# --------------------------------------------------------------------------- entry point


def solve(data: DataSet, params: SolveParams | None = None) -> Plan:
    """Plan the boat runs for a data set: serve every TPS it can, at least cost."""
    params = params or SolveParams()
    problem = Problem.of(data)
    reach = Reachability(problem)
    unserved: dict[str, Unserved] = {}
    routable: list[Tps] = []
    for tps in sorted(data.tps, key=lambda t: t.id):
        reason = hopeless(problem, reach, tps)
        if reason is None:
            routable.append(tps)
        else:
            unserved[tps.id] = reason
    groups = _groups(problem, routable) if routable else []
    slots = _trip_slots(problem, groups, params) if groups else []
    notes: list[str] = []
    routes = _route(problem, groups, slots, params, notes) if slots else []

    served: set[str] = set()
    trips_of: dict[str, list[tuple[TripSlot, list[Group]]]] = defaultdict(list)
    for slot, route in zip(slots, routes, strict=True):
        if route:
            trips_of[slot.boat.id].append((slot, [groups[n] for n in route]))
            served.update(t.id for n in route for t in groups[n].tps)
    for tps in routable:
        if tps.id not in served:
            unserved[tps.id] = _fleet_time(problem, tps)

    boats = tuple(
        _schedule(problem, boat, trips_of[boat.id]) for boat in data.boats if trips_of[boat.id]
    )
    return Plan(
        boats=boats,
        unserved=tuple(unserved[k] for k in sorted(unserved)),
        data_digest=data.digest,
        notes=tuple(notes),
    )
