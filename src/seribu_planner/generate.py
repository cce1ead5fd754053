"""Seeded synthetic archipelagos for benchmarks: the five YAML files of a data set.

The shape is that of an invented province like Kepulauan Riau or Maluku: islands
scattered over a sea area with a mainland coast along one edge (2-6 ports) and one or two
island hub ports (the KPU warehouses, ready later), a few offshore platforms with TPS
khusus, a mixed fleet and a week of 12-hour forecast slots per weather zone. Everything is
drawn from one ``random.Random(seed)``: the same arguments give byte-identical files.

The data set is meant to be plannable. The solver never lets a trip wait overnight, so a
boat without night sailing must get out and back within one day's light: every island lies
within ``MAX_PORT_NM`` of a port (most within ``NEAR_PORT_NM``, the reach of the slow
wooden boats), boats are based at the ports in proportion to the kits around them, and a
pier too shallow for the large ships is only ever deep enough for the day boats.

Command line (a developer tool, not part of ``seribu-plan``)::

    python -m seribu_planner.generate OUT_DIR --size S|M|L [--seed N]
    python -m seribu_planner.generate OUT_DIR --islands 80 --tps 900 --boats 14 --seed 3
"""

from __future__ import annotations

import argparse
import math
import random
import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from seribu_planner.derive.network import great_circle_nm

#: Named sizes: (islands, TPS, boats).
SIZES: dict[str, tuple[int, int, int]] = {
    "S": (50, 500, 10),
    "M": (200, 2000, 30),
    "L": (500, 5000, 60),
}

#: Every island lies within this great-circle distance of a port (nautical miles): a fast
#: boat at 18 kn gets there and back (x 1.2 route factor) in 8 hours of daylight.
MAX_PORT_NM = 60.0
#: Most islands lie within this distance: a wooden boat at 8-10 kn gets out and back in a day.
NEAR_PORT_NM = 35.0

_START = "2024-02-09T06:00"
_DEADLINE = "2024-02-15T18:00"
_END = "2024-02-16T18:00"
_HUB_READY = ("2024-02-10T06:00", "2024-02-11T06:00")
_FORECAST_FROM = datetime(2024, 2, 9, 0, 0)
_FORECAST_SLOTS = 16  # 12-hour slots, 9 Feb 00:00 to 17 Feb 00:00
_NM_PER_DEGREE = 60.0

#: The kit of the bundled campaign.yaml (Kepulauan Seribu, Pemilu 2024): about 48 kg and
#: 0.49 m3 for a 300-voter TPS.
_KIT: list[dict[str, object]] = [
    {"item": "surat_suara", "per_voter": 4, "spare": 0.02, "kg": 0.02, "m3": 0.0},
    {"item": "kotak_suara", "per_tps": 4, "kg": 2.26, "m3": 0.096},
    {"item": "bilik_suara", "per_tps": 4, "kg": 2.5, "m3": 0.027},
    {"item": "tinta", "per_tps": 2, "kg": 0.1, "m3": 0.0},
    {"item": "segel", "per_tps": 1, "kg": 0.4, "m3": 0.0},
    {"item": "formulir", "per_tps": 1, "kg": 3.5, "m3": 0.0},
    {"item": "plastik_pembungkus", "per_tps": 1, "kg": 0.5, "m3": 0.0},
]

