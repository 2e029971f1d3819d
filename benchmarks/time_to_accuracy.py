"""Time to 99 % test accuracy: chapter 5's recipe against the Keras example's, and what feeds them fastest.

    .venv/bin/python benchmarks/time_to_accuracy.py                   # levers, then time to 99 %
    .venv/bin/python benchmarks/time_to_accuracy.py --repeats 3 --check  # medians; exit 1 above 0.2×
    .venv/bin/python benchmarks/time_to_accuracy.py --skip-levers     # only the time-to-accuracy runs

What it prints
--------------
1. The machine's fp32 peak, *estimated* from /proc/cpuinfo (how is printed with it), and the oneDNN
   setting (``utils.setup()`` turns it on; ``benchmarks/onednn.py`` compares on and off).
2. Levers, one change at a time from the chapter's set-up (NumPy float32 arrays into ``fit``, batch 128,
   one step per execution): training throughput (images/s) of chapter 5's model with batches of 64 and
   256, ``steps_per_execution=8``, a per-image Python generator (``tf.data.Dataset.from_generator``) and
   ``utils.data.make_dataset`` (uint8 tensors cached in memory, shuffled, batched, converted to float32
   per batch inside TensorFlow, prefetched). Each is timed over ``--steps`` batches after ``--warmup``
   batches (tracing excluded), ``--repeats`` times, the configurations interleaved; the median is
   reported with every run's figure.
3. Time to accuracy, two recipes trained on all 60,000 training images one epoch at a time (NumPy arrays
   into ``fit``, as the pages feed them) and evaluated on the 10,000 test images after each epoch, until the
   test accuracy reaches ``--target``:

   * chapter 5's faster schedule: the chapter's convnet (Conv 32-64-64, Dense 64), RMSprop whose learning
     rate falls from 0.002 to 0 along a cosine over 2 epochs, batches of 128 (the chapter compares it
     with the note's constant rate on validation rows over 5 seeds; here it runs its 2 epochs);
   * the Keras code example "Simple MNIST convnet" (Chollet): Conv 32 → pool → Conv 64 → pool → Flatten →
     Dropout 0.5 → Dense 10, Adam at its default rate, batches of 128, at most its 15 epochs.

   The two run alternately ``--repeats`` times; printed: training wall time of each (evaluation
   excluded), epochs, images/s, achieved GFLOP/s, and the ratio of the medians (the goal: ≤ 0.2×).
   This is a speed measurement on the test set, not a way to choose a model: the chapter chooses on its
   validation rows and looks at the test set once, at its end.

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


def chapter_model():
    """Chapter 5's convnet (``utils.models.mnist_convnet``), seed 0, uncompiled."""
    import keras

    from utils.models import mnist_convnet

    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    return mnist_convnet()


def compile_chapter(model, steps_per_epoch: int, steps_per_execution: int = 1):
    """Chapter 5's faster schedule: RMSprop, 0.002 falling to 0 along a cosine over 2 epochs."""
    import keras

    rate = keras.optimizers.schedules.CosineDecay(2e-3, decay_steps=2 * steps_per_epoch)
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=rate),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=steps_per_execution,
    )
    return model


def keras_example_model():
    """The Keras code example "Simple MNIST convnet" (keras.io/examples/vision/mnist_convnet), compiled."""
    import keras
    from keras import layers

    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(10, activation="softmax"),
        ],
        name="keras_example_mnist_convnet",
    )
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model


def interleaved(runs: dict, repeats: int) -> dict:
    """Call every ``runs[label]()`` ``repeats`` times, round-robin (A B C, B C A, C A B, ...); the values.

    Not A A A B B B: this machine's speed drifts by up to 2× within minutes, and interleaving spreads
    that drift over every configuration instead of charging it to whichever ran last.
    """
    labels = list(runs)
    values = {label: [] for label in labels}
    for r in range(repeats):
        for label in labels[r % len(labels) :] + labels[: r % len(labels)]:
            values[label].append(runs[label]())
    return values


