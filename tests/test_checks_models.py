"""Each checker of utils.checks.models accepts the right answer in every form Keras and NumPy allow, and
rejects a plausible wrong one with a Hint (the full list of wrong answers is tests/catalogue/models.py)."""
import numpy as np
import pytest

import utils

utils.setup()
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

from utils import data, models  # noqa: E402
from utils.checks import UNFORESEEN, Hint, NotAnswered  # noqa: E402
from utils.checks import models as checks  # noqa: E402

RNG = np.random.default_rng(0)
RAW = RNG.integers(0, 256, size=(20, 28, 28), dtype=np.uint8)


def rejects(fn, *args, match=None, **kwargs):
    with pytest.raises(Hint, match=match):
        fn(*args, **kwargs)


def test_nhwc(capsys):
    checks.check_nhwc((RAW.astype("float32") / 255)[..., None], RAW)
    assert "✔" in capsys.readouterr().out
    checks.check_nhwc(tf.constant(RAW.astype("float32")[..., None] / 255), RAW)   # a tensor is fine too
    rejects(checks.check_nhwc, (RAW / 255.0)[..., None], RAW, match="Convert to float32 first, then divide")
    rejects(checks.check_nhwc, RAW.astype("float32") / 255, RAW, match="channel axis")
    rejects(checks.check_nhwc, RAW.astype("float32")[..., None], RAW, match="divide by 255")
    rejects(checks.check_nhwc, ..., RAW, match="not answered")
    with pytest.raises(Hint) as e:
        checks.check_nhwc(RAW / 255.0, RAW)
    assert "float64" in str(e.value) and "channel axis" in str(e.value)   # both parts reported


def test_nbytes():
    checks.check_nbytes(60000 * 784 * 8, (60000, 28, 28), "float64")
    checks.check_nbytes(float(60000 * 784 * 4), (60000, 28, 28), "float32")
    rejects(checks.check_nbytes, 60000 * 784 * 4, (60000, 28, 28), "float64", match="float32's size")
    rejects(checks.check_nbytes, 50000 * 32 * 32 * 4, (50000, 32, 32, 3), "float32", match="colour channel")


def test_one_hot():
    labels = np.array([3, 0, 9])
    checks.check_one_hot(np.eye(10, dtype=np.float32)[labels], labels)
    checks.check_one_hot(np.eye(10)[labels].astype("float32"), labels)
    rejects(checks.check_one_hot, np.eye(10)[labels], labels, match="float64")
    rejects(checks.check_one_hot, keras.utils.to_categorical(labels, 10), labels, match="to_categorical")
    rejects(checks.check_one_hot, tf.one_hot(labels, 10), labels, match="tf.one_hot")
    rejects(checks.check_one_hot, np.eye(10, dtype=np.float32)[(labels + 1) % 10], labels, match="one column off")
    rejects(checks.check_one_hot, np.eye(9, dtype=np.float32)[labels % 9], labels, match="10 classes")


def test_cross_entropy():
    probs = RNG.dirichlet(np.ones(10), size=4)
    labels = np.array([1, 2, 3, 4])
    right = -np.mean(np.log(probs[np.arange(4), labels]))
    checks.check_cross_entropy(right, probs, labels)
    checks.check_cross_entropy(right, probs, np.eye(10)[labels])          # labels as one-hot rows
    checks.check_cross_entropy(np.float32(right), probs, labels)           # float32 rounding is within tolerance
    rejects(checks.check_cross_entropy, -np.sum(np.log(probs[np.arange(4), labels])), probs, labels, match="sum")
    rejects(checks.check_cross_entropy, -np.mean(np.log(probs[np.arange(4), labels - 1])), probs, labels)
    rejects(checks.check_cross_entropy, keras.losses.SparseCategoricalCrossentropy()(labels, probs), probs,
            labels, match="by hand")


