"""Tests of ``outputs.palette``: boat colours."""

from __future__ import annotations

import dataclasses

import matplotlib.colors
from tests.example import example

from seribu_planner.outputs.palette import BOAT_COLOURS, boat_colours
from seribu_planner.plan import BoatPlan


def test_the_palette_is_matplotlib_tab10_without_its_grey() -> None:
    tab10 = [c for c in matplotlib.colors.TABLEAU_COLORS.values() if c != "#7f7f7f"]
    assert list(BOAT_COLOURS) == tab10


def test_the_boats_of_a_plan_get_distinct_colours_first() -> None:
    data, plan = example()
    colours = boat_colours(data, plan)
    assert set(colours) == {b.id for b in data.boats}
    used = [colours[b.boat] for b in plan.boats if b.trips]
    assert len(set(used)) == len(used)
    assert used == list(BOAT_COLOURS[: len(used)])


def test_a_boat_the_fleet_lacks_still_gets_a_colour() -> None:
    data, plan = example()
    stranger = dataclasses.replace(
        plan, boats=(*plan.boats, BoatPlan("ghost", plan.boats[0].trips))
    )
    assert boat_colours(data, stranger)["ghost"] in BOAT_COLOURS
