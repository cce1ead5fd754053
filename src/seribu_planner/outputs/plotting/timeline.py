"""The timeline: a lane per weather zone with its closed sea-state periods shaded, a lane
per boat with its trips (legs solid, calls light) over the campaign days, the deadline."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from seribu_planner.derive.weather import Clock, forecast_gaps, merge, sailing_windows
from seribu_planner.model import DataSet
from seribu_planner.outputs.i18n import _, day, when
from seribu_planner.outputs.loads import place_name, trip_sheets, trip_zones
from seribu_planner.outputs.palette import boat_colours
from seribu_planner.outputs.plotting.svg import RC, Svg, hours_from, plain, used_boats
from seribu_planner.plan import Plan


def timeline_svg(data: DataSet, plan: Plan) -> str:
    """The timeline of zones and boats as inline SVG text."""
    with rc_context(RC):
        return _draw_timeline(data, plan).render()


def _draw_timeline(data: DataSet, plan: Plan) -> Svg:
    campaign = data.campaign
    tz = campaign.tz
    start = campaign.start
    horizon = hours_from(campaign.end, start)
    clock = Clock(start)
    boats = [b for b in used_boats(plan)]
    zones = [z for z in data.zones]
    lanes = len(zones) + len(boats)
    figure = Figure(figsize=(10.0, 1.0 + 0.42 * max(lanes, 1)), layout="constrained")
    svg = Svg("timeline", figure)
    ax = figure.add_subplot()
    ax.set_xlim(0, horizon)
    ax.set_ylim(-0.6, lanes - 0.4)
    ax.invert_yaxis()
    labels = [plain(z.name) for z in zones] + [b.boat for b in boats]
    ax.set_yticks(range(lanes), labels=labels, fontsize=7.5)
    for tick, zone_lane in zip(ax.get_yticklabels(), range(lanes), strict=True):
        if zone_lane < len(zones):
            tick.set_fontstyle("italic")

    # Day ticks at local midnight, 6-hour minor ticks.
    first_day = start.astimezone(tz).date()
    last_day = campaign.end.astimezone(tz).date()
    ticks, names = [], []
    n = 0
    while first_day + timedelta(days=n) <= last_day:
        midnight = datetime.combine(first_day + timedelta(days=n), datetime.min.time(), tz)
        hours = hours_from(midnight, start)
        if 0 <= hours <= horizon:
            ticks.append(hours)
        names.append(day(midnight, tz))
        n += 1
    names = names[len(names) - len(ticks) :]
    if not ticks or ticks[0] > 3:  # the first day starts after midnight: name it at the start
        ticks.insert(0, 0.0)
        names.insert(0, day(start, tz))
    ax.set_xticks(ticks, labels=names, fontsize=7.5, ha="left")
    minor = [h for h in range(0, math.ceil(horizon) + 1) if h % 6 == 0]
    ax.set_xticks([t for t in minor if t not in ticks], minor=True)
    ax.grid(True, axis="x", which="major", color="#bbbbbb", linewidth=0.8)
    ax.grid(True, axis="x", which="minor", color="#e5e5e5", linewidth=0.5)
    ax.set_xlabel(
        _("days from {start} ({zone}); shaded: sea closed").format(
            start=when(start, tz), zone=campaign.timezone
        ),
        fontsize=7,
        color="#666666",
    )

    # Zone lanes: the forecast slots over each limit of the boats used are shaded darker
    # the more boats they close to; time without a forecast is closed to every boat.
    fleet = data.boats_by_id
    limits = sorted({fleet[b.boat].max_wave_m for b in boats if b.boat in fleet})
    limits = limits or sorted({boat.max_wave_m for boat in data.boats})
    gaps = forecast_gaps(data)
    for lane, zone in enumerate(zones):
        pieces: list[tuple[float, float, int, float | None]] = []
        for slot in data.forecast:
            if slot.zone != zone.id:
                continue
            closed_to = sum(slot.wave_height_m > limit for limit in limits)
            if closed_to:
                begins, ends = hours_from(slot.from_, start), hours_from(slot.to, start)
                pieces.append((begins, ends, closed_to, slot.wave_height_m))
        for gap_start, gap_end in gaps.get(zone.id, []):
            pieces.append((gap_start / 60, gap_end / 60, len(limits), None))
        for n, (s, e, closed_to, wave) in enumerate(_join(pieces), start=1):
            s, e = max(s, 0.0), min(e, horizon)
            if e <= s:
                continue
            gid = f"closed-{zone.id}-{n}"
            shut = [limit for limit in limits if wave is None or wave > limit]
            what = (
                _("no forecast: closed to every boat")
                if wave is None
                else _("waves {wave} m: closed to boats limited to {limits} m").format(
                    wave=f"{wave:g}", limits=" / ".join(f"{x:g}" for x in shut)
                )
            )
            svg.title(
                gid,
                _("{zone}: {what}, {start} to {end}").format(
                    zone=zone.name,
                    what=what,
                    start=when(clock.at(round(s * 60)), tz),
                    end=when(clock.at(round(e * 60)), tz),
                ),
            )
            ax.broken_barh(
                [(s, e - s)],
                (lane - 0.4, 0.8),
                facecolors="#41536e",
                alpha=_shade(closed_to, limits),
                hatch="///" if wave is None else None,
                edgecolor="none",
                gid=gid,
            )

    # Boat lanes: when the boat may not sail in the zones it visits (light), then its trips.
    colours = boat_colours(data, plan)
    sheets = trip_sheets(data, plan)
    for k, boat_plan in enumerate(boats):
        lane = len(zones) + k
        boat = data.boats_by_id.get(boat_plan.boat)
        mine = [s for s in sheets if s.boat == boat_plan.boat]
        if boat is not None:
            windows = sailing_windows(data, boat)
            visited = sorted({z for s in mine for z in trip_zones(data, s.trip.stops)})
            no_sailing = _closed(windows, visited, round(horizon * 60))
            ax.broken_barh(
                [(s / 60, (e - s) / 60) for s, e in no_sailing],
                (lane - 0.4, 0.8),
                facecolors="#d0d0d0",
                edgecolor="none",
                gid=svg.title(
                    f"lane-{boat_plan.boat}",
                    _("{boat}: may not sail here (sea state, daylight or availability)").format(
                        boat=boat_plan.boat
                    ),
                ),
            )
        colour = colours.get(boat_plan.boat, "#000000")
        for sheet in mine:
            legs, stays = [], []
            stops = sheet.trip.stops
            for a, b in itertools.pairwise(stops):
                if a.depart is not None and b.arrive is not None:
                    legs.append((hours_from(a.depart, start), hours_from(b.arrive, start)))
            for stop in stops[1:-1]:
                if stop.arrive is not None and stop.depart is not None:
                    stays.append((hours_from(stop.arrive, start), hours_from(stop.depart, start)))
            route = " → ".join(s.place for s in stops)
            gid = svg.title(
                f"trip-{sheet.boat}-{sheet.trip.number}",
                _("{boat} trip {trip}: {route}; departs {depart}, back {back}").format(
                    boat=sheet.boat,
                    trip=sheet.trip.number,
                    route=route,
                    depart=when(sheet.depart, tz),
                    back=when(sheet.end.arrive, tz),
                ),
            )
            ax.broken_barh(
                [(s, e - s) for s, e in legs],
                (lane - 0.28, 0.56),
                facecolors=colour,
                edgecolor="none",
                gid=gid,
            )
            calls_gid = svg.title(
                f"calls-{sheet.boat}-{sheet.trip.number}",
                "; ".join(
                    _("{place}: {arrive} to {depart}, {kits} kits").format(
                        place=place_name(data, c.stop.place),
                        arrive=when(c.stop.arrive, tz),
                        depart=when(c.stop.depart, tz),
                        kits=len(c.stop.tps),
                    )
                    for c in sheet.calls
                )
                or _("no drops"),
            )
            ax.broken_barh(
                [(s, max(e - s, 0.05)) for s, e in stays],
                (lane - 0.28, 0.56),
                facecolors="white",
                edgecolor=colour,
                linewidth=0.8,
                gid=calls_gid,
            )
            if legs:
                ax.annotate(
                    str(sheet.trip.number),
                    xy=(legs[0][0], lane - 0.3),
                    xytext=(0, 1),
                    textcoords="offset points",
                    ha="left",
                    va="bottom",
                    fontsize=6.5,
                    color=colour,
                    fontweight="bold",
                )

    deadline = hours_from(campaign.deadline, start)
    ax.axvline(deadline, color="#c00000", linewidth=1.6, linestyle="--", gid="deadline")
    svg.title("deadline", _("deadline: {moment}").format(moment=when(campaign.deadline, tz)))
    ax.annotate(
        _("deadline"),
        xy=(deadline, -0.6),
        xytext=(3, -2),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=7,
        color="#c00000",
        fontweight="bold",
    )
    handles = [
        Patch(facecolor="#41536e", alpha=_shade(n, limits), label=_label_closed(limits, n))
        for n in range(1, len(limits) + 1)
    ]
    handles += [
        Patch(facecolor="#d0d0d0", label=_("boat may not sail")),
        Patch(facecolor="white", edgecolor="#444444", label=_("alongside (call)")),
        Patch(facecolor="#444444", label=_("under way")),
    ]
    figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=7)
    return svg


def _shade(closed_to: int, limits: Sequence[float]) -> float:
    """Opacity of a closed period: darker the more of the boats' limits it exceeds."""
    return 0.2 + 0.55 * closed_to / len(limits)


def _label_closed(limits: Sequence[float], n: int) -> str:
    shut = " / ".join(f"{x:g}" for x in limits[:n])
    return _("sea closed to boats limited to {limits} m").format(limits=shut)


def _join(
    pieces: list[tuple[float, float, int, float | None]],
) -> list[tuple[float, float, int, float | None]]:
    """Consecutive closed pieces of the same kind joined into one."""
    out: list[tuple[float, float, int, float | None]] = []
    for s, e, closed_to, wave in sorted(pieces, key=lambda p: (p[0], p[1])):
        if out and out[-1][2] == closed_to and out[-1][3] == wave and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]), closed_to, wave)
        else:
            out.append((s, e, closed_to, wave))
    return out


def _closed(
    windows: dict[str, list[tuple[int, int]]], zones: Sequence[str], horizon: int
) -> list[tuple[int, int]]:
    """Minutes in which one of these zones, or more, is closed to the boat."""
    if not zones:
        return []
    shut: list[tuple[int, int]] = []
    for zone in zones:
        cursor = 0
        for s, e in windows.get(zone, []):
            if s > cursor:
                shut.append((cursor, s))
            cursor = max(cursor, e)
        if cursor < horizon:
            shut.append((cursor, horizon))
    return merge(shut)
