"""Multi-seed experiments behind the chapters' comparisons, stored as records (see :mod:`utils.records`).

A chapter shows one training run on the page — the model, ``compile`` and ``fit`` written out — with
seed 0. Whether a difference between two settings is real or just the luck of one seed needs several
seeds; these functions repeat the page's runs for each seed and return plain numbers. They take minutes
to hours on a laptop CPU, so their results ship as records, and a chapter loads them with
``utils.records.load(NAME)``. Each chapter that uses one also repeats seed 0 live and checks that it
agrees with the record.

Re-make a record (writes ``utils/records/NAME.json``)::

    python -m utils.experiments dropout_seeds            # chapter 7, about 15 minutes on 2 CPU cores
    python -m utils.experiments fashion_ablation         # chapter 6, about 45 minutes
    python -m utils.experiments one_by_one_heads_seeds   # chapter 8, about 8 minutes
    python -m utils.experiments mnist_convnet_seeds      # chapter 5, about 20 minutes
    python -m utils.experiments mnist_schedule_seeds     # chapter 5's schedules, about 8 minutes
    python -m utils.experiments regularization_seeds     # chapter 7's toolbox, about 30 minutes
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

__all__ = [
    "EXPERIMENTS",
    "FASHION_ABLATION",
    "dropout_seeds",
    "fashion_ablation",
    "MNIST_SCHEDULES",
    "mnist_convnet_seeds",
    "mnist_schedule_seeds",
    "one_by_one_heads_seeds",
    "REGULARIZATION_TOOLBOX",
    "regularization_combination",
    "regularization_seeds",
    "run",
    "unpack_right",
]


def _small_fashion(n: int = 2000):
    """Chapter 7's data: the first ``n`` Fashion-MNIST training images and the 10,000 test images, in [0, 1]."""
    from . import data

    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist()
    return (data.to_nhwc_float(x_train[:n]), y_train[:n]), (data.to_nhwc_float(x_test), y_test)


def dropout_seeds(
    seeds=(0, 1, 2, 3, 4),
    rates=(0.0, 0.25, 0.5, 0.75),
    *,
    epochs: int = 15,
    batch_size: int = 64,
    validation_split: float = 0.25,
    patience: int = 3,
    max_epochs: int = 30,
    verbose: int = 0,
) -> dict:
    """Chapter 7's runs for every seed: the small convnet at each dropout rate, and ``EarlyStopping``.

    For each seed and rate, exactly the chapter's run: ``clear_session()``, ``set_random_seed(seed)``,
    :func:`utils.models.small_convnet` (Adam, sparse cross-entropy), ``fit`` on the first 2,000 images
    with ``validation_split`` for ``epochs`` epochs. Then, in inference mode (``model.evaluate``, dropout
    off): loss and accuracy on the rows trained on, on the validation rows, and on the test set.
    For each seed also the rate-0 model with ``EarlyStopping(monitor="val_loss", patience=patience,
    restore_best_weights=True)`` for at most ``max_epochs`` epochs, evaluated the same way.
    """
    import keras

    from .models import small_convnet
    from .training import validation_split_indices

    (x, y), (x_test, y_test) = _small_fashion()
    train_rows, val_rows = validation_split_indices(len(x), validation_split)

    def scores(model):
        out = {}
        for part, xs, ys in (
            ("train", x[train_rows], y[train_rows]),
            ("val", x[val_rows], y[val_rows]),
            ("test", x_test, y_test),
        ):
            loss, acc = model.evaluate(xs, ys, batch_size=500, verbose=0)
            out[f"{part}_loss"], out[f"{part}_acc"] = float(loss), float(acc)
        return out

    runs, early = [], []
    for seed in seeds:
        for rate in rates:
            keras.backend.clear_session()
            keras.utils.set_random_seed(int(seed))
            model = small_convnet(float(rate))
            model.compile(
                optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
            )
            hist = model.fit(
                x,
                y,
                epochs=epochs,
                batch_size=batch_size,
                validation_split=validation_split,
                verbose=verbose,
            ).history
            runs.append({"seed": int(seed), "rate": float(rate), "history": hist, **scores(model)})
            if verbose:
                print(f"seed {seed} rate {rate}: {runs[-1]}", file=sys.stderr)
        keras.backend.clear_session()
        keras.utils.set_random_seed(int(seed))
        model = small_convnet(0.0)
        model.compile(
            optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
        )
        stop = keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=patience, restore_best_weights=True
        )
        hist = model.fit(
            x,
            y,
            epochs=max_epochs,
            batch_size=batch_size,
            validation_split=validation_split,
            callbacks=[stop],
            verbose=verbose,
        ).history
        early.append(
            {
                "seed": int(seed),
                "epochs_run": len(hist["val_loss"]),
                "best_epoch": int(np.argmin(hist["val_loss"])) + 1,
                **scores(model),
            }
        )
    return {
        "seeds": [int(s) for s in seeds],
        "rates": [float(r) for r in rates],
        "epochs": epochs,
        "batch_size": batch_size,
        "validation_split": validation_split,
        "runs": runs,
        "early_stopping": early,
    }


