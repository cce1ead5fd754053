"""Data and plans for the tests of the outputs for people (workbook, HTML, brief, GeoJSON).

``example()`` is the bundled data set with the committed example plan (88 TPS, three boats,
four trips), checked by the verifier; ``tiny()`` is ``builders.tiny_data()`` with its
``good_plan()``, which leaves one TPS unserved. ``hostile()`` gives a data set's names the
text an attacker or a careless paste would put there. ``english`` is a fixture that runs a
test in English and restores the default language afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from tests.builders import good_plan, tiny_data, with_fields

from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import DataSet
from seribu_planner.outputs import i18n
from seribu_planner.outputs.export import read_plan
from seribu_planner.plan import Plan
from seribu_planner.verify import verify

ROOT = Path(__file__).resolve().parent.parent
#: A fixed plan of the bundled data (three boats, four trips), so that the tests of the
#: outputs do not change with the solver; ``examples/plan-2024.json`` is today's plan.
EXAMPLE_PLAN = ROOT / "tests" / "data" / "plans" / "bundled-approved.json"
CURRENT_PLAN = ROOT / "examples" / "plan-2024.json"

#: Markup, a formula, a link and a control character: all must come out as plain text.
NASTY = '<script>alert("x")</script> & =HYPERLINK("http://evil") \x1b[31m'


@cache
def example() -> tuple[DataSet, Plan]:
    """The bundled data set and the committed example plan, which keeps every rule."""
    data = load_dataset(bundled_data_dir())
    plan = read_plan(EXAMPLE_PLAN)
    assert verify(data, plan) == []
    return data, plan


def tiny() -> tuple[DataSet, Plan]:
    """The tiny data set and its good plan (one TPS unserved)."""
    data, plan = tiny_data(), good_plan()
    assert verify(data, plan) == []
    assert plan.unserved
    return data, plan


def hostile(data: DataSet) -> DataSet:
    """The data set with the campaign, every place and every boat named ``NASTY``."""
    campaign = data.campaign.model_copy(update={"name": NASTY})
    return with_fields(
        data,
        campaign=campaign,
        ports=tuple(p.model_copy(update={"name": NASTY}) for p in data.ports),
        islands=tuple(
            i.model_copy(update={"name": NASTY, "kelurahan": NASTY}) for i in data.islands
        ),
        boats=tuple(
            b.model_copy(update={"name": NASTY, "escort": NASTY, "contact": NASTY, "crew": NASTY})
            for b in data.boats
        ),
        origin=NASTY,
    )


@pytest.fixture
def english() -> Iterator[None]:
    """Run the test in English; the default language again afterwards."""
    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
