"""The one-machine rendezvous of ``launch``: a new store for each attempt, nothing to wait for."""

from __future__ import annotations

import datetime

import pytest
from torch.distributed import DistStoreError, TCPStore
from torch.distributed.elastic.rendezvous import RendezvousParameters, rendezvous_handler_registry

from logitnet.distributed import _rendezvous


def _handler() -> _rendezvous.LocalRendezvous:
    _rendezvous.register()
    _rendezvous.register()  # again: a no-op, not an error
    params = RendezvousParameters(
        backend=_rendezvous.BACKEND, endpoint="", run_id="job1", min_nodes=1, max_nodes=1
    )
    handler = rendezvous_handler_registry.create_handler(params)
    assert isinstance(handler, _rendezvous.LocalRendezvous)
    return handler


def test_the_launcher_is_rank_0_of_one_node_and_hosts_the_store_the_workers_join():
    handler = _handler()
    info = handler.next_rendezvous()
    assert (info.rank, info.world_size) == (0, 1)
    assert handler.use_agent_store and handler.get_run_id() == "job1"
    assert handler.num_nodes_waiting() == 0 and not handler.is_closed()
    address = info.bootstrap_store_info
    worker = TCPStore(address.master_addr, address.master_port, is_master=False)
    info.store.set("seen", "yes")  # the launcher's view is under the run id
    assert worker.get("job1/seen") == b"yes"


def test_each_attempt_gets_a_new_store_without_the_last_one_s_keys():
    handler = _handler()
    first = handler.next_rendezvous()
    first.store.set("rank0_address", "dead worker")
    second = handler.next_rendezvous()
    assert second.bootstrap_store_info.master_port != first.bootstrap_store_info.master_port
    second.store.set_timeout(datetime.timedelta(seconds=0.2))
    with pytest.raises(DistStoreError, match="wait timeout after 200ms, keys: /job1/rank0_address"):
        second.store.get("rank0_address")
    assert handler.shutdown()
