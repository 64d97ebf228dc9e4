"""The official assessments: 000's eco-industry performance assessment and 004's wage grading.

Document 000, 张掖市生态产业发展绩效考核办法（试行） (lines 1773–2219 of
``data/raw/documents/000_zhangye_eco_industries_projects_assessment.txt``), 第十三条 (line
1804) and its three indicator tables: 县区 (county, lines 1836–2013, 27 indicators),
市级牵头部门 (lead departments, 2016–2127, 17) and 市级责任部门 (responsible departments,
2130–2219, 13). The rules, exactly as written:

* descriptive indicators (描述性) score 全面完成 100 %, 基本完成 80 %, 部分完成 60 % of their
  weight (000:1808). Any other grade (e.g. 未完成) is undefined by the rules: an error;
* statistical indicators (统计性) score by the rank the statistics department gives: 1st
  100 %, 2nd 98 %, 3rd 96 %, 2 % less for each place further down (000:1808), never below 0;
* 增加值及增速 scores nothing when the unit's eco-industry value-added growth is below GDP
  growth (county, 000:1897) or below the eco-industry value-added growth (lead departments,
  000:2079). "Below" is strict: equal growth still scores;
* bonuses (000:1810): each commendation by a ministry, the provincial or the city Party
  committee and government adds 1–3 points; particularly marked results in policy delivery,
  information reporting or enterprise service add at most 2 points in all; other bonuses the
  assessment group determines (points as determined, a note required);
* deductions (000:1812): 1 point for each criticism at the city executive meeting; 1 point for
  each assigned matter not carried out; 2 points when a lead department did not break the
  targets down by county (lead only); 2 points when a county did not pursue its own specialities
  (county only); other deductions the assessment group determines (a note required);
* total = indicator scores + bonuses − deductions (000:1814);
* the top two are praised (表扬) and the bottom two called in for a talk (约谈) (000:1832).

Ties (a choice the document does not make): *competition ranking* ('1224'), as Chinese
official rankings usually do — tied units share the better place and its points, and the next
unit skips the shared places. It applies to statistical indicators and to the final ranking.
Statistical indicators are ranked among all units in the input; the growth rule then zeroes a
unit's points without moving the others' places (the statistics department's ranking stands).
Where 000 says a statistic is scored 'after balancing' with another (与…平衡后评分, 000:1897,
1903) it gives no formula: ``value`` must hold the figure the statistics department ranks.

Input table (one row per unit × indicator, plus one row per bonus/deduction event)
----------------------------------------------------------------------------------
==================  ===============================================================
column              meaning
==================  ===============================================================
unit                county: a jurisdiction id or name of the six 县区 000 assesses (000:1779)
                    (``ganzhou`` / ``甘州区``); lead/responsible: the department name
indicator_id        ``<framework_id>.<seq>``, e.g. ``000.county.7`` (indicator rows)
indicator_zh        informational (the template fills it)
kind                informational: descriptive / statistical
weight              informational: points of the indicator
grade               descriptive rows: 全面完成 / 基本完成 / 部分完成
value               statistical rows: the statistic ranked, more is better (for 单位GDP能耗
                    降低 and 污染物排放总量减少 the reduction achieved)
growth              增加值及增速 rows: the unit's eco-industry value-added growth, %
benchmark_growth    增加值及增速 rows: GDP growth (county) / eco-industry value-added growth
                    (lead), %, same basis as ``growth``
event               event rows: one of :data:`EVENTS` (then indicator columns stay blank)
points              event rows: points (a positive magnitude; deductions are subtracted);
                    may be blank for fixed-point events
note                free text; required for ``other_bonus`` / ``other_deduction``
illustrative        optional flag: True marks invented example data; every output then says so
==================  ===============================================================

An undefined grade, an unknown unit or indicator, a missing or superfluous figure, a bonus
outside its range, a duplicate row or a unit missing an indicator raises
:class:`AssessmentInputError` (a ``ValueError``) naming the row and the field.

Document 004's wage-payment assessment (张掖市保障农民工工资支付工作考核办法, 004:678–750) is
graded by :func:`grade_wage_assessment`.
"""
from __future__ import annotations

