"""Tests of ``yamlfile``: values as safe_load builds them, positions, refused YAML features."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from seribu_planner.errors import Problem
from seribu_planner.yamlfile import YamlDoc, read_yaml


def read(tmp_path: Path, text: str) -> tuple[YamlDoc | None, list[str]]:
    """The document read from ``text`` and its problems as ``line:column field: message``."""
    path = tmp_path / "x.yaml"
    path.write_bytes(text.encode("utf-8"))
    problems: list[Problem] = []
    doc = read_yaml(path, problems)
    return doc, [str(p).removeprefix(str(path) + ":") for p in problems]


SCALARS = [
    "near-001",
    "280",
    "0",
    "012",
    "0x1F",
    "1_000",
    "1:30",
    "-1",
    "+5",
    "1.25",
    ".5",
    "1e14",
    "1.0e+14",
    ".inf",
    "-.inf",
    "yes",
    "No",
    "on",
    "true",
    "null",
    "~",
    "",
    "2024-02-09",
    "2024-02-09T06:00",
    "2024-02-09T06:00:00",
    "2024-02-09 06:00:00 +7",
    "'280'",
    '"yes"',
    "Pulau Pramuka",
    "é",
    "06:00",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(SCALARS), min_size=1, max_size=8))
def test_values_are_what_safe_load_builds(
    tmp_path_factory: pytest.TempPathFactory, values: list[str]
) -> None:
    # The reader skips the resolver for plain text, reads plain digits itself and caches
    # resolved tags: none of that may change a value.
    text = "".join(f"k{i}: {v}\n" for i, v in enumerate(values))
    text += "list:\n" + "".join(f"  - {v}\n" for v in values)
    doc, found = read(tmp_path_factory.mktemp("yaml"), text)
    expected = yaml.safe_load(text)
    assert found == []
    assert doc is not None
    assert doc.data == expected
    assert [type(v) for v in doc.data.values()] == [type(v) for v in expected.values()]


def test_positions_of_keys_values_and_missing_paths(tmp_path: Path) -> None:
    text = "boats:\n  - id: a\n    speed_knots: 10\n  - {id: b, speed_knots: 12}\n"
    doc, found = read(tmp_path, text)
    assert found == [] and doc is not None
    assert doc.position(("boats", 1, "speed_knots")) == (4, 26)
    assert doc.position(("boats", 0, "speed_knots"), key=True) == (3, 5)
    assert doc.position(("boats", 0)) == (2, 5)
    # a path that does not exist: its nearest parent
    assert doc.position(("boats", 1, "home")) == (4, 5)
    assert doc.position(("boats", 7)) == (2, 3)
    assert doc.position(()) == (1, 1)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: 1\na: 2\n", "2:1 a: duplicate key 'a' (first at line 1); remove one"),
        ("<<: {x: 1}\n", "1:1 merge keys (<<) and keys that are lists or mappings are not allowed"),
        ("? [a]\n: b\n", "1:3 merge keys (<<) and keys that are lists or mappings are not allowed"),
        (
            "a: &x 1\nb: *x\n",
            "1:4 anchors and aliases (&name, *name) are not allowed (found &x); write each value"
            " out in full",
        ),
        (
            "a: 1\n---\nb: 2\n",
            "2:1 a second YAML document starts here (after ---); a data file holds one document",
        ),
        (
            "a: " + "[" * 80 + "]" * 80 + "\n",
            "1:67 values are nested too deeply (more than 64 levels)",
        ),
        ("a: !!set {x, y}\n", "1:4 a: cannot be read: the tag !!set is not allowed here"),
        (
            "a: !!timestamp 00\n",
            "1:4 a: cannot be read: !!timestamp '00' is not a valid value of that type",
        ),
        (
            "a: !metres 3\n",
            "1:4 a: cannot be read: could not determine a constructor for the tag '!metres'",
        ),
        # libyaml counts bytes: the position is still in characters
        ("é: ü\x07\n", "1:5 contains the character #x0007, which YAML does not allow"),
        # no final line break: libyaml marks the line after the last
        (
            "a: 1\nb",
            "2:2 YAML syntax error: could not find expected ':' (while scanning a simple key"
            " started at line 2)",
        ),
    ],
)
def test_refused_yaml(tmp_path: Path, text: str, problem: str) -> None:
    doc, found = read(tmp_path, text)
    assert doc is None
    assert found == [problem]


def test_an_empty_file_has_no_value(tmp_path: Path) -> None:
    doc, found = read(tmp_path, "# only a comment\n")
    assert found == [] and doc is not None and doc.data is None
