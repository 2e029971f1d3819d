"""Checkers for the data, MNIST and Fashion-MNIST chapters.

Every expected value is computed here from the course's reference code (``utils.data``,
``utils.conv``, ``utils.models``) or from the arrays the learner was given — never typed in.
"""
from __future__ import annotations

import numpy as np

from . import check_array, check_close, check_equal, passed, require_answer
from ..conv import output_size
from ..data import to_nhwc_float

__all__ = [
    "check_nhwc",
    "check_nbytes",
    "check_one_hot",
    "check_cross_entropy",
    "check_loss_for_labels",
    "check_output_shapes",
    "check_param_counts",
    "check_model_matches",
    "check_most_confused",
    "check_receptive_field",
    "check_flatten_size",
    "check_per_class_accuracy",
    "check_binary_subset",
    "check_binary_model",
    "check_accuracy",
]


# --------------------------------------------------------------------------- data


def check_nhwc(x, raw) -> None:
    """``x`` must be ``raw`` (uint8 ``(N, H, W)``) as float32 ``(N, H, W, 1)`` in [0, 1]."""
    require_answer(x, "NHWC images")
    expected = to_nhwc_float(raw)
    x = np.asarray(x)
    if x.dtype != np.float32:
        raise AssertionError(f"NHWC images: dtype is {x.dtype}, expected float32 — `x / 255.0` gives float64; "
                             "convert with .astype('float32').")
    if x.shape != expected.shape:
        raise AssertionError(f"NHWC images: shape {x.shape}, expected {expected.shape} — add the channel axis last "
                             "(x[..., np.newaxis] or x.reshape(N, H, W, 1)).")
    if x.max() > 1.0:
        raise AssertionError(f"NHWC images: the largest value is {x.max():g}; divide by 255 to bring pixels into [0, 1].")
    check_array(x, expected, "NHWC images")


def check_nbytes(answer, shape, dtype) -> None:
    """Bytes taken by an array of ``shape`` and ``dtype``."""
    expected = int(np.prod(shape)) * np.dtype(dtype).itemsize
    check_equal(answer, expected, f"bytes of a {np.dtype(dtype).name} array of shape {tuple(shape)}",
                hint=f"multiply the number of values by the bytes per value ({np.dtype(dtype).name}).")


def check_one_hot(onehot, labels, num_classes: int = 10) -> None:
    """One-hot rows for integer ``labels``."""
    require_answer(onehot, "one-hot labels")
    labels = np.asarray(labels)
    expected = np.zeros((len(labels), num_classes), dtype=np.float32)
    expected[np.arange(len(labels)), labels] = 1.0
    onehot = np.asarray(onehot)
    if onehot.shape != expected.shape:
        raise AssertionError(f"one-hot labels: shape {onehot.shape}, expected {expected.shape} "
                             f"(one row per label, one column per class).")
    check_array(onehot, expected, "one-hot labels", hint="row i has a single 1, in column labels[i].")


def check_cross_entropy(value, probs, labels) -> None:
    """Mean cross-entropy ``-mean(log p[i, label_i])`` of predicted ``probs`` for integer ``labels``."""
    probs = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(labels)
    expected = float(-np.mean(np.log(probs[np.arange(len(labels)), labels])))
    check_close(value, expected, "mean cross-entropy", rtol=1e-5,
                hint="take minus the natural log of the probability given to the TRUE class, then average over images.")


def check_loss_for_labels(answer, labels) -> None:
    """Keras loss name that fits ``labels``: integer vector → sparse; one-hot matrix → categorical."""
    labels = np.asarray(labels)
    expected = "sparse_categorical_crossentropy" if labels.ndim == 1 else "categorical_crossentropy"
    check_equal(answer, expected, "loss for these labels",
                hint="integer labels (shape (N,)) need the sparse loss; one-hot rows (shape (N, classes)) the plain one.")


# --------------------------------------------------------------------------- reading models


def _shape(t):
    return tuple(None if d is None else int(d) for d in t.shape)


