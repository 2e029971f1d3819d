"""Anticipated wrong answers to exercises 4–6 (checkers in ``utils.checks.models``): see
tests/catalogue/__init__.py. The extra arguments are those of the check cells: arrays of the same shapes
(random pixels instead of the real images), the confusion matrices the notebooks print, and the models
the notebooks build."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

import utils

utils.setup()
import keras  # noqa: E402
from keras import layers  # noqa: E402

from utils import data, models  # noqa: E402
from utils.checks import models as m  # noqa: E402

from . import wrong  # noqa: E402

RNG = np.random.default_rng(16)

# --------------------------------------------------------------------------- 4: data

X_TEST = RNG.integers(0, 256, size=(10000, 28, 28), dtype=np.uint8)  # x_test's shape and type
F32 = X_TEST.astype("float32") / 255
SHAPE = (50000, 32, 32, 3)
N_VALUES = 50000 * 32 * 32 * 3
# Exercise 4.2's check cell: the dtype each expression gives, and the names it passes.
SMALL = np.zeros((2, 2), dtype=np.uint8)
DIVIDED = dict(name="bytes of x / 255.0")
CONVERTED = dict(name='bytes of x.astype("float32") / 255')
F64, F32_DT = (SMALL / 255.0).dtype, (SMALL.astype("float32") / 255).dtype
LABELS8 = np.array([9, 0, 0, 3, 0, 2, 7, 2])  # y_train[:8] of Fashion-MNIST
PROBS = np.random.default_rng(4).dirichlet(np.ones(10), size=6)
ONEHOT6 = np.eye(10)[LABELS8[:6]]
LOGP = np.log(PROBS[np.arange(6), LABELS8[:6]])
CE = float(-np.mean(LOGP))
LABELS_A = RNG.integers(0, 10, size=60000).astype(np.uint8)
LABELS_B = keras.utils.to_categorical(LABELS_A, 10)
LABELS_C = 0.9 * LABELS_B + 0.01

# --------------------------------------------------------------------------- 5: reading and building models

keras.backend.clear_session()
SPEC = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(32, (5, 5), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ],
    name="spec",
)
SHAPES = [(26, 26, 16), (13, 13, 16), (9, 9, 32), (4, 4, 32), (512,), (10,)]
PARAMS = [160, 0, 12832, 0, 0, 5130]


def chollet(
    input_shape=(32, 32, 3),
    *,
    conv3_activation="relu",
    dense=64,
    last="softmax",
    padding="valid",
    flatten=True,
    with_input=True,
):
    """The note's model written by a learner, with one slip or another."""
    stack = [keras.Input(shape=input_shape)] if with_input else []
    stack += [
        layers.Conv2D(32, (3, 3), activation="relu", padding=padding),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation=conv3_activation),
    ]
    stack += [layers.Flatten()] if flatten else []
    stack += [layers.Dense(dense, activation="relu"), layers.Dense(10, activation=last)]
    return keras.Sequential(stack)


def separate_activations():
    """The note's model with each activation as a layer of its own (ReLU, Activation, Softmax)."""
    return keras.Sequential(
        [
            keras.Input(shape=(32, 32, 3)),
            layers.Conv2D(32, (3, 3)),
            layers.ReLU(),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (3, 3)),
            layers.Activation("relu"),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (3, 3)),
            layers.ReLU(),
            layers.Flatten(),
            layers.Dense(64),
            layers.ReLU(),
            layers.Dense(10),
            layers.Softmax(),
        ]
    )


COLOUR = models.mnist_convnet(input_shape=(32, 32, 3))
# The nearest-class-average confusion matrix of exercise 5.5 (MNIST test set), as the notebook prints it.
CM_MNIST = np.array(
    [
        [878, 0, 7, 2, 2, 58, 25, 1, 7, 0],
        [0, 1092, 10, 3, 0, 7, 3, 0, 20, 0],
        [19, 71, 781, 33, 31, 3, 23, 18, 50, 3],
        [4, 24, 25, 814, 1, 49, 8, 15, 58, 12],
        [1, 22, 2, 0, 811, 3, 16, 1, 10, 116],
        [11, 63, 2, 118, 21, 612, 27, 10, 13, 15],
        [18, 27, 22, 0, 31, 32, 827, 0, 1, 0],
        [2, 59, 22, 1, 20, 2, 0, 856, 13, 53],
        [14, 39, 11, 83, 12, 36, 13, 10, 718, 38],
        [15, 22, 7, 10, 83, 12, 1, 27, 18, 814],
    ]
)

# --------------------------------------------------------------------------- 6: Fashion-MNIST


def fashion(filters=32, dense=64, *, second_pool=True, last="softmax"):
    stack = [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(filters, (3, 3), activation="relu"),
        layers.MaxPooling2D(2, 2),
        layers.Conv2D(filters, (3, 3), activation="relu"),
    ]
    stack += [layers.MaxPooling2D(2, 2)] if second_pool else []
    stack += [
        layers.Flatten(),
        layers.Dense(dense, activation="relu"),
        layers.Dense(10, activation=last),
    ]
    return keras.Sequential(stack)


SLIM = models.fashion_convnet(filters=32, dense=64)
# The nearest-class-average confusion matrix of exercise 6.3 (Fashion-MNIST test set).
CM_FASHION = np.array(
    [
        [685, 6, 23, 102, 23, 106, 43, 1, 11, 0],
        [29, 879, 10, 52, 8, 12, 9, 0, 1, 0],
        [8, 1, 450, 8, 209, 115, 200, 0, 9, 0],
        [42, 11, 2, 767, 49, 76, 50, 0, 3, 0],
        [1, 3, 194, 72, 562, 60, 101, 0, 7, 0],
        [0, 0, 0, 1, 0, 776, 2, 147, 3, 71],
        [197, 1, 117, 66, 219, 159, 217, 0, 24, 0],
        [0, 0, 0, 0, 0, 111, 0, 820, 0, 69],
        [0, 2, 36, 44, 17, 97, 19, 39, 744, 2],
        [0, 0, 1, 2, 2, 50, 7, 69, 1, 868],
    ]
)
PER_CLASS = np.diag(CM_FASHION) / CM_FASHION.sum(axis=1)

X_ALL = RNG.integers(0, 256, size=(600, 28, 28), dtype=np.uint8)
Y_ALL = RNG.integers(0, 10, size=600).astype(np.uint8)
CLASSES = (7, 9)
KEEP = np.isin(Y_ALL, CLASSES)
X2, Y2 = X_ALL[KEEP], (Y_ALL[KEEP] == 9).astype(int)


