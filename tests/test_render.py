"""Tests of ``cli.render`` through ``seribu-plan route``: --xlsx, --html, --geojson, --plan."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from tests.example import CURRENT_PLAN, EXAMPLE_PLAN
from typer.testing import CliRunner

from seribu_planner import cli
from seribu_planner.cli import render
from seribu_planner.errors import InputError
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.outputs.export import read_plan
from seribu_planner.outputs.files import OutputSet
from seribu_planner.verify import verify

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, list(args), env={"COLUMNS": "100"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), target)
    return target


@pytest.fixture
def no_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make solving fail loudly: a command that solves exits 3."""

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the solver must not run")

    monkeypatch.setattr("seribu_planner.cli.common.solve", crash)


def test_route_writes_workbook_report_and_geojson_and_announces_each(tmp_path: Path) -> None:
    targets = {name: tmp_path / name for name in ("plan.xlsx", "plan.html", "plan.geojson")}
    code, _, stderr = run(
        "route",
        "--quiet",
        "--xlsx",
        str(targets["plan.xlsx"]),
        "--html",
        str(targets["plan.html"]),
        "--geojson",
        str(targets["plan.geojson"]),
        "--json",
        str(tmp_path / "plan.json"),
    )
    assert code == 0, stderr
    for target in targets.values():
        assert f"wrote{target}" in "".join(stderr.split())  # rich may fold a long path
    data = load_dataset(bundled_data_dir())
    plan = read_plan(tmp_path / "plan.json")
    assert verify(data, plan) == []
    book = openpyxl.load_workbook(targets["plan.xlsx"])
    assert {b.boat for b in plan.boats} <= set(book.sheetnames)
    assert "<svg" in targets["plan.html"].read_text(encoding="utf-8")
    lines = [
        f
        for f in json.loads(targets["plan.geojson"].read_text(encoding="utf-8"))["features"]
        if f["geometry"]["type"] == "LineString"
    ]
    assert len(lines) == sum(len(b.trips) for b in plan.boats)


def test_route_plan_converts_a_saved_plan_without_solving(tmp_path: Path, no_solver: None) -> None:
    again, book = tmp_path / "again.json", tmp_path / "plan.xlsx"
    code, stdout, stderr = run(
        "route", "--plan", str(CURRENT_PLAN), "--json", str(again), "--xlsx", str(book)
    )
    assert code == 0, stderr
    assert "88 / 88" in stdout
    assert again.read_bytes() == CURRENT_PLAN.read_bytes()  # same data: the plan as saved
    assert book.is_file()


def test_outputs_are_byte_identical_across_runs(tmp_path: Path, no_solver: None) -> None:
    runs = []
    for n in (1, 2):
        names = {o: tmp_path / f"{n}.{o}" for o in ("xlsx", "html", "geojson", "csv")}
        args = [x for o, p in names.items() for x in (f"--{o}", str(p))]
        assert run("route", "-q", "--plan", str(EXAMPLE_PLAN), *args)[0] == 0
        runs.append({o: p.read_bytes() for o, p in names.items()})
    assert runs[0] == runs[1]


def test_geojson_and_html_may_go_to_stdout(no_solver: None) -> None:
    code, stdout, stderr = run("route", "-q", "--plan", str(EXAMPLE_PLAN), "--geojson", "-")
    assert code == 0
    assert json.loads(stdout)["type"] == "FeatureCollection"
    assert "88 / 88" in stderr  # the report moves to stderr
    code, stdout, _ = run("route", "-q", "--plan", str(EXAMPLE_PLAN), "--html", "-")
    assert code == 0
    assert stdout.startswith("<!DOCTYPE html>")


def test_only_one_output_may_take_stdout(tmp_path: Path, no_solver: None) -> None:
    code, stdout, stderr = run(
        "route", "--plan", str(EXAMPLE_PLAN), "--html", "-", "--geojson", "-"
    )
    assert code == 2
    assert "standard output is already taken by --html" in _flat(stderr)
    assert stdout == ""


