"""The two pictures of the HTML report, drawn with matplotlib as inline SVG text.

``map_svg``: ports, islands and platforms at their coordinates (no coastline: the picture
needs no network and no map tiles), every trip drawn in its boat's colour and labelled,
a scale bar in nautical miles. ``timeline_svg``: one lane per weather zone with its closed
sea-state periods shaded, one lane per boat with its trips (legs solid, calls light) over
the campaign days, and the deadline marked.

Only this module imports matplotlib, and only its object API (``Figure``, the Agg canvas
for measuring text): no pyplot, no GUI backend, no global state. The SVG is the same for
the same input: ``svg.hashsalt`` fixes the ids matplotlib would otherwise draw at random,
the date metadata is left out, and text stays text (``svg.fonttype: none``).

Every element a reader (or a test) looks for carries an ``id`` (``place-pramuka``,
``trip-kayu-1-1``, ``lane-kayu-1``, ``closed-teluk-jakarta-1``, ``deadline``) and a
``<title>`` that a browser shows on hover; ids are prefixed per picture (``map-``,
``timeline-``) so that both can sit in one HTML page.
"""

from __future__ import annotations

import html
import io
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import Bbox, offset_copy

from seribu_planner.derive.weather import Clock, forecast_gaps, merge, sailing_windows
from seribu_planner.model import DataSet
from seribu_planner.outputs.i18n import _, day, when
from seribu_planner.outputs.loads import place_name, trip_sheets, trip_zones
from seribu_planner.outputs.palette import PLACE_COLOURS, boat_colours
from seribu_planner.outputs.report import printable
from seribu_planner.plan import Plan

if TYPE_CHECKING:  # matplotlib.typing.RcKeyType is newer than the oldest matplotlib we allow
    from matplotlib.typing import RcKeyType

_RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": "seribu-plan",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "sans-serif"],
    "font.size": 9,
    "axes.edgecolor": "#888888",
    # Names from the data are shown as written: "$" never starts mathematics.
    "text.parse_math": False,
}
_KIND_STYLE: dict[str, dict[str, Any]] = {
    "port": {"marker": "s", "color": PLACE_COLOURS["port"], "markersize": 7},
    "island": {"marker": "o", "color": PLACE_COLOURS["island"], "markersize": 7},
    "platform": {"marker": "^", "color": PLACE_COLOURS["platform"], "markersize": 8},
}
#: A light box behind a label keeps it readable over routes; a stroked halo would turn
#: the text into outlines and multiply the size of the SVG.
_HALO = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}


@dataclass
class _Svg:
    """A figure being drawn, the hover titles of its elements, and its SVG text."""

    prefix: str
    figure: Figure
    titles: dict[str, str] = field(default_factory=dict)

    def title(self, gid: str, text: str) -> str:
        """Give the element ``gid`` a hover title; ``gid`` back, for the element's ``gid=``."""
        self.titles[gid] = printable(text)
        return gid

    def render(self) -> str:
        with rc_context(_RC):
            buffer = io.StringIO()
            self.figure.savefig(buffer, format="svg", metadata={"Date": None})
        return _inline(buffer.getvalue(), self.prefix, self.titles)


def _inline(svg: str, prefix: str, titles: dict[str, str]) -> str:
    """SVG text fit for an HTML page: no XML prologue, ids prefixed, titles added, fluid."""
    svg = svg[svg.index("<svg") :]
    # Every id and every reference to one gets the picture's prefix, so that the map and
    # the timeline never share an id in one page.
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{prefix}-{m.group(1)}"', svg)
    for gid, text in titles.items():
        opening = f'<g id="{prefix}-{gid}">'
        svg = svg.replace(opening, f"{opening}<title>{html.escape(text)}</title>", 1)
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 width="100%"', svg, count=1)
    return svg.strip() + "\n"


