"""Altair chart builders for the reports: tidy frame in, chart out.

Every chart has a Chinese title with the English alongside (``'目标完成度 Target attainment'``),
units in its axis titles, and a source footnote naming the documents and lines its marks come
from (``'来源 Source: 000: 12, 15–20'``). Builders never call ``.configure*()`` so that callers
may still concatenate charts; fonts and sizes come from the ``zyanalysis`` theme
(:func:`enable_theme`, done by :func:`zyanalysis.report.htmlexport.setup_notebook`).

Frames (column names follow :mod:`zyanalysis.data.schemas` where the table is one of its tables):

* attainment: ``jurisdiction, indicator, indicator_zh, indicator_en, target_value,
  latest_value, ratio, status, unit, source`` (one row per target; ``ratio`` = latest ÷ target);
* observations and targets: the schema tables;
* projects: the schema table (``investment_yi`` in 亿元);
* sensitivity: ``unit, rank_p05, rank_median, rank_p95, p_top2, p_bottom2`` (``unit`` = the
  assessed unit, a jurisdiction id or name);
* scores: ``unit, group_zh, score`` (points, 分) and optionally ``group_points`` (maximum points
  of the group) and ``source``.

Text drawn by Vega is SVG text, never parsed as HTML, so document text needs no escaping here.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
import math
import textwrap

import altair as alt
import pandas as pd

from zyanalysis.reference.jurisdictions import jurisdiction_names, resolve_jurisdiction
from zyanalysis.scoring.attainment import STATUSES

FONT = ("'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', "
        "'WenQuanYi Micro Hei', 'SimHei', sans-serif")
"""Font stack: Debian/Noto, then what Windows and macOS office machines have."""

STATUS_LABELS = {
    **STATUSES,  # attainment statuses: one list, in zyanalysis.scoring.attainment
    "met": "已达标 Met",
    "behind": "滞后 Behind",
    "not_met": "未达标 Not met",
    "no_data": "无数据 No data",
    "pending": "待定 Pending",
    "qualitative": "定性 Qualitative",
}
"""Display labels of attainment statuses; a status not listed is shown as it is."""

_STATUS_COLORS = {
    "met": "#2e7d32", "achieved": "#2e7d32", "on_track": "#7cb342", "behind": "#f9a825",
    "at_risk": "#f9a825", "off_track": "#c62828", "not_scorable": "#9e9e9e",
    "not_achieved": "#8e0000", "awaiting_data": "#64b5f6",
    "not_met": "#c62828", "no_data": "#9e9e9e", "pending": "#bdbdbd", "qualitative": "#90a4ae",
}

_KIND_LABELS = {"actual": "实际 Actual", "estimate": "预计 Estimate", "target": "目标 Target"}
_COMPARATOR_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}
_FOOTNOTE_WIDTH = 110  # characters per footnote line (CJK counts as one; good enough)


# ----------------------------------------------------------------------------- theme

def theme_config() -> dict:
    """The ``zyanalysis`` Vega-Lite config: CJK-capable fonts, readable sizes, SVG-friendly."""
    return {
        "config": {
            "font": FONT,
            "title": {"font": FONT, "fontSize": 15, "anchor": "start", "subtitleFontSize": 11,
                      "subtitleColor": "#555"},
            "axis": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 11,
                     "titleFontSize": 12, "labelLimit": 360},
            "legend": {"labelFont": FONT, "titleFont": FONT, "labelLimit": 260},
            "header": {"labelFont": FONT, "titleFont": FONT},
            "text": {"font": FONT},
            "view": {"continuousWidth": 520, "continuousHeight": 300},
        }
    }


def enable_theme() -> None:
    """Register and enable the ``zyanalysis`` theme (idempotent)."""
    if "zyanalysis" not in alt.theme.names():
        alt.theme.register("zyanalysis", enable=False)(theme_config)
    alt.theme.enable("zyanalysis")


# ----------------------------------------------------------------------------- validation

_VALIDATE = True
_ORIGINAL_REPR = alt.TopLevelMixin._repr_mimebundle_


def _repr_mimebundle_switchable(self, *args, **kwds):
    """Altair's ``_repr_mimebundle_``, minus the JSON-schema validation when it is switched off."""
    if _VALIDATE:
        return _ORIGINAL_REPR(self, *args, **kwds)
    try:
        dct = self.to_dict(validate=False, context={"pre_transform": False})
    except Exception:  # as altair does: show the traceback in the notebook, no output
        alt.utils.display_traceback(in_ipython=True)
        return {}
    render = alt.renderers.get()
    return render(dct) if render else None


