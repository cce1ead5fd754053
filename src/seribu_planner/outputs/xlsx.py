"""The plan as an Excel workbook a planner sends on (written with XlsxWriter).

Sheets: the schedule (one row per call, as the CSV), the TPS (arrival, deadline, slack,
and every unserved TPS with its reason), one loading manifest per boat used (per TPS: item
counts, kg, m3; totals per trip and per boat), and an "about" sheet naming the data set.

Times are real date-time cells in the campaign's zone (named in the column header), counts
and loads are numbers, totals are formulas with their values stored, so that a spreadsheet
in any locale reads them as numbers and sums stay right after a row is edited. Text from
the data is always written as text, never as a formula or a link.

The bytes are the same for the same plan and data: the document's created date is the
campaign start, and XlsxWriter stamps every part of the file with a fixed date.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import xlsxwriter

from seribu_planner import __version__
from seribu_planner.model import DataSet
from seribu_planner.outputs.i18n import _, zone_name
from seribu_planner.outputs.loads import (
    Call,
    TripSheet,
    place_name,
    slack_band,
    totals,
    trip_sheets,
)
from seribu_planner.outputs.palette import SLACK_FILL, UNSERVED_FILL, boat_colours
from seribu_planner.outputs.report import origin_text, printable, unserved_text
from seribu_planner.outputs.summary import deliveries, summarize
from seribu_planner.plan import Plan

#: Excel's limit on the length of a sheet name.
SHEET_NAME_MAX = 31
_DATE_FORMAT = "yyyy-mm-dd hh:mm"
_DATE_WIDTH = 17
_MAX_WIDTH = 60


def plan_to_xlsx(data: DataSet, plan: Plan) -> bytes:
    """The workbook of a plan, as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    created = data.campaign.start.astimezone(UTC).replace(tzinfo=None)
    book.set_properties(
        {
            "title": data.campaign.name,
            "subject": _("Boat schedule and loading manifests"),
            "author": f"seribu-plan {__version__}",
            "comments": data.digest,
            # A fixed date keeps the file byte-identical from run to run.
            "created": created,
        }
    )
    styles = _Styles(book)
    sheets = trip_sheets(data, plan)
    boats_used = [b.boat for b in plan.boats if b.trips]
    names = sheet_names([_("Schedule"), _("TPS"), _("About")], boats_used)
    _schedule(_Grid(book.add_worksheet(names[0]), styles), data, sheets)
    _tps(_Grid(book.add_worksheet(names[1]), styles), data, plan)
    colours = boat_colours(data, plan)
    for boat, name in zip(boats_used, names[3:], strict=True):
        grid = _Grid(book.add_worksheet(name), styles)
        grid.sheet.set_tab_color(colours[boat])
        _manifest(grid, data, boat, [s for s in sheets if s.boat == boat])
    _about(_Grid(book.add_worksheet(names[2]), styles), data, plan)
    book.close()
    return buffer.getvalue()


