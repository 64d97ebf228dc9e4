"""Target attainment: where does each target stand, and will it be met in time?

The core, :func:`compute_attainment`, is pure: it takes the ``targets`` and ``observations``
tables (columns in :mod:`zyanalysis.data.schemas`) and returns one row per target. The public
:func:`attainment` loads those tables only when they are not passed in.

Measures (all annual rates are fractions: 0.0968 means 9.68 % a year)
-----------------------------------------------------------------------
``target_level``
    The level the series must reach, in the series' unit. For ordinary targets it is
    ``target_value``. For a reduction target (``is_reduction``: 'energy intensity −13.5 % vs
    2020') it is ``base × (1 − target_value/100)``, the base being the level in ``base_year``
    (``base_value`` when stated for that year, else the observation of that year).
``met``
    Whether the latest value satisfies the comparator: ``'>='``, ``'>'`` (strict: '＞60' is met
    by 60.5 and not by 60), ``'<='``, ``'<'``, ``'='``. A reduction target is met when the cut
    achieved, ``(base − latest)/base × 100``, is at least ``target_value`` (strictly more when
    the comparator is '>' or '<'): the comparator's direction is ignored because a cut can be
    written either as '≥ 13.5 % cut' or as '≤ −13.5 %' (001's parser writes '<=').
    Comparisons allow a relative tolerance of 1e-9 so that 86.5 % of a base meets a 13.5 % cut.
``ratio``, ``gap``
    Direction-aware: ``latest/target_level`` when more is better, ``target_level/latest`` when
    less is better (1 = exactly on target, > 1 = beyond it). ``gap`` is the shortfall in the
    series' unit, positive while the target is not reached (``target_level − latest`` when more
    is better, ``latest − target_level`` otherwise).
``required_growth``
    Compound annual growth needed from the latest figure to the target level by the target
    year: ``(target_level/latest)^(1/(target_year − latest_year)) − 1``. The latest figure may
    be an estimate (预计), ``latest_kind`` says which — Ganzhou's 2024 column is an estimate, so
    its 规模以上工业总产值 needs 170/155 − 1 = 0.0968 in 2025.
``actual_growth``
    Compound annual growth so far, from the first figure of the series (or the stated
    baseline, if earlier) to the latest.
``growth_ratio``
    ``actual_growth / required_growth`` (both signed; for a less-is-better series both are
    negative when moving the right way). ≥ 1 means the pace so far is enough.
``projected``, ``projected_low``, ``projected_high``
    Robust trend: the Theil–Sen line (:func:`scipy.stats.theilslopes`) through all figures up
    to the target year, on the log scale when every value is positive (constant growth) and on
    the linear scale otherwise, evaluated in the target year. The interval uses the slope's
    confidence bounds (``trend_confidence``, default 90 %) pivoting on the median point, as the
    Theil–Sen intercept does. Needs two or more years.
``csi``, ``api``, ``api_projected``
    The two measures of UN ESCAP's *Asia and the Pacific SDG Progress Report* (technical notes,
    "Progress Assessment Methodology", data.unescap.org/resource-guides/
    progress-assessment-methodology; Bidarbakht Nia, *Tracking progress towards the SDGs:
    measuring the otherwise ambiguous progress*, ESCAP SD/WP/05, 2017; *Weighted
    extrapolation method for measuring the SDGs*, ESCAP SD/WP/04, 2017):

    * current status index ``csi = (latest − base)/(target_level − base)``: the progress made
      since the base year as a share of the progress the target needs over the whole period
      (base = the stated baseline or the first figure of the series). Reported unbounded: < 0
      means the series moved away from the target, ≥ 1 that the target level is reached. NaN
      when the base already meets the target (no progress is needed, so none can be measured).
    * anticipated progress index ``api = (api_projected − base)/(target_level − base)``: the
      value expected in the target year, from a regression that gives recent years more
      weight, set against the target (``1 − api`` is ESCAP's anticipated gap). Our weights grow
      linearly with time (earliest year 1, next 2, …), in the spirit of SD/WP/04; the
      regression is on the log scale when all values are positive (ESCAP extrapolates growth
      rates), linear otherwise.

``status`` (documented thresholds, :data:`STATUS_THRESHOLDS`)
    * ``not_scorable`` — qualitative target ('national' 完成国家指标, 'pending', 'qualitative',
      or no numeric value), no observations, a unit that differs from the target's, no
      base-year level for a reduction target, or only one figure when the target is not yet met
      (no trend to judge). ``reason`` says which. Never scored as 0.
    * ``achieved`` — the latest *actual* figure meets the target.
    * ``off_track`` — the target year has passed (latest_year ≥ target_year) without meeting it.
    * ``on_track`` — met only by an estimate, or ``api ≥ 1`` and ``growth_ratio ≥ 1`` (either one
      alone when the other cannot be computed).
    * ``at_risk`` — not on track, but ``api ≥ 0.5`` or ``growth_ratio ≥ 0.5``: moving the right
      way at at least half the pace needed.
    * ``off_track`` — otherwise (less than half the pace needed, or moving away).

    The thresholds are ours, not ESCAP's; ESCAP reports the indices, we classify them.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

QUALITATIVE = ("national", "pending", "qualitative")
"""Comparators of targets that have no number to score against."""

STATUS_THRESHOLDS = {"on_track": 1.0, "at_risk": 0.5}
"""``api`` / ``growth_ratio`` at or above which a target is on track / at risk (see module doc)."""

REL_TOL = 1e-9
"""Relative tolerance of comparisons (floating-point noise only, never rounding of figures)."""

OUTPUT_COLUMNS = [
    "target_id", "jurisdiction", "indicator", "indicator_zh", "indicator_en", "industry_id",
    "unit", "comparator", "target_year", "target_value", "target_level", "is_reduction",
    "base_year", "base_level", "aspirational", "n_obs", "first_year", "first_value",
    "latest_year", "latest_value", "latest_kind", "met", "ratio", "gap", "required_growth",
    "actual_growth", "growth_ratio", "projected", "projected_low", "projected_high",
    "trend_scale", "csi", "api", "api_projected", "status", "reason", "source",
]
"""Columns of :func:`compute_attainment`'s result, in order."""