def binary(
    *,
    conv=True,
    units=512,
    last_units=1,
    last="sigmoid",
    conv_activation="relu",
    shape=(28, 28, 1),
    optimizer="adam",
    loss="binary_crossentropy",
    compiled=True,
    metrics=("accuracy",),
    last_layer=False,
):
    stack = [keras.Input(shape=shape)]
    if conv:
        stack += [layers.Conv2D(16, (3, 3), activation=conv_activation), layers.MaxPooling2D(2, 2)]
    stack += [layers.Flatten(), layers.Dense(units, activation="relu")]
    if last_layer:  # the activation as a layer of its own
        stack += [layers.Dense(last_units), layers.Activation(last)]
    else:
        stack += [layers.Dense(last_units, activation=last)]
    model = keras.Sequential(stack)
    if compiled:
        model.compile(optimizer=optimizer, loss=loss, metrics=list(metrics) or None)
    return model


def builder_binary():
    model = models.binary_classifier(name="mine")  # renamed: the builder's layer names tell
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model


# Exercise 6.6: a stand-in for the trained model whose accuracy is known. 200 test images, 60 of them
# class 1 (bright) and 140 class 0 (dark); a sigmoid of the mean pixel separates them when the pixels are
# divided by 255, and calls everything class 1 on raw 0-255 pixels.
Y_TEST2 = np.zeros(200, dtype=int)
Y_TEST2[RNG.permutation(200)[:60]] = 1
X_TEST2 = np.where(Y_TEST2[:, None, None] == 1, 180, 20).astype(np.uint8) + RNG.integers(
    0, 20, (200, 28, 28), dtype=np.uint8
)


def threshold_model(scale=10.0):
    model = keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(1, activation="sigmoid")]
    )
    model.layers[-1].set_weights(
        [np.full((784, 1), scale / 784, dtype="float32"), np.array([-scale * 0.4], dtype="float32")]
    )
    return model


TRAINED = threshold_model()
# Trained on raw 0-255 pixels: it separates the raw images, and calls every prepared image class 0.
RAW_TRAINED = threshold_model(scale=10.0 / 255)
RAW_TRAINED.layers[-1].set_weights(
    [np.full((784, 1), 10.0 / 784 / 255, dtype="float32"), np.array([-4.0], dtype="float32")]
)
UNTRAINED = threshold_model(
    scale=0.0
)  # outputs 0.5 everywhere: predicts class 0, right on 140 of 200
ACC = dict(at_least=0.95, at_most_loss=0.25, name="Sneaker vs Ankle boot")
P = np.asarray(TRAINED.predict(data.to_nhwc_float(X_TEST2), verbose=0))[:, 0]
for _model in (TRAINED, RAW_TRAINED, UNTRAINED):
    _model.compile(loss="binary_crossentropy", metrics=["accuracy"])
# What evaluate reports, as the learner would get it: on prepared and on raw test images.
L, A = TRAINED.evaluate(data.to_nhwc_float(X_TEST2), Y_TEST2, verbose=0)
L_RAW, A_RAW = TRAINED.evaluate(X_TEST2[..., None], Y_TEST2, verbose=0)
L_RT, A_RT = RAW_TRAINED.evaluate(data.to_nhwc_float(X_TEST2), Y_TEST2, verbose=0)
L_RT_RAW, A_RT_RAW = RAW_TRAINED.evaluate(X_TEST2[..., None], Y_TEST2, verbose=0)
L_UN, A_UN = UNTRAINED.evaluate(data.to_nhwc_float(X_TEST2), Y_TEST2, verbose=0)
PER_IMAGE = np.asarray(
    keras.losses.binary_crossentropy(Y_TEST2[:, None].astype("float32"), P[:, None])
)

# --------------------------------------------------------------------------- 6.7: without pooling

POOL_SPEC = ((32, 32, 3), (32, 64, 128), 10)  # the check cell's input shape, filters, units
# The right answers: Flatten 2·2·128 with pooling, 26·26·128 without; the parameters follow.
CONVS7 = 896 + 18496 + 73856
RIGHT7 = (512, CONVS7 + 5130, 86528, CONVS7 + 865290)

# --------------------------------------------------------------------------- 6.8: saving a model

keras.backend.clear_session()
keras.utils.set_random_seed(0)


def small_model(name="small"):
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(8, (3, 3), activation="relu", name="conv"),
            layers.MaxPooling2D(2, 2, name="pool"),
            layers.Flatten(name="flatten"),
            layers.Dense(10, activation="softmax", name="output"),
        ],
        name=name,
    )


SMALL8 = small_model()
OTHER8 = small_model("other")  # the same layers, other random weights
X8 = F32[:50, :, :, None]
SAVE_DIR = tempfile.TemporaryDirectory()  # removed when the tests end
SAVED8 = Path(SAVE_DIR.name) / "small.keras"
SMALL8.save(SAVED8)
RELOADED8 = keras.models.load_model(SAVED8)
WEIGHTS8 = Path(SAVE_DIR.name) / "small.weights.h5"
SMALL8.save_weights(WEIGHTS8)
OTHER_FILE8 = Path(SAVE_DIR.name) / "other.keras"
OTHER8.save(OTHER_FILE8)
FOLDER8 = Path(SAVE_DIR.name)  # the check cell's `folder`
ELSEWHERE_DIR = tempfile.TemporaryDirectory()  # a folder other than the one asked for
ELSEWHERE8 = Path(ELSEWHERE_DIR.name) / "small.keras"
SMALL8.save(ELSEWHERE8)

