"""Exact optimum of tiny data sets by enumeration, written apart from the solver and bound.

Every plan whose calls each drop at least one kit is enumerated: every split of the TPS
among the boats, every split of a boat's TPS into trips in order, every order of the kits
of a trip (consecutive kits on one island form one call, so A, B, A calls at A twice),
and every end port of every trip. Each plan is timed leg by leg at its earliest legal
departure: waiting at a pier or in port is free and allowed, and cost counts time under
way only, so the earliest schedule is the cheapest schedule of that plan and the only
one worth trying (departing later never makes a later leg possible that was not). A plan
whose schedule breaks a deadline, the campaign end or the boat's single availability
period is dropped.

Not enumerated: calls that drop nothing (a stop used only as a waypoint) and trips that
drop nothing. On the data of ``small_instance`` they could matter only to wait out weather
at a third place, so the optimum here is the optimum over plans without such stops: at
least the true optimum, which is the safe side for checking a lower bound against it.

All time arithmetic is on UTC instants; sea distances and kits come from the verifier's
own arithmetic (``verify.sea_distance_nm``, ``verify.kit_load``), not from the solver's.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from seribu_planner.model import (
    Boat,
    Campaign,
    DataSet,
    Daylight,
    Distance,
    ForecastSlot,
    Island,
    KitItem,
    Objective,
    Period,
    PlaceKind,
    Port,
    Tps,
    TpsKind,
    Zone,
)
from seribu_planner.plan import BoatPlan, Plan, Reason, Stop, Trip, Unserved
from seribu_planner.verify import kit_load, sea_distance_nm

Interval = tuple[datetime, datetime]


# --------------------------------------------------------------------------- sailing time


def _merge(intervals: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if s < e:
                out.append((s, e))
    return sorted(out)


class Sailing:
    """When each boat may be under way between two zones, in UTC."""

    def __init__(self, data: DataSet) -> None:
        self.data = data
        self._cache: dict[tuple[str, str, str], list[Interval]] = {}

    def _zone(self, boat: Boat, zone: str) -> list[Interval]:
        # A leg must lie in time covered by slots at or below the boat's limit.
        calm = [
            (s.from_.astimezone(UTC), s.to.astimezone(UTC))
            for s in self.data.forecast
            if s.zone == zone and s.wave_height_m <= boat.max_wave_m
        ]
        return _merge(calm)

    def _daylight(self) -> list[Interval]:
        c = self.data.campaign
        tz = c.tz
        day = c.start.astimezone(tz).date() - timedelta(days=1)
        out = []
        while day <= c.end.astimezone(tz).date() + timedelta(days=1):
            dawn = datetime.combine(day, c.daylight.from_, tzinfo=tz).astimezone(UTC)
            dusk = datetime.combine(day, c.daylight.to, tzinfo=tz).astimezone(UTC)
            out.append((dawn, dusk))
            day += timedelta(days=1)
        return out

    def windows(self, boat: Boat, zone_a: str, zone_b: str) -> list[Interval]:
        key = (boat.id, *sorted((zone_a, zone_b)))
        if key not in self._cache:
            open_ = _intersect(self._zone(boat, zone_a), self._zone(boat, zone_b))
            if not boat.night_sailing:
                open_ = _intersect(open_, self._daylight())
            self._cache[key] = open_
        return self._cache[key]

    def earliest(
        self, boat: Boat, zone_a: str, zone_b: str, ready: datetime, duration: timedelta
    ) -> datetime | None:
        for s, e in self.windows(boat, zone_a, zone_b):
            depart = max(s, ready)
            if depart + duration <= e:
                return depart
        return None


# --------------------------------------------------------------------------- enumeration


@dataclass(frozen=True)
class BoatRun:
    """One boat's plan: its trips, the exact cost of its legs, and its schedule."""

    plan: BoatPlan
    sailing_cost: float
    waited: bool


def ordered_partitions(items: tuple[str, ...]) -> Iterator[list[tuple[str, ...]]]:
    """Every list of non-empty disjoint blocks, in order, that covers ``items``."""
    if not items:
        yield []
        return
    for size in range(1, len(items) + 1):
        for block in itertools.combinations(items, size):
            rest = tuple(i for i in items if i not in block)
            for tail in ordered_partitions(rest):
                yield [block, *tail]


