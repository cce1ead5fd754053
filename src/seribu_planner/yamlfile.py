"""One YAML data file read: its bytes, its value, and the line and column of every value.

Only this module and ``load`` know the file format. A file is read only when it is a
regular file of at most 5 MB (a folder, a FIFO or a device is named as such, and a FIFO is
never opened for a blocking read). The text is parsed into events by PyYAML's C parser
(libyaml) where it is installed, else by its pure-Python parser, and the value is built from
the events in one pass, the way ``yaml.safe_load`` would build it, except that
- anchors and aliases are refused at the first one, before anything could be expanded;
- a duplicate key is a problem (PyYAML would keep the last value silently), as are merge
  keys (``<<``) and keys that are lists or mappings;
- where each key and value stands is kept, per list and mapping in a compact array, so that
  a file at the size cap costs little more memory than its value.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from seribu_planner.crosscheck import field_path
from seribu_planner.errors import Problem
from seribu_planner.outputs.i18n import _
from seribu_planner.paths import wrong_kind

MAX_FILE_BYTES = 5 * 1024 * 1024
#: Our files nest four levels deep; anything far deeper is a mistake (or an attack).
MAX_DEPTH = 64

Key = Any  # a mapping key as YAML constructed it (text, usually) or a list index
YamlPath = tuple[Key, ...]
Position = tuple[int, int]  # 1-based line and column

_FAST = hasattr(yaml, "CSafeLoader")
_Loader: Any = yaml.CSafeLoader if _FAST else yaml.SafeLoader
_CONSTRUCTORS: dict[Any, Callable[[Any, yaml.Node], Any]] = yaml.SafeLoader.yaml_constructors
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_NO_TAG = (None, "!")
_SCALAR = yaml.ScalarEvent
_MAP_START, _MAP_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQ_START, _SEQ_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_RESOLVERS = yaml.SafeLoader.yaml_implicit_resolvers
#: First characters for which the resolver may read a plain scalar as something other than
#: text (a number, a date, true, null, ...); any other plain scalar is text. (None when a
#: resolver applies to any first character: then every plain scalar is resolved.)
_RESOLVED_FIRST = None if None in _RESOLVERS else frozenset(c for c in _RESOLVERS if c)
_RESOLVED_CACHE = 10_000


class _Refused(yaml.MarkedYAMLError):
    """A YAML feature this reader does not accept."""


class Positions:
    """Where each key and value of one document stands.

    Kept per container: ``_marks[id(c)]`` holds, for a mapping, the packed positions of its
    keys and values in insertion order (key 0, value 0, key 1, ...), for a list those of its
    items. A position is packed as ``line << 32 | column`` (1-based). Ids are stable because the
    document's value keeps every container alive for as long as this object is used.
    """

    def __init__(self) -> None:
        self.root: Position | None = None
        self._marks: dict[int, array[int]] = {}

    def keep(self, container: dict[Any, Any] | list[Any], marks: array[int]) -> None:
        """Record the positions of a container's keys and values (or items)."""
        self._marks[id(container)] = marks

    def find(self, data: Any, path: YamlPath, *, key: bool = False) -> Position | None:
        """The position of the value at ``path`` (with ``key``, of its key), or of the
        nearest enclosing value that exists."""
        found = self.root
        node = data
        for n, part in enumerate(path):
            marks = self._marks.get(id(node))
            if marks is None:
                break
            if isinstance(node, dict) and part in node:
                index = list(node).index(part)
                is_last = n == len(path) - 1
                found = _unpack(marks[2 * index if key and is_last else 2 * index + 1])
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                found = _unpack(marks[part])
            else:
                break
            node = node[part]
        return found


def _unpack(packed: int) -> Position:
    return packed >> 32, packed & 0xFFFFFFFF


