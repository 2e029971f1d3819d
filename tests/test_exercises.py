"""Exercises: the learner's blank copy is generated from the solution, and its checks really check.

nbval runs each solution (collected from exercises/solutions/) and so proves every check passes there.
Here each blank is run in a fresh kernel and every cell tagged ``check`` must fail with a
:class:`utils.checks.Hint` that shows its message alone, without a traceback.
"""

import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted(ROOT.glob("exercises/solutions/*.ipynb"))
MIN_CHECKS = 4

_spec = importlib.util.spec_from_file_location("nbtools", ROOT / "scripts" / "nbtools.py")
nbtools = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = nbtools  # its dataclasses look their module up while it loads
_spec.loader.exec_module(nbtools)


def _checks(nb):
    return [c for c in nb.cells if c.cell_type == "code" and "check" in c.metadata.get("tags", [])]


def _id(p):
    return p.stem


def test_blank_marker_rewriting():
    src = (
        "n = 7\nsize = (n - 3) // 2 + 1  # SOLUTION\n### BEGIN SOLUTION: model = None; history = None\n"
        "model = build()\n### END SOLUTION\nprint(size)"
    )
    assert nbtools.blank_source(src) == (
        "n = 7\nsize = ...  # YOUR CODE HERE\nmodel = None  # YOUR CODE HERE\n"
        "history = None  # YOUR CODE HERE\nprint(size)"
    )
    with pytest.raises(ValueError, match="without ### END SOLUTION"):
        nbtools.blank_source("### BEGIN SOLUTION\nx = 1")


@pytest.mark.parametrize("solution", SOLUTIONS, ids=_id)
def test_blank_is_generated_from_its_solution(solution):
    blank = ROOT / "exercises" / solution.name
    expected = nbtools.make_blank(nbformat.read(solution, as_version=4))
    assert nbformat.writes(nbformat.read(blank, as_version=4)) == nbformat.writes(expected), (
        f"exercises/{solution.name} is out of date: run `python scripts/nbtools.py blanks`"
    )


@pytest.mark.parametrize("solution", SOLUTIONS, ids=_id)
def test_solution_has_enough_graded_exercises(solution):
    nb = nbformat.read(solution, as_version=4)
    assert len(_checks(nb)) >= MIN_CHECKS, (
        f"{solution.name}: {len(_checks(nb))} checked exercises, want >= {MIN_CHECKS}"
    )
    answers = sum(
        c.source.count("# SOLUTION") + c.source.count("### BEGIN SOLUTION")
        for c in nb.cells
        if c.cell_type == "code"
    )
    assert answers >= MIN_CHECKS, (
        f"{solution.name}: only {answers} answers are blanked for the learner"
    )


@pytest.mark.slow
@pytest.mark.parametrize("solution", SOLUTIONS, ids=_id)
def test_every_check_fails_on_the_blank(solution):
    from nbclient import NotebookClient

    blank = nbformat.read(ROOT / "exercises" / solution.name, as_version=4)
    client = NotebookClient(
        blank,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(ROOT / "exercises")}},
    )
    client.execute()
    for cell in _checks(blank):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert errors, f"{solution.name}: a check passed on the blank copy:\n{cell.source}"
        assert errors[0].ename in {"Hint", "NotAnswered"}, (
            f"{solution.name}: a check on the blank failed with {errors[0].ename}, not a checker's Hint:\n"
            f"{cell.source}\n{errors[0].evalue}"
        )
        shown = "\n".join(errors[0].traceback)
        assert (
            "File " not in shown and "utils/checks" not in shown and len(errors[0].traceback) <= 3
        ), f"{solution.name}: a failed check shows more than its hint:\n{shown}"


def test_roles_become_plain_text_in_blanks():
    src = "See {doc}`../../chapters/03_pooling` and the {term}`stride <stride>`; a {term}`hyperparameter`."
    assert nbtools.plain_roles(src) == (
        "See [Pooling: smaller maps, strongest responses](../chapters/03_pooling.ipynb) and the stride; "
        "a hyperparameter."
    )


@pytest.mark.parametrize("solution", SOLUTIONS, ids=_id)
def test_blank_has_no_site_only_roles(solution):
    """Jupyter and Colab show `{doc}`/`{term}` roles as raw text: the blanks use links and words instead."""
    blank = nbformat.read(ROOT / "exercises" / solution.name, as_version=4)
    roles = [
        m for c in blank.cells if c.cell_type == "markdown" for m in nbtools._ROLE.findall(c.source)
    ]
    assert not roles, f"exercises/{solution.name} keeps Sphinx roles: {roles}"
    for c in blank.cells:
        for link in __import__("re").findall(
            r"\]\((\.\./[^)#]+)", c.source if c.cell_type == "markdown" else ""
        ):
            assert (ROOT / "exercises" / link).resolve().exists(), (
                f"exercises/{solution.name}: broken link {link}"
            )
