"""``seribu-plan validate`` and ``windows``: the data set itself, without planning."""

from __future__ import annotations

from seribu_planner.cli.app import app
from seribu_planner.cli.common import (
    DataOption,
    FleetOption,
    LangOption,
    WeatherOption,
    load,
    out,
    user_errors,
)
from seribu_planner.load import data_warnings
from seribu_planner.outputs.report import data_overview, windows_view


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
