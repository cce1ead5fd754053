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
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.outputs.export import read_plan
from seribu_planner.plan import BoatPlan, Plan, Stop, Trip
from seribu_planner.solver import planner
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
    monkeypatch.setattr(planner, "solve", lambda data, params: bad)
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


def _shallow_mainland_ports(data_dir: Path) -> None:
    """Mainland piers of 1 m: only cepat-1 (1.0 m draft) may still load on the mainland."""

    def edit(document: dict[str, list[dict[str, object]]]) -> None:
        for port in document["ports"]:
            if port["zone"] == "teluk-jakarta":
                port["pier_depth_m"] = 1.0

    _edit_yaml(data_dir / "islands.yaml", edit)


def test_validate_warns_of_ports_too_shallow_for_the_boats(data_copy: Path) -> None:
    _shallow_mainland_ports(data_copy)
    code, out, _ = run("validate", "--data", str(data_copy))
    assert code == 0
    text = " ".join(out.split())
    assert "the pier at port kalijapat (1 m) is shallower than the draft of" in text
    assert "phe-oses, phe-onwj (2.5 m)" in text
    assert "phe-oses is based there (fleet.yaml home) and cannot make any trip" in text
    assert "no boat can call at oses-1" in text


def test_route_plans_without_ports_too_shallow_for_the_boats(
    data_copy: Path, tmp_path: Path
) -> None:
    _shallow_mainland_ports(data_copy)
    plan_file = tmp_path / "plan.json"
    code, out, err = run("route", "--data", str(data_copy), "--json", str(plan_file))
    assert code == 1, err
    assert "80 / 88" in out
    plan = read_plan(plan_file)
    assert {u.reason.value for u in plan.unserved} == {"no_boat_can_call"}
    assert all("home port" in u.detail for u in plan.unserved)
    assert verify(load_dataset(data_copy), plan) == []


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


# --------------------------------------------------------------------------- check


