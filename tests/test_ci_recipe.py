"""``docs/ci.md`` is a tested recipe: its setup and its workflow's steps run here, as
written, on a scratch git repository, with saved BMKG forecasts from ``tests/data/forecast``.

The commands are taken from the page's code blocks (marked ``<!-- recipe: ... -->``), so a
change to the program that breaks the recipe fails this test, and so does an edit of the
page that breaks the commands.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "ci.md"
FORECAST = Path(__file__).parent / "data" / "forecast"
BIN = Path(sys.executable).parent


def block(marker: str) -> str:
    """The code block that follows ``<!-- recipe: marker ... -->`` in docs/ci.md."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- recipe: {marker}\b[^>]*-->\s*```\w*\n(.*?)```", text, flags=re.DOTALL)
    assert match, f"docs/ci.md has no code block marked recipe: {marker}"
    return match.group(1)


def workflow() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(block("workflow"))
    return document


def run_steps(*, on_failure: bool = False) -> list[str]:
    """The workflow's run steps, but the install (the test runs the installed program):
    those that run while all is well, or (``on_failure``) those that run once a step failed."""
    [job] = workflow()["jobs"].values()
    steps = [
        step["run"]
        for step in job["steps"]
        if "run" in step and (step.get("if") == "failure()") == on_failure
    ]
    return [step for step in steps if "pip install" not in step]


