"""How fast are the three ways of computing one convolution layer?

    python benchmarks/conv_speed.py [--batch 32] [--size 28] [--filters 32] [--repeat 3]

Times ``utils.conv.conv2d_loop`` (plain Python loops), ``utils.conv.conv2d`` (vectorised NumPy:
``sliding_window_view`` + ``einsum``) and ``tf.nn.conv2d`` on the same batch and kernel, checks that
they agree, and prints the best of ``--repeat`` runs and the ratios. A measurement, not a test: the
numbers depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a clone without installing

import numpy as np  # noqa: E402

from utils import conv  # noqa: E402


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv=None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--size", type=int, default=28)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--filters", type=int, default=32)
    p.add_argument("--kernel", type=int, default=3)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)

    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = rng.random((args.batch, args.size, args.size, args.channels), dtype=np.float32)
    k = rng.normal(size=(args.kernel, args.kernel, args.channels, args.filters)).astype(np.float32)

    y_loop = conv.conv2d_loop(x, k)
    y_vec = conv.conv2d(x, k)
    y_tf = tf.nn.conv2d(x, k, strides=1, padding="VALID").numpy()
    assert np.allclose(y_loop, y_vec, atol=1e-4) and np.allclose(y_vec, y_tf, atol=1e-4), (
        "implementations disagree"
    )

    t_loop = best_of(lambda: conv.conv2d_loop(x, k), max(1, args.repeat // 2))
    t_vec = best_of(lambda: conv.conv2d(x, k), args.repeat)
    t_tf = best_of(lambda: tf.nn.conv2d(x, k, strides=1, padding="VALID").numpy(), args.repeat)

    print(
        f"batch {x.shape} * kernel {k.shape} -> {y_vec.shape}; numpy {np.__version__}, tensorflow {tf.__version__}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs"
    )
    print(f"  loop (conv2d_loop)      {t_loop * 1e3:10.1f} ms")
    print(f"  vectorised NumPy        {t_vec * 1e3:10.1f} ms")
    print(f"  tf.nn.conv2d            {t_tf * 1e3:10.1f} ms")
    print(f"  loop / vectorised  = {t_loop / t_vec:8.0f}x")
    print(f"  vectorised / TF    = {t_vec / t_tf:8.1f}x")
    print(f"  loop / TF          = {t_loop / t_tf:8.0f}x")
    return {"loop": t_loop, "vectorised": t_vec, "tf": t_tf}


if __name__ == "__main__":
    main()
