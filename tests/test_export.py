"""Tests of ``export``: plan -> CSV and JSON, JSON -> plan, and atomic file writes.

The golden files in ``tests/golden/`` are compared byte for byte. After a deliberate change
of a format, regenerate them with ``SERIBU_UPDATE_GOLDEN=1 pytest tests/test_export.py``
and review the diff.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from seribu_planner.errors import InputError
from seribu_planner.model import (
    Boat,
    Campaign,
    DataSet,
    Daylight,
    ForecastSlot,
    Island,
    KitItem,
    Port,
    Tps,
    Zone,
)
from seribu_planner.outputs import export, plan_file
from seribu_planner.outputs.export import (
    CSV_COLUMNS,
    LOCAL_COLUMNS,
    plan_from_json,
    plan_to_csv,
    plan_to_json,
    read_plan,
)
from seribu_planner.plan import PLAN_FORMAT, BoatPlan, Plan, Reason, Stop, Trip, Unserved

GOLDEN = Path(__file__).parent / "golden"
WIB = ZoneInfo("Asia/Jakarta")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in February 2024, Jakarta time."""
    return datetime(2024, 2, day, hour, minute, tzinfo=WIB)


def _boat(boat_id: str, home: str) -> Boat:
    return Boat(
        id=boat_id,
        name=f"KM {boat_id}",
        home=home,
        speed_knots=10,
        capacity_kg=2000,
        capacity_m3=20,
        max_wave_m=1.5,
        draft_m=1.0,
        night_sailing=False,
        cost_per_hour=500_000,
    )


def tiny_data() -> DataSet:
    """Two ports, two islands, four TPS, two boats, a two-item kit."""
    campaign = Campaign(
        name="export test campaign",
        start=at(9, 6),
        deadline=at(10, 18),
        end=at(11, 6),
        daylight=Daylight(from_=time(6), to=time(18)),
        route_factor=1.2,
        per_tps_minutes=5,
        kit=[
            KitItem(item="kotak_suara", per_tps=4, kg=2.26, m3=0.096),
            KitItem(item="surat_suara", per_voter=4, spare=0.02, kg=0.015, m3=0.00003),
        ],
    )
    ports = (
        Port(id="kali-adem", name="Kali Adem", lat=-6.10, lon=106.77, zone="bay", load_minutes=60),
        Port(id="marina-ancol", name="Ancol", lat=-6.12, lon=106.84, zone="bay", load_minutes=30),
    )
    islands = (
        Island(id="pramuka", name="Pramuka", lat=-5.75, lon=106.61, zone="bay", unload_minutes=30),
        Island(id="tidung", name="Tidung", lat=-5.80, lon=106.50, zone="bay", unload_minutes=20),
    )
    tps = (
        Tps(id="pramuka-001", island="pramuka", number=1, voters=250),
        Tps(id="pramuka-002", island="pramuka", number=2, voters=1),
        Tps(id="tidung-001", island="tidung", number=1, voters=120),
        Tps(id="tidung-002", island="tidung", number=2, voters=130),
    )
    return DataSet(
        campaign=campaign,
        ports=ports,
        islands=islands,
        distances=(),
        tps=tps,
        boats=(_boat("kayu-1", "kali-adem"), _boat("cepat-1", "marina-ancol")),
        zones=(Zone(id="bay", name="Teluk Jakarta"),),
        forecast=(ForecastSlot(zone="bay", from_=at(9, 0), to=at(11, 12), wave_m=0.5),),
        digest="sha256:" + "ab" * 32,
    )


