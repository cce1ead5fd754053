"""Tests of ``model``: a data set built in Python is checked as strictly as one loaded from
YAML (consistency between records, strict numbers, bounds), and the bounds keep the
solver's integer arithmetic exact."""

from __future__ import annotations

import math
import re
import types
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel, ValidationError
from tests.builders import at, tiny_data, with_boat, with_fields

from seribu_planner import model
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import (
    MAX_COST_PER_HOUR,
    MAX_FIXED_COST_PER_BOAT,
    DataSet,
    Distance,
    Frozen,
    Objective,
    Period,
    Point,
    Tps,
    Uncertainty,
    ZoneFollow,
)
from seribu_planner.solver import solve
from seribu_planner.solver.routing import GRAMS_PER_KG, ML_PER_M3
from seribu_planner.verify import verify

DATA = tiny_data()
DOCS = Path(__file__).parent.parent / "docs" / "data.md"

# --------------------------------------------------------------------------- consistency


def _replace(records: tuple[Any, ...], index: int, **changes: Any) -> tuple[Any, ...]:
    """The records with one of them changed (validated again)."""
    changed = type(records[index]).model_validate({**dict(records[index]), **changes})
    return (*records[:index], changed, *records[index + 1 :])


INCONSISTENT: dict[str, tuple[Callable[[], DataSet], tuple[str | int, ...], str]] = {
    # The case: the solver used to fail on it with a KeyError.
    "home port unknown": (
        lambda: with_boat(DATA, "cepat-1", home="marina-ancl"),
        ("boats", 1, "home"),
        "unknown port 'marina-ancl' (did you mean 'marina-ancol'?)",
    ),
    "home port is an island": (
        lambda: with_boat(DATA, "kayu-1", home="pramuka"),
        ("boats", 0, "home"),
        "'pramuka' is an island, not a port; home must be one of the ports: kali-adem,"
        " marina-ancol",
    ),
    "tps on an unknown island": (
        lambda: with_fields(DATA, tps=_replace(DATA.tps, 5, island="anjungan-b")),
        ("tps", 5, "island"),
        "unknown island 'anjungan-b' (did you mean 'anjungan-a'?)",
    ),
    "tps on a port": (
        lambda: with_fields(DATA, tps=_replace(DATA.tps, 0, island="kali-adem")),
        ("tps", 0, "island"),
        "'kali-adem' is a port; a TPS stands on an island or platform",
    ),
    "duplicate tps id": (
        lambda: with_fields(DATA, tps=_replace(DATA.tps, 2, id="pramuka-001")),
        ("tps", 2, "id"),
        "duplicate TPS id 'pramuka-001' (first at tps[0])",
    ),
    "place id shared by a port and an island": (
        lambda: with_fields(
            DATA, islands=(*DATA.islands, DATA.islands[0].model_copy(update={"id": "marina-ancol"}))
        ),
        ("islands", 3, "id"),
        "duplicate place id 'marina-ancol' (first at ports[1]); ports and islands share one"
        " id space",
    ),
    "island in an unknown zone": (
        lambda: with_fields(DATA, islands=_replace(DATA.islands, 2, zone="laut-jawa")),
        ("islands", 2, "zone"),
        "unknown zone 'laut-jawa'; known zones: teluk-jakarta, kepulauan-seribu",
    ),
    "forecast for an unknown zone": (
        lambda: with_fields(DATA, forecast=_replace(DATA.forecast, 4, zone="teluk-jakrta")),
        ("forecast", 4, "zone"),
        "unknown zone 'teluk-jakrta' (did you mean 'teluk-jakarta'?)",
    ),
    "overlapping forecast slots": (
        lambda: with_fields(DATA, forecast=_replace(DATA.forecast, 2, from_=at(9, 23))),
        ("forecast", 2),
        "slot from 2024-02-09T23:00+07:00 to 2024-02-10T12:00+07:00 overlaps forecast[1]"
        " (from 2024-02-09T00:00+07:00 to 2024-02-10T00:00+07:00); forecast slots of zone"
        " kepulauan-seribu must not overlap",
    ),
    "overlapping availability": (
        lambda: with_boat(
            DATA,
            "supply-1",
            available=[
                Period(from_=at(10, 6), to=at(11, 6)),
                Period(from_=at(11, 0), to=at(12, 0)),
            ],
        ),
        ("boats", 2, "available", 1),
        "period from 2024-02-11T00:00+07:00 to 2024-02-12T00:00+07:00 overlaps"
        " boats[2].available[0] (from 2024-02-10T06:00+07:00 to 2024-02-11T06:00+07:00);"
        " a boat's available periods must not overlap",
    ),
    "availability outside the campaign": (
        lambda: with_boat(DATA, "supply-1", available=[Period(from_=at(15, 6), to=at(16, 6))]),
        ("boats", 2, "available", 0),
        "period from 2024-02-15T06:00+07:00 to 2024-02-16T06:00+07:00 is outside the"
        " campaign, 2024-02-09T06:00+07:00 to 2024-02-14T18:00+07:00",
    ),
    "tps deadline outside the campaign": (
        lambda: with_fields(DATA, tps=_replace(DATA.tps, 3, deadline=at(15, 0))),
        ("tps", 3, "deadline"),
        "deadline 2024-02-15T00:00+07:00 is outside the campaign, 2024-02-09T06:00+07:00 to"
        " 2024-02-14T18:00+07:00",
    ),
    "port ready after the deadline": (
        lambda: with_fields(DATA, ports=_replace(DATA.ports, 1, ready_at=at(14, 0))),
        ("ports", 1, "ready_at"),
        "ready_at 2024-02-14T00:00+07:00 is later than the campaign deadline"
        " 2024-02-13T18:00+07:00",
    ),
    "distance to an unknown place": (
        lambda: with_fields(DATA, distances=(Distance(between=("pramuka", "kali-adm"), nm=30),)),
        ("distances", 0, "between", 1),
        "unknown place 'kali-adm' (did you mean 'kali-adem'?)",
    ),
    "distance listed twice": (
        lambda: with_fields(
            DATA,
            distances=(
                Distance(between=("pramuka", "kali-adem"), nm=30),
                Distance(between=("kali-adem", "pramuka"), nm=31),
            ),
        ),
        ("distances", 1),
        "the distance kali-adem - pramuka is listed twice (first at distances[0])",
    ),
}


