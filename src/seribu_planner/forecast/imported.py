"""What a forecast reader returns: the slots of one file, for one zone, of one issue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from seribu_planner.errors import Problem
from seribu_planner.forecast.source import JsonSource
from seribu_planner.json_text import JsonPath, json_path
from seribu_planner.model import ForecastSlot


@dataclass(frozen=True)
class ImportedForecast:
    """One saved forecast file, read: its provider, zone, issue time, digest and slots.

    ``slots`` are on the 12-hour grid, in time order, each carrying ``issued`` and
    ``digest``; ``paths`` says where in the file each slot came from, for messages.
    """

    file: str
    provider: str  # "BMKG" or "Open-Meteo"
    variant: str  # "station-written", "digital" or "hourly"
    area: str  # the BMKG code and name, or the point's coordinates
    zone: str
    issued: datetime
    digest: str
    slots: tuple[ForecastSlot, ...]
    paths: tuple[JsonPath, ...]
    source: JsonSource | None = field(default=None, compare=False, repr=False)

    def problem(self, k: int, message: str) -> Problem:
        """A problem located at where slot ``k`` came from in the file."""
        if self.source is not None:
            return self.source.problem(self.paths[k], message)
        return Problem(self.file, None, None, json_path(self.paths[k]), message)
