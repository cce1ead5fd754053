"""Sailing windows: when each boat may be under way in each weather zone.

Time here is whole minutes from the campaign start (``Clock``). A window is a closed
interval ``(start, end)`` of minutes: a leg may sail when its departure and arrival both
lie inside one window of each zone it touches. Windows are the boat's open forecast time
(wave height at or below its limit; time no slot covers is closed), cut to daylight for a
boat without night sailing, to its availability, and to the campaign horizon.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from seribu_planner.model import Boat, DataSet

Interval = tuple[int, int]


@dataclass(frozen=True)
class Clock:
    """Converts between datetimes and whole minutes (or seconds) from the campaign start.

    All arithmetic is on UTC: two datetimes that share a zone subtract in wall-clock time,
    which is wrong by an hour across a daylight-saving change.
    """

    start: datetime

    @property
    def _start_utc(self) -> datetime:
        return self.start.astimezone(UTC)

    def seconds(self, moment: datetime) -> float:
        """Real seconds elapsed from the start to ``moment`` (negative before it)."""
        return (moment.astimezone(UTC) - self._start_utc).total_seconds()

    def minute_floor(self, moment: datetime) -> int:
        """Minutes from the start, rounded down."""
        return math.floor(self.seconds(moment) / 60)

    def minute_ceil(self, moment: datetime) -> int:
        """Minutes from the start, rounded up."""
        return math.ceil(self.seconds(moment) / 60)

    def at(self, minute: int) -> datetime:
        """The datetime of a minute, in the campaign's time zone."""
        return self.at_second(minute * 60)

    def at_second(self, second: int) -> datetime:
        """The datetime of a second, in the campaign's time zone."""
        tz = self.start.tzinfo
        return (self._start_utc + timedelta(seconds=second)).astimezone(tz)


def horizon_minutes(data: DataSet) -> int:
    """Length of the campaign, start to end, in whole minutes."""
    return Clock(data.campaign.start).minute_floor(data.campaign.end)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted union of closed intervals; touching intervals are joined."""
    out: list[Interval] = []
    for s, e in sorted(intervals):
        if e < s:
            continue
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Intersection of two sorted lists of disjoint closed intervals."""
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        s, e = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if s < e:
            out.append((s, e))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def daylight_intervals(data: DataSet) -> list[Interval]:
    """The daylight hours of every local day of the horizon, in minutes."""
    campaign = data.campaign
    clock = Clock(campaign.start)
    tz = campaign.tz
    first = campaign.start.astimezone(tz).date() - timedelta(days=1)
    last = campaign.end.astimezone(tz).date()
    out: list[Interval] = []
    day = first
    while day <= last:
        opens = datetime.combine(day, campaign.daylight.from_, tzinfo=tz)
        closes = datetime.combine(day, campaign.daylight.to, tzinfo=tz)
        out.append((clock.minute_ceil(opens), clock.minute_floor(closes)))
        day += timedelta(days=1)
    return clip(out, 0, horizon_minutes(data))


def clip(intervals: Iterable[Interval], low: int, high: int) -> list[Interval]:
    """Intervals cut to [low, high]; empty pieces dropped."""
    return [(max(s, low), min(e, high)) for s, e in intervals if min(e, high) > max(s, low)]


def open_sea_intervals(data: DataSet, max_wave_m: float) -> dict[str, list[Interval]]:
    """Per zone, the forecast time with waves at or below ``max_wave_m``."""
    clock = Clock(data.campaign.start)
    per_zone: dict[str, list[Interval]] = defaultdict(list)
    for slot in data.forecast:
        if slot.wave_height_m <= max_wave_m:
            per_zone[slot.zone].append((clock.minute_ceil(slot.from_), clock.minute_floor(slot.to)))
    horizon = horizon_minutes(data)
    return {zone.id: clip(merge(per_zone.get(zone.id, [])), 0, horizon) for zone in data.zones}


def availability_intervals(data: DataSet, boat: Boat) -> list[Interval]:
    """When the boat is at the planner's disposal (the whole horizon when not limited)."""
    horizon = horizon_minutes(data)
    if boat.available is None:
        return [(0, horizon)]
    clock = Clock(data.campaign.start)
    periods = ((clock.minute_ceil(p.from_), clock.minute_floor(p.to)) for p in boat.available)
    return clip(merge(periods), 0, horizon)


def sailing_windows(data: DataSet, boat: Boat) -> dict[str, list[Interval]]:
    """Per zone, the windows in which this boat may be under way."""
    limit = availability_intervals(data, boat)
    if not boat.night_sailing:
        limit = intersect(limit, daylight_intervals(data))
    return {
        zone: intersect(open_time, limit)
        for zone, open_time in open_sea_intervals(data, boat.max_wave_m).items()
    }


def earliest_departure(windows: Sequence[Interval], ready: int, duration: int) -> int | None:
    """The first minute at or after ``ready`` from which a leg of ``duration`` fits a window."""
    for s, e in windows:
        depart = max(s, ready)
        if depart + duration <= e:
            return depart
    return None


def forecast_gaps(data: DataSet) -> dict[str, list[Interval]]:
    """Per zone, the parts of the horizon no forecast slot covers."""
    clock = Clock(data.campaign.start)
    horizon = horizon_minutes(data)
    covered: dict[str, list[Interval]] = defaultdict(list)
    for slot in data.forecast:
        covered[slot.zone].append((clock.minute_floor(slot.from_), clock.minute_ceil(slot.to)))
    gaps: dict[str, list[Interval]] = {}
    for zone in data.zones:
        cursor, missing = 0, []
        for s, e in merge(covered.get(zone.id, [])):
            if s > cursor:
                missing.append((cursor, min(s, horizon)))
            cursor = max(cursor, e)
        if cursor < horizon:
            missing.append((cursor, horizon))
        gaps[zone.id] = [(s, e) for s, e in missing if s < e and s < horizon]
    return gaps
