"""Plan the boat runs: serve every TPS that can be served, at least cost. The entry point.

How it plans
------------
1. **Reasons first.** A TPS no plan could serve gets its reason code from the data alone
   (``reasons``): no boat may carry it or call at its island, its kit is larger than every
   such boat, or no sailing window lets any of them reach it by the deadline and get back
   to a port. The others are *routable*.
2. **Pieces.** The routable TPS of one island that share a kind and a deadline form one
   piece (split where the smallest boat that may carry them could not take them all); the
   search moves pieces, and splits and joins them as it goes.
3. **A first plan** by cheapest insertion (``Start.INSERTION``, the default), or from the
   sailing-block model on OR-Tools routing (``Start.ROUTING``, the planner this one
   replaced). Measured on the bundled data and twelve generated archipelagos
   (``benchmarks/bench_quality.py``), the search ends as cheap from either, and insertion
   saves the routing model's time (a fifth of the bundled data's two-second budget).
4. **The search** (``search``): ruin and recreate over exact itineraries, with every rule
   of PRODUCT.md section 4 and none of the block model's cautions: a trip may end at any
   port the boat may use, a boat may make several trips in a day and wait at a pier or in
   port (overnight included) for its next window, and the fixed cost is charged once per
   boat. It stops after a number of rounds set by the size of the model, never on the
   clock, so the same input gives the same plan; the time limit is only a cap.
5. **Times** are exact: every leg leaves at its earliest legal second and sails at its
   boat's speed (durations rounded up to the second), so the plan's cost is its true cost.
6. **A proven lower bound** (``bound``) on the cost of any plan serving the same TPS comes
   with the plan (``Plan.lower_bound``), so the officer sees how far from the best
   possible it can be at most.

``Plan.notes`` says when the time cap cut the search short.
"""

from __future__ import annotations

import dataclasses
import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from seribu_planner.model import DataSet, Tps
from seribu_planner.outputs.i18n import _, decimal
from seribu_planner.plan import BoatPlan, Plan, Stop, Trip, Unserved
from seribu_planner.solver.bound import lower_bound
from seribu_planner.solver.context import Context
from seribu_planner.solver.cost import plan_cost
from seribu_planner.solver.problem import Group, Problem, drop_groups
from seribu_planner.solver.reasons import Reachability, fleet_time, hopeless
from seribu_planner.solver.routes import Env, Piece, Route
from seribu_planner.solver.schedule import Call, TripSpec
from seribu_planner.solver.search import Search


class Start(StrEnum):
    """Where the search starts from."""

    #: The default: cheapest insertion (see the module docstring for the measurement).
    AUTO = "auto"
    #: The sailing-block model on OR-Tools routing.
    ROUTING = "routing"
    #: Cheapest insertion into an empty plan.
    INSERTION = "insertion"


@dataclass(frozen=True)
class SolveParams:
    """Search settings, checked when made. The defaults are chosen by ``benchmarks/``."""

    #: Hard cap on the whole solve in seconds; the search normally stops well before it,
    #: on its own count of rounds, so that the same input gives the same plan.
    time_limit_s: float = 600.0
    #: Ruin-and-recreate rounds; None chooses by the size of the model (``auto_rounds``).
    iterations: int | None = None
    #: Seed of the search's random choices.
    seed: int = 0
    start: Start = Start.AUTO
    #: Longest trip of the routing warm start, in hours (boats that sail day and night).
    max_trip_hours: int = 24
    #: Compute the proven lower bound (``bound``) for the plan's cost.
    bound: bool = True

    def __post_init__(self) -> None:
        limit = self.time_limit_s
        if isinstance(limit, bool) or not isinstance(limit, int | float):
            raise ValueError(f"time_limit_s must be a number of seconds (got {limit!r})")
        if not math.isfinite(limit) or limit <= 0:
            raise ValueError(f"time_limit_s must be greater than 0 (got {limit!r})")
        rounds = self.iterations
        if rounds is not None and (isinstance(rounds, bool) or not isinstance(rounds, int)):
            raise ValueError(f"iterations must be a whole number or None (got {rounds!r})")
        if rounds is not None and rounds < 0:
            raise ValueError(f"iterations must be at least 0 (got {rounds})")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise ValueError(f"seed must be a whole number (got {self.seed!r})")
        try:
            object.__setattr__(self, "start", Start(self.start))
        except ValueError:
            choices = ", ".join(s.value for s in Start)
            raise ValueError(f"start must be one of {choices} (got {self.start!r})") from None
        hours = self.max_trip_hours
        if isinstance(hours, bool) or not isinstance(hours, int) or hours < 1:
            raise ValueError(f"max_trip_hours must be a whole number of hours >= 1 (got {hours!r})")
        if not isinstance(self.bound, bool):
            raise ValueError(f"bound must be true or false (got {self.bound!r})")


