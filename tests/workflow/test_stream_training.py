"""Training on a stream: every pass is told to the pass bar, under the name of its phase."""

from __future__ import annotations

from logitnet import LogisticRegression
from logitnet.streaming import scan
from logitnet.workflow._stream_training import train_on_scan

from ..streaming.conftest import write_parquet


class _Bar:
    """A pass bar that writes down what it is told."""

    def __init__(self):
        self.told = []

    def phase(self, name):
        self.told.append(name)

    def begin(self, rows):
        self.told.append(rows)

    def advance(self, rows):
        pass


def test_each_pass_is_named_by_its_phase_on_the_pass_bar(tmp_path, frame):
    data = scan(write_parquet(frame, tmp_path / "t.parquet"), target="flag", features=["p", "q"])
    bar = _Bar()
    trained = train_on_scan(data.with_progress(bar), LogisticRegression(), seed=1)
    fit = bar.told.index("fit")
    assert bar.told[:2] == ["statistics", 1200]  # one pass over every row group
    passes = bar.told[fit + 1 : bar.told.index("test")]
    # one pass per Newton evaluation (at least one per iteration), each over every row group
    assert passes == [1200] * len(passes) and len(passes) >= trained.pipeline[-1].n_iter_
    assert bar.told[-2:] == ["test", 1200]
