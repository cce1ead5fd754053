"""Tests of ``outputs.verdict``: the TPS at stake, the JSON verdict and GitHub annotations."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

from builders import at, good_plan, tiny_data, with_stop
from seribu_planner.errors import Problem
from seribu_planner.outputs.export import plan_to_json
from seribu_planner.outputs.summary import summarize
from seribu_planner.outputs.verdict import (
    Verdict,
    github_annotations,
    problem_annotations,
    tps_at_stake,
    verdict_json,
)
from seribu_planner.plan import Plan
from seribu_planner.verify import Violation, ViolationKind, verify

K = ViolationKind
DATA = tiny_data()
PLAN = good_plan()
WIB = ZoneInfo("Asia/Jakarta")


def verdict_of(plan: Plan, file: str | None = "approved.json") -> Verdict:
    return Verdict(
        plan=plan,
        violations=tuple(verify(DATA, plan)),
        summary=summarize(DATA, plan),
        plan_file=file,
        data_origin="data",
        changed_inputs=("weather.yaml",),
        as_of=at(10, 16),
        tz=WIB,
    )


def test_a_violation_about_a_tps_names_it() -> None:
    v = Violation(K.LATE, "late", boat="kayu-1", trip=1, leg=1, tps="pramuka-002")
    assert tps_at_stake(PLAN, v) == ("pramuka-002",)


def test_a_leg_puts_the_drops_from_its_stop_on_at_stake() -> None:
    leg_1 = Violation(K.LEG_WEATHER, "rough", boat="kayu-1", trip=1, leg=1)
    assert tps_at_stake(PLAN, leg_1) == ("pramuka-001", "pramuka-002")
    back = Violation(K.LEG_WEATHER, "rough", boat="kayu-1", trip=1, leg=2)
    assert tps_at_stake(PLAN, back) == ()


def test_a_trip_or_a_boat_puts_all_its_kits_at_stake() -> None:
    trip = Violation(K.OVERLOAD_KG, "heavy", boat="kayu-1", trip=2)
    assert tps_at_stake(PLAN, trip) == ("pramuka-003",)
    boat = Violation(K.UNKNOWN_BOAT, "gone", boat="kayu-1")
    assert tps_at_stake(PLAN, boat) == ("pramuka-001", "pramuka-002", "pramuka-003")
    assert tps_at_stake(PLAN, Violation(K.TPS_MISSING, "lost")) == ()


def _broken() -> Plan:
    # kayu-1 trip 1 loads before kali-adem is ready (08:00) and stays 10 min at pramuka
    plan = with_stop(PLAN, "kayu-1", 1, 0, depart=at(9, 7))
    return with_stop(plan, "kayu-1", 1, 1, arrive=at(9, 10), depart=at(9, 10, 10))


def test_annotations_one_per_violation_grouped_by_boat_at_the_stops_line() -> None:
    plan = _broken()
    verdict = verdict_of(plan)
    text = plan_to_json(DATA, plan)
    lines = github_annotations(verdict, text).splitlines()
    assert lines[0] == (
        "::notice file=approved.json,title=data changed::changed since this plan was made:"
        " weather.yaml"
    )
    assert lines[1] == "::group::kayu-1: 2 violations"
    assert lines[4] == "::endgroup::"
    assert lines[5].startswith("::error file=approved.json,line=")  # the unserved TPS
    assert len(lines) == 6
    errors = lines[2:4]
    assert len(verdict.violations) == 2
    load, call = errors
    assert load.startswith("::error file=approved.json,line=")
    assert "title=load_before_ready%3A kayu-1 trip 1::" in load
    assert "TPS at stake: pramuka-001, pramuka-002" in load
    assert "title=call_too_short%3A kayu-1 trip 1 stop 1 pramuka::" in call
    # the line points at the stop in the plan file
    call_line = int(call.split("line=")[1].split(",")[0])
    assert '"place": "pramuka"' in text.splitlines()[call_line]


def test_unserved_tps_are_annotated_at_their_entry() -> None:
    text = plan_to_json(DATA, PLAN)
    out = github_annotations(verdict_of(PLAN), text)
    [line] = [line for line in out.splitlines() if "unserved" in line]
    number = int(line.split("line=")[1].split(",")[0])
    assert '"tps": "untung-jawa-002"' in text.splitlines()[number]
    assert "title=untung-jawa-002 unserved (fleet_time)::no boat time left" in line


def test_messages_cannot_break_out_of_their_annotation() -> None:
    plan = Plan(PLAN.boats, ())
    sneaky = Violation(K.TPS_MISSING, "50%\n::set-output name=x::y\r\x1b[31m", tps="x")
    verdict = Verdict(plan, (sneaky,), summarize(DATA, plan), None, "d", (), None, WIB)
    out = github_annotations(verdict, None)
    [line] = [line for line in out.splitlines() if line.startswith("::error")]
    assert line == (
        "::error title=tps_missing%3A x::50%25%0A::set-output name=x::y\\x0d\\x1b[31m%0ATPS at"
        " stake: x"
    )
    assert len(out.splitlines()) == 3  # group, error, endgroup: no injected line


def test_problems_become_annotations_on_their_file_and_line() -> None:
    problem = Problem("data/fleet.yaml", 14, 5, "boats[2].capacity_kg", "must be > 0, got 0")
    assert problem_annotations([problem]) == (
        "::error file=data/fleet.yaml,line=14,col=5,title=bad input::boats[2].capacity_kg:"
        " must be > 0, got 0\n"
    )


def test_json_verdict_is_deterministic_and_complete() -> None:
    plan = _broken()
    text = verdict_json(verdict_of(plan))
    assert text == verdict_json(verdict_of(plan))
    document = json.loads(text)
    assert document["format"] == "seribu-plan-check/1"
    assert document["verdict"] == "broken"
    assert document["as_of"] == "2024-02-10T16:00:00+07:00"
    assert document["changed_inputs"] == ["weather.yaml"]
    assert [v["kind"] for v in document["violations"]] == ["load_before_ready", "call_too_short"]
    assert document["violations"][0]["tps_at_stake"] == ["pramuka-001", "pramuka-002"]
    assert document["unserved"] == [
        {"tps": "untung-jawa-002", "reason": "fleet_time", "detail": "no boat time left"}
    ]
    assert document["summary"]["tps_served"] == 5


def test_a_plan_that_holds_says_so() -> None:
    plan = Plan(PLAN.boats, ())
    verdict = Verdict(plan, (), summarize(DATA, plan), None, "d", (), None, WIB)
    assert verdict.holds
    assert json.loads(verdict_json(verdict))["verdict"] == "holds"
    assert github_annotations(verdict, None) == ""
