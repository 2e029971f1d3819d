"""The course's Keras models. Every builder returns a new, uncompiled model: a chapter compiles it on
the page, where the choice of optimizer and loss is part of the lesson.

Each builder returns a fresh, named ``keras.Sequential`` built on ``keras.Input(shape=...)`` (the
modern spelling of the study notes' ``input_shape=`` argument), with layer names fixed so that
``model.summary()`` prints the same text every time:

* :func:`mnist_convnet` — the 32-64-64 convnet for MNIST digits (Chollet's model, in the note on
  Chollet's book): Conv 32 → Pool → Conv 64 → Pool → Conv 64 → Flatten 576 → Dense 64 → Dense 10;
* :func:`dense_baseline` — a network of Dense layers only, the baseline the convnet is compared with;
* :func:`fashion_convnet` — the 64-64 Fashion-MNIST convnet of the note on Moroney's course (Laurence
  Moroney's lessons in DeepLearning.AI's Coursera course "Introduction to TensorFlow for Artificial
  Intelligence, Machine Learning, and Deep Learning"), also in the note on CNN basics (Conv 64 → Pool →
  Conv 64 → Pool → Flatten 1600 → Dense 128 → Dense 10);
* :func:`same_padding_convnet` — the ``padding="same"`` 32-64-128 model of the note on CNN training,
  optionally with batch normalisation and dropout added;
* :func:`load_pretrained` — that model with batch normalisation and dropout, trained for 8 epochs by
  ``scripts/train_pretrained.py``; the weights ship in ``utils/weights/`` and are checked by SHA-256;
* :func:`binary_classifier` — the one-output sigmoid classifier (``Dense(1, activation="sigmoid")``);
* :func:`small_convnet` — the overfitting chapter's model, with an optional dropout rate;
* :func:`regularized_convnet` — the same model with the regularization chapter's knobs (dense width, L2
  weight decay, dropout, augmentation layers);
* :func:`bottleneck_block` and :func:`one_by_one_heads` — the 1×1-convolution chapter's models;
* :func:`shift_images` — images moved by whole pixels (zeros coming in), for chapter 5's shift test.

Looking inside a model lives in :mod:`utils.inspection`, counting its hits and misses in
:mod:`utils.metrics`, the input pipeline in :mod:`utils.data`. TensorFlow/Keras are imported inside
the functions, so ``import utils.models`` is cheap.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from . import validate

__all__ = [
    "mnist_convnet",
    "dense_baseline",
    "fashion_convnet",
    "same_padding_convnet",
    "binary_classifier",
    "load_pretrained",
    "pretrained_record",
    "small_convnet",
    "regularized_convnet",
    "bottleneck_block",
    "one_by_one_heads",
    "shift_images",
]


def _input_shape(shape) -> tuple[int, int, int]:
    shape = tuple(shape)
    if len(shape) != 3:
        raise ValueError(
            f"input_shape must be (height, width, channels) with positive ints, got {shape!r}"
        )
    return tuple(validate.integer(d, f"input_shape {shape!r}: each size") for d in shape)


def _classes(n: int) -> int:
    n = validate.integer(n, "num_classes", minimum=2)
    return int(n)


def mnist_convnet(
    *,
    input_shape=(28, 28, 1),
    num_classes: int = 10,
    classifier: bool = True,
    name: str = "mnist_convnet",
):
    """Conv(32, 3×3) → MaxPool → Conv(64) → MaxPool → Conv(64) [→ Flatten → Dense(64) → Dense(classes)].

    With ``classifier=False`` only the convolutional base is built (its last output is (3, 3, 64)
    for 28×28 inputs), as the study note first does before adding the Dense classifier.
    """
    import keras
    from keras import layers

    layer_list = [
        keras.Input(shape=_input_shape(input_shape), name="image"),
        layers.Conv2D(32, (3, 3), activation="relu", name="conv1"),
        layers.MaxPooling2D((2, 2), name="pool1"),
        layers.Conv2D(64, (3, 3), activation="relu", name="conv2"),
        layers.MaxPooling2D((2, 2), name="pool2"),
        layers.Conv2D(64, (3, 3), activation="relu", name="conv3"),
    ]
    if classifier:
        layer_list += [
            layers.Flatten(name="flatten"),
            layers.Dense(64, activation="relu", name="dense"),
            layers.Dense(_classes(num_classes), activation="softmax", name="output"),
        ]
    return keras.Sequential(layer_list, name=name)


def dense_baseline(
    *,
    input_shape=(28, 28, 1),
    hidden: int = 512,
    num_classes: int = 10,
    name: str = "dense_baseline",
):
    """Flatten → Dense(hidden, relu) → Dense(classes, softmax): no convolution at all."""
    import keras
    from keras import layers

    if isinstance(hidden, bool) or not isinstance(hidden, (int, np.integer)) or hidden <= 0:
        raise ValueError(f"hidden must be a positive int, got {hidden!r}")
    return keras.Sequential(
        [
            keras.Input(shape=_input_shape(input_shape), name="image"),
            layers.Flatten(name="flatten"),
            layers.Dense(int(hidden), activation="relu", name="hidden"),
            layers.Dense(_classes(num_classes), activation="softmax", name="output"),
        ],
        name=name,
    )


def fashion_convnet(
    *,
    input_shape=(28, 28, 1),
    filters: int = 64,
    dense: int = 128,
    num_classes: int = 10,
    name: str = "fashion_convnet",
):
    """Conv(64, 3×3) → MaxPool(2) → Conv(64) → MaxPool(2) → Flatten → Dense(128) → Dense(classes)."""
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input(shape=_input_shape(input_shape), name="image"),
            layers.Conv2D(filters, (3, 3), activation="relu", name="conv1"),
            layers.MaxPooling2D(2, 2, name="pool1"),
            layers.Conv2D(filters, (3, 3), activation="relu", name="conv2"),
            layers.MaxPooling2D(2, 2, name="pool2"),
            layers.Flatten(name="flatten"),
            layers.Dense(dense, activation="relu", name="dense"),
            layers.Dense(_classes(num_classes), activation="softmax", name="output"),
        ],
        name=name,
    )


def same_padding_convnet(
    *,
    input_shape=(28, 28, 1),
    num_classes: int = 10,
    batch_norm: bool = False,
    dropout: float = 0.0,
    name: str | None = None,
):
    """``padding="same"`` model: Conv 32 → Pool → Conv 64 → Pool → Conv 128 → Flatten → Dense 128 → Dense 10.

    ``MaxPool2D()`` with no argument pools 2×2 with stride 2, so 28 → 14 → 7.

    With the defaults this is the study note's model exactly. Two standard additions are optional:

    * ``batch_norm=True``: every convolution becomes Conv2D (no bias) → BatchNormalization → ReLU.
      The bias is dropped because batch normalisation subtracts the mean anyway and adds its own
      shift (beta).
    * ``dropout=p`` (``0 <= p < 1``): a Dropout layer of rate ``p`` after Flatten and after the hidden
      Dense layer.

    ``name`` defaults to ``"same_padding_convnet"``, or ``"same_padding_bn_dropout"`` when either
    addition is used.
    """
    import keras
    from keras import layers

    if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not 0 <= dropout < 1:
        raise ValueError(f"dropout must be a rate in [0, 1), got {dropout!r}")
    if name is None:
        name = "same_padding_bn_dropout" if (batch_norm or dropout) else "same_padding_convnet"
    stack = [keras.Input(shape=_input_shape(input_shape), name="image")]
    for i, filters in enumerate((32, 64, 128), start=1):
        if batch_norm:
            stack += [
                layers.Conv2D(filters, (3, 3), padding="same", use_bias=False, name=f"conv{i}"),
                layers.BatchNormalization(name=f"bn{i}"),
                layers.ReLU(name=f"relu{i}"),
            ]
        else:
            stack.append(
                layers.Conv2D(filters, (3, 3), padding="same", activation="relu", name=f"conv{i}")
            )
        if i < 3:
            stack.append(layers.MaxPool2D(name=f"pool{i}"))
    stack.append(layers.Flatten(name="flatten"))
    if dropout:
        stack.append(layers.Dropout(dropout, name="dropout1"))
    stack.append(layers.Dense(128, activation="relu", name="dense"))
    if dropout:
        stack.append(layers.Dropout(dropout, name="dropout2"))
    stack.append(layers.Dense(_classes(num_classes), activation="softmax", name="output"))
    return keras.Sequential(stack, name=name)


def binary_classifier(
    *, input_shape=(28, 28, 1), filters: int = 16, dense: int = 512, name: str = "binary_classifier"
):
    """Conv(16, 3×3) → MaxPool(2) → Flatten → Dense(512) → Dense(1, sigmoid): one probability, "is it class 1?"."""
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input(shape=_input_shape(input_shape), name="image"),
            layers.Conv2D(filters, (3, 3), activation="relu", name="conv1"),
            layers.MaxPooling2D(2, 2, name="pool1"),
            layers.Flatten(name="flatten"),
            layers.Dense(dense, activation="relu", name="dense"),
            layers.Dense(1, activation="sigmoid", name="output"),
        ],
        name=name,
    )


# --------------------------------------------------------------------------- pretrained weights


WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"

#: Weights shipped with the course: how to build the model, the file, and its SHA-256.
PRETRAINED = {
    "fashion_same_bn_dropout": {
        "build": {"batch_norm": True, "dropout": 0.3},
        "weights": "fashion_same_bn_dropout.weights.h5",
        "record": "fashion_same_bn_dropout.json",
        "sha256": "6ff196766c4d00c3bc1946f42f2632d1b6ee99313121548c0adc6379834dd22d",
    },
}


def _pretrained_entry(name: str) -> dict:
    if name not in PRETRAINED:
        raise ValueError(
            f"no pretrained model named {name!r}; the course ships: {', '.join(sorted(PRETRAINED))}"
        )
    return PRETRAINED[name]


def pretrained_record(name: str = "fashion_same_bn_dropout", *, directory=None) -> dict:
    """The training record written next to the weights: recipe, per-epoch history, test accuracy, versions."""
    entry = _pretrained_entry(name)
    path = Path(directory or WEIGHTS_DIR) / entry["record"]
    if not path.is_file():
        raise FileNotFoundError(
            f"training record {path} is missing; run scripts/train_pretrained.py to write it"
        )
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as err:
        raise ValueError(f"training record {path} is corrupt (not JSON: {err})") from None


def load_pretrained(name: str = "fashion_same_bn_dropout", *, directory=None):
    """Build a model and load the weights the course ships for it, after checking their SHA-256.

    ``"fashion_same_bn_dropout"`` is ``same_padding_convnet(batch_norm=True, dropout=0.3)`` trained on
    the 60,000 Fashion-MNIST training images by ``scripts/train_pretrained.py`` (the recipe is in
    :func:`pretrained_record`). The model comes back compiled with sparse categorical cross-entropy and
    accuracy, ready for ``evaluate``. A missing file raises ``FileNotFoundError``; a file whose SHA-256
    differs from the one recorded in :data:`PRETRAINED` (truncated, corrupt, or retrained without updating
    the checksum) raises ``ValueError`` before Keras reads it.
    """

    entry = _pretrained_entry(name)
    path = Path(directory or WEIGHTS_DIR) / entry["weights"]
    if not path.is_file():
        raise FileNotFoundError(
            f"weights file {path} is missing; restore it from the repository "
            "or rebuild it with scripts/train_pretrained.py"
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != entry["sha256"]:
        raise ValueError(
            f"weights file {path} is corrupt or not the one the course ships: SHA-256 {digest}, "
            f"expected {entry['sha256']}; restore it from the repository, or after retraining "
            "with scripts/train_pretrained.py put the new checksum into utils.models.PRETRAINED"
        )
    model = same_padding_convnet(**entry["build"])
    model.load_weights(path)
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


# --------------------------------------------------------------------------- input pipeline


# --------------------------------------------------------------------------- reading a model


# --------------------------------------------------------------------------- data helpers


# --------------------------------------------------------------------------- page model == builder

#: Config keys that do not change what a layer computes: names, dtypes, random seeds.


def small_convnet(
    dropout: float = 0.0,
    *,
    input_shape=(28, 28, 1),
    filters: int = 32,
    dense: int = 128,
    num_classes: int = 10,
    name: str | None = None,
):
    """Conv(``filters``, 3×3) → MaxPool 2 → [Dropout] → Flatten → Dense(``dense``) → [Dropout] → Dense(10).

    A small convnet with a large dense layer, so that it memorises a small training set quickly. With
    ``dropout > 0`` two ``Dropout(dropout)`` layers are inserted (after pooling and after the hidden
    dense layer); with ``dropout == 0`` there are none. Not compiled: the chapter compiles it on the page.
    """
    import keras
    from keras import layers

    if (
        isinstance(dropout, bool)
        or not isinstance(dropout, (int, float, np.floating))
        or not 0.0 <= dropout < 1.0
    ):
        raise ValueError(f"dropout must be a rate in [0, 1), got {dropout!r}")
    shape = tuple(input_shape)
    if len(shape) != 3:
        raise ValueError(f"input_shape must be (height, width, channels), got {input_shape!r}")
    name = name or (
        "convnet_dropout_" + f"{dropout:g}".replace(".", "") if dropout else "convnet_no_dropout"
    )
    stack = [
        keras.Input(shape=shape),
        layers.Conv2D(filters, 3, activation="relu", name="conv"),
        layers.MaxPooling2D(2, name="pool"),
    ]
    if dropout:
        stack.append(layers.Dropout(dropout, name="dropout_1"))
    stack += [layers.Flatten(name="flatten"), layers.Dense(dense, activation="relu", name="dense")]
    if dropout:
        stack.append(layers.Dropout(dropout, name="dropout_2"))
    stack.append(layers.Dense(num_classes, activation="softmax", name="output"))
    return keras.Sequential(stack, name=name)


def regularized_convnet(
    *,
    dense: int = 128,
    l2: float = 0.0,
    dropout: float = 0.0,
    augment: bool = False,
    shift: float = 0.1,
    input_shape=(28, 28, 1),
    num_classes: int = 10,
    name: str = "regularized_convnet",
):
    """:func:`small_convnet` with chapter 7's regularization knobs, each off by default.

    * ``dense``: units of the hidden Dense layer (128 in :func:`small_convnet`; fewer = smaller capacity);
    * ``l2``: L2 weight decay, ``kernel_regularizer=keras.regularizers.L2(l2)`` on the convolution and
      both Dense layers (0: none);
    * ``dropout``: two ``Dropout(dropout)`` layers where :func:`small_convnet` puts them (0: none);
    * ``augment``: ``RandomTranslation(shift, shift)`` (zeros coming in) and ``RandomFlip("horizontal")``
      as the first layers; like dropout they act only in training, and are the identity at inference.

    With every knob off the layers, their names and their weights' shapes are those of
    ``small_convnet(0.0)``. Not compiled.
    """
    import keras
    from keras import layers

    dense = validate.integer(dense, "dense")
    l2 = validate.fraction(l2, "l2", low=0.0, high=1.0)
    dropout = validate.fraction(dropout, "dropout")
    if not isinstance(augment, (bool, np.bool_)):
        raise ValueError(f"augment must be True or False, got {augment!r}")
    shift = validate.fraction(shift, "shift", low=0.0, high=1.0, low_inclusive=False)

    def reg():
        return keras.regularizers.L2(l2) if l2 else None

    stack = [keras.Input(shape=_input_shape(input_shape))]
    if augment:
        stack += [
            layers.RandomTranslation(shift, shift, fill_mode="constant", name="shift"),
            layers.RandomFlip("horizontal", name="flip"),
        ]
    stack += [
        layers.Conv2D(32, 3, activation="relu", kernel_regularizer=reg(), name="conv"),
        layers.MaxPooling2D(2, name="pool"),
    ]
    if dropout:
        stack.append(layers.Dropout(dropout, name="dropout_1"))
    stack += [
        layers.Flatten(name="flatten"),
        layers.Dense(dense, activation="relu", kernel_regularizer=reg(), name="dense"),
    ]
    if dropout:
        stack.append(layers.Dropout(dropout, name="dropout_2"))
    stack.append(
        layers.Dense(
            _classes(num_classes), activation="softmax", kernel_regularizer=reg(), name="output"
        )
    )
    return keras.Sequential(stack, name=name)


def bottleneck_block(
    channels: int = 256,
    mid: int = 64,
    *,
    height: int = 14,
    width: int = 14,
    bottleneck: bool = True,
    name: str | None = None,
):
    """A Keras model of either the direct 3×3 convolution or the 1×1 → 3×3 → 1×1 bottleneck (ReLU, ``same``)."""
    import keras
    from keras import layers

    inp = keras.Input(shape=(height, width, channels))
    if bottleneck:
        x = layers.Conv2D(mid, 1, activation="relu", name="reduce_1x1")(inp)
        x = layers.Conv2D(mid, 3, padding="same", activation="relu", name="middle_3x3")(x)
        out = layers.Conv2D(channels, 1, activation="relu", name="expand_1x1")(x)
    else:
        out = layers.Conv2D(channels, 3, padding="same", activation="relu", name="direct_3x3")(inp)
    return keras.Model(inp, out, name=name or ("bottleneck" if bottleneck else "direct_3x3"))


def one_by_one_heads(
    head: str, *, input_shape=(28, 28, 1), num_classes: int = 10, name: str | None = None
):
    """The same two-convolution base with one of three classifier heads (not compiled).

    Base: Conv(32, 3×3) → MaxPool → Conv(64, 3×3) → MaxPool, giving a 5×5×64 feature map.

    * ``"flatten_dense"`` — Flatten (1,600) → Dense(128, ReLU) → Dense(10, softmax): the study notes' head;
    * ``"conv1x1_gap"`` — 1×1 conv(64→128, ReLU) → 1×1 conv(128→10) → global average pooling → softmax;
    * ``"linear_gap"`` — 1×1 conv(64→10) → global average pooling → softmax (no hidden non-linearity).
    """
    import keras
    from keras import layers

    heads = ("flatten_dense", "conv1x1_gap", "linear_gap")
    if head not in heads:
        raise ValueError(f"head must be one of {heads}, got {head!r}")
    stack = [
        keras.Input(shape=tuple(input_shape)),
        layers.Conv2D(32, 3, activation="relu", name="conv_1"),
        layers.MaxPooling2D(2, name="pool_1"),
        layers.Conv2D(64, 3, activation="relu", name="conv_2"),
        layers.MaxPooling2D(2, name="pool_2"),
    ]
    if head == "flatten_dense":
        stack += [
            layers.Flatten(name="flatten"),
            layers.Dense(128, activation="relu", name="dense"),
            layers.Dense(num_classes, activation="softmax", name="output"),
        ]
    else:
        if head == "conv1x1_gap":
            stack.append(layers.Conv2D(128, 1, activation="relu", name="conv1x1_hidden"))
        stack += [
            layers.Conv2D(num_classes, 1, name="conv1x1_classes"),
            layers.GlobalAveragePooling2D(name="gap"),
            layers.Activation("softmax", name="softmax"),
        ]
    return keras.Sequential(stack, name=name or head)


def shift_images(x, dy: int, dx: int) -> np.ndarray:
    """Move every image ``dy`` pixels down and ``dx`` right (negative: up/left), filling with zeros.

    Works on ``(N, H, W)`` and ``(N, H, W, C)``; pixels pushed past the border are lost (no wrap-around).
    """
    x = np.asarray(x)
    if x.ndim not in (3, 4):
        raise ValueError(f"x must be (N, H, W) or (N, H, W, C); got shape {x.shape}")
    for v, n in ((dy, "dy"), (dx, "dx")):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise ValueError(f"{n} must be an int, got {v!r}")
    h, w = x.shape[1], x.shape[2]
    if abs(dy) >= h or abs(dx) >= w:
        raise ValueError(f"a shift of ({dy}, {dx}) moves a {h}×{w} image entirely out of the frame")
    out = np.zeros_like(x)
    src_y = slice(max(0, -dy), h - max(0, dy))
    dst_y = slice(max(0, dy), h - max(0, -dy))
    src_x = slice(max(0, -dx), w - max(0, dx))
    dst_x = slice(max(0, dx), w - max(0, -dx))
    out[:, dst_y, dst_x] = x[:, src_y, src_x]
    return out