def _hours(moment: datetime, start: datetime) -> float:
    """Hours from the campaign start, on absolute time (UTC)."""
    return (moment.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600


def _plain(text: str) -> str:
    """Text from the data without control characters (``text.parse_math`` is off, so a
    ``$`` is shown as written)."""
    return printable(text)


def _short(name: str) -> str:
    """A place name for a label: ``Pelabuhan Kali Adem (Muara Angke)`` -> without the aside."""
    return _plain(name.split(" (")[0])


# --------------------------------------------------------------------------- the map


@dataclass(frozen=True)
class _Place:
    id: str
    name: str
    kind: str
    lon: float
    lat: float


def _places(data: DataSet) -> list[_Place]:
    ports = [_Place(p.id, p.name, "port", p.lon, p.lat) for p in data.ports]
    islands = [_Place(i.id, i.name, i.kind.value, i.lon, i.lat) for i in data.islands]
    return ports + islands


class _Labeller:
    """Puts labels where they overlap no label, marker or picture edge placed before them.

    A label's box is computed from its measured text size and the anchor's position on the
    canvas, not by drawing it: hundreds of islands are labelled in a fraction of a second.
    """

    def __init__(self, figure: Figure, ax: Any, *, crowded: bool) -> None:
        self.renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
        self.ax = ax
        self.scale = figure.dpi / 72  # canvas pixels per point
        self.frame = ax.get_window_extent(self.renderer)
        self.taken: list[Bbox] = []
        #: On a crowded map a label that finds no room is left out (its place keeps its
        #: hover title); on a small one it is drawn at its first position regardless.
        self.crowded = crowded

    def block_point(self, xy: tuple[float, float], size_pt: float) -> None:
        """Keep labels off a marker of this size at this data position."""
        x, y = self.ax.transData.transform(xy)
        half = size_pt * self.scale / 2
        self.taken.append(Bbox.from_extents(x - half, y - half, x + half, y + half))

    def _size(self, text: str, fontsize: float, weight: str) -> tuple[float, float]:
        prop = FontProperties(size=fontsize, weight=weight)
        lines = text.split("\n")
        widths = [
            self.renderer.get_text_width_height_descent(line, prop, ismath=False)[0]
            for line in lines
        ]
        # the label's white box pads the text by 0.15 em on each side
        pad = 0.3 * fontsize * self.scale
        return max(widths) + pad, len(lines) * fontsize * 1.25 * self.scale + pad

    def place(
        self,
        text: str,
        anchors: Sequence[tuple[float, float]],
        offsets: Sequence[tuple[float, float, str, str]],
        *,
        force: bool = False,
        **style: Any,
    ) -> Any:
        """Annotate ``text`` at the first anchor and offset (points, alignments) with room.

        ``style`` holds further ``annotate`` arguments. Without room the label goes to the
        first anchor and offset, unless the map is crowded and ``force`` is not given: then
        it is left out and None returned.
        """
        width, height = self._size(
            text, style.get("fontsize", 9), style.get("fontweight", "normal")
        )
        chosen = None
        for anchor in anchors:
            x, y = self.ax.transData.transform(anchor)
            for dx, dy, ha, va in offsets:
                left = x + dx * self.scale - {"left": 0, "center": width / 2}.get(ha, width)
                low = y + dy * self.scale - {"bottom": 0, "center": height / 2}.get(va, height)
                box = Bbox.from_bounds(left, low, width, height)
                inside = self.frame.contains(left, low) and self.frame.contains(box.x1, box.y1)
                if inside and not any(box.overlaps(other) for other in self.taken):
                    chosen = (anchor, dx, dy, ha, va, box)
                    break
            if chosen is not None:
                break
        if chosen is None:
            if self.crowded and not force:
                return None
            dx, dy, ha, va = offsets[0]
            chosen = (anchors[0], dx, dy, ha, va, Bbox.from_bounds(0, 0, 0, 0))
        anchor, dx, dy, ha, va, box = chosen
        self.taken.append(box)
        return self.ax.annotate(
            text,
            xy=anchor,
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            **style,
        )


#: Beyond this many places a label that finds no room is left out.
LABEL_EVERY_PLACE_UP_TO = 60

_AROUND = (
    (7, 0, "left", "center"),
    (-7, 0, "right", "center"),
    (0, 8, "center", "bottom"),
    (0, -8, "center", "top"),
    (7, 7, "left", "bottom"),
    (-7, 7, "right", "bottom"),
    (7, -7, "left", "top"),
    (-7, -7, "right", "top"),
    (14, 0, "left", "center"),
    (-14, 0, "right", "center"),
)


def map_svg(data: DataSet, plan: Plan) -> str:
    """The map of places and routes as inline SVG text."""
    with rc_context(_RC):
        return _draw_map(data, plan).render()


def _draw_map(data: DataSet, plan: Plan) -> _Svg:
    places = _places(data)
    lons = [p.lon for p in places]
    lats = [p.lat for p in places]
    lat0 = (min(lats) + max(lats)) / 2
    stretch = 1 / math.cos(math.radians(lat0))  # degrees of latitude per degree of longitude
    pad_lon = max(0.05, (max(lons) - min(lons)) * 0.08)
    pad_lat = max(0.05, (max(lats) - min(lats)) * 0.08)
    x0, x1 = min(lons) - pad_lon, max(lons) + pad_lon
    y0, y1 = min(lats) - pad_lat * 1.6, max(lats) + pad_lat
    width_in = 10.0
    height_in = min(14.0, max(4.0, width_in * (y1 - y0) * stretch / (x1 - x0)))
    figure = Figure(figsize=(width_in, height_in))
    svg = _Svg("map", figure)
    # Fixed margins rather than a layout engine: labels are placed by measuring them, so
    # the axes must not move after that.
    ax = figure.add_axes((0.07, 0.06, 0.91, 0.92))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(stretch)
    ax.apply_aspect()
    ax.set_facecolor("#eef5fb")  # the sea: every place in these pictures is at sea level
    ax.grid(True, color="white", linewidth=0.8)
    ax.tick_params(labelsize=7, colors="#666666")
    ax.set_xlabel(_("longitude (°E)"), fontsize=7, color="#666666")
    ax.set_ylabel(_("latitude (°)"), fontsize=7, color="#666666")
    labeller = _Labeller(figure, ax, crowded=len(places) > LABEL_EVERY_PLACE_UP_TO)
    tps_count: dict[str, int] = {}
    voters: dict[str, int] = {}
    for tps in data.tps:
        tps_count[tps.island] = tps_count.get(tps.island, 0) + 1
        voters[tps.island] = voters.get(tps.island, 0) + tps.voters

    colours = boat_colours(data, plan)
    by_id = {p.id: p for p in places}
    sheets = [s for s in trip_sheets(data, plan) if len(s.trip.stops) >= 2]
    legs_drawn: dict[frozenset[str], int] = {}
    route_lines = []
    for sheet in sheets:
        stops = [by_id[s.place] for s in sheet.trip.stops if s.place in by_id]
        # Trips over the same waters are drawn a little apart, so each stays visible.
        key = frozenset(p.id for p in stops)
        shift = legs_drawn.get(key, 0)
        legs_drawn[key] = shift + 1
        offset = offset_copy(ax.transData, figure, x=2.5 * shift, y=-2.5 * shift, units="points")
        gid = f"trip-{sheet.boat}-{sheet.trip.number}"
        names = " → ".join(p.name.split(" (")[0] for p in stops)
        svg.title(
            gid,
            _("{boat} trip {trip}: {route}; departs {depart}, back {back}").format(
                boat=sheet.boat,
                trip=sheet.trip.number,
                route=names,
                depart=when(sheet.depart, data.campaign.tz),
                back=when(sheet.end.arrive, data.campaign.tz),
            ),
        )
        (line,) = ax.plot(
            [p.lon for p in stops],
            [p.lat for p in stops],
            color=colours.get(sheet.boat, "#000000"),
            linewidth=2,
            alpha=0.85,
            transform=offset,
            gid=gid,
            zorder=2,
        )
        route_lines.append((sheet, stops))
        for a, b in itertools.pairwise(stops):
            if (a.lon, a.lat) == (b.lon, b.lat):
                continue
            ax.annotate(
                "",
                xy=(a.lon + (b.lon - a.lon) * 0.55, a.lat + (b.lat - a.lat) * 0.55),
                xytext=(a.lon + (b.lon - a.lon) * 0.45, a.lat + (b.lat - a.lat) * 0.45),
                xycoords=offset,
                textcoords=offset,
                arrowprops={"arrowstyle": "-|>", "color": line.get_color(), "lw": 1.5},
                zorder=2,
            )

    # Places: a marker each, blocked for labels; then their labels around them.
    for place in places:
        style = _KIND_STYLE.get(place.kind, _KIND_STYLE["island"])
        gid = f"place-{place.id}"
        svg.title(
            gid,
            _("{name} ({id}): {tps} TPS, {voters} voters").format(
                name=place.name,
                id=place.id,
                tps=tps_count.get(place.id, 0),
                voters=voters.get(place.id, 0),
            ),
        )
        ax.plot(
            [place.lon],
            [place.lat],
            linestyle="none",
            markeredgecolor="white",
            gid=gid,
            zorder=4,
            **style,
        )
        labeller.block_point((place.lon, place.lat), style["markersize"] + 2)
    for group in _colocated(places):
        first = group[0]
        labeller.place(
            "\n".join(_short(p.name) for p in group),
            [(first.lon, first.lat)],
            _AROUND,
            fontsize=7.5,
            color="#222222",
            bbox=_HALO,
            zorder=5,
            gid=f"label-{first.id}",
        )
    # Route labels at the middle of a leg, where they find room.
    for sheet, stops in route_lines:
        legs = [(a, b) for a, b in itertools.pairwise(stops) if a != b]
        if not legs:
            continue
        legs.sort(key=lambda ab: -math.hypot(ab[1].lon - ab[0].lon, ab[1].lat - ab[0].lat))
        candidates = []
        for a, b in legs[:3]:
            for f in (0.5, 0.3, 0.7):
                candidates.append((a.lon + (b.lon - a.lon) * f, a.lat + (b.lat - a.lat) * f))
        labeller.place(
            _("{boat} trip {trip}").format(boat=sheet.boat, trip=sheet.trip.number),
            candidates,
            ((0, 0, "center", "center"), (0, 7, "center", "bottom")),
            force=True,
            fontsize=7,
            color=colours.get(sheet.boat, "#000000"),
            fontweight="bold",
            bbox=_HALO,
            zorder=6,
            gid=f"route-label-{sheet.boat}-{sheet.trip.number}",
        )
    _scale_bar(ax, x0, x1, y0, y1, stretch, lat0)
    handles = [
        Line2D([], [], linestyle="none", label=label, **_KIND_STYLE[kind])
        for kind, label in (
            ("port", _("port")),
            ("island", _("island")),
            ("platform", _("platform")),
        )
        if any(p.kind == kind for p in places)
    ]
    handles += [
        Line2D([], [], color=colours[b.boat], linewidth=2, label=b.boat) for b in _used(plan)
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=7, framealpha=0.9)
    return svg


def _colocated(places: Sequence[_Place]) -> list[list[_Place]]:
    """Places sharing a position (a warehouse on its island's pier), grouped, in order."""
    groups: dict[tuple[float, float], list[_Place]] = {}
    for place in places:
        groups.setdefault((round(place.lon, 4), round(place.lat, 4)), []).append(place)
    return list(groups.values())


def _used(plan: Plan) -> Iterator[Any]:
    return (b for b in plan.boats if b.trips)


def _scale_bar(
    ax: Any, x0: float, x1: float, y0: float, y1: float, stretch: float, lat0: float
) -> None:
    """A bar of a round number of nautical miles (1 nm = 1 minute of latitude)."""
    span_nm = (x1 - x0) * 60 / stretch
    nm = next((n for n in (1, 2, 5, 10, 20, 50, 100, 200, 500) if n >= span_nm / 6), 1000)
    length = nm / 60 * stretch  # degrees of longitude at the map's middle latitude
    left = x0 + (x1 - x0) * 0.03
    base = y0 + (y1 - y0) * 0.04
    ax.plot([left, left + length], [base, base], color="#222222", linewidth=3, gid="scale-bar")
    ax.annotate(
        _("{nm} nm").format(nm=nm),
        xy=(left + length / 2, base),
        xytext=(0, 4),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=7,
    )
    ax.annotate(
        "N ↑",
        xy=(left, y1 - (y1 - y0) * 0.03),
        ha="left",
        va="top",
        fontsize=9,
        fontweight="bold",
        color="#444444",
    )


# --------------------------------------------------------------------------- the timeline


def timeline_svg(data: DataSet, plan: Plan) -> str:
    """The timeline of zones and boats as inline SVG text."""
    with rc_context(_RC):
        return _draw_timeline(data, plan).render()


def _draw_timeline(data: DataSet, plan: Plan) -> _Svg:
    campaign = data.campaign
    tz = campaign.tz
    start = campaign.start
    horizon = _hours(campaign.end, start)
    clock = Clock(start)
    boats = [b for b in _used(plan)]
    zones = [z for z in data.zones]
    lanes = len(zones) + len(boats)
    figure = Figure(figsize=(10.0, 1.0 + 0.42 * max(lanes, 1)), layout="constrained")
    svg = _Svg("timeline", figure)
    ax = figure.add_subplot()
    ax.set_xlim(0, horizon)
    ax.set_ylim(-0.6, lanes - 0.4)
    ax.invert_yaxis()
    labels = [_plain(z.name) for z in zones] + [b.boat for b in boats]
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
        hours = _hours(midnight, start)
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
                begins, ends = _hours(slot.from_, start), _hours(slot.to, start)
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
                    legs.append((_hours(a.depart, start), _hours(b.arrive, start)))
            for stop in stops[1:-1]:
                if stop.arrive is not None and stop.depart is not None:
                    stays.append((_hours(stop.arrive, start), _hours(stop.depart, start)))
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

    deadline = _hours(campaign.deadline, start)
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
