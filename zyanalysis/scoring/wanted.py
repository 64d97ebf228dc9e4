"""What data is wanted: the actuals that numeric targets still lack.

A target can only be scored against an actual. :func:`data_wanted` lists, for every numeric
target, the actual it needs and nobody has supplied yet:

* a target whose year is over (``as_of`` later than 31 December of ``target_year``) wants the
  actual of its target year;
* a target whose year is not over wants the actual of the latest completed year
  (``as_of.year − 1``), to tell whether it is on track.

Statistics for a year come out the next spring (统计公报, about April), so ``why`` says whether
the figure should already be published. Estimates (预计) do not count as the actual. The
frame feeds ``zyanalysis template actuals --missing`` and the reports.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

NUMERIC = (">=", ">", "<=", "<", "=", "~", "range")
"""Comparators of targets with a figure to score."""

COLUMNS = ["jurisdiction_id", "indicator_id", "indicator_zh", "unit", "industry_id", "year", "why", "target_ids"]
PUBLISHED_BY = (4, 1)
"""(month, day) of the year after by which a year's statistics are usually published."""


def wanted_year(target_year: int, as_of: dt.date) -> int:
    """The year whose actual a target due in ``target_year`` needs on ``as_of``."""
    return target_year if as_of > dt.date(target_year, 12, 31) else as_of.year - 1


def _why(year: int, target_year: int, as_of: dt.date) -> str:
    published = as_of >= dt.date(year + 1, *PUBLISHED_BY)
    when = f"published since spring {year + 1}" if published else f"expected spring {year + 1}"
    if year == target_year:
        return f"target year {year} is over: its actual is needed to score the target ({when})"
    return f"latest completed year {year}: needed to see whether the {target_year} target is on track ({when})"


def data_wanted(targets: pd.DataFrame, observations: pd.DataFrame, *, as_of: dt.date) -> pd.DataFrame:
    """One row per (jurisdiction, indicator, year) whose actual some numeric target lacks.

    ``targets`` and ``observations`` are the tables of :mod:`zyanalysis.data.schemas`.
    Columns: ``jurisdiction_id, indicator_id, indicator_zh, unit, industry_id, year`` (the
    calendar year wanted), ``why`` (plain English) and ``target_ids`` (the targets served,
    ``|``-joined). Sorted by jurisdiction, indicator and year.
    """
    t = targets[targets["comparator"].isin(NUMERIC) & targets["target_value"].notna()]
    have = set(zip(*[observations.loc[observations["kind"] == "actual", c]
                     for c in ("jurisdiction_id", "indicator_id", "year")]))
    wanted: dict[tuple[str, str, int], dict] = {}
    for r in t.itertuples(index=False):
        target_year = int(r.target_year)
        year = wanted_year(target_year, as_of)
        key = (r.jurisdiction_id, r.indicator_id, year)
        if key in have or year < 2000:
            continue
        row = wanted.setdefault(key, dict(
            jurisdiction_id=r.jurisdiction_id, indicator_id=r.indicator_id, indicator_zh=r.indicator_zh,
            unit=r.unit, industry_id=None if pd.isna(r.industry_id) else r.industry_id, year=year,
            why=_why(year, target_year, as_of), target_ids=[]))
        row["target_ids"].append(r.target_id)
        if year == target_year:  # 'the target year is over' is the stronger reason
            row["why"] = _why(year, target_year, as_of)
    rows = [{**w, "target_ids": "|".join(sorted(w["target_ids"]))} for w in wanted.values()]
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["year"] = out["year"].astype("Int64")
    return out.sort_values(["jurisdiction_id", "indicator_id", "year"], ignore_index=True)
