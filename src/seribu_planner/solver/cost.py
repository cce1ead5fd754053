"""The cost of a plan: the one definition that the solver minimises and the summary reports.

PRODUCT.md section 4: the hours under way on each leg times that boat's ``cost_per_hour``,
summed over all legs, plus ``fixed_cost_per_boat`` once for each boat used (a boat with at
least one trip). Time alongside a pier or in port is not charged.

Hours under way are real elapsed time: ``arrive - depart`` computed on UTC instants. Python
subtracts two datetimes that share a ``tzinfo`` as wall-clock times, so across a
daylight-saving change a leg would gain or lose an hour; converting both ends to UTC first
gives the true duration.

Two forms of the same figure:

* ``plan_cost`` gives rupiah as floats (sailing, fixed, total), for people.
* ``leg_cost_units`` and ``fixed_cost_units`` give exact integers for the solver, which
  works in integer seconds. One cost unit is ``1/UNITS_PER_RUPIAH`` rupiah = 1/3600 sen:
  a leg of ``s`` seconds at a rate of ``r`` sen per hour costs exactly ``s * r`` units, and
  the fixed cost of ``f`` sen costs ``f * 3600`` units. So the integer objective is the
  float definition times ``UNITS_PER_RUPIAH`` exactly whenever rates and the fixed cost are
  whole sen (every real rupiah price is) and legs last whole seconds: the solver's
  objective and the reported figure rank plans identically. A rate with finer fractions is
  rounded to the nearest sen in the integer form only (at most Rp 0.005 per hour).

This module imports neither OR-Tools nor any other solver module, so that ``outputs`` can
use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from seribu_planner.model import Boat, Campaign, DataSet
from seribu_planner.plan import Plan

SECONDS_PER_HOUR = 3600
SEN_PER_RUPIAH = 100
#: Integer cost units per rupiah: one unit is the cost of one second under way at one sen
#: an hour.
UNITS_PER_RUPIAH = SECONDS_PER_HOUR * SEN_PER_RUPIAH


def elapsed_seconds(depart: datetime, arrive: datetime) -> float:
    """Real time from ``depart`` to ``arrive`` in seconds (UTC arithmetic, DST-proof)."""
    return (arrive.astimezone(UTC) - depart.astimezone(UTC)).total_seconds()


def leg_hours(depart: datetime, arrive: datetime) -> float:
    """Hours under way on a leg, in real elapsed time."""
    return elapsed_seconds(depart, arrive) / SECONDS_PER_HOUR


def _sen(rupiah: float) -> int:
    return round(rupiah * SEN_PER_RUPIAH)


def leg_cost_units(boat: Boat, seconds: int) -> int:
    """Exact integer cost of ``seconds`` under way for this boat (units: 1/3600 sen)."""
    return seconds * _sen(boat.cost_per_hour)


def fixed_cost_units(campaign: Campaign) -> int:
    """Exact integer fixed cost of one boat used (units: 1/3600 sen)."""
    return _sen(campaign.objective.fixed_cost_per_boat) * SECONDS_PER_HOUR


def units_to_rupiah(units: int) -> float:
    """A figure in integer cost units, in rupiah."""
    return units / UNITS_PER_RUPIAH


@dataclass(frozen=True)
class PlanCost:
    """The cost of a plan in rupiah, with its two terms."""

    #: Hours under way times each boat's cost per hour, over all legs.
    sailing: float
    #: ``fixed_cost_per_boat`` times the boats used.
    fixed: float
    boats_used: int
    #: Hours under way over all legs of all boats.
    sailing_hours: float

    @property
    def total(self) -> float:
        """Sailing plus fixed cost."""
        return self.sailing + self.fixed


@dataclass(frozen=True)
class Leg:
    """One leg of a plan: which boat sails it, from where to where, and when."""

    boat: str
    origin: str
    target: str
    depart: datetime
    arrive: datetime

    @property
    def hours(self) -> float:
        """Hours under way (real elapsed time)."""
        return leg_hours(self.depart, self.arrive)


def legs(plan: Plan) -> Iterator[Leg]:
    """Every leg of the plan that has both its departure and its arrival time."""
    for boat_plan in plan.boats:
        for trip in boat_plan.trips:
            for here, there in zip(trip.stops, trip.stops[1:], strict=False):
                if here.depart is not None and there.arrive is not None:
                    yield Leg(boat_plan.boat, here.place, there.place, here.depart, there.arrive)


def plan_cost(data: DataSet, plan: Plan) -> PlanCost:
    """The cost of a plan as PRODUCT.md section 4 defines it, in rupiah.

    A boat the fleet does not list (a broken plan) counts as used but its legs cost
    nothing: there is no rate to charge them at.
    """
    hours = sailing = 0.0
    for leg in legs(plan):
        leg_h = leg.hours
        hours += leg_h
        boat = data.boats_by_id.get(leg.boat)
        if boat is not None:
            sailing += leg_h * boat.cost_per_hour
    used = sum(1 for boat_plan in plan.boats if boat_plan.trips)
    fixed = used * data.campaign.objective.fixed_cost_per_boat
    return PlanCost(sailing=sailing, fixed=fixed, boats_used=used, sailing_hours=hours)
