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

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from seribu_planner.model import DataSet, Uncertainty
from seribu_planner.plan import Plan
from seribu_planner.risk.engines import Engine, run
from seribu_planner.risk.replay import NEVER, Outcome, Replayer
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
    ordered = sorted(values)
    if not ordered:
        return None
    never = bisect.bisect_right(ordered, NEVER)  # NEVER (-1) sorts first: count them
    rank = max(1, math.ceil(q * len(ordered) - 1e-9))
    delivered = len(ordered) - never
    return ordered[never + rank - 1] if rank <= delivered else None


@dataclass
class Tally:
    """The counts of a run of scenarios, added up chunk by chunk.

    Workers tally their own chunk, so that little crosses between processes; the counts are
    integers, so adding tallies up is exact, and arrivals are kept in scenario order.
    """

    scenarios: int
    all_on_time: int
    on_time: list[int]  # per TPS
    kelurahan_ok: list[int]  # per kelurahan, in Replayer.kelurahan order
    held: list[int]  # per leg: scenarios in which the boat waited for the sea before it
    hold_total: list[int]  # per leg: microseconds waited, summed
    failed: list[int]  # per leg: scenarios in which it could not be sailed
    blamed: list[int]  # per leg: late or lost TPS blamed on it
    arrivals: list[list[int]]  # per TPS: arrival in each scenario (NEVER if none)

    @classmethod
    def empty(cls, replayer: Replayer) -> Tally:
        """A tally of no scenario."""
        n_legs = len(replayer.legs)
        return cls(
            scenarios=0,
            all_on_time=0,
            on_time=[0] * len(replayer.tps),
            kelurahan_ok=[0] * len(replayer.kelurahan),
            held=[0] * n_legs,
            hold_total=[0] * n_legs,
            failed=[0] * n_legs,
            blamed=[0] * n_legs,
            arrivals=[[] for _ in replayer.tps],
        )

    def add(self, replayer: Replayer, outcome: Outcome) -> None:
        """Count one more scenario (the next in order)."""
        self.scenarios += 1
        good = [0 <= a <= d for a, d in zip(outcome.arrivals, replayer.deadlines, strict=True)]
        for t, ok in enumerate(good):
            self.on_time[t] += ok
            self.arrivals[t].append(outcome.arrivals[t])
        self.all_on_time += all(good)
        for k, (_name, members) in enumerate(replayer.kelurahan):
            self.kelurahan_ok[k] += all(good[t] for t in members)
        for m, hold in enumerate(outcome.holds):
            if hold > 0:
                self.held[m] += 1
                self.hold_total[m] += hold
        for m in outcome.failed:
            self.failed[m] += 1
        for m, count in outcome.blame:
            self.blamed[m] += count

    def merge(self, later: Tally) -> None:
        """Add the tally of the scenarios that follow these."""
        self.scenarios += later.scenarios
        self.all_on_time += later.all_on_time
        for mine, theirs in (
            (self.on_time, later.on_time),
            (self.kelurahan_ok, later.kelurahan_ok),
            (self.held, later.held),
            (self.hold_total, later.hold_total),
            (self.failed, later.failed),
            (self.blamed, later.blamed),
        ):
            for i, value in enumerate(theirs):
                mine[i] += value
        for mine_list, theirs_list in zip(self.arrivals, later.arrivals, strict=True):
            mine_list.extend(theirs_list)


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

    def run(self, start: int, stop: int) -> list[Tally]:
        """Replay scenarios ``start`` .. ``stop - 1``: their tally, as a list of one."""
        replayer, sampler = self.prepared()
        tally = Tally.empty(replayer)
        for i in range(start, stop):
            tally.add(replayer, replayer.replay(sampler.heights(self.seed, i)))
        return [tally]


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
    replayer, _ = job.prepared()
    total = Tally.empty(replayer)
    for part in run(job, scenarios, engine):
        total.merge(part)
    return summarize(data, replayer, total, seed)


def summarize(data: DataSet, replayer: Replayer, tally: Tally, seed: int) -> RiskReport:
    """The figures of a tally of replays."""
    n = tally.scenarios
    deadlines = replayer.deadlines
    tps_by_id = data.tps_by_id
    kel_of = {t: name for name, members in replayer.kelurahan for t in members}
    tps_rows: list[TpsRisk] = []
    for t, tps_id in enumerate(replayer.tps):
        tps = tps_by_id[tps_id]
        arrivals = tally.arrivals[t]
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
                p_on_time=_share(tally.on_time[t], n),
                p50=None if p50 is None else replayer.at(p50),
                p90=None if p90 is None else replayer.at(p90),
            )
        )
    kel_rows = [
        KelurahanRisk(
            kelurahan=name,
            tps=len(members),
            voters=sum(tps_by_id[replayer.tps[t]].voters for t in members),
            p_all_on_time=_share(tally.kelurahan_ok[k], n),
            worst_tps=replayer.tps[min(members, key=lambda t: (tally.on_time[t], t))],
        )
        for k, (name, members) in enumerate(replayer.kelurahan)
    ]
    legs = [
        _leg_row(replayer, m, tally)
        for m in range(len(replayer.legs))
        if tally.held[m] or tally.failed[m] or tally.blamed[m]
    ]
    legs.sort(key=lambda r: (-r.late_tps, -r.p_failed, -r.p_held, r.boat, r.trip, r.leg))
    return RiskReport(
        scenarios=n,
        seed=seed,
        uncertainty=uncertainty_of(data),
        on_time=tally.all_on_time,
        p_all_on_time=_share(tally.all_on_time, n),
        ci95=wilson(tally.all_on_time, n),
        tps=tuple(tps_rows),
        kelurahan=tuple(kel_rows),
        legs=tuple(legs),
        unserved_by_plan=tuple(sorted(u.tps for u in replayer.plan.unserved)),
    )


def _leg_row(replayer: Replayer, m: int, tally: Tally) -> LegRisk:
    leg = replayer.legs[m]
    n = tally.scenarios
    held = tally.held[m]
    mean_hold = tally.hold_total[m] / held / 60_000_000 if held else 0.0
    return LegRisk(
        boat=replayer.boats[leg.boat].id,
        trip=leg.trip,
        leg=leg.number,
        origin=leg.origin,
        target=leg.target,
        planned_depart=replayer.at(leg.planned_depart),
        p_held=_share(held, n),
        mean_hold_minutes=round(mean_hold, 1),
        p_failed=_share(tally.failed[m], n),
        late_tps=tally.blamed[m],
        share_of_lateness=_share(tally.blamed[m], sum(tally.blamed)),
    )


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0
