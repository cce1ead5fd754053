"""``seribu-plan brief``: a printable crew brief per boat, and an index, into a folder."""

from __future__ import annotations

import functools
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
    announce,
    err,
    inputs,
    load,
    out,
    solve_verified,
    user_errors,
)
from seribu_planner.cli.render import PlanOption, plan_inputs, saved_plan
from seribu_planner.errors import EXIT_OK, InputError, Problem
from seribu_planner.model import DataSet
from seribu_planner.outputs.brief import INDEX, brief_file, brief_pages
from seribu_planner.outputs.files import OutputSet
from seribu_planner.outputs.i18n import _, ngettext
from seribu_planner.outputs.report import data_line, literal
from seribu_planner.plan import Plan


@app.command()
def brief(
    out_dir: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Folder to write the briefs into (created if missing; its parent must exist): "
            "one page per boat used, named by its id (kayu-1.html), and index.html.",
        ),
    ],
    data: DataOption = None,
    lang: LangOption = None,
    weather: WeatherOption = None,
    fleet: FleetOption = None,
    plan_file: PlanOption = None,
    time_limit: TimeLimitOption = 600.0,
) -> None:
    """Write a printable crew brief per boat: loading, calls, sailing windows, handover forms.

    Solves first, or uses a saved plan with --plan. Pages are HTML for A4; print them from
    a browser (or save as PDF). Exit 0 when written, 2 for bad input (nothing written),
    3 for an internal error.
    """
    with user_errors():
        _check_folder(out_dir)
        dataset = load(data, weather, fleet)
        out(data_line(dataset))
        if plan_file is not None:
            plan = saved_plan(plan_file, dataset)
        else:
            plan = solve_verified(dataset, time_limit)
        files = OutputSet(inputs=inputs(data, weather, fleet) + plan_inputs(plan_file))
        pages = brief_pages(dataset, plan)
        for name, text in pages:
            files.add("--out", out_dir / name, functools.partial(str, text))
        _refuse_index_boat(out_dir, plan)
        out_dir.mkdir(exist_ok=True)
        written = files.write()
    announce(written)
    for stale in _stale_briefs(out_dir, dataset, plan):
        note = _("note: {file} is from an earlier brief; this plan does not use that boat")
        err(literal(note.format(file=stale), style="yellow"))
    if plan.unserved:
        warning = ngettext(
            "warning: {count} TPS is unserved (listed in {file})",
            "warning: {count} TPS are unserved (listed in {file})",
            len(plan.unserved),
        )
        err(literal(warning.format(count=len(plan.unserved), file=out_dir / INDEX), style="yellow"))
    done = _("Open {file} in a browser and print each brief on A4.")
    out(literal(done.format(file=out_dir / INDEX)))
    raise typer.Exit(EXIT_OK)


def _check_folder(folder: Path) -> None:
    """The folder can hold the briefs: a folder, or a new one in a folder that exists."""
    if folder.exists() and not folder.is_dir():
        message = _("is a file, not a folder")
        raise InputError([Problem(str(folder), None, None, "--out", message)])
    if not folder.exists() and not folder.parent.is_dir():
        message = _("cannot be created: the folder {parent} does not exist").format(
            parent=folder.parent
        )
        raise InputError([Problem(str(folder), None, None, "--out", message)])


def _refuse_index_boat(folder: Path, plan: Plan) -> None:
    # A boat called "index" would have its brief written over the index page.
    if any(brief_file(b.boat) == INDEX for b in plan.boats if b.trips):
        message = _("a boat with the id 'index' would overwrite {file}").format(file=INDEX)
        raise InputError(
            [Problem(str(folder / INDEX), None, None, "--out", message)],
            tip=_("rename the boat in fleet.yaml (and in the plan)"),
        )


def _stale_briefs(folder: Path, data: DataSet, plan: Plan) -> list[Path]:
    """Briefs of fleet boats this plan does not use, left in the folder by an earlier run."""
    used = {b.boat for b in plan.boats if b.trips}
    return [
        folder / brief_file(boat.id)
        for boat in data.boats
        if boat.id not in used and (folder / brief_file(boat.id)).is_file()
    ]
