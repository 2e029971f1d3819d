"""utils.training against what Keras really does: validation_split's rows, the stopping callbacks,
the early-stopping rule, parameter counts of the 1×1-convolution models; bad arguments raise ValueError."""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
keras = pytest.importorskip("keras")

from utils import conv, models, training  # noqa: E402


def _tiny_data(n=40, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype("int32")
    return x, y


def _tiny_model():
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input(shape=(4,)), keras.layers.Dense(2, activation="softmax")], name="tiny"
    )
    model.compile(
        optimizer=keras.optimizers.Adam(0.05),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


# ----------------------------------------------------------------------------- validation_split


@pytest.mark.parametrize(
    "n, split", [(8, 0.25), (10, 0.25), (1001, 0.25), (7, 0.5), (100, 0.1), (3, 0.4)]
)
def test_validation_split_indices_match_the_floor_rule(n, split):
    tr, va = training.validation_split_indices(n, split)
    assert len(tr) == int(np.floor(n * (1 - split)))
    assert np.array_equal(np.concatenate([tr, va]), np.arange(n))


def test_validation_split_is_the_last_rows_as_keras_uses_them():
    x, y = _tiny_data(n=37)
    model = _tiny_model()
    hist = model.fit(
        x, y, epochs=2, batch_size=8, validation_split=0.25, shuffle=True, verbose=0
    ).history
    tr, va = training.validation_split_indices(len(x), 0.25)
    loss, acc = model.evaluate(x[va], y[va], verbose=0)
    assert loss == pytest.approx(hist["val_loss"][-1], rel=1e-5)
    assert acc == pytest.approx(hist["val_accuracy"][-1], abs=1e-7)
    # A different slice of the same size gives a different loss, so the comparison above means something.
    other = model.evaluate(x[: len(va)], y[: len(va)], verbose=0)[0]
    assert other != pytest.approx(hist["val_loss"][-1], rel=1e-5)


@pytest.mark.parametrize(
    "n, split", [(1, 0.25), (10, 0.0), (10, 1.0), (10, -0.1), (10, "0.2"), (2.5, 0.2), (2, 0.6)]
)
def test_validation_split_indices_rejects_bad_arguments(n, split):
    with pytest.raises(ValueError):
        training.validation_split_indices(n, split)


# ----------------------------------------------------------------------------- gap


# ----------------------------------------------------------------------------- callbacks


def test_stop_at_accuracy_stops_a_real_fit_at_the_threshold(capsys):
    x, y = _tiny_data(n=64)
    model = _tiny_model()
    stop = training.StopAtAccuracy(0.9)
    hist = model.fit(x, y, epochs=40, batch_size=64, callbacks=[stop], verbose=0).history
    accs = hist["accuracy"]
    first = next(i for i, a in enumerate(accs) if a >= 0.9)
    assert len(accs) == first + 1 < 40
    assert stop.stopped_epoch == first + 1
    assert "stopping" in capsys.readouterr().out


def test_stop_at_accuracy_is_exclusive_of_nothing_and_reports_missing_metrics():
    class M:
        stop_training = False

    cb = training.StopAtAccuracy(0.8, verbose=False)
    m = M()
    cb.set_model(m)
    cb.on_train_begin()
    cb.on_epoch_end(0, {"accuracy": 0.79})
    assert not m.stop_training and cb.stopped_epoch is None
    cb.on_epoch_end(1, {"accuracy": 0.8})  # reaching the threshold is enough
    assert m.stop_training and cb.stopped_epoch == 2
    with pytest.raises(KeyError, match="val_accuracy"):
        training.StopAtAccuracy(0.5, monitor="val_accuracy").on_epoch_end(0, {"accuracy": 0.9})
    for bad in (0, 1.5, "0.9", True):
        with pytest.raises(ValueError):
            training.StopAtAccuracy(bad)


@pytest.mark.parametrize("monitor", ["loss", "val_loss"])
def test_stop_at_accuracy_stops_when_a_loss_falls_below_the_threshold(monitor):
    class M:
        stop_training = False

    cb = training.StopAtAccuracy(0.3, monitor=monitor, verbose=False)
    m = M()
    cb.set_model(m)
    cb.on_train_begin()
    for epoch, loss in enumerate(
        [0.9, 0.5, 0.31]
    ):  # a loss above the threshold never stops training
        cb.on_epoch_end(epoch, {monitor: loss})
        assert not m.stop_training
    cb.on_epoch_end(3, {monitor: 0.3})
    assert m.stop_training and cb.stopped_epoch == 4
    for bad in (0, -0.1, float("inf")):
        with pytest.raises(ValueError, match="positive loss|finite"):
            training.StopAtAccuracy(bad, monitor=monitor)
    assert training.StopAtAccuracy(2.5, monitor=monitor).threshold == 2.5  # losses may exceed 1


def test_stop_at_accuracy_is_a_plain_class():
    import inspect

    import keras

    assert inspect.isclass(training.StopAtAccuracy) and "StopAtAccuracy" in vars(training)
    assert issubclass(training.StopAtAccuracy, keras.callbacks.Callback)


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("patience", [0, 1, 2, 3])
def test_early_stopping_epochs_agrees_with_keras(seed, patience):
    rng = np.random.default_rng(seed)
    losses = list(np.round(1.0 + np.cumsum(rng.normal(-0.02, 0.05, size=12)), 3))

    class M:
        stop_training = False

        def __init__(self):
            self.epoch = 0

        def get_weights(self):
            return [self.epoch]

        def set_weights(self, w):
            self.restored = w[0]

    cb = keras.callbacks.EarlyStopping(
        monitor="val_loss", patience=patience, restore_best_weights=True
    )
    m = M()
    cb.set_model(m)
    cb.on_train_begin()
    run = 0
    for epoch, loss in enumerate(losses):
        m.epoch = epoch + 1
        run = epoch + 1
        cb.on_epoch_end(epoch, {"val_loss": loss})
        if m.stop_training:
            break
    cb.on_train_end()
    assert training.early_stopping_epochs(losses, patience) == (run, m.restored)


def test_early_stopping_epochs_rejects_bad_arguments():
    with pytest.raises(ValueError):
        training.early_stopping_epochs([], 2)
    with pytest.raises(ValueError):
        training.early_stopping_epochs([0.5, 0.4], -1)


# ----------------------------------------------------------------------------- models


@pytest.mark.parametrize("rate", [0.0, 0.3])
def test_small_convnet_layers_and_parameters(rate):
    keras.backend.clear_session()
    model = models.small_convnet(rate)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds.count("Dropout") == (2 if rate else 0)
    expected = (
        conv.conv_params(3, 1, 32)
        + conv.dense_params(13 * 13 * 32, 128)
        + conv.dense_params(128, 10)
    )
    assert model.count_params() == expected
    with pytest.raises(ValueError):
        models.small_convnet(1.0)
    with pytest.raises(ValueError):
        models.small_convnet(0.2, input_shape=(28, 28))


@pytest.mark.parametrize("h, w, c, mid", [(14, 14, 256, 64), (28, 28, 256, 64), (7, 9, 32, 8)])
def test_bottleneck_costs_match_keras(h, w, c, mid):
    rows = training.bottleneck_costs(h, w, c, mid)
    keras.backend.clear_session()
    direct = models.bottleneck_block(c, mid, height=h, width=w, bottleneck=False)
    neck = models.bottleneck_block(c, mid, height=h, width=w, bottleneck=True)
    assert rows[0]["params"] == direct.count_params()
    assert rows[-1]["params"] == neck.count_params() == sum(r["params"] for r in rows[1:4])
    assert rows[0]["flops"] == conv.model_flops(direct)["total"]
    assert rows[-1]["flops"] == conv.model_flops(neck)["total"]


def test_one_by_one_heads_parameter_counts():
    keras.backend.clear_session()
    base = conv.conv_params(3, 1, 32) + conv.conv_params(3, 32, 64)
    counts = {
        h: models.one_by_one_heads(h).count_params()
        for h in ("flatten_dense", "conv1x1_gap", "linear_gap")
    }
    assert counts["flatten_dense"] == base + conv.dense_params(1600, 128) + conv.dense_params(
        128, 10
    )
    assert counts["conv1x1_gap"] == base + conv.conv_params(1, 64, 128) + conv.conv_params(
        1, 128, 10
    )
    assert counts["linear_gap"] == base + conv.conv_params(1, 64, 10)
    m = models.one_by_one_heads("conv1x1_gap")
    out = m(np.zeros((2, 28, 28, 1), "float32"))
    assert out.shape == (2, 10)
    np.testing.assert_allclose(np.asarray(out).sum(axis=1), 1.0, rtol=1e-5)
    with pytest.raises(ValueError, match="head must be one of"):
        models.one_by_one_heads("dense")


def test_median_time_is_the_median_and_validates():
    calls = []
    training.median_time(lambda: calls.append(1), repeat=5, warmup=2)
    assert len(calls) == 7
    # a fake clock: the five timed runs take 5, 1, 2, 3 and 100 s; the median is 3 s, the mean would be 22.2
    durations = iter([5, 1, 2, 3, 100])
    clock = {"now": 0.0}

    def run():
        clock["now"] += next(durations)

    import time as _time

    real = _time.perf_counter
    _time.perf_counter = lambda: clock["now"]
    try:
        assert training.median_time(run, repeat=5, warmup=0) == 3.0
    finally:
        _time.perf_counter = real
    with pytest.raises(ValueError):
        training.median_time(3)
    with pytest.raises(ValueError):
        training.median_time(lambda: None, repeat=0)


def test_training_plots_draw_and_validate():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from utils import plots

    res = [
        {"rate": 0.0, "train_acc": 0.99, "val_acc": 0.8, "gap": 0.19},
        {"rate": 0.5, "train_acc": 0.85, "val_acc": 0.86, "gap": -0.01},
    ]
    fig = plots.plot_dropout_sweep(res, title="t")
    assert len(fig.axes) == 2 and len(fig.axes[1].patches) == 2
    with pytest.raises(ValueError):
        plots.plot_dropout_sweep([])
    with pytest.raises(ValueError):
        plots.plot_dropout_sweep([{"rate": 0.1}])
    with_sd = [dict(r, train_sd=0.01, val_sd=0.02, gap_sd=0.03) for r in res]
    fig = plots.plot_dropout_sweep(with_sd)
    assert len(fig.axes[0].containers) == 2  # two error-bar series
    ax = plots.plot_history(
        {"a": {"val_loss": [0.5, 0.4]}, "b": {"val_loss": [0.6, 0.3]}}, "val_loss"
    )
    assert [line.get_label() for line in ax.get_lines()] == ["a validation", "b validation"]
    curves = np.array([[0.5, 0.6, 0.7], [0.4, 0.7, 0.8]])
    ax = plots.plot_seed_curves({"a": curves})
    assert (
        np.allclose(ax.get_lines()[0].get_ydata(), curves.mean(axis=0))
        and ax.get_xlabel() == "epoch"
    )
    with pytest.raises(ValueError, match="seeds, epochs"):
        plots.plot_seed_curves({"a": curves[0]})
    y = np.arange(20) % 10
    tr, va = training.validation_split_indices(20, 0.25)
    fig2 = plots.plot_split(y, tr, va)
    assert len(fig2.axes) == 2
    with pytest.raises(ValueError, match="cover y"):
        plots.plot_split(y, tr[:-1], va)
    plt.close("all")
