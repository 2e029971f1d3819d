"""Property tests: the NumPy reference maths in utils.conv agree with TensorFlow/Keras.

A seeded sweep over random sizes (input N, kernel F, stride S, padding P, channels, batch) compares
``conv2d`` / ``conv2d_loop`` with ``tf.nn.conv2d`` and ``pool2d`` with Keras pooling layers; the
output-size formula is compared with the shapes Keras produces over a grid; bad arguments must raise
``ValueError`` naming the problem.
"""

from __future__ import annotations

import itertools
import math
import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from utils import conv  # noqa: E402

N_CASES = 240  # conv cases; pooling has as many again


def _conv_case(seed: int):
    rng = np.random.default_rng(seed)
    batch = int(rng.integers(1, 4))
    c_in = int(rng.integers(1, 4))
    c_out = int(rng.integers(1, 4))
    fh, fw = (int(v) for v in rng.integers(1, 6, size=2))
    sh, sw = (int(v) for v in rng.integers(1, 5, size=2))
    kind = rng.choice(["valid", "same", "explicit"])
    p = int(rng.integers(0, 3)) if kind == "explicit" else 0
    h = int(rng.integers(max(fh - 2 * p, 1), 13))
    w = int(rng.integers(max(fw - 2 * p, 1), 13))
    x = rng.normal(size=(batch, h, w, c_in)).astype(np.float32)
    k = rng.normal(size=(fh, fw, c_in, c_out)).astype(np.float32)
    return x, k, (sh, sw), kind, p


def _tf_conv(x, k, stride, kind, p):
    if kind == "explicit":
        padding = [[0, 0], [p, p], [p, p], [0, 0]]
    else:
        padding = kind.upper()
    return tf.nn.conv2d(x, k, strides=[1, *stride, 1], padding=padding).numpy()


@pytest.mark.parametrize("chunk", range(8))
def test_conv2d_matches_tf_nn_conv2d(chunk):
    per = N_CASES // 8
    for seed in range(chunk * per, (chunk + 1) * per):
        x, k, stride, kind, p = _conv_case(seed)
        expected = _tf_conv(x, k, stride, kind, p)
        ours = conv.conv2d(x, k, stride=stride, padding=p if kind == "explicit" else kind)
        assert ours.shape == expected.shape, (seed, x.shape, k.shape, stride, kind, p)
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4, err_msg=f"case {seed}")


def test_conv2d_loop_equals_vectorised():
    for seed in range(60):
        x, k, stride, kind, p = _conv_case(1000 + seed)
        padding = p if kind == "explicit" else kind
        bias = np.arange(k.shape[3], dtype=np.float32)
        np.testing.assert_allclose(
            conv.conv2d_loop(x, k, bias, stride=stride, padding=padding),
            conv.conv2d(x, k, bias, stride=stride, padding=padding),
            rtol=1e-5,
            atol=1e-5,
            err_msg=f"case {seed}",
        )


def test_conv2d_matches_keras_conv2d_layer_with_bias():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(2, 9, 8, 3)).astype(np.float32)
    for stride, padding in itertools.product([1, 2, 3], ["valid", "same"]):
        layer = keras.layers.Conv2D(
            4, (3, 2), strides=stride, padding=padding, bias_initializer="random_normal"
        )
        y = layer(x).numpy()
        k, b = (v.numpy() for v in layer.weights)
        np.testing.assert_allclose(
            conv.conv2d(x, k, b, stride=stride, padding=padding), y, rtol=1e-4, atol=1e-4
        )


def test_flipped_convolution_is_correlation_with_rotated_kernel():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(6, 7))
    k = rng.normal(size=(3, 3))
    np.testing.assert_allclose(conv.convolve2d_flipped(x, k), conv.conv2d(x, np.rot90(k, 2)))
    # and it differs from correlation for a kernel that is not symmetric
    assert not np.allclose(conv.convolve2d_flipped(x, k), conv.conv2d(x, k))
    # the textbook definition, written out: out[i, j] = sum_{a,b} x[i + a, j + b] * k[F-1-a, F-1-b]
    by_definition = np.array(
        [
            [
                sum(x[i + a, j + b] * k[2 - a, 2 - b] for a in range(3) for b in range(3))
                for j in range(5)
            ]
            for i in range(4)
        ]
    )
    np.testing.assert_allclose(conv.convolve2d_flipped(x, k), by_definition)


def _pool_case(seed: int):
    rng = np.random.default_rng(10_000 + seed)
    batch = int(rng.integers(1, 4))
    c = int(rng.integers(1, 4))
    size = tuple(int(v) for v in rng.integers(1, 5, size=2))
    stride = None if rng.random() < 0.3 else tuple(int(v) for v in rng.integers(1, 4, size=2))
    padding = str(rng.choice(["valid", "same"]))
    h = int(rng.integers(size[0], 12))
    w = int(rng.integers(size[1], 12))
    x = rng.normal(size=(batch, h, w, c)).astype(np.float32)
    return x, size, stride, padding