def _fashion_split(n_val: int = 5000):
    """Chapter 6's data: the first 55,000 training images to train on, the last ``n_val`` to
    validate, and the test set."""
    from . import data

    (x, y), (x_test, y_test) = data.load_fashion_mnist()
    x, x_test = data.to_nhwc_float(x), data.to_nhwc_float(x_test)
    return (x[:-n_val], y[:-n_val]), (x[-n_val:], y[-n_val:]), (x_test, y_test)


#: Chapter 6's ablation: each row changes one thing against the note's same-padding model (row 3),
#: the last row changes all four at once. Dense and 64-64 rows are the chapter's first two models.
FASHION_ABLATION = [
    ("dense_128", {"model": "dense", "epochs": 3, "learning_rate": 1e-3, "schedule": "constant"}),
    (
        "convnet_64_64",
        {"model": "convnet", "epochs": 3, "learning_rate": 1e-3, "schedule": "constant"},
    ),
    ("same_padding", {"model": "same", "epochs": 3, "learning_rate": 1e-3, "schedule": "cosine"}),
    (
        "+batch_norm",
        {
            "model": "same",
            "epochs": 3,
            "learning_rate": 1e-3,
            "schedule": "cosine",
            "batch_norm": True,
        },
    ),
    (
        "+dropout",
        {"model": "same", "epochs": 3, "learning_rate": 1e-3, "schedule": "cosine", "dropout": 0.3},
    ),
    ("+learning_rate", {"model": "same", "epochs": 3, "learning_rate": 2e-3, "schedule": "cosine"}),
    ("+epochs", {"model": "same", "epochs": 8, "learning_rate": 1e-3, "schedule": "cosine"}),
    (
        "all_four",
        {
            "model": "same",
            "epochs": 8,
            "learning_rate": 2e-3,
            "schedule": "cosine",
            "batch_norm": True,
            "dropout": 0.3,
        },
    ),
]


