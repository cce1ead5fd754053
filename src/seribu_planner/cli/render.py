"""Outputs for people on ``route`` (workbook, HTML report, GeoJSON), and saved plans.

``add_outputs`` registers the files a command was asked for on its ``OutputSet``, so they
are written all or none with the command's other outputs; the renderers are imported only
when a file is built (matplotlib alone takes half a second to import). ``saved_plan``
reads a JSON plan for ``route --plan`` and ``brief --plan`` and lets it through only when
it keeps every rule under the current data.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from seribu_planner.cli.check import bound_for, changed_inputs, refuse_bundled_for_other_data
from seribu_planner.cli.common import err, refuse_foreign_plan, stamp
from seribu_planner.errors import EXIT_UNSERVED, InputError, Problem
from seribu_planner.model import DataSet
from seribu_planner.outputs.export import read_plan
from seribu_planner.outputs.files import STDOUT, OutputSet
from seribu_planner.outputs.i18n import _, ngettext
from seribu_planner.outputs.report import literal, violations_view
from seribu_planner.plan import Plan
from seribu_planner.solver.cost import plan_cost
from seribu_planner.verify import verify

PlanOption = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        help="Use this saved JSON plan instead of solving; it must keep every rule under "
        "the current data.",
        dir_okay=False,
    ),
]
XlsxOption = Annotated[
    str | None,
    typer.Option(
        "--xlsx",
        help="Also write an Excel workbook: schedule, TPS with arrival and slack, a loading "
        "manifest per boat.",
    ),
]
HtmlOption = Annotated[
    str | None,
    typer.Option(
        "--html",
        help="Also write a self-contained HTML report: map, timeline, TPS table (- for stdout).",
    ),
]
GeojsonOption = Annotated[
    str | None,
    typer.Option(
        "--geojson",
        help="Also write places and trips as GeoJSON for QGIS or geojson.io (- for stdout).",
    ),
]

#: The data set and plan of a command, once it has them (outputs are built after solving).
Made = Callable[[], tuple[DataSet, Plan]]


def add_outputs(
    files: OutputSet,
    made: Made,
    *,
    xlsx: str | None = None,
    html: str | None = None,
    geojson: str | None = None,
) -> None:
    """Register the workbook, HTML report and GeoJSON a command was asked for."""
    if xlsx == STDOUT and sys.stdout.isatty():
        message = _("a workbook is binary and is not written to a terminal")
        problem = Problem(STDOUT, None, None, "--xlsx", message)
        raise InputError([problem], tip=_("give a file name, e.g. --xlsx plan.xlsx"))
    files.add("--xlsx", xlsx, lambda: _xlsx(*made()))
    files.add("--html", html, lambda: _html(*made()))
    files.add("--geojson", geojson, lambda: _geojson(*made()))


def _xlsx(data: DataSet, plan: Plan) -> bytes:
    from seribu_planner.outputs.xlsx import plan_to_xlsx

    return plan_to_xlsx(data, plan)


def _html(data: DataSet, plan: Plan) -> str:
    from seribu_planner.outputs.html_report import plan_to_html

    return plan_to_html(data, plan)


def _geojson(data: DataSet, plan: Plan) -> str:
    from seribu_planner.outputs.geojson import plan_to_geojson

    return plan_to_geojson(data, plan)


def plan_inputs(plan_file: Path | None) -> tuple[Path, ...]:
    """The saved plan a command reads, as an input no output may overwrite."""
    return (plan_file,) if plan_file is not None else ()


def saved_plan(plan_file: Path, data: DataSet) -> Plan:
    """A saved plan that keeps every rule under ``data``, stamped with it.

    A plan naming places or TPS the data lacks is bad input (exit 2, as ``check`` says);
    a plan that breaks a rule is listed and the command stops with exit 1, writing nothing:
    only plans that pass the verifier are shown or written. When the data changed since
    the plan was made, the plan is restamped with the current data (it holds under it).
    Its cost and lower bound are worked out again, never taken from the file.
    """
    plan = read_plan(plan_file)
    refuse_bundled_for_other_data(plan_file, plan, data)
    violations = verify(data, plan)
    refuse_foreign_plan(plan_file, violations)
    if violations:
        title = ngettext(
            "{file} breaks {count} rule", "{file} breaks {count} rules", len(violations)
        ).format(file=plan_file, count=len(violations))
        err(violations_view(violations, title, data))
        advice = _(
            "Nothing was written. Make a new plan (seribu-plan route), or see "
            "seribu-plan check --plan {file}."
        )
        err(literal(advice.format(file=plan_file), style="bold red"))
        raise typer.Exit(EXIT_UNSERVED)
    changed = changed_inputs(plan, data)
    if changed:
        info = _("info: changed since this plan was made: {files}")
        err(literal(info.format(files=", ".join(changed))))
        plan = stamp(data, plan)
    return dataclasses.replace(
        plan, cost=plan_cost(data, plan).total, lower_bound=bound_for(data, plan)
    )
