"""utils.validate: the package's one set of argument checks."""

import numpy as np
import pytest

from utils import validate


def test_integer_accepts_ints_and_refuses_the_rest():
    assert validate.integer(3, "n") == 3 and validate.integer(np.int64(3), "n") == 3
    assert validate.integer(0, "n", minimum=0) == 0
    for bad in (0, -1, 2.0, "3", True, None, np.float32(3)):
        with pytest.raises(ValueError, match="n must be a positive integer"):
            validate.integer(bad, "n")
    with pytest.raises(ValueError, match="an integer >= 2"):
        validate.integer(1, "num_classes", minimum=2)


def test_pair_number_and_fraction():
    assert validate.pair(3, "k") == (3, 3) and validate.pair([2, 5], "k") == (2, 5)
    for bad in ((1, 2, 3), (0, 2), "33"):
        with pytest.raises(ValueError, match="k must be"):
            validate.pair(bad, "k")
    assert validate.number(np.float32(0.5), "x") == 0.5
    for bad in (True, "1", float("nan"), float("inf"), None):
        with pytest.raises(ValueError, match="finite number"):
            validate.number(bad, "x")
    assert validate.fraction(0.0, "rate") == 0.0
    with pytest.raises(ValueError, match=r"rate must be in \[0, 1\)"):
        validate.fraction(1.0, "rate")
    with pytest.raises(ValueError, match=r"\(0, 1\)"):
        validate.fraction(0.0, "split", low_inclusive=False)