@pytest.mark.parametrize("mode,layer_cls", [("max", "MaxPooling2D"), ("avg", "AveragePooling2D")])
def test_pool2d_matches_keras(mode, layer_cls):
    for seed in range(N_CASES // 2):
        x, size, stride, padding = _pool_case(seed)
        layer = getattr(keras.layers, layer_cls)(pool_size=size, strides=stride, padding=padding)
        expected = layer(x).numpy()
        ours = conv.pool2d(x, size, stride, mode=mode, padding=padding)
        assert ours.shape == expected.shape, (seed, x.shape, size, stride, padding)
        np.testing.assert_allclose(ours, expected, rtol=1e-5, atol=1e-5, err_msg=f"case {seed}")


def test_global_pool_matches_keras():
    x = np.random.default_rng(5).normal(size=(3, 5, 4, 6)).astype(np.float32)
    np.testing.assert_allclose(
        conv.global_pool(x, "avg"), keras.layers.GlobalAveragePooling2D()(x).numpy(), rtol=1e-5
    )
    np.testing.assert_allclose(
        conv.global_pool(x, "max"), keras.layers.GlobalMaxPooling2D()(x).numpy()
    )
    assert conv.global_pool(x[0], "avg").shape == (6,)


def test_output_size_matches_keras_shapes_over_a_grid():
    checked = 0
    for n, f, s, padding in itertools.product(
        range(1, 12), range(1, 6), range(1, 5), ["valid", "same"]
    ):
        if padding == "valid" and f > n:
            continue
        layer = keras.layers.Conv2D(1, (f, f), strides=s, padding=padding)
        _, h, w, _ = layer.compute_output_shape((1, n, n + 1, 1))
        assert h == conv.output_size(n, f, s, padding), (n, f, s, padding)
        assert w == conv.output_size(n + 1, f, s, padding), (n + 1, f, s, padding)
        if padding == "same":
            assert h == math.ceil(n / s)
            before, after = conv.same_padding(n, f, s)
            # the explicit padding from same_padding gives the same output length
            assert (n + before + after - f) // s + 1 == h
            assert after - before in (0, 1)  # TF puts the odd zero at the end (bottom/right)
        checked += 1
    assert checked > 300


def test_output_size_formula_explicit_padding_matches_tf():
    for n, f, s, p in itertools.product(range(1, 10), range(1, 5), range(1, 4), range(0, 3)):
        if f > n + 2 * p:
            with pytest.raises(ValueError, match="larger than the padded input"):
                conv.output_size(n, f, s, p)
            continue
        x = np.zeros((1, n, n, 1), np.float32)
        k = np.zeros((f, f, 1, 1), np.float32)
        y = tf.nn.conv2d(x, k, strides=s, padding=[[0, 0], [p, p], [p, p], [0, 0]])
        assert y.shape[1] == conv.output_size(n, f, s, p)


def test_study_note_values():
    assert [conv.output_size(7, 3, s) for s in (1, 2, 4)] == [5, 3, 2]
    assert conv.output_size(7, 3, 1, 1) == 7
    assert conv.output_size(28, 3) == 26
    for n in range(1, 5):  # zero padding N keeps the size for a (2N + 1) kernel
        assert conv.output_size(20, 2 * n + 1, 1, n) == 20
    assert conv.conv_params(5, 3, 1) == 76
    sharpen = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
    patch = np.array([[206, 205, 247], [244, 161, 137], [192, 154, 75]])
    assert conv.conv2d(patch, sharpen).item() == 65


def test_pad():
    x = np.arange(6).reshape(2, 3)
    assert conv.pad(x, 1).shape == (4, 5)
    assert conv.pad(x, ((0, 1), (2, 0))).shape == (3, 5)
    assert conv.pad(np.ones((2, 4, 4, 3)), 2).shape == (2, 8, 8, 3)
    assert conv.pad(x, 1).sum() == x.sum()


def test_same_padding_tf_rule():
    assert conv.same_padding(7, 3, 1) == (1, 1)
    assert conv.same_padding(6, 3, 2) == (0, 1)  # more at the end
    assert conv.same_padding(7, 4, 1) == (1, 2)
    assert conv.same_padding(5, 1, 2) == (0, 0)


def test_counters():
    assert conv.conv_params(3, 1, 32) == 320
    assert conv.conv_params(3, 32, 64) == 18496
    assert conv.conv_params((3, 3), 64, 64, bias=False) == 36864
    assert conv.dense_params(576, 64) == 36928
    assert conv.conv_macs(26, 26, 3, 1, 32) == 26 * 26 * 9 * 32
    assert conv.conv_flops(26, 26, 3, 1, 32) == 2 * 26 * 26 * 9 * 32
    keras.backend.clear_session()
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(32, 3, name="c1"),
            keras.layers.MaxPooling2D(),
            keras.layers.Flatten(),
            keras.layers.Dense(10, name="d"),
        ],
        name="m",
    )
    flops = conv.model_flops(model)
    assert flops["layers"] == [("c1", 2 * 26 * 26 * 9 * 32), ("d", 2 * 13 * 13 * 32 * 10)]
    assert flops["total"] == sum(f for _, f in flops["layers"])
    assert conv.conv_params(3, 1, 32) + conv.dense_params(13 * 13 * 32, 10) == model.count_params()


# ----------------------------------------------------------------------------- bad arguments


@pytest.mark.parametrize("fn", [conv.conv2d, conv.conv2d_loop])
def test_conv_bad_arguments(fn):
    k = np.ones((3, 3))
    with pytest.raises(ValueError, match="rank"):
        fn(np.ones(5), k)
    with pytest.raises(ValueError, match="rank"):
        fn(np.ones((1, 2, 5, 5, 1)), k)
    with pytest.raises(ValueError, match="kernel must have rank"):
        fn(np.ones((5, 5)), np.ones(3))
    with pytest.raises(ValueError, match="channels mismatch"):
        fn(np.ones((5, 5, 3)), np.ones((3, 3, 2, 4)))
    for bad in (0, -1, 1.5, (1, 0)):
        with pytest.raises(ValueError, match="stride"):
            fn(np.ones((5, 5)), k, stride=bad)
    with pytest.raises(ValueError, match="larger than the padded input"):
        fn(np.ones((2, 2)), k)
    with pytest.raises(ValueError, match="larger than the padded input"):
        fn(np.ones((4, 4)), np.ones((7, 7)), padding=1)
    fn(np.ones((4, 4)), np.ones((6, 6)), padding=1)  # 6 <= 4 + 2: allowed
    with pytest.raises(ValueError, match="padding"):
        fn(np.ones((5, 5)), k, padding=-1)
    with pytest.raises(ValueError, match="padding"):
        fn(np.ones((5, 5)), k, padding="causal")  # Keras Conv1D only
    with pytest.raises(ValueError, match="bias"):
        fn(np.ones((5, 5, 1)), np.ones((3, 3, 1, 2)), bias=np.ones(3))


def test_pool_and_size_bad_arguments():
    with pytest.raises(ValueError, match="rank"):
        conv.pool2d(np.ones(4))
    with pytest.raises(ValueError, match="mode"):
        conv.pool2d(np.ones((4, 4)), mode="median")
    with pytest.raises(ValueError, match="stride"):
        conv.pool2d(np.ones((4, 4)), 2, stride=0)
    with pytest.raises(ValueError, match="pool size"):
        conv.pool2d(np.ones((4, 4)), 0)
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv.pool2d(np.ones((2, 2)), 3)
    with pytest.raises(ValueError, match="rank"):
        conv.global_pool(np.ones((4, 4)))
    with pytest.raises(ValueError, match="stride"):
        conv.output_size(7, 3, 0)
    with pytest.raises(ValueError, match="padding"):
        conv.output_size(7, 3, 1, -1)
    with pytest.raises(ValueError, match="padding"):
        conv.output_size(7, 3, 1, "causal")
    with pytest.raises(ValueError, match="kernel size"):
        conv.output_size(7, 0)
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv.output_size(2, 3)
    with pytest.raises(ValueError, match="rank"):
        conv.pad(np.ones(3), 1)
    with pytest.raises(ValueError, match="same_padding"):
        conv.pad(np.ones((3, 3)), "same")
    with pytest.raises(ValueError, match="c_in"):
        conv.conv_params(3, 0, 4)


