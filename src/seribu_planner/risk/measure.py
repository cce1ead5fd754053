"""How likely a plan is to hold: replay it over many scenarios and sum up.

Figures (all over the scenarios, a scenario counting once):

* ``p_all_on_time``: share of scenarios in which every TPS of the data set has its kit by
  its deadline (a TPS the plan leaves unserved is never on time), with a 95 % Wilson score
  interval;
* per TPS: share on time, and the median (P50) and 90th-percentile (P90) arrival by the
  nearest-rank rule over all scenarios, where an arrival that never happens counts as
  later than any other: the percentile is None when that rank falls on one (more than
  half, or more than a tenth, of the scenarios never deliver the kit);
* per kelurahan: share of scenarios in which all its TPS are on time;
* per leg: share of scenarios in which the boat waited for the sea before it, mean wait
  when it did, share in which it could not be sailed, and the late TPS blamed on it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from seribu_planner.model import DataSet, Uncertainty
from seribu_planner.plan import Plan
from seribu_planner.risk.engines import Engine, run
from seribu_planner.risk.replay import NEVER, Leg, Outcome, Replayer
from seribu_planner.risk.scenarios import ScenarioSampler, uncertainty_of

#: z for a two-sided 95 % interval.
Z95 = 1.959963984540054


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a binomial share (good coverage near 0 and 1)."""
    if trials == 0:
        return (0.0, 1.0)
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z / (1 + z2 / trials) * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    return (max(0.0, centre - half), min(1.0, centre + half))


def nearest_rank(values: Sequence[int], q: float) -> int | None:
    """The ``q`` quantile by nearest rank; NEVER sorts last and gives None."""
    ordered = sorted(values, key=lambda v: (v == NEVER, v))
    if not ordered:
        return None
    rank = max(1, math.ceil(q * len(ordered) - 1e-9))
    value = ordered[rank - 1]
    return None if value == NEVER else value


