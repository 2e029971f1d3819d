"""requirements.txt installs on the laptops learners own: Linux x86_64 and aarch64, macOS on Apple silicon and
Windows x64, for every Python the README claims. Each is resolved with uv's universal resolver
(`uv pip compile --python-platform`), which needs the package registry but installs nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # asks the package registry

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = {
    "x86_64-unknown-linux-gnu": "tensorflow-cpu",
    "aarch64-unknown-linux-gnu": "tensorflow",
    "aarch64-apple-darwin": "tensorflow",
    "x86_64-pc-windows-msvc": "tensorflow-cpu",
}
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]  # Colab runs 3.12


def _uv() -> str:
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        pytest.fail("uv is not installed; it is in requirements.txt (run scripts/setup.sh)")
    return uv


def resolve(requirements: Path, platform: str, python: str) -> tuple[bool, str]:
    """(resolved?, the pinned list or uv's error) for one platform and Python version."""
    proc = subprocess.run(
        [
            _uv(),
            "pip",
            "compile",
            str(requirements),
            "--python-platform",
            platform,
            "--python-version",
            python,
            "--no-header",
            "--quiet",
            "--no-annotate",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    return proc.returncode == 0, proc.stdout if proc.returncode == 0 else proc.stderr


def test_requirements_resolve_on_every_platform_and_python():
    cases = [(p, v) for p in PLATFORMS for v in PYTHONS]
    with ThreadPoolExecutor(max_workers=len(cases)) as pool:  # each waits on the registry
        results = list(pool.map(lambda c: resolve(ROOT / "requirements.txt", *c), cases))
    failures = []
    for (platform, python), (ok, out) in zip(cases, results):
        if not ok:
            failures.append(
                f"{platform}, Python {python}: {out.strip().splitlines()[-1] if out.strip() else out}"
            )
            continue
        pins = {line.split("==")[0] for line in out.splitlines() if "==" in line}
        if PLATFORMS[platform] not in pins:
            failures.append(f"{platform}, Python {python}: resolved without {PLATFORMS[platform]}")
    assert not failures, "requirements.txt does not install on:\n" + "\n".join(failures)


def test_the_resolver_check_fails_for_a_linux_only_wheel(tmp_path):
    """The CPU-only wheel alone has no macOS build: the check above would name the platform."""
    req = tmp_path / "requirements.txt"
    req.write_text("tensorflow-cpu>=2.17,<2.22\n")
    ok, out = resolve(req, "aarch64-apple-darwin", "3.11")
    assert not ok and "tensorflow-cpu" in out
