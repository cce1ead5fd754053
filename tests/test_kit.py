"""Kit arithmetic: item counts with the spare rounded up per TPS, weight and volume."""

from __future__ import annotations

import pytest
from tests.builders import tiny_data

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
    # tiny_data()'s kit: 4 boxes (2.26 kg, 0.096 m3), 4 ballots per voter + 2 % (0.015 kg,
    # 0.00003 m3), 4 booths (3 kg, 0.25 m3); pramuka-001 has 250 voters: 4 x 255 ballots.
    data = tiny_data()
    kit = kit_for(data.campaign, data.tps_by_id["pramuka-001"])
    assert kit.counts == (("kotak_suara", 4), ("surat_suara", 1020), ("bilik_suara", 4))
    assert kit.items == 1028
    assert kit.kg == pytest.approx(9.04 + 15.3 + 12.0)
    assert kit.m3 == pytest.approx(0.384 + 0.0306 + 1.0)


def test_bundled_kit_of_a_full_tps_matches_the_facts_estimate() -> None:
    data = load_dataset(bundled_data_dir())
    full = data.tps[0].model_copy(update={"voters": 300})
    kit = kit_for(data.campaign, full)
    # The facts file estimates 45-55 kg and 0.4-0.6 m3 for a 300-voter TPS kit.
    assert 45 <= kit.kg <= 55
    assert 0.4 <= kit.m3 <= 0.6
