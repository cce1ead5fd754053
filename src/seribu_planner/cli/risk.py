"""``seribu-plan risk``: how likely a plan is to hold; and the buffer ``route`` can buy."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Group, RenderableType

from seribu_planner.cli.app import app
from seribu_planner.cli.common import (
    DataOption,
    FleetOption,
    LangOption,
    TimeLimitOption,
    WeatherOption,
    err,
    inputs,
    load,
    out,
    solve_verified,
    user_errors,
)
from seribu_planner.cli.render import saved_plan
from seribu_planner.errors import EXIT_BUG, EXIT_OK, InputError
from seribu_planner.model import DataSet
from seribu_planner.outputs.files import STDOUT, OutputSet
from seribu_planner.outputs.i18n import _
from seribu_planner.outputs.report import literal, violations_view
from seribu_planner.outputs.risk_file import risk_to_json
from seribu_planner.outputs.risk_report import PlanFigures, buffer_view, risk_view
from seribu_planner.outputs.summary import summarize
from seribu_planner.plan import Plan
from seribu_planner.risk.buffer import PlanBug, min_slack_plan, target_plan
from seribu_planner.risk.engines import Engine, cpu_count
from seribu_planner.risk.hindsight import HindsightBug, hindsight
from seribu_planner.risk.measure import RiskReport, measure

T = TypeVar("T")

#: Scenarios and seed that ``route --target`` measures with (the defaults of ``risk``).
DEFAULT_SCENARIOS = 1000
DEFAULT_SEED = 0


class EngineName(StrEnum):
    """Where the scenarios run."""

    LOCAL = "local"
    RAY = "ray"


@app.command()
def risk(
    data: DataOption = None,
    lang: LangOption = None,
    weather: WeatherOption = None,
    fleet: FleetOption = None,
    plan_file: Annotated[
        Path | None,
        typer.Option("--plan", help="Replay this saved JSON plan (default: solve first)."),
    ] = None,
    scenarios: Annotated[
        int, typer.Option("--scenarios", min=1, max=1_000_000, help="Sea states to sample.")
    ] = DEFAULT_SCENARIOS,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Seed of the scenarios (same seed, same JSON).")
    ] = DEFAULT_SEED,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes or Ray tasks in parallel "
            "(default: the number of cores); the answer does not depend on it.",
        ),
    ] = None,
    engine: Annotated[
        EngineName,
        typer.Option("--engine", help="local (a process pool) or ray (needs seribu-planner[ray])."),
    ] = EngineName.LOCAL,
    address: Annotated[
        str | None,
        typer.Option(
            "--address", help="Address of a running Ray cluster (default: start a local one)."
        ),
    ] = None,
    with_hindsight: Annotated[
        bool,
        typer.Option(
            "--hindsight",
            help="Also re-plan every scenario with its sea known in advance: the ceiling for P.",
        ),
    ] = False,
    json_file: Annotated[
        str | None,
        typer.Option("--json", help="Also write the report as JSON to this file (- for stdout)."),
    ] = None,
    time_limit: TimeLimitOption = 600.0,
) -> None:
    """Replay a plan over sampled sea states: P(all TPS on time), per TPS and kelurahan.

    Exit 0 when measured, 1 when the --plan file breaks the rules under the current data
    (every violation listed, nothing measured), 2 for bad input, 3 for an internal error.
    """
    with user_errors():
        files = OutputSet(inputs=inputs(data, weather, fleet))
        document: list[str] = []
        files.add("--json", json_file, lambda: document[0])
        files.check()  # before a long run, not after
        runner = Engine(engine.value, workers or cpu_count(), address)
        runner.check()
        dataset = load(data, weather, fleet)
        if plan_file is not None:
            # a plan for other data is bad input; a broken one is listed, exit 1
            plan = saved_plan(plan_file, dataset)
            source = str(plan_file)
        else:
            plan = solve_verified(dataset, time_limit)
            source = _("a new plan (solved now)")
        cost = summarize(dataset, plan).cost
        with internal_errors():
            report = stoppable(lambda: measure(dataset, plan, scenarios, seed, runner))
            ceiling = None
            if with_hindsight:
                ceiling = stoppable(lambda: hindsight(dataset, scenarios, seed, runner, time_limit))
        document.append(risk_to_json(dataset, report, ceiling, cost))
        view = risk_view(dataset, report, plan_source=source, plan_cost=cost, hindsight=ceiling)
        show = err if files.uses_stdout else out
        written = files.write()
    show(view)
    for target in written:
        if target != STDOUT:
            err(literal(_("wrote {target}").format(target=target)))
    raise typer.Exit(EXIT_OK)


@contextmanager
def internal_errors() -> Iterator[None]:
    """A failure inside the risk machinery is a bug: say so plainly, write nothing, exit 3."""
    try:
        yield
    except (PlanBug, HindsightBug) as exc:
        violations = getattr(exc, "violations", None)
        if violations:
            err(violations_view(violations, _("BUG: a plan breaks the rules")))
        err(literal(f"BUG: {exc}", style="bold red"))
        err(literal(_("Nothing was written. Please report this with the data set.")))
        raise typer.Exit(EXIT_BUG) from None
    except (InputError, typer.Exit):
        raise
    except Exception as exc:
        err(literal(f"BUG: {type(exc).__name__}: {exc}", style="bold red"))
        err(literal(_("Nothing was written. Please report this with the data set.")))
        raise typer.Exit(EXIT_BUG) from None


def stoppable(work: Callable[[], T]) -> T:
    """Run ``work`` (which may start worker processes, stopped on the way out); Ctrl-C
    ends the command with exit 130, SIGTERM with 143, nothing written."""
    try:
        return work()
    except (KeyboardInterrupt, SystemExit) as exc:
        code = exc.code if isinstance(exc, SystemExit) and isinstance(exc.code, int) else 130
        err(literal(_("interrupted: nothing was written")))
        sys.stdout.flush()
        raise typer.Exit(code) from None


# --------------------------------------------------------------------------- route


def buffered_plan(
    dataset: DataSet, time_limit: float, min_slack: float | None, target: float | None
) -> tuple[Plan, RenderableType | None]:
    """The plan ``route`` prints: plain, with a minimum slack, or bought to a target P.

    With a target, also the side-by-side comparison with the plain plan.
    """
    slack = timedelta(hours=min_slack or 0)

    def solve(data: DataSet) -> Plan:
        return solve_verified(data, time_limit)

    if not slack and target is None:
        return solve(dataset), None  # verified against the real data by solve_verified
    with internal_errors():
        if target is None:
            return min_slack_plan(dataset, slack, solve), None
        runner = Engine(workers=cpu_count())

        def measure_plan(plan: Plan) -> RiskReport:
            return measure(dataset, plan, DEFAULT_SCENARIOS, DEFAULT_SEED, runner)

        search = stoppable(
            lambda: target_plan(dataset, target, solve, measure_plan, min_slack=slack)
        )
    label = _("target {p}").format(p=f"{target:g}")
    rows = [
        _figures(dataset, _("plain"), search.plain, search.plain_report),
        _figures(dataset, label, search.plan, search.report),
    ]
    view: list[RenderableType] = [buffer_view(rows, scenarios=DEFAULT_SCENARIOS, seed=DEFAULT_SEED)]
    if not search.reached:
        view.append(
            literal(
                _(
                    "The target was not reached: P(all on time) stopped improving after "
                    "{n} round(s) of tightening; the best plan found is shown."
                ).format(n=search.rounds),
                style="yellow",
            )
        )
    return search.plan, Group(*view)


def _figures(dataset: DataSet, label: str, plan: Plan, report: RiskReport) -> PlanFigures:
    return PlanFigures(
        label=label,
        cost=summarize(dataset, plan).cost,
        p_all_on_time=report.p_all_on_time,
        ci95=report.ci95,
        tps_served=len(plan.served_tps()),
    )
