"""Tests of ``outputs.xlsx``: the workbook read back with openpyxl, checked against the verifier."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from tests.example import NASTY, english, example, hostile, tiny

from seribu_planner.model import DataSet
from seribu_planner.outputs.report import printable
from seribu_planner.outputs.summary import deliveries
from seribu_planner.outputs.xlsx import SHEET_NAME_MAX, plan_to_xlsx, sheet_names
from seribu_planner.plan import Plan
from seribu_planner.verify import kit_count, kit_load

__all__ = ["english"]  # the fixture, used by name

pytestmark = pytest.mark.usefixtures("english")


def _book(data: DataSet, plan: Plan, **options: Any) -> Any:
    return openpyxl.load_workbook(io.BytesIO(plan_to_xlsx(data, plan)), **options)


def _rows(sheet: Worksheet) -> list[dict[str, Any]]:
    """The rows of a sheet with a header row, as dicts by header."""
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def _local(moment: datetime | None, data: DataSet) -> datetime | None:
    return moment.astimezone(data.campaign.tz).replace(tzinfo=None) if moment else None


def test_sheets_schedule_tps_one_per_boat_used_then_about() -> None:
    data, plan = example()
    book = _book(data, plan)
    assert book.sheetnames == ["Schedule", "TPS", "kayu-5", "pesona-alam", "phe-onwj", "About"]


def test_the_schedule_has_a_frozen_header_a_filter_and_one_row_per_call() -> None:
    data, plan = example()
    sheet = _book(data, plan)["Schedule"]
    assert sheet.freeze_panes == "A2"
    assert (
        sheet.auto_filter.ref
        == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
    )
    calls = [
        (b.boat, t.number, n)
        for b in plan.boats
        for t in b.trips
        for n, s in enumerate(t.stops)
        if s.tps and n
    ]
    rows = _rows(sheet)
    assert [(r["Boat"], r["Trip"], r["Stop"]) for r in rows] == calls
    assert sum(r["Kits"] for r in rows) == 88


def test_schedule_cells_are_real_times_and_numbers() -> None:
    data, plan = example()
    sheet = _book(data, plan)["Schedule"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        for name in ("Departs (WIB)", "Arrives (WIB)", "Leaves (WIB)"):
            assert cells[name].is_date, name
            assert isinstance(cells[name].value, datetime)
            assert cells[name].number_format == "yyyy-mm-dd hh:mm"
        for name in ("Trip", "Stop", "Kits", "Voters", "Load kg", "Load m3"):
            assert cells[name].data_type == "n", name
        for item in data.campaign.kit:
            assert cells[item.item].data_type == "n"
            assert isinstance(cells[item.item].value, int)
    # the times are the plan's, as wall-clock time in the campaign's zone
    first_boat = plan.boats[0]
    first_call = first_boat.trips[0].stops[1]
    second = next(iter(sheet.iter_rows(min_row=2, max_row=2, values_only=True)))
    assert second[header.index("Arrives (WIB)")] == _local(first_call.arrive, data)


def test_schedule_loads_equal_the_verifiers() -> None:
    data, plan = example()
    for row in _rows(_book(data, plan)["Schedule"]):
        tps = [data.tps_by_id[t] for t in row["TPS"].split(", ")]
        assert row["Load kg"] == pytest.approx(sum(kit_load(data, t)[0] for t in tps))
        assert row["Load m3"] == pytest.approx(sum(kit_load(data, t)[1] for t in tps))
        assert row["Voters"] == sum(t.voters for t in tps)
        for item in data.campaign.kit:
            assert row[item.item] == sum(kit_count(item, t) for t in tps)


def _manifest_totals(sheet: Worksheet) -> tuple[dict[str, list[Any]], list[list[Any]]]:
    """The trip total rows (by label) and the TPS rows of a boat's manifest sheet."""
    trips: dict[str, list[Any]] = {}
    lines: list[list[Any]] = []
    header: list[Any] | None = None
    for row in sheet.iter_rows(values_only=True):
        label = row[0]
        if label == "Call":
            header = list(row)
        elif isinstance(label, str) and label.endswith("total"):
            trips[label] = list(row)
        elif header is not None and isinstance(label, int):
            lines.append(list(row))
    return trips, lines


def test_each_boat_manifest_totals_equal_the_verifiers_figures() -> None:
    data, plan = example()
    book = _book(data, plan, data_only=True)
    items = data.campaign.kit
    for boat in plan.boats:
        trips, lines = _manifest_totals(book[boat.boat])
        for trip in boat.trips:
            tps = [data.tps_by_id[t] for s in trip.stops for t in s.tps]
            row = trips[f"Trip {trip.number} total"]
            voters, counts, kg, m3 = row[4], row[5 : 5 + len(items)], row[-2], row[-1]
            assert voters == sum(t.voters for t in tps)
            assert counts == [sum(kit_count(item, t) for t in tps) for item in items]
            assert kg == pytest.approx(sum(kit_load(data, t)[0] for t in tps))
            assert m3 == pytest.approx(sum(kit_load(data, t)[1] for t in tps))
        assert sorted(line[3] for line in lines) == sorted(
            t for trip in boat.trips for s in trip.stops for t in s.tps
        )
        if len(boat.trips) > 1:
            everything = trips["Boat total"]
            every_tps = [
                data.tps_by_id[t] for trip in boat.trips for s in trip.stops for t in s.tps
            ]
            assert everything[-2] == pytest.approx(sum(kit_load(data, t)[0] for t in every_tps))


