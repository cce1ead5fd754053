"""``seribu-plan route``: solve, print the plan, write it to files."""

from __future__ import annotations

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
    inputs,
    load,
    out,
    solve_verified,
    user_errors,
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
from seribu_planner.errors import EXIT_OK, EXIT_UNSERVED
from seribu_planner.outputs.export import plan_to_csv, plan_to_json
from seribu_planner.outputs.files import STDOUT, OutputSet
from seribu_planner.outputs.report import literal, plan_view
from seribu_planner.outputs.summary import summarize
from seribu_planner.plan import Plan


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
) -> None:
    """Plan the boat runs: trips per boat, TPS arrivals and slack, unserved TPS with reasons.

    With --plan, show and convert a saved plan instead of solving (it must keep every rule
    under the current data). Exit 0 when every TPS is served, 1 when some are not (or the
    saved plan breaks a rule), 2 for bad input, 3 for an internal error. Output files are
    written all or none.
    """
    with user_errors():
        files = OutputSet(inputs=inputs(data, weather, fleet) + plan_inputs(plan_file))
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
        if plan_file is not None:
            plan = saved_plan(plan_file, dataset)
        else:
            plan = solve_verified(dataset, time_limit)
        plan_holder.append(plan)
        report = plan_view(dataset, plan, summarize(dataset, plan), quiet=quiet)
        show = err if files.uses_stdout else out
        written = files.write()
    show(report)
    for target in written:
        if target != STDOUT:
            err(literal(f"wrote {target}"))
    raise typer.Exit(EXIT_UNSERVED if plan.unserved else EXIT_OK)
