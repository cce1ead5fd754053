"""Rich renderables for people: the loaded data, sailing windows, a plan, violations.

Functions here build renderables and never print; ``cli`` decides where they go. Tables
stay within 100 columns and carry their meaning in text, not only in colour, so that a
plan piped to a file or a printer reads the same.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

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
from seribu_planner.errors import Problem
from seribu_planner.model import DataSet
from seribu_planner.outputs.summary import Delivery, Summary, deliveries
from seribu_planner.plan import Plan
from seribu_planner.verify import Violation

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text from the data or the user as it can be shown safely: control characters (a
    terminal escape sequence, a bell) appear as ``\\x1b`` and the like, never raw."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def literal(text: str, style: str = "") -> Text:
    """A Text that shows ``text`` exactly as written: no markup, no raw control characters."""
    return Text(printable(text), style=style)


def when(moment: datetime | None) -> str:
    """A short local time: ``Fri 09 Feb 07:00``."""
    if moment is None:
        return "-"
    return moment.strftime("%a %d %b %H:%M")


def duration(delta: timedelta) -> str:
    """A duration as ``1d 04:30`` or ``04:30`` (negative with a minus sign)."""
    minutes = round(delta.total_seconds() / 60)
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    days, rest = divmod(minutes, 24 * 60)
    clock = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"{sign}{days}d {clock}" if days else f"{sign}{clock}"


def idr(amount: float) -> str:
    """Rupiah with thousands separators: ``Rp 12,345,000``."""
    return f"Rp {amount:,.0f}"


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def compact_ids(ids: Sequence[str]) -> str:
    """TPS ids shortened where they run on: ``tidung-001..016`` for 16 consecutive ids."""
    parts: list[str] = []
    run: list[tuple[str, int, str]] = []

    def flush() -> None:
        if not run:
            return
        if len(run) >= 3:
            prefix, _, first = run[0]
            last = run[-1][2]
            parts.append(f"{first}..{last[len(prefix) :]}")
        else:
            parts.extend(item[2] for item in run)
        run.clear()

    for tps in ids:
        match = _NUMBERED.match(tps)
        if match is None:
            flush()
            parts.append(tps)
            continue
        prefix, number = match.group(1), int(match.group(2))
        if run and (run[-1][0] != prefix or run[-1][1] + 1 != number):
            flush()
        run.append((prefix, number, tps))
    flush()
    return ", ".join(parts)


def origin_text(data: DataSet) -> str:
    """Which data set a command used: the bundled one or a folder."""
    if data.origin.startswith("bundled"):
        return "the bundled data set" + data.origin.removeprefix("bundled")
    return printable(data.origin) or "-"


# --------------------------------------------------------------------------- problems


def problems_view(problems: Sequence[Problem], title: str) -> RenderableType:
    """Located input problems, one ``file:line:column field: message`` line each.

    Plain lines rather than a table: editors and CI logs recognise the location prefix,
    and long paths never squeeze the message.
    """
    lines: list[RenderableType] = [literal(title, style="bold red")]
    lines.extend(literal(f"  {p}") for p in problems)
    return Group(*lines)


# --------------------------------------------------------------------------- validate


def data_overview(data: DataSet, warnings: Sequence[str]) -> RenderableType:
    """What was loaded: horizon, places, TPS and voters per kelurahan, boats, kit totals."""
    campaign = data.campaign
    kits = [kit_for(campaign, t) for t in data.tps]
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("data", origin_text(data))
    head.add_row("campaign", printable(campaign.name))
    head.add_row(
        "horizon",
        f"{when(campaign.start)} to {when(campaign.end)} ({campaign.timezone}); "
        f"deadline {when(campaign.deadline)}",
    )
    head.add_row(
        "places",
        f"{len(data.ports)} ports, "
        f"{sum(i.kind == 'island' for i in data.islands)} islands, "
        f"{sum(i.kind == 'platform' for i in data.islands)} platforms, {len(data.zones)} zones",
    )
    regular = sum(t.kind == "regular" for t in data.tps)
    head.add_row(
        "TPS",
        f"{len(data.tps)} ({regular} regular, {len(data.tps) - regular} khusus), "
        f"{sum(t.voters for t in data.tps):,} voters",
    )
    head.add_row(
        "kits",
        f"{sum(k.kg for k in kits):,.0f} kg, {sum(k.m3 for k in kits):,.1f} m3, "
        f"{sum(k.items for k in kits):,} pieces",
    )
    head.add_row("forecast", f"{len(data.forecast)} slots")
    head.add_row("data digest", data.digest or "-")

    per_kel: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for tps in data.tps:
        island = data.islands_by_id[tps.island]
        key = island.kelurahan or island.name
        per_kel[key][0] += 1
        per_kel[key][1] += tps.kind == "khusus"
        per_kel[key][2] += tps.voters
    kel = Table(title="TPS and voters per kelurahan", title_justify="left")
    kel.add_column("kelurahan")
    kel.add_column("TPS", justify="right")
    kel.add_column("of which khusus", justify="right")
    kel.add_column("voters", justify="right")
    for name in sorted(per_kel):
        count, khusus, voters = per_kel[name]
        kel.add_row(printable(name), str(count), str(khusus) if khusus else "-", f"{voters:,}")
    kel.add_section()
    khusus_total = sum(t.kind == "khusus" for t in data.tps)
    kel.add_row(
        "total", str(len(data.tps)), str(khusus_total), f"{sum(t.voters for t in data.tps):,}"
    )

    fleet = Table(title="Boats", title_justify="left")
    for column in ("boat", "home", "knots", "kg", "m3", "max wave", "night", "serves"):
        fleet.add_column(column, justify="right" if column in ("knots", "kg", "m3") else "left")
    for boat in data.boats:
        fleet.add_row(
            boat.id,
            boat.home,
            f"{boat.speed_knots:g}",
            f"{boat.capacity_kg:,.0f}",
            f"{boat.capacity_m3:g}",
            f"{boat.max_wave_m:g} m",
            "yes" if boat.night_sailing else "no",
            ", ".join(k.value for k in boat.serves),
        )
    parts: list[RenderableType] = [head, kel, fleet]
    if warnings:
        parts.append(Text("Warnings", style="bold yellow"))
        parts.extend(literal(f"  ! {w}", style="yellow") for w in warnings)
    else:
        parts.append(Text("No warnings.", style="green"))
    return Group(*parts)


# --------------------------------------------------------------------------- windows

_CELL_HOURS = 3
_OPEN, _PART, _SHUT = "█", "▄", "·"


def _cell(windows: Sequence[Interval], s: int, e: int) -> str:
    covered = sum(max(0, min(e, we) - max(s, ws)) for ws, we in windows)
    if covered >= e - s:
        return _OPEN
    return _PART if covered > 0 else _SHUT


def _span(first: datetime, last: datetime) -> str:
    if first.date() == last.date():
        return f"{when(first)}-{last.strftime('%H:%M')}"
    return f"{when(first)} - {when(last)}"


def windows_view(data: DataSet) -> RenderableType:
    """Sailing windows per zone as a timeline of 3-hour cells, then exactly.

    Boats with equal windows share their rows.
    """
    campaign = data.campaign
    clock = Clock(campaign.start)
    tz = campaign.tz
    local_start = campaign.start.astimezone(tz)
    day0 = local_start.replace(hour=0, minute=0, second=0, microsecond=0)
    offset = clock.minute_floor(day0)
    days = (horizon_minutes(data) - offset + 24 * 60 - 1) // (24 * 60)
    cells = 24 // _CELL_HOURS
    zones_used = sorted({p.zone for p in data.ports} | {i.zone for i in data.islands})
    table = Table(
        title=f"Sailing windows ({_OPEN} open, {_PART} part open, {_SHUT} closed; "
        f"one cell = {_CELL_HOURS} h, days start 00:00 {campaign.timezone})",
        title_justify="left",
        show_lines=False,
    )
    table.add_column("boats / zone", overflow="fold")
    for d in range(days):
        label = (day0 + timedelta(days=d)).strftime("%a %d")
        table.add_column(label, no_wrap=True, min_width=cells)
    # Boats with the same limits share their windows: one block of rows for them all.
    alike: dict[tuple[tuple[str, tuple[Interval, ...]], ...], list[str]] = {}
    for boat in data.boats:
        by_zone = sailing_windows(data, boat)
        key = tuple((zone, tuple(by_zone.get(zone, []))) for zone in zones_used)
        alike.setdefault(key, []).append(boat.id)
    for key, boat_ids in alike.items():
        windows = dict(key)
        limits = data.boats_by_id[boat_ids[0]]
        night = ", night" if limits.night_sailing else ""
        table.add_section()
        table.add_row(
            Text(f"{compact_ids(boat_ids)} ({limits.max_wave_m:g} m{night})", style="bold")
        )
        for zone in zones_used:
            row = [f"  {zone}"]
            for d in range(days):
                text = ""
                for c in range(cells):
                    s = offset + (d * 24 + c * _CELL_HOURS) * 60
                    e = s + _CELL_HOURS * 60
                    text += _cell(windows.get(zone, []), s, e) if e > 0 else " "
                row.append(text)
            table.add_row(*row)
    exact = Table(title="Sailing windows, exact", title_justify="left")
    exact.add_column("boats / zone", overflow="fold")
    exact.add_column("windows", overflow="fold")
    for key, boat_ids in alike.items():
        exact.add_section()
        exact.add_row(Text(compact_ids(boat_ids), style="bold"), "")
        for zone, intervals in key:
            spans = [_span(clock.at(s), clock.at(e)) for s, e in intervals]
            exact.add_row(f"  {zone}", ", ".join(spans) or "none")
    gaps = {z: g for z, g in forecast_gaps(data).items() if g}
    parts: list[RenderableType] = [literal(f"data: {origin_text(data)}"), table, exact]
    for zone, pieces in sorted(gaps.items()):
        for s, e in pieces:
            parts.append(
                Text(
                    f"  ! {zone}: no forecast from {when(clock.at(s))} to {when(clock.at(e))}"
                    " (closed to every boat)",
                    style="yellow",
                )
            )
    return Group(*parts)


# --------------------------------------------------------------------------- plan


def summary_view(summary: Summary, lower_bound: float | None = None) -> RenderableType:
    """The few lines an officer reads first; the cost with its gap to a proven bound."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    served = f"{summary.tps_served} / {summary.tps_total}"
    style = "green" if summary.tps_served == summary.tps_total else "red"
    grid.add_row("TPS served", Text(served, style=style))
    grid.add_row("voters covered", f"{summary.voters_covered:,} / {summary.voters_total:,}")
    grid.add_row("boats used", f"{summary.boats_used} ({summary.trips} trips)")
    grid.add_row("under way", f"{summary.sailing_hours:,.1f} h, {summary.distance_nm:,.1f} nm")
    grid.add_row("cost", idr(summary.cost))
    if lower_bound is not None and summary.tps_served:
        if lower_bound > 0:
            gap = max(0.0, (summary.cost - lower_bound) / lower_bound)
            text = f"{idr(lower_bound)}: this plan costs at most {100 * gap:.1f} % more than"
            text += " the best possible"
        else:
            text = f"{idr(lower_bound)}"
        grid.add_row("proven bound", text)
    if summary.tightest is not None:
        t = summary.tightest
        grid.add_row(
            "least slack",
            f"{duration(t.slack)} ({t.tps}, arrives {when(t.arrive)}, deadline {when(t.deadline)})",
        )
    return grid


