"""The process group's tests start real workers with the distributed tests' launcher."""

from ..distributed.conftest import (  # noqa: F401 - fixtures, found here by pytest
    _launch_worker_fixture,
    _make_table_fixture,
)
