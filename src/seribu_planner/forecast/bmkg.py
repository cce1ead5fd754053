"""BMKG maritime area forecasts (``/public_api/perairan/{CODE}_{Name}.json``).

The public JSON has no published reference; what is read here is what independent public
clients agree on (``shared/reference/bmkg-maritime.md``): ``code``, ``issued``, and ``data``,
a list of slots with ``valid_from``/``valid_to`` (``"YYYY-MM-DD hh:mm UTC"``), ``wave_cat``
and ``wave_desc`` (a range such as ``"0.5 - 1.25 m"``). Both formats are read alike: the
station-written one (until Feb 2025; HTML entities and ``<br />`` may appear in text) and
the digital one since (an ``info`` field, ``station_remark`` "Digital forecast by BMKG").

The go/no-go height of a slot is the top of its ``wave_desc`` range, as PRODUCT.md reads a
category ("a category stands for the top of its range").
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from seribu_planner.errors import InputError, Problem
from seribu_planner.forecast.imported import ImportedForecast
from seribu_planner.forecast.source import JsonSource, clean_text, on_grid, show
from seribu_planner.json_text import JsonPath
from seribu_planner.model import ForecastSlot, Zone
from seribu_planner.outputs.i18n import _

#: The largest wave height a slot may hold; an open range ("> 9.0 m") is read as this.
OPEN_RANGE_WAVE_M = 30.0

_ZONES = {"UTC": 0, "GMT": 0, "Z": 0, "WIB": 7, "WITA": 8, "WIT": 9}
_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*"
    r"(UTC|GMT|Z|WIB|WITA|WIT|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_NUMBER = r"(\d+(?:\.\d+)?)"
_UNIT = r"\s*(?:m|meter|metre|meters|metres)?\.?"
_RANGE = re.compile(rf"^{_NUMBER}\s*(?:-|–|—|s/d|sd|sampai|hingga|to)\s*{_NUMBER}{_UNIT}$")
_BELOW = re.compile(rf"^(?:<|<=|≤|kurang dari)\s*{_NUMBER}{_UNIT}$")
_ABOVE = re.compile(rf"^(?:>|>=|≥|lebih dari)\s*{_NUMBER}{_UNIT}$")
_SINGLE = re.compile(rf"^{_NUMBER}{_UNIT}$")


def is_bmkg(document: Any) -> bool:
    """Whether a JSON document looks like a BMKG area forecast (``code`` and ``data``)."""
    return isinstance(document, dict) and "code" in document and "data" in document


def read_bmkg(source: JsonSource, zones: tuple[Zone, ...]) -> ImportedForecast:
    """The slots of one BMKG area file, for the zone whose ``bmkg_code`` is its ``code``."""
    doc = source.document
    problems: list[Problem] = []

    def text(path: JsonPath, value: Any) -> str | None:
        if value is None:
            problems.append(
                source.problem(
                    path, _("missing required key '{key}'").format(key=path[-1]), missing=True
                )
            )
            return None
        if not isinstance(value, str) or not clean_text(value):
            problems.append(source.problem(path, f"must be text (got {show(value)})"))
            return None
        return clean_text(value)

    code = text(("code",), doc.get("code"))
    issued_text = text(("issued",), doc.get("issued"))
    issued = _moment(source, ("issued",), issued_text, problems)
    zone = _zone_for(source, code, zones, problems) if code is not None else None
    data = doc.get("data")
    if not isinstance(data, list) or not data:
        got = "an empty list" if data == [] else show(data)
        problems.append(source.problem(("data",), f"must be a list of forecast slots (got {got})"))
        data = []

    slots: list[ForecastSlot] = []
    paths: list[JsonPath] = []
    spans: list[tuple[datetime, datetime, JsonPath]] = []
    for i, entry in enumerate(data):
        at: JsonPath = ("data", i)
        if not isinstance(entry, dict):
            problems.append(source.problem(at, f"must be an object (got {show(entry)})"))
            continue
        begin = _moment(
            source,
            (*at, "valid_from"),
            text((*at, "valid_from"), entry.get("valid_from")),
            problems,
        )
        end = _moment(
            source, (*at, "valid_to"), text((*at, "valid_to"), entry.get("valid_to")), problems
        )
        desc = text((*at, "wave_desc"), entry.get("wave_desc"))
        top = _wave_top(source, (*at, "wave_desc"), desc, problems)
        category = entry.get("wave_cat")
        label = clean_text(category) if isinstance(category, str) else ""
        if begin is None or end is None or top is None:
            continue
        if end <= begin:
            message = f"valid_to {_utc(end)} is not later than valid_from {_utc(begin)}"
            problems.append(source.problem((*at, "valid_to"), message))
            continue
        spans.append((begin, end, at))
        if zone is None or issued is None or code is None:
            continue
        note = " ".join(part for part in (f"BMKG {code}", label, desc) if part)
        for piece_from, piece_to in on_grid(begin, end):
            slots.append(
                ForecastSlot(
                    zone=zone.id,
                    from_=piece_from,
                    to=piece_to,
                    wave_m=top,
                    source=note[:500],
                    issued=issued,
                    digest=source.digest,
                )
            )
            paths.append(at)
    problems += _overlaps(source, spans)
    if problems:
        raise InputError(problems, tip=_tip(problems))
    assert zone is not None and issued is not None and code is not None
    name = doc.get("name")
    area = f"{code} {clean_text(name)}" if isinstance(name, str) and clean_text(name) else code
    digital = "info" in doc or any(
        isinstance(e, dict) and "digital" in str(e.get("station_remark", "")).lower() for e in data
    )
    order = sorted(range(len(slots)), key=lambda k: slots[k].from_)
    return ImportedForecast(
        file=source.file,
        provider="BMKG",
        variant="digital" if digital else "station-written",
        area=area,
        zone=zone.id,
        issued=issued,
        digest=source.digest,
        slots=tuple(slots[k] for k in order),
        paths=tuple(paths[k] for k in order),
        source=source,
    )


def wave_top_m(desc: str) -> float:
    """The top of a BMKG wave range in metres; ValueError when it is not a range."""
    text = clean_text(desc).lower()
    text = re.sub(r"(?<=\d),(?=\d)", ".", text)  # 1,25 -> 1.25 (Indonesian decimals)
    if match := _RANGE.match(text):
        low, high = float(match.group(1)), float(match.group(2))
        if low > high:
            raise ValueError(f"the range runs backwards ({low:g} to {high:g} m)")
        top = high
    elif match := _BELOW.match(text) or _SINGLE.match(text):
        top = float(match.group(1))
    elif match := _ABOVE.match(text):
        return OPEN_RANGE_WAVE_M
    else:
        raise ValueError('is not a wave-height range such as "0.5 - 1.25 m"')
    if top > OPEN_RANGE_WAVE_M:
        raise ValueError(f"{top:g} m is beyond any sea state (at most {OPEN_RANGE_WAVE_M:g} m)")
    return top


def parse_time(value: str) -> datetime:
    """A BMKG time such as ``2024-02-12 12:00 UTC`` (UTC when no zone is written)."""
    match = _TIME.match(value.strip())
    if match is None:
        raise ValueError('is not a time such as "2024-02-12 12:00 UTC"')
    year, month, day, hour, minute = (int(match.group(k)) for k in range(1, 6))
    second = int(match.group(6) or 0)
    zone = (match.group(7) or "UTC").upper()
    if zone in _ZONES:
        offset = timedelta(hours=_ZONES[zone])
    else:
        sign = -1 if zone.startswith("-") else 1
        digits = zone[1:].replace(":", "")
        offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    local = datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))
    return local.astimezone(UTC)


# --------------------------------------------------------------------------- helpers


def _moment(
    source: JsonSource, path: JsonPath, value: str | None, problems: list[Problem]
) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_time(value)
    except ValueError as exc:
        problems.append(source.problem(path, f"{show(value)} {exc}"))
        return None


def _wave_top(
    source: JsonSource, path: JsonPath, value: str | None, problems: list[Problem]
) -> float | None:
    if value is None:
        return None
    try:
        return wave_top_m(value)
    except ValueError as exc:
        problems.append(source.problem(path, f"{show(value)}: {exc}"))
        return None


def _zone_for(
    source: JsonSource, code: str, zones: tuple[Zone, ...], problems: list[Problem]
) -> Zone | None:
    key = code.strip().upper()
    matches = [z for z in zones if z.bmkg_code and z.bmkg_code.strip().upper() == key]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(z.id for z in matches)
        problems.append(
            source.problem(("code",), f"area {code} is the bmkg_code of several zones ({names})")
        )
        return None
    coded = ", ".join(f"{z.bmkg_code} ({z.id})" for z in zones if z.bmkg_code) or _("none")
    message = _no_zone().format(code=code, zones=coded)
    problems.append(source.problem(("code",), message))
    return None


def _no_zone() -> str:
    return _("no zone has bmkg_code {code}; zones with a code: {zones}")


def _overlaps(
    source: JsonSource, spans: list[tuple[datetime, datetime, JsonPath]]
) -> list[Problem]:
    problems: list[Problem] = []
    latest: tuple[datetime, datetime, JsonPath] | None = None
    for span in sorted(spans, key=lambda s: (s[0], s[1])):
        if latest is not None and span[0] < latest[1]:
            message = (
                f"{_utc(span[0])} to {_utc(span[1])} overlaps the slot {_where(latest[2])}"
                f" ({_utc(latest[0])} to {_utc(latest[1])}) of the same file"
            )
            problems.append(source.problem((*span[2], "valid_from"), message))
        if latest is None or span[1] > latest[1]:
            latest = span
    return problems


def _where(path: JsonPath) -> str:
    return f"data[{path[1]}]"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _tip(problems: list[Problem]) -> str | None:
    # The message's words up to its first value say which problem it is, in any language.
    start = _no_zone().partition("{")[0]
    if any(p.field == "code" and p.message.startswith(start) for p in problems):
        return _(
            "give the zone this file is for its BMKG area code in weather.yaml: bmkg_code: F.08"
        )
    return None
