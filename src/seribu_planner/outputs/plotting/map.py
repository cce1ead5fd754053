"""The map: ports, islands and platforms at their coordinates, and every trip in its boat's
colour, labelled, with a scale bar in nautical miles. No coastline: nothing is fetched."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox, offset_copy

from seribu_planner.model import DataSet
from seribu_planner.outputs.i18n import _, when
from seribu_planner.outputs.loads import trip_sheets
from seribu_planner.outputs.palette import PLACE_COLOURS, boat_colours
from seribu_planner.outputs.plotting.svg import RC, Svg, short_name, used_boats
from seribu_planner.plan import Plan

_KIND_STYLE: dict[str, dict[str, Any]] = {
    "port": {"marker": "s", "color": PLACE_COLOURS["port"], "markersize": 7},
    "island": {"marker": "o", "color": PLACE_COLOURS["island"], "markersize": 7},
    "platform": {"marker": "^", "color": PLACE_COLOURS["platform"], "markersize": 8},
}
#: A light box behind a label keeps it readable over routes; a stroked halo would turn
#: the text into outlines and multiply the size of the SVG.
_HALO = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}


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
    with rc_context(RC):
        return _draw_map(data, plan).render()


def _draw_map(data: DataSet, plan: Plan) -> Svg:
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
    svg = Svg("map", figure)
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
            "\n".join(short_name(p.name) for p in group),
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
        Line2D([], [], color=colours[b.boat], linewidth=2, label=b.boat) for b in used_boats(plan)
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=7, framealpha=0.9)
    return svg


def _colocated(places: Sequence[_Place]) -> list[list[_Place]]:
    """Places sharing a position (a warehouse on its island's pier), grouped, in order."""
    groups: dict[tuple[float, float], list[_Place]] = {}
    for place in places:
        groups.setdefault((round(place.lon, 4), round(place.lat, 4)), []).append(place)
    return list(groups.values())


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