def compare_levers(x_train, y_train, steps: int, warmup: int, repeats: int = 3) -> dict:
    """Median training throughput (images/s) of chapter 5's model under each lever, one change at a time."""
    import statistics

    import keras
    import numpy as np
    import tensorflow as tf

    from utils.data import make_dataset, to_nhwc_float

    total = steps + warmup
    x_float = to_nhwc_float(x_train)
    y_onehot = keras.utils.to_categorical(y_train, 10)

    def generator():
        rng = np.random.default_rng(0)
        for i in rng.permutation(len(x_train)):
            yield (x_train[i].astype(np.float32) / 255.0)[..., None], y_onehot[i]

    def timed(batch: int = 128, spe: int = 1, feed: str = "arrays"):
        def go():
            model = compile_chapter(chapter_model(), 1000, steps_per_execution=spe)
            clock = _BatchClock()
            if feed == "arrays":
                n = min(len(x_float), total * batch * spe)
                kwargs = dict(x=x_float[:n], y=y_onehot[:n], batch_size=batch, shuffle=True)
            elif feed == "generator":
                spec = (tf.TensorSpec((28, 28, 1), tf.float32), tf.TensorSpec((10,), tf.float32))
                ds = tf.data.Dataset.from_generator(generator, output_signature=spec)
                kwargs = dict(x=ds.batch(batch).repeat(), steps_per_epoch=total * spe)
            else:
                ds = make_dataset(x_train, y_train, batch_size=batch, shuffle=True)
                ds = ds.map(lambda x, y: (x, tf.one_hot(tf.cast(y, tf.int32), 10))).repeat()
                kwargs = dict(x=ds, steps_per_epoch=total * spe)
            model.fit(**kwargs, epochs=1, verbose=0, callbacks=[clock.callback])
            # with steps_per_execution=k, Keras calls on_train_batch_end once per k batches
            return clock.throughput(warmup, batch * spe)

        return go

    runs = {
        "baseline: arrays into fit, batch 128": timed(),
        "batch 64": timed(batch=64),
        "batch 256": timed(batch=256),
        "steps_per_execution=8": timed(spe=8),
        "per-image Python generator (from_generator)": timed(feed="generator"),
        "make_dataset: cache + shuffle + batch + map + prefetch": timed(feed="make_dataset"),
    }
    rates = interleaved(runs, repeats)
    results = {label: statistics.median(v) for label, v in rates.items()}
    base = results["baseline: arrays into fit, batch 128"]
    for label, v in rates.items():
        runs_text = ", ".join(f"{x:.0f}" for x in v)
        print(
            f"  {label:<56s} {results[label]:7.0f} images/s = {results[label] / base:4.2f}× "
            f"(median of {runs_text})",
            flush=True,
        )
    return results