class Enumerator:
    """Every plan of a tiny data set, and the cheapest per boat and set of TPS."""

    def __init__(self, data: DataSet) -> None:
        self.data = data
        self.sailing = Sailing(data)
        self.kits = {t.id: kit_load(data, t) for t in data.tps}
        self.zone = {p.id: p.zone for p in data.ports} | {i.id: i.zone for i in data.islands}
        self.depth = {p.id: p.pier_depth_m for p in data.ports}
        self.depth |= {i.id: i.pier_depth_m for i in data.islands}
        places = list(self.zone)
        self.distance = {(a, b): sea_distance_nm(data, a, b) for a in places for b in places}

    def berths(self, boat: Boat, place: str) -> bool:
        depth = self.depth[place]
        return depth is None or depth >= boat.draft_m

    def may_carry(self, boat: Boat, tps: Tps) -> bool:
        return (
            self.berths(boat, boat.home)
            and tps.kind in boat.serves
            and self.berths(boat, tps.island)
        )

    def runs(self, boat: Boat, tps_ids: tuple[str, ...]) -> Iterator[BoatRun]:
        """Every legal plan of this boat that drops exactly these TPS."""
        data = self.data
        if not tps_ids or not all(self.may_carry(boat, data.tps_by_id[t]) for t in tps_ids):
            return
        ports = [p.id for p in data.ports if self.berths(boat, p.id)]
        for blocks in ordered_partitions(tps_ids):
            if not all(self._fits(boat, block) for block in blocks):
                continue
            orders = [self._call_orders(block) for block in blocks]
            for calls in itertools.product(*orders):
                for ends in itertools.product(ports, repeat=len(blocks)):
                    run = self._schedule(boat, calls, ends)
                    if run is not None:
                        yield run

    def _fits(self, boat: Boat, block: tuple[str, ...]) -> bool:
        kg = sum(self.kits[t][0] for t in block)
        m3 = sum(self.kits[t][1] for t in block)
        return kg <= boat.capacity_kg and m3 <= boat.capacity_m3

    def _call_orders(self, block: tuple[str, ...]) -> list[tuple[tuple[str, tuple[str, ...]], ...]]:
        """Distinct call sequences of a trip: kits in every order, consecutive ones on one
        island merged into one call."""
        seen: dict[tuple[tuple[str, frozenset[str]], ...], tuple[tuple[str, tuple[str, ...]], ...]]
        seen = {}
        for order in itertools.permutations(block):
            calls: list[tuple[str, list[str]]] = []
            for t in order:
                island = self.data.tps_by_id[t].island
                if calls and calls[-1][0] == island:
                    calls[-1][1].append(t)
                else:
                    calls.append((island, [t]))
            key = tuple((i, frozenset(ts)) for i, ts in calls)
            seen.setdefault(key, tuple((i, tuple(sorted(ts))) for i, ts in calls))
        return list(seen.values())

    def _schedule(
        self,
        boat: Boat,
        trips: Sequence[tuple[tuple[str, tuple[str, ...]], ...]],
        ends: Sequence[str],
    ) -> BoatRun | None:
        data = self.data
        campaign = data.campaign
        period = boat.available[0] if boat.available else None
        here = boat.home
        back: datetime | None = None
        cost = 0.0
        waited = False
        planned: list[Trip] = []
        for number, (calls, end) in enumerate(zip(trips, ends, strict=True), start=1):
            port = data.ports_by_id[here]
            ready = max(port.ready_at or campaign.start, campaign.start).astimezone(UTC)
            if back is not None:
                ready = max(ready, back)
            if period is not None:
                ready = max(ready, period.from_.astimezone(UTC))
            load_start = ready
            ready += timedelta(minutes=port.load_minutes)
            stops: list[Stop] = []
            for target, kits in [*calls, (end, ())]:
                hours = self.distance[(here, target)] / boat.speed_knots
                cost += hours * boat.cost_per_hour
                duration = timedelta(microseconds=math.ceil(hours * 3600e6))
                depart = self.sailing.earliest(
                    boat, self.zone[here], self.zone[target], ready, duration
                )
                if depart is None:
                    return None
                waited = waited or depart > ready
                if not stops:
                    stops.append(Stop(here, None, depart))
                else:
                    stops[-1] = Stop(stops[-1].place, stops[-1].arrive, depart, stops[-1].tps)
                arrive = depart + duration
                for t in kits:
                    if arrive > data.tps_deadline(data.tps_by_id[t]).astimezone(UTC):
                        return None
                stops.append(Stop(target, arrive, None, kits))
                if kits:
                    island = data.islands_by_id[target]
                    stay = island.unload_minutes + campaign.per_tps_minutes * len(kits)
                    ready = arrive + timedelta(minutes=stay)
                here = target
            back = stops[-1].arrive
            assert back is not None
            if back > campaign.end.astimezone(UTC):
                return None
            if period is not None and (
                load_start < period.from_.astimezone(UTC) or back > period.to.astimezone(UTC)
            ):
                return None
            planned.append(Trip(number, tuple(stops)))
        return BoatRun(BoatPlan(boat.id, tuple(planned)), cost, waited)


