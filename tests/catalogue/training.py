"""Anticipated wrong answers for exercises 7 (overfitting, dropout, callbacks) and 8 (1×1 convolutions):
see tests/catalogue/__init__.py. The extra arguments are those of the check cells."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from utils import conv, models, training  # noqa: E402
from utils.checks import training as ct  # noqa: E402

from . import wrong  # noqa: E402

# ----------------------------------------------------------------------------- 7.1 validation_split rows

SPLIT = dict(n=1001, validation_split=0.25)
CAT_7_1 = [
    wrong("7.1", "type", ct.check_split_sizes, ("750", "251"), many=True, words="quotes", **SPLIT),
    wrong(
        "7.1",
        "type",
        ct.check_split_sizes,
        (np.arange(750), np.arange(750, 1001)),
        many=True,
        words=("rows themselves", "len("),
        **SPLIT,
    ),
    wrong(
        "7.1",
        "shape",
        ct.check_split_sizes,
        ((750, 251), 251),
        many=True,
        words="one number is asked",
        **SPLIT,
    ),
    wrong("7.1", "type", ct.check_split_sizes, (0.75, 0.25), many=True, words="fraction", **SPLIT),
    wrong(
        "7.1",
        "near miss",
        ct.check_split_sizes,
        (750.75, 250.25),
        many=True,
        words=("floor", "whole"),
        **SPLIT,
    ),
    wrong(
        "7.1",
        "misconception",
        ct.check_split_sizes,
        (751, 250),
        many=True,
        words=("floor(250.25)", "wrong side", "floor(750.75) = 750"),
        **SPLIT,
    ),
    wrong(
        "7.1",
        "misconception",
        ct.check_split_sizes,
        (251, 750),
        many=True,
        words="swapped",
        **SPLIT,
    ),
    wrong(
        "7.1",
        "near miss",
        ct.check_split_sizes,
        (750, 250),
        many=True,
        words="exactly one side",
        **SPLIT,
    ),
    wrong(
        "7.1",
        "near miss",
        ct.check_split_sizes,
        (751, 251),
        many=True,
        words=("2 things", "exactly one side", "rounded up"),
        **SPLIT,
    ),
]

# ----------------------------------------------------------------------------- 7.2 dropout values

DROP = dict(rate=0.2, value=3.0)
CAT_7_2 = [
    wrong("7.2", "type", ct.check_dropout_scale, ("3.75", 3.0), many=True, words="quotes", **DROP),
    wrong(
        "7.2", "type", ct.check_dropout_scale, (True, 3.0), many=True, words="True/False", **DROP
    ),
    wrong(
        "7.2",
        "shape",
        ct.check_dropout_scale,
        (np.array([0.0, 3.75, 3.75, 0.0]), 3.0),
        many=True,
        words=("one kept unit", "whole output"),
        **DROP,
    ),
    wrong(
        "7.2",
        "misconception",
        ct.check_dropout_scale,
        (2.4, 3.0),
        many=True,
        words=("chance of being kept", "divides"),
        **DROP,
    ),
    wrong(
        "7.2",
        "misconception",
        ct.check_dropout_scale,
        (3.0, 2.4),
        many=True,
        words=("Srivastava", "inverted dropout"),
        **DROP,
    ),
    wrong(
        "7.2",
        "misconception",
        ct.check_dropout_scale,
        (3.75, 3.75),
        many=True,
        words="only during training",
        **DROP,
    ),
    wrong(
        "7.2",
        "misconception",
        ct.check_dropout_scale,
        (15.0, 3.0),
        many=True,
        words="divided by the rate",
        **DROP,
    ),
    wrong(
        "7.2", "near miss", ct.check_dropout_scale, (3.6, 3.0), many=True, words="1 + rate", **DROP
    ),
    wrong(
        "7.2",
        "near miss",
        ct.check_dropout_scale,
        (3.8, 3.0),
        many=True,
        words=("rounded", "0.1 %"),
        **DROP,
    ),
    wrong(
        "7.2",
        "near miss",
        ct.check_dropout_scale,
        (1.25, 3.0),
        many=True,
        words=("factor", "multiply"),
        **DROP,
    ),
    wrong(
        "7.2", "near miss", ct.check_dropout_scale, (0.0, 3.0), many=True, words="dropped", **DROP
    ),
    wrong(
        "7.2",
        "misconception",
        ct.check_dropout_scale,
        (2.4, 2.4),
        many=True,
        words=("2 things", "chance of being kept", "original paper"),
        **DROP,
    ),
]

# ----------------------------------------------------------------------------- 7.3 the callback


def _callback(
    *,
    strict=False,
    fixed_key=None,
    epoch_base=1,
    flag="model",
    monitor_param=True,
    record=True,
    compare="ge",
    key_name=None,
    default="accuracy",
):
    """A learner's StopAtThreshold, right by default, with one of the usual slips switched on."""

    class StopAtThreshold(keras.callbacks.Callback):
        def __init__(self, threshold, monitor=default):
            super().__init__()
            self.threshold, self.monitor = threshold, monitor
            if record:
                self.stopped_epoch = None

        def on_epoch_end(self, epoch, logs=None):
            value = logs[key_name or fixed_key or self.monitor]
            hit = {
                "ge": value >= self.threshold,
                "gt": value > self.threshold,
                "lt": value < self.threshold,
            }
            if hit["gt" if strict else compare]:
                if record:
                    self.stopped_epoch = epoch + epoch_base
                if flag == "model":
                    self.model.stop_training = True
                else:
                    self.stop_training = True

    if not monitor_param:

        class NoMonitor(StopAtThreshold):
            def __init__(self, threshold):
                super().__init__(threshold)

        return NoMonitor
    return StopAtThreshold


def _not_a_callback():
    class StopAtThreshold:
        def __init__(self, threshold, monitor="accuracy"):
            self.threshold, self.monitor = threshold, monitor

    return StopAtThreshold


def _monitor_first():
    """__init__ with its arguments the other way round: StopAtThreshold(0.9) makes 0.9 the monitor."""

    class StopAtThreshold(_callback()):
        def __init__(self, monitor="accuracy", threshold=0.95):
            super().__init__(threshold, monitor)

    return StopAtThreshold


class _EarlyStop(keras.callbacks.EarlyStopping):
    def __init__(self, threshold, monitor="accuracy"):
        super().__init__(monitor=monitor, baseline=threshold)


