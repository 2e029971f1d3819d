"""Checkers for the exercises on overfitting, dropout, callbacks (chapter 7) and 1×1 convolutions (chapter 8).

Every expected value is computed with :mod:`utils.training`, :mod:`utils.conv` or Keras itself. Each
checker reads its answer's type and shape first, then compares it with the common wrong answers of its
question (computed here from the same rules, done the wrong way) so that the :class:`~utils.checks.Hint`
names the mistake; where two parts of an answer are wrong, the hint reports both.
"""

from __future__ import annotations

import numbers
import re
import types

import numpy as np

from .. import conv, models, training
from . import Hint, as_array, as_int, as_ints, as_number, checker, describe, passed, require_answer

__all__ = [
    "check_split_sizes",
    "check_dropout_scale",
    "check_stop_callback",
    "check_early_stopping",
    "check_dropout_model",
    "check_inference_gap",
    "check_one_by_one_params",
    "check_one_by_one_shape",
    "check_merged_one_by_one",
    "check_bottleneck_ratio",
    "check_head_params",
    "check_l2_penalty",
]


# ----------------------------------------------------------------------------- private helpers


def _fail(name: str, problems: list[str]) -> None:
    """Raise one hint that lists every problem found (one line each), or return if there is none."""
    if problems:
        if len(problems) == 1:
            raise Hint(f"{name}: {problems[0]}")
        raise Hint(
            f"{name}: {len(problems)} things to fix.\n" + "\n".join(f"- {p}" for p in problems)
        )


def _close(a: float, b: float, rtol: float = 1e-3, atol: float = 1e-9) -> bool:
    return bool(np.isclose(a, b, rtol=rtol, atol=atol))


def _n_items(value) -> int | None:
    """How many numbers a list, tuple, array or tensor answer holds; None for a single value or a non-container."""
    if (
        value is None
        or value is ...
        or isinstance(value, (str, bytes, dict, numbers.Number, np.bool_))
    ):
        return None
    try:
        if np.ndim(value) == 0:
            return None
        return int(np.size(value))
    except Exception:  # noqa: BLE001 - a ragged list
        try:
            return len(value)
        except Exception:  # noqa: BLE001
            return None


def _count(value, name: str, *, what: str, many_hint: str) -> int:
    """A count (rows, parameters): a whole number; a list/array, a fraction or a string gets its own hint."""
    require_answer(value, name)
    if _n_items(value) not in (None, 1):
        raise Hint(
            f"{name}: {what} is asked, but your answer is {describe(value)}. {many_hint}".strip()
        )
    return as_int(value, name, what=what)


def _epoch(value, name: str) -> int:
    return _count(
        value, name, what="one epoch number", many_hint="Give one whole number, counted from 1."
    )


# ----------------------------------------------------------------------------- chapter 7


@checker
def check_split_sizes(
    n_train, n_val, n: int, validation_split: float, name: str = "split sizes"
) -> None:
    """How many rows ``fit(validation_split=...)`` trains and validates on for ``n`` samples."""
    require_answer(n_train, f"{name} (n_train)")
    require_answer(n_val, f"{name} (n_val)")
    tr, va = (len(r) for r in training.validation_split_indices(n, validation_split))
    cut = n * (1 - validation_split)
    values = []
    for value, part in ((n_train, "n_train"), (n_val, "n_val")):
        label = f"{name} ({part})"
        if (_n_items(value) or 0) > 2:
            raise Hint(
                f"{label}: a number of rows is asked, but your answer is {describe(value)}: those are "
                "the rows themselves. Count them with len(...)."
            )
        if _n_items(value) == 2:
            raise Hint(
                f"{label}: one number is asked, but your answer is {describe(value)}. Put the number "
                "of training rows in n_train and the number of validation rows in n_val."
            )
        v = as_number(value, label, what="a number of rows")
        if 0 < v < 1:
            raise Hint(
                f"{label}: {v:g} is a fraction of the data; the question asks how many rows "
                f"(out of {n:,})."
            )
        if not v.is_integer():
            raise Hint(
                f"{label}: {v:g} is not a whole number of rows. n·(1 − v) = {cut:g} must become a "
                "row index: Keras rounds it down (floor) to find the cut."
            )
        values.append(int(v))
    a, b = values
    if (a, b) == (tr, va):
        passed(
            name,
            f"Keras cuts at floor({n} × {1 - validation_split:g}) and validates on the last {va} "
            "rows, the same rows in every epoch.",
        )
        return
    if (a, b) == (va, tr):
        raise Hint(
            f"{name}: n_train and n_val are swapped: validation_split={validation_split} is the share "
            "held out for validation; the rest is trained on."
        )
    held = int(np.floor(n * validation_split))
    if (a, b) == (n - held, held) and b != va:
        raise Hint(
            f"{name}: n_train = {a}, n_val = {b}: that floors the validation part, "
            f"floor(n·v) = floor({n * validation_split:g}) = {held}, and gives the rest to training "
            f"(the same as n·(1 − v) = {cut:g} rounded up). Keras floors the *training* part, "
            f"floor({cut:g}) = {tr}, and the leftover row goes to validation; flooring "
            f"n·v = {n * validation_split:g} puts it on the wrong side."
        )
    problems = []
    if a + b != n:
        problems.append(
            f"n_train + n_val = {a + b:,}, not {n:,}: every row goes to exactly one side, "
            "so n_val is what the cut leaves after n_train."
        )
    if a != tr:
        if a in (round(cut), int(np.ceil(cut))) and a == tr + 1:
            problems.append(
                f"n_train = {a}: n·(1 − v) = {cut:g} was rounded up. Keras rounds the training "
                "part down (floor), and the validation part gets the rest."
            )
        else:
            problems.append(
                f"n_train = {a} is not right: the training part is floor(n·(1 − v)), the rows "
                "before the cut."
            )
    _fail(name, problems)


@checker
def check_dropout_scale(
    kept_value, predicted_value, rate: float, value: float = 1.0, name: str = "dropout values"
) -> None:
    """What ``Dropout(rate)`` turns an input equal to ``value`` into: when it keeps it during training
    (``kept_value``), and when the model predicts (``predicted_value``)."""
    require_answer(kept_value, f"{name} (kept_value)")
    require_answer(predicted_value, f"{name} (predicted_value)")
    import keras

    x = np.full((1, 1000), value, dtype="float32")
    out = np.asarray(keras.layers.Dropout(rate, seed=0)(x, training=True))
    exp_kept = float(out[out != 0][0])
    exp_pred = float(np.asarray(keras.layers.Dropout(rate, seed=0)(x, training=False))[0, 0])

    many = (
        "One number is asked: the value one kept unit gets, not the layer's whole output (pick one "
        "entry that is not 0)."
    )
    kept = as_number(kept_value, f"{name} (kept_value)", many_hint=many)
    pred = as_number(predicted_value, f"{name} (predicted_value)", many_hint=many)
    keep = 1 - rate
    tol = "to within 0.1 %"
    if _close(kept, exp_kept) and _close(pred, exp_pred):
        passed(
            name,
            f"Keras divides the kept units by 1 − rate = {keep:g} during training and does nothing "
            "at prediction time, so each unit's expected value is the same in both.",
        )
        return
    if _close(kept, value) and _close(pred, value * keep):
        raise Hint(
            f"{name}: that is Srivastava et al.'s convention (kept units unscaled during training, weights "
            "multiplied by the keep probability at test time). Keras's Dropout does it the other way "
            "round, 'inverted dropout': it scales the kept units during training, and at prediction "
            "time the layer does nothing."
        )
    problems = []
    if not _close(kept, exp_kept):
        if _close(kept, 0.0):
            problems.append(
                "kept_value: 0 is what a *dropped* unit becomes; the question asks about a unit "
                "that is kept."
            )
        elif _close(kept, value * keep):
            problems.append(
                f"kept_value: {kept:g} = value × (1 − rate). 1 − rate is the chance of being kept, "
                "not a factor: Keras *divides* the kept units by 1 − rate, so that the expected "
                "value stays the same."
            )
        elif _close(kept, value):
            problems.append(
                "kept_value: during training Keras does not leave the kept units as they are: it "
                "scales them by 1 / (1 − rate)."
            )
        elif rate > 0 and _close(kept, value / rate):
            problems.append(
                "kept_value: you divided by the rate. Divide by 1 − rate, the chance of being kept."
            )
        elif _close(kept, value * (1 + rate)):
            problems.append("kept_value: 1 / (1 − rate) is not 1 + rate; compute the division.")
        elif value != 1 and _close(kept, 1 / keep):
            problems.append(
                f"kept_value: {kept:g} is the factor 1 / (1 − rate); the input is {value:g}, so "
                "multiply it by that factor."
            )
        elif _close(kept, exp_kept, rtol=0.02):
            problems.append(
                f"kept_value: {kept:g} is close but rounded; give value / (1 − rate) unrounded "
                f"({tol})."
            )
        else:
            problems.append(
                "kept_value: Keras scales the units it keeps by 1 / (1 − rate) during training."
            )
    if not _close(pred, exp_pred):
        if _close(pred, value * keep):
            problems.append(
                "predicted_value: with Keras's inverted dropout nothing is multiplied by 1 − rate "
                "at prediction time (that is the original paper's convention); the layer passes "
                "its input through unchanged."
            )
        elif _close(pred, exp_kept):
            problems.append(
                "predicted_value: the scaling happens only during training; at prediction time "
                "(training=False) Dropout does nothing."
            )
        elif _close(pred, 0.0):
            problems.append(
                "predicted_value: at prediction time no unit is dropped; Dropout does nothing."
            )
        else:
            problems.append(
                "predicted_value: at prediction time (training=False) Dropout does nothing."
            )
    _fail(name, problems)


class _FakeModel:
    """Stands in for the model a callback is attached to: only the ``stop_training`` flag matters."""

    stop_training = False


#: Epoch logs that tell the usual callback mistakes apart: (threshold, monitor, rows of (accuracy,
#: val_accuracy)). The first lands exactly on its threshold (> instead of >=); in the second the two
#: metrics cross the threshold at different epochs (watching the wrong one); the third never stops.
_CALLBACK_RUNS = [
    (0.9, "accuracy", [(0.6, 0.55), (0.85, 0.8), (0.9, 0.82), (0.95, 0.84)]),
    (0.75, "val_accuracy", [(0.7, 0.6), (0.8, 0.7), (0.9, 0.76), (0.95, 0.8)]),
    (0.99, "accuracy", [(0.9, 0.8), (0.95, 0.85), (0.97, 0.86)]),
]


def _logs(acc: float, val: float) -> dict:
    return {"accuracy": acc, "loss": 1 - acc, "val_accuracy": val, "val_loss": 1.2 - val}


def _run_callback(cb, rows, name: str):
    """Feed ``rows`` of epoch logs to ``cb`` as ``fit`` would; return the epoch (from 1) after which it
    stopped training, or None."""
    model = _FakeModel()
    logs = {}
    try:
        cb.set_model(model)
        cb.on_train_begin({})
        for epoch, (acc, val) in enumerate(rows):
            logs = _logs(acc, val)
            cb.on_epoch_end(epoch, logs)
            if model.stop_training:
                return epoch + 1
    except Exception as e:  # noqa: BLE001 - the learner's code failed: say where and with what
        extra = ""
        if isinstance(e, KeyError):
            extra = f" The logs Keras passes have the keys {sorted(logs)}: read logs[self.monitor]."
        elif isinstance(e, TypeError) and "argument" in str(e):
            extra = (
                " Keras passes the hooks these arguments: def on_train_begin(self, logs=None), "
                "def on_epoch_end(self, epoch, logs=None)."
            )
        said = str(e).strip().rstrip(".")
        raise Hint(f"{name}: your callback raised {type(e).__name__}: {said}.{extra}") from None
    return None


def _check_callback_signature(cls, name: str) -> None:
    """The two __init__ slips that the epoch logs would report only obscurely: the threshold not first,
    and a default monitor other than 'accuracy'."""
    import inspect

    try:
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]  # without self
    except (TypeError, ValueError):  # a builtin __init__: the runs report what goes wrong
        return
    names = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if names and names[0] in ("monitor", "metric", "key") and len(names) > 1:
        raise Hint(
            f"{name}: your __init__ takes {names[0]} first, so {name}(0.9) makes 0.9 the "
            f"{names[0]}. The threshold comes first: def __init__(self, threshold, "
            "monitor='accuracy'), as the question calls it, StopAtThreshold(threshold)."
        )
    monitor = next((p for p in params if p.name == "monitor"), None)
    if monitor is not None and isinstance(monitor.default, str) and monitor.default != "accuracy":
        raise Hint(
            f"{name}: your __init__ gives monitor the default {monitor.default!r}; the question "
            f"says monitor is 'accuracy' unless given, so {name}(0.9) must watch logs['accuracy']: "
            "def __init__(self, threshold, monitor='accuracy')."
        )


