"""The DDP fits' tests start real workers with the distributed tests' launcher."""

from ..distributed.conftest import (  # noqa: F401 - fixtures, found here by pytest
    _final_model_fixture,
    _launch_worker_fixture,
    _make_table_fixture,
    _run_fixture,
    _run_train_fixture,
)
