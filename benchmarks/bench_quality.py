"""Plan cost against references: the block-model solver it replaced, and a proven bound.

Run from the repository root:  .venv/bin/python benchmarks/bench_quality.py [--quick]

For the bundled data and seeded synthetic archipelagos (12 to 40 islands, 80 to 300 TPS,
4 to 10 boats, seeds 1-3) it plans with each setting below and prints the cost, the TPS
served and the solve time, beside:

* the cost of the block-model solver this one replaced (`reference_block_model.json`,
  measured with the code at commit 454f6c6 on the same instances: "never dearer than today's
  solver" is the target), and
* the proven lower bound of ``seribu_planner.solver.bound`` on any plan serving the same TPS
  (the solver returns it with the plan): the gap says how far from the best possible the
  plan can be at most.

Every plan is checked with the independent verifier; the script stops if one fails.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import DataSet
from seribu_planner.outputs.summary import summarize
from seribu_planner.solver import SolveParams, solve
from seribu_planner.verify import verify

HERE = Path(__file__).resolve().parent
REFERENCE = json.loads((HERE / "reference_block_model.json").read_text(encoding="utf-8"))
SIZES = [(12, 80, 4), (20, 150, 6), (30, 250, 8), (40, 300, 10)]


def cases(quick: bool) -> list[tuple[str, DataSet]]:
    """The bundled data and the seeded synthetic archipelagos of the reference file."""
    from seribu_planner.generate import write_dataset

    out = [("bundled", load_dataset(bundled_data_dir()))]
    for islands, tps, boats in SIZES:
        for seed in (1,) if quick else (1, 2, 3):
            folder = Path(tempfile.mkdtemp(prefix="seribu-bench-"))
            write_dataset(folder, islands, tps, boats, seed)
            out.append((f"{islands}/{tps}/{boats} seed {seed}", load_dataset(folder)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one seed per size")
    parser.add_argument(
        "--settings", nargs="*", default=["default"], help="default, insertion, routing, long"
    )
    args = parser.parse_args()
    settings = {
        "default": SolveParams(),
        "insertion": SolveParams(start="insertion"),  # type: ignore[arg-type]
        "routing": SolveParams(start="routing"),  # type: ignore[arg-type]
        "long": SolveParams(iterations=5000),
    }
    worse = 0
    print(
        f"{'case':<22} {'setting':<10} {'cost (Rp)':>15} {'served':>7} {'time':>7} "
        f"{'vs block model':>15} {'vs bound':>9}"
    )
    for name, data in cases(args.quick):
        ref = REFERENCE.get(name)
        for label in args.settings:
            began = time.perf_counter()
            plan = solve(data, settings[label])
            seconds = time.perf_counter() - began
            violations = verify(data, plan)
            assert violations == [], f"{name} {label}: {violations[:3]}"
            s = summarize(data, plan)
            versus = "-"
            if ref is not None:
                if s.tps_served < ref["served"]:
                    versus = "fewer served"
                    worse += 1
                else:
                    versus = f"{100 * (s.cost - ref['cost']) / ref['cost']:+.1f} %"
                    worse += s.tps_served == ref["served"] and s.cost > ref["cost"]
            bound = plan.lower_bound
            gap = "-" if not bound else f"{100 * (s.cost - bound) / bound:.1f} %"
            print(
                f"{name:<22} {label:<10} {s.cost:>15,.0f} {s.tps_served:>7} "
                f"{seconds:>6.2f}s {versus:>15} {gap:>9}",
                flush=True,
            )
    print(f"\nplans dearer than the block model's (or serving fewer TPS): {worse}")


if __name__ == "__main__":
    main()
