"""The exercise checkers of chapters 1–3 accept the right answer and reject plausible wrong ones."""
from __future__ import annotations

import numpy as np
import pytest

from utils import conv
from utils.checks import NotAnswered
from utils.checks import conv as check
from utils.images import KERNELS

SHARPEN = KERNELS["sharpen"]
SOBEL_Y = KERNELS["sobel y"]
PATCH = np.array([[12, 40, 90], [30, 120, 200], [60, 180, 250]])
IMG = np.array([[20, 30, 40, 50, 60], [30, 200, 60, 70, 80], [40, 60, 80, 100, 30], [50, 70, 90, 110, 130]])


def ok(capsys, fn, *args, **kwargs):
    fn(*args, **kwargs)
    assert "✔" in capsys.readouterr().out


def bad(fn, *args, match=None, **kwargs):
    with pytest.raises(AssertionError, match=match):
        fn(*args, **kwargs)


def test_not_answered_is_reported():
    for fn, args in [(check.check_window_sum, (PATCH, SHARPEN)), (check.check_output_size, (7, 3)),
                     (check.check_pool, (IMG,)), (check.check_conv_params, (3, 1, 8))]:
        with pytest.raises(NotAnswered, match="not answered"):
            fn(..., *args)


def test_window_sum(capsys):
    outline = KERNELS["outline"]
    right = float((outline * PATCH).sum())
    ok(capsys, check.check_window_sum, right, PATCH, outline)
    bad(check.check_window_sum, right + 1, PATCH, outline)
    # the study note's slip: (0 + 247) instead of (0 * 247)
    note = np.array([[206, 205, 247], [244, 161, 137], [192, 154, 75]])
    ok(capsys, check.check_window_sum, 65, note, SHARPEN)
    bad(check.check_window_sum, 312, note, SHARPEN, match="never \\+")
    sobel = KERNELS["sobel x"]
    bad(check.check_window_sum, float((sobel[::-1, ::-1] * PATCH).sum()), PATCH, sobel, match="flipped")


def test_conv_function(capsys):
    ok(capsys, check.check_conv_function, lambda x, k: conv.conv2d(x, k))
    bad(check.check_conv_function, lambda x, k: conv.conv2d(x, k, padding=1), match="shape")
    bad(check.check_conv_function, lambda x, k: conv.convolve2d_flipped(x, k), match="flipped")
    bad(check.check_conv_function, lambda x, k: conv.conv2d(x, k) + 1, match="wrong values")
    bad(check.check_conv_function, lambda x, k: 1 / 0, match="ZeroDivisionError")
    with pytest.raises(NotAnswered):
        check.check_conv_function(lambda x, k: ...)


def test_clipped(capsys):
    raw = conv.conv2d(IMG, SHARPEN)
    ok(capsys, check.check_clipped, np.clip(raw, 0, 255), IMG, SHARPEN)
    bad(check.check_clipped, raw, IMG, SHARPEN, match="raw sums")
    bad(check.check_clipped, np.maximum(raw, 0), IMG, SHARPEN)  # ReLU is not clipping


def test_conv_params(capsys):
    ok(capsys, check.check_conv_params, 1216, 5, 3, 16)
    bad(check.check_conv_params, 5 * 5 * 3 * 16, 5, 3, 16, match="bias")
    bad(check.check_conv_params, 26 * 16, 5, 3, 16, match="channels")
    bad(check.check_conv_params, 76, 5, 3, 16, match="one filter")


def test_flipped(capsys):
    ok(capsys, check.check_flipped, conv.conv2d(IMG, SOBEL_Y[::-1, ::-1]), IMG, SOBEL_Y)
    bad(check.check_flipped, conv.conv2d(IMG, SOBEL_Y), IMG, SOBEL_Y, match="no flip")
    sobel_x = KERNELS["sobel x"]
    asym = sobel_x + SOBEL_Y
    bad(check.check_flipped, conv.conv2d(IMG, asym[::-1]), IMG, asym, match="one axis")


def test_feature_map_shape(capsys):
    ok(capsys, check.check_feature_map_shape, (26, 26, 32), (28, 28, 1), 3, 32)
    ok(capsys, check.check_feature_map_shape, [14, 14, 8], (28, 28, 3), 3, 8, stride=2, padding="same")
    bad(check.check_feature_map_shape, (26, 26, 1), (28, 28, 1), 3, 32)
    bad(check.check_feature_map_shape, (28, 28, 32), (28, 28, 1), 3, 32)


