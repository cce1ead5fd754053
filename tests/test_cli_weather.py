"""End-to-end tests of ``seribu-plan weather import`` through typer's CliRunner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from seribu_planner import cli
from seribu_planner.load import bundled_data_dir, load_dataset

runner = CliRunner()
FORECAST = Path(__file__).parent / "data" / "forecast"
STATION_08 = str(FORECAST / "bmkg-station-F.08-2024021200.json")
STATION_09 = str(FORECAST / "bmkg-station-F.09-2024021200.json")
DIGITAL_08 = str(FORECAST / "bmkg-digital-F.08-2024021212.json")
OPEN_METEO = str(FORECAST / "open-meteo-laut-jawa-barat-20240212.json")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, list(args), env={"COLUMNS": "100"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def flat(text: str) -> str:
    """Text with its line wrapping undone."""
    return " ".join(text.split())


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), target)
    return target


def test_import_merges_into_the_data_sets_weather_file(data_copy: Path) -> None:
    weather = data_copy / "weather.yaml"
    before = weather.read_text(encoding="utf-8")
    code, out, err = run(
        "weather", "import", "--data", str(data_copy), "--lang", "en", STATION_09, DIGITAL_08
    )
    assert code == 0, err
    assert out.splitlines()[0] == f"data: {data_copy}"
    assert "bmkg-digital-F.08-2024021212.json: BMKG F.08 Perairan Kep. Seribu (digital)" in out
    assert "issued Mon 12 Feb 19:00 WIB, 5 slots until Thu 15 Feb 07:00 WIB" in out
    assert "laut-jawa-barat: no bmkg_code and no point" in out
    assert f"wrote {weather}" in err
    after = weather.read_text(encoding="utf-8")
    assert after != before
    assert after[: before.index("forecast:")] == before[: before.index("forecast:")]
    merged = load_dataset(data_copy)  # the data set still loads, with the new slots
    sedang = [s for s in merged.forecast if s.source == "BMKG F.08 Sedang 1.25 - 2.50 m"]
    assert len(sedang) == 1 and sedang[0].wave_m == 2.5


def test_import_again_gives_the_same_bytes(data_copy: Path) -> None:
    args = ("weather", "import", "--data", str(data_copy), STATION_08, STATION_09, DIGITAL_08)
    assert run(*args)[0] == 0
    first = (data_copy / "weather.yaml").read_bytes()
    assert run(*args)[0] == 0
    assert (data_copy / "weather.yaml").read_bytes() == first


def test_open_meteo_needs_a_point_and_then_imports(data_copy: Path) -> None:
    weather = data_copy / "weather.yaml"
    code, _, err = run("weather", "import", "--data", str(data_copy), OPEN_METEO)
    assert code == 2
    assert "no zone has a point within 0.125 degrees of -5.25, 106.5" in flat(err)
    text = weather.read_text(encoding="utf-8")
    weather.write_text(
        text.replace(
            "{id: laut-jawa-barat, name: Laut Jawa bagian barat,",
            "{id: laut-jawa-barat, name: Laut Jawa bagian barat, point: {lat: -5.25, lon: 106.5},",
        ),
        encoding="utf-8",
    )
    code, out, _ = run("weather", "import", "--data", str(data_copy), OPEN_METEO)
    assert code == 0
    assert "laut-jawa-barat" in out
    imported = [
        s for s in load_dataset(data_copy).forecast if s.source and "Open-Meteo" in s.source
    ]
    assert len(imported) == 7


def test_out_writes_elsewhere_and_leaves_the_data_alone(data_copy: Path, tmp_path: Path) -> None:
    weather = data_copy / "weather.yaml"
    before = weather.read_bytes()
    target = tmp_path / "new-weather.yaml"
    code, _, err = run(
        "weather", "import", "--data", str(data_copy), "--out", str(target), DIGITAL_08
    )
    assert code == 0
    assert weather.read_bytes() == before
    assert f"wrote {target}" in err
    assert load_dataset(data_copy, weather=target).forecast != load_dataset(data_copy).forecast


def test_into_merges_onto_another_file(data_copy: Path, tmp_path: Path) -> None:
    other = tmp_path / "what-if.yaml"
    shutil.copy(data_copy / "weather.yaml", other)
    before = (data_copy / "weather.yaml").read_bytes()
    code, _, _ = run(
        "weather", "import", "--data", str(data_copy), "--into", str(other), DIGITAL_08
    )
    assert code == 0
    assert (data_copy / "weather.yaml").read_bytes() == before
    assert "F.08 Sedang" in other.read_text(encoding="utf-8")


def test_dash_writes_the_yaml_to_stdout_and_the_report_to_stderr(data_copy: Path) -> None:
    before = (data_copy / "weather.yaml").read_bytes()
    code, out, err = run("weather", "import", "--data", str(data_copy), "--out", "-", DIGITAL_08)
    assert code == 0
    assert yaml.safe_load(out)["zones"][0]["id"] == "teluk-jakarta"
    assert err.startswith("data: ")
    assert (data_copy / "weather.yaml").read_bytes() == before


def test_the_bundled_data_is_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./data here: the bundled data set would be the default
    before = (bundled_data_dir() / "weather.yaml").read_bytes()
    code, _, err = run("weather", "import", DIGITAL_08)
    assert code == 2
    assert "bundled data set inside the installed package" in flat(err)
    assert "seribu-plan init data" in flat(err)
    assert (bundled_data_dir() / "weather.yaml").read_bytes() == before
    code, out, _ = run("weather", "import", "--out", "-", DIGITAL_08)
    assert code == 0 and "forecast:" in out


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            [str(FORECAST / "broken" / "garbled_range.json")],
            "garbled_range.json:45:20 data[2].wave_desc:",
        ),
        ([str(FORECAST / "broken" / "unknown_area.json")], "no zone has bmkg_code F.99"),
        (
            [STATION_08, str(FORECAST / "broken" / "same_issue_as_station_F.08.json")],
            "a forecast of the same issue (2024-02-12 00:00 UTC)",
        ),
        ([str(FORECAST / "broken" / "not_json.json")], "not valid JSON"),
    ],
)
def test_bad_forecasts_are_bad_input_and_nothing_is_written(
    data_copy: Path, files: list[str], expected: str
) -> None:
    before = (data_copy / "weather.yaml").read_bytes()
    code, out, err = run("weather", "import", "--data", str(data_copy), *files)
    assert code == 2
    assert expected in flat(err)
    assert "Traceback" not in out + err
    assert (data_copy / "weather.yaml").read_bytes() == before
    assert sorted(p.name for p in data_copy.iterdir()) == sorted(
        p.name for p in bundled_data_dir().iterdir() if p.suffix == ".yaml"
    )


def test_a_forecast_file_is_never_the_output(data_copy: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.json"
    shutil.copy(DIGITAL_08, saved)
    code, _, err = run(
        "weather", "import", "--data", str(data_copy), "--out", str(saved), str(saved)
    )
    assert code == 2
    assert "is one of this command's input files" in flat(err)
    assert saved.read_bytes() == Path(DIGITAL_08).read_bytes()


def test_bad_existing_weather_file_is_bad_input(data_copy: Path) -> None:
    weather = data_copy / "weather.yaml"
    weather.write_text(weather.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    code, _, err = run("weather", "import", "--data", str(data_copy), DIGITAL_08)
    assert code == 2
    assert "weather.yaml" in err and "colour" in err


def test_weather_without_a_subcommand_shows_help() -> None:
    code, out, _ = run("weather")
    assert "import" in out
    assert code in (0, 2)


def test_a_folder_stands_for_its_json_files(data_copy: Path, tmp_path: Path) -> None:
    saved = tmp_path / "forecasts"
    saved.mkdir()
    for name in (STATION_08, STATION_09, DIGITAL_08):
        shutil.copy(name, saved)
    (saved / "notes.txt").write_text("not a forecast", encoding="utf-8")
    code, out, _ = run("weather", "import", "--data", str(data_copy), str(saved))
    assert code == 0
    assert out.count(".json: BMKG") == 3
    by_folder = (data_copy / "weather.yaml").read_bytes()
    shutil.copy(bundled_data_dir() / "weather.yaml", data_copy / "weather.yaml")
    assert (
        run("weather", "import", "--data", str(data_copy), DIGITAL_08, STATION_09, STATION_08)[0]
        == 0
    )
    assert (data_copy / "weather.yaml").read_bytes() == by_folder


def test_an_empty_folder_imports_nothing(data_copy: Path, tmp_path: Path) -> None:
    empty = tmp_path / "forecasts"
    empty.mkdir()
    before = (data_copy / "weather.yaml").read_bytes()
    code, out, err = run("weather", "import", "--data", str(data_copy), "--lang", "en", str(empty))
    assert code == 0
    assert "No forecast files to import; nothing was written." in out
    assert "wrote" not in err
    assert (data_copy / "weather.yaml").read_bytes() == before