def compare(value: float, comparator: str, target: float) -> bool:
    """Whether ``value`` satisfies ``comparator target`` ('>=', '>', '<=', '<', '=').

    Strict comparators are strict beyond floating-point noise: ``compare(60, '>', 60)`` is
    False, ``compare(60.5, '>', 60)`` True.
    """
    tol = REL_TOL * max(1.0, abs(target))
    if comparator == ">=":
        return value >= target - tol
    if comparator == ">":
        return value > target + tol
    if comparator == "<=":
        return value <= target + tol
    if comparator == "<":
        return value < target - tol
    if comparator == "=":
        return abs(value - target) <= tol
    raise ValueError(f"comparator {comparator!r} has no numeric meaning")


def cagr(v0: float, v1: float, years: float) -> float:
    """Compound annual growth from ``v0`` to ``v1`` over ``years`` (fraction); NaN if undefined."""
    if years <= 0 or not (v0 > 0 and v1 > 0):
        return math.nan
    return (v1 / v0) ** (1.0 / years) - 1.0


def theil_sen_projection(years: np.ndarray, values: np.ndarray, year: int,
                         confidence: float = 0.90) -> tuple[float, float, float, str]:
    """Theil–Sen projection of a series to ``year``: (projected, low, high, scale).

    On the log scale when every value is positive (scale 'log'), otherwise linear ('linear').
    The interval comes from the slope's confidence bounds at ``confidence``, each line pivoting
    on (median year, median value) like the Theil–Sen intercept. NaNs when fewer than two years.
    """
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    if len(np.unique(x)) < 2:
        return math.nan, math.nan, math.nan, ""
    log = bool(np.all(y > 0))
    yy = np.log(y) if log else y
    slope, _, lo_s, hi_s = stats.theilslopes(yy, x, alpha=confidence)
    xm, ym = np.median(x), np.median(yy)
    preds = [ym + s * (year - xm) for s in (slope, lo_s, hi_s)]
    if log:
        preds = [math.exp(p) for p in preds]
    p, a, b = preds
    return float(p), float(min(a, b)), float(max(a, b)), ("log" if log else "linear")


