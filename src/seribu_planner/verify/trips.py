"""The per-trip half of the verifier: rules 1-8 on one trip of one boat.

Conventions as in ``verify``: leg ``i`` goes from ``stops[i-1]`` to ``stops[i]`` (1-based); a
violation at a stop carries as ``leg`` the number of the leg that arrives there (None for the
loading port of a trip). Imports only ``model``, ``plan`` and ``verify_rules``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from seribu_planner.model import Boat, ForecastSlot, Tps
from seribu_planner.plan import N_, Stop, Trip, Value, periods
from seribu_planner.verify.rules import (
    RELATIVE_TOLERANCE,
    SECONDS_TOLERANCE,
    CheckContext,
    Drop,
    ViolationKind,
)


class TripCheck:
    """Rules 1-8 on one trip of one boat (rules needing the boat skip an unknown one)."""

    def __init__(
        self,
        checker: CheckContext,
        boat_id: str,
        boat: Boat | None,
        trip: Trip,
        start_place: str | None,
        after_trip: int | None,
        previous_end: datetime | None,
    ) -> None:
        self.c = checker
        self.boat_id = boat_id
        self.boat = boat
        self.trip = trip
        self.stops = trip.stops
        self.start_place = start_place
        #: The trip after which the boat is at ``start_place`` (None: its home port).
        self.after_trip = after_trip
        self.previous_end = previous_end
        self.arrive = [checker.aware(s.arrive) for s in trip.stops]
        self.depart = [checker.aware(s.depart) for s in trip.stops]

    def add(
        self,
        kind: ViolationKind,
        template: str,
        values: dict[str, Value] | None = None,
        leg: int | None = None,
        tps: str | None = None,
    ) -> None:
        """Record a violation of this trip; ``{boat}`` and ``{trip}`` are always filled."""
        filled: dict[str, Value] = {"boat": self.boat_id, "trip": self.trip.number}
        filled.update(values or {})
        self.c.add(kind, template, filled, self.boat_id, self.trip.number, leg, tps)

    def leg_values(self, i: int) -> dict[str, Value]:
        """The values naming leg ``i``: ``{leg}``, ``{origin}``, ``{target}``."""
        return {"leg": i, "origin": self.stops[i - 1].place, "target": self.stops[i].place}

    def run(self) -> None:
        if len(self.stops) < 3:
            self.add(
                ViolationKind.EMPTY_TRIP,
                N_("{boat} trip {trip} has no call at an island between its ports"),
            )
        if not self.stops:
            return
        self.check_places()
        self.check_times()
        self.check_loading()
        self.check_horizon()
        self.check_drops()
        if self.boat is not None:
            self.check_capacity(self.boat)
            for i in range(1, len(self.stops)):
                self.check_leg(self.boat, i)
            self.check_piers(self.boat)
        self.check_calls()

    # ------------------------------------------------------------------ shape

    def check_places(self) -> None:
        c = self.c
        for i, stop in enumerate(self.stops):
            if c.place(stop.place) is None:
                self.add(
                    ViolationKind.UNKNOWN_PLACE,
                    N_(
                        "{boat} trip {trip} calls at {place}, which is neither a port nor an island"
                    ),
                    {"place": stop.place},
                    leg=i or None,
                )
        first, last = self.stops[0], self.stops[-1]
        if first.place not in c.ports and first.place in c.islands:
            self.add(
                ViolationKind.TRIP_START,
                N_("{boat} trip {trip} starts at {place}, which is not a port to load at"),
                {"place": first.place},
            )
        elif first.place in c.ports and self.start_place not in (None, first.place):
            values: dict[str, Value] = {"place": first.place, "at": self.start_place}
            if self.after_trip is None:
                template = N_(
                    "{boat} trip {trip} starts at {place} but the boat is at {at} (its home port)"
                )
            else:
                template = N_(
                    "{boat} trip {trip} starts at {place} but the boat is at {at} "
                    "(where trip {previous} ended)"
                )
                values["previous"] = self.after_trip
            self.add(ViolationKind.TRIP_START, template, values)
        if len(self.stops) >= 2 and last.place in c.islands and last.place not in c.ports:
            self.add(
                ViolationKind.TRIP_NOT_AT_PORT_END,
                N_("{boat} trip {trip} ends at {place}, which is not a port"),
                {"place": last.place},
                leg=len(self.stops) - 1,
            )
        for i in range(1, len(self.stops) - 1):
            place = self.stops[i].place
            if place in c.ports and place not in c.islands:
                self.add(
                    ViolationKind.CALL_NOT_ISLAND,
                    N_(
                        "{boat} trip {trip} calls at port {place} in the middle of the trip; "
                        "a trip ends at the first port it reaches"
                    ),
                    {"place": place},
                    leg=i,
                )

    def check_times(self) -> None:
        last = len(self.stops) - 1
        for i, stop in enumerate(self.stops):
            needs_arrive = i > 0
            needs_depart = i < last or last == 0
            no_arrive = needs_arrive and self.arrive[i] is None
            no_depart = needs_depart and self.depart[i] is None
            if no_arrive or no_depart:
                if no_arrive and no_depart:
                    template = N_("{boat} trip {trip} has no arrival or departure time at {place}")
                elif no_arrive:
                    template = N_("{boat} trip {trip} has no arrival time at {place}")
                else:
                    template = N_("{boat} trip {trip} has no departure time at {place}")
                self.add(ViolationKind.MISSING_TIME, template, {"place": stop.place}, leg=i or None)
            arrive, depart = self.arrive[i], self.depart[i]
            if 0 < i < last and arrive is not None and depart is not None and depart < arrive:
                self.add(
                    ViolationKind.TIME_ORDER,
                    N_(
                        "{boat} trip {trip} leaves {place} at {depart}, before it arrives at "
                        "{arrive}"
                    ),
                    {
                        "place": stop.place,
                        "depart": self.c.when(depart),
                        "arrive": self.c.when(arrive),
                    },
                    leg=i,
                )
        for i in range(1, len(self.stops)):
            d, a = self.depart[i - 1], self.arrive[i]
            if d is not None and a is not None and a < d:
                self.add(
                    ViolationKind.TIME_ORDER,
                    N_(
                        "{boat} trip {trip}, leg {leg} {origin} -> {target} arrives at {arrive}, "
                        "before it departs at {depart}"
                    ),
                    {**self.leg_values(i), "arrive": self.c.when(a), "depart": self.c.when(d)},
                    leg=i,
                )

    def load_start(self) -> datetime | None:
        """When loading for this trip begins at its port (departure minus load minutes)."""
        depart = self.depart[0]
        if depart is None:
            return None
        port = self.c.ports.get(self.stops[0].place)
        return depart - timedelta(minutes=port.load_minutes if port else 0)

    def end(self) -> datetime | None:
        return self.arrive[-1] if len(self.stops) >= 2 else None

    def check_loading(self) -> None:
        c = self.c
        start = self.load_start()
        if start is None:
            return
        port = c.ports.get(self.stops[0].place)
        if port is not None:
            ready = max(port.ready_at or c.campaign.start, c.campaign.start)
            if start < ready:
                self.add(
                    ViolationKind.LOAD_BEFORE_READY,
                    N_(
                        "{boat} trip {trip} departs {port} at {depart} after {minutes} min of "
                        "loading, so loading begins at {start}, before kits are ready there "
                        "at {ready}"
                    ),
                    {
                        "port": port.id,
                        "depart": c.when(self.depart[0] or start),
                        "minutes": port.load_minutes,
                        "start": c.when(start),
                        "ready": c.when(ready),
                    },
                )
        if self.previous_end is not None and start < self.previous_end:
            self.add(
                ViolationKind.TRIP_OVERLAP,
                N_(
                    "{boat} trip {trip} begins loading at {start}, before the boat is back from "
                    "trip {previous} at {back}"
                ),
                {
                    "start": c.when(start),
                    "previous": self.trip.number - 1,
                    "back": c.when(self.previous_end),
                },
            )
        end = self.end()
        if self.boat is not None and self.boat.available is not None and end is not None:
            inside = any(p.from_ <= start and end <= p.to for p in self.boat.available)
            if not inside:
                self.add(
                    ViolationKind.AVAILABILITY,
                    N_(
                        "{boat} trip {trip} runs from {start} (loading) to {end}, outside every "
                        "period the boat is available ({periods})"
                    ),
                    {
                        "start": c.when(start),
                        "end": c.when(end),
                        "periods": periods(
                            (c.when(p.from_), c.when(p.to)) for p in self.boat.available
                        ),
                    },
                )

    def check_horizon(self) -> None:
        c = self.c
        last = len(self.stops) - 1
        times = [t for i, t in enumerate(self.arrive) if i > 0 and t is not None]
        times += [t for i, t in enumerate(self.depart) if (i < last or last == 0) and t is not None]
        if not times:
            return
        earliest, latest = min(times), max(times)
        if earliest < c.campaign.start:
            self.add(
                ViolationKind.BEFORE_START,
                N_("{boat} trip {trip} has a time {time} before the campaign starts at {start}"),
                {"time": c.when(earliest), "start": c.when(c.campaign.start)},
            )
        if latest > c.campaign.end:
            self.add(
                ViolationKind.AFTER_END,
                N_(
                    "{boat} trip {trip} runs until {time}, after the campaign ends at {end}, "
                    "by when every boat must be back at a port"
                ),
                {"time": c.when(latest), "end": c.when(c.campaign.end)},
                leg=last or None,
            )

    # ------------------------------------------------------------------ kits

    def check_drops(self) -> None:
        c = self.c
        for i, stop in enumerate(self.stops):
            for tps_id in stop.tps:
                tps = c.tps.get(tps_id)
                if tps is None:
                    self.add(
                        ViolationKind.UNKNOWN_TPS,
                        N_(
                            "{boat} trip {trip} drops TPS {tps} at {place}, which is not in the "
                            "TPS list"
                        ),
                        {"tps": tps_id, "place": stop.place},
                        leg=i or None,
                        tps=tps_id,
                    )
                    continue
                c.drops.append(Drop(tps_id, self.boat_id, self.trip.number, i, stop.place))
                self.check_drop(i, stop, tps)

    def check_drop(self, i: int, stop: Stop, tps: Tps) -> None:
        c = self.c
        if stop.place != tps.island:
            self.add(
                ViolationKind.WRONG_ISLAND,
                N_(
                    "{boat} trip {trip} drops the kit of TPS {tps} at {place}, but the TPS is "
                    "on {island}"
                ),
                {"tps": tps.id, "place": stop.place, "island": tps.island},
                leg=i or None,
                tps=tps.id,
            )
        deadline = tps.deadline or c.campaign.deadline
        arrive = self.arrive[i]
        if arrive is not None and arrive > deadline:
            late = (arrive - deadline).total_seconds() / 60
            self.add(
                ViolationKind.LATE,
                N_(
                    "{boat} trip {trip} brings the kit of TPS {tps} to {place} at {arrive}, "
                    "{late:.0f} min after its deadline {deadline}"
                ),
                {
                    "tps": tps.id,
                    "place": stop.place,
                    "arrive": c.when(arrive),
                    "late": late,
                    "deadline": c.when(deadline),
                },
                leg=i or None,
                tps=tps.id,
            )
        if self.boat is not None and tps.kind not in self.boat.serves:
            serves = ", ".join(str(k) for k in self.boat.serves)
            self.add(
                ViolationKind.SERVES,
                N_(
                    "{boat} trip {trip} carries the kit of TPS {tps} ({kind}), but the boat "
                    "serves only {serves} TPS"
                ),
                {"tps": tps.id, "kind": str(tps.kind), "serves": serves},
                leg=i or None,
                tps=tps.id,
            )

    def check_capacity(self, boat: Boat) -> None:
        kits = [self.c.tps[t] for s in self.stops for t in s.tps if t in self.c.tps]
        kg = sum(self.c.kit(t)[0] for t in kits)
        m3 = sum(self.c.kit(t)[1] for t in kits)
        if kg > boat.capacity_kg * (1 + RELATIVE_TOLERANCE):
            self.add(
                ViolationKind.OVERLOAD_KG,
                N_(
                    "{boat} trip {trip} loads {kits} kits weighing {kg:,.1f} kg, above the "
                    "boat's capacity of {capacity:,.1f} kg"
                ),
                {"kits": len(kits), "kg": kg, "capacity": boat.capacity_kg},
            )
        if m3 > boat.capacity_m3 * (1 + RELATIVE_TOLERANCE):
            self.add(
                ViolationKind.OVERLOAD_M3,
                N_(
                    "{boat} trip {trip} loads {kits} kits of {m3:,.3f} m3, above the boat's "
                    "capacity of {capacity:,.3f} m3"
                ),
                {"kits": len(kits), "m3": m3, "capacity": boat.capacity_m3},
            )

    # ------------------------------------------------------------------ legs

    def check_leg(self, boat: Boat, i: int) -> None:
        c = self.c
        origin, target = self.stops[i - 1].place, self.stops[i].place
        d, a = self.depart[i - 1], self.arrive[i]
        if d is None or a is None or origin == target or a < d:
            return  # missing times and time order are reported already; waiting is free
        if c.place(origin) is None or c.place(target) is None:
            return
        nm = c.distance_nm(origin, target)
        needed_s = nm / boat.speed_knots * 3600
        taken_s = (a - d).total_seconds()
        if taken_s < needed_s - SECONDS_TOLERANCE:
            self.add(
                ViolationKind.LEG_TOO_FAST,
                N_(
                    "{boat} trip {trip}, leg {leg} {origin} -> {target} covers {nm:.1f} nm in "
                    "{taken:.1f} min; at {knots:g} knots it takes at least {needed:.1f} min"
                ),
                {
                    **self.leg_values(i),
                    "nm": nm,
                    "taken": taken_s / 60,
                    "knots": boat.speed_knots,
                    "needed": needed_s / 60,
                },
                leg=i,
            )
        if a == d:
            return
        as_of = c.as_of
        if as_of is None or a > as_of:
            # A leg sailed by as_of is history, whatever today's forecast says; a leg under
            # way then is judged by the sea still ahead of it.
            self.check_weather(boat, i, d, a, since=as_of)
        if not boat.night_sailing:
            self.check_daylight(i, d, a)

    def check_weather(
        self, boat: Boat, i: int, d: datetime, a: datetime, since: datetime | None = None
    ) -> None:
        """Rule 4's sea state over the leg, or over its part after ``since`` (as_of)."""
        c = self.c
        start = d if since is None or since <= d else since
        partly = start > d  # the leg is under way at as_of: say from when it is judged
        zones: list[str] = []
        for place_id in (self.stops[i - 1].place, self.stops[i].place):
            place = c.place(place_id)
            if place is not None and place.zone not in zones:
                zones.append(place.zone)
        for zone in zones:
            slots = [s for s in c.slots.get(zone, []) if s.from_ < a and start < s.to]
            gaps = _uncovered(slots, start, a)
            leg: dict[str, Value] = {
                **self.leg_values(i),
                "depart": c.when(d),
                "arrive": c.when(a),
                "zone": zone,
                "since": c.when(start),
            }
            if gaps:
                spans = periods(((c.when(g0), c.when(g1)) for g0, g1 in gaps), ", ")
                template = (
                    N_(
                        "{boat} trip {trip}, leg {leg} {origin} -> {target} sails {depart} to "
                        "{arrive}, but {zone} has no forecast for {spans}; time without a "
                        "forecast is not sailable (checked from {since}, the time as of which "
                        "the plan is checked)"
                    )
                    if partly
                    else N_(
                        "{boat} trip {trip}, leg {leg} {origin} -> {target} sails {depart} to "
                        "{arrive}, but {zone} has no forecast for {spans}; time without a "
                        "forecast is not sailable"
                    )
                )
                self.add(ViolationKind.LEG_NO_FORECAST, template, {**leg, "spans": spans}, leg=i)
            rough = [s for s in slots if s.wave_height_m > boat.max_wave_m]
            if rough:
                worst = max(rough, key=lambda s: s.wave_height_m)
                label = f" ({worst.category})" if worst.category else ""
                template = (
                    N_(
                        "{boat} trip {trip}, leg {leg} {origin} -> {target} departs {depart} and "
                        "arrives {arrive} while {zone} forecasts {wave:g} m{category} from {from_} "
                        "to {to}, above the boat's {limit:g} m (checked from {since}, the time as "
                        "of which the plan is checked)"
                    )
                    if partly
                    else N_(
                        "{boat} trip {trip}, leg {leg} {origin} -> {target} departs {depart} and "
                        "arrives {arrive} while {zone} forecasts {wave:g} m{category} from {from_} "
                        "to {to}, above the boat's {limit:g} m"
                    )
                )
                values = {
                    **leg,
                    "wave": worst.wave_height_m,
                    "category": label,
                    "from_": c.when(worst.from_),
                    "to": c.when(worst.to),
                    "limit": boat.max_wave_m,
                }
                self.add(ViolationKind.LEG_WEATHER, template, values, leg=i)

    def check_daylight(self, i: int, d: datetime, a: datetime) -> None:
        c = self.c
        daylight = c.campaign.daylight
        day = d.astimezone(c.tz).date()
        dawn = datetime.combine(day, daylight.from_, tzinfo=c.tz)
        dusk = datetime.combine(day, daylight.to, tzinfo=c.tz)
        if not (dawn <= d and a <= dusk):
            self.add(
                ViolationKind.LEG_NIGHT,
                N_(
                    "{boat} trip {trip}, leg {leg} {origin} -> {target} sails {depart} to "
                    "{arrive}, outside daylight {dawn}-{dusk} of one day, and the boat does not "
                    "sail at night"
                ),
                {
                    **self.leg_values(i),
                    "depart": c.when(d),
                    "arrive": c.when(a),
                    "dawn": daylight.from_,
                    "dusk": daylight.to,
                },
                leg=i,
            )

    # ------------------------------------------------------------------ calls

    def check_piers(self, boat: Boat) -> None:
        for i, stop in enumerate(self.stops):
            place = self.c.place(stop.place)
            if place is None or place.pier_depth_m is None:
                continue
            if place.pier_depth_m < boat.draft_m:
                self.add(
                    ViolationKind.DRAFT,
                    N_(
                        "{boat} trip {trip} calls at {place}, whose pier is {depth:g} m deep, "
                        "less than the boat's draft of {draft:g} m"
                    ),
                    {"place": stop.place, "depth": place.pier_depth_m, "draft": boat.draft_m},
                    leg=i or None,
                )

    def check_calls(self) -> None:
        c = self.c
        for i in range(1, len(self.stops) - 1):
            stop = self.stops[i]
            island = c.islands.get(stop.place)
            arrive, depart = self.arrive[i], self.depart[i]
            if island is None or arrive is None or depart is None or depart < arrive:
                continue
            needed = island.unload_minutes + c.campaign.per_tps_minutes * len(stop.tps)
            stay = (depart - arrive).total_seconds() / 60
            if stay < needed:
                self.add(
                    ViolationKind.CALL_TOO_SHORT,
                    N_(
                        "{boat} trip {trip} stays {stay:g} min at {place}, but unloading {kits} "
                        "kits takes at least {needed} min ({unload} min + {per_kit} min per kit)"
                    ),
                    {
                        "stay": stay,
                        "place": stop.place,
                        "kits": len(stop.tps),
                        "needed": needed,
                        "unload": island.unload_minutes,
                        "per_kit": c.campaign.per_tps_minutes,
                    },
                    leg=i,
                )


def _uncovered(
    slots: list[ForecastSlot], start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The parts of ``[start, end)`` that no slot ``[from, to)`` covers."""
    gaps: list[tuple[datetime, datetime]] = []
    cursor = start
    for slot in sorted(slots, key=lambda s: s.from_):
        if cursor >= end:
            break
        if slot.from_ > cursor:
            gaps.append((cursor, min(slot.from_, end)))
        cursor = max(cursor, slot.to)
    if cursor < end:
        gaps.append((cursor, end))
    return gaps
