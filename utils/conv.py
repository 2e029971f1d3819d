"""Reference maths for convolution and pooling, in plain NumPy.

Conventions follow TensorFlow/Keras so every result can be checked against them:

* images are channels-last: ``(H, W)``, ``(H, W, C)`` or a batch ``(N, H, W, C)``;
* kernels are ``(F, F)``, ``(Fh, Fw, C_in)`` or ``(Fh, Fw, C_in, C_out)`` (TF's HWIO order);
* "convolution" means what deep-learning libraries compute: **cross-correlation**
  (the kernel is *not* flipped). :func:`convolve2d_flipped` gives the textbook convolution.

Two implementations of the same maths: :func:`conv2d_loop` (plain loops, to read) and
:func:`conv2d` (vectorised: :func:`im2col` gathers every window into one row of a matrix, and one
matrix multiply with the kernel, reshaped to ``(F·F·C_in, C_out)``, computes all the outputs; conv2d
does it in blocks of a few images or rows, which bounds the memory the matrix needs).

Padding is ``"valid"`` (none), ``"same"`` (TensorFlow's rule), ``"full"`` (``F - 1`` zeros on each
side: every position where kernel and input overlap at all) or explicit amounts. A dilated
convolution is a convolution with a dilated kernel (:func:`dilate_kernel` inserts the zeros), and a
transposed convolution (:func:`conv_transpose2d`) is a convolution of the input with zeros inserted
between its values (:func:`insert_zeros`): both are built on :func:`conv2d`, whatever computes it.
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
    "im2col",
    "convolve2d_flipped",
    "effective_kernel_size",
    "dilate_kernel",
    "insert_zeros",
    "transposed_output_size",
    "conv_transpose2d",
    "pool2d",
    "global_pool",
    "conv_params",
    "dense_params",
    "conv_macs",
    "conv_flops",
    "model_flops",
]


# --------------------------------------------------------------------------- sizes


def output_size(n: int, f: int, stride: int = 1, padding=0, dilation: int = 1) -> int:
    """Output length along one axis: ``floor((n - f + 2*padding) / stride) + 1``.

    ``padding`` is a non-negative int (zeros on *each* side), ``"valid"`` (= 0), ``"same"``
    (TensorFlow's rule: ``ceil(n / stride)`` whatever the kernel size) or ``"full"`` (``f - 1`` on
    each side: ``n + f - 1`` positions at stride 1). With ``dilation`` d the kernel covers
    :func:`effective_kernel_size` ``f + (f - 1)(d - 1)`` pixels, which takes the place of ``f``.

    >>> output_size(7, 3, 1), output_size(7, 3, 2), output_size(7, 3, 4)
    (5, 3, 2)
    >>> output_size(7, 3, 1, padding=1)   # zero padding 1 for a 3x3 kernel keeps the size
    7
    >>> output_size(7, 3, 2, padding="same")
    4
    >>> output_size(7, 3, padding="full"), output_size(7, 3, dilation=2)   # 7 + 3 - 1; kernel 5 wide
    (9, 3)
    """
    n = validate.integer(n, "input size n")
    f = effective_kernel_size(f, dilation)
    stride = validate.integer(stride, "stride")
    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "same":
            return math.ceil(n / stride)
        if mode not in ("valid", "full"):
            raise ValueError(
                f"padding must be 'valid', 'same', 'full' or a non-negative int, got {padding!r}"
            )
        padding = 0 if mode == "valid" else f - 1
    try:
        padding = validate.integer(padding, "padding", minimum=0)
    except ValueError:
        raise ValueError(
            f"padding must be a non-negative integer, 'valid', 'same' or 'full'; got {padding!r}"
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
    >>> padding_per_side("full", 6, 6, 3, 3)   # F - 1 on every side
    ((2, 2), (2, 2))
    """
    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "valid":
            return (0, 0), (0, 0)
        if mode == "same":
            return same_padding(h, fh, sh), same_padding(w, fw, sw)
        if mode == "full":
            return (fh - 1, fh - 1), (fw - 1, fw - 1)
        raise ValueError(
            f"padding must be 'valid', 'same', 'full' or a non-negative int, got {padding!r}"
        )
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


