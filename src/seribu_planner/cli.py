"""The ``seribu-plan`` command line: the only module that reads options, prints and exits."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, RenderableType
from rich.text import Text

from seribu_planner import __version__
from seribu_planner.errors import (
    EXIT_BAD_INPUT,
    EXIT_BUG,
    EXIT_OK,
    EXIT_UNSERVED,
    InputError,
    Problem,
)
from seribu_planner.export import plan_to_csv, plan_to_json, read_plan, write_atomic
from seribu_planner.load import data_warnings, default_data_dir, load_dataset
from seribu_planner.model import DataSet
from seribu_planner.plan import Plan
from seribu_planner.report import (
    data_overview,
    plan_view,
    problems_view,
    summary_view,
    unserved_view,
    violations_view,
    windows_view,
)
from seribu_planner.solve import SolveParams, solve
from seribu_planner.summary import summarize
from seribu_planner.verify import Violation, ViolationKind, verify

app = typer.Typer(
    name="seribu-plan",
    help=(
        "Plan and verify the boat runs that carry election logistics to every TPS of "
        "Kepulauan Seribu."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

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


def _console(stderr: bool = False) -> Console:
    # Piped output gets no colour codes and a fixed width of 100 columns.
    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    width = None if terminal else int(os.environ.get("COLUMNS", "100"))
    return Console(
        file=stream, width=width, no_color=not terminal, highlight=False, soft_wrap=False
    )


def _out(renderable: RenderableType) -> None:
    _console().print(renderable)


def _err(renderable: RenderableType) -> None:
    _console(stderr=True).print(renderable)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Report input errors once, with their locations, and exit 2 without a traceback."""
    try:
        yield
    except InputError as exc:
        count = len(exc.problems)
        title = f"{count} problem{'s' if count != 1 else ''} in the input"
        _err(problems_view(exc.problems, title))
        if exc.tip:
            _err(Text(f"Tip: {exc.tip}"))
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _load(data_dir: Path | None, weather: Path | None, fleet: Path | None) -> DataSet:
    folder = data_dir if data_dir is not None else default_data_dir()
    return load_dataset(folder, weather=weather, fleet=fleet)


def _solve_verified(data: DataSet, time_limit: float) -> Plan:
    """Solve, then verify; a plan that fails the verifier is a bug and never shown as good."""
    try:
        plan = solve(data, SolveParams(time_limit_s=time_limit))
    except Exception as exc:  # a solver bug: say so plainly, write nothing
        _err(Text(f"BUG: the solver failed ({type(exc).__name__}: {exc}).", style="bold red"))
        _err(Text("Nothing was written. Please report this with the data set."))
        raise typer.Exit(EXIT_BUG) from None
    violations = verify(data, plan)
    if violations:
        _err(violations_view(violations, "BUG: the planned schedule breaks the rules"))
        _err(
            Text(
                "The solver produced a plan that fails the independent verifier. "
                "Nothing was written. Please report this with the data set.",
                style="bold red",
            )
        )
        raise typer.Exit(EXIT_BUG)
    for note in plan.notes:
        _err(Text(f"note: {note}", style="yellow"))
    return plan


#: A plan naming places or TPS this data set does not have was made for other data: that
#: is bad input (exit 2), not a broken plan. A boat missing from the fleet, by contrast, is
#: the everyday "boat withdrawn" change and is reported as a violation (exit 1).
_FOREIGN = (ViolationKind.UNKNOWN_PLACE, ViolationKind.UNKNOWN_TPS)


def _refuse_foreign_plan(plan_file: Path, violations: list[Violation]) -> None:
    foreign = [v for v in violations if v.kind in _FOREIGN]
    if foreign:
        raise InputError(
            [Problem(str(plan_file), None, None, str(v.kind), v.message) for v in foreign],
            tip="the plan names places or TPS that are not in this data set; "
            "check --data, or make a new plan with `seribu-plan route --json`",
        )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"seribu-plan {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Plan and verify election-logistics boat runs in Kepulauan Seribu."""