@checker
def check_stop_callback(cls, name: str = "StopAtThreshold") -> None:
    """A ``keras.callbacks.Callback`` class, built as ``cls(threshold, monitor="accuracy")``, that stops at the end
    of the first epoch whose ``logs[monitor] >= threshold`` and stores that epoch, counted from 1, in
    ``stopped_epoch`` (``None`` while it has not stopped).

    It is compared with :class:`utils.training.StopAtAccuracy` on epoch logs that tell the usual mistakes apart.
    """
    require_answer(cls, name)
    import keras

    reference = training.StopAtAccuracy
    if isinstance(cls, keras.callbacks.Callback):
        raise Hint(
            f"{name}: your answer is an instance ({type(cls).__name__}(...)); the class itself is asked. "
            f"Assign the class: {name} = the class you defined, without calling it."
        )
    if not isinstance(cls, type):
        raise Hint(
            f"{name}: a class (class {name}(keras.callbacks.Callback): ...) is asked, but your answer is "
            f"{describe(cls)}."
        )
    if not issubclass(cls, keras.callbacks.Callback):
        raise Hint(
            f"{name}: your class does not inherit from keras.callbacks.Callback, so fit cannot use it: "
            f"write class {cls.__name__}(keras.callbacks.Callback)."
        )
    if cls is reference or issubclass(cls, reference):
        raise Hint(
            f"{name}: that is utils.training.StopAtAccuracy, the course's version; the exercise is to "
            "write the callback yourself."
        )
    if issubclass(cls, keras.callbacks.EarlyStopping):
        raise Hint(
            f"{name}: EarlyStopping watches for a lack of improvement, not a threshold; write your own "
            "subclass of keras.callbacks.Callback."
        )
    _check_callback_signature(cls, name)
    got, want, runs = [], [], []
    for threshold, monitor, rows in _CALLBACK_RUNS:
        # The runs on 'accuracy' use the default monitor, so they also check that the default is 'accuracy'.
        call = (
            f"{name}({threshold})"
            if monitor == "accuracy"
            else f"{name}({threshold}, monitor={monitor!r})"
        )
        runs.append(
            f"{call} and {monitor} per epoch {[r[0 if monitor == 'accuracy' else 1] for r in rows]}"
        )
        try:
            cb = cls(threshold) if monitor == "accuracy" else cls(threshold, monitor=monitor)
        except TypeError as e:
            raise Hint(
                f"{name}: {call} failed with TypeError: {e}. Define "
                "__init__(self, threshold, monitor='accuracy'): monitor is optional, 'accuracy' by "
                "default."
            ) from None
        except Exception as e:  # noqa: BLE001 - the learner's __init__ failed
            raise Hint(f"{name}: {call} raised {type(e).__name__}: {e}") from None
        ref = reference(threshold, monitor=monitor, verbose=False)
        want.append((_run_callback(ref, rows, "reference"), ref.stopped_epoch))
        stopped = _run_callback(cb, rows, name)
        got.append((stopped, getattr(cb, "stopped_epoch", "missing"), cb))

    if all(g[0] is None for g in got):
        if any(getattr(g[2], "stop_training", False) for g in got):
            raise Hint(
                f"{name}: training never stops: you set self.stop_training, the callback's own attribute. "
                "Set self.model.stop_training = True, the flag fit reads after each epoch."
            )
        raise Hint(
            f"{name}: training never stops. In on_epoch_end(self, epoch, logs), compare "
            "logs[self.monitor] with self.threshold and set self.model.stop_training = True."
        )
    if all(g[0] == 1 for g in got):
        raise Hint(
            f"{name}: it stops after the first epoch every time. Stop only when the metric has reached "
            "the threshold: logs[self.monitor] >= self.threshold."
        )
    problems = []
    (s0, _, _), (s1, _, _), (s2, _, _) = got
    if s0 != want[0][0]:
        if s0 == want[0][0] + 1:
            problems.append(
                f"with {runs[0]} the accuracy lands exactly on the threshold at epoch "
                f"{want[0][0]}, and your callback does not stop there: 'at least' means >=, not >."
            )
        else:
            problems.append(
                f"with {runs[0]} training should stop after epoch {want[0][0]}, but yours stops "
                f"{'after epoch ' + str(s0) if s0 else 'never'}."
            )
    if s1 != want[1][0]:
        if s1 == 2:
            problems.append(
                f"with {runs[1]} your callback stops when the *training* accuracy crosses the "
                "threshold: read logs[self.monitor], not logs['accuracy']."
            )
        else:
            problems.append(
                f"with {runs[1]} training should stop after epoch {want[1][0]}, but yours stops "
                f"{'after epoch ' + str(s1) if s1 else 'never'}: compare logs[self.monitor] >= "
                "self.threshold."
            )
    if s2 != want[2][0]:
        problems.append(
            f"with {runs[2]} the threshold is never reached, but your callback stops after epoch "
            f"{s2}."
        )
    _fail(name, problems)
    # When it stops is right; now what it records.
    for (stopped, recorded, _), (_, ref_epoch) in zip(got, want):
        if recorded == "missing":
            raise Hint(
                f"{name}: it stops at the right epochs, but has no stopped_epoch attribute: set "
                "self.stopped_epoch = None in __init__ and store the epoch when you stop."
            )
        if stopped is not None and recorded == stopped - 1:
            raise Hint(
                f"{name}: stopped_epoch is {recorded} where training stopped after epoch {stopped}: Keras "
                "counts the epoch argument from 0, so store epoch + 1."
            )
        if recorded != ref_epoch:
            raise Hint(
                f"{name}: stopped_epoch is {describe(recorded)} but should be "
                f"{ref_epoch if ref_epoch is not None else 'None (it never stopped)'}: the epoch "
                "after which it stopped, counted from 1."
            )
    passed(
        name,
        "it stops at the end of the first epoch whose monitored value reaches the threshold "
        "(>=, so landing exactly on it counts), whichever metric it watches.",
    )


def _es_variants(losses: list[float], patience: int) -> dict:
    """Where EarlyStopping would stop under two common misreadings of its rule (1-based epochs)."""
    out = {}
    # 1. an epoch "improves" if it beats the epoch before (not the best so far)
    wait = 0
    out["previous"] = len(losses)
    for e in range(1, len(losses)):
        wait = 0 if losses[e] < losses[e - 1] else wait + 1
        if wait >= patience:
            out["previous"] = e + 1
            break
    # 2. the non-improving epochs are counted in total, not in a row
    best, bad = losses[0], 0
    out["total"] = len(losses)
    for e in range(1, len(losses)):
        if losses[e] < best:
            best = losses[e]
        else:
            bad += 1
            if bad >= patience:
                out["total"] = e + 1
                break
    return out


def _not_a_loss(value, losses: list[float], label: str) -> None:
    """An epoch number was asked, and the answer is one of the val_loss values: say so."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating)):
        return
    v = float(value)
    if not v.is_integer() and any(_close(v, loss, rtol=0, atol=1e-9) for loss in losses):
        raise Hint(
            f"{label}: {v:g} is a val_loss, one of the values in the list; give the number of its "
            "epoch instead, counted from 1."
        )


@checker
def check_early_stopping(
    epochs_run, best_epoch, val_losses, patience: int, name: str = "early stopping"
) -> None:
    """Epochs run and the epoch whose weights are restored by ``EarlyStopping(patience=...)`` (1-based)."""
    require_answer(epochs_run, f"{name} (epochs_run)")
    require_answer(best_epoch, f"{name} (best_epoch)")
    losses = [float(v) for v in val_losses]
    exp_run, exp_best = training.early_stopping_epochs(losses, patience)
    if _n_items(epochs_run) == 2:
        raise Hint(
            f"{name} (epochs_run): one number is asked, but your answer is {describe(epochs_run)}. Put "
            "the number of epochs run in epochs_run and the kept epoch in best_epoch."
        )
    for value, label in ((epochs_run, "epochs_run"), (best_epoch, "best_epoch")):
        _not_a_loss(value, losses, f"{name} ({label})")
    run = _epoch(epochs_run, f"{name} (epochs_run)")
    best = _epoch(best_epoch, f"{name} (best_epoch)")
    if (run, best) == (exp_run, exp_best):
        later = [i + 1 for i in range(exp_run, len(losses)) if losses[i] < losses[exp_best - 1]]
        if later:
            listed = [f"{e} (val_loss {losses[e - 1]:.2f})" for e in later]
            which = (
                f"Epoch {listed[0]}"
                if len(listed) == 1
                else f"Epochs {', '.join(listed[:-1])} and {listed[-1]}"
            )
            extra = (
                f" {which} would have beaten it, but never ran: a small patience can stop before a "
                "later improvement, so patience is a hyperparameter too."
            )
        else:
            extra = ""
        passed(
            name,
            f"{patience} epochs in a row without a new lowest val_loss end the run; "
            f"restore_best_weights puts back the lowest.{extra}",
        )
        return
    if (run, best) == (exp_best, exp_run):
        raise Hint(
            f"{name}: epochs_run and best_epoch are swapped: training runs past the best epoch, for "
            f"{patience} more epochs without improvement."
        )
    problems = []
    if run != exp_run:
        variants = _es_variants(losses, patience)
        if run == exp_run - 1:
            problems.append(
                f"epochs_run = {run}: one short. Count epochs from 1 (Keras's epoch argument counts "
                "from 0), and the run ends at the end of the epoch that used up the patience."
            )
        elif run == variants["previous"]:
            problems.append(
                f"epochs_run = {run}: an epoch counts as an improvement only when it beats the "
                "*lowest* val_loss so far, not just the epoch before it."
            )
        elif run == variants["total"]:
            problems.append(
                f"epochs_run = {run}: patience counts epochs *in a row* without a new lowest "
                "val_loss; a new lowest value resets the count to 0."
            )
        elif run == len(losses):
            problems.append(
                f"epochs_run = {run} is every epoch: the patience runs out before the end. Count "
                "the epochs in a row without a new lowest val_loss."
            )
        elif run == exp_run + 1:
            problems.append(
                f"epochs_run = {run}: one too many. Training stops at the end of the epoch where "
                f"the count of epochs without improvement reaches {patience}."
            )
        elif run < exp_run:
            problems.append(
                f"epochs_run = {run}: too early. A val_loss that rises once does not stop training: "
                f"it takes {patience} epochs in a row without a new lowest value."
            )
        else:
            problems.append(
                f"epochs_run = {run} is not right: training stops at the end of the epoch where "
                f"{patience} epochs in a row have not beaten the lowest val_loss so far."
            )
    if best != exp_best:
        global_best = int(np.argmin(losses)) + 1
        if best == exp_best - 1:
            problems.append(
                f"best_epoch = {best}: count epochs from 1 (the first epoch is epoch 1)."
            )
        elif best == global_best and global_best > exp_run:
            problems.append(
                f"best_epoch = {best} has the lowest loss of the list, but training stopped before "
                "it ran: only epochs that ran can be restored."
            )
        elif best == run:
            problems.append(
                f"best_epoch = {best} is the last epoch run. restore_best_weights=True puts back "
                "the weights of the epoch with the lowest val_loss, not the last one."
            )
        else:
            problems.append(
                f"best_epoch = {best} is not right: it is the epoch with the lowest val_loss among "
                "the epochs that ran, counted from 1."
            )
    _fail(name, problems)


def _norm(text) -> str:
    return "".join(ch for ch in str(text).lower() if ch.isalnum())


def _loss_as_written(model) -> tuple[str, bool]:
    """The compiled loss as the learner wrote it ('binary_crossentropy', BinaryCrossentropy), and
    whether it was told ``from_logits=True``."""
    cfg = model.get_compile_config() if hasattr(model, "get_compile_config") else {}
    loss = (cfg or {}).get("loss")
    if isinstance(loss, dict):
        return str(loss.get("class_name") or loss.get("config", {}).get("name", "")), bool(
            (loss.get("config") or {}).get("from_logits", False)
        )
    if isinstance(loss, str):
        return loss, False
    return str(getattr(loss, "__name__", type(loss).__name__)), bool(
        getattr(loss, "from_logits", False)
    )


def _compiled_names(model) -> tuple[str | None, str | None, list[str]]:
    """(optimizer, loss, metrics) of a compiled model, as lower-case names without underscores."""
    cfg = model.get_compile_config() if hasattr(model, "get_compile_config") else {}
    if not cfg:
        return None, None, []

    def name_of(item):
        if isinstance(item, dict):
            return _norm(item.get("class_name") or item.get("config", {}).get("name", ""))
        if isinstance(item, str):
            return _norm(item)
        return _norm(getattr(item, "__name__", type(item).__name__))

    metrics = cfg.get("metrics") or []
    if not isinstance(metrics, (list, tuple)):
        metrics = [metrics]
    return name_of(cfg.get("optimizer")), name_of(cfg.get("loss")), [name_of(m) for m in metrics]


def _dropout_places(kinds: list[str]) -> list[str]:
    """Where each Dropout sits, in the chapter's words."""
    places = []
    for i, k in enumerate(kinds):
        if k != "Dropout":
            continue
        before = [x for x in kinds[:i] if x != "Dropout"]
        after = [x for x in kinds[i + 1 :] if x != "Dropout"]
        if not after:
            places.append("after the output layer")
        elif not before or before[-1] == "Conv2D" and "MaxPooling2D" not in before:
            places.append("before the pooling layer" if before else "on the input image")
        elif before[-1] in ("MaxPooling2D", "Flatten") and "Dense" not in before:
            places.append("after pooling")
        elif before[-1] == "Dense" and len(after) == 1:
            places.append("after the hidden Dense layer")
        else:
            places.append(f"after {before[-1]}")
    return places


#: Layer and model names that :func:`utils.models.small_convnet` gives.
_BUILDER_LAYERS = ["conv", "pool", "dropout_1", "flatten", "dense", "dropout_2", "output"]


def _two_rates(rate) -> tuple[float, float]:
    """``rate`` as (after pooling, after the hidden Dense layer): one number means the same in both."""
    if isinstance(rate, (list, tuple)):
        first, second = rate
        return float(first), float(second)
    return float(rate), float(rate)


def _pct(r: float) -> str:
    return f"{100 * r:.0f} %"


