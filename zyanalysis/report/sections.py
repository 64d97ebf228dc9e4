"""Report sections: what the county, industry and overview notebooks display.

Each function formats frames it is handed — rows the notebook selected
(:mod:`zyanalysis.data.queries`) and results it scored (:mod:`zyanalysis.scoring.scope`) — into a
displayable object: a :class:`Section` of escaped HTML, an altair chart, or ``None`` when there
is nothing to show. Sections load nothing, cache nothing and score nothing. Text that comes from
documents or users is escaped (``html.escape``) before it reaches HTML; DataFrames go through
``to_html(escape=True)``.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass

import pandas as pd
from IPython.display import display

from zyanalysis.data import queries
from zyanalysis.data.schemas import QINGHAI_FAIR
from zyanalysis.data.tables import Tables
from zyanalysis.report import charts
from zyanalysis.reference.jurisdictions import REPORT_UNITS, jurisdiction_names
from zyanalysis.scoring import examples
from zyanalysis.scoring.attainment import STATUSES, parse_as_of, status_counts
from zyanalysis.scoring.wanted import NUMERIC

EXAMPLE_ASSESSMENT = examples.ASSESSMENT

ILLUSTRATIVE_BANNER = ("⚠ 示例数据，非官方结果 ILLUSTRATIVE — the assessment inputs are invented "
                       "(data/raw/{file}) to show the method; they are not an official result.")


@dataclass
class Section:
    """A block of HTML (already escaped where it holds document or user text)."""

    html_text: str

    def _repr_html_(self) -> str:
        return self.html_text


def esc(x: object) -> str:
    """Escape any value for HTML; missing values become an empty string."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return ""
    return html.escape(str(x))


def fmt_num(x: object, digits: int = 2) -> str:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return "—"
    v = float(x)
    return f"{v:,.{digits}f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"


def _pct(x: object, digits: int = 1) -> str:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{float(x) * 100:.{digits}f}%"


def table(df: pd.DataFrame, *, caption: str | None = None, max_rows: int | None = None) -> Section:
    """An escaped HTML table of ``df`` (columns already renamed for display)."""
    shown = df if max_rows is None else df.head(max_rows)
    # nullable columns print pd.NA as '<NA>'; show every missing value as an em dash
    shown = shown.astype(object).where(shown.notna(), "—")
    body = shown.to_html(index=False, escape=True, na_rep="—", border=0, classes="zy-table")
    cap = f"<p class='zy-caption'>{esc(caption)}</p>" if caption else ""
    more = (f"<p class='zy-caption'>… {len(df) - len(shown)} more rows 另有 {len(df) - len(shown)} 行"
            "</p>") if len(shown) < len(df) else ""
    return Section(cap + body + more)


def note(text_zh: str, text_en: str, *, kind: str = "info") -> Section:
    """A short bilingual note (escaped); ``kind`` 'warn' draws it as a warning banner."""
    cls = "zy-warn" if kind == "warn" else "zy-note"
    return Section(f"<div class='{cls}'>{esc(text_zh)} <span lang='en'>{esc(text_en)}</span></div>")


# ----------------------------------------------------------------------- header

def header(T: Tables, title_zh: str, title_en: str, subtitle: str = "", as_of: str | None = None) -> Section:
    """Report title, the as-of date of its verdicts, the data it was built from and the sources."""
    meta, docs = T.meta, T.documents
    items = "".join(
        f"<li><b>{esc(r.doc_id)}</b> {esc(r.title_zh)} — {esc(r.title_en)}"
        f"{' · ' + esc(r.doc_number) if r.doc_number else ''}{' · ' + esc(r.date) if r.date else ''}</li>"
        for r in docs.itertuples())
    return Section(
        f"<h1>{esc(title_zh)} <span lang='en'>{esc(title_en)}</span></h1>"
        f"<p class='zy-caption'>{esc(subtitle)}</p>"
        f"<p class='zy-asof'>结论截至 Verdicts as of <b>{esc(parse_as_of(as_of).isoformat())}</b></p>"
        f"<p class='zy-caption'>数据构建 Data built {esc(meta.get('built_at', '?'))} · "
        f"zyanalysis {esc(meta.get('version', '?'))}. 每个数字注明出处（文件:行） Every figure "
        f"names its source as document:line, or user file:row.</p>"
        f"<details><summary>来源文件 Source documents</summary><ul>{items}</ul></details>")