# --------------------------------------------------------------------------- the optimum


@dataclass(frozen=True)
class Optimum:
    """The cheapest plan serving a set of TPS, and its cost with exact leg durations."""

    cost: float
    plan: Plan
    waited: bool


class BruteForce:
    """Cheapest run per boat and TPS set; cheapest plan per served set."""

    def __init__(self, data: DataSet, *, keep_all: bool = False) -> None:
        self.data = data
        self.enumerator = Enumerator(data)
        self.kept: list[BoatRun] = []  # every legal run, when ``keep_all``
        ids = tuple(sorted(t.id for t in data.tps))
        self.best: dict[tuple[str, frozenset[str]], BoatRun] = {}
        for boat in data.boats:
            for size in range(1, len(ids) + 1):
                for subset in itertools.combinations(ids, size):
                    for run in self.enumerator.runs(boat, subset):
                        if keep_all:
                            self.kept.append(run)
                        key = (boat.id, frozenset(subset))
                        if key not in self.best or run.sailing_cost < self.best[key].sailing_cost:
                            self.best[key] = run

    def optimum(self, served: frozenset[str]) -> Optimum | None:
        """The cheapest legal plan (of those enumerated) that drops exactly ``served``."""
        fixed = self.data.campaign.objective.fixed_cost_per_boat
        found: Optimum | None = None
        boats = [b.id for b in self.data.boats]
        for owners in itertools.product(boats, repeat=len(served)):
            share: dict[str, set[str]] = {}
            for tps, owner in zip(sorted(served), owners, strict=True):
                share.setdefault(owner, set()).add(tps)
            runs = [self.best.get((b, frozenset(s))) for b, s in share.items()]
            chosen = [r for r in runs if r is not None]
            if len(chosen) < len(runs):
                continue
            cost = sum(r.sailing_cost for r in chosen) + fixed * len(chosen)
            if found is None or cost < found.cost:
                found = Optimum(cost, self._plan(chosen, served), any(r.waited for r in chosen))
        return found

    def _plan(self, runs: list[BoatRun], served: frozenset[str]) -> Plan:
        unserved = tuple(
            Unserved(t.id, Reason.FLEET_TIME, "not in this plan")
            for t in self.data.tps
            if t.id not in served
        )
        order = {b.id: n for n, b in enumerate(self.data.boats)}
        boats = tuple(sorted((r.plan for r in runs), key=lambda p: order[p.boat]))
        return Plan(boats=boats, unserved=unserved)

    def feasible_sets(self) -> list[frozenset[str]]:
        """Every set of TPS some enumerated plan drops exactly."""
        ids = sorted(t.id for t in self.data.tps)
        sets = []
        for size in range(len(ids) + 1):
            for subset in itertools.combinations(ids, size):
                if self.optimum(frozenset(subset)) is not None:
                    sets.append(frozenset(subset))
        return sets


# --------------------------------------------------------------------------- data


JAKARTA = ZoneInfo("Asia/Jakarta")
START = datetime(2024, 2, 9, 6, 0, tzinfo=JAKARTA)
CALM, ROUGH = "Rendah", "Sedang"  # 1.25 m and 2.5 m: small boats stop above 1.25 m


