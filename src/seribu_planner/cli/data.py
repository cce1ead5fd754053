"""``seribu-plan validate`` and ``windows``: the data set itself, without planning."""

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
    WeatherOption,
    announce,
    load,
    out,
    user_errors,
)
from seribu_planner.errors import InputError, Problem
from seribu_planner.load import FILES, bundled_data_dir, data_warnings
from seribu_planner.outputs.data_report import data_overview, windows_view
from seribu_planner.outputs.files import OutputSet
from seribu_planner.outputs.i18n import _
from seribu_planner.outputs.report import literal


@app.command()
def validate(
    data: DataOption = None,
    lang: LangOption = None,
    weather: WeatherOption = None,
    fleet: FleetOption = None,
) -> None:
    """Load and check the data only; print what was loaded and any warnings."""
    with user_errors():
        dataset = load(data, weather, fleet)
    out(data_overview(dataset, data_warnings(dataset)))


@app.command()
def windows(
    data: DataOption = None,
    lang: LangOption = None,
    weather: WeatherOption = None,
    fleet: FleetOption = None,
) -> None:
    """Show each boat's sailing windows per weather zone over the horizon."""
    with user_errors():
        dataset = load(data, weather, fleet)
    out(windows_view(dataset))


@app.command()
def init(
    folder: Annotated[
        Path,
        typer.Argument(help="Folder to write the five data files into (new, or empty)."),
    ],
    lang: LangOption = None,
) -> None:
    """Write the bundled data set as plain files, to start a what-if or a data repository.

    Exit 0 when written, 2 when the folder holds data files already (nothing is written).
    """
    with user_errors():
        if folder.exists() and not folder.is_dir():
            message = _("is a file, not a folder")
            raise InputError([Problem(str(folder), None, None, "", message)])
        taken = [name for name in FILES if (folder / name).exists()]
        if taken:
            message = _("already holds {files}; nothing was written").format(files=", ".join(taken))
            raise InputError(
                [Problem(str(folder), None, None, "", message)],
                tip=_("choose a new or empty folder; init never overwrites data"),
            )
        if not folder.parent.is_dir():
            message = _("cannot be created: the folder {parent} does not exist").format(
                parent=folder.parent
            )
            raise InputError([Problem(str(folder), None, None, "", message)])
        bundled = bundled_data_dir()
        files = OutputSet()
        for name in FILES:
            files.add(name, folder / name, functools.partial((bundled / name).read_bytes))
        folder.mkdir(exist_ok=True)
        written = files.write()
    announce(written)
    out(literal(_("Next: seribu-plan validate --data {folder}").format(folder=folder)))
