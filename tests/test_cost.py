"""The one cost definition: hand-computed plans, daylight-saving changes, integer form."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.builders import good_plan, tiny_data, with_boat, with_fields

from seribu_planner.model import DataSet, Objective
from seribu_planner.outputs.summary import summarize
from seribu_planner.plan import BoatPlan, Plan, Stop, Trip
from seribu_planner.solver.cost import (
    UNITS_PER_RUPIAH,
    elapsed_seconds,
    fixed_cost_units,
    leg_cost_units,
    leg_hours,
    plan_cost,
    units_to_rupiah,
)

LONDON = ZoneInfo("Europe/London")


def _with_fixed_cost(fixed: float) -> DataSet:
    data = tiny_data()
    campaign = data.campaign.model_copy(update={"objective": Objective(fixed_cost_per_boat=fixed)})
    return with_fields(data, campaign=campaign)


def test_cost_of_the_good_plan_by_hand() -> None:
    data = _with_fixed_cost(1_000_000)
    cost = plan_cost(data, good_plan())
    # kayu-1 at Rp 600,000/h: 3 h + 3 h (trip 1) and 3 h + 3 h (trip 2) = 12 h
    # cepat-1 at Rp 1,500,000/h: 45 min + 45 min = 1.5 h
    # supply-1 at Rp 2,000,000/h: 3 h + 3 h 45 min = 6.75 h
    assert cost.sailing_hours == pytest.approx(12 + 1.5 + 6.75)
    assert cost.sailing == pytest.approx(12 * 600_000 + 1.5 * 1_500_000 + 6.75 * 2_000_000)
    assert cost.sailing == pytest.approx(22_950_000)
    assert cost.boats_used == 3
    assert cost.fixed == 3_000_000
    assert cost.total == pytest.approx(25_950_000)


def test_waiting_is_not_charged_and_unused_boats_cost_nothing() -> None:
    data = _with_fixed_cost(500_000)
    plan = good_plan()
    # kayu-1 trip 2 waits from 16:00 on 10 Feb to 15:00 on 11 Feb at Pramuka: not charged.
    only_kayu = Plan(boats=(plan.boats[0], BoatPlan("cepat-1", ())))
    cost = plan_cost(data, only_kayu)
    assert cost.sailing == pytest.approx(12 * 600_000)
    assert cost.boats_used == 1
    assert cost.fixed == 500_000


def test_summary_reports_the_same_cost() -> None:
    data = _with_fixed_cost(1_000_000)
    summary = summarize(data, good_plan())
    cost = plan_cost(data, good_plan())
    assert summary.cost == cost.total
    assert (summary.cost_sailing, summary.cost_fixed) == (cost.sailing, cost.fixed)
    assert summary.sailing_hours == cost.sailing_hours
    assert summary.boats_used == 3


# --------------------------------------------------------------------------- real time


def test_a_leg_across_the_spring_change_lasts_its_real_time() -> None:
    # 31 March 2024: London clocks jump from 01:00 GMT to 02:00 BST.
    depart = datetime(2024, 3, 31, 0, 30, tzinfo=LONDON)  # 00:30 UTC
    arrive = datetime(2024, 3, 31, 3, 30, tzinfo=LONDON)  # 02:30 UTC
    assert arrive - depart == timedelta(hours=3), "Python's wall-clock difference"
    assert leg_hours(depart, arrive) == 2.0
    assert elapsed_seconds(depart, arrive) == 7200


def test_a_leg_across_the_autumn_change_lasts_its_real_time() -> None:
    # 27 October 2024: London clocks fall back from 02:00 BST to 01:00 GMT.
    depart = datetime(2024, 10, 27, 0, 30, tzinfo=LONDON)  # 23:30 UTC the day before
    arrive = datetime(2024, 10, 27, 1, 30, fold=1, tzinfo=LONDON)  # 01:30 GMT = 01:30 UTC
    assert arrive - depart == timedelta(hours=1), "Python's wall-clock difference"
    assert leg_hours(depart, arrive) == 2.0


def test_plan_cost_in_a_daylight_saving_zone() -> None:
    data = tiny_data()
    legs = (
        Stop("kali-adem", None, datetime(2024, 3, 31, 0, 30, tzinfo=LONDON)),
        Stop("pramuka", datetime(2024, 3, 31, 3, 30, tzinfo=LONDON), None, ("pramuka-001",)),
    )
    plan = Plan(boats=(BoatPlan("kayu-1", (Trip(1, legs),)),))
    assert plan_cost(data, plan).sailing == pytest.approx(2 * 600_000)


# --------------------------------------------------------------------------- integer form


def test_integer_units_by_hand() -> None:
    data = _with_fixed_cost(2_000_000)
    kayu = data.boats_by_id["kayu-1"]
    assert UNITS_PER_RUPIAH == 360_000
    # 3 hours at Rp 600,000 an hour = Rp 1,800,000
    assert leg_cost_units(kayu, 3 * 3600) == 1_800_000 * UNITS_PER_RUPIAH
    assert fixed_cost_units(data.campaign) == 2_000_000 * UNITS_PER_RUPIAH
    assert units_to_rupiah(leg_cost_units(kayu, 1)) == pytest.approx(600_000 / 3600)


@given(
    rates_sen=st.lists(st.integers(0, 500_000_000), min_size=1, max_size=4),
    fixed_sen=st.integers(0, 1_000_000_000),
    legs=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 3 * 24 * 3600)), min_size=1, max_size=12
    ),
)
def test_integer_form_is_the_float_definition_times_the_unit(
    rates_sen: list[int], fixed_sen: int, legs: list[tuple[int, int]]
) -> None:
    """Whole-sen rates and whole-second legs: units = rupiah x UNITS_PER_RUPIAH exactly."""
    base = tiny_data()
    campaign = base.campaign.model_copy(
        update={"objective": Objective(fixed_cost_per_boat=fixed_sen / 100)}
    )
    data = with_fields(base, campaign=campaign)
    for n, rate in enumerate(rates_sen):
        data = with_boat(data, data.boats[n % len(data.boats)].id, cost_per_hour=rate / 100)
    start = datetime(2024, 2, 9, 6, tzinfo=ZoneInfo("Asia/Jakarta"))
    trips: dict[str, list[Trip]] = {}
    units = 0
    exact = Fraction(0)
    for boat_index, seconds in legs:
        boat = data.boats[boat_index % len(data.boats)]
        stops = (
            Stop(boat.home, None, start),
            Stop("pramuka", start + timedelta(seconds=seconds), None),
        )
        mine = trips.setdefault(boat.id, [])
        mine.append(Trip(len(mine) + 1, stops))
        units += leg_cost_units(boat, seconds)
        exact += Fraction(seconds, 3600) * Fraction(round(boat.cost_per_hour * 100), 100)
    units += len(trips) * fixed_cost_units(data.campaign)
    exact += len(trips) * Fraction(fixed_sen, 100)
    plan = Plan(boats=tuple(BoatPlan(b, tuple(t)) for b, t in trips.items()))
    assert units == exact * UNITS_PER_RUPIAH
    assert plan_cost(data, plan).total == pytest.approx(float(exact), rel=1e-12, abs=1e-6)
