"""Kit arithmetic: item counts with the spare rounded up per TPS, weight and volume."""

from __future__ import annotations

import pytest

from seribu_planner.derive.kit import item_count, kit_for
from seribu_planner.load import bundled_data_dir, load_dataset


@pytest.mark.parametrize(
    ("voters", "expected"),
    [(1, 2), (49, 50), (50, 51), (250, 255), (251, 257), (300, 306)],
)
def test_spare_is_rounded_up_per_tps_exactly(voters: int, expected: int) -> None:
    # 250 x 1.02 is 255.00000000000003 in floating point: exact fractions give 255.
    assert item_count(0, 1, 0.02, voters) == expected


def test_per_tps_and_per_voter_counts_add_up() -> None:
    assert item_count(4, 0, 0.0, 300) == 4
    assert item_count(1, 4, 0.02, 300) == 1 + 4 * 306


def test_bundled_kits_match_the_2024_ballot_count() -> None:
    data = load_dataset(bundled_data_dir())
    kits = {t.id: kit_for(data.campaign, t) for t in data.tps}
    ballots = {item.item: item for item in data.campaign.kit}["surat_suara"]
    per_type = sum(dict(k.counts)["surat_suara"] for k in kits.values()) // ballots.per_voter
    # KPU shipped ballots "untuk 22.515 pemilih" per type for 22,036 voters: DPT + 2 %,
    # rounded up per TPS, gives within a few dozen of it.
    assert 22_036 * 1.02 <= per_type <= 22_036 * 1.02 + len(data.tps)
    assert abs(per_type - 22_515) < 40
    assert all(dict(k.counts)["kotak_suara"] == 4 for k in kits.values())


def test_kit_weight_and_volume_follow_the_item_list() -> None:
    data = load_dataset(bundled_data_dir())
    tps = data.tps[0]
    kit = kit_for(data.campaign, tps)
    by_item = {i.item: i for i in data.campaign.kit}
    assert kit.kg == pytest.approx(sum(n * by_item[name].kg for name, n in kit.counts))
    assert kit.m3 == pytest.approx(sum(n * by_item[name].m3 for name, n in kit.counts))
    assert kit.items == sum(n for _, n in kit.counts)
    # The facts file estimates 45-55 kg and 0.4-0.6 m3 for a 300-voter TPS kit.
    assert 30 < kit.kg < 60
    assert 0.3 < kit.m3 < 0.7
