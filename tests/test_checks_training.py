"""The checkers of chapters 7–8 accept the right answer (in the forms a learner may give it) and reject
plausible wrong ones with a hint that names the mistake. tests/catalogue/training.py holds many more
wrong answers; here are the right ones, and the wrong ones that need a real Keras model."""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")

from utils import checks, models, training  # noqa: E402
from utils.checks import Hint  # noqa: E402
from utils.checks import training as ct  # noqa: E402


def test_split_sizes():
    ct.check_split_sizes(750, 251, 1001, 0.25)
    ct.check_split_sizes(np.int64(750), 251.0, 1001, 0.25)  # NumPy ints and whole floats are fine
    ct.check_split_sizes(1500, 500, 2000, 0.25)
    with pytest.raises(Hint, match="rounded up"):
        ct.check_split_sizes(751, 250, 1001, 0.25)  # rounding to nearest
    with pytest.raises(Hint, match="wrong side"):
        ct.check_split_sizes(751, 250, 1001, 0.25)  # n_val = int(n * v), n_train = n - n_val
    with pytest.raises(Hint, match="exactly one side"):
        ct.check_split_sizes(750, 250, 1001, 0.25)
    with pytest.raises(checks.NotAnswered):
        ct.check_split_sizes(..., 251, 1001, 0.25)


def test_dropout_scale():
    ct.check_dropout_scale(1 / 0.75, 1.0, 0.25)
    ct.check_dropout_scale(3.75, 3, 0.2, value=3.0)
    ct.check_dropout_scale(np.float32(3.75), keras.ops.convert_to_tensor(3.0), 0.2, value=3.0)
    with pytest.raises(Hint, match="chance of being kept"):
        ct.check_dropout_scale(0.75, 1.0, 0.25)
    with pytest.raises(Hint, match="Srivastava"):
        ct.check_dropout_scale(1.0, 0.75, 0.25)
    with pytest.raises(checks.NotAnswered):
        ct.check_dropout_scale(1.25, ..., 0.2)


def _callback(strict: bool = False, key: str | None = None):
    class Cb(keras.callbacks.Callback):
        def __init__(self, threshold, monitor="accuracy"):
            super().__init__()
            self.threshold, self.monitor, self.stopped_epoch = threshold, monitor, None

        def on_epoch_end(self, epoch, logs=None):
            v = logs[key or self.monitor]
            if (v > self.threshold) if strict else (v >= self.threshold):
                self.stopped_epoch = epoch + 1
                self.model.stop_training = True

    return Cb


def test_stop_callback():
    ct.check_stop_callback(_callback())

    class Renamed(
        _callback()
    ):  # the question names the argument: StopAtThreshold(t, monitor="...")
        def __init__(self, limit, metric="accuracy"):
            super().__init__(limit, metric)

    with pytest.raises(Hint, match="monitor='accuracy'"):
        ct.check_stop_callback(Renamed)
    with pytest.raises(Hint, match="not >"):
        ct.check_stop_callback(_callback(strict=True))  # > instead of >=
    with pytest.raises(Hint, match="should stop after epoch 3"):
        ct.check_stop_callback(_callback(key="val_accuracy"))  # always watches val_accuracy
    with pytest.raises(Hint, match="logs\\[self.monitor\\]"):
        ct.check_stop_callback(_callback(key="accuracy"))  # ignores monitor
    with pytest.raises(Hint, match="inherit from keras.callbacks.Callback"):
        ct.check_stop_callback(object)
    with pytest.raises(Hint, match="yourself"):
        ct.check_stop_callback(training.StopAtAccuracy)

    class ValDefault(_callback()):
        def __init__(self, threshold, monitor="val_accuracy"):
            super().__init__(threshold, monitor)

    with pytest.raises(Hint, match="default 'val_accuracy'"):
        ct.check_stop_callback(ValDefault)

    class MonitorFirst(_callback()):
        def __init__(self, monitor="accuracy", threshold=0.95):
            super().__init__(threshold, monitor)

    with pytest.raises(Hint, match="threshold comes first"):
        ct.check_stop_callback(MonitorFirst)


