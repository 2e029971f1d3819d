"""Checkers for the exercises on convolution, padding, stride and pooling (chapters 1–3).

Every expected value is computed here with :mod:`utils.conv`. Each checker first reads its answer
with the validators of :mod:`utils.checks` (or its own, for shapes and pairs), so that an answer of the
wrong type or shape gets a hint that names it; then it compares the answer with the usual slips of its
question (an off-by-one, a forgotten bias, a flipped kernel, the batch axis, a total where a pair is
asked, ...) and says which one it sees. Where several parts of an answer are wrong, it names each.
"""

from __future__ import annotations

import inspect
import math
import numbers

import numpy as np

from .. import conv, validate
from . import Hint, as_array, as_ints, as_number, checker, describe, passed, require_answer

__all__ = [
    "check_window_sum",
    "check_conv_function",
    "check_clipped",
    "check_conv_params",
    "check_flipped",
    "check_flip_is_negation",
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


# ----------------------------------------------------------------------------- private helpers


def _same(a, b, atol: float = 1e-6) -> bool:
    """Arrays of the same shape and (nearly) the same values; never raises."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=0, atol=atol))


def _first_difference(value, expected, tolerance: str = "") -> str:
    """Where to look first: the index of the largest difference, with the learner's value there."""
    value, expected = np.asarray(value, float), np.asarray(expected, float)
    where = np.unravel_index(int(np.argmax(np.abs(value - expected))), value.shape)
    at = tuple(int(i) for i in where)
    return (
        f"the shape is right but some values are not (first look at index {at}, where yours is "
        f"{value[where]:g})" + (f"; values are compared to within {tolerance}" if tolerance else "")
    )


def _no_bools(arr: np.ndarray, name: str, what: str) -> None:
    if arr.dtype.kind == "b":
        raise Hint(
            f"{name}: {what} is asked, but your answer is an array of True/False (the result of a "
            "comparison such as `a > 0` or `a == b`), not the numbers themselves."
        )


def _a(n) -> str:
    """'a' or 'an' before a number as it is read aloud: an 8, an 11, an 18, an 80; a 3, a 28."""
    digits = str(n)
    return "an" if digits.startswith("8") or digits in ("11", "18") else "a"


def _nth(k: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(k, f"{k}th")


def _read_array(value, name: str, ndim: int, what: str) -> np.ndarray:
    """``value`` as a float array with ``ndim`` axes; a hint for text, ragged lists, booleans, scalars,
    and for Keras's batch and channel axes of length 1 left on."""
    try:
        shape = np.shape(value) if not isinstance(value, str) else ()
    except Exception:  # noqa: BLE001 - ragged lists are reported by as_array
        shape = ()
    if len(shape) > ndim and value is not None:
        extra = len(shape) - ndim
        index = None
        if extra == 2 and shape[0] == 1 and shape[-1] == 1:
            index, axes = (
                "[0, ..., 0]" if ndim != 2 else "[0, :, :, 0]",
                "the batch and channel axes",
            )
        elif extra == 1 and shape[0] == 1:
            index, axes = "[0]", "the batch axis"
        elif extra == 1 and shape[-1] == 1:
            index, axes = "[..., 0]" if ndim != 2 else "[:, :, 0]", "the channel axis"
        if index:
            keras = " (Keras's batch, height, width, channels)" if extra == 2 else ""
            raise Hint(
                f"{name}: {what} is asked, with {ndim} axes; yours has shape {tuple(shape)}"
                f"{keras}. Drop {axes} (length 1): take out{index}."
            )
    arr = as_array(
        value,
        name,
        ndim=ndim,
        shape_hint=f"{what[0].upper() + what[1:]} is asked: a grid of numbers, rows × columns.",
    )
    _no_bools(arr, name, what)
    return arr.astype(float)


def _shape_answer(value, name: str, *, kernel_shape=None) -> tuple:
    """``value`` as ``(height, width, channels)``; a hint for a batch axis, two entries, a kernel shape."""
    require_answer(value, name)
    what = "a shape of three whole numbers (height, width, channels)"
    if (
        isinstance(value, (str, bytes))
        or isinstance(value, (numbers.Number, np.bool_))
        or (isinstance(value, np.ndarray) and value.ndim == 0)
    ):
        raise Hint(
            f"{name}: {what} is asked, but your answer is {describe(value)}. Write it as a tuple, "
            "e.g. (height, width, channels)."
        )
    try:
        items = list(value)
    except TypeError:
        raise Hint(f"{name}: {what} is asked, but your answer is {describe(value)}.") from None
    if len(items) == 4:
        if items[0] is None or (isinstance(items[0], numbers.Number) and items[0] == 1):
            raise Hint(
                f"{name}: your answer {tuple(items)} has four entries. The question asks for the shape of "
                "the output for ONE image: leave out the batch axis (the first entry, None in "
                "model.summary() and model.output_shape)."
            )
        if kernel_shape is not None and tuple(items) == tuple(kernel_shape):
            raise Hint(
                f"{name}: {tuple(items)} is the shape of the layer's kernel, its weights "
                "(Fh, Fw, C_in, filters). The question asks for the shape of the layer's OUTPUT, "
                "(height, width, channels)."
            )
    if len(items) == 2:
        raise Hint(
            f"{name}: your answer {tuple(items)} has two entries: the channels are missing. A feature map "
            "has a height, a width and a number of channels: (height, width, channels)."
        )
    return _ints(value, items, name, 3, what)


def _ints(value, items: list, name: str, length: int, what: str) -> tuple:
    """``items`` (the entries of ``value``) as ``length`` ints; a hint that counts them in words, and
    one for an answer wrapped in an extra list, ``[(1, 2)]``."""
    if len(items) != length:
        if len(items) == 1:
            try:
                wrapped = np.asarray(items[0]).dtype.kind in "iuf" and np.shape(items[0]) == (
                    length,
                )
            except Exception:  # noqa: BLE001 - ragged lists and other oddities
                wrapped = False
            if wrapped:
                raise Hint(
                    f"{name}: {what} is asked; your answer is {describe(value)}, one entry that holds "
                    f"{length} numbers. Drop the outer brackets: give the {length} numbers themselves."
                )
        count = f"{len(items)} {'entry' if len(items) == 1 else 'entries'}"
        raise Hint(f"{name}: {what} is asked; yours has {count} ({describe(value)}).")
    return as_ints(items, name, length, what=what)


def _report(name: str, problems: list[str], fallback: str) -> None:
    """Raise one hint that names every problem found (or ``fallback`` when none was recognised)."""
    problems = [p for p in problems if p]
    if len(problems) == 1:
        raise Hint(f"{name}: {problems[0]}")
    if problems:
        raise Hint(f"{name}: " + " ".join(f"({i}) {p}" for i, p in enumerate(problems, 1)))
    raise Hint(f"{name}: {fallback}")


# ----------------------------------------------------------------------------- chapter 1


@checker
def check_window_sum(value, patch, kernel, name: str = "window sum") -> None:
    """One output value: the sum of the element-wise products of a patch and a kernel."""
    v = as_number(
        value,
        name,
        many_hint="One output value is one number: add the products up, e.g. "
        "(kernel * patch).sum().",
    )
    p, k = np.asarray(patch, float), np.asarray(kernel, float)
    expected = float((p * k).sum())
    if np.isclose(v, expected, rtol=0, atol=1e-6):
        passed(
            name, "the kernel and the patch are multiplied place by place, and the products added"
        )
        return
    hint = (
        "Multiply each pixel by the kernel weight at the same place (× everywhere, never +), then add "
        f"all {k.size} products."
    )
    plus_slips = [
        (i, j)
        for i in range(k.shape[0])
        for j in range(k.shape[1])
        if k[i, j] * p[i, j] != k[i, j] + p[i, j]
        and np.isclose(v, expected - k[i, j] * p[i, j] + k[i, j] + p[i, j])
    ]
    flipped = float((p * k[::-1, ::-1]).sum())
    if plus_slips:
        i, j = plus_slips[0]
        hint = (
            f"At row {i}, column {j} you added the weight and the pixel ({k[i, j]:g} + {p[i, j]:g}) instead "
            f"of multiplying them ({k[i, j]:g} × {p[i, j]:g}) — the slip of the study note: never +."
        )
    elif not np.isclose(flipped, expected) and np.isclose(v, flipped):
        hint = (
            "That is the flipped (textbook) convolution; Keras does not flip the kernel: "
            "kernel[i, j] × patch[i, j]."
        )
    elif np.isclose(v, float((k + p).sum())):
        hint = (
            "You added weights and pixels; multiply them place by place (kernel * patch), then sum."
        )
    elif np.isclose(v, float((k @ p).sum())) or np.isclose(v, float((p @ k).sum())):
        hint = (
            "That is the sum of a matrix product (@ or np.dot). A convolution multiplies element by element: "
            "kernel * patch, then .sum()."
        )
    elif np.isclose(v, expected / k.size):
        hint = (
            f"That is the mean of the products; a convolution adds them (no division by {k.size})."
        )
    elif np.isclose(v, -expected):
        hint = "The sign is wrong: check the negative weights of the kernel."
    elif np.isclose(v, float(np.clip(expected, 0, 255))):
        hint = "The question asks for the sum itself; clipping to 0–255 is only for showing it as a pixel."
    raise Hint(f"{name}: {v:g} is not the sum of the products. {hint}")


# Library functions that do the whole convolution: using one inside my_conv2d skips the exercise.
_SHORTCUTS = {
    "conv2d",
    "conv2d_loop",
    "convolve2d_flipped",
    "apply_kernel",
    "correlate2d",
    "convolve2d",
    "fftconvolve",
    "oaconvolve",
    "Conv2D",
    "convolution",
}
# Libraries that convolve for you: any use of them inside my_conv2d skips the exercise.
_LIBRARIES = {"scipy", "tensorflow", "keras", "torch", "cv2", "skimage"}
# The Fourier transform computes the same numbers without sliding a window (the convolution theorem).
_FOURIER = {"fft", "fft2", "fftn", "ifft", "ifft2", "ifftn", "rfft", "rfft2", "rfftn", "irfft2"}


def _shortcuts_in(fn) -> tuple[set, set, bool]:
    """What ``fn`` (or a function of the learner's it calls) leaves the convolution to, read from the
    compiled code: (whole-convolution functions it calls, convolving libraries it uses, whether it
    goes through the Fourier transform). Functions the learner defined themselves are followed; a
    function of the course's ``utils`` that convolves (``images.apply_kernel``) counts as a shortcut."""
    calls, libraries, fourier, seen = set(), set(), [False], set()

    def course_shortcut(obj) -> bool:  # a utils function that (directly) calls a shortcut
        code = getattr(obj, "__code__", None)
        return code is not None and bool(set(code.co_names) & _SHORTCUTS)

    def walk(code, globs):
        if code in seen:
            return
        seen.add(code)
        for n in code.co_names:
            obj = globs.get(n)
            module = (getattr(obj, "__module__", None) or "") if callable(obj) else ""
            if inspect.isfunction(obj) and obj.__globals__ is globs:  # the learner's own helper
                walk(obj.__code__, globs)
            elif n in _FOURIER or (
                inspect.ismodule(obj) and obj.__name__ in ("numpy.fft", "scipy.fft")
            ):
                fourier[0] = True
            elif module.split(".")[-1] in ("fft", "_pocketfft"):  # from numpy.fft import fft2
                fourier[0] = True
            elif n in _SHORTCUTS:
                calls.add(n)
            elif callable(obj) and getattr(obj, "__name__", "") in _SHORTCUTS:
                calls.add(obj.__name__)  # from utils.conv import conv2d as c
            elif inspect.ismodule(obj) and obj.__name__.split(".")[0] in _LIBRARIES:
                libraries.add(obj.__name__)  # scipy.ndimage, tf, ...
            elif module.split(".")[0] in _LIBRARIES:
                calls.add(f"{module}.{getattr(obj, '__name__', n)}")
            elif module.startswith("utils.") and course_shortcut(obj):
                calls.add(obj.__name__)
        for c in code.co_consts:
            if inspect.iscode(c):
                walk(c, globs)

    code = getattr(fn, "__code__", None)
    if code is not None:
        walk(code, getattr(fn, "__globals__", {}))
    return calls, libraries, fourier[0]


def _names(items) -> str:
    items = sorted(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@checker
def check_conv_function(fn, name: str = "my_conv2d") -> None:
    """A function ``fn(image, kernel)``: valid cross-correlation of a 2-D image, stride 1, no padding,
    written by hand (not a call of ``conv.conv2d``, SciPy or TensorFlow)."""
    require_answer(fn, name)
    if not callable(fn):
        extra = (
            " It looks like the result of calling your function: pass the function itself, "
            f"check_conv_function({name}), without brackets."
            if isinstance(fn, (np.ndarray, list, tuple))
            else ""
        )
        raise Hint(
            f"{name}: a function is asked (def {name}(image, kernel): ...), but your answer is "
            f"{describe(fn)}.{extra}"
        )
    module = getattr(fn, "__module__", "") or ""
    if module.split(".")[0] in {"utils", "numpy"} | _LIBRARIES:
        raise Hint(
            f"{name}: that is a library function ({module}.{getattr(fn, '__name__', '')}). The exercise "
            "is to write the sliding window yourself: loops over the output positions, or NumPy slicing."
        )
    calls, libraries, fourier = _shortcuts_in(fn)
    yourself = (
        "Write the sliding window yourself: loop over the output positions (or use NumPy slicing) "
        "and sum image-patch × kernel at each."
    )
    if calls or libraries:
        used = [f"calls {_names(calls)}"] if calls else []
        used += [f"uses {_names(libraries)}"] if libraries else []
        does = "does" if len(calls) + len(libraries) == 1 else "do"
        raise Hint(
            f"{name}: your function {' and '.join(used)}, which {does} the whole convolution. "
            + yourself
        )
    if fourier:
        raise Hint(
            f"{name}: your function goes through the Fourier transform (np.fft), which gives the same "
            "numbers without sliding any window — the convolution theorem, not what this exercise "
            "practises. " + yourself
        )
    rng = np.random.default_rng(123)
    # a square case first, then non-square kernels and images, then a kernel as large as the image;
    # whole numbers first (easy to follow by hand), then fractions, which an int array would cut
    cases = [(5, 5, 3, 3, False), (6, 8, 3, 2, False), (7, 4, 1, 3, True), (4, 4, 4, 4, True)]
    for h, w, fh, fw, fractions in cases:
        if fractions:
            x, k = rng.normal(size=(h, w)).round(2), rng.normal(size=(fh, fw)).round(2)
        else:
            x = rng.integers(-5, 6, size=(h, w)).astype(float)
            k = rng.integers(-3, 4, size=(fh, fw)).astype(float)
        expected = conv.conv2d(x, k)
        case = f"{_a(h)} {h}×{w} image and {_a(fh)} {fh}×{fw} kernel"
        try:
            got = fn(x.copy(), k.copy())
        except Exception as e:  # noqa: BLE001 - report any failure of the learner's code as a hint
            extra = ""
            if isinstance(e, TypeError) and "argument" in str(e):
                extra = f" Define it with two parameters: def {name}(image, kernel)."
            elif isinstance(e, (IndexError, ValueError)) and (fh != fw or h != w):
                extra = " Does your code assume a square kernel or image? Use kernel.shape and image.shape."
            raise Hint(
                f"{name}: on {case} your function raised {type(e).__name__}: {e}.{extra}"
            ) from None
        if got is ...:
            require_answer(got, name)
        if got is None:
            raise Hint(
                f"{name}: your function returned None on {case}: did you forget `return out`?"
            )
        whole = np.asarray(got).dtype.kind in "iub" if hasattr(got, "dtype") else False
        try:
            got = np.asarray(got, dtype=float)
        except Exception:  # noqa: BLE001
            raise Hint(
                f"{name}: on {case} your function returned {describe(got)}, not an array of numbers."
            ) from None
        if got.shape != expected.shape:
            hint = f"the kernel fits in {h} − {fh} + 1 rows and {w} − {fw} + 1 columns"
            if got.shape == (h - fh + 1, w - fh + 1) or got.shape == (h - fw + 1, w - fw + 1):
                hint = "your function seems to assume a square kernel: use both kernel.shape[0] and kernel.shape[1]"
            elif got.shape == (h - fh + 1, h - fw + 1) or got.shape == (w - fh + 1, w - fw + 1):
                hint = "your function seems to assume a square image: use both image.shape[0] and image.shape[1]"
            elif got.shape == (h - fh, w - fw):
                hint = f"off by one: {hint} — the + 1 counts the first position: range(h - fh + 1)"
            elif got.shape == (h, w):
                eh, ew = expected.shape
                if _same(got[:eh, :ew], expected):
                    hint = (
                        "the right sums fill its top-left corner: you made the output with the "
                        "input's shape (np.zeros_like(image)?); it is (H − Fh + 1, W − Fw + 1)"
                    )
                elif _same(got, conv.conv2d(x, k, padding="same")):
                    hint = (
                        "the output has the input's size, as with padding; this asks for no padding"
                    )
                else:
                    hint = (
                        "the output has the input's size (made with np.zeros_like(image), or "
                        "padded?); without padding it is (H − Fh + 1, W − Fw + 1)"
                    )
            raise Hint(
                f"{name}: {case} gave shape {got.shape}; expected {expected.shape} ({hint})."
            )
        if not np.allclose(got, expected):
            if (
                fractions
                and np.allclose(got, np.trunc(expected))
                or (whole and np.allclose(got, np.round(expected)))
            ):
                raise Hint(
                    f"{name}: on {case} (with fractions) your values are cut to whole numbers: the "
                    "output array holds integers (np.zeros(..., dtype=int), np.zeros_like of an int "
                    "image, or astype(int)). Make it a float array: np.zeros((H − Fh + 1, W − Fw + 1))."
                )
            if np.allclose(got, conv.convolve2d_flipped(x, k)):
                raise Hint(
                    f"{name}: on {case} you flipped the kernel: Conv2D does not (cross-correlation)."
                )
            if fh == fw and h == w and np.allclose(got, conv.conv2d(x, k.T)):
                raise Hint(
                    f"{name}: on {case} you used the kernel transposed (rows and columns swapped)."
                )
            raise Hint(
                f"{name}: wrong values on {case}: {_first_difference(got, expected)}. At each "
                "position (i, j) sum image[i:i + Fh, j:j + Fw] * kernel."
            )
    passed(
        name,
        "agrees with utils.conv.conv2d on 4 random cases, square and not, whole numbers and "
        "fractions",
    )


@checker
def check_clipped(value, image, kernel, name: str = "clipped image") -> None:
    """The filtered image made displayable: negatives → 0, above 255 → 255."""
    raw = conv.conv2d(np.asarray(image, float), np.asarray(kernel, float))
    expected = np.clip(raw, 0, 255)
    v = _read_array(value, name, 2, "the clipped filtered image")
    if v.shape != expected.shape:
        h, w = np.asarray(image).shape
        fh, fw = np.shape(kernel)[:2]
        hint = (
            f"without padding {_a(fh)} {fh}×{fw} kernel fits in "
            f"{expected.shape[0]}×{expected.shape[1]} positions"
        )
        if v.shape == (h, w):
            hint = (
                "that is the size of the input: did you clip the image instead of the filtered result, or pad? "
                "Filter first (no padding), then clip"
            )
        raise Hint(f"{name}: your answer has shape {v.shape}; expected {expected.shape} ({hint}).")
    if _same(v, expected):
        passed(
            name, "an image viewer can show only 0 (black) to 255 (white), so the sums are clipped"
        )
        return
    problems = []
    if _same(v, raw):
        problems.append("these are the raw sums; clip them to 0–255 (np.clip(x, 0, 255)).")
    elif _same(v, np.maximum(raw, 0)):
        problems.append(
            "you set the negatives to 0 (as ReLU does) but left the values above 255: clip both ends, "
            "np.clip(x, 0, 255)."
        )
    elif _same(v, np.minimum(raw, 255)):
        problems.append(
            "you capped the values above 255 but left the negatives: clip both ends, np.clip(x, 0, 255)."
        )
    elif _same(v, raw.astype(np.int64).astype(np.uint8)):
        problems.append(
            "astype(np.uint8) wraps around (−1 becomes 255, 256 becomes 0); clip to 0–255 first."
        )
    elif _same(v, expected / 255) or _same(v, raw / 255):
        problems.append("the values are divided by 255: keep the 0–255 pixel scale.")
    _report(
        name,
        problems,
        _first_difference(v, expected) + ". Filter with the kernel, then clip: "
        "below 0 becomes 0, above 255 becomes 255.",
    )


@checker
def check_conv_params(value, f, c_in: int, c_out: int, name: str = "parameters") -> None:
    """Weights + biases of a Conv2D layer with ``c_out`` filters of size ``f`` on ``c_in`` channels."""
    v = as_number(
        value,
        name,
        many_hint="Give one number: all the weights and biases of the layer, added up "
        "(model.count_params() counts the same).",
    )
    expected = conv.conv_params(f, c_in, c_out)
    fh, fw = validate.pair(f, "kernel size")
    if not v.is_integer():
        raise Hint(
            f"{name}: {v:g} is not a whole number, and parameters are counted one by one: nothing in "
            "(Fh·Fw·C_in + 1) × filters divides. Count the weights of one filter, add its bias, "
            "multiply by the number of filters."
        )
    v = int(v)
    if v == expected:
        passed(
            name,
            f"each of the {c_out} filters has {fh}×{fw}×{c_in} weights (it spans every input "
            "channel) and one bias",
        )
        return
    known = [
        (
            fh * fw * c_in * c_out,
            "you counted the weights but not the biases: each filter also has one bias.",
        ),
        (
            (fh * fw + 1) * c_out,
            (
                f"each filter spans all {c_in} input channels: it has {fh}×{fw}×{c_in} weights, "
                f"not {fh}×{fw}."
            ),
        ),
        (fh * fw * c_out, f"each filter spans all {c_in} input channels, and has one bias."),
        (fh * fw * c_in + 1, f"that is one filter; the layer has {c_out}."),
        (
            fh * fw * c_in,
            f"that is the weights of one filter; the layer has {c_out} filters, each with a bias.",
        ),
        (
            (fh * fw + 1) * c_in * c_out,
            "one bias per filter, not one per filter and input channel.",
        ),
        (fh * fw * c_in * c_out + c_in, f"one bias per filter ({c_out}), not per input channel."),
        ((fh * fw * c_in + 1) * c_out + c_out, "one bias per filter, counted once."),
    ]
    for n, hint in known:
        if v == n and n != expected:
            raise Hint(f"{name}: {v} is not right: {hint}")
    raise Hint(
        f"{name}: {v} is not right. Count (Fh·Fw·C_in + 1) per filter — the +1 is its bias — and "
        "multiply by the number of filters."
    )


@checker
def check_flipped(value, image, kernel, name: str = "flipped convolution") -> None:
    """The textbook convolution (kernel rotated by 180°) of ``image`` with ``kernel``."""
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    expected = conv.convolve2d_flipped(image, kernel)
    v = _read_array(value, name, 2, "the filtered image")
    if v.shape != expected.shape:
        hint = "no padding: the kernel fits where it fits, as in conv.conv2d(image, kernel)"
        if v.shape == kernel.shape:
            hint = "that is the shape of the kernel: flip the kernel, then slide it over the image with conv.conv2d"
        raise Hint(f"{name}: your answer has shape {v.shape}; expected {expected.shape} ({hint}).")
    if _same(v, expected):
        passed(
            name,
            "the textbook convolution rotates the kernel by 180° (both axes) before sliding it",
        )
        return
    correlation = conv.conv2d(image, kernel)
    candidates = [
        (
            correlation,
            (
                "that is the cross-correlation (no flip), what Conv2D computes; flip the kernel first, "
                "kernel[::-1, ::-1]."
            ),
        ),
        (
            conv.conv2d(image, kernel[::-1]),
            (
                "you flipped only the rows (kernel[::-1]); flip rows and columns, "
                "kernel[::-1, ::-1]."
            ),
        ),
        (
            conv.conv2d(image, kernel[:, ::-1]),
            (
                "you flipped only the columns (kernel[:, ::-1]); flip rows and "
                "columns, kernel[::-1, ::-1]."
            ),
        ),
        (
            conv.conv2d(image, kernel.T),
            (
                "you transposed the kernel (kernel.T mirrors it along the diagonal); a flip "
                "rotates it by 180°: kernel[::-1, ::-1]."
            ),
        ),
        (
            conv.conv2d(image, np.rot90(kernel)),
            (
                "np.rot90(kernel) turns it by 90°; a flip turns it by 180°: "
                "np.rot90(kernel, 2) or kernel[::-1, ::-1]."
            ),
        ),
        (
            conv.conv2d(image, np.rot90(kernel, -1)),
            ("that turns the kernel by 90°; a flip turns it by 180°: kernel[::-1, ::-1]."),
        ),
        (
            -correlation,
            (
                "that is minus the cross-correlation. For Sobel the flipped kernel is its negative, so "
                "this works there; for this kernel it does not: flip the kernel itself, kernel[::-1, ::-1]."
            ),
        ),
        (
            np.clip(expected, 0, 255),
            "you clipped to 0–255; the question asks for the convolution itself.",
        ),
    ]
    hits = [hint for alt, hint in candidates if not _same(alt, expected) and _same(v, alt)]
    if len(hits) == 1:
        raise Hint(f"{name}: {hits[0]}")
    if hits:
        why = (
            "this kernel is symmetric about its diagonal (kernel.T == kernel)"
            if np.allclose(kernel, kernel.T)
            else "they coincide for this kernel"
        )
        raise Hint(
            f"{name}: {_count_word(len(hits)).lower()} slips give exactly these numbers, because {why} — which "
            "one did "
            "you make? " + " ".join(f"({i}) {h}" for i, h in enumerate(hits, 1))
        )
    raise Hint(
        f"{name}: {_first_difference(v, expected)}. Flip the kernel in both directions "
        "(kernel[::-1, ::-1]), then slide it over the image with conv.conv2d."
    )


def _count_word(k: int) -> str:
    return {2: "Two", 3: "Three", 4: "Four"}.get(k, str(k))


def _flip_minus_kernel(kernel: np.ndarray) -> str:
    """How the flipped kernel differs from the kernel's negative, in words ('' when it does not)."""
    d = kernel[::-1, ::-1] + kernel  # flipped − (−kernel)
    if np.allclose(d, 0):
        return ""
    centre = tuple(n // 2 for n in kernel.shape)
    rest = d.copy()
    rest[centre] = 0
    if all(n % 2 for n in kernel.shape) and np.allclose(rest, 0):
        c = d[centre]
        return (
            f"the flipped kernel is −kernel + {c:g} × identity (its centre weight "
            f"{kernel[centre]:g} keeps its sign), so the textbook result is −(cross-correlation) "
            f"+ {c:g} × each centre pixel"
        )
    return "the flipped kernel is not −kernel (kernel[::-1, ::-1] + kernel is not all zeros)"


@checker
def check_flip_is_negation(
    value, image, kernel, name: str = "same as minus the correlation"
) -> None:
    """True/False: is the textbook (flipped) convolution of ``image`` with ``kernel`` equal to minus
    the cross-correlation, as it is for Sobel?"""
    require_answer(value, name)
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    flipped = conv.convolve2d_flipped(image, kernel)
    minus = -conv.conv2d(image, kernel)
    expected = _same(flipped, minus)
    how = "np.array_equal(flipped, -conv.conv2d(image, kernel))"
    if isinstance(value, str):
        extra = (
            "Drop the quotes."
            if value.strip().lower() in ("true", "false", "yes", "no")
            else f"Compute it, for instance {how}."
        )
        raise Hint(f"{name}: True or False is asked, but your answer is {describe(value)}. {extra}")
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind == "b":
        value = bool(value.reshape(()))
    if not isinstance(value, (bool, np.bool_)):
        arr = None
        if not isinstance(value, numbers.Number):
            try:
                arr = np.asarray(value)
            except Exception:  # noqa: BLE001 - ragged lists and other oddities
                arr = None
        if arr is not None and arr.dtype.kind == "b" and arr.size > 1:
            hint = (
                "one True/False per place. The question is about the whole map: reduce it to one "
                f"answer, {how} or (a == b).all()."
            )
        elif arr is not None and arr.dtype.kind in "iuf" and arr.size > 1:
            hint = f"an array of numbers. The question asks yes or no: {how}."
        elif isinstance(value, numbers.Number):
            hint = "write True or False, not a number."
        elif isinstance(value, (list, tuple)):
            hint = f"give one True or False, not a {type(value).__name__}: {how}."
        else:
            hint = f"compute it, for instance {how}."
        raise Hint(f"{name}: True or False is asked, but your answer is {describe(value)}: {hint}")
    if bool(value) == expected:
        why = _flip_minus_kernel(kernel)
        passed(
            name,
            (why + ": the sign trick works only where the flip is −kernel, as for Sobel")
            if why
            else "for this kernel the flip is its negative, as for Sobel",
        )
        return
    if value:
        at = np.unravel_index(int(np.argmax(np.abs(flipped - minus))), minus.shape)
        raise Hint(
            f"{name}: not for this kernel. Compare them ({how}): at index "
            f"{tuple(int(i) for i in at)} the flipped convolution is {flipped[at]:g}, minus the "
            f"correlation {minus[at]:g}. Why: {_flip_minus_kernel(kernel)}."
        )
    raise Hint(
        f"{name}: for this kernel they are equal: its flip is its negative "
        "(kernel[::-1, ::-1] == -kernel), as for Sobel. Compare them: " + how + "."
    )


def _conv_axis(got: int, n: int, f: int, s: int, padding, axis: str) -> str:
    """What is wrong with one spatial size of a Conv2D output ('' if nothing)."""
    expected = conv.output_size(n, f, s, padding)
    if got == expected:
        return ""
    if isinstance(padding, str) and padding.lower() == "same":
        if got == n and s > 1:
            return f"{axis} {got}: 'same' keeps the size only at stride 1; with stride {s} it is ceil(N / S)."
        if got == conv.output_size(n, f, s):
            return f"{axis} {got}: that is 'valid' (no padding); with 'same' it is ceil(N / S), whatever the kernel."
        if got == n // s:
            return f"{axis} {got}: 'same' rounds up, ceil(N / S), not down."
        return f"{axis} {got}: with padding='same' the size is ceil(N / S) = ceil({n} / {s})."
    p = 0 if isinstance(padding, str) else int(padding)
    if got == n and p == 0:
        return (
            f"{axis} {got} is the input's size, which needs padding='same'. Without padding (Keras's default "
            f"'valid') the map shrinks: {_a(f)} {f}-wide kernel fits in N − F + 1 positions."
        )
    if got == expected - 1:
        return (
            f"{axis} {got} is one short: N − F counts the steps; + 1 counts the first position too."
        )
    if got == expected + 1 and s == 1:
        return (
            f"{axis} {got} is one too many: the kernel fits in N − F + 1 = {n} − {f} + 1 positions."
        )
    if got == n - (f - 1) // 2 and s == 1:
        return (
            f"{axis} {got}: the kernel loses (F − 1) / 2 at EACH end, so F − 1 in all: N − F + 1."
        )
    if s > 1 and got == conv.output_size(n, f, 1, p):
        return f"{axis} {got}: that is stride 1; with stride {s}, floor((N − F + 2P) / S) + 1."
    if p == 0 and s == 1:
        return f"{axis} {got}: the kernel fits in N − F + 1 positions, with N = {n} and F = {f}."
    return f"{axis} {got}: use floor((N − F + 2P) / S) + 1 with N = {n}, F = {f}, P = {p}, S = {s}."


@checker
def check_feature_map_shape(
    value, input_shape, f, filters: int, stride=1, padding="valid", name: str = "output shape"
) -> None:
    """``(H_out, W_out, filters)`` of a Conv2D layer on a ``(H, W, C)`` input."""
    h, w, c_in = input_shape
    fh, fw = validate.pair(f, "kernel size")
    sh, sw = validate.pair(stride, "stride")
    expected = (conv.output_size(h, fh, sh, padding), conv.output_size(w, fw, sw, padding), filters)
    v = _shape_answer(value, name, kernel_shape=(fh, fw, c_in, filters))
    no_padding = padding == 0 if not isinstance(padding, str) else padding.lower() == "valid"
    plain = no_padding and (sh, sw) == (1, 1)  # chapter 1: no padding, stride 1
    formula = "N − F + 1" if plain else "floor((N − F + 2P) / S) + 1"
    if v == expected:
        passed(
            name,
            f"height and width from {formula}; one map per filter ({filters}), "
            f"whatever the input's {c_in} channel(s)",
        )
        return
    if v == (expected[2], expected[0], expected[1]) and expected[2] not in expected[:2]:
        raise Hint(
            f"{name}: {v} puts the channels first. Keras puts them LAST: (height, width, channels) "
            "— the numbers are right, the order is not."
        )
    problems = []
    if (v[0], v[1]) == (expected[1], expected[0]) and expected[0] != expected[1]:
        problems.append("height and width are swapped: (height, width, channels).")
    elif v[0] == v[1] and (h, fh, sh) == (w, fw, sw):
        problems.append(_conv_axis(v[0], h, fh, sh, padding, "height and width"))
    else:
        problems.append(_conv_axis(v[0], h, fh, sh, padding, "height"))
        problems.append(_conv_axis(v[1], w, fw, sw, padding, "width"))
    c = v[2]
    if c != filters:
        if c == 1:
            problems.append(
                "channels 1: each filter's map has depth 1, but the layer has several filters and "
                "stacks their maps: one channel per filter."
                + (
                    " (The input has 1 channel; the output's channels do not depend on it.)"
                    if c_in == 1
                    else ""
                )
            )
        elif c == c_in:
            problems.append(
                f"channels {c}: that is the INPUT's channel count. A Conv2D outputs one map per "
                "filter, so its channels are the number of filters."
            )
        elif c == c_in * filters:
            problems.append(
                f"channels {c}: a filter adds up its products over all {c_in} input channels into ONE "
                "map; it does not keep them apart. One channel per filter."
            )
        elif c in (fh, fw):
            problems.append(
                f"channels {c}: that is the kernel size; the channels are the number of filters."
            )
        else:
            problems.append(f"channels {c}: a Conv2D outputs one map per filter.")
    _report(name, problems, f"compare your shape with ({formula}, ..., filters).")


# ----------------------------------------------------------------------------- chapter 2


def _is_same(padding) -> bool:
    return isinstance(padding, str) and padding.lower() == "same"


@checker
def check_output_size(value, n, f, stride=1, padding=0, name: str | None = None) -> None:
    """``floor((n - f + 2p) / s) + 1`` (or ``ceil(n / s)`` for ``"same"``)."""
    name = name or f"output size (n={n}, f={f}, stride={stride}, padding={padding!r})"
    v = as_number(
        value,
        name,
        what="one number (the size along one axis)",
        many_hint="The size along one axis is one number (the width), not a shape.",
    )
    expected = conv.output_size(n, f, stride, padding)
    same = _is_same(padding)
    p = 0 if same or isinstance(padding, str) else int(padding)
    s = stride
    if v == expected:
        if same:
            passed(name, "'same' gives ceil(N / S) positions, whatever the kernel size")
        else:
            unread = (n - f + 2 * p) % s
            passed(
                name,
                "floor((N − F + 2P) / S) + 1 counts the kernel's positions"
                + (f"; the last {unread} column(s) are never read" if unread else ""),
            )
        return
    if same:
        if not v.is_integer() and np.isclose(v, n / s):
            hint = f"N / S = {v:g} is not whole: 'same' rounds UP, ceil(N / S) (math.ceil)."
        elif v == n and s > 1:
            hint = (
                f"'same' keeps the input's size only at stride 1; with stride {s} the output is ceil(N / S), "
                "whatever the kernel size."
            )
        elif v == n // s:
            hint = "round up, not down: ceil(N / S) — the last, partial step still gets a position."
        elif f <= n and v == conv.output_size(n, f, s):
            hint = (
                "that is 'valid' (no padding). With padding='same' the kernel size does not matter: "
                "the output is ceil(N / S)."
            )
        else:
            hint = "with padding='same' the output size is ceil(N / S), whatever the kernel size."
        raise Hint(f"{name}: {v:g} is not right: {hint}")
    if not v.is_integer():
        if np.isclose(v, (n - f + 2 * p) / s + 1):
            hint = (
                "the kernel cannot stop half-way: round (N − F + 2P) / S down before adding 1 "
                "(// instead of /)."
            )
        elif np.isclose(v, n + 2 * p - f / s + 1):
            hint = "mind the brackets: (N − F + 2P) / S, not N − F / S."
        elif np.isclose(v, (n - f + 2 * p) / s):
            hint = (
                "(N − F + 2P) / S counts the steps: round it down (//), then add 1 for the first "
                "position."
            )
        elif s > 1 and np.isclose(v, (n - f + 2 * p + 1) / s):
            hint = (
                "S divides the steps, N − F + 2P: round that down (//), then add the 1 for the "
                "first position — after dividing, not before."
            )
        else:
            hint = "sizes are whole numbers: floor((N − F + 2P) / S) + 1."
        raise Hint(f"{name}: {v:g} is not right: {hint}")
    v = int(v)
    brackets = s > 1 and v == n + 2 * p - f // s + 1
    if v == expected - 1:
        hint = "off by one: (N − F + 2P) // S counts the steps; + 1 counts the first position too."
    elif v == expected + 1 and s == 1:
        hint = "one too many: N − F + 2P steps, + 1 for the first position."
    elif v == n and p == 0:
        hint = (
            "that is the input's size; without padding the output is smaller: floor((N − F) / S) + 1."
            + (
                " (If you computed N − F // S + 1: mind the brackets, (N − F) // S.)"
                if brackets
                else ""
            )
        )
    elif brackets:
        hint = "mind the brackets: (N − F + 2P) // S, not N − F // S."
    elif p and v == conv.output_size(n, f, s, 0):
        hint = "you left out the padding: add 2P (P zeros on each side)."
    elif p and v == (n - f + p) // s + 1:
        hint = "the padding goes on both sides: add 2P, not P."
    elif s > 1 and v == conv.output_size(n, f, 1, p):
        hint = f"that is stride 1; the kernel moves {s} pixels at a time: divide by S."
    elif v == math.ceil((n - f + 2 * p) / s) + 1:
        hint = "round down, not up: a kernel that would stick out of the (padded) input has no position."
    elif s > 1 and v == (n - f + 2 * p + 1) // s:
        hint = (
            "add the 1 after dividing: S divides the steps, N − F + 2P; + 1 is the first position."
        )
    elif not p and v == math.ceil(n / s):
        hint = "that is ceil(N / S), what padding='same' gives; without padding it is floor((N − F) / S) + 1."
    else:
        hint = "use floor((N − F + 2P) / S) + 1."
    # other slips that give the same number here, named too
    also = []
    if s > 1 and v == (n - f + 2 * p + 1) // s and "after dividing" not in hint:
        also.append("(N − F + 1) // S: the + 1 comes after dividing, since S divides the steps")
    if not p and s > 1 and v == math.ceil(n / s) and "ceil(N / S)" not in hint:
        also.append("ceil(N / S): that is what padding='same' gives; this asks for none")
    if not p and s > 1 and v == n // s and v != math.ceil(n / s):
        also.append("N // S: the kernel's width counts too, floor((N − F) / S) + 1")
    if also:
        hint += " (If you computed " + "; if ".join(also) + ".)"
    raise Hint(f"{name}: {v} is not right: {hint}")


@checker
def check_keeps_size_padding(value, f: int, name: str | None = None) -> None:
    """The zero padding (each side) that keeps the size of the input for an odd ``f`` at stride 1."""
    name = name or f"padding for {_a(f)} {f}×{f} kernel"
    require_answer(value, name)
    if isinstance(value, str):
        extra = (
            " 'same' is the Keras setting that does it; the question asks how many zeros that adds on each "
            "side."
            if value.strip().strip("'\"").lower() == "same"
            else " Drop the quotes."
        )
        raise Hint(
            f"{name}: a number of pixels is asked, but your answer is {describe(value)}.{extra}"
        )
    if (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and not isinstance(value[0], (str, bool))
        and value[0] == value[1]
    ):
        raise Hint(
            f"{name}: one number is asked — the zeros on EACH side, the same on both sides — but your "
            f"answer is the pair {tuple(value)}. Give a single number."
        )
    v = as_number(
        value,
        name,
        what="one number (the zeros on each side)",
        many_hint="Give a single number: the zeros on each side.",
    )
    if v < 0:
        raise Hint(
            f"{name}: {v:g} zeros? Padding adds a non-negative whole number of zeros on each side."
        )
    if not v.is_integer():
        raise Hint(
            f"{name}: {v:g} is not a whole number of pixels. For a kernel of width F = 2P + 1 (odd), "
            "P = (F − 1) / 2 is whole."
        )
    v = int(v)
    if all(conv.output_size(n, f, 1, v) == n for n in (f, 10, 28)):
        passed(
            name,
            "each side needs (F − 1) / 2 zeros, so that the kernel's centre can sit on every pixel",
        )
        return
    if v == f - 1:
        hint = "that is the total of both sides; the padding goes on EACH side."
    elif v == 0:
        hint = f"without padding {_a(f)} {f}×{f} kernel shrinks the input by F − 1 = {f - 1}."
    elif v == f:
        hint = "that is the kernel's width. For a kernel of width F = 2P + 1, pad P on each side."
    elif v > (f - 1) // 2:
        hint = "too many: the output grows. For a kernel of width F = 2P + 1, pad P on each side."
    else:
        hint = "too few: the output still shrinks. For a kernel of width F = 2P + 1, pad P on each side."
    raise Hint(f"{name}: padding {v} changes the size: {hint}")


@checker
def check_same_padding(value, n, f, stride=1, name: str | None = None) -> None:
    """``(before, after)`` zeros that TensorFlow adds along one axis for ``padding="same"``."""
    name = name or f"'same' padding (n={n}, f={f}, stride={stride})"
    require_answer(value, name)
    expected = conv.same_padding(n, f, stride)
    total = sum(expected)
    formula = "total = max((ceil(N/S) − 1)·S + F − N, 0)"
    what = "a pair (before, after)"
    if isinstance(value, (str, bytes)):
        raise Hint(
            f"{name}: {what} of whole numbers is asked, but your answer is {describe(value)}."
        )
    if isinstance(value, (numbers.Number, np.bool_)) or (
        isinstance(value, np.ndarray) and value.ndim == 0
    ):
        single = as_number(value, name, what=what)
        if single == total:
            raise Hint(
                f"{name}: {what} is asked, not the total ({single:g} zeros). Split it: half before "
                "(rounded down), the rest after — the odd zero goes after (bottom/right)."
            )
        raise Hint(
            f"{name}: {what} is asked, but your answer is the single number {single:g}. Compute the "
            f"total first ({formula}), then split it: half before, the rest after."
        )
    try:
        items = list(value)
    except TypeError:
        raise Hint(f"{name}: {what} is asked, but your answer is {describe(value)}.") from None
    if (
        len(items) == 2
        and all(isinstance(i, numbers.Number) and not isinstance(i, bool) for i in items)
        and any(not float(i).is_integer() for i in items)
    ):
        if np.isclose(float(items[0]) + float(items[1]), total):
            raise Hint(
                f"{name}: {tuple(items)}: zeros cannot be split in halves. TensorFlow puts total // 2 "
                "before and the rest — one more when the total is odd — after."
            )
    a, b = _ints(value, items, name, 2, f"{what} of whole numbers")
    if (a, b) == expected:
        passed(
            name,
            f"ceil(N/S) = {conv.output_size(n, f, stride, 'same')} positions need {total} zero(s); "
            "TensorFlow puts the odd one at the end",
        )
        return
    if (a, b) == expected[::-1]:
        hint = "the total is right, but TensorFlow puts the extra zero at the END (bottom/right), not at the start."
    elif a + b == total:
        hint = "the total is right; split it as total // 2 before and the rest after."
    elif (a, b) == (0, 0):
        hint = f"that is 'valid' (no padding); 'same' pads so that there are ceil(N/S) positions: {formula}."
    elif a + b == f - 1 and stride > 1:
        hint = (
            f"your zeros add up to F − 1 = {f - 1}, what stride 1 needs. With stride {stride} fewer are "
            f"needed: only enough for ceil(N/S) positions, {formula}."
        )
    else:
        hint = f"your zeros add up to {a + b}; {formula}, then half before, the rest after."
    raise Hint(f"{name}: {(a, b)} is not right: {hint}")


@checker
def check_padded(value, x, p, name: str = "padded image") -> None:
    """``x`` with ``p`` zeros on every side."""
    x = np.asarray(x)
    expected = conv.pad(x, p)
    v = _read_array(value, name, x.ndim, "the padded image")
    h, w = x.shape[:2]
    if v.shape != expected.shape:
        if v.shape == (h + p, w + p):
            hint = (
                f"the shape grew by {p} per axis, not {2 * p}: pad {p} before AND {p} after, on each of the "
                "four sides."
            )
        elif v.shape == (h + 4 * p, w + 4 * p):
            hint = (
                f"that is {2 * p} on each side; {p} on each side makes the shape grow by {2 * p}."
            )
        elif v.shape in ((h + 2 * p, w), (h, w + 2 * p)):
            hint = "you padded only one axis; pad the rows (top, bottom) and the columns (left, right)."
        elif v.shape == (h, w):
            hint = "that is x's own shape: no zeros were added."
        else:
            hint = f"{p} zeros on each of the four sides make the shape grow by {2 * p} in each direction."
        raise Hint(f"{name}: your answer has shape {v.shape}; expected {expected.shape}: {hint}")
    if _same(v, expected):
        passed(name, f"{p} zeros on each side: the shape grows by {2 * p}")
        return
    problems = []
    inner = v[p : p + h, p : p + w]
    border = v.copy()
    border[p : p + h, p : p + w] = 0
    if not _same(inner, x):
        problems.append(
            f"x is not in the middle of your answer: the zeros go around it, {p} rows/columns on "
            "each side."
        )
    elif np.any(border != 0):
        for mode in ("edge", "reflect", "symmetric", "wrap"):
            try:
                if _same(v, np.pad(x, p, mode=mode)):
                    problems = [
                        f"that is np.pad's mode='{mode}'; zero padding is the default, mode='constant'."
                    ]
                    break
            except ValueError:
                pass
        else:
            values = np.unique(border[border != 0])
            problems = [
                f"the border must be zeros; yours holds {values[0]:g}"
                + (" and other values." if len(values) > 1 else ".")
            ]
    _report(name, problems, f"pad {p} zeros on each of the four sides.")


@checker
def check_strided_conv(
    value, x, kernel, stride, padding=0, name: str = "strided convolution"
) -> None:
    """``conv2d(x, kernel, stride=stride, padding=padding)``."""
    x, kernel = np.asarray(x, float), np.asarray(kernel, float)
    expected = conv.conv2d(x, kernel, stride=stride, padding=padding)
    v = _read_array(value, name, 2, "the output map")
    full = conv.conv2d(x, kernel, padding=padding)
    unpadded = conv.conv2d(x, kernel, stride=stride)
    bare = conv.conv2d(x, kernel)  # stride 1, no padding
    p = padding if isinstance(padding, numbers.Integral) and padding > 0 else None
    double = conv.conv2d(x, kernel, stride=stride, padding=2 * p) if p else None
    if v.shape != expected.shape:
        twice = (
            f"that is padding {2 * p} on every side, twice the {p} asked: did you pad by hand "
            f"(np.pad(image, {p})) and pass padding={p} too? Pad once."
        )
        if double is not None and _same(v, double):
            hint = twice
        elif v.shape == full.shape:
            hint = f"that is stride 1; keep only every {_nth(stride)} position (rows and columns): stride={stride}."
        elif v.shape == unpadded.shape:
            hint = f"you left out the padding: {padding} zero(s) on each side first (padding={padding})."
        elif v.shape == bare.shape and _same(v, bare):
            hint = "that is stride 1 without padding; this asks for both."
        elif v.shape == bare.shape and double is not None and v.shape == double.shape:
            hint = (
                f"that is the shape of stride 1 without padding, and of padding {2 * p} (padded "
                f"twice?) with stride {stride}; this asks for padding {p} and stride {stride}."
            )
        elif v.shape == bare.shape:
            hint = "that is stride 1 without padding; this asks for both."
        elif double is not None and v.shape == double.shape:
            hint = twice
        else:
            hint = "floor((N − F + 2P) / S) + 1 positions along each axis."
        raise Hint(f"{name}: your answer has shape {v.shape}; expected {expected.shape}: {hint}")
    if _same(v, expected, 1e-6):
        detail = (
            f"pad {padding} on every side, then move the kernel {stride} pixels between positions"
        )
        if p:
            (fh, fw), (h, w) = kernel.shape[:2], x.shape[:2]
            rows, cols = (h - fh + 2 * p) % stride, (w - fw + 2 * p) % stride
            if rows >= p and cols >= p:  # the zeros after are never read
                unread = (
                    "row and column are"
                    if rows == cols == 1
                    else f"{rows} row(s) and {cols} column(s) are"
                )
                detail += (
                    f"; the last padded {unread} never read, so only the zeros before matter here"
                )
        passed(name, detail)
        return
    late = full[1::stride, 1::stride]
    same = conv.conv2d(x, kernel, stride=stride, padding="same")
    late_hint = f"you kept every {_nth(stride)} position starting from the second; start from the first (index 0)."
    same_hint = (
        f"that is Keras's padding='same', which here puts its zeros only after (bottom/right); this asks "
        f"for {padding} zero(s) on EVERY side."
    )
    if not isinstance(padding, str) and _same(late, same):
        late_hint = same_hint = (
            f"that is every {_nth(stride)} position starting from the second — the same as "
            f"Keras's padding='same', which here puts its zeros only after. Pad {padding} on "
            "EVERY side and start from the first position."
        )
    candidates = [
        (
            conv.convolve2d_flipped(x, kernel, stride=stride, padding=padding),
            "you flipped the kernel; Conv2D (and conv.conv2d) do not.",
        ),
        (late if late.shape == expected.shape else None, late_hint),
        (
            unpadded if unpadded.shape == expected.shape else None,
            f"you left out the padding: {padding} zero(s) on each side first.",
        ),
        (
            same if same.shape == expected.shape and not isinstance(padding, str) else None,
            same_hint,
        ),
    ]
    for alt, hint in candidates:
        if alt is not None and not _same(alt, expected) and _same(v, alt):
            raise Hint(f"{name}: {hint}")
    raise Hint(
        f"{name}: {_first_difference(v, expected)}. Pad {padding} on each side, then move the "
        f"kernel {stride} pixels between positions, in both directions."
    )


# ----------------------------------------------------------------------------- chapter 3


@checker
def check_pool(value, x, size=2, stride=None, mode="max", name: str | None = None) -> None:
    """``pool2d(x, size, stride, mode)`` (valid padding)."""
    name = name or f"{mode} pooling {size}×{size}"
    x = np.asarray(x, float)
    s = size if stride is None else stride
    expected = conv.pool2d(x, size, stride, mode=mode)
    atol, tol = (0.005 + 1e-9, "0.005 (two decimals are enough)") if mode != "max" else (1e-9, "")
    v = _read_array(value, name, 2, f"the {mode}-pooled map")
    if v.shape != expected.shape:
        hint = f"floor((N − F) / S) + 1 windows along each axis, with window F = {size} and stride S = {s}."
        if s == size and v.shape == conv.pool2d(x, size, 1).shape:
            hint = f"pooling windows do not overlap by default: the stride equals the pool size ({size})."
        elif s != size and v.shape == conv.pool2d(x, size, size).shape:
            hint = f"this asks for stride {s}: the {size}×{size} windows overlap, they do not sit side by side."
        elif v.shape == conv.pool2d(x, size, stride, mode=mode, padding="same").shape:
            (h, w), (eh, ew) = x.shape, expected.shape
            hint = (
                f"{v.shape[0]}×{v.shape[1]} is what padding='same' gives; this asks for no padding "
                f"('valid'): floor(({h} − {size}) / {s}) + 1 = {eh} rows"
                + (
                    f" and floor(({w} − {size}) / {s}) + 1 = {ew} columns."
                    if (h, eh) != (w, ew)
                    else " and columns."
                )
            )
        elif v.shape == x.shape:
            hint = "that is the input's shape: pooling replaces each window by ONE value."
        raise Hint(f"{name}: your answer has shape {v.shape}; expected {expected.shape}: {hint}")
    if np.allclose(v, expected, rtol=0, atol=atol):
        passed(
            name,
            f"each {size}×{size} window, moved {s} pixel(s) at a time, gives its "
            f"{'largest value' if mode == 'max' else 'mean'}",
        )
        return
    other = "avg" if mode == "max" else "max"
    candidates = [
        (
            conv.pool2d(x, size, stride, mode=other),
            f"that is {other} pooling; this asks for {mode}.",
        ),
        (expected.T, "rows and columns are swapped (transposed)."),
    ]
    if mode != "max":
        candidates += [
            (
                np.floor(expected),
                (
                    "the means were cut to whole numbers (an int array or astype(int)); "
                    "keep the fractions."
                ),
            ),
            (
                np.round(expected),
                "the means were rounded to whole numbers; keep at least two decimals.",
            ),
            (
                expected * size * size,
                f"that is the sum of each window; the mean divides by {size * size}.",
            ),
        ]
    if size == s and x.shape[0] % size == 0 and x.shape[1] % size == 0:
        blocks = x.reshape(x.shape[0] // size, size, x.shape[1] // size, size)
        reduce = np.max if mode == "max" else np.mean
        what = "largest value" if mode == "max" else "mean"
        right = (
            f"after reshape(H // {size}, {size}, W // {size}, {size}) reduce over axes (1, 3), "
            "the two axes inside a window."
        )
        by_row, by_column = reduce(blocks, axis=(2, 3)), reduce(blocks, axis=(0, 1))
        lines = [(by_row, "ROW"), (by_column, "COLUMN")]
        if np.allclose(by_row, by_column, rtol=0, atol=atol):  # e.g. each row's max is its column's
            lines = [(by_row, "ROW (or COLUMN: for this input both give these numbers)")]
        candidates += [
            (
                alt,
                f"each of your values is the {what} of one whole {line} of the input, not of a "
                f"{size}×{size} window: {right}",
            )
            for alt, line in lines
        ]
        candidates += [
            (
                reduce(blocks, axis=(0, 2)),
                f"each of your values pools every {_nth(size)} pixel of the whole input (axes 0 "
                f"and 2 step from window to window), not one {size}×{size} window: {right}",
            ),
        ]
    for alt, hint in candidates:
        if (
            alt.shape == expected.shape
            and not np.allclose(alt, expected, rtol=0, atol=atol)
            and np.allclose(v, alt, rtol=0, atol=atol)
        ):
            raise Hint(f"{name}: {hint}")
    raise Hint(
        f"{name}: {_first_difference(v, expected, tol)}. Take the "
        f"{'largest value' if mode == 'max' else 'mean'} of each {size}×{size} window, moving "
        f"{s} pixel(s) at a time."
    )


def _pool_axis(got: int, n: int, size: int, s: int, axis: str) -> str:
    expected = conv.output_size(n, size, s)
    if got == expected:
        return ""
    if got == n // 2 and (size, s) != (2, 2):
        return (
            f"{axis} {got}: halving is right only for 2×2 windows with stride 2; with window {size} and "
            f"stride {s} use floor((N − F) / S) + 1."
        )
    if got == conv.output_size(n, size, size) and s != size:
        return f"{axis} {got}: that is stride {size} (the window size); the stride here is {s}."
    if got == expected - 1:
        return (
            f"{axis} {got} is one short: floor((N − F) / S) counts the steps, + 1 the first window."
        )
    if got == math.ceil((n - size) / s) + 1:
        return f"{axis} {got}: round down, not up — a window that would stick out is dropped ('valid')."
    if got == n - size + 1 and s > 1:
        return f"{axis} {got}: that is stride 1; the windows move {s} pixels at a time."
    if got == n:
        return f"{axis} {got}: that is the input's size; pooling shrinks the map."
    return f"{axis} {got}: use floor((N − F) / S) + 1 with N = {n}, F = {size}, S = {s}."


@checker
def check_pool_shape(
    value, input_shape, size=2, stride=None, padding="valid", name: str = "pooled shape"
) -> None:
    """Shape of ``MaxPooling2D(size, stride, padding)`` applied to an ``(H, W, C)`` input."""
    h, w, c = input_shape
    s = size if stride is None else stride
    expected = (conv.output_size(h, size, s, padding), conv.output_size(w, size, s, padding), c)
    v = _shape_answer(value, name)
    if v == expected:
        passed(
            name,
            "the size formula of a convolution with the window as F, and the channels kept "
            "(pooling works channel by channel)",
        )
        return
    if v == (expected[2], expected[0], expected[1]) and expected[2] not in expected[:2]:
        raise Hint(
            f"{name}: {v} puts the channels first. Keras puts them LAST: (height, width, channels) "
            "— the numbers are right, the order is not."
        )
    # MaxPooling2D(3, 2) read as a 3×2 window (with the stride equal to the window)
    if stride is not None and stride != size and not _is_same(padding) and stride <= min(h, w):
        misread = (conv.output_size(h, size, size), conv.output_size(w, stride, stride), c)
        if v == misread and misread != expected:
            raise Hint(
                f"{name}: {v} reads the two numbers as a {size}×{stride} window. In MaxPooling2D({size}, "
                f"{stride}) the first is pool_size (a single {size} means {size}×{size}) and the second is "
                "the STRIDE."
            )
    problems = []
    if (v[0], v[1]) == (expected[1], expected[0]) and expected[0] != expected[1]:
        problems.append("height and width are swapped: (height, width, channels).")
    elif _is_same(padding):
        for got, n, ax in ((v[0], h, "height"), (v[1], w, "width")):
            if got != math.ceil(n / s):
                problems.append(f"{ax} {got}: with padding='same' the size is ceil(N / S).")
    else:
        problems.append(_pool_axis(v[0], h, size, s, "height"))
        problems.append(_pool_axis(v[1], w, size, s, "width"))
    if v[2] != c:
        problems.append(
            f"channels {v[2]}: pooling works on each channel separately and keeps them all ({c} in, "
            f"{c} out)."
        )
    _report(
        name, problems, "use floor((N − F) / S) + 1 for height and width and keep the channels."
    )


def _walk(n: int, layers, *, conv_loss=None, pool_round=math.floor, stop=None) -> int:
    """The side length after ``layers``; the keywords model the usual slips."""
    size = n
    for i, (kind, f) in enumerate(layers):
        if stop is not None and i == stop:
            break
        if kind == "conv":
            size = size - (f - 1 if conv_loss is None else conv_loss(f))
        else:
            size = pool_round((size - f) / f) + 1
        if size <= 0:
            return 0
    return size


@checker
def check_flatten_size(value, n: int, layers, channels: int, name: str = "Flatten length") -> None:
    """Length of ``Flatten`` after ``layers``: a list of ``("conv", f)`` / ``("pool", size)`` on an n×n input.

    Convolutions use ``padding="valid"`` and stride 1, pools are non-overlapping; ``channels`` is the
    number of filters of the last convolution.
    """
    for kind, _ in layers:
        if kind not in ("conv", "pool"):
            raise ValueError(f"layer kind must be 'conv' or 'pool', got {kind!r}")
    v = as_number(
        value,
        name,
        what="one number (the length of Flatten's output)",
        many_hint="Flatten outputs one long vector: give its length, height × width × channels.",
    )
    if not v.is_integer():
        raise Hint(
            f"{name}: {v:g} is not a whole number. A 2×2 pool of an odd size rounds down (11 → 5): use //."
        )
    v = int(v)
    size = _walk(n, layers)
    expected = size * size * channels
    if v == expected:
        passed(
            name,
            f"the last map is {size}×{size}×{channels}; Flatten lays its values out in one row",
        )
        return
    candidates = [
        (
            size * size,
            f"that is height × width ({size}×{size}); multiply by the number of channels too.",
        ),
    ]
    for k in range(1, len(layers)):
        candidates.append(
            (
                _walk(n, layers, stop=k) ** 2 * channels,
                (
                    f"that is the length after the first {k} of the {len(layers)} layers: follow the size "
                    "through every layer before Flatten."
                ),
            )
        )
    candidates += [
        (
            _walk(n, layers, pool_round=math.ceil) ** 2 * channels,
            "a 2×2 pool of an odd size rounds DOWN (11 → 5, the last row and column are dropped).",
        ),
        (
            _walk(n, layers, conv_loss=lambda f: 0) ** 2 * channels,
            (
                "the convolutions here use 'valid' padding (Keras's default), not 'same': each 3×3 one removes 2 "
                "from the size."
            ),
        ),
        (
            _walk(n, layers, conv_loss=lambda f: f) ** 2 * channels,
            "off by one: a 'valid' F×F convolution removes F − 1 from the size (28 → 26 for 3×3), not F.",
        ),
        (
            _walk(n, layers, conv_loss=lambda f: (f - 1) // 2) ** 2 * channels,
            "a 'valid' convolution removes (F − 1) / 2 on EACH side, so F − 1 in all.",
        ),
    ]
    if n != 28:  # the MNIST digits of the chapters and the study notes
        candidates.append(
            (
                _walk(28, layers) ** 2 * channels,
                f"that is the length for 28×28 inputs (the MNIST digits); this input is {n}×{n}.",
            )
        )
    hits = [hint for alt, hint in candidates if alt != expected and v == alt]
    if len(hits) == 1:
        raise Hint(f"{name}: {v} is not right: {hits[0]}")
    if hits:  # several slips give this length for these layers: name each
        raise Hint(
            f"{name}: {v} is not right. Here {_count_word(len(hits)).lower()} slips give {v}: "
            + " ".join(f"({i}) {h}" for i, h in enumerate(hits, 1))
        )
    if v % (size * size) == 0 and v != expected:
        raise Hint(
            f"{name}: {v} is {size}×{size}×{v // (size * size)}: the height and width are right, but the "
            "channels are those of the LAST Conv2D (its number of filters)."
        )
    raise Hint(
        f"{name}: {v} is not right. Follow the size layer by layer: a 3×3 'valid' conv removes 2, a 2×2 "
        "pool halves (rounding down); then multiply height × width × channels."
    )


@checker
def check_global_pool(value, x, mode="avg", name: str | None = None) -> None:
    """``global_pool(x, mode)``: one number per channel."""
    name = name or f"global {mode} pooling"
    x = np.asarray(x, float)
    expected = conv.global_pool(x, mode)
    v = as_array(value, name)
    _no_bools(v, name, "one number per channel")
    v = v.astype(float)
    h, w, c = x.shape
    if v.shape != expected.shape:
        if v.size == 1:
            hint = (
                f"one number for the whole map pools the channels together too; keep one value per channel "
                f"(shape ({c},)): reduce over height and width only, axis=(0, 1)."
            )
        elif v.shape == (h, w):
            hint = (
                "you reduced over the channels (axis=2), the wrong axis: global pooling reduces over height "
                "and width, axis=(0, 1)."
            )
        elif v.shape in ((w, c), (h, c)):
            hint = "you reduced over only one of height and width; reduce over both: axis=(0, 1)."
        elif v.shape == (1, 1, c) and _same(v.reshape(-1), expected):
            hint = f"the values are right; drop the two axes of length 1 (no keepdims): shape ({c},) is asked."
        elif v.shape == (1, c) and _same(v.reshape(-1), expected):
            hint = (
                "the values are right; drop the batch axis (Keras's GlobalAveragePooling2D gives "
                "(batch, channels)): take answer[0]."
            )
        elif v.size == c and _same(v.reshape(-1), expected):
            hint = f"the values are right; drop the axes of length 1: shape ({c},) is asked."
        elif v.ndim == 1 and v.shape[0] in (h, w):
            hint = (
                "you pooled the channels too: they are the LAST axis (height, width, channels) and "
                "stay apart; reduce over height and width only, axis=(0, 1)."
            )
        elif v.shape == x.shape:
            hint = "that is the input's shape: global pooling turns each channel into ONE number."
        else:
            hint = (
                f"one number per channel, shape ({c},): reduce over height and width, axis=(0, 1)."
            )
        raise Hint(f"{name}: your answer has shape {v.shape}; expected {expected.shape}: {hint}")
    atol, tol = (1e-9, "") if mode == "max" else (0.005 + 1e-9, "0.005 (two decimals are enough)")
    if _same(v, expected, atol):
        passed(name, "each channel's whole map is one window: one number per channel")
        return
    other = "max" if mode != "max" else "avg"
    reduce = np.max if mode == "max" else np.mean
    candidates = [
        (conv.global_pool(x, other), f"that is global {other} pooling; this asks for {mode}."),
        (
            x.sum(axis=(0, 1)),
            f"that is the sum of each map; the average divides by {h}×{w} = {h * w}.",
        ),
        (
            reduce(x.reshape(c, -1), axis=1),
            f"reshape({c}, -1) reads the array channels-first: each of your numbers pools "
            f"{h * w} consecutive values, which mixes the channels. Here the channels are the LAST "
            f"axis (height, width, channels): reduce over axis=(0, 1), or reshape(-1, {c}) and "
            "axis=0.",
        ),
        (
            np.floor(expected),
            "the averages were cut to whole numbers (an int array, astype(int) or //); keep "
            "the fractions.",
        ),
    ]
    for alt, hint in candidates:
        if not _same(alt, expected, atol) and _same(v, alt, atol):
            raise Hint(f"{name}: {hint}")
    raise Hint(
        f"{name}: {_first_difference(v, expected, tol)}. Take the "
        f"{'largest value' if mode == 'max' else 'mean'} of each channel over height and width, "
        "axis=(0, 1)."
    )


def _shift_right(x, shift):
    out = np.zeros_like(x)
    out[:, shift:] = x[:, : x.shape[1] - shift]
    return out


@checker
def check_shift_count(value, x, shift, size=2, name: str = "unchanged pooled values") -> None:
    """How many max-pooled values (``size``×``size``, stride ``size``) stay the same when ``x`` is shifted
    right by ``shift`` pixels (zeros coming in on the left)."""
    x = np.asarray(x, float)
    if x.ndim != 2:
        raise ValueError("check_shift_count expects a 2-D image")
    pooled = conv.pool2d(x, size)
    places = pooled.size
    v = as_number(
        value,
        name,
        what="one whole number (a count of places)",
        many_hint="Compare the two pooled maps place by place and count the places where they agree: "
        "np.sum(a == b).",
    )
    equal = pooled == conv.pool2d(_shift_right(x, shift), size)
    expected = int(np.sum(equal))
    if v == expected:
        passed(
            name,
            f"{expected} of {places} pooled values stay the same: a bright pixel that stays inside its "
            f"{size}×{size} window does not change its max; one that crosses into the next window can",
        )
        return
    if not v.is_integer():
        if np.isclose(v, expected / places):
            raise Hint(
                f"{name}: {v:g} is the FRACTION of equal places; the question asks how many: a count."
            )
        if np.isclose(v, 100 * expected / places):
            raise Hint(
                f"{name}: {v:g} is a percentage; the question asks how many places: a count."
            )
        raise Hint(f"{name}: {v:g} is not a whole number; a count of places is.")
    v = int(v)
    left = np.zeros_like(x)
    left[:, : x.shape[1] - shift] = x[:, shift:]
    down = np.zeros_like(x)
    down[shift:, :] = x[: x.shape[0] - shift, :]
    candidates = [
        (
            places - expected,
            "that counts the places that CHANGED; the question asks how many stayed the same.",
        ),
        (
            int(np.sum(equal & (pooled != 0))),
            "count every place, including the windows that are empty (0) in both.",
        ),
        (
            int(np.sum(pooled == conv.pool2d(np.roll(x, shift, axis=1), size))),
            (
                "np.roll wraps the last column around to the left; the question lets zeros come in on the left and "
                "drops the last column."
            ),
        ),
        (
            int(np.sum(pooled == conv.pool2d(left, size))),
            "that is a shift to the LEFT; shift to the right.",
        ),
        (
            int(np.sum(pooled == conv.pool2d(down, size))),
            ("that is a shift DOWN; shift to the right (along the columns, axis 1)."),
        ),
        (
            int(np.sum(x == _shift_right(x, shift))),
            ("that compares the pixels, not the pooled values: pool both images first."),
        ),
    ]
    hits = [hint for alt, hint in candidates if alt != expected and v == alt]
    if len(hits) == 1:
        raise Hint(f"{name}: {v} is not right: {hits[0]}")
    if hits:  # several slips give this count for this image: name each
        raise Hint(
            f"{name}: {v} is not right. For this image {_count_word(len(hits)).lower()} slips give "
            f"{v}: " + " ".join(f"({i}) {h}" for i, h in enumerate(hits, 1))
        )
    if v > places:
        raise Hint(
            f"{name}: {v} is more than the {places} pooled places there are: pool both images "
            f"({size}×{size}, stride {size}) and count the places where they agree."
        )
    raise Hint(
        f"{name}: {v} is not right. Pool both images and count the equal places: np.sum(a == b)."
    )


# ============================================================================= issue 12, chapter 2:
# the gradient as a full convolution, dilation, transposed convolution, TensorFlow vs PyTorch padding.

__all__ += [
    "check_input_gradient",
    "check_dilated_output",
    "check_receptive_field",
    "check_transposed_size",
    "check_transposed_conv",
    "check_same_as_torch",
]


@checker
def check_input_gradient(
    value, g, kernel, name: str = "gradient with respect to the input"
) -> None:
    """The gradient of ``sum(conv2d(x, kernel) * g)`` with respect to ``x`` (valid, stride 1): the full
    cross-correlation of ``g`` with the kernel rotated by 180°."""
    g, kernel = np.asarray(g, float), np.asarray(kernel, float)
    flipped = kernel[::-1, ::-1]
    expected = conv.conv2d(g, flipped, padding="full")
    v = _read_array(value, name, 2, "the gradient (one number per input pixel)")
    f = kernel.shape[0]
    if v.shape != expected.shape:
        valid = (g.shape[0] - f + 1, g.shape[1] - f + 1)
        if v.shape == valid:
            hint = (
                f"that is padding 'valid'. The gradient has one value per INPUT pixel, {expected.shape}: "
                f"pad g with F − 1 = {f - 1} zeros on every side first (padding='full')."
            )
        elif v.shape == g.shape:
            hint = (
                f"that is g's own shape (padding 'same'); the input was larger, {expected.shape}: "
                f"pad F − 1 = {f - 1} zeros on every side (padding='full')."
            )
        elif v.shape == (g.shape[0] + 2 * (f - 1), g.shape[1] + 2 * (f - 1)):
            hint = "that is the shape of g once padded; now slide the flipped kernel over it."
        else:
            hint = f"a full convolution of a {g.shape[0]}×{g.shape[1]} map with a {f}×{f} kernel is {expected.shape}."
        raise Hint(f"{name}: your answer has shape {v.shape}; expected {expected.shape}: {hint}")
    if _same(v, expected, 1e-6):
        passed(name, "g, padded with F − 1 zeros, correlated with the kernel rotated by 180°")
        return
    candidates = [
        (
            conv.conv2d(g, kernel, padding="full"),
            "the kernel is not flipped: every input pixel x[m] reaches y[m − a] through kernel[a], so "
            "the gradient slides the kernel rotated by 180° (kernel[::-1, ::-1]).",
        ),
        (
            conv.conv2d(g, kernel[::-1, :], padding="full"),
            "you flipped only the rows (kernel[::-1]); rotate by 180°: flip both axes, kernel[::-1, ::-1].",
        ),
        (
            conv.conv2d(g, kernel[:, ::-1], padding="full"),
            "you flipped only the columns; rotate by 180°: flip both axes, kernel[::-1, ::-1].",
        ),
        (
            conv.conv2d(g, kernel.T, padding="full"),
            "kernel.T mirrors the kernel along its diagonal; the flip is a rotation by 180°: "
            "kernel[::-1, ::-1].",
        ),
        (
            conv.conv2d(g, np.rot90(kernel), padding="full"),
            "np.rot90(kernel) turns the kernel by 90°, a quarter turn; the gradient needs a half "
            "turn, 180°: np.rot90(kernel, 2), which is kernel[::-1, ::-1].",
        ),
        (
            conv.conv2d(g, np.rot90(kernel, -1), padding="full"),
            "np.rot90(kernel, -1) turns the kernel by 90° clockwise, a quarter turn; the gradient "
            "needs a half turn, 180°: np.rot90(kernel, 2), which is kernel[::-1, ::-1].",
        ),
        (-expected, "the sign is wrong: the loss is sum(y * g), whose gradient has g's sign."),
    ]
    for alt, hint in candidates:
        if not _same(alt, expected) and _same(v, alt):
            raise Hint(f"{name}: {hint}")
    raise Hint(
        f"{name}: {_first_difference(v, expected)}. Pad g with {f - 1} zeros on every side and "
        "correlate with the kernel rotated by 180°."
    )


def _pixels(value, name: str, what: str) -> int:
    """One whole number of pixels; a pair, a string or a fraction gets a hint that names it."""
    v = as_number(value, name, what=what, many_hint="Give a single number.")
    if not v.is_integer():
        raise Hint(f"{name}: {v:g} is not a whole number; pixels are counted: {what} is asked.")
    return int(v)


@checker
def check_dilated_output(
    span, width, n, f, dilation, stride=1, padding=0, name: str | None = None
) -> None:
    """``span``: the width a dilated ``f``-wide kernel covers, ``f + (f - 1)(d - 1)``; ``width``: the
    output width on an ``n``-wide input (:func:`utils.conv.output_size` with ``dilation``)."""
    name = name or f"{f}×{f} kernel, dilation {dilation}, on {n}×{n}"
    d = dilation
    s = _pixels(span, f"{name} (span)", "one number (the span in pixels)")
    w = _pixels(width, f"{name} (output width)", "one number (the output width)")
    e = conv.effective_kernel_size(f, d)
    expected_w = conv.output_size(n, f, stride, padding, dilation=d)
    problems = []
    if s != e:
        slips = [
            (
                f * d,
                f"F·d = {f * d} leaves a gap after the last tap too; only the {f - 1} spaces "
                "BETWEEN taps widen: F + (F − 1)(d − 1).",
            ),
            (
                f + d - 1,
                f"that widens one space only; each of the F − 1 = {f - 1} spaces between taps "
                "gets d − 1 zeros: F + (F − 1)(d − 1).",
            ),
            (
                (f - 1) * d,
                "off by one: (F − 1)·d counts the steps from the first tap to the last; + 1 for the last tap itself.",
            ),
            (
                f + (f - 1) * d,
                "each space between taps holds d − 1 zeros, not d: F + (F − 1)(d − 1).",
            ),
            (
                f,
                f"that is the number of taps; with {d - 1} zero(s) between neighbours they span "
                "more: F + (F − 1)(d − 1).",
            ),
        ]
        problems.append(
            next(
                (f"span {s}: {h}" for alt, h in slips if alt == s and alt != e),
                f"span {s} is not right: F + (F − 1)(d − 1).",
            )
        )
    if w != expected_w:
        try:
            theirs = conv.output_size(n, s, stride, padding) if 0 < s <= n else None
        except ValueError:
            theirs = None
        if s != e and theirs == w:
            problems.append(
                f"output width {w} follows from your span; with the right span it changes too."
            )
        elif w == conv.output_size(n, f, stride, padding):
            problems.append(
                f"output width {w} ignores the dilation: the kernel spans {e} pixels, so use {e} in place of F."
            )
        elif w == expected_w - 1:
            problems.append(
                f"output width {w}: off by one — N − span counts the steps; + 1 for the first position."
            )
        elif w == n and not padding:
            problems.append(
                f"output width {w} is the input's width; without padding the output is N − span + 1."
            )
        else:
            problems.append(
                f"output width {w} is not right: floor((N − span + 2P) / S) + 1, with span = F + (F − 1)(d − 1)."
            )
    if problems:
        _report(name, problems, "")
    passed(
        name,
        f"{f} taps {d} apart span {e} pixels; the output is {n} − {e} + 1 = {expected_w} wide"
        if stride == 1 and not padding
        else f"span {e}, output {expected_w}",
    )


@checker
def check_receptive_field(value, f, dilations, name: str | None = None) -> None:
    """Receptive field of a stack of stride-1 ``f``×``f`` convolutions with the given dilations:
    ``1 + sum(span - 1)``."""
    dilations = list(dilations)
    name = (
        name
        or f"receptive field of {_count_word(len(dilations)).lower()} {f}×{f} layers, dilations {tuple(dilations)}"
    )
    v = _pixels(value, name, "one number (the width of the receptive field)")
    spans = [conv.effective_kernel_size(f, d) for d in dilations]
    expected = 1 + sum(e - 1 for e in spans)
    if v == expected:
        passed(
            name,
            f"each layer adds its span − 1: 1 + {' + '.join(str(e - 1) for e in spans)} = {expected}",
        )
        return
    slips = [
        (
            1 + len(dilations) * (f - 1),
            "that ignores the dilations (3×3 layers without gaps): each layer adds its SPAN − 1, "
            "F + (F − 1)(d − 1) − 1.",
        ),
        (
            sum(spans),
            f"the spans ({', '.join(map(str, spans))}) overlap by one pixel at each layer: 1 + "
            "Σ(span − 1), not Σ span.",
        ),
        (
            sum(e - 1 for e in spans),
            "off by one: start from 1 (one pixel), then add span − 1 per layer.",
        ),
        (
            spans[-1],
            "that is the last layer's span alone; the layers below widen what each of its taps sees.",
        ),
        (int(np.prod(spans)), "the spans add (each layer adds span − 1), they do not multiply."),
        (
            1 + sum(f * d - 1 for d in dilations),
            "the span of a dilated kernel is F + (F − 1)(d − 1), not F·d.",
        ),
    ]
    hits = [h for alt, h in slips if alt == v and alt != expected]
    if hits:
        raise Hint(f"{name}: {v} is not right: {hits[0]}")
    raise Hint(
        f"{name}: {v} is not right: 1 + Σ (span − 1), span = F + (F − 1)(d − 1) for each layer."
    )


@checker
def check_transposed_size(value, n, f, stride=1, padding=0, name: str | None = None) -> None:
    """Output width of a transposed convolution: ``stride (n - 1) + f - 2 padding``."""
    name = (
        name or f"transposed convolution output (n={n}, f={f}, stride={stride}, padding={padding})"
    )
    v = _pixels(value, name, "one number (the output width)")
    expected = conv.transposed_output_size(n, f, stride, padding)
    s, p = stride, padding
    if v == expected:
        passed(
            name,
            f"the last of {n} stamps starts at {s}·({n} − 1) and is {f} wide; {p} cropped from each side",
        )
        return
    slips = [
        (
            s * n,
            f"S·N is what Keras's padding='same' gives; here the {n} stamps are {s} apart, the "
            f"last one {f} wide, and padding {p} crops: S(N − 1) + F − 2P.",
        ),
        (
            s * (n - 1) + f,
            f"padding {p} crops {p} from EACH side of a transposed convolution's output: subtract 2P.",
        ),
        (s * (n - 1) + f - p, "the padding is cropped from both sides: subtract 2P, not P."),
        (
            s * (n - 1) + f + 2 * p,
            "in a transposed convolution padding REMOVES rows and columns from the output: − 2P.",
        ),
        (
            s * n + f - 2 * p,
            f"{n} stamps have N − 1 = {n - 1} gaps of S between them: S(N − 1), not S·N.",
        ),
        (
            (n - 1) * s + 1,
            "that is the input with the zeros inserted; the kernel then adds F − 1 and the padding crops 2P.",
        ),
        (
            (n - 1) * s + 1 + 2 * (f - 1 - p),
            "that is the size of the zero-inserted, padded input; a stride-1 F-wide kernel over it loses F − 1.",
        ),
    ]
    if f <= n + 2 * p:
        slips.append(
            (
                (n - f + 2 * p) // s + 1,
                "that is an ordinary convolution, which shrinks; the transposed one grows: S(N − 1) + F − 2P.",
            )
        )
    hits = [h for alt, h in slips if alt == v and alt != expected]
    if hits:
        raise Hint(f"{name}: {v} is not right: {hits[0]}")
    raise Hint(f"{name}: {v} is not right: S(N − 1) + F − 2P.")


@checker
def check_transposed_conv(value, x, kernel, stride, name: str = "transposed convolution") -> None:
    """``conv_transpose2d(x, kernel, stride=stride)`` (no padding): each input value stamps the kernel,
    scaled by the value, ``stride`` pixels apart."""
    x, kernel = np.asarray(x, float), np.asarray(kernel, float)
    s, f = stride, kernel.shape[0]
    expected = conv.conv_transpose2d(x, kernel, stride=s)
    v = _read_array(value, name, 2, "the output map")
    spread = conv.insert_zeros(x, s)
    if v.shape != expected.shape:
        after = np.zeros((x.shape[0] * s, x.shape[1] * s))
        after[::s, ::s] = x
        shapes = [
            (
                conv.conv2d(x, kernel, stride=s, padding="same").shape,
                "that is an ordinary strided convolution (padding 'same'), which shrinks the map; "
                "the transposed one grows it.",
            ),
            (
                conv.conv2d(x, kernel, stride=s).shape if f <= min(x.shape) else None,
                "that is an ordinary strided convolution, which shrinks the map; the transposed one grows it.",
            ),
            (
                conv.conv_transpose2d(x, kernel).shape,
                f"that is stride 1: with stride {s}, {s - 1} zero(s) go between neighbouring "
                f"inputs (the stamps are {s} apart).",
            ),
            (
                conv.conv2d(spread, kernel).shape if f <= min(spread.shape) else None,
                f"you inserted the zeros but did not pad: add F − 1 = {f - 1} zeros around the spread input.",
            ),
            (
                conv.conv2d(after, kernel, padding="full").shape,
                "the zeros go BETWEEN neighbours only, not after the last value: the spread "
                "input is S(N − 1) + 1 wide.",
            ),
            (
                spread.shape,
                "that is the spread input; now slide the flipped kernel over it, padded with F − 1 zeros.",
            ),
        ]
        hint = next(
            (h for shp, h in shapes if shp == v.shape),
            f"S(N − 1) + F along each axis: {expected.shape}.",
        )
        raise Hint(f"{name}: your answer has shape {v.shape}; expected {expected.shape}: {hint}")
    if _same(v, expected, 1e-6):
        passed(
            name,
            f"each input value stamps the kernel, the stamps {s} apart, summed where they overlap",
        )
        return
    candidates = [
        (
            conv.conv_transpose2d(x, kernel[::-1, ::-1], stride=s),
            "the kernel is the wrong way round: stamp it as it is — or, sliding it over the spread and "
            "padded input, flip it first (kernel[::-1, ::-1]).",
        ),
        (
            conv.conv_transpose2d(x, kernel.T, stride=s),
            "you used kernel.T; stamp the kernel as it is.",
        ),
        (
            conv.conv_transpose2d(x.T, kernel, stride=s).T if x.shape[0] == x.shape[1] else None,
            "rows and columns are swapped: input (i, j) stamps at output row S·i, column S·j.",
        ),
    ]
    for alt, hint in candidates:
        if alt is not None and not _same(alt, expected) and _same(v, alt):
            raise Hint(f"{name}: {hint}")
    raise Hint(
        f"{name}: {_first_difference(v, expected)}. Input (i, j) adds x[i, j] · kernel at rows "
        f"{s}·i … {s}·i + {f - 1}, columns {s}·j … {s}·j + {f - 1}."
    )


def _sizes_answer(value, name: str) -> list[int]:
    """A list of whole numbers in any order (a list, tuple, set, range or 1-D array)."""
    require_answer(value, name)
    what = "a list of input sizes (whole numbers)"
    if isinstance(value, (str, bytes)):
        raise Hint(f"{name}: {what} is asked, but your answer is {describe(value)}.")
    if isinstance(value, (numbers.Number, np.bool_)) or (
        isinstance(value, np.ndarray) and value.ndim == 0
    ):
        raise Hint(
            f"{name}: {what} is asked, but your answer is {describe(value)}: list the sizes "
            "themselves, e.g. [21, 24], not how many there are."
        )
    if isinstance(value, (set, frozenset, range)):
        value = sorted(value)
    try:
        arr = np.asarray(value)
    except Exception:  # noqa: BLE001 - ragged lists
        raise Hint(f"{name}: {what} is asked, but your answer is {describe(value)}.") from None
    if arr.dtype.kind == "b":
        raise Hint(
            f"{name}: your answer is {describe(value)}, one True/False per size; give the sizes "
            "where it is True, e.g. [n for n in sizes if ...]."
        )
    if arr.ndim != 1 or arr.dtype.kind not in "iuf":
        raise Hint(f"{name}: {what} is asked, but your answer is {describe(value)}.")
    if not all(float(a).is_integer() for a in arr):
        raise Hint(f"{name}: sizes are whole numbers; your answer holds {describe(value)}.")
    return sorted(int(a) for a in arr)


@checker
def check_same_as_torch(value, sizes, f, stride, torch_padding, name: str | None = None) -> None:
    """The input sizes among ``sizes`` for which Keras's ``padding="same"`` computes exactly what a
    PyTorch convolution with integer ``torch_padding`` (on both sides) computes, the same weights given."""
    sizes = list(sizes)
    name = name or (
        f"sizes where 'same' equals PyTorch's padding={torch_padding} ({f}×{f} kernel, stride {stride})"
    )
    v = _sizes_answer(value, name)
    rng = np.random.default_rng(0)
    k = rng.normal(size=(f, f))

    def agree(n):
        x = rng.normal(size=(n, n))
        a = conv.conv2d(x, k, stride=stride, padding="same")
        b = conv.conv2d(x, k, stride=stride, padding=torch_padding)
        return a.shape == b.shape and bool(np.allclose(a, b))

    expected = [n for n in sizes if agree(n)]
    if v == expected:
        passed(
            name,
            f"only there does TensorFlow put {torch_padding} zero(s) before, as PyTorch does; "
            "elsewhere its windows start at other pixels",
        )
        return
    outside = [n for n in v if n not in sizes]
    if outside:
        raise Hint(
            f"{name}: {outside} are not among the sizes asked about, {sizes[0]}…{sizes[-1]}."
        )
    if len(set(v)) != len(v):
        raise Hint(f"{name}: your list names some sizes twice.")
    same_size = [
        n
        for n in sizes
        if conv.output_size(n, f, stride, "same") == conv.output_size(n, f, stride, torch_padding)
    ]
    slips = [
        (
            same_size,
            "there the output SIZES agree, but equal sizes do not make equal numbers: compare "
            f"where the zeros go, conv.same_padding(n, {f}, {stride}) against ({torch_padding}, {torch_padding}).",
        ),
        (
            [n for n in sizes if n not in expected],
            "those are the sizes where the two DIFFER; the question asks where they agree.",
        ),
        (
            [n for n in sizes if n % 2 == 1],
            f"odd sizes are the answer for stride 2; this layer has stride {stride}: compare "
            f"conv.same_padding(n, {f}, {stride}) with ({torch_padding}, {torch_padding}).",
        ),
        (
            [n for n in sizes if sum(conv.same_padding(n, f, stride)) == 2 * torch_padding],
            f"there TensorFlow adds {2 * torch_padding} zeros in all, as PyTorch does — but check "
            f"where they go: the zeros BEFORE decide where every window starts, and they must be "
            f"{torch_padding}, as in PyTorch (the zeros after only decide whether a last window fits).",
        ),
        (
            [],
            "some sizes do agree: where TensorFlow puts "
            f"{torch_padding} zero(s) before, as PyTorch does, so that the windows start at the same pixels.",
        ),
    ]
    hits = [h for alt, h in slips if alt == v and alt != expected]
    if hits:
        raise Hint(f"{name}: {hits[0]}")
    missing = [n for n in expected if n not in v]
    extra = [n for n in v if n not in expected]
    parts = []
    if extra:
        parts.append(f"{extra} give different numbers")
    if missing:
        parts.append(f"you left out {len(missing)} size(s) that agree")
    raise Hint(
        f"{name}: {'; '.join(parts)}. They agree where conv.same_padding(n, {f}, {stride}) is "
        f"({torch_padding}, {torch_padding})."
    )


# ============================================================================= issue 12, chapter 1:
# im2col: the windows of a convolution as the rows of one matrix, and the shapes of that matrix.

__all__ += ["check_im2col", "check_im2col_shapes"]


@checker
def check_im2col(value, image, f, stride=1, name: str = "im2col matrix") -> None:
    """The im2col matrix of a 2-D ``image`` for an ``f``×``f`` kernel, no padding: one row per kernel
    position (left to right, then down), each window flattened row by row (:func:`utils.conv.im2col`)."""
    image = np.asarray(image)
    fh, fw = validate.pair(f, "kernel size")
    sh, sw = validate.pair(stride, "stride")
    expected = conv.im2col(image, (fh, fw), stride=(sh, sw)).astype(float)
    h, w = image.shape
    ho, wo = conv.output_size(h, fh, sh), conv.output_size(w, fw, sw)
    rows, width = expected.shape
    what = f"the im2col matrix, {rows} windows (rows) × {width} numbers"
    v = as_array(value, name)
    _no_bools(v, name, what)
    v = v.astype(float)
    layout = f"({rows}, {width}): one row per kernel position, the {fh}×{fw} window there flattened"
    if v.shape != expected.shape:
        if v.shape == (width, rows):
            hint = (
                "one window per COLUMN (the layout of CS231n's X_col). This course puts one window "
                f"per ROW, {layout}, so that the matrix times the kernel column gives the outputs: "
                "transpose it (.T)."
            )
        elif v.shape == (ho, wo, width):
            hint = (
                f"the rows are still laid out on the {ho}×{wo} output grid; stack them into one "
                f"matrix {layout} (.reshape({rows}, {width}))."
            )
        elif v.shape == (ho, wo, fh, fw):
            hint = (
                f"that is every window as a {fh}×{fw} grid (sliding_window_view's layout); flatten "
                f"each window into a row: {layout} (.reshape({rows}, {width}))."
            )
        elif v.shape == (ho, wo):
            hint = (
                "that is the output map: the windows already multiplied by a kernel. The question "
                f"asks for the windows themselves, before the multiply: {layout}."
            )
        elif v.shape == (rows, fh, fw):
            hint = (
                f"every window is still a {fh}×{fw} grid; flatten each into a row of {width}: "
                f"{layout} (.reshape({rows}, {width}))."
            )
        elif v.ndim == 1 and v.size == expected.size:
            hint = f"all the numbers are there but in one line; one row per window: {layout}."
        elif (
            h != w
            and v.ndim == 2
            and v.shape[1] == width
            and v.shape[0] in (ho * ho, wo * wo)
            and v.shape[0] != rows
        ):
            hint = (
                f"the image is {h}×{w}, not square: {_a(fh)} {fh}×{fw} kernel fits at {ho} row and "
                f"{wo} column positions (range({ho}) for the rows, range({wo}) for the columns), "
                f"{rows} windows: {layout}."
            )
        elif v.ndim == 2 and v.shape[1] == width and v.shape[0] == (h - fh) * (w - fw):
            hint = (
                f"the last position along each axis is missing: a {fh}-row kernel fits at "
                f"N − F + 1 = {ho} row positions (range({h} - {fh} + 1), not range({h} - {fh}))."
            )
        elif v.ndim == 2 and v.shape[1] == width and v.shape[0] == h * w:
            hint = (
                f"one row per PIXEL; without padding the kernel fits at only {ho}×{wo} = {rows} "
                "positions."
            )
        else:
            hint = f"the matrix is {layout}."
        raise Hint(f"{name}: your answer has shape {v.shape}; expected {expected.shape}: {hint}")
    if _same(v, expected):
        passed(
            name,
            f"{rows} windows, one per row, each {fh}×{fw} window flattened in the kernel's order: "
            "times the kernel as a column, it gives every output at once",
        )
        return
    windows = expected.reshape(rows, fh, fw)
    by_columns = windows.transpose(0, 2, 1).reshape(rows, width)
    down_first = expected.reshape(ho, wo, width).transpose(1, 0, 2).reshape(rows, width)
    both = by_columns.reshape(ho, wo, width).transpose(1, 0, 2).reshape(rows, width)
    candidates = [
        (
            by_columns,
            "each window is flattened column by column (order='F', or window.T); flatten it row by "
            "row, as kernel.reshape does (window.ravel()), so that each number meets its weight.",
        ),
        (
            down_first,
            "the windows are in the wrong order: you went down first. Go along the row first (left "
            "to right), then down, as the output map is read (row index i outside, j inside).",
        ),
        (
            both,
            "(1) the windows are in the wrong order: go along the row first, then down; (2) each "
            "window is flattened column by column: flatten it row by row (window.ravel()).",
        ),
    ]
    for alt, hint in candidates:
        if not _same(alt, expected) and _same(v, alt):
            raise Hint(f"{name}: {hint}")
    raise Hint(
        f"{name}: {_first_difference(v, expected)}. Row k is the window at the k-th kernel position "
        "(left to right, then down), flattened row by row."
    )


def _matrix_shape(value, name: str) -> tuple:
    """A shape of any length (a hint for text, numbers and non-integers); the caller checks the length."""
    require_answer(value, name)
    what = "a matrix shape, two whole numbers (rows, columns)"
    if (
        isinstance(value, (str, bytes))
        or isinstance(value, (numbers.Number, np.bool_))
        or (isinstance(value, np.ndarray) and value.ndim == 0)
    ):
        raise Hint(
            f"{name}: {what} is asked, but your answer is {describe(value)}. Write it as a tuple, "
            "(rows, columns)."
        )
    try:
        items = list(value)
    except TypeError:
        raise Hint(f"{name}: {what} is asked, but your answer is {describe(value)}.") from None
    if not 1 <= len(items) <= 4:
        count = f"{len(items)} {'entry' if len(items) == 1 else 'entries'}"
        raise Hint(f"{name}: {what} is asked; yours has {count} ({describe(value)}).")
    return as_ints(items, name, len(items), what=what)


@checker
def check_im2col_shapes(
    cols_shape,
    kernel_shape,
    batch: int,
    input_shape,
    f: int,
    filters: int,
    stride: int = 1,
    name: str = "im2col shapes",
) -> None:
    """The shapes of the im2col matrix ``(N·H_out·W_out, F·F·C_in)`` and of the kernel matrix
    ``(F·F·C_in, C_out)`` of a ``Conv2D(filters, f, strides=stride)`` layer (no padding) on a batch of
    ``batch`` images of ``input_shape`` ``(H, W, C_in)``."""
    h, w, c = input_shape
    ho, wo = conv.output_size(h, f, stride), conv.output_size(w, f, stride)
    rows, width = batch * ho * wo, f * f * c
    cols = _matrix_shape(cols_shape, f"{name} (cols_shape)")
    kern = _matrix_shape(kernel_shape, f"{name} (kernel_shape)")
    if cols == (rows, width) and kern == (width, filters):
        passed(
            name,
            f"{batch}·{ho}·{wo} = {rows:,} windows of {f}·{f}·{c} = {width} numbers, times a "
            f"{width} × {filters} kernel matrix (one column per filter): ({rows:,}, {filters}) outputs",
        )
        return
    problems = []
    if cols != (rows, width):
        problems.append("cols_shape " + _cols_problem(cols, batch, h, w, c, f, filters, stride))
    if kern != (width, filters):
        problems.append("kernel_shape " + _kernel_problem(kern, c, f, filters))
    _report(name, problems, "compare with (N·H_out·W_out, F·F·C_in) and (F·F·C_in, C_out).")


def _cols_problem(v: tuple, batch, h, w, c, f, filters, stride) -> str:
    ho, wo = conv.output_size(h, f, stride), conv.output_size(w, f, stride)
    rows, width = batch * ho * wo, f * f * c
    formula = f"H_out = floor(({h} − {f}) / {stride}) + 1 = {ho}"
    if len(v) == 4 and v == (batch, ho, wo, width):
        return (
            f"{v} keeps the images and the output grid apart; the im2col matrix is 2-D, every "
            f"window of every image one row: ({batch}·{ho}·{wo}, {width})."
        )
    if len(v) == 3 and v == (ho, wo, width):
        return (
            f"{v} is one image's windows on its output grid; the matrix is 2-D, with a row for "
            f"every window of all {batch} images: ({batch}·{ho}·{wo}, {width})."
        )
    if len(v) != 2:
        return f"{v}: the matrix has two axes, (N·H_out·W_out, F·F·C_in)."
    if v == (width, rows):
        return (
            f"{v} has one window per COLUMN (CS231n's X_col); this course puts one window per ROW: "
            "(N·H_out·W_out, F·F·C_in)."
        )
    parts = []
    r, k = v
    if r != rows:
        if r == ho * wo:
            parts.append(
                f"{r:,} rows are the windows of ONE image; the batch has {batch}: "
                f"N·H_out·W_out = {batch}·{ho}·{wo}."
            )
        elif stride > 1 and r == batch * (h - f + 1) * (w - f + 1):
            parts.append(
                f"{r:,} rows ignore the stride: at stride {stride} the kernel visits only "
                f"{formula} positions per axis."
            )
        elif r == batch * ((h - f) // stride) * ((w - f) // stride):
            parts.append(f"{r:,} rows: off by one per axis, the + 1 is missing: {formula}.")
        elif r == batch * h * w:
            parts.append(f"{r:,} rows is one per input pixel; one per kernel position: {formula}.")
        else:
            parts.append(
                f"{r:,} rows: one row per window of every image, N·H_out·W_out; {formula}."
            )
    if k != width:
        if k == f * f:
            parts.append(
                f"{k} columns leave out the channels: a window spans all {c}, F·F·C_in numbers."
            )
        elif k == width * filters:
            parts.append(
                f"{k:,} columns count the filters too; the filters are the columns of the KERNEL "
                f"matrix. A window holds F·F·C_in = {width} numbers."
            )
        elif k == width + 1:
            parts.append(
                f"{k} columns include a bias; the matrix holds the windows only, F·F·C_in = {width} "
                "(the bias is added after the multiply)."
            )
        elif k == filters and r == rows:
            parts.append(
                f"{v} is the shape of the OUTPUT, cols @ kernel_matrix (one column per filter); "
                "the im2col matrix is what goes into the multiply, the windows, with one column "
                f"per number of a window: F·F·C_in = {width}."
            )
        else:
            parts.append(f"{k} columns: one per number of a window, F·F·C_in.")
    return " ".join(parts)


def _kernel_problem(v: tuple, c, f, filters) -> str:
    width = f * f * c
    if len(v) == 4 and v == (f, f, c, filters):
        return (
            f"{v} is the kernel as Keras stores it; the kernel MATRIX is that reshaped to two axes, "
            f"k.reshape(F·F·C_in, C_out)."
        )
    if len(v) != 2:
        return f"{v}: the kernel matrix has two axes, (F·F·C_in, C_out)."
    if v == (filters, width):
        return (
            f"{v} is transposed: in cols @ kernel its rows must match the im2col matrix's "
            "columns: (F·F·C_in, C_out)."
        )
    parts = []
    r, k = v
    if r != width:
        if r == f * f:
            parts.append(f"{r} rows leave out the {c} input channels: F·F·C_in.")
        elif r == width + 1:
            parts.append(
                f"{r} rows include the bias; the kernel matrix holds the weights, F·F·C_in."
            )
        else:
            parts.append(f"{r} rows: one per weight of a filter, F·F·C_in.")
    if k != filters:
        if k == c:
            parts.append(
                f"{k} columns is the INPUT's channel count; one column per filter: {filters}."
            )
        elif k == 1:
            parts.append(f"1 column is one filter; the layer has {filters}, one column each.")
        else:
            parts.append(f"{k} columns: one per filter, C_out.")
    return " ".join(parts)


# ============================================================================= issue 12, chapter 3:
# choosing the downsampling: pooling has no weights, a strided convolution F·F·C·C' + C'.

__all__ += ["check_downsampling_params", "check_pooling_choice"]


def _whole(value, name: str, what: str) -> int:
    """One whole number (a count); a pair, a string or a fraction gets a hint that names it."""
    v = as_number(
        value,
        name,
        what=what,
        many_hint="Give one number for this layer; the other layer has its own variable.",
    )
    if not v.is_integer():
        raise Hint(f"{name}: {v:g} is not a whole number; a count of weights is.")
    return int(v)


@checker
def check_downsampling_params(
    pool_params,
    strided_params,
    input_shape=(28, 28, 96),
    f: int = 3,
    stride: int = 2,
    name: str = "downsampling parameters",
) -> None:
    """Parameters of ``MaxPooling2D(stride)`` and of ``Conv2D(C, f, strides=stride, padding="same")``
    on an ``(H, W, C)`` map: both halve the map; the pooling has no weights, the convolution
    ``(f·f·C + 1)·C``."""
    h, w, c = input_shape
    labels = ("pool_params", "strided_params")
    for value, label in zip((pool_params, strided_params), labels):
        require_answer(value, f"{name} ({label})")
    pool = _whole(pool_params, f"{name} (pool_params)", "one whole number (the pooling's weights)")
    strided = _whole(
        strided_params, f"{name} (strided_params)", "one whole number (the convolution's weights)"
    )
    expected = conv.conv_params(f, c, c)
    ho, wo = conv.output_size(h, f, stride, "same"), conv.output_size(w, f, stride, "same")
    if (pool, strided) == (0, expected):
        passed(
            name,
            f"pooling only takes the largest value of each window, so it learns nothing (0); the "
            f"strided convolution learns {f}·{f}·{c} weights and 1 bias for each of its {c} "
            f"filters, (F·F·C + 1)·C' = {expected:,}",
        )
        return
    if (pool, strided) == (expected, 0):
        raise Hint(f"{name}: the two counts are swapped: the pooling is the one with no weights.")
    problems = []
    if pool != 0:
        problems.append(
            f"pool_params: {pool:,}, but MaxPooling2D has no weights: it takes the largest value "
            "of each window, there is nothing to learn (model.summary() shows 0)."
        )
    if strided != expected:
        no_bias = conv.conv_params(f, c, c, bias=False)
        macs = conv.conv_macs(ho, wo, f, c, c)
        if strided == no_bias:
            problems.append(f"strided_params: you left out the biases, one per filter ({c}).")
        elif strided in (conv.conv_params(stride, c, c), conv.conv_params(stride, c, c, False)):
            problems.append(
                f"strided_params: that is a {stride}×{stride} kernel. The kernel is {f}×{f}; the "
                f"{stride} is the stride, which moves the kernel and adds no weights."
            )
        elif strided in ((f * f + 1) * c, f * f * c, f * f + 1):
            problems.append(
                f"strided_params: each filter has a {f}×{f} slice for EVERY input channel: "
                f"{f}·{f}·{c} weights, plus 1 bias."
            )
        elif strided in (macs, 2 * macs):  # macs = the weights without biases × the positions
            problems.append(
                f"strided_params: that is the number of operations over the map: the weights "
                f"times the {ho}×{wo} output positions, the multiply-adds (or twice that, the "
                "FLOPs). A convolution shares its weights over all positions: count them once."
            )
        elif strided in (expected * ho * wo, expected * h * w, no_bias * h * w):
            problems.append(
                "strided_params: you multiplied by the number of positions. A convolution shares "
                "its weights over all positions: the count does not depend on the map's size."
            )
        elif strided == expected * stride or strided * stride == expected:
            problems.append(
                "strided_params: the stride does not enter the count: it only moves the kernel."
            )
        else:
            problems.append(
                f"strided_params: a Conv2D has (F·F·C_in + 1)·C_out weights: F = {f}, C_in = C_out "
                f"= {c}."
            )
    if len(problems) == 1:
        raise Hint(f"{name}: {problems[0]}")
    raise Hint(f"{name}: 2 things to fix.\n" + "\n".join(f"- {p}" for p in problems))


_DOWNSAMPLERS = {
    "max": "max pooling",
    "avg": "average pooling",
    "global": "global average pooling",
    "strided": "a strided convolution",
}


def _downsampler(text: str):
    """A learner's name for one of the four downsamplers, as a key of ``_DOWNSAMPLERS`` (or None)."""
    t = text.lower()
    for drop in (" ", "_", "-", "(", ")", "pooling", "2d"):
        t = t.replace(drop, "")
    if t.startswith("global") or t in ("gap", "gmp"):
        return "global"
    if t in ("max", "maxpool"):
        return "max"
    if t in ("avg", "average", "mean", "avgpool", "averagepool", "meanpool"):
        return "avg"
    if t.startswith("strided") or t in ("conv", "convolution", "conv2d", "stride"):
        return "strided"
    return None


@checker
def check_pooling_choice(choices, name: str = "pooling choices") -> None:
    """Exercise 3.8: which downsampler suits each of four situations, as a tuple of four names from
    ``"avg"``, ``"global"``, ``"max"``, ``"strided"``: (a) a peak anywhere in a window must survive,
    (b) a downsampling the network learns, (c) the mean must be kept, (d) any input size, no
    weights, one number per channel."""
    require_answer(choices, name)
    names = '"avg", "global", "max" or "strided"'
    what = f"a tuple of four names, each {names},"
    if isinstance(choices, str):
        raise Hint(f"{name}: {what} is asked, but your answer is one text, {describe(choices)}.")
    if isinstance(choices, dict):
        raise Hint(
            f"{name}: {what} is asked, in the order (a), (b), (c), (d); your answer is a dict."
        )
    try:
        items = list(choices)
    except TypeError:
        raise Hint(f"{name}: {what} is asked, but your answer is {describe(choices)}.") from None
    if len(items) != 4:
        raise Hint(
            f"{name}: {what} is asked, one per situation (a) to (d); yours has {len(items)} "
            f"({describe(choices)})."
        )
    got = []
    for label, item in zip("abcd", items):
        if not isinstance(item, str):
            raise Hint(f"{name}: ({label}) is {describe(item)}; write the name in quotes: {names}.")
        key = _downsampler(item)
        if key is None:
            raise Hint(
                f"{name}: ({label}) is {item!r}, which is not one of the four names: {names}."
            )
        got.append(key)
    expected = ["max", "strided", "avg", "global"]
    if got == expected:
        passed(
            name,
            "max pooling keeps each window's peak, average pooling keeps the mean, global average "
            "pooling gives one number per channel for any input size, and only a strided "
            "convolution learns how to downsample",
        )
        return
    why = {  # for the right answer, then the answer given: what that answer misses
        "max": {
            "avg": "averaging divides a lone strong response by the window's size; the maximum "
            "keeps it whole.",
            "global": "global pooling leaves one number for the whole map, not one per 2×2 window.",
            "strided": "a strided convolution is a weighted sum, so it cannot take a maximum: a lone "
            "strong response is always mixed with the rest of its window.",
        },
        "avg": {
            "max": "max pooling keeps each window's largest value, which raises the mean.",
            "global": "global average pooling keeps the mean but leaves one number per channel; "
            "this asks for a map that shrinks step by step.",
            "strided": "a strided convolution keeps the mean only if it learns exactly the "
            "averaging kernel, a 2×2 kernel of ¼s at stride 2 (weights 1/(F·F) with F equal to the "
            "stride); average pooling keeps it by construction, with no weights.",
        },
        "global": {
            "max": "MaxPooling2D(2) halves the map: its output size still depends on the input's.",
            "avg": "AveragePooling2D(2) halves the map: its output size still depends on the "
            "input's.",
            "strided": "a strided convolution has weights, and its output size depends on the "
            "input's.",
        },
        "strided": {
            "max": "max pooling has no weights: nothing is learned.",
            "avg": "average pooling has no weights: nothing is learned.",
            "global": "global pooling has no weights: nothing is learned.",
        },
    }
    problems = []
    for label, g, e in zip("abcd", got, expected):
        if g != e:
            problems.append(f"({label}) {_DOWNSAMPLERS[g]}: {why[e][g]}")
    if len(problems) == 1:
        raise Hint(f"{name}: {problems[0]}")
    raise Hint(
        f"{name}: {'all four' if len(problems) == 4 else _count_word(len(problems)).lower() + ' of the four'}"
        " to rethink.\n" + "\n".join(f"- {p}" for p in problems)
    )
