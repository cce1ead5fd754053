"""Cross-checks between the files of a data set, and warnings about legal but odd data.

``load`` validates each file on its own; this module checks the records against each other
(unknown and duplicate ids, overlapping periods, times outside the campaign) and locates each
problem through the reader's positions, passed in as ``Located`` documents.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from seribu_planner.derive.weather import Clock, forecast_gaps
from seribu_planner.errors import Problem
from seribu_planner.model import DataSet

Key = Any  # a mapping key as YAML constructed it (text, usually) or a list index
YamlPath = tuple[Key, ...]


class Located(Protocol):
    """A file read with the position of each value: ``load``'s documents."""

    def at(self, path: YamlPath, message: str, *, key: bool = False) -> Problem:
        """A problem located at the value (or, with ``key``, the key) at this path."""
        ...

    def line(self, path: YamlPath) -> int | None:
        """The line of the value at this path."""
        ...


def data_warnings(data: DataSet) -> list[str]:
    """What is legal but probably not meant: forecast gaps, islands no boat can call at."""
    return [*_forecast_gaps(data), *_unreachable_islands(data)]


def field_path(path: YamlPath) -> str:
    """``("boats", 2, "capacity_kg")`` -> ``boats[2].capacity_kg``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) and not isinstance(part, bool) else f".{part}"
    return text.lstrip(".")


# --------------------------------------------------------------------------- cross-checks


def cross_check(data: DataSet, docs: Mapping[str, Located]) -> list[Problem]:
    """Problems between records and files, each located at the offending value."""
    isl, tps_doc, fleet, weather = (
        docs[name] for name in ("islands.yaml", "tps.yaml", "fleet.yaml", "weather.yaml")
    )
    c = data.campaign
    ports, islands = [p.id for p in data.ports], [i.id for i in data.islands]
    zones = [z.id for z in data.zones]
    port_set, island_set, zone_set = set(ports), set(islands), set(zones)
    outside = f"outside the campaign, {_when(c.start, c.tz)} to {_when(c.end, c.tz)}"

    places = [("ports", i, p.id) for i, p in enumerate(data.ports)]
    places += [("islands", i, p.id) for i, p in enumerate(data.islands)]
    problems = _duplicates(isl, "place", places, "; ports and islands share one id space")
    problems += _duplicates(tps_doc, "TPS", [("tps", i, t.id) for i, t in enumerate(data.tps)])
    problems += _duplicates(fleet, "boat", [("boats", i, b.id) for i, b in enumerate(data.boats)])
    problems += _duplicates(weather, "zone", [("zones", i, z) for i, z in enumerate(zones)])

    zoned = [("ports", i, p.zone) for i, p in enumerate(data.ports)]
    zoned += [("islands", i, p.zone) for i, p in enumerate(data.islands)]
    zoned_slots = [("forecast", i, s.zone) for i, s in enumerate(data.forecast)]
    for doc, records in ((isl, zoned), (weather, zoned_slots)):
        for key, i, zone_id in records:
            if zone_id not in zone_set:
                problems.append(doc.at((key, i, "zone"), _unknown("zone", zone_id, zones)))
    for i, port in enumerate(data.ports):
        if port.ready_at is not None and port.ready_at > c.deadline:
            message = f"ready_at {_when(port.ready_at, c.tz)} is later than the campaign"
            message += f" deadline {_when(c.deadline, c.tz)}"
            problems.append(isl.at(("ports", i, "ready_at"), message))
    pairs: dict[frozenset[str], int] = {}
    for i, distance in enumerate(data.distances):
        for j, place_id in enumerate(distance.between):
            if place_id not in port_set | island_set:
                message = _unknown("place", place_id, ports + islands)
                problems.append(isl.at(("distances", i, "between", j), message))
        if (first := pairs.setdefault(frozenset(distance.between), i)) != i:
            line = isl.line(("distances", first))
            message = f"the distance {' - '.join(distance.between)} is listed twice (first"
            problems.append(isl.at(("distances", i), f"{message} at line {line})"))

    for i, tps in enumerate(data.tps):
        if tps.island in port_set:
            message = f"'{tps.island}' is a port; a TPS stands on an island or platform"
            problems.append(tps_doc.at(("tps", i, "island"), message))
        elif tps.island not in island_set:
            message = _unknown("island", tps.island, islands)
            problems.append(tps_doc.at(("tps", i, "island"), message))
        if tps.deadline is not None and not c.start < tps.deadline <= c.end:
            message = f"deadline {_when(tps.deadline, c.tz)} is {outside}"
            problems.append(tps_doc.at(("tps", i, "deadline"), message))

    for i, boat in enumerate(data.boats):
        if boat.home in island_set and boat.home not in port_set:
            message = f"'{boat.home}' is an island, not a port; home must be one of the ports:"
            problems.append(fleet.at(("boats", i, "home"), f"{message} {', '.join(ports)}"))
        elif boat.home not in port_set:
            message = _unknown("port", boat.home, ports)
            problems.append(fleet.at(("boats", i, "home"), message))
        periods = [
            (p.from_, p.to, ("boats", i, "available", k))
            for k, p in enumerate(boat.available or [])
        ]
        for p_from, p_to, path in periods:
            if p_to <= c.start or p_from >= c.end:
                message = f"period from {_when(p_from, c.tz)} to {_when(p_to, c.tz)} is {outside}"
                problems.append(fleet.at(path, message))
        problems += _overlaps(fleet, periods, c.tz, "period", "a boat's available periods")

    by_zone: dict[str, list[tuple[datetime, datetime, YamlPath]]] = {}
    for i, slot in enumerate(data.forecast):
        by_zone.setdefault(slot.zone, []).append((slot.from_, slot.to, ("forecast", i)))
    for zone_id, slots in by_zone.items():
        problems += _overlaps(weather, slots, c.tz, "slot", f"forecast slots of zone {zone_id}")
    return problems


def _duplicates(
    doc: Located, what: str, records: Iterable[tuple[str, int, str]], note: str = ""
) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, tuple[str, int]] = {}
    for key, i, record_id in records:
        if record_id in first:
            other = first[record_id]
            line = doc.line((*other, "id"))
            message = (
                f"duplicate {what} id '{record_id}' (first at line {line}, {field_path(other)})"
            )
            problems.append(doc.at((key, i, "id"), message + note))
        else:
            first[record_id] = (key, i)
    return problems


def _overlaps(
    doc: Located,
    periods: list[tuple[datetime, datetime, YamlPath]],
    tz: ZoneInfo,
    noun: str,
    what: str,
) -> list[Problem]:
    """Each period against the one before it in time that reaches furthest."""
    problems: list[Problem] = []
    latest: tuple[datetime, datetime, YamlPath] | None = None
    for period in sorted(periods, key=lambda p: (p[0], p[1])):
        if latest is not None and period[0] < latest[1]:
            line = doc.line(latest[2])
            message = (
                f"{noun} from {_when(period[0], tz)} to {_when(period[1], tz)} overlaps"
                f" {field_path(latest[2])} (line {line}, from {_when(latest[0], tz)}"
                f" to {_when(latest[1], tz)}); {what} must not overlap"
            )
            problems.append(doc.at(period[2], message))
        if latest is None or period[1] > latest[1]:
            latest = period
    return problems


def _unknown(what: str, value: str, known: list[str]) -> str:
    """``unknown port 'x'`` with the nearest known id, or the known ids when they are few."""
    close = difflib.get_close_matches(value, known, n=1)
    if close:
        return f"unknown {what} '{value}' (did you mean '{close[0]}'?)"
    if len(known) <= 12:
        return f"unknown {what} '{value}'; known {what}s: {', '.join(known)}"
    return f"unknown {what} '{value}'"


def _when(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).isoformat(timespec="minutes")


# --------------------------------------------------------------------------- warnings


def _forecast_gaps(data: DataSet) -> Iterator[str]:
    campaign = data.campaign
    clock = Clock(campaign.start)
    for zone_id, gaps in forecast_gaps(data).items():
        for gap_from, gap_to in gaps:
            yield (
                f"weather.yaml: zone {zone_id} has no forecast from"
                f" {_when(clock.at(gap_from), campaign.tz)} to"
                f" {_when(clock.at(gap_to), campaign.tz)}; no boat may sail there then"
            )


def _unreachable_islands(data: DataSet) -> Iterator[str]:
    kinds: dict[str, set[str]] = {}
    for tps in data.tps:
        kinds.setdefault(tps.island, set()).add(tps.kind.value)
    for island in data.islands:
        needed = kinds.get(island.id)
        if not needed:
            continue
        depth = island.pier_depth_m
        if any(
            boat.can_berth(depth) and needed & {k.value for k in boat.serves} for boat in data.boats
        ):
            continue
        served = " or ".join(sorted(needed))
        if depth is None:
            reason = f"serves {served} TPS"
        else:
            reason = f"has a draft of at most {depth} m and serves {served} TPS"
        yield f"islands.yaml: no boat can call at {island.id}: none in fleet.yaml {reason}"
