"""Parser of document 001: 甘州区巩固提升工业突破发展三年行动成效工作方案（征求意见稿）.

Ganzhou district's plan to consolidate its industrial three-year action. What it yields:

* ``industries``: the seven leading industries (七大主导产业, taxonomy ``ganzhou_lead7``) in the
  order of the goal paragraph (line 5).
* ``observations``: 附件1's 15 indicators, 2021–2023 完成情况 (kind ``actual``) and 2024
  预计完成情况 (kind ``estimate``); plus the leading industries' 2024 output that tasks 1–7 give
  as 预计达到 (kind ``estimate`` only: a 预计 sentence states an expectation, not a target).
* ``targets``: 附件1's 2025 计划目标, the goal paragraph's 2024 and 2025 figures, and every
  quantified target in the 24 tasks (industry output, digitalisation rates, energy intensity,
  enterprise counts, project counts …).
* ``responsibilities``: the departments in parentheses at the end of each of the 24 tasks.
* ``findings``: industry targets summed against the total-output target, targets below their
  own baseline, prose figures that differ from the table.

附件2 (the enterprise incentive policy) is left for a later parser; only its heading is used,
as the end of 附件1.

Choices (documented here because the document does not settle them):

* Every indicator is "more is better" except the energy intensity (单位增加值能耗), whose target
  is a cut: ``is_reduction`` True, ``target_value`` 13.5 (%), ``base_year`` 2020,
  ``higher_is_better`` False (the intensity level); its ``comparator`` '>=' applies to the cut
  achieved (at least 13.5 %), as :mod:`zyanalysis.scoring.attainment` reads reduction targets.
* 突破100户 ("break through 100") is read as '>=' 100: the table's 2024 estimate is exactly 100.
* 年内 (task 1) and 每年 (tasks 13, 15) are dated by the table: the plan's current year is the
  year of the 预计完成情况 column (2024) and 每年 covers that year to the 计划目标 year (2025).
* The task departments are not ranked (按职责分工负责落实), so every one gets role 责任单位.
  市…局甘州分局 are branches of city bureaus, hence jurisdiction 'zhangye'; 张掖经开区 is
  'zhangye_edz'; 区… bodies, 区供电公司 and 智能制造产业发展中心 are 'ganzhou'.
* Where the table and the prose give a target for the same indicator and year, the table's
  target keeps the plain id and the prose one gets ``.line<N>`` appended.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .base import (Document, ParseResult, clean, finish, is_worse, parse_number, parse_target_cell, split_list,
                   squeeze, task_id)

DOC_ID = "001"
JURISDICTION = "ganzhou"
TAXONOMY = "ganzhou_lead7"

_NUM = r"[0-9]+(?:\.[0-9]+)?"

# --------------------------------------------------------------------------- reference data

# 附件1 row name (unit removed) → (indicator_id, English label)
_TABLE_INDICATORS: dict[str, tuple[str, str]] = {
    "规模以上工业总产值": ("industrial_output_above_scale",
                   "Gross industrial output of enterprises above designated size"),
    "规模以上工业增加值增速": ("industrial_value_added_growth_above_scale",
                     "Growth of industrial value added, enterprises above designated size"),
    "工业固定资产投资": ("industrial_fixed_asset_investment", "Industrial fixed-asset investment"),
    "工业增加值占GDP比重": ("industrial_value_added_share_gdp", "Industrial value added as a share of GDP"),
    "工业税收占税收比重": ("industrial_tax_share", "Industrial tax revenue as a share of all tax revenue"),
    "规模以上工业企业": ("enterprises_above_scale", "Industrial enterprises above designated size"),
    "产值亿元以上工业企业": ("enterprises_output_over_100m",
                    "Industrial enterprises with output of 100 million yuan or more"),
    "战略性新兴产业占规模以上工业增加值比重": (
        "strategic_emerging_share_value_added",
        "Strategic emerging industries' share of above-scale industrial value added"),
    "小升规企业": ("enterprises_upgraded_to_above_scale",
              "Small enterprises upgraded to above designated size (per year)"),
    "创新型中小企业": ("innovative_smes", "Innovative small and medium-sized enterprises"),
    "专精特新中小企业": ("specialised_smes", "Specialised, refined, distinctive and innovative SMEs"),
    "专精特新“小巨人”企业": ("little_giant_enterprises", "Specialised and innovative 'little giant' enterprises"),
    "省级企业技术中心": ("provincial_enterprise_tech_centres", "Provincial enterprise technology centres"),
    "省级绿色工厂": ("provincial_green_factories", "Provincial green factories"),
    "省级单项冠军": ("provincial_single_champions", "Provincial single-product manufacturing champions"),
}

# 七大主导产业 as named on line 5 → (slug, English label)
_INDUSTRIES: dict[str, tuple[str, str]] = {
    "综合能源": ("comprehensive_energy", "Comprehensive energy"),
    "新材料": ("new_materials", "New materials"),
    "先进制造及信息数据": ("advanced_manufacturing_info_data", "Advanced manufacturing and information data"),
    "农畜产品精深加工": ("agri_livestock_processing", "Deep processing of agricultural and livestock products"),
    "医药化工": ("pharma_chemicals", "Pharmaceuticals and chemicals"),
    "再生资源综合利用": ("recycled_resources", "Comprehensive utilisation of recycled resources"),
    "建材": ("building_materials", "Building materials"),
}

# goal paragraph (line 5) indicator name → indicator_id (same ids as the table)
_GOAL_INDICATORS: dict[str, str] = {
    "工业固定资产投资总量": "industrial_fixed_asset_investment",
    "规模以上工业总产值": "industrial_output_above_scale",
    "工业增加值占GDP比重": "industrial_value_added_share_gdp",
    "工业税收占税收总额比重": "industrial_tax_share",
}

# indicators that only the prose has: indicator_id → English label
_PROSE_LABELS: dict[str, str] = {
    "wind_solar_capacity_installed": "Wind and solar capacity installed in the year",
    "industrial_share_new_investment_projects":
        "Industrial projects' share of newly signed investment-promotion projects",
    "key_industrial_projects_over_1bn_cumulative":
        "Key industrial projects with investment of 1 billion yuan or more (cumulative)",
    "key_industrial_projects_100m_1bn_cumulative":
        "Key industrial projects with investment of 0.1-1 billion yuan (cumulative)",
    "equipment_renewal_projects_cumulative": "Industrial equipment-renewal projects (cumulative)",
    "substandard_equipment_retired_annual": "Sub-standard equipment retired per year",
    "digital_workshops_smart_scenarios_annual":
        "Digital workshops and smart-manufacturing scenarios cultivated per year",
    "digital_rd_tool_penetration": "Penetration of digital R&D tools, enterprises above designated size",
    "key_process_nc_rate": "Numerical-control rate of key processes, enterprises above designated size",
    "energy_intensity_above_scale":
        "Energy consumption per unit of industrial value added, enterprises above designated size",
    "water_saving_enterprises": "Industrial water-saving enterprises",
    "enterprises_output_over_1bn": "Industrial enterprises with output of 1 billion yuan or more",
    "enterprises_output_500m_1bn": "Industrial enterprises with output of 0.5-1 billion yuan",
    "enterprises_output_100m_500m": "Industrial enterprises with output of 0.1-0.5 billion yuan",
    "enterprises_above_scale_added": "New industrial enterprises above designated size in the year",
    "provincial_tech_innovative_enterprises": "Provincial science-and-technology innovative enterprises",
    "high_tech_enterprises": "High-tech enterprises",
    "tech_innovation_demo_enterprises": "Technology-innovation demonstration enterprises",
    "enterprise_innovation_consortia": "Enterprise innovation consortia",
}

_LESS_IS_BETTER = {"energy_intensity_above_scale"}


def _label(indicator_id: str) -> str:
    """English label of an indicator, from the table or the prose list."""
    for ind, en in _TABLE_INDICATORS.values():
        if ind == indicator_id:
            return en
    return _PROSE_LABELS[indicator_id]


# --------------------------------------------------------------------------- prose targets

@dataclass(frozen=True)
class _Emit:
    """One target read from a regex match.

    ``value`` names the group holding the number; ``year`` names a group holding the year, or is
    'current' (the plan's current year, for 年内) or 'each' (every plan year, for 每年).
    """

    indicator_id: str
    indicator_zh: str
    unit: str
    value: str
    year: str
    aspirational: bool = False
    base_year: str | None = None   # group holding the base year of a reduction


@dataclass(frozen=True)
class _Spec:
    """A quantified sentence of the tasks and the targets it states."""

    pattern: str
    emits: tuple[_Emit, ...]


_E = _Emit
_PROSE_SPECS: tuple[_Spec, ...] = (
    # task 1 (line 8): 力争年内完成风光装机140万千瓦
    _Spec(rf"力争年内完成风光装机(?P<v>{_NUM})万千瓦",
          (_E("wind_solar_capacity_installed", "风光装机", "万千瓦", "v", "current", True),)),
    # task 11 (line 20)
    _Spec(rf"(?P<y>[0-9]{{4}})年新签约入库工业领域招商引资项目数占比不低于(?P<v>{_NUM})%",
          (_E("industrial_share_new_investment_projects", "新签约入库工业领域招商引资项目数占比", "%", "v", "y"),)),
    # task 12 (line 21)
    _Spec(rf"到(?P<y>[0-9]{{4}})年，累计实施投资10亿元以上重点工业项目(?P<a>[0-9]+)项以上，"
          rf"1-10亿元重点工业项目(?P<b>[0-9]+)项以上",
          (_E("key_industrial_projects_over_1bn_cumulative", "累计实施投资10亿元以上重点工业项目", "项", "a", "y"),
           _E("key_industrial_projects_100m_1bn_cumulative", "累计实施1-10亿元重点工业项目", "项", "b", "y"))),
    # task 13 (line 22)
    _Spec(r"到(?P<y>[0-9]{4})年，累计实施工业领域设备更新项目(?P<a>[0-9]+)项以上，"
          r"每年依法淘汰不达标设备(?P<b>[0-9]+)台（套）以上",
          (_E("equipment_renewal_projects_cumulative", "累计实施工业领域设备更新项目", "项", "a", "y"),
           _E("substandard_equipment_retired_annual", "每年依法淘汰不达标设备", "台（套）", "b", "each"))),
    # task 15 (line 25)
    _Spec(r"每年培育数字化车间、智能制造优秀场景(?P<v>[0-9]+)个以上",
          (_E("digital_workshops_smart_scenarios_annual", "每年培育数字化车间、智能制造优秀场景", "个", "v", "each"),)),
    _Spec(rf"(?P<y1>[0-9]{{4}})年全区规模以上企业数字化研发工具普及率、关键工序数控化率分别达到"
          rf"(?P<a1>{_NUM})%、(?P<b1>{_NUM})%，力争(?P<y2>[0-9]{{4}})年分别达到(?P<a2>{_NUM})%、(?P<b2>{_NUM})%以上",
          (_E("digital_rd_tool_penetration", "规模以上企业数字化研发工具普及率", "%", "a1", "y1"),
           _E("key_process_nc_rate", "规模以上企业关键工序数控化率", "%", "b1", "y1"),
           _E("digital_rd_tool_penetration", "规模以上企业数字化研发工具普及率", "%", "a2", "y2", True),
           _E("key_process_nc_rate", "规模以上企业关键工序数控化率", "%", "b2", "y2", True))),
    # task 16 (line 26)
    _Spec(rf"到(?P<y>[0-9]{{4}})年，规模以上工业单位增加值能耗较(?P<by>[0-9]{{4}})年下降(?P<v>{_NUM})%，"
          r"培育省级绿色工厂(?P<g>[0-9]+)家、工业节水型企业(?P<w>[0-9]+)家以上",
          (_E("energy_intensity_above_scale", "规模以上工业单位增加值能耗", "%", "v", "y", base_year="by"),
           _E("provincial_green_factories", "省级绿色工厂", "家", "g", "y"),
           _E("water_saving_enterprises", "工业节水型企业", "家", "w", "y"))),
    # task 17 (line 28)
    _Spec(r"(?P<y1>[0-9]{4})年产值10亿元以上、5-10亿元、1-5亿元工业企业分别达到(?P<a1>[0-9]+)户、(?P<b1>[0-9]+)户、"
          r"(?P<c1>[0-9]+)户；到(?P<y2>[0-9]{4})年，产值10亿元以上、5-10亿元、1-5亿元工业企业分别达到"
          r"(?P<a2>[0-9]+)户、(?P<b2>[0-9]+)户、(?P<c2>[0-9]+)户",
          (_E("enterprises_output_over_1bn", "产值10亿元以上工业企业", "户", "a1", "y1"),
           _E("enterprises_output_500m_1bn", "产值5-10亿元工业企业", "户", "b1", "y1"),
           _E("enterprises_output_100m_500m", "产值1-5亿元工业企业", "户", "c1", "y1"),
           _E("enterprises_output_over_1bn", "产值10亿元以上工业企业", "户", "a2", "y2"),
           _E("enterprises_output_500m_1bn", "产值5-10亿元工业企业", "户", "b2", "y2"),
           _E("enterprises_output_100m_500m", "产值1-5亿元工业企业", "户", "c2", "y2"))),
    # task 18 (line 29)
    _Spec(r"(?P<y1>[0-9]{4})年新增规模以上工业企业(?P<n>[0-9]+)户，全区规上工业总数突破(?P<t1>[0-9]+)户大关，"
          r"力争到(?P<y2>[0-9]{4})年达(?P<t2>[0-9]+)户",
          (_E("enterprises_above_scale_added", "新增规模以上工业企业", "户", "n", "y1"),
           _E("enterprises_above_scale", "规上工业总数", "户", "t1", "y1"),
           _E("enterprises_above_scale", "规上工业总数", "户", "t2", "y2", True))),
    # task 19 (line 30)
    _Spec(r"到(?P<y>[0-9]{4})年，创新型中小企业达到(?P<a>[0-9]+)户、专精特新中小企业达到(?P<b>[0-9]+)户、"
          r"专精特新“小巨人”企业达到(?P<c>[0-9]+)户；省级科技创新型企业达到(?P<d>[0-9]+)户、高新技术企业达到(?P<e>[0-9]+)户",
          (_E("innovative_smes", "创新型中小企业", "户", "a", "y"),
           _E("specialised_smes", "专精特新中小企业", "户", "b", "y"),
           _E("little_giant_enterprises", "专精特新“小巨人”企业", "户", "c", "y"),
           _E("provincial_tech_innovative_enterprises", "省级科技创新型企业", "户", "d", "y"),
           _E("high_tech_enterprises", "高新技术企业", "户", "e", "y"))),
    # task 20 (line 32)
    _Spec(r"到(?P<y>[0-9]{4})年，省级企业技术中心达到(?P<a>[0-9]+)户、技术创新示范企业达到(?P<b>[0-9]+)户，"
          r"力争组建企业创新联合体(?P<c>[0-9]+)家",
          (_E("provincial_enterprise_tech_centres", "省级企业技术中心", "户", "a", "y"),
           _E("tech_innovation_demo_enterprises", "技术创新示范企业", "户", "b", "y"),
           _E("enterprise_innovation_consortia", "企业创新联合体", "家", "c", "y", True))),
)

# --------------------------------------------------------------------------- parsing state


@dataclass
class _Cell:
    """A number of the table or prose with its place: value, unit, line, raw text."""

    value: float
    unit: str
    line: int
    raw: str


@dataclass
class _State:
    """What the sub-parsers share: the document, the result, and the table's figures."""

    doc: Document
    res: ParseResult
    years: list[int]
    kinds: list[str]
    # (indicator_id, year) → table cell, per column kind
    table_obs: dict[tuple[str, int], _Cell]
    table_targets: dict[tuple[str, int], _Cell]

    @property
    def current_year(self) -> int:
        """The plan's current year: the year of the 预计完成情况 (estimate) column."""
        return self.years[self.kinds.index("estimate")]

    @property
    def target_year(self) -> int:
        """The year of the 计划目标 column."""
        return self.years[self.kinds.index("target")]


def parse(doc: Document) -> ParseResult:
    """Parse document 001 (see the module docstring); raises :class:`ParseError` if damaged."""
    res = ParseResult()
    goal = doc.find(r"^\s*一、工作目标\s*$")
    tasks_start = doc.find(r"^\s*二、重点任务\s*$", goal)
    tasks_end = doc.find(r"^\s*三、保障措施\s*$", tasks_start)
    annex1 = doc.find(r"^\s*附件1\s*$", tasks_end)
    annex2 = doc.find(r"^\s*附件2\s*$", annex1)

    industries = _parse_industries(doc, res, goal, tasks_start)
    st = _parse_table(doc, res, annex1, annex2)
    _parse_goal_targets(st, goal, tasks_start)
    tasks = _parse_tasks(st, tasks_start, tasks_end)
    _parse_industry_output(st, tasks, industries)
    _parse_prose_targets(st, tasks_start, tasks_end)
    _check_findings(st, industries)
    return finish(doc, res)


# --------------------------------------------------------------------------- industries

def _parse_industries(doc: Document, res: ParseResult, start: int, end: int) -> dict[str, str]:
    """The seven leading industries from the goal paragraph; returns name_zh → industry_id."""
    rx = re.compile(r"做大做强“([^”]+)”七大主导产业")
    for n in range(start, end):
        m = rx.search(doc.line(n))
        if not m:
            continue
        names = split_list(m.group(1), "、")
        if len(names) != 7:
            raise doc.error(n, "industries", f"expected 7 leading industries, found {len(names)}: {names}")
        out: dict[str, str] = {}
        for seq, name in enumerate(names, 1):
            if name not in _INDUSTRIES or name in out:
                raise doc.error(n, "industries", f"unknown or repeated leading industry {name!r}")
            slug, en = _INDUSTRIES[name]
            iid = f"{TAXONOMY}.{slug}"
            out[name] = iid
            res.industries.append(dict(industry_id=iid, taxonomy=TAXONOMY, seq=seq, name_zh=name, name_en=en,
                                       doc_id=doc.doc_id, line=n, source=doc.src(n)))
        return out
    raise doc.error(start, "industries", "no list of the seven leading industries (七大主导产业) in the goal section")


# --------------------------------------------------------------------------- 附件1 table

_KINDS = {"完成情况": "actual", "预计完成情况": "estimate", "计划目标": "target"}
_ROW_NAME = re.compile(r"^(?P<name>[^（）]+)（(?P<unit>[^（）]+)）$")


def _parse_table(doc: Document, res: ParseResult, start: int, end: int) -> _State:
    """附件1: header (years, column kinds), then 15 blocks of a name line and one line per column."""
    n = doc.find(r"^\s*主要指标\s*$", start)
    if n >= end:
        raise doc.error(start, "table", "no 主要指标 header before 附件2")
    years, n = _header_run(doc, n + 1, end, r"([0-9]{4})年", "year")
    kinds_zh, n = _header_run(doc, n, end, "(" + "|".join(_KINDS) + ")", "column kind")
    if len(years) != len(kinds_zh):
        raise doc.error(n, "table header", f"{len(years)} years but {len(kinds_zh)} column kinds")
    kinds = [_KINDS[k] for k in kinds_zh]
    if kinds.count("estimate") != 1 or kinds[-1] != "target" or kinds.count("target") != 1:
        raise doc.error(n, "table header", f"expected actual columns, one estimate and a final target: {kinds_zh}")
    st = _State(doc, res, [int(y) for y in years], kinds, {}, {})

    seen: set[str] = set()
    while n < end:
        text = clean(doc.line(n))
        if not text:
            n += 1
            continue
        m = _ROW_NAME.match(text)
        if not m:
            raise doc.error(n, "indicator", f"expected an indicator name with its unit, found {text!r}")
        name, unit = m.group("name").strip(), m.group("unit").strip()
        if name not in _TABLE_INDICATORS or name in seen:
            raise doc.error(n, "indicator", f"unknown or repeated indicator {name!r}")
        seen.add(name)
        _check_row_shape(doc, name, n, len(years), end)
        for i, (year, kind) in enumerate(zip(st.years, kinds)):
            _table_cell(st, name, unit, year, kind, n + 1 + i)
        n += len(years) + 1
    missing = [k for k in _TABLE_INDICATORS if k not in seen]
    if missing:
        raise doc.error(start, "indicator", f"附件1 lacks the row(s) {missing}")
    return st


def _check_row_shape(doc: Document, name: str, n: int, width: int, end: int) -> None:
    """A row is its name line and exactly ``width`` cell lines, then a separator or the next row.

    Cell lines always hold something (an empty cell is a lone tab); separators are empty lines.
    Without this check a lost cell would shift the row's values into the wrong years.
    """
    cells = range(n + 1, n + 1 + width)
    if cells.stop > end or any(doc.line(k) == "" for k in cells):
        raise doc.error(n, "indicator", f"row {name!r} does not have {width} cells")
    if cells.stop < end:
        after = clean(doc.line(cells.stop))
        if doc.line(cells.stop) != "" and not _ROW_NAME.match(after):
            raise doc.error(cells.stop, "indicator", f"row {name!r} has more than {width} cells: {after!r}")


def _header_run(doc: Document, n: int, end: int, pattern: str, field: str) -> tuple[list[str], int]:
    """A run of header cells matching ``pattern`` (blank cells before it skipped); returns them
    and the line after the run."""
    rx = re.compile(rf"^{pattern}$")
    while n < end and not rx.match(clean(doc.line(n))):
        if clean(doc.line(n)):
            raise doc.error(n, f"table header {field}", f"unexpected {clean(doc.line(n))!r}")
        n += 1
    out = []
    while n < end and (m := rx.match(clean(doc.line(n)))):
        out.append(m.group(1))
        n += 1
    if not out:
        raise doc.error(n, f"table header {field}", "no header cells")
    return out, n


def _table_cell(st: _State, name: str, unit: str, year: int, kind: str, n: int) -> None:
    """One cell: an observation (actual/estimate) or a target; blank and '/' cells hold nothing."""
    doc, raw = st.doc, clean(st.doc.line(n))
    ind, en = _TABLE_INDICATORS[name]
    if kind == "target":
        cell = parse_target_cell(raw, doc=doc, line=n, field=f"{name} {year}")
        _add_target(st, ind, name, unit, year, cell.comparator, cell.value, n, raw)
        if cell.value is not None:
            st.table_targets[(ind, year)] = _Cell(cell.value, unit, n, raw)
        return
    if raw in {"", "/", "-", "—"}:
        return
    value = parse_number(raw, doc=doc, line=n, field=f"{name} {year}")
    st.table_obs[(ind, year)] = _Cell(value, unit, n, raw)
    st.res.add_observation(doc, line=n, jurisdiction_id=JURISDICTION, indicator_id=ind, indicator_zh=name,
                           indicator_en=en, unit=unit, year=year, value=value, kind=kind, raw=raw)


# --------------------------------------------------------------------------- targets

def _add_target(st: _State, ind: str, name_zh: str, unit: str, year: int, comparator: str,
                value: float | None, n: int, raw: str, *, aspirational: bool = False,
                industry_id: str | None = None, base_year: int | None = None) -> str:
    """Append a target; the first one of an indicator and year gets the plain id, later ones
    (prose repeating the table) get '.line<N>'. Returns the id."""
    less = ind in _LESS_IS_BETTER
    if less and comparator == ">=" and base_year is None:
        comparator = "<="   # plain numbers are floors; for less-is-better levels, ceilings
    # (a reduction's comparator stays '>=': it bounds the size of the cut from below)
    rec = st.res.add_target(
        st.doc, line=n, jurisdiction_id=JURISDICTION, industry_id=industry_id, indicator_id=ind,
        indicator_zh=name_zh, indicator_en=_label_any(ind, industry_id), unit=unit, year=year,
        comparator=comparator, value=value, higher_is_better=not less, is_reduction=base_year is not None,
        base_year=base_year, aspirational=aspirational, raw=raw, repeat="line")
    return rec["target_id"]


def _label_any(ind: str, industry_id: str | None) -> str:
    """English label, including the per-industry output indicators."""
    if industry_id is not None:
        slug = industry_id.split(".", 1)[1]
        en = next(e for s, e in _INDUSTRIES.values() if s == slug)
        return f"Output of the {en.lower()} industry"
    return _label(ind)


def _parse_goal_targets(st: _State, start: int, end: int) -> None:
    """Goal paragraph: '2024年，全区…达到76亿元，…提升至10.5%以上。' for each plan year."""
    doc = st.doc
    sentence = re.compile(r"(?P<y>[0-9]{4})年，全区(?P<body>[^。]+)。")
    clause = re.compile(rf"^(?P<name>.+?)(?:达到|提升至)(?P<v>{_NUM})(?P<unit>亿元|%)(?:以上)?$")
    found: list[int] = []
    for n in range(start, end):
        for m in sentence.finditer(doc.line(n)):
            year = int(m.group("y"))
            found.append(year)
            _check_year(st, n, year, "goal target")
            parts = m.group("body").split("，")
            clauses = [c for p in parts if (c := clause.match(p))]
            # all four goals, each once: a lost or garbled clause must not pass silently
            if len(clauses) != len(parts) or sorted(c.group("name") for c in clauses) != sorted(_GOAL_INDICATORS):
                raise doc.error(n, "goal target", f"expected the {year} goals {sorted(_GOAL_INDICATORS)}, "
                                                  f"found {parts}")
            for c in clauses:
                _add_target(st, _GOAL_INDICATORS[c.group("name")], c.group("name"), c.group("unit"), year, ">=",
                            float(c.group("v")), n, c.group(0))
    if sorted(found) != [st.current_year, st.target_year]:
        raise doc.error(start, "goal target", f"expected goals for {st.current_year} and {st.target_year}, found {found}")


def _parse_prose_targets(st: _State, start: int, end: int) -> None:
    """Every sentence of :data:`_PROSE_SPECS` must occur once in the task section."""
    doc = st.doc
    for spec in _PROSE_SPECS:
        rx = re.compile(spec.pattern)
        hits = [(n, m) for n in range(start, end) for m in rx.finditer(doc.line(n))]
        if len(hits) != 1:
            raise doc.error(start, "task target",
                            f"expected one sentence matching {spec.pattern!r} in the tasks, found {len(hits)}")
        n, m = hits[0]
        for e in spec.emits:
            if e.year == "current":
                years = [st.current_year]
            elif e.year == "each":
                years = list(range(st.current_year, st.target_year + 1))
            else:
                years = [_check_year(st, n, int(m.group(e.year)), "task target")]
            base_year = int(m.group(e.base_year)) if e.base_year else None
            for y in years:
                _add_target(st, e.indicator_id, e.indicator_zh, e.unit, y, ">=", float(m.group(e.value)), n,
                            m.group(0), aspirational=e.aspirational, base_year=base_year)


def _check_year(st: _State, n: int, year: int, field: str) -> int:
    """A target year must lie in the plan's span (current year .. 计划目标 year); returns it."""
    if not st.current_year <= year <= st.target_year:
        raise st.doc.error(n, field, f"year {year} outside the plan's {st.current_year}-{st.target_year}")
    return year


# --------------------------------------------------------------------------- tasks

@dataclass(frozen=True)
class _Task:
    """One numbered task: number, line, title, full text."""

    no: int
    line: int
    title: str
    text: str


_TASK = re.compile(r"^(?P<no>[0-9]+)\.(?P<title>[^。]+)。(?P<body>.*)"
                   r"[（(](?P<depts>[^（）()]+?)按职责分工负责(?:落实)?[）)]$")
_HEADING = re.compile(r"^（[一二三四五六七八九十]+）\S+$")


def _parse_tasks(st: _State, start: int, end: int) -> list[_Task]:
    """The 24 numbered tasks with their departments (responsibilities), numbered 1, 2, … in order."""
    doc, tasks = st.doc, []
    for n in range(start + 1, end):
        text = clean(doc.line(n))
        if not text or _HEADING.match(text):
            continue
        m = _TASK.match(text)
        if not m:
            raise doc.error(n, "task", f"expected a numbered task ending with its departments, found {text[:40]!r}")
        no = int(m.group("no"))
        if no != len(tasks) + 1:
            raise doc.error(n, "task number", f"expected task {len(tasks) + 1}, found {no}")
        task = _Task(no, n, squeeze(m.group("title")), text)
        tasks.append(task)
        _task_responsibilities(st, task, m.group("depts"))
    if len(tasks) != 24:
        raise doc.error(start, "task", f"expected 24 tasks, found {len(tasks)}")
    return tasks


def _dept_jurisdiction(name: str) -> str:
    """Level a department belongs to: the zone, a city bureau's branch, or the district."""
    if "经开区" in name:
        return "zhangye_edz"
    if name.startswith("市"):
        return "zhangye"   # 市自然资源局甘州分局 etc.: branches of city bureaus
    return JURISDICTION


def _task_responsibilities(st: _State, task: _Task, depts: str) -> None:
    """One 责任单位 row per department named at the end of the task."""
    doc = st.doc
    parties = split_list(depts, "、，,")
    if not parties:
        raise doc.error(task.line, "responsible units", f"task {task.no} names no department")
    for raw in parties:
        st.res.add_responsibility(
            doc, line=task.line, subject_type="task", subject_id=task_id(doc.doc_id, task.no), subject_zh=task.title,
            role="责任单位", role_en="responsible_unit", party_zh=squeeze(raw), party_raw=raw, party_type="department",
            jurisdiction_id=_dept_jurisdiction(squeeze(raw)))


# --------------------------------------------------------------------------- industry output

# the one leading industry whose task (6, line 13) states no output figure
_NO_OUTPUT_FIGURE = {"再生资源综合利用"}

_OUTPUT = re.compile(rf"(?P<y1>[0-9]{{4}})年全区(?P<name>\S+?)产业产值预计达到(?P<v1>{_NUM})亿元，"
                     rf"力争(?P<y2>[0-9]{{4}})年产值达到(?P<v2>{_NUM})亿元")


def _parse_industry_output(st: _State, tasks: list[_Task], industries: dict[str, str]) -> None:
    """Tasks naming a leading industry state its 2024 output (预计: an estimate, never a target)
    and its 2025 output (力争: aspirational target). A task that mentions 产值 must match."""
    doc, seen = st.doc, set()
    for task in tasks:
        name = next((k for k in industries if k in task.title), None)
        if name is None or "产值" not in task.text:
            continue
        m = _OUTPUT.search(task.text)
        if not m or m.group("name") != name or name in seen:
            raise doc.error(task.line, "industry output", f"cannot read the output targets of {name!r}")
        seen.add(name)
        iid = industries[name]
        ind = f"industry_output_{iid.split('.', 1)[1]}"
        zh = f"{name}产业产值"
        y1, v1, y2, v2 = int(m.group("y1")), float(m.group("v1")), int(m.group("y2")), float(m.group("v2"))
        _check_year(st, task.line, y1, "industry output")
        _check_year(st, task.line, y2, "industry output")
        raw1 = m.group(0).split("，")[0]
        st.res.add_observation(doc, line=task.line, jurisdiction_id=JURISDICTION, industry_id=iid, indicator_id=ind,
                               indicator_zh=zh, indicator_en=_label_any(ind, iid), unit="亿元", year=y1, value=v1,
                               kind="estimate", raw=raw1)
        _add_target(st, ind, zh, "亿元", y2, ">=", v2, task.line, m.group(0), aspirational=True, industry_id=iid)
    lacking = [k for k in industries if k not in seen and k not in _NO_OUTPUT_FIGURE]
    if lacking:
        raise doc.error(tasks[0].line, "industry output", f"no output targets found for {lacking}")


# --------------------------------------------------------------------------- findings

def _check_findings(st: _State, industries: dict[str, str]) -> None:
    """Run every consistency check the document allows."""
    _check_industry_sum(st, industries)
    _check_size_counts(st)
    _check_prose_vs_table(st)
    _check_below_baseline(st)
    _check_catch_up(st)


def _targets_by(st: _State, ind: str, year: int) -> list[dict]:
    """Numeric targets of an indicator for a year, in the order they were added (table first)."""
    return [t for t in st.res.targets if t["indicator_id"] == ind and t["target_year"] == year
            and t["target_value"] is not None]


def _check_industry_sum(st: _State, industries: dict[str, str]) -> None:
    """Leading-industry output targets (or, for the current year, 预计 estimates) summed against
    the above-scale total output target of the same year."""
    total_ind = "industrial_output_above_scale"
    for year in (st.current_year, st.target_year):
        rows = [t for t in st.res.targets if t["industry_id"] and t["target_year"] == year
                and t["indicator_id"].startswith("industry_output_")]
        what = "targets"
        if not rows:  # the current year's industry figures are 预计 estimates (tasks 1–7)
            rows = [dict(o, target_value=o["value"]) for o in st.res.observations if o["industry_id"]
                    and o["year"] == year and o["kind"] == "estimate"
                    and o["indicator_id"].startswith("industry_output_")]
            what = "estimates (预计)"
        totals = _targets_by(st, total_ind, year)
        if not rows or not totals:
            continue
        total = totals[0]
        s = round(sum(t["target_value"] for t in rows), 6)
        if s <= total["target_value"]:
            continue
        named = {t["industry_id"] for t in rows}
        lacking = [k for k, v in industries.items() if v not in named]
        parts = " + ".join(f"{t['indicator_zh'][:-4]} {t['target_value']:g} (line {t['line']})" for t in rows)
        lines = ", ".join(str(t["line"]) for t in totals)
        st.res.finding(
            st.doc, total["line"], "siblings_exceed_total", f"七大主导产业产值 vs 规模以上工业总产值 {year}",
            f"The leading industries' {year} output {what} add up to {s:g} 亿元 ({parts}), more than the "
            f"{year} target for gross output of above-scale industry, {total['target_value']:g} 亿元 (line(s) {lines})"
            + (f"; {'、'.join(lacking)} has no output figure" if lacking else "")
            + ". The industries may overlap or count output of enterprises below designated size, so this is "
              "a disagreement to investigate rather than a proven error.",
            stated=total["target_value"], computed=s, unit="亿元", jurisdiction_id=JURISDICTION)


_FIRST = re.compile(r"首次达到(?P<levels>[0-9、亿元]+?)的企业，给予一次性奖励(?P<amounts>[0-9、万元]+)")
_CATCH_UP = re.compile(r"之前主营业务收入已达到(?P<levels>[0-9、亿元]+?)未享受过奖励.*?分别一次性奖励(?P<amounts>[0-9、万元]+)")


def _check_catch_up(st: _State) -> None:
    """附件2 item 3: a firm that reached 5/3/1亿元 earlier and was never rewarded gets more
    (80/50/30万元) than one reaching them for the first time (30/20/10万元). The rule is paid as
    written; the disagreement in amounts is reported so that it can be questioned."""
    nums = lambda s: [float(x) for x in re.findall(r"[0-9]+(?:\.[0-9]+)?", s)]
    for n, text in enumerate(st.doc.lines, start=1):
        f, c = _FIRST.search(text), _CATCH_UP.search(text)
        if not (f and c):
            continue
        first = dict(zip(nums(f.group("levels")), nums(f.group("amounts"))))
        catch = dict(zip(nums(c.group("levels")), nums(c.group("amounts"))))
        worse = {lv: (catch[lv], first[lv]) for lv in catch if lv in first and catch[lv] > first[lv]}
        if not worse:
            continue
        parts = "; ".join(f"{lv:g}亿元: {a:g}万元 vs {b:g}万元" for lv, (a, b) in worse.items())
        st.res.finding(st.doc, n, "other", "主营业务收入奖励：之前已达到 vs 首次达到",
                       f"Item 3 (line {n}) pays more to a firm that reached a revenue level earlier and was "
                       f"never rewarded than to one reaching it for the first time ({parts}). The calculator "
                       f"pays it as written and flags each such row.",
                       stated=max(a for a, _ in worse.values()), computed=max(b for _, b in worse.values()),
                       unit="万元", jurisdiction_id=JURISDICTION)


_SIZE_BANDS = ("enterprises_output_over_1bn", "enterprises_output_500m_1bn", "enterprises_output_100m_500m")


def _check_size_counts(st: _State) -> None:
    """Task 17's enterprises by output band against 附件1's count of enterprises with output ≥ 1亿元
    (the bands 1-5, 5-10, 10+ 亿元 partition it) and against the count of above-scale enterprises."""
    for year in (st.current_year, st.target_year):
        bands = [r for b in _SIZE_BANDS for r in _targets_by(st, b, year)[:1]]
        if len(bands) != len(_SIZE_BANDS):
            continue
        s = sum(t["target_value"] for t in bands)
        lines = sorted({t["line"] for t in bands})
        over = st.table_targets.get(("enterprises_output_over_100m", year)) \
            or st.table_obs.get(("enterprises_output_over_100m", year))
        if over is not None and s != over.value:
            st.res.finding(
                st.doc, lines[0], "subtotal_mismatch", f"产值亿元以上工业企业 {year}",
                f"Task 17 (line {lines[0]}) gives {s:g} enterprises with output of 1亿元 or more in {year} "
                f"(10亿元以上 + 5-10亿元 + 1-5亿元), but 附件1 line {over.line} gives {over.value:g}.",
                stated=over.value, computed=s, unit="户", jurisdiction_id=JURISDICTION)
        for total in _targets_by(st, "enterprises_above_scale", year)[:1]:
            if s > total["target_value"]:
                st.res.finding(
                    st.doc, lines[0], "siblings_exceed_total", f"规模以上工业企业 {year}",
                    f"Task 17 (line {lines[0]}) counts {s:g} enterprises with output of 1亿元 or more in {year}, "
                    f"more than the {total['target_value']:g} above-scale enterprises of line {total['line']}.",
                    stated=total["target_value"], computed=s, unit="户", jurisdiction_id=JURISDICTION)


def _check_prose_vs_table(st: _State) -> None:
    """A prose target for an indicator and year the table also gives (as target or estimate) must agree."""
    for t in st.res.targets:
        key = (t["indicator_id"], t["target_year"])
        cell = st.table_targets.get(key) or st.table_obs.get(key)
        if (cell is None or t["target_value"] is None or t["line"] == cell.line or t["unit"] != cell.unit
                or t["target_value"] == cell.value):
            continue
        what = "target" if key in st.table_targets else "estimate"
        st.res.finding(
            st.doc, t["line"], "other", f"{t['indicator_zh']} {t['target_year']}",
            f"The text (line {t['line']}) sets the {t['target_year']} target for {t['indicator_zh']} at "
            f"{t['target_value']:g}{t['unit']} ('{t['raw']}'), but 附件1 (line {cell.line}) gives "
            f"{cell.value:g}{cell.unit} as the {t['target_year']} {what}.",
            stated=t["target_value"], computed=cell.value, unit=t["unit"], jurisdiction_id=JURISDICTION)


def _check_below_baseline(st: _State) -> None:
    """A target (more-is-better, not a cut) below the latest actual or the latest estimate before
    its year. A prose target repeating an equal table target is checked once."""
    obs: dict[str, list[dict]] = {}
    for o in st.res.observations:
        obs.setdefault(o["series_id"].split(".", 1)[1], []).append(o)
    done: set[tuple[str, int, float]] = set()
    for t in st.res.targets:
        key = (t["indicator_id"], t["target_year"], t["target_value"])
        if t["target_value"] is None or t["is_reduction"] or not t["higher_is_better"] or key in done:
            continue
        done.add(key)
        before = [o for o in obs.get(t["indicator_id"], []) if o["year"] < t["target_year"]]
        latest = [max((o for o in before if o["kind"] == k), key=lambda o: o["year"], default=None)
                  for k in ("actual", "estimate")]
        below = [o for o in latest if o is not None and is_worse(t["target_value"], o["value"], True)]
        if not below:
            continue
        base = max(below, key=lambda o: o["year"])
        desc = "; ".join(f"{o['year']} {o['kind']} {o['value']:g} (line {o['line']})" for o in below)
        others = [o for o in latest if o is not None and o not in below]
        note = "".join(f"; it is not below the {o['year']} {o['kind']} {o['value']:g} (line {o['line']})"
                       for o in others)
        st.res.finding(
            st.doc, t["line"], "target_below_baseline", f"{t['indicator_zh']} {t['target_year']}",
            f"The {t['target_year']} target for {t['indicator_zh']}, {t['target_value']:g}{t['unit']} "
            f"(line {t['line']}), is below {desc}{note}.",
            stated=t["target_value"], computed=base["value"], unit=t["unit"], jurisdiction_id=JURISDICTION)
