"""Where each value stands in a JSON text, to locate problems as file:line:column + path.

``json.loads`` keeps no positions; this walker finds the line and column of every value of a
text that ``json.loads`` has already accepted. Both JSON readers use it: the plan file
(``outputs.plan_file``) and the forecast importers (``forecast``).
"""

from __future__ import annotations

import contextlib
import json
import re

#: Where a value stands in a JSON document: keys and list indices from the top.
JsonPath = tuple[str | int, ...]

_SPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"[^,\]}\s]+")


def json_path(path: JsonPath) -> str:
    """``("boats", 0, "trips")`` -> ``boats[0].trips``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".")


def positions(text: str) -> dict[JsonPath, tuple[int, int]]:
    """Line and column (1-based) of every value in JSON text that ``json.loads`` accepted.

    Only used to locate problems, so it gives up (returns what it found) on anything
    unexpected rather than raise.
    """
    offsets: dict[JsonPath, int] = {}
    with contextlib.suppress(IndexError, ValueError, RecursionError):
        _walk(text, 0, (), offsets)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    result: dict[JsonPath, tuple[int, int]] = {}
    line = 0
    for path, offset in sorted(offsets.items(), key=lambda item: item[1]):
        while line + 1 < len(starts) and starts[line + 1] <= offset:
            line += 1
        result[path] = (line + 1, offset - starts[line] + 1)
    return result


def nearest(path: JsonPath, where: dict[JsonPath, tuple[int, int]]) -> tuple[int, int] | None:
    """The position of the value at ``path``, else of its nearest enclosing value."""
    for end in range(len(path), -1, -1):
        if path[:end] in where:
            return where[path[:end]]
    return None


def _walk(text: str, index: int, path: JsonPath, offsets: dict[JsonPath, int]) -> int:
    """Record where the value at ``index`` starts (and those inside it); return its end."""
    index = _skip(text, index)
    offsets[path] = index
    char = text[index]
    if char not in "{[":
        match = (_STRING if char == '"' else _SCALAR).match(text, index)
        if match is None:
            raise ValueError("not a JSON value")
        return match.end()
    close = "}" if char == "{" else "]"
    index = _skip(text, index + 1)
    if text[index] == close:
        return index + 1
    position = 0
    while True:
        if char == "{":
            match = _STRING.match(text, _skip(text, index))
            if match is None:
                raise ValueError("not a JSON key")
            key = json.loads(match.group())
            index = _skip(text, match.end()) + 1  # past the colon
            index = _walk(text, index, (*path, key), offsets)
        else:
            index = _walk(text, index, (*path, position), offsets)
            position += 1
        index = _skip(text, index)
        if text[index] == close:
            return index + 1
        index += 1  # past the comma


def _skip(text: str, index: int) -> int:
    match = _SPACE.match(text, index)
    assert match is not None  # the pattern matches the empty string
    return match.end()
