"""Open-Meteo marine responses (``marine-api.open-meteo.com/v1/marine``), hourly wave height.

A response is a point forecast: ``latitude``/``longitude`` (the model's grid cell, snapped
from the point asked for), ``hourly.time[]`` and ``hourly.wave_height[]`` (significant wave
height in metres; ``null`` where the cell is land or shore). Times are local without an offset
(``utc_offset_seconds`` says which offset; ``timezone`` names it) or Unix seconds
(``timeformat=unixtime``). It is matched to the zone whose ``point`` lies nearest, within
``MATCH_DEGREES``.

Each 12-hour slot of the grid gets the highest wave height of the hourly values that bracket
it: the sea between two hourly values is taken to lie between them. The response carries no
issue time; ``current.time`` (present when ``current=wave_height`` was asked for) is used
when there, else the first hourly time, which is the start of the day the response was made.
"""

from __future__ import annotations

import bisect
import math
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

from seribu_planner.errors import InputError, Problem
from seribu_planner.forecast.imported import ImportedForecast
from seribu_planner.forecast.source import JsonSource, on_grid, show
from seribu_planner.json_text import JsonPath
from seribu_planner.model import ForecastSlot, Zone, zone_info
from seribu_planner.outputs.i18n import _

#: How far (in degrees of latitude and of longitude) a response's grid cell may lie from a
#: zone's point: half a cell of the coarsest marine model Open-Meteo serves (0.25 degrees).
MATCH_DEGREES = 0.125
_MAX_WAVE_M = 30.0


def is_open_meteo(document: Any) -> bool:
    """Whether a JSON document looks like an Open-Meteo response (an ``hourly`` block)."""
    return isinstance(document, dict) and "hourly" in document


def read_open_meteo(source: JsonSource, zones: tuple[Zone, ...]) -> ImportedForecast:
    """The 12-hour slots of one Open-Meteo marine response, for the zone at its point."""
    doc = source.document
    problems: list[Problem] = []
    lat, lon = (_coordinate(source, doc, key, limit, problems) for key, limit in _COORDS)
    zone = (
        _zone_at(source, lat, lon, zones, problems) if lat is not None and lon is not None else None
    )
    local = _local_zone(source, doc, problems)
    hourly = doc.get("hourly")
    times: list[datetime] = []
    heights: list[float | None] = []
    if not isinstance(hourly, dict):
        problems.append(source.problem(("hourly",), f"must be an object (got {show(hourly)})"))
    else:
        _check_unit(source, doc, problems)
        times = _times(source, hourly, local, problems)
        heights = _heights(source, hourly, len(times), problems)
    issued = _issued(source, doc, local, times, problems)
    if problems:
        raise InputError(problems)
    assert zone is not None and issued is not None and lat is not None and lon is not None
    runs = _runs(times, heights)
    if not runs:
        message = (
            "has no wave height at this point (null everywhere: the grid cell is land or "
            "shore); give the zone a point further out at sea"
        )
        raise InputError([source.problem(("hourly", "wave_height"), message)])
    slots: list[ForecastSlot] = []
    paths: list[JsonPath] = []
    area = f"{lat:.3f}, {lon:.3f}"
    for first, last in runs:
        run_times = times[first : last + 1]
        run_heights = [h for h in heights[first : last + 1] if h is not None]
        for begin, end in on_grid(run_times[0], run_times[-1]):
            low = bisect.bisect_right(run_times, begin) - 1
            high = bisect.bisect_left(run_times, end)
            top = max(run_heights[low : high + 1])
            slots.append(
                ForecastSlot(
                    zone=zone.id,
                    from_=begin,
                    to=end,
                    wave_m=top,
                    source=f"Open-Meteo marine {area}, highest hourly wave height",
                    issued=issued,
                    digest=source.digest,
                )
            )
            paths.append(("hourly", "time", first + low))
    return ImportedForecast(
        file=source.file,
        provider="Open-Meteo",
        variant="hourly",
        area=area,
        zone=zone.id,
        issued=issued,
        digest=source.digest,
        slots=tuple(slots),
        paths=tuple(paths),
        source=source,
    )


_COORDS = (("latitude", 90.0), ("longitude", 180.0))


def _coordinate(
    source: JsonSource, doc: dict[str, Any], key: str, limit: float, problems: list[Problem]
) -> float | None:
    value = doc.get(key)
    if value is None:
        message = _("missing required key '{key}'").format(key=key)
        problems.append(source.problem((key,), message, missing=True))
        return None
    if not _is_number(value) or abs(value) > limit:
        problems.append(
            source.problem(
                (key,), f"must be a number from -{limit:g} to {limit:g} (got {show(value)})"
            )
        )
        return None
    return float(value)