def weighted_trend_projection(years: np.ndarray, values: np.ndarray, year: int) -> float:
    """Value in ``year`` from a least-squares line weighting recent years more (ESCAP-style).

    Weights grow linearly with time (earliest year 1, each later year +1). Log scale when every
    value is positive. NaN when fewer than two distinct years.
    """
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    if len(np.unique(x)) < 2:
        return math.nan
    log = bool(np.all(y > 0))
    yy = np.log(y) if log else y
    w = x - x.min() + 1.0
    xm = np.average(x, weights=w)
    ym = np.average(yy, weights=w)
    slope = np.sum(w * (x - xm) * (yy - ym)) / np.sum(w * (x - xm) ** 2)
    pred = ym + slope * (year - xm)
    return float(math.exp(pred) if log else pred)


def _series(observations: pd.DataFrame, t: pd.Series) -> pd.DataFrame:
    """Observations of the target's series up to its target year, one row per year.

    Where a year has both an actual and an estimate, the actual wins.
    """
    o = observations
    m = (o["jurisdiction_id"] == t["jurisdiction_id"]) & (o["indicator_id"] == t["indicator_id"])
    ind = t.get("industry_id")
    m &= o["industry_id"].isna() if pd.isna(ind) else (o["industry_id"] == ind)
    s = o[m.fillna(False).astype(bool)]
    s = s[s["year"] <= t["target_year"]].copy()
    s["_pref"] = (s["kind"] != "actual").astype(int)
    s = s.sort_values(["year", "_pref"]).drop_duplicates("year", keep="first")
    return s.drop(columns="_pref").reset_index(drop=True)


def _blank(t: pd.Series) -> dict:
    """Output row for target ``t`` before any measure is computed."""
    return {
        "target_id": t["target_id"], "jurisdiction": t["jurisdiction_id"],
        "indicator": t["indicator_id"], "indicator_zh": t["indicator_zh"],
        "indicator_en": t["indicator_en"], "industry_id": t.get("industry_id"),
        "unit": t["unit"], "comparator": t["comparator"],
        "target_year": t["target_year"], "target_value": t["target_value"],
        "is_reduction": bool(t["is_reduction"]), "base_year": t.get("base_year"),
        "aspirational": bool(t["aspirational"]), "n_obs": 0, "source": t["source"],
        "status": "not_scorable",
    }


def _base_level(t: pd.Series, s: pd.DataFrame) -> float:
    """Level of a reduction target's base year: stated baseline, else that year's figure."""
    by = t.get("base_year")
    if pd.isna(by):
        return math.nan
    if pd.notna(t.get("base_value")) and t.get("base_value_year") == by:
        return float(t["base_value"])
    hit = s[s["year"] == by]
    return float(hit["value"].iloc[0]) if len(hit) else math.nan


def _not_scorable_reason(t: pd.Series, s: pd.DataFrame) -> str | None:
    """Why target ``t`` cannot be scored against series ``s``, or None."""
    if t["comparator"] in QUALITATIVE:
        return {"national": "qualitative target (完成国家指标: meet the national quota)",
                "pending": "no target figure in the table ('-' or '/')",
                }.get(t["comparator"], "qualitative target")
    if pd.isna(t["target_value"]):
        return "target has no numeric value"
    if s.empty:
        return "no observations of this indicator"
    if not bool(t["is_reduction"]):
        units = set(s["unit"].dropna())
        if units and units != {t["unit"]}:
            return f"observations are in {sorted(units)}, the target in {t['unit']!r}"
    return None


