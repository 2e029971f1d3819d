"""Conceptual questions: multiple choice and short numbers, each wrong answer with its own hint.

The questions are data: :data:`QUESTIONS` maps a question's id to a :class:`Choice` (one letter, or
with ``multi=True`` a list of letters) or a :class:`Number`. An option's truth is computed from the
course's reference code wherever it can be (``holds`` is then a function, called when the answer is
checked), so a question stays right if the code it describes changes. The notebooks show each
question's text and, for a choice, the options as :func:`options_markdown` writes them (a test keeps
the two in step); two checkers read every answer:

- :func:`check_choice` (``"b"``, ``"B"``, ``" (b) "``, ``["a", "c"]`` in any order, ``"a, c"``):
  a wrong letter gets the hint of the misconception behind *that* option, never the right letter;
  an answer that is partly right says how many choices are missing or extra, not which;
- :func:`check_number` (a whole number): each usual wrong count gets its hint, every other number a
  pointer to the way of counting.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import conv
from . import Hint, as_int, checker, describe, passed, require_answer

__all__ = [
    "Option",
    "Choice",
    "Number",
    "QUESTIONS",
    "check_choice",
    "check_number",
    "options_markdown",
    "truth",
    "shift_right",
    "shift_example",
    "windows_containing",
    "STACKS",
    "collapses_to_one_by_one",
]


@dataclass(frozen=True)
class Option:
    """One option of a :class:`Choice`: its text, whether it holds (a bool, or a function computing
    it from ``utils`` code), and the hint for a learner who gets it wrong: for an option that does
    not hold, the misconception behind choosing it."""

    text: str
    holds: bool | Callable[[], bool]
    hint: str = ""


@dataclass(frozen=True)
class Choice:
    title: str  # the ✔ line's name
    options: dict  # letter -> Option, in the order shown
    why: str  # the ✔ line's detail: why the right answer is right
    multi: bool = False  # True: "choose all that hold", answered with a list of letters
    missing: str = ""  # multi only: a pointer for an answer that leaves out options that hold


@dataclass(frozen=True)
class Number:
    title: str
    expected: Callable[[], int]  # computed from utils code
    why: Callable[[int], str]  # the ✔ line's detail, given the expected value
    wrong: tuple = ()  # (value or a function computing it, hint) for the usual wrong answers
    other: str = ""  # the hint for any other wrong number
    what: str = "one whole number"


# ----------------------------------------------------------------------------- computed facts


def windows_containing(shape, pixel, f: int = 3, padding=0) -> int:
    """How many windows of an ``f``×``f`` kernel (stride 1, ``padding`` as in :func:`conv.conv2d`)
    contain ``pixel`` of a ``shape`` image: the pixel is the only 1 of an image of zeros, and each
    row of :func:`conv.im2col` that holds it is one window. Each such window multiplies the pixel's
    value by one weight, so this also counts the products the pixel enters."""
    x = np.zeros(shape)
    x[pixel] = 1
    return int(conv.im2col(x, f, padding=padding).sum())


def shift_right(x, d: int = 1) -> np.ndarray:
    """``x`` moved ``d`` columns to the right: ``d`` columns of zeros enter on the left, the last
    ``d`` columns drop out."""
    x = np.asarray(x)
    out = np.zeros_like(x)
    out[:, d:] = x[:, : x.shape[1] - d]
    return out


def shift_example():
    """The image and kernel of exercise 3.9: every bright pixel of the 6×6 image sits in the left
    column of its 2×2 pooling window, so a 1-pixel shift to the right keeps it in that window."""
    img = np.zeros((6, 6))
    img[0, 0], img[1, 2], img[3, 4], img[4, 0], img[5, 2] = 9, 4, 7, 5, 3
    kernel = np.array([[0, 1, 0], [1, 2, 1], [0, 1, 0]])
    return img, kernel


def _same(a, b) -> bool:
    return bool(np.array_equal(a, b))


def _shift_facts():
    """The five equalities of exercise 3.9, computed with :func:`conv.conv2d` and
    :func:`conv.pool2d`."""
    x, k = shift_example()
    m = shift_right(x)
    return {
        "a": _same(conv.conv2d(m, k)[:, 1:], conv.conv2d(x, k)[:, :-1]),
        "b": _same(conv.conv2d(m, k), conv.conv2d(x, k)),
        "c": _same(conv.pool2d(m, 2), conv.pool2d(x, 2)),
        "d": _same(conv.pool2d(shift_right(x, 2), 2), conv.pool2d(x, 2)),
        "e": _same(conv.pool2d(conv.conv2d(m, k), 2), conv.pool2d(conv.conv2d(x, k), 2)),
    }


#: Exercise 8.8's stacks: (filters, kernel size, activation) per layer, on 3 input channels.
STACKS = {
    "a": ((32, 1, None), (16, 1, None)),
    "b": ((32, 1, "relu"), (16, 1, None)),
    "c": ((64, 1, None), (32, 1, None), (16, 1, None)),
    "d": ((32, 1, None), (16, 1, "relu")),
    "e": ((32, 3, None), (16, 1, None)),
}


def _layer_text(filters, f, activation) -> str:
    pad = ', padding="same"' if f > 1 else ""
    act = f', activation="{activation}"' if activation else ""
    return f"`Conv2D({filters}, {f}{pad}{act})`"


def collapses_to_one_by_one(stack, c_in: int = 3, seed: int = 0) -> bool:
    """Whether a stack of ``(filters, f, activation)`` layers computes what one 1×1 layer with the
    stack's last activation computes. The layers get random weights and run with
    :func:`conv.conv2d` (``padding="same"``) on random inputs; the output before the last activation
    is then fitted, pixel by pixel, as one matrix and one bias of the input's channels (least
    squares): the stack collapses exactly where that fit leaves no residual."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(4, 6, 6, c_in))
    y, c = x, c_in
    for i, (filters, f, activation) in enumerate(stack):
        kernel = rng.normal(size=(f, f, c, filters))
        y = conv.conv2d(y, kernel, rng.normal(size=filters), padding="same")
        if activation == "relu" and i < len(stack) - 1:
            y = np.maximum(y, 0)
        c = filters
    inputs = np.hstack([x.reshape(-1, c_in), np.ones((x[..., 0].size, 1))])
    target = y.reshape(-1, c)
    fit, *_ = np.linalg.lstsq(inputs, target, rcond=None)
    return bool(np.max(np.abs(inputs @ fit - target)) < 1e-8 * np.max(np.abs(target)))


