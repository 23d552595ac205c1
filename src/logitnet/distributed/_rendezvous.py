"""The rendezvous of a one-machine job: a store of its own for each attempt, and no waiting.

torch's elastic launcher finds its workers' ranks and their store through a rendezvous. Its
``c10d`` rendezvous, made for many machines, sleeps a random 0 to 0.3 s before the first round
(to spread the machines' requests) and keeps one store for every attempt, where a restarted
worker group finds the dead workers' addresses (pytorch/pytorch#135712). ``launch`` runs on one
machine, so its rendezvous has nothing to wait for: each attempt gets a new store, hosted by the
launcher on a free port, and the workers connect to it (``use_agent_store``), as they do under
torch's ``static`` rendezvous.
"""

from __future__ import annotations

import datetime

from torch.distributed import PrefixStore, TCPStore
from torch.distributed.elastic.rendezvous import (
    RendezvousHandler,
    RendezvousInfo,
    RendezvousParameters,
    RendezvousStoreInfo,
    rendezvous_handler_registry,
)

BACKEND = "logitnet-local"  # the rdzv_backend name that ``launch`` passes to torch's launcher
HOST = "127.0.0.1"
TIMEOUT = datetime.timedelta(minutes=30)  # how long a worker may take to reach the store


class LocalRendezvous(RendezvousHandler):
    """The rendezvous of one machine (one node, rank 0): a new store for each attempt."""

    def __init__(self, run_id: str) -> None:
        self._run_id = run_id

    def get_backend(self) -> str:
        return BACKEND

    @property
    def use_agent_store(self) -> bool:
        """The workers connect to the launcher's store instead of starting one of their own."""
        return True

    def next_rendezvous(self) -> RendezvousInfo:
        """A new store on a free port, kept alive by the info the launcher holds; the previous
        attempt's goes when the launcher lets that attempt's info go."""
        store = TCPStore(HOST, 0, None, True, TIMEOUT, wait_for_workers=False)
        return RendezvousInfo(
            PrefixStore(self._run_id, store),
            rank=0,
            world_size=1,
            bootstrap_store_info=RendezvousStoreInfo(HOST, store.port),
        )

    def is_closed(self) -> bool:
        return False

    def set_closed(self) -> None:
        """Nothing to close: no other machine waits on this rendezvous."""

    def num_nodes_waiting(self) -> int:
        return 0

    def get_run_id(self) -> str:
        return self._run_id

    def shutdown(self) -> bool:
        return True


def _create(params: RendezvousParameters) -> LocalRendezvous:
    """The handler torch's launcher asks the registry for."""
    return LocalRendezvous(params.run_id)


def register() -> None:
    """Make :data:`BACKEND` known to torch's launcher (once; again is a no-op)."""
    rendezvous_handler_registry.register(BACKEND, _create)
