"""Report sections of the department, incentive and landing notebooks.

Like :mod:`zyanalysis.report.sections` (whose helpers this reuses): each function formats what it
is handed — the tables bundle with a department id (rows selected by
:mod:`zyanalysis.data.departments`), or frames scored by :mod:`zyanalysis.scoring` — into a
:class:`~zyanalysis.report.sections.Section` of escaped HTML, an altair chart, or ``None``.
Nothing here loads, caches or scores.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from zyanalysis.data import departments as dep
from zyanalysis.data.schemas import DRIVING_PROJECTS
from zyanalysis.data.tables import Tables
from zyanalysis.reference import departments as registry
from zyanalysis.report import charts
from zyanalysis.report.sections import Section, attainment_chart, attainment_table, esc, fmt_num, header, note, table
from zyanalysis.scoring import examples
from zyanalysis.scoring.landing import STATUS_COLUMNS

LEVEL_ZH = {"city": "市级 city", "district": "区级 district (甘州区 Ganzhou)", "province": "省级 province",
            "other": "其他 other"}
KIND_ZH = {"department": "部门 department", "government": "政府 government", "enterprise": "企业 enterprise",
           "association": "协会/团体 association", "zone": "园区/管委会 zone", "collective": "统称 collective name"}

# ----------------------------------------------------------------------- department report


def department_header(T: Tables, dept_id: str, as_of: str | None = None) -> Section:
    """Title of a department report."""
    r = dep.department_row(T, dept_id)
    return header(T, f"{r.name_zh}报告", f"{r.name_en} report",
                  f"部门报告 Department report · {LEVEL_ZH.get(r.level, r.level)}", as_of=as_of)


def department_summary(T: Tables, dept_id: str) -> Section:
    """Who the department is, the spellings found, what it holds, and which system scores it."""
    r = dep.department_row(T, dept_id)
    d = registry.department(dept_id) if registry.registered(dept_id) else None
    parent = registry.department(r.parent_id).name_zh if pd.notna(r.parent_id) else None
    facts = pd.DataFrame({
        "项目 Item": ["编号 Id", "名称 Name", "级别 Level", "类型 Kind", "辖区 Jurisdiction", "上级 Parent",
                      "其他写法 Other spellings", "出现于 Documents", "说明 Note"],
        "内容 Value": [r.dept_id, f"{r.name_zh} / {r.name_en}", LEVEL_ZH.get(r.level, r.level),
                       KIND_ZH.get(r.kind, r.kind), r.jurisdiction_id, parent, r.aliases, r.docs,
                       d.note if d and d.note else None]})
    counts = pd.DataFrame({
        "事项 Subject": ["产业 Industries", "项目 Projects", "任务 Tasks"],
        "合计 Total": [r.n_industries, r.n_projects, r.n_tasks],
        "其中牵头 Of which lead": [r.n_industries_lead, r.n_projects_lead, r.n_tasks_lead]})
    return Section(table(facts).html_text + table(counts, caption="承担事项 What it holds (distinct subjects)").html_text
                   + assessment_note(r).html_text)


def assessment_note(r: pd.Series) -> Section:
    """Which 000 system scores the department (its ``departments`` row ``r``), or why none does."""
    if pd.notna(r.assessed_by):
        return note(f"按《张掖市生态产业发展绩效考核办法（试行）》考核：{registry.ASSESSED_ZH[r.assessed_by].split(' ')[0]}"
                    f"（第四条 {registry.ASSESSMENT_SOURCE}）。",
                    f"Scored by 000's assessment as a {registry.ASSESSED_ZH[r.assessed_by]} (Art. 4, {registry.ASSESSMENT_SOURCE}).")
    if r.level == "district":
        return note("区级部门不在市级生态产业绩效考核范围内（000 第四条只考核县区政府和市级牵头、责任部门）。",
                    "District departments are not scored by 000, which assesses county governments and the city's "
                    "lead and responsible departments only (Art. 4, 000:1779).")
    return note("000 的考核办法未将其列为考核对象。", "000's assessment does not name it as assessed.")


def _role(role: str, role_class: str) -> str:
    return f"{role} · {registry.ROLE_CLASS_ZH.get(role_class, role_class)}"


def industries_table(T: Tables, dept_id: str) -> Section:
    """Industries the department leads or is responsible for."""
    ind = dep.department_industries(T, dept_id)
    if ind.empty:
        return note("文件未让该部门负责任何产业。", "The documents make it responsible for no industry.")
    df = pd.DataFrame({
        "产业 Industry": ind.subject_zh + " / " + ind.name_en,
        "角色 Role": [_role(a, b) for a, b in zip(ind.role, ind.role_class)],
        "其他牵头部门 Other lead depts": ind.co_lead, "其他责任部门 Other responsible": ind.co_responsible,
        "包抓领导 City leaders": ind.leaders,
        "依据 Via": ind.via.map(lambda v: f"任务 task {v.split('.')[-1]}" if v else ""),
        "来源 Source": ind.source})
    return table(df)


def projects_table(T: Tables, dept_id: str) -> Section:
    """Projects the department leads or is responsible for, with investment (亿元)."""
    p = dep.department_projects(T, dept_id)
    if p.empty:
        return note("文件未让该部门负责任何项目。", "The documents make it responsible for no project.")
    df = pd.DataFrame({
        "登记册 Registry": p.registry, "组 Group": p.group_zh, "序号 No.": p.seq, "项目 Project": p.name_zh,
        "角色 Role": [_role(a, b) for a, b in zip(p.role, p.role_class)],
        "总投资 Investment (亿元)": p.investment_yi.map(fmt_num), "县区 County": p.jurisdiction_id,
        "牵头部门 Lead depts": p.lead_departments, "来源 Source": p.source})
    lines = []
    for reg, g in p.groupby("registry", sort=False):
        tot = g.investment_yi.sum()
        lead = g[g.role_class == "lead"]
        lines.append(f"{reg}: {len(g)} 个项目 projects（牵头 lead {len(lead)}），总投资 {fmt_num(tot)} 亿元 "
                     f"(CNY {tot / 10:,.2f} billion)")
    return table(df, caption="；".join(lines))


def projects_chart(T: Tables, dept_id: str):
    """Investment per industry and county of the department's 000 projects (None if none)."""
    p = dep.department_projects(T, dept_id)
    p = p[p.registry == DRIVING_PROJECTS]
    if p.empty:
        return None
    return charts.projects_by_industry(p.drop(columns=["role", "role_class", "raw"]))


