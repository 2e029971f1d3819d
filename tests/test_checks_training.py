"""The checkers of chapters 7–8 accept the right answer (in the forms a learner may give it) and reject
plausible wrong ones with a hint that names the mistake. tests/catalogue/training.py holds many more
wrong answers; here are the right ones, and the wrong ones that need a real Keras model."""
from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")

from utils import checks, conv, training  # noqa: E402
from utils.checks import Hint  # noqa: E402
from utils.checks import training as ct  # noqa: E402


def test_split_sizes():
    ct.check_split_sizes(750, 251, 1001, 0.25)
    ct.check_split_sizes(np.int64(750), 251.0, 1001, 0.25)  # NumPy ints and whole floats are fine
    ct.check_split_sizes(1500, 500, 2000, 0.25)
    with pytest.raises(Hint, match="rounded up"):
        ct.check_split_sizes(751, 250, 1001, 0.25)  # rounding to nearest
    with pytest.raises(Hint, match="exactly one side"):
        ct.check_split_sizes(750, 250, 1001, 0.25)
    with pytest.raises(checks.NotAnswered):
        ct.check_split_sizes(..., 251, 1001, 0.25)


def test_dropout_scale():
    ct.check_dropout_scale(1 / 0.75, 1.0, 0.25)
    ct.check_dropout_scale(3.75, 3, 0.2, value=3.0)
    ct.check_dropout_scale(np.float32(3.75), keras.ops.convert_to_tensor(3.0), 0.2, value=3.0)
    with pytest.raises(Hint, match="chance of being kept"):
        ct.check_dropout_scale(0.75, 1.0, 0.25)
    with pytest.raises(Hint, match="Srivastava"):
        ct.check_dropout_scale(1.0, 0.75, 0.25)
    with pytest.raises(checks.NotAnswered):
        ct.check_dropout_scale(1.25, ..., 0.2)


def _callback(strict: bool = False, key: str | None = None):
    class Cb(keras.callbacks.Callback):
        def __init__(self, threshold, monitor="accuracy"):
            super().__init__()
            self.threshold, self.monitor, self.stopped_epoch = threshold, monitor, None

        def on_epoch_end(self, epoch, logs=None):
            v = logs[key or self.monitor]
            if (v > self.threshold) if strict else (v >= self.threshold):
                self.stopped_epoch = epoch + 1
                self.model.stop_training = True

    return Cb


def test_stop_callback():
    ct.check_stop_callback(_callback())

    class Renamed(_callback()):  # the question names the argument: StopAtThreshold(t, monitor="...")
        def __init__(self, limit, metric="accuracy"):
            super().__init__(limit, metric)

    with pytest.raises(Hint, match="monitor='accuracy'"):
        ct.check_stop_callback(Renamed)
    with pytest.raises(Hint, match="not >"):
        ct.check_stop_callback(_callback(strict=True))  # > instead of >=
    with pytest.raises(Hint, match="should stop after epoch 3"):
        ct.check_stop_callback(_callback(key="val_accuracy"))  # always watches val_accuracy
    with pytest.raises(Hint, match="logs\\[self.monitor\\]"):
        ct.check_stop_callback(_callback(key="accuracy"))  # ignores monitor
    with pytest.raises(Hint, match="inherit from keras.callbacks.Callback"):
        ct.check_stop_callback(object)
    with pytest.raises(Hint, match="yourself"):
        ct.check_stop_callback(training.StopAtAccuracy)


def test_early_stopping():
    losses = [0.9, 0.7, 0.8, 0.75, 0.72, 0.6]
    ct.check_early_stopping(5, 2, losses, patience=3)
    ct.check_early_stopping(np.int64(5), 2.0, losses, patience=3)
    with pytest.raises(Hint, match="count epochs from 1"):
        ct.check_early_stopping(5, 1, losses, patience=3)  # 0-based best epoch
    with pytest.raises(Hint, match="one short"):
        ct.check_early_stopping(4, 2, losses, patience=3)  # 0-based stop epoch
    long = [0.90, 0.72, 0.75, 0.60, 0.55, 0.57, 0.52, 0.58, 0.56, 0.57, 0.59, 0.50]
    ct.check_early_stopping(9, 7, long, patience=2)
    with pytest.raises(Hint, match="lowest"):
        ct.check_early_stopping(11, 7, long, patience=2)


