"""Train the Fashion-MNIST model whose weights the course ships, and write them into ``utils/weights/``.

    .venv/bin/python scripts/train_pretrained.py            # 8 epochs: 631 s measured on 2 CPU cores
    .venv/bin/python scripts/train_pretrained.py --out /tmp/w

Chapter 6 trains every model of the study notes live, for a few epochs. Its best model — the note's
``padding="same"`` 32-64-128 convnet with batch normalisation and dropout added
(``utils.models.same_padding_convnet(batch_norm=True, dropout=0.3)``) — needs 8 epochs, longer than a
chapter may take, so it is trained here once and the chapter loads the result with
``utils.models.load_pretrained("fashion_same_bn_dropout")`` and evaluates it on the test set itself.

The recipe: all 60,000 training images (the test set is not looked at during training), seed 0,
batches of 128 shuffled from a 10,000-image buffer, Adam with a learning rate falling from 2e-3 to 0 along
a cosine over the 8 epochs, sparse categorical cross-entropy (``utils.experiments.train_best_fashion``).
The recipe was chosen on a validation split (the last 5,000 training images held out) by the ablation in
``utils/records/fashion_ablation.json``: the note's model, each of four changes alone (batch
normalisation, dropout 0.3, learning rate 2e-3, 8 epochs) and all four together, which had the best
validation accuracy. ``--ablation`` re-makes that record (about 45 minutes) and copies its validation
accuracies into the weights' record (key ``selection``).

Writes ``<out>/fashion_same_bn_dropout.weights.h5`` and ``<out>/fashion_same_bn_dropout.json`` (recipe,
per-epoch history, test accuracy, versions, wall time) and prints the weights' SHA-256, which goes into
``utils.models.PRETRAINED``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# The shipped weights were trained with oneDNN off: keep it off so that a retrain reproduces them bit
# for bit (oneDNN on rounds differently; benchmarks/onednn.py measures by how much).
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

NAME = "fashion_same_bn_dropout"


def write_selection(weights_json: Path, ablation: dict) -> None:
    """Copy the validation accuracies that chose the recipe into the weights' record (key ``selection``)."""
    record = json.loads(weights_json.read_text())
    runs = [r for r in ablation["results"]["runs"] if r["seed"] == 0]
    record["selection"] = {
        "record": "utils/records/fashion_ablation.json",
        "made_by": "scripts/train_pretrained.py --ablation",
        "validation": ablation["results"]["validation"],
        "val_accuracy": {r["row"]: round(r["val_acc"], 4) for r in runs},
    }
    weights_json.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote the selection into {weights_json.name}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--learning-rate", type=float, default=2e-3)
    parser.add_argument("--dropout", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "utils" / "weights")
    parser.add_argument(
        "--ablation",
        action="store_true",
        help="instead: re-make the validation comparison that chose the recipe "
        "(utils/records/fashion_ablation.json, about 45 minutes)",
    )
    args = parser.parse_args(argv)

    import utils

    utils.setup(args.seed)
    import keras
    import tensorflow as tf

    from utils import data, experiments, models

    if args.ablation:
        path = experiments.run("fashion_ablation", verbose=2)
        print(f"wrote {path}")
        write_selection(args.out / f"{NAME}.json", json.loads(path.read_text()))
        return 0
    model, history, wall = experiments.train_best_fashion(
        epochs=args.epochs,
        batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        dropout=args.dropout,
        seed=args.seed,
    )
    _, (test_images, test_labels) = data.load_fashion_mnist()
    test_ds = data.make_dataset(test_images, test_labels, batch_size=1000)
    steps = -(-60000 // args.batch_size)
    test_loss, test_acc = model.evaluate(test_ds, verbose=0)
    print(f"{model.name}: {args.epochs} epochs in {wall:.0f} s, test accuracy {test_acc:.4f}")

    args.out.mkdir(parents=True, exist_ok=True)
    weights = args.out / f"{NAME}.weights.h5"
    # Saved from an uncompiled copy: the weights file of a compiled model carries the optimizer's state
    # as well (Adam's two moments per weight, three times the size), which inference does not need.
    shipped = models.same_padding_convnet(batch_norm=True, dropout=args.dropout)
    shipped.set_weights(model.get_weights())
    shipped.save_weights(weights)
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    record = {
        "name": NAME,
        "builder": f"utils.models.same_padding_convnet(batch_norm=True, dropout={args.dropout})",
        "recipe": {
            "epochs": args.epochs,
            "batch_size": args.batch_size,
            "optimizer": "Adam",
            "learning_rate": f"cosine from {args.learning_rate} to 0 over {args.epochs * steps} steps",
            "loss": "sparse_categorical_crossentropy",
            "seed": args.seed,
            "training_images": 60000,
        },
        "history": {k: [round(float(v), 4) for v in vs] for k, vs in history.items()},
        "test_accuracy": round(float(test_acc), 4),
        "test_loss": round(float(test_loss), 4),
        "train_seconds": round(wall),
        "versions": {
            "tensorflow": tf.__version__,
            "keras": keras.__version__,
            "python": platform.python_version(),
        },
        "weights_sha256": digest,
    }
    (args.out / f"{NAME}.json").write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {weights.name} ({weights.stat().st_size:,} bytes), sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