CAT_7_3 = [
    wrong(
        "7.3",
        "type",
        ct.check_stop_callback,
        _callback()(0.9),
        words=("instance", "without calling it"),
    ),
    wrong("7.3", "type", ct.check_stop_callback, lambda threshold: None, words="a class"),
    wrong(
        "7.3",
        "type",
        ct.check_stop_callback,
        _not_a_callback(),
        words="inherit from keras.callbacks.Callback",
    ),
    wrong("7.3", "forbidden", ct.check_stop_callback, training.StopAtAccuracy, words="yourself"),
    wrong("7.3", "forbidden", ct.check_stop_callback, _EarlyStop, words="EarlyStopping"),
    wrong(
        "7.3",
        "misconception",
        ct.check_stop_callback,
        _callback(strict=True),
        words=(">=", "not >"),
    ),
    wrong(
        "7.3",
        "misconception",
        ct.check_stop_callback,
        _callback(fixed_key="accuracy"),
        words=("training", "logs[self.monitor]"),
    ),
    wrong(
        "7.3",
        "misconception",
        ct.check_stop_callback,
        _callback(flag="self"),
        words="self.model.stop_training",
    ),
    wrong(
        "7.3",
        "misconception",
        ct.check_stop_callback,
        _callback(compare="lt"),
        words="first epoch every time",
    ),
    wrong("7.3", "near miss", ct.check_stop_callback, _callback(epoch_base=0), words="epoch + 1"),
    wrong(
        "7.3", "near miss", ct.check_stop_callback, _callback(record=False), words="stopped_epoch"
    ),
    wrong(
        "7.3",
        "near miss",
        ct.check_stop_callback,
        _callback(monitor_param=False),
        words=("TypeError", "monitor"),
    ),
    wrong(
        "7.3",
        "near miss",
        ct.check_stop_callback,
        _callback(key_name="acc"),
        words=("raised KeyError", "logs[self.monitor]"),
    ),
    wrong(
        "7.3",
        "misconception",
        ct.check_stop_callback,
        _callback(default="val_accuracy"),
        words=("default 'val_accuracy'", "'accuracy' unless given"),
    ),
    wrong(
        "7.3",
        "near miss",
        ct.check_stop_callback,
        _monitor_first(),
        words=("threshold comes first", "monitor first"),
    ),
]

# ----------------------------------------------------------------------------- 7.4 EarlyStopping

VAL_LOSSES = [0.90, 0.72, 0.75, 0.60, 0.55, 0.57, 0.52, 0.58, 0.56, 0.57, 0.59, 0.50]
ES = dict(patience=2)
CAT_7_4 = [
    wrong(
        "7.4",
        "type",
        ct.check_early_stopping,
        ("9", "7"),
        VAL_LOSSES,
        many=True,
        words="quotes",
        **ES,
    ),
    wrong(
        "7.4", "type", ct.check_early_stopping, (9.5, 7), VAL_LOSSES, many=True, words="whole", **ES
    ),
    wrong(
        "7.4",
        "shape",
        ct.check_early_stopping,
        ((9, 7), 7),
        VAL_LOSSES,
        many=True,
        words="one number",
        **ES,
    ),
    wrong(
        "7.4",
        "misconception",
        ct.check_early_stopping,
        (8, 6),
        VAL_LOSSES,
        many=True,
        words=("2 things", "one short", "count epochs from 1"),
        **ES,
    ),
    wrong(
        "7.4",
        "misconception",
        ct.check_early_stopping,
        (11, 7),
        VAL_LOSSES,
        many=True,
        words="lowest* val_loss so far",
        **ES,
    ),
    wrong(
        "7.4",
        "misconception",
        ct.check_early_stopping,
        (6, 7),
        VAL_LOSSES,
        many=True,
        words="in a row",
        **ES,
    ),
    wrong(
        "7.4",
        "misconception",
        ct.check_early_stopping,
        (9, 9),
        VAL_LOSSES,
        many=True,
        words=("last epoch run", "restore_best_weights"),
        **ES,
    ),
    wrong(
        "7.4",
        "misconception",
        ct.check_early_stopping,
        (9, 12),
        VAL_LOSSES,
        many=True,
        words="stopped before it ran",
        **ES,
    ),
    wrong(
        "7.4",
        "misconception",
        ct.check_early_stopping,
        (12, 7),
        VAL_LOSSES,
        many=True,
        words="every epoch",
        **ES,
    ),
    wrong(
        "7.4",
        "near miss",
        ct.check_early_stopping,
        (10, 7),
        VAL_LOSSES,
        many=True,
        words="one too many",
        **ES,
    ),
    wrong(
        "7.4",
        "near miss",
        ct.check_early_stopping,
        (7, 9),
        VAL_LOSSES,
        many=True,
        words="swapped",
        **ES,
    ),
    wrong(
        "7.4",
        "misconception",
        ct.check_early_stopping,
        (3, 2),
        VAL_LOSSES,
        many=True,
        words="too early",
        **ES,
    ),
    wrong(
        "7.4",
        "type",
        ct.check_early_stopping,
        (9, 0.52),
        VAL_LOSSES,
        many=True,
        words=("is a val_loss", "number of its epoch"),
        **ES,
    ),
    wrong(
        "7.4",
        "misconception",
        ct.check_early_stopping,
        (12, 12),
        VAL_LOSSES,
        many=True,
        words=("every epoch", "lowest loss of the list", "stopped before it ran"),
        **ES,
    ),
]

# ----------------------------------------------------------------------------- 7.5 the dropout model


def _model(
    *,
    shape=(32, 32, 3),
    rates=(0.25, 0.5),
    places=("pool", "dense"),
    hidden_act="relu",
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    compile=True,
):
    """A learner's CIFAR-10 model, right by default; ``places`` says where the Dropout layers go."""
    rates = list(rates)
    stack = [
        keras.Input(shape=shape),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
    ]
    if "pool" in places:
        stack.append(layers.Dropout(rates.pop(0)))
    stack += [layers.Flatten(), layers.Dense(128, activation=hidden_act)]
    if "dense" in places:
        stack.append(layers.Dropout(rates.pop(0)))
    stack.append(layers.Dense(10, activation="softmax"))
    if "output" in places:
        stack.append(layers.Dropout(rates.pop(0)))
    model = keras.Sequential(stack)
    if compile:
        model.compile(optimizer=optimizer, loss=loss, metrics=["accuracy"])
    return model


def _builder_model():
    """What utils.models.small_convnet gives: one rate in both places."""
    model = models.small_convnet(0.25, input_shape=(32, 32, 3))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


