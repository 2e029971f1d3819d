"""Checkers for the exercises on data, the MNIST convnet and Fashion-MNIST (chapters 4–6).

Every expected value is computed here from the course's reference code (``utils.data``,
``utils.conv``, ``utils.models``) or from the arrays and models the learner was given — never typed in.
Each checker first reads its answer (type, then shape), then names the usual slips of its question:
a ``float64`` copy, a missing channel axis, ``n − k`` for ``n − k + 1``, a forgotten bias, the loss
that does not fit the labels, ``[loss, accuracy]`` where the accuracy is asked, ... Where several parts
of an answer are wrong, the hint lists each of them.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import math
import numbers
import random
import re

import numpy as np

from ..conv import conv_params, dense_params, output_size
from ..data import to_nhwc_float
from . import Hint, as_array, as_int, as_number, checker, describe, passed, require_answer

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
    "check_binary_evaluation",
    "check_pooling_counts",
    "check_saved_model",
]


# --------------------------------------------------------------------------- reading answers


def _plain(value):
    """NumPy scalars as Python ones (in lists and tuples too), so hints print 26, not np.int64(26)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(_plain(v) for v in value)
    return value


def _plain_args(fn):
    """Give ``fn`` its positional arguments through :func:`_plain` (arrays and models pass untouched)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*(_plain(a) for a in args), **kwargs)

    return wrapper


def _kind(value) -> str | None:
    """What a Keras/TensorFlow object is: 'class', 'model', 'history', 'layer', 'loss', 'optimizer', 'tensor'."""
    if isinstance(value, type):
        return "class"
    module = type(value).__module__ or ""
    if not module.startswith(("keras", "tensorflow", "tf_keras")):
        return None
    bases = {c.__name__ for c in type(value).__mro__}
    for kind, names in (
        ("model", {"Model", "Sequential", "Functional"}),
        ("history", {"History"}),
        ("loss", {"Loss"}),
        ("optimizer", {"Optimizer"}),
        ("layer", {"Layer"}),
    ):
        if bases & names:
            return kind
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return "tensor"
    return None


def _what(value) -> str:
    """Like :func:`utils.checks.describe`, but names Keras objects for what they are."""
    kind = _kind(value)
    if kind == "class":
        return f"the class {value.__name__} itself (not an object made from it)"
    if kind == "model":
        return f"a Keras model ({type(value).__name__} {getattr(value, 'name', '')!r})"
    if kind == "history":
        return "the History object that fit returns"
    if kind in ("layer", "loss", "optimizer"):
        return f"a Keras {kind} ({type(value).__name__})"
    if kind == "tensor":
        dtype = getattr(value.dtype, "name", value.dtype)
        shape = tuple(value.shape)
        return (
            f"a 0-d tensor holding {np.asarray(value).item()!r}"
            if shape == ()
            else (f"a tensor of shape {shape} and dtype {dtype}")
        )
    return describe(value)


def _screen(value, name: str, what: str, history: str = "") -> None:
    """Turn a Keras object (a model, a History, a layer, a class) given where ``what`` is asked into a hint."""
    require_answer(value, name)
    kind = _kind(value)
    if kind is None or kind == "tensor":
        if callable(value) and not hasattr(value, "shape"):
            raise Hint(
                f"{name}: {what} is asked, but your answer is the function "
                f"{getattr(value, '__name__', type(value).__name__)}: call it, and give what it returns."
            )
        return
    extra = {
        "model": " — the model itself, not something computed from it.",
        "history": f". {history or 'fit returns the training log; what is asked is computed after training.'}",
        "class": ": make one by calling it, with ().",
    }.get(kind, ".")
    raise Hint(f"{name}: {what} is asked, but your answer is {_what(value)}{extra}")


def _no_texts(value, name: str) -> None:
    """A hint for a list that holds texts where numbers are asked (e.g. values formatted with f"{a:.3f}")."""
    if isinstance(value, (list, tuple)):
        texts = [v for v in value if isinstance(v, str)]
        if texts:
            raise Hint(
                f"{name}: your list holds texts such as {texts[0]!r}; give the numbers themselves, "
                "not formatted text."
            )


def _fail(name: str, problems: list[str]) -> None:
    """Raise one hint listing every problem found (nothing if the list is empty)."""
    problems = [p for p in problems if p]
    if len(problems) == 1:
        raise Hint(f"{name}: {problems[0]}")
    if problems:
        raise Hint(
            f"{name}: {len(problems)} things to fix:\n" + "\n".join(f"- {p}" for p in problems)
        )


def _close(a, b, rtol: float = 1e-9, atol: float = 1e-9) -> bool:
    return bool(np.isclose(a, b, rtol=rtol, atol=atol))


def _dims(item, name: str, i: int) -> tuple:
    """One shape written by the learner: an int, or a tuple/list/TensorShape of ints (None allowed)."""
    if isinstance(item, (bool, np.bool_)):
        raise Hint(
            f"{name}: entry {i + 1} is {describe(item)}; write each shape as numbers, e.g. (30, 30, 8)."
        )
    if isinstance(item, numbers.Integral):
        return (int(item),)
    if isinstance(item, str):
        raise Hint(
            f"{name}: entry {i + 1} is the text {item!r}; write numbers without quotes, e.g. (30, 30, 8)."
        )
    try:
        dims = list(item)
    except TypeError:
        raise Hint(
            f"{name}: entry {i + 1} is {_what(item)}; each shape is a tuple of whole numbers, "
            "e.g. (30, 30, 8), or (100,) for a vector."
        ) from None
    out = []
    for d in dims:
        if d is None:
            out.append(None)
            continue
        if (
            isinstance(d, (str, bool, np.bool_))
            or not isinstance(d, numbers.Number)
            or not float(d).is_integer()
        ):
            raise Hint(
                f"{name}: entry {i + 1}, {item!r}, holds {describe(d)}; sizes are whole numbers."
            )
        out.append(int(d))
    return tuple(out)


# --------------------------------------------------------------------------- chapter 4: data


@checker
@_plain_args
def check_nhwc(x, raw, name: str = "NHWC images") -> None:
    """``x`` must be ``raw`` (uint8 ``(N, H, W)``) as float32 ``(N, H, W, 1)`` with values in [0, 1]."""
    _screen(x, name, "an array of images")
    raw = np.asarray(raw)
    expected = to_nhwc_float(raw)
    arr = as_array(x, name)
    if arr.ndim < 3:
        raise Hint(
            f"{name}: an array of images, shape (N, H, W, 1), is asked, but your answer is {_what(x)}."
        )
    problems = []
    dt = arr.dtype
    if dt == np.float64:
        problems.append(
            "dtype float64 (8 bytes a value, twice float32's): x / 255.0 on uint8 pixels computes "
            "in float64, and so does .astype(float) (Python's float is float64). Convert with "
            ".astype('float32') first, then divide, as chapter 4 does: no float64 copy on the way."
        )
    elif dt.kind == "b":
        problems.append(
            "True/False values (a comparison?); the pixels / 255 are asked, as float32."
        )
    elif dt.kind in "iu":
        problems.append(
            f"dtype {dt}: still whole numbers. Convert to float32 and divide by 255: "
            ".astype('float32') / 255."
        )
    elif dt != np.float32:
        problems.append(
            f"dtype {dt}: Keras layers compute in float32; convert with .astype('float32') "
            "before dividing by 255."
        )
    n, h, w = raw.shape
    shape = arr.shape
    if shape != expected.shape:
        if shape == raw.shape:
            problems.append(
                f"shape {shape}: no channel axis. Conv2D wants (N, H, W, C): add one last, "
                "with x[..., np.newaxis] or x.reshape(-1, 28, 28, 1)."
            )
        elif shape == (n, 1, h, w):
            problems.append(
                f"shape {shape}: the channel axis is first (NCHW); Keras is channels-last, "
                "so it goes at the end: (N, H, W, 1)."
            )
        elif shape == (n, h, w, 3):
            problems.append(f"shape {shape}: 3 channels; grey images have one, (N, H, W, 1).")
        elif len(shape) in (3, 4) and shape[1:3] == (h, w) and shape[0] != n:
            problems.append(
                f"{shape[0]:,} images where the array the question names has {n:,}: "
                "convert all of them, and no others."
            )
        elif arr.size == raw.size:
            problems.append(
                f"shape {shape}: the right number of values, the wrong layout; keep each "
                f"{h}×{w} grid and add a channel axis last: (N, {h}, {w}, 1)."
            )
        else:
            problems.append(f"shape {shape}, expected (N, H, W, 1) = {expected.shape}.")
    if arr.size == raw.size and dt.kind == "f":
        v = arr.reshape(expected.shape).astype(np.float64)
        ref = raw.reshape(expected.shape).astype(np.float64)
        # A float16 answer is already flagged for its dtype; its rounding is not a wrong value.
        eps = float(np.finfo(dt).eps) if dt.itemsize < 4 else 0.0
        if not np.allclose(v, expected, rtol=max(1e-5, eps), atol=max(1e-6, eps)):
            if np.allclose(v, ref):
                problems.append(
                    f"the values still go up to {v.max():g}: divide by 255 to bring pixels into "
                    "[0, 1]."
                )
            elif np.allclose(v, ref / 256, atol=1e-6):
                problems.append(
                    "divided by 256: the brightest pixel, 255, must become exactly 1.0, so "
                    "divide by 255."
                )
            elif np.allclose(v, ref / 255**2, atol=1e-7):
                problems.append("divided by 255 twice: the brightest pixel is now 1/255, not 1.0.")
            elif np.allclose(v, 1 - ref / 255, atol=1e-6):
                problems.append(
                    "inverted (1 − x/255): keep 0 black and 1 white, just divide by 255."
                )
            elif np.allclose(v, ref / 127.5 - 1, atol=1e-6):
                problems.append("scaled to [−1, 1]; the question asks for [0, 1]: divide by 255.")
            else:
                bad = np.unravel_index(np.argmax(np.abs(v - expected)), v.shape)
                problems.append(
                    "the values are not the pixels / 255 (look at index "
                    f"{tuple(int(i) for i in bad)}): are these the images the question names?"
                )
    _fail(name, problems)
    passed(
        name,
        "float32 in [0, 1], channel axis last — what Conv2D takes, at half the memory of float64",
    )


@checker
@_plain_args
def check_nbytes(answer, shape, dtype, name: str | None = None) -> None:
    """Bytes taken by an array of ``shape`` and ``dtype``: values × bytes per value."""
    dtype = np.dtype(dtype)
    shape = tuple(int(s) for s in shape)
    name = name or f"bytes of a {dtype.name} array of shape {shape}"
    _screen(answer, name, "one number of bytes")
    if isinstance(answer, (tuple, list)) and len(answer) == len(shape):
        raise Hint(
            f"{name}: your answer {tuple(answer)!r} is a shape; the number of bytes is one number: "
            "the values (the product of the shape) × the bytes per value."
        )
    v = as_number(answer, name, what="one number of bytes")
    n = math.prod(shape)
    size = dtype.itemsize
    expected = n * size
    if v == expected:
        passed(
            name, f"{n:,} values × {size} bytes = {expected:,} bytes ({expected / 2**20:.1f} MiB)"
        )
        return
    bits = 8 * size
    slips = [
        (
            n,
            f"{v:,.0f} is the number of values; each {dtype.name} value takes {bits} bits, and a byte is 8 bits.",
        ),
        (n * size * 8, "that counts bits; a byte is 8 bits: count bytes."),
        (expected / 2**20, "that is in MiB; the question asks for bytes (do not divide by 2**20)."),
        (expected / 1e6, "that is in MB; the question asks for bytes (do not divide by 10**6)."),
        (expected / 2**10, "that is in KiB; the question asks for bytes (do not divide by 1024)."),
        (expected / 2**30, "that is in GiB; the question asks for bytes."),
        (expected / 1e9, "that is in GB; the question asks for bytes."),
    ]
    if size != 8:
        slips.append((n * 8, f"8 bytes a value is float64's size; {dtype.name} takes {size}."))
    if size != 4:
        slips.append(
            (
                n * 4,
                f"4 bytes a value is float32's size; {dtype.name} takes {size} "
                f"(the 64 in its name counts bits).",
            )
        )
    if len(shape) >= 3 and shape[-1] in (3, 4) and len(shape) == 4:
        slips.append(
            (
                expected // shape[-1],
                f"the last axis is missing: each pixel holds {shape[-1]} values "
                "(one per colour channel); count them all.",
            )
        )
    if len(shape) >= 2:
        slips.append(
            (expected // shape[0], f"that is one image; the array holds {shape[0]:,} of them.")
        )
    for value, message in slips:
        if _close(v, value, rtol=0.01 if value < expected / 1000 else 1e-9):
            raise Hint(f"{name}: {message}")
    raise Hint(
        f"{name}: {v:,.0f} is not right: multiply the number of values (the product of the shape "
        f"{shape}) by the bytes one {dtype.name} value takes."
    )


@checker
@_plain_args
def check_one_hot(onehot, labels, num_classes: int = 10, name: str = "one-hot labels") -> None:
    """One-hot rows of dtype float32 for integer ``labels``: row i holds a single 1, in column labels[i]."""
    require_answer(onehot, name)
    if _kind(onehot) == "tensor":
        raise Hint(
            f"{name}: your answer is {_what(onehot)}; the question asks for a NumPy array: pick "
            "rows of np.eye(10, dtype=np.float32). (The check sees only the result, so it cannot "
            "tell how the rows were made.)"
        )
    _screen(onehot, name, "an array of one-hot rows")
    labels = np.asarray(labels).astype(int)
    n, c = len(labels), int(num_classes)
    expected = np.eye(c, dtype=np.float32)[labels]
    arr = as_array(onehot, name)
    if arr.ndim == 0:
        raise Hint(f"{name}: one row per label is asked, but your answer is {_what(onehot)}.")
    problems = []
    if arr.dtype == np.float64:
        problems.append(
            "dtype float64: np.eye gives float64 unless told otherwise (and to_categorical "
            "returns float64 too). Ask for float32: np.eye(10, dtype=np.float32)."
        )
    elif arr.dtype.kind == "b":
        problems.append(
            "True/False values (a comparison): the loss computes with numbers; make them float32."
        )
    elif arr.dtype.kind in "iu":
        problems.append(
            f"dtype {arr.dtype}: whole numbers; the loss computes in floats, so float32 is asked."
        )
    elif arr.dtype != np.float32:
        problems.append(f"dtype {arr.dtype}; float32 is asked, the type Keras computes in.")
    if arr.shape != expected.shape:
        if arr.shape == labels.shape:
            problems.append(
                f"shape {arr.shape}: one number per label, like the labels themselves; one-hot "
                f"means one ROW of {c} per label, with a single 1."
            )
        elif arr.shape == (c, n) and c != n:
            problems.append(
                f"shape {arr.shape}: transposed; one ROW per label ({n} rows), one column per "
                f"class ({c})."
            )
        elif arr.ndim == 2 and arr.shape[0] == n:
            problems.append(
                f"{arr.shape[1]} columns: one column per class, and there are {c} classes "
                f"(0 to {c - 1}), whatever labels these {n} happen to hold."
            )
        elif arr.ndim == 2 and arr.shape[1] == c:
            problems.append(
                f"{arr.shape[0]} rows where there are {n} labels: one row per label asked."
            )
        else:
            problems.append(
                f"shape {arr.shape}, expected {expected.shape}: one row per label, one column "
                "per class."
            )
    else:
        v = arr.astype(np.float64)
        if not np.array_equal(v, expected):
            cols = v.argmax(axis=1)
            sums = v.sum(axis=1)
            if np.array_equal(v, 1 - expected):
                problems.append("inverted: 0 where the 1 should be and 1 everywhere else.")
            elif not np.allclose(sums, 1) or not np.isin(v, (0, 1)).all():
                problems.append("each row must hold exactly one 1 and zeros elsewhere.")
            elif np.array_equal(cols, (labels + 1) % c) or np.array_equal(cols, (labels - 1) % c):
                problems.append(
                    "the 1s are one column off: class k goes in column k (class 0 in column 0)."
                )
            else:
                i = int(np.flatnonzero(cols != labels)[0])
                problems.append(
                    f"row {i} has its 1 in column {cols[i]}, but labels[{i}] is {labels[i]}: "
                    "are these the labels the question names, in their order?"
                )
    _fail(name, problems)
    passed(name, f"row i is row labels[i] of the {c}×{c} identity matrix, as float32")


def _labels_as_int(labels) -> np.ndarray:
    labels = np.asarray(labels)
    return labels.argmax(axis=1) if labels.ndim == 2 else labels.astype(int)


@checker
@_plain_args
def check_cross_entropy(value, probs, labels, name: str = "mean cross-entropy") -> None:
    """Mean cross-entropy of ``probs`` for ``labels`` (integers, or one-hot rows): −mean(log p[true class])."""
    require_answer(value, name)
    if _kind(value) == "tensor":
        raise Hint(
            f"{name}: your answer is {_what(value)}; compute with NumPy (np.log, np.sum, np.mean), "
            "as the question asks, and give a number. (The check sees only the number, so it "
            "cannot tell how it was computed.)"
        )
    if _kind(value) == "loss":
        raise Hint(
            f"{name}: your answer is {_what(value)}, the loss itself, not a number it computed; "
            "compute the mean cross-entropy with NumPy (np.log, np.sum, np.mean), as the question "
            "asks."
        )
    _screen(value, name, "one number")
    probs = np.asarray(probs, dtype=np.float64)
    true = _labels_as_int(labels)
    n, c = probs.shape
    rows = np.arange(n)
    p_true = probs[rows, true]
    expected = float(-np.mean(np.log(p_true)))
    arr = None if isinstance(value, (str, numbers.Number)) else np.asarray(value, dtype=object)
    if arr is not None and arr.size == n and n > 1:
        raise Hint(
            f"{name}: {n} numbers, one loss per image; the loss Keras reports is their mean: "
            "average over the images."
        )
    if arr is not None and arr.size == n * c:
        raise Hint(
            f"{name}: a {n}×{c} array; for each image keep only the log-probability of its TRUE "
            "class (sum over the classes of onehot · log p), then average over the images."
        )
    v = as_number(value, name, what="one number")
    if _close(v, expected, rtol=1e-5, atol=0):
        passed(
            name,
            f"{v:.4f}: the average of −log(probability given to the true class) over {n} images",
        )
        return
    slips = [
        (
            -expected,
            "negative: the log of a probability (at most 1) is at most 0, so the loss is MINUS the "
            "mean log-probability.",
        ),
        (expected * n, f"that is the sum over the {n} images; the loss is their mean."),
        (
            expected / c,
            f"that is divided by {n * c}: averaged over all {n}×{c} entries. Sum over the "
            f"classes of each image first (only the true class is non-zero), then average over "
            f"the {n} images.",
        ),
        (expected / np.log(10), "log base 10; the cross-entropy uses the natural log, np.log."),
        (expected / np.log(2), "log base 2; the cross-entropy uses the natural log, np.log."),
        (
            float(-np.mean(np.log(probs.max(axis=1)))),
            "that uses the probability of the PREDICTED class (the largest); use the TRUE class's.",
        ),
        (
            float(-np.mean(np.log(1 - p_true))),
            "that uses 1 − p; the loss is −log p of the true class.",
        ),
        (
            float(-np.mean(np.sum(np.log(probs), axis=1))),
            "that sums the logs of all classes; keep only the true class's.",
        ),
        (
            float(-np.mean(np.log(probs))),
            "that averages the logs of all classes; keep only the true class's.",
        ),
        (
            float(np.mean(p_true)),
            "that is the mean probability of the true class; the loss is −log of it, averaged.",
        ),
    ]
    for value_, message in slips:
        if _close(v, value_, rtol=1e-5, atol=0):
            raise Hint(f"{name}: {message}")
    if _close(v, expected, rtol=0, atol=0.01):
        raise Hint(
            f"{name}: {v:g} is close, but not within the tolerance (a relative 1e-5): do not round; "
            "give the value as computed."
        )
    raise Hint(
        f"{name}: {v:g} is not right: for each image take minus the natural log of the probability "
        "given to its TRUE class, then average over the images."
    )


_CROSSENTROPIES = (
    "sparse_categorical_crossentropy",
    "categorical_crossentropy",
    "binary_crossentropy",
)
_METRICS = {
    "accuracy",
    "acc",
    "sparse_categorical_accuracy",
    "categorical_accuracy",
    "binary_accuracy",
}


def _resolve_loss(answer, name: str, prefer=_CROSSENTROPIES) -> tuple[str, bool, float]:
    """(function name, from_logits, label_smoothing) of a Keras loss given as a name, a class name, a
    class, an instance or a function; a hint for anything else. ``prefer``: the losses a misspelt
    name is most likely meant to be, in the order to suggest them."""
    import keras

    require_answer(answer, name)
    if isinstance(answer, (list, tuple)):
        raise Hint(
            f"{name}: one loss is asked, but your answer is {_what(answer)}: answer each question "
            "with its own name."
        )
    kind = _kind(answer)
    if isinstance(answer, (bool, np.bool_, numbers.Number, np.ndarray)) or kind == "tensor":
        raise Hint(
            f"{name}: a loss (its name, as a string in quotes) is asked, but your answer is "
            f"{_what(answer)} — a number is what a loss computes, not which loss."
        )
    if kind in ("model", "history", "layer", "optimizer"):
        raise Hint(
            f"{name}: a loss (its name, as a string in quotes) is asked, but your answer is "
            f"{_what(answer)}."
        )
    if isinstance(answer, str):
        text = answer.strip()
        if text.lower() in _METRICS:
            raise Hint(
                f"{name}: {answer!r} is a metric (what compile's metrics= reports), not a loss."
            )
        try:
            resolved = keras.losses.get(text)
        except Exception:  # noqa: BLE001 - Keras does not know the name
            squashed = re.sub(r"[^a-z]", "", text.lower())
            for canon in _CROSSENTROPIES:
                if squashed == canon.replace("_", ""):
                    raise Hint(
                        f"{name}: Keras does not know the spelling {answer!r}. Write {canon!r} (snake "
                        "case, 'crossentropy' as one word) or the class name "
                        f"{''.join(p.title() for p in canon.split('_'))!r}."
                    ) from None
            partial = [c for c in prefer if squashed and squashed in c.replace("_", "")]
            if len(partial) > 1:
                raise Hint(
                    f"{name}: {answer!r} is not a loss Keras knows; Keras needs the full name, "
                    f"{' or '.join(repr(c) for c in partial)}: which one depends on the labels."
                ) from None
            close = difflib.get_close_matches(text.lower(), prefer, n=1, cutoff=0.6)
            close = close or difflib.get_close_matches(
                text.lower(), _CROSSENTROPIES, n=1, cutoff=0.6
            )
            guess = f" Did you mean {close[0]!r}?" if close else ""
            raise Hint(f"{name}: {answer!r} is not a loss Keras knows.{guess}") from None
        if text != answer:
            raise Hint(
                f"{name}: {answer!r} has spaces around the name; compile(loss=...) does not strip "
                f"them and fails on it: write {text!r}."
            )
    elif kind in ("loss", "class") or callable(answer):
        try:
            resolved = keras.losses.get(answer)
        except Exception:  # noqa: BLE001
            raise Hint(f"{name}: {_what(answer)} is not a Keras loss.") from None
    else:
        raise Hint(
            f"{name}: a loss (its name, as a string in quotes) is asked, but your answer is {_what(answer)}."
        )
    fn = getattr(resolved, "fn", resolved)
    if not (isinstance(resolved, keras.losses.Loss) or inspect.isfunction(fn)):
        raise Hint(f"{name}: {_what(answer)} is not a Keras loss.")
    fname = (
        getattr(fn, "__name__", None) or getattr(resolved, "name", None) or type(resolved).__name__
    )
    if getattr(fn, "__module__", "").split(".")[0] not in ("keras", "tensorflow", "tf_keras"):
        raise Hint(f"{name}: {_what(answer)} is your own function; give the loss Keras provides.")
    config = resolved.get_config() if hasattr(resolved, "get_config") else {}
    config = config if isinstance(config, dict) else {}
    from_logits = bool(config.get("from_logits", False))
    smoothing = float(config.get("label_smoothing", 0) or 0)
    return fname, from_logits, smoothing


@checker
@_plain_args
def check_loss_for_labels(answer, labels, name: str = "loss for these labels") -> None:
    """The Keras loss that fits ``labels``: one integer per image → sparse; rows per image → categorical.

    Any spelling Keras accepts is accepted: ``"sparse_categorical_crossentropy"``,
    ``"SparseCategoricalCrossentropy"``, ``keras.losses.SparseCategoricalCrossentropy()``, the class, the
    function ``keras.losses.sparse_categorical_crossentropy``.
    """
    labels = np.asarray(labels)
    integer = labels.ndim == 1 or (
        labels.ndim == 2 and labels.shape[1] == 1 and labels.dtype.kind in "iu"
    )
    single = False
    if integer:
        what = f"integers, one per image (shape {labels.shape})"
        expected = "sparse_categorical_crossentropy"
    else:
        single = np.isin(labels, (0, 1)).all() and np.allclose(labels.sum(axis=1), 1)
        what = (
            f"one-hot rows, one row of {labels.shape[1]} per image (shape {labels.shape})"
            if single
            else f"rows of {labels.shape[1]} probabilities per image (shape {labels.shape}), not a single class "
            "each"
        )
        expected = "categorical_crossentropy"
    got, from_logits, smoothing = _resolve_loss(
        answer, name, prefer=("sparse_categorical_crossentropy", "categorical_crossentropy")
    )
    if got == expected:
        if from_logits:
            raise Hint(
                f"{name}: the right loss, but from_logits=True tells it the model outputs raw scores; "
                "the course's classifiers end with a softmax, which outputs probabilities: leave "
                "from_logits out."
            )
        if smoothing > 0 and not integer and not single:
            raise Hint(
                f"{name}: the right loss, but label_smoothing={smoothing:g} smooths the labels "
                "again: these rows are already smoothed (no entry is 0 or 1). Leave "
                "label_smoothing out."
            )
        passed(name, f"labels that are {what} → {expected}")
        return
    if got == "categorical_crossentropy":
        raise Hint(
            f"{name}: these labels are {what}. categorical_crossentropy wants one row of class "
            "probabilities per image; integer labels go with sparse_categorical_crossentropy."
        )
    if got == "sparse_categorical_crossentropy":
        rows = (
            ""
            if "one-hot" in what
            else " Rows that are not a single class cannot be written as integers."
        )
        raise Hint(
            f"{name}: these labels are {what}. The sparse loss wants one integer per image; rows go "
            f"with categorical_crossentropy.{rows}"
        )
    if got == "binary_crossentropy":
        raise Hint(
            f"{name}: binary_crossentropy is for ONE sigmoid output per image (a yes/no question); "
            "these labels have 10 classes, for a 10-way softmax."
        )
    if got in (
        "mean_squared_error",
        "mean_absolute_error",
        "huber",
        "log_cosh",
        "mean_squared_logarithmic_error",
        "mean_absolute_percentage_error",
    ):
        raise Hint(
            f"{name}: {got} measures distances between numbers (regression); a softmax classifier is "
            "trained with a cross-entropy."
        )
    if got in ("kl_divergence", "categorical_focal_crossentropy") and not integer:
        raise Hint(
            f"{name}: {got} takes rows of class probabilities too, but the question asks for the "
            f"loss chapter 4 pairs with labels that are {what}: one of its two cross-entropies."
        )
    raise Hint(f"{name}: {got} is not the loss chapter 4 pairs with labels that are {what}.")


# --------------------------------------------------------------------------- chapter 5: reading models


def _shape(t) -> tuple:
    return tuple(None if d is None else int(d) for d in t.shape)


def _step(layer, shape: tuple):
    """Output shape (no batch axis) of ``layer`` for an input of ``shape``, by the chapter's formulas."""
    kind = type(layer).__name__
    try:
        if kind == "Conv2D":
            k, s = layer.kernel_size, layer.strides
            return (
                output_size(shape[0], k[0], s[0], layer.padding),
                output_size(shape[1], k[1], s[1], layer.padding),
                layer.filters,
            )
        if kind in ("MaxPooling2D", "AveragePooling2D"):
            k, s = layer.pool_size, layer.strides
            return (
                output_size(shape[0], k[0], s[0], layer.padding),
                output_size(shape[1], k[1], s[1], layer.padding),
                shape[2],
            )
        if kind == "Flatten":
            return (math.prod(shape),)
        if kind == "Dense":
            return tuple(shape[:-1]) + (layer.units,)
    except (TypeError, ValueError, IndexError):
        return None
    return tuple(shape)


