"""What changed between two plans: per TPS, per boat's trips, and in the headline figures.

``plan_diff`` returns a value, not text: ``diff`` prints it, and re-planning against an
approved plan can end with it and count ``reassigned``, the TPS whose boat or trip changed,
which is the figure to keep small once every TPS is served.

Trips are matched per boat by the TPS they share, not by number: a trip inserted before
another renumbers it without changing it. A matched trip is unchanged when every stop is
the same, re-timed when only its times moved, and changed when its calls or drops differ;
an unmatched old trip was dropped and an unmatched new one added. A TPS changed trip when
its new trip is not the match of its old one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from seribu_planner.model import DataSet
from seribu_planner.outputs.summary import summarize
from seribu_planner.plan import Plan, Trip

DIFF_FORMAT = "seribu-plan-diff/1"


class TpsChange(StrEnum):
    """How one TPS fares differently in the new plan."""

    SERVED = "served"  # unserved (or not in the plan) before, served now
    UNSERVED = "unserved"  # served before, not now
    BOAT = "boat"  # served by another boat
    TRIP = "trip"  # same boat, another trip
    ARRIVAL = "arrival"  # its kit arrives at another time
    REASON = "reason"  # unserved in both, for another reason


class TripChange(StrEnum):
    """How one trip of a boat differs."""

    ADDED = "added"
    DROPPED = "dropped"
    RETIMED = "retimed"  # the same calls and drops at other times
    CHANGED = "changed"  # other calls or drops


@dataclass(frozen=True)
class Assignment:
    """Where a TPS stands in one plan: its drop, or the reason it is unserved."""

    boat: str | None = None
    trip: int | None = None
    place: str | None = None
    arrive: datetime | None = None
    unserved: str | None = None


@dataclass(frozen=True)
class TpsDiff:
    """One TPS that fares differently, before and after (None: not in that plan)."""

    tps: str
    changes: tuple[TpsChange, ...]
    old: Assignment | None
    new: Assignment | None

    @property
    def arrival_moved(self) -> timedelta | None:
        """How much later (negative: earlier) the kit arrives, when served in both."""
        if self.old is None or self.new is None:
            return None
        if self.old.arrive is None or self.new.arrive is None:
            return None
        return self.new.arrive - self.old.arrive


@dataclass(frozen=True)
class TripDiff:
    """One trip of a boat added, dropped, re-timed or changed."""

    boat: str
    change: TripChange
    old_trip: int | None
    new_trip: int | None
    #: How much later (negative: earlier) the trip leaves its port, when in both plans.
    depart_moved: timedelta | None


@dataclass(frozen=True)
class Figures:
    """The headline figures of one plan under the current data."""

    cost: float
    tps_served: int
    boats_used: int
    trips: int
    least_slack: timedelta | None
    least_slack_tps: str | None


@dataclass(frozen=True)
class PlanDiff:
    """Everything that differs between an old and a new plan."""

    tps: tuple[TpsDiff, ...]
    trips: tuple[TripDiff, ...]
    old: Figures
    new: Figures

    @property
    def same(self) -> bool:
        """No TPS fares differently and no trip differs."""
        return not self.tps and not self.trips

    @property
    def reassigned(self) -> int:
        """TPS served in both plans whose boat or trip changed."""
        moved = (TpsChange.BOAT, TpsChange.TRIP)
        return sum(1 for d in self.tps if any(c in moved for c in d.changes))

    def count(self, change: TpsChange) -> int:
        """TPS with this change."""
        return sum(1 for d in self.tps if change in d.changes)


def plan_diff(data: DataSet, old: Plan, new: Plan) -> PlanDiff:
    """What changed from ``old`` to ``new``; the figures are computed under ``data``."""
    matches, trip_diffs = _match_trips(old, new)
    before, after = _assignments(old), _assignments(new)
    tps_diffs: list[TpsDiff] = []
    for tps in sorted(set(before) | set(after)):
        a, b = before.get(tps), after.get(tps)
        changes = _tps_changes(a, b, matches)
        if changes:
            tps_diffs.append(TpsDiff(tps, changes, a, b))
    return PlanDiff(tuple(tps_diffs), tuple(trip_diffs), _figures(data, old), _figures(data, new))


def _assignments(plan: Plan) -> dict[str, Assignment]:
    out: dict[str, Assignment] = {}
    for entry in plan.unserved:
        out.setdefault(entry.tps, Assignment(unserved=str(entry.reason)))
    for boat in plan.boats:
        for trip in boat.trips:
            for stop in trip.stops:
                for tps in stop.tps:
                    out[tps] = Assignment(boat.boat, trip.number, stop.place, stop.arrive)
    return out


def _tps_changes(
    a: Assignment | None, b: Assignment | None, matches: dict[tuple[str, int], int]
) -> tuple[TpsChange, ...]:
    served_a = a is not None and a.boat is not None
    served_b = b is not None and b.boat is not None
    if served_a and not served_b:
        return (TpsChange.UNSERVED,)
    if served_b and not served_a:
        return (TpsChange.SERVED,)
    if not served_a:
        if a is not None and b is not None and a.unserved != b.unserved:
            return (TpsChange.REASON,)
        return ()
    assert a is not None and b is not None and a.boat is not None and a.trip is not None
    changes: list[TpsChange] = []
    if a.boat != b.boat:
        changes.append(TpsChange.BOAT)
    elif matches.get((a.boat, a.trip)) != b.trip:
        changes.append(TpsChange.TRIP)
    if a.arrive != b.arrive:
        changes.append(TpsChange.ARRIVAL)
    return tuple(changes)


def _match_trips(old: Plan, new: Plan) -> tuple[dict[tuple[str, int], int], list[TripDiff]]:
    """Per boat, old trip number -> matched new trip number, and the trips that differ."""
    olds: dict[str, tuple[Trip, ...]] = defaultdict(tuple)
    news: dict[str, tuple[Trip, ...]] = defaultdict(tuple)
    order: list[str] = []
    for plan, into in ((old, olds), (new, news)):
        for boat_plan in plan.boats:
            into[boat_plan.boat] += boat_plan.trips
            if boat_plan.boat not in order:
                order.append(boat_plan.boat)
    matches: dict[tuple[str, int], int] = {}
    diffs: list[TripDiff] = []
    for boat in order:
        pairs = _pair(olds[boat], news[boat])
        matched_old = {i for i, _ in pairs}
        matched_new = {j for _, j in pairs}
        found: list[TripDiff] = []
        for i, j in pairs:
            before, after = olds[boat][i], news[boat][j]
            matches[(boat, before.number)] = after.number
            if before.stops == after.stops:
                continue
            same_calls = [(s.place, s.tps) for s in before.stops] == [
                (s.place, s.tps) for s in after.stops
            ]
            change = TripChange.RETIMED if same_calls else TripChange.CHANGED
            found.append(TripDiff(boat, change, before.number, after.number, _moved(before, after)))
        for i, trip in enumerate(olds[boat]):
            if i not in matched_old:
                found.append(TripDiff(boat, TripChange.DROPPED, trip.number, None, None))
        for j, trip in enumerate(news[boat]):
            if j not in matched_new:
                found.append(TripDiff(boat, TripChange.ADDED, None, trip.number, None))
        found.sort(key=lambda d: (d.old_trip or d.new_trip or 0, d.new_trip or 0))
        diffs += found
    return matches, diffs


def _pair(olds: tuple[Trip, ...], news: tuple[Trip, ...]) -> list[tuple[int, int]]:
    """Trips paired greedily by the TPS they share (ties: nearest in order); trips without
    TPS pair with an identical one."""
    kits = [set(_kits(t)) for t in olds], [set(_kits(t)) for t in news]
    candidates = [
        (-len(kits[0][i] & kits[1][j]), abs(i - j), i, j)
        for i in range(len(olds))
        for j in range(len(news))
        if kits[0][i] & kits[1][j] or (not kits[0][i] and olds[i].stops == news[j].stops)
    ]
    pairs: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, _, i, j in sorted(candidates):
        if i not in used_old and j not in used_new:
            pairs.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return sorted(pairs)


def _kits(trip: Trip) -> list[str]:
    return [tps for stop in trip.stops for tps in stop.tps]


def _moved(before: Trip, after: Trip) -> timedelta | None:
    if not before.stops or not after.stops:
        return None
    a, b = before.stops[0].depart, after.stops[0].depart
    return None if a is None or b is None else b - a


def _figures(data: DataSet, plan: Plan) -> Figures:
    summary = summarize(data, plan)
    tightest = summary.tightest
    return Figures(
        cost=summary.cost,
        tps_served=summary.tps_served,
        boats_used=summary.boats_used,
        trips=summary.trips,
        least_slack=None if tightest is None else tightest.slack,
        least_slack_tps=None if tightest is None else tightest.tps,
    )


# --------------------------------------------------------------------------- JSON


def diff_to_json(diff: PlanDiff, tz: tzinfo, old_label: str, new_label: str) -> str:
    """The diff as JSON text (times in ``tz``); the same diff gives the same bytes."""
    document: dict[str, Any] = {
        "format": DIFF_FORMAT,
        "old": old_label,
        "new": new_label,
        "same": diff.same,
        "tps_reassigned": diff.reassigned,
        "figures": {"old": _figures_json(diff.old), "new": _figures_json(diff.new)},
        "tps": [
            {
                "tps": d.tps,
                "changes": [str(c) for c in d.changes],
                "old": _assignment_json(d.old, tz),
                "new": _assignment_json(d.new, tz),
                "arrival_moved_minutes": _minutes(d.arrival_moved),
            }
            for d in diff.tps
        ],
        "trips": [
            {
                "boat": d.boat,
                "change": str(d.change),
                "old_trip": d.old_trip,
                "new_trip": d.new_trip,
                "depart_moved_minutes": _minutes(d.depart_moved),
            }
            for d in diff.trips
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _figures_json(figures: Figures) -> dict[str, Any]:
    return {
        "cost": round(figures.cost, 2),
        "tps_served": figures.tps_served,
        "boats_used": figures.boats_used,
        "trips": figures.trips,
        "least_slack_minutes": _minutes(figures.least_slack),
        "least_slack_tps": figures.least_slack_tps,
    }


def _assignment_json(a: Assignment | None, tz: tzinfo) -> dict[str, Any] | None:
    if a is None:
        return None
    if a.boat is None:
        return {"unserved": a.unserved}
    arrive = None if a.arrive is None else a.arrive.astimezone(tz).isoformat(timespec="seconds")
    return {"boat": a.boat, "trip": a.trip, "place": a.place, "arrive": arrive}


def _minutes(delta: timedelta | None) -> int | None:
    return None if delta is None else round(delta.total_seconds() / 60)
