"""Tests of ``forecast.bmkg``: BMKG maritime area files (station-written and digital) read
into slots on the 12-hour grid, and every kind of bad file refused with its location.

The samples in ``tests/data/forecast/`` are written by hand from the documented format
(``shared/reference/bmkg-maritime.md``); broken ones are named after their defect.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from seribu_planner.errors import InputError
from seribu_planner.forecast import read_forecast, read_forecasts
from seribu_planner.forecast.bmkg import OPEN_RANGE_WAVE_M, parse_time, wave_top_m
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import Zone

FORECAST = Path(__file__).parent / "data" / "forecast"
BROKEN = FORECAST / "broken"
ZONES = load_dataset(bundled_data_dir()).zones
STATION = FORECAST / "bmkg-station-F.08-2024021200.json"
DIGITAL = FORECAST / "bmkg-digital-F.08-2024021212.json"


def utc(day: int, hour: int) -> datetime:
    return datetime(2024, 2, day, hour, tzinfo=UTC)


def problems(*paths: Path, zones: tuple[Zone, ...] = ZONES) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_forecasts(list(paths), zones)
    return [
        f"{Path(p.file).name}:{p.line}:{p.column} {p.field}: {p.message}"
        for p in caught.value.problems
    ]


def test_station_file_is_read_onto_the_12_hour_grid() -> None:
    read = read_forecast(STATION, ZONES)
    assert (read.provider, read.variant, read.zone) == (
        "BMKG",
        "station-written",
        "kepulauan-seribu",
    )
    assert read.area == "F.08 Perairan Kep. Seribu"
    assert read.issued == utc(12, 0)
    # two 12-hour slots, then two 24-hour slots cut in two each
    assert [(s.from_, s.to) for s in read.slots] == [
        (utc(12, 0), utc(12, 12)),
        (utc(12, 12), utc(13, 0)),
        (utc(13, 0), utc(13, 12)),
        (utc(13, 12), utc(14, 0)),
        (utc(14, 0), utc(14, 12)),
        (utc(14, 12), utc(15, 0)),
    ]
    assert [s.wave_m for s in read.slots] == [1.25, 1.25, 0.5, 0.5, 1.25, 1.25]
    digest = "sha256:" + __import__("hashlib").sha256(STATION.read_bytes()).hexdigest()
    assert {(s.issued, s.digest) for s in read.slots} == {(utc(12, 0), digest)}
    assert read.slots[2].source == "BMKG F.08 Tenang 0.1 - 0.5 m"
    assert read.slots[4].source == "BMKG F.08 Rendah 0,5 - 1,25 m"  # Indonesian decimals


def test_digital_file_is_told_apart_and_read_alike() -> None:
    read = read_forecast(DIGITAL, ZONES)
    assert read.variant == "digital"
    assert read.issued == utc(12, 12)
    assert [s.wave_m for s in read.slots] == [1.25, 2.5, 1.25, 1.25, 1.25]
    assert read.slots[1].from_ == utc(13, 0)


def test_teluk_jakarta_maps_to_its_zone_by_code() -> None:
    read = read_forecast(FORECAST / "bmkg-station-F.09-2024021200.json", ZONES)
    assert read.zone == "teluk-jakarta"
    assert read.slots[-1].source == "BMKG F.09 Rendah 0.50 - 1.25 m"


@pytest.mark.parametrize(
    ("text", "top"),
    [
        ("0.5 - 1.25 m", 1.25),
        ("1.25 - 2.50 m", 2.5),
        ("2.5 - 4.0 m", 4.0),
        ("0,5 - 1,25 m", 1.25),
        ("0.5&nbsp;&ndash;&nbsp;1.25 m<br />", 1.25),
        ("1.25 s/d 2.5 meter", 2.5),
        ("< 0.5 m", 0.5),
        ("0.75 m", 0.75),
        ("> 9.0 m", OPEN_RANGE_WAVE_M),
    ],
)
def test_the_top_of_the_range_is_the_height(text: str, top: float) -> None:
    assert wave_top_m(text) == top


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0.5 - m", "is not a wave-height range"),
        ("tinggi", "is not a wave-height range"),
        ("2.5 - 1.25 m", "runs backwards"),
        ("10 - 40 m", "beyond any sea state"),
        ("", "is not a wave-height range"),
    ],
)
def test_a_garbled_range_is_refused(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        wave_top_m(text)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2024-02-12 12:00 UTC", utc(12, 12)),
        ("2024-02-12T12:00Z", utc(12, 12)),
        ("2024-02-12 19:00 WIB", utc(12, 12)),
        ("2024-02-12 12:00", utc(12, 12)),
        ("2024-02-12 19:00:00 +07:00", utc(12, 12)),
    ],
)
def test_times_are_read_in_utc(text: str, moment: datetime) -> None:
    assert parse_time(text) == moment


GOLDEN = {
    "unknown_area": [
        "unknown_area.json:2:11 code: no zone has bmkg_code F.99; zones with a code: F.09"
        " (teluk-jakarta), F.08 (kepulauan-seribu)",
    ],
    "garbled_range": [
        'garbled_range.json:45:20 data[2].wave_desc: "0.5 - m": is not a wave-height range'
        ' such as "0.5 - 1.25 m"',
    ],
    "missing_wave_desc": [
        "missing_wave_desc.json:21:5 data[1].wave_desc: missing required key 'wave_desc'",
    ],
    "missing_issued": [
        "missing_issued.json:1:1 issued: missing required key 'issued'",
    ],
    "backwards_slot": [
        "backwards_slot.json:53:19 data[3].valid_to: valid_to 2024-02-13 00:00 UTC is not later"
        " than valid_from 2024-02-14 00:00 UTC",
    ],
    "overlapping_slots": [
        "overlapping_slots.json:22:21 data[1].valid_from: 2024-02-12 06:00 UTC to 2024-02-13 00:00"
        " UTC overlaps the slot data[0] (2024-02-12 00:00 UTC to 2024-02-12 12:00 UTC) of the"
        " same file",
    ],
    "unreadable_time": [
        'unreadable_time.json:7:21 data[0].valid_from: "12/02/2024 00:00" is not a time such as'
        ' "2024-02-12 12:00 UTC"',
    ],
    "not_a_forecast": [
        "not_a_forecast.json:1:1 : is neither a BMKG maritime area forecast (keys code, issued,"
        " data) nor an Open-Meteo marine response (key hourly)",
    ],
    "not_json": [
        "not_json.json:2:1 : not valid JSON: Expecting value",
    ],
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_broken_file_is_refused_with_its_location(name: str) -> None:
    assert problems(BROKEN / f"{name}.json") == GOLDEN[name]


def test_every_broken_file_has_a_golden() -> None:
    named = {p.stem for p in BROKEN.glob("*.json")} - {"same_issue_as_station_F.08"}
    assert named == set(GOLDEN)


def test_problems_of_every_file_are_reported_at_once() -> None:
    found = problems(BROKEN / "unknown_area.json", STATION, BROKEN / "garbled_range.json")
    assert [line.split(":")[0] for line in found] == ["unknown_area.json", "garbled_range.json"]


def test_a_zone_without_a_code_cannot_take_a_bmkg_file() -> None:
    uncoded = tuple(z.model_copy(update={"bmkg_code": None}) for z in ZONES)
    [message] = problems(STATION, zones=uncoded)
    assert "no zone has bmkg_code F.08; zones with a code: none" in message


def test_html_in_text_fields_is_read_as_text(tmp_path: Path) -> None:
    document = json.loads(STATION.read_text(encoding="utf-8"))
    document["code"] = "<b>F.08</b>"
    document["data"][0]["wave_cat"] = "Rendah&nbsp;<br />"
    target = tmp_path / "html.json"
    target.write_text(json.dumps(document), encoding="utf-8")
    read = read_forecast(target, ZONES)
    assert read.zone == "kepulauan-seribu"
    assert read.slots[0].source == "BMKG F.08 Rendah 0.5 - 1.25 m"


def test_an_empty_data_list_is_bad_input(tmp_path: Path) -> None:
    document = json.loads(STATION.read_text(encoding="utf-8"))
    document["data"] = []
    target = tmp_path / "empty.json"
    target.write_text(json.dumps(document, indent=1), encoding="utf-8")
    [message] = problems(target)
    assert "data: must be a list of forecast slots (got an empty list)" in message


def test_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    assert problems(tmp_path / "nowhere.json") == ["nowhere.json:None:None : not found"]