def _shape_slip(layer, shape_in: tuple, got: tuple, want: tuple) -> str:
    """Why ``got`` is not the output shape ``want`` of ``layer`` (whose input is ``shape_in``)."""
    kind = type(layer).__name__
    where = f"{layer.name!r} ({kind})"
    if kind == "Conv2D":
        k = layer.kernel_size[0]
        if len(got) != 3:
            return f"{where}: a convolution outputs 3 axes (height, width, filters), not {got}."
        if got[:2] == want[:2] and got[2] != want[2]:
            same = " (that is the input's depth)" if got[2] == shape_in[2] else ""
            return f"{where}: the depth is the number of filters of this layer{same}."
        if layer.padding == "valid" and got[:2] == tuple(d - k for d in shape_in[:2]):
            return f"{where}: off by one — a valid {k}×{k} convolution fits n − {k} + 1 positions, not n − {k}."
        if layer.padding == "valid" and got[:2] == shape_in[:2]:
            return f"{where}: valid padding (the default) adds no zeros, so the map shrinks by {k} − 1."
        return (
            f"{where}: {got} is not right; a valid {k}×{k} convolution gives n − {k} + 1 per side."
        )
    if kind in ("MaxPooling2D", "AveragePooling2D"):
        if len(got) != 3:
            return f"{where}: pooling keeps 3 axes (height, width, channels), not {got}."
        if got[2] != want[2]:
            return f"{where}: pooling keeps the number of channels ({shape_in[2]})."
        if got[:2] == tuple(math.ceil(d / layer.strides[0]) for d in shape_in[:2]):
            return f"{where}: rounded up; a window that does not fit is dropped, so round DOWN: floor(n / 2)."
        if got[:2] == shape_in[:2]:
            return f"{where}: a 2×2 pool with stride 2 halves height and width."
        return f"{where}: {got} is not right; 2×2 pooling with stride 2 gives floor(n / 2)."
    if kind == "Flatten":
        if len(got) != 1:
            return f"{where}: Flatten makes one vector, a shape with one entry: (h·w·c,)."
        return f"{where}: {got[0]} is not h·w·c of the layer before."
    if kind == "Dense":
        return f"{where}: a Dense layer outputs one value per unit ({layer.units})."
    return f"{where}: {got} is not right."


