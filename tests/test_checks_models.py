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
from utils.checks import UNFORESEEN, Hint  # noqa: E402
from utils.checks import models as checks  # noqa: E402

RNG = np.random.default_rng(0)
RAW = RNG.integers(0, 256, size=(20, 28, 28), dtype=np.uint8)


def rejects(fn, *args, match=None, **kwargs):
    with pytest.raises(Hint, match=match):
        fn(*args, **kwargs)


def test_nhwc(capsys):
    checks.check_nhwc((RAW.astype("float32") / 255)[..., None], RAW)
    assert "✔" in capsys.readouterr().out
    checks.check_nhwc(
        tf.constant(RAW.astype("float32")[..., None] / 255), RAW
    )  # a tensor is fine too
    rejects(
        checks.check_nhwc,
        (RAW / 255.0)[..., None],
        RAW,
        match=r"astype\('float32'\) first, then divide",
    )
    rejects(checks.check_nhwc, RAW.astype("float32") / 255, RAW, match="channel axis")
    rejects(checks.check_nhwc, RAW.astype("float32")[..., None], RAW, match="divide by 255")
    rejects(checks.check_nhwc, ..., RAW, match="not answered")
    rejects(
        checks.check_nhwc, (RAW.astype(float) / 255)[..., None], RAW, match=r"\.astype\(float\)"
    )
    with pytest.raises(
        Hint
    ) as e:  # float16: the dtype is the one slip, its rounding is not another
        checks.check_nhwc((RAW.astype("float16") / 255)[..., None], RAW)
    assert "float16" in str(e.value) and "things to fix" not in str(e.value)
    with pytest.raises(Hint) as e:
        checks.check_nhwc(RAW / 255.0, RAW)
    assert "float64" in str(e.value) and "channel axis" in str(e.value)  # both parts reported


def test_nbytes():
    checks.check_nbytes(60000 * 784 * 8, (60000, 28, 28), "float64")
    checks.check_nbytes(float(60000 * 784 * 4), (60000, 28, 28), "float32")
    rejects(
        checks.check_nbytes, 60000 * 784 * 4, (60000, 28, 28), "float64", match="float32's size"
    )
    rejects(
        checks.check_nbytes,
        50000 * 32 * 32 * 4,
        (50000, 32, 32, 3),
        "float32",
        match="colour channel",
    )


def test_one_hot():
    labels = np.array([3, 0, 9])
    checks.check_one_hot(np.eye(10, dtype=np.float32)[labels], labels)
    checks.check_one_hot(np.eye(10)[labels].astype("float32"), labels)
    rejects(checks.check_one_hot, np.eye(10)[labels], labels, match="float64")
    rejects(
        checks.check_one_hot, keras.utils.to_categorical(labels, 10), labels, match="to_categorical"
    )
    rejects(checks.check_one_hot, tf.one_hot(labels, 10), labels, match="NumPy array")
    rejects(
        checks.check_one_hot, tf.gather(tf.eye(10), labels), labels, match="sees only the result"
    )
    rejects(
        checks.check_one_hot,
        np.eye(10, dtype=np.float32)[(labels + 1) % 10],
        labels,
        match="one column off",
    )
    rejects(
        checks.check_one_hot, np.eye(9, dtype=np.float32)[labels % 9], labels, match="10 classes"
    )


def test_cross_entropy():
    probs = RNG.dirichlet(np.ones(10), size=4)
    labels = np.array([1, 2, 3, 4])
    right = -np.mean(np.log(probs[np.arange(4), labels]))
    checks.check_cross_entropy(right, probs, labels)
    checks.check_cross_entropy(right, probs, np.eye(10)[labels])  # labels as one-hot rows
    checks.check_cross_entropy(
        np.float32(right), probs, labels
    )  # float32 rounding is within tolerance
    rejects(
        checks.check_cross_entropy,
        -np.sum(np.log(probs[np.arange(4), labels])),
        probs,
        labels,
        match="sum",
    )
    rejects(
        checks.check_cross_entropy, -np.mean(np.log(probs[np.arange(4), labels - 1])), probs, labels
    )
    rejects(
        checks.check_cross_entropy,
        keras.losses.SparseCategoricalCrossentropy()(labels, probs),
        probs,
        labels,
        match="compute with NumPy",
    )
    rejects(
        checks.check_cross_entropy,
        keras.losses.CategoricalCrossentropy(),
        probs,
        labels,
        match="the loss itself",
    )