def check_output_shapes(answer, model) -> None:
    """Output shape of every layer of ``model``, without the batch axis, e.g. ``[(26, 26, 32), ...]``."""
    require_answer(answer, "output shapes")
    expected = [_shape(layer.output)[1:] for layer in model.layers]
    answer = [tuple(a) if isinstance(a, (list, tuple)) else (a,) for a in answer]
    if len(answer) != len(expected):
        raise AssertionError(f"output shapes: {len(answer)} shapes for {len(expected)} layers "
                             f"({', '.join(layer.name for layer in model.layers)}).")
    for layer, got, want in zip(model.layers, answer, expected):
        if tuple(got) != want:
            raise AssertionError(f"output shapes: layer {layer.name!r} gives {got}, which is not right. Valid 3×3 "
                                 "convolution: n − 3 + 1; 2×2 pooling: floor(n / 2); Flatten: h·w·c.")
    passed("output shapes", f"{len(expected)} layers")


def check_param_counts(answer, model) -> None:
    """Parameters of every layer of ``model``, in order."""
    require_answer(answer, "parameter counts")
    expected = [int(layer.count_params()) for layer in model.layers]
    answer = [int(a) for a in answer]
    if len(answer) != len(expected):
        raise AssertionError(f"parameter counts: {len(answer)} numbers for {len(expected)} layers.")
    for layer, got, want in zip(model.layers, answer, expected):
        if got != want:
            raise AssertionError(f"parameter counts: layer {layer.name!r}: {got} is not right. Conv2D: "
                                 "(F·F·C_in + 1)·C_out; Dense: (n_in + 1)·n_out; pooling and Flatten: 0.")
    passed("parameter counts", f"total {sum(expected):,}")


_CONFIG_KEYS = ("filters", "kernel_size", "strides", "padding", "pool_size", "units", "activation")


def _describe(layer) -> dict:
    cfg = layer.get_config()
    out = {"kind": type(layer).__name__.replace("MaxPool2D", "MaxPooling2D")}
    for key in _CONFIG_KEYS:
        if key in cfg:
            v = cfg[key]
            out[key] = tuple(v) if isinstance(v, list) else v
    return out


def check_model_matches(model, reference, name: str = "model") -> None:
    """``model`` has the same layers (kinds, sizes, activations, output shapes) as ``reference``."""
    require_answer(model, name)
    if not hasattr(model, "layers"):
        raise AssertionError(f"{name}: expected a Keras model, got {type(model).__name__}.")
    got = [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]
    want = [layer for layer in reference.layers if type(layer).__name__ != "InputLayer"]
    if len(got) != len(want):
        raise AssertionError(f"{name}: {len(got)} layers, expected {len(want)}: "
                             f"{' → '.join(type(layer).__name__ for layer in want)}.")
    for i, (a, b) in enumerate(zip(got, want)):
        da, db = _describe(a), _describe(b)
        if da != db:
            diff = {k: (da.get(k), db.get(k)) for k in set(da) | set(db) if da.get(k) != db.get(k)}
            detail = "; ".join(f"{k}: {x!r} (expected {y!r})" for k, (x, y) in sorted(diff.items()))
            raise AssertionError(f"{name}: layer {i + 1} ({type(a).__name__}) differs — {detail}.")
        if _shape(a.output) != _shape(b.output):
            raise AssertionError(f"{name}: layer {i + 1} outputs {_shape(a.output)[1:]}, expected {_shape(b.output)[1:]} "
                                 "— check the input shape.")
    if model.count_params() != reference.count_params():
        raise AssertionError(f"{name}: {model.count_params():,} parameters, expected {reference.count_params():,}.")
    passed(name, f"{len(want)} layers, {reference.count_params():,} parameters")


def check_most_confused(answer, cm, class_names) -> None:
    """The (true, predicted) pair of class NAMES with the largest off-diagonal count of ``cm``."""
    require_answer(answer, "most frequent confusion")
    cm = np.asarray(cm)
    off = cm.copy()
    np.fill_diagonal(off, -1)
    i, j = np.unravel_index(np.argmax(off), off.shape)
    expected = (class_names[i], class_names[j])
    if tuple(answer) == expected[::-1]:
        raise AssertionError("most frequent confusion: you have it the wrong way round — rows are the TRUE class, "
                             "columns the PREDICTED class.")
    check_equal(tuple(answer), expected, "most frequent confusion",
                hint="ignore the diagonal (correct predictions) and look for the largest remaining count.")


def _receptive_field(model) -> int:
    from ..models import receptive_field_table

    return receptive_field_table(model)[-1]["receptive_field"]


def check_receptive_field(answer, model) -> None:
    """Receptive field (in input pixels, one side) of one value of the last conv/pool layer of ``model``."""
    check_equal(answer, _receptive_field(model), "receptive field",
                hint="each layer adds (k − 1) × (product of the strides before it): r ← r + (k − 1)·j, then j ← j·s.")


