"""What every command shares: the common options, consoles, error reporting, loading, solving."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, RenderableType
from rich.text import Text

from seribu_planner.errors import EXIT_BAD_INPUT, EXIT_BUG, InputError, Problem
from seribu_planner.load import default_data_dir, load_dataset
from seribu_planner.model import DataSet
from seribu_planner.outputs.i18n import language_from_env, set_language
from seribu_planner.outputs.report import problems_view, violations_view
from seribu_planner.plan import Plan
from seribu_planner.solver import SolveParams, solve
from seribu_planner.verify import Violation, ViolationKind, verify

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Data folder with the five YAML files (campaign, islands, tps, fleet, "
        "weather); default: ./data if present, else the bundled data set",
        file_okay=False,
    ),
]
WeatherOption = Annotated[
    Path | None, typer.Option("--weather", help="Use this weather.yaml instead (what-if).")
]
FleetOption = Annotated[
    Path | None, typer.Option("--fleet", help="Use this fleet.yaml instead (what-if).")
]


class Lang(StrEnum):
    """The languages of what people read."""

    ID = "id"
    EN = "en"


def _choose_language(value: Lang | None) -> Lang | None:
    set_language(language_from_env(value.value if value is not None else None))
    return value


LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of what people read: id (Indonesian, the default) or en; "
        "also SERIBU_LANG. JSON keys, CSV headers and reason codes never change.",
        callback=_choose_language,
        is_eager=True,
    ),
]
TimeLimitOption = Annotated[
    float,
    typer.Option(
        "--time-limit",
        min=0.1,
        max=3600,
        help="Cap on solver search time in seconds; the search stops earlier on its own "
        "(the bundled data in under a second), so the same input gives the same plan.",
    ),
]


def console(stderr: bool = False) -> Console:
    # Piped output gets no colour codes and a fixed width of 100 columns.
    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    width = None if terminal else int(os.environ.get("COLUMNS", "100"))
    return Console(
        file=stream, width=width, no_color=not terminal, highlight=False, soft_wrap=False
    )


def out(renderable: RenderableType) -> None:
    console().print(renderable)


def err(renderable: RenderableType) -> None:
    console(stderr=True).print(renderable)


@contextmanager
def user_errors() -> Iterator[None]:
    """Report input errors once, with their locations, and exit 2 without a traceback."""
    try:
        yield
    except InputError as exc:
        count = len(exc.problems)
        title = f"{count} problem{'s' if count != 1 else ''} in the input"
        err(problems_view(exc.problems, title))
        if exc.tip:
            err(Text(f"Tip: {exc.tip}"))
        raise typer.Exit(EXIT_BAD_INPUT) from None


def load(data_dir: Path | None, weather: Path | None, fleet: Path | None) -> DataSet:
    folder = data_dir if data_dir is not None else default_data_dir()
    return load_dataset(folder, weather=weather, fleet=fleet)


def solve_verified(data: DataSet, time_limit: float) -> Plan:
    """Solve, then verify; a plan that fails the verifier is a bug and never shown as good."""
    try:
        plan = solve(data, SolveParams(time_limit_s=time_limit))
    except Exception as exc:  # a solver bug: say so plainly, write nothing
        err(Text(f"BUG: the solver failed ({type(exc).__name__}: {exc}).", style="bold red"))
        err(Text("Nothing was written. Please report this with the data set."))
        raise typer.Exit(EXIT_BUG) from None
    violations = verify(data, plan)
    if violations:
        err(violations_view(violations, "BUG: the planned schedule breaks the rules"))
        err(
            Text(
                "The solver produced a plan that fails the independent verifier. "
                "Nothing was written. Please report this with the data set.",
                style="bold red",
            )
        )
        raise typer.Exit(EXIT_BUG)
    for note in plan.notes:
        err(Text(f"note: {note}", style="yellow"))
    return plan


#: A plan naming places or TPS this data set does not have was made for other data: that
#: is bad input (exit 2), not a broken plan. A boat missing from the fleet, by contrast, is
#: the everyday "boat withdrawn" change and is reported as a violation (exit 1).
_FOREIGN = (ViolationKind.UNKNOWN_PLACE, ViolationKind.UNKNOWN_TPS)


def refuse_foreign_plan(plan_file: Path, violations: list[Violation]) -> None:
    foreign = [v for v in violations if v.kind in _FOREIGN]
    if foreign:
        raise InputError(
            [Problem(str(plan_file), None, None, str(v.kind), v.message) for v in foreign],
            tip="the plan names places or TPS that are not in this data set; "
            "check --data, or make a new plan with `seribu-plan route --json`",
        )