@pytest.mark.parametrize("case", sorted(INCONSISTENT))
def test_inconsistent_data_set_built_in_python_is_refused_at_the_field(case: str) -> None:
    build, loc, message = INCONSISTENT[case]
    with pytest.raises(ValidationError) as raised:
        build()
    assert [(e["loc"], e["msg"]) for e in raised.value.errors()] == [(loc, message)]


def test_model_copy_of_a_data_set_is_checked_too() -> None:
    boats = tuple(b.model_copy(update={"home": "nowhere"}) for b in DATA.boats)
    with pytest.raises(ValidationError) as raised:
        DATA.model_copy(update={"boats": boats})
    assert [e["loc"] for e in raised.value.errors()] == [("boats", i, "home") for i in range(3)]
    copy = DATA.model_copy(update={"boats": DATA.boats[:1]})
    assert list(copy.boats_by_id) == ["kayu-1"]  # lookups rebuilt for the copy


def test_every_problem_of_a_data_set_is_reported_at_once() -> None:
    tps = _replace(_replace(DATA.tps, 0, island="nowhere"), 4, id="untung-jawa-001")
    boats = _replace(DATA.boats, 0, home="nowhere")
    with pytest.raises(ValidationError) as raised:
        with_fields(DATA, tps=tps, boats=boats)
    assert sorted(e["loc"] for e in raised.value.errors()) == [
        ("boats", 0, "home"),
        ("tps", 0, "island"),
        ("tps", 4, "id"),
    ]


# --------------------------------------------------------------------------- the campaign


@pytest.mark.parametrize(
    ("changes", "loc"),
    [
        ({"end": at(9, 5)}, ("end",)),
        ({"end": at(9, 6) + (at(11, 6) - at(9, 6)) * 31}, ("end",)),  # 62 days
        ({"deadline": at(14, 19)}, ("deadline",)),
        ({"deadline": at(9, 6)}, ("deadline",)),
    ],
)
def test_campaign_horizon_errors_are_located_at_their_field(
    changes: dict[str, Any], loc: tuple[str, ...]
) -> None:
    with pytest.raises(ValidationError) as raised:
        type(DATA.campaign).model_validate({**dict(DATA.campaign), **changes})
    assert [e["loc"] for e in raised.value.errors()] == [loc]


# --------------------------------------------------------------------------- numbers

SAMPLES: list[BaseModel] = [
    DATA.campaign,
    DATA.campaign.daylight,
    DATA.campaign.kit[0],
    Objective(fixed_cost_per_boat=1_000_000),
    DATA.ports[0],
    DATA.islands[0],
    DATA.distances[0],
    DATA.tps[0],
    DATA.boats[2],
    Period(from_=at(10, 6), to=at(12, 18)),
    DATA.zones[0],
    Point(lat=-5.25, lon=106.5),
    DATA.forecast[0],
    Uncertainty(),
    ZoneFollow(zone="laut-jawa-barat", leader="kepulauan-seribu"),
]


def _number_type(annotation: Any) -> type | None:
    """int or float when the field holds a number (optional or annotated), else None."""
    if get_origin(annotation) is Annotated:
        return _number_type(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        found = {_number_type(a) for a in get_args(annotation)} - {None}
        return found.pop() if len(found) == 1 else None
    return annotation if annotation in (int, float) else None


NUMBERS = [
    (sample, name, info.alias or name, kind)
    for sample in SAMPLES
    for name, info in type(sample).model_fields.items()
    if (kind := _number_type(info.annotation)) is not None
]


def _field_id(case: tuple[BaseModel, str, str, type]) -> str:
    return f"{type(case[0]).__name__}.{case[1]}"


def test_the_samples_cover_every_model_with_a_number() -> None:
    models = {
        cls
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, Frozen) and cls is not Frozen
    }
    with_numbers = {
        cls for cls in models if any(_number_type(f.annotation) for f in cls.model_fields.values())
    }
    assert with_numbers <= {type(s) for s in SAMPLES}
    assert len(NUMBERS) >= 25


