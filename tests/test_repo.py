"""The README's commands, CI and the package metadata agree with each other."""

import re
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+; on 3.10 these two checks are skipped

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BUILD = "bash scripts/setup.sh && .venv/bin/jupyter-book build . -W -n --keep-going"
TEST = (
    "bash scripts/setup.sh && .venv/bin/ruff check . && .venv/bin/ruff format --check . "
    "&& .venv/bin/python -m pytest"
)


def test_readme_gives_the_two_fresh_machine_commands():
    section = README.split("## On a fresh machine", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", section, re.S)
    assert commands == [BUILD, TEST]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert TEST in ci.splitlines()


def test_pytest_runs_notebooks_by_default():
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "--nbval" in cfg["addopts"] and "nbval_sanitize.cfg" in cfg["addopts"]
    assert {"tests", "chapters", "exercises/solutions"} <= set(cfg["testpaths"])


def test_package_stays_light_for_colab():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert not any(d.lower().startswith(("tensorflow", "keras")) for d in deps), deps
