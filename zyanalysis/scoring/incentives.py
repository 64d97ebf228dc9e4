"""The enterprise incentive policy of document 001 as a calculator.

Document 001, 附件2 甘州区工业突破发展三年行动企业激励政策（修订） (lines 171–208), lists 15
reward items with their amounts, caps and tiers, the enterprises that get nothing (第一条, line
179) and the rule that overlapping rewards are paid once, at the highest (第五条, line 206).
:func:`compute_incentives` applies them to a tidy input; :func:`template` gives the blank input.

Input: one row per enterprise × year (the *fact year*: the year the growth, recognition,
investment … happened). Only ``enterprise`` and ``year`` are required; a missing column or a
blank cell means "no / none / not applicable". Money is in 万元 in columns ending ``_wan`` and in
亿元 in columns ending ``_yi``, the unit the rule itself uses; percentages are in % (``6.3`` =
6.3 %). :data:`INPUT_COLUMNS` documents every column with the rule and line it serves.

Output: one row per enterprise × year × reward item (:data:`OUTPUT_COLUMNS`), with the paid
amount (``amount_wan``, 万元), the formula amount before caps (``computed_wan``), the cap, whether
it bit, the status (``awarded``, ``excluded``, ``dropped_overlap``, ``pending``,
``condition_not_met``, ``case_by_case``, ``not_covered``), the reason, and the source line
``'001:LINE'``. Only ``awarded`` rows carry a non-zero ``amount_wan``.

Reading of the boundaries (the policy's own words decide; where it says 以上 we follow the
statutory convention of 《民法典》第1259条 that 以上 includes the number itself, 超过 does not):

* 达到 (reach) includes the threshold: revenue of exactly 1亿元 *has reached* 1亿元 (rule 3).
* 以上 / 及以上 / （含） include it: investment of exactly 500万元 (rule 10), exactly 5 robots
  (rule 10), exactly 1000万元 of financing (rule 12), exactly 20 % revenue growth (rule 2) qualify.
* Rule 13 tiers are half-open, ``[5000万, 1亿)``, ``[1亿, 3亿)`` …: each tier says （含） at its
  lower end, so 1亿元 belongs to the 20万元 tier.
* Rule 14's top tier "8000万元以上（含8000万元）至1亿元" is read as closed at 1亿元 (no higher tier
  claims it); above 1亿元 the rule defers to 甘区政办发〔2020〕31号, which is not among the
  documents: such rows are reported ``not_covered`` with no amount.
* Rules 1 and 11 pay per *whole* additional percentage step: a contribution of 2.9 % earns
  20万元, not 29万元.

Other choices, where the text is silent:

* 工业增加值增速连续两年保持增长 (rule 1) = the growth rate was above zero in the fact year and
  in the year before (``va_growth_pct`` > 0 and ``va_growth_prev_pct`` > 0).
* Rule 2: 升规 in year Y (``entered_above_scale``) → instalment 1 of 10万元 payable in Y+1;
  instalment 2 of 10万元 payable in Y+2 if main-business revenue of Y+1 grew at least 20 % over
  Y (升规第二年 = Y+1, counting Y as the first year). The growth is computed from
  ``main_revenue_yi`` of the enterprise's rows for Y and Y+1; without both rows it is
  ``pending``. The exclusions of Y bar both instalments; those of Y+1 bar instalment 2.
* Rule 3: all milestones reached in one year are one 事由 (第五条): only the highest is paid.
  "之前…已达到…未享受过奖励" uses ``prior_max_revenue_yi`` (highest revenue of any earlier year)
  and ``milestone_rewarded_yi`` (highest milestone already rewarded under rule 3).
* 从高、不重复 (line 206) groups: the milestones of rule 3; provincial and city enterprise
  technology centres (rule 5); provincial and city excellent new product (rule 7, read as the
  same product); national and provincial appraisal of a new product (rule 8, which says so
  itself); national and provincial green factory / product / supply chain (rule 9); national and
  Gansu famous trademark (rule 4); the technical-renovation subsidy (rule 10) and the project
  completion subsidy (rule 13) when ``techreno_same_project`` says they are one project.
* Caps (最高不超过50万元) apply per enterprise and year and per item: rule 10's renovation and
  robot subsidies are capped separately, as the line states a cap for each.
* Rule 15 (一事一议) cannot be computed: a row flagged ``special_case`` gets a ``case_by_case``
  row with no amount. The second sentence of 第五条 (no double reward with Zhangye's 十强双百
  policy) and 第六条 (line 207: rewards under the city's plan do not bar this one) need facts
  about other policies' payments and are not modelled.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from zyanalysis.data.parsers.base import ParseError, clean, parse_number

DOC_ID = "001"

# ---------------------------------------------------------------- input contract


@dataclass(frozen=True)
class InputCol:
    """One input column: name, kind (text/int/bool/num/choice), rule line in 001, meaning."""

    name: str
    kind: str
    line: int | None
    doc: str
    choices: tuple[str, ...] = ()


DESIGN_AWARDS = {"特别奖": 10.0, "金奖": 5.0, "银奖": 3.0, "铜奖": 1.0}  # line 190
CITY_PRODUCT_PRIZES = {"一等奖": 5.0, "二等奖": 3.0, "三等奖": 1.0}  # line 191

INPUT_COLUMNS: list[InputCol] = [
    InputCol("enterprise", "text", None, "enterprise name (required)"),
    InputCol("year", "int", None, "fact year: the year the facts of this row happened (required)"),
    InputCol("illustrative", "bool", None, "True for made-up example rows"),
    InputCol("note", "text", None, "free text, passed through"),
    # 第一条 exclusions (line 179): any one of them → no reward at all for the year
    InputCol("safety_accident_major", "bool", 179, "当年发生较大及以上安全生产事故"),
    InputCol("environmental_penalty", "bool", 179, "因违反环境保护法律法规受到行政处罚"),
    InputCol("tax_evasion", "bool", 179, "有偷税漏税"),
    InputCol("wage_arrears", "bool", 179, "拖欠农民工工资"),
    InputCol("other_violation", "bool", 179, "其他违法违规行为"),
    InputCol("dishonest", "bool", 179, "失信行为"),
    # rule 1 (line 184)
    InputCol("va_growth_pct", "num", 184, "industrial value added growth in the fact year, %"),
    InputCol("va_growth_prev_pct", "num", 184, "industrial value added growth in the year before, %"),
    InputCol("va_contribution_pct", "num", 184, "contribution to the district's industrial value added growth (贡献率), %"),
    # rules 2 and 3 (lines 185, 186)
    InputCol("entered_above_scale", "bool", 185, "first entered 规模以上工业企业 in the fact year (首次升规)"),
    InputCol("main_revenue_yi", "num", 186, "main-business revenue (主营业务收入) of the fact year, 亿元"),
    InputCol("prior_max_revenue_yi", "num", 186, "highest main-business revenue of any earlier year, 亿元 (blank: none)"),
    InputCol("milestone_rewarded_yi", "num", 186, "highest revenue milestone already rewarded under rule 3, 亿元 (blank: none)"),
    # rule 4 (line 188)
    InputCol("little_giant", "bool", 188, "认定为国家细分领域“行业小巨人”企业"),
    InputCol("famous_trademark_national", "bool", 188, "新认定国家驰名商标"),
    InputCol("famous_trademark_gansu", "bool", 188, "新认定甘肃省著名商标"),
    InputCol("specialized_sme_provincial", "bool", 188, "新认定省级专精特新中小企业"),
    # rule 5 (line 189)
    InputCol("tech_center_provincial", "bool", 189, "新认定省级企业技术中心"),
    InputCol("design_center_provincial", "bool", 189, "新认定省级工业设计中心"),
    InputCol("tech_center_city", "bool", 189, "新认定市级企业技术中心"),
    InputCol("high_tech_recertified", "bool", 189, "连续通过重新认定的高新技术企业"),
    # rules 6–8 (lines 190–192)
    InputCol("design_award", "choice", 190, "甘肃省工业设计大赛 award of the fact year", tuple(DESIGN_AWARDS)),
    InputCol("excellent_product_provincial", "bool", 191, "当年被评定为甘肃省工业优秀新产品"),
    InputCol("excellent_product_city", "choice", 191, "市级工业优秀新产品 prize of the fact year", tuple(CITY_PRODUCT_PRIZES)),
    InputCol("appraisal_national", "bool", 192, "new product passed national appraisal and is in mass production"),
    InputCol("appraisal_provincial", "bool", 192, "new product passed provincial appraisal and is in mass production"),
    InputCol("appraisal_prior_wan", "num", 192, "already received under rule 8 for the same product, 万元 (晋级差额)"),
    # rule 9 (line 194)
    InputCol("ii_pilot_national", "bool", 194, "国家级两化融合管理体系贯标试点企业"),
    InputCol("ii_demo_national", "bool", 194, "国家级两化融合示范企业"),
    InputCol("green_factory_national", "bool", 194, "国家级绿色工厂"),
    InputCol("green_product_national", "bool", 194, "国家级绿色产品"),
    InputCol("green_supply_chain_national", "bool", 194, "国家级绿色供应链"),
    InputCol("green_factory_provincial", "bool", 194, "省级绿色工厂"),
    InputCol("green_product_provincial", "bool", 194, "省级绿色产品"),
    InputCol("green_supply_chain_provincial", "bool", 194, "省级绿色供应链"),
    InputCol("water_saving_provincial", "bool", 194, "省级工业节水型企业"),
    # rule 10 (line 195)
    InputCol("techreno_investment_wan", "num", 195, "investment of the technical-renovation project put into production this year, 万元"),
    InputCol("robots_purchased", "int", 195, "multi-joint manipulators / multi-DOF industrial robots bought this year, units"),
    InputCol("robot_purchase_wan", "num", 195, "purchase amount of those robots, 万元"),
    # rule 11 (line 196)
    InputCol("energy_intensity_cut_pct", "num", 196, "cut in energy use per 万元 of industrial value added this year, % (positive = lower)"),
    # rule 12 (line 198)
    InputCol("financing_wan", "num", 198, "direct financing in place on the multi-level capital market, 万元"),
    InputCol("financing_in_district", "bool", 198, "that financing is used for industrial projects in the district"),
    # rule 13 (line 200)
    InputCol("project_investment_yi", "num", 200, "completed fixed-asset investment of a project put into production this year, 亿元"),
    InputCol("techreno_same_project", "bool", 200, "the rule-10 renovation project is this same project (从高、不重复)"),
    # rule 14 (line 202)
    InputCol("attracted_investment_wan", "num", 202, "completed fixed-asset investment of an industrial project the enterprise attracted, built and in production, 万元"),
    # rule 15 (line 204)
    InputCol("special_case", "bool", 204, "proposed for a 一事一议 special reward"),
]
INPUT_NAMES = [c.name for c in INPUT_COLUMNS]
_COL = {c.name: c for c in INPUT_COLUMNS}
EXCLUSION_FLAGS = [c.name for c in INPUT_COLUMNS if c.line == 179]

OUTPUT_COLUMNS = [
    "enterprise", "year", "input_row", "item_id", "rule_no", "item_zh", "item_en", "rule_zh",
    "basis", "computed_wan", "cap_wan", "capped", "amount_wan", "status", "reason",
    "instalment", "payable_year", "overlap_group", "flag", "doc_id", "line", "source", "illustrative",
]

# ---------------------------------------------------------------- policy constants (doc 001)

LINE_EXCLUSION, LINE_OVERLAP = 179, 206
CAP_WAN = 50.0  # 最高不超过50万元 (lines 184, 195, 196, 198)
# rule 3 (line 186): first time reaching (亿元 → 万元)
REVENUE_FIRST = [(100.0, 100.0), (50.0, 80.0), (10.0, 50.0), (5.0, 30.0), (3.0, 20.0), (1.0, 10.0), (0.5, 10.0)]
# rule 3 (line 186): reached before, never rewarded, still at that level this year
REVENUE_CATCH_UP = [(5.0, 80.0), (3.0, 50.0), (1.0, 30.0)]
# rule 13 (line 200): lower bound (含), 亿元 → 万元
PROJECT_TIERS = [(10.0, 80.0), (5.0, 50.0), (3.0, 30.0), (1.0, 20.0), (0.5, 10.0)]
# rule 14 (line 202): lower bound (含), 万元 → 万元; top closed at 1亿元 = 10000万元
ATTRACT_TIERS = [(8000.0, 30.0), (5000.0, 20.0), (3000.0, 15.0)]
ATTRACT_TOP_WAN = 10000.0

# ---------------------------------------------------------------- input handling


def template() -> pd.DataFrame:
    """The blank input frame: every column of :data:`INPUT_COLUMNS`, no rows."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in INPUT_NAMES})