CATALOGUE = [
    # ---------------------------------------------------------------- 4.1 Ready for Conv2D
    wrong(
        "4.1",
        "type",
        m.check_nhwc,
        "x_test.astype('float32') / 255",
        X_TEST,
        words="array of numbers",
    ),
    wrong("4.1", "type", m.check_nhwc, (X_TEST > 127)[..., None], X_TEST, words="True/False"),
    wrong("4.1", "type", m.check_nhwc, X_TEST[..., None], X_TEST, words=("uint8", "float32")),
    wrong(
        "4.1",
        "misconception",
        m.check_nhwc,
        (X_TEST / 255.0)[..., None],
        X_TEST,
        words=("float64", "x / 255.0", "astype('float32') first, then divide"),
    ),
    wrong("4.1", "shape", m.check_nhwc, F32, X_TEST, words=("no channel axis", "np.newaxis")),
    wrong("4.1", "shape", m.check_nhwc, F32[:, None], X_TEST, words="channels-last"),
    wrong("4.1", "shape", m.check_nhwc, F32[:5000, ..., None], X_TEST, words="5,000 images"),
    wrong(
        "4.1",
        "near miss",
        m.check_nhwc,
        (X_TEST.astype("float32") / 256)[..., None],
        X_TEST,
        words="divide by 255",
    ),
    wrong(
        "4.1",
        "near miss",
        m.check_nhwc,
        X_TEST.astype("float32")[..., None],
        X_TEST,
        words="divide by 255",
    ),
    wrong(
        "4.1",
        "near miss",
        m.check_nhwc,
        X_TEST / 255.0,
        X_TEST,
        words=("2 things to fix", "float64", "no channel axis"),
    ),
    wrong(
        "4.1",
        "misconception",
        m.check_nhwc,
        (X_TEST.astype(float) / 255)[..., None],
        X_TEST,
        words=("float64", ".astype(float)", "astype('float32')"),
    ),
    wrong(
        "4.1",
        "near miss",
        m.check_nhwc,
        (X_TEST.astype("float16") / 255)[..., None],
        X_TEST,
        words=("dtype float16", "astype('float32')"),
    ),
    # ---------------------------------------------------------------- 4.2 What a colour data set costs
    wrong(
        "4.2", "type", m.check_nbytes, "1228800000", SHAPE, F64, **DIVIDED, words="drop the quotes"
    ),
    wrong("4.2", "type", m.check_nbytes, SHAPE, SHAPE, F64, **DIVIDED, words="is a shape"),
    wrong(
        "4.2",
        "type",
        m.check_nbytes,
        np.zeros(4),
        SHAPE,
        F32_DT,
        **CONVERTED,
        words="one number of bytes",
    ),
    wrong(
        "4.2",
        "misconception",
        m.check_nbytes,
        N_VALUES * 4,
        SHAPE,
        F64,
        **DIVIDED,
        words="float32's size",
    ),
    wrong(
        "4.2",
        "misconception",
        m.check_nbytes,
        N_VALUES * 8,
        SHAPE,
        F32_DT,
        **CONVERTED,
        words="float64's size",
    ),
    wrong(
        "4.2",
        "misconception",
        m.check_nbytes,
        N_VALUES,
        SHAPE,
        F64,
        **DIVIDED,
        words="number of values",
    ),
    wrong(
        "4.2",
        "shape",
        m.check_nbytes,
        50000 * 32 * 32 * 8,
        SHAPE,
        F64,
        **DIVIDED,
        words="colour channel",
    ),
    wrong(
        "4.2", "near miss", m.check_nbytes, N_VALUES * 8 * 8, SHAPE, F64, **DIVIDED, words="bits"
    ),
    wrong(
        "4.2",
        "near miss",
        m.check_nbytes,
        N_VALUES * 4 / 2**20,
        SHAPE,
        F32_DT,
        **CONVERTED,
        words="MiB",
    ),
    wrong(
        "4.2",
        "near miss",
        m.check_nbytes,
        N_VALUES * 4 / 1e6,
        SHAPE,
        F32_DT,
        **CONVERTED,
        words="MB",
    ),
    # ---------------------------------------------------------------- 4.3 One-hot labels by hand
    wrong(
        "4.3",
        "forbidden",
        m.check_one_hot,
        __import__("tensorflow").one_hot(LABELS8, 10),
        LABELS8,
        words=("tensor", "NumPy array", "sees only the result"),
    ),
    wrong(
        "4.3",
        "type",
        m.check_one_hot,
        __import__("tensorflow").gather(__import__("tensorflow").eye(10), LABELS8),
        LABELS8,
        words=("tensor", "np.eye(10, dtype=np.float32)"),
    ),
    wrong(
        "4.3",
        "forbidden",
        m.check_one_hot,
        keras.utils.to_categorical(LABELS8, 10),
        LABELS8,
        words=("float64", "to_categorical"),
    ),
    wrong(
        "4.3",
        "misconception",
        m.check_one_hot,
        np.eye(10)[LABELS8],
        LABELS8,
        words=("float64", "dtype=np.float32"),
    ),
    wrong(
        "4.3", "type", m.check_one_hot, np.eye(10, dtype=bool)[LABELS8], LABELS8, words="True/False"
    ),
    wrong(
        "4.3",
        "type",
        m.check_one_hot,
        np.eye(10, dtype=int)[LABELS8],
        LABELS8,
        words="whole numbers",
    ),
    wrong("4.3", "type", m.check_one_hot, "np.eye(10)[labels]", LABELS8, words="array of numbers"),
    wrong("4.3", "shape", m.check_one_hot, LABELS8.astype("float32"), LABELS8, words="one ROW"),
    wrong(
        "4.3",
        "shape",
        m.check_one_hot,
        np.eye(10, dtype=np.float32)[LABELS8].T,
        LABELS8,
        words="transposed",
    ),
    wrong(
        "4.3",
        "shape",
        m.check_one_hot,
        np.eye(9, dtype=np.float32)[LABELS8 % 9],
        LABELS8,
        words="10 classes",
    ),
    wrong(
        "4.3",
        "near miss",
        m.check_one_hot,
        np.eye(10, dtype=np.float32)[(LABELS8 + 1) % 10],
        LABELS8,
        words="one column off",
    ),
    wrong(
        "4.3",
        "near miss",
        m.check_one_hot,
        np.eye(10)[(LABELS8 - 1) % 10],
        LABELS8,
        words=("2 things to fix", "float64", "one column off"),
    ),
    # ---------------------------------------------------------------- 4.4 Cross-entropy from one-hot rows
    wrong("4.4", "type", m.check_cross_entropy, "2.68", PROBS, ONEHOT6, words="drop the quotes"),
    wrong(
        "4.4",
        "forbidden",
        m.check_cross_entropy,
        keras.losses.CategoricalCrossentropy()(ONEHOT6, PROBS),
        PROBS,
        ONEHOT6,
        words=("tensor", "compute with NumPy", "sees only the number"),
    ),
    wrong(
        "4.4",
        "type",
        m.check_cross_entropy,
        keras.losses.CategoricalCrossentropy(),
        PROBS,
        ONEHOT6,
        words=("the loss itself", "not a number"),
    ),
    wrong(
        "4.4",
        "shape",
        m.check_cross_entropy,
        -np.sum(ONEHOT6 * np.log(PROBS), axis=1),
        PROBS,
        ONEHOT6,
        words=("one loss per image", "average"),
    ),
    wrong(
        "4.4",
        "shape",
        m.check_cross_entropy,
        -ONEHOT6 * np.log(PROBS),
        PROBS,
        ONEHOT6,
        words="TRUE class",
    ),
    wrong(
        "4.4",
        "misconception",
        m.check_cross_entropy,
        float(np.mean(LOGP)),
        PROBS,
        ONEHOT6,
        words="MINUS",
    ),
    wrong(
        "4.4",
        "misconception",
        m.check_cross_entropy,
        float(-np.mean(ONEHOT6 * np.log(PROBS))),
        PROBS,
        ONEHOT6,
        words="all 6×10 entries",
    ),
    wrong(
        "4.4",
        "misconception",
        m.check_cross_entropy,
        float(-np.mean(np.log10(PROBS[np.arange(6), LABELS8[:6]]))),
        PROBS,
        ONEHOT6,
        words="natural log",
    ),
    wrong(
        "4.4",
        "misconception",
        m.check_cross_entropy,
        float(-np.mean(np.log(PROBS.max(axis=1)))),
        PROBS,
        ONEHOT6,
        words="PREDICTED",
    ),
    wrong(
        "4.4",
        "near miss",
        m.check_cross_entropy,
        float(-np.sum(LOGP)),
        PROBS,
        ONEHOT6,
        words="sum over the 6 images",
    ),
    wrong(
        "4.4",
        "near miss",
        m.check_cross_entropy,
        round(CE, 2),
        PROBS,
        ONEHOT6,
        words="do not round",
    ),
    # ---------------------------------------------------------------- 4.5 Which loss?
    wrong("4.5", "type", m.check_loss_for_labels, 1, LABELS_A, name="loss_a", words="as a string"),
    wrong(
        "4.5",
        "type",
        m.check_loss_for_labels,
        ["sparse_categorical_crossentropy", "categorical_crossentropy"],
        LABELS_A,
        name="loss_a",
        words="one loss is asked",
    ),
    wrong(
        "4.5", "type", m.check_loss_for_labels, "accuracy", LABELS_B, name="loss_b", words="metric"
    ),
    wrong(
        "4.5",
        "misconception",
        m.check_loss_for_labels,
        "categorical_crossentropy",
        LABELS_A,
        name="loss_a",
        words="integer labels go with sparse_categorical_crossentropy",
    ),
    wrong(
        "4.5",
        "misconception",
        m.check_loss_for_labels,
        keras.losses.CategoricalCrossentropy(),
        LABELS_A,
        name="loss_a",
        words="integer labels go with sparse",
    ),
    wrong(
        "4.5",
        "misconception",
        m.check_loss_for_labels,
        "SparseCategoricalCrossentropy",
        LABELS_B,
        name="loss_b",
        words="rows go with categorical_crossentropy",
    ),
    wrong(
        "4.5",
        "misconception",
        m.check_loss_for_labels,
        "sparse_categorical_crossentropy",
        LABELS_C,
        name="loss_c",
        words="not a single class",
    ),
    wrong(
        "4.5",
        "misconception",
        m.check_loss_for_labels,
        "binary_crossentropy",
        LABELS_B,
        name="loss_b",
        words="ONE sigmoid output",
    ),
    wrong(
        "4.5",
        "misconception",
        m.check_loss_for_labels,
        "mse",
        LABELS_C,
        name="loss_c",
        words="regression",
    ),
    wrong(
        "4.5",
        "near miss",
        m.check_loss_for_labels,
        "sparse_categorical_cross_entropy",
        LABELS_A,
        name="loss_a",
        words=("spelling", "'sparse_categorical_crossentropy'"),
    ),
    wrong(
        "4.5",
        "near miss",
        m.check_loss_for_labels,
        "categorical_crossentrpy",
        LABELS_B,
        name="loss_b",
        words=("not a loss Keras knows", "did you mean 'categorical_crossentropy'"),
    ),
    wrong(
        "4.5",
        "forbidden",
        m.check_loss_for_labels,
        keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        LABELS_A,
        name="loss_a",
        words="from_logits",
    ),
    wrong(
        "4.5",
        "misconception",
        m.check_loss_for_labels,
        keras.losses.CategoricalCrossentropy(label_smoothing=0.1),
        LABELS_C,
        name="loss_c",
        words=("label_smoothing=0.1", "already smoothed"),
    ),
    wrong(
        "4.5",
        "misconception",
        m.check_loss_for_labels,
        "kl_divergence",
        LABELS_C,
        name="loss_c",
        words=("kl_divergence takes rows", "chapter 4 pairs"),
    ),
    wrong(
        "4.5",
        "near miss",
        m.check_loss_for_labels,
        " categorical_crossentropy ",
        LABELS_C,
        name="loss_c",
        words=("spaces", "does not strip"),
    ),
    wrong(
        "4.5",
        "near miss",
        m.check_loss_for_labels,
        "crossentropy",
        LABELS_C,
        name="loss_c",
        words=("full name", "'sparse_categorical_crossentropy' or 'categorical_crossentropy'"),
    ),
    # ---------------------------------------------------------------- 5.1 Predict the summary: shapes
    wrong(
        "5.1", "type", m.check_output_shapes, "see spec.summary()", SPEC, words="list of 6 shapes"
    ),
    wrong("5.1", "type", m.check_output_shapes, (26, 26, 16), SPEC, words="one shape"),
    wrong(
        "5.1", "type", m.check_output_shapes, [str(s) for s in SHAPES], SPEC, words="without quotes"
    ),
    wrong(
        "5.1",
        "shape",
        m.check_output_shapes,
        [(None,) + s for s in SHAPES],
        SPEC,
        words=("batch axis", "(26, 26, 16), not (None, 26, 26, 16)"),
    ),
    wrong("5.1", "shape", m.check_output_shapes, [(28, 28, 1)] + SHAPES, SPEC, words="the input"),
    wrong(
        "5.1",
        "shape",
        m.check_output_shapes,
        SHAPES[:4] + SHAPES[5:],
        SPEC,
        words="5 shapes for 6 layers",
    ),
    wrong(
        "5.1",
        "misconception",
        m.check_output_shapes,
        [(25, 25, 16), (12, 12, 16), (7, 7, 32), (3, 3, 32), (288,), (10,)],
        SPEC,
        words=("2 things to fix", "off by one"),
    ),
    wrong(
        "5.1",
        "misconception",
        m.check_output_shapes,
        [(28, 28, 16), (14, 14, 16), (14, 14, 32), (7, 7, 32), (1568,), (10,)],
        SPEC,
        words="valid padding",
    ),
    wrong(
        "5.1",
        "misconception",
        m.check_output_shapes,
        SHAPES[:3] + [(5, 5, 32), (800,), (10,)],
        SPEC,
        words="round DOWN",
    ),
    wrong(
        "5.1",
        "misconception",
        m.check_output_shapes,
        SHAPES[:2] + [(9, 9, 16), (4, 4, 16), (256,), (10,)],
        SPEC,
        words="number of filters",
    ),
    wrong(
        "5.1", "near miss", m.check_output_shapes, SHAPES[:4] + [(16,), (10,)], SPEC, words="h·w·c"
    ),
    wrong(
        "5.1",
        "misconception",
        m.check_output_shapes,
        [(16, 26, 26), (16, 13, 13), (32, 9, 9), (32, 4, 4), (512,), (10,)],
        SPEC,
        words=("channels last", "(26, 26, 16), not (16, 26, 26)"),
    ),
    wrong(
        "5.1",
        "near miss",
        m.check_output_shapes,
        [(16, 25, 25), (16, 12, 12), (32, 8, 8), (32, 4, 4), (512,), (10,)],
        SPEC,
        words=("channels last", "off by one"),
    ),
    wrong(
        "5.1",
        "type",
        m.check_output_shapes,
        [(np.int64(26), np.int64(26), "16")] + SHAPES[1:],
        SPEC,
        words="entry 1, (26, 26, '16'), holds the text '16'",
    ),
    # ---------------------------------------------------------------- 5.2 Predict the summary: parameters
    wrong("5.2", "type", m.check_param_counts, 18122, SPEC, words="That is the total"),
    wrong(
        "5.2",
        "type",
        m.check_param_counts,
        "160, 0, 12832, 0, 0, 5130",
        SPEC,
        words="list of 6 counts",
    ),
    wrong(
        "5.2",
        "type",
        m.check_param_counts,
        ["160", 0, 12832, 0, 0, 5130],
        SPEC,
        words="drop the quotes",
    ),
    wrong(
        "5.2",
        "shape",
        m.check_param_counts,
        [160, 12832, 5130],
        SPEC,
        words="Pooling and Flatten layers count too",
    ),
    wrong(
        "5.2",
        "misconception",
        m.check_param_counts,
        [144, 0, 12800, 0, 0, 5120],
        SPEC,
        words=("3 things to fix", "biases are missing"),
    ),
    wrong(
        "5.2",
        "misconception",
        m.check_param_counts,
        [160, 0, 832, 0, 0, 5130],
        SPEC,
        words="all 16 input channels",
    ),
    wrong(
        "5.2",
        "misconception",
        m.check_param_counts,
        [26 * 26 * 9 * 16, 0, 12832, 0, 0, 5130],
        SPEC,
        words="multiply-adds",
    ),
    wrong(
        "5.2",
        "near miss",
        m.check_param_counts,
        [160, 0, 12832, 0, 0, (9 * 9 * 32 + 1) * 10],
        SPEC,
        words="Flatten output",
    ),
    wrong(
        "5.2",
        "near miss",
        m.check_param_counts,
        [160, 16, 12832, 32, 0, 5130],
        SPEC,
        words=("2 things to fix", "no weights"),
    ),
    # ---------------------------------------------------------------- 5.3 Receptive field
    wrong("5.3", "type", m.check_receptive_field, "14", SPEC, words="drop the quotes"),
    wrong("5.3", "type", m.check_receptive_field, (14, 14), SPEC, words="one number"),
    wrong("5.3", "misconception", m.check_receptive_field, 9, SPEC, words="product of the strides"),
    wrong(
        "5.3",
        "misconception",
        m.check_receptive_field,
        12,
        SPEC,
        words=("keep going to the last layer", "sum of the kernel sizes (3 + 2 + 5 + 2)"),
    ),
    wrong("5.3", "misconception", m.check_receptive_field, 28, SPEC, words="whole input"),
    wrong("5.3", "near miss", m.check_receptive_field, 13, SPEC, words="off by one"),
    wrong("5.3", "near miss", m.check_receptive_field, 15, SPEC, words="off by one"),
    wrong("5.3", "near miss", m.check_receptive_field, 14.5, SPEC, words="whole number"),
    # ---------------------------------------------------------------- 5.4 The note's model for colour images
    wrong(
        "5.4",
        "type",
        m.check_model_matches,
        [layers.Conv2D(32, 3), layers.Flatten()],
        COLOUR,
        name="colour convnet",
        words="keras.Sequential([...])",
    ),
    wrong(
        "5.4",
        "type",
        m.check_model_matches,
        keras.Sequential,
        COLOUR,
        name="colour convnet",
        words="the class",
    ),
    wrong(
        "5.4",
        "type",
        m.check_model_matches,
        "model",
        COLOUR,
        name="colour convnet",
        words="Keras model is asked",
    ),
    wrong(
        "5.4",
        "misconception",
        m.check_model_matches,
        chollet((28, 28, 1)),
        COLOUR,
        name="colour convnet",
        words="input shape (28, 28, 1), expected (32, 32, 3)",
    ),
    wrong(
        "5.4",
        "forbidden",
        m.check_model_matches,
        models.mnist_convnet(input_shape=(32, 32, 3)),
        COLOUR,
        name="colour convnet",
        words="builder",
    ),
    wrong(
        "5.4",
        "forbidden",
        m.check_model_matches,
        models.mnist_convnet(input_shape=(32, 32, 3), name="colour_convnet"),
        COLOUR,
        name="colour convnet",
        words=("builder", "whatever the model's own name"),
    ),
    wrong(
        "5.4",
        "near miss",
        m.check_model_matches,
        separate_activations(),
        COLOUR,
        name="colour convnet",
        words=("separate activation layers", "activation='relu'"),
    ),
    wrong(
        "5.4",
        "shape",
        m.check_model_matches,
        chollet(with_input=False),
        COLOUR,
        name="colour convnet",
        words="no input shape",
    ),
    wrong(
        "5.4",
        "shape",
        m.check_model_matches,
        chollet(flatten=False),
        COLOUR,
        name="colour convnet",
        words="Flatten layer is missing",
    ),
    wrong(
        "5.4",
        "near miss",
        m.check_model_matches,
        chollet(conv3_activation=None),
        COLOUR,
        name="colour convnet",
        words="no activation",
    ),
    wrong(
        "5.4",
        "near miss",
        m.check_model_matches,
        chollet(dense=128, last=None),
        COLOUR,
        name="colour convnet",
        words=("2 things to fix", "units 128", "no activation"),
    ),
    wrong(
        "5.4",
        "misconception",
        m.check_model_matches,
        chollet(padding="same"),
        COLOUR,
        name="colour convnet",
        words="padding 'same', expected 'valid'",
    ),
    # ---------------------------------------------------------------- 5.5 Read a confusion matrix
    wrong(
        "5.5", "type", m.check_most_confused, "5,3", CM_MNIST, data.MNIST_CLASSES, words="one text"
    ),
    wrong(
        "5.5",
        "type",
        m.check_most_confused,
        (5, 3),
        CM_MNIST,
        data.MNIST_CLASSES,
        words="class NAMES",
    ),
    wrong(
        "5.5",
        "type",
        m.check_most_confused,
        (np.int64(3), np.int64(5)),
        CM_MNIST,
        data.MNIST_CLASSES,
        words=("class NAMES", "reversed"),
    ),
    wrong(
        "5.5", "type", m.check_most_confused, 118, CM_MNIST, data.MNIST_CLASSES, words="how often"
    ),
    wrong(
        "5.5",
        "type",
        m.check_most_confused,
        np.int64(53),
        CM_MNIST,
        data.MNIST_CLASSES,
        words=("one number, 53.", "flat index", "np.unravel_index"),
    ),
    wrong(
        "5.5",
        "shape",
        m.check_most_confused,
        ("5", "3", "118"),
        CM_MNIST,
        data.MNIST_CLASSES,
        words="3 entries",
    ),
    wrong(
        "5.5",
        "misconception",
        m.check_most_confused,
        ("3", "5"),
        CM_MNIST,
        data.MNIST_CLASSES,
        words="wrong way round",
    ),
    wrong(
        "5.5",
        "misconception",
        m.check_most_confused,
        ("1", "1"),
        CM_MNIST,
        data.MNIST_CLASSES,
        words="diagonal",
    ),
    wrong(
        "5.5",
        "near miss",
        m.check_most_confused,
        ("4", "9"),
        CM_MNIST,
        data.MNIST_CLASSES,
        words="another pair",
    ),
    # ---------------------------------------------------------------- 6.1 The shape walk with 5x5 kernels
    wrong("6.1", "type", m.check_flatten_size, "1024", 28, 5, 64, words="drop the quotes"),
    wrong("6.1", "type", m.check_flatten_size, (4, 4, 64), 28, 5, 64, words="shape before Flatten"),
    wrong("6.1", "misconception", m.check_flatten_size, 1600, 28, 5, 64, words="3×3 kernels"),
    wrong("6.1", "misconception", m.check_flatten_size, 3 * 3 * 64, 28, 5, 64, words="n − F + 1"),
    wrong(
        "6.1", "misconception", m.check_flatten_size, 7 * 7 * 64, 28, 5, 64, words="'same' padding"
    ),
    wrong("6.1", "near miss", m.check_flatten_size, 16, 28, 5, 64, words="64 channels"),
    wrong("6.1", "near miss", m.check_flatten_size, 4, 28, 5, 64, words="one side"),
    wrong(
        "6.1", "shape", m.check_flatten_size, 12 * 12 * 64, 28, 5, 64, words="stops after 1 block"
    ),
    # ---------------------------------------------------------------- 6.2 From a list to .add calls, slimmer
    wrong(
        "6.2",
        "type",
        m.check_model_matches,
        keras.callbacks.History(),
        SLIM,
        name="slim Fashion-MNIST model",
        words=("Keras model is asked", "History"),
    ),
    wrong(
        "6.2",
        "type",
        m.check_model_matches,
        [layers.Conv2D(32, 3), layers.MaxPooling2D(2, 2)],
        SLIM,
        name="slim Fashion-MNIST model",
        words="keras.Sequential([...])",
    ),
    wrong(
        "6.2",
        "misconception",
        m.check_model_matches,
        fashion(64, 128),
        SLIM,
        name="slim Fashion-MNIST model",
        words=("3 things to fix", "filters 64", "units 128"),
    ),
    wrong(
        "6.2",
        "forbidden",
        m.check_model_matches,
        models.fashion_convnet(filters=32, dense=64),
        SLIM,
        name="slim Fashion-MNIST model",
        words="builder",
    ),
    wrong(
        "6.2",
        "forbidden",
        m.check_model_matches,
        models.fashion_convnet(filters=32, dense=64, name="mine"),
        SLIM,
        name="slim Fashion-MNIST model",
        words=("builder", "whatever the model's own name"),
    ),
    wrong(
        "6.2",
        "shape",
        m.check_model_matches,
        fashion(second_pool=False),
        SLIM,
        name="slim Fashion-MNIST model",
        words="MaxPooling2D layer is missing",
    ),
    wrong(
        "6.2",
        "near miss",
        m.check_model_matches,
        fashion(last="relu"),
        SLIM,
        name="slim Fashion-MNIST model",
        words="activation 'relu', expected 'softmax'",
    ),
    # ---------------------------------------------------------------- 6.3 Per-class accuracy
    wrong(
        "6.3",
        "type",
        m.check_per_class_accuracy,
        np.trace(CM_FASHION) / CM_FASHION.sum(),
        CM_FASHION,
        words="overall accuracy",
    ),
    wrong(
        "6.3",
        "type",
        m.check_per_class_accuracy,
        [f"{a:.3f}" for a in PER_CLASS],
        CM_FASHION,
        words="not formatted text",
    ),
    wrong(
        "6.3",
        "shape",
        m.check_per_class_accuracy,
        CM_FASHION / CM_FASHION.sum(axis=1, keepdims=True),
        CM_FASHION,
        words="ONE number",
    ),
    wrong(
        "6.3", "shape", m.check_per_class_accuracy, PER_CLASS[:9], CM_FASHION, words="shape (9,)"
    ),
    wrong(
        "6.3",
        "misconception",
        m.check_per_class_accuracy,
        np.diag(CM_FASHION) / CM_FASHION.sum(axis=0),
        CM_FASHION,
        words="column sums",
    ),
    wrong(
        "6.3",
        "misconception",
        m.check_per_class_accuracy,
        np.diag(CM_FASHION),
        CM_FASHION,
        words="counts",
    ),
    wrong(
        "6.3",
        "near miss",
        m.check_per_class_accuracy,
        100 * PER_CLASS,
        CM_FASHION,
        words="percentages",
    ),
    wrong(
        "6.3",
        "near miss",
        m.check_per_class_accuracy,
        1 - PER_CLASS,
        CM_FASHION,
        words="error rates",
    ),
    wrong(
        "6.3",
        "near miss",
        m.check_per_class_accuracy,
        np.round(PER_CLASS, 2),
        CM_FASHION,
        words=("rounded to 2 decimals", "0.0005"),
    ),
    wrong(
        "6.3",
        "near miss",
        m.check_per_class_accuracy,
        np.diag(CM_FASHION) // CM_FASHION.sum(axis=1),
        CM_FASHION,
        words=("integer division", "divide with /"),
    ),
    # ---------------------------------------------------------------- 6.4 Two classes and a sigmoid
    wrong(
        "6.4",
        "type",
        m.check_binary_subset,
        ("x_train[keep]", Y2),
        X_ALL,
        Y_ALL,
        CLASSES,
        many=True,
        words="array of numbers",
    ),
    wrong(
        "6.4",
        "type",
        m.check_binary_subset,
        (X2, [data.FASHION_CLASSES[k] for k in Y_ALL[KEEP]]),
        X_ALL,
        Y_ALL,
        CLASSES,
        many=True,
        words="holds texts such as",
    ),
    wrong(
        "6.4",
        "misconception",
        m.check_binary_subset,
        (X2, Y_ALL[KEEP]),
        X_ALL,
        Y_ALL,
        CLASSES,
        many=True,
        words="must be 0 (7) and 1 (9)",
    ),
    wrong(
        "6.4",
        "misconception",
        m.check_binary_subset,
        (X2, 1 - Y2),
        X_ALL,
        Y_ALL,
        CLASSES,
        many=True,
        words="reversed",
    ),
    wrong(
        "6.4",
        "misconception",
        m.check_binary_subset,
        (np.concatenate([X_ALL[Y_ALL == 7], X_ALL[Y_ALL == 9]]), Y2),
        X_ALL,
        Y_ALL,
        CLASSES,
        many=True,
        words="original order",
    ),
    wrong(
        "6.4",
        "shape",
        m.check_binary_subset,
        (X_ALL, (Y_ALL == 9).astype(int)),
        X_ALL,
        Y_ALL,
        CLASSES,
        many=True,
        words=("2 things to fix", "keep only classes 7 and 9"),
    ),
    wrong(
        "6.4",
        "shape",
        m.check_binary_subset,
        (X_ALL[Y_ALL == 9], np.ones(int(np.sum(Y_ALL == 9)))),
        X_ALL,
        Y_ALL,
        CLASSES,
        many=True,
        words="only one of the two classes",
    ),
    wrong(
        "6.4",
        "shape",
        m.check_binary_subset,
        (X2, np.eye(2)[Y2]),
        X_ALL,
        Y_ALL,
        CLASSES,
        many=True,
        words="one-hot rows",
    ),
    wrong(
        "6.4",
        "forbidden",
        m.check_binary_subset,
        (data.to_nhwc_float(X2), Y2),
        X_ALL,
        Y_ALL,
        CLASSES,
        many=True,
        words="keep them as loaded",
    ),
    wrong(
        "6.4",
        "type",
        m.check_binary_subset,
        ((X2, Y2), Y2),
        X_ALL,
        Y_ALL,
        CLASSES,
        many=True,
        words=("pair of arrays", "images alone in x2"),
    ),
    wrong(
        "6.4",
        "shape",
        m.check_binary_subset,
        (X2[..., None], Y2),
        X_ALL,
        Y_ALL,
        CLASSES,
        many=True,
        words=("with a channel axis", "drop it"),
    ),
    # ---------------------------------------------------------------- 6.5 The binary classifier
    wrong("6.5", "type", m.check_binary_model, "binary", words="Keras model is asked"),
    wrong("6.5", "type", m.check_binary_model, keras.callbacks.History(), words="History"),
    wrong(
        "6.5",
        "forbidden",
        m.check_binary_model,
        binary(conv=False, optimizer="sgd"),
        words=("2 things to fix", "no Conv2D layer", "Adam"),
    ),
    wrong("6.5", "forbidden", m.check_binary_model, binary(optimizer="sgd"), words="optimizer SGD"),
    wrong("6.5", "forbidden", m.check_binary_model, builder_binary(), words="builder"),
    wrong("6.5", "misconception", m.check_binary_model, binary(last="softmax"), words="'sigmoid'"),
    wrong(
        "6.5",
        "misconception",
        m.check_binary_model,
        binary(last_units=2, last="softmax", loss="sparse_categorical_crossentropy"),
        words=("ONE unit", "binary cross-entropy"),
    ),
    wrong(
        "6.5",
        "misconception",
        m.check_binary_model,
        binary(loss="categorical_crossentropy"),
        words="binary cross-entropy",
    ),
    wrong(
        "6.5", "misconception", m.check_binary_model, binary(compiled=False), words="not compiled"
    ),
    wrong("6.5", "near miss", m.check_binary_model, binary(units=256), words="units 256"),
    wrong(
        "6.5",
        "near miss",
        m.check_binary_model,
        binary(conv_activation=None),
        words="no activation",
    ),
    wrong(
        "6.5",
        "near miss",
        m.check_binary_model,
        binary(loss=keras.losses.BinaryCrossentropy(from_logits=True)),
        words="from_logits",
    ),
    wrong(
        "6.5",
        "shape",
        m.check_binary_model,
        binary(shape=(28, 28, 3)),
        words="input shape (28, 28, 3)",
    ),
    wrong(
        "6.5",
        "misconception",
        m.check_binary_model,
        binary(loss="mse"),
        words=("mean_squared_error", "binary cross-entropy", "'binary_crossentropy'"),
    ),
    wrong(
        "6.5",
        "type",
        m.check_binary_model,
        binary(loss="accuracy"),
        words=("'accuracy' is a metric", "not a loss"),
    ),
    wrong(
        "6.5",
        "near miss",
        m.check_binary_model,
        binary(last=None, loss=keras.losses.BinaryCrossentropy(from_logits=True)),
        words=("consistent pair", "Dense(1, activation='sigmoid')"),
    ),
    wrong(
        "6.5",
        "near miss",
        m.check_binary_model,
        binary(metrics=()),
        words=("no metrics", "metrics=['accuracy']"),
    ),
    wrong(
        "6.5",
        "near miss",
        m.check_binary_model,
        binary(last_layer=True),
        words=("separate activation layers", "activation='sigmoid'"),
    ),
    # ---------------------------------------------------------------- 6.6 Train it
    wrong(
        "6.6",
        "type",
        m.check_binary_evaluation,
        ([L, A], A),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words=("[loss, accuracy]", "test_loss, test_acc = binary.evaluate"),
    ),
    wrong(
        "6.6",
        "type",
        m.check_binary_evaluation,
        (L, [L, A]),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words=("test_acc", "Unpack"),
    ),
    wrong(
        "6.6",
        "type",
        m.check_binary_evaluation,
        (keras.callbacks.History(), A),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words="History",
    ),
    wrong(
        "6.6",
        "type",
        m.check_binary_evaluation,
        (L, "1.0"),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words="drop the quotes",
    ),
    wrong(
        "6.6",
        "shape",
        m.check_binary_evaluation,
        (PER_IMAGE, A),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words=("one per image", "mean"),
    ),
    wrong(
        "6.6",
        "shape",
        m.check_binary_evaluation,
        (L, P > 0.5),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words=("True/False per image", "np.mean"),
    ),
    wrong(
        "6.6",
        "near miss",
        m.check_binary_evaluation,
        (L, 100.0),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words="percentage",
    ),
    wrong(
        "6.6",
        "near miss",
        m.check_binary_evaluation,
        (L, 1 - A),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words="error rate",
    ),
    wrong(
        "6.6",
        "misconception",
        m.check_binary_evaluation,
        (L, 0.7),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words="argmax",
    ),
    wrong(
        "6.6",
        "misconception",
        m.check_binary_evaluation,
        (L, 0.3**2 + 0.7**2),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words=("broadcasts", "p[:, 0] > 0.5"),
    ),
    wrong(
        "6.6",
        "misconception",
        m.check_binary_evaluation,
        (L_RAW, A_RAW),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words=("raw 0–255 test images", "saturates", "the loss explodes"),
    ),
    wrong(
        "6.6",
        "misconception",
        m.check_binary_evaluation,
        (L_RT_RAW, A_RT_RAW),
        RAW_TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words=("trained on raw pixels", "rebuild the model"),
    ),
    wrong(
        "6.6",
        "misconception",
        m.check_binary_evaluation,
        (L_RT, A_RT),
        RAW_TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words=("these are the model's numbers", "trained on raw pixels"),
    ),
    wrong(
        "6.6",
        "misconception",
        m.check_binary_evaluation,
        (A, L),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words="swapped",
    ),
    wrong(
        "6.6",
        "misconception",
        m.check_binary_evaluation,
        (0.0924, 0.97),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words=("2 things to fix", "fit's log is a training loss", "training accuracy"),
    ),
    wrong(
        "6.6",
        "near miss",
        m.check_binary_evaluation,
        (round(L, 2), A),
        TRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words="rounded to 2 decimals",
    ),
    wrong(
        "6.6",
        "near miss",
        m.check_binary_evaluation,
        (L_UN, A_UN),
        UNTRAINED,
        X_TEST2,
        Y_TEST2,
        **ACC,
        many=True,
        words=("below 0.95", "above 0.25", "train it"),
    ),
    # ---------------------------------------------------------------- 6.7 The same convnet without pooling
    wrong(
        "6.7",
        "type",
        m.check_pooling_counts,
        ("512", *RIGHT7[1:]),
        *POOL_SPEC,
        many=True,
        words="drop the quotes",
    ),
    wrong(
        "6.7",
        "type",
        m.check_pooling_counts,
        ((2, 2, 128), *RIGHT7[1:]),
        *POOL_SPEC,
        many=True,
        words="shape before Flatten",
    ),
    wrong(
        "6.7",
        "type",
        m.check_pooling_counts,
        (512.5, *RIGHT7[1:]),
        *POOL_SPEC,
        many=True,
        words="whole",
    ),
    wrong(
        "6.7",
        "misconception",
        m.check_pooling_counts,
        (RIGHT7[0], CONVS7 - 224 + 5120, RIGHT7[2], CONVS7 - 224 + 865280),
        *POOL_SPEC,
        many=True,
        words=("2 things to fix", "biases are missing"),
    ),
    wrong(
        "6.7",
        "misconception",
        m.check_pooling_counts,
        (RIGHT7[0], RIGHT7[1] + 2 * 2 * (32 + 64 + 128), *RIGHT7[2:]),
        *POOL_SPEC,
        many=True,
        words="pooling layer has no weights",
    ),
    wrong(
        "6.7",
        "misconception",
        m.check_pooling_counts,
        (4 * 4 * 128, CONVS7 + 20490, 32 * 32 * 128, CONVS7 + 1310730),
        *POOL_SPEC,
        many=True,
        words=("'same' padding", "follow from your Flatten length"),
    ),
    wrong(
        "6.7",
        "near miss",
        m.check_pooling_counts,
        (2 * 2, CONVS7 + 50, 26 * 26, CONVS7 + 6770),
        *POOL_SPEC,
        many=True,
        words=("h·w only", "128 channels"),
    ),
    wrong(
        "6.7",
        "near miss",
        m.check_pooling_counts,
        (2 * 2 * 64, CONVS7 + 2570, 26 * 26 * 64, CONVS7 + 432650),
        *POOL_SPEC,
        many=True,
        words="channels of the conv before",
    ),
    wrong(
        "6.7",
        "near miss",
        m.check_pooling_counts,
        (3 * 3 * 128, CONVS7 + 11530, *RIGHT7[2:]),
        *POOL_SPEC,
        many=True,
        words="round DOWN",
    ),
    wrong(
        "6.7",
        "near miss",
        m.check_pooling_counts,
        # n − 3 for each convolution: 32 -> 29 -> 14 -> 11 -> 5 -> 2 -> 1 and 32 -> 29 -> 26 -> 23
        (1 * 1 * 128, CONVS7 + 1290, 23 * 23 * 128, CONVS7 + 677130),
        *POOL_SPEC,
        many=True,
        words=("4 things to fix", "off by one", "n − 3 + 1"),
    ),
    wrong(
        "6.7",
        "near miss",
        m.check_pooling_counts,
        (*RIGHT7[:2], 23 * 23 * 128, CONVS7 + 677130),
        *POOL_SPEC,
        many=True,
        words=("Flatten without pooling: off by one", "follow from your Flatten length"),
    ),
    wrong(
        "6.7",
        "shape",
        m.check_pooling_counts,
        (RIGHT7[2], RIGHT7[3], RIGHT7[0], RIGHT7[1]),
        *POOL_SPEC,
        many=True,
        words="swapped",
    ),
    wrong(
        "6.7",
        "near miss",
        m.check_pooling_counts,
        (*RIGHT7[:3], 865290),
        *POOL_SPEC,
        many=True,
        words=("without pooling", "Dense layer only"),
    ),
    # ---------------------------------------------------------------- 6.8 Save a model and load it back
    wrong(
        "6.8",
        "type",
        m.check_saved_model,
        (SMALL8, RELOADED8),
        SMALL8,
        X8,
        FOLDER8,
        many=True,
        words="give the file's path",
    ),
    wrong(
        "6.8",
        "type",
        m.check_saved_model,
        (SAVED8, str(SAVED8)),
        SMALL8,
        X8,
        FOLDER8,
        many=True,
        words="that is a path",
    ),
    wrong(
        "6.8",
        "type",
        m.check_saved_model,
        (SAVED8, None),
        SMALL8,
        X8,
        FOLDER8,
        many=True,
        words="model.save returns None",
    ),
    wrong(
        "6.8",
        "forbidden",
        m.check_saved_model,
        (WEIGHTS8, RELOADED8),
        SMALL8,
        X8,
        FOLDER8,
        many=True,
        words=(".weights.h5", "variables only", "architecture"),
    ),
    wrong(
        "6.8",
        "near miss",
        m.check_saved_model,
        (Path(SAVE_DIR.name) / "small.h5", RELOADED8),
        SMALL8,
        X8,
        FOLDER8,
        many=True,
        words=("not a .keras file", "legacy"),
    ),
    wrong(
        "6.8",
        "near miss",
        m.check_saved_model,
        (Path(SAVE_DIR.name) / "small.model", RELOADED8),
        SMALL8,
        X8,
        FOLDER8,
        many=True,
        words="does not end in .keras",
    ),
    wrong(
        "6.8",
        "near miss",
        m.check_saved_model,
        (Path(SAVE_DIR.name) / "missing.keras", RELOADED8),
        SMALL8,
        X8,
        FOLDER8,
        many=True,
        words="there is no file",
    ),
    wrong(
        "6.8",
        "misconception",
        m.check_saved_model,
        (SAVED8, SMALL8),
        SMALL8,
        X8,
        FOLDER8,
        many=True,
        words="very model you saved",
    ),
    wrong(
        "6.8",
        "misconception",
        m.check_saved_model,
        (SAVED8, OTHER8),
        SMALL8,
        X8,
        FOLDER8,
        many=True,
        words=("predicts differently", "new random weights"),
    ),
    wrong(
        "6.8",
        "misconception",
        m.check_saved_model,
        (OTHER_FILE8, RELOADED8),
        SMALL8,
        X8,
        FOLDER8,
        many=True,
        words="does not hold the model given",
    ),
    wrong(
        "6.8",
        "near miss",
        m.check_saved_model,
        (Path("small.keras"), RELOADED8),
        SMALL8,
        X8,
        FOLDER8,
        many=True,
        words=("not in the folder asked for", "working directory", "folder / 'small.keras'"),
    ),
    wrong(
        "6.8",
        "near miss",
        m.check_saved_model,
        (ELSEWHERE8, keras.models.load_model(ELSEWHERE8)),
        SMALL8,
        X8,
        FOLDER8,
        many=True,
        words=("not in the folder asked for", "folder / 'small.keras'"),
    ),
]
