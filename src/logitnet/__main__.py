"""``python -m logitnet``: the same as the ``logitnet`` command (torchrun and ``-m`` users)."""

from __future__ import annotations

from logitnet.cli import main

if __name__ == "__main__":
    main()