MODEL = dict(rate=(0.25, 0.5), input_shape=(32, 32, 3))
CAT_7_5 = [
    wrong("7.5", "type", ct.check_dropout_model, keras.Sequential, words="class", **MODEL),
    wrong(
        "7.5",
        "type",
        ct.check_dropout_model,
        [layers.Conv2D(32, 3), layers.Dense(10)],
        words="wrap it",
        **MODEL,
    ),
    wrong(
        "7.5",
        "type",
        ct.check_dropout_model,
        models.small_convnet,
        words=("function", "write the model out"),
        **MODEL,
    ),
    wrong("7.5", "type", ct.check_dropout_model, "model", words="Keras model is asked", **MODEL),
    wrong(
        "7.5",
        "shape",
        ct.check_dropout_model,
        _model(shape=(28, 28, 1)),
        words=("Fashion-MNIST", "colour"),
        **MODEL,
    ),
    wrong(
        "7.5",
        "shape",
        ct.check_dropout_model,
        _model(shape=(64, 64, 3)),
        words="input shape",
        **MODEL,
    ),
    wrong(
        "7.5",
        "misconception",
        ct.check_dropout_model,
        _model(rates=(0.75, 0.5)),
        words=("fraction *dropped*", "75 %"),
        **MODEL,
    ),
    wrong(
        "7.5",
        "misconception",
        ct.check_dropout_model,
        _model(rates=(0.5, 0.25)),
        words=("swapped", "0.25 goes after pooling"),
        **MODEL,
    ),
    wrong(
        "7.5",
        "misconception",
        ct.check_dropout_model,
        _model(places=("pool", "output")),
        words="after the output layer",
        **MODEL,
    ),
    wrong(
        "7.5",
        "misconception",
        ct.check_dropout_model,
        _model(loss="categorical_crossentropy"),
        words=("one-hot", "sparse_categorical_crossentropy"),
        **MODEL,
    ),
    wrong(
        "7.5",
        "misconception",
        ct.check_dropout_model,
        _model(loss="binary_crossentropy"),
        words=("the loss is binary_crossentropy", "integers"),
        **MODEL,
    ),
    wrong(
        "7.5",
        "misconception",
        ct.check_dropout_model,
        _model(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)),
        words=("from_logits=True", "softmax twice"),
        **MODEL,
    ),
    wrong(
        "7.5", "forbidden", ct.check_dropout_model, _model(optimizer="sgd"), words="Adam", **MODEL
    ),
    wrong(
        "7.5",
        "forbidden",
        ct.check_dropout_model,
        _builder_model(),
        words=("small_convnet", "same rate in both places", "after the hidden Dense layer has"),
        **MODEL,
    ),
    wrong(
        "7.5",
        "near miss",
        ct.check_dropout_model,
        _model(rates=(0.25,), places=("pool",)),
        words="exactly one Dropout",
        **MODEL,
    ),
    wrong(
        "7.5",
        "near miss",
        ct.check_dropout_model,
        _model(rates=(), places=()),
        words="no Dropout layer",
        **MODEL,
    ),
    wrong(
        "7.5",
        "near miss",
        ct.check_dropout_model,
        _model(hidden_act=None),
        words=("activation", "'relu'"),
        **MODEL,
    ),
    wrong(
        "7.5",
        "near miss",
        ct.check_dropout_model,
        _model(compile=False),
        words="not compiled",
        **MODEL,
    ),
    wrong(
        "7.5",
        "near miss",
        ct.check_dropout_model,
        _model(optimizer="sgd", rates=(0.5, 0.5)),
        words=("2 things", "Adam", "asks 0.25 there"),
        **MODEL,
    ),
]

# ----------------------------------------------------------------------------- 7.6 the measured gap


class _FakeModel:
    """A trained model stands in: row i of ``x`` holds i, and the model gets some rows wrong.

    400 rows, validation_split=0.25: rows 0-299 trained on, those ending in 5 wrong (accuracy 0.9);
    rows 300-399 validated, those ending in 0, 2, 4 or 6 wrong (0.6). The right gap is 0.3. With
    dropout on (``model(x, training=True)``) rows ending in 7 or 8 are wrong too: 0.7 and 0.4.
    """

    def _probs(self, x, wrong_digits):
        rows = np.asarray(x).reshape(len(x), -1)[:, 0].astype(int)
        probs = np.full((len(rows), 10), 0.2 / 9)
        for i, r in enumerate(rows):
            label = r % 10
            wrong = r % 10 in wrong_digits[0] if r < 300 else r % 10 in wrong_digits[1]
            if wrong:
                probs[i] = 0.2 / 8
                probs[i, label], probs[i, (label + 1) % 10] = 0.1, 0.7
            else:
                probs[i, label] = 0.8
        return probs

    def predict(self, x, batch_size=None, verbose=0):
        return self._probs(x, ({5}, {0, 2, 4, 6}))

    def __call__(self, x, training=False):
        if training:
            return self._probs(x, ({5, 7, 8}, {0, 2, 4, 6, 7, 8}))
        return self.predict(x)


class _History:
    """What fit returns: a running accuracy that differs from the evaluated one; val_accuracy is the
    evaluated one, as in Keras."""

    history = {
        "accuracy": [0.5, 0.6, 0.7, 0.75],
        "val_accuracy": [0.5, 0.55, 0.6, 0.6],
        "loss": [1.2, 1.0, 0.9, 0.8],
        "val_loss": [1.3, 1.2, 1.1, 1.05],
    }


GAP_X = np.arange(400, dtype="float32").reshape(400, 1)
GAP_Y = np.arange(400) % 10
GAP_ARGS = (_FakeModel(), GAP_X, GAP_Y, _History())
_LOSS_TR = -(270 * np.log(0.8) + 30 * np.log(0.1)) / 300
_LOSS_VA = -(60 * np.log(0.8) + 40 * np.log(0.1)) / 100
GAP = dict(validation_split=0.25)
CAT_7_6 = [
    wrong(
        "7.6",
        "type",
        ct.check_inference_gap,
        ("0.9", 0.6, 0.3),
        *GAP_ARGS,
        many=True,
        words="quotes",
        **GAP,
    ),
    wrong(
        "7.6",
        "type",
        ct.check_inference_gap,
        (_History(), 0.6, 0.3),
        *GAP_ARGS,
        many=True,
        words="History",
        **GAP,
    ),
    wrong(
        "7.6",
        "type",
        ct.check_inference_gap,
        ({"train": 0.9, "val": 0.6}, 0.6, 0.3),
        *GAP_ARGS,
        many=True,
        words="dict",
        **GAP,
    ),
    wrong(
        "7.6",
        "shape",
        ct.check_inference_gap,
        ([_LOSS_TR, 0.9], [_LOSS_VA, 0.6], 0.3),
        *GAP_ARGS,
        many=True,
        words=("[loss, accuracy]", "[1]"),
        **GAP,
    ),
    wrong(
        "7.6",
        "shape",
        ct.check_inference_gap,
        (0.9, 0.6, [0.9, 0.6]),
        *GAP_ARGS,
        many=True,
        words=("gap", "one number"),
        **GAP,
    ),
    wrong(
        "7.6",
        "misconception",
        ct.check_inference_gap,
        (0.75, 0.6, 0.75 - 0.6),
        *GAP_ARGS,
        many=True,
        words=("running", "dropout on", "train_acc = 0.7500"),
        **GAP,
    ),
    wrong(
        "7.6",
        "misconception",
        ct.check_inference_gap,
        (0.7, 0.4, 0.3),
        *GAP_ARGS,
        many=True,
        words=("2 things", "dropout on", "training=True"),
        **GAP,
    ),
    wrong(
        "7.6",
        "misconception",
        ct.check_inference_gap,
        (330 / 400, 0.6, 330 / 400 - 0.6),
        *GAP_ARGS,
        many=True,
        words=("all 400 rows", "last 100"),
        **GAP,
    ),
    wrong(
        "7.6",
        "misconception",
        ct.check_inference_gap,
        (0.8, 0.9, -0.1),
        *GAP_ARGS,
        many=True,
        words=("2 things", "*first* 100", "*last*"),
        **GAP,
    ),
    wrong(
        "7.6",
        "misconception",
        ct.check_inference_gap,
        (0.9, 0.75, 0.15),
        *GAP_ARGS,
        many=True,
        words=("cut the arrays at row 200", "floor(400 × 0.75) = 300"),
        **GAP,
    ),
    wrong(
        "7.6",
        "misconception",
        ct.check_inference_gap,
        (0.9, 0.6, _LOSS_TR - _LOSS_VA),
        *GAP_ARGS,
        many=True,
        words="losses",
        **GAP,
    ),
    wrong(
        "7.6",
        "misconception",
        ct.check_inference_gap,
        (_LOSS_TR, 0.6, 0.3),
        *GAP_ARGS,
        many=True,
        words=("is the loss", "[1]"),
        **GAP,
    ),
    wrong(
        "7.6",
        "near miss",
        ct.check_inference_gap,
        (0.6, 0.9, -0.3),
        *GAP_ARGS,
        many=True,
        words="swapped",
        **GAP,
    ),
    wrong(
        "7.6",
        "near miss",
        ct.check_inference_gap,
        (0.9, 0.6, -0.3),
        *GAP_ARGS,
        many=True,
        words="sign",
        **GAP,
    ),
    wrong(
        "7.6",
        "near miss",
        ct.check_inference_gap,
        (90.0, 60.0, 30.0),
        *GAP_ARGS,
        many=True,
        words=("2 things", "percentage"),
        **GAP,
    ),
    wrong(
        "7.6",
        "near miss",
        ct.check_inference_gap,
        (0.9, 0.6, 0.25),
        *GAP_ARGS,
        many=True,
        words="not train_acc − val_acc",
        **GAP,
    ),
    wrong(
        "7.6",
        "near miss",
        ct.check_inference_gap,
        (0.88, 0.6, 0.28),
        *GAP_ARGS,
        many=True,
        words=("inference mode", "one row"),
        **GAP,
    ),
]