def tasks_table(T: Tables, dept_id: str) -> Section:
    """Tasks (001, 004) the department leads, is responsible for or supports."""
    t = dep.department_tasks(T, dept_id)
    if t.empty:
        return note("文件未给该部门分配任务。", "The documents assign it no task.")
    df = pd.DataFrame({
        "任务 Task": t.subject_id, "内容 Text": t.subject_zh,
        "角色 Role": [_role(a, b) for a, b in zip(t.role, t.role_class)],
        "其他单位 Other units": [", ".join(x for x in (a, b) if x) for a, b in zip(t.co_lead, t.co_responsible)],
        "关联目标 Targets linked": t.n_targets, "来源 Source": t.source})
    return table(df, caption=f"{len(t)} 项任务 tasks. 001 的目标按行号归属任务（任务所在段落）; "
                             "004 的任务未关联目标 — 001 targets are linked by the task's line range; 004 tasks are not.")


def targets_section(att: pd.DataFrame) -> tuple[Section, object]:
    """Attainment of the department's targets (``scoring.scope.department_attainment``): table, chart."""
    if att.empty:
        return note("没有与该部门关联的量化目标。", "No target is tied to this department."), None
    via = att[["indicator_zh", "target_year", "via", "source"]].rename(columns={
        "indicator_zh": "指标 Indicator", "target_year": "年份 Year", "via": "关联方式 Tied via", "source": "来源 Source"})
    body = attainment_table(att).html_text + "<details><summary>目标如何关联到本部门 How each target is tied " \
        "to this department</summary>" + table(via).html_text + "</details>"
    return Section(body), attainment_chart(att)


def assessment_table(T: Tables, dept_id: str) -> Section:
    """The indicator rows of the 000 system that scores the department (weights in 分)."""
    fw = dep.department_frameworks(T, dept_id)
    r = dep.department_row(T, dept_id)
    if fw.empty:
        return assessment_note(r)
    df = pd.DataFrame({"一级指标 Group": fw.group_zh, "指标 Indicator": fw.indicator_zh + " / " + fw.indicator_en,
                       "类型 Kind": fw.kind_zh.fillna(fw.kind), "分值 Points": fw.weight.map(fmt_num),
                       "评价内容 Content": fw.content_zh, "来源 Source": fw.source})
    title = fw.title_zh.iloc[0]
    return Section(assessment_note(r).html_text + table(
        df, caption=f"{title}：{len(fw)} 项指标，共 {fmt_num(fw.weight.sum())} 分 — {len(fw)} indicators, "
                    f"{fmt_num(fw.weight.sum())} points in all; 计分办法 scoring rules 000 第十三条 (000:1804–1814).").html_text)


