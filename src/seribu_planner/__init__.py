"""seribu-planner: plans and verifies election-logistics boat runs in Kepulauan Seribu."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # The version is looked up on first use: importlib.metadata costs a tenth of a second
    # at every start of the command line, which only --version needs.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("seribu-planner")
        except PackageNotFoundError:  # running from a source tree without installation
            return "0.0.0"
    raise AttributeError(f"module 'seribu_planner' has no attribute {name!r}")
