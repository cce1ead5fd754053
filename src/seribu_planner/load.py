"""YAML files -> DataSet, with every problem located as file:line:column and field path.

``yamlfile`` reads each file (a regular file of at most 5 MB; no anchors or aliases, no
duplicate keys) and keeps where each value stands; this module validates each file with the
pydantic models of ``model``, builds the ``DataSet`` (whose validator checks the records
against each other, see ``crosscheck``), and maps every pydantic error back to its file,
line and column. It raises one ``InputError`` that lists every problem found, schema and
cross-file problems together: where a file's schema fails, each of its records is validated
on its own, and the cross-file checks still run on the records that did validate, leaving
out what would only repeat a problem already reported (a reference to a record that is
itself invalid, or to a file that could not be read).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import stat
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, Union, get_args, get_origin
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from seribu_planner import crosscheck
from seribu_planner.crosscheck import consistency_errors, field_path
from seribu_planner.derive.data_warnings import data_warnings
from seribu_planner.errors import InputError, Problem
from seribu_planner.model import (
    DEFAULT_TIMEZONE,
    Boat,
    Campaign,
    DataSet,
    Distance,
    FleetFile,
    ForecastSlot,
    Island,
    IslandsFile,
    Port,
    StatusFile,
    Tps,
    TpsFile,
    Uncertainty,
    WeatherFile,
    Zone,
    zone_info,
)
from seribu_planner.outputs.i18n import _, ngettext
from seribu_planner.paths import describe_kind
from seribu_planner.plan import N_
from seribu_planner.yamlfile import (
    MAX_FILE_BYTES,
    Key,
    YamlDoc,
    YamlPath,
    read_yaml,
    show,
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

_ROOTS: dict[str, type[BaseModel]] = {
    "campaign.yaml": Campaign,
    "islands.yaml": IslandsFile,
    "tps.yaml": TpsFile,
    "fleet.yaml": FleetFile,
    "weather.yaml": WeatherFile,
}
#: The lists of records in each file, each a DataSet field of the same name.
_RECORDS: dict[str, dict[str, type[BaseModel]]] = {
    "islands.yaml": {"ports": Port, "islands": Island, "distances": Distance},
    "tps.yaml": {"tps": Tps},
    "fleet.yaml": {"boats": Boat},
    "weather.yaml": {"zones": Zone, "forecast": ForecastSlot},
}
#: The file that holds each DataSet field.
_FILE_OF = {"campaign": "campaign.yaml"} | {
    name: file for file, fields in _RECORDS.items() for name in fields
}
_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


def _tip_dir() -> str:
    return _("a data set is a directory holding {files}; --data DIR chooses it").format(
        files=", ".join(FILES)
    )


def bundled_data_dir() -> Path:
    """The data set shipped inside the package."""
    return Path(str(files("seribu_planner") / "bundled_data"))


def default_data_dir(cwd: Path | None = None) -> Path:
    """``./data`` when it holds a data set (a campaign.yaml), else the bundled data set.

    ``./data`` stays relative, so that a plan made from it names ``data``, not a path
    that only exists on one machine.
    """
    local = Path("data") if cwd is None else cwd / "data"
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
    _check_folder(data_dir, swapped=weather is not None or fleet is not None)

    problems: list[Problem] = []
    docs = {name: read_yaml(path, problems) for name, path in paths.items()}
    tz = _campaign_zone(docs["campaign.yaml"])
    campaign = _validate(docs["campaign.yaml"], Campaign, tz, problems)
    records: dict[str, _Records] = {}
    for name, fields in _RECORDS.items():
        records.update(_validate_records(docs[name], name, fields, tz, problems))

    if not problems:
        assert campaign is not None
        origin = "bundled" if is_bundled(data_dir) else str(data_dir)
        swapped = [
            f"--{name.removesuffix('.yaml')} {paths[name]}"
            for name in ("weather.yaml", "fleet.yaml")
            if paths[name] != data_dir / name
        ]
        if swapped:
            origin += " with " + ", ".join(swapped)
        try:
            return DataSet(
                campaign=campaign,
                **{name: tuple(r.items) for name, r in records.items()},
                uncertainty=_uncertainty(docs["weather.yaml"], tz),
                digest=_digest(docs),
                file_digests=_file_digests(docs),
                origin=origin,
            )
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
    else:
        issues = consistency_errors(
            campaign=campaign if isinstance(campaign, Campaign) else None,
            **{name: r.items for name, r in records.items()},
        )
        found = ValidationError.from_exception_data("DataSet", issues) if issues else None
        errors = [] if found is None else found.errors(include_url=False)
        errors = [e for e in errors if not _follows_on(e, records)]
    problems += [_dataset_problem(error, docs, records) for error in errors]
    raise _input_error(problems, order)


def load_status(path: Path, data: DataSet) -> StatusFile:
    """Read a status file (``route --against --now --status``) against a data set.

    Every problem raises one InputError, located as ``file:line:column field: message``:
    the schema, boats and TPS the data set does not have, a boat or TPS listed twice.
    """
    problems: list[Problem] = []
    doc = read_yaml(Path(path), problems)
    status = _validate(doc, StatusFile, data.campaign.tz, problems) if doc else None
    if problems or doc is None or not isinstance(status, StatusFile):
        raise _input_error(problems, {str(path): 0})
    seen: dict[tuple[str, str], int] = {}
    for key, records, known in (
        ("boats", [b.boat for b in status.boats], data.boats_by_id),
        ("tps", [t.tps for t in status.tps], data.tps_by_id),
    ):
        what = _("boat") if key == "boats" else _("TPS")
        for i, name in enumerate(records):
            field = "boat" if key == "boats" else "tps"
            if name not in known:
                message = _("unknown {what} '{id}': not in the data set")
                problems.append(doc.at((key, i, field), message.format(what=what, id=name)))
            elif (key, name) in seen:
                message = _("{what} '{id}' is listed twice (first at {first})").format(
                    what=what, id=name, first=f"{key}[{seen[(key, name)]}]"
                )
                problems.append(doc.at((key, i, field), message))
            else:
                seen[(key, name)] = i
    if problems:
        raise _input_error(problems, {str(path): 0})
    return status


def _uncertainty(doc: YamlDoc | None, tz: ZoneInfo) -> Uncertainty | None:
    """The optional ``uncertainty`` block of weather.yaml (valid: the file validated)."""
    raw = doc.data.get("uncertainty") if doc is not None and isinstance(doc.data, dict) else None
    if raw is None:
        return None
    return Uncertainty.model_validate(raw, context={"timezone": tz})


def _check_folder(data_dir: Path, *, swapped: bool) -> None:
    """Refuse a data folder that is missing (unless files are swapped in) or not a folder."""
    try:
        mode = data_dir.stat().st_mode
    except FileNotFoundError:
        if swapped:
            return  # each file of the data set is reported as not found
        message = _("data directory not found (it should hold {files})").format(
            files=", ".join(FILES)
        )
    except OSError as exc:
        message = _("cannot be read: {error}").format(error=exc.strerror or exc)
    else:
        if stat.S_ISDIR(mode):
            return
        message = _("is {kind}, not a folder (it should hold {files})").format(
            kind=describe_kind(mode), files=", ".join(FILES)
        )
    raise InputError([Problem(str(data_dir), None, None, "", message)], tip=_tip_dir())


def _campaign_zone(doc: YamlDoc | None) -> ZoneInfo:
    """The campaign's time zone for reading naive times; the default when it is bad.

    A bad zone name is reported by the Campaign model itself, located at its key.
    """
    name = doc.data.get("timezone") if doc is not None and isinstance(doc.data, dict) else None
    try:
        return zone_info(name if isinstance(name, str) else DEFAULT_TIMEZONE)
    except ValueError:
        return zone_info(DEFAULT_TIMEZONE)


# --------------------------------------------------------------------------- validation


@dataclass
class _Records:
    """The records of one DataSet field that validated, and what is known of the others."""

    items: list[Any] = field(default_factory=list)
    #: The index in the file's list of each record in ``items``.
    index: list[int] = field(default_factory=list)
    #: Ids of the records that did not validate (they are reported already).
    failed_ids: set[str] = field(default_factory=set)
    #: False when some record's id is unknown: the list could not be read, or a record
    #: that did not validate has no usable id.
    ids_known: bool = True


def _validate(
    doc: YamlDoc | None,
    model: type[BaseModel],
    tz: ZoneInfo,
    problems: list[Problem],
    broken: set[YamlPath] | None = None,
) -> Any:
    """The file's root model, or None after adding its problems to ``problems`` (and the
    path of each value in error to ``broken``)."""
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        keys = ", ".join(_allowed_keys(model))
        got = _("an empty file") if doc.data is None else show(doc.data)
        message = _("the top level must be a mapping with keys such as {keys} (got {got})")
        message = message.format(keys=keys, got=got)
        problems.append(doc.at((), message))
        return None
    try:
        return model.model_validate(doc.data, context={"timezone": tz})
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.append(_problem(doc, model, error))
            if broken is not None:
                broken.add(_data_path(doc.data, error["loc"], missing=error["type"] == "missing"))
        return None


def _validate_records(
    doc: YamlDoc | None,
    name: str,
    fields: dict[str, type[BaseModel]],
    tz: ZoneInfo,
    problems: list[Problem],
) -> dict[str, _Records]:
    """The records of each list in the file; where the file is invalid, those that are
    valid on their own."""
    broken: set[YamlPath] = set()
    root = _validate(doc, _ROOTS[name], tz, problems, broken)
    if root is not None:
        return {
            key: _Records(list(getattr(root, key)), list(range(len(getattr(root, key)))))
            for key in fields
        }
    if doc is None or not isinstance(doc.data, dict):
        return {key: _Records(ids_known=False) for key in fields}
    # Records with an error of their own are left out; every other record is valid alone.
    broken_records = {path[:2] for path in broken if len(path) >= 2}
    result: dict[str, _Records] = {}
    for key, model in fields.items():
        raw = doc.data.get(key, None if _ROOTS[name].model_fields[key].is_required() else [])
        if not isinstance(raw, list):
            result[key] = _Records(ids_known=False)
            continue
        records = result[key] = _Records()
        for i, item in enumerate(raw):
            if (key, i) not in broken_records:
                try:
                    records.items.append(model.model_validate(item, context={"timezone": tz}))
                    records.index.append(i)
                    continue
                except ValidationError:
                    pass
            record_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(record_id, str):
                records.failed_ids.add(record_id)
            elif "id" in model.model_fields:
                records.ids_known = False
    return result


def _follows_on(error: ErrorDetails, records: Mapping[str, _Records]) -> bool:
    """Whether a cross-file error only repeats a problem already reported: a reference to
    a record that did not validate, or into a list that could not be read."""
    among = (error.get("ctx") or {}).get("among")
    if not among:
        return False
    value = error["input"]
    return any(not records[key].ids_known or value in records[key].failed_ids for key in among)


def _dataset_problem(
    error: ErrorDetails, docs: Mapping[str, YamlDoc | None], records: Mapping[str, _Records]
) -> Problem:
    """A DataSet error located in the file, line and column it came from."""
    loc = error["loc"]
    doc = docs[_FILE_OF[str(loc[0])]]
    assert doc is not None, "only records that were read take part in the cross-file checks"
    path = _file_path(loc, records)
    message = error["msg"]
    ctx = error.get("ctx") or {}
    if error["type"] in crosscheck.TEMPLATES:
        line = doc.line(_file_path(ctx["ref"], records)) if "ref" in ctx else None
        message = _render(error["type"], ctx, line)
    return doc.at(path, message)


def _render(kind: str, ctx: Mapping[str, Any], ref_line: int | None) -> str:
    """A cross-record issue (``crosscheck``) in the reader's language, naming the line of
    the record it refers to."""
    values = dict(ctx)
    values["ref_line"] = "" if ref_line is None else _("line {line}, ").format(line=ref_line)
    for key in ("what", "noun"):
        if isinstance(values.get(key), str):
            values[key] = _(values[key])
    if kind == "inconsistent":
        values["message"] = _(values["message"])
    elif kind == "duplicate_id" and values.get("note"):
        values["note"] = _(values["note"])
    elif kind == "unknown_id":
        if values.get("close"):
            values["hint"] = _(crosscheck.DID_YOU_MEAN).format(close=values["close"])
        elif values.get("known"):
            values["hint"] = _(crosscheck.KNOWN).format(what=values["what"], ids=values["known"])
    elif kind == "outside_horizon":
        if "time" in values:
            values["what"] = _(crosscheck.DEADLINE).format(time=values["time"])
        elif "begin" in values:
            what = _(crosscheck.PERIOD_FROM)
            values["what"] = what.format(begin=values["begin"], end=values["until"])
    elif kind == "overlap" and values.get("zone"):
        values["what"] = _(crosscheck.ZONE_SLOTS).format(zone=values["zone"])
    return _(crosscheck.TEMPLATES[kind]).format_map(values)


def _file_path(loc: tuple[int | str, ...], records: Mapping[str, _Records]) -> YamlPath:
    """The path in a file of a DataSet ``loc``: ``("tps", 5, ...)`` -> ``("tps", i, ...)``
    where i is the index of that TPS in tps.yaml."""
    head = str(loc[0])
    if head == "campaign":
        return loc[1:]
    if len(loc) >= 2 and isinstance(loc[1], int):
        return (head, records[head].index[loc[1]], *loc[2:])
    return loc


def _problem(doc: YamlDoc, model: type[BaseModel], error: ErrorDetails) -> Problem:
    """One schema error of a file, located."""
    missing = error["type"] == "missing"
    path = _data_path(doc.data, error["loc"], missing=missing)
    ctx = error.get("ctx") or {}
    if error["type"] in crosscheck.TEMPLATES:  # a message naming another value of the file
        message = _render(error["type"], ctx, doc.line(ctx["ref"]) if "ref" in ctx else None)
    else:
        message = _message(error, model, path)
    if missing:
        # A missing key has no node of its own: point at the mapping that lacks it.
        line, column = doc.position(path[:-1])
        return Problem(doc.file, line, column, field_path(path), message)
    return doc.at(path, message, key=error["type"] == "extra_forbidden")


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
    got = _(" (got {value})").format(value=show(value))
    if kind == "missing":
        if isinstance(path[-1], int):
            return _("needs more items: item {n} is missing").format(n=path[-1] + 1)
        return _("missing required key '{key}'").format(key=path[-1])
    if kind == "extra_forbidden":
        allowed = _allowed_keys(_model_at(root, path[:-1]))
        close = difflib.get_close_matches(str(path[-1]), allowed, n=1)
        if close:
            return _("unknown key {key} (did you mean '{close}'?)").format(
                key=show(path[-1]), close=close[0]
            )
        return _("unknown key {key} (allowed keys: {allowed})").format(
            key=show(path[-1]), allowed=", ".join(allowed)
        )
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == _ID_PATTERN:
            return (
                _(
                    "must be an id of letters, digits, '.', '_' or '-', starting with a letter "
                    "or digit"
                )
                + got
            )
        return _("must match the pattern {pattern}").format(pattern=ctx.get("pattern")) + got
    if kind in _SIMPLE:
        return _(_SIMPLE[kind]).format(**{k: _number(v) for k, v in ctx.items()}) + got
    if kind in ("too_short", "too_long"):
        n, bound = ctx.get("actual_length"), ctx.get("min_length", ctx.get("max_length"))
        count = bound if isinstance(bound, int) else 2
        if kind == "too_short":
            text = ngettext(
                "must have at least {bound} item (got {n})",
                "must have at least {bound} items (got {n})",
                count,
            )
        else:
            text = ngettext(
                "must have at most {bound} item (got {n})",
                "must have at most {bound} items (got {n})",
                count,
            )
        return text.format(bound=bound, n=n)
    if kind in ("literal_error", "enum"):
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = _("; did you mean '{close}'?").format(close=close[0]) if close else ""
        listed = ", ".join(repr(o) for o in options)
        return _("must be one of {options}").format(options=listed) + got + hint
    if kind in ("value_error", "assertion_error"):
        raw = str(ctx.get("error", error["msg"]))
        message = _(raw)  # the model's own sentences are in the catalog (N_ in model.py)
        if "clock time" in raw and isinstance(value, int) and not isinstance(value, bool):
            hours, minutes = divmod(value, 60)
            note = _(" (got {value}: YAML reads an unquoted {clock} as a number)")
            return message + note.format(value=value, clock=f"{hours}:{minutes:02d}")
        if value is None or isinstance(value, dict | list) or show(value) in message:
            return message
        return message + got
    if kind.startswith("datetime") or kind.startswith("timezone"):
        return _("must be a date and time, e.g. 2024-02-09T06:00") + got
    if kind == "invalid_key":
        return _("keys must be text (got {value}); quote the key").format(value=show(value))
    message = error["msg"].removeprefix("Input should be ").removeprefix("Value error, ")
    if error["msg"].startswith("Input should"):
        return _("must be {what}").format(what=message) + got
    return message


_SIMPLE = {
    "greater_than": N_("must be greater than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "int_parsing": N_("must be a whole number"),
    "int_type": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_parsing": N_("must be a number"),
    "float_type": N_("must be a number"),
    "finite_number": N_("must be a finite number"),
    "bool_parsing": N_("must be true or false"),
    "bool_type": N_("must be true or false"),
    "string_type": N_("must be text, e.g. in quotes"),
    "string_too_short": N_("must have at least {min_length} character(s)"),
    "string_too_long": N_("must have at most {max_length} characters"),
    "list_type": N_("must be a list"),
    "tuple_type": N_("must be a list"),
    "dict_type": N_("must be a mapping of keys to values"),
    "model_type": N_("must be a mapping of keys to values"),
    "model_attributes_type": N_("must be a mapping of keys to values"),
    "time_type": N_('must be a quoted clock time "HH:MM"'),
    "time_parsing": N_('must be a quoted clock time "HH:MM"'),
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
    """A bound for messages: 300, 0.5, 100,000,000."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}"
    return value


def _input_error(problems: list[Problem], order: dict[str, int]) -> InputError:
    unique = list(dict.fromkeys(problems))
    unique.sort(key=lambda p: (order.get(p.file, -1), p.line or 0, p.column or 0))
    missing = any(p.message == _("not found") for p in unique)
    return InputError(unique, tip=_tip_dir() if missing else None)


def _file_digests(docs: Mapping[str, YamlDoc | None]) -> tuple[tuple[str, str], ...]:
    """``sha256:<hex>`` of each file's bytes, in FILES order."""
    raw = {name: doc.raw for name, doc in docs.items() if doc is not None}
    return tuple((name, "sha256:" + hashlib.sha256(raw[name]).hexdigest()) for name in FILES)


def _digest(docs: Mapping[str, YamlDoc | None]) -> str:
    """sha256 over each file's name, length and bytes, in FILES order."""
    sha = hashlib.sha256()
    for name in FILES:
        doc = docs[name]
        assert doc is not None
        sha.update(f"{name}\0{len(doc.raw)}\0".encode())
        sha.update(doc.raw)
    return "sha256:" + sha.hexdigest()
