"""``steady_heap``: after a streaming read, glibc gives large blocks their own mapping."""

from __future__ import annotations

import ctypes
import os

import numpy as np
import pytest

from logitnet.streaming import scan
from logitnet.streaming._heap import MMAP_THRESHOLD_BYTES, steady_heap


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


def test_after_a_streaming_read_large_blocks_get_their_own_mapping(parquet_dir):
    for _ in scan(parquet_dir, target="kind").batches():
        pass
    np.ones(
        (16 << 20) // 8
    )  # freed at once: glibc alone would now serve up to 16 MiB from the heap
    before = _mapped_bytes()
    block = np.ones((4 << 20) // 8)
    assert _mapped_bytes() - before >= block.nbytes
    assert steady_heap() is True and MMAP_THRESHOLD_BYTES == 1 << 20
