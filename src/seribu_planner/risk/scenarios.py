"""Sea-state scenarios sampled around the forecast.

A scenario keeps every forecast slot (its zone and its times) and moves the slot's sea
state by a whole number of BMKG categories. The shift of a slot is ``round(spread * x)``:

* ``spread`` grows with the slot's lead time, its midpoint after the forecast was issued
  (the slot's own ``issued`` when ``weather import`` recorded one, else the block's
  ``issued``, else the campaign start):
  ``min(spread_max, spread_now + spread_per_day * lead_days)``;
* ``x`` is a standard normal latent that persists from slot to slot (an Ornstein-Uhlenbeck
  process: correlation ``exp(-dt / persistence_hours)`` between two moments ``dt`` hours
  apart), shared between zones with correlation ``zone_correlation`` through a common
  regional process, or copied from a leader zone with the follower's own ``correlation``.

A slot forecast as a category moves to another category (``Rendah`` + 1 is ``Sedang``, which
stands for 2.5 m). A slot forecast as ``wave_m`` first takes the category of that height;
a shift of 0 keeps the height exactly, a shift up gives the top of the shifted category
(never less than the height itself), a shift down the top of the shifted category (never
more). So the scenario height is monotone in the forecast height and in the shift: a
rougher forecast, or a rougher draw, never gives a calmer sea. With every spread 0 each
shift is 0 and the scenario is the forecast, exactly.

Random numbers come from one generator per scenario, seeded from (seed, scenario index)
only: the same scenario is drawn on any worker, in any order, on any engine.
"""

from __future__ import annotations

import bisect
import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime

from seribu_planner.model import BMKG_CATEGORY_WAVE_M, DataSet, ForecastSlot, Uncertainty

#: The categories in order of roughness, and the height each stands for (PRODUCT.md).
CATEGORIES: tuple[str, ...] = tuple(BMKG_CATEGORY_WAVE_M)
CATEGORY_TOPS: tuple[float, ...] = tuple(BMKG_CATEGORY_WAVE_M.values())
#: Index of a height above the roughest category's top (Sangat Ekstrem, > 9 m).
BEYOND = len(CATEGORY_TOPS)

_HOUR_S = 3600.0


def category_index(height_m: float) -> int:
    """The index in ``CATEGORIES`` of the category a wave height falls in (top inclusive)."""
    return bisect.bisect_left(CATEGORY_TOPS, height_m)


def shifted_height(height_m: float, shift: int) -> float:
    """The wave height ``shift`` categories rougher (or calmer) than ``height_m``."""
    if shift == 0:
        return height_m
    target = min(max(category_index(height_m) + shift, 0), BEYOND - 1)
    top = CATEGORY_TOPS[target]
    return max(height_m, top) if shift > 0 else min(height_m, top)


def uncertainty_of(data: DataSet) -> Uncertainty:
    """The data set's uncertainty block, or the estimated defaults when it has none."""
    return data.uncertainty if data.uncertainty is not None else Uncertainty()


def spread_at(params: Uncertainty, lead_hours: float) -> float:
    """Standard deviation of the category shift of a slot this far ahead."""
    lead_days = max(0.0, lead_hours) / 24
    return min(params.spread_max, params.spread_now + params.spread_per_day * lead_days)


def _hours(moment: datetime, origin: datetime) -> float:
    # Absolute time: aware datetimes sharing a ZoneInfo would subtract in wall time.
    return (moment.astimezone(UTC) - origin.astimezone(UTC)).total_seconds() / _HOUR_S


@dataclass(frozen=True)
class _Slot:
    zone: int  # index into the zone order
    moment: int  # index of the slot's midpoint in the time grid
    spread: float
    height_m: float


