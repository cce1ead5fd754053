"""Tests of ``forecast.weather_file``: the merged forecast written back into weather.yaml
with the file's header, zones block and comments kept, one slot a line."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from seribu_planner.forecast import check_rewrite, merge_forecast, read_forecast, rewrite_weather
from seribu_planner.forecast.merge import Merge
from seribu_planner.load import bundled_data_dir, load_dataset
from seribu_planner.model import WeatherFile

FORECAST = Path(__file__).parent / "data" / "forecast"
BUNDLED = bundled_data_dir() / "weather.yaml"
DATA = load_dataset(bundled_data_dir())
WIB = ZoneInfo("Asia/Jakarta")
FILES = [
    FORECAST / "bmkg-station-F.09-2024021200.json",
    FORECAST / "bmkg-digital-F.08-2024021212.json",
]


def merged_onto(text: str) -> tuple[Merge, str]:
    document = WeatherFile.model_validate(yaml.safe_load(text), context={"timezone": WIB})
    zones = tuple(document.zones)
    imports = [read_forecast(path, zones) for path in FILES]
    merge = merge_forecast(tuple(document.forecast), imports, [z.id for z in zones])
    return merge, rewrite_weather(text, merge, WIB)


def test_header_zones_and_kept_slots_stay_byte_for_byte() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    merge, new = merged_onto(text)
    head = text[: text.index("forecast:\n")]
    assert new.startswith(head)
    kept = [line for line in text.splitlines() if line.startswith("  - {zone:")]
    new_lines = new.splitlines()
    survivors = [text.splitlines()[0]] + [
        line for line in kept if any(line == other for other in new_lines)
    ]
    assert len(survivors) - 1 == sum(1 for m in merge.slots if m.original is not None and not m.cut)
    for comment in (
        "  # Teluk Jakarta (F.09): the mainland ports",
        "  # Perairan Kepulauan Seribu (F.08): the islands",
        "  # Laut Jawa bagian barat: Sebira and the platforms; always one category rougher than"
        " Kepulauan Seribu",
    ):
        assert comment in new_lines
    check_rewrite(new, merge.forecast, WIB)


def test_new_slots_are_one_flow_mapping_a_line_in_the_campaign_zone() -> None:
    _, new = merged_onto(BUNDLED.read_text(encoding="utf-8"))
    line = next(line for line in new.splitlines() if "F.08 Sedang" in line)
    assert line.startswith("  - {zone: kepulauan-seribu, from: 2024-02-13T07:00+07:00,")
    assert (
        'to: 2024-02-13T19:00+07:00, wave_m: 2.5, source: "BMKG F.08 Sedang 1.25 - 2.50 m"' in line
    )
    assert 'issued: 2024-02-12T19:00+07:00, digest: "sha256:' in line
    assert line.endswith('"}')


def test_a_cut_slot_keeps_its_trailing_comment() -> None:
    slot = (
        "  - {zone: kepulauan-seribu, from: 2024-02-12T12:00, to: 2024-02-13T00:00,"
        " category: Rendah}"
    )
    text = BUNDLED.read_text(encoding="utf-8")
    assert slot + "\n" in text
    _, new = merged_onto(text.replace(slot + "\n", slot + "  # quiet evening\n"))
    assert (
        "  - {zone: kepulauan-seribu, from: 2024-02-12T12:00+07:00, to: 2024-02-12T19:00+07:00,"
        " category: Rendah}    # quiet evening\n"
    ) in new


def test_the_comment_of_a_replaced_slot_goes_with_it() -> None:
    _, new = merged_onto(BUNDLED.read_text(encoding="utf-8"))
    assert "13 Feb calm: Laut Jawa Rendah" not in new  # that slot is now Sedang


def test_writing_is_deterministic_and_reads_back() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    assert merged_onto(text)[1] == merged_onto(text)[1]
    merge, new = merged_onto(text)
    again_merge, again = merged_onto(new)
    assert again == new  # importing the same files again changes nothing
    assert again_merge.forecast == merge.forecast


HAND_WRITTEN = """\
# my forecast
zones:
  - {id: bay, name: The Bay, bmkg_code: F.09}
  - {id: isles, name: The Isles, bmkg_code: F.08}
forecast:   # by hand, for now
  - zone: bay
    from: 2024-02-12T00:00
    to: 2024-02-13T00:00
    wave_m: 0.8
  # the isles
  - zone: isles
    from: 2024-02-12T00:00
    to: 2024-02-12T12:00   # quiet
    category: Tenang
source: typed in from the radio bulletin
"""


def test_block_style_slots_and_keys_after_the_list_are_handled() -> None:
    merge, new = merged_onto(HAND_WRITTEN)
    assert new.startswith("# my forecast\nzones:\n")
    assert "forecast:   # by hand, for now\n" in new
    assert new.endswith("source: typed in from the radio bulletin\n")
    assert "  # the isles\n" in new
    # the isles' slot ends at 12:00 WIB, before the first digital slot: kept as written
    assert "    to: 2024-02-12T12:00   # quiet\n    category: Tenang\n" in new
    check_rewrite(new, merge.forecast, WIB)


@pytest.mark.parametrize(
    "forecast",
    [
        "forecast: []\n",
        "forecast: [{zone: bay, from: 2024-02-12T00:00, to: 2024-02-12T06:00, wave_m: 1}]\n",
    ],
)
def test_a_flow_list_is_written_as_one_slot_a_line(forecast: str) -> None:
    zones = (
        "zones:\n  - {id: bay, name: The Bay, bmkg_code: F.09}\n"
        "  - {id: isles, name: Isles, bmkg_code: F.08}\n"
    )
    merge, new = merged_onto(zones + forecast + "# end\n")
    assert new.startswith(zones + "forecast:\n  - {zone: bay, from: 2024-02-12T")
    assert new.endswith("# end\n")
    assert new.count("\n  - {zone: ") == len(merge.slots)
    check_rewrite(new, merge.forecast, WIB)


def test_windows_line_ends_are_kept() -> None:
    text = BUNDLED.read_text(encoding="utf-8").replace("\n", "\r\n")
    merge, new = merged_onto(text)
    assert "\n" not in new.replace("\r\n", "")
    check_rewrite(new, merge.forecast, WIB)


def test_a_top_level_flow_mapping_is_written_anew() -> None:
    text = (
        "{zones: [{id: b, name: B, bmkg_code: F.09}, {id: i, name: I, bmkg_code: F.08}],"
        " forecast: []}"
    )
    merge, new = merged_onto(text)
    check_rewrite(new, merge.forecast, WIB)


def test_a_wrong_rewrite_is_caught() -> None:
    merge, new = merged_onto(BUNDLED.read_text(encoding="utf-8"))
    with pytest.raises(AssertionError):
        check_rewrite(new.replace("wave_m: 2.5", "wave_m: 1.5"), merge.forecast, WIB)
