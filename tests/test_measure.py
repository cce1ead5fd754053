"""Tests of ``risk.measure``: the interval, percentiles, and the figures of a set of replays."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.builders import good_plan, tiny_data, with_fields

from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import DataSet, Uncertainty
from seribu_planner.outputs.export import read_plan
from seribu_planner.plan import Plan
from seribu_planner.risk.engines import Engine
from seribu_planner.risk.measure import measure, nearest_rank, wilson
from seribu_planner.risk.replay import NEVER, Replayer

ROOT = Path(__file__).resolve().parents[1]
ONE = Engine(workers=1)


@pytest.fixture(scope="module")
def bundled() -> DataSet:
    return load_dataset(bundled_data_dir())


@pytest.fixture(scope="module")
def example_plan() -> Plan:
    return read_plan(ROOT / "tests" / "data" / "plans" / "bundled-approved.json")


@pytest.mark.parametrize(
    ("k", "n", "lo", "hi"),
    [
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (5, 10, 0.2366, 0.7634),
        (950, 1000, 0.9347, 0.9619),
    ],
)
def test_wilson_interval_known_values(k: int, n: int, lo: float, hi: float) -> None:
    # expected: the roots of (p - k/n)^2 = z^2 p (1 - p) / n, solved separately
    got = wilson(k, n)
    assert got == pytest.approx((lo, hi), abs=5e-5)


def test_nearest_rank_puts_never_last_and_reports_it_as_none() -> None:
    assert nearest_rank([30, 10, 20, 40], 0.5) == 20
    assert nearest_rank([30, 10, 20, 40], 0.9) == 40
    assert nearest_rank([10, NEVER, 20, NEVER], 0.5) == 20
    assert nearest_rank([10, NEVER, 20, NEVER], 0.9) is None
    assert nearest_rank(list(range(1, 11)), 0.9) == 9
    assert nearest_rank([], 0.5) is None


def test_zero_uncertainty_gives_the_deterministic_answer(
    bundled: DataSet, example_plan: Plan
) -> None:
    calm = with_fields(bundled, uncertainty=Uncertainty(spread_now=0, spread_per_day=0))
    report = measure(calm, example_plan, 50, 3, ONE)
    assert report.p_all_on_time == 1.0
    assert report.legs == ()
    planned = Replayer(calm, example_plan).planned_arrivals
    for row, arrival in zip(report.tps, planned, strict=True):
        assert row.p_on_time == 1.0
        assert row.p50 == row.p90 == row.planned
        assert row.planned is not None and row.planned == Replayer(calm, example_plan).at(arrival)
    assert all(k.p_all_on_time == 1.0 for k in report.kelurahan)


def test_the_bundled_plan_is_at_risk_where_the_issue_says(
    bundled: DataSet, example_plan: Plan
) -> None:
    report = measure(bundled, example_plan, 400, 0, ONE)
    assert 0.3 < report.p_all_on_time < 0.9
    lo, hi = report.ci95
    assert lo < report.p_all_on_time < hi
    by_tps = {t.tps: t for t in report.tps}
    # the deadline-day calls across the open sea are the fragile part
    assert by_tps["kelapa-001"].p_on_time < 0.9
    assert by_tps["untung-jawa-001"].p_on_time == 1.0
    worst = min(report.kelurahan, key=lambda k: k.p_all_on_time)
    assert worst.kelurahan == "Pulau Kelapa"
    assert report.legs[0].boat == "pesona-alam"
    assert sum(leg.share_of_lateness for leg in report.legs) == pytest.approx(1.0)
    assert report.p_all_on_time <= min(t.p_on_time for t in report.tps)


def test_a_tps_the_plan_leaves_unserved_is_never_on_time() -> None:
    data = with_fields(tiny_data(), uncertainty=Uncertainty(spread_now=0, spread_per_day=0))
    report = measure(data, good_plan(), 10, 0, ONE)
    assert report.unserved_by_plan == ("untung-jawa-002",)
    assert report.p_all_on_time == 0.0
    row = next(t for t in report.tps if t.tps == "untung-jawa-002")
    assert (row.p_on_time, row.p50, row.p90, row.planned) == (0.0, None, None, None)
