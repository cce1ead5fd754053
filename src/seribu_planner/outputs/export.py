"""Plans to files and back: CSV for people with spreadsheets, JSON for ``check --plan``.

The JSON shape is the contract of PRODUCT.md section 5 (format ``seribu-plan/1``). Reading
it back checks the structure only (keys, types, time offsets, reason codes); whether the
boat, place and TPS ids exist in the data is the verifier's business, so that ``check
--plan`` can report those against the data with every other violation.

Both writers are deterministic: the same plan and data give byte-identical text.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import secrets
from collections.abc import Iterator
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PlainValidator, StrictInt, StrictStr
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from seribu_planner.derive.kit import kit_for
from seribu_planner.errors import InputError, Problem
from seribu_planner.model import DataSet
from seribu_planner.plan import PLAN_FORMAT, BoatPlan, Plan, Reason, Stop, Trip, Unserved

#: Plan files larger than this are refused before parsing (a real plan is a few hundred KB).
MAX_PLAN_BYTES = 5 * 1024 * 1024

#: The fixed CSV columns; one count column per kit item follows, in campaign kit order.
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

# A spreadsheet evaluates a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_TIME_EXAMPLE = "2024-02-09T07:00:00+07:00"

#: Where a value stands in a JSON document: keys and list indices from the top.
_Path = tuple[str | int, ...]


# --------------------------------------------------------------------------- writing


def plan_to_json(data: DataSet, plan: Plan) -> str:
    """The plan as ``seribu-plan/1`` JSON text, times in the campaign's time zone."""
    tz = data.campaign.tz
    document = {
        "format": PLAN_FORMAT,
        "data_digest": plan.data_digest,
        "boats": [
            {
                "boat": boat.boat,
                "trips": [
                    {
                        "trip": trip.number,
                        "stops": [
                            {
                                "place": stop.place,
                                "arrive": _iso(stop.arrive, tz),
                                "depart": _iso(stop.depart, tz),
                                "tps": list(stop.tps),
                            }
                            for stop in trip.stops
                        ],
                    }
                    for trip in boat.trips
                ],
            }
            for boat in plan.boats
        ],
        "unserved": [
            {"tps": u.tps, "reason": str(u.reason), "detail": u.detail} for u in plan.unserved
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def plan_to_csv(data: DataSet, plan: Plan) -> str:
    """One CSV row per call where kits are dropped, in plan order (see ``CSV_COLUMNS``)."""
    tz = data.campaign.tz
    items = [item.item for item in data.campaign.kit]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_cell(name) for name in (*CSV_COLUMNS, *items)])
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
        ]
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text to ``path`` whole or not at all (temp file, then ``os.replace``).

    On any failure the temp file is removed and an existing file at ``path`` is left as it
    was; an OSError becomes an InputError naming the path.
    """
    payload = text.encode("utf-8")
    directory = path.parent
    temp = directory / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        # os.open with mode 0o666 lets the umask decide the permissions, as for any new
        # file (tempfile.mkstemp would leave the result readable by its owner only).
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(temp, flags, 0o666)
    except OSError as exc:
        raise _write_error(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from exc
        raise


def _write_error(path: Path, exc: OSError) -> InputError:
    problem = Problem(str(path), None, None, "", f"cannot be written: {exc.strerror or exc}")
    return InputError([problem], tip="check that the folder exists and is writable")


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


def _cell(text: str) -> str:
    """The cell text, quoted with a leading ' where a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


# --------------------------------------------------------------------------- reading


