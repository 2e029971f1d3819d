"""Anticipated wrong answers to exercises 1–3 (convolution, padding and stride, pooling): see
tests/catalogue/__init__.py. The data are those of the check cells in exercises/solutions/01–03."""

from __future__ import annotations

import math
import types

import numpy as np

from catalogue import wrong
from utils import conv
from utils.checks import conv as check
from utils.images import KERNELS

# ----------------------------------------------------------------------------- notebook 1

OUTLINE = KERNELS["outline"]
PATCH = np.array([[12, 40, 90], [30, 120, 200], [60, 180, 250]])
SUM = float((OUTLINE * PATCH).sum())  # 98

SMALL = np.array(
    [[20, 30, 40, 50, 60], [30, 200, 60, 70, 80], [40, 60, 80, 100, 30], [50, 70, 90, 110, 130]]
)
SHARPEN = KERNELS["sharpen"]
RAW = conv.conv2d(SMALL, SHARPEN)
EMBOSS = KERNELS["emboss"]
FLIPPED = conv.conv2d(SMALL, EMBOSS[::-1, ::-1])
SAME_AS_MINUS = bool(np.array_equal(FLIPPED, -conv.conv2d(SMALL, EMBOSS)))  # False


def _slide(image, kernel, rows=None, cols=None, flip=False):
    """A learner's loop; ``rows``/``cols`` override the kernel's extent (the slips of 1.2)."""
    kernel = kernel[::-1, ::-1] if flip else kernel
    fh, fw = kernel.shape
    fh, fw = rows or fh, cols or fw
    h, w = image.shape
    out = np.zeros((h - fh + 1, w - fw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i : i + fh, j : j + fw] * kernel)
    return out


def square_kernel(image, kernel):  # the chapter's `correlate`, which reads only kernel.shape[0]
    f = kernel.shape[0]
    return _slide(image, kernel, rows=f, cols=f)


def flipped_kernel(image, kernel):
    return _slide(image, kernel, flip=True)


def one_short(image, kernel):  # range(h - fh): the last position is missing
    return _slide(image, kernel)[:-1, :-1]


def forgot_return(image, kernel):
    _slide(image, kernel)


def calls_conv2d(image, kernel):  # the forbidden path: the library does the work
    return conv.conv2d(image, kernel)


scipy_signal = types.SimpleNamespace(correlate2d=lambda a, b, mode="valid": conv.conv2d(a, b))


def calls_scipy(image, kernel):
    return scipy_signal.correlate2d(image, kernel, mode="valid")


def one_parameter(image):
    return image


images = types.SimpleNamespace(
    apply_kernel=lambda image, kernel, clip=True: conv.conv2d(image, kernel)
)


def calls_apply_kernel(image, kernel):  # the course's own shortcut: it calls conv.conv2d
    return images.apply_kernel(image, kernel, clip=False)


def through_fft(image, kernel):  # the convolution theorem: same numbers, no sliding window
    h, w = image.shape
    fh, fw = kernel.shape
    size = (h + fh - 1, w + fw - 1)
    full = np.fft.ifft2(np.fft.fft2(image, size) * np.fft.fft2(kernel[::-1, ::-1], size))
    return full.real[fh - 1 : h, fw - 1 : w]


def int_output(image, kernel):  # the sums stored in an int array: fractions are cut
    return _slide(image, kernel).astype(int)


def input_shaped(image, kernel):  # np.zeros_like(image): the output made with the input's shape
    out = np.zeros_like(image)
    valid = _slide(image, kernel)
    out[: valid.shape[0], : valid.shape[1]] = valid
    return out


# ----------------------------------------------------------------------------- notebook 2

X = np.arange(1, 10).reshape(3, 3)
IMAGE = np.arange(36).reshape(6, 6) % 7
EDGE = np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]])
STRIDED = conv.conv2d(IMAGE, EDGE, stride=2, padding=1)

# ----------------------------------------------------------------------------- notebook 3

FMAP = np.array([[5, 1, 0, 2], [3, 8, 4, 4], [-1, 0, 7, 6], [2, 2, 1, 9]])
MAX = conv.pool2d(FMAP, 2)
AVG = conv.pool2d(FMAP, 3, 1, mode="avg")
WALK = [("conv", 3), ("pool", 2), ("conv", 3), ("pool", 2), ("conv", 3)]
MAPS = np.arange(48, dtype=float).reshape(4, 4, 3) % 6
GAP = MAPS.mean(axis=(0, 1))
IMG = np.zeros((6, 6))
IMG[0, 0], IMG[2, 3], IMG[4, 4], IMG[5, 1] = 9, 7, 5, 3
_MOVED = np.zeros_like(IMG)
_MOVED[:, 1:] = IMG[:, :-1]
POOLED, POOLED_MOVED = conv.pool2d(IMG, 2), conv.pool2d(_MOVED, 2)