# ----------------------------------------------------------------------------- 8.1 1×1 parameters

P11 = dict(c_in=192, c_out=64, height=28, width=28)
CAT_8_1 = [
    wrong("8.1", "type", ct.check_one_by_one_params, "12352", words="quotes", **P11),
    wrong(
        "8.1",
        "shape",
        ct.check_one_by_one_params,
        (12288, 64),
        words=("total", "Add them up"),
        **P11,
    ),
    wrong(
        "8.1",
        "type",
        ct.check_one_by_one_params,
        np.array([192, 1, 64]),
        words="one whole number",
        **P11,
    ),
    wrong("8.1", "type", ct.check_one_by_one_params, 12352.5, words="whole", **P11),
    wrong("8.1", "near miss", ct.check_one_by_one_params, 192 * 64, words="biases", **P11),
    wrong(
        "8.1",
        "misconception",
        ct.check_one_by_one_params,
        12352 * 28 * 28,
        words="does not depend on the map",
        **P11,
    ),
    wrong(
        "8.1",
        "misconception",
        ct.check_one_by_one_params,
        2 * 28 * 28 * 192 * 64,
        words="operations",
        **P11,
    ),
    wrong(
        "8.1",
        "misconception",
        ct.check_one_by_one_params,
        (3 * 3 * 192 + 1) * 64,
        words="3×3",
        **P11,
    ),
    wrong(
        "8.1",
        "near miss",
        ct.check_one_by_one_params,
        192 * 64 + 192,
        words="*output* channel",
        **P11,
    ),
    wrong(
        "8.1", "near miss", ct.check_one_by_one_params, 12353, words="one bias per filter", **P11
    ),
]

# ----------------------------------------------------------------------------- 8.2 shape with a stride

SHAPE = dict(input_shape=(15, 15, 128), filters=256, strides=2)
CAT_8_2 = [
    wrong("8.2", "type", ct.check_one_by_one_shape, "(8, 8, 256)", words="quotes", **SHAPE),
    wrong("8.2", "type", ct.check_one_by_one_shape, 8, words="(height, width, channels)", **SHAPE),
    wrong(
        "8.2", "shape", ct.check_one_by_one_shape, (None, 8, 8, 256), words="batch axis", **SHAPE
    ),
    wrong("8.2", "shape", ct.check_one_by_one_shape, (8, 8), words="2 entries", **SHAPE),
    wrong(
        "8.2",
        "near miss",
        ct.check_one_by_one_shape,
        (7.5, 7.5, 256),
        words=("15 / 2 = 7.5", "not a number of positions", "floor((n − f) / s) + 1"),
        **SHAPE,
    ),
    wrong("8.2", "shape", ct.check_one_by_one_shape, (256, 8, 8), words="channels first", **SHAPE),
    wrong(
        "8.2", "misconception", ct.check_one_by_one_shape, (15, 15, 256), words="strides=2", **SHAPE
    ),
    wrong(
        "8.2",
        "misconception",
        ct.check_one_by_one_shape,
        (7, 7, 256),
        words="rounds the wrong way",
        **SHAPE,
    ),
    wrong(
        "8.2",
        "misconception",
        ct.check_one_by_one_shape,
        (7, 7, 256),
        words="floor((n − f) / s) + 1",
        **SHAPE,
    ),
    wrong(
        "8.2",
        "misconception",
        ct.check_one_by_one_shape,
        (8, 8, 128),
        words="input's depth",
        **SHAPE,
    ),
    wrong(
        "8.2",
        "misconception",
        ct.check_one_by_one_shape,
        (8, 8, 128 * 256),
        words="each filter",
        **SHAPE,
    ),
    wrong(
        "8.2",
        "near miss",
        ct.check_one_by_one_shape,
        (15, 15, 128),
        words=("2 things", "strides=2", "depth"),
        **SHAPE,
    ),
]

# ----------------------------------------------------------------------------- 8.3 merging two 1×1 layers


def _merge(kernel=lambda W1, W2: W1 @ W2, bias=lambda b1, b2, W2: b1 @ W2 + b2, relu=False):
    """A learner's merge function, right by default: ``kernel(W1, W2)`` gives the merged C×K2 matrix
    and ``bias(b1, b2, W2)`` the merged bias."""

    def merge(kernel1, bias1, kernel2, bias2):
        W1, W2 = kernel1[0, 0], kernel2[0, 0]
        k = kernel(W1, W2)
        if relu:
            k = np.maximum(k, 0)
        return k[None, None], bias(bias1, bias2, W2)

    return merge


def _merge_no_return(kernel1, bias1, kernel2, bias2):
    (kernel1[0, 0] @ kernel2[0, 0])[None, None], bias1 @ kernel2[0, 0] + bias2


def _merge_by_fitting(kernel1, bias1, kernel2, bias2):
    """Fit the merged layer by least squares on random pixels, as the chapter's
    best_linear_fit_error does."""
    x = np.random.default_rng(0).normal(size=(200, kernel1.shape[2]))
    target = (x @ kernel1[0, 0] + bias1) @ kernel2[0, 0] + bias2
    coef, *_ = np.linalg.lstsq(np.hstack([x, np.ones((200, 1))]), target, rcond=None)
    return coef[:-1][None, None], coef[-1]


