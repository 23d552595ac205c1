"""Models of every kind to export, trained once per session on the Pokemon table with gaps."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

FEATURES = ["attack", "defense", "sp_attack", "sp_defense", "speed", "capture_rt", "type", "gen"]

# name -> (target, TrainConfig settings)
KINDS = {
    "binary_logistic": ("legendary", {"impute": "median", "alpha": 0.01}),
    "multinomial_logistic": ("gen", {"impute": "mean", "alpha": 0.1}),
    "mlp_binary": (
        "legendary",
        {
            "model": "mlp",
            "hidden": (16, 8),
            "activation": "tanh",
            "dropout": 0.2,
            "epochs": 5,
            "impute": "median",
        },
    ),
    "mlp_multiclass": (
        "gen",
        {
            "model": "mlp",
            "hidden": (12,),
            "activation": "gelu",
            "epochs": 5,
            "impute": "most_frequent",
        },
    ),
    "tuned_threshold": ("legendary", {"tune_threshold": "f1", "impute": "median"}),
    "calibrated_tuned": (
        "legendary",
        {"calibrate": "sigmoid", "tune_threshold": "f1", "impute": "median", "alpha": 0.01},
    ),
    "calibrated_mlp_multiclass": (
        "gen",
        {"model": "mlp", "hidden": (8,), "epochs": 3, "calibrate": "sigmoid", "impute": "median"},
    ),
}


def pokemon_with_gaps(path: Path) -> pd.DataFrame:
    """The Pokemon table with a missing value in every 7th attack and every 11th type."""
    df = pd.read_csv(path)
    df.loc[df.index % 7 == 3, "attack"] = np.nan
    df.loc[df.index % 11 == 5, "type"] = None
    return df


@pytest.fixture(scope="session")
def gaps_csv(pokemon_path, tmp_path_factory) -> Path:
    """The Pokemon table with gaps, as a CSV file."""
    path = tmp_path_factory.mktemp("data") / "pokemon_gaps.csv"
    pokemon_with_gaps(pokemon_path).to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def trained(gaps_csv, tmp_path_factory):
    """``trained(kind)``: the model file of one of KINDS, trained on first use."""
    from logitnet import TrainConfig, run_training

    cache: dict[str, Path] = {}

    def get(kind: str) -> Path:
        if kind not in cache:
            target, settings = KINDS[kind]
            out = tmp_path_factory.mktemp("models") / kind
            features = [f for f in FEATURES if f != target]
            run_training(TrainConfig(gaps_csv, target, features=features, out=out, **settings))
            cache[kind] = out / "model.safetensors"
        return cache[kind]

    return get


def onnx_feeds(df: pd.DataFrame, kinds: dict[str, str]) -> dict[str, np.ndarray]:
    """onnxruntime's inputs: (N, 1) float64 numbers, (N, 1) strings with "" for missing."""
    return {
        name: df[[name]].to_numpy(np.float64)
        if kind == "number"
        else df[[name]].astype(object).where(df[[name]].notna(), "").astype(str).to_numpy()
        for name, kind in kinds.items()
    }


@pytest.fixture(scope="session")
def feeds():
    """The function that turns a table into onnxruntime inputs."""
    return onnx_feeds
