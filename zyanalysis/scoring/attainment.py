"""Target attainment as of a date: is each target met, missed, on its way, or not yet known?

The core, :func:`compute_attainment`, is pure: it takes the ``targets``, ``observations`` and
``indicators`` tables (columns in :mod:`zyanalysis.data.schemas`) and returns one row per
target. :func:`attainment` is the public face that loads the tables when they are not passed.

As of a date
------------
Every verdict is stated ``as_of`` a date (default: today). A year's figure can only exist once
the year is over, so evidence for year *Y* counts from 1 January *Y*+1 (statistics for a year
come out the next spring; we do not know the exact day). A target's year is *over* once
``as_of`` is past 31 December of that year.

Evidence
--------
* A target is never its own evidence: a figure for the target's year stated on one of the
  target's own source lines is left out (a baseline for an earlier year on that line stays).
  预计 sentences give estimates, not targets (001 line 8: "2024年…产值预计达到56亿元，力争
  2025年…60亿元" is a 2024 estimate and a 2025 target).
* A plan's estimate (预计) is shown, and counts for the pace, but it never makes a target met,
  achieved or "already at target": only an ``actual`` does.
* A target stated more than once (001's table row and its prose) is one row, with every source
  in ``source`` (``'001:65; 001:5'``) and every id in ``target_ids``.

Statuses (:data:`STATUSES`)
---------------------------
``achieved`` / ``not_achieved``
    the target year is over and an actual for that year exists; ``gap`` says by how much, in the
    indicator's unit (percentage points for % indicators).
``on_track`` / ``at_risk`` / ``off_track``
    the target year is not over; judged by pace (below). A target already reached by an earlier
    actual is ``on_track`` ("already at target") until its year's figure confirms it.
``awaiting_data``
    the target year is over and no actual for it exists yet: the latest evidence and the
    projection are shown as context, never as a verdict.
``not_scorable``
    qualitative, no figure, or no usable data; ``reason`` says which.

``latest_source`` names where the latest figure comes from (``'001:64'``, or a researcher's
``'actuals/2025.csv:2'``), beside ``source``, the target's own lines.

Arithmetic per kind (the catalogue's ``kind``, :data:`zyanalysis.reference.indicators.KINDS`)
----------------------------------------------------------------------------------------------
``pace_unit`` names the unit of ``required_pace``, ``actual_pace`` and ``latest_pace``:

* ``level`` and ``cap`` (亿元, 万吨标准煤 …): compound growth, ``%/yr``; trend on the log scale.
  ``required_pace = ((target/latest)^(1/years) − 1) × 100``.
* ``stock`` (户, 家, 个 …): linear, ``<unit>/yr``: ``(target − latest)/years``.
* ``share`` and a ``reduction`` series stated as the cut itself (002's 单位GDP能耗降低): linear
  in percentage points, ``pp/yr``; projections bounded to 0–100. 11.4 → 12 in one year needs
  +0.6 pp/yr (not 5.3 %).
* ``reduction`` against a base year (001: 能耗 −13.5 % vs 2020): the cut achieved so far,
  ``(base − latest)/base × 100``, in pp; paces in pp of cut per year.
* ``growth_rate`` (增速) and ``flow`` (per-year amounts): each year's figure against the target
  figure, never compounded; ``year_by_year`` lists them ("2021 12.5 ✓; 2022 15 ✓; 2023 8.6 ✗;
  2024 8 est. ✗"). No pace, no projection.

Pace (targets whose year is not over): the long-run pace is from the first figure (or the
stated baseline) to the latest; the latest-year pace from the figure before the latest. The
status is ``on_track`` when ``pace_ratio = actual_pace/required_pace ≥ 1``, ``at_risk`` when
≥ 0.5, ``off_track`` below; but a target whose latest figure moved away from it is never
``on_track`` (investment 84.1 → 76 reads ``at_risk`` or worse whatever the growth since 2021).
For growth rates and flows: the latest figure meets the target → ``on_track``; it misses and so
did the one before → ``off_track``; one miss → ``at_risk``.

Projection: a Theil–Sen line (:func:`scipy.stats.theilslopes`) through the figures up to the
as-of date, evaluated in the target year, with a ``trend_confidence`` interval — only from
three or more years (two points give no interval), and never outside the indicator's range
(shares 0–100, counts and amounts ≥ 0).

Comparators: ``'>='``, ``'>'`` (strict: '＞60' is met by 60.5, not 60), ``'<='``, ``'<'``,
``'='``; ``'~'`` (左右, about) is met within ±5 % of the target or beyond it in the good
direction (:data:`ABOUT_TOLERANCE`); ``'range'`` (5%—5.5%) is met at its lower bound when more
is better, at or below its upper bound when less is better.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from zyanalysis.reference.indicators import catalogue

STATUSES: dict[str, str] = {
    "achieved": "已达标 achieved",
    "not_achieved": "未达标 not achieved",
    "on_track": "进展正常 on track",
    "at_risk": "有风险 at risk",
    "off_track": "偏离目标 off track",
    "awaiting_data": "待数据 awaiting data",
    "not_scorable": "无法评分 not scorable",
}
"""Status classes in display order, with their bilingual labels (the one list of them)."""

QUALITATIVE = ("national", "pending", "qualitative")
"""Comparators of targets that have no number to score against."""

PACE_THRESHOLDS = {"on_track": 1.0, "at_risk": 0.5}
"""``pace_ratio`` at or above which a target is on track / at risk."""

ABOUT_TOLERANCE = 0.05
"""'~' (左右): relative band around the target within which it counts as met."""

REL_TOL = 1e-9
"""Relative tolerance of comparisons (floating-point noise only, never rounding of figures)."""

MIN_TREND_POINTS = 3
"""Fewest years from which a trend interval is drawn."""

OUTPUT_COLUMNS = [
    "target_id", "target_ids", "jurisdiction", "indicator", "indicator_zh", "indicator_en",
    "industry_id", "kind", "unit", "comparator", "target_year", "target_value", "target_high",
    "target_level", "is_reduction", "base_year", "base_level", "aspirational", "as_of",
    "year_over", "n_obs", "first_year", "first_value", "latest_year", "latest_value",
    "latest_kind", "latest_source", "latest_actual_year", "latest_actual_value", "target_year_actual", "met",
    "ratio", "gap", "pace_unit", "required_pace", "actual_pace", "latest_pace", "pace_ratio",
    "moved_away", "year_by_year", "projected", "projected_low", "projected_high", "trend_scale",
    "status", "reason", "source",
]
"""Columns of :func:`compute_attainment`'s result, in order."""

