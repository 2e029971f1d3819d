"""oneDNN on or off: training speed of the chapters' MNIST convnet, and whether each setting is repeatable.

    .venv/bin/python benchmarks/onednn.py                  # 3 interleaved rounds, 12,800 images each
    .venv/bin/python benchmarks/onednn.py --rounds 5 --images 25600

Each run is a fresh Python process (``TF_ENABLE_ONEDNN_OPTS`` is read when TensorFlow is imported) that
builds ``utils.models.mnist_convnet`` from seed 0, trains it with RMSprop on the first ``--images`` MNIST
training images in batches of 128 without shuffling, and prints

* its throughput (images/s over the batches after the first 10, so that tracing is left out), and
* the SHA-256 of its final weights: two runs of one setting with the same hash trained bit for bit alike.

The settings alternate (off on, on off, off on, ...) so that this machine's drift in speed, up to 2×
within minutes, is spread over both; the median of each is reported with every run's figure. Finally the
largest weight difference between the two settings says how far apart their numbers drift in one epoch.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import hashlib, json, os, sys, time
sys.path.insert(0, sys.argv[2])
import numpy as np
import keras
from utils.data import load_mnist, to_nhwc_float
from utils.models import mnist_convnet

n = int(sys.argv[1])
(x, y), _ = load_mnist()
x, y = to_nhwc_float(x[:n]), y[:n]
keras.utils.set_random_seed(0)
model = mnist_convnet()
model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")
stamps = []
clock = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: stamps.append(time.perf_counter()))
model.fit(x, y, epochs=1, batch_size=128, shuffle=False, verbose=0, callbacks=[clock])
rate = (len(stamps) - 11) * 128 / (stamps[-1] - stamps[10])
w = model.get_weights()
digest = hashlib.sha256(b"".join(a.tobytes() for a in w)).hexdigest()
np.save(sys.argv[3], np.concatenate([a.ravel() for a in w]))
print(json.dumps({"rate": rate, "sha": digest}))
"""


def run(flag: str, images: int, weights: Path) -> dict:
    env = dict(os.environ, TF_ENABLE_ONEDNN_OPTS=flag, TF_CPP_MIN_LOG_LEVEL="3", PYTHONHASHSEED="0")
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(images), str(ROOT), str(weights)],
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"the run with TF_ENABLE_ONEDNN_OPTS={flag} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--rounds", type=int, default=3, help="interleaved rounds (each runs both settings)"
    )
    p.add_argument("--images", type=int, default=12800, help="training images per run (batch 128)")
    args = p.parse_args(argv)
    if args.rounds < 1 or args.images < 128 * 12:
        p.error(
            "--rounds must be >= 1 and --images >= 1536 (12 batches: 10 untimed, then timed ones)"
        )
    import tempfile

    import numpy as np

    tmp = Path(tempfile.mkdtemp())
    labels = {"0": "oneDNN off", "1": "oneDNN on"}
    runs = {"0": [], "1": []}
    for r in range(args.rounds):
        for flag in ("0", "1") if r % 2 == 0 else ("1", "0"):
            res = run(flag, args.images, tmp / f"w{flag}.npy")
            runs[flag].append(res)
            print(
                f"round {r + 1}: {labels[flag]:10s} {res['rate']:7.0f} images/s  weights {res['sha'][:16]}"
            )
    print()
    median = {}
    for flag, label in labels.items():
        rates = [x["rate"] for x in runs[flag]]
        median[flag] = statistics.median(rates)
        shas = {x["sha"] for x in runs[flag]}
        same = "bit-identical in every run" if len(shas) == 1 else f"{len(shas)} different results"
        print(
            f"{label:10s} median {median[flag]:7.0f} images/s (runs: {', '.join(f'{v:.0f}' for v in rates)}); "
            f"weights {same}"
        )
    print(f"oneDNN on / off: {median['1'] / median['0']:.2f}× the throughput")
    diff = np.abs(np.load(tmp / "w0.npy") - np.load(tmp / "w1.npy")).max()
    print(f"largest weight difference between the settings after one epoch: {diff:.2e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
