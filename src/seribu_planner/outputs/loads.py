"""What each trip of a plan loads and each call drops: the figures the people-facing
outputs share (workbook, crew brief, HTML report, GeoJSON), and the slack bands.

One derivation here, so that the workbook's manifest, the brief's handover tables and the
report's table can never disagree about a kit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from seribu_planner.derive.kit import kit_for
from seribu_planner.model import DataSet, Tps
from seribu_planner.plan import Plan, Stop, Trip


@dataclass(frozen=True)
class KitLine:
    """The kit of one TPS: counts in the campaign's kit order, weight and volume."""

    tps: Tps
    counts: tuple[int, ...]
    kg: float
    m3: float


@dataclass(frozen=True)
class Totals:
    """Counts per kit item, weight, volume, TPS and voters of some kit lines."""

    counts: tuple[int, ...]
    kg: float
    m3: float
    tps: int
    voters: int


def totals(lines: Iterable[KitLine], items: int) -> Totals:
    """The sum of kit lines (``items``: the number of kit items, for an empty sum)."""
    counts = [0] * items
    kg = m3 = 0.0
    tps = voters = 0
    for line in lines:
        for i, count in enumerate(line.counts):
            counts[i] += count
        kg += line.kg
        m3 += line.m3
        tps += 1
        voters += line.tps.voters
    return Totals(tuple(counts), kg, m3, tps, voters)


@dataclass(frozen=True)
class Call:
    """A stop of a trip where kits are dropped, with the stop before it."""

    boat: str
    trip: int
    #: Index of the stop in its trip (0 is the loading port).
    position: int
    stop: Stop
    previous: Stop
    lines: tuple[KitLine, ...]


@dataclass(frozen=True)
class TripSheet:
    """One trip with its loading port, calls and return, and everything it loads."""

    boat: str
    trip: Trip
    calls: tuple[Call, ...]

    @property
    def port(self) -> str:
        """Where the trip loads."""
        return self.trip.stops[0].place

    @property
    def depart(self) -> datetime | None:
        """When the trip sails from its loading port."""
        return self.trip.stops[0].depart

    @property
    def end(self) -> Stop:
        """The port where the trip ends."""
        return self.trip.stops[-1]

    @property
    def lines(self) -> tuple[KitLine, ...]:
        """Every kit the trip loads, in the order it is dropped."""
        return tuple(line for call in self.calls for line in call.lines)


def kit_line(data: DataSet, tps_id: str) -> KitLine:
    """The kit line of one TPS of the data set."""
    tps = data.tps_by_id.get(tps_id)
    if tps is None:
        raise ValueError(f"plan drops TPS {tps_id!r}, which is not in the data set")
    kit = kit_for(data.campaign, tps)
    return KitLine(tps, tuple(count for _, count in kit.counts), kit.kg, kit.m3)


def trip_sheets(data: DataSet, plan: Plan) -> list[TripSheet]:
    """Every trip of the plan with its calls, in plan order (boat by boat)."""
    sheets: list[TripSheet] = []
    for boat in plan.boats:
        for trip in boat.trips:
            calls = tuple(
                Call(
                    boat.boat,
                    trip.number,
                    position,
                    stop,
                    trip.stops[position - 1],
                    tuple(kit_line(data, tps_id) for tps_id in stop.tps),
                )
                for position, stop in enumerate(trip.stops)
                if stop.tps and position > 0
            )
            sheets.append(TripSheet(boat.boat, trip, calls))
    return sheets


def calls(data: DataSet, plan: Plan) -> list[Call]:
    """Every call where kits are dropped, in plan order."""
    return [call for sheet in trip_sheets(data, plan) for call in sheet.calls]


def place_name(data: DataSet, place: str) -> str:
    """The name of a port or island from the data (the id when it has none)."""
    port = data.ports_by_id.get(place)
    if port is not None:
        return port.name
    island = data.islands_by_id.get(place)
    return island.name if island is not None else place


def trip_zones(data: DataSet, stops: Sequence[Stop]) -> list[str]:
    """The weather zones a trip's stops lie in, in order of first visit."""
    zones: list[str] = []
    for stop in stops:
        where = data.ports_by_id.get(stop.place) or data.islands_by_id.get(stop.place)
        if where is not None and where.zone not in zones:
            zones.append(where.zone)
    return zones


# --------------------------------------------------------------------------- slack


class SlackBand(StrEnum):
    """How much time to spare a TPS has before its deadline, in three bands."""

    TIGHT = "tight"
    SHORT = "short"
    AMPLE = "ample"


#: Below 6 hours a delay of one sea-state slot (BMKG forecasts in 6- to 12-hour steps)
#: misses the deadline; below a day, one lost sailing day does.
TIGHT_BELOW = timedelta(hours=6)
SHORT_BELOW = timedelta(hours=24)


def slack_band(slack: timedelta) -> SlackBand:
    """The band of a slack: tight under 6 h, short under 24 h, else ample."""
    if slack < TIGHT_BELOW:
        return SlackBand.TIGHT
    if slack < SHORT_BELOW:
        return SlackBand.SHORT
    return SlackBand.AMPLE
