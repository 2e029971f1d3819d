"""How fast is ``utils.conv.conv2d`` (im2col + one matrix multiply) next to ``tf.nn.conv2d``?

    python benchmarks/conv_speed.py                 # the layers of issue 12, the goal layer last
    python benchmarks/conv_speed.py --rounds 15     # more rounds: steadier medians
    python benchmarks/conv_speed.py --layer 8 28 28 1 16 --loop   # one layer, Python loops too

For each layer (batch N × H × W × C_in → C_out filters, 3×3, stride 1, no padding, float32) it times,
on the same batch and kernel, and after checking that they agree:

* ``conv2d``  — ``utils.conv.conv2d``: ``im2col`` gathers every 3×3×C_in window into one row of a
  (N·H_out·W_out × 9·C_in) matrix, and a matrix multiply with the (9·C_in × C_out) kernel matrix
  gives every output (block by block: see ``utils.conv._BLOCK_BYTES``);
* ``einsum``  — the implementation ``conv2d`` had before issue 12 (``sliding_window_view`` +
  ``np.einsum(..., optimize=True)``), kept here to measure the change;
* ``tf``      — ``tf.nn.conv2d`` (TensorFlow's C++ kernel, oneDNN on x86 CPUs);
* ``loop``    — ``utils.conv.conv2d_loop`` (Python loops), only with ``--loop``.

The runs are **interleaved**: every round runs each implementation once, in an order that rotates
from round to round, so that a slow spell of the machine (its speed drifts by up to 2× while other
work runs on it) falls on all of them alike. Each round gives a ratio ``conv2d / tf`` of two runs
made moments apart; the script prints the **median** time of each implementation, the median of the
per-round ratios, and their range. The goal of issue 12: ``conv2d`` within 3× of ``tf.nn.conv2d``
on the 32×56×56×64 → 64 layer. ``--check`` exits with status 1 if that median ratio is above 3.
A measurement, not a test: the figures depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a clone without installing

import numpy as np  # noqa: E402
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402

from utils import conv  # noqa: E402

#: (N, H, W, C_in, C_out): a 1-channel 28×28 batch, two 32–64-channel layers, and the goal layer.
LAYERS = [(32, 28, 28, 1, 32), (32, 28, 28, 32, 64), (32, 14, 14, 64, 64), (32, 56, 56, 64, 64)]
GOAL_LAYER = (32, 56, 56, 64, 64)
GOAL_RATIO = 3.0


def einsum_conv2d(x, k):
    """``conv2d`` before issue 12 (stride 1, no padding): windows viewed, then summed by einsum."""
    fh, fw = k.shape[:2]
    windows = sliding_window_view(x, (fh, fw), axis=(1, 2))  # (N, Ho, Wo, C, fh, fw)
    return np.einsum("nhwcij,ijck->nhwk", windows, k, optimize=True)


def interleaved(fns: dict, rounds: int) -> dict:
    """``{name: [seconds per round]}``: each round runs every function once, the order rotated."""
    names = list(fns)
    times = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            start = time.perf_counter()
            fns[name]()
            times[name].append(time.perf_counter() - start)
    return times


def bench_layer(layer, rounds: int, loop: bool = False) -> dict:
    import tensorflow as tf

    n, h, w, c_in, c_out = layer
    rng = np.random.default_rng(0)
    x = rng.random((n, h, w, c_in), dtype=np.float32)
    k = rng.normal(size=(3, 3, c_in, c_out)).astype(np.float32)
    fns = {
        "conv2d": lambda: conv.conv2d(x, k),
        "einsum": lambda: einsum_conv2d(x, k),
        "tf": lambda: tf.nn.conv2d(x, k, strides=1, padding="VALID").numpy(),
    }
    if loop:
        fns["loop"] = lambda: conv.conv2d_loop(x, k)
    expected = fns["tf"]()
    scale = float(np.abs(expected).max())
    for name, fn in fns.items():  # each agrees with TF (and warms up)
        assert np.allclose(fn(), expected, rtol=1e-4, atol=1e-5 * scale), f"{name} disagrees"
    times = interleaved(fns, rounds)
    ratios = [a / b for a, b in zip(times["conv2d"], times["tf"])]
    old = [a / b for a, b in zip(times["einsum"], times["tf"])]
    return {
        "layer": layer,
        "median_s": {name: statistics.median(t) for name, t in times.items()},
        "ratio": statistics.median(ratios),
        "ratio_range": (min(ratios), max(ratios)),
        "einsum_ratio": statistics.median(old),
    }


def main(argv=None) -> list[dict]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--layer",
        type=int,
        nargs=5,
        metavar=("N", "H", "W", "C_IN", "C_OUT"),
        help="time this one layer instead of the default list",
    )
    p.add_argument("--rounds", type=int, default=9, help="interleaved rounds per layer")
    p.add_argument("--loop", action="store_true", help="time conv2d_loop too (slow on big layers)")
    p.add_argument("--check", action="store_true", help="exit 1 if the goal layer misses 3x")
    args = p.parse_args(argv)
    if args.rounds < 1:
        p.error("--rounds must be at least 1")

    import tensorflow as tf

    layers = [tuple(args.layer)] if args.layer else LAYERS
    print(
        f"numpy {np.__version__}, tensorflow {tf.__version__}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; 3x3 kernels, float32; medians of {args.rounds} interleaved rounds"
    )
    header = f"{'layer (N×H×W×C_in → C_out)':30s} {'conv2d':>9s} {'einsum':>9s} {'tf':>9s}"
    print(
        header + ("  " + f"{'loop':>9s}" if args.loop else "") + "   conv2d/tf (range)  einsum/tf"
    )
    results = []
    for layer in layers:
        r = bench_layer(layer, args.rounds, args.loop)
        results.append(r)
        n, h, w, c_in, c_out = layer
        ms = {name: f"{t * 1e3:7.1f}ms" for name, t in r["median_s"].items()}
        lo, hi = r["ratio_range"]
        line = f"{f'{n}×{h}×{w}×{c_in} → {c_out}':30s} {ms['conv2d']} {ms['einsum']} {ms['tf']}"
        if args.loop:
            line += f"  {ms['loop']}"
        print(f"{line}   {r['ratio']:5.2f}x ({lo:.2f}–{hi:.2f})  {r['einsum_ratio']:6.2f}x")
    goal = [r for r in results if r["layer"] == GOAL_LAYER]
    if goal:
        ratio = goal[0]["ratio"]
        verdict = "within" if ratio <= GOAL_RATIO else "NOT within"
        print(
            f"goal layer 32×56×56×64 → 64: conv2d takes {ratio:.2f}x the time of tf.nn.conv2d "
            f"(median of {args.rounds} interleaved rounds): {verdict} {GOAL_RATIO:g}x"
        )
        if args.check and ratio > GOAL_RATIO:
            sys.exit(1)
    return results


if __name__ == "__main__":
    main()
