"""write_report: a self-contained page whose figures and tables agree with scikit-learn."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
import torch
from plotly.offline import get_plotlyjs
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.datasets import make_blobs, make_circles
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, log_loss
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from logitnet import NotFittedError
from logitnet.report import _writer as writer
from logitnet.report import write_report

X2, Y2 = make_circles(n_samples=80, factor=0.5, noise=0.1, random_state=2020)
X3, Y3 = make_blobs(n_samples=90, centers=3, n_features=3, cluster_std=2.0, random_state=1)
BINARY = LogisticRegression().fit(X2, Y2)
MULTI = LogisticRegression().fit(X3, np.array(["ant", "bee", "cat"])[Y3])


class Cells(HTMLParser):
    """Collect every element's attributes and the text of tables, by id and section."""

    def __init__(self):
        super().__init__()
        self.by_id, self.sections, self.scripts, self.links = {}, [], [], []
        self._open = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.sections.append(attrs["id"])
        if tag == "script":
            self.scripts.append(attrs)
        if tag in ("link", "img", "iframe") or "src" in attrs:
            self.links.append((tag, attrs))
        if "id" in attrs:
            self.by_id[attrs["id"]] = {"attrs": attrs, "text": ""}
            self._open.append(attrs["id"])
        else:
            self._open.append(None)

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        for key in self._open:
            if key is not None and key in self.by_id:
                self.by_id[key]["text"] += data


def parse(path):
    """Return the parsed report."""
    cells = Cells()
    cells.feed(path.read_text(encoding="utf-8"))
    return cells


def test_binary_2d_report_has_every_section_in_order(tmp_path):
    path = write_report(tmp_path / "binary.html", BINARY, X2, Y2)
    page = parse(path)
    assert page.sections == ["model", "data", "metrics", "confusion", "proba", "boundary"]
    assert path == tmp_path / "binary.html"
    assert "plot-boundary" in page.by_id and "plot-confusion" in page.by_id


def test_accuracy_and_log_loss_cells_hold_sklearn_values_exactly(tmp_path):
    page = parse(write_report(tmp_path / "r.html", BINARY, X2, Y2))
    accuracy = page.by_id["test-accuracy"]["attrs"]["data-value"]
    assert float(accuracy) == BINARY.score(X2, Y2)
    assert page.by_id["test-accuracy"]["text"] == f"{BINARY.score(X2, Y2):.4f}"
    loss = float(page.by_id["test-log-loss"]["attrs"]["data-value"])
    assert loss == log_loss(Y2, BINARY.predict_proba(X2))


def test_per_class_table_matches_classification_report(tmp_path):
    page = parse(write_report(tmp_path / "r.html", MULTI, X3, np.array(["ant", "bee", "cat"])[Y3]))
    y = np.array(["ant", "bee", "cat"])[Y3]
    expected = classification_report(y, MULTI.predict(X3), output_dict=True)
    text = page.by_id["class-metrics"]["text"]
    for label in ("ant", "bee", "cat", "macro avg"):
        row = expected[label]
        assert f"{label}{row['precision']:.4f}{row['recall']:.4f}{row['f1-score']:.4f}" in text


def test_more_features_get_probability_histograms_not_a_boundary(tmp_path):
    y = np.array(["ant", "bee", "cat"])[Y3]
    page = parse(write_report(tmp_path / "r.html", MULTI, X3, y))
    assert "probabilities" in page.sections and "boundary" not in page.sections
    assert "plot-probabilities" in page.by_id


def test_data_summary_counts_rows_features_and_classes_per_split(tmp_path):
    y = np.array(["ant", "bee", "cat"])[Y3]
    path = write_report(tmp_path / "r.html", MULTI, X3[:30], y[:30], X_train=X3, y_train=y)
    text = parse(path).by_id["data-summary"]["text"]
    counts = [int(np.sum(y[:30] == c)) for c in ("ant", "bee", "cat")]
    assert text.startswith("datarowsfeaturesclass antclass beeclass cat")
    assert f"test303{''.join(map(str, counts))}" in text
    assert "train903303030" in text
    assert "train-accuracy" in parse(path).by_id


def test_dataframe_feature_names_are_listed(tmp_path):
    frame = pd.DataFrame(X2, columns=["attack", "defense"])
    model = LogisticRegression().fit(frame, Y2)
    text = write_report(tmp_path / "r.html", model, frame, Y2).read_text(encoding="utf-8")
    assert "Features: attack, defense." in text