def read_enterprises(path: str | Path) -> pd.DataFrame:
    """Read an input CSV (UTF-8, ``#`` lines are comments) as text cells, for :func:`compute_incentives`."""
    return pd.read_csv(path, comment="#", dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _blank(v: object) -> bool:
    """True for None, NaN, NA and cells of only whitespace."""
    if v is None or v is pd.NA:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and clean(v) == ""


_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}


def _cell(v: object, col: InputCol, fail: Callable[[str, str], ParseError]) -> object:
    """Read one cell as the column's kind; blank → the 'nothing' value (False / None)."""
    if col.kind == "bool":
        if _blank(v):
            return False
        if isinstance(v, bool):
            return v
        s = str(v).strip().lower()
        if isinstance(v, (int, float)) and v in (0, 1):
            return bool(v)
        if s in _TRUE or s in _FALSE:
            return s in _TRUE
        raise fail(col.name, f"expected true/false, found {v!r}")
    if _blank(v):
        return None
    if col.kind == "text":
        return clean(str(v))
    if col.kind == "choice":
        s = clean(str(v))
        if s not in col.choices:
            raise fail(col.name, f"expected one of {list(col.choices)}, found {v!r}")
        return s
    if isinstance(v, bool):
        raise fail(col.name, f"expected a number, found {v!r}")
    try:
        x = float(v) if isinstance(v, (int, float)) else parse_number(str(v))
    except (ParseError, ValueError):
        raise fail(col.name, f"expected a number, found {v!r}") from None
    if math.isnan(x) or math.isinf(x):
        raise fail(col.name, f"expected a number, found {v!r}")
    if col.kind == "int":
        if x != int(x):
            raise fail(col.name, f"expected a whole number, found {v!r}")
        x = int(x)
    # growth rates may be negative; amounts, counts and the other percentages may not
    if x < 0 and col.name not in ("va_growth_pct", "va_growth_prev_pct", "energy_intensity_cut_pct"):
        raise fail(col.name, f"must not be negative, found {v!r}")
    return x


