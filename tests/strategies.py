"""Hypothesis strategies: small random archipelagos with random forecasts and fleets."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from seribu_planner.model import (
    Boat,
    Campaign,
    DataSet,
    Daylight,
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

WIB = ZoneInfo("Asia/Jakarta")
START = datetime(2024, 2, 9, 6, 0, tzinfo=WIB)
# Weighted towards calm seas, like the real forecast, so that most examples plan something.
CATEGORIES = ("Tenang", "Rendah", "Rendah", "Rendah", "Sedang", "Tinggi")


@st.composite
def datasets(draw: st.DrawFn) -> DataSet:
    """A data set of 1-2 ports, 2-4 places, 1-3 boats and a 2-3 day forecast."""
    days = draw(st.integers(2, 3))
    deadline_hours = draw(st.integers(10, 24 * days - 6))
    campaign = Campaign(
        name="generated",
        start=START,
        deadline=START + timedelta(hours=deadline_hours),
        end=START + timedelta(hours=24 * days),
        daylight=Daylight(from_=time(6), to=time(18)),
        route_factor=draw(st.sampled_from([1.0, 1.2])),
        per_tps_minutes=draw(st.integers(0, 10)),
        kit=[
            KitItem(item="kotak_suara", per_tps=4, kg=2.26, m3=0.096),
            KitItem(item="surat_suara", per_voter=4, spare=0.02, kg=0.01, m3=0.00003),
        ],
        objective={"fixed_cost_per_boat": draw(st.sampled_from([0, 1_000_000]))},
    )
    zone_ids = ["bay", "open"][: draw(st.integers(1, 2))]
    zones = tuple(Zone(id=z, name=z.title()) for z in zone_ids)

    def coord(lat0: float, lon0: float, spread: float) -> tuple[float, float]:
        return (
            round(lat0 + draw(st.floats(-spread, spread)), 4),
            round(lon0 + draw(st.floats(-spread, spread)), 4),
        )

    ports = []
    for n in range(draw(st.integers(1, 2))):
        lat, lon = coord(-6.1, 106.8, 0.05)
        # A port is ready by the deadline (a DataSet refuses one that is not).
        ready_hours = draw(st.integers(1, min(30, deadline_hours)))
        ready = draw(st.sampled_from([None, START + timedelta(hours=ready_hours)]))
        ports.append(
            Port(
                id=f"port-{n}",
                name=f"Port {n}",
                lat=lat,
                lon=lon,
                zone=zone_ids[0],
                load_minutes=draw(st.integers(0, 90)),
                ready_at=ready,
                # Mostly deep enough for every boat; sometimes too shallow for the deep ones.
                pier_depth_m=draw(st.sampled_from([None, None, 3.0, 1.2])),
            )
        )
    islands = []
    tps = []
    for n in range(draw(st.integers(2, 4))):
        lat, lon = coord(-5.8, 106.6, 0.4)
        platform = draw(st.booleans()) and n > 0
        island_id = f"isle-{n}"
        islands.append(
            Island(
                id=island_id,
                name=f"Isle {n}",
                kind=PlaceKind.PLATFORM if platform else PlaceKind.ISLAND,
                lat=lat,
                lon=lon,
                zone=draw(st.sampled_from(zone_ids)),
                unload_minutes=draw(st.integers(0, 60)),
                pier_depth_m=draw(st.sampled_from([None, 1.2, 3.0])),
            )
        )
        for k in range(1, draw(st.integers(1, 6)) + 1):
            deadline = draw(
                st.sampled_from([None, START + timedelta(hours=draw(st.integers(4, 24 * days)))])
            )
            tps.append(
                Tps(
                    id=f"{island_id}-{k:03d}",
                    island=island_id,
                    number=k,
                    kind=TpsKind.KHUSUS if platform else TpsKind.REGULAR,
                    voters=draw(st.integers(1, 300)),
                    deadline=deadline,
                )
            )
    boats = []
    for n in range(draw(st.integers(1, 3))):
        serves = draw(
            st.sampled_from(
                [[TpsKind.REGULAR, TpsKind.KHUSUS], [TpsKind.REGULAR], [TpsKind.KHUSUS]]
            )
        )
        available = None
        if draw(st.booleans()):
            a = START + timedelta(hours=draw(st.integers(0, 24)))
            available = [Period(from_=a, to=a + timedelta(hours=draw(st.integers(6, 48))))]
        boats.append(
            Boat(
                id=f"boat-{n}",
                name=f"Boat {n}",
                home=draw(st.sampled_from([p.id for p in ports])),
                speed_knots=draw(st.sampled_from([6.0, 10.0, 20.0])),
                capacity_kg=draw(st.sampled_from([40.0, 150.0, 300.0, 5000.0])),
                capacity_m3=draw(st.sampled_from([0.3, 1.5, 3.0, 40.0])),
                max_wave_m=draw(st.sampled_from([1.25, 2.5])),
                draft_m=draw(st.sampled_from([1.0, 2.0])),
                night_sailing=draw(st.booleans()),
                cost_per_hour=draw(st.sampled_from([0.0, 500_000.0])),
                available=available,
                serves=serves,
            )
        )
    forecast = []
    first = START.replace(hour=0)
    for zone in zone_ids:
        slots = 2 * days + 1
        gap = draw(st.one_of(st.none(), st.integers(0, slots - 1)))
        for k in range(slots):
            if k == gap:
                continue
            begin = first + timedelta(hours=12 * k)
            forecast.append(
                ForecastSlot(
                    zone=zone,
                    from_=begin,
                    to=begin + timedelta(hours=12),
                    category=draw(st.sampled_from(CATEGORIES)),
                )
            )
    return DataSet(
        campaign=campaign,
        ports=tuple(ports),
        islands=tuple(islands),
        distances=(),
        tps=tuple(tps),
        boats=tuple(boats),
        zones=zones,
        forecast=tuple(forecast),
        digest="sha256:generated",
    )
