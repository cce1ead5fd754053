"""The kit (bill of materials) of each TPS: item counts, weight and volume."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from seribu_planner.model import Campaign, Tps


@dataclass(frozen=True)
class Kit:
    """What one TPS receives: item counts in kit-list order, total weight and volume."""

    counts: tuple[tuple[str, int], ...]
    kg: float
    m3: float

    @property
    def items(self) -> int:
        """Number of pieces in the kit."""
        return sum(count for _, count in self.counts)


def item_count(per_tps: int, per_voter: int, spare: float, voters: int) -> int:
    """Pieces of one item for a TPS: per-TPS pieces plus per-voter pieces with the spare.

    The spare is rounded up per TPS and per type, as KPU prints ballots (DPT + 2 % of each
    type at each TPS). Exact fractions: 250 x 1.02 in floating point is 255.00000000000003.
    """
    with_spare = math.ceil(voters * (1 + Fraction(str(spare))))
    return per_tps + per_voter * with_spare


def kit_for(campaign: Campaign, tps: Tps) -> Kit:
    """The kit of one TPS under the campaign's kit list."""
    counts = tuple(
        (item.item, item_count(item.per_tps, item.per_voter, item.spare, tps.voters))
        for item in campaign.kit
    )
    kg = sum(count * item.kg for (_, count), item in zip(counts, campaign.kit, strict=True))
    m3 = sum(count * item.m3 for (_, count), item in zip(counts, campaign.kit, strict=True))
    return Kit(counts=counts, kg=kg, m3=m3)