@checker
def check_dropout_model(
    model, rate=0.5, input_shape=(28, 28, 1), name: str = "dropout model"
) -> None:
    """A compiled model laid out as :func:`utils.models.small_convnet` with two ``Dropout`` layers, on
    ``input_shape``: one after pooling (before or after Flatten) and one after the hidden Dense layer.

    ``rate`` is one rate for both, or a pair (after pooling, after the hidden Dense layer).
    """
    require_answer(model, name)
    import keras

    want_pool, want_dense = _two_rates(rate)

    input_shape = tuple(input_shape)
    if isinstance(model, type):
        raise Hint(
            f"{name}: your answer is the class {model.__name__}, not a model: build one, "
            "model = keras.Sequential([...])."
        )
    if (
        isinstance(model, (list, tuple))
        and model
        and all(isinstance(x, (keras.layers.Layer, keras.KerasTensor)) for x in model)
    ):
        raise Hint(
            f"{name}: a list of layers is not a model yet: wrap it, model = keras.Sequential([...]), "
            "then compile it."
        )
    if callable(model) and not isinstance(model, keras.Model):
        raise Hint(
            f"{name}: your answer is {describe(model)}, a function; a model is asked. Write the model "
            "out with keras.Sequential([...]), as the chapter does."
        )
    if not isinstance(model, keras.Model):
        raise Hint(f"{name}: a Keras model is asked, but your answer is {describe(model)}.")
    try:
        got_shape = tuple(model.inputs[0].shape[1:])
    except Exception:  # noqa: BLE001 - a Sequential built without keras.Input has no inputs yet
        raise Hint(
            f"{name}: the model has no input shape yet: start the list with keras.Input(shape=...), "
            "as the chapter does."
        ) from None
    reference = models.small_convnet(want_pool or want_dense or 0.5, input_shape=input_shape)
    problems = []
    if got_shape != input_shape:
        h, w, c = input_shape
        if got_shape == (h, w):
            problems.append(
                f"the input shape is {got_shape}: add the channel axis, (height, width, channels)."
            )
        elif got_shape == (c, h, w):
            problems.append(
                f"the input shape is {got_shape}, channels first; Keras puts the channels last: "
                "(height, width, channels)."
            )
        elif got_shape == (28, 28, 1):
            problems.append(
                f"the input shape is {got_shape}, Fashion-MNIST's; these images are {h}×{w} "
                f"with {c} colour channel{'s' if c > 1 else ''}."
            )
        else:
            problems.append(
                f"the input shape is {got_shape}; the images are {h}×{w} with {c} channel(s)."
            )

    own = [
        layer for layer in model.layers if type(layer).__name__ != "InputLayer"
    ]  # functional models list it
    kinds = [type(layer).__name__ for layer in own]
    ref_kinds = [type(layer).__name__ for layer in reference.layers]
    core = [k for k in kinds if k != "Dropout"]
    ref_core = [k for k in ref_kinds if k != "Dropout"]
    if core != ref_core:
        problems.append(
            f"apart from Dropout, your layers are {core}; the chapter's model has {ref_core}."
        )
        _fail(name, problems)

    places = _dropout_places(kinds)
    wanted = ["after pooling", "after the hidden Dense layer"]
    if not places:
        problems.append(
            "there is no Dropout layer: add Dropout(rate) after pooling and after the hidden Dense "
            "layer."
        )
    else:
        for p in places:
            if p == "after the output layer":
                problems.append(
                    "a Dropout after the output layer would zero class probabilities during "
                    "training; dropout goes on hidden units: after pooling and after the hidden "
                    "Dense layer."
                )
            elif p not in wanted:
                problems.append(
                    f"a Dropout sits {p}; the chapter puts them after pooling and after the hidden "
                    "Dense layer."
                )
        missing = [w for w in wanted if w not in places]
        if missing and len(places) < 2 or len(places) > 2 or len(set(places)) < len(places):
            problems.append(
                f"there should be exactly one Dropout {wanted[0]} and one {wanted[1]}; yours: "
                f"{places}."
            )
    rates = [float(layer.rate) for layer in own if type(layer).__name__ == "Dropout"]
    wanted_rates = [want_pool, want_dense]
    if places == wanted:  # one Dropout in each place: compare each with its own rate
        if not np.allclose(rates, wanted_rates):
            if want_pool != want_dense and np.allclose(rates, wanted_rates[::-1]):
                why = (
                    " (a common choice: lighter dropout on the convolutional features, heavier "
                    "on the fully connected hidden units)"
                    if want_dense > want_pool
                    else ""
                )
                problems.append(
                    f"your Dropout rates are swapped: {want_pool:g} goes after pooling and "
                    f"{want_dense:g} after the hidden Dense layer{why}."
                )
            elif np.allclose(rates, 1 - np.asarray(wanted_rates)):
                problems.append(
                    f"your Dropout rates are {rates}: Keras's rate is the fraction *dropped*, so "
                    f"these drop {_pct(1 - want_pool)} and {_pct(1 - want_dense)} of the units; "
                    f"the question's rates {want_pool:g} and {want_dense:g} drop {_pct(want_pool)} "
                    f"and {_pct(want_dense)}."
                )
            else:
                for got_r, want_r, where in zip(rates, wanted_rates, wanted):
                    if not np.isclose(got_r, want_r):
                        problems.append(
                            f"the Dropout {where} has rate {got_r:g}; the question asks "
                            f"{want_r:g} there."
                        )
            if (
                want_pool != want_dense
                and len(set(rates)) == 1
                and re.fullmatch(r"convnet_dropout_\d+", model.name)
                and [la.name for la in own] == _BUILDER_LAYERS
            ):
                problems.append(
                    "this looks like utils.models.small_convnet's model, which puts the same rate "
                    "in both places: write the model out with keras.Sequential([...]), as the "
                    "chapter does, with each Dropout's own rate."
                )
    elif any(not np.isclose(r, wanted_rates).any() for r in rates):
        problems.append(
            f"your Dropout rates are {rates}; the question asks {want_pool:g} after pooling and "
            f"{want_dense:g} after the hidden Dense layer."
        )

    # The other layers, setting by setting (activations, filters, kernel size, units, padding, strides).
    got_layers = [la for la in own if type(la).__name__ != "Dropout"]
    ref_layers = [la for la in reference.layers if type(la).__name__ != "Dropout"]
    keys = (
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "activation",
        "units",
        "pool_size",
        "use_bias",
    )
    for i, (g, r) in enumerate(zip(got_layers, ref_layers)):
        gc, rc = g.get_config(), r.get_config()
        diffs = {k: (gc.get(k), rc.get(k)) for k in keys if k in rc and gc.get(k) != rc.get(k)}
        if not diffs:
            continue
        kind = type(g).__name__
        role = (
            ("output layer" if i == len(got_layers) - 1 else "hidden Dense layer")
            if kind == "Dense"
            else kind
        )
        if "activation" in diffs:
            act, want_act = diffs.pop("activation")
            if role == "output layer":
                problems.append(
                    f"the output layer's activation is {act!r}: use 'softmax', so that it gives class "
                    "probabilities, as the chapter does."
                )
            else:
                problems.append(
                    f"the {role}'s activation is {act!r}; the chapter's model uses {want_act!r} "
                    "there (without it, stacked layers stay linear)."
                )
        if diffs:
            problems.append(
                f"the {role} differs from the chapter's: "
                + ", ".join(f"{k} {a!r} instead of {b!r}" for k, (a, b) in diffs.items())
                + "."
            )

    optimizer, loss, metrics = _compiled_names(model)
    if optimizer is None:
        problems.append(
            "the model is not compiled: model.compile(optimizer=..., loss=..., metrics=[...]), as "
            "in the chapter."
        )
    else:
        if optimizer != "adam":
            problems.append(
                f"the optimizer is {optimizer!r}; compile with Adam, as the chapter does."
            )
        written, from_logits = _loss_as_written(model)
        if loss != "sparsecategoricalcrossentropy":
            if loss == "categoricalcrossentropy":
                problems.append(
                    f"the loss is {written}, which expects one-hot labels; the labels here are "
                    "integers 0–9, so use sparse_categorical_crossentropy."
                )
            else:
                problems.append(
                    f"the loss is {written}; the labels are integers 0–9, so use "
                    "sparse_categorical_crossentropy."
                )
        elif (
            from_logits
            and got_layers
            and got_layers[-1].get_config().get("activation") == ("softmax")
        ):
            problems.append(
                "the loss has from_logits=True, which tells it the outputs are raw scores, so it "
                "applies a softmax itself: on top of your softmax output layer that is a softmax "
                "twice. With a softmax output, leave from_logits at False (the default), as the "
                "chapter does."
            )
        if not any(m in ("accuracy", "acc", "sparsecategoricalaccuracy") for m in metrics):
            problems.append(
                "compile with metrics=['accuracy'], so that fit and evaluate report the accuracy."
            )
    _fail(name, problems)
    if (
        model.count_params() != reference.count_params()
    ):  # pragma: no cover - the layers above decide this
        raise Hint(
            f"{name}: the layers look right but the parameter count differs from the chapter's model."
        )
    passed(
        name,
        "Dropout adds no weights and acts only during training, so the parameter count is that of "
        "the model without it.",
    )


def _history_dict(history) -> dict:
    h = history.history if hasattr(history, "history") else history
    return h if isinstance(h, dict) else {}


def _scores(model, x, y) -> tuple[float, float]:
    """(loss, accuracy) of ``model`` on ``x``, ``y`` as ``model.evaluate`` gives them (the learner's
    route); from ``predict`` where the model has no usable ``evaluate``."""
    if getattr(model, "compiled", False) and hasattr(model, "evaluate"):
        try:
            res = model.evaluate(x, y, verbose=0, return_dict=True)
            acc = [v for k, v in res.items() if "acc" in k]
            if "loss" in res and len(acc) == 1:
                return float(res["loss"]), float(acc[0])
        except Exception:  # noqa: BLE001 - fall back to predict, below
            pass
    probs = np.asarray(model.predict(x, verbose=0))
    p_true = np.clip(probs[np.arange(len(y)), y], 1e-7, 1.0)
    return float(-np.log(p_true).mean()), float((probs.argmax(axis=1) == y).mean())


def _dropout_on(model, x, y, draws: int = 10) -> tuple[float, float] | None:
    """Mean and spread of the accuracy on ``x`` measured with dropout on, ``model(x, training=True)``,
    over a few draws; the model's non-trainable state (dropout seeds, batch-norm statistics) is put
    back afterwards. None for a model without dropout."""
    import keras

    if isinstance(model, keras.Model):
        if not any(isinstance(la, keras.layers.Dropout) for la in model.layers):
            return None
        saved = [np.asarray(v) for v in model.non_trainable_variables]
        try:
            accs = [
                float((np.asarray(model(x, training=True)).argmax(axis=1) == y).mean())
                for _ in range(draws)
            ]
        finally:
            for var, value in zip(model.non_trainable_variables, saved):
                var.assign(value)
    elif callable(model):  # a stand-in model in the tests
        accs = [float((np.asarray(model(x, training=True)).argmax(axis=1) == y).mean())]
    else:
        return None
    return float(np.mean(accs)), float(np.std(accs))


def _read_accuracy(value, label: str, losses: tuple[float, float]) -> float:
    """One accuracy: a History, a dict or a [loss, accuracy] pair gets its own hint."""
    require_answer(value, label)
    if hasattr(value, "history") and isinstance(getattr(value, "history", None), dict):
        raise Hint(
            f"{label}: your answer is the History that fit returned; one accuracy is asked, measured "
            "with model.evaluate."
        )
    if isinstance(value, dict):
        raise Hint(
            f"{label}: one number is asked, but your answer is a dict (keys {sorted(value)[:4]})."
        )
    if (_n_items(value) or 0) > 1:
        try:
            arr = np.asarray(value, dtype=float).reshape(-1)
        except Exception:  # noqa: BLE001 - a ragged list
            arr = None
        if arr is not None and arr.size == 2 and any(_close(arr[0], v, 1e-3) for v in losses):
            raise Hint(
                f"{label}: your answer is [loss, accuracy], all that model.evaluate returns; the "
                "accuracy is its entry [1]."
            )
        raise Hint(
            f"{label}: one number is asked, but your answer is {describe(value)}. model.evaluate "
            "returns [loss, accuracy]: take the accuracy, [1]."
        )
    return as_number(value, label, what="one number (an accuracy between 0 and 1)")