@pytest.mark.parametrize("spelling", [
    "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy", " sparse_categorical_crossentropy",
    keras.losses.SparseCategoricalCrossentropy(), keras.losses.SparseCategoricalCrossentropy,
    keras.losses.sparse_categorical_crossentropy])
def test_loss_for_labels_accepts_every_spelling_keras_accepts(spelling):
    checks.check_loss_for_labels(spelling, np.array([1, 2]))


def test_loss_for_labels():
    y = np.array([1, 2])
    checks.check_loss_for_labels("categorical_crossentropy", np.eye(10)[y])
    checks.check_loss_for_labels(keras.losses.CategoricalCrossentropy(), 0.9 * np.eye(10)[y] + 0.01)
    rejects(checks.check_loss_for_labels, "categorical_crossentropy", y, match="integer labels go with sparse")
    rejects(checks.check_loss_for_labels, "SparseCategoricalCrossentropy", np.eye(10)[y],
            match="rows go with categorical")
    rejects(checks.check_loss_for_labels, "sparse categorical crossentropy", y, match="spelling")


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
    checks.check_output_shapes([list(s) for s in right[:4]] + [800, 10], spec)   # lists, ints for vectors
    off_by_one = [(23, 23, 16)] + right[1:]
    rejects(checks.check_output_shapes, off_by_one, spec, match="off by one")
    rejects(checks.check_output_shapes, right[:-1], spec, match="layers")


def test_output_shapes_do_not_blame_a_layer_for_an_earlier_slip(spec):
    # conv1 off by one (23); everything after follows correctly from 23: only conv1 is reported
    carried = [(23, 23, 16), (11, 11, 16), (9, 9, 32), (4, 4, 32), (512,), (10,)]
    with pytest.raises(Hint) as e:
        checks.check_output_shapes(carried, spec)
    assert "conv2d" in str(e.value) and "things to fix" not in str(e.value)


def test_param_counts(spec):
    checks.check_param_counts([416, 0, 4640, 0, 0, 8010], spec)
    rejects(checks.check_param_counts, [400, 0, 4608, 0, 0, 8000], spec, match="biases")