def validate_enterprises(enterprises: pd.DataFrame, *, name: str = "incentive input") -> list[dict]:
    """Check the input and return one dict per row with typed values (1-based ``_row`` added).

    Raises :class:`~zyanalysis.parsers.base.ParseError` (a ``ValueError``) naming the row
    (1-based position in the frame) and the field: unknown column, missing enterprise or year,
    a non-number where a number is due, a negative amount, a duplicate enterprise × year.
    """
    unknown = [c for c in enterprises.columns if c not in _COL]
    if unknown:
        raise ParseError(name, None, str(unknown[0]), f"unknown column(s) {unknown}; see zyanalysis.scoring.incentives.INPUT_COLUMNS")
    rows, seen = [], {}
    for pos, rec in enumerate(enterprises.to_dict("records"), start=1):
        def fail(field: str, msg: str, pos: int = pos) -> ParseError:
            return ParseError(name, pos, field, msg)
        row = {c.name: _cell(rec.get(c.name), c, fail) for c in INPUT_COLUMNS}
        for req in ("enterprise", "year"):
            if row[req] is None:
                raise fail(req, "is empty")
        key = (row["enterprise"], row["year"])
        if key in seen:
            raise fail("year", f"{key[0]} {key[1]} already given in row {seen[key]}")
        seen[key] = pos
        row["_row"] = pos
        rows.append(row)
    return rows

