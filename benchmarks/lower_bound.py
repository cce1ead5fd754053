"""A lower bound on plan cost that any plan keeping the rules must pay.

Every trip is a cycle port -> islands -> port. Drop the last leg of every trip: what is
left of all trips together connects every served island to some port, so it costs at
least a minimum spanning forest over the islands rooted at the ports (all ports merged
into one root). The dropped legs cost at least the cheapest island-to-port leg, once (a
plan has at least one trip). A leg sailed by boat b costs distance / speed_b x rate_b, so
each edge is priced at the least rate per nautical mile among the boats that may call at
both ends. Fixed costs: at least the fewest boats whose `serves` together cover the TPS
kinds present. Islands that no boat may serve together (disjoint sets of eligible boats,
like regular islands and the platforms only company boats serve) cannot share a trip or a
boat, so the bound is summed over those groups. Weather, time, capacity and the home
ports are relaxed away, so the bound holds for every legal plan; it is not tight.
"""

from __future__ import annotations

import heapq
import itertools
import math

from seribu_planner.derive.network import SeaNetwork
from seribu_planner.model import Boat, DataSet


def _may_call(boat: Boat, data: DataSet, place: str) -> bool:
    island = data.islands_by_id.get(place)
    if island is None:
        return True  # ports take every boat
    kinds = {t.kind for t in data.tps if t.island == place}
    return boat.can_berth(island.pier_depth_m) and bool(kinds & set(boat.serves))


def cost_lower_bound(data: DataSet, islands: set[str] | None = None) -> float:
    """Least cost of any legal plan serving the TPS on ``islands`` (default: all)."""
    targets = sorted(islands if islands is not None else {t.island for t in data.tps})
    eligible = {i: {b.id for b in data.boats if _may_call(b, data, i)} for i in targets}
    groups: list[tuple[set[str], set[str]]] = []  # (islands, boats) sharing boats
    for island in targets:
        merged = ({island}, set(eligible[island]))
        for group in [g for g in groups if g[1] & merged[1]]:
            groups.remove(group)
            merged = (merged[0] | group[0], merged[1] | group[1])
        groups.append(merged)
    network = SeaNetwork.of(data)
    return sum(_group_bound(data, network, sorted(members)) for members, _ in groups)


def _group_bound(data: DataSet, network: SeaNetwork, targets: list[str]) -> float:
    if not targets:
        return 0.0
    ports = [p.id for p in data.ports]

    def edge(a: str, b: str) -> float:
        rates = [
            boat.cost_per_hour / boat.speed_knots
            for boat in data.boats
            if _may_call(boat, data, a) and _may_call(boat, data, b)
        ]
        return network.distance_nm(a, b) * min(rates) if rates else math.inf

    # Prim's algorithm from the merged root of all ports.
    best = {i: min(edge(p, i) for p in ports) for i in targets}
    cheapest_return = min(best.values())
    done: set[str] = set()
    heap = [(cost, i) for i, cost in best.items()]
    heapq.heapify(heap)
    forest = 0.0
    while heap:
        cost, here = heapq.heappop(heap)
        if here in done or cost > best[here]:
            continue
        done.add(here)
        forest += cost
        for there in targets:
            if there not in done:
                c = edge(here, there)
                if c < best[there]:
                    best[there] = c
                    heapq.heappush(heap, (c, there))
    kinds = {t.kind for t in data.tps if t.island in set(targets)}
    fewest = next(
        n
        for n in range(1, len(data.boats) + 1)
        if any(
            kinds <= {k for b in combo for k in b.serves}
            for combo in itertools.combinations(data.boats, n)
        )
    )
    return forest + cheapest_return + fewest * data.campaign.objective.fixed_cost_per_boat
