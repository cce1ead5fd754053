"""``seribu-plan check``: does a plan (new, or saved with ``--plan``) keep every rule?"""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from seribu_planner.cli.app import app
from seribu_planner.cli.common import (
    DataOption,
    FleetOption,
    LangOption,
    TimeLimitOption,
    WeatherOption,
    err,
    load,
    out,
    parse_moment,
    refuse_foreign_plan,
    solve_verified,
    user_errors,
    write_text,
)
from seribu_planner.errors import EXIT_OK, EXIT_UNSERVED, InputError, Problem
from seribu_planner.model import DataSet
from seribu_planner.outputs.export import read_plan
from seribu_planner.outputs.i18n import _, ngettext, when
from seribu_planner.outputs.report import (
    data_line,
    literal,
    summary_view,
    unserved_view,
    violations_view,
)
from seribu_planner.outputs.summary import summarize
from seribu_planner.outputs.verdict import Verdict, github_annotations, verdict_json
from seribu_planner.plan import Plan
from seribu_planner.verify import verify


class CheckFormat(StrEnum):
    """How ``check`` reports: for people, for programs, for GitHub workflows."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


@app.command()
def check(
    data: DataOption = None,
    lang: LangOption = None,
    weather: WeatherOption = None,
    fleet: FleetOption = None,
    plan_file: Annotated[
        Path | None,
        typer.Option(
            "--plan", help="Check this saved JSON plan against the current data (no solving)."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="With --plan: legs sailed before this time (ISO 8601, naive in the campaign's "
            "zone, or now; SERIBU_NOW sets now) are not checked against the forecast.",
        ),
    ] = None,
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            help="text for people, json for programs, github for workflow annotations "
            "(one per violation, naming the TPS at stake).",
        ),
    ] = CheckFormat.TEXT,
    time_limit: TimeLimitOption = 600.0,
) -> None:
    """Check that a plan holds: solve and verify, or verify a saved plan with --plan.

    Exit 0 when it holds, 1 when it is broken (every violation listed), 2 for bad input,
    3 for an internal error.
    """
    with user_errors(annotate=output_format is CheckFormat.GITHUB):
        dataset = load(data, weather, fleet)
        moment = None
        if as_of is not None:
            if plan_file is None:
                message = _("applies to a saved plan: give it with --plan FILE")
                raise InputError([Problem("--as-of", None, None, "", message)])
            moment = parse_moment(as_of, "--as-of", dataset.campaign.tz)
        plan_text = None
        if plan_file is None:
            plan = solve_verified(dataset, time_limit)
            violations = []
        else:
            plan = read_plan(plan_file)
            if output_format is CheckFormat.GITHUB:  # to point annotations at their lines
                plan_text = plan_file.read_bytes().decode("utf-8-sig")
            refuse_bundled_for_other_data(plan_file, plan, dataset)
            violations = verify(dataset, plan, as_of=moment)
            refuse_foreign_plan(plan_file, violations)
    summary = summarize(dataset, plan)
    if plan_file is not None and not violations:
        plan = dataclasses.replace(plan, lower_bound=bound_for(dataset, plan))
    changed = changed_inputs(plan, dataset) if plan_file is not None else []
    verdict = Verdict(
        plan=plan,
        violations=tuple(violations),
        summary=summary,
        plan_file=None if plan_file is None else str(plan_file),
        data_origin=dataset.origin,
        changed_inputs=tuple(changed),
        as_of=moment,
        tz=dataset.campaign.tz,
    )
    code = EXIT_OK if verdict.holds else EXIT_UNSERVED
    if output_format is CheckFormat.JSON:
        err(data_line(dataset))
        write_text(verdict_json(verdict))
        raise typer.Exit(code)
    out(data_line(dataset))
    if changed:
        info = _("info: changed since this plan was made: {files}")
        out(literal(info.format(files=", ".join(changed))))
    if moment is not None:
        message = _(
            "info: as of {moment}: legs sailed by then are not checked against the forecast"
        ).format(moment=when(moment, dataset.campaign.tz))
        out(literal(message))
    source = str(plan_file) if plan_file is not None else _("the new plan")
    if output_format is CheckFormat.GITHUB:
        out(literal(verdict_line(verdict, source)))
        write_text(github_annotations(verdict, plan_text))
        raise typer.Exit(code)
    tz = dataset.campaign.tz
    if violations:
        out(literal(verdict_line(verdict, source), style="bold red"))
        out(violations_view(violations, _("Violations"), dataset))
        raise typer.Exit(EXIT_UNSERVED)
    if plan.unserved:
        out(literal(verdict_line(verdict, source), style="bold red"))
        out(summary_view(summary, plan.lower_bound, tz))
        out(unserved_view(dataset, plan))
        raise typer.Exit(EXIT_UNSERVED)
    out(literal(verdict_line(verdict, source), style="bold green"))
    out(summary_view(summary, plan.lower_bound, tz))
    raise typer.Exit(EXIT_OK)


def bound_for(data: DataSet, plan: Plan) -> float | None:
    """The proven lower bound on any plan serving what this plan serves, if it applies.

    Always proven again for the current data: the figure a plan file records is a claim
    of whoever wrote the file, not a proof.
    """
    from seribu_planner.solver.bound import lower_bound

    try:
        return lower_bound(data, plan.served_tps()).rupiah
    except ValueError:  # a TPS it serves that no boat could: the verifier has said so
        return None


def verdict_line(verdict: Verdict, source: str) -> str:
    """The first line of a verdict: HOLDS or BROKEN, and why."""
    if verdict.violations:
        count = len(verdict.violations)
        line = ngettext(
            "BROKEN: {source} breaks {count} rule", "BROKEN: {source} breaks {count} rules", count
        )
        return line.format(source=source, count=count)
    if verdict.plan.unserved:
        count = len(verdict.plan.unserved)
        line = ngettext(
            "BROKEN: {source} leaves {count} TPS unserved",
            "BROKEN: {source} leaves {count} TPS unserved",
            count,
        )
        return line.format(source=source, count=count)
    return _("HOLDS: {source} keeps every rule and serves every TPS").format(source=source)


def changed_inputs(plan: Plan, data: DataSet) -> list[str]:
    """The input files whose digest differs from the one the plan records.

    A plan without per-file digests (written by an older version) names the data set as a
    whole when its overall digest differs.
    """
    now = dict(data.file_digests)
    if plan.inputs:
        return [i.file for i in plan.inputs if now.get(i.file, i.digest) != i.digest]
    if plan.data_digest and plan.data_digest != data.digest:
        return [_("the data set (this plan does not record which file)")]
    return []


def refuse_bundled_for_other_data(plan_file: Path, plan: Plan, data: DataSet) -> None:
    """A plan made from a data folder is not checked against the bundled data by accident.

    Run outside its repository without ``--data``, ``check`` would otherwise judge a
    plan against the Kepulauan Seribu data shipped in the package and may say HOLDS.
    """
    made_elsewhere = plan.data_source and not plan.data_source.startswith("bundled")
    if data.origin.startswith("bundled") and made_elsewhere and changed_inputs(plan, data):
        message = _(
            "this plan was made from the data in {folder}, but no data folder was found here, "
            "so the bundled data set would be used"
        ).format(folder=repr(plan.data_source))
        raise InputError(
            [Problem(str(plan_file), None, None, "data", message)],
            tip=_("give the plan's data folder with --data DIR (or run where ./data holds it)"),
        )
