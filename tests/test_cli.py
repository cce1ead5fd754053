"""End-to-end tests of the ``seribu-plan`` command line through typer's CliRunner."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from seribu_planner import __version__, cli
from seribu_planner.export import read_plan
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.plan import BoatPlan, Plan, Stop, Trip
from seribu_planner.verify import verify

runner = CliRunner()
ANSI = re.compile(r"\x1b\[")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, list(args), env={"COLUMNS": "100"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), target)
    return target


def _edit_yaml(path: Path, edit: object) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(document)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")


# --------------------------------------------------------------------------- route


def test_route_plans_the_bundled_data_readably() -> None:
    code, out, _ = run("route")
    assert code == 0
    assert "88 / 88" in out
    assert "22,036 / 22,036" in out
    for heading in ("Trips", "TPS arrivals by kelurahan", "least slack", "Pulau Tidung"):
        assert heading in out
    assert not ANSI.search(out), "no colour codes when not a terminal"
    assert max(len(line) for line in out.splitlines()) <= 100


def test_route_quiet_prints_the_summary_only() -> None:
    code, out, _ = run("route", "--quiet")
    assert code == 0
    assert "88 / 88" in out
    assert "Trips" not in out
    assert len(out.splitlines()) < 12


def test_route_writes_a_verified_deterministic_json_plan(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run("route", "--quiet", "--json", str(first))[0] == 0
    assert run("route", "--quiet", "--json", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    document = json.loads(first.read_text(encoding="utf-8"))
    assert document["format"] == "seribu-plan/1"
    data = load_dataset(bundled_data_dir())
    assert document["data_digest"] == data.digest
    assert verify(data, read_plan(first)) == []


def test_route_writes_csv_schedule(tmp_path: Path) -> None:
    target = tmp_path / "schedule.csv"
    assert run("route", "--quiet", "--csv", str(target))[0] == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("boat,trip,stop,place,depart_from,depart_at,arrive_at,tps,voters")
    tps_column = lines[0].split(",").index("tps")
    dropped = [t for line in lines[1:] for t in line.split(",")[tps_column].split(";")]
    assert len(dropped) == 88


def test_route_in_a_storm_exits_1_and_lists_the_unserved(data_copy: Path) -> None:
    def storm(doc: dict[str, list[dict[str, object]]]) -> None:
        for slot in doc["forecast"]:
            if slot["zone"] == "laut-jawa-barat":
                slot["category"] = "Ekstrem"

    _edit_yaml(data_copy / "weather.yaml", storm)
    code, out, _ = run("route", "--data", str(data_copy))
    assert code == 1
    assert "Unserved TPS" in out
    assert "no_sailing_window" in out
    assert "sebira" in out


def test_route_what_if_weather_file(data_copy: Path) -> None:
    weather = data_copy / "weather.yaml"
    calm = data_copy.parent / "calm.yaml"

    def all_calm(doc: dict[str, list[dict[str, object]]]) -> None:
        for slot in doc["forecast"]:
            slot["category"] = "Tenang"

    _edit_yaml(weather, all_calm)
    weather.rename(calm)
    shutil.copy(bundled_data_dir() / "weather.yaml", weather)
    code, out, _ = run("route", "--quiet", "--weather", str(calm))
    assert code == 0
    assert "88 / 88" in out


def test_bad_input_exits_2_with_location_and_writes_nothing(
    data_copy: Path, tmp_path: Path
) -> None:
    fleet = data_copy / "fleet.yaml"
    fleet.write_text(
        fleet.read_text(encoding="utf-8").replace("capacity_kg: 5000", "capacity_kg: -5", 1),
        encoding="utf-8",
    )
    target = tmp_path / "plan.json"
    code, out, err = run("route", "--data", str(data_copy), "--json", str(target))
    assert code == 2
    assert "fleet.yaml:" in err
    assert "capacity_kg" in err
    assert "Traceback" not in out + err
    assert not target.exists()


def test_a_plan_that_fails_the_verifier_is_never_shown_as_good(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = Plan(
        boats=(
            BoatPlan(
                "kayu-1",
                (Trip(1, (Stop("marina-ancol", None, None), Stop("marina-ancol", None, None))),),
            ),
        )
    )
    monkeypatch.setattr(cli, "solve", lambda data, params: bad)
    target = tmp_path / "plan.json"
    code, out, err = run("route", "--json", str(target))
    assert code == 3
    assert "BUG" in err
    assert "88 / 88" not in out
    assert not target.exists()


# --------------------------------------------------------------------------- validate, windows


def test_validate_prints_what_was_loaded() -> None:
    code, out, _ = run("validate")
    assert code == 0
    assert "88 (80 regular, 8 khusus), 22,036 voters" in out
    assert "Pulau Untung Jawa" in out
    assert "No warnings." in out


def test_validate_reports_every_problem(data_copy: Path) -> None:
    tps = data_copy / "tps.yaml"
    text = tps.read_text(encoding="utf-8").replace("island: pramuka,", "island: pramukaa,", 1)
    tps.write_text(text, encoding="utf-8")
    code, _, err = run("validate", "--data", str(data_copy))
    assert code == 2
    assert "tps.yaml:" in err
    assert "pramukaa" in err


def test_windows_shows_each_boat_and_zone() -> None:
    code, out, _ = run("windows")
    assert code == 0
    assert "kayu-1" in out and "phe-oses" in out
    assert "laut-jawa-barat" in out
    assert "Fri 09" in out


def test_windows_bad_input_exits_2(data_copy: Path) -> None:
    (data_copy / "weather.yaml").write_text("zones: [\n", encoding="utf-8")
    code, _, err = run("windows", "--data", str(data_copy))
    assert code == 2
    assert "weather.yaml" in err


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert __version__ in out
    code, out, _ = run("-h")
    assert code == 0
    for command in ("route", "check", "validate", "windows"):
        assert command in out


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "seribu_planner", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "seribu-plan" in done.stdout
