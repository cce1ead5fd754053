"""Sailing blocks: the disjoint intervals in which each boat's trips may sail."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from seribu_planner.derive.weather import Interval, availability_intervals
from seribu_planner.model import Boat
from seribu_planner.solver.problem import Group, Problem


@dataclass(frozen=True)
class Block:
    """An interval in which a boat may sail in every zone of ``zones``."""

    zones: frozenset[str]
    start: int
    end: int


@dataclass(frozen=True)
class TripSlot:
    """One routing vehicle: trip ``k`` of a boat inside a sailing block."""

    boat: Boat
    block: Block
    earliest_departure: int


def sailing_blocks(
    windows: dict[str, list[Interval]],
    round_trip: dict[str, int],
    home_zone: str,
    max_minutes: int,
) -> list[Block]:
    """Disjoint intervals for a boat's trips, each with the zones it may visit throughout.

    ``round_trip`` gives, per zone where the boat has drops, the shortest out-and-back to
    one of them. Each window of the home zone is cut where the set of open zones changes,
    and the pieces are merged left to right; a new block starts where merging would lose a
    zone the block so far could already serve, or where a zone opens for long enough to
    serve it. Blocks at least twice ``max_minutes`` long are split evenly into pieces of at
    least ``max_minutes``, so that a boat that sails day and night makes several trips.
    Blocks never overlap, so the routing model needs no constraint between the trips of
    one boat.
    """
    useful = sorted(round_trip)

    def open_until(zone: str, moment: int) -> int | None:
        for s, e in windows.get(zone, []):
            if s <= moment < e:
                return e
        return None

    def serves_something(zones: frozenset[str], length: int) -> bool:
        return any(round_trip[z] <= length for z in zones)

    blocks: list[Block] = []
    for home_start, home_end in windows.get(home_zone, []):
        cuts = {home_start, home_end}
        for zone in useful:
            cuts.update(t for s, e in windows.get(zone, []) for t in (s, e))
        points = sorted(t for t in cuts if home_start <= t <= home_end)
        runs: list[tuple[int, int, frozenset[str]]] = []
        for a, b in itertools.pairwise(points):
            here = frozenset(z for z in useful if (open_until(z, a) or a) >= b)
            if not runs:
                runs.append((a, b, here))
                continue
            start, end, zones = runs[-1]
            ready = serves_something(zones, end - start)
            lost = zones - here
            gained = frozenset(
                z for z in here - zones if (open_until(z, a) or a) - a >= round_trip[z]
            )
            if (ready and (lost or gained)) or not zones & here:
                runs.append((a, b, here))
            else:
                # A block only claims the zones open throughout it.
                runs[-1] = (start, b, zones & here)
        for start, end, zones in runs:
            if not zones or not serves_something(zones, end - start):
                continue
            pieces = max(1, (end - start) // max_minutes)
            step = (end - start) / pieces
            for k in range(pieces):
                s, e = start + round(k * step), start + round((k + 1) * step)
                if serves_something(zones, e - s):
                    blocks.append(Block(zones | {home_zone}, s, e))
    return blocks


def trip_slots(problem: Problem, groups: Sequence[Group], max_trip_hours: int) -> list[TripSlot]:
    """The routing vehicles: one trip of a boat in each of its disjoint sailing blocks."""
    data = problem.data
    slots: list[TripSlot] = []
    for boat in data.boats:
        home = data.ports_by_id[boat.home]
        load = home.load_minutes
        mine = [
            g
            for g in groups
            if problem.may_carry(boat, g.tps[0]) and problem.fits(boat, g.kg, g.m3)
        ]
        round_trip: dict[str, int] = {}
        longest = 0
        for g in mine:
            out_and_back = (
                problem.minutes(boat, home.id, g.island.id)
                + problem.service(g.island, len(g.tps))
                + problem.minutes(boat, g.island.id, home.id)
            )
            zone = g.island.zone
            round_trip[zone] = min(round_trip.get(zone, out_and_back), out_and_back)
            longest = max(longest, out_and_back + load)
        if not round_trip:
            continue
        availability = availability_intervals(data, boat)
        # Long windows are cut into trips of a day or so, but never shorter than the
        # longest out-and-back the boat may have to make.
        piece = max(max_trip_hours * 60, longest)
        blocks = sailing_blocks(problem.windows[boat.id], round_trip, home.zone, piece)
        back_by = -math.inf
        for block in blocks:
            period = next(
                (p for p in availability if p[0] <= block.start and block.end <= p[1]),
                (block.start, block.end),
            )
            # Loading happens in port before departure: after the kits are ready, inside
            # the boat's availability, and after the previous trip is back.
            earliest = int(
                max(block.start, problem.ready(home) + load, period[0] + load, back_by + load)
            )
            reachable = any(
                g.island.zone in block.zones
                and earliest + problem.minutes(boat, home.id, g.island.id) <= g.deadline
                for g in mine
            )
            if reachable and earliest + round_trip_min(round_trip, block.zones) <= block.end:
                slots.append(TripSlot(boat, block, earliest))
                back_by = block.end
    return slots


def round_trip_min(round_trip: dict[str, int], zones: frozenset[str]) -> int:
    """The shortest out-and-back into any of ``zones``."""
    return min((t for z, t in round_trip.items() if z in zones), default=10**9)
