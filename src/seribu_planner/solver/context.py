"""What the search derives from a data set once, in integer seconds from the campaign start.

Sailing windows come from ``derive.weather`` (whole minutes, UTC arithmetic) and are scaled
to seconds; leg durations are whole seconds rounded up, so a plan never sails faster than
its boat and a leg's cost is within a second of the exact figure. Everything here is
cached per boat, speed or zone pair: the local search asks the same questions millions of
times.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

from seribu_planner.derive.kit import Kit, kit_for
from seribu_planner.derive.network import SeaNetwork
from seribu_planner.derive.weather import (
    Clock,
    Interval,
    availability_intervals,
    horizon_minutes,
    intersect,
    sailing_windows,
)
from seribu_planner.model import Boat, DataSet, Island, Port, Tps

MINUTE = 60


@dataclass(frozen=True)
class Windows:
    """Sorted disjoint closed intervals ``[start, end]`` of seconds, searchable by end."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, intervals: list[Interval]) -> Windows:
        """Windows from intervals in seconds."""
        return cls(tuple(s for s, _ in intervals), tuple(e for _, e in intervals))

    def earliest(self, ready: int, duration: int, limit: int | None = None) -> int | None:
        """The first second at or after ``ready`` from which ``duration`` fits in a window.

        With ``limit``, the leg must also arrive by then.
        """
        i = bisect.bisect_left(self.ends, ready + duration)
        for k in range(i, len(self.ends)):
            depart = max(self.starts[k], ready)
            arrive = depart + duration
            if limit is not None and arrive > limit:
                return None
            if arrive <= self.ends[k]:
                return depart
        return None


@dataclass
class Context:
    """Distances, kits, windows and times of one data set, as the search uses them."""

    data: DataSet
    clock: Clock
    horizon: int
    network: SeaNetwork
    kits: dict[str, Kit]
    places: dict[str, Port | Island]
    _zone_windows: dict[str, dict[str, list[Interval]]] = field(default_factory=dict)
    _legs: dict[tuple[str, str, str], Windows] = field(default_factory=dict)
    _travel: dict[tuple[float, str, str], int] = field(default_factory=dict)
    _periods: dict[str, list[Interval]] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        data: DataSet,
        *,
        network: SeaNetwork | None = None,
        kits: dict[str, Kit] | None = None,
        zone_windows: dict[str, dict[str, list[Interval]]] | None = None,
    ) -> Context:
        """Derive what the search needs from a data set.

        What the caller derived already (``solver.problem.Problem``: the sea network, the
        kits, each boat's sailing windows per zone in minutes) is taken over, not derived
        a second time.
        """
        places: dict[str, Port | Island] = {p.id: p for p in data.ports}
        places.update({i.id: i for i in data.islands})
        return cls(
            data=data,
            clock=Clock(data.campaign.start),
            horizon=horizon_minutes(data) * MINUTE,
            network=network if network is not None else SeaNetwork.of(data),
            kits=kits if kits is not None else {t.id: kit_for(data.campaign, t) for t in data.tps},
            places=places,
            _zone_windows=dict(zone_windows or {}),
        )

    # ------------------------------------------------------------------ time

    def travel(self, boat: Boat, a: str, b: str) -> int:
        """Whole seconds under way from a to b, rounded up."""
        key = (boat.speed_knots, a, b)
        seconds = self._travel.get(key)
        if seconds is None:
            exact = self.network.distance_nm(a, b) / boat.speed_knots * 3600
            seconds = self._travel[key] = max(0, math.ceil(exact - 1e-6))
        return seconds

    def leg_windows(self, boat: Boat, a: str, b: str) -> Windows:
        """When ``boat`` may be under way between places a and b (both zones open)."""
        za, zb = self.places[a].zone, self.places[b].zone
        key = (boat.id, za, zb) if za <= zb else (boat.id, zb, za)
        cached = self._legs.get(key)
        if cached is None:
            zones = self._zone_windows.get(boat.id)
            if zones is None:
                zones = self._zone_windows[boat.id] = sailing_windows(self.data, boat)
            both = intersect(zones.get(za, []), zones.get(zb, []))
            cached = self._legs[key] = Windows.of([(s * MINUTE, e * MINUTE) for s, e in both])
        return cached

    def periods(self, boat: Boat) -> list[Interval]:
        """The boat's availability periods in seconds (one trip stays inside one)."""
        cached = self._periods.get(boat.id)
        if cached is None:
            cached = self._periods[boat.id] = [
                (s * MINUTE, e * MINUTE) for s, e in availability_intervals(self.data, boat)
            ]
        return cached

    def service(self, island: Island, kits: int) -> int:
        """Seconds alongside to unload ``kits`` TPS kits."""
        return (island.unload_minutes + self.data.campaign.per_tps_minutes * kits) * MINUTE

    def load(self, port: Port) -> int:
        """Seconds of loading at a port before a trip departs."""
        return port.load_minutes * MINUTE

    def deadline(self, tps: Tps) -> int:
        """The TPS deadline in seconds from the start, rounded down, within the horizon."""
        return min(math.floor(self.clock.seconds(self.data.tps_deadline(tps))), self.horizon)

    def ready(self, port: Port) -> int:
        """First second kits can be loaded at a port."""
        return max(0, math.ceil(self.clock.seconds(self.data.port_ready(port))))
