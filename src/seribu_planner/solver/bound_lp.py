"""The flow relaxation of ``solver.bound`` as a linear program (the proof is in ``bound``).

Per boat class: arc counts, boats used, end ports, deliveries and a load flow bounded by
capacity times arc count; across classes, each served TPS delivered once. Connectivity to
the home port is added lazily as cut-set inequalities: after each solve, a maximum flow
from the home port to each visited island over the arc counts finds a violated cut, if
any. The LP is solved by GLOP, and its value is certified from the dual values alone
(``_Lp.safe_bound``), so that neither GLOP's tolerances nor stopping before the last
round can make the figure too high.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp

from seribu_planner.model import TpsKind
from seribu_planner.solver.relaxation import (
    CAPACITY_TOLERANCE,
    BoatClass,
    Relaxation,
    components,
)

#: Capacity of every class in its own load units: fine enough that rounding each kit down
#: to whole units loses little, coarse enough to keep the LP well scaled.
LOAD_UNITS_PER_TRIP = 10_000
#: A cut must be violated by this much to be added.
CUT_EPSILON = 1e-6
#: Cuts for every subset of the other ports when a class has at most this many of them.
PORT_SUBSETS_UP_TO = 5
#: Unit roundoff of a double.
_U = 2.0**-53


@dataclass(frozen=True)
class LpResult:
    """The certified value of the relaxation, in rupiah, and how it was reached."""

    value: float
    rounds: int
    cuts: int
    converged: bool


# --------------------------------------------------------------------------- a small LP


@dataclass
class _Lp:
    """A GLOP model that remembers its rows, to certify a bound from any dual values."""

    solver: pywraplp.Solver
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    variables: list[pywraplp.Variable] = field(default_factory=list)
    rows: list[tuple[list[tuple[int, float]], float, float, pywraplp.Constraint]] = field(
        default_factory=list
    )

    @classmethod
    def new(cls) -> _Lp:
        solver = pywraplp.Solver.CreateSolver("GLOP")
        # Rows are added between solves: the dual simplex restarts from the last basis.
        solver.SetSolverSpecificParametersAsString("use_dual_simplex: true")
        solver.Objective().SetMinimization()
        return cls(solver)

    def var(self, upper: float, cost: float = 0.0) -> int:
        """A variable in ``[0, upper]`` (always finite: the certificate needs bounds)."""
        index = len(self.variables)
        v = self.solver.NumVar(0.0, upper, "")
        if cost:
            self.solver.Objective().SetCoefficient(v, cost)
        self.variables.append(v)
        self.lower.append(0.0)
        self.upper.append(upper)
        self.cost.append(cost)
        return index

    def row(self, terms: Sequence[tuple[int, float]], low: float, high: float) -> None:
        """``low <= sum(a * x) <= high`` (use +-inf for a missing side)."""
        merged: dict[int, float] = {}
        for j, a in terms:
            merged[j] = merged.get(j, 0.0) + a
        kept = [(j, a) for j, a in merged.items() if a != 0.0]
        infinity = self.solver.infinity()
        ct = self.solver.Constraint(
            -infinity if low == -math.inf else low, infinity if high == math.inf else high
        )
        for j, a in kept:
            ct.SetCoefficient(self.variables[j], a)
        self.rows.append((kept, low, high, ct))

    def solve(self) -> list[float] | None:
        """Solve; the values of the variables, or None when GLOP found no optimum."""
        status = self.solver.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            return None
        return [v.solution_value() for v in self.variables]

    def safe_bound(self) -> float:
        """A lower bound on the LP optimum from the current dual values, proven for any.

        For any multipliers ``y``: ``c x = y A x + (c - A^T y) x``. Over the feasible set,
        ``y_r (A x)_r >= y_r low_r`` when ``y_r >= 0`` and ``>= y_r high_r`` when ``y_r < 0``
        (a multiplier on a missing side is taken as 0), and each reduced-cost term is at
        least its smaller value at the variable's two bounds. The rounding of every
        product and sum is bounded and subtracted, so the figure is proven in floating
        point too.
        """
        n = len(self.variables)
        reduced: list[list[float]] = [[c] for c in self.cost]
        terms: list[float] = []
        for kept, low, high, ct in self.rows:
            y = ct.dual_value()
            if y > 0 and low != -math.inf:
                terms.append(y * low)
            elif y < 0 and high != math.inf:
                terms.append(y * high)
            else:
                continue
            for j, a in kept:
                reduced[j].append(-a * y)
        for j in range(n):
            parts = reduced[j]
            r = math.fsum(parts)
            # fsum is correctly rounded; each product carries one more rounding.
            err = 4 * _U * (math.fsum(abs(p) for p in parts) + abs(r)) + 1e-300
            lo, hi = self.lower[j], self.upper[j]
            terms.append(min((r - err) * lo, (r - err) * hi, (r + err) * lo, (r + err) * hi))
        total = math.fsum(terms)
        return total - 4 * _U * (math.fsum(abs(t) for t in terms) + len(terms))


# --------------------------------------------------------------------------- the model


@dataclass
class _ClassModel:
    """The variables of one boat class that the separation reads."""

    c: BoatClass
    nodes: list[str]
    x: dict[tuple[str, str], int]
    visit: dict[str, int]
    clusters: dict[frozenset[str], int] = field(default_factory=dict)
    cuts: set[frozenset[str]] = field(default_factory=set)


def _units(rx: Relaxation, c: BoatClass) -> tuple[str, float, int]:
    """The load dimension of a class (the one the served load fills most), the size of
    one unit in it, and the capacity in whole units."""
    boat = c.boat
    mine = [t for t in rx.served if rx.may_deliver(c, t)]
    kg = sum(rx.kits[t.id].kg for t in mine) / boat.capacity_kg
    m3 = sum(rx.kits[t.id].m3 for t in mine) / boat.capacity_m3
    dimension, capacity = ("kg", boat.capacity_kg) if kg >= m3 else ("m3", boat.capacity_m3)
    per_unit = capacity / LOAD_UNITS_PER_TRIP
    limit = math.floor(capacity * (1 + 2 * CAPACITY_TOLERANCE) / per_unit + 1e-6)
    return dimension, per_unit, limit


def shortest_distances(rx: Relaxation, c: BoatClass) -> dict[tuple[str, str], float]:
    """``d*``: least sea distance between the class's places through places it may berth."""
    places = c.places
    dist = {(a, b): rx.network.distance_nm(a, b) for a in places for b in places}
    for via in places:
        for a in places:
            da = dist[(a, via)]
            for b in places:
                through = da + dist[(via, b)]
                if through < dist[(a, b)]:
                    dist[(a, b)] = through
    return dist


