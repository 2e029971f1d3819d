"""Checkers for the exercises on overfitting, dropout, callbacks (chapter 7) and 1×1 convolutions (chapter 8).

Every expected value is computed with :mod:`utils.training` and :mod:`utils.conv`; a wrong answer raises
``AssertionError`` with a hint aimed at the usual slip.
"""
from __future__ import annotations

import numpy as np

from .. import conv, training
from . import check_array, check_close, check_equal, passed, require_answer

__all__ = [
    "check_split_sizes",
    "check_inference_gap",
    "check_dropout_scale",
    "check_stop_callback",
    "check_early_stopping",
    "check_dropout_model",
    "check_one_by_one_params",
    "check_one_by_one_shape",
    "check_pointwise",
    "check_bottleneck_ratio",
    "check_head_params",
]


# ----------------------------------------------------------------------------- chapter 7


def check_split_sizes(n_train, n_val, n: int, validation_split: float, name: str = "split sizes") -> None:
    """How many rows ``fit(validation_split=...)`` trains and validates on for ``n`` samples."""
    require_answer(n_train, f"{name} (n_train)")
    require_answer(n_val, f"{name} (n_val)")
    tr, va = training.validation_split_indices(n, validation_split)
    if int(n_train) + int(n_val) != n:
        raise AssertionError(f"{name}: {n_train} + {n_val} != {n}; every row goes to exactly one side.")
    hint = ("Keras cuts at floor(n * (1 - validation_split)): the training part is rounded down, "
            "the validation part gets the rest.")
    check_equal((int(n_train), int(n_val)), (len(tr), len(va)), name, hint)


def check_inference_gap(value, scores: dict, name: str = "train-validation gap") -> None:
    """The gap measured in inference mode: ``evaluate`` on the rows trained on minus validation accuracy.

    ``scores`` holds ``fit_accuracy`` (the running training accuracy ``fit`` printed for the last epoch),
    ``evaluate_train`` (``model.evaluate`` on the training rows) and ``val_accuracy``.
    """
    require_answer(value, name)
    expected = float(scores["evaluate_train"]) - float(scores["val_accuracy"])
    running = float(scores["fit_accuracy"]) - float(scores["val_accuracy"])
    hint = ("Training accuracy minus validation accuracy, both measured the same way: with the final "
            "weights, in inference mode.")
    if np.isclose(float(value), running):
        hint = ("That uses fit's running accuracy, averaged over the epoch while the weights changed and "
                "computed with dropout on. Use model.evaluate on the training rows instead.")
    elif np.isclose(float(value), -expected):
        hint = "The sign is flipped: take training accuracy minus validation accuracy."
    check_close(value, expected, name, hint, rtol=1e-6, atol=1e-9)


def check_dropout_scale(kept_value, rate: float, name: str = "kept value") -> None:
    """What ``Dropout(rate)`` turns an input of 1.0 into, when it keeps it, during training."""
    require_answer(kept_value, name)
    import keras

    x = np.ones((1, 1000), dtype="float32")
    out = np.asarray(keras.layers.Dropout(rate, seed=0)(x, training=True))
    expected = float(out[out != 0][0])
    hint = "Keras scales the units it keeps by 1 / (1 - rate), so the expected sum stays the same."
    if np.isclose(float(kept_value), 1.0 - rate):
        hint = "1 - rate is the chance of being kept, not the value; " + hint
    check_close(kept_value, expected, name, hint, rtol=1e-5)


class _FakeModel:
    stop_training = False


