"""Loaders: each returns one validated table from ``data/processed``.

On a fresh clone, or after a raw file or the package changed, the first load builds the
tables (``zyanalysis.data.build``); later loads read the parquet cache. Columns and dtypes are
documented in :mod:`zyanalysis.data.schemas` and in ``data/processed/TABLES.md``.
"""
from __future__ import annotations

import threading

import pandas as pd

from zyanalysis import paths
from zyanalysis.data import schemas
from zyanalysis.data.build import build, fingerprint, is_stale

_lock = threading.Lock()
_cache: dict[tuple[str, str, str], pd.DataFrame] = {}


def _load(table: str) -> pd.DataFrame:
    """Read ``table``, building first if the processed data are missing or stale."""
    with _lock:
        out = paths.processed_dir()
        if is_stale(out=out):
            build(out=out)
            _cache.clear()
        key = (str(out), fingerprint(), table)
        if key not in _cache:
            df = pd.read_parquet(out / f"{table}.parquet")
            _cache[key] = schemas.validate(table, schemas.coerce(table, df))
        return _cache[key].copy()


def load_projects() -> pd.DataFrame:
    """Project registries of 000 (81 Zhangye eco-industry projects) and 003 (Qinghai fair).

    One row per project; investment in 亿元 (``investment_yi``).
    """
    return _load("projects")


def load_observations() -> pd.DataFrame:
    """Indicator values per jurisdiction and year (actual or 预计 estimate), incl. user actuals."""
    return _load("observations")


def load_targets() -> pd.DataFrame:
    """Targets with comparator, direction, reduction base year and 力争 flag."""
    return _load("targets")


def load_responsibilities() -> pd.DataFrame:
    """Who leads what, in long form: subject → role → person or department."""
    return _load("responsibilities")


def load_frameworks() -> pd.DataFrame:
    """Assessment indicator systems (000 county/lead/responsible, 003 disclosure, 004 wage)."""
    return _load("frameworks")


def load_jurisdictions() -> pd.DataFrame:
    """Province, city, the six counties and 张掖经开区 (plus Qinghai), with aliases."""
    return _load("jurisdictions")


def load_indicators() -> pd.DataFrame:
    """The indicator catalogue: names, unit, kind (the arithmetic of attainment) and direction."""
    return _load("indicators")


def load_industries() -> pd.DataFrame:
    """Zhangye's ten eco-industries, Ganzhou's seven leading and Gansu's ten green industries."""
    return _load("industries")


def load_regions() -> pd.DataFrame:
    """Regional layout paragraphs (002: 中部, 河西 — which holds Zhangye —, 陇东南)."""
    return _load("regions")


def load_findings() -> pd.DataFrame:
    """Places where a document disagrees with itself (never corrected, only reported)."""
    return _load("findings")
