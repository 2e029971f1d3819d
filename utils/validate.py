"""Argument checks shared by the whole package: a bad argument raises ``ValueError`` naming it.

>>> integer(3, "stride"), pair(3, "kernel size"), pair((3, 5), "kernel size")
(3, (3, 3), (3, 5))
>>> fraction(0.25, "validation_split", low_inclusive=False)
0.25
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["integer", "pair", "fraction", "number"]


def _kind(minimum: int) -> str:
    return {1: "a positive integer", 0: "a non-negative integer"}.get(
        minimum, f"an integer >= {minimum}"
    )


def integer(value, name: str, *, minimum: int = 1) -> int:
    """``value`` as an ``int`` (Python or NumPy integer, never a bool or a float) that is ``>= minimum``."""
    if (
        isinstance(value, (bool, np.bool_))
        or not isinstance(value, (int, np.integer))
        or value < minimum
    ):
        raise ValueError(f"{name} must be {_kind(minimum)}, got {value!r}")
    return int(value)


def pair(value, name: str, *, minimum: int = 1) -> tuple[int, int]:
    """An int or a pair of ints (``3`` or ``(3, 5)``, as Keras's ``kernel_size`` and ``strides``) as a pair."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}")
        return integer(value[0], name, minimum=minimum), integer(value[1], name, minimum=minimum)
    v = integer(value, name, minimum=minimum)
    return v, v


def number(value, name: str) -> float:
    """A finite real number (int or float, never a bool or a string) as a ``float``."""
    if (
        isinstance(value, (bool, np.bool_))
        or not isinstance(value, numbers.Real)
        or not np.isfinite(value)
    ):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def fraction(
    value,
    name: str,
    *,
    low: float = 0.0,
    high: float = 1.0,
    low_inclusive: bool = True,
    high_inclusive: bool = False,
) -> float:
    """A number in the interval from ``low`` to ``high`` (by default ``[0, 1)``, as a dropout rate)."""
    v = number(value, name)
    above = v >= low if low_inclusive else v > low
    below = v <= high if high_inclusive else v < high
    if not (above and below):
        interval = (
            f"{'[' if low_inclusive else '('}{low:g}, {high:g}{']' if high_inclusive else ')'}"
        )
        raise ValueError(f"{name} must be in {interval}, got {value!r}")
    return v
