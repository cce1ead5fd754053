"""Figures of a plan that people read: totals, cost, and each TPS's arrival and slack."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from seribu_planner.derive.network import SeaNetwork
from seribu_planner.model import DataSet
from seribu_planner.plan import Plan


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
        """Time to spare before the TPS deadline."""
        return self.deadline - self.arrive


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
    cost: float
    tightest: Delivery | None


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

    Cost is PRODUCT.md's: hours under way on each leg times the boat's cost per hour,
    plus the fixed cost of each boat that sails.
    """
    network = SeaNetwork.of(data)
    hours = nm = cost = 0.0
    boats_used = trips = 0
    for boat_plan in plan.boats:
        boat = data.boats_by_id.get(boat_plan.boat)
        if not boat_plan.trips:
            continue
        boats_used += 1
        trips += len(boat_plan.trips)
        for trip in boat_plan.trips:
            for here, there in zip(trip.stops, trip.stops[1:], strict=False):
                if here.depart is None or there.arrive is None:
                    continue
                leg_hours = (there.arrive - here.depart).total_seconds() / 3600
                hours += leg_hours
                if here.place in network.places and there.place in network.places:
                    nm += network.distance_nm(here.place, there.place)
                if boat is not None:
                    cost += leg_hours * boat.cost_per_hour
    cost += boats_used * data.campaign.objective.fixed_cost_per_boat
    dropped = deliveries(data, plan)
    served = {d.tps for d in dropped}
    tightest = min(dropped, key=lambda d: (d.slack, d.tps), default=None)
    return Summary(
        boats_used=boats_used,
        trips=trips,
        tps_served=len(served),
        tps_total=len(data.tps),
        voters_covered=sum(data.tps_by_id[t].voters for t in served),
        voters_total=sum(t.voters for t in data.tps),
        sailing_hours=hours,
        distance_nm=nm,
        cost=cost,
        tightest=tightest,
    )
