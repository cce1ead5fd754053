"""The lower bound: never above the exact optimum of tiny data sets, tight on the real one.

The oracle is ``tests/brute.py``: an enumeration of every plan of a tiny data set, written
apart from the solver and the bound, each plan it keeps checked by the verifier. For each
data set and each set ``S`` of TPS checked, both methods' bound for ``S`` must lie at or
below the cheapest enumerated plan that serves ``S``, and ``solve``'s plan (a heuristic)
at or above the cheapest plan serving what it serves.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field

import pytest
from tests.brute import (
    BruteForce,
    closure_instance,
    small_instance,
    two_ports_instance,
    two_trips_instance,
)
from tests.builders import tiny_data

from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import DataSet
from seribu_planner.plan import Plan, Reason, Unserved
from seribu_planner.solver import SolveParams, solve
from seribu_planner.solver.bound import Bound, BoundMethod, BoundParams, lower_bound
from seribu_planner.solver.bound_lp import flow_lp_bound
from seribu_planner.solver.cost import plan_cost
from seribu_planner.solver.relaxation import LeastDistance, relax
from seribu_planner.verify import kit_load, sea_distance_nm, verify

#: ``solve`` is only checked for being legal and no cheaper than the optimum; a short cap
#: keeps the suite fast where its search would run on.
QUICK_SOLVE = SolveParams(time_limit_s=0.3)
METHODS = (BoundMethod.TREE, BoundMethod.FLOW)


@dataclass
class Coverage:
    """What the checked optima exercised."""

    instances: int = 0
    sets: int = 0
    waited: int = 0
    capacity_trips: int = 0
    other_end_port: int = 0
    ratios: list[float] = field(default_factory=list)


def _bounds(data: DataSet, served: frozenset[str]) -> list[Bound]:
    return [lower_bound(data, served, BoundParams(method=m)) for m in METHODS]


def check_against_brute_force(
    data: DataSet, coverage: Coverage, *, every_set: bool = False, verify_every_run: bool = False
) -> None:
    """Every assertion of this module for one data set."""
    brute = BruteForce(data, keep_all=verify_every_run)
    name = data.campaign.name
    if verify_every_run:
        for run in brute.kept:
            dropped = {t for trip in run.plan.trips for stop in trip.stops for t in stop.tps}
            others = tuple(
                Unserved(t.id, Reason.FLEET_TIME, "elsewhere")
                for t in data.tps
                if t.id not in dropped
            )
            plan = Plan(boats=(run.plan,), unserved=others)
            assert verify(data, plan) == [], f"{name}: the enumerator kept a broken plan"
    feasible = brute.feasible_sets()
    largest = max(feasible, key=lambda s: (len(s), sorted(s)))
    plan = solve(data, QUICK_SOLVE)
    assert verify(data, plan) == []
    by_solve = frozenset(plan.served_tps())
    checked = set(feasible) if every_set else {largest, by_solve}
    coverage.instances += 1
    for served in sorted(checked, key=sorted):
        optimum = brute.optimum(served)
        assert optimum is not None, f"{name}: no enumerated plan serves {sorted(served)}"
        assert verify(data, optimum.plan) == [], f"{name}: the optimum breaks a rule"
        for bound in _bounds(data, served):
            assert bound.rupiah <= optimum.cost + 1e-6, (
                f"{name}: {bound.method} bound {bound.rupiah:,.2f} above the optimum "
                f"{optimum.cost:,.2f} for {sorted(served)}"
            )
        coverage.sets += 1
        if served == by_solve:
            cost = plan_cost(data, plan).total
            assert cost >= optimum.cost - 1e-6, f"{name}: solve beat the enumeration"
        if served == largest and served:
            coverage.waited += optimum.waited
            coverage.capacity_trips += _capacity_forces_trips(data, optimum.plan)
            coverage.other_end_port += any(
                t.stops[-1].place != data.boats_by_id[b.boat].home
                for b in optimum.plan.boats
                for t in b.trips
            )
            if optimum.cost > 0:
                coverage.ratios.append(_bounds(data, served)[1].rupiah / optimum.cost)
    default = lower_bound(data)
    optimum = brute.optimum(frozenset(default.served))
    if optimum is not None:
        assert default.rupiah <= optimum.cost + 1e-6


def _capacity_forces_trips(data: DataSet, plan: Plan) -> bool:
    """Some boat carries more than its capacity over its trips, so it needs several."""
    for boat_plan in plan.boats:
        boat = data.boats_by_id[boat_plan.boat]
        tps = [t for trip in boat_plan.trips for stop in trip.stops for t in stop.tps]
        loads = [kit_load(data, data.tps_by_id[t]) for t in tps]
        if sum(kg for kg, _ in loads) > boat.capacity_kg:
            return True
        if sum(m3 for _, m3 in loads) > boat.capacity_m3:
            return True
    return False


# --------------------------------------------------------------------------- brute force


def test_the_bound_never_exceeds_the_optimum_of_small_data_sets() -> None:
    coverage = Coverage()
    for seed in range(40):
        check_against_brute_force(small_instance(seed), coverage)
    # The seeded data sets exercise what the bound must survive.
    assert coverage.instances == 40
    assert coverage.waited >= 3, coverage
    assert coverage.capacity_trips >= 3, coverage
    assert coverage.other_end_port >= 3, coverage
    # Tight on average: a bound of 0 would pass every assertion above.
    assert sum(coverage.ratios) / len(coverage.ratios) > 0.8, coverage


@pytest.mark.parametrize(
    ("instance", "feature"),
    [
        (closure_instance, "waited"),
        (two_trips_instance, "capacity_trips"),
        (two_ports_instance, "other_end_port"),
    ],
)
def test_the_bound_holds_where_plans_must_wait_reload_or_end_elsewhere(
    instance: object, feature: str
) -> None:
    coverage = Coverage()
    data = instance()  # type: ignore[operator]
    check_against_brute_force(data, coverage, every_set=True, verify_every_run=True)
    assert getattr(coverage, feature) == 1, coverage


@pytest.mark.slow
def test_the_bound_never_exceeds_the_optimum_of_many_small_data_sets() -> None:
    coverage = Coverage()
    for seed in range(40, 340):
        check_against_brute_force(
            small_instance(seed), coverage, every_set=True, verify_every_run=True
        )
    assert coverage.sets > 600, coverage


# --------------------------------------------------------------------------- the real data


def test_the_bound_on_the_bundled_data_is_tight_and_deterministic() -> None:
    data = load_dataset(bundled_data_dir())
    bound = lower_bound(data)
    assert bound.method is BoundMethod.FLOW
    assert bound.complete
    assert len(bound.served) == 88
    # The best plan known costs Rp 47,731,944: the bound is below it, and within 3 %.
    assert 46_300_000 <= bound.rupiah <= 47_731_944
    assert bound.gap(47_731_944) < 0.03
    assert lower_bound(data) == bound
    tree = lower_bound(data, params=BoundParams(method=BoundMethod.TREE))
    assert tree.method is BoundMethod.TREE
    assert 0 < tree.rupiah < bound.rupiah


def test_the_bound_is_the_same_in_every_process() -> None:
    """Set iteration order changes with the hash seed; the bound must not."""
    probe = (
        "from seribu_planner.load import bundled_data_dir, load_dataset;"
        "from seribu_planner.solver.bound import lower_bound;"
        "b = lower_bound(load_dataset(bundled_data_dir())); print(b.value, b.detail)"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_stopping_the_cut_rounds_early_still_bounds() -> None:
    rx = relax(load_dataset(bundled_data_dir()))
    full = flow_lp_bound(rx, 40)
    early = flow_lp_bound(rx, 1)
    assert full.converged and not early.converged
    assert 0 < early.value < full.value


# --------------------------------------------------------------------------- the API


def test_params_are_validated() -> None:
    with pytest.raises(ValueError):
        BoundParams(method="exact")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_rounds"):
        BoundParams(max_rounds=0)
    assert BoundParams(method="tree").method is BoundMethod.TREE  # type: ignore[arg-type]


def test_served_must_be_known_and_deliverable() -> None:
    data = tiny_data()
    with pytest.raises(ValueError, match="unknown TPS"):
        lower_bound(data, ["pramuka-999"])
    only_regular = data.model_copy(
        update={"boats": tuple(b for b in data.boats if b.id != "supply-1")}
    )
    only_regular = only_regular.model_copy(
        update={
            "boats": tuple(b.model_copy(update={"serves": ["regular"]}) for b in only_regular.boats)
        }
    )
    with pytest.raises(ValueError, match="anjungan-a-001"):
        lower_bound(only_regular, ["anjungan-a-001"])


def test_nothing_to_serve_costs_nothing() -> None:
    bound = lower_bound(tiny_data(), [])
    assert bound.value == 0
    assert bound.gap(0) == 0


def test_least_distance_is_below_every_chain_of_legs() -> None:
    for seed in range(30):
        data = small_instance(seed)
        rx = relax(data, [])
        least = LeastDistance.of(rx)
        places = [p.id for p in data.ports] + [i.id for i in data.islands]
        for a in places:
            for b in places:
                direct = sea_distance_nm(data, a, b)
                assert least(a, b) <= direct + 1e-9
                for via in places:
                    chain = sea_distance_nm(data, a, via) + sea_distance_nm(data, via, b)
                    assert least(a, b) <= chain + 1e-9
