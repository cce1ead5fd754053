"""The verdict of ``check`` for machines: deterministic JSON, and GitHub workflow annotations.

Both are text built here and printed by the CLI. A violation names the TPS at stake: the
kits its boat carries past the broken point (``tps_at_stake``), so that a CI failure says
which polling stations a broken leg or trip would leave without their logistics.

GitHub annotations (``::error file=...,line=...,title=...::message``) come one per
violation. They are grouped by boat: one collapsible log group (``::group::``) per boat,
the boat's violations inside in plan order (trip, then stop), each pointing at the line of
its stop in the plan file, so that the violations of one stop sit on one line of the file
in GitHub's view. Plan-wide findings (a TPS missing from the plan) come last, in a group of
their own, and each TPS left unserved gets an annotation at its entry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from seribu_planner.errors import Problem
from seribu_planner.json_text import positions
from seribu_planner.outputs.i18n import _, ngettext
from seribu_planner.outputs.report import printable, unserved_text, violation_text
from seribu_planner.outputs.summary import Summary
from seribu_planner.plan import Plan, Trip
from seribu_planner.verify import Violation

CHECK_FORMAT = "seribu-plan-check/1"


@dataclass(frozen=True)
class Verdict:
    """What ``check`` found, with what is needed to say where and about what."""

    plan: Plan
    violations: tuple[Violation, ...]
    summary: Summary
    plan_file: str | None
    data_origin: str
    changed_inputs: tuple[str, ...]
    as_of: datetime | None
    tz: tzinfo

    @property
    def holds(self) -> bool:
        """Every rule kept and every TPS served."""
        return not self.violations and not self.plan.unserved


def tps_at_stake(plan: Plan, violation: Violation) -> tuple[str, ...]:
    """The TPS whose kits a violation puts at risk.

    A violation about one TPS names it. One at a stop or leg of a trip names the kits the
    trip drops from that stop on (the boat cannot be relied on to get past it); one about a
    whole trip names the trip's kits, one about a boat every kit it carries.
    """
    if violation.tps is not None:
        return (violation.tps,)
    if violation.boat is None:
        return ()
    trips = [t for b in plan.boats if b.boat == violation.boat for t in b.trips]
    if violation.trip is not None:
        trips = [t for t in trips if t.number == violation.trip][:1]
        first = violation.leg or 0
        return tuple(dict.fromkeys(tps for t in trips for s in t.stops[first:] for tps in s.tps))
    return tuple(dict.fromkeys(tps for t in trips for s in t.stops for tps in s.tps))


# --------------------------------------------------------------------------- JSON


def verdict_json(verdict: Verdict) -> str:
    """The verdict as JSON text; the same verdict gives the same bytes."""
    summary = verdict.summary
    tightest = summary.tightest
    document: dict[str, Any] = {
        "format": CHECK_FORMAT,
        "verdict": "holds" if verdict.holds else "broken",
        "plan": verdict.plan_file,
        "data": verdict.data_origin,
        "as_of": None if verdict.as_of is None else _iso(verdict.as_of, verdict.tz),
        "changed_inputs": list(verdict.changed_inputs),
        "violations": [
            {
                "kind": str(v.kind),
                "boat": v.boat,
                "trip": v.trip,
                "leg": v.leg,
                "tps": v.tps,
                "tps_at_stake": list(tps_at_stake(verdict.plan, v)),
                "message": v.message,
            }
            for v in verdict.violations
        ],
        "unserved": [
            {"tps": u.tps, "reason": str(u.reason), "detail": u.detail}
            for u in verdict.plan.unserved
        ],
        "summary": {
            "tps_served": summary.tps_served,
            "tps_total": summary.tps_total,
            "boats_used": summary.boats_used,
            "trips": summary.trips,
            "cost": round(summary.cost, 2),
            "least_slack_minutes": None
            if tightest is None
            else round(tightest.slack.total_seconds() / 60),
            "least_slack_tps": None if tightest is None else tightest.tps,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _iso(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- GitHub


def github_annotations(verdict: Verdict, plan_text: str | None) -> str:
    """One ``::error`` annotation per violation and unserved TPS, in log groups per boat."""
    lines_of = _plan_lines(plan_text) if plan_text is not None else _Lines()
    out: list[str] = []
    if verdict.changed_inputs:
        message = _("changed since this plan was made: {files}").format(
            files=", ".join(verdict.changed_inputs)
        )
        out.append(_command("notice", message, file=verdict.plan_file, title=_("data changed")))
    groups: dict[str | None, list[Violation]] = {}
    for v in verdict.violations:
        groups.setdefault(v.boat, []).append(v)
    for boat, violations in groups.items():
        count = len(violations)
        if boat is None:
            heading = ngettext("plan-wide: {n} violation", "plan-wide: {n} violations", count)
        else:
            heading = ngettext("{boat}: {n} violation", "{boat}: {n} violations", count)
        out.append(f"::group::{_escape_data(heading.format(boat=boat, n=count))}")
        for v in violations:
            out.append(_violation(verdict, v, lines_of))
        out.append("::endgroup::")
    for k, entry in enumerate(verdict.plan.unserved):
        title = _("{tps} unserved ({reason})").format(tps=entry.tps, reason=entry.reason)
        line = lines_of.unserved.get(k)
        detail = unserved_text(entry, verdict.tz)
        out.append(_command("error", detail, file=verdict.plan_file, line=line, title=title))
    return "".join(line + "\n" for line in out)


def problem_annotations(problems: Sequence[Problem]) -> str:
    """Bad input as annotations on the files and lines concerned."""
    out = []
    for p in problems:
        message = f"{p.field}: {p.message}" if p.field else p.message
        out.append(
            _command("error", message, file=p.file, line=p.line, col=p.column, title=_("bad input"))
        )
    return "".join(line + "\n" for line in out)


def _violation(verdict: Verdict, v: Violation, lines_of: _Lines) -> str:
    trip = _trip(verdict.plan, v)
    place = None
    if trip is not None and v.leg is not None and 0 <= v.leg < len(trip.stops):
        place = trip.stops[v.leg].place
    where = " ".join(
        part
        for part in (
            v.boat or "",
            _("trip {n}").format(n=v.trip) if v.trip is not None else "",
            _("stop {n} {place}").format(n=v.leg, place=place)
            if v.leg is not None and place
            else "",
            v.tps or "",
        )
        if part
    )
    title = f"{v.kind}: {where}" if where else str(v.kind)
    stake = tps_at_stake(verdict.plan, v)
    message = violation_text(v, verdict.tz)
    if stake:
        message += "\n" + _("TPS at stake: {tps}").format(tps=", ".join(stake))
    line = lines_of.at(v.boat, v.trip, v.leg)
    return _command("error", message, file=verdict.plan_file, line=line, title=title)


def _trip(plan: Plan, v: Violation) -> Trip | None:
    for boat in plan.boats:
        if boat.boat == v.boat:
            for trip in boat.trips:
                if trip.number == v.trip:
                    return trip
    return None


@dataclass
class _Lines:
    """Lines of the plan file: per boat, trip and stop; per unserved entry."""

    stops: dict[tuple[str, int | None, int | None], int] = field(default_factory=dict)
    unserved: dict[int, int] = field(default_factory=dict)

    def at(self, boat: str | None, trip: int | None, stop: int | None) -> int | None:
        """The line of the most precise place known: the stop, else the trip, else the boat."""
        if boat is None:
            return None
        for key in ((boat, trip, stop), (boat, trip, None), (boat, None, None)):
            if key in self.stops:
                return self.stops[key]
        return None


def _plan_lines(text: str) -> _Lines:
    try:
        document = json.loads(text)
    except ValueError:
        return _Lines()
    where = positions(text)
    stops: dict[tuple[str, int | None, int | None], int] = {}
    unserved: dict[int, int] = {}
    if not isinstance(document, dict):
        return _Lines()
    for b, boat in enumerate(document.get("boats") or []):
        if not isinstance(boat, dict) or not isinstance(boat.get("boat"), str):
            continue
        name = boat["boat"]
        if ("boats", b) in where:
            stops.setdefault((name, None, None), where[("boats", b)][0])
        for t, trip in enumerate(boat.get("trips") or []):
            if not isinstance(trip, dict) or not isinstance(trip.get("trip"), int):
                continue
            number = trip["trip"]
            if ("boats", b, "trips", t) in where:
                stops.setdefault((name, number, None), where[("boats", b, "trips", t)][0])
            for s in range(len(trip.get("stops") or [])):
                at = where.get(("boats", b, "trips", t, "stops", s))
                if at is not None:
                    stops.setdefault((name, number, s), at[0])
    for k in range(len(document.get("unserved") or [])):
        at = where.get(("unserved", k))
        if at is not None:
            unserved[k] = at[0]
    return _Lines(stops, unserved)


def _command(
    kind: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    col: int | None = None,
    title: str | None = None,
) -> str:
    properties = [
        f"{key}={_escape_property(str(value))}"
        for key, value in (("file", file), ("line", line), ("col", col), ("title", title))
        if value is not None
    ]
    head = f"::{kind} {','.join(properties)}" if properties else f"::{kind}"
    return f"{head}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message (control characters shown)."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping of a workflow command's property value."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