# ----------------------------------------------------------------------------- images and diagrams


def test_images_photo_kernels_and_clipping():
    from utils import images

    photo = images.load_photo()
    assert photo.shape == (300, 256) and 0 <= photo.min() and photo.max() <= 255
    assert images.load_photo(shrink=4, colour=True).shape == (150, 128, 3)
    out = images.apply_kernel(photo, "sharpen")
    assert out.dtype == np.uint8 and out.shape == (298, 254)
    raw = images.apply_kernel(photo, "sharpen", clip=False)
    assert raw.min() < 0 and raw.max() > 255  # the photo has real edges that overshoot
    assert np.array_equal(out, np.clip(np.rint(raw), 0, 255))
    assert np.array_equal(images.clip_to_pixels([-3.0, 12.4, 300]), [0, 12, 255])
    with pytest.raises(ValueError):
        images.KERNELS["blur"][0, 0] = 5  # read-only
    assert images.kernel_text(images.KERNELS["blur"]).splitlines() == [
        "1 2 1",
        "2 4 2",
        "1 2 1",
        "(all ÷ 16)",
    ]
    lines = images.kernel_text(images.KERNELS["sharpen"]).splitlines()
    assert (
        lines == [" 0 -1  0", "-1  5 -1", " 0 -1  0"] and len({len(t) for t in lines}) == 1
    )  # columns line up
    with pytest.raises(ValueError, match="2-D"):
        images.kernel_text(np.ones(3))
    with pytest.raises(ValueError, match="denominator"):
        images.kernel_text(np.full((3, 3), np.pi))
    with pytest.raises(ValueError, match="grey"):
        images.apply_kernel(np.ones((4, 4, 3)), "blur")
    with pytest.raises(ValueError, match="2-D kernel"):
        images.apply_kernel(np.ones((4, 4)), np.ones((3, 3, 1)))
    with pytest.raises(ValueError, match="shrink"):
        images.load_photo(shrink=0)
    with pytest.raises(ValueError, match="RGB|\\(H, W, 3\\)"):
        images.to_grey(np.ones((4, 4)))
    with pytest.raises(ValueError, match="2-D"):
        __import__("utils.plots").plots.show_side_by_side([np.ones((2, 2, 2))])


def test_diagrams_draw_and_animate():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from utils import diagrams

    x = np.arange(25).reshape(5, 5)
    k = np.ones((3, 3))
    fig = diagrams.conv_steps(5, 3, x=x, kernel=k, steps=2)
    assert len(fig.axes) == 2
    # the output numbers written in the last panel are conv2d's
    texts = {t.get_text() for t in fig.axes[1].texts}
    assert {str(int(v)) for v in conv.conv2d(x, k).ravel()} <= texts
    plt.close(fig)
    fig = diagrams.padding_comparison(6, 3, 2)
    titles = [ax.get_title() for ax in fig.axes]
    assert "top 0, bottom 1, left 0, right 1" in titles[2]  # TF's 'same': the odd zero at the end
    plt.close(fig)
    html = diagrams.conv_animation(5, 3, stride=2, padding=1).data
    assert html.count("data:image/png;base64") >= 9 and "<script" in html
    pooled = diagrams.conv_animation(4, 2, stride=2, x=np.arange(16).reshape(4, 4), pool="max").data
    assert pooled.count("data:image/png;base64") >= 4
    with pytest.raises(ValueError, match="too many"):
        diagrams.conv_animation(28, 3)
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="outside"):
        diagrams.draw_step(ax, 5, 3, pos=(3, 0))
    with pytest.raises(ValueError, match="x has shape"):
        diagrams.draw_step(ax, 5, 3, x=np.ones((4, 4)))
    with pytest.raises(ValueError, match="larger than the padded input"):
        diagrams.draw_step(ax, 2, 3)
    with pytest.raises(ValueError, match="stride"):
        diagrams.conv_steps(5, 3, stride=0)
    plt.close("all")


