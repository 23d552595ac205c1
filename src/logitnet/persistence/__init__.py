"""Model files that are safe to load: one ``.safetensors`` file, arrays as tensors, the rest JSON.

See :mod:`logitnet.persistence._file` for the format.
"""

from __future__ import annotations

from logitnet._io import atomic_writer, write_atomic
from logitnet.persistence._file import FORMAT_VERSION, load, read_metadata, save

__all__ = ["FORMAT_VERSION", "atomic_writer", "load", "read_metadata", "save", "write_atomic"]
