"""Scale on synthetic archipelagos: time to a verified plan, cost, TPS served, memory.

Run from the repository root:  .venv/bin/python benchmarks/bench_scale.py [--sizes S M L]

Each size is generated with ``seribu_planner.generate`` (seeded, so every run plans the
same data) and planned in a fresh child process, which reports its wall times and its
peak resident memory (the whole process: interpreter, OR-Tools, model and plan).
Targets (issue 9): M (200 islands, 2,000 TPS, 30 boats) planned and verified within 30 s
and 1 GB; L (500 islands, 5,000 TPS, 60 boats) within 2 minutes, every TPS served. The
cost is shown with the proven lower bound the solver returns beside it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from seribu_planner.generate import SIZES, write_dataset

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
began = time.perf_counter()
from seribu_planner.load import load_dataset
from seribu_planner.solver import SolveParams, solve
from seribu_planner.outputs.summary import summarize
from seribu_planner.verify import verify
data = load_dataset(Path(sys.argv[1]))
loaded = time.perf_counter()
plan = solve(data, SolveParams(time_limit_s=float(sys.argv[2])))
solved = time.perf_counter()
violations = verify(data, plan)
verified = time.perf_counter()
summary = summarize(data, plan)
print(json.dumps({
    "load_s": loaded - began, "solve_s": solved - loaded, "verify_s": verified - solved,
    "total_s": verified - began, "violations": len(violations),
    "served": summary.tps_served, "tps": summary.tps_total, "cost": summary.cost,
    "bound": plan.lower_bound,
    "boats_used": summary.boats_used, "trips": summary.trips,
    "unserved": sorted({u.reason.value for u in plan.unserved}),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["S", "M", "L"], choices=sorted(SIZES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=600.0, help="solver cap, s")
    args = parser.parse_args()
    print(
        f"{'size':<4} {'islands/TPS/boats':>18} {'load':>6} {'solve':>7} {'verify':>6} "
        f"{'total':>7} {'served':>11} {'boats':>5} {'trips':>5} {'cost (Rp)':>15} "
        f"{'bound (Rp)':>15} {'RSS MB':>7}"
    )
    for size in args.sizes:
        islands, tps, boats = SIZES[size]
        with tempfile.TemporaryDirectory(prefix=f"seribu-{size}-") as folder:
            write_dataset(Path(folder), islands, tps, boats, args.seed)
            done = subprocess.run(
                [sys.executable, "-c", CHILD, folder, str(args.time_limit)],
                check=True,
                capture_output=True,
                text=True,
            )
        r = json.loads(done.stdout)
        assert r["violations"] == 0, f"{size}: the plan fails the verifier"
        print(
            f"{size:<4} {f'{islands}/{tps}/{boats}':>18} {r['load_s']:6.1f} {r['solve_s']:7.1f} "
            f"{r['verify_s']:6.2f} {r['total_s']:7.1f} {r['served']:>5}/{r['tps']:<5} "
            f"{r['boats_used']:>5} {r['trips']:>5} {r['cost']:>15,.0f} {r['bound'] or 0:>15,.0f} "
            f"{r['peak_rss_mb']:7.0f}"
            + (f"  unserved: {', '.join(r['unserved'])}" if r["unserved"] else ""),
            flush=True,
        )


if __name__ == "__main__":
    main()