def test_unread_cells_are_hatched():
    """8×8, 3×3, stride 2 never reads the last row and column (15 cells); 7×7 at stride 2 reads all."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from utils import diagrams

    def hatched(n, f, stride):
        _, ax = plt.subplots()
        diagrams.draw_step(ax, n, f, stride)
        cells = [p for p in ax.patches if p.get_hatch()]
        labels = [t.get_text() for t in ax.texts if "never read" in t.get_text()]
        plt.close("all")
        return cells, labels

    cells, labels = hatched(8, 3, 2)
    assert len(cells) == 8 + 8 - 1 and labels == ["hatched: never read"]
    assert {(int(p.get_x()), int(p.get_y())) for p in cells} == {
        (c, r) for r in range(8) for c in range(8) if r == 7 or c == 7
    }
    assert hatched(7, 3, 2) == ([], [])
    assert hatched(5, 3, 1) == ([], [])


# ============================================================================= issue 12 (chapter 2):
# 'full' padding, dilation, transposed convolution, the input gradient. Property tests against
# tf.nn.conv2d(dilations=...), tf.nn.conv2d_transpose, keras.layers.Conv2DTranspose and GradientTape.

N_DILATED = 120


def _dilated_case(seed: int):
    rng = np.random.default_rng(20_000 + seed)
    batch, c_in, c_out = (int(v) for v in rng.integers(1, 4, size=3))
    fh, fw = (int(v) for v in rng.integers(1, 5, size=2))
    dh, dw = (int(v) for v in rng.integers(1, 4, size=2))
    sh, sw = (int(v) for v in rng.integers(1, 4, size=2))
    kind = str(rng.choice(["valid", "same", "explicit"]))
    p = int(rng.integers(0, 3)) if kind == "explicit" else 0
    eh, ew = conv.effective_kernel_size(fh, dh), conv.effective_kernel_size(fw, dw)
    h = int(rng.integers(max(eh - 2 * p, 1), eh + 8))
    w = int(rng.integers(max(ew - 2 * p, 1), ew + 8))
    x = rng.normal(size=(batch, h, w, c_in)).astype(np.float32)
    k = rng.normal(size=(fh, fw, c_in, c_out)).astype(np.float32)
    return x, k, (sh, sw), (dh, dw), kind, p


@pytest.mark.parametrize("chunk", range(4))
def test_dilated_conv2d_matches_tf_nn_conv2d(chunk):
    per = N_DILATED // 4
    for seed in range(chunk * per, (chunk + 1) * per):
        x, k, stride, dilation, kind, p = _dilated_case(seed)
        padding = [[0, 0], [p, p], [p, p], [0, 0]] if kind == "explicit" else kind.upper()
        expected = tf.nn.conv2d(
            x, k, strides=[1, *stride, 1], padding=padding, dilations=[1, *dilation, 1]
        ).numpy()
        ours = conv.conv2d(
            x, k, stride=stride, padding=p if kind == "explicit" else kind, dilation=dilation
        )
        case = (seed, x.shape, k.shape, stride, dilation, kind, p)
        assert ours.shape == expected.shape, case
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4, err_msg=str(case))
        for axis in (1, 2):  # the size formula, with the effective kernel size
            assert ours.shape[axis] == conv.output_size(
                x.shape[axis],
                k.shape[axis - 1],
                stride[axis - 1],
                p if kind == "explicit" else kind,
                dilation=dilation[axis - 1],
            ), case


def test_dilated_output_size_matches_keras_over_a_grid():
    checked = 0
    for n, f, d, padding in itertools.product(
        range(1, 14), (1, 2, 3), (1, 2, 3, 4), ("valid", "same")
    ):
        if padding == "valid" and f + (f - 1) * (d - 1) > n:
            with pytest.raises(ValueError, match="larger than the padded input"):
                conv.output_size(n, f, 1, padding, dilation=d)
            continue
        layer = keras.layers.Conv2D(1, f, dilation_rate=d, padding=padding)
        _, h, _, _ = layer.compute_output_shape((1, n, n, 1))
        assert h == conv.output_size(n, f, 1, padding, dilation=d), (n, f, d, padding)
        checked += 1
    assert checked > 100


def test_dilate_kernel_places_the_taps():
    k = np.arange(1, 10).reshape(3, 3)
    for d in (1, 2, 3):
        big = conv.dilate_kernel(k, d)
        e = conv.effective_kernel_size(3, d)
        assert big.shape == (e, e) and e == 3 + 2 * (d - 1)
        assert np.array_equal(big[::d, ::d], k) and big.sum() == k.sum()
        assert np.count_nonzero(big) == 9  # only zeros were added
    assert conv.dilate_kernel(np.ones((2, 3, 4, 5)), (2, 3)).shape == (3, 7, 4, 5)  # channels kept
    assert conv.dilate_kernel(k, 1) is not None and np.array_equal(conv.dilate_kernel(k, 1), k)
    assert conv.insert_zeros(np.ones((2, 3, 4, 5)), 2).shape == (2, 5, 7, 5)  # batch axis kept
    assert conv.insert_zeros(np.ones((3, 4, 5)), (1, 3)).shape == (3, 10, 5)


def test_full_padding_matches_tf_and_counts_every_overlap():
    rng = np.random.default_rng(12)
    for n, f, s in itertools.product((1, 4, 7), (1, 2, 3, 5), (1, 2, 3)):
        x = rng.normal(size=(1, n, n + 1, 2)).astype(np.float32)
        k = rng.normal(size=(f, f, 2, 3)).astype(np.float32)
        pad = [[0, 0], [f - 1, f - 1], [f - 1, f - 1], [0, 0]]
        expected = tf.nn.conv2d(x, k, strides=s, padding=pad).numpy()
        ours = conv.conv2d(x, k, stride=s, padding="full")
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4, err_msg=str((n, f, s)))
        assert ours.shape[1] == conv.output_size(n, f, s, "full")
        if s == 1:
            assert ours.shape[1:3] == (n + f - 1, n + f)  # o = i + k - 1
    assert conv.padding_per_side("full", 5, 5, 3, 2) == ((2, 2), (1, 1))
    # the three modes at stride 1: i - k + 1, i, i + k - 1
    assert [conv.output_size(7, 3, 1, m) for m in ("valid", "same", "full")] == [5, 7, 9]


def _flipped_swapped(k):
    """The kernel of the backward pass: flipped in space, input and output channels swapped."""
    return np.ascontiguousarray(k[::-1, ::-1].transpose(0, 1, 3, 2))


def test_input_gradient_is_a_full_convolution_with_the_flipped_kernel():
    rng = np.random.default_rng(21)
    for trial in range(12):
        n, f = int(rng.integers(3, 9)), int(rng.integers(1, 5))
        c_in, c_out = (int(v) for v in rng.integers(1, 4, size=2))
        x = tf.constant(rng.normal(size=(2, n, n + 1, c_in)).astype(np.float32))
        k = rng.normal(size=(f, f, c_in, c_out)).astype(np.float32)
        y_shape = (2, n - f + 1, n - f + 2, c_out)
        g = rng.normal(size=y_shape).astype(np.float32)  # the gradient arriving from above
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = tf.reduce_sum(tf.nn.conv2d(x, k, 1, "VALID") * g)
        dx = tape.gradient(loss, x).numpy()
        ours = conv.conv2d(g, _flipped_swapped(k), padding="full")
        np.testing.assert_allclose(ours, dx, rtol=1e-4, atol=1e-4, err_msg=f"trial {trial}")
        # ... which is the stride-1 transposed convolution of g with the same kernel (same layout)
        np.testing.assert_allclose(conv.conv_transpose2d(g, k), dx, atol=1e-4)


def test_strided_input_gradient_is_a_transposed_convolution():
    rng = np.random.default_rng(22)
    for n, f, s in itertools.product((5, 6, 8), (1, 2, 3), (2, 3)):
        if f > n:
            continue
        x = tf.constant(rng.normal(size=(1, n, n, 2)).astype(np.float32))
        k = rng.normal(size=(f, f, 2, 3)).astype(np.float32)
        o = conv.output_size(n, f, s)
        g = rng.normal(size=(1, o, o, 3)).astype(np.float32)
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = tf.reduce_sum(tf.nn.conv2d(x, k, s, "VALID") * g)
        dx = tape.gradient(loss, x).numpy()
        a = (n - f) % s  # the rows the forward convolution never read get a zero gradient
        ours = conv.conv_transpose2d(g, k, stride=s, output_padding=a)
        np.testing.assert_allclose(ours, dx, rtol=1e-4, atol=1e-4, err_msg=str((n, f, s)))


def _transposed_case(seed: int):
    rng = np.random.default_rng(30_000 + seed)
    i, j = (int(v) for v in rng.integers(1, 7, size=2))
    f = int(rng.integers(1, 6))
    s = int(rng.integers(1, 5))
    c_in, c_out = (int(v) for v in rng.integers(1, 4, size=2))
    x = rng.normal(size=(2, i, j, c_in)).astype(np.float32)
    k = rng.normal(size=(f, f, c_out, c_in)).astype(np.float32)
    return rng, x, k, s


def test_conv_transpose2d_matches_keras_conv2d_transpose():
    for seed in range(60):
        rng, x, k, s = _transposed_case(seed)
        padding = str(rng.choice(["valid", "same"]))
        a = None if padding == "same" or rng.random() < 0.5 else int(rng.integers(0, s))
        layer = keras.layers.Conv2DTranspose(
            k.shape[2], k.shape[0], strides=s, padding=padding, output_padding=a, use_bias=False
        )
        layer.build(x.shape)
        layer.set_weights([k])
        expected = layer(x).numpy()
        if a is None and padding == "valid":  # Keras's default: the output covers i * s
            a = max(s - k.shape[0], 0)
        ours = conv.conv_transpose2d(x, k, stride=s, padding=padding, output_padding=a or 0)
        case = (seed, x.shape, k.shape, s, padding, a)
        assert ours.shape == expected.shape, case
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4, err_msg=str(case))
        assert ours.shape[1] == conv.transposed_output_size(
            x.shape[1], k.shape[0], s, padding, a or 0
        )


def test_conv_transpose2d_matches_tf_with_explicit_padding():
    checked = 0
    for seed in range(80):
        rng, x, k, s = _transposed_case(seed)
        f = k.shape[0]
        p, a = int(rng.integers(0, f)), int(rng.integers(0, s))
        oh, ow = ((d - 1) * s + f - 2 * p + a for d in x.shape[1:3])
        if min(oh, ow) < 1:
            with pytest.raises(ValueError, match="crops more"):
                conv.conv_transpose2d(x, k, stride=s, padding=p, output_padding=a)
            continue
        expected = tf.nn.conv2d_transpose(
            x,
            k,
            [x.shape[0], oh, ow, k.shape[2]],
            strides=s,
            padding=[[0, 0], [p, p], [p, p], [0, 0]],
        ).numpy()
        ours = conv.conv_transpose2d(x, k, stride=s, padding=p, output_padding=a)
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4, err_msg=f"case {seed}")
        checked += 1
    assert checked > 50


def test_conv_transpose2d_is_each_input_stamping_the_kernel():
    """The scatter view, written out: input (i, j) adds x[i, j] * kernel at (s*i, s*j) of the output."""
    rng = np.random.default_rng(4)
    for s, f, p in itertools.product((1, 2, 3), (1, 2, 3), (0, 1)):
        if 2 * p >= (3 - 1) * s + f:
            continue
        x = rng.normal(size=(3, 4))
        k = rng.normal(size=(f, f))
        full = np.zeros(((3 - 1) * s + f, (4 - 1) * s + f))
        for i in range(3):
            for j in range(4):
                full[s * i : s * i + f, s * j : s * j + f] += x[i, j] * k
        expected = full[p : full.shape[0] - p, p : full.shape[1] - p]
        np.testing.assert_allclose(conv.conv_transpose2d(x, k, stride=s, padding=p), expected)
        assert expected.shape[0] == conv.transposed_output_size(3, f, s, p)


def test_transposed_output_size_matches_keras_over_a_grid():
    for n, f, s in itertools.product(range(1, 8), range(1, 6), range(1, 5)):
        for a in range(s):
            layer = keras.layers.Conv2DTranspose(1, f, strides=s, output_padding=a)
            _, h, _, _ = layer.compute_output_shape((1, n, n, 1))
            assert h == conv.transposed_output_size(n, f, s, 0, a) == s * (n - 1) + f + a
        same = keras.layers.Conv2DTranspose(1, f, strides=s, padding="same")
        assert (
            same.compute_output_shape((1, n, n, 1))[1]
            == conv.transposed_output_size(n, f, s, "same")
            == n * s
        )


def test_dilation_and_transpose_bad_arguments():
    x, k = np.ones((6, 6)), np.ones((3, 3))
    for bad in (0, -1, 1.5, (1, 0), True, "2"):
        with pytest.raises(ValueError, match="dilation"):
            conv.conv2d(x, k, dilation=bad)
        with pytest.raises(ValueError, match="dilation"):
            conv.dilate_kernel(k, bad)
    for bad in (0, 1.5, True):
        with pytest.raises(ValueError, match="dilation"):
            conv.output_size(7, 3, dilation=bad)
        with pytest.raises(ValueError, match="dilation"):
            conv.effective_kernel_size(3, bad)
    with pytest.raises(ValueError, match="kernel size"):
        conv.effective_kernel_size(0, 2)
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv.conv2d(np.ones((4, 4)), k, dilation=2)  # effective 5x5 on a 4x4 input
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv.output_size(4, 3, dilation=2)
    with pytest.raises(ValueError, match="rank"):
        conv.dilate_kernel(np.ones(3), 2)
    with pytest.raises(ValueError, match="rank"):
        conv.insert_zeros(np.ones(3), 2)
    with pytest.raises(ValueError, match="stride"):
        conv.insert_zeros(x, 0)
    with pytest.raises(ValueError, match="kernel must have rank"):
        conv.conv_transpose2d(x, np.ones((3, 3, 1)))
    with pytest.raises(ValueError, match="rank"):
        conv.conv_transpose2d(np.ones(3), k)
    with pytest.raises(ValueError, match="stride"):
        conv.conv_transpose2d(x, k, stride=0)
    with pytest.raises(ValueError, match="output_padding"):
        conv.conv_transpose2d(x, k, stride=2, output_padding=2)
    with pytest.raises(ValueError, match="output_padding"):
        conv.conv_transpose2d(x, k, stride=2, padding="same", output_padding=1)
    with pytest.raises(ValueError, match="padding"):
        conv.conv_transpose2d(x, k, padding="full")
    with pytest.raises(ValueError, match="padding"):
        conv.conv_transpose2d(x, k, padding=-1)
    with pytest.raises(ValueError, match="crops more"):
        conv.conv_transpose2d(np.ones((1, 1)), k, padding=2)
    with pytest.raises(ValueError, match="channels mismatch"):
        conv.conv_transpose2d(np.ones((4, 4, 2)), np.ones((3, 3, 1, 3)))
    with pytest.raises(ValueError, match="bias"):
        conv.conv_transpose2d(np.ones((4, 4, 2)), np.ones((3, 3, 5, 2)), bias=np.ones(2))
    for args, word in [
        ((0, 3), "input size"),
        ((3, 3, 0), "stride"),
        ((3, 3, 2, 0, 2), "output_padding"),
        ((3, 3, 1, "causal"), "padding"),
        ((3, 3, 1, -1), "padding"),
    ]:
        with pytest.raises(ValueError, match=word):
            conv.transposed_output_size(*args)


def test_dilation_and_transposed_diagrams():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from utils import diagrams

    fig = diagrams.dilation_comparison(9, 3, (1, 2, 3))
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [f"dilation {d}: 3×3 taps span {e}×{e}" for d, e in ((1, 3), (2, 5), (3, 7))]
    # the dark taps of each panel: f*f cells, d apart
    taps = [
        sorted((p.get_x(), p.get_y()) for p in ax.patches if p.get_alpha() == 0.75)
        for ax in fig.axes
    ]
    assert [len(t) for t in taps] == [9, 9, 9] and taps[1][-1] == (4, 4) and taps[2][-1] == (6, 6)
    texts = {t.get_text() for ax in fig.axes for t in ax.texts}
    assert {"output 7×7", "output 5×5", "output 3×3"} <= texts
    plt.close(fig)
    fig = diagrams.transposed_steps(3, 3, 2, steps=[(0, 0), (2, 3)])
    texts = {t.get_text() for ax in fig.axes for t in ax.texts}
    assert {"input 3×3, spread to 5×5, padded to 9×9", "output 7×7"} <= texts
    plt.close(fig)
    with pytest.raises(ValueError, match="larger than the padded input"):
        diagrams.dilation_comparison(5, 3, (1, 3))  # a 7-wide kernel on a 5-wide input
    with pytest.raises(ValueError, match="dilation"):
        diagrams.dilation_comparison(9, 3, (0,))
    with pytest.raises(ValueError, match="at least one"):
        diagrams.dilation_comparison(9, 3, ())
    with pytest.raises(ValueError, match="padding"):
        diagrams.transposed_steps(3, 3, 2, padding=3)
    with pytest.raises(ValueError, match="outside"):
        diagrams.transposed_steps(3, 3, 2, steps=[(7, 0)])
    plt.close("all")


# ============================================================================= issue 12 (chapter 1):
# im2col. A convolution is a gather of windows into a (positions × Fh·Fw·C_in) matrix and one matrix
# multiply with the (Fh·Fw·C_in × C_out) kernel matrix; property tests against tf.nn.conv2d.


def _im2col_conv(x, k, stride, padding):
    """The convolution written as the chapter writes it: im2col, one matmul, a reshape."""
    n, h, w, _ = x.shape
    fh, fw, c_in, c_out = k.shape
    sh, sw = stride
    if padding == "same":
        ho, wo = math.ceil(h / sh), math.ceil(w / sw)
    else:
        ho, wo = conv.output_size(h, fh, sh, padding), conv.output_size(w, fw, sw, padding)
    cols = conv.im2col(x, (fh, fw), stride=stride, padding=padding)
    assert cols.shape == (n * ho * wo, fh * fw * c_in)
    return (cols @ k.reshape(fh * fw * c_in, c_out)).reshape(n, ho, wo, c_out)


@pytest.mark.parametrize("chunk", range(4))
def test_im2col_matmul_matches_tf_nn_conv2d(chunk):
    per = N_CASES // 4
    for seed in range(chunk * per, (chunk + 1) * per):
        x, k, stride, kind, p = _conv_case(5000 + seed)
        expected = _tf_conv(x, k, stride, kind, p)
        ours = _im2col_conv(x, k, stride, p if kind == "explicit" else kind)
        assert ours.shape == expected.shape, (seed, x.shape, k.shape, stride, kind, p)
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4, err_msg=f"case {seed}")


def test_im2col_matches_tf_image_extract_patches():
    """TensorFlow's own gather gives the same rows, in the same (a, b, c) order."""
    for seed in range(80):
        x, k, stride, kind, p = _conv_case(7000 + seed)
        fh, fw = k.shape[:2]
        xp, tf_padding = (conv.pad(x, p), "VALID") if kind == "explicit" else (x, kind.upper())
        patches = tf.image.extract_patches(
            xp,
            sizes=[1, fh, fw, 1],
            strides=[1, *stride, 1],
            rates=[1, 1, 1, 1],
            padding=tf_padding,
        ).numpy()
        ours = conv.im2col(x, (fh, fw), stride=stride, padding=p if kind == "explicit" else kind)
        assert np.array_equal(ours, patches.reshape(-1, patches.shape[-1])), (seed, kind, p)


