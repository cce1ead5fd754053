"""The solver: every plan passes the verifier, and every unserved TPS has a reason that holds."""

from __future__ import annotations

import itertools
import math
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from tests.strategies import datasets

from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import Boat, DataSet, ForecastSlot, TpsKind
from seribu_planner.plan import Plan, Reason
from seribu_planner.solver import SolveParams, solve
from seribu_planner.solver.blocks import Block, sailing_blocks
from seribu_planner.verify import kit_load, verify

FAST = SolveParams(time_limit_s=5)


# --------------------------------------------------------------------------- an oracle
# A deliberately plain, minute-by-minute model of rule 4, written apart from the solver's
# interval arithmetic, to judge the reasons the solver gives.


def _open_minutes(data: DataSet, boat: Boat, zone: str) -> list[bool]:
    start = data.campaign.start
    horizon = int((data.campaign.end - start).total_seconds() // 60)
    tz = data.campaign.tz
    is_open = [False] * horizon
    for slot in data.forecast:
        if slot.zone != zone or slot.wave_height_m > boat.max_wave_m:
            continue
        first = max(0, math.ceil((slot.from_ - start).total_seconds() / 60))
        last = min(horizon, math.floor((slot.to - start).total_seconds() / 60))
        for m in range(first, last):
            is_open[m] = True
    for m in range(horizon):
        moment = start + timedelta(minutes=m)
        if not boat.night_sailing:
            local = moment.astimezone(tz).time()
            if not data.campaign.daylight.from_ <= local < data.campaign.daylight.to:
                is_open[m] = False
        if boat.available is not None and not any(p.from_ <= moment < p.to for p in boat.available):
            is_open[m] = False
    return is_open


def _minutes(data: DataSet, a: str, b: str, speed: float) -> int:
    from seribu_planner.derive.network import SeaNetwork

    return math.ceil(SeaNetwork.of(data).distance_nm(a, b) / speed * 60 - 1e-9)


def _first_leg(open_a: list[bool], open_b: list[bool], ready: int, length: int) -> int | None:
    for d in range(max(ready, 0), len(open_a) - length + 1):
        if all(open_a[m] and open_b[m] for m in range(d, d + length)):
            return d
    return None


def _direct_round_trip(data: DataSet, boat: Boat, tps_id: str) -> bool:
    """Whether this boat alone can sail home -> island -> some port within the rules."""
    tps = data.tps_by_id[tps_id]
    island = data.islands_by_id[tps.island]
    home = data.ports_by_id[boat.home]
    start = data.campaign.start
    ready_at = max(home.ready_at or start, start)
    ready = math.ceil((ready_at - start).total_seconds() / 60) + home.load_minutes
    deadline = math.floor((data.tps_deadline(tps) - start).total_seconds() / 60)
    zone_open = {z.id: _open_minutes(data, boat, z.id) for z in data.zones}
    out = _minutes(data, home.id, island.id, boat.speed_knots)
    d1 = _first_leg(zone_open[home.zone], zone_open[island.zone], ready, out)
    if d1 is None or d1 + out > deadline:
        return False
    leave = d1 + out + island.unload_minutes + data.campaign.per_tps_minutes
    for port in data.ports:
        if port.pier_depth_m is not None and port.pier_depth_m < boat.draft_m:
            continue
        back = _minutes(data, island.id, port.id, boat.speed_knots)
        if _first_leg(zone_open[island.zone], zone_open[port.zone], leave, back) is not None:
            return True
    return False


def _may_call(data: DataSet, boat: Boat, tps_id: str) -> bool:
    tps = data.tps_by_id[tps_id]
    island = data.islands_by_id[tps.island]
    home = data.ports_by_id[boat.home]
    depth_ok = all(
        place.pier_depth_m is None or place.pier_depth_m >= boat.draft_m for place in (island, home)
    )
    return tps.kind in boat.serves and depth_ok


def assert_reasons_hold(data: DataSet, plan: Plan) -> None:
    """Each reason code is true of the data (rule 9)."""
    for u in plan.unserved:
        tps = data.tps_by_id[u.tps]
        callers = [b for b in data.boats if _may_call(data, b, u.tps)]
        kg, m3 = kit_load(data, tps)
        fitting = [b for b in callers if kg <= b.capacity_kg and m3 <= b.capacity_m3]
        assert u.detail, u
        if u.reason is Reason.NO_BOAT_CAN_CALL:
            assert not callers, u
        elif u.reason is Reason.KIT_EXCEEDS_CAPACITY:
            assert callers and not fitting, u
        elif u.reason is Reason.NO_SAILING_WINDOW:
            assert fitting, u
            assert not any(_direct_round_trip(data, b, u.tps) for b in fitting), u
        else:
            assert u.reason is Reason.FLEET_TIME
            assert fitting, u


# --------------------------------------------------------------------------- properties


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(datasets())
def test_every_plan_passes_the_verifier_and_every_reason_holds(data: DataSet) -> None:
    plan = solve(data, FAST)
    for reason in sorted({u.reason.value for u in plan.unserved}):
        event(f"unserved: {reason}")
    if any(len(b.trips) > 1 for b in plan.boats):
        event("a boat makes several trips")
    if plan.served_tps():
        event("some TPS served")
    assert verify(data, plan) == []
    assert_reasons_hold(data, plan)
    served = plan.served_tps()
    assert len(served) == len(set(served))
    assert sorted(served + [u.tps for u in plan.unserved]) == sorted(t.id for t in data.tps)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_same_input_same_plan(data: DataSet) -> None:
    assert solve(data, FAST) == solve(data, FAST)


# --------------------------------------------------------------------------- the real data


@pytest.fixture(scope="module")
def bundled() -> DataSet:
    return load_dataset(bundled_data_dir())


@pytest.fixture(scope="module")
def bundled_plan(bundled: DataSet) -> Plan:
    return solve(bundled)


def test_bundled_data_all_88_tps_served_and_verified(bundled: DataSet, bundled_plan: Plan) -> None:
    assert len(bundled.tps) == 88
    assert bundled_plan.unserved == ()
    assert len(set(bundled_plan.served_tps())) == 88
    assert verify(bundled, bundled_plan) == []
    assert bundled_plan.data_digest == bundled.digest


def test_bundled_plan_is_the_same_twice(bundled: DataSet, bundled_plan: Plan) -> None:
    assert solve(bundled) == bundled_plan


def test_platforms_served_only_by_the_company_boats(bundled: DataSet, bundled_plan: Plan) -> None:
    khusus = {t.id for t in bundled.tps if t.kind is TpsKind.KHUSUS}
    for boat_plan in bundled_plan.boats:
        boat = bundled.boats_by_id[boat_plan.boat]
        dropped = {t for trip in boat_plan.trips for s in trip.stops for t in s.tps}
        if boat.serves == [TpsKind.KHUSUS]:
            assert dropped <= khusus
        else:
            assert not dropped & khusus
    ports = {trip.stops[0].place for b in bundled_plan.boats for trip in b.trips}
    assert len(ports) >= 2  # several ports in use


def test_boat_at_a_port_ready_later_than_the_start_waits_for_it(
    bundled: DataSet, bundled_plan: Plan
) -> None:
    late_ports = {
        p.id: p for p in bundled.ports if p.ready_at and p.ready_at > bundled.campaign.start
    }
    boats = [b for b in bundled.boats if b.home in late_ports]
    assert boats, "the bundled fleet has a boat at the Pramuka warehouse"
    used = {b.boat: b for b in bundled_plan.boats}
    for boat in boats:
        port = late_ports[boat.home]
        assert port.ready_at is not None
        for trip in used[boat.id].trips if boat.id in used else ():
            depart = trip.stops[0].depart
            assert depart is not None
            assert depart - timedelta(minutes=port.load_minutes) >= port.ready_at


def _storm(data: DataSet, zone: str) -> DataSet:
    forecast = tuple(
        ForecastSlot(zone=s.zone, from_=s.from_, to=s.to, category="Ekstrem")
        if s.zone == zone
        else s
        for s in data.forecast
    )
    return data.model_copy(update={"forecast": forecast})


def test_storm_over_one_zone_leaves_exactly_its_islands_unserved(bundled: DataSet) -> None:
    data = _storm(bundled, "laut-jawa-barat")
    plan = solve(data)
    in_zone = {t.id for t in data.tps if data.islands_by_id[t.island].zone == "laut-jawa-barat"}
    assert in_zone, "Sebira and the platforms lie in the open Java Sea zone"
    assert {u.tps for u in plan.unserved} == in_zone
    assert {u.reason for u in plan.unserved} == {Reason.NO_SAILING_WINDOW}
    assert verify(data, plan) == []
    assert_reasons_hold(data, plan)


# --------------------------------------------------------------------------- reason codes


def test_no_boat_serves_the_platforms(bundled: DataSet) -> None:
    boats = tuple(b for b in bundled.boats if TpsKind.REGULAR in b.serves)
    data = bundled.model_copy(update={"boats": boats})
    plan = solve(data)
    khusus = {t.id for t in data.tps if t.kind is TpsKind.KHUSUS}
    assert {u.tps for u in plan.unserved} == khusus
    assert {u.reason for u in plan.unserved} == {Reason.NO_BOAT_CAN_CALL}
    assert verify(data, plan) == []


def test_kit_larger_than_every_boat(bundled: DataSet) -> None:
    boats = tuple(b.model_copy(update={"capacity_kg": 20.0}) for b in bundled.boats)
    data = bundled.model_copy(update={"boats": boats})
    plan = solve(data)
    assert len(plan.unserved) == 88
    assert {u.reason for u in plan.unserved} == {Reason.KIT_EXCEEDS_CAPACITY}
    assert "kg" in plan.unserved[0].detail
    assert verify(data, plan) == []


def test_one_small_boat_runs_out_of_time(bundled: DataSet) -> None:
    kayu = bundled.boats_by_id["kayu-4"]
    small = kayu.model_copy(update={"capacity_kg": 300.0, "capacity_m3": 3.0})
    data = bundled.model_copy(update={"boats": (small,)})
    plan = solve(data, FAST)
    reasons = {u.reason for u in plan.unserved}
    assert Reason.FLEET_TIME in reasons
    assert plan.boats, "what fits is still planned"
    assert verify(data, plan) == []
    assert_reasons_hold(data, plan)


# --------------------------------------------------------------------------- blocks


def test_sailing_blocks_follow_the_zones_that_open_and_close() -> None:
    windows = {"bay": [(0, 100), (200, 300)], "open": [(50, 80), (200, 250)]}
    blocks = sailing_blocks(windows, {"bay": 20, "open": 25}, "bay", 1000)
    both, bay = frozenset({"bay", "open"}), frozenset({"bay"})
    assert blocks == [
        Block(bay, 0, 50),
        Block(both, 50, 80),
        Block(bay, 80, 100),
        Block(both, 200, 250),
        Block(bay, 250, 300),
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(blocks))


def test_a_zone_open_too_briefly_for_a_round_trip_does_not_split_a_block() -> None:
    windows = {"bay": [(0, 100)], "open": [(60, 70)]}
    assert sailing_blocks(windows, {"bay": 20, "open": 25}, "bay", 1000) == [
        Block(frozenset({"bay"}), 0, 100)
    ]


def test_long_night_windows_are_split_into_several_trips() -> None:
    windows = {"bay": [(0, 3000)]}
    blocks = sailing_blocks(windows, {"bay": 100}, "bay", 1000)
    assert [(b.start, b.end) for b in blocks] == [(0, 1000), (1000, 2000), (2000, 3000)]
    assert sailing_blocks(windows, {"bay": 100}, "bay", 1600) == [
        Block(frozenset({"bay"}), 0, 3000)
    ]


def test_no_block_without_the_home_zone_open() -> None:
    windows = {"bay": [], "open": [(0, 500)]}
    assert sailing_blocks(windows, {"open": 50}, "bay", 1000) == []


def test_time_limit_is_only_a_cap(bundled: DataSet, bundled_plan: Plan) -> None:
    assert solve(bundled, SolveParams(time_limit_s=60)) == bundled_plan


def test_bundled_data_dir_is_shipped() -> None:
    assert (Path(bundled_data_dir()) / "fleet.yaml").is_file()


def test_a_search_cut_short_by_the_time_limit_says_so(tmp_path: Path) -> None:
    from seribu_planner.generate import write_dataset

    write_dataset(tmp_path, 30, 300, 6, seed=4)
    data = load_dataset(tmp_path)
    plan = solve(data, SolveParams(time_limit_s=0.01))
    assert any("time limit" in note for note in plan.notes)
    assert verify(data, plan) == []
    assert solve(data).notes == ()


# --------------------------------------------------------------------------- what the rules allow


def test_the_bundled_plan_beats_the_best_known(bundled: DataSet, bundled_plan: Plan) -> None:
    from seribu_planner.outputs.summary import summarize

    # Best verified plan known before this solver: Rp 47,731,944 (issue 9).
    assert summarize(bundled, bundled_plan).cost <= 47_731_944


def test_a_trip_may_end_at_a_port_other_than_home(bundled: DataSet, bundled_plan: Plan) -> None:
    ends = {
        (b.boat, t.stops[-1].place)
        for b in bundled_plan.boats
        for t in b.trips
        if t.stops[-1].place != bundled.boats_by_id[b.boat].home
    }
    assert ends, "the company boat ends at the Pramuka warehouse rather than sail home"


def test_the_fixed_cost_is_paid_once_per_boat(bundled: DataSet) -> None:
    # One wooden boat can carry all 80 regular TPS in several trips: a second boat would
    # cost its fixed charge again.
    kayu = [b for b in bundled.boats if b.id.startswith("kayu")]
    phe = [b for b in bundled.boats if b.id == "phe-oses"]
    data = bundled.model_copy(update={"boats": (*kayu, *phe)})
    plan = solve(data)
    assert plan.unserved == ()
    assert verify(data, plan) == []
    used = [b.boat for b in plan.boats if b.boat.startswith("kayu")]
    assert len(used) == 1
    assert len(plan.boats[0].trips) + len(plan.boats[-1].trips) >= 3


def test_a_boat_makes_several_trips_in_one_window_and_waits_overnight(bundled: DataSet) -> None:
    # A boat a third of the size must make several trips within the calm days.
    pesona = bundled.boats_by_id["pesona-alam"]
    small = pesona.model_copy(update={"capacity_m3": 8.0})
    regular = [t for t in bundled.tps if t.kind == TpsKind.REGULAR]
    data = bundled.model_copy(update={"boats": (small,), "tps": tuple(regular)})
    plan = solve(data)
    assert verify(data, plan) == []
    (boat,) = plan.boats
    days = [t.stops[0].depart.date() for t in boat.trips if t.stops[0].depart is not None]
    assert len(days) > len(set(days)), "two trips on one day"


def test_legs_keep_their_real_duration_across_a_clock_change() -> None:
    from builders import london_data

    data = london_data()
    plan = solve(data)
    assert plan.unserved == ()
    assert verify(data, plan) == []
    for boat in plan.boats:
        for trip in boat.trips:
            for here, there in itertools.pairwise(trip.stops):
                assert here.depart is not None and there.arrive is not None
                real = there.arrive.timestamp() - here.depart.timestamp()
                assert real >= 180 * 60 - 1e-6


def test_a_model_of_one_island_finishes_at_once() -> None:
    data = load_dataset(bundled_data_dir())
    pramuka = tuple(t for t in data.tps if t.island == "pramuka")
    small = data.model_copy(update={"tps": pramuka})
    plan = solve(small, SolveParams(time_limit_s=20))
    assert plan.notes == ()
    assert plan.unserved == ()
    assert verify(small, plan) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("start", "guidded"),
        ("iterations", -1),
        ("iterations", True),
        ("iterations", 1.5),
        ("time_limit_s", 0),
        ("time_limit_s", math.inf),
        ("time_limit_s", "10"),
        ("seed", None),
        ("max_trip_hours", 0),
    ],
)
def test_solve_params_are_checked_when_made(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        SolveParams(**{field: value})  # type: ignore[arg-type]


def test_solve_params_take_a_start_by_name() -> None:
    from seribu_planner.solver.planner import Start

    assert SolveParams(start="insertion").start is Start.INSERTION  # type: ignore[arg-type]
