"""The planner: data set in, plan out; the only package that uses OR-Tools.

``solve`` and ``SolveParams`` load on first use, so that a module that needs only the cost
definition (``solver.cost``) does not pay for importing OR-Tools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from seribu_planner.solver.planner import SolveParams, solve

__all__ = ["SolveParams", "solve"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from seribu_planner.solver import planner

        return getattr(planner, name)
    raise AttributeError(f"module 'seribu_planner.solver' has no attribute {name!r}")