def test_im2col_rows_are_the_windows():
    """Row (n·H_out + i)·W_out + j holds the window of image n at (i, j), in the kernel's (a, b, c) order."""
    for seed in range(40):
        x, k, (sh, sw), kind, p = _conv_case(6000 + seed)
        if kind == "same":
            continue
        fh, fw, c, _ = k.shape
        cols = conv.im2col(x, (fh, fw), stride=(sh, sw), padding=p)
        xp = conv.pad(x, p)
        n, hp, wp, _ = xp.shape
        ho, wo = (hp - fh) // sh + 1, (wp - fw) // sw + 1
        for b, i, j in itertools.product(range(n), range(ho), range(wo)):
            window = xp[b, i * sh : i * sh + fh, j * sw : j * sw + fw, :]
            assert np.array_equal(cols[(b * ho + i) * wo + j], window.ravel()), (seed, b, i, j)


def test_im2col_shapes_dtype_and_the_sharpen_example():
    sharpen = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
    image = np.arange(25).reshape(5, 5)
    image[:3, :3] = [[206, 205, 247], [244, 161, 137], [192, 154, 75]]  # the note's patch
    cols = conv.im2col(image, 3)
    assert cols.shape == (9, 9) and cols.dtype == image.dtype  # a gather: integers stay integers
    assert np.array_equal(cols[0], image[:3, :3].ravel()) and cols[0] @ sharpen.ravel() == 65
    assert np.array_equal((cols @ sharpen.reshape(9, 1)).reshape(3, 3), conv.conv2d(image, sharpen))
    assert conv.im2col(np.ones((6, 7, 3)), (2, 3)).shape == (5 * 5, 2 * 3 * 3)
    assert conv.im2col(np.ones((2, 6, 7, 3)), 3, stride=2, padding="same").shape == (2 * 3 * 4, 27)
    assert conv.im2col(np.ones((4, 4)), 3, padding=1).shape == (16, 9)
    assert conv.im2col(np.ones((4, 4)), 3, padding="full").shape == (36, 9)
    padded = conv.im2col(np.ones((3, 3)), 3, padding=1)
    assert padded[0].sum() == 4 and padded[4].sum() == 9  # a corner window meets 5 zeros
    # the CS231n example: 227×227×3, 11×11 filters at stride 4 -> 55·55 = 3025 windows of 363 numbers
    assert conv.im2col(np.zeros((227, 227, 3), np.float32), 11, stride=4).shape == (3025, 363)


