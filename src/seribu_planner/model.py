"""Domain types of the data set: what the YAML files in ``data/`` hold, validated.

Every model forbids unknown keys, so a typo in a data file is an error and not a silently
ignored value. Times are timezone-aware once loaded: a naive time in a file is read in the
campaign's time zone by the loader before these models see it.

The field names are the public data-file contract of PRODUCT.md section 3: add, never
rename.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, time
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

#: Upper bound of each BMKG wave-height category, in metres (PRODUCT.md section 3).
BMKG_CATEGORY_WAVE_M: dict[str, float] = {
    "Tenang": 0.5,
    "Rendah": 1.25,
    "Sedang": 2.5,
    "Tinggi": 4.0,
    "Sangat Tinggi": 6.0,
    "Ekstrem": 9.0,
}

Id = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
Minutes = Annotated[int, Field(ge=0, le=24 * 60 * 7)]
Text = Annotated[str, Field(min_length=1, max_length=500)]

DEFAULT_TIMEZONE = "Asia/Jakarta"


def zone_info(name: str) -> ZoneInfo:
    """The IANA time zone of this name; ValueError when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name such as Asia/Jakarta)"
        ) from exc


def _local_time(value: Any, info: ValidationInfo) -> Any:
    """Read a time without an offset in the campaign's time zone (passed as context)."""
    if isinstance(value, str) and not value.strip():
        raise ValueError("must be a date and time, e.g. 2024-02-09T06:00")
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(
                f"{value!r} is not an ISO 8601 date and time, e.g. 2024-02-09T06:00"
            ) from exc
    if isinstance(value, datetime) and value.tzinfo is None:
        context = info.context or {}
        tz = context.get("timezone", DEFAULT_TIMEZONE)
        value = value.replace(tzinfo=tz if isinstance(tz, ZoneInfo) else zone_info(str(tz)))
    return value


#: A timezone-aware datetime; a naive one is read in the campaign's time zone.
LocalDatetime = Annotated[AwareDatetime, BeforeValidator(_local_time)]

_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class Frozen(BaseModel):
    """Base of every data model: immutable, unknown keys refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class TpsKind(StrEnum):
    """A regular TPS, or a TPS khusus (special location such as an offshore platform)."""

    REGULAR = "regular"
    KHUSUS = "khusus"


class PlaceKind(StrEnum):
    """Where a TPS stands: an island, or an offshore platform."""

    ISLAND = "island"
    PLATFORM = "platform"


# --------------------------------------------------------------------------- campaign


class Daylight(Frozen):
    """Local clock hours in which boats without night sailing may be under way."""

    from_: time = Field(alias="from")
    to: time

    @field_validator("from_", "to", mode="before")
    @classmethod
    def _clock_string(cls, value: Any) -> Any:
        # YAML 1.1 reads an unquoted 06:00 as the sexagesimal number 360: refuse anything
        # that is not a quoted "HH:MM" string rather than guess.
        if isinstance(value, time):
            return value
        if not isinstance(value, str) or not _CLOCK.match(value):
            raise ValueError('must be a quoted clock time "HH:MM", e.g. "06:00"')
        return value

    @model_validator(mode="after")
    def _order(self) -> Daylight:
        if self.to <= self.from_:
            raise ValueError("daylight 'to' must be later than 'from' on the same day")
        return self


class KitItem(Frozen):
    """One line of the bill of materials per TPS."""

    item: Id
    per_tps: int = Field(default=0, ge=0, le=10_000)
    per_voter: int = Field(default=0, ge=0, le=100)
    spare: float = Field(default=0.0, ge=0, le=1)
    kg: float = Field(ge=0, le=1_000)
    m3: float = Field(ge=0, le=100)
    source: Text | None = None

    @model_validator(mode="after")
    def _counted(self) -> KitItem:
        if self.per_tps == 0 and self.per_voter == 0:
            raise ValueError("a kit item needs per_tps or per_voter greater than 0")
        return self


class Objective(Frozen):
    """Cost terms besides the hourly boat cost."""

    fixed_cost_per_boat: float = Field(default=0, ge=0)


class Campaign(Frozen):
    """The distribution campaign: horizon, deadline, daylight, kit and cost settings."""

    name: Text
    timezone: str = DEFAULT_TIMEZONE
    start: LocalDatetime
    deadline: LocalDatetime
    end: LocalDatetime
    daylight: Daylight
    route_factor: float = Field(ge=1, le=5)
    per_tps_minutes: Minutes
    kit: list[KitItem] = Field(min_length=1)
    objective: Objective = Objective()
    source: Text | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone_info(value)
        return value

    @model_validator(mode="after")
    def _horizon(self) -> Campaign:
        if self.end <= self.start:
            raise ValueError("end must be later than start")
        if not self.start < self.deadline <= self.end:
            raise ValueError("deadline must lie after start and no later than end")
        if self.end - self.start > _MAX_HORIZON:
            raise ValueError("the horizon from start to end may not exceed 60 days")
        names = [k.item for k in self.kit]
        if len(set(names)) != len(names):
            raise ValueError("kit items must have unique names")
        return self

    @property
    def tz(self) -> ZoneInfo:
        """The campaign's time zone."""
        return zone_info(self.timezone)


