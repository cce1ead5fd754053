"""Tests of ``outputs.diff``: what changed between two plans, per TPS and per boat's trips."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from zoneinfo import ZoneInfo

from builders import at, good_plan, tiny_data, trips_of, with_stop, with_trips
from seribu_planner.outputs.diff import (
    PlanDiff,
    TpsChange,
    TripChange,
    TripDiff,
    diff_to_json,
    plan_diff,
)
from seribu_planner.plan import BoatPlan, Plan, Reason, Stop, Trip, Unserved

DATA = tiny_data()
PLAN = good_plan()
WIB = ZoneInfo("Asia/Jakarta")
C = TpsChange


def changes(diff: PlanDiff) -> dict[str, tuple[TpsChange, ...]]:
    return {d.tps: d.changes for d in diff.tps}


def test_a_plan_against_itself_is_the_same() -> None:
    diff = plan_diff(DATA, PLAN, PLAN)
    assert diff.same
    assert diff.tps == () and diff.trips == ()
    assert diff.old == diff.new
    assert diff.reassigned == 0


def test_a_retimed_trip_moves_its_arrivals_only() -> None:
    later = with_stop(PLAN, "kayu-1", 2, 0, depart=at(10, 14))
    later = with_stop(later, "kayu-1", 2, 1, arrive=at(10, 17))
    diff = plan_diff(DATA, PLAN, later)
    assert changes(diff) == {"pramuka-003": (C.ARRIVAL,)}
    assert diff.tps[0].arrival_moved == timedelta(hours=1)
    assert diff.trips == (TripDiff("kayu-1", TripChange.RETIMED, 2, 2, timedelta(hours=1)),)
    assert diff.reassigned == 0
    assert not diff.same


def test_a_tps_moved_to_another_boat() -> None:
    # pramuka-002 leaves kayu-1's first trip and rides with cepat-1 instead
    kayu = with_stop(PLAN, "kayu-1", 1, 1, tps=("pramuka-001",))
    [cepat] = trips_of(kayu, "cepat-1")
    stops = list(cepat.stops)
    stops[1] = dataclasses.replace(stops[1], tps=("untung-jawa-001", "pramuka-002"))
    moved = with_trips(kayu, "cepat-1", (Trip(1, tuple(stops)),))
    diff = plan_diff(DATA, PLAN, moved)
    assert changes(diff) == {"pramuka-002": (C.BOAT, C.ARRIVAL)}
    assert diff.reassigned == 1
    assert {d.change for d in diff.trips} == {TripChange.CHANGED}
    assert [(d.boat, d.old_trip, d.new_trip) for d in diff.trips] == [
        ("kayu-1", 1, 1),
        ("cepat-1", 1, 1),
    ]


def test_a_trip_added_in_front_renumbers_without_changing_the_others() -> None:
    trips = trips_of(PLAN, "cepat-1")
    early = Trip(
        1,
        (
            Stop("marina-ancol", None, at(9, 7)),
            Stop("untung-jawa", at(9, 7, 45), at(9, 8, 5), ("untung-jawa-002",)),
            Stop("marina-ancol", at(9, 8, 50), None),
        ),
    )
    renumbered = tuple(dataclasses.replace(t, number=t.number + 1) for t in trips)
    plan = with_trips(PLAN, "cepat-1", (early, *renumbered))
    plan = dataclasses.replace(plan, unserved=())
    diff = plan_diff(DATA, PLAN, plan)
    assert changes(diff) == {"untung-jawa-002": (C.SERVED,)}
    assert diff.trips == (TripDiff("cepat-1", TripChange.ADDED, None, 1, None),)
    assert diff.reassigned == 0


def test_a_trip_dropped_leaves_its_tps_unserved() -> None:
    plan = with_trips(PLAN, "kayu-1", trips_of(PLAN, "kayu-1")[:1])
    plan = dataclasses.replace(
        plan, unserved=(*plan.unserved, Unserved("pramuka-003", Reason.FLEET_TIME, "no time"))
    )
    diff = plan_diff(DATA, PLAN, plan)
    assert changes(diff) == {"pramuka-003": (C.UNSERVED,)}
    assert diff.trips == (TripDiff("kayu-1", TripChange.DROPPED, 2, None, None),)
    assert diff.new.tps_served == diff.old.tps_served - 1
    assert diff.new.cost < diff.old.cost


def test_an_unserved_tps_with_another_reason() -> None:
    plan = dataclasses.replace(
        PLAN, unserved=(Unserved("untung-jawa-002", Reason.NO_SAILING_WINDOW, "storm"),)
    )
    assert changes(plan_diff(DATA, PLAN, plan)) == {"untung-jawa-002": (C.REASON,)}


def test_a_boat_gone_from_the_new_plan() -> None:
    plan = Plan(
        tuple(b for b in PLAN.boats if b.boat != "supply-1"),
        (*PLAN.unserved, Unserved("anjungan-a-001", Reason.NO_BOAT_CAN_CALL, "no crew boat")),
    )
    diff = plan_diff(DATA, PLAN, plan)
    assert changes(diff) == {"anjungan-a-001": (C.UNSERVED,)}
    assert diff.trips == (TripDiff("supply-1", TripChange.DROPPED, 1, None, None),)
    assert diff.new.boats_used == 2


def test_a_trip_moved_to_another_trip_of_the_same_boat() -> None:
    # pramuka-003 goes on kayu-1's first trip; its second trip keeps nothing it had
    plan = with_stop(PLAN, "kayu-1", 1, 1, tps=("pramuka-001", "pramuka-002", "pramuka-003"))
    plan = with_stop(plan, "kayu-1", 2, 1, tps=())
    diff = plan_diff(DATA, PLAN, plan)
    assert changes(diff) == {"pramuka-003": (C.TRIP, C.ARRIVAL)}
    assert diff.reassigned == 1


def test_json_is_deterministic_and_complete() -> None:
    later = with_stop(PLAN, "kayu-1", 2, 0, depart=at(10, 14))
    later = with_stop(later, "kayu-1", 2, 1, arrive=at(10, 17))
    text = diff_to_json(plan_diff(DATA, PLAN, later), WIB, "old.json", "new.json")
    assert text == diff_to_json(plan_diff(DATA, PLAN, later), WIB, "old.json", "new.json")
    document = json.loads(text)
    assert document["format"] == "seribu-plan-diff/1"
    assert (document["old"], document["new"], document["same"]) == ("old.json", "new.json", False)
    assert document["tps"] == [
        {
            "tps": "pramuka-003",
            "changes": ["arrival"],
            "old": {
                "boat": "kayu-1",
                "trip": 2,
                "place": "pramuka",
                "arrive": "2024-02-10T16:00:00+07:00",
            },
            "new": {
                "boat": "kayu-1",
                "trip": 2,
                "place": "pramuka",
                "arrive": "2024-02-10T17:00:00+07:00",
            },
            "arrival_moved_minutes": 60,
        }
    ]
    assert document["trips"] == [
        {
            "boat": "kayu-1",
            "change": "retimed",
            "old_trip": 2,
            "new_trip": 2,
            "depart_moved_minutes": 60,
        }
    ]
    assert document["figures"]["old"]["least_slack_tps"] == "pramuka-002"


def test_an_empty_plan_against_a_full_one() -> None:
    empty = Plan(boats=(BoatPlan("kayu-1", ()),))
    diff = plan_diff(DATA, empty, PLAN)
    # untung-jawa-002, unserved now and not in the old plan at all, did not change
    assert changes(diff) == dict.fromkeys(PLAN.served_tps(), (C.SERVED,))
    assert {d.change for d in diff.trips} == {TripChange.ADDED}