def test_manifest_totals_are_formulas_with_their_values_stored() -> None:
    data, plan = example()
    formulas = _book(data, plan)["pesona-alam"]
    cached = _book(data, plan, data_only=True)["pesona-alam"]
    found = 0
    for row in formulas.iter_rows():
        if row[0].value == "Trip 1 total":
            kg = row[-2]
            assert kg.data_type == "f"
            assert str(kg.value).startswith("=SUM(")
            assert isinstance(cached[kg.coordinate].value, float)
            found += 1
        if row[0].value == "Boat total":
            assert str(row[-2].value).count("+") == 1  # trip 1 total + trip 2 total
            found += 1
    assert found == 2


def test_the_tps_sheet_has_every_tps_with_arrival_deadline_and_slack() -> None:
    data, plan = tiny()
    book = _book(data, plan)
    sheet = book["TPS"]
    assert sheet.freeze_panes == "B2"
    rows = {r["TPS"]: r for r in _rows(sheet)}
    assert list(rows) == [t.id for t in data.tps]
    for d in deliveries(data, plan):
        row = rows[d.tps]
        assert row["Boat"] == d.boat
        assert row["Trip"] == d.trip
        assert row["Arrives (WIB)"] == _local(d.arrive, data)
        assert row["Deadline (WIB)"] == _local(d.deadline, data)
        # a duration cell: openpyxl reads it back as a timedelta
        assert abs(row["Slack (h:mm)"] - d.slack) < timedelta(seconds=1)
        assert row["Status"] in ("tight", "short", "ample")
    for unserved in plan.unserved:
        row = rows[unserved.tps]
        assert row["Arrives (WIB)"] is None
        assert row["Status"] == unserved.reason.value
        assert row["Detail"] == unserved.detail
    slack_cell = next(c for c in sheet["K"][1:] if c.value is not None)
    assert slack_cell.number_format == "[h]:mm"


def test_text_from_the_data_stays_text_never_a_formula_or_link() -> None:
    data, plan = example()
    book = _book(hostile(data), plan)
    schedule = book["Schedule"]
    names = {c.value for c in schedule["G"][1:]}
    assert names == {printable(NASTY)}
    assert all(c.data_type == "s" for c in schedule["G"][1:])
    assert not schedule._hyperlinks
    boat_sheet = book["kayu-5"]
    assert boat_sheet["C1"].value == printable(NASTY)
    assert boat_sheet["C1"].data_type == "s"
    labels = [c.value for c in boat_sheet["A"] if c.value in ("Escort", "Contact", "Crew")]
    assert labels == ["Escort", "Contact", "Crew"]


def test_the_workbook_is_byte_identical_and_dated_at_the_campaign_start() -> None:
    data, plan = example()
    first, second = plan_to_xlsx(data, plan), plan_to_xlsx(data, plan)
    assert first == second
    created = openpyxl.load_workbook(io.BytesIO(first)).properties.created
    assert created == data.campaign.start.astimezone(UTC).replace(tzinfo=None)


def test_columns_are_wide_enough_for_their_content() -> None:
    data, plan = example()
    sheet = _book(data, plan)["Schedule"]
    header = [c.value for c in sheet[1]]
    widths = {
        name: sheet.column_dimensions[sheet.cell(1, n + 1).column_letter].width
        for n, name in enumerate(header)
    }
    assert widths["Arrives (WIB)"] >= len("2024-02-09 07:00")
    assert widths["Place name"] >= len("Pulau Lancang Besar")
    assert all(w <= 60 for w in widths.values())


def test_the_about_sheet_names_the_data_and_totals() -> None:
    data, plan = example()
    rows = {r[0]: r[1] for r in _book(data, plan)["About"].iter_rows(values_only=True) if r[0]}
    assert rows["Data"] == "the bundled data set"
    assert rows["Data digest"] == data.digest
    assert rows["TPS served"] == 88
    assert rows["Boats used"] == 3


def test_a_plan_without_trips_still_makes_a_workbook() -> None:
    data, _ = example()
    book = _book(data, Plan(boats=()))
    assert book.sheetnames == ["Schedule", "TPS", "About"]


def test_sheet_names_are_cut_to_31_characters_and_unique_ignoring_case() -> None:
    long = "a" * 40
    names = sheet_names(["Schedule", "TPS", "About"], ["tps", long, long.upper(), "kayu-1"])
    assert names[:3] == ["Schedule", "TPS", "About"]
    assert names[3] == "tps~2"
    assert names[4] == "a" * SHEET_NAME_MAX
    assert names[5] == "A" * (SHEET_NAME_MAX - 2) + "~2"
    assert names[6] == "kayu-1"
    assert len({n.casefold() for n in names}) == len(names)
