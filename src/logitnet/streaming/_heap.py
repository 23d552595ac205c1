"""Keep the C heap from creeping up while a stream is read, on glibc.

glibc serves a large block from its own mmap, and after freeing one it raises the size from
which it does so (its dynamic mmap threshold, up to 32 MiB). A stream allocates and frees
blocks of a few MB for every batch (the decoded columns, the feature matrix, a network's
activations); once the threshold is raised they come from the heap instead, where they leave
holes that later blocks do not fit, and the resident memory grows with the number of batches.
Fixing the threshold keeps each large block in its own mapping, given back when freed.
"""

from __future__ import annotations

import ctypes
import functools
import os

MMAP_THRESHOLD_BYTES = 1 << 20  # blocks from this size up get their own mapping
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's malloc.h


@functools.cache
def steady_heap() -> bool:
    """Fix glibc's mmap threshold at 1 MiB, once per process; False where libc is not glibc."""
    if not _is_glibc():
        return False

    libc = ctypes.CDLL(None)
    return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))


def _is_glibc() -> bool:
    """Whether this process runs on glibc (not musl, macOS or Windows)."""
    try:
        return (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        return False
