"""Counting what a classifier gets right: confusion counts and per-class accuracy (NumPy only)."""

from __future__ import annotations

import numpy as np

from . import validate

__all__ = ["confusion_counts", "per_class_accuracy"]


def confusion_counts(y_true, y_pred, num_classes: int) -> np.ndarray:
    """Counts ``cm[i, j]`` of images of true class ``i`` predicted as ``j``."""
    y_true = np.asarray(y_true).ravel()
    y_pred = np.asarray(y_pred).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in length: {y_true.shape} vs {y_pred.shape}")
    num_classes = validate.integer(num_classes, "num_classes", minimum=2)
    for name, v in (("y_true", y_true), ("y_pred", y_pred)):
        if v.size and (v.min() < 0 or v.max() >= num_classes):
            raise ValueError(f"{name} holds labels outside 0..{num_classes - 1}")
    cm = np.zeros((num_classes, num_classes), dtype=int)
    np.add.at(cm, (y_true.astype(int), y_pred.astype(int)), 1)
    return cm


def per_class_accuracy(y_true, y_pred, num_classes: int) -> np.ndarray:
    """Fraction of each true class predicted correctly (the confusion matrix's diagonal / row sums)."""
    cm = confusion_counts(y_true, y_pred, num_classes)
    rows = cm.sum(axis=1)
    if (rows == 0).any():
        raise ValueError(f"classes {np.flatnonzero(rows == 0).tolist()} have no examples in y_true")
    return np.diag(cm) / rows
