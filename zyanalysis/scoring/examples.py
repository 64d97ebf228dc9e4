"""The illustrative inputs of ``data/raw/examples``: invented figures that show each method.

Every result computed from them is labelled illustrative wherever it is shown.
"""
from __future__ import annotations

import pandas as pd

from zyanalysis import paths
from zyanalysis.scoring.assessment import read_assessment_inputs
from zyanalysis.scoring.incentives import read_enterprises
from zyanalysis.scoring.landing import read_status

ASSESSMENT = "examples/assessment_example.csv"
"""Grades and statistics of the six 县区 for 000's county system (invented)."""
INCENTIVES = "examples/incentive_example.csv"
"""Enterprise facts for 001's incentive rules (invented)."""
LANDING = "examples/landing_example.csv"
"""Landing status of 003's signed projects (invented)."""


def assessment_inputs() -> pd.DataFrame:
    """The illustrative county-assessment input (:data:`ASSESSMENT`)."""
    return read_assessment_inputs(paths.raw_dir() / ASSESSMENT)


def enterprises() -> pd.DataFrame:
    """The illustrative enterprise facts (:data:`INCENTIVES`)."""
    return read_enterprises(paths.raw_dir() / INCENTIVES)


def landing_status() -> pd.DataFrame:
    """The illustrative landing status file (:data:`LANDING`), raw text cells."""
    return read_status(paths.raw_dir() / LANDING)
