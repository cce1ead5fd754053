"""The search state: each boat's trips, scheduled exactly, and what they cost.

A *piece* is the unit the search moves: some TPS of one island that share a kind and a
deadline (all of them on a small data set, or a few at a time). A trip is a start port,
stops, and an end port; a stop drops one or more pieces at one island. The chain rule of
PRODUCT.md rule 2 is kept by construction: a boat's first trip starts at its home port and
each later trip at the port where the one before it ended.

Costs are the integer units of ``solver.cost``, the one cost definition (a leg of ``s``
seconds costs ``leg_cost_units(boat, s)``, a boat used ``fixed_cost_units``), so the search
compares plans exactly and ranks them as the reported rupiah figures do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from seribu_planner.model import Boat, Tps
from seribu_planner.solver.context import Context
from seribu_planner.solver.cost import fixed_cost_units, leg_cost_units
from seribu_planner.solver.schedule import Call, Scheduler, TripSpec, TripTimes

#: Whether a boat may carry a TPS's kit and call at its island (the eligibility rule).
MayCarry = Callable[[Boat, Tps], bool]


@dataclass(frozen=True)
class Piece:
    """TPS of one island, kind and deadline that the search moves together."""

    island: str
    tps: tuple[str, ...]
    kg: float
    m3: float


@dataclass
class Route:
    """One boat's trips in order with their exact times."""

    boat: Boat
    trips: list[TripSpec] = field(default_factory=list)
    times: list[TripTimes] = field(default_factory=list)


