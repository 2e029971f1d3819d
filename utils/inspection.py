"""Looking inside Keras models: parameter tables, receptive fields, layer outputs, architecture checks.

* :func:`param_table` — each layer's output shape and parameters, with the formula that gives them;
* :func:`receptive_field_table` / :func:`receptive_field_by_impulse` — how many input pixels each layer
  sees, by the formula and by experiment;
* :func:`layer_outputs` — the feature maps of chosen layers for a batch of images;
* :func:`layer_configs` / :func:`assert_same_architecture` — proof that a model written out on a page
  and the builder in :mod:`utils.models` are the same network.

TensorFlow/Keras are imported inside the functions.
"""

from __future__ import annotations

import numpy as np

from .conv import conv_params, dense_params, effective_kernel_size

__all__ = [
    "param_table",
    "receptive_field_table",
    "receptive_field_by_impulse",
    "layer_outputs",
    "layer_configs",
    "assert_same_architecture",
]


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
        rows.append(
            {
                "name": layer.name,
                "kind": kind,
                "output_shape": out_shape,
                "keras_params": int(layer.count_params()),
                "formula_params": int(formula),
                "formula": how,
            }
        )
    return rows


def receptive_field_table(model) -> list[dict]:
    """Receptive field of one output value after each Conv2D / pooling layer (square kernels).

    Going through a layer with kernel (or pool window) ``k`` and stride ``s``:
    ``r_out = r_in + (k - 1)·j_in`` and ``j_out = j_in·s``, where ``j`` is the distance in input
    pixels between two neighbouring values of the layer's output (its "jump"); ``r = j = 1`` at the input.
    A dilated kernel counts with its effective size ``k + (k - 1)(d - 1)``
    (:func:`utils.conv.effective_kernel_size`).
    """
    r, j = 1, 1
    rows = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Conv2D":
            k = effective_kernel_size(layer.kernel_size[0], layer.dilation_rate[0])
            s = layer.strides[0]
        elif kind in ("MaxPooling2D", "AveragePooling2D"):
            k, s = layer.pool_size[0], layer.strides[0]
        else:
            continue
        r, j = r + (k - 1) * j, j * s
        rows.append(
            {
                "name": layer.name,
                "kind": kind,
                "output_shape": _shape(layer.output),
                "receptive_field": r,
                "jump": j,
            }
        )
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
            x = conv2d(
                x,
                np.ones((fh, fw, 1, 1), np.float32),
                stride=layer.strides,
                padding=layer.padding,
                dilation=layer.dilation_rate,
            )
        elif kind in ("MaxPooling2D", "AveragePooling2D"):
            x = pool2d(x, layer.pool_size, stride=layer.strides, padding=layer.padding)
        else:
            continue
        x = (x > 0).astype(np.float32)
        i, j = position
        if not (0 <= i < x.shape[1] and 0 <= j < x.shape[2]):
            raise ValueError(
                f"position {position} is outside {layer.name}'s {x.shape[1]}×{x.shape[2]} output"
            )
        mask = x[:, i, j, 0].reshape(h, w) > 0
        ys, xs = np.nonzero(mask)
        rows.append(
            {
                "name": layer.name,
                "output_shape": tuple(x.shape[1:3]),
                "height": int(ys.max() - ys.min() + 1),
                "width": int(xs.max() - xs.min() + 1),
                "pixels": int(mask.sum()),
                "mask": mask,
            }
        )
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
            diff = {
                k: (cfg_a.get(k), cfg_b.get(k))
                for k in sorted(set(cfg_a) | set(cfg_b))
                if cfg_a.get(k) != cfg_b.get(k)
            }
            raise AssertionError(f"{where}: {kind_a} differs (page, builder): {diff}")
    if len(a) != len(b):
        raise AssertionError(f"{len(a) - 1} layers on the page, {len(b) - 1} in the builder")
