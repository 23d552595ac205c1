"""The CLI's column handling on a stream, with its statistics from one pass.

Numbers are standardized, text is one-hot encoded, identifier columns are left out, and missing
values are an error unless rows are dropped (``dropna``) or filled in (``impute``), as
:func:`logitnet.preprocessing.prepare_table` does in memory. The result is the same fitted
scikit-learn ``ColumnTransformer`` that :func:`~logitnet.preprocessing.make_preprocessor` builds,
holding the streamed statistics, so the saved pipeline predicts on tables in memory as well.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from logitnet.exceptions import DataError
from logitnet.streaming import Scan, complete_rows, is_numeric, my_share
from logitnet.workflow._stream_sharded_statistics import merge_pass
from logitnet.workflow._stream_statistics import MAX_DISTINCT, SAMPLE_ROWS, NumberStats, TextStats

_IDENTIFIER_SHARE = 0.99  # as logitnet.preprocessing: a text column this unique is an identifier
_IDENTIFIER = "it has a different value in (nearly) every row, like a name or an id"


@dataclass
class StreamTable:
    """A scan ready to fit on: its rows filtered, its batches through the fitted preprocessor."""

    scan: Scan  # batches come out standardized and one-hot encoded
    preprocessor: Any  # the fitted ColumnTransformer
    plan: Any  # logitnet.preprocessing.ColumnPlan
    rows: int  # rows kept (after dropping those with missing values)
    notes: list[str] = field(default_factory=list)


def prepare_scan(
    scan: Scan,
    *,
    features: Sequence[str] | None = None,
    drop: Sequence[str] | None = None,
    dropna: bool = False,
    impute: str | None = None,
) -> StreamTable:
    """Plan the columns of ``scan`` and fit the preprocessor from one streaming pass.

    Parameters
    ----------
    scan : Scan
        With its target set; its feature columns are the candidates.
    features : sequence of str, optional
        Use exactly these columns (identifiers are then kept).
    drop : sequence of str, optional
        Columns not to use, when ``features`` is not given.
    dropna : bool, default=False
        Leave out the rows with a missing value in the target or a candidate column.
    impute : {"mean", "median", "most_frequent"}, optional
        Fill in missing feature values; rows without a target are left out.

    Returns
    -------
    StreamTable
    """
    from logitnet._validation import check_option
    from logitnet.preprocessing import IMPUTE_STRATEGIES, ColumnPlan

    if impute is not None:
        check_option("impute", impute, IMPUTE_STRATEGIES)
    candidates = _candidates(scan, features, drop)
    required = [*candidates, _target(scan)] if dropna else [_target(scan)]
    if not dropna and impute is None:
        required = []
    pass_ = _Pass(scan, candidates, required, sample=impute in ("median", "most_frequent"))
    pass_.run(my_share(scan))  # in a process group: this rank's rows, then every rank's sums
    merge_pass(pass_)
    notes = [f"dropped {pass_.dropped} rows with missing values"] if pass_.dropped else []
    if not dropna and impute is None:
        _check_missing(pass_, scan)
    plan = _plan(pass_, candidates, ColumnPlan(numeric=[], categorical=[]), features is None)
    if not plan.features:
        raise DataError(f"no usable feature column: {'; '.join(plan.notes) or 'none given'}.")
    preprocessor = _fitted(plan, pass_.stats, impute)
    counts = {label: [n, float(n)] for label, n in pass_.classes.items()}
    ready = (
        scan.select(plan.features)
        .dropping_missing(required)
        .with_transform(preprocessor.transform)
        .with_class_counts(counts)  # the pass counted them already
    )
    return StreamTable(ready, preprocessor, plan, pass_.rows, [*plan.notes, *notes])


def _candidates(scan: Scan, features, drop) -> list[str]:
    """``features``, or the scan's feature columns less ``drop``."""
    if features is not None:
        scan.select(features)  # checks the names
        return list(features)
    dropped = set(drop or ())
    scan.select(list(dropped))
    return [c for c in scan.features if c not in dropped]


def _target(scan: Scan) -> str:
    """The scan's target column; streamed training needs one."""
    if scan.target is None:
        raise ValueError("Streamed training needs a target column: pass target= to logitnet.scan.")
    return scan.target


class _Pass:
    """One pass over the candidate columns and the target, filling the statistics."""

    def __init__(
        self, scan: Scan, candidates: list[str], required: list[str], *, sample: bool
    ) -> None:
        self.scan, self.candidates, self.required = scan, candidates, required
        schema = scan.source.schema
        # the sample is for a median or mode past MAX_DISTINCT values; 8 MB a column, so only
        # when an imputation needs one
        rate = min(1.0, SAMPLE_ROWS / max(scan.n_rows, 1)) if sample else 0.0
        self.stats: dict[str, Any] = {}
        self.unsupported: dict[str, str] = {}
        for name in candidates:
            kind = schema.field(name).type
            if _is_text(kind):
                self.stats[name] = TextStats()
            elif is_numeric(kind):
                self.stats[name] = NumberStats(integer=_is_integer(kind), rate=rate)
            else:
                self.unsupported[name] = f"its type {kind} is not supported"
        self.dropped, self.rows, self.target_missing = 0, 0, 0
        self.classes: Counter = Counter()

    def run(self, share: Scan | None = None) -> None:
        """Read every batch of ``share`` (default the scan; or this rank's share of it) once."""
        columns = [*self.candidates, _target(self.scan)]
        for _, positions, batch in (share or self.scan).positioned_batches(columns):
            if self.required:
                mask = complete_rows(batch, self.required)
                kept, positions = batch.filter(mask), positions[np.asarray(mask)]
                self.dropped += len(batch) - len(kept)
                batch = kept
            self._add(batch, positions)

    def _add(self, batch: Any, positions: np.ndarray) -> None:
        """Add one batch to the statistics."""
        from logitnet.preprocessing import as_text

        self.rows += len(batch)
        target = batch.column(_target(self.scan))
        self.target_missing += target.null_count
        labels = target.drop_null().to_numpy(zero_copy_only=False)
        found, counts = np.unique(labels, return_counts=True)
        self.classes.update(dict(zip(found.tolist(), counts.tolist(), strict=True)))
        texts = [n for n, s in self.stats.items() if isinstance(s, TextStats)]
        if texts:
            table = as_text(batch.select(texts).to_pandas())
            for j, name in enumerate(texts):
                self.stats[name].update(table[:, j])
        for name, stats in self.stats.items():
            if isinstance(stats, NumberStats):
                values = batch.column(name).to_numpy(zero_copy_only=False)
                stats.update(np.asarray(values, dtype=np.float64), positions)

    @property
    def missing(self) -> dict[str, int]:
        """``{column: missing cells}`` for the columns with any, the target last."""
        counts = {n: s.missing for n, s in self.stats.items() if s.missing}
        if self.target_missing:
            counts[_target(self.scan)] = self.target_missing
        return counts