@pytest.fixture(scope="module")
def approved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plan of the bundled data, as an approved plan file of a data repository."""
    target = tmp_path_factory.mktemp("approved") / "plan.json"
    assert run("route", "--quiet", "--json", str(target))[0] == 0
    return target


def _first_trip_with_drops(plan_file: Path, regular: bool = True) -> tuple[str, dict]:  # type: ignore[type-arg]
    """The first boat of the plan that carries regular (or khusus) kits, and its first trip."""
    document = json.loads(plan_file.read_text(encoding="utf-8"))
    for boat in document["boats"]:
        if boat["boat"].startswith("phe") != regular:
            return boat["boat"], boat["trips"][0]
    raise AssertionError("no such boat in the plan")


def test_check_without_plan_solves_and_holds() -> None:
    code, out, _ = run("check")
    assert code == 0
    assert "HOLDS" in out
    assert len(out.splitlines()) < 12


def test_check_plan_holds_on_unchanged_data(approved: Path) -> None:
    code, out, _ = run("check", "--plan", str(approved))
    assert code == 0
    assert "HOLDS" in out
    assert "data changed" not in out


def test_check_plan_broken_by_a_new_forecast(approved: Path, data_copy: Path) -> None:
    boat, trip = _first_trip_with_drops(approved)
    depart = trip["stops"][0]["depart"][:13]  # e.g. 2024-02-09T07 -> the slot of that day

    def close(doc: dict[str, list[dict[str, object]]]) -> None:
        for slot in doc["forecast"]:
            if str(slot["from"])[:10] == depart[:10]:
                slot["category"] = "Tinggi"

    _edit_yaml(data_copy / "weather.yaml", close)
    code, out, _ = run("check", "--data", str(data_copy), "--plan", str(approved))
    assert code == 1
    assert "BROKEN" in out
    assert "leg_weather" in out
    assert boat in out
    assert "changed since this plan was made: weather.yaml" in out


def test_check_plan_broken_by_a_boat_withdrawn(approved: Path, data_copy: Path) -> None:
    boat, _ = _first_trip_with_drops(approved)

    def withdraw(doc: dict[str, list[dict[str, object]]]) -> None:
        doc["boats"] = [b for b in doc["boats"] if b["id"] != boat]

    _edit_yaml(data_copy / "fleet.yaml", withdraw)
    code, out, _ = run("check", "--data", str(data_copy), "--plan", str(approved))
    assert code == 1
    assert "unknown_boat" in out
    assert f"boat {boat} is not in the fleet" in out


def test_check_plan_broken_by_a_tps_added(approved: Path, data_copy: Path) -> None:
    def add(doc: dict[str, list[dict[str, object]]]) -> None:
        doc["tps"].append(
            {
                "id": "pramuka-099",
                "island": "pramuka",
                "number": 99,
                "kind": "regular",
                "voters": 120,
            }
        )

    _edit_yaml(data_copy / "tps.yaml", add)
    code, out, _ = run("check", "--data", str(data_copy), "--plan", str(approved))
    assert code == 1
    assert "tps_missing" in out
    assert "pramuka-099" in out


def test_check_plan_broken_by_an_earlier_deadline(approved: Path, data_copy: Path) -> None:
    def earlier(doc: dict[str, object]) -> None:
        doc["deadline"] = "2024-02-12T12:00"

    _edit_yaml(data_copy / "campaign.yaml", earlier)
    code, out, _ = run("check", "--data", str(data_copy), "--plan", str(approved))
    assert code == 1
    assert "late" in out


def test_check_plan_broken_by_voters_raised_beyond_capacity(
    tmp_path: Path, data_copy: Path
) -> None:
    # A boat loaded to within a few kilograms of its capacity: raising the voters of one
    # of its TPS (more ballots) overloads it.
    from seribu_planner.derive.kit import kit_for

    data = load_dataset(data_copy)
    plan_file = tmp_path / "plan.json"
    assert run("route", "--quiet", "--data", str(data_copy), "--json", str(plan_file))[0] == 0
    boat, _ = _first_trip_with_drops(plan_file)
    document = json.loads(plan_file.read_text(encoding="utf-8"))
    trips = next(b["trips"] for b in document["boats"] if b["boat"] == boat)

    def kg(trip: dict) -> float:  # type: ignore[type-arg]
        tps = [t for stop in trip["stops"] for t in stop["tps"]]
        return sum(kit_for(data.campaign, data.tps_by_id[t]).kg for t in tps)

    heaviest = max(trips, key=kg)  # capacity at its load: every trip of the boat still fits
    dropped = [t for stop in heaviest["stops"] for t in stop["tps"]]
    load = kg(heaviest)

    def tighten(doc: dict[str, list[dict[str, object]]]) -> None:
        for b in doc["boats"]:
            if b["id"] == boat:
                b["capacity_kg"] = round(load + 0.5, 1)

    _edit_yaml(data_copy / "fleet.yaml", tighten)
    assert run("check", "--data", str(data_copy), "--plan", str(plan_file))[0] == 0

    def raise_voters(doc: dict[str, list[dict[str, object]]]) -> None:
        for t in doc["tps"]:
            if t["id"] == dropped[0]:
                t["voters"] = 300

    _edit_yaml(data_copy / "tps.yaml", raise_voters)
    code, out, _ = run("check", "--data", str(data_copy), "--plan", str(plan_file))
    assert code == 1
    assert "overload_kg" in out
    assert boat in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("this is not json", "plan.json:1:1"),
        ('{"format": "other/2", "boats": [], "unserved": []}', "format"),
        ("[1, 2]", "plan.json"),
    ],
)
def test_check_refuses_a_broken_plan_file(tmp_path: Path, content: str, expected: str) -> None:
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(content, encoding="utf-8")
    code, out, err = run("check", "--plan", str(plan_file))
    assert code == 2
    assert expected in err
    assert "Traceback" not in out + err


def test_check_refuses_a_plan_for_other_places_or_tps(approved: Path, tmp_path: Path) -> None:
    text = approved.read_text(encoding="utf-8").replace('"pramuka-001"', '"atlantis-001"')
    text = text.replace('"harapan"', '"atlantis"', 1)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(text, encoding="utf-8")
    code, _, err = run("check", "--plan", str(plan_file))
    assert code == 2
    assert "atlantis-001" in err
    assert "atlantis" in err
    assert "Tip:" in err


def test_check_missing_plan_file_is_bad_input(tmp_path: Path) -> None:
    code, _, err = run("check", "--plan", str(tmp_path / "nope.json"))
    assert code == 2
    assert "nope.json" in err


def test_csv_and_json_files_are_byte_identical_across_runs(tmp_path: Path) -> None:
    outputs = []
    for n in (1, 2):
        csv_file, json_file = tmp_path / f"{n}.csv", tmp_path / f"{n}.json"
        assert run("route", "--quiet", "--csv", str(csv_file), "--json", str(json_file))[0] == 0
        outputs.append((csv_file.read_bytes(), json_file.read_bytes()))
    assert outputs[0] == outputs[1]


def test_exported_plan_gets_the_same_verdict_as_in_memory(tmp_path: Path) -> None:
    from seribu_planner.outputs.export import plan_from_json, plan_to_json
    from seribu_planner.solver import solve

    data = load_dataset(bundled_data_dir())
    good = solve(data)
    first = good.boats[0]
    late_trip = Trip(
        first.trips[0].number,
        tuple(
            Stop(s.place, s.arrive and s.arrive.replace(day=14), s.depart, s.tps)
            for s in first.trips[0].stops
        ),
    )
    bad = Plan(boats=(BoatPlan(first.boat, (late_trip,)), *good.boats[1:]))
    for plan in (good, bad):
        again = plan_from_json(plan_to_json(data, plan), "plan.json")
        assert verify(data, again) == verify(data, plan)
    assert verify(data, bad)


def test_a_solver_crash_is_reported_as_a_bug_without_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def crash(data: object, params: object) -> Plan:
        raise AssertionError("no window for kayu-1")

    monkeypatch.setattr(planner, "solve", crash)
    target = tmp_path / "plan.json"
    code, out, err = run("route", "--json", str(target))
    assert code == 3
    assert "BUG: the solver failed" in err
    assert "Traceback" not in out + err
    assert not target.exists()
