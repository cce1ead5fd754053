"""Warnings about data that is legal but probably not meant: forecast gaps, islands no boat
can call at. ``validate`` prints them; they never stop a run."""

from __future__ import annotations

from collections.abc import Iterator

from seribu_planner.crosscheck import when
from seribu_planner.derive.weather import Clock, forecast_gaps
from seribu_planner.model import DataSet


def data_warnings(data: DataSet) -> list[str]:
    """What is legal but probably not meant: forecast gaps, islands no boat can call at."""
    return [*_forecast_gaps(data), *_unreachable_islands(data)]


def _forecast_gaps(data: DataSet) -> Iterator[str]:
    campaign = data.campaign
    clock = Clock(campaign.start)
    for zone_id, gaps in forecast_gaps(data).items():
        for gap_from, gap_to in gaps:
            yield (
                f"weather.yaml: zone {zone_id} has no forecast from"
                f" {when(clock.at(gap_from), campaign.tz)} to"
                f" {when(clock.at(gap_to), campaign.tz)}; no boat may sail there then"
            )


def _unreachable_islands(data: DataSet) -> Iterator[str]:
    kinds: dict[str, set[str]] = {}
    for tps in data.tps:
        kinds.setdefault(tps.island, set()).add(tps.kind.value)
    for island in data.islands:
        needed = kinds.get(island.id)
        if not needed:
            continue
        depth = island.pier_depth_m
        if any(
            boat.can_berth(depth) and needed & {k.value for k in boat.serves} for boat in data.boats
        ):
            continue
        served = " or ".join(sorted(needed))
        if depth is None:
            reason = f"serves {served} TPS"
        else:
            reason = f"has a draft of at most {depth} m and serves {served} TPS"
        yield f"islands.yaml: no boat can call at {island.id}: none in fleet.yaml {reason}"
