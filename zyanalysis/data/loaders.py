"""Loaders: each returns one validated table from ``data/processed``.

On a fresh clone, or after a raw file or the package changed, the first load builds the
tables (``zyanalysis.data.build``); later loads read the parquet cache. Columns and dtypes are
documented in :mod:`zyanalysis.data.schemas` and in ``data/processed/TABLES.md``.

A table file altered, truncated or removed after the build (its SHA-256 no longer matches the
one in ``build_meta.json``) is rebuilt, with one line on stderr; a loader never returns it.
"""
from __future__ import annotations

import sys
import threading
from pathlib import Path

import pandas as pd

from zyanalysis import paths
from zyanalysis.data import schemas
from zyanalysis.data.build import build, fingerprint, read_meta, stale_reason, table_problem
from zyanalysis.exceptions import DataError

_lock = threading.Lock()
_cache: dict[tuple[str, str, str], pd.DataFrame] = {}


def _load_many(tables) -> dict[str, pd.DataFrame]:
    """Read ``tables`` (one freshness check for all of them), building first if the processed
    data are missing, stale or damaged."""
    with _lock:
        out = paths.processed_dir()
        fp = fingerprint()
        reason = stale_reason(out=out, fp=fp)
        if reason is not None:
            if reason[0] == "damaged":
                _say(f"{reason[1]}; rebuilding {out}")
            _rebuild(out)
            fp = fingerprint()
        meta = read_meta(out)
        frames = {}
        for table in tables:
            problem = table_problem(table, out, meta)
            if problem is not None:
                _say(f"{problem}; rebuilding {out}")
                _rebuild(out)
                fp, meta = fingerprint(), read_meta(out)
                problem = table_problem(table, out, meta)
                if problem is not None:
                    raise DataError(f"{problem}, even after a rebuild")
            key = (str(out), fp, table)
            if key not in _cache:
                # the file is the one the build validated and recorded (table_problem compared its
                # SHA-256 with build_meta.json, and fp that the build ran this code on these inputs)
                _cache[key] = _read(table, out, verified=True)
            frames[table] = _cache[key].copy()
        return frames


def load(table: str) -> pd.DataFrame:
    """Any table of :data:`zyanalysis.data.schemas.TABLES` by name (validated, a copy)."""
    return load_many([table])[table]


def load_many(tables) -> dict[str, pd.DataFrame]:
    """Several tables by name (validated, copies), checked for freshness once together."""
    for table in tables:
        if table not in schemas.TABLES:
            raise KeyError(f"no table {table!r}; tables: {', '.join(schemas.TABLES)}")
    return _load_many(tables)


def _read(table: str, out: Path, verified: bool = False) -> pd.DataFrame:
    """The validated frame of ``table``; an unreadable file is rebuilt once, then a DataError.

    ``verified``: the file's SHA-256 is the one the build recorded after validating the very
    frame it wrote, so the schema check is not run again (0.6 s a process for the 13 tables;
    it returns the coerced frame unchanged). A file read after a rebuild here is checked.
    """
    path = out / f"{table}.parquet"
    try:
        df = pd.read_parquet(path)
    except Exception as e:  # pyarrow raises ArrowInvalid, OSError …: all mean "damaged"
        _say(f"{path} cannot be read ({type(e).__name__}); rebuilding {out}")
        _rebuild(out)
        try:
            df = pd.read_parquet(path)
        except Exception as e2:
            raise DataError(f"{path} cannot be read even after a rebuild: {e2}") from None
        verified = False
    df = schemas.coerce(table, df)
    return df if verified else schemas.validate(table, df)


def _rebuild(out: Path) -> None:
    """Build into ``out`` and forget every cached frame."""
    build(out=out)
    _cache.clear()


def _say(message: str) -> None:
    """One line on stderr (notebooks show it; the CLI keeps stdout for its output)."""
    print(f"zyanalysis: {message}", file=sys.stderr)


def load_projects() -> pd.DataFrame:
    """Project registries of 000 (81 Zhangye eco-industry projects) and 003 (Qinghai fair).

    One row per project; investment in 亿元 (``investment_yi``).
    """
    return load("projects")


def load_observations() -> pd.DataFrame:
    """Indicator values per jurisdiction and year (actual or 预计 estimate), incl. user actuals."""
    return load("observations")


def load_targets() -> pd.DataFrame:
    """Targets with comparator, direction, reduction base year and 力争 flag."""
    return load("targets")


def load_responsibilities() -> pd.DataFrame:
    """Who leads what, in long form: subject → role → person or department."""
    return load("responsibilities")


def load_frameworks() -> pd.DataFrame:
    """Assessment indicator systems (000 county/lead/responsible, 003 disclosure, 004 wage)."""
    return load("frameworks")


def load_jurisdictions() -> pd.DataFrame:
    """Province, city, the six counties and 张掖经开区 (plus Qinghai), with aliases."""
    return load("jurisdictions")


def load_indicators() -> pd.DataFrame:
    """The indicator catalogue: names, unit, kind (the arithmetic of attainment) and direction."""
    return load("indicators")


def load_industries() -> pd.DataFrame:
    """Zhangye's ten eco-industries, Ganzhou's seven leading and Gansu's ten green industries."""
    return load("industries")


def load_regions() -> pd.DataFrame:
    """Regional layout paragraphs (002: 中部, 河西 — which holds Zhangye —, 陇东南)."""
    return load("regions")


def load_findings() -> pd.DataFrame:
    """Places where a document disagrees with itself (never corrected, only reported)."""
    return load("findings")
