"""Tables larger than memory: lazy scans over Parquet and CSV files, read in bounded chunks.

:func:`scan` returns a :class:`Scan`; ``LogisticRegression`` and ``NeuralNetClassifier`` fit,
predict and score on it as on ``X, y``. pyarrow is imported only when rows are read.
"""

from __future__ import annotations

# ``from ... import x as x``: x is for logitnet's other packages, not in __all__.
from logitnet.streaming._arrays import Batch
from logitnet.streaming._arrays import complete_rows as complete_rows
from logitnet.streaming._arrays import is_numeric as is_numeric
from logitnet.streaming._estimators import check_fit_arguments as check_fit_arguments
from logitnet.streaming._estimators import encode as encode
from logitnet.streaming._estimators import for_model as for_model
from logitnet.streaming._estimators import is_scan as is_scan
from logitnet.streaming._estimators import stacked as stacked
from logitnet.streaming._estimators import streamed_accuracy as streamed_accuracy
from logitnet.streaming._estimators import weighted_batches as weighted_batches
from logitnet.streaming._memory import parse_size as parse_size
from logitnet.streaming._memory import should_stream as should_stream
from logitnet.streaming._scan import BATCH_ROWS, Scan, scan
from logitnet.streaming._sharded import my_share as my_share
from logitnet.streaming._shuffle import ShuffledBatches as ShuffledBatches
from logitnet.streaming._sources import Chunk
from logitnet.streaming._split import uniform_of as uniform_of

__all__ = ["BATCH_ROWS", "Batch", "Chunk", "Scan", "scan"]
