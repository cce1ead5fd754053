"""Rich renderables of a plan diff: the verdict, the figures before and after, then the TPS
and trips that changed."""

from __future__ import annotations

from datetime import timedelta, tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
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


def _figures(old: Figures, new: Figures) -> Table:
    table = Table(title=_("Figures under the current data"), title_justify="left")
    table.add_column("")
    table.add_column(_("before"), justify="right")
    table.add_column(_("after"), justify="right")
    table.add_row(_("cost"), money(old.cost), money(new.cost))
    table.add_row(_("TPS served"), number(old.tps_served), number(new.tps_served))
    table.add_row(_("boats used"), number(old.boats_used), number(new.boats_used))
    table.add_row(_("trips"), number(old.trips), number(new.trips))
    table.add_row(_("least slack"), _slack(old), _slack(new))
    return table


def _slack(figures: Figures) -> str:
    if figures.least_slack is None:
        return "-"
    return f"{duration(figures.least_slack)} ({figures.least_slack_tps})"


def _tps_table(diff: PlanDiff, tz: tzinfo) -> Table:
    """One row per group of TPS that changed alike (same before, after and change)."""
    table = Table(title=_("TPS that fare differently"), title_justify="left")
    table.add_column(_("TPS"), overflow="fold", ratio=2)
    table.add_column(_("change"), overflow="fold", ratio=1)
    table.add_column(_("before"), overflow="fold", ratio=2)
    table.add_column(_("after"), overflow="fold", ratio=2)
    table.add_column(_("moved"), justify="right", no_wrap=True)
    labels = _change_labels()
    groups: dict[tuple[object, ...], list[TpsDiff]] = {}
    for d in diff.tps:
        groups.setdefault((d.changes, d.old, d.new), []).append(d)
    for members in groups.values():
        first = members[0]
        moved = first.arrival_moved
        table.add_row(
            printable(compact_ids([d.tps for d in members])),
            ", ".join(labels[c] for c in first.changes),
            _where(first.old, tz),
            _where(first.new, tz),
            _signed(moved) if moved else "",
        )
    return table


def _trips_table(diff: PlanDiff) -> Table:
    table = Table(title=_("Trips that differ, per boat"), title_justify="left")
    table.add_column(_("boat"), no_wrap=True)
    table.add_column(_("change"))
    table.add_column(_("before"), justify="right")
    table.add_column(_("after"), justify="right")
    table.add_column(_("departure moved"), justify="right")
    labels = _trip_labels()
    for d in diff.trips:
        table.add_row(
            printable(d.boat),
            labels[d.change],
            _("trip {n}").format(n=d.old_trip) if d.old_trip is not None else "-",
            _("trip {n}").format(n=d.new_trip) if d.new_trip is not None else "-",
            _signed(d.depart_moved) if d.depart_moved else "",
        )
    return table


def _where(a: Assignment | None, tz: tzinfo) -> str:
    if a is None:
        return _("not in the plan")
    if a.boat is None:
        return _("unserved ({reason})").format(reason=a.unserved)
    return _("{boat} trip {trip}, arrives {arrive}").format(
        boat=printable(a.boat), trip=a.trip, arrive=when(a.arrive, tz)
    )


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