# ----------------------------------------------------------------------- attainment

_COMP = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "=", "~": "约 about", "range": "区间 range",
         "national": "完成国家指标 national", "pending": "待定 pending", "qualitative": "定性 qualitative"}
_GROUPS = [
    (("achieved", "not_achieved"), "已有结论 Settled", "目标年份已过，且有该年实际数据。 The target year is over and its actual figure is in."),
    (("on_track", "at_risk", "off_track"), "进行中 In progress", "目标年份未过，按进度判断。 The target year is not over: judged by pace."),
    (("awaiting_data",), "待数据 Awaiting data", "目标年份已过，尚无该年实际数据；最新数据与预测仅供参考，不是结论。 "
     "The target year is over and no actual for it is in yet: the latest figure and the projection are context, not a verdict."),
]


def verdict_summary(att: pd.DataFrame, *, county: str | None = None) -> Section:
    """What is met, missed, in progress and awaiting data, as of the attainment's date; and the
    command that lists the figures that would settle the rest."""
    if att.empty:
        return note("没有文件为此设定量化目标。", "No document sets a quantified target here.")
    as_of = str(att["as_of"].iloc[0])
    c = status_counts(att)
    items = "".join(f"<li><b>{c[s]}</b> {esc(label)}</li>" for s, label in STATUSES.items() if c[s])
    cmd = "zyanalysis template actuals --missing" + (f" --county {county}" if county else "")
    # qualitative targets (完成国家指标 …) lack no figure: only numeric ones can be settled by data
    numeric = att.comparator.isin(NUMERIC) & att.target_value.notna()
    wanted = int((att.status.isin(["awaiting_data", "not_scorable"]) & numeric).sum())
    ask = (f"<p>{wanted} 个目标缺少可下结论的数据。 {wanted} targets lack the figures a verdict needs: "
           f"<code>{esc(cmd)}</code> writes the rows to fill in.</p>") if wanted else ""
    return Section(f"<div class='zy-summary'><h3>截至 {esc(as_of)} 的结论 Verdict as of {esc(as_of)}</h3>"
                   f"<p>{len(att)} 个目标 targets (each counted once, with every source):</p>"
                   f"<ul>{items}</ul>{ask}</div>")


def attainment_table(att: pd.DataFrame) -> Section:
    """The attainment table as researchers read it, grouped: settled, in progress, awaiting
    data; targets that cannot be scored follow in a collapsed list with the reason."""
    if att.empty:
        return note("没有文件为此设定量化目标。", "No document sets a quantified target here.")
    parts = [f"<p class='zy-caption'>截至 As of {esc(att['as_of'].iloc[0])}.</p>"]
    for statuses, title, explain in _GROUPS:
        part = att[att.status.isin(statuses)]
        if len(part):
            parts.append(f"<h3>{esc(title)} ({len(part)})</h3><p class='zy-caption'>{esc(explain)}</p>"
                         + _attainment_rows(part).html_text)
    unscored = att[att.status == "not_scorable"]
    if len(unscored):
        parts.append(f"<details><summary>无法评分的目标 {len(unscored)} targets not scorable "
                     f"(no data or qualitative) — click to show</summary>"
                     f"{_attainment_rows(unscored).html_text}</details>")
    return Section("".join(parts))