def _merge_by_probing(kernel1, bias1, kernel2, bias2):
    """Run the two layers in Keras on one-hot pixels and read the merged layer off the outputs."""
    c = kernel1.shape[2]
    stack = keras.Sequential(
        [
            keras.Input(shape=(1, 1, c)),
            layers.Conv2D(kernel1.shape[3], 1),
            layers.Conv2D(kernel2.shape[3], 1),
        ]
    )
    stack.set_weights([kernel1, bias1, kernel2, bias2])
    probes = np.vstack([np.zeros((1, c)), np.eye(c)]).reshape(c + 1, 1, 1, c)
    out = np.asarray(stack(probes)).reshape(c + 1, -1)
    return (out[1:] - out[0])[None, None], out[0]


CAT_8_3 = [
    wrong(
        "8.3",
        "type",
        ct.check_merged_one_by_one,
        np.zeros((1, 1, 16, 8)),
        words="function is asked",
    ),
    wrong("8.3", "type", ct.check_merged_one_by_one, "merge", words="function is asked"),
    wrong("8.3", "type", ct.check_merged_one_by_one, _merge_no_return, words="return kernel, bias"),
    wrong(
        "8.3",
        "type",
        ct.check_merged_one_by_one,
        lambda k1, b1, k2, b2: k1 @ k2,
        words="two things",
    ),
    wrong(
        "8.3",
        "shape",
        ct.check_merged_one_by_one,
        lambda k1, b1, k2, b2: (k1[0, 0] @ k2[0, 0], b1 @ k2[0, 0] + b2),
        words=("(1, 1, C, K2)", "W[None, None]"),
    ),
    wrong(
        "8.3",
        "shape",
        ct.check_merged_one_by_one,
        lambda k1, b1, k2, b2: (k1 @ k2, b1 @ k2 + b2),
        words=("bias has shape (1, 1, 8)", "kernel2[0, 0]"),
    ),
    wrong(
        "8.3",
        "shape",
        ct.check_merged_one_by_one,
        lambda k1, b1, k2, b2: (b1 @ k2[0, 0] + b2, k1 @ k2),
        words="swapped",
    ),
    wrong(
        "8.3",
        "shape",
        ct.check_merged_one_by_one,
        _merge(kernel=lambda W1, W2: (W1 @ W2).T),
        words="last two axes are swapped",
    ),
    wrong(
        "8.3",
        "misconception",
        ct.check_merged_one_by_one,
        _merge(bias=lambda b1, b2, W2: b1 + b2),
        words=("raised", "goes through the second layer's weights"),
    ),
    wrong(
        "8.3",
        "misconception",
        ct.check_merged_one_by_one,
        _merge(bias=lambda b1, b2, W2: b2),
        words="bias1 is missing",
    ),
    wrong(
        "8.3",
        "misconception",
        ct.check_merged_one_by_one,
        _merge(kernel=lambda W1, W2: W2 @ W1),
        words=("raised", "W1 first, then W2"),
    ),
    wrong(
        "8.3",
        "misconception",
        ct.check_merged_one_by_one,
        _merge(kernel=lambda W1, W2: W2.T @ W1.T if W1.shape == W2.shape else W1 @ W2),
        words="transposed",
    ),
    wrong(
        "8.3",
        "misconception",
        ct.check_merged_one_by_one,
        _merge(relu=True),
        words="no activation",
    ),
    wrong(
        "8.3",
        "forbidden",
        ct.check_merged_one_by_one,
        _merge_by_fitting,
        words=("lstsq", "from the two layers' weights"),
    ),
    wrong(
        "8.3",
        "forbidden",
        ct.check_merged_one_by_one,
        _merge_by_probing,
        words=("uses Keras", "NumPy"),
    ),
    wrong(
        "8.3",
        "near miss",
        ct.check_merged_one_by_one,
        _merge(bias=lambda b1, b2, W2: b1 @ W2),
        words="bias2 is missing",
    ),
    wrong(
        "8.3",
        "near miss",
        ct.check_merged_one_by_one,
        _merge(kernel=lambda W1, W2: W1 * W2),
        words=("raised", "entry by entry", "W1 @ W2"),
    ),
    wrong(
        "8.3",
        "misconception",
        ct.check_merged_one_by_one,
        lambda k1, b1, k2, b2: (k1 * k2, b1 @ k2[0, 0] + b2),
        words=("entry by entry", "matrix product"),
    ),
    wrong(
        "8.3",
        "misconception",
        ct.check_merged_one_by_one,
        _merge(bias=lambda b1, b2, W2: b1 * W2 + b2),
        words=("goes through the second layer's weights", "bias1 @ W2, not *"),
    ),
    wrong(
        "8.3",
        "shape",
        ct.check_merged_one_by_one,
        _merge(bias=lambda b1, b2, W2: (b1 @ W2 + b2)[None]),
        words=("bias has shape (1, 8)", "flat vector", "reshape(8)"),
    ),
]

# ----------------------------------------------------------------------------- 8.4 bottleneck ratios

