"""The checkers of chapters 7–8 accept the right answer and reject plausible wrong ones with a useful hint."""
from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")

from utils import checks  # noqa: E402
from utils.checks import training as ct  # noqa: E402
from utils import training  # noqa: E402


def test_split_sizes():
    ct.check_split_sizes(750, 251, 1001, 0.25)
    with pytest.raises(AssertionError, match="rounded down"):
        ct.check_split_sizes(751, 250, 1001, 0.25)  # rounding to nearest
    with pytest.raises(AssertionError, match="exactly one side"):
        ct.check_split_sizes(750, 250, 1001, 0.25)
    with pytest.raises(checks.NotAnswered):
        ct.check_split_sizes(..., 251, 1001, 0.25)


def test_inference_gap():
    scores = {"fit_accuracy": 0.893, "evaluate_train": 0.943, "val_accuracy": 0.840}
    ct.check_inference_gap(0.943 - 0.840, scores)
    with pytest.raises(AssertionError, match="running accuracy"):
        ct.check_inference_gap(0.893 - 0.840, scores)
    with pytest.raises(AssertionError, match="sign is flipped"):
        ct.check_inference_gap(0.840 - 0.943, scores)
    with pytest.raises(AssertionError, match="inference mode"):
        ct.check_inference_gap(0.05, scores)
    with pytest.raises(checks.NotAnswered):
        ct.check_inference_gap(..., scores)


def test_dropout_scale():
    ct.check_dropout_scale(1 / 0.75, 0.25)
    with pytest.raises(AssertionError, match="chance of being kept"):
        ct.check_dropout_scale(0.75, 0.25)
    with pytest.raises(AssertionError):
        ct.check_dropout_scale(1.0, 0.25)


def _callback(strict: bool, key: str = "accuracy"):
    class Cb(keras.callbacks.Callback):
        def __init__(self, threshold):
            super().__init__()
            self.threshold = threshold

        def on_epoch_end(self, epoch, logs=None):
            v = logs[key]
            if (v > self.threshold) if strict else (v >= self.threshold):
                self.model.stop_training = True

    return Cb


def test_stop_callback():
    ct.check_stop_callback(_callback(strict=False))
    ct.check_stop_callback(training.StopAtAccuracy)
    with pytest.raises(AssertionError, match="should stop after epoch 3"):
        ct.check_stop_callback(_callback(strict=True))  # > instead of >=
    with pytest.raises(AssertionError, match="should stop"):
        ct.check_stop_callback(_callback(strict=False, key="val_accuracy"))
    with pytest.raises(AssertionError, match="subclass of keras.callbacks.Callback"):
        ct.check_stop_callback(object)


def test_early_stopping():
    losses = [0.9, 0.7, 0.8, 0.75, 0.72, 0.6]
    ct.check_early_stopping(5, 2, losses, patience=3)
    with pytest.raises(AssertionError, match="best_epoch"):
        ct.check_early_stopping(5, 1, losses, patience=3)  # 0-based best epoch
    with pytest.raises(AssertionError, match="count epochs from 1"):
        ct.check_early_stopping(4, 2, losses, patience=3)  # 0-based stop epoch


def test_dropout_model():
    keras.backend.clear_session()
    ct.check_dropout_model(training.small_convnet(0.3, name="mine"), 0.3)
    with pytest.raises(AssertionError, match="rates"):
        ct.check_dropout_model(training.small_convnet(0.5), 0.3)
    with pytest.raises(AssertionError, match="layers"):
        ct.check_dropout_model(training.small_convnet(0.0), 0.3)
    one_dropout = keras.Sequential([
        keras.Input(shape=(28, 28, 1)), keras.layers.Conv2D(32, 3, activation="relu"), keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(), keras.layers.Dense(128, activation="relu"), keras.layers.Dropout(0.3),
        keras.layers.Dense(10, activation="softmax")])
    with pytest.raises(AssertionError, match="layers"):
        ct.check_dropout_model(one_dropout, 0.3)


def test_one_by_one_params_and_shape():
    ct.check_one_by_one_params(12352, 192, 64)
    with pytest.raises(AssertionError, match="left out the biases"):
        ct.check_one_by_one_params(12288, 192, 64)
    ct.check_one_by_one_shape((7, 7, 32), (7, 7, 256), 32)
    with pytest.raises(AssertionError, match="number of filters"):
        ct.check_one_by_one_shape((7, 7, 256), (7, 7, 256), 32)
    with pytest.raises(AssertionError):
        ct.check_one_by_one_shape((5, 5, 32), (7, 7, 256), 32)


def test_pointwise():
    ct.check_pointwise(lambda x, k, b: np.maximum(x @ k + b, 0))
    with pytest.raises(AssertionError, match="apply the ReLU"):
        ct.check_pointwise(lambda x, k, b: x @ k + b)
    with pytest.raises(AssertionError):
        ct.check_pointwise(lambda x, k, b: np.maximum(x @ k, 0))  # bias forgotten
    with pytest.raises(AssertionError, match="raised"):
        ct.check_pointwise(lambda x, k, b: np.maximum(k @ x + b, 0))  # wrong axis


def test_bottleneck_ratio():
    rows = training.bottleneck_costs(14, 14, 512, 128)
    ct.check_bottleneck_ratio(rows[0]["flops"] / rows[-1]["flops"], 14, 14, 512, 128)
    ct.check_bottleneck_ratio(rows[0]["params"] / rows[-1]["params"], 14, 14, 512, 128, what="params")
    with pytest.raises(AssertionError, match="middle 3×3 layer only"):
        ct.check_bottleneck_ratio(rows[0]["flops"] / rows[2]["flops"], 14, 14, 512, 128)
    with pytest.raises(AssertionError):
        ct.check_bottleneck_ratio(rows[-1]["flops"] / rows[0]["flops"], 14, 14, 512, 128)  # upside down


def test_head_params():
    ct.check_head_params(16010, 650)
    with pytest.raises(AssertionError, match="Flatten"):
        ct.check_head_params(16000, 650)
    with pytest.raises(AssertionError, match="GAP"):
        ct.check_head_params(16010, 640)