@checker
def check_inference_gap(
    train_acc,
    val_acc,
    gap,
    model,
    x,
    y,
    history=None,
    validation_split: float = 0.25,
    name: str = "train-validation gap",
) -> None:
    """The accuracy on the rows ``fit(validation_split=...)`` trained on, on its validation rows, and
    their difference, all measured in inference mode with the final weights (``model.evaluate``).

    ``history`` is the History that ``fit`` returned; it is used to recognise numbers read from
    ``fit``'s running accuracy. An accuracy may be off by one row (1/n: a prediction that ties).
    """
    labels = ("train_acc", "val_acc", "gap")
    for value, label in zip((train_acc, val_acc, gap), labels):
        require_answer(value, f"{name} ({label})")

    y = np.asarray(y).reshape(-1)
    tr, va = training.validation_split_indices(len(x), validation_split)
    n_tr, n_va = len(tr), len(va)
    loss_tr, exp_tr = _scores(model, x[tr], y[tr])
    loss_va, exp_va = _scores(model, x[va], y[va])
    tol = {"train_acc": 1 / n_tr + 1e-6, "val_acc": 1 / n_va + 1e-6}
    tol["gap"] = tol["train_acc"] + tol["val_acc"]
    stated = {
        k: f"to within one row, 1/{n:,} ≈ {1 / n:.4f}"
        for k, n in (("train_acc", n_tr), ("val_acc", n_va))
    }

    got = {
        "train_acc": _read_accuracy(train_acc, f"{name} (train_acc)", (loss_tr, loss_va)),
        "val_acc": _read_accuracy(val_acc, f"{name} (val_acc)", (loss_tr, loss_va)),
    }
    if isinstance(gap, (list, tuple, np.ndarray)) and (_n_items(gap) or 0) > 1:
        raise Hint(
            f"{name} (gap): one number is asked, but your answer is {describe(gap)}: the gap is "
            "train_acc − val_acc, the difference of two accuracies."
        )
    got["gap"] = as_number(gap, f"{name} (gap)", what="one number (an accuracy difference)")
    exp = {"train_acc": exp_tr, "val_acc": exp_va, "gap": exp_tr - exp_va}
    ok = {k: abs(got[k] - exp[k]) <= tol[k] for k in labels}
    h = _history_dict(history)
    running = {}
    if h.get("accuracy") and h.get("val_accuracy"):
        running = {"train_acc": float(h["accuracy"][-1]), "val_acc": float(h["val_accuracy"][-1])}
        running["gap"] = running["train_acc"] - running["val_acc"]

    if all(ok.values()):
        passed(
            name,
            "evaluate scores every row with the final weights and dropout off; fit's 'accuracy' is "
            "a running average over the epoch, with dropout on. fit's val_accuracy is already "
            "measured the inference way.",
        )
        return
    if not ok["train_acc"] and not ok["val_acc"]:
        if (
            abs(got["train_acc"] - exp_va) <= tol["val_acc"]
            and abs(got["val_acc"] - exp_tr) <= tol["train_acc"]
        ):
            raise Hint(
                f"{name}: train_acc and val_acc are swapped: train_acc is the accuracy on the rows "
                "fit trained on, the first part of the arrays."
            )

    # What each wrong accuracy was measured on, or how.
    predicted = None

    def right_rows():
        nonlocal predicted
        if predicted is None:
            predicted = np.asarray(model.predict(x, verbose=0)).argmax(axis=1) == y
        return predicted

    if not (ok["train_acc"] and ok["val_acc"]):
        # Measured on the two sides of another cut (half and half, the first rows...)?
        hits = np.cumsum(right_rows())
        k = np.arange(1, len(x))
        before, after = hits[:-1] / k, (hits[-1] - hits[:-1]) / (len(x) - k)
        cut = np.flatnonzero(
            (np.abs(before - got["train_acc"]) <= 1e-6) & (np.abs(after - got["val_acc"]) <= 1e-6)
        )
        if cut.size:
            at = int(k[cut[0]])
            raise Hint(
                f"{name}: you cut the arrays at row {at:,} ({at:,} rows trained on, "
                f"{len(x) - at:,} validation rows). validation_split={validation_split} cuts at "
                f"floor({len(x):,} × {1 - validation_split:g}) = {n_tr:,}: the first {n_tr:,} rows "
                f"are trained on, the last {n_va:,} are the validation rows "
                "(training.validation_split_indices gives them)."
            )

    problems = []
    for label, rows, loss in (("train_acc", tr, loss_tr), ("val_acc", va, loss_va)):
        if ok[label]:
            continue
        v, e, t = got[label], exp[label], tol[label]
        which = "the rows fit trained on" if label == "train_acc" else "the validation rows"
        if running and label == "train_acc" and abs(v - running[label]) <= 1e-6:
            problems.append(
                f"train_acc = {v:.4f} is fit's running 'accuracy' of the last epoch: an average over "
                "the epoch's batches while the weights still changed, with dropout on. Measure the "
                "rows fit trained on with model.evaluate (final weights, inference mode)."
            )
        elif 1 < v <= 100 and abs(v - 100 * e) <= 100 * t:
            problems.append(
                f"{label} = {v:g} is a percentage; give it as a fraction (accuracies run from 0 to 1)."
            )
        elif _close(v, loss, rtol=1e-3):
            problems.append(
                f"{label} = {v:.4f} is the loss: model.evaluate returns [loss, accuracy]; take [1]."
            )
        elif abs(v - right_rows().mean()) <= 1 / len(x):
            problems.append(
                f"{label}: you scored all {len(x):,} rows, the validation rows and the rows trained "
                f"on together. validation_split={validation_split} held out the last {n_va:,} rows; "
                f"fit trained on the first {n_tr:,}."
            )
        elif label == "train_acc" and abs(v - right_rows()[n_va:].mean()) <= t:
            problems.append(
                f"train_acc: you scored rows {n_va:,} to {len(x) - 1:,}, as if the *first* {n_va:,} "
                "rows were the validation rows; validation_split holds out the *last* rows of the "
                f"arrays, so fit trained on rows 0 to {n_tr - 1:,}."
            )
        elif label == "val_acc" and abs(v - right_rows()[:n_va].mean()) <= t:
            problems.append(
                f"val_acc: you scored the *first* {n_va:,} rows; validation_split holds out the "
                f"*last* {n_va:,} rows of the arrays."
            )
        else:
            spread = _dropout_on(model, x[rows], y[rows])
            if spread is not None and abs(v - spread[0]) <= max(4 * spread[1], 2 / len(rows)):
                problems.append(
                    f"{label} = {v:.4f} looks measured with dropout on (model(x, training=True)): "
                    "with units dropped the model scores lower, and differently on every "
                    "call. model.evaluate (or predict, or model(x)) runs in inference mode, dropout "
                    "off."
                )
            else:
                problems.append(
                    f"{label} = {v:.4f} is not the accuracy on {which} in inference mode "
                    f"({stated[label]}). Score those rows (training.validation_split_indices says "
                    "which) with model.evaluate and take the accuracy, [1]."
                )

    g = got["gap"]
    if not ok["gap"]:
        own = got["train_acc"] - got["val_acc"]
        if problems and abs(g - own) <= 1e-6:
            pass  # the gap follows from the two accuracies: fixing them fixes it
        elif running and abs(g - running["gap"]) <= 1e-6:
            problems.append(
                "gap: that is the difference of fit's running 'accuracy' and val_accuracy, the "
                "running one averaged over the epoch with dropout on. Use train_acc − val_acc."
            )
        elif abs(g + own) <= 1e-6 or abs(g + exp["gap"]) <= tol["gap"]:
            problems.append(
                "gap: the sign is flipped: train_acc − val_acc, training minus validation."
            )
        elif abs(g - 100 * own) <= 1e-4 or abs(g - 100 * exp["gap"]) <= 100 * tol["gap"]:
            problems.append(
                "gap: that is the gap in percentage points; give it as a fraction, train_acc − "
                "val_acc."
            )
        elif _close(g, loss_tr - loss_va, rtol=1e-3) or _close(g, loss_va - loss_tr, rtol=1e-3):
            problems.append(
                "gap: that is a difference of *losses*: model.evaluate returns [loss, accuracy]; "
                "take the accuracies, [1]."
            )
        else:
            problems.append(f"gap = {g:.4f} is not train_acc − val_acc = {own:.4f}.")
    _fail(name, problems)


# ----------------------------------------------------------------------------- chapter 8


@checker
def check_one_by_one_params(
    value,
    c_in: int,
    c_out: int,
    height: int | None = None,
    width: int | None = None,
    name: str = "1x1 parameters",
) -> None:
    """Weights of a 1×1 convolution from ``c_in`` to ``c_out`` channels, biases included (on an
    ``height`` × ``width`` map, which does not change the count)."""
    require_answer(value, name)
    expected = conv.conv_params(1, c_in, c_out)
    if _n_items(value) == 2:
        raise Hint(
            f"{name}: one number is asked, the total of weights and biases, but your answer is "
            f"{describe(value)}. Add them up."
        )
    v = _count(
        value,
        name,
        what="one whole number (weights and biases together)",
        many_hint="Give the total as one number.",
    )
    if v == expected:
        passed(
            name,
            "one weight per input channel and one bias, for each filter; the map's size does not "
            "enter, because every pixel shares the same weights.",
        )
        return
    hw = height * width if height and width else 1
    if v == conv.conv_params(1, c_in, c_out, bias=False):
        raise Hint(
            f"{name}: close: you left out the biases (one per output channel, so {c_out} of them)."
        )
    if hw > 1 and v in (expected * hw, conv.conv_params(1, c_in, c_out, bias=False) * hw):
        raise Hint(
            f"{name}: you multiplied by the map's {height}×{width} positions. A convolution shares its "
            "weights over all positions: the count does not depend on the map's size."
        )
    if hw > 1 and v in (
        conv.conv_flops(height, width, 1, c_in, c_out),
        conv.conv_macs(height, width, 1, c_in, c_out),
    ):
        raise Hint(
            f"{name}: that is the number of operations (FLOPs or multiply-adds) over the map, not the "
            "number of parameters."
        )
    if v == conv.conv_params(3, c_in, c_out):
        raise Hint(
            f"{name}: that is the count for a 3×3 kernel (3·3·C_in weights per filter); a 1×1 kernel has "
            "1·1·C_in."
        )
    if v == c_in * c_out + c_in:
        raise Hint(
            f"{name}: there is one bias per *output* channel (per filter), not per input channel."
        )
    raise Hint(
        f"{name}: a 1×1 kernel has C_in weights per filter, plus one bias per filter: "
        "(1·1·C_in + 1)·C_out."
    )


def _not_divided(value, h: int, w: int, strides: int, name: str) -> None:
    """A height or width given as n / s (7.5): the output size is not the input divided by the stride."""
    if strides <= 1 or isinstance(value, (str, bytes, dict)):
        return
    try:
        sizes = np.asarray(value, dtype=float).reshape(-1)
    except Exception:  # noqa: BLE001 - as_ints reports what it is
        return
    if sizes.size != 3:
        return
    hh, ww = sizes[0], sizes[1]
    if (hh == h / strides and not hh.is_integer()) or (ww == w / strides and not ww.is_integer()):
        raise Hint(
            f"{name}: height and width: {h} / {strides} = {h / strides:g} is not a number of "
            "positions. The output size counts the positions where the kernel fits, "
            f"floor((n − f) / s) + 1 with f = 1: the positions 0, {strides}, {2 * strides}, … up "
            f"to {h - 1}."
        )


@checker
def check_one_by_one_shape(
    value, input_shape, filters: int, strides: int = 1, name: str = "output shape"
) -> None:
    """Shape ``(H, W, filters)`` of ``Conv2D(filters, 1, strides=strides)`` (valid padding) on an ``(H, W, C)``
    input."""
    require_answer(value, name)
    h, w, c = input_shape
    expected = (conv.output_size(h, 1, strides), conv.output_size(w, 1, strides), filters)
    if isinstance(value, str):
        raise Hint(
            f"{name}: a tuple of three numbers is asked, but your answer is {describe(value)}: drop the "
            "quotes, (height, width, channels)."
        )
    _not_divided(value, h, w, strides, name)
    got = as_ints(value, name, 3, what="a tuple (height, width, channels)", batch_hint=True)
    if got == expected:
        passed(
            name,
            f"a 1×1 kernel fits at every position, so only the stride shrinks the map: "
            f"floor(({h} − 1) / {strides}) + 1; the channels become the number of filters.",
        )
        return
    if got == (filters, *expected[:2]):
        raise Hint(f"{name}: that is channels first; Keras writes (height, width, channels).")
    problems = []
    if got[:2] != expected[:2]:
        hh = got[0]
        if strides > 1 and hh == h:
            problems.append(
                f"height and width: with strides={strides} the kernel moves {strides} pixels at a "
                f"time, so the map shrinks: floor((n − 1) / {strides}) + 1."
            )
        elif strides > 1 and hh == h // strides:
            problems.append(
                f"height and width: {h} // {strides} = {hh} rounds the wrong way. The formula "
                f"floor((n − f) / s) + 1 with f = 1 counts the positions 0, {strides}, "
                f"{2 * strides}, … up to {h - 1}."
            )
        elif hh == conv.output_size(h, 3, strides):
            problems.append(
                "height and width: that is what a 3×3 kernel gives; a 1×1 kernel fits at every "
                "position, f = 1 in floor((n − f) / s) + 1."
            )
        else:
            problems.append(
                f"height and width: use floor((n − f) / s) + 1 with n = {h}, f = 1, s = {strides}."
            )
    if got[2] != expected[2]:
        if got[2] == c:
            problems.append(
                f"channels: {c} is the input's depth; the output has one channel per filter."
            )
        elif got[2] == c * filters:
            problems.append(
                "channels: each filter sums over all input channels and gives one output channel, "
                "so the output has as many channels as filters."
            )
        else:
            problems.append("channels: the number of output channels is the number of filters.")
    _fail(name, problems)


#: Names whose use in the learner's merge function means it fits or runs layers instead of computing the
#: merged weights from the two layers' weights.
_FITTING = ("lstsq", "pinv", "solve", "least_squares", "curve_fit")
_KERAS = ("keras", "Conv2D", "Dense", "Sequential", "predict")


def _code_names(fn, depth: int = 2) -> set[str]:
    """The global and attribute names a function's code uses, its nested functions' included, and those
    of the notebook's own functions it calls (``depth`` levels deep)."""
    code = getattr(fn, "__code__", None)
    names, stack = set(), [code]
    while stack:
        c = stack.pop()
        if c is None:
            continue
        names |= set(c.co_names)
        stack += [k for k in c.co_consts if isinstance(k, types.CodeType)]
    if depth > 0:
        glob = getattr(fn, "__globals__", {})
        for n in list(names):
            f = glob.get(n)
            if isinstance(f, types.FunctionType) and f is not fn and f.__module__ == fn.__module__:
                names |= _code_names(f, depth - 1)
    return names