def check_flatten_size(answer, n: int, kernel: int, filters: int, blocks: int = 2) -> None:
    """Flatten length after ``blocks`` × (valid conv ``kernel`` → 2×2 max-pool) on an ``n``×``n`` image."""
    size = n
    for _ in range(blocks):
        size = output_size(size, kernel)
        size = output_size(size, 2, stride=2)
    expected = size * size * filters
    check_equal(answer, expected, "Flatten length",
                hint="walk the size layer by layer: conv n → n − F + 1, pool n → floor(n / 2); then h·w·filters.")


def check_per_class_accuracy(answer, cm) -> None:
    """Per-class accuracy from a confusion matrix: diagonal / row sums (rows = true classes)."""
    require_answer(answer, "per-class accuracy")
    cm = np.asarray(cm, dtype=float)
    expected = np.diag(cm) / cm.sum(axis=1)
    wrong_axis = np.diag(cm) / cm.sum(axis=0)
    a = np.asarray(answer, dtype=float)
    if a.shape == expected.shape and not np.allclose(expected, wrong_axis) and np.allclose(a, wrong_axis):
        raise AssertionError("per-class accuracy: you divided by the column sums (how often a class was PREDICTED); "
                             "divide by the row sums (how many images of the class there are).")
    check_array(a, expected, "per-class accuracy", hint="correct predictions of a class / images of that class.")


def check_binary_subset(x, y, x_all, y_all, classes) -> None:
    """Images of the two ``classes`` only, in their original order; label 0 for ``classes[0]``, 1 for ``classes[1]``."""
    require_answer(x, "two-class images")
    require_answer(y, "two-class labels")
    keep = np.isin(y_all, classes)
    expected_x = x_all[keep]
    expected_y = (y_all[keep] == classes[1]).astype(int)
    x, y = np.asarray(x), np.asarray(y).ravel()
    if len(x) != len(expected_x) or len(y) != len(expected_y):
        raise AssertionError(f"two-class data: {len(x)} images and {len(y)} labels, expected {len(expected_x)} of each "
                             "(every image of the two classes, nothing else).")
    if set(np.unique(y).tolist()) - {0, 1}:
        raise AssertionError(f"two-class labels must be 0 and 1 (a sigmoid predicts one probability); got {np.unique(y)}.")
    check_array(x.reshape(expected_x.shape) if x.size == expected_x.size else x, expected_x, "two-class images")
    check_array(y, expected_y, "two-class labels", hint=f"1 where the original label is {classes[1]}, else 0.")


def check_binary_model(model) -> None:
    """A compiled model ending in ``Dense(1, activation="sigmoid")`` with the binary cross-entropy loss."""
    require_answer(model, "binary classifier")
    last = model.layers[-1]
    cfg = last.get_config()
    if type(last).__name__ != "Dense" or cfg.get("units") != 1:
        raise AssertionError("binary classifier: the last layer must be Dense with ONE unit (the probability of class 1).")
    if cfg.get("activation") != "sigmoid":
        raise AssertionError(f"binary classifier: the last activation is {cfg.get('activation')!r}; a one-unit softmax "
                             "always outputs 1.0 — use 'sigmoid'.")
    loss = getattr(model, "loss", None)
    name = loss if isinstance(loss, str) else getattr(loss, "name", type(loss).__name__ if loss is not None else None)
    if name is None:
        raise AssertionError("binary classifier: compile the model first (model.compile(...)).")
    if str(name).lower().replace("_", "") not in ("binarycrossentropy",):
        raise AssertionError(f"binary classifier: loss {name!r} does not fit a single sigmoid output; use 'binary_crossentropy'.")
    passed("binary classifier", "Dense(1, sigmoid) + binary cross-entropy")


def check_accuracy(value, at_least: float, name: str = "test accuracy") -> None:
    """A measured accuracy of at least ``at_least``."""
    require_answer(value, name)
    v = float(value)
    if not 0.0 <= v <= 1.0:
        raise AssertionError(f"{name}: {v:g} is not an accuracy (expected a fraction between 0 and 1).")
    if v < at_least:
        raise AssertionError(f"{name}: {v:.4f} is below {at_least}; train longer or check the labels and the loss.")
    passed(name, f"{v:.4f} ≥ {at_least}")
