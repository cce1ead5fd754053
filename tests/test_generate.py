"""Tests of ``generate``: seeded synthetic archipelagos that load as valid data sets."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from seribu_planner.derive.kit import kit_for
from seribu_planner.derive.network import great_circle_nm
from seribu_planner.generate import (
    MAX_PORT_NM,
    SIZES,
    dump,
    generate,
    main,
    write_dataset,
)
from seribu_planner.load import FILES, data_warnings, load_dataset
from seribu_planner.model import DataSet, PlaceKind, TpsKind

SMALL = (12, 60, 4)


def _texts(islands: int, tps: int, boats: int, seed: int) -> dict[str, str]:
    return {name: dump(doc) for name, doc in generate(islands, tps, boats, seed).items()}


def _load(folder: Path, islands: int, tps: int, boats: int, seed: int) -> DataSet:
    write_dataset(folder, islands, tps, boats, seed)
    return load_dataset(folder)


def _check_shape(data: DataSet, islands: int, tps: int, boats: int) -> None:
    assert len(data.islands) == islands
    assert len(data.tps) == tps
    assert len(data.boats) == boats
    island_ids = {i.id for i in data.islands}
    # (that every TPS stands on a known island with 1-300 voters, and every home is a port,
    # the data set's own validation guarantees)
    per_island = Counter(t.island for t in data.tps)
    assert set(per_island) == island_ids  # every island has at least one TPS
    for island_id in island_ids:
        numbers = sorted(t.number for t in data.tps if t.island == island_id)
        assert numbers == list(range(1, len(numbers) + 1))
    places = {i.id: i for i in data.islands}
    for station in data.tps:
        platform = places[station.island].kind is PlaceKind.PLATFORM
        assert station.kind == (TpsKind.KHUSUS if platform else TpsKind.REGULAR)
    for island in data.islands:
        assert -12 <= island.lat <= 0 and 100 <= island.lon <= 135
        nearest = min(great_circle_nm(island.lat, island.lon, p.lat, p.lon) for p in data.ports)
        assert nearest <= MAX_PORT_NM + 0.1
    # every zone has forecast slots from before the start to after the end, without gaps
    assert data_warnings(data) == []


def test_same_seed_same_files_other_seed_other_files() -> None:
    first = _texts(*SMALL, seed=7)
    assert list(first) == list(FILES)
    assert first == _texts(*SMALL, seed=7)
    other = _texts(*SMALL, seed=8)
    assert other != first
    assert other["islands.yaml"] != first["islands.yaml"]


def test_written_files_are_byte_identical(tmp_path: Path) -> None:
    write_dataset(tmp_path / "a", *SMALL, seed=3)
    write_dataset(tmp_path / "b", *SMALL, seed=3)
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_small_archipelago_loads(tmp_path: Path) -> None:
    data = _load(tmp_path / "small", *SMALL, seed=1)
    _check_shape(data, *SMALL)
    assert data.campaign.objective.fixed_cost_per_boat == 2_000_000
    docs = generate(*SMALL, seed=1)
    for name, doc in docs.items():
        assert str(doc["source"]).startswith("synthetic: seribu_planner.generate seed=1"), name


@pytest.mark.parametrize("seed", [0, 5])
def test_size_s_loads(tmp_path: Path, seed: int) -> None:
    islands, tps, boats = SIZES["S"]
    data = _load(tmp_path / "s", islands, tps, boats, seed)
    _check_shape(data, islands, tps, boats)
    per_island = Counter(t.island for t in data.tps)
    assert max(per_island.values()) >= 30
    assert len(data.zones) >= 2
    assert any(p.ready_at is not None for p in data.ports)  # an island hub, ready later
    assert any(i.pier_depth_m is not None and i.pier_depth_m < 2.5 for i in data.islands)
    # capacity-days: four days of one trip per boat carry the whole kit volume three times
    kit_m3 = sum(kit_for(data.campaign, t).m3 for t in data.tps)
    kit_kg = sum(kit_for(data.campaign, t).kg for t in data.tps)
    assert 4 * sum(b.capacity_m3 for b in data.boats) > 3 * kit_m3
    assert 4 * sum(b.capacity_kg for b in data.boats) > 3 * kit_kg


@pytest.mark.parametrize(
    ("islands", "tps", "boats"), [(1, 1, 1), (2, 5, 1), (3, 3, 2), (10, 200, 3), (40, 40, 6)]
)
def test_edge_sizes_load(tmp_path: Path, islands: int, tps: int, boats: int) -> None:
    data = _load(tmp_path / "edge", islands, tps, boats, seed=2)
    _check_shape(data, islands, tps, boats)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="one TPS per island"):
        generate(10, 9, 3)
    with pytest.raises(ValueError):
        generate(0, 1, 1)
    with pytest.raises(ValueError):
        generate(1, 1, 0)


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(tmp_path / "cli"), "--islands", "12", "--tps", "60", "--boats", "4", "--seed", "9"])
    assert "wrote" in capsys.readouterr().out
    write_dataset(tmp_path / "api", *SMALL, seed=9)
    for name in FILES:
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "api" / name).read_bytes()
    with pytest.raises(SystemExit):
        main([str(tmp_path / "none"), "--islands", "12"])
