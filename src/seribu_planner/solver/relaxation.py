"""What the lower bound relaxes a data set to: served TPS, kits, boat classes, leg prices.

The rules that cost money stay: who may carry which TPS and berth where (``Eligibility``),
capacity per trip, home ports, the fixed cost per boat, legs priced at distance over speed
times rate. Time, weather, deadlines and availability go. Boats that differ only in what
was relaxed away form one ``BoatClass``. The argument is in ``solver.bound``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from seribu_planner.derive.eligibility import Eligibility
from seribu_planner.derive.kit import Kit, kit_for
from seribu_planner.derive.network import EARTH_RADIUS_NM, SeaNetwork, great_circle_nm
from seribu_planner.model import Boat, DataSet, Tps, TpsKind
from seribu_planner.solver.problem import Problem
from seribu_planner.solver.reasons import Reachability, hopeless

#: Verifier tolerances (``verify.rules``): a leg may be this many seconds shorter than its
#: distance over the speed, a load this much (relative) above the capacity.
LEG_TOLERANCE_S = 1e-6
CAPACITY_TOLERANCE = 1e-9


@dataclass(frozen=True)
class BoatClass:
    """Boats the relaxation cannot tell apart, with what they may do."""

    boats: tuple[Boat, ...]
    #: Ports where the class may load or end a trip, data order (the home port among them).
    ports: tuple[str, ...]
    #: Islands where the class may deliver some served TPS, data order.
    islands: tuple[str, ...]
    #: Every place where the class may berth: a detour may pass any of them.
    places: tuple[str, ...]
    #: Ids of the served TPS the class may deliver (eligible, and the kit fits).
    delivers: frozenset[str]

    @property
    def boat(self) -> Boat:
        """The first boat of the class (they agree on everything the relaxation keeps)."""
        return self.boats[0]

    @property
    def home(self) -> str:
        """The home port of the class's boats."""
        return self.boats[0].home


@dataclass(frozen=True)
class Relaxation:
    """The relaxed data: served TPS, their kits and demands, boat classes, distances."""

    data: DataSet
    network: SeaNetwork
    served: tuple[Tps, ...]
    kits: dict[str, Kit]
    classes: tuple[BoatClass, ...]
    #: (island, kind) -> the served TPS there, in id order.
    demand: dict[tuple[str, TpsKind], tuple[Tps, ...]]

    def may_deliver(self, c: BoatClass, tps: Tps) -> bool:
        """Whether the class may deliver this kit: it calls there, carries the kind, and the
        kit fits its capacity."""
        return tps.id in c.delivers

    def leg_rupiah(self, c: BoatClass, distance_nm: float) -> int:
        """The least cost of a leg of this distance for this class, whole rupiah rounded
        down: distance over speed (not rounded up to any clock unit) times the rate, less
        the verifier's tolerance on a leg's duration."""
        boat = c.boat
        exact = distance_nm / boat.speed_knots * boat.cost_per_hour
        slack = boat.cost_per_hour * LEG_TOLERANCE_S / 3600
        # The relative margin absorbs float rounding in the distance and the product.
        return max(0, math.floor(exact * (1 - 1e-12) - slack))

    def fixed_rupiah(self) -> int:
        """The fixed cost of one boat used, whole rupiah rounded down."""
        return math.floor(self.data.campaign.objective.fixed_cost_per_boat)

    def load(self, members: Iterable[Tps]) -> tuple[float, float]:
        """Total kg and m3 of these kits."""
        kits = [self.kits[t.id] for t in members]
        return sum(k.kg for k in kits), sum(k.m3 for k in kits)


def _may_take(eligibility: Eligibility, boat: Boat, tps: Tps, kit: Kit) -> bool:
    # Twice the verifier's tolerance: its kit sums may round differently from ours.
    margin = 1 + 2 * CAPACITY_TOLERANCE
    return (
        eligibility.may_carry_kind(boat, tps.kind)
        and kit.kg <= boat.capacity_kg * margin
        and kit.m3 <= boat.capacity_m3 * margin
    )


