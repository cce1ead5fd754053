"""Tests of ``outputs.loads``: what each trip loads and each call drops, and slack bands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.example import example, tiny

from seribu_planner.outputs.loads import (
    SlackBand,
    calls,
    kit_line,
    place_name,
    slack_band,
    totals,
    trip_sheets,
    trip_zones,
)
from seribu_planner.verify import kit_count, kit_load


def test_every_served_tps_is_in_exactly_one_call_in_plan_order() -> None:
    data, plan = example()
    dropped = [line.tps.id for call in calls(data, plan) for line in call.lines]
    assert dropped == plan.served_tps()
    assert len(dropped) == len(set(dropped)) == 88


def test_kit_lines_agree_with_the_verifier() -> None:
    data, plan = example()
    for call in calls(data, plan):
        for line in call.lines:
            kg, m3 = kit_load(data, line.tps)
            assert line.kg == pytest.approx(kg)
            assert line.m3 == pytest.approx(m3)
            assert line.counts == tuple(kit_count(item, line.tps) for item in data.campaign.kit)


def test_trip_totals_are_the_sum_of_their_lines() -> None:
    data, plan = example()
    items = len(data.campaign.kit)
    for sheet in trip_sheets(data, plan):
        load = totals(sheet.lines, items)
        assert load.tps == sum(len(s.tps) for s in sheet.trip.stops)
        assert load.kg == pytest.approx(sum(kit_load(data, line.tps)[0] for line in sheet.lines))
        assert load.voters == sum(line.tps.voters for line in sheet.lines)
        assert sheet.port == sheet.trip.stops[0].place
        assert sheet.end == sheet.trip.stops[-1]


def test_an_empty_sum_has_a_zero_per_item() -> None:
    assert totals([], 3).counts == (0, 0, 0)


def test_calls_know_the_stop_before_them() -> None:
    data, plan = tiny()
    for call in calls(data, plan):
        trip = next(
            t for b in plan.boats if b.boat == call.boat for t in b.trips if t.number == call.trip
        )
        assert trip.stops[call.position] == call.stop
        assert trip.stops[call.position - 1] == call.previous


def test_a_tps_missing_from_the_data_is_an_error() -> None:
    data, _ = tiny()
    with pytest.raises(ValueError, match="not in the data set"):
        kit_line(data, "nowhere-001")


def test_place_names_and_zones() -> None:
    data, plan = example()
    assert place_name(data, "pramuka") == "Pulau Pramuka"
    assert place_name(data, "kali-adem").startswith("Pelabuhan Kali Adem")
    assert place_name(data, "unknown") == "unknown"
    sheet = next(s for s in trip_sheets(data, plan) if s.boat == "kayu-5")
    assert trip_zones(data, sheet.trip.stops) == ["teluk-jakarta", "kepulauan-seribu"]


@pytest.mark.parametrize(
    ("hours", "band"),
    [
        (0, SlackBand.TIGHT),
        (5.99, SlackBand.TIGHT),
        (6, SlackBand.SHORT),
        (23.99, SlackBand.SHORT),
        (24, SlackBand.AMPLE),
        (100, SlackBand.AMPLE),
    ],
)
def test_slack_bands(hours: float, band: SlackBand) -> None:
    assert slack_band(timedelta(hours=hours)) is band
