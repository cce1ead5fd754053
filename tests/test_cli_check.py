"""End-to-end tests of ``check``'s machine formats (--format json|github) and of --as-of."""

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
FORECAST = Path(__file__).parent / "data" / "forecast"
DIGITAL_08 = str(FORECAST / "bmkg-digital-F.08-2024021212.json")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, list(args), env={"COLUMNS": "100", **(env or {})})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def flat(text: str) -> str:
    return " ".join(text.split())


#: A plan of the bundled data, as the solver made it on the day the tests were written; fixed
#: here so that these tests do not change when the solver does.
APPROVED = Path(__file__).parent / "data" / "plans" / "bundled-approved.json"


@pytest.fixture
def approved(tmp_path: Path) -> Path:
    """The approved plan of a data repository."""
    target = tmp_path / "approved.json"
    shutil.copy(APPROVED, target)
    return target


def test_the_approved_plan_holds_on_the_bundled_data(approved: Path) -> None:
    code, _, _ = run("check", "--plan", str(approved))
    assert code == 0, f"regenerate {APPROVED} with `seribu-plan route --json` if the data changed"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), target)
    return target


def _forecast_from(data: Path, moment: str) -> None:
    """Keep only the forecast from ``moment`` on: a new issue that forgot the days sailed."""
    path = data / "weather.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    kept = []
    for slot in document["forecast"]:
        if str(slot["to"]) <= moment:
            continue
        slot["from"] = max(str(slot["from"]), moment)
        kept.append(slot)
    document["forecast"] = kept
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


# --------------------------------------------------------------------------- --format json


def test_json_verdict_of_a_plan_that_holds(approved: Path, data_copy: Path) -> None:
    code, out, err = run(
        "check", "--data", str(data_copy), "--plan", str(approved), "--format", "json"
    )
    assert code == 0
    assert err.startswith("data: ")
    document = json.loads(out)
    assert document["verdict"] == "holds"
    assert document["violations"] == [] and document["unserved"] == []
    assert document["summary"]["tps_served"] == 88
    again = run("check", "--data", str(data_copy), "--plan", str(approved), "--format", "json")
    assert again[1] == out


def test_json_verdict_of_a_broken_plan(approved: Path, data_copy: Path) -> None:
    assert run("weather", "import", "--data", str(data_copy), DIGITAL_08)[0] == 0
    code, out, _ = run(
        "check", "--data", str(data_copy), "--plan", str(approved), "--format", "json"
    )
    assert code == 1
    document = json.loads(out)
    assert document["verdict"] == "broken"
    assert "weather.yaml" in document["changed_inputs"]
    assert {v["kind"] for v in document["violations"]} == {"leg_weather"}
    assert all(v["boat"] and v["trip"] for v in document["violations"])
    at_stake = {t for v in document["violations"] for t in v["tps_at_stake"]}
    assert at_stake and all(tps.split("-")[0] in ("sebira", "kelapa") for tps in at_stake)


# --------------------------------------------------------------------------- --format github


def test_github_annotations_name_the_tps_at_stake(approved: Path, data_copy: Path) -> None:
    assert run("weather", "import", "--data", str(data_copy), DIGITAL_08)[0] == 0
    code, out, _ = run(
        "check", "--data", str(data_copy), "--plan", str(approved), "--format", "github"
    )
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"data: {data_copy}"
    errors = [line for line in lines if line.startswith("::error ")]
    assert errors
    for line in errors:
        assert line.startswith(f"::error file={approved},line=")
        assert "title=leg_weather%3A " in line
    assert any("%0ATPS at stake: " in line and "kelapa-001" in line for line in errors)
    groups = [line for line in lines if line.startswith("::group::")]
    assert len(groups) == lines.count("::endgroup::") >= 1
    assert any(line.startswith("::notice ") and "weather.yaml" in line for line in lines)


def test_github_format_annotates_bad_input(approved: Path, data_copy: Path) -> None:
    fleet = data_copy / "fleet.yaml"
    fleet.write_text(
        fleet.read_text(encoding="utf-8").replace("capacity_kg: 5000", "capacity_kg: -5", 1),
        encoding="utf-8",
    )
    code, out, err = run(
        "check", "--data", str(data_copy), "--plan", str(approved), "--format", "github"
    )
    assert code == 2
    [line] = out.splitlines()
    assert line.startswith(f"::error file={fleet},line=")
    assert "title=bad input::" in line and "capacity_kg" in line
    assert "capacity_kg" in err  # the usual report, on stderr


