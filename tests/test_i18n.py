"""The language of what people read: one time style, the language's numbers, Wordings."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from seribu_planner.outputs import i18n
from seribu_planner.plan import Listed, Wording, periods

WIB = ZoneInfo("Asia/Jakarta")
MORNING = datetime(2024, 2, 9, 7, 0, tzinfo=WIB)


@pytest.fixture
def indonesian() -> None:
    i18n.set_language("id")  # the autouse fixture sets English back afterwards


def test_one_time_style_with_the_zone_in_each_language(indonesian: None) -> None:
    assert i18n.when(MORNING) == "Jum 09 Feb 07.00 WIB"
    i18n.set_language("en")
    assert i18n.when(MORNING) == "Fri 09 Feb 07:00 WIB"


def test_a_time_is_shown_in_the_campaign_zone_when_given(indonesian: None) -> None:
    utc = MORNING.astimezone(ZoneInfo("UTC"))
    assert i18n.when(utc, WIB) == "Jum 09 Feb 07.00 WIB"
    assert i18n.when(None) == "-"


def test_a_period_within_a_day_names_the_day_once(indonesian: None) -> None:
    evening = MORNING.replace(hour=18)
    assert i18n.span(MORNING, evening) == "Jum 09 Feb 07.00-18.00 WIB"
    next_day = MORNING + timedelta(days=1)
    assert i18n.span(MORNING, next_day) == "Jum 09 Feb 07.00 WIB - Sab 10 Feb 07.00 WIB"


def test_numbers_and_money_with_the_languages_separators(indonesian: None) -> None:
    assert i18n.number(22036) == "22.036"
    assert i18n.number(25.64, 1) == "25,6"
    assert i18n.money(57788333.4) == "Rp 57.788.333"
    assert i18n.decimal(1.25) == "1,25"
    assert i18n.decimal(10.0) == "10"
    i18n.set_language("en")
    assert i18n.number(22036) == "22,036"
    assert i18n.money(57788333.4) == "Rp 57,788,333"


def test_durations_count_days_in_the_language(indonesian: None) -> None:
    assert i18n.duration(timedelta(days=1, hours=4, minutes=30)) == "1h 04.30"
    assert i18n.duration(timedelta(minutes=-23)) == "-00.23"
    i18n.set_language("en")
    assert i18n.duration(timedelta(days=1, hours=4, minutes=30)) == "1d 04:30"


def test_the_catalog_gives_indonesian_and_english_is_the_source(indonesian: None) -> None:
    assert i18n._("TPS served") == "TPS terlayani"
    assert i18n.pgettext("column", "trip") == "perj."
    assert i18n.ngettext("{n} trip differs", "{n} trips differ", 2) == "{n} perjalanan berbeda"
    i18n.set_language("en")
    assert i18n._("TPS served") == "TPS served"
    assert i18n.ngettext("{n} trip differs", "{n} trips differ", 2) == "{n} trips differ"


def test_a_wording_is_english_for_machines_and_translated_for_people(indonesian: None) -> None:
    wording = Wording.of(
        "the kit ({kg:,.1f} kg, {m3:.2f} m3) is larger than every boat that may call "
        "(largest: {boat}, {capacity_kg:,.0f} kg, {capacity_m3:g} m3)",
        kg=1234.5,
        m3=2.5,
        boat="kayu-1",
        capacity_kg=5000,
        capacity_m3=30.0,
    )
    assert str(wording) == (
        "the kit (1,234.5 kg, 2.50 m3) is larger than every boat that may call "
        "(largest: kayu-1, 5,000 kg, 30 m3)"
    )
    assert i18n.say(wording) == (
        "logistiknya (1.234,5 kg, 2,50 m3) lebih besar daripada daya angkut setiap kapal "
        "yang boleh singgah (terbesar: kayu-1, 5.000 kg, 30 m3)"
    )


def test_times_and_periods_in_a_wording(indonesian: None) -> None:
    evening = MORNING.replace(hour=18)
    wording = Wording.of(
        "{boat} trip {trip} runs from {start} (loading) to {end}, outside every period the "
        "boat is available ({periods})",
        boat="kayu-1",
        trip=2,
        start=MORNING,
        end=evening,
        periods=periods([(MORNING, evening)]),
    )
    assert str(wording) == (
        "kayu-1 trip 2 runs from 2024-02-09 07:00 +07:00 (loading) to 2024-02-09 18:00 "
        "+07:00, outside every period the boat is available (2024-02-09 07:00 +07:00 to "
        "2024-02-09 18:00 +07:00)"
    )
    assert i18n.say(wording) == (
        "kayu-1 perjalanan 2 berlangsung dari Jum 09 Feb 07.00 WIB (pemuatan) sampai Jum 09 "
        "Feb 18.00 WIB, di luar setiap periode ketersediaan kapal (Jum 09 Feb 07.00 WIB "
        "sampai Jum 09 Feb 18.00 WIB)"
    )
    i18n.set_language("en")
    assert "(Fri 09 Feb 07:00 WIB to Fri 09 Feb 18:00 WIB)" in i18n.say(wording)


def test_clock_times_and_listed_phrases_in_a_wording(indonesian: None) -> None:
    listed = Listed((Wording.of("{start} to {end}", start=MORNING, end=MORNING),), "; ")
    wording = Wording.of("{dawn}-{dusk}: {spans}", dawn=time(6), dusk=time(18), spans=listed)
    assert str(wording).startswith("06:00-18:00: 2024-02-09 07:00 +07:00 to")
    assert i18n.say(wording).startswith("06.00-18.00: Jum 09 Feb 07.00 WIB sampai")


def test_an_unknown_template_is_shown_in_english(indonesian: None) -> None:
    wording = Wording.of("not in any catalog: {n}", n=22036)
    assert i18n.say(wording) == "not in any catalog: 22.036"


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        (None, None, "id"),
        ("en", None, "en"),
        (None, "en", "en"),
        (None, "en_US.UTF-8", "en"),
        ("id", "en", "id"),
        (None, "fr", "id"),
    ],
)
def test_the_language_asked_for(
    explicit: str | None, env: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env is None:
        monkeypatch.delenv("SERIBU_LANG", raising=False)
    else:
        monkeypatch.setenv("SERIBU_LANG", env)
    assert i18n.language_from_env(explicit) == expected
