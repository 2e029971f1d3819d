"""Records of experiments too long to run on every build: multi-seed tables and ablations.

A chapter trains its teaching run live (one seed, on the page). To say that one setting *beats* another
it needs several seeds, which would take too long on every test run; those runs are made by an
experiment function in :mod:`utils.experiments` and stored as a *record*, a JSON file in
``utils/records/`` (package data, so Colab has them too). A record holds

* ``results`` — what the experiment returned (per-seed numbers and histories);
* ``code_sha256`` — the SHA-256 of the code (syntax trees, see :func:`code_sha256`) of every function
  that made it (the experiment and the builders it calls), with their dotted names in ``code``;
* ``versions``, ``seconds`` and the exact ``command`` that re-makes it.

:func:`load` refuses a record whose code has changed since it was made (:class:`StaleRecordError`, with
the command to run), and ``tests/test_records.py`` checks every record the same way, so a record cannot
silently describe code that no longer exists. Re-make one with::

    python -m utils.experiments NAME
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import json
import os
import platform
import textwrap
from pathlib import Path

__all__ = ["RECORDS_DIR", "StaleRecordError", "code_sha256", "save", "load", "check", "names"]

RECORDS_DIR = Path(__file__).resolve().parent / "records"


class StaleRecordError(RuntimeError):
    """A record was made by code that has changed since; it must be re-made."""


def _resolve(dotted: str):
    module, _, attr = dotted.rpartition(".")
    if not module:
        raise ValueError(
            f"expected a dotted name such as 'utils.models.small_convnet', got {dotted!r}"
        )
    obj = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def _code_text(obj) -> str:
    """What is hashed for one object: a function's or class's syntax tree without docstrings, so that
    reformatting, comments and docstrings (which cannot change a result) leave the hash alone while any
    change to the code changes it; data (a list of configurations, say) by its ``repr``."""
    if not (callable(obj) or inspect.ismodule(obj)):
        return repr(obj)
    tree = ast.parse(textwrap.dedent(inspect.getsource(obj)))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module))
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree, annotate_fields=False, include_attributes=False)


def code_sha256(dotted_names) -> str:
    """SHA-256 of the code of the named functions (in the given order), read as syntax trees.

    Only the code counts: reformatting it, editing comments or docstrings, or moving a function to
    another module leaves the hash unchanged; any change to what the code does changes it. A name may
    also point to data (e.g. a list of configurations): then its ``repr`` is hashed.
    """
    names = list(dotted_names)
    if not names:
        raise ValueError("give at least one dotted function name")
    h = hashlib.sha256()
    for name in names:
        h.update(_code_text(_resolve(name)).encode())
        h.update(b"\0")
    return h.hexdigest()


def _path(name: str, directory=None) -> Path:
    if not isinstance(name, str) or not name or "/" in name or name.startswith("."):
        raise ValueError(f"a record name is a plain word such as 'dropout_seeds', got {name!r}")
    return Path(directory or RECORDS_DIR) / f"{name}.json"


def save(name: str, results: dict, *, code, seconds: float, command: str, directory=None) -> Path:
    """Write the record ``name`` with the hash of ``code`` (dotted function names)."""
    import numpy as np

    def plain(v):
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, (np.floating, float)):
            return round(float(v), 6)
        if isinstance(v, np.integer):
            return int(v)
        return v

    versions = {"python": platform.python_version()}
    try:
        import keras
        import tensorflow as tf

        versions.update(tensorflow=tf.__version__, keras=keras.__version__)
        # oneDNN changes the rounding of every trained number: say which setting made the record.
        versions["TF_ENABLE_ONEDNN_OPTS"] = os.environ.get("TF_ENABLE_ONEDNN_OPTS", "(default)")
    except ImportError:  # pragma: no cover - records are made with TensorFlow installed
        pass
    record = {
        "name": name,
        "command": command,
        "code": list(code),
        "code_sha256": code_sha256(code),
        "versions": versions,
        "seconds": round(float(seconds)),
        "results": plain(results),
    }
    path = _path(name, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def check(record: dict) -> None:
    """Raise :class:`StaleRecordError` if the code named in ``record`` has changed since it was made."""
    now = code_sha256(record["code"])
    if now != record["code_sha256"]:
        raise StaleRecordError(
            f"record {record['name']!r} was made by an earlier version of {', '.join(record['code'])}; "
            f"re-make it with `{record['command']}` (about {record['seconds']} s on 2 CPU cores) and re-execute "
            "the chapters that use it"
        )


def load(name: str, *, directory=None, check_code: bool = True) -> dict:
    """The record ``name`` (a dict with ``results``), checked against today's code unless ``check_code=False``."""
    path = _path(name, directory)
    if not path.exists():
        raise FileNotFoundError(
            f"no record {name!r} in {path.parent.name}/; the course ships: {', '.join(names(directory))}"
            f" (make it with `python -m utils.experiments {name}`)"
        )
    record = json.loads(path.read_text(encoding="utf-8"))
    if check_code:
        check(record)
    return record


def names(directory=None) -> list[str]:
    """Names of the records in ``directory`` (default: the ones shipped with the course)."""
    return sorted(p.stem for p in Path(directory or RECORDS_DIR).glob("*.json"))
