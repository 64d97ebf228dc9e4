"""The tables bundle: every table of ``data/processed``, loaded once and handed down.

A notebook (or a script) loads the bundle once, ``T = load_tables()``, and passes it to the
report sections and to scoring, which never load anything themselves. The fields are the
tables declared in :mod:`zyanalysis.data.schemas` (one list of tables); ``T.targets`` and
``T["targets"]`` are the same frame.
"""
from __future__ import annotations

from dataclasses import make_dataclass

import pandas as pd

from zyanalysis.data import loaders, schemas


def _getitem(self, name: str) -> pd.DataFrame:
    return getattr(self, name)


Tables = make_dataclass(
    "Tables", [(name, pd.DataFrame) for name in schemas.TABLES], frozen=True,
    namespace={"__getitem__": _getitem,
               "__doc__": "Every validated table, one attribute each (columns in schemas.TABLES)."})
Tables.__module__ = __name__


def load_tables() -> Tables:
    """Load every table once (building first if data/processed is missing or stale)."""
    return Tables(**loaders.load_many(schemas.TABLES))  # one freshness check for the bundle