@app.command()
def route(
    data: DataOption = None,
    weather: WeatherOption = None,
    fleet: FleetOption = None,
    time_limit: TimeLimitOption = 600.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print the summary only.")] = False,
    json_file: Annotated[
        Path | None, typer.Option("--json", help="Also write the plan as JSON to this file.")
    ] = None,
    csv_file: Annotated[
        Path | None,
        typer.Option("--csv", help="Also write the schedule (one row per call) as CSV."),
    ] = None,
) -> None:
    """Plan the boat runs: trips per boat, TPS arrivals and slack, unserved TPS with reasons.

    Exit 0 when every TPS is served, 1 when some are not, 2 for bad input.
    """
    with _user_errors():
        dataset = _load(data, weather, fleet)
        plan = _solve_verified(dataset, time_limit)
        outputs = []
        if json_file is not None:
            outputs.append((json_file, plan_to_json(dataset, plan)))
        if csv_file is not None:
            outputs.append((csv_file, plan_to_csv(dataset, plan)))
        for path, text in outputs:
            write_atomic(path, text)
    _out(plan_view(dataset, plan, summarize(dataset, plan), quiet=quiet))
    raise typer.Exit(EXIT_UNSERVED if plan.unserved else EXIT_OK)


@app.command()
def check(
    data: DataOption = None,
    weather: WeatherOption = None,
    fleet: FleetOption = None,
    plan_file: Annotated[
        Path | None,
        typer.Option(
            "--plan", help="Check this saved JSON plan against the current data (no solving)."
        ),
    ] = None,
    time_limit: TimeLimitOption = 600.0,
) -> None:
    """Check that a plan holds: solve and verify, or verify a saved plan with --plan.

    Exit 0 when it holds, 1 when it is broken (every violation listed), 2 for bad input.
    """
    with _user_errors():
        dataset = _load(data, weather, fleet)
        if plan_file is None:
            plan = _solve_verified(dataset, time_limit)
            violations = []
        else:
            plan = read_plan(plan_file)
            violations = verify(dataset, plan)
            _refuse_foreign_plan(plan_file, violations)
    summary = summarize(dataset, plan)
    if plan_file is not None and plan.data_digest and plan.data_digest != dataset.digest:
        _out(
            Text(
                "info: the data changed since this plan was made "
                f"(plan {plan.data_digest[:19]}..., data {dataset.digest[:19]}...)"
            )
        )
    source = str(plan_file) if plan_file is not None else "the new plan"
    if violations:
        _out(Text(f"BROKEN: {source} breaks {len(violations)} rule(s)", style="bold red"))
        _out(violations_view(violations, "Violations"))
        raise typer.Exit(EXIT_UNSERVED)
    if plan.unserved:
        _out(
            Text(
                f"BROKEN: {source} leaves {len(plan.unserved)} TPS unserved",
                style="bold red",
            )
        )
        _out(summary_view(summary))
        _out(unserved_view(dataset, plan))
        raise typer.Exit(EXIT_UNSERVED)
    _out(Text(f"HOLDS: {source} keeps every rule and serves every TPS", style="bold green"))
    _out(summary_view(summary))
    raise typer.Exit(EXIT_OK)


@app.command()
def validate(
    data: DataOption = None,
    weather: WeatherOption = None,
    fleet: FleetOption = None,
) -> None:
    """Load and check the data only; print what was loaded and any warnings."""
    with _user_errors():
        dataset = _load(data, weather, fleet)
    _out(data_overview(dataset, data_warnings(dataset)))


@app.command()
def windows(
    data: DataOption = None,
    weather: WeatherOption = None,
    fleet: FleetOption = None,
) -> None:
    """Show each boat's sailing windows per weather zone over the horizon."""
    with _user_errors():
        dataset = _load(data, weather, fleet)
    _out(windows_view(dataset))


def main() -> None:
    """Console-script entry point."""
    app()