def read_plan(path: Path) -> Plan:
    """Read a ``seribu-plan/1`` JSON file; any problem with it raises InputError."""
    source = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PLAN_BYTES + 1)
    except FileNotFoundError:
        raise _file_error(source, "not found") from None
    except OSError as exc:
        raise _file_error(source, f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_PLAN_BYTES:
        raise _file_error(source, f"plan files over {MAX_PLAN_BYTES // 2**20} MB are refused")
    try:
        # utf-8-sig: some editors on Windows put a byte-order mark in front of JSON.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        raise _file_error(source, message) from None
    return plan_from_json(text, source)


def plan_from_json(text: str, source: str) -> Plan:
    """Parse ``seribu-plan/1`` JSON text; ``source`` names the file in error messages."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = Problem(source, exc.lineno, exc.colno, "", f"not valid JSON: {exc.msg}")
        raise InputError([problem], tip="a plan file is written by `route --json FILE`") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise _file_error(source, f"not valid JSON: {exc}") from None
    except RecursionError:
        raise _file_error(source, "values are nested too deeply") from None
    if not isinstance(document, dict):
        message = (
            "the top level must be a JSON object with keys format, data_digest, boats and "
            f"unserved (got {_kind(document)})"
        )
        line, column = _positions(text).get((), (None, None))
        raise InputError([Problem(source, line, column, "", message)])
    try:
        parsed = _PlanFile.model_validate(document)
    except PydanticValidationError as exc:
        positions = _positions(text)
        problems = [_problem(source, error, positions) for error in exc.errors()]
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
    return moment


_Time = Annotated[datetime | None, PlainValidator(_time)]


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
    boats: list[_BoatJson]
    unserved: list[_UnservedJson]

    def to_plan(self) -> Plan:
        return Plan(
            boats=tuple(boat.to_boat() for boat in self.boats),
            unserved=tuple(u.to_unserved() for u in self.unserved),
            data_digest=self.data_digest,
        )


_TYPE_NAMES = {
    "string_type": "a string",
    "int_type": "an integer",
    "list_type": "a list",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "dict_type": "an object",
}


def _problem(source: str, error: ErrorDetails, positions: dict[_Path, tuple[int, int]]) -> Problem:
    """One pydantic error as a Problem located in the JSON text."""
    path: _Path = tuple(error["loc"])
    kind = error["type"]
    got = error.get("input")
    if kind == "missing":
        message = "required key is missing"
        # A missing key has no position of its own: point at the object that lacks it.
        where = positions.get(path[:-1])
    else:
        where = _nearest(path, positions)
        if kind in _TYPE_NAMES:
            message = f"must be {_TYPE_NAMES[kind]} (got {_kind(got)})"
        elif kind == "literal_error":
            message = (
                f"must be {PLAN_FORMAT!r} (got {_show(got)}); this program reads plans in "
                f"format {PLAN_FORMAT}"
            )
        elif kind == "enum":
            codes = ", ".join(reason.value for reason in Reason)
            message = f"must be one of {codes} (got {_show(got)})"
        else:
            message = error["msg"]
    line, column = where if where else (None, None)
    return Problem(source, line, column, _field(path), message)


def _field(path: _Path) -> str:
    """``("boats", 0, "trips")`` -> ``boats[0].trips``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".")


def _kind(value: Any) -> str:
    """A short description of a JSON value for a message."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return _show(value)


def _show(value: Any) -> str:
    """A JSON value as written, shortened for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- positions

_SPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"[^,\]}\s]+")


def _positions(text: str) -> dict[_Path, tuple[int, int]]:
    """Line and column (1-based) of every value in JSON text that ``json.loads`` accepted.

    Only used to locate validation errors, so it gives up (returns what it found) on
    anything unexpected rather than raise.
    """
    offsets: dict[_Path, int] = {}
    with contextlib.suppress(IndexError, ValueError, RecursionError):
        _walk(text, 0, (), offsets)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    result: dict[_Path, tuple[int, int]] = {}
    line = 0
    for path, offset in sorted(offsets.items(), key=lambda item: item[1]):
        while line + 1 < len(starts) and starts[line + 1] <= offset:
            line += 1
        result[path] = (line + 1, offset - starts[line] + 1)
    return result


def _walk(text: str, index: int, path: _Path, offsets: dict[_Path, int]) -> int:
    """Record where the value at ``index`` starts (and those inside it); return its end."""
    index = _skip(text, index)
    offsets[path] = index
    char = text[index]
    if char not in "{[":
        match = (_STRING if char == '"' else _SCALAR).match(text, index)
        if match is None:
            raise ValueError("not a JSON value")
        return match.end()
    close = "}" if char == "{" else "]"
    index = _skip(text, index + 1)
    if text[index] == close:
        return index + 1
    position = 0
    while True:
        if char == "{":
            match = _STRING.match(text, _skip(text, index))
            if match is None:
                raise ValueError("not a JSON key")
            key = json.loads(match.group())
            index = _skip(text, match.end()) + 1  # past the colon
            index = _walk(text, index, (*path, key), offsets)
        else:
            index = _walk(text, index, (*path, position), offsets)
            position += 1
        index = _skip(text, index)
        if text[index] == close:
            return index + 1
        index += 1  # past the comma


def _skip(text: str, index: int) -> int:
    match = _SPACE.match(text, index)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _nearest(path: _Path, positions: dict[_Path, tuple[int, int]]) -> tuple[int, int] | None:
    """The position of the value at ``path``, else of its nearest enclosing value."""
    for end in range(len(path), -1, -1):
        if path[:end] in positions:
            return positions[path[:end]]
    return None