def small_instance(seed: int) -> DataSet:
    """A random tiny data set: 1-2 ports, 1-3 places, 1-4 TPS, 1-2 boats, two days of
    forecast in 12-hour slots with a rough slot (a closure for boats limited to 1.25 m)."""
    rng = random.Random(seed)
    days = rng.choice([2, 3])
    zones = ["bay", "open"][: rng.choice([1, 2])]
    campaign = Campaign(
        name=f"brute {seed}",
        start=START,
        deadline=START + timedelta(hours=24 * days - rng.choice([0, 12])),
        end=START + timedelta(hours=24 * days),
        daylight=Daylight(from_=time(6), to=time(18)),
        route_factor=1.2,
        per_tps_minutes=rng.choice([0, 5, 10]),
        kit=[
            KitItem(item="kotak_suara", per_tps=4, kg=2.26, m3=0.096),
            KitItem(item="surat_suara", per_voter=4, spare=0.02, kg=0.01, m3=0.00003),
        ],
        objective=Objective(fixed_cost_per_boat=rng.choice([0, 300_000, 1_000_000])),
    )
    ports = [
        Port(id="port-a", name="Port A", lat=-6.10, lon=106.80, zone=zones[0], load_minutes=30)
    ]
    if rng.random() < 0.6:
        ports.append(
            Port(
                id="port-b",
                name="Port B",
                lat=round(-6.10 + rng.uniform(0.05, 0.3), 3),
                lon=round(106.80 - rng.uniform(0.05, 0.3), 3),
                zone=rng.choice(zones),
                load_minutes=rng.choice([15, 45]),
                ready_at=rng.choice([None, START + timedelta(hours=rng.choice([6, 26]))]),
                pier_depth_m=rng.choice([None, None, 1.2]),
            )
        )
    islands, tps = [], []
    n_tps = rng.randint(1, 4)
    n_places = rng.randint(1, min(3, n_tps))
    for n in range(n_places):
        platform = n > 0 and rng.random() < 0.25
        islands.append(
            Island(
                id=f"isle-{n}",
                name=f"Isle {n}",
                kind=PlaceKind.PLATFORM if platform else PlaceKind.ISLAND,
                lat=round(-6.10 + rng.uniform(0.08, 0.35), 3),
                lon=round(106.80 - rng.uniform(-0.1, 0.35), 3),
                zone=rng.choice(zones),
                unload_minutes=rng.choice([10, 20, 40]),
                pier_depth_m=rng.choice([None, None, None, 1.2, 3.0]),
            )
        )
    for k in range(n_tps):
        island = islands[k] if k < n_places else rng.choice(islands)
        deadline = None
        if rng.random() < 0.3:
            deadline = START + timedelta(hours=rng.choice([8, 30]))
        tps.append(
            Tps(
                id=f"{island.id}-{k:03d}",
                island=island.id,
                number=k + 1,
                kind=TpsKind.KHUSUS if island.kind is PlaceKind.PLATFORM else TpsKind.REGULAR,
                voters=rng.randint(50, 300),
                deadline=deadline,
            )
        )
    boats = []
    for n in range(rng.choice([1, 1, 2])):
        available = None
        if rng.random() < 0.2:
            begin = START + timedelta(hours=rng.choice([0, 3, 24]))
            available = [Period(from_=begin, to=begin + timedelta(hours=rng.choice([12, 36])))]
        boats.append(
            Boat(
                id=f"boat-{n}",
                name=f"Boat {n}",
                home="port-a",
                speed_knots=rng.choice([8.0, 10.0, 15.0, 20.0]),
                capacity_kg=rng.choice([30.0, 45.0, 70.0, 500.0]),
                capacity_m3=rng.choice([0.6, 1.0, 5.0]),
                max_wave_m=rng.choice([1.25, 1.25, 2.5]),
                draft_m=rng.choice([1.0, 1.0, 1.0, 2.0]),
                night_sailing=rng.random() < 0.4,
                cost_per_hour=float(rng.choice([150_000, 400_000, 1_200_000])),
                available=available,
                serves=rng.choice(
                    [
                        [TpsKind.REGULAR, TpsKind.KHUSUS],
                        [TpsKind.REGULAR, TpsKind.KHUSUS],
                        [TpsKind.REGULAR],
                        [TpsKind.KHUSUS],
                    ]
                ),
            )
        )
    forecast = []
    first = START.replace(hour=0)
    for zone in zones:
        rough = rng.randrange(2 * days)  # a closure somewhere in the horizon
        gap = rng.choice([None, None, rng.randrange(2 * days + 1)])
        for k in range(2 * days + 1):
            if k == gap:
                continue
            begin = first + timedelta(hours=12 * k)
            category = ROUGH if k == rough else rng.choice(["Tenang", CALM, CALM])
            forecast.append(
                ForecastSlot(
                    zone=zone, from_=begin, to=begin + timedelta(hours=12), category=category
                )
            )
    distances: tuple[Distance, ...] = ()
    if rng.random() < 0.2:
        distances = (Distance(between=("port-a", islands[0].id), nm=rng.choice([8.0, 25.0])),)
    return DataSet(
        campaign=campaign,
        ports=tuple(ports),
        islands=tuple(islands),
        distances=distances,
        tps=tuple(tps),
        boats=tuple(boats),
        zones=tuple(Zone(id=z, name=z.title()) for z in zones),
        forecast=tuple(forecast),
        digest=f"sha256:brute-{seed}",
    )


