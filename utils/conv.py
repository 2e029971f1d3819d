"""Reference maths for convolution and pooling, in plain NumPy.

Conventions follow TensorFlow/Keras so every result can be checked against them:

* images are channels-last: ``(H, W)``, ``(H, W, C)`` or a batch ``(N, H, W, C)``;
* kernels are ``(F, F)``, ``(Fh, Fw, C_in)`` or ``(Fh, Fw, C_in, C_out)`` (TF's HWIO order);
* "convolution" means what deep-learning libraries compute: **cross-correlation**
  (the kernel is *not* flipped). :func:`convolve2d_flipped` gives the textbook convolution.

Two implementations of the same maths: :func:`conv2d_loop` (plain loops, to read) and
:func:`conv2d` (vectorised with ``sliding_window_view`` and ``einsum``).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import validate

__all__ = [
    "padding_per_side",
    "output_size",
    "same_padding",
    "pad",
    "conv2d_loop",
    "conv2d",
    "convolve2d_flipped",
    "pool2d",
    "global_pool",
    "conv_params",
    "dense_params",
    "conv_macs",
    "conv_flops",
    "model_flops",
]


# --------------------------------------------------------------------------- sizes


def output_size(n: int, f: int, stride: int = 1, padding=0) -> int:
    """Output length along one axis: ``floor((n - f + 2*padding) / stride) + 1``.

    ``padding`` is a non-negative int (zeros on *each* side), ``"valid"`` (= 0) or ``"same"``
    (TensorFlow's rule: ``ceil(n / stride)`` whatever the kernel size).

    >>> output_size(7, 3, 1), output_size(7, 3, 2), output_size(7, 3, 4)
    (5, 3, 2)
    >>> output_size(7, 3, 1, padding=1)   # zero padding 1 for a 3x3 kernel keeps the size
    7
    >>> output_size(7, 3, 2, padding="same")
    4
    """
    n = validate.integer(n, "input size n")
    f = validate.integer(f, "kernel size f")
    stride = validate.integer(stride, "stride")
    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "same":
            return math.ceil(n / stride)
        if mode != "valid":
            raise ValueError(
                f"padding must be 'valid', 'same' or a non-negative int, got {padding!r}"
            )
        padding = 0
    try:
        padding = validate.integer(padding, "padding", minimum=0)
    except ValueError:
        raise ValueError(
            f"padding must be a non-negative integer, 'valid' or 'same'; got {padding!r}"
        ) from None
    if f > n + 2 * padding:
        raise ValueError(
            f"kernel size {f} is larger than the padded input {n} + 2*{padding} = {n + 2 * padding}"
        )
    return (n - f + 2 * int(padding)) // stride + 1


def same_padding(n: int, f: int, stride: int = 1) -> tuple[int, int]:
    """TensorFlow's ``padding="same"``: zeros added ``(before, after)`` along one axis.

    The output has ``ceil(n / stride)`` positions; the total padding needed for that is split with
    the extra zero, if the total is odd, at the *end* (bottom/right).
    """
    n = validate.integer(n, "input size n")
    f = validate.integer(f, "kernel size f")
    stride = validate.integer(stride, "stride")
    out = math.ceil(n / stride)
    total = max((out - 1) * stride + f - n, 0)
    return total // 2, total - total // 2


def padding_per_side(padding, h, w, fh, fw, sh=1, sw=1):
    """A padding spec (``"valid"``, ``"same"``, an int or per-side pairs) as ``((top, bottom), (left, right))``
    for an ``h``×``w`` input, an ``fh``×``fw`` kernel and strides ``sh``, ``sw``.

    >>> padding_per_side("same", 6, 6, 3, 3, 2, 2)   # TensorFlow puts the odd zero at the end
    ((0, 1), (0, 1))
    """
    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "valid":
            return (0, 0), (0, 0)
        if mode == "same":
            return same_padding(h, fh, sh), same_padding(w, fw, sw)
        raise ValueError(f"padding must be 'valid', 'same' or a non-negative int, got {padding!r}")
    if isinstance(padding, (int, np.integer)) and not isinstance(padding, bool):
        if padding < 0:
            raise ValueError(f"padding must be non-negative, got {padding}")
        return (int(padding), int(padding)), (int(padding), int(padding))
    try:
        (t, b), (l, r) = padding
    except (TypeError, ValueError):
        raise ValueError(
            f"padding must be 'valid', 'same', an int or ((top, bottom), (left, right)); got {padding!r}"
        ) from None
    if min(t, b, l, r) < 0:
        raise ValueError(f"padding must be non-negative, got {padding!r}")
    return (int(t), int(b)), (int(l), int(r))


def pad(x, padding, value: float = 0.0) -> np.ndarray:
    """Pad the two spatial axes of ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)`` with ``value``.

    ``padding`` is an int (same on all four sides) or ``((top, bottom), (left, right))``.
    """
    x = np.asarray(x)
    if x.ndim not in (2, 3, 4):
        raise ValueError(
            f"x must have rank 2 (H, W), 3 (H, W, C) or 4 (N, H, W, C); got shape {x.shape}"
        )
    if isinstance(padding, str):
        raise ValueError(
            "pad() takes explicit amounts; use same_padding() to compute them for 'same'"
        )
    (t, b), (l, r) = padding_per_side(padding, 1, 1, 1, 1, 1, 1)
    widths = [(0, 0)] * x.ndim
    h_axis = 0 if x.ndim in (2, 3) else 1
    widths[h_axis] = (t, b)
    widths[h_axis + 1] = (l, r)
    return np.pad(x, widths, mode="constant", constant_values=value)


# --------------------------------------------------------------------------- convolution


def _as_batch(x, k):
    """Bring x to (N, H, W, C) and k to (Fh, Fw, C, K); remember how to shape the result back."""
    x = np.asarray(x, dtype=np.float64 if np.asarray(x).dtype.kind in "iub" else None)
    k = np.asarray(k, dtype=np.float64 if np.asarray(k).dtype.kind in "iub" else None)
    if x.ndim not in (2, 3, 4):
        raise ValueError(
            f"x must have rank 2 (H, W), 3 (H, W, C) or 4 (N, H, W, C); got shape {x.shape}"
        )
    if k.ndim not in (2, 3, 4):
        raise ValueError(
            f"kernel must have rank 2 (F, F), 3 (Fh, Fw, C_in) or 4 (Fh, Fw, C_in, C_out); got shape {k.shape}"
        )
    squeeze_batch = x.ndim < 4
    if x.ndim == 2:
        x = x[None, :, :, None]
    elif x.ndim == 3:
        x = x[None]
    squeeze_channel_out = k.ndim < 4
    if k.ndim == 2:
        k = k[:, :, None, None]
    elif k.ndim == 3:
        k = k[:, :, :, None]
    if x.shape[-1] != k.shape[2]:
        raise ValueError(
            f"channels mismatch: input has {x.shape[-1]} channels but the kernel expects {k.shape[2]}"
        )
    return x, k, squeeze_batch, squeeze_channel_out


def _finish(out, squeeze_batch, squeeze_channel_out):
    if squeeze_channel_out:
        out = out[..., 0]
    if squeeze_batch:
        out = out[0]
    return out


def _prepare(x, k, stride, padding):
    x, k, sb, sc = _as_batch(x, k)
    sh, sw = validate.pair(stride, "stride")
    fh, fw = k.shape[:2]
    (t, b), (l, r) = padding_per_side(padding, x.shape[1], x.shape[2], fh, fw, sh, sw)
    if fh > x.shape[1] + t + b or fw > x.shape[2] + l + r:
        raise ValueError(
            f"kernel {fh}x{fw} is larger than the padded input {x.shape[1] + t + b}x{x.shape[2] + l + r}"
        )
    xp = np.pad(x, [(0, 0), (t, b), (l, r), (0, 0)])
    return xp, k, sh, sw, sb, sc


def conv2d_loop(x, kernel, bias=None, stride=1, padding=0) -> np.ndarray:
    """Cross-correlation with plain Python loops: slide the kernel, multiply, sum, add the bias.

    Slow on purpose: every output value is computed exactly as you would by hand.
    Shapes and arguments are those of :func:`conv2d`.
    """
    xp, k, sh, sw, sb, sc = _prepare(x, kernel, stride, padding)
    n, hp, wp, c = xp.shape
    fh, fw, _, kout = k.shape
    ho, wo = (hp - fh) // sh + 1, (wp - fw) // sw + 1
    out = np.zeros((n, ho, wo, kout), dtype=np.result_type(xp, k))
    for b in range(n):
        for i in range(ho):
            for j in range(wo):
                window = xp[b, i * sh : i * sh + fh, j * sw : j * sw + fw, :]  # (fh, fw, c)
                for o in range(kout):
                    out[b, i, j, o] = np.sum(window * k[:, :, :, o])
    if bias is not None:
        out = out + _check_bias(bias, kout)
    return _finish(out, sb, sc)


def _check_bias(bias, kout):
    bias = np.asarray(bias)
    if bias.ndim == 0:
        bias = bias.reshape(1)
    if bias.shape != (kout,):
        raise ValueError(
            f"bias must have shape ({kout},), one value per output channel; got {bias.shape}"
        )
    return bias


def conv2d(x, kernel, bias=None, stride=1, padding=0) -> np.ndarray:
    """Vectorised 2-D cross-correlation (what ``tf.nn.conv2d`` / ``keras.layers.Conv2D`` compute).

    Parameters
    ----------
    x:
        ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``.
    kernel:
        ``(F, F)``, ``(Fh, Fw, C)`` or ``(Fh, Fw, C, K)``.
    bias:
        optional, shape ``(K,)`` (or a scalar for one output channel).
    stride:
        int or ``(sh, sw)``.
    padding:
        ``"valid"`` (= 0), ``"same"`` (TensorFlow's rule, see :func:`same_padding`), an int, or
        ``((top, bottom), (left, right))``.

    Returns the output with the input's batch axis and the kernel's output-channel axis
    (dropped where the inputs had none).
    """
    xp, k, sh, sw, sb, sc = _prepare(x, kernel, stride, padding)
    fh, fw = k.shape[:2]
    windows = sliding_window_view(xp, (fh, fw), axis=(1, 2))[
        :, ::sh, ::sw
    ]  # (N, Ho, Wo, C, fh, fw)
    out = np.einsum("nhwcij,ijck->nhwk", windows, k, optimize=True)
    if bias is not None:
        out = out + _check_bias(bias, k.shape[3])
    return _finish(out, sb, sc)


def convolve2d_flipped(x, kernel, **kwargs) -> np.ndarray:
    """Textbook (signal-processing) convolution: flip the kernel in both spatial axes, then correlate."""
    k = np.asarray(kernel)
    return conv2d(x, k[::-1, ::-1, ...], **kwargs)


# --------------------------------------------------------------------------- pooling


def pool2d(x, size=2, stride=None, mode: str = "max", padding="valid") -> np.ndarray:
    """Max or average pooling over ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``, channel by channel.

    ``stride`` defaults to ``size`` (non-overlapping windows, as in Keras). ``padding="same"`` follows
    TensorFlow: padded cells are ignored (never the max, not counted in the average).
    """
    x = np.asarray(x, dtype=np.float64 if np.asarray(x).dtype.kind in "iub" else None)
    if x.ndim not in (2, 3, 4):
        raise ValueError(
            f"x must have rank 2 (H, W), 3 (H, W, C) or 4 (N, H, W, C); got shape {x.shape}"
        )
    if mode not in ("max", "avg", "average"):
        raise ValueError(f"mode must be 'max' or 'avg', got {mode!r}")
    ph, pw = validate.pair(size, "pool size")
    sh, sw = validate.pair(stride if stride is not None else size, "stride")
    orig_ndim = x.ndim
    if x.ndim == 2:
        x = x[None, :, :, None]
    elif x.ndim == 3:
        x = x[None]
    (t, b), (l, r) = padding_per_side(padding, x.shape[1], x.shape[2], ph, pw, sh, sw)
    if ph > x.shape[1] + t + b or pw > x.shape[2] + l + r:
        raise ValueError(
            f"pool window {ph}x{pw} is larger than the padded input {x.shape[1] + t + b}x{x.shape[2] + l + r}"
        )
    xp = np.pad(x.astype(float), [(0, 0), (t, b), (l, r), (0, 0)], constant_values=np.nan)
    windows = sliding_window_view(xp, (ph, pw), axis=(1, 2))[
        :, ::sh, ::sw
    ]  # (N, Ho, Wo, C, ph, pw)
    reduce = np.nanmax if mode == "max" else np.nanmean
    out = reduce(windows, axis=(-2, -1)).astype(x.dtype)
    if orig_ndim == 2:
        return out[0, :, :, 0]
    if orig_ndim == 3:
        return out[0]
    return out


def global_pool(x, mode: str = "avg") -> np.ndarray:
    """Global max/average pooling: ``(N, H, W, C)`` → ``(N, C)`` (``(H, W, C)`` → ``(C,)``)."""
    x = np.asarray(x)
    if x.ndim not in (3, 4):
        raise ValueError(f"x must have rank 3 (H, W, C) or 4 (N, H, W, C); got shape {x.shape}")
    if mode not in ("max", "avg", "average"):
        raise ValueError(f"mode must be 'max' or 'avg', got {mode!r}")
    axes = (-3, -2)
    return x.max(axis=axes) if mode == "max" else x.mean(axis=axes)


# --------------------------------------------------------------------------- counting


def conv_params(f, c_in: int, c_out: int, bias: bool = True) -> int:
    """Weights of a Conv2D layer: ``(Fh * Fw * C_in + 1) * C_out`` (without the +1 if ``bias=False``)."""
    fh, fw = validate.pair(f, "kernel size")
    c_in = validate.integer(c_in, "c_in")
    c_out = validate.integer(c_out, "c_out")
    return (fh * fw * c_in + (1 if bias else 0)) * c_out


def dense_params(n_in: int, n_out: int, bias: bool = True) -> int:
    """Weights of a Dense layer: ``(n_in + 1) * n_out``."""
    return (validate.integer(n_in, "n_in") + (1 if bias else 0)) * validate.integer(n_out, "n_out")


def conv_macs(h_out: int, w_out: int, f, c_in: int, c_out: int) -> int:
    """Multiply-accumulates of one Conv2D on one image: ``H_out * W_out * Fh * Fw * C_in * C_out``."""
    fh, fw = validate.pair(f, "kernel size")
    return (
        validate.integer(h_out, "h_out")
        * validate.integer(w_out, "w_out")
        * fh
        * fw
        * validate.integer(c_in, "c_in")
        * validate.integer(c_out, "c_out")
    )


def conv_flops(h_out: int, w_out: int, f, c_in: int, c_out: int) -> int:
    """Floating-point operations of one Conv2D on one image, counting a multiply-add as 2 (biases ignored)."""
    return 2 * conv_macs(h_out, w_out, f, c_in, c_out)


def model_flops(model) -> dict:
    """Forward-pass FLOPs per image of a built Keras model, layer by layer (Conv2D and Dense).

    Returns ``{"layers": [(name, flops), ...], "total": int}``. Pooling, activations and biases are
    left out: they add about 0.3-1.4 % to the multiply-adds of the models of chapter 3 (computed there).
    """
    rows = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Conv2D":
            _, ho, wo, cout = layer.output.shape
            fh, fw, cin, _ = layer.kernel.shape
            rows.append((layer.name, conv_flops(ho, wo, (fh, fw), cin, cout)))
        elif kind == "Dense":
            n_in, n_out = layer.kernel.shape
            shape = layer.output.shape
            positions = int(np.prod(shape[1:-1])) if len(shape) > 2 else 1
            rows.append((layer.name, 2 * int(n_in) * int(n_out) * positions))
    return {"layers": rows, "total": int(sum(f for _, f in rows))}