def _gather_windows(xp, fh: int, fw: int, sh: int, sw: int):
    """The im2col matrix of a padded batch ``xp`` ``(N, Hp, Wp, C)``: one row per output position
    (``n``, ``i``, ``j`` in that order), the ``fh``×``fw``×``C`` window there flattened in the kernel's
    ``(Fh, Fw, C)`` order. Returns the matrix and ``(N, H_out, W_out)``."""
    n, hp, wp, c = xp.shape
    ho, wo = (hp - fh) // sh + 1, (wp - fw) // sw + 1
    cols = np.empty((n, ho, wo, fh, fw, c), dtype=xp.dtype)
    for a in range(fh):  # one copy per kernel place (a, b): the input values it meets everywhere
        for b in range(fw):
            cols[:, :, :, a, b, :] = xp[
                :, a : a + (ho - 1) * sh + 1 : sh, b : b + (wo - 1) * sw + 1 : sw
            ]
    return cols.reshape(n * ho * wo, fh * fw * c), (n, ho, wo)


#: The largest block of the im2col matrix :func:`conv2d` builds at once (16 MiB). Blocks bound the
#: memory a large layer needs; they are not about the cache (16 MiB is more than a core's own L1/L2
#: caches hold).
#: Whether blocks are faster or slower than one matrix for the whole batch depends on the machine and
#: its load: smaller blocks (2 MiB) once timed faster on an idle machine, but each block is one call
#: into the multi-threaded BLAS, and on a busy machine every call can wait for a time slice, so fewer
#: calls won there (timed on 2 cores with benchmarks/conv_speed.py and the 32x56x56x64 layer).
_BLOCK_BYTES = 16 << 20


