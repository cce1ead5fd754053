"""Tables that fit the width they are printed at, giving up width in their stated order."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from seribu_planner.outputs.layout import (
    SECTION,
    Column,
    FitGroup,
    FitTable,
    Label,
    Layout,
    Step,
    fit,
    stepped,
)

ROWS = (
    ("untung-jawa-001", "untung-jawa", "pesona-alam", "Sel 13 Feb 08.55 WIB"),
    SECTION,
    ("kelapa-dua-019", "kelapa-dua", "phe-onwj", "Jum 09 Feb 14.42 WIB"),
)
COLUMNS = (
    Column("tps", "TPS"),
    Column("island", "island"),
    Column("boat", "boat"),
    Column("arrives", "arrives"),
)
STEPS: list[Step] = [("drop", "island"), ("fold", "boat")]


def render(renderable: object, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip() for line in text.splitlines()]


def table() -> FitTable:
    return FitTable(stepped(Layout(COLUMNS, ROWS), STEPS), title=Text("TPS"))


def test_a_wide_console_gets_every_column_on_one_line_each() -> None:
    lines = render(table(), 100)
    assert lines[1].split() == ["TPS", "island", "boat", "arrives"]
    assert "untung-jawa-001   untung-jawa   pesona-alam   Sel 13 Feb 08.55 WIB" in lines


def test_narrower_the_table_drops_then_folds_in_its_stated_order() -> None:
    dropped = render(table(), 60)
    assert dropped[1].split() == ["TPS", "boat", "arrives"]
    assert "untung-jawa-001   pesona-alam   Sel 13 Feb 08.55 WIB" in dropped
    folded = render(table(), 48)
    assert folded[1].split() == ["TPS", "boat", "arrives"]
    assert all(len(line) <= 48 for line in folded)
    assert any(line.startswith("untung-jawa-001 ") for line in folded), "an id is never cut"


def test_no_line_is_longer_than_the_width_and_ids_stay_whole() -> None:
    for width in range(48, 101):
        lines = render(table(), width)
        assert max(len(line) for line in lines) <= width
        assert sum("untung-jawa-001" in line for line in lines) == 1
        assert sum("kelapa-dua-019" in line for line in lines) == 1


def test_a_wrapping_column_breaks_between_words_only() -> None:
    columns = (Column("tps", "TPS"), Column("kits", "kits", wrap=True))
    rows = (("tidung", "16: tidung-001..016, payung-017, payung-018"),)
    lines = render(FitTable([Layout(columns, rows)]), 30)
    assert max(len(line) for line in lines) <= 30
    text = " ".join(lines)
    for word in ("tidung-001..016,", "payung-017,", "payung-018"):
        assert word in text


def test_fit_refuses_a_width_below_the_narrowest_layout() -> None:
    layout = Layout(COLUMNS, ROWS)
    assert fit(layout, 200, 9) == [15, 11, 11, 20]
    assert fit(layout, 57 + 9 - 1, 9) is None  # every column is as narrow as it can be


def test_a_label_row_wraps_and_never_widens_its_column() -> None:
    rows = (Label(Text("Pulau Untung Jawa and more")), ("pari-001", "3"))
    layout = Layout((Column("tps", "TPS"), Column("trip", "trip")), rows)
    widths = fit(layout, 80, 3)
    assert widths == [8, 4]  # "Pulau" and "Untung" fit in 8; the label wraps


def test_tables_in_a_group_take_the_same_layout() -> None:
    wide = Layout(COLUMNS, ROWS)
    short = Layout(COLUMNS, (("pari-001", "pari", "kayu-1", "Sen 12 Feb 07.33 WIB"),))
    group = FitGroup([FitTable(stepped(wide, STEPS)), FitTable(stepped(short, STEPS))])
    lines = render(group, 60)
    headers = [line.split() for line in lines if line.startswith("TPS")]
    assert headers == [["TPS", "boat", "arrives"], ["TPS", "boat", "arrives"]]