import io
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from zyanalysis.reference.jurisdictions import ASSESSED_UNITS, resolve_jurisdiction
from zyanalysis.reference.rules import WAGE_THRESHOLDS

SYSTEMS = ("county", "lead", "responsible")
"""The three indicator systems of 000 (frameworks.system)."""

GRADE_SHARES = {"全面完成": 1.00, "基本完成": 0.80, "部分完成": 0.60}
"""Share of an indicator's weight per grade of a descriptive indicator (000:1808)."""

RANK_FIRST_SHARE = 1.00
RANK_STEP = 0.02
"""Statistical indicators: 1st place ×100 %, each place lower 2 % less (000:1808)."""

GROWTH_RULE_BENCHMARK = {"county": "GDP growth (000:1897)",
                         "lead": "eco-industry value-added growth (000:2079)"}
"""Systems where 增加值及增速 scores nothing below a benchmark growth, and the benchmark."""

PRAISE_TOP = 2
INTERVIEW_BOTTOM = 2
"""Top two praised, bottom two called in (约谈) (000:1832)."""

EVENTS: dict[str, dict] = {
    "commendation": dict(sign=+1, min=1.0, max=3.0, fixed=None, per_unit_max=None,
                         systems=SYSTEMS, zh="国家部委、省委省政府、市委市政府表彰奖励 (1次加1-3分)",
                         line=1810),
    "special_merit": dict(sign=+1, min=0.0, max=2.0, fixed=None, per_unit_max=2.0,
                          systems=SYSTEMS, zh="政策落实、信息报送、服务企业等方面成效特别明显 (不超过2分)",
                          line=1810),
    "other_bonus": dict(sign=+1, min=0.0, max=None, fixed=None, per_unit_max=None,
                        systems=SYSTEMS, zh="绩效考核组综合认定的其他加分项", line=1810),
    "criticism": dict(sign=-1, min=None, max=None, fixed=1.0, per_unit_max=None,
                      systems=SYSTEMS, zh="市政府常务会议调度时通报批评 (1次扣1分)", line=1812),
    "unfulfilled_assignment": dict(sign=-1, min=None, max=None, fixed=1.0, per_unit_max=None,
                                   systems=SYSTEMS, zh="未按要求贯彻落实市政府交办事项 (1次扣1分)",
                                   line=1812),
    "no_differentiated_breakdown": dict(sign=-1, min=None, max=None, fixed=2.0,
                                        per_unit_max=2.0, systems=("lead",),
                                        zh="牵头部门未对县区目标任务差异化分解 (扣2分)", line=1812),
    "no_specialisation": dict(sign=-1, min=None, max=None, fixed=2.0, per_unit_max=2.0,
                              systems=("county",), zh="县区政府未按特色化要求突出发展重点 (扣2分)",
                              line=1812),
    "other_deduction": dict(sign=-1, min=0.0, max=None, fixed=None, per_unit_max=None,
                            systems=SYSTEMS, zh="绩效考核组综合认定的其他扣分项", line=1812),
}
"""Bonus (sign +1) and deduction (sign −1) events of 000:1810–1812 and their point rules.

``min`` is exclusive when 0 (points must be positive), inclusive otherwise; ``fixed`` events
take exactly that many points per event; ``per_unit_max`` caps a unit's sum for the event.
"""

INPUT_COLUMNS = ["unit", "indicator_id", "indicator_zh", "kind", "weight", "grade", "value",
                 "growth", "benchmark_growth", "event", "points", "note", "illustrative"]
"""Columns of the assessment input table, in template order (see module doc)."""