@pytest.mark.parametrize(
    "spelling",
    [
        "sparse_categorical_crossentropy",
        "SparseCategoricalCrossentropy",
        keras.losses.SparseCategoricalCrossentropy(),
        keras.losses.SparseCategoricalCrossentropy,
        keras.losses.sparse_categorical_crossentropy,
    ],
)
def test_loss_for_labels_accepts_every_spelling_keras_accepts(spelling):
    checks.check_loss_for_labels(spelling, np.array([1, 2]))


def test_loss_for_labels():
    y = np.array([1, 2])
    checks.check_loss_for_labels("categorical_crossentropy", np.eye(10)[y])
    checks.check_loss_for_labels(keras.losses.CategoricalCrossentropy(), 0.9 * np.eye(10)[y] + 0.01)
    rejects(
        checks.check_loss_for_labels,
        "categorical_crossentropy",
        y,
        match="integer labels go with sparse",
    )
    rejects(
        checks.check_loss_for_labels,
        "SparseCategoricalCrossentropy",
        np.eye(10)[y],
        match="rows go with categorical",
    )
    rejects(checks.check_loss_for_labels, "sparse categorical crossentropy", y, match="spelling")
    # compile(loss=...) does not strip spaces, so neither does the check
    rejects(checks.check_loss_for_labels, " sparse_categorical_crossentropy", y, match="spaces")
    rejects(checks.check_loss_for_labels, "crossentropy", y, match="full name")
    smoothed = 0.9 * np.eye(10)[y] + 0.01
    rejects(
        checks.check_loss_for_labels,
        keras.losses.CategoricalCrossentropy(label_smoothing=0.1),
        smoothed,
        match="already smoothed",
    )
    # smoothing one-hot rows in the loss is what label_smoothing is for
    checks.check_loss_for_labels(
        keras.losses.CategoricalCrossentropy(label_smoothing=0.1), np.eye(10)[y]
    )
    rejects(checks.check_loss_for_labels, "kl_divergence", smoothed, match="chapter 4 pairs")


@pytest.fixture
def spec():
    keras.backend.clear_session()
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(16, (5, 5), activation="relu"),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(32, (3, 3), activation="relu"),
            layers.MaxPooling2D((2, 2)),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ]
    )