CATALOGUE = [
    # 1.1 one value by hand: check_window_sum(answer, patch, outline)
    wrong("1.1", "type", check.check_window_sum, "98", PATCH, OUTLINE, words="quotes"),
    wrong(
        "1.1",
        "shape",
        check.check_window_sum,
        OUTLINE * PATCH,
        PATCH,
        OUTLINE,
        words=("one number", ".sum()"),
    ),
    wrong(
        "1.1",
        "misconception",
        check.check_window_sum,
        float((OUTLINE @ PATCH).sum()),
        PATCH,
        OUTLINE,
        words=("matrix product", "element by element"),
    ),
    wrong("1.1", "misconception", check.check_window_sum, SUM / 9, PATCH, OUTLINE, words="mean"),
    wrong(
        "1.1",
        "near miss",
        check.check_window_sum,
        SUM + 90 + (-1 + 90),
        PATCH,
        OUTLINE,
        words=("row 0, column 2", "never +"),
    ),
    wrong("1.1", "near miss", check.check_window_sum, -SUM, PATCH, OUTLINE, words="sign"),
    wrong(
        "1.1",
        "misconception",
        check.check_window_sum,
        float((OUTLINE + PATCH).sum()),
        PATCH,
        OUTLINE,
        words="multiply them",
    ),
    # 1.2 your own convolution: check_conv_function(my_conv2d)
    wrong(
        "1.2",
        "type",
        check.check_conv_function,
        _slide(SMALL.astype(float), SHARPEN),
        words=("function", "without brackets"),
    ),
    wrong("1.2", "type", check.check_conv_function, "my_conv2d", words="function is asked"),
    wrong(
        "1.2", "forbidden", check.check_conv_function, calls_conv2d, words=("conv2d", "yourself")
    ),
    wrong(
        "1.2",
        "forbidden",
        check.check_conv_function,
        calls_scipy,
        words=("correlate2d", "yourself"),
    ),
    wrong("1.2", "forbidden", check.check_conv_function, conv.conv2d, words="library function"),
    wrong(
        "1.2",
        "forbidden",
        check.check_conv_function,
        calls_apply_kernel,
        words=("calls apply_kernel", "yourself"),
    ),
    wrong(
        "1.2",
        "forbidden",
        check.check_conv_function,
        through_fft,
        words=("Fourier", "sliding window yourself"),
    ),
    wrong(
        "1.2",
        "near miss",
        check.check_conv_function,
        int_output,
        words=("fractions", "cut to whole numbers", "float"),
    ),
    wrong(
        "1.2",
        "shape",
        check.check_conv_function,
        input_shaped,
        words=("input's shape", "np.zeros_like", "H − Fh + 1"),
    ),
    wrong(
        "1.2",
        "misconception",
        check.check_conv_function,
        flipped_kernel,
        words="flipped the kernel",
    ),
    wrong("1.2", "misconception", check.check_conv_function, square_kernel, words="square kernel"),
    wrong("1.2", "near miss", check.check_conv_function, one_short, words=("off by one", "+ 1")),
    wrong(
        "1.2",
        "near miss",
        check.check_conv_function,
        forgot_return,
        words=("returned None", "return"),
    ),
    wrong(
        "1.2",
        "type",
        check.check_conv_function,
        one_parameter,
        words=("two parameters", "image, kernel"),
    ),
    # 1.3 make it displayable: check_clipped(clipped, small, sharpen)
    wrong("1.3", "type", check.check_clipped, "clipped", SMALL, SHARPEN, words="array of numbers"),
    wrong("1.3", "type", check.check_clipped, RAW > 0, SMALL, SHARPEN, words="True/False"),
    wrong(
        "1.3",
        "shape",
        check.check_clipped,
        np.clip(SMALL, 0, 255),
        SMALL,
        SHARPEN,
        words=("shape", "size of the input"),
    ),
    wrong("1.3", "misconception", check.check_clipped, RAW, SMALL, SHARPEN, words="raw sums"),
    wrong(
        "1.3",
        "misconception",
        check.check_clipped,
        np.maximum(RAW, 0),
        SMALL,
        SHARPEN,
        words=("ReLU", "above 255"),
    ),
    wrong(
        "1.3",
        "near miss",
        check.check_clipped,
        np.minimum(RAW, 255),
        SMALL,
        SHARPEN,
        words="negatives",
    ),
    wrong(
        "1.3",
        "misconception",
        check.check_clipped,
        RAW.astype(np.int64).astype(np.uint8),
        SMALL,
        SHARPEN,
        words=("wraps around", "clip"),
    ),
    wrong(
        "1.3",
        "near miss",
        check.check_clipped,
        np.clip(RAW, 0, 255) / 255,
        SMALL,
        SHARPEN,
        words="255",
    ),
    # 1.4 counting weights: check_conv_params(params, 5, 3, 16)
    wrong("1.4", "type", check.check_conv_params, "1216", 5, 3, 16, words="quotes"),
    wrong(
        "1.4",
        "type",
        check.check_conv_params,
        (1200, 16),
        5,
        3,
        16,
        words=("one number", "count_params"),
    ),
    wrong("1.4", "near miss", check.check_conv_params, 5 * 5 * 3 * 16, 5, 3, 16, words="bias"),
    wrong(
        "1.4",
        "misconception",
        check.check_conv_params,
        (5 * 5 + 1) * 16,
        5,
        3,
        16,
        words=("spans all 3 input channels",),
    ),
    wrong("1.4", "misconception", check.check_conv_params, 76, 5, 3, 16, words="one filter"),
    wrong(
        "1.4",
        "misconception",
        check.check_conv_params,
        (5 * 5 + 1) * 3 * 16,
        5,
        3,
        16,
        words="one bias per filter",
    ),
    wrong("1.4", "near miss", check.check_conv_params, 1217, 5, 3, 16, words="+1 is its bias"),
    wrong(
        "1.4",
        "near miss",
        check.check_conv_params,
        1216.5,
        5,
        3,
        16,
        words=("not a whole number", "counted one by one"),
    ),
    # 1.5 the textbook convolution: check_flipped(flipped, small, emboss)
    wrong("1.5", "type", check.check_flipped, "flipped", SMALL, EMBOSS, words="array of numbers"),
    wrong(
        "1.5",
        "shape",
        check.check_flipped,
        EMBOSS[::-1, ::-1],
        SMALL,
        EMBOSS,
        words="shape of the kernel",
    ),
    wrong(
        "1.5",
        "shape",
        check.check_flipped,
        conv.conv2d(SMALL, EMBOSS[::-1, ::-1], padding=1),
        SMALL,
        EMBOSS,
        words="no padding",
    ),
    wrong(
        "1.5",
        "misconception",
        check.check_flipped,
        conv.conv2d(SMALL, EMBOSS),
        SMALL,
        EMBOSS,
        words=("cross-correlation", "kernel[::-1, ::-1]"),
    ),
    wrong(
        "1.5",
        "misconception",
        check.check_flipped,
        -conv.conv2d(SMALL, EMBOSS),
        SMALL,
        EMBOSS,
        words=("minus the cross-correlation", "Sobel"),
    ),
    wrong(
        "1.5",
        "near miss",
        check.check_flipped,
        conv.conv2d(SMALL, EMBOSS[::-1]),
        SMALL,
        EMBOSS,
        words="only the rows",
    ),
    wrong(
        "1.5",
        "near miss",
        check.check_flipped,
        conv.conv2d(SMALL, EMBOSS[:, ::-1]),
        SMALL,
        EMBOSS,
        words="only the columns",
    ),
    wrong(
        "1.5",
        "near miss",
        check.check_flipped,
        np.clip(FLIPPED, 0, 255),
        SMALL,
        EMBOSS,
        words="clipped",
    ),
    # emboss.T == emboss: a 90° turn and a one-axis flip give the same numbers; both are named
    wrong(
        "1.5",
        "misconception",
        check.check_flipped,
        conv.conv2d(SMALL, np.rot90(EMBOSS)),
        SMALL,
        EMBOSS,
        words=("Two slips", "only the rows", "np.rot90", "kernel.T == kernel"),
    ),
    wrong(
        "1.5",
        "misconception",
        check.check_flipped,
        conv.conv2d(SMALL, np.rot90(EMBOSS, -1)),
        SMALL,
        EMBOSS,
        words=("only the columns", "90°"),
    ),
    wrong(
        "1.5",
        "misconception",
        check.check_flipped,
        conv.conv2d(SMALL, EMBOSS.T),
        SMALL,
        EMBOSS,
        words=("cross-correlation", "transposed"),
    ),
    # 1.5 ... is it minus the correlation? check_flip_is_negation(same_as_minus, small, emboss)
    wrong(
        "1.5", "type", check.check_flip_is_negation, "False", SMALL, EMBOSS, words="drop the quotes"
    ),
    wrong(
        "1.5",
        "type",
        check.check_flip_is_negation,
        0,
        SMALL,
        EMBOSS,
        words=("True or False", "not a number"),
    ),
    wrong(
        "1.5",
        "shape",
        check.check_flip_is_negation,
        FLIPPED == -conv.conv2d(SMALL, EMBOSS),
        SMALL,
        EMBOSS,
        words=("one True/False per place", "np.array_equal"),
    ),
    wrong(
        "1.5",
        "shape",
        check.check_flip_is_negation,
        FLIPPED + conv.conv2d(SMALL, EMBOSS),
        SMALL,
        EMBOSS,
        words=("array of numbers", "yes or no"),
    ),
    wrong(
        "1.5",
        "misconception",
        check.check_flip_is_negation,
        not SAME_AS_MINUS,
        SMALL,
        EMBOSS,
        words=("not for this kernel", "2 × identity", "centre pixel"),
    ),
    wrong(
        "1.5",
        "near miss",
        check.check_flip_is_negation,
        [SAME_AS_MINUS],
        SMALL,
        EMBOSS,
        words=("one True or False", "list"),
    ),
    # 1.6 shapes of feature maps: check_feature_map_shape(shape, (32, 32, 3), 5, 8)
    wrong(
        "1.6", "type", check.check_feature_map_shape, "(28, 28, 8)", (32, 32, 3), 5, 8, words="text"
    ),
    wrong(
        "1.6",
        "type",
        check.check_feature_map_shape,
        28,
        (32, 32, 3),
        5,
        8,
        words="three whole numbers",
    ),
    wrong(
        "1.6",
        "shape",
        check.check_feature_map_shape,
        (None, 28, 28, 8),
        (32, 32, 3),
        5,
        8,
        words="batch axis",
    ),
    wrong(
        "1.6",
        "shape",
        check.check_feature_map_shape,
        (1, 28, 28, 8),
        (32, 32, 3),
        5,
        8,
        words="batch axis",
    ),
    wrong(
        "1.6",
        "shape",
        check.check_feature_map_shape,
        (28, 28),
        (32, 32, 3),
        5,
        8,
        words="channels are missing",
    ),
    wrong(
        "1.6",
        "shape",
        check.check_feature_map_shape,
        (5, 5, 3, 8),
        (32, 32, 3),
        5,
        8,
        words="kernel",
    ),
    wrong(
        "1.6",
        "misconception",
        check.check_feature_map_shape,
        (28, 28, 3),
        (32, 32, 3),
        5,
        8,
        words=("INPUT's channel", "number of filters"),
    ),
    wrong(
        "1.6",
        "misconception",
        check.check_feature_map_shape,
        (28, 28, 24),
        (32, 32, 3),
        5,
        8,
        words=("ONE map", "channel per filter"),
    ),
    wrong(
        "1.6",
        "misconception",
        check.check_feature_map_shape,
        (28, 28, 1),
        (32, 32, 3),
        5,
        8,
        words=("depth 1", "several filters"),
    ),
    wrong(
        "1.6",
        "misconception",
        check.check_feature_map_shape,
        (32, 32, 8),
        (32, 32, 3),
        5,
        8,
        words=("input's size", "'valid'"),
    ),
    wrong(
        "1.6",
        "misconception",
        check.check_feature_map_shape,
        (8, 28, 28),
        (32, 32, 3),
        5,
        8,
        words=("channels first", "LAST"),
    ),
    wrong(
        "1.6",
        "near miss",
        check.check_feature_map_shape,
        (26, 28, 8),
        (32, 32, 3),
        5,
        8,
        words=("N − F + 1",),
    ),
    wrong(
        "1.6",
        "near miss",
        check.check_feature_map_shape,
        (27, 27, 8),
        (32, 32, 3),
        5,
        8,
        words="one short",
    ),
    wrong(
        "1.6",
        "near miss",
        check.check_feature_map_shape,
        (32, 32, 3),
        (32, 32, 3),
        5,
        8,
        words=("(1)", "(2)", "input's size", "INPUT's channel"),
    ),
    # 2.1 output sizes: check_output_size(size_a, 32, 7, 1) and check_output_size(size_b, 32, 7, 3)
    wrong("2.1", "type", check.check_output_size, "9", 32, 7, 3, words="quotes"),
    wrong(
        "2.1",
        "shape",
        check.check_output_size,
        (26, 26),
        32,
        7,
        1,
        words=("one number", "not a shape"),
    ),
    wrong("2.1", "near miss", check.check_output_size, 25, 32, 7, 1, words=("off by one", "+ 1")),
    wrong("2.1", "near miss", check.check_output_size, 27, 32, 7, 1, words="one too many"),
    wrong(
        "2.1",
        "near miss",
        check.check_output_size,
        (32 - 7) / 3 + 1,
        32,
        7,
        3,
        words=("round", "//"),
    ),
    wrong(
        "2.1",
        "near miss",
        check.check_output_size,
        (32 - 7) / 3,
        32,
        7,
        3,
        words=("round it down", "add 1"),
    ),
    # (N − F + 1) // S: the + 1 before dividing (it gave the right answer for the old 32, 5, 4)
    wrong(
        "2.1",
        "misconception",
        check.check_output_size,
        (32 - 7 + 1) // 3,
        32,
        7,
        3,
        words=("off by one", "after dividing"),
    ),
    wrong(
        "2.1",
        "misconception",
        check.check_output_size,
        (32 - 7 + 1) / 3,
        32,
        7,
        3,
        words=("S divides the steps", "after dividing"),
    ),
    wrong(
        "2.1", "misconception", check.check_output_size, 32 / 3 - 1, 32, 7, 3, words="whole numbers"
    ),
    wrong(
        "2.1",
        "near miss",
        check.check_output_size,
        math.ceil((32 - 7) / 3) + 1,
        32,
        7,
        3,
        words=("round down", "N // S"),
    ),
    wrong(
        "2.1",
        "misconception",
        check.check_output_size,
        math.ceil(32 / 3),
        32,
        7,
        3,
        words=("ceil(N / S)", "padding='same'"),
    ),
    wrong(
        "2.1",
        "misconception",
        check.check_output_size,
        26,
        32,
        7,
        3,
        words=("stride 1", "divide by S"),
    ),
    wrong(
        "2.1", "misconception", check.check_output_size, 32 - 7 / 3 + 1, 32, 7, 3, words="brackets"
    ),
    wrong("2.1", "misconception", check.check_output_size, 32, 32, 7, 1, words="input's size"),
    # 2.2 padding that keeps the size: check_keeps_size_padding(p, 11)
    wrong(
        "2.2",
        "type",
        check.check_keeps_size_padding,
        "same",
        11,
        words=("'same'", "how many zeros"),
    ),
    wrong("2.2", "type", check.check_keeps_size_padding, "5", 11, words="quotes"),
    wrong(
        "2.2",
        "shape",
        check.check_keeps_size_padding,
        (5, 5),
        11,
        words=("single number", "EACH side"),
    ),
    wrong(
        "2.2", "misconception", check.check_keeps_size_padding, 10, 11, words=("total", "EACH side")
    ),
    wrong("2.2", "near miss", check.check_keeps_size_padding, 5.5, 11, words="whole number"),
    wrong("2.2", "near miss", check.check_keeps_size_padding, 6, 11, words="too many"),
    wrong(
        "2.2", "misconception", check.check_keeps_size_padding, 0, 11, words=("F − 1", "an 11×11")
    ),
    # 2.3 where TensorFlow puts the zeros: check_same_padding(zeros, 10, 5, 4)
    wrong("2.3", "type", check.check_same_padding, "(1, 2)", 10, 5, 4, words="text"),
    wrong(
        "2.3",
        "shape",
        check.check_same_padding,
        3,
        10,
        5,
        4,
        words=("pair (before, after)", "not the total"),
    ),
    wrong("2.3", "shape", check.check_same_padding, (1, 2, 0), 10, 5, 4, words="3 entries"),
    wrong("2.3", "shape", check.check_same_padding, [1], 10, 5, 4, words="1 entry "),
    wrong(
        "2.3",
        "shape",
        check.check_same_padding,
        [np.array([1, 2])],
        10,
        5,
        4,
        words="Drop the outer brackets",
    ),
    wrong(
        "2.3",
        "misconception",
        check.check_same_padding,
        (2, 1),
        10,
        5,
        4,
        words=("extra zero", "END"),
    ),
    wrong(
        "2.3",
        "misconception",
        check.check_same_padding,
        (2, 2),
        10,
        5,
        4,
        words=("F − 1", "stride 1"),
    ),
    wrong("2.3", "near miss", check.check_same_padding, (1.5, 1.5), 10, 5, 4, words="halves"),
    wrong(
        "2.3",
        "near miss",
        check.check_same_padding,
        (0, 3),
        10,
        5,
        4,
        words=("total is right", "total // 2"),
    ),
    wrong("2.3", "misconception", check.check_same_padding, (0, 0), 10, 5, 4, words="'valid'"),
    # 2.4 pad by hand: check_padded(padded, x, 2)
    wrong("2.4", "type", check.check_padded, "x", X, 2, words="array of numbers"),
    wrong("2.4", "type", check.check_padded, np.pad(X, 2) > 0, X, 2, words="True/False"),
    wrong(
        "2.4",
        "shape",
        check.check_padded,
        np.pad(X, ((2, 0), (2, 0))),
        X,
        2,
        words=("before AND", "after"),
    ),
    wrong("2.4", "shape", check.check_padded, np.pad(X, 4), X, 2, words="4 on each side"),
    wrong(
        "2.4", "shape", check.check_padded, np.pad(X, ((2, 2), (0, 0))), X, 2, words="only one axis"
    ),
    wrong(
        "2.4",
        "misconception",
        check.check_padded,
        np.pad(X, 2, mode="edge"),
        X,
        2,
        words=("mode='edge'",),
    ),
    wrong(
        "2.4", "near miss", check.check_padded, np.pad(X, 2, constant_values=1), X, 2, words="zeros"
    ),
    wrong(
        "2.4", "near miss", check.check_padded, np.pad(X, ((1, 3), (1, 3))), X, 2, words="middle"
    ),
    # 2.5 stride and padding together: check_strided_conv(result, image, kernel, stride=2, padding=1)
    wrong(
        "2.5",
        "type",
        check.check_strided_conv,
        "result",
        IMAGE,
        EDGE,
        stride=2,
        padding=1,
        words="array of numbers",
    ),
    wrong(
        "2.5",
        "shape",
        check.check_strided_conv,
        STRIDED.ravel(),
        IMAGE,
        EDGE,
        stride=2,
        padding=1,
        words="2 axes",
    ),
    wrong(
        "2.5",
        "misconception",
        check.check_strided_conv,
        conv.conv2d(IMAGE, EDGE, padding=1),
        IMAGE,
        EDGE,
        stride=2,
        padding=1,
        words=("stride 1", "every 2nd"),
    ),
    wrong(
        "2.5",
        "near miss",
        check.check_strided_conv,
        conv.conv2d(IMAGE, EDGE, stride=2),
        IMAGE,
        EDGE,
        stride=2,
        padding=1,
        words="left out the padding",
    ),
    wrong(
        "2.5",
        "misconception",
        check.check_strided_conv,
        conv.conv2d(IMAGE, EDGE, stride=2, padding="same"),
        IMAGE,
        EDGE,
        stride=2,
        padding=1,
        words=("'same'", "EVERY side"),
    ),
    wrong(
        "2.5",
        "misconception",
        check.check_strided_conv,
        conv.convolve2d_flipped(IMAGE, EDGE, stride=2, padding=1),
        IMAGE,
        EDGE,
        stride=2,
        padding=1,
        words="flipped",
    ),
    wrong(
        "2.5",
        "shape",
        check.check_strided_conv,
        STRIDED[None, :, :, None],
        IMAGE,
        EDGE,
        stride=2,
        padding=1,
        words=("batch and channel axes", "[0, :, :, 0]"),
    ),
    # padded twice: np.pad by hand and padding=1 (or padding=2) — 4×4, as stride 1 without padding
    wrong(
        "2.5",
        "near miss",
        check.check_strided_conv,
        conv.conv2d(np.pad(IMAGE, 1), EDGE, stride=2, padding=1),
        IMAGE,
        EDGE,
        stride=2,
        padding=1,
        words=("padding 2", "pad by hand", "Pad once"),
    ),
    wrong(
        "2.5",
        "misconception",
        check.check_strided_conv,
        conv.conv2d(IMAGE, EDGE),
        IMAGE,
        EDGE,
        stride=2,
        padding=1,
        words=("stride 1 without padding",),
    ),
    wrong(
        "2.5",
        "near miss",
        check.check_strided_conv,
        STRIDED + 1,
        IMAGE,
        EDGE,
        stride=2,
        padding=1,
        words=("index (0, 0)", "Pad 1"),
    ),
    # 2.6 'same' with a stride: check_output_size(width, 28, 5, 3, "same")
    wrong("2.6", "type", check.check_output_size, "10", 28, 5, 3, "same", words="quotes"),
    wrong(
        "2.6",
        "shape",
        check.check_output_size,
        (10, 10, 16),
        28,
        5,
        3,
        "same",
        words=("one number", "shape"),
    ),
    wrong(
        "2.6",
        "misconception",
        check.check_output_size,
        28,
        28,
        5,
        3,
        "same",
        words=("only at stride 1",),
    ),
    wrong(
        "2.6",
        "misconception",
        check.check_output_size,
        8,
        28,
        5,
        3,
        "same",
        words=("'valid'", "kernel size"),
    ),
    wrong(
        "2.6",
        "near miss",
        check.check_output_size,
        math.floor(28 / 3),
        28,
        5,
        3,
        "same",
        words="round up",
    ),
    wrong(
        "2.6",
        "near miss",
        check.check_output_size,
        28 / 3,
        28,
        5,
        3,
        "same",
        words=("not whole", "ceil"),
    ),
    # 3.1 max pooling by hand: check_pool(pooled_max, fmap, 2)
    wrong("3.1", "type", check.check_pool, "8 4 2 9", FMAP, 2, words="array of numbers"),
    wrong("3.1", "type", check.check_pool, [[8, 4], [2]], FMAP, 2, words="same length"),
    wrong("3.1", "shape", check.check_pool, [8, 4, 2, 9], FMAP, 2, words="2 axes"),
    wrong(
        "3.1", "shape", check.check_pool, conv.pool2d(FMAP, 2, 1), FMAP, 2, words="do not overlap"
    ),
    wrong(
        "3.1",
        "misconception",
        check.check_pool,
        conv.pool2d(FMAP, 2, mode="avg"),
        FMAP,
        2,
        words="avg pooling",
    ),
    wrong(
        "3.1",
        "misconception",
        check.check_pool,
        FMAP.reshape(2, 2, 2, 2).max(axis=(2, 3)),
        FMAP,
        2,
        words=("one whole ROW", "COLUMN", "axes (1, 3)"),
    ),
    wrong(
        "3.1",
        "misconception",
        check.check_pool,
        FMAP.reshape(2, 2, 2, 2).max(axis=(0, 2)),
        FMAP,
        2,
        words=("every 2nd pixel", "axes (1, 3)"),
    ),
    wrong(
        "3.1",
        "shape",
        check.check_pool,
        MAX[None, :, :, None],
        FMAP,
        2,
        words=("batch and channel axes", "[0, :, :, 0]"),
    ),
    wrong("3.1", "near miss", check.check_pool, MAX.T, FMAP, 2, words="transposed"),
    wrong("3.1", "near miss", check.check_pool, [[8, 4], [2, 8]], FMAP, 2, words="index (1, 1)"),
    # 3.2 average pooling, overlapping: check_pool(pooled_avg, fmap, 3, 1, "avg")
    wrong("3.2", "type", check.check_pool, "avg", FMAP, 3, 1, "avg", words="array of numbers"),
    wrong(
        "3.2",
        "shape",
        check.check_pool,
        conv.pool2d(FMAP, 3, mode="avg"),
        FMAP,
        3,
        1,
        "avg",
        words=("stride 1", "overlap"),
    ),
    wrong("3.2", "shape", check.check_pool, AVG.ravel(), FMAP, 3, 1, "avg", words="2 axes"),
    wrong(
        "3.2",
        "shape",
        check.check_pool,
        conv.pool2d(FMAP, 3, 1, mode="avg", padding="same"),
        FMAP,
        3,
        1,
        "avg",
        words=("padding='same'", "no padding", "floor((4 − 3) / 1) + 1"),
    ),
    wrong(
        "3.2",
        "misconception",
        check.check_pool,
        conv.pool2d(FMAP, 3, 1),
        FMAP,
        3,
        1,
        "avg",
        words="max pooling",
    ),
    wrong(
        "3.2",
        "misconception",
        check.check_pool,
        AVG * 9,
        FMAP,
        3,
        1,
        "avg",
        words=("sum", "divides by 9"),
    ),
    wrong(
        "3.2", "near miss", check.check_pool, np.floor(AVG), FMAP, 3, 1, "avg", words="fractions"
    ),
    wrong(
        "3.2",
        "near miss",
        check.check_pool,
        AVG.round(1),
        FMAP,
        3,
        1,
        "avg",
        words=("0.005", "two decimals"),
    ),
    # 3.3 the shape after pooling: check_pool_shape(shape, (35, 24, 40), 3, 2)
    wrong("3.3", "type", check.check_pool_shape, "(17, 11, 40)", (35, 24, 40), 3, 2, words="text"),
    wrong(
        "3.3",
        "shape",
        check.check_pool_shape,
        (None, 17, 11, 40),
        (35, 24, 40),
        3,
        2,
        words="batch axis",
    ),
    wrong(
        "3.3",
        "shape",
        check.check_pool_shape,
        (17, 11),
        (35, 24, 40),
        3,
        2,
        words="channels are missing",
    ),
    wrong(
        "3.3",
        "misconception",
        check.check_pool_shape,
        (11, 12, 40),
        (35, 24, 40),
        3,
        2,
        words=("3×2 window", "STRIDE"),
    ),
    wrong(
        "3.3",
        "misconception",
        check.check_pool_shape,
        (17, 12, 40),
        (35, 24, 40),
        3,
        2,
        words=("width 12", "halving"),
    ),
    wrong(
        "3.3",
        "misconception",
        check.check_pool_shape,
        (11, 8, 40),
        (35, 24, 40),
        3,
        2,
        words=("stride 3", "the stride here is 2"),
    ),
    wrong(
        "3.3",
        "misconception",
        check.check_pool_shape,
        (17, 11, 1),
        (35, 24, 40),
        3,
        2,
        words="channel separately",
    ),
    wrong(
        "3.3",
        "near miss",
        check.check_pool_shape,
        (16, 10, 40),
        (35, 24, 40),
        3,
        2,
        words=("(1) height 16", "(2) width 10", "one short"),
    ),
    wrong(
        "3.3",
        "misconception",
        check.check_pool_shape,
        (40, 17, 11),
        (35, 24, 40),
        3,
        2,
        words=("channels first", "LAST"),
    ),
    wrong(
        "3.3",
        "near miss",
        check.check_pool_shape,
        (11, 17, 40),
        (35, 24, 40),
        3,
        2,
        words="swapped",
    ),
    # 3.4 the length of Flatten: check_flatten_size(flat, 32, walk, 64) — 32 → 30 → 15 → 13 → 6 → 4
    wrong("3.4", "type", check.check_flatten_size, "1024", 32, WALK, 64, words="quotes"),
    wrong(
        "3.4",
        "shape",
        check.check_flatten_size,
        (4, 4, 64),
        32,
        WALK,
        64,
        words=("one long vector", "×"),
    ),
    wrong(
        "3.4",
        "misconception",
        check.check_flatten_size,
        3 * 3 * 64,
        32,
        WALK,
        64,
        words=("28×28", "32×32"),
    ),
    wrong(
        "3.4",
        "misconception",
        check.check_flatten_size,
        13 * 13 * 64,
        32,
        WALK,
        64,
        words=("first 3 of the 5 layers",),
    ),
    wrong(
        "3.4",
        "misconception",
        check.check_flatten_size,
        6 * 6 * 64,
        32,
        WALK,
        64,
        words=("first 4 of the 5 layers", "EACH side"),
    ),
    wrong(
        "3.4",
        "misconception",
        check.check_flatten_size,
        8 * 8 * 64,
        32,
        WALK,
        64,
        words=("'valid'", "'same'"),
    ),
    wrong(
        "3.4", "near miss", check.check_flatten_size, 5 * 5 * 64, 32, WALK, 64, words="rounds DOWN"
    ),
    wrong("3.4", "near miss", check.check_flatten_size, 16, 32, WALK, 64, words="channels"),
    wrong(
        "3.4", "near miss", check.check_flatten_size, 4 * 4 * 32, 32, WALK, 64, words="LAST Conv2D"
    ),
    wrong(
        "3.4",
        "near miss",
        check.check_flatten_size,
        2 * 2 * 64,
        32,
        WALK,
        64,
        words=("off by one", "F − 1"),
    ),
    # 3.5 global average pooling: check_global_pool(gap, maps)
    wrong("3.5", "type", check.check_global_pool, "gap", MAPS, words="array of numbers"),
    wrong(
        "3.5", "type", check.check_global_pool, MAPS.mean(axis=(0, 1)) > 1, MAPS, words="True/False"
    ),
    wrong(
        "3.5", "shape", check.check_global_pool, MAPS.mean(), MAPS, words="one value per channel"
    ),
    wrong(
        "3.5",
        "shape",
        check.check_global_pool,
        MAPS.mean(axis=(0, 1), keepdims=True),
        MAPS,
        words=("values are right", "keepdims"),
    ),
    wrong(
        "3.5",
        "misconception",
        check.check_global_pool,
        MAPS.mean(axis=2),
        MAPS,
        words=("axis=2", "axis=(0, 1)"),
    ),
    wrong(
        "3.5",
        "misconception",
        check.check_global_pool,
        MAPS.mean(axis=0),
        MAPS,
        words="only one of",
    ),
    wrong(
        "3.5", "near miss", check.check_global_pool, MAPS.max(axis=(0, 1)), MAPS, words="global max"
    ),
    wrong(
        "3.5",
        "near miss",
        check.check_global_pool,
        MAPS.sum(axis=(0, 1)),
        MAPS,
        words=("sum", "16"),
    ),
    wrong(
        "3.5",
        "near miss",
        check.check_global_pool,
        GAP + 0.1,
        MAPS,
        words=("index", "0.005"),
    ),
    # channels-first reading: with % 5 it gave exactly the right numbers; with % 6 it does not
    wrong(
        "3.5",
        "misconception",
        check.check_global_pool,
        MAPS.reshape(3, -1).mean(axis=1),
        MAPS,
        words=("channels-first", "LAST"),
    ),
    wrong(
        "3.5",
        "shape",
        check.check_global_pool,
        GAP[None],
        MAPS,
        words=("batch axis", "[0]"),
    ),
    wrong(
        "3.5",
        "shape",
        check.check_global_pool,
        MAPS.mean(axis=(1, 2)),
        MAPS,
        words=("channels too", "axis=(0, 1)"),
    ),
    wrong(
        "3.5",
        "near miss",
        check.check_global_pool,
        GAP.astype(int),
        MAPS,
        words=("whole numbers", "fractions"),
    ),
    # 3.6 shift and pool: check_shift_count(unchanged, img, 1)
    wrong(
        "3.6",
        "type",
        check.check_shift_count,
        POOLED == POOLED_MOVED,
        IMG,
        1,
        words=("True/False", "np.sum"),
    ),
    wrong(
        "3.6",
        "type",
        check.check_shift_count,
        (POOLED == POOLED_MOVED).tolist(),
        IMG,
        1,
        words="np.sum",
    ),
    wrong(
        "3.6",
        "type",
        check.check_shift_count,
        bool(np.array_equal(POOLED, POOLED_MOVED)),
        IMG,
        1,
        words="True/False",
    ),
    wrong("3.6", "type", check.check_shift_count, "5", IMG, 1, words="quotes"),
    wrong(
        "3.6",
        "shape",
        check.check_shift_count,
        POOLED - POOLED_MOVED,
        IMG,
        1,
        words=("place by place", "np.sum"),
    ),
    wrong("3.6", "misconception", check.check_shift_count, 4, IMG, 1, words="CHANGED"),
    wrong(
        "3.6", "misconception", check.check_shift_count, 28, IMG, 1, words="pool both images first"
    ),
    wrong("3.6", "near miss", check.check_shift_count, 2, IMG, 1, words="empty"),
    wrong("3.6", "near miss", check.check_shift_count, 5 / 9, IMG, 1, words="FRACTION"),
    wrong("3.6", "near miss", check.check_shift_count, 6, IMG, 1, words="LEFT"),
    wrong("3.6", "near miss", check.check_shift_count, 8, IMG, 1, words="DOWN"),
]


