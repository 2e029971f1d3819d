"""Anticipated wrong answers for the conceptual questions of exercises 2.13–2.15 (why pad?), 3.9–3.10
(equivariance and invariance) and 8.8 (when 1×1 layers collapse): see tests/catalogue/__init__.py.
The questions, their right answers and their hints are data in utils/checks/concepts.py; the second
argument of every entry is the question's id, as in the check cells."""

from __future__ import annotations

import numpy as np

from utils.checks import concepts as cc

from . import wrong

# ----------------------------------------------------------------------------- 2.13 corner windows

CW = "corner_windows"
CAT_2_13 = [
    wrong("2.13", "type", cc.check_number, "4", CW, words="drop the quotes"),
    wrong("2.13", "type", cc.check_number, True, CW, words="True/False"),
    wrong("2.13", "shape", cc.check_number, [4, 1], CW, words="one whole number is asked"),
    wrong("2.13", "misconception", cc.check_number, 1, CW, words=("without padding", "ring")),
    wrong(
        "2.13", "misconception", cc.check_number, 9, CW, words=("in the middle", "never on a zero")
    ),
    wrong("2.13", "misconception", cc.check_number, 6, CW, words=("top edge", "one side only")),
    wrong("2.13", "misconception", cc.check_number, 36, CW, words="in all"),
    wrong("2.13", "near miss", cc.check_number, 5, CW, words=("window centres", "r − 1")),
    wrong("2.13", "near miss", cc.check_number, 4.5, CW, words="whole"),
]

# ----------------------------------------------------------------------------- 2.14 what padding buys

PB = "padding_buys"
CAT_2_14 = [
    wrong("2.14", "type", cc.check_choice, 1, PB, words=("the number 1", "write its letter, 'a'")),
    wrong("2.14", "type", cc.check_choice, True, PB, words="not whether it holds"),
    wrong(
        "2.14", "type", cc.check_choice, "ac", PB, words=("runs the letters together", "['a', 'c']")
    ),
    wrong("2.14", "type", cc.check_choice, ["a", 3], PB, words=("the number 3", "in quotes")),
    wrong(
        "2.14", "type", cc.check_choice, ["a", "f"], PB, words=("'f' is not one", "a, b, c, d, e")
    ),
    wrong("2.14", "shape", cc.check_choice, [], PB, words=("empty list", "at least one")),
    wrong(
        "2.14",
        "misconception",
        cc.check_choice,
        ["a", "b", "c"],
        PB,
        words=("2 of your 3 choices hold", "not a full neighbourhood"),
    ),
    wrong("2.14", "misconception", cc.check_choice, ["a", "c", "d"], PB, words="no information"),
    wrong(
        "2.14", "misconception", cc.check_choice, ("a", "c", "e"), PB, words="no padding and no map"
    ),
    wrong(
        "2.14",
        "near miss",
        cc.check_choice,
        "a",
        PB,
        words=("your choice holds", "1 option that holds is missing", "exercise 13"),
    ),
    wrong(
        "2.14",
        "near miss",
        cc.check_choice,
        {"c"},
        PB,
        words="1 option that holds is missing",
    ),
]

# ----------------------------------------------------------------------------- 2.15 what padding costs

PC = "padding_costs"
CAT_2_15 = [
    wrong("2.15", "type", cc.check_choice, 2, PC, words=("labelled with the letters", "'b'")),
    wrong("2.15", "type", cc.check_choice, "More multiply-adds", PC, words="not its text"),
    wrong("2.15", "type", cc.check_choice, "e", PC, words=("'e' is not one", "a, b, c, d")),
    wrong("2.15", "shape", cc.check_choice, ["b", "c"], PC, words="one letter is asked"),
    wrong("2.15", "misconception", cc.check_choice, "a", PC, words="do not depend on its padding"),
    wrong(
        "2.15", "misconception", cc.check_choice, " C ", PC, words=("4 at the corner", "9 in the")
    ),
    wrong("2.15", "misconception", cc.check_choice, "(d)", PC, words="price of 'valid'"),
]

# ----------------------------------------------------------------------------- 3.9 shift in, shift out

SE = "shift_equalities"
CAT_3_9 = [
    wrong("3.9", "type", cc.check_choice, True, SE, words="not whether it holds"),
    wrong("3.9", "type", cc.check_choice, np.array([1, 3]), SE, words="in quotes"),
    wrong("3.9", "type", cc.check_choice, "a c g", SE, words=("'g' is not one", "a, b, c, d, e")),
    wrong("3.9", "shape", cc.check_choice, (), SE, words="empty list"),
    wrong(
        "3.9",
        "misconception",
        cc.check_choice,
        ["a", "b", "c"],
        SE,
        words=("(equivariance)", "does not stay put"),
    ),
    wrong("3.9", "misconception", cc.check_choice, ["a", "c", "d"], SE, words="a whole window"),
    wrong("3.9", "misconception", cc.check_choice, ["a", "c", "e"], SE, words="partial and local"),
    wrong(
        "3.9",
        "misconception",
        cc.check_choice,
        ["b", "c", "e"],
        SE,
        words=("1 of your 3 choices hold, 2 not", "1 option that holds is missing"),
    ),
    wrong(
        "3.9",
        "near miss",
        cc.check_choice,
        "c",
        SE,
        words=("your choice holds", "follow one bright"),
    ),
]

# ----------------------------------------------------------------------------- 3.10 convnet and shifts

CS = "convnet_shift"
CAT_3_10 = [
    wrong("3.10", "type", cc.check_choice, 2, CS, words="write its letter, 'b'"),
    wrong("3.10", "type", cc.check_choice, {"b": True}, CS, words="a dict"),
    wrong("3.10", "shape", cc.check_choice, ["a", "b"], CS, words="one letter is asked"),
    wrong(
        "3.10", "misconception", cc.check_choice, "a", CS, words=("are equivariant", "exercise 9")
    ),
    wrong("3.10", "misconception", cc.check_choice, "C", CS, words=("is local", "exercise 6")),
    wrong(
        "3.10", "misconception", cc.check_choice, ["d"], CS, words=("same 28×28 frame", "length")
    ),
]

# ----------------------------------------------------------------------------- 8.8 stacks of 1×1 layers

OS = "one_by_one_stacks"
CAT_8_8 = [
    wrong("8.8", "type", cc.check_choice, 3, OS, words="write its letter, 'c'"),
    wrong("8.8", "type", cc.check_choice, "acd", OS, words="runs the letters together"),
    wrong("8.8", "type", cc.check_choice, ["a", None], OS, words="None is in your answer"),
    wrong("8.8", "shape", cc.check_choice, [], OS, words="empty list"),
    wrong(
        "8.8",
        "misconception",
        cc.check_choice,
        ["a", "b", "c", "d"],
        OS,
        words=("3 of your 4 choices hold, 1 not", "Network in Network"),
    ),
    wrong("8.8", "misconception", cc.check_choice, "a, c, d, e", OS, words="into one 3×3 layer"),
    wrong(
        "8.8",
        "near miss",
        cc.check_choice,
        ["a", "c"],
        OS,
        words=("2 of your 2 choices hold", "1 option that holds is missing", "between the layers"),
    ),
    wrong(
        "8.8",
        "near miss",
        cc.check_choice,
        ["c", "a"],
        OS,
        words="1 option that holds is missing",
    ),
]

CATALOGUE = CAT_2_13 + CAT_2_14 + CAT_2_15 + CAT_3_9 + CAT_3_10 + CAT_8_8
