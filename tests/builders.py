"""Small data sets and plans built in Python, for tests that need to vary one figure.

``tiny_data()`` is a miniature Kepulauan Seribu: two mainland ports, two islands and an
oil platform in two weather zones, five TPS (one khusus), three boats (one serving only
TPS khusus, one available only part of the week), and a forecast with a Sedang slot and a
gap. ``good_plan()`` serves it within every rule, several of them exactly at the limit.

Sea distances at route factor 1.2 (great circle x 1.2, except the listed kali-adem <->
pramuka 30 nm):

    kali-adem -> pramuka        30.0 nm  (estimate would be 28.2)   10 kn: 180 min
    marina-ancol -> untung-jawa 13.9 nm                             20 kn:  41.9 min
    marina-ancol -> anjungan-a  35.1 nm                             12 kn: 175.4 min
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, time
from typing import Any
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
    Period,
    PlaceKind,
    Port,
    Tps,
    TpsKind,
    Zone,
)
from seribu_planner.plan import BoatPlan, Plan, Reason, Stop, Trip, Unserved

WIB = ZoneInfo("Asia/Jakarta")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in February 2024, Jakarta time."""
    return datetime(2024, 2, day, hour, minute, tzinfo=WIB)


def tiny_data() -> DataSet:
    """The miniature data set described in the module docstring."""
    campaign = Campaign(
        name="tiny test campaign",
        start=at(9, 6),
        deadline=at(13, 18),
        end=at(14, 18),
        daylight=Daylight(from_=time(6), to=time(18)),
        route_factor=1.2,
        per_tps_minutes=5,
        kit=[
            KitItem(item="kotak_suara", per_tps=4, kg=2.26, m3=0.096),
            KitItem(item="surat_suara", per_voter=4, spare=0.02, kg=0.015, m3=0.00003),
            KitItem(item="bilik_suara", per_tps=4, kg=3.0, m3=0.25),
        ],
    )
    ports = (
        Port(
            id="kali-adem",
            name="Pelabuhan Kali Adem",
            lat=-6.10461,
            lon=106.77092,
            zone="teluk-jakarta",
            load_minutes=60,
            ready_at=at(9, 8),
            pier_depth_m=3.0,
        ),
        Port(
            id="marina-ancol",
            name="Marina Ancol",
            lat=-6.1228,
            lon=106.8353,
            zone="teluk-jakarta",
            load_minutes=30,
        ),
    )
    islands = (
        Island(
            id="pramuka",
            name="Pulau Pramuka",
            lat=-5.746,
            lon=106.614,
            zone="kepulauan-seribu",
            unload_minutes=30,
            pier_depth_m=2.5,
        ),
        Island(
            id="untung-jawa",
            name="Pulau Untung Jawa",
            lat=-5.978,
            lon=106.706,
            zone="teluk-jakarta",
            unload_minutes=20,
            pier_depth_m=1.2,
        ),
        Island(
            id="anjungan-a",
            name="Anjungan A",
            kind=PlaceKind.PLATFORM,
            lat=-5.90,
            lon=106.40,
            zone="kepulauan-seribu",
            unload_minutes=40,
        ),
    )
    tps = (
        Tps(id="pramuka-001", island="pramuka", number=1, voters=250),
        Tps(id="pramuka-002", island="pramuka", number=2, voters=1, deadline=at(9, 13)),
        Tps(id="pramuka-003", island="pramuka", number=3, voters=200),
        Tps(id="untung-jawa-001", island="untung-jawa", number=1, voters=120),
        Tps(id="untung-jawa-002", island="untung-jawa", number=2, voters=130),
        Tps(id="anjungan-a-001", island="anjungan-a", number=1, kind=TpsKind.KHUSUS, voters=40),
    )
    boats = (
        Boat(
            id="kayu-1",
            name="KM Kayu Satu",
            home="kali-adem",
            speed_knots=10,
            capacity_kg=4000,
            capacity_m3=30,
            max_wave_m=1.25,
            draft_m=1.5,
            night_sailing=False,
            cost_per_hour=600_000,
        ),
        Boat(
            id="cepat-1",
            name="Speedboat Cepat Satu",
            home="marina-ancol",
            speed_knots=20,
            capacity_kg=600,
            capacity_m3=4,
            max_wave_m=2.5,
            draft_m=0.8,
            night_sailing=True,
            cost_per_hour=1_500_000,
        ),
        Boat(
            id="supply-1",
            name="Crew boat Supply Satu",
            home="marina-ancol",
            speed_knots=12,
            capacity_kg=3000,
            capacity_m3=20,
            max_wave_m=2.5,
            draft_m=2.0,
            night_sailing=True,
            cost_per_hour=2_000_000,
            available=[Period(from_=at(10, 6), to=at(12, 18))],
            serves=[TpsKind.KHUSUS],
        ),
    )
    zones = (
        Zone(id="teluk-jakarta", name="Teluk Jakarta"),
        Zone(id="kepulauan-seribu", name="Perairan Kepulauan Seribu"),
    )
    forecast = (
        ForecastSlot(zone="teluk-jakarta", from_=at(9, 0), to=at(15, 0), wave_m=0.8),
        ForecastSlot(zone="kepulauan-seribu", from_=at(9, 0), to=at(10, 0), category="Rendah"),
        ForecastSlot(zone="kepulauan-seribu", from_=at(10, 0), to=at(10, 12), category="Sedang"),
        ForecastSlot(zone="kepulauan-seribu", from_=at(10, 12), to=at(11, 0), wave_m=0.6),
        # no forecast for kepulauan-seribu from 11 Feb 00:00 to 12:00
        ForecastSlot(zone="kepulauan-seribu", from_=at(11, 12), to=at(15, 0), wave_m=0.9),
    )
    return DataSet(
        campaign=campaign,
        ports=ports,
        islands=islands,
        distances=(Distance(between=("pramuka", "kali-adem"), nm=30),),
        tps=tps,
        boats=boats,
        zones=zones,
        forecast=forecast,
    )


