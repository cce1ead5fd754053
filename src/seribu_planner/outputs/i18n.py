"""The language of everything a person reads: gettext catalogs, Babel for dates and numbers.

Indonesian (``id``) is the default; English (``en``) is the language of the source strings.
Machine formats (JSON keys, CSV headers, reason codes) never pass through here.

Usage in any module that makes text for people::

    from seribu_planner.outputs.i18n import _, ngettext, when, number, money

    _("TPS served")                         # translated at call time, never at import
    ngettext("{n} trip", "{n} trips", n).format(n=n)
    when(moment)                             # Jum 09 Feb 07.00 WIB / Fri 09 Feb 07:00 WIB

Catalogs live in ``outputs/locale/<lang>/LC_MESSAGES/seribu_planner.po`` with the compiled
``.mo`` beside them (a test keeps the two in step).
"""

from __future__ import annotations

import gettext
import os
from datetime import datetime, timedelta, tzinfo
from functools import cache
from pathlib import Path

from babel.dates import format_datetime
from babel.numbers import format_decimal

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
DOMAIN = "seribu_planner"
LOCALE_DIR = Path(__file__).parent / "locale"

_state = {"lang": DEFAULT_LANGUAGE}

#: One time style everywhere (PRODUCT.md: "one time style, with the zone").
_TIME_PATTERN = {"id": "EEE dd MMM HH.mm", "en": "EEE dd MMM HH:mm"}
_CLOCK_PATTERN = {"id": "HH.mm", "en": "HH:mm"}
_DAY_PATTERN = {"id": "EEE dd MMM", "en": "EEE dd MMM"}


def language_from_env(explicit: str | None = None) -> str:
    """The language asked for: an explicit choice, else ``SERIBU_LANG``, else Indonesian."""
    lang = explicit or os.environ.get("SERIBU_LANG") or DEFAULT_LANGUAGE
    lang = lang.split("_")[0].split(".")[0].lower()
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    """Switch every later text to ``lang`` (``id`` or ``en``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _state["lang"] = lang


def language() -> str:
    """The current language code."""
    return _state["lang"]


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` in the current language."""
    return _catalog(_state["lang"]).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language."""
    return _catalog(_state["lang"]).ngettext(singular, plural, n)


def when(moment: datetime | None, tz: tzinfo | None = None) -> str:
    """A moment in the one time style, with its zone: ``Jum 09 Feb 07.00 WIB``.

    ``tz`` is the campaign's zone; without it the moment's own zone is kept.
    """
    if moment is None:
        return "-"
    local = moment.astimezone(tz) if tz is not None else moment
    lang = _state["lang"]
    text = format_datetime(local, _TIME_PATTERN[lang], tzinfo=local.tzinfo, locale=lang)
    return f"{text} {zone_name(local)}"


def clock(moment: datetime, tz: tzinfo | None = None) -> str:
    """Only the clock time of a moment: ``07.00`` / ``07:00``."""
    local = moment.astimezone(tz) if tz is not None else moment
    lang = _state["lang"]
    return format_datetime(local, _CLOCK_PATTERN[lang], tzinfo=local.tzinfo, locale=lang)


def zone_name(moment: datetime) -> str:
    """The zone abbreviation of an aware moment (WIB), else its UTC offset."""
    name = moment.tzname() or ""
    if name and not name.startswith(("+", "-")):
        return name
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def number(value: float, decimals: int = 0) -> str:
    """A number with the language's separators: ``22.036`` (id), ``22,036`` (en)."""
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=fmt, locale=_state["lang"])


def money(amount: float) -> str:
    """Rupiah, whole: ``Rp 57.788.333`` (id), ``Rp 57,788,333`` (en)."""
    return f"Rp {number(round(amount))}"


def duration(delta: timedelta) -> str:
    """A duration as ``1h 04.30`` / ``1d 04:30`` or ``04.30``; negative with a minus sign."""
    minutes = round(delta.total_seconds() / 60)
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    days, rest = divmod(minutes, 24 * 60)
    sep = "." if _state["lang"] == "id" else ":"
    text = f"{rest // 60:02d}{sep}{rest % 60:02d}"
    day = _("{days}d").format(days=days)
    return f"{sign}{day} {text}" if days else f"{sign}{text}"


def day(moment: datetime, tz: tzinfo | None = None) -> str:
    """Only the day of a moment, in the one time style: ``Jum 09 Feb`` / ``Fri 09 Feb``."""
    local = moment.astimezone(tz) if tz is not None else moment
    lang = _state["lang"]
    return format_datetime(local, _DAY_PATTERN[lang], tzinfo=local.tzinfo, locale=lang)
