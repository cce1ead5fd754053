"""``seribu-plan route``: solve, print the plan, write it to files."""

from __future__ import annotations

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
    load,
    out,
    solve_verified,
    user_errors,
)
from seribu_planner.errors import EXIT_OK, EXIT_UNSERVED
from seribu_planner.outputs.export import plan_to_csv, plan_to_json, write_atomic
from seribu_planner.outputs.report import plan_view
from seribu_planner.outputs.summary import summarize


@app.command()
def route(
    data: DataOption = None,
    lang: LangOption = None,
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
    with user_errors():
        dataset = load(data, weather, fleet)
        plan = solve_verified(dataset, time_limit)
        outputs = []
        if json_file is not None:
            outputs.append((json_file, plan_to_json(dataset, plan)))
        if csv_file is not None:
            outputs.append((csv_file, plan_to_csv(dataset, plan)))
        for path, text in outputs:
            write_atomic(path, text)
    out(plan_view(dataset, plan, summarize(dataset, plan), quiet=quiet))
    raise typer.Exit(EXIT_UNSERVED if plan.unserved else EXIT_OK)
