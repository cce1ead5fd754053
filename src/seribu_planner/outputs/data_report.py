"""Rich renderables of the data set itself: what ``validate`` loaded, and the sailing
windows ``windows`` shows. Like ``report``, they build renderables and never print."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from seribu_planner.derive.kit import kit_for
from seribu_planner.derive.weather import (
    Clock,
    Interval,
    forecast_gaps,
    horizon_minutes,
    sailing_windows,
)
from seribu_planner.model import DataSet
from seribu_planner.outputs.i18n import _, clock, decimal, number, span, weekday, when, zone_name
from seribu_planner.outputs.layout import (
    SECTION,
    Column,
    FitTable,
    Label,
    Layout,
    Row,
    Step,
    stepped,
)
from seribu_planner.outputs.report import compact_ids, data_line, literal, origin_text, printable

# --------------------------------------------------------------------------- validate


def data_overview(data: DataSet, warnings: Sequence[str]) -> RenderableType:
    """What was loaded: horizon, places, TPS and voters per kelurahan, boats, kit totals."""
    campaign = data.campaign
    tz = campaign.tz
    kits = [kit_for(campaign, t) for t in data.tps]
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold", no_wrap=True)
    head.add_column(overflow="fold")
    head.add_row(_("data"), origin_text(data))
    head.add_row(_("campaign"), printable(campaign.name))
    head.add_row(
        _("horizon"),
        _("{start} to {end}").format(start=when(campaign.start, tz), end=when(campaign.end, tz)),
    )
    head.add_row(_("deadline"), when(campaign.deadline, tz))
    head.add_row(
        _("places"),
        _("{ports} ports, {islands} islands, {platforms} platforms, {zones} zones").format(
            ports=number(len(data.ports)),
            islands=number(sum(i.kind == "island" for i in data.islands)),
            platforms=number(sum(i.kind == "platform" for i in data.islands)),
            zones=number(len(data.zones)),
        ),
    )
    regular = sum(t.kind == "regular" for t in data.tps)
    head.add_row(
        _("TPS"),
        _("{total} ({regular} regular, {khusus} khusus), {voters} voters").format(
            total=number(len(data.tps)),
            regular=number(regular),
            khusus=number(len(data.tps) - regular),
            voters=number(sum(t.voters for t in data.tps)),
        ),
    )
    head.add_row(
        _("kits"),
        _("{kg} kg, {m3} m3, {pieces} pieces").format(
            kg=number(sum(k.kg for k in kits)),
            m3=number(sum(k.m3 for k in kits), 1),
            pieces=number(sum(k.items for k in kits)),
        ),
    )
    head.add_row(_("forecast"), _("{count} slots").format(count=number(len(data.forecast))))
    head.add_row(_("data digest"), data.digest or "-")

    parts: list[RenderableType] = [head, Text(""), _kelurahan_table(data)]
    parts += [Text(""), _fleet_table(data), Text("")]
    if warnings:
        parts.append(Text(_("Warnings"), style="bold yellow"))
        parts.extend(literal(f"  ! {w}", style="yellow") for w in warnings)
    else:
        parts.append(Text(_("No warnings."), style="green"))
    return Group(*parts)


def _kelurahan_table(data: DataSet) -> FitTable:
    per_kel: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for tps in data.tps:
        island = data.islands_by_id[tps.island]
        key = island.kelurahan or island.name
        per_kel[key][0] += 1
        per_kel[key][1] += tps.kind == "khusus"
        per_kel[key][2] += tps.voters
    columns = (
        Column("kelurahan", _("kelurahan"), wrap=True),
        Column("tps", _("TPS"), justify="right"),
        Column("khusus", _("of which khusus"), justify="right"),
        Column("voters", _("voters"), justify="right"),
    )
    rows: list[Row] = []
    for name in sorted(per_kel):
        count, khusus, voters = per_kel[name]
        rows.append(
            (printable(name), number(count), number(khusus) if khusus else "-", number(voters))
        )
    rows += [
        SECTION,
        (
            _("total"),
            number(len(data.tps)),
            number(sum(t.kind == "khusus" for t in data.tps)),
            number(sum(t.voters for t in data.tps)),
        ),
    ]
    title = Text(_("TPS and voters per kelurahan"), style="bold")
    return FitTable([Layout(columns, tuple(rows))], title=title)


def _fleet_table(data: DataSet) -> FitTable:
    """The boats; narrower than it needs, the table lets the kinds served wrap, then drops
    the home port, then lets the boat id fold."""
    columns = (
        Column("boat", _("boat")),
        Column("home", _("home")),
        Column("knots", _("knots"), justify="right"),
        Column("kg", _("kg"), justify="right"),
        Column("m3", _("m3"), justify="right"),
        Column("wave", _("max wave")),
        Column("night", _("night")),
        Column("serves", _("serves")),
    )
    rows: tuple[Row, ...] = tuple(
        (
            boat.id,
            boat.home,
            decimal(boat.speed_knots),
            number(boat.capacity_kg),
            decimal(boat.capacity_m3),
            f"{decimal(boat.max_wave_m)} m",
            _("yes") if boat.night_sailing else _("no"),
            ", ".join(k.value for k in boat.serves),
        )
        for boat in data.boats
    )
    steps: list[Step] = [("wrap", "serves"), ("drop", "home"), ("fold", "boat")]
    title = Text(_("Boats"), style="bold")
    return FitTable(stepped(Layout(columns, rows), steps), title=title)


# --------------------------------------------------------------------------- windows

_OPEN, _PART, _SHUT = "█", "▄", "·"
#: Hours a cell of the timeline stands for: the finest that fits the width is used.
_CELL_HOURS = (3, 6, 12)


def _cell(windows: Sequence[Interval], s: int, e: int) -> str:
    covered = sum(max(0, min(e, we) - max(s, ws)) for ws, we in windows)
    if covered >= e - s:
        return _OPEN
    return _PART if covered > 0 else _SHUT


def windows_view(data: DataSet) -> RenderableType:
    """Sailing windows per zone as a timeline of cells, then exactly.

    Boats with equal windows share their rows. A cell stands for 3 hours, or for 6 or 12
    when the timeline would not fit the width otherwise.
    """
    campaign = data.campaign
    clock_ = Clock(campaign.start)
    tz = campaign.tz
    local_start = campaign.start.astimezone(tz)
    day0 = local_start.replace(hour=0, minute=0, second=0, microsecond=0)
    offset = clock_.minute_floor(day0)
    days = (horizon_minutes(data) - offset + 24 * 60 - 1) // (24 * 60)
    zones_used = sorted({p.zone for p in data.ports} | {i.zone for i in data.islands})
    # Boats with the same limits share their windows: one block of rows for them all.
    alike: dict[tuple[tuple[str, tuple[Interval, ...]], ...], list[str]] = {}
    for boat in data.boats:
        by_zone = sailing_windows(data, boat)
        key = tuple((zone, tuple(by_zone.get(zone, []))) for zone in zones_used)
        alike.setdefault(key, []).append(boat.id)

    day_starts = [day0 + timedelta(days=d) for d in range(days)]
    layouts = []
    for hours in _CELL_HOURS:
        cells = 24 // hours
        columns = [Column("zone", _("boats / zone"), wrap=True)]
        columns += [Column(f"d{d}", weekday(start, tz)) for d, start in enumerate(day_starts)]
        rows: list[Row] = []
        for key, boat_ids in alike.items():
            windows = dict(key)
            limits = data.boats_by_id[boat_ids[0]]
            # The limits on a line of their own: a narrow column wraps between boat ids only.
            label = _("({wave} m, night)") if limits.night_sailing else _("({wave} m)")
            limit = label.format(wave=decimal(limits.max_wave_m))
            text = f"{compact_ids(boat_ids)}\n{limit}"
            rows += [SECTION, Label(Text(text, style="bold"))]
            for zone in zones_used:
                row = [f"  {zone}"]
                for d in range(days):
                    line = ""
                    for c in range(cells):
                        s = offset + (d * 24 + c * hours) * 60
                        e = s + hours * 60
                        line += _cell(windows.get(zone, []), s, e) if e > 0 else " "
                    row.append(line)
                rows.append(tuple(row))
        title = _(
            "Sailing windows ({open} open, {part} part open, {shut} closed; one cell = "
            "{hours} h, days start {midnight} {zone})"
        ).format(
            open=_OPEN,
            part=_PART,
            shut=_SHUT,
            hours=hours,
            midnight=clock(day0),
            zone=zone_name(day0),
        )
        layouts.append(Layout(tuple(columns), tuple(rows[1:]), Text(title, style="bold")))
    timeline = FitTable(layouts)

    exact_columns = (
        Column("zone", _("boats / zone"), wrap=True),
        Column("windows", _("windows")),
    )
    exact_rows: list[Row] = []
    for key, boat_ids in alike.items():
        exact_rows += [SECTION, Label(Text(compact_ids(boat_ids), style="bold"))]
        for zone, intervals in key:
            spans = [span(clock_.at(s), clock_.at(e), tz) for s, e in intervals]
            exact_rows.append((f"  {zone}", "\n".join(spans) or _("none")))
    exact_layout = Layout(exact_columns, tuple(exact_rows[1:]))
    exact = FitTable(
        [exact_layout, exact_layout.loosened("windows")],
        title=Text(_("Sailing windows, exact"), style="bold"),
    )
    gaps = {z: g for z, g in forecast_gaps(data).items() if g}
    parts: list[RenderableType] = [data_line(data), timeline, Text(""), exact]
    for zone, pieces in sorted(gaps.items()):
        for s, e in pieces:
            message = _("{zone}: no forecast from {start} to {end} (closed to every boat)")
            text = message.format(
                zone=zone, start=when(clock_.at(s), tz), end=when(clock_.at(e), tz)
            )
            parts.append(Text(f"  ! {text}", style="yellow"))
    return Group(*parts)
