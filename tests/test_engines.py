"""Tests of ``risk.engines``: chunks, the local pool and Ray give the same answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from seribu_planner.errors import InputError
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import DataSet
from seribu_planner.outputs.export import read_plan
from seribu_planner.outputs.risk_file import risk_to_json
from seribu_planner.plan import Plan
from seribu_planner.risk import engines
from seribu_planner.risk.engines import Engine, chunks, run
from seribu_planner.risk.measure import ReplayJob, Tally, measure

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundled() -> DataSet:
    return load_dataset(bundled_data_dir())


@pytest.fixture(scope="module")
def example_plan() -> Plan:
    return read_plan(ROOT / "tests" / "data" / "plans" / "bundled-approved.json")


@pytest.mark.parametrize(("count", "workers"), [(0, 2), (1, 4), (10, 1), (1000, 2), (7, 3)])
def test_chunks_cover_every_scenario_once_in_order(count: int, workers: int) -> None:
    parts = chunks(count, workers)
    assert [i for part in parts for i in part] == list(range(count))
    if count >= workers * engines.CHUNKS_PER_WORKER:
        assert len(parts) >= workers  # every worker gets work


def _tally(job: ReplayJob, count: int, engine: Engine) -> Tally:
    total = Tally.empty(job.prepared()[0])
    for part in run(job, count, engine):
        total.merge(part)
    return total


def test_any_number_of_workers_gives_the_same_results(bundled: DataSet, example_plan: Plan) -> None:
    job = ReplayJob(bundled, example_plan, seed=5)
    one = _tally(job, 60, Engine(workers=1))
    assert _tally(job, 60, Engine(workers=2)) == one
    assert _tally(job, 60, Engine(workers=3)) == one
    # scenario 7 is scenario 7 wherever it runs
    replayer, sampler = job.prepared()
    alone = replayer.replay(sampler.heights(5, 7))
    assert [arrivals[7] for arrivals in one.arrivals] == list(alone.arrivals)


@pytest.mark.parametrize(
    ("engine", "expected"),
    [
        (Engine(kind="spark"), "unknown engine"),
        (Engine(workers=0), "at least 1"),
        (Engine(address="ray://head:10001"), "needs --engine ray"),
    ],
)
def test_bad_engine_settings_are_bad_input(engine: Engine, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        engine.check()
    assert expected in str(caught.value.problems[0])


def test_ray_without_the_extra_is_bad_input_with_a_tip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engines, "ray_available", lambda: False)
    with pytest.raises(InputError) as caught:
        Engine(kind="ray").check()
    assert caught.value.tip is not None
    assert "pip install 'seribu-planner[ray]'" in caught.value.tip


@pytest.fixture(scope="module")
def local_ray() -> object:
    ray = pytest.importorskip(
        "ray", reason="Ray is not installed: pip install 'seribu-planner[ray]' to run this test"
    )
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield ray
    ray.shutdown()


def test_ray_gives_byte_identical_json_to_the_local_pool(
    local_ray: object, bundled: DataSet, example_plan: Plan
) -> None:
    local = measure(bundled, example_plan, 300, 11, Engine(workers=2))
    on_ray = measure(bundled, example_plan, 300, 11, Engine(kind="ray", workers=2))
    assert risk_to_json(bundled, on_ray) == risk_to_json(bundled, local)
