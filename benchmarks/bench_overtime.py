"""Speed of the CI step of a data repository (`weather import`, `check --plan`) and of
the re-plan after a storm (`route --against`).

Run from the repository root:  .venv/bin/python benchmarks/bench_overtime.py [--runs 7]

Target (issue 11): importing the saved forecasts plus checking the approved plan, on the
bundled data, under 1 s of wall time, each command a whole process as CI runs it
(interpreter start, imports, load, work, print). Each run starts from a fresh copy of the
bundled data and imports the three BMKG samples of tests/data/forecast; the check reads
examples/plan-2024.json with --as-of and --format github. Also printed, in one process: the
import's parts (read the files, merge, rewrite) and the verifier with as_of.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from seribu_planner.forecast import merge_forecast, read_forecasts, rewrite_weather
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.outputs.export import read_plan
from seribu_planner.verify import verify
from timing import line as timing_line
from timing import timed

ROOT = Path(__file__).resolve().parent.parent
FORECASTS = sorted((ROOT / "tests" / "data" / "forecast").glob("bmkg-*.json"))
PLAN = ROOT / "examples" / "plan-2024.json"
AS_OF = "2024-02-12T20:00"


#: Labels here run longer than in the other scripts.
line = functools.partial(timing_line, width=44)


def cpu() -> float:
    """CPU seconds (user + system) used so far by this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ci_step(scratch: Path) -> tuple[float, float, float, float]:
    """One run of the two commands on a fresh copy of the data: wall and CPU times of each.

    CPU time is shown beside wall time because it hardly moves when other work shares the
    machine, while wall time does.
    """
    data = scratch / "data"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(bundled_data_dir(), data)
    program = [sys.executable, "-m", "seribu_planner"]
    importing = [*program, "weather", "import", "--data", str(data), *map(str, FORECASTS)]
    checking = [
        *program, "check", "--data", str(data), "--plan", str(PLAN),
        "--as-of", AS_OF, "--format", "github",
    ]  # fmt: skip
    began, began_cpu = time.perf_counter(), cpu()
    subprocess.run(importing, check=True, capture_output=True)
    imported, imported_cpu = time.perf_counter(), cpu()
    done = subprocess.run(checking, check=False, capture_output=True)
    checked, checked_cpu = time.perf_counter(), cpu()
    assert done.returncode == 1, "the digital F.08 issue closes the plan's 13 Feb legs"
    return (
        imported - began,
        checked - imported,
        imported_cpu - began_cpu,
        checked_cpu - imported_cpu,
    )


def replan_step(folder: Path) -> tuple[float, list[str]]:
    """Wall time of `route --against` after a storm over Sebira, and the TPS that moved."""
    import yaml

    from seribu_planner.outputs.diff import TpsChange, plan_diff

    data_dir = folder / "storm"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    shutil.copytree(bundled_data_dir(), data_dir)
    weather = data_dir / "weather.yaml"
    document = yaml.safe_load(weather.read_text(encoding="utf-8"))
    for slot in document["forecast"]:
        if slot["zone"] == "laut-jawa-barat" and str(slot["from"]).startswith("2024-02-13"):
            slot["category"] = "Tinggi"
    weather.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    new = folder / "repaired.json"
    command = [sys.executable, "-m", "seribu_planner", "route", "-q", "--data", str(data_dir)]
    began = time.perf_counter()
    subprocess.run([*command, "--against", str(PLAN), "--json", str(new)], capture_output=True)
    wall = time.perf_counter() - began
    data = load_dataset(data_dir)
    diff = plan_diff(data, read_plan(PLAN), read_plan(new))
    moved = [d.tps for d in diff.tps if {TpsChange.BOAT, TpsChange.TRIP} & set(d.changes)]
    return wall, moved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, cores: {os.cpu_count()}"
    )
    with tempfile.TemporaryDirectory() as folder:
        runs = [ci_step(Path(folder)) for _ in range(args.runs)]
    print(line("weather import (whole process), wall", [r[0] for r in runs]))
    print(line("check --plan --as-of (whole process), wall", [r[1] for r in runs]))
    print(line("both: the CI step, wall", [r[0] + r[1] for r in runs]))
    print(line("weather import, CPU", [r[2] for r in runs]))
    print(line("check --plan --as-of, CPU", [r[3] for r in runs]))
    print(line("both, CPU", [r[2] + r[3] for r in runs]))

    with tempfile.TemporaryDirectory() as folder:
        storms = [replan_step(Path(folder)) for _ in range(args.runs)]
    print(line("route --against after a Sebira storm, wall", [w for w, _ in storms]))
    moved = storms[0][1]
    outside = [t for t in moved if not t.startswith("sebira-")]
    print(
        f"TPS that changed boat or trip: {', '.join(moved) or 'none'}; outside Sebira: "
        f"{len(outside)}"
    )

    data = load_dataset(bundled_data_dir())
    zone_order = [z.id for z in data.zones]
    text = (bundled_data_dir() / "weather.yaml").read_text(encoding="utf-8")
    print(line("load data", timed(lambda: load_dataset(bundled_data_dir()), args.runs)))
    print(
        line(
            "read 3 forecast files", timed(lambda: read_forecasts(FORECASTS, data.zones), args.runs)
        )
    )
    imports = read_forecasts(FORECASTS, data.zones)
    print(
        line("merge", timed(lambda: merge_forecast(data.forecast, imports, zone_order), args.runs))
    )
    merge = merge_forecast(data.forecast, imports, zone_order)
    tz = data.campaign.tz
    print(line("rewrite weather.yaml", timed(lambda: rewrite_weather(text, merge, tz), args.runs)))
    plan = read_plan(PLAN)
    as_of = datetime.fromisoformat(AS_OF).replace(tzinfo=ZoneInfo("Asia/Jakarta"))
    print(line("verify with as_of", timed(lambda: verify(data, plan, as_of=as_of), args.runs)))


if __name__ == "__main__":
    main()