def test_output_shapes(spec):
    right = [(24, 24, 16), (12, 12, 16), (10, 10, 32), (5, 5, 32), (800,), (10,)]
    checks.check_output_shapes(right, spec)
    checks.check_output_shapes(
        [list(s) for s in right[:4]] + [800, 10], spec
    )  # lists, ints for vectors
    off_by_one = [(23, 23, 16)] + right[1:]
    rejects(checks.check_output_shapes, off_by_one, spec, match="off by one")
    rejects(checks.check_output_shapes, right[:-1], spec, match="layers")
    first = [(16, 24, 24), (16, 12, 12), (32, 10, 10), (32, 5, 5), (800,), (10,)]
    with pytest.raises(Hint) as e:  # channels first: one line, not a hint per layer
        checks.check_output_shapes(first, spec)
    assert "channels last" in str(e.value) and "things to fix" not in str(e.value)
    with pytest.raises(Hint) as e:  # NumPy integers are printed as plain numbers
        checks.check_output_shapes([(np.int64(24), np.int64(24), "16")] + right[1:], spec)
    assert "np.int64" not in str(e.value) and "(24, 24, '16')" in str(e.value)


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
    # the builder under another name is still the builder: its input and layers carry its names
    rejects(checks.check_model_matches, models.mnist_convnet(name="other"), ref, match="builder")
    by_add = keras.Sequential()
    by_add.add(keras.Input(shape=(28, 28, 1)))
    for layer in [
        layers.Conv2D(32, (3, 3), activation="relu"),
        layers.MaxPool2D(),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(2, 2),
        layers.Conv2D(64, (3, 3), activation="relu"),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]:
        by_add.add(layer)
    checks.check_model_matches(by_add, ref)
    # a functional model lists its InputLayer among its layers: it is not compared
    inputs = keras.Input(shape=(28, 28, 1))
    x = inputs
    for layer in [
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]:
        x = layer(x)
    checks.check_model_matches(keras.Model(inputs, x), ref)
    separate = keras.Sequential(
        [keras.Input(shape=(28, 28, 1))]
        + [
            layers.Conv2D(32, 3),
            layers.ReLU(),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3),
            layers.Activation("relu"),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, activation="relu"),
            layers.Flatten(),
            layers.Dense(64, activation="relu"),
            layers.Dense(10),
            layers.Softmax(),
        ]
    )
    with pytest.raises(Hint) as e:  # one line for the separate activations, nothing else
        checks.check_model_matches(separate, ref)
    assert "separate activation layers" in str(e.value) and "things to fix" not in str(e.value)
    rejects(checks.check_model_matches, spec, ref, match="things to fix")
    wrong = keras.Sequential(
        [keras.Input(shape=(28, 28, 1))]
        + [
            layers.Conv2D(32, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Conv2D(32, 3, activation="relu"),
            layers.Flatten(),
            layers.Dense(64, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ]
    )
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
    rejects(
        checks.check_most_confused, np.int64(3), cm, names, match="unravel_index"
    )  # flat argmax
    with pytest.raises(Hint) as e:
        checks.check_most_confused((np.str_("a"), np.str_("c")), cm, names)
    assert "np.str_" not in str(e.value)
    tie = np.array([[50, 7, 2], [7, 40, 0], [3, 0, 45]])
    checks.check_most_confused(("a", "b"), tie, names)
    checks.check_most_confused(("b", "a"), tie, names)


def test_receptive_field(spec):
    checks.check_receptive_field(12, spec)
    checks.check_receptive_field(12.0, spec)
    rejects(checks.check_receptive_field, 11, spec, match="off by one")
    rejects(checks.check_receptive_field, 10, spec, match="keep going")


def test_receptive_field_names_every_slip_that_gives_the_number():
    keras.backend.clear_session()
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(16, 3),
            layers.MaxPooling2D(2),
            layers.Conv2D(32, 5),
            layers.MaxPooling2D(2),
        ]
    )
    with pytest.raises(Hint) as e:  # 12: conv2's receptive field and 3 + 2 + 5 + 2 alike
        checks.check_receptive_field(12, model)
    assert "keep going" in str(e.value) and "sum of the kernel sizes" in str(e.value)


def test_flatten_size():
    checks.check_flatten_size(4 * 4 * 64, 28, 5, 64)
    checks.check_flatten_size(1600, 28, 3, 64)
    rejects(checks.check_flatten_size, 1600, 28, 5, 64, match="3×3")
    rejects(checks.check_flatten_size, 5 * 5 * 64, 28, 5, 64)
    rejects(checks.check_flatten_size, 6 * 6 * 64, 28, 3, 64, match="round")  # 11 / 2 rounded up


def _pooling_answers(n, c_in, filters, units, conv):
    """Flatten length and parameters with and without pooling, convolutions sized by ``conv``."""
    out = []
    for pooling in (True, False):
        side = n
        for _ in filters:
            side = conv(side)
            if pooling:
                side //= 2
        flat = side * side * filters[-1]
        chans = [c_in, *filters]
        convs = sum((9 * a + 1) * b for a, b in zip(chans, chans[1:]))
        out += [flat, convs + (flat + 1) * units]
    return out


@pytest.mark.parametrize("spec", [((32, 32, 3), (32, 64, 128), 10), ((28, 28, 1), (64, 64), 128)])
def test_pooling_counts_names_the_off_by_one(spec):
    (n, _, c_in), filters, units = spec
    right = _pooling_answers(n, c_in, filters, units, lambda m: m - 2)
    checks.check_pooling_counts(*right, *spec)
    slip = _pooling_answers(n, c_in, filters, units, lambda m: m - 3)  # n − 3, not n − 3 + 1
    with pytest.raises(Hint) as e:
        checks.check_pooling_counts(*slip, *spec)
    assert str(e.value).count("off by one in a convolution") == 2, e.value
    with pytest.raises(Hint) as e:  # only the model without pooling slipped
        checks.check_pooling_counts(*right[:2], *slip[2:], *spec)
    assert "Flatten without pooling: off by one" in str(e.value), e.value
    assert "with pooling:" not in str(e.value)


