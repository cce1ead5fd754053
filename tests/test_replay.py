"""Tests of ``risk.replay``: the forecast gives the plan back, every replayed leg is one the
verifier accepts, waiting and failing legs, a rougher sea never helps."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from tests.builders import at, good_plan, tiny_data, with_boat, with_fields
from tests.strategies import datasets

from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import DataSet, ForecastSlot, Period, Uncertainty
from seribu_planner.outputs.export import read_plan
from seribu_planner.plan import BoatPlan, Plan, Reason, Stop, Trip, Unserved
from seribu_planner.risk.replay import NEVER, Replayer
from seribu_planner.risk.scenarios import (
    CATEGORIES,
    ScenarioSampler,
    category_index,
    scenario_forecast,
    shifted_height,
)
from seribu_planner.solver import SolveParams, solve
from seribu_planner.verify import ViolationKind, verify

ROOT = Path(__file__).resolve().parents[1]
#: Any plan the verifier accepts will do: a short search keeps the property tests quick.
FAST = SolveParams(time_limit_s=0.3)


def forecast_heights(data: DataSet) -> list[float]:
    return [s.wave_height_m for s in data.forecast]


def assert_legal_under(data: DataSet, heights: list[float], replayer: Replayer) -> None:
    """The replayed plan keeps every rule under the scenario's sea, but for lateness."""
    outcome = replayer.replay(heights)
    scenario = data.model_copy(update={"forecast": scenario_forecast(data, heights)})
    replayed = replayer.replayed_plan(outcome)
    broken = [v for v in verify(scenario, replayed) if v.kind is not ViolationKind.LATE]
    assert broken == []


# --------------------------------------------------------------------------- the forecast


@pytest.fixture(scope="module")
def bundled() -> DataSet:
    return load_dataset(bundled_data_dir())


def test_the_forecast_gives_the_example_plan_back_exactly(bundled: DataSet) -> None:
    plan = read_plan(ROOT / "tests" / "data" / "plans" / "bundled-approved.json")
    replayer = Replayer(bundled, plan)
    outcome = replayer.replay(forecast_heights(bundled))
    assert replayer.replayed_plan(outcome).boats == plan.boats
    assert set(outcome.holds) == {0}
    assert outcome.failed == ()
    assert outcome.blame == ()
    assert list(outcome.arrivals) == replayer.planned_arrivals


def test_the_forecast_gives_the_tiny_plan_back_exactly() -> None:
    data, plan = tiny_data(), good_plan()
    replayer = Replayer(data, plan)
    outcome = replayer.replay(forecast_heights(data))
    assert replayer.replayed_plan(outcome) == Plan(
        boats=plan.boats, unserved=plan.unserved, data_digest=plan.data_digest
    )
    unserved = replayer.tps.index("untung-jawa-002")
    assert outcome.arrivals[unserved] == NEVER


# --------------------------------------------------------------------------- recourse


def test_a_rough_slot_makes_the_boat_wait_at_the_port_and_later_stops_shift() -> None:
    data, plan = tiny_data(), good_plan()
    replayer = Replayer(data, plan)
    heights = forecast_heights(data)
    heights[1] = 2.5  # kepulauan-seribu 9 Feb: Rendah -> Sedang, above kayu-1's 1.25 m
    outcome = replayer.replay(heights)
    # kayu-1: legs 0-1 (trip 1), 2-3 (trip 2); cepat-1: 4-5; supply-1: 6-7
    assert replayer.at(outcome.departs[0]) == at(10, 12)  # waits for the 0.6 m slot
    assert replayer.at(outcome.arrives[0]) == at(10, 15)
    assert outcome.holds[0] == 26 * 3600 * 10**6
    # 15:00 + 40 min unloading: 3 h home would end after dusk; 11 Feb 00-12 has no
    # forecast, so the boat waits at the pier until 11 Feb 12:00
    assert replayer.at(outcome.departs[1]) == at(11, 12)
    # trip 2 loads after the boat is back (15:00 + 60 min) and sails next morning
    assert replayer.at(outcome.departs[2]) == at(12, 6)
    assert replayer.at(outcome.arrives[3]) == at(12, 12, 35)
    late = replayer.tps.index("pramuka-002")  # deadline 9 Feb 13:00
    assert outcome.arrivals[late] > replayer.deadlines[late]
    assert dict(outcome.blame) == {0: 1}
    # the other boats keep their times
    assert outcome.departs[4:] == tuple(replayer.us(t) for t in _departures(plan)[4:])
    assert_legal_under(data, heights, replayer)


