"""Checkers for the exercises on convolution, padding, stride and pooling (chapters 1–3).

Every expected value is computed here with :mod:`utils.conv`; a wrong answer raises ``AssertionError``
with a hint aimed at the usual slip (an off-by-one, a forgotten bias, a flipped kernel, ...).
"""
from __future__ import annotations

import numpy as np

from .. import conv
from . import check_array, check_equal, passed, require_answer

__all__ = [
    "check_window_sum",
    "check_conv_function",
    "check_clipped",
    "check_conv_params",
    "check_flipped",
    "check_feature_map_shape",
    "check_output_size",
    "check_keeps_size_padding",
    "check_same_padding",
    "check_padded",
    "check_strided_conv",
    "check_pool",
    "check_pool_shape",
    "check_flatten_size",
    "check_global_pool",
    "check_shift_count",
]


# ----------------------------------------------------------------------------- chapter 1


def check_window_sum(value, patch, kernel, name: str = "window sum") -> None:
    """One output value: the sum of the element-wise products of a patch and a kernel."""
    require_answer(value, name)
    expected = conv.conv2d(np.asarray(patch, float), np.asarray(kernel, float)).item()
    hint = "Multiply each pixel by the kernel weight at the same place (× everywhere, never +), then add all nine."
    if np.isclose(float(value), conv.convolve2d_flipped(np.asarray(patch, float), np.asarray(kernel, float)).item()) \
            and not np.isclose(expected, float(value)):
        hint = "That is the flipped (textbook) convolution; Keras does not flip the kernel."
    check_equal(round(float(value), 6), round(float(expected), 6), name, hint)


def check_conv_function(fn, name: str = "my_conv2d") -> None:
    """A function ``fn(image, kernel)``: valid cross-correlation of a 2-D image, stride 1, no padding."""
    require_answer(fn, name)
    if not callable(fn):
        raise AssertionError(f"{name}: expected a function, got {type(fn).__name__}")
    rng = np.random.default_rng(123)
    for h, w, fh, fw in [(5, 5, 3, 3), (6, 8, 3, 2), (7, 4, 1, 3), (4, 4, 4, 4)]:
        x = rng.integers(-5, 6, size=(h, w)).astype(float)
        k = rng.integers(-3, 4, size=(fh, fw)).astype(float)
        expected = conv.conv2d(x, k)
        try:
            got = fn(x, k)
            require_answer(got, name)
            got = np.asarray(got, dtype=float)
        except AssertionError:
            raise
        except Exception as e:  # noqa: BLE001 - report any failure of the learner's code as a hint
            raise AssertionError(f"{name}: raised {type(e).__name__}: {e} on a {h}×{w} image and a {fh}×{fw} kernel") from None
        if got.shape != expected.shape:
            raise AssertionError(
                f"{name}: a {h}×{w} image and a {fh}×{fw} kernel gave shape {got.shape}; expected {expected.shape} "
                f"(the kernel fits in {h}−{fh}+1 rows and {w}−{fw}+1 columns).")
        if not np.allclose(got, expected):
            flipped = conv.convolve2d_flipped(x, k)
            hint = " You flipped the kernel: Conv2D does not." if np.allclose(got, flipped) else ""
            raise AssertionError(f"{name}: wrong values on a {h}×{w} image with a {fh}×{fw} kernel.{hint}")
    passed(name, "agrees with utils.conv.conv2d on 4 random cases")


def check_clipped(value, image, kernel, name: str = "clipped image") -> None:
    """The filtered image made displayable: negatives → 0, above 255 → 255."""
    require_answer(value, name)
    raw = conv.conv2d(np.asarray(image, float), np.asarray(kernel, float))
    expected = np.clip(raw, 0, 255)
    v = np.asarray(value, dtype=float)
    if v.shape == raw.shape and np.allclose(v, raw):
        raise AssertionError(f"{name}: these are the raw sums; clip them to 0–255 (np.clip).")
    check_array(v, expected, name, "Clip the convolution output: below 0 becomes 0, above 255 becomes 255.")


def check_conv_params(value, f, c_in: int, c_out: int, name: str = "parameters") -> None:
    """Weights + biases of a Conv2D layer with ``c_out`` filters of size ``f`` on ``c_in`` channels."""
    require_answer(value, name)
    expected = conv.conv_params(f, c_in, c_out)
    fh, fw = conv._pair(f, "kernel size")
    hint = ""
    if value == fh * fw * c_in * c_out:
        hint = "Each filter also has one bias."
    elif value == (fh * fw + 1) * c_out:
        hint = f"Each filter spans all {c_in} input channels."
    elif value == fh * fw * c_in + 1:
        hint = f"That is one filter; the layer has {c_out}."
    check_equal(value, expected, name, hint or "Count (F·F·C_in + 1) per filter.")