def fashion_ablation(seeds=(0,), rows=None, *, batch_size: int = 128, verbose: int = 0) -> dict:
    """Chapter 6's models and the four changes to the note's model, each alone and all together.

    Every run: ``clear_session()``, ``set_random_seed(seed)``, Adam (a constant learning rate for the
    Dense and 64-64 models, as the chapter trains them; a cosine decay to 0 over the run for the
    same-padding models), sparse cross-entropy, batches of 128 from the first 55,000 training images
    (the same-padding models through the chapter's ``tf.data`` pipeline, shuffled from a 10,000-image
    buffer), the last 5,000 training images as validation data. Per run: validation accuracy after every
    epoch, final validation and test loss and accuracy, wall time, parameters, and which validation and
    test images it got right (packed bits, hex), for paired comparisons between rows.
    """
    import keras
    import tensorflow as tf

    from .models import dense_baseline, fashion_convnet, same_padding_convnet

    (x_tr, y_tr), (x_val, y_val), (x_test, y_test) = _fashion_split()
    chosen = [(n, c) for n, c in FASHION_ABLATION if rows is None or n in rows]
    runs = []
    for seed in seeds:
        for name, cfg in chosen:
            keras.backend.clear_session()
            keras.utils.set_random_seed(int(seed))
            if cfg["model"] == "dense":
                model = dense_baseline(hidden=128, name="dense_128")
            elif cfg["model"] == "convnet":
                model = fashion_convnet()
            else:
                model = same_padding_convnet(
                    batch_norm=cfg.get("batch_norm", False), dropout=cfg.get("dropout", 0.0)
                )
            steps = -(-len(x_tr) // batch_size)
            lr = cfg["learning_rate"]
            if cfg["schedule"] == "cosine":
                lr = keras.optimizers.schedules.CosineDecay(lr, decay_steps=cfg["epochs"] * steps)
            model.compile(
                optimizer=keras.optimizers.Adam(learning_rate=lr),
                loss="sparse_categorical_crossentropy",
                metrics=["accuracy"],
            )
            start = time.perf_counter()
            if cfg["model"] == "same":
                train_ds = (
                    tf.data.Dataset.from_tensor_slices((x_tr, y_tr))
                    .shuffle(10000, seed=int(seed))
                    .batch(batch_size)
                    .prefetch(tf.data.AUTOTUNE)
                )
                hist = model.fit(
                    train_ds, epochs=cfg["epochs"], validation_data=(x_val, y_val), verbose=verbose
                )
            else:
                hist = model.fit(
                    x_tr,
                    y_tr,
                    epochs=cfg["epochs"],
                    batch_size=batch_size,
                    validation_data=(x_val, y_val),
                    verbose=verbose,
                )
            seconds = time.perf_counter() - start
            run = {
                "row": name,
                "seed": int(seed),
                **cfg,
                "params": int(model.count_params()),
                "train_seconds": round(seconds, 1),
                "val_accuracy_per_epoch": hist.history["val_accuracy"],
            }
            for part, xs, ys in (("val", x_val, y_val), ("test", x_test, y_test)):
                probs = model.predict(xs, batch_size=1000, verbose=0)
                right = probs.argmax(axis=1) == ys
                loss = float(keras.losses.sparse_categorical_crossentropy(ys, probs).numpy().mean())
                run.update(
                    {
                        f"{part}_acc": float(right.mean()),
                        f"{part}_loss": loss,
                        f"{part}_right": np.packbits(right).tobytes().hex(),
                    }
                )
            runs.append(run)
            if verbose:
                print(
                    f"{name} seed {seed}: val {run['val_acc']:.4f} test {run['test_acc']:.4f} "
                    f"{seconds:.0f} s",
                    file=sys.stderr,
                )
    return {
        "seeds": [int(s) for s in seeds],
        "validation": "last 5,000 training images",
        "train_images": int(len(x_tr)),
        "runs": runs,
    }


def unpack_right(hex_bits: str, n: int) -> np.ndarray:
    """The boolean array 'example i was classified correctly' stored as packed hex bits in a record."""
    return np.unpackbits(np.frombuffer(bytes.fromhex(hex_bits), dtype=np.uint8))[:n].astype(bool)


def one_by_one_heads_seeds(
    seeds=(0, 1, 2, 3, 4),
    heads=("flatten_dense", "conv1x1_gap", "linear_gap"),
    *,
    n: int = 12_000,
    epochs: int = 4,
    batch_size: int = 128,
    validation_split: float = 0.2,
    verbose: int = 0,
) -> dict:
    """Chapter 8's runs for every seed: the same two-convolution base with each of the three heads.

    For each seed and head, exactly the chapter's run: ``clear_session()``, ``set_random_seed(seed)``,
    :func:`utils.models.one_by_one_heads` (Adam, sparse cross-entropy), ``fit`` on the first ``n``
    Fashion-MNIST training images with ``validation_split`` (the last 20 %: rows 9,600-11,999) for
    ``epochs`` epochs. Then, in inference mode (``model.predict``, batches of 500): accuracy on the rows
    trained on, on the validation rows and on the 10,000 test images.
    """
    import keras

    from .models import one_by_one_heads
    from .training import validation_split_indices

    (x, y), (x_test, y_test) = _small_fashion(n)
    train_rows, val_rows = validation_split_indices(len(x), validation_split)
    runs = []
    for seed in seeds:
        for head in heads:
            keras.backend.clear_session()
            keras.utils.set_random_seed(int(seed))
            model = one_by_one_heads(head)
            model.compile(
                optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
            )
            start = time.perf_counter()
            hist = model.fit(
                x,
                y,
                epochs=epochs,
                batch_size=batch_size,
                validation_split=validation_split,
                verbose=2 if verbose else 0,
            ).history
            run = {
                "seed": int(seed),
                "head": head,
                "train_seconds": round(time.perf_counter() - start, 1),
                "history": hist,
            }
            for part, xs, ys in (
                ("train", x[train_rows], y[train_rows]),
                ("val", x[val_rows], y[val_rows]),
                ("test", x_test, y_test),
            ):
                right = model.predict(xs, batch_size=500, verbose=0).argmax(axis=1) == ys
                run[f"{part}_acc"] = float(right.mean())
            runs.append(run)
            if verbose:
                print(
                    f"seed {seed} {head}: train {run['train_acc']:.4f} val {run['val_acc']:.4f} "
                    f"test {run['test_acc']:.4f}",
                    file=sys.stderr,
                )
    return {
        "seeds": [int(s) for s in seeds],
        "heads": list(heads),
        "n": n,
        "epochs": epochs,
        "batch_size": batch_size,
        "validation_split": validation_split,
        "runs": runs,
    }


def train_best_fashion(
    *,
    epochs: int = 8,
    batch_size: int = 128,
    learning_rate: float = 2e-3,
    dropout: float = 0.3,
    seed: int = 0,
    verbose: int = 2,
):
    """Train chapter 6's best model the way the shipped weights were trained; returns ``(model, history, seconds)``.

    The recipe (chosen with the ``fashion_ablation`` record): the note's ``padding="same"`` model with batch
    normalisation and dropout ``dropout`` (:func:`utils.models.same_padding_convnet`), all 60,000 training
    images (the test set is not looked at), seed ``seed``, batches of ``batch_size`` shuffled from a
    10,000-image buffer, Adam with a learning rate falling from ``learning_rate`` to 0 along a cosine over
    ``epochs`` epochs, sparse categorical cross-entropy. ``scripts/train_pretrained.py`` calls this and
    writes the weights the course ships.
    """
    import keras

    from . import data, models

    (train_images, train_labels), _ = data.load_fashion_mnist()
    train_ds = data.make_dataset(
        train_images, train_labels, batch_size=batch_size, shuffle=True, seed=seed
    )
    steps = int(train_ds.cardinality())
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    model = models.same_padding_convnet(batch_norm=True, dropout=dropout)
    schedule = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps=epochs * steps)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=schedule),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    start = time.perf_counter()
    history = model.fit(train_ds, epochs=epochs, verbose=verbose)
    return model, history.history, time.perf_counter() - start


