"""Tests of ``forecast.openmeteo``: a marine point response into 12-hour slots of the zone
whose point lies nearest, and the ways a response can be unusable."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from seribu_planner.errors import InputError
from seribu_planner.forecast import read_forecast
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import Point, Zone

SAMPLE = Path(__file__).parent / "data" / "forecast" / "open-meteo-laut-jawa-barat-20240212.json"
BUNDLED = load_dataset(bundled_data_dir()).zones
#: The bundled zones, with a water point for Laut Jawa barat near Sebira.
ZONES = tuple(
    z.model_copy(update={"point": Point(lat=-5.25, lon=106.5)}) if z.id == "laut-jawa-barat" else z
    for z in BUNDLED
)


def utc(day: int, hour: int) -> datetime:
    return datetime(2024, 2, day, hour, tzinfo=UTC)


def sample() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return document


def written(tmp_path: Path, document: dict[str, Any]) -> Path:
    target = tmp_path / "response.json"
    target.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return target


def refused(tmp_path: Path, document: dict[str, Any], zones: tuple[Zone, ...] = ZONES) -> str:
    with pytest.raises(InputError) as caught:
        read_forecast(written(tmp_path, document), zones)
    [problem] = caught.value.problems
    return f"{problem.field}: {problem.message}"


def test_hourly_heights_become_12_hour_slots_of_the_highest_value() -> None:
    read = read_forecast(SAMPLE, ZONES)
    assert (read.provider, read.zone, read.area) == (
        "Open-Meteo",
        "laut-jawa-barat",
        "-5.250, 106.500",
    )
    # local times at +07:00: the first value is 11 Feb 17:00 UTC, the last 14 Feb 16:00 UTC
    assert [(s.from_, s.to) for s in read.slots] == [
        (utc(11, 17), utc(12, 0)),
        (utc(12, 0), utc(12, 12)),
        (utc(12, 12), utc(13, 0)),
        (utc(13, 0), utc(13, 12)),
        (utc(13, 12), utc(14, 0)),
        (utc(14, 0), utc(14, 12)),
        (utc(14, 12), utc(14, 16)),
    ]
    document = sample()
    times = [datetime.fromisoformat(t + "+07:00") for t in document["hourly"]["time"]]
    heights = document["hourly"]["wave_height"]
    for slot in read.slots:
        inside = [h for t, h in zip(times, heights, strict=True) if slot.from_ <= t <= slot.to]
        assert slot.wave_m == max(inside)
    # issued: the response's current time, 12 Feb 07:15 WIB
    assert read.issued == datetime(2024, 2, 12, 0, 15, tzinfo=UTC)


def test_without_current_the_first_hour_is_the_issue(tmp_path: Path) -> None:
    document = sample()
    del document["current"]
    assert read_forecast(written(tmp_path, document), ZONES).issued == utc(11, 17)


def test_unix_times_and_gmt_are_read(tmp_path: Path) -> None:
    document = sample()
    base = int(utc(12, 0).timestamp())
    count = len(document["hourly"]["time"])
    document["hourly"]["time"] = [base + 3600 * k for k in range(count)]
    del document["utc_offset_seconds"]
    document["timezone"] = "GMT"
    del document["current"]
    read = read_forecast(written(tmp_path, document), ZONES)
    assert read.slots[0].from_ == utc(12, 0)
    assert read.issued == utc(12, 0)


def test_a_value_between_samples_is_bracketed(tmp_path: Path) -> None:
    """With 3-hourly values, the slot takes the values just outside it too."""
    document = sample()
    document["hourly"]["time"] = [f"2024-02-12T{h:02d}:00" for h in (4, 7, 10, 13, 16, 19, 22)]
    document["hourly"]["wave_height"] = [2.0, 0.5, 0.6, 0.7, 0.8, 0.9, 3.0]
    del document["current"]
    read = read_forecast(written(tmp_path, document), ZONES)
    # 04:00-07:00 WIB is before the 00:00 UTC line; 07:00-19:00 WIB is one slot; then 19-22
    assert [s.wave_m for s in read.slots] == [2.0, 0.9, 3.0]


def test_nulls_leave_gaps(tmp_path: Path) -> None:
    document = sample()
    heights = document["hourly"]["wave_height"]
    for k in range(30, 40):
        heights[k] = None
    read = read_forecast(written(tmp_path, document), ZONES)
    times = [datetime.fromisoformat(t + "+07:00") for t in document["hourly"]["time"]]
    assert all(not (s.from_ < times[39] and times[30] < s.to) for s in read.slots)
    assert any(s.to == times[29] for s in read.slots)
    assert any(s.from_ == times[40] for s in read.slots)


def test_the_nearest_zone_point_within_reach_is_chosen(tmp_path: Path) -> None:
    document = sample()
    document["latitude"], document["longitude"] = -5.3, 106.6  # snapped to a grid cell
    assert read_forecast(written(tmp_path, document), ZONES).zone == "laut-jawa-barat"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: d.update(latitude=-6.0),
            "latitude: no zone has a point within 0.125 degrees of -6, 106.5; zones with a"
            " point: laut-jawa-barat (-5.25, 106.5)",
        ),
        (
            lambda d: d["hourly"].update(wave_height=[None] * len(d["hourly"]["time"])),
            "hourly.wave_height: has no wave height at this point (null everywhere: the grid"
            " cell is land or shore); give the zone a point further out at sea",
        ),
        (
            lambda d: d["hourly"]["wave_height"].pop(),
            "hourly.wave_height: has 71 values for 72 times",
        ),
        (
            lambda d: d["hourly"].pop("wave_height"),
            "hourly.wave_height: missing required key 'wave_height' (ask for hourly=wave_height)",
        ),
        (
            lambda d: d["hourly"]["wave_height"].__setitem__(5, -1),
            "hourly.wave_height[5]: must be a height from 0 to 30 m, or null (got -1)",
        ),
        (
            lambda d: d["hourly"]["time"].__setitem__(3, "2024-02-12T01:00"),
            'hourly.time[3]: "2024-02-12T01:00" is not later than the time before it',
        ),
        (
            lambda d: d["hourly"]["time"].__setitem__(3, "yesterday"),
            'hourly.time[3]: "yesterday" is not an ISO 8601 time such as "2024-02-12T00:00"',
        ),
        (
            lambda d: d["hourly_units"].update(wave_height="ft"),
            'hourly_units.wave_height: wave heights must be in metres (got "ft"); ask without'
            " length_unit",
        ),
        (lambda d: d.pop("latitude"), "latitude: missing required key 'latitude'"),
        (
            lambda d: d.update(longitude="106.5"),
            'longitude: must be a number from -180 to 180 (got "106.5")',
        ),
        (
            lambda d: d.update(utc_offset_seconds=1.5),
            "utc_offset_seconds: must be a whole number of seconds under a day (got 1.5)",
        ),
    ],
)
def test_an_unusable_response_is_bad_input(tmp_path: Path, edit: Any, expected: str) -> None:
    document = sample()
    edit(document)
    assert refused(tmp_path, document) == expected


def test_problems_are_located_by_line(tmp_path: Path) -> None:
    document = sample()
    document["hourly"]["wave_height"][5] = "high"
    with pytest.raises(InputError) as caught:
        read_forecast(written(tmp_path, document), ZONES)
    [problem] = caught.value.problems
    text = (tmp_path / "response.json").read_text(encoding="utf-8").splitlines()
    assert problem.line is not None and '"high"' in text[problem.line - 1]


def test_zones_without_points_cannot_take_a_response(tmp_path: Path) -> None:
    assert refused(tmp_path, sample(), BUNDLED).endswith("zones with a point: none")