def test_conv2d_is_exact_on_whole_numbers():
    """conv2d (im2col + matmul) gives exactly the loop's numbers where the sums are exact in float64."""
    rng = np.random.default_rng(11)
    for _ in range(30):
        x = rng.integers(-255, 256, size=(2, 9, 8, 3))
        k = rng.integers(-5, 6, size=(3, 2, 3, 4))
        for stride, padding in ((1, 0), (2, "same"), ((1, 3), 2)):
            assert np.array_equal(
                conv.conv2d(x, k, stride=stride, padding=padding),
                conv.conv2d_loop(x, k, stride=stride, padding=padding),
            )


def test_im2col_bad_arguments():
    with pytest.raises(ValueError, match="x must have rank"):
        conv.im2col(np.ones(5), 3)
    with pytest.raises(ValueError, match="x must have rank"):
        conv.im2col(np.ones((1, 1, 5, 5, 1)), 3)
    with pytest.raises(ValueError, match="x must hold numbers"):
        conv.im2col(np.array([["a", "b"], ["c", "d"]]), 1)
    for bad in (0, -1, 1.5, (3,), (3, 0), "3", True):
        with pytest.raises(ValueError, match="kernel size f"):
            conv.im2col(np.ones((5, 5)), bad)
    for bad in (0, 1.5, (1, 0), None):
        with pytest.raises(ValueError, match="stride"):
            conv.im2col(np.ones((5, 5)), 3, stride=bad)
    for bad in (-1, "causal", ((1, 1), (1, -1)), 1.5):
        with pytest.raises(ValueError, match="padding"):
            conv.im2col(np.ones((5, 5)), 3, padding=bad)
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv.im2col(np.ones((2, 2)), 3)
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv.im2col(np.ones((5, 5)), (3, 8), padding=1)


