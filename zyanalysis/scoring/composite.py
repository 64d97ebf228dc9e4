"""Composite scores: any weights, normalisation and aggregation over the indicators.

The core works on a *performance matrix*: a DataFrame with one row per unit (index) and one
column per indicator (``indicator_id``). :func:`performance_matrix` builds it from an
assessment input table (see :mod:`zyanalysis.scoring.assessment`):

* ``basis="share"`` (default): the share of each indicator's weight the official rules award
  (0–1: 全面完成 1.0, 基本完成 0.8, 部分完成 0.6; statistical by rank, 1.0, 0.98, …; 0 when the
  增加值及增速 rule applies). With the official weights, no normalisation and arithmetic
  aggregation, ``score × Σweights`` is exactly the official indicator score.
* ``basis="raw"``: statistical indicators as the figures given (``value``), descriptive as the
  grade share.

Normalisations (:func:`normalise`), per indicator, across units; ``higher_is_better`` (default
all True) turns less-is-better indicators round first:

* ``none`` — values as they are;
* ``minmax`` — ``(x − min)/(max − min)`` mapped to ``scale`` (default [0, 1]); a column with
  one value everywhere maps to the top of the scale (it cannot separate units);
* ``zscore`` — ``(x − mean)/sd`` with the population sd (ddof 0); a constant column is 0;
* ``rank`` — average rank (1 = worst) divided by the number of units: (0, 1], ties averaged;
* ``distance`` — distance to target, ``x/target`` (``target/x`` when less is better), capped
  at 1 when ``cap=True``; needs ``targets`` per indicator.

Aggregations (:func:`aggregate`) with weights ``w`` (any positive scale; normalised to sum 1):
``arithmetic`` Σ wᵢ yᵢ and ``geometric`` Π yᵢ^wᵢ (needs every weighted value > 0: use
``scale=(1, 100)`` with min–max, or rank / distance normalisation).

Results are tidy: one row per unit with ``score`` and ``rank`` (competition ranking, 1 = best,
ties share the better place).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from zyanalysis.scoring.assessment import (GRADE_SHARES, is_illustrative, indicator_points_frame, prepare_inputs,
                         competition_rank, system_framework, validate_inputs)

NORMALISATIONS = ("none", "minmax", "zscore", "rank", "distance")
AGGREGATIONS = ("arithmetic", "geometric")


def official_weights(frameworks: pd.DataFrame, system: str = "county") -> pd.Series:
    """Official points per indicator of ``system`` (index indicator_id, name 'weight')."""
    fw = system_framework(frameworks, system)
    return pd.Series(fw["weight"].to_numpy(dtype=float), index=pd.Index(fw["indicator_id"]),
                     name="weight")


def indicator_groups(frameworks: pd.DataFrame, system: str = "county") -> pd.Series:
    """Level-1 group (一级指标, ``group_zh``) of each indicator of ``system``."""
    fw = system_framework(frameworks, system)
    return pd.Series(fw["group_zh"].astype(str).to_numpy(), index=pd.Index(fw["indicator_id"]),
                     name="group_zh")


def performance_matrix(inputs: pd.DataFrame, system: str, frameworks: pd.DataFrame, *,
                       basis: str = "share") -> pd.DataFrame:
    """Units × indicators matrix from an assessment input table (see module doc for ``basis``)."""
    ind, _, fw = validate_inputs(inputs, system, frameworks)
    if basis == "share":
        pts = indicator_points_frame(ind)
        col = "share"
    elif basis == "raw":
        pts = ind.assign(raw=np.where(ind["kind"] == "statistical", ind["value"],
                                      ind["grade"].map(GRADE_SHARES)))
        col = "raw"
    else:
        raise ValueError(f"basis must be 'share' or 'raw', not {basis!r}")
    units = list(dict.fromkeys(ind["unit"]))
    m = pts.pivot(index="unit", columns="indicator_id", values=col).astype(float)
    return m.reindex(index=units, columns=list(fw["indicator_id"]))


def unit_adjustments(inputs: pd.DataFrame, system: str, frameworks: pd.DataFrame) -> pd.Series:
    """Bonus − deduction points per unit (000:1814), index unit."""
    ind, ev, _ = validate_inputs(inputs, system, frameworks)
    units = list(dict.fromkeys(ind["unit"]))
    adj = (ev["points"] * ev["sign"]).groupby(ev["unit"]).sum()
    return adj.reindex(units, fill_value=0.0).astype(float).rename("adjustment")


def _check_weights(weights: pd.Series | dict | None, columns: pd.Index) -> pd.Series:
    """Weights aligned to ``columns``: every indicator present, none negative, not all zero."""
    if weights is None:
        return pd.Series(1.0, index=columns)
    w = pd.Series(weights, dtype=float)
    missing = [c for c in columns if c not in w.index]
    extra = [c for c in w.index if c not in columns]
    if missing or extra:
        raise ValueError(f"weights must cover exactly the indicators; missing {missing}, "
                         f"unknown {extra}")
    w = w.reindex(columns)
    if (w < 0).any() or not np.isfinite(w).all():
        raise ValueError(f"weights must be finite and ≥ 0: {w[(w < 0) | ~np.isfinite(w)].to_dict()}")
    if w.sum() <= 0:
        raise ValueError("weights are all zero")
    return w


def normalise(matrix: pd.DataFrame, method: str = "minmax", *,
              higher_is_better: pd.Series | dict | None = None,
              targets: pd.Series | dict | None = None, scale: tuple[float, float] = (0.0, 1.0),
              cap: bool = True) -> pd.DataFrame:
    """Normalise each indicator column across units (methods in the module doc)."""
    if method not in NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {NORMALISATIONS}, not {method!r}")
    m = matrix.astype(float)
    if m.isna().any().any():
        bad = m.isna().stack()
        u, c = bad[bad].index[0]
        raise ValueError(f"missing value for unit {u}, indicator {c}")
    hib = pd.Series(True, index=m.columns) if higher_is_better is None else \
        pd.Series(higher_is_better).reindex(m.columns).fillna(True).astype(bool)
    if method == "none":
        return m
    if method == "distance":
        return _distance(m, hib, targets, cap)
    x = m.where(_column_mask(m, hib), -m)   # turn less-is-better columns round
    if method == "minmax":
        lo, hi = x.min(), x.max()
        span = (hi - lo).replace(0.0, np.nan)
        unit = ((x - lo) / span).fillna(1.0)
        return scale[0] + unit * (scale[1] - scale[0])
    if method == "zscore":
        sd = x.std(ddof=0).replace(0.0, np.nan)
        return ((x - x.mean()) / sd).fillna(0.0)
    return x.rank(method="average") / len(x)


def _column_mask(m: pd.DataFrame, flags: pd.Series) -> pd.DataFrame:
    """A boolean frame shaped like ``m`` repeating the per-column ``flags`` on every row.

    (``DataFrame.where`` with a Series would align it on the rows, not the columns.)
    """
    return pd.DataFrame(np.broadcast_to(flags.to_numpy(dtype=bool), m.shape),
                        index=m.index, columns=m.columns)


def _distance(m: pd.DataFrame, hib: pd.Series, targets, cap: bool) -> pd.DataFrame:
    """Distance-to-target normalisation (module doc)."""
    if targets is None:
        raise ValueError("distance-to-target normalisation needs `targets` per indicator")
    t = pd.Series(targets, dtype=float).reindex(m.columns)
    if t.isna().any() or (t <= 0).any():
        raise ValueError(f"targets must be positive for every indicator: {t.to_dict()}")
    if (m.loc[:, ~hib] <= 0).any().any():
        raise ValueError("less-is-better values must be positive for distance to target")
    better = _column_mask(m, hib)
    y = (m / t).where(better, t / m)
    return y.clip(upper=1.0) if cap else y


def aggregate(normalised: pd.DataFrame, weights: pd.Series | dict | None = None,
              method: str = "arithmetic") -> pd.Series:
    """Weighted arithmetic or geometric mean per unit (weights normalised to sum 1)."""
    if method not in AGGREGATIONS:
        raise ValueError(f"aggregation must be one of {AGGREGATIONS}, not {method!r}")
    w = _check_weights(weights, normalised.columns)
    w = w / w.sum()
    y = normalised.astype(float)
    if method == "arithmetic":
        return (y * w).sum(axis=1).rename("score")
    used = y.loc[:, w > 0]
    if (used <= 0).any().any():
        raise ValueError("geometric aggregation needs every weighted value > 0; use "
                         "normalise(..., scale=(1, 100)), 'rank' or 'distance'")
    return np.exp((np.log(used) * w[w > 0]).sum(axis=1)).rename("score")


def composite_scores(matrix: pd.DataFrame, weights: pd.Series | dict | None = None, *,
                     normalisation: str = "minmax", aggregation: str = "arithmetic",
                     higher_is_better: pd.Series | dict | None = None,
                     targets: pd.Series | dict | None = None,
                     scale: tuple[float, float] = (0.0, 1.0)) -> pd.DataFrame:
    """Composite score and rank of every unit of ``matrix`` (equal weights when None).

    Columns: unit, score, rank, normalisation, aggregation. Sorted best first.
    """
    y = normalise(matrix, normalisation, higher_is_better=higher_is_better, targets=targets,
                  scale=scale)
    s = aggregate(y, weights, aggregation)
    out = pd.DataFrame({"unit": s.index.astype(str), "score": s.to_numpy(),
                        "rank": competition_rank(s.to_numpy())})
    out["normalisation"], out["aggregation"] = normalisation, aggregation
    return out.sort_values(["rank", "unit"], kind="stable").reset_index(drop=True)


def composite(inputs: pd.DataFrame, system: str = "county", weights: pd.Series | dict | None = None,
              *, frameworks: pd.DataFrame, basis: str = "share",
              normalisation: str = "none", aggregation: str = "arithmetic",
              scale: tuple[float, float] = (0.0, 1.0)) -> pd.DataFrame:
    """Composite of an assessment input table; ``weights`` default to the official points.

    Same columns as :func:`composite_scores` plus ``illustrative``. With the defaults
    (official weights, ``basis='share'``, no normalisation, arithmetic) ``score × 100`` is the
    official indicator score (before bonuses and deductions).
    """
    fw = frameworks
    m = performance_matrix(inputs, system, fw, basis=basis)
    w = official_weights(fw, system) if weights is None else weights
    out = composite_scores(m, w, normalisation=normalisation, aggregation=aggregation, scale=scale)
    out["illustrative"] = is_illustrative(prepare_inputs(inputs))
    return out
