"""Plotting helpers, so that notebook cells stay a line or two long.

Every function draws on a new figure (or the ``ax`` given) and returns the figure or axes;
none calls ``plt.show()`` — Jupyter shows the figure at the end of the cell.
"""
from __future__ import annotations

import numpy as np
import matplotlib.pyplot as plt

__all__ = [
    "show_images",
    "show_matrix",
    "show_kernels",
    "show_feature_maps",
    "plot_history",
    "plot_confusion_matrix",
    "plot_dropout_sweep",
    "plot_split",
]


def _grid(n: int, cols: int | None):
    cols = cols or min(n, 8)
    rows = int(np.ceil(n / cols))
    return rows, cols


def show_images(images, labels=None, *, cols: int | None = None, size: float = 1.3, cmap="gray", title=None,
                vmin=None, vmax=None):
    """A grid of images (``(N, H, W)`` or ``(N, H, W, 1)``), each with an optional label above it."""
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4):
        raise ValueError(f"images must be (N, H, W), (N, H, W, 1) or (N, H, W, 3); got shape {images.shape}")
    rows, cols = _grid(len(images), cols)
    fig, axes = plt.subplots(rows, cols, figsize=(cols * size, rows * size * 1.15), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i], cmap=cmap, vmin=vmin, vmax=vmax)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def show_matrix(m, *, ax=None, title=None, fmt="{:g}", cmap="Blues", highlight=None, fontsize=9):
    """A small matrix drawn as a grid with its numbers written in the cells.

    ``highlight=(row, col, h, w)`` outlines a window (e.g. where the kernel sits).
    """
    m = np.asarray(m)
    if m.ndim != 2:
        raise ValueError(f"show_matrix draws 2-D arrays; got shape {m.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(0.45 * m.shape[1] + 0.6, 0.45 * m.shape[0] + 0.6))
    ax.imshow(m, cmap=cmap)
    span = np.nanmax(np.abs(m)) if m.size else 1
    for (i, j), v in np.ndenumerate(m):
        shade = abs(v) > 0.6 * span if span else False
        ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=fontsize, color="white" if shade else "black")
    ax.set_xticks([])
    ax.set_yticks([])
    if highlight is not None:
        r, c, h, w = highlight
        ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), w, h, fill=False, edgecolor="red", linewidth=2))
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def show_kernels(kernels, names=None, *, size: float = 1.2, cmap="RdBu_r"):
    """Kernels ``(F, F, K)`` or ``(F, F, 1, K)`` (Keras layout) side by side, symmetric colour scale."""
    k = np.asarray(kernels)
    if k.ndim == 4:
        k = k[:, :, 0, :]
    if k.ndim == 2:
        k = k[:, :, None]
    if k.ndim != 3:
        raise ValueError(f"kernels must be (F, F, K) or (F, F, 1, K); got shape {np.shape(kernels)}")
    n = k.shape[-1]
    rows, cols = _grid(n, None)
    fig, axes = plt.subplots(rows, cols, figsize=(cols * size, rows * size * 1.15), squeeze=False)
    lim = np.abs(k).max() or 1.0
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            ax.imshow(k[:, :, i], cmap=cmap, vmin=-lim, vmax=lim)
            if names is not None:
                ax.set_title(str(names[i]), fontsize=8)
    fig.tight_layout()
    return fig


def show_feature_maps(maps, *, n: int = 8, title=None, size: float = 1.1):
    """The first ``n`` channels of one feature map ``(H, W, C)`` (or ``(1, H, W, C)``)."""
    maps = np.asarray(maps)
    if maps.ndim == 4:
        maps = maps[0]
    if maps.ndim != 3:
        raise ValueError(f"feature maps must be (H, W, C) or (1, H, W, C); got shape {maps.shape}")
    n = min(n, maps.shape[-1])
    fig, axes = plt.subplots(1, n, figsize=(n * size, size * 1.25), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.imshow(maps[:, :, i], cmap="viridis")
        ax.axis("off")
        ax.set_title(f"ch {i}", fontsize=7)
    if title:
        fig.suptitle(f"{title}  {maps.shape[0]}×{maps.shape[1]}×{maps.shape[2]}", fontsize=9)
    fig.tight_layout()
    return fig


def plot_history(histories, metric: str = "accuracy", *, ax=None, title=None):
    """Training and validation curves of one or several ``model.fit`` histories.

    ``histories`` is a History, a ``history.history`` dict, or a dict ``{label: history}``.
    Training curves are solid, validation curves dashed, one colour per run.
    """
    def as_dict(h):
        return h.history if hasattr(h, "history") else h

    if hasattr(histories, "history") or (isinstance(histories, dict) and metric in histories):
        histories = {"": histories}
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.4))
    for i, (label, h) in enumerate(histories.items()):
        h = as_dict(h)
        if metric not in h:
            raise KeyError(f"history has no {metric!r}; it has {sorted(h)}")
        colour = f"C{i}"
        epochs = np.arange(1, len(h[metric]) + 1)
        prefix = f"{label} " if label else ""
        if metric.startswith("val_"):   # a validation metric alone: one dashed curve per run
            ax.plot(epochs, h[metric], "--s", color=colour, ms=3, label=f"{prefix}validation".strip())
            continue
        ax.plot(epochs, h[metric], "-o", color=colour, ms=3, label=f"{prefix}train")
        if f"val_{metric}" in h:
            ax.plot(epochs, h[f"val_{metric}"], "--s", color=colour, ms=3, label=f"{prefix}validation")
    return _finish_epoch_axes(ax, metric, title)


def _finish_epoch_axes(ax, ylabel, title):
    """Label an epoch-by-epoch plot: x is the epoch, a small legend, an optional title."""
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    ax.figure.tight_layout()
    return ax


def plot_confusion_matrix(y_true, y_pred, class_names, *, ax=None, title=None, normalize: bool = False):
    """Confusion matrix: rows are true classes, columns predicted classes; counts in the cells."""
    y_true = np.asarray(y_true).ravel()
    y_pred = np.asarray(y_pred).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in length: {y_true.shape} vs {y_pred.shape}")
    k = len(class_names)
    cm = np.zeros((k, k), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    shown = cm / cm.sum(axis=1, keepdims=True) if normalize else cm
    if ax is None:
        _, ax = plt.subplots(figsize=(0.5 * k + 1.8, 0.5 * k + 1.4))
    ax.imshow(shown, cmap="Blues")
    for (i, j), v in np.ndenumerate(shown):
        ax.text(j, i, f"{v:.2f}" if normalize else str(v), ha="center", va="center", fontsize=7,
                color="white" if v > 0.5 * shown.max() else "black")
    ax.set_xticks(range(k), class_names, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(k), class_names, fontsize=8)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    if title:
        ax.set_title(title)
    ax.figure.tight_layout()
    return cm


# --- models and predictions ------------------------------------------------------------

__all__ += [
    "show_misclassified",
    "plot_per_class_accuracy",
    "show_filters",
    "show_layer_walk",
    "plot_accuracy_vs_shift",
]


def show_misclassified(images, y_true, y_pred, class_names, *, n: int = 16, cols: int = 8, size: float = 1.3):
    """A grid of the first ``n`` wrongly predicted images, each titled "true → predicted"."""
    images = np.asarray(images)
    y_true = np.asarray(y_true).ravel()
    y_pred = np.asarray(y_pred).ravel()
    if not (len(images) == len(y_true) == len(y_pred)):
        raise ValueError(f"images, y_true and y_pred differ in length: {len(images)}, {len(y_true)}, {len(y_pred)}")
    wrong = np.flatnonzero(y_true != y_pred)[:n]
    if wrong.size == 0:
        raise ValueError("there are no misclassified images to show")
    labels = [f"{class_names[y_true[i]]} → {class_names[y_pred[i]]}" for i in wrong]
    fig = show_images(images[wrong], labels, cols=min(cols, wrong.size), size=size,
                      title="misclassified: true → predicted")
    width, height = fig.get_size_inches()
    fig.set_size_inches(width, height * 1.2)  # room for the titles between rows
    fig.tight_layout()
    return fig


def plot_per_class_accuracy(accuracies, class_names, *, ax=None, title=None, labels=None):
    """Horizontal bars of per-class accuracy; ``accuracies`` is one array or a list of arrays (one per model)."""
    acc = np.atleast_2d(np.asarray(accuracies, dtype=float))
    if acc.shape[1] != len(class_names):
        raise ValueError(f"{acc.shape[1]} accuracies for {len(class_names)} class names")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.32 * len(class_names) * max(1, len(acc)) ** 0.5 + 1.2))
    height = 0.8 / len(acc)
    ypos = np.arange(len(class_names))
    for i, row in enumerate(acc):
        label = labels[i] if labels is not None else None
        ax.barh(ypos + (i - (len(acc) - 1) / 2) * height, row, height=height, color=f"C{i}", label=label)
    ax.set_yticks(ypos, class_names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("test accuracy of the class")
    ax.set_xlim(max(0.0, acc.min() - 0.1), 1.0)
    if labels is not None:
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=len(acc), frameon=False)
    if title:
        ax.set_title(title)
    ax.figure.tight_layout()
    return ax


def show_filters(kernel, *, n: int = 32, cols: int = 8, size: float = 0.9, title=None):
    """First-layer filters of a Conv2D kernel ``(F, F, 1, K)``: one small image per filter, red +, blue −."""
    k = np.asarray(kernel)
    if k.ndim != 4 or k.shape[2] != 1:
        raise ValueError(f"expected a first-layer kernel (F, F, 1, K); got shape {k.shape}")
    k = k[:, :, 0, : min(n, k.shape[-1])]
    rows, cols = _grid(k.shape[-1], cols)
    fig, axes = plt.subplots(rows, cols, figsize=(cols * size, rows * size * 1.1), squeeze=False)
    lim = np.abs(k).max() or 1.0
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < k.shape[-1]:
            ax.imshow(k[:, :, i], cmap="RdBu_r", vmin=-lim, vmax=lim)
            ax.set_title(f"{i}", fontsize=7)
    fig.suptitle(title or f"{k.shape[-1]} learned {k.shape[0]}×{k.shape[1]} filters (red > 0, blue < 0)", fontsize=9)
    fig.tight_layout()
    return fig


def show_layer_walk(image, outputs, channels=(0, 1, 2, 3), *, size: float = 1.1):
    """One image and, row by row, chosen channels of each layer's output ``[(name, (1, H, W, C)), ...]``."""
    image = np.asarray(image)
    if image.ndim == 3:
        image = image[..., 0]
    if image.ndim != 2:
        raise ValueError(f"image must be (H, W) or (H, W, 1); got shape {image.shape}")
    if not outputs:
        raise ValueError("outputs is empty")
    channels = list(channels)
    fig, axes = plt.subplots(len(outputs), len(channels) + 1, figsize=((len(channels) + 1) * size, len(outputs) * size * 1.15),
                             squeeze=False)
    for r, (name, out) in enumerate(outputs):
        out = np.asarray(out)
        if out.ndim == 4:
            out = out[0]
        if out.ndim != 3:
            raise ValueError(f"{name}: expected (H, W, C) or (1, H, W, C); got shape {np.shape(out)}")
        axes[r, 0].imshow(image, cmap="gray")
        axes[r, 0].set_title("input" if r == 0 else "", fontsize=7)
        axes[r, 0].set_ylabel(f"{name}\n{out.shape[0]}×{out.shape[1]}×{out.shape[2]}", fontsize=7)
        axes[r, 0].set_xticks([])
        axes[r, 0].set_yticks([])
        for c, ch in enumerate(channels):
            ax = axes[r, c + 1]
            ax.imshow(out[:, :, ch], cmap="viridis")
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_title(f"channel {ch}", fontsize=7)
    fig.tight_layout()
    return fig


def plot_accuracy_vs_shift(shifts, accuracies: dict, *, ax=None, title=None):
    """Test accuracy against the number of pixels the test images were moved, one line per model."""
    shifts = np.asarray(shifts)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 3.2))
    for i, (label, acc) in enumerate(accuracies.items()):
        acc = np.asarray(acc, dtype=float)
        if acc.shape != shifts.shape:
            raise ValueError(f"{label}: {acc.shape[0] if acc.ndim else 1} accuracies for {shifts.size} shifts")
        ax.plot(shifts, acc, "-o", ms=3, color=f"C{i}", label=label)
    ax.set_xlabel("shift of the test images (pixels right and down)")
    ax.set_ylabel("test accuracy")
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    ax.figure.tight_layout()
    return ax


# --- training experiments --------------------------------------------------------------


def plot_dropout_sweep(results, *, title=None):
    """Accuracy and train−validation gap against the dropout rate, from :func:`utils.training.dropout_sweep`.

    Left: training (blue) and validation (red) accuracy per rate; right: the gap, one bar per rate.
    Results averaged over seeds may carry ``train_sd``, ``val_sd`` and ``gap_sd``: drawn as error bars
    of ± one standard deviation.
    """
    if not results:
        raise ValueError("results is empty; pass the list returned by utils.training.dropout_sweep")
    try:
        rates = np.array([r["rate"] for r in results], dtype=float)
        train = np.array([r["train_acc"] for r in results], dtype=float)
        val = np.array([r["val_acc"] for r in results], dtype=float)
        gap = np.array([r["gap"] for r in results], dtype=float)
    except (KeyError, TypeError):
        raise ValueError("each result must be a dict with 'rate', 'train_acc', 'val_acc' and 'gap'") from None
    def sd(key):
        return np.array([r[key] for r in results], dtype=float) if all(key in r for r in results) else None

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.2))
    ax1.errorbar(rates, train, yerr=sd("train_sd"), fmt="-o", color="b", capsize=3, label="train")
    ax1.errorbar(rates, val, yerr=sd("val_sd"), fmt="--s", color="r", capsize=3, label="validation")
    ax1.set_xlabel("dropout rate")
    ax1.set_ylabel("accuracy")
    ax1.set_xticks(rates)
    ax1.legend(fontsize=8)
    ax2.bar([f"{r:g}" for r in rates], gap, yerr=sd("gap_sd"), capsize=3,
            color=["C7" if g < 0 else "C1" for g in gap])
    ax2.axhline(0, color="k", linewidth=0.8)
    above = sd("gap_sd") if sd("gap_sd") is not None else np.zeros_like(gap)
    for i, (g, e) in enumerate(zip(gap, above)):
        y = g + e if g >= 0 else g - e
        ax2.text(i, y, f"{g:+.3f}", ha="center", va="bottom" if g >= 0 else "top", fontsize=8)
    ax2.margins(y=0.15)
    ax2.set_xlabel("dropout rate")
    ax2.set_ylabel("train − validation accuracy")
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def plot_split(y, train_idx, val_idx, *, num_classes: int = 10, title=None):
    """Where ``validation_split`` cuts: the label of every row, training rows blue, validation rows red.

    Under the strip, the class counts of each part as bars, so a skewed split is visible at a glance.
    """
    y = np.asarray(y).ravel()
    train_idx = np.asarray(train_idx)
    val_idx = np.asarray(val_idx)
    if len(train_idx) + len(val_idx) != len(y):
        raise ValueError(f"train_idx and val_idx must cover y: {len(train_idx)} + {len(val_idx)} != {len(y)}")
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(7, 3.6), gridspec_kw={"height_ratios": [1, 1.4]})
    ax1.scatter(train_idx, y[train_idx], s=2, color="b", label="trained on")
    ax1.scatter(val_idx, y[val_idx], s=2, color="r", label="validation")
    ax1.set_xlabel("row in the arrays")
    ax1.set_ylabel("label")
    ax1.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), markerscale=4)
    classes = np.arange(num_classes)
    w = 0.4
    ax2.bar(classes - w / 2, np.bincount(y[train_idx], minlength=num_classes) / len(train_idx), w, color="b",
            label="train")
    ax2.bar(classes + w / 2, np.bincount(y[val_idx], minlength=num_classes) / len(val_idx), w, color="r",
            label="validation")
    ax2.set_xticks(classes)
    ax2.set_xlabel("class")
    ax2.set_ylabel("share of rows")
    ax2.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


# --- several seeds ----------------------------------------------------------------------

__all__ += ["plot_seed_curves"]


def plot_seed_curves(curves, *, ylabel: str = "validation accuracy", ax=None, title=None):
    """One metric per epoch over several seeds: the mean as a line, the lowest-to-highest seed as a band.

    ``curves`` maps a label to an array of shape ``(seeds, epochs)`` (one row per seed), e.g. the
    ``val_accuracy`` histories of a record's runs.
    """
    if not curves:
        raise ValueError("curves is empty; pass {label: array of shape (seeds, epochs)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.4))
    for i, (label, c) in enumerate(curves.items()):
        c = np.asarray(c, dtype=float)
        if c.ndim != 2:
            raise ValueError(f"curves[{label!r}] must have shape (seeds, epochs), got {c.shape}")
        epochs = np.arange(1, c.shape[1] + 1)
        ax.plot(epochs, c.mean(axis=0), "-o", color=f"C{i}", ms=3, label=f"{label} (mean of {len(c)} seeds)")
        ax.fill_between(epochs, c.min(axis=0), c.max(axis=0), color=f"C{i}", alpha=0.2, linewidth=0)
    ax.set_xticks(epochs)
    return _finish_epoch_axes(ax, ylabel, title)


# --- chapter 5: curves for choosing epochs, moved vs cropped digits ---------------------------

__all__ += ["plot_curves", "plot_shift_decomposition"]


def plot_curves(histories, metrics=("loss", "accuracy"), *, mark_epoch=None, title=None):
    """Training and validation curves side by side, one panel per metric (see :func:`plot_history`).

    ``mark_epoch`` (an int, or a dict ``{label: epoch}`` with the labels of ``histories``) draws a dotted
    vertical line at each chosen epoch, in the colour of its run.
    """
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.4), squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        plot_history(histories, metric, ax=ax)
        marks = mark_epoch if isinstance(mark_epoch, dict) else {"": mark_epoch} if mark_epoch else {}
        for i, (label, epoch) in enumerate(marks.items()):
            ax.axvline(epoch, color=f"C{i}", linestyle=":", linewidth=1.2)
        ax.set_xticks(np.arange(1, len(ax.lines[0].get_xdata()) + 1))
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def plot_shift_decomposition(shifts, accuracies: dict, *, ylabel: str = "validation accuracy", title=None):
    """Accuracy against a shift, one colour per model and one line style per condition.

    ``accuracies`` maps a model's label to ``{condition: [accuracy per shift]}``, e.g.
    ``{"convnet": {"moved": [...], "moved, no ink lost": [...], "ink cut, not moved": [...]}}``.
    """
    shifts = np.asarray(shifts)
    styles = ["-o", "--s", ":^", "-.d"]
    fig, ax = plt.subplots(figsize=(8, 3.6))
    for i, (model, conditions) in enumerate(accuracies.items()):
        for j, (condition, acc) in enumerate(conditions.items()):
            acc = np.asarray(acc, dtype=float)
            if acc.shape != shifts.shape:
                raise ValueError(f"{model}, {condition}: {acc.size} accuracies for {shifts.size} shifts")
            ax.plot(shifts, acc, styles[j % len(styles)], color=f"C{i}", ms=4, label=f"{model}, {condition}")
    ax.axhline(0.1, color="0.6", linewidth=0.8)
    ax.text(shifts[-1], 0.11, "guessing (10 %)", fontsize=7, color="0.4", ha="right")
    ax.set_xlabel("shift (pixels right and down)")
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