def relax(data: DataSet, served: Collection[str] | None = None) -> Relaxation:
    """The relaxation of a data set for these served TPS (default: every servable TPS).

    Raises ``ValueError`` for an unknown TPS id or a TPS no boat may deliver (no plan
    serves it, so there is nothing to bound).
    """
    eligibility = Eligibility.of(data)
    by_voters: dict[int, Kit] = {}  # a kit depends on the voters only
    kits: dict[str, Kit] = {}
    for t in data.tps:
        kit = by_voters.get(t.voters)
        if kit is None:
            kit = by_voters[t.voters] = kit_for(data.campaign, t)
        kits[t.id] = kit
    if served is None:
        served_ids = servable(data)
    else:
        served_ids = sorted(set(served))
        unknown = [t for t in served_ids if t not in data.tps_by_id]
        if unknown:
            raise ValueError(f"unknown TPS: {', '.join(unknown[:5])}")
    tps = tuple(data.tps_by_id[t] for t in served_ids)
    demand: dict[tuple[str, TpsKind], list[Tps]] = {}
    for t in tps:
        demand.setdefault((t.island, t.kind), []).append(t)
    classes = _classes(data, eligibility, kits, tps)
    delivered = frozenset().union(*(c.delivers for c in classes))
    for t in tps:
        if t.id not in delivered:
            raise ValueError(f"no boat may deliver TPS {t.id}: no plan serves it")
    return Relaxation(
        data=data,
        network=SeaNetwork.of(data),
        served=tps,
        kits=kits,
        classes=classes,
        demand={key: tuple(members) for key, members in sorted(demand.items())},
    )


def servable(data: DataSet) -> list[str]:
    """Ids of the TPS some boat alone could deliver within the rules (rule 9's test)."""
    problem = Problem.of(data)
    reach = Reachability(problem)
    return sorted(t.id for t in data.tps if hopeless(problem, reach, t) is None)


def _classes(
    data: DataSet, eligibility: Eligibility, kits: dict[str, Kit], served: tuple[Tps, ...]
) -> tuple[BoatClass, ...]:
    """Boat classes that may deliver some served TPS, in fleet order of their first boat."""
    by_island: dict[str, list[Tps]] = {}
    for t in served:
        by_island.setdefault(t.island, []).append(t)
    groups: dict[tuple[object, ...], list[Boat]] = {}
    for boat in data.boats:
        if not eligibility.can_sail(boat):
            continue  # it cannot berth at home: no trip at all
        key = (
            boat.home,
            boat.speed_knots,
            boat.cost_per_hour,
            boat.capacity_kg,
            boat.capacity_m3,
            eligibility.ports_of[boat.id],
            eligibility.islands_of[boat.id],
            frozenset(boat.serves),
        )
        groups.setdefault(key, []).append(boat)
    out: list[BoatClass] = []
    for boats in _merge_dominated(list(groups.values()), eligibility):
        first = boats[0]
        ports = tuple(p.id for p in eligibility.load_ports(first))
        calls = tuple(i.id for i in eligibility.call_islands(first))
        delivers: set[str] = set()
        islands: list[str] = []
        takes: dict[tuple[TpsKind, int], bool] = {}  # a kit depends on the voters only
        for island in calls:
            here = []
            for t in by_island.get(island, ()):
                kit_key = (t.kind, t.voters)
                if kit_key not in takes:
                    takes[kit_key] = _may_take(eligibility, first, t, kits[t.id])
                if takes[kit_key]:
                    here.append(t.id)
            if here:
                delivers.update(here)
                islands.append(island)
        if delivers:
            out.append(
                BoatClass(tuple(boats), ports, tuple(islands), ports + calls, frozenset(delivers))
            )
    return tuple(out)


def _dominates(a: Boat, b: Boat, eligibility: Eligibility) -> bool:
    """Whether ``a`` can sail any walk of ``b`` at no more cost: same home, no dearer a
    nautical mile, at least the capacity, every berth and kind of ``b``."""
    return (
        a.home == b.home
        and a.cost_per_hour / a.speed_knots <= b.cost_per_hour / b.speed_knots
        and a.capacity_kg >= b.capacity_kg
        and a.capacity_m3 >= b.capacity_m3
        and eligibility.ports_of[a.id] >= eligibility.ports_of[b.id]
        and eligibility.islands_of[a.id] >= eligibility.islands_of[b.id]
        and set(a.serves) >= set(b.serves)
    )


