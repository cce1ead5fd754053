"""A warm start for the search: the sailing-block model on Google OR-Tools routing.

The model
---------
* **Drops.** The TPS of one island that share a kind and a deadline are packed into as
  few *drop groups* as the smallest boat that may carry them allows. A group is a routing
  node with its kit weight and volume as demands and ``unload_minutes`` plus
  ``per_tps_minutes`` per kit as service time.
* **Multi-trip.** One routing vehicle per (boat, trip), each tied to a *sailing block* of
  its boat: an interval in which the boat may sail in every zone of a zone set (its
  forecast at or below the boat's wave limit, daylight for boats without night sailing,
  its availability). The blocks of one boat are disjoint in time, so trips never overlap
  and no constraint crosses vehicles; a trip starts and ends at the boat's home port and
  every leg it sails lies inside its block, so it is legal by construction.
* **Objective.** Every TPS dropped costs a penalty above any plan's cost (computed from
  the data, never a fixed constant), then hours under way times ``cost_per_hour`` as arc
  costs and ``fixed_cost_per_boat`` per trip vehicle, plus a tiny tie-breaker that
  prefers earlier trips.
* **Determinism.** The first solution is built by local cheapest insertion and greedy
  descent runs to a local optimum; the LNS operators that stop on a clock are off.

The model is cautious (home-to-home trips, one per block, the fixed cost per trip); the
search in ``search`` starts from its plan and lifts every caution. It is worth its time
where its first solution is fast: up to a few hundred drop groups.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from ortools.util import optional_boolean_pb2

from seribu_planner.derive.network import travel_minutes_matrix
from seribu_planner.solver.blocks import TripSlot, trip_slots
from seribu_planner.solver.problem import Group, Problem

GRAMS_PER_KG = 1000
ML_PER_M3 = 1_000_000
#: Tie-breaker per hour a trip slot starts after the campaign start: among plans of equal
#: cost, the one that sails earlier (more slack to the deadlines) wins. Small against
#: any real cost difference (a week of delay adds less than Rp 17,000).
EARLY_BIAS_PER_HOUR = 100


# --------------------------------------------------------------------------- routing


_CLOCKED_OPERATORS = (
    "use_global_cheapest_insertion_path_lns",
    "use_local_cheapest_insertion_path_lns",
    "use_relocate_path_global_cheapest_insertion_insert_unperformed",
    "use_global_cheapest_insertion_visit_types_lns",
    "use_local_cheapest_insertion_visit_types_lns",
)


def _search_parameters(time_limit_s: float) -> pywrapcp.DefaultRoutingSearchParameters:
    search = pywrapcp.DefaultRoutingSearchParameters()
    strategies = routing_enums_pb2.FirstSolutionStrategy
    search.first_solution_strategy = strategies.LOCAL_CHEAPEST_INSERTION
    metaheuristics = routing_enums_pb2.LocalSearchMetaheuristic
    search.local_search_metaheuristic = metaheuristics.GREEDY_DESCENT
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
    time_limit_s: float,
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
    # A drop penalty above any plan this model can make: every trip vehicle used, under way
    # its whole block, plus its tie-breaker. It scales with the data's costs.
    penalty = 1 + sum(
        fixed
        + (slot.earliest_departure // 60 + 1) * EARLY_BIAS_PER_HOUR
        + math.ceil((slot.block.end - slot.earliest_departure) * slot.boat.cost_per_hour / 60)
        for slot in slots
    )
    if penalty * max(len(g.tps) for g in groups) >= 2**62:
        return [[] for _ in slots]  # costs too large for the routing's int64 arithmetic
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
        routing.AddDisjunction([index], penalty * len(group.tps))
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

    solution = routing.SolveWithParameters(_search_parameters(time_limit_s))
    routes: list[list[int]] = [[] for _ in slots]
    if routing.status() in _CUT_SHORT:
        notes.append("cut short")
    if solution is None:
        return routes
    for v in range(len(slots)):
        index = solution.Value(routing.NextVar(routing.Start(v)))
        while not routing.IsEnd(index):
            routes[v].append(manager.IndexToNode(index) - len(homes))
            index = solution.Value(routing.NextVar(index))
    return routes


def routing_start(
    problem: Problem, groups: Sequence[Group], max_trip_hours: int, time_limit_s: float
) -> tuple[dict[str, list[tuple[str, list[Group]]]], bool]:
    """Each boat's trips in the block model (its home port and the groups, in order).

    Also whether the time cap cut the search short.
    """
    slots = trip_slots(problem, groups, max_trip_hours) if groups else []
    if not slots:
        return {}, False
    notes: list[str] = []
    routes = _route(problem, groups, slots, time_limit_s, notes)
    trips: dict[str, list[tuple[str, list[Group]]]] = {}
    for slot, route in zip(slots, routes, strict=True):
        if route:
            trips.setdefault(slot.boat.id, []).append((slot.boat.home, [groups[n] for n in route]))
    return trips, bool(notes)
