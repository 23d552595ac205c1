"""The network view: the links are the model's own weights, the pictures its own activations."""

from __future__ import annotations

import base64

import numpy as np
import torch

from logitnet.playground._network import input_pictures
from logitnet.playground._problem import NEURON_GRID, make_problem
from logitnet.playground._run import Run
from logitnet.playground._settings import parse_settings


def unit(picture: dict, index: int) -> np.ndarray:
    """The bytes of one unit's picture."""
    raw = np.frombuffer(base64.b64decode(picture["p"]), dtype=np.uint8)
    cells = NEURON_GRID * NEURON_GRID
    return raw[index * cells : (index + 1) * cells]


def quantized(values: np.ndarray) -> np.ndarray:
    return np.rint(np.clip(values, 0.0, 1.0) * 255.0).astype(np.uint8)


def trained(raw: dict, epochs: int) -> Run:
    settings = parse_settings(raw)
    run = Run(make_problem(settings), settings)
    for _ in range(epochs):
        run.step()
    return run


def test_a_network_sends_its_weights_and_every_units_activations():
    run = trained(
        {"dataset": "moons", "hidden": "4,3", "activation": "tanh", "feature-x1x2": "1"}, 2
    )
    view = run.frame()["network"]
    linears = run.model.module_.linears
    assert view["weights"] == [layer.weight.tolist() for layer in linears]
    assert view["biases"] == [layer.bias.tolist() for layer in linears]
    assert [len(w) for w in view["weights"]] == [4, 3, 1]
    X = torch.as_tensor(run.problem.neuron_inputs, dtype=torch.float32)
    hidden = torch.tanh(linears[0](X)).detach().double().numpy()
    first = view["pictures"][0]
    for j in range(4):
        scale = np.abs(hidden[:, j]).max()
        assert first["scale"][j] == scale
        np.testing.assert_array_equal(unit(first, j), quantized((hidden[:, j] / scale + 1) / 2))
    output = view["pictures"][2]
    proba = run.model.predict_proba(run.problem.neuron_inputs)[:, 1]
    assert output["kind"] == "proba"
    np.testing.assert_array_equal(unit(output, 0), quantized(proba))


def test_logistic_regression_is_its_single_output_unit():
    run = trained({"dataset": "circles", "model": "logistic", "feature-x1sq": "1"}, 1)
    view = run.frame()["network"]
    assert view["weights"] == [run.model.coef_.tolist()]
    assert np.shape(view["weights"]) == (1, 1, 3)  # one layer, one unit, three inputs
    assert view["biases"] == [np.atleast_1d(run.model.intercept_).tolist()]


def test_before_the_first_epoch_logistic_weights_are_zero_and_several_classes_several_units():
    settings = parse_settings({"dataset": "blobs", "classes": "4", "model": "logistic"})
    run = Run(make_problem(settings), settings)
    view = run.frame()["network"]
    assert view["weights"] == [[[0.0, 0.0]] * 4]
    assert set(unit(view["pictures"][0], 3)) == {64}  # a quarter each: round(255 / 4)


def test_the_inputs_are_drawn_as_their_values_over_the_plane():
    problem = make_problem(parse_settings({"feature-x1": "0", "feature-sinx2": "1"}))
    pictures = input_pictures(problem.neuron_inputs)
    sin_x2 = problem.neuron_inputs[:, 1]
    assert problem.inputs == ("x2", "sinx2")
    np.testing.assert_allclose(sin_x2, np.sin(problem.neuron_inputs[:, 0]))
    scale = np.abs(sin_x2).max()
    np.testing.assert_array_equal(unit(pictures, 1), quantized((sin_x2 / scale + 1) / 2))


def test_the_view_can_be_switched_off():
    run = trained({"dataset": "moons", "network-view": "0"}, 1)
    assert "network" not in run.frame()
