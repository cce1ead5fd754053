"""Tests of ``outputs.risk_report`` and ``outputs.risk_file``: what people and machines read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console, RenderableType
from tests.builders import good_plan, tiny_data, with_fields

from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import DataSet, Uncertainty
from seribu_planner.outputs.export import read_plan
from seribu_planner.outputs.i18n import set_language
from seribu_planner.outputs.risk_file import RISK_FORMAT, risk_to_json
from seribu_planner.outputs.risk_report import (
    PlanFigures,
    at_risk_view,
    buffer_view,
    risk_view,
)
from seribu_planner.plan import Plan
from seribu_planner.risk.engines import Engine
from seribu_planner.risk.hindsight import Hindsight
from seribu_planner.risk.measure import RiskReport, measure

ROOT = Path(__file__).resolve().parents[1]


def render(renderable: RenderableType) -> str:
    console = Console(width=100, no_color=True, highlight=False, markup=False, record=True)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


@pytest.fixture(autouse=True)
def english() -> object:
    set_language("en")
    yield
    set_language("id")


@pytest.fixture(scope="module")
def bundled() -> DataSet:
    return load_dataset(bundled_data_dir())


@pytest.fixture(scope="module")
def example_plan() -> Plan:
    return read_plan(ROOT / "tests" / "data" / "plans" / "bundled-approved.json")


@pytest.fixture(scope="module")
def report(bundled: DataSet, example_plan: Plan) -> RiskReport:
    return measure(bundled, example_plan, 200, 0, Engine(workers=1))


# --------------------------------------------------------------------------- at risk


def test_at_risk_lists_the_tightest_calls_first_with_their_level(
    bundled: DataSet, example_plan: Plan
) -> None:
    text = render(at_risk_view(bundled, example_plan))
    lines = text.splitlines()
    kelapa = next(n for n, line in enumerate(lines) if "kelapa-001..018" in line)
    sebira = next(n for n, line in enumerate(lines) if "sebira-006" in line)
    assert kelapa < sebira
    assert "03:30 tight" in lines[kelapa]
    assert "watch" in lines[sebira]
    assert "deadline Tue 13 Feb 18:00 WIB" in text
    assert max(len(line) for line in lines) <= 100


def test_at_risk_shows_at_least_three_calls_when_none_is_tight() -> None:
    data, plan = tiny_data(), good_plan()
    text = render(at_risk_view(data, plan))
    rows = [line for line in text.splitlines() if " ok " in line or "tight" in line]
    assert len(rows) >= 3
    assert "pramuka-002" in text  # 0 slack: exactly at its deadline
    assert "00:00 tight" in text


# --------------------------------------------------------------------------- the report


def test_risk_view_reads_as_a_report(bundled: DataSet, report: RiskReport) -> None:
    hindsight = Hindsight(200, 190, 0.95, (0.91, 0.97), 6.0e7, 5.9e7)
    text = render(
        risk_view(
            bundled, report, plan_source="plan.json", plan_cost=57_788_333, hindsight=hindsight
        )
    )
    assert text.splitlines()[0].startswith("data: ")
    for part in (
        "P(all TPS on time)",
        "Wilson",
        "Per kelurahan",
        "Pulau Kelapa",
        "TPS at risk",
        "kelapa-001..018",
        "Legs that cause most lateness",
        "pesona-alam",
        "95.0 % of 200 scenarios",
        "Rp 57,788,333",
    ):
        assert part in text, part
    assert max(len(line) for line in text.splitlines()) <= 100


def test_buffer_view_shows_premium_and_both_probabilities() -> None:
    rows = [
        PlanFigures("plain", 100_000_000, 0.55, (0.52, 0.58), 88),
        PlanFigures("target 0.95", 119_300_000, 0.982, (0.972, 0.989), 88),
    ]
    text = render(buffer_view(rows, scenarios=1000, seed=0))
    assert "Rp 19,300,000 (19.3 %)" in text
    assert "55.0 %" in text and "98.2 %" in text


# --------------------------------------------------------------------------- JSON


def test_json_has_the_contract_keys_and_iso_times(bundled: DataSet, report: RiskReport) -> None:
    document = json.loads(risk_to_json(bundled, report, plan_cost=57_788_333.3))
    assert list(document)[:6] == [
        "format",
        "scenarios",
        "seed",
        "p_all_on_time",
        "ci95",
        "ci_method",
    ]
    assert document["format"] == RISK_FORMAT
    assert document["scenarios"] == 200 and document["seed"] == 0
    assert document["ci95"][0] <= document["p_all_on_time"] <= document["ci95"][1]
    assert document["plan_cost"] == 57_788_333
    row = next(t for t in document["tps"] if t["tps"] == "kelapa-001")
    assert set(row) >= {"tps", "p_on_time", "p50_arrival", "p90_arrival"}
    assert row["p50_arrival"].endswith("+07:00")
    assert row["p90_arrival"] is None  # more than a tenth of the scenarios never deliver it
    assert document["legs"][0]["boat"] == "pesona-alam"
    assert "hindsight" not in document


def test_json_is_deterministic_and_shows_hindsight_when_asked(
    bundled: DataSet, report: RiskReport
) -> None:
    hindsight = Hindsight(3, 2, 2 / 3, (0.2, 0.94), 6.01e7, 6.0e7)
    first = risk_to_json(bundled, report, hindsight)
    assert first == risk_to_json(bundled, report, hindsight)
    block = json.loads(first)["hindsight"]
    assert block == {
        "scenarios": 3,
        "p_all_served_on_time": 0.666667,
        "ci95": [0.2, 0.94],
        "cost_mean": 60_100_000,
        "cost_median": 60_000_000,
    }


def test_json_of_a_certain_plan(bundled: DataSet, example_plan: Plan) -> None:
    calm = with_fields(bundled, uncertainty=Uncertainty(spread_now=0, spread_per_day=0))
    document = json.loads(risk_to_json(calm, measure(calm, example_plan, 20, 0, Engine())))
    assert document["p_all_on_time"] == 1.0
    assert document["legs"] == []
    assert all(
        t["p50_arrival"] == t["p90_arrival"] == t["planned_arrival"] for t in document["tps"]
    )
