"""Each checker of utils.checks.models accepts the right answer and rejects a plausible wrong one."""
import numpy as np
import pytest

import utils

utils.setup()
import keras  # noqa: E402
from keras import layers  # noqa: E402

from utils import data, models  # noqa: E402
from utils.checks import NotAnswered  # noqa: E402
from utils.checks import models as checks  # noqa: E402

RNG = np.random.default_rng(0)
RAW = RNG.integers(0, 256, size=(20, 28, 28), dtype=np.uint8)


def rejects(fn, *args, match=None, **kwargs):
    with pytest.raises(AssertionError, match=match):
        fn(*args, **kwargs)


def test_nhwc(capsys):
    checks.check_nhwc((RAW.astype("float32") / 255)[..., None], RAW)
    assert "✔" in capsys.readouterr().out
    rejects(checks.check_nhwc, (RAW / 255.0)[..., None], RAW, match="float64")
    rejects(checks.check_nhwc, RAW.astype("float32") / 255, RAW, match="channel axis")
    rejects(checks.check_nhwc, RAW.astype("float32")[..., None], RAW, match="divide by 255")
    rejects(checks.check_nhwc, ..., RAW, match="not answered")


def test_nbytes():
    checks.check_nbytes(60000 * 784 * 8, (60000, 28, 28), "float64")
    rejects(checks.check_nbytes, 60000 * 784 * 4, (60000, 28, 28), "float64")


def test_one_hot():
    labels = np.array([3, 0, 9])
    checks.check_one_hot(np.eye(10)[labels], labels)
    rejects(checks.check_one_hot, np.eye(10)[(labels + 1) % 10], labels)
    rejects(checks.check_one_hot, np.eye(9)[labels % 9], labels, match="shape")


def test_cross_entropy():
    probs = RNG.dirichlet(np.ones(10), size=4)
    labels = np.array([1, 2, 3, 4])
    right = -np.mean(np.log(probs[np.arange(4), labels]))
    checks.check_cross_entropy(right, probs, labels)
    rejects(checks.check_cross_entropy, -np.sum(np.log(probs[np.arange(4), labels])), probs, labels)
    rejects(checks.check_cross_entropy, -np.mean(np.log(probs[np.arange(4), labels - 1])), probs, labels)


def test_loss_for_labels():
    y = np.array([1, 2])
    checks.check_loss_for_labels("sparse_categorical_crossentropy", y)
    checks.check_loss_for_labels("categorical_crossentropy", np.eye(10)[y])
    rejects(checks.check_loss_for_labels, "categorical_crossentropy", y)


@pytest.fixture
def spec():
    keras.backend.clear_session()
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, (5, 5), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(32, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])


def test_output_shapes(spec):
    right = [(24, 24, 16), (12, 12, 16), (10, 10, 32), (5, 5, 32), (800,), (10,)]
    checks.check_output_shapes(right, spec)
    off_by_one = [(23, 23, 16)] + right[1:]
    rejects(checks.check_output_shapes, off_by_one, spec, match="conv")
    rejects(checks.check_output_shapes, right[:-1], spec, match="layers")


def test_param_counts(spec):
    checks.check_param_counts([416, 0, 4640, 0, 0, 8010], spec)
    rejects(checks.check_param_counts, [400, 0, 4608, 0, 0, 8000], spec)  # biases forgotten


def test_model_matches(spec):
    keras.backend.clear_session()
    ref = models.mnist_convnet()
    keras.backend.clear_session()
    checks.check_model_matches(models.mnist_convnet(name="other"), ref)
    rejects(checks.check_model_matches, spec, ref, match="layers")
    wrong = keras.Sequential([keras.Input(shape=(28, 28, 1))] + [
        layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2), layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(2), layers.Conv2D(32, 3, activation="relu"), layers.Flatten(),
        layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
    rejects(checks.check_model_matches, wrong, ref, match="filters")
    rejects(checks.check_model_matches, None, ref, match="not answered")


def test_most_confused():
    cm = np.array([[50, 1, 2], [7, 40, 0], [3, 0, 45]])
    names = ("a", "b", "c")
    checks.check_most_confused(("b", "a"), cm, names)
    rejects(checks.check_most_confused, ("a", "b"), cm, names, match="wrong way round")
    rejects(checks.check_most_confused, ("c", "a"), cm, names)


def test_receptive_field(spec):
    checks.check_receptive_field(12, spec)
    rejects(checks.check_receptive_field, 11, spec)
    rejects(checks.check_receptive_field, 10, spec)


def test_flatten_size():
    checks.check_flatten_size(4 * 4 * 64, 28, 5, 64)
    checks.check_flatten_size(1600, 28, 3, 64)
    rejects(checks.check_flatten_size, 1600, 28, 5, 64)
    rejects(checks.check_flatten_size, 5 * 5 * 64, 28, 5, 64)


def test_per_class_accuracy():
    cm = np.array([[8, 2], [6, 4]])
    checks.check_per_class_accuracy([0.8, 0.4], cm)
    rejects(checks.check_per_class_accuracy, [8 / 14, 4 / 6], cm, match="column sums")


def test_binary_subset():
    x_all = RAW[:10]
    y_all = np.array([7, 9, 1, 7, 9, 9, 2, 7, 0, 9])
    keep = np.isin(y_all, (7, 9))
    checks.check_binary_subset(x_all[keep], (y_all[keep] == 9).astype(int), x_all, y_all, (7, 9))
    rejects(checks.check_binary_subset, x_all[keep], (y_all[keep] == 7).astype(int), x_all, y_all, (7, 9))
    rejects(checks.check_binary_subset, x_all[keep], y_all[keep], x_all, y_all, (7, 9), match="0 and 1")
    rejects(checks.check_binary_subset, x_all, (y_all == 9).astype(int), x_all, y_all, (7, 9))


def test_binary_model():
    keras.backend.clear_session()
    good = models.binary_classifier()
    good.compile(optimizer="adam", loss="binary_crossentropy")
    checks.check_binary_model(good)
    keras.backend.clear_session()
    bad = models.binary_classifier()
    bad.compile(optimizer="adam", loss="categorical_crossentropy")
    rejects(checks.check_binary_model, bad, match="loss")
    keras.backend.clear_session()
    softmax1 = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(1, activation="softmax")])
    softmax1.compile(optimizer="adam", loss="binary_crossentropy")
    rejects(checks.check_binary_model, softmax1, match="sigmoid")
    two = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(2, activation="sigmoid")])
    rejects(checks.check_binary_model, two, match="ONE unit")


def test_accuracy():
    checks.check_accuracy(0.97, 0.95)
    rejects(checks.check_accuracy, 0.94, 0.95)
    rejects(checks.check_accuracy, 97.0, 0.95, match="fraction")
    with pytest.raises(NotAnswered):
        checks.check_accuracy(..., 0.95)


def test_classes_available():
    assert len(data.FASHION_CLASSES) == 10
