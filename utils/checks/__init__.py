"""Exercise checkers.

Each checker compares a learner's answer with a value *computed* from the course's reference code
(never a number typed in by hand), raises ``AssertionError`` with a hint when they differ, and prints
one short success line when they agree. An answer left as ``...`` (the blank in the exercise
notebooks) or ``None`` fails with "not answered yet".

The generic checkers live here; each part of the course has its own module:
``utils.checks.conv`` (convolution, padding, stride, pooling), ``utils.checks.models`` (MNIST and
Fashion-MNIST models), ``utils.checks.training`` (overfitting, dropout, 1x1 convolutions).
"""
from __future__ import annotations

import numpy as np

__all__ = ["NotAnswered", "passed", "require_answer", "check_equal", "check_close", "check_array", "check_true"]


class NotAnswered(AssertionError):
    """The blank (``...``) is still there."""


def passed(name: str, detail: str = "") -> None:
    print(f"✔ {name}: correct{(' — ' + detail) if detail else ''}")


def require_answer(value, name: str) -> None:
    if value is ... or value is None:
        raise NotAnswered(f"{name}: not answered yet — replace `...` with your code and run the cell again.")


def check_equal(value, expected, name: str, hint: str = "") -> None:
    """Exact equality (ints, strings, tuples)."""
    require_answer(value, name)
    if isinstance(expected, tuple) and isinstance(value, list):
        value = tuple(value)
    if isinstance(expected, (int, np.integer)) and isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    if value != expected:
        raise AssertionError(f"{name}: got {value!r}, which is not right. {hint}".strip())
    passed(name)


def check_close(value, expected, name: str, hint: str = "", rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """A number within tolerance."""
    require_answer(value, name)
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise AssertionError(f"{name}: expected a number, got {type(value).__name__}. {hint}".strip()) from None
    if not np.isclose(v, expected, rtol=rtol, atol=atol):
        raise AssertionError(f"{name}: got {v:g}, which is not right. {hint}".strip())
    passed(name)


def check_array(value, expected, name: str, hint: str = "", rtol: float = 1e-5, atol: float = 1e-6) -> None:
    """An array: the shape first, then the values."""
    require_answer(value, name)
    value = np.asarray(value)
    expected = np.asarray(expected)
    if value.shape != expected.shape:
        raise AssertionError(f"{name}: shape {value.shape}, expected {expected.shape}. {hint}".strip())
    if not np.allclose(value, expected, rtol=rtol, atol=atol):
        worst = np.unravel_index(np.argmax(np.abs(value - expected)), value.shape)
        raise AssertionError(
            f"{name}: the shape is right but the values differ (first look at index {tuple(int(i) for i in worst)}). {hint}".strip()
        )
    passed(name)


def check_true(condition: bool, name: str, message: str) -> None:
    """A condition that must hold; ``message`` says what was wrong."""
    if not condition:
        raise AssertionError(f"{name}: {message}")
    passed(name)