def all_departments_table(T: Tables, highlight: str | None = None) -> Section:
    """Every department the documents name, with what it holds (collapsed)."""
    t = T["departments"]
    df = pd.DataFrame({
        "编号 Id": [("▶ " if i == highlight else "") + i for i in t.dept_id], "名称 Name": t.name_zh,
        "级别 Level": t.level, "类型 Kind": t.kind, "产业 Industries": t.n_industries,
        "项目 Projects": t.n_projects, "任务 Tasks": t.n_tasks, "考核 Assessed": t.assessed_by.fillna("—"),
        "其他写法 Other spellings": t.aliases.fillna("")})
    return Section(f"<details><summary>文件提到的全部 {len(t)} 个部门/单位 All {len(t)} departments and units the "
                   f"documents name — click to show</summary>{table(df).html_text}</details>")


# ----------------------------------------------------------------------- incentives

EXAMPLE_INCENTIVES = examples.INCENTIVES
EXAMPLE_LANDING = examples.LANDING


def illustrative_banner(file: str, what_zh: str, what_en: str) -> Section:
    """The warning shown above results computed from an invented example file."""
    return Section(f"<div class='zy-warn'>⚠ 示例数据，非官方结果 ILLUSTRATIVE — {esc(what_zh)} {esc(what_en)} "
                   f"(data/raw/{esc(file)}).</div>")


def incentive_totals_table(t: pd.DataFrame) -> Section:
    """Paid amount per enterprise and fact year (万元): ``scoring.incentives.incentive_totals``."""
    df = pd.DataFrame({"企业 Enterprise": t.enterprise, "年度 Fact year": t.year,
                       "奖励合计 Total reward (万元)": t.total_wan.map(fmt_num)})
    cap = ("金额单位 万元 (10,000 yuan); 仅计 awarded 项 — only awarded items are paid; an enterprise-year "
           "with no award is listed with 0.")
    return Section(table(df, caption=cap).html_text + case_by_case_note().html_text)


def case_by_case_note() -> Section:
    """Item 15 (一事一议, 001:204) has no formula: it is decided case by case, never computed."""
    return note("第15项 特别激励奖（一事一议，001:204）没有计算公式，须逐案研究，本计算不含其金额。",
                "Item 15, the special reward (一事一议, 001:204), has no formula: it is decided case by "
                "case and no amount for it is included here.")


def incentive_chart(items: pd.DataFrame):
    """Paid amounts per enterprise-year by item (None when nothing is paid)."""
    paid = items[items.amount_wan.fillna(0) > 0]
    return None if paid.empty else charts.incentive_chart(items, note="示例企业 illustrative enterprises")


def incentive_items_table(items: pd.DataFrame, enterprise: str) -> Section:
    """Every item of one enterprise: amount, rule, cap, status and the policy line."""
    it = items[items.enterprise == enterprise]
    df = pd.DataFrame({
        "年度 Year": it.year, "条 Rule": it.rule_no, "奖励事项 Item": it.item_zh + " / " + it.item_en,
        "规则 Rule text": it.rule_zh, "计算 Computed (万元)": it.computed_wan.map(fmt_num),
        "上限 Cap (万元)": it.cap_wan.map(fmt_num), "封顶 Capped": it.capped.map({True: "是 yes", False: ""}),
        "发放 Paid (万元)": it.amount_wan.map(fmt_num), "状态 Status": it.status,
        "分期 Instalment": it.instalment, "支付年 Payable": it.payable_year, "说明 Reason": it.reason,
        "待核 Flag": it.flag, "来源 Source": it.source})
    return table(df, caption=f"{enterprise}")


# ----------------------------------------------------------------------- landing


def landing_template_shape(t: pd.DataFrame) -> Section:
    """The blank status template ``t`` (``zyanalysis template landing``): its columns and first rows."""
    per = t.groupby("registry").size()
    cap = (f"空白模板 Blank template: {len(t)} 行 rows × {t.shape[1]} 列 columns "
           f"({', '.join(f'{k}: {v}' for k, v in per.items())}); 填写列 columns to fill: "
           f"{', '.join(STATUS_COLUMNS[1:])}")
    return table(t.head(5), caption=cap)


