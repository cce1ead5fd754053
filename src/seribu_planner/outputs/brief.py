"""Crew briefs: a printable HTML page per boat used, and an index page.

A boat's brief holds what its crew and escort carry on board: the boat, home port, escort
and contact when the data has them; per trip, what to load at which port and when (per
TPS: item counts, kg, m3), the calls in order with arrival and departure, the return, the
sailing windows that bound the trip; and a handover table per drop with signature lines
for the crew, the escort and the PPS/KPPS receiving, as KPU handovers are signed on paper.

Pages are self-contained (inline CSS, no script, nothing from the network) and laid out
for A4 in print; a browser prints them to PDF. Text from the data is escaped with
``html.escape``. The same plan and data give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, timedelta
from html import escape

from seribu_planner import __version__
from seribu_planner.derive.weather import Clock, sailing_windows
from seribu_planner.model import Boat, DataSet
from seribu_planner.outputs.i18n import _, language, ngettext, number, when
from seribu_planner.outputs.loads import (
    Call,
    KitLine,
    TripSheet,
    place_name,
    totals,
    trip_sheets,
    trip_zones,
)
from seribu_planner.outputs.palette import boat_colours
from seribu_planner.outputs.report import origin_text, printable
from seribu_planner.outputs.summary import summarize
from seribu_planner.plan import BoatPlan, Plan

INDEX = "index.html"


def _h(text: str) -> str:
    """Text for HTML: control characters shown as ``\\x1b`` (as in the terminal), then escaped."""
    return escape(printable(text))


_CSS = """
@page { size: A4; margin: 12mm 11mm; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 10pt;
       color: #111; max-width: 190mm; margin: 1em auto; }
header { border-left: 8px solid var(--boat); padding-left: 0.6em; }
h1 { font-size: 16pt; margin: 0 0 0.1em; }
h2 { font-size: 12.5pt; margin: 1.1em 0 0.3em; border-bottom: 2px solid var(--boat); }
h3 { font-size: 10.5pt; margin: 0.9em 0 0.3em; }
p { margin: 0.25em 0; }
.muted { color: #555; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; margin: 0.2em 0 0.4em; }
th, td { border: 1px solid #999; padding: 1.5pt 3pt; text-align: left; vertical-align: top; }
th { background: #e6e9ef; font-size: 8pt; font-weight: bold; }
table.grid { font-size: 8.5pt; }
tr.call td { background: #f3f4f7; font-weight: bold; }
table.grid td:first-child { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 2px solid #333; }
table.facts { width: auto; }
table.facts th { background: none; border: none; padding-left: 0; }
table.facts td { border: none; }
td.tick { text-align: center; font-size: 12pt; }
td.sign { width: 45mm; height: 8mm; }
.signatures { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 4mm; margin-top: 2mm; }
.signatures div { border: 1px solid #999; padding: 2mm; min-height: 22mm; font-size: 8.5pt; }
.handover { break-inside: avoid; page-break-inside: avoid; margin-top: 3mm; }
.trip { break-before: auto; }
footer { margin-top: 1.5em; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def brief_file(boat_id: str) -> str:
    """The file name of a boat's brief: its id, ``kayu-1.html``."""
    return f"{boat_id}.html"


def brief_pages(data: DataSet, plan: Plan) -> list[tuple[str, str]]:
    """Every page of the crew briefs as (file name, HTML): the index, then a page per boat."""
    used = [b for b in plan.boats if b.trips]
    pages = [(INDEX, brief_index(data, plan))]
    pages += [(brief_file(b.boat), boat_brief(data, plan, b)) for b in used]
    return pages


def _page(title: str, colour: str, body: Sequence[str]) -> str:
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="seribu-plan {_h(__version__)} brief">',
        f"<title>{_h(title)}</title>",
        f"<style>:root {{ --boat: {colour}; }}{_CSS}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"


def _footer(data: DataSet) -> str:
    text = _("seribu-plan {version}; data: {origin}; data digest {digest}").format(
        version=__version__, origin=origin_text(data), digest=data.digest or "-"
    )
    return f'<footer class="muted">{_h(text)}</footer>'


# --------------------------------------------------------------------------- the index


def brief_index(data: DataSet, plan: Plan) -> str:
    """The index page: the plan in a few lines and a link to each boat's brief."""
    tz = data.campaign.tz
    summary = summarize(data, plan)
    colours = boat_colours(data, plan)
    title = _("Crew briefs: {campaign}").format(campaign=data.campaign.name)
    rows = []
    for sheet_boat in (b for b in plan.boats if b.trips):
        boat = data.boats_by_id.get(sheet_boat.boat)
        sheets = [s for s in trip_sheets(data, plan) if s.boat == sheet_boat.boat]
        load = totals([line for s in sheets for line in s.lines], len(data.campaign.kit))
        link = _h(brief_file(sheet_boat.boat))
        rows.append(
            f'<tr data-boat="{_h(sheet_boat.boat)}">'
            f'<td><span style="color:{colours.get(sheet_boat.boat, "#000")}">■</span> '
            f'<a href="{link}">{_h(sheet_boat.boat)}</a></td>'
            f"<td>{_h(boat.name if boat else '')}</td>"
            f'<td class="num">{len(sheet_boat.trips)}</td>'
            f"<td>{_h(when(sheets[0].depart, tz))}</td>"
            f"<td>{_h(place_name(data, sheets[0].port))}</td>"
            f'<td class="num">{load.tps}</td>'
            f'<td class="num">{_h(number(load.kg, 1))}</td></tr>'
        )
    heads = [
        _("boat"),
        _("name"),
        _("trips"),
        _("first departure"),
        _("loads at"),
        _("TPS"),
        _("kg"),
    ]
    body = [
        f"<header><h1>{_h(title)}</h1>",
        f'<p class="muted">{_h(_("data: {origin}").format(origin=origin_text(data)))}</p>',
        "</header>",
        "<p>"
        + _h(
            _(
                "{served} of {total} TPS served by {boats} boats in {trips} trips; "
                "deadline {deadline}."
            ).format(
                served=number(summary.tps_served),
                total=number(summary.tps_total),
                boats=number(summary.boats_used),
                trips=number(summary.trips),
                deadline=when(data.campaign.deadline, tz),
            )
        )
        + "</p>",
        f"<h2>{_h(_('Boats'))}</h2>",
        "<table><thead><tr>"
        + "".join(f"<th>{_h(h)}</th>" for h in heads)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>",
    ]
    if plan.unserved:
        body.append(f"<h2>{_h(_('Unserved TPS'))}</h2><ul>")
        body += [
            f'<li data-tps="{_h(u.tps)}">{_h(u.tps)}: {_h(u.reason.value)}</li>'
            for u in plan.unserved
        ]
        body.append("</ul>")
    body.append(
        '<p class="muted">'
        + _h(_("Print each brief on A4 from the browser (Print, or Save as PDF)."))
        + "</p>"
    )
    body.append(_footer(data))
    return _page(title, "#444444", body)


# --------------------------------------------------------------------------- a boat


def boat_brief(data: DataSet, plan: Plan, boat_plan: BoatPlan) -> str:
    """The brief of one boat: who, what to load where and when, calls, windows, handovers."""
    colours = boat_colours(data, plan)
    boat = data.boats_by_id.get(boat_plan.boat)
    name = boat.name if boat else boat_plan.boat
    title = _("Crew brief {boat}: {name}").format(boat=boat_plan.boat, name=name)
    sheets = [s for s in trip_sheets(data, plan) if s.boat == boat_plan.boat]
    body = [
        "<header>",
        f"<h1>{_h(title)}</h1>",
        f"<p>{_h(data.campaign.name)}</p>",
        f'<p class="muted">{_h(_("data: {origin}").format(origin=origin_text(data)))}</p>',
        "</header>",
        _facts(data, boat_plan.boat, boat, sheets),
    ]
    for sheet in sheets:
        body.append(_trip(data, boat, sheet))
    body.append(_footer(data))
    return _page(title, colours.get(boat_plan.boat, "#444444"), body)


def _facts(data: DataSet, boat_id: str, boat: Boat | None, sheets: Sequence[TripSheet]) -> str:
    load = totals([line for s in sheets for line in s.lines], len(data.campaign.kit))
    rows = [(_("boat"), boat_id)]
    if boat is not None:
        rows += [
            (_("home port"), f"{place_name(data, boat.home)} ({boat.home})"),
            (
                _("speed and capacity"),
                _("{knots} kn; {kg} kg, {m3} m3; sails in waves up to {wave} m").format(
                    knots=number(boat.speed_knots, 0),
                    kg=number(boat.capacity_kg),
                    m3=number(boat.capacity_m3, 1),
                    wave=f"{boat.max_wave_m:g}",
                ),
            ),
        ]
        rows += [
            (label, value)
            for label, value in (
                (_("escort"), boat.escort),
                (_("contact"), boat.contact),
                (_("crew"), boat.crew),
            )
            if value
        ]
    rows.append(
        (
            _("in all"),
            ngettext(
                "{trips} trip, {tps} TPS kits, {kg} kg, {m3} m3",
                "{trips} trips, {tps} TPS kits, {kg} kg, {m3} m3",
                len(sheets),
            ).format(
                trips=len(sheets),
                tps=number(load.tps),
                kg=number(load.kg, 1),
                m3=number(load.m3, 2),
            ),
        )
    )
    cells = "".join(f"<tr><th>{_h(k)}</th><td>{_h(v)}</td></tr>" for k, v in rows)
    return f'<table class="facts">{cells}</table>'


def _trip(data: DataSet, boat: Boat | None, sheet: TripSheet) -> str:
    tz = data.campaign.tz
    number_ = sheet.trip.number
    port = data.ports_by_id.get(sheet.port)
    parts = [
        f'<section class="trip" id="trip-{number_}">',
        f"<h2>{_h(_('Trip {number}').format(number=number_))}</h2>",
    ]
    depart = sheet.depart
    if depart is not None:
        loading = (
            depart.astimezone(UTC) - timedelta(minutes=port.load_minutes)
            if port is not None
            else None
        )
        parts.append(
            "<p><b>"
            + _h(
                _("Load at {port}: from {start}, sail at {depart}.").format(
                    port=place_name(data, sheet.port),
                    start=when(loading, tz),
                    depart=when(depart, tz),
                )
            )
            + "</b></p>"
        )
    parts.append(f"<h3>{_h(_('What to load'))}</h3>")
    parts.append(_manifest(data, sheet))
    parts.append(f"<h3>{_h(_('Calls in order'))}</h3>")
    parts.append(_calls(data, sheet))
    parts.append(f"<h3>{_h(_('Sailing windows'))}</h3>")
    parts.append(_windows(data, boat, sheet))
    for call in sheet.calls:
        parts.append(_handover(data, call))
    parts.append("</section>")
    return "\n".join(parts)


def _item_heads(data: DataSet) -> str:
    # Item names are long ids (plastik_pembungkus): let a narrow column break them after "_".
    return "".join(
        f'<th class="num">{_h(item.item).replace("_", "_<wbr>")}</th>' for item in data.campaign.kit
    )


def _manifest(data: DataSet, sheet: TripSheet) -> str:
    """Per call in drop order, its TPS: voters, item counts, kg, m3; a total row."""
    tz = data.campaign.tz
    width = 4 + len(data.campaign.kit)
    rows = []
    for call in sheet.calls:
        heading = _("drop {position}: {place}, {arrive}").format(
            position=call.position,
            place=place_name(data, call.stop.place),
            arrive=when(call.stop.arrive, tz),
        )
        rows.append(f'<tr class="call"><td colspan="{width}">{_h(heading)}</td></tr>')
        rows += [_kit_row(line) for line in call.lines]
    load = totals(sheet.lines, len(data.campaign.kit))
    counts = "".join(f'<td class="num">{number(c)}</td>' for c in load.counts)
    rows.append(
        f'<tr class="total"><td>{_h(_("total"))}</td>'
        f'<td class="num">{number(load.voters)}</td>{counts}'
        f'<td class="num">{_h(number(load.kg, 1))}</td>'
        f'<td class="num">{_h(number(load.m3, 3))}</td></tr>'
    )
    heads = (
        f'<th>{_h(_("TPS"))}</th><th class="num">{_h(_("voters"))}</th>'
        f'{_item_heads(data)}<th class="num">kg</th><th class="num">m3</th>'
    )
    return (
        f'<table class="grid manifest"><thead><tr>{heads}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _kit_row(line: KitLine) -> str:
    counts = "".join(f'<td class="num">{number(c)}</td>' for c in line.counts)
    return (
        f'<tr data-tps="{_h(line.tps.id)}"><td>{_h(line.tps.id)}</td>'
        f'<td class="num">{number(line.tps.voters)}</td>{counts}'
        f'<td class="num">{_h(number(line.kg, 1))}</td>'
        f'<td class="num">{_h(number(line.m3, 3))}</td></tr>'
    )


def _calls(data: DataSet, sheet: TripSheet) -> str:
    """Every stop of the trip: the port, each call with its drops, the return."""
    tz = data.campaign.tz
    rows = []
    last = len(sheet.trip.stops) - 1
    for n, stop in enumerate(sheet.trip.stops):
        if n == 0:
            what = _("load and sail")
        elif n == last:
            what = _("return: end of trip")
        elif stop.tps:
            what = _("drop {count}: {tps}").format(count=len(stop.tps), tps=", ".join(stop.tps))
        else:
            what = _("no drop")
        rows.append(
            f'<tr data-place="{_h(stop.place)}"><td class="num">{n}</td>'
            f"<td>{_h(place_name(data, stop.place))} ({_h(stop.place)})</td>"
            f"<td>{_h(when(stop.arrive, tz))}</td><td>{_h(when(stop.depart, tz))}</td>"
            f"<td>{_h(what)}</td></tr>"
        )
    heads = "".join(
        f"<th>{_h(h)}</th>" for h in (_("stop"), _("place"), _("arrive"), _("depart"), _("what"))
    )
    return (
        f'<table class="grid"><thead><tr>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _windows(data: DataSet, boat: Boat | None, sheet: TripSheet) -> str:
    """The sailing windows of the boat, per zone the trip visits, that overlap the trip."""
    tz = data.campaign.tz
    if boat is None or sheet.depart is None or sheet.end.arrive is None:
        return f"<p>{_h(_('No sailing windows: the boat is not in the fleet data.'))}</p>"
    clock = Clock(data.campaign.start)
    first, last = clock.minute_floor(sheet.depart), clock.minute_ceil(sheet.end.arrive)
    windows = sailing_windows(data, boat)
    zones = {z.id: z.name for z in data.zones}
    items = []
    for zone in trip_zones(data, sheet.trip.stops):
        spans = [
            _("{start} to {end}").format(start=when(clock.at(s), tz), end=when(clock.at(e), tz))
            for s, e in windows.get(zone, [])
            if s <= last and e >= first
        ]
        text = "; ".join(spans) or _("none")
        items.append(f"<li><b>{_h(zones.get(zone, zone))}</b>: {_h(text)}</li>")
    if boat.night_sailing:
        note = _(
            "Sail only inside these windows (sea state within the boat's limit); waiting "
            "alongside a pier or in port is always allowed."
        )
    else:
        note = _(
            "Sail only inside these windows (sea state within the boat's limit, daylight); "
            "waiting alongside a pier or in port is always allowed."
        )
    return f'<ul>{"".join(items)}</ul><p class="muted">{_h(note)}</p>'


def _handover(data: DataSet, call: Call) -> str:
    """The handover form of one drop: TPS, kit counts, signature lines."""
    tz = data.campaign.tz
    place = place_name(data, call.stop.place)
    heading = _("Handover at {place}, {arrive}").format(
        place=place, arrive=when(call.stop.arrive, tz)
    )
    rows = []
    for line in call.lines:
        counts = "".join(f'<td class="num">{number(c)}</td>' for c in line.counts)
        rows.append(
            f'<tr data-tps="{_h(line.tps.id)}"><td>{_h(line.tps.id)}</td>{counts}'
            '<td class="tick">☐</td><td class="sign"></td></tr>'
        )
    heads = (
        f"<th>{_h(_('TPS'))}</th>{_item_heads(data)}<th>{_h(_('complete'))}</th>"
        f"<th>{_h(_('received by: name and signature (KPPS/PPS)'))}</th>"
    )
    roles = (_("Handed over by (boat crew)"), _("Escort (Polres)"), _("Received by (PPS/KPPS)"))
    sign_here = _h(_("name, signature, time"))
    boxes = "".join(f"<div><b>{_h(role)}</b><br><br><br>{sign_here}</div>" for role in roles)
    return (
        f'<div class="handover" data-place="{_h(call.stop.place)}">'
        f"<h3>{_h(heading)}</h3>"
        f'<table class="grid"><thead><tr>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        f'<div class="signatures">{boxes}</div></div>'
    )
