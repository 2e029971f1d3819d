"""Fixtures shared by the tests of the built site.

``site_build`` builds the book ONCE per test session, strictly (``jupyter-book build -W -n --keep-going``),
from a snapshot of the working tree copied into pytest's temporary folder, so that the build never touches
``_build/`` in the checkout (which people use while they write) and never sees a file half-written.
``built_site`` is its HTML folder, and fails when the strict build had any warning. Any test may use either:

    def test_something(built_site):            # pathlib.Path of the HTML folder
        assert (built_site / "intro.html").is_file()

    def test_strict(site_build):                # .html, .returncode, .log, .seconds, .source
        assert site_build.returncode == 0, site_build.log[-3000:]

To check an existing build instead (quicker while working on the tests), point CNN_COURSE_SITE at its
HTML folder: ``CNN_COURSE_SITE=_build/html .venv/bin/python -m pytest tests/test_site.py``
(``site_build.returncode`` is then None: nothing was built).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Not part of the book: left out of the snapshot (they can be large, or change while the build runs).
SNAPSHOT_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "_build",
    "test-artifacts",
    "__pycache__",
    ".hypothesis",
    ".ipynb_checkpoints",
    ".pytest_cache",
    "*.keras",
    "*.egg-info",
)


@dataclass(frozen=True)
class SiteBuild:
    html: Path  # the HTML folder (index.html, chapters/, _static/, ...)
    source: (
        Path  # the snapshot the site was built from (holds _config.yml, _toc.yml, the notebooks)
    )
    returncode: (
        int | None
    )  # jupyter-book's exit status (non-zero on any warning); None: not built here
    log: str  # jupyter-book's output
    seconds: float


def _jupyter_book() -> list[str]:
    exe = Path(sys.executable).with_name("jupyter-book")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "jupyter_book.cli.main"]


def _build(parent: Path) -> SiteBuild:
    """Snapshot the checkout into ``parent/src`` and build it strictly there."""
    source = parent / "src"
    shutil.copytree(ROOT, source, ignore=SNAPSHOT_IGNORE)
    start = time.time()
    proc = subprocess.run(
        _jupyter_book() + ["build", str(source), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"},
    )
    return SiteBuild(
        html=source / "_build" / "html",
        source=source,
        returncode=proc.returncode,
        log=proc.stdout + proc.stderr,
        seconds=time.time() - start,
    )


def _shared_build(shared: Path) -> SiteBuild:
    """One build for all pytest-xdist workers: the first to create ``book.lock`` builds, the others
    wait for its ``book.json`` (written also when the build fails) and use the same folder."""
    done = shared / "book.json"
    try:
        (shared / "book.lock").mkdir()
    except FileExistsError:
        deadline = time.time() + 1900
        while not done.is_file():
            if time.time() > deadline:
                pytest.fail(f"waited 30 minutes for another worker to build the book ({shared})")
            time.sleep(1)
        info = json.loads(done.read_text(encoding="utf-8"))
        if "error" in info:
            pytest.fail(f"the worker that built the book failed: {info['error']}")
        return SiteBuild(**{**info, "html": Path(info["html"]), "source": Path(info["source"])})
    try:
        (shared / "book").mkdir()
        build = _build(shared / "book")
        info = {**asdict(build), "html": str(build.html), "source": str(build.source)}
    except BaseException as exc:  # the waiting workers must not wait for nothing
        info = {"error": f"{type(exc).__name__}: {exc}"}
        raise
    finally:
        tmp = shared / "book.json.tmp"
        tmp.write_text(json.dumps(info), encoding="utf-8")
        os.replace(tmp, done)
    return build


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> SiteBuild:
    given = os.environ.get("CNN_COURSE_SITE")
    if given:
        html = Path(given).resolve()
        if not (html / "index.html").is_file():
            pytest.fail(f"CNN_COURSE_SITE={given} has no index.html")
        return SiteBuild(html=html, source=ROOT, returncode=None, log="", seconds=0.0)
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the workers' temporary folders share a parent
        build = _shared_build(tmp_path_factory.getbasetemp().parent)
    else:
        build = _build(tmp_path_factory.mktemp("book"))
    if not (build.html / "index.html").is_file():
        pytest.fail(
            f"jupyter-book build produced no site (exit {build.returncode}):\n{build.log[-4000:]}"
        )
    return build


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    """The built book's HTML folder, from a strict build: fails (listing the warnings) if there were any.

    Tests that should look at the site even when some page has a warning (the browser test) use
    ``site_build.html`` instead.
    """
    if site_build.returncode not in (0, None):
        warnings = [
            line
            for line in ANSI.sub("", site_build.log).splitlines()
            if re.search(r"WARNING|ERROR", line)
        ]
        pytest.fail(
            f"the strict book build (jupyter-book build -W -n --keep-going) failed (exit {site_build.returncode}):\n"
            + "\n".join(warnings[:40] or ANSI.sub("", site_build.log).splitlines()[-40:])
        )
    return site_build.html


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (one per session); skips, saying why, where it cannot start."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the browser test needs the `playwright` Python package (requirements.txt)")
    import sitecheck

    with sync_playwright() as p:
        try:
            b = sitecheck.launch(p)
        except sitecheck.BrowserUnavailable as exc:
            pytest.skip(f"browser test skipped: {exc}")
        yield b
        b.close()