# ---------------------------------------------------------------- rules


def _steps(x: float, start: float, step: float) -> int:
    """Whole steps of ``step`` above ``start`` (rounded first: 2.0000000001 is 2 steps)."""
    return math.floor(round((x - start) / step, 9))


def _cand(item_id: str, rule_no: int, line: int, item_zh: str, item_en: str, rule_zh: str,
          basis: str, computed: float, cap: float | None = None, group: str | None = None, **kw) -> dict:
    """A candidate reward item (before exclusions and 从高、不重复)."""
    computed = round(computed, 4)
    capped = cap is not None and computed > cap
    return dict(item_id=item_id, rule_no=rule_no, line=line, item_zh=item_zh, item_en=item_en,
                rule_zh=rule_zh, basis=basis, computed_wan=computed, cap_wan=cap, capped=capped,
                amount_wan=min(computed, cap) if capped else computed, status="awarded",
                reason="", overlap_group=group, **kw)


def _rule1(r: dict) -> list[dict]:
    """Line 184: growth two years running and contribution ≥1 % → 10万 + 10万 per further whole point, cap 50万."""
    g, gp, c = r["va_growth_pct"], r["va_growth_prev_pct"], r["va_contribution_pct"]
    if c is None or c < 1 or g is None or gp is None or g <= 0 or gp <= 0:
        return []
    return [_cand("r01_va_contribution", 1, 184, "生产经营上台阶奖（贡献率）", "value-added contribution",
                  "工业增加值增速连续两年增长且贡献率≥1%奖10万元，每增加1个百分点再奖10万元，最高不超过50万元",
                  f"growth {gp:g}% then {g:g}%, contribution {c:g}%", 10.0 + 10.0 * _steps(c, 1.0, 1.0), CAP_WAN)]


def _revenue_growth(by_key: dict, enterprise: str, year: int) -> float | None:
    """Main-business revenue growth of ``year`` over ``year``-1 in %, or None if either is unknown."""
    cur, prev = by_key.get((enterprise, year)), by_key.get((enterprise, year - 1))
    if not cur or not prev or cur["main_revenue_yi"] is None or not prev["main_revenue_yi"]:
        return None
    return round((cur["main_revenue_yi"] / prev["main_revenue_yi"] - 1.0) * 100.0, 6)


