"""Tests of ``json_text``: positions of values in JSON text, for located problems."""

from __future__ import annotations

from seribu_planner.json_text import json_path, nearest, positions

TEXT = '{\n  "boats": [\n    {"boat": "kayu-1", "trips": []},\n    {"boat": "a\\"b"}\n  ]\n}'


def test_every_value_has_its_line_and_column() -> None:
    where = positions(TEXT)
    assert where[()] == (1, 1)
    assert where[("boats",)] == (2, 12)
    assert where[("boats", 0)] == (3, 5)
    assert where[("boats", 0, "trips")] == (3, 33)
    assert where[("boats", 1, "boat")] == (4, 14)


def test_the_nearest_enclosing_value_stands_in() -> None:
    where = positions(TEXT)
    assert nearest(("boats", 0, "trips", 3, "stops"), where) == (3, 33)
    assert nearest(("nothing",), where) == (1, 1)


def test_broken_text_gives_what_was_found() -> None:
    assert positions('{"a": [1, 2') == {
        (): (1, 1),
        ("a",): (1, 7),
        ("a", 0): (1, 8),
        ("a", 1): (1, 11),
    }


def test_paths_read_as_in_messages() -> None:
    assert json_path(("data", 2, "wave_desc")) == "data[2].wave_desc"
    assert json_path(()) == ""
