"""A real photograph and the classic image kernels, to see what a convolution does to a picture.

The kernels are those of Victor Powell's interactive page *Image Kernels* (setosa.io/ev/image-kernels),
which the note on CNN basics links to. The photo is the portrait of Grace Hopper that ships with
matplotlib, so it works offline and in Colab alike.
"""

from __future__ import annotations

import numpy as np

from . import validate
from .conv import conv2d

__all__ = ["KERNELS", "load_photo", "to_grey", "clip_to_pixels", "apply_kernel", "kernel_text"]

KERNELS: dict[str, np.ndarray] = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=float),
    "blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], dtype=float) / 16,
    "box blur": np.ones((3, 3)) / 9,
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=float),
    "outline": np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=float),
    "sobel x": np.array(
        [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float
    ),  # responds to vertical edges
    "sobel y": np.array(
        [[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=float
    ),  # responds to horizontal edges
    "emboss": np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], dtype=float),
}
"""The 3×3 kernels, by name. The arrays are shared and read-only (writing to one raises ``ValueError``):
use ``KERNELS[name].copy()`` to get one you can change."""
for _k in KERNELS.values():
    _k.setflags(write=False)


def to_grey(rgb) -> np.ndarray:
    """Luma of an RGB(A) image, ``0.299 R + 0.587 G + 0.114 B`` (ITU-R BT.601), as floats in the input's range."""
    rgb = np.asarray(rgb, dtype=float)
    if rgb.ndim != 3 or rgb.shape[-1] not in (3, 4):
        raise ValueError(f"to_grey expects an (H, W, 3) or (H, W, 4) image; got shape {rgb.shape}")
    return rgb[..., :3] @ np.array([0.299, 0.587, 0.114])


def load_photo(shrink: int = 2, *, colour: bool = False) -> np.ndarray:
    """The Grace Hopper portrait from matplotlib's sample data, pixel values 0–255 as floats.

    ``shrink`` averages ``shrink × shrink`` blocks (2 gives 300×256 from the 600×512 original), which
    keeps pages light. Grey ``(H, W)`` by default, ``(H, W, 3)`` with ``colour=True``.
    """
    import matplotlib.cbook as cbook
    import matplotlib.pyplot as plt

    shrink = validate.integer(shrink, "shrink")
    with cbook.get_sample_data("grace_hopper.jpg") as f:
        rgb = plt.imread(f, format="jpg").astype(float)  # uint8 0..255
    h, w = (rgb.shape[0] // shrink) * shrink, (rgb.shape[1] // shrink) * shrink
    rgb = rgb[:h, :w].reshape(h // shrink, shrink, w // shrink, shrink, 3).mean(axis=(1, 3))
    return rgb if colour else to_grey(rgb)


def clip_to_pixels(x) -> np.ndarray:
    """What an image viewer does with a filtered image: negatives → 0, above 255 → 255, round to uint8."""
    return np.clip(np.rint(np.asarray(x, dtype=float)), 0, 255).astype(np.uint8)


def apply_kernel(image, kernel, *, clip: bool = True) -> np.ndarray:
    """Slide a 2-D ``kernel`` over a grey ``image`` (cross-correlation, no padding).

    With ``clip`` the result is made displayable with :func:`clip_to_pixels`.
    """
    image = np.asarray(image, dtype=float)
    kernel = KERNELS[kernel] if isinstance(kernel, str) else np.asarray(kernel, dtype=float)
    if image.ndim != 2:
        raise ValueError(f"apply_kernel expects a grey (H, W) image; got shape {image.shape}")
    if kernel.ndim != 2:
        raise ValueError(f"apply_kernel expects a 2-D kernel; got shape {kernel.shape}")
    out = conv2d(image, kernel)
    return clip_to_pixels(out) if clip else out


def kernel_text(k) -> str:
    """A kernel's weights as rows of right-aligned columns, for a title.

    A kernel that is an integer grid divided by a whole number (the blur, 1-2-1/2-4-2/1-2-1 ÷ 16) is
    written as the integer grid with the divisor on a line of its own, so every row lines up.
    """
    k = np.asarray(k, dtype=float)
    if k.ndim != 2:
        raise ValueError(f"kernel_text expects a 2-D kernel; got shape {k.shape}")
    divisor = 1
    for d in range(1, 65):
        if np.allclose(k * d, np.rint(k * d)):
            divisor = d
            break
    else:
        raise ValueError(
            "kernel_text expects weights that are fractions with a denominator up to 64"
        )
    grid = np.rint(k * divisor).astype(int)
    width = max(len(str(v)) for v in grid.ravel())
    lines = [" ".join(f"{v:>{width}d}" for v in row) for row in grid]
    if divisor != 1:
        lines.append(f"(all ÷ {divisor})")
    return "\n".join(lines)
