"""The two pictures of the HTML report, drawn with matplotlib as inline SVG text.

``map_svg``: ports, islands and platforms at their coordinates (no coastline: the picture
needs no network and no map tiles), every trip drawn in its boat's colour and labelled,
a scale bar in nautical miles. ``timeline_svg``: one lane per weather zone with its closed
sea-state periods shaded, one lane per boat with its trips (legs solid, calls light) over
the campaign days, and the deadline marked.

Only this package imports matplotlib, and only its object API (``Figure``, the Agg canvas
for measuring text): no pyplot, no GUI backend, no global state. The SVG is the same for
the same input: ``svg.hashsalt`` fixes the ids matplotlib would otherwise draw at random,
the date metadata is left out, and text stays text (``svg.fonttype: none``).

Every element a reader (or a test) looks for carries an ``id`` (``place-pramuka``,
``trip-kayu-1-1``, ``lane-kayu-1``, ``closed-teluk-jakarta-1``, ``deadline``) and a
``<title>`` that a browser shows on hover; ids are prefixed per picture (``map-``,
``timeline-``) so that both can sit in one HTML page.
"""

from seribu_planner.outputs.plotting.map import LABEL_EVERY_PLACE_UP_TO, map_svg
from seribu_planner.outputs.plotting.timeline import timeline_svg

__all__ = ["LABEL_EVERY_PLACE_UP_TO", "map_svg", "timeline_svg"]
