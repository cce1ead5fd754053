"""Tests of ``risk.buffer``: plans with a minimum slack, and plans bought to a target P."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.builders import at, good_plan, tiny_data, with_stop

from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import DataSet
from seribu_planner.outputs.summary import deliveries, summarize
from seribu_planner.plan import Plan
from seribu_planner.risk.buffer import (
    PlanBug,
    checked,
    min_slack_plan,
    target_plan,
    with_slack,
)
from seribu_planner.risk.engines import Engine
from seribu_planner.risk.measure import RiskReport, measure
from seribu_planner.solver import SolveParams, solve


def plan_it(data: DataSet) -> Plan:
    return solve(data, SolveParams())


@pytest.fixture(scope="module")
def bundled() -> DataSet:
    return load_dataset(bundled_data_dir())


def test_with_slack_moves_deadlines_earlier_but_not_to_the_start() -> None:
    data = tiny_data()
    tight = with_slack(data, timedelta(hours=24))
    by_id = tight.tps_by_id
    assert tight.tps_deadline(by_id["pramuka-001"]) == at(12, 18)
    # 9 Feb 13:00 - 24 h is before the start: a minute after the start instead
    assert tight.tps_deadline(by_id["pramuka-002"]) == at(9, 6, 1)
    assert tight.campaign == data.campaign
    only_one = with_slack(data, {"pramuka-001": timedelta(hours=2)})
    assert only_one.tps_deadline(only_one.tps_by_id["pramuka-001"]) == at(13, 16)
    assert only_one.tps_deadline(only_one.tps_by_id["pramuka-003"]) == at(13, 18)


def test_min_slack_plans_every_tps_that_long_before_its_deadline(bundled: DataSet) -> None:
    plan = min_slack_plan(bundled, timedelta(hours=36), plan_it)
    assert plan.unserved == ()
    assert min(d.slack for d in deliveries(bundled, plan)) >= timedelta(hours=36)
    assert plan.data_digest == bundled.digest
    plain = plan_it(bundled)
    assert summarize(bundled, plan).cost >= summarize(bundled, plain).cost


def test_a_tps_that_cannot_get_the_slack_says_so_in_its_reason(bundled: DataSet) -> None:
    plan = min_slack_plan(bundled, timedelta(hours=100), plan_it)
    assert plan.unserved
    for u in plan.unserved:
        assert "planned with at least 100 h of slack" in u.detail
    served = deliveries(bundled, plan)
    assert all(d.slack >= timedelta(hours=100) for d in served)


def test_a_plan_that_fails_the_verifier_against_the_real_data_is_a_bug() -> None:
    data = tiny_data()
    broken = with_stop(good_plan(), "kayu-1", 1, 1, arrive=at(9, 12))  # too fast
    with pytest.raises(PlanBug) as caught:
        checked(data, broken)
    assert caught.value.violations


def test_target_buys_buffer_until_the_target_is_reached(bundled: DataSet) -> None:
    engine = Engine(workers=2)

    def risk_of(plan: Plan) -> RiskReport:
        return measure(bundled, plan, 400, 0, engine)

    search = target_plan(bundled, 0.9, plan_it, risk_of)
    assert search.plain_report.p_all_on_time < 0.9
    assert search.reached
    assert search.report.p_all_on_time >= 0.9
    assert search.rounds >= 1
    assert search.plan.unserved == ()
    assert checked(bundled, search.plan) == search.plan  # verified against the real data
    plain_cost = summarize(bundled, search.plain).cost
    assert summarize(bundled, search.plan).cost > plain_cost  # buffer is not free
    # every TPS at risk in the plain plan got a buffer
    at_risk = {t.tps for t in search.plain_report.tps if t.p_on_time < 1}
    assert min(search.buffers[t] for t in at_risk) > timedelta(0)


def test_a_target_already_met_keeps_the_plain_plan(bundled: DataSet) -> None:
    engine = Engine(workers=1)
    search = target_plan(bundled, 0.0, plan_it, lambda plan: measure(bundled, plan, 50, 0, engine))
    assert search.rounds == 0
    assert search.plan == search.plain