@dataclass
class ReplayJob:
    """Replays of one plan: scenario ``i`` of ``seed``, on any worker."""

    data: DataSet
    plan: Plan
    seed: int
    _ready: tuple[Replayer, ScenarioSampler] | None = field(default=None, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        # The prepared replayer is rebuilt on each worker rather than pickled.
        return {"data": self.data, "plan": self.plan, "seed": self.seed, "_ready": None}

    def prepared(self) -> tuple[Replayer, ScenarioSampler]:
        """The replayer and the sampler, built once per process."""
        if self._ready is None:
            self._ready = (Replayer(self.data, self.plan), ScenarioSampler(self.data))
        return self._ready

    def run(self, start: int, stop: int) -> list[Outcome]:
        """Replay scenarios ``start`` .. ``stop - 1``."""
        replayer, sampler = self.prepared()
        return [replayer.replay(sampler.heights(self.seed, i)) for i in range(start, stop)]


@dataclass(frozen=True)
class TpsRisk:
    """One TPS over the scenarios."""

    tps: str
    island: str
    kelurahan: str
    voters: int
    deadline: datetime
    planned: datetime | None
    p_on_time: float
    p50: datetime | None
    p90: datetime | None


@dataclass(frozen=True)
class KelurahanRisk:
    """All TPS of one kelurahan together."""

    kelurahan: str
    tps: int
    voters: int
    p_all_on_time: float
    worst_tps: str


@dataclass(frozen=True)
class LegRisk:
    """One leg of the plan over the scenarios."""

    boat: str
    trip: int
    leg: int
    origin: str
    target: str
    planned_depart: datetime
    p_held: float
    mean_hold_minutes: float
    p_failed: float
    late_tps: int
    share_of_lateness: float


@dataclass(frozen=True)
class RiskReport:
    """How likely a plan is to hold, over ``scenarios`` scenarios drawn with ``seed``."""

    scenarios: int
    seed: int
    uncertainty: Uncertainty
    on_time: int
    p_all_on_time: float
    ci95: tuple[float, float]
    tps: tuple[TpsRisk, ...]
    kelurahan: tuple[KelurahanRisk, ...]
    legs: tuple[LegRisk, ...]
    unserved_by_plan: tuple[str, ...]


def measure(data: DataSet, plan: Plan, scenarios: int, seed: int, engine: Engine) -> RiskReport:
    """Replay ``plan`` in ``scenarios`` scenarios and sum up (the plan must verify)."""
    job = ReplayJob(data, plan, seed)
    outcomes = run(job, scenarios, engine)
    replayer, _ = job.prepared()
    return summarize(data, replayer, outcomes, seed)


def summarize(
    data: DataSet, replayer: Replayer, outcomes: Sequence[Outcome], seed: int
) -> RiskReport:
    """The figures of a set of replays (in scenario order)."""
    n = len(outcomes)
    deadlines = replayer.deadlines
    n_tps = len(replayer.tps)
    on_time_count = [0] * n_tps
    all_on_time = 0
    tps_by_id = data.tps_by_id
    kel_of = [_kelurahan(data, tps_by_id[t].island) for t in replayer.tps]
    kel_members: dict[str, list[int]] = defaultdict(list)
    for t, kel in enumerate(kel_of):
        kel_members[kel].append(t)
    kel_ok: dict[str, int] = defaultdict(int)
    for outcome in outcomes:
        good = [0 <= a <= d for a, d in zip(outcome.arrivals, deadlines, strict=True)]
        for t, ok in enumerate(good):
            on_time_count[t] += ok
        all_on_time += all(good)
        for kel, members in kel_members.items():
            kel_ok[kel] += all(good[t] for t in members)

    tps_rows: list[TpsRisk] = []
    for t, tps_id in enumerate(replayer.tps):
        tps = tps_by_id[tps_id]
        arrivals = [o.arrivals[t] for o in outcomes]
        p50, p90 = nearest_rank(arrivals, 0.5), nearest_rank(arrivals, 0.9)
        planned = replayer.planned_arrivals[t]
        tps_rows.append(
            TpsRisk(
                tps=tps_id,
                island=tps.island,
                kelurahan=kel_of[t],
                voters=tps.voters,
                deadline=replayer.at(deadlines[t]),
                planned=None if planned == NEVER else replayer.at(planned),
                p_on_time=_share(on_time_count[t], n),
                p50=None if p50 is None else replayer.at(p50),
                p90=None if p90 is None else replayer.at(p90),
            )
        )
    kel_rows = [
        KelurahanRisk(
            kelurahan=kel,
            tps=len(members),
            voters=sum(tps_by_id[replayer.tps[t]].voters for t in members),
            p_all_on_time=_share(kel_ok[kel], n),
            worst_tps=replayer.tps[min(members, key=lambda t: (on_time_count[t], t))],
        )
        for kel, members in sorted(kel_members.items())
    ]
    plan_unserved = tuple(sorted(u.tps for u in replayer.plan.unserved))
    return RiskReport(
        scenarios=n,
        seed=seed,
        uncertainty=uncertainty_of(data),
        on_time=all_on_time,
        p_all_on_time=_share(all_on_time, n),
        ci95=wilson(all_on_time, n),
        tps=tuple(tps_rows),
        kelurahan=tuple(kel_rows),
        legs=_legs(replayer, outcomes),
        unserved_by_plan=plan_unserved,
    )


def _legs(replayer: Replayer, outcomes: Sequence[Outcome]) -> tuple[LegRisk, ...]:
    n = len(outcomes)
    n_legs = len(replayer.legs)
    held = [0] * n_legs
    hold_total = [0] * n_legs
    failed = [0] * n_legs
    blamed = [0] * n_legs
    for outcome in outcomes:
        for m, hold in enumerate(outcome.holds):
            if hold > 0:
                held[m] += 1
                hold_total[m] += hold
        for m in outcome.failed:
            failed[m] += 1
        for m, count in outcome.blame:
            blamed[m] += count
    total_blame = sum(blamed)
    rows: list[LegRisk] = []
    for m, leg in enumerate(replayer.legs):
        if not (held[m] or failed[m] or blamed[m]):
            continue
        rows.append(_leg_row(replayer, leg, m, n, held, hold_total, failed, blamed, total_blame))
    rows.sort(key=lambda r: (-r.late_tps, -r.p_failed, -r.p_held, r.boat, r.trip, r.leg))
    return tuple(rows)


def _leg_row(
    replayer: Replayer,
    leg: Leg,
    m: int,
    n: int,
    held: list[int],
    hold_total: list[int],
    failed: list[int],
    blamed: list[int],
    total_blame: int,
) -> LegRisk:
    mean_hold = hold_total[m] / held[m] / 60_000_000 if held[m] else 0.0
    return LegRisk(
        boat=replayer.boats[leg.boat].id,
        trip=leg.trip,
        leg=leg.number,
        origin=leg.origin,
        target=leg.target,
        planned_depart=replayer.at(leg.planned_depart),
        p_held=_share(held[m], n),
        mean_hold_minutes=round(mean_hold, 1),
        p_failed=_share(failed[m], n),
        late_tps=blamed[m],
        share_of_lateness=_share(blamed[m], total_blame),
    )


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _kelurahan(data: DataSet, island_id: str) -> str:
    island = data.islands_by_id.get(island_id)
    if island is None:
        return island_id
    return island.kelurahan or island.name
