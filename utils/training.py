"""Callbacks and training arithmetic for the chapters on overfitting, dropout and 1×1 convolutions.

* :class:`StopAtAccuracy` — the ``myCallback`` of the note on CNN basics written out: a
  ``keras.callbacks.Callback`` that stops training as soon as a metric (``"accuracy"`` by default) reaches a threshold.
* :func:`validation_split_indices` — which rows ``model.fit(..., validation_split=v)`` trains and
  validates on (Keras takes the *last* fraction of the arrays, before any shuffling).
* :func:`early_stopping_epochs` — which epoch ``EarlyStopping(patience=...)`` stops at and restores.
* :func:`inverted_dropout` — the reference copy of chapter 7's NumPy dropout, used by the exercise
  checker (a hidden cell of the chapter checks that the page's function gives the same arrays).
* :func:`bottleneck_costs` — parameters and FLOPs of a 3×3 convolution against a 1×1 → 3×3 → 1×1
  bottleneck, computed with :mod:`utils.conv`.
* :func:`median_time` — a small, honest wall-clock timer (median of several runs).

The models these chapters train are built by :mod:`utils.models`. Importing this module imports Keras
(for :class:`StopAtAccuracy`).
"""

from __future__ import annotations

import math
import time

import keras
import numpy as np

from . import validate
from .conv import conv_flops, conv_params

__all__ = [
    "StopAtAccuracy",
    "validation_split_indices",
    "early_stopping_epochs",
    "inverted_dropout",
    "bottleneck_costs",
    "median_time",
]


# --------------------------------------------------------------------------- callbacks


class StopAtAccuracy(keras.callbacks.Callback):
    """Stop training at the end of the first epoch whose ``monitor`` reaches ``threshold``.

    The note on CNN basics passes ``callbacks=[myCallback]`` to ``fit`` without showing the class; this
    is that callback written out. "Reaches" depends on the metric: an accuracy (or any other score)
    reaches the threshold when it is ``>= threshold``; a loss (a monitor whose name contains ``"loss"``)
    when it is ``<= threshold``. After training, ``stopped_epoch`` is the 1-based epoch at which it
    stopped training (``None`` if the threshold was never reached).

    >>> stop = StopAtAccuracy(0.95)                          # doctest: +SKIP
    >>> model.fit(x, y, epochs=50, callbacks=[stop])         # doctest: +SKIP
    >>> StopAtAccuracy(0.05, monitor="val_loss")             # doctest: +SKIP
    """

    def __init__(self, threshold: float, monitor: str = "accuracy", verbose: bool = True):
        super().__init__()
        if not isinstance(monitor, str) or not monitor:
            raise ValueError(
                f"monitor must be the name of a logged metric, e.g. 'accuracy'; got {monitor!r}"
            )
        threshold = validate.number(threshold, "threshold")
        self.lower_is_better = "loss" in monitor
        if self.lower_is_better and not threshold > 0:
            raise ValueError(
                f"threshold must be a positive loss for monitor={monitor!r}, got {threshold}"
            )
        if not self.lower_is_better and not 0.0 < float(threshold) <= 1.0:
            raise ValueError(
                f"threshold must be in (0, 1] (an accuracy) for monitor={monitor!r}, got {threshold}"
            )
        self.threshold = float(threshold)
        self.monitor = monitor
        self.verbose = verbose
        self.stopped_epoch = None

    def reached(self, value: float) -> bool:
        """Whether a logged ``value`` of the monitored metric reaches the threshold."""
        return value <= self.threshold if self.lower_is_better else value >= self.threshold

    def on_train_begin(self, logs=None):
        self.stopped_epoch = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.monitor not in logs:
            raise KeyError(
                f"StopAtAccuracy watches {self.monitor!r}, but the logs only have {sorted(logs)}; "
                "compile the model with metrics=['accuracy'] (and pass validation data for 'val_…')"
            )
        value = float(logs[self.monitor])
        if self.reached(value):
            self.stopped_epoch = epoch + 1
            self.model.stop_training = True
            if self.verbose:
                sign = "<=" if self.lower_is_better else ">="
                print(
                    f"StopAtAccuracy: {self.monitor} = {value:.4f} {sign} {self.threshold} "
                    f"after epoch {epoch + 1}; stopping."
                )


# --------------------------------------------------------------------------- validation split


