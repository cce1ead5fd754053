"""Lower bound (``solver.bound``): value, method and time on the bundled data and S/M/L.

For each case: the bound over every servable TPS (the default of ``lower_bound``), the
method that gave it, and the time of ``lower_bound`` alone (data already loaded), the
best of ``--runs`` runs; also the time with ``served`` given, as a caller that already has
a plan passes it (no reachability search for the default served set).

    .venv/bin/python benchmarks/bench_bound.py [--sizes S M L] [--runs 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from seribu_planner.generate import SIZES, write_dataset
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import DataSet
from seribu_planner.solver.bound import Bound, lower_bound


def _timed(data: DataSet, served: list[str] | None, runs: int) -> tuple[Bound, float]:
    best = float("inf")
    bound = None
    for _ in range(runs):
        began = time.perf_counter()
        bound = lower_bound(data, served)
        best = min(best, time.perf_counter() - began)
    assert bound is not None
    return bound, best


def main() -> None:
    """Print one row per case."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", default=["S", "M", "L"], choices=sorted(SIZES))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cases: list[tuple[str, DataSet]] = [("bundled", load_dataset(bundled_data_dir()))]
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = Path(tmp) / size
            write_dataset(folder, *SIZES[size], seed=0)
            cases.append((f"synthetic {size} seed 0", load_dataset(folder)))
        print("| case | TPS | bound (Rp) | method | time | time, served given |")
        print("|---|---|---|---|---|---|")
        for name, data in cases:
            bound, seconds = _timed(data, None, args.runs)
            _, given = _timed(data, list(bound.served), args.runs)
            print(
                f"| {name} | {len(bound.served):,} / {len(data.tps):,} | {bound.rupiah:,.0f} | "
                f"{bound.method} | {seconds:.2f} s | {given:.2f} s |"
            )
            print(f"|  | | {bound.detail} | | | |")


if __name__ == "__main__":
    main()