def tiny_plan() -> Plan:
    """Two boats, three trips, a call with two TPS, a trip of two calls, one unserved."""
    return Plan(
        boats=(
            BoatPlan(
                "kayu-1",
                (
                    Trip(
                        1,
                        (
                            Stop("kali-adem", None, at(9, 7)),
                            Stop(
                                "pramuka", at(9, 10), at(9, 10, 40), ("pramuka-001", "pramuka-002")
                            ),
                            Stop("kali-adem", at(9, 13, 40), None),
                        ),
                    ),
                    Trip(
                        2,
                        (
                            # a time given in UTC: exported in the campaign's zone (14:30 WIB)
                            Stop("kali-adem", None, datetime(2024, 2, 9, 7, 30, tzinfo=UTC)),
                            Stop("tidung", at(9, 17), at(9, 17, 25), ("tidung-001",)),
                            Stop("kali-adem", at(9, 20, 55), None),
                        ),
                    ),
                ),
            ),
            BoatPlan(
                "cepat-1",
                (
                    Trip(
                        1,
                        (
                            Stop("marina-ancol", None, at(10, 6, 30)),
                            # a call that drops nothing is not a CSV row
                            Stop("pramuka", at(10, 8), at(10, 8, 10)),
                            Stop("tidung", at(10, 8, 45), at(10, 9, 5), ("tidung-002",)),
                            Stop("marina-ancol", at(10, 11), None),
                        ),
                    ),
                ),
            ),
        ),
        unserved=(Unserved("pulau-x-001", Reason.NO_SAILING_WINDOW, "no calm sea in “zone” x"),),
        data_digest="sha256:" + "ab" * 32,
    )


def check_golden(name: str, text: str) -> None:
    """Compare text with a golden file byte for byte (or rewrite it when asked to)."""
    path = GOLDEN / name
    if os.environ.get("SERIBU_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text.encode("utf-8") == path.read_bytes()


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# --------------------------------------------------------------------------- CSV


def test_csv_matches_golden() -> None:
    check_golden("plan.csv", plan_to_csv(tiny_data(), tiny_plan()))


def test_csv_header_has_fixed_columns_then_one_per_kit_item_then_local_times() -> None:
    header = plan_to_csv(tiny_data(), tiny_plan()).splitlines()[0]
    assert header.split(",") == [
        *CSV_COLUMNS,
        "kotak_suara",
        "surat_suara",
        "depart_local",
        "arrive_local",
    ]


def test_csv_local_times_are_wall_clock_in_the_campaign_zone() -> None:
    first, second, third = _rows(plan_to_csv(tiny_data(), tiny_plan()))
    assert first["depart_local"] == "2024-02-09 07:00"
    assert first["arrive_local"] == "2024-02-09 10:00"
    # departure given in UTC (07:30Z): the local column shows Jakarta time
    assert second["depart_local"] == "2024-02-09 14:30"
    assert third["depart_local"] == "2024-02-10 08:10"
    assert third["arrive_local"] == "2024-02-10 08:45"
    for row in (first, second, third):
        for column in ("depart_local", "arrive_local"):
            # the form spreadsheets read as a date in any locale: no offset, no "T", no seconds
            assert datetime.strptime(row[column], "%Y-%m-%d %H:%M")


def test_csv_one_row_per_drop_in_plan_order() -> None:
    rows = _rows(plan_to_csv(tiny_data(), tiny_plan()))
    assert [(r["boat"], r["trip"], r["stop"], r["place"]) for r in rows] == [
        ("kayu-1", "1", "1", "pramuka"),
        ("kayu-1", "2", "1", "tidung"),
        ("cepat-1", "1", "2", "tidung"),  # stop 1 (pramuka) drops nothing
    ]


def test_csv_row_figures() -> None:
    first, second, third = _rows(plan_to_csv(tiny_data(), tiny_plan()))
    assert first["tps"] == "pramuka-001;pramuka-002"
    assert first["voters"] == "251"
    # kotak_suara 4 + 4; surat_suara 4 x ceil(250 x 1.02) + 4 x ceil(1 x 1.02) = 1020 + 8
    assert (first["kotak_suara"], first["surat_suara"]) == ("8", "1028")
    assert first["load_kg"] == "33.5"  # 8 x 2.26 + 1028 x 0.015 = 33.5
    assert first["load_m3"] == "0.799"  # 8 x 0.096 + 1028 x 0.00003 = 0.79884
    assert first["depart_from"] == "kali-adem"
    assert first["depart_at"] == "2024-02-09T07:00:00+07:00"
    assert first["arrive_at"] == "2024-02-09T10:00:00+07:00"
    assert second["depart_at"] == "2024-02-09T14:30:00+07:00"  # given in UTC
    assert third["depart_from"] == "pramuka"  # the previous stop, even without drops
    assert third["depart_at"] == "2024-02-10T08:10:00+07:00"


def test_csv_is_utf8_with_unix_line_ends_and_no_bom() -> None:
    data = plan_to_csv(tiny_data(), tiny_plan()).encode("utf-8")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    assert data.endswith(b"\n")


def test_csv_of_a_plan_without_drops_is_the_header_only() -> None:
    text = plan_to_csv(tiny_data(), Plan(boats=()))
    columns = [*CSV_COLUMNS, "kotak_suara", "surat_suara", *LOCAL_COLUMNS]
    assert text == ",".join(columns) + "\n"


def test_csv_refuses_a_tps_missing_from_the_data() -> None:
    plan = Plan(boats=(BoatPlan("kayu-1", (Trip(1, (Stop("pramuka", at(9, 9), None, ("x",)),)),)),))
    with pytest.raises(ValueError, match="'x'"):
        plan_to_csv(tiny_data(), plan)


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=cmd", "'=cmd"),
        ("+x", "'+x"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("kayu-1", "kayu-1"),
        ("", ""),
    ],
)
def test_cell_guards_formula_starts(text: str, cell: str) -> None:
    assert export._cell(text) == cell


