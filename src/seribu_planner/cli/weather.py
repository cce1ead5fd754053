"""``seribu-plan weather import``: saved BMKG / Open-Meteo forecasts into weather.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from seribu_planner.cli.app import app
from seribu_planner.cli.common import (
    DataOption,
    LangOption,
    announce,
    data_folder,
    err,
    out,
    user_errors,
)
from seribu_planner.errors import EXIT_BUG, EXIT_OK, InputError, Problem
from seribu_planner.load import bundled_data_dir, input_paths, load_dataset
from seribu_planner.outputs.files import STDOUT, OutputSet
from seribu_planner.outputs.i18n import _
from seribu_planner.outputs.report import data_line, literal

weather_app = typer.Typer(
    name="weather",
    help="Forecasts: import saved BMKG and Open-Meteo files into weather.yaml.",
    no_args_is_help=True,
)
app.add_typer(weather_app)


@weather_app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="Saved forecast files: BMKG maritime area JSON (station-written or digital) "
            "or Open-Meteo marine JSON, in any order; a folder stands for its *.json files.",
            show_default=False,
        ),
    ],
    data: DataOption = None,
    lang: LangOption = None,
    into: Annotated[
        Path | None,
        typer.Option("--into", help="The weather.yaml to merge onto (default: the data set's)."),
    ] = None,
    out_file: Annotated[
        str | None,
        typer.Option(
            "--out",
            help="Where to write the merged weather.yaml (default: back to --into; - for stdout).",
        ),
    ] = None,
) -> None:
    """Merge saved forecasts into weather.yaml: the newest issue wins.

    BMKG areas go to the zone with their bmkg_code, Open-Meteo points to the
    zone with the nearest point. Slots are cut onto the 12-hour grid (00:00
    and 12:00 UTC); each records when it was issued and its file's digest.
    Exit 0 when written, 2 for bad input (then nothing is written).
    """
    # The forecast readers load only when this command runs: the other commands start faster.
    from seribu_planner.forecast import (
        check_rewrite,
        merge_forecast,
        read_forecasts,
        rewrite_weather,
    )
    from seribu_planner.outputs.forecast_report import import_view

    with user_errors():
        files = _expand(files)
        folder = data_folder(data)
        base = into if into is not None else folder / "weather.yaml"
        target = out_file if out_file is not None else str(base)
        _refuse_bundled(target, into is None and out_file is None)
        writes_base = target != STDOUT and _same(Path(target), base)
        inputs = [p for role, p in input_paths(folder).items() if role != "weather.yaml"]
        inputs += [*files, *([] if writes_base else [base])]
        outputs = OutputSet(inputs=tuple(inputs))
        text_holder: list[str] = []
        outputs.add("--out", target, lambda: text_holder[0])
        outputs.check()
        dataset = load_dataset(folder, weather=into)
        if not files:
            out(data_line(dataset))
            out(literal(_("No forecast files to import; nothing was written.")))
            raise typer.Exit(EXIT_OK)
        imports = read_forecasts(files, dataset.zones)
        merge = merge_forecast(dataset.forecast, imports, [z.id for z in dataset.zones])
        tz = dataset.campaign.tz
        text = rewrite_weather(base.read_bytes().decode("utf-8"), merge, tz)
        try:
            check_rewrite(text, merge.forecast, tz)
        except Exception as exc:  # the writer's own check: a bug, never a half-right file
            message = _("BUG: the merged weather.yaml does not read back ({error}).")
            err(literal(message.format(error=exc), style="bold red"))
            err(literal(_("Nothing was written. Please report this with the files.")))
            raise typer.Exit(EXIT_BUG) from None
        text_holder.append(text)
        show = err if outputs.uses_stdout else out
        written = outputs.write()
    show(data_line(dataset))
    show(import_view(dataset, imports, merge, str(base)))
    announce(written)
    raise typer.Exit(EXIT_OK)


def _expand(paths: list[Path]) -> list[Path]:
    """The files given, each folder replaced by its ``*.json`` files in name order."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    return files


def _refuse_bundled(target: str, defaulted: bool) -> None:
    """The data set inside the installed package is never written."""
    if target == STDOUT:
        return
    bundled = bundled_data_dir().resolve()
    if Path(target).resolve().parent == bundled:
        tip = _(
            "make a data folder first with `seribu-plan init data`, then import with --data data"
        )
        if not defaulted:
            tip = _("give a file of your own with --out FILE")
        message = _("is the bundled data set inside the installed package; it is never written")
        raise InputError([Problem(target, None, None, "--out", message)], tip=tip)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