class AssessmentInputError(ValueError):
    """A row of an assessment input table breaks the rules; names the row and the field."""

    def __init__(self, row: int | None, field: str, message: str):
        self.row, self.field = row, field
        where = f"inputs row {row}" if row is not None else "inputs"
        super().__init__(f"{where}: field {field!r}: {message}")


# --------------------------------------------------------------------------- helpers
def competition_rank(values: np.ndarray | pd.Series, *, higher_is_better: bool = True) -> np.ndarray:
    """Competition ranks ('1224'): 1 + the number of strictly better values. Ties share a place."""
    v = np.asarray(values, dtype=float)
    better = v[None, :] > v[:, None] if higher_is_better else v[None, :] < v[:, None]
    return 1 + better.sum(axis=1)


def rank_share(rank: int | np.ndarray) -> np.ndarray | float:
    """Share of the weight a statistical indicator scores at ``rank`` (000:1808), ≥ 0."""
    return np.maximum(0.0, RANK_FIRST_SHARE - RANK_STEP * (np.asarray(rank) - 1))


def _blank(v) -> bool:
    """True for a missing or empty cell."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return True
    try:
        if pd.isna(v):
            return True
    except (TypeError, ValueError):
        pass
    return isinstance(v, str) and not v.strip()


def _text(v) -> str:
    """Cell as text without any whitespace ('全面 完成' → '全面完成')."""
    return "" if _blank(v) else re.sub(r"[\s\u3000]+", "", str(v))


def _number(v, row: int, field: str) -> float:
    """Cell as a finite float, or AssessmentInputError."""
    try:
        x = float(str(v).strip().replace(",", ""))
    except ValueError:
        raise AssessmentInputError(row, field, f"{v!r} is not a number") from None
    if not math.isfinite(x):
        raise AssessmentInputError(row, field, f"{v!r} is not a finite number")
    return x


def system_framework(frameworks: pd.DataFrame, system: str) -> pd.DataFrame:
    """Indicators of one 000 system, in order, with ``growth_rule`` marking 增加值及增速."""
    if system not in SYSTEMS:
        raise ValueError(f"system must be one of {SYSTEMS}, not {system!r}")
    fw = frameworks[frameworks["system"] == system].sort_values("indicator_seq").copy()
    if fw.empty:
        raise ValueError(f"frameworks has no indicators for system {system!r}")
    bad = fw[~fw["kind"].isin(["descriptive", "statistical"])]
    if len(bad):
        raise ValueError(f"frameworks: indicator {bad['indicator_id'].iloc[0]} has kind "
                         f"{bad['kind'].iloc[0]!r}, expected descriptive/statistical")
    names = fw["indicator_zh"].map(_text)
    fw["growth_rule"] = (system in GROWTH_RULE_BENCHMARK) & names.str.startswith("增加值及增速") \
        & (fw["kind"] == "statistical")
    return fw.reset_index(drop=True)


def _unit_id(v, row: int, system: str) -> str:
    """Normalised unit: a county-level jurisdiction id, or the department name squeezed."""
    name = _text(v)
    if not name:
        raise AssessmentInputError(row, "unit", "is empty")
    if system != "county":
        return name
    jid = resolve_jurisdiction(name)
    if jid not in ASSESSED_UNITS:
        raise AssessmentInputError(row, "unit", f"{v!r} is not one of the six 县区 that 000 assesses (000:1779) "
                                   f"{ASSESSED_UNITS}")
    return jid


def prepare_inputs(inputs: pd.DataFrame) -> pd.DataFrame:
    """Inputs with every column of :data:`INPUT_COLUMNS` (absent optional ones blank)."""
    if "unit" not in inputs.columns:
        raise AssessmentInputError(None, "unit", "column missing")
    df = inputs.reset_index(drop=True).copy()
    for c in INPUT_COLUMNS:
        if c not in df.columns:
            df[c] = None
    return df


def is_illustrative(df: pd.DataFrame) -> bool:
    """True when any input row is flagged illustrative."""
    s = df["illustrative"]
    return bool(s.map(lambda v: (not _blank(v)) and str(v).strip().lower() in
                      ("true", "1", "yes", "y", "illustrative")).any())


# --------------------------------------------------------------------------- validation
def _check_indicator_row(r: pd.Series, row: int, ind) -> dict:
    """Validated figures of one indicator row against its framework indicator ``ind`` (a row:
    dict or Series)."""
    grade, value = _text(r["grade"]), r["value"]
    out = {"grade": None, "value": math.nan, "growth": math.nan, "benchmark_growth": math.nan}
    if ind["kind"] == "descriptive":
        if not grade:
            raise AssessmentInputError(row, "grade", f"missing for descriptive indicator "
                                       f"{ind['indicator_id']} ({ind['indicator_zh']})")
        if grade not in GRADE_SHARES:
            raise AssessmentInputError(row, "grade", f"{r['grade']!r} is not a grade 000:1808 "
                                       f"defines; use one of {list(GRADE_SHARES)}")
        if not _blank(value):
            raise AssessmentInputError(row, "value", "given for a descriptive indicator")
        out["grade"] = grade
        return out
    if grade:
        raise AssessmentInputError(row, "grade", "given for a statistical indicator")
    if _blank(value):
        raise AssessmentInputError(row, "value", f"missing for statistical indicator "
                                   f"{ind['indicator_id']} ({ind['indicator_zh']})")
    out["value"] = _number(value, row, "value")
    if ind["growth_rule"]:
        for f in ("growth", "benchmark_growth"):
            if _blank(r[f]):
                raise AssessmentInputError(row, f, f"needed by the 增加值及增速 rule: compare the "
                                           f"growth with {GROWTH_RULE_BENCHMARK}")
            out[f] = _number(r[f], row, f)
    return out


def _check_event_row(r: pd.Series, row: int, system: str) -> dict:
    """Validated points of one bonus/deduction event row."""
    code = _text(r["event"])
    spec = EVENTS.get(code)
    if spec is None:
        raise AssessmentInputError(row, "event", f"{r['event']!r} is not one of {list(EVENTS)}")
    if system not in spec["systems"]:
        raise AssessmentInputError(row, "event", f"{code!r} applies only to {spec['systems']}")
    if not _blank(r["indicator_id"]) or _text(r["grade"]) or not _blank(r["value"]):
        raise AssessmentInputError(row, "event", "an event row must leave indicator_id, grade "
                                   "and value blank")
    pts = math.nan if _blank(r["points"]) else _number(r["points"], row, "points")
    if spec["fixed"] is not None:
        if pts == pts and pts != spec["fixed"]:
            raise AssessmentInputError(row, "points", f"{code} is {spec['fixed']:g} point(s) per "
                                       f"event (000:{spec['line']}), not {pts:g}")
        pts = spec["fixed"]
    elif pts != pts:
        raise AssessmentInputError(row, "points", f"missing for {code}")
    lo, hi = spec["min"], spec["max"]
    if (lo == 0.0 and pts <= 0) or (lo and pts < lo) or (hi is not None and pts > hi):
        rng = f"{lo:g}–{hi:g}" if hi is not None else "> 0"
        raise AssessmentInputError(row, "points", f"{code} must be {rng} points per event "
                                   f"(000:{spec['line']}), not {pts:g}")
    if code.startswith("other_") and not _text(r["note"]):
        raise AssessmentInputError(row, "note", f"{code} needs a note saying what the "
                                   "assessment group determined")
    return {"event": code, "points": pts, "sign": spec["sign"]}


def validate_inputs(inputs: pd.DataFrame, system: str, frameworks: pd.DataFrame
                    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Check an input table; return (indicator rows, event rows, system framework).

    Indicator rows: unit, indicator_id, kind, weight, growth_rule, grade, value, growth,
    benchmark_growth, row. Event rows: unit, event, points (positive), sign, note, row. Rows are
    numbered from 1 in the order given.
    """
    fw = system_framework(frameworks, system)
    by_id = fw.set_index("indicator_id")
    # each framework row as a dict, once: a row Series per input row, enlarged by a key, cost
    # ~1 ms each (648 rows in the example)
    rows = {k: dict(v.items()) for k, v in by_id.iterrows()} if by_id.index.is_unique else None
    df = prepare_inputs(inputs)
    inds, events = [], []
    for i, r in df.iterrows():
        row = i + 1
        unit = _unit_id(r["unit"], row, system)
        if not _blank(r["event"]):
            ev = _check_event_row(r, row, system)
            events.append({"unit": unit, **ev, "note": _text(r["note"]) or None, "row": row})
            continue
        iid = _text(r["indicator_id"])
        if not iid:
            raise AssessmentInputError(row, "indicator_id", "empty (and no event given)")
        if iid not in by_id.index:
            raise AssessmentInputError(row, "indicator_id", f"{iid!r} is not an indicator of "
                                       f"the {system} system ({fw['indicator_id'].iloc[0]} … "
                                       f"{fw['indicator_id'].iloc[-1]})")
        ind = dict(rows[iid]) if rows is not None else by_id.loc[iid].copy()
        ind["indicator_id"] = iid
        figs = _check_indicator_row(r, row, ind)
        inds.append({"unit": unit, "indicator_id": iid, "indicator_seq": int(ind["indicator_seq"]),
                     "indicator_zh": ind["indicator_zh"], "kind": ind["kind"],
                     "weight": float(ind["weight"]), "group_zh": ind.get("group_zh"),
                     "growth_rule": bool(ind["growth_rule"]), **figs, "row": row})
    ind_df = pd.DataFrame(inds, columns=["unit", "indicator_id", "indicator_seq", "indicator_zh",
                                         "kind", "weight", "group_zh", "growth_rule", "grade",
                                         "value", "growth", "benchmark_growth", "row"])
    ev_df = pd.DataFrame(events, columns=["unit", "event", "points", "sign", "note", "row"])
    _check_complete(ind_df, ev_df, fw)
    return ind_df, ev_df, fw


