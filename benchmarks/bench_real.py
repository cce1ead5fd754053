"""Speed on the real data: wall time of `seribu-plan route` and of its parts.

Run from the repository root:  .venv/bin/python benchmarks/bench_real.py [--runs 7]

Prints the median (and min / max) of several runs of
- the whole process, `python -m seribu_planner route --quiet` on the bundled data, as a
  user sees it (interpreter start, imports, load, solve, verify, print);
- in one process: loading the data, solving, verifying.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys

from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.solver import solve
from seribu_planner.verify import verify
from timing import line, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, cores: {__import__('os').cpu_count()}"
    )

    command = [sys.executable, "-m", "seribu_planner", "route", "--quiet"]
    whole = timed(lambda: subprocess.run(command, check=True, capture_output=True), args.runs)
    print(line("seribu-plan route (whole process)", whole))

    data = load_dataset(bundled_data_dir())
    print(line("load data", timed(lambda: load_dataset(bundled_data_dir()), args.runs)))
    plans = []
    print(line("solve", timed(lambda: plans.append(solve(data)), args.runs)))
    plan = plans[-1]
    print(line("verify", timed(lambda: verify(data, plan), args.runs)))
    assert verify(data, plan) == [], "the plan must pass the verifier"
    assert all(p == plan for p in plans), "same input, same plan"
    served = len(plan.served_tps())
    print(f"plan: {served} / {len(data.tps)} TPS served, verified, identical in every run")


if __name__ == "__main__":
    main()
