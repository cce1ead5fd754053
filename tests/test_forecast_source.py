"""Tests of ``forecast.source``: reading a saved file, locating problems, the 12-hour grid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from seribu_planner.errors import InputError
from seribu_planner.forecast import source
from seribu_planner.forecast.source import clean_text, on_grid, read_source


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 2, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "pieces"),
    [
        (utc(12, 0), utc(12, 12), [(utc(12, 0), utc(12, 12))]),
        (utc(13, 0), utc(14, 0), [(utc(13, 0), utc(13, 12)), (utc(13, 12), utc(14, 0))]),
        (utc(12, 6), utc(12, 18), [(utc(12, 6), utc(12, 12)), (utc(12, 12), utc(12, 18))]),
        (utc(12, 1, 30), utc(12, 2), [(utc(12, 1, 30), utc(12, 2))]),
        (utc(12, 0), utc(12, 0), []),
    ],
)
def test_slots_are_cut_at_00_and_12_utc(
    start: datetime, end: datetime, pieces: list[tuple[datetime, datetime]]
) -> None:
    assert on_grid(start, end) == pieces


def test_the_grid_is_utc_whatever_the_zone_given() -> None:
    wib = timezone(timedelta(hours=7))
    start = datetime(2024, 2, 12, 0, 0, tzinfo=wib)  # 11 Feb 17:00 UTC
    assert on_grid(start, start + timedelta(hours=12)) == [
        (utc(11, 17), utc(12, 0)),
        (utc(12, 0), utc(12, 5)),
    ]


def test_html_is_read_as_text() -> None:
    assert clean_text("Hujan&nbsp;ringan<br />&amp; berawan\n") == "Hujan ringan & berawan"


def test_the_digest_is_of_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b'{"code": "F.08"}')
    read = read_source(path)
    assert read.digest == (
        "sha256:" + __import__("hashlib").sha256(b'{"code": "F.08"}').hexdigest()
    )
    assert read.document == {"code": "F.08"}


def test_problems_are_located_by_line_and_path(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text('{\n  "data": [\n    {"wave_desc": "x"}\n  ]\n}\n', encoding="utf-8")
    read = read_source(path)
    problem = read.problem(("data", 0, "wave_desc"), "garbled")
    assert (problem.line, problem.column, problem.field) == (3, 19, "data[0].wave_desc")
    missing = read.problem(("data", 0, "valid_from"), "missing", missing=True)
    assert (missing.line, missing.column) == (3, 5)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe{}", "is not UTF-8 text (byte 0xff)"),
        (b'{"a": }', "not valid JSON: Expecting value"),
    ],
)
def test_unreadable_files_are_bad_input(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert expected in caught.value.problems[0].message


def test_a_folder_and_an_oversized_file_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_source(tmp_path)
    big = tmp_path / "big.json"
    big.write_text("[" + "0," * 100 + "0]", encoding="utf-8")
    monkeypatch.setattr(source, "MAX_FORECAST_BYTES", 100)
    with pytest.raises(InputError, match="over 0 MB are refused"):
        read_source(big)