def _check_complete(ind: pd.DataFrame, ev: pd.DataFrame, fw: pd.DataFrame) -> None:
    """No duplicate unit × indicator; every unit has every indicator; per-unit event caps."""
    if ind.empty:
        raise AssessmentInputError(None, "indicator_id", "no indicator rows")
    dup = ind[ind.duplicated(["unit", "indicator_id"], keep="first")]
    if len(dup):
        d = dup.iloc[0]
        raise AssessmentInputError(int(d["row"]), "indicator_id", f"{d['indicator_id']} given "
                                   f"twice for unit {d['unit']}")
    have = set(zip(ind["unit"], ind["indicator_id"]))
    for unit in dict.fromkeys(ind["unit"]):
        for iid in fw["indicator_id"]:
            if (unit, iid) not in have:
                raise AssessmentInputError(None, "indicator_id", f"unit {unit} has no row for "
                                           f"indicator {iid}")
    stray = set(ev["unit"]) - set(ind["unit"])
    if stray:
        r = ev[ev["unit"].isin(stray)].iloc[0]
        raise AssessmentInputError(int(r["row"]), "unit", f"event for {r['unit']}, which has no "
                                   "indicator rows")
    for (unit, code), g in ev.groupby(["unit", "event"]):
        cap = EVENTS[code]["per_unit_max"]
        if cap is not None and g["points"].sum() > cap + 1e-9:
            raise AssessmentInputError(int(g["row"].iloc[-1]), "points", f"{code} for {unit} "
                                       f"sums to {g['points'].sum():g}, above its cap of {cap:g} "
                                       f"(000:{EVENTS[code]['line']})")


