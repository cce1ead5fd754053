"""Tests of ``forecast.merge``: the newest issue wins per zone and moment, older slots keep
the past, re-importing changes nothing, and two files of one issue may not overlap."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seribu_planner.errors import InputError
from seribu_planner.forecast import ImportedForecast, merge_forecast, read_forecast
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import ForecastSlot

FORECAST = Path(__file__).parent / "data" / "forecast"
DATA = load_dataset(bundled_data_dir())
ZONE_ORDER = [z.id for z in DATA.zones]
STATION = read_forecast(FORECAST / "bmkg-station-F.08-2024021200.json", DATA.zones)
DIGITAL = read_forecast(FORECAST / "bmkg-digital-F.08-2024021212.json", DATA.zones)
BAY = read_forecast(FORECAST / "bmkg-station-F.09-2024021200.json", DATA.zones)


def utc(day: int, hour: int) -> datetime:
    return datetime(2024, 2, day, hour, tzinfo=UTC)


def wave_at(slots: tuple[ForecastSlot, ...], zone: str, moment: datetime) -> float | None:
    covering = [s for s in slots if s.zone == zone and s.from_ <= moment < s.to]
    assert len(covering) <= 1, "merged slots never overlap"
    return covering[0].wave_height_m if covering else None


def test_a_newer_issue_replaces_what_it_covers_and_the_past_stays() -> None:
    merged = merge_forecast(DATA.forecast, [STATION, DIGITAL], ZONE_ORDER).forecast
    zone = "kepulauan-seribu"
    # before the first issue's first slot: the hand-written forecast (Sedang on 11 Feb)
    assert wave_at(merged, zone, utc(11, 6)) == 2.5
    # 12 Feb 00-12 UTC: only the station issue covers it
    assert wave_at(merged, zone, utc(12, 6)) == 1.25
    assert next(s for s in merged if s.zone == zone and s.from_ == utc(12, 0)).issued == utc(12, 0)
    # 13 Feb 00-12 UTC: the digital issue (newer) says Sedang where the station said Tenang
    assert wave_at(merged, zone, utc(13, 6)) == 2.5
    # other zones untouched
    assert [s for s in merged if s.zone == "laut-jawa-barat"] == [
        s for s in DATA.forecast if s.zone == "laut-jawa-barat"
    ]


def test_the_order_of_the_files_does_not_matter() -> None:
    one = merge_forecast(DATA.forecast, [STATION, DIGITAL, BAY], ZONE_ORDER)
    two = merge_forecast(DATA.forecast, [DIGITAL, BAY, STATION], ZONE_ORDER)
    assert one == two


def test_importing_again_changes_nothing() -> None:
    first = merge_forecast(DATA.forecast, [STATION, DIGITAL], ZONE_ORDER)
    again = merge_forecast(first.forecast, [STATION, DIGITAL], ZONE_ORDER)
    assert again.forecast == first.forecast
    assert all(m.original is not None and not m.cut for m in again.slots)
    assert [c.added for c in again.changes] == [0, 0, 0]


def test_an_older_issue_after_a_newer_one_fills_only_what_is_free() -> None:
    newer = merge_forecast(DATA.forecast, [DIGITAL], ZONE_ORDER)
    both = merge_forecast(newer.forecast, [STATION], ZONE_ORDER)
    assert both.forecast == merge_forecast(DATA.forecast, [STATION, DIGITAL], ZONE_ORDER).forecast
    [change] = [c for c in both.changes if c.zone == "kepulauan-seribu"]
    assert change.superseded == 5  # the station's slots from 12 Feb 12:00 UTC lie under newer ones
    assert change.added == 1


def test_the_cut_slot_keeps_its_value_and_where_it_came_from() -> None:
    merge = merge_forecast(DATA.forecast, [BAY], ZONE_ORDER)
    [cut] = [m for m in merge.slots if m.cut]
    original = DATA.forecast[cut.original or 0]
    assert cut.slot.zone == "teluk-jakarta"
    assert (cut.slot.from_, cut.slot.to) == (original.from_, utc(12, 0))
    assert cut.slot.category == original.category
    [change] = [c for c in merge.changes if c.zone == "teluk-jakarta"]
    assert (change.added, change.replaced, change.cut) == (6, 5, 1)


def test_zones_come_in_the_given_order_each_in_time_order() -> None:
    merged = merge_forecast(DATA.forecast, [DIGITAL, BAY], ZONE_ORDER).forecast
    zones = [s.zone for s in merged]
    assert zones == sorted(zones, key=ZONE_ORDER.index)
    for zone in ZONE_ORDER:
        times = [(s.from_, s.to) for s in merged if s.zone == zone]
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(times))


def test_two_files_of_one_issue_may_not_overlap() -> None:
    copy = read_forecast(FORECAST / "broken" / "same_issue_as_station_F.08.json", DATA.zones)
    with pytest.raises(InputError) as caught:
        merge_forecast(DATA.forecast, [STATION, copy], ZONE_ORDER)
    problems = caught.value.problems
    assert len(problems) == 6
    first = problems[0]
    assert first.file.endswith("same_issue_as_station_F.08.json")
    assert first.field == "data[0]" and first.line is not None
    assert "bmkg-station-F.08-2024021200.json" in first.message
    assert "a forecast of the same issue (2024-02-12 00:00 UTC)" in first.message


def test_a_second_copy_of_one_file_is_named_as_such(tmp_path: Path) -> None:
    source = FORECAST / "bmkg-station-F.08-2024021200.json"
    twin = tmp_path / "copy.json"
    twin.write_bytes(source.read_bytes())
    with pytest.raises(InputError, match="the same content"):
        merge_forecast(DATA.forecast, [STATION, read_forecast(twin, DATA.zones)], ZONE_ORDER)


def _issue(zone: str, issued: datetime, slots: list[tuple[int, int, float]]) -> ImportedForecast:
    made = tuple(
        ForecastSlot(
            zone=zone,
            from_=issued + timedelta(hours=a),
            to=issued + timedelta(hours=b),
            wave_m=w,
            issued=issued,
            digest="sha256:" + f"{issued.hour:02d}" * 32,
        )
        for a, b, w in slots
    )
    return ImportedForecast(
        f"{issued:%H}.json",
        "BMKG",
        "digital",
        zone,
        zone,
        issued,
        made[0].digest or "",
        made,
        tuple(("data", k) for k in range(len(made))),
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 48),  # issue hour
            st.lists(
                st.tuples(
                    st.integers(0, 60), st.integers(1, 24), st.sampled_from([0.5, 1.25, 2.5])
                ),
                min_size=1,
                max_size=4,
            ),
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda issue: issue[0],
    )
)
def test_every_moment_takes_the_newest_issue_covering_it(
    issues: list[tuple[int, list[tuple[int, int, float]]]],
) -> None:
    """Property: the merged forecast agrees, hour by hour, with the newest covering issue."""
    base = utc(9, 0)
    imports = []
    for hour, pieces in issues:
        spans: list[tuple[int, int, float]] = []
        cursor = 0
        for start, length, wave in pieces:  # non-overlapping pieces within one file
            a = max(cursor, start)
            spans.append((a, a + length, wave))
            cursor = a + length
        imports.append(_issue("teluk-jakarta", base + timedelta(hours=hour), spans))
    merged = merge_forecast(DATA.forecast, imports, ZONE_ORDER).forecast
    for h in range(0, 24 * 8):
        moment = base + timedelta(hours=h, minutes=30)
        covering = [
            (i.issued, s.wave_height_m)
            for i in imports
            for s in i.slots
            if s.from_ <= moment < s.to
        ]
        hand_written = wave_at(DATA.forecast, "teluk-jakarta", moment)
        expected = max(covering)[1] if covering else hand_written
        assert wave_at(merged, "teluk-jakarta", moment) == expected