def _rule2(r: dict, by_key: dict) -> list[dict]:
    """Line 185: first entry to 规上 → 10万 in Y+1, and 10万 in Y+2 if revenue of Y+1 grew ≥20 %."""
    if not r["entered_above_scale"]:
        return []
    y, ent = r["year"], r["enterprise"]
    rule = "首次升规奖励20万元，分两次兑现：升规次年奖10万元；升规第二年主营业务收入增长20%以上，第三年再奖10万元"
    first = _cand("r02_above_scale_1", 2, 185, "首次升规奖（第一次兑现）", "first entry to above-scale, instalment 1",
                  rule, f"entered 规上 in {y}", 10.0, instalment=1, payable_year=y + 1)
    second = _cand("r02_above_scale_2", 2, 185, "首次升规奖（第二次兑现）", "first entry to above-scale, instalment 2",
                   rule, "", 10.0, instalment=2, payable_year=y + 2)
    growth = _revenue_growth(by_key, ent, y + 1)
    nxt = by_key.get((ent, y + 1))
    if growth is None:
        second.update(status="pending", amount_wan=0.0, basis=f"revenue growth of {y + 1} over {y} not known",
                      reason=f"needs main_revenue_yi for {y} and {y + 1}")
    elif growth < 20.0:
        second.update(status="condition_not_met", amount_wan=0.0, basis=f"revenue growth {y + 1}: {growth:.2f}%",
                      reason="升规第二年主营业务收入增长未达20%")
    else:
        second["basis"] = f"revenue growth {y + 1}: {growth:.2f}% (≥20%)"
        bad = [f for f in EXCLUSION_FLAGS if nxt and nxt[f]]
        if bad:
            second.update(status="excluded", amount_wan=0.0,
                          reason=f"第一条 (001:{LINE_EXCLUSION}) in {y + 1}: {', '.join(bad)}")
    return [first, second]


def _rule3(r: dict) -> list[dict]:
    """Line 186: revenue milestones, first time (达到 = ≥) or reached before and never rewarded."""
    rev = r["main_revenue_yi"]
    if rev is None:
        return []
    prior = r["prior_max_revenue_yi"] or 0.0
    done = r["milestone_rewarded_yi"] or 0.0
    out = []
    for m, amt in REVENUE_FIRST:
        if rev >= m > prior and m > done:
            out.append(_cand(f"r03_first_{m:g}yi", 3, 186, f"主营业务收入首次达到{_yi_zh(m)}",
                             f"revenue first reaches {m:g}亿元", "主营业务收入首次达到100/50/10/5/3/1亿元奖100/80/50/30/20/10万元；首次达到5000万元奖10万元",
                             f"revenue {rev:g}亿元, earlier maximum {prior:g}亿元", amt, group="revenue_milestone",
                             milestone_yi=m))
    for m, amt in REVENUE_CATCH_UP:
        if prior >= m and rev >= m and m > done:
            out.append(_cand(f"r03_catchup_{m:g}yi", 3, 186, f"之前已达到{_yi_zh(m)}未享受过奖励",
                             f"revenue reached {m:g}亿元 earlier, never rewarded, still there",
                             "之前已达到5/3/1亿元未享受过奖励且当年稳定在上述标准的分别奖80/50/30万元",
                             f"revenue {rev:g}亿元, earlier maximum {prior:g}亿元, rewarded so far up to {done:g}亿元",
                             amt, group="revenue_milestone", flag=CATCH_UP_FLAG, milestone_yi=m))
    return out


CATCH_UP_FLAG = ("paid as written, to be questioned: 001:186 pays 80/50/30万元 for 5/3/1亿元 reached "
                 "earlier and never rewarded — more than the 30/20/10万元 a firm reaching them for the "
                 "first time gets")
"""Flag on rule 3's catch-up rows (also a finding of the 001 parser)."""


def _carry(r: dict, state: dict) -> dict:
    """``r`` with what the enterprise's earlier years already settle (several years in one input):
    the highest earlier revenue, the highest revenue milestone already rewarded (rule 3 is
    一次性), and what rule 8 already paid for the product (晋级 pays the difference)."""
    r = dict(r)
    r["prior_max_revenue_yi"] = max(r["prior_max_revenue_yi"] or 0.0, state["revenue"]) or None
    r["milestone_rewarded_yi"] = max(r["milestone_rewarded_yi"] or 0.0, state["milestone"]) or None
    r["appraisal_prior_wan"] = max(r["appraisal_prior_wan"] or 0.0, state["appraisal"]) or None
    return r


def _update(state: dict, r: dict, items: list[dict]) -> None:
    """Fold one year's facts and paid items into the enterprise's running state."""
    if r["main_revenue_yi"] is not None:
        state["revenue"] = max(state["revenue"], r["main_revenue_yi"])
    for c in items:
        if c["status"] != "awarded":
            continue
        if "milestone_yi" in c:  # rule 3's revenue milestones (亿元), paid once
            state["milestone"] = max(state["milestone"], c["milestone_yi"])
        if c["rule_no"] == 8:
            state["appraisal"] += c["amount_wan"]


def _yi_zh(m: float) -> str:
    """0.5 → '5000万元', 3 → '3亿元'."""
    return f"{m * 10000:g}万元" if m < 1 else f"{m:g}亿元"


def _flags(r: dict, specs: list[tuple], rule_no: int, line: int, rule_zh: str) -> list[dict]:
    """One fixed-amount item per true flag: specs = (column, item_id, item_zh, amount 万元, group)."""
    return [_cand(iid, rule_no, line, zh, col.replace("_", " "), rule_zh, _COL[col].doc, amt, group=grp)
            for col, iid, zh, amt, grp in specs if r[col]]


