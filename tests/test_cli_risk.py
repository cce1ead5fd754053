"""End-to-end tests of ``seribu-plan risk`` and of the buffer options of ``route``."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from seribu_planner import cli
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.outputs.export import read_plan
from seribu_planner.outputs.summary import deliveries
from seribu_planner.risk import engines
from seribu_planner.verify import verify

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "tests" / "data" / "plans" / "bundled-approved.json")
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    # English for people (the catalogs may translate these strings to Indonesian later)
    result = runner.invoke(cli.app, list(args), env={"COLUMNS": "100", "SERIBU_LANG": "en"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# --------------------------------------------------------------------------- risk


def test_risk_of_a_saved_plan_writes_the_report_and_json(tmp_path: Path) -> None:
    target = tmp_path / "risk.json"
    code, out, err = run("risk", "--plan", EXAMPLE, "--scenarios", "200", "--json", str(target))
    assert code == 0, err
    assert out.splitlines()[0].startswith("data: ")
    assert "P(all TPS on time)" in out and "Pulau Kelapa" in out
    assert f"wrote {target}" in err
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "seribu-risk/1"
    assert (document["scenarios"], document["seed"]) == (200, 0)
    assert len(document["tps"]) == 88


def test_same_seed_same_json_for_any_number_of_workers(tmp_path: Path) -> None:
    outputs = []
    for workers in ("1", "2"):
        target = tmp_path / f"w{workers}.json"
        args = ["--scenarios", "120", "--seed", "4", "--workers", workers, "--json", str(target)]
        assert run("risk", "--plan", EXAMPLE, *args)[0] == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    other = tmp_path / "seed5.json"
    assert (
        run("risk", "--plan", EXAMPLE, "--scenarios", "120", "--seed", "5", "--json", str(other))[0]
        == 0
    )
    assert other.read_bytes() != outputs[0]


def test_json_to_stdout_sends_the_report_to_stderr() -> None:
    code, out, err = run("risk", "--plan", EXAMPLE, "--scenarios", "30", "--json", "-")
    assert code == 0
    assert json.loads(out)["scenarios"] == 30
    assert "P(all TPS on time)" in err


def test_risk_without_a_plan_solves_first() -> None:
    code, out, _ = run("risk", "--scenarios", "40")
    assert code == 0
    assert "a new plan (solved now)" in out


def test_a_broken_plan_is_listed_and_not_measured(tmp_path: Path) -> None:
    document = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    stops = document["boats"][0]["trips"][0]["stops"]
    stops[1]["arrive"] = stops[0]["depart"]  # sails a leg in no time
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    target = tmp_path / "risk.json"
    code, _, err = run("risk", "--plan", str(broken), "--json", str(target))
    assert code == 1
    assert "leg_too_fast" in err and "Nothing was written" in err
    assert not target.exists()


def test_a_plan_for_other_places_is_bad_input(tmp_path: Path) -> None:
    document = json.loads(Path(EXAMPLE).read_text(encoding="utf-8"))
    document["boats"][0]["trips"][0]["stops"][1]["place"] = "atlantis"
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run("risk", "--plan", str(foreign))
    assert code == 2
    assert "atlantis" in err


def test_ray_engine_without_the_extra_is_bad_input(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(engines, "ray_available", lambda: False)
    target = tmp_path / "risk.json"
    code, out, err = run("risk", "--plan", EXAMPLE, "--engine", "ray", "--json", str(target))
    assert code == 2
    assert "pip install 'seribu-planner[ray]'" in err
    assert out == "" and not target.exists()


@pytest.mark.parametrize(
    "args",
    [["--scenarios", "0"], ["--workers", "0"], ["--engine", "spark"], ["--address", "x:1"]],
)
def test_bad_options_are_bad_input(args: list[str]) -> None:
    code, _, _ = run("risk", "--plan", EXAMPLE, *args)
    assert code == 2


def test_hindsight_adds_the_ceiling(tmp_path: Path) -> None:
    target = tmp_path / "risk.json"
    code, out, err = run(
        "risk", "--plan", EXAMPLE, "--scenarios", "2", "--hindsight", "--json", str(target)
    )
    assert code == 0, err
    assert "hindsight" in out
    block = json.loads(target.read_text(encoding="utf-8"))["hindsight"]
    assert block["scenarios"] == 2
    assert 0 <= block["p_all_served_on_time"] <= 1


# --------------------------------------------------------------------------- route


def test_route_shows_the_tps_at_risk() -> None:
    code, out, _ = run("route")
    assert code == 0
    assert "At risk: the TPS with the least slack" in out
    assert "tight" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_route_min_slack_plans_with_that_slack_and_the_plan_holds(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    code, out, err = run("route", "--min-slack", "36", "--json", str(target))
    assert code == 0, err
    data = load_dataset(bundled_data_dir())
    plan = read_plan(target)
    assert verify(data, plan) == []
    assert min(d.slack for d in deliveries(data, plan)) >= timedelta(hours=36)
    assert not re.search(r"\d tight", out.split("At risk")[1])
    assert run("check", "--plan", str(target))[0] == 0


def test_route_min_slack_beyond_reach_gives_reasons_with_the_slack(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    code, out, _ = run("route", "--data", str(data), "--min-slack", "110")
    assert code == 1
    assert "110 h of slack" in out


def test_route_target_prints_both_plans_side_by_side(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    code, out, err = run("route", "--quiet", "--target", "0.9", "--json", str(target))
    assert code == 0, err
    section = out.split("Buffer bought")[1]
    assert "plain" in section and "target 0.9" in section
    assert "premium" in section
    assert verify(load_dataset(bundled_data_dir()), read_plan(target)) == []


# --------------------------------------------------------------------------- signals


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_during_hindsight_stops_the_workers_at_once(tmp_path: Path) -> None:
    out = tmp_path / "risk.json"
    command = [sys.executable, "-m", "seribu_planner", "risk", "--plan", EXAMPLE]
    process = subprocess.Popen(
        [*command, "--hindsight", "--scenarios", "400", "--workers", "2", "--json", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    time.sleep(5.0)  # imports done; the workers are solving
    assert process.poll() is None, "the run ended before the signal: the test needs more work"
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    waited = time.monotonic() - sent
    assert process.returncode == 143
    assert waited < 3.0
    assert b"Traceback" not in err
    assert b"nothing was written" in err
    assert os.listdir(tmp_path) == []


def test_route_buffer_options_do_not_apply_to_a_saved_plan() -> None:
    code, _, err = run("route", "--plan", EXAMPLE, "--min-slack", "12")
    assert code == 2
    assert "--min-slack and --target make a new plan" in err
