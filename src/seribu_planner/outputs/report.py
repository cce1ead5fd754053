"""Rich renderables for people: a plan, its summary, violations, located input problems.

Functions here build renderables and never print; ``cli`` decides where they go. Text is in
the reader's language (``i18n``), times in the one time style. Tables fit the width they are
printed at and never cut an id (``layout``): each view states the order in which its table
gives up width. Meaning is carried in text, not only in colour, so that a plan piped to a
file or a printer reads the same. The data set itself (``validate``, ``windows``) is shown
by ``data_report``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from seribu_planner.errors import Problem
from seribu_planner.model import DataSet
from seribu_planner.outputs.i18n import (
    _,
    decimal,
    duration,
    money,
    ngettext,
    number,
    pgettext,
    say,
    span,
    when,
)
from seribu_planner.outputs.layout import (
    SECTION,
    Column,
    FitGroup,
    FitTable,
    Label,
    Layout,
    Row,
    Step,
    stepped,
)
from seribu_planner.outputs.summary import Delivery, Summary, deliveries
from seribu_planner.plan import Plan, Stop, Trip, Unserved
from seribu_planner.verify import Violation

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text from the data or the user as it can be shown safely: control characters (a
    terminal escape sequence, a bell) appear as ``\\x1b`` and the like, never raw."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def literal(text: str, style: str = "") -> Text:
    """A Text that shows ``text`` exactly as written: no markup, no raw control characters."""
    return Text(printable(text), style=style)


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def compact_ids(ids: Sequence[str]) -> str:
    """TPS ids shortened where they run on: ``tidung-001..016`` for 16 consecutive ids."""
    parts: list[str] = []
    run: list[tuple[str, int, str]] = []

    def flush() -> None:
        if not run:
            return
        if len(run) >= 3:
            prefix, _number, first = run[0]
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


_SWAPS = " with --"


def origin_text(data: DataSet) -> str:
    """Which data set a command used: the bundled one or a folder, and any swapped file."""
    # ``origin`` is recorded in plan files: "bundled" or the folder, then " with --weather
    # FILE, --fleet FILE" when files were swapped in.
    base, found, swaps = data.origin.partition(_SWAPS)
    swaps = "--" + swaps if found else ""
    if base == "bundled":
        text = _("the bundled data set with {files}") if swaps else _("the bundled data set")
        return printable(text.format(files=swaps))
    if not base:
        return "-"
    text = _("{folder} with {files}") if swaps else "{folder}"
    return printable(text.format(folder=base, files=swaps))


def data_line(data: DataSet) -> Text:
    """The line that says which data set a command used."""
    return literal(_("data: {origin}").format(origin=origin_text(data)))


def violation_text(violation: Violation, tz: tzinfo | None = None) -> str:
    """A violation's message in the reader's language (times in ``tz``)."""
    if violation.wording is None:
        return violation.message
    return say(violation.wording, tz)


def unserved_text(entry: Unserved, tz: tzinfo | None = None) -> str:
    """Why a TPS is unserved, in the reader's language when the planner said it; a detail
    read from a plan file is shown as the file has it (English, as plan files record it)."""
    if entry.wording is None:
        return entry.detail
    return say(entry.wording, tz)


# --------------------------------------------------------------------------- problems


def problems_view(problems: Sequence[Problem], title: str) -> RenderableType:
    """Located input problems, one ``file:line:column field: message`` line each.

    Plain lines rather than a table: editors and CI logs recognise the location prefix,
    and long paths never squeeze the message.
    """
    lines: list[RenderableType] = [literal(title, style="bold red")]
    lines.extend(literal(f"  {p}") for p in problems)
    return Group(*lines)


# --------------------------------------------------------------------------- plan


def summary_view(
    summary: Summary, lower_bound: float | None = None, tz: tzinfo | None = None
) -> RenderableType:
    """The few lines an officer reads first; the cost with its gap to a proven bound."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    served = f"{number(summary.tps_served)} / {number(summary.tps_total)}"
    style = "green" if summary.tps_served == summary.tps_total else "red"
    grid.add_row(_("TPS served"), Text(served, style=style))
    grid.add_row(
        _("voters covered"),
        f"{number(summary.voters_covered)} / {number(summary.voters_total)}",
    )
    trips = ngettext("{boats} ({trips} trip)", "{boats} ({trips} trips)", summary.trips)
    grid.add_row(
        _("boats used"), trips.format(boats=number(summary.boats_used), trips=summary.trips)
    )
    grid.add_row(
        _("under way"),
        _("{hours} h, {nm} nm").format(
            hours=number(summary.sailing_hours, 1), nm=number(summary.distance_nm, 1)
        ),
    )
    grid.add_row(_("cost"), money(summary.cost))
    if lower_bound is not None and summary.tps_served:
        if lower_bound > 0:
            gap = max(0.0, (summary.cost - lower_bound) / lower_bound)
            text = _("{bound}: this plan costs at most {gap} % more than the best possible")
            text = text.format(bound=money(lower_bound), gap=number(100 * gap, 1))
        else:
            text = money(lower_bound)
        grid.add_row(_("proven bound"), text)
    if summary.tightest is not None:
        t = summary.tightest
        # A line each, so that a narrow console breaks between the times, not inside one.
        arrive = _("arrives {arrive}").format(arrive=when(t.arrive, tz))
        deadline = _("deadline {deadline}").format(deadline=when(t.deadline, tz))
        grid.add_row(_("least slack"), f"{duration(t.slack)} ({t.tps})\n{arrive}\n{deadline}")
    return grid