def _broadcast_of_matrices(message: str) -> bool:
    """Whether NumPy's broadcast error ``message`` is about two arrays of two or more axes each:
    then two kernels were multiplied entry by entry (``*``), not a bias added to something."""
    shapes = re.findall(r"\(([\d,\s]*)\)", message)
    dims = [len([d for d in sh.split(",") if d.strip()]) for sh in shapes]
    return len(dims) >= 2 and all(n >= 2 for n in dims[:2])


def _keras_merge_outputs(x, weights1, weights2, merged):
    """The two 1×1 layers in a row, and the merged layer, run by Keras on ``x``."""
    import keras

    k1, k2 = weights1[0].shape[-1], weights2[0].shape[-1]
    stack = keras.Sequential(
        [keras.Input(shape=x.shape[1:]), keras.layers.Conv2D(k1, 1), keras.layers.Conv2D(k2, 1)]
    )
    stack.set_weights([*weights1, *weights2])
    one = keras.Sequential([keras.Input(shape=x.shape[1:]), keras.layers.Conv2D(k2, 1)])
    one.set_weights(list(merged))
    return np.asarray(stack(x)), np.asarray(one(x))


@checker
def check_merged_one_by_one(fn, name: str = "merge") -> None:
    """A function ``fn(kernel1, bias1, kernel2, bias2)`` that returns ``(kernel, bias)`` of the one
    ``Conv2D(K2, 1)`` layer that computes what ``Conv2D(K1, 1)`` followed by ``Conv2D(K2, 1)``, both
    without activation, compute. Kernels come as Keras stores them, ``(1, 1, C, K1)`` and
    ``(1, 1, K1, K2)``, biases ``(K1,)`` and ``(K2,)``; the merged kernel must be ``(1, 1, C, K2)``.
    The merged layer is compared with the two layers in Keras."""
    require_answer(fn, name)
    if isinstance(fn, type) or not callable(fn):
        raise Hint(
            f"{name}: a function is asked (def merge(kernel1, bias1, kernel2, bias2): ... return "
            f"kernel, bias), but your answer is {describe(fn)}."
        )
    used = _code_names(fn)
    if used & set(_FITTING):
        raise Hint(
            f"{name}: your function fits the merged layer ({', '.join(sorted(used & set(_FITTING)))}); "
            "the question asks you to compute it from the two layers' weights with the matrix "
            "product. Expand (x W1 + b1) W2 + b2."
        )
    if used & set(_KERAS):
        raise Hint(
            f"{name}: your function uses Keras ({', '.join(sorted(used & set(_KERAS)))}); compute "
            "the merged kernel and bias from the weights with NumPy. Expand (x W1 + b1) W2 + b2."
        )
    rng = np.random.default_rng(8)
    # (C, K1, K2): the question's sizes, then a square case (the order of the product and a transposed
    # kernel give wrong values there, not an error), then three different sizes.
    for c, k1, k2 in [(16, 32, 8), (5, 5, 5), (3, 7, 2)]:
        k_1, b_1 = rng.normal(size=(1, 1, c, k1)), rng.normal(size=k1)
        k_2, b_2 = rng.normal(size=(1, 1, k1, k2)), rng.normal(size=k2)
        W1, W2 = k_1[0, 0], k_2[0, 0]
        where = (
            f"for kernel1 {k_1.shape}, bias1 {b_1.shape}, kernel2 {k_2.shape}, bias2 {b_2.shape}"
        )
        try:
            out = fn(k_1.copy(), b_1.copy(), k_2.copy(), b_2.copy())
        except Exception as e:  # noqa: BLE001 - the learner's code failed: say where and with what
            said = str(e).strip().rstrip(".")
            extra = ""
            if "broadcast" in said and _broadcast_of_matrices(said):
                extra = (
                    " `*` multiplies entry by entry, and two kernels of different shapes cannot be "
                    "multiplied that way; the two layers compose as the matrix product, W1 @ W2 "
                    "(kernel1[0, 0] @ kernel2[0, 0])."
                )
            elif "broadcast" in said:
                extra = (
                    f" bias1 has K1 = {k1} entries and bias2 K2 = {k2}: the first layer's bias goes "
                    "through the second layer's weights (the matrix product bias1 @ W2, not *) "
                    "before the second bias is added."
                )
            elif any(w in said for w in ("matmul", "shapes", "align", "dimension", "mismatch")):
                extra = (
                    " kernel1[0, 0] is the C×K1 matrix W1, kernel2[0, 0] the K1×K2 matrix W2; a "
                    "pixel's channel vector goes through W1 first, then W2."
                )
            raise Hint(
                f"{name}: your function raised {type(e).__name__} ({said}) {where}.{extra}"
            ) from None
        if out is None:
            raise Hint(f"{name}: your function returns None: did you forget `return kernel, bias`?")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise Hint(
                f"{name}: your function returns {describe(out)}; it must return two things, the "
                "merged layer's kernel and its bias: return kernel, bias."
            )
        kernel = as_array(out[0], f"{name} (the kernel {where})")
        bias = as_array(out[1], f"{name} (the bias {where})")
        want_k, want_b = (1, 1, c, k2), (k2,)
        if kernel.shape == want_b and bias.shape == want_k:
            raise Hint(f"{name}: kernel and bias are swapped: return kernel, bias, in that order.")
        if kernel.shape != want_k:
            if kernel.shape == (c, k2):
                fix = (
                    "that is the C×K2 matrix; Keras stores a 1×1 kernel as (1, 1, C, K2): add the "
                    "two leading axes, W[None, None] or W.reshape(1, 1, C, K2)."
                )
            elif kernel.shape == (1, 1, k2, c):
                fix = "its last two axes are swapped: Keras stores (1, 1, C_in, C_out)."
            else:
                fix = (
                    "Keras stores the kernel of Conv2D(K2, 1) on C input channels as (1, 1, C, K2)."
                )
            raise Hint(
                f"{name}: the kernel has shape {kernel.shape} {where}; expected {want_k}: {fix}"
            )
        if bias.shape != want_b:
            if bias.shape == (1, 1, k2):
                fix = (
                    " bias1 @ kernel2 keeps kernel2's two leading axes; use its K1×K2 matrix "
                    "kernel2[0, 0]."
                )
            elif bias.size == k2:
                fix = (
                    f" It holds the right number of values, {k2}, with extra axes: Keras wants a "
                    f"flat vector, e.g. bias.reshape({k2}) (or leave out the [None] you added)."
                )
            else:
                fix = ""
            raise Hint(
                f"{name}: the bias has shape {bias.shape} {where}; expected {want_b}, one per "
                f"output channel.{fix}"
            )
        if not (np.all(np.isfinite(kernel)) and np.all(np.isfinite(bias))):
            raise Hint(f"{name}: the kernel or bias holds inf or nan {where}.")
        x = rng.normal(size=(2, 3, 4, c)).astype("float32")
        two, one = _keras_merge_outputs(x, [k_1, b_1], [k_2, b_2], [kernel, bias])
        if np.allclose(one, two, rtol=1e-4, atol=1e-4):
            continue
        W, b = W1 @ W2, b_1 @ W2 + b_2
        k_ok = np.allclose(kernel[0, 0], W, atol=1e-6)
        problems = []
        if not k_ok:
            k = kernel[0, 0]
            if np.allclose(k, np.maximum(W, 0), atol=1e-6):
                problems.append(
                    "kernel: there is no activation between or after these layers: W1 @ W2, no "
                    "ReLU."
                )
            elif c == k1 == k2 and np.allclose(k, W2 @ W1, atol=1e-6):
                problems.append(
                    "kernel: the product is in the wrong order. A pixel's channel vector x goes "
                    "through the first layer, then the second: x W1 W2, so W1 @ W2."
                )
            elif c == k2 and np.allclose(k, W.T, atol=1e-6):
                problems.append(
                    "kernel: it is transposed. Keras's kernel matrix is C_in × C_out: x @ W."
                )
            else:
                problems.append(
                    "kernel: the merged layer multiplies each pixel by one C×K2 matrix; expand "
                    "(x W1 + b1) W2 + b2 and read off the matrix that multiplies x."
                )
        if not np.allclose(bias, b, atol=1e-6):
            if np.allclose(bias, b_2, atol=1e-6):
                problems.append(
                    "bias: bias1 is missing. The first layer adds b1 before the second layer "
                    "multiplies by W2, so b1 reaches the output as b1 @ W2."
                )
            elif np.allclose(bias, b_1 @ W2, atol=1e-6):
                problems.append("bias: bias2 is missing: the second layer adds it at the end.")
            elif k1 == k2 and np.allclose(bias, b_1 + b_2, atol=1e-6):
                problems.append(
                    "bias: b1 + b2 forgets that b1 goes through the second layer's weights: it "
                    "reaches the output as b1 @ W2."
                )
            elif np.allclose(bias, np.maximum(b, 0), atol=1e-6):
                problems.append("bias: there is no activation here: no ReLU on the bias.")
            else:
                problems.append(
                    "bias: expand (x W1 + b1) W2 + b2 and collect what does not multiply x."
                )
        if not problems:  # pragma: no cover - the NumPy values agree, so Keras would too
            problems.append(f"the merged layer's output differs from the two layers' {where}.")
        _fail(f"{name} ({where})", problems)
    passed(
        name,
        "(x W1 + b1) W2 + b2 = x (W1 W2) + (b1 W2 + b2): without an activation between them, two "
        "1×1 convolutions are one, so the extra layer adds weights but nothing it could not "
        "already compute. A ReLU between them is what makes the second layer worth having.",
    )


@checker
def check_bottleneck_ratio(
    flop_ratio,
    param_ratio,
    height: int,
    width: int,
    channels: int,
    mid: int,
    name: str = "cost ratios",
) -> None:
    """How many times more FLOPs and parameters one 3×3 convolution ``channels``→``channels`` (``same``) needs
    than the bottleneck 1×1 ``channels``→``mid`` → 3×3 ``mid``→``mid`` → 1×1 ``mid``→``channels``."""
    require_answer(flop_ratio, f"{name} (flop_ratio)")
    require_answer(param_ratio, f"{name} (param_ratio)")
    rows = training.bottleneck_costs(height, width, channels, mid)
    exp = {k: rows[0][k] / rows[-1][k] for k in ("flops", "params")}
    values = {}
    for value, key, label in (
        (flop_ratio, "flops", "flop_ratio"),
        (param_ratio, "params", "param_ratio"),
    ):
        full = f"{name} ({label})"
        if (_n_items(value) or 0) > 1:
            raise Hint(
                f"{full}: one number is asked (direct ÷ bottleneck), but your answer is {describe(value)}. "
                "Add the bottleneck's layers up first, then divide."
            )
        values[key] = as_number(value, full, what="one number (a ratio)")
    tol = 1e-3
    ok = {k: _close(values[k], exp[k], rtol=tol) for k in exp}
    if all(ok.values()):
        passed(
            name,
            "a convolution's cost grows with C_in × C_out, and the 1×1 layers make the 3×3 convolution "
            f"work on {mid} channels instead of {channels}; the wider the middle, the less it saves.",
        )
        return
    if _close(values["flops"], exp["params"], rtol=tol / 10) and _close(
        values["params"], exp["flops"], rtol=tol / 10
    ):
        raise Hint(f"{name}: flop_ratio and param_ratio are swapped.")
    valid = conv.conv_flops(height - 2, width - 2, 3, channels, channels) / (
        conv.conv_flops(height, width, 1, channels, mid)
        + conv.conv_flops(height - 2, width - 2, 3, mid, mid)
        + conv.conv_flops(height - 2, width - 2, 1, mid, channels)
    )
    problems = []
    for key, label in (("flops", "flop_ratio"), ("params", "param_ratio")):
        if ok[key]:
            continue
        v, e = values[key], exp[key]
        other = "params" if key == "flops" else "flops"
        direct, neck, middle = rows[0][key], rows[-1][key], rows[2][key]
        no_bias = conv.conv_params(3, channels, channels, bias=False) / (
            conv.conv_params(1, channels, mid, bias=False)
            + conv.conv_params(3, mid, mid, bias=False)
            + conv.conv_params(1, mid, channels, bias=False)
        )
        if v.is_integer() and not float(e).is_integer() and v == np.floor(e):
            problems.append(
                f"{label}: {v:g} is a whole number: you used //, which rounds down; a ratio needs "
                "/ (and the question says not to round)."
            )
        elif (
            key == "params"
            and _close(v, exp["flops"], rtol=tol / 10)
            and _close(v, no_bias, rtol=tol / 10)
        ):
            problems.append(
                f"{label} equals the FLOP ratio. Either you copied flop_ratio, or you counted the "
                "weights without the biases: with padding='same' every layer runs on the same "
                f"{height}×{width} positions, so the map size cancels and the FLOP ratio is exactly "
                "the ratio of weights without biases. Parameters include one bias per filter in "
                "each layer."
            )
        elif _close(v, direct / middle, rtol=tol):
            problems.append(
                f"{label}: you divided by the middle 3×3 layer only; the bottleneck is all three "
                "layers, add the two 1×1 layers too."
            )
        elif _close(v, neck / direct, rtol=tol):
            problems.append(
                f"{label}: upside down: the direct 3×3 divided by the bottleneck is asked (a number "
                "above 1)."
            )
        elif _close(v, 1 - neck / direct, rtol=tol) or _close(
            v, 100 * (1 - neck / direct), rtol=tol
        ):
            problems.append(
                f"{label}: that is the share saved; the question asks how many times more the direct "
                "3×3 costs: direct ÷ bottleneck."
            )
        elif _close(v, direct - neck, rtol=tol):
            problems.append(
                f"{label}: that is the difference; a ratio is asked: direct ÷ bottleneck."
            )
        elif key == "params" and _close(v, no_bias, rtol=tol / 10):
            problems.append(
                f"{label}: you left out the biases; parameters include one bias per filter in each "
                "layer (FLOPs do not count them)."
            )
        elif _close(v, exp[other], rtol=tol / 10):
            problems.append(f"{label}: that is the ratio of {other}, not of {key}.")
        elif key == "flops" and _close(v, valid, rtol=tol):
            problems.append(
                f"{label}: the 3×3 layers use padding='same', so their output stays {height}×{width}; "
                "you used the smaller 'valid' output."
            )
        elif _close(v, direct / (rows[1][key] + rows[2][key]), rtol=tol) or _close(
            v, direct / (rows[2][key] + rows[3][key]), rtol=tol
        ):
            problems.append(
                f"{label}: one of the two 1×1 layers is missing: the bottleneck is reduce, middle "
                "and expand."
            )
        elif _close(v, e, rtol=0.02):
            problems.append(
                f"{label}: {v:g} is close but rounded too much; give the ratio unrounded (it must be "
                f"within {tol:.1%})."
            )
        else:
            problems.append(
                f"{label}: divide the direct 3×3 convolution's {key} by the sum over the three "
                "bottleneck layers (1×1 reduce, 3×3 middle, 1×1 expand)."
            )
    _fail(name, problems)


