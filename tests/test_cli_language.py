"""Indonesian by default, English on request, on every command people read (CliRunner)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from seribu_planner import cli
from seribu_planner.load import bundled_data_dir

runner = CliRunner()
APPROVED = Path(__file__).parent / "data" / "plans" / "bundled-approved.json"
#: A saved plan shown without solving: the same views, in a fraction of the time.
SHOWN = ("route", "--plan", str(APPROVED))
ID_TIME = re.compile(r"\b(Sen|Sel|Rab|Kam|Jum|Sab|Min) \d\d (Feb) \d\d\.\d\d WIB\b")
EN_TIME = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d (Feb) \d\d:\d\d WIB\b")
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d")


def run(*args: str, lang: str | None = None) -> tuple[int, str, str]:
    """Run a command with ``SERIBU_LANG`` unset (``lang`` None: the default) or set."""
    result = runner.invoke(cli.app, list(args), env={"COLUMNS": "100", "SERIBU_LANG": lang})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def storm(tmp_path: Path) -> Path:
    """The bundled data with the open Java Sea closed all week."""
    target = tmp_path / "storm"
    shutil.copytree(bundled_data_dir(), target)
    path = target / "weather.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    for slot in document["forecast"]:
        if slot["zone"] == "laut-jawa-barat":
            slot.pop("wave_m", None)
            slot["category"] = "Ekstrem"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return target


def test_route_is_indonesian_by_default() -> None:
    code, out, _ = run("route")
    assert code == 0
    for phrase in (
        "TPS terlayani",
        "88 / 88",
        "22.036 / 22.036",
        "pemilih terjangkau",
        "sisa waktu terkecil",
        "Perjalanan",
        "Kedatangan di TPS per kelurahan",
        "kembali di pelabuhan",
    ):
        assert phrase in out, phrase
    assert ID_TIME.search(out)
    assert not EN_TIME.search(out) and not ISO_TIME.search(out), "one time style"
    assert "TPS served" not in out


def test_route_in_english_on_request() -> None:
    for code, out, _ in (run(*SHOWN, "--lang", "en"), run(*SHOWN, lang="en")):
        assert code == 0
        for phrase in (
            "TPS served",
            "22,036 / 22,036",
            "least slack",
            "Trips",
            "TPS arrivals by kelurahan",
            "back in port",
        ):
            assert phrase in out, phrase
        assert EN_TIME.search(out)
        assert not ID_TIME.search(out) and not ISO_TIME.search(out)


def test_the_option_wins_over_the_environment() -> None:
    code, out, _ = run(*SHOWN, "--quiet", "--lang", "id", lang="en")
    assert code == 0
    assert "TPS terlayani" in out


def test_unserved_details_are_printed_translated_and_recorded_in_english(storm: Path) -> None:
    code, out, err = run("route", "--data", str(storm), "--quiet", "--json", "-")
    assert code == 1
    assert "TPS tidak terlayani" in err
    assert "tidak ada jendela berlayar yang memungkinkan" in err
    assert "no_sailing_window" in err  # the reason code itself never changes
    document = json.loads(out)
    details = [u["detail"] for u in document["unserved"]]
    assert details and all(d.startswith("no sailing window lets a boat") for d in details)


def test_check_in_both_languages() -> None:
    code, out, _ = run("check")
    assert code == 0
    assert "LAYAK: rencana baru menaati semua aturan dan melayani semua TPS" in out
    code, out, _ = run("check", "--plan", str(APPROVED), "--lang", "en")
    assert code == 0
    assert f"HOLDS: {APPROVED} keeps every rule and serves every TPS" in " ".join(out.split())


def test_check_names_broken_rules_in_the_readers_language(storm: Path) -> None:
    code, out, _ = run("check", "--data", str(storm), "--plan", str(APPROVED))
    assert code == 1
    assert "TIDAK LAYAK" in out and "Pelanggaran" in out
    assert "info: berubah sejak rencana ini dibuat: weather.yaml" in out
    assert "melebihi batas kapal 1,25 m" in out
    assert ID_TIME.search(out) and not ISO_TIME.search(out)
    code, out, _ = run("check", "--data", str(storm), "--plan", str(APPROVED), "--lang", "en")
    assert code == 1
    assert "BROKEN" in out and "Violations" in out
    assert "above the boat's 1.25 m" in out
    assert EN_TIME.search(out)


def test_the_json_verdict_is_the_same_in_every_language(storm: Path) -> None:
    args = ("check", "--data", str(storm), "--plan", str(APPROVED), "--format", "json")
    _, indonesian, _ = run(*args)
    _, english, _ = run(*args, "--lang", "en")
    assert indonesian == english
    message = json.loads(indonesian)["violations"][0]["message"]
    assert "above the boat's" in message and ISO_TIME.search(message)


def test_github_annotations_speak_the_language_in_a_fixed_syntax(storm: Path) -> None:
    args = ("check", "--data", str(storm), "--plan", str(APPROVED), "--format", "github")
    _, out, _ = run(*args)
    errors = [line for line in out.splitlines() if line.startswith("::error file=")]
    assert errors and all(",title=leg_weather%3A " in line for line in errors)
    assert any("TPS terdampak: " in line for line in errors)
    assert not any("TPS at stake" in line for line in errors)
    _, out, _ = run(*args, "--lang", "en")
    assert "%0ATPS at stake: sebira-006" in out


def test_validate_in_both_languages() -> None:
    code, out, _ = run("validate")
    assert code == 0
    for phrase in ("TPS dan pemilih per kelurahan", "22.036 pemilih", "Tidak ada peringatan."):
        assert phrase in out, phrase
    code, out, _ = run("validate", "--lang", "en")
    assert code == 0
    for phrase in ("TPS and voters per kelurahan", "22,036 voters", "No warnings."):
        assert phrase in out, phrase


def test_windows_in_both_languages() -> None:
    code, out, _ = run("windows")
    assert code == 0
    assert "Jendela berlayar (█ terbuka, ▄ sebagian terbuka, · tertutup" in out
    assert "Jum 09 Feb 06.00-18.00 WIB" in out
    code, out, _ = run("windows", "--lang", "en")
    assert code == 0
    assert "Sailing windows (█ open, ▄ part open, · closed" in out
    assert "Fri 09 Feb 06:00-18:00 WIB" in out


def test_diff_in_both_languages(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    assert run("route", "--quiet", "--json", str(plan))[0] == 0
    code, out, _ = run("diff", str(APPROVED), str(plan))
    assert code == 1
    assert "BERBEDA: " in out and "Angka menurut data saat ini" in out
    assert "TPS yang nasibnya berubah" in out
    code, out, _ = run("diff", str(APPROVED), str(plan), "--lang", "en")
    assert code == 1
    assert "DIFFERENT: " in out and "Figures under the current data" in out
    code, out, _ = run("diff", str(plan), str(plan))
    assert code == 0
    assert "SAMA: tidak ada TPS maupun perjalanan yang berubah" in out


def test_input_problems_in_both_languages(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), data)
    fleet = data / "fleet.yaml"
    text = fleet.read_text(encoding="utf-8")
    fleet.write_text(text.replace("max_wave_m: 1.25", "max_wavee: 1.25", 1), encoding="utf-8")
    code, _, err = run("validate", "--data", str(data))
    assert code == 2
    assert "2 masalah pada masukan" in err
    assert "kunci wajib 'max_wave_m' tidak ada" in err
    assert "kunci 'max_wavee' tidak dikenal (maksudnya 'max_wave_m'?)" in err
    code, _, err = run("validate", "--data", str(data), "--lang", "en")
    assert code == 2
    assert "2 problems in the input" in err
    assert "unknown key 'max_wavee' (did you mean 'max_wave_m'?)" in err


def test_a_missing_data_folder_gives_its_tip_in_the_language(tmp_path: Path) -> None:
    code, _, err = run("validate", "--data", str(tmp_path / "nowhere"))
    assert code == 2
    assert "folder data tidak ditemukan" in err
    assert "Saran: set data adalah folder berisi campaign.yaml" in err


def test_which_data_set_is_said_in_the_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./data here: the bundled data set
    assert "data: data bawaan" in run(*SHOWN, "--quiet")[1]
    assert "data: the bundled data set" in run(*SHOWN, "--quiet", "--lang", "en")[1]
    calm = tmp_path / "weather.yaml"
    shutil.copy(bundled_data_dir() / "weather.yaml", calm)
    _, out, _ = run("validate", "--weather", str(calm))
    assert f"data bawaan dengan --weather {calm}" in " ".join(out.split())


def test_help_in_both_languages() -> None:
    code, out, _ = run("route", "--help")
    assert code == 0
    assert "Merencanakan pelayaran kapal" in out
    assert "Tampilkan ringkasannya saja." in out
    assert "Tampilkan pesan ini lalu keluar." in out
    for args, lang in ((("route", "--help", "--lang", "en"), None), (("route", "--help"), "en")):
        code, out, _ = run(*args, lang=lang)
        assert code == 0
        assert "Plan the boat runs" in out and "Print the summary only." in out
    code, out, _ = run("--help")
    assert "Merencanakan dan memeriksa pelayaran kapal pengangkut logistik pemilu" in out
