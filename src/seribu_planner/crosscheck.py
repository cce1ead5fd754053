"""Consistency between the records of a data set: the rules ``DataSet`` validates.

Each record is valid on its own once its model accepted it; this module checks the records
against each other (unknown and duplicate ids, overlapping periods, times outside the
campaign) and returns one pydantic error per problem, each with the location of the
offending value as its ``loc`` (``("boats", 2, "home")``), so that a data set built in
Python is refused as precisely as one read from YAML, where ``load`` maps each ``loc`` back
to its file, line and column.

A message that names another record (the first of two duplicates, the slot that overlaps)
carries that record's location in its context as ``ref`` and is written from a template
with a ``{ref_line}`` slot: empty here, "line N, " when ``load`` knows the line.

The module knows the models only as types (``model`` imports it for the validator).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from seribu_planner.plan import N_

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from seribu_planner.model import (
        Boat,
        Campaign,
        Distance,
        ForecastSlot,
        Island,
        Port,
        Tps,
        Zone,
    )

Loc = tuple[str | int, ...]

#: Message templates by error type. ``{ref_path}`` and ``{ref_line}`` name the record a
#: message refers to (see the module docstring). The loader shows them translated, with
#: the words and phrases below (``what``, ``noun``, the hint) translated too.
TEMPLATES: dict[str, str] = {
    "duplicate_id": N_("duplicate {what} id '{id}' (first at {ref_line}{ref_path}){note}"),
    "duplicate_distance": N_("the distance {pair} is listed twice (first at {ref_line}{ref_path})"),
    "duplicate_kit_item": N_(
        "duplicate kit item '{id}' (first at {ref_line}{ref_path}); kit items must have "
        "unique names"
    ),
    "unknown_id": N_("unknown {what} '{id}'{hint}"),
    "tps_on_port": N_("'{id}' is a port; a TPS stands on an island or platform"),
    "home_not_port": N_("'{id}' is an island, not a port; home must be one of the ports: {ports}"),
    "ready_after_deadline": N_("ready_at {ready} is later than the campaign deadline {deadline}"),
    "outside_horizon": N_("{what} is outside the campaign, {start} to {end}"),
    "overlap": N_(
        "{noun} from {begin} to {end} overlaps {ref_path} ({ref_line}from {ref_begin} to "
        "{ref_end}); {what} must not overlap"
    ),
    "inconsistent": "{message}",
}
#: The words and phrases that fill the templates (``ctx`` keeps them in English).
WORDS = (
    N_("place"),
    N_("TPS"),
    N_("boat"),
    N_("zone"),
    N_("island"),
    N_("port"),
    N_("slot"),
    N_("period"),
    N_("a boat's available periods"),
)
SHARED_IDS = N_("; ports and islands share one id space")
DID_YOU_MEAN = N_(" (did you mean '{close}'?)")
KNOWN = N_("; known {what}s: {ids}")
DEADLINE = N_("deadline {time}")
PERIOD_FROM = N_("period from {begin} to {end}")
ZONE_SLOTS = N_("forecast slots of zone {zone}")


def issue(kind: str, loc: Loc, value: Any, ref: Loc | None = None, **ctx: Any) -> InitErrorDetails:
    """One located error of type ``kind`` (a key of TEMPLATES)."""
    if ref is not None:
        ctx.update(ref=ref, ref_path=field_path(ref), ref_line="")
    error = PydanticCustomError(kind, TEMPLATES[kind], ctx)
    return InitErrorDetails(type=error, loc=loc, input=value)


def raise_issues(title: str, issues: list[InitErrorDetails]) -> None:
    """Raise the issues as one ValidationError, each with its own location; none: return."""
    if issues:
        raise ValidationError.from_exception_data(title, issues)


def field_path(path: Iterable[Any]) -> str:
    """``("boats", 2, "capacity_kg")`` -> ``boats[2].capacity_kg``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) and not isinstance(part, bool) else f".{part}"
    return text.lstrip(".")