# --------------------------------------------------------------------------- depthwise-separable
# Chapter 8 (issue 12): depthwise_conv2d against TensorFlow and Keras; the counts against count_params.


def _depthwise_case(seed: int):
    rng = np.random.default_rng(seed)
    c, m = int(rng.integers(1, 4)), int(rng.integers(1, 3))
    fh, fw = (int(v) for v in rng.integers(1, 5, size=2))
    s = int(rng.integers(1, 4))  # tf.nn.depthwise_conv2d wants equal strides
    kind = rng.choice(["valid", "same", "explicit"])
    p = int(rng.integers(0, 3)) if kind == "explicit" else 0
    h = int(rng.integers(max(fh - 2 * p, 1), 11))
    w = int(rng.integers(max(fw - 2 * p, 1), 11))
    x = rng.normal(size=(int(rng.integers(1, 3)), h, w, c)).astype(np.float32)
    k = rng.normal(size=(fh, fw, c, m)).astype(np.float32)
    return x, k, s, kind, p


def test_depthwise_conv2d_matches_tf_nn_depthwise_conv2d():
    for seed in range(80):
        x, k, s, kind, p = _depthwise_case(seed)
        tf_pad = [[0, 0], [p, p], [p, p], [0, 0]] if kind == "explicit" else kind.upper()
        expected = tf.nn.depthwise_conv2d(x, k, strides=[1, s, s, 1], padding=tf_pad).numpy()
        ours = conv.depthwise_conv2d(x, k, stride=s, padding=p if kind == "explicit" else kind)
        assert ours.shape == expected.shape, (seed, x.shape, k.shape, s, kind, p)
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4, err_msg=f"case {seed}")


def test_depthwise_conv2d_is_conv2d_channel_by_channel():
    rng = np.random.default_rng(12)
    x = rng.normal(size=(7, 6, 3))
    k = rng.normal(size=(3, 2, 3, 2))
    out = conv.depthwise_conv2d(x, k, stride=(2, 1), padding="same")
    for c in range(3):
        for m in range(2):  # output channel c·M + m: input channel c, its filter m
            expected = conv.conv2d(x[:, :, c], k[:, :, c, m], stride=(2, 1), padding="same")
            np.testing.assert_allclose(out[:, :, c * 2 + m], expected, atol=1e-12)
    k3 = k[..., 0]  # a rank-3 kernel is one filter per channel
    np.testing.assert_allclose(
        conv.depthwise_conv2d(x, k3), conv.depthwise_conv2d(x, k3[..., None])
    )


def test_depthwise_and_separable_match_the_keras_layers_with_bias():
    rng = np.random.default_rng(8)
    x = rng.normal(size=(2, 9, 8, 3)).astype(np.float32)
    # TensorFlow's depthwise kernel takes equal strides only; (2, 1) is tested against conv2d above
    for stride, padding, m in itertools.product([1, 2, 3], ["valid", "same"], [1, 2]):
        depthwise = keras.layers.DepthwiseConv2D(
            3, strides=stride, padding=padding, depth_multiplier=m, bias_initializer="normal"
        )
        expected = depthwise(x).numpy()
        dk, b = depthwise.get_weights()
        ours = conv.depthwise_conv2d(x, dk, b, stride=stride, padding=padding)
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4)
        separable = keras.layers.SeparableConv2D(
            4, 3, strides=stride, padding=padding, depth_multiplier=m, bias_initializer="normal"
        )
        expected = separable(x).numpy()
        dk, pk, b = separable.get_weights()  # one bias, after the pointwise (1x1) step
        ours = conv.conv2d(conv.depthwise_conv2d(x, dk, stride=stride, padding=padding), pk, b)
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-4)


