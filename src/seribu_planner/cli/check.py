"""``seribu-plan check``: does a plan (new, or saved with ``--plan``) keep every rule?"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from seribu_planner.cli.app import app
from seribu_planner.cli.common import (
    DataOption,
    FleetOption,
    LangOption,
    TimeLimitOption,
    WeatherOption,
    load,
    out,
    refuse_foreign_plan,
    solve_verified,
    user_errors,
)
from seribu_planner.errors import EXIT_OK, EXIT_UNSERVED
from seribu_planner.outputs.export import read_plan
from seribu_planner.outputs.report import summary_view, unserved_view, violations_view
from seribu_planner.outputs.summary import summarize
from seribu_planner.verify import verify


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
    time_limit: TimeLimitOption = 600.0,
) -> None:
    """Check that a plan holds: solve and verify, or verify a saved plan with --plan.

    Exit 0 when it holds, 1 when it is broken (every violation listed), 2 for bad input.
    """
    with user_errors():
        dataset = load(data, weather, fleet)
        if plan_file is None:
            plan = solve_verified(dataset, time_limit)
            violations = []
        else:
            plan = read_plan(plan_file)
            violations = verify(dataset, plan)
            refuse_foreign_plan(plan_file, violations)
    summary = summarize(dataset, plan)
    if plan_file is not None and plan.data_digest and plan.data_digest != dataset.digest:
        out(
            Text(
                "info: the data changed since this plan was made "
                f"(plan {plan.data_digest[:19]}..., data {dataset.digest[:19]}...)"
            )
        )
    source = str(plan_file) if plan_file is not None else "the new plan"
    if violations:
        out(Text(f"BROKEN: {source} breaks {len(violations)} rule(s)", style="bold red"))
        out(violations_view(violations, "Violations"))
        raise typer.Exit(EXIT_UNSERVED)
    if plan.unserved:
        out(
            Text(
                f"BROKEN: {source} leaves {len(plan.unserved)} TPS unserved",
                style="bold red",
            )
        )
        out(summary_view(summary))
        out(unserved_view(dataset, plan))
        raise typer.Exit(EXIT_UNSERVED)
    out(Text(f"HOLDS: {source} keeps every rule and serves every TPS", style="bold green"))
    out(summary_view(summary))
    raise typer.Exit(EXIT_OK)
