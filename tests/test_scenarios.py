"""Tests of ``risk.scenarios``: category shifts, spread with lead time, persistence, zones."""

from __future__ import annotations

import shutil
import statistics
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from tests.builders import tiny_data, with_fields

from seribu_planner.errors import InputError
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import DataSet, Uncertainty, ZoneFollow
from seribu_planner.risk.scenarios import (
    CATEGORY_TOPS,
    ScenarioSampler,
    category_index,
    scenario_forecast,
    shifted_height,
    spread_at,
)


@pytest.fixture(scope="module")
def bundled() -> DataSet:
    return load_dataset(bundled_data_dir())


def with_uncertainty(data: DataSet, **fields: object) -> DataSet:
    return with_fields(data, uncertainty=Uncertainty.model_validate(fields))


# --------------------------------------------------------------------------- heights


@pytest.mark.parametrize(
    ("height", "shift", "expected"),
    [
        (1.25, 1, 2.5),  # Rendah + 1 = Sedang, the top of its range
        (1.25, -1, 0.5),  # Rendah - 1 = Tenang
        (1.25, 0, 1.25),
        (0.8, 0, 0.8),  # a wave_m slot keeps its height when not shifted
        (0.8, 1, 2.5),  # 0.8 m is Rendah; one up is Sedang
        (0.8, -1, 0.5),
        (0.3, -1, 0.3),  # already calmer than the Tenang top: never raised by a calm shift
        (0.5, -3, 0.5),  # clamped at Tenang
        (4.0, 5, 9.0),  # clamped at Ekstrem
        (12.0, 1, 12.0),  # beyond Ekstrem: a rough shift never lowers it
        (12.0, -1, 9.0),
    ],
)
def test_shifted_height(height: float, shift: int, expected: float) -> None:
    assert shifted_height(height, shift) == expected


def test_category_index_takes_the_top_of_each_range() -> None:
    assert [category_index(top) for top in CATEGORY_TOPS] == list(range(len(CATEGORY_TOPS)))
    assert category_index(0.51) == 1
    assert category_index(0.0) == 0


heights = st.floats(0, 15, allow_nan=False)
shifts = st.integers(-4, 4)


@given(heights, heights, shifts, shifts)
def test_shifted_height_is_monotone_in_height_and_shift(
    h1: float, h2: float, s1: int, s2: int
) -> None:
    low, high = sorted((h1, h2))
    lo_s, hi_s = sorted((s1, s2))
    assert shifted_height(low, lo_s) <= shifted_height(high, lo_s)
    assert shifted_height(low, lo_s) <= shifted_height(low, hi_s)
    assert shifted_height(low, s1) >= low if s1 >= 0 else shifted_height(low, s1) <= low


def test_spread_grows_with_lead_time_up_to_its_cap() -> None:
    params = Uncertainty(spread_now=0.3, spread_per_day=0.2, spread_max=0.7)
    assert spread_at(params, 0) == 0.3
    assert spread_at(params, -5) == 0.3
    assert spread_at(params, 24) == pytest.approx(0.5)
    assert spread_at(params, 24 * 10) == 0.7


# --------------------------------------------------------------------------- sampling


@pytest.mark.parametrize("seed", [0, 7])
def test_zero_uncertainty_gives_the_forecast_exactly(bundled: DataSet, seed: int) -> None:
    calm = with_uncertainty(bundled, spread_now=0, spread_per_day=0)
    sampler = ScenarioSampler(calm)
    for index in range(5):
        assert sampler.heights(seed, index) == [s.wave_height_m for s in calm.forecast]
        assert scenario_forecast(calm, sampler.heights(seed, index)) == calm.forecast


def test_a_scenario_depends_only_on_seed_and_index(bundled: DataSet) -> None:
    sampler = ScenarioSampler(bundled)
    again = ScenarioSampler(bundled)
    assert sampler.heights(3, 17) == again.heights(3, 17)
    # in any order
    later = [sampler.heights(3, i) for i in (20, 19, 18, 17)]
    assert later[-1] == again.heights(3, 17)
    assert sampler.shifts(3, 17) != sampler.shifts(3, 18)
    assert sampler.shifts(3, 17) != sampler.shifts(4, 17)


def _shift_samples(data: DataSet, count: int) -> list[list[int]]:
    sampler = ScenarioSampler(data)
    return [sampler.shifts(0, i) for i in range(count)]


def test_far_slots_are_more_uncertain_than_near_ones(bundled: DataSet) -> None:
    data = with_uncertainty(bundled, spread_now=0.3, spread_per_day=0.2, spread_max=0.7)
    samples = _shift_samples(data, 2000)
    slots = list(data.forecast)
    first = min(range(len(slots)), key=lambda n: slots[n].from_)
    last = max(range(len(slots)), key=lambda n: slots[n].from_)
    moved_first = statistics.fmean(s[first] != 0 for s in samples)
    moved_last = statistics.fmean(s[last] != 0 for s in samples)
    # spread 0.3: P(|0.3 x| >= 0.5) = 9.6 %; spread 0.7: P(|0.7 x| >= 0.5) = 47.5 %
    assert moved_first == pytest.approx(0.096, abs=0.03)
    assert moved_last == pytest.approx(0.475, abs=0.04)