def test_model_matches(spec):
    keras.backend.clear_session()
    ref = models.mnist_convnet()
    keras.backend.clear_session()
    checks.check_model_matches(models.mnist_convnet(name="other"), ref)
    by_add = keras.Sequential()
    by_add.add(keras.Input(shape=(28, 28, 1)))
    for layer in [layers.Conv2D(32, (3, 3), activation="relu"), layers.MaxPool2D(), layers.Conv2D(64, 3,
                  activation="relu"), layers.MaxPooling2D(2, 2), layers.Conv2D(64, (3, 3), activation="relu"),
                  layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")]:
        by_add.add(layer)
    checks.check_model_matches(by_add, ref)
    rejects(checks.check_model_matches, spec, ref, match="things to fix")
    wrong = keras.Sequential([keras.Input(shape=(28, 28, 1))] + [
        layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2), layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(2), layers.Conv2D(32, 3, activation="relu"), layers.Flatten(),
        layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
    rejects(checks.check_model_matches, wrong, ref, match="filters")
    rejects(checks.check_model_matches, None, ref, match="not answered")
    rejects(checks.check_model_matches, models.mnist_convnet(), ref, match="builder")


def test_most_confused():
    cm = np.array([[50, 1, 2], [7, 40, 0], [3, 0, 45]])
    names = ("a", "b", "c")
    checks.check_most_confused(("b", "a"), cm, names)
    checks.check_most_confused(["b", "a"], cm, names)
    rejects(checks.check_most_confused, ("a", "b"), cm, names, match="wrong way round")
    rejects(checks.check_most_confused, ("c", "a"), cm, names, match="another pair")
    rejects(checks.check_most_confused, (1, 0), cm, names, match="NAMES")
    tie = np.array([[50, 7, 2], [7, 40, 0], [3, 0, 45]])
    checks.check_most_confused(("a", "b"), tie, names)
    checks.check_most_confused(("b", "a"), tie, names)


def test_receptive_field(spec):
    checks.check_receptive_field(12, spec)
    checks.check_receptive_field(12.0, spec)
    rejects(checks.check_receptive_field, 11, spec, match="off by one")
    rejects(checks.check_receptive_field, 10, spec, match="keep going")


def test_flatten_size():
    checks.check_flatten_size(4 * 4 * 64, 28, 5, 64)
    checks.check_flatten_size(1600, 28, 3, 64)
    rejects(checks.check_flatten_size, 1600, 28, 5, 64, match="3×3")
    rejects(checks.check_flatten_size, 5 * 5 * 64, 28, 5, 64)
    rejects(checks.check_flatten_size, 6 * 6 * 64, 28, 3, 64, match="round")   # 11 / 2 rounded up


def test_per_class_accuracy():
    cm = np.array([[8, 2], [6, 4]])
    checks.check_per_class_accuracy([0.8, 0.4], cm)
    checks.check_per_class_accuracy(np.array([[0.8], [0.4]]), cm)          # a column is read as the 2 numbers
    checks.check_per_class_accuracy([0.8002, 0.3996], cm)                   # within 0.0005
    rejects(checks.check_per_class_accuracy, [8 / 14, 4 / 6], cm, match="column sums")
    rejects(checks.check_per_class_accuracy, [0.81, 0.4], cm, match="within 0.0005")


def test_binary_subset():
    x_all = RAW[:10]
    y_all = np.array([7, 9, 1, 7, 9, 9, 2, 7, 0, 9])
    keep = np.isin(y_all, (7, 9))
    right_y = (y_all[keep] == 9).astype(int)
    checks.check_binary_subset(x_all[keep], right_y, x_all, y_all, (7, 9))
    checks.check_binary_subset(x_all[keep], y_all[keep] == 9, x_all, y_all, (7, 9))           # booleans
    checks.check_binary_subset(x_all[keep], right_y[:, None].astype("float32"), x_all, y_all, (7, 9))
    rejects(checks.check_binary_subset, x_all[keep], (y_all[keep] == 7).astype(int), x_all, y_all, (7, 9),
            match="reversed")
    rejects(checks.check_binary_subset, x_all[keep], y_all[keep], x_all, y_all, (7, 9), match="must be 0")
    rejects(checks.check_binary_subset, x_all, (y_all == 9).astype(int), x_all, y_all, (7, 9))


def binary(optimizer="adam", loss="binary_crossentropy", last="sigmoid"):
    keras.backend.clear_session()
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)), layers.Conv2D(16, (3, 3), activation="relu"), layers.MaxPooling2D(2, 2),
        layers.Flatten(), layers.Dense(512, activation="relu"), layers.Dense(1, activation=last)])
    model.compile(optimizer=optimizer, loss=loss)
    return model


def test_binary_model():
    checks.check_binary_model(binary())
    checks.check_binary_model(binary(keras.optimizers.Adam(1e-4), keras.losses.BinaryCrossentropy()))
    checks.check_binary_model(binary(loss="BinaryCrossentropy"))
    rejects(checks.check_binary_model, binary(loss="categorical_crossentropy"), match="loss")
    rejects(checks.check_binary_model, binary(optimizer="sgd"), match="Adam")
    rejects(checks.check_binary_model, binary(last="softmax"), match="sigmoid")
    keras.backend.clear_session()
    dense_only = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Flatten(),
                                   layers.Dense(512, activation="relu"), layers.Dense(1, activation="sigmoid")])
    dense_only.compile(optimizer="sgd", loss="binary_crossentropy")
    with pytest.raises(Hint) as e:
        checks.check_binary_model(dense_only)
    assert "no Conv2D" in str(e.value) and "Adam" in str(e.value)
    two = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(2, activation="sigmoid")])
    rejects(checks.check_binary_model, two, match="ONE unit")
    builder = models.binary_classifier()
    builder.compile(optimizer="adam", loss="binary_crossentropy")
    rejects(checks.check_binary_model, builder, match="builder")