def mnist_convnet_seeds(
    seeds=(0, 1, 2, 3, 4),
    *,
    epochs: int = 10,
    batch_size: int = 128,
    n_val: int = 10_000,
    shifts=(0, 1, 2, 3, 4, 5),
    verbose: int = 0,
) -> dict:
    """Chapter 5's runs for every seed: the convnet and the dense baseline, epochs chosen on validation.

    For each seed and model, exactly the chapter's run: ``clear_session()``, ``set_random_seed(seed)``,
    :func:`utils.models.mnist_convnet` or :func:`utils.models.dense_baseline` (the layers the chapter writes
    out), RMSprop with its default constant learning rate (0.001), categorical cross-entropy on one-hot
    labels, ``fit`` on the first 50,000 MNIST training images for ``epochs`` epochs with the last ``n_val``
    as ``validation_data``, keeping the weights after every epoch; the epoch with the lowest validation
    loss is chosen and its weights restored. Then, in inference mode: loss and accuracy on the rows trained
    on, on the validation rows and on the test set, which images it got right (packed bits, hex), and its
    validation accuracy on digits moved ``s`` pixels right and down: all of them, only those that lose no
    ink at the frame, and with that ink erased but the digit left in place.
    """
    import keras

    from . import data, models

    (train_images, train_labels), (test_images, test_labels) = data.load_mnist()
    x_train, x_test = data.to_nhwc_float(train_images), data.to_nhwc_float(test_images)
    y_train_onehot = keras.utils.to_categorical(train_labels, 10)
    y_test_onehot = keras.utils.to_categorical(test_labels, 10)
    n_fit = len(x_train) - n_val
    x_fit, y_fit = x_train[:n_fit], y_train_onehot[:n_fit]
    x_val, y_val = x_train[n_fit:], y_train_onehot[n_fit:]
    val_labels = train_labels[n_fit:]

    moved = {s: models.shift_images(x_val, s, s) for s in shifts}
    cropped = {s: models.shift_images(moved[s], -s, -s) for s in shifts}
    ink = x_val.sum(axis=(1, 2, 3))
    intact = {s: (cropped[s] == x_val).all(axis=(1, 2, 3)) for s in shifts}
    ink_stats = [
        {
            "shift": int(s),
            "lose_ink": float(1 - intact[s].mean()),
            "ink_lost": float(((x_val - cropped[s]).sum(axis=(1, 2, 3)) / ink).mean()),
            "intact_digits": int(intact[s].sum()),
        }
        for s in shifts
    ]

    runs = []
    for seed in seeds:
        for kind, build in (("convnet", models.mnist_convnet), ("dense", models.dense_baseline)):
            keras.backend.clear_session()
            keras.utils.set_random_seed(int(seed))
            model = build()
            model.compile(
                optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"]
            )
            snapshots = []
            keep = keras.callbacks.LambdaCallback(
                on_epoch_end=lambda epoch, logs: snapshots.append(model.get_weights())  # noqa: B023
            )
            start = time.perf_counter()
            hist = model.fit(
                x_fit,
                y_fit,
                epochs=epochs,
                batch_size=batch_size,
                validation_data=(x_val, y_val),
                callbacks=[keep],
                verbose=2 if verbose else 0,
            ).history
            seconds = time.perf_counter() - start
            best = int(np.argmin(hist["val_loss"])) + 1
            model.set_weights(snapshots[best - 1])
            run = {
                "seed": int(seed),
                "model": kind,
                "best_epoch": best,
                "train_seconds": round(seconds, 1),
                "history": hist,
            }
            for part, xs, ys in (
                ("train", x_fit, y_fit),
                ("val", x_val, y_val),
                ("test", x_test, y_test_onehot),
            ):
                loss, acc = model.evaluate(xs, ys, batch_size=1000, verbose=0)
                run[f"{part}_loss"], run[f"{part}_acc"] = float(loss), float(acc)
            for part, xs, labels in (("val", x_val, val_labels), ("test", x_test, test_labels)):
                right = model.predict(xs, batch_size=1000, verbose=0).argmax(axis=1) == labels
                run[f"{part}_right"] = np.packbits(right).tobytes().hex()
            shift_acc = {"moved": [], "moved_intact": [], "cropped": []}
            for s in shifts:
                right = (
                    model.predict(moved[s], batch_size=1000, verbose=0).argmax(axis=1) == val_labels
                )
                shift_acc["moved"].append(float(right.mean()))
                shift_acc["moved_intact"].append(float(right[intact[s]].mean()))
                right = (
                    model.predict(cropped[s], batch_size=1000, verbose=0).argmax(axis=1)
                    == val_labels
                )
                shift_acc["cropped"].append(float(right.mean()))
            run["shift_val_acc"] = shift_acc
            runs.append(run)
            if verbose:
                print(
                    f"seed {seed} {kind}: epoch {best}, val {run['val_acc']:.4f} test {run['test_acc']:.4f} "
                    f"{seconds:.0f} s",
                    file=sys.stderr,
                )
    return {
        "seeds": [int(s) for s in seeds],
        "epochs": epochs,
        "batch_size": batch_size,
        "validation": f"last {n_val:,} training images (rows {n_fit:,}-{len(x_train) - 1:,})",
        "shifts": [int(s) for s in shifts],
        "ink": ink_stats,
        "runs": runs,
    }


