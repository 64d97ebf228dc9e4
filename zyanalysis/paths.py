"""Where the project's data live.

The package works from a clone of the repository: raw documents in ``data/raw`` (never written
by code), derived tables in ``data/processed``, HTML in ``reports``. ``ZYANALYSIS_ROOT`` points
elsewhere (tests use it to build into a temporary copy).
"""
from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def root() -> Path:
    """The project root: ``$ZYANALYSIS_ROOT`` if set, else the clone this package sits in."""
    env = os.environ.get("ZYANALYSIS_ROOT")
    return Path(env).resolve() if env else _PACKAGE_ROOT


def raw_dir() -> Path:
    """``data/raw``: official documents and researcher-supplied files (read only)."""
    return Path(os.environ.get("ZYANALYSIS_RAW", root() / "data" / "raw"))


def documents_dir() -> Path:
    """``data/raw/documents``: the five source documents as extracted text."""
    return raw_dir() / "documents"


def actuals_dir() -> Path:
    """``data/raw/actuals``: researcher CSVs of actual values (see ``zyanalysis.data.actuals``)."""
    return raw_dir() / "actuals"


def processed_dir() -> Path:
    """``data/processed``: parquet + CSV tables derived from ``data/raw`` by ``zyanalysis build``."""
    return Path(os.environ.get("ZYANALYSIS_PROCESSED", root() / "data" / "processed"))


def reports_dir() -> Path:
    """``reports``: HTML reports written by ``zyanalysis reports``."""
    return Path(os.environ.get("ZYANALYSIS_REPORTS", root() / "reports"))


def notebooks_dir() -> Path:
    """``notebooks``: the parameterised notebooks papermill runs."""
    return root() / "notebooks"
