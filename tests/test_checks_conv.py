"""The exercise checkers of chapters 1–3 accept the right answer and reject plausible wrong ones."""

from __future__ import annotations

import types

import numpy as np
import pytest

from utils import conv
from utils.checks import UNFORESEEN, Hint, NotAnswered
from utils.checks import conv as check
from utils.images import KERNELS

SHARPEN = KERNELS["sharpen"]
SOBEL_Y = KERNELS["sobel y"]
PATCH = np.array([[12, 40, 90], [30, 120, 200], [60, 180, 250]])
IMG = np.array(
    [[20, 30, 40, 50, 60], [30, 200, 60, 70, 80], [40, 60, 80, 100, 30], [50, 70, 90, 110, 130]]
)


def ok(capsys, fn, *args, **kwargs):
    fn(*args, **kwargs)
    assert "✔" in capsys.readouterr().out


def bad(fn, *args, match=None, **kwargs):
    """The answer is rejected with a learner-facing hint (never a crash, never the fallback message)."""
    with pytest.raises(Hint, match=match) as e:
        fn(*args, **kwargs)
    assert UNFORESEEN not in str(e.value), str(e.value)
    return str(e.value)


def slide(image, kernel, padding=0, flip=False):
    """A hand-written convolution, as a learner writes it (no library call)."""
    kernel = kernel[::-1, ::-1] if flip else kernel
    image = np.pad(image, padding)
    fh, fw = kernel.shape
    out = np.zeros((image.shape[0] - fh + 1, image.shape[1] - fw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i : i + fh, j : j + fw] * kernel)
    return out


def test_not_answered_is_reported():
    for fn, args in [
        (check.check_window_sum, (PATCH, SHARPEN)),
        (check.check_output_size, (7, 3)),
        (check.check_pool, (IMG,)),
        (check.check_conv_params, (3, 1, 8)),
    ]:
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
    bad(
        check.check_window_sum,
        float((sobel[::-1, ::-1] * PATCH).sum()),
        PATCH,
        sobel,
        match="flipped",
    )


def test_conv_function(capsys):
    ok(capsys, check.check_conv_function, slide)
    ok(
        capsys, check.check_conv_function, lambda x, k: slide(x, k)
    )  # a helper of the learner's is fine
    bad(check.check_conv_function, lambda x, k: slide(x, k, padding=1), match="shape")
    bad(check.check_conv_function, lambda x, k: slide(x, k, flip=True), match="flipped")
    bad(check.check_conv_function, lambda x, k: slide(x, k) + 1, match="wrong values")
    bad(check.check_conv_function, lambda x, k: 1 / 0, match="ZeroDivisionError")
    bad(check.check_conv_function, lambda x, k: None, match="return")
    with pytest.raises(NotAnswered):
        check.check_conv_function(lambda x, k: ...)


def test_conv_function_rejects_the_library_doing_the_work():
    # the forbidden path: conv.conv2d (or SciPy, TensorFlow) inside the learner's function, or passed itself
    bad(check.check_conv_function, lambda x, k: conv.conv2d(x, k), match="calls conv2d")
    bad(
        check.check_conv_function,
        lambda x, k: conv.convolve2d_flipped(x, k)[::-1, ::-1],
        match="calls",
    )
    bad(check.check_conv_function, conv.conv2d, match="library function")
    bad(
        check.check_conv_function, slide(IMG, SHARPEN), match="without brackets"
    )  # its result, not the function


def test_conv_function_rejects_any_use_of_a_convolving_library():
    ndimage = types.ModuleType(
        "scipy.ndimage"
    )  # stands in for SciPy, which the course does not install
    ndimage.correlate = lambda a, b: conv.conv2d(a, b)
    ns = {"ndimage": ndimage, "np": np}
    exec("def my_conv2d(image, kernel):\n    return ndimage.correlate(image, kernel)", ns)
    bad(check.check_conv_function, ns["my_conv2d"], match="scipy.ndimage")
    ns = {"np": np, "slide": slide}  # a helper of the learner's own is followed, not flagged
    exec(
        "def correlate(image, kernel):\n    return slide(image, kernel)\n"
        "def my_conv2d(image, kernel):\n    return correlate(image, kernel)",
        ns,
    )
    check.check_conv_function(ns["my_conv2d"])


