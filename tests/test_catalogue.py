"""Every anticipated wrong answer gets a hint that names the mistake; no answer crashes a checker."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import nbformat
import pytest
from catalogue import KINDS, MIN_KINDS, MIN_PER_CHECK
from catalogue import concepts as cat_concepts
from catalogue import conv as cat_conv
from catalogue import models as cat_models
from catalogue import training as cat_training

from utils.checks import UNFORESEEN, Hint

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = (
    cat_conv.CATALOGUE + cat_models.CATALOGUE + cat_training.CATALOGUE + cat_concepts.CATALOGUE
)


def run_wrong(entry) -> str:
    """Feed one wrong answer to its checker; return the hint, or fail saying what went wrong."""
    try:
        entry.check(*entry.answer, *entry.args, **entry.kwargs)
    except Hint as e:
        message = str(e)
    except Exception as e:  # noqa: BLE001
        pytest.fail(f"{entry.id}: the checker crashed with {type(e).__name__}: {e}")
    else:
        pytest.fail(f"{entry.id}: the wrong answer {entry.answer!r} passed the check")
    assert UNFORESEEN not in message, f"{entry.id}: no specific hint, only the fallback: {message}"
    missing = [w for w in entry.words if w.lower() not in message.lower()]
    assert not missing, f"{entry.id}: the hint lacks {missing}:\n{message}"
    return message


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.id)
def test_wrong_answer_gets_its_hint(entry):
    run_wrong(entry)


def check_cells():
    """(exercise, checker name) for every checker called in a cell tagged ``check``."""
    found = []
    for path in sorted(ROOT.glob("exercises/solutions/*.ipynb")):
        chapter = int(path.name[:2])
        section = None
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                m = re.search(r"^## (\d+)\. ", cell.source, re.M)
                section = m.group(1) if m else section
            elif "check" in cell.metadata.get("tags", []):
                for name in re.findall(r"\b(check_\w+)\(", cell.source):
                    found.append((f"{chapter}.{section}", name))
    return found


def test_every_check_has_its_catalogue():
    by_check = defaultdict(list)
    for e in CATALOGUE:
        by_check[(e.exercise, e.check.__name__)].append(e.kind)
    cells = check_cells()
    assert len(cells) >= 40, f"found only {len(cells)} checker calls in check cells"
    short = []
    for key in cells:
        kinds = by_check.get(key, [])
        if len(kinds) < MIN_PER_CHECK or len(set(kinds)) < MIN_KINDS or "type" not in kinds:
            short.append(f"{key}: {len(kinds)} entries of kinds {sorted(set(kinds))}")
    assert not short, (
        "these checks need at least "
        f"{MIN_PER_CHECK} wrong answers of {MIN_KINDS}+ kinds including 'type':\n"
        + "\n".join(short)
    )
    stale = sorted(set(by_check) - set(cells))
    assert not stale, f"catalogue entries for checks that no check cell calls: {stale}"


def test_catalogue_kinds_are_known():
    assert {e.kind for e in CATALOGUE} <= KINDS


def test_the_harness_fails_on_a_pass_a_crash_and_a_missing_word():
    from catalogue import wrong

    from utils.checks import checker, conv

    with pytest.raises(pytest.fail.Exception, match="passed"):
        run_wrong(wrong("0.0", "near miss", conv.check_output_size, 5, 7, 3))
    with pytest.raises(pytest.fail.Exception, match="crashed"):
        run_wrong(wrong("0.0", "type", lambda v: 1 / 0, 1))

    @checker
    def naive(v):
        return 1 / v

    with pytest.raises(AssertionError, match="fallback"):
        run_wrong(wrong("0.0", "type", naive, 0))
    with pytest.raises(AssertionError, match="lacks"):
        run_wrong(wrong("0.0", "near miss", conv.check_output_size, 4, 7, 3, words="banana"))


def test_every_public_checker_only_raises_hints():
    """Each checker is wrapped by ``utils.checks.checker``, so no answer can crash it."""
    import inspect

    from utils.checks import concepts, conv, models, training

    bare = [
        f"{m.__name__}.{n}"
        for m in (conv, models, training, concepts)
        for n in m.__all__
        if n.startswith("check_")
        and inspect.isfunction(getattr(m, n))
        and not hasattr(getattr(m, n), "__wrapped__")
    ]
    assert not bare, f"checkers not wrapped by @checker: {bare}"


ODD_ANSWERS = [
    ...,
    None,
    "26",
    True,
    1 + 2j,
    [0.3, 0.9],
    (1, 2),
    {"a": 1},
    float("nan"),
    [[1, 2], [3]],
    object(),
    print,
    b"26",
    {1, 2},
]


@pytest.mark.parametrize("read", ["as_number", "as_int", "as_ints", "as_array", "as_text"])
def test_the_answer_readers_turn_any_odd_answer_into_a_hint(read):
    import utils.checks as checks

    fn = getattr(checks, read)
    for odd in ODD_ANSWERS:
        try:
            fn(odd, "answer", 3) if read == "as_ints" else fn(odd, "answer")
        except Hint as e:
            assert "answer" in str(e) and UNFORESEEN not in str(e)
        except Exception as e:  # noqa: BLE001
            pytest.fail(f"{read}({odd!r}) raised {type(e).__name__}: {e}")
