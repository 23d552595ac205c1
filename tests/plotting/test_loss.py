"""plot_loss: every shape a history comes in gives the same curves."""

from __future__ import annotations

import numpy as np
import pytest

from logitnet.plotting import plot_loss

ROWS = [
    {"epoch": 1, "train_loss": 0.69, "valid_loss": 0.70, "valid_acc": 0.50, "dur": 0.01},
    {"epoch": 2, "train_loss": 0.52, "valid_loss": 0.58, "valid_acc": 0.75, "dur": 0.01},
    {"epoch": 3, "train_loss": 0.41, "valid_acc": 0.80, "dur": 0.01},
]


class DuckHistory:
    """Shaped like logitnet.nn.History: iterable per-epoch dicts, columns by key."""

    def __init__(self, rows):
        self.rows = rows

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, key):
        return [row.get(key) for row in self.rows]


class Fitted:
    """A fitted estimator holding one of history_ / loss_curve_."""

    def __init__(self, **attributes):
        self.__dict__.update(attributes)


def traces(fig):
    """Return ``{name: (x, y)}`` of the figure's lines."""
    return {t.name: (np.asarray(t.x, float), np.asarray(t.y, float)) for t in fig.data}


@pytest.mark.parametrize(
    "history",
    [
        ROWS,
        DuckHistory(ROWS),
        Fitted(history_=DuckHistory(ROWS)),
        {
            "epoch": [1, 2, 3],
            "train_loss": [0.69, 0.52, 0.41],
            "valid_loss": [0.70, 0.58, None],
            "valid_acc": [0.50, 0.75, 0.80],
        },
    ],
    ids=["list-of-dicts", "history", "estimator-history_", "dict-of-lists"],
)
def test_loss_and_accuracy_panels_from_any_history_shape(history):
    fig = plot_loss(history)
    lines = traces(fig)
    assert list(lines) == ["train loss", "validation loss", "validation accuracy"]
    np.testing.assert_allclose(lines["train loss"][1], [0.69, 0.52, 0.41])
    np.testing.assert_allclose(lines["validation loss"][1], [0.70, 0.58, np.nan])
    np.testing.assert_allclose(lines["validation accuracy"][0], [1, 2, 3])
    assert [fig.data[i].xaxis for i in range(3)] == ["x", "x", "x2"]
    assert [a.text for a in fig.layout.annotations] == ["loss", "accuracy"]
    assert fig.layout.xaxis.title.text == fig.layout.xaxis2.title.text == "epoch"


@pytest.mark.parametrize(
    "history",
    [[0.9, 0.5, 0.3], np.array([0.9, 0.5, 0.3]), Fitted(loss_curve_=[0.9, 0.5, 0.3])],
    ids=["list", "array", "loss_curve_"],
)
def test_plain_losses_give_one_panel_numbered_from_epoch_1(history):
    fig = plot_loss(history)
    assert [t.name for t in fig.data] == ["train loss"]
    np.testing.assert_allclose(fig.data[0].x, [1, 2, 3])
    np.testing.assert_allclose(fig.data[0].y, [0.9, 0.5, 0.3])
    assert "xaxis2" not in fig.layout.to_plotly_json()


def test_history_takes_precedence_over_loss_curve():
    fig = plot_loss(Fitted(history_=[{"train_loss": 1.0}], loss_curve_=[5.0, 6.0]))
    np.testing.assert_allclose(fig.data[0].y, [1.0])


@pytest.mark.parametrize(
    ("history", "error", "match"),
    [
        ([], ValueError, r"`history` is empty"),
        ({"loss": [1.0]}, ValueError, r"at least one of 'train_loss'.* Got \['loss'\]"),
        ([0.5, {"train_loss": 0.4}], TypeError, r"per-epoch dicts or losses"),
        ("train_loss", TypeError, r"`history` must be a History"),
        (3.0, TypeError, r"`history` must be a History"),
    ],
)
def test_bad_histories_get_clear_errors(history, error, match):
    with pytest.raises(error, match=match):
        plot_loss(history)


def test_logitnet_history_and_fitted_estimators():
    from logitnet import LogisticRegression

    model = LogisticRegression().fit([[0.0], [1.0], [2.0], [3.0]], [0, 1, 0, 1])
    np.testing.assert_allclose(plot_loss(model).data[0].y, model.loss_curve_)
    from logitnet import nn

    lines = traces(plot_loss(nn.History(ROWS)))
    assert list(lines) == ["train loss", "validation loss", "validation accuracy"]
    np.testing.assert_allclose(lines["validation loss"][1], [0.70, 0.58, np.nan])
