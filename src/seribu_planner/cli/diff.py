"""``seribu-plan diff OLD NEW``: what changed between two plans, per TPS and per boat."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from seribu_planner.cli.app import app
from seribu_planner.cli.common import (
    DataOption,
    FleetOption,
    LangOption,
    WeatherOption,
    announce,
    err,
    inputs,
    load,
    out,
    user_errors,
)
from seribu_planner.errors import EXIT_OK, EXIT_UNSERVED
from seribu_planner.outputs.export import read_plan
from seribu_planner.outputs.files import OutputSet
from seribu_planner.outputs.report import data_line, literal


@app.command()
def diff(
    old_file: Annotated[Path, typer.Argument(metavar="OLD", help="The earlier plan (JSON).")],
    new_file: Annotated[Path, typer.Argument(metavar="NEW", help="The later plan (JSON).")],
    data: DataOption = None,
    lang: LangOption = None,
    weather: WeatherOption = None,
    fleet: FleetOption = None,
    json_file: Annotated[
        str | None,
        typer.Option("--json", help="Also write the diff as JSON to this file (- for stdout)."),
    ] = None,
) -> None:
    """Show what changed between two plans, per TPS and per boat.

    Per TPS: boat, trip, arrival, newly served or unserved. Per boat: trips
    added, dropped, re-timed. Cost and least slack before and after, under
    the current data. Exit 0 when the same, 1 when different, 2 bad input.
    """
    # Loaded only when this command runs: the other commands start faster.
    from seribu_planner.outputs.diff import diff_to_json, plan_diff
    from seribu_planner.outputs.diff_view import diff_view

    with user_errors():
        files = OutputSet(inputs=(*inputs(data, weather, fleet), old_file, new_file))
        holder: list[str] = []
        files.add("--json", json_file, lambda: holder[0])
        files.check()
        dataset = load(data, weather, fleet)
        old, new = read_plan(old_file), read_plan(new_file)
        changes = plan_diff(dataset, old, new)
        tz = dataset.campaign.tz
        holder.append(diff_to_json(changes, tz, str(old_file), str(new_file)))
        show = err if files.uses_stdout else out
        written = files.write()
    show(data_line(dataset))
    show(literal(f"{old_file} -> {new_file}"))
    show(diff_view(changes, tz))
    announce(written)
    raise typer.Exit(EXIT_OK if changes.same else EXIT_UNSERVED)
