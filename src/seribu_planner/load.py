"""YAML files -> DataSet, with every problem located as file:line:column and field path.

Only this module knows the file format. It reads each file with PyYAML's SafeLoader (no
anchors or aliases, no duplicate keys), keeps the line and column of every value, validates
each file with the pydantic models of ``model``, cross-checks the files against each other
and raises one ``InputError`` that lists every problem found.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any, Union, get_args, get_origin
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from seribu_planner.crosscheck import Key, YamlPath, cross_check, data_warnings, field_path
from seribu_planner.errors import InputError, Problem
from seribu_planner.model import (
    DEFAULT_TIMEZONE,
    Campaign,
    DataSet,
    FleetFile,
    IslandsFile,
    TpsFile,
    WeatherFile,
    zone_info,
)

__all__ = [
    "FILES",
    "MAX_FILE_BYTES",
    "bundled_data_dir",
    "data_warnings",
    "default_data_dir",
    "input_paths",
    "is_bundled",
    "load_dataset",
]

FILES = ("campaign.yaml", "islands.yaml", "tps.yaml", "fleet.yaml", "weather.yaml")
MAX_FILE_BYTES = 5 * 1024 * 1024

_ROOTS: dict[str, type[BaseModel]] = {
    "campaign.yaml": Campaign,
    "islands.yaml": IslandsFile,
    "tps.yaml": TpsFile,
    "fleet.yaml": FleetFile,
    "weather.yaml": WeatherFile,
}
_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_MERGE_TAG = "tag:yaml.org,2002:merge"

Position = tuple[int, int]  # 1-based line and column


def bundled_data_dir() -> Path:
    """The data set shipped inside the package."""
    return Path(str(files("seribu_planner") / "bundled_data"))


def default_data_dir(cwd: Path | None = None) -> Path:
    """``./data`` when it holds a data set (a campaign.yaml), else the bundled data set."""
    local = (Path.cwd() if cwd is None else cwd) / "data"
    if (local / "campaign.yaml").is_file():
        return local
    return bundled_data_dir()


def input_paths(
    data_dir: Path, *, weather: Path | None = None, fleet: Path | None = None
) -> dict[str, Path]:
    """The file read for each role of a data set: the folder's files, or the what-if swaps."""
    paths = {name: Path(data_dir) / name for name in FILES}
    if weather is not None:
        paths["weather.yaml"] = Path(weather)
    if fleet is not None:
        paths["fleet.yaml"] = Path(fleet)
    return paths


def is_bundled(data_dir: Path) -> bool:
    """Whether ``data_dir`` is the data set shipped inside the package."""
    try:
        return Path(data_dir).resolve() == bundled_data_dir().resolve()
    except OSError:
        return False


def load_dataset(
    data_dir: Path, *, weather: Path | None = None, fleet: Path | None = None
) -> DataSet:
    """Read, validate and cross-check a data set; InputError lists every problem found."""
    data_dir = Path(data_dir)
    paths = input_paths(data_dir, weather=weather, fleet=fleet)
    order = {str(path): i for i, path in enumerate(paths.values())}

    problems: list[Problem] = []
    if not data_dir.is_dir() and weather is None and fleet is None:
        message = f"data directory not found (it should hold {', '.join(FILES)})"
        raise InputError([Problem(str(data_dir), None, None, "", message)], tip=_TIP_DIR)
    docs = {name: _read(path, problems) for name, path in paths.items()}

    tz = _campaign_zone(docs["campaign.yaml"])
    parsed: dict[str, BaseModel] = {}
    for name, doc in docs.items():
        if doc is not None:
            model = doc.validate(_ROOTS[name], tz, problems)
            if model is not None:
                parsed[name] = model
    if problems:
        raise _input_error(problems, order)

    raw = {name: doc.raw for name, doc in docs.items() if doc is not None}
    origin = "bundled" if is_bundled(data_dir) else str(data_dir)
    swapped = [
        f"--{name.removesuffix('.yaml')} {paths[name]}"
        for name in ("weather.yaml", "fleet.yaml")
        if paths[name] != data_dir / name
    ]
    if swapped:
        origin += " with " + ", ".join(swapped)
    data = _assemble(parsed, _digest(raw)).model_copy(
        update={"file_digests": _file_digests(raw), "origin": origin}
    )
    problems = cross_check(data, {name: doc for name, doc in docs.items() if doc is not None})
    if problems:
        raise _input_error(problems, order)
    return data