@checker
def check_head_params(
    flatten_dense, gap_head, map_shape=(5, 5, 64), classes: int = 10, name: str = "head parameters"
) -> None:
    """Weights of two heads on an ``map_shape`` feature map: Flatten → Dense(classes), and
    1×1 conv(channels → classes) → global average pooling."""
    require_answer(flatten_dense, f"{name} (Flatten → Dense)")
    require_answer(gap_head, f"{name} (1×1 conv → GAP)")
    h, w, c = map_shape
    exp_dense = conv.dense_params(h * w * c, classes)
    exp_gap = conv.conv_params(1, c, classes)
    got = []
    for value, label in ((flatten_dense, "Flatten → Dense"), (gap_head, "1×1 conv → GAP")):
        full = f"{name} ({label})"
        if _n_items(value) == 2:
            raise Hint(
                f"{full}: one number per head is asked, but your answer is {describe(value)}. Put the "
                "Flatten → Dense count in the first variable and the 1×1 conv → GAP count in the second."
            )
        got.append(_count(value, full, what="one whole number", many_hint="Give the head's total."))
    d, g = got
    if (d, g) == (exp_dense, exp_gap):
        passed(
            name,
            f"Dense sees all {h}·{w}·{c} = {h * w * c:,} values, each with its own weight per class; the "
            f"1×1 convolution sees {c} channels and shares its weights over the {h}×{w} positions, "
            "and global average pooling has no weights at all.",
        )
        return
    if (d, g) == (exp_gap, exp_dense):
        raise Hint(f"{name}: the two counts are swapped: Flatten → Dense is the large one.")
    problems = []
    if d != exp_dense:
        if d == conv.dense_params(h * w * c, classes, bias=False):
            problems.append(
                f"Flatten → Dense: you left out the biases (one per output, {classes})."
            )
        elif d == h * w * c:
            problems.append(
                f"Flatten → Dense: {d:,} is the number of values Flatten gives, the Dense layer's "
                "inputs; each of the outputs has one weight per input, plus a bias."
            )
        elif d == exp_gap:
            problems.append(
                f"Flatten → Dense: Flatten keeps every position: the Dense layer gets {h}·{w}·{c} "
                f"inputs, not {c}."
            )
        elif d == 2 * h * w * c * classes:
            problems.append("Flatten → Dense: that is the FLOP count; the parameters are asked.")
        else:
            problems.append(
                f"Flatten → Dense: Flatten gives {h}·{w}·{c} inputs; each of the {classes} outputs has "
                "one weight per input plus a bias."
            )
    if g != exp_gap:
        if g == conv.conv_params(1, c, classes, bias=False):
            problems.append(f"1×1 conv → GAP: you left out the biases (one per filter, {classes}).")
        elif g in (exp_gap * h * w, conv.conv_params(1, c, classes, bias=False) * h * w):
            problems.append(
                f"1×1 conv → GAP: the 1×1 convolution uses the same weights at all {h}×{w} "
                "positions; do not multiply by the number of positions."
            )
        elif g == exp_dense:
            problems.append(
                f"1×1 conv → GAP: the 1×1 kernel sees the {c} channels of one position, not the whole "
                "flattened map."
            )
        elif g > exp_gap and g - exp_gap in (classes, c, c * classes, h * w):
            problems.append(
                "1×1 conv → GAP: global average pooling has no weights: it only averages each map."
            )
        else:
            problems.append(
                f"1×1 conv → GAP: the 1×1 convolution has {c} weights plus 1 bias per class; global "
                "average pooling adds none."
            )
    _fail(name, problems)


# ============================================================================= issue 12, chapter 8:
# depthwise-separable convolutions (MobileNet) and the Inception cost example (Ng's lecture).

__all__ += ["check_separable_costs", "check_inception_mults"]


@checker
def check_separable_costs(
    sep_params,
    mult_ratio,
    input_shape=(14, 14, 512),
    filters: int = 512,
    f: int = 3,
    name: str = "separable costs",
) -> None:
    """Parameters of ``SeparableConv2D(filters, f, padding="same")`` on ``input_shape`` as Keras
    counts them (one bias, after the pointwise step), and how many times more multiplications a
    ``Conv2D(filters, f, padding="same")`` needs."""
    require_answer(sep_params, f"{name} (sep_params)")
    require_answer(mult_ratio, f"{name} (mult_ratio)")
    h, w, c = input_shape
    exp_params = conv.separable_params(f, c, filters)
    standard_macs = conv.conv_macs(h, w, f, c, filters)
    exp_ratio = standard_macs / conv.separable_macs(h, w, f, c, filters)
    if _n_items(sep_params) == 2:
        raise Hint(
            f"{name} (sep_params): one number is asked, the layer's total, but your answer is "
            f"{describe(sep_params)}. Add the depthwise and pointwise counts up."
        )
    params = _count(
        sep_params,
        f"{name} (sep_params)",
        what="one whole number (the layer's weights and biases)",
        many_hint="Give the layer's total as one number.",
    )
    if (_n_items(mult_ratio) or 0) > 1:
        raise Hint(
            f"{name} (mult_ratio): one number is asked (standard ÷ separable), but your answer is "
            f"{describe(mult_ratio)}. Add the two steps of the separable layer up first, then "
            "divide."
        )
    ratio = as_number(mult_ratio, f"{name} (mult_ratio)", what="one number (a ratio)")
    ok_params, ok_ratio = params == exp_params, _close(ratio, exp_ratio, rtol=2e-4)
    if ok_params and ok_ratio:
        passed(
            name,
            f"{f}·{f}·{c} depthwise weights, {c}·{filters} pointwise weights and {filters} biases; "
            f"the standard convolution needs 1 / (1/{filters} + 1/{f * f}) = {exp_ratio:.2f} times "
            "the multiplications (Howard et al.'s ratio, inverted).",
        )
        return
    problems = []
    if not ok_params:
        dw, pw = conv.depthwise_params(f, c, bias=False), c * filters
        separable_macs = conv.separable_macs(h, w, f, c, filters)
        if params == conv.depthwise_params(f, c) + conv.conv_params(1, c, filters):
            problems.append(
                f"sep_params: {params:,} has two biases, {c} after the depthwise step and "
                f"{filters} after the pointwise one: that is DepthwiseConv2D followed by a 1×1 "
                f"Conv2D. Keras's SeparableConv2D has one bias vector, after the pointwise step."
            )
        elif params == conv.separable_params(f, c, filters, bias=False):
            problems.append(f"sep_params: you left out the biases ({filters}, one per filter).")
        elif params in (conv.conv_params(f, c, filters), conv.conv_params(f, c, filters, False)):
            problems.append(
                f"sep_params: that is the standard Conv2D ({f}·{f}·{c} weights per filter). The "
                f"separable layer has one {f}×{f} filter per input channel, then a 1×1 "
                "convolution that mixes the channels."
            )
        elif params in (dw, dw + filters, dw + c):
            problems.append(
                "sep_params: that is the depthwise step only; add the pointwise (1×1) step's "
                f"{c}·{filters} weights."
            )
        elif params in (pw, pw + filters, conv.conv_params(1, c, filters)):
            problems.append(
                f"sep_params: that is the pointwise (1×1) step only; add the depthwise step's "
                f"{f}·{f}·{c} weights."
            )
        elif params in (exp_params * h * w, (dw + pw) * h * w):
            problems.append(
                "sep_params: you multiplied by the number of positions; the weights are shared "
                "over all of them."
            )
        elif params in (separable_macs, 2 * separable_macs):
            problems.append(
                "sep_params: that is the number of multiplications (or FLOPs) over the map, not "
                "the number of weights."
            )
        else:
            problems.append(
                f"sep_params: depthwise {f}·{f}·{c}, plus pointwise {c}·{filters}, plus one bias "
                "per output channel."
            )
    if not ok_ratio:
        param_ratio = conv.conv_params(f, c, filters) / exp_params
        if ratio.is_integer() and ratio == np.floor(exp_ratio):
            problems.append(
                f"mult_ratio: {ratio:g} is a whole number: you used //, which rounds down; "
                "a ratio needs / (and the question says not to round)."
            )
        elif _close(ratio, 1 / exp_ratio, rtol=1e-3):
            problems.append(
                "mult_ratio: upside down: that is separable ÷ standard (Howard et al.'s "
                "1/C_out + 1/F²); the question asks how many times MORE the standard needs."
            )
        elif _close(ratio, param_ratio, rtol=1e-4):
            problems.append(
                "mult_ratio: that is the ratio of the PARAMETERS (with their biases); the "
                "multiplications are asked: H·W·F·F·C_in·C_out against H·W·(F·F·C_in + "
                "C_in·C_out)."
            )
        elif _close(ratio, f * f, rtol=1e-3):
            problems.append(
                f"mult_ratio: {ratio:g} = F² is the standard convolution against the pointwise step alone, "
                f"and the limit of 1 / (1/C_out + 1/F²) when C_out is very large; here C_out = {filters}, "
                "so add the depthwise step's multiplications too: the exact ratio is a little "
                f"below {f * f}."
            )
        elif _close(ratio, standard_macs / conv.depthwise_macs(h, w, f, c), rtol=1e-3):
            problems.append(
                "mult_ratio: you divided by the depthwise step only; add the pointwise step's "
                "multiplications."
            )
        elif _close(ratio, 1 - 1 / exp_ratio, rtol=1e-3) or _close(
            ratio, 100 * (1 - 1 / exp_ratio), rtol=1e-3
        ):
            problems.append(
                "mult_ratio: that is the share saved; the question asks how many times more the "
                "standard convolution needs: standard ÷ separable."
            )
        elif _close(ratio, exp_ratio, rtol=0.01):
            problems.append(
                f"mult_ratio: {ratio:g} is close but rounded too much; give it unrounded."
            )
        else:
            problems.append(
                "mult_ratio: divide the standard convolution's multiplications, H·W·F·F·C_in·C_out, "
                "by the separable layer's, H·W·(F·F·C_in + C_in·C_out)."
            )
    _fail(name, problems)