# --------------------------------------------------------------------------- scoring
def indicator_scores(inputs: pd.DataFrame, system: str = "county", *,
                     frameworks: pd.DataFrame) -> pd.DataFrame:
    """Points of every unit on every indicator, by the rules of 000 (module doc).

    Columns: unit, indicator_id, indicator_seq, indicator_zh, group_zh, kind, weight (points),
    grade, value, stat_rank (statistical: competition rank among the units), share (of the
    weight), growth, benchmark_growth, growth_rule_zeroed, points, row, illustrative.
    """
    ind, _, _ = validate_inputs(inputs, system, frameworks)
    return indicator_points_frame(ind).assign(illustrative=is_illustrative(prepare_inputs(inputs)))


def indicator_points_frame(ind: pd.DataFrame) -> pd.DataFrame:
    """Add stat_rank, share, growth_rule_zeroed and points to validated indicator rows."""
    ind = ind.copy()
    ind["stat_rank"] = pd.array([pd.NA] * len(ind), dtype="Int64")
    ind["share"] = ind["grade"].map(GRADE_SHARES).astype(float)
    stat = ind["kind"] == "statistical"
    for iid, g in ind[stat].groupby("indicator_id"):
        ranks = competition_rank(g["value"].to_numpy())
        ind.loc[g.index, "stat_rank"] = ranks
        ind.loc[g.index, "share"] = rank_share(ranks)
    zero = ind["growth_rule"] & (ind["growth"] < ind["benchmark_growth"])
    ind["growth_rule_zeroed"] = zero.astype(bool)
    ind.loc[zero, "share"] = 0.0
    ind["points"] = ind["weight"] * ind["share"]
    cols = ["unit", "indicator_id", "indicator_seq", "indicator_zh", "group_zh", "kind", "weight",
            "grade", "value", "stat_rank", "share", "growth", "benchmark_growth",
            "growth_rule_zeroed", "points", "row"]
    order = {u: i for i, u in enumerate(dict.fromkeys(ind["unit"]))}   # units as given
    key = ind["unit"].map(order) * 10_000 + ind["indicator_seq"]
    return ind.assign(_k=key).sort_values("_k", kind="stable")[cols].reset_index(drop=True)