def _add_class(
    lp: _Lp, rx: Relaxation, c: BoatClass, shares: dict[tuple[str, TpsKind], list[int]]
) -> _ClassModel:
    m = len(c.boats)
    home = c.home
    dimension, per_unit, capacity = _units(rx, c)

    def size(kg: float, m3: float) -> int:
        # Round down (a margin for float error): sum floor(a) <= floor(sum a) <= capacity.
        return max(0, math.floor((kg if dimension == "kg" else m3) / per_unit - 1e-6))

    d_star = shortest_distances(rx, c)
    islands = set(c.islands)
    nodes = list(c.ports) + list(c.islands)
    fit: dict[tuple[str, TpsKind], list[int]] = {}  # kit sizes, ascending
    for (island, kind), members in rx.demand.items():
        if island in islands:
            sizes = sorted(
                size(rx.kits[t.id].kg, rx.kits[t.id].m3) for t in members if rx.may_deliver(c, t)
            )
            if sizes:
                fit[(island, kind)] = sizes
    deliverable = sum(len(s) for s in fit.values())
    calls_max = {i: sum(len(s) for (j, _), s in fit.items() if j == i) for i in c.islands}
    port_max = 2 * deliverable + m

    y = lp.var(m, rx.fixed_rupiah())
    x: dict[tuple[str, str], int] = {}
    f: dict[tuple[str, str], int] = {}
    for u in nodes:
        for v in nodes:
            if u == v:
                continue
            ub = calls_max[v] if v in islands else port_max
            x[(u, v)] = xv = lp.var(ub, rx.leg_rupiah(c, d_star[(u, v)]))
            if v in islands:  # a trip reaches its end port empty: no flow into ports
                f[(u, v)] = fv = lp.var(capacity * ub)
                lp.row([(fv, 1.0), (xv, -float(capacity))], -math.inf, 0.0)
    ends = {p: lp.var(m) for p in c.ports}
    lp.row([(e, 1.0) for e in ends.values()] + [(y, -1.0)], 0.0, 0.0)
    for v in nodes:
        terms = [(x[(v, w)], 1.0) for w in nodes if w != v]
        terms += [(x[(u, v)], -1.0) for u in nodes if u != v]
        if v == home:
            terms.append((y, -1.0))
        if v in ends:
            terms.append((ends[v], 1.0))
        lp.row(terms, 0.0, 0.0)  # out - in = [v = home] y - e(v)

    visit: dict[str, int] = {}
    for i in c.islands:
        vi = visit[i] = lp.var(1.0)
        into = [(x[(u, i)], 1.0) for u in nodes if u != i]
        lp.row([(vi, 1.0), (y, -1.0)], -math.inf, 0.0)
        lp.row([*into, (vi, -1.0)], 0.0, math.inf)
        counts: list[tuple[int, float]] = []
        loads: list[tuple[int, float]] = []
        for (island, kind), sizes in fit.items():
            if island != i:
                continue
            n = lp.var(len(sizes))
            shares[(island, kind)].append(n)
            counts.append((n, -1.0))
            lp.row([(n, 1.0), (vi, -float(len(sizes)))], -math.inf, 0.0)
            load = lp.var(sum(sizes))
            loads.append((load, -1.0))
            # At least the n smallest kits: a convex function of n, the max of its chords.
            prefix = 0
            for j, s in enumerate(sizes):
                lp.row([(load, 1.0), (n, -float(s))], prefix - s * j, math.inf)
                prefix += s
        lp.row([*into, *counts], -math.inf, 0.0)  # every call drops a TPS
        flow = [(f[(u, i)], 1.0) for u in nodes if u != i]
        flow += [(f[(i, w)], -1.0) for w in nodes if w != i and w in islands]
        lp.row(flow + loads, 0.0, 0.0)
    model = _ClassModel(c, nodes, x, visit)
    # The first cuts: some boat must leave home, whatever other ports it uses.
    _add_cut(lp, model, frozenset(c.islands))
    return model