def sheet_names(fixed: Sequence[str], boats: Sequence[str]) -> list[str]:
    """Sheet names for the fixed sheets then one per boat, valid and unique in Excel.

    Excel compares sheet names without regard to case and allows 31 characters; a boat id
    that collides after cutting gets a ``~2`` (``~3``...) ending.
    """
    names: list[str] = []
    taken: set[str] = set()
    for wanted in (*fixed, *boats):
        name = wanted[:SHEET_NAME_MAX]
        n = 1
        while name.casefold() in taken:
            n += 1
            suffix = f"~{n}"
            name = wanted[: SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


# --------------------------------------------------------------------------- writing cells


class _Styles:
    """The cell formats of the workbook, created once."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.header = book.add_format(
            {"bold": True, "bg_color": "#dde4ee", "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.bold = book.add_format({"bold": True})
        self.moment = book.add_format({"num_format": _DATE_FORMAT, "align": "left"})
        self.integer = book.add_format({"num_format": "0"})
        self.kg = book.add_format({"num_format": "0.0"})
        self.m3 = book.add_format({"num_format": "0.000"})
        self.money = book.add_format({"num_format": "#,##0"})
        self.total_integer = book.add_format({"num_format": "0", "bold": True, "top": 1})
        self.total_kg = book.add_format({"num_format": "0.0", "bold": True, "top": 1})
        self.total_m3 = book.add_format({"num_format": "0.000", "bold": True, "top": 1})
        self.total_label = book.add_format({"bold": True, "top": 1})
        self.slack = {
            band: book.add_format({"num_format": "[h]:mm", "bg_color": colour})
            for band, colour in SLACK_FILL.items()
        }
        self.band = {
            band: book.add_format({"bg_color": colour}) for band, colour in SLACK_FILL.items()
        }
        self.unserved = book.add_format({"bg_color": UNSERVED_FILL})


@dataclass
class _Grid:
    """A worksheet that remembers how wide each column's content is."""

    sheet: Any
    styles: _Styles
    widths: dict[int, int] = field(default_factory=dict)

    def fit(self, col: int, width: int) -> None:
        self.widths[col] = min(_MAX_WIDTH, max(self.widths.get(col, 0), width))

    def text(self, row: int, col: int, value: str, fmt: Any = None, *, fit: bool = True) -> None:
        # write_string, never write(): text from the data starting with "=" or "http" must
        # stay text, not become a formula or a link. Control characters are shown as in
        # the terminal (\x1b), not hidden in the cell.
        value = printable(value)
        self.sheet.write_string(row, col, value, fmt)
        if fit:
            self.fit(col, len(value) + 2)

    def header(self, row: int, labels: Sequence[str]) -> None:
        for col, label in enumerate(labels):
            self.sheet.write_string(row, col, label, self.styles.header)
            # Headers may wrap at spaces: their longest word sets the minimum width.
            self.fit(col, max(len(word) for word in label.split()) + 3)

    def number(self, row: int, col: int, value: float, fmt: Any) -> None:
        # Six decimals: 45.08, not the 45.08000000000001 of a float sum, when a cell is opened.
        self.sheet.write_number(row, col, round(value, 6), fmt)
        self.fit(col, len(f"{value:.3f}".rstrip("0").rstrip(".")) + 3)

    def moment(self, row: int, col: int, moment: datetime | None, data: DataSet) -> None:
        if moment is None:
            self.sheet.write_blank(row, col, None)
            return
        local = moment.astimezone(data.campaign.tz).replace(tzinfo=None)
        self.sheet.write_datetime(row, col, local, self.styles.moment)
        self.fit(col, _DATE_WIDTH)

    def total(self, row: int, col: int, formula: str, value: float, fmt: Any) -> None:
        # The value is stored beside the formula: readers that do not calculate see it too.
        self.sheet.write_formula(row, col, formula, fmt, round(value, 6))
        self.fit(col, len(f"{value:.3f}".rstrip("0").rstrip(".")) + 3)

    def finish(self) -> None:
        for col, width in sorted(self.widths.items()):
            self.sheet.set_column(col, col, width)


def _zone(data: DataSet) -> str:
    return zone_name(data.campaign.start.astimezone(data.campaign.tz))


def _cell(row: int, col: int) -> str:
    return str(xlsxwriter.utility.xl_rowcol_to_cell(row, col))


# --------------------------------------------------------------------------- sheets


def _schedule(grid: _Grid, data: DataSet, sheets: Sequence[TripSheet]) -> None:
    """One row per call where kits are dropped, as the CSV, with real times and numbers."""
    zone = _zone(data)
    items = [item.item for item in data.campaign.kit]
    labels = [
        _("Boat"),
        _("Trip"),
        _("Stop"),
        _("From"),
        _("Departs ({zone})").format(zone=zone),
        _("Place"),
        _("Place name"),
        _("Arrives ({zone})").format(zone=zone),
        _("Leaves ({zone})").format(zone=zone),
        _("TPS"),
        _("Kits"),
        _("Voters"),
        _("Load kg"),
        _("Load m3"),
        *items,
    ]
    grid.header(0, labels)
    s = grid.styles
    row = 0
    for sheet in sheets:
        for call in sheet.calls:
            row += 1
            sums = totals(call.lines, len(items))
            grid.text(row, 0, call.boat)
            grid.number(row, 1, call.trip, s.integer)
            grid.number(row, 2, call.position, s.integer)
            grid.text(row, 3, call.previous.place)
            grid.moment(row, 4, call.previous.depart, data)
            grid.text(row, 5, call.stop.place)
            grid.text(row, 6, place_name(data, call.stop.place))
            grid.moment(row, 7, call.stop.arrive, data)
            grid.moment(row, 8, call.stop.depart, data)
            grid.text(row, 9, ", ".join(call.stop.tps), fit=False)
            grid.number(row, 10, sums.tps, s.integer)
            grid.number(row, 11, sums.voters, s.integer)
            grid.number(row, 12, sums.kg, s.kg)
            grid.number(row, 13, sums.m3, s.m3)
            for i, count in enumerate(sums.counts):
                grid.number(row, 14 + i, count, s.integer)
    grid.fit(9, 30)
    grid.sheet.freeze_panes(1, 0)
    grid.sheet.autofilter(0, 0, max(row, 1), len(labels) - 1)
    _print_setup(grid)
    grid.finish()


def _tps(grid: _Grid, data: DataSet, plan: Plan) -> None:
    """Every TPS of the data set: who brings its kit, when, its slack; or why nobody does."""
    zone = _zone(data)
    labels = [
        _("TPS"),
        _("Island"),
        _("Island name"),
        _("Kelurahan"),
        _("Kind"),
        _("Voters"),
        _("Boat"),
        _("Trip"),
        _("Arrives ({zone})").format(zone=zone),
        _("Deadline ({zone})").format(zone=zone),
        _("Slack (h:mm)"),
        _("Status"),
        _("Detail"),
    ]
    grid.header(0, labels)
    s = grid.styles
    served = {d.tps: d for d in deliveries(data, plan)}
    unserved = {u.tps: u for u in plan.unserved}
    for row, tps in enumerate(data.tps, start=1):
        island = data.islands_by_id.get(tps.island)
        grid.text(row, 0, tps.id)
        grid.text(row, 1, tps.island)
        grid.text(row, 2, island.name if island else "")
        grid.text(row, 3, (island.kelurahan or "") if island else "")
        grid.text(row, 4, tps.kind.value)
        grid.number(row, 5, tps.voters, s.integer)
        grid.moment(row, 9, data.tps_deadline(tps), data)
        delivery = served.get(tps.id)
        if delivery is not None:
            band = slack_band(delivery.slack)
            grid.text(row, 6, delivery.boat)
            grid.number(row, 7, delivery.trip, s.integer)
            grid.moment(row, 8, delivery.arrive, data)
            # A duration in days, shown as [h]:mm: not rounded, so that it stays whole minutes.
            grid.sheet.write_number(row, 10, delivery.slack / timedelta(days=1), s.slack[band])
            grid.text(row, 11, _band_label(band.value), s.band[band])
        else:
            missing = unserved.get(tps.id)
            grid.text(row, 11, missing.reason.value if missing else _("not in plan"), s.unserved)
            if missing is not None:
                grid.text(row, 12, unserved_text(missing, data.campaign.tz), fit=False)
    grid.fit(12, 40)
    grid.sheet.freeze_panes(1, 1)
    grid.sheet.autofilter(0, 0, max(len(data.tps), 1), len(labels) - 1)
    _print_setup(grid)
    grid.finish()


def _band_label(band: str) -> str:
    labels = {"tight": _("tight"), "short": _("short"), "ample": _("ample")}
    return labels[band]


def _manifest(grid: _Grid, data: DataSet, boat_id: str, sheets: Sequence[TripSheet]) -> None:
    """The loading manifest of one boat: per trip, per TPS, counts, kg and m3, with totals."""
    s = grid.styles
    zone = _zone(data)
    items = [item.item for item in data.campaign.kit]
    boat = data.boats_by_id.get(boat_id)
    grid.text(0, 0, boat_id, s.title, fit=False)
    grid.text(0, 2, boat.name if boat else "", s.title, fit=False)
    row = 1
    if boat is not None:
        facts = [(_("Home port"), f"{place_name(data, boat.home)} ({boat.home})")]
        facts += [
            (label, fact)
            for label, fact in (
                (_("Escort"), boat.escort),
                (_("Contact"), boat.contact),
                (_("Crew"), boat.crew),
            )
            if fact
        ]
        for label, fact in facts:
            grid.text(row, 0, label, s.bold, fit=False)
            grid.text(row, 2, fact, fit=False)
            row += 1
    # Columns: call, place, arrives, TPS, voters, one per item, kg, m3.
    first_item, kg_col = 5, 5 + len(items)
    summed = [4, *range(first_item, kg_col + 2)]
    trip_total_rows: list[int] = []
    for sheet in sheets:
        row += 1
        port = sheet.port
        grid.text(row, 0, _("Trip {number}").format(number=sheet.trip.number), s.bold, fit=False)
        grid.text(row, 1, _("Loads at"), fit=False)
        grid.text(row, 2, f"{place_name(data, port)} ({port})", fit=False)
        row += 1
        grid.text(row, 1, _("Departs ({zone})").format(zone=zone), fit=False)
        grid.moment(row, 2, sheet.depart, data)
        row += 1
        grid.text(row, 1, _("Back at ({zone})").format(zone=zone), fit=False)
        grid.moment(row, 2, sheet.end.arrive, data)
        grid.text(row, 3, f"{place_name(data, sheet.end.place)} ({sheet.end.place})", fit=False)
        row += 1
        labels = [
            _("Call"),
            _("Place"),
            _("Arrives ({zone})").format(zone=zone),
            _("TPS"),
            _("Voters"),
            *items,
            _("kg"),
            _("m3"),
        ]
        grid.header(row, labels)
        first = row + 1
        for call in sheet.calls:
            for line in call.lines:
                row += 1
                _manifest_line(grid, data, call, line.tps.id, row)
                grid.number(row, 4, line.tps.voters, s.integer)
                for i, count in enumerate(line.counts):
                    grid.number(row, first_item + i, count, s.integer)
                grid.number(row, kg_col, line.kg, s.kg)
                grid.number(row, kg_col + 1, line.m3, s.m3)
        row += 1
        sums = totals(sheet.lines, len(items))
        values = [sums.voters, *sums.counts, sums.kg, sums.m3]
        grid.text(row, 0, _("Trip {number} total").format(number=sheet.trip.number), s.total_label)
        for col in range(1, 4):
            grid.sheet.write_blank(row, col, None, s.total_label)
        for col, value in zip(summed, values, strict=True):
            span = f"{_cell(first, col)}:{_cell(row - 1, col)}"
            grid.total(row, col, f"=SUM({span})", value, _total_format(s, col, kg_col))
        trip_total_rows.append(row)
        row += 1
    if len(trip_total_rows) > 1:
        row += 1
        everything = totals([line for sheet in sheets for line in sheet.lines], len(items))
        values = [everything.voters, *everything.counts, everything.kg, everything.m3]
        grid.text(row, 0, _("Boat total"), s.total_label)
        for col in range(1, 4):
            grid.sheet.write_blank(row, col, None, s.total_label)
        for col, value in zip(summed, values, strict=True):
            formula = "=" + "+".join(_cell(r, col) for r in trip_total_rows)
            grid.total(row, col, formula, value, _total_format(s, col, kg_col))
    grid.sheet.set_landscape()
    grid.sheet.set_paper(9)  # A4
    grid.sheet.fit_to_pages(1, 0)
    grid.finish()


def _manifest_line(grid: _Grid, data: DataSet, call: Call, tps_id: str, row: int) -> None:
    grid.number(row, 0, call.position, grid.styles.integer)
    grid.text(row, 1, call.stop.place)
    grid.moment(row, 2, call.stop.arrive, data)
    grid.text(row, 3, tps_id)


def _total_format(s: _Styles, col: int, kg_col: int) -> Any:
    if col == kg_col:
        return s.total_kg
    if col == kg_col + 1:
        return s.total_m3
    return s.total_integer


def _about(grid: _Grid, data: DataSet, plan: Plan) -> None:
    """Which data set and plan the workbook shows, and the plan's totals."""
    s = grid.styles
    summary = summarize(data, plan)
    rows: list[tuple[str, str | float, Any]] = [
        (_("Campaign"), data.campaign.name, None),
        (_("Data"), origin_text(data), None),
        (_("Data digest"), data.digest or "-", None),
        (_("Time zone"), f"{data.campaign.timezone} ({_zone(data)})", None),
        (_("TPS served"), summary.tps_served, s.integer),
        (_("TPS in the data"), summary.tps_total, s.integer),
        (_("Unserved TPS"), len(plan.unserved), s.integer),
        (_("Voters covered"), summary.voters_covered, s.integer),
        (_("Boats used"), summary.boats_used, s.integer),
        (_("Trips"), summary.trips, s.integer),
        (_("Hours under way"), round(summary.sailing_hours, 2), s.kg),
        (_("Cost (Rp)"), round(summary.cost), s.money),
        (_("Made by"), f"seribu-plan {__version__}", None),
    ]
    grid.text(0, 0, _("About this workbook"), s.title, fit=False)
    for row, (label, value, fmt) in enumerate(rows, start=2):
        grid.text(row, 0, label, s.bold)
        if isinstance(value, str):
            grid.text(row, 1, value, fit=False)
        else:
            grid.number(row, 1, value, fmt)
    grid.fit(1, 40)
    grid.finish()


def _print_setup(grid: _Grid) -> None:
    grid.sheet.set_landscape()
    grid.sheet.set_paper(9)  # A4
    grid.sheet.fit_to_pages(1, 0)
    grid.sheet.repeat_rows(0)
