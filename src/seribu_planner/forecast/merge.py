"""Merging imported forecasts onto a zone's existing slots: the newest issue wins.

For every zone and moment the merged forecast holds the slot of the newest issue that
covers it. A hand-written slot (no ``issued``) counts as older than any issue, and an
imported file replaces a slot of its own issue (importing the same file again changes
nothing). Older slots keep the time no newer issue covers, cut where a newer one begins:
the past stays as it was forecast, so a plan's sailed legs can still be read against it.
Two files of the same issue that cover the same time of a zone are bad input.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from seribu_planner.errors import InputError, Problem
from seribu_planner.forecast.imported import ImportedForecast
from seribu_planner.json_text import json_path
from seribu_planner.model import ForecastSlot
from seribu_planner.outputs.i18n import _


@dataclass(frozen=True)
class MergedSlot:
    """A slot of the merged forecast and where it came from.

    ``original`` is the index of the existing slot it is (or is cut from), None for an
    imported one; ``cut`` says its times differ from those of the slot it came from.
    """

    slot: ForecastSlot
    original: int | None
    cut: bool


@dataclass(frozen=True)
class ZoneChange:
    """What an import did to one zone's forecast, in slots."""

    zone: str
    added: int
    replaced: int
    cut: int
    kept: int
    superseded: int


@dataclass(frozen=True)
class Merge:
    """The merged forecast (zones in the given order, each in time order) and its changes."""

    slots: tuple[MergedSlot, ...]
    changes: tuple[ZoneChange, ...]

    @property
    def forecast(self) -> tuple[ForecastSlot, ...]:
        """The merged slots themselves."""
        return tuple(m.slot for m in self.slots)


@dataclass
class _Piece:
    start: datetime
    end: datetime
    slot: ForecastSlot
    original: int | None
    imported: int | None  # index of the imported slot, for counting


_OLDEST = datetime.min.replace(tzinfo=UTC)


def merge_forecast(
    existing: Sequence[ForecastSlot],
    imports: Sequence[ImportedForecast],
    zone_order: Sequence[str],
) -> Merge:
    """The existing forecast with the imported files merged in; InputError on a same-issue
    overlap between files."""
    _same_issue_overlaps(imports)
    layers: list[tuple[datetime, int, int, _Piece]] = []
    for k, slot in enumerate(existing):
        issued = slot.issued.astimezone(UTC) if slot.issued is not None else _OLDEST
        layers.append((issued, 0, k, _Piece(slot.from_, slot.to, slot, k, None)))
    count = 0
    already = set(existing)
    for imported in imports:
        for slot in imported.slots:
            if slot in already:  # imported before: the slot stays as it is written
                continue
            layers.append(
                (imported.issued, 1, count, _Piece(slot.from_, slot.to, slot, None, count))
            )
            count += 1
    # Oldest first, so that each newer layer paints over what it covers; at equal issue
    # time the imported file paints over the existing slot.
    layers.sort(key=lambda layer: layer[:3])
    timelines: dict[str, list[_Piece]] = defaultdict(list)
    for *_rank, piece in layers:
        _paint(timelines[piece.slot.zone], piece)

    order = {zone: i for i, zone in enumerate(zone_order)}
    merged: list[MergedSlot] = []
    changes: list[ZoneChange] = []
    for zone in sorted(timelines, key=lambda z: (order.get(z, len(order)), z)):
        pieces = timelines[zone]
        for piece in pieces:
            same = piece.start == piece.slot.from_ and piece.end == piece.slot.to
            slot = (
                piece.slot
                if same
                else piece.slot.model_copy(update={"from_": piece.start, "to": piece.end})
            )
            merged.append(MergedSlot(slot, piece.original, not same))
        changes.append(_change(zone, pieces, existing, imports))
    return Merge(tuple(merged), tuple(changes))


def _paint(timeline: list[_Piece], piece: _Piece) -> None:
    """Put ``piece`` on the timeline (kept in time order), cutting what it covers."""
    kept: list[_Piece] = []
    for old in timeline:
        if old.end <= piece.start or piece.end <= old.start:
            kept.append(old)
            continue
        if old.start < piece.start:
            kept.append(_Piece(old.start, piece.start, old.slot, old.original, old.imported))
        if piece.end < old.end:
            kept.append(_Piece(piece.end, old.end, old.slot, old.original, old.imported))
    kept.append(piece)
    kept.sort(key=lambda p: p.start)
    timeline[:] = kept


def _change(
    zone: str,
    pieces: list[_Piece],
    existing: Sequence[ForecastSlot],
    imports: Sequence[ImportedForecast],
) -> ZoneChange:
    whole: set[int] = set()
    parts: set[int] = set()
    for piece in pieces:
        if piece.original is not None:
            same = piece.start == piece.slot.from_ and piece.end == piece.slot.to
            (whole if same else parts).add(piece.original)
    mine = [k for k, slot in enumerate(existing) if slot.zone == zone]
    shown = {p.imported for p in pieces if p.imported is not None}
    already = set(existing)
    offered = sum(1 for i in imports if i.zone == zone for s in i.slots if s not in already)
    return ZoneChange(
        zone=zone,
        added=sum(1 for p in pieces if p.imported is not None),
        replaced=sum(1 for k in mine if k not in whole and k not in parts),
        cut=len(parts - whole),
        kept=len(whole),
        superseded=offered - len(shown),
    )


def _same_issue_overlaps(imports: Sequence[ImportedForecast]) -> None:
    """Two files of one issue must not both cover the same time of a zone."""
    groups: dict[tuple[str, datetime], list[tuple[ForecastSlot, ImportedForecast, int]]] = (
        defaultdict(list)
    )
    for imported in imports:
        for k, slot in enumerate(imported.slots):
            groups[(imported.zone, imported.issued)].append((slot, imported, k))
    problems: list[Problem] = []
    for (zone, issued), slots in groups.items():
        slots.sort(key=lambda s: (s[0].from_, s[0].to, s[1].file))
        latest: tuple[ForecastSlot, ImportedForecast, int] | None = None
        for entry in slots:
            slot, imported, k = entry
            if latest is not None and slot.from_ < latest[0].to and imported.file != latest[1].file:
                other = latest[1]
                same = " (the same content)" if other.digest == imported.digest else ""
                message = (
                    f"covers {_utc(slot.from_)} to {_utc(slot.to)} of zone {zone}, as does "
                    f"{other.file}{same} ({json_path(other.paths[latest[2]])}), a forecast of the "
                    f"same issue ({_utc(issued)}); give each file once"
                )
                problem = imported.problem(k, message)
                if problem not in problems:
                    problems.append(problem)
            if latest is None or slot.to > latest[0].to:
                latest = entry
    if problems:
        raise InputError(problems, tip=_("keep one file per area and issue time"))


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
