"""Loading files near the 5 MB cap: wall time and peak memory of ``load_dataset``.

Run from the repository root:  .venv/bin/python benchmarks/bench_load.py [--runs 3]

Writes, in a temporary copy of the bundled data set,
- a ``tps.yaml`` of about 4.9 MB (some 55,000 TPS spread over the bundled islands), and
- a ``weather.yaml`` of about 4.9 MB (10-minute forecast slots for the bundled zones and
  for extra zones, over the whole campaign week),
then loads the data set in a fresh process per run (so that each peak is its own) and
prints the wall time of the load and the peak resident memory of the process, with the
memory the process held before loading (interpreter and imports) for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

#: Just under the loader's 5 MiB cap, as the issue's measurement (a 4.9 MB tps.yaml).
TARGET_BYTES = 4_900_000


def big_tps(data: Path) -> int:
    """Replace ``tps.yaml`` with one of about TARGET_BYTES; the number of TPS written."""
    import yaml  # only to read the islands of the copy

    islands = yaml.safe_load((data / "islands.yaml").read_text(encoding="utf-8"))["islands"]
    lines = ["# Synthetic TPS for bench_load.py: many per island.\n", "tps:\n"]
    size = sum(len(line) for line in lines)
    count = 0
    while True:
        island = islands[count % len(islands)]
        number = count // len(islands) + 1
        kind = "khusus" if island.get("kind") == "platform" else "regular"
        line = (
            f"  - {{id: {island['id']}-{number:05d}, island: {island['id']},"
            f" number: {number}, kind: {kind}, voters: {1 + count * 37 % 300}}}\n"
        )
        if size + len(line) > TARGET_BYTES:
            break
        lines.append(line)
        size += len(line)
        count += 1
    (data / "tps.yaml").write_text("".join(lines), encoding="utf-8")
    return count


def big_weather(data: Path) -> int:
    """Replace ``weather.yaml`` with one of about TARGET_BYTES; the number of slots written."""
    import yaml

    zones = yaml.safe_load((data / "weather.yaml").read_text(encoding="utf-8"))["zones"]
    ids = [zone["id"] for zone in zones]
    begin, end, step = datetime(2024, 2, 9), datetime(2024, 2, 15), timedelta(minutes=10)
    head = ["# Synthetic 10-minute forecast for bench_load.py.\n", "zones:\n"]
    slots: list[str] = ["forecast:\n"]
    size = 0
    n = 0
    while True:
        zone = ids[n] if n < len(ids) else f"synthetic-{n:03d}"
        block = []
        moment = begin
        while moment < end:
            wave = 0.1 + (n * 7 + len(block) * 13) % 25 / 10
            block.append(
                f"  - {{zone: {zone}, from: {moment:%Y-%m-%dT%H:%M},"
                f" to: {moment + step:%Y-%m-%dT%H:%M}, wave_m: {wave:.1f}}}\n"
            )
            moment += step
        zone_line = f"  - {{id: {zone}, name: Zone {zone}}}\n"
        added = len(zone_line) + sum(len(line) for line in block)
        if size + added > TARGET_BYTES - 200:
            break
        head.append(zone_line)
        slots.extend(block)
        size += added
        n += 1
    (data / "weather.yaml").write_text("".join(head + slots), encoding="utf-8")
    return len(slots) - 1


def peak_rss_bytes() -> int:
    """Peak resident memory of this process so far.

    On Linux from VmHWM, which starts afresh at exec; ru_maxrss would carry over the peak
    of the parent that forked this process.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, else KiB


def child(data: Path) -> None:
    """In a fresh process: load once, print the figures as JSON."""
    from seribu_planner.load import load_dataset

    before = peak_rss_bytes()
    began = time.perf_counter()
    loaded = load_dataset(data)
    seconds = time.perf_counter() - began
    figures = {
        "seconds": seconds,
        "peak_mb": peak_rss_bytes() / 1e6,
        "before_mb": before / 1e6,
        "tps": len(loaded.tps),
        "slots": len(loaded.forecast),
    }
    print(json.dumps(figures))


def measure(label: str, data: Path, runs: int) -> None:
    """Load ``data`` in ``runs`` fresh processes and print one result row."""
    results = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(data)],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(done.stdout))
    seconds = [r["seconds"] for r in results]
    print(
        f"{label:<34} load median {statistics.median(seconds):6.2f} s"
        f" (min {min(seconds):.2f}, max {max(seconds):.2f})"
        f"   peak RSS {max(r['peak_mb'] for r in results):6.0f} MB"
        f" (before loading {results[0]['before_mb']:.0f} MB)"
        f"   {results[0]['tps']} TPS, {results[0]['slots']} forecast slots"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return

    from seribu_planner.load import bundled_data_dir

    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, cores: {os.cpu_count()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled"
        shutil.copytree(bundled_data_dir(), bundled)
        measure("bundled data set", bundled, args.runs)

        tps = Path(tmp) / "tps"
        shutil.copytree(bundled_data_dir(), tps)
        count = big_tps(tps)
        size = (tps / "tps.yaml").stat().st_size
        measure(f"tps.yaml {size / 1e6:.1f} MB ({count} TPS)", tps, args.runs)

        weather = Path(tmp) / "weather"
        shutil.copytree(bundled_data_dir(), weather)
        count = big_weather(weather)
        size = (weather / "weather.yaml").stat().st_size
        measure(f"weather.yaml {size / 1e6:.1f} MB ({count} slots)", weather, args.runs)


if __name__ == "__main__":
    main()
