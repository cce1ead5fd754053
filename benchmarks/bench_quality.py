"""Plan cost against references: a long search, and a lower bound.

Run from the repository root:  .venv/bin/python benchmarks/bench_quality.py

For the bundled data and a few seeded synthetic archipelagos it prints, for each search
setting, the cost of the plan, the TPS served and the solve time, and the gaps to
(a) the best plan found by a long search (guided local search for 15,000 solutions after
the default greedy descent, 50 times the 300 of the short guided setting) and
(b) the lower bound of ``lower_bound.py`` over the TPS that plan serves. The default
search settings of ``SolveParams`` were chosen from these figures (benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from lower_bound import cost_lower_bound
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import DataSet
from seribu_planner.outputs.summary import summarize
from seribu_planner.solver import SolveParams, solve
from seribu_planner.verify import verify

DEFAULT = SolveParams()
GUIDED = replace(DEFAULT, improvement="guided")
SETTINGS = {
    "greedy descent only": replace(DEFAULT, improvement="greedy"),
    "guided, 300 solutions": replace(GUIDED, solution_limit=300),
    "default (auto)": DEFAULT,
    "guided, 3,000 solutions": replace(GUIDED, solution_limit=3_000),
    "guided, 15,000 (reference)": replace(GUIDED, solution_limit=15_000, time_limit_s=3600),
}


def cases(sizes: list[tuple[int, int, int, int]]) -> list[tuple[str, DataSet]]:
    """The bundled data and seeded synthetic archipelagos (islands, TPS, boats, seed)."""
    from seribu_planner.generate import write_dataset

    out = [("bundled (Kepulauan Seribu)", load_dataset(bundled_data_dir()))]
    for islands, tps, boats, seed in sizes:
        folder = Path(tempfile.mkdtemp(prefix="seribu-bench-"))
        write_dataset(folder, islands, tps, boats, seed)
        out.append((f"synthetic {islands}/{tps}/{boats} seed {seed}", load_dataset(folder)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the x50 reference")
    args = parser.parse_args()
    sizes = [(12, 80, 4, 1), (20, 150, 6, 2), (30, 250, 8, 3)]
    for name, data in cases(sizes):
        print(f"\n{name}: {len(data.tps)} TPS, {len(data.islands)} places, {len(data.boats)} boats")
        results = {}
        for label, params in SETTINGS.items():
            if args.quick and "reference" in label:
                continue
            began = time.perf_counter()
            plan = solve(data, params)
            seconds = time.perf_counter() - began
            assert verify(data, plan) == [], f"{label}: plan fails the verifier"
            summary = summarize(data, plan)
            served_islands = {data.tps_by_id[t].island for t in plan.served_tps()}
            results[label] = (summary.cost, summary.tps_served, seconds, served_islands)
        reference = min(
            (
                cost
                for cost, served, _, _ in results.values()
                if served == max(r[1] for r in results.values())
            ),
        )
        for label, (cost, served, seconds, islands) in results.items():
            bound = cost_lower_bound(data, islands)
            print(
                f"  {label:<27} cost Rp {cost:>14,.0f}  served {served:>5}  {seconds:7.2f} s"
                f"  vs best {100 * (cost - reference) / reference:6.2f} %"
                f"  vs bound {100 * (cost - bound) / bound:6.1f} %"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
