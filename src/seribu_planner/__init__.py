"""seribu-planner: plans and verifies election-logistics boat runs in Kepulauan Seribu."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("seribu-planner")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__"]