def data_wanted_table(wanted: pd.DataFrame, *, county: str | None = None) -> Section:
    """What figures would settle the open targets, with the command that writes them as a file."""
    cmd = "zyanalysis template actuals --missing" + (f" --county {county}" if county else "")
    if wanted.empty:
        return note("没有缺少的实际数据。", "No actual figure is missing for these targets.")
    # the reason in a few words; the caption says the rest once
    purpose = ["目标年 target year" if w.startswith("target year") else "进度 pace" for w in wanted.why]
    df = pd.DataFrame({"地区 Unit": wanted.jurisdiction_id, "指标 Indicator": wanted.indicator_zh,
                       "单位 Unit": wanted.unit, "年份 Year": wanted.year, "用于 For": purpose})
    head = (f"<p>{len(wanted)} 项实际数据可以判定或更新这些目标。 {len(wanted)} actual figures would "
            f"settle (target year) or update (pace) these targets; a year's statistics come out the "
            f"next spring. <code>{esc(cmd)} -o data/raw/actuals/wanted.xlsx</code> writes them as a "
            f"file to fill in (CSV or .xlsx, with indicator ids); the build reads it back.</p>")
    return Section(f"<details><summary>数据需求 Data wanted ({len(wanted)})</summary>{head}"
                   f"{table(df).html_text}</details>")


def _target_text(r) -> str:
    if pd.isna(r.target_value):
        return _COMP.get(r.comparator, r.comparator)
    text = f"{_COMP.get(r.comparator, r.comparator)} {fmt_num(r.target_value)}"
    if r.comparator == "range" and not pd.isna(r.target_high):
        text = f"{fmt_num(r.target_value)}–{fmt_num(r.target_high)}"
    if r.is_reduction and not pd.isna(r.base_year):
        text += f" (比 {int(r.base_year)} 年降低 cut vs {int(r.base_year)})"
    return text + (" 力争 aspirational" if r.aspirational else "")


def _latest_text(r) -> str:
    if pd.isna(r.latest_value):
        return "—"
    est = " 规划预计 plan estimate" if r.latest_kind == "estimate" else ""
    src = f"; {r.latest_source}" if isinstance(r.latest_source, str) else ""
    return f"{fmt_num(r.latest_value)} ({int(r.latest_year)}{est}{src})"


def _pace_text(r) -> str:
    """Required vs actual pace in the kind's unit, or each year against the target."""
    if isinstance(r.year_by_year, str):
        return r.year_by_year
    if pd.isna(r.required_pace) and pd.isna(r.actual_pace):
        return "—"
    u = r.pace_unit if isinstance(r.pace_unit, str) else ""
    sign = (lambda x: f"{x:+.2f}".rstrip("0").rstrip(".") if not pd.isna(x) else "—")
    return (f"需 need {sign(r.required_pace)} · 实 so far {sign(r.actual_pace)} · "
            f"近一年 last yr {sign(r.latest_pace)} {u}")


def _attainment_rows(att: pd.DataFrame) -> Section:
    rows = []
    for r in att.itertuples():
        proj = "—" if pd.isna(r.projected) else fmt_num(r.projected) + (
            "" if pd.isna(r.projected_low) else f" [{fmt_num(r.projected_low)}–{fmt_num(r.projected_high)}]")
        gap_unit = "pp" if (r.unit == "%" or r.is_reduction) else r.unit
        rows.append({
            "指标 Indicator": f"{r.indicator_zh} / {r.indicator_en}",
            "单位 Unit": r.unit,
            "年份 Year": int(r.target_year),
            "目标 Target": _target_text(r),
            "最新 Latest": _latest_text(r),
            "差距 Gap": "—" if pd.isna(r.gap) else f"{fmt_num(r.gap)} {gap_unit}",
            "进度 Pace": _pace_text(r),
            "预测 Projected [90%]": proj,
            "状态 Status": STATUSES.get(r.status, r.status) + (
                f" — {r.reason}" if isinstance(r.reason, str) and not r.reason.startswith("no actual for") else ""),
            "来源 Source": r.source,
        })
    return table(pd.DataFrame(rows))


