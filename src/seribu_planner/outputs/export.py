"""The plan as CSV for people with spreadsheets; the JSON plan file lives in ``plan_file``.

The CSV is deterministic: the same plan and data give byte-identical text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime, tzinfo

from seribu_planner.derive.kit import kit_for
from seribu_planner.model import DataSet
from seribu_planner.outputs.plan_file import (
    MAX_PLAN_BYTES,
    plan_from_json,
    plan_to_json,
    read_plan,
)
from seribu_planner.plan import BoatPlan, Plan, Stop, Trip

# The JSON plan file has its own module; its entry points stay importable from here.
__all__ = [
    "CSV_COLUMNS",
    "LOCAL_COLUMNS",
    "MAX_PLAN_BYTES",
    "plan_from_json",
    "plan_to_csv",
    "plan_to_json",
    "read_plan",
]

#: The fixed CSV columns; one count column per kit item follows, in campaign kit order, then
#: the departure and arrival again as local wall-clock times (``LOCAL_COLUMNS``).
CSV_COLUMNS = (
    "boat",
    "trip",
    "stop",
    "place",
    "depart_from",
    "depart_at",
    "arrive_at",
    "tps",
    "voters",
    "load_kg",
    "load_m3",
)

#: Departure and arrival as ``2024-02-09 07:00`` in the campaign's zone: the form every
#: spreadsheet, in any locale, reads as a date and time (the ISO 8601 columns with offset
#: stay for programs). Last, so that no column a reader relies on moves.
LOCAL_COLUMNS = ("depart_local", "arrive_local")
_LOCAL_FORMAT = "%Y-%m-%d %H:%M"

# A spreadsheet evaluates a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --------------------------------------------------------------------------- writing


def plan_to_csv(data: DataSet, plan: Plan) -> str:
    """One CSV row per call where kits are dropped, in plan order (see ``CSV_COLUMNS``)."""
    tz = data.campaign.tz
    items = [item.item for item in data.campaign.kit]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_cell(name) for name in (*CSV_COLUMNS, *items, *LOCAL_COLUMNS)])
    for boat, trip, position, previous, stop in _drops(plan):
        counts = dict.fromkeys(items, 0)
        kg = m3 = 0.0
        voters = 0
        for tps_id in stop.tps:
            tps = data.tps_by_id.get(tps_id)
            if tps is None:
                raise ValueError(f"plan drops TPS {tps_id!r}, which is not in the data set")
            kit = kit_for(data.campaign, tps)
            voters += tps.voters
            kg += kit.kg
            m3 += kit.m3
            for item, count in kit.counts:
                counts[item] += count
        row = [
            boat.boat,
            str(trip.number),
            str(position),
            stop.place,
            previous.place if previous else "",
            (_iso(previous.depart, tz) or "") if previous else "",
            _iso(stop.arrive, tz) or "",
            ";".join(stop.tps),
            str(voters),
            f"{kg:.1f}",
            f"{m3:.3f}",
            *(str(counts[item]) for item in items),
            _local(previous.depart, tz) if previous else "",
            _local(stop.arrive, tz),
        ]
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def _drops(plan: Plan) -> Iterator[tuple[BoatPlan, Trip, int, Stop | None, Stop]]:
    """Every stop that drops kits, with its boat, trip, 0-based position and previous stop."""
    for boat in plan.boats:
        for trip in boat.trips:
            for position, stop in enumerate(trip.stops):
                if stop.tps:
                    previous = trip.stops[position - 1] if position > 0 else None
                    yield boat, trip, position, previous, stop


def _iso(moment: datetime | None, tz: tzinfo) -> str | None:
    """ISO 8601 with seconds and offset in the given zone; None stays None."""
    if moment is None:
        return None
    return moment.astimezone(tz).isoformat(timespec="seconds")


def _local(moment: datetime | None, tz: tzinfo) -> str:
    """Wall-clock time in the campaign's zone, to the minute; empty for None."""
    return moment.astimezone(tz).strftime(_LOCAL_FORMAT) if moment is not None else ""


def _cell(text: str) -> str:
    """The cell text, quoted with a leading ' where a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text
