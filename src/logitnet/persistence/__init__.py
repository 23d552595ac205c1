"""Model files that are safe to load: one ``.safetensors`` file, arrays as tensors, the rest JSON.

See :mod:`logitnet.persistence._file` for the format.
"""

from __future__ import annotations

from logitnet.persistence._file import (
    FORMAT_VERSION,
    atomic_writer,
    load,
    read_metadata,
    save,
    write_atomic,
)
from logitnet.persistence._file import (
    _umask as _umask,  # the CLI of this commit imports it from here
)

__all__ = ["FORMAT_VERSION", "atomic_writer", "load", "read_metadata", "save", "write_atomic"]