def attainment_chart(att: pd.DataFrame):
    """Bars of attainment ratio per target (None when nothing is scorable)."""
    drawn = att[att.ratio.notna()]
    if drawn.empty:
        return None
    return charts.attainment_bars(att)


def series_charts(T: Tables, jurisdiction: str, *, industries: list[str] | None = None, max_series: int = 6):
    """Observed series with their targets (one panel per indicator), or None."""
    obs = T["observations"][T["observations"].jurisdiction_id == jurisdiction]
    tg = T["targets"][(T["targets"].jurisdiction_id == jurisdiction) & T["targets"].target_value.notna()]
    if industries is not None:
        obs = obs[obs.industry_id.isin(industries)]
        tg = tg[tg.industry_id.isin(industries)]
    counts = obs.groupby("indicator_id").year.nunique()
    keep = [i for i in counts[counts >= 2].index if i in set(tg.indicator_id)][:max_series]
    if not keep:
        return None
    return charts.series_chart(obs[obs.indicator_id.isin(keep)], tg[tg.indicator_id.isin(keep)])


# ----------------------------------------------------------------------- projects

def projects_table(p: pd.DataFrame) -> Section:
    """Projects with investment in 亿元 and who is responsible."""
    if p.empty:
        return note("此范围内无带动性工程项目。", "No driving projects in this scope.")
    df = pd.DataFrame({
        "产业 Industry": p.group_zh, "序号 No.": p.seq, "项目 Project": p.name_zh,
        "性质 Nature": p.nature_zh, "期限 Period": p.period_raw.str.replace(r"\s+", "", regex=True),
        "总投资 Investment (亿元)": p.investment_yi.map(fmt_num), "县区 County": p.county_raw.str.split().str[0],
        "市级包抓领导 City leader": p.leaders, "牵头部门 Lead dept.": p.lead_departments,
        "备注 Remark": p.remark, "来源 Source": p.source})
    total = p.investment_yi.sum()
    cap = (f"{len(p)} 个项目，总投资 {fmt_num(total)} 亿元 (CNY {total / 10:,.2f} billion) — "
           f"{len(p)} projects, total investment {fmt_num(total)}亿元")
    return table(df, caption=cap)


def projects_chart(p: pd.DataFrame):
    """Investment per industry stacked by county (None when empty)."""
    return None if p.empty else charts.projects_by_industry(p)


# ----------------------------------------------------------------------- assessment

def illustrative_banner() -> Section:
    """The warning shown above every result computed from the example input."""
    return Section(f"<div class='zy-warn'>{esc(ILLUSTRATIVE_BANNER.format(file=EXAMPLE_ASSESSMENT))}</div>")


def _unit_name(u: str) -> str:
    names = jurisdiction_names()
    return f"{names[u][0]} {names[u][1]}" if u in names else u


def assessment_table(s: pd.DataFrame, *, highlight: str | None = None) -> Section:
    """Official-rule scores of the six 县区 (000 考核办法), best first (``CountyAssessment.scores``)."""
    df = pd.DataFrame({
        "排名 Rank": s["rank"], "单位 Unit": [("▶ " if u == highlight else "") + _unit_name(u) for u in s.unit],
        "指标得分 Indicator score": s.score.map(fmt_num), "加分 Bonus": s.bonus.map(fmt_num),
        "扣分 Deduction": s.deduction.map(fmt_num), "总分 Total": s.total.map(fmt_num),
        "结果 Outcome": s.outcome.map(lambda o: OUTCOME_ZH.get(o, o))})
    return table(df, caption="规则：张掖市生态产业发展绩效考核办法（试行）第十三条 (000:1804–1814)，前两名表扬、后两名约谈 (000:1832)"
                             " — rules of 000 Art. 13; top two praised, bottom two called in.")


