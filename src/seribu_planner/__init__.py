"""seribu-planner: plans and verifies election-logistics boat runs in Kepulauan Seribu."""

from __future__ import annotations

from functools import cache

__all__ = ["__version__"]


@cache
def _version() -> str:
    # importlib.metadata costs tens of milliseconds to import: only --version pays for it.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("seribu-planner")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0.0.0"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