def auto_rounds(pieces: int) -> int:
    """Rounds of ruin and recreate for a model of this many pieces.

    800 rounds up to 2,000 pieces: the bundled data then plans in about a second and
    5,000 TPS (about 700 pieces) in about half a minute on two cores, each round costing
    more as the plan grows; beyond that, fewer, so that a round count never runs to
    hours (``benchmarks/README.md`` has the measurements).
    """
    return 800 if pieces <= 2_000 else max(200, 1_600_000 // pieces)


@dataclass
class Setup:
    """What planning and re-planning derive from a data set before they search."""

    problem: Problem
    ctx: Context
    env: Env
    #: Reason codes of the TPS no plan could serve, by TPS id.
    unserved: dict[str, Unserved]
    #: The TPS some boat alone could deliver, by id order.
    routable: list[Tps]

    @classmethod
    def of(cls, data: DataSet, not_before: int = 0) -> Setup:
        """Reasons first, then the search's view of the data set.

        ``not_before`` (minutes from the start) is the moment a re-plan starts from.
        """
        problem = Problem.of(data)
        reach = Reachability(problem, not_before)
        unserved: dict[str, Unserved] = {}
        routable: list[Tps] = []
        for tps in sorted(data.tps, key=lambda t: t.id):
            reason = hopeless(problem, reach, tps)
            if reason is None:
                routable.append(tps)
            else:
                unserved[tps.id] = reason
        ctx = Context.of(
            data, network=problem.network, kits=problem.kits, zone_windows=problem.windows
        )
        eligible = problem.eligibility
        ports_of = {b.id: [p.id for p in eligible.load_ports(b)] for b in data.boats}
        return cls(problem, ctx, Env(ctx, ports_of, problem.may_carry), unserved, routable)

    def pieces(self, tps: Sequence[Tps]) -> list[Piece]:
        """The first pieces of these TPS: one per island, kind and deadline, as fits."""
        groups = drop_groups(self.problem, tps) if tps else []
        return [self.env.piece(g.island.id, tuple(t.id for t in g.tps)) for g in groups]

    def finish(self, search: Search, params: SolveParams, notes: list[str], data: DataSet) -> Plan:
        """The plan of the search's state, its cost and (when asked) its proven bound."""
        served = {t for r in search.routes.values() for trip in r.trips for c in trip.calls
                  for t in c.tps}  # fmt: skip
        unserved = {k: v for k, v in self.unserved.items() if k not in served}
        for piece in search.unserved:
            for tps_id in piece.tps:
                unserved[tps_id] = fleet_time(self.problem, data.tps_by_id[tps_id])
        routes = search.routes
        boats = tuple(_boat_plan(self.ctx, routes[b.id]) for b in data.boats if routes[b.id].trips)
        plan = Plan(
            boats=boats,
            unserved=tuple(unserved[k] for k in sorted(unserved)),
            data_digest=data.digest,
            notes=tuple(dict.fromkeys(notes)),
        )
        bound = lower_bound(data, plan.served_tps()).rupiah if params.bound else None
        return dataclasses.replace(plan, cost=plan_cost(data, plan).total, lower_bound=bound)


def solve(data: DataSet, params: SolveParams | None = None) -> Plan:
    """Plan the boat runs for a data set: serve every TPS it can, at least cost."""
    params = params or SolveParams()
    deadline = time.perf_counter() + params.time_limit_s
    setup = Setup.of(data)
    pieces = setup.pieces(setup.routable)
    routes = {b.id: Route(b) for b in data.boats}
    notes: list[str] = []
    left = list(pieces)
    if params.start == Start.ROUTING and pieces:
        groups = drop_groups(setup.problem, setup.routable)
        from seribu_planner.solver.routing import routing_start  # OR-Tools routing

        trips, cut = routing_start(
            setup.problem, groups, params.max_trip_hours, params.time_limit_s
        )
        left = _adopt(setup.env, routes, trips, pieces)
        if cut:
            notes.append(_cut_short(params))

    search = Search(setup.env, routes, left)
    rounds = params.iterations if params.iterations is not None else auto_rounds(len(pieces))
    if search.run(random.Random(params.seed), rounds, deadline):
        notes.append(_cut_short(params))
    search.polish()
    return setup.finish(search, params, notes, data)


def _cut_short(params: SolveParams) -> str:
    return _(
        "the search stopped at the time limit of {seconds} s before its last round: this "
        "plan keeps every rule, but a run with more time may find a cheaper one (raise "
        "--time-limit)"
    ).format(seconds=decimal(params.time_limit_s))


def _adopt(
    env: Env,
    routes: dict[str, Route],
    trips: dict[str, list[tuple[str, list[Group]]]],
    pieces: Sequence[Piece],
) -> list[Piece]:
    """Take the routing model's trips as the search's first plan; the pieces left out."""
    placed: set[str] = set()
    for boat_id, boat_trips in trips.items():
        route = routes[boat_id]
        for home, groups in boat_trips:
            calls: list[Call] = []
            for group in groups:
                island = group.island.id
                ids = tuple(t.id for t in group.tps)
                if calls and calls[-1].island == island:
                    calls[-1] = Call(island, calls[-1].tps + ids)
                else:
                    calls.append(Call(island, ids))
            spec = TripSpec(home, tuple(calls), home)
            times = env.reschedule(route, len(route.trips), [spec])
            if times is None:
                continue  # the search places these kits again
            route.trips.append(spec)
            route.times.extend(times)
            placed.update(t for call in calls for t in call.tps)
    return [p for p in pieces if p.tps[0] not in placed]


def _boat_plan(ctx: Context, route: Route) -> BoatPlan:
    """A boat's trips with datetimes, as the plan reports them."""
    at = ctx.clock.at_second
    tps_of = ctx.data.tps_by_id
    trips: list[Trip] = []
    for number, (spec, times) in enumerate(zip(route.trips, route.times, strict=True), start=1):
        stops = [Stop(spec.start, None, at(times.departs[0]))]
        for i, call in enumerate(spec.calls):
            ids = tuple(sorted(call.tps, key=lambda t: (tps_of[t].number, t)))
            stops.append(Stop(call.island, at(times.arrives[i]), at(times.departs[i + 1]), ids))
        stops.append(Stop(spec.end, at(times.arrives[-1]), None))
        trips.append(Trip(number, tuple(stops)))
    return BoatPlan(route.boat.id, tuple(trips))
