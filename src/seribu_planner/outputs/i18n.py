"""The language of everything a person reads: gettext catalogs, Babel for dates and numbers.

Indonesian (``id``) is the default; English (``en``) is the language of the source strings.
Machine formats (JSON keys, CSV headers, reason codes) never pass through here.

Usage in any module that makes text for people::

    from seribu_planner.outputs.i18n import _, ngettext, when, number, money

    _("TPS served")                         # translated at call time, never at import
    pgettext("column", "trip")               # a word in a given use: perj. for a narrow column
    ngettext("{n} trip", "{n} trips", n).format(n=n)
    when(moment)                             # Jum 09 Feb 07.00 WIB / Fri 09 Feb 07:00 WIB
    say(violation.wording, tz)               # a Wording of the planner or the verifier

Catalogs live in ``outputs/locale/<lang>/LC_MESSAGES/seribu_planner.po`` with the compiled
``.mo`` beside them (a test keeps the two in step).
"""

from __future__ import annotations

import gettext
import os
import re
import string
from datetime import datetime, time, timedelta, tzinfo
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_datetime
from babel.numbers import format_decimal

from seribu_planner.plan import Listed, Wording

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


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, as used in ``context`` (a short column
    header may need a shorter word than the same text in a sentence)."""
    return _catalog(_state["lang"]).pgettext(context, message)


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


def decimal(value: float) -> str:
    """A measure with as many decimals as it has (up to 3): ``10``, ``1,25`` (id), ``1.25``."""
    return format_decimal(value, locale=_state["lang"])


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


def weekday(moment: datetime, tz: tzinfo | None = None) -> str:
    """The day of a moment as short as a column of days needs: ``Jum 09`` / ``Fri 09``."""
    local = moment.astimezone(tz) if tz is not None else moment
    lang = _state["lang"]
    return format_datetime(local, "EEE dd", tzinfo=local.tzinfo, locale=lang)


def span(start: datetime, end: datetime, tz: tzinfo | None = None) -> str:
    """A period in the one time style: ``Jum 09 Feb 07.00-18.00 WIB`` within a day, else
    ``Jum 09 Feb 07.00 WIB - Sab 10 Feb 07.00 WIB``."""
    first = start.astimezone(tz) if tz is not None else start
    last = end.astimezone(tz) if tz is not None else end
    if first.date() == last.date() and zone_name(first) == zone_name(last):
        return f"{day(first)} {clock(first)}-{clock(last)} {zone_name(first)}"
    return f"{when(first)} - {when(last)}"


_DECIMALS = re.compile(r"\.(\d+)[fF%]")


class _Local(string.Formatter):
    """Fills a translated template for a person: times in the one time style, numbers with
    the language's separators, phrases of their own translated too."""

    def __init__(self, tz: tzinfo | None) -> None:
        super().__init__()
        self.tz = tz

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, datetime):
            return when(value, self.tz)
        if isinstance(value, time):
            sep = "." if _state["lang"] == "id" else ":"
            return f"{value.hour:02d}{sep}{value.minute:02d}"
        if isinstance(value, Wording):
            return say(value, self.tz)
        if isinstance(value, Listed):
            return value.separator.join(say(item, self.tz) for item in value.items)
        if isinstance(value, int | float) and not isinstance(value, bool):
            decimals = _DECIMALS.search(format_spec)
            if decimals is not None:
                return number(value, int(decimals.group(1)))
            if "g" in format_spec:  # as many decimals as it has (up to 3), none for 10.0
                return decimal(value)
            return number(value)
        return str(super().format_field(value, format_spec))


def say(wording: Wording, tz: tzinfo | None = None) -> str:
    """A Wording in the current language; ``tz`` (the campaign's zone) for its times."""
    return _Local(tz).vformat(_(wording.template), (), dict(wording.values))
