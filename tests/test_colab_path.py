"""The Colab path, proved without Colab.

On Colab a learner opens a notebook and runs its first cell, which installs the course package from the
repository and branch named in _config.yml (`%pip install "cnn-course-utils @ git+URL@BRANCH"`) and
then imports it. Two kinds of test:

* fast: the first code cell of every notebook is exactly what `scripts/nbtools.py bootstrap` writes from
  _config.yml, and its install line names _config.yml's repository and branch and this package's name;
* slow (about a minute): a fresh virtual environment that has what Colab preinstalls (TensorFlow, Keras,
  NumPy, Matplotlib, Jupyter: borrowed from the project's environment through a path entry, which gives
  packages but not the course package, and not the checkout on sys.path) runs a chapter top to bottom.
  The first cell runs as on Colab (``google.colab`` is made importable), with its pip line pointing at a
  copy of this checkout instead of the git URL; the chapter must run without error and import `utils`
  from what that pip line installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import nbtools  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPO_URL = CONFIG["repository"]["url"]
BRANCH = str(CONFIG["repository"]["branch"])
tomllib = pytest.importorskip("tomllib")  # Python 3.11+
PACKAGE = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
NOTEBOOKS = nbtools.all_notebooks()
COLAB_CHAPTER = (
    ROOT / "chapters" / "02_padding_stride.ipynb"
)  # small, and uses NumPy, TensorFlow and Keras
SNAPSHOT_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "_build",
    "test-artifacts",
    "__pycache__",
    ".hypothesis",
    ".ipynb_checkpoints",
    "*.egg-info",
    "build",
    "*.keras",
)


def _first_code_cell(path):
    return nbtools.first_code_cell(nbformat.read(path, as_version=4))


def test_nbtools_reads_the_same_repository_as_yaml():
    assert nbtools.repository() == (REPO_URL, BRANCH)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_first_cell_is_the_bootstrap_from_config(path):
    cell = _first_code_cell(path)
    assert cell is not None, f"{path.name} has no code cell"
    assert cell.source == nbtools.expected_first_cell_source(cell.source), (
        f"{path.relative_to(ROOT)}: the set-up cell is out of date; run "
        f"`.venv/bin/python scripts/nbtools.py bootstrap {path.relative_to(ROOT)}`"
    )
    assert set(nbtools.BOOTSTRAP_TAGS) <= set(cell.metadata.get("tags", [])), (
        "set-up cell lost its tags"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_install_line_names_the_configured_repository_and_branch(path):
    lines = _first_code_cell(path).source.splitlines()
    installs = [line for line in lines if "pip install" in line]
    assert installs == [f'    %pip install --quiet "{PACKAGE} @ git+{REPO_URL}@{BRANCH}"'], installs
    guard = lines.index(installs[0]) - 1
    assert lines[guard] == 'if "google.colab" in sys.modules:', "the install must run only on Colab"
    assert lines.index("import utils") > lines.index(installs[0]), (
        "utils must be imported after installing"
    )


# ------------------------------------------------------------------------------------ the slow one
RUNNER = textwrap.dedent(
    """
    import json, pathlib, sys
    import nbformat
    from nbclient import NotebookClient

    nb_path, checkout, git_spec, kernel = sys.argv[1:5]
    nb = nbformat.read(nb_path, as_version=4)
    first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    source = nb.cells[first].source
    assert source.count(git_spec) == 1, "the set-up cell has no pip line for " + git_spec
    # As on Colab, but installing this checkout instead of the repository on the internet.
    nb.cells[first].source = source.replace(git_spec, pathlib.Path(checkout).resolve().as_uri())
    nb.cells.insert(first, nbformat.v4.new_code_cell(
        "import sys, types\\nsys.modules['google.colab'] = types.ModuleType('google.colab')  # as on Colab"))
    nb.cells.append(nbformat.v4.new_code_cell(
        "import utils, importlib.metadata as md\\nprint('UTILS_FROM', utils.__file__)\\n"
        "print('DIST', md.distribution('cnn-course-utils').read_text('direct_url.json'))"))
    client = NotebookClient(nb, timeout=600, kernel_name=kernel, resources={"metadata": {"path": "."}})
    client.execute()
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                texts.append(out["text"])
    print(json.dumps({"outputs": texts}))
    """
)


def _site_packages_of_this_env() -> str:
    return sysconfig.get_paths()["purelib"]


@pytest.mark.skipif(not COLAB_CHAPTER.exists(), reason="chapter 2 is missing")
@pytest.mark.slow
def test_a_chapter_runs_in_a_fresh_colab_like_environment(tmp_path):
    base_python = getattr(sys, "_base_executable", None) or sys.executable
    env_dir = tmp_path / "colab"
    subprocess.run(
        [base_python, "-m", "venv", "--without-pip", str(env_dir)], check=True, timeout=120
    )
    py = env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    site = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # What Colab preinstalls: this environment's packages, by a plain path entry (no .pth in it runs).
    (site / "colab_preinstalled.pth").write_text(_site_packages_of_this_env() + "\n")
    kernel_dir = env_dir / "share" / "jupyter" / "kernels" / "colab-like"
    kernel_dir.mkdir(parents=True)
    (kernel_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(py), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Colab-like",
                "language": "python",
            }
        )
    )

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "JUPYTER_PATH")
    }
    env.update(PYTHONNOUSERSITE="1", PIP_DISABLE_PIP_VERSION_CHECK="1", TF_CPP_MIN_LOG_LEVEL="3")
    work = tmp_path / "run"
    work.mkdir()
    # Preconditions: the environment has Colab's packages but not the course package.
    probe = subprocess.run(
        [
            str(py),
            "-c",
            "import numpy, matplotlib, keras, tensorflow, nbclient, ipykernel\n"
            "import importlib.util as u; print(u.find_spec('utils'))",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert probe.returncode == 0, probe.stderr[-2000:]
    assert probe.stdout.strip().splitlines()[-1] == "None", (
        "the fresh environment can already import utils"
    )

    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT, checkout, ignore=SNAPSHOT_IGNORE)
    shutil.copy(COLAB_CHAPTER, work / COLAB_CHAPTER.name)
    (work / "runner.py").write_text(RUNNER)
    run = subprocess.run(
        [
            str(py),
            "runner.py",
            COLAB_CHAPTER.name,
            str(checkout),
            f"git+{REPO_URL}@{BRANCH}",
            "colab-like",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, (
        f"the chapter failed in the Colab-like environment:\n{(run.stdout + run.stderr)[-4000:]}"
    )
    outputs = "".join(json.loads(run.stdout.strip().splitlines()[-1])["outputs"])
    m = re.search(r"UTILS_FROM (\S+)", outputs)
    assert m and Path(m.group(1)).is_relative_to(site), (
        f"utils was not imported from the installed package: {m}"
    )
    assert f'"url": "file://{checkout}"' in outputs, (
        "utils was not installed by the set-up cell's pip line"
    )
    # The package data came along: chapter 6 loads trained weights from the installed package.
    for file in ("fashion_same_bn_dropout.weights.h5", "fashion_same_bn_dropout.json"):
        assert (site / "utils" / "weights" / file).is_file(), (
            f"{file} is not in the installed package"
        )
    # ... and the experiment records the chapters load.
    shipped = sorted(p.name for p in (ROOT / "utils" / "records").glob("*.json"))
    assert shipped, "the repository ships no experiment records"
    for file in shipped:
        assert (site / "utils" / "records" / file).is_file(), (
            f"records/{file} is not in the installed package"
        )