def outcomes(totals: pd.Series) -> pd.DataFrame:
    """rank, praised, interview and outcome for unit totals (index = unit), per 000:1832.

    rank: competition rank (1 = best). praised: rank ≤ 2. interview: fewer than two units
    strictly below (the bottom two, ties included). outcome: 'praised' (表扬), 'interview'
    (约谈), 'none', or 'praised+interview' when fewer than four units make both apply.
    """
    t = totals.to_numpy(dtype=float)
    rank = competition_rank(t)
    below = competition_rank(t, higher_is_better=False)
    praised = rank <= PRAISE_TOP
    interview = below <= INTERVIEW_BOTTOM
    out = np.where(praised & interview, "praised+interview",
                   np.where(praised, "praised", np.where(interview, "interview", "none")))
    return pd.DataFrame({"rank": rank, "praised": praised, "interview": interview,
                         "outcome": out}, index=totals.index)


def score_assessment(inputs: pd.DataFrame, system: str = "county", *,
                     frameworks: pd.DataFrame) -> pd.DataFrame:
    """Official 000 assessment of every unit: one row per unit, best first.

    Columns: unit, score (sum of indicator points), bonus, deduction (positive magnitude),
    total = score + bonus − deduction (000:1814), rank (competition ranking), praised,
    interview, outcome (000:1832), n_events, growth_rule_zeroed (增加值及增速 scored 0),
    illustrative (True when the inputs are marked illustrative, e.g. the example file).
    ``frameworks``: the frameworks table (``zyanalysis.score_assessment`` loads it when not passed).
    """
    ind, ev, _ = validate_inputs(inputs, system, frameworks)
    pts = indicator_points_frame(ind)
    units = list(dict.fromkeys(ind["unit"]))
    score = pts.groupby("unit")["points"].sum().reindex(units)
    bonus = ev[ev["sign"] > 0].groupby("unit")["points"].sum().reindex(units, fill_value=0.0)
    ded = ev[ev["sign"] < 0].groupby("unit")["points"].sum().reindex(units, fill_value=0.0)
    out = pd.DataFrame({"unit": units, "score": score.values, "bonus": bonus.values.astype(float),
                        "deduction": ded.values.astype(float)})
    out["total"] = out["score"] + out["bonus"] - out["deduction"]
    oc = outcomes(out.set_index("unit")["total"])
    out = out.join(oc, on="unit")
    out["n_events"] = out["unit"].map(ev.groupby("unit").size()).fillna(0).astype(int)
    out["growth_rule_zeroed"] = out["unit"].map(pts.groupby("unit")["growth_rule_zeroed"].any())
    out["system"] = system
    out["illustrative"] = is_illustrative(prepare_inputs(inputs))
    return out.sort_values(["rank", "unit"], kind="stable").reset_index(drop=True)


