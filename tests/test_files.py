"""Output files: all or none, never over an input, a folder or a device, interrupt-safe."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from seribu_planner.errors import InputError
from seribu_planner.outputs import files
from seribu_planner.outputs.files import OutputSet


def _set(*outputs: tuple[str, Path | str, str], inputs: tuple[Path, ...] = ()) -> OutputSet:
    result = OutputSet(inputs=inputs)
    for option, target, text in outputs:
        result.add(option, target, lambda text=text: text)  # type: ignore[misc]
    return result


def test_writes_every_text_and_leaves_no_temp_file(tmp_path: Path) -> None:
    written = _set(
        ("--json", tmp_path / "plan.json", "{}\n"), ("--csv", tmp_path / "plan.csv", "a,ç\n")
    ).write()
    assert written == [str(tmp_path / "plan.json"), str(tmp_path / "plan.csv")]
    assert (tmp_path / "plan.csv").read_bytes() == "a,ç\n".encode()
    assert sorted(os.listdir(tmp_path)) == ["plan.csv", "plan.json"]


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("old\n", encoding="utf-8")
    _set(("--csv", path, "new\n")).write()
    assert path.read_text(encoding="utf-8") == "new\n"
    assert os.listdir(tmp_path) == ["plan.csv"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        _set(("--csv", tmp_path / "plan.csv", "x\n")).write()
    finally:
        os.umask(umask)
    assert (tmp_path / "plan.csv").stat().st_mode & 0o777 == 0o644


def test_all_or_none_when_one_target_is_bad(tmp_path: Path) -> None:
    good = tmp_path / "plan.json"
    good.write_text("old\n", encoding="utf-8")
    outputs = _set(("--json", good, "new\n"), ("--csv", tmp_path / "missing" / "x.csv", "x\n"))
    with pytest.raises(InputError) as caught:
        outputs.write()
    assert "missing" in str(caught.value) and "does not exist" in str(caught.value)
    assert good.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["plan.json"]


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_keeps_every_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    first, second = tmp_path / "plan.json", tmp_path / "plan.csv"
    first.write_text("old json\n", encoding="utf-8")
    second.write_text("old csv\n", encoding="utf-8")

    def fail(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(InputError, match="No space left on device"):
        _set(("--json", first, "new\n"), ("--csv", second, "new\n")).write()
    monkeypatch.undo()
    assert first.read_text(encoding="utf-8") == "old json\n"
    assert second.read_text(encoding="utf-8") == "old csv\n"
    assert sorted(os.listdir(tmp_path)) == ["plan.csv", "plan.json"]


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_an_interrupt_leaves_no_temp_file_and_no_half_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    calls = {"n": 0}
    real = getattr(os, failing)

    def interrupt_on_second(*args: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(os, failing, interrupt_on_second)
    with pytest.raises(KeyboardInterrupt):
        _set(("--json", tmp_path / "a.json", "a\n"), ("--csv", tmp_path / "b.csv", "b\n")).write()
    monkeypatch.undo()
    leftovers = sorted(os.listdir(tmp_path))
    assert not [name for name in leftovers if name.endswith(".tmp")]
    for name in leftovers:  # whatever is there is whole
        assert (tmp_path / name).read_text(encoding="utf-8") in ("a\n", "b\n")


def test_the_same_path_twice_is_bad_input(tmp_path: Path) -> None:
    target = tmp_path / "plan.out"
    with pytest.raises(InputError, match="also the target of --json"):
        _set(("--json", target, "j"), ("--csv", tmp_path / "." / "plan.out", "c")).write()
    assert not target.exists()


def test_an_input_file_is_never_an_output(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet.yaml"
    fleet.write_text("boats: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="input files"):
        _set(("--json", fleet, "{}"), inputs=(tmp_path / "campaign.yaml", fleet)).write()
    assert fleet.read_text(encoding="utf-8") == "boats: []\n"


def test_a_folder_is_not_a_target(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        _set(("--csv", tmp_path / "out", "x\n")).write()
    assert os.listdir(tmp_path) == ["out"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_written_through_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    _set(("--json", fifo, "through\n")).write()
    reader.join(5)
    assert received == [b"through\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert os.listdir(tmp_path) == ["pipe"]


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_a_character_device_is_written_through_never_replaced() -> None:
    before = os.stat("/dev/null")
    _set(("--json", "/dev/null", "gone\n")).write()
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_dash_means_standard_output(tmp_path: Path) -> None:
    import io

    stream = io.BytesIO()
    outputs = _set(("--csv", "-", "a,b\n"), ("--json", tmp_path / "p.json", "{}\n"))
    assert outputs.uses_stdout
    outputs.write(stdout=stream)
    assert stream.getvalue() == b"a,b\n"
    assert (tmp_path / "p.json").read_text(encoding="utf-8") == "{}\n"


def test_standard_output_only_once() -> None:
    with pytest.raises(InputError, match="standard output is already taken"):
        _set(("--json", "-", "{}"), ("--csv", "-", "a")).check()


def test_signals_are_held_while_the_renames_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not hasattr(files.signal, "pthread_sigmask"):
        pytest.skip("needs pthread_sigmask")
    seen: list[set[int]] = []
    real = os.replace

    def watch(*args: Any) -> None:
        seen.append(set(files.signal.pthread_sigmask(files.signal.SIG_BLOCK, [])))
        real(*args)

    monkeypatch.setattr(os, "replace", watch)
    _set(("--csv", tmp_path / "a.csv", "x")).write()
    assert seen and files.signal.SIGINT in seen[0] and files.signal.SIGTERM in seen[0]
    assert files.signal.SIGINT not in files.signal.pthread_sigmask(files.signal.SIG_BLOCK, [])
