"""Sea distances and travel times."""

from __future__ import annotations

import pytest

from seribu_planner.derive.network import (
    SeaNetwork,
    great_circle_nm,
    travel_minutes,
    travel_minutes_matrix,
)
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import Distance


def test_kali_adem_to_sebira_is_about_57_nm_great_circle() -> None:
    data = load_dataset(bundled_data_dir())
    kali_adem = data.ports_by_id["kali-adem"]
    sebira = data.islands_by_id["sebira"]
    nm = great_circle_nm(kali_adem.lat, kali_adem.lon, sebira.lat, sebira.lon)
    assert nm == pytest.approx(57.2, abs=0.3)
    network = SeaNetwork.of(data)
    assert network.distance_nm("kali-adem", "sebira") == pytest.approx(
        nm * data.campaign.route_factor
    )
    assert network.distance_nm("sebira", "kali-adem") == network.distance_nm("kali-adem", "sebira")
    assert network.distance_nm("sebira", "sebira") == 0


def test_kali_adem_to_pramuka_matches_the_facts_table() -> None:
    data = load_dataset(bundled_data_dir())
    a, b = data.ports_by_id["kali-adem"], data.islands_by_id["pramuka"]
    assert great_circle_nm(a.lat, a.lon, b.lat, b.lon) == pytest.approx(23.5, abs=0.2)


def test_measured_distance_overrides_the_estimate() -> None:
    data = load_dataset(bundled_data_dir())
    measured = (Distance(between=("sebira", "kali-adem"), nm=62.0),)
    network = SeaNetwork.of(data.model_copy(update={"distances": measured}))
    assert network.distance_nm("kali-adem", "sebira") == 62.0
    assert network.minutes("kali-adem", "sebira", 10) == 372


@pytest.mark.parametrize(
    ("nm", "knots", "minutes"), [(10, 10, 60), (10.01, 10, 61), (0, 10, 0), (1, 20, 3)]
)
def test_travel_minutes_round_up(nm: float, knots: float, minutes: int) -> None:
    assert travel_minutes(nm, knots) == minutes


def test_matrix_minutes_equal_leg_minutes() -> None:
    distances = [[0.0, 10.0, 10.01], [33.333, 0.5, 57.2 * 1.2]]
    for speed in (6.0, 10.0, 13.7, 20.0):
        matrix = travel_minutes_matrix(distances, speed)
        assert matrix == [[travel_minutes(d, speed) for d in row] for row in distances]
