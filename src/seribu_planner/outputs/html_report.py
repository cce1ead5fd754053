"""The plan as one self-contained HTML report: summary, map, timeline, TPS table.

Everything is inside the one file (inline SVG, inline CSS, no script, no font or tile
from the network), so it opens the same offline, from a mail attachment or a USB stick.
Text from the data is escaped with ``html.escape``; the bytes are the same for the same
plan and data.
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from seribu_planner import __version__
from seribu_planner.model import DataSet
from seribu_planner.outputs.i18n import _, duration, language, money, number, when
from seribu_planner.outputs.loads import (
    SHORT_BELOW,
    TIGHT_BELOW,
    SlackBand,
    place_name,
    slack_band,
)
from seribu_planner.outputs.palette import SLACK_FILL, UNSERVED_FILL, boat_colours
from seribu_planner.outputs.plotting import map_svg, timeline_svg
from seribu_planner.outputs.report import origin_text, printable, unserved_text
from seribu_planner.outputs.summary import deliveries, summarize
from seribu_planner.plan import Plan


def _h(text: str) -> str:
    """Text for HTML: control characters shown as ``\\x1b`` (as in the terminal), then escaped."""
    return escape(printable(text))


_CSS = """
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; margin: 1.5em auto;
       max-width: 1100px; padding: 0 1em; color: #1b1b1b; font-size: 14px; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