def _trip_rows(trip: Trip, tz: tzinfo | None, merged: bool) -> list[Row]:
    """The rows of one trip: loading port, calls with their drops, the port it ends at."""
    rows: list[Row] = [SECTION]
    last = len(trip.stops) - 1
    for n, stop in enumerate(trip.stops):
        if n == 0:
            kits = _("load {count}").format(count=sum(len(s.tps) for s in trip.stops))
        elif n == last:
            kits = _("back in port")
        else:
            kits = f"{len(stop.tps)}: {compact_ids(stop.tps)}" if stop.tps else "-"
        times = (
            (_stop_span(stop, tz),) if merged else (when(stop.arrive, tz), when(stop.depart, tz))
        )
        rows.append((str(trip.number) if n == 0 else "", stop.place, *times, kits))
    return rows


def _stop_span(stop: Stop, tz: tzinfo | None) -> str:
    """Arrival and departure in one cell: one line within a day, else two."""
    if stop.arrive is None or stop.depart is None:
        return when(stop.arrive or stop.depart, tz)
    text = span(stop.arrive, stop.depart, tz)
    return text.replace(" - ", "\n- ")


def trips_view(data: DataSet, plan: Plan) -> RenderableType:
    """Per boat, each trip: loading port and departure, calls with drops, return.

    Narrower than it needs, the tables show arrival and departure in one column, then let
    the kits wrap between ids.
    """
    tz = data.campaign.tz
    tables: list[FitTable] = []
    for boat_plan in plan.boats:
        boat = data.boats_by_id.get(boat_plan.boat)
        title = boat_plan.boat
        if boat is not None:
            title = _("{boat} - {name} ({knots} kn, home {home})").format(
                boat=boat_plan.boat,
                name=boat.name,
                knots=decimal(boat.speed_knots),
                home=boat.home,
            )
        trip = Column("trip", pgettext("column", "trip"), justify="right")
        place = Column("place", _("place"))
        kits = Column("kits", _("kits"))
        full = Layout(
            (trip, place, Column("arrive", _("arrive")), Column("depart", _("depart")), kits),
            tuple(row for t in boat_plan.trips for row in _trip_rows(t, tz, merged=False)),
        )
        merged = Layout(
            (trip, place, Column("times", _("arrive - depart")), kits),
            tuple(row for t in boat_plan.trips for row in _trip_rows(t, tz, merged=True)),
        )
        layouts = [full, merged, merged.loosened("kits")]
        tables.append(FitTable(layouts, title=literal(title, style="bold")))
    return Group(Text(_("Trips"), style="bold"), FitGroup(tables))


