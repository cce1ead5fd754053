"""The JSON plan file (format ``seribu-plan/1``), read and written through one schema.

The shape is the contract of PRODUCT.md section 5; other keys may be added, and a reader
ignores keys it does not know. Reading checks the structure only (keys, types, time
offsets, reason codes); whether the boat, place and TPS ids exist in the data is the
verifier's business, so that ``check --plan`` reports those with every other violation.
Writing is deterministic: the same plan and data give byte-identical text.
"""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    StrictInt,
    StrictStr,
)
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from seribu_planner.errors import InputError, Problem
from seribu_planner.json_text import JsonPath, json_path, nearest, positions
from seribu_planner.model import DataSet
from seribu_planner.outputs.i18n import _
from seribu_planner.paths import wrong_kind
from seribu_planner.plan import (
    N_,
    PLAN_FORMAT,
    BoatPlan,
    InputDigest,
    Plan,
    Reason,
    Stop,
    Trip,
    Unserved,
)

#: Plan files larger than this are refused before parsing (a real plan is a few hundred KB).
MAX_PLAN_BYTES = 5 * 1024 * 1024

_TIME_EXAMPLE = "2024-02-09T07:00:00+07:00"
#: Times this far from the ends of the calendar cannot be compared across offsets.
_CALENDAR_MARGIN = timedelta(days=2)


# --------------------------------------------------------------------------- writing


def plan_to_json(data: DataSet, plan: Plan) -> str:
    """The plan as ``seribu-plan/1`` JSON text, times in the campaign's time zone."""
    document = _PlanFile.of(plan, data.campaign.tz).model_dump(mode="json")
    for key in _ADDED_KEYS:  # added keys appear only when the plan has them
        if document[key] is None:
            del document[key]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


_ADDED_KEYS = ("data", "inputs", "cost", "lower_bound")


def _iso(moment: datetime | None, tz: tzinfo) -> str | None:
    """ISO 8601 with seconds (microseconds when there are any) and offset; None stays None."""
    if moment is None:
        return None
    local = moment.astimezone(tz)
    return local.isoformat(timespec="microseconds" if local.microsecond else "seconds")


# --------------------------------------------------------------------------- reading


def read_plan(path: Path) -> Plan:
    """Read a ``seribu-plan/1`` JSON file; any problem with it raises InputError."""
    source = str(path)
    kind = path_kind(path)
    if kind is not None:
        raise _file_error(source, kind)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PLAN_BYTES + 1)
    except FileNotFoundError:
        raise _file_error(source, _("not found")) from None
    except OSError as exc:
        message = _("cannot be read: {error}").format(error=exc.strerror or exc)
        raise _file_error(source, message) from None
    if len(raw) > MAX_PLAN_BYTES:
        message = _("plan files over {size} MB are refused").format(size=MAX_PLAN_BYTES // 2**20)
        raise _file_error(source, message)
    try:
        # utf-8-sig: some editors on Windows put a byte-order mark in front of JSON.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = _("is not UTF-8 text (byte {byte} at offset {offset})").format(
            byte=f"0x{raw[exc.start]:02x}", offset=exc.start
        )
        raise _file_error(source, message) from None
    return plan_from_json(text, source)


def path_kind(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (missing, a folder, a FIFO...), or None."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return _("not found")
    except OSError as exc:
        return _("cannot be read: {error}").format(error=exc.strerror or exc)
    return None if stat.S_ISREG(mode) else wrong_kind(mode)


def plan_from_json(text: str, source: str) -> Plan:
    """Parse ``seribu-plan/1`` JSON text; ``source`` names the file in error messages."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        message = _("not valid JSON: {error}").format(error=exc.msg)
        problem = Problem(source, exc.lineno, exc.colno, "", message)
        tip = _("a plan file is written by `route --json FILE`")
        raise InputError([problem], tip=tip) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise _file_error(source, _("not valid JSON: {error}").format(error=exc)) from None
    except RecursionError:
        raise _file_error(source, _("values are nested too deeply")) from None
    if not isinstance(document, dict):
        message = _(
            "the top level must be a JSON object with keys format, data_digest, boats and "
            "unserved (got {got})"
        ).format(got=_kind(document))
        line, column = positions(text).get((), (None, None))
        raise InputError([Problem(source, line, column, "", message)])
    try:
        parsed = _PlanFile.model_validate(document)
    except PydanticValidationError as exc:
        located = positions(text)
        problems = [_problem(source, error, located) for error in exc.errors()]
        raise InputError(problems) from None
    return parsed.to_plan()


def _file_error(source: str, message: str) -> InputError:
    return InputError([Problem(source, None, None, "", message)])


def _time(value: Any) -> datetime | None:
    """A stop time: null, or an ISO 8601 string with a UTC offset."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise PydanticCustomError(
            "plan_time",
            "must be an ISO 8601 time such as {example} or null (got {got})",
            {"example": _TIME_EXAMPLE, "got": _kind(value)},
        )
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "plan_time",
            "{got} is not an ISO 8601 time such as {example}",
            {"example": _TIME_EXAMPLE, "got": _show(value)},
        ) from None
    if moment.utcoffset() is None:
        raise PydanticCustomError(
            "plan_time",
            "{got} has no UTC offset; write it with one, e.g. {example}",
            {"example": _TIME_EXAMPLE, "got": _show(value)},
        )
    try:
        utc = moment.astimezone(UTC)
        inside = datetime.min.replace(tzinfo=UTC) + _CALENDAR_MARGIN <= utc
        inside = inside and utc <= datetime.max.replace(tzinfo=UTC) - _CALENDAR_MARGIN
    except OverflowError:
        inside = False
    if not inside:
        raise PydanticCustomError(
            "plan_time",
            "{got} lies at the edge of the calendar; plan times must be real dates",
            {"got": _show(value)},
        )
    return moment