def sensitivity_table(sens: pd.DataFrame, *, highlight: str | None = None) -> Section:
    """5–95% rank interval and the probabilities of the ranks with consequences."""
    df = pd.DataFrame({
        "单位 Unit": [("▶ " if u == highlight else "") + _unit_name(u) for u in sens.unit],
        "基准排名 Baseline rank": sens.baseline_rank,
        "排名区间 Rank 5–95%": [f"{int(a)}–{int(b)}" for a, b in zip(sens.rank_p05, sens.rank_p95)],
        "中位排名 Median rank": sens.rank_median,
        "前两名概率 P(top 2)": sens.p_top2.map(_pct), "后两名概率 P(bottom 2)": sens.p_bottom2.map(_pct),
        "Kendall τ (median)": sens.kendall_tau_median.map(lambda v: f"{v:.2f}")})
    n = int(sens.draws.iloc[0]) if "draws" in sens else 0
    return table(df, caption=f"{n:,} 次随机权重抽样 random weight draws (Dirichlet, concentration "
                             f"{fmt_num(sens.concentration.iloc[0])}, "
                             "centred on the official weights)")


def sensitivity_chart(sens: pd.DataFrame):
    """Rank interval per unit."""
    return charts.rank_interval_chart(sens.assign(unit=sens.unit), source="data/raw/" + EXAMPLE_ASSESSMENT,
                                      ) if not sens.empty else None


GROUP_EN = {
    "机制建立情况": "Mechanisms", "工作落实情况": "Implementation", "产业发展情况": "Industry development",
    "绿色发展情况": "Green development", "要素支撑情况": "Factor support", "访谈测评情况": "Interviews",
    "工作创新情况": "Innovation", "工作机制情况": "Working mechanisms", "任务落实情况": "Task delivery",
}
"""English labels of the level-1 groups (一级指标) of 000's three indicator systems."""

OUTCOME_ZH = {"praised": "表扬 praised", "interview": "约谈 called in", "none": "—"}


def group_label(group_zh: str) -> str:
    """'产业发展情况 Industry development'."""
    return f"{group_zh} {GROUP_EN.get(group_zh, '')}".strip()


def score_chart(pts: pd.DataFrame):
    """Official-rule indicator points per unit (``CountyAssessment.points``), stacked by level-1
    group (illustrative inputs)."""
    long = (pts.groupby(["unit", "group_zh"], sort=False).points.sum().reset_index()
            .rename(columns={"points": "score"}).assign(source="data/raw/" + EXAMPLE_ASSESSMENT))
    long["group_zh"] = long.group_zh.map(group_label)
    return charts.score_bars(long, note="示例数据 illustrative inputs; 不含加减分 before bonuses and deductions")


def reweight_chart(pts: pd.DataFrame, frameworks: pd.DataFrame):
    """Sliders per level-1 group that re-weight and re-rank in the browser (no kernel), from the
    indicator points (``CountyAssessment.points``) and the frameworks table's weights."""
    fw = frameworks
    fw = fw[fw.framework_id == "000.county"]
    group_points = fw.groupby("group_zh", sort=False).weight.sum()
    long = (pts.groupby(["unit", "group_zh"], sort=False).points.sum().reset_index()
            .rename(columns={"points": "score"}))
    long["group_points"] = long.group_zh.map(group_points)
    long["source"] = "data/raw/" + EXAMPLE_ASSESSMENT
    long["group_zh"] = long.group_zh.map(group_label)
    weights = {group_label(g): float(v) for g, v in group_points.items()}
    return charts.interactive_reweight_chart(long, weights, note="示例数据 illustrative inputs")


# ----------------------------------------------------------------------- responsibilities & findings

def responsibilities_table(r: pd.DataFrame) -> Section:
    """Who is responsible for what (long form)."""
    if r.empty:
        return note("文件未为此指定责任。", "The documents assign nothing here.")
    df = pd.DataFrame({"事项 Subject": r.subject_zh, "角色 Role": r.role + " / " + r.role_en,
                       "责任方 Party": r.party_zh, "职务 Title": r.title_zh.fillna(""), "来源 Source": r.source})
    return table(df)


