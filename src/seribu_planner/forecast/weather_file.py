"""Writing a merged forecast back into a weather.yaml text, keeping what a person wrote.

Everything outside the ``forecast:`` list is kept byte for byte: the header comment, the
zones block, any key after the list. Inside it, a slot that comes through the merge
unchanged keeps its own text (its trailing comment and the comment lines above it); the
comment lines above the first slot of a zone stay at the head of that zone. Every other
slot is written in the style of the bundled file, one flow mapping per line, its times in
the campaign's time zone with their offset.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

import yaml

from seribu_planner.forecast.merge import Merge, MergedSlot
from seribu_planner.model import ForecastSlot, WeatherFile

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9._-]*$")
#: libyaml's loader when PyYAML has it (ten times faster); its marks are the same.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class _Item:
    """Where one slot of the existing list stands: its lines and the comments above it."""

    zone: str
    lines: list[str]
    above: list[str]


def rewrite_weather(text: str, merge: Merge, tz: tzinfo) -> str:
    """``text`` (a weather.yaml) with its forecast list replaced by the merged slots."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    root = yaml.compose(text, Loader=_LOADER)
    assert isinstance(root, yaml.MappingNode), "the loader has checked the file"
    key, value = next((k, v) for k, v in root.value if k.value == "forecast")
    if root.flow_style or key.start_mark.column != 0:
        return _fresh(text, merge, tz, newline)
    first = key.start_mark.line
    block = (
        isinstance(value, yaml.SequenceNode)
        and not value.flow_style
        and bool(value.value)
        and value.value[0].start_mark.line > first
        and bool(merge.slots)
    )
    if not block:
        last = _end_line(value)
        items = "".join(f"  - {slot_line(m.slot, tz)}{newline}" for m in merge.slots)
        listed = f"forecast:{newline}{items}" if merge.slots else f"forecast: []{newline}"
        return "".join(lines[:first]) + listed + "".join(lines[last + 1 :])
    nodes = value.value
    dash = lines[nodes[0].start_mark.line]
    indent = dash[: len(dash) - len(dash.lstrip())]
    items_found: list[_Item] = []
    previous = first
    for node in nodes:
        start, end = node.start_mark.line, _end_line(node)
        zone = _zone_of(node)
        items_found.append(_Item(zone, lines[start : end + 1], lines[previous + 1 : start]))
        previous = end
    body = _body(items_found, merge.slots, indent, tz, newline)
    return "".join(lines[: first + 1]) + body + "".join(lines[previous + 1 :])


def _fresh(text: str, merge: Merge, tz: tzinfo, newline: str) -> str:
    """The whole file written anew: a file whose top level is not in block style."""
    document = yaml.load(text, Loader=_LOADER)
    document.pop("forecast", None)
    head = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    items = "".join(f"  - {slot_line(m.slot, tz)}\n" for m in merge.slots)
    listed = f"forecast:\n{items}" if merge.slots else "forecast: []\n"
    return (head + listed).replace("\n", newline)


def _zone_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == "zone":
                return str(v.value)
    return ""


def check_rewrite(text: str, slots: Sequence[ForecastSlot], tz: tzinfo) -> None:
    """Read the written text back: it must hold exactly the merged slots (else a bug)."""
    document = yaml.load(text, Loader=_LOADER)
    parsed = WeatherFile.model_validate(document, context={"timezone": tz})
    if tuple(parsed.forecast) != tuple(slots):
        raise AssertionError("the written weather.yaml does not read back as the merged forecast")


def slot_line(slot: ForecastSlot, tz: tzinfo) -> str:
    """One slot as a flow mapping on one line, as in the bundled weather.yaml."""
    parts = [
        f"zone: {_scalar(slot.zone)}",
        f"from: {_time(slot.from_, tz)}",
        f"to: {_time(slot.to, tz)}",
    ]
    if slot.wave_m is not None:
        parts.append(f"wave_m: {slot.wave_m!r}")
    if slot.category is not None:
        parts.append(f"category: {_scalar(slot.category)}")
    if slot.source is not None:
        parts.append(f"source: {_scalar(slot.source)}")
    if slot.issued is not None:
        parts.append(f"issued: {_time(slot.issued, tz)}")
    if slot.digest is not None:
        parts.append(f"digest: {_scalar(slot.digest)}")
    return "{" + ", ".join(parts) + "}"


def _body(
    items: list[_Item], merged: Sequence[MergedSlot], indent: str, tz: tzinfo, newline: str
) -> str:
    heads: dict[str, list[str]] = {}
    for item in items:
        heads.setdefault(item.zone, item.above)
    out: list[str] = []
    zone = None
    for entry in merged:
        if entry.slot.zone != zone:
            zone = entry.slot.zone
            head = heads.get(zone, [])
            out.extend(head)
        if entry.original is not None and not entry.cut:
            item = items[entry.original]
            if item.above is not heads.get(item.zone):
                out.extend(item.above)
            out.extend(_terminated(item.lines, newline))
            continue
        comment = _comment(items[entry.original].lines) if entry.original is not None else ""
        out.append(f"{indent}- {slot_line(entry.slot, tz)}{comment}{newline}")
    return "".join(out)


def _terminated(lines: list[str], newline: str) -> list[str]:
    if lines and not lines[-1].endswith(("\n", "\r")):
        return [*lines[:-1], lines[-1] + newline]
    return lines


def _comment(lines: list[str]) -> str:
    """The trailing comment of a one-line slot (``    # ...``), to keep on a cut slot."""
    if len(lines) != 1:
        return ""
    line = lines[0].rstrip("\r\n")
    brace = line.rfind("}")
    hash_at = line.find("#", brace + 1) if brace >= 0 else -1
    return "    " + line[hash_at:] if hash_at >= 0 else ""


def _end_line(node: yaml.Node) -> int:
    """The last line (0-based) holding part of ``node``.

    A block mapping or list ends where the next token begins, possibly on a later line,
    so its last line is that of its last value.
    """
    block = isinstance(node, yaml.CollectionNode) and not node.flow_style
    if block and node.value:
        last = node.value[-1]
        return _end_line(last[1] if isinstance(last, tuple) else last)
    end = node.end_mark
    return end.line if end.column > 0 else end.line - 1


def _time(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return local.isoformat(timespec="seconds" if local.second or local.microsecond else "minutes")


def _scalar(text: str) -> str:
    """A string as YAML reads it back unchanged: plain when safe, else double-quoted."""
    if _PLAIN.match(text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)
