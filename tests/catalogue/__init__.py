"""The catalogue of anticipated wrong answers: for every check cell of every exercise notebook, the
mistakes a learner is likely to make and the words the hint must contain.

Each module (``conv``: exercises 1–3, ``models``: 4–6, ``training``: 7–8, ``concepts``: the
conceptual questions of 2, 3 and 8) defines ``CATALOGUE``, a list of :func:`wrong` entries.
``tests/test_catalogue.py`` feeds every entry to its checker and fails on a crash, on a pass, or on
a hint without the expected words; it also requires at least :data:`MIN_PER_CHECK` entries, of at
least :data:`MIN_KINDS` kinds including ``"type"``, for every checker called in a check cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: What kind of mistake an entry stands for.
KINDS = {
    "type",  # an answer of the wrong type: a string, a list, a bool array, a tensor, a model where a number is asked
    "shape",  # the right type with the wrong shape or length (batch axis included, a pair for a single value)
    "misconception",  # the classic conceptual slip of the question (flipped kernel, total vs per side, params vs FLOPs)
    "forbidden",  # a path the question rules out (a library shortcut, the wrong optimizer, no convolution)
    "near miss",  # almost right: off by one, rounding, a sign, one part of two wrong
}
MIN_PER_CHECK = 5
MIN_KINDS = 3


@dataclass
class Wrong:
    exercise: str  # "3.6": notebook 03, the section headed "## 6."
    check: object  # the checker function
    answer: tuple  # the learner's answer(s): the checker's leading positional arguments
    args: tuple = ()  # the remaining positional arguments, as in the check cell
    kwargs: dict = field(default_factory=dict)
    words: tuple = ()  # each must appear in the hint (case-insensitive)
    kind: str = "misconception"

    @property
    def id(self) -> str:
        return f"{self.exercise}-{self.check.__name__}-{self.kind}-{'+'.join(self.words)[:40]}"


def wrong(
    exercise: str, kind: str, check, answer, *args, words=(), many: bool = False, **kwargs
) -> Wrong:
    """One anticipated wrong answer. ``answer`` is the first argument of ``check``; with ``many=True``
    it is a tuple of the first few (for checkers that take two answers, e.g. ``(n_train, n_val)``)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, got {kind!r}")
    if isinstance(words, str):
        words = (words,)
    return Wrong(
        exercise, check, tuple(answer) if many else (answer,), args, kwargs, tuple(words), kind
    )
