"""Readable anywhere: 80 columns, pipes, NO_COLOR / FORCE_COLOR, a real terminal, progress,
shell completion."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from seribu_planner import cli
from seribu_planner.cli import common
from seribu_planner.load import bundled_data_dir, load_dataset

runner = CliRunner()
APPROVED = Path(__file__).parent / "data" / "plans" / "bundled-approved.json"
#: A saved plan shown without solving: the same views, in a fraction of the time.
SHOWN = ("route", "--plan", str(APPROVED))
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TPS_IDS = [t.id for t in load_dataset(bundled_data_dir()).tps]


def run(*args: str, **env: str | None) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, list(args), env={"COLUMNS": "80", **env})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def whole(tps: str, text: str) -> bool:
    """Whether the id stands in the text whole: not cut, not run into another word."""
    return re.search(rf"(?<![\w.-]){re.escape(tps)}(?![\w-])", text) is not None


@pytest.mark.parametrize("lang", ["id", "en"])
def test_at_80_columns_every_line_fits_and_every_tps_id_is_whole(lang: str) -> None:
    code, out, err = run("route", "--lang", lang)  # a real solve, once per language
    assert code == 0
    lines = out.splitlines() + err.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert [t for t in TPS_IDS if not whole(t, out)] == []
    assert len(TPS_IDS) == 88


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("windows",),
        ("check",),
        ("check", "--plan", str(APPROVED)),
        ("diff", str(APPROVED), str(APPROVED)),
    ],
)
def test_at_80_columns_other_commands_fit_too(args: tuple[str, ...]) -> None:
    for lang in ("id", "en"):
        code, out, err = run(*args, "--lang", lang)
        assert code == 0, err
        assert max(len(line) for line in out.splitlines() + err.splitlines()) <= 80


def test_piped_output_has_no_trailing_padding() -> None:
    for args in (SHOWN, ("validate",), ("windows",), ("check", "--plan", str(APPROVED))):
        for columns in ("80", "200"):
            code, out, err = run(*args, COLUMNS=columns)
            assert code == 0
            padded = [line for line in (out + err).splitlines() if line != line.rstrip()]
            assert padded == [], args


def test_piped_output_follows_columns() -> None:
    _, narrow, _ = run(*SHOWN, "--lang", "en", COLUMNS="80")
    _, wide, _ = run(*SHOWN, "--lang", "en", COLUMNS="140")
    header = re.compile(r"^TPS\s+island\s+voters\s+boat\s+trip\s+arrives\s+slack$", re.M)
    assert header.search(wide), "a wide console shows every column"
    assert not header.search(narrow), "80 columns drop the island and the voters"
    assert re.search(r"^TPS\s+boat\s+trip\s+arrives\s+slack$", narrow, re.M)
    assert max(len(line) for line in wide.splitlines()) > 80


def test_no_colour_when_piped_colour_when_forced_none_with_no_color() -> None:
    _, plain, _ = run(*SHOWN)
    assert not ESCAPE.search(plain)
    _, forced, _ = run(*SHOWN, FORCE_COLOR="1")
    assert "\x1b[" in forced
    _, no_color, _ = run(*SHOWN, FORCE_COLOR="1", NO_COLOR="1")
    assert not ESCAPE.search(no_color), "NO_COLOR turns every style off, over FORCE_COLOR"
    _, _, stderr = run("validate", "--data", "nowhere", FORCE_COLOR="1")
    assert "\x1b[" in stderr


def in_terminal(args: list[str], cwd: Path, columns: int = 80) -> str:
    """What a command prints in a pseudo-terminal of ``columns`` columns (stdout, stderr),
    in the default language."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TTY_COMPATIBLE", "SERIBU_LANG")
    }
    env["TERM"] = "xterm-256color"
    process = subprocess.Popen(
        [sys.executable, *args], stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if not ready:
            if process.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal is closed once the command has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=10)
    os.close(master)
    assert process.returncode == 0
    return b"".join(chunks).decode("utf-8")


def test_route_in_a_terminal_has_colour_and_no_padding(tmp_path: Path) -> None:
    text = in_terminal(["-m", "seribu_planner", "route", "--lang", "en"], tmp_path)
    assert "\x1b[" in text, "a terminal gets colour"
    lines = text.split("\r\n")
    assert [line for line in lines if re.search(r" (\x1b\[[0-9;]*m)*$", line)] == []
    plain = [ESCAPE.sub("", line) for line in lines]
    assert "TPS served      88 / 88" in plain
    assert max(len(line) for line in plain) <= 80
    assert [t for t in TPS_IDS if not whole(t, "\n".join(plain))] == []


def test_a_long_solve_shows_progress_in_a_terminal(tmp_path: Path) -> None:
    # The bundled data solves in about a second: show progress from the start to see it.
    program = (
        "import sys; from seribu_planner.cli import common, main; "
        "common.PROGRESS_AFTER_S = 0.0; sys.argv = ['seribu-plan', 'route', '--quiet']; main()"
    )
    text = in_terminal(["-c", program], tmp_path)
    assert "merencanakan 88 TPS dengan 10 kapal: sudah" in text
    assert "(Ctrl-C untuk berhenti)" in text


class Ticking:
    """Work that takes a moment."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __call__(self) -> int:
        time.sleep(self.seconds)
        return 42


def test_progress_appears_after_the_threshold_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen = Console(file=io.StringIO(), force_terminal=True, width=80)
    monkeypatch.setattr(common, "PROGRESS_AFTER_S", 0.2)
    monkeypatch.setattr(common, "progress_console", lambda: screen)
    assert common.interruptible(Ticking(0.8), "planning: {seconds} s so far") == 42
    shown = screen.file.getvalue()  # type: ignore[attr-defined]
    assert "planning: 0" in shown or "planning: 1" in shown
    quick = Console(file=io.StringIO(), force_terminal=True, width=80)
    monkeypatch.setattr(common, "progress_console", lambda: quick)
    assert common.interruptible(Ticking(0.05), "planning: {seconds} s so far") == 42
    assert quick.file.getvalue() == "", "nothing for work shorter than the threshold"  # type: ignore[attr-defined]


def test_no_progress_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not sys.stderr.isatty()
    assert common.progress_console() is None
    monkeypatch.setattr(common, "PROGRESS_AFTER_S", 0.0)
    assert common.interruptible(Ticking(0.3), "planning: {seconds} s so far") == 42


def test_show_completion_prints_a_bash_script() -> None:
    code, out, _ = run("--show-completion", "bash")
    assert code == 0
    assert "_SERIBU_PLAN_COMPLETE=complete_bash" in out
    assert "complete -o default -F _seribu_plan_completion seribu-plan" in out


def test_completion_completes_commands_and_options() -> None:
    complete = {"_SERIBU_PLAN_COMPLETE": "complete_bash"}
    code, out, _ = run(**complete, COMP_WORDS="seribu-plan ro", COMP_CWORD="1")
    assert (code, out) == (0, "route\n")
    code, out, _ = run(**complete, COMP_WORDS="seribu-plan check --for", COMP_CWORD="2")
    assert (code, out) == (0, "--format\n")
