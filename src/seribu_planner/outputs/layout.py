"""Tables that fit the width they are printed at, and never cut an id.

Rich shrinks a table that is too wide by cutting its cells (``tidung-001..01``, then ``6``
on the next line, or ``kelapa-…``). A ``FitTable`` instead knows the ways its table may
give up width, in the order the view states them (drop the island column, let the boat
column fold, let a list of kits wrap between its ids...), and at print time takes the
first layout that fits the width it is given, each column as wide as it needs and a
wrapping column never narrower than its longest word. Only when even the last layout
does not fit (a console narrower than any id) does rich fold what it must.

Tables are drawn light (a rule under the header, no side borders), so that a table piped
to a file or a printer reads like text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

Cell = str | Text

#: A folding column (one that may break inside a word) is never made narrower than this.
FOLD_MIN = 4


@dataclass(frozen=True)
class Column:
    """A column: its header, how it aligns, and how it may give up width.

    ``wrap``: it may break between words (never inside one); ``fold``: anywhere. A column
    that does neither is as wide as its widest cell.
    """

    key: str
    header: str
    justify: Literal["left", "right"] = "left"
    wrap: bool = False
    fold: bool = False


@dataclass(frozen=True)
class Label:
    """A row that only names what follows (a kelurahan, a boat), in the first column."""

    text: Text


#: A break between sections of a table (a line, or a blank line in a light table).
SECTION = None

Row = tuple[Cell, ...] | Label | None


@dataclass(frozen=True)
class Layout:
    """One way to lay a table out: its columns and its rows, cells in column order; a
    title of its own when it differs from the table's (a timeline of coarser cells)."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    title: Text | None = None

    def without(self, key: str) -> Layout:
        """The layout without the column ``key``."""
        keep = [i for i, c in enumerate(self.columns) if c.key != key]
        rows = tuple(
            tuple(row[i] for i in keep) if isinstance(row, tuple) else row for row in self.rows
        )
        return Layout(tuple(self.columns[i] for i in keep), rows, self.title)

    def loosened(self, key: str, *, fold: bool = False) -> Layout:
        """The layout with the column ``key`` allowed to wrap (or, with ``fold``, fold)."""
        columns = tuple(
            replace(c, wrap=True, fold=c.fold or fold) if c.key == key else c for c in self.columns
        )
        return Layout(columns, self.rows, self.title)


Step = tuple[Literal["drop", "wrap", "fold"], str]


def stepped(layout: Layout, steps: Iterable[Step]) -> list[Layout]:
    """The layout as given, then after each step in turn: ``("drop", key)`` removes a
    column, ``("wrap", key)`` lets it break between words, ``("fold", key)`` anywhere."""
    layouts = [layout]
    for action, key in steps:
        if action == "drop":
            layout = layout.without(key)
        else:
            layout = layout.loosened(key, fold=action == "fold")
        layouts.append(layout)
    return layouts


@dataclass
class FitTable:
    """A table with its title that takes, at print time, the first of its layouts that fits.

    ``layouts`` go from the fullest to the most compact; see ``stepped``.
    """

    layouts: Sequence[Layout]
    title: Text | None = None
    header_style: str = "bold"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for layout in self.layouts:
            widths = fit(layout, options.max_width, overhead(console, options, layout))
            if widths is not None:
                break
        else:
            layout, widths = self.layouts[-1], None
        yield from self.render(layout, widths)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)

    def render(self, layout: Layout, widths: list[int] | None) -> RenderResult:
        """The title and the table in ``layout`` with ``widths`` (None: rich decides)."""
        title = layout.title or self.title
        if title is not None:
            yield title
        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            header_style=self.header_style,
        )
        for i, column in enumerate(layout.columns):
            table.add_column(
                column.header,
                justify=column.justify,
                no_wrap=not (column.wrap or column.fold),
                overflow="fold",
                width=None if widths is None else widths[i],
            )
        blank = [""] * (len(layout.columns) - 1)
        for row in layout.rows:
            if row is SECTION:
                table.add_section()
            elif isinstance(row, Label):
                table.add_row(row.text, *blank)
            else:
                table.add_row(*row)
        yield table


@dataclass
class FitGroup:
    """Tables shown one after another and laid out alike (the trips of each boat): the
    first step of their layouts at which every one of them fits."""

    tables: Sequence[FitTable]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        steps = min((len(t.layouts) for t in self.tables), default=0)
        for i in range(steps):
            chosen = [
                (
                    t.layouts[i],
                    fit(t.layouts[i], options.max_width, overhead(console, options, t.layouts[i])),
                )
                for t in self.tables
            ]
            if all(widths is not None for _, widths in chosen):
                for n, (table, (layout, widths)) in enumerate(
                    zip(self.tables, chosen, strict=True)
                ):
                    if n:
                        yield Text("")
                    yield from table.render(layout, widths)
                return
        for n, table in enumerate(self.tables):
            if n:
                yield Text("")
            yield table

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


def overhead(console: Console, options: ConsoleOptions, layout: Layout) -> int:
    """The width a light table adds to its columns' (separators and padding)."""
    probe = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for _ in layout.columns:
        probe.add_column(width=1)
    measured = Measurement.get(console, options.update(width=10_000), probe)
    return measured.maximum - len(layout.columns)


def fit(layout: Layout, available: int, overhead: int) -> list[int] | None:
    """Column widths that fit ``available`` without cutting a word where the layout
    forbids it, or None. Columns start at their natural width; the widest one that can
    give up width does, one column at a time."""
    lows, highs = zip(*(_range(layout, i) for i in range(len(layout.columns))), strict=True)
    if sum(lows) + overhead > available:
        return None
    widths = list(highs)
    excess = sum(widths) + overhead - available
    while excess > 0:
        i = max(
            (k for k in range(len(widths)) if widths[k] > lows[k]),
            key=lambda k: (widths[k], -k),
        )
        widths[i] -= 1
        excess -= 1
    return widths


def _range(layout: Layout, i: int) -> tuple[int, int]:
    """The narrowest and the natural width of column ``i``."""
    column = layout.columns[i]
    low = max((cell_len(w) for w in column.header.split()), default=0)
    high = cell_len(column.header)
    for row in layout.rows:
        if isinstance(row, Label):
            if i == 0:  # a label wraps between its words and never widens the column
                low = max(low, _longest_word(row.text.plain))
            continue
        if row is None:
            continue
        cell = row[i]
        text = cell.plain if isinstance(cell, Text) else cell
        width = max((cell_len(line) for line in text.splitlines()), default=0)
        high = max(high, width)
        if column.fold:
            low = max(low, min(width, FOLD_MIN))
        elif column.wrap:
            low = max(low, _longest_word(text))
        else:
            low = max(low, width)
    return low, max(low, high)


def _longest_word(text: str) -> int:
    """The widest word of ``text``, a line's indent counted with its first word."""
    widest = 0
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        words = line.split()
        if words:
            widest = max(widest, indent + cell_len(words[0]), *(cell_len(w) for w in words))
    return widest