def test_conv_function_rejects_the_course_shortcut_and_the_fourier_transform(capsys):
    from utils import images

    ns = {"images": images}
    exec(
        "def my_conv2d(image, kernel):\n    return images.apply_kernel(image, kernel, clip=False)",
        ns,
    )
    bad(check.check_conv_function, ns["my_conv2d"], match="calls apply_kernel")

    def fourier(image, kernel):
        h, w = image.shape
        fh, fw = kernel.shape
        size = (h + fh - 1, w + fw - 1)
        full = np.fft.ifft2(np.fft.fft2(image, size) * np.fft.fft2(kernel[::-1, ::-1], size))
        return full.real[fh - 1 : h, fw - 1 : w]

    bad(check.check_conv_function, fourier, match="Fourier")
    scipy = types.ModuleType("scipy.signal")  # one sentence for a function and its library
    scipy.correlate2d = lambda a, b, mode="valid": conv.conv2d(a, b)
    ns = {"signal": scipy}
    exec("def my_conv2d(image, kernel):\n    return signal.correlate2d(image, kernel)", ns)
    assert "calls correlate2d and uses scipy.signal, which do" in bad(
        check.check_conv_function, ns["my_conv2d"]
    )


def test_conv_function_allows_sliding_window_view(capsys):
    from numpy.lib.stride_tricks import sliding_window_view

    def windows(image, kernel):
        return (sliding_window_view(image, kernel.shape) * kernel).sum(axis=(2, 3))

    ok(capsys, check.check_conv_function, windows)

    def gathered(
        image, kernel
    ):  # the course's gather is allowed too: the multiply-add is the learner's
        fh, fw = kernel.shape
        shape = (image.shape[0] - fh + 1, image.shape[1] - fw + 1)
        return (conv.im2col(image, kernel.shape) @ kernel.ravel()).reshape(shape)

    ok(capsys, check.check_conv_function, gathered)


def test_conv_function_catches_an_int_output_and_an_input_shaped_one():
    def int_output(image, kernel):
        return slide(image, kernel).astype(int)

    bad(check.check_conv_function, int_output, match="cut to whole numbers")

    def input_shaped(image, kernel):
        out = np.zeros_like(image)
        valid = slide(image, kernel)
        out[: valid.shape[0], : valid.shape[1]] = valid
        return out

    bad(check.check_conv_function, input_shaped, match="np.zeros_like")


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
    assert "//" not in bad(check.check_conv_params, 1216.5, 5, 3, 16)  # nothing divides here


def test_flipped(capsys):
    ok(capsys, check.check_flipped, conv.conv2d(IMG, SOBEL_Y[::-1, ::-1]), IMG, SOBEL_Y)
    bad(check.check_flipped, conv.conv2d(IMG, SOBEL_Y), IMG, SOBEL_Y, match="no flip")
    sobel_x = KERNELS["sobel x"]
    asym = sobel_x + SOBEL_Y
    bad(check.check_flipped, conv.conv2d(IMG, asym[::-1]), IMG, asym, match="only the rows")
    # emboss is symmetric about its diagonal: a 90° turn equals a one-axis flip, both are named
    emboss = KERNELS["emboss"]
    both = bad(check.check_flipped, conv.conv2d(IMG, np.rot90(emboss)), IMG, emboss)
    assert "only the rows" in both and "np.rot90" in both
    both = bad(check.check_flipped, conv.conv2d(IMG, emboss.T), IMG, emboss)
    assert "cross-correlation" in both and "transposed" in both


def test_flip_is_negation(capsys):
    emboss, sobel = KERNELS["emboss"], KERNELS["sobel x"]
    ok(capsys, check.check_flip_is_negation, False, IMG, emboss)
    flipped = conv.conv2d(IMG, emboss[::-1, ::-1])
    ok(
        capsys,
        check.check_flip_is_negation,
        np.array_equal(flipped, -conv.conv2d(IMG, emboss)),
        IMG,
        emboss,
    )
    ok(capsys, check.check_flip_is_negation, True, IMG, sobel)
    bad(check.check_flip_is_negation, True, IMG, emboss, match="2 × identity")
    bad(check.check_flip_is_negation, False, IMG, sobel, match="its negative")
    bad(check.check_flip_is_negation, "False", IMG, emboss, match="quotes")
    bad(
        check.check_flip_is_negation,
        flipped == -conv.conv2d(IMG, emboss),
        IMG,
        emboss,
        match="per place",
    )