_ROWS = training.bottleneck_costs(14, 14, 256, 128)
_F = _ROWS[0]["flops"] / _ROWS[-1]["flops"]
_P = _ROWS[0]["params"] / _ROWS[-1]["params"]
BOTTLE = (14, 14)
NECK = dict(channels=256, mid=128)
CAT_8_4 = [
    wrong(
        "8.4",
        "type",
        ct.check_bottleneck_ratio,
        ("2.77", _P),
        *BOTTLE,
        many=True,
        words="quotes",
        **NECK,
    ),
    wrong(
        "8.4",
        "shape",
        ct.check_bottleneck_ratio,
        ([_ROWS[0]["flops"], _ROWS[-1]["flops"]], _P),
        *BOTTLE,
        many=True,
        words=("one number", "divide"),
        **NECK,
    ),
    wrong(
        "8.4",
        "misconception",
        ct.check_bottleneck_ratio,
        (_ROWS[0]["flops"] / _ROWS[2]["flops"], _P),
        *BOTTLE,
        many=True,
        words="middle 3×3 layer only",
        **NECK,
    ),
    wrong(
        "8.4",
        "misconception",
        ct.check_bottleneck_ratio,
        (1 / _F, 1 / _P),
        *BOTTLE,
        many=True,
        words=("2 things", "upside down"),
        **NECK,
    ),
    wrong(
        "8.4",
        "misconception",
        ct.check_bottleneck_ratio,
        (_P, _F),
        *BOTTLE,
        many=True,
        words="swapped",
        **NECK,
    ),
    wrong(
        "8.4",
        "misconception",
        ct.check_bottleneck_ratio,
        (1 - 1 / _F, _P),
        *BOTTLE,
        many=True,
        words="share saved",
        **NECK,
    ),
    wrong(
        "8.4",
        "misconception",
        ct.check_bottleneck_ratio,
        (_ROWS[0]["flops"] - _ROWS[-1]["flops"], _P),
        *BOTTLE,
        many=True,
        words="difference",
        **NECK,
    ),
    wrong(
        "8.4",
        "misconception",
        ct.check_bottleneck_ratio,
        (
            conv.conv_flops(12, 12, 3, 256, 256)
            / (
                conv.conv_flops(14, 14, 1, 256, 128)
                + conv.conv_flops(12, 12, 3, 128, 128)
                + conv.conv_flops(12, 12, 1, 128, 256)
            ),
            _P,
        ),
        *BOTTLE,
        many=True,
        words="'valid'",
        **NECK,
    ),
    wrong(
        "8.4",
        "near miss",
        ct.check_bottleneck_ratio,
        (_ROWS[0]["flops"] / (_ROWS[1]["flops"] + _ROWS[2]["flops"]), _P),
        *BOTTLE,
        many=True,
        words="1×1 layers is missing",
        **NECK,
    ),
    wrong(
        "8.4",
        "near miss",
        ct.check_bottleneck_ratio,
        (_F, _F),
        *BOTTLE,
        many=True,
        words=("biases", "copied flop_ratio", "map size cancels"),
        **NECK,
    ),
    wrong(
        "8.4",
        "near miss",
        ct.check_bottleneck_ratio,
        (_ROWS[0]["flops"] // _ROWS[-1]["flops"], _ROWS[0]["params"] // _ROWS[-1]["params"]),
        *BOTTLE,
        many=True,
        words=("2 things", "you used //", "a ratio needs /"),
        **NECK,
    ),
    wrong(
        "8.4",
        "near miss",
        ct.check_bottleneck_ratio,
        (2.8, 2.76),
        *BOTTLE,
        many=True,
        words=("2 things", "rounded", "0.1%"),
        **NECK,
    ),
]

# ----------------------------------------------------------------------------- 8.5 two heads

HEADS = dict(map_shape=(7, 7, 128), classes=100)
_D, _G = (7 * 7 * 128 + 1) * 100, (128 + 1) * 100
CAT_8_5 = [
    wrong(
        "8.5", "type", ct.check_head_params, ("627300", "12900"), many=True, words="quotes", **HEADS
    ),
    wrong(
        "8.5",
        "shape",
        ct.check_head_params,
        ((_D, _G), _G),
        many=True,
        words="one number per head",
        **HEADS,
    ),
    wrong("8.5", "type", ct.check_head_params, (_D / 1000, _G), many=True, words="whole", **HEADS),
    wrong(
        "8.5", "misconception", ct.check_head_params, (_G, _D), many=True, words="swapped", **HEADS
    ),
    wrong(
        "8.5",
        "misconception",
        ct.check_head_params,
        (_D, _G * 49),
        many=True,
        words="same weights at all",
        **HEADS,
    ),
    wrong(
        "8.5",
        "misconception",
        ct.check_head_params,
        (_G, _G),
        many=True,
        words="Flatten keeps every position",
        **HEADS,
    ),
    wrong(
        "8.5",
        "misconception",
        ct.check_head_params,
        (7 * 7 * 128, _G),
        many=True,
        words="number of values Flatten gives",
        **HEADS,
    ),
    wrong(
        "8.5",
        "misconception",
        ct.check_head_params,
        (_D, _G + 100),
        many=True,
        words="no weights",
        **HEADS,
    ),
    wrong(
        "8.5", "near miss", ct.check_head_params, (_D - 100, _G), many=True, words="biases", **HEADS
    ),
    wrong(
        "8.5",
        "near miss",
        ct.check_head_params,
        (_D - 100, (_G - 100) * 49),
        many=True,
        words=("2 things", "biases", "positions"),
        **HEADS,
    ),
]

CATALOGUE = (
    CAT_7_1
    + CAT_7_2
    + CAT_7_3
    + CAT_7_4
    + CAT_7_5
    + CAT_7_6
    + CAT_8_1
    + CAT_8_2
    + CAT_8_3
    + CAT_8_4
    + CAT_8_5
)

# ============================================================================= issue 12, chapter 8:
# 8.6 the Inception block's 3×3 branch (multiplications), 8.7 a depthwise-separable layer

INC = dict(input_shape=(28, 28, 192), reduce=96, f=3, filters=128)
_DM = conv.conv_macs(28, 28, 3, 192, 128)  # 173,408,256
_R1 = conv.conv_macs(28, 28, 1, 192, 96)
_M3 = conv.conv_macs(28, 28, 3, 96, 128)
_BM = _R1 + _M3  # 101,154,816
CAT_8_6 = [
    wrong(
        "8.6",
        "type",
        ct.check_inception_mults,
        ("173408256", _BM),
        many=True,
        words="quotes",
        **INC,
    ),
    wrong(
        "8.6",
        "type",
        ct.check_inception_mults,
        (_DM, (_R1, _M3)),
        many=True,
        words=("one number", "Add the layers up"),
        **INC,
    ),
    wrong(
        "8.6",
        "misconception",
        ct.check_inception_mults,
        (2 * _DM, 2 * _BM),
        many=True,
        words=("FLOP count", "one per multiply-add"),
        **INC,
    ),
    wrong(
        "8.6",
        "misconception",
        ct.check_inception_mults,
        (_DM, _M3),
        many=True,
        words=("3×3 layer only", "1×1 layer"),
        **INC,
    ),
    wrong(
        "8.6",
        "misconception",
        ct.check_inception_mults,
        (_DM, _R1 + _DM),
        many=True,
        words="reads the 96 channels",
        **INC,
    ),
    wrong(
        "8.6",
        "misconception",
        ct.check_inception_mults,
        (
            conv.conv_params(3, 192, 128),
            conv.conv_params(1, 192, 96) + conv.conv_params(3, 96, 128),
        ),
        many=True,
        words=("2 things", "number of parameters"),
        **INC,
    ),
    wrong(
        "8.6",
        "misconception",
        ct.check_inception_mults,
        (conv.conv_macs(28, 28, 5, 192, 32), 12_443_648),
        many=True,
        words=("5×5 branch", "96-channel reduce"),
        **INC,
    ),
    wrong(
        "8.6",
        "near miss",
        ct.check_inception_mults,
        (conv.conv_macs(26, 26, 3, 192, 128), _BM),
        many=True,
        words=("padding='same'", "'valid'"),
        **INC,
    ),
    wrong(
        "8.6",
        "near miss",
        ct.check_inception_mults,
        (173.4, 101.2),
        many=True,
        words=("millions", "last digit"),
        **INC,
    ),
    wrong(
        "8.6",
        "near miss",
        ct.check_inception_mults,
        (173_000_000, 101_000_000),
        many=True,
        words=("2 things", "looks rounded", "exact count"),
        **INC,
    ),
    wrong(
        "8.6",
        "near miss",
        ct.check_inception_mults,
        (_DM, 101_200_000),
        many=True,
        words=("bottleneck_mults", "looks rounded"),
        **INC,
    ),
    wrong(
        "8.6", "near miss", ct.check_inception_mults, (_BM, _DM), many=True, words="swapped", **INC
    ),
    wrong(
        "8.6",
        "near miss",
        ct.check_inception_mults,
        (_DM / _BM, None),
        many=True,
        words="not answered",
        **INC,
    ),
    wrong(
        "8.6",
        "near miss",
        ct.check_inception_mults,
        (_DM, _DM / _BM),
        many=True,
        words="whole number",
        **INC,
    ),
]

SEP = dict(input_shape=(14, 14, 512), filters=512, f=3)
_SP = conv.separable_params(3, 512, 512)  # 267,264
_SR = conv.conv_macs(14, 14, 3, 512, 512) / conv.separable_macs(14, 14, 3, 512, 512)  # 8.8445
CAT_8_7 = [
    wrong(
        "8.7", "type", ct.check_separable_costs, ("267264", _SR), many=True, words="quotes", **SEP
    ),
    wrong(
        "8.7",
        "type",
        ct.check_separable_costs,
        ((4608, 262656), _SR),
        many=True,
        words=("one number", "Add the depthwise and pointwise"),
        **SEP,
    ),
    wrong(
        "8.7",
        "type",
        ct.check_separable_costs,
        (_SP, [_SR, 1 / _SR]),
        many=True,
        words=("one number is asked", "standard ÷ separable"),
        **SEP,
    ),
    wrong(
        "8.7",
        "misconception",
        ct.check_separable_costs,
        (conv.depthwise_params(3, 512) + conv.conv_params(1, 512, 512), _SR),
        many=True,
        words=("two biases", "one bias vector"),
        **SEP,
    ),
    wrong(
        "8.7",
        "misconception",
        ct.check_separable_costs,
        (conv.conv_params(3, 512, 512), _SR),
        many=True,
        words="standard Conv2D",
        **SEP,
    ),
    wrong(
        "8.7",
        "misconception",
        ct.check_separable_costs,
        (3 * 3 * 512, _SR),
        many=True,
        words="depthwise step only",
        **SEP,
    ),
    wrong(
        "8.7",
        "misconception",
        ct.check_separable_costs,
        (_SP, 1 / _SR),
        many=True,
        words=("upside down", "1/C_out + 1/F²"),
        **SEP,
    ),
    wrong(
        "8.7",
        "misconception",
        ct.check_separable_costs,
        (_SP, conv.conv_params(3, 512, 512) / _SP),
        many=True,
        words="ratio of the PARAMETERS",
        **SEP,
    ),
    wrong(
        "8.7",
        "misconception",
        ct.check_separable_costs,
        (_SP, 9.0),
        many=True,
        words=("pointwise step alone", "limit", "C_out is very large"),
        **SEP,
    ),
    wrong(
        "8.7",
        "near miss",
        ct.check_separable_costs,
        (_SP - 512, _SR),
        many=True,
        words="left out the biases",
        **SEP,
    ),
    wrong("8.7", "near miss", ct.check_separable_costs, (_SP, 8), many=True, words="//", **SEP),
    wrong(
        "8.7", "near miss", ct.check_separable_costs, (_SP, 8.8), many=True, words="rounded", **SEP
    ),
    wrong(
        "8.7",
        "near miss",
        ct.check_separable_costs,
        (_SP - 512, 1 / _SR),
        many=True,
        words=("2 things", "biases", "upside down"),
        **SEP,
    ),
]

CATALOGUE += CAT_8_6 + CAT_8_7

# ============================================================================= chapter 7:
# 7.7 dropout the paper's way, written in NumPy; 7.8 the noise Dropout adds in training


def _dropout(*, scale="none", keep="ge", at_inference="keep prob", mask_shape="full", source="rng"):
    """A learner's paper_dropout, right by default, with one of the usual slips switched on."""

    def paper_dropout(x, rate, rng, training=True):
        if not training:
            return {
                "keep prob": x * (1 - rate),
                "identity": x,
                "rate": x * rate,
                "scaled": x / (1 - rate),
                "dropped": x * (rng.random(x.shape) >= rate),
            }[at_inference]
        shape = {"full": x.shape, "rows": (x.shape[0], 1), "one": ()}[mask_shape]
        draw = rng.random(shape) if source == "rng" else np.random.random_sample(shape)
        mask = draw >= rate if keep == "ge" else draw < rate
        factor = {"none": 1.0, "inverse": 1 / (1 - rate), "keep prob": 1 - rate, "rate": rate}[
            scale
        ]
        return x * mask * factor

    return paper_dropout


def _chapter_copy(x, rate, rng, training=True):
    """The chapter's inverted_dropout, pasted as the answer."""
    if not training:
        return x
    keep = rng.random(x.shape) >= rate
    return x * keep * (1.0 / (1.0 - rate))


def _returns_mask(x, rate, rng, training=True):
    return rng.random(x.shape) >= rate


def _returns_pair(x, rate, rng, training=True):
    keep = rng.random(x.shape) >= rate
    return x * keep, keep


def _in_place(x, rate, rng, training=True):
    if training:
        x[rng.random(x.shape) < rate] = 0
    else:
        x *= 1 - rate
    return x


def _no_training_flag(x, rate, rng):
    return x * (rng.random(x.shape) >= rate)


def _with_keras(x, rate, rng, training=True):
    out = np.asarray(keras.layers.Dropout(rate)(x, training=training))
    return out * (1 - rate)


def _keras_imported_inside(x, rate, rng, training=True):
    from keras.layers import Dropout

    return np.asarray(Dropout(rate)(x, training=training)) * (1 - rate)


CAT_7_7 = [
    wrong("7.7", "type", ct.check_paper_dropout, np.ones(3), words="a function is asked"),
    wrong("7.7", "type", ct.check_paper_dropout, _returns_mask, words="that is the mask"),
    wrong("7.7", "type", ct.check_paper_dropout, _returns_pair, words=("two things", "one array")),
    wrong(
        "7.7",
        "shape",
        ct.check_paper_dropout,
        lambda x, rate, rng, training=True: _dropout()(x, rate, rng, training).ravel(),
        words=("shape (100000,)", "rng.random(x.shape)"),
    ),
    wrong(
        "7.7",
        "forbidden",
        ct.check_paper_dropout,
        training.inverted_dropout,
        words=("chapter's convention", "paper's"),
    ),
    wrong("7.7", "forbidden", ct.check_paper_dropout, _with_keras, words=("Keras", "NumPy")),
    wrong(
        "7.7", "forbidden", ct.check_paper_dropout, _keras_imported_inside, words=("Keras", "NumPy")
    ),
    wrong(
        "7.7",
        "misconception",
        ct.check_paper_dropout,
        _chapter_copy,
        words=("inverted dropout, the chapter's function", "multiply x by 1 - rate"),
    ),
    wrong(
        "7.7",
        "misconception",
        ct.check_paper_dropout,
        _dropout(at_inference="identity"),
        words=("returns x unchanged", "multiply x by 1 - rate at inference"),
    ),
    wrong(
        "7.7",
        "misconception",
        ct.check_paper_dropout,
        _dropout(scale="inverse"),
        words=("1 / (1 - rate)", "stay as they are during training"),
    ),
    wrong(
        "7.7",
        "misconception",
        ct.check_paper_dropout,
        _dropout(scale="keep prob"),
        words=("during training", "applies that factor at test time"),
    ),
    wrong(
        "7.7",
        "misconception",
        ct.check_paper_dropout,
        _dropout(at_inference="rate"),
        words=("probability of DROPPING", "1 - rate = 0.8"),
    ),
    wrong(
        "7.7",
        "misconception",
        ct.check_paper_dropout,
        _dropout(at_inference="scaled"),
        words=("divides x by 1 - rate", "multiplies by 1 - rate at test time"),
    ),
    wrong(
        "7.7",
        "misconception",
        ct.check_paper_dropout,
        _dropout(keep="lt"),
        words=("swapped", "probability of DROPPING"),
    ),
    wrong(
        "7.7",
        "misconception",
        ct.check_paper_dropout,
        _dropout(at_inference="dropped"),
        words="still drops entries",
    ),
    wrong(
        "7.7",
        "near miss",
        ct.check_paper_dropout,
        _dropout(keep="lt", at_inference="identity"),
        words=("2 things", "swapped", "returns x unchanged"),
    ),
    wrong(
        "7.7",
        "near miss",
        ct.check_paper_dropout,
        _dropout(scale="rate"),
        words=("multiplied by 0.2", "as they are"),
    ),
    wrong(
        "7.7",
        "near miss",
        ct.check_paper_dropout,
        _dropout(source="np.random"),
        words="Generator it is given",
    ),
    wrong("7.7", "near miss", ct.check_paper_dropout, _in_place, words="in place"),
    wrong("7.7", "near miss", ct.check_paper_dropout, _no_training_flag, words="training=True"),
    wrong(
        "7.7", "near miss", ct.check_paper_dropout, _dropout(mask_shape="rows"), words="whole rows"
    ),
    wrong(
        "7.7", "near miss", ct.check_paper_dropout, _dropout(mask_shape="one"), words="per entry"
    ),
]

# Dropout(0.25) on an input of 6.0: in training 0 (probability 0.25) or 8.0 (probability 0.75);
# mean 6.0, standard deviation 8 * sqrt(0.25 * 0.75) = 3.4641.
NOISE = dict(rate=0.25, value=6.0)
_SD = 8.0 * np.sqrt(0.25 * 0.75)
CAT_7_8 = [
    wrong(
        "7.8",
        "type",
        ct.check_dropout_noise,
        (6.0, "random"),
        many=True,
        words=("one training-mode call is random", "spread", "fixed number"),
        **NOISE,
    ),
    wrong(
        "7.8",
        "type",
        ct.check_dropout_noise,
        ("random", _SD),
        many=True,
        words=("average", "fixed number"),
        **NOISE,
    ),
    wrong("7.8", "type", ct.check_dropout_noise, ("6", _SD), many=True, words="quotes", **NOISE),
    wrong(
        "7.8",
        "shape",
        ct.check_dropout_noise,
        ([0.0, 8.0], _SD),
        many=True,
        words=("one number", "weighted by its probability"),
        **NOISE,
    ),
    wrong(
        "7.8",
        "misconception",
        ct.check_dropout_noise,
        (6.0, 0.0),
        many=True,
        words=("every training-mode call gives the same output", "0 or 8"),
        **NOISE,
    ),
    wrong(
        "7.8",
        "misconception",
        ct.check_dropout_noise,
        (8.0, _SD),
        many=True,
        words=("value of a KEPT unit", "(1 - rate) × 8"),
        **NOISE,
    ),
    wrong(
        "7.8",
        "misconception",
        ct.check_dropout_noise,
        (4.5, 6.0 * np.sqrt(0.1875)),
        many=True,
        words=("2 things", "WITHOUT the scaling", "worth 8 in training"),
        **NOISE,
    ),
    wrong(
        "7.8",
        "misconception",
        ct.check_dropout_noise,
        (18.0, _SD),
        many=True,
        words=("divided by the rate", "1 - rate, the chance of being kept"),
        **NOISE,
    ),
    wrong(
        "7.8",
        "misconception",
        ct.check_dropout_noise,
        (2.0, _SD),
        many=True,
        words="chance of being DROPPED",
        **NOISE,
    ),
    wrong(
        "7.8",
        "near miss",
        ct.check_dropout_noise,
        (6.0, 12.0),
        many=True,
        words=("variance", "square root"),
        **NOISE,
    ),
    wrong(
        "7.8",
        "near miss",
        ct.check_dropout_noise,
        (6.0, 3.0),
        many=True,
        words="√(E[X²] − E[X]²)",
        **NOISE,
    ),
    wrong(
        "7.8",
        "near miss",
        ct.check_dropout_noise,
        (0.0, _SD),
        many=True,
        words="Average them",
        **NOISE,
    ),
]

CATALOGUE += CAT_7_7 + CAT_7_8

# ----------------------------------------------------------------------------- 7.9 the L2 penalty


def _l2(*, biases=False, lam_factor=True, half=False, power=2, reduce="sum", skip_conv=False):
    """A learner's l2_penalty(model, lam), right by default, with one of the usual slips switched on."""

    def l2_penalty(model, lam):
        total = 0.0
        for layer in model.layers:
            if not isinstance(layer, (layers.Conv2D, layers.Dense)):
                continue
            if skip_conv and isinstance(layer, layers.Conv2D):
                continue
            parts = [layer.kernel] + ([layer.bias] if biases else [])
            for w in parts:
                w = np.asarray(w, dtype="float64")
                v = np.abs(w) ** power
                total += float(np.mean(v) if reduce == "mean" else np.sum(v))
        total = total * (lam if lam_factor else 1.0)
        return total / 2 if half else total

    return l2_penalty


def _l2_from_losses(model, lam):
    return float(sum(model.losses))


def _l2_per_layer(model, lam):
    return [
        lam * float(np.sum(np.asarray(l.kernel) ** 2)) for l in model.layers if hasattr(l, "kernel")
    ]


def _l2_norm(model, lam):
    return lam * float(
        np.sqrt(
            sum(np.sum(np.asarray(l.kernel) ** 2) for l in model.layers if hasattr(l, "kernel"))
        )
    )


def _l2_last_layer(model, lam):
    return lam * float(np.sum(np.asarray(model.layers[-1].kernel) ** 2))


CAT_7_9 = [
    wrong("7.9", "type", ct.check_l2_penalty, 0.0123, words="a function is asked"),
    wrong("7.9", "shape", ct.check_l2_penalty, _l2_per_layer, words="one number is asked"),
    wrong("7.9", "misconception", ct.check_l2_penalty, _l2(biases=True), words="biases"),
    wrong(
        "7.9", "misconception", ct.check_l2_penalty, _l2(lam_factor=False), words="multiply by lam"
    ),
    wrong("7.9", "misconception", ct.check_l2_penalty, _l2(half=True), words=("no 1/2", "λ/2")),
    wrong("7.9", "misconception", ct.check_l2_penalty, _l2(power=1), words="L1"),
    wrong("7.9", "misconception", ct.check_l2_penalty, _l2_norm, words="square root"),
    wrong("7.9", "misconception", ct.check_l2_penalty, _l2(reduce="mean"), words="averages"),
    wrong(
        "7.9",
        "forbidden",
        ct.check_l2_penalty,
        _l2_from_losses,
        words=("no regularizer", "model.losses"),
    ),
    wrong("7.9", "near miss", ct.check_l2_penalty, _l2(skip_conv=True), words="Conv2D"),
    wrong("7.9", "near miss", ct.check_l2_penalty, _l2_last_layer, words="one layer's kernel"),
]
CATALOGUE += CAT_7_9