def test_csv_guards_formula_injection_in_every_column() -> None:
    data = tiny_data()
    # The models refuse such ids and islands; bypass them to prove the writer's own guard.
    evil = (
        Tps.model_construct(id="-1", island="+x", number=1, voters=10),
        Tps.model_construct(id="@SUM(A1)", island="+x", number=2, voters=20),
    )
    data = DataSet.model_construct(**{**dict(data), "tps": (*data.tps, *evil)})
    plan = Plan(
        boats=(
            BoatPlan(
                "=cmd",
                (
                    Trip(
                        1,
                        (
                            Stop("-port", None, at(9, 7)),
                            Stop("+x", at(9, 9), at(9, 10), ("-1", "@SUM(A1)")),
                            Stop("-port", at(9, 12), None),
                        ),
                    ),
                ),
            ),
        )
    )
    rows = list(csv.reader(io.StringIO(plan_to_csv(data, plan))))
    assert rows[1][:8] == [
        "'=cmd",
        "1",
        "1",
        "'+x",
        "'-port",
        "2024-02-09T07:00:00+07:00",
        "2024-02-09T09:00:00+07:00",
        "'-1;@SUM(A1)",
    ]
    assert rows[1][8] == "30"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


# --------------------------------------------------------------------------- JSON


def test_json_matches_golden() -> None:
    check_golden("plan.json", plan_to_json(tiny_data(), tiny_plan()))


def test_json_has_the_contract_shape() -> None:
    document = json.loads(plan_to_json(tiny_data(), tiny_plan()))
    assert list(document) == ["format", "data_digest", "boats", "unserved"]
    assert document["format"] == PLAN_FORMAT
    assert document["data_digest"] == "sha256:" + "ab" * 32
    boat = document["boats"][0]
    assert list(boat) == ["boat", "trips"]
    assert list(boat["trips"][0]) == ["trip", "stops"]
    assert boat["trips"][0]["stops"][0] == {
        "place": "kali-adem",
        "arrive": None,
        "depart": "2024-02-09T07:00:00+07:00",
        "tps": [],
    }
    assert document["unserved"] == [
        {"tps": "pulau-x-001", "reason": "no_sailing_window", "detail": "no calm sea in “zone” x"}
    ]