def assessment_template(system: str, frameworks: pd.DataFrame, *,
                        units: list[str] | None = None) -> pd.DataFrame:
    """Blank input table: one row per unit × indicator of ``system`` (columns :data:`INPUT_COLUMNS`).

    County units default to the six 县区 000 assesses; lead and responsible departments must be
    named in ``units``. Bonus and deduction events are added as extra rows (``event`` one of
    :data:`EVENTS`).
    """
    fw = system_framework(frameworks, system)
    if units is None:
        if system != "county":
            raise ValueError(f"name the {system} departments to assess in `units`")
        units = list(ASSESSED_UNITS)
    rows = [{"unit": u, "indicator_id": r["indicator_id"], "indicator_zh": r["indicator_zh"],
             "kind": r["kind"], "weight": float(r["weight"])}
            for u in units for _, r in fw.iterrows()]
    df = pd.DataFrame(rows)
    for c in INPUT_COLUMNS:
        if c not in df.columns:
            df[c] = pd.NA
    return df[INPUT_COLUMNS]


def read_assessment_inputs(path) -> pd.DataFrame:
    """Read an assessment input CSV (UTF-8, '#' comment lines allowed) — the one I/O helper.

    A comment line containing 'ILLUSTRATIVE' marks every row illustrative.
    """
    text = Path(path).read_text(encoding="utf-8")
    flagged = any(ln.lstrip().startswith("#") and "ILLUSTRATIVE" in ln.upper()
                  for ln in text.splitlines())
    df = pd.read_csv(io.StringIO(text), comment="#", dtype=str, keep_default_na=False)
    df = df.replace({"": None})
    if flagged:
        df["illustrative"] = True
    return df


# --------------------------------------------------------------------------- 004 wage grading
WAGE_GRADING = WAGE_THRESHOLDS
"""Thresholds of the A/B/C grading of 004 第八条 (lines 710–728), from zyanalysis.reference.rules."""

WAGE_COLUMNS = ["unit", "score", "sound_systems", "incidents_50plus", "incidents_30plus",
                "incidents_30plus_gov", "extreme_incidents"]
"""Input columns of :func:`grade_wage_assessment`."""


