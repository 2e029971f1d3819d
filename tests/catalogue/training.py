"""Anticipated wrong answers for exercises 7 (overfitting, dropout, callbacks) and 8 (1×1 convolutions):
see tests/catalogue/__init__.py. The extra arguments are those of the check cells."""
from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from utils import conv, training  # noqa: E402
from utils.checks import training as ct  # noqa: E402

from . import wrong  # noqa: E402

# ----------------------------------------------------------------------------- 7.1 validation_split rows

SPLIT = dict(n=1001, validation_split=0.25)
CAT_7_1 = [
    wrong("7.1", "type", ct.check_split_sizes, ("750", "251"), many=True, words="quotes", **SPLIT),
    wrong("7.1", "type", ct.check_split_sizes, (np.arange(750), np.arange(750, 1001)), many=True,
          words=("rows themselves", "len("), **SPLIT),
    wrong("7.1", "shape", ct.check_split_sizes, ((750, 251), 251), many=True, words="one number is asked", **SPLIT),
    wrong("7.1", "type", ct.check_split_sizes, (0.75, 0.25), many=True, words="fraction", **SPLIT),
    wrong("7.1", "near miss", ct.check_split_sizes, (750.75, 250.25), many=True, words=("floor", "whole"), **SPLIT),
    wrong("7.1", "misconception", ct.check_split_sizes, (751, 250), many=True, words=("rounded up", "floor"),
          **SPLIT),
    wrong("7.1", "misconception", ct.check_split_sizes, (251, 750), many=True, words="swapped", **SPLIT),
    wrong("7.1", "near miss", ct.check_split_sizes, (750, 250), many=True, words="exactly one side", **SPLIT),
    wrong("7.1", "near miss", ct.check_split_sizes, (751, 251), many=True,
          words=("2 things", "exactly one side", "rounded up"), **SPLIT),
]

# ----------------------------------------------------------------------------- 7.2 dropout values

DROP = dict(rate=0.2, value=3.0)
CAT_7_2 = [
    wrong("7.2", "type", ct.check_dropout_scale, ("3.75", 3.0), many=True, words="quotes", **DROP),
    wrong("7.2", "type", ct.check_dropout_scale, (True, 3.0), many=True, words="True/False", **DROP),
    wrong("7.2", "shape", ct.check_dropout_scale, (np.array([0.0, 3.75, 3.75, 0.0]), 3.0), many=True,
          words=("one kept unit", "whole output"), **DROP),
    wrong("7.2", "misconception", ct.check_dropout_scale, (2.4, 3.0), many=True,
          words=("chance of being kept", "divides"), **DROP),
    wrong("7.2", "misconception", ct.check_dropout_scale, (3.0, 2.4), many=True,
          words=("Srivastava", "inverted dropout"), **DROP),
    wrong("7.2", "misconception", ct.check_dropout_scale, (3.75, 3.75), many=True, words="only during training",
          **DROP),
    wrong("7.2", "misconception", ct.check_dropout_scale, (15.0, 3.0), many=True, words="divided by the rate",
          **DROP),
    wrong("7.2", "near miss", ct.check_dropout_scale, (3.6, 3.0), many=True, words="1 + rate", **DROP),
    wrong("7.2", "near miss", ct.check_dropout_scale, (3.8, 3.0), many=True, words=("rounded", "0.1 %"), **DROP),
    wrong("7.2", "near miss", ct.check_dropout_scale, (1.25, 3.0), many=True, words=("factor", "multiply"),
          **DROP),
    wrong("7.2", "near miss", ct.check_dropout_scale, (0.0, 3.0), many=True, words="dropped", **DROP),
    wrong("7.2", "misconception", ct.check_dropout_scale, (2.4, 2.4), many=True,
          words=("2 things", "chance of being kept", "original paper"), **DROP),
]

# ----------------------------------------------------------------------------- 7.3 the callback


