"""Time to 99 % test accuracy for the course's MNIST convnet, and how fast the input pipeline feeds it.

    .venv/bin/python benchmarks/time_to_accuracy.py                 # pipelines compared, then time to 99 %
    .venv/bin/python benchmarks/time_to_accuracy.py --target 0.99 --batch-size 128 --max-epochs 10
    .venv/bin/python benchmarks/time_to_accuracy.py --skip-pipelines  # only the time-to-accuracy run

What it prints
--------------
1. The machine's fp32 peak, *estimated* from /proc/cpuinfo (how is printed with it).
2. Pipeline comparison: training throughput (images/s) of the same model fed three ways —
   a per-image Python generator (``tf.data.Dataset.from_generator``), NumPy float arrays passed to
   ``fit`` (Keras slices and copies them every batch), and ``utils.data.make_dataset`` (uint8
   tensors cached in memory, shuffled, batched, converted to float32 per batch inside TensorFlow,
   prefetched). Each is timed over ``--steps`` batches after ``--warmup`` batches (tracing excluded),
   ``--repeats`` times, the pipelines interleaved; the median is reported with every run's figure.
3. Time to accuracy: the model of chapter 5 (Conv 32-64-64, Dense 64) with RMSprop, its learning rate
   0.001 falling to 0 along a cosine over ``--schedule-epochs`` (10) epochs, is trained on all 60,000
   training images one epoch at a time on the fast pipeline and evaluated on the 10,000 test images
   after each epoch, until the test accuracy reaches ``--target``. Printed: training wall time
   (evaluation excluded, and the total with it), epochs, images/s and achieved GFLOP/s. This is a speed
   measurement, not the chapter's recipe: chapter 5 keeps the note's constant learning rate, trains on
   50,000 images, chooses the epoch on the other 10,000, and looks at the test set only at its end.

FLOP convention: ``utils.conv.model_flops`` counts the forward pass of Conv2D and Dense layers per image,
one multiply-add = 2 FLOPs (pooling, activations, biases left out). One training step costs about
3× the forward pass (forward + gradient w.r.t. the inputs + gradient w.r.t. the weights), so
achieved GFLOP/s = 3 × forward FLOPs per image × images/s / 1e9.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(
    0, str(Path(__file__).resolve().parents[1])
)  # run from a checkout without installing


def cpu_peak_gflops() -> tuple[float, str]:
    """fp32 peak in GFLOP/s of the CPUs this process may use, and a sentence saying how it was estimated.

    peak = usable logical CPUs × clock (GHz) × fp32 FLOPs per cycle per CPU, where FLOPs per cycle is
    (SIMD width in fp32 lanes) × 2 (fused multiply-add) × 2 (two FMA units, as on server Xeons/EPYCs).
    The clock is the "cpu MHz" /proc/cpuinfo reports (nominal; turbo may be higher). On a VM whose logical
    CPUs are hyper-threads of fewer physical cores, the true peak is lower: the note says so.
    """
    text = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    flags, mhz, model, siblings, cores = (
        set(),
        None,
        platform.processor() or "unknown CPU",
        None,
        None,
    )
    vendor, family = None, None
    for line in text.splitlines():
        key, _, val = line.partition(":")
        key, val = key.strip(), val.strip()
        if key == "flags" and not flags:
            flags = set(val.split())
        elif key == "cpu MHz" and mhz is None:
            mhz = float(val)
        elif key == "model name":
            model = val
        elif key == "siblings" and siblings is None:
            siblings = int(val)
        elif key == "cpu cores" and cores is None:
            cores = int(val)
        elif key == "vendor_id" and vendor is None:
            vendor = val
        elif key == "cpu family" and family is None:
            family = int(val)
    n = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if "avx512f" in flags and vendor == "AuthenticAMD" and family in (0x19, 0x1A):
        # Zen 4 executes AVX-512 on two 256-bit FMA pipes: 8 fp32 lanes per pipe, not 16 (32 FLOP/cycle).
        # Zen 5 (family 0x1A) has 512-bit pipes on some parts and 256-bit on others; cloud VMs report
        # family 0x1A for parts that measure like Zen 4 here, so the lower figure is assumed.
        lanes, isa = 8, "AVX-512 on two 256-bit FMA pipes (Zen 4; assumed for AMD family 0x1A too)"
    elif "avx512f" in flags:
        lanes, isa = 16, "AVX-512"
    elif "avx2" in flags and "fma" in flags:
        lanes, isa = 8, "AVX2+FMA"
    elif "avx" in flags:
        lanes, isa = 8, "AVX (no FMA: counted as 1 mul + 1 add unit)"
    else:
        lanes, isa = 4, "SSE"
    per_cycle = lanes * 2 * 2
    ghz = (mhz or 2000.0) / 1000.0
    peak = n * ghz * per_cycle
    ht = ""
    if siblings and cores and siblings > cores:
        ht = (
            f" /proc/cpuinfo reports {siblings} siblings on {cores} cores per package (hyper-threading): "
            f"two logical CPUs share one core's FMA units, so the physical peak may be half of this."
        )
    how = (
        f"{model}: {n} usable logical CPU(s) × {ghz:.2f} GHz ('cpu MHz' in /proc/cpuinfo) × {per_cycle} fp32 "
        f"FLOP/cycle ({isa}: {lanes} lanes × 2 for FMA × 2 FMA units, assumed)"
        f"{'' if mhz else ' [clock unknown: 2 GHz assumed]'}." + ht
    )
    return peak, how


class _BatchClock:
    """Keras callback: time stamps at the end of every training batch."""

    def __init__(self):
        import keras

        class _CB(keras.callbacks.Callback):
            def __init__(cb):
                super().__init__()
                cb.stamps = []

            def on_train_batch_end(cb, batch, logs=None):
                cb.stamps.append(time.perf_counter())

        self.callback = _CB()

    def throughput(self, warmup: int, batch_size: int) -> float:
        s = self.callback.stamps
        if len(s) <= warmup + 1:
            raise ValueError("not enough batches timed")
        return (len(s) - 1 - warmup) * batch_size / (s[-1] - s[warmup])


def build(compile_model=True, decay_steps=None):
    """The chapter's model and optimiser, RMSprop at learning rate 0.001 (here cosine-decayed over ``decay_steps``)."""
    import keras

    from utils.models import mnist_convnet

    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    model = mnist_convnet()
    if compile_model:
        lr = (
            1e-3
            if decay_steps is None
            else keras.optimizers.schedules.CosineDecay(1e-3, decay_steps)
        )
        model.compile(
            optimizer=keras.optimizers.RMSprop(learning_rate=lr),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
        )
    return model