# ----------------------------------------------------------------------------- the questions

_SAME = dict(shape=(6, 6), f=3, padding="same")
#: A 3×3 kernel of ones on a 28×28 image of ones, 'same' padding: each output counts the pixels
#: of its window.
_ONES = conv.conv2d(np.ones((28, 28)), np.ones((3, 3)), padding="same")

QUESTIONS = {
    # ------------------------------------------------------------------ chapter 2: why pad?
    "corner_windows": Number(
        title="windows that contain the corner pixel",
        expected=lambda: windows_containing(pixel=(0, 0), **_SAME),
        why=lambda n: (
            f"with 'same' padding a window is centred on every pixel, and {n} of those windows "
            f"contain the corner: up from {windows_containing((6, 6), (0, 0))} without padding, "
            "but "
            f"fewer than the {windows_containing(pixel=(3, 3), **_SAME)} of a pixel in the middle"
        ),
        wrong=(
            (
                lambda: windows_containing((6, 6), (0, 0)),
                "that is the count without padding, where the corner is only in the top-left "
                "window. With one ring of zeros around the image, windows also start in the ring.",
            ),
            (
                lambda: windows_containing(pixel=(3, 3), **_SAME),
                "that is the count of a pixel in the middle, whose 3×3 neighbourhood of window "
                "centres lies inside the image. 'same' centres one window on each pixel of the "
                "image, never on a zero of the ring: list the centres whose window holds (0, 0).",
            ),
            (
                lambda: windows_containing(pixel=(0, 3), **_SAME),
                "that is the count of a pixel on the top edge away from the corners, which has "
                "image pixels on both its left and its right. The corner pixel has neighbours on "
                "one side only, both along the rows and along the columns.",
            ),
            (
                lambda: conv.output_size(6, 3, 1, "same") ** 2,
                "that is how many windows there are in all, one per output value: count only "
                "those that contain the corner pixel.",
            ),
        ),
        other="count the window centres: with padding 1 and stride 1 each of the 6×6 pixels is "
        "the centre of one 3×3 window, and the window centred on (r, c) holds the pixels r − 1 to "
        "r + 1, c − 1 to c + 1.",
    ),
    "padding_buys": Choice(
        title="what 'same' padding buys",
        multi=True,
        options={
            "a": Option(
                "The output has the input's height and width, so a stack of such layers does not "
                "shrink the map.",
                lambda: all(conv.output_size(n, 3, 1, "same") == n for n in (5, 6, 28)),
            ),
            "b": Option(
                "Every pixel, the corner pixels included, now takes part in as many windows as a "
                "pixel in the middle.",
                lambda: (
                    windows_containing(pixel=(0, 0), **_SAME)
                    == windows_containing(pixel=(3, 3), **_SAME)
                ),
                "the zeros add windows centred on border pixels, not a full neighbourhood of "
                "windows around them: exercise 13 counted the windows of a corner pixel, compare "
                "them with a pixel in the middle.",
            ),
            "c": Option(
                "A corner pixel takes part in more windows than without padding.",
                lambda: (
                    windows_containing(pixel=(0, 0), **_SAME) > windows_containing((6, 6), (0, 0))
                ),
            ),
            "d": Option(
                "The zeros tell the layer what lies beyond the edge of the image.",
                False,  # the zeros are the same for every image, whatever lies beyond its edge
                "the zeros do mark where the image ends (chapter 2), but they are the same for "
                "every image, whatever lies beyond its edge: they carry no information about it.",
            ),
            "e": Option(
                "The layer learns fewer weights, since its output keeps the input's size.",
                False,  # conv.conv_params(f, c_in, c_out) has no padding in it
                "a filter's weights are shared by all its positions, so their number, "
                "(F·F·C_in + 1)·C_out, has no padding and no map size in it.",
            ),
        },
        why="'same' keeps the size, so deep stacks do not shrink, and border pixels enter more "
        "windows than without padding — but a corner pixel still enters fewer than a central one",
        missing="test each statement against a count: conv.output_size gives the sizes, and "
        "exercise 13 counted the windows of a corner pixel.",
    ),
    "padding_costs": Choice(
        title="what 'same' padding costs",
        options={
            "a": Option(
                "More weights: every zero of the border needs a weight of its own.",
                False,  # conv.conv_params(f, c_in, c_out) has no padding in it
                "the zeros pass through the same F×F weights as the pixels, shared by every "
                "position; a layer's weights, (F·F·C_in + 1)·C_out, do not depend on its padding.",
            ),
            "b": Option(
                "More multiply-adds, since there are more output positions, and border outputs "
                "that are computed partly from zeros: on an image of ones, a kernel of ones gives "
                "smaller values at the edges than in the middle.",
                lambda: (
                    conv.conv_macs(28, 28, 3, 1, 8) > conv.conv_macs(26, 26, 3, 1, 8)
                    and _ONES[0, 0] < _ONES[14, 14]
                ),
            ),
            "c": Option(
                "Nothing: multiplying by zero costs no time and changes no output.",
                False,  # computed in the hint: the corner output of ones on ones is 4, the middle 9
                "a convolution layer multiplies every value of every window, zeros included, and a "
                "border output sums fewer image pixels than a central one: on a 28×28 image of "
                f"ones a 3×3 kernel of ones gives {_ONES[0, 0]:g} at the corner and "
                f"{_ONES[14, 14]:g} in the middle.",
            ),
            "d": Option(
                "The border pixels are read by fewer windows than with 'valid' padding, so their "
                "information is lost.",
                False,  # windows_containing: padding raises a corner pixel's windows
                "that is the price of 'valid' padding: 'same' adds windows that contain the border "
                "pixels (exercise 13 counted them), it does not take any away.",
            ),
        },
        why="a 'same' layer computes an output at every pixel, "
        f"{conv.conv_macs(28, 28, 3, 1, 8):,} multiply-adds instead of "
        f"{conv.conv_macs(26, 26, 3, 1, 8):,} for Conv2D(8, 3) on 28×28×1, and its border outputs "
        "mix in zeros that are not in the image",
    ),
    # ------------------------------------------------------------------ chapter 3: equivariance
    "shift_equalities": Choice(
        title="which equalities hold for the shifted image",
        multi=True,
        options={
            "a": Option(
                "`conv.conv2d(moved, kernel)[:, 1:]` equals `conv.conv2d(img, kernel)[:, :-1]`",
                lambda: _shift_facts()["a"],
                "the right-hand side drops the last column and the left the first: compare where "
                "each response of the kernel ends up when the image moves one column.",
            ),
            "b": Option(
                "`conv.conv2d(moved, kernel)` equals `conv.conv2d(img, kernel)`",
                lambda: _shift_facts()["b"],
                "a convolution applies the same kernel at every position, so a pattern that moves "
                "gives its response at the moved position: the feature map moves with the image "
                "(equivariance), it does not stay put (invariance).",
            ),
            "c": Option(
                "`conv.pool2d(moved, 2)` equals `conv.pool2d(img, 2)`",
                lambda: _shift_facts()["c"],
                "look at the columns of the bright pixels: does any of them cross the border "
                "between two 2×2 windows when it moves one column to the right?",
            ),
            "d": Option(
                "`conv.pool2d(concepts.shift_right(img, 2), 2)` equals `conv.pool2d(img, 2)`",
                lambda: _shift_facts()["d"],
                "a shift by 2 pixels, a whole window, moves every pixel into the next window: the "
                "pooled map moves by one value, as the feature map did. Pooling absorbs only the "
                "shifts that keep each maximum inside its window.",
            ),
            "e": Option(
                "`conv.pool2d(conv.conv2d(moved, kernel), 2)` equals "
                "`conv.pool2d(conv.conv2d(img, kernel), 2)`",
                lambda: _shift_facts()["e"],
                "pooling is not invariant to this shift once a convolution comes first: the kernel "
                "spreads each bright pixel over 3 columns of the feature map, so the responses do "
                "cross window borders. Pooling's invariance is partial and local: it depends on "
                "where the maxima of the map it pools lie.",
            ),
        },
        why="the convolution's map moves with the image (equivariance); the 2×2 max pooling "
        "absorbs the 1-pixel shift of img, whose maxima stay in their windows, but neither a "
        "2-pixel shift nor the same shift after the convolution, whose responses cross window "
        "borders",
        missing="for each equality, follow one bright pixel through the shift and then through "
        "the convolution or the pooling.",
    ),
    "convnet_shift": Choice(
        title="why a convnet is not shift-invariant",
        options={
            "a": Option(
                "The convolutions are not equivariant: the shifted digit gives other features.",
                False,  # exercise 3.9 (a) computes the equivariance
                "the convolutions are equivariant, as exercise 9 computed: their maps hold the "
                "same responses, moved with the digit. The features are found; the question is "
                "what the layers after them do with features that sit somewhere else.",
            ),
            "b": Option(
                "Each max pooling absorbs only shifts within its window; the moved features then "
                "reach `Flatten` at other positions, and `Dense` has a separate weight for every "
                "position it reads.",
                True,
            ),
            "c": Option(
                "Max pooling makes the network shift-invariant, so the mistakes must have another "
                "cause, such as too few epochs.",
                False,  # exercise 3.6 counts the pooled values that a 1-pixel shift changes
                "pooling's invariance is local: a 2×2 window absorbs a shift that keeps its "
                "maximum inside it, and exercise 6 counted pooled values that change even for a "
                "1-pixel shift. Two poolings cover a few pixels at best, and not every time.",
            ),
            "d": Option(
                "The shift changes the number of values that `Flatten` outputs, so `Dense` gets a "
                "vector of another length.",
                False,  # conv.output_size depends on the input's size, which a shift leaves alone
                "the digit moves inside the same 28×28 frame, so every map keeps its size and "
                "Flatten its length (exercise 4's walk through the sizes never looks at where the "
                "digit is). What changes is which positions hold the digit's features.",
            ),
        },
        why="convolution and pooling keep a feature's response, moved (pooling absorbs small "
        "shifts inside its windows), but Flatten → Dense reads each position with its own weights, "
        "so a feature that arrives somewhere new meets weights that never saw it",
    ),
    # ------------------------------------------------------------------ chapter 8: 1×1 stacks
    "one_by_one_stacks": Choice(
        title="stacks that are one 1×1 layer",
        multi=True,
        options={
            letter: Option(
                " → ".join(_layer_text(*layer) for layer in stack),
                (lambda stack=stack: collapses_to_one_by_one(stack)),
                hint,
            )
            for letter, stack, hint in (
                ("a", STACKS["a"], ""),
                (
                    "b",
                    STACKS["b"],
                    "the ReLU between the layers zeroes the negative values of the first layer's "
                    "output, a choice made anew at every pixel and channel that no single matrix "
                    "can make: this is the stack that adds non-linearity, as in Network in "
                    "Network.",
                ),
                ("c", STACKS["c"], ""),
                ("d", STACKS["d"], ""),
                (
                    "e",
                    STACKS["e"],
                    "without an activation between them the two layers do collapse, but into one "
                    "3×3 layer: the first one mixes each pixel with its neighbours, and a 1×1 "
                    "layer sees one pixel only.",
                ),
            )
        },
        why="without an activation between them, 1×1 layers multiply each pixel's channels by one "
        "matrix after another, and a product of matrices is one matrix, however wide the layers in "
        "the middle; an activation after the last layer is the single layer's own. A non-linear "
        "activation between them, or a kernel wider than 1×1, makes the stack more than one 1×1 layer",
        missing="for each stack, ask what one pixel's output depends on, and whether anything "
        "between the layers is not a multiplication by a matrix.",
    ),
}


