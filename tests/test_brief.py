"""Tests of the crew briefs: ``outputs.brief`` parsed back, and ``seribu-plan brief``."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from tests.builders import with_boat
from tests.example import EXAMPLE_PLAN, english, example, hostile, tiny
from typer.testing import CliRunner

from seribu_planner import cli
from seribu_planner.derive.weather import Clock, sailing_windows
from seribu_planner.load import bundled_data_dir
from seribu_planner.outputs import i18n
from seribu_planner.outputs.brief import INDEX, boat_brief, brief_pages
from seribu_planner.verify import kit_count, kit_load

__all__ = ["english"]

runner = CliRunner()


class _Tables(HTMLParser):
    """Rows of every table (cell texts), with the data-* attributes of each row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[dict[str, str | None], list[str]]] = []
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append((dict(attrs), []))
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1][1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _parse(text: str) -> _Tables:
    page = _Tables()
    page.feed(text)
    return page


def _number(text: str) -> float:
    return float(text.replace(",", ""))  # English separators


def test_a_page_per_boat_used_named_by_its_id_and_an_index(english: None) -> None:
    data, plan = example()
    pages = dict(brief_pages(data, plan))
    assert list(pages) == [INDEX, "kayu-5.html", "pesona-alam.html", "phe-onwj.html"]
    index = _parse(pages[INDEX])
    links = [a["href"] for tag, a in index.tags if tag == "a"]
    assert links == ["kayu-5.html", "pesona-alam.html", "phe-onwj.html"]


def test_the_loading_manifest_totals_equal_the_verifiers(english: None) -> None:
    data, plan = example()
    items = data.campaign.kit
    for boat in plan.boats:
        page = _parse(boat_brief(data, plan, boat))
        totals = [cells for attrs, cells in page.rows if cells and cells[0] == "total"]
        assert len(totals) == len(boat.trips)
        for trip, total in zip(boat.trips, totals, strict=True):
            tps = [data.tps_by_id[t] for s in trip.stops for t in s.tps]
            assert _number(total[1]) == sum(t.voters for t in tps)
            counts = [_number(c) for c in total[2 : 2 + len(items)]]
            assert counts == [sum(kit_count(item, t) for t in tps) for item in items]
            kg = sum(kit_load(data, t)[0] for t in tps)
            assert _number(total[-2]) == pytest.approx(kg, abs=0.05)


def test_every_drop_has_a_handover_form_with_each_tps_and_signature_lines(english: None) -> None:
    data, plan = example()
    boat = next(b for b in plan.boats if b.boat == "pesona-alam")
    text = boat_brief(data, plan, boat)
    page = _parse(text)
    forms = [a["data-place"] for tag, a in page.tags if tag == "div" and "data-place" in a]
    drops = [s.place for t in boat.trips for s in t.stops if s.tps]
    assert forms == drops
    # each TPS appears twice: in the loading manifest and on its handover form
    rows = [a["data-tps"] for a, _ in page.rows if a.get("data-tps")]
    assert sorted(rows) == sorted(2 * [t for trip in boat.trips for s in trip.stops for t in s.tps])
    for role in ("Handed over by (boat crew)", "Escort (Polres)", "Received by (PPS/KPPS)"):
        assert text.count(role) == len(drops)


def test_the_calls_in_order_with_arrival_departure_and_return(english: None) -> None:
    data, plan = example()
    boat = next(b for b in plan.boats if b.boat == "kayu-5")
    page = _parse(boat_brief(data, plan, boat))
    places = [a["data-place"] for a, _ in page.rows if a.get("data-place")]
    assert places == [s.place for s in boat.trips[0].stops]
    calls = [cells for a, cells in page.rows if a.get("data-place")]
    assert calls[1][2] == "Fri 09 Feb 08:51 WIB"  # arrival at Lancang
    assert calls[-1][4] == "return: end of trip"
    assert "Load at Pelabuhan Kali Adem (Muara Angke): from Fri 09 Feb 06:00 WIB" in "".join(
        page.text
    )


def test_the_sailing_windows_bound_each_trip(english: None) -> None:
    data, plan = example()
    boat = next(b for b in plan.boats if b.boat == "kayu-5")
    text = "".join(_parse(boat_brief(data, plan, boat)).text)
    windows = sailing_windows(data, data.boats_by_id["kayu-5"])
    clock = Clock(data.campaign.start)
    (s, e) = next(w for w in windows["teluk-jakarta"] if w[0] <= 60 <= w[1])
    assert clock.at(e) - clock.at(s) == timedelta(hours=12)
    assert "Teluk Jakarta: Fri 09 Feb 06:00 WIB to Fri 09 Feb 18:00 WIB" in text
    assert "daylight" in text


def test_escort_contact_and_crew_show_when_the_data_has_them(english: None) -> None:
    data, plan = example()
    boat = next(b for b in plan.boats if b.boat == "kayu-5")
    plain = "".join(_parse(boat_brief(data, plan, boat)).text)
    assert "escort" not in plain
    crewed = with_boat(
        data, "kayu-5", escort="Bripka Andi (Polres Kep. Seribu)", contact="0812-0000-0000"
    )
    text = "".join(_parse(boat_brief(crewed, plan, boat)).text)
    assert "escortBripka Andi (Polres Kep. Seribu)" in text
    assert "contact0812-0000-0000" in text
    assert "crew" not in text.replace("boat crew", "")


def test_pages_are_self_contained_for_a4_and_escape_the_data(english: None) -> None:
    data, plan = example()
    for name, text in brief_pages(hostile(data), plan):
        assert "@page { size: A4" in text, name
        assert "<script" not in text, name
        assert "\x1b" not in text
        page = _parse(text)
        for tag, attributes in page.tags:
            assert tag not in ("script", "img", "link")
            assert not (attributes.get("src") or "").startswith("http")
            assert not (attributes.get("href") or "").startswith("http")
        assert any("<script>alert" in t for t in page.text)


def test_briefs_are_byte_identical_and_follow_the_language() -> None:
    data, plan = example()
    i18n.set_language("id")
    try:
        first, second = brief_pages(data, plan), brief_pages(data, plan)
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
    assert first == second
    assert "Jum 09 Feb 08.51 WIB" in dict(first)["kayu-5.html"]


def test_unserved_tps_are_named_on_the_index(english: None) -> None:
    data, plan = tiny()
    index = dict(brief_pages(data, plan))[INDEX]
    for u in plan.unserved:
        assert f'data-tps="{u.tps}"' in index


# --------------------------------------------------------------------------- the command


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, list(args), env={"COLUMNS": "100"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_brief_from_a_saved_plan_writes_every_page_and_announces_each(tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    code, stdout, stderr = _run(
        "brief", "--lang", "en", "--out", str(out), "--plan", str(EXAMPLE_PLAN)
    )
    assert code == 0, stderr
    assert stdout.splitlines()[0].startswith("data: ")
    written = sorted(p.name for p in out.iterdir())
    assert written == ["index.html", "kayu-5.html", "pesona-alam.html", "phe-onwj.html"]
    for name in written:
        assert f"wrote{out / name}" in "".join(stderr.split())  # rich may fold a long path


def test_brief_solves_when_no_plan_is_given(tmp_path: Path) -> None:
    code, _, stderr = _run("brief", "--out", str(tmp_path / "b"))
    assert code == 0, stderr
    assert (tmp_path / "b" / INDEX).is_file()


def test_brief_refuses_a_file_or_a_missing_parent_before_solving(tmp_path: Path) -> None:
    afile = tmp_path / "taken"
    afile.write_text("x", encoding="utf-8")
    code, _, stderr = _run("brief", "--out", str(afile), "--plan", str(EXAMPLE_PLAN))
    assert code == 2
    assert "is a file, not a folder" in " ".join(stderr.split())
    code, _, stderr = _run("brief", "--out", str(tmp_path / "no" / "such"))
    assert code == 2
    assert "does not exist" in " ".join(stderr.split())
    assert not (tmp_path / "no").exists()


def test_brief_of_a_plan_for_other_data_is_bad_input(tmp_path: Path) -> None:
    document = json.loads(EXAMPLE_PLAN.read_text(encoding="utf-8"))
    document["boats"][0]["trips"][0]["stops"][1]["place"] = "atlantis"
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "briefs"
    code, _, stderr = _run("brief", "--out", str(out), "--plan", str(foreign))
    assert code == 2
    assert "atlantis" in " ".join(stderr.split())
    assert not out.exists()


def test_brief_names_briefs_left_from_an_earlier_plan(tmp_path: Path) -> None:
    out = tmp_path / "briefs"
    out.mkdir()
    (out / "kayu-1.html").write_text("old", encoding="utf-8")
    code, _, stderr = _run("brief", "--lang", "en", "--out", str(out), "--plan", str(EXAMPLE_PLAN))
    assert code == 0
    assert f"{out / 'kayu-1.html'}isfromanearlierbrief" in "".join(stderr.split())


def test_brief_shows_the_escort_from_fleet_yaml(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data_dir)
    fleet = yaml.safe_load((data_dir / "fleet.yaml").read_text(encoding="utf-8"))
    for boat in fleet["boats"]:  # whichever boats the solver uses
        boat["escort"] = f"Brigadir Sari for {boat['id']}, Polres Kep. Seribu"
        boat["contact"] = "radio VHF 16"
    (data_dir / "fleet.yaml").write_text(yaml.safe_dump(fleet), encoding="utf-8")
    out = tmp_path / "briefs"
    code, _, stderr = _run("brief", "--data", str(data_dir), "--out", str(out))
    assert code == 0, stderr
    pages = [p for p in out.iterdir() if p.name != INDEX]
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert f"Brigadir Sari for {page.stem}, Polres Kep. Seribu" in text
        assert "radio VHF 16" in text
