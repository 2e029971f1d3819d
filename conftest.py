"""pytest set-up shared by the unit tests and by nbval (which runs every notebook as a test)."""
import os

# Before any kernel starts: quiet TensorFlow's C++ logger, fix hash seeds.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("PYTHONHASHSEED", "0")

# The learner's blank copies are stored without outputs and are expected to fail their checks;
# tests/test_exercises.py runs them. nbval runs the chapters and the solutions.
collect_ignore_glob = ["exercises/*.ipynb", "_build/*", ".venv/*"]


def pytest_collectstart(collector):
    # stderr carries only warnings and log noise; what a notebook shows is compared on stdout and results.
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