def test_output_size(capsys):
    ok(capsys, check.check_output_size, 3, 7, 3, 2)
    ok(capsys, check.check_output_size, 4, 7, 3, 2, "same")
    bad(check.check_output_size, 2, 7, 3, 2, match="Off by one")
    bad(check.check_output_size, 3.0 + 0.5, 8, 3, 2, match="round")
    ok(capsys, check.check_output_size, (32 - 5) // 4 + 1, 32, 5, 4)
    bad(check.check_output_size, (32 - 5) / 4 + 1, 32, 5, 4, match="round")    # 7.75: the floor forgotten
    bad(check.check_output_size, 5, 7, 3, 1, 1, match="padding")
    bad(check.check_output_size, 3, 7, 3, 2, "same", match="ceil")


def test_keeps_size_padding(capsys):
    ok(capsys, check.check_keeps_size_padding, 2, 5)
    bad(check.check_keeps_size_padding, 4, 5, match="each side")
    bad(check.check_keeps_size_padding, 1, 5)
    ok(capsys, check.check_keeps_size_padding, 2.0, 5)          # (5 - 1) / 2 is a float, and right
    bad(check.check_keeps_size_padding, 2.5, 5, match="whole number")
    bad(check.check_keeps_size_padding, -2, 5, match="whole number")
    bad(check.check_keeps_size_padding, 4.0, 5, match="each side")


def test_same_padding(capsys):
    ok(capsys, check.check_same_padding, (0, 1), 6, 3, 2)
    bad(check.check_same_padding, (1, 0), 6, 3, 2, match="end")
    bad(check.check_same_padding, (1, 1), 6, 3, 2)


def test_padded(capsys):
    x = np.arange(6).reshape(2, 3)
    ok(capsys, check.check_padded, np.pad(x, 1), x, 1)
    bad(check.check_padded, np.pad(x, ((1, 0), (1, 0))), x, 1, match="one side")
    bad(check.check_padded, np.pad(x, 1, constant_values=1), x, 1)


def test_strided_conv(capsys):
    ok(capsys, check.check_strided_conv, conv.conv2d(IMG, SHARPEN, stride=2, padding=1), IMG, SHARPEN, 2, 1)
    bad(check.check_strided_conv, conv.conv2d(IMG, SHARPEN, padding=1), IMG, SHARPEN, 2, 1, match="stride 1")
    bad(check.check_strided_conv, conv.conv2d(IMG, SHARPEN, stride=2), IMG, SHARPEN, 2, 1)


def test_pool(capsys):
    x = np.arange(16.0).reshape(4, 4) ** 1.5
    ok(capsys, check.check_pool, conv.pool2d(x, 2), x, 2)
    bad(check.check_pool, conv.pool2d(x, 2, mode="avg"), x, 2, match="avg pooling")
    bad(check.check_pool, conv.pool2d(x, 2, stride=1), x, 2, match="do not overlap")
    ok(capsys, check.check_pool, conv.pool2d(x, 3, 1, mode="avg"), x, 3, 1, "avg")
    bad(check.check_pool, conv.pool2d(x, 3, 1, mode="max"), x, 3, 1, "avg", match="max pooling")


def test_pool_shape(capsys):
    ok(capsys, check.check_pool_shape, (13, 13, 64), (26, 26, 64))
    ok(capsys, check.check_pool_shape, (6, 6, 8), (13, 13, 8), 3, 2)
    bad(check.check_pool_shape, (6, 6, 1), (13, 13, 8), 3, 2)
    bad(check.check_pool_shape, (4, 4, 8), (13, 13, 8), 3, 2, match="stride")


def test_flatten_size(capsys):
    layers = [("conv", 3), ("pool", 2), ("conv", 3), ("pool", 2)]
    ok(capsys, check.check_flatten_size, 1600, 28, layers, 64)
    bad(check.check_flatten_size, 25, 28, layers, 64, match="channels")
    bad(check.check_flatten_size, 6 * 6 * 64, 28, layers, 64)  # rounding 5.5 up
    with pytest.raises(ValueError):
        check.check_flatten_size(1, 28, [("dense", 3)], 1)


def test_global_pool(capsys):
    x = np.random.default_rng(0).normal(size=(4, 5, 3))
    ok(capsys, check.check_global_pool, x.mean(axis=(0, 1)), x)
    bad(check.check_global_pool, x.mean(), x, match="channel")
    bad(check.check_global_pool, x.max(axis=(0, 1)), x)
    ok(capsys, check.check_global_pool, x.max(axis=(0, 1)), x, "max")


def test_shift_count(capsys):
    x = np.zeros((4, 8))
    x[1, 2] = 9
    x[2, 5] = 7
    shifted = np.zeros_like(x)
    shifted[:, 1:] = x[:, :-1]
    right = int(np.sum(conv.pool2d(x, 2) == conv.pool2d(shifted, 2)))
    ok(capsys, check.check_shift_count, right, x, 1)
    bad(check.check_shift_count, right - 1, x, 1)
    bad(check.check_shift_count, conv.pool2d(x, 2).size, x, 1)
