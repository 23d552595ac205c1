"""Model files that are safe to load: one ``.safetensors`` file, arrays as tensors, the rest JSON.

The file's header holds one JSON document under the ``"logitnet"`` metadata key: the format
version, the logitnet version, the estimator class (looked up in an allow-list, never imported by
name from the file), its parameters and fitted state, and a checksum of the tensor data. Nothing is
unpickled and no code from the file is run.

What can be saved:

- :class:`logitnet.LogisticRegression`;
- :class:`logitnet.NeuralNetClassifier`, with the built-in MLP or a custom ``module`` (saved by its
  weights; pass the class to :func:`load`). ``callbacks`` are not saved;
- a scikit-learn ``Pipeline`` of a preprocessor from
  :func:`logitnet.preprocessing.make_preprocessor` and one of the estimators above (the scaler,
  encoder and imputer statistics are saved), or such a preprocessor on its own;
- scikit-learn's ``CalibratedClassifierCV`` (method ``"sigmoid"`` or ``"isotonic"``) and
  ``FixedThresholdClassifier`` around any of the above (as :func:`logitnet.calibrate` and
  :func:`logitnet.tune_threshold` make them). A threshold set on a logitnet estimator is one of
  its parameters, and is saved with them.

Examples
--------
>>> import logitnet
>>> from sklearn.datasets import load_breast_cancer
>>> X, y = load_breast_cancer(return_X_y=True)
>>> model = logitnet.LogisticRegression(alpha=1.0).fit(X, y)
>>> logitnet.save(model, "cancer.safetensors").name
'cancer.safetensors'
>>> same = logitnet.load("cancer.safetensors")
>>> bool((same.predict(X) == model.predict(X)).all())
True
"""

from __future__ import annotations

from logitnet._io import atomic_writer, write_atomic
from logitnet._safetensors import save_weights
from logitnet.persistence._file import FORMAT_VERSION, load, read_metadata, save

__all__ = [
    "FORMAT_VERSION",
    "atomic_writer",
    "load",
    "read_metadata",
    "save",
    "save_weights",
    "write_atomic",
]