.origin { color: #555; margin-top: 0; }
dl.summary { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1.2em; }
dl.summary dt { font-weight: bold; }
dl.summary dd { margin: 0; }
figure { margin: 0; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; }
th { background: #dde4ee; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.t { white-space: nowrap; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 2px;
          vertical-align: -0.1em; margin-right: 0.3em; }
.legend span { margin-right: 1.2em; }
footer { margin-top: 2em; color: #666; font-size: 0.85em; }
@media print { body { max-width: none; font-size: 11px; } th { position: static; }
               section { break-inside: avoid-page; } }
"""


def plan_to_html(data: DataSet, plan: Plan) -> str:
    """The HTML report of a plan (a complete document)."""
    title = _("Boat plan: {campaign}").format(campaign=data.campaign.name)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="seribu-plan {_h(__version__)}">',
        f"<title>{_h(title)}</title>",
        f"<style>{_CSS}{_slack_css()}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(title)}</h1>",
        f'<p class="origin">{_h(_("data: {origin}").format(origin=origin_text(data)))}</p>',
        _summary(data, plan),
        '<section id="map">',
        f"<h2>{_h(_('Map'))}</h2>",
        f"<figure>{map_svg(data, plan)}<figcaption>{_h(_map_caption())}</figcaption></figure>",
        "</section>",
        '<section id="timeline">',
        f"<h2>{_h(_('Timeline'))}</h2>",
        f"<figure>{timeline_svg(data, plan)}"
        f"<figcaption>{_h(_timeline_caption())}</figcaption></figure>",
        "</section>",
        _tps_table(data, plan),
        _unserved_table(plan),
        "<footer>",
        _h(
            _(
                "Made by seribu-plan {version}. Every plan it writes has passed its independent "
                "verifier against the data named above."
            ).format(version=__version__)
        ),
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _slack_css() -> str:
    rules = [
        f"td.slack-{band.value} {{ background: {fill}; }}" for band, fill in SLACK_FILL.items()
    ]
    rules.append(f"td.unserved {{ background: {UNSERVED_FILL}; }}")
    return "\n" + "\n".join(rules) + "\n"


def _map_caption() -> str:
    return _(
        "Places at their coordinates (no coastline is drawn); each trip in its boat's colour, "
        "arrows in the direction of travel. Hover over a place or route for details."
    )


def _timeline_caption() -> str:
    return _(
        "Top lanes: the sea state per weather zone, shaded where the forecast closes it to the "
        "boats of this plan. Boat lanes: grey where the boat may not sail; solid bars under "
        "way, white boxes alongside a pier; the red line is the deadline."
    )


def _summary(data: DataSet, plan: Plan) -> str:
    summary = summarize(data, plan)
    tz = data.campaign.tz
    colours = boat_colours(data, plan)
    rows = [
        (_("TPS served"), f"{number(summary.tps_served)} / {number(summary.tps_total)}"),
        (
            _("voters covered"),
            f"{number(summary.voters_covered)} / {number(summary.voters_total)}",
        ),
        (
            _("boats used"),
            _("{boats} ({trips} trips)").format(
                boats=number(summary.boats_used), trips=number(summary.trips)
            ),
        ),
        (
            _("under way"),
            _("{hours} h, {nm} nm").format(
                hours=number(summary.sailing_hours, 1), nm=number(summary.distance_nm, 1)
            ),
        ),
        (_("cost"), money(summary.cost)),
        (_("deadline"), when(data.campaign.deadline, tz)),
    ]
    if summary.tightest is not None:
        t = summary.tightest
        rows.append(
            (
                _("least slack"),
                _("{slack} ({tps}, arrives {arrive})").format(
                    slack=duration(t.slack), tps=t.tps, arrive=when(t.arrive, tz)
                ),
            )
        )
    items = "".join(f"<dt>{_h(k)}</dt><dd>{_h(v)}</dd>" for k, v in rows)
    boats = "".join(
        f'<span data-boat="{_h(b.boat)}"><i class="swatch" '
        f'style="background:{colours.get(b.boat, "#000")}"></i>{_h(b.boat)}</span>'
        for b in plan.boats
        if b.trips
    )
    return (
        f'<section id="summary"><dl class="summary">{items}</dl>'
        f'<p class="legend">{boats}</p></section>'
    )


def _band_text(band: SlackBand) -> str:
    return {
        SlackBand.TIGHT: _("tight"),
        SlackBand.SHORT: _("short"),
        SlackBand.AMPLE: _("ample"),
    }[band]


def _tps_table(data: DataSet, plan: Plan) -> str:
    """Every TPS: island, voters, boat, trip, arrival, deadline and slack (coloured)."""
    tz = data.campaign.tz
    served = {d.tps: d for d in deliveries(data, plan)}
    unserved = {u.tps: u for u in plan.unserved}
    heads = [
        _("TPS"),
        _("island"),
        _("kelurahan"),
        _("voters"),
        _("boat"),
        _("trip"),
        _("arrives"),
        _("deadline"),
        _("slack"),
    ]
    rows = []
    for tps in data.tps:
        island = data.islands_by_id.get(tps.island)
        kelurahan = (island.kelurahan or "") if island else ""
        cells = [
            f'<td class="t">{_h(tps.id)}</td>',
            f"<td>{_h(place_name(data, tps.island))}</td>",
            f"<td>{_h(kelurahan)}</td>",
            f'<td class="num">{_h(number(tps.voters))}</td>',
        ]
        delivery = served.get(tps.id)
        if delivery is not None:
            band = slack_band(delivery.slack)
            slack = f"{duration(delivery.slack)} ({_band_text(band)})"
            cells += [
                f'<td data-boat="{_h(delivery.boat)}">{_h(delivery.boat)}</td>',
                f'<td class="num">{delivery.trip}</td>',
                f'<td class="t">{_h(when(delivery.arrive, tz))}</td>',
                f'<td class="t">{_h(when(delivery.deadline, tz))}</td>',
                f'<td class="t slack-{band.value}">{_h(slack)}</td>',
            ]
        else:
            missing = unserved.get(tps.id)
            reason = missing.reason.value if missing else _("not in plan")
            status = _("unserved: {reason}").format(reason=reason)
            cells += [
                "<td></td><td></td><td></td>",
                f'<td class="t">{_h(when(data.tps_deadline(tps), tz))}</td>',
                f'<td class="t unserved">{_h(status)}</td>',
            ]
        rows.append(f'<tr data-tps="{_h(tps.id)}">{"".join(cells)}</tr>')
    head = "".join(f"<th>{_h(h)}</th>" for h in heads)
    legend = _h(
        _("Slack: tight under {tight} h, short under {short} h, ample from {short} h.").format(
            tight=number(TIGHT_BELOW / timedelta(hours=1)),
            short=number(SHORT_BELOW / timedelta(hours=1)),
        )
    )
    return (
        f'<section id="tps"><h2>{_h(_("TPS"))}</h2><p>{legend}</p>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _unserved_table(plan: Plan) -> str:
    if not plan.unserved:
        return ""
    rows = "".join(
        f'<tr data-tps="{_h(u.tps)}"><td>{_h(u.tps)}</td><td>{_h(u.reason.value)}</td>'
        f"<td>{_h(unserved_text(u))}</td></tr>"
        for u in plan.unserved
    )
    heads = "".join(f"<th>{_h(h)}</th>" for h in (_("TPS"), _("reason"), _("detail")))
    return (
        f'<section id="unserved"><h2>{_h(_("Unserved TPS"))}</h2>'
        f"<table><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table></section>"
    )
