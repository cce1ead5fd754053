"""The spanning-tree bound of ``solver.bound``: no solver, for data of any size.

Per group of boat classes that share TPS (``relaxation.components``), with the islands
where the group delivers as terminals and all its ports merged into one root:

* a minimum spanning tree of root and terminals, each edge priced as the cheapest leg
  any class that may deliver at both ends could sail there (``LeastDistance`` x its
  rate);
* each island's further calls, needed when its load exceeds the largest capacity that
  may deliver there, at the cheapest leg into the island;
* each trip's return to a port (at least the group's load over the largest capacity) at
  the cheapest leg between a terminal and a port;
* the fixed cost of as many boats as there are pairwise disjoint sets of possible
  carriers.

The proof is in ``solver.bound``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from seribu_planner.model import Tps
from seribu_planner.solver.relaxation import (
    CAPACITY_TOLERANCE,
    LEG_TOLERANCE_S,
    BoatClass,
    LeastDistance,
    Relaxation,
    components,
)


@dataclass(frozen=True)
class TreeResult:
    """The spanning-tree bound in whole rupiah, with what it counted."""

    value: int
    islands: int
    calls: int
    trips: int
    boats: int


def tree_bound(rx: Relaxation) -> TreeResult:
    """The spanning-tree bound of the relaxation, summed over independent groups."""
    least = LeastDistance.of(rx)
    # Rounding a leg down: the largest tolerance slack of any class, a relative margin.
    slack = max((c.boat.cost_per_hour for c in rx.classes), default=0.0) * LEG_TOLERANCE_S / 3600
    value = islands = calls = trips = boats = 0
    for group in components(rx):
        part = _group_bound(rx, group, least, slack)
        value += part.value
        islands += part.islands
        calls += part.calls
        trips += part.trips
        boats += part.boats
    return TreeResult(value, islands, calls, trips, boats)


def _price(distance_nm: float, rupiah_per_nm: float, slack: float) -> int:
    return max(0, math.floor(distance_nm * rupiah_per_nm * (1 - 1e-12) - slack))


def _trips_needed(kg: float, m3: float, classes: Sequence[BoatClass]) -> int:
    """Trips (or calls) needed for this load at the largest capacity among the classes."""
    cap_kg = max(c.boat.capacity_kg for c in classes) * (1 + CAPACITY_TOLERANCE)
    cap_m3 = max(c.boat.capacity_m3 for c in classes) * (1 + CAPACITY_TOLERANCE)
    return max(1, math.ceil(kg / cap_kg - 1e-9), math.ceil(m3 / cap_m3 - 1e-9))


def _group_bound(
    rx: Relaxation, group: list[BoatClass], least: LeastDistance, slack: float
) -> TreeResult:
    members: dict[str, list[Tps]] = {}  # island -> served TPS this group may deliver
    mine = frozenset().union(*(c.delivers for c in group))
    for t in rx.served:
        if t.id in mine:
            members.setdefault(t.island, []).append(t)
    terminals = sorted(members)
    able = {
        i: frozenset(k for k, c in enumerate(group) if any(t.id in c.delivers for t in members[i]))
        for i in terminals
    }
    per_nm = [c.boat.cost_per_hour / c.boat.speed_knots for c in group]
    cheapest: dict[frozenset[int], float | None] = {}

    def rate(mask: frozenset[int]) -> float | None:
        if mask not in cheapest:
            cheapest[mask] = min((per_nm[k] for k in mask), default=None)
        return cheapest[mask]

    # The root is every port of the group, merged: an edge to it is the cheapest leg
    # between the island and a port of a class that may deliver there.
    nearest: dict[tuple[tuple[str, ...], str], float] = {}

    def to_port(k: int, i: str) -> int:
        key = (group[k].ports, i)
        if key not in nearest:
            nearest[key] = min(least(p, i) for p in group[k].ports)
        return _price(nearest[key], per_nm[k], slack)

    to_root = {i: min(to_port(k, i) for k in able[i]) for i in terminals}
    # Prim's algorithm; every pair is priced once, which also gives each island's
    # cheapest leg in from anywhere.
    best = dict(to_root)
    cheapest_in = dict(to_root)
    left = set(terminals)
    tree = 0
    while left:
        here = min(left, key=lambda i: (best[i], i))
        left.remove(here)
        tree += best[here]
        mask = able[here]
        r_here = rate(mask)
        for there in left:
            other = able[there]
            r = r_here if other == mask else rate(mask & other)
            if r is None:
                continue  # no class delivers at both: no arc between them
            # _price, inlined: this loop runs for every pair of islands.
            exact = least(here, there) * r * (1 - 1e-12) - slack
            price = math.floor(exact) if exact > 0 else 0
            if price < best[there]:
                best[there] = price
            if price < cheapest_in[there]:
                cheapest_in[there] = price
            if price < cheapest_in[here]:
                cheapest_in[here] = price

    calls = extra = 0
    for i in terminals:
        kg, m3 = rx.load(members[i])
        needed = _trips_needed(kg, m3, [group[k] for k in able[i]])
        calls += needed
        extra += (needed - 1) * cheapest_in[i]
    everything = [t for i in terminals for t in members[i]]
    trips = _trips_needed(*rx.load(everything), group)
    returns = trips * min(to_root.values())
    boats = _disjoint_carrier_sets(group, everything)
    value = tree + extra + returns + boats * rx.fixed_rupiah()
    return TreeResult(value, len(terminals), calls, trips, boats)


def _disjoint_carrier_sets(group: list[BoatClass], tps: list[Tps]) -> int:
    """How many pairwise disjoint sets of possible carriers the TPS have (each needs a
    boat of its own)."""
    carriers: dict[str, set[str]] = {t.id: set() for t in tps}
    for c in group:
        boats = [b.id for b in c.boats]
        for tps_id in c.delivers:
            if tps_id in carriers:
                carriers[tps_id].update(boats)
    sets = {frozenset(s) for s in carriers.values()}
    chosen: list[frozenset[str]] = []
    for s in sorted(sets, key=lambda s: (len(s), sorted(s))):
        if all(not (s & other) for other in chosen):
            chosen.append(s)
    return len(chosen)