_PERCENT_SERIES = ("share", "growth_rate")


def parse_as_of(as_of: dt.date | str | None) -> dt.date:
    """``as_of`` as a date: a date, 'YYYY-MM-DD', or None for today."""
    if as_of is None:
        return dt.date.today()
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    try:
        return dt.date.fromisoformat(str(as_of).strip())
    except ValueError:
        raise ValueError(f"as_of {as_of!r} is not a date (YYYY-MM-DD)") from None


def compare(value: float, comparator: str, target: float, high: float = math.nan,
            higher_is_better: bool = True) -> bool:
    """Whether ``value`` satisfies ``comparator target`` (see the module doc for '~', 'range').

    ``compare(60, '>', 60)`` is False, ``compare(60.5, '>', 60)`` True.
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
    if comparator == "~":
        band = ABOUT_TOLERANCE * abs(target) + tol
        return value >= target - band if higher_is_better else value <= target + band
    if comparator == "range":
        if higher_is_better:
            return value >= target - tol
        return value <= (high if high == high else target) + tol
    raise ValueError(f"comparator {comparator!r} has no numeric meaning")


def cagr_pct(v0: float, v1: float, years: float) -> float:
    """Compound annual growth from ``v0`` to ``v1`` over ``years``, in % a year; NaN if undefined."""
    if years <= 0 or not (v0 > 0 and v1 > 0):
        return math.nan
    return ((v1 / v0) ** (1.0 / years) - 1.0) * 100.0


# scipy's z for each confidence level in use: norm.ppf((1 - confidence) / 2), to the last bit
# (tests/test_attainment.py checks them against scipy)
_NORM_PPF = {0.90: -1.6448536269514729, 0.95: -1.959963984540054}


def _theilslopes(y: np.ndarray, x: np.ndarray, confidence: float) -> tuple[float, float, float]:
    """``scipy.stats.theilslopes(y, x, alpha=confidence)``'s slope and slope bounds, computed
    the same way, step for step (Sen 1968, eq. 2.6), without importing scipy.stats (1 s per
    process). Inputs it does not cover exactly (non-finite values, other levels) go to scipy."""
    if confidence not in _NORM_PPF or not (np.isfinite(x).all() and np.isfinite(y).all()):
        from scipy import stats  # slow to import; only the uncovered cases need it

        slope, _, lo_s, hi_s = stats.theilslopes(y, x, alpha=confidence)
        return slope, lo_s, hi_s
    deltax = x[:, np.newaxis] - x
    deltay = y[:, np.newaxis] - y
    slopes = deltay[deltax > 0] / deltax[deltax > 0]
    slopes.sort()
    medslope = np.median(slopes)
    z = _NORM_PPF[confidence]
    ny = len(y)
    sigsq = 1 / 18. * (ny * (ny - 1) * (2 * ny + 5)
                       - sum(k * (k - 1) * (2 * k + 5) for k in _repeats(x))
                       - sum(k * (k - 1) * (2 * k + 5) for k in _repeats(y)))
    nt = len(slopes)
    try:
        sigma = np.sqrt(sigsq)
        ru = min(int(np.round((nt - z * sigma) / 2.)), len(slopes) - 1)
        rl = max(int(np.round((nt + z * sigma) / 2.)) - 1, 0)
        delta = slopes[[rl, ru]]
    except (ValueError, IndexError):
        delta = (np.nan, np.nan)
    return medslope, delta[0], delta[1]


def _repeats(a: np.ndarray) -> np.ndarray:
    """How often each value that occurs more than once occurs (scipy's ``_find_repeats``)."""
    a = np.sort(np.asarray(a, np.float64).ravel())
    change = np.concatenate(([True], a[1:] != a[:-1]))
    freq = np.diff(np.concatenate(np.nonzero(change) + ([a.size],)))
    return freq[freq > 1]


def theil_sen_projection(years: np.ndarray, values: np.ndarray, year: int, *, log: bool,
                         confidence: float = 0.90, bounds: tuple[float, float] = (-math.inf, math.inf),
                         ) -> tuple[float, float, float]:
    """Theil–Sen projection to ``year``: (projected, low, high), clipped to ``bounds``.

    Log scale when ``log`` (constant growth), else linear. The interval pivots each slope bound on
    (median year, median value), like the Theil–Sen intercept; it needs
    :data:`MIN_TREND_POINTS` distinct years (NaN otherwise), the projection two.
    """
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    n = len(np.unique(x))
    if n < 2 or (log and not np.all(y > 0)):
        return math.nan, math.nan, math.nan
    yy = np.log(y) if log else y
    slope, lo_s, hi_s = _theilslopes(yy, x, confidence)
    xm, ym = np.median(x), np.median(yy)
    preds = [ym + s * (year - xm) for s in (slope, lo_s, hi_s)]
    if log:
        preds = [math.exp(p) for p in preds]
    lo_b, hi_b = bounds
    p, a, b = (min(max(v, lo_b), hi_b) for v in preds)
    if n < MIN_TREND_POINTS:
        return float(p), math.nan, math.nan
    return float(p), float(min(a, b)), float(max(a, b))


def _bounds(kind: str) -> tuple[float, float]:
    """Range of the indicator's values: shares 0–100, amounts and counts ≥ 0."""
    if kind in ("share",):
        return 0.0, 100.0
    if kind in ("level", "stock", "flow", "cap"):
        return 0.0, math.inf
    return -math.inf, math.inf


# ----------------------------------------------------------------------- restatements, series

def merge_restatements(targets: pd.DataFrame) -> pd.DataFrame:
    """One row per target that documents state more than once (same jurisdiction, industry,
    indicator, year, comparator and value), keeping the first and listing every source and id.

    Rows whose values differ stay apart (the parsers record those as findings).
    """
    if targets.empty:
        return targets.assign(target_ids=pd.Series(dtype="string"))
    key_cols = ["jurisdiction_id", "industry_id", "indicator_id", "target_year", "comparator", "target_value"]
    cols = targets[key_cols].astype("string").fillna("<NA>")
    key = cols[key_cols[0]].str.cat([cols[c] for c in key_cols[1:]], sep="|")  # row-wise "|".join
    g = targets.groupby(key, sort=False)
    out = targets[~key.duplicated()].copy()
    k = key[~key.duplicated()]
    out["source"] = k.map(g["source"].agg(lambda s: "; ".join(dict.fromkeys(s)))).to_numpy()
    out["target_ids"] = k.map(g["target_id"].agg(lambda s: "; ".join(dict.fromkeys(s)))).to_numpy()
    out["aspirational"] = k.map(g["aspirational"].agg(lambda s: bool(s.astype(bool).all()))).to_numpy()
    return out.reset_index(drop=True)


def _series_index(observations: pd.DataFrame) -> dict[tuple, pd.DataFrame]:
    """Observations grouped once by (jurisdiction, indicator, industry), sorted by year."""
    o = observations.assign(_ind=observations["industry_id"].astype("string").fillna(""))
    return {k: g.sort_values("year") for k, g in o.groupby(["jurisdiction_id", "indicator_id", "_ind"], sort=False)}


def _evidence(s: pd.DataFrame, own_sources: set[str], as_of: dt.date, target_year: int) -> pd.DataFrame:
    """The series as known on ``as_of``: years already over, up to the target year, and not the
    target's own statement (a figure for the target year on one of the target's own source
    lines); where a year has an actual and an estimate, the actual wins. A baseline stated on
    the target's line for an earlier year (002's 2016 column) stays: it is a past figure."""
    year, kind, source = s["year"], s["kind"], s["source"]
    if year.hasnans or kind.hasnans or source.hasnans:  # the general path (no table has such rows)
        own = source.isin(own_sources) & (year == target_year)
        s = s[(year < as_of.year) & (year <= target_year) & ~own]
        if s.empty:
            return s
        s = s.assign(_pref=(s["kind"] != "actual").astype(int)).sort_values(["year", "_pref"])
        return s.drop_duplicates("year", keep="first").drop(columns="_pref").reset_index(drop=True)
    # the same rows in the same order, on plain arrays (pandas costs ~2 ms a target here)
    y = year.to_numpy(dtype="int64")
    own = np.fromiter((x in own_sources for x in source), bool, len(s)) & (y == target_year)
    pos = np.flatnonzero((y < as_of.year) & (y <= target_year) & ~own)
    if not len(pos):
        return s.iloc[pos]
    pref = np.fromiter((k != "actual" for k in kind.to_numpy()[pos]), int, len(pos))
    pos = pos[np.lexsort((pref, y[pos]))]  # stable, by year then actual first, as sort_values
    first = np.concatenate(([True], y[pos][1:] != y[pos][:-1]))
    return s.iloc[pos[first]].reset_index(drop=True)


# ----------------------------------------------------------------------- scoring one target

def _blank(t: Mapping, kind: str, as_of: dt.date) -> dict:
    return {
        "target_id": t["target_id"], "target_ids": t.get("target_ids", t["target_id"]),
        "jurisdiction": t["jurisdiction_id"], "indicator": t["indicator_id"],
        "indicator_zh": t["indicator_zh"], "indicator_en": t["indicator_en"],
        "industry_id": t.get("industry_id"), "kind": kind, "unit": t["unit"],
        "comparator": t["comparator"], "target_year": t["target_year"],
        "target_value": t["target_value"], "target_high": t.get("target_high", math.nan),
        "is_reduction": bool(t["is_reduction"]), "base_year": t.get("base_year"),
        "aspirational": bool(t["aspirational"]), "as_of": as_of.isoformat(),
        "year_over": as_of.year > int(t["target_year"]), "n_obs": 0, "source": t["source"],
        "status": "not_scorable",
    }


def _not_scorable_reason(t: Mapping, kind: str, s: pd.DataFrame, s_all: pd.DataFrame) -> str | None:
    if t["comparator"] in QUALITATIVE or kind == "qualitative":
        return {"national": "qualitative target (完成国家指标: meet the national quota)",
                "pending": "no target figure in the table ('-' or '/')",
                }.get(t["comparator"], "qualitative target")
    if pd.isna(t["target_value"]):
        return "target has no numeric value"
    if not bool(t["is_reduction"]):
        units = set(s_all["unit"].dropna())
        if units and units != {t["unit"]}:
            return f"observations are in {sorted(units)}, the target in {t['unit']!r}"
    return None


def _level_for(t: Mapping, s: pd.DataFrame, s_all: pd.DataFrame) -> tuple[float, float]:
    """(target level, base level) of a reduction target: base × (1 − cut/100)."""
    by = t.get("base_year")
    if pd.isna(by):
        return math.nan, math.nan
    if pd.notna(t.get("base_value")) and t.get("base_value_year") == by:
        base = float(t["base_value"])
    else:
        hit = s_all[s_all["year"] == by]
        base = float(hit["value"].iloc[0]) if len(hit) else math.nan
    if base != base or base == 0:
        return math.nan, base
    return base * (1 - float(t["target_value"]) / 100.0), base


def _measure(kind: str, reduction: bool, base: float, v: float) -> float:
    """The quantity compared with the target: the cut in % for a base-year reduction, else v."""
    return (base - v) / base * 100.0 if reduction else v


def _pace(kind: str, v0: float, v1: float, years: float, hib: bool) -> float:
    """Pace from v0 to v1 over ``years`` in the kind's unit (%/yr, pp/yr, units/yr)."""
    if years <= 0:
        return math.nan
    if kind in ("level", "cap"):
        return cagr_pct(v0, v1, years)
    return (v1 - v0) / years


def _pace_unit(kind: str, unit: str, reduction: bool) -> str:
    if reduction:
        return "pp/yr"
    if kind in ("level", "cap"):
        return "%/yr"
    if kind in ("share", "reduction") or unit == "%":
        return "pp/yr"
    if kind == "stock":
        return f"{unit}/yr"
    return ""


def _fmt(v: float) -> str:
    return f"{v:g}"


def _score_one(t: Mapping, kind: str, series: pd.DataFrame, as_of: dt.date,
               confidence: float) -> dict:
    row = _blank(t, kind, as_of)
    own = set(str(t["source"]).split("; "))
    ty = int(t["target_year"])
    s = _evidence(series, own, as_of, ty) if len(series) else series
    row["n_obs"] = len(s)
    reason = _not_scorable_reason(t, kind, s, series)
    if reason:
        row["reason"] = reason
        return row
    hib = bool(t["higher_is_better"])
    comp, tv = t["comparator"], float(t["target_value"])
    high = float(t["target_high"]) if pd.notna(t.get("target_high", math.nan)) else math.nan
    reduction = bool(t["is_reduction"])
    if reduction:
        level, base = _level_for(t, s, series)
        if level != level:
            row["reason"] = f"no level for the reduction's base year {t.get('base_year')}"
            return row
        row.update(target_level=level, base_level=base)
    else:
        level, base = tv, math.nan
        row["target_level"] = tv
    # a reduction's cut is 'at least target_value' whichever way the document wrote it
    cmp_op, cmp_hib = (">" if comp in (">", "<") else ">=", True) if reduction else (comp, hib)

    def meets(v: float) -> bool:
        return compare(_measure(kind, reduction, base, v), cmp_op, tv, high, cmp_hib)

    per_year = kind in ("growth_rate", "flow") and not reduction
    row["pace_unit"] = None if per_year else _pace_unit(kind, t["unit"], reduction)
    if s.empty:
        row["status"] = "awaiting_data" if row["year_over"] else "not_scorable"
        row["reason"] = f"no actual for {ty} yet" if row["year_over"] else "no figures of this indicator yet"
        return row

    actuals = s[s["kind"] == "actual"]
    years = s["year"].to_numpy(dtype=int)
    vals = s["value"].to_numpy(dtype=float)
    latest = s.iloc[-1]
    ly, lv = int(latest["year"]), float(latest["value"])
    row.update(first_year=int(years[0]), first_value=float(vals[0]), latest_year=ly, latest_value=lv,
               latest_kind=latest["kind"], latest_source=latest["source"])
    if len(actuals):
        row.update(latest_actual_year=int(actuals["year"].iloc[-1]),
                   latest_actual_value=float(actuals["value"].iloc[-1]))
    ty_actual = actuals[actuals["year"] == ty]
    if len(ty_actual):
        row["target_year_actual"] = float(ty_actual["value"].iloc[0])

    m_latest = _measure(kind, reduction, base, lv)
    row["met"] = meets(lv) if latest["kind"] == "actual" else False
    want_more = True if reduction else hib
    row["gap"] = (tv - m_latest) if want_more else (m_latest - tv)
    if m_latest and tv:
        row["ratio"] = (m_latest / tv) if want_more else (tv / m_latest)

    if per_year:
        marks = [f"{y} {_fmt(v)}{' est.' if k != 'actual' else ''} {'✓' if meets(v) else '✗'}"
                 for y, v, k in zip(s["year"], s["value"], s["kind"])]
        row["year_by_year"] = "; ".join(marks)
    else:
        _paces(row, kind, reduction, base, s, t, ty, hib, confidence)

    # --------------------------------------------------------------- the verdict
    if row["year_over"]:
        if len(ty_actual):  # the evidence ends at the target year, where an actual wins: it is the latest
            row["status"] = "achieved" if row["met"] else "not_achieved"
            row["reason"] = f"{ty} actual {_fmt(lv)} {t['unit']}"
        else:
            row["status"] = "awaiting_data"
            row["reason"] = f"no actual for {ty} yet"
        return row

    if per_year:
        row["status"], row["reason"] = _per_year_status(s, meets)
        return row

    if len(actuals) and meets(float(actuals["value"].iloc[-1])):
        if latest["kind"] == "actual" or meets(lv):
            row["status"] = "on_track"
            row["reason"] = (f"already at target ({row['latest_actual_year']} actual); "
                             f"awaiting the {ty} figure to confirm")
        else:  # a later estimate falls short again: the earlier actual is no longer enough
            row["status"] = "at_risk"
            row["reason"] = (f"the {row['latest_actual_year']} actual "
                             f"{_fmt(row['latest_actual_value'])} met the target, but the {ly} "
                             f"estimate {_fmt(lv)} is short of it")
        return row
    if len(s) < 2:
        row["reason"] = "only one figure: no pace to judge"
        return row
    ratio = row.get("pace_ratio", math.nan)
    if ratio != ratio:
        row["reason"] = "pace cannot be computed"
        return row
    on, risk = PACE_THRESHOLDS["on_track"], PACE_THRESHOLDS["at_risk"]
    status = "on_track" if ratio >= on else "at_risk" if ratio >= risk else "off_track"
    if row.get("moved_away") and status == "on_track":
        status = "at_risk"
    row["status"] = status
    if row.get("moved_away"):
        prev = s.iloc[-2]
        row["reason"] = (f"latest figure moved away from the target ({_fmt(float(prev['value']))} → "
                         f"{_fmt(lv)}, {int(prev['year'])}–{ly})")
    return row


def _per_year_status(s: pd.DataFrame, meets) -> tuple[str, str]:
    """Growth rates and flows, each year on its own: the latest actual decides, a later plan
    estimate can only lower the verdict; two misses in a row are off track."""
    ok = [meets(float(v)) for v in s["value"]]
    years = [int(y) for y in s["year"]]
    actual = [i for i, k in enumerate(s["kind"]) if k == "actual"]
    last = len(ok) - 1
    if not actual:
        return "at_risk" if ok[last] else "off_track", (
            f"only the plan's {years[last]} estimate, which {'meets' if ok[last] else 'misses'} the target")
    a = actual[-1]
    if ok[a] and ok[last]:
        also = f"; so does the {years[last]} estimate" if last != a else ""
        return "on_track", f"{years[a]} actual meets the target{also}"
    if ok[a]:
        return "at_risk", f"the {years[a]} actual met the target, but the {years[last]} estimate misses it"
    if last >= 1 and not ok[last - 1] and not ok[last]:
        return "off_track", f"{years[last - 1]} and {years[last]} both miss the target"
    return "at_risk", f"{years[last]} misses the target"


def _paces(row: dict, kind: str, reduction: bool, base: float, s: pd.DataFrame, t: Mapping,
           ty: int, hib: bool, confidence: float) -> None:
    """Required, long-run and latest-year pace, pace ratio, movement and projection of ``row``."""
    years = s["year"].to_numpy(dtype=int)
    vals = s["value"].to_numpy(dtype=float)
    ly = int(years[-1])
    k = "share" if reduction else kind  # a cut is in pp of the base
    m = np.array([_measure(kind, reduction, base, v) for v in vals])
    goal = float(t["target_value"])
    want_more = True if reduction else hib
    # long-run: from the stated baseline when it is earlier than the series
    y0, m0 = int(years[0]), float(m[0])
    if not reduction and pd.notna(t.get("base_value")) and pd.notna(t.get("base_value_year")) \
            and int(t["base_value_year"]) < y0:
        y0, m0 = int(t["base_value_year"]), float(t["base_value"])
    if ty > ly:
        row["required_pace"] = _pace(k, float(m[-1]), goal, ty - ly, want_more)
    row["actual_pace"] = _pace(k, m0, float(m[-1]), ly - y0, want_more)
    if len(m) >= 2:
        row["latest_pace"] = _pace(k, float(m[-2]), float(m[-1]), ly - int(years[-2]), want_more)
        step = float(m[-1]) - float(m[-2])
        row["moved_away"] = bool(step < 0) if want_more else bool(step > 0)
    rq, ac = row.get("required_pace", math.nan), row.get("actual_pace", math.nan)
    if rq == rq and ac == ac and rq != 0:
        row["pace_ratio"] = ac / rq
    log = kind in ("level", "cap") and not reduction
    p, lo, hi = theil_sen_projection(years, vals, ty, log=log, confidence=confidence,
                                     bounds=_bounds("share" if kind == "reduction" else kind))
    row.update(projected=p, projected_low=lo, projected_high=hi,
               trend_scale=("log" if log else "linear") if p == p else None)


def compute_attainment(targets: pd.DataFrame, observations: pd.DataFrame,
                       indicators: pd.DataFrame | None = None, *,
                       as_of: dt.date | str | None = None,
                       trend_confidence: float = 0.90) -> pd.DataFrame:
    """One row per target as of ``as_of`` (columns :data:`OUTPUT_COLUMNS`; module doc).

    ``indicators`` is the catalogue table (kind per indicator); without it the shipped catalogue
    is used. Restatements are merged first (:func:`merge_restatements`). Pure: no file is read.
    """
    day = parse_as_of(as_of)
    kinds = _kinds(indicators)
    merged = merge_restatements(targets)
    # only the series some target reads (a county's 20 targets need not group every series)
    wanted = observations["jurisdiction_id"].isin(merged["jurisdiction_id"]) & \
        observations["indicator_id"].isin(merged["indicator_id"])
    index = _series_index(observations[wanted.fillna(False).to_numpy(dtype=bool)])
    empty = observations.iloc[0:0]
    rows = []
    # each target as a dict of the values iterrows would give (one object array for the frame:
    # iterrows and Series lookups cost ~0.3 ms a target); _score_one reads t[...] and t.get only
    cols = list(merged.columns)
    for vals in merged.to_numpy(dtype=object):
        t = dict(zip(cols, vals))
        key = (t["jurisdiction_id"], t["indicator_id"], "" if pd.isna(t.get("industry_id")) else t["industry_id"])
        kind = kinds.get(t["indicator_id"], "level")
        rows.append(_score_one(t, kind, index.get(key, empty), day, trend_confidence))
    return _typed(pd.DataFrame(rows, columns=OUTPUT_COLUMNS))


def _kinds(indicators: pd.DataFrame | None) -> dict[str, str]:
    if indicators is None:
        return {i.indicator_id: i.kind for i in catalogue().values()}
    return dict(zip(indicators["indicator_id"], indicators["kind"]))


def _typed(out: pd.DataFrame) -> pd.DataFrame:
    for c in ("target_year", "base_year", "first_year", "latest_year", "latest_actual_year", "n_obs"):
        out[c] = out[c].astype("Int64")
    for c in ("met", "moved_away", "year_over"):
        out[c] = out[c].astype("boolean")
    for c in ("target_value", "target_high", "target_level", "base_level", "first_value", "latest_value",
              "latest_actual_value", "target_year_actual", "ratio", "gap", "required_pace",
              "actual_pace", "latest_pace", "pace_ratio", "projected", "projected_low", "projected_high"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    for c in ("ratio", "gap", "required_pace", "actual_pace", "latest_pace", "pace_ratio"):
        out[c] = out[c].round(10)  # 12 − 11.4 reads 0.6, not 0.5999999999999996
    for c in ("target_id", "target_ids", "jurisdiction", "indicator", "indicator_zh", "indicator_en",
              "industry_id", "kind", "unit", "comparator", "as_of", "latest_kind", "latest_source", "pace_unit",
              "year_by_year", "trend_scale", "status", "reason", "source"):
        out[c] = out[c].astype("string")
    out["aspirational"] = out["aspirational"].astype(bool)
    out["is_reduction"] = out["is_reduction"].astype(bool)
    return out


def status_counts(att: pd.DataFrame) -> dict[str, int]:
    """Targets per status, in :data:`STATUSES` order (every status present, 0 when none)."""
    c = att["status"].value_counts()
    return {s: int(c.get(s, 0)) for s in STATUSES}
