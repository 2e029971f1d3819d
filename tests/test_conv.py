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
        fn(np.ones((5, 5)), k, padding="full")
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
        conv.output_size(7, 3, 1, "full")
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
