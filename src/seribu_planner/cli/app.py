"""The typer application every command module registers with."""

from __future__ import annotations

from typing import Annotated

import typer

import seribu_planner
from seribu_planner.errors import EXIT_OK

app = typer.Typer(
    name="seribu-plan",
    help=(
        "Plan and verify the boat runs that carry election logistics to every TPS of "
        "Kepulauan Seribu.\n\n"
        "Exit codes: 0 done (every TPS served / the plan holds / the plans are the same), "
        "1 some TPS unserved or the plan broken (diff: the plans differ), 2 bad input (the "
        "message names file, line and field), 3 internal "
        "error (a bug: nothing is written), 130 interrupted."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"seribu-plan {seribu_planner.__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Plan and verify election-logistics boat runs in Kepulauan Seribu."""
