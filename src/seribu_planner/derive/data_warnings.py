"""Warnings about data that is legal but probably not meant: forecast gaps, piers too
shallow for boats, islands no boat can deliver to. ``validate`` prints them; they never
stop a run."""

from __future__ import annotations

from collections.abc import Iterator

from seribu_planner.derive.eligibility import Eligibility
from seribu_planner.derive.weather import Clock, forecast_gaps
from seribu_planner.model import DataSet, TpsKind
from seribu_planner.outputs.i18n import _, decimal, say, when


def data_warnings(data: DataSet) -> list[str]:
    """What is legal but probably not meant: forecast gaps, piers too shallow for boats."""
    eligibility = Eligibility.of(data)
    return [
        *_forecast_gaps(data),
        *_shallow_ports(eligibility),
        *_unreachable_islands(data, eligibility),
    ]


def _forecast_gaps(data: DataSet) -> Iterator[str]:
    campaign = data.campaign
    clock = Clock(campaign.start)
    for zone_id, gaps in forecast_gaps(data).items():
        for gap_from, gap_to in gaps:
            message = _(
                "weather.yaml: zone {zone} has no forecast from {start} to {end}; no boat may "
                "sail there then"
            )
            yield message.format(
                zone=zone_id,
                start=when(clock.at(gap_from), campaign.tz),
                end=when(clock.at(gap_to), campaign.tz),
            )


def _shallow_ports(eligibility: Eligibility) -> Iterator[str]:
    for port, boats in eligibility.shallow_ports():
        based = [b.id for b in boats if b.home == port.id]
        by_draft: dict[float, list[str]] = {}
        for boat in boats:
            by_draft.setdefault(boat.draft_m, []).append(boat.id)
        drafts = ", ".join(
            f"{', '.join(ids)} ({decimal(d)} m)" for d, ids in sorted(by_draft.items())
        )
        values = {"port": port.id, "depth": decimal(port.pier_depth_m or 0), "drafts": drafts}
        if not based:
            message = _(
                "islands.yaml: the pier at port {port} ({depth} m) is shallower than the draft "
                "of {drafts}: they cannot load or end a trip there"
            )
        elif len(based) == 1:
            message = _(
                "islands.yaml: the pier at port {port} ({depth} m) is shallower than the draft "
                "of {drafts}: they cannot load or end a trip there; {based} is based there "
                "(fleet.yaml home) and cannot make any trip"
            )
        else:
            message = _(
                "islands.yaml: the pier at port {port} ({depth} m) is shallower than the draft "
                "of {drafts}: they cannot load or end a trip there; {based} are based there "
                "(fleet.yaml home) and cannot make any trip"
            )
        yield message.format(**values, based=", ".join(based))


def _unreachable_islands(data: DataSet, eligibility: Eligibility) -> Iterator[str]:
    kinds: dict[str, set[TpsKind]] = {}
    for tps in data.tps:
        kinds.setdefault(tps.island, set()).add(tps.kind)
    for island in data.islands:
        for kind in sorted(kinds.get(island.id, ())):
            reason = eligibility.no_carrier(island, kind)
            if reason is not None:
                message = _("islands.yaml: no boat can call at {island}: {reason}")
                yield message.format(island=island.id, reason=say(reason, data.campaign.tz))
