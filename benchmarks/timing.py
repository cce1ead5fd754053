"""What the benchmark scripts share: timing an action several times, and one result line."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(action: Callable[[], object], runs: int) -> list[float]:
    """Wall times in seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return times


def line(label: str, times: list[float], width: int = 34) -> str:
    """One result row: median, min and max."""
    return (
        f"{label:<{width}} median {statistics.median(times):6.3f} s"
        f"   min {min(times):6.3f}   max {max(times):6.3f}   ({len(times)} runs)"
    )