def _callback(*, strict=False, fixed_key=None, epoch_base=1, flag="model", monitor_param=True, record=True,
              compare="ge", key_name=None):
    """A learner's StopAtThreshold, right by default, with one of the usual slips switched on."""

    class StopAtThreshold(keras.callbacks.Callback):
        def __init__(self, threshold, monitor="accuracy"):
            super().__init__()
            self.threshold, self.monitor = threshold, monitor
            if record:
                self.stopped_epoch = None

        def on_epoch_end(self, epoch, logs=None):
            value = logs[key_name or fixed_key or self.monitor]
            hit = {"ge": value >= self.threshold, "gt": value > self.threshold, "lt": value < self.threshold}
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


class _EarlyStop(keras.callbacks.EarlyStopping):
    def __init__(self, threshold, monitor="accuracy"):
        super().__init__(monitor=monitor, baseline=threshold)


CAT_7_3 = [
    wrong("7.3", "type", ct.check_stop_callback, _callback()(0.9), words=("instance", "without calling it")),
    wrong("7.3", "type", ct.check_stop_callback, lambda threshold: None, words="a class"),
    wrong("7.3", "type", ct.check_stop_callback, _not_a_callback(), words="inherit from keras.callbacks.Callback"),
    wrong("7.3", "forbidden", ct.check_stop_callback, training.StopAtAccuracy, words="yourself"),
    wrong("7.3", "forbidden", ct.check_stop_callback, _EarlyStop, words="EarlyStopping"),
    wrong("7.3", "misconception", ct.check_stop_callback, _callback(strict=True), words=(">=", "not >")),
    wrong("7.3", "misconception", ct.check_stop_callback, _callback(fixed_key="accuracy"),
          words=("training", "logs[self.monitor]")),
    wrong("7.3", "misconception", ct.check_stop_callback, _callback(flag="self"), words="self.model.stop_training"),
    wrong("7.3", "misconception", ct.check_stop_callback, _callback(compare="lt"), words="first epoch every time"),
    wrong("7.3", "near miss", ct.check_stop_callback, _callback(epoch_base=0), words="epoch + 1"),
    wrong("7.3", "near miss", ct.check_stop_callback, _callback(record=False), words="stopped_epoch"),
    wrong("7.3", "near miss", ct.check_stop_callback, _callback(monitor_param=False), words=("TypeError", "monitor")),
    wrong("7.3", "near miss", ct.check_stop_callback, _callback(key_name="acc"),
          words=("raised KeyError", "logs[self.monitor]")),
]

# ----------------------------------------------------------------------------- 7.4 EarlyStopping

VAL_LOSSES = [0.90, 0.72, 0.75, 0.60, 0.55, 0.57, 0.52, 0.58, 0.56, 0.57, 0.59, 0.50]
ES = dict(patience=2)
CAT_7_4 = [
    wrong("7.4", "type", ct.check_early_stopping, ("9", "7"), VAL_LOSSES, many=True, words="quotes", **ES),
    wrong("7.4", "type", ct.check_early_stopping, (9.5, 7), VAL_LOSSES, many=True, words="whole", **ES),
    wrong("7.4", "shape", ct.check_early_stopping, ((9, 7), 7), VAL_LOSSES, many=True, words="one number", **ES),
    wrong("7.4", "misconception", ct.check_early_stopping, (8, 6), VAL_LOSSES, many=True,
          words=("2 things", "one short", "count epochs from 1"), **ES),
    wrong("7.4", "misconception", ct.check_early_stopping, (11, 7), VAL_LOSSES, many=True,
          words="lowest* val_loss so far", **ES),
    wrong("7.4", "misconception", ct.check_early_stopping, (6, 7), VAL_LOSSES, many=True, words="in a row", **ES),
    wrong("7.4", "misconception", ct.check_early_stopping, (9, 9), VAL_LOSSES, many=True,
          words=("last epoch run", "restore_best_weights"), **ES),
    wrong("7.4", "misconception", ct.check_early_stopping, (9, 12), VAL_LOSSES, many=True,
          words="stopped before it ran", **ES),
    wrong("7.4", "misconception", ct.check_early_stopping, (12, 7), VAL_LOSSES, many=True, words="every epoch", **ES),
    wrong("7.4", "near miss", ct.check_early_stopping, (10, 7), VAL_LOSSES, many=True, words="one too many", **ES),
    wrong("7.4", "near miss", ct.check_early_stopping, (7, 9), VAL_LOSSES, many=True, words="swapped", **ES),
    wrong("7.4", "misconception", ct.check_early_stopping, (3, 2), VAL_LOSSES, many=True, words="too early", **ES),
]