def compare_pipelines(
    x_train, y_train, batch_size: int, steps: int, warmup: int, repeats: int = 3
) -> dict:
    """Median training throughput (images/s) of each input pipeline over ``repeats`` interleaved runs.

    The runs go round-robin (A B C, B C A, C A B, ...), not A A A B B B: this machine's speed drifts by
    up to 2× within minutes, and interleaving spreads that drift over all pipelines instead of
    charging it to whichever ran last.
    """
    import statistics

    import numpy as np
    import tensorflow as tf

    from utils.data import make_dataset, to_nhwc_float

    total = steps + warmup

    def generator():
        rng = np.random.default_rng(0)
        for i in rng.permutation(len(x_train)):
            yield (x_train[i].astype(np.float32) / 255.0)[..., None], y_train[i]

    gen_ds = (
        tf.data.Dataset.from_generator(
            generator,
            output_signature=(tf.TensorSpec((28, 28, 1), tf.float32), tf.TensorSpec((), tf.uint8)),
        )
        .batch(batch_size)
        .repeat()
    )
    n = total * batch_size  # NumPy: limit to `total` batches by slicing the arrays
    x_float = to_nhwc_float(x_train[:n])
    runs = {
        "per-image Python generator (from_generator)": dict(x=gen_ds, steps_per_epoch=total),
        "NumPy float32 arrays into fit": dict(
            x=x_float, y=y_train[:n], batch_size=batch_size, shuffle=True, epochs=1
        ),
        "make_dataset: cache + shuffle + batch + map + prefetch": dict(
            x=make_dataset(x_train, y_train, batch_size=batch_size, shuffle=True).repeat(),
            steps_per_epoch=total,
        ),
    }
    labels = list(runs)
    rates = {label: [] for label in labels}
    for r in range(repeats):
        for label in labels[r % len(labels) :] + labels[: r % len(labels)]:
            model = build()
            clock = _BatchClock()
            model.fit(**runs[label], verbose=0, callbacks=[clock.callback])
            rates[label].append(clock.throughput(warmup, batch_size))
    results = {}
    for label in labels:
        results[label] = statistics.median(rates[label])
        runs_text = ", ".join(f"{v:.0f}" for v in rates[label])
        print(f"  {label:<58s} {results[label]:8.0f} images/s (median of {runs_text})", flush=True)
    return results