@checker
@_plain_args
def check_output_shapes(answer, model, name: str = "output shapes") -> None:
    """Output shape of every layer of ``model``, without the batch axis, e.g. ``[(26, 26, 16), ...]``."""
    _screen(answer, name, "a list with one shape per layer")
    layer_list = _layers(model)
    expected = [_shape(layer.output)[1:] for layer in layer_list]
    n = len(expected)
    if isinstance(answer, (str, numbers.Number, np.bool_)) or not hasattr(answer, "__iter__"):
        raise Hint(
            f"{name}: a list of {n} shapes, one per layer, is asked, but your answer is {_what(answer)}."
        )
    items = list(answer)
    if (
        items
        and all(isinstance(d, numbers.Integral) for d in items)
        and len(items) in (1, 2, 3, 4)
        and len(items) != n
    ):
        raise Hint(
            f"{name}: your answer {tuple(items)} is one shape; a list of {n} shapes, one per layer, "
            "is asked: [(h, w, c), (h, w, c), ...]."
        )
    shapes = [_dims(item, name, i) for i, item in enumerate(items)]
    input_shape = _shape(model.inputs[0])[1:]
    if len(shapes) == n + 1 and shapes[0] in (input_shape, (None,) + input_shape):
        raise Hint(
            f"{name}: your first entry is the input {input_shape}; list the outputs of the {n} layers "
            "only (model.layers does not hold the Input)."
        )
    if len(shapes) != n:
        raise Hint(
            f"{name}: {len(shapes)} shapes for {n} layers "
            f"({', '.join(layer.name for layer in layer_list)}): one output shape per layer."
        )
    with_batch = [s for s, w in zip(shapes, expected) if len(s) == len(w) + 1 and s[0] in (None, 1)]
    if with_batch and len(with_batch) >= n - 1:
        example = with_batch[0]
        raise Hint(
            f"{name}: leave out the batch axis (the None that model.summary() shows first): "
            f"{example[1:]}, not {example}."
        )
    problems = []
    first = [
        s
        for s, w in zip(shapes, expected)
        if len(s) == 3 == len(w) and s != w and s[0] == w[2] and s[2] != w[2]
    ]
    if first and 2 * len(first) > sum(len(w) == 3 for w in expected):
        a, b, c = first[0]
        problems.append(
            f"Keras puts the channels last: (height, width, channels), e.g. {(b, c, a)}, not "
            f"{(a, b, c)} (that order, channels first, is PyTorch's)."
        )
        shapes = [(s[1], s[2], s[0]) if len(s) == 3 else s for s in shapes]
    prev_got, prev_want = input_shape, input_shape
    for layer, got, want in zip(layer_list, shapes, expected):
        if got != want:
            own = _step(layer, prev_got) if prev_got != prev_want else None
            if own != got:  # not just carried over from an earlier slip: say what is wrong here
                base, target = (prev_got, own) if own is not None else (prev_want, want)
                problems.append(_shape_slip(layer, base, got, target))
        prev_got, prev_want = got, want
    _fail(name, problems)
    passed(name, f"{n} layers, down to {expected[-1]}")