def test_hyperparameters_are_listed(tmp_path):
    text = write_report(tmp_path / "r.html", BINARY, X2, Y2).read_text(encoding="utf-8")
    assert '<td class="mono">C</td><td class="mono">1.0</td>' in text


def test_page_is_self_contained_with_plotly_inlined_once(tmp_path):
    text = write_report(tmp_path / "r.html", BINARY, X2, Y2).read_text(encoding="utf-8")
    assert text.count(get_plotlyjs()) == 1
    assert text.index(get_plotlyjs()) < text.index("<body>")
    page = parse(tmp_path / "r.html")
    assert page.links == []  # no <link>, <img>, <iframe> or src= of any kind
    assert not re.search(r"@import|url\(|https?://cdn", text.split("<script", 1)[0])
    assert "@media print" in text


def test_user_text_is_escaped(tmp_path):
    title = '<script>alert("x")</script> & co'
    text = write_report(tmp_path / "r.html", BINARY, X2, Y2, title=title).read_text("utf-8")
    assert "<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</title>" in text
    assert '<script>alert("x")' not in text


def test_label_text_is_escaped_in_tables(tmp_path):
    y = np.where(Y2 == 1, "<b>in</b>", "out&about")
    model = LogisticRegression().fit(X2, y)
    text = write_report(tmp_path / "r.html", model, X2, y).read_text("utf-8")
    assert "<td>&lt;b&gt;in&lt;/b&gt;</td>" in text and "<td>out&amp;about</td>" in text
    assert "<b>in</b>" not in text


class Network(ClassifierMixin, BaseEstimator):
    """A minimal fitted network estimator: a torch module, a history, predict_proba."""

    def __init__(self):
        torch.manual_seed(0)
        self.module_ = torch.nn.Sequential(
            torch.nn.Linear(2, 5), torch.nn.ReLU(), torch.nn.Linear(5, 2)
        )
        self.classes_ = np.array([0, 1])
        self.history_ = [{"epoch": 1, "train_loss": 0.7}, {"epoch": 2, "train_loss": 0.6}]

    def fit(self, X, y):
        return self

    def predict_proba(self, X):
        with torch.no_grad():
            logits = self.module_(torch.as_tensor(np.asarray(X), dtype=torch.float32))
        return torch.softmax(logits.double(), dim=1).numpy()

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def test_network_gets_logitnet_nn_summary_as_a_table(tmp_path):
    from logitnet import nn

    network = Network()
    page = parse(write_report(tmp_path / "r.html", network, X2, Y2))
    assert page.sections[:2] == ["model", "network"]
    expected = nn.summary(network.module_, input_size=(1, 2))
    cells = "".join(f"{r['layer']}{r['output_shape']}{r['params']}" for r in expected.rows)
    assert page.by_id["model-summary"]["text"].endswith(cells)
    assert cells.endswith("[1, 2]12")  # the last Linear(5, 2)
    raw = (tmp_path / "r.html").read_text("utf-8")
    assert "Total parameters: 27; trainable: 27." in raw


def test_history_argument_then_history_then_loss_curve(tmp_path):
    network, given = Network(), [0.9, 0.8, 0.1]
    assert writer._history(network, given) is given
    assert writer._history(network, None) is network.history_
    mlp = MLPClassifier()
    mlp.loss_curve_ = [0.5, 0.4]
    assert writer._history(mlp, None).to_list() == [
        {"epoch": 1, "train_loss": 0.5},
        {"epoch": 2, "train_loss": 0.4},
    ]
    page = parse(write_report(tmp_path / "r.html", network, X2, Y2, history=given))
    assert "loss" in page.sections and "plot-loss" in page.by_id