# --------------------------------------------------------------------------- reading

_TIP_DIR = "a data set is a directory holding " + ", ".join(FILES) + "; --data DIR chooses it"


class _Refused(yaml.MarkedYAMLError):
    """A YAML feature this loader does not accept."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases before anything could be expanded."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            problem = (
                f"anchors and aliases (&name, *name) are not allowed (found {sign}{anchor});"
                " write each value out in full"
            )
            raise _Refused(problem=problem, problem_mark=event.start_mark)
        return super().compose_node(parent, index)


@dataclass
class _Doc:
    """One YAML file read: its bytes, its Python value and where each value stands."""

    file: str
    raw: bytes
    data: Any = None
    positions: dict[YamlPath, Position] = field(default_factory=dict)
    key_positions: dict[YamlPath, Position] = field(default_factory=dict)

    def at(self, path: YamlPath, message: str, *, key: bool = False) -> Problem:
        """A problem located at the value (or, with ``key``, the key) at this path."""
        line, column = self._position(path, key=key)
        return Problem(self.file, line, column, field_path(path), message)

    def line(self, path: YamlPath) -> int | None:
        """The line of the value at this path."""
        return self._position(path)[0]

    def _position(self, path: YamlPath, *, key: bool = False) -> tuple[int | None, int | None]:
        if key and path in self.key_positions:
            return self.key_positions[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return None, None

    def validate(
        self, model: type[BaseModel], tz: ZoneInfo, problems: list[Problem]
    ) -> BaseModel | None:
        """The file's model, or None after adding its problems to ``problems``."""
        if not isinstance(self.data, dict):
            keys = ", ".join(_allowed_keys(model))
            got = "an empty file" if self.data is None else _show(self.data)
            message = f"the top level must be a mapping with keys such as {keys} (got {got})"
            problems.append(self.at((), message))
            return None
        try:
            return model.model_validate(self.data, context={"timezone": tz})
        except ValidationError as exc:
            problems.extend(self._problem(model, error) for error in exc.errors(include_url=False))
            return None

    def _problem(self, model: type[BaseModel], error: ErrorDetails) -> Problem:
        missing = error["type"] == "missing"
        path = _data_path(self.data, error["loc"], missing=missing)
        message = _message(error, model, path)
        if missing:
            # A missing key has no node of its own: point at the mapping that lacks it.
            line, column = self._position(path[:-1])
            return Problem(self.file, line, column, field_path(path), message)
        return self.at(path, message, key=error["type"] == "extra_forbidden")


