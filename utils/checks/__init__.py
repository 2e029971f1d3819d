"""Exercise checkers.

Each checker compares a learner's answer with a value *computed* from the course's reference code
(never a number typed in by hand), prints one short ✔ line when they agree, and otherwise raises
:class:`Hint`: an ``AssertionError`` whose notebook rendering is its message alone (no traceback
through this package, which would show the checker's answer logic). An answer left as ``...`` (the
blank in the exercise notebooks) or ``None`` raises :class:`NotAnswered`.

Every checker first reads its answer with :func:`as_number`, :func:`as_int`, :func:`as_ints`,
:func:`as_array` or :func:`as_text`, which turn an answer of the wrong type or shape into a hint that
names it; the :func:`checker` decorator turns anything a checker did not foresee into a hint too, so no
answer can crash a check.

The generic checkers live here; each part of the course has its own module:
``utils.checks.conv`` (convolution, padding, stride, pooling), ``utils.checks.models`` (data, MNIST and
Fashion-MNIST models), ``utils.checks.training`` (overfitting, dropout, 1x1 convolutions),
``utils.checks.concepts`` (the conceptual questions: multiple choice and short numbers).
"""

from __future__ import annotations

import functools
import numbers

import numpy as np

__all__ = [
    "Hint",
    "NotAnswered",
    "checker",
    "passed",
    "require_answer",
    "describe",
    "as_number",
    "as_int",
    "as_ints",
    "as_array",
    "as_text",
    "check_equal",
    "check_close",
    "check_array",
    "check_true",
]

#: The start of the message :func:`checker` gives when a checker meets an answer it did not foresee.
#: The tests fail on it: every anticipated wrong answer must get a real hint.
UNFORESEEN = "this answer could not be checked"


class Hint(AssertionError):
    """A wrong answer, explained. In a notebook only the message is shown, never a traceback."""

    def _render_traceback_(
        self,
    ):  # IPython (Jupyter, Colab) shows these lines instead of a traceback
        return [
            f"\x1b[31m✘ {line}\x1b[0m" if i == 0 else f"  {line}"
            for i, line in enumerate(str(self).splitlines() or [""])
        ]


class NotAnswered(Hint):
    """The blank (``...``) is still there."""


def passed(name: str, detail: str = "") -> None:
    print(f"✔ {name}: correct{(' — ' + detail) if detail else ''}")


def require_answer(value, name: str) -> None:
    if value is ... or value is None:
        raise NotAnswered(
            f"{name}: not answered yet — replace the placeholder (`...` or `None`) with your code "
            "and run the cell again."
        )