def test_loss_curve_is_used_when_there_is_no_history(tmp_path):
    model = MLPClassifier(hidden_layer_sizes=(4,), max_iter=5, random_state=0)
    with pytest.warns(Warning):
        model.fit(X2, Y2)
    page = parse(write_report(tmp_path / "r.html", model, X2, Y2))
    assert "loss" in page.sections
    assert "loss" not in parse(write_report(tmp_path / "s.html", BINARY, X2, Y2)).sections


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "r.html"
    target.write_text("previous report")

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(writer.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_report(target, BINARY, X2, Y2)
    assert target.read_text() == "previous report"
    assert os.listdir(tmp_path) == ["r.html"]


def test_missing_folders_are_created_and_the_file_is_readable_by_others(tmp_path):
    path = write_report(tmp_path / "a" / "b" / "r.html", BINARY, X2, Y2)
    assert path.is_file() and os.listdir(path.parent) == ["r.html"]
    assert path.stat().st_mode & 0o044 == 0o044


def test_two_features_with_a_text_column_get_histograms_not_a_boundary(tmp_path):
    frame = pd.DataFrame({"defense": X2[:, 0], "kind": np.where(X2[:, 1] > 0, "up", "down")})
    encode = ColumnTransformer([("kind", OneHotEncoder(), ["kind"])], remainder="passthrough")
    model = make_pipeline(encode, LogisticRegression()).fit(frame, Y2)
    page = parse(write_report(tmp_path / "r.html", model, frame, Y2))
    assert "probabilities" in page.sections and "boundary" not in page.sections
    assert "2 features, not all numeric" in page.by_id["probabilities"]["text"]


def test_pipeline_shows_its_steps_and_the_last_steps_params_and_history(tmp_path):
    from logitnet import NeuralNetClassifier

    net = NeuralNetClassifier(hidden_layer_sizes=(4,), epochs=3, random_state=0)
    model = make_pipeline(StandardScaler(), net).fit(X2, Y2)
    page = parse(write_report(tmp_path / "r.html", model, X2, Y2))
    text = page.by_id["model"]["text"]
    assert "Pipeline: standardscaler (StandardScaler) → neuralnetclassifier" in text
    assert "hidden_layer_sizes(4,)" in text and "steps" not in text
    assert "logitnet.NeuralNetClassifier" in text and "_classifier" not in text
    assert "loss" in page.sections and "network" in page.sections


@pytest.mark.parametrize(
    ("estimator", "kwargs", "error", "match"),
    [
        (LogisticRegression(), {}, NotFittedError, r"not fitted"),
        (object(), {}, TypeError, r"`estimator` must be a fitted classifier .* Got object"),
        (BINARY, {"X_train": X2}, ValueError, r"both X_train and y_train, or neither"),
        (BINARY, {"y_test": Y2[:5]}, ValueError, r"one row per label \(5\)\. Got shape \(80, 2\)"),
    ],
)
def test_bad_arguments_get_clear_errors(tmp_path, estimator, kwargs, error, match):
    arguments = {"y_test": Y2, **kwargs}
    with pytest.raises(error, match=match):
        write_report(tmp_path / "r.html", estimator, X2, **arguments)
    assert not (tmp_path / "r.html").exists()


def test_probabilities_section_holds_sklearns_scores_and_the_four_figures(tmp_path):
    from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

    page = parse(write_report(tmp_path / "r.html", BINARY, X2, Y2))
    p = BINARY.predict_proba(X2)[:, 1]
    value = {
        k: float(page.by_id[f"test-{k}"]["attrs"]["data-value"])
        for k in ("roc_auc", "average_precision", "brier_score", "expected_calibration_error")
    }
    assert value["roc_auc"] == roc_auc_score(Y2, p)
    assert value["average_precision"] == average_precision_score(Y2, p)
    assert value["brier_score"] == brier_score_loss(Y2, p)
    assert 0.0 <= value["expected_calibration_error"] <= 1.0
    for name in ("roc", "precision-recall", "calibration", "threshold"):
        assert f"plot-{name}" in page.by_id


def test_multiclass_probabilities_have_no_threshold_figure(tmp_path):
    y = np.array(["ant", "bee", "cat"])[Y3]
    page = parse(write_report(tmp_path / "r.html", MULTI, X3, y))
    assert "plot-roc" in page.by_id and "plot-threshold" not in page.by_id
    auc = float(page.by_id["test-roc_auc"]["attrs"]["data-value"])
    assert auc == roc_auc_score_ovr(y, MULTI.predict_proba(X3))


def roc_auc_score_ovr(y, proba):
    """scikit-learn's macro one-vs-rest ROC AUC."""
    from sklearn.metrics import roc_auc_score

    return roc_auc_score(y, proba, multi_class="ovr", average="macro")