# ----------------------------------------------------------------------------- 7.5 the dropout model


def _model(*, shape=(32, 32, 3), rates=(0.3, 0.3), places=("pool", "dense"), hidden_act="relu",
           optimizer="adam", loss="sparse_categorical_crossentropy", compile=True):
    """A learner's CIFAR-10 model, right by default; ``places`` says where the Dropout layers go."""
    rates = list(rates)
    stack = [keras.Input(shape=shape), layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2)]
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


MODEL = dict(rate=0.3, input_shape=(32, 32, 3))
CAT_7_5 = [
    wrong("7.5", "type", ct.check_dropout_model, keras.Sequential, words="class", **MODEL),
    wrong("7.5", "type", ct.check_dropout_model, [layers.Conv2D(32, 3), layers.Dense(10)], words="wrap it", **MODEL),
    wrong("7.5", "type", ct.check_dropout_model, training.small_convnet, words="function", **MODEL),
    wrong("7.5", "type", ct.check_dropout_model, "model", words="Keras model is asked", **MODEL),
    wrong("7.5", "shape", ct.check_dropout_model, _model(shape=(28, 28, 1)), words=("Fashion-MNIST", "colour"),
          **MODEL),
    wrong("7.5", "shape", ct.check_dropout_model, _model(shape=(64, 64, 3)), words="input shape", **MODEL),
    wrong("7.5", "misconception", ct.check_dropout_model, _model(rates=(0.7, 0.7)),
          words=("fraction *dropped*", "70 %"), **MODEL),
    wrong("7.5", "misconception", ct.check_dropout_model, _model(places=("pool", "output")),
          words="after the output layer", **MODEL),
    wrong("7.5", "misconception", ct.check_dropout_model, _model(loss="categorical_crossentropy"),
          words=("one-hot", "sparse_categorical_crossentropy"), **MODEL),
    wrong("7.5", "forbidden", ct.check_dropout_model, _model(optimizer="sgd"), words="Adam", **MODEL),
    wrong("7.5", "near miss", ct.check_dropout_model, _model(rates=(0.3,), places=("pool",)),
          words="exactly one Dropout", **MODEL),
    wrong("7.5", "near miss", ct.check_dropout_model, _model(rates=(), places=()), words="no Dropout layer", **MODEL),
    wrong("7.5", "near miss", ct.check_dropout_model, _model(hidden_act=None), words=("activation", "'relu'"),
          **MODEL),
    wrong("7.5", "near miss", ct.check_dropout_model, _model(compile=False), words="not compiled", **MODEL),
    wrong("7.5", "near miss", ct.check_dropout_model, _model(optimizer="sgd", rates=(0.5, 0.5)),
          words=("2 things", "Adam", "0.3"), **MODEL),
]

# ----------------------------------------------------------------------------- 7.6 the measured gap


class _FakeModel:
    """A trained model stands in: row i of ``x`` holds i, and the model gets rows ``wrong_rows`` wrong.

    40 rows, validation_split=0.25: rows 0-29 trained on (3 wrong: accuracy 0.9), rows 30-39 validated
    (4 wrong: 0.6). The right gap is 0.3.
    """

    wrong_rows = {5, 15, 25, 30, 32, 34, 36}

    def predict(self, x, batch_size=None, verbose=0):
        rows = np.asarray(x).reshape(len(x), -1)[:, 0].astype(int)
        probs = np.full((len(rows), 10), 0.2 / 9)
        for i, r in enumerate(rows):
            label = r % 10
            if r in self.wrong_rows:
                probs[i] = 0.2 / 8
                probs[i, label], probs[i, (label + 1) % 10] = 0.1, 0.7
            else:
                probs[i, label] = 0.8
        return probs


class _History:
    """What fit returns: running accuracies that differ from the evaluated ones."""

    history = {"accuracy": [0.5, 0.6, 0.7, 0.75], "val_accuracy": [0.5, 0.55, 0.6, 0.6],
               "loss": [1.2, 1.0, 0.9, 0.8], "val_loss": [1.3, 1.2, 1.1, 1.05]}