def _score_one(t: pd.Series, observations: pd.DataFrame, confidence: float) -> dict:
    """All measures for one target (see module doc)."""
    row = _blank(t)
    s = _series(observations, t)
    row["n_obs"] = len(s)
    reason = _not_scorable_reason(t, s)
    if reason:
        row["reason"] = reason
        return row
    hib = bool(t["higher_is_better"])
    years = s["year"].to_numpy(dtype=float)
    vals = s["value"].to_numpy(dtype=float)
    first_y, first_v = int(years[0]), float(vals[0])
    latest = s.iloc[-1]
    ly, lv = int(latest["year"]), float(latest["value"])
    row.update(first_year=first_y, first_value=first_v, latest_year=ly, latest_value=lv,
               latest_kind=latest["kind"])

    if bool(t["is_reduction"]):
        base = _base_level(t, s)
        if math.isnan(base) or base == 0:
            row["reason"] = f"no level for the reduction's base year {t.get('base_year')}"
            return row
        level = base * (1 - float(t["target_value"]) / 100.0)
        # the cut must be at least target_value %; only the comparator's strictness matters,
        # since documents (and parsers) write it as '≥ 13.5 % cut' or '≤ −13.5 %' alike
        strict = t["comparator"] in (">", "<")
        met = compare((base - lv) / base * 100.0, ">" if strict else ">=", float(t["target_value"]))
        base_y, base_v = int(t["base_year"]), base
    else:
        level = float(t["target_value"])
        met = compare(lv, t["comparator"], level)
        base_y, base_v = first_y, first_v
        if pd.notna(t.get("base_value")) and pd.notna(t.get("base_value_year")) \
                and int(t["base_value_year"]) < first_y:
            base_y, base_v = int(t["base_value_year"]), float(t["base_value"])
    row.update(target_level=level, base_level=base_v, met=met)

    row["ratio"] = (lv / level if hib else level / lv) if (level and lv) else math.nan
    row["gap"] = (level - lv) if hib else (lv - level)
    ty = int(t["target_year"])
    row["required_growth"] = cagr(lv, level, ty - ly)
    row["actual_growth"] = cagr(base_v, lv, ly - base_y)
    rg, ag = row["required_growth"], row["actual_growth"]
    row["growth_ratio"] = ag / rg if (rg == rg and ag == ag and rg != 0) else math.nan

    p, lo, hi, scale = theil_sen_projection(years, vals, ty, confidence)
    row.update(projected=p, projected_low=lo, projected_high=hi, trend_scale=scale)
    # ESCAP's indices need progress still to make from the base: when the base already meets
    # the target (level on the wrong side of it, e.g. a 12.5 % growth rate vs a 12 % target)
    # the ratio of progress made to progress needed is meaningless, so they are left NaN
    denom = level - base_v
    needed = denom > 0 if hib else denom < 0
    row["csi"] = _clean((lv - base_v) / denom) if needed else math.nan
    api_p = weighted_trend_projection(years, vals, ty)
    row["api_projected"] = api_p
    row["api"] = _clean((api_p - base_v) / denom) if (needed and api_p == api_p) else math.nan
    row["status"], row["reason"] = classify(met=met, latest_kind=row["latest_kind"],
                                            latest_year=ly, target_year=ty,
                                            api=row["api"], growth_ratio=row["growth_ratio"])
    return row


def _clean(x: float) -> float:
    """``x`` with floating-point dust (|x| < 1e-12) set to 0, so that 'no progress' reads 0."""
    return 0.0 if abs(x) < 1e-12 else x