def _zone_at(
    source: JsonSource, lat: float, lon: float, zones: tuple[Zone, ...], problems: list[Problem]
) -> Zone | None:
    near = [
        (max(abs(z.point.lat - lat), abs(z.point.lon - lon)), z.id, z)
        for z in zones
        if z.point is not None
    ]
    near = [n for n in near if n[0] <= MATCH_DEGREES]
    if near:
        return min(near, key=lambda n: (n[0], n[1]))[2]
    pointed = ", ".join(f"{z.id} ({z.point.lat:g}, {z.point.lon:g})" for z in zones if z.point)
    message = _(
        "no zone has a point within {degrees} degrees of {lat}, {lon}; zones with a point: {zones}"
    ).format(
        degrees=f"{MATCH_DEGREES:g}", lat=f"{lat:g}", lon=f"{lon:g}", zones=pointed or _("none")
    )
    problems.append(source.problem(("latitude",), message))
    return None


def _local_zone(source: JsonSource, doc: dict[str, Any], problems: list[Problem]) -> tzinfo:
    """The zone of the response's local times: its UTC offset, else its zone name, else UTC."""
    offset = doc.get("utc_offset_seconds")
    if offset is not None:
        if not _is_number(offset) or abs(offset) >= 24 * 3600 or offset != int(offset):
            message = f"must be a whole number of seconds under a day (got {show(offset)})"
            problems.append(source.problem(("utc_offset_seconds",), message))
            return UTC
        return timezone(timedelta(seconds=int(offset)))
    name = doc.get("timezone")
    if name is None or name in ("GMT", "UTC"):
        return UTC
    try:
        return zone_info(str(name))
    except ValueError as exc:
        problems.append(source.problem(("timezone",), str(exc)))
        return UTC


def _check_unit(source: JsonSource, doc: dict[str, Any], problems: list[Problem]) -> None:
    units = doc.get("hourly_units")
    unit = units.get("wave_height") if isinstance(units, dict) else None
    if unit is not None and unit != "m":
        message = f"wave heights must be in metres (got {show(unit)}); ask without length_unit"
        problems.append(source.problem(("hourly_units", "wave_height"), message))


def _moment(value: Any, local: tzinfo) -> datetime:
    """One Open-Meteo time in UTC: ISO 8601 (local unless it has an offset) or Unix seconds."""
    if _is_number(value):
        return datetime.fromtimestamp(float(value), UTC)
    if not isinstance(value, str):
        raise ValueError('must be an ISO 8601 time such as "2024-02-12T00:00"')
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError('is not an ISO 8601 time such as "2024-02-12T00:00"') from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local)
    return moment.astimezone(UTC)


def _times(
    source: JsonSource, hourly: dict[str, Any], local: tzinfo, problems: list[Problem]
) -> list[datetime]:
    values = hourly.get("time")
    if not isinstance(values, list) or not values:
        if values is None:
            problems.append(
                source.problem(("hourly", "time"), "missing required key 'time'", missing=True)
            )
        else:
            problems.append(
                source.problem(("hourly", "time"), f"must be a list of times (got {show(values)})")
            )
        return []
    times: list[datetime] = []
    for k, value in enumerate(values):
        try:
            moment = _moment(value, local)
        except ValueError as exc:
            problems.append(source.problem(("hourly", "time", k), f"{show(value)} {exc}"))
            return []
        if times and moment <= times[-1]:
            problems.append(
                source.problem(
                    ("hourly", "time", k), f"{show(value)} is not later than the time before it"
                )
            )
            return []
        times.append(moment)
    return times


def _heights(
    source: JsonSource, hourly: dict[str, Any], count: int, problems: list[Problem]
) -> list[float | None]:
    path: JsonPath = ("hourly", "wave_height")
    values = hourly.get("wave_height")
    if not isinstance(values, list):
        if values is None:
            problems.append(
                source.problem(
                    path,
                    "missing required key 'wave_height' (ask for hourly=wave_height)",
                    missing=True,
                )
            )
        else:
            problems.append(
                source.problem(path, f"must be a list of wave heights (got {show(values)})")
            )
        return []
    if count and len(values) != count:
        problems.append(source.problem(path, f"has {len(values)} values for {count} times"))
        return []
    heights: list[float | None] = []
    for k, value in enumerate(values):
        if value is None:
            heights.append(None)
        elif _is_number(value) and 0 <= value <= _MAX_WAVE_M:
            heights.append(float(value))
        else:
            problems.append(
                source.problem(
                    (*path, k),
                    f"must be a height from 0 to {_MAX_WAVE_M:g} m, or null (got {show(value)})",
                )
            )
            return []
    return heights


def _issued(
    source: JsonSource,
    doc: dict[str, Any],
    local: tzinfo,
    times: list[datetime],
    problems: list[Problem],
) -> datetime | None:
    current = doc.get("current")
    if isinstance(current, dict) and "time" in current:
        try:
            return _moment(current["time"], local)
        except ValueError as exc:
            problems.append(source.problem(("current", "time"), f"{show(current['time'])} {exc}"))
            return None
    return times[0] if times else None


def _runs(times: list[datetime], heights: list[float | None]) -> list[tuple[int, int]]:
    """Index ranges (first, last) of consecutive known heights spanning some time."""
    runs: list[tuple[int, int]] = []
    first: int | None = None
    for k, height in enumerate([*heights, None]):
        if height is not None and first is None:
            first = k
        elif height is None and first is not None:
            if times[k - 1] > times[first]:
                runs.append((first, k - 1))
            first = None
    return runs


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