def _merge_dominated(groups: list[list[Boat]], eligibility: Eligibility) -> list[list[Boat]]:
    """Groups of boats, each dominated group folded into the first group that dominates it.

    Time is relaxed away, so a boat's walks can be taken over by a boat based at the same
    port that is no dearer a mile, no smaller and no more restricted: the relaxation only
    gets weaker, and smaller.
    """
    kept: list[list[Boat]] = []
    for group in groups:
        host = next(
            (k for k in kept if _dominates(k[0], group[0], eligibility)),
            None,
        )
        if host is not None:
            host.extend(group)
            continue
        absorbed = [k for k in kept if _dominates(group[0], k[0], eligibility)]
        merged = list(group)
        for k in absorbed:
            merged.extend(k)
            kept.remove(k)
        kept.append(merged)
    order = {id(b): n for n, g in enumerate(groups) for b in g}
    return sorted(kept, key=lambda g: min(order[id(b)] for b in g))


def components(rx: Relaxation) -> list[list[BoatClass]]:
    """Classes grouped so that no served TPS may be delivered by classes of two groups.

    The groups share no boat and no TPS, so a plan's cost splits over them and so does a
    bound.
    """
    parent = list(range(len(rx.classes)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for members in rx.demand.values():
        ids = {t.id for t in members}
        able = [k for k, c in enumerate(rx.classes) if not ids.isdisjoint(c.delivers)]
        for k in able[1:]:
            parent[root(k)] = root(able[0])
    groups: dict[int, list[BoatClass]] = {}
    for k, c in enumerate(rx.classes):
        groups.setdefault(root(k), []).append(c)
    return list(groups.values())


@dataclass(frozen=True)
class LeastDistance:
    """A lower bound on ``d*``, the shortest distance over any chain of legs.

    Unlisted distances are great circle x route factor, a metric; a listed distance may be
    shorter than its estimate by the factor ``ratio`` at most. Any chain of legs from u to
    v is then at least ``ratio x route_factor x great_circle(u, v)`` (triangle inequality of
    the great circle), and the direct leg is ``distance(u, v)``: ``d*(u, v)`` is at least
    the smaller of the two.
    """

    network: SeaNetwork
    ratio: float
    #: Place id -> (latitude, longitude in radians, cosine of the latitude).
    points: dict[str, tuple[float, float, float]]

    @classmethod
    def of(cls, rx: Relaxation) -> LeastDistance:
        """The bound for one data set."""
        network = rx.network
        ratio = 1.0
        for pair, nm in network.measured.items():
            a, b = sorted(pair)
            pa, pb = network.places[a], network.places[b]
            estimate = great_circle_nm(pa.lat, pa.lon, pb.lat, pb.lon) * network.route_factor
            if estimate > 0:
                ratio = min(ratio, nm / estimate)
        points = {
            place.id: (
                math.radians(place.lat),
                math.radians(place.lon),
                math.cos(math.radians(place.lat)),
            )
            for place in network.places.values()
        }
        return cls(network, ratio, points)

    def __call__(self, a: str, b: str) -> float:
        if a == b:
            return 0.0
        # The haversine formula of ``great_circle_nm``, inlined: the spanning tree prices
        # every pair of islands.
        lat1, lon1, cos1 = self.points[a]
        lat2, lon2, cos2 = self.points[b]
        h = math.sin((lat2 - lat1) / 2) ** 2 + cos1 * cos2 * math.sin((lon2 - lon1) / 2) ** 2
        estimate = (
            2 * EARTH_RADIUS_NM * math.asin(min(1.0, math.sqrt(h))) * self.network.route_factor
        )
        if not self.network.measured:
            return estimate
        listed = self.network.measured.get(frozenset((a, b)))
        least = self.ratio * estimate
        return least if listed is None else min(listed, least)