@checker
def check_inception_mults(
    direct_mults,
    bottleneck_mults,
    input_shape=(28, 28, 192),
    reduce: int = 96,
    f: int = 3,
    filters: int = 128,
    name: str = "Inception multiplications",
) -> None:
    """Multiplications (multiply-adds, Ng's count) per image of ``Conv2D(filters, f,
    padding="same")`` on ``input_shape``, directly and through a ``Conv2D(reduce, 1)`` bottleneck."""
    require_answer(direct_mults, f"{name} (direct_mults)")
    require_answer(bottleneck_mults, f"{name} (bottleneck_mults)")
    h, w, c = input_shape
    exp_direct = conv.conv_macs(h, w, f, c, filters)
    one_by_one, main = conv.conv_macs(h, w, 1, c, reduce), conv.conv_macs(h, w, f, reduce, filters)
    exp_neck = one_by_one + main
    got = []
    for value, label in ((direct_mults, "direct_mults"), (bottleneck_mults, "bottleneck_mults")):
        full = f"{name} ({label})"
        if _n_items(value) == 2:
            raise Hint(
                f"{full}: one number is asked, but your answer is {describe(value)}. Add the "
                "layers up: the bottleneck's count is the 1×1 layer's plus the main layer's."
            )
        got.append(
            as_number(value, full, what="one number (a count of multiplications)", many_hint="")
        )
    d, b = got
    if (d, b) == (exp_direct, exp_neck):
        passed(
            name,
            f"H·W·F·F·C_in·C_out for each layer: {exp_direct:,} directly, {one_by_one:,} + "
            f"{main:,} = {exp_neck:,} through the bottleneck, {exp_direct / exp_neck:.2f} times "
            f"fewer. Reducing {c} channels to {reduce} saves far less than the 5×5 branch's "
            "reduction to 16.",
        )
        return
    if (d, b) == (exp_neck, exp_direct):
        raise Hint(f"{name}: the two counts are swapped: the direct convolution is the larger.")
    if d < 1e4 and b < 1e4 and _close(d * 1e6, exp_direct, rtol=0.01):
        raise Hint(
            f"{name}: {d:g} and {b:g} look like millions; give the exact counts themselves, to "
            f"the last digit ({d:g} million, {d * 1e6:,.0f}, would still be rounded)."
        )
    if _close(d, exp_direct / exp_neck, rtol=1e-3):
        raise Hint(
            f"{name}: {d:g} is the ratio of the two; the question asks for the two counts, "
            "direct_mults and bottleneck_mults."
        )
    # Ng's 5x5 branch of the chapter, with its 16-channel reduce
    ng = (
        conv.conv_macs(h, w, 5, c, 32),
        conv.conv_macs(h, w, 1, c, 16) + conv.conv_macs(h, w, 5, 16, 32),
    )
    if (d, b) == ng:
        raise Hint(
            f"{name}: those are the chapter's numbers for the 5×5 branch (32 filters, a 16-channel "
            f"reduce); this asks for the {f}×{f} branch: {filters} filters after a {reduce}-channel "
            "reduce."
        )
    valid = h - f + 1, w - f + 1
    problems = []
    for v, e, label, alts in (
        (
            d,
            exp_direct,
            "direct_mults",
            [
                (
                    2 * exp_direct,
                    "that is the FLOP count (a multiply-add counted as 2); Ng counts "
                    "multiplications, one per multiply-add.",
                ),
                (
                    conv.conv_macs(*valid, f, c, filters),
                    f"padding='same' keeps the map {h}×{w}; you used the smaller 'valid' output.",
                ),
                (
                    conv.conv_params(f, c, filters, bias=False),
                    "that is the number of weights; each is used once at every one of the "
                    f"{h}×{w} positions.",
                ),
                (
                    conv.conv_params(f, c, filters),
                    "that is the number of parameters; the multiplications are per position: "
                    f"H·W·F·F·C_in·C_out with H·W = {h}·{w}.",
                ),
            ],
        ),
        (
            b,
            exp_neck,
            "bottleneck_mults",
            [
                (
                    2 * exp_neck,
                    "that is the FLOP count (a multiply-add counted as 2); Ng counts "
                    "multiplications, one per multiply-add.",
                ),
                (main, f"that is the {f}×{f} layer only; add the 1×1 layer's {one_by_one:,}."),
                (
                    conv.conv_macs(h, w, f, c, filters) + one_by_one,
                    f"the {f}×{f} layer now reads the {reduce} channels of the 1×1 layer, not the "
                    f"{c} of the input.",
                ),
                (
                    one_by_one,
                    f"that is the 1×1 layer only; add the {f}×{f} layer on its {reduce} channels.",
                ),
                (
                    one_by_one + conv.conv_macs(*valid, f, reduce, filters),
                    f"padding='same' keeps the map {h}×{w}; you used the smaller 'valid' output.",
                ),
                (
                    conv.conv_macs(h, w, 1, c, 16) + conv.conv_macs(h, w, f, 16, filters),
                    f"the reduce here has {reduce} filters, not the 16 of the 5×5 branch.",
                ),
                (
                    conv.conv_params(1, c, reduce, False)
                    + conv.conv_params(f, reduce, filters, False),
                    "that is the number of weights; each is used once at every one of the "
                    f"{h}×{w} positions.",
                ),
                (
                    conv.conv_params(1, c, reduce) + conv.conv_params(f, reduce, filters),
                    "that is the number of parameters; the multiplications are per position.",
                ),
            ],
        ),
    ):
        if v == e:
            continue
        for alt, hint in alts:
            if alt != e and _close(v, alt, rtol=1e-9):
                problems.append(f"{label}: {hint}")
                break
        else:
            if not v.is_integer():
                problems.append(f"{label}: {v:g} is not a whole number; a count is.")
            elif _close(v, e, rtol=0.01):
                problems.append(
                    f"{label}: {v:,.0f} is within 1 % of the count but looks rounded, as in "
                    'Ng\'s "120 million"; give the exact count, to the last digit.'
                )
            else:
                problems.append(
                    f"{label}: count H·W·F·F·C_in·C_out for each layer (H·W = {h}·{w} with "
                    "padding='same') and add the layers up."
                )
    _fail(name, problems)


# ============================================================================= chapter 7, exercises 7 and 8:
# dropout the paper's way, written in NumPy, and the noise a Dropout layer adds during training.

__all__ += ["check_paper_dropout", "check_dropout_noise"]

#: The draws the dropout checker makes: (rate, seed). Two rates other than 0.5, where keeping and
#: dropping have different probabilities and rate differs from 1 - rate.
_DROPOUT_DRAWS = [(0.2, 7), (0.6, 11)]
#: How many standard errors a fraction or a mean may stray from its expected value: a correct
#: function fails this with probability below 1e-6 (a normal tail), whatever random draws it makes.
_N_SE = 5.0
#: Names whose use in the learner's code means it calls Keras or TensorFlow instead of NumPy.
_KERAS_NAMES = {"keras", "tensorflow", "tf", "Dropout"}


def _dropout_input() -> np.ndarray:
    """Positive, ReLU-like activations without zeros (so that every zero of the output was dropped and
    a wrong scale moves the mean): 100,000 float32 values, mean about 1."""
    return np.random.default_rng(2024).exponential(1.0, size=(400, 250)).astype("float32") + 0.01


def _call_dropout(fn, x, rate, seed, name, **kwargs):
    """``fn(x, rate, rng, **kwargs)`` on a copy of ``x``; a crash or an in-place change is a hint."""
    arg = x.copy()
    try:
        out = fn(arg, rate, np.random.default_rng(seed), **kwargs)
    except TypeError as e:
        if "training" in str(e) and kwargs:
            raise Hint(
                f"{name}: calling it with training=False failed ({e}). Give the function a "
                "parameter training=True, as the question's def line has it."
            ) from None
        raise Hint(
            f"{name}: {name}(x, rate, rng) raised TypeError: {e}. The function takes the array, the "
            f"rate and a NumPy Generator (def {name}(x, rate, rng, training=True))."
        ) from None
    except Exception as e:  # noqa: BLE001 - the learner's code failed: say with what
        raise Hint(f"{name}: your function raised {type(e).__name__}: {e}") from None
    if not np.array_equal(arg, x):
        raise Hint(
            f"{name}: your function changed its input x in place (x *= ..., or x[mask] = 0). Build "
            "a new array, e.g. return x * keep, so that the caller's x is left as it was."
        )
    if isinstance(out, tuple) and len(out) == 2:
        raise Hint(
            f"{name}: your function returns two things ({describe(out)}). Return one array, the "
            "dropped-out x; the mask is only a step on the way."
        )
    if out is None:
        raise Hint(f"{name}: your function returns None: end it with return ... the new array.")
    arr = as_array(out, name, shape_hint="Return an array of the same shape as x.")
    if arr.shape != x.shape:
        raise Hint(
            f"{name}: the output has shape {arr.shape}, the input {x.shape}: dropout zeroes or "
            "scales each entry where it is, the shape stays. Draw the mask with rng.random(x.shape)."
        )
    return arr.astype("float64")


def _uses_keras(fn) -> bool:
    """Whether the function's code uses Keras or TensorFlow: the names it (or a notebook function it
    calls) looks up, so that a comment or a docstring that mentions Keras does not count."""
    names = {part for n in _code_names(fn) for part in n.split(".")}
    return bool(names & _KERAS_NAMES)


def _reference(x, rate: float, seed: int, training_mode: bool = True) -> np.ndarray:
    """The paper's dropout, from the course's inverted dropout: the same mask (the same draws from
    ``rng``), times the keep probability 1 - rate. During training that undoes the inverted scaling;
    at inference (where inverted dropout returns x) it is the paper's test-time factor."""
    rng = np.random.default_rng(seed)
    inv = training.inverted_dropout(x, rate, rng, training=training_mode).astype("float64")
    return inv * (1.0 - rate)


def _inference_problem(fn, x, name: str) -> str | None:
    """What is wrong with ``fn(x, rate, rng, training=False)``, or None when it returns
    ``x * (1 - rate)``."""
    rate, seed = _DROPOUT_DRAWS[0]
    expected = _reference(x, rate, seed, training_mode=False)
    inf = _call_dropout(fn, x, rate, seed, name, training=False)
    if np.allclose(inf, expected, rtol=1e-5):
        return None
    ratio = inf / x
    if np.allclose(ratio, 1.0, rtol=1e-5):
        return (
            "at inference (training=False) it returns x unchanged: that is inverted dropout's "
            "rule, which scaled during training. Here the kept entries were not scaled, so in "
            "training the next layer received (1 - rate) · x on average: multiply x by 1 - rate "
            "at inference to give it the same."
        )
    if np.allclose(ratio, rate, rtol=1e-5):
        return (
            f"at inference (training=False) it multiplies x by rate = {rate:g}, the probability "
            f"of DROPPING; multiply by the probability of keeping, 1 - rate = {1 - rate:g}."
        )
    if np.allclose(ratio, 1 / (1 - rate), rtol=1e-5):
        return (
            "at inference (training=False) it divides x by 1 - rate: that is inverted dropout's "
            "training-time factor. The paper multiplies by 1 - rate at test time."
        )
    if (inf == 0).mean() > 0.05:
        return (
            "at inference (training=False) it still drops entries: nothing is dropped when the "
            "model predicts; return x multiplied by 1 - rate."
        )
    return "at inference (training=False) return x multiplied by the keep probability 1 - rate."


def _factor_problem(ratio, scale: float, rate: float, at: str) -> str | None:
    """What is wrong with the factor ``ratio`` (kept output / input) of the training-mode call."""
    if np.allclose(ratio, scale, rtol=1e-5):
        return None
    if np.ptp(ratio) > 1e-4 * abs(ratio.mean()):
        return (
            f"{at} the kept entries are not all multiplied by the same factor: leave every kept "
            "entry as it was."
        )
    factor = float(ratio.mean())
    if np.isclose(factor, 1 / (1 - rate), rtol=1e-5):
        return (
            f"{at} the kept entries are scaled by 1 / (1 - rate) = {factor:g}: that is inverted "
            "dropout (Keras's, the chapter's). In the paper's convention the kept entries stay as "
            "they are during training; the scaling comes at inference."
        )
    if np.isclose(factor, 1 - rate, rtol=1e-5):
        return (
            f"{at} the kept entries are multiplied by 1 - rate = {factor:g} during training: the "
            "paper applies that factor at test time, to all entries. During training leave the "
            "kept entries as they are."
        )
    if np.isclose(factor, rate, rtol=1e-5) or np.isclose(factor, 1 / rate, rtol=1e-5):
        return (
            f"{at} the kept entries are multiplied by {factor:g}, a factor made from the rate; "
            "during training the paper leaves the kept entries as they are."
        )
    return f"{at} the kept entries are multiplied by {factor:.4g}; leave them as they are."