def test_json_round_trip_gives_the_same_plan() -> None:
    data, plan = tiny_data(), tiny_plan()
    text = plan_to_json(data, plan)
    again = plan_from_json(text, "plan.json")
    assert again == plan
    assert isinstance(again.boats, tuple)
    assert isinstance(again.unserved[0].reason, Reason)
    # the UTC time reads back as the same instant, expressed in the campaign's zone
    depart = again.boats[0].trips[1].stops[0].depart
    assert depart is not None
    assert depart.utcoffset() == at(9, 0).utcoffset()
    assert plan_to_json(data, again) == text


def test_read_plan_reads_a_written_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(plan_to_json(tiny_data(), tiny_plan()), encoding="utf-8")
    assert read_plan(path) == tiny_plan()


def test_read_plan_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(b"\xef\xbb\xbf" + plan_to_json(tiny_data(), tiny_plan()).encode())
    assert read_plan(path) == tiny_plan()


def test_unknown_keys_are_ignored() -> None:
    document = json.loads(plan_to_json(tiny_data(), tiny_plan()))
    document["solver"] = {"seconds": 3}
    document["boats"][0]["cost"] = 12
    document["boats"][0]["trips"][0]["stops"][1]["slack_minutes"] = 5
    assert plan_from_json(json.dumps(document), "plan.json") == tiny_plan()


def test_exports_are_deterministic() -> None:
    assert plan_to_json(tiny_data(), tiny_plan()) == plan_to_json(tiny_data(), tiny_plan())
    assert plan_to_csv(tiny_data(), tiny_plan()) == plan_to_csv(tiny_data(), tiny_plan())


def _valid() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(plan_to_json(tiny_data(), tiny_plan()))
    return document


def _broken(change: str) -> str:
    """The valid plan document with one defect, as JSON text."""
    document = _valid()
    stop = document["boats"][0]["trips"][0]["stops"][1]
    if change == "wrong_format":
        document["format"] = "seribu-plan/2"
    elif change == "missing_boats":
        del document["boats"]
    elif change == "boats_not_a_list":
        document["boats"] = {"kayu-1": []}
    elif change == "stop_without_place":
        del stop["place"]
    elif change == "naive_time":
        stop["arrive"] = "2024-02-09T10:00:00"
    elif change == "time_not_iso":
        stop["depart"] = "9 Feb 10:40"
    elif change == "time_a_number":
        stop["depart"] = 1707450000
    elif change == "tps_not_strings":
        stop["tps"] = ["pramuka-001", 2]
    elif change == "trip_number_a_string":
        document["boats"][0]["trips"][0]["trip"] = "1"
    elif change == "trip_number_a_bool":
        document["boats"][0]["trips"][0]["trip"] = True
    elif change == "unknown_reason":
        document["unserved"][0]["reason"] = "too_far"
    elif change == "unserved_without_detail":
        del document["unserved"][0]["detail"]
    return json.dumps(document, indent=2)