def trips_view(data: DataSet, plan: Plan) -> RenderableType:
    """Per boat, each trip: loading port and departure, calls with drops, return."""
    tables: list[RenderableType] = [Text("Trips", style="bold")]
    for boat_plan in plan.boats:
        boat = data.boats_by_id.get(boat_plan.boat)
        title = boat_plan.boat
        if boat is not None:
            title += f" - {printable(boat.name)} ({boat.speed_knots:g} kn, home {boat.home})"
        table = Table(title=title, title_justify="left", title_style="bold")
        table.add_column("trip", justify="right", no_wrap=True)
        table.add_column("place", no_wrap=True)
        table.add_column("arrive", no_wrap=True)
        table.add_column("depart", no_wrap=True)
        table.add_column("kits", overflow="fold")
        for trip in boat_plan.trips:
            table.add_section()
            last = len(trip.stops) - 1
            for n, stop in enumerate(trip.stops):
                if n == 0:
                    kits = f"load {sum(len(s.tps) for s in trip.stops)}"
                elif n == last:
                    kits = "back in port"
                else:
                    kits = f"{len(stop.tps)}: {compact_ids(stop.tps)}" if stop.tps else "-"
                table.add_row(
                    str(trip.number) if n == 0 else "",
                    stop.place,
                    when(stop.arrive),
                    when(stop.depart),
                    kits,
                )
        tables.append(table)
    return Group(*tables)