def findings_table(f: pd.DataFrame) -> Section:
    """Findings: where a document disagrees with itself (numbers not changed)."""
    if f.empty:
        return note("没有相关的数据问题。", "No data findings concern this scope.")
    df = pd.DataFrame({"类型 Kind": f.kind, "事项 Subject": f.subject_zh,
                       "文件所述 Stated": f.stated.map(fmt_num), "由各行计算 Computed": f.computed.map(fmt_num),
                       "单位 Unit": f.unit, "说明 Message": f.message, "来源 Source": f.source})
    return table(df)


# ----------------------------------------------------------------------- industry

def provincial_context(regions: pd.DataFrame, gansu: list[str], gansu_att: pd.DataFrame) -> Section:
    """Gansu's targets for the same industries (``gansu``, their attainment ``gansu_att``) and the
    layout paragraphs of 002 for the region holding Zhangye (``regions``)."""
    parts = []
    if gansu:
        parts.append(f"<h3>甘肃省同名产业目标 Gansu targets for this industry</h3>{attainment_table(gansu_att).html_text}")
    for r in regions.itertuples():
        named = gansu and any(g in (r.industry_ids or "").split("、") for g in gansu)
        parts.append(f"<h3>区域布局 Regional layout: {esc(r.region_zh)} {esc(r.region_en)} ({esc(r.source)})</h3>"
                     + ("<p class='zy-caption'>本段提及此产业 this paragraph names the industry</p>" if named else "")
                     + f"<blockquote>{esc(r.text_zh)}</blockquote>")
    return Section("".join(parts) or note("无省级对应。", "No provincial counterpart.").html_text)


# ----------------------------------------------------------------------- overview

def county_overview(T: Tables, att: pd.DataFrame) -> Section:
    """Per county: projects, investment, targets and their status (from ``att``), findings."""
    j = T["jurisdictions"]
    units = j[j.jurisdiction_id.isin(REPORT_UNITS)]
    p = queries.projects_of(T)
    rows = []
    for u in units.itertuples():
        pu = p[p.jurisdiction_id == u.jurisdiction_id]
        au = att[att.jurisdiction == u.jurisdiction_id]
        rows.append({"县区 County": f"{u.name_zh} {u.name_en}", "项目数 Projects": len(pu),
                     "总投资 Investment (亿元)": fmt_num(pu.investment_yi.sum()),
                     "目标数 Targets": len(au),
                     **{STATUSES[s]: n for s, n in status_counts(au).items()},
                     "数据问题 Findings": len(queries.county_findings(T, u.jurisdiction_id))})
    other = p[p.jurisdiction_id.isna()]
    cap = ("来源 Sources: 项目 projects = 000 附件2 (investment in 亿元); 目标 targets = every document; "
           "数据问题 findings = load_findings(). "
           f"000 附件2 项目中 {len(other)} 个未归属单一县区（市直或多县） — {len(other)} projects of 000 annex 2 "
           "name no single county (city-level or several counties).")
    return table(pd.DataFrame(rows), caption=cap)


def half_gdp_goal(att: pd.DataFrame) -> pd.DataFrame:
    """The 2025 goal of 000 that eco-industry value added exceed half of GDP, from ``att``."""
    return att[(att.jurisdiction == "zhangye") & att.indicator.str.contains("eco_industry_va_share_gdp", regex=False)]


def qinghai_chart(T: Tables):
    """Investment of the Qinghai registry per responsible unit."""
    p = queries.projects_of(T, registry=QINGHAI_FAIR)
    return charts.projects_by_industry(p, title=("青海签约项目投资 Qinghai signed-project investment",
                                                 "按责任单位 by responsible unit (003)"))


def status_chart(att: pd.DataFrame):
    """Targets per jurisdiction by status (None when there are none)."""
    return None if att.empty else charts.status_chart(att)


