"""Rule 7 in one place: where each boat may berth and which TPS kits it may carry.

A boat calls only where the pier is at least its draft (a place without ``pier_depth_m``
takes any boat), at ports as at islands and platforms: it may load at a port, or end a
trip there, only when it can berth there. It carries only the TPS kinds it ``serves``.
Since every trip starts at the boat's home port or where its last trip ended, a boat that
cannot berth at its home port cannot make any trip at all.

``Eligibility.of(data)`` computes all of it once per data set; the solver (grouping,
blocks, routing, reason codes), the lower bound and the data warnings all ask it, so they
never disagree about who may go where.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from seribu_planner.model import Boat, DataSet, Island, Port, Tps, TpsKind
from seribu_planner.plan import N_, Listed, Wording


def _id(boat: Boat | str) -> str:
    return boat if isinstance(boat, str) else boat.id


@dataclass(frozen=True)
class Eligibility:
    """Who may load, call and carry what, for one data set."""

    data: DataSet
    #: Boat id -> ids of the ports where the boat may berth (load, or end a trip).
    ports_of: Mapping[str, frozenset[str]]
    #: Boat id -> ids of the islands and platforms where the boat may call.
    islands_of: Mapping[str, frozenset[str]]
    #: Boat id -> the TPS kinds the boat carries.
    kinds_of: Mapping[str, frozenset[TpsKind]]
    #: Ids of the boats that may berth at their home port (the others make no trip).
    sailing: frozenset[str]

    @classmethod
    def of(cls, data: DataSet) -> Eligibility:
        """Compute the rule for every boat and place of the data set."""
        ports_of = {
            b.id: frozenset(p.id for p in data.ports if b.can_berth(p.pier_depth_m))
            for b in data.boats
        }
        return cls(
            data=data,
            ports_of=ports_of,
            islands_of={
                b.id: frozenset(i.id for i in data.islands if b.can_berth(i.pier_depth_m))
                for b in data.boats
            },
            kinds_of={b.id: frozenset(b.serves) for b in data.boats},
            sailing=frozenset(b.id for b in data.boats if b.home in ports_of[b.id]),
        )

    # ------------------------------------------------------------------ the rule

    def may_load(self, boat: Boat | str, port: str) -> bool:
        """Whether the boat may berth at this port: load there, or end a trip there."""
        return port in self.ports_of[_id(boat)]

    def may_call(self, boat: Boat | str, island: str) -> bool:
        """Whether the boat may call at this island or platform (its pier takes the draft)."""
        return island in self.islands_of[_id(boat)]

    def may_carry_kind(self, boat: Boat | str, kind: TpsKind) -> bool:
        """Whether the boat carries TPS kits of this kind."""
        return kind in self.kinds_of[_id(boat)]

    def can_sail(self, boat: Boat | str) -> bool:
        """Whether the boat can make any trip at all: it may berth at its home port."""
        return _id(boat) in self.sailing

    def may_carry(self, boat: Boat | str, tps: Tps) -> bool:
        """Whether the boat may deliver this TPS kit (capacity aside): it can make a trip,
        calls at the TPS's island and carries its kind."""
        boat_id = _id(boat)
        return (
            boat_id in self.sailing
            and tps.kind in self.kinds_of[boat_id]
            and tps.island in self.islands_of[boat_id]
        )

    def carriers(self, tps: Tps) -> tuple[Boat, ...]:
        """The boats that may deliver this TPS kit, in fleet order."""
        return tuple(b for b in self.data.boats if self.may_carry(b, tps))

    def load_ports(self, boat: Boat | str) -> tuple[Port, ...]:
        """The ports where the boat may load or end a trip, in data order."""
        mine = self.ports_of[_id(boat)]
        return tuple(p for p in self.data.ports if p.id in mine)

    def call_islands(self, boat: Boat | str) -> tuple[Island, ...]:
        """The islands and platforms where the boat may call, in data order."""
        mine = self.islands_of[_id(boat)]
        return tuple(i for i in self.data.islands if i.id in mine)

    def stranded(self) -> tuple[Boat, ...]:
        """Boats that cannot berth at their own home port, so cannot make any trip."""
        return tuple(b for b in self.data.boats if not self.can_sail(b))

    # ------------------------------------------------------------------ explanations

    def no_carrier(self, island: Island, kind: TpsKind) -> Wording | None:
        """Why no boat may deliver a kit of this kind to this island; None when one may.

        The sentence names the first condition that rules every boat out: the kind, the
        island's pier, or the boats' home ports.
        """
        boats = self.data.boats
        serving = [b for b in boats if self.may_carry_kind(b, kind)]
        if not serving:
            return Wording.of(N_("no boat of the fleet carries {kind} TPS kits"), kind=kind.value)
        fitting = [b for b in serving if self.may_call(b, island.id)]
        if not fitting:
            return Wording.of(
                N_(
                    "the pier at {island} ({depth:g} m) is shallower than the draft of every "
                    "boat that carries {kind} kits (least {least:g} m)"
                ),
                island=island.name,
                depth=island.pier_depth_m,
                kind=kind.value,
                least=min(b.draft_m for b in serving),
            )
        if any(self.can_sail(b) for b in fitting):
            return None
        ports = self.data.ports_by_id
        homes = Listed(
            tuple(
                Wording.of(
                    N_("{boat} at {home} (pier {depth:g} m, draft {draft:g} m)"),
                    boat=b.id,
                    home=b.home,
                    depth=ports[b.home].pier_depth_m,
                    draft=b.draft_m,
                )
                for b in fitting
            )
        )
        return Wording.of(
            N_(
                "every boat that carries {kind} kits and fits the pier at {island} is too deep "
                "for the pier of its home port, so it cannot make any trip: {homes}"
            ),
            kind=kind.value,
            island=island.name,
            homes=homes,
        )

    def shallow_ports(self) -> list[tuple[Port, tuple[Boat, ...]]]:
        """Each port with a pier some boats cannot use, and those boats (fleet order)."""
        out: list[tuple[Port, tuple[Boat, ...]]] = []
        for port in self.data.ports:
            kept_out = tuple(b for b in self.data.boats if not self.may_load(b, port.id))
            if kept_out:
                out.append((port, kept_out))
        return out
