"""Sailing windows: forecast, daylight, availability and gaps."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from seribu_planner.derive.weather import (
    Clock,
    daylight_intervals,
    earliest_departure,
    forecast_gaps,
    intersect,
    merge,
    sailing_windows,
)
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import (
    Boat,
    Campaign,
    DataSet,
    Daylight,
    ForecastSlot,
    Island,
    KitItem,
    Period,
    Port,
    Tps,
    Zone,
)

WIB = ZoneInfo("Asia/Jakarta")
START = datetime(2024, 2, 9, 6, tzinfo=WIB)
H = 60  # minutes


def _data(slots: list[tuple[int, int, str]], boat: Boat) -> DataSet:
    """Two days from Fri 06:00; slots as (hour from midnight Fri, hours, category)."""
    midnight = START.replace(hour=0)
    return DataSet(
        campaign=Campaign(
            name="w",
            start=START,
            deadline=START + timedelta(hours=30),
            end=START + timedelta(hours=36),
            daylight=Daylight(from_=time(6), to=time(18)),
            route_factor=1.0,
            per_tps_minutes=0,
            kit=[KitItem(item="kotak", per_tps=1, kg=1, m3=0.1)],
        ),
        ports=(Port(id="p", name="P", lat=-6, lon=106, zone="z", load_minutes=0),),
        islands=(Island(id="i", name="I", lat=-5.9, lon=106, zone="z", unload_minutes=0),),
        distances=(),
        tps=(Tps(id="t", island="i", number=1, voters=10),),
        boats=(boat,),
        zones=(Zone(id="z", name="Z"),),
        forecast=tuple(
            ForecastSlot(
                zone="z",
                from_=midnight + timedelta(hours=h),
                to=midnight + timedelta(hours=h + n),
                category=cat,
            )
            for h, n, cat in slots
        ),
    )


def _boat(**changes: object) -> Boat:
    fields: dict[str, object] = {
        "id": "b",
        "name": "B",
        "home": "p",
        "speed_knots": 10,
        "capacity_kg": 1000,
        "capacity_m3": 10,
        "max_wave_m": 1.25,
        "draft_m": 1,
        "night_sailing": False,
        "cost_per_hour": 0,
    }
    fields.update(changes)
    return Boat.model_validate(fields)


def test_daylight_cuts_windows_for_boats_without_night_sailing() -> None:
    data = _data([(0, 48, "Rendah")], _boat())
    # Fri 06:00-18:00 is minutes 0-720; Sat 06:00-18:00 is 1440-2160 (horizon ends 2160).
    assert sailing_windows(data, data.boats[0])["z"] == [(0, 12 * H), (24 * H, 36 * H)]
    assert daylight_intervals(data) == [(0, 12 * H), (24 * H, 36 * H)]


def test_night_sailing_boat_sails_through_the_night() -> None:
    data = _data([(0, 48, "Rendah")], _boat(night_sailing=True))
    assert sailing_windows(data, data.boats[0])["z"] == [(0, 36 * H)]


def test_rough_slot_closes_small_boats_only() -> None:
    slots = [(0, 12, "Rendah"), (12, 12, "Sedang"), (24, 24, "Tenang")]
    small = _data(slots, _boat())
    big = _data(slots, _boat(max_wave_m=2.5))
    # The small boat loses Fri 12:00-18:00; the 2.5 m boat keeps it.
    assert sailing_windows(small, small.boats[0])["z"] == [(0, 6 * H), (24 * H, 36 * H)]
    assert sailing_windows(big, big.boats[0])["z"] == [(0, 12 * H), (24 * H, 36 * H)]


def test_wave_at_the_limit_is_sailable() -> None:
    data = _data([(0, 48, "Rendah")], _boat(max_wave_m=1.25))
    assert sailing_windows(data, data.boats[0])["z"] == [(0, 12 * H), (24 * H, 36 * H)]
    below = _data([(0, 48, "Rendah")], _boat(max_wave_m=1.2))
    assert sailing_windows(below, below.boats[0]).get("z", []) == []


def test_forecast_gap_is_closed_and_reported() -> None:
    data = _data([(0, 12, "Rendah"), (18, 30, "Rendah")], _boat())
    assert sailing_windows(data, data.boats[0])["z"] == [(0, 6 * H), (24 * H, 36 * H)]
    assert forecast_gaps(data)["z"] == [(6 * H, 12 * H)]


def test_availability_limits_windows() -> None:
    boat = _boat(
        available=[Period(from_=START + timedelta(hours=2), to=START + timedelta(hours=26))]
    )
    data = _data([(0, 48, "Rendah")], boat)
    assert sailing_windows(data, boat)["z"] == [(2 * H, 12 * H), (24 * H, 26 * H)]


def test_whole_bundled_horizon_is_covered() -> None:
    data = load_dataset(bundled_data_dir())
    assert all(gaps == [] for gaps in forecast_gaps(data).values())
    kayu = data.boats_by_id["kayu-1"]
    windows = sailing_windows(data, kayu)
    clock = Clock(data.campaign.start)
    # The Sedang surge (10 Feb 12:00 to 12 Feb 00:00) closes the 1.25 m boats.
    surge = clock.minute_ceil(datetime(2024, 2, 10, 12, tzinfo=WIB))
    assert not any(s <= surge < e for s, e in windows["kepulauan-seribu"])


def test_interval_helpers() -> None:
    assert merge([(5, 8), (0, 3), (3, 4), (7, 10)]) == [(0, 4), (5, 10)]
    assert intersect([(0, 10), (20, 30)], [(5, 25)]) == [(5, 10), (20, 25)]
    assert earliest_departure([(0, 10), (20, 40)], ready=5, duration=6) == 20
    assert earliest_departure([(0, 10), (20, 40)], ready=5, duration=5) == 5
    assert earliest_departure([(0, 10)], ready=0, duration=11) is None


def test_clock_rounds_inward() -> None:
    clock = Clock(START)
    moment = START + timedelta(seconds=90)
    assert clock.minute_floor(moment) == 1
    assert clock.minute_ceil(moment) == 2
    assert clock.at(60) == START + timedelta(hours=1)
