"""``seribu-plan route``: solve, print the plan, write it to files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Group, RenderableType

from seribu_planner.cli.app import app
from seribu_planner.cli.check import refuse_bundled_for_other_data
from seribu_planner.cli.common import (
    DataOption,
    FleetOption,
    LangOption,
    TimeLimitOption,
    WeatherOption,
    announce,
    err,
    inputs,
    load,
    out,
    parse_moment,
    planning,
    refuse_foreign_plan,
    user_errors,
    verified,
)
from seribu_planner.cli.render import (
    GeojsonOption,
    HtmlOption,
    PlanOption,
    XlsxOption,
    add_outputs,
    plan_inputs,
    saved_plan,
)
from seribu_planner.cli.risk import buffered_plan
from seribu_planner.errors import EXIT_OK, EXIT_UNSERVED, InputError, Problem
from seribu_planner.load import load_status
from seribu_planner.model import DataSet
from seribu_planner.outputs.diff import plan_diff
from seribu_planner.outputs.diff_view import diff_view
from seribu_planner.outputs.export import plan_to_csv, plan_to_json
from seribu_planner.outputs.files import OutputSet
from seribu_planner.outputs.i18n import _
from seribu_planner.outputs.plan_file import read_plan
from seribu_planner.outputs.report import literal, plan_view
from seribu_planner.outputs.risk_report import at_risk_view
from seribu_planner.outputs.summary import summarize
from seribu_planner.plan import Plan
from seribu_planner.verify import ViolationKind, verify


@app.command()
def route(
    data: DataOption = None,
    lang: LangOption = None,
    weather: WeatherOption = None,
    fleet: FleetOption = None,
    time_limit: TimeLimitOption = 600.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print the summary only.")] = False,
    json_file: Annotated[
        str | None,
        typer.Option("--json", help="Also write the plan as JSON to this file (- for stdout)."),
    ] = None,
    csv_file: Annotated[
        str | None,
        typer.Option(
            "--csv", help="Also write the schedule (one row per call) as CSV (- for stdout)."
        ),
    ] = None,
    xlsx_file: XlsxOption = None,
    html_file: HtmlOption = None,
    geojson_file: GeojsonOption = None,
    plan_file: PlanOption = None,
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            help="Re-plan this approved JSON plan with as little change as possible: what "
            "still holds is kept, only what broke or is new is planned again.",
        ),
    ] = None,
    now: Annotated[
        str | None,
        typer.Option(
            "--now",
            help="With --against: what the approved plan did before this time (ISO 8601, or "
            "now) has happened and stays; boats go on from where they are.",
        ),
    ] = None,
    status_file: Annotated[
        Path | None,
        typer.Option(
            "--status",
            help="With --now: a YAML file of what really happened (boats withdrawn or held "
            "up, kits not handed over); see docs/replan.md.",
        ),
    ] = None,
    min_slack: Annotated[
        float | None,
        typer.Option(
            "--min-slack",
            min=0,
            max=24 * 60,
            help="Plan every TPS to arrive at least this many hours before its deadline.",
        ),
    ] = None,
    target_p: Annotated[
        float | None,
        typer.Option(
            "--target",
            min=0,
            max=1,
            help="Buy buffer until P(all TPS on time) reaches this (e.g. 0.95); shows the "
            "premium over the plain plan (see seribu-plan risk).",
        ),
    ] = None,
) -> None:
    """Plan the boat runs: trips per boat, TPS arrivals and slack, unserved TPS with reasons.

    With --plan, show and convert a saved plan instead of solving (it must keep every rule
    under the current data). Exit 0 when every TPS is served, 1 when some are not (or the
    saved plan breaks a rule), 2 for bad input, 3 for an internal error. Output files are
    written all or none.
    """
    with user_errors():
        _check_options(plan_file, against, now, status_file)
        _check_buffer_options(plan_file, against, min_slack, target_p)
        extra = plan_inputs(plan_file) + plan_inputs(against) + plan_inputs(status_file)
        files = OutputSet(inputs=inputs(data, weather, fleet) + extra)
        plan_holder: list[Plan] = []
        files.add("--json", json_file, lambda: plan_to_json(dataset, plan_holder[0]))
        files.add("--csv", csv_file, lambda: plan_to_csv(dataset, plan_holder[0]))
        add_outputs(
            files,
            lambda: (dataset, plan_holder[0]),
            xlsx=xlsx_file,
            html=html_file,
            geojson=geojson_file,
        )
        files.check()  # before a long solve, not after
        dataset = load(data, weather, fleet)
        approved: Plan | None = None
        bought: RenderableType | None = None
        if plan_file is not None:
            plan = saved_plan(plan_file, dataset)
        elif against is not None:
            approved, plan = _replan(dataset, against, now, status_file, time_limit)
        else:
            plan, bought = buffered_plan(dataset, time_limit, min_slack, target_p)
        plan_holder.append(plan)
        report = plan_view(dataset, plan, summarize(dataset, plan), quiet=quiet)
        if approved is not None:
            changes = diff_view(plan_diff(dataset, approved, plan), dataset.campaign.tz)
            report = Group(report, literal(""), changes)
        if not quiet:  # the fragile part of every plan, without running anything else
            report = Group(report, literal(""), at_risk_view(dataset, plan))
        if bought is not None:
            report = Group(report, literal(""), bought)
        show = err if files.uses_stdout else out
        written = files.write()
    show(report)
    announce(written)
    raise typer.Exit(EXIT_UNSERVED if plan.unserved else EXIT_OK)


def _check_options(
    plan_file: Path | None, against: Path | None, now: str | None, status: Path | None
) -> None:
    """Options that go only together, or not at all."""
    problems: list[Problem] = []
    if plan_file is not None and against is not None:
        problems.append(Problem("--against", None, None, "", _("cannot be used with --plan")))
    if now is not None and against is None:
        problems.append(Problem("--now", None, None, "", _("needs --against APPROVED.json")))
    if status is not None and now is None:
        problems.append(
            Problem("--status", None, None, "", _("needs --now T (what happened by when)"))
        )
    if problems:
        raise InputError(problems)


def _check_buffer_options(
    plan_file: Path | None, against: Path | None, min_slack: float | None, target: float | None
) -> None:
    """--min-slack and --target make a new plan: not with a saved or an approved one."""
    if min_slack is None and target is None:
        return
    for option, given in (("--plan", plan_file), ("--against", against)):
        if given is not None:
            message = "--min-slack and --target make a new plan; they cannot be used with it"
            raise InputError(
                [Problem(option, None, None, "", message)],
                tip="leave out --plan and --against to plan anew with a buffer",
            )


def _replan(
    data: DataSet, against: Path, now: str | None, status_file: Path | None, time_limit: float
) -> tuple[Plan, Plan]:
    """The approved plan (as it really went) and its re-plan, verified."""
    from seribu_planner.solver import SolveParams
    from seribu_planner.solver.replan import as_it_went, replan

    approved = read_plan(against)
    refuse_bundled_for_other_data(against, approved, data)
    foreign = [v for v in verify(data, approved) if v.kind == ViolationKind.UNKNOWN_PLACE]
    refuse_foreign_plan(against, foreign)
    moment = parse_moment(now, "--now", data.campaign.tz) if now is not None else None
    status = load_status(status_file, data) if status_file is not None else None
    params = SolveParams(time_limit_s=time_limit)
    went = as_it_went(approved, status)
    plan = verified(
        data,
        lambda: replan(data, approved, now=moment, status=status, params=params),
        as_of=moment,
        sailed=went if moment is not None else None,
        doing=planning(data, time_limit),
    )
    return went, plan