@checker
def check_paper_dropout(fn, name: str = "paper_dropout") -> None:
    """A NumPy function ``fn(x, rate, rng, training=True)``: dropout in Srivastava et al.'s convention.
    During training each entry is zeroed with probability ``rate`` and the kept ones are left as they
    are; at inference the function returns ``x * (1 - rate)``. It is run on its own draws (two rates,
    fixed seeds) and checked for the fraction dropped, the factor of the kept entries, the mean (in
    training equal to the inference output's, in expectation), the use of ``rng`` and the inference
    rule. Expected values come from :func:`utils.training.inverted_dropout` times ``1 - rate``."""
    require_answer(fn, name)
    if isinstance(fn, np.ndarray) or not callable(fn):
        raise Hint(
            f"{name}: a function is asked (def {name}(x, rate, rng, training=True): ...), but "
            f"your answer is {describe(fn)}. Assign the function itself, without calling it."
        )
    if fn is training.inverted_dropout:
        raise Hint(
            f"{name}: that is utils.training.inverted_dropout, the chapter's convention (scaled in "
            "training, nothing at inference); the exercise asks for the paper's, in NumPy."
        )
    if isinstance(fn, type) or _uses_keras(fn):
        raise Hint(
            f"{name}: your answer uses Keras's Dropout (or is a class); the exercise is to write "
            "dropout yourself, in NumPy: a mask from rng.random(x.shape) and a product."
        )
    x = _dropout_input()
    n = x.size
    at_inference = _inference_problem(fn, x, name)
    report = []
    for rate, seed in _DROPOUT_DRAWS:
        ref = _reference(x, rate, seed)
        scale = float(np.median(ref[ref != 0] / x[ref != 0]))  # 1, up to float32 rounding
        out = _call_dropout(fn, x, rate, seed, name)
        if set(np.unique(out).tolist()) <= {0.0, 1.0}:
            raise Hint(
                f"{name}: the output holds only 0 and 1: that is the mask. Return x multiplied by "
                "the mask, not the mask itself."
            )
        if not np.array_equal(out, _call_dropout(fn, x, rate, seed, name)):
            raise Hint(
                f"{name}: two calls with the same seed, np.random.default_rng({seed}), give different "
                "masks: your function draws from another random source (np.random.rand, random). "
                "Draw from the Generator it is given: rng.random(x.shape)."
            )
        dropped = out == 0
        frac = float(dropped.mean())
        se_frac = float(np.sqrt(rate * (1 - rate) / n))
        rows, cols = dropped.mean(axis=1), dropped.mean(axis=0)
        at = f"at rate {rate}"
        if frac in (0.0, 1.0):
            raise Hint(
                f"{name}: {at} your function drops {'nothing' if frac == 0 else 'everything'} "
                "during training: draw one keep-or-drop decision per entry, rng.random(x.shape)."
            )
        if np.all(np.isin(rows, (0, 1))) or np.all(np.isin(cols, (0, 1))):
            raise Hint(
                f"{name}: {at} whole rows or columns are dropped together: draw one decision for "
                "each entry, with a mask of x's full shape, rng.random(x.shape)."
            )
        if np.array_equal(out, _call_dropout(fn, x, rate, seed + 1, name)):
            raise Hint(
                f"{name}: the output does not change with the random generator: the mask must be "
                "random, drawn from rng (rng.random(x.shape) >= rate)."
            )
        problems = []
        if abs(frac - rate) > _N_SE * se_frac:
            if abs(frac - (1 - rate)) <= _N_SE * se_frac:
                problems.append(
                    f"{at} it drops {frac:.1%} of the entries, about 1 - rate: keep and drop are "
                    "swapped. rate is the probability of DROPPING an entry, so keep an entry when "
                    "rng.random(...) >= rate (true with probability 1 - rate)."
                )
            else:
                problems.append(
                    f"{at} it drops {frac:.1%} of the entries; each entry should be dropped with "
                    f"probability rate, {rate:.0%} of them give or take {_N_SE * se_frac:.1%}."
                )
        kept = ~dropped
        ratio = out[kept] / x[kept]
        factor = _factor_problem(ratio, scale, rate, at)
        inverted = np.allclose(ratio, 1 / (1 - rate), rtol=1e-5)
        if inverted and at_inference and "unchanged" in at_inference:
            raise Hint(
                f"{name}: kept entries scaled by 1 / (1 - rate) during training and x unchanged "
                "at inference: that is inverted dropout, the chapter's function (Keras's "
                "convention). The exercise asks for Srivastava et al.'s: leave the kept entries "
                "as they are during training, and multiply x by 1 - rate at inference."
            )
        if factor:
            problems.append(factor)
        if problems and at_inference:
            problems.append(at_inference)
        _fail(name, problems)
        se_mean = float(out.std(ddof=1) / np.sqrt(n))
        target = (1 - rate) * float(x.astype("float64").mean())  # the inference output's mean
        if abs(out.mean() - target) > _N_SE * se_mean:  # only a value-dependent mask gets here
            raise Hint(
                f"{name}: {at} the mean in training is {out.mean():.4f}, not (1 - rate) × the "
                f"input's mean = {target:.4f} (more than {_N_SE:g} standard errors, {se_mean:.4f}): "
                "choose the dropped entries at random, whatever their values."
            )
        report.append(f"rate {rate}: {frac:.1%} dropped, mean {out.mean():.4f} vs {target:.4f}")
    if at_inference:
        raise Hint(f"{name}: {at_inference}")
    passed(
        name,
        f"on {n:,} entries of mean {x.mean():.4f} ({'; '.join(report)}) it drops about a fraction "
        "rate and leaves the kept ones as they are, so in training the mean is (1 - rate) times the "
        f"input's, to within {_N_SE:g} standard errors; at inference it returns x × (1 - rate), the "
        "same mean. Inverted dropout is this function divided by 1 - rate, in both modes.",
    )


@checker
def check_dropout_noise(
    training_mean, training_sd, rate: float = 0.25, value: float = 6.0, name: str = "dropout"
) -> None:
    """The mean and the standard deviation of ``Dropout(rate)``'s output for an input equal to
    ``value``, over many training-mode calls on that same input: the kept value ``k`` (read from Keras's
    layer) with probability ``1 - rate``, 0 otherwise, so mean ``(1 - rate) k`` and standard deviation
    ``k sqrt(rate (1 - rate))``."""
    require_answer(training_mean, f"{name} (training_mean)")
    require_answer(training_sd, f"{name} (training_sd)")
    import keras

    x = np.full((1, 1000), value, dtype="float32")
    layer = keras.layers.Dropout(rate, seed=0)
    out = np.asarray(layer(x, training=True))
    kept = float(out[out != 0][0])  # the value a kept unit gets during training
    exp_mean = (1 - rate) * kept  # kept with probability 1 - rate, 0 otherwise
    exp_sd = kept * float(np.sqrt(rate * (1 - rate)))
    answers = []
    for v, part in ((training_mean, "training_mean"), (training_sd, "training_sd")):
        label = f"{name} ({part})"
        if isinstance(v, str) and "random" in v.lower():
            raise Hint(
                f"{label}: one training-mode call is random (0 or the scaled value), but its "
                f"{'average' if part == 'training_mean' else 'spread'} over many calls is a fixed "
                "number: give that number."
            )
        if (_n_items(v) or 0) > 1:
            raise Hint(
                f"{label}: one number is asked, but your answer is {describe(v)}. Combine the "
                "possible outputs, each weighted by its probability, into one number."
            )
        answers.append(as_number(v, label, what="one number"))
    mean, sd = answers
    if _close(mean, exp_mean) and _close(sd, exp_sd):
        passed(
            name,
            f"in training a call gives 0 or {kept:g} (with probabilities {rate:g} and "
            f"{1 - rate:g}): on average {value:g}, the input — what the next layer gets at "
            f"inference — but each call strays from it by {exp_sd:.4g} (one standard deviation). "
            "That noise is what keeps units from relying on each other.",
        )
        return
    problems = []
    if not _close(mean, exp_mean):
        if _close(mean, kept):
            problems.append(
                f"training_mean: {mean:g} is the value of a KEPT unit; a fraction {rate:g} of "
                f"the calls give 0, so the average is (1 - rate) × {kept:g}."
            )
        elif _close(mean, value * (1 - rate)):
            problems.append(
                f"training_mean: {mean:g} = value × (1 - rate) is the average WITHOUT the scaling; "
                "Keras also multiplies each kept unit by 1 / (1 - rate): put that factor in."
            )
        elif _close(mean, value / rate * (1 - rate)):
            problems.append(
                f"training_mean: {mean:g} is what you get with the kept units divided by the rate; "
                "Keras divides them by 1 - rate, the chance of being kept."
            )
        elif _close(mean, rate * kept):
            problems.append(
                f"training_mean: {mean:g} = rate × {kept:g} weights the kept value by the chance "
                "of being DROPPED; a unit is kept with probability 1 - rate."
            )
        elif _close(mean, 0.0):
            problems.append(
                "training_mean: only a fraction rate of the calls give 0; the others give the "
                "scaled value. Average them."
            )
        else:
            problems.append(
                f"training_mean: a unit is kept with probability 1 - rate and then worth {kept:g}, "
                "dropped otherwise: average the two."
            )
    if not _close(sd, exp_sd):
        if _close(sd, 0.0):
            problems.append(
                "training_sd: 0 would mean every training-mode call gives the same output; each "
                f"call gives 0 or {kept:g}, so the output spreads around its mean."
            )
        elif _close(sd, exp_sd**2):
            problems.append(
                f"training_sd: {sd:g} is the variance, E[X²] − E[X]²; the standard deviation is "
                "its square root."
            )
        elif _close(sd, value * np.sqrt(rate * (1 - rate))):
            problems.append(
                f"training_sd: {sd:g} is the spread WITHOUT the scaling (0 or {value:g}); a kept "
                f"unit is worth {kept:g} in training."
            )
        else:
            problems.append(
                f"training_sd: the output is {kept:g} with probability 1 - rate and 0 otherwise: "
                "its standard deviation is √(E[X²] − E[X]²)."
            )
    _fail(name, problems)


def _l2_test_models():
    """Two small models with seeded, non-zero weights and biases and no regularizer: what the learner's
    function gets. The truth is computed on twins with ``kernel_regularizer=L2(lam)`` (Keras's
    ``model.losses``), so the expected value is Keras's, not a formula of ours."""
    import keras
    from keras import layers

    def build(lam, width):
        reg = (lambda: keras.regularizers.L2(lam)) if lam else (lambda: None)
        return keras.Sequential(
            [
                keras.Input(shape=(6, 6, 2)),
                layers.Conv2D(width, 3, activation="relu", kernel_regularizer=reg(), name="conv"),
                layers.MaxPooling2D(2, name="pool"),
                layers.Flatten(name="flatten"),
                layers.Dense(5, activation="relu", kernel_regularizer=reg(), name="dense"),
                layers.Dense(3, activation="softmax", kernel_regularizer=reg(), name="output"),
            ],
            name=f"l2_check_{width}",
        )

    cases = []
    for seed, width, lam in ((0, 4, 1e-3), (1, 7, 0.02)):
        plain, twin = build(0.0, width), build(lam, width)
        rng = np.random.default_rng(seed)
        weights = [rng.normal(0.0, 0.5, w.shape).astype("float32") for w in plain.get_weights()]
        plain.set_weights(weights)
        twin.set_weights(weights)
        twin(np.zeros((1, 6, 6, 2), dtype="float32"))
        cases.append((plain, lam, float(np.sum([float(v) for v in twin.losses])), weights))
    return cases


@checker
def check_l2_penalty(fn, name: str = "l2_penalty") -> None:
    """``fn(model, lam)``: the L2 penalty ``keras.regularizers.L2(lam)`` would add to the loss if every
    Conv2D and Dense kernel of ``model`` had it — ``lam`` times the sum of the squared kernel weights, biases
    left out — compared with Keras's own ``model.losses`` on a regularized twin, for two models and two
    values of ``lam``."""
    require_answer(fn, name)
    if not callable(fn):
        raise Hint(
            f"{name}: a function is asked, `def {name}(model, lam): ...`, but your answer is "
            f"{describe(fn)}."
        )
    problems = []
    for model, lam, want, weights in _l2_test_models():
        kernels = [w for w in weights if w.ndim > 1]
        biases = [w for w in weights if w.ndim == 1]
        sq_k = float(sum(np.sum(k.astype("float64") ** 2) for k in kernels))
        sq_b = float(sum(np.sum(b.astype("float64") ** 2) for b in biases))
        try:
            got = fn(model, lam)
        except Exception as e:  # noqa: BLE001 - the learner's code
            raise Hint(
                f"{name}: calling {name}(model, lam) raised {type(e).__name__}: {e}"
            ) from None
        if (_n_items(got) or 1) > 1:
            raise Hint(
                f"{name}: one number is asked (the penalty added to the loss), but your function "
                f"returns {describe(got)}: add the layers' parts up into one number."
            )
        try:
            got = float(np.asarray(got, dtype="float64").reshape(()))
        except (TypeError, ValueError):
            raise Hint(
                f"{name}: one number is asked, but your function returns {describe(got)}."
            ) from None
        if _close(got, want, rtol=1e-4):
            continue
        if _close(got, 0.0) and want > 0:
            problems.append(
                "it returns 0. The model you are given has no regularizer, so `model.losses` is "
                "empty: compute the penalty from the kernels themselves (`layer.kernel`, or "
                "`layer.get_weights()[0]`)."
            )
        elif _close(got, lam * (sq_k + sq_b), rtol=1e-4):
            problems.append(
                "it also counts the biases. `kernel_regularizer` penalises the kernels only: "
                "leave each layer's bias out."
            )
        elif _close(got, sq_k, rtol=1e-4):
            problems.append(
                f"it returns the sum of the squared kernel weights, {sq_k:.6g}, without the factor "
                "lam: multiply by lam."
            )
        elif _close(got, lam * sq_k / 2, rtol=1e-4):
            problems.append(
                "it halves the sum: some textbooks write (λ/2)·Σw², but Keras's L2(lam) adds "
                "lam·Σw², with no 1/2."
            )
        elif _close(
            got, lam * float(sum(np.sum(np.abs(k.astype("float64"))) for k in kernels)), rtol=1e-4
        ):
            problems.append(
                "it sums the absolute values: that is the L1 penalty. L2 squares each weight."
            )
        elif _close(got, lam * float(np.sqrt(sq_k)), rtol=1e-4) or _close(
            got,
            lam * float(sum(np.sqrt(np.sum(k.astype("float64") ** 2)) for k in kernels)),
            rtol=1e-4,
        ):
            problems.append(
                "it takes a square root (a norm). The penalty is the sum of the squares itself, "
                "with no root."
            )
        elif _close(
            got,
            lam * float(sum(np.mean(k.astype("float64") ** 2) for k in kernels)),
            rtol=1e-4,
        ) or _close(
            got,
            lam
            * float(np.mean(np.concatenate([k.ravel() for k in kernels]).astype("float64") ** 2)),
            rtol=1e-4,
        ):
            problems.append("it averages the squares: the penalty is their sum.")
        elif any(
            _close(got, lam * float(np.sum(k.astype("float64") ** 2)), rtol=1e-4) for k in kernels
        ):
            problems.append(
                "it counts one layer's kernel only: the penalty adds up the kernels of every "
                "Conv2D and Dense layer."
            )
        elif _close(
            got, lam * float(sum(np.sum(k.astype("float64") ** 2) for k in kernels[1:])), rtol=1e-4
        ):
            problems.append(
                "it leaves out the convolution's kernel: Conv2D layers have one too (`layer.kernel`)."
            )
        else:
            problems.append(
                f"for a model with lam = {lam:g} it returns {got:.6g}; Keras's L2 penalty is "
                f"{want:.6g} (lam times the sum of the squared kernel weights)."
            )
        break  # one model's problem is enough to name
    if problems:
        _fail(name, problems)
    passed(
        name,
        "lam · Σ w² over the kernels, as `kernel_regularizer=keras.regularizers.L2(lam)` adds it to the "
        "loss that `fit` minimises (biases are not penalised).",
    )
