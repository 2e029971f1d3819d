"""pytest set-up shared by the unit tests and by nbval (which runs every notebook as a test)."""

import os

# Before any kernel starts: quiet TensorFlow's C++ logger, fix hash seeds.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")  # as utils.setup() sets it
os.environ.setdefault("PYTHONHASHSEED", "0")

# The learner's blank copies are stored without outputs and are expected to fail their checks;
# tests/test_exercises.py runs them. nbval runs the chapters and the solutions.
# (fnmatch's "*" also matches "/", so a glob like "exercises/*.ipynb" would hide the solutions too.)
from pathlib import Path

_ROOT = Path(__file__).resolve().parent
# colab/ holds generated copies of the notebooks (scripts/nbtools.py colab), checked by
# tests/test_colab.py: nbval must not run every notebook a second time there.
collect_ignore_glob = ["_build/*", ".venv/*", "colab/*"]


def pytest_ignore_collect(collection_path, config):
    path = Path(collection_path)
    if path.suffix == ".ipynb" and path.resolve().parent == _ROOT / "exercises":
        return True
    return None


def pytest_collectstart(collector):
    # stderr carries only warnings and log noise; what a notebook shows is compared on stdout and results.
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)


def pytest_collection_modifyitems(config, items):
    """`pytest -m "not slow"` is the inner loop (about a minute): it leaves out the notebooks (nbval), and
    every test that builds the site (the `built_site` fixture); slow tests elsewhere carry `@pytest.mark.slow`."""
    import pytest

    for item in items:
        if Path(str(item.fspath)).suffix == ".ipynb" or "built_site" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.slow)