def test_saved_model_must_be_in_the_folder(tmp_path, monkeypatch, capsys):
    keras.backend.clear_session()
    small = keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(3)], name="small"
    )
    x = data.to_nhwc_float(RAW[:5])
    folder, cwd = tmp_path / "folder", tmp_path / "cwd"
    folder.mkdir()
    cwd.mkdir()
    path = folder / "small.keras"
    small.save(path)
    checks.check_saved_model(path, keras.models.load_model(path), small, x, folder)
    line = capsys.readouterr().out
    assert "in the folder" in line and "separate model" in line, line
    assert "read back by load_model" not in line  # a copy made in memory would pass as well
    monkeypatch.chdir(cwd)  # model.save("small.keras"): a file in the working directory
    small.save("small.keras")
    rejects(
        checks.check_saved_model,
        "small.keras",
        keras.models.load_model("small.keras"),
        small,
        x,
        folder,
        match="not in the folder asked for .* working directory",
    )
    # the folder as a string, the path written another way: still inside it
    checks.check_saved_model(
        folder / "." / "small.keras", keras.models.load_model(path), small, x, str(folder)
    )


def test_per_class_accuracy():
    cm = np.array([[8, 2], [6, 4]])
    checks.check_per_class_accuracy([0.8, 0.4], cm)
    checks.check_per_class_accuracy(
        np.array([[0.8], [0.4]]), cm
    )  # a column is read as the 2 numbers
    checks.check_per_class_accuracy([0.8002, 0.3996], cm)  # within 0.0005
    rejects(checks.check_per_class_accuracy, [8 / 14, 4 / 6], cm, match="column sums")
    rejects(checks.check_per_class_accuracy, [0.81, 0.4], cm, match="within 0.0005")
    cm3 = np.array([[7, 2, 0], [1, 5, 3], [0, 0, 9]])
    exact = np.diag(cm3) / cm3.sum(axis=1)
    rejects(checks.check_per_class_accuracy, np.round(exact, 2), cm3, match="rounded to 2")
    rejects(checks.check_per_class_accuracy, np.diag(cm3) // cm3.sum(axis=1), cm3, match="//")


def test_binary_subset():
    x_all = RAW[:10]
    y_all = np.array([7, 9, 1, 7, 9, 9, 2, 7, 0, 9])
    keep = np.isin(y_all, (7, 9))
    right_y = (y_all[keep] == 9).astype(int)
    checks.check_binary_subset(x_all[keep], right_y, x_all, y_all, (7, 9))
    checks.check_binary_subset(x_all[keep], y_all[keep] == 9, x_all, y_all, (7, 9))  # booleans
    checks.check_binary_subset(
        x_all[keep], right_y[:, None].astype("float32"), x_all, y_all, (7, 9)
    )
    rejects(
        checks.check_binary_subset,
        x_all[keep],
        (y_all[keep] == 7).astype(int),
        x_all,
        y_all,
        (7, 9),
        match="reversed",
    )
    rejects(
        checks.check_binary_subset,
        x_all[keep],
        y_all[keep],
        x_all,
        y_all,
        (7, 9),
        match="must be 0",
    )
    rejects(checks.check_binary_subset, x_all, (y_all == 9).astype(int), x_all, y_all, (7, 9))


def binary(optimizer="adam", loss="binary_crossentropy", last="sigmoid", metrics=("accuracy",)):
    keras.backend.clear_session()
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(16, (3, 3), activation="relu"),
            layers.MaxPooling2D(2, 2),
            layers.Flatten(),
            layers.Dense(512, activation="relu"),
            layers.Dense(1, activation=last),
        ]
    )
    model.compile(optimizer=optimizer, loss=loss, metrics=list(metrics) or None)
    return model


