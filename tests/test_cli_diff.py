"""End-to-end tests of ``seribu-plan diff`` through typer's CliRunner."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from seribu_planner import cli

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, list(args), env={"COLUMNS": "100"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


APPROVED = Path(__file__).parent / "data" / "plans" / "bundled-approved.json"


def _later(moment: str | None) -> str | None:
    if moment is None:
        return None
    return (datetime.fromisoformat(moment) + timedelta(minutes=30)).isoformat()


@pytest.fixture
def plans(tmp_path: Path) -> tuple[Path, Path]:
    """An approved plan, and a revision: the Sebira trip leaves 30 min later and leaves
    kelapa-018 unserved."""
    before = tmp_path / "before.json"
    shutil.copy(APPROVED, before)
    document = json.loads(APPROVED.read_text(encoding="utf-8"))
    [boat] = [
        b
        for b in document["boats"]
        if any("sebira" in s["place"] for t in b["trips"] for s in t["stops"])
    ]
    [trip] = [t for t in boat["trips"] if any(s["place"] == "sebira" for s in t["stops"])]
    for stop in trip["stops"]:
        stop["arrive"], stop["depart"] = _later(stop["arrive"]), _later(stop["depart"])
        if "kelapa-018" in stop["tps"]:
            stop["tps"].remove("kelapa-018")
    document["unserved"].append(
        {"tps": "kelapa-018", "reason": "fleet_time", "detail": "the boat is full"}
    )
    after = tmp_path / "after.json"
    after.write_text(json.dumps(document, indent=2), encoding="utf-8")
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
    assert (
        "DIFFERENT: 0 TPS changed boat or trip, 20 arrivals moved, 0 newly served, 1 newly" in out
    )
    assert "Figures under the current data" in out
    assert "TPS that fare differently" in out
    assert "sebira-006," in out and "sebira-007" in out and "+00:30" in out
    assert "kelapa-018" in out and "newly unserved" in out
    assert "Trips that differ, per boat" in out and "calls or drops changed" in out
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
    changed = {d["tps"]: d["changes"] for d in document["tps"]}
    assert changed["sebira-006"] == ["arrival"]
    assert changed["kelapa-018"] == ["unserved"]
    assert [t["change"] for t in document["trips"]] == ["changed"]
    assert document["trips"][0]["depart_moved_minutes"] == 30
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
