"""The lecture's logistic regression, step by step, with logitnet's public API.

Usage (from the repository root)::

    .venv/bin/python examples/lecture_logistic.py [path/to/pokemon.csv]

The path defaults to ``../shared/data/pokemon.csv`` beside the repository.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.preprocessing import StandardScaler

import logitnet as ln

DEFAULT_CSV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "pokemon.csv"


def balanced_sample(path: Path):
    """Step 1: 70 legendary Pokemon and 70 others drawn with seed 123."""
    df = ln.load_pokemon(path, ["attack", "defense", "speed", "legendary"])
    sample = ln.balance_classes(df, "legendary", random_state=123)
    print(f"balanced sample: {len(sample)} rows; the first five:")
    print(sample.head(), end="\n\n")
    return sample


def one_feature(sample) -> None:
    """Steps 2-4: legendary from standardized defense, by hand, by minimize, by the estimator."""
    x = StandardScaler().fit_transform(sample[["defense"]])
    X, y = ln.add_intercept(x), sample["legendary"].to_numpy()
    hard = ln.predict_logistic(X, [-1, 3], output="hard")
    print(f"w = [-1, 3]: accuracy {ln.accuracy(y, hard)}")
    w = minimize(ln.log_loss, np.array([-1.0, 1.0]), jac=ln.log_loss_grad, args=(X, y)).x
    print(f"minimize(log_loss) from [-1, 1]: w = {np.round(w, 8)}")
    print(f"  accuracy {ln.accuracy(y, ln.predict_logistic(X, w, output='hard'))}")
    model = ln.LogisticRegression().fit(x, y)
    sk = SkLogisticRegression(C=np.inf).fit(x, y)
    print(f"logitnet.LogisticRegression: w0 {model.intercept_[0]:.4f}, w1 {model.coef_[0, 0]:.4f}")
    print(f"  score {model.score(x, y)} (scikit-learn: {sk.score(x, y)})", end="\n\n")


def three_features(sample) -> None:
    """Step 5: defense, attack and speed, with L-BFGS from zeros."""
    x = StandardScaler().fit_transform(sample[["defense", "attack", "speed"]])
    X, y = ln.add_intercept(x), sample["legendary"].to_numpy()
    w = minimize(ln.log_loss, np.zeros(4), jac=ln.log_loss_grad, args=(X, y), method="L-BFGS-B").x
    print(f"defense, attack, speed; L-BFGS from zeros: w = {np.round(w, 8)}")
    model = ln.LogisticRegression().fit(x, y)
    for n, coef in enumerate(np.r_[model.intercept_, model.coef_[0]]):
        print(f"  w{n}: {coef:.2f}")


def main(argv: list[str]) -> None:
    """Run the walk-through on the CSV named in ``argv`` (or the default one)."""
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_CSV
    try:
        sample = balanced_sample(path)
    except FileNotFoundError as exc:
        sys.exit(f"error: {exc}")
    one_feature(sample)
    three_features(sample)


if __name__ == "__main__":
    main(sys.argv)