def test_shifts_persist_from_slot_to_slot(bundled: DataSet) -> None:
    persistent = with_uncertainty(bundled, spread_now=0.7, spread_max=0.7, persistence_hours=48)
    fleeting = with_uncertainty(bundled, spread_now=0.7, spread_max=0.7, persistence_hours=1)
    zone_slots = sorted(
        (s.from_, n) for n, s in enumerate(bundled.forecast) if s.zone == "kepulauan-seribu"
    )
    a, b = zone_slots[4][1], zone_slots[5][1]  # consecutive 12 h slots

    def correlation(data: DataSet) -> float:
        samples = _shift_samples(data, 1500)
        return statistics.correlation([s[a] for s in samples], [s[b] for s in samples])

    assert correlation(persistent) > 0.5
    assert abs(correlation(fleeting)) < 0.1


def test_a_follower_zone_moves_with_its_leader(bundled: DataSet) -> None:
    data = with_uncertainty(
        bundled,
        spread_now=0.7,
        spread_max=0.7,
        zone_correlation=0.0,
        follows=[{"zone": "laut-jawa-barat", "leader": "kepulauan-seribu", "correlation": 1.0}],
    )
    slots = list(data.forecast)
    pairs = [
        (n, m)
        for n, s in enumerate(slots)
        for m, t in enumerate(slots)
        if s.zone == "kepulauan-seribu" and t.zone == "laut-jawa-barat" and s.from_ == t.from_
    ]
    bay = [n for n, s in enumerate(slots) if s.zone == "teluk-jakarta"]
    assert pairs
    samples = _shift_samples(data, 300)
    for shifts in samples:
        assert all(shifts[n] == shifts[m] for n, m in pairs)
    # the bay is independent of the islands with zone_correlation 0
    islands = [shifts[pairs[4][0]] for shifts in samples]
    bay_shift = [shifts[bay[4]] for shifts in samples]
    assert abs(statistics.correlation(islands, bay_shift)) < 0.2


def test_zone_correlation_one_moves_every_zone_together(bundled: DataSet) -> None:
    data = with_uncertainty(bundled, spread_now=0.6, spread_max=0.6, zone_correlation=1.0)
    slots = list(data.forecast)
    for shifts in _shift_samples(data, 100):
        by_time: dict[object, set[int]] = {}
        for n, slot in enumerate(slots):
            by_time.setdefault(slot.from_, set()).add(shifts[n])
        assert all(len(values) == 1 for values in by_time.values())


def test_moved_slots_are_written_as_categories_where_they_land_on_one() -> None:
    data = tiny_data()
    heights = [s.wave_height_m for s in data.forecast]
    heights[0] = 2.5  # teluk-jakarta 0.8 m -> Sedang
    heights[1] = 1.0  # Rendah -> an odd height
    slots = scenario_forecast(data, heights)
    assert slots[0].category == "Sedang" and slots[0].wave_m is None
    assert slots[1].wave_m == 1.0 and slots[1].category is None
    assert slots[2:] == data.forecast[2:]


# --------------------------------------------------------------------------- the data block


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), target)
    return target


def _set_uncertainty(folder: Path, block: object) -> None:
    path = folder / "weather.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["uncertainty"] = block
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


def test_the_bundled_data_carries_the_estimated_block(bundled: DataSet) -> None:
    block = bundled.uncertainty
    assert block is not None
    assert block.follows == [ZoneFollow(zone="laut-jawa-barat", leader="kepulauan-seribu")]
    assert block.source is not None and "estimate" in block.source


def test_without_the_block_the_defaults_apply(data_copy: Path) -> None:
    path = data_copy / "weather.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    del document["uncertainty"]
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    data = load_dataset(data_copy)
    assert data.uncertainty is None
    assert ScenarioSampler(data).params == Uncertainty()


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ({"follows": [{"zone": "laut-jawa", "leader": "kepulauan-seribu"}]}, "unknown zone"),
        (
            {
                "follows": [
                    {"zone": "laut-jawa-barat", "leader": "kepulauan-seribu"},
                    {"zone": "kepulauan-seribu", "leader": "laut-jawa-barat"},
                ]
            },
            "ring",
        ),
        ({"spread_now": -1}, "at least 0"),
        ({"persistence_hours": 0}, "greater than 0"),
        ({"spread": 1}, "unknown key"),
    ],
)
def test_a_bad_block_is_a_located_error(data_copy: Path, block: object, expected: str) -> None:
    _set_uncertainty(data_copy, block)
    with pytest.raises(InputError) as caught:
        load_dataset(data_copy)
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "weather.yaml" in text
    assert "uncertainty" in text
    assert expected in text


def test_a_slot_issued_earlier_is_more_uncertain(bundled: DataSet) -> None:
    params = {"spread_now": 0.2, "spread_per_day": 0.1, "spread_max": 2.0}
    data = with_uncertainty(bundled, **params)
    first = data.forecast[0]
    early = first.model_copy(update={"issued": first.from_ - timedelta(days=3)})
    moved = with_fields(data, forecast=(early, *data.forecast[1:]))
    assert ScenarioSampler(data).slots[0].spread == pytest.approx(0.2)
    assert ScenarioSampler(moved).slots[0].spread == pytest.approx(0.2 + 0.1 * 3.25)
