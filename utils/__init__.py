"""Helpers for the course *Convolutional Neural Networks, computed by hand and with Keras*.

Every notebook starts with the same cell::

    import utils
    utils.setup()

`setup` quiets TensorFlow's C++ log lines (they must be silenced *before* TensorFlow is
imported), seeds Python, NumPy and Keras, and sets small, readable figure defaults.
"""

from __future__ import annotations

import os
import random

__all__ = ["setup", "SEED"]
__version__ = "1.0.0"

SEED = 0


def setup(seed: int = SEED, *, tensorflow: bool = True) -> None:
    """Prepare a notebook: quiet TF logs, seed every random generator, set figure defaults.

    Parameters
    ----------
    seed:
        Seed for Python's ``random``, NumPy and (if ``tensorflow``) Keras/TensorFlow.
    tensorflow:
        Import TensorFlow and seed it too. Chapters that only use NumPy pass ``False``
        and start faster.
    """
    # Must happen before TensorFlow is first imported, or the C++ logger has already spoken.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # oneDNN on (TensorFlow's default on x86 Linux): 1.2-1.4× faster training here, and as repeatable as off
    # (benchmarks/onednn.py: bit-identical weights run after run). Stated so records can say which.
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
    os.environ.setdefault("PYTHONHASHSEED", str(seed))

    import numpy as np

    random.seed(seed)
    np.random.seed(seed)
    np.set_printoptions(linewidth=110, suppress=True)

    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "figure.figsize": (6.4, 3.6),
            "axes.grid": False,
            "image.cmap": "gray",
            "animation.embed_limit": 8.0,  # MB; our animations are far smaller
        }
    )

    if tensorflow:
        import logging
        import warnings

        warnings.filterwarnings("ignore", module="keras")
        import tensorflow as tf

        tf.get_logger().setLevel(logging.ERROR)
        import keras

        keras.utils.set_random_seed(seed)