def test_binary_model():
    checks.check_binary_model(binary())
    checks.check_binary_model(
        binary(keras.optimizers.Adam(1e-4), keras.losses.BinaryCrossentropy())
    )
    checks.check_binary_model(binary(loss="BinaryCrossentropy"))
    rejects(checks.check_binary_model, binary(loss="categorical_crossentropy"), match="loss")
    rejects(checks.check_binary_model, binary(optimizer="sgd"), match="Adam")
    rejects(checks.check_binary_model, binary(last="softmax"), match="sigmoid")
    rejects(checks.check_binary_model, binary(metrics=()), match="no metrics")
    rejects(checks.check_binary_model, binary(loss="mse"), match="binary cross-entropy")
    rejects(checks.check_binary_model, binary(loss="accuracy"), match="is a metric")
    with pytest.raises(Hint) as e:  # a consistent pair, said once, not as two contradicting lines
        checks.check_binary_model(
            binary(last=None, loss=keras.losses.BinaryCrossentropy(from_logits=True))
        )
    assert "consistent pair" in str(e.value) and "things to fix" not in str(e.value)
    keras.backend.clear_session()
    dense_only = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Flatten(),
            layers.Dense(512, activation="relu"),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    dense_only.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    with pytest.raises(Hint) as e:
        checks.check_binary_model(dense_only)
    assert "no Conv2D" in str(e.value) and "Adam" in str(e.value)
    two = keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(2, activation="sigmoid")]
    )
    rejects(checks.check_binary_model, two, match="ONE unit")
    builder = models.binary_classifier(name="renamed")
    builder.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    rejects(checks.check_binary_model, builder, match="builder")


def stand_in(labels, weight=10 / 784, bias=-4.0):
    """A one-sigmoid model of the mean pixel: images 200 (class 1) and 10 (class 0)."""
    keras.backend.clear_session()
    images = np.where(labels[:, None, None] == 1, 200, 10).astype(np.uint8) * np.ones(
        (1, 28, 28), np.uint8
    )
    model = keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(1, activation="sigmoid")]
    )
    model.layers[-1].set_weights(
        [np.full((784, 1), weight, "float32"), np.array([bias], "float32")]
    )
    model.compile(loss="binary_crossentropy", metrics=["accuracy"])
    return model, images


def test_binary_evaluation():
    labels = np.array(
        [0, 1, 0, 0] * 5
    )  # 5 of 20 are class 1: the slips below give different numbers
    model, images = stand_in(labels)
    loss, acc = model.evaluate(data.to_nhwc_float(images), labels, verbose=0)
    assert acc == 1.0
    checks.check_binary_evaluation(loss, acc, model, images, labels)
    checks.check_binary_evaluation(np.float32(loss), np.float32(1.0), model, images, labels)
    checks.check_binary_evaluation(loss * 1.005, acc, model, images, labels)  # the loss to 1 %
    rejects(
        checks.check_binary_evaluation,
        [loss, acc],
        acc,
        model,
        images,
        labels,
        match="test_loss, test_acc = binary.evaluate",
    )
    rejects(checks.check_binary_evaluation, acc, loss, model, images, labels, match="swapped")
    rejects(checks.check_binary_evaluation, loss, 0.97, model, images, labels, match="fit's log")
    rejects(checks.check_binary_evaluation, loss, 0.75, model, images, labels, match="argmax")
    raw_loss, raw_acc = model.evaluate(images[..., None], labels, verbose=0)
    rejects(
        checks.check_binary_evaluation,
        raw_loss,
        raw_acc,
        model,
        images,
        labels,
        match="the loss explodes",
    )


def test_binary_evaluation_sees_the_raw_pixels_that_the_accuracy_hides():
    """The slip the loss is asked for. Without a bias, the sign of w·x, and so every decision, does
    not depend on the scale of x: forgetting ÷255 on the test images leaves the accuracy as it is,
    and makes the one mistake certain, so the loss explodes."""
    labels = np.array([0, 1] * 10)
    images = np.zeros((20, 28, 28), np.uint8)
    images[labels == 1, :, 1::2] = 200  # class 1 bright on the odd columns, class 0 on the even
    images[labels == 0, :, ::2] = 200
    labels[-1] = 0  # one image the model gets wrong
    keras.backend.clear_session()
    model = keras.Sequential(
        [keras.Input(shape=(28, 28, 1)), layers.Flatten(), layers.Dense(1, activation="sigmoid")]
    )
    sign = np.where(np.arange(784) % 2 == 1, 1.0, -1.0)[:, None]  # + on the odd columns
    model.layers[-1].set_weights([(0.01 * sign).astype("float32"), np.zeros(1, "float32")])
    model.compile(loss="binary_crossentropy", metrics=["accuracy"])
    loss, acc = model.evaluate(data.to_nhwc_float(images), labels, verbose=0)
    raw_loss, raw_acc = model.evaluate(images[..., None], labels, verbose=0)
    assert acc == raw_acc == pytest.approx(0.95) and raw_loss > 100 * loss
    checks.check_binary_evaluation(loss, acc, model, images, labels)
    rejects(
        checks.check_binary_evaluation,
        raw_loss,
        raw_acc,
        model,
        images,
        labels,
        match="the loss explodes",
    )


