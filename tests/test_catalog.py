"""The Indonesian catalog: complete, and compiled exactly from its ``.po`` (tools/catalog.py)."""

from __future__ import annotations

import io

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from tools import catalog


def test_compiling_the_po_gives_the_committed_mo() -> None:
    compiled = catalog.mo_bytes(read_po(io.BytesIO(catalog.PO.read_bytes()), locale="id"))
    assert compiled == catalog.MO.read_bytes(), "run tools/catalog.py to compile the .mo"


def test_every_text_marked_for_translation_has_an_indonesian_entry() -> None:
    po = read_po(io.BytesIO(catalog.PO.read_bytes()), locale="id")
    translated = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0]): m
        for m in po
        if m.id and not m.fuzzy
    }
    marked = [m for m in catalog.template() if m.id]
    assert len(marked) > 400
    missing = []
    for message in marked:
        key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
        entry = translated.get(key)
        strings = () if entry is None else entry.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        if not strings or not all(strings):
            missing.append(key[1])
    assert missing == [], "untranslated: run tools/catalog.py and translate the .po"


def test_every_entry_is_ready_for_use() -> None:
    updated = catalog.updated(catalog.PO.read_bytes(), catalog.template())
    assert catalog.problems(updated) == []  # no fuzzy entry, no placeholder that differs


def test_a_translation_with_another_placeholder_is_found() -> None:
    po = read_po(io.BytesIO(catalog.PO.read_bytes()), locale="id")
    entry = po.get("wrote {file}")
    assert entry is not None
    entry.string = "ditulis: {berkas}"
    expected = "placeholders differ (src/seribu_planner/cli/common.py): 'wrote {file}'"
    assert catalog.problems(po) == [expected]


def test_the_help_of_every_command_is_extracted_for_the_catalog() -> None:
    ids = {m.id for m in catalog.template() if isinstance(m.id, str)}
    # a command's docstring, an option's help, typer's own help option
    assert any(i.startswith("Plan the boat runs: trips per boat") for i in ids)
    assert "Print the summary only." in ids
    assert "Show this message and exit." in ids
    # argparse help of a development script is not shown by typer and not extracted
    assert "random seed (default 0)" not in ids


def test_the_compiled_catalog_is_read_by_the_program() -> None:
    mo = read_mo(io.BytesIO(catalog.MO.read_bytes()))
    assert mo.locale is not None and str(mo.locale) == "id"
    assert mo.get("TPS served").string == "TPS terlayani"
