"""The types that public signatures name, for type checkers only.

Import them under ``TYPE_CHECKING``: at run time this module defines nothing, so naming a
model type never imports scikit-learn, torch or the model packages at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline

    from logitnet.linear import LogisticRegression
    from logitnet.nn import NeuralNetClassifier
    from logitnet.streaming import Scan

    #: An estimator of logitnet.
    Estimator: TypeAlias = LogisticRegression | NeuralNetClassifier
    #: What ``save`` writes and ``load`` returns.
    Model: TypeAlias = LogisticRegression | NeuralNetClassifier | Pipeline | ColumnTransformer
    #: A fitted classifier: a logitnet estimator, or a Pipeline ending in one.
    Classifier: TypeAlias = LogisticRegression | NeuralNetClassifier | Pipeline
    #: Rows to fit or predict on: an array, a DataFrame, or a lazy table.
    Rows: TypeAlias = ArrayLike | Scan
