"""Notebook maintenance for the course.

    python scripts/nbtools.py bootstrap [NB ...]   # write the Colab set-up lines into each first cell
    python scripts/nbtools.py blanks               # exercises/solutions/NN.ipynb -> exercises/NN.ipynb
    python scripts/nbtools.py execute NB [NB ...]  # run top to bottom in a fresh kernel, store outputs
    python scripts/nbtools.py all                  # bootstrap + blanks + execute every notebook

With no notebook named, ``bootstrap`` takes every notebook of the course.

Solution markers (in exercises/solutions only):

* ``answer = 42  # SOLUTION`` becomes ``answer = ...  # YOUR CODE HERE`` in the blank;
* lines between ``### BEGIN SOLUTION: model = None`` and ``### END SOLUTION`` are replaced by
  ``model = None  # YOUR CODE HERE`` (several stubs separated by ``;``; none gives ``pass``).

Cells whose answers are checked carry the tag ``check``; tests/test_exercises.py runs each blank and
requires every ``check`` cell to fail there, and nbval requires it to pass in the solution.
"""

from __future__ import annotations

import copy
import os
import re
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BOOTSTRAP_MARK = "# Set-up. On Google Colab"
BOOTSTRAP_TAGS = ["hide-input"]


def repository() -> tuple[str, str]:
    """(url, branch) from the one place that holds them: _config.yml."""
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    block = text.split("\nrepository:", 1)[1]
    url = re.search(r"^\s+url:\s*(\S+)", block, re.M).group(1)
    branch = re.search(r"^\s+branch:\s*(\S+)", block, re.M).group(1)
    return url, branch


def bootstrap_lines() -> list[str]:
    url, branch = repository()
    return [
        f"{BOOTSTRAP_MARK} this installs the course helpers (the `utils` package);",
        "# everywhere else it changes nothing. Then: quiet TensorFlow logs, seeds, figure defaults.",
        "import sys",
        "",
        'if "google.colab" in sys.modules:',
        f'    %pip install --quiet "cnn-course-utils @ git+{url}@{branch}"',
        "",
        "import utils",
    ]


def all_notebooks() -> list[Path]:
    nbs = sorted(ROOT.glob("chapters/*.ipynb")) + sorted(ROOT.glob("exercises/*.ipynb"))
    return nbs + sorted(ROOT.glob("exercises/solutions/*.ipynb"))