def _read(path: Path, problems: list[Problem]) -> _Doc | None:
    """Read and compose one file; None after adding its problems to ``problems``."""
    file = str(path)
    try:
        if not path.is_file():
            problems.append(Problem(file, None, None, "", "not found"))
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"is {size / 2**20:.1f} MB; files over 5 MB are refused"
            problems.append(Problem(file, None, None, "", message))
            return None
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problems.append(Problem(file, None, None, "", f"cannot be read: {exc.strerror or exc}"))
        return None
    if len(raw) > MAX_FILE_BYTES:  # grew after the size check
        problems.append(Problem(file, None, None, "", "files over 5 MB are refused"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _text_position(raw[: exc.start].decode("utf-8", "replace"))
        message = f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        problems.append(Problem(file, line, column, "", message))
        return None
    doc = _Doc(file, raw)
    before = len(problems)
    problems.extend(_compose(doc, text))
    return doc if len(problems) == before else None


def _compose(doc: _Doc, text: str) -> list[Problem]:
    """Fill ``doc.data`` and its positions from the YAML text; the problems found."""
    problems: list[Problem] = []
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        line, column = _text_position(text[: exc.position])
        message = f"contains the character #x{exc.character:04x}, which YAML does not allow"
        return [Problem(doc.file, line, column, "", message)]
    try:
        node = loader.get_single_node()
        if node is not None:
            doc.data = _build(loader, node, (), doc, problems)
    except yaml.MarkedYAMLError as exc:
        problems.append(_yaml_problem(doc.file, exc))
    except yaml.YAMLError as exc:
        problems.append(Problem(doc.file, None, None, "", f"YAML error: {exc}"))
    except RecursionError:
        problems.append(Problem(doc.file, None, None, "", "values are nested too deeply"))
    finally:
        loader.dispose()
    return problems


def _build(
    loader: _Loader, node: yaml.Node, path: YamlPath, doc: _Doc, problems: list[Problem]
) -> Any:
    """Construct the value of ``node`` as safe_load would, noting where each value stands."""
    doc.positions[path] = _mark(node)
    if isinstance(node, yaml.MappingNode) and node.tag == "tag:yaml.org,2002:map":
        mapping: dict[Any, Any] = {}
        first: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                message = "merge keys (<<) and keys that are lists or mappings are not allowed"
                problems.append(Problem(doc.file, *_mark(key_node), field_path(path), message))
                continue
            key = _scalar(loader, key_node, doc, problems, path)
            if key in first:
                # PyYAML would silently keep the last value.
                message = f"duplicate key {_show(key)} (first at line {first[key]}); remove one"
                problems.append(
                    Problem(doc.file, *_mark(key_node), field_path((*path, key)), message)
                )
                continue
            first[key] = _mark(key_node)[0]
            doc.key_positions[(*path, key)] = _mark(key_node)
            mapping[key] = _build(loader, value_node, (*path, key), doc, problems)
        return mapping
    if isinstance(node, yaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
        return [
            _build(loader, item, (*path, i), doc, problems) for i, item in enumerate(node.value)
        ]
    return _scalar(loader, node, doc, problems, path)


def _scalar(
    loader: _Loader, node: yaml.Node, doc: _Doc, problems: list[Problem], path: YamlPath
) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:  # e.g. an unknown tag !foo
        message = f"cannot be read: {exc.problem}"
        problems.append(Problem(doc.file, *_mark(node), field_path(path), message))
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a timestamp 2024-02-30
        problems.append(Problem(doc.file, *_mark(node), field_path(path), f"cannot be read: {exc}"))
    return None


def _yaml_problem(file: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or "cannot be read"
    if isinstance(exc, _Refused):
        return Problem(file, *_position(mark), "", message)
    if exc.context and exc.problem:
        message = f"{message} ({exc.context}"
        if exc.context_mark is not None and exc.context_mark is not mark:
            message += f" started at line {exc.context_mark.line + 1}"
        message += ")"
    return Problem(file, *_position(mark), "", f"YAML syntax error: {message}")


def _position(mark: yaml.Mark | None) -> tuple[int | None, int | None]:
    return (None, None) if mark is None else (mark.line + 1, mark.column + 1)


def _mark(node: yaml.Node) -> Position:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _text_position(before: str) -> Position:
    """1-based line and column just after the text ``before``."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _campaign_zone(doc: _Doc | None) -> ZoneInfo:
    """The campaign's time zone for reading naive times; the default when it is bad.

    A bad zone name is reported by the Campaign model itself, located at its key.
    """
    name = doc.data.get("timezone") if doc is not None and isinstance(doc.data, dict) else None
    try:
        return zone_info(name if isinstance(name, str) else DEFAULT_TIMEZONE)
    except ValueError:
        return zone_info(DEFAULT_TIMEZONE)


# --------------------------------------------------------------------------- pydantic errors


def _data_path(data: Any, loc: tuple[int | str, ...], *, missing: bool) -> YamlPath:
    """The path in the YAML value that a pydantic ``loc`` points at.

    Parts that are not in the data (union member tags, validator names) are skipped; the last
    part of a missing key is kept.
    """
    path: list[Key] = []
    node = data
    for i, part in enumerate(loc):
        if _contains(node, part):
            path.append(part)
            node = node[part]
        elif missing and i == len(loc) - 1:
            path.append(part)
    return tuple(path)


def _contains(node: Any, part: int | str) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _message(error: ErrorDetails, root: type[BaseModel], path: YamlPath) -> str:
    """A plain sentence for one pydantic error."""
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    value = error["input"]
    got = f" (got {_show(value)})"
    if kind == "missing":
        if isinstance(path[-1], int):
            return f"needs more items: item {path[-1] + 1} is missing"
        return f"missing required key '{path[-1]}'"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(_model_at(root, path[:-1]))
        close = difflib.get_close_matches(str(path[-1]), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(allowed)
        return f"unknown key {_show(path[-1])} ({hint})"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == _ID_PATTERN:
            return (
                "must be an id of letters, digits, '.', '_' or '-', starting with a letter or digit"
                + got
            )
        return f"must match the pattern {ctx.get('pattern')}{got}"
    if kind in _SIMPLE:
        return _SIMPLE[kind].format(**{k: _number(v) for k, v in ctx.items()}) + got
    if kind in ("too_short", "too_long"):
        n, bound = ctx.get("actual_length"), ctx.get("min_length", ctx.get("max_length"))
        word = "least" if kind == "too_short" else "most"
        return f"must have at {word} {bound} item{'s' * (bound != 1)} (got {n})"
    if kind in ("literal_error", "enum"):
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"must be one of {', '.join(repr(o) for o in options)}{got}{hint}"
    if kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", error["msg"]))
        if "clock time" in message and isinstance(value, int) and not isinstance(value, bool):
            hours, minutes = divmod(value, 60)
            return (
                f"{message} (got {value}: YAML reads an unquoted {hours}:{minutes:02d} as a number)"
            )
        if value is None or isinstance(value, dict | list) or _show(value) in message:
            return message
        return message + got
    if kind.startswith("datetime") or kind.startswith("timezone"):
        return "must be a date and time, e.g. 2024-02-09T06:00" + got
    if kind == "invalid_key":
        return f"keys must be text (got {_show(value)}); quote the key"
    message = error["msg"].removeprefix("Input should be ").removeprefix("Value error, ")
    return f"must be {message}{got}" if error["msg"].startswith("Input should") else message


_SIMPLE = {
    "greater_than": "must be greater than {gt}",
    "greater_than_equal": "must be at least {ge}",
    "less_than": "must be less than {lt}",
    "less_than_equal": "must be at most {le}",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be text, e.g. in quotes",
    "string_too_short": "must have at least {min_length} character(s)",
    "string_too_long": "must have at most {max_length} characters",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "dict_type": "must be a mapping of keys to values",
    "model_type": "must be a mapping of keys to values",
    "model_attributes_type": "must be a mapping of keys to values",
    "time_type": 'must be a quoted clock time "HH:MM"',
    "time_parsing": 'must be a quoted clock time "HH:MM"',
}


def _model_at(root: type[BaseModel], path: YamlPath) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path`` under ``root``."""
    candidates: list[Any] = [root]
    for part in path:
        candidates = [t for c in candidates for t in _step(c, part)]
    return next((c for c in candidates if _is_model(c)), None)


def _step(annotation: Any, part: Key) -> Iterator[Any]:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            yield from _step(arg, part)
    elif isinstance(part, int) and origin in (list, tuple):
        args = [a for a in get_args(annotation) if a is not Ellipsis]
        if args:
            yield args[part] if origin is tuple and len(args) > part else args[0]
    elif isinstance(part, str) and _is_model(annotation):
        for name, info in annotation.model_fields.items():
            if part in (name, info.alias):
                yield info.annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _allowed_keys(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _show(value: Any) -> str:
    """A value as the user wrote it, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, str):
        return f"'{value[:60]}...'" if len(value) > 60 else f"'{value}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _input_error(problems: list[Problem], order: dict[str, int]) -> InputError:
    unique = list(dict.fromkeys(problems))
    unique.sort(key=lambda p: (order.get(p.file, -1), p.line or 0, p.column or 0))
    missing = any(p.message == "not found" for p in unique)
    return InputError(unique, tip=_TIP_DIR if missing else None)


# --------------------------------------------------------------------------- the data set


def _assemble(parsed: dict[str, BaseModel], digest: str) -> DataSet:
    campaign, islands, tps, fleet, weather = (parsed[name] for name in FILES)
    assert isinstance(campaign, Campaign) and isinstance(islands, IslandsFile)
    assert isinstance(tps, TpsFile) and isinstance(fleet, FleetFile)
    assert isinstance(weather, WeatherFile)
    return DataSet(
        campaign=campaign,
        ports=tuple(islands.ports),
        islands=tuple(islands.islands),
        distances=tuple(islands.distances),
        tps=tuple(tps.tps),
        boats=tuple(fleet.boats),
        zones=tuple(weather.zones),
        forecast=tuple(weather.forecast),
        digest=digest,
    )


def _file_digests(raw: dict[str, bytes]) -> tuple[tuple[str, str], ...]:
    """``sha256:<hex>`` of each file's bytes, in FILES order."""
    return tuple((name, "sha256:" + hashlib.sha256(raw[name]).hexdigest()) for name in FILES)


def _digest(raw: dict[str, bytes]) -> str:
    """sha256 over each file's name, length and bytes, in FILES order."""
    sha = hashlib.sha256()
    for name in FILES:
        content = raw[name]
        sha.update(f"{name}\0{len(content)}\0".encode())
        sha.update(content)
    return "sha256:" + sha.hexdigest()