_MAX_HORIZON = datetime(2000, 3, 1) - datetime(2000, 1, 1)


# --------------------------------------------------------------------------- places


class Port(Frozen):
    """A place where boats load kits (mainland port or island warehouse)."""

    id: Id
    name: Text
    lat: Latitude
    lon: Longitude
    zone: Id
    load_minutes: Minutes
    ready_at: LocalDatetime | None = None
    pier_depth_m: float | None = Field(default=None, gt=0, le=100)
    source: Text | None = None


class Island(Frozen):
    """A place where TPS stand: an inhabited island or an offshore platform."""

    id: Id
    name: Text
    kind: PlaceKind = PlaceKind.ISLAND
    kecamatan: Text | None = None
    kelurahan: Text | None = None
    lat: Latitude
    lon: Longitude
    zone: Id
    unload_minutes: Minutes
    pier_depth_m: float | None = Field(default=None, gt=0, le=100)
    source: Text | None = None


class Distance(Frozen):
    """A measured sea distance that overrides the great-circle estimate."""

    between: tuple[Id, Id]
    nm: float = Field(gt=0, le=5_000)
    source: Text | None = None

    @model_validator(mode="after")
    def _two_places(self) -> Distance:
        if self.between[0] == self.between[1]:
            raise ValueError("a distance must be between two different places")
        return self


class IslandsFile(Frozen):
    """Root of ``islands.yaml``."""

    ports: list[Port] = Field(min_length=1)
    islands: list[Island] = Field(min_length=1)
    distances: list[Distance] = []
    source: Text | None = None


# --------------------------------------------------------------------------- TPS


class Tps(Frozen):
    """A polling station (Tempat Pemungutan Suara) and its registered voters."""

    id: Id
    island: Id
    number: int = Field(ge=1, le=100_000)
    kind: TpsKind = TpsKind.REGULAR
    voters: int = Field(ge=1, le=300)
    deadline: LocalDatetime | None = None
    source: Text | None = None


class TpsFile(Frozen):
    """Root of ``tps.yaml``."""

    tps: list[Tps] = Field(min_length=1)
    source: Text | None = None


# --------------------------------------------------------------------------- fleet


class Period(Frozen):
    """A closed-open time interval ``[from, to)``."""

    from_: LocalDatetime = Field(alias="from")
    to: LocalDatetime

    @model_validator(mode="after")
    def _order(self) -> Period:
        if self.to <= self.from_:
            raise ValueError("'to' must be later than 'from'")
        return self