def _cifar(dropout_after_flatten: bool = False, functional: bool = False):
    L = keras.layers
    stack = [L.Conv2D(32, (3, 3), activation="relu"), L.MaxPool2D()]
    stack += [L.Flatten(), L.Dropout(0.3)] if dropout_after_flatten else [L.Dropout(0.3), L.Flatten()]
    stack += [L.Dense(128, activation="relu"), L.Dropout(0.3), L.Dense(10, activation="softmax")]
    if functional:
        x = inputs = keras.Input(shape=(32, 32, 3))
        for layer in stack:
            x = layer(x)
        model = keras.Model(inputs, x)
    else:
        model = keras.Sequential([keras.Input(shape=(32, 32, 3)), *stack])
    model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=[keras.metrics.SparseCategoricalAccuracy()])
    return model


def test_dropout_model():
    keras.backend.clear_session()
    ct.check_dropout_model(training.small_convnet(0.3, name="mine"), 0.3)
    ct.check_dropout_model(training.small_convnet(0.3, input_shape=(32, 32, 3)), 0.3, input_shape=(32, 32, 3))
    # The same function, written differently: Dropout after Flatten, the functional API, loss objects.
    ct.check_dropout_model(_cifar(dropout_after_flatten=True), 0.3, input_shape=(32, 32, 3))
    ct.check_dropout_model(_cifar(functional=True), 0.3, input_shape=(32, 32, 3))
    with pytest.raises(Hint, match="rates"):
        ct.check_dropout_model(training.small_convnet(0.5), 0.3)
    with pytest.raises(Hint, match="no Dropout layer"):
        ct.check_dropout_model(training.small_convnet(0.0), 0.3)
    with pytest.raises(Hint, match="Fashion-MNIST"):
        ct.check_dropout_model(training.small_convnet(0.3), 0.3, input_shape=(32, 32, 3))
    one_dropout = keras.Sequential([
        keras.Input(shape=(28, 28, 1)), keras.layers.Conv2D(32, 3, activation="relu"), keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(), keras.layers.Dense(128, activation="relu"), keras.layers.Dropout(0.3),
        keras.layers.Dense(10, activation="softmax")])
    one_dropout.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    with pytest.raises(Hint, match="exactly one Dropout"):
        ct.check_dropout_model(one_dropout, 0.3)


