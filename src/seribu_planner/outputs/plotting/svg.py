"""What both pictures share: matplotlib settings, SVG fit for an HTML page, small helpers.

The SVG is the same for the same input: ``svg.hashsalt`` fixes the ids matplotlib would
otherwise draw at random, the date metadata is left out, and text stays text
(``svg.fonttype: none``). Ids are prefixed per picture so that both sit in one page, and
elements named with ``Svg.title`` get a ``<title>`` a browser shows on hover.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from matplotlib import rc_context
from matplotlib.figure import Figure

from seribu_planner.outputs.report import printable
from seribu_planner.plan import BoatPlan, Plan

if TYPE_CHECKING:  # matplotlib.typing.RcKeyType is newer than the oldest matplotlib we allow
    from matplotlib.typing import RcKeyType

#: The matplotlib settings of both pictures (applied while they are drawn and saved).
RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": "seribu-plan",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "sans-serif"],
    "font.size": 9,
    "axes.edgecolor": "#888888",
    # Names from the data are shown as written: "$" never starts mathematics.
    "text.parse_math": False,
}


@dataclass
class Svg:
    """A figure being drawn, the hover titles of its elements, and its SVG text."""

    prefix: str
    figure: Figure
    titles: dict[str, str] = field(default_factory=dict)

    def title(self, gid: str, text: str) -> str:
        """Give the element ``gid`` a hover title; ``gid`` back, for the element's ``gid=``."""
        self.titles[gid] = printable(text)
        return gid

    def render(self) -> str:
        """The figure as SVG text for an HTML page."""
        with rc_context(RC):
            buffer = io.StringIO()
            self.figure.savefig(buffer, format="svg", metadata={"Date": None})
        return inline(buffer.getvalue(), self.prefix, self.titles)


def inline(svg: str, prefix: str, titles: dict[str, str]) -> str:
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


def hours_from(moment: datetime, start: datetime) -> float:
    """Hours from the campaign start, on absolute time (UTC)."""
    return (moment.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600


def plain(text: str) -> str:
    """Text from the data without control characters (``text.parse_math`` is off, so a
    ``$`` is shown as written)."""
    return printable(text)


def short_name(name: str) -> str:
    """A place name for a label: ``Pelabuhan Kali Adem (Muara Angke)`` -> without the aside."""
    return plain(name.split(" (")[0])


def used_boats(plan: Plan) -> Iterator[BoatPlan]:
    """The boats of the plan that sail."""
    return (b for b in plan.boats if b.trips)
