"""The result of planning: boats, their trips, the stops of each trip, and unserved TPS.

These are plain frozen values with ids from the data set and timezone-aware datetimes; no
solver index ever reaches them. The same types come out of the solver and out of a JSON
plan file read back by ``export``, so the verifier judges both alike.

Sentences for people that the planner and the verifier make (an unserved TPS's detail, a
violation's message) are ``Wording``: an English template marked with ``N_`` and its
values, so that machine formats record English while each reader gets their language.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any

PLAN_FORMAT = "seribu-plan/1"


def N_(template: str) -> str:
    """Mark an English template for the catalogs; it is translated where it is shown."""
    return template


class _English(string.Formatter):
    """The machine rendering of a Wording: times as ``2024-02-09 07:00 +07:00``."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, datetime):
            return machine_time(value)
        if isinstance(value, time):
            return value.strftime("%H:%M")
        if isinstance(value, Listed):
            return value.separator.join(str(item) for item in value.items)
        return str(super().format_field(value, format_spec))


def machine_time(moment: datetime) -> str:
    """A time in the text of machine formats: local, to the minute (or second), with offset."""
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    hours, rest = divmod(abs(int(offset.total_seconds())), 3600)
    clock = "%Y-%m-%d %H:%M:%S" if moment.second or moment.microsecond else "%Y-%m-%d %H:%M"
    return f"{moment.strftime(clock)} {sign}{hours:02d}:{rest // 60:02d}"


@dataclass(frozen=True)
class Wording:
    """A sentence for people, kept as its English template (``str.format`` placeholders)
    and the values that fill it.

    ``str()`` gives the English sentence that machine formats record (the JSON plan's
    ``detail``, the verdict's ``message``): the same bytes whatever the reader's language.
    ``outputs.i18n.say`` renders it for a person: the template from the catalog, times in
    the one time style, numbers with the language's separators.
    """

    template: str
    values: tuple[tuple[str, Value], ...] = ()

    @classmethod
    def of(cls, template: str, **values: Value) -> Wording:
        """The template (marked with ``N_``) filled with ``values``."""
        return cls(template, tuple(values.items()))

    def __str__(self) -> str:
        return _English().vformat(self.template, (), dict(self.values))


@dataclass(frozen=True)
class Listed:
    """Phrases named in a sentence (periods, boats...), joined by ``separator``."""

    items: tuple[Wording, ...]
    separator: str = ", "


#: How a period is named in a sentence: ``Listed`` periods are made of these.
PERIOD = N_("{start} to {end}")


def periods(spans: Iterable[tuple[datetime, datetime]], separator: str = "; ") -> Listed:
    """Periods ``start to end`` for a sentence."""
    return Listed(tuple(Wording.of(PERIOD, start=a, end=b) for a, b in spans), separator)


#: What a sentence may be filled with: ids and names (str), counts and measures, times,
#: and phrases of its own.
Value = str | int | float | datetime | time | Wording | Listed | None


class Reason(StrEnum):
    """Why a TPS could not be served (PRODUCT.md section 4, rule 9)."""

    NO_BOAT_CAN_CALL = "no_boat_can_call"
    NO_SAILING_WINDOW = "no_sailing_window"
    KIT_EXCEEDS_CAPACITY = "kit_exceeds_capacity"
    FLEET_TIME = "fleet_time"


@dataclass(frozen=True)
class Stop:
    """One place on a trip.

    The first stop of a trip is its loading port (``arrive`` is None, ``depart`` is when it
    sails); the last is the port where it ends (``depart`` is None). Stops between are
    calls where the TPS kits in ``tps`` are unloaded.
    """

    place: str
    arrive: datetime | None
    depart: datetime | None
    tps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trip:
    """One loading at a port, the calls that follow, and the port where it ends."""

    number: int
    stops: tuple[Stop, ...]


@dataclass(frozen=True)
class BoatPlan:
    """The trips of one boat, in time order."""

    boat: str
    trips: tuple[Trip, ...]


@dataclass(frozen=True)
class Unserved:
    """A TPS the plan does not serve, with a reason code and a sentence for a person.

    ``detail`` is the English sentence (the JSON plan records it); ``wording``, when the
    planner made the entry, lets the sentence be shown in the reader's language.
    """

    tps: str
    reason: Reason
    detail: str
    wording: Wording | None = field(default=None, compare=False)

    @classmethod
    def because(cls, tps: str, reason: Reason, wording: Wording) -> Unserved:
        """An entry whose detail is ``wording`` (English in ``detail``)."""
        return cls(tps, reason, str(wording), wording)


@dataclass(frozen=True)
class InputDigest:
    """The digest of one input file a plan was made from, by its role (``fleet.yaml``...)."""

    file: str
    digest: str


@dataclass(frozen=True)
class Plan:
    """A complete plan: every boat that sails, and every TPS left unserved."""

    boats: tuple[BoatPlan, ...]
    unserved: tuple[Unserved, ...] = ()
    data_digest: str = ""
    #: Remarks of the planner for the people reading the plan (not part of the file format).
    notes: tuple[str, ...] = ()
    #: The data set the plan was made from: "bundled", or the data folder as given.
    data_source: str = ""
    #: A digest per input file, so that ``check --plan`` can name what changed since.
    inputs: tuple[InputDigest, ...] = ()
    #: The plan's cost (PRODUCT.md section 4) and a proven lower bound on the cost of any
    #: plan serving the same TPS, in rupiah, when the planner computed them.
    cost: float | None = None
    lower_bound: float | None = None

    def served_tps(self) -> list[str]:
        """Ids of the TPS dropped by some call, in plan order."""
        return [
            tps
            for boat in self.boats
            for trip in boat.trips
            for stop in trip.stops
            for tps in stop.tps
        ]