def first_code_cell(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            return cell
    return None


def expected_first_cell_source(source: str) -> str:
    """The first cell as it should be: the bootstrap lines, then whatever followed ``import utils``."""
    lines = source.splitlines()
    rest = (
        lines[lines.index("import utils") + 1 :] if "import utils" in lines else ["utils.setup()"]
    )
    while rest and not rest[0].strip():
        rest = rest[1:]
    return "\n".join(bootstrap_lines() + [""] + rest)  # laid out as `ruff format` lays it out


def bootstrap(paths) -> None:
    for path in paths:
        path = Path(path).resolve()
        nb = nbformat.read(path, as_version=4)
        cell = first_code_cell(nb)
        if cell is None:
            raise SystemExit(f"{path}: has no code cell")
        new = expected_first_cell_source(cell.source)
        tags = cell.metadata.setdefault("tags", [])
        changed = new != cell.source or any(t not in tags for t in BOOTSTRAP_TAGS)
        cell.source = new
        for t in BOOTSTRAP_TAGS:
            if t not in tags:
                tags.append(t)
        if changed:
            nbformat.write(nb, path)
            print(f"bootstrap: updated {path.relative_to(ROOT)}")


_SOLUTION_LINE = re.compile(r"^(\s*)([^=#]+?)\s*=\s*.+?#\s*SOLUTION\s*$")
_BEGIN = re.compile(r"^(\s*)###\s*BEGIN SOLUTION:?\s*(.*)$")
_END = re.compile(r"^\s*###\s*END SOLUTION\s*$")


def blank_source(source: str) -> str:
    out, inside = [], False
    for line in source.splitlines():
        if inside:
            if _END.match(line):
                inside = False
            continue
        m = _BEGIN.match(line)
        if m:
            indent, stubs = m.groups()
            stubs = [s.strip() for s in stubs.split(";") if s.strip()]
            out += [f"{indent}{s}  # YOUR CODE HERE" for s in stubs] or [
                f"{indent}pass  # YOUR CODE HERE"
            ]
            inside = True
            continue
        m = _SOLUTION_LINE.match(line)
        if m:
            out.append(f"{m.group(1)}{m.group(2).strip()} = ...  # YOUR CODE HERE")
            continue
        out.append(line)
    if inside:
        raise ValueError("### BEGIN SOLUTION without ### END SOLUTION")
    return "\n".join(out)


_ROLE = re.compile(r"\{(doc|term|ref|numref|cite)\}`([^`]*)`")


def _title_of(notebook: Path) -> str:
    for cell in nbformat.read(notebook, as_version=4).cells:
        m = re.search(r"^# (.+)$", cell.source, re.M) if cell.cell_type == "markdown" else None
        if m:
            return m.group(1).strip()
    return notebook.stem


def plain_roles(source: str) -> str:
    """Sphinx roles, which only the site renders, as text and links that Jupyter and Colab show too.

    The text is that of a blank, which lives in ``exercises/``: ``{doc}`../../chapters/x``` becomes a
    Markdown link to ``../chapters/x.ipynb`` titled with the chapter's heading; ``{term}`text <key>```
    becomes ``text``.
    """

    def repl(m):
        role, body = m.groups()
        text, _, target = body.partition(" <")
        target = target.rstrip(">") if target else text
        if role == "doc":
            path = (ROOT / "exercises" / "solutions" / target).resolve().with_suffix(".ipynb")
            title = text if body.endswith(">") else _title_of(path)
            rel = os.path.relpath(path, ROOT / "exercises").replace(os.sep, "/")
            return f"[{title}]({rel})"
        return text

    return _ROLE.sub(repl, source)


def make_blank(solution_nb):
    """The learner's copy: answers replaced by stubs, outputs cleared, title 'Solutions:' -> 'Exercises:'."""
    nb = copy.deepcopy(solution_nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = blank_source(cell.source)
            cell.outputs = []
            cell.execution_count = None
        else:
            if cell.source.lstrip().startswith("# Solutions: "):
                cell.source = cell.source.lstrip().replace("# Solutions: ", "# Exercises: ", 1)
            # The blank lives one folder up from its solution: keep relative links pointing at the same files.
            cell.source = re.sub(r"\]\(\.\./\.\./", "](../", cell.source)
            cell.source = plain_roles(cell.source)
    return nb


def blanks() -> list[Path]:
    written = []
    for sol in sorted(ROOT.glob("exercises/solutions/*.ipynb")):
        nb = make_blank(nbformat.read(sol, as_version=4))
        target = ROOT / "exercises" / sol.name
        old = nbformat.read(target, as_version=4) if target.exists() else None
        if old is None or nbformat.writes(old) != nbformat.writes(nb):
            nbformat.write(nb, target)
            print(f"blanks: wrote {target.relative_to(ROOT)}")
        written.append(target)
    return written


def execute(paths, timeout: int = 1200) -> None:
    from nbclient import NotebookClient

    env_defaults = {
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",
        "PYTHONHASHSEED": "0",
    }
    for k, v in env_defaults.items():
        os.environ.setdefault(k, v)
    for path in paths:
        path = Path(path).resolve()
        if path.parent == ROOT / "exercises":
            print(f"execute: skipping blank {path.name} (blanks are stored without outputs)")
            continue
        nb = nbformat.read(path, as_version=4)
        start = time.time()
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
        for cell in nb.cells:  # timing metadata makes diffs noisy
            cell.metadata.pop("execution", None)
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, path)
        print(f"execute: {path.relative_to(ROOT)} in {time.time() - start:.0f} s")


def main(argv) -> int:
    if not argv:
        print(__doc__)
        return 2
    cmd, args = argv[0], [Path(a) for a in argv[1:]]
    if cmd == "bootstrap":
        bootstrap(args or all_notebooks())
    elif cmd == "blanks":
        blanks()
    elif cmd == "execute":
        execute(args)
    elif cmd == "all":
        bootstrap(all_notebooks())
        blanks()
        execute(
            sorted(ROOT.glob("chapters/*.ipynb")) + sorted(ROOT.glob("exercises/solutions/*.ipynb"))
        )
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