def test_separable_and_depthwise_counts_match_keras():
    for f, c_in, c_out, m, bias in itertools.product(
        [1, 3, (5, 3)], [1, 16], [2, 8], [1, 3], [True, False]
    ):
        shape = (None, 12, 11, c_in)
        sep = keras.layers.SeparableConv2D(c_out, f, depth_multiplier=m, use_bias=bias)
        dw = keras.layers.DepthwiseConv2D(f, depth_multiplier=m, use_bias=bias)
        sep.build(shape)
        dw.build(shape)
        assert sep.count_params() == conv.separable_params(f, c_in, c_out, m, bias=bias)
        assert dw.count_params() == conv.depthwise_params(f, c_in, m, bias=bias)
        # multiply-adds: every output value of the depthwise step reads one Fh x Fw window of
        # one channel; every value of the 1x1 step reads the C_in·M depthwise channels
        fh, fw = f if isinstance(f, tuple) else (f, f)
        y_sep, y_dw = sep.compute_output_shape(shape), dw.compute_output_shape(shape)
        _, ho, wo, _ = y_sep
        assert tuple(y_dw[1:]) == (ho, wo, c_in * m)
        assert conv.depthwise_macs(ho, wo, f, c_in, m) == int(np.prod(y_dw[1:])) * fh * fw
        assert conv.separable_macs(ho, wo, f, c_in, c_out, m) == (
            int(np.prod(y_dw[1:])) * fh * fw + int(np.prod(y_sep[1:])) * c_in * m
        )
    # Howard et al.'s ratio, and the chapter's 256 -> 256, 3x3 example
    for c_out, f in itertools.product([16, 256, 512], [3, 5]):
        ratio = conv.separable_macs(7, 7, f, 64, c_out) / conv.conv_macs(7, 7, f, 64, c_out)
        assert math.isclose(ratio, 1 / c_out + 1 / f**2)
    assert (conv.separable_params(3, 256, 256), conv.conv_params(3, 256, 256)) == (68_096, 590_080)
    assert conv.depthwise_params(3, 256) + conv.conv_params(1, 256, 256) == 68_352  # two biases


def test_model_flops_counts_depthwise_and_separable_layers():
    keras.backend.clear_session()
    inputs = keras.Input(shape=(12, 11, 3))
    x = keras.layers.DepthwiseConv2D(3, depth_multiplier=2, name="dw")(inputs)  # 10x9x6
    x = keras.layers.SeparableConv2D(5, (3, 2), strides=2, depth_multiplier=3, name="sep")(x)
    x = keras.layers.Conv2D(4, 1, name="pw")(x)  # 4x4x5 -> 4x4x4
    flops = conv.model_flops(keras.Model(inputs, x))
    assert flops["layers"] == [
        ("dw", 2 * 10 * 9 * 3 * 3 * 3 * 2),
        ("sep", 2 * 4 * 4 * (3 * 2 * 6 * 3 + 6 * 3 * 5)),
        ("pw", 2 * 4 * 4 * 5 * 4),
    ]
    assert flops["total"] == sum(f for _, f in flops["layers"])


def test_depthwise_and_separable_bad_arguments():
    x, k = np.ones((5, 5, 2)), np.ones((3, 3, 2))
    with pytest.raises(ValueError, match="x must have rank 3"):
        conv.depthwise_conv2d(np.ones((5, 5)), k)
    with pytest.raises(ValueError, match="kernel must have rank 3"):
        conv.depthwise_conv2d(x, np.ones((3, 3)))
    with pytest.raises(ValueError, match="real numbers"):
        conv.depthwise_conv2d(np.full((5, 5, 2), "a"), k)
    with pytest.raises(ValueError, match="channels mismatch"):
        conv.depthwise_conv2d(x, np.ones((3, 3, 3)))
    for bad in (0, 1.5, (1, 0), None):
        with pytest.raises(ValueError, match="stride"):
            conv.depthwise_conv2d(x, k, stride=bad)
    for bad in (-1, "causal", 1.5):
        with pytest.raises(ValueError, match="padding"):
            conv.depthwise_conv2d(x, k, padding=bad)
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv.depthwise_conv2d(np.ones((2, 2, 2)), k)
    with pytest.raises(ValueError, match="bias must have shape"):
        conv.depthwise_conv2d(x, np.ones((3, 3, 2, 2)), bias=np.ones(2))  # C·M = 4 biases
    for fn, args, name in [
        (conv.depthwise_params, (0, 8), "kernel size"),
        (conv.depthwise_params, (3, -1), "c_in"),
        (conv.depthwise_params, (3, 8, 0), "depth_multiplier"),
        (conv.depthwise_macs, (1.5, 4, 3, 8), "h_out"),
        (conv.depthwise_macs, (4, 4, 3, 8, True), "depth_multiplier"),
        (conv.separable_params, (3, 8, 0), "c_out"),
        (conv.separable_params, ((3,), 8, 4), "kernel size"),
        (conv.separable_params, (3, 8, 4, 2.0), "depth_multiplier"),
        (conv.separable_macs, (4, 0, 3, 8, 4), "w_out"),
        (conv.separable_macs, (4, 4, 3, "8", 4), "c_in"),
    ]:
        with pytest.raises(ValueError, match=name):
            fn(*args)


@pytest.mark.parametrize("block_bytes", [1, 300, 5_000, 2 << 20])
def test_conv2d_in_blocks_gives_the_same_numbers(monkeypatch, block_bytes):
    """conv2d builds the im2col matrix a block at a time (whole images, or rows of one image's output
    when an image is too large for a block): every block size gives the loop's numbers exactly."""
    monkeypatch.setattr(conv, "_BLOCK_BYTES", block_bytes)
    rng = np.random.default_rng(12)
    for seed in range(12):
        x = rng.integers(-9, 10, size=(int(rng.integers(1, 5)), 11, 10, 2))
        k = rng.integers(-3, 4, size=(3, 2, 2, 3))
        stride, padding = [(1, 0), (2, "same"), ((3, 1), 1), ((2, 3), "full")][seed % 4]
        expected = conv.conv2d_loop(x, k, stride=stride, padding=padding)
        assert np.array_equal(conv.conv2d(x, k, stride=stride, padding=padding), expected), seed


def test_receptive_fields_count_the_dilation():
    from utils import inspection

    keras.backend.clear_session()
    model = keras.Sequential(
        [keras.Input(shape=(20, 20, 1))]
        + [
            keras.layers.Conv2D(1, 3, dilation_rate=d, padding="same", name=f"c{d}")
            for d in (1, 2, 4)
        ],
        name="dilated",
    )
    table = [row["receptive_field"] for row in inspection.receptive_field_table(model)]
    impulse = inspection.receptive_field_by_impulse(model, position=(10, 10))
    assert table == [row["height"] for row in impulse] == [3, 7, 15]
    assert impulse[-1]["pixels"] == 15 * 15  # 1, 2, 4 leaves no holes
