"""``NeuralNetClassifier``: a scikit-learn classifier over a PyTorch network."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from scipy.special import expit, logit, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.validation import _check_sample_weight

from logitnet._validation import (
    check_class_weight,
    check_fitted,
    check_in_range,
    check_int,
    check_option,
    check_targets,
    suggest,
    validate_X,
    validate_X_y,
)
from logitnet.history import History
from logitnet.nn._batching import Batches, InMemoryBatches
from logitnet.nn._callbacks import Callback, EarlyStopping
from logitnet.nn._evaluate import PREDICT_ROWS
from logitnet.nn._losses import binary_log_loss, multiclass_log_loss
from logitnet.nn._mlp import ACTIVATIONS, MLP, GeneratorDropout
from logitnet.nn._optim import make_optimizer, resolve_optimizer
from logitnet.nn._random import local_torch_rng
from logitnet.nn._step import STEP_KINDS
from logitnet.nn._train import train_on_batches, verbose_callbacks
from logitnet.streaming import for_model, is_scan, stacked, streamed_accuracy

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from logitnet._typing import Rows

__all__ = ["NeuralNetClassifier"]

_DTYPES = [np.float64, np.float32]  # accepted as they are; anything else becomes float64
_MODULE_PREFIX = "module__"


class NeuralNetClassifier(ClassifierMixin, BaseEstimator):
    """A neural-network classifier trained with PyTorch, compatible with scikit-learn.

    Two classes use one logit and ``BCEWithLogitsLoss``; K classes use K logits and
    ``CrossEntropyLoss``. The data is converted to float32 tensors once and batched
    in memory. The epochs run through the same loop, step and evaluation as
    :func:`logitnet.nn.train`; the built-in MLP is trained with a hand-written forward and
    backward pass (checked against autograd), other modules with autograd (see ``step``).

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=(100,)
        Units of each hidden layer of the built-in :class:`MLP`.
    activation : {"relu", "tanh", "sigmoid", "gelu", "leaky_relu", "linear"}, default="relu"
        Hidden-layer activation.
    dropout : float, default=0.0
        Dropout probability after each hidden activation.
    optimizer : {"adam", "adamw", "sgd"} or torch.optim.Optimizer subclass, default="adam"
        The optimizer; the built-in ones use fused updates.
    lr : float, default=1e-3
        Learning rate.
    weight_decay : float, default=0.0
        L2 penalty (decoupled for ``adamw``).
    momentum : float, default=0.9
        Momentum, for ``sgd`` only.
    batch_size : int, default=200
        Rows per batch (at most the number of rows).
    epochs : int, default=100
        Passes over the training data.
    shuffle : bool, default=True
        Reshuffle the rows every epoch.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the rows (stratified, shuffled), stop when the
        validation loss has not improved by ``tol`` for ``patience`` epochs, and keep
        the best epoch's weights.
    validation_fraction : float, default=0.1
        Share of the rows held out when ``early_stopping``.
    patience : int, default=10
        Epochs without improvement before stopping.
    tol : float, default=1e-4
        The smallest decrease of the validation loss that counts as an improvement.
    class_weight : None, "balanced" or dict, default=None
        Weights of the classes in the loss.
    threshold : float in [0, 1], default=0.5
        For two classes, ``predict`` gives the second class where its probability is above
        ``threshold``; ignored for more classes.
    device : str or torch.device, default="auto"
        ``"auto"`` takes CUDA when present, else the CPU.
    random_state : int, RandomState or None, default=None
        Seeds the initial weights, the validation split, the shuffling and dropout.
        The same int gives bit-identical weights and predictions on the CPU.
    verbose : bool, default=False
        Print the losses of every epoch (a progress bar on a terminal).
    warm_start : bool, default=False
        Let ``fit`` continue from the current weights instead of starting afresh.
    callbacks : list of Callback, optional
        Extra callbacks, e.g. :class:`Checkpoint`, :class:`LRScheduler` or
        :class:`GradientClipping`.
    step : {"auto", "autograd", "fast"}, default="auto"
        How each batch is trained. ``"fast"`` is the hand-written forward and backward pass
        of the built-in MLP with activation relu, leaky_relu, tanh or sigmoid and no dropout;
        its update calls torch's fused Adam kernel directly where torch has it. ``"autograd"``
        is the lecture's zero_grad, forward, loss, backward, ``optimizer.step()``. ``"auto"``
        takes the fast step where it is valid and autograd elsewhere (a custom ``module``,
        dropout, gelu). The two agree to about 1e-5; ``"fast"`` where it is not valid is a
        ValueError. Callbacks' ``on_grad_computed`` runs with either.
    module : class or callable, optional
        A custom ``nn.Module`` factory, called as ``module(n_features, n_outputs, **kw)``
        where ``kw`` are the ``module__<name>`` parameters; it must output logits.
    **module_params
        ``module__<name>=value`` settings for ``module``.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, as given.
    n_features_in_ : int
        Number of features seen in ``fit``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when ``X`` was a DataFrame with string column names.
    module_ : torch.nn.Module
        The trained network.
    optimizer_ : torch.optim.Optimizer
        Its optimizer, with its state.
    history_ : History
        One record per epoch: ``train_loss``, ``dur`` and, with early stopping,
        ``valid_loss`` and ``valid_acc``.
    n_epochs_ : int
        Epochs trained.
    best_epoch_ : int or None
        The epoch whose weights were kept, when early stopping; None otherwise.

    Examples
    --------
    >>> from sklearn.datasets import make_circles
    >>> from logitnet import NeuralNetClassifier
    >>> X, y = make_circles(300, factor=0.5, noise=0.1, random_state=2020)
    >>> clf = NeuralNetClassifier((5,), lr=0.1, batch_size=50, epochs=20, random_state=0)
    >>> clf.fit(X, y).score(X, y) > 0.9
    True
    """

    def __init__(
        self,
        hidden_layer_sizes: tuple[int, ...] = (100,),
        *,
        activation: str = "relu",
        dropout: float = 0.0,
        optimizer: str | type[torch.optim.Optimizer] = "adam",
        lr: float = 1e-3,
        weight_decay: float = 0.0,
        momentum: float = 0.9,
        batch_size: int = 200,
        epochs: int = 100,
        shuffle: bool = True,
        early_stopping: bool = False,
        validation_fraction: float = 0.1,
        patience: int = 10,
        tol: float = 1e-4,
        class_weight: str | dict | None = None,
        threshold: float = 0.5,
        device: str | torch.device = "auto",
        random_state: int | np.random.RandomState | None = None,
        verbose: bool = False,
        warm_start: bool = False,
        callbacks: list[Callback] | None = None,
        step: str = "auto",
        module: Callable[..., torch.nn.Module] | None = None,
        **module_params: Any,
    ) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.dropout = dropout
        self.optimizer = optimizer
        self.lr = lr
        self.weight_decay = weight_decay
        self.momentum = momentum
        self.batch_size = batch_size
        self.epochs = epochs
        self.shuffle = shuffle
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.tol = tol
        self.class_weight = class_weight
        self.threshold = threshold
        self.device = device
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        self.callbacks = callbacks
        self.step = step
        self.module = module
        for name, value in module_params.items():  # checked in fit: __init__ only stores
            setattr(self, name, value)

    # --- parameters -------------------------------------------------------------------------

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters, ``module__<name>`` settings included."""
        params = super().get_params(deep=deep)
        params.update(self._module_params(prefixed=True))
        return params

    def set_params(self, **params: Any) -> NeuralNetClassifier:
        """Set parameters; ``module__<name>`` settings are accepted too.

        Like ``__init__``, this only stores values: ``fit`` checks them.
        """
        valid = BaseEstimator.get_params(self, deep=False)
        stored = {k: v for k, v in params.items() if k.startswith(_MODULE_PREFIX) or "__" not in k}
        stored = {k: v for k, v in stored.items() if k not in valid}
        for name, value in stored.items():
            setattr(self, name, value)
        return super().set_params(**{k: v for k, v in params.items() if k not in stored})

    def _module_params(self, *, prefixed: bool) -> dict[str, Any]:
        """The ``module__`` settings, with or without their prefix."""
        cut = 0 if prefixed else len(_MODULE_PREFIX)
        return {k[cut:]: v for k, v in vars(self).items() if k.startswith(_MODULE_PREFIX)}

    # --- building -----------------------------------------------------------------------------

    def initialize(self, n_features: int, classes: ArrayLike) -> NeuralNetClassifier:
        """Build the untrained network and optimizer exactly as ``fit`` does, and return self.

        A model saved as its ``module_.state_dict()`` is restored by calling this with the
        same parameters, then ``module_.load_state_dict(...)``.

        Parameters
        ----------
        n_features : int
            Number of input features.
        classes : array-like of shape (n_classes,)
            The class labels (at least two); they are sorted, as ``np.unique`` does.

        Returns
        -------
        self : NeuralNetClassifier
        """
        self._check_params()
        self.classes_ = _check_classes(classes)
        self.n_features_in_ = check_int("n_features", n_features)
        self.device_ = _resolve_device(self.device)
        self._seed = int(check_random_state(self.random_state).randint(np.iinfo(np.int32).max))
        self._generator = torch.Generator().manual_seed(self._seed)
        with local_torch_rng(self._seed):
            self.module_ = self._build_module(self.n_features_in_, self._n_outputs())
        self.optimizer_ = make_optimizer(
            self.optimizer,
            self.module_.parameters(),
            lr=self.lr,
            weight_decay=self.weight_decay,
            momentum=self.momentum,
            device=self.device_,
        )
        self.history_, self.n_epochs_ = History(), 0
        self.best_epoch_: int | None = None
        return self

    def _n_outputs(self) -> int:
        """One logit for two classes, K logits for K classes."""
        return 1 if len(self.classes_) == 2 else len(self.classes_)

    def _build_module(self, n_features: int, n_outputs: int) -> torch.nn.Module:
        """The built-in MLP, or the custom ``module`` called with its ``module__`` settings."""
        module: torch.nn.Module
        if self.module is None:
            module = MLP(
                n_features,
                self.hidden_layer_sizes,
                n_outputs,
                self.activation,
                self.dropout,
                generator=self._generator,
            )
        else:
            module = self.module(n_features, n_outputs, **self._module_params(prefixed=False))
            if not isinstance(module, torch.nn.Module):
                raise TypeError(f"`module` must build a torch.nn.Module. Got {module!r} instead.")
        module = module.to(self.device_)
        _move_dropout_generators(module, self.device_, self._seed)
        return module

    def check_params(self) -> None:
        """Check the hyperparameters as ``fit`` does, without fitting.

        Raises
        ------
        ValueError or TypeError
            Naming the parameter, the rule and the value.
        """
        self._check_params()

    def _check_params(self) -> None:
        """Check every hyperparameter; errors name the parameter, the rule and the value."""
        check_option("activation", self.activation, ACTIVATIONS)
        check_in_range("dropout", self.dropout, 0.0, 1.0, closed="left")
        resolve_optimizer(self.optimizer)
        check_in_range("lr", self.lr, 0.0, closed="neither")
        check_in_range("weight_decay", self.weight_decay, 0.0)
        check_in_range("momentum", self.momentum, 0.0, 1.0)
        check_int("batch_size", self.batch_size)
        check_int("epochs", self.epochs)
        check_in_range("validation_fraction", self.validation_fraction, 0.0, 1.0, closed="neither")
        check_int("patience", self.patience)
        check_in_range("tol", self.tol, 0.0)
        check_class_weight(self.class_weight)
        check_in_range("threshold", self.threshold, 0.0, 1.0)
        _check_callbacks(self.callbacks)
        check_option("step", self.step, STEP_KINDS)
        _check_extra_params(self)
        _check_module(self.module, self._module_params(prefixed=True))

    # --- fitting -----------------------------------------------------------------------------

    def fit(
        self, X: Rows, y: ArrayLike | None = None, sample_weight: ArrayLike | None = None
    ) -> NeuralNetClassifier:
        """Train the network on ``X`` (n_samples, n_features) and labels ``y`` (n_samples,).

        Parameters
        ----------
        X : array-like, DataFrame or Scan of shape (n_samples, n_features)
            A :class:`~logitnet.streaming.Scan` (from :func:`logitnet.scan`) is streamed: each
            epoch reads its chunks in a seeded random order through a bounded shuffle buffer,
            and early stopping holds out a seeded part of its rows. Inside a process group of
            several processes (torchrun), each rank streams its own share of the rows
            (:meth:`Scan.shard`) and trains through DistributedDataParallel.
        y : array-like of shape (n_samples,)
            None for a Scan, which holds its labels (and weights).
        sample_weight : array-like of shape (n_samples,), optional
            Weights of the rows in the loss.

        Returns
        -------
        self : NeuralNetClassifier
        """
        if is_scan(X):
            from logitnet.nn._streamed import fit_scan

            return fit_scan(self, X, y, sample_weight)
        warm = self.warm_start and self.__sklearn_is_fitted__()
        X, y = validate_X_y(self, X, y, reset=not warm, dtype=_DTYPES)
        classes, y_index = check_targets(y)
        if warm:
            y_index = self._encode(y)
        else:
            self.initialize(X.shape[1], classes)
        weight = self._sample_weight(X, y_index, sample_weight)
        self._train(X, y_index, weight, self.epochs, validate=self.early_stopping)
        return self

    def partial_fit(
        self, X: ArrayLike, y: ArrayLike, classes: ArrayLike | None = None
    ) -> NeuralNetClassifier:
        """Train one epoch on ``X``, ``y``, starting from the current weights.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like, optional
            All the classes; needed on the first call when ``y`` does not hold them all.

        Returns
        -------
        self : NeuralNetClassifier
        """
        first = not self.__sklearn_is_fitted__()
        X, y = validate_X_y(self, X, y, reset=first, dtype=_DTYPES)
        if first:
            self.initialize(X.shape[1], np.unique(y) if classes is None else classes)
        y_index = self._encode(y)
        self._train(X, y_index, self._sample_weight(X, y_index, None), 1, validate=False)
        return self

    def _encode(self, y: np.ndarray) -> np.ndarray:
        """Class indices of ``y`` in ``classes_``; unseen labels are an error."""
        index = np.clip(np.searchsorted(self.classes_, y), 0, len(self.classes_) - 1)
        unseen = self.classes_[index] != y
        if np.any(unseen):
            raise ValueError(
                f"y contains labels not in classes_ {self.classes_.tolist()}: "
                f"{np.unique(np.asarray(y)[unseen]).tolist()}."
            )
        return index

    def _sample_weight(self, X: np.ndarray, y_index: np.ndarray, sample_weight: Any):
        """Row weights from ``sample_weight`` and ``class_weight``, or None when all are 1."""
        if sample_weight is None and self.class_weight is None:
            return None
        weight = _check_sample_weight(sample_weight, X, dtype=np.float64, ensure_non_negative=True)
        if check_class_weight(self.class_weight, self.classes_) is not None:
            labels = self.classes_[y_index]
            per_class = compute_class_weight(self.class_weight, classes=self.classes_, y=labels)
            weight = weight * per_class[y_index]
        return None if np.all(weight == 1.0) else weight

    def _train(
        self,
        X: np.ndarray,
        y_index: np.ndarray,
        weight: np.ndarray | None,
        epochs: int,
        *,
        validate: bool,
    ) -> None:
        """Convert the data once, then run the epochs of the training loop with the callbacks."""
        data = self._tensors(X, y_index, weight)
        train, valid = self._split(data, y_index) if validate else (data, None)
        batches = InMemoryBatches(
            train,
            batch_size=min(self.batch_size, len(train[0])),
            shuffle=self.shuffle,
            generator=self._generator,
        )
        self._run_epochs(batches, None if valid is None else [valid], epochs)

    def _run_epochs(self, batches: Batches, valid: Iterable[Any] | None, epochs: int) -> None:
        """The epochs of a fit in one process, in memory or streamed: early stopping on
        ``valid`` when there are held-out rows, the callbacks, the seeded random numbers."""
        stopper = self._stopper() if valid is not None else None
        callbacks = [*([stopper] if stopper else []), *(self.callbacks or [])]
        callbacks += verbose_callbacks(self.verbose)
        with local_torch_rng(self._seed + len(self.history_)):
            train_on_batches(
                self.module_,
                self._loss(),
                self.optimizer_,
                batches,
                epochs=epochs,
                history=self.history_,
                valid=valid,
                callbacks=callbacks,
                step=self.step,
            )
        self.n_epochs_ = len(self.history_)
        self.best_epoch_ = stopper.best_epoch_ if stopper else None

    def _tensors(
        self, X: np.ndarray, y_index: np.ndarray, weight: np.ndarray | None
    ) -> tuple[torch.Tensor, ...]:
        """X as float32, y as float32 (binary) or int64, and the weights, on the device."""
        y_dtype = torch.float32 if self._n_outputs() == 1 else torch.int64
        tensors = [torch.tensor(X, dtype=torch.float32), torch.tensor(y_index, dtype=y_dtype)]
        if weight is not None:
            tensors.append(torch.tensor(weight, dtype=torch.float32))
        return tuple(t.to(self.device_) for t in tensors)

    def _split(
        self, data: tuple[torch.Tensor, ...], y_index: np.ndarray
    ) -> tuple[tuple[torch.Tensor, ...], tuple[torch.Tensor, ...]]:
        """A stratified, shuffled split into training and validation tensors."""
        rows = np.arange(len(y_index))
        train_rows, valid_rows = train_test_split(
            rows,
            test_size=self.validation_fraction,
            stratify=y_index,
            random_state=self._seed % (2**32),
        )
        pick = partial(_take, data)
        return pick(train_rows, self.device_), pick(valid_rows, self.device_)

    def _stopper(self) -> EarlyStopping:
        """The early-stopping callback of the ``patience`` and ``tol`` parameters."""
        return EarlyStopping("valid_loss", patience=self.patience, min_delta=self.tol)

    def _loss(self) -> Callable[..., torch.Tensor]:
        """BCE on one logit, cross-entropy on several."""
        return binary_log_loss if self._n_outputs() == 1 else multiclass_log_loss

    # --- predicting --------------------------------------------------------------------------

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "module_") and hasattr(self, "classes_")

    def _logits(self, X: Any) -> np.ndarray:
        """The network's outputs for ``X``, float64 of shape (n_samples, n_outputs)."""
        check_fitted(self, "module_")
        if is_scan(X):
            return stacked(self._forward, for_model(self, X))
        return self._forward(validate_X(self, X, reset=False, dtype=_DTYPES))

    def _forward(self, X: np.ndarray) -> np.ndarray:
        """The network's outputs for a validated matrix, batch by batch."""
        self.module_.eval()
        with torch.inference_mode():
            parts = [self.module_(_chunk_tensor(chunk, self.device_)) for chunk in _chunks(X)]
        return torch.cat(parts).to(torch.float64).cpu().numpy()

    def decision_function(self, X: Rows) -> np.ndarray:
        """Logits: shape (n_samples,) for two classes, (n_samples, n_classes) otherwise."""
        logits = self._logits(X)
        return logits[:, 0] if logits.shape[1] == 1 else logits

    def predict_proba(self, X: Rows) -> np.ndarray:
        """Class probabilities, shape (n_samples, n_classes), by sigmoid or softmax."""
        logits = self._logits(X)
        if logits.shape[1] == 1:
            p = expit(logits[:, 0])
            return np.column_stack([1.0 - p, p])
        return softmax(logits, axis=1)

    def predict(self, X: Rows) -> np.ndarray:
        """The class of each row, as one of the original labels in ``classes_``: for two
        classes the second where its probability is above ``threshold``, else the most probable.
        """
        return self._labels(self._logits(X))

    def score(
        self, X: Rows, y: ArrayLike | None = None, sample_weight: ArrayLike | None = None
    ) -> float:
        """Mean accuracy on ``X, y`` (weighted by ``sample_weight``); a Scan is read in batches."""
        if is_scan(X):
            check_fitted(self, "module_")
            scan = for_model(self, X)
            return streamed_accuracy(self, lambda A: self._labels(self._forward(A)), scan)
        return super().score(X, y, sample_weight=sample_weight)

    def _labels(self, logits: np.ndarray) -> np.ndarray:
        """Class labels from the network's outputs."""
        if logits.shape[1] == 1:
            cut = logit(check_in_range("threshold", self.threshold, 0.0, 1.0))  # 0 for 0.5
            return self.classes_[(logits[:, 0] > cut).astype(np.intp)]
        return self.classes_[np.argmax(logits, axis=1)]


