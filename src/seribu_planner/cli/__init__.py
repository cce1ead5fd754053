"""The ``seribu-plan`` command line: the only package that reads options, prints and exits.

``app`` holds the typer application; each command lives in its own module and registers
itself on import.
"""

from __future__ import annotations

from seribu_planner.cli import check, data, route
from seribu_planner.cli.app import app

__all__ = ["app", "check", "data", "main", "route"]


def main() -> None:
    """Console-script entry point."""
    app()