def _im2col_matmul(xp, k, sh: int, sw: int) -> np.ndarray:
    """Correlate the padded batch ``xp`` ``(N, Hp, Wp, C)`` with ``k`` ``(Fh, Fw, C, K)``: the im2col
    matrix times the ``(Fh·Fw·C, K)`` kernel matrix, block by block (whole images, or rows of output
    of one image), each block's product written straight into its place in the output."""
    n, hp, wp, c = xp.shape
    fh, fw, _, c_out = k.shape
    ho, wo = (hp - fh) // sh + 1, (wp - fw) // sw + 1
    kernel_matrix = k.reshape(fh * fw * c, c_out)
    out = np.empty((n, ho, wo, c_out), dtype=np.result_type(xp, k))
    rows = max(1, _BLOCK_BYTES // max(1, wo * fh * fw * c * xp.itemsize))  # output rows a block
    if rows >= ho:  # whole images per block
        per = rows // ho
        for s in range(0, n, per):
            cols, _ = _gather_windows(xp[s : s + per], fh, fw, sh, sw)
            np.matmul(cols, kernel_matrix, out=out[s : s + per].reshape(-1, c_out))
        return out
    for b in range(n):  # a large image: a few rows of its output at a time
        for i in range(0, ho, rows):
            stop = min(ho, i + rows)
            cols, _ = _gather_windows(xp[b : b + 1, i * sh : (stop - 1) * sh + fh], fh, fw, sh, sw)
            np.matmul(cols, kernel_matrix, out=out[b, i:stop].reshape(-1, c_out))
    return out


def im2col(x, f, stride=1, padding=0) -> np.ndarray:
    """The windows a convolution reads, one per row: the *im2col* matrix (CS231n's notes; Chellapilla
    et al., 2006).

    ``x`` is ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``; ``f`` the kernel size (an int or
    ``(Fh, Fw)``); ``stride`` and ``padding`` as in :func:`conv2d`. Returns a 2-D array of shape
    ``(N·H_out·W_out, Fh·Fw·C)`` (``N = 1`` without a batch axis, ``C = 1`` without a channel axis) with
    the input's dtype: row ``(n·H_out + i)·W_out + j`` is the window under the kernel at output
    position ``(i, j)`` of image ``n``, flattened in the order of a ``(Fh, Fw, C)`` kernel. So with a
    ``(Fh, Fw, C, K)`` kernel ``k``, ``im2col(x, (Fh, Fw)) @ k.reshape(-1, K)``, reshaped to
    ``(N, H_out, W_out, K)``, is ``conv2d(x, k)``: a convolution is a gather and one matrix multiply.

    >>> im2col(np.arange(9).reshape(3, 3), 2)   # four 2x2 windows, one per row
    array([[0, 1, 3, 4],
           [1, 2, 4, 5],
           [3, 4, 6, 7],
           [4, 5, 7, 8]])
    """
    x = np.asarray(x)
    if x.ndim not in (2, 3, 4):
        raise ValueError(
            f"x must have rank 2 (H, W), 3 (H, W, C) or 4 (N, H, W, C); got shape {x.shape}"
        )
    if x.dtype.kind not in "biufc":
        raise ValueError(f"x must hold numbers, got an array of dtype {x.dtype}")
    fh, fw = validate.pair(f, "kernel size f")
    sh, sw = validate.pair(stride, "stride")
    if x.ndim == 2:
        x = x[None, :, :, None]
    elif x.ndim == 3:
        x = x[None]
    (t, b), (l, r) = padding_per_side(padding, x.shape[1], x.shape[2], fh, fw, sh, sw)
    if fh > x.shape[1] + t + b or fw > x.shape[2] + l + r:
        raise ValueError(
            f"kernel {fh}x{fw} is larger than the padded input {x.shape[1] + t + b}x{x.shape[2] + l + r}"
        )
    xp = np.pad(x, [(0, 0), (t, b), (l, r), (0, 0)])
    return _gather_windows(xp, fh, fw, sh, sw)[0]


def conv2d(x, kernel, bias=None, stride=1, padding=0, dilation=1) -> np.ndarray:
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
        ``"valid"`` (= 0), ``"same"`` (TensorFlow's rule, see :func:`same_padding`), ``"full"``
        (``F - 1`` on each side), an int, or ``((top, bottom), (left, right))``.
    dilation:
        int or ``(dh, dw)``: ``d - 1`` zeros between the kernel's taps (``tf.nn.conv2d``'s
        ``dilations``, Keras's ``dilation_rate``). The kernel is dilated first
        (:func:`dilate_kernel`); padding and sizes then follow its effective size.

    Returns the output with the input's batch axis and the kernel's output-channel axis
    (dropped where the inputs had none).
    """
    kernel = dilate_kernel(kernel, dilation)
    xp, k, sh, sw, sb, sc = _prepare(x, kernel, stride, padding)
    out = _im2col_matmul(xp, k, sh, sw)
    if bias is not None:
        out = out + _check_bias(bias, k.shape[3])
    return _finish(out, sb, sc)


def convolve2d_flipped(x, kernel, **kwargs) -> np.ndarray:
    """Textbook (signal-processing) convolution: flip the kernel in both spatial axes, then correlate."""
    k = np.asarray(kernel)
    return conv2d(x, k[::-1, ::-1, ...], **kwargs)


# --------------------------------------------------------------------------- dilated and transposed


def effective_kernel_size(f, dilation=1) -> int:
    """Width covered by a kernel of width ``f`` with ``dilation - 1`` gaps between its taps:
    ``f + (f - 1)(dilation - 1)`` (Dumoulin & Visin, section 5.1).

    >>> effective_kernel_size(3, 1), effective_kernel_size(3, 2), effective_kernel_size(3, 4)
    (3, 5, 9)
    """
    f = validate.integer(f, "kernel size f")
    d = validate.integer(dilation, "dilation")
    return f + (f - 1) * (d - 1)


def _spread(a: np.ndarray, gaps, axes) -> np.ndarray:
    """``a`` with ``gap - 1`` zeros inserted between neighbours along the two ``axes``."""
    (gh, gw), (ah, aw) = gaps, axes
    if (gh, gw) == (1, 1):
        return a
    shape = list(a.shape)
    shape[ah] = (a.shape[ah] - 1) * gh + 1
    shape[aw] = (a.shape[aw] - 1) * gw + 1
    out = np.zeros(shape, dtype=a.dtype)
    every = [slice(None)] * a.ndim
    every[ah], every[aw] = slice(None, None, gh), slice(None, None, gw)
    out[tuple(every)] = a
    return out


def dilate_kernel(kernel, dilation=1) -> np.ndarray:
    """The kernel with ``dilation - 1`` zeros inserted between its taps along both spatial axes.

    ``kernel`` is ``(F, F)``, ``(Fh, Fw, C_in)`` or ``(Fh, Fw, C_in, C_out)``; ``dilation`` an int or
    ``(dh, dw)``. Correlating with the result is a dilated convolution.

    >>> dilate_kernel([[1, 2], [3, 4]], 2)
    array([[1, 0, 2],
           [0, 0, 0],
           [3, 0, 4]])
    """
    k = np.asarray(kernel)
    if k.ndim not in (2, 3, 4):
        raise ValueError(
            f"kernel must have rank 2 (F, F), 3 (Fh, Fw, C_in) or 4 (Fh, Fw, C_in, C_out); got shape {k.shape}"
        )
    return _spread(k, validate.pair(dilation, "dilation"), (0, 1))


def insert_zeros(x, stride=1) -> np.ndarray:
    """``x`` with ``stride - 1`` zeros inserted between neighbouring values along the spatial axes of
    ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)``: the input of a transposed convolution, seen as a
    convolution with stride 1 (Dumoulin & Visin, chapter 4).

    >>> insert_zeros([[1, 2], [3, 4]], 2)
    array([[1, 0, 2],
           [0, 0, 0],
           [3, 0, 4]])
    """
    x = np.asarray(x)
    if x.ndim not in (2, 3, 4):
        raise ValueError(
            f"x must have rank 2 (H, W), 3 (H, W, C) or 4 (N, H, W, C); got shape {x.shape}"
        )
    return _spread(x, validate.pair(stride, "stride"), (0, 1) if x.ndim in (2, 3) else (1, 2))


def transposed_output_size(
    n: int, f: int, stride: int = 1, padding=0, output_padding: int = 0
) -> int:
    """Output length of a transposed convolution: ``stride (n - 1) + f - 2 padding + output_padding``
    (Dumoulin & Visin, relationship 14); ``padding="same"`` gives ``n * stride``, as in Keras.

    Keras's ``Conv2DTranspose`` has ``output_padding=None`` by default, which is not always 0: with
    ``padding="valid"`` it gives ``n * stride + max(f - stride, 0)`` (8 here vs 9 in Keras for n=3,
    f=2, stride=3; the same where ``f >= stride``), and with ``"same"`` ``n * stride``. Here
    ``output_padding=0`` with ``"valid"`` is Keras's explicit 0, and with ``"same"`` Keras's None:
    Keras's explicit 0 with ``"same"`` gives ``(n - 1) stride + f - 2 floor(f / 2)`` instead, and Keras
    accepts a nonzero ``output_padding`` with ``"same"``, which this function rejects.

    >>> transposed_output_size(3, 3, 2), transposed_output_size(3, 3, 2, 1), transposed_output_size(3, 3, 2, "same")
    (7, 5, 6)
    """
    n = validate.integer(n, "input size n")
    f = validate.integer(f, "kernel size f")
    stride = validate.integer(stride, "stride")
    a = validate.integer(output_padding, "output_padding", minimum=0)
    if a >= stride:
        raise ValueError(f"output_padding must be smaller than the stride {stride}, got {a}")
    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "same":
            if a:
                raise ValueError("output_padding must be 0 with padding='same'")
            return n * stride
        if mode != "valid":
            raise ValueError(
                f"padding must be 'valid', 'same' or a non-negative int, got {padding!r}"
            )
        padding = 0
    p = validate.integer(padding, "padding", minimum=0)
    size = stride * (n - 1) + f - 2 * p + a
    if size < 1:
        raise ValueError(
            f"padding {p} crops more than the {stride * (n - 1) + f + a} values the transposed "
            "convolution makes"
        )
    return size


def conv_transpose2d(x, kernel, bias=None, stride=1, padding=0, output_padding=0) -> np.ndarray:
    """Transposed convolution (what ``keras.layers.Conv2DTranspose`` and ``tf.nn.conv2d_transpose``
    compute), as a stride-1 convolution: insert ``stride - 1`` zeros between the input's values
    (:func:`insert_zeros`), pad ``F - 1`` zeros on every side, correlate with the kernel flipped and
    its channel axes swapped (:func:`conv2d`), then crop ``padding`` from each side.

    Parameters
    ----------
    x:
        ``(H, W)``, ``(H, W, C_in)`` or ``(N, H, W, C_in)``.
    kernel:
        ``(F, F)`` or ``(Fh, Fw, C_out, C_in)``, Keras's ``Conv2DTranspose`` layout (that of the
        convolution whose transpose this is).
    stride, padding, output_padding:
        ints or pairs; ``padding`` may be ``"valid"`` (= 0) or ``"same"`` (output ``H * stride``, as in
        Keras). The output is :func:`transposed_output_size` along each axis; ``output_padding``
        (smaller than the stride) adds rows and columns at the bottom and right.
    """
    x = np.asarray(x)
    k = np.asarray(kernel)
    if x.ndim not in (2, 3, 4):
        raise ValueError(
            f"x must have rank 2 (H, W), 3 (H, W, C) or 4 (N, H, W, C); got shape {x.shape}"
        )
    if k.ndim not in (2, 4):
        raise ValueError(
            f"kernel must have rank 2 (F, F) or 4 (Fh, Fw, C_out, C_in); got shape {k.shape}"
        )
    sh, sw = validate.pair(stride, "stride")
    ah, aw = validate.pair(output_padding, "output_padding", minimum=0)
    fh, fw = k.shape[:2]
    hx, wx = x.shape[:2] if x.ndim in (2, 3) else x.shape[1:3]
    if isinstance(padding, str) and padding.lower() == "same":
        if (ah, aw) != (0, 0):
            raise ValueError("output_padding must be 0 with padding='same'")
        top, left = max(fh - sh, 0) // 2, max(fw - sw, 0) // 2
    else:
        if isinstance(padding, str) and padding.lower() == "valid":
            padding = 0
        elif isinstance(padding, str):
            raise ValueError(
                f"padding must be 'valid', 'same' or a non-negative int, got {padding!r}"
            )
        top, left = validate.pair(padding, "padding", minimum=0)
    oh = transposed_output_size(hx, fh, sh, padding if isinstance(padding, str) else top, ah)
    ow = transposed_output_size(wx, fw, sw, padding if isinstance(padding, str) else left, aw)
    forward = k[::-1, ::-1] if k.ndim == 2 else k[::-1, ::-1].transpose(0, 1, 3, 2)
    # rows/columns past the full output (output_padding, or 'same' with F < S) are zeros
    extra_h = max(top + oh - ((hx - 1) * sh + fh), 0)
    extra_w = max(left + ow - ((wx - 1) * sw + fw), 0)
    full = conv2d(
        insert_zeros(x, (sh, sw)),
        forward,
        padding=((fh - 1, fh - 1 + extra_h), (fw - 1, fw - 1 + extra_w)),
    )
    if x.ndim == 4:
        out = full[:, top : top + oh, left : left + ow]
    else:
        out = full[top : top + oh, left : left + ow]
    if bias is not None:
        out = out + _check_bias(bias, 1 if k.ndim == 2 else k.shape[2])
    return out


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
    """Forward-pass FLOPs per image of a built Keras model, layer by layer (Conv2D, Dense, and the
    DepthwiseConv2D and SeparableConv2D of chapter 8, counted with :func:`depthwise_macs` and
    :func:`separable_macs`).

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
        elif kind == "DepthwiseConv2D":
            _, ho, wo, _ = layer.output.shape
            fh, fw, cin, m = layer.kernel.shape
            rows.append((layer.name, 2 * depthwise_macs(ho, wo, (fh, fw), cin, m)))
        elif kind == "SeparableConv2D":
            _, ho, wo, cout = layer.output.shape
            fh, fw, cin, m = layer.depthwise_kernel.shape
            rows.append((layer.name, 2 * separable_macs(ho, wo, (fh, fw), cin, cout, m)))
    return {"layers": rows, "total": int(sum(f for _, f in rows))}