def check_stop_callback(cls, name: str = "StopAtThreshold") -> None:
    """A ``keras.callbacks.Callback`` class, built as ``cls(threshold)``, stopping when ``accuracy >= threshold``.

    It is compared with :class:`utils.training.StopAtAccuracy` on a run of epoch logs, including one
    that lands exactly on the threshold.
    """
    require_answer(cls, name)
    import keras

    if not (isinstance(cls, type) and issubclass(cls, keras.callbacks.Callback)):
        raise AssertionError(f"{name}: expected a subclass of keras.callbacks.Callback, got {cls!r}")
    reference = training.StopAtAccuracy
    for threshold, accs in [(0.9, [0.6, 0.85, 0.9, 0.95]), (0.75, [0.5, 0.7, 0.76, 0.8]), (0.99, [0.9, 0.95])]:
        ref, cb = reference(threshold, verbose=False), cls(threshold)
        stops, expected = None, None
        for who in ("ref", "cb"):
            c = ref if who == "ref" else cb
            model = _FakeModel()
            c.set_model(model)
            c.on_train_begin({})
            for epoch, acc in enumerate(accs):
                c.on_epoch_end(epoch, {"accuracy": acc, "loss": 1 - acc, "val_accuracy": acc - 0.1})
                if model.stop_training:
                    break
            stopped = epoch + 1 if model.stop_training else None
            if who == "ref":
                expected = stopped
            else:
                stops = stopped
        if stops != expected:
            when = f"after epoch {expected}" if expected else "never"
            got = f"after epoch {stops}" if stops else "never"
            raise AssertionError(
                f"{name}: with threshold {threshold} and accuracies {accs} training should stop {when}, "
                f"but your callback stopped {got}. Compare logs['accuracy'] >= threshold in on_epoch_end "
                "and set self.model.stop_training = True."
            )
    passed(name, "stops at the first epoch whose accuracy reaches the threshold")


def check_early_stopping(epochs_run, best_epoch, val_losses, patience: int, name: str = "early stopping") -> None:
    """Epochs run and the epoch whose weights are restored by ``EarlyStopping(patience=...)`` (1-based)."""
    require_answer(epochs_run, f"{name} (epochs_run)")
    require_answer(best_epoch, f"{name} (best_epoch)")
    exp_run, exp_best = training.early_stopping_epochs(val_losses, patience)
    if int(best_epoch) != exp_best:
        raise AssertionError(
            f"{name}: best_epoch = {best_epoch} is not right. It is the (1-based) epoch with the lowest val_loss "
            "seen before training stopped."
        )
    hint = (f"Training stops at the end of the epoch where {patience} epochs in a row have not beaten the best "
            "val_loss; count epochs from 1.")
    check_equal(int(epochs_run), exp_run, name, hint)


def check_dropout_model(model, rate: float, name: str = "dropout model") -> None:
    """A model laid out as :func:`utils.training.small_convnet` with two ``Dropout(rate)`` layers."""
    require_answer(model, name)
    reference = training.small_convnet(rate)
    kinds = [type(layer).__name__ for layer in getattr(model, "layers", [])]
    expected = [type(layer).__name__ for layer in reference.layers]
    if kinds != expected:
        raise AssertionError(f"{name}: layers {kinds}, expected {expected}. Put one Dropout after the pooling "
                             "layer and one after the hidden Dense layer.")
    rates = [float(layer.rate) for layer in model.layers if type(layer).__name__ == "Dropout"]
    if not np.allclose(rates, rate):
        raise AssertionError(f"{name}: dropout rates {rates}, expected {rate} in both Dropout layers.")
    check_equal(model.count_params(), reference.count_params(), name,
                "Same layers, same sizes as small_convnet: Conv2D(32, 3), Dense(128), Dense(10). Dropout adds no weights.")


# ----------------------------------------------------------------------------- chapter 8


def check_one_by_one_params(value, c_in: int, c_out: int, name: str = "1x1 parameters") -> None:
    """Weights of a 1×1 convolution from ``c_in`` to ``c_out`` channels, biases included."""
    require_answer(value, name)
    expected = conv.conv_params(1, c_in, c_out)
    hint = "A 1×1 kernel has c_in weights per filter, plus one bias per filter."
    if value == conv.conv_params(1, c_in, c_out, bias=False):
        hint = "Close: you left out the biases (one per output channel)."
    check_equal(value, expected, name, hint)


