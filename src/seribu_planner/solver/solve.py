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

import math
import time as time_module
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from ortools.util import optional_boolean_pb2

from seribu_planner.derive.network import travel_minutes_matrix
from seribu_planner.derive.weather import earliest_departure
from seribu_planner.model import Boat, DataSet, Island, Tps
from seribu_planner.plan import BoatPlan, Plan, Stop, Trip, Unserved
from seribu_planner.solver.blocks import TripSlot, trip_slots
from seribu_planner.solver.problem import Group, Problem, drop_groups
from seribu_planner.solver.reasons import Reachability, fleet_time, hopeless

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
            travel = travel_minutes_matrix(distances, speed)
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
    groups = drop_groups(problem, routable) if routable else []
    slots = trip_slots(problem, groups, params.max_trip_hours) if groups else []
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
            unserved[tps.id] = fleet_time(problem, tps)

    boats = tuple(
        _schedule(problem, boat, trips_of[boat.id]) for boat in data.boats if trips_of[boat.id]
    )
    return Plan(
        boats=boats,
        unserved=tuple(unserved[k] for k in sorted(unserved)),
        data_digest=data.digest,
        notes=tuple(notes),
    )
