"""The public face: ``zyanalysis.attainment()``, ``zyanalysis.score_assessment()`` and friends.

The only place where scoring loads what it is not given: each function here takes the same
arguments as the scoring function it calls, and loads a table (``targets``, ``observations``,
``indicators``, ``frameworks``) only when it is not passed. Scoring itself takes frames.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from zyanalysis.data import loaders
from zyanalysis.reference.jurisdictions import resolve_jurisdiction
from zyanalysis.scoring import assessment, attainment as attainment_scoring, composite as composite_scoring
from zyanalysis.scoring import sensitivity


def attainment(jurisdiction: str | None = None, *, as_of: dt.date | str | None = None,
               targets: pd.DataFrame | None = None, observations: pd.DataFrame | None = None,
               indicators: pd.DataFrame | None = None, trend_confidence: float = 0.90) -> pd.DataFrame:
    """Attainment of every target (of one ``jurisdiction`` id or name, if given) as of a date.

    ``as_of``: a date or 'YYYY-MM-DD' (default today). Loads the tables only when they are not
    passed. E.g. ``attainment('ganzhou', as_of='2025-06-30')[['indicator_zh', 'status']]``.
    """
    targets = loaders.load_targets() if targets is None else targets
    observations = loaders.load_observations() if observations is None else observations
    indicators = loaders.load_indicators() if indicators is None else indicators
    if jurisdiction is not None:
        jid = resolve_jurisdiction(jurisdiction)
        if jid is None:
            raise ValueError(f"unknown jurisdiction {jurisdiction!r}")
        targets = targets[targets["jurisdiction_id"] == jid]
    return attainment_scoring.compute_attainment(targets, observations, indicators, as_of=as_of,
                                                 trend_confidence=trend_confidence)


def _frameworks(frameworks: pd.DataFrame | None) -> pd.DataFrame:
    return loaders.load_frameworks() if frameworks is None else frameworks


def score_assessment(inputs: pd.DataFrame, system: str = "county", *,
                     frameworks: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`zyanalysis.scoring.assessment.score_assessment`, loading ``frameworks`` if not passed."""
    return assessment.score_assessment(inputs, system, frameworks=_frameworks(frameworks))


def indicator_scores(inputs: pd.DataFrame, system: str = "county", *,
                     frameworks: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`zyanalysis.scoring.assessment.indicator_scores`, loading ``frameworks`` if not passed."""
    return assessment.indicator_scores(inputs, system, frameworks=_frameworks(frameworks))


def assessment_template(system: str = "county", frameworks: pd.DataFrame | None = None, *,
                        units: list[str] | None = None) -> pd.DataFrame:
    """:func:`zyanalysis.scoring.assessment.assessment_template`, loading ``frameworks`` if not passed."""
    return assessment.assessment_template(system, _frameworks(frameworks), units=units)


def composite(inputs: pd.DataFrame, system: str = "county", weights: pd.Series | dict | None = None, *,
              frameworks: pd.DataFrame | None = None, **options) -> pd.DataFrame:
    """:func:`zyanalysis.scoring.composite.composite`, loading ``frameworks`` if not passed."""
    return composite_scoring.composite(inputs, system, weights, frameworks=_frameworks(frameworks), **options)


def weight_sensitivity(inputs: pd.DataFrame, system: str = "county", weights: pd.Series | dict | None = None,
                       draws: int = 10_000, concentration: float = 100.0, seed: int = 0, *,
                       frameworks: pd.DataFrame | None = None, **options) -> pd.DataFrame:
    """:func:`zyanalysis.scoring.sensitivity.weight_sensitivity`, loading ``frameworks`` if not passed."""
    return sensitivity.weight_sensitivity(inputs, system, weights, draws, concentration, seed,
                                          frameworks=_frameworks(frameworks), **options)
