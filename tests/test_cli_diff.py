"""End-to-end tests of ``seribu-plan diff`` through typer's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from seribu_planner import cli
from seribu_planner.load import bundled_data_dir

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, list(args), env={"COLUMNS": "100"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The bundled plan, and the plan after a storm closes Laut Jawa barat on 13 Feb."""
    folder = tmp_path_factory.mktemp("plans")
    before = folder / "before.json"
    assert run("route", "-q", "--json", str(before))[0] == 0
    data = folder / "data"
    shutil.copytree(bundled_data_dir(), data)
    weather = data / "weather.yaml"
    document = yaml.safe_load(weather.read_text(encoding="utf-8"))
    for slot in document["forecast"]:
        if slot["zone"] == "laut-jawa-barat" and str(slot["from"]).startswith("2024-02-13"):
            slot["category"] = "Tinggi"
    weather.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    after = folder / "after.json"
    assert run("route", "-q", "--data", str(data), "--json", str(after))[0] in (0, 1)
    return before, after


def test_the_same_plan_twice_exits_0(plans: tuple[Path, Path]) -> None:
    before, _ = plans
    code, out, _ = run("diff", str(before), str(before), "--lang", "en")
    assert code == 0
    assert out.splitlines()[0].startswith("data: ")
    assert "SAME: no TPS and no trip changed" in out


def test_different_plans_exit_1_with_tps_and_trips(plans: tuple[Path, Path]) -> None:
    before, after = plans
    code, out, _ = run("diff", str(before), str(after), "--lang", "en")
    assert code == 1
    assert "DIFFERENT:" in out
    assert "Figures under the current data" in out
    assert "TPS that fare differently" in out
    assert "sebira" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_json_diff_to_a_file_and_to_stdout(plans: tuple[Path, Path], tmp_path: Path) -> None:
    before, after = plans
    target = tmp_path / "diff.json"
    code, _, err = run("diff", str(before), str(after), "--json", str(target))
    assert code == 1
    assert f"wrote {target}" in err
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["format"] == "seribu-plan-diff/1"
    assert document["same"] is False
    assert {"sebira-006", "sebira-007"} <= {d["tps"] for d in document["tps"]}
    code, out, err = run("diff", str(before), str(after), "--json", "-", "--lang", "en")
    assert code == 1
    assert json.loads(out) == document
    assert err.startswith("data: ")  # the report goes to stderr when stdout holds the JSON
    assert "DIFFERENT" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("not json", "not valid JSON"),
        ('{"format": "other/1", "data_digest": "", "boats": [], "unserved": []}', "format"),
    ],
)
def test_a_bad_plan_file_is_bad_input(
    plans: tuple[Path, Path], tmp_path: Path, content: str, expected: str
) -> None:
    before, _ = plans
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    code, out, err = run("diff", str(before), str(bad))
    assert code == 2
    assert expected in err
    assert "Traceback" not in out + err


def test_a_missing_plan_is_bad_input(plans: tuple[Path, Path], tmp_path: Path) -> None:
    before, _ = plans
    code, _, err = run("diff", str(before), str(tmp_path / "nowhere.json"))
    assert code == 2
    assert "not found" in err


def test_the_json_output_never_overwrites_a_plan(plans: tuple[Path, Path]) -> None:
    before, after = plans
    content = after.read_bytes()
    code, _, err = run("diff", str(before), str(after), "--json", str(after))
    assert code == 2
    assert "input files" in " ".join(err.split())
    assert after.read_bytes() == content