def test_binary_accuracy():
    keras.backend.clear_session()
    labels = np.array([0, 1, 0, 0] * 5)   # 5 of 20 are class 1: the slips below give different numbers
    images = np.where(labels[:, None, None] == 1, 200, 10).astype(np.uint8) * np.ones((1, 28, 28), np.uint8)
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(1, activation="sigmoid")])
    model.layers[-1].set_weights([np.full((784, 1), 10 / 784, "float32"), np.array([-4.0], "float32")])
    model.compile(loss="binary_crossentropy", metrics=["accuracy"])
    measured = model.evaluate(data.to_nhwc_float(images), labels, verbose=0)
    assert measured[1] == 1.0
    checks.check_binary_accuracy(measured[1], model, images, labels)
    checks.check_binary_accuracy(np.float32(1.0), model, images, labels)
    rejects(checks.check_binary_accuracy, measured, model, images, labels, match=r"evaluate\(...\)\[1\]")
    rejects(checks.check_binary_accuracy, 0.97, model, images, labels, match="fit's log")
    rejects(checks.check_binary_accuracy, 0.25, model, images, labels, match="raw 0–255")
    rejects(checks.check_binary_accuracy, 0.75, model, images, labels, match="argmax")




ODD_ANSWERS = [None, 3, -1.5, float("nan"), True, "text", [], [[1, 2], [3]], {}, {"a": 1}, object(),
               np.array([]), np.zeros((2, 3, 4, 5)), np.array(["a", "b"]), (1, "b"), [None, None],
               lambda x: x, keras.Sequential, keras.callbacks.History(), tf.constant([1.0, 2.0]), 1 + 2j,
               np.array([1 + 1j, 2]), [1 + 1j, 2, 3]]


@pytest.fixture(scope="module")
def cases():
    keras.backend.clear_session()
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(4, 3), layers.MaxPooling2D(2),
                              layers.Flatten(), layers.Dense(1, activation="sigmoid")])
    labels = np.array([1, 0, 3])
    cm = np.array([[5, 1], [2, 4]])
    return [
        (checks.check_nhwc, (RAW,)), (checks.check_nbytes, ((2, 3), "float32")),
        (checks.check_one_hot, (labels,)), (checks.check_cross_entropy, (np.full((3, 10), 0.1), labels)),
        (checks.check_loss_for_labels, (labels,)), (checks.check_output_shapes, (model,)),
        (checks.check_param_counts, (model,)), (checks.check_model_matches, (model,)),
        (checks.check_most_confused, (cm, ("x", "y"))), (checks.check_receptive_field, (model,)),
        (checks.check_flatten_size, (28, 5, 64)), (checks.check_per_class_accuracy, (cm,)),
        (checks.check_binary_model, ()), (checks.check_binary_accuracy, (model, RAW[:4], np.array([0, 1, 0, 1]))),
    ]


def test_no_answer_crashes_a_checker(cases):
    """Whatever the answer, every checker raises a Hint that says something specific, never another error."""
    for check, extra in cases:
        for answer in ODD_ANSWERS:
            if check is checks.check_binary_subset:
                continue
            try:
                check(answer, *extra)
            except Hint as e:
                assert UNFORESEEN not in str(e), f"{check.__name__}({answer!r}): only the fallback: {e}"
            else:
                pytest.fail(f"{check.__name__} accepted {answer!r}")
    for answer in ODD_ANSWERS:
        for pair in ((answer, np.zeros(2)), (RAW[:2], answer)):
            try:
                checks.check_binary_subset(*pair, RAW[:4], np.array([7, 9, 1, 2]), (7, 9))
            except Hint as e:
                assert UNFORESEEN not in str(e), f"check_binary_subset{pair!r}: only the fallback: {e}"
            else:
                pytest.fail(f"check_binary_subset accepted {pair!r}")


def test_classes_available():
    assert len(data.FASHION_CLASSES) == 10
