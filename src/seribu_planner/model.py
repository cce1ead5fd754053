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
from datetime import datetime, time, timedelta
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
from pydantic_core import InitErrorDetails, PydanticCustomError

from seribu_planner.crosscheck import consistency_errors, issue, raise_issues, when
from seribu_planner.plan import N_

#: Upper bound of each BMKG wave-height category, in metres (PRODUCT.md section 3).
BMKG_CATEGORY_WAVE_M: dict[str, float] = {
    "Tenang": 0.5,
    "Rendah": 1.25,
    "Sedang": 2.5,
    "Tinggi": 4.0,
    "Sangat Tinggi": 6.0,
    "Ekstrem": 9.0,
}

# --------------------------------------------------------------------------- bounds
#
# The solver counts in whole units: minutes (or seconds) from the campaign start, rupiah,
# grams and millilitres; OR-Tools adds costs and loads up in int64, and the kit arithmetic
# adds floats. Every figure a data set holds therefore has an upper bound that keeps those
# sums exact (below 2**53 where a float takes part, below 2**63 where OR-Tools adds them).
# The solver's penalty for leaving a TPS unserved is computed from the data (above the
# cost of any plan it can make), so serving one more TPS always wins. With the bounds below:
# - a boat under way for the whole longest horizon costs at most
#   MAX_COST_PER_HOUR x MAX_HORIZON_DAYS x 24 = 1.44e11 rupiah, plus MAX_FIXED_COST_PER_BOAT,
#   and the penalty for a TPS (the cost of every boat so used) times 10,000 TPS still fits
#   int64 (9.2e18) for a thousand boats;
# - the longest leg the geometry allows (half the globe, 10,800 nm, x MAX_ROUTE_FACTOR at
#   MIN_SPEED_KNOTS) is 3.24e6 minutes and costs at most 5.4e12 rupiah;
# - a capacity is at most 1e9 g and 1e10 ml; the heaviest kit the kit bounds allow is 7e12 g
#   and 7e14 ml, exact as floats.
# tests/test_model.py recomputes these margins; docs/data.md lists every bound with its
# unit and reason. NaN and infinity are refused everywhere (``allow_inf_nan=False``).

#: Longest campaign, start to end. Bounds every time the solver counts.
MAX_HORIZON_DAYS = 60
#: Rupiah per hour under way; chartered boats cost Rp 0.5-2 million an hour.
MAX_COST_PER_HOUR = 100_000_000
#: Rupiah per boat used; the bundled estimate is Rp 2 million.
MAX_FIXED_COST_PER_BOAT = 1_000_000_000
#: Speeds in knots: below 1 kn a leg's minutes grow without bound; 60 kn is beyond any
#: boat that carries cargo to a pier.
MIN_SPEED_KNOTS = 1
MAX_SPEED_KNOTS = 60
#: Boat capacity: 1,000 t and 10,000 m3 (the solver works in grams and millilitres).
MAX_CAPACITY_KG = 1_000_000
MAX_CAPACITY_M3 = 10_000
#: Wave heights in metres: a boat's limit, and a forecast (BMKG's top category is 9 m).
MAX_BOAT_WAVE_M = 20
MAX_FORECAST_WAVE_M = 30
#: Largest spread of a risk scenario's category shift: 5 spans every BMKG category.
MAX_SPREAD = 5
#: Draft and pier depth in metres.
MAX_DRAFT_M = 20
MAX_PIER_DEPTH_M = 100
#: A measured sea distance in nautical miles.
MAX_DISTANCE_NM = 5_000
#: Route factor (sea distance / great-circle distance).
MAX_ROUTE_FACTOR = 5
#: Loading, unloading and per-TPS handling minutes: one week.
MAX_MINUTES = 7 * 24 * 60
#: Voters per TPS: the legal maximum (PKPU 25/2023).
MAX_VOTERS_PER_TPS = 300
#: The number of a TPS within its kelurahan.
MAX_TPS_NUMBER = 100_000
#: The kit: item lines, pieces per TPS and per voter, kg and m3 per piece.
MAX_KIT_ITEMS = 100
MAX_PER_TPS = 10_000
MAX_PER_VOTER = 100
MAX_ITEM_KG = 1_000
MAX_ITEM_M3 = 100