def test_early_stopping():
    losses = [0.9, 0.7, 0.8, 0.75, 0.72, 0.6]
    ct.check_early_stopping(5, 2, losses, patience=3)
    ct.check_early_stopping(np.int64(5), 2.0, losses, patience=3)
    with pytest.raises(Hint, match="count epochs from 1"):
        ct.check_early_stopping(5, 1, losses, patience=3)  # 0-based best epoch
    with pytest.raises(Hint, match="one short"):
        ct.check_early_stopping(4, 2, losses, patience=3)  # 0-based stop epoch
    long = [0.90, 0.72, 0.75, 0.60, 0.55, 0.57, 0.52, 0.58, 0.56, 0.57, 0.59, 0.50]
    ct.check_early_stopping(9, 7, long, patience=2)
    with pytest.raises(Hint, match="lowest"):
        ct.check_early_stopping(11, 7, long, patience=2)
    with pytest.raises(Hint, match="is a val_loss"):
        ct.check_early_stopping(9, 0.52, long, patience=2)  # the loss, not its epoch
    with pytest.raises(Hint, match="stopped before it ran"):
        ct.check_early_stopping(12, 12, long, patience=2)  # epoch 12 is the lowest, but never ran


def _cifar(dropout_after_flatten: bool = False, functional: bool = False, rates=(0.25, 0.5)):
    L = keras.layers
    first, second = rates
    stack = [L.Conv2D(32, (3, 3), activation="relu"), L.MaxPool2D()]
    stack += (
        [L.Flatten(), L.Dropout(first)]
        if dropout_after_flatten
        else [L.Dropout(first), L.Flatten()]
    )
    stack += [L.Dense(128, activation="relu"), L.Dropout(second), L.Dense(10, activation="softmax")]
    if functional:
        x = inputs = keras.Input(shape=(32, 32, 3))
        for layer in stack:
            x = layer(x)
        model = keras.Model(inputs, x)
    else:
        model = keras.Sequential([keras.Input(shape=(32, 32, 3)), *stack])
    model.compile(
        optimizer=keras.optimizers.Adam(),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[keras.metrics.SparseCategoricalAccuracy()],
    )
    return model