def test_binary_evaluation_names_both_slips_when_they_coincide():
    labels = np.array([0, 1] * 10)  # balanced: argmax (always 0) and the broadcast both give 0.5
    model, images = stand_in(labels)
    loss, _ = model.evaluate(data.to_nhwc_float(images), labels, verbose=0)
    with pytest.raises(Hint) as e:
        checks.check_binary_evaluation(loss, 0.5, model, images, labels)
    assert "argmax" in str(e.value) and "broadcasts" in str(e.value)


def test_binary_evaluation_tells_a_model_trained_on_raw_pixels():
    labels = np.array([0, 1, 0, 0] * 5)
    model, images = stand_in(labels, weight=10 / 784 / 255)  # fits raw pixels, not prepared ones
    loss, acc = model.evaluate(data.to_nhwc_float(images), labels, verbose=0)
    raw_loss, raw_acc = model.evaluate(images[..., None], labels, verbose=0)
    for answer in ((loss, acc), (raw_loss, raw_acc)):
        rejects(
            checks.check_binary_evaluation, *answer, model, images, labels, match="trained on raw"
        )


ODD_ANSWERS = [
    None,
    3,
    -1.5,
    float("nan"),
    True,
    "text",
    [],
    [[1, 2], [3]],
    {},
    {"a": 1},
    object(),
    np.array([]),
    np.zeros((2, 3, 4, 5)),
    np.array(["a", "b"]),
    (1, "b"),
    [None, None],
    lambda x: x,
    keras.Sequential,
    keras.callbacks.History(),
    tf.constant([1.0, 2.0]),
    1 + 2j,
    np.array([1 + 1j, 2]),
    [1 + 1j, 2, 3],
]


@pytest.fixture(scope="module")
def cases():
    keras.backend.clear_session()
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(4, 3),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    labels = np.array([1, 0, 3])
    cm = np.array([[5, 1], [2, 4]])
    return [
        (checks.check_nhwc, (RAW,)),
        (checks.check_nbytes, ((2, 3), "float32")),
        (checks.check_one_hot, (labels,)),
        (checks.check_cross_entropy, (np.full((3, 10), 0.1), labels)),
        (checks.check_loss_for_labels, (labels,)),
        (checks.check_output_shapes, (model,)),
        (checks.check_param_counts, (model,)),
        (checks.check_model_matches, (model,)),
        (checks.check_most_confused, (cm, ("x", "y"))),
        (checks.check_receptive_field, (model,)),
        (checks.check_flatten_size, (28, 5, 64)),
        (checks.check_per_class_accuracy, (cm,)),
        (checks.check_binary_model, ()),
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
                assert UNFORESEEN not in str(e), (
                    f"{check.__name__}({answer!r}): only the fallback: {e}"
                )
            else:
                pytest.fail(f"{check.__name__} accepted {answer!r}")
    labels = np.array([0, 1, 0, 1])
    model = next(extra[0] for check, extra in cases if check is checks.check_param_counts)
    for answer in ODD_ANSWERS:
        for pair in ((answer, 0.5), (0.5, answer)):
            try:
                checks.check_binary_evaluation(*pair, model, RAW[:4], labels)
            except Hint as e:
                assert UNFORESEEN not in str(e), f"check_binary_evaluation{pair!r}: fallback: {e}"
            else:
                pytest.fail(f"check_binary_evaluation accepted {pair!r}")
        for pair in ((answer, np.zeros(2)), (RAW[:2], answer)):
            try:
                checks.check_binary_subset(*pair, RAW[:4], np.array([7, 9, 1, 2]), (7, 9))
            except Hint as e:
                assert UNFORESEEN not in str(e), (
                    f"check_binary_subset{pair!r}: only the fallback: {e}"
                )
            else:
                pytest.fail(f"check_binary_subset accepted {pair!r}")


def test_classes_available():
    assert len(data.FASHION_CLASSES) == 10