def _not_a_flag(kind: str) -> Any:
    """A before-validator that refuses true and false where a number belongs.

    Python counts True as 1 and YAML reads yes/no/on/off/true/false as booleans: a flag
    where a number belongs is a mistake, never a count of one.
    """

    def check(value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticCustomError(
                "bool_not_number",
                "must be {kind}, not true or false (got {value})",
                {"kind": kind, "value": "true" if value else "false"},
            )
        return value

    return BeforeValidator(check)


#: A whole number that true and false are not.
Whole = Annotated[int, _not_a_flag("a whole number")]
#: A finite number that true and false are not.
Real = Annotated[float, _not_a_flag("a number")]

Id = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
Latitude = Annotated[Real, Field(ge=-90, le=90)]
Longitude = Annotated[Real, Field(ge=-180, le=180)]
Minutes = Annotated[Whole, Field(ge=0, le=MAX_MINUTES)]
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
        raise ValueError(N_("must be a date and time, e.g. 2024-02-09T06:00"))
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

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )


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
            raise ValueError(N_('must be a quoted clock time "HH:MM", e.g. "06:00"'))
        return value

    @model_validator(mode="after")
    def _order(self) -> Daylight:
        if self.to <= self.from_:
            message = N_("daylight 'to' must be later than 'from' on the same day")
            raise_issues("Daylight", [issue("inconsistent", ("to",), self.to, message=message)])
        return self


class KitItem(Frozen):
    """One line of the bill of materials per TPS."""

    item: Id
    per_tps: Whole = Field(default=0, ge=0, le=MAX_PER_TPS)
    per_voter: Whole = Field(default=0, ge=0, le=MAX_PER_VOTER)
    spare: Real = Field(default=0.0, ge=0, le=1)
    kg: Real = Field(ge=0, le=MAX_ITEM_KG)
    m3: Real = Field(ge=0, le=MAX_ITEM_M3)
    source: Text | None = None

    @model_validator(mode="after")
    def _counted(self) -> KitItem:
        if self.per_tps == 0 and self.per_voter == 0:
            raise ValueError(N_("a kit item needs per_tps or per_voter greater than 0"))
        return self


class Objective(Frozen):
    """Cost terms besides the hourly boat cost."""

    fixed_cost_per_boat: Real = Field(default=0, ge=0, le=MAX_FIXED_COST_PER_BOAT)


class Campaign(Frozen):
    """The distribution campaign: horizon, deadline, daylight, kit and cost settings."""

    name: Text
    timezone: str = DEFAULT_TIMEZONE
    start: LocalDatetime
    deadline: LocalDatetime
    end: LocalDatetime
    daylight: Daylight
    route_factor: Real = Field(ge=1, le=MAX_ROUTE_FACTOR)
    per_tps_minutes: Minutes
    kit: list[KitItem] = Field(min_length=1, max_length=MAX_KIT_ITEMS)
    objective: Objective = Objective()
    source: Text | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone_info(value)
        return value

    @model_validator(mode="after")
    def _horizon(self) -> Campaign:
        # Each problem at the field to fix: end before start at ``end``, and so on.
        issues: list[InitErrorDetails] = []

        def problem(loc: tuple[str | int, ...], value: Any, message: str) -> None:
            issues.append(issue("inconsistent", loc, value, message=message))

        tz = zone_info(self.timezone)
        start, deadline, end = (when(t, tz) for t in (self.start, self.deadline, self.end))
        if self.end <= self.start:
            problem(("end",), self.end, f"end {end} must be later than start {start}")
        elif self.end - self.start > timedelta(days=MAX_HORIZON_DAYS):
            days = (self.end - self.start) / timedelta(days=1)
            message = (
                f"the horizon from start to end may not exceed {MAX_HORIZON_DAYS} days"
                f" (it is {days:.1f} days)"
            )
            problem(("end",), self.end, message)
        if self.end > self.start and not self.start < self.deadline <= self.end:
            message = (
                f"deadline {deadline} must lie after start {start} and no later than end {end}"
            )
            problem(("deadline",), self.deadline, message)
        first: dict[str, int] = {}
        for i, item in enumerate(self.kit):
            if item.item in first:
                loc, ref = ("kit", i, "item"), ("kit", first[item.item])
                issues.append(issue("duplicate_kit_item", loc, item.item, ref, id=item.item))
            first.setdefault(item.item, i)
        raise_issues("Campaign", issues)
        return self

    @property
    def tz(self) -> ZoneInfo:
        """The campaign's time zone."""
        return zone_info(self.timezone)


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
    pier_depth_m: Real | None = Field(default=None, gt=0, le=MAX_PIER_DEPTH_M)
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
    pier_depth_m: Real | None = Field(default=None, gt=0, le=MAX_PIER_DEPTH_M)
    source: Text | None = None


class Distance(Frozen):
    """A measured sea distance that overrides the great-circle estimate."""

    between: tuple[Id, Id]
    nm: Real = Field(gt=0, le=MAX_DISTANCE_NM)
    source: Text | None = None

    @model_validator(mode="after")
    def _two_places(self) -> Distance:
        if self.between[0] == self.between[1]:
            message = N_("a distance must be between two different places")
            raise_issues(
                "Distance",
                [issue("inconsistent", ("between", 1), self.between[1], message=message)],
            )
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
    number: Whole = Field(ge=1, le=MAX_TPS_NUMBER)
    kind: TpsKind = TpsKind.REGULAR
    voters: Whole = Field(ge=1, le=MAX_VOTERS_PER_TPS)
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
            raise_issues("Period", [_to_before_from(self.to)])
        return self


