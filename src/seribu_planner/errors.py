"""Exceptions of the library layers and the exit codes the CLI maps them to.

Library code raises these; only ``cli`` prints them and exits.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_UNSERVED = 1  # route: some TPS unserved; check: the plan does not hold
EXIT_BAD_INPUT = 2
EXIT_BUG = 3  # a plan the program made failed its own verifier


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}{field} {self.message}"


class SeribuError(Exception):
    """Base of every error the CLI reports without a traceback."""


class InputError(SeribuError):
    """Bad input data: every problem found, each located by file, line and field."""

    def __init__(self, problems: list[Problem], tip: str | None = None) -> None:
        self.problems = problems
        self.tip = tip
        super().__init__("\n".join(str(p) for p in problems))
