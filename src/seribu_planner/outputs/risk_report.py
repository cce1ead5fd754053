"""Rich renderables for risk: the risk report, the "at risk" list of a plan, buffer bought.

Like ``report``, functions here build renderables and never print. Meaning is carried in
text as well as colour (a level word beside each coloured slack or share), so that a
report piped to a file reads the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from seribu_planner.model import DataSet
from seribu_planner.outputs.i18n import _, duration, money, ngettext, number, when
from seribu_planner.outputs.report import compact_ids, literal, origin_text, printable
from seribu_planner.outputs.summary import Delivery, deliveries
from seribu_planner.plan import Plan
from seribu_planner.risk.hindsight import Hindsight
from seribu_planner.risk.measure import RiskReport, TpsRisk

#: Slack below which a TPS is shown red ("tight") and yellow ("watch").
TIGHT = timedelta(hours=6)
WATCH = timedelta(hours=24)
#: Rows of the "at risk" list at most, and at least (when nothing is under WATCH).
AT_RISK_ROWS = 10
AT_RISK_MIN_ROWS = 3
#: Rows of the risk report's TPS and leg tables.
REPORT_ROWS = 12


def percent(share: float) -> str:
    """A share as a percentage with one decimal: ``95.3 %``."""
    return _("{value} %").format(value=number(share * 100, 1))


def _share_style(share: float) -> str:
    if share >= 0.95:
        return "green"
    return "yellow" if share >= 0.8 else "red"


def _common(moments: set[datetime]) -> datetime | None:
    """The one moment all rows share, else None."""
    return next(iter(moments)) if len(moments) == 1 else None


def _slack_level(slack: timedelta) -> tuple[str, str]:
    if slack < TIGHT:
        return _("tight"), "bold red"
    if slack < WATCH:
        return _("watch"), "yellow"
    return _("ok"), "green"


# --------------------------------------------------------------------------- at risk


@dataclass(frozen=True)
class _Call:
    """The drops of one call: one boat, trip and island, one arrival."""

    boat: str
    trip: int
    island: str
    tps: tuple[str, ...]
    slack: timedelta
    arrive_at: Delivery


def _calls(data: DataSet, plan: Plan) -> list[_Call]:
    grouped: dict[tuple[str, int, str, object], list[Delivery]] = defaultdict(list)
    for d in deliveries(data, plan):
        grouped[(d.boat, d.trip, d.island, d.arrive)].append(d)
    calls = []
    for (boat, trip, island, _arrive), drops in grouped.items():
        tightest = min(drops, key=lambda d: (d.slack, d.tps))
        tps = tuple(sorted(d.tps for d in drops))
        calls.append(_Call(boat, trip, island, tps, tightest.slack, tightest))
    calls.sort(key=lambda c: (c.slack, c.tps))
    return calls


def at_risk_view(data: DataSet, plan: Plan) -> RenderableType:
    """The fragile part of a plan: the calls whose TPS have the least slack, coloured.

    Every call with less than a day of slack is listed (at least the three tightest, at
    most ten rows); TPS dropped together share a row.
    """
    tz = data.campaign.tz
    calls = _calls(data, plan)
    shown = [c for c in calls if c.slack < WATCH]
    if len(shown) < AT_RISK_MIN_ROWS:
        shown = calls[:AT_RISK_MIN_ROWS]
    extra = max(0, len(shown) - AT_RISK_ROWS)
    shown = shown[:AT_RISK_ROWS]
    common = _common({c.arrive_at.deadline for c in shown})
    caption = _("tight: under 6 h of slack; watch: under 24 h")
    if common is not None:
        caption += "; " + _("deadline {when}").format(when=when(common, tz))
    table = Table(
        title=_("At risk: the TPS with the least slack"),
        title_justify="left",
        title_style="bold",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE,
    )
    table.add_column(_("slack"), no_wrap=True, justify="right")
    table.add_column(_("TPS"), overflow="fold", min_width=18)
    table.add_column(_("voters"), justify="right", no_wrap=True)
    table.add_column(_("boat, trip"), overflow="fold")
    table.add_column(_("arrives"), no_wrap=True)
    if common is None:
        table.add_column(_("deadline"), no_wrap=True)
    tps_by_id = data.tps_by_id
    for call in shown:
        level, style = _slack_level(call.slack)
        voters = sum(tps_by_id[t].voters for t in call.tps)
        cells: list[RenderableType] = [
            Text(f"{duration(call.slack)} {level}", style=style),
            printable(compact_ids(call.tps)),
            number(voters),
            f"{printable(call.boat)} {call.trip}",
            when(call.arrive_at.arrive, tz),
        ]
        if common is None:
            cells.append(when(call.arrive_at.deadline, tz))
        table.add_row(*cells)
    parts: list[RenderableType] = [table]
    if extra:
        parts.append(
            literal(
                ngettext(
                    "... and {n} more call with less than 24 h of slack",
                    "... and {n} more calls with less than 24 h of slack",
                    extra,
                ).format(n=extra)
            )
        )
    return Group(*parts)


# --------------------------------------------------------------------------- risk report


def risk_view(
    data: DataSet,
    report: RiskReport,
    *,
    plan_source: str,
    plan_cost: float | None,
    hindsight: Hindsight | None = None,
) -> RenderableType:
    """The risk report: P(all on time), hindsight, kelurahan, TPS at risk, costly legs."""
    parts: list[RenderableType] = [
        literal(f"data: {origin_text(data)}"),
        literal(_("plan: {source}").format(source=plan_source)),
    ]
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    p = report.p_all_on_time
    lo, hi = report.ci95
    head.add_row(
        _("P(all TPS on time)"),
        Text(
            _("{p} (95 % interval {lo} to {hi}, Wilson)").format(
                p=percent(p), lo=percent(lo), hi=percent(hi)
            ),
            style=_share_style(p),
        ),
    )
    head.add_row(
        _("scenarios"),
        _("{n} sea states around the forecast, seed {seed}").format(
            n=number(report.scenarios), seed=report.seed
        ),
    )
    if plan_cost is not None:
        head.add_row(_("plan cost"), money(plan_cost))
    if report.unserved_by_plan:
        head.add_row(
            _("unserved"),
            Text(
                _("{n} TPS left unserved by the plan are never on time: {ids}").format(
                    n=len(report.unserved_by_plan),
                    ids=printable(compact_ids(report.unserved_by_plan)),
                ),
                style="red",
            ),
        )
    if hindsight is not None:
        head.add_row(_("hindsight"), _hindsight_text(hindsight))
    parts.append(head)
    parts.append(_kelurahan_table(report))
    parts.append(_tps_table(data, report))
    if report.legs:
        parts.append(_legs_table(data, report))
    return Group(*parts)


def _hindsight_text(h: Hindsight) -> Text:
    text = _(
        "with each scenario's sea known in advance, a plan serves every TPS on time in "
        "{p} of {n} scenarios (95 % interval {lo} to {hi})"
    ).format(
        p=percent(h.p_all_served),
        n=number(h.scenarios),
        lo=percent(h.ci95[0]),
        hi=percent(h.ci95[1]),
    )
    if h.cost_mean is not None and h.cost_median is not None:
        text += "; " + _("its cost: mean {mean}, median {median}").format(
            mean=money(h.cost_mean), median=money(h.cost_median)
        )
    return Text(text)


def _kelurahan_table(report: RiskReport) -> Table:
    table = Table(title=_("Per kelurahan"), title_justify="left")
    table.add_column(_("kelurahan"))
    table.add_column(_("TPS"), justify="right")
    table.add_column(_("voters"), justify="right")
    table.add_column(_("P(all on time)"), justify="right")
    table.add_column(_("weakest TPS"))
    for k in report.kelurahan:
        table.add_row(
            printable(k.kelurahan),
            number(k.tps),
            number(k.voters),
            Text(percent(k.p_all_on_time), style=_share_style(k.p_all_on_time)),
            printable(k.worst_tps),
        )
    return table


def _tps_table(data: DataSet, report: RiskReport) -> RenderableType:
    tz = data.campaign.tz
    at_risk = sorted((t for t in report.tps if t.p_on_time < 1), key=lambda t: (t.p_on_time, t.tps))
    if not at_risk:
        return Text(_("Every TPS is on time in every scenario."), style="green")
    # TPS with the same figures (dropped together) share a row.
    rows: dict[tuple[object, ...], list[TpsRisk]] = {}
    for t in at_risk:
        rows.setdefault((t.p_on_time, t.p50, t.p90, t.planned, t.deadline, t.island), []).append(t)
    groups = list(rows.values())
    common = _common({g[0].deadline for g in groups[:REPORT_ROWS]})
    title = _("TPS at risk (P on time below 100 %)")
    if common is not None:
        title += "; " + _("deadline {when}").format(when=when(common, tz))
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE)
    table.add_column(_("TPS"), overflow="fold", min_width=18)
    table.add_column(_("P on time"), justify="right", no_wrap=True)
    table.add_column(_("P50 arrival"), no_wrap=True)
    table.add_column(_("P90 arrival"), no_wrap=True)
    if common is None:
        table.add_column(_("deadline"), no_wrap=True)
    never = _("never")
    for group in groups[:REPORT_ROWS]:
        t = group[0]
        cells: list[RenderableType] = [
            printable(compact_ids([g.tps for g in group])),
            Text(percent(t.p_on_time), style=_share_style(t.p_on_time)),
            when(t.p50, tz) if t.p50 is not None else never,
            when(t.p90, tz) if t.p90 is not None else never,
        ]
        if common is None:
            cells.append(when(t.deadline, tz))
        table.add_row(*cells)
    parts: list[RenderableType] = [table]
    hidden = sum(len(g) for g in groups[REPORT_ROWS:])
    if hidden:
        parts.append(
            literal(
                ngettext(
                    "... and {n} more TPS at risk (all in --json)",
                    "... and {n} more TPS at risk (all in --json)",
                    hidden,
                ).format(n=hidden)
            )
        )
    safe = len(report.tps) - len(at_risk)
    parts.append(literal(_("{n} other TPS are on time in every scenario.").format(n=safe)))
    return Group(*parts)


def _legs_table(data: DataSet, report: RiskReport) -> Table:
    tz = data.campaign.tz
    table = Table(
        title=_("Legs that cause most lateness"),
        caption=_(
            "waits: share of scenarios in which the boat, ready, waited for the sea before "
            "the leg; fails: share in which it could not sail the leg before the campaign "
            "end; lateness: share of all late TPS blamed on the leg (its longest wait)"
        ),
        caption_justify="left",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE,
    )
    table.add_column(_("boat trip.leg: from - to"), overflow="fold", min_width=20)
    table.add_column(_("planned"), no_wrap=True)
    table.add_column(_("waits"), justify="right", no_wrap=True)
    table.add_column(_("mean wait"), justify="right", no_wrap=True)
    table.add_column(_("fails"), justify="right", no_wrap=True)
    table.add_column(_("lateness"), justify="right", no_wrap=True)
    for leg in report.legs[:REPORT_ROWS]:
        table.add_row(
            f"{printable(leg.boat)} {leg.trip}.{leg.leg}: "
            f"{printable(leg.origin)} - {printable(leg.target)}",
            when(leg.planned_depart, tz),
            percent(leg.p_held),
            duration(timedelta(minutes=leg.mean_hold_minutes)),
            percent(leg.p_failed),
            percent(leg.share_of_lateness),
        )
    return table


# --------------------------------------------------------------------------- buffer


@dataclass(frozen=True)
class PlanFigures:
    """One plan in a side-by-side comparison."""

    label: str
    cost: float
    p_all_on_time: float
    ci95: tuple[float, float]
    tps_served: int


def buffer_view(rows: Sequence[PlanFigures], *, scenarios: int, seed: int) -> RenderableType:
    """Plans side by side: cost, premium over the first, P(all on time)."""
    table = Table(
        title=_("Buffer bought: {n} scenarios, seed {seed}").format(n=number(scenarios), seed=seed),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE,
    )
    table.add_column(_("plan"), no_wrap=True)
    table.add_column(_("served"), justify="right", no_wrap=True)
    table.add_column(_("cost"), justify="right", no_wrap=True)
    table.add_column(_("premium"), justify="right", no_wrap=True)
    table.add_column(_("P(all on time)"), justify="right", no_wrap=True)
    table.add_column(_("95 % interval"), justify="right", no_wrap=True)
    base = rows[0].cost if rows else 0.0
    for n, row in enumerate(rows):
        premium = "-"
        if n and base > 0:
            premium = _("{money} ({share})").format(
                money=money(row.cost - base), share=percent((row.cost - base) / base)
            )
        table.add_row(
            printable(row.label),
            number(row.tps_served),
            money(row.cost),
            premium,
            Text(percent(row.p_all_on_time), style=_share_style(row.p_all_on_time)),
            f"{percent(row.ci95[0])} - {percent(row.ci95[1])}",
        )
    return table