def time_to_accuracy(data, target: float, batch_size: int, max_epochs: int, schedule_epochs: int):
    from utils.data import make_dataset

    (x_train, y_train), (x_test, y_test) = data
    model = build(decay_steps=schedule_epochs * -(-len(x_train) // batch_size))
    train_ds = make_dataset(x_train, y_train, batch_size=batch_size, shuffle=True)
    test_ds = make_dataset(x_test, y_test, batch_size=1000)
    train_time, start, acc, epoch = 0.0, time.perf_counter(), 0.0, 0
    for epoch in range(1, max_epochs + 1):
        t0 = time.perf_counter()
        model.fit(train_ds, epochs=1, verbose=0)
        dt = time.perf_counter() - t0
        train_time += dt
        _, acc = model.evaluate(test_ds, verbose=0)
        print(f"  epoch {epoch}: {dt:6.1f} s training, test accuracy {acc:.4f}", flush=True)
        if acc >= target:
            break
    return model, epoch, train_time, time.perf_counter() - start, acc, len(x_train)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--target", type=float, default=0.99)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--max-epochs", type=int, default=10)
    p.add_argument(
        "--schedule-epochs",
        type=int,
        default=10,
        help="the cosine learning-rate schedule spans this many epochs",
    )
    p.add_argument("--steps", type=int, default=60, help="timed batches per pipeline")
    p.add_argument("--warmup", type=int, default=10, help="untimed batches per pipeline (tracing)")
    p.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="interleaved runs per pipeline (the median is reported)",
    )
    p.add_argument("--skip-pipelines", action="store_true")
    args = p.parse_args(argv)

    import utils

    utils.setup()
    import tensorflow as tf

    from utils.conv import model_flops
    from utils.data import load_mnist

    peak, how = cpu_peak_gflops()
    gpus = tf.config.list_physical_devices("GPU")
    print(
        f"TensorFlow {tf.__version__}; oneDNN opts {os.environ.get('TF_ENABLE_ONEDNN_OPTS', '(TF default)')}; "
        f"GPUs visible: {len(gpus)}; intra-op threads "
        f"{tf.config.threading.get_intra_op_parallelism_threads() or 'auto'}"
    )
    print(f"fp32 peak (estimate): {peak:.0f} GFLOP/s — {how}")
    if gpus:
        print(
            "  (a GPU is visible: the model runs on it, so the CPU peak above is not the relevant ceiling)"
        )

    data = load_mnist()
    flops = model_flops(build(compile_model=False))
    fwd = flops["total"]
    print(
        f"model: forward {fwd / 1e6:.2f} MFLOP per image (Conv2D + Dense, multiply-add = 2); "
        f"training ≈ 3 × forward = {3 * fwd / 1e6:.2f} MFLOP per image"
    )

    if not args.skip_pipelines:
        print(
            f"\nInput pipelines (batch {args.batch_size}, {args.steps} timed batches after {args.warmup}, "
            f"{args.repeats} interleaved runs each):"
        )
        res = compare_pipelines(
            data[0][0], data[0][1], args.batch_size, args.steps, args.warmup, args.repeats
        )
        base = res["NumPy float32 arrays into fit"]
        for label, v in res.items():
            print(
                f"  {label:<58s} {v / base:5.2f}× the NumPy-arrays rate, {3 * fwd * v / 1e9:6.1f} GFLOP/s"
            )

    print(
        f"\nTime to {args.target:.1%} test accuracy (RMSprop, cosine schedule over {args.schedule_epochs} epochs, "
        f"batch {args.batch_size}, make_dataset pipeline):"
    )
    _, epochs, train_s, total_s, acc, n = time_to_accuracy(
        data, args.target, args.batch_size, args.max_epochs, args.schedule_epochs
    )
    reached = acc >= args.target
    rate = epochs * n / train_s
    gflops = 3 * fwd * rate / 1e9
    print(
        f"\n{'reached' if reached else 'NOT reached'}: test accuracy {acc:.4f} after {epochs} epoch(s)"
    )
    print(
        f"wall time: {train_s:.1f} s training ({total_s:.1f} s with the evaluations after each epoch)"
    )
    print(f"throughput: {rate:.0f} images/s (over whole epochs, first-epoch tracing included)")
    print(
        f"achieved: {gflops:.1f} GFLOP/s = {gflops / peak:.1%} of the estimated fp32 peak {peak:.0f} GFLOP/s"
    )
    return 0 if reached else 1


if __name__ == "__main__":
    raise SystemExit(main())