def tps_view(data: DataSet, plan: Plan) -> RenderableType:
    """Every TPS served: island, boat, trip, arrival and slack, grouped by kelurahan.

    Narrower than it needs, the table drops the island (the kelurahan heading and the TPS
    id name it), then the voters, then lets the boat id fold; a TPS id is never cut.
    """
    tz = data.campaign.tz
    columns = (
        Column("tps", _("TPS")),
        Column("island", _("island")),
        Column("voters", _("voters"), justify="right"),
        Column("boat", _("boat")),
        Column("trip", pgettext("column", "trip"), justify="right"),
        Column("arrives", _("arrives")),
        Column("slack", _("slack")),
    )
    by_kel: dict[str, list[Delivery]] = defaultdict(list)
    for d in deliveries(data, plan):
        island = data.islands_by_id.get(d.island)
        by_kel[(island.kelurahan or island.name) if island else d.island].append(d)
    rows: list[Row] = []
    for kel in sorted(by_kel):
        rows += [SECTION, Label(literal(kel, style="bold"))]
        for d in sorted(by_kel[kel], key=lambda d: d.tps):
            rows.append(
                (
                    f"  {d.tps}",
                    d.island,
                    number(data.tps_by_id[d.tps].voters),
                    d.boat,
                    str(d.trip),
                    when(d.arrive, tz),
                    duration(d.slack),
                )
            )
    layout = Layout(columns, tuple(rows[1:]))
    steps: list[Step] = [("drop", "island"), ("drop", "voters"), ("fold", "boat")]
    title = Text(_("TPS arrivals by kelurahan"), style="bold")
    return FitTable(stepped(layout, steps), title=title)


def unserved_view(data: DataSet, plan: Plan) -> RenderableType:
    """The TPS the plan leaves unserved, with reason codes and details."""
    tz = data.campaign.tz
    columns = (
        Column("tps", _("TPS")),
        Column("reason", _("reason")),
        Column("detail", _("detail"), wrap=True),
    )
    rows: tuple[Row, ...] = tuple(
        (printable(u.tps), u.reason.value, printable(unserved_text(u, tz))) for u in plan.unserved
    )
    title = Text(_("Unserved TPS"), style="bold red")
    return FitTable([Layout(columns, rows)], title=title)


def plan_view(data: DataSet, plan: Plan, summary: Summary, *, quiet: bool) -> RenderableType:
    """The whole printed plan: summary, then (unless quiet) trips, TPS and unserved."""
    parts: list[RenderableType] = [
        literal(data.campaign.name, style="bold"),
        data_line(data),
        summary_view(summary, plan.lower_bound, data.campaign.tz),
    ]
    if not quiet:
        parts += [Text(""), trips_view(data, plan), Text(""), tps_view(data, plan)]
    if plan.unserved:
        parts += [Text(""), unserved_view(data, plan)]
    return Group(*parts)


def violations_view(
    violations: Sequence[Violation], title: str, data: DataSet | None = None
) -> RenderableType:
    """Broken rules, one row each, naming the boat, trip, leg or TPS concerned."""
    tz = data.campaign.tz if data is not None else None
    columns = (
        Column("rule", _("rule")),
        Column("where", _("where"), wrap=True),
        Column("what", _("what"), wrap=True),
    )
    rows: list[Row] = []
    for v in violations:
        where = " ".join(
            part
            for part in (
                v.boat or "",
                _("trip {n}").format(n=v.trip) if v.trip is not None else "",
                _("leg {n}").format(n=v.leg) if v.leg is not None else "",
                v.tps or "",
            )
            if part
        )
        rows.append((str(v.kind), printable(where) or "-", printable(violation_text(v, tz))))
    return FitTable([Layout(columns, tuple(rows))], title=Text(title, style="bold red"))
