"""Tables larger than memory: lazy scans over Parquet and CSV files, read in bounded chunks.

:func:`scan` returns a :class:`Scan`; ``LogisticRegression`` and ``NeuralNetClassifier`` fit,
predict and score on it as on ``X, y``. pyarrow is imported only when rows are read.
"""

from __future__ import annotations

from logitnet.streaming._arrays import Batch
from logitnet.streaming._scan import BATCH_ROWS, Scan, scan
from logitnet.streaming._sources import Chunk

__all__ = ["BATCH_ROWS", "Batch", "Chunk", "Scan", "scan"]
