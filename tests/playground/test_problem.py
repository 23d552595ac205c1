"""Problems: the seeded split, the map's grid, and an upload's other features held fixed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from logitnet.exceptions import DataError
from logitnet.playground._datasets import make_dataset
from logitnet.playground._problem import GRID_SIZE, NEURON_GRID, make_problem
from logitnet.playground._settings import Settings
from logitnet.playground._upload import read_upload


def table(n: int = 80, seed: int = 0) -> pd.DataFrame:
    """Two numeric columns, a text feature, a name column and a text target."""
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.normal(loc=5, size=n)
    colour = rng.choice(["red", "green", "blue"], size=n)
    kind = np.where(x1 + (colour == "red") > 0, "yes", "no")
    names = [f"p{i}" for i in range(n)]
    return pd.DataFrame({"name": names, "x1": x1, "x2": x2, "colour": colour, "kind": kind})


def upload_of(frame: pd.DataFrame):
    return read_upload("t.csv", frame.to_csv(index=False).encode())


def test_a_built_in_set_is_split_as_scikit_learn_splits_it():
    settings = Settings(dataset="moons", seed=4, test_fraction=0.25)
    problem = make_problem(settings)
    X, y = make_dataset("moons", 3, 0.1, 4)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, random_state=4, stratify=y
    )
    np.testing.assert_array_equal(problem.X_train, X_train)
    np.testing.assert_array_equal(problem.y_test, y_test)
    assert problem.axes == ("x1", "x2")
    assert len(problem.points["train"]["x"]) == len(X_train)


def test_the_grid_covers_the_padded_range_of_the_data():
    problem = make_problem(Settings(dataset="circles"))
    x_min, x_max, y_min, y_max = problem.extent
    X = np.vstack([problem.X_train, problem.X_test])
    span = X.max(axis=0) - X.min(axis=0)
    np.testing.assert_allclose([x_min, y_min], X.min(axis=0) - 0.1 * span)
    np.testing.assert_allclose([x_max, y_max], X.max(axis=0) + 0.1 * span)
    assert problem.grid_inputs.shape == (GRID_SIZE * GRID_SIZE, 2)
    np.testing.assert_allclose(problem.grid_inputs[0], [x_min, y_min])
    np.testing.assert_allclose(problem.grid_inputs[GRID_SIZE - 1], [x_max, y_min])
    np.testing.assert_allclose(problem.grid_inputs[-1], [x_max, y_max])


def test_an_upload_trains_on_every_usable_feature_and_maps_two():
    frame = table()
    settings = Settings(dataset="upload", target="kind", feature_x="x2", feature_y="x1")
    problem = make_problem(settings, upload_of(frame))
    assert problem.classes.tolist() == ["no", "yes"]
    assert problem.axes == ("x2", "x1")
    assert problem.X_train.shape[1] == 2 + 3  # x1, x2 scaled; colour one-hot; name left out
    preprocess = problem.raw["preprocess"]
    X_train = problem.raw["X_train"]
    x_min, x_max, y_min, y_max = problem.extent
    first = preprocess.transform(
        pd.DataFrame({"x1": [y_min], "x2": [x_min], "colour": [X_train["colour"].mode()[0]]})
    )
    np.testing.assert_allclose(problem.grid_inputs[0], first[0])


def test_the_map_holds_other_numeric_features_at_their_median():
    frame = table()
    frame["x3"] = np.arange(len(frame), dtype=float)
    settings = Settings(dataset="upload", target="kind", feature_x="x1", feature_y="x2")
    problem = make_problem(settings, upload_of(frame))
    X_train = problem.raw["X_train"]
    scaler = problem.raw["preprocess"].named_transformers_["numeric"].named_steps["scale"]
    column = list(scaler.feature_names_in_).index("x3")
    held = problem.grid_inputs[:, column] * scaler.scale_[column] + scaler.mean_[column]
    np.testing.assert_allclose(held, X_train["x3"].median())


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            Settings(dataset="upload", target="kind", feature_x="x1", feature_y="x1"),
            r"feature-x and feature-y must differ; both are 'x1'",
        ),
        (
            Settings(dataset="upload", target="kind", feature_x="colour", feature_y="x1"),
            r"feature-x must be a numeric feature column \(x1, x2\); got 'colour'",
        ),
        (
            Settings(dataset="upload", target="x1", feature_x="x1", feature_y="x2"),
            r"feature-x must be a numeric feature column \(x2\); got 'x1'",
        ),
        (
            Settings(dataset="upload", target="nope", feature_x="x1", feature_y="x2"),
            r"target must be a column of 't.csv'; got 'nope'",
        ),
    ],
)
def test_bad_pickers_are_named(settings, message):
    with pytest.raises(DataError, match=message):
        make_problem(settings, upload_of(table()))


def test_a_target_with_one_class_is_refused():
    frame = table().assign(kind="yes")
    settings = Settings(dataset="upload", target="kind", feature_x="x1", feature_y="x2")
    with pytest.raises(DataError, match=r"the target 'kind' has a single class \('yes'\)"):
        make_problem(settings, upload_of(frame))


def test_a_target_with_too_many_classes_is_refused():
    frame = table()
    settings = Settings(dataset="upload", target="name", feature_x="x1", feature_y="x2")
    with pytest.raises(DataError, match=r"the target 'name' has 80 classes; .* at most 10"):
        make_problem(settings, upload_of(frame))


def test_the_upload_data_set_needs_a_file():
    with pytest.raises(DataError, match=r"upload a CSV or Parquet file first"):
        make_problem(Settings(dataset="upload"))


def test_an_uploads_units_are_drawn_over_the_two_mapped_features():
    settings = Settings(dataset="upload", target="kind", feature_x="x2", feature_y="x1")
    problem = make_problem(settings, upload_of(table()))
    assert problem.inputs == ("x1", "x2", "colour_blue", "colour_green", "colour_red")
    assert problem.neuron_inputs.shape == (NEURON_GRID * NEURON_GRID, 5)
    big = problem.grid_inputs.reshape(GRID_SIZE, GRID_SIZE, 5)
    small = problem.neuron_inputs.reshape(NEURON_GRID, NEURON_GRID, 5)
    np.testing.assert_allclose(small[0, 0], big[0, 0])  # the same plane, corner to corner
    np.testing.assert_allclose(small[-1, -1], big[-1, -1])
    np.testing.assert_array_equal(small[:, :, 2:], big[0, 0, 2:] + 0 * small[:, :, 2:])  # held
    assert problem.describe()["equal_axes"] is False


def test_features_expand_the_inputs_but_the_points_stay_x1_x2():
    problem = make_problem(Settings(dataset="circles", features=("x1sq", "x2sq", "x1x2")))
    X_train = problem.raw["X_train"]
    np.testing.assert_array_equal(
        problem.X_train,
        np.column_stack([X_train[:, 0] ** 2, X_train[:, 1] ** 2, X_train[:, 0] * X_train[:, 1]]),
    )
    assert problem.points["train"]["x"] == np.round(X_train[:, 0], 6).tolist()
    assert problem.describe()["inputs"] == ["x1sq", "x2sq", "x1x2"]
