"""What the workflow imports: nothing heavy up front, and never torch for logistic regression."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("sklearn", "torch", "pandas", "scipy", "pyarrow", "plotly")


def _run(code: str) -> object:
    """Run ``code`` in a fresh interpreter; it prints one JSON value."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_workflow_adds_no_heavy_import():
    code = (
        "import sys, json, logitnet, logitnet.exceptions; before = set(sys.modules); "
        "import logitnet.workflow, logitnet.history, logitnet._pipeline; "
        "print(json.dumps(sorted({m.split('.')[0] for m in set(sys.modules) - before})))"
    )
    assert set(_run(code)).isdisjoint(HEAVY)


def test_logistic_training_and_scoring_never_import_torch(tmp_path, items):
    items.to_csv(tmp_path / "items.csv", index=False)
    code = (
        "import sys, json; from logitnet import TrainConfig, run_training; "
        f"r = run_training(TrainConfig({str(tmp_path / 'items.csv')!r}, 'label', alpha=0.1)); "
        "print(json.dumps(['torch' in sys.modules, r.scores['n_samples']]))"
    )
    assert _run(code) == [False, 12]
