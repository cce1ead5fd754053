"""Forecast import: saved BMKG and Open-Meteo files into the data set's weather.yaml.

``read_forecasts`` reads each file (``bmkg``, ``openmeteo``) into the slots of one zone on the
12-hour grid, ``merge_forecast`` puts them onto the existing forecast (the newest issue
wins), and ``rewrite_weather`` writes the result into the weather.yaml text, keeping its
comments. Nothing here touches the network: the files are saved responses.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from seribu_planner.errors import InputError, Problem
from seribu_planner.forecast.bmkg import is_bmkg, read_bmkg
from seribu_planner.forecast.imported import ImportedForecast
from seribu_planner.forecast.merge import Merge, MergedSlot, ZoneChange, merge_forecast
from seribu_planner.forecast.openmeteo import is_open_meteo, read_open_meteo
from seribu_planner.forecast.source import read_source
from seribu_planner.forecast.weather_file import check_rewrite, rewrite_weather, slot_line
from seribu_planner.model import Zone
from seribu_planner.outputs.i18n import _

__all__ = [
    "ImportedForecast",
    "Merge",
    "MergedSlot",
    "ZoneChange",
    "check_rewrite",
    "merge_forecast",
    "read_forecast",
    "read_forecasts",
    "rewrite_weather",
    "slot_line",
]


def read_forecast(path: Path, zones: tuple[Zone, ...]) -> ImportedForecast:
    """One saved forecast file, BMKG or Open-Meteo by its content; InputError when bad."""
    source = read_source(path)
    if is_bmkg(source.document):
        return read_bmkg(source, zones)
    if is_open_meteo(source.document):
        return read_open_meteo(source, zones)
    message = _(
        "is neither a BMKG maritime area forecast (keys code, issued, data) nor an "
        "Open-Meteo marine response (key hourly)"
    )
    raise InputError([source.problem((), message)])


def read_forecasts(paths: Sequence[Path], zones: tuple[Zone, ...]) -> list[ImportedForecast]:
    """Every file read, in the order given (a path given twice is read once); one
    InputError with the problems of all files."""
    problems: list[Problem] = []
    tips: list[str] = []
    read: list[ImportedForecast] = []
    for path in dict.fromkeys(paths):
        try:
            read.append(read_forecast(path, zones))
        except InputError as exc:
            problems.extend(exc.problems)
            if exc.tip and exc.tip not in tips:
                tips.append(exc.tip)
    if problems:
        raise InputError(problems, tip="; ".join(tips) or None)
    return read
