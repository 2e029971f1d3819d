"""The course's Keras models, a fast input pipeline, and tools to look inside a model.

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
* :func:`binary_classifier` — the one-output sigmoid classifier (``Dense(1, activation="sigmoid")``).

TensorFlow/Keras are imported inside the functions, so ``import utils.models`` is cheap and the
pure-NumPy helpers (:func:`shift_images`, :func:`receptive_field_table`) work without them.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from . import validate
from .conv import conv_params, dense_params

__all__ = [
    "mnist_convnet",
    "dense_baseline",
    "fashion_convnet",
    "same_padding_convnet",
    "binary_classifier",
    "load_pretrained",
    "pretrained_record",
    "make_dataset",
    "param_table",
    "receptive_field_table",
    "receptive_field_by_impulse",
    "layer_outputs",
    "shift_images",
    "per_class_accuracy",
    "confusion_counts",
    "layer_configs",
    "assert_same_architecture",
]


def _input_shape(shape) -> tuple[int, int, int]:
    shape = tuple(shape)
    if len(shape) != 3:
        raise ValueError(f"input_shape must be (height, width, channels) with positive ints, got {shape!r}")
    return tuple(validate.integer(d, f"input_shape {shape!r}: each size") for d in shape)


def _classes(n: int) -> int:
    n = validate.integer(n, "num_classes", minimum=2)
    return int(n)


def mnist_convnet(*, input_shape=(28, 28, 1), num_classes: int = 10, classifier: bool = True, name: str = "mnist_convnet"):
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


def dense_baseline(*, input_shape=(28, 28, 1), hidden: int = 512, num_classes: int = 10, name: str = "dense_baseline"):
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


def fashion_convnet(*, input_shape=(28, 28, 1), filters: int = 64, dense: int = 128, num_classes: int = 10,
                    name: str = "fashion_convnet"):
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


def same_padding_convnet(*, input_shape=(28, 28, 1), num_classes: int = 10, batch_norm: bool = False,
                         dropout: float = 0.0, name: str | None = None):
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
            stack += [layers.Conv2D(filters, (3, 3), padding="same", use_bias=False, name=f"conv{i}"),
                      layers.BatchNormalization(name=f"bn{i}"),
                      layers.ReLU(name=f"relu{i}")]
        else:
            stack.append(layers.Conv2D(filters, (3, 3), padding="same", activation="relu", name=f"conv{i}"))
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


def binary_classifier(*, input_shape=(28, 28, 1), filters: int = 16, dense: int = 512, name: str = "binary_classifier"):
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
        raise ValueError(f"no pretrained model named {name!r}; the course ships: {', '.join(sorted(PRETRAINED))}")
    return PRETRAINED[name]


def pretrained_record(name: str = "fashion_same_bn_dropout", *, directory=None) -> dict:
    """The training record written next to the weights: recipe, per-epoch history, test accuracy, versions."""
    entry = _pretrained_entry(name)
    path = Path(directory or WEIGHTS_DIR) / entry["record"]
    if not path.is_file():
        raise FileNotFoundError(f"training record {path} is missing; run scripts/train_pretrained.py to write it")
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
    import keras

    entry = _pretrained_entry(name)
    path = Path(directory or WEIGHTS_DIR) / entry["weights"]
    if not path.is_file():
        raise FileNotFoundError(f"weights file {path} is missing; restore it from the repository "
                                "or rebuild it with scripts/train_pretrained.py")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != entry["sha256"]:
        raise ValueError(f"weights file {path} is corrupt or not the one the course ships: SHA-256 {digest}, "
                         f"expected {entry['sha256']}; restore it from the repository, or after retraining "
                         "with scripts/train_pretrained.py put the new checksum into utils.models.PRETRAINED")
    model = same_padding_convnet(**entry["build"])
    model.load_weights(path)
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


# --------------------------------------------------------------------------- input pipeline


def make_dataset(x, y, *, batch_size: int = 128, shuffle: bool = False, seed: int = 0, cache: bool = True,
                 normalize: bool | None = None, buffer_size: int = 10000):
    """A ``tf.data`` pipeline: from_tensor_slices → (cache) → (shuffle) → batch → (normalise) → prefetch.

    ``x`` is ``(N, H, W)`` or ``(N, H, W, C)``; ``y`` has ``N`` labels (integers or one-hot rows).
    ``normalize`` (default: only when ``x`` is uint8) turns uint8 into float32 / 255 with a channel
    axis *per batch* inside TensorFlow — one vectorised op per batch, no per-image Python.
    The data are cached in memory (never on disk) after the first epoch; ``shuffle`` draws from a
    buffer of ``buffer_size`` images with a fixed ``seed`` and reshuffles every epoch.
    """
    import tensorflow as tf

    x = np.asarray(x)
    y = np.asarray(y)
    if x.ndim not in (3, 4):
        raise ValueError(f"x must be (N, H, W) or (N, H, W, C); got shape {x.shape}")
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same number of samples, got {len(x)} and {len(y)}")
    batch_size = validate.integer(batch_size, "batch_size")
    if normalize is None:
        normalize = x.dtype == np.uint8
    if not normalize and x.ndim == 3:
        raise ValueError("x has no channel axis: pass (N, H, W, 1) float images, or uint8 images with normalize=True")
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if cache:
        ds = ds.cache()
    if shuffle:
        ds = ds.shuffle(buffer_size, seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(int(batch_size))
    if normalize:
        def _to_float(xb, yb):
            xb = tf.cast(xb, tf.float32) / 255.0
            if xb.shape.rank == 3:
                xb = xb[..., tf.newaxis]
            return xb, yb

        ds = ds.map(_to_float, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)


# --------------------------------------------------------------------------- reading a model


def _shape(t) -> tuple:
    return tuple(None if d is None else int(d) for d in t.shape)


def param_table(model) -> list[dict]:
    """One row per layer: name, kind, output shape, Keras's parameter count and the formula's.

    The formula is ``(F·F·C_in + 1)·C_out`` for Conv2D (:func:`utils.conv.conv_params`),
    ``(n_in + 1)·n_out`` for Dense (:func:`utils.conv.dense_params`), ``4·C`` for BatchNormalization
    (a scale γ and shift β per channel, trained; a moving mean and variance, not trained) and 0 for every
    other layer.
    """
    rows = []
    for layer in model.layers:
        kind = type(layer).__name__
        in_shape = _shape(layer.input)
        out_shape = _shape(layer.output)
        if kind == "Conv2D":
            fh, fw = layer.kernel_size
            formula = conv_params((fh, fw), in_shape[-1], layer.filters, bias=layer.use_bias)
            how = f"({fh}·{fw}·{in_shape[-1]} + {int(layer.use_bias)})·{layer.filters}"
        elif kind == "Dense":
            formula = dense_params(in_shape[-1], layer.units, bias=layer.use_bias)
            how = f"({in_shape[-1]} + {int(layer.use_bias)})·{layer.units}"
        elif kind == "BatchNormalization":
            formula = 4 * in_shape[-1]
            how = f"4·{in_shape[-1]} (γ, β; moving mean, variance)"
        else:
            formula, how = 0, "no weights"
        rows.append({"name": layer.name, "kind": kind, "output_shape": out_shape,
                     "keras_params": int(layer.count_params()), "formula_params": int(formula), "formula": how})
    return rows


def receptive_field_table(model) -> list[dict]:
    """Receptive field of one output value after each Conv2D / pooling layer (square kernels, no dilation).

    Going through a layer with kernel (or pool window) ``k`` and stride ``s``:
    ``r_out = r_in + (k - 1)·j_in`` and ``j_out = j_in·s``, where ``j`` is the distance in input
    pixels between two neighbouring values of the layer's output (its "jump"); ``r = j = 1`` at the input.
    """
    r, j = 1, 1
    rows = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Conv2D":
            k, s = layer.kernel_size[0], layer.strides[0]
        elif kind in ("MaxPooling2D", "AveragePooling2D"):
            k, s = layer.pool_size[0], layer.strides[0]
        else:
            continue
        r, j = r + (k - 1) * j, j * s
        rows.append({"name": layer.name, "kind": kind, "output_shape": _shape(layer.output), "receptive_field": r, "jump": j})
    return rows


def receptive_field_by_impulse(model, *, position=(0, 0)) -> list[dict]:
    """Receptive fields found by experiment, in NumPy, for the Conv2D / pooling layers of ``model``.

    One input image per pixel, all zero except a 1 at that pixel, is pushed through the layers'
    geometry with all-ones kernels and max pooling (:func:`utils.conv.conv2d`, :func:`utils.conv.pool2d`);
    a non-negative input reaches an output value exactly when the pixel lies in that value's receptive
    field. For each layer, the input pixels that reach the output at ``position`` are collected and
    the height and width of the region they cover are returned.
    """
    from .conv import conv2d, pool2d

    h, w, c = _shape(model.inputs[0])[1:]
    eye = np.eye(h * w, dtype=np.float32).reshape(h * w, h, w, 1)
    x, rows = eye, []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Conv2D":
            fh, fw = layer.kernel_size
            x = conv2d(x, np.ones((fh, fw, 1, 1), np.float32), stride=layer.strides, padding=layer.padding)
        elif kind in ("MaxPooling2D", "AveragePooling2D"):
            x = pool2d(x, layer.pool_size, stride=layer.strides, padding=layer.padding)
        else:
            continue
        x = (x > 0).astype(np.float32)
        i, j = position
        if not (0 <= i < x.shape[1] and 0 <= j < x.shape[2]):
            raise ValueError(f"position {position} is outside {layer.name}'s {x.shape[1]}×{x.shape[2]} output")
        mask = x[:, i, j, 0].reshape(h, w) > 0
        ys, xs = np.nonzero(mask)
        rows.append({"name": layer.name, "output_shape": tuple(x.shape[1:3]), "height": int(ys.max() - ys.min() + 1),
                     "width": int(xs.max() - xs.min() + 1), "pixels": int(mask.sum()), "mask": mask})
    if not rows:
        raise ValueError(f"model {model.name!r} has no Conv2D or pooling layers")
    return rows


def layer_outputs(model, images, kinds=("Conv2D", "MaxPooling2D")) -> list[tuple[str, np.ndarray]]:
    """Run ``images`` through ``model`` and return ``[(layer name, output), ...]`` for the layers of ``kinds``."""
    import keras

    images = np.asarray(images, dtype="float32")
    if images.ndim != 4:
        raise ValueError(f"images must be a batch (N, H, W, C); got shape {images.shape}")
    chosen = [layer for layer in model.layers if type(layer).__name__ in kinds]
    if not chosen:
        raise ValueError(f"model {model.name!r} has no layers of kinds {kinds}")
    probe = keras.Model(inputs=model.inputs, outputs=[layer.output for layer in chosen])
    outs = probe.predict(images, verbose=0)
    if not isinstance(outs, (list, tuple)):
        outs = [outs]
    return [(layer.name, np.asarray(o)) for layer, o in zip(chosen, outs)]


# --------------------------------------------------------------------------- data helpers


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


def confusion_counts(y_true, y_pred, num_classes: int) -> np.ndarray:
    """Counts ``cm[i, j]`` of images of true class ``i`` predicted as ``j``."""
    y_true = np.asarray(y_true).ravel()
    y_pred = np.asarray(y_pred).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in length: {y_true.shape} vs {y_pred.shape}")
    num_classes = _classes(num_classes)
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


# --------------------------------------------------------------------------- page model == builder

#: Config keys that do not change what a layer computes: names, dtypes, random seeds.
_IGNORED_CONFIG_KEYS = frozenset({"name", "dtype", "seed", "build_config", "compile_config"})


def layer_configs(model) -> list[tuple[str, dict]]:
    """``(class name, config)`` of every layer of ``model``, without names, dtypes and seeds.

    Two models with equal lists compute the same function of their weights: same layer kinds in the same
    order, same filters, kernel sizes, strides, padding, activations, rates and units. Also the input
    shape is compared (as an ``"Input"`` entry first).
    """
    if not hasattr(model, "layers") or not hasattr(model, "inputs"):
        raise TypeError(f"expected a Keras model, got {type(model).__name__}")
    rows = [("Input", {"shape": tuple(model.inputs[0].shape[1:])})]
    for layer in model.layers:
        cfg = {k: v for k, v in layer.get_config().items() if k not in _IGNORED_CONFIG_KEYS}
        rows.append((type(layer).__name__, cfg))
    return rows


def assert_same_architecture(model, reference) -> None:
    """Raise ``AssertionError`` naming the first layer where ``model`` and ``reference`` differ.

    Used by the chapters (in hidden cells that nbval runs) to prove that the model written out on the page
    is the one the ``utils.models`` builder makes, which tests and exercise checks rely on.
    """
    a, b = layer_configs(model), layer_configs(reference)
    for i, ((kind_a, cfg_a), (kind_b, cfg_b)) in enumerate(zip(a, b)):
        where = f"layer {i} ({getattr(model.layers[i - 1], 'name', '?') if i else 'input'})"
        if kind_a != kind_b:
            raise AssertionError(f"{where}: {kind_a} on the page, {kind_b} in the builder")
        if cfg_a != cfg_b:
            diff = {k: (cfg_a.get(k), cfg_b.get(k)) for k in sorted(set(cfg_a) | set(cfg_b))
                    if cfg_a.get(k) != cfg_b.get(k)}
            raise AssertionError(f"{where}: {kind_a} differs (page, builder): {diff}")
    if len(a) != len(b):
        raise AssertionError(f"{len(a) - 1} layers on the page, {len(b) - 1} in the builder")
