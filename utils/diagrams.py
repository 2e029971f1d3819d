"""Convolution-arithmetic pictures in the spirit of Dumoulin & Visin's guide.

The input is drawn as a grid of blue cells, the zero padding as white dashed cells around it, the kernel
as a dark shadow over the cells it covers (its weights written small in their corners), and the output as
a grid of teal cells on the right, the one being computed highlighted. The same picture drawn at every
kernel position gives an animation (:func:`conv_animation`) that plays in a browser, in the built site
and in Colab.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from . import validate
from .conv import (
    conv2d,
    effective_kernel_size,
    output_size,
    padding_per_side,
    pool2d,
    transposed_output_size,
)
from .plots import SMALL, WIDTH

__all__ = [
    "draw_step",
    "conv_steps",
    "conv_animation",
    "padding_comparison",
    "dilation_comparison",
    "transposed_steps",
]

_INPUT = "#9ecae1"
_PAD = "#ffffff"
_SHADOW = "#08306b"
_OUTPUT = "#a1d99b"
_CURRENT = "#238b45"
_UNREAD = "#cb181d"


def _fmt(v) -> str:
    v = float(v)
    if v.is_integer():
        return f"{int(v)}"
    return f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"


def _geometry(shape, f, stride, padding):
    h, w = validate.pair(shape, "input size")
    fh, fw = validate.pair(f, "kernel size")
    sh, sw = validate.pair(stride, "stride")
    (t, b), (l, r) = padding_per_side(padding, h, w, fh, fw, sh, sw)
    hp, wp = h + t + b, w + l + r
    if fh > hp or fw > wp:
        raise ValueError(f"kernel {fh}x{fw} is larger than the padded input {hp}x{wp}")
    ho, wo = (hp - fh) // sh + 1, (wp - fw) // sw + 1
    return dict(
        h=h, w=w, fh=fh, fw=fw, sh=sh, sw=sw, t=t, b=b, l=l, r=r, hp=hp, wp=wp, ho=ho, wo=wo
    )


def draw_step(
    ax,
    shape,
    f,
    stride=1,
    padding=0,
    pos=(0, 0),
    *,
    x=None,
    kernel=None,
    out=None,
    filled=None,
    title=None,
    out_label="output",
    fontsize=8,
):
    """Draw one kernel position on ``ax``.

    Parameters
    ----------
    shape:
        input size ``n`` or ``(h, w)``.
    f, stride, padding:
        as for :func:`utils.conv.conv2d` (``padding`` may be ``"same"``, an int or per-side pairs).
    pos:
        ``(i, j)``: the output position being computed (the kernel's top-left corner sits at
        ``(i * stride, j * stride)`` of the padded input).
    x, kernel, out:
        optional numbers to write in the input cells, in the kernel's corners and in the output cells.
    filled:
        how many output cells (row by row) have been computed; ``None`` means up to ``pos``.
    """
    g = _geometry(shape, f, stride, padding)
    i, j = pos
    if not (0 <= i < g["ho"] and 0 <= j < g["wo"]):
        raise ValueError(f"pos {pos} is outside the {g['ho']}x{g['wo']} output")
    if x is not None and np.shape(x) != (g["h"], g["w"]):
        raise ValueError(f"x has shape {np.shape(x)}, expected {(g['h'], g['w'])}")
    if kernel is not None and np.shape(kernel) != (g["fh"], g["fw"]):
        raise ValueError(f"kernel has shape {np.shape(kernel)}, expected {(g['fh'], g['fw'])}")
    if out is not None and np.shape(out) != (g["ho"], g["wo"]):
        raise ValueError(f"out has shape {np.shape(out)}, expected {(g['ho'], g['wo'])}")
    if filled is None:
        filled = i * g["wo"] + j + 1

    # input and padding
    for r in range(g["hp"]):
        for c in range(g["wp"]):
            inside = g["t"] <= r < g["t"] + g["h"] and g["l"] <= c < g["l"] + g["w"]
            ax.add_patch(
                Rectangle(
                    (c, r),
                    1,
                    1,
                    facecolor=_INPUT if inside else _PAD,
                    edgecolor="#555555",
                    linewidth=0.8,
                    linestyle="-" if inside else (0, (2, 2)),
                )
            )
            if x is not None and inside:
                ax.text(
                    c + 0.5,
                    r + 0.4,
                    _fmt(x[r - g["t"]][c - g["l"]]),
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                )
            elif x is not None:
                ax.text(
                    c + 0.5,
                    r + 0.4,
                    "0",
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color="#999999",
                )
    # cells that no kernel position ever covers (when the stride does not divide): hatched in red
    last_r, last_c = (g["ho"] - 1) * g["sh"] + g["fh"], (g["wo"] - 1) * g["sw"] + g["fw"]
    unread = [(r, c) for r in range(g["hp"]) for c in range(g["wp"]) if r >= last_r or c >= last_c]
    for r, c in unread:
        ax.add_patch(
            Rectangle((c, r), 1, 1, facecolor="none", edgecolor=_UNREAD, hatch="///", linewidth=0.8)
        )
    # the kernel's shadow
    r0, c0 = i * g["sh"], j * g["sw"]
    ax.add_patch(
        Rectangle(
            (c0, r0),
            g["fw"],
            g["fh"],
            facecolor=_SHADOW,
            alpha=0.35,
            edgecolor=_SHADOW,
            linewidth=2,
        )
    )
    if kernel is not None:
        for a in range(g["fh"]):
            for b_ in range(g["fw"]):
                ax.text(
                    c0 + b_ + 0.93,
                    r0 + a + 0.9,
                    "×" + _fmt(kernel[a][b_]),
                    ha="right",
                    va="bottom",
                    fontsize=max(fontsize - 1, SMALL),
                    color="#08306b",
                    fontweight="bold",
                )
    # output grid, to the right, vertically centred
    ox = g["wp"] + 1.5
    oy = (g["hp"] - g["ho"]) / 2
    for r in range(g["ho"]):
        for c in range(g["wo"]):
            k = r * g["wo"] + c
            current = (r, c) == (i, j)
            colour = _CURRENT if current else (_OUTPUT if k < filled else "#f0f0f0")
            ax.add_patch(
                Rectangle(
                    (ox + c, oy + r), 1, 1, facecolor=colour, edgecolor="#555555", linewidth=0.8
                )
            )
            if out is not None and k < filled:
                ax.text(
                    ox + c + 0.5,
                    oy + r + 0.45,
                    _fmt(out[r][c]),
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color="white" if current else "black",
                )
    ax.text(
        g["wp"] / 2,
        -0.3,
        f"input {g['h']}×{g['w']}"
        + (f", padded to {g['hp']}×{g['wp']}" if (g["hp"], g["wp"]) != (g["h"], g["w"]) else ""),
        ha="center",
        va="bottom",
        fontsize=fontsize,
    )
    ax.text(
        ox + g["wo"] / 2,
        oy - 0.3,
        f"{out_label} {g['ho']}×{g['wo']}",
        ha="center",
        va="bottom",
        fontsize=fontsize,
    )
    bottom = g["hp"] + 0.2
    if unread:
        ax.text(
            g["wp"] / 2,
            g["hp"] + 0.25,
            "hatched: never read",
            ha="center",
            va="top",
            fontsize=fontsize,
            color=_UNREAD,
        )
        bottom = g["hp"] + 1.2
    ax.set_xlim(-0.2, ox + g["wo"] + 0.2)
    ax.set_ylim(bottom, -1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=fontsize + 1)
    return ax


def _positions(g, steps):
    every = [(i, j) for i in range(g["ho"]) for j in range(g["wo"])]
    if steps is None:
        return every
    if isinstance(steps, int):
        idx = np.unique(np.linspace(0, len(every) - 1, steps).round().astype(int))
        return [every[k] for k in idx]
    return list(steps)


def conv_steps(
    n,
    f,
    stride=1,
    padding=0,
    steps=4,
    *,
    x=None,
    kernel=None,
    cell: float | None = None,
    cols: int = 3,
    title=None,
):
    """Small multiples: the kernel at ``steps`` positions (an int spreads them out; or give a list).

    With ``x`` and ``kernel`` the numbers are written in and the output values computed with
    :func:`utils.conv.conv2d`. ``cell`` is the size of one grid cell in inches.
    """
    g = _geometry(n, f, stride, padding)
    out = None
    if x is not None and kernel is not None:
        out = conv2d(
            np.asarray(x, float), np.asarray(kernel, float), stride=stride, padding=padding
        )
    cell = cell or (0.42 if x is not None else 0.25)
    pos = _positions(g, steps)
    cols = min(cols, len(pos))
    rows = int(np.ceil(len(pos) / cols))
    cell = min(cell, WIDTH / (cols * (g["wp"] + g["wo"] + 2)))  # never wider than the page
    if title is None:
        title = f"kernel {g['fh']}×{g['fw']}, stride {stride}, padding {padding!r}"
    width = min(
        WIDTH, max(cols * cell * (g["wp"] + g["wo"] + 2), 0.075 * len(title) + 0.4)
    )  # room for the title
    fig, axes = plt.subplots(
        rows, cols, figsize=(width, rows * cell * (g["hp"] + 2)), squeeze=False
    )
    for ax in axes.flat:
        ax.axis("off")
    for ax, p in zip(axes.flat, pos):
        draw_step(ax, n, f, stride, padding, p, x=x, kernel=kernel, out=out, fontsize=8)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    return fig


def conv_animation(
    n,
    f,
    stride=1,
    padding=0,
    *,
    x=None,
    kernel=None,
    pool=None,
    interval: int = 800,
    cell: float | None = None,
    dpi: int | None = None,
    max_frames: int = 36,
    alt: str | None = None,
):
    """An animation of the kernel sliding over the input, as HTML/JavaScript that plays in a browser.

    Returns an ``IPython.display.HTML`` object (matplotlib's ``to_jshtml``: the frames are embedded as
    PNG images with play/step buttons; no server or widget needed, so it plays in the built site and in
    Colab). With ``x`` and ``kernel`` the numbers are shown and the output filled in as it is computed;
    with ``x`` and ``pool="max"`` or ``"avg"`` the window is a pooling window instead of a kernel.

    For readers who cannot see it, the frame image gets ``alt`` as its description (by default one
    that states the sizes and what each frame adds) and the frame slider an accessible name; the
    player's buttons already carry theirs.
    """
    from html import escape

    from IPython.display import HTML
    from matplotlib import animation

    g = _geometry(n, f, stride, padding)
    frames = g["ho"] * g["wo"]
    if frames > max_frames:
        raise ValueError(
            f"{frames} frames is too many for a light page (max_frames={max_frames}); use a smaller input"
        )
    out = None
    label = "output"
    if x is not None and kernel is not None:
        out = conv2d(
            np.asarray(x, float), np.asarray(kernel, float), stride=stride, padding=padding
        )
    elif x is not None and pool is not None:
        out = pool2d(np.asarray(x, float), f, stride, mode=pool, padding=padding)
        label = f"{pool} pooled"
    cell = min(cell or (0.5 if x is not None else 0.3), WIDTH / (g["wp"] + g["wo"] + 2))
    fig, ax = plt.subplots(
        figsize=(cell * (g["wp"] + g["wo"] + 2), cell * (g["hp"] + 1.6)), dpi=dpi
    )
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.99)
    pos = _positions(g, None)

    def frame(k):
        ax.clear()
        draw_step(
            ax,
            n,
            f,
            stride,
            padding,
            pos[k],
            x=x,
            kernel=kernel,
            out=out,
            out_label=label,
            fontsize=9,
        )
        return ()

    anim = animation.FuncAnimation(fig, frame, frames=len(pos), interval=interval, blit=False)
    html = anim.to_jshtml(fps=None, default_mode="loop")
    plt.close(fig)
    if alt is None:
        window = f"a {g['fh']}×{g['fw']} {pool + ' pooling window' if pool else 'kernel'}"
        alt = (
            f"Animation in {len(pos)} frames: {window} slides over a {g['h']}×{g['w']} input"
            f" (stride {stride}, padding {padding!r}); each frame fills one more value of the"
            f" {g['ho']}×{g['wo']} {label if label == 'output' else label + ' output'}, row by row."
        )
    html = html.replace('<img id="_anim_img', f'<img alt="{escape(alt)}" id="_anim_img', 1)
    html = html.replace(
        'type="range" class="anim-slider"',
        'type="range" class="anim-slider" aria-label="animation frame"',
        1,
    )
    return HTML(html)


def padding_comparison(n, f, stride=1, *, cell: float = 0.24):
    """Three panels: ``padding="valid"``, symmetric zero padding ``(f - 1) // 2``, and TensorFlow's
    ``"same"`` (which may add the odd zero at the bottom/right), each at its last kernel position."""
    cases = [
        ("valid", "valid"),
        ((f - 1) // 2, f"padding {(f - 1) // 2} each side"),
        ("same", "TF 'same'"),
    ]
    geoms = [_geometry(n, f, stride, p) for p, _ in cases]
    width = sum(g["wp"] + g["wo"] + 2 for g in geoms)
    cell = min(cell, WIDTH / width)
    fig, axes = plt.subplots(
        1,
        3,
        figsize=(cell * width, cell * (max(g["hp"] for g in geoms) + 5)),
        gridspec_kw={"width_ratios": [g["wp"] + g["wo"] + 2 for g in geoms]},
    )
    for ax, (p, name) in zip(axes, cases):
        g = _geometry(n, f, stride, p)
        draw_step(
            ax,
            n,
            f,
            stride,
            p,
            (g["ho"] - 1, g["wo"] - 1),
            filled=g["ho"] * g["wo"],
            fontsize=SMALL,
        )
        pads = f"top {g['t']}, bottom {g['b']}, left {g['l']}, right {g['r']}"
        ax.set_title(f"{name}\n{pads}", fontsize=SMALL)
    fig.suptitle(
        f"n = {n}, kernel {f}×{f}, stride {stride}: output {output_size(n, f, stride, 'valid') if f <= n else '-'}"
        f" (valid) vs {output_size(n, f, stride, 'same')} (same)",
        fontsize=9,
    )
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- issue 12: dilation, transposed


def _cell(
    ax, c, r, face, *, dashed=False, edge="#555555", text=None, fontsize=SMALL, colour="black"
):
    ax.add_patch(
        Rectangle(
            (c, r),
            1,
            1,
            facecolor=face,
            edgecolor=edge,
            linewidth=0.8,
            linestyle=(0, (2, 2)) if dashed else "-",
        )
    )
    if text is not None:
        ax.text(c + 0.5, r + 0.45, text, ha="center", va="center", fontsize=fontsize, color=colour)


def _output_grid(
    ax, ox, oy, ho, wo, current=None, label="output", fontsize=SMALL, so_far: bool = False
):
    """The output grid; with ``so_far`` only the cells up to ``current`` in reading order are filled
    (green), the ones not computed yet grey, as in :func:`conv_steps`."""
    done = current[0] * wo + current[1] if current is not None else ho * wo
    for r in range(ho):
        for c in range(wo):
            if (r, c) == current:
                colour = _CURRENT
            elif so_far and r * wo + c > done:
                colour = "#f0f0f0"
            else:
                colour = _OUTPUT
            _cell(ax, ox + c, oy + r, colour)
    ax.text(
        ox + wo / 2, oy - 0.3, f"{label} {ho}×{wo}", ha="center", va="bottom", fontsize=fontsize
    )


def dilation_comparison(n, f, dilations=(1, 2, 3), *, cell: float = 0.22):
    """One panel per dilation rate: an ``n``×``n`` input with a ``f``×``f`` kernel at its first
    position — the taps dark, the cells they skip inside the dashed square that the kernel spans
    (:func:`utils.conv.effective_kernel_size`) — and the output it gives (no padding, stride 1)."""
    n = validate.integer(n, "input size n")
    dilations = [validate.integer(d, "dilation") for d in dilations]
    if not dilations:
        raise ValueError("dilations must name at least one dilation rate")
    sizes = [effective_kernel_size(f, d) for d in dilations]
    outs = [output_size(n, f, 1, 0, dilation=d) for d in dilations]  # checks that each fits
    widths = [n + o + 2 for o in outs]
    cell = min(cell, WIDTH / sum(widths))
    fig, axes = plt.subplots(
        1,
        len(dilations),
        figsize=(cell * sum(widths), cell * (n + 4.5)),
        gridspec_kw={"width_ratios": widths},
        squeeze=False,
    )
    for ax, d, e, o in zip(axes[0], dilations, sizes, outs):
        for r in range(n):
            for c in range(n):
                _cell(ax, c, r, _INPUT)
        for a in range(f):
            for b in range(f):
                ax.add_patch(
                    Rectangle(
                        (b * d, a * d), 1, 1, facecolor=_SHADOW, alpha=0.75, edgecolor=_SHADOW
                    )
                )
        ax.add_patch(
            Rectangle(
                (0, 0),
                e,
                e,
                facecolor="none",
                edgecolor=_SHADOW,
                linewidth=2,
                linestyle=(0, (3, 2)),
            )
        )
        ax.text(n / 2, -0.3, f"input {n}×{n}", ha="center", va="bottom", fontsize=SMALL)
        _output_grid(ax, n + 1.5, (n - o) / 2, o, o, current=(0, 0))
        ax.set_xlim(-0.2, n + 1.5 + o + 0.2)
        ax.set_ylim(n + 0.2, -1.4)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(f"dilation {d}: {f}×{f} taps span {e}×{e}", fontsize=SMALL)
    fig.suptitle(f"{f}×{f} kernel, dilation d: it spans {f} + {f - 1}(d − 1) pixels", fontsize=9)
    fig.tight_layout()
    return fig


def transposed_steps(n, f, stride=1, padding=0, steps=((0, 0),), *, cell: float = 0.2):
    """A transposed convolution drawn as Dumoulin and Visin draw it (chapter 4): the ``n``×``n``
    input (blue) with ``stride - 1`` zeros inserted between its values (white, solid) and
    ``f - 1 - padding`` zeros around it (white, dashed), and a stride-1 ``f``×``f`` kernel sliding
    over that, at each of ``steps`` (output positions), next to the output it fills
    (:func:`utils.conv.transposed_output_size` wide)."""
    n = validate.integer(n, "input size n")
    f = validate.integer(f, "kernel size f")
    s = validate.integer(stride, "stride")
    p = validate.integer(padding, "padding", minimum=0)
    if p > f - 1:
        raise ValueError(f"padding must be at most f - 1 = {f - 1} for this picture, got {p}")
    o = transposed_output_size(n, f, s, p)
    border = f - 1 - p
    spread = (n - 1) * s + 1
    side = spread + 2 * border
    steps = list(steps)
    for i, j in steps:
        if not (0 <= i < o and 0 <= j < o):
            raise ValueError(f"step {(i, j)} is outside the {o}×{o} output")
    width = side + o + 2
    cell = min(cell, WIDTH / (width * len(steps)))
    fig, axes = plt.subplots(
        1, len(steps), figsize=(cell * width * len(steps), cell * (side + 2.6)), squeeze=False
    )
    for ax, (i, j) in zip(axes[0], steps):
        for r in range(side):
            for c in range(side):
                rr, cc = r - border, c - border
                inside = 0 <= rr < spread and 0 <= cc < spread
                if inside and rr % s == 0 and cc % s == 0:
                    _cell(ax, c, r, _INPUT)
                else:
                    _cell(ax, c, r, _PAD, dashed=not inside)
        ax.add_patch(
            Rectangle((j, i), f, f, facecolor=_SHADOW, alpha=0.35, edgecolor=_SHADOW, linewidth=2)
        )
        ax.text(
            side / 2,
            -0.3,
            f"input {n}×{n}, spread to {spread}×{spread}, padded to {side}×{side}",
            ha="center",
            va="bottom",
            fontsize=SMALL,
        )
        _output_grid(ax, side + 1.5, (side - o) / 2, o, o, current=(i, j), so_far=True)
        ax.set_xlim(-0.2, side + 1.5 + o + 0.2)
        ax.set_ylim(side + 0.2, -1.6)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.suptitle(
        f"transposed convolution, kernel {f}×{f}, stride {s}, padding {p}: {n}×{n} → {o}×{o}",
        fontsize=9,
    )
    fig.tight_layout()
    return fig