def set_validation(enabled: bool) -> None:
    """Validate chart specs against the Vega-Lite JSON schema (altair's default) or not.

    Validation costs about a sixth of a report's run time and checks specs that come from these
    builders, which the tests validate. Batch runs switch it off
    (:func:`zyanalysis.report.htmlexport.setup_notebook`); off means altair's debug mode
    (validate every schema object as it is built) and the validation when a chart is displayed.
    """
    global _VALIDATE
    _VALIDATE = enabled
    if enabled:
        alt.utils.schemapi.enable_debug_mode()
    else:
        alt.utils.schemapi.disable_debug_mode()
    alt.TopLevelMixin._repr_mimebundle_ = _repr_mimebundle_switchable


def validation_enabled() -> bool:
    """Whether chart specs are validated (see :func:`set_validation`)."""
    return _VALIDATE


# ----------------------------------------------------------------------------- labels, sources

def unit_label(value: str) -> str:
    """'ganzhou' or '甘州区' → '甘州区 Ganzhou'; unknown names are returned unchanged."""
    jid = resolve_jurisdiction(str(value)) if value is not None else None
    if jid is None:
        return str(value)
    name_zh, name_en = jurisdiction_names()[jid]
    return f"{name_zh} {_short_en(jid, name_en)}"


def _short_en(jid: str, name_en: str) -> str:
    if jid == "zhangye_edz":
        return "Zhangye EDZ"
    for suffix in (" Yugur Autonomous County", " District", " County", " Province", " City"):
        if name_en.endswith(suffix):
            return name_en[: -len(suffix)]
    return name_en


def _bilingual(zh: object, en: object) -> str:
    zh_s = "" if pd.isna(zh) else str(zh)
    en_s = "" if pd.isna(en) else str(en)
    return f"{zh_s} {en_s}".strip() if en_s and en_s != zh_s else zh_s


def _ranges(numbers: Iterable[int]) -> str:
    """[3, 4, 5, 9] → '3–5, 9'."""
    nums = sorted(set(numbers))
    out: list[str] = []
    start = prev = None
    for n in nums + [None]:
        if start is not None and (n is None or n != prev + 1):
            out.append(str(start) if start == prev else f"{start}–{prev}")
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ", ".join(out)


def source_note(sources: Iterable[object], note: str | None = None) -> list[str]:
    """Footnote lines naming each document (or user file) and its lines, compressed.

    ``['000:12', '000:13', '000:20', 'actuals/x.csv:5']`` →
    ``['来源 Source (文件:行 document:line): 000: 12–13, 20; actuals/x.csv: 5']``.
    ``note`` (e.g. '示意数据 Illustrative data') is appended as its own sentence.
    """
    by_doc: dict[str, set[int]] = {}
    other: list[str] = []
    flat = []
    for s in sources:
        if s is None or (isinstance(s, float) and math.isnan(s)) or s is pd.NA:
            continue
        flat += str(s).split("; ")  # a restated target carries 'DOC:LINE; DOC:LINE'
    for s in flat:
        doc, sep, line = s.rpartition(":")
        if sep and line.isdigit():
            by_doc.setdefault(doc, set()).add(int(line))
        elif s not in other:
            other.append(s)
    parts = [f"{doc}: {_ranges(lines)}" for doc, lines in sorted(by_doc.items())] + other
    text = "来源 Source (文件:行 document:line): " + ("; ".join(parts) if parts else "—")
    if note:
        text += f". {note}"
    return textwrap.wrap(text, _FOOTNOTE_WIDTH, break_on_hyphens=False) or [text]