# --- helpers ---------------------------------------------------------------------------------


def _chunks(X: np.ndarray) -> Iterator[np.ndarray]:
    """Consecutive row blocks of ``X`` of at most ``PREDICT_ROWS`` rows."""
    for start in range(0, len(X), PREDICT_ROWS):
        yield X[start : start + PREDICT_ROWS]


def _chunk_tensor(chunk: np.ndarray, device: torch.device) -> torch.Tensor:
    """A float32 copy of ``chunk`` on ``device``."""
    return torch.tensor(chunk, dtype=torch.float32, device=device)


def _take(data: tuple[torch.Tensor, ...], rows: np.ndarray, device: torch.device):
    """The given rows of every tensor."""
    index = torch.as_tensor(rows, device=device)
    return tuple(t.index_select(0, index) for t in data)


def _move_dropout_generators(module: torch.nn.Module, device: torch.device, seed: int) -> None:
    """Give the built-in dropout layers a generator on the module's device (CUDA needs its own)."""
    if device.type == "cpu":
        return
    generator = torch.Generator(device=device).manual_seed(seed)
    for layer in module.modules():
        if isinstance(layer, GeneratorDropout):
            layer.generator = generator


def _resolve_device(device: Any) -> torch.device:
    """``"auto"`` is CUDA when present, else the CPU; other values must name a usable device."""
    if isinstance(device, str) and device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        resolved = torch.device(device)
    except (RuntimeError, TypeError) as exc:
        raise ValueError(
            f"`device` must be 'auto', 'cpu', 'cuda' or 'cuda:<index>'. Got {device!r} instead."
        ) from exc
    if resolved.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"`device` is {device!r}, but CUDA is not available here; use 'auto'.")
    return resolved


