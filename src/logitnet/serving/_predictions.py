"""One path from prepared features to answers, shared by ``logitnet predict`` and ``serve``.

A saved model is a Pipeline of preprocessing steps and a final classifier (or a classifier on its
own). Both commands prepare the features, then hand them to :func:`predict_features`, which asks
the final classifier for its labels and probabilities: the same rows give the same answers, bit
for bit, whichever command asks.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["predict_features", "predict_table", "split_model"]


def split_model(model: Any) -> tuple[Any | None, Any]:
    """``(preprocessing, final classifier)``; the preprocessing is None for a bare classifier.

    The preprocessing is the Pipeline of every step but the last, whose ``transform`` is what
    the whole Pipeline's ``predict`` applies before its last step.
    """
    steps = getattr(model, "steps", None)
    if steps and len(steps) > 1:
        return model[:-1], steps[-1][1]
    if steps:
        return None, steps[-1][1]
    return None, model


def predict_features(
    final: Any, Xt: Any, threshold: float | None = None, *, proba: bool = True
) -> tuple[np.ndarray, np.ndarray | None]:
    """The labels and (when ``proba``) class probabilities of prepared features ``Xt``.

    Parameters
    ----------
    final : fitted classifier
        The last step of a saved model (see :func:`split_model`).
    Xt : array-like of shape (n_samples, n_features)
        The features as the preprocessing made them.
    threshold : float in [0, 1], optional
        Two classes: the second where its probability is above ``threshold``, instead of the
        model's own rule (:func:`logitnet.tuning.predict_with_threshold`).
    proba : bool, default=True
        Also return the probabilities, shape (n_samples, n_classes), in ``classes_`` order.

    Returns
    -------
    labels, probabilities
        ``probabilities`` is None when not asked for and not needed.
    """
    from logitnet.tuning import labels_at_threshold

    if threshold is None:
        labels = final.predict(Xt)
        return labels, final.predict_proba(Xt) if proba else None
    probabilities = final.predict_proba(Xt)
    labels = labels_at_threshold(final.classes_, probabilities, threshold)
    return labels, probabilities if proba else None


def predict_table(
    model: Any, X: Any, threshold: float | None = None, *, proba: bool = True
) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`predict_features` of a table: the model's preprocessing, then its classifier."""
    preprocess, final = split_model(model)
    Xt = X if preprocess is None else preprocess.transform(X)
    return predict_features(final, Xt, threshold, proba=proba)
