"""Reading one saved forecast file: bytes, JSON, digest, and problems located in it.

Every reader of ``forecast`` gets a ``JsonSource``: the document as ``json.loads`` made it,
the ``sha256:<hex>`` of the file's bytes, and ``problem(path, message)``, which locates a
problem as ``file:line:column`` with the JSON path (``data[2].wave_desc``). Also here: the
small text and time rules both providers share (HTML left in text fields, the 12-hour grid).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from seribu_planner.errors import InputError, Problem
from seribu_planner.json_text import JsonPath, json_path, nearest, positions
from seribu_planner.outputs.i18n import _

#: Saved forecast files larger than this are refused before parsing (a BMKG area file is
#: about 3 KB, an Open-Meteo marine response for 16 days under 20 KB).
MAX_FORECAST_BYTES = 5 * 1024 * 1024

#: Slots are cut where they cross 00:00 or 12:00 UTC: BMKG's own 12-hour grid.
GRID = timedelta(hours=12)


@dataclass
class JsonSource:
    """One forecast file read and parsed, with what is needed to locate a problem in it."""

    file: str
    text: str
    document: Any
    digest: str
    _where: dict[JsonPath, tuple[int, int]] | None = field(default=None, repr=False)

    def problem(self, path: JsonPath, message: str, *, missing: bool = False) -> Problem:
        """A problem at the value at ``path`` (a missing key: at the object that lacks it)."""
        if self._where is None:
            self._where = positions(self.text)
        at = self._where.get(path[:-1]) if missing else nearest(path, self._where)
        line, column = at if at is not None else (None, None)
        return Problem(self.file, line, column, json_path(path), message)


def read_source(path: Path) -> JsonSource:
    """Read a saved forecast file as JSON; InputError when it cannot be read or parsed."""
    file = str(path)
    try:
        if not path.is_file():
            reason = _("is a folder, not a file") if path.is_dir() else _("not found")
            raise _whole(file, reason)
        with path.open("rb") as handle:
            raw = handle.read(MAX_FORECAST_BYTES + 1)
    except OSError as exc:
        message = _("cannot be read: {error}").format(error=exc.strerror or exc)
        raise _whole(file, message) from None
    if len(raw) > MAX_FORECAST_BYTES:
        message = _("forecast files over {size} MB are refused")
        raise _whole(file, message.format(size=MAX_FORECAST_BYTES // 2**20))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = _("is not UTF-8 text (byte {byte})").format(byte=f"0x{raw[exc.start]:02x}")
        raise _whole(file, message) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        message = _("not valid JSON: {error}").format(error=exc.msg)
        problem = Problem(file, exc.lineno, exc.colno, "", message)
        raise InputError([problem], tip=_tip()) from None
    except (ValueError, RecursionError) as exc:
        raise _whole(file, _("not valid JSON: {error}").format(error=exc)) from None
    return JsonSource(file, text, document, "sha256:" + hashlib.sha256(raw).hexdigest())


def _tip() -> str:
    return _("save the forecast exactly as the provider sent it (BMKG or Open-Meteo marine JSON)")


def _whole(file: str, message: str) -> InputError:
    return InputError([Problem(file, None, None, "", message)])


# --------------------------------------------------------------------------- text

_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


def clean_text(value: str) -> str:
    """Text as a person would read it: HTML entities decoded, tags (``<br />``) as spaces."""
    return _SPACES.sub(" ", _TAG.sub(" ", html.unescape(value))).strip()


def show(value: Any) -> str:
    """A JSON value as written, shortened for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- time


def on_grid(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """``[start, end)`` cut at every 00:00 and 12:00 UTC it crosses."""
    pieces: list[tuple[datetime, datetime]] = []
    cursor = start.astimezone(UTC)
    end = end.astimezone(UTC)
    while cursor < end:
        day = cursor.replace(hour=0, minute=0, second=0, microsecond=0)
        boundary = day + GRID * (1 + (cursor - day) // GRID)
        pieces.append((cursor, min(boundary, end)))
        cursor = min(boundary, end)
    return pieces