def _param_slip(layer, got: int, want: int) -> str:
    kind = type(layer).__name__
    where = f"{layer.name!r} ({kind})"
    if want == 0:
        return f"{where}: pooling and Flatten have no weights: 0."
    shape_in, shape_out = _shape(layer.input)[1:], _shape(layer.output)[1:]
    if kind == "Conv2D":
        kh, kw = layer.kernel_size
        c_in, c_out = shape_in[-1], layer.filters
        if got == kh * kw * c_in * c_out:
            return f"{where}: the biases are missing — one per filter: (F·F·C_in + 1)·C_out."
        if got == (kh * kw + 1) * c_out and c_in > 1:
            return (
                f"{where}: each filter spans all {c_in} input channels: F·F·C_in weights, not F·F."
            )
        macs = shape_out[0] * shape_out[1] * kh * kw * c_in * c_out
        if got in (macs, 2 * macs):
            return (
                f"{where}: that counts multiply-adds (FLOPs), which grow with the image; the parameters "
                "are the kernel weights and biases, (F·F·C_in + 1)·C_out, whatever the image size."
            )
        return f"{where}: {got:,} is not right; a Conv2D layer has (F·F·C_in + 1)·C_out parameters."
    if kind == "Dense":
        n_in, n_out = shape_in[-1], layer.units
        if got == n_in * n_out:
            return f"{where}: the biases are missing — one per unit: (n_in + 1)·n_out."
        return (
            f"{where}: {got:,} is not right; (n_in + 1)·n_out, where n_in is the length of the vector "
            "that comes in (the Flatten output)."
        )
    return f"{where}: {got:,} is not right."


@checker
@_plain_args
def check_param_counts(answer, model, name: str = "parameter counts") -> None:
    """Parameters of every layer of ``model``, in order, as a list of ints."""
    _screen(answer, name, "a list with one count per layer")
    layer_list = _layers(model)
    expected = [int(layer.count_params()) for layer in layer_list]
    n = len(expected)
    if isinstance(answer, (str, numbers.Number, np.bool_)) or not hasattr(answer, "__iter__"):
        total = ""
        if isinstance(answer, numbers.Real) and _close(float(answer), sum(expected)):
            total = " That is the total: list each layer's count."
        raise Hint(
            f"{name}: a list of {n} counts, one per layer, is asked, but your answer is "
            f"{_what(answer)}.{total}"
        )
    items = list(answer)
    if any(item is None or item is ... for item in items):
        raise Hint(
            f"{name}: your list holds None or ...; every layer's entry is a whole number (0 for a "
            "layer without weights)."
        )
    counts = [as_int(item, f"{name} (entry {i + 1})") for i, item in enumerate(items)]
    if len(counts) != n:
        weighted = [e for e in expected if e]
        extra = (
            " Pooling and Flatten layers count too, with 0." if len(counts) == len(weighted) else ""
        )
        raise Hint(
            f"{name}: {len(counts)} numbers for {n} layers "
            f"({', '.join(layer.name for layer in layer_list)}).{extra}"
        )
    problems = [
        _param_slip(layer, got, want)
        for layer, got, want in zip(layer_list, counts, expected)
        if got != want
    ]
    _fail(name, problems)
    passed(name, f"total {sum(expected):,}")


_CONFIG_KEYS = (
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "pool_size",
    "units",
    "activation",
    "rate",
)


def _config(layer) -> dict:
    cfg = layer.get_config()
    out = {}
    for key in _CONFIG_KEYS:
        if key in cfg:
            v = cfg[key]
            out[key] = tuple(v) if isinstance(v, list) else v
    return out


def _kind_name(layer) -> str:
    return type(layer).__name__.replace("MaxPool2D", "MaxPooling2D")


def _layers(model) -> list:
    """The model's layers without the InputLayer (which a functional keras.Model lists, and a
    Sequential model does not)."""
    return [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]


def _input_name(model) -> str | None:
    try:
        return model.inputs[0]._keras_history.operation.name
    except Exception:  # noqa: BLE001 - not built, or another Keras version
        pass
    for layer in (getattr(model, "_layers", None) or []) + list(getattr(model, "layers", [])):
        if type(layer).__name__ == "InputLayer":
            return layer.name
    return None


#: Names Keras gives by itself (``input_layer_3``, ``flatten``, ``dense_1``): they say nothing about
#: where a model came from.
_AUTO_NAME = re.compile(r"(input_layer|keras_tensor|flatten|dense|conv2d|max_pooling2d)(_\d+)?")


def _activation_of(layer) -> str | None:
    """The activation a standalone activation layer (ReLU, Activation, Softmax) stands for; None for
    any other layer."""
    kind = type(layer).__name__
    cfg = layer.get_config()
    if kind == "Activation" and isinstance(cfg.get("activation"), str):
        return cfg["activation"]
    if kind == "ReLU" and not cfg.get("max_value") and not cfg.get("negative_slope"):
        return "relu" if not cfg.get("threshold") else None
    if kind == "Softmax":
        return "softmax"
    return None


def _read_model(model, name: str) -> None:
    """A hint unless ``model`` is a Keras model whose input shape is known."""
    require_answer(model, name)
    if isinstance(model, (list, tuple)) and model and all(_kind(m) == "layer" for m in model):
        raise Hint(
            f"{name}: a list of layers; pass it to keras.Sequential([...]) to make the model."
        )
    if _kind(model) == "class":
        raise Hint(
            f"{name}: your answer is {_what(model)}: make a model with keras.Sequential() and add "
            "the layers."
        )
    if _kind(model) != "model" or not hasattr(model, "layers"):
        raise Hint(f"{name}: a Keras model is asked, but your answer is {_what(model)}.")
    try:
        model.inputs[0]  # noqa: B018 - raises if the model has no input
        for layer in _layers(model):
            layer.output  # noqa: B018
    except Exception:  # noqa: BLE001 - Keras: 'has never been called and thus has no defined output'
        raise Hint(
            f"{name}: the model has no input shape, so Keras has not built it; start with "
            "keras.Input(shape=...), as the first element or the first .add(...)."
        ) from None


def _stack(model, fold: bool) -> tuple[list, list]:
    """The model's layers as (position, layer, kind, settings), and the standalone activation layers
    folded into the Conv2D/Dense layer before them when ``fold`` (the settings then carry that
    activation)."""
    items, folded = [], []
    for i, layer in enumerate(_layers(model)):
        act = _activation_of(layer) if fold else None
        if (
            act is not None
            and items
            and items[-1][2] in ("Conv2D", "Dense")
            and items[-1][3].get("activation") == "linear"
        ):
            items[-1][3]["activation"] = act
            folded.append((f"{type(layer).__name__} {layer.name!r}", items[-1][2], act))
            continue
        items.append((i + 1, layer, _kind_name(layer), _config(layer)))
    return items, folded


def _model_problems(model, reference) -> list[str]:
    """Every way ``model``'s layers differ from ``reference``'s: kinds, settings, input and output shapes."""
    problems = []
    got_in, want_in = _shape(model.inputs[0])[1:], _shape(reference.inputs[0])[1:]
    if got_in != want_in:
        problems.append(f"input shape {got_in}, expected {want_in}: keras.Input(shape={want_in}).")
    fold = not any(_activation_of(x) for x in _layers(reference))
    got, folded = _stack(model, fold)
    want, _ = _stack(reference, False)
    if folded:
        _, kind, act = folded[0]
        problems.append(
            f"separate activation layers ({', '.join(f[0] for f in folded)}): put each activation "
            f"inside the Conv2D/Dense layer before it, as the chapter does, e.g. "
            f"layers.{kind}(..., activation={act!r})."
        )
    a, b = [x[2] for x in got], [x[2] for x in want]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2)):
                where = f"layer {got[i][0]} ({a[i]} {got[i][1].name!r})"
                if a[i] != b[j]:
                    problems.append(f"{where} should be a {b[j]}.")
                    continue
                ca, cb = got[i][3], want[j][3]
                for key in sorted(set(ca) | set(cb)):
                    if ca.get(key) == cb.get(key):
                        continue
                    if key == "activation" and ca.get(key) == "linear":
                        problems.append(
                            f"{where}: no activation (linear); the spec has "
                            f"activation={cb.get(key)!r}."
                        )
                    else:
                        problems.append(
                            f"{where}: {key} {ca.get(key)!r}, expected {cb.get(key)!r}."
                        )
        elif op == "delete":
            problems += [
                f"layer {got[i][0]} ({a[i]} {got[i][1].name!r}) is not in the spec: remove it."
                for i in range(i1, i2)
            ]
        elif op == "insert":
            after = f"after layer {got[i1 - 1][0]} ({a[i1 - 1]})" if i1 else "first"
            problems += [f"a {b[j]} layer is missing {after}." for j in range(j1, j2)]
        else:
            problems.append(
                f"layers {got[i1][0]}–{got[i2 - 1][0]} ({' → '.join(a[i1:i2])}) should be "
                f"{' → '.join(b[j1:j2])}."
            )
    same = [_shape(x[1].output) for x in got] == [_shape(x[1].output) for x in want]
    if not [p for p in problems if not p.startswith("separate")] and not same:
        problems.append("the layers match but the output shapes differ: check the input shape.")
    if not problems and model.count_params() != reference.count_params():
        problems.append(
            f"{model.count_params():,} parameters, expected {reference.count_params():,}."
        )
    return problems


def _builder_used(model, reference) -> bool:
    """True when ``model`` came out of a course builder (``utils.models``), whatever its name: the
    builders name the input and the layers themselves ('image', 'conv1', 'pool1', ..., 'output'),
    which a model written layer by layer does not."""
    ref_in = _input_name(reference)
    if not ref_in or _AUTO_NAME.fullmatch(ref_in) or _input_name(model) != ref_in:
        return False
    own = [x.name for x in _layers(reference) if not _AUTO_NAME.fullmatch(x.name)]
    names = {x.name for x in _layers(model)}
    return bool(own) and sum(n in names for n in own) >= min(3, len(own))


def _builder_hint(name: str, model) -> Hint:
    names = ", ".join(repr(x.name) for x in _layers(model)[:3])
    return Hint(
        f"{name}: this model comes from one of the course's builders in utils.models (its input "
        f"is named {_input_name(model)!r}, its layers {names}, …, whatever the model's own name); "
        "the exercise is to write the layers yourself, with keras.Sequential() and layers.…"
    )


@checker
@_plain_args
def check_model_matches(model, reference, name: str = "model") -> None:
    """``model`` has the same layers (kinds, sizes, activations, input and output shapes) as ``reference``."""
    _read_model(model, name)
    if _builder_used(model, reference):
        raise _builder_hint(name, model)
    problems = _model_problems(model, reference)
    _fail(name, problems)
    passed(name, f"{len(_layers(reference))} layers, {reference.count_params():,} parameters")


