"""What every command shares: the common options, consoles, error reporting, loading, solving."""

from __future__ import annotations

import dataclasses
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console, RenderableType

from seribu_planner.errors import EXIT_BAD_INPUT, EXIT_BUG, InputError, Problem
from seribu_planner.load import default_data_dir, input_paths, load_dataset
from seribu_planner.model import DataSet
from seribu_planner.outputs.i18n import language_from_env, set_language
from seribu_planner.outputs.report import literal, problems_view, violations_view
from seribu_planner.outputs.summary import summarize
from seribu_planner.outputs.verdict import problem_annotations
from seribu_planner.plan import InputDigest, Plan
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


T = TypeVar("T")


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
    """A console on stdout (or stderr) that shows text from the data literally.

    Markup is off, so a name with ``[/bold]`` in it is printed as written; renderables
    built in ``outputs`` carry their own styles. Piped output gets no colour codes and a
    fixed width of 100 columns.
    """
    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    width = None if terminal else int(os.environ.get("COLUMNS", "100"))
    return Console(
        file=stream,
        width=width,
        no_color=not terminal,
        highlight=False,
        soft_wrap=False,
        markup=False,
        emoji=False,
    )


def out(renderable: RenderableType) -> None:
    console().print(renderable)


def err(renderable: RenderableType) -> None:
    console(stderr=True).print(renderable)


def write_text(text: str) -> None:
    """Machine-readable text (JSON, workflow commands) on stdout, exactly as given."""
    sys.stdout.write(text)
    sys.stdout.flush()


@contextmanager
def user_errors(annotate: bool = False) -> Iterator[None]:
    """Report input errors once, with their locations, and exit 2 without a traceback.

    With ``annotate`` (``--format github``) each problem is also printed on stdout as a
    GitHub workflow annotation on its file and line.
    """
    try:
        yield
    except InputError as exc:
        if annotate:
            write_text(problem_annotations(exc.problems))
        count = len(exc.problems)
        title = f"{count} problem{'s' if count != 1 else ''} in the input"
        err(problems_view(exc.problems, title))
        if exc.tip:
            err(literal(f"Tip: {exc.tip}"))
        raise typer.Exit(EXIT_BAD_INPUT) from None


def data_folder(data_dir: Path | None) -> Path:
    """The data folder a command reads: ``--data``, else ./data when present, else bundled."""
    return data_dir if data_dir is not None else default_data_dir()


def inputs(data_dir: Path | None, weather: Path | None, fleet: Path | None) -> tuple[Path, ...]:
    """Every file a command reads as its data set (outputs must not overwrite them)."""
    folder = data_folder(data_dir)
    return tuple(input_paths(folder, weather=weather, fleet=fleet).values())


def load(data_dir: Path | None, weather: Path | None, fleet: Path | None) -> DataSet:
    return load_dataset(data_folder(data_dir), weather=weather, fleet=fleet)


def interruptible(work: Callable[[], T]) -> T:
    """Run ``work`` so that Ctrl-C (or SIGTERM) stops the command within a moment.

    OR-Tools searches in C++ and does not return to Python until it is done, so the work
    runs in a worker thread while this thread waits in short steps and can take a signal.
    Nothing has been written while the work runs, so on a signal the process ends at once
    (exit 130, or 143 for SIGTERM) without waiting for the search.
    """
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as exc:  # re-raised in the calling thread
            failure.append(exc)

    worker = threading.Thread(target=run, name="seribu-solve", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.1)
    except (KeyboardInterrupt, SystemExit) as exc:
        code = exc.code if isinstance(exc, SystemExit) and isinstance(exc.code, int) else 130
        err(literal("interrupted: nothing was written"))
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    if failure:
        raise failure[0]
    return result[0]


if TYPE_CHECKING:
    from seribu_planner.solver import SolveParams


def solve(data: DataSet, params: SolveParams) -> Plan:
    """The solver's ``solve``, imported on first use.

    OR-Tools takes a tenth of a second to load, which commands that do not solve
    (``check --plan``, ``weather import``, ``diff``) need not pay.
    """
    from seribu_planner.solver import solve as solve_plan

    return solve_plan(data, params)


def solve_verified(data: DataSet, time_limit: float) -> Plan:
    """Solve, then verify; a plan that fails the verifier is a bug and never shown as good."""
    from seribu_planner.solver import SolveParams

    return verified(data, lambda: solve(data, SolveParams(time_limit_s=time_limit)))


def verified(
    data: DataSet,
    make: Callable[[], Plan],
    *,
    as_of: datetime | None = None,
    sailed: Plan | None = None,
) -> Plan:
    """Make a plan (interruptibly) and verify it; a plan that fails is a bug, never shown.

    ``as_of`` and ``sailed`` are passed to the verifier (a re-planned plan keeps the past).
    """
    try:
        plan = interruptible(make)
    except InputError:
        raise
    except Exception as exc:  # a solver bug: say so plainly, write nothing
        err(literal(f"BUG: the solver failed ({type(exc).__name__}: {exc}).", style="bold red"))
        err(literal("Nothing was written. Please report this with the data set."))
        raise typer.Exit(EXIT_BUG) from None
    violations = verify(data, plan, as_of=as_of, sailed=sailed)
    if violations:
        err(violations_view(violations, "BUG: the planned schedule breaks the rules"))
        err(
            literal(
                "The solver produced a plan that fails the independent verifier. "
                "Nothing was written. Please report this with the data set.",
                style="bold red",
            )
        )
        raise typer.Exit(EXIT_BUG)
    for note in plan.notes:
        err(literal(f"note: {note}", style="yellow"))
    return stamp(data, plan)


def stamp(data: DataSet, plan: Plan) -> Plan:
    """The plan with where it came from: the data set's origin and a digest per input file."""
    return dataclasses.replace(
        plan,
        data_digest=data.digest,
        data_source=data.origin,
        inputs=tuple(InputDigest(name, digest) for name, digest in data.file_digests),
        cost=summarize(data, plan).cost,
    )


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


#: Set to an ISO 8601 time to make ``now`` mean that time (a rehearsal of the operation, or
#: a test of a CI recipe against a past campaign).
NOW_VARIABLE = "SERIBU_NOW"


def parse_moment(value: str, option: str, tz: tzinfo) -> datetime:
    """A time given on the command line: ISO 8601 (naive: in ``tz``) or ``now``.

    ``now`` is the clock's time, or the time in ``SERIBU_NOW`` when that is set.
    """
    text = value.strip()
    source = option
    if text.lower() == "now":
        text = os.environ.get(NOW_VARIABLE, "").strip()
        if not text:
            return datetime.now(UTC)
        source = NOW_VARIABLE
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        message = f"{text!r} is not a time: give ISO 8601 such as 2024-02-12T08:00, or now"
        raise InputError([Problem(source, None, None, "", message)]) from None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment
