"""The two pictures of regularization: the coefficient path and the cross-validation curve.

As glmnet's ``plot(fit)`` and ``plot(cv.glmnet(...))`` draw them: one line per coefficient
against ``log(alpha)``, the L1 norm or the deviance ratio, and the mean CV score with error
bars of one standard error, both with the number of nonzero coefficients along the top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import plotly.graph_objects as go

from logitnet._validation import check_option
from logitnet.plotting._style import class_colour, new_figure

if TYPE_CHECKING:
    from logitnet.linear import LogisticRegressionCV, RegularizationPath

X_AXES = {
    "log_alpha": "log(alpha)",
    "l1_norm": "L1 norm of the coefficients",
    "deviance_ratio": "fraction of deviance explained",
}
SCORE_NAMES = {
    "deviance": "binomial or multinomial deviance",
    "misclassification": "misclassification error",
    "roc_auc": "ROC AUC",
}


def _path_of(path_or_model: Any) -> Any:
    """A RegularizationPath, or the ``path_`` of a model that holds one."""
    path = getattr(path_or_model, "path_", path_or_model)
    if not hasattr(path, "alphas") or not hasattr(path, "coef"):
        raise TypeError(
            "plot_path needs a RegularizationPath (logitnet.regularization_path) or a model "
            f"with a path_ (LogisticRegressionCV). Got {type(path_or_model).__name__} instead."
        )
    return path


def _x_values(path: Any, x: str) -> np.ndarray:
    """The horizontal position of each alpha."""
    if x == "log_alpha":
        return np.log(path.alphas)
    return path.l1_norm() if x == "l1_norm" else np.asarray(path.deviance_ratio)


def _line_names(path: Any) -> list[tuple[int, int, str]]:
    """``(output, feature, name)`` of every coefficient's line."""
    names = list(path.feature_names) or [f"x{j}" for j in range(path.coef.shape[2])]
    if path.coef.shape[1] == 1:
        return [(0, j, str(name)) for j, name in enumerate(names)]
    classes = [str(c) for c in path.classes]
    return [
        (k, j, f"{name} ({classes[k]})")
        for k in range(len(classes))
        for j, name in enumerate(names)
    ]


def _count_axis(fig: go.Figure, xs: np.ndarray, counts: np.ndarray, ticks: int = 8) -> None:
    """The number of nonzero coefficients along the top, at up to ``ticks`` positions."""
    at = np.unique(np.linspace(0, len(xs) - 1, min(ticks, len(xs))).round().astype(int))
    fig.add_trace(
        go.Scatter(x=xs[at], y=[None] * len(at), xaxis="x2", showlegend=False, hoverinfo="skip")
    )
    fig.update_layout(
        xaxis2={
            "overlaying": "x",
            "side": "top",
            "matches": "x",
            "tickmode": "array",
            "tickvals": xs[at].tolist(),
            "ticktext": [str(int(c)) for c in counts[at]],
            "title": {"text": "nonzero coefficients"},
            "showgrid": False,
        },
        margin={"t": 80},
    )


def plot_path(
    path_or_model: RegularizationPath | LogisticRegressionCV, x: str = "log_alpha"
) -> go.Figure:
    """Plot each coefficient along the regularization path, as glmnet's ``plot(fit)``.

    Parameters
    ----------
    path_or_model : RegularizationPath or LogisticRegressionCV
        A path from :func:`logitnet.regularization_path`, or a model with a ``path_``.
    x : {"log_alpha", "l1_norm", "deviance_ratio"}, default="log_alpha"
        What the horizontal axis shows.

    Returns
    -------
    plotly.graph_objects.Figure
        One line per coefficient, named by its feature (and class, for several classes), and
        the number of nonzero coefficients along the top.

    Examples
    --------
    >>> import numpy as np, logitnet
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(100, 3))
    >>> path = logitnet.regularization_path(X, X[:, 0] > 0, n_alphas=10)
    >>> [trace.name for trace in plot_path(path).data][:3]
    ['x0', 'x1', 'x2']
    """
    check_option("x", x, X_AXES)
    path = _path_of(path_or_model)
    xs = _x_values(path, x)
    fig = new_figure()
    for number, (k, j, name) in enumerate(_line_names(path)):
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=path.coef[:, k, j],
                mode="lines",
                name=name,
                line={"color": class_colour(number)},
            )
        )
    _count_axis(fig, xs, np.asarray(path.n_nonzero))
    fig.update_layout(
        xaxis={"title": {"text": X_AXES[x]}}, yaxis={"title": {"text": "coefficient"}}
    )
    return fig


def plot_cv(cv_model: LogisticRegressionCV) -> go.Figure:
    """Plot the cross-validated score against ``log(alpha)``, as glmnet's ``plot(cv)``.

    Parameters
    ----------
    cv_model : LogisticRegressionCV
        A fitted model.

    Returns
    -------
    plotly.graph_objects.Figure
        The mean score over the folds with error bars of one standard error, dashed lines at
        ``alpha_min_`` and ``alpha_1se_``, and the number of nonzero coefficients on top.
    """
    for name in ("cv_mean_", "cv_std_", "alpha_min_", "alpha_1se_", "path_"):
        if not hasattr(cv_model, name):
            raise TypeError(
                "plot_cv needs a fitted LogisticRegressionCV. "
                f"Got {type(cv_model).__name__} without {name}."
            )
    xs = np.log(cv_model.path_.alphas)
    fig = new_figure()
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=cv_model.cv_mean_,
            mode="markers",
            name="mean over the folds",
            marker={"color": class_colour(1)},
            error_y={"type": "data", "array": cv_model.cv_std_, "color": "#999999"},
        )
    )
    marks = (("min", cv_model.alpha_min_, "bottom left"), ("1se", cv_model.alpha_1se_, "top right"))
    for label, alpha, where in marks:
        fig.add_vline(
            x=float(np.log(alpha)),
            line={"dash": "dash", "color": "#555555"},
            annotation_text=f"alpha {label} = {alpha:.3g}",
            annotation_position=where,
        )
    _count_axis(fig, xs, np.asarray(cv_model.path_.n_nonzero))
    scoring = cv_model.scoring if isinstance(cv_model.scoring, str) else "score"
    fig.update_layout(
        xaxis={"title": {"text": "log(alpha)"}},
        yaxis={"title": {"text": SCORE_NAMES.get(scoring, scoring)}},
    )
    return fig
