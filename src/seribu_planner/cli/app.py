"""The typer application every command module registers with.

The language of ``--help`` must be known before typer formats it, which can happen before
any option callback runs (``seribu-plan route --help``), so the application's group reads
``--lang`` from the command line (else ``SERIBU_LANG``) as the first thing it does, and
translates the help texts of every command and option then. Typer's own frame words
(``Usage``, ``Options``, ``Commands``, ``[default: ...]``) and click's messages about a
mistyped command line stay English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

import seribu_planner
from seribu_planner.errors import EXIT_OK
from seribu_planner.outputs.i18n import _, language_from_env, set_language
from seribu_planner.plan import N_

HELP_OPTION_NAMES = ["-h", "--help"]

#: Help texts typer and click add of their own, so that the catalog holds them too.
BUILT_IN_HELP = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)


def language_from_args(args: Sequence[str]) -> str:
    """The language asked for on a command line (``--lang en``, ``--lang=en``), else
    ``SERIBU_LANG``, else Indonesian."""
    chosen = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            chosen = args[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.removeprefix("--lang=")
    return language_from_env(chosen)


def _reflow(text: str) -> str:
    """Paragraphs as one line each: typer keeps a docstring's line breaks, which at another
    width (or in another language) break lines in the middle."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text)


def _translate_help(command: typer.core.TyperCommand | TyperGroup) -> None:
    """Every help text of ``command`` and the commands under it, in the current language."""
    if command.help:
        command.help = _reflow(_(command.help))
    if command.short_help:
        command.short_help = _reflow(_(command.short_help))
    context = typer.Context(command, help_option_names=HELP_OPTION_NAMES)
    options = [*command.params, command.get_help_option(context)]
    for param in options:
        text = getattr(param, "help", None)
        if text:
            param.help = _reflow(_(text))  # type: ignore[union-attr]
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            _translate_help(sub)  # type: ignore[arg-type]


class LocalGroup(TyperGroup):
    """The application's group: sets the language from the command line first thing."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        if parent is None:  # the whole command line: typer builds a fresh tree per run
            set_language(language_from_args(args))
            _translate_help(self)
        return super().make_context(info_name, args, parent, **extra)


app = typer.Typer(
    name="seribu-plan",
    cls=LocalGroup,
    help=(
        "Plan and verify the boat runs that carry election logistics to every TPS of "
        "Kepulauan Seribu.\n\n"
        "Exit codes: 0 done (every TPS served / the plan holds / the plans are the same), "
        "1 some TPS unserved or the plan broken (diff: the plans differ), 2 bad input (the "
        "message names file, line and field), 3 internal "
        "error (a bug: nothing is written), 130 interrupted."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": HELP_OPTION_NAMES},
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