# --------------------------------------------------------------------------- depthwise-separable
# Chapter 8 (issue 12): MobileNet's depthwise-separable convolution, computed and counted.

__all__ += [
    "depthwise_conv2d",
    "depthwise_params",
    "depthwise_macs",
    "separable_params",
    "separable_macs",
]


def depthwise_conv2d(x, kernel, bias=None, stride=1, padding=0) -> np.ndarray:
    """Depthwise convolution (what ``keras.layers.DepthwiseConv2D`` and ``tf.nn.depthwise_conv2d``
    compute): each input channel is correlated with its own filters, and the channels are never
    mixed.

    Parameters
    ----------
    x:
        ``(H, W, C)`` or ``(N, H, W, C)``.
    kernel:
        ``(Fh, Fw, C)`` (one filter per channel) or ``(Fh, Fw, C, M)`` (``M`` filters per channel,
        Keras's ``depth_multiplier``), the layout of Keras's ``depthwise_kernel``.
    bias:
        optional, shape ``(C·M,)``.
    stride, padding:
        as in :func:`conv2d`.

    Returns ``(H_out, W_out, C·M)`` (with the batch axis if ``x`` had one); output channel
    ``c·M + m`` is channel ``c`` correlated with filter ``m`` of that channel, the order of Keras and
    TensorFlow. Channel by channel it is :func:`conv2d` of one channel with one filter.

    >>> x = np.arange(32.0).reshape(4, 4, 2)
    >>> k = np.ones((3, 3, 2))
    >>> depthwise_conv2d(x, k)[..., 0]   # channel 0 (even values) summed over 3x3 windows
    array([[ 90., 108.],
           [162., 180.]])
    """
    x = np.asarray(x)
    k = np.asarray(kernel)
    if x.ndim not in (3, 4):
        raise ValueError(f"x must have rank 3 (H, W, C) or 4 (N, H, W, C); got shape {x.shape}")
    if k.ndim not in (3, 4):
        raise ValueError(
            "kernel must have rank 3 (Fh, Fw, C) or 4 (Fh, Fw, C, depth_multiplier); "
            f"got shape {k.shape}"
        )
    if x.dtype.kind not in "biuf" or k.dtype.kind not in "biuf":
        raise ValueError(f"x and kernel must hold real numbers, got {x.dtype} and {k.dtype}")
    xp, k, sh, sw, squeeze_batch, _ = _prepare(x, k, stride, padding)
    n, hp, wp, c = xp.shape
    fh, fw, _, m = k.shape
    ho, wo = (hp - fh) // sh + 1, (wp - fw) // sw + 1
    out = np.zeros((n, ho, wo, c, m), dtype=np.result_type(xp, k))
    for a in range(fh):  # one kernel tap (a, b) at a time, for every position and channel
        for b in range(fw):
            window = xp[:, a : a + (ho - 1) * sh + 1 : sh, b : b + (wo - 1) * sw + 1 : sw, :]
            out += window[..., None] * k[a, b]
    out = out.reshape(n, ho, wo, c * m)
    if bias is not None:
        out = out + _check_bias(bias, c * m)
    return out[0] if squeeze_batch else out


