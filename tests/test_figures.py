"""Every figure the course draws is legible on the site: no wider than a code cell's output at 110 dpi,
no text under 9 pt as rendered, and a colour scale wherever colours stand for numbers to compare."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import utils  # noqa: E402
from utils import diagrams, plots  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RNG = np.random.default_rng(0)
NAMES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
HIST = {
    "loss": [0.9, 0.5, 0.4],
    "val_loss": [0.8, 0.6, 0.6],
    "accuracy": [0.7, 0.85, 0.9],
    "val_accuracy": [0.72, 0.8, 0.81],
}
SWEEP = [
    {"rate": r, "train_acc": 0.9 - r / 10, "val_acc": 0.8, "gap": 0.1 - r / 10}
    for r in (0.0, 0.25, 0.5)
]
LABELS = RNG.integers(0, 10, 300)

# Every public figure function, called as the chapters call it (the largest case where they vary).
PHOTO = RNG.integers(0, 256, (150, 128)).astype(float)
FIGURES = {
    "show_kernel_effects": lambda: plots.show_kernel_effects(PHOTO),
    "show_side_by_side": lambda: plots.show_side_by_side(
        [RNG.normal(size=(298, 254))] * 4,
        [f"map {i}: sobel x" for i in range(4)],
        height=2.2,
        colorbar="value",
    ),
    "show_side_by_side, one scale": lambda: plots.show_side_by_side(
        [PHOTO, PHOTO[::2, ::2], PHOTO[::2, ::2]],
        ["edges (outline kernel, ReLU)", "max pooling 2×2", "b"],
        vmin=0,
        vmax=200,
        colorbar="response (one scale)",
    ),
    "show_images": lambda: plots.show_images(
        RNG.random((16, 28, 28)), [NAMES[i % 10] for i in range(16)], title="sixteen images"
    ),
    "show_kernels": lambda: plots.show_kernels(
        RNG.normal(size=(3, 3, 6)), names=[f"step {i}" for i in range(6)]
    ),
    "plot_history": lambda: plots.plot_history({"convnet": HIST, "dense": HIST}).figure,
    "plot_confusion_matrix": lambda: (
        plots.plot_confusion_matrix(RNG.integers(0, 99, (10, 10)), NAMES).figure
    ),
    "show_misclassified": lambda: plots.show_misclassified(
        RNG.random((300, 28, 28)), LABELS, (LABELS + 1) % 10, NAMES
    ),
    "plot_per_class_accuracy": lambda: (
        plots.plot_per_class_accuracy(RNG.random((2, 10)), NAMES, labels=["a", "b"]).figure
    ),
    "show_filters": lambda: plots.show_filters(RNG.normal(size=(3, 3, 1, 32))),
    "show_layer_walk": lambda: plots.show_layer_walk(
        RNG.random((28, 28)),
        [(f"layer{i}", RNG.random((1, 26 - 4 * i, 26 - 4 * i, 8))) for i in range(5)],
        channels=(0, 1, 2, 3, 4),
    ),
    "plot_dropout_sweep": lambda: plots.plot_dropout_sweep(SWEEP, title="dropout rate"),
    "plot_split": lambda: plots.plot_split(
        LABELS, np.arange(225), np.arange(225, 300), title="a split"
    ),
    "plot_seed_curves": lambda: plots.plot_seed_curves({"a": [[0.8, 0.85], [0.81, 0.86]]}).figure,
    "plot_curves": lambda: plots.plot_curves(
        {"convnet": HIST, "dense": HIST}, mark_epoch={"convnet": 2}
    ),
    "plot_shift_decomposition": lambda: plots.plot_shift_decomposition(
        [0, 1, 2],
        {
            "convnet": {"moved": [0.99, 0.9, 0.5], "moved, no ink lost": [0.99, 0.95, 0.8]},
            "dense": {"moved": [0.98, 0.6, 0.2], "moved, no ink lost": [0.98, 0.7, 0.3]},
        },
    ),
    "conv_steps": lambda: diagrams.conv_steps(
        5,
        3,
        x=RNG.integers(0, 256, (5, 5)),
        kernel=np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
        steps=[(0, 0), (2, 2)],
    ),
    "conv_steps, no numbers": lambda: diagrams.conv_steps(
        7, 3, stride=2, steps=[(0, 0), (0, 1), (2, 2)]
    ),
    "padding_comparison": lambda: diagrams.padding_comparison(6, 3, 2),
    # issue 12 (chapter 2): dilation and transposed convolution
    "dilation_comparison": lambda: diagrams.dilation_comparison(9, 3, (1, 2, 3)),
    "transposed_steps": lambda: diagrams.transposed_steps(3, 3, 2, steps=[(0, 0), (2, 3)]),
    "conv_steps, full padding": lambda: diagrams.conv_steps(
        3, 3, padding="full", steps=[(0, 0), (2, 2), (4, 4)]
    ),
}


@pytest.fixture(autouse=True)
def _setup():
    utils.setup(tensorflow=False)
    yield
    plt.close("all")


def test_every_public_figure_function_is_measured():
    public = {n for n in plots.__all__ if n.startswith(("show_", "plot_"))}
    public |= {n for n in diagrams.__all__ if n not in {"draw_step", "conv_animation"}}
    assert public <= {k.split(",")[0] for k in FIGURES}, (
        f"not measured here: {sorted(public - set(FIGURES))}"
    )


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_is_legible_on_the_site(name):
    fig = FIGURES[name]()
    fig.canvas.draw()
    assert fig.dpi >= 110
    assert fig.get_figwidth() <= plots.WIDTH + 1e-6, f"{name}: {fig.get_figwidth():.2f} in wide"
    assert not plots.too_small(fig), (
        f"{name}: text under {plots.MIN_RENDERED_PT} pt: {plots.too_small(fig)}"
    )


def test_too_small_measures_what_the_site_shows():
    fig, ax = plt.subplots(figsize=(6, 2), dpi=110)
    ax.set_title("seven", fontsize=7)
    assert (
        plots.too_small(fig) and plots.too_small(fig)[0][0] == "seven"
    )  # 7 pt → 8.0 pt on the site
    fig.set_size_inches(13.6, 2)  # shown at half size
    ax.set_title("twelve", fontsize=12)
    assert [t for t, _ in plots.too_small(fig)] and "twelve" in dict(plots.too_small(fig))


@pytest.mark.parametrize(
    "name",
    [
        "show_kernels",
        "show_filters",
        "show_layer_walk",
        "show_side_by_side",
        "show_side_by_side, one scale",
    ],
)
def test_colours_that_stand_for_numbers_have_a_scale(name):
    fig = FIGURES[name]()
    assert any(hasattr(ax, "_colorbar") for ax in fig.axes), f"{name} draws no colour scale"


def _png_size(b64: str) -> tuple[int, int]:
    import base64
    import struct

    head = base64.b64decode(b64[:64])
    return struct.unpack(">II", head[16:24])  # the IHDR chunk: width, height


def test_animation_frames_are_legible_and_described():
    html = diagrams.conv_animation(
        5, 3, x=RNG.integers(0, 256, (5, 5)), kernel=np.ones((3, 3))
    ).data
    frames = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)
    assert len(frames) == 9
    width, _ = _png_size(frames[0])
    assert 300 <= width <= 750, f"frames are {width} px wide"  # shown at natural size: no shrinking
    alt = re.search(r'<img alt="([^"]*)" id="_anim_img', html)
    assert (
        alt
        and "3×3 kernel" in alt.group(1)
        and "5×5 input" in alt.group(1)
        and "9 frames" in alt.group(1)
    )
    assert 'class="anim-slider" aria-label="animation frame"' in html
    pooled = diagrams.conv_animation(4, 2, stride=2, x=np.arange(16).reshape(4, 4), pool="max").data
    assert "2×2 max pooling window" in pooled and "2×2 max pooled output" in pooled


CODE_FONT = re.compile(r"fontsize\s*=\s*(\d+(?:\.\d+)?)")
CODE_FIGSIZE = re.compile(r"figsize\s*=\s*\(\s*(\d+(?:\.\d+)?)")


@pytest.mark.parametrize(
    "path",
    sorted(ROOT.glob("chapters/*.ipynb")) + sorted(ROOT.glob("exercises/solutions/*.ipynb")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_notebook_figures_keep_the_size_rules(path):
    import nbformat

    code = "\n".join(
        c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
    )
    small = [float(v) for v in CODE_FONT.findall(code) if float(v) < plots.SMALL]
    wide = [float(v) for v in CODE_FIGSIZE.findall(code) if float(v) > plots.WIDTH]
    assert not small and not wide, (
        f"{path.name}: fontsize {small} < {plots.SMALL} or figsize width {wide} > {plots.WIDTH}"
    )