def shell(command: str, cwd: Path, now: str) -> subprocess.CompletedProcess[str]:
    """One step as GitHub runs it (``bash -e``), with the venv's seribu-plan on the PATH."""
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "SERIBU_NOW": now,
        "COLUMNS": "100",
        "GIT_AUTHOR_NAME": "KPU test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "KPU test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    env.pop("SERIBU_LANG", None)
    return subprocess.run(
        ["bash", "-e", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


#: The approved plan the scenarios check: fixed, so that they do not change with the solver.
APPROVED = Path(__file__).parent / "data" / "plans" / "bundled-approved.json"


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data repository, made by the page's setup block in a scratch folder."""
    assert (BIN / "seribu-plan").exists(), "the test runs the installed seribu-plan"
    assert shutil.which("git"), "the recipe needs git"
    scratch = tmp_path_factory.mktemp("recipe")
    done = shell(block("setup"), scratch, "")
    assert done.returncode == 0, done.stderr
    [repo] = [p for p in scratch.iterdir() if (p / ".git").is_dir()]
    # The plan the setup made holds; the scenarios then use a fixed approved plan.
    made = shell("seribu-plan check --data data --plan approved.json", repo, "")
    assert made.returncode == 0, made.stdout + made.stderr
    shutil.copy(APPROVED, repo / "approved.json")
    committed = shell("git commit -q -am 'The plan the KPU approved'", repo, "")
    assert committed.returncode == 0, committed.stderr
    return repo


def saved_forecasts(repo: Path, *names: str) -> None:
    """The forecasts saved and committed in forecasts/, as an officer or a job saves them."""
    for old in (repo / "forecasts").glob("*.json"):
        old.unlink()
    for name in names:
        shutil.copy(FORECAST / name, repo / "forecasts" / name)
    commit = "git add -A forecasts && (git diff --cached --quiet || git commit -q -m Forecasts)"
    done = shell(commit, repo, "")
    assert done.returncode == 0, done.stderr


def run_workflow(repo: Path, now: str) -> list[subprocess.CompletedProcess[str]]:
    """The workflow's steps on a fresh checkout, in order, until one fails (as GitHub stops
    the job)."""
    fresh = shell("git reset -q --hard && git clean -fdq", repo, "")
    assert fresh.returncode == 0, fresh.stderr
    results = []
    for step in run_steps():
        results.append(shell(step, repo, now))
        if results[-1].returncode != 0:
            break
    if results and results[-1].returncode != 0:
        results += [shell(step, repo, now) for step in run_steps(on_failure=True)]
    return results


def test_the_setup_makes_a_repository_with_data_and_an_approved_plan(repository: Path) -> None:
    assert sorted(p.name for p in (repository / "data").iterdir()) == [
        "campaign.yaml",
        "fleet.yaml",
        "islands.yaml",
        "tps.yaml",
        "weather.yaml",
    ]
    assert (repository / "approved.json").is_file()
    log = shell("git log --format=%s", repository, "")
    assert "Planning data and the approved plan" in log.stdout.splitlines()


def test_the_workflow_passes_while_the_forecasts_keep_the_plan(repository: Path) -> None:
    saved_forecasts(
        repository, "bmkg-station-F.08-2024021200.json", "bmkg-station-F.09-2024021200.json"
    )
    results = run_workflow(repository, now="2024-02-12T20:00")
    assert [r.returncode for r in results] == [0, 0]
    imported, checked = results
    # The recipe runs in the default language: Indonesian.
    assert "ditulis: data/weather.yaml" in imported.stderr
    assert "LAYAK: approved.json menaati semua aturan dan melayani semua TPS" in checked.stdout
    assert "::error" not in checked.stdout


def test_the_workflow_fails_with_annotations_naming_the_tps_at_stake(repository: Path) -> None:
    saved_forecasts(
        repository,
        "bmkg-station-F.08-2024021200.json",
        "bmkg-station-F.09-2024021200.json",
        "bmkg-digital-F.08-2024021212.json",  # Sedang in Kepulauan Seribu on 13 Feb, daytime
    )
    results = run_workflow(repository, now="2024-02-12T20:00")
    assert [r.returncode for r in results][:2] == [0, 1]
    lines = results[1].stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::error ")]
    # the approved plan sails one trip on 13 Feb, pesona-alam's second: its four legs break
    assert len(annotations) == 4
    assert all(line.startswith("::error file=approved.json,line=") for line in annotations)
    # Titles and messages in the default language (Indonesian); the syntax and codes fixed.
    title = "title=leg_weather%3A pesona-alam perjalanan 2 singgahan "
    assert all(title in line for line in annotations)
    stake = annotations[0].split("TPS terdampak: ")[1]
    for tps in ("sebira-006", "sebira-007", "kelapa-dua-019", "kelapa-001", "kelapa-018"):
        assert tps in stake
    assert lines.count("::group::pesona-alam: 4 pelanggaran") == 1


def test_legs_already_sailed_never_fail_the_workflow(repository: Path) -> None:
    """A forecast saved on 13 Feb that covers only what lies ahead: the legs of 9 and 12 Feb
    are not re-checked against it."""
    saved_forecasts(repository, "bmkg-station-F.08-2024021200.json")
    weather = repository / "data" / "weather.yaml"
    text = weather.read_text(encoding="utf-8")
    head, _, _ = text.partition("forecast:")
    slots = [
        f"  - {{zone: {zone}, from: 2024-02-13T00:00, to: 2024-02-15T00:00, category: Tenang}}"
        for zone in ("teluk-jakarta", "kepulauan-seribu", "laut-jawa-barat")
    ]
    weather.write_text(head + "forecast:\n" + "\n".join(slots) + "\n", encoding="utf-8")
    done = shell("git commit -q -am 'Only the forecast ahead'", repository, "")
    assert done.returncode == 0, done.stderr
    try:
        results = run_workflow(repository, now="2024-02-13T00:00")
        assert [r.returncode for r in results] == [0, 0], results[-1].stdout
        # as of 06:00 on 12 Feb, pesona-alam's 06:45 leg still lies ahead, and no forecast
        # covers 06:45-07:00 any more
        past = run_workflow(repository, now="2024-02-12T06:00")
        assert [r.returncode for r in past][:2] == [0, 1]
        assert "leg_no_forecast" in past[1].stdout
    finally:
        shell("git revert -q --no-edit HEAD", repository, "")


def test_the_day_the_plan_breaks_the_workflow_proposes_a_repair_that_holds(
    repository: Path,
) -> None:
    saved_forecasts(
        repository,
        "bmkg-station-F.08-2024021200.json",
        "bmkg-station-F.09-2024021200.json",
        "bmkg-digital-F.08-2024021212.json",
    )
    results = run_workflow(repository, now="2024-02-12T20:00")
    assert [r.returncode for r in results] == [0, 1, 0], results[-1].stderr
    for name in ("proposal.json", "proposal.html", "proposal.txt", "proposal-diff.txt"):
        assert (repository / name).is_file(), name
    holds = shell(
        "seribu-plan check --data data --plan proposal.json --as-of now", repository,
        "2024-02-12T20:00",
    )  # fmt: skip
    assert holds.returncode in (0, 1), holds.stdout + holds.stderr
    assert "::error" not in holds.stdout
    assert "breaks" not in holds.stdout.replace("leaves", "")
    # what had sailed before now is as approved; the diff names what changed
    changes = (repository / "proposal-diff.txt").read_text(encoding="utf-8")
    assert "pesona-alam" in changes


def test_the_workflow_is_scheduled_and_has_a_repair_step(repository: Path) -> None:
    document = workflow()
    on = document.get("on", document.get(True))  # YAML 1.1 reads a bare `on` as true
    assert on["schedule"][0]["cron"]
    steps = run_steps()
    assert any("weather import" in step for step in steps)
    assert any(
        "check" in step and "--as-of now" in step and "--format github" in step for step in steps
    )
    repair = run_steps(on_failure=True)
    assert any("--against approved.json --now now" in step for step in repair)


def test_the_gitlab_job_runs_the_same_commands() -> None:
    text = DOC.read_text(encoding="utf-8")
    gitlab = yaml.safe_load(re.search(r"## GitLab CI.*?```yaml\n(.*?)```", text, re.DOTALL)[1])  # type: ignore[index]
    commands = [c for c in gitlab["check-plan"]["script"] if c.startswith("seribu-plan")]
    github = [step.replace(" --format github", "") for step in run_steps()]
    assert commands == github
