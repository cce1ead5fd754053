"""Weather risk: replay speed, hindsight scaling, and what buffer costs on the bundled data.

Run from the repository root:

    .venv/bin/python benchmarks/bench_risk.py [--runs 3] [--hindsight 200] [--ray]

Prints
- the whole process of `seribu-plan risk --plan examples/plan-2024.json --scenarios 1000`
  (interpreter, imports, load, verify, 1,000 replays, report) with 1 and 2 workers; target:
  at most 10 s on 2 cores, and 2 workers faster than 1;
- the replays alone, in one process (`risk.measure`), with 1 and 2 workers;
- `--hindsight` over N scenarios (default 200): time per scenario with 1 and 2 workers
  (and on a local Ray instance with --ray);
- the default plan and a `route --target 0.95` plan side by side: cost, P(all on time)
  over 1,000 scenarios (seed 0), the premium.

Every JSON the script compares must be byte-identical across workers and engines; the
script stops if one is not. Other work on the machine changes every figure: the script
says at its start and end how many cores it really had (two busy loops at once against
one).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import DataSet
from seribu_planner.outputs.export import read_plan
from seribu_planner.outputs.risk_file import risk_to_json
from seribu_planner.outputs.summary import summarize
from seribu_planner.plan import Plan
from seribu_planner.risk.buffer import target_plan
from seribu_planner.risk.engines import Engine, cpu_count, ray_available
from seribu_planner.risk.hindsight import hindsight
from seribu_planner.risk.measure import RiskReport, measure
from seribu_planner.solver import SolveParams, solve
from seribu_planner.verify import verify
from timing import timed

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "plan-2024.json"
SCENARIOS = 1000


def row(label: str, times: list[float]) -> str:
    """One result row of a markdown table."""
    spread = f"{min(times):.2f}-{max(times):.2f}" if len(times) > 1 else "-"
    return f"| {label} | {statistics.median(times):.2f} s | {spread} | {len(times)} |"


def _burn(_: int) -> float:
    began = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i
    return time.perf_counter() - began


def free_cores() -> str:
    """How many cores this process really gets now: one busy loop against two at once."""
    alone = _burn(0)
    with multiprocessing.get_context().Pool(2) as pool:
        began = time.perf_counter()
        pool.map(_burn, [0, 1])
        both = time.perf_counter() - began
    return f"two busy loops at once take {both / alone:.2f} x one (1.0: two free cores, 2.0: one)"


def whole_process(runs: int) -> None:
    print("\n### 1,000 replays of the bundled plan, whole process\n")
    print("| command | median | range | runs |")
    print("|---|---|---|---|")
    outputs: list[bytes] = []
    with tempfile.TemporaryDirectory() as folder:
        for workers in (1, 2):
            target = Path(folder) / f"w{workers}.json"
            command = [
                sys.executable,
                "-m",
                "seribu_planner",
                "risk",
                "--plan",
                str(EXAMPLE),
                "--scenarios",
                str(SCENARIOS),
                "--workers",
                str(workers),
                "--json",
                str(target),
            ]
            times = timed(
                lambda c=command: subprocess.run(c, check=True, capture_output=True), runs
            )
            print(row(f"`risk --scenarios 1000 --workers {workers}`", times))
            outputs.append(target.read_bytes())
    if outputs[0] != outputs[1]:
        sys.exit("the JSON differs between 1 and 2 workers")


def replays_in_process(data: DataSet, plan: Plan, runs: int) -> None:
    print("\n### The replays alone (in one process, `risk.measure`)\n")
    print("| scenarios | workers | median | range | runs | per scenario |")
    print("|---|---|---|---|---|---|")
    for count in (SCENARIOS, 10 * SCENARIOS):
        reports = []
        for workers in (1, 2):
            engine = Engine(workers=workers)
            times = timed(
                lambda e=engine, c=count, r=reports: r.append(measure(data, plan, c, 0, e)), runs
            )
            per = statistics.median(times) / count * 1000
            print(f"| {count:,} {row(str(workers), times)} {per:.2f} ms |")
        if risk_to_json(data, reports[0]) != risk_to_json(data, reports[-1]):
            sys.exit("the report differs between 1 and 2 workers")


def hindsight_scaling(data: DataSet, count: int, with_ray: bool) -> None:
    print(f"\n### `--hindsight` over {count} scenarios\n")
    print("| engine | workers | wall | per scenario | served all on time | speed-up |")
    print("|---|---|---|---|---|---|")
    engines = [Engine(workers=1), Engine(workers=2)]
    if with_ray and ray_available():
        engines.append(Engine(kind="ray", workers=2))
    first: float | None = None
    results = []
    for engine in engines:
        began = time.perf_counter()
        result = hindsight(data, count, 0, engine, time_limit_s=600)
        wall = time.perf_counter() - began
        first = first or wall
        results.append(result)
        print(
            f"| {engine.kind} | {engine.workers} | {wall:.1f} s | {wall / count:.2f} s "
            f"| {result.p_all_served:.1%} | {first / wall:.2f} x |"
        )
    if any(r != results[0] for r in results):
        sys.exit("hindsight differs between engines or worker counts")
    mean, median = results[0].cost_mean, results[0].cost_median
    if mean is not None and median is not None:
        print(f"\nHindsight plan cost: mean Rp {mean:,.0f}, median Rp {median:,.0f}.")


def buffer_side_by_side(data: DataSet) -> None:
    print("\n### The default plan and a `--target 0.95` plan\n")
    engine = Engine(workers=cpu_count())

    def risk_of(plan: Plan) -> RiskReport:
        return measure(data, plan, SCENARIOS, 0, engine)

    began = time.perf_counter()
    search = target_plan(data, 0.95, lambda d: solve(d, SolveParams()), risk_of)
    wall = time.perf_counter() - began
    for plan in (search.plain, search.plan):
        if verify(data, plan):
            sys.exit("a plan failed the verifier")
    plain_cost = summarize(data, search.plain).cost
    print("| plan | cost | premium | P(all on time) | 95 % interval | TPS served |")
    print("|---|---|---|---|---|---|")
    for label, plan, report in (
        ("default", search.plain, search.plain_report),
        ("`--target 0.95`", search.plan, search.report),
    ):
        cost = summarize(data, plan).cost
        premium = (
            "-"
            if plan is search.plain
            else (f"Rp {cost - plain_cost:,.0f} ({(cost - plain_cost) / plain_cost:.1%})")
        )
        lo, hi = report.ci95
        print(
            f"| {label} | Rp {cost:,.0f} | {premium} | {report.p_all_on_time:.1%} "
            f"| {lo:.1%}-{hi:.1%} | {len(plan.served_tps())} |"
        )
    print(f"\n{search.rounds} rounds of tightening, {wall:.1f} s in all.")
    json_again = risk_to_json(data, risk_of(search.plan))
    if json_again != risk_to_json(data, search.report):
        sys.exit("the target plan's report is not reproducible")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hindsight", type=int, default=200, help="scenarios (0: skip)")
    parser.add_argument("--ray", action="store_true", help="also time hindsight on Ray")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, cores: {os.cpu_count()}"
    )
    print(f"cores available at the start: {free_cores()}")
    data = load_dataset(bundled_data_dir())
    plan = read_plan(EXAMPLE)
    if verify(data, plan):
        sys.exit("the example plan does not hold on the bundled data")
    whole_process(args.runs)
    replays_in_process(data, plan, args.runs)
    buffer_side_by_side(data)
    if args.hindsight:
        hindsight_scaling(data, args.hindsight, args.ray)
    print(f"\ncores available at the end: {free_cores()}")


if __name__ == "__main__":
    main()
