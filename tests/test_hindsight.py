"""Tests of ``risk.hindsight``: re-planning each scenario with its sea known."""

from __future__ import annotations

import pytest
from tests.builders import tiny_data, with_fields

from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import DataSet, Uncertainty
from seribu_planner.outputs.summary import summarize
from seribu_planner.risk.engines import Engine, run
from seribu_planner.risk.hindsight import (
    HindsightJob,
    HindsightResult,
    hindsight,
    summarize_hindsight,
)
from seribu_planner.solver import SolveParams, solve


@pytest.fixture(scope="module")
def bundled() -> DataSet:
    return load_dataset(bundled_data_dir())


def test_with_zero_uncertainty_hindsight_is_the_plan_itself(bundled: DataSet) -> None:
    calm = with_fields(bundled, uncertainty=Uncertainty(spread_now=0, spread_per_day=0))
    result = hindsight(calm, 1, 0, Engine(workers=1), time_limit_s=600)
    cost = summarize(calm, solve(calm, SolveParams())).cost
    assert result.p_all_served == 1.0
    assert result.cost_mean == result.cost_median == pytest.approx(cost)


def test_hindsight_is_the_same_on_any_number_of_workers() -> None:
    rough = with_fields(tiny_data(), uncertainty=Uncertainty(spread_now=1.0, spread_max=2.0))
    job = HindsightJob(rough, 9, 600)
    one = job.run(0, 8)
    assert run(job, 8, Engine(workers=2)) == one
    assert len({r.served for r in one}) > 1  # the scenarios differ
    assert hindsight(rough, 8, 9, Engine(workers=2), 600) == summarize_hindsight(one)


def test_summary_counts_only_plans_that_serve_every_tps() -> None:
    results = [
        HindsightResult(served_all=True, served=88, cost=100.0),
        HindsightResult(served_all=False, served=80, cost=10.0),
        HindsightResult(served_all=True, served=88, cost=300.0),
        HindsightResult(served_all=True, served=88, cost=200.0),
    ]
    h = summarize_hindsight(results)
    assert (h.scenarios, h.served_all, h.p_all_served) == (4, 3, 0.75)
    assert (h.cost_mean, h.cost_median) == (200.0, 200.0)
    none = summarize_hindsight(results[1:2])
    assert none.cost_mean is None and none.p_all_served == 0.0
