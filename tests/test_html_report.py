"""Tests of ``outputs.html_report``: the report parsed back, and looked at in a real browser.

The map and timeline must hold every boat, trip, place and zone (found by the ids and
titles the SVG carries); the page must need nothing from the network; a headless
Chromium, when installed, must draw the routes in their boat colours.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread
from tests.example import NASTY, english, example, hostile, tiny

from seribu_planner.outputs import i18n
from seribu_planner.outputs.html_report import plan_to_html
from seribu_planner.outputs.palette import boat_colours
from seribu_planner.outputs.summary import deliveries
from seribu_planner.plan import Plan

__all__ = ["english"]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _Page(HTMLParser):
    """Every element's tag and attributes, the hover titles by element id, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.titles: dict[str, str] = {}
        self.text: list[str] = []
        self._open: list[str | None] = []
        self._in_title: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "title" and self._open:
            self._in_title = self._open[-1]
        if tag not in ("meta", "br", "path", "use", "rect", "circle", "img", "link"):
            self._open.append(attributes.get("id"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = None
        if tag not in ("meta", "br", "path", "use", "rect", "circle", "img", "link") and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles[self._in_title] = self.titles.get(self._in_title, "") + data
        self.text.append(data)

    @property
    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.elements if a.get("id")]  # type: ignore[misc]


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


@pytest.fixture(scope="module")
def report() -> str:
    i18n.set_language("en")
    try:
        data, plan = example()
        return plan_to_html(data, plan)
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)


def test_the_map_has_every_place_and_every_trip_of_every_boat(report: str) -> None:
    data, plan = example()
    page = _parse(report)
    ids = set(page.ids)
    for place in (*data.ports, *data.islands):
        assert f"map-place-{place.id}" in ids
        assert place.name in page.titles[f"map-place-{place.id}"]
    for boat in plan.boats:
        for trip in boat.trips:
            gid = f"map-trip-{boat.boat}-{trip.number}"
            assert gid in ids
            assert page.titles[gid].startswith(f"{boat.boat} trip {trip.number}:")
            assert f"{boat.boat} trip {trip.number}" in page.text  # the route's label
    labels = " ".join(page.text)
    for island in data.islands:
        assert island.name.split(" (")[0] in labels
    assert "20 nm" in labels  # the scale bar


def test_the_timeline_has_a_lane_per_boat_trips_calls_closures_and_the_deadline(
    report: str,
) -> None:
    data, plan = example()
    page = _parse(report)
    ids = set(page.ids)
    for boat in plan.boats:
        assert f"timeline-lane-{boat.boat}" in ids
        for trip in boat.trips:
            assert f"timeline-trip-{boat.boat}-{trip.number}" in ids
            calls = page.titles[f"timeline-calls-{boat.boat}-{trip.number}"]
            for stop in trip.stops[1:-1]:
                island = data.islands_by_id[stop.place]
                assert island.name in calls
    closed = Counter(i.split("-closed-")[1].rsplit("-", 1)[0] for i in ids if "-closed-" in i)
    # the bundled week closes every zone to the small boats for the 36-hour surge
    assert set(closed) == {z.id for z in data.zones}
    assert "timeline-deadline" in ids
    assert "Tue 13 Feb 18:00 WIB" in page.titles["timeline-deadline"]
    surge = next(t for i, t in page.titles.items() if i.startswith("timeline-closed-teluk"))
    assert "Sat 10 Feb 12:00 WIB to Mon 12 Feb 00:00 WIB" in surge


def test_the_tps_table_has_every_tps_with_its_slack_coloured(report: str) -> None:
    data, plan = example()
    page = _parse(report)
    rows = [a["data-tps"] for tag, a in page.elements if tag == "tr" and "data-tps" in a]
    assert rows == [t.id for t in data.tps]
    classes = Counter(
        c for tag, a in page.elements if tag == "td" for c in (a.get("class") or "").split()
    )
    assert classes["slack-tight"] + classes["slack-short"] + classes["slack-ample"] == 88
    tight = [d for d in deliveries(data, plan) if d.slack < timedelta(hours=6)]
    assert classes["slack-tight"] == len(tight) == 19  # Kelapa and Kelapa Dua
    assert "03:30 (tight)" in page.text


def test_unserved_tps_are_listed_with_their_reason(english: None) -> None:
    data, plan = tiny()
    page = _parse(plan_to_html(data, plan))
    (unserved,) = plan.unserved
    cells = [c for tag, a in page.elements if tag == "td" for c in (a.get("class") or "").split()]
    assert "unserved" in cells
    assert any(unserved.reason.value in t for t in page.text)
    assert unserved.detail in page.text


def test_the_page_needs_nothing_from_the_network(report: str) -> None:
    page = _parse(report)
    tags = {tag for tag, _ in page.elements}
    assert "script" not in tags
    assert "img" not in tags
    assert "link" not in tags
    for _, attributes in page.elements:
        for name in ("src", "href", "xlink:href"):
            value = attributes.get(name)
            assert value is None or value.startswith("#"), (name, value)
    assert "url(http" not in report
    assert "@import" not in report


def test_ids_are_unique_in_the_page(report: str) -> None:
    ids = _parse(report).ids
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_the_report_is_byte_identical_across_runs(report: str, english: None) -> None:
    data, plan = example()
    assert plan_to_html(data, plan) == report


def test_text_from_the_data_is_escaped(english: None) -> None:
    data, plan = example()
    text = plan_to_html(hostile(data), plan)
    assert "<script>" not in text
    assert "\x1b" not in text
    page = _parse(text)
    assert any("<script>alert" in t for t in page.text)
    assert any("\\x1b" in t for t in page.text)  # shown as in the terminal
    assert NASTY.split(" ")[0] not in {tag for tag, _ in page.elements}


def test_the_report_follows_the_language() -> None:
    data, plan = example()
    i18n.set_language("id")
    try:
        text = plan_to_html(data, plan)
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
    assert '<html lang="id">' in text
    assert "Sel 13 Feb 18.00 WIB" in text  # the deadline, in the Indonesian time style


def test_a_plan_without_trips_still_makes_a_report(english: None) -> None:
    data, _ = example()
    page = _parse(plan_to_html(data, Plan(boats=())))
    assert "map-place-pramuka" in page.ids
    assert not [i for i in page.ids if "-trip-" in i]


def _hex(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float) / 255


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")
def test_a_headless_browser_draws_the_routes_in_their_boat_colours(
    report: str, tmp_path: Path
) -> None:
    page, shot = tmp_path / "report.html", tmp_path / "shot.png"
    page.write_text(report, encoding="utf-8")
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--hide-scrollbars",
            f"--screenshot={shot}",
            "--window-size=1200,2000",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pixels = imread(str(shot))[:, :, :3]
    assert pixels.shape[0] == 2000 and pixels.shape[1] == 1200
    data, plan = example()
    colours = boat_colours(data, plan)
    for boat in plan.boats:
        near = np.all(np.abs(pixels - _hex(colours[boat.boat])) < 0.04, axis=2)
        assert near.sum() > 200, f"{boat.boat} is not drawn in its colour"
    sea = np.all(np.abs(pixels - _hex("#eef5fb")) < 0.01, axis=2)
    assert sea.sum() > 100_000  # the map's sea