_Time = Annotated[
    datetime | None,
    PlainValidator(_time),
    PlainSerializer(lambda moment: None if moment is None else _iso(moment, moment.tzinfo)),
]


class _Json(BaseModel):
    # Unknown keys are ignored: the contract allows other keys to be added.
    model_config = ConfigDict(extra="ignore", frozen=True)


class _StopJson(_Json):
    place: StrictStr
    arrive: _Time
    depart: _Time
    tps: list[StrictStr]

    def to_stop(self) -> Stop:
        return Stop(self.place, self.arrive, self.depart, tuple(self.tps))


class _TripJson(_Json):
    trip: StrictInt
    stops: list[_StopJson]

    def to_trip(self) -> Trip:
        return Trip(self.trip, tuple(stop.to_stop() for stop in self.stops))


class _BoatJson(_Json):
    boat: StrictStr
    trips: list[_TripJson]

    def to_boat(self) -> BoatPlan:
        return BoatPlan(self.boat, tuple(trip.to_trip() for trip in self.trips))


class _UnservedJson(_Json):
    tps: StrictStr
    reason: Reason
    detail: StrictStr

    def to_unserved(self) -> Unserved:
        return Unserved(self.tps, self.reason, self.detail)


class _PlanFile(_Json):
    format: Literal["seribu-plan/1"]
    data_digest: StrictStr
    #: Added keys (optional when reading): where the data came from, a digest per input
    #: file, the plan's cost and the proven lower bound, in rupiah.
    data: StrictStr | None = None
    inputs: dict[StrictStr, StrictStr] | None = None
    cost: float | None = None
    lower_bound: float | None = None
    boats: list[_BoatJson]
    unserved: list[_UnservedJson]

    @classmethod
    def of(cls, plan: Plan, tz: tzinfo) -> _PlanFile:
        """The file form of a plan, its times in the zone ``tz``."""

        def stop(s: Stop) -> _StopJson:
            return _StopJson.model_construct(
                place=s.place,
                arrive=_local(s.arrive, tz),
                depart=_local(s.depart, tz),
                tps=list(s.tps),
            )

        return cls.model_construct(
            format="seribu-plan/1",
            data_digest=plan.data_digest,
            data=plan.data_source or None,
            inputs={i.file: i.digest for i in plan.inputs} or None,
            cost=None if plan.cost is None else round(plan.cost, 2),
            lower_bound=None if plan.lower_bound is None else round(plan.lower_bound, 2),
            boats=[
                _BoatJson.model_construct(
                    boat=b.boat,
                    trips=[
                        _TripJson.model_construct(trip=t.number, stops=[stop(s) for s in t.stops])
                        for t in b.trips
                    ],
                )
                for b in plan.boats
            ],
            unserved=[
                _UnservedJson.model_construct(tps=u.tps, reason=u.reason, detail=u.detail)
                for u in plan.unserved
            ],
        )

    def to_plan(self) -> Plan:
        return Plan(
            boats=tuple(boat.to_boat() for boat in self.boats),
            unserved=tuple(u.to_unserved() for u in self.unserved),
            data_digest=self.data_digest,
            data_source=self.data or "",
            inputs=tuple(InputDigest(k, v) for k, v in (self.inputs or {}).items()),
            cost=self.cost,
            lower_bound=self.lower_bound,
        )


def _local(moment: datetime | None, tz: tzinfo) -> datetime | None:
    return None if moment is None else moment.astimezone(tz)


_TYPE_NAMES = {
    "string_type": N_("a string"),
    "int_type": N_("an integer"),
    "list_type": N_("a list"),
    "model_type": N_("an object"),
    "model_attributes_type": N_("an object"),
    "dict_type": N_("an object"),
}


def _problem(source: str, error: ErrorDetails, located: dict[JsonPath, tuple[int, int]]) -> Problem:
    """One pydantic error as a Problem located in the JSON text."""
    path: JsonPath = tuple(error["loc"])
    kind = error["type"]
    got = error.get("input")
    if kind == "missing":
        message = _("required key is missing")
        # A missing key has no position of its own: point at the object that lacks it.
        where = located.get(path[:-1])
    else:
        where = nearest(path, located)
        if kind in _TYPE_NAMES:
            message = _("must be {what} (got {got})").format(
                what=_(_TYPE_NAMES[kind]), got=_kind(got)
            )
        elif kind == "literal_error":
            message = _(
                "must be {format} (got {got}); this program reads plans in format {name}"
            ).format(format=repr(PLAN_FORMAT), got=_show(got), name=PLAN_FORMAT)
        elif kind == "enum":
            codes = ", ".join(reason.value for reason in Reason)
            message = _("must be one of {options}").format(options=codes)
            message += _(" (got {value})").format(value=_show(got))
        else:
            message = error["msg"]
    line, column = where if where else (None, None)
    return Problem(source, line, column, json_path(path), message)


def _kind(value: Any) -> str:
    """A short description of a JSON value for a message."""
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, list):
        return _("a list")
    return _show(value)


def _show(value: Any) -> str:
    """A JSON value as written, shortened for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
