"""The result of planning: boats, their trips, the stops of each trip, and unserved TPS.

These are plain frozen values with ids from the data set and timezone-aware datetimes; no
solver index ever reaches them. The same types come out of the solver and out of a JSON
plan file read back by ``export``, so the verifier judges both alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

PLAN_FORMAT = "seribu-plan/1"


class Reason(StrEnum):
    """Why a TPS could not be served (PRODUCT.md section 4, rule 9)."""

    NO_BOAT_CAN_CALL = "no_boat_can_call"
    NO_SAILING_WINDOW = "no_sailing_window"
    KIT_EXCEEDS_CAPACITY = "kit_exceeds_capacity"
    FLEET_TIME = "fleet_time"


@dataclass(frozen=True)
class Stop:
    """One place on a trip.

    The first stop of a trip is its loading port (``arrive`` is None, ``depart`` is when it
    sails); the last is the port where it ends (``depart`` is None). Stops between are
    calls where the TPS kits in ``tps`` are unloaded.
    """

    place: str
    arrive: datetime | None
    depart: datetime | None
    tps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trip:
    """One loading at a port, the calls that follow, and the port where it ends."""

    number: int
    stops: tuple[Stop, ...]


@dataclass(frozen=True)
class BoatPlan:
    """The trips of one boat, in time order."""

    boat: str
    trips: tuple[Trip, ...]


@dataclass(frozen=True)
class Unserved:
    """A TPS the plan does not serve, with a reason code and a sentence for a person."""

    tps: str
    reason: Reason
    detail: str


@dataclass(frozen=True)
class InputDigest:
    """The digest of one input file a plan was made from, by its role (``fleet.yaml``...)."""

    file: str
    digest: str


@dataclass(frozen=True)
class Plan:
    """A complete plan: every boat that sails, and every TPS left unserved."""

    boats: tuple[BoatPlan, ...]
    unserved: tuple[Unserved, ...] = ()
    data_digest: str = ""
    #: Remarks of the planner for the people reading the plan (not part of the file format).
    notes: tuple[str, ...] = ()
    #: The data set the plan was made from: "bundled", or the data folder as given.
    data_source: str = ""
    #: A digest per input file, so that ``check --plan`` can name what changed since.
    inputs: tuple[InputDigest, ...] = ()
    #: The plan's cost (PRODUCT.md section 4) and a proven lower bound on the cost of any
    #: plan serving the same TPS, in rupiah, when the planner computed them.
    cost: float | None = None
    lower_bound: float | None = None

    def served_tps(self) -> list[str]:
        """Ids of the TPS dropped by some call, in plan order."""
        return [
            tps
            for boat in self.boats
            for trip in boat.trips
            for stop in trip.stops
            for tps in stop.tps
        ]