GAP_X = np.arange(40, dtype="float32").reshape(40, 1)
GAP_Y = np.arange(40) % 10
GAP_ARGS = (_FakeModel(), GAP_X, GAP_Y, _History())
_LOSS_TR = -(27 * np.log(0.8) + 3 * np.log(0.1)) / 30
_LOSS_VA = -(6 * np.log(0.8) + 4 * np.log(0.1)) / 10
GAP = dict(validation_split=0.25)
CAT_7_6 = [
    wrong("7.6", "type", ct.check_inference_gap, "0.3", *GAP_ARGS, words="quotes", **GAP),
    wrong("7.6", "type", ct.check_inference_gap, _History(), *GAP_ARGS, words="History", **GAP),
    wrong("7.6", "type", ct.check_inference_gap, {"train": 0.9, "val": 0.6}, *GAP_ARGS, words="dict", **GAP),
    wrong("7.6", "shape", ct.check_inference_gap, [0.9, 0.6], *GAP_ARGS, words="two accuracies", **GAP),
    wrong("7.6", "shape", ct.check_inference_gap, np.array([_LOSS_TR - _LOSS_VA, 0.3]), *GAP_ARGS,
          words=("[loss, accuracy]", "[1]"), **GAP),
    wrong("7.6", "misconception", ct.check_inference_gap, 0.75 - 0.6, *GAP_ARGS, words=("running", "dropout on"),
          **GAP),
    wrong("7.6", "misconception", ct.check_inference_gap, 0.1, *GAP_ARGS, words="running", **GAP),
    wrong("7.6", "misconception", ct.check_inference_gap, 33 / 40 - 0.6, *GAP_ARGS,
          words="validation rows included", **GAP),
    wrong("7.6", "misconception", ct.check_inference_gap, 0.8 - 0.9, *GAP_ARGS, words="*last* rows", **GAP),
    wrong("7.6", "misconception", ct.check_inference_gap, _LOSS_TR - _LOSS_VA, *GAP_ARGS, words="losses", **GAP),
    wrong("7.6", "near miss", ct.check_inference_gap, -0.3, *GAP_ARGS, words="sign", **GAP),
    wrong("7.6", "near miss", ct.check_inference_gap, 30.0, *GAP_ARGS, words="percentage", **GAP),
    wrong("7.6", "near miss", ct.check_inference_gap, 0.9, *GAP_ARGS, words="one accuracy alone", **GAP),
    wrong("7.6", "near miss", ct.check_inference_gap, 0.31, *GAP_ARGS, words=("inference mode", "within"), **GAP),
]

# ----------------------------------------------------------------------------- 8.1 1×1 parameters

P11 = dict(c_in=192, c_out=64, height=28, width=28)
CAT_8_1 = [
    wrong("8.1", "type", ct.check_one_by_one_params, "12352", words="quotes", **P11),
    wrong("8.1", "shape", ct.check_one_by_one_params, (12288, 64), words=("total", "Add them up"), **P11),
    wrong("8.1", "type", ct.check_one_by_one_params, np.array([192, 1, 64]), words="one whole number", **P11),
    wrong("8.1", "type", ct.check_one_by_one_params, 12352.5, words="whole", **P11),
    wrong("8.1", "near miss", ct.check_one_by_one_params, 192 * 64, words="biases", **P11),
    wrong("8.1", "misconception", ct.check_one_by_one_params, 12352 * 28 * 28, words="does not depend on the map",
          **P11),
    wrong("8.1", "misconception", ct.check_one_by_one_params, 2 * 28 * 28 * 192 * 64, words="operations", **P11),
    wrong("8.1", "misconception", ct.check_one_by_one_params, (3 * 3 * 192 + 1) * 64, words="3×3", **P11),
    wrong("8.1", "near miss", ct.check_one_by_one_params, 192 * 64 + 192, words="*output* channel", **P11),
    wrong("8.1", "near miss", ct.check_one_by_one_params, 12353, words="one bias per filter", **P11),
]

# ----------------------------------------------------------------------------- 8.2 shape with a stride