class ScenarioSampler:
    """Draws the sea state of scenario ``index`` for a data set: one height per slot."""

    def __init__(self, data: DataSet) -> None:
        self.params = uncertainty_of(data)
        campaign_start = data.campaign.start
        issued = self.params.issued or campaign_start
        self.zones = [z.id for z in data.zones]
        zone_index = {z: n for n, z in enumerate(self.zones)}
        middles = [
            _hours(s.from_, campaign_start) + _hours(s.to, s.from_) / 2 for s in data.forecast
        ]
        self.grid: list[float] = sorted(set(middles))
        at = {t: n for n, t in enumerate(self.grid)}
        self.slots = [
            _Slot(
                zone=zone_index[slot.zone],
                moment=at[middle],
                spread=spread_at(
                    self.params, middle - _hours(slot.issued or issued, campaign_start)
                ),
                height_m=slot.wave_height_m,
            )
            for slot, middle in zip(data.forecast, middles, strict=True)
        ]
        tau = self.params.persistence_hours
        self.rho = [1.0] + [
            math.exp(-(b - a) / tau) for a, b in zip(self.grid, self.grid[1:], strict=False)
        ]
        leader_of = {f.zone: (f.leader, f.correlation) for f in self.params.follows}
        # Leaders before their followers, so that a follower can copy a finished series.
        self.order: list[int] = []
        placed: set[str] = set()
        while len(self.order) < len(self.zones):
            for zone in self.zones:
                leader = leader_of.get(zone)
                if zone not in placed and (leader is None or leader[0] in placed):
                    self.order.append(zone_index[zone])
                    placed.add(zone)
        self.leader = [
            (zone_index[leader_of[z][0]], leader_of[z][1]) if z in leader_of else None
            for z in self.zones
        ]
        self.deterministic = all(slot.spread == 0 for slot in self.slots)

    def shifts(self, seed: int, index: int) -> list[int]:
        """The category shift of every forecast slot (data order) in scenario ``index``."""
        if self.deterministic:
            return [0] * len(self.slots)
        rng = random.Random(f"seribu-risk/{seed}/{index}")
        latent = self._latent(rng)
        return [_round(slot.spread * latent[slot.zone][slot.moment]) for slot in self.slots]

    def heights(self, seed: int, index: int) -> list[float]:
        """The wave height of every forecast slot (data order) in scenario ``index``."""
        return [
            shifted_height(slot.height_m, shift)
            for slot, shift in zip(self.slots, self.shifts(seed, index), strict=True)
        ]

    def _latent(self, rng: random.Random) -> list[list[float]]:
        """Per zone, a standard normal series over the time grid."""
        n_zones, n_times = len(self.zones), len(self.grid)
        # Draw order is fixed: per moment, the regional series, then each zone's own.
        common = [0.0] * n_times
        own = [[0.0] * n_times for _ in range(n_zones)]
        for t in range(n_times):
            if t == 0:
                common[0] = rng.gauss()
                for z in range(n_zones):
                    own[z][0] = rng.gauss()
                continue
            rho = self.rho[t]
            fresh = math.sqrt(1 - rho * rho)  # keeps every series standard normal
            common[t] = rho * common[t - 1] + fresh * rng.gauss()
            for z in range(n_zones):
                own[z][t] = rho * own[z][t - 1] + fresh * rng.gauss()
        shared = self.params.zone_correlation
        a, b = math.sqrt(shared), math.sqrt(1 - shared)
        series: list[list[float]] = [[] for _ in range(n_zones)]
        for z in self.order:
            leader = self.leader[z]
            if leader is None:
                series[z] = [a * c + b * o for c, o in zip(common, own[z], strict=True)]
            else:
                lead, corr = leader
                rest = math.sqrt(1 - corr * corr)
                series[z] = [corr * x + rest * o for x, o in zip(series[lead], own[z], strict=True)]
        return series


def _round(value: float) -> int:
    """Round half away from zero (symmetric for calmer and rougher shifts)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def scenario_forecast(data: DataSet, heights: list[float]) -> tuple[ForecastSlot, ...]:
    """The forecast slots of a scenario, as a data set holds them.

    A slot whose height did not move is kept as it is; one that moved to the top of a
    category is written as that category, any other as ``wave_m``.
    """
    out: list[ForecastSlot] = []
    for slot, height in zip(data.forecast, heights, strict=True):
        if height == slot.wave_height_m:
            out.append(slot)
            continue
        index = category_index(height)
        update: dict[str, object]
        if index < BEYOND and CATEGORY_TOPS[index] == height:
            update = {"category": CATEGORIES[index], "wave_m": None}
        else:
            update = {"category": None, "wave_m": height}
        out.append(slot.model_copy(update=update))
    return tuple(out)