def check_flipped(value, image, kernel, name: str = "flipped convolution") -> None:
    """The textbook convolution (kernel rotated by 180°) of ``image`` with ``kernel``."""
    require_answer(value, name)
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    expected = conv.convolve2d_flipped(image, kernel)
    v = np.asarray(value, dtype=float)
    hint = "Flip the kernel in both directions (kernel[::-1, ::-1]) before sliding it."
    if v.shape == expected.shape:
        if np.allclose(v, conv.conv2d(image, kernel)):
            hint = "That is the cross-correlation (no flip)."
        elif np.allclose(v, conv.conv2d(image, kernel[::-1])) or np.allclose(v, conv.conv2d(image, kernel[:, ::-1])):
            hint = "You flipped only one axis; flip rows and columns."
    check_array(v, expected, name, hint)


def check_feature_map_shape(value, input_shape, f, filters: int, stride=1, padding="valid",
                            name: str = "output shape") -> None:
    """``(H_out, W_out, filters)`` of a Conv2D layer on a ``(H, W, C)`` input."""
    require_answer(value, name)
    h, w, _ = input_shape
    fh, fw = conv._pair(f, "kernel size")
    expected = (conv.output_size(h, fh, stride, padding), conv.output_size(w, fw, stride, padding), filters)
    hint = "One feature map per filter; each filter's map has depth 1, whatever the input's channels."
    check_equal(tuple(value) if not isinstance(value, tuple) else value, expected, name, hint)


# ----------------------------------------------------------------------------- chapter 2


def check_output_size(value, n, f, stride=1, padding=0, name: str | None = None) -> None:
    """``floor((n - f + 2p) / s) + 1`` (or ``ceil(n / s)`` for ``"same"``)."""
    name = name or f"output size (n={n}, f={f}, stride={stride}, padding={padding!r})"
    require_answer(value, name)
    expected = conv.output_size(n, f, stride, padding)
    hint = "floor((N − F + 2P) / S) + 1"
    if isinstance(padding, str) and padding == "same":
        hint = "With padding='same' the output is ceil(N / S), whatever the kernel size."
    elif value == expected - 1:
        hint = "Off by one: count the first position too (the '+ 1')."
    elif isinstance(padding, int) and value == conv.output_size(n, f, stride, 0) and padding:
        hint = "You left out the padding: add 2P (P zeros on each side)."
    elif isinstance(value, float) and not float(value).is_integer():
        hint = "The kernel cannot stop half-way: round (N − F + 2P) / S down before adding 1."
    check_equal(value, expected, name, hint)


def check_keeps_size_padding(value, f: int, name: str | None = None) -> None:
    """The zero padding (each side) that keeps the size of the input for an odd ``f`` at stride 1."""
    name = name or f"padding for a {f}×{f} kernel"
    require_answer(value, name)
    if isinstance(value, bool) or not isinstance(value, (int, np.integer, float, np.floating)) \
            or not float(value).is_integer() or value < 0:
        raise AssertionError(f"{name}: expected a non-negative whole number of pixels, got {value!r}")
    value = int(value)   # 3.0 (from a division) is as good as 3
    if any(conv.output_size(n, f, 1, value) != n for n in (f, 10, 28)):
        hint = "That is the total of both sides; the padding goes on each side." if value == f - 1 else \
            "For a kernel of width F = 2P + 1, pad P on each side."
        raise AssertionError(f"{name}: padding {value} changes the size. {hint}")
    passed(name)


def check_same_padding(value, n, f, stride=1, name: str | None = None) -> None:
    """``(before, after)`` zeros that TensorFlow adds along one axis for ``padding="same"``."""
    name = name or f"'same' padding (n={n}, f={f}, stride={stride})"
    require_answer(value, name)
    expected = conv.same_padding(n, f, stride)
    v = tuple(value)
    hint = "Output ceil(N/S); total = max((out − 1)·S + F − N, 0); the odd zero goes after (bottom/right)."
    if v == expected[::-1] and v != expected:
        hint = "TensorFlow puts the extra zero at the end (bottom/right), not at the start."
    check_equal(v, expected, name, hint)


def check_padded(value, x, p, name: str = "padded image") -> None:
    """``x`` with ``p`` zeros on every side."""
    require_answer(value, name)
    expected = conv.pad(np.asarray(x), p)
    v = np.asarray(value)
    hint = f"Pad {p} on each of the four sides: the shape grows by {2 * p} in each direction."
    if v.shape == conv.pad(np.asarray(x), ((p, 0), (p, 0))).shape or v.shape == conv.pad(np.asarray(x), ((0, p), (0, p))).shape:
        hint = f"You padded only one side of each axis; pad {p} before and {p} after."
    check_array(v, expected, name, hint)


