"""Hindsight: what a planner who knew each scenario's sea in advance could have done.

Per scenario the solver plans afresh with the scenario's sea as the forecast. The share of
scenarios in which that plan serves every TPS by its deadline is the ceiling against which a
plan's P(all on time) is judged, and its cost what perfect knowledge would have paid. The
solver is a heuristic, so the share is the solver's answer: a lower estimate of what some
plan could do. Every hindsight plan is checked with the verifier against its scenario.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from seribu_planner.model import DataSet
from seribu_planner.outputs.summary import summarize
from seribu_planner.risk.engines import Engine, run
from seribu_planner.risk.measure import wilson
from seribu_planner.risk.scenarios import ScenarioSampler, scenario_forecast
from seribu_planner.verify import verify


class HindsightBug(RuntimeError):
    """A hindsight plan failed the verifier: a solver bug, never a user error."""


@dataclass(frozen=True)
class HindsightResult:
    """One scenario solved in hindsight."""

    served_all: bool
    served: int
    cost: float


@dataclass
class HindsightJob:
    """Solve scenario ``i`` of ``seed`` with its sea known, on any worker."""

    data: DataSet
    seed: int
    time_limit_s: float
    _sampler: ScenarioSampler | None = field(default=None, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        return {
            "data": self.data,
            "seed": self.seed,
            "time_limit_s": self.time_limit_s,
            "_sampler": None,
        }

    def run(self, start: int, stop: int) -> list[HindsightResult]:
        """Solve scenarios ``start`` .. ``stop - 1``."""
        if self._sampler is None:
            self._sampler = ScenarioSampler(self.data)
        return [self.solve_one(i) for i in range(start, stop)]

    def solve_one(self, index: int) -> HindsightResult:
        """Plan scenario ``index`` with its sea as the forecast, and verify the plan."""
        assert self._sampler is not None
        heights = self._sampler.heights(self.seed, index)
        known = self.data.model_copy(update={"forecast": scenario_forecast(self.data, heights)})
        from seribu_planner.solver import SolveParams, solve  # OR-Tools loads only here

        plan = solve(known, SolveParams(time_limit_s=self.time_limit_s))
        violations = verify(known, plan)
        if violations:
            raise HindsightBug(f"scenario {index}: {violations[0].message}")
        served = len(plan.served_tps())
        return HindsightResult(
            served_all=not plan.unserved, served=served, cost=summarize(known, plan).cost
        )


@dataclass(frozen=True)
class Hindsight:
    """Hindsight over the scenarios: how often all TPS could be served on time, at what cost."""

    scenarios: int
    served_all: int
    p_all_served: float
    ci95: tuple[float, float]
    #: Cost of the hindsight plans that serve every TPS (None when there are none).
    cost_mean: float | None
    cost_median: float | None


def hindsight(
    data: DataSet, scenarios: int, seed: int, engine: Engine, time_limit_s: float
) -> Hindsight:
    """Solve every scenario in hindsight and sum up."""
    results = run(HindsightJob(data, seed, time_limit_s), scenarios, engine)
    return summarize_hindsight(results)


def summarize_hindsight(results: list[HindsightResult]) -> Hindsight:
    """The figures of a set of hindsight solves (in scenario order)."""
    n = len(results)
    full = [r.cost for r in results if r.served_all]
    return Hindsight(
        scenarios=n,
        served_all=len(full),
        p_all_served=len(full) / n if n else 0.0,
        ci95=wilson(len(full), n),
        cost_mean=statistics.fmean(full) if full else None,
        cost_median=statistics.median(full) if full else None,
    )