# ----------------------------------------------------------------------------- reading and checking


def truth(question_id: str) -> frozenset:
    """The letters of the options that hold, computed where the question allows it."""
    q = QUESTIONS[question_id]
    return frozenset(
        letter for letter, o in q.options.items() if (o.holds() if callable(o.holds) else o.holds)
    )


def options_markdown(question_id: str) -> str:
    """The options as the notebook shows them: one line ``- (a) text`` per option."""
    return "\n".join(f"- ({k}) {o.text}" for k, o in QUESTIONS[question_id].options.items())


def _question(question_id, kind):
    if question_id not in QUESTIONS or not isinstance(QUESTIONS[question_id], kind):
        raise ValueError(f"no {kind.__name__.lower()} question {question_id!r}")
    return QUESTIONS[question_id]


_LETTER = re.compile(r"^\(?\s*([a-z])\s*\)?\.?$")


def _letters(answer, q: Choice, name: str) -> list:
    """The answer as a list of lower-case letters; a hint for anything that is not letters."""
    valid = ", ".join(q.options)
    asked = (
        "a list of letters in quotes, like ['a', 'c'],"
        if q.multi
        else "one letter in quotes, like 'b',"
    )
    if isinstance(answer, (bool, np.bool_)):
        raise Hint(
            f"{name}: {asked} is asked, but your answer is {describe(answer)}: write the letter "
            f"of the option (one of {valid}), not whether it holds."
        )
    if isinstance(answer, numbers.Number) or (
        isinstance(answer, np.ndarray) and answer.dtype.kind in "iuf"
    ):
        n = answer.item() if isinstance(answer, np.ndarray) and answer.size == 1 else answer
        extra = ""
        if isinstance(n, numbers.Integral) and 1 <= n <= len(q.options):
            extra = f" If you mean option number {n}, write its letter, {list(q.options)[n - 1]!r}."
        raise Hint(
            f"{name}: {asked} is asked, but your answer is {describe(answer)}: the options are "
            f"labelled with the letters {valid}.{extra}"
        )
    if isinstance(answer, dict):
        raise Hint(f"{name}: {asked} is asked, but your answer is a dict.")
    if isinstance(answer, str):
        items = [t for t in re.split(r"[,;\s]+", answer.strip()) if t]
        if not items:
            raise Hint(f"{name}: your answer is an empty text; {asked} is asked.")
    else:
        try:
            items = list(answer)
        except TypeError:
            raise Hint(
                f"{name}: {asked} is asked, but your answer is {describe(answer)}."
            ) from None
        if not items:
            raise Hint(
                f"{name}: your answer is an empty list; "
                + ("at least one option holds." if q.multi else f"{asked} is asked.")
            )
    letters = []
    for item in items:
        if not isinstance(item, str):
            raise Hint(
                f"{name}: {describe(item)} is in your answer; write each option's letter in quotes "
                f"(one of {valid})."
            )
        m = _LETTER.match(item.strip().lower())
        run = item.strip().lower()
        if not m and len(run) > 1 and set(run) <= set(q.options):
            if not q.multi:
                raise Hint(
                    f"{name}: one letter is asked (a single option is right); {item!r} has "
                    f"{len(set(run))}."
                )
            raise Hint(
                f"{name}: {item!r} runs the letters together; write each as an item of its own, "
                f"like {list(run)!r}."
            )
        if not m:
            raise Hint(
                f"{name}: {item!r} is not a letter: answer with the option's letter (one of "
                f"{valid}), not its text."
            )
        if m.group(1) not in q.options:
            raise Hint(
                f"{name}: {m.group(1)!r} is not one of the options; the valid letters are {valid}."
            )
        letters.append(m.group(1))
    if not q.multi and len(set(letters)) > 1:
        raise Hint(
            f"{name}: one letter is asked (a single option is right); yours has "
            f"{len(set(letters))}."
        )
    return letters


