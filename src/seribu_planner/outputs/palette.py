"""Colours shared by every picture and sheet: one colour per boat, one per slack band.

A boat has the same colour in the map, the timeline, the workbook tabs, the crew brief and
the GeoJSON of one plan.
"""

from __future__ import annotations

from seribu_planner.model import DataSet
from seribu_planner.outputs.loads import SlackBand
from seribu_planner.plan import Plan

#: matplotlib's default colour cycle ("tab10") without its grey, which the timeline keeps
#: for the hours a boat may not sail; written out so that the outputs that do not draw need
#: not import matplotlib (a test keeps the two in step).
BOAT_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
)

#: Background and text colours of a slack band (light fills, so black text stays readable
#: in print); the band's name is always written beside the colour.
SLACK_FILL = {
    SlackBand.TIGHT: "#f8d0cc",
    SlackBand.SHORT: "#fdebb5",
    SlackBand.AMPLE: "#cdebd6",
}
UNSERVED_FILL = "#d9d9d9"

#: Places are drawn in greys (told apart by their marker's shape), so that no place is
#: mistaken for a boat's route.
PLACE_COLOURS = {"port": "#1a1a1a", "island": "#4d4d4d", "platform": "#808080"}


def boat_colours(data: DataSet, plan: Plan | None = None) -> dict[str, str]:
    """A colour per boat: first the boats the plan uses, in fleet order, then the rest.

    The boats of one plan get distinct colours while they are no more than the palette;
    every output of one plan gives a boat the same colour.
    """
    used = {b.boat for b in plan.boats if b.trips} if plan is not None else set()
    ids = [boat.id for boat in data.boats if boat.id in used]
    if plan is not None:
        ids += [b.boat for b in plan.boats if b.boat in used and b.boat not in data.boats_by_id]
    ids += [boat.id for boat in data.boats if boat.id not in used]
    return {boat: BOAT_COLOURS[n % len(BOAT_COLOURS)] for n, boat in enumerate(ids)}