def good_plan() -> Plan:
    """A plan for ``tiny_data()`` that keeps every rule, several exactly at the limit."""
    return Plan(
        boats=(
            BoatPlan(
                "kayu-1",
                (
                    Trip(
                        1,
                        (
                            # loads 09:00-10:00, after kali-adem is ready at 08:00
                            Stop("kali-adem", None, at(9, 10)),
                            # 30 nm at 10 kn: exactly 180 min; in a Rendah (1.25 m) slot;
                            # pramuka-002 arrives exactly at its 13:00 deadline
                            Stop(
                                "pramuka", at(9, 13), at(9, 13, 40), ("pramuka-001", "pramuka-002")
                            ),
                            Stop("kali-adem", at(9, 16, 40), None),
                        ),
                    ),
                    Trip(
                        2,
                        (
                            Stop("kali-adem", None, at(10, 13)),  # after the Sedang slot
                            # waits overnight at pramuka, through the forecast gap
                            Stop("pramuka", at(10, 16), at(11, 15), ("pramuka-003",)),
                            Stop("kali-adem", at(11, 18), None),  # arrives exactly at dusk
                        ),
                    ),
                ),
            ),
            BoatPlan(
                "cepat-1",
                (
                    Trip(
                        1,
                        (
                            Stop("marina-ancol", None, at(9, 9)),
                            Stop("untung-jawa", at(9, 9, 45), at(9, 10, 20), ("untung-jawa-001",)),
                            Stop("marina-ancol", at(9, 11, 5), None),
                        ),
                    ),
                ),
            ),
            BoatPlan(
                "supply-1",
                (
                    Trip(
                        1,
                        (
                            # loads from 06:30, inside its availability from 06:00;
                            # Sedang (2.5 m) is exactly its limit
                            Stop("marina-ancol", None, at(10, 7)),
                            Stop("anjungan-a", at(10, 10), at(10, 10, 45), ("anjungan-a-001",)),
                            Stop("marina-ancol", at(10, 14, 30), None),
                        ),
                    ),
                ),
            ),
        ),
        unserved=(Unserved("untung-jawa-002", Reason.FLEET_TIME, "no boat time left"),),
    )


