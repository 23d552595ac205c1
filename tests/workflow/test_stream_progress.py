"""The pass bar: one task per pass, named by its phase and numbered from 1 in each phase."""

import io

from rich.console import Console

from logitnet.workflow._stream_progress import PassProgress


def test_each_phase_numbers_its_passes_from_one():
    console = Console(file=io.StringIO(), force_terminal=True, width=100)
    with PassProgress(console, "pass") as bar:
        names = []
        for phase, passes in (("statistics", 1), ("fit", 3), ("test", 1)):
            bar.phase(phase)
            for _ in range(passes):
                bar.begin(10)
                bar.advance(10)
                names.append(bar.bar.tasks[-1].description)
        assert len(bar.bar.tasks) == 1  # the last pass's only
    assert names == [
        "statistics: pass 1",
        "fit: pass 1",
        "fit: pass 2",
        "fit: pass 3",
        "test: pass 1",
    ]