_BASIS = {"count": "按项目数 count basis (projects)", "money": "按投资额 money basis (亿元)"}


def landing_rates_table(cmp: pd.DataFrame, *, caption: str = "") -> Section:
    """Wide table: one row per unit, one column per rate and basis (%), with the target that applies."""
    if cmp.empty:
        return note("没有已报告的项目。", "No project reported.")
    c = cmp.assign(col=cmp.indicator_zh + " " + cmp.basis.map(lambda b: "（项目数 count）" if b == "count"
                                                                 else "（投资额 money）"))
    wide = c.pivot_table(index="unit", columns="col", values="rate_pct", aggfunc="first", sort=False)
    wide = wide.map(lambda v: "—" if pd.isna(v) else f"{v:.1f}%")
    n = c.drop_duplicates("unit").set_index("unit")[["n_projects", "n_reported", "n_signed"]]
    lag = c.groupby("unit", sort=False).lagging.agg(lambda s: "滞后 lagging" if s.fillna(False).any() else "")
    out = pd.concat([n, wide, lag.rename("滞后 Lagging")], axis=1).reset_index(names="单位 Unit")
    out = out.rename(columns={"n_projects": "项目 Projects", "n_reported": "已报告 Reported", "n_signed": "签约 Signed"})
    tg = c.dropna(subset=["target_pct"]).drop_duplicates(["indicator_zh"])
    tnote = "; ".join(f"{r.indicator_zh} {r.comparator}{fmt_num(r.target_pct)}% by {r.deadline} "
                      f"({'due' if r.due else 'not yet due'}, {r.target_source})" for r in tg.itertuples())
    as_of = c.as_of.iloc[0]
    return table(out, caption=f"{caption} 截至 as of {as_of}. 适用目标 Targets that apply: {tnote or '—'}. "
                              "项目数口径 count basis = projects; 投资额口径 money basis = 亿元 of total investment.")


def lagging_table(lag: pd.DataFrame) -> Section:
    """Units that miss a due target (``scoring.landing.lagging_units``), worst gap first, both
    bases labelled."""
    lag = lag[lag.unit != "(all)"]
    if lag.empty:
        return note("没有单位落后于已到期目标。", "No unit lags a target that has fallen due.")
    df = pd.DataFrame({"单位 Unit": lag.unit, "指标 Rate": lag.indicator_zh, "口径 Basis": lag.basis.map(_BASIS),
                       "实际 Rate": lag.rate_pct.map(lambda v: f"{v:.1f}%"),
                       "目标 Target": lag.comparator + lag.target_pct.map(lambda v: f"{v:g}%"),
                       "差距 Gap (pp)": lag.gap_pp.map(lambda v: f"{v:+.1f}"), "截止 Deadline": lag.deadline,
                       "目标来源 Target source": lag.target_source})
    return table(df, caption=f"{lag.unit.nunique()} 个单位滞后 units lag at least one due target")


def landing_chart(cmp: pd.DataFrame, basis: str = "count"):
    """Bars of each unit's rates on one basis with the applicable target as a tick (None if empty)."""
    c = cmp[(cmp.basis == basis) & cmp.rate_pct.notna() & (cmp.unit != "(all)")]
    if c.empty:
        return None
    c = c.assign(rate=c.indicator_zh, lag=c.lagging.fillna(False).map({True: "滞后 lagging", False: "达标/未到期 ok"}))
    c = c[["unit", "rate", "indicator_zh", "rate_pct", "target_pct", "n_signed", "lag"]]  # JSON-safe columns
    base = alt.Chart(c).encode(y=alt.Y("unit:N", title=None, sort=None))
    bars = base.mark_bar().encode(
        x=alt.X("rate_pct:Q", title="比率 Rate (%)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("lag:N", title=None, scale=alt.Scale(domain=["滞后 lagging", "达标/未到期 ok"],
                                                              range=["#c62828", "#7cb342"])),
        tooltip=["unit", "indicator_zh", alt.Tooltip("rate_pct:Q", format=".1f"), "target_pct", "n_signed"])
    ticks = base.mark_tick(color="black", thickness=2).encode(x="target_pct:Q")
    chart = (bars + ticks).properties(width=220, height=alt.Step(14)).facet(
        column=alt.Column("rate:N", title=None)).properties(
        title=f"落地率 Landing rates — {_BASIS[basis]}")
    return charts.with_footnote(chart, charts.source_note(["003:15"], note="示例数据 ILLUSTRATIVE status"))