# ============================================================================= issue 12, notebook 2:
# exercises 2.7–2.12 (the gradient as a full convolution, dilation, transposed convolution, PyTorch)

G = np.array([[1, 0, -1, 2], [0, 2, 1, 0], [-1, 1, 0, 1], [2, 0, 1, -1]])
K_GRAD = np.array([[1, 2, 0], [0, -1, 3], [2, 0, 1]])
DX = conv.conv2d(G, K_GRAD[::-1, ::-1], padding="full")
X_T = np.array([[1, 2, 0], [3, -1, 2]])
K_T = np.array([[1, 2, 0], [0, 1, -1], [3, 0, 1]])
OUT_T = conv.conv_transpose2d(X_T, K_T, stride=2)
_AFTER = np.zeros((4, 6))
_AFTER[::2, ::2] = X_T  # zeros after every value, the last one included
SIZES = range(20, 32)
AGREE = [22, 25, 28, 31]

CATALOGUE += [
    # 2.7 the gradient with respect to the input
    wrong("2.7", "type", check.check_input_gradient, "dx", G, K_GRAD, words="array of numbers"),
    wrong("2.7", "type", check.check_input_gradient, DX > 0, G, K_GRAD, words="True/False"),
    wrong(
        "2.7",
        "misconception",
        check.check_input_gradient,
        conv.conv2d(G, np.rot90(K_GRAD), padding="full"),
        G,
        K_GRAD,
        words=("90°", "180°", "np.rot90(kernel, 2)"),
    ),
    wrong(
        "2.7", "shape", check.check_input_gradient, DX[None, :, :, None], G, K_GRAD, words="batch"
    ),
    wrong(
        "2.7",
        "shape",
        check.check_input_gradient,
        conv.conv2d(G, K_GRAD[::-1, ::-1]),
        G,
        K_GRAD,
        words=("'valid'", "full"),
    ),
    wrong(
        "2.7",
        "shape",
        check.check_input_gradient,
        conv.conv2d(G, K_GRAD[::-1, ::-1], padding=1),
        G,
        K_GRAD,
        words=("g's own shape", "full"),
    ),
    wrong("2.7", "shape", check.check_input_gradient, np.pad(G, 2), G, K_GRAD, words="padded"),
    wrong(
        "2.7",
        "misconception",
        check.check_input_gradient,
        conv.conv2d(G, K_GRAD, padding="full"),
        G,
        K_GRAD,
        words=("not flipped", "180°"),
    ),
    wrong(
        "2.7",
        "misconception",
        check.check_input_gradient,
        conv.conv2d(G, K_GRAD.T, padding="full"),
        G,
        K_GRAD,
        words=("kernel.T", "180°"),
    ),
    wrong(
        "2.7",
        "near miss",
        check.check_input_gradient,
        conv.conv2d(G, K_GRAD[::-1], padding="full"),
        G,
        K_GRAD,
        words="only the rows",
    ),
    wrong(
        "2.7",
        "near miss",
        check.check_input_gradient,
        conv.conv2d(G, K_GRAD[:, ::-1], padding="full"),
        G,
        K_GRAD,
        words="only the columns",
    ),
    wrong("2.7", "near miss", check.check_input_gradient, -DX, G, K_GRAD, words="sign"),
    # 2.8 a dilated kernel: span and output width
    wrong(
        "2.8", "type", check.check_dilated_output, ("9", 24), 32, 3, 4, many=True, words="quotes"
    ),
    wrong(
        "2.8",
        "type",
        check.check_dilated_output,
        ((9, 9), 24),
        32,
        3,
        4,
        many=True,
        words="single number",
    ),
    wrong(
        "2.8",
        "misconception",
        check.check_dilated_output,
        (12, 21),
        32,
        3,
        4,
        many=True,
        words=("F·d", "follows from your span"),
    ),
    wrong(
        "2.8",
        "misconception",
        check.check_dilated_output,
        (9, 30),
        32,
        3,
        4,
        many=True,
        words="ignores the dilation",
    ),
    wrong(
        "2.8",
        "misconception",
        check.check_dilated_output,
        (3, 30),
        32,
        3,
        4,
        many=True,
        words=("number of taps", "follows from your span"),
    ),
    wrong(
        "2.8",
        "near miss",
        check.check_dilated_output,
        (8, 25),
        32,
        3,
        4,
        many=True,
        words="off by one",
    ),
    wrong(
        "2.8",
        "near miss",
        check.check_dilated_output,
        (11, 22),
        32,
        3,
        4,
        many=True,
        words="d − 1 zeros",
    ),
    wrong(
        "2.8",
        "near miss",
        check.check_dilated_output,
        (9, 23),
        32,
        3,
        4,
        many=True,
        words="off by one",
    ),
    wrong(
        "2.8",
        "near miss",
        check.check_dilated_output,
        (6, 27),
        32,
        3,
        4,
        many=True,
        words="one space",
    ),
    # 2.9 receptive field of dilated layers
    wrong("2.9", "type", check.check_receptive_field, "17", 3, (1, 2, 5), words="quotes"),
    wrong(
        "2.9", "type", check.check_receptive_field, [3, 5, 11], 3, (1, 2, 5), words="single number"
    ),
    wrong("2.9", "near miss", check.check_receptive_field, 17.5, 3, (1, 2, 5), words="whole"),
    wrong(
        "2.9",
        "misconception",
        check.check_receptive_field,
        7,
        3,
        (1, 2, 5),
        words="ignores the dilations",
    ),
    wrong("2.9", "misconception", check.check_receptive_field, 19, 3, (1, 2, 5), words="overlap"),
    wrong("2.9", "misconception", check.check_receptive_field, 165, 3, (1, 2, 5), words="multiply"),
    wrong("2.9", "misconception", check.check_receptive_field, 22, 3, (1, 2, 5), words="not F·d"),
    wrong("2.9", "near miss", check.check_receptive_field, 16, 3, (1, 2, 5), words="off by one"),
    wrong("2.9", "near miss", check.check_receptive_field, 11, 3, (1, 2, 5), words="last layer"),
    # 2.10 the size of a transposed convolution
    wrong("2.10", "type", check.check_transposed_size, "14", 5, 6, 3, 2, words="quotes"),
    wrong("2.10", "type", check.check_transposed_size, (14, 14), 5, 6, 3, 2, words="single number"),
    wrong("2.10", "near miss", check.check_transposed_size, 14.5, 5, 6, 3, 2, words="whole"),
    wrong(
        "2.10",
        "misconception",
        check.check_transposed_size,
        2,
        5,
        6,
        3,
        2,
        words="ordinary convolution",
    ),
    wrong("2.10", "misconception", check.check_transposed_size, 15, 5, 6, 3, 2, words="'same'"),
    wrong("2.10", "misconception", check.check_transposed_size, 22, 5, 6, 3, 2, words="REMOVES"),
    wrong(
        "2.10", "misconception", check.check_transposed_size, 13, 5, 6, 3, 2, words="zeros inserted"
    ),
    wrong("2.10", "near miss", check.check_transposed_size, 18, 5, 6, 3, 2, words="EACH side"),
    wrong("2.10", "near miss", check.check_transposed_size, 16, 5, 6, 3, 2, words="not P"),
    wrong("2.10", "near miss", check.check_transposed_size, 17, 5, 6, 3, 2, words="N − 1"),
    # 2.11 a transposed convolution by hand
    wrong(
        "2.11", "type", check.check_transposed_conv, "out", X_T, K_T, 2, words="array of numbers"
    ),
    wrong("2.11", "type", check.check_transposed_conv, OUT_T != 0, X_T, K_T, 2, words="True/False"),
    wrong(
        "2.11",
        "shape",
        check.check_transposed_conv,
        conv.conv2d(X_T, K_T, stride=2, padding="same"),
        X_T,
        K_T,
        2,
        words="shrinks",
    ),
    wrong(
        "2.11",
        "shape",
        check.check_transposed_conv,
        conv.conv_transpose2d(X_T, K_T),
        X_T,
        K_T,
        2,
        words="stride 1",
    ),
    wrong(
        "2.11",
        "shape",
        check.check_transposed_conv,
        conv.conv2d(conv.insert_zeros(X_T, 2), K_T[::-1, ::-1]),
        X_T,
        K_T,
        2,
        words="did not pad",
    ),
    wrong(
        "2.11",
        "shape",
        check.check_transposed_conv,
        conv.conv2d(_AFTER, K_T[::-1, ::-1], padding="full"),
        X_T,
        K_T,
        2,
        words="BETWEEN",
    ),
    wrong(
        "2.11",
        "misconception",
        check.check_transposed_conv,
        conv.conv2d(conv.insert_zeros(X_T, 2), K_T, padding="full"),  # slid unflipped
        X_T,
        K_T,
        2,
        words="wrong way round",
    ),
    wrong(
        "2.11",
        "near miss",
        check.check_transposed_conv,
        conv.conv_transpose2d(X_T, K_T.T, stride=2),
        X_T,
        K_T,
        2,
        words="kernel.T",
    ),
    wrong("2.11", "near miss", check.check_transposed_conv, OUT_T + 1, X_T, K_T, 2, words="index"),
    # 2.12 porting a PyTorch layer
    wrong(
        "2.12", "type", check.check_same_as_torch, "22, 25, 28, 31", SIZES, 5, 3, 2, words="text"
    ),
    wrong("2.12", "type", check.check_same_as_torch, 4, SIZES, 5, 3, 2, words="not how many"),
    wrong(
        "2.12",
        "type",
        check.check_same_as_torch,
        [n in AGREE for n in SIZES],
        SIZES,
        5,
        3,
        2,
        words="True/False",
    ),
    wrong(
        "2.12",
        "misconception",
        check.check_same_as_torch,
        list(SIZES),
        SIZES,
        5,
        3,
        2,
        words="SIZES agree",
    ),
    wrong(
        "2.12",
        "misconception",
        check.check_same_as_torch,
        list(range(21, 32, 2)),
        SIZES,
        5,
        3,
        2,
        words="stride 2",
    ),
    wrong(
        "2.12",
        "misconception",
        check.check_same_as_torch,
        [n for n in SIZES if n not in AGREE],
        SIZES,
        5,
        3,
        2,
        words="DIFFER",
    ),
    wrong("2.12", "near miss", check.check_same_as_torch, [], SIZES, 5, 3, 2, words="some sizes"),
    wrong(
        "2.12", "near miss", check.check_same_as_torch, AGREE[:3], SIZES, 5, 3, 2, words="left out"
    ),
    wrong(
        "2.12",
        "near miss",
        check.check_same_as_torch,
        AGREE + [34],
        SIZES,
        5,
        3,
        2,
        words="not among",
    ),
]