def test_inference_gap_with_a_real_model():
    """The checker's accuracies (from predict) are those model.evaluate gives, the chapter's way."""
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    model = training.small_convnet(0.5)
    rng = np.random.default_rng(0)
    x = rng.random((80, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, 80)
    history = model.fit(x, y, epochs=2, batch_size=64, validation_split=0.25, verbose=0)
    tr, va = training.validation_split_indices(len(x), 0.25)
    gap = model.evaluate(x[tr], y[tr], verbose=0)[1] - model.evaluate(x[va], y[va], verbose=0)[1]
    ct.check_inference_gap(gap, model, x, y, history, validation_split=0.25)
    ct.check_inference_gap(np.float32(gap), model, x, y, history.history, validation_split=0.25)
    with pytest.raises(Hint, match="sign"):
        ct.check_inference_gap(-gap if gap else 0.5, model, x, y, history, validation_split=0.25)
    with pytest.raises(Hint, match=r"\[loss, accuracy\]"):
        ct.check_inference_gap(np.array(model.evaluate(x[tr], y[tr], verbose=0))
                               - np.array(model.evaluate(x[va], y[va], verbose=0)),
                               model, x, y, history, validation_split=0.25)


def test_one_by_one_params_and_shape():
    ct.check_one_by_one_params(12352, 192, 64)
    ct.check_one_by_one_params(12352, 192, 64, height=28, width=28)
    with pytest.raises(Hint, match="left out the biases"):
        ct.check_one_by_one_params(12288, 192, 64)
    with pytest.raises(Hint, match="does not depend on the map"):
        ct.check_one_by_one_params(12352 * 28 * 28, 192, 64, height=28, width=28)
    ct.check_one_by_one_shape((7, 7, 32), (7, 7, 256), 32)
    ct.check_one_by_one_shape([8, 8, 256], (15, 15, 128), 256, strides=2)
    ct.check_one_by_one_shape(np.array([8, 8, 256]), (15, 15, 128), 256, strides=2)
    with pytest.raises(Hint, match="one channel per filter"):
        ct.check_one_by_one_shape((7, 7, 256), (7, 7, 256), 32)
    with pytest.raises(Hint):
        ct.check_one_by_one_shape((5, 5, 32), (7, 7, 256), 32)
    with pytest.raises(Hint, match="batch axis"):
        ct.check_one_by_one_shape((None, 8, 8, 256), (15, 15, 128), 256, strides=2)


def test_pointwise():
    ct.check_pointwise(lambda x, k, b: np.maximum(x @ k[0, 0] + b, 0))
    ct.check_pointwise(lambda x, k, b: np.maximum(np.einsum("...c,ck->...k", x, k[0, 0]) + b, 0))
    ct.check_pointwise(lambda x, k, b: np.maximum(np.tensordot(x, k.reshape(k.shape[2:]), axes=1) + b, 0))
    with pytest.raises(Hint, match="apply the ReLU"):
        ct.check_pointwise(lambda x, k, b: x @ k[0, 0] + b)
    with pytest.raises(Hint, match="bias is missing"):
        ct.check_pointwise(lambda x, k, b: np.maximum(x @ k[0, 0], 0))
    with pytest.raises(Hint, match="values differ"):
        ct.check_pointwise(lambda x, k, b: np.maximum(k[0, 0] @ x + b, 0))  # wrong order
    with pytest.raises(Hint, match="conv.conv2d"):
        ct.check_pointwise(lambda x, k, b: np.maximum(conv.conv2d(x, k, b), 0))
    assert conv.conv2d.__name__ == "conv2d"  # the tripwire put the real function back


def test_bottleneck_ratio():
    rows = training.bottleneck_costs(14, 14, 256, 128)
    flops, params = rows[0]["flops"] / rows[-1]["flops"], rows[0]["params"] / rows[-1]["params"]
    ct.check_bottleneck_ratio(flops, params, 14, 14, 256, 128)
    ct.check_bottleneck_ratio(round(flops, 3), round(params, 3), 14, 14, 256, 128)  # within 0.1 %
    with pytest.raises(Hint, match="middle 3×3 layer only"):
        ct.check_bottleneck_ratio(rows[0]["flops"] / rows[2]["flops"], params, 14, 14, 256, 128)
    with pytest.raises(Hint, match="upside down"):
        ct.check_bottleneck_ratio(rows[-1]["flops"] / rows[0]["flops"], params, 14, 14, 256, 128)
    with pytest.raises(Hint, match="swapped"):
        ct.check_bottleneck_ratio(params, flops, 14, 14, 256, 128)
    rows = training.bottleneck_costs(28, 28, 256, 64)  # the chapter's numbers
    ct.check_bottleneck_ratio(rows[0]["flops"] / rows[-1]["flops"], rows[0]["params"] / rows[-1]["params"],
                              28, 28, 256, 64)


def test_head_params():
    ct.check_head_params(16010, 650)
    ct.check_head_params(627300, 12900, map_shape=(7, 7, 128), classes=100)
    with pytest.raises(Hint, match="Flatten"):
        ct.check_head_params(16000, 650)
    with pytest.raises(Hint, match="GAP"):
        ct.check_head_params(16010, 640)
    with pytest.raises(Hint, match="2 things"):
        ct.check_head_params(16000, 640)