def test_feature_map_shape(capsys):
    ok(capsys, check.check_feature_map_shape, (26, 26, 32), (28, 28, 1), 3, 32)
    ok(
        capsys,
        check.check_feature_map_shape,
        [14, 14, 8],
        (28, 28, 3),
        3,
        8,
        stride=2,
        padding="same",
    )
    ok(capsys, check.check_feature_map_shape, np.array([28, 28, 8]), (32, 32, 3), 5, 8)
    bad(check.check_feature_map_shape, (26, 26, 1), (28, 28, 1), 3, 32, match="depth 1")
    bad(check.check_feature_map_shape, (28, 28, 32), (28, 28, 1), 3, 32, match="input's size")
    bad(check.check_feature_map_shape, (32, 26, 26), (28, 28, 1), 3, 32, match="channels first")


def test_feature_map_shape_speaks_chapter_1_without_padding_or_stride(capsys):
    check.check_feature_map_shape((26, 26, 32), (28, 28, 1), 3, 32)
    assert "N − F + 1" in capsys.readouterr().out
    assert "floor" not in bad(check.check_feature_map_shape, (20, 26, 32), (28, 28, 1), 3, 32)
    check.check_feature_map_shape((14, 14, 8), (28, 28, 3), 3, 8, stride=2, padding="same")
    assert "floor((N − F + 2P) / S) + 1" in capsys.readouterr().out


def test_feature_map_shape_names_the_mistake():
    """Issue 16: every wrong shape used to get "each filter's map has depth 1"."""
    args = (32, 32, 3), 5, 8
    assert "batch axis" in bad(check.check_feature_map_shape, (None, 28, 28, 8), *args)
    assert "batch axis" in bad(check.check_feature_map_shape, (1, 28, 28, 8), *args)
    assert "INPUT's channel count" in bad(check.check_feature_map_shape, (28, 28, 3), *args)
    assert "ONE map" in bad(check.check_feature_map_shape, (28, 28, 24), *args)
    assert "channels are missing" in bad(check.check_feature_map_shape, (28, 28), *args)
    assert "kernel" in bad(check.check_feature_map_shape, (5, 5, 3, 8), *args)
    assert "one short" in bad(check.check_feature_map_shape, (27, 27, 8), *args)
    both = bad(
        check.check_feature_map_shape, (32, 32, 3), *args
    )  # size and channels wrong: both named
    assert "input's size" in both and "INPUT's channel count" in both
    for wrong in [(28, 28, 3), (27, 27, 8), (28, 28, 24), (None, 28, 28, 8)]:
        assert "depth 1" not in bad(check.check_feature_map_shape, wrong, *args)