def check_strided_conv(value, x, kernel, stride, padding=0, name: str = "strided convolution") -> None:
    """``conv2d(x, kernel, stride=stride, padding=padding)``."""
    require_answer(value, name)
    x, kernel = np.asarray(x, float), np.asarray(kernel, float)
    expected = conv.conv2d(x, kernel, stride=stride, padding=padding)
    v = np.asarray(value, dtype=float)
    hint = f"Move the kernel {stride} pixels between positions, in both directions."
    full = conv.conv2d(x, kernel, padding=padding)
    if v.shape == full.shape and np.allclose(v, full):
        hint = f"That is stride 1; keep only every {stride}-th position (rows and columns)."
    check_array(v, expected, name, hint)


# ----------------------------------------------------------------------------- chapter 3


def check_pool(value, x, size=2, stride=None, mode="max", name: str | None = None) -> None:
    """``pool2d(x, size, stride, mode)`` (valid padding)."""
    name = name or f"{mode} pooling {size}×{size}"
    require_answer(value, name)
    x = np.asarray(x, float)
    expected = conv.pool2d(x, size, stride, mode=mode)
    v = np.asarray(value, dtype=float)
    other = "avg" if mode == "max" else "max"
    hint = f"Take the {'largest value' if mode == 'max' else 'mean'} of each window."
    if v.shape == expected.shape and np.allclose(v, conv.pool2d(x, size, stride, mode=other)):
        hint = f"That is {other} pooling; this asks for {mode}."
    elif stride is None and v.shape == conv.pool2d(x, size, 1, mode=mode).shape and v.shape != expected.shape:
        hint = f"Pooling windows do not overlap by default: the stride equals the pool size ({size})."
    check_array(v, expected, name, hint)


def check_pool_shape(value, input_shape, size=2, stride=None, padding="valid", name: str = "pooled shape") -> None:
    """Shape of ``MaxPooling2D(size, stride, padding)`` applied to an ``(H, W, C)`` input."""
    require_answer(value, name)
    h, w, c = input_shape
    s = size if stride is None else stride
    expected = (conv.output_size(h, size, s, padding), conv.output_size(w, size, s, padding), c)
    hint = "Pooling keeps the channels and uses the same size formula as a convolution."
    v = tuple(value)
    if len(v) == 3 and v[:2] == (h // size, w // size) and v != expected:
        hint = "Careful: with a stride other than the pool size, use floor((N − F) / S) + 1."
    check_equal(v, expected, name, hint)


def check_flatten_size(value, n: int, layers, channels: int, name: str = "Flatten length") -> None:
    """Length of ``Flatten`` after ``layers``: a list of ``("conv", f)`` / ``("pool", size)`` on an n×n input.

    Convolutions use ``padding="valid"`` and stride 1, pools are non-overlapping; ``channels`` is the
    number of filters of the last convolution.
    """
    require_answer(value, name)
    size = n
    for kind, f in layers:
        if kind == "conv":
            size = conv.output_size(size, f)
        elif kind == "pool":
            size = conv.output_size(size, f, f)
        else:
            raise ValueError(f"layer kind must be 'conv' or 'pool', got {kind!r}")
    expected = size * size * channels
    hint = "Follow the size layer by layer: a 3×3 'valid' conv removes 2, a 2×2 pool halves (rounding down)."
    if value == size * size:
        hint = "Multiply by the number of channels too."
    check_equal(value, expected, name, hint)


def check_global_pool(value, x, mode="avg", name: str | None = None) -> None:
    """``global_pool(x, mode)``: one number per channel."""
    name = name or f"global {mode} pooling"
    require_answer(value, name)
    x = np.asarray(x, float)
    expected = conv.global_pool(x, mode)
    v = np.asarray(value, dtype=float)
    hint = "Reduce over height and width only (axis=(0, 1) for an (H, W, C) map): one value per channel."
    if v.shape == () or v.size == 1:
        hint = "That pools the channels together too; keep one value per channel."
    check_array(v, expected, name, hint)


def check_shift_count(value, x, shift, size=2, name: str = "unchanged pooled values") -> None:
    """How many max-pooled values (``size``×``size``, stride ``size``) stay the same when ``x`` is shifted
    right by ``shift`` pixels (zeros coming in on the left)."""
    require_answer(value, name)
    x = np.asarray(x, float)
    if x.ndim != 2:
        raise ValueError("check_shift_count expects a 2-D image")
    shifted = np.zeros_like(x)
    shifted[:, shift:] = x[:, : x.shape[1] - shift]
    expected = int(np.sum(conv.pool2d(x, size) == conv.pool2d(shifted, size)))
    check_equal(value, expected, name, "Pool both images and count equal entries: np.sum(a == b).")