def when(moment: datetime, tz: ZoneInfo | None) -> str:
    """A time for messages, in the campaign's zone (None: its own offset), to the minute."""
    try:
        return (moment if tz is None else moment.astimezone(tz)).isoformat(timespec="minutes")
    except OverflowError:  # at the edge of the calendar
        return moment.isoformat(timespec="minutes")


# --------------------------------------------------------------------------- the checks


def consistency_errors(
    *,
    campaign: Campaign | None,
    ports: Sequence[Port],
    islands: Sequence[Island],
    distances: Sequence[Distance],
    tps: Sequence[Tps],
    boats: Sequence[Boat],
    zones: Sequence[Zone],
    forecast: Sequence[ForecastSlot],
) -> list[InitErrorDetails]:
    """Every problem between the records, each located at the offending value.

    ``campaign`` may be None (when it is itself invalid): the checks against the horizon
    are then left out. An error about a reference (types ``unknown_id`` and
    ``home_not_port``) names in its context, as ``among``, the fields it looked in.
    """
    tz = None if campaign is None else campaign.tz
    port_ids, island_ids = [p.id for p in ports], [i.id for i in islands]
    zone_ids = [z.id for z in zones]
    port_set, island_set, zone_set = set(port_ids), set(island_ids), set(zone_ids)

    places = [(("ports", i), p.id) for i, p in enumerate(ports)]
    places += [(("islands", i), p.id) for i, p in enumerate(islands)]
    issues = _duplicates("place", places, SHARED_IDS)
    issues += _duplicates("TPS", [(("tps", i), t.id) for i, t in enumerate(tps)])
    issues += _duplicates("boat", [(("boats", i), b.id) for i, b in enumerate(boats)])
    issues += _duplicates("zone", [(("zones", i), z) for i, z in enumerate(zone_ids)])

    zoned = [("ports", i, p.zone) for i, p in enumerate(ports)]
    zoned += [("islands", i, p.zone) for i, p in enumerate(islands)]
    zoned += [("forecast", i, s.zone) for i, s in enumerate(forecast)]
    for key, i, zone_id in zoned:
        if zone_id not in zone_set:
            issues.append(_unknown((key, i, "zone"), "zone", zone_id, zone_ids, ("zones",)))

    pairs: dict[frozenset[str], int] = {}
    for i, distance in enumerate(distances):
        for j, place_id in enumerate(distance.between):
            if place_id not in port_set and place_id not in island_set:
                loc: Loc = ("distances", i, "between", j)
                issues.append(
                    _unknown(loc, "place", place_id, port_ids + island_ids, ("ports", "islands"))
                )
        if (first := pairs.setdefault(frozenset(distance.between), i)) != i:
            pair = " - ".join(distance.between)
            issues.append(
                issue("duplicate_distance", ("distances", i), pair, ("distances", first), pair=pair)
            )

    for i, one in enumerate(tps):
        if one.island in port_set:
            issues.append(issue("tps_on_port", ("tps", i, "island"), one.island, id=one.island))
        elif one.island not in island_set:
            at: Loc = ("tps", i, "island")
            issues.append(_unknown(at, "island", one.island, island_ids, ("islands",)))

    for i, boat in enumerate(boats):
        loc = ("boats", i, "home")
        if boat.home in island_set and boat.home not in port_set:
            ports_text = ", ".join(port_ids)
            issues.append(
                issue(
                    "home_not_port",
                    loc,
                    boat.home,
                    id=boat.home,
                    ports=ports_text,
                    among=("ports",),
                )
            )
        elif boat.home not in port_set:
            issues.append(_unknown(loc, "port", boat.home, port_ids, ("ports",)))
        periods: list[tuple[datetime, datetime, Loc]] = [
            (p.from_, p.to, ("boats", i, "available", k))
            for k, p in enumerate(boat.available or [])
        ]
        issues += _overlaps(periods, tz, "period", "a boat's available periods")

    by_zone: dict[str, list[tuple[datetime, datetime, Loc]]] = {}
    for i, slot in enumerate(forecast):
        by_zone.setdefault(slot.zone, []).append((slot.from_, slot.to, ("forecast", i)))
    for zone_id, slots in by_zone.items():
        issues += _overlaps(slots, tz, "slot", ZONE_SLOTS.format(zone=zone_id), zone=zone_id)
    if campaign is not None:
        issues += _horizon(campaign, ports, tps, boats)
    return issues