class Boat(Frozen):
    """A boat of the fleet, with its home port, speed, capacities and limits."""

    id: Id
    name: Text
    home: Id
    speed_knots: Real = Field(ge=MIN_SPEED_KNOTS, le=MAX_SPEED_KNOTS)
    capacity_kg: Real = Field(gt=0, le=MAX_CAPACITY_KG)
    capacity_m3: Real = Field(gt=0, le=MAX_CAPACITY_M3)
    max_wave_m: Real = Field(gt=0, le=MAX_BOAT_WAVE_M)
    draft_m: Real = Field(ge=0, le=MAX_DRAFT_M)
    night_sailing: bool
    cost_per_hour: Real = Field(ge=0, le=MAX_COST_PER_HOUR)
    available: list[Period] | None = None
    serves: list[TpsKind] = [TpsKind.REGULAR, TpsKind.KHUSUS]
    #: For the crew brief only (the planner ignores them): the Polres escort, how to reach
    #: the boat (phone, radio channel), and the master and crew.
    escort: Text | None = None
    contact: Text | None = None
    crew: Text | None = None
    source: Text | None = None

    def can_berth(self, pier_depth_m: float | None) -> bool:
        """Whether the boat's draft fits a pier of this depth (no depth given: any boat)."""
        return pier_depth_m is None or pier_depth_m >= self.draft_m

    @field_validator("serves")
    @classmethod
    def _serves_something(cls, value: list[TpsKind]) -> list[TpsKind]:
        if not value:
            raise ValueError(N_("serves must name at least one TPS kind"))
        return value


class FleetFile(Frozen):
    """Root of ``fleet.yaml``."""

    boats: list[Boat] = Field(min_length=1)
    source: Text | None = None


# --------------------------------------------------------------------------- weather


class Point(Frozen):
    """A position at sea."""

    lat: Latitude
    lon: Longitude


class Zone(Frozen):
    """A BMKG sea area with its own forecast."""

    id: Id
    name: Text
    bmkg_code: str | None = None
    source: Text | None = None
    #: A water point whose point forecast (Open-Meteo marine) stands for the zone.
    point: Point | None = None


class ForecastSlot(Frozen):
    """The forecast wave height of one zone over ``[from, to)``."""

    zone: Id
    from_: LocalDatetime = Field(alias="from")
    to: LocalDatetime
    wave_m: Real | None = Field(default=None, ge=0, le=MAX_FORECAST_WAVE_M)
    category: Literal["Tenang", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi", "Ekstrem"] | None = (
        None
    )
    source: Text | None = None
    #: When the forecast this slot comes from was issued, and the ``sha256:<hex>`` of the
    #: file it was imported from (``weather import``); both absent in a hand-written slot.
    issued: LocalDatetime | None = None
    digest: Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")] | None = None

    @model_validator(mode="after")
    def _check(self) -> ForecastSlot:
        if self.to <= self.from_:
            raise_issues("ForecastSlot", [_to_before_from(self.to)])
        if (self.wave_m is None) == (self.category is None):
            raise ValueError(N_("give exactly one of wave_m or category"))
        return self

    @property
    def wave_height_m(self) -> float:
        """Wave height in metres; a BMKG category stands for the top of its range."""
        if self.wave_m is not None:
            return self.wave_m
        assert self.category is not None
        return BMKG_CATEGORY_WAVE_M[self.category]


def _to_before_from(to: datetime) -> InitErrorDetails:
    return issue("inconsistent", ("to",), to, message=N_("'to' must be later than 'from'"))


class ZoneFollow(Frozen):
    """A zone whose sea follows another's: the open Java Sea moves with the islands' zone."""

    zone: Id
    leader: Id
    correlation: Real = Field(default=0.9, ge=0, le=1)


class Uncertainty(Frozen):
    """How far the real sea may stray from the forecast, for ``seribu-plan risk``.

    The scenario shift of a slot is a whole number of BMKG categories: its spread grows from
    ``spread_now`` by ``spread_per_day`` of lead time up to ``spread_max``, persists from slot
    to slot over ``persistence_hours`` and is correlated between zones. Every default is an
    estimate derived in ``docs/risk.md``; all spreads 0 give exactly the forecast.
    """

    issued: LocalDatetime | None = None
    spread_now: Real = Field(default=0.3, ge=0, le=MAX_SPREAD)
    spread_per_day: Real = Field(default=0.2, ge=0, le=MAX_SPREAD)
    spread_max: Real = Field(default=0.7, ge=0, le=MAX_SPREAD)
    persistence_hours: Real = Field(default=48, gt=0, le=MAX_HORIZON_DAYS * 24)
    zone_correlation: Real = Field(default=0.7, ge=0, le=1)
    follows: list[ZoneFollow] = []
    source: Text | None = None


