"""The Indonesian catalog in one command: extract, update the .po, compile the .mo, check.

    .venv/bin/python tools/catalog.py            # after adding or changing texts
    .venv/bin/python tools/catalog.py --check    # CI: exit 1 if anything is out of step

Extraction finds what ``pybabel extract`` finds with ``babel.cfg`` (the calls ``_()``,
``N_()``, ``ngettext()`` and ``pgettext()``) plus what typer shows in ``--help``: every
``help="..."`` and the docstring of every command. New texts enter the ``.po``
untranslated (a text that changed a little comes in marked fuzzy, with the old translation
as a guess); the run then lists every entry still to translate. Translate those in the
``.po`` and run it again: the ``.mo`` the program reads is compiled from the ``.po``
(fuzzy entries are left out).
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import sys
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "seribu_planner"
PO = SOURCE / "outputs" / "locale" / "id" / "LC_MESSAGES" / "seribu_planner.po"
MO = PO.with_suffix(".mo")
KEYWORDS: dict[str, Any] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
#: Decorators whose function's docstring typer shows as a command's help.
_COMMAND_DECORATORS = ("command", "callback")
#: The typer calls whose ``help=`` typer shows (not argparse's, in development scripts).
_HELP_CALLS = ("Option", "Argument", "Typer", "command", "callback", "add_typer")
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")


def extract(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: dict[str, Any],
) -> Iterator[tuple[int, str | None, str | tuple[str, ...], list[str]]]:
    """A babel extraction method: gettext calls, and the help texts typer shows."""
    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _called(node) in _HELP_CALLS:
            for keyword in node.keywords:
                value = keyword.value
                text = value.value if isinstance(value, ast.Constant) else None
                if keyword.arg == "help" and isinstance(text, str) and text:
                    yield value.lineno, None, text, []
        elif isinstance(node, ast.FunctionDef) and any(map(_is_command, node.decorator_list)):
            doc = ast.get_docstring(node)
            if doc:
                yield node.body[0].lineno, None, doc, []


def _called(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _is_command(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr in _COMMAND_DECORATORS


def template() -> Catalog:
    """Every text of the program marked for translation, with the files it is in."""
    catalog = Catalog(project="seribu-planner", fuzzy=False)
    for path in sorted(SOURCE.rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        for lineno, message, comments, context in extract_from_file(
            extract, path, keywords=KEYWORDS
        ):
            catalog.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    return catalog


def updated(po_text: bytes, new: Catalog) -> Catalog:
    """The catalog of ``po_text`` brought up to the texts of ``new``."""
    catalog = read_po(io.BytesIO(po_text), locale="id")
    new.creation_date = catalog.creation_date  # no churn in the header
    catalog.update(new, update_header_comment=False)
    catalog.obsolete.clear()
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    """The .po text: entries grouped by file, without line numbers (no churn on edits)."""
    out = io.BytesIO()
    write_po(out, catalog, width=100, include_lineno=False, sort_by_file=True)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    """The compiled catalog (fuzzy entries left out, as ``pybabel compile`` does)."""
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def problems(catalog: Catalog) -> list[str]:
    """Entries not ready: untranslated, fuzzy, or with placeholders that differ."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        where = ", ".join(sorted({f for f, _ in message.locations}))
        if message.fuzzy:
            found.append(f"fuzzy ({where}): {ids[0]!r}")
        elif not all(strings):
            found.append(f"untranslated ({where}): {ids[0]!r}")
        elif any(_names(s) != _names(ids[-1]) for s in strings):
            found.append(f"placeholders differ ({where}): {ids[0]!r}")
    return found


def _names(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def main(argv: list[str] | None = None) -> int:
    """Extract, update, compile; with ``--check`` write nothing and report drift."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 on drift")
    args = parser.parse_args(argv)
    current = PO.read_bytes()
    catalog = updated(current, template())
    po, mo = po_bytes(catalog), mo_bytes(catalog)
    stale = [p.relative_to(ROOT).as_posix() for p, b in ((PO, po), (MO, mo)) if p.read_bytes() != b]
    todo = problems(catalog)
    if not args.check:
        for path, data in ((PO, po), (MO, mo)):
            if path.read_bytes() != data:
                path.write_bytes(data)
                print(f"wrote {path.relative_to(ROOT).as_posix()}")
        stale = []
    for line in todo:
        print(line)
    for path_text in stale:
        print(f"out of step: {path_text} (run tools/catalog.py)")
    entries = sum(1 for m in catalog if m.id)
    print(f"{entries} texts, {len(todo)} to translate")
    return 1 if todo or stale else 0


if __name__ == "__main__":
    sys.exit(main())