@checker
@_plain_args
def check_most_confused(answer, cm, class_names, name: str = "most frequent confusion") -> None:
    """The (true, predicted) pair of class NAMES with the largest off-diagonal count of ``cm``."""
    require_answer(answer, name)
    cm = np.asarray(cm)
    names = [str(c) for c in class_names]
    off = cm.copy()
    np.fill_diagonal(off, -1)
    top = int(off.max())
    best = {(names[i], names[j]) for i, j in zip(*np.nonzero(off == top))}
    _screen(answer, name, "a pair (true class, predicted class)")
    example = f"({names[0]!r}, {names[1]!r})"
    if isinstance(answer, str):
        raise Hint(
            f"{name}: a pair of two names is asked, e.g. {example}, but your answer is one text, "
            f"{answer!r}."
        )
    if isinstance(answer, (numbers.Number, np.number)):
        index = (
            not isinstance(answer, bool)
            and (
                isinstance(answer, numbers.Integral)
                or (isinstance(answer, float) and answer.is_integer())
            )
            and 0 <= answer < cm.size
        )
        cell = tuple(int(k) for k in np.unravel_index(int(answer), cm.shape)) if index else None
        if cell is not None and (names[cell[0]], names[cell[1]]) in best:
            extra = (
                f" It is a flat index into the {cm.shape[0]}×{cm.shape[1]} matrix (argmax counts "
                "the cells row after row): np.unravel_index(i, cm.shape) turns it into (row, "
                "column), and names[row], names[column] are the pair."
            )
        elif answer == top:
            extra = " That is how often it happens; the pair of classes is asked."
        elif cell is not None and cell[0] == cell[1]:
            extra = (
                " If it is argmax's flat index into the matrix, it points at the diagonal "
                "(correct predictions): blank the diagonal first, then np.unravel_index(i, "
                "cm.shape) turns the index into (row, column)."
            )
        elif cell is not None:
            extra = (
                " If it is argmax's flat index into the matrix, np.unravel_index(i, cm.shape) "
                "turns it into (row, column)."
            )
        else:
            extra = ""
        raise Hint(
            f"{name}: a pair (true, predicted) is asked, e.g. {example}, but your answer is one number, "
            f"{answer!r}.{extra}"
        )
    try:
        items = list(answer)
    except TypeError:
        raise Hint(
            f"{name}: a pair (true, predicted) is asked, e.g. {example}, but your answer is "
            f"{_what(answer)}."
        ) from None
    if len(items) != 2:
        raise Hint(
            f"{name}: a pair of two class names is asked, e.g. {example}; yours has {len(items)} "
            "entries."
        )
    if all(
        isinstance(x, (numbers.Integral, np.integer)) and not isinstance(x, bool) for x in items
    ):
        idx = tuple(int(x) for x in items)
        if all(0 <= k < len(names) for k in idx):
            as_names = (names[idx[0]], names[idx[1]])
            order = ""
            if as_names not in best and as_names[::-1] in best:
                order = " And the order is reversed: the TRUE class (the row) comes first."
            right = (
                "the right classes, but " if (as_names in best or as_names[::-1] in best) else ""
            )
            raise Hint(
                f"{name}: {right}as numbers; the class NAMES (strings) are asked: look them up in the "
                f"list of names, names[i].{order}"
            )
    if not all(isinstance(x, str) for x in items):
        raise Hint(
            f"{name}: each entry must be a class name (a string), e.g. {example}; yours is "
            f"{_what(tuple(items))}."
        )
    unknown = [x for x in items if x not in names]
    if unknown:
        raise Hint(f"{name}: {unknown[0]!r} is not one of the class names {tuple(names)}.")
    pair = (items[0], items[1])
    if pair in best:
        passed(name, f"true {pair[0]!r} predicted as {pair[1]!r}, {top} times")
        return
    if pair[::-1] in best:
        raise Hint(
            f"{name}: the wrong way round — rows are the TRUE class, columns the PREDICTED class."
        )
    i, j = names.index(pair[0]), names.index(pair[1])
    if i == j:
        raise Hint(
            f"{name}: ({pair[0]!r}, {pair[1]!r}) is on the diagonal: those are the correct predictions. "
            "Ignore the diagonal and look for the largest remaining count."
        )
    raise Hint(
        f"{name}: ({pair[0]!r}, {pair[1]!r}) happens {cm[i, j]} times; another pair happens more often. "
        "Ignore the diagonal and look for the largest remaining count."
    )


@checker
@_plain_args
def check_receptive_field(answer, model, name: str = "receptive field") -> None:
    """Receptive field (in input pixels, one side) of one value of the last conv/pool layer of ``model``."""
    from ..inspection import receptive_field_table

    table = receptive_field_table(model)
    expected = table[-1]["receptive_field"]
    _screen(answer, name, "one whole number (pixels on a side)")
    if isinstance(answer, (tuple, list)) and len(answer) == 2 and answer[0] == answer[1]:
        raise Hint(
            f"{name}: the patch is square; give its side as one number, not {tuple(answer)!r}."
        )
    v = as_int(
        answer,
        name,
        what="one whole number (pixels on a side)",
        many_hint="The patch is square: give its side.",
    )
    if v == expected:
        passed(
            name,
            f"{expected}×{expected} input pixels; neighbouring values are {table[-1]['jump']} px apart",
        )
        return
    kernels = []
    for layer in model.layers:
        if type(layer).__name__ == "Conv2D":
            kernels.append(layer.kernel_size[0])
        elif type(layer).__name__ in ("MaxPooling2D", "AveragePooling2D"):
            kernels.append(layer.pool_size[0])
    no_jump = 1 + sum(k - 1 for k in kernels)
    input_side = _shape(model.inputs[0])[1]
    out_side = table[-1]["output_shape"][1]
    slips = []  # every slip that gives this number: when two coincide, the hint names both
    if v == no_jump:
        slips.append(
            "you added (k − 1) for every layer; after a stride-2 pooling each step of the next "
            "layer covers 2 input pixels, so a layer adds (k − 1)·j, j the product of the strides "
            "before it."
        )
    earlier = [row for row in table[:-1] if row["receptive_field"] == v]
    if earlier:
        slips.append(
            f"{v} is the receptive field of {earlier[-1]['name']!r}; keep going to the last "
            f"layer, {table[-1]['name']!r}: it adds (k − 1)·j too."
        )
    if v == sum(kernels):
        slips.append(
            f"{v} is the sum of the kernel sizes ({' + '.join(map(str, kernels))}); each layer "
            "adds (k − 1)·j, where j is the product of the strides before it, starting from "
            "r = 1 and j = 1."
        )
    if abs(v - expected) == 1:
        slips.append("off by one — start from r = 1 (one input pixel), then r ← r + (k − 1)·j.")
    if v == input_side:
        slips.append(
            f"{v} is the whole input; one value of the last layer sees less: "
            "r ← r + (k − 1)·j, layer by layer."
        )
    if v == out_side:
        slips.append(
            f"{v} is the side of the last layer's output map, not how much of the input one "
            "value sees."
        )
    if len(slips) == 1:
        raise Hint(f"{name}: {slips[0]}")
    if slips:
        raise Hint(
            f"{name}: {v} is what more than one slip gives; one of these is yours:\n"
            + "\n".join(f"- {x}" for x in slips)
        )
    raise Hint(
        f"{name}: {v} is not right; each layer adds (k − 1) × (product of the strides before it): "
        "r ← r + (k − 1)·j, then j ← j·s."
    )


@checker
@_plain_args
def check_flatten_size(
    answer, n: int, kernel: int, filters: int, blocks: int = 2, name: str = "Flatten length"
) -> None:
    """Flatten length after ``blocks`` × (valid conv ``kernel`` → 2×2 max-pool) on an ``n``×``n`` image."""

    def walk(
        k, conv=lambda m, k: output_size(m, k), pool=lambda m: output_size(m, 2, stride=2), b=blocks
    ):
        size = n
        for _ in range(b):
            size = pool(conv(size, k))
        return size

    side = walk(kernel)
    expected = side * side * filters
    _screen(answer, name, "one whole number (the length of the vector)")
    if isinstance(answer, (tuple, list)) and len(answer) == 3:
        raise Hint(
            f"{name}: {tuple(answer)!r} is the shape before Flatten; its length is one number, "
            "h·w·c."
        )
    v = as_int(answer, name, what="one whole number (the length of the vector)")
    if v == expected:
        passed(name, f"{side}·{side}·{filters} = {expected:,}")
        return
    slips = []
    if kernel != 3:
        s3 = walk(3)
        slips.append(
            (
                s3 * s3 * filters,
                f"that is the walk with 3×3 kernels; here the kernels are "
                f"{kernel}×{kernel}: n → n − {kernel} + 1.",
            )
        )
    try:
        s = walk(kernel, conv=lambda m, k: m - k)
        slips.append(
            (
                s * s * filters,
                "off by one in the convolution: a valid F×F convolution gives "
                "n − F + 1, not n − F.",
            )
        )
    except ValueError:
        pass
    s = walk(kernel, conv=lambda m, k: m)
    slips.append(
        (
            s * s * filters,
            "that keeps the size through each convolution ('same' padding); these "
            "are valid: n → n − F + 1.",
        )
    )
    s = walk(kernel, pool=lambda m: math.ceil(m / 2))
    slips.append(
        (s * s * filters, "rounded up at a pooling; 2×2 pooling rounds DOWN: floor(n / 2).")
    )
    slips.append((side * side, f"h·w only; multiply by the {filters} channels (one per filter)."))
    slips.append((side, "that is one side of the last map; the vector has h·w·c values."))
    slips.append((side * filters, "h·c; the vector has h·w·c values."))
    s = walk(kernel, b=blocks - 1)
    slips.append((s * s * filters, f"that stops after {blocks - 1} block(s); there are {blocks}."))
    for value, message in slips:
        if v == value:
            raise Hint(f"{name}: {message}")
    raise Hint(
        f"{name}: {v:,} is not right; walk the size layer by layer: conv n → n − F + 1, pool "
        "n → floor(n / 2); then h·w·filters."
    )