def tps_view(data: DataSet, plan: Plan) -> RenderableType:
    """Every TPS served: island, boat, trip, arrival and slack, grouped by kelurahan."""
    table = Table(title="TPS arrivals by kelurahan", title_justify="left")
    for column in ("TPS", "island", "voters", "boat", "trip", "arrives", "slack"):
        table.add_column(column, justify="right" if column in ("voters", "trip") else "left")
    by_kel: dict[str, list[Delivery]] = defaultdict(list)
    for d in deliveries(data, plan):
        island = data.islands_by_id.get(d.island)
        by_kel[(island.kelurahan or island.name) if island else d.island].append(d)
    for kel in sorted(by_kel):
        table.add_section()
        table.add_row(literal(kel, style="bold"))
        for d in sorted(by_kel[kel], key=lambda d: d.tps):
            table.add_row(
                f"  {d.tps}",
                d.island,
                str(data.tps_by_id[d.tps].voters),
                d.boat,
                str(d.trip),
                when(d.arrive),
                duration(d.slack),
            )
    return table


def unserved_view(data: DataSet, plan: Plan) -> RenderableType:
    """The TPS the plan leaves unserved, with reason codes and details."""
    table = Table(title="Unserved TPS", title_justify="left", title_style="bold red")
    table.add_column("TPS", no_wrap=True)
    table.add_column("reason", no_wrap=True)
    table.add_column("detail", overflow="fold")
    for u in plan.unserved:
        table.add_row(printable(u.tps), u.reason.value, printable(u.detail))
    return table