def _check_classes(classes: Any) -> np.ndarray:
    """Sorted unique labels, at least two."""
    classes = np.unique(np.asarray(classes))
    if len(classes) < 2:
        raise ValueError(f"`classes` must hold at least 2 labels. Got {classes.tolist()!r}.")
    return classes


def _check_callbacks(callbacks: Any) -> None:
    """None or a list of Callback objects."""
    if callbacks is None:
        return
    if not isinstance(callbacks, list | tuple) or not all(
        isinstance(cb, Callback) for cb in callbacks
    ):
        raise TypeError(f"`callbacks` must be a list of Callback objects. Got {callbacks!r}.")


def _check_module(module: Any, module_params: dict[str, Any]) -> None:
    """A callable module factory; ``module__`` settings only with a custom module."""
    if module is not None and not callable(module):
        raise TypeError(f"`module` must be an nn.Module class or factory. Got {module!r}.")
    if module is None and module_params:
        names = ", ".join(sorted(module_params))
        raise ValueError(
            f"{names} given, but `module` is None; the built-in MLP is configured through "
            "hidden_layer_sizes, activation and dropout."
        )


def _check_extra_params(estimator: NeuralNetClassifier) -> None:
    """Extra keyword arguments must be ``module__<name>``; others get "did you mean"."""
    valid = list(BaseEstimator.get_params(estimator, deep=False))
    for name in vars(estimator):
        if name in valid or name.startswith("_") or name.endswith("_"):
            continue
        if not name.startswith(_MODULE_PREFIX):
            raise TypeError(
                f"NeuralNetClassifier got an unexpected keyword argument {name!r}; only "
                f"'module__<name>' settings are accepted besides its parameters."
                f"{suggest(name, valid)}"
            )