@checker
@_plain_args
def check_per_class_accuracy(answer, cm, name: str = "per-class accuracy") -> None:
    """Per-class accuracy from a confusion matrix: diagonal / row sums (rows = true classes), to 3 decimals."""
    _screen(answer, name, "an array of accuracies, one per class")
    cm = np.asarray(cm, dtype=float)
    c = len(cm)
    expected = np.diag(cm) / cm.sum(axis=1)
    if isinstance(answer, (numbers.Number, np.number)) and not isinstance(answer, (bool, np.bool_)):
        overall = (
            " That is the overall accuracy."
            if _close(answer, np.trace(cm) / cm.sum(), atol=5e-4)
            else ""
        )
        raise Hint(
            f"{name}: one accuracy per class ({c} numbers) is asked, but your answer is one number."
            f"{overall}"
        )
    _no_texts(answer, name)
    arr = as_array(answer, name)
    if arr.size == c and arr.ndim == 2:
        arr = arr.ravel()
    if arr.shape == cm.shape:
        raise Hint(
            f"{name}: a {c}×{c} matrix; the accuracy of a class is ONE number: its correct "
            "predictions (on the diagonal) over its images (the row's total)."
        )
    if arr.shape != expected.shape:
        raise Hint(f"{name}: shape {arr.shape}; one accuracy per class, {c} numbers, is asked.")
    v = arr.astype(float)
    if np.allclose(v, expected, rtol=0, atol=5e-4):
        lo, hi = int(np.argmin(expected)), int(np.argmax(expected))
        passed(name, f"from {expected[lo]:.3f} (class {lo}) to {expected[hi]:.3f} (class {hi})")
        return
    slips = [
        (
            np.diag(cm) / cm.sum(axis=0),
            "you divided by the column sums (how often a class was PREDICTED); "
            "divide by the row sums (how many images of the class there are).",
        ),
        (
            np.diag(cm),
            "those are counts of correct predictions; divide each by the images of its class "
            "(the row's total).",
        ),
        (100 * expected, "percentages; give fractions between 0 and 1."),
        (1 - expected, "those are error rates (1 − accuracy)."),
        (
            np.diag(cm) / cm.sum(),
            "divided by all the images; divide by the images of that class (the row's total).",
        ),
    ]
    for value, message in slips:
        if np.allclose(v, value, rtol=0, atol=5e-4) and not np.allclose(
            value, expected, rtol=0, atol=5e-4
        ):
            raise Hint(f"{name}: {message}")
    if np.array_equal(v, np.diag(cm) // cm.sum(axis=1)):
        raise Hint(
            f"{name}: whole numbers (0 where fewer than all were right): // is integer division, "
            "which rounds down; divide with /."
        )
    for decimals in (1, 2, 3):
        if np.allclose(v, np.round(expected, decimals), rtol=0, atol=1e-9):
            raise Hint(
                f"{name}: rounded to {decimals} decimal{'s' if decimals > 1 else ''}; give the "
                "values as computed (the check allows a difference of 0.0005, less than "
                f"rounding to {decimals} decimal{'s' if decimals > 1 else ''} makes)."
            )
    wrong = np.flatnonzero(~np.isclose(v, expected, rtol=0, atol=5e-4))
    raise Hint(
        f"{name}: classes {wrong.tolist()} are not right (within 0.0005): correct predictions of a "
        "class over the images of that class."
    )


# --------------------------------------------------------------------------- chapter 6: a binary classifier


@checker
@_plain_args
def check_binary_subset(x, y, x_all, y_all, classes, name: str = "two-class data") -> None:
    """Images of the two ``classes`` only, in their original order; label 0 for ``classes[0]``, 1 for
    ``classes[1]``. The images stay as loaded (uint8, (N, 28, 28)): the training exercise prepares them."""
    require_answer(x, f"{name} (the images)")
    require_answer(y, f"{name} (the labels)")
    _screen(x, f"{name} (the images)", "an array of images")
    _screen(y, f"{name} (the labels)", "an array of labels")
    x_all, y_all = np.asarray(x_all), np.asarray(y_all)
    keep = np.isin(y_all, classes)
    expected_x = x_all[keep]
    expected_y = (y_all[keep] == classes[1]).astype(int)
    _no_texts(y, f"{name} (the labels)")
    if isinstance(x, (tuple, list)) and len(x) == 2 and all(hasattr(v, "shape") for v in x):
        raise Hint(
            f"{name} (the images): your answer is a pair of arrays, images and labels together; "
            "put the images alone in x2 and the labels in y2."
        )
    xa = as_array(x, f"{name} (the images)")
    ya = as_array(y, f"{name} (the labels)")
    problems = []
    m = len(expected_x)
    if xa.shape[:1] == (len(x_all),) and len(x_all) != m:
        problems.append(
            f"images: all {len(x_all):,} of them; keep only classes {classes[0]} and {classes[1]}."
        )
    elif xa.ndim and xa.shape[0] in [int(np.sum(y_all == k)) for k in classes] and xa.shape[0] != m:
        problems.append("images: only one of the two classes; keep the images of both.")
    elif xa.shape != expected_x.shape:
        prepared = xa.size == expected_x.size and xa.dtype.kind == "f"
        if prepared:
            problems.append(
                "images: already converted to float with a channel axis; keep them as loaded "
                "(uint8, (N, 28, 28)) — the training exercise prepares them."
            )
        elif xa.shape == expected_x.shape + (1,):
            problems.append(
                f"images: shape {xa.shape}, with a channel axis; drop it and keep them as loaded, "
                f"{expected_x.shape} — the training exercise prepares them."
            )
        else:
            problems.append(
                f"images: shape {xa.shape}, expected {expected_x.shape}: every image of the two "
                "classes, nothing else."
            )
    elif not np.array_equal(xa, expected_x):
        by_class = np.concatenate([x_all[y_all == k] for k in classes])
        if np.array_equal(xa, by_class):
            problems.append(
                "images: all of one class, then all of the other; keep the original order "
                "(select both classes with one mask)."
            )
        elif np.allclose(xa.astype(float), expected_x / 255.0, atol=1e-6):
            problems.append(
                "images: already divided by 255; keep them as loaded (uint8) — the training "
                "exercise prepares them."
            )
        else:
            problems.append(
                "images: not the images of the two classes in their original order — are they from "
                "the training set?"
            )
    yv = ya.reshape(-1) if ya.ndim == 2 and 1 in ya.shape else ya
    if yv.ndim == 2 and yv.shape[1] == 2:
        problems.append(
            "labels: one-hot rows; a single sigmoid output needs ONE label per image, 0 or 1."
        )
    elif yv.shape != expected_y.shape:
        problems.append(
            f"labels: {yv.size:,} of them for {m:,} images of the two classes: one label per image."
        )
    elif not np.array_equal(yv.astype(float), expected_y):
        values = set(np.unique(yv).tolist())
        if values <= set(classes) and values != {0, 1}:
            problems.append(
                f"labels: the original labels {classes[0]} and {classes[1]}; a sigmoid predicts one "
                f"probability, so the labels must be 0 ({classes[0]}) and 1 ({classes[1]})."
            )
        elif np.array_equal(yv.astype(float), 1 - expected_y):
            problems.append(
                f"labels: reversed — label 1 must mean class {classes[1]} and 0 class {classes[0]}."
            )
        elif not values <= {0, 1}:
            problems.append(
                f"labels must be 0 and 1 (a sigmoid predicts one probability); got {sorted(values)}."
            )
        else:
            problems.append(
                f"labels: 1 where the original label is {classes[1]}, else 0 — in the images' order."
            )
    _fail(name, problems)
    passed(name, f"{m:,} images, {int(expected_y.sum()):,} of them class {classes[1]} (label 1)")


def _preserving_random_state(build):
    """Build a reference model without moving the random generators a learner's next cell relies on."""
    py, np_state = random.getstate(), np.random.get_state()
    try:
        return build()
    finally:
        random.setstate(py)
        np.random.set_state(np_state)


@checker
@_plain_args
def check_binary_model(model, name: str = "binary classifier") -> None:
    """The note's one-output convnet: Conv 16 (3×3) → Pool 2×2 → Flatten → Dense 512 → Dense(1, sigmoid),
    compiled with Adam and the binary cross-entropy (on probabilities)."""
    from .. import models as course_models

    _read_model(model, name)
    shape = _shape(model.inputs[0])[1:]
    reference = _preserving_random_state(lambda: course_models.binary_classifier())
    if _builder_used(model, reference):
        raise _builder_hint(name, model)
    problems = []
    stack, _ = _stack(model, fold=True)
    kinds = [x[2] for x in stack]
    if "Conv2D" not in kinds:
        problems.append(
            "no Conv2D layer: the note's model starts with 16 filters of 3×3; Dense layers alone are "
            "not a convnet."
        )
    last = stack[-1] if stack else None
    last_cfg = last[3] if last is not None else {}
    last_act = last_cfg.get("activation")
    last_ok = False
    loss = getattr(model, "loss", None)
    optimizer = getattr(model, "optimizer", None)
    loss_problem, from_logits = None, False
    if loss is not None:
        try:
            got, from_logits, _ = _resolve_loss(loss, name, prefer=("binary_crossentropy",))
        except Hint as e:
            got, loss_problem = None, f"loss: {str(e).removeprefix(f'{name}: ')}"
        if got == "binary_crossentropy":
            pass
        elif got in _CROSSENTROPIES:
            loss_problem = (
                f"loss {got!r} does not fit ONE sigmoid output: the categorical losses compare a "
                "row of class probabilities; one probability per image needs the binary "
                "cross-entropy, 'binary_crossentropy'."
            )
        elif got is not None:
            loss_problem = (
                f"loss {got!r}: a yes/no output with a probability is trained with the binary "
                "cross-entropy, −[y·log p + (1 − y)·log(1 − p)], 'binary_crossentropy' in Keras."
            )
    if last is None or last[2] != "Dense" or last_cfg.get("units") != 1:
        problems.append("the last layer must be Dense with ONE unit (the probability of class 1).")
    elif last_act == "softmax":
        problems.append(
            "the last activation is 'softmax': over one unit it always outputs 1.0 — use 'sigmoid'."
        )
    elif last_act == "linear" and from_logits and loss_problem is None:
        problems.append(
            "no activation on the last layer with from_logits=True: a consistent pair (the loss "
            "applies the sigmoid itself), but the question asks for the note's model, "
            "Dense(1, activation='sigmoid'), and the loss on its probabilities (no from_logits)."
        )
        from_logits = False  # said once, in this line
    elif last_act != "sigmoid":
        problems.append(
            f"the last activation is {last_act!r}; a probability between 0 and 1 needs 'sigmoid'."
        )
    else:
        last_ok = True
    if "Conv2D" in kinds:
        last_where = f"layer {last[0]} ("
        problems += [
            p
            for p in _model_problems(model, reference)
            if not p.startswith("input shape") and (last_ok or not p.startswith(last_where))
        ]
    if shape != (28, 28, 1):
        problems.append(f"input shape {shape}; the Fashion-MNIST images are (28, 28, 1).")
    if loss is None or optimizer is None:
        problems.append(
            "not compiled: call model.compile(optimizer=..., loss=...) as the question says."
        )
    else:
        if type(optimizer).__name__ != "Adam":
            problems.append(
                f"optimizer {type(optimizer).__name__}; the question asks for Adam "
                "(optimizer='adam')."
            )
        if loss_problem:
            problems.append(loss_problem)
        elif from_logits and last_act == "sigmoid":
            problems.append(
                "from_logits=True expects raw scores, but the model ends with a sigmoid, which "
                "outputs probabilities: leave from_logits out."
            )
        problems.append(_accuracy_metric_problem(model))
    _fail(name, problems)
    passed(
        name,
        "Conv 16 → Pool → Flatten → Dense 512 → Dense(1, sigmoid), Adam + binary cross-entropy",
    )


def _accuracy_metric_problem(model) -> str | None:
    """What is wrong with the metrics ``model`` was compiled with, if the accuracy is not among them."""
    try:
        metrics = model.get_compile_config().get("metrics") or []
    except Exception:  # noqa: BLE001 - another Keras version: do not blame the learner
        return None
    names = []
    for m in metrics if isinstance(metrics, (list, tuple)) else [metrics]:
        if isinstance(m, str):
            names.append(m)
        elif isinstance(m, dict):
            names.append(str(m.get("class_name") or m.get("config", {}).get("name", m)))
        else:
            names.append(type(m).__name__)
    if any(n in ("accuracy", "acc", "binary_accuracy", "BinaryAccuracy") for n in names):
        return None
    if not names:
        return (
            "no metrics: compile with metrics=['accuracy'], so that evaluate reports the accuracy "
            "next to the loss (exercise 6 uses it)."
        )
    return (
        f"metrics {names}: ask for metrics=['accuracy'] (with one sigmoid output Keras measures "
        "the binary accuracy, a threshold at 0.5)."
    )


def _accuracy_value(value, name: str) -> float:
    """An accuracy as a fraction; hints for [loss, accuracy], a History, predictions, percentages."""
    _screen(
        value,
        name,
        "one accuracy (a fraction between 0 and 1)",
        history="fit returns the training log; the accuracy asked is measured after training, with "
        "evaluate(...)[1] or from predict.",
    )
    if (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(isinstance(v, numbers.Number) and not isinstance(v, bool) for v in value)
    ):
        raise Hint(
            f"{name}: your answer is {_what(value)}, what evaluate returns with metrics=['accuracy']: "
            "[loss, accuracy]. Take the accuracy, the second item: evaluate(...)[1]."
        )
    if isinstance(value, dict):
        raise Hint(
            f"{name}: your answer is a dict ({', '.join(map(str, value))}); take the accuracy from it."
        )
    if not isinstance(value, (str, numbers.Number)):
        try:
            arr = np.asarray(value)
        except Exception:  # noqa: BLE001
            arr = None
        if arr is not None and arr.size > 2 and arr.dtype.kind in "biuf":
            what = "True/False per image" if arr.dtype.kind == "b" else "one number per image"
            raise Hint(
                f"{name}: {arr.size:,} values ({what}); the accuracy is ONE number, the fraction of "
                "images predicted right: np.mean(prediction == label)."
            )
    v = as_number(value, name, what="one accuracy (a fraction between 0 and 1)")
    if 1.0 < v <= 100.0:
        raise Hint(f"{name}: {v:g} looks like a percentage; give the fraction (between 0 and 1).")
    if not 0.0 <= v <= 1.0:
        raise Hint(f"{name}: {v:g} is not an accuracy (expected a fraction between 0 and 1).")
    return v


def _loss_value(value, name: str) -> float:
    """A loss: one number; hints for a History, a Keras loss object, one loss per image."""
    _screen(
        value,
        name,
        "one number, the mean loss over the test images",
        history="fit returns the training log; the loss asked is measured after training, with "
        "evaluate.",
    )
    if isinstance(value, dict):
        raise Hint(f"{name}: your answer is a dict ({', '.join(map(str, value))}); give the loss.")
    if not isinstance(value, (str, numbers.Number)):
        try:
            arr = np.asarray(value)
        except Exception:  # noqa: BLE001
            arr = None
        if arr is not None and arr.size > 2 and arr.dtype.kind in "biuf":
            raise Hint(
                f"{name}: {arr.size:,} values, one per image; the loss evaluate reports is their "
                "mean, ONE number."
            )
    return as_number(value, name, what="one number, the mean loss over the test images")


def _measure(model, x: np.ndarray, labels: np.ndarray) -> tuple[float, float, np.ndarray]:
    """(mean binary cross-entropy, accuracy at 0.5, probabilities) of ``model`` on ``x``, computed as
    evaluate computes them: Keras's loss on the model's own output (which, after a sigmoid, works
    from the logits, so a saturated probability costs what it really costs)."""
    import keras

    losses, probs = [], []
    for i in range(0, len(x), 500):
        out = model(x[i : i + 500], training=False)
        y = labels[i : i + 500, None].astype("float32")
        losses.append(np.asarray(keras.losses.binary_crossentropy(y, out), dtype=np.float64))
        probs.append(np.asarray(out, dtype=np.float64).reshape(len(y), -1)[:, 0])
    p = np.concatenate(probs)
    return float(np.mean(np.concatenate(losses))), float(np.mean((p > 0.5) == labels)), p


def _either(v: float, messages: list[str]) -> str | None:
    """One message, or all of them when several slips give the same number."""
    if len(messages) == 1:
        return messages[0]
    if messages:
        return f"{v:g} is what more than one slip gives: " + "; or ".join(messages)
    return None


@checker
@_plain_args
def check_binary_evaluation(
    test_loss,
    test_acc,
    model,
    images,
    labels,
    at_least: float = 0.95,
    at_most_loss: float = 0.25,
    name: str = "test loss and accuracy",
) -> None:
    """The loss and accuracy of the one-sigmoid ``model`` on ``images`` (uint8, as loaded) with 0/1
    ``labels``, as ``evaluate`` reports them on the images prepared as chapter 4 does; measured again
    here (the loss to within 1 %, the accuracy to the image). The model must reach ``at_least`` and a
    loss of at most ``at_most_loss``.

    The loss is asked because the accuracy alone misses the classic slip: on raw 0–255 test images
    the sigmoid saturates, the loss explodes, and the accuracy (a threshold at 0.5) barely moves."""
    lname, aname = f"{name}: test_loss", f"{name}: test_acc"
    require_answer(test_loss, lname)
    require_answer(test_acc, aname)
    for value, vname in ((test_loss, lname), (test_acc, aname)):
        if (
            isinstance(value, (list, tuple))
            and len(value) == 2
            and all(isinstance(v, numbers.Number) and not isinstance(v, bool) for v in value)
        ):
            raise Hint(
                f"{vname}: your answer is {_what(value)}, what evaluate returns with "
                "metrics=['accuracy']: [loss, accuracy]. Unpack it into the two names: "
                "test_loss, test_acc = binary.evaluate(...)."
            )
    loss_v = _loss_value(test_loss, lname)
    acc_v = _accuracy_value(test_acc, aname)
    images = np.asarray(images)
    labels = np.asarray(labels).reshape(-1).astype(int)
    n = len(labels)
    try:
        loss, acc, p = _measure(model, to_nhwc_float(images), labels)
        loss_raw, acc_raw, _ = _measure(model, images[..., None].astype("float32"), labels)
    except Exception as e:  # noqa: BLE001
        raise Hint(
            f"{name}: the model could not predict the test images ({type(e).__name__}); check its "
            "input shape, (28, 28, 1), and its last layer, Dense(1, activation='sigmoid')."
        ) from None

    def near(v: float, ref: float) -> bool:  # the loss, to within 1 %
        return abs(v - ref) <= 0.01 * abs(ref) + 1e-4

    tolerance = 0.5 / n + 1e-6  # the accuracy: the same count of right answers
    acc_ok, loss_ok = abs(acc_v - acc) <= tolerance, near(loss_v, loss)
    retrain = (
        "the model does better on raw 0–255 pixels than on prepared ones: it was trained on raw "
        "pixels. Prepare the training images and the test images as chapter 4 does (float32, "
        "÷255, channel axis), rebuild the model (run exercise 5's cell again) and train it again."
    )
    raw_trained = loss_raw < 0.8 * loss
    if acc_ok and loss_ok:
        short = []
        if acc < at_least:
            short.append(f"the accuracy, {acc:.4f}, is below {at_least}")
        if loss > at_most_loss:
            short.append(f"the loss, {loss:.3f}, is above {at_most_loss}")
        if short and raw_trained:
            raise Hint(
                f"{name}: these are the model's numbers, but {' and '.join(short)}: {retrain}"
            )
        if short:
            raise Hint(
                f"{name}: these are the model's numbers, but {' and '.join(short)}: train it (the "
                "question's epochs) on x2 prepared as chapter 4 does, with the 0/1 labels y2."
            )
        passed(
            name,
            f"loss {loss:.3f}, accuracy {acc:.4f}, measured again on {n:,} images the model never "
            "trained on",
        )
        return
    if near(loss_v, acc) and abs(acc_v - loss) <= max(tolerance, 0.01 * loss + 1e-4):
        raise Hint(
            f"{name}: swapped — evaluate returns [loss, accuracy], in that order: "
            "test_loss, test_acc = binary.evaluate(...)."
        )
    if near(loss_v, loss_raw) and not near(loss_raw, loss):
        if raw_trained:
            raise Hint(f"{name}: these are the numbers on raw 0–255 test images, and {retrain}")
        raise Hint(
            f"{name}: these are the numbers on the raw 0–255 test images; prepare them like the "
            "training images (float32, ÷255, channel axis). On inputs 255 times larger than any it "
            "trained on, the sigmoid saturates at 0 or 1: every mistake is made with certainty, so "
            "the loss explodes, while the accuracy, which only thresholds at 0.5, barely moves."
        )
    problems = []
    if not loss_ok:
        slips = []
        if abs(loss_v - acc) <= tolerance:
            slips.append(
                "the loss you gave is the accuracy: evaluate returns [loss, accuracy], in that order"
            )
        if near(loss_v, -loss):
            slips.append(
                "the loss is negative: the cross-entropy is MINUS the mean log-probability"
            )
        for decimals in (1, 2, 3):
            if not slips and abs(loss_v - round(loss, decimals)) < 1e-9:
                slips.append(
                    f"the loss is rounded to {decimals} decimal{'s' if decimals > 1 else ''}: give "
                    "it as evaluate returns it (the check allows 1 %)"
                )
        if not slips and loss_v > max(5 * loss, 1.0):
            slips.append(
                f"the loss, {loss_v:.4g}, is far above this model's on the prepared test images: "
                "were the test images prepared like the training images (÷255)? On raw 0–255 "
                "pixels the sigmoid saturates and the loss explodes"
            )
        problems.append(
            _either(loss_v, slips)
            or (
                f"the loss, {loss_v:.4g}, is not this model's binary cross-entropy on the test "
                "images prepared as chapter 4 does (the check measures it again, to within 1 %); a "
                "loss from fit's log is a training loss: measure after training, with evaluate"
            )
        )
    if not acc_ok:
        share_1 = float(np.mean(labels))
        predicted_1 = float(np.mean(p > 0.5))
        candidates = [
            (1 - acc, "the accuracy is the error rate, 1 − accuracy"),
            (
                float(np.mean(labels == 0)),
                "argmax over a single column is always 0: with one sigmoid output, predict "
                "class 1 where the probability is > 0.5",
            ),
            (
                predicted_1 * share_1 + (1 - predicted_1) * (1 - share_1),
                f"comparing predict's ({n}, 1) column with the ({n},) labels broadcasts to "
                f"{n}×{n}; take the column first: p[:, 0] > 0.5",
            ),
            (
                acc_raw,
                "that accuracy is measured on raw 0–255 pixels; prepare the test images (÷255)",
            ),
            (
                loss,
                "the accuracy you gave is the loss: evaluate returns [loss, accuracy], the "
                "accuracy second",
            ),
        ]
        slips = [
            m
            for value, m in candidates
            if abs(acc_v - value) <= tolerance and abs(value - acc) > tolerance
        ]
        for decimals in (1, 2, 3):
            if not slips and abs(acc_v - round(acc, decimals)) < 1e-9:
                slips.append(
                    f"the accuracy is rounded to {decimals} decimal{'s' if decimals > 1 else ''}: "
                    f"give it as evaluate returns it — the check wants the same count of right "
                    f"answers out of {n:,}"
                )
        problems.append(
            _either(acc_v, slips)
            or (
                f"the accuracy, {acc_v:.4f}, is not what this model scores on these test images "
                f"(the check measures it again and wants the same count of right answers out of "
                f"{n:,}). Measure on the test images prepared like the training images, after "
                "training: an accuracy from fit's log is a training accuracy"
            )
        )
    _fail(name, [x + ("" if x.endswith(".") else ".") for x in problems])


# --------------------------------------------------------------------------- chapter 6: without pooling


def _pooling_walk(n: int, filters, *, pooling: bool, conv=None, pool=None) -> list[tuple]:
    """(kind, side, channels) after each layer of ``len(filters)`` × (valid 3×3 conv → 2×2 max-pool),
    the pools left out when ``pooling`` is False; ``conv``/``pool`` replace the size rules (for slips)."""
    conv = conv or (lambda m: output_size(m, 3))
    pool = pool or (lambda m: output_size(m, 2, stride=2))
    side, out = n, []
    for c in filters:
        side = conv(side)
        out.append(("conv", side, c))
        if pooling:
            side = pool(side)
            out.append(("pool", side, c))
    return out


def _pooling_params(c_in: int, filters, flat: int, units: int, bias: bool = True) -> int:
    chans = [c_in, *filters]
    convs = sum(conv_params(3, a, b, bias=bias) for a, b in zip(chans, chans[1:]))
    return convs + dense_params(flat, units, bias=bias)


@checker
@_plain_args
def check_pooling_counts(
    flat_pool,
    params_pool,
    flat_nopool,
    params_nopool,
    input_shape,
    filters,
    units: int,
    name: str = "with and without pooling",
) -> None:
    """Flatten length and parameter count of ``len(filters)`` × (valid 3×3 conv, ReLU → 2×2 max-pool,
    stride 2) → Flatten → Dense(``units``) on ``input_shape`` inputs, and of the same model with its
    pooling layers removed. Expected values from ``utils.conv.output_size``, ``conv_params`` and
    ``dense_params``."""
    n, _, c_in = input_shape
    filters = tuple(filters)
    c_last = filters[-1]
    answers = {}
    labels = {
        "flat_pool": "Flatten length with pooling",
        "params_pool": "parameters with pooling",
        "flat_nopool": "Flatten length without pooling",
        "params_nopool": "parameters without pooling",
    }
    given = dict(
        flat_pool=flat_pool,
        params_pool=params_pool,
        flat_nopool=flat_nopool,
        params_nopool=params_nopool,
    )
    for key, value in given.items():
        what = f"{name}: {key} ({labels[key]})"
        _screen(value, what, "one whole number")
        if isinstance(value, (tuple, list)) and len(value) == 3:
            raise Hint(
                f"{what}: {tuple(value)!r} is the shape before Flatten; its length is one "
                "number, h·w·c."
            )
        answers[key] = as_int(value, what, what="one whole number")

    def flat_of(walk):
        _, side, c = walk[-1]
        return side * side * c

    expected = {}
    for pooled in (True, False):
        flat = flat_of(_pooling_walk(n, filters, pooling=pooled))
        tag = "pool" if pooled else "nopool"
        expected[f"flat_{tag}"] = flat
        expected[f"params_{tag}"] = _pooling_params(c_in, filters, flat, units)
    if answers == expected:
        passed(
            name,
            f"Flatten {expected['flat_pool']:,} vs {expected['flat_nopool']:,}, parameters "
            f"{expected['params_pool']:,} vs {expected['params_nopool']:,}",
        )
        return
    swapped = (
        answers["flat_pool"] == expected["flat_nopool"]
        and answers["flat_nopool"] == expected["flat_pool"]
    )
    if swapped:
        raise Hint(
            f"{name}: your two models are swapped: without pooling the map stays large, so its "
            "Flatten vector (and its first Dense layer) is the bigger one."
        )

    def flat_slips(pooled: bool) -> list[tuple[int, str]]:
        side_rules = [
            (
                dict(conv=lambda m: m - 3),
                "off by one in a convolution: a valid 3×3 convolution gives n − 3 + 1, not n − 3",
            ),
            (
                dict(conv=lambda m: m),
                "that keeps the size through each convolution ('same' padding); these are "
                "valid: n → n − 3 + 1",
            ),
        ]
        if pooled:
            side_rules.append(
                (
                    dict(pool=lambda m: math.ceil(m / 2)),
                    "rounded up at a pooling; 2×2 pooling drops a row and a column that do not "
                    "fit: round DOWN, floor(n / 2)",
                )
            )
        out = []
        for rule, message in side_rules:
            try:
                out.append((flat_of(_pooling_walk(n, filters, pooling=pooled, **rule)), message))
            except ValueError:
                pass
        _, side, _ = _pooling_walk(n, filters, pooling=pooled)[-1]
        out.append((side * side, f"h·w only; multiply by the {c_last} channels of the last conv"))
        out.append(
            (side * side * c_in, f"× {c_in}: the channels of the input; the last conv has {c_last}")
        )
        if len(filters) > 1:
            out.append(
                (
                    side * side * filters[-2],
                    f"× {filters[-2]}: those are the channels of the conv before; the last has "
                    f"{c_last}",
                )
            )
        out.append((side, "that is one side of the last map; the vector has h·w·c values"))
        return [(v, m) for v, m in out if v != expected["flat_pool" if pooled else "flat_nopool"]]

    def param_slip(got: int, flat: int, pooled: bool) -> str | None:
        want = _pooling_params(c_in, filters, flat, units)
        if got == want:
            return None
        if got == _pooling_params(c_in, filters, flat, units, bias=False):
            return "the biases are missing — one per filter and one per unit: (F·F·C_in + 1)·C_out"
        chans = [c_in, *filters]
        convs_only = sum(conv_params(3, a, b) for a, b in zip(chans, chans[1:]))
        if got == convs_only:
            return "that is the convolutions only; the Dense layer after Flatten counts too"
        if got == dense_params(flat, units):
            return "that is the Dense layer only; the convolutions have weights too"
        if pooled:
            extras = {
                sum(conv_params(2, c, c) for c in filters),
                sum(2 * 2 * c for c in filters),
                sum(2 * 2 * c * c for c in filters),
                sum(2 * 2 for _ in filters),
            }
            if got - want in extras:
                return "a pooling layer has no weights (it takes the max of each window): count it as 0"
        convs_no_bias = sum(conv_params(3, a, b, bias=False) for a, b in zip(chans, chans[1:]))
        if got in (
            convs_no_bias + dense_params(flat, units),
            convs_only + dense_params(flat, units, False),
        ):
            return "a bias is missing in some layers — one per filter and one per unit"
        return (
            f"{got:,} is not right; add (3·3·C_in + 1)·C_out for each convolution and "
            "(Flatten length + 1)·units for the Dense layer"
        )

    problems = []
    for pooled in (True, False):
        tag = "pool" if pooled else "nopool"
        label = "with pooling" if pooled else "without pooling"
        got_flat, got_params = answers[f"flat_{tag}"], answers[f"params_{tag}"]
        want_flat = expected[f"flat_{tag}"]
        if got_flat != want_flat:
            message = next((m for v, m in flat_slips(pooled) if v == got_flat), None)
            problems.append(
                f"Flatten {label}: "
                + (
                    message
                    or f"{got_flat:,} is not right; walk the size layer by layer (conv n → n − 2"
                    + (", pool n → floor(n / 2)" if pooled else "")
                    + "), then h·w·channels"
                )
                + "."
            )
            slip = param_slip(got_params, got_flat, pooled)
            if slip is None:
                problems.append(
                    f"parameters {label}: they follow from your Flatten length; fix it and they "
                    "follow too."
                )
            elif got_params != expected[f"params_{tag}"]:
                own = param_slip(got_params, want_flat, pooled)
                problems.append(f"parameters {label}: {own or slip}.")
        else:
            slip = param_slip(got_params, want_flat, pooled)
            if slip:
                problems.append(f"parameters {label}: {slip}.")
    _fail(name, problems)


# --------------------------------------------------------------------------- chapter 6: saving a model


@checker
def check_saved_model(
    path, reloaded, original, images, folder, name: str = "saved and reloaded model"
) -> None:
    """``path`` is a ``.keras`` file inside ``folder`` that holds ``original`` (a model read from it
    with ``keras.models.load_model`` predicts exactly as ``original`` does on ``images``), and
    ``reloaded`` is a model other than ``original`` whose predictions on ``images`` are the same.

    What it cannot tell: whether ``reloaded`` was read from the file or copied in memory
    (``clone_model`` + ``set_weights`` predicts the same); its ✔ line claims no more."""
    from pathlib import Path

    import keras

    require_answer(path, f"{name}: path")
    if reloaded is ...:
        require_answer(reloaded, f"{name}: reloaded")
    if not isinstance(path, (str, Path)):
        raise Hint(
            f"{name}: path is {_what(path)}; give the file's path, a string or a pathlib.Path "
            "ending in .keras."
        )
    path = Path(path)
    suffixes = "".join(path.suffixes[-2:])
    if path.suffix != ".keras":
        if suffixes == ".weights.h5" or path.suffix == ".h5":
            extra = (
                " A .weights.h5 file (model.save_weights) holds variables only (the weights, "
                "and the optimizer's if it has any): the architecture and the compile settings "
                "are not in it, and load_model cannot read it."
                if suffixes == ".weights.h5"
                else " .h5 is Keras 2's legacy format."
            )
            raise Hint(
                f"{name}: {path.name} is not a .keras file; save the whole model with "
                f"model.save(path), path ending in .keras.{extra}"
            )
        raise Hint(
            f"{name}: {path.name} does not end in .keras; Keras 3's whole-model format is a "
            ".keras file: model.save('....keras')."
        )
    folder = Path(folder)
    if not path.resolve().is_relative_to(folder.resolve()):
        where = path.parent if str(path.parent) not in ("", ".") else "the working directory"
        raise Hint(
            f"{name}: {path} is not in the folder asked for ({folder}) but in {where}; build "
            f"the path from the folder, path = folder / {path.name!r}, so that the file goes "
            "away with the temporary folder (remove the one written elsewhere)."
        )
    if not path.is_file():
        raise Hint(
            f"{name}: there is no file {path}; call model.save(path) before loading it (and "
            "load it while the temporary folder still exists)."
        )
    if _kind(reloaded) != "model":
        hint = ""
        if isinstance(reloaded, (str, Path)):
            hint = " That is a path: give what keras.models.load_model(path) returns."
        elif reloaded is None:
            hint = " model.save returns None: load the file with keras.models.load_model(path)."
        raise Hint(f"{name}: reloaded is {_what(reloaded)}; a Keras model is asked.{hint}")
    if reloaded is original:
        raise Hint(
            f"{name}: reloaded is the very model you saved, not a copy read back from the file: "
            "reloaded = keras.models.load_model(path)."
        )
    from_file = keras.models.load_model(path)
    x = np.asarray(images)
    p_original = np.asarray(original.predict(x, verbose=0))
    p_file = np.asarray(from_file.predict(x, verbose=0))
    if not np.array_equal(p_file, p_original):
        raise Hint(
            f"{name}: the file {path.name} does not hold the model given: its predictions "
            "differ. Save that model (model.save(path)) after building it, not another one."
        )
    p_reloaded = np.asarray(reloaded.predict(x, verbose=0))
    if p_reloaded.shape != p_original.shape or not np.array_equal(p_reloaded, p_original):
        raise Hint(
            f"{name}: reloaded predicts differently from the model you saved, so it is not the "
            "model read from the file (a model built anew has new random weights): "
            "reloaded = keras.models.load_model(path)."
        )
    passed(
        name,
        f"{path.name}, in the folder, is a whole-model file of this model (load_model reads it "
        f"back), and reloaded is a separate model whose predictions on {len(x):,} images are "
        "identical",
    )