def test_outputs_are_written_all_or_none(tmp_path: Path, no_solver: None) -> None:
    good = tmp_path / "plan.xlsx"
    code, _, stderr = run(
        "route",
        "--plan",
        str(EXAMPLE_PLAN),
        "--xlsx",
        str(good),
        "--html",
        str(tmp_path / "missing" / "plan.html"),
    )
    assert code == 2
    assert "does not exist" in _flat(stderr)
    assert list(tmp_path.iterdir()) == []


def test_the_saved_plan_is_never_overwritten(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_bytes(EXAMPLE_PLAN.read_bytes())
    code, _, stderr = run("route", "--plan", str(plan), "--json", str(plan))
    assert code == 2
    assert "is one of this command's input files" in _flat(stderr)
    assert plan.read_bytes() == EXAMPLE_PLAN.read_bytes()


def test_a_saved_plan_broken_by_the_data_is_listed_and_nothing_written(
    data_copy: Path, tmp_path: Path, no_solver: None
) -> None:
    fleet_file = data_copy / "fleet.yaml"
    fleet = yaml.safe_load(fleet_file.read_text(encoding="utf-8"))
    fleet["boats"] = [b for b in fleet["boats"] if b["id"] != "phe-onwj"]  # boat withdrawn
    fleet_file.write_text(yaml.safe_dump(fleet), encoding="utf-8")
    target = tmp_path / "plan.html"
    code, stdout, stderr = run(
        "route", "--data", str(data_copy), "--plan", str(EXAMPLE_PLAN), "--html", str(target)
    )
    assert code == 1
    assert "phe-onwj" in "".join(stderr.split())
    assert "Nothing was written" in _flat(stderr)
    assert not target.exists()
    assert "88 / 88" not in stdout


def test_a_saved_plan_for_other_places_is_bad_input(tmp_path: Path, no_solver: None) -> None:
    document = json.loads(EXAMPLE_PLAN.read_text(encoding="utf-8"))
    document["boats"][0]["trips"][0]["stops"][1]["place"] = "atlantis"
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps(document), encoding="utf-8")
    code, _, stderr = run("route", "--plan", str(foreign), "--geojson", str(tmp_path / "x.json"))
    assert code == 2
    assert "atlantis" in "".join(stderr.split())
    assert not (tmp_path / "x.json").exists()


def test_a_saved_plan_that_holds_under_changed_data_is_restamped(
    data_copy: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "saved.json"
    assert run("route", "-q", "--data", str(data_copy), "--json", str(saved))[0] == 0
    document = json.loads(saved.read_text(encoding="utf-8"))
    document["lower_bound"] = 1.0  # a claim of the file, never taken as proven
    saved.write_text(json.dumps(document), encoding="utf-8")
    weather_file = data_copy / "weather.yaml"
    weather = yaml.safe_load(weather_file.read_text(encoding="utf-8"))
    weather["zones"][0]["name"] = "Teluk Jakarta (renamed)"  # changes the digest, not the plan
    weather_file.write_text(yaml.safe_dump(weather, allow_unicode=True), encoding="utf-8")
    target = tmp_path / "plan.json"
    code, _, stderr = run(
        "route", "--data", str(data_copy), "--plan", str(saved), "--json", str(target)
    )
    assert code == 0, stderr
    assert "changed since this plan was made: weather.yaml" in _flat(stderr)
    restamped = json.loads(target.read_text(encoding="utf-8"))
    data = load_dataset(data_copy)
    assert restamped["data_digest"] == data.digest != document["data_digest"]
    assert restamped["lower_bound"] > 1.0  # proven again for the current data
    assert restamped["boats"] == document["boats"]


def test_a_workbook_is_not_written_to_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    with pytest.raises(InputError, match="binary"):
        render.add_outputs(OutputSet(), lambda: (None, None), xlsx="-")  # type: ignore[arg-type, return-value]
