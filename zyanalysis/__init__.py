"""zyanalysis: are Zhangye's plan targets being met, where, by whom, and how sure are we?

Tables (each a validated pandas DataFrame; columns documented in :mod:`zyanalysis.schemas`)::

    load_projects, load_observations, load_targets, load_responsibilities,
    load_frameworks, load_jurisdictions, load_industries, load_findings
"""
from __future__ import annotations

__version__ = "0.1.0"