def depthwise_params(f, c_in: int, depth_multiplier: int = 1, bias: bool = True) -> int:
    """Weights of a ``DepthwiseConv2D`` layer: ``(Fh·Fw + 1)·C_in·M`` (without the ``+ 1`` if
    ``bias=False``); ``M`` is the depth multiplier.

    >>> depthwise_params(3, 256), depthwise_params(3, 256, bias=False)
    (2560, 2304)
    """
    fh, fw = validate.pair(f, "kernel size")
    c_in = validate.integer(c_in, "c_in")
    m = validate.integer(depth_multiplier, "depth_multiplier")
    return (fh * fw + (1 if bias else 0)) * c_in * m


def depthwise_macs(h_out: int, w_out: int, f, c_in: int, depth_multiplier: int = 1) -> int:
    """Multiply-accumulates of one ``DepthwiseConv2D`` on one image: ``H_out·W_out·Fh·Fw·C_in·M``
    (each output value reads one ``Fh``×``Fw`` window of one channel)."""
    fh, fw = validate.pair(f, "kernel size")
    return (
        validate.integer(h_out, "h_out")
        * validate.integer(w_out, "w_out")
        * fh
        * fw
        * validate.integer(c_in, "c_in")
        * validate.integer(depth_multiplier, "depth_multiplier")
    )