def _rules4_5_9(r: dict) -> list[dict]:
    """Lines 188, 189, 194: one-off rewards for recognitions."""
    out = _flags(r, [
        ("little_giant", "r04_little_giant", "国家细分领域“行业小巨人”", 5.0, None),
        ("famous_trademark_national", "r04_trademark_national", "国家驰名商标", 10.0, "trademark"),
        ("famous_trademark_gansu", "r04_trademark_gansu", "甘肃省著名商标", 5.0, "trademark"),
        ("specialized_sme_provincial", "r04_specialized_sme", "省级专精特新中小企业", 5.0, None),
    ], 4, 188, "行业小巨人奖5万元；新认定国家驰名商标、甘肃省著名商标奖10万元、5万元；新认定省级专精特新中小企业奖5万元")
    out += _flags(r, [
        ("tech_center_provincial", "r05_tech_center_provincial", "省级企业技术中心", 20.0, "tech_center"),
        ("design_center_provincial", "r05_design_center_provincial", "省级工业设计中心", 20.0, None),
        ("tech_center_city", "r05_tech_center_city", "市级企业技术中心", 10.0, "tech_center"),
        ("high_tech_recertified", "r05_high_tech", "连续通过重新认定的高新技术企业", 20.0, None),
    ], 5, 189, "新认定省级企业技术中心、工业设计中心奖20万元；市级企业技术中心奖10万元；连续通过重新认定的高新技术企业奖20万元")
    out += _flags(r, [
        ("ii_pilot_national", "r09_ii_pilot", "国家级两化融合管理体系贯标试点企业", 10.0, None),
        ("ii_demo_national", "r09_ii_demo", "国家级两化融合示范企业", 10.0, None),
        ("green_factory_national", "r09_green_factory_national", "国家级绿色工厂", 20.0, "green_factory"),
        ("green_product_national", "r09_green_product_national", "国家级绿色产品", 20.0, "green_product"),
        ("green_supply_chain_national", "r09_green_chain_national", "国家级绿色供应链", 20.0, "green_supply_chain"),
        ("green_factory_provincial", "r09_green_factory_provincial", "省级绿色工厂", 10.0, "green_factory"),
        ("green_product_provincial", "r09_green_product_provincial", "省级绿色产品", 10.0, "green_product"),
        ("green_supply_chain_provincial", "r09_green_chain_provincial", "省级绿色供应链", 10.0, "green_supply_chain"),
        ("water_saving_provincial", "r09_water_saving", "省级工业节水型企业", 10.0, None),
    ], 9, 194, "国家级两化融合贯标试点、示范企业各奖10万元；国家级绿色工厂/产品/供应链奖20万元；省级绿色工厂/产品/供应链、工业节水型企业奖10万元")
    return out


def _rules6_7_8(r: dict) -> list[dict]:
    """Lines 190–192: design awards, excellent new products, new-product appraisal (晋级差额)."""
    out = []
    if r["design_award"]:
        out.append(_cand("r06_design_award", 6, 190, f"甘肃省工业设计大赛{r['design_award']}", "Gansu industrial design award",
                         "设计大赛特别奖、金奖、银奖、铜奖分别奖10、5、3、1万元", r["design_award"], DESIGN_AWARDS[r["design_award"]]))
    rule7 = "甘肃省工业优秀新产品奖10万元；市级工业优秀新产品一、二、三等奖分别奖5、3、1万元"
    if r["excellent_product_provincial"]:
        out.append(_cand("r07_product_provincial", 7, 191, "甘肃省工业优秀新产品", "Gansu excellent new industrial product",
                         rule7, "provincial", 10.0, group="excellent_product"))
    if r["excellent_product_city"]:
        p = r["excellent_product_city"]
        out.append(_cand("r07_product_city", 7, 191, f"市级工业优秀新产品{p}", "city excellent new industrial product",
                         rule7, p, CITY_PRODUCT_PRIZES[p], group="excellent_product"))
    prior = r["appraisal_prior_wan"] or 0.0
    rule8 = "新产品通过国家级、省级鉴定并批量生产分别奖10万元、5万元；同一产品从高奖励一次，晋级后给予差额部分"
    for col, iid, zh, amt in (("appraisal_national", "r08_appraisal_national", "国家级", 10.0),
                              ("appraisal_provincial", "r08_appraisal_provincial", "省级", 5.0)):
        if r[col]:
            out.append(_cand(iid, 8, 192, f"新产品通过{zh}鉴定并批量生产", f"new product appraisal ({col.split('_')[1]})",
                             rule8, f"{amt:g}万元 less {prior:g}万元 already received", max(amt - prior, 0.0),
                             group="product_appraisal"))
    return out