def _horizon(
    campaign: Campaign, ports: Sequence[Port], tps: Sequence[Tps], boats: Sequence[Boat]
) -> list[InitErrorDetails]:
    """Times that must fall inside the campaign: ready_at, deadlines, availability."""
    tz = campaign.tz
    start, end = when(campaign.start, tz), when(campaign.end, tz)
    issues: list[InitErrorDetails] = []
    for i, port in enumerate(ports):
        if port.ready_at is not None and port.ready_at > campaign.deadline:
            issues.append(
                issue(
                    "ready_after_deadline",
                    ("ports", i, "ready_at"),
                    port.ready_at,
                    ready=when(port.ready_at, tz),
                    deadline=when(campaign.deadline, tz),
                )
            )
    for i, one in enumerate(tps):
        if one.deadline is not None and not campaign.start < one.deadline <= campaign.end:
            time = when(one.deadline, tz)
            loc: Loc = ("tps", i, "deadline")
            what = DEADLINE.format(time=time)
            issues.append(
                issue(
                    "outside_horizon", loc, one.deadline, what=what, start=start, end=end, time=time
                )
            )
    for i, boat in enumerate(boats):
        for k, period in enumerate(boat.available or []):
            if period.to <= campaign.start or period.from_ >= campaign.end:
                begin, until = when(period.from_, tz), when(period.to, tz)
                what = PERIOD_FROM.format(begin=begin, end=until)
                loc = ("boats", i, "available", k)
                issues.append(
                    issue(
                        "outside_horizon",
                        loc,
                        what,
                        what=what,
                        start=start,
                        end=end,
                        begin=begin,
                        until=until,
                    )
                )
    return issues


def _duplicates(
    what: str, records: Iterable[tuple[Loc, str]], note: str = ""
) -> list[InitErrorDetails]:
    issues: list[InitErrorDetails] = []
    first: dict[str, Loc] = {}
    for loc, record_id in records:
        if record_id in first:
            ref = first[record_id]
            issues.append(
                issue(
                    "duplicate_id", (*loc, "id"), record_id, ref, what=what, id=record_id, note=note
                )
            )
        else:
            first[record_id] = loc
    return issues


def _unknown(
    loc: Loc, what: str, value: str, known: list[str], among: tuple[str, ...]
) -> InitErrorDetails:
    """``unknown port 'x'`` with the nearest known id, or the known ids when they are few.

    ``among`` names the DataSet fields looked in, so that the loader can tell a reference
    to a record that failed its own validation (already reported) from a real unknown.
    """
    close = difflib.get_close_matches(value, known, n=1)
    listed = ", ".join(known) if len(known) <= 12 else ""
    if close:
        hint = DID_YOU_MEAN.format(close=close[0])
    elif listed:
        hint = KNOWN.format(what=what, ids=listed)
    else:
        hint = ""
    return issue(
        "unknown_id",
        loc,
        value,
        what=what,
        id=value,
        hint=hint,
        among=among,
        close=close[0] if close else "",
        known=listed,
    )


def _overlaps(
    periods: list[tuple[datetime, datetime, Loc]],
    tz: ZoneInfo | None,
    noun: str,
    what: str,
    zone: str = "",
) -> list[InitErrorDetails]:
    """Each period against the one before it in time that reaches furthest."""
    issues: list[InitErrorDetails] = []
    latest: tuple[datetime, datetime, Loc] | None = None
    for begin, end, loc in sorted(periods, key=lambda p: (p[0], p[1])):
        if latest is not None and begin < latest[1]:
            issues.append(
                issue(
                    "overlap",
                    loc,
                    f"{noun} from {when(begin, tz)} to {when(end, tz)}",
                    latest[2],
                    noun=noun,
                    begin=when(begin, tz),
                    end=when(end, tz),
                    ref_begin=when(latest[0], tz),
                    ref_end=when(latest[1], tz),
                    what=what,
                    zone=zone,
                )
            )
        if latest is None or end > latest[1]:
            latest = (begin, end, loc)
    return issues
