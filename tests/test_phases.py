"""Phase times: an inner phase counts for itself alone, and rank 0 writes them when asked."""

import json

from logitnet import _phases


class _Clock:
    """A clock that moves only when told to."""

    def __init__(self):
        self.now = 100.0

    def perf_counter(self):
        return self.now

    def time(self):
        return self.now + 1000.0


class _Bar:
    def __init__(self):
        self.names = []

    def phase(self, name):
        self.names.append(name)


def test_an_inner_phase_is_left_out_of_the_outer_one_and_named_on_the_bar(tmp_path, monkeypatch):
    clock, bar = _Clock(), _Bar()
    monkeypatch.setattr(_phases, "time", clock)
    _phases.begin()
    _phases.pass_begins()  # outside every phase: not counted
    with _phases.phase("write", bar):
        clock.now += 2.0
        with _phases.phase("report", bar):
            clock.now += 5.0
            _phases.pass_begins()
            _phases.rows_read(7)
        _phases.rows_read(3)
        clock.now += 1.0
    with _phases.phase("report"):
        clock.now += 0.5
    monkeypatch.setenv(_phases.PHASES_ENV, str(tmp_path / "phases.json"))
    _phases.end()
    found = json.loads((tmp_path / "phases.json").read_text())
    assert found == {
        "began": 1100.0,
        "write": 3.0,
        "report": 5.5,
        "ended": 1108.5,
        "reads": {"report": [1, 7], "write": [0, 3]},
    }
    assert bar.names == ["write", "report"]


def test_without_the_variable_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv(_phases.PHASES_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    _phases.begin()
    _phases.end()
    assert list(tmp_path.iterdir()) == []
