"""The ``seribu-plan`` command line: the only package that reads options, prints and exits.

``app`` holds the typer application; each command lives in its own module and registers
itself on import.
"""

from __future__ import annotations

import signal
from types import FrameType

from seribu_planner.cli import brief, check, data, diff, risk, route, weather
from seribu_planner.cli.app import app

__all__ = ["app", "brief", "check", "data", "diff", "main", "risk", "route", "weather"]


def _terminate(signum: int, frame: FrameType | None) -> None:
    # SIGTERM unwinds like Ctrl-C does, so that no temporary file is left behind.
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _terminate)
    app()