def test_text_is_the_default_format(approved: Path) -> None:
    code, out, _ = run("check", "--plan", str(approved))
    assert code == 0
    assert "HOLDS" in out and "::" not in out
    assert run("check", "--plan", str(approved), "--format", "text")[1] == out


def test_an_unknown_format_is_bad_input(approved: Path) -> None:
    code, _, err = run("check", "--plan", str(approved), "--format", "xml")
    assert code == 2
    assert "--format" in err


# --------------------------------------------------------------------------- --as-of


def test_as_of_spares_legs_sailed_before_a_new_forecast(approved: Path, data_copy: Path) -> None:
    _forecast_from(data_copy, "2024-02-12T20:00")
    code, out, _ = run("check", "--data", str(data_copy), "--plan", str(approved))
    assert code == 1
    assert "leg_no_forecast" in out
    code, out, _ = run(
        "check", "--data", str(data_copy), "--plan", str(approved), "--as-of", "2024-02-12T20:00"
    )
    assert code == 0, out
    assert "HOLDS" in out
    assert "as of Mon 12 Feb 20:00 WIB" in flat(
        run(
            "check",
            "--data",
            str(data_copy),
            "--plan",
            str(approved),
            "--as-of",
            "2024-02-12T20:00",
            "--lang",
            "en",
        )[1]
    )


def test_as_of_still_checks_what_lies_ahead(approved: Path, data_copy: Path) -> None:
    _forecast_from(data_copy, "2024-02-13T08:00")  # 13 Feb 06:00-08:00 is no longer covered
    code, out, _ = run(
        "check",
        "--data",
        str(data_copy),
        "--plan",
        str(approved),
        "--as-of",
        "2024-02-12T20:00",
        "--format",
        "json",
    )
    assert code == 1
    kinds = {(v["kind"], v["boat"], v["trip"]) for v in json.loads(out)["violations"]}
    assert kinds == {("leg_no_forecast", "pesona-alam", 2)}


@pytest.mark.parametrize(
    "moment", ["2024-02-12T20:00", "2024-02-12T13:00Z", "2024-02-12T20:00+07:00"]
)
def test_as_of_naive_is_campaign_time(approved: Path, moment: str) -> None:
    code, out, _ = run("check", "--plan", str(approved), "--as-of", moment, "--format", "json")
    assert code == 0
    assert json.loads(out)["as_of"] == "2024-02-12T20:00:00+07:00"


def test_as_of_now_follows_seribu_now(approved: Path, data_copy: Path) -> None:
    _forecast_from(data_copy, "2024-02-12T20:00")
    args = ("check", "--data", str(data_copy), "--plan", str(approved), "--as-of", "now")
    assert run(*args, env={"SERIBU_NOW": "2024-02-12T20:00"})[0] == 0
    assert run(*args, env={"SERIBU_NOW": "2024-02-12T08:00"})[0] == 1
    code, _, err = run(*args, env={"SERIBU_NOW": "soon"})
    assert code == 2
    assert "SERIBU_NOW" in err


def test_as_of_now_without_seribu_now_is_the_clock(approved: Path) -> None:
    args = ("check", "--plan", str(approved), "--as-of", "now", "--format", "json")
    code, out, _ = run(*args, env={"SERIBU_NOW": ""})
    assert code == 0  # today is long after the campaign: every leg has been sailed
    assert json.loads(out)["as_of"] > "2024-02-15"


def test_a_bad_as_of_is_bad_input(approved: Path) -> None:
    code, out, err = run("check", "--plan", str(approved), "--as-of", "tomorrow")
    assert code == 2
    assert "--as-of" in err and "'tomorrow' is not a time" in flat(err)
    assert "Traceback" not in out + err


def test_as_of_needs_a_saved_plan() -> None:
    code, _, err = run("check", "--as-of", "2024-02-12T20:00")
    assert code == 2
    assert "applies to a saved plan" in flat(err)