def with_footnote(chart: alt.TopLevelMixin, lines: list[str]) -> alt.VConcatChart:
    """Wrap ``chart`` so that ``lines`` appear as a grey footnote under it."""
    return alt.vconcat(chart).properties(
        title=alt.TitleParams(lines, orient="bottom", anchor="start", fontSize=10,
                              fontWeight="normal", color="#666", offset=8))


def _sources(df: pd.DataFrame) -> list:
    return list(df["source"]) if "source" in df.columns else []


def _require(df: pd.DataFrame, cols: Iterable[str], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise KeyError(f"{what}: missing column(s) {missing}; has {list(df.columns)}")


# ----------------------------------------------------------------------------- builders

def attainment_bars(att_df: pd.DataFrame, *, note: str | None = None) -> alt.VConcatChart:
    """Bars of latest figure ÷ target per indicator, coloured by the status as of the report date.

    The latest figure may be an earlier year's or a plan's estimate: its year (and 预计 est.) follows
    the label after '←'. The bar is where the series stands; the verdict is the status.

    Targets without a numeric ratio (qualitative, pending, no data) are listed in the footnote
    rather than drawn at zero, which would read as 'nothing achieved'.
    """
    _require(att_df, ["jurisdiction", "indicator_zh", "indicator_en", "target_value",
                      "latest_value", "ratio", "status", "unit", "source"], "attainment_bars")
    df = att_df.copy()
    several = df["jurisdiction"].nunique() > 1
    years = df["target_year"] if "target_year" in df.columns else pd.Series([None] * len(df), index=df.index)
    # which figure the bar shows: the year of the latest one, marked when it is a plan's estimate
    latest_years = df["latest_year"] if "latest_year" in df.columns else pd.Series([None] * len(df), index=df.index)
    kinds = df["latest_kind"] if "latest_kind" in df.columns else pd.Series([None] * len(df), index=df.index)
    df["latest_label"] = ["" if y is None or pd.isna(y) else f"{int(y)}{' 预计 est.' if k == 'estimate' else ''}"
                          for y, k in zip(latest_years, kinds)]
    # one bar per target: Chinese name, target year and the latest figure's year first (long
    # labels are cut at the end), the English name last
    df["label"] = [
        (f"{unit_label(j)} · " if several else "") + str(zh)
        + (f" ({int(y)})" if y is not None and not pd.isna(y) else "") + (f" ← {ll}" if ll else "")
        + (f" {en}" if isinstance(en, str) and en and en != zh else "")
        for j, zh, en, y, ll in zip(df["jurisdiction"], df["indicator_zh"], df["indicator_en"], years,
                                    df["latest_label"])]
    df["status_label"] = [STATUS_LABELS.get(str(s), str(s)) for s in df["status"]]
    df["ratio_pct"] = pd.to_numeric(df["ratio"], errors="coerce") * 100
    drawn = df[df["ratio_pct"].notna()]
    statuses = list(dict.fromkeys(drawn["status"].astype(str)))
    color = alt.Color("status_label:N", title="状态 Status",
                      scale=alt.Scale(domain=[STATUS_LABELS.get(s, s) for s in statuses],
                                      range=[_STATUS_COLORS.get(s, "#5c6bc0") for s in statuses]))
    base = alt.Chart(drawn[["label", "ratio_pct", "status_label", "target_value", "latest_value",
                            "latest_label", "unit", "source"]])
    bars = base.mark_bar().encode(
        y=alt.Y("label:N", title=None, sort=None),
        x=alt.X("ratio_pct:Q", title="最新 ÷ 目标 latest figure ÷ target (%)", stack=None),
        color=color,
        tooltip=[alt.Tooltip("label:N", title="指标 Indicator"),
                 alt.Tooltip("latest_value:Q", title="最新值 Latest"),
                 alt.Tooltip("latest_label:N", title="年份 Year of the latest"),
                 alt.Tooltip("target_value:Q", title="目标 Target"),
                 alt.Tooltip("unit:N", title="单位 Unit"),
                 alt.Tooltip("ratio_pct:Q", title="完成率 %", format=".1f"),
                 alt.Tooltip("source:N", title="来源 Source")])
    goal = alt.Chart(pd.DataFrame({"x": [100.0]})).mark_rule(color="#333", strokeDash=[4, 3]).encode(x="x:Q")
    chart = alt.layer(bars, goal).properties(
        title=alt.TitleParams("最新数据对目标 Latest figure against target",
                              subtitle=["虚线 = 目标 dashed line = target (100%)",
                                        "颜色 = 截至报告日期的状态；待数据的条仅供参考 colour = status as of the report "
                                        "date; an 'awaiting data' bar is context, not a verdict"]),
        width=460, height=alt.Step(22))
    undrawn = df[df["ratio_pct"].isna()]
    extra = note
    if len(undrawn):
        names = list(dict.fromkeys(undrawn["label"].astype(str)))
        # a long list would bury the chart: name a few, count the rest (the table lists them all)
        listed = ", ".join(names[:5]) + (f" … (+{len(names) - 5}, 见表 see the table)" if len(names) > 5 else "")
        extra = (f"{len(undrawn)} 项无数值比 not drawn (no numeric ratio): " + listed
                 + (f". {note}" if note else ""))
    return with_footnote(chart, source_note(_sources(df), extra))


def series_chart(obs_df: pd.DataFrame, targets_df: pd.DataFrame, *,
                 note: str | None = None) -> alt.VConcatChart:
    """Observed values over years (actual solid, estimate dashed with hollow points) and the target.

    One panel per indicator (independent y axes, each titled with its unit); targets without a
    numeric value (pending, qualitative) are not drawn.
    """
    _require(obs_df, ["indicator_id", "indicator_zh", "indicator_en", "unit", "year", "value",
                      "kind", "source"], "series_chart observations")
    _require(targets_df, ["indicator_id", "unit", "target_year", "target_value", "comparator",
                          "source"], "series_chart targets")
    names = obs_df.drop_duplicates("indicator_id").set_index("indicator_id")
    tg = targets_df[targets_df["target_value"].notna()
                    & targets_df["indicator_id"].isin(names.index)]
    rows = [{"indicator_id": r.indicator_id, "year": int(r.year), "value": float(r.value),
             "kind": str(r.kind), "unit": r.unit, "source": r.source, "text": ""}
            for r in obs_df.itertuples()]
    rows += [{"indicator_id": r.indicator_id, "year": int(r.target_year),
              "value": float(r.target_value), "kind": "target", "unit": r.unit,
              "source": r.source,
              "text": f"{_COMPARATOR_TEXT.get(str(r.comparator), '')}{r.target_value:g}"}
             for r in tg.itertuples()]
    df = pd.DataFrame(rows)
    df["panel"] = [f"{_bilingual(names.loc[i, 'indicator_zh'], names.loc[i, 'indicator_en'])}"
                   f" ({u})" for i, u in zip(df["indicator_id"], df["unit"])]
    df["kind_label"] = df["kind"].map(_KIND_LABELS).fillna(df["kind"])
    kinds = [_KIND_LABELS[k] for k in ("actual", "estimate", "target")]
    color = alt.Color("kind_label:N", title="类型 Kind",
                      scale=alt.Scale(domain=kinds, range=["#1565c0", "#1565c0", "#c62828"]))
    x = alt.X("year:O", title="年份 Year")
    units = list(dict.fromkeys(df["unit"].astype(str)))
    y_unit = units[0] if len(units) == 1 else "单位见各图标题 unit in each panel title"
    y = alt.Y("value:Q", title=f"数值 Value ({y_unit})", scale=alt.Scale(zero=False))
    tip = [alt.Tooltip("kind_label:N", title="类型 Kind"), alt.Tooltip("year:O", title="年 Year"),
           alt.Tooltip("value:Q", title="数值 Value"), alt.Tooltip("unit:N", title="单位 Unit"),
           alt.Tooltip("source:N", title="来源 Source")]
    base = alt.Chart(df)
    observed = base.transform_filter("datum.kind != 'target'")
    dashed = observed.mark_line(strokeDash=[5, 4], color="#1565c0").encode(x=x, y=y)
    solid = base.transform_filter("datum.kind == 'actual'").mark_line(color="#1565c0").encode(x=x, y=y)
    points = observed.mark_point(size=60, strokeWidth=2).encode(
        x=x, y=y, color=color, tooltip=tip,
        fill=alt.condition("datum.kind == 'actual'", alt.value("#1565c0"), alt.value("white")))
    target = base.transform_filter("datum.kind == 'target'")
    tpoint = target.mark_point(shape="diamond", size=130, filled=True).encode(
        x=x, y=y, color=color, tooltip=tip)
    tlabel = target.mark_text(dy=-12, color="#c62828", fontSize=11).encode(x=x, y=y, text="text:N")
    several = df["panel"].nunique() > 1
    size = dict(width=300, height=170) if several else dict(width=460, height=220)
    layered = alt.layer(dashed, solid, points, tpoint, tlabel).properties(**size)
    if several:
        # wrapped small multiples: two panels a row keeps a long report readable
        chart = layered.facet(facet=alt.Facet("panel:N", title=None, header=alt.Header(
                              labelFontSize=11, labelLimit=320)), columns=2
                              ).resolve_scale(y="independent")
        chart = chart.properties(title=alt.TitleParams(
            "指标走势与目标 Indicator series and targets",
            subtitle="实线 = 实际 solid = actual; 虚线空心 = 预计 dashed/hollow = estimate; ◆ = 目标 target"))
    else:
        panel = df["panel"].iloc[0] if len(df) else ""
        chart = layered.properties(title=alt.TitleParams(
            f"指标走势与目标 Indicator series and target: {panel}",
            subtitle="实线 = 实际 solid = actual; 虚线空心 = 预计 dashed/hollow = estimate; ◆ = 目标 target"))
    return with_footnote(chart, source_note(_sources(df), note))


def projects_by_industry(projects_df: pd.DataFrame, *, note: str | None = None,
                         title: tuple[str, str] = ("分产业项目投资 Project investment by industry",
                                                   "按县区堆叠 stacked by county-level unit"),
                         ) -> alt.VConcatChart:
    """Total investment (亿元) per project group (industry, or responsible unit for 003),
    stacked by county-level unit; ``title`` is (title, subtitle)."""
    _require(projects_df, ["group_seq", "group_zh", "group_en", "investment_yi",
                           "jurisdiction_id", "source"], "projects_by_industry")
    df = projects_df.copy()
    df["group"] = [_bilingual(z, e) for z, e in zip(df["group_zh"], df["group_en"])]
    raw = df["county_raw"] if "county_raw" in df.columns else pd.Series(pd.NA, index=df.index)
    df["county"] = [unit_label(j) if isinstance(j, str) else
                    (f"{r} (未识别 unresolved)" if isinstance(r, str) and r else "未注明 Unspecified")
                    for j, r in zip(df["jurisdiction_id"], raw)]
    agg = (df.groupby(["group_seq", "group", "county"], dropna=False)
             .agg(investment_yi=("investment_yi", "sum"), n=("investment_yi", "size"))
             .reset_index())
    order = list(dict.fromkeys(agg.sort_values("group_seq")["group"]))
    chart = alt.Chart(agg).mark_bar().encode(
        y=alt.Y("group:N", title=None, sort=order),
        x=alt.X("investment_yi:Q", title="总投资 Total investment (亿元 = 100 million yuan)",
                stack="zero"),
        color=alt.Color("county:N", title="县区 County-level unit"),
        tooltip=[alt.Tooltip("group:N", title="产业 Group"), alt.Tooltip("county:N", title="县区 Unit"),
                 alt.Tooltip("investment_yi:Q", title="投资 Investment (亿元)", format=",.2f"),
                 alt.Tooltip("n:Q", title="项目数 Projects")],
    ).properties(title=alt.TitleParams(title[0], subtitle=title[1]),
                 width=460, height=alt.Step(22))
    return with_footnote(chart, source_note(_sources(df), note))


def status_chart(att_df: pd.DataFrame, *, note: str | None = None) -> alt.VConcatChart:
    """Number of targets per jurisdiction, stacked by attainment status."""
    _require(att_df, ["jurisdiction", "status", "source"], "status_chart")
    df = att_df.assign(label=[unit_label(j) for j in att_df["jurisdiction"]],
                       status_label=[STATUS_LABELS.get(str(x), str(x)) for x in att_df["status"]])
    agg = df.groupby(["label", "status", "status_label"]).size().reset_index(name="n")
    statuses = [s for s in STATUSES if s in set(agg["status"])]
    chart = alt.Chart(agg).mark_bar().encode(
        y=alt.Y("label:N", title=None, sort="-x"),
        x=alt.X("n:Q", title="目标数 Number of targets", stack="zero"),
        color=alt.Color("status_label:N", title="状态 Status",
                        scale=alt.Scale(domain=[STATUS_LABELS[s] for s in statuses],
                                        range=[_STATUS_COLORS[s] for s in statuses])),
        tooltip=[alt.Tooltip("label:N", title="地区 Jurisdiction"),
                 alt.Tooltip("status_label:N", title="状态 Status"), alt.Tooltip("n:Q", title="目标数 Targets")],
    ).properties(title=alt.TitleParams("目标状态 Target status by jurisdiction",
                                       subtitle="无法评分 = 缺数据或定性 not scorable = no data or qualitative"),
                 width=460, height=alt.Step(24))
    return with_footnote(chart, source_note(_sources(df), note))


def findings_chart(findings_df: pd.DataFrame, *, note: str | None = None) -> alt.VConcatChart:
    """Number of findings (document disagreeing with itself) per document and kind."""
    _require(findings_df, ["doc_id", "kind", "source"], "findings_chart")
    agg = findings_df.groupby(["doc_id", "kind"]).size().reset_index(name="n")
    agg["doc"] = "文件 document " + agg["doc_id"]
    chart = alt.Chart(agg).mark_bar().encode(
        y=alt.Y("doc:N", title=None),
        x=alt.X("n:Q", title="问题数 Number of findings", stack="zero", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("kind:N", title="类型 Kind"),
        tooltip=[alt.Tooltip("doc:N", title="文件 Document"), alt.Tooltip("kind:N", title="类型 Kind"),
                 alt.Tooltip("n:Q", title="数量 Count")],
    ).properties(title=alt.TitleParams("数据问题 Data findings",
                                       subtitle="文件自相矛盾之处，数字未作修改 where a document disagrees with itself; numbers left as written"),
                 width=460, height=alt.Step(24))
    return with_footnote(chart, source_note(_sources(findings_df), note))


def rank_interval_chart(sens_df: pd.DataFrame, *, source: str | None = None,
                        note: str | None = None) -> alt.VConcatChart:
    """Each unit's rank under random weights: 5–95% interval as a line, median as a point.

    Rank 1 is the best. ``source`` names what the simulation was run on (the frame has no
    provenance column); by default the footnote says it is a weight-sensitivity simulation.
    """
    _require(sens_df, ["unit", "rank_p05", "rank_median", "rank_p95", "p_top2", "p_bottom2"],
             "rank_interval_chart")
    df = sens_df.copy()
    df["label"] = [unit_label(u) for u in df["unit"]]
    n = int(max(df["rank_p95"].max(), len(df)))
    order = list(df.sort_values("rank_median")["label"])
    x = alt.X("rank_p05:Q", title="排名 Rank (1 = 最好 best; 线 = 5%–95% 区间 interval)",
              scale=alt.Scale(domain=[0.5, n + 0.5]), axis=alt.Axis(tickMinStep=1, format="d"))
    y = alt.Y("label:N", title=None, sort=order)
    tip = [alt.Tooltip("label:N", title="单位 Unit"),
           alt.Tooltip("rank_median:Q", title="中位排名 Median rank"),
           alt.Tooltip("rank_p05:Q", title="5%"), alt.Tooltip("rank_p95:Q", title="95%"),
           alt.Tooltip("p_top2:Q", title="前两名概率 P(top 2)", format=".0%"),
           alt.Tooltip("p_bottom2:Q", title="后两名概率 P(bottom 2)", format=".0%")]
    base = alt.Chart(df)
    rule = base.mark_rule(strokeWidth=3, color="#90a4ae").encode(x=x, x2="rank_p95:Q", y=y, tooltip=tip)
    med = base.mark_point(filled=True, size=90, color="#1565c0").encode(
        x="rank_median:Q", y=y, tooltip=tip)
    chart = alt.layer(rule, med).properties(
        title=alt.TitleParams("排名不确定性 Rank uncertainty",
                              subtitle="随机权重下的排名 rank under random weights; ● = 中位数 median"),
        width=460, height=alt.Step(26))
    src = [source] if source else _sources(df) or ["权重敏感性模拟 weight-sensitivity simulation"]
    return with_footnote(chart, source_note(src, note))


def score_bars(score_df: pd.DataFrame, *, note: str | None = None) -> alt.VConcatChart:
    """Assessment score (分 points) per unit, stacked by level-1 group, best unit on top."""
    _require(score_df, ["unit", "score"], "score_bars")
    df = score_df.copy()
    df["label"] = [unit_label(u) for u in df["unit"]]
    if "group_zh" not in df.columns:
        df["group_zh"] = "总分 Total"
    order = list(df.groupby("label")["score"].sum().sort_values(ascending=False).index)
    chart = alt.Chart(df).mark_bar().encode(
        y=alt.Y("label:N", title=None, sort=order),
        x=alt.X("score:Q", title="得分 Score (分 points)", stack="zero"),
        color=alt.Color("group_zh:N", title="一级指标 Level-1 indicator"),
        tooltip=[alt.Tooltip("label:N", title="单位 Unit"),
                 alt.Tooltip("group_zh:N", title="一级指标 Group"),
                 alt.Tooltip("score:Q", title="得分 Score (分)", format=".1f")],
    ).properties(title=alt.TitleParams("考核得分 Assessment score",
                                       subtitle="按一级指标堆叠 stacked by level-1 indicator"),
                 width=460, height=alt.Step(26))
    return with_footnote(chart, source_note(_sources(df), note))


def interactive_reweight_chart(scores_long: pd.DataFrame, weights: Mapping[str, float], *,
                               note: str | None = None, slider_max: float | None = None
                               ) -> alt.VConcatChart:
    """Composite score and rank per unit, re-weighted in the browser by one slider per group.

    ``scores_long``: ``unit, group_zh, score`` (points, 分) and optionally ``group_points``
    (maximum points of the group; without it ``score`` is taken as a 0–1 share). ``weights``:
    group_zh → weight (points), in slider order; the official points reproduce the official
    total. The composite is ``100 · Σ w_g · share_g / Σ w_g`` (out of 100), so only the
    relative weights matter. Everything after the sliders is Vega-Lite (calculate + window
    rank), so the chart stays interactive in a static HTML file with no kernel.
    """
    _require(scores_long, ["unit", "group_zh", "score"], "interactive_reweight_chart")
    groups = list(weights)
    unknown = sorted(set(scores_long["group_zh"]) - set(groups))
    if unknown:
        raise KeyError(f"interactive_reweight_chart: no weight for group(s) {unknown}")
    df = scores_long.copy()
    share = df["score"] / df["group_points"] if "group_points" in df.columns else df["score"]
    df["share"] = share.astype(float)
    wide = df.pivot_table(index="unit", columns="group_zh", values="share", aggfunc="sum")
    wide = wide.reindex(columns=groups).fillna(0.0)
    wide.columns = [f"g{i}" for i in range(len(groups))]
    wide = wide.reset_index()
    wide["label"] = [unit_label(u) for u in wide["unit"]]
    top = slider_max or max(2 * max(weights.values()), 1.0)
    step = 1.0 if top >= 10 else top / 20
    params = [alt.param(name=f"w{i}", value=float(weights[g]),
                        bind=alt.binding_range(min=0, max=top, step=step,
                                               name=f"{g} 权重 weight "))
              for i, g in enumerate(groups)]
    num = " + ".join(f"w{i} * datum.g{i}" for i in range(len(groups)))
    den = " + ".join(f"w{i}" for i in range(len(groups)))
    base = (alt.Chart(wide)
            .transform_calculate(composite=f"100 * ({num}) / max({den}, 1e-9)")
            .transform_window(rank="rank()", sort=[alt.SortField("composite", order="descending")])
            .transform_calculate(rank_text="'第' + datum.rank + '名 #' + datum.rank"))
    y = alt.Y("label:N", title=None, sort="-x")
    x = alt.X("composite:Q", title="加权得分 Weighted score (满分 100 out of 100)",
              scale=alt.Scale(domain=[0, 100]))
    bars = base.mark_bar(color="#1565c0").encode(
        y=y, x=x, tooltip=[alt.Tooltip("label:N", title="单位 Unit"),
                           alt.Tooltip("composite:Q", title="加权得分 Score", format=".1f"),
                           alt.Tooltip("rank:Q", title="排名 Rank")])
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(
        y=y, x=x, text="rank_text:N").properties(name="zy_rank")
    chart = alt.layer(bars, text).add_params(*params).properties(
        title=alt.TitleParams("权重调整与排名 Re-weighting and rank",
                              subtitle="拖动滑块改变各一级指标权重 move a slider to change a "
                                       "level-1 weight; 排名随之更新 the ranking updates"),
        width=460, height=alt.Step(26))
    return with_footnote(chart, source_note(_sources(df), note))


def incentive_chart(items_df: pd.DataFrame, *, note: str | None = None) -> alt.VConcatChart:
    """Paid incentive amounts (万元) per enterprise and fact year, stacked by reward item.

    ``items_df``: rows of :func:`zyanalysis.scoring.incentives.compute_incentives`; only items with a
    positive paid amount are drawn (excluded, dropped and pending items pay nothing).
    """
    _require(items_df, ["enterprise", "year", "item_zh", "item_en", "amount_wan", "source"], "incentive_chart")
    df = items_df[pd.to_numeric(items_df["amount_wan"], errors="coerce").fillna(0) > 0].copy()
    df["label"] = df["enterprise"].astype(str) + " " + df["year"].astype(str)
    df["item"] = [_bilingual(z, e) for z, e in zip(df["item_zh"], df["item_en"])]
    chart = alt.Chart(df[["label", "item", "amount_wan", "source"]]).mark_bar().encode(
        y=alt.Y("label:N", title=None),
        x=alt.X("amount_wan:Q", title="奖励 Reward (万元 = 10,000 yuan)", stack="zero"),
        color=alt.Color("item:N", title="奖励事项 Reward item"),
        tooltip=[alt.Tooltip("label:N", title="企业 Enterprise"), alt.Tooltip("item:N", title="事项 Item"),
                 alt.Tooltip("amount_wan:Q", title="发放 Paid (万元)"), alt.Tooltip("source:N", title="来源 Source")],
    ).properties(title=alt.TitleParams("企业奖励 Enterprise rewards",
                                       subtitle="已封顶、从高不重复后实际发放 paid after caps and 从高、不重复"),
                 width=460, height=alt.Step(26))
    return with_footnote(chart, source_note(_sources(df), note))