def check_one_by_one_shape(value, input_shape, filters: int, name: str = "output shape") -> None:
    """Shape ``(H, W, filters)`` of a 1×1 convolution (stride 1) on an ``(H, W, C)`` input."""
    require_answer(value, name)
    h, w, _ = input_shape
    expected = (conv.output_size(h, 1), conv.output_size(w, 1), filters)
    check_equal(tuple(value), expected, name,
                "A 1×1 kernel keeps height and width; the number of channels becomes the number of filters.")


def check_pointwise(fn, name: str = "pointwise") -> None:
    """A function ``fn(x, kernel, bias)``: a 1×1 convolution with ReLU; ``x`` is (H, W, C), kernel (C, K)."""
    require_answer(fn, name)
    if not callable(fn):
        raise AssertionError(f"{name}: expected a function, got {type(fn).__name__}")
    rng = np.random.default_rng(7)
    for h, w, c, k in [(4, 5, 3, 2), (2, 2, 6, 4), (3, 1, 1, 5)]:
        x = rng.normal(size=(h, w, c))
        kern = rng.normal(size=(c, k))
        bias = rng.normal(size=k)
        expected = np.maximum(conv.conv2d(x, kern[None, None], bias), 0.0)
        try:
            got = fn(x, kern, bias)
        except Exception as e:  # noqa: BLE001 - report the learner's error as a hint
            raise AssertionError(f"{name}: raised {type(e).__name__}: {e} for x {x.shape}, kernel {kern.shape}") from None
        got = np.asarray(got)
        if got.shape == expected.shape and np.allclose(got, conv.conv2d(x, kern[None, None], bias)) \
                and not np.allclose(got, expected):
            raise AssertionError(f"{name}: the weighted sums are right; apply the ReLU (np.maximum(..., 0)).")
        check_array(got, expected, f"{name} {x.shape}→{expected.shape}",
                    "Each pixel's channel vector times the kernel matrix (x @ kernel), plus the bias, then ReLU.")
    passed(name, "a 1×1 convolution is a dense layer applied at every pixel")


def check_bottleneck_ratio(value, height: int, width: int, channels: int, mid: int, what: str = "flops",
                           name: str = "cost ratio") -> None:
    """Direct 3×3 cost divided by bottleneck cost (``what`` = ``"flops"`` or ``"params"``)."""
    require_answer(value, name)
    if what not in ("flops", "params"):
        raise ValueError(f"what must be 'flops' or 'params', got {what!r}")
    rows = training.bottleneck_costs(height, width, channels, mid)
    expected = rows[0][what] / rows[-1][what]
    hint = ("Direct 3×3 divided by the sum of the three bottleneck layers (1×1 reduce, 3×3 middle, 1×1 expand); "
            "count all three.")
    if np.isclose(float(value), rows[0][what] / rows[2][what]):
        hint = "You divided by the middle 3×3 layer only; add the two 1×1 layers too."
    check_close(value, expected, name, hint, rtol=1e-3)


def check_head_params(flatten_dense, gap_head, name: str = "head parameters") -> None:
    """Weights of two heads on a 5×5×64 map: Flatten → Dense(10), and 1×1 conv(64→10) → global average pooling."""
    require_answer(flatten_dense, f"{name} (Flatten → Dense)")
    require_answer(gap_head, f"{name} (1×1 conv → GAP)")
    exp_dense = conv.dense_params(5 * 5 * 64, 10)
    exp_gap = conv.conv_params(1, 64, 10)
    check_equal(int(flatten_dense), exp_dense, f"{name} (Flatten → Dense)",
                "Flatten gives 5·5·64 inputs; each of the 10 outputs has one weight per input plus a bias.")
    check_equal(int(gap_head), exp_gap, f"{name} (1×1 conv → GAP)",
                "The 1×1 convolution has 64 weights + 1 bias per class; global average pooling has no weights.")