def checker(fn):
    """Make ``fn`` a checker that only ever raises :class:`Hint`.

    A plain ``AssertionError`` becomes a ``Hint`` with the same message; any other exception (an answer
    of a kind the checker did not foresee) becomes a ``Hint`` that says what the answer was.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Hint:
            raise
        except AssertionError as e:
            raise Hint(str(e)) from None
        except Exception as e:  # noqa: BLE001 - no answer may crash a check
            answer = describe(args[0]) if args else "no answer"
            raise Hint(
                f"{fn.__name__}: {UNFORESEEN} ({type(e).__name__}: {e}). Your answer is {answer}; "
                "compare its type and shape with what the question asks for."
            ) from None

    return wrapper


def describe(value) -> str:
    """A short, learner-readable description of any answer: its type, and its shape or value."""
    if value is ... or value is None:
        return repr(value)
    if isinstance(value, bool) or isinstance(value, np.bool_):
        return f"the boolean {bool(value)}"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) < 40 else f"a text of {len(value)} characters"
    if isinstance(value, numbers.Number):
        return f"the number {value!r}"
    if isinstance(value, (list, tuple)):
        kind = type(value).__name__
        if (
            any(hasattr(v, "shape") and getattr(v, "size", 0) > 6 for v in value)
            and len(value) <= 6
        ):
            return f"a {kind} of {len(value)} items: " + ", ".join(describe(v) for v in value)
        if len(value) <= 6:
            return (
                f"the {kind} {list(value)!r}" if kind == "list" else f"the {kind} {tuple(value)!r}"
            )
        return f"a {kind} of {len(value)} items"
    shape = getattr(value, "shape", None)
    if shape is not None and hasattr(value, "dtype"):
        kind = (
            "NumPy array"
            if isinstance(value, np.ndarray)
            else ("tensor" if "tensor" in type(value).__name__.lower() else type(value).__name__)
        )
        if tuple(shape) == ():
            return f"a 0-d {kind} holding {np.asarray(value).item()!r}"
        dtype = np.dtype(value.dtype) if kind == "NumPy array" else value.dtype
        return f"a {kind} of shape {tuple(shape)} and dtype {dtype}"
    kind = type(value).__name__
    if hasattr(value, "layers") and hasattr(value, "compile"):
        return f"a Keras model ({kind} {getattr(value, 'name', '')!r})"
    if isinstance(value, type):
        return f"the class {value.__name__}"
    if callable(value) and hasattr(value, "__name__"):
        return f"the function {value.__name__}"
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    return f"{article} {kind} object"


def _hint_for_many(value, name: str, what: str, many_hint: str) -> Hint:
    extra = f" {many_hint}" if many_hint else ""
    return Hint(f"{name}: {what} is asked, but your answer is {describe(value)}.{extra}")


def _is_complex_array(value) -> bool:
    try:
        return np.asarray(value).dtype.kind == "c"
    except Exception:  # noqa: BLE001 - ragged lists and other oddities are reported later
        return False


def as_number(value, name: str, *, many_hint: str = "", what: str = "one number") -> float:
    """``value`` as a float: a Python/NumPy number or a one-element array, never a string or a bool."""
    require_answer(value, name)
    if isinstance(value, (bool, np.bool_)):
        raise Hint(
            f"{name}: {what} is asked, but your answer is {describe(value)} (True/False is not a count "
            "or a measurement)."
        )
    if isinstance(value, str):
        raise Hint(
            f"{name}: {what} is asked, but your answer is {describe(value)}: drop the quotes."
        )
    if (
        isinstance(value, numbers.Complex)
        and not isinstance(value, numbers.Real)
        or _is_complex_array(value)
    ):
        raise Hint(
            f"{name}: {what} is asked, but your answer is {describe(value)}, a complex number: "
            "keep the real part only if you meant it, or check the formula."
        )
    if isinstance(value, numbers.Number):
        v = float(value)
    else:
        try:
            arr = np.asarray(value)
        except Exception:  # noqa: BLE001
            raise _hint_for_many(value, name, what, many_hint) from None
        if arr.size != 1 or arr.dtype.kind not in "iuf":
            if arr.dtype.kind == "b" and arr.size > 1:
                raise Hint(
                    f"{name}: {what} is asked, but your answer is {describe(value)}: an array of "
                    "True/False, one per place. Count the True values with np.sum(...)."
                )
            raise _hint_for_many(value, name, what, many_hint)
        v = float(arr.reshape(()))
    if not np.isfinite(v):
        raise Hint(f"{name}: your answer is {v}, not a finite number.")
    return v


def as_int(value, name: str, *, many_hint: str = "", what: str = "one whole number") -> int:
    """``value`` as an int; 26.0 is accepted (a division gives floats), 25.5 is not."""
    v = as_number(value, name, many_hint=many_hint, what=what)
    if not v.is_integer():
        raise Hint(
            f"{name}: {what} is asked, but your answer is {v:g}. Sizes and counts are whole: "
            "round down with // where the formula divides."
        )
    return int(v)


def as_ints(value, name: str, length: int, *, what: str = "", batch_hint: bool = False) -> tuple:
    """``value`` as a tuple of ``length`` ints (a shape, a pair): accepts tuples, lists, arrays, TensorShapes."""
    require_answer(value, name)
    what = what or f"a tuple of {length} whole numbers"
    if isinstance(value, (str, bytes)) or isinstance(value, (numbers.Number, np.bool_)):
        raise Hint(f"{name}: {what} is asked, but your answer is {describe(value)}.")
    try:
        items = list(value)
    except TypeError:
        raise Hint(f"{name}: {what} is asked, but your answer is {describe(value)}.") from None
    if len(items) != length:
        extra = ""
        if batch_hint and len(items) == length + 1:
            extra = " Leave out the batch axis (the first entry, None in model.summary())."
        raise Hint(
            f"{name}: {what} is asked; yours has {len(items)} entries ({describe(value)}).{extra}"
        )
    out = []
    for i, item in enumerate(items):
        if item is None or isinstance(item, (str, bool, np.bool_)):
            raise Hint(
                f"{name}: entry {i} of your answer is {describe(item)}; every entry must be a whole number."
            )
        try:
            f = float(item)
        except (TypeError, ValueError):
            raise Hint(
                f"{name}: entry {i} of your answer is {describe(item)}; every entry must be a whole "
                "number."
            ) from None
        if not f.is_integer():
            raise Hint(
                f"{name}: entry {i} of your answer is {f:g}; every entry must be a whole number "
                "(round down with //)."
            )
        out.append(int(f))
    return tuple(out)


def as_array(
    value, name: str, *, shape=None, ndim=None, numeric: bool = True, shape_hint: str = ""
) -> np.ndarray:
    """``value`` as a NumPy array of numbers, optionally of a given ``shape`` or number of axes."""
    require_answer(value, name)
    if isinstance(value, str):
        raise Hint(f"{name}: an array of numbers is asked, but your answer is {describe(value)}.")
    try:
        arr = np.asarray(value)
    except Exception:  # noqa: BLE001 - ragged nested lists and the like
        raise Hint(
            f"{name}: your answer ({describe(value)}) cannot be read as an array: are all rows the same "
            "length?"
        ) from None
    if numeric and (arr.dtype.kind not in "iufb" or arr.dtype == object):
        raise Hint(f"{name}: an array of numbers is asked, but your answer is {describe(value)}.")
    if ndim is not None and arr.ndim != ndim:
        raise Hint(
            f"{name}: an array with {ndim} axes is asked; yours has {arr.ndim} (shape {arr.shape}). "
            f"{shape_hint}".strip()
        )
    if shape is not None and arr.shape != tuple(shape):
        raise Hint(f"{name}: shape {arr.shape}, expected {tuple(shape)}. {shape_hint}".strip())
    return arr


def as_text(value, name: str, *, what: str = "a text (a string in quotes)") -> str:
    require_answer(value, name)
    if not isinstance(value, str):
        raise Hint(f"{name}: {what} is asked, but your answer is {describe(value)}.")
    return value


@checker
def check_equal(value, expected, name: str, hint: str = "") -> None:
    """Exact equality (ints, strings, tuples)."""
    require_answer(value, name)
    if isinstance(expected, tuple) and isinstance(value, list):
        value = tuple(value)
    if isinstance(expected, (int, np.integer)) and not isinstance(expected, bool):
        value = as_int(value, name)
    if value != expected:
        raise Hint(f"{name}: got {value!r}, which is not right. {hint}".strip())
    passed(name)


@checker
def check_close(
    value, expected, name: str, hint: str = "", rtol: float = 1e-6, atol: float = 1e-9
) -> None:
    """A number within tolerance."""
    v = as_number(value, name)
    if not np.isclose(v, expected, rtol=rtol, atol=atol):
        raise Hint(f"{name}: got {v:g}, which is not right. {hint}".strip())
    passed(name)


@checker
def check_array(
    value, expected, name: str, hint: str = "", rtol: float = 1e-5, atol: float = 1e-6
) -> None:
    """An array: the shape first, then the values."""
    expected = np.asarray(expected)
    value = as_array(value, name)
    if value.shape != expected.shape:
        raise Hint(f"{name}: shape {value.shape}, expected {expected.shape}. {hint}".strip())
    value = value.astype(float)
    if not np.allclose(value, expected, rtol=rtol, atol=atol):
        worst = np.unravel_index(np.argmax(np.abs(value - expected)), value.shape)
        raise Hint(
            f"{name}: the shape is right but the values differ (first look at index "
            f"{tuple(int(i) for i in worst)}). {hint}".strip()
        )
    passed(name)


def check_true(condition: bool, name: str, message: str) -> None:
    """A condition that must hold; ``message`` says what was wrong."""
    if not condition:
        raise Hint(f"{name}: {message}")
    passed(name)