def _refused(sample: BaseModel, key: str, value: Any) -> list[tuple[Any, str]]:
    data = {**sample.model_dump(by_alias=True), key: value}
    with pytest.raises(ValidationError) as raised:
        type(sample).model_validate(data)
    return [(e["loc"], e["type"]) for e in raised.value.errors()]


@pytest.mark.parametrize("case", NUMBERS, ids=_field_id)
def test_booleans_are_never_numbers(case: tuple[BaseModel, str, str, type]) -> None:
    sample, _, key, _ = case
    for flag in (True, False):
        assert _refused(sample, key, flag) == [((key,), "bool_not_number")]


@pytest.mark.parametrize("case", NUMBERS, ids=_field_id)
def test_nan_and_infinity_are_refused_and_every_number_is_bounded(
    case: tuple[BaseModel, str, str, type],
) -> None:
    sample, name, key, kind = case
    info = type(sample).model_fields[name]
    bounds = [getattr(m, "le", None) or getattr(m, "lt", None) for m in info.metadata]
    [upper] = [b for b in bounds if b is not None]
    assert _refused(sample, key, upper * 10 + 1) == [((key,), "less_than_equal")]
    if kind is float:
        for value in (math.nan, math.inf, -math.inf, "nan", "-inf", "1e999"):
            assert _refused(sample, key, value) == [((key,), "finite_number")]


def test_every_bound_is_documented() -> None:
    table = DOCS.read_text(encoding="utf-8").split("## Bounds", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_0-9]+)`", table, flags=re.MULTILINE))
    assert {key for _, _, key, _ in NUMBERS} <= documented


# --------------------------------------------------------------------------- magnitudes


def test_bounds_keep_the_solver_arithmetic_exact() -> None:
    m = model
    hours = m.MAX_HORIZON_DAYS * 24
    # The penalty for one unserved TPS is the cost of every boat under way the whole horizon
    # at the dearest rate: for a thousand boats and ten thousand TPS it still fits int64.
    boat_cost = m.MAX_COST_PER_HOUR * hours + m.MAX_FIXED_COST_PER_BOAT
    assert boat_cost * 1_000 * 10_000 < 2**63
    # The longest leg the geometry allows: half the globe at the largest route factor and
    # the lowest speed, in minutes, and what it costs: exact as floats.
    leg_minutes = math.ceil(10_800 * m.MAX_ROUTE_FACTOR / m.MIN_SPEED_KNOTS * 60)
    assert leg_minutes * m.MAX_COST_PER_HOUR / 60 < 2**53
    # Capacities and the heaviest kit, in grams and millilitres: exact as floats.
    assert m.MAX_CAPACITY_KG * GRAMS_PER_KG < 2**53
    assert m.MAX_CAPACITY_M3 * ML_PER_M3 < 2**53
    pieces = m.MAX_PER_TPS + m.MAX_PER_VOTER * math.ceil(m.MAX_VOTERS_PER_TPS * 2)
    assert m.MAX_KIT_ITEMS * pieces * m.MAX_ITEM_KG * GRAMS_PER_KG < 2**53
    assert m.MAX_KIT_ITEMS * pieces * m.MAX_ITEM_M3 * ML_PER_M3 < 2**53


def test_a_fleet_at_the_cost_bounds_still_serves_every_tps() -> None:
    # cost_per_hour: 1e14 used to leave 30 of the 88 TPS unserved, each with a false reason.
    data = load_dataset(bundled_data_dir())
    boats = tuple(b.model_copy(update={"cost_per_hour": MAX_COST_PER_HOUR}) for b in data.boats)
    objective = Objective(fixed_cost_per_boat=MAX_FIXED_COST_PER_BOAT)
    campaign = data.campaign.model_copy(update={"objective": objective})
    dear = data.model_copy(update={"boats": boats, "campaign": campaign})
    plan = solve(dear)
    assert plan.unserved == ()
    assert verify(dear, plan) == []


def test_numbers_in_quotes_are_still_numbers() -> None:
    # Kept as it was (pydantic's lax mode): "280" in quotes means 280 to whoever wrote it,
    # and nothing else is read into it; a word or a flag is still refused.
    tps = Tps.model_validate({"id": "t", "island": "i", "number": "3", "voters": "280"})
    assert (tps.number, tps.voters) == (3, 280)
    with pytest.raises(ValidationError):
        Tps.model_validate({"id": "t", "island": "i", "number": 3, "voters": "many"})