def _compiled(model):
    """A builder's model compiled as the exercise asks (the builders in utils.models do not compile)."""
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def test_dropout_model():
    keras.backend.clear_session()
    ct.check_dropout_model(_compiled(models.small_convnet(0.3, name="mine")), 0.3)
    ct.check_dropout_model(
        _compiled(models.small_convnet(0.3, input_shape=(32, 32, 3))), 0.3, input_shape=(32, 32, 3)
    )
    # The same function, written differently: Dropout after Flatten, the functional API, loss objects.
    cifar = dict(rate=(0.25, 0.5), input_shape=(32, 32, 3))
    ct.check_dropout_model(_cifar(dropout_after_flatten=True), **cifar)
    ct.check_dropout_model(_cifar(functional=True), **cifar)
    ct.check_dropout_model(_cifar(rates=(0.3, 0.3)), 0.3, input_shape=(32, 32, 3))
    with pytest.raises(Hint, match="swapped"):
        ct.check_dropout_model(_cifar(rates=(0.5, 0.25)), **cifar)
    with pytest.raises(Hint, match="small_convnet"):  # the builder has one rate for both places
        ct.check_dropout_model(
            _compiled(models.small_convnet(0.25, input_shape=(32, 32, 3))), **cifar
        )
    double_softmax = _cifar()
    double_softmax.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    with pytest.raises(Hint, match="softmax twice"):
        ct.check_dropout_model(double_softmax, **cifar)
    with pytest.raises(Hint, match="has rate 0.5; the question asks 0.3"):
        ct.check_dropout_model(_compiled(models.small_convnet(0.5)), 0.3)
    with pytest.raises(Hint, match="no Dropout layer"):
        ct.check_dropout_model(_compiled(models.small_convnet(0.0)), 0.3)
    with pytest.raises(Hint, match="Fashion-MNIST"):
        ct.check_dropout_model(_compiled(models.small_convnet(0.3)), 0.3, input_shape=(32, 32, 3))
    one_dropout = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(32, 3, activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    one_dropout.compile(
        optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    with pytest.raises(Hint, match="exactly one Dropout"):
        ct.check_dropout_model(one_dropout, 0.3)


def test_inference_gap_with_a_real_model():
    """The checker measures with model.evaluate, the chapter's way, and leaves the model as it was."""
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    model = _compiled(models.small_convnet(0.5))
    rng = np.random.default_rng(0)
    x = rng.random((80, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, 80)
    history = model.fit(x, y, epochs=2, batch_size=64, validation_split=0.25, verbose=0)
    tr, va = training.validation_split_indices(len(x), 0.25)
    train_acc = model.evaluate(x[tr], y[tr], verbose=0)[1]
    val_acc = model.evaluate(x[va], y[va], verbose=0)[1]
    gap = train_acc - val_acc
    args = (model, x, y, history)
    ct.check_inference_gap(train_acc, val_acc, gap, *args, validation_split=0.25)
    ct.check_inference_gap(
        np.float32(train_acc), val_acc, np.float32(gap), model, x, y, history.history
    )
    with pytest.raises(Hint, match="sign"):
        ct.check_inference_gap(train_acc, val_acc, -gap if gap else 0.5, *args)
    with pytest.raises(Hint, match=r"\[loss, accuracy\]"):
        ct.check_inference_gap(model.evaluate(x[tr], y[tr], verbose=0), val_acc, gap, *args)
    # A wrong accuracy is compared with the model's accuracy with dropout on, measured on a few
    # draws; the draws must leave the dropout seeds (and any batch-norm statistics) as they were.
    state = [np.asarray(v).copy() for v in model.non_trainable_variables]
    mean, spread = ct._dropout_on(model, x[tr], y[tr])
    assert 0 <= mean <= 1 and spread >= 0
    after = [np.asarray(v) for v in model.non_trainable_variables]
    assert all(np.array_equal(a, b) for a, b in zip(state, after))


def test_one_by_one_params_and_shape():
    ct.check_one_by_one_params(12352, 192, 64)
    ct.check_one_by_one_params(12352, 192, 64, height=28, width=28)
    with pytest.raises(Hint, match="left out the biases"):
        ct.check_one_by_one_params(12288, 192, 64)
    with pytest.raises(Hint, match="does not depend on the map"):
        ct.check_one_by_one_params(12352 * 28 * 28, 192, 64, height=28, width=28)
    ct.check_one_by_one_shape((7, 7, 32), (7, 7, 256), 32)
    ct.check_one_by_one_shape([8, 8, 256], (15, 15, 128), 256, strides=2)
    ct.check_one_by_one_shape(np.array([8, 8, 256]), (15, 15, 128), 256, strides=2)
    with pytest.raises(Hint, match="one channel per filter"):
        ct.check_one_by_one_shape((7, 7, 256), (7, 7, 256), 32)
    with pytest.raises(Hint):
        ct.check_one_by_one_shape((5, 5, 32), (7, 7, 256), 32)
    with pytest.raises(Hint, match="batch axis"):
        ct.check_one_by_one_shape((None, 8, 8, 256), (15, 15, 128), 256, strides=2)
    with pytest.raises(Hint, match="not a number of positions"):
        ct.check_one_by_one_shape((7.5, 7.5, 256), (15, 15, 128), 256, strides=2)


def test_merged_one_by_one():
    def merge(kernel1, bias1, kernel2, bias2):
        W1, W2 = kernel1[0, 0], kernel2[0, 0]
        return (W1 @ W2)[None, None], bias1 @ W2 + bias2

    ct.check_merged_one_by_one(merge)
    ct.check_merged_one_by_one(lambda k1, b1, k2, b2: (k1 @ k2, b1 @ k2[0, 0] + b2))  # 4-D matmul
    ct.check_merged_one_by_one(  # a list, float32, einsum: all fine
        lambda k1, b1, k2, b2: [
            np.einsum("abck,abkm->abcm", k1, k2).astype("float32"),
            np.einsum("k,km->m", b1, k2[0, 0]) + b2,
        ]
    )
    with pytest.raises(Hint, match="bias1 is missing"):
        ct.check_merged_one_by_one(lambda k1, b1, k2, b2: (k1 @ k2, b2))
    with pytest.raises(Hint, match="W1 first, then W2"):
        ct.check_merged_one_by_one(lambda k1, b1, k2, b2: (k2 @ k1, b1 @ k2[0, 0] + b2))
    with pytest.raises(Hint, match=r"\(1, 1, C, K2\)"):
        ct.check_merged_one_by_one(lambda k1, b1, k2, b2: (k1[0, 0] @ k2[0, 0], b1 @ k2[0, 0] + b2))
    with pytest.raises(Hint, match="no activation"):
        ct.check_merged_one_by_one(
            lambda k1, b1, k2, b2: (np.maximum(k1 @ k2, 0), b1 @ k2[0, 0] + b2)
        )
    with pytest.raises(Hint, match="entry by entry"):  # * on the two kernels: a broadcast error
        ct.check_merged_one_by_one(lambda k1, b1, k2, b2: (k1 * k2, b1 @ k2[0, 0] + b2))
    with pytest.raises(Hint, match=r"bias1 @ W2, not \*"):
        ct.check_merged_one_by_one(lambda k1, b1, k2, b2: (k1 @ k2, b1 * k2[0, 0] + b2))
    with pytest.raises(Hint, match="flat vector"):
        ct.check_merged_one_by_one(lambda k1, b1, k2, b2: (k1 @ k2, (b1 @ k2[0, 0] + b2)[None]))

    def fitted(kernel1, bias1, kernel2, bias2):
        x = np.random.default_rng(0).normal(size=(100, kernel1.shape[2]))
        y = (x @ kernel1[0, 0] + bias1) @ kernel2[0, 0] + bias2
        coef = np.linalg.lstsq(np.hstack([x, np.ones((100, 1))]), y, rcond=None)[0]
        return coef[:-1][None, None], coef[-1]

    with pytest.raises(Hint, match="lstsq"):
        ct.check_merged_one_by_one(fitted)


def test_bottleneck_ratio():
    rows = training.bottleneck_costs(14, 14, 256, 128)
    flops, params = rows[0]["flops"] / rows[-1]["flops"], rows[0]["params"] / rows[-1]["params"]
    ct.check_bottleneck_ratio(flops, params, 14, 14, 256, 128)
    ct.check_bottleneck_ratio(round(flops, 3), round(params, 3), 14, 14, 256, 128)  # within 0.1 %
    with pytest.raises(Hint, match="middle 3×3 layer only"):
        ct.check_bottleneck_ratio(rows[0]["flops"] / rows[2]["flops"], params, 14, 14, 256, 128)
    with pytest.raises(Hint, match="upside down"):
        ct.check_bottleneck_ratio(rows[-1]["flops"] / rows[0]["flops"], params, 14, 14, 256, 128)
    with pytest.raises(Hint, match="swapped"):
        ct.check_bottleneck_ratio(params, flops, 14, 14, 256, 128)
    with pytest.raises(Hint, match="you used //"):
        ct.check_bottleneck_ratio(rows[0]["flops"] // rows[-1]["flops"], params, 14, 14, 256, 128)
    with pytest.raises(Hint, match="copied flop_ratio"):
        ct.check_bottleneck_ratio(flops, flops, 14, 14, 256, 128)
    rows = training.bottleneck_costs(28, 28, 256, 64)  # the chapter's numbers
    ct.check_bottleneck_ratio(
        rows[0]["flops"] / rows[-1]["flops"],
        rows[0]["params"] / rows[-1]["params"],
        28,
        28,
        256,
        64,
    )


def test_head_params():
    ct.check_head_params(16010, 650)
    ct.check_head_params(627300, 12900, map_shape=(7, 7, 128), classes=100)
    with pytest.raises(Hint, match="Flatten"):
        ct.check_head_params(16000, 650)
    with pytest.raises(Hint, match="GAP"):
        ct.check_head_params(16010, 640)
    with pytest.raises(Hint, match="2 things"):
        ct.check_head_params(16000, 640)


# ============================================================================= issue 12 (chapter 8):
# the Inception 3x3 branch's multiplications and a depthwise-separable layer's costs.
from utils import conv  # noqa: E402
from utils.checks import UNFORESEEN  # noqa: E402

ODD_ANSWERS = [
    "text",
    True,
    np.bool_(False),
    -1,
    0,
    3.5,
    float("nan"),
    float("inf"),
    [],
    [[1, 2], [3]],
    {"a": 1},
    object(),
    np.array([[True, False]]),
    np.zeros((2, 2, 2)),
    np.array(["a", "b"]),
    (None, None),
    lambda *a: 0,
    np.float32(2.0),
    np.array(7),
    [7],
    1 + 2j,
]


def test_inception_mults(capsys):
    direct = conv.conv_macs(28, 28, 3, 192, 128)
    neck = conv.conv_macs(28, 28, 1, 192, 96) + conv.conv_macs(28, 28, 3, 96, 128)
    assert (direct, neck) == (28 * 28 * 9 * 192 * 128, 28 * 28 * (192 * 96 + 9 * 96 * 128))
    for answer in ((direct, neck), (float(direct), np.int64(neck)), (np.array(direct), neck)):
        ct.check_inception_mults(*answer)
        assert "✔" in capsys.readouterr().out
    # the chapter's own numbers, Ng's 5x5 branch, with its arguments
    ct.check_inception_mults(120_422_400, 12_443_648, reduce=16, f=5, filters=32)
    with pytest.raises(Hint, match="FLOP count"):
        ct.check_inception_mults(2 * direct, neck)
    with pytest.raises(Hint, match="3×3 layer only"):
        ct.check_inception_mults(direct, conv.conv_macs(28, 28, 3, 96, 128))
    with pytest.raises(Hint, match="5×5 branch"):
        ct.check_inception_mults(120_422_400, 12_443_648)
    with pytest.raises(Hint, match="swapped"):
        ct.check_inception_mults(neck, direct)
    with pytest.raises(Hint, match="looks rounded"):  # Ng-style "173 million"
        ct.check_inception_mults(173_000_000, neck)


def test_separable_costs(capsys):
    params = conv.separable_params(3, 512, 512)
    ratio = conv.conv_macs(14, 14, 3, 512, 512) / conv.separable_macs(14, 14, 3, 512, 512)
    assert params == 3 * 3 * 512 + 512 * 512 + 512 and np.isclose(ratio, 1 / (1 / 512 + 1 / 9))
    for answer in ((params, ratio), (float(params), round(ratio, 4)), (np.int64(params), ratio)):
        ct.check_separable_costs(*answer)
        assert "✔" in capsys.readouterr().out
    ct.check_separable_costs(68_096, 462_422_016 / 53_186_560, (28, 28, 256), 256, 3)  # chapter 8
    with pytest.raises(Hint, match="two biases"):
        ct.check_separable_costs(params + 512, ratio)
    with pytest.raises(Hint, match="upside down"):
        ct.check_separable_costs(params, 1 / ratio)
    with pytest.raises(Hint, match="PARAMETERS"):  # 8.830 against 8.845: 0.17 % apart
        ct.check_separable_costs(params, conv.conv_params(3, 512, 512) / params)
    with pytest.raises(Hint, match="2 things"):
        ct.check_separable_costs(params - 512, 8)
    with pytest.raises(Hint, match="C_out is very large"):  # F² = 9, the large-C_out limit
        ct.check_separable_costs(params, 9)


@pytest.mark.parametrize("name", ["check_inception_mults", "check_separable_costs"])
def test_no_answer_crashes_an_issue12_checker(name):
    """Each of the two answers of each checker gets every odd answer in turn: a hint, never a crash
    and never the fallback message."""
    fn = getattr(ct, name)
    right = {
        "check_inception_mults": (173_408_256, 101_154_816),
        "check_separable_costs": (267_264, 8.8445),
    }[name]
    for odd in ODD_ANSWERS:
        for answer in ((odd, right[1]), (right[0], odd)):
            try:
                fn(*answer)
            except Hint as e:
                assert UNFORESEEN not in str(e), f"{name}{answer!r}: {e}"
            except Exception as e:  # noqa: BLE001
                pytest.fail(f"{name}{answer!r} crashed: {type(e).__name__}: {e}")


def _paper_dropout(x, rate, rng, training=True):
    # the paper's rule; keras.layers.Dropout (and tf.nn.dropout) scale during training instead
    """Srivastava et al.'s dropout; unlike keras.layers.Dropout it scales at inference."""
    if not training:
        return x * (1 - rate)
    return x * (rng.random(x.shape) >= rate)


_course = training  # the function below has a parameter named training


def _paper_dropout_from_the_course(x, rate, rng, training=True):
    # the course's inverted dropout, times the keep probability (in both modes)
    return _course.inverted_dropout(x, rate, rng, training=training) * (1 - rate)


def test_paper_dropout_passes_with_keras_named_in_comments_and_strings(capsys):
    ct.check_paper_dropout(_paper_dropout)
    ct.check_paper_dropout(_paper_dropout_from_the_course)
    assert capsys.readouterr().out.count("✔") == 2
    assert not ct._uses_keras(_paper_dropout)  # Keras only in a comment and the docstring


def test_paper_dropout_rejects_keras_and_the_chapter_copy():
    def with_keras(x, rate, rng, training=True):
        return np.asarray(keras.layers.Dropout(rate)(x, training=training)) * (1 - rate)

    def imported(x, rate, rng, training=True):
        from keras import layers

        return np.asarray(layers.Dropout(rate)(x, training=training)) * (1 - rate)

    for fn in (with_keras, imported):
        with pytest.raises(Hint, match="uses Keras's Dropout"):
            ct.check_paper_dropout(fn)

    def chapter_copy(x, rate, rng, training=True):
        if not training:
            return x
        return x * (rng.random(x.shape) >= rate) * (1.0 / (1.0 - rate))

    with pytest.raises(Hint, match="inverted dropout, the chapter's function"):
        ct.check_paper_dropout(chapter_copy)
    with pytest.raises(checks.NotAnswered):
        ct.check_paper_dropout(None)


def test_dropout_noise(capsys):
    ct.check_dropout_noise(6.0, 8.0 * np.sqrt(0.25 * 0.75), rate=0.25, value=6.0)
    ct.check_dropout_noise(np.float32(6.0), np.sqrt(12.0), rate=0.25, value=6.0)
    ct.check_dropout_noise(3.0, 3.75 * 0.4, rate=0.2, value=3.0)  # another rate and input
    assert capsys.readouterr().out.count("✔") == 3
    with pytest.raises(Hint, match="same output"):
        ct.check_dropout_noise(6.0, 0.0, rate=0.25, value=6.0)  # "dropout does nothing"
    with pytest.raises(Hint, match="variance"):
        ct.check_dropout_noise(6.0, 12.0, rate=0.25, value=6.0)


# ----------------------------------------------------------------------------- 7.9 the L2 penalty
def _l2_penalty(model, lam):
    return lam * sum(
        float(np.sum(np.square(np.asarray(layer.kernel, dtype="float64"))))
        for layer in model.layers
        if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense))
    )


def test_l2_penalty_passes_the_right_function(capsys):
    ct.check_l2_penalty(_l2_penalty)
    assert "correct" in capsys.readouterr().out


def test_l2_penalty_truth_is_keras_model_losses():
    """The checker's expected value is Keras's own penalty; the models it hands out have none, and their
    biases are non-zero (so that counting them is caught)."""
    for model, lam, want, weights in ct._l2_test_models():
        assert want > 0 and not model.losses
        assert np.isclose(_l2_penalty(model, lam), want, rtol=1e-5)
        assert all(np.abs(w).min() > 0 for w in weights if w.ndim == 1)