class Boat(Frozen):
    """A boat of the fleet, with its home port, speed, capacities and limits."""

    id: Id
    name: Text
    home: Id
    speed_knots: float = Field(gt=0, le=60)
    capacity_kg: float = Field(gt=0, le=1_000_000)
    capacity_m3: float = Field(gt=0, le=10_000)
    max_wave_m: float = Field(gt=0, le=20)
    draft_m: float = Field(ge=0, le=20)
    night_sailing: bool
    cost_per_hour: float = Field(ge=0)
    available: list[Period] | None = None
    serves: list[TpsKind] = [TpsKind.REGULAR, TpsKind.KHUSUS]
    source: Text | None = None

    def can_berth(self, pier_depth_m: float | None) -> bool:
        """Whether the boat's draft fits a pier of this depth (no depth given: any boat)."""
        return pier_depth_m is None or pier_depth_m >= self.draft_m

    @field_validator("serves")
    @classmethod
    def _serves_something(cls, value: list[TpsKind]) -> list[TpsKind]:
        if not value:
            raise ValueError("serves must name at least one TPS kind")
        return value


class FleetFile(Frozen):
    """Root of ``fleet.yaml``."""

    boats: list[Boat] = Field(min_length=1)
    source: Text | None = None


# --------------------------------------------------------------------------- weather


class Zone(Frozen):
    """A BMKG sea area with its own forecast."""

    id: Id
    name: Text
    bmkg_code: str | None = None
    source: Text | None = None


class ForecastSlot(Frozen):
    """The forecast wave height of one zone over ``[from, to)``."""

    zone: Id
    from_: LocalDatetime = Field(alias="from")
    to: LocalDatetime
    wave_m: float | None = Field(default=None, ge=0, le=30)
    category: Literal["Tenang", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi", "Ekstrem"] | None = (
        None
    )
    source: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> ForecastSlot:
        if self.to <= self.from_:
            raise ValueError("'to' must be later than 'from'")
        if (self.wave_m is None) == (self.category is None):
            raise ValueError("give exactly one of wave_m or category")
        return self

    @property
    def wave_height_m(self) -> float:
        """Wave height in metres; a BMKG category stands for the top of its range."""
        if self.wave_m is not None:
            return self.wave_m
        assert self.category is not None
        return BMKG_CATEGORY_WAVE_M[self.category]


class WeatherFile(Frozen):
    """Root of ``weather.yaml``."""

    zones: list[Zone] = Field(min_length=1)
    forecast: list[ForecastSlot]
    source: Text | None = None


# --------------------------------------------------------------------------- the data set


class DataSet(Frozen):
    """Everything one planning run reads, cross-checked by the loader."""

    campaign: Campaign
    ports: tuple[Port, ...]
    islands: tuple[Island, ...]
    distances: tuple[Distance, ...]
    tps: tuple[Tps, ...]
    boats: tuple[Boat, ...]
    zones: tuple[Zone, ...]
    forecast: tuple[ForecastSlot, ...]
    #: ``sha256:<hex>`` of the input files, so that a saved plan can name what it came from.
    digest: str = ""
    #: ``sha256:<hex>`` of each input file by its role (``campaign.yaml``, ``fleet.yaml``...).
    file_digests: tuple[tuple[str, str], ...] = ()
    #: Where the data set came from, for people: "bundled" or the data folder as given.
    origin: str = ""

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy with some fields replaced; the id lookups are rebuilt, never carried over."""
        copy = super().model_copy(update=update, deep=deep)
        for name in _LOOKUPS:
            copy.__dict__.pop(name, None)
        return copy

    @cached_property
    def ports_by_id(self) -> dict[str, Port]:
        """Ports by id."""
        return {p.id: p for p in self.ports}

    @cached_property
    def islands_by_id(self) -> dict[str, Island]:
        """Islands and platforms by id."""
        return {i.id: i for i in self.islands}

    @cached_property
    def boats_by_id(self) -> dict[str, Boat]:
        """Boats by id."""
        return {b.id: b for b in self.boats}

    @cached_property
    def tps_by_id(self) -> dict[str, Tps]:
        """TPS by id."""
        return {t.id: t for t in self.tps}

    def tps_deadline(self, tps: Tps) -> datetime:
        """The deadline of one TPS: its own, else the campaign's."""
        return tps.deadline or self.campaign.deadline

    def port_ready(self, port: Port) -> datetime:
        """When kits can first be loaded at a port."""
        ready = port.ready_at or self.campaign.start
        return max(ready, self.campaign.start)


_LOOKUPS = ("ports_by_id", "islands_by_id", "boats_by_id", "tps_by_id")