def classify(*, met: bool, latest_kind: str, latest_year: int, target_year: int,
             api: float, growth_ratio: float) -> tuple[str, str | None]:
    """Status class and reason from the measures, by the thresholds of the module doc."""
    if met and latest_kind == "actual":
        return "achieved", None
    if met:
        return "on_track", "met only by an estimate (预计), not yet by an actual figure"
    if latest_year >= target_year:
        return "off_track", f"target year {target_year} reached without meeting the target"
    known = [v for v in (api, growth_ratio) if v == v]
    if not known:
        return "not_scorable", "only one figure: no trend to judge"
    on, risk = STATUS_THRESHOLDS["on_track"], STATUS_THRESHOLDS["at_risk"]
    if all(v >= on for v in known):
        return "on_track", None
    if any(v >= risk for v in known):
        return "at_risk", None
    return "off_track", None


def compute_attainment(targets: pd.DataFrame, observations: pd.DataFrame, *,
                       trend_confidence: float = 0.90) -> pd.DataFrame:
    """One row per target with the measures of the module doc (columns :data:`OUTPUT_COLUMNS`).

    ``targets`` and ``observations`` have the columns of :mod:`zyanalysis.data.schemas`. Pure: no
    file is read. Series are matched on jurisdiction, indicator and industry.
    """
    rows = [_score_one(t, observations, trend_confidence) for _, t in targets.iterrows()]
    out = pd.DataFrame(rows, columns=OUTPUT_COLUMNS)
    for c in ("target_year", "base_year", "first_year", "latest_year", "n_obs"):
        out[c] = out[c].astype("Int64")
    for c in ("met",):
        out[c] = out[c].astype("boolean")
    for c in ("target_value", "target_level", "base_level", "first_value", "latest_value",
              "ratio", "gap", "required_growth", "actual_growth", "growth_ratio", "projected",
              "projected_low", "projected_high", "csi", "api", "api_projected"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    for c in ("target_id", "jurisdiction", "indicator", "indicator_zh", "indicator_en",
              "industry_id", "unit", "comparator", "latest_kind", "trend_scale", "status",
              "reason", "source"):
        out[c] = out[c].astype("string")
    return out


def attainment(jurisdiction: str | None = None, *, targets: pd.DataFrame | None = None,
               observations: pd.DataFrame | None = None,
               trend_confidence: float = 0.90) -> pd.DataFrame:
    """Attainment of every target (of one ``jurisdiction`` id or name, if given).

    Loads ``targets`` / ``observations`` only when they are not passed. See the module doc for
    the columns; e.g. ``attainment('ganzhou')[['indicator_zh', 'ratio', 'status']]``.
    """
    if targets is None:
        from zyanalysis.data.loaders import load_targets
        targets = load_targets()
    if observations is None:
        from zyanalysis.data.loaders import load_observations
        observations = load_observations()
    if jurisdiction is not None:
        from zyanalysis.reference.jurisdictions import resolve_jurisdiction
        jid = resolve_jurisdiction(jurisdiction)
        if jid is None:
            raise ValueError(f"unknown jurisdiction {jurisdiction!r}")
        targets = targets[targets["jurisdiction_id"] == jid]
    return compute_attainment(targets, observations, trend_confidence=trend_confidence)


def collapse_restatements(att: pd.DataFrame) -> pd.DataFrame:
    """One row per target that a document states more than once (same jurisdiction, indicator,
    year, comparator and value — e.g. 001's table row and its prose on line 5), with every
    source kept: ``source`` becomes ``'001:65; 001:5'``. Rows whose values differ are kept
    apart (the parsers record those as findings). Order of first appearance is preserved.
    """
    if att.empty:
        return att
    key = ["jurisdiction", "indicator", "target_year", "comparator", "target_value"]
    k = att[key].astype("string").fillna("<NA>").agg("|".join, axis=1)
    sources = att.groupby(k, sort=False)["source"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    out = att[~k.duplicated()].copy()
    out["source"] = k[~k.duplicated()].map(sources).to_numpy()
    return out.reset_index(drop=True)