@pytest.mark.parametrize(
    ("defect", "field", "message"),
    [
        ("wrong_format", "format", "must be 'seribu-plan/1' (got \"seribu-plan/2\")"),
        ("missing_boats", "boats", "required key is missing"),
        ("boats_not_a_list", "boats", "must be a list (got an object)"),
        ("stop_without_place", "boats[0].trips[0].stops[1].place", "required key is missing"),
        ("naive_time", "boats[0].trips[0].stops[1].arrive", "has no UTC offset"),
        ("time_not_iso", "boats[0].trips[0].stops[1].depart", "is not an ISO 8601 time"),
        ("time_a_number", "boats[0].trips[0].stops[1].depart", "must be an ISO 8601 time"),
        ("tps_not_strings", "boats[0].trips[0].stops[1].tps[1]", "must be a string (got 2)"),
        ("trip_number_a_string", "boats[0].trips[0].trip", 'must be an integer (got "1")'),
        ("trip_number_a_bool", "boats[0].trips[0].trip", "must be an integer (got true)"),
        ("unknown_reason", "unserved[0].reason", "must be one of no_boat_can_call, no_sail"),
        ("unserved_without_detail", "unserved[0].detail", "required key is missing"),
    ],
)
def test_raises_on_broken_plan(defect: str, field: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        plan_from_json(_broken(defect), f"{defect}.json")
    [problem] = caught.value.problems
    assert problem.file == f"{defect}.json"
    assert problem.field == field
    assert message in problem.message
    assert problem.line is not None


def test_broken_plan_problems_point_at_the_value() -> None:
    with pytest.raises(InputError) as caught:
        plan_from_json(_broken("naive_time"), "plan.json")
    [problem] = caught.value.problems
    assert problem.line is not None
    assert problem.column is not None
    line = _broken("naive_time").splitlines()[problem.line - 1]
    assert line[problem.column - 1 :].startswith('"2024-02-09T10:00:00"')


def test_a_missing_key_points_at_the_object_that_lacks_it() -> None:
    text = '{\n  "format": "seribu-plan/1",\n  "data_digest": "",\n  "unserved": []\n}\n'
    with pytest.raises(InputError) as caught:
        plan_from_json(text, "plan.json")
    assert str(caught.value) == "plan.json:1:1 boats: required key is missing"


def test_every_problem_is_reported_at_once() -> None:
    document = _valid()
    document["format"] = "x"
    del document["boats"][1]["trips"][0]["stops"][2]["place"]
    document["unserved"][0]["reason"] = "?"
    with pytest.raises(InputError) as caught:
        plan_from_json(json.dumps(document), "plan.json")
    assert [p.field for p in caught.value.problems] == [
        "format",
        "boats[1].trips[0].stops[2].place",
        "unserved[0].reason",
    ]


def test_raises_on_text_that_is_not_json() -> None:
    with pytest.raises(InputError) as caught:
        plan_from_json('{\n  "format": "seribu-plan/1",\n  boats: []\n}', "plan.json")
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (3, 3)
    assert problem.message.startswith("not valid JSON")


@pytest.mark.parametrize(("text", "got"), [("[]", "a list"), ('"plan"', '"plan"'), ("3", "3")])
def test_raises_when_the_top_level_is_not_an_object(text: str, got: str) -> None:
    with pytest.raises(InputError) as caught:
        plan_from_json(text, "plan.json")
    [problem] = caught.value.problems
    assert problem.message.startswith("the top level must be a JSON object")
    assert problem.message.endswith(f"(got {got})")


def test_raises_on_deeply_nested_json() -> None:
    with pytest.raises(InputError):
        plan_from_json("[" * 100_000 + "]" * 100_000, "plan.json")


def test_read_plan_raises_on_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_plan(tmp_path / "nope.json")
    assert str(caught.value) == f"{tmp_path / 'nope.json'} not found"


def test_read_plan_raises_on_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder, not a file"):
        read_plan(tmp_path)


def test_read_plan_raises_on_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(b'{"format": "seribu-plan/1\xff"}')
    with pytest.raises(InputError, match="not UTF-8 text"):
        read_plan(path)


def test_read_plan_raises_on_a_file_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan_file, "MAX_PLAN_BYTES", 100)
    path = tmp_path / "plan.json"
    path.write_text(plan_to_json(tiny_data(), tiny_plan()), encoding="utf-8")
    with pytest.raises(InputError, match="are refused"):
        read_plan(path)


# --------------------------------------------------------------------------- layering


def test_export_imports_no_solver_or_console_library() -> None:
    code = (
        "import sys, seribu_planner.outputs.export; "
        "print(sorted(m for m in ('ortools', 'rich', 'typer', 'seribu_planner.solver') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_plan_types_stay_plain_dataclasses() -> None:
    # plan_from_json returns the very types the solver makes, so the verifier judges both.
    plan = plan_from_json(plan_to_json(tiny_data(), tiny_plan()), "plan.json")
    assert all(dataclasses.is_dataclass(x) for x in (plan, plan.boats[0], plan.unserved[0]))