def _is_text(kind: Any) -> bool:
    """Text, dictionary (categorical) and boolean columns are one-hot encoded."""
    import pyarrow as pa

    return (
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_dictionary(kind)
        or pa.types.is_boolean(kind)
    )


def _is_integer(kind: Any) -> bool:
    """Integer columns can be identifiers."""
    import pyarrow as pa

    return pa.types.is_integer(kind)


def _check_missing(pass_: _Pass, scan: Scan) -> None:
    """Missing values without ``dropna`` or ``impute``: one line with the columns and counts."""
    from logitnet.preprocessing import IMPUTE_STRATEGIES

    missing = pass_.missing
    if not missing:
        return
    listed = ", ".join(f"{name!r} ({n})" for name, n in missing.items())
    plural = "s" if len(missing) > 1 else ""
    raise DataError(
        f"{scan.path} has {sum(missing.values())} missing values in {len(missing)} "
        f"column{plural}: {listed}. Drop those rows (dropna) or fill them in "
        f"(impute={'|'.join(IMPUTE_STRATEGIES)})."
    )


def _plan(pass_: _Pass, candidates: list[str], plan: Any, exclude_identifiers: bool) -> Any:
    """Sort the candidates into numeric and categorical features, as ``plan_columns`` does."""
    for name in candidates:
        stats = pass_.stats.get(name)
        if stats is None:
            plan.excluded[name] = pass_.unsupported[name]
        elif exclude_identifiers and _is_identifier(stats, pass_.rows):
            plan.excluded[name] = _IDENTIFIER
        elif isinstance(stats, TextStats) and stats.counts is None:
            plan.excluded[name] = f"it has more than {MAX_DISTINCT} distinct values"
        elif isinstance(stats, TextStats):
            plan.categorical.append(name)
        else:
            plan.numeric.append(name)
    return plan


def _is_identifier(stats: Any, rows: int) -> bool:
    """A name or an id: every integer distinct, or text distinct in 99% of the rows.

    Past ``MAX_DISTINCT`` distinct values an integer column counts when all of them were
    distinct, and a text column always counts.
    """
    if rows <= 1:
        return False
    if isinstance(stats, NumberStats):
        if not stats.integer:
            return False
        if stats.counts is None:
            return stats.all_distinct and not stats.missing
        return len(stats.counts) == rows
    return stats.counts is None or len(stats.counts) >= _IDENTIFIER_SHARE * rows


def _fitted(plan: Any, stats: dict, impute: str | None) -> Any:
    """``make_preprocessor`` fitted on a stand-in table, then given the streamed statistics."""
    from logitnet.preprocessing import make_preprocessor

    preprocessor = make_preprocessor(plan.numeric, plan.categorical, impute=impute)
    preprocessor.fit(_stand_in(plan, stats))
    if plan.numeric:
        _set_numeric(preprocessor.named_transformers_["numeric"], plan, stats, impute)
    if plan.categorical and impute is not None:
        imputer = preprocessor.named_transformers_["categorical"].named_steps["impute"]
        imputer.statistics_ = np.array(
            [stats[n].most_frequent() for n in plan.categorical], dtype=object
        )
    return preprocessor


def _stand_in(plan: Any, stats: dict) -> Any:
    """A small table with every category of every text column, for the encoder's categories."""
    import pandas as pd

    size = max([2, *(len(stats[n].categories) for n in plan.categorical)])
    columns = {n: np.arange(size, dtype=np.float64) % 2 for n in plan.numeric}
    for name in plan.categorical:
        found = stats[name].categories or ["missing"]
        columns[name] = np.array([found[i % len(found)] for i in range(size)], dtype=object)
    return pd.DataFrame(columns)[plan.features]


def _set_numeric(pipeline: Any, plan: Any, stats: dict, impute: str | None) -> None:
    """Put the streamed means, variances and fill values into the numeric steps."""
    fills = [stats[n].fill_value(impute) if impute else None for n in plan.numeric]
    moments = np.array([stats[n].scaled(f) for n, f in zip(plan.numeric, fills, strict=True)])
    scaler = pipeline.named_steps["scale"]
    scaler.mean_, scaler.var_ = moments[:, 0], moments[:, 1]
    scale = np.sqrt(scaler.var_)
    scale[scale < 10 * np.finfo(np.float64).eps] = 1.0
    scaler.scale_ = scale
    scaler.n_samples_seen_ = int(moments[0, 2])
    if impute:
        pipeline.named_steps["impute"].statistics_ = np.array(fills, dtype=np.float64)
