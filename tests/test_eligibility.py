"""Rule 7 in one place: piers of ports and islands, TPS kinds, boats that cannot leave home."""

from __future__ import annotations

from tests.builders import tiny_data, with_boat, with_fields

from seribu_planner.derive.eligibility import Eligibility
from seribu_planner.load import data_warnings
from seribu_planner.model import DataSet, TpsKind
from seribu_planner.plan import Reason
from seribu_planner.solver import SolveParams, solve
from seribu_planner.verify import verify


def _with_port_depth(data: DataSet, port_id: str, depth: float | None) -> DataSet:
    ports = tuple(
        p.model_copy(update={"pier_depth_m": depth}) if p.id == port_id else p for p in data.ports
    )
    return with_fields(data, ports=ports)


def test_piers_of_islands_and_ports_and_kinds() -> None:
    data = tiny_data()
    rule = Eligibility.of(data)
    # untung-jawa's pier is 1.2 m: cepat-1 (0.8 m) fits, supply-1 (2.0 m) and kayu-1 (1.5) not
    assert rule.may_call("cepat-1", "untung-jawa")
    assert not rule.may_call("supply-1", "untung-jawa")
    assert not rule.may_call("kayu-1", "untung-jawa")
    # a place without pier_depth_m takes any boat; kali-adem's 3.0 m takes every boat here
    assert all(rule.may_call(b, "anjungan-a") for b in data.boats)
    assert all(rule.may_load(b, p.id) for b in data.boats for p in data.ports)
    assert rule.may_carry_kind("supply-1", TpsKind.KHUSUS)
    assert not rule.may_carry_kind("supply-1", TpsKind.REGULAR)
    platform_tps = data.tps_by_id["anjungan-a-001"]
    assert [b.id for b in rule.carriers(platform_tps)] == ["kayu-1", "cepat-1", "supply-1"]
    assert rule.stranded() == ()
    assert rule.shallow_ports() == []


def test_a_boat_that_cannot_berth_at_home_makes_no_trip() -> None:
    data = _with_port_depth(tiny_data(), "marina-ancol", 1.0)
    rule = Eligibility.of(data)
    # supply-1 (2.0 m) is based at marina-ancol; cepat-1 (0.8 m) is too, and fits
    assert [b.id for b in rule.stranded()] == ["supply-1"]
    assert not rule.can_sail("supply-1")
    assert rule.can_sail("cepat-1")
    assert not rule.may_carry("supply-1", data.tps_by_id["anjungan-a-001"])
    assert [p.id for p in rule.load_ports("kayu-1")] == ["kali-adem"]
    assert [p.id for p in rule.load_ports("cepat-1")] == ["kali-adem", "marina-ancol"]
    (port, kept_out), *_ = rule.shallow_ports()
    assert port.id == "marina-ancol"
    assert [b.id for b in kept_out] == ["kayu-1", "supply-1"]


def test_no_carrier_names_the_true_reason() -> None:
    data = tiny_data()
    platform = data.islands_by_id["anjungan-a"]
    island = data.islands_by_id["untung-jawa"]
    assert Eligibility.of(data).no_carrier(platform, TpsKind.KHUSUS) is None
    only_regular = data
    for boat in ("kayu-1", "cepat-1", "supply-1"):
        only_regular = with_boat(only_regular, boat, serves=[TpsKind.REGULAR])
    assert str(Eligibility.of(only_regular).no_carrier(platform, TpsKind.KHUSUS)) == (
        "no boat of the fleet carries khusus TPS kits"
    )
    deep = with_boat(data, "cepat-1", draft_m=1.3)
    assert str(Eligibility.of(deep).no_carrier(island, TpsKind.REGULAR)) == (
        "the pier at Pulau Untung Jawa (1.2 m) is shallower than the draft of every boat that "
        "carries regular kits (least 1.3 m)"
    )
    stranded = _with_port_depth(
        with_boat(data, "kayu-1", serves=[TpsKind.REGULAR]), "marina-ancol", 1
    )
    stranded = with_boat(stranded, "cepat-1", serves=[TpsKind.REGULAR])
    assert str(Eligibility.of(stranded).no_carrier(platform, TpsKind.KHUSUS)) == (
        "every boat that carries khusus kits and fits the pier at Anjungan A is too deep for the "
        "pier of its home port, so it cannot make any trip: supply-1 at marina-ancol "
        "(pier 1 m, draft 2 m)"
    )


def test_shallow_ports_are_data_warnings() -> None:
    data = _with_port_depth(tiny_data(), "marina-ancol", 1.0)
    data = with_boat(data, "kayu-1", serves=[TpsKind.REGULAR])
    data = with_boat(data, "cepat-1", serves=[TpsKind.REGULAR])
    warnings = [w for w in data_warnings(data) if not w.startswith("weather.yaml")]
    assert warnings == [
        "islands.yaml: the pier at port marina-ancol (1 m) is shallower than the draft of "
        "kayu-1 (1.5 m), supply-1 (2 m): they cannot load or end a trip there; supply-1 is "
        "based there (fleet.yaml home) and cannot make any trip",
        "islands.yaml: no boat can call at anjungan-a: every boat that carries khusus kits and "
        "fits the pier at Anjungan A is too deep for the pier of its home port, so it cannot "
        "make any trip: supply-1 at marina-ancol (pier 1 m, draft 2 m)",
    ]


def test_the_solver_plans_around_a_shallow_home_port() -> None:
    data = _with_port_depth(tiny_data(), "marina-ancol", 1.0)
    data = with_boat(data, "kayu-1", serves=[TpsKind.REGULAR])
    data = with_boat(data, "cepat-1", serves=[TpsKind.REGULAR])
    plan = solve(data, SolveParams(time_limit_s=5))
    assert verify(data, plan) == []
    assert "supply-1" not in {b.boat for b in plan.boats}
    (unserved,) = [u for u in plan.unserved if u.tps == "anjungan-a-001"]
    assert unserved.reason is Reason.NO_BOAT_CAN_CALL
    assert "home port" in unserved.detail
    assert "marina-ancol" not in {
        stop.place for b in plan.boats if b.boat == "kayu-1" for t in b.trips for stop in t.stops
    }