def _rule10(r: dict) -> list[dict]:
    """Line 195: renovation ≥500万元 → 5 %, robots ≥5 units → 5 % of purchase; each capped at 50万元."""
    out = []
    inv = r["techreno_investment_wan"]
    if inv is not None and inv >= 500.0:
        out.append(_cand("r10_techreno", 10, 195, "技术改造项目补助", "technical renovation subsidy",
                         "投资500万元以上的技术改造项目投产当年按投资额5%补助，单户最高不超过50万元",
                         f"investment {inv:g}万元 × 5%", inv * 0.05, CAP_WAN, group="project_completion" if r["techreno_same_project"] else None))
    n, amt = r["robots_purchased"], r["robot_purchase_wan"]
    if n is not None and n >= 5 and amt:
        out.append(_cand("r10_robots", 10, 195, "购置工业机器人补助", "industrial robot purchase subsidy",
                         "年度购置5台及以上多关节机械手或多自由度工业机器人按购置金额5%补助，单户最高不超过50万元",
                         f"{n} robots, {amt:g}万元 × 5%", amt * 0.05, CAP_WAN))
    return out


def _rule11(r: dict) -> list[dict]:
    """Line 196: energy intensity cut ≥3.5 % → 20万 + 5万 per further whole 0.5 point, cap 50万."""
    cut = r["energy_intensity_cut_pct"]
    if cut is None or cut < 3.5:
        return []
    return [_cand("r11_energy", 11, 196, "万元工业增加值能耗降低奖", "energy-intensity reduction",
                  "万元工业增加值能耗降低3.5%奖20万元，每再降低0.5个百分点再奖5万元，最高不超过50万元",
                  f"cut {cut:g}%", 20.0 + 5.0 * _steps(cut, 3.5, 0.5), CAP_WAN)]


def _rule12(r: dict) -> list[dict]:
    """Line 198: direct financing ≥1000万元 used in the district → 3 %, cap 50万."""
    f = r["financing_wan"]
    if f is None or f < 1000.0 or not r["financing_in_district"]:
        return []
    return [_cand("r12_financing", 12, 198, "企业融资奖", "direct financing",
                  "多层次资本市场直接融资1000万元以上且用于区内工业项目的，按实际到位融资额3%奖励，最高不超过50万元",
                  f"financing {f:g}万元 × 3%", f * 0.03, CAP_WAN)]


def _rule13(r: dict) -> list[dict]:
    """Line 200: completed project investment tiers [0.5,1) [1,3) [3,5) [5,10) [10,∞) 亿元."""
    inv = r["project_investment_yi"]
    if inv is None:
        return []
    for low, amt in PROJECT_TIERS:
        if inv >= low:
            grp = "project_completion" if r["techreno_same_project"] else None
            return [_cand("r13_project", 13, 200, "重点项目建设贡献奖", "key project completion",
                          "完成固定资产投资5000万元（含）至1亿元补10万元，1（含）至3亿元20万元，3（含）至5亿元30万元，5（含）至10亿元50万元，10亿元（含）以上80万元",
                          f"investment {inv:g}亿元 (tier from {_yi_zh(low)})", amt, group=grp)]
    return []


def _rule14(r: dict) -> list[dict]:
    """Line 202: attracted project investment [3000,5000) 15万, [5000,8000) 20万, [8000,10000] 30万."""
    inv = r["attracted_investment_wan"]
    if inv is None or inv < ATTRACT_TIERS[-1][0]:
        return []
    rule = "引资完成固定资产投资8000万元（含）至1亿元奖30万元，5000万元（含）至8000万元奖20万元，3000万元（含）至5000万元奖15万元"
    if inv > ATTRACT_TOP_WAN:
        c = _cand("r14_attraction", 14, 202, "招商引资贡献奖", "investment attraction", rule,
                  f"investment {inv:g}万元", 0.0)
        c.update(status="not_covered", computed_wan=float("nan"),
                 reason="above 1亿元, the top of line 202's tiers; the rule defers to 甘区政办发〔2020〕31号 (not among the documents)")
        return [c]
    amt = next(a for low, a in ATTRACT_TIERS if inv >= low)
    return [_cand("r14_attraction", 14, 202, "招商引资贡献奖", "investment attraction", rule,
                  f"investment {inv:g}万元", amt)]


def _rule15(r: dict) -> list[dict]:
    """Line 204: 一事一议 — no amount can be computed."""
    if not r["special_case"]:
        return []
    c = _cand("r15_special", 15, 204, "特别激励奖（一事一议）", "special reward (case by case)",
              "填补产业空白的好项目、大项目按“一事一议”另行制定奖励政策", "flagged special_case", 0.0)
    c.update(status="case_by_case", computed_wan=float("nan"), reason="一事一议: decided case by case, no formula")
    return [c]

# ---------------------------------------------------------------- exclusions and 从高、不重复


