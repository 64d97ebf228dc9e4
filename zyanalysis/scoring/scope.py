"""What one report's scope scores: its targets' attainment and the data they want, a department's
targets, the county assessment with its weight sensitivity, and project landing.

Each function takes the tables bundle (frames, nothing loaded) and returns frames the report
sections only format. The notebooks call these once per report and hand the results down.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from zyanalysis.data import departments
from zyanalysis.data.queries import check_registry, targets_of
from zyanalysis.data.schemas import QINGHAI_FAIR
from zyanalysis.data.tables import Tables
from zyanalysis.scoring.assessment import indicator_scores, score_assessment
from zyanalysis.scoring.attainment import compute_attainment, parse_as_of
from zyanalysis.scoring.landing import landing_against_targets, landing_rates
from zyanalysis.scoring.sensitivity import weight_sensitivity
from zyanalysis.scoring.wanted import data_wanted

SENSITIVITY_DRAWS = 20_000
"""Random weight draws behind the rank intervals every county report shows."""


def attainment_of(T: Tables, *, jurisdiction: str | None = None, industries: list[str] | None = None,
                  as_of: dt.date | str | None = None) -> pd.DataFrame:
    """Attainment rows (:func:`~zyanalysis.scoring.attainment.compute_attainment`) as of ``as_of``
    (default today) of a jurisdiction's targets and/or some industries' (all when both are None)."""
    return compute_attainment(targets_of(T, jurisdiction, industries), T["observations"], T["indicators"],
                              as_of=as_of)


def wanted_of(T: Tables, *, jurisdiction: str | None = None, industries: list[str] | None = None,
              as_of: dt.date | str | None = None) -> pd.DataFrame:
    """The actual figures these targets still need (:func:`~zyanalysis.scoring.wanted.data_wanted`)."""
    return data_wanted(targets_of(T, jurisdiction, industries), T["observations"], as_of=parse_as_of(as_of))


def department_attainment(T: Tables, dept_id: str, as_of: dt.date | str | None = None) -> pd.DataFrame:
    """Attainment of the targets tied to a department, with ``via`` (how each is tied)."""
    tg = departments.department_targets(T, dept_id)
    att = compute_attainment(tg.drop(columns="via"), T["observations"], T["indicators"], as_of=as_of)
    if att.empty:
        return att.assign(via=pd.Series(dtype="string"))
    return att.merge(tg[["target_id", "via"]], on="target_id", how="left")


@dataclass(frozen=True)
class CountyAssessment:
    """The 000 county assessment of one input: totals per unit (``scores``), points per unit and
    indicator (``points``), and rank intervals under random weights (``sensitivity``)."""

    scores: pd.DataFrame
    points: pd.DataFrame
    sensitivity: pd.DataFrame


_MEMO: dict[tuple[int, int, int], CountyAssessment] = {}


def _content_hash(df: pd.DataFrame) -> int:
    """A hash of a frame's values and column names (equal content, equal hash)."""
    values = int(pd.util.hash_pandas_object(df.astype("string"), index=False).sum())
    return hash((values, tuple(df.columns)))


def county_assessment(T: Tables, inputs: pd.DataFrame, draws: int = SENSITIVITY_DRAWS) -> CountyAssessment:
    """Score ``inputs`` by 000's county rules and their sensitivity to the weights (Dirichlet,
    concentration 100, centred on the official weights, seed 0).

    Every county report of a batch shows the same six-unit result and shares a kernel: it is
    computed once per process for the same input content, frameworks content and ``draws``.
    """
    key = (_content_hash(inputs), _content_hash(T["frameworks"]), draws)
    if key not in _MEMO:
        fw = T["frameworks"]
        _MEMO[key] = CountyAssessment(
            scores=score_assessment(inputs, system="county", frameworks=fw),
            points=indicator_scores(inputs, system="county", frameworks=fw),
            sensitivity=weight_sensitivity(inputs, system="county", draws=draws, concentration=100.0, seed=0,
                                           frameworks=fw))
    m = _MEMO[key]  # copies: a notebook that edits its frames must not change the next report's
    return CountyAssessment(m.scores.copy(), m.points.copy(), m.sensitivity.copy())


def landing_comparison(T: Tables, status: pd.DataFrame, *, by: str = "group_zh",
                       registry: str = QINGHAI_FAIR, as_of: str | None = None,
                       today: dt.date | None = None) -> pd.DataFrame:
    """Landing rates per unit of ``by`` against 003's dated targets (:mod:`zyanalysis.scoring.landing`)."""
    check_registry(T, registry)
    p = T["projects"][T["projects"].registry == registry]
    status = status[status["project_id"].str.strip().isin(set(p.project_id))]  # this registry's rows
    rates = landing_rates(status, p, by=by, as_of=as_of, today=today)
    return landing_against_targets(rates, T["targets"])
