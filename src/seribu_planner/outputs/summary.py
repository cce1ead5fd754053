"""Figures of a plan that people read: totals, cost, and each TPS's arrival and slack."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from seribu_planner.derive.network import SeaNetwork
from seribu_planner.model import DataSet
from seribu_planner.plan import Plan
from seribu_planner.solver.cost import legs, plan_cost


@dataclass(frozen=True)
class Delivery:
    """Where and when one TPS kit is dropped."""

    tps: str
    island: str
    boat: str
    trip: int
    arrive: datetime
    deadline: datetime

    @property
    def slack(self) -> timedelta:
        """Time to spare before the TPS deadline (real time, across any DST change)."""
        return self.deadline.astimezone(UTC) - self.arrive.astimezone(UTC)


@dataclass(frozen=True)
class Summary:
    """Totals of a plan."""

    boats_used: int
    trips: int
    tps_served: int
    tps_total: int
    voters_covered: int
    voters_total: int
    sailing_hours: float
    distance_nm: float
    #: Total cost in rupiah (``cost_sailing + cost_fixed``), as ``solver.cost`` defines it.
    cost: float
    tightest: Delivery | None
    #: Hours under way times each boat's rate.
    cost_sailing: float = 0.0
    #: Fixed cost of the boats used.
    cost_fixed: float = 0.0


def deliveries(data: DataSet, plan: Plan) -> list[Delivery]:
    """Every TPS the plan drops, with its arrival and deadline, in plan order."""
    out: list[Delivery] = []
    for boat in plan.boats:
        for trip in boat.trips:
            for stop in trip.stops:
                if stop.arrive is None:
                    continue
                for tps_id in stop.tps:
                    tps = data.tps_by_id.get(tps_id)
                    if tps is None:
                        continue
                    out.append(
                        Delivery(
                            tps_id,
                            stop.place,
                            boat.boat,
                            trip.number,
                            stop.arrive,
                            data.tps_deadline(tps),
                        )
                    )
    return out


def summarize(data: DataSet, plan: Plan) -> Summary:
    """Totals, cost and the tightest deadline of a plan.

    Cost is PRODUCT.md's, from ``solver.cost`` (the definition the solver minimises):
    hours under way on each leg times the boat's cost per hour, plus the fixed cost of
    each boat that sails.
    """
    network = SeaNetwork.of(data)
    nm = 0.0
    for leg in legs(plan):
        if leg.origin in network.places and leg.target in network.places:
            nm += network.distance_nm(leg.origin, leg.target)
    cost = plan_cost(data, plan)
    trips = sum(len(boat_plan.trips) for boat_plan in plan.boats)
    dropped = deliveries(data, plan)
    served = {d.tps for d in dropped}
    tightest = min(dropped, key=lambda d: (d.slack, d.tps), default=None)
    return Summary(
        boats_used=cost.boats_used,
        trips=trips,
        tps_served=len(served),
        tps_total=len(data.tps),
        voters_covered=sum(data.tps_by_id[t].voters for t in served),
        voters_total=sum(t.voters for t in data.tps),
        sailing_hours=cost.sailing_hours,
        distance_nm=nm,
        cost=cost.total,
        cost_sailing=cost.sailing,
        cost_fixed=cost.fixed,
        tightest=tightest,
    )