def _add_cut(
    lp: _Lp, model: _ClassModel, cluster: frozenset[str], ports: frozenset[str] = frozenset()
) -> int:
    """Cut-set rows for a set of islands: the class enters it, together with ``ports``
    (and, when they are few, with every subset of the ports other than home), whenever it
    visits one of them. Returns the number of rows added."""
    w = model.clusters.get(cluster)
    added = 0
    if w is None:
        w = model.clusters[cluster] = lp.var(1.0)
        for i in sorted(cluster):
            lp.row([(w, 1.0), (model.visit[i], -1.0)], 0.0, math.inf)
        added += len(cluster)
    home = model.c.home
    others = [p for p in model.c.ports if p != home]
    extras = [ports]
    if len(others) <= PORT_SUBSETS_UP_TO:
        # The LP tends to dodge a cut through each other port in turn: add them at once.
        extras += [
            frozenset(q) for r in range(len(others) + 1) for q in itertools.combinations(others, r)
        ]
    for extra in extras:
        inside = cluster | extra
        if inside in model.cuts:
            continue
        model.cuts.add(inside)
        crossing = [(j, 1.0) for (u, v), j in model.x.items() if u not in inside and v in inside]
        lp.row([*crossing, (w, -1.0)], 0.0, math.inf)
        added += 1
    return added


def _separate(lp: _Lp, model: _ClassModel, values: list[float]) -> int:
    """Add a cut for each visited island not reached from home by enough arcs."""
    capacity = {arc: values[j] for arc, j in model.x.items()}
    home = model.c.home
    added = 0
    for i, vi in model.visit.items():
        need = values[vi]
        if need <= CUT_EPSILON:
            continue
        reached = _reachable_after_max_flow(model.nodes, capacity, home, i, need)
        if reached is not None:
            cluster = frozenset(v for v in model.c.islands if v not in reached)
            ports = frozenset(p for p in model.c.ports if p not in reached)
            added += _add_cut(lp, model, cluster, ports)
    return added


def _reachable_after_max_flow(
    nodes: list[str], capacity: dict[tuple[str, str], float], s: str, t: str, need: float
) -> set[str] | None:
    """The source side of a minimum s-t cut when the maximum flow is below ``need``."""
    residual = dict(capacity)
    flow = 0.0
    while flow < need - CUT_EPSILON:
        parent: dict[str, str | None] = {s: None}
        queue = deque([s])
        while queue and t not in parent:
            v = queue.popleft()
            for w in nodes:
                if w not in parent and w != v and residual.get((v, w), 0.0) > 1e-9:
                    parent[w] = v
                    queue.append(w)
        if t not in parent:
            return set(parent)
        path: list[tuple[str, str]] = []
        head, tail = t, parent[t]
        while tail is not None:
            path.append((tail, head))
            head, tail = tail, parent[tail]
        push = min(residual[arc] for arc in path)
        for v, w in path:
            residual[(v, w)] -= push
            residual[(w, v)] = residual.get((w, v), 0.0) + push
        flow += push
    return None


# --------------------------------------------------------------------------- entry point


def flow_lp_bound(rx: Relaxation, max_rounds: int) -> LpResult:
    """The certified LP bound of the flow relaxation, summed over independent groups."""
    value = 0.0
    rounds = cuts = 0
    converged = True
    for group in components(rx):
        lp = _Lp.new()
        shares: dict[tuple[str, TpsKind], list[int]] = {key: [] for key in rx.demand}
        models = [_add_class(lp, rx, c, shares) for c in group]
        for key, members in rx.demand.items():
            if shares[key]:
                lp.row([(n, 1.0) for n in shares[key]], len(members), len(members))
        done = False
        for _ in range(max_rounds):
            values = lp.solve()
            rounds += 1
            if values is None:
                break
            added = sum(_separate(lp, model, values) for model in models)
            cuts += added
            if not added:
                done = True
                break
        else:
            lp.solve()  # the duals of the last rows
        converged = converged and done
        value += lp.safe_bound()
    return LpResult(max(0.0, value), rounds, cuts, converged)
