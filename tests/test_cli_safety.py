"""The command line as a careless or hostile user meets it: outputs, signals, odd text."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from seribu_planner import cli
from seribu_planner.load import FILES, bundled_data_dir

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


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


# --------------------------------------------------------------------------- outputs


def test_outputs_are_written_all_or_none(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text("approved\n", encoding="utf-8")
    code, _, err = run("route", "--json", str(plan), "--csv", str(tmp_path / "no" / "x.csv"))
    assert code == 2
    assert "does not exist" in err and "Traceback" not in err
    assert plan.read_text(encoding="utf-8") == "approved\n"
    assert sorted(os.listdir(tmp_path)) == ["plan.json"]


def test_the_same_output_path_twice_is_bad_input(tmp_path: Path) -> None:
    code, _, err = run("route", "--json", str(tmp_path / "x"), "--csv", str(tmp_path / "x"))
    assert code == 2
    assert "also the target of --json" in " ".join(err.split())
    assert not (tmp_path / "x").exists()


def test_an_input_file_is_never_overwritten(data_copy: Path) -> None:
    fleet = data_copy / "fleet.yaml"
    before = fleet.read_bytes()
    code, _, err = run("route", "--data", str(data_copy), "--json", str(fleet))
    assert code == 2
    assert "input files" in err
    assert fleet.read_bytes() == before


def test_dash_writes_the_plan_to_stdout_and_the_report_to_stderr() -> None:
    code, out, err = run("route", "--json", "-")
    assert code == 0
    document = json.loads(out)
    assert document["format"] == "seribu-plan/1"
    assert "TPS served" in err


def test_dash_writes_the_csv_to_stdout() -> None:
    code, out, _ = run("route", "-q", "--csv", "-")
    assert code == 0
    assert out.splitlines()[0].startswith("boat,trip,stop,place")


def test_every_file_written_is_announced(tmp_path: Path) -> None:
    code, _, err = run("route", "-q", "--json", str(tmp_path / "p.json"))
    assert code == 0
    assert f"wrote {tmp_path / 'p.json'}" in err


# --------------------------------------------------------------------------- signals


@pytest.fixture(scope="module")
def slow_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic archipelago whose solve takes several seconds."""
    folder = tmp_path_factory.mktemp("gen") / "L"
    subprocess.run(
        [sys.executable, "-m", "seribu_planner.generate", str(folder), "--size", "L"],
        check=True,
        capture_output=True,
    )
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_a_long_solve_stops_it_at_once_and_writes_nothing(
    slow_data: Path, tmp_path: Path, signum: int, code: int
) -> None:
    out = tmp_path / "plan.json"
    command = [sys.executable, "-m", "seribu_planner", "route", "--data", str(slow_data)]
    process = subprocess.Popen(
        [*command, "--json", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    time.sleep(4.0)  # imports and loading done; the search (about 15 s) is under way
    assert process.poll() is None, "the solve ended before the signal: the test needs more work"
    sent = time.monotonic()
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    waited = time.monotonic() - sent
    assert process.returncode == code
    assert waited < 2.0
    assert b"Traceback" not in err
    assert os.listdir(tmp_path) == []


# --------------------------------------------------------------------------- text from the data


def _rename_campaign(data: Path, name: str) -> None:
    campaign = data / "campaign.yaml"
    old = "name: Pemilu 2024 - distribusi logistik ke TPS Kepulauan Seribu"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(text.replace(old, f"name: {name}", 1), encoding="utf-8")


def _rename_first_boat(data: Path, name: str) -> None:
    fleet = data / "fleet.yaml"
    text = fleet.read_text(encoding="utf-8")
    fleet.write_text(text.replace("name: Kapal kayu sewaan 1,", f"name: {name},", 1), "utf-8")


def test_rich_markup_in_the_data_is_shown_literally(data_copy: Path) -> None:
    _rename_first_boat(data_copy, '"KM [/bold] Jaya [reverse]"')
    _rename_campaign(data_copy, "'[/bold]Pemilu 2024'")
    code, out, err = run("validate", "--data", str(data_copy))
    assert code == 0, err
    assert "[/bold]Pemilu 2024" in out
    code, out, err = run("route", "--data", str(data_copy))
    assert code == 0, err
    assert "[/bold]Pemilu 2024" in out


def test_escape_sequences_in_the_data_never_reach_the_terminal(data_copy: Path) -> None:
    _rename_first_boat(data_copy, '"KM \\e[2J\\e[31mMerah"')
    _rename_campaign(data_copy, '"\\e[31mPemilu 2024"')
    for command in ("validate", "route", "windows"):
        code, out, err = run(command, "--data", str(data_copy))
        assert code == 0, err
        assert "\x1b" not in out + err
    code, out, _ = run("validate", "--data", str(data_copy))
    assert "\\x1b[31mPemilu 2024" in out


# --------------------------------------------------------------------------- plan files


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:00-01:00", "0001-01-01T00:00:00+01:00"])
def test_a_plan_time_at_the_edge_of_the_calendar_is_bad_input(tmp_path: Path, moment: str) -> None:
    plan = tmp_path / "plan.json"
    code, _, _ = run("route", "-q", "--json", str(plan))
    document = json.loads(plan.read_text(encoding="utf-8"))
    document["boats"][0]["trips"][0]["stops"][1]["arrive"] = moment
    plan.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = run("check", "--plan", str(plan))
    assert code == 2
    assert "edge of the calendar" in err
    assert "Traceback" not in out + err


def test_a_plan_path_of_the_wrong_kind_is_named_as_such(tmp_path: Path) -> None:
    code, _, err = run("check", "--plan", str(tmp_path))
    assert code == 2
    assert "is a folder" in err
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "plan.fifo"
        os.mkfifo(fifo)
        code, _, err = run("check", "--plan", str(fifo))  # must not block
        assert code == 2
        assert "FIFO" in err


# --------------------------------------------------------------------------- the data folder


def test_the_data_folder_is_real_files_identical_to_the_packaged_copy() -> None:
    data = ROOT / "data"
    assert not data.is_symlink()
    for name in FILES:
        assert not (data / name).is_symlink()
        assert (data / name).read_bytes() == (bundled_data_dir() / name).read_bytes(), name


def test_init_writes_the_bundled_data_as_plain_files(tmp_path: Path) -> None:
    target = tmp_path / "whatif"
    code, _, err = run("init", str(target))
    assert code == 0, err
    assert sorted(os.listdir(target)) == sorted(FILES)
    for name in FILES:
        assert (target / name).read_bytes() == (bundled_data_dir() / name).read_bytes()
    code, out, _ = run("validate", "--data", str(target))
    assert code == 0
    assert str(target) in out


def test_init_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "whatif"
    target.mkdir()
    (target / "fleet.yaml").write_text("mine\n", encoding="utf-8")
    code, _, err = run("init", str(target))
    assert code == 2
    assert "already holds fleet.yaml" in err
    assert (target / "fleet.yaml").read_text(encoding="utf-8") == "mine\n"
    assert os.listdir(target) == ["fleet.yaml"]


def test_every_command_says_which_data_set_it_used(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no ./data here: the bundled data set is used
    for args in (
        ["route", "-q"],
        ["check"],
        ["validate"],
        ["windows"],
        ["risk", "--scenarios", "20"],
    ):
        _, out, _ = run(*args)
        assert "the bundled data set" in "\n".join(out.splitlines()[:3]), args
        _, out, _ = run(*args, "--data", str(data_copy))
        assert str(data_copy) in "\n".join(out.splitlines()[:3]), args


def test_check_names_the_file_that_changed(data_copy: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    run("route", "-q", "--data", str(data_copy), "--json", str(plan))
    assert set(json.loads(plan.read_text(encoding="utf-8"))["inputs"]) == set(FILES)
    fleet = data_copy / "fleet.yaml"
    fleet.write_text(fleet.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    code, out, _ = run("check", "--plan", str(plan), "--data", str(data_copy))
    assert code == 0
    assert "changed since this plan was made: fleet.yaml" in out


def test_check_refuses_the_bundled_data_for_a_plan_made_from_other_data(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tps = data_copy / "tps.yaml"
    tps.write_text(tps.read_text(encoding="utf-8") + "# our own copy\n", encoding="utf-8")
    plan = tmp_path / "plan.json"
    run("route", "-q", "--data", str(data_copy), "--json", str(plan))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, _, err = run("check", "--plan", str(plan))
    assert code == 2
    assert "--data" in err


def test_help_documents_every_exit_code() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for text in ("0 done", "1 some TPS unserved", "2 bad input", "3 internal", "130"):
        assert text in " ".join(out.split()), text