# ============================================================================= issue 12, notebook 1:
# exercises 1.7 (the im2col matrix by hand) and 1.8 (the shapes of im2col for AlexNet's first layer)

TINY = np.array([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
COLS = conv.im2col(TINY, 2)  # (6, 4)
_WINDOWS = COLS.reshape(6, 2, 2)
ALEX = (8, (227, 227, 3), 11, 96)  # batch, input shape, kernel size, filters; stride=4 in kwargs
ALEX_COLS, ALEX_KERNEL = (8 * 55 * 55, 363), (363, 96)

CATALOGUE += [
    # 1.7 the im2col matrix by hand: check_im2col(cols, tiny, 2)
    wrong("1.7", "type", check.check_im2col, "cols", TINY, 2, words="array of numbers"),
    wrong("1.7", "type", check.check_im2col, COLS > 4, TINY, 2, words="True/False"),
    wrong("1.7", "shape", check.check_im2col, COLS.T, TINY, 2, words=("per COLUMN", ".T")),
    wrong(
        "1.7",
        "shape",
        check.check_im2col,
        COLS.reshape(2, 3, 4),
        TINY,
        2,
        words=("output grid", ".reshape(6, 4)"),
    ),
    wrong(
        "1.7",
        "shape",
        check.check_im2col,
        _WINDOWS.reshape(2, 3, 2, 2),
        TINY,
        2,
        words=("sliding_window_view", "flatten"),
    ),
    wrong(
        "1.7",
        "shape",
        check.check_im2col,
        conv.conv2d(TINY, np.ones((2, 2))),
        TINY,
        2,
        words=("output map", "before the multiply"),
    ),
    wrong("1.7", "shape", check.check_im2col, COLS.ravel(), TINY, 2, words="one line"),
    wrong(
        "1.7",
        "shape",
        check.check_im2col,
        _WINDOWS,
        TINY,
        2,
        words=("still a 2×2 grid", ".reshape(6, 4)"),
    ),
    wrong(
        "1.7",
        "misconception",
        check.check_im2col,
        np.array([TINY[i : i + 2, j : j + 2].ravel() for i in range(2) for j in range(2)]),
        TINY,
        2,
        words=("not square", "2 row and 3 column positions"),
    ),
    wrong(
        "1.7",
        "misconception",
        check.check_im2col,
        _WINDOWS.transpose(0, 2, 1).reshape(6, 4),
        TINY,
        2,
        words=("column by column", "row by row"),
    ),
    wrong(
        "1.7",
        "misconception",
        check.check_im2col,
        COLS.reshape(2, 3, 4).transpose(1, 0, 2).reshape(6, 4),
        TINY,
        2,
        words=("wrong order", "along the row first"),
    ),
    wrong(
        "1.7",
        "misconception",
        check.check_im2col,
        conv.im2col(TINY, 2, padding="same"),
        TINY,
        2,
        words=("one row per PIXEL", "6 positions"),
    ),
    wrong(
        "1.7",
        "near miss",
        check.check_im2col,
        np.array([TINY[i : i + 2, j : j + 2].ravel() for i in range(1) for j in range(2)]),
        TINY,
        2,
        words=("last position", "N − F + 1"),
    ),
    wrong(
        "1.7",
        "near miss",
        check.check_im2col,
        np.where(COLS == 7, 8, COLS),
        TINY,
        2,
        words=("index (1, 3)", "flattened row by row"),
    ),
    # 1.8 shapes for AlexNet's first layer: check_im2col_shapes(cols_shape, kernel_shape, 8, ...)
    wrong(
        "1.8",
        "type",
        check.check_im2col_shapes,
        ("(24200, 363)", ALEX_KERNEL),
        *ALEX,
        stride=4,
        many=True,
        words=("cols_shape", "the text", "tuple"),
    ),
    wrong(
        "1.8",
        "type",
        check.check_im2col_shapes,
        (ALEX_COLS, 363 * 96),
        *ALEX,
        stride=4,
        many=True,
        words=("kernel_shape", "the number 34848", "tuple"),
    ),
    wrong(
        "1.8",
        "type",
        check.check_im2col_shapes,
        ((24200.5, 363), ALEX_KERNEL),
        *ALEX,
        stride=4,
        many=True,
        words="whole number",
    ),
    wrong(
        "1.8",
        "shape",
        check.check_im2col_shapes,
        ((8, 55, 55, 363), ALEX_KERNEL),
        *ALEX,
        stride=4,
        many=True,
        words=("2-D", "(8·55·55, 363)"),
    ),
    wrong(
        "1.8",
        "shape",
        check.check_im2col_shapes,
        (ALEX_COLS, (11, 11, 3, 96)),
        *ALEX,
        stride=4,
        many=True,
        words=("as Keras stores it", "reshape"),
    ),
    wrong(
        "1.8",
        "shape",
        check.check_im2col_shapes,
        ((363, 24200), ALEX_KERNEL),
        *ALEX,
        stride=4,
        many=True,
        words=("per COLUMN", "per ROW"),
    ),
    wrong(
        "1.8",
        "shape",
        check.check_im2col_shapes,
        (ALEX_COLS, (96, 363)),
        *ALEX,
        stride=4,
        many=True,
        words=("transposed", "(F·F·C_in, C_out)"),
    ),
    wrong(
        "1.8",
        "misconception",
        check.check_im2col_shapes,
        ((55 * 55, 363), ALEX_KERNEL),
        *ALEX,
        stride=4,
        many=True,
        words=("ONE image", "8·55·55"),
    ),
    wrong(
        "1.8",
        "misconception",
        check.check_im2col_shapes,
        ((8 * 217 * 217, 363), ALEX_KERNEL),
        *ALEX,
        stride=4,
        many=True,
        words=("ignore the stride", "55 positions"),
    ),
    wrong(
        "1.8",
        "misconception",
        check.check_im2col_shapes,
        ((8 * 55 * 55, 121), (121, 96)),
        *ALEX,
        stride=4,
        many=True,
        words=("(1)", "(2)", "leave out the channels", "3 input channels"),
    ),
    wrong(
        "1.8",
        "misconception",
        check.check_im2col_shapes,
        ((8 * 55 * 55, 363 * 96), ALEX_KERNEL),
        *ALEX,
        stride=4,
        many=True,
        words=("count the filters", "KERNEL matrix"),
    ),
    wrong(
        "1.8",
        "misconception",
        check.check_im2col_shapes,
        (ALEX_COLS, (363, 3)),
        *ALEX,
        stride=4,
        many=True,
        words=("INPUT's channel count", "96"),
    ),
    wrong(
        "1.8",
        "near miss",
        check.check_im2col_shapes,
        ((8 * 54 * 54, 363), ALEX_KERNEL),
        *ALEX,
        stride=4,
        many=True,
        words=("off by one", "+ 1"),
    ),
    wrong(
        "1.8",
        "misconception",
        check.check_im2col_shapes,
        ((8 * 55 * 55, 96), ALEX_KERNEL),
        *ALEX,
        stride=4,
        many=True,
        words=("OUTPUT", "cols @ kernel_matrix", "363"),
    ),
    wrong(
        "1.8",
        "near miss",
        check.check_im2col_shapes,
        ((8 * 55 * 55, 364), (364, 96)),
        *ALEX,
        stride=4,
        many=True,
        words=("bias", "added after"),
    ),
]

# ============================================================================= issue 12, chapter 3:
# choosing the downsampling (3.7 parameters, 3.8 which one when)

DOWN = ((28, 28, 96), 3, 2)  # the check cell's arguments
STRIDED = conv.conv_params(3, 96, 96)  # 83,040

CATALOGUE += [
    # 3.7 check_downsampling_params(pool_params, strided_params, (28, 28, 96), 3, 2)
    wrong(
        "3.7",
        "type",
        check.check_downsampling_params,
        ("0", STRIDED),
        *DOWN,
        many=True,
        words=("pool_params", "quotes"),
    ),
    wrong(
        "3.7",
        "type",
        check.check_downsampling_params,
        ((0, STRIDED), STRIDED),
        *DOWN,
        many=True,
        words=("pool_params", "its own variable"),
    ),
    wrong(
        "3.7",
        "type",
        check.check_downsampling_params,
        (0, 83040.5),
        *DOWN,
        many=True,
        words=("strided_params", "whole number"),
    ),
    wrong(
        "3.7",
        "misconception",
        check.check_downsampling_params,
        (2 * 2 * 96, STRIDED),
        *DOWN,
        many=True,
        words=("no weights", "largest value"),
    ),
    wrong(
        "3.7",
        "misconception",
        check.check_downsampling_params,
        (0, conv.conv_params(2, 96, 96)),
        *DOWN,
        many=True,
        words=("2×2 kernel", "the stride"),
    ),
    wrong(
        "3.7",
        "misconception",
        check.check_downsampling_params,
        (0, (3 * 3 + 1) * 96),
        *DOWN,
        many=True,
        words="EVERY input channel",
    ),
    wrong(
        "3.7",
        "misconception",
        check.check_downsampling_params,
        (0, STRIDED * 14 * 14),
        *DOWN,
        many=True,
        words="shares its weights",
    ),
    wrong(
        "3.7",
        "misconception",
        check.check_downsampling_params,
        (0, conv.conv_macs(14, 14, 3, 96, 96)),
        *DOWN,
        many=True,
        words=("operations", "multiply-adds"),
    ),
    wrong(
        "3.7",
        "near miss",
        check.check_downsampling_params,
        (0, STRIDED - 96),
        *DOWN,
        many=True,
        words="biases",
    ),
    wrong(
        "3.7",
        "near miss",
        check.check_downsampling_params,
        (STRIDED, 0),
        *DOWN,
        many=True,
        words="swapped",
    ),
    wrong(
        "3.7",
        "near miss",
        check.check_downsampling_params,
        (4, STRIDED - 96),
        *DOWN,
        many=True,
        words=("2 things", "no weights", "biases"),
    ),
    # 3.8 check_pooling_choice(choices)
    wrong("3.8", "type", check.check_pooling_choice, "max", words="one text"),
    wrong("3.8", "type", check.check_pooling_choice, {"a": "max"}, words=("order", "dict")),
    wrong("3.8", "type", check.check_pooling_choice, ("max", "strided", "avg", 3), words="quotes"),
    wrong("3.8", "shape", check.check_pooling_choice, ("max", "strided"), words="yours has 2"),
    wrong(
        "3.8",
        "near miss",
        check.check_pooling_choice,
        ("max", "strided", "avg", "glob"),
        words="not one of the four names",
    ),
    wrong(
        "3.8",
        "misconception",
        check.check_pooling_choice,
        ("avg", "strided", "avg", "global"),
        words=("(a)", "maximum keeps it"),
    ),
    wrong(
        "3.8",
        "misconception",
        check.check_pooling_choice,
        ("strided", "strided", "avg", "global"),
        words=("(a)", "cannot take a maximum"),
    ),
    wrong(
        "3.8",
        "misconception",
        check.check_pooling_choice,
        ("max", "max", "avg", "global"),
        words=("(b)", "nothing is learned"),
    ),
    wrong(
        "3.8",
        "misconception",
        check.check_pooling_choice,
        ("max", "strided", "max", "global"),
        words=("(c)", "raises the mean"),
    ),
    wrong(
        "3.8",
        "misconception",
        check.check_pooling_choice,
        ("max", "strided", "strided", "global"),
        words=("(c)", "2×2 kernel of ¼s at stride 2"),
    ),
    wrong(
        "3.8",
        "misconception",
        check.check_pooling_choice,
        ("max", "strided", "avg", "avg"),
        words=("(d)", "depends on the input"),
    ),
    wrong(
        "3.8",
        "misconception",
        check.check_pooling_choice,
        ("max", "strided", "avg", "strided"),
        words=("(d)", "has weights"),
    ),
    wrong(
        "3.8",
        "near miss",
        check.check_pooling_choice,
        ("max", "avg", "strided", "global"),
        words=("Two of the four", "(b)", "(c)"),
    ),
]