def grade_wage_assessment(scores: pd.DataFrame, *, c_below: float = WAGE_THRESHOLDS["c_score_below"],
                          boundary_inclusive: bool = True, a_top_n: int = WAGE_THRESHOLDS["a_top_n"]) -> pd.DataFrame:
    """A/B/C grade of 004's wage-payment assessment (004 第八条, lines 710–728).

    Input columns (:data:`WAGE_COLUMNS`): unit; score (0–100 points); sound_systems (bool: 领导
    重视、工作机制健全… the qualitative A condition, 004:714); incidents_50plus (mass incidents
    of 50+ people over unpaid wages), incidents_30plus (of 30+ people, counting the 50+ ones
    too), incidents_30plus_gov (30+ people, over a government-invested project),
    extreme_incidents (extreme incidents with serious consequences).

    * C (004:718–726) if the score is 'in 80分以下', or ≥ 1 incident of 50+, or ≥ 3 of 30+, or
      ≥ 1 of 30+ on a government-invested project, or ≥ 1 extreme incident;
    * A (004:712–716) if sound_systems and the score ranks in the top ``a_top_n`` (3) of the
      city — competition ranking, so units tied for 3rd both qualify;
    * B otherwise (004:728). C wins over A when both apply.

    The 80 boundary: ``boundary_inclusive=True`` (default) reads 80分以下 as including 80, the
    convention of Chinese legal drafting (以上/以下/以内 include the number itself: 民法典
    第一千二百五十九条; 全国人大常委会法工委《立法技术规范（试行）（一）》); a score of exactly 80 is
    then C. ``boundary_inclusive=False`` reads it as 'under 80' and grades 80 as B (or A).

    Returns the input columns plus rank, low_score, listed_incident, a_eligible, grade, reason.
    """
    missing = [c for c in WAGE_COLUMNS if c not in scores.columns]
    if missing:
        raise AssessmentInputError(None, missing[0], "column missing")
    df = scores[WAGE_COLUMNS].reset_index(drop=True).copy()
    for i, r in df.iterrows():
        if _blank(r["score"]):
            raise AssessmentInputError(i + 1, "score", "missing")
        df.at[i, "score"] = _number(r["score"], i + 1, "score")
        for c in WAGE_COLUMNS[3:]:
            n = r[c]
            if _blank(n):
                raise AssessmentInputError(i + 1, c, "missing (write 0 when there was none)")
            x = _number(n, i + 1, c)
            if x < 0 or x != int(x):
                raise AssessmentInputError(i + 1, c, f"{n!r} is not a count")
            df.at[i, c] = int(x)
        sv = str(r["sound_systems"]).strip().lower()
        if sv not in ("true", "false", "1", "0", "yes", "no"):
            raise AssessmentInputError(i + 1, "sound_systems", f"{r['sound_systems']!r} is not "
                                       "True/False")
        df.at[i, "sound_systems"] = sv in ("true", "1", "yes")
    score = df["score"].astype(float)
    df["rank"] = competition_rank(score.to_numpy())
    df["low_score"] = (score <= c_below) if boundary_inclusive else (score < c_below)
    g = WAGE_GRADING
    df["listed_incident"] = ((df["incidents_50plus"] >= g["c_mass_incident_50"])
                             | (df["incidents_30plus"] >= g["c_mass_incident_30"])
                             | (df["incidents_30plus_gov"] >= g["c_gov_project_30"])
                             | (df["extreme_incidents"] >= g["c_extreme"]))
    df["a_eligible"] = df["sound_systems"].astype(bool) & (df["rank"] <= a_top_n)
    is_c = df["low_score"] | df["listed_incident"]
    df["grade"] = np.where(is_c, "C", np.where(df["a_eligible"], "A", "B"))
    df["reason"] = [_wage_reason(r, c_below, boundary_inclusive) for _, r in df.iterrows()]
    return df


def _wage_reason(r: pd.Series, c_below: float, inclusive: bool) -> str:
    """Plain-English reason for one wage grade."""
    why = []
    if r["low_score"]:
        why.append(f"score {r['score']:g} {'≤' if inclusive else '<'} {c_below:g} (004:720)")
    if r["listed_incident"]:
        why.append("listed wage-arrears incident (004:722–726)")
    if why:
        if r["a_eligible"]:
            why.append("C takes precedence over A")
        return "; ".join(why)
    if r["a_eligible"]:
        return f"rank {r['rank']} with sound systems (004:714–716)"
    return "neither A nor C (004:728)"