def separable_params(f, c_in: int, c_out: int, depth_multiplier: int = 1, bias: bool = True) -> int:
    """Weights of a ``SeparableConv2D`` layer: the depthwise kernel ``Fh·Fw·C_in·M``, the pointwise
    (1×1) kernel ``C_in·M·C_out`` and, with ``bias``, one bias per output channel ``C_out`` — Keras's
    layer has a single bias, after the pointwise step (a ``DepthwiseConv2D`` followed by a 1×1
    ``Conv2D`` has two: :func:`depthwise_params` + :func:`conv_params`).

    >>> separable_params(3, 256, 256), conv_params(3, 256, 256)
    (68096, 590080)
    """
    c_out = validate.integer(c_out, "c_out")
    m = validate.integer(depth_multiplier, "depth_multiplier")
    depthwise = depthwise_params(f, c_in, m, bias=False)
    return depthwise + conv_params(1, c_in * m, c_out, bias=bias)


def separable_macs(
    h_out: int, w_out: int, f, c_in: int, c_out: int, depth_multiplier: int = 1
) -> int:
    """Multiply-accumulates of one ``SeparableConv2D`` on one image: the depthwise step
    (:func:`depthwise_macs`) plus the 1×1 pointwise step ``H_out·W_out·C_in·M·C_out``. Against a
    standard convolution (:func:`conv_macs`) the ratio is ``1/C_out + 1/(Fh·Fw)`` for ``M = 1``
    (Howard et al., 2017, section 3.1).

    >>> separable_macs(28, 28, 3, 256, 256), conv_macs(28, 28, 3, 256, 256)
    (53186560, 462422016)
    """
    m = validate.integer(depth_multiplier, "depth_multiplier")
    depthwise = depthwise_macs(h_out, w_out, f, c_in, m)
    return depthwise + conv_macs(h_out, w_out, 1, c_in * m, c_out)
