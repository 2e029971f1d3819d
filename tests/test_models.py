"""Tests of utils.models: the course's Keras models, the tf.data pipeline, and the tools to look inside."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import utils

utils.setup()
import keras  # noqa: E402

from utils import conv, data, inspection, metrics, models  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh():
    keras.backend.clear_session()


@pytest.mark.parametrize(
    "builder, flatten, total",
    [
        (models.mnist_convnet, 3 * 3 * 64, 93322),
        (models.fashion_convnet, 5 * 5 * 64, 243786),
        (models.same_padding_convnet, 7 * 7 * 128, 896906),
        (lambda: models.same_padding_convnet(batch_norm=True, dropout=0.3), 7 * 7 * 128, 897578),
        (models.dense_baseline, 28 * 28, 407050),
        (models.binary_classifier, 13 * 13 * 16, None),
    ],
)
def test_every_layer_matches_the_parameter_formula(builder, flatten, total):
    model = builder()
    rows = inspection.param_table(model)
    for r in rows:
        assert r["formula_params"] == r["keras_params"], r
    assert sum(r["keras_params"] for r in rows) == model.count_params()
    flat = [r for r in rows if r["kind"] == "Flatten"]
    assert flat[0]["output_shape"] == (None, flatten)
    if total is not None:
        assert model.count_params() == total


def test_shape_walks_follow_output_size():
    m = models.fashion_convnet()
    sizes = [layer.output.shape[1] for layer in m.layers if len(layer.output.shape) == 4]
    n, walk = 28, []
    for step in ("conv", "pool", "conv", "pool"):
        n = conv.output_size(n, 3) if step == "conv" else conv.output_size(n, 2, stride=2)
        walk.append(n)
    assert sizes == walk == [26, 13, 11, 5]
    same = models.same_padding_convnet()
    assert [layer.output.shape[1] for layer in same.layers if len(layer.output.shape) == 4] == [
        28,
        14,
        14,
        7,
        7,
    ]
    assert models.mnist_convnet(classifier=False).output_shape == (None, 3, 3, 64)
    assert models.binary_classifier().output_shape == (None, 1)
    assert models.binary_classifier().layers[-1].get_config()["activation"] == "sigmoid"


def test_summaries_are_stable_with_names():
    a = models.mnist_convnet()
    keras.backend.clear_session()
    b = models.mnist_convnet()
    assert [layer.name for layer in a.layers] == [layer.name for layer in b.layers]


@pytest.mark.parametrize(
    "call",
    [
        lambda: models.mnist_convnet(input_shape=(28, 28)),
        lambda: models.mnist_convnet(input_shape=(28, 0, 1)),
        lambda: models.mnist_convnet(num_classes=1),
        lambda: models.dense_baseline(hidden=0),
        lambda: models.fashion_convnet(num_classes=2.5),
        lambda: models.same_padding_convnet(dropout=1.0),
        lambda: models.same_padding_convnet(dropout=-0.1),
    ],
)
def test_builders_reject_bad_arguments(call):
    with pytest.raises(ValueError):
        call()


def test_same_padding_additions_change_only_what_they_say():
    plain = models.same_padding_convnet()
    better = models.same_padding_convnet(batch_norm=True, dropout=0.3)
    assert plain.name == "same_padding_convnet" and better.name == "same_padding_bn_dropout"
    assert [layer.name for layer in better.layers] == [
        "conv1",
        "bn1",
        "relu1",
        "pool1",
        "conv2",
        "bn2",
        "relu2",
        "pool2",
        "conv3",
        "bn3",
        "relu3",
        "flatten",
        "dropout1",
        "dense",
        "dropout2",
        "output",
    ]
    # Without conv biases (32 + 64 + 128 = 224 fewer) and with 4 numbers per BN channel (896 more),
    # of which the moving mean and variance (448) are not trained.
    assert better.count_params() - plain.count_params() == 4 * 224 - 224
    assert sum(int(np.prod(w.shape)) for w in better.non_trainable_weights) == 2 * 224
    x = np.random.default_rng(0).random((4, 28, 28, 1), dtype=np.float32)
    # Dropout is active only in training: inference is deterministic.
    np.testing.assert_array_equal(better(x, training=False), better(x, training=False))
    assert not np.allclose(better(x, training=True), better(x, training=False))


def test_load_pretrained_checks_the_file_and_the_model_is_good():
    from utils import data

    record = models.pretrained_record()
    assert record["weights_sha256"] == models.PRETRAINED["fashion_same_bn_dropout"]["sha256"]
    model = models.load_pretrained()
    assert model.name == "same_padding_bn_dropout" and model.count_params() == 897578
    _, (x, y) = data.load_fashion_mnist()
    x, y = data.to_nhwc_float(x[:2000]), y[:2000]
    acc = float((model.predict(x, batch_size=500, verbose=0).argmax(axis=1) == y).mean())
    assert acc >= 0.92, acc  # a model with random weights gets about 0.1
    assert record["test_accuracy"] >= 0.925


def test_load_pretrained_rejects_missing_unknown_and_corrupt_files(tmp_path):
    with pytest.raises(ValueError, match="no pretrained model named 'mnist'"):
        models.load_pretrained("mnist")
    with pytest.raises(FileNotFoundError, match="weights file .* is missing"):
        models.load_pretrained(directory=tmp_path)
    with pytest.raises(FileNotFoundError, match="training record .* is missing"):
        models.pretrained_record(directory=tmp_path)
    entry = models.PRETRAINED["fashion_same_bn_dropout"]
    good = (models.WEIGHTS_DIR / entry["weights"]).read_bytes()
    bad = bytearray(good)
    bad[len(bad) // 2] ^= 0xFF
    (tmp_path / entry["weights"]).write_bytes(bytes(bad))
    with pytest.raises(ValueError, match="corrupt or not the one the course ships: SHA-256"):
        models.load_pretrained(directory=tmp_path)
    (tmp_path / entry["weights"]).write_bytes(good[: len(good) // 2])
    with pytest.raises(ValueError, match="SHA-256"):
        models.load_pretrained(directory=tmp_path)
    (tmp_path / entry["record"]).write_text("{not json")
    with pytest.raises(ValueError, match="is corrupt"):
        models.pretrained_record(directory=tmp_path)


def test_make_dataset_normalises_batches_and_keeps_every_example():
    x = np.arange(300 * 4 * 4, dtype=np.int64).reshape(300, 4, 4) % 256
    x = x.astype(np.uint8)
    y = np.arange(300)
    ds = data.make_dataset(x, y, batch_size=64, shuffle=True, seed=1)
    assert int(ds.cardinality()) == 5
    xs, ys = zip(*[(a.numpy(), b.numpy()) for a, b in ds])
    assert (
        xs[0].shape == (64, 4, 4, 1)
        and xs[0].dtype == np.float32
        and xs[-1].shape[0] == 300 - 4 * 64
    )
    ys = np.concatenate(ys)
    assert sorted(ys.tolist()) == list(range(300)) and not np.array_equal(ys, np.arange(300))
    xs = np.concatenate(xs)
    np.testing.assert_allclose(xs[..., 0], x[ys] / 255.0, rtol=1e-6)


def test_make_dataset_without_shuffle_keeps_order_and_float_input():
    x = np.random.default_rng(0).random((10, 5, 5, 1)).astype(np.float32)
    ds = data.make_dataset(x, np.arange(10), batch_size=4)
    got = np.concatenate([a.numpy() for a, _ in ds])
    np.testing.assert_array_equal(got, x)


@pytest.mark.parametrize(
    "x, y, kw",
    [
        (np.zeros((10, 4, 4), np.uint8), np.zeros(9), {}),
        (np.zeros((10, 4), np.uint8), np.zeros(10), {}),
        (np.zeros((10, 4, 4), np.uint8), np.zeros(10), {"batch_size": 0}),
        (np.zeros((10, 4, 4), np.float32), np.zeros(10), {}),
    ],
)
def test_make_dataset_rejects_bad_input(x, y, kw):
    with pytest.raises(ValueError):
        data.make_dataset(x, y, **kw)


@pytest.mark.parametrize("builder", [models.mnist_convnet, models.fashion_convnet])
def test_receptive_field_formula_matches_impulse_experiment(builder):
    model = builder()
    table = inspection.receptive_field_table(model)
    measured = inspection.receptive_field_by_impulse(model)
    assert (
        [t["receptive_field"] for t in table]
        == [m["height"] for m in measured]
        == [m["width"] for m in measured]
    )


def test_receptive_field_values_and_same_padding_centre():
    assert [
        t["receptive_field"] for t in inspection.receptive_field_table(models.mnist_convnet())
    ] == [
        3,
        4,
        8,
        10,
        18,
    ]
    same = models.same_padding_convnet()
    table = inspection.receptive_field_table(same)
    centre = inspection.receptive_field_by_impulse(same, position=(3, 3))
    assert table[-1]["receptive_field"] == centre[-1]["height"] == centre[-1]["width"] == 18
    with pytest.raises(ValueError):
        inspection.receptive_field_by_impulse(models.mnist_convnet(), position=(5, 5))


def test_layer_outputs_shapes_and_values():
    model = models.mnist_convnet()
    x = np.random.default_rng(0).random((2, 28, 28, 1)).astype(np.float32)
    outs = inspection.layer_outputs(model, x)
    assert [name for name, _ in outs] == ["conv1", "pool1", "conv2", "pool2", "conv3"]
    assert outs[0][1].shape == (2, 26, 26, 32) and outs[-1][1].shape == (2, 3, 3, 64)
    k, b = model.get_layer("conv1").get_weights()
    np.testing.assert_allclose(outs[0][1], np.maximum(conv.conv2d(x, k, b), 0), atol=1e-5)
    with pytest.raises(ValueError):
        inspection.layer_outputs(model, x[0])
    with pytest.raises(ValueError):
        inspection.layer_outputs(models.dense_baseline(), x)


def test_shift_images_moves_and_fills_with_zeros():
    x = np.arange(2 * 5 * 5).reshape(2, 5, 5) + 1
    s = models.shift_images(x, 1, 2)
    np.testing.assert_array_equal(s[:, 1:, 2:], x[:, :-1, :-2])
    assert (s[:, 0, :] == 0).all() and (s[:, :, :2] == 0).all()
    np.testing.assert_array_equal(models.shift_images(s, -1, -2)[:, :-1, :-2], x[:, :-1, :-2])
    assert models.shift_images(x[..., None], 0, 0).shape == (2, 5, 5, 1)
    for bad in [(5, 0), (0, -5), (1.5, 0)]:
        with pytest.raises(ValueError):
            models.shift_images(x, *bad)


@settings(max_examples=30, deadline=None)
@given(st.integers(-3, 3), st.integers(-3, 3), st.integers(0, 2**31 - 1))
def test_shift_images_keeps_pixels_that_stay_inside(dy, dx, seed):
    x = np.random.default_rng(seed).random((1, 8, 8))
    s = models.shift_images(x, dy, dx)
    src = x[0, max(0, -dy) : 8 - max(0, dy), max(0, -dx) : 8 - max(0, dx)]
    dst = s[0, max(0, dy) : 8 - max(0, -dy), max(0, dx) : 8 - max(0, -dx)]
    np.testing.assert_array_equal(src, dst)
    assert np.isclose(s.sum(), src.sum())


def test_confusion_counts_and_per_class_accuracy():
    y_true = np.array([0, 0, 1, 1, 1, 2])
    y_pred = np.array([0, 1, 1, 1, 2, 2])
    cm = metrics.confusion_counts(y_true, y_pred, 3)
    np.testing.assert_array_equal(cm, [[1, 1, 0], [0, 2, 1], [0, 0, 1]])
    np.testing.assert_allclose(metrics.per_class_accuracy(y_true, y_pred, 3), [0.5, 2 / 3, 1.0])
    with pytest.raises(ValueError):
        metrics.confusion_counts(y_true, y_pred[:-1], 3)
    with pytest.raises(ValueError):
        metrics.confusion_counts(y_true, y_pred + 1, 3)
    with pytest.raises(ValueError):
        metrics.per_class_accuracy(y_true, y_pred, 4)  # class 3 has no examples


def test_model_plots_draw_and_reject_bad_input():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from utils import plots

    imgs = np.random.default_rng(0).random((6, 8, 8))
    y_true, y_pred = np.array([0, 1, 2, 0, 1, 2]), np.array([0, 2, 2, 1, 1, 0])
    fig = plots.show_misclassified(imgs, y_true, y_pred, ("a", "b", "c"))
    assert len([ax for ax in fig.axes if ax.images]) == 3
    with pytest.raises(ValueError):
        plots.show_misclassified(imgs, y_true, y_true, ("a", "b", "c"))  # nothing wrong to show
    ax = plots.plot_per_class_accuracy(
        [[0.5, 1.0, 0.9], [0.6, 0.9, 1.0]], ("a", "b", "c"), labels=["x", "y"]
    )
    assert ax.get_xlabel() and len(ax.patches) == 6
    with pytest.raises(ValueError):
        plots.plot_per_class_accuracy([0.5, 1.0], ("a", "b", "c"))
    fig = plots.show_filters(np.random.default_rng(1).normal(size=(3, 3, 1, 10)))
    assert len([ax for ax in fig.axes if ax.images]) == 10
    with pytest.raises(ValueError):
        plots.show_filters(np.zeros((3, 3, 2, 4)))
    outs = [("conv1", np.zeros((1, 6, 6, 4))), ("pool1", np.zeros((1, 3, 3, 4)))]
    fig = plots.show_layer_walk(imgs[0], outs, channels=(0, 3))
    assert len(fig.axes) == 2 * 3 + 2  # and one colour scale per layer
    with pytest.raises(ValueError):
        plots.show_layer_walk(imgs[0], [])
    plt.close("all")


def test_assert_same_architecture_accepts_equal_and_names_the_first_difference():
    import keras
    from keras import layers

    keras.backend.clear_session()
    page = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, (3, 3), activation="relu"),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (3, 3), activation="relu"),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (3, 3), activation="relu"),
        ]
    )
    inspection.assert_same_architecture(
        page, models.mnist_convnet(classifier=False)
    )  # names differ: still equal
    wrong_activation = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(32, (3, 3))])
    with pytest.raises(AssertionError, match="activation"):
        inspection.assert_same_architecture(
            wrong_activation, models.mnist_convnet(classifier=False)
        )
    with pytest.raises(AssertionError, match="layers on the page"):
        inspection.assert_same_architecture(page, models.mnist_convnet())
    with pytest.raises(AssertionError, match="Conv2D on the page, Flatten in the builder"):
        inspection.assert_same_architecture(models.mnist_convnet(), models.dense_baseline())
    copies = [type(layer).from_config(layer.get_config()) for layer in page.layers]
    other_input = keras.Sequential([keras.Input(shape=(32, 32, 1)), *copies])
    with pytest.raises(AssertionError, match="shape"):
        inspection.assert_same_architecture(other_input, page)
    with pytest.raises(TypeError, match="Keras model"):
        inspection.layer_configs("model")


def test_no_builder_compiles():
    """Builders build; the chapters compile on the page, where optimizer and loss are the lesson."""
    import inspect as _inspect

    from utils import models

    builders = [
        n
        for n in models.__all__
        if n not in {"load_pretrained", "pretrained_record", "shift_images"}
    ]
    assert len(builders) >= 8
    for name in builders:
        fn = getattr(models, name)
        args = ["flatten_dense"] if "head" in _inspect.signature(fn).parameters else []
        model = fn(*args)
        assert getattr(model, "optimizer", None) is None, f"utils.models.{name} compiles its model"


# ------------------------------------------------------------------ chapter 7's regularization knobs
def test_regularized_convnet_with_every_knob_off_is_the_small_convnet():
    inspection.assert_same_architecture(models.regularized_convnet(), models.small_convnet(0.0))
    inspection.assert_same_architecture(
        models.regularized_convnet(dropout=0.5), models.small_convnet(0.5)
    )
    assert models.regularized_convnet(dense=32).count_params() == (
        (9 + 1) * 32 + (13 * 13 * 32 + 1) * 32 + (32 + 1) * 10
    )


def test_regularized_convnet_l2_penalty_is_lambda_times_the_squared_kernels():
    model = models.regularized_convnet(l2=1e-3)
    x = np.zeros((1, 28, 28, 1), dtype="float32")
    model(x)
    kernels = [l.kernel.numpy() for l in model.layers if hasattr(l, "kernel")]
    assert len(kernels) == 3 and len(model.losses) == 3  # conv, dense, output; biases not
    want = 1e-3 * sum(float(np.sum(k.astype("float64") ** 2)) for k in kernels)
    assert np.isclose(float(sum(model.losses)), want, rtol=1e-5)
    assert not models.regularized_convnet().losses  # l2=0: no penalty at all


def test_regularized_convnet_augmentation_acts_only_in_training():
    keras.utils.set_random_seed(0)
    model = models.regularized_convnet(augment=True)
    assert [l.name for l in model.layers[:2]] == ["shift", "flip"]
    x = np.random.default_rng(0).random((4, 28, 28, 1)).astype("float32")
    aug = keras.Sequential(model.layers[:2])
    assert np.array_equal(np.asarray(aug(x, training=False)), x)  # identity at inference
    assert not np.array_equal(np.asarray(aug(x, training=True)), x)  # moves images in training


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"dense": 0}, "dense"),
        ({"l2": -1e-3}, "l2"),
        ({"l2": "1e-3"}, "l2"),
        ({"dropout": 1.0}, "dropout"),
        ({"augment": 1}, "augment"),
        ({"shift": 0.0}, "shift"),
    ],
)
def test_regularized_convnet_rejects_bad_knobs(kwargs, match):
    with pytest.raises(ValueError, match=match):
        models.regularized_convnet(**kwargs)