class WeatherFile(Frozen):
    """Root of ``weather.yaml``."""

    zones: list[Zone] = Field(min_length=1)
    forecast: list[ForecastSlot]
    uncertainty: Uncertainty | None = None
    source: Text | None = None

    @field_validator("uncertainty")
    @classmethod
    def _followed_zones(cls, value: Uncertainty | None, info: ValidationInfo) -> Uncertainty | None:
        zones = info.data.get("zones")
        if value is None or zones is None:
            return value
        _check_follows(value.follows, {z.id for z in zones})
        return value


def _check_follows(follows: list[ZoneFollow], zone_ids: set[str]) -> None:
    """Every zone named exists, none follows twice, and no zone follows itself in a ring."""
    leader_of: dict[str, str] = {}
    for n, follow in enumerate(follows):
        for role, zone in (("zone", follow.zone), ("leader", follow.leader)):
            if zone not in zone_ids:
                known = ", ".join(sorted(zone_ids))
                raise ValueError(f"follows[{n}].{role}: unknown zone {zone!r} (zones: {known})")
        if follow.zone in leader_of:
            raise ValueError(f"follows[{n}]: zone {follow.zone!r} follows more than one leader")
        leader_of[follow.zone] = follow.leader
    for start in leader_of:
        seen = [start]
        zone = start
        while zone in leader_of:
            zone = leader_of[zone]
            if zone in seen:
                ring = " -> ".join([*seen, zone])
                raise ValueError(f"follows: zones follow each other in a ring ({ring})")
            seen.append(zone)


# --------------------------------------------------------------------------- status


class BoatStatus(Frozen):
    """What really happened to one boat, for ``route --against --now --status``."""

    boat: Id
    #: Out of service from ``--now`` on: its trips not yet begun are planned again (a trip
    #: under way at ``--now`` is finished as planned).
    withdrawn: bool = False
    #: Held up (delayed, under repair) where it is at ``--now``: it sails on no earlier.
    delayed_until: LocalDatetime | None = None
    note: Text | None = None


class TpsStatus(Frozen):
    """Whether one TPS kit the plan drops before ``--now`` really reached it."""

    tps: Id
    #: False: the call happened but this kit was not handed over; it is planned again.
    delivered: bool
    note: Text | None = None


class StatusFile(Frozen):
    """Root of a status file: what happened, where it differs from the approved plan."""

    boats: list[BoatStatus] = []
    tps: list[TpsStatus] = []
    source: Text | None = None


# --------------------------------------------------------------------------- the data set


class DataSet(Frozen):
    """Everything one planning run reads, its records consistent with each other.

    However it is built (from YAML by ``load``, in Python, or by ``model_copy``), a data set
    whose records contradict each other (a TPS on an unknown island, a home port that is
    not a port, duplicate ids, overlapping periods, times outside the campaign; see
    ``crosscheck``) is refused with a ValidationError that locates each problem, e.g. at
    ``("boats", 2, "home")``.
    """

    campaign: Campaign
    ports: tuple[Port, ...] = Field(min_length=1)
    islands: tuple[Island, ...] = Field(min_length=1)
    distances: tuple[Distance, ...]
    tps: tuple[Tps, ...] = Field(min_length=1)
    boats: tuple[Boat, ...] = Field(min_length=1)
    zones: tuple[Zone, ...] = Field(min_length=1)
    forecast: tuple[ForecastSlot, ...]
    #: Forecast uncertainty for risk scenarios (``weather.yaml``); None: the estimated defaults.
    uncertainty: Uncertainty | None = None
    #: ``sha256:<hex>`` of the input files, so that a saved plan can name what it came from.
    digest: str = ""
    #: ``sha256:<hex>`` of each input file by its role (``campaign.yaml``, ``fleet.yaml``...).
    file_digests: tuple[tuple[str, str], ...] = ()
    #: Where the data set came from, for people: "bundled" or the data folder as given.
    origin: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> DataSet:
        raise_issues(
            "DataSet",
            consistency_errors(
                campaign=self.campaign,
                ports=self.ports,
                islands=self.islands,
                distances=self.distances,
                tps=self.tps,
                boats=self.boats,
                zones=self.zones,
                forecast=self.forecast,
            ),
        )
        return self

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy with some fields replaced, validated again (so consistent too); the id
        lookups are rebuilt, never carried over. ``deep`` is accepted for pydantic's
        signature and changes nothing: the records are immutable."""
        values = {name: getattr(self, name) for name in type(self).model_fields}
        values.update(update or {})
        return self.model_validate(values)

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
