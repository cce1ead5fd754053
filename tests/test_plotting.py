"""Tests of ``outputs.plotting``: deterministic inline SVG, no GUI, names shown as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.builders import with_fields
from tests.example import ROOT, english, example, tiny

from seribu_planner.generate import write_dataset
from seribu_planner.load import load_dataset
from seribu_planner.outputs.plotting import LABEL_EVERY_PLACE_UP_TO, map_svg, timeline_svg
from seribu_planner.plan import Plan

__all__ = ["english"]


def test_svg_is_inline_ready_and_byte_identical(english: None) -> None:
    data, plan = tiny()
    for draw, prefix in ((map_svg, "map"), (timeline_svg, "timeline")):
        first = draw(data, plan)
        assert first == draw(data, plan)
        assert first.startswith("<svg")  # no XML prologue or doctype inside HTML
        assert "<dc:date>" not in first  # no date metadata
        ids = re.findall(r'\bid="([^"]+)"', first)
        assert ids
        assert all(i.startswith(f"{prefix}-") for i in ids)
        for ref in re.findall(r"url\(#([^)]+)\)", first):
            assert ref in ids
        assert 'width="100%"' in first


def test_rendering_never_loads_pyplot_or_a_gui_backend() -> None:
    code = (
        "import sys\n"
        "from tests.example import tiny\n"
        "from seribu_planner.outputs.plotting import map_svg, timeline_svg\n"
        "data, plan = tiny(); map_svg(data, plan); timeline_svg(data, plan)\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot'\n"
        "assert not any(m.startswith(('tkinter', 'PyQt', 'PySide', 'gi')) for m in sys.modules)\n"
    )
    subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, timeout=120, cwd=ROOT
    )


def test_names_with_dollars_and_control_characters_are_shown_as_written(english: None) -> None:
    data, plan = example()
    islands = tuple(
        i.model_copy(update={"name": "Pulau $x^2$ \x07"}) if i.id == "pramuka" else i
        for i in data.islands
    )
    svg = map_svg(with_fields(data, islands=islands), plan)
    assert "Pulau $x^2$ \\x07" in svg  # no mathematics, no raw bell


def test_every_trip_gets_a_hover_title(english: None) -> None:
    data, plan = tiny()
    svg = timeline_svg(data, plan)
    for boat in plan.boats:
        for trip in boat.trips:
            opening = f'<g id="timeline-trip-{boat.boat}-{trip.number}"><title>'
            assert opening in svg


def test_a_crowded_map_keeps_every_place_and_leaves_out_labels_without_room(
    tmp_path: Path, english: None
) -> None:
    write_dataset(tmp_path, islands=150, tps=300, boats=3, seed=2)
    data = load_dataset(tmp_path)
    places = [*data.ports, *data.islands]
    assert len(places) > LABEL_EVERY_PLACE_UP_TO
    svg = map_svg(data, Plan(boats=()))
    for place in places:
        assert f'<g id="map-place-{place.id}"><title>' in svg
    labels = svg.count('id="map-label-')
    assert 0 < labels < len(places)
