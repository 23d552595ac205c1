"""Settings from the page: defaults, parsing and one clear error per bad value."""

from __future__ import annotations

import pytest

from logitnet.playground._settings import Settings, parse_hidden, parse_settings


def test_nothing_sent_gives_the_defaults():
    assert parse_settings({}) == Settings()


def test_text_from_the_url_is_parsed():
    settings = parse_settings(
        {
            "dataset": "blobs",
            "classes": "4",
            "noise": "0.25",
            "seed": "12",
            "test-fraction": "0.5",
            "model": "mlp",
            "hidden": " 16, 4 ",
            "activation": "tanh",
            "optimizer": "sgd",
            "lr": "0.1",
            "batch-size": "32",
            "l2": "0.001",
            "target": " kind ",
        }
    )
    assert settings == Settings(
        dataset="blobs",
        classes=4,
        noise=0.25,
        seed=12,
        test_fraction=0.5,
        model="mlp",
        hidden=(16, 4),
        activation="tanh",
        optimizer="sgd",
        lr=0.1,
        batch_size=32,
        l2=0.001,
        target="kind",
    )


def test_data_key_ignores_the_model_settings():
    a, b = Settings(lr=0.1), Settings(lr=0.2, model="logistic")
    assert a.data_key() == b.data_key()
    assert a.data_key() != Settings(seed=1).data_key()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"dataset": "mnist"}, r"dataset must be one of circles, .*upload; got 'mnist'"),
        ({"classes": "7"}, r"classes must be between 2 and 6; got '7'"),
        ({"classes": "2.5"}, r"classes must be a whole number; got '2.5'"),
        ({"noise": "lots"}, r"noise must be a number; got 'lots'"),
        ({"noise": "nan"}, r"noise must be between 0 and 1; got 'nan'"),
        ({"test-fraction": "1"}, r"test-fraction must be between 0.05 and 0.95; got '1'"),
        ({"model": "svm"}, r"model must be one of logistic, mlp; got 'svm'"),
        (
            {"activation": "gelu"},
            r"activation must be one of relu, tanh, sigmoid, linear; got 'gelu'",
        ),
        ({"optimizer": "adamw"}, r"optimizer must be one of adam, sgd; got 'adamw'"),
        ({"lr": "0"}, r"lr must be between 1e-06 and 10; got '0'"),
        ({"batch-size": "0"}, r"batch-size must be between 1 and 100000; got '0'"),
        ({"l2": "-1"}, r"l2 must be between 0 and 10; got '-1'"),
        ({"seed": "-3"}, r"seed must be between 0 and 2147483647; got '-3'"),
    ],
)
def test_a_bad_value_is_named_with_its_rule(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_settings(raw)


@pytest.mark.parametrize("text", ["", "8,,8", "8,x", "0", "8,8,8,8,8,8,8", "300", "-4"])
def test_bad_hidden_sizes_are_refused(text):
    with pytest.raises(ValueError, match=rf"hidden must .*got '{text}'"):
        parse_hidden(text)


def test_settings_must_be_an_object():
    with pytest.raises(TypeError, match=r"settings must be an object; got list"):
        parse_settings(["circles"])


def test_the_new_controls_are_parsed():
    settings = parse_settings(
        {
            "feature-x1": "0",
            "feature-x1sq": "1",
            "feature-sinx2": "true",
            "regularization": "l1",
            "regularization-rate": "0.02",
            "activation": "linear",
            "network-view": "0",
            "surface-gd-step": "2.5",
            "show-test": "0",
            "model-b-model": "logistic",
        }
    )
    assert settings == Settings(
        features=("x2", "x1sq", "sinx2"),
        l1=0.02,
        activation="linear",
        network_view=False,
        surface_step=2.5,
    )
    assert settings.regularization == "l1"
    assert settings.data_key() != Settings().data_key()  # other features: another problem


@pytest.mark.parametrize(
    ("raw", "l1", "l2"),
    [
        ({"regularization": "l2", "regularization-rate": "0.3"}, 0.0, 0.3),
        ({"regularization": "none", "regularization-rate": "0.3"}, 0.0, 0.0),
        ({"l2": "0.001"}, 0.0, 0.001),  # older URLs
        ({"l2": "0.001", "regularization": "l1", "regularization-rate": "0.5"}, 0.5, 0.0),
    ],
)
def test_regularization_and_the_older_l2(raw, l1, l2):
    settings = parse_settings(raw)
    assert (settings.l1, settings.l2) == (l1, l2)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"feature-x1": "0", "feature-x2": "0"}, r"switch on at least one input feature"),
        ({"feature-x1sq": "maybe"}, r"feature-x1sq must be 1 or 0; got 'maybe'"),
        ({"regularization": "l3"}, r"regularization must be one of none, l1, l2; got 'l3'"),
        ({"regularization-rate": "-1"}, r"regularization-rate must be between 0 and 10; got '-1'"),
    ],
)
def test_a_bad_new_value_is_named(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_settings(raw)
