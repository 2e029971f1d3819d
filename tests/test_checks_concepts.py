"""The conceptual questions of utils.checks.concepts: right answers pass in every form a learner may
write them, the truth of the options is computed (not typed), the hints never name a letter, and the
notebooks show the options the checker checks. tests/catalogue/concepts.py holds the wrong answers."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from utils.checks import UNFORESEEN, Hint, NotAnswered
from utils.checks import concepts as cc

ROOT = Path(__file__).resolve().parents[1]
CHOICES = {k: q for k, q in cc.QUESTIONS.items() if isinstance(q, cc.Choice)}


def _forms(letters, multi):
    """The ways a learner may write a right answer."""
    letters = sorted(letters)
    if not multi:
        (x,) = letters
        return [x, x.upper(), f" {x} ", f"({x})", f"{x})", [x], (x.upper(),)]
    return [
        letters,
        letters[::-1],
        tuple(x.upper() for x in letters),
        ", ".join(letters),
        " ".join(x.upper() for x in letters),
        set(letters),
        letters + letters[:1],  # a letter twice is still one choice
    ]


@pytest.mark.parametrize("qid", sorted(CHOICES))
def test_right_answer_passes_in_every_form(qid, capsys):
    q = CHOICES[qid]
    for form in _forms(cc.truth(qid), q.multi):
        cc.check_choice(form, qid)
        assert capsys.readouterr().out.startswith(f"✔ {q.title}: correct — "), form


def test_number_question_passes_ints_floats_and_numpy():
    for form in (4, 4.0, np.int64(4), np.array(4), [4]):
        cc.check_number(form, "corner_windows")


@pytest.mark.parametrize("qid", sorted(cc.QUESTIONS))
def test_the_blank_is_not_answered(qid):
    check = cc.check_choice if qid in CHOICES else cc.check_number
    for blank in (..., None):
        with pytest.raises(NotAnswered):
            check(blank, qid)


@pytest.mark.parametrize("qid", sorted(CHOICES))
def test_every_wrong_option_explains_itself_without_naming_a_letter(qid):
    q = CHOICES[qid]
    right = cc.truth(qid)
    assert right, f"{qid}: no option holds"
    assert q.multi or len(right) == 1, f"{qid}: a one-letter question with {sorted(right)} right"
    for letter, option in q.options.items():
        if letter in right:
            continue
        assert len(option.hint) > 40, f"{qid} ({letter}): a wrong option needs its own hint"
        assert not re.search(r"\([a-z]\)|'[a-z]'", option.hint), f"{qid} ({letter}) names a letter"
    hints = [o.hint for k, o in q.options.items() if k not in right]
    assert len(set(hints)) == len(hints), f"{qid}: two wrong options share a hint"


@pytest.mark.parametrize("qid", sorted(k for k, q in CHOICES.items() if q.multi))
def test_a_partial_answer_counts_but_does_not_name(qid):
    right = sorted(cc.truth(qid))
    wrong = sorted(set(CHOICES[qid].options) - set(right))
    answer = right[1:] + wrong[:1]  # one missing, one extra
    with pytest.raises(Hint) as e:
        cc.check_choice(answer, qid)
    message = str(e.value)
    assert "1 not" in message and "1 option that holds is missing" in message, message
    assert right[0] not in re.findall(r"'([a-z])'|\(([a-z])\)", message), message
    assert UNFORESEEN not in message


def test_one_letter_questions_reject_several_and_unknown_letters():
    with pytest.raises(Hint, match="one letter is asked"):
        cc.check_choice(["b", "b", "c"], "padding_costs")
    with pytest.raises(Hint, match="valid letters are a, b, c, d"):
        cc.check_choice("z", "padding_costs")


def test_the_truth_is_computed_from_utils(monkeypatch):
    """Move a bright pixel of exercise 3.9's image into the right column of its window: the pooled
    map then changes with the shift, and the right answer changes with it."""
    assert cc.truth("shift_equalities") == {"a", "c"}
    img, kernel = cc.shift_example()
    crossing = img.copy()
    crossing[0, 0], crossing[0, 1] = 0, 9
    monkeypatch.setattr(cc, "shift_example", lambda: (crossing, kernel))
    assert cc.truth("shift_equalities") == {"a"}
    with pytest.raises(Hint, match="1 of your 2 choices hold, 1 not"):
        cc.check_choice(["a", "c"], "shift_equalities")


def test_the_computed_facts():
    assert cc.windows_containing((6, 6), (0, 0)) == 1
    assert cc.windows_containing((6, 6), (0, 0), padding="same") == 4
    assert cc.windows_containing((6, 6), (0, 3), padding="same") == 6
    assert cc.windows_containing((6, 6), (3, 3), padding="same") == 9
    assert cc.truth("one_by_one_stacks") == {"a", "c", "d"}
    assert not cc.collapses_to_one_by_one(((8, 1, "relu"), (4, 1, None)))
    assert cc.collapses_to_one_by_one(((8, 1, "relu"),))  # one layer is one layer


ODD = ["", "  ", "ab", "b c", 0, -1, 2.5, True, np.bool_(False), 1 + 2j, {"a": 1}, {1, 2}, [[]],
       ["a", ["b"]], np.array(["a", "c"]), np.zeros((2, 2)), object(), print, b"a", float("nan")]  # fmt: skip


@pytest.mark.parametrize("qid", sorted(cc.QUESTIONS))
def test_no_odd_answer_crashes_a_question(qid):
    check = cc.check_choice if qid in CHOICES else cc.check_number
    for answer in ODD:
        try:
            check(answer, qid)
        except Hint as e:
            assert UNFORESEEN not in str(e), f"{qid}({answer!r}): {e}"


def _sections():
    """{question id: (notebook, the markdown of the section whose check cell asks it)}."""
    found = {}
    for path in sorted(ROOT.glob("exercises/solutions/*.ipynb")):
        text = ""
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                text = cell.source if re.match(r"## \d+\. ", cell.source) else text + cell.source
            elif "check" in cell.metadata.get("tags", []):
                for qid in re.findall(r'concepts\.check_\w+\([^,]+,\s*"(\w+)"', cell.source):
                    found[qid] = (path.name, text)
    return found


def test_every_question_is_asked_and_shows_its_options():
    sections = _sections()
    assert set(sections) == set(cc.QUESTIONS), "questions and check cells differ"
    for qid, q in CHOICES.items():
        name, text = sections[qid]
        assert cc.options_markdown(qid) in text, f"{name}: the options of {qid!r} are out of date"
        asked = "list of letters" if q.multi else "One letter"
        assert asked in text, f"{name}: say how {qid!r} is answered ({asked!r})"


def test_the_option_check_fails_on_an_edited_option(monkeypatch):
    q = CHOICES["padding_costs"]
    edited = dict(q.options, a=cc.Option("More weights.", False, q.options["a"].hint))
    monkeypatch.setitem(cc.QUESTIONS, "padding_costs", cc.Choice(q.title, edited, q.why))
    monkeypatch.setitem(CHOICES, "padding_costs", cc.QUESTIONS["padding_costs"])
    with pytest.raises(AssertionError, match="out of date"):
        test_every_question_is_asked_and_shows_its_options()
