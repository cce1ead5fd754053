"""The independent checker: does a plan keep every rule of PRODUCT.md section 4?

This module is the oracle of the tests and the last word before a plan is printed or
written, so it re-derives everything it needs (sea distances, kit weights, sailing
legality from the raw forecast slots) from the data set itself. It imports only ``model``
and ``plan``: a bug in the solver's own derivations cannot hide from it. The per-trip rules
live in ``verify_trips``, the shared vocabulary (violation kinds, kit and distance
arithmetic) in ``verify_rules``; this module checks the plan as a whole and is the entry.

Conventions of the result: leg ``i`` goes from ``stops[i-1]`` to ``stops[i]`` (1-based);
a violation at a stop carries as ``leg`` the number of the leg that arrives there (None for
the loading port of a trip).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from seribu_planner.model import DataSet
from seribu_planner.plan import N_, Plan
from seribu_planner.verify.rules import (
    EARTH_RADIUS_NM,
    CheckContext,
    Drop,
    Violation,
    ViolationKind,
    great_circle_nm,
    kit_count,
    kit_load,
)
from seribu_planner.verify.trips import TripCheck

__all__ = [
    "EARTH_RADIUS_NM",
    "Violation",
    "ViolationKind",
    "great_circle_nm",
    "kit_count",
    "kit_load",
    "sea_distance_nm",
    "verify",
]

_KIND_RANK = {kind: rank for rank, kind in enumerate(ViolationKind)}


def verify(
    data: DataSet, plan: Plan, *, as_of: datetime | None = None, sailed: Plan | None = None
) -> list[Violation]:
    """Every rule the plan breaks under this data set; an empty list when it holds.

    With ``as_of``, legs the plan completes by then are not checked against the forecast
    (they have been sailed; a new forecast need not cover them) and a leg under way then
    is checked from then on; every other rule is checked as always. A naive ``as_of`` is
    read in the campaign's time zone.

    With ``sailed`` too (the plan that was being sailed, when ``plan`` re-plans it), one
    more rule: every leg ``sailed`` had begun by ``as_of``, and every drop it had made by
    then, is in ``plan`` unchanged (same boat and trip, places, times and kits).
    """
    checker = _Checker(data, as_of=as_of)
    checker.check(plan)
    if sailed is not None and as_of is not None:
        _check_sailed(checker, plan, sailed, as_of)
    return sorted(checker.violations, key=_order)


def _check_sailed(checker: CheckContext, plan: Plan, sailed: Plan, as_of: datetime) -> None:
    """The re-planning rule: the past of ``sailed`` is in ``plan`` as it was."""
    now = checker.aware(as_of)
    assert now is not None
    mine = {b.boat: {t.number: t for t in b.trips} for b in plan.boats}
    for boat in sailed.boats:
        for trip in boat.trips:
            new = mine.get(boat.boat, {}).get(trip.number)
            for i, stop in enumerate(trip.stops):
                arrived, left = checker.aware(stop.arrive), checker.aware(stop.depart)
                if not (
                    (arrived is not None and arrived < now) or (left is not None and left < now)
                ):
                    continue  # the boat had not reached this stop, nor left it
                kept = new is not None and i < len(new.stops)
                if kept:
                    assert new is not None
                    again = new.stops[i]
                    kept = (again.place, again.tps) == (stop.place, stop.tps)
                    kept = kept and (arrived is None or checker.aware(again.arrive) == arrived)
                    if left is not None and left < now:
                        kept = kept and checker.aware(again.depart) == left
                        nxt = trip.stops[i + 1].place if i + 1 < len(trip.stops) else None
                        kept = kept and i + 1 < len(new.stops) and new.stops[i + 1].place == nxt
                if not kept:
                    checker.add(
                        ViolationKind.SAILED_CHANGED,
                        N_(
                            "{boat} trip {trip} was at {place} before {now}, but the plan does "
                            "not keep that stop, its drops and its times as they were sailed"
                        ),
                        {
                            "boat": boat.boat,
                            "trip": trip.number,
                            "place": stop.place,
                            "now": checker.when(now),
                        },
                        boat=boat.boat,
                        trip=trip.number,
                        leg=i or None,
                    )
                    break


def sea_distance_nm(data: DataSet, a: str, b: str) -> float:
    """Sea distance between two places: a listed distance, else great circle x route factor."""
    return _Checker(data).distance_nm(a, b)


def _order(v: Violation) -> tuple[bool, str, int, int, str, int, str]:
    # Plan-wide findings (no boat) come after those of the boats.
    return (
        v.boat is None,
        v.boat or "",
        v.trip if v.trip is not None else -1,
        v.leg if v.leg is not None else -1,
        v.tps or "",
        _KIND_RANK[v.kind],
        v.message,
    )


class _Checker(CheckContext):
    """The checker of a whole plan: its trips one by one, then rule 1 across them."""

    def check(self, plan: Plan) -> None:
        seen: set[str] = set()
        for boat_plan in plan.boats:
            boat_id = boat_plan.boat
            boat = self.boats.get(boat_id)
            if boat_id in seen:
                self.add(
                    ViolationKind.BOAT_TWICE,
                    N_(
                        "boat {boat} is listed more than once in the plan; "
                        "give all its trips in one list"
                    ),
                    {"boat": boat_id},
                    boat=boat_id,
                )
            seen.add(boat_id)
            if boat is None:
                self.add(
                    ViolationKind.UNKNOWN_BOAT,
                    N_("boat {boat} is not in the fleet"),
                    {"boat": boat_id},
                    boat=boat_id,
                )
            start_place = boat.home if boat is not None else None
            after_trip: int | None = None  # None: the boat starts at its home port
            previous_end: datetime | None = None
            for position, trip in enumerate(boat_plan.trips, start=1):
                if trip.number != position:
                    self.add(
                        ViolationKind.TRIP_NUMBERING,
                        N_(
                            "{boat}: trip number {trip} stands in position {position}; "
                            "trips are numbered 1, 2, ... in time order"
                        ),
                        {"boat": boat_id, "trip": trip.number, "position": position},
                        boat=boat_id,
                        trip=trip.number,
                    )
                TripCheck(self, boat_id, boat, trip, start_place, after_trip, previous_end).run()
                if trip.stops:
                    start_place = trip.stops[-1].place
                    after_trip = trip.number
                    previous_end = self.aware(trip.stops[-1].arrive) or previous_end
        self.check_tps(plan)

    def check_tps(self, plan: Plan) -> None:
        """Rule 1 across the plan: each TPS dropped once or reported unserved once."""
        unserved_count: dict[str, int] = defaultdict(int)
        for entry in plan.unserved:
            unserved_count[entry.tps] += 1
            if entry.tps not in self.tps and unserved_count[entry.tps] == 1:
                self.add(
                    ViolationKind.UNKNOWN_TPS,
                    N_("unserved TPS {tps} is not in the TPS list"),
                    {"tps": entry.tps},
                    tps=entry.tps,
                )
        reasons = {entry.tps: entry.reason for entry in plan.unserved}
        drops: dict[str, list[Drop]] = defaultdict(list)
        for drop in self.drops:
            drops[drop.tps].append(drop)
        for tps in self.data.tps:
            mine = drops.get(tps.id, [])
            unserved = unserved_count.get(tps.id, 0)
            if not mine and not unserved:
                self.add(
                    ViolationKind.TPS_MISSING,
                    N_(
                        "TPS {tps} ({island}, {voters} voters) is neither dropped "
                        "by any trip nor reported unserved"
                    ),
                    {"tps": tps.id, "island": tps.island, "voters": tps.voters},
                    tps=tps.id,
                )
            if mine and unserved:
                first = mine[0]
                self.add(
                    ViolationKind.TPS_SERVED_AND_UNSERVED,
                    N_(
                        "TPS {tps} is dropped by {boat} trip {trip} at "
                        "{place} and also reported unserved ({reason})"
                    ),
                    {
                        "tps": tps.id,
                        "boat": first.boat,
                        "trip": first.trip,
                        "place": first.place,
                        "reason": str(reasons[tps.id]),
                    },
                    boat=first.boat,
                    trip=first.trip,
                    leg=first.stop or None,
                    tps=tps.id,
                )
            for again in mine[1:]:
                first = mine[0]
                self.add(
                    ViolationKind.TPS_TWICE,
                    N_(
                        "TPS {tps} is dropped more than once: by {boat} trip "
                        "{trip} at {place} and again by {again_boat} trip "
                        "{again_trip} at {again_place}; a kit is delivered whole, once"
                    ),
                    {
                        "tps": tps.id,
                        "boat": first.boat,
                        "trip": first.trip,
                        "place": first.place,
                        "again_boat": again.boat,
                        "again_trip": again.trip,
                        "again_place": again.place,
                    },
                    boat=again.boat,
                    trip=again.trip,
                    leg=again.stop or None,
                    tps=tps.id,
                )
            if unserved > 1:
                self.add(
                    ViolationKind.UNSERVED_TWICE,
                    N_("TPS {tps} is reported unserved {count} times"),
                    {"tps": tps.id, "count": unserved},
                    tps=tps.id,
                )
