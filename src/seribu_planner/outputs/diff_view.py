"""Rich renderables of a plan diff: the verdict, the figures before and after, then the TPS
and trips that changed."""

from __future__ import annotations

from datetime import timedelta, tzinfo

from rich.console import Group, RenderableType
from rich.text import Text

from seribu_planner.outputs.diff import (
    Assignment,
    Figures,
    PlanDiff,
    TpsChange,
    TpsDiff,
    TripChange,
)
from seribu_planner.outputs.i18n import _, duration, money, ngettext, number, when
from seribu_planner.outputs.layout import Column, FitTable, Layout, Row
from seribu_planner.outputs.report import compact_ids, literal, printable


def diff_view(diff: PlanDiff, tz: tzinfo) -> RenderableType:
    """The whole diff for people: a verdict line, figures, TPS changed, trips changed."""
    parts: list[RenderableType] = [_verdict(diff), _figures(diff.old, diff.new)]
    if diff.tps:
        parts += [Text(""), _tps_table(diff, tz)]
    if diff.trips:
        parts += [Text(""), _trips_table(diff)]
    return Group(*parts)


def _verdict(diff: PlanDiff) -> Text:
    if diff.same:
        return literal(_("SAME: no TPS and no trip changed"), style="bold green")
    counts = [
        ngettext(
            "{n} TPS changed boat or trip", "{n} TPS changed boat or trip", diff.reassigned
        ).format(n=diff.reassigned),
        ngettext("{n} arrival moved", "{n} arrivals moved", diff.count(TpsChange.ARRIVAL)).format(
            n=diff.count(TpsChange.ARRIVAL)
        ),
        ngettext("{n} newly served", "{n} newly served", diff.count(TpsChange.SERVED)).format(
            n=diff.count(TpsChange.SERVED)
        ),
        ngettext("{n} newly unserved", "{n} newly unserved", diff.count(TpsChange.UNSERVED)).format(
            n=diff.count(TpsChange.UNSERVED)
        ),
        ngettext("{n} trip differs", "{n} trips differ", len(diff.trips)).format(n=len(diff.trips)),
    ]
    return literal(_("DIFFERENT: {counts}").format(counts=", ".join(counts)), style="bold yellow")


def _figures(old: Figures, new: Figures) -> FitTable:
    columns = (
        Column("figure", ""),
        Column("before", _("before"), justify="right"),
        Column("after", _("after"), justify="right"),
    )
    rows: tuple[Row, ...] = (
        (_("cost"), money(old.cost), money(new.cost)),
        (_("TPS served"), number(old.tps_served), number(new.tps_served)),
        (_("boats used"), number(old.boats_used), number(new.boats_used)),
        (_("trips"), number(old.trips), number(new.trips)),
        (_("least slack"), _slack(old), _slack(new)),
    )
    title = Text(_("Figures under the current data"), style="bold")
    return FitTable([Layout(columns, rows)], title=title)


def _slack(figures: Figures) -> str:
    if figures.least_slack is None:
        return "-"
    return f"{duration(figures.least_slack)} ({figures.least_slack_tps})"


def _tps_table(diff: PlanDiff, tz: tzinfo) -> FitTable:
    """One row per group of TPS that changed alike (same before, after and change).

    Narrower than it needs, the table lets the places before and after wrap between words;
    TPS ids wrap between ids, never inside one.
    """
    columns = (
        Column("tps", _("TPS"), wrap=True),
        Column("change", _("change"), wrap=True),
        Column("before", _("before")),
        Column("after", _("after")),
        Column("moved", _("moved"), justify="right"),
    )
    rows: list[Row] = []
    labels = _change_labels()
    groups: dict[tuple[object, ...], list[TpsDiff]] = {}
    for d in diff.tps:
        groups.setdefault((d.changes, d.old, d.new), []).append(d)
    for members in groups.values():
        first = members[0]
        moved = first.arrival_moved
        rows.append(
            (
                printable(compact_ids([d.tps for d in members])),
                ", ".join(labels[c] for c in first.changes),
                _where(first.old, tz),
                _where(first.new, tz),
                _signed(moved) if moved else "",
            )
        )
    layout = Layout(columns, tuple(rows))
    title = Text(_("TPS that fare differently"), style="bold")
    return FitTable([layout, layout.loosened("before").loosened("after")], title=title)


def _trips_table(diff: PlanDiff) -> FitTable:
    columns = (
        Column("boat", _("boat")),
        Column("change", _("change"), wrap=True),
        Column("before", _("before"), justify="right"),
        Column("after", _("after"), justify="right"),
        Column("moved", _("departure moved"), justify="right"),
    )
    labels = _trip_labels()
    rows: tuple[Row, ...] = tuple(
        (
            printable(d.boat),
            labels[d.change],
            _("trip {n}").format(n=d.old_trip) if d.old_trip is not None else "-",
            _("trip {n}").format(n=d.new_trip) if d.new_trip is not None else "-",
            _signed(d.depart_moved) if d.depart_moved else "",
        )
        for d in diff.trips
    )
    layout = Layout(columns, rows)
    title = Text(_("Trips that differ, per boat"), style="bold")
    return FitTable([layout, layout.loosened("boat", fold=True)], title=title)


def _where(a: Assignment | None, tz: tzinfo) -> str:
    if a is None:
        return _("not in the plan")
    if a.boat is None:
        return _("unserved ({reason})").format(reason=a.unserved)
    # Two lines, so that a narrow table breaks between the trip and the time.
    trip = _("{boat} trip {trip}").format(boat=printable(a.boat), trip=a.trip)
    return f"{trip}\n" + _("arrives {arrive}").format(arrive=when(a.arrive, tz))


def _signed(delta: timedelta) -> str:
    return duration(delta) if delta < timedelta(0) else "+" + duration(delta)


def _change_labels() -> dict[TpsChange, str]:
    return {
        TpsChange.SERVED: _("newly served"),
        TpsChange.UNSERVED: _("newly unserved"),
        TpsChange.BOAT: _("boat"),
        TpsChange.TRIP: _("trip"),
        TpsChange.ARRIVAL: _("arrival"),
        TpsChange.REASON: _("reason"),
    }


def _trip_labels() -> dict[TripChange, str]:
    return {
        TripChange.ADDED: _("added"),
        TripChange.DROPPED: _("dropped"),
        TripChange.RETIMED: _("re-timed"),
        TripChange.CHANGED: _("calls or drops changed"),
    }
