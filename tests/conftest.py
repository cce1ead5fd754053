"""Shared test setup: the tests read English unless they ask for Indonesian.

The program speaks Indonesian by default; most tests check English phrases (the language of
the source strings), so every test starts in English, with ``SERIBU_LANG=en`` for the
commands it runs. The tests of the languages themselves (``test_i18n``, ``test_terminal``)
ask for Indonesian explicitly, with ``--lang id`` or without ``SERIBU_LANG``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from seribu_planner.outputs import i18n


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test in English; the language is set back afterwards."""
    monkeypatch.setenv("SERIBU_LANG", "en")
    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language("en")
