"""``steady_heap``: after a streaming read, glibc gives large blocks their own mapping."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _on_glibc() -> bool:
    try:
        return os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        return False


pytestmark = pytest.mark.skipif(not _on_glibc(), reason="mallopt and mallinfo2 are glibc's")


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks")
        + ("uordblks", "fordblks", "keepcost")
    ]


def _mapped_bytes() -> int:
    """Bytes glibc holds in blocks of their own mapping (``mallinfo2().hblkhd``)."""
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = _MallInfo2
    return libc.mallinfo2().hblkhd


# Run in a fresh interpreter: how glibc serves a block depends on what the process freed before
# (a raised trim threshold keeps free memory at the heap's top), and under pytest-xdist that is
# whichever tests ran earlier in the same worker.
AFTER_A_READ = """
import sys
import numpy as np
from logitnet.streaming import scan
from logitnet.streaming._heap import MMAP_THRESHOLD_BYTES, steady_heap
sys.path.insert(0, sys.argv[2])
from test_heap import _mapped_bytes

for _ in scan(sys.argv[1], target="kind").batches():
    pass
np.ones((16 << 20) // 8)  # freed at once: glibc alone would now serve up to 16 MiB from the heap
before = _mapped_bytes()
block = np.ones((4 << 20) // 8)
print(_mapped_bytes() - before, block.nbytes, steady_heap(), MMAP_THRESHOLD_BYTES)
"""


def test_after_a_streaming_read_large_blocks_get_their_own_mapping(parquet_dir):
    here = str(Path(__file__).parent)
    done = subprocess.run(
        [sys.executable, "-c", AFTER_A_READ, str(parquet_dir), here],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    mapped, nbytes, steady, threshold = done.stdout.split()
    assert int(mapped) >= int(nbytes) == 4 << 20
    assert (steady, int(threshold)) == ("True", 1 << 20)
