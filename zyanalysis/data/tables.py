"""The tables bundle: every table of ``data/processed``, loaded once and handed down.

A notebook (or a script) loads the bundle once, ``T = load_tables()``, and passes it to scoring
and to the report sections, which never load anything themselves. The fields are the tables
declared in :mod:`zyanalysis.data.schemas` (one list of tables), plus ``documents`` (the
manifest: one row per source document) and ``meta`` (the build's metadata: when, which
version). ``T.targets`` and ``T["targets"]`` are the same frame.
"""
from __future__ import annotations

from dataclasses import field, make_dataclass

import pandas as pd

from zyanalysis.data import build, loaders, schemas


def _getitem(self, name: str) -> pd.DataFrame:
    return getattr(self, name)


Tables = make_dataclass(
    "Tables", [(name, pd.DataFrame) for name in schemas.TABLES]
    + [("documents", pd.DataFrame, field(default_factory=pd.DataFrame)), ("meta", dict, field(default_factory=dict))],
    frozen=True,
    namespace={"__getitem__": _getitem,
               "__doc__": "Every validated table, one attribute each (columns in schemas.TABLES); "
                          "documents = the manifest, meta = the build's metadata."})
Tables.__module__ = __name__


def load_tables() -> Tables:
    """Load every table once (building first if data/processed is missing or stale)."""
    frames = loaders.load_many(schemas.TABLES)  # one freshness check for the bundle
    return Tables(**frames, documents=build.manifest_frame(), meta=build.read_meta() or {})
