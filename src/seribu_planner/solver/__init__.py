"""The planner: data set in, plan out; the only package that uses OR-Tools."""

from seribu_planner.solver.solve import SolveParams, solve

__all__ = ["SolveParams", "solve"]
