"""What the solver derives from a data set once: distances, kits, windows, drop groups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from seribu_planner.derive.eligibility import Eligibility
from seribu_planner.derive.kit import Kit, kit_for
from seribu_planner.derive.network import SeaNetwork
from seribu_planner.derive.weather import (
    Clock,
    Interval,
    horizon_minutes,
    intersect,
    sailing_windows,
)
from seribu_planner.model import Boat, DataSet, Island, Port, Tps, TpsKind


@dataclass(frozen=True)
class Group:
    """TPS of one island, one kind and one deadline, dropped in one call."""

    island: Island
    kind: TpsKind
    deadline: int
    tps: tuple[Tps, ...]
    kg: float
    m3: float


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
    eligibility: Eligibility
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
            eligibility=Eligibility.of(data),
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
        """Whether the boat's draft fits the island's pier (``Eligibility``)."""
        return self.eligibility.may_call(boat, island.id)

    def may_carry(self, boat: Boat, tps: Tps) -> bool:
        """Whether the boat can make a trip, calls at the TPS's island and carries its kind."""
        return self.eligibility.may_carry(boat, tps)

    def fits(self, boat: Boat, kg: float, m3: float) -> bool:
        """Whether a load fits the boat's capacity."""
        return kg <= boat.capacity_kg + 1e-9 and m3 <= boat.capacity_m3 + 1e-9


def drop_groups(problem: Problem, tps_list: Sequence[Tps]) -> list[Group]:
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