def _departures(plan: Plan) -> list[object]:
    return [stop.depart for boat in plan.boats for trip in boat.trips for stop in trip.stops[:-1]]


def test_a_leg_that_cannot_be_sailed_fails_every_drop_after_it() -> None:
    data, plan = tiny_data(), good_plan()
    replayer = Replayer(data, plan)
    heights = [
        4.0 if s.zone == "kepulauan-seribu" else h
        for s, h in zip(data.forecast, forecast_heights(data), strict=True)
    ]
    outcome = replayer.replay(heights)
    assert outcome.failed == (0, 6)  # kayu-1's first leg, supply-1's first leg
    for tps in ("pramuka-001", "pramuka-002", "pramuka-003", "anjungan-a-001"):
        assert outcome.arrivals[replayer.tps.index(tps)] == NEVER
    assert outcome.arrivals[replayer.tps.index("untung-jawa-001")] != NEVER
    assert dict(outcome.blame) == {0: 3, 6: 1}
    replayed = replayer.replayed_plan(outcome)
    assert [b.boat for b in replayed.boats] == ["cepat-1"]
    lost = {u.tps: u.reason for u in replayed.unserved}
    assert lost["pramuka-003"] is Reason.NO_SAILING_WINDOW
    assert_legal_under(data, heights, replayer)


def _supply_only(periods: list[Period]) -> tuple[DataSet, Plan]:
    """supply-1 alone, one trip to the platform on 9 Feb, with the given availability."""
    data = with_boat(tiny_data(), "supply-1", available=periods)
    # the platform's zone: calm until 10:30 on 9 Feb, then Tinggi until 10 Feb
    forecast = (
        *tuple(s for s in data.forecast if s.zone != "kepulauan-seribu"),
        ForecastSlot(zone="kepulauan-seribu", from_=at(9, 0), to=at(9, 10, 30), wave_m=0.9),
        ForecastSlot(zone="kepulauan-seribu", from_=at(9, 10, 30), to=at(10, 0), wave_m=0.9),
        ForecastSlot(zone="kepulauan-seribu", from_=at(10, 0), to=at(15, 0), wave_m=0.9),
    )
    data = with_fields(data, forecast=forecast)
    trip = Trip(
        1,
        (
            Stop("marina-ancol", None, at(9, 7)),
            Stop("anjungan-a", at(9, 10), at(9, 10, 45), ("anjungan-a-001",)),
            Stop("marina-ancol", at(9, 13, 45), None),
        ),
    )
    others = [t.id for t in data.tps if t.id != "anjungan-a-001"]
    plan = Plan(
        boats=(BoatPlan("supply-1", (trip,)),),
        unserved=tuple(Unserved(t, Reason.FLEET_TIME, "left out") for t in others),
    )
    assert verify(data, plan) == []
    return data, plan


def test_a_trip_that_cannot_end_inside_its_period_starts_again_in_the_next() -> None:
    data, plan = _supply_only(
        [Period(from_=at(9, 6), to=at(9, 14)), Period(from_=at(10, 6), to=at(12, 18))]
    )
    replayer = Replayer(data, plan)
    heights = forecast_heights(data)
    rough = [n for n, s in enumerate(data.forecast) if s.from_ == at(9, 10, 30)]
    heights[rough[0]] = 4.0  # the return leg would wait until 10 Feb, past 9 Feb 14:00
    outcome = replayer.replay(heights)
    assert outcome.failed == ()
    assert replayer.at(outcome.departs[0]) == at(10, 6, 30)  # after 30 min of loading
    platform = replayer.tps.index("anjungan-a-001")
    assert replayer.at(outcome.arrivals[platform]) == at(10, 9, 30)
    assert_legal_under(data, heights, replayer)