_ONSETS = ["b", "c", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w"]
_VOWELS = ["a", "a", "a", "e", "i", "o", "u"]
_CODAS = ["", "", "", "n", "ng", "k", "r", "t", "s", "h"]

Doc = dict[str, object]
Point = tuple[float, float]  # lat, lon


# --------------------------------------------------------------------------- public API


def generate(islands: int, tps: int, boats: int, seed: int = 0) -> dict[str, Doc]:
    """The five files of a synthetic data set: file name -> YAML document (plain values).

    ``islands`` counts every place with TPS (a few of them may be offshore platforms),
    ``tps`` is the exact number of TPS and ``boats`` the size of the fleet.
    """
    if islands < 1 or boats < 1:
        raise ValueError("need at least 1 island and 1 boat")
    if tps < islands:
        raise ValueError(f"need at least one TPS per island ({tps} TPS for {islands} islands)")
    return _Generator(islands, tps, boats, seed).run()


class _Dumper(yaml.SafeDumper):
    """SafeDumper that quotes clock times: a YAML 1.1 reader may take 06:00 for a number."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "'" if _CLOCK.match(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_CLOCK = re.compile(r"^\d\d:\d\d$")


def dump(document: Doc) -> str:
    """One document as YAML text, as ``write_dataset`` writes it (safe_dump, keys in order)."""
    text: str = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text


def write_dataset(folder: Path, islands: int, tps: int, boats: int, seed: int = 0) -> None:
    """Write the five YAML files of a synthetic data set into ``folder`` (created if needed)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    header = (
        f"# SYNTHETIC data set, invented for benchmarks: python -m seribu_planner.generate"
        f" --islands {islands} --tps {tps} --boats {boats} --seed {seed}\n"
    )
    for name, document in generate(islands, tps, boats, seed).items():
        with open(folder / name, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(header + dump(document))


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m seribu_planner.generate OUT_DIR --size S|M|L [--seed N]``."""
    parser = argparse.ArgumentParser(
        prog="python -m seribu_planner.generate",
        description="Write a seeded synthetic archipelago data set (five YAML files).",
    )
    parser.add_argument("out_dir", type=Path, help="folder to write (created if needed)")
    parser.add_argument("--size", choices=sorted(SIZES), help="S, M or L (islands, TPS, boats)")
    parser.add_argument("--islands", type=int, help="number of islands (overrides --size)")
    parser.add_argument("--tps", type=int, help="number of TPS (overrides --size)")
    parser.add_argument("--boats", type=int, help="number of boats (overrides --size)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    base = SIZES[args.size] if args.size else (None, None, None)
    values = [
        given if given is not None else default
        for given, default in zip((args.islands, args.tps, args.boats), base, strict=True)
    ]
    if any(v is None for v in values):
        parser.error("give --size, or all of --islands, --tps and --boats")
    n_islands, n_tps, n_boats = (int(v) for v in values if v is not None)
    try:
        write_dataset(args.out_dir, n_islands, n_tps, n_boats, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    print(
        f"wrote {args.out_dir}: {n_islands} islands, {n_tps} TPS, {n_boats} boats, seed {args.seed}"
    )


# --------------------------------------------------------------------------- the generator


class _Generator:
    """One run: the random stream and the pieces drawn so far."""

    height: float
    width: float
    lat_min: float
    lon_min: float
    edge: str
    seaward: float  # bearing from the coast out to sea, degrees
    min_depth: float

    def __init__(self, islands: int, tps: int, boats: int, seed: int) -> None:
        self.n_islands, self.n_tps, self.n_boats, self.seed = islands, tps, boats, seed
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.source = (
            f"synthetic: seribu_planner.generate seed={seed} islands={islands} tps={tps}"
            f" boats={boats}; invented places, TPS, fleet and weather for benchmarks, not real"
            " data (kit and campaign times as the bundled Kepulauan Seribu data set)"
        )

    # ----------------------------------------------------------------------- geometry

    def _area(self) -> None:
        """The sea area: 3 x 3 degrees for 50 islands, its area growing with sqrt(islands / 50).

        (Density rises with size: a box growing with the island count would put the outer
        islands out of a day's reach of any port; islands stay within MAX_PORT_NM anyway.)
        """
        rng = self.rng
        side = max(1.0, 3.0 * (self.n_islands / 50) ** 0.25)
        self.height = min(side, 11.0)
        self.width = min(side * side / self.height, 33.0)
        low, high = -12.0 + self.height / 2 + 0.3, -0.3 - self.height / 2
        lat_c = rng.uniform(low, high) if low < high else -6.0
        lat_c = min(max(lat_c, -11.9 + self.height / 2), -0.1 - self.height / 2)
        lon_c = rng.uniform(100.3 + self.width / 2, 134.7 - self.width / 2)
        self.lat_min, self.lon_min = lat_c - self.height / 2, lon_c - self.width / 2
        self.edge = rng.choice(("south", "north", "west", "east"))
        self.seaward = {"south": 0.0, "north": 180.0, "west": 90.0, "east": 270.0}[self.edge]
        # islands keep at least 6 nm off the mainland coast
        depth_deg = self.height if self.edge in ("south", "north") else self.width
        self.min_depth = max(0.04, 6.0 / (_NM_PER_DEGREE * depth_deg))

    def _point(self, along: float, depth: float) -> Point:
        """Box coordinates (fraction along the coast, fraction away from it) -> lat, lon."""
        if self.edge == "south":
            return self.lat_min + depth * self.height, self.lon_min + along * self.width
        if self.edge == "north":
            return self.lat_min + (1 - depth) * self.height, self.lon_min + along * self.width
        if self.edge == "west":
            return self.lat_min + along * self.height, self.lon_min + depth * self.width
        return self.lat_min + along * self.height, self.lon_min + (1 - depth) * self.width

    def _inside(self, point: Point) -> bool:
        """Inside the box and at least ``min_depth`` off the coast."""
        along_lat = (point[0] - self.lat_min) / self.height
        along_lon = (point[1] - self.lon_min) / self.width
        inside = 0 <= along_lat <= 1 and 0 <= along_lon <= 1
        return inside and self._depth(point) >= self.min_depth

    def _depth(self, point: Point) -> float:
        """How far from the coast, as a fraction of the box (0 on the coast, 1 at the far edge)."""
        along_lat = (point[0] - self.lat_min) / self.height
        along_lon = (point[1] - self.lon_min) / self.width
        depth: float = {
            "south": along_lat,
            "north": 1 - along_lat,
            "west": along_lon,
            "east": 1 - along_lon,
        }[self.edge]
        return depth

    def _port_nm(self, point: Point) -> float:
        return min(great_circle_nm(*point, *port) for port in self.port_points)

    # ----------------------------------------------------------------------- names

    def _name(self) -> str:
        rng = self.rng
        while True:
            syllables = rng.choice((2, 2, 3, 3, 3))
            word = "".join(
                rng.choice(_ONSETS) + rng.choice(_VOWELS) + (rng.choice(_CODAS) if i else "")
                for i in range(syllables)
            ).capitalize()
            if word not in self.names:
                self.names.add(word)
                return word

    # ----------------------------------------------------------------------- run

    def run(self) -> dict[str, Doc]:
        self._area()
        self._ports()
        self._places()
        self._zones()
        tps = self._tps()
        fleet = self._fleet()
        islands_doc: Doc = {
            "source": self.source,
            "ports": self.ports,
            "islands": self.islands,
        }
        return {
            "campaign.yaml": self._campaign(),
            "islands.yaml": islands_doc,
            "tps.yaml": {"source": self.source, "tps": tps},
            "fleet.yaml": fleet,
            "weather.yaml": self._weather(),
        }

    def _campaign(self) -> Doc:
        return {
            "source": self.source,
            "name": f"Pemilu 2024 - distribusi logistik ke TPS (sintetis, seed {self.seed})",
            "timezone": "Asia/Jakarta",
            "start": _START,
            "deadline": _DEADLINE,
            "end": _END,
            "daylight": {"from": "06:00", "to": "18:00"},
            "route_factor": 1.2,
            "per_tps_minutes": 5,
            "kit": [dict(item) for item in _KIT],
            "objective": {"fixed_cost_per_boat": 2000000},
        }

    def _ports(self) -> None:
        """Mainland ports along the coast edge, then the island hubs deeper in the area."""
        rng = self.rng
        n_coast = min(6, max(2, self.n_boats // 10))
        n_hubs = 1 if self.n_islands < 100 else 2
        self.port_points: list[Point] = []
        self.ports: list[dict[str, object]] = []
        self.coast_names: list[str] = []
        for k in range(n_coast):
            along = (k + 0.5 + rng.uniform(-0.2, 0.2)) / n_coast
            self.port_points.append(self._point(along, 0.0))
            self.coast_names.append(self._name())
        self.hub_points: list[Point] = []
        for k in range(n_hubs):
            along = (k + 0.5 + rng.uniform(-0.15, 0.15)) / n_hubs
            self.hub_points.append(self._point(along, rng.uniform(0.55, 0.8)))
        self.port_points += self.hub_points

    def _places(self) -> None:
        """Island positions (hub islands first), then the platforms."""
        rng = self.rng
        khusus = round(self.n_tps * 0.015)
        n_platforms = 0
        if self.n_islands >= 10 and self.n_boats >= 3 and khusus >= 1:
            n_platforms = min(max(1, round(khusus / 2.5)), max(1, self.n_islands // 15))
            if self.n_tps - khusus < self.n_islands - n_platforms:
                n_platforms, khusus = 0, 0
        else:
            khusus = 0
        self.khusus_tps = khusus
        n_regular = self.n_islands - n_platforms

        points: list[Point] = list(self.hub_points[:n_regular])
        n_coast = len(self.port_points) - len(self.hub_points)
        port_weights = [1.0] * n_coast + [0.5] * len(self.hub_points)
        attempts = 0
        while len(points) < n_regular:
            attempts += 1
            spacing = 1.5 if attempts < 100 * n_regular + 10_000 else 0.0
            if len(points) >= 4 * len(self.hub_points) and rng.random() < 0.45:
                # a satellite: islands come in groups a few miles apart
                point = _offset(rng.choice(points), rng.uniform(0, 360), rng.uniform(2.0, 12.0))
            else:
                # around a port: the mainland coast is the populous side, the hubs serve
                # the outer islands; a coast port's islands lie on its seaward side
                port = rng.choices(range(len(self.port_points)), weights=port_weights)[0]
                bearing = rng.uniform(0, 360)
                if port < n_coast:
                    bearing = self.seaward + rng.uniform(-90, 90)
                reach = MAX_PORT_NM * rng.random()
                point = _offset(self.port_points[port], bearing, reach)
            if not self._inside(point):
                continue
            distance = self._port_nm(point)
            if distance > MAX_PORT_NM:
                continue
            if distance > NEAR_PORT_NM:
                share = (distance - NEAR_PORT_NM) / (MAX_PORT_NM - NEAR_PORT_NM)
                if rng.random() > 1.0 - 0.8 * share:
                    continue
            if spacing and any(great_circle_nm(*point, *other) < spacing for other in points):
                continue
            points.append(point)

        platforms: list[Point] = []
        attempts = 0
        while len(platforms) < n_platforms:
            attempts += 1
            relaxed = attempts > 10_000
            point = self._point(rng.random(), rng.uniform(self.min_depth, 1.0))
            if not self._inside(point) or self._port_nm(point) > MAX_PORT_NM:
                continue
            if not relaxed and (
                self._port_nm(point) < 15.0
                or any(great_circle_nm(*point, *other) < 5.0 for other in points + platforms)
            ):
                continue
            platforms.append(point)
        self.island_points = points
        self.platform_points = platforms

    def _zones(self) -> None:
        """A grid of weather zones over the box; zones without any place are dropped."""
        target = max(2, round(self.n_islands / 40))
        self.rows = max(1, round(math.sqrt(target * self.height / self.width)))
        self.cols = max(1, math.ceil(target / self.rows))
        if self.rows * self.cols < 2:
            self.cols = 2
        self.split_lat: float | None = None
        everything = self.port_points + self.island_points + self.platform_points
        used = sorted({self._cell(p) for p in everything})
        if len(used) < 2:  # a tiny data set in one cell: split its places north and south
            lats = sorted(p[0] for p in everything)
            self.split_lat = lats[len(lats) // 2]
            used = sorted({self._cell(p) for p in everything} | {0, 1})
        self.zone_by_cell = {c: f"zone-{k + 1:02d}" for k, c in enumerate(used)}
        self.zone_ids = list(self.zone_by_cell.values())

    def _cell(self, point: Point) -> int:
        if self.split_lat is not None:
            return 0 if point[0] < self.split_lat else 1
        r = int((point[0] - self.lat_min) / self.height * self.rows)
        c = int((point[1] - self.lon_min) / self.width * self.cols)
        return min(self.rows - 1, max(0, r)) * self.cols + min(self.cols - 1, max(0, c))

    def zone_of(self, point: Point) -> str:
        """The weather zone of a place."""
        return self.zone_by_cell[self._cell(point)]

    # ----------------------------------------------------------------------- islands & TPS

    def _tps(self) -> list[dict[str, object]]:
        """Islands, ports (written out here, now that zones exist) and the TPS list."""
        rng = self.rng
        zone_of = self.zone_of
        coast = self.port_points[: len(self.coast_names)]
        for k, (point, name) in enumerate(zip(coast, self.coast_names, strict=True)):
            self.ports.append(
                {
                    "id": f"port-{k + 1:02d}",
                    "name": f"Pelabuhan {name}",
                    "lat": round(point[0], 5),
                    "lon": round(point[1], 5),
                    "zone": zone_of(point),
                    "load_minutes": 60,
                }
            )

        width = max(4, len(str(len(self.island_points))))
        self.islands: list[dict[str, object]] = []
        self.island_port_nm: list[float] = []
        weights: list[float] = []
        hub_names: list[str] = []
        for k, point in enumerate(self.island_points):
            name = self._name()
            distance = self._port_nm(point)
            hub = k < len(self.hub_points)
            if hub:
                hub_names.append(name)
            island: dict[str, object] = {
                "id": f"isle-{k + 1:0{width}d}",
                "name": f"Pulau {name}",
                "kind": "island",
                "lat": round(point[0], 5),
                "lon": round(point[1], 5),
                "zone": zone_of(point),
                "unload_minutes": rng.choice((20, 30, 30, 40)),
            }
            # Shallow piers only where the day boats (draft up to 1.8 m) call; a large ship
            # (2.5-3 m) is refused there. Deeper piers take every hull.
            roll = rng.random()
            if roll < 0.3 and not hub:
                island["pier_depth_m"] = rng.choice((1.8, 2.0, 2.2, 2.4))
            elif roll < 0.6 or hub:
                island["pier_depth_m"] = rng.choice((3.0, 3.5, 4.0, 5.0, 6.0))
            self.islands.append(island)
            self.island_port_nm.append(distance)
            weight = rng.lognormvariate(0.0, 1.1)
            if distance > NEAR_PORT_NM:
                weight *= 0.4
            weights.append(weight * (3.0 if hub else 1.0))

        for k, (point, name) in enumerate(zip(self.hub_points, hub_names, strict=False)):
            self.ports.append(
                {
                    "id": f"hub-{k + 1:02d}",
                    "name": f"Gudang logistik KPU Pulau {name}",
                    "lat": round(point[0], 5),
                    "lon": round(point[1], 5),
                    "zone": zone_of(point),
                    "load_minutes": 45,
                    "ready_at": _HUB_READY[k % len(_HUB_READY)],
                }
            )

        regular_tps = self.n_tps - self.khusus_tps
        # The biggest islands hold 30-40 TPS (more only when the average island needs it).
        cap = max(30, round(4 * regular_tps / len(weights))) - 1
        extras = _apportion(regular_tps - len(weights), weights, cap=cap)
        counts = [1 + extra for extra in extras]
        self.island_tps = counts
        records: list[dict[str, object]] = []
        for island, count in zip(self.islands, counts, strict=True):
            for number in range(1, count + 1):
                if rng.random() < 0.06:
                    voters = rng.randint(40, 149)
                else:
                    voters = round(rng.triangular(150, 305, 255))
                records.append(
                    {
                        "id": f"{island['id']}-{number:03d}",
                        "island": island["id"],
                        "number": number,
                        "kind": "regular",
                        "voters": max(1, min(300, voters)),
                    }
                )

        per_platform = _apportion(
            self.khusus_tps - len(self.platform_points),
            [rng.uniform(0.5, 1.5) for _ in self.platform_points],
        )
        for k, (point, extra) in enumerate(zip(self.platform_points, per_platform, strict=True)):
            place_id = f"plat-{k + 1:02d}"
            self.islands.append(
                {
                    "id": place_id,
                    "name": f"Anjungan lepas pantai {self._name()}",
                    "kind": "platform",
                    "lat": round(point[0], 5),
                    "lon": round(point[1], 5),
                    "zone": zone_of(point),
                    "unload_minutes": 45,
                    "pier_depth_m": 20.0,
                }
            )
            for number in range(1, extra + 2):
                records.append(
                    {
                        "id": f"{place_id}-{number:03d}",
                        "island": place_id,
                        "number": number,
                        "kind": "khusus",
                        "voters": rng.randint(60, 250),
                    }
                )
        return records

    # ----------------------------------------------------------------------- fleet

    def _fleet(self) -> Doc:
        """Slow wooden boats, fast boats, a few ships and the platform crew boats."""
        n_crew = (1 if self.n_boats < 20 else 2) if self.platform_points else 0
        rest = self.n_boats - n_crew
        n_fast = max(1, round(rest * 0.3))
        n_ships = round(rest * 0.12) if rest >= 5 else 0
        n_slow = rest - n_fast - n_ships

        # Kits around each port (each island counts at its nearest port), near and far.
        ports = [(str(p["id"]), (float(str(p["lat"])), float(str(p["lon"])))) for p in self.ports]
        near = [0.0] * len(ports)
        far = [0.0] * len(ports)
        for island, count in zip(self.islands, self.island_tps, strict=False):
            point = (float(str(island["lat"])), float(str(island["lon"])))
            distances = [great_circle_nm(*point, *where) for _, where in ports]
            nearest = min(range(len(ports)), key=lambda i: (distances[i], i))
            if distances[nearest] <= NEAR_PORT_NM:
                near[nearest] += count
            else:
                far[nearest] += count
        total = [a + b for a, b in zip(near, far, strict=True)]
        homes = {
            "slow": _apportion(n_slow, near),
            "fast": _apportion(n_fast, [f + 0.3 * n for n, f in zip(near, far, strict=True)]),
            "ship": _apportion(n_ships, total),
        }
        serves = ["regular"] if self.platform_points else None
        boats: list[dict[str, object]] = []
        for kind, prefix in (("slow", "kayu"), ("fast", "cepat"), ("ship", "kapal")):
            number = 0
            for port_index, count in enumerate(homes[kind]):
                for _ in range(count):
                    number += 1
                    boat = self._boat(kind, f"{prefix}-{number:02d}", ports[port_index][0])
                    if serves:
                        boat["serves"] = list(serves)
                    boats.append(boat)
        if n_crew:
            # The operator's crew boats sail from the coast port nearest the platforms.
            lat = sum(p[0] for p in self.platform_points) / len(self.platform_points)
            lon = sum(p[1] for p in self.platform_points) / len(self.platform_points)
            coast = ports[: len(self.coast_names)]
            home = min(coast, key=lambda p: great_circle_nm(lat, lon, *p[1]))[0]
            for k in range(n_crew):
                boat = self._boat("crew", f"crew-{k + 1:02d}", home)
                boat["serves"] = ["khusus"]
                boats.append(boat)
        return {"source": self.source, "boats": boats}

    def _boat(self, kind: str, boat_id: str, home: str) -> dict[str, object]:
        rng = self.rng
        name = self._name()
        if kind == "slow":
            return {
                "id": boat_id,
                "name": f"KM {name} (kapal kayu)",
                "home": home,
                "speed_knots": rng.choice((8.0, 8.5, 9.0, 9.5, 10.0)),
                "capacity_kg": rng.randrange(3000, 6001, 500),
                "capacity_m3": rng.randrange(20, 41, 5),
                "max_wave_m": 1.25,
                "draft_m": rng.choice((1.2, 1.4, 1.5, 1.6, 1.8)),
                "night_sailing": False,
                "cost_per_hour": rng.randrange(400000, 650001, 50000),
            }
        if kind == "fast":
            return {
                "id": boat_id,
                "name": f"Speedboat {name}",
                "home": home,
                "speed_knots": float(rng.randrange(18, 26)),
                "capacity_kg": rng.choice((1500, 2000, 2500)),
                "capacity_m3": rng.randrange(6, 11),
                "max_wave_m": 1.25,
                "draft_m": rng.choice((0.8, 1.0, 1.2)),
                "night_sailing": False,
                "cost_per_hour": rng.randrange(1500000, 2200001, 100000),
            }
        if kind == "ship":
            return {
                "id": boat_id,
                "name": f"KM {name} (kapal barang)",
                "home": home,
                "speed_knots": rng.choice((12.0, 13.0, 14.0, 15.0)),
                "capacity_kg": rng.randrange(20000, 50001, 5000),
                "capacity_m3": rng.randrange(100, 251, 25),
                "max_wave_m": 2.5,
                "draft_m": rng.choice((2.5, 2.8, 3.0)),
                "night_sailing": True,
                "cost_per_hour": rng.randrange(2500000, 4000001, 250000),
            }
        return {
            "id": boat_id,
            "name": f"Crew boat {name}",
            "home": home,
            "speed_knots": rng.choice((14.0, 15.0, 16.0)),
            "capacity_kg": rng.randrange(15000, 25001, 5000),
            "capacity_m3": rng.randrange(60, 101, 20),
            "max_wave_m": 2.5,
            "draft_m": rng.choice((2.0, 2.5)),
            "night_sailing": True,
            "cost_per_hour": 3000000,
        }

    # ----------------------------------------------------------------------- weather

    def _weather(self) -> Doc:
        """Per zone: 12-hour slots, mostly Rendah, some Tenang, Sedang spells of 12-36 h."""
        rng = self.rng
        zones = [{"id": zone_id, "name": f"Perairan {self._name()}"} for zone_id in self.zone_ids]
        forecast: list[dict[str, object]] = []
        for zone_id in self.zone_ids:
            categories = ["Tenang" if rng.random() < 0.2 else "Rendah"]
            categories += ["Tenang" if rng.random() < 0.2 else "Rendah" for _ in range(15)]
            for _ in range(1 + (rng.random() < 0.4)):
                length = rng.choice((1, 2, 3))
                first = rng.randrange(0, _FORECAST_SLOTS - length + 1)
                for k in range(first, first + length):
                    categories[k] = "Sedang"
                if length >= 2 and rng.random() < 0.15:
                    categories[first + rng.randrange(length)] = "Tinggi"
            for k, category in enumerate(categories):
                slot_from = _FORECAST_FROM + timedelta(hours=12 * k)
                forecast.append(
                    {
                        "zone": zone_id,
                        "from": slot_from.strftime("%Y-%m-%dT%H:%M"),
                        "to": (slot_from + timedelta(hours=12)).strftime("%Y-%m-%dT%H:%M"),
                        "category": category,
                    }
                )
        return {"source": self.source, "zones": zones, "forecast": forecast}


def _offset(point: Point, bearing_deg: float, nm: float) -> Point:
    """The point ``nm`` nautical miles from ``point`` on a bearing (flat-earth, short range)."""
    bearing = math.radians(bearing_deg)
    lat = point[0] + nm * math.cos(bearing) / _NM_PER_DEGREE
    lon = point[1] + nm * math.sin(bearing) / (_NM_PER_DEGREE * math.cos(math.radians(point[0])))
    return lat, lon


def _apportion(total: int, weights: Sequence[float], cap: int | None = None) -> list[int]:
    """Split ``total`` into whole parts proportional to ``weights`` (largest remainder).

    With ``cap``, no part exceeds it: capped parts are fixed and the rest is split again
    among the others (``total`` must not exceed ``cap`` times the number of parts).
    """
    n = len(weights)
    if n == 0:
        return []
    if cap is not None and total > cap * n:
        raise ValueError(f"cannot split {total} into {n} parts of at most {cap}")
    fixed: dict[int, int] = {}
    while True:
        free = [i for i in range(n) if i not in fixed]
        left = total - sum(fixed.values())
        mass = sum(weights[i] for i in free)
        shares = {i: left * weights[i] / mass if mass > 0 else left / len(free) for i in free}
        over = [i for i in free if cap is not None and shares[i] > cap]
        if not over:
            break
        for i in over:
            fixed[i] = cap if cap is not None else 0
    parts = [fixed.get(i, math.floor(shares.get(i, 0.0))) for i in range(n)]
    order = sorted(free, key=lambda i: (parts[i] - shares[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


if __name__ == "__main__":
    main()