def test_output_size(capsys):
    ok(capsys, check.check_output_size, 3, 7, 3, 2)
    ok(capsys, check.check_output_size, 4, 7, 3, 2, "same")
    bad(check.check_output_size, 2, 7, 3, 2, match="(?i)off by one")
    bad(check.check_output_size, 3.0 + 0.5, 8, 3, 2, match="round")
    ok(capsys, check.check_output_size, (32 - 5) // 4 + 1, 32, 5, 4)
    bad(
        check.check_output_size, (32 - 5) / 4 + 1, 32, 5, 4, match="round"
    )  # 7.75: the floor forgotten
    bad(check.check_output_size, 5, 7, 3, 1, 1, match="padding")
    bad(check.check_output_size, 3, 7, 3, 2, "same", match="ceil")


def test_keeps_size_padding(capsys):
    ok(capsys, check.check_keeps_size_padding, 2, 5)
    bad(check.check_keeps_size_padding, 4, 5, match="(?i)each side")
    bad(check.check_keeps_size_padding, 1, 5)
    ok(capsys, check.check_keeps_size_padding, 2.0, 5)  # (5 - 1) / 2 is a float, and right
    bad(check.check_keeps_size_padding, 2.5, 5, match="whole number")
    bad(check.check_keeps_size_padding, -2, 5, match="whole number")
    bad(check.check_keeps_size_padding, 4.0, 5, match="(?i)each side")


def test_same_padding(capsys):
    ok(capsys, check.check_same_padding, (0, 1), 6, 3, 2)
    ok(capsys, check.check_same_padding, [1, 2], 10, 5, 4)
    bad(check.check_same_padding, (1, 0), 6, 3, 2, match="END")
    bad(check.check_same_padding, (1, 1), 6, 3, 2)
    bad(check.check_same_padding, (2, 2), 10, 5, 4, match="stride 1")


def test_same_padding_a_total_is_not_a_pair():
    """Issue 16: a scalar total crashed with 'int' object is not iterable."""
    assert "not the total" in bad(check.check_same_padding, 3, 10, 5, 4)
    assert "single number" in bad(check.check_same_padding, 2, 10, 5, 4)
    bad(check.check_same_padding, np.int64(3), 10, 5, 4, match="not the total")
    bad(check.check_same_padding, (1.5, 1.5), 10, 5, 4, match="halves")


def test_padded(capsys):
    x = np.arange(6).reshape(2, 3)
    ok(capsys, check.check_padded, np.pad(x, 1), x, 1)
    bad(check.check_padded, np.pad(x, ((1, 0), (1, 0))), x, 1, match="before AND 1 after")
    bad(check.check_padded, np.pad(x, 1, constant_values=1), x, 1)


def test_strided_conv(capsys):
    ok(
        capsys,
        check.check_strided_conv,
        conv.conv2d(IMG, SHARPEN, stride=2, padding=1),
        IMG,
        SHARPEN,
        2,
        1,
    )
    bad(
        check.check_strided_conv,
        conv.conv2d(IMG, SHARPEN, padding=1),
        IMG,
        SHARPEN,
        2,
        1,
        match="stride 1",
    )
    bad(check.check_strided_conv, conv.conv2d(IMG, SHARPEN, stride=2), IMG, SHARPEN, 2, 1)
    x = np.arange(36).reshape(6, 6) % 7
    twice = conv.conv2d(np.pad(x, 1), SHARPEN, stride=2, padding=1)
    bad(check.check_strided_conv, twice, x, SHARPEN, 2, 1, match="pad by hand")
    right = conv.conv2d(x, SHARPEN, stride=2, padding=1)
    bad(check.check_strided_conv, right[None, :, :, None], x, SHARPEN, 2, 1, match="batch")


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
    bad(check.check_flatten_size, 6 * 6 * 64, 28, layers, 64, match="DOWN")  # rounding 5.5 up
    bad(check.check_flatten_size, 13 * 13 * 64, 28, layers, 64, match="first 2 of the 4")
    with pytest.raises(Hint, match="layer kind"):  # a mistake in the check cell itself
        check.check_flatten_size(1, 28, [("dense", 3)], 1)


def test_global_pool(capsys):
    x = np.random.default_rng(0).normal(size=(4, 5, 3))
    ok(capsys, check.check_global_pool, x.mean(axis=(0, 1)), x)
    bad(check.check_global_pool, x.mean(), x, match="channel")
    bad(check.check_global_pool, x.max(axis=(0, 1)), x)
    ok(capsys, check.check_global_pool, x.max(axis=(0, 1)), x, "max")
    maps = np.arange(48, dtype=float).reshape(4, 4, 3) % 6
    bad(check.check_global_pool, maps.reshape(3, -1).mean(axis=1), maps, match="channels-first")
    bad(check.check_global_pool, maps.mean(axis=(0, 1))[None], maps, match="batch axis")


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
    # notebook 3's old image: a left and a down shift both leave 6 places; both are named
    old = np.zeros((6, 6))
    old[1, 0], old[2, 3], old[4, 4], old[5, 1] = 9, 7, 5, 3
    both = bad(check.check_shift_count, 6, old, 1)
    assert "LEFT" in both and "DOWN" in both


def test_shift_count_a_boolean_array_is_counted_with_sum():
    """Issue 16: a boolean array `a == b` crashed with 'truth value ... ambiguous'."""
    x = np.zeros((6, 6))
    x[2, 3] = 7
    shifted = np.zeros_like(x)
    shifted[:, 1:] = x[:, :-1]
    same = conv.pool2d(x, 2) == conv.pool2d(shifted, 2)
    assert "np.sum" in bad(check.check_shift_count, same, x, 1)
    assert "np.sum" in bad(check.check_shift_count, same.tolist(), x, 1)
    bad(
        check.check_shift_count,
        np.array_equal(conv.pool2d(x, 2), conv.pool2d(shifted, 2)),
        x,
        1,
        match="True/False",
    )
    bad(check.check_shift_count, int(same.sum()) / same.size, x, 1, match="FRACTION")


# Answers of every odd kind: no checker may crash on one, or answer it with the fallback message.
ODD = [
    "text",
    True,
    np.bool_(False),
    3.5,
    -1,
    0,
    float("nan"),
    float("inf"),
    [],
    [[1, 2], [3]],
    {"a": 1},
    object(),
    np.array([[True, False]]),
    np.zeros((2, 2, 2, 2)),
    np.array(["a", "b"]),
    (1, 2, 3, 4, 5),
    (None, None),
    lambda *a: 0,
    np.float32(2.0),
    np.array(7),
    [7],
]
CALLS = {
    "check_window_sum": (PATCH, SHARPEN),
    "check_clipped": (IMG, SHARPEN),
    "check_conv_params": (5, 3, 16),
    "check_flipped": (IMG, SOBEL_Y),
    "check_flip_is_negation": (IMG, SOBEL_Y),
    "check_feature_map_shape": ((32, 32, 3), 5, 8),
    "check_output_size": (32, 5, 4),
    "check_keeps_size_padding": (11,),
    "check_same_padding": (10, 5, 4),
    "check_padded": (np.arange(6).reshape(2, 3), 2),
    "check_strided_conv": (IMG, SHARPEN, 2, 1),
    "check_pool": (IMG[:, :4],),
    "check_pool_shape": ((35, 24, 40), 3, 2),
    "check_flatten_size": (28, [("conv", 3), ("pool", 2)], 64),
    "check_global_pool": (np.ones((4, 4, 3)),),
    "check_shift_count": (np.eye(6), 1),
    "check_conv_function": (),
}


def test_every_checker_is_exercised_here():
    assert set(CALLS) == set(check.__all__)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_no_answer_crashes_a_checker(name):
    fn = getattr(check, name)
    for answer in ODD:
        try:
            fn(answer, *CALLS[name])
        except Hint as e:
            assert UNFORESEEN not in str(e), f"{name}({answer!r}): {e}"
        except Exception as e:  # noqa: BLE001
            pytest.fail(f"{name}({answer!r}) crashed: {type(e).__name__}: {e}")


# ============================================================================= issue 12 (chapter 2):
# the gradient, dilation, transposed convolution, TensorFlow vs PyTorch padding.
G12 = np.array([[1, 0, -1, 2], [0, 2, 1, 0], [-1, 1, 0, 1], [2, 0, 1, -1]])
K12 = np.array([[1, 2, 0], [0, -1, 3], [2, 0, 1]])
X12 = np.array([[1, 2, 0], [3, -1, 2]])
ISSUE12_CALLS = {
    "check_input_gradient": (G12, K12),
    "check_dilated_output": (24, 32, 3, 4),  # the odd answer goes in as the span
    "check_receptive_field": (3, (1, 2, 5)),
    "check_transposed_size": (5, 6, 3, 2),
    "check_transposed_conv": (X12, K12, 2),
    "check_same_as_torch": (range(20, 32), 5, 3, 2),
}
CALLS.update(ISSUE12_CALLS)  # test_every_checker_is_exercised_here sees them


def test_issue12_checkers_accept_the_right_answers(capsys):
    ok(
        capsys,
        check.check_input_gradient,
        conv.conv2d(G12, K12[::-1, ::-1], padding="full"),
        G12,
        K12,
    )
    ok(
        capsys, check.check_input_gradient, conv.conv_transpose2d(G12, K12), G12, K12
    )  # the same thing
    ok(capsys, check.check_dilated_output, 9, 24, 32, 3, 4)
    ok(capsys, check.check_dilated_output, np.int64(9), 24.0, 32, 3, 4)
    ok(capsys, check.check_dilated_output, 5, 15, 32, 3, 2, stride=2, padding=1)
    ok(capsys, check.check_receptive_field, 17, 3, (1, 2, 5))
    ok(capsys, check.check_receptive_field, 15, 3, (1, 2, 4))
    ok(capsys, check.check_transposed_size, 14, 5, 6, 3, 2)
    ok(capsys, check.check_transposed_size, 7, 3, 3, 2)
    ok(capsys, check.check_transposed_conv, conv.conv_transpose2d(X12, K12, stride=2), X12, K12, 2)
    ok(
        capsys,
        check.check_transposed_conv,
        conv.conv_transpose2d(X12, K12, stride=2).tolist(),
        X12,
        K12,
        2,
    )
    for answer in (
        [22, 25, 28, 31],
        (31, 28, 25, 22),
        {22, 25, 28, 31},
        np.array([22, 25, 28, 31]),
    ):
        ok(capsys, check.check_same_as_torch, answer, range(20, 32), 5, 3, 2)
    # stride 2, the ResNet-style 3x3 with padding 1: odd sizes agree
    ok(capsys, check.check_same_as_torch, [21, 23, 25], range(20, 26), 3, 2, 1)


def test_issue12_checkers_name_two_wrong_parts_and_unforeseen_values():
    both = bad(check.check_dilated_output, 12, 30, 32, 3, 4)
    assert "(1)" in both and "(2)" in both and "F·d" in both and "ignores the dilation" in both
    assert "F + (F − 1)(d − 1)" in bad(check.check_dilated_output, 10, 23, 32, 3, 4)
    assert "S(N − 1) + F − 2P" in bad(check.check_transposed_size, 20, 5, 6, 3, 2)
    assert "1 + Σ (span − 1)" in bad(check.check_receptive_field, 18, 3, (1, 2, 5))
    assert "twice" in bad(check.check_same_as_torch, [22, 22, 25, 28, 31], range(20, 32), 5, 3, 2)


@pytest.mark.parametrize("name", sorted(ISSUE12_CALLS))
def test_no_answer_crashes_an_issue12_checker(name):
    """As test_no_answer_crashes_a_checker (whose list is fixed before this block runs); both answers of
    check_dilated_output get every odd answer in turn."""
    fn = getattr(check, name)
    for answer in ODD:
        try:
            if name == "check_dilated_output":
                fn(answer, 24, *ISSUE12_CALLS[name][1:])
                fn(9, answer, *ISSUE12_CALLS[name][1:])
            else:
                fn(answer, *ISSUE12_CALLS[name])
        except Hint as e:
            assert UNFORESEEN not in str(e), f"{name}({answer!r}): {e}"
        except Exception as e:  # noqa: BLE001
            pytest.fail(f"{name}({answer!r}) crashed: {type(e).__name__}: {e}")


# ============================================================================= issue 12 (chapter 1):
# im2col: the matrix by hand, and its shapes for a real layer.
TINY = np.array([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
IM2COL_CALLS = {
    "check_im2col": (TINY, 2),
    "check_im2col_shapes": ((363, 96), 8, (227, 227, 3), 11, 96, 4),  # the odd answer is cols_shape
}
CALLS.update(IM2COL_CALLS)  # test_every_checker_is_exercised_here sees them


def test_im2col_checkers_accept_the_right_answers(capsys):
    by_hand = [
        [TINY[i, j], TINY[i, j + 1], TINY[i + 1, j], TINY[i + 1, j + 1]]
        for i in (0, 1)
        for j in (0, 1, 2)
    ]
    for answer in (conv.im2col(TINY, 2), by_hand, np.array(by_hand, float)):
        ok(capsys, check.check_im2col, answer, TINY, 2)
    ok(
        capsys,
        check.check_im2col,
        conv.im2col(np.arange(20).reshape(4, 5), 2, stride=2),
        np.arange(20).reshape(4, 5),
        2,
        2,
    )
    for cols, kernel in (
        ((24200, 363), (363, 96)),
        ([24200, 363], np.array([363, 96])),
        ((24200.0, 363), (363, 96)),
    ):
        ok(capsys, check.check_im2col_shapes, cols, kernel, 8, (227, 227, 3), 11, 96, 4)
    ok(capsys, check.check_im2col_shapes, (2 * 26 * 26, 9), (9, 32), 2, (28, 28, 1), 3, 32)


def test_im2col_checkers_name_the_mistake():
    assert "per COLUMN" in bad(check.check_im2col, conv.im2col(TINY, 2).T, TINY, 2)
    flat_f = (
        conv.im2col(TINY.T, 2).reshape(3, 2, 4).transpose(1, 0, 2).reshape(6, 4)
    )  # window.T rows
    assert "column by column" in bad(check.check_im2col, flat_f, TINY, 2)
    both = bad(check.check_im2col_shapes, (3025, 121), (96, 363), 8, (227, 227, 3), 11, 96, 4)
    assert "(1)" in both and "(2)" in both and "ONE image" in both and "channels" in both
    assert "transposed" in both
    assert "+ 1" in bad(
        check.check_im2col_shapes, (8 * 54 * 54, 363), (363, 96), 8, (227, 227, 3), 11, 96, 4
    )
    # a 1-channel input: 9 columns are right, so "leave out the channels" must not be said
    assert "channels" not in bad(
        check.check_im2col_shapes, (2 * 26 * 26, 9), (9, 1), 2, (28, 28, 1), 3, 32
    )


@pytest.mark.parametrize("name", sorted(IM2COL_CALLS))
def test_no_answer_crashes_an_im2col_checker(name):
    """As test_no_answer_crashes_a_checker (whose list is fixed before this block runs); both answers of
    check_im2col_shapes get every odd answer in turn."""
    fn = getattr(check, name)
    for answer in ODD:
        try:
            if name == "check_im2col_shapes":
                fn(answer, *IM2COL_CALLS[name])
                fn((24200, 363), answer, *IM2COL_CALLS[name][1:])
            else:
                fn(answer, *IM2COL_CALLS[name])
        except Hint as e:
            assert UNFORESEEN not in str(e), f"{name}({answer!r}): {e}"
        except Exception as e:  # noqa: BLE001
            pytest.fail(f"{name}({answer!r}) crashed: {type(e).__name__}: {e}")


# ============================================================================= issue 12 (chapter 3):
# choosing the downsampling: parameters of pooling vs a strided convolution, and which one when.
POOLING_CALLS = {
    "check_downsampling_params": ((28, 28, 96), 3, 2),  # the odd answer goes in as each count
    "check_pooling_choice": (),
}
CALLS.update(POOLING_CALLS)  # test_every_checker_is_exercised_here sees them


def test_downsampling_params(capsys):
    strided = conv.conv_params(3, 96, 96)
    ok(capsys, check.check_downsampling_params, 0, strided)
    ok(capsys, check.check_downsampling_params, 0.0, np.int64(strided), (28, 28, 96), 3, 2)
    ok(capsys, check.check_downsampling_params, 0, conv.conv_params(2, 64, 64), (26, 26, 64), 2, 2)
    assert "no weights" in bad(check.check_downsampling_params, 96, strided)
    assert "swapped" in bad(check.check_downsampling_params, strided, 0)
    assert "the stride" in bad(check.check_downsampling_params, 0, conv.conv_params(2, 96, 96))
    macs = conv.conv_macs(14, 14, 3, 96, 96)  # = the weights without biases × 14×14 positions
    assert "multiply-adds" in bad(check.check_downsampling_params, 0, macs)
    both = bad(check.check_downsampling_params, 4, strided - 96)
    assert "2 things" in both and "no weights" in both and "biases" in both


def test_pooling_choice(capsys):
    for answer in (
        ("max", "strided", "avg", "global"),
        ["MaxPooling2D", "strided conv", "AveragePooling2D", "GlobalAveragePooling2D"],
        ("Max pooling", "Conv2D", "average", "global max"),
    ):
        ok(capsys, check.check_pooling_choice, answer)
    assert "(a)" in bad(check.check_pooling_choice, ("avg", "strided", "avg", "global"))
    assert "all four" in bad(check.check_pooling_choice, ("global", "avg", "strided", "max"))
    assert "not one of" in bad(check.check_pooling_choice, ("max", "strided", "avg", "gap2"))


@pytest.mark.parametrize("name", sorted(POOLING_CALLS))
def test_no_answer_crashes_a_pooling_choice_checker(name):
    """As test_no_answer_crashes_a_checker (whose list is fixed before this block runs); both counts
    of check_downsampling_params get every odd answer in turn, and so does each of the four choices."""
    fn = getattr(check, name)
    for answer in ODD:
        try:
            if name == "check_downsampling_params":
                fn(answer, 83040, *POOLING_CALLS[name])
                fn(0, answer, *POOLING_CALLS[name])
            else:
                fn(answer)
                fn(("max", "strided", "avg", answer))
        except Hint as e:
            assert UNFORESEEN not in str(e), f"{name}({answer!r}): {e}"
        except Exception as e:  # noqa: BLE001
            pytest.fail(f"{name}({answer!r}) crashed: {type(e).__name__}: {e}")