SHAPE = dict(input_shape=(15, 15, 128), filters=256, strides=2)
CAT_8_2 = [
    wrong("8.2", "type", ct.check_one_by_one_shape, "(8, 8, 256)", words="quotes", **SHAPE),
    wrong("8.2", "type", ct.check_one_by_one_shape, 8, words="(height, width, channels)", **SHAPE),
    wrong("8.2", "shape", ct.check_one_by_one_shape, (None, 8, 8, 256), words="batch axis", **SHAPE),
    wrong("8.2", "shape", ct.check_one_by_one_shape, (8, 8), words="2 entries", **SHAPE),
    wrong("8.2", "shape", ct.check_one_by_one_shape, (256, 8, 8), words="channels first", **SHAPE),
    wrong("8.2", "misconception", ct.check_one_by_one_shape, (15, 15, 256), words="strides=2", **SHAPE),
    wrong("8.2", "misconception", ct.check_one_by_one_shape, (7, 7, 256), words="rounds the wrong way", **SHAPE),
    wrong("8.2", "misconception", ct.check_one_by_one_shape, (7, 7, 256), words="floor((n − f) / s) + 1", **SHAPE),
    wrong("8.2", "misconception", ct.check_one_by_one_shape, (8, 8, 128), words="input's depth", **SHAPE),
    wrong("8.2", "misconception", ct.check_one_by_one_shape, (8, 8, 128 * 256), words="each filter", **SHAPE),
    wrong("8.2", "near miss", ct.check_one_by_one_shape, (15, 15, 128), words=("2 things", "strides=2", "depth"),
          **SHAPE),
]

# ----------------------------------------------------------------------------- 8.3 pointwise in NumPy


def _no_return(x, kernel, bias):
    np.maximum(x @ kernel[0, 0] + bias, 0.0)


CAT_8_3 = [
    wrong("8.3", "type", ct.check_pointwise, np.zeros((4, 5, 2)), words="function is asked"),
    wrong("8.3", "type", ct.check_pointwise, "pointwise", words="function is asked"),
    wrong("8.3", "type", ct.check_pointwise, _no_return, words="return"),
    wrong("8.3", "forbidden", ct.check_pointwise, lambda x, k, b: np.maximum(conv.conv2d(x, k, b), 0),
          words="conv.conv2d"),
    wrong("8.3", "misconception", ct.check_pointwise, lambda x, k, b: x @ k[0, 0] + b, words="ReLU"),
    wrong("8.3", "misconception", ct.check_pointwise, lambda x, k, b: np.maximum(x @ k + b, 0),
          words=("one axis too many", "kernel[0, 0]")),
    wrong("8.3", "misconception", ct.check_pointwise, lambda x, k, b: np.maximum(x @ k[0, 0].T + b, 0),
          words="transposed"),
    wrong("8.3", "misconception", ct.check_pointwise,
          lambda x, k, b: np.maximum(np.einsum("hwc,ck->hwk", x, k) + b, 0), words=("raised", "kernel[0, 0]")),
    wrong("8.3", "near miss", ct.check_pointwise, lambda x, k, b: np.maximum(x @ k[0, 0], 0),
          words="bias is missing"),
    wrong("8.3", "near miss", ct.check_pointwise, lambda x, k, b: np.maximum(x @ k[0, 0], 0) + b,
          words="after the ReLU"),
    wrong("8.3", "shape", ct.check_pointwise,
          lambda x, k, b: np.maximum(x @ k[0, 0] + b, 0).reshape(-1, k.shape[-1]), words="every axis of x"),
    wrong("8.3", "near miss", ct.check_pointwise, lambda x, k, b: 1 / (1 + np.exp(-(x @ k[0, 0] + b))),
          words="values differ"),
]

# ----------------------------------------------------------------------------- 8.4 bottleneck ratios