def _one_zone_data(
    name: str,
    islands: Sequence[Island],
    tps: Sequence[Tps],
    boat: Boat,
    *,
    ports: Sequence[Port] = (),
    rough: Sequence[int] = (),
) -> DataSet:
    """Two days of 12-hour slots in one zone, rough (Sedang) in the slots ``rough``."""
    campaign = Campaign(
        name=name,
        start=START,
        deadline=START + timedelta(hours=48),
        end=START + timedelta(hours=48),
        daylight=Daylight(from_=time(6), to=time(18)),
        route_factor=1.2,
        per_tps_minutes=5,
        kit=[
            KitItem(item="kotak_suara", per_tps=4, kg=2.26, m3=0.096),
            KitItem(item="surat_suara", per_voter=4, spare=0.02, kg=0.01, m3=0.00003),
        ],
        objective=Objective(fixed_cost_per_boat=500_000),
    )
    home = Port(id="port-a", name="Port A", lat=-6.10, lon=106.80, zone="bay", load_minutes=30)
    first = START.replace(hour=0)
    forecast = tuple(
        ForecastSlot(
            zone="bay",
            from_=first + timedelta(hours=12 * k),
            to=first + timedelta(hours=12 * (k + 1)),
            category=ROUGH if k in rough else CALM,
        )
        for k in range(5)
    )
    return DataSet(
        campaign=campaign,
        ports=(home, *ports),
        islands=tuple(islands),
        distances=(),
        tps=tuple(tps),
        boats=(boat,),
        zones=(Zone(id="bay", name="Bay"),),
        forecast=forecast,
        digest=f"sha256:{name}",
    )


def _island(n: int, lat: float, lon: float) -> Island:
    return Island(id=f"isle-{n}", name=f"Isle {n}", lat=lat, lon=lon, zone="bay", unload_minutes=20)


def _boat(capacity_kg: float = 500.0) -> Boat:
    return Boat(
        id="boat-0",
        name="Boat 0",
        home="port-a",
        speed_knots=10,
        capacity_kg=capacity_kg,
        capacity_m3=5,
        max_wave_m=1.25,
        draft_m=1.0,
        night_sailing=True,
        cost_per_hour=400_000,
    )


def closure_instance() -> DataSet:
    """An island about 2.9 hours out; the sea closes from 12:00 to midnight on the first
    day: leaving at 06:30, the boat is back too late to beat the closure, so every plan
    waits at the pier (or in port) until it is over."""
    island = _island(0, -5.70, 106.80)
    tps = [Tps(id="isle-0-001", island="isle-0", number=1, voters=200)]
    return _one_zone_data("closure", [island], tps, _boat(), rough=[1])


def two_trips_instance() -> DataSet:
    """Two kits of about 19 kg on one island and a boat that carries 30 kg: two trips."""
    island = _island(0, -5.95, 106.70)
    tps = [Tps(id=f"isle-0-00{k}", island="isle-0", number=k, voters=250) for k in (1, 2)]
    return _one_zone_data("two trips", [island], tps, _boat(capacity_kg=30))


def two_ports_instance() -> DataSet:
    """An island next to a second port: ending the trip there beats sailing home."""
    island = _island(0, -5.78, 106.58)
    tps = [Tps(id="isle-0-001", island="isle-0", number=1, voters=120)]
    port_b = Port(id="port-b", name="Port B", lat=-5.80, lon=106.60, zone="bay", load_minutes=30)
    return _one_zone_data("two ports", [island], tps, _boat(), ports=[port_b])
