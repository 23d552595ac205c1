"""Tests for logitnet.preprocessing: column plans, missing values, and the column transformer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from logitnet.exceptions import DataError
from logitnet.preprocessing import (
    as_text,
    check_missing,
    count_missing,
    make_pipeline,
    make_preprocessor,
    plan_columns,
    prepare_table,
    reference_levels,
    select_columns,
)

TABLE = pd.DataFrame(
    {
        "id": [10, 11, 12, 13, 14, 15],
        "name": ["a", "b", "c", "d", "e", "f"],
        "size": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        "count": [1, 1, 2, 2, 3, 3],
        "colour": ["red", "blue", "red", "blue", "green", "red"],
        "flag": [True, False, True, False, True, True],
        "kind": ["cat", "dog", "cat", "dog", "dog", "cat"],
    }
)


def test_plan_sorts_columns_and_leaves_out_identifiers():
    plan = plan_columns(TABLE.drop(columns="kind"))
    assert plan.numeric == ["size", "count"]
    assert plan.categorical == ["colour", "flag"]
    assert list(plan.excluded) == ["id", "name"]
    assert plan.notes[0] == (
        "column 'id' left out: it has a different value in (nearly) every row, like a name or an id"
    )


def test_plan_counts_a_nearly_unique_name_column_as_an_identifier():
    names = [f"n{i}" for i in range(199)] + ["n0"]
    assert list(plan_columns(pd.DataFrame({"name": names})).excluded) == ["name"]
    three_repeats = names[:-3] + ["n0", "n1", "n2"]
    assert plan_columns(pd.DataFrame({"name": three_repeats})).categorical == ["name"]


def test_plan_keeps_a_nearly_unique_integer_feature():
    values = list(range(199)) + [0]
    plan = plan_columns(pd.DataFrame({"income": values}))
    assert plan.numeric == ["income"] and not plan.excluded
    assert list(plan_columns(pd.DataFrame({"deck_no": range(200)})).excluded) == ["deck_no"]


def test_plan_keeps_a_float_column_with_distinct_values():
    plan = plan_columns(pd.DataFrame({"x": [0.1, 0.2, 0.3]}))
    assert plan.numeric == ["x"] and not plan.excluded


def test_plan_leaves_out_unsupported_types_with_the_reason():
    dates = pd.DataFrame({"when": pd.to_datetime(["2024-01-01"] * 3), "x": [1, 2, 2]})
    plan = plan_columns(dates)
    assert plan.numeric == ["x"]
    assert plan.excluded["when"].startswith("its type datetime64")


def test_check_missing_names_columns_and_counts():
    df = pd.DataFrame({"a": [1.0, None, None], "b": ["x", None, "y"], "c": [1, 2, 3]})
    assert count_missing(df) == {"a": 2, "b": 1}
    with pytest.raises(DataError, match=r"3 missing values in 2 columns: 'a' \(2\), 'b' \(1\)"):
        check_missing(df)
    check_missing(df, ["c"])


def test_select_columns_suggests_the_closest_name():
    with pytest.raises(DataError, match=r"has no column 'colour2'\. Did you mean 'colour'\?"):
        select_columns(TABLE, ["size", "colour2"])


def test_prepare_table_with_a_string_target():
    table = prepare_table(TABLE, "kind")
    assert list(table.X.columns) == ["size", "count", "colour", "flag"]
    assert table.y.tolist() == TABLE["kind"].tolist()
    assert len(table.notes) == 2


def test_prepare_table_explicit_features_keep_identifiers():
    table = prepare_table(TABLE, "kind", features=["name", "size"])
    assert table.plan.features == ["size", "name"] and not table.notes


def test_prepare_table_drop_option():
    table = prepare_table(TABLE, "kind", drop=["colour", "flag"])
    assert list(table.X.columns) == ["size", "count"]


def test_prepare_table_missing_values_are_an_error_by_default():
    df = TABLE.assign(size=[1.0, None, 3.0, None, 5.0, 6.0])
    with pytest.raises(DataError, match=r"2 missing values in 1 column: 'size' \(2\)\. Drop"):
        prepare_table(df, "kind")


def test_prepare_table_dropna_drops_rows_and_says_so():
    df = TABLE.assign(size=[1.0, None, 3.0, 4.0, 5.0, 6.0], kind=[*"ccdd", None, "d"])
    table = prepare_table(df, "kind", dropna=True)
    assert len(table.X) == 4
    assert "dropped 2 rows with missing values" in table.notes


def test_prepare_table_impute_keeps_feature_rows_but_drops_missing_targets():
    df = TABLE.assign(size=[1.0, None, 3.0, 4.0, 5.0, 6.0], kind=[*"ccdd", None, "d"])
    table = prepare_table(df, "kind", impute="median")
    assert len(table.X) == 5 and table.X["size"].isna().sum() == 1


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"target": "nope"}, DataError, r"no column 'nope'"),
        ({"target": "kind", "features": ["kind", "size"]}, DataError, r"cannot also be a feature"),
        ({"target": "kind", "impute": "mode"}, ValueError, r"`impute` must be one of 'mean'"),
    ],
)
def test_prepare_table_rejects_bad_requests(kwargs, error, match):
    with pytest.raises(error, match=match):
        prepare_table(TABLE, **kwargs)


def test_prepare_table_single_class_target():
    with pytest.raises(DataError, match=r"the target 'kind' has a single class \('cat'\)"):
        prepare_table(TABLE.assign(kind="cat"), "kind")


def test_prepare_table_nothing_left_to_train_on():
    with pytest.raises(DataError, match=r"no usable feature column: column 'name' left out"):
        prepare_table(TABLE[["name", "kind"]], "kind")


def test_preprocessor_matches_scikit_learn_transformers():
    X = TABLE[["size", "count", "colour"]]
    got = make_preprocessor(["size", "count"], ["colour"]).fit_transform(X)
    scaled = StandardScaler().fit_transform(X[["size", "count"]])
    onehot = OneHotEncoder(sparse_output=False).fit_transform(X[["colour"]])
    np.testing.assert_array_equal(got, np.hstack([scaled, onehot]))


def test_preprocessor_ignores_unseen_categories_and_extra_columns():
    ct = make_preprocessor(["size"], ["colour"]).fit(TABLE)
    new = pd.DataFrame({"colour": ["purple", "red"], "other": [0, 0], "size": [3.5, 3.5]})
    np.testing.assert_array_equal(ct.transform(new)[:, 1:], [[0, 0, 0], [0, 0, 1]])
    assert list(ct.get_feature_names_out()) == [
        "size",
        "colour_blue",
        "colour_green",
        "colour_red",
    ]


def test_preprocessor_imputes_when_asked():
    X = pd.DataFrame({"x": [1.0, None, 3.0], "c": ["a", None, "a"]})
    got = make_preprocessor(["x"], ["c"], impute="mean").fit_transform(X)
    np.testing.assert_allclose(got[:, 0], [-1.224744871391589, 0.0, 1.224744871391589])
    np.testing.assert_array_equal(got[:, 1], [1.0, 1.0, 1.0])


def test_preprocessor_needs_a_column():
    with pytest.raises(DataError, match="no feature columns"):
        make_preprocessor([], [])


def test_as_text_encodes_booleans_like_their_text_and_keeps_missing():
    got = as_text(pd.DataFrame({"b": [True, None, False]}))
    assert got[0, 0] == "True" and got[2, 0] == "False"
    assert isinstance(got[1, 0], float) and np.isnan(got[1, 0])


def test_pipeline_fits_a_string_target():
    table = prepare_table(TABLE, "kind")
    pipe = make_pipeline(SkLogisticRegression(), table.plan).fit(table.X, table.y)
    assert [name for name, _ in pipe.steps] == ["preprocess", "model"]
    assert set(pipe.predict(table.X)) <= {"cat", "dog"}


def test_reference_levels_default_to_the_first_sorted_level_as_r():
    X = TABLE[["colour", "flag", "kind"]]
    assert reference_levels(X, ["colour", "flag", "kind"]) == {
        "colour": "blue",
        "flag": "False",
        "kind": "cat",
    }
    chosen = reference_levels(X, ["colour", "flag"], {"colour": "red", "flag": True})
    assert chosen == {"colour": "red", "flag": "True"}


def test_reference_coding_names_each_level_and_drops_the_reference():
    X = TABLE[["size", "colour"]]
    ct = make_preprocessor(["size"], ["colour"], reference={"colour": "green"}).fit(X)
    assert list(ct.get_feature_names_out()) == ["size", "colour[blue]", "colour[red]"]
    coded = ct.transform(pd.DataFrame({"size": [1.0] * 3, "colour": ["blue", "green", "red"]}))
    np.testing.assert_array_equal(coded[:, 1:], [[1, 0], [0, 0], [0, 1]])


def test_reference_coding_codes_an_unseen_level_as_the_reference_with_a_warning():
    ct = make_preprocessor(["size"], ["colour"], reference={"colour": "blue"}).fit(TABLE)
    with pytest.warns(UserWarning, match="unknown categories"):
        coded = ct.transform(pd.DataFrame({"size": [1.0], "colour": ["purple"]}))
    np.testing.assert_array_equal(coded[:, 1:], [[0, 0]])


@pytest.mark.parametrize(
    ("X", "chosen", "match"),
    [
        (
            TABLE,
            {"colour": "purple"},
            r"reference level 'purple' of column 'colour' is not "
            r"among its levels in the training rows: \['blue', 'green', 'red'\]",
        ),
        (
            TABLE.assign(colour="red"),
            None,
            r"column 'colour' has a single level \['red'\] in "
            r"the training rows",
        ),
        (
            TABLE,
            {"size": "1.0"},
            r"reference level given for 'size', which is not a text or "
            r"categorical feature column; those are: \['colour'\]",
        ),
    ],
)
def test_reference_levels_refuse_a_missing_level_or_a_single_level(X, chosen, match):
    with pytest.raises(DataError, match=match):
        reference_levels(X, ["colour"], chosen)


def test_reference_coding_needs_a_level_for_every_text_column():
    with pytest.raises(ValueError, match=r"no\s+level|none for \['kind'\]"):
        make_preprocessor(["size"], ["colour", "kind"], reference={"colour": "red"})