def plan_view(data: DataSet, plan: Plan, summary: Summary, *, quiet: bool) -> RenderableType:
    """The whole printed plan: summary, then (unless quiet) trips, TPS and unserved."""
    parts: list[RenderableType] = [
        literal(data.campaign.name, style="bold"),
        literal(f"data: {origin_text(data)}"),
        summary_view(summary, plan.lower_bound),
    ]
    if not quiet:
        parts += [Text(""), trips_view(data, plan), Text(""), tps_view(data, plan)]
    if plan.unserved:
        parts += [Text(""), unserved_view(data, plan)]
    return Group(*parts)


def violations_view(violations: Sequence[Violation], title: str) -> RenderableType:
    """Broken rules, one row each, naming the boat, trip, leg or TPS concerned."""
    table = Table(title=title, title_justify="left", title_style="bold red")
    table.add_column("rule", no_wrap=True)
    table.add_column("where", no_wrap=True)
    table.add_column("what", overflow="fold")
    for v in violations:
        where = " ".join(
            part
            for part in (
                v.boat or "",
                f"trip {v.trip}" if v.trip is not None else "",
                f"leg {v.leg}" if v.leg is not None else "",
                v.tps or "",
            )
            if part
        )
        table.add_row(str(v.kind), printable(where) or "-", printable(v.message))
    return table