@checker
def check_choice(answer, question_id: str) -> None:
    """A multiple-choice answer: one letter, or for a "choose all that hold" question a list of them
    in any order. A wrong option gets the hint of its misconception; a partly right list hears how
    many options are missing or extra."""
    q = _question(question_id, Choice)
    name = q.title
    require_answer(answer, name)
    chosen = frozenset(_letters(answer, q, name))
    right = truth(question_id)
    if chosen == right:
        passed(name, q.why)
        return
    extra, missing = chosen - right, right - chosen
    if not q.multi:
        (letter,) = chosen
        raise Hint(f"{name}: not that one — {q.options[letter].hint}")
    hold, n = len(chosen & right), len(chosen)
    if n == 1:
        head = f"{name}: your choice {'holds' if hold else 'does not hold'}"
    else:
        head = f"{name}: {hold} of your {n} choices hold" + (f", {n - hold} not" if extra else "")
    if missing:
        m = len(missing)
        head += f"; {m} option{'s that hold are' if m > 1 else ' that holds is'} missing"
    lines = [head + "."]
    lines += [f"One of your choices: {q.options[letter].hint}" for letter in sorted(extra)]
    if missing and q.missing:
        lines.append(q.missing[0].upper() + q.missing[1:])
    raise Hint("\n".join(lines))


@checker
def check_number(answer, question_id: str) -> None:
    """A short numeric answer: the usual wrong values get their own hint."""
    q = _question(question_id, Number)
    value = as_int(answer, q.title, what=q.what)
    expected = q.expected()
    if value == expected:
        passed(q.title, q.why(expected))
        return
    for wrong, hint in q.wrong:
        if value == (wrong() if callable(wrong) else wrong):
            raise Hint(f"{q.title}: {value} is not right — {hint}")
    raise Hint(f"{q.title}: {value} is not right; {q.other}")