class Env:
    """What the moves need to know about boats, pieces and costs, derived once."""

    def __init__(self, ctx: Context, ports_of: dict[str, list[str]], may: MayCarry) -> None:
        self.ctx = ctx
        self.scheduler = Scheduler(ctx)
        data = ctx.data
        self.boats = list(data.boats)
        #: Cost units per second under way, per boat, and of each boat used.
        self.rate = {b.id: leg_cost_units(b, 1) for b in data.boats}
        self.fixed = fixed_cost_units(data.campaign)
        self.kg = {t.id: ctx.kits[t.id].kg for t in data.tps}
        self.m3 = {t.id: ctx.kits[t.id].m3 for t in data.tps}
        #: Ports where each boat may load and end a trip.
        self.ports_of = ports_of
        self._may = may
        self._carriers: dict[tuple[str, frozenset[str]], list[Boat]] = {}
        self._leg_fns: dict[str, Callable[[str, str], int]] = {}
        self._near: dict[str, list[str]] = {}
        self._hardness: dict[str, int] = {}
        self._twins: dict[str, set[str]] = {}
        self._call_load: dict[tuple[str, ...], tuple[float, float]] = {}

    def first_twin(self, boat_id: str) -> str:
        """The first boat (by id) of the boat's class of twins."""
        return min(self.twins(boat_id))

    def twins(self, boat_id: str) -> set[str]:
        """The boats that differ from this one only in name: same home, speed, capacity,
        limits, availability, kinds served and cost."""
        if not self._twins:
            classes: dict[tuple[object, ...], set[str]] = {}
            for b in self.boats:
                key = (
                    b.home, b.speed_knots, b.capacity_kg, b.capacity_m3, b.max_wave_m,
                    b.draft_m, b.night_sailing, b.cost_per_hour,
                    tuple((p.from_, p.to) for p in b.available or ()), tuple(sorted(b.serves)),
                )  # fmt: skip
                classes.setdefault(key, set()).add(b.id)
            self._twins = {b: ids for ids in classes.values() for b in ids}
        return set(self._twins[boat_id])

    def piece(self, island: str, tps: tuple[str, ...]) -> Piece:
        """The piece of these TPS kits at an island, with its weight and volume."""
        kg, m3 = self.load(tps)
        return Piece(island, tps, kg, m3)

    def carriers_of(self, piece: Piece) -> list[Boat]:
        """The boats that may carry every kit of the piece and call at its island."""
        tps = self.ctx.data.tps_by_id
        kinds = frozenset(tps[t].kind.value for t in piece.tps)
        key = (piece.island, kinds)
        cached = self._carriers.get(key)
        if cached is None:
            first = {tps[t].kind.value: tps[t] for t in piece.tps}
            cached = [b for b in self.boats if all(self._may(b, t) for t in first.values())]
            self._carriers[key] = cached
        return cached

    def near(self, island: str) -> list[str]:
        """Every island with TPS, nearest to ``island`` first (itself first)."""
        cached = self._near.get(island)
        if cached is None:
            network = self.ctx.network
            islands = sorted({t.island for t in self.ctx.data.tps})
            cached = sorted(islands, key=lambda i: (network.distance_nm(island, i), i))
            self._near[island] = cached
        return cached

    def hardness(self, piece: Piece) -> int:
        """Seconds of sailing window open between the piece's island and its boats' homes.

        A recreate order: the pieces with the fewest chances go first.
        """
        cached = self._hardness.get(piece.island)
        if cached is None:
            cached = 0
            for boat in self.carriers_of(piece):
                w = self.ctx.leg_windows(boat, boat.home, piece.island)
                cached += sum(e - s for s, e in zip(w.starts, w.ends, strict=True))
            self._hardness[piece.island] = cached
        return cached

    def remoteness(self, piece: Piece) -> float:
        """Sea distance from the piece's island to the nearest port (farthest go first)."""
        network = self.ctx.network
        return min(network.distance_nm(piece.island, p) for p in self.ports_of_any)

    @property
    def ports_of_any(self) -> list[str]:
        """Every port of the data set."""
        return [p.id for p in self.ctx.data.ports]

    # ------------------------------------------------------------------ costs

    def leg(self, boat: Boat, a: str, b: str) -> int:
        """Cost units of sailing from a to b."""
        return self.legs(boat)(a, b)

    def legs(self, boat: Boat) -> Callable[[str, str], int]:
        """A cached function: cost units of sailing from a to b for this boat."""
        cached = self._leg_fns.get(boat.id)
        if cached is None:
            table: dict[tuple[str, str], int] = {}
            travel, rate = self.ctx.travel, self.rate[boat.id]

            def leg(a: str, b: str) -> int:
                key = (a, b)
                value = table.get(key)
                if value is None:
                    value = table[key] = travel(boat, a, b) * rate
                return value

            cached = self._leg_fns[boat.id] = leg
        return cached

    def trip_cost(self, boat: Boat, trip: TripSpec) -> int:
        """Cost units of a trip's legs."""
        places = trip.places
        leg = self.legs(boat)
        return sum(leg(places[i], places[i + 1]) for i in range(len(places) - 1))

    def route_cost(self, route: Route) -> int:
        """Cost units of a boat's trips, with its fixed cost when it sails at all."""
        if not route.trips:
            return 0
        return self.fixed + sum(self.trip_cost(route.boat, t) for t in route.trips)

    def load(self, tps: Iterable[str]) -> tuple[float, float]:
        """Weight and volume of the kits of these TPS."""
        kg = m3 = 0.0
        for t in tps:
            kg += self.kg[t]
            m3 += self.m3[t]
        return kg, m3

    def fits(self, boat: Boat, kg: float, m3: float) -> bool:
        """Whether a load fits the boat."""
        return kg <= boat.capacity_kg + 1e-9 and m3 <= boat.capacity_m3 + 1e-9

    def trip_load(self, trip: TripSpec) -> tuple[float, float]:
        """Weight and volume a trip carries."""
        kg = m3 = 0.0
        for call in trip.calls:
            load = self._call_load.get(call.tps)
            if load is None:
                if len(self._call_load) > 100_000:
                    self._call_load.clear()
                load = self._call_load[call.tps] = self.load(call.tps)
            kg += load[0]
            m3 += load[1]
        return kg, m3

    # ------------------------------------------------------------------ schedules

    def reschedule(self, route: Route, first: int, trips: list[TripSpec]) -> list[TripTimes] | None:
        """Times of ``trips`` replacing the route's trips from index ``first`` on."""
        ready = route.times[first - 1].end if first > 0 else 0
        out: list[TripTimes] = []
        for trip in trips:
            times = self.scheduler.trip(route.boat, trip, ready)
            if times is None:
                return None
            out.append(times)
            ready = times.end
        return out


def with_tps(call: Call, tps: Iterable[str], data_tps: dict[str, Tps]) -> Call:
    """The call with more TPS dropped, ids in TPS-number order."""
    merged = set(call.tps) | set(tps)
    return Call(call.island, tuple(sorted(merged, key=lambda t: (data_tps[t].number, t))))
