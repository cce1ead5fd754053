"""Writing a command's output files: all of them or none, never over what is not ours.

A command collects its outputs first (``OutputSet.add``: the option, the target, and a
function that builds the bytes), then ``OutputSet.write`` checks every target before any
text is built (a folder that exists and is writable, a target that is not a folder, no
path given twice, no path that is one of the command's input files), builds every text,
writes each regular file to a temporary file beside its target, and only then renames
them all into place. A failure before the renames leaves every target as it was and no
temporary file behind; SIGINT and SIGTERM are held back while the renames run.

A target that exists and is not a regular file (a character device such as
``/dev/null``, a FIFO) is written through, never replaced. ``-`` means standard output.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from seribu_planner.errors import InputError, Problem
from seribu_planner.outputs.i18n import _

STDOUT = "-"

Builder = Callable[[], bytes | str]


@dataclass(frozen=True)
class Output:
    """One file a command writes: the option that named it, where, and how to build it."""

    option: str
    target: str
    build: Builder

    @property
    def to_stdout(self) -> bool:
        """Whether this output goes to standard output."""
        return self.target == STDOUT


@dataclass
class OutputSet:
    """The outputs of one command run, checked together and written all or none."""

    inputs: tuple[Path, ...] = ()
    outputs: list[Output] = field(default_factory=list)

    def add(self, option: str, target: Path | str | None, build: Builder) -> None:
        """Register an output; a ``None`` target (option not given) is ignored."""
        if target is not None:
            self.outputs.append(Output(option, str(target), build))

    @property
    def uses_stdout(self) -> bool:
        """Whether some output goes to standard output (the report then goes to stderr)."""
        return any(o.to_stdout for o in self.outputs)

    def check(self) -> None:
        """Every problem with the targets at once, as one InputError; nothing is written."""
        problems = list(_target_problems(self.outputs, self.inputs))
        if problems:
            raise InputError(problems, tip=_("choose another file name or folder for the output"))

    def write(self, stdout: BinaryIO | None = None) -> list[str]:
        """Check, build and write every output; the targets written, in order."""
        self.check()
        payloads = [(o, _bytes(o.build())) for o in self.outputs]
        return write_all(payloads, stdout=stdout)


def write_all(payloads: list[tuple[Output, bytes]], stdout: BinaryIO | None = None) -> list[str]:
    """Write built outputs: temporary files first, then every rename with signals held."""
    staged: list[tuple[Path, Path]] = []  # (temporary file, target)
    through: list[tuple[Path, bytes]] = []  # special files, written through
    to_stdout: list[bytes] = []
    try:
        for output, payload in payloads:
            if output.to_stdout:
                to_stdout.append(payload)
                continue
            path = Path(output.target)
            if _is_special(path):
                through.append((path, payload))
            else:
                staged.append((_stage(path, payload), path))
        with _signals_held():
            for temp, path in staged:
                os.replace(temp, path)
            staged.clear()
    except OSError as exc:
        raise _write_error(Path(exc.filename or "?"), exc) from exc
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
    for path, payload in through:
        try:
            with path.open("wb") as handle:
                handle.write(payload)
        except OSError as exc:
            raise _write_error(path, exc) from exc
    stream = stdout if stdout is not None else sys.stdout.buffer
    for payload in to_stdout:
        stream.write(payload)
        stream.flush()
    return [o.target for o, _ in payloads]


def _bytes(content: bytes | str) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _stage(path: Path, payload: bytes) -> Path:
    """Write ``payload`` to a new temporary file beside ``path``; its name."""
    temp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    # os.open with 0o666 lets the umask decide the permissions, as for any new file.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _is_special(path: Path) -> bool:
    """Whether the target exists and is neither a regular file nor a folder."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back (delivered afterwards) while the block runs."""
    held = {signal.SIGINT, signal.SIGTERM}
    can_hold = hasattr(signal, "pthread_sigmask")
    if can_hold:
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        if can_hold:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def _write_error(path: Path, exc: OSError) -> InputError:
    message = _("cannot be written: {error}").format(error=exc.strerror or exc)
    problem = Problem(str(path), None, None, "", message)
    return InputError([problem], tip=_("check that the folder exists and is writable"))


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _target_problems(outputs: Iterable[Output], inputs: Iterable[Path]) -> Iterator[Problem]:
    seen: list[Output] = []
    inputs = list(inputs)
    stdout_taken: Output | None = None
    for output in outputs:
        where = Problem(output.target, None, None, output.option, "")
        if output.to_stdout:
            if stdout_taken is not None:
                message = _("standard output is already taken by {option} -")
                yield _with(where, message.format(option=stdout_taken.option))
            stdout_taken = output
            continue
        path = Path(output.target)
        twin = next((o for o in seen if not o.to_stdout and _same(Path(o.target), path)), None)
        if twin is not None:
            message = _("is also the target of {option}; give each output its own file")
            yield _with(where, message.format(option=twin.option))
            continue
        seen.append(output)
        source = next((i for i in inputs if _same(i, path)), None)
        if source is not None:
            yield _with(where, _("is one of this command's input files; it would be overwritten"))
            continue
        if path.is_dir():
            yield _with(where, _("is a folder; give a file name"))
            continue
        folder = path.parent
        if not folder.exists():
            message = _("cannot be written: the folder {folder} does not exist")
            yield _with(where, message.format(folder=folder))
        elif not folder.is_dir():
            message = _("cannot be written: {folder} is not a folder")
            yield _with(where, message.format(folder=folder))
        elif not _is_special(path) and not os.access(folder, os.W_OK | os.X_OK):
            message = _("cannot be written: the folder {folder} is not writable")
            yield _with(where, message.format(folder=folder))
        elif path.exists() and not os.access(path, os.W_OK) and _is_special(path):
            yield _with(where, _("cannot be written: permission denied"))


def _with(problem: Problem, message: str) -> Problem:
    return Problem(problem.file, problem.line, problem.column, problem.field, message)