def _exclude(cands: list[dict], r: dict) -> list[dict]:
    """第一条 (line 179): any exclusion flag → every item of the year is excluded, amount 0."""
    bad = [f for f in EXCLUSION_FLAGS if r[f]]
    if not bad:
        return cands
    reason = f"第一条 (001:{LINE_EXCLUSION}) 不予奖励: {', '.join(bad)}"
    if not cands:
        c = _cand("exclusion", 0, LINE_EXCLUSION, "不予奖励", "excluded", "当年发生较大及以上安全生产事故、受环保行政处罚、偷税漏税、拖欠农民工工资和其他违法违规、失信行为的企业不予奖励",
                  ", ".join(bad), 0.0)
        cands = [c]
    for c in cands:
        if c["status"] in ("awarded", "pending", "case_by_case"):
            c.update(status="excluded", amount_wan=0.0, reason=reason)
    return cands


def _highest_only(cands: list[dict]) -> list[dict]:
    """第五条 (line 206): in each overlap group keep the highest awarded amount, drop the others."""
    groups: dict[str, list[dict]] = {}
    for c in cands:
        if c["overlap_group"] and c["status"] == "awarded":
            groups.setdefault(c["overlap_group"], []).append(c)
    for members in groups.values():
        keep = max(members, key=lambda c: c["amount_wan"])  # first of equals (rule order) wins
        for c in members:
            if c is not keep:
                c.update(status="dropped_overlap", amount_wan=0.0,
                         reason=f"从高、不重复 (第五条, 001:{LINE_OVERLAP}): kept {keep['item_id']} ({keep['amount_wan']:g}万元)")
    return cands


def compute_incentives(enterprises: pd.DataFrame) -> pd.DataFrame:
    """Reward items per enterprise × year under the policy of document 001 (amounts in 万元).

    ``enterprises`` follows :data:`INPUT_COLUMNS` (see :func:`template`). Returns a frame with
    :data:`OUTPUT_COLUMNS`, one row per item; ``amount_wan`` is what is paid, the other
    statuses carry 0. Raises ``ValueError`` (a ``ParseError``) naming row and field on bad input.
    Pure: reads nothing, writes nothing.
    """
    rows = validate_enterprises(enterprises)
    by_key = {(r["enterprise"], r["year"]): r for r in rows}
    states: dict[str, dict] = {}
    out = []
    # one enterprise's years in order, so that one-off rewards are paid once across them
    for r in sorted(rows, key=lambda r: r["year"]):
        state = states.setdefault(r["enterprise"], {"revenue": 0.0, "milestone": 0.0, "appraisal": 0.0})
        r = _carry(r, state)
        cands = (_rule1(r) + _rule2(r, by_key) + _rule3(r) + _rules4_5_9(r) + _rules6_7_8(r)
                 + _rule10(r) + _rule11(r) + _rule12(r) + _rule13(r) + _rule14(r) + _rule15(r))
        cands.sort(key=lambda c: (c["rule_no"], c.get("instalment") or 0))
        cands = _highest_only(_exclude(cands, r))
        if not cands:  # the enterprise stays visible, with 0
            cands = [_cand("none", 0, 183, "无奖励项目", "no reward item", "", "no fact of the year meets a rule", 0.0)]
            cands[0].update(status="condition_not_met", reason="no fact of the year meets any rule")
        _update(state, r, cands)
        for c in cands:
            c.setdefault("instalment", None)
            c.setdefault("payable_year", None)
            c.setdefault("flag", None)
            out.append(dict(c, enterprise=r["enterprise"], year=r["year"], input_row=r["_row"],
                            doc_id=DOC_ID, source=f"{DOC_ID}:{c['line']}", illustrative=r["illustrative"]))
    out.sort(key=lambda c: (c["input_row"], c["rule_no"], c.get("instalment") or 0))
    return _frame(out)


def _frame(records: list[dict]) -> pd.DataFrame:
    """Records → output frame with stable dtypes."""
    df = pd.DataFrame.from_records(records, columns=OUTPUT_COLUMNS)
    for c in ("year", "input_row", "rule_no", "instalment", "payable_year", "line"):
        df[c] = df[c].astype("Int64")
    for c in ("computed_wan", "cap_wan", "amount_wan"):
        df[c] = pd.to_numeric(df[c]).astype("float64")
    for c in ("capped", "illustrative"):
        df[c] = df[c].astype("boolean")
    for c in ("enterprise", "item_id", "item_zh", "item_en", "rule_zh", "basis", "status", "reason",
              "overlap_group", "flag", "doc_id", "source"):
        df[c] = df[c].astype("string")
    return df


def incentive_totals(items: pd.DataFrame) -> pd.DataFrame:
    """Paid amount per enterprise and fact year (万元), from :func:`compute_incentives` output."""
    return (items.groupby(["enterprise", "year"], sort=False)["amount_wan"].sum()
            .rename("total_wan").reset_index())
