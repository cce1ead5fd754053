"""A proven lower bound on the cost of any plan that keeps the rules and serves given TPS.

``lower_bound(data, served)`` returns ``B`` in rupiah with this guarantee: every plan that
keeps the rules of PRODUCT.md section 4 (as ``verify`` checks them) and drops at least
the TPS in ``served`` costs at least ``B``, cost as ``solver.cost`` defines it. By default
``served`` is every TPS some boat alone could deliver (those ``solver.reasons`` does not
declare hopeless). A plan of cost ``C`` is then at most ``(C - B) / B`` above the best
possible (``Bound.gap``).

Two methods, both proven below. ``flow`` solves a linear relaxation of a flow model with
GLOP; ``tree`` counts legs over a spanning tree, without a solver. ``auto`` computes the
tree bound always and the flow bound when the model has at most ``flow_max_arcs`` arcs,
and returns the larger; ``Bound.method`` says which one it is.

The argument
------------

**What is kept and what is relaxed.** Kept: rule 7 (where each boat may berth, which TPS
kinds it carries, ``derive.eligibility``), rule 3 (a trip's load within capacity), rule 2
(a boat's first trip starts at its home port, each later one where the last ended; trips
end at ports where the boat may berth), rule 1 (every TPS of ``served`` dropped once, by
a boat that may carry it), rule 5 (a leg lasts at least distance / speed) and the cost
definition. Relaxed away: time, weather, daylight, deadlines, availability, loading and
handling minutes (rules 4, 6, 8 and the time parts of 1 and 2).

**Every plan reduces to walks.** Take any legal plan ``P`` that drops every TPS of
``S = served`` (and maybe more). For each boat, its stops in time order form one walk from
its home port to the port where its last trip ends. A *productive call* drops at least
one TPS of ``S``. Reduce each walk, repeating while a step applies: (a) delete every
stop that is neither a port nor a productive call; (b) merge consecutive stops at one
place (calls at one island into one call dropping their union, repeated ports into one);
(c) of three consecutive port stops delete the middle one. Let ``d*_b(u, v)`` be the
shortest distance from ``u`` to ``v`` through places where boat ``b`` may berth; every
stop of ``P`` is such a place (rule 7). A stretch ``u -> ... -> v`` of ``P`` replaced by
one arc cost at least ``d*_b(u, v) / speed x rate`` (rule 5; cost counts hours under
way), so the reduced walks, priced at ``d*``, cost at most the sailing cost of ``P``. In
a reduced walk every island stop drops a TPS of ``S``, every arc joins two different
places, at most one port-to-port arc comes before each productive trip and one after the
last, and the load of ``S`` kits on board between two port stops is at most one trip's
load, within capacity (rule 3): a trip ends at the first port it reaches (rule 2 as
verified), and with nothing on board (a trip loads only what it drops). The boats used in
``P`` pay the fixed cost; a boat whose home pier is too shallow for it makes no trip.
(The verifier lets a leg be up to a microsecond shorter than rule 5, for float rounding;
the bound allows one such microsecond per reduced arc. It holds exactly for plans that
keep rule 5 as written; a plan that also shaved the microsecond off its detour legs could
save Rp 0.001 per such leg at Rp 3.6 M an hour.)

**Boat classes.** Boats with the same home port, speed, rate, capacities, berths and
kinds form a class of ``m`` boats: nothing kept tells them apart. A class no better than
another based at the same port (no cheaper a nautical mile, no larger, no berth or kind
more) joins it: any reduced walk of its boats is one the better boats could sail at no
more cost, so the relaxation only gets weaker (and smaller).

**The flow relaxation** (``bound_lp``).
Per class, over its ports (where it may berth) and the islands where it may deliver TPS
of ``S``: arc counts ``x``, boats used ``y <= m``, walks ending at each port ``e``; per
island ``visit`` in [0, 1]; per island and kind ``n``, TPS delivered, and ``load``, their
kits in whole capacity units (one dimension, kg or m3; kits and capacity rounded down, so
``sum floor(a) <= floor(sum a) <= capacity`` keeps each legal trip within it); a load
flow ``f``. Constraints: walk balance ``out(v) - in(v) = y [v = home] - e(v)``, ``sum e =
y``; ``f <= capacity x`` on arcs into islands and no flow into ports; at each island
``in f - out f = sum load`` and ``load >=`` the ``n`` smallest kits there; ``visit <= y``,
``visit <= in x <= sum n`` (each call drops a TPS), ``n <= N visit``; across classes
``sum n =`` the served TPS of that island and kind, classes whose capacity fits a kit
only. Cut-set rows: for islands ``T`` and ports ``Q`` without the home port, arcs entering
``T + Q`` total at least ``w_T``, with ``w_T >= visit_i`` for ``i`` in ``T``.

Every legal plan gives a feasible point: ``x`` counts the reduced walks' arcs of the
class's boats, ``y`` its boats used, ``e`` their end ports, ``n`` and ``load`` what they
drop of ``S`` (whole kits, at least the ``n`` smallest), ``f`` the ``S`` kits on board
along each arc, ``visit`` and ``w_T`` whether the class calls at an island (of ``T``).
Cut rows hold because each boat's walk starts at its home port, outside ``T + Q``, so a
boat visiting ``T`` enters ``T + Q`` on some arc. The bounds given to the variables hold
by the reduction (calls at an island at most the TPS dropped there; port arrivals at
most two per productive trip and one per boat). The objective ``sum w x + F sum y``, with
``w = floor(d* / speed x rate)`` in rupiah less the verifier's tolerance of a microsecond a
leg and ``F`` the fixed cost rounded down, is at most the plan's cost. So the LP optimum
is at most the cost of any legal plan, whatever subset of cut rows it holds.

The LP's value is not taken from the solver: for any dual values ``y``, ``c x = y A x +
(c - A^T y) x`` and every variable lies within finite bounds, so ``sum_r y_r (low_r or
high_r) + sum_j min over its bounds of (c - A^T y)_j x_j`` is at most the LP optimum
(``bound_lp._Lp.safe_bound``, with every rounding error bounded and subtracted). Stopping
the cut rounds at ``max_rounds`` or taking GLOP's duals as they are keeps it a bound; the
rounds are counted, not timed, and GLOP is deterministic, so the same data gives the same
bound under any machine load.

**The spanning-tree bound** (``bound_tree``). Split the classes into groups that share no
TPS; each boat and each served TPS belongs to one group. In a group, call its delivery
islands terminals and merge its ports into one root. In the reduced walks, the first arc
into each terminal comes from a port or a terminal reached before it, so these arcs
contain a tree spanning root and terminals, which costs at least a minimum spanning
tree priced per edge at the cheapest class that may deliver at both ends, over a lower
bound of ``d*`` (``relaxation.LeastDistance``). An island whose load exceeds the largest
capacity that may deliver there needs that many calls, each further one arriving on
another arc into the island; each productive trip (at least the group's load over its
largest capacity) ends with an arc into a port. These arcs are all distinct. Each group
pays the fixed cost at least once per pairwise disjoint set of possible carriers among
its TPS (each such set needs its own boat).

Both figures bound every legal plan, so their maximum does too.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from seribu_planner.model import DataSet
from seribu_planner.solver.bound_tree import tree_bound
from seribu_planner.solver.relaxation import relax

__all__ = ["Bound", "BoundMethod", "BoundParams", "lower_bound"]


class BoundMethod(StrEnum):
    """How a bound is obtained."""

    #: The tree bound, and the flow bound too when the model is small enough.
    AUTO = "auto"
    #: The linear relaxation of the flow model, solved with GLOP (and the tree bound).
    FLOW = "flow"
    #: Spanning tree, leg count and boat count, without a solver.
    TREE = "tree"


@dataclass(frozen=True)
class BoundParams:
    """Settings of ``lower_bound``; the defaults fit the bundled data in about 0.3 s."""

    method: BoundMethod = BoundMethod.AUTO
    #: Most LP solves of the flow relaxation (each adds the violated cuts it finds). A
    #: count, not a clock: the same data gives the same bound under any machine load.
    max_rounds: int = 40
    #: ``auto`` solves the flow relaxation up to this many arcs over all boat classes.
    flow_max_arcs: int = 4_000

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", BoundMethod(self.method))
        if self.max_rounds < 1:
            raise ValueError(f"max_rounds must be at least 1 (got {self.max_rounds})")
        if self.flow_max_arcs < 0:
            raise ValueError(f"flow_max_arcs must be at least 0 (got {self.flow_max_arcs})")


@dataclass(frozen=True)
class Bound:
    """A proven lower bound on plan cost, in rupiah, and how it was obtained."""

    #: The bound in rupiah (whole rupiah, as an exact fraction).
    value: Fraction
    #: The method whose figure ``value`` is (``flow`` or ``tree``).
    method: BoundMethod
    #: True when the flow relaxation ran until no cut was violated (false when it
    #: stopped at ``max_rounds``, or was not run); ``value`` is proven either way.
    complete: bool
    #: One line for people: the figures computed, what was relaxed.
    detail: str
    #: The TPS the bound is about, sorted.
    served: tuple[str, ...]

    @property
    def rupiah(self) -> float:
        """The bound as a float."""
        return float(self.value)

    def gap(self, cost: float) -> float:
        """At most how far ``cost`` lies above the best possible, ``(cost - B) / B``."""
        if self.value <= 0:
            return math.inf if cost > 0 else 0.0
        return (cost - float(self.value)) / float(self.value)


def lower_bound(
    data: DataSet,
    served: Collection[str] | None = None,
    params: BoundParams | None = None,
) -> Bound:
    """A proven lower bound on the cost of any legal plan that serves ``served``.

    ``served`` defaults to every TPS some boat could deliver alone (rule 9's test). The
    bound holds for plans that serve more than ``served`` too. Raises ``ValueError`` for
    an unknown TPS or one that no boat may deliver (no plan serves it). The proof is in
    the module docstring.
    """
    params = params or BoundParams()
    rx = relax(data, served)
    ids = tuple(t.id for t in rx.served)
    if not rx.served:
        return Bound(Fraction(0), BoundMethod.TREE, False, "nothing to serve", ids)
    tree = tree_bound(rx)
    tree_detail = (
        f"spanning tree over {tree.islands} islands, {tree.calls} calls, {tree.trips} trips, "
        f"{tree.boats} boats at least"
    )
    arcs = sum((len(c.ports) + len(c.islands)) ** 2 for c in rx.classes)
    run_flow = params.method is BoundMethod.FLOW or (
        params.method is BoundMethod.AUTO and arcs <= params.flow_max_arcs
    )
    relaxed = "time, weather, deadlines and availability relaxed"
    if not run_flow:
        detail = f"{tree_detail}; {relaxed}"
        return Bound(Fraction(tree.value), BoundMethod.TREE, False, detail, ids)

    from seribu_planner.solver.bound_lp import flow_lp_bound

    flow = flow_lp_bound(rx, params.max_rounds)
    value = math.floor(flow.value)
    how = "until no cut was violated" if flow.converged else "stopped at the round limit"
    flow_detail = (
        f"flow relaxation over {len(rx.classes)} boat classes, {flow.rounds} LP rounds with "
        f"{flow.cuts} cut rows, {how}"
    )
    if value >= tree.value:
        detail = f"{flow_detail} (tree bound Rp {tree.value:,}); {relaxed}"
        return Bound(Fraction(value), BoundMethod.FLOW, flow.converged, detail, ids)
    detail = f"{tree_detail} (flow bound Rp {value:,}, {how}); {relaxed}"
    return Bound(Fraction(tree.value), BoundMethod.TREE, flow.converged, detail, ids)