def time_to_accuracy(make_model, data, target: float, max_epochs: int, batch_size: int = 128):
    """Train one epoch at a time until the test accuracy reaches ``target``; (epochs, train s, acc)."""
    import keras

    (x_train, y_train), (x_test, y_test) = data
    model = make_model()
    y_train, y_test = (
        keras.utils.to_categorical(y_train, 10),
        keras.utils.to_categorical(y_test, 10),
    )
    train_time, acc, epoch = 0.0, 0.0, 0
    for epoch in range(1, max_epochs + 1):
        t0 = time.perf_counter()
        model.fit(x_train, y_train, batch_size=batch_size, epochs=1, verbose=0)
        train_time += time.perf_counter() - t0
        _, acc = model.evaluate(x_test, y_test, batch_size=1000, verbose=0)
        print(f"    epoch {epoch}: {train_time:6.1f} s of training so far, test accuracy {acc:.4f}")
        if acc >= target:
            break
    return epoch, train_time, acc


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--target", type=float, default=0.99)
    p.add_argument("--steps", type=int, default=60, help="timed batches per lever run")
    p.add_argument("--warmup", type=int, default=10, help="untimed batches per lever run (tracing)")
    p.add_argument(
        "--repeats", type=int, default=1, help="interleaved runs of each (medians are reported)"
    )
    p.add_argument("--lever-repeats", type=int, default=3, help="interleaved runs of each lever")
    p.add_argument("--skip-levers", action="store_true")
    p.add_argument("--check", action="store_true", help="exit 1 unless the ratio is at most 0.2")
    args = p.parse_args(argv)
    if args.repeats < 1 or args.lever_repeats < 1 or args.steps < 2 or args.warmup < 1:
        p.error("--repeats and --lever-repeats must be >= 1, --steps >= 2, --warmup >= 1")
    if not 0 < args.target < 1:
        p.error(f"--target must be an accuracy between 0 and 1, got {args.target}")

    import statistics

    import utils

    utils.setup()
    import tensorflow as tf

    from utils.conv import model_flops
    from utils.data import load_mnist, to_nhwc_float

    peak, how = cpu_peak_gflops()
    gpus = tf.config.list_physical_devices("GPU")
    print(
        f"TensorFlow {tf.__version__}; TF_ENABLE_ONEDNN_OPTS={os.environ.get('TF_ENABLE_ONEDNN_OPTS')}; "
        f"GPUs visible: {len(gpus)}"
    )
    print(f"fp32 peak (estimate): {peak:.0f} GFLOP/s — {how}")
    if gpus:
        print("  (a GPU is visible: the models run on it, so the CPU peak is not the ceiling)")

    (x_train, y_train), (x_test, y_test) = load_mnist()
    flops = {
        "chapter 5": model_flops(chapter_model())["total"],
        "Keras example": model_flops(keras_example_model())["total"],
    }
    for name, fwd in flops.items():
        print(f"{name} model: forward {fwd / 1e6:.2f} MFLOP per image (Conv2D + Dense, FMA = 2)")

    if not args.skip_levers:
        print(
            f"\nLevers (chapter 5's model; {args.steps} timed batches after {args.warmup}, "
            f"{args.lever_repeats} interleaved runs each):"
        )
        compare_levers(x_train, y_train, args.steps, args.warmup, args.lever_repeats)

    data = ((to_nhwc_float(x_train), y_train), (to_nhwc_float(x_test), y_test))
    steps_per_epoch = -(-len(x_train) // 128)
    recipes = {
        "chapter 5": (lambda: compile_chapter(chapter_model(), steps_per_epoch), 2),
        "Keras example": (keras_example_model, 15),
    }
    print(f"\nTime to {args.target:.1%} test accuracy ({args.repeats} interleaved run(s) each):")
    results = {name: [] for name in recipes}

    def runner(name):
        def go():
            print(f"  {name}:", flush=True)
            make, max_epochs = recipes[name]
            results[name].append(time_to_accuracy(make, data, args.target, max_epochs))
            return results[name][-1]

        return go

    interleaved({name: runner(name) for name in recipes}, args.repeats)
    median = {}
    print()
    for name, runs in results.items():
        reached = [r for r in runs if r[2] >= args.target]
        times = [r[1] for r in runs]
        median[name] = statistics.median(times)
        epochs = statistics.median(r[0] for r in runs)
        rate = epochs * len(x_train) / median[name]
        gflops = 3 * flops[name] * rate / 1e9
        print(
            f"{name:14s} reached {args.target:.1%} in {len(reached)} of {len(runs)} run(s); median "
            f"{median[name]:6.1f} s of training over {epochs:g} epoch(s) (runs: "
            f"{', '.join(f'{t:.1f}' for t in times)}); {rate:.0f} images/s, {gflops:.1f} GFLOP/s "
            f"= {gflops / peak:.1%} of the estimated peak"
        )
    all_reached = all(r[2] >= args.target for runs in results.values() for r in runs)
    ratio = median["chapter 5"] / median["Keras example"]
    print(f"ratio of the medians: chapter 5 / Keras example = {ratio:.2f}× (goal ≤ 0.20×)")
    if not all_reached:
        print("a run did not reach the target accuracy: the ratio does not compare times to it")
    return 1 if args.check and (ratio > 0.2 or not all_reached) else 0


if __name__ == "__main__":
    raise SystemExit(main())