def validation_split_indices(n: int, validation_split: float) -> tuple[np.ndarray, np.ndarray]:
    """Row indices ``(train, validation)`` that ``fit(validation_split=...)`` uses for ``n`` samples.

    Keras cuts the arrays at ``floor(n * (1 - validation_split))``: the rows before the cut are
    trained on, the rows after it are the validation set, the same rows in every epoch. The cut is
    made *before* ``shuffle=True`` shuffles the training rows, so the validation set is the end of
    the arrays, not a random sample.

    >>> tr, va = validation_split_indices(8, 0.25)
    >>> tr.tolist(), va.tolist()
    ([0, 1, 2, 3, 4, 5], [6, 7])
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be an integer >= 2 (the number of samples), got {n!r}")
    if isinstance(validation_split, bool) or not isinstance(
        validation_split, (int, float, np.floating)
    ):
        raise ValueError(f"validation_split must be a float in (0, 1), got {validation_split!r}")
    if not 0.0 < validation_split < 1.0:
        raise ValueError(
            f"validation_split must be strictly between 0 and 1, got {validation_split}"
        )
    split_at = int(math.floor(n * (1.0 - validation_split)))
    if split_at == 0 or split_at == n:
        raise ValueError(
            f"validation_split={validation_split} leaves no sample on one side for n={n}"
        )
    idx = np.arange(int(n))
    return idx[:split_at], idx[split_at:]


def early_stopping_epochs(val_losses, patience: int) -> tuple[int, int]:
    """What ``EarlyStopping(monitor="val_loss", patience=patience)`` does with these validation losses.

    Returns ``(epochs_run, best_epoch)``, both 1-based: how many epochs ``fit`` runs before the
    callback stops it (all of them if it never does), and the epoch whose weights
    ``restore_best_weights=True`` puts back. Keras's rule: after each epoch, a loss lower than the best
    so far resets a counter; otherwise the counter grows, and training stops once it reaches
    ``patience``.

    >>> early_stopping_epochs([0.9, 0.7, 0.8, 0.75, 0.72, 0.6], patience=3)
    (5, 2)
    """
    losses = [float(v) for v in val_losses]
    if not losses:
        raise ValueError("val_losses is empty")
    patience = validate.integer(patience, "patience", minimum=0)
    best, best_epoch, wait = None, 0, 0
    for epoch, loss in enumerate(losses):
        wait += 1
        if best is None or loss < best:
            best, best_epoch, wait = loss, epoch, 0
            continue
        if wait >= patience and epoch > 0:
            return epoch + 1, best_epoch + 1
    return len(losses), best_epoch + 1


# --------------------------------------------------------------------------- dropout


def inverted_dropout(x, rate: float, rng, training: bool = True) -> np.ndarray:
    """Dropout as Keras does it ("inverted"): during training, zero each entry of ``x`` with
    probability ``rate`` and scale the others by ``1 / (1 - rate)``; at inference return ``x``.

    The reference copy of the function chapter 7 writes on the page (a hidden cell there checks that
    both give the same array for the same ``rng``); the exercise checker compares answers with it.

    >>> out = inverted_dropout(np.ones(4, "float32"), 0.5, np.random.default_rng(0))
    >>> sorted(set(out.tolist())) in ([0.0, 2.0], [0.0], [2.0])
    True
    """
    rate = validate.fraction(rate, "rate")
    x = np.asarray(x)
    if not training:
        return x
    keep = rng.random(x.shape) >= rate
    return x * keep * (1.0 / (1.0 - rate))


# --------------------------------------------------------------------------- models and experiments


# --------------------------------------------------------------------------- 1×1 convolutions


def bottleneck_costs(height: int, width: int, channels: int = 256, mid: int = 64) -> list[dict]:
    """Parameters and FLOPs (per image, multiply-add = 2) of the two ways to go ``channels`` → ``channels``.

    Rows: ``"3x3 direct"`` (one 3×3 conv ``channels``→``channels``, ``padding="same"``), then the three
    layers of the bottleneck ``1×1 channels→mid`` → ``3×3 mid→mid`` → ``1×1 mid→channels``, then
    ``"bottleneck total"``. Every number comes from :func:`utils.conv.conv_params` and
    :func:`utils.conv.conv_flops`.
    """
    layers = [
        ("3x3 direct", 3, channels, channels),
        ("1x1 reduce", 1, channels, mid),
        ("3x3 middle", 3, mid, mid),
        ("1x1 expand", 1, mid, channels),
    ]
    rows = [
        {
            "layer": n,
            "kernel": f"{f}x{f}",
            "c_in": ci,
            "c_out": co,
            "params": conv_params(f, ci, co),
            "flops": conv_flops(height, width, f, ci, co),
        }
        for n, f, ci, co in layers
    ]
    rows.append(
        {
            "layer": "bottleneck total",
            "kernel": "",
            "c_in": channels,
            "c_out": channels,
            "params": sum(r["params"] for r in rows[1:]),
            "flops": sum(r["flops"] for r in rows[1:]),
        }
    )
    return rows


# --------------------------------------------------------------------------- timing


def median_time(fn, *, repeat: int = 7, warmup: int = 2) -> float:
    """Median wall-clock seconds of ``fn()`` over ``repeat`` calls, after ``warmup`` untimed calls.

    The median ignores the odd slow run caused by other programs on the machine.
    """
    if not callable(fn):
        raise ValueError(f"fn must be callable, got {type(fn).__name__}")
    repeat = validate.integer(repeat, "repeat")
    warmup = validate.integer(warmup, "warmup", minimum=0)
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))
