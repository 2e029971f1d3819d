"""Experiment records (utils/records/*.json) must describe today's code, and the checks must bite."""

from __future__ import annotations

import json

import pytest

from utils import experiments, records


@pytest.mark.parametrize("name", records.names())
def test_every_shipped_record_matches_the_code_that_made_it(name):
    record = records.load(
        name
    )  # raises StaleRecordError if the experiment or a builder it uses changed
    assert record["name"] == name and record["results"]
    assert name in experiments.EXPERIMENTS, f"record {name} has no experiment in utils.experiments"
    assert record["code"] == experiments.EXPERIMENTS[name][1], (
        "the record hashes other functions than the experiment lists"
    )


def test_the_records_the_chapters_load_are_shipped():
    import re
    from pathlib import Path

    loaded = set()
    for nb in sorted(Path(records.RECORDS_DIR).parents[1].glob("chapters/*.ipynb")):
        loaded |= set(re.findall(r'records\.load\(\\"(\w+)\\"', nb.read_text(encoding="utf-8")))
    assert loaded, "no chapter loads a record"
    assert loaded <= set(records.names()), (
        f"chapters load records that are not shipped: {loaded - set(records.names())}"
    )


def test_a_changed_function_makes_a_record_stale(tmp_path):
    record = json.loads((records.RECORDS_DIR / "dropout_seeds.json").read_text(encoding="utf-8"))
    record["code_sha256"] = "0" * 64  # as if the code had been edited after the run
    (tmp_path / "dropout_seeds.json").write_text(json.dumps(record))
    with pytest.raises(records.StaleRecordError, match="python -m utils.experiments dropout_seeds"):
        records.load("dropout_seeds", directory=tmp_path)
    assert (
        records.load("dropout_seeds", directory=tmp_path, check_code=False)["name"]
        == "dropout_seeds"
    )


def test_code_hash_follows_the_source():
    a = records.code_sha256(["utils.models.small_convnet"])
    assert a == records.code_sha256(["utils.models.small_convnet"])
    assert a != records.code_sha256(["utils.models.one_by_one_heads"])
    assert a != records.code_sha256(["utils.models.small_convnet", "utils.data.to_nhwc_float"])


@pytest.mark.parametrize("bad", ["", "../x", "a/b", None])
def test_bad_record_names_are_refused(bad):
    with pytest.raises(ValueError, match="record name"):
        records.load(bad)


def test_missing_record_says_how_to_make_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m utils.experiments nothing_here"):
        records.load("nothing_here", directory=tmp_path)


def test_save_and_load_round_trip(tmp_path):
    path = records.save(
        "tiny",
        {"x": [1.23456789, 2]},
        code=["utils.data.to_nhwc_float"],
        seconds=1.2,
        command="python -m utils.experiments tiny",
        directory=tmp_path,
    )
    assert path.name == "tiny.json"
    back = records.load("tiny", directory=tmp_path)
    assert back["results"] == {"x": [1.234568, 2]} and back["seconds"] == 1


def test_unknown_experiment_is_refused():
    with pytest.raises(ValueError, match="no experiment"):
        experiments.run("nope")


def test_the_shipped_weights_name_the_comparison_that_chose_them():
    """utils/weights/*.json's `selection` holds the validation accuracies of the ablation record."""
    weights = json.loads(
        (records.RECORDS_DIR.parent / "weights" / "fashion_same_bn_dropout.json").read_text(
            encoding="utf-8"
        )
    )
    ablation = records.load("fashion_ablation")["results"]["runs"]
    chosen = {r["row"]: round(r["val_acc"], 4) for r in ablation if r["seed"] == 0}
    assert weights["selection"]["val_accuracy"] == chosen
    assert max(chosen, key=chosen.get) == "all_four"  # the recipe of the shipped model


def test_code_hash_ignores_layout_comments_and_docstrings_but_not_code(tmp_path, monkeypatch):
    versions = {
        "a": 'def f(x):\n    """Add one."""\n    return x + 1\n',
        "b": "def f(x):  # reformatted, commented, no docstring\n    return (\n        x + 1\n    )\n",
        "c": 'def f(x):\n    """Add one."""\n    return x + 2\n',  # a change to what the code does
        "d": 'def f(x):\n    """Add one."""\n    return 1 + x\n',  # the same sum, written differently
    }
    for tag, src in versions.items():
        (tmp_path / f"hashmod_{tag}.py").write_text(src)
    monkeypatch.syspath_prepend(str(tmp_path))
    h = {tag: records.code_sha256([f"hashmod_{tag}.f"]) for tag in versions}
    assert h["a"] == h["b"]
    assert h["a"] != h["c"] and h["a"] != h["d"]


def test_the_regularization_rule_keeps_each_tools_best_setting_that_beats_the_baseline():
    from utils.experiments import regularization_combination

    toolbox = (
        ("baseline", None, {}),
        ("small", "capacity", {"dense": 32}),
        ("tiny", "capacity", {"dense": 8}),
        ("weak", "L2", {"l2": 1e-4}),
        ("strong", "L2", {"l2": 1e-2}),
        ("drop", "dropout", {"dropout": 0.5}),
        ("stop", "early stopping", {"early_stopping": True}),
    )
    val = {"baseline": 0.6, "small": 0.7, "tiny": 0.8, "weak": 0.55, "strong": 0.5, "drop": 0.4}
    val["stop"] = 0.1  # the lowest of all, but chosen on the same rows: never in the combination
    runs = [
        {"label": k, "seed": s, "val_xent": v + 0.01 * s} for k, v in val.items() for s in (0, 1)
    ]
    label, kwargs = regularization_combination(runs, toolbox)
    assert kwargs == {"l2": 1e-2, "dropout": 0.5}  # capacity never beat the baseline
    assert label == "combined: strong + drop"
    worse = [
        dict(r, val_xent=r["val_xent"] + (1.0 if r["label"] != "baseline" else 0.0)) for r in runs
    ]
    assert regularization_combination(worse, toolbox) == ("combined: none", {})