#: Chapter 5's schedule comparison: (label, peak learning rate, cosine decay?) — one change at a time
#: from the note's constant 0.001, each trained for the same ``epochs``.
MNIST_SCHEDULES = (
    ("constant 0.001", 1e-3, False),
    ("constant 0.002", 2e-3, False),
    ("cosine from 0.001", 1e-3, True),
    ("cosine from 0.002", 2e-3, True),
)


def mnist_schedule_seeds(
    seeds=(0, 1, 2, 3, 4),
    schedules=MNIST_SCHEDULES,
    *,
    epochs: int = 2,
    batch_size: int = 128,
    n_val: int = 10_000,
    verbose: int = 0,
) -> dict:
    """Chapter 5's faster schedule: the convnet trained ``epochs`` epochs under each learning-rate schedule.

    For each seed and schedule, exactly the chapter's run: ``clear_session()``, ``set_random_seed(seed)``,
    :func:`utils.models.mnist_convnet`, RMSprop whose learning rate is constant or falls from its peak to 0
    along a cosine (``keras.optimizers.schedules.CosineDecay``) over the ``epochs`` epochs, categorical
    cross-entropy on one-hot labels, ``fit`` on the first 50,000 MNIST training images (the last ``n_val``
    validate). Then, in inference mode, loss and accuracy on the validation rows and on the test set, and
    the wall time of ``fit``.
    """
    import keras

    from . import data, models

    (train_images, train_labels), (test_images, test_labels) = data.load_mnist()
    x_train, x_test = data.to_nhwc_float(train_images), data.to_nhwc_float(test_images)
    y_train = keras.utils.to_categorical(train_labels, 10)
    y_test = keras.utils.to_categorical(test_labels, 10)
    n_fit = len(x_train) - n_val
    x_fit, y_fit, x_val, y_val = x_train[:n_fit], y_train[:n_fit], x_train[n_fit:], y_train[n_fit:]
    steps = epochs * -(-n_fit // batch_size)

    runs = []
    for seed in seeds:
        for label, peak, cosine in schedules:
            keras.backend.clear_session()
            keras.utils.set_random_seed(int(seed))
            model = models.mnist_convnet()
            rate = (
                keras.optimizers.schedules.CosineDecay(peak, decay_steps=steps) if cosine else peak
            )
            model.compile(
                optimizer=keras.optimizers.RMSprop(learning_rate=rate),
                loss="categorical_crossentropy",
                metrics=["accuracy"],
            )
            start = time.perf_counter()
            hist = model.fit(
                x_fit, y_fit, epochs=epochs, batch_size=batch_size, verbose=2 if verbose else 0
            ).history
            seconds = time.perf_counter() - start
            run = {"seed": int(seed), "schedule": label, "train_seconds": round(seconds, 1)}
            run["train_loss_running"] = hist["loss"]
            for part, xs, ys in (("val", x_val, y_val), ("test", x_test, y_test)):
                loss, acc = model.evaluate(xs, ys, batch_size=1000, verbose=0)
                run[f"{part}_loss"], run[f"{part}_acc"] = float(loss), float(acc)
            runs.append(run)
            if verbose:
                print(
                    f"seed {seed} {label}: val {run['val_acc']:.4f} ({run['val_loss']:.4f}) "
                    f"{seconds:.0f} s",
                    file=sys.stderr,
                )
    return {
        "seeds": [int(s) for s in seeds],
        "epochs": epochs,
        "batch_size": batch_size,
        "schedules": [list(s) for s in schedules],
        "validation": f"last {n_val:,} training images (rows {n_fit:,}-{len(x_train) - 1:,})",
        "runs": runs,
    }


#: chapter 7's toolbox: (label, knob, arguments of :func:`utils.models.regularized_convnet`), each row
#: one change from the baseline; ``early_stopping`` is a callback, not a model argument.
REGULARIZATION_TOOLBOX = (
    ("baseline", None, {}),
    ("smaller: Dense 32", "capacity", {"dense": 32}),
    ("smaller: Dense 8", "capacity", {"dense": 8}),
    ("L2 1e-4", "L2", {"l2": 1e-4}),
    ("L2 1e-3", "L2", {"l2": 1e-3}),
    ("L2 1e-2", "L2", {"l2": 1e-2}),
    ("dropout 0.5", "dropout", {"dropout": 0.5}),
    ("augmentation", "augmentation", {"augment": True}),
    ("early stopping", "early stopping", {"early_stopping": True}),
)


def regularization_combination(runs, toolbox=REGULARIZATION_TOOLBOX) -> tuple[str, dict]:
    """The combination rule, applied to the single-change rows: for each model knob (capacity, L2,
    dropout, augmentation) its row with the lowest mean validation cross-entropy, kept when that mean is
    below the baseline's. Early stopping is left out: its validation score is the best epoch's, chosen on
    those same validation rows, so it would win the rule by construction. Returns (label, arguments)."""

    def mean_val(label):
        return float(np.mean([r["val_xent"] for r in runs if r["label"] == label]))

    base = mean_val("baseline")
    kwargs, parts = {}, []
    for knob in ("capacity", "L2", "dropout", "augmentation"):
        rows = [(label, args) for label, k, args in toolbox if k == knob]
        if not rows:
            continue
        label, args = min(rows, key=lambda row: mean_val(row[0]))
        if mean_val(label) < base:
            kwargs.update(args)
            parts.append(label)
    return ("combined: " + " + ".join(parts) if parts else "combined: none"), kwargs


def regularization_seeds(
    seeds=(0, 1, 2, 3, 4),
    toolbox=REGULARIZATION_TOOLBOX,
    *,
    epochs: int = 30,
    batch_size: int = 64,
    validation_split: float = 0.25,
    patience: int = 3,
    verbose: int = 0,
) -> dict:
    """Chapter 7's regularization toolbox: each row of ``toolbox`` for every seed, then the combination.

    One baseline, :func:`utils.models.regularized_convnet` with every knob off (the chapter's small
    convnet, Adam, sparse cross-entropy), trained on the first 2,000 Fashion-MNIST images with
    ``validation_split`` for ``epochs`` epochs; each other row changes one thing. ``early stopping`` is
    the baseline with ``EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)``
    within the same ``epochs``. After all rows, :func:`regularization_combination` picks the combination
    from the mean validation scores, which is trained for every seed the same way. Every model is scored
    in inference mode with ``evaluate``: accuracy and cross-entropy (without the L2 penalty, which
    ``evaluate``'s loss includes) on the rows trained on, the validation rows and the test set.
    """
    import keras

    from .models import regularized_convnet
    from .training import validation_split_indices

    (x, y), (x_test, y_test) = _small_fashion()
    train_rows, val_rows = validation_split_indices(len(x), validation_split)
    parts = (
        ("train", x[train_rows], y[train_rows]),
        ("val", x[val_rows], y[val_rows]),
        ("test", x_test, y_test),
    )

    def train(label, args, seed):
        args = dict(args)
        early = args.pop("early_stopping", False)
        keras.backend.clear_session()
        keras.utils.set_random_seed(int(seed))
        model = regularized_convnet(**args)
        model.compile(
            optimizer="adam",
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy", keras.metrics.SparseCategoricalCrossentropy(name="xent")],
        )
        callbacks = (
            [
                keras.callbacks.EarlyStopping(
                    monitor="val_loss", patience=patience, restore_best_weights=True
                )
            ]
            if early
            else []
        )
        hist = model.fit(
            x,
            y,
            epochs=epochs,
            batch_size=batch_size,
            validation_split=validation_split,
            callbacks=callbacks,
            verbose=0,
        ).history
        run = {
            "label": label,
            "seed": int(seed),
            "epochs_run": len(hist["loss"]),
            "params": int(model.count_params()),
            "history": {k: [float(v) for v in vs] for k, vs in hist.items()},
        }
        for part, xs, ys in parts:
            _, acc, xent = model.evaluate(xs, ys, batch_size=500, verbose=0)
            run[f"{part}_acc"], run[f"{part}_xent"] = float(acc), float(xent)
        if verbose:
            print(
                f"{label:22s} seed {seed}: train {run['train_acc']:.3f} "
                f"val {run['val_acc']:.3f} val xent {run['val_xent']:.3f}",
                file=sys.stderr,
            )
        return run

    runs = [train(label, args, seed) for label, _, args in toolbox for seed in seeds]
    combo_label, combo_args = regularization_combination(runs, toolbox)
    runs += [train(combo_label, combo_args, seed) for seed in seeds]
    return {
        "seeds": [int(s) for s in seeds],
        "epochs": epochs,
        "batch_size": batch_size,
        "validation_split": validation_split,
        "patience": patience,
        "toolbox": [[label, knob, args] for label, knob, args in toolbox],
        "combination": [combo_label, combo_args],
        "runs": runs,
    }


#: name -> (function, the dotted names whose source the record's hash covers)
EXPERIMENTS = {
    "mnist_convnet_seeds": (
        mnist_convnet_seeds,
        [
            "utils.experiments.mnist_convnet_seeds",
            "utils.models.mnist_convnet",
            "utils.models.dense_baseline",
            "utils.models.shift_images",
            "utils.data.to_nhwc_float",
        ],
    ),
    "mnist_schedule_seeds": (
        mnist_schedule_seeds,
        [
            "utils.experiments.mnist_schedule_seeds",
            "utils.experiments.MNIST_SCHEDULES",
            "utils.models.mnist_convnet",
            "utils.data.to_nhwc_float",
        ],
    ),
    "one_by_one_heads_seeds": (
        one_by_one_heads_seeds,
        [
            "utils.experiments.one_by_one_heads_seeds",
            "utils.experiments._small_fashion",
            "utils.models.one_by_one_heads",
            "utils.training.validation_split_indices",
            "utils.data.to_nhwc_float",
        ],
    ),
    "dropout_seeds": (
        dropout_seeds,
        [
            "utils.experiments.dropout_seeds",
            "utils.experiments._small_fashion",
            "utils.models.small_convnet",
            "utils.training.validation_split_indices",
            "utils.data.to_nhwc_float",
        ],
    ),
    "regularization_seeds": (
        regularization_seeds,
        [
            "utils.experiments.regularization_seeds",
            "utils.experiments.regularization_combination",
            "utils.experiments.REGULARIZATION_TOOLBOX",
            "utils.experiments._small_fashion",
            "utils.models.regularized_convnet",
            "utils.training.validation_split_indices",
            "utils.data.to_nhwc_float",
        ],
    ),
    "fashion_ablation": (
        fashion_ablation,
        [
            "utils.experiments.fashion_ablation",
            "utils.experiments._fashion_split",
            "utils.experiments.FASHION_ABLATION",
            "utils.models.dense_baseline",
            "utils.models.fashion_convnet",
            "utils.models.same_padding_convnet",
            "utils.data.to_nhwc_float",
        ],
    ),
}


def run(name: str, *, directory=None, verbose: int = 0, **kwargs):
    """Run experiment ``name`` and write its record; returns the record's path."""
    from . import records

    if name not in EXPERIMENTS:
        raise ValueError(f"no experiment {name!r}; there are: {', '.join(sorted(EXPERIMENTS))}")
    fn, code = EXPERIMENTS[name]
    start = time.perf_counter()
    results = fn(verbose=verbose, **kwargs)
    seconds = time.perf_counter() - start
    return records.save(
        name,
        results,
        code=code,
        seconds=seconds,
        command=f"python -m utils.experiments {name}",
        directory=directory,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Re-make an experiment record in utils/records/.")
    parser.add_argument("name", choices=sorted(EXPERIMENTS))
    parser.add_argument("--verbose", type=int, default=1)
    args = parser.parse_args(argv)
    import utils

    utils.setup()
    path = run(args.name, verbose=args.verbose)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
