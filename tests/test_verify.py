"""The verifier: a hand-made good plan holds, and each kind of broken rule is caught.

Every bad plan below is a small mutation of ``good_plan()`` (or of ``tiny_data()``), and
the test asserts exactly which violations appear and where, so a check that fires too
often is caught as well as one that never fires.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

import pytest

from builders import (
    at,
    good_plan,
    tiny_data,
    trips_of,
    with_boat,
    with_fields,
    with_stop,
    with_stops,
    with_trips,
)
from seribu_planner.model import DataSet, KitItem, Tps, TpsKind
from seribu_planner.plan import BoatPlan, Plan, Reason, Stop, Trip, Unserved
from seribu_planner.verify import (
    Violation,
    ViolationKind,
    great_circle_nm,
    kit_count,
    kit_load,
    sea_distance_nm,
    verify,
)

K = ViolationKind
DATA = tiny_data()
PLAN = good_plan()

Found = tuple[ViolationKind, str | None, int | None, int | None, str | None]


def found(violations: list[Violation]) -> set[Found]:
    return {(v.kind, v.boat, v.trip, v.leg, v.tps) for v in violations}


def add_trip(plan: Plan, boat_id: str, *stops: Stop) -> Plan:
    trips = trips_of(plan, boat_id)
    return with_trips(plan, boat_id, (*trips, Trip(len(trips) + 1, stops)))


def kayu_trip_2_departing(when: datetime) -> Plan:
    """kayu-1 trip 2 leaves kali-adem at ``when`` and reaches pramuka 180 min later."""
    arrive = when + (at(9, 13) - at(9, 10))
    plan = with_stop(PLAN, "kayu-1", 2, 0, depart=when)
    return with_stop(plan, "kayu-1", 2, 1, arrive=arrive)


@dataclass(frozen=True)
class Case:
    """A mutation of the good data set or plan, and exactly what the verifier must find."""

    name: str
    plan: Plan
    expected: set[Found]
    data: DataSet = DATA
    #: Re-planning: the moment and the plan that was being sailed (``verify(..., sailed=)``).
    as_of: datetime | None = None
    sailed: Plan | None = None


CASES = [
    # ---------------------------------------------------------------- rule 4: windows
    Case(
        "leg_weather: kayu-1 sails into the Sedang (2.5 m) slot, its limit is 1.25 m",
        kayu_trip_2_departing(at(10, 8)),
        {(K.LEG_WEATHER, "kayu-1", 2, 1, None)},
    ),
    Case(
        "leg_weather: a leg that only ends inside the rough slot",
        kayu_trip_2_departing(at(9, 22)),  # 22:00-01:00, into the Sedang slot at night
        {(K.LEG_WEATHER, "kayu-1", 2, 1, None), (K.LEG_NIGHT, "kayu-1", 2, 1, None)},
    ),
    Case(
        "leg_night: kayu-1 (no night sailing) arrives at 19:00",
        with_stop(
            with_stop(PLAN, "kayu-1", 1, 1, depart=at(9, 16)), "kayu-1", 1, 2, arrive=at(9, 19)
        ),
        {(K.LEG_NIGHT, "kayu-1", 1, 2, None)},
    ),
    Case(
        "leg_no_forecast: kayu-1 sails 08:00-11:00 on 11 Feb, in the kepulauan-seribu gap",
        with_stop(
            with_stop(PLAN, "kayu-1", 2, 1, depart=at(11, 8)), "kayu-1", 2, 2, arrive=at(11, 11)
        ),
        {(K.LEG_NO_FORECAST, "kayu-1", 2, 2, None)},
    ),
    Case(
        "leg_no_forecast: a leg that only starts inside the gap",
        with_stop(
            with_stop(PLAN, "kayu-1", 2, 1, depart=at(11, 11)), "kayu-1", 2, 2, arrive=at(11, 14)
        ),
        {(K.LEG_NO_FORECAST, "kayu-1", 2, 2, None)},
    ),
    # ---------------------------------------------------------------- rule 5: speed
    Case(
        "leg_too_fast: 175 min for the listed 30 nm at 10 kn (the estimate would allow it)",
        with_stop(PLAN, "kayu-1", 1, 1, arrive=at(9, 12, 55)),
        {(K.LEG_TOO_FAST, "kayu-1", 1, 1, None)},
    ),
    # ---------------------------------------------------------------- rule 6: call time
    Case(
        "call_too_short: 35 min at pramuka for 30 min + 2 kits x 5 min",
        with_stop(
            with_stop(PLAN, "kayu-1", 1, 1, depart=at(9, 13, 35)),
            "kayu-1",
            1,
            2,
            arrive=at(9, 16, 35),
        ),
        {(K.CALL_TOO_SHORT, "kayu-1", 1, 1, None)},
    ),
    # ---------------------------------------------------------------- rule 3: capacity
    Case(
        "overload_kg: trip 1 carries 57.5 kg, capacity 50 kg",
        PLAN,
        {(K.OVERLOAD_KG, "kayu-1", 1, None, None)},
        with_boat(DATA, "kayu-1", capacity_kg=50),
    ),
    Case(
        "overload_m3: trip 1 carries 2.799 m3, capacity 2 m3",
        PLAN,
        {(K.OVERLOAD_M3, "kayu-1", 1, None, None)},
        with_boat(DATA, "kayu-1", capacity_m3=2.0),
    ),
    # ---------------------------------------------------------------- rule 1: TPS
    Case(
        "late: pramuka-002 (own deadline 13:00) arrives 13:05",
        with_stops(
            PLAN,
            "kayu-1",
            1,
            (
                Stop("kali-adem", None, at(9, 10)),
                Stop("pramuka", at(9, 13, 5), at(9, 13, 45), ("pramuka-001", "pramuka-002")),
                Stop("kali-adem", at(9, 16, 45), None),
            ),
        ),
        {(K.LATE, "kayu-1", 1, 1, "pramuka-002")},
    ),
    Case(
        "late: untung-jawa-001 arrives after the campaign deadline 13 Feb 18:00",
        with_stops(
            PLAN,
            "cepat-1",
            1,
            (
                Stop("marina-ancol", None, at(13, 18)),
                Stop("untung-jawa", at(13, 18, 45), at(13, 19, 20), ("untung-jawa-001",)),
                Stop("marina-ancol", at(13, 20, 5), None),
            ),
        ),
        {(K.LATE, "cepat-1", 1, 1, "untung-jawa-001")},
    ),
    Case(
        "tps_twice: pramuka-001 dropped again on trip 2",
        with_stop(PLAN, "kayu-1", 2, 1, tps=("pramuka-003", "pramuka-001")),
        {(K.TPS_TWICE, "kayu-1", 2, 1, "pramuka-001")},
    ),
    Case(
        "tps_missing: untung-jawa-002 neither served nor reported",
        dataclasses.replace(PLAN, unserved=()),
        {(K.TPS_MISSING, None, None, None, "untung-jawa-002")},
    ),
    Case(
        "tps_served_and_unserved: untung-jawa-002 dropped and reported unserved",
        with_stop(PLAN, "cepat-1", 1, 1, tps=("untung-jawa-001", "untung-jawa-002")),
        {(K.TPS_SERVED_AND_UNSERVED, "cepat-1", 1, 1, "untung-jawa-002")},
    ),
    Case(
        "unserved_twice: untung-jawa-002 reported twice",
        dataclasses.replace(PLAN, unserved=PLAN.unserved * 2),
        {(K.UNSERVED_TWICE, None, None, None, "untung-jawa-002")},
    ),
    Case(
        "wrong_island: the pramuka-003 kit dropped at untung-jawa",
        with_stop(
            with_stop(PLAN, "kayu-1", 2, 1, tps=()),
            "cepat-1",
            1,
            1,
            tps=("untung-jawa-001", "pramuka-003"),
        ),
        {(K.WRONG_ISLAND, "cepat-1", 1, 1, "pramuka-003")},
    ),
    Case(
        "unknown_tps: a TPS id that is not in the list, dropped",
        with_stop(PLAN, "cepat-1", 1, 1, tps=("untung-jawa-001", "untung-jawa-099")),
        {(K.UNKNOWN_TPS, "cepat-1", 1, 1, "untung-jawa-099")},
    ),
    Case(
        "unknown_tps: a TPS id that is not in the list, reported unserved",
        dataclasses.replace(
            PLAN, unserved=(*PLAN.unserved, Unserved("pramuka-099", Reason.FLEET_TIME, "x"))
        ),
        {(K.UNKNOWN_TPS, None, None, None, "pramuka-099")},
    ),
    Case(
        "unknown_boat: cepat-9 is not in the fleet",
        dataclasses.replace(
            PLAN,
            boats=tuple(
                dataclasses.replace(b, boat="cepat-9") if b.boat == "cepat-1" else b
                for b in PLAN.boats
            ),
        ),
        {(K.UNKNOWN_BOAT, "cepat-9", None, None, None)},
    ),
    Case(
        "unknown_place: a call at a place that does not exist (its TPS is then not at home)",
        with_stop(PLAN, "cepat-1", 1, 1, place="untung-jawa-x"),
        {
            (K.UNKNOWN_PLACE, "cepat-1", 1, 1, None),
            (K.WRONG_ISLAND, "cepat-1", 1, 1, "untung-jawa-001"),
        },
    ),
    Case(
        "boat_twice: cepat-1 listed a second time",
        dataclasses.replace(PLAN, boats=(*PLAN.boats, BoatPlan("cepat-1", ()))),
        {(K.BOAT_TWICE, "cepat-1", None, None, None)},
    ),
    # ---------------------------------------------------------------- rule 2: trips
    Case(
        "trip_numbering: kayu-1's second trip numbered 3",
        with_trips(
            PLAN,
            "kayu-1",
            (
                trips_of(PLAN, "kayu-1")[0],
                dataclasses.replace(trips_of(PLAN, "kayu-1")[1], number=3),
            ),
        ),
        {(K.TRIP_NUMBERING, "kayu-1", 3, None, None)},
    ),
    Case(
        "empty_trip: cepat-1 sails port to port without a call",
        add_trip(
            PLAN,
            "cepat-1",
            Stop("marina-ancol", None, at(9, 12)),
            Stop("kali-adem", at(9, 12, 30), None),
        ),
        {(K.EMPTY_TRIP, "cepat-1", 2, None, None)},
    ),
    Case(
        "trip_start: cepat-1's first trip leaves kali-adem, its home is marina-ancol",
        with_stop(PLAN, "cepat-1", 1, 0, place="kali-adem"),
        {(K.TRIP_START, "cepat-1", 1, None, None)},
    ),
    Case(
        "trip_start: cepat-1's second trip leaves kali-adem, trip 1 ended at marina-ancol",
        add_trip(
            PLAN,
            "cepat-1",
            Stop("kali-adem", None, at(9, 13)),
            Stop("untung-jawa", at(9, 13, 45), at(9, 14, 5)),
            Stop("marina-ancol", at(9, 15), None),
        ),
        {(K.TRIP_START, "cepat-1", 2, None, None)},
    ),
    Case(
        "trip_start: a trip that starts at an island",
        with_stop(PLAN, "cepat-1", 1, 0, place="untung-jawa"),
        {(K.TRIP_START, "cepat-1", 1, None, None)},
    ),
    Case(
        "trip_not_at_port_end: cepat-1 ends its trip at pramuka",
        with_stop(PLAN, "cepat-1", 1, 2, place="pramuka", arrive=at(9, 11, 30)),
        {(K.TRIP_NOT_AT_PORT_END, "cepat-1", 1, 2, None)},
    ),
    Case(
        "call_not_island: cepat-1 puts in at kali-adem in the middle of a trip",
        with_stops(
            PLAN,
            "cepat-1",
            1,
            (
                Stop("marina-ancol", None, at(9, 9)),
                Stop("untung-jawa", at(9, 9, 45), at(9, 10, 20), ("untung-jawa-001",)),
                Stop("kali-adem", at(9, 10, 55), at(9, 11)),
                Stop("marina-ancol", at(9, 11, 30), None),
            ),
        ),
        {(K.CALL_NOT_ISLAND, "cepat-1", 1, 2, None)},
    ),
    Case(
        "trip_overlap: cepat-1 loads for trip 2 before it is back from trip 1",
        add_trip(
            PLAN,
            "cepat-1",
            Stop("marina-ancol", None, at(9, 11, 15)),
            Stop("untung-jawa", at(9, 12), at(9, 12, 30)),
            Stop("marina-ancol", at(9, 13, 15), None),
        ),
        {(K.TRIP_OVERLAP, "cepat-1", 2, None, None)},
    ),
    Case(
        "time_order: cepat-1 leaves untung-jawa before it arrives",
        with_stop(PLAN, "cepat-1", 1, 1, depart=at(9, 9, 40)),
        {(K.TIME_ORDER, "cepat-1", 1, 1, None)},
    ),
    Case(
        "time_order: a leg that arrives before it departs",
        with_stop(PLAN, "cepat-1", 1, 1, arrive=at(9, 8, 50)),
        {(K.TIME_ORDER, "cepat-1", 1, 1, None)},
    ),
    Case(
        "missing_time: a call without a departure time",
        with_stop(PLAN, "cepat-1", 1, 1, depart=None),
        {(K.MISSING_TIME, "cepat-1", 1, 1, None)},
    ),
    Case(
        "load_before_ready: kayu-1 loads from 07:30, kali-adem is ready at 08:00",
        with_stop(PLAN, "kayu-1", 1, 0, depart=at(9, 8, 30)),
        {(K.LOAD_BEFORE_READY, "kayu-1", 1, None, None)},
    ),
    Case(
        "availability: supply-1 loads from 05:45, it is available from 06:00",
        with_stop(PLAN, "supply-1", 1, 0, depart=at(10, 6, 15)),
        {(K.AVAILABILITY, "supply-1", 1, None, None)},
    ),
    Case(
        "availability: supply-1 is back after its period ends on 12 Feb 18:00",
        with_stop(
            with_stop(PLAN, "supply-1", 1, 1, depart=at(12, 15)),
            "supply-1",
            1,
            2,
            arrive=at(12, 19),
        ),
        {(K.AVAILABILITY, "supply-1", 1, None, None)},
    ),
    # ---------------------------------------------------------------- rule 7: piers, kinds
    Case(
        "draft: kayu-1 drawing 2.8 m cannot berth at pramuka (2.5 m)",
        PLAN,
        {(K.DRAFT, "kayu-1", 1, 1, None), (K.DRAFT, "kayu-1", 2, 1, None)},
        with_boat(DATA, "kayu-1", draft_m=2.8),
    ),
    Case(
        "draft: kayu-1 drawing 3.2 m cannot use the kali-adem pier (3 m) either",
        PLAN,
        {(K.DRAFT, "kayu-1", trip, leg, None) for trip in (1, 2) for leg in (None, 1, 2)},
        with_boat(DATA, "kayu-1", draft_m=3.2),
    ),
    Case(
        "serves: supply-1 serving only regular TPS carries the khusus kit",
        PLAN,
        {(K.SERVES, "supply-1", 1, 1, "anjungan-a-001")},
        with_boat(DATA, "supply-1", serves=[TpsKind.REGULAR]),
    ),
    Case(
        "serves: the khusus-only supply-1 carries a regular kit",
        with_stops(
            PLAN,
            "supply-1",
            1,
            (
                Stop("marina-ancol", None, at(10, 7)),
                Stop("anjungan-a", at(10, 10), at(10, 10, 50), ("anjungan-a-001", "pramuka-003")),
                Stop("marina-ancol", at(10, 14, 30), None),
            ),
        ),
        {
            (K.SERVES, "supply-1", 1, 1, "pramuka-003"),
            (K.WRONG_ISLAND, "supply-1", 1, 1, "pramuka-003"),
            (K.TPS_TWICE, "supply-1", 1, 1, "pramuka-003"),
        },
    ),
    # ---------------------------------------------------------------- rule 8: horizon
    Case(
        "after_end: cepat-1 is back at 18:30 on 14 Feb, the campaign ends at 18:00",
        with_stop(
            with_stop(PLAN, "cepat-1", 1, 1, depart=at(14, 17, 30)),
            "cepat-1",
            1,
            2,
            arrive=at(14, 18, 30),
        ),
        {(K.AFTER_END, "cepat-1", 1, 2, None)},
    ),
    # ---------------------------------------------------------------- re-planning
    Case(
        "sailed_changed: kayu-1 left kali-adem at 10:00 on 9 Feb; the re-plan says 10:30",
        kayu_trip_2_departing(at(10, 12)),
        {(K.SAILED_CHANGED, "kayu-1", 2, None, None)},
        as_of=at(12, 0),
        sailed=kayu_trip_2_departing(at(10, 11, 30)),
    ),
    Case(
        "before_start: cepat-1 sails at 05:00, before the campaign starts at 06:00",
        with_stop(PLAN, "cepat-1", 1, 0, depart=at(9, 5)),
        {
            (K.BEFORE_START, "cepat-1", 1, None, None),
            (K.LOAD_BEFORE_READY, "cepat-1", 1, None, None),
        },
    ),
]


def test_good_plan_holds() -> None:
    assert verify(DATA, PLAN) == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_plan_is_caught_exactly(case: Case) -> None:
    violations = verify(case.data, case.plan, as_of=case.as_of, sailed=case.sailed)
    assert found(violations) == case.expected


@pytest.mark.parametrize("kind", list(ViolationKind))
def test_every_kind_has_a_case(kind: ViolationKind) -> None:
    assert any(kind == e[0] for case in CASES for e in case.expected)


@pytest.mark.parametrize(
    ("plan", "holds"),
    [
        pytest.param(kayu_trip_2_departing(at(10, 12)), True, id="leg starts as Sedang ends"),
        pytest.param(kayu_trip_2_departing(at(10, 11, 59)), False, id="one minute in Sedang"),
        pytest.param(kayu_trip_2_departing(at(10, 15)), True, id="arrives at 18:00 dusk"),
        pytest.param(kayu_trip_2_departing(at(10, 15, 1)), False, id="arrives 18:01"),
    ],
)
def test_window_boundaries(plan: Plan, holds: bool) -> None:
    assert (verify(DATA, plan) == []) is holds


# ---------------------------------------------------------------------- kit arithmetic


@pytest.mark.parametrize(("voters", "count"), [(250, 255), (1, 2), (50, 51), (300, 306)])
def test_kit_count_rounds_spare_up_per_tps_exactly(voters: int, count: int) -> None:
    # 250 * 1.02 in floats is 255.00000000000003: a float ceil would give 256.
    ballots = KitItem(item="surat_suara", per_voter=1, spare=0.02, kg=0.015, m3=0.00003)
    tps = Tps(id="t", island="pramuka", number=1, voters=voters)
    assert kit_count(ballots, tps) == count


def test_kit_count_adds_per_tps_and_per_voter() -> None:
    item = KitItem(item="formulir", per_tps=3, per_voter=4, spare=0.02, kg=0.01, m3=0.0)
    assert kit_count(item, Tps(id="t", island="pramuka", number=1, voters=250)) == 3 + 4 * 255


def test_kit_load_sums_the_bill_of_materials() -> None:
    # 4 boxes x 2.26 kg + 4 x 255 ballots x 0.015 kg + 4 booths x 3 kg
    kg, m3 = kit_load(DATA, DATA.tps_by_id["pramuka-001"])
    assert kg == pytest.approx(9.04 + 15.3 + 12.0)
    assert m3 == pytest.approx(0.384 + 0.0306 + 1.0)
    kg, _ = kit_load(DATA, DATA.tps_by_id["pramuka-002"])  # 1 voter: 2 of each ballot
    assert kg == pytest.approx(9.04 + 8 * 0.015 + 12.0)


# ---------------------------------------------------------------------- distances


def test_listed_distance_overrides_the_estimate_either_way_round() -> None:
    assert sea_distance_nm(DATA, "kali-adem", "pramuka") == 30
    assert sea_distance_nm(DATA, "pramuka", "kali-adem") == 30
    estimate = sea_distance_nm(with_fields(DATA, distances=()), "kali-adem", "pramuka")
    assert estimate == pytest.approx(28.18, abs=0.01)


def test_estimate_is_great_circle_times_route_factor() -> None:
    gc = great_circle_nm(-6.1228, 106.8353, -5.978, 106.706)
    assert sea_distance_nm(DATA, "marina-ancol", "untung-jawa") == pytest.approx(gc * 1.2)
    # one degree of a great circle is 60.04 nm on this sphere
    assert great_circle_nm(0, 0, 1, 0) == pytest.approx(60.04, abs=0.01)


def test_listed_distance_decides_the_speed_check() -> None:
    fast = with_stop(PLAN, "kayu-1", 1, 1, arrive=at(9, 12, 55))  # 175 min
    assert found(verify(DATA, fast)) == {(K.LEG_TOO_FAST, "kayu-1", 1, 1, None)}
    assert verify(with_fields(DATA, distances=()), fast) == []  # 28.2 nm: 169 min


def test_unknown_place_has_no_distance() -> None:
    with pytest.raises(KeyError, match="atlantis"):
        sea_distance_nm(DATA, "kali-adem", "atlantis")


# ---------------------------------------------------------------------- messages, order


def test_messages_name_the_figures() -> None:
    (weather,) = verify(DATA, kayu_trip_2_departing(at(10, 8)))
    assert "leg 1 kali-adem -> pramuka" in weather.message
    assert "departs 2024-02-10 08:00 +07:00" in weather.message
    assert "kepulauan-seribu forecasts 2.5 m (Sedang)" in weather.message
    assert "the boat's 1.25 m" in weather.message
    (fast,) = verify(DATA, with_stop(PLAN, "kayu-1", 1, 1, arrive=at(9, 12, 55)))
    assert "30.0 nm in 175.0 min" in fast.message
    assert "at least 180.0 min" in fast.message
    plan = with_stop(PLAN, "kayu-1", 2, 1, depart=at(11, 8))
    (gap,) = verify(DATA, with_stop(plan, "kayu-1", 2, 2, arrive=at(11, 11)))
    assert "2024-02-11 08:00 +07:00 to 2024-02-11 11:00 +07:00" in gap.message
    late_plan = next(c.plan for c in CASES if c.name.startswith("late: pramuka-002"))
    (late,) = verify(DATA, late_plan)
    assert "pramuka-002" in late.message
    assert "5 min after its deadline 2024-02-09 13:00 +07:00" in late.message
    assert str(late) == late.message


def test_times_print_in_the_campaign_zone() -> None:
    utc_plan = with_stop(PLAN, "kayu-1", 1, 0, depart=at(9, 8, 30).astimezone(tz=None))
    (early,) = verify(DATA, utc_plan)
    assert "2024-02-09 07:30 +07:00" in early.message


def test_order_is_by_boat_trip_leg_then_tps() -> None:
    plan = dataclasses.replace(
        with_stop(PLAN, "kayu-1", 2, 1, tps=("pramuka-003", "pramuka-001")), unserved=()
    )
    plan = with_stop(plan, "cepat-1", 1, 1, depart=at(9, 9, 40))
    data = with_boat(DATA, "kayu-1", draft_m=2.8)
    result = verify(data, plan)
    assert [(v.kind, v.boat, v.trip, v.leg, v.tps) for v in result] == [
        (K.TIME_ORDER, "cepat-1", 1, 1, None),
        (K.DRAFT, "kayu-1", 1, 1, None),
        (K.DRAFT, "kayu-1", 2, 1, None),
        (K.TPS_TWICE, "kayu-1", 2, 1, "pramuka-001"),
        (K.TPS_MISSING, None, None, None, "untung-jawa-002"),
    ]
    assert verify(data, plan) == result


def test_naive_plan_times_are_read_in_the_campaign_zone() -> None:
    def naive(stop: Stop) -> Stop:
        def strip(t: datetime | None) -> datetime | None:
            return t.replace(tzinfo=None) if t else None

        return dataclasses.replace(stop, arrive=strip(stop.arrive), depart=strip(stop.depart))

    boats = tuple(
        BoatPlan(
            b.boat,
            tuple(Trip(t.number, tuple(naive(s) for s in t.stops)) for t in b.trips),
        )
        for b in PLAN.boats
    )
    assert verify(DATA, dataclasses.replace(PLAN, boats=boats)) == []


def test_unknown_boat_still_accounts_for_its_kits() -> None:
    """Kits on an unknown boat are not also reported missing; checks without the boat run."""
    plan = dataclasses.replace(
        PLAN,
        boats=tuple(
            dataclasses.replace(b, boat="ghost") if b.boat == "kayu-1" else b for b in PLAN.boats
        ),
    )
    plan = with_stop(plan, "ghost", 1, 1, arrive=at(9, 13, 5), depart=at(9, 13, 30))
    assert found(verify(DATA, plan)) == {
        (K.UNKNOWN_BOAT, "ghost", None, None, None),
        (K.LATE, "ghost", 1, 1, "pramuka-002"),
        (K.CALL_TOO_SHORT, "ghost", 1, 1, None),
    }


def test_the_verifier_never_loads_the_solver_or_its_derivations() -> None:
    import ast
    import subprocess
    import sys

    probe = (
        "import sys, seribu_planner.verify; "
        "print(sorted(m for m in sys.modules if m.startswith(('seribu_planner', 'ortools'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(ast.literal_eval(done.stdout))
    # crosscheck holds the data model's own consistency rules (DataSet's validator).
    allowed = {
        "seribu_planner",
        "seribu_planner.model",
        "seribu_planner.crosscheck",
        "seribu_planner.plan",
    }
    beyond = {m for m in loaded if m not in allowed and not m.startswith("seribu_planner.verify")}
    assert beyond == set(), f"the verifier loaded {sorted(beyond)}"
    assert "seribu_planner.verify.trips" in loaded


# --------------------------------------------------------------------------- absolute time


def test_a_leg_across_a_clock_change_is_judged_in_real_time() -> None:
    from builders import LONDON, london_data

    data = london_data()
    # 00:30 GMT to 03:31 BST: 181 minutes on the wall clock, 121 real minutes for 30 nm
    # at 10 knots, which takes 180.
    depart = datetime(2024, 3, 31, 0, 30, tzinfo=LONDON)
    arrive = datetime(2024, 3, 31, 3, 31, tzinfo=LONDON)
    back = datetime(2024, 3, 31, 8, 10, tzinfo=LONDON)
    leave = datetime(2024, 3, 31, 4, 5, tzinfo=LONDON)
    trip = Trip(
        1,
        (
            Stop("port", None, depart),
            Stop("isle", arrive, leave, ("isle-001",)),
            Stop("port", back, None),
        ),
    )
    kinds = {v.kind for v in verify(data, Plan((BoatPlan("ferry", (trip,)),)))}
    assert ViolationKind.LEG_TOO_FAST in kinds
    # The same leg with 180 real minutes (arriving 04:30 BST) holds.
    fair = Trip(
        1,
        (
            Stop("port", None, depart),
            Stop(
                "isle",
                datetime(2024, 3, 31, 4, 30, tzinfo=LONDON),
                leave.replace(hour=5),
                ("isle-001",),
            ),
            Stop("port", back, None),
        ),
    )
    assert verify(data, Plan((BoatPlan("ferry", (fair,)),))) == []


# ---------------------------------------------------------------------- as_of


def _forecast_from(moment: datetime, *, rough_after: datetime | None = None) -> DataSet:
    """The tiny data with every forecast slot cut to begin at ``moment`` (a new issue that
    no longer covers the days before), optionally Sedang in the islands after another time.
    """
    slots = []
    for slot in DATA.forecast:
        if slot.to <= moment:
            continue
        slots.append(slot.model_copy(update={"from_": max(slot.from_, moment)}))
    if rough_after is not None:
        slots = [
            s.model_copy(update={"wave_m": 2.5, "category": None})
            if s.zone == "kepulauan-seribu" and s.from_ >= rough_after
            else s
            for s in slots
        ]
    return with_fields(DATA, forecast=tuple(slots))


def test_a_new_forecast_fails_sailed_legs_without_as_of() -> None:
    data = _forecast_from(at(10, 16))
    kinds = {(v.kind, v.boat, v.trip) for v in verify(data, PLAN)}
    assert (K.LEG_NO_FORECAST, "kayu-1", 1) in kinds
    assert (K.LEG_NO_FORECAST, "cepat-1", 1) in kinds
    assert (K.LEG_NO_FORECAST, "supply-1", 1) in kinds
    assert {k for k, _, _ in kinds} == {K.LEG_NO_FORECAST}


def test_legs_completed_before_as_of_are_not_checked_against_the_forecast() -> None:
    data = _forecast_from(at(10, 16))
    assert verify(data, PLAN, as_of=at(10, 16)) == []


def test_legs_after_as_of_are_still_checked() -> None:
    data = _forecast_from(at(10, 16), rough_after=at(11, 12))
    assert found(verify(data, PLAN, as_of=at(10, 16))) == {
        (K.LEG_WEATHER, "kayu-1", 2, 2, None),  # 11 Feb 15:00-18:00 back from pramuka
    }


def test_a_leg_under_way_is_judged_from_as_of_on() -> None:
    # kayu-1 trip 2 leg 1 sails 10 Feb 13:00-16:00; the new forecast begins at 14:00
    data = _forecast_from(at(10, 14))
    assert found(verify(data, PLAN)) >= {(K.LEG_NO_FORECAST, "kayu-1", 2, 1, None)}
    assert verify(data, PLAN, as_of=at(10, 14)) == []
    # as of 13:30, 13:30-14:00 is still ahead of both boats at sea, and uncovered
    assert found(verify(data, PLAN, as_of=at(10, 13, 30))) == {
        (K.LEG_NO_FORECAST, "kayu-1", 2, 1, None),
        (K.LEG_NO_FORECAST, "supply-1", 1, 2, None),  # 10:45-14:30 back from the platform
    }
    rough = _forecast_from(at(10, 14), rough_after=at(10, 14))
    [violation] = [v for v in verify(rough, PLAN, as_of=at(10, 14)) if v.leg == 1]
    assert violation.kind == K.LEG_WEATHER
    assert "departs 2024-02-10 13:00 +07:00" in violation.message
    assert "(checked from 2024-02-10 14:00 +07:00" in violation.message


def test_as_of_skips_only_the_forecast() -> None:
    """Everything but the sea state is checked on sailed legs too."""
    data = _forecast_from(at(10, 16))
    late = DATA.tps[1].model_copy(update={"deadline": at(9, 12)})
    data = with_fields(data, tps=(DATA.tps[0], late, *DATA.tps[2:]))
    fast = with_stop(PLAN, "cepat-1", 1, 1, arrive=at(9, 9, 10))
    assert found(verify(data, fast, as_of=at(10, 16))) == {
        (K.LATE, "kayu-1", 1, 1, "pramuka-002"),
        (K.LEG_TOO_FAST, "cepat-1", 1, 1, None),
    }


def test_a_naive_as_of_is_read_in_the_campaign_zone() -> None:
    data = _forecast_from(at(10, 16))
    assert verify(data, PLAN, as_of=datetime(2024, 2, 10, 16)) == []
    assert verify(data, PLAN, as_of=datetime(2024, 2, 10, 8)) != []