# ---------------------------------------------------------------------- mutations


def with_fields(data: DataSet, **fields: Any) -> DataSet:
    """A new data set with some fields replaced (built afresh, so no stale caches)."""
    values = {name: getattr(data, name) for name in DataSet.model_fields}
    values.update(fields)
    return DataSet(**values)


def with_boat(data: DataSet, boat_id: str, **changes: Any) -> DataSet:
    """The data set with one boat's fields changed."""
    boats = tuple(b.model_copy(update=changes) if b.id == boat_id else b for b in data.boats)
    return with_fields(data, boats=boats)


def with_trips(plan: Plan, boat_id: str, trips: tuple[Trip, ...]) -> Plan:
    """The plan with one boat's trips replaced."""
    boats = tuple(
        dataclasses.replace(b, trips=trips) if b.boat == boat_id else b for b in plan.boats
    )
    return dataclasses.replace(plan, boats=boats)


def trips_of(plan: Plan, boat_id: str) -> tuple[Trip, ...]:
    """The trips of one boat in the plan."""
    return next(b.trips for b in plan.boats if b.boat == boat_id)


def with_stop(plan: Plan, boat_id: str, trip: int, index: int, **changes: Any) -> Plan:
    """The plan with fields of one stop (0-based index within the trip) changed."""
    trips = list(trips_of(plan, boat_id))
    stops = list(trips[trip - 1].stops)
    stops[index] = dataclasses.replace(stops[index], **changes)
    trips[trip - 1] = dataclasses.replace(trips[trip - 1], stops=tuple(stops))
    return with_trips(plan, boat_id, tuple(trips))


def with_stops(plan: Plan, boat_id: str, trip: int, stops: tuple[Stop, ...]) -> Plan:
    """The plan with all stops of one trip replaced."""
    trips = list(trips_of(plan, boat_id))
    trips[trip - 1] = dataclasses.replace(trips[trip - 1], stops=stops)
    return with_trips(plan, boat_id, tuple(trips))


LONDON = ZoneInfo("Europe/London")


def london_data() -> DataSet:
    """A one-port, one-island campaign in Europe/London across the change to summer time.

    Clocks go from 01:00 GMT to 02:00 BST on Sun 31 Mar 2024. Port and island are 30 nm
    apart (a listed distance); the one boat sails 10 kn, day and night, so a leg takes 180
    real minutes: one that departs at 00:30 local arrives at 04:30 local.
    """

    def local(day: int, hour: int, minute: int = 0) -> datetime:
        return datetime(2024, 3, day, hour, minute, tzinfo=LONDON)

    campaign = Campaign(
        name="a campaign across a clock change",
        timezone="Europe/London",
        start=local(30, 22),
        deadline=local(31, 12),
        end=local(31, 18),
        daylight=Daylight(from_=time(6), to=time(18)),
        route_factor=1.2,
        per_tps_minutes=5,
        kit=[KitItem(item="kotak_suara", per_tps=4, kg=2.26, m3=0.096)],
    )
    port = Port(id="port", name="Port", lat=50.0, lon=-1.0, zone="sea", load_minutes=30)
    island = Island(id="isle", name="Isle", lat=50.4, lon=-1.0, zone="sea", unload_minutes=30)
    boat = Boat(
        id="ferry", name="Ferry", home="port", speed_knots=10, capacity_kg=1000,
        capacity_m3=10, max_wave_m=2.0, draft_m=1.0, night_sailing=True, cost_per_hour=600_000,
    )  # fmt: skip
    return DataSet(
        campaign=campaign,
        ports=(port,),
        islands=(island,),
        distances=(Distance(between=("port", "isle"), nm=30),),
        tps=(Tps(id="isle-001", island="isle", number=1, voters=100),),
        boats=(boat,),
        zones=(Zone(id="sea", name="The sea"),),
        forecast=(
            ForecastSlot(
                zone="sea",
                from_=local(30, 12),
                to=datetime(2024, 4, 1, 12, tzinfo=LONDON),
                wave_m=0.5,
            ),
        ),
    )
