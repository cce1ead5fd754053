"""What every command shares: the common options, consoles, error reporting, loading, solving."""

from __future__ import annotations

import dataclasses
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console, RenderableType
from rich.status import Status

from seribu_planner.errors import EXIT_BAD_INPUT, EXIT_BUG, InputError, Problem
from seribu_planner.load import default_data_dir, input_paths, load_dataset
from seribu_planner.model import DataSet
from seribu_planner.outputs.files import STDOUT
from seribu_planner.outputs.i18n import _, language_from_env, ngettext, number, set_language
from seribu_planner.outputs.report import literal, problems_view, violation_text, violations_view
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
    built in ``outputs`` carry their own styles. Colour follows the stream: a terminal gets
    it, a pipe or a file does not, unless ``FORCE_COLOR`` asks for it; ``NO_COLOR`` turns
    every style off (no escape code at all) and wins over ``FORCE_COLOR``. The width is
    ``COLUMNS`` when set, else the terminal's (so ``| less`` gets the width of the terminal
    it runs in), else 80.
    """
    plain = os.environ.get("NO_COLOR", "") != ""
    return Console(
        file=sys.stderr if stderr else sys.stdout,
        color_system=None if plain else "auto",
        highlight=False,
        soft_wrap=False,
        markup=False,
        emoji=False,
    )


#: Spaces (and style codes among them) at the end of a line: rich pads cells and grids
#: to their width, which a pipe, a file or ``less`` should not get.
_TRAILING = re.compile(r"(?:[ \t]|\x1b\[[0-9;]*m)+$", re.MULTILINE)
_STYLE_CODE = re.compile(r"\x1b\[[0-9;]*m")


def without_padding(text: str) -> str:
    """``text`` with the spaces at the end of each line removed (style codes kept)."""
    return _TRAILING.sub(lambda m: "".join(_STYLE_CODE.findall(m.group())), text)


def show(renderable: RenderableType, *, stderr: bool = False) -> None:
    """Print a renderable on stdout (or stderr), with no padding at the ends of lines."""
    target = console(stderr=stderr)
    with target.capture() as captured:
        target.print(renderable)
    target.file.write(without_padding(captured.get()))
    target.file.flush()


def out(renderable: RenderableType) -> None:
    """Print for people on stdout."""
    show(renderable)


def err(renderable: RenderableType) -> None:
    """Print for people on stderr."""
    show(renderable, stderr=True)


def announce(written: list[str]) -> None:
    """Say on stderr which files were written (standard output needs no saying)."""
    for target in written:
        if target != STDOUT:
            err(literal(_("wrote {file}").format(file=target)))


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
        title = ngettext("{count} problem in the input", "{count} problems in the input", count)
        err(problems_view(exc.problems, title.format(count=count)))
        if exc.tip:
            err(literal(_("Tip: {tip}").format(tip=exc.tip)))
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


#: A wait longer than this shows what is being done, on stderr when it is a terminal.
PROGRESS_AFTER_S = 2.0


def progress_console() -> Console | None:
    """Where progress is shown: stderr when it is a terminal, else nowhere."""
    return console(stderr=True) if sys.stderr.isatty() else None


def interruptible(work: Callable[[], T], doing: str | None = None) -> T:
    """Run ``work`` so that Ctrl-C (or SIGTERM) stops the command within a moment.

    OR-Tools searches in C++ and does not return to Python until it is done, so the work
    runs in a worker thread while this thread waits in short steps and can take a signal.
    Nothing has been written while the work runs, so on a signal the process ends at once
    (exit 130, or 143 for SIGTERM) without waiting for the search.

    ``doing`` says what the work is (a template with ``{seconds}``, the time so far): when
    the work runs longer than ``PROGRESS_AFTER_S`` and stderr is a terminal, it is shown
    there beside a spinner, updated as the seconds pass, and cleared when the work ends.
    """
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as exc:  # re-raised in the calling thread
            failure.append(exc)

    started = time.monotonic()
    status: Status | None = None
    shown = False
    worker = threading.Thread(target=run, name="seribu-solve", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.1)
            elapsed = time.monotonic() - started
            if doing is None or elapsed < PROGRESS_AFTER_S or not worker.is_alive():
                continue
            if not shown:
                shown = True
                where = progress_console()
                status = where.status("", spinner="dots") if where is not None else None
                if status is not None:
                    status.start()
            if status is not None:
                status.update(doing.format(seconds=number(elapsed)))
    except (KeyboardInterrupt, SystemExit) as exc:
        if status is not None:
            status.stop()
        code = exc.code if isinstance(exc, SystemExit) and isinstance(exc.code, int) else 130
        err(literal(_("interrupted: nothing was written")))
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    if status is not None:
        status.stop()
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

    return verified(
        data,
        lambda: solve(data, SolveParams(time_limit_s=time_limit)),
        doing=planning(data, time_limit),
    )


def planning(data: DataSet, time_limit: float) -> str:
    """What a solve is doing, for its progress line (``{seconds}`` is filled as it runs)."""
    return _(
        "planning {tps} TPS with {boats} boats: {seconds} s so far, at most {limit} s "
        "(Ctrl-C stops)"
    ).format(
        tps=number(len(data.tps)),
        boats=number(len(data.boats)),
        seconds="{seconds}",
        limit=number(time_limit),
    )


def verified(
    data: DataSet,
    make: Callable[[], Plan],
    *,
    as_of: datetime | None = None,
    sailed: Plan | None = None,
    doing: str | None = None,
) -> Plan:
    """Make a plan (interruptibly) and verify it; a plan that fails is a bug, never shown.

    ``as_of`` and ``sailed`` are passed to the verifier (a re-planned plan keeps the past);
    ``doing`` is shown as progress when making the plan takes a while (``interruptible``).
    """
    try:
        plan = interruptible(make, doing)
    except InputError:
        raise
    except Exception as exc:  # a solver bug: say so plainly, write nothing
        message = _("BUG: the solver failed ({error}).").format(
            error=f"{type(exc).__name__}: {exc}"
        )
        err(literal(message, style="bold red"))
        err(literal(_("Nothing was written. Please report this with the data set.")))
        raise typer.Exit(EXIT_BUG) from None
    violations = verify(data, plan, as_of=as_of, sailed=sailed)
    if violations:
        err(violations_view(violations, _("BUG: the planned schedule breaks the rules"), data))
        err(
            literal(
                _(
                    "The solver produced a plan that fails the independent verifier. "
                    "Nothing was written. Please report this with the data set."
                ),
                style="bold red",
            )
        )
        raise typer.Exit(EXIT_BUG)
    for note in plan.notes:
        err(literal(_("note: {note}").format(note=note), style="yellow"))
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
            [Problem(str(plan_file), None, None, str(v.kind), violation_text(v)) for v in foreign],
            tip=_(
                "the plan names places or TPS that are not in this data set; "
                "check --data, or make a new plan with `seribu-plan route --json`"
            ),
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
        message = _("{text} is not a time: give ISO 8601 such as 2024-02-12T08:00, or now")
        raise InputError(
            [Problem(source, None, None, "", message.format(text=repr(text)))]
        ) from None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment
