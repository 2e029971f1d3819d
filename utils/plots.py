"""Plotting helpers, so that notebook cells stay a line or two long.

Every function draws on a new figure (or the ``ax`` given) and returns the figure or axes;
none calls ``plt.show()`` — Jupyter shows the figure at the end of the cell.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

#: The widest a figure may be (inches): 750 px at ``utils.setup``'s 110 dpi, the width of a code cell's
#: output on the site in a 1366-px-wide browser window, so the site never shrinks a figure.
WIDTH = 6.8
#: The smallest font size used (points): at 110 dpi and full size it renders at 9.2 pt on the site.
SMALL = 8
#: The smallest text size a reader must see on the site, in CSS points (WCAG has no minimum; 9 pt is the
#: usual floor for figure labels in print).
MIN_RENDERED_PT = 9.0
_COLUMN_PX = 750


def rendered_sizes(fig):
    """``[(text, size in CSS pt)]`` for every visible text of ``fig`` as the site shows it.

    A figure ``w`` inches wide is stored at ``fig.dpi`` and shown at most ``_COLUMN_PX`` pixels wide, so
    a ``s``-point font is drawn ``s * dpi / 72 * min(1, 750 / (w * dpi))`` pixels high (0.75 pt each).
    """
    from matplotlib.text import Text

    w_px = fig.get_figwidth() * fig.dpi
    scale = min(1.0, _COLUMN_PX / w_px)
    out = []
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip() and t.figure is fig:
            out.append((t.get_text(), t.get_fontsize() * fig.dpi / 72 * scale * 0.75))
    return out


def too_small(fig, minimum: float = MIN_RENDERED_PT):
    """The texts of ``fig`` that the site would show smaller than ``minimum`` CSS points."""
    return [(text, round(pt, 2)) for text, pt in rendered_sizes(fig) if pt < minimum - 1e-9]


__all__ = [
    "show_kernel_effects",
    "show_side_by_side",
    "WIDTH",
    "SMALL",
    "rendered_sizes",
    "too_small",
    "show_images",
    "show_kernels",
    "plot_history",
    "plot_confusion_matrix",
    "plot_dropout_sweep",
    "plot_split",
]


def show_kernel_effects(
    image,
    names=("identity", "blur", "sharpen", "outline", "sobel x", "emboss"),
    *,
    size: float = 2.0,
    cols: int = 3,
):
    """The photo filtered by each named kernel (clipped to 0–255), the kernel's numbers in the title."""
    from .images import KERNELS, apply_kernel, kernel_text

    names = list(names)
    rows = int(np.ceil(len(names) / cols))
    size = min(size, WIDTH / cols)
    h, w = np.shape(image)
    fig, axes = plt.subplots(
        rows, cols, figsize=(cols * size, rows * (size * h / w + 0.9)), squeeze=False
    )
    for ax in axes.flat:
        ax.axis("off")
    for ax, name in zip(axes.flat, names):
        k = KERNELS[name]
        ax.imshow(apply_kernel(image, k), cmap="gray", vmin=0, vmax=255)
        ax.set_title(f"{name}\n{kernel_text(k)}", fontsize=SMALL, family="monospace")
    fig.tight_layout()
    return fig


def show_side_by_side(
    images,
    titles=None,
    *,
    height: float = 2.0,
    cmap="gray",
    vmin=None,
    vmax=None,
    pixel_grid=False,
    colorbar: str | None = None,
    extend: str = "neither",
):
    """Images of different sizes in one row, each drawn at the same height so that sizes compare by
    pixel count (a 14×14 map looks as big as the 28×28 one it came from, with bigger pixels).

    ``colorbar`` (a label) adds colour scales: one shared scale when ``vmin`` and ``vmax`` are given,
    otherwise one under each image (each image is then scaled to its own range). ``extend="max"``
    draws the shared scale's top as an arrow: values above ``vmax`` are shown in its colour.
    """
    images = [np.asarray(im) for im in images]
    for im in images:
        if im.ndim != 2:
            raise ValueError(f"show_side_by_side expects 2-D images; got shape {im.shape}")
    shared = vmin is not None and vmax is not None
    room = 0.9 if colorbar and shared else 0.0
    below = 0.7 if colorbar and not shared else 0.0
    widths = [height * im.shape[1] / im.shape[0] for im in images]
    fit = (WIDTH - room - 0.3 * len(images)) / sum(widths)
    if fit < 1:
        widths, height = [w * fit for w in widths], height * fit
    fig, axes = plt.subplots(
        1,
        len(images),
        figsize=(sum(widths) + 0.3 * len(images) + room, height + 0.6 + below),
        gridspec_kw={"width_ratios": widths},
        squeeze=False,
    )
    for k, (ax, im) in enumerate(zip(axes.flat, images)):
        shown = ax.imshow(im, cmap=cmap, vmin=vmin, vmax=vmax)
        ax.set_xticks([])
        ax.set_yticks([])
        if pixel_grid and max(im.shape) <= 32:
            ax.set_xticks(np.arange(-0.5, im.shape[1], 1), minor=True)
            ax.set_yticks(np.arange(-0.5, im.shape[0], 1), minor=True)
            ax.grid(which="minor", color="#888888", linewidth=0.3)
            ax.tick_params(which="minor", length=0)
        if titles is not None:
            ax.set_title(f"{titles[k]}\n{im.shape[0]}×{im.shape[1]}", fontsize=SMALL)
        if colorbar and not shared:
            bar = fig.colorbar(shown, ax=ax, orientation="horizontal", fraction=0.06, pad=0.04)
            bar.ax.tick_params(labelsize=SMALL)
            bar.locator = MaxNLocator(3)
            bar.update_ticks()
            bar.set_label(colorbar, fontsize=SMALL)
    if colorbar and shared:
        _colorbar(fig, shown, axes, colorbar, extend=extend)
    else:
        fig.tight_layout()
    return fig


def _grid(n: int, cols: int | None):
    cols = cols or min(n, 8)
    rows = int(np.ceil(n / cols))
    return rows, cols


def show_images(
    images,
    labels=None,
    *,
    cols: int | None = None,
    size: float = 1.3,
    cmap="gray",
    title=None,
    vmin=None,
    vmax=None,
):
    """A grid of images (``(N, H, W)`` or ``(N, H, W, 1)``), each with an optional label above it."""
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4):
        raise ValueError(
            f"images must be (N, H, W), (N, H, W, 1) or (N, H, W, 3); got shape {images.shape}"
        )
    rows, cols = _grid(len(images), cols)
    size = min(size, WIDTH / cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(cols * size, rows * size * 1.15 + (0.3 if title else 0)), squeeze=False
    )
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i], cmap=cmap, vmin=vmin, vmax=vmax)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=SMALL)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def _colorbar(fig, im, axes, label, extend: str = "neither"):
    """One colour scale for a grid of images drawn with the same ``vmin``/``vmax`` (``im``: any of them)."""
    fig.tight_layout(rect=(0, 0, 0.9, 1))
    cax = fig.add_axes((0.91, 0.15, 0.018, 0.7))
    bar = fig.colorbar(im, cax=cax, extend=extend)
    bar.set_label(label, fontsize=SMALL)
    bar.ax.tick_params(labelsize=SMALL)
    return bar


def show_kernels(kernels, names=None, *, size: float = 1.2, cmap="RdBu_r"):
    """Kernels ``(F, F, K)`` or ``(F, F, 1, K)`` (Keras layout) side by side, symmetric colour scale."""
    k = np.asarray(kernels)
    if k.ndim == 4:
        k = k[:, :, 0, :]
    if k.ndim == 2:
        k = k[:, :, None]
    if k.ndim != 3:
        raise ValueError(
            f"kernels must be (F, F, K) or (F, F, 1, K); got shape {np.shape(kernels)}"
        )
    n = k.shape[-1]
    rows, cols = _grid(n, None)
    size = min(size, (WIDTH - 0.8) / cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(cols * size + 0.8, rows * size * 1.15), squeeze=False
    )
    lim = np.abs(k).max() or 1.0
    im = None
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            im = ax.imshow(k[:, :, i], cmap=cmap, vmin=-lim, vmax=lim)
            if names is not None:
                ax.set_title(str(names[i]), fontsize=SMALL)
    _colorbar(fig, im, axes, "weight")
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
        if metric.startswith("val_"):  # a validation metric alone: one dashed curve per run
            ax.plot(
                epochs, h[metric], "--s", color=colour, ms=3, label=f"{prefix}validation".strip()
            )
            continue
        ax.plot(epochs, h[metric], "-o", color=colour, ms=3, label=f"{prefix}train")
        if f"val_{metric}" in h:
            ax.plot(
                epochs, h[f"val_{metric}"], "--s", color=colour, ms=3, label=f"{prefix}validation"
            )
    return _finish_epoch_axes(ax, metric, title)


def _finish_epoch_axes(ax, ylabel, title):
    """Label an epoch-by-epoch plot: x is the epoch, a small legend, an optional title."""
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=SMALL)
    if title:
        ax.set_title(title)
    ax.figure.tight_layout()
    return ax


def plot_confusion_matrix(cm, class_names, *, ax=None, title=None, normalize: bool = False):
    """Draw a confusion matrix of counts ``cm`` (rows: true classes, columns: predicted classes), the
    counts (or, with ``normalize``, the fractions of each row) written in the cells. Returns the axes.

    The counts come from :func:`utils.metrics.confusion_counts`; this function only draws.
    """
    cm = np.asarray(cm)
    k = len(class_names)
    if cm.shape != (k, k):
        raise ValueError(
            f"cm must be a {k}×{k} matrix of counts for {k} class names; got shape {cm.shape}"
        )
    shown = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if normalize else cm
    if ax is None:
        _, ax = plt.subplots(figsize=(0.5 * k + 1.8, 0.5 * k + 1.4))
    ax.imshow(shown, cmap="Blues")
    for (i, j), v in np.ndenumerate(shown):
        ax.text(
            j,
            i,
            f"{v:.2f}" if normalize else str(v),
            ha="center",
            va="center",
            fontsize=SMALL,
            color="white" if v > 0.5 * shown.max() else "black",
        )
    ax.set_xticks(range(k), class_names, rotation=60, ha="right", fontsize=SMALL)
    ax.set_yticks(range(k), class_names, fontsize=SMALL)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    if title:
        ax.set_title(title)
    ax.figure.tight_layout()
    return ax


# --- models and predictions ------------------------------------------------------------

__all__ += [
    "show_misclassified",
    "plot_per_class_accuracy",
    "show_filters",
    "show_layer_walk",
]


def show_misclassified(
    images, y_true, y_pred, class_names, *, n: int = 12, cols: int = 6, size: float = 1.1
):
    """A grid of the first ``n`` wrongly predicted images, each titled "true → predicted"."""
    images = np.asarray(images)
    y_true = np.asarray(y_true).ravel()
    y_pred = np.asarray(y_pred).ravel()
    if not (len(images) == len(y_true) == len(y_pred)):
        raise ValueError(
            f"images, y_true and y_pred differ in length: {len(images)}, {len(y_true)}, {len(y_pred)}"
        )
    wrong = np.flatnonzero(y_true != y_pred)[:n]
    if wrong.size == 0:
        raise ValueError("there are no misclassified images to show")
    labels = [f"{class_names[y_true[i]]}\n→ {class_names[y_pred[i]]}" for i in wrong]
    fig = show_images(
        images[wrong],
        labels,
        cols=min(cols, wrong.size),
        size=size,
        title="misclassified: true → predicted",
    )
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
        ax.barh(
            ypos + (i - (len(acc) - 1) / 2) * height, row, height=height, color=f"C{i}", label=label
        )
    ax.set_yticks(ypos, class_names, fontsize=SMALL)
    ax.invert_yaxis()
    ax.set_xlabel("test accuracy of the class")
    ax.set_xlim(max(0.0, acc.min() - 0.1), 1.0)
    if labels is not None:
        ax.legend(
            fontsize=SMALL,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncol=len(acc),
            frameon=False,
        )
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
    size = min(size, (WIDTH - 0.8) / cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(cols * size + 0.8, rows * size * 1.1 + 0.35), squeeze=False
    )
    lim = np.abs(k).max() or 1.0
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < k.shape[-1]:
            im = ax.imshow(k[:, :, i], cmap="RdBu_r", vmin=-lim, vmax=lim)
            ax.set_title(f"{i}", fontsize=SMALL)
    fig.suptitle(
        title or f"{k.shape[-1]} learned {k.shape[0]}×{k.shape[1]} filters (red > 0, blue < 0)",
        fontsize=9,
    )
    _colorbar(fig, im, axes, "weight")
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
    size = min(size, (WIDTH - 1.2) / (len(channels) + 1))
    fig, axes = plt.subplots(
        len(outputs),
        len(channels) + 1,
        figsize=((len(channels) + 1) * size + 1.2, len(outputs) * size * 1.15 + 0.3),
        squeeze=False,
    )
    rows_images = []
    for r, (name, out) in enumerate(outputs):
        out = np.asarray(out)
        if out.ndim == 4:
            out = out[0]
        if out.ndim != 3:
            raise ValueError(
                f"{name}: expected (H, W, C) or (1, H, W, C); got shape {np.shape(out)}"
            )
        axes[r, 0].imshow(image, cmap="gray")
        axes[r, 0].set_title("input" if r == 0 else "", fontsize=SMALL)
        axes[r, 0].set_ylabel(
            f"{name}\n{out.shape[0]}×{out.shape[1]}×{out.shape[2]}", fontsize=SMALL
        )
        axes[r, 0].set_xticks([])
        axes[r, 0].set_yticks([])
        shown = out[:, :, channels]
        lo, hi = float(shown.min()), float(shown.max())
        for c, ch in enumerate(channels):
            ax = axes[r, c + 1]
            im = ax.imshow(out[:, :, ch], cmap="viridis", vmin=lo, vmax=hi if hi > lo else lo + 1)
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_title(f"channel {ch}", fontsize=SMALL)
        rows_images.append(im)
    # one colour scale per layer (row): the channels of a layer can be compared, the layers by their scales
    fig.tight_layout(rect=(0, 0, 0.9, 1))
    for r, im in enumerate(rows_images):
        pos = axes[r, -1].get_position()
        cax = fig.add_axes((0.91, pos.y0, 0.015, pos.height))
        bar = fig.colorbar(im, cax=cax)
        bar.ax.tick_params(labelsize=SMALL)
        bar.locator = MaxNLocator(3)
        bar.update_ticks()
    return fig


# --- training experiments --------------------------------------------------------------


def plot_dropout_sweep(results, *, title=None):
    """Accuracy and train−validation gap against the dropout rate: ``results`` is a list of dicts with
    ``rate``, ``train_acc``, ``val_acc`` and ``gap`` (as :func:`utils.experiments.dropout_seeds` records them).

    Left: training (blue) and validation (red) accuracy per rate; right: the gap, one bar per rate.
    Results averaged over seeds may carry ``train_sd``, ``val_sd`` and ``gap_sd``: drawn as error bars
    of ± one standard deviation.
    """
    if not results:
        raise ValueError("results is empty; pass one dict per dropout rate")
    try:
        rates = np.array([r["rate"] for r in results], dtype=float)
        train = np.array([r["train_acc"] for r in results], dtype=float)
        val = np.array([r["val_acc"] for r in results], dtype=float)
        gap = np.array([r["gap"] for r in results], dtype=float)
    except (KeyError, TypeError):
        raise ValueError(
            "each result must be a dict with 'rate', 'train_acc', 'val_acc' and 'gap'"
        ) from None

    def sd(key):
        return (
            np.array([r[key] for r in results], dtype=float)
            if all(key in r for r in results)
            else None
        )

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(WIDTH, 3.2))
    ax1.errorbar(rates, train, yerr=sd("train_sd"), fmt="-o", color="b", capsize=3, label="train")
    ax1.errorbar(rates, val, yerr=sd("val_sd"), fmt="--s", color="r", capsize=3, label="validation")
    ax1.set_xlabel("dropout rate")
    ax1.set_ylabel("accuracy")
    ax1.set_xticks(rates)
    ax1.legend(fontsize=SMALL)
    ax2.bar(
        [f"{r:g}" for r in rates],
        gap,
        yerr=sd("gap_sd"),
        capsize=3,
        color=["C7" if g < 0 else "C1" for g in gap],
    )
    ax2.axhline(0, color="k", linewidth=0.8)
    above = sd("gap_sd") if sd("gap_sd") is not None else np.zeros_like(gap)
    for i, (g, e) in enumerate(zip(gap, above)):
        y = g + e if g >= 0 else g - e
        ax2.text(i, y, f"{g:+.3f}", ha="center", va="bottom" if g >= 0 else "top", fontsize=SMALL)
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
        raise ValueError(
            f"train_idx and val_idx must cover y: {len(train_idx)} + {len(val_idx)} != {len(y)}"
        )
    fig, (ax1, ax2) = plt.subplots(
        2, 1, figsize=(WIDTH, 3.6), gridspec_kw={"height_ratios": [1, 1.4]}
    )
    ax1.scatter(train_idx, y[train_idx], s=2, color="b", label="trained on")
    ax1.scatter(val_idx, y[val_idx], s=2, color="r", label="validation")
    ax1.set_xlabel("row in the arrays")
    ax1.set_ylabel("label")
    ax1.legend(fontsize=SMALL, loc="upper left", bbox_to_anchor=(1.0, 1.0), markerscale=4)
    classes = np.arange(num_classes)
    w = 0.4
    ax2.bar(
        classes - w / 2,
        np.bincount(y[train_idx], minlength=num_classes) / len(train_idx),
        w,
        color="b",
        label="train",
    )
    ax2.bar(
        classes + w / 2,
        np.bincount(y[val_idx], minlength=num_classes) / len(val_idx),
        w,
        color="r",
        label="validation",
    )
    ax2.set_xticks(classes)
    ax2.set_xlabel("class")
    ax2.set_ylabel("share of rows")
    ax2.legend(fontsize=SMALL, loc="upper left", bbox_to_anchor=(1.0, 1.0))
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
        ax.plot(
            epochs,
            c.mean(axis=0),
            "-o",
            color=f"C{i}",
            ms=3,
            label=f"{label} (mean of {len(c)} seeds)",
        )
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
    fig, axes = plt.subplots(
        1, len(metrics), figsize=(min(WIDTH, 3.6 * len(metrics)), 3.2), squeeze=False
    )
    for ax, metric in zip(axes[0], metrics):
        plot_history(histories, metric, ax=ax)
        marks = (
            mark_epoch if isinstance(mark_epoch, dict) else {"": mark_epoch} if mark_epoch else {}
        )
        for i, epoch in enumerate(marks.values()):
            ax.axvline(epoch, color=f"C{i}", linestyle=":", linewidth=1.2)
        ax.set_xticks(np.arange(1, len(ax.lines[0].get_xdata()) + 1))
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def plot_shift_decomposition(
    shifts, accuracies: dict, *, ylabel: str = "validation accuracy", title=None
):
    """Accuracy against a shift, one colour per model and one line style per condition.

    ``accuracies`` maps a model's label to ``{condition: [accuracy per shift]}``, e.g.
    ``{"convnet": {"moved": [...], "moved, no ink lost": [...], "ink cut, not moved": [...]}}``.
    """
    shifts = np.asarray(shifts)
    styles = ["-o", "--s", ":^", "-.d"]
    fig, ax = plt.subplots(figsize=(WIDTH, 3.6))
    for i, (model, conditions) in enumerate(accuracies.items()):
        for j, (condition, acc) in enumerate(conditions.items()):
            acc = np.asarray(acc, dtype=float)
            if acc.shape != shifts.shape:
                raise ValueError(
                    f"{model}, {condition}: {acc.size} accuracies for {shifts.size} shifts"
                )
            ax.plot(
                shifts,
                acc,
                styles[j % len(styles)],
                color=f"C{i}",
                ms=4,
                label=f"{model}, {condition}",
            )
    ax.axhline(0.1, color="0.6", linewidth=0.8)
    ax.text(shifts[-1], 0.11, "guessing (10 %)", fontsize=SMALL, color="0.4", ha="right")
    ax.set_xlabel("shift (pixels right and down)")
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=SMALL, loc="center left", bbox_to_anchor=(1.01, 0.5))
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