_ROWS = training.bottleneck_costs(14, 14, 256, 128)
_F = _ROWS[0]["flops"] / _ROWS[-1]["flops"]
_P = _ROWS[0]["params"] / _ROWS[-1]["params"]
BOTTLE = (14, 14)
NECK = dict(channels=256, mid=128)
CAT_8_4 = [
    wrong("8.4", "type", ct.check_bottleneck_ratio, ("2.77", _P), *BOTTLE, many=True, words="quotes", **NECK),
    wrong("8.4", "shape", ct.check_bottleneck_ratio, ([_ROWS[0]["flops"], _ROWS[-1]["flops"]], _P), *BOTTLE,
          many=True, words=("one number", "divide"), **NECK),
    wrong("8.4", "misconception", ct.check_bottleneck_ratio, (_ROWS[0]["flops"] / _ROWS[2]["flops"], _P), *BOTTLE,
          many=True, words="middle 3×3 layer only", **NECK),
    wrong("8.4", "misconception", ct.check_bottleneck_ratio, (1 / _F, 1 / _P), *BOTTLE, many=True,
          words=("2 things", "upside down"), **NECK),
    wrong("8.4", "misconception", ct.check_bottleneck_ratio, (_P, _F), *BOTTLE, many=True, words="swapped", **NECK),
    wrong("8.4", "misconception", ct.check_bottleneck_ratio, (1 - 1 / _F, _P), *BOTTLE, many=True,
          words="share saved", **NECK),
    wrong("8.4", "misconception", ct.check_bottleneck_ratio, (_ROWS[0]["flops"] - _ROWS[-1]["flops"], _P), *BOTTLE,
          many=True, words="difference", **NECK),
    wrong("8.4", "misconception", ct.check_bottleneck_ratio,
          (conv.conv_flops(12, 12, 3, 256, 256) / (conv.conv_flops(14, 14, 1, 256, 128)
                                                  + conv.conv_flops(12, 12, 3, 128, 128)
                                                  + conv.conv_flops(12, 12, 1, 128, 256)), _P),
          *BOTTLE, many=True, words="'valid'", **NECK),
    wrong("8.4", "near miss", ct.check_bottleneck_ratio,
          (_ROWS[0]["flops"] / (_ROWS[1]["flops"] + _ROWS[2]["flops"]), _P), *BOTTLE, many=True,
          words="1×1 layers is missing", **NECK),
    wrong("8.4", "near miss", ct.check_bottleneck_ratio, (_F, _F), *BOTTLE, many=True, words="biases", **NECK),
    wrong("8.4", "near miss", ct.check_bottleneck_ratio, (2.8, 2.76), *BOTTLE, many=True,
          words=("2 things", "rounded", "0.1%"), **NECK),
]

# ----------------------------------------------------------------------------- 8.5 two heads

HEADS = dict(map_shape=(7, 7, 128), classes=100)
_D, _G = (7 * 7 * 128 + 1) * 100, (128 + 1) * 100
CAT_8_5 = [
    wrong("8.5", "type", ct.check_head_params, ("627300", "12900"), many=True, words="quotes", **HEADS),
    wrong("8.5", "shape", ct.check_head_params, ((_D, _G), _G), many=True, words="one number per head", **HEADS),
    wrong("8.5", "type", ct.check_head_params, (_D / 1000, _G), many=True, words="whole", **HEADS),
    wrong("8.5", "misconception", ct.check_head_params, (_G, _D), many=True, words="swapped", **HEADS),
    wrong("8.5", "misconception", ct.check_head_params, (_D, _G * 49), many=True, words="same weights at all",
          **HEADS),
    wrong("8.5", "misconception", ct.check_head_params, (_G, _G), many=True, words="Flatten keeps every position",
          **HEADS),
    wrong("8.5", "misconception", ct.check_head_params, (7 * 7 * 128, _G), many=True,
          words="number of values Flatten gives", **HEADS),
    wrong("8.5", "misconception", ct.check_head_params, (_D, _G + 100), many=True, words="no weights", **HEADS),
    wrong("8.5", "near miss", ct.check_head_params, (_D - 100, _G), many=True, words="biases", **HEADS),
    wrong("8.5", "near miss", ct.check_head_params, (_D - 100, (_G - 100) * 49), many=True,
          words=("2 things", "biases", "positions"), **HEADS),
]

CATALOGUE = CAT_7_1 + CAT_7_2 + CAT_7_3 + CAT_7_4 + CAT_7_5 + CAT_7_6 + CAT_8_1 + CAT_8_2 + CAT_8_3 + CAT_8_4 + CAT_8_5