def test_with_one_period_the_legs_before_the_failure_stay_sailed() -> None:
    data, plan = _supply_only([Period(from_=at(9, 6), to=at(9, 14))])
    replayer = Replayer(data, plan)
    heights = forecast_heights(data)
    rough = [n for n, s in enumerate(data.forecast) if s.from_ == at(9, 10, 30)]
    heights[rough[0]] = 4.0
    outcome = replayer.replay(heights)
    assert outcome.failed == (1,)
    platform = replayer.tps.index("anjungan-a-001")
    assert replayer.at(outcome.arrivals[platform]) == at(9, 10)
    assert_legal_under(data, heights, replayer)


# --------------------------------------------------------------------------- properties

uncertainties = st.builds(
    Uncertainty,
    spread_now=st.sampled_from([0.0, 0.3, 1.0]),
    spread_per_day=st.sampled_from([0.0, 0.5, 2.0]),
    spread_max=st.sampled_from([0.5, 1.0, 3.0]),
    persistence_hours=st.sampled_from([6.0, 48.0]),
    zone_correlation=st.sampled_from([0.0, 0.7, 1.0]),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    datasets(),
    uncertainties,
    st.integers(0, 10_000),
    st.lists(st.lists(st.integers(-2, 2), min_size=12, max_size=12), min_size=4, max_size=4),
)
def test_replays_reproduce_the_plan_and_keep_the_rules(
    data: DataSet, uncertainty: Uncertainty, index: int, shifts: list[list[int]]
) -> None:
    plan = solve(data, FAST)
    replayer = Replayer(data, plan)
    calm = replayer.replay(forecast_heights(data))
    assert replayer.replayed_plan(calm).boats == plan.boats
    data = with_fields(data, uncertainty=uncertainty)
    sampler = ScenarioSampler(data)
    scenarios = [sampler.heights(0, i) for i in range(index, index + 4)]
    # and seas shifted slot by slot at random, beyond what the sampler would draw
    scenarios += [
        [shifted_height(h, s) for h, s in zip(forecast_heights(data), row * 3, strict=False)]
        for row in shifts
    ]
    for heights in scenarios:
        outcome = replayer.replay(heights)
        if outcome.failed:
            event("a leg could not be sailed")
        if any(outcome.holds):
            event("a boat waited for the sea")
        assert_legal_under(data, heights, replayer)


def _rougher(data: DataSet, bumps: list[int]) -> DataSet:
    slots = []
    for slot, bump in zip(data.forecast, bumps, strict=False):
        index = min(category_index(slot.wave_height_m) + bump, len(CATEGORIES) - 1)
        slots.append(slot.model_copy(update={"category": CATEGORIES[index], "wave_m": None}))
    slots += data.forecast[len(slots) :]
    return with_fields(data, forecast=tuple(slots))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(datasets(), uncertainties, st.lists(st.integers(0, 2), min_size=12, max_size=12))
def test_a_rougher_forecast_never_brings_a_kit_earlier(
    data: DataSet, uncertainty: Uncertainty, bumps: list[int]
) -> None:
    data = with_fields(data, uncertainty=uncertainty)
    plan = solve(data, FAST)
    rough = _rougher(data, bumps * 3)
    calm_replay, rough_replay = Replayer(data, plan), Replayer(rough, plan)
    calm_sampler, rough_sampler = ScenarioSampler(data), ScenarioSampler(rough)
    for i in range(8):
        calm = calm_replay.replay(calm_sampler.heights(0, i))
        worse = rough_replay.replay(rough_sampler.heights(0, i))
        for a, b in zip(calm.arrivals, worse.arrivals, strict=True):
            if b != NEVER:
                assert a != NEVER and a <= b
        if calm.arrivals != worse.arrivals:
            event("the rougher sea delays a kit")