@dataclass
class YamlDoc:
    """One YAML file read: its bytes, its Python value and where each value stands."""

    file: str
    raw: bytes
    data: Any = None
    positions: Positions = field(default_factory=Positions)

    def position(self, path: YamlPath, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of the value (or key) at this path, or of its nearest parent."""
        found = self.positions.find(self.data, path, key=key)
        return (None, None) if found is None else found

    def at(self, path: YamlPath, message: str, *, key: bool = False) -> Problem:
        """A problem located at the value (or, with ``key``, the key) at this path."""
        line, column = self.position(path, key=key)
        return Problem(self.file, line, column, field_path(path), message)

    def line(self, path: YamlPath) -> int | None:
        """The line of the value at this path."""
        return self.position(path)[0]


# --------------------------------------------------------------------------- reading


def read_yaml(path: Path, problems: list[Problem]) -> YamlDoc | None:
    """Read and parse one file; None after adding its problems to ``problems``."""
    file = str(path)
    raw = _read_bytes(path, problems)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _text_position(raw[: exc.start].decode("utf-8", "replace"))
        message = _("is not valid UTF-8 (byte {byte}); save the file as UTF-8").format(
            byte=f"0x{raw[exc.start]:02x}"
        )
        problems.append(Problem(file, line, column, "", message))
        return None
    doc = YamlDoc(file, raw)
    found = _Builder(doc, text).build()
    problems.extend(found)
    return None if found else doc


def _read_bytes(path: Path, problems: list[Problem]) -> bytes | None:
    """The bytes of a regular file of at most MAX_FILE_BYTES; None after a problem."""
    file = str(path)

    def refuse(message: str) -> None:
        problems.append(Problem(file, None, None, "", message))

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        dangling = path.is_symlink()
        refuse(
            _("is a symbolic link to a file that does not exist") if dangling else _("not found")
        )
        return None
    except OSError as exc:
        refuse(_("cannot be read: {error}").format(error=exc.strerror or exc))
        return None
    if not stat.S_ISREG(mode):
        refuse(wrong_kind(mode))  # checked before opening: a FIFO would block the read
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):  # swapped for something else since the check
                refuse(wrong_kind(info.st_mode))
                return None
            if info.st_size > MAX_FILE_BYTES:
                size = f"{info.st_size / 2**20:.1f}"
                refuse(_("is {size} MB; files over 5 MB are refused").format(size=size))
                return None
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        refuse(_("cannot be read: {error}").format(error=exc.strerror or exc))
        return None
    if len(raw) > MAX_FILE_BYTES:  # grew after the size check
        refuse(_("files over 5 MB are refused"))
        return None
    return raw


class _Builder:
    """Builds a document's value and positions from the parser's events, in one pass.

    The loops below are the hot path of reading a large file: a plain key or value takes
    a few attribute reads and no resolver call unless its first character could start
    something other than text (a number, a date, true, null...).
    """

    def __init__(self, doc: YamlDoc, text: str) -> None:
        self.doc = doc
        self.text = text
        self.problems: list[Problem] = []
        self.loader: Any = None
        self.resolved: dict[str, str] = {}  # plain scalar -> its resolved tag

    def build(self) -> list[Problem]:
        """Fill the document; the problems found."""
        file = self.doc.file
        try:
            self.loader = _Loader(self.text)
            self.loader.get_event()  # stream start
            if not self.loader.check_event(yaml.StreamEndEvent):
                self.loader.get_event()  # document start
                event = self.loader.get_event()
                _refuse_anchor(event)
                self.doc.positions.root = (event.start_mark.line + 1, event.start_mark.column + 1)
                self.doc.data = self._value(event, (), 0)
                self.loader.get_event()  # document end
                if not self.loader.check_event(yaml.StreamEndEvent):
                    second = self.loader.get_event()
                    message = _(
                        "a second YAML document starts here (after ---); a data file holds"
                        " one document"
                    )
                    raise _Refused(problem=message, problem_mark=second.start_mark)
        except yaml.reader.ReaderError as exc:
            # libyaml counts bytes of UTF-8, PyYAML characters.
            if _FAST:
                before = self.doc.raw[: exc.position].decode("utf-8", "replace")
            else:
                before = self.text[: exc.position]
            message = _("contains the character {char}, which YAML does not allow").format(
                char=f"#x{exc.character:04x}"
            )
            self.problems.append(Problem(file, *_text_position(before), "", message))
        except yaml.MarkedYAMLError as exc:
            problem = _yaml_problem(file, exc)
            if problem.line is not None and problem.line > self.text.count("\n") + 1:
                # libyaml marks the end of a file without a final line break one line
                # further on: point at the end of the last line instead.
                end = _text_position(self.text)
                problem = dataclasses.replace(problem, line=end[0], column=end[1])
            self.problems.append(problem)
        except yaml.YAMLError as exc:
            message = _("YAML error: {error}").format(error=exc)
            self.problems.append(Problem(file, None, None, "", message))
        finally:
            if self.loader is not None:
                self.loader.dispose()
        return self.problems

    def _value(self, event: Any, path: YamlPath, depth: int) -> Any:
        """The value that starts with ``event`` (its events consumed; anchors checked)."""
        kind = type(event)
        if kind is _SCALAR:
            return self._scalar(event, path)
        if depth >= MAX_DEPTH:
            message = _("values are nested too deeply (more than {levels} levels)").format(
                levels=MAX_DEPTH
            )
            raise _Refused(problem=message, problem_mark=event.start_mark)
        if event.tag not in _NO_TAG and event.tag != (_MAP if kind is _MAP_START else _SEQ):
            message = f"cannot be read: the tag {_show_tag(event.tag)} is not allowed here"
            self._problem(event, path, message)
            self._skip(event)
            return None
        if kind is _MAP_START:
            return self._mapping(path, depth)
        return self._sequence(path, depth)

    def _mapping(self, path: YamlPath, depth: int) -> dict[Any, Any]:
        get_event = self.loader.get_event
        mapping: dict[Any, Any] = {}
        marks: array[int] = array("Q")
        while True:
            key_event = get_event()
            kind = type(key_event)
            if kind is _MAP_END:
                break
            _refuse_anchor(key_event)
            if kind is not _SCALAR or (key_event.value == "<<" and key_event.implicit[0]):
                message = _("merge keys (<<) and keys that are lists or mappings are not allowed")
                self._problem(key_event, path, message)
                self._skip(key_event)
                self._skip(get_event())
                continue
            key = self._scalar(key_event, path)
            value_event = get_event()
            _refuse_anchor(value_event)
            if key in mapping:
                # PyYAML would silently keep the last value.
                first = _unpack(marks[2 * list(mapping).index(key)])[0]
                message = _("duplicate key {key} (first at line {line}); remove one").format(
                    key=show(key), line=first
                )
                self._problem(key_event, (*path, key), message)
                self._skip(value_event)
                continue
            mark = key_event.start_mark
            marks.append((mark.line + 1) << 32 | (mark.column + 1))
            mark = value_event.start_mark
            marks.append((mark.line + 1) << 32 | (mark.column + 1))
            if type(value_event) is _SCALAR:
                mapping[key] = self._scalar(value_event, (*path, key))
            else:
                mapping[key] = self._value(value_event, (*path, key), depth + 1)
        self.doc.positions.keep(mapping, marks)
        return mapping

    def _sequence(self, path: YamlPath, depth: int) -> list[Any]:
        get_event = self.loader.get_event
        items: list[Any] = []
        marks: array[int] = array("Q")
        while True:
            event = get_event()
            if type(event) is _SEQ_END:
                break
            _refuse_anchor(event)
            mark = event.start_mark
            marks.append((mark.line + 1) << 32 | (mark.column + 1))
            items.append(self._value(event, (*path, len(items)), depth + 1))
        self.doc.positions.keep(items, marks)
        return items

    def _scalar(self, event: Any, path: YamlPath) -> Any:
        """The scalar's value as safe_load constructs it; None after a problem."""
        value: str = event.value
        tag = event.tag
        if tag in _NO_TAG:
            if not event.implicit[0]:
                return value  # quoted: always text
            if value and _RESOLVED_FIRST is not None and value[0] not in _RESOLVED_FIRST:
                return value  # plain, and no implicit type starts with this character
            if value.isascii() and value.isdigit() and (value[0] != "0" or len(value) == 1):
                return int(value)  # what the resolver and constructor make of it, faster
            tag = self.resolved.get(value)
            if tag is None:
                # Keys and many values repeat (from, to, true, dates): resolve each once.
                tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
                if len(self.resolved) < _RESOLVED_CACHE:
                    self.resolved[value] = tag
        if tag == _STR:
            return value
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        construct = _CONSTRUCTORS.get(tag) or _CONSTRUCTORS[None]
        try:
            return construct(self.loader, node)
        except yaml.constructor.ConstructorError as exc:  # e.g. an unknown tag !foo
            self._problem(event, path, _("cannot be read: {error}").format(error=exc.problem))
        except Exception as exc:  # e.g. a timestamp 2024-02-30; PyYAML's own slips too
            detail = str(exc) if isinstance(exc, ValueError | OverflowError) else ""
            if not detail:  # e.g. AttributeError from PyYAML for !!timestamp 00
                detail = _("{tag} {value} is not a valid value of that type").format(
                    tag=_show_tag(tag), value=repr(event.value)
                )
            self._problem(event, path, _("cannot be read: {error}").format(error=detail))
        return None

    def _skip(self, event: Any) -> None:
        """Consume the rest of the value that starts with ``event``."""
        level = 1 if type(event) in (_MAP_START, _SEQ_START) else 0
        while level:
            event = self.loader.get_event()
            _refuse_anchor(event)
            if type(event) in (_MAP_START, _SEQ_START):
                level += 1
            elif type(event) in (_MAP_END, _SEQ_END):
                level -= 1

    def _problem(self, event: Any, path: YamlPath, message: str) -> None:
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        self.problems.append(Problem(self.doc.file, line, column, field_path(path), message))


def _refuse_anchor(event: Any) -> None:
    """Refuse anchors and aliases at the first one, before anything could be expanded."""
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
        problem = _(
            "anchors and aliases (&name, *name) are not allowed (found {found}); write each "
            "value out in full"
        ).format(found=f"{sign}{anchor}")
        raise _Refused(problem=problem, problem_mark=event.start_mark)


def _yaml_problem(file: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or _("cannot be read")
    where = (None, None) if mark is None else (mark.line + 1, mark.column + 1)
    if isinstance(exc, _Refused):
        return Problem(file, where[0], where[1], "", message)
    # PyYAML's own words (problem, context) stay as PyYAML writes them.
    if exc.context and exc.problem:
        if exc.context_mark is not None and exc.context_mark is not mark:
            message = _("{problem} ({context} started at line {line})").format(
                problem=message, context=exc.context, line=exc.context_mark.line + 1
            )
        else:
            message = f"{message} ({exc.context})"
    return Problem(
        file, where[0], where[1], "", _("YAML syntax error: {error}").format(error=message)
    )


def _text_position(before: str) -> Position:
    """1-based line and column just after the text ``before``."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _show_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag


def show(value: Any) -> str:
    """A value as the user wrote it, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return _("an empty value")
    if isinstance(value, str):
        return f"'{value[:60]}...'" if len(value) > 60 else f"'{value}'"
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list | tuple):
        return _("a list")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
