"""The statistics of a streamed preparation over two ranks: one process's, exactly.

``logitnet train --stream --processes 2``: each rank reads its own share of the files, and the
ranks merge their counts, sums and samples (:mod:`logitnet.workflow._stream_sharded_statistics`).
"""

import json

import numpy as np
import pytest

from .._group.test_share import write_folder

pytestmark = pytest.mark.distributed


@pytest.fixture
def gappy(tmp_path, make_table):
    """1450 rows with gaps in a number column, an integer column and a text column, and a text
    column whose 73 values pass a limit of 50 only once both ranks' are together."""

    def make(name, **layout):
        frame = make_table(n=1450, n_classes=3, seed=5)
        frame["colour"] = np.array(["red", "green", "blue", None], dtype=object)[
            (frame["a"] * 7).astype(int) % 4
        ]
        frame["k"] = ((frame["c"] * 3).round() % 5).where(frame.index % 11 != 0)
        frame["zone"] = [f"z{i // 20}" for i in range(len(frame))]
        frame.loc[frame.index % 23 == 0, "b"] = np.nan
        return write_folder(frame, tmp_path / name, **layout)

    return make


@pytest.fixture
def network(tmp_path, gappy):
    """A small network on the gap-free columns a, c and d, saved."""
    import logitnet
    from logitnet.nn import NeuralNetClassifier

    frame = logitnet.scan(gappy("fit"), target="label").to_pandas()
    net = NeuralNetClassifier(hidden_layer_sizes=(8,), epochs=3, random_state=0, verbose=0)
    net.fit(frame[["a", "c", "d"]].to_numpy(), frame["label"].to_numpy())
    logitnet.save(net, tmp_path / "net.safetensors")
    return tmp_path / "net.safetensors"


@pytest.mark.distributed
@pytest.mark.parametrize(
    "layout",
    [{}, {"sizes": (1450,), "row_group_size": 2000}, {"sizes": (725, 725), "row_group_size": 725}],
    ids=["uneven-slices", "one-row-group", "whole-chunks"],
)
def test_two_ranks_share_the_statistics_and_test_passes_and_get_one_process_s_figures(
    gappy, network, layout, tmp_path, launch_worker, monkeypatch
):
    from ..distributed._worker import prepared, shrink

    data = gappy("data", **layout)
    out = tmp_path / "found"
    out.mkdir()
    done = launch_worker(2, "prepare", str(data), str(network), str(out))
    assert done.returncode == 0, done.stderr
    ranks = [json.loads((out / f"rank{r}.json").read_text()) for r in range(2)]
    shrink(monkeypatch.setattr)
    one = json.loads(json.dumps(prepared(str(data), str(network))))
    # past 50 values a text column counts as an identifier
    assert one["excluded"] == {
        "zone": "it has a different value in (nearly) every row, like a name or an id"
    }
    assert one["plan"] == [["a", "b", "c", "d", "k"], ["colour"]]
    for found in ranks:
        # counts, labels, categories and medians: exactly one process's
        for name in ("classes", "rows", "plan", "excluded", "fill", "categories"):
            assert found[name] == one[name], name
        np.testing.assert_allclose(found["mean"], one["mean"], rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(found["var"], one["var"], rtol=1e-13)
        assert np.abs(np.array(found["coef"]) - one["coef"]).max() <= 1e-6
        assert np.abs(np.array(found["intercept"]) - one["intercept"]).max() <= 1e-6
        for model in ("metrics", "network"):
            _same_metrics(found[model], one[model])


def _same_metrics(found: dict, one: dict) -> None:
    """Counts exactly; every figure to 1e-9."""
    assert found["confusion_matrix"] == one["confusion_matrix"]
    assert found["metrics"].keys() == one["metrics"].keys()
    assert found["metrics"]["n_samples"] == one["metrics"]["n_samples"]
    for name, value in one["metrics"].items():
        assert found["metrics"][name] == pytest.approx(value, abs=1e-9), name


@pytest.mark.distributed
def test_train_on_two_processes_gives_one_process_s_statistics_model_and_metrics(
    gappy, tmp_path, run_train, final_model
):
    import logitnet

    data = gappy("data")
    options = ["--stream", "--impute", "median", "--batch-rows", "100", "--alpha", "0.01"]
    for processes in (1, 2):
        done = run_train(data, tmp_path / f"p{processes}", *options, "--processes", str(processes))
        assert done.returncode == 0, done.stderr
    documents = [json.loads((tmp_path / f"p{p}" / "metrics.json").read_text()) for p in (1, 2)]
    for name in ("n_train", "n_test", "features", "confusion_matrix"):
        assert documents[1][name] == documents[0][name]
    _same_metrics(documents[1], documents[0])
    models = [logitnet.load(tmp_path / f"p{p}" / "model.safetensors") for p in (1, 2)]
    steps = [m.named_steps["preprocess"].named_transformers_["numeric"] for m in models]
    assert steps[1]["impute"].statistics_.tolist() == steps[0]["impute"].statistics_.tolist()
    np.testing.assert_allclose(steps[1]["scale"].mean_, steps[0]["scale"].mean_, rtol=1e-13)
    np.testing.assert_allclose(steps[1]["scale"].var_, steps[0]["scale"].var_, rtol=1e-13)
    a, b = (final_model(tmp_path / f"p{p}") for p in (1, 2))
    assert np.abs(a.coef_ - b.coef_).max() <= 1e-6
    assert np.abs(a.intercept_ - b.intercept_).max() <= 1e-6
