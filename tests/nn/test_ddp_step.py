"""DDP's step: the hand-written pass under DDP gives autograd's weights (real gloo groups)."""

import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from logitnet.nn import Callback, NeuralNetClassifier
from logitnet.nn._ddp_step import LossModule, ddp_module, ddp_step, group_step
from logitnet.nn._losses import match_output

sys.path.insert(0, str(Path(__file__).parent))
import _ddp_worker

WORKER = Path(__file__).with_name("_ddp_worker.py")


@pytest.fixture
def group_of_one(tmp_path):
    """A real gloo process group of one process (this one), left after the test."""
    import torch.distributed as dist

    store = dist.FileStore(str(tmp_path / "store"), 1)
    dist.init_process_group("gloo", store=store, rank=0, world_size=1)
    yield
    dist.destroy_process_group()


def _two_processes(run_python, folder: Path, n_classes: int, weighted: bool, opt: str) -> dict:
    """The weights rank 0 of 2 launched workers has after the DDP steps, by step kind."""
    from safetensors.torch import load_file

    code = "import sys; from logitnet.distributed._launch import launch; launch(sys.argv[1:], 2)"
    args = [str(WORKER), str(folder), str(n_classes), str(int(weighted)), opt]
    done = run_python(["-c", code, *args])
    assert done.returncode == 0, done.stderr
    return {step: load_file(folder / f"{step}.safetensors") for step in ("fast", "autograd")}


def _one_process_on_both_shares(n_classes: int, weighted: bool, opt: str) -> dict:
    """Autograd steps without DDP on each step's rows of both ranks together."""
    model = _ddp_worker.network("autograd", n_classes, opt)
    loss_fn, optimizer = model._loss(), model.optimizer_
    shares = [_ddp_worker.batches(r, n_classes, weighted) for r in (0, 1)]
    for parts in zip(*shares, strict=True):
        X, y, *w = (torch.cat(t) for t in zip(*parts, strict=True))
        optimizer.zero_grad()
        loss_fn(match_output(model.module_(X), y), y, *w).backward()
        optimizer.step()
    return model.module_.state_dict()


@pytest.mark.distributed
@pytest.mark.parametrize(("n_classes", "weighted", "opt"), [(2, False, "sgd"), (3, True, "adam")])
def test_two_processes_take_the_steps_of_one_process_on_both_shares(
    tmp_path, run_python, n_classes, weighted, opt
):
    expected = _one_process_on_both_shares(n_classes, weighted, opt)
    for found in _two_processes(run_python, tmp_path, n_classes, weighted, opt).values():
        assert found.keys() == expected.keys()
        for name, value in expected.items():
            torch.testing.assert_close(found[name], value, rtol=0, atol=1e-6, msg=name)


@pytest.mark.parametrize("opt", ["sgd", "adam"])
def test_the_fast_and_autograd_steps_agree_in_a_group_of_one(group_of_one, opt):
    batches = _ddp_worker.batches(0, 3, weighted=True)
    found = {}
    for kind in ("fast", "autograd"):
        model = _ddp_worker.network(kind, 3, opt)
        ddp = ddp_module(model)
        assert (ddp.module.fast is None) == (kind == "autograd")
        step = ddp_step(ddp, model.optimizer_)
        losses = [float(step(*batch)) for batch in batches]
        found[kind] = losses, model.module_.state_dict()
    assert found["fast"][0] == pytest.approx(found["autograd"][0], abs=1e-6)
    for name, value in found["autograd"][1].items():
        torch.testing.assert_close(found["fast"][1][name], value, rtol=0, atol=1e-6, msg=name)


@pytest.mark.parametrize("kind", ["fast", "autograd"])
def test_a_group_of_one_takes_the_single_process_step_and_the_same_updates(group_of_one, kind):
    from logitnet.nn._fast_step import FastMLPStep

    batches = _ddp_worker.batches(0, 3, weighted=True)
    through_ddp, alone = (_ddp_worker.network(kind, 3, "adam") for _ in range(2))
    ddp = ddp_step(ddp_module(through_ddp), through_ddp.optimizer_)
    step = group_step(alone)
    if kind == "fast":
        assert isinstance(step, FastMLPStep)
    else:
        assert step.__qualname__ == "autograd_step.<locals>.step"
    for batch in batches:
        assert float(step(*batch)) == pytest.approx(float(ddp(*batch)), abs=1e-6)
    for name, value in through_ddp.module_.state_dict().items():
        torch.testing.assert_close(
            alone.module_.state_dict()[name], value, rtol=0, atol=1e-6, msg=name
        )


def test_auto_takes_autograd_where_the_fast_step_cannot_and_fast_refuses(group_of_one):
    model = NeuralNetClassifier((8,), dropout=0.5, random_state=0).initialize(5, [0, 1])
    assert ddp_module(model).module.fast is None
    model.set_params(step="fast")
    with pytest.raises(ValueError, match=r"step='fast' cannot be used: the MLP has dropout 0.5"):
        ddp_module(model)


def test_callbacks_see_the_gradients_before_each_update(group_of_one):
    from logitnet.nn._ddp import fit_ddp

    class Norms(Callback):
        def __init__(self):
            self.norms = []

        def on_grad_computed(self, ctx):
            self.norms.append(
                float(torch.cat([p.grad.ravel() for p in ctx.model.parameters()]).norm())
            )

    norms = Norms()
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(100, 5)), rng.integers(0, 2, size=100)
    model = NeuralNetClassifier((8,), batch_size=32, epochs=2, callbacks=[norms], verbose=False)
    fit_ddp(model, X, y, np.array([0, 1]))
    assert len(norms.norms) == 2 * 4 and all(n > 0 for n in norms.norms)


def test_the_loss_module_gives_the_loss_of_its_network():
    model = _ddp_worker.network("autograd", 2)
    X, y = _ddp_worker.batches(0, 2, weighted=False)[0]
    module = LossModule(model.module_, model._loss())
    expected = model._loss()(model.module_(X)[:, 0], y)
    assert float(module(X, y).detach()) == pytest.approx(float(expected.detach()), abs=1e-7)