def findings_chart(T: Tables):
    """Findings per document and kind."""
    f = T["findings"]
    return None if f.empty else charts.findings_chart(f)


def headline_series(T: Tables, max_series: int = 4):
    """The longest series of the county-level units that have a target (at least three years),
    whichever unit has them: today only Ganzhou's 001 附件1 table qualifies."""
    obs = T["observations"][T["observations"].jurisdiction_id.isin(REPORT_UNITS)]
    tg = T["targets"][T["targets"].jurisdiction_id.isin(REPORT_UNITS) & T["targets"].target_value.notna()]
    years = obs.groupby(["jurisdiction_id", "indicator_id"]).year.nunique()
    targeted = set(zip(tg.jurisdiction_id, tg.indicator_id))
    best = [k for k in years[years >= 3].sort_values(ascending=False, kind="stable").index if k in targeted]
    best = best[:max_series]
    if not best:
        return None
    pick = lambda df: df[[k in best for k in zip(df.jurisdiction_id, df.indicator_id)]]
    return charts.series_chart(pick(obs), pick(tg))


def qinghai_summary(T: Tables) -> Section:
    """The Qinghai comparison registry (003): projects and investment per responsible unit."""
    p = queries.projects_of(T, registry=QINGHAI_FAIR)
    g = (p.groupby(["group_seq", "group_zh"], sort=True)
         .agg(n=("project_id", "size"), inv=("investment_yi", "sum"), first_line=("line", "min"))
         .reset_index())
    df = pd.DataFrame({"责任单位 Responsible unit": g.group_zh, "项目数 Projects": g.n,
                       "总投资 Investment (亿元)": g.inv.map(fmt_num),
                       "来源 Source": "003:" + g.first_line.astype(str) + "…"})
    total = p.investment_yi.sum()
    return table(df, caption=f"青海第十八届青洽会签约项目 {len(p)} 个，总投资 {fmt_num(total)} 亿元 "
                             f"(CNY {total / 10:,.1f} billion) — Qinghai 18th fair: {len(p)} signed projects.")


# ----------------------------------------------------------------------- display helpers

TAXONOMY_LABELS = {
    "zhangye_eco10": "张掖市十大生态产业 Zhangye's ten eco-industries (000)",
    "ganzhou_lead7": "甘州区七大主导产业 Ganzhou's seven leading industries (001)",
    "gansu_green10": "甘肃省十大绿色生态产业 Gansu's ten green industries (002)",
}


def show(*objs) -> None:
    """Display each object that is not None (a chart, a Section, a DataFrame)."""
    for o in objs:
        if o is not None:
            display(o)


def taxonomy_label(taxonomy: str) -> str:
    """Display label of an industry list."""
    if taxonomy not in TAXONOMY_LABELS:
        raise ValueError(f"unknown taxonomy {taxonomy!r}; valid: {', '.join(TAXONOMY_LABELS)}")
    return TAXONOMY_LABELS[taxonomy]


def industry_series(T: Tables, ids: list[str]):
    """Observed series of the industries (e.g. Ganzhou's 2024 output estimates) with targets."""
    obs = T["observations"]
    juris = obs[obs.industry_id.isin(ids)].jurisdiction_id.unique()
    charts_ = [series_charts(T, j, industries=ids) for j in juris]
    charts_ = [c for c in charts_ if c is not None]
    return charts_[0] if charts_ else None


def status_summary(att: pd.DataFrame) -> Section:
    """Count of targets per jurisdiction and status."""
    if att.empty:
        return note("没有目标。", "No targets.")
    c = att.groupby(["jurisdiction", "status"]).size().unstack(fill_value=0)
    c = c.reindex(columns=[s for s in STATUSES if s in c.columns])
    c.columns = [STATUSES[s] for s in c.columns]
    c.index = [_unit_name(i) for i in c.index]
    return table(c.reset_index(names="地区 Jurisdiction"))
