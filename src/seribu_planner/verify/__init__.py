"""The independent checker: does a plan keep every rule? Imports only ``model`` and ``plan``."""

from seribu_planner.verify.check import (
    EARTH_RADIUS_NM,
    Violation,
    ViolationKind,
    great_circle_nm,
    kit_count,
    kit_load,
    sea_distance_nm,
    verify,
)

__all__ = [
    "EARTH_RADIUS_NM",
    "Violation",
    "ViolationKind",
    "great_circle_nm",
    "kit_count",
    "kit_load",
    "sea_distance_nm",
    "verify",
]
