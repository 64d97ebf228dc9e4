"""Parser of document 002: 甘肃省推进绿色生态产业发展规划 (Gansu province, 2018-02-14).

What it yields (jurisdiction ``gansu`` throughout):

* ``industries``: the ten green ecological industries (taxonomy ``gansu_green10``) in the order
  of chapter 3's section headings (lines 80 … 213): 节能环保, 清洁生产, 清洁能源, 循环农业,
  中医中药, 文化旅游, 通道物流, 数据信息, 军民融合, 先进制造. ``name_zh`` is the heading without
  its four-character verb ('加快培育节能环保产业' → '节能环保产业'; 循环农业 has no 产业).
* ``observations``: the indicator table's (lines 47-77) 2016年实际 column, kind ``actual``
  (20 numeric cells; '-' and '/' give no observation).
* ``targets``: every 2020 and 2025 cell of the 23-row table (46 targets), and every prose target
  that states a figure and a year (28), with ``industry_id`` where the sentence sits in one of the
  ten industry sections.
* ``findings``: targets worse than their own 2016 baseline, 2025 targets worse than 2020 ones,
  prose figures that differ from the table, stated counts against the items listed, the sector
  shares of line 19 against 100, and oddities of the table (unit label, OCR character).

:func:`regional_layout` returns the three regions of 发展布局 (lines 38-40; 河西 holds Zhangye).

Choices (the document does not settle them):

* **Merged cells.** The PDF's 2025 column has tall merged cells: '完成国家　　指标' (spread out by
  ideographic spaces) at rows 8 and 16 with the 2025 cells of rows 9-13 and 17-18 empty, and
  rows 21-22 have a single cell '完成国家指标' spanning 2020 and 2025 (one tab fewer). An empty
  cell directly below a 完成国家指标 cell (or a row with one target cell) is therefore read as part
  of that merged cell: comparator ``national``, ``raw`` = the merged cell's text, ``line`` = the
  row's own line. Every other empty, '-' or '/' cell is ``pending``.
* **Reductions.** Rows 9 (单位GDP能源消耗降低), 10 (单位GDP二氧化碳排放降低) and 17 (PM2.5 年均浓度
  下降) are percentage *cuts*: the 2020 figures (14, 17, 10) are the cumulative cuts of the
  13th five-year period, i.e. versus 2015 (they are Gansu's 十三五 allocations), and the 2016
  "actual" (9.42, 9.55, 7) is the cut achieved by 2016, also versus 2015. Since observation and
  target are both "% cut achieved", they are stored as a more-is-better indicator of that cut
  (``higher_is_better`` True, comparator '>=', ``is_reduction`` False, ``base_year`` empty) so
  that a scorer can compare them directly; the base year 2015 is an inference and is stated in
  ``indicator_en``. ``is_reduction`` is kept for targets stated against a *level* series.
* **Less is better:** 能源消费总量 (a cap) and 万元GDP用水量 only; their plain numbers become '<='.
* **Prose comparators:** a plain figure, 约 or 左右 is a floor ('>='), 以上 is '>=', 超过 is '>';
  一半以上 of 40 zones is '>=' 20. 力争 in the figure's clause makes the target aspirational.
* **Prose restatements of the table** (e.g. line 44's 节能环保产业产值 1000/2000亿元, line 46's
  82%) are not added twice: they are checked against the table cell and a mismatch is a finding.
  Table targets of rows 2-6 carry the industry they measure.
* **Prose targets without a year** (line 101 每年50个左右 projects, line 121 自给率超过50%,
  line 123 100%消费新能源, lines 145-154 base and market counts) are not emitted: the
  ``targets`` table needs a target year. The six figures of line 165 after the first sentence
  carry no year of their own and take the item's 力争2020年.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .base import (Document, ParseResult, TargetCell, clean, finish, is_worse, parse_number,
                   parse_target_cell, squeeze, to_halfwidth)

DOC_ID = "002"
JURISDICTION = "gansu"
TAXONOMY = "gansu_green10"

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NATIONAL = "national"

# --------------------------------------------------------------------------- reference data

# chapter 3 heading name (verb removed) → (slug, English label)
_INDUSTRIES: dict[str, tuple[str, str]] = {
    "节能环保产业": ("energy_saving_env", "Energy conservation and environmental protection"),
    "清洁生产产业": ("cleaner_production", "Cleaner production"),
    "清洁能源产业": ("clean_energy", "Clean energy"),
    "循环农业": ("circular_agriculture", "Circular agriculture"),
    "中医中药产业": ("tcm", "Traditional Chinese medicine"),
    "文化旅游产业": ("culture_tourism", "Culture and tourism"),
    "通道物流产业": ("corridor_logistics", "Corridor logistics"),
    "数据信息产业": ("data_information", "Data and information"),
    "军民融合产业": ("civil_military", "Military-civilian integration"),
    "先进制造产业": ("advanced_manufacturing", "Advanced manufacturing"),
}


@dataclass(frozen=True)
class _Ind:
    """A table indicator: slug, English label, direction, industry slug (if per industry)."""

    slug: str
    en: str
    higher_is_better: bool = True
    industry: str | None = None


_CUT = "cumulative % cut since 2015 (13th five-year period)"
# table row name as written, unit removed → indicator
_TABLE_INDICATORS: dict[str, _Ind] = {
    "绿色生态产业增加值占GDP比重": _Ind("green_eco_industry_va_share_gdp",
                               "Value added of green ecological industries as a share of GDP"),
    "节能环保产业产值": _Ind("energy_saving_env_output",
                     "Output value of the energy-saving and environmental protection industry",
                     industry="energy_saving_env"),
    "可再生能源电力装机占电力总装机比例": _Ind("renewable_power_capacity_share",
                                  "Renewable power capacity as a share of total installed power capacity",
                                  industry="clean_energy"),
    "农产品加工转化率": _Ind("agri_processing_rate", "Processing and conversion rate of agricultural products",
                     industry="circular_agriculture"),
    "无公害、绿色、有机和地理标志农产品生产规模比重": _Ind(
        "certified_agri_products_share",
        "Share of pollution-free, green, organic and geographical-indication agricultural production",
        industry="circular_agriculture"),
    "林下经济产值": _Ind("understory_economy_output", "Output value of the under-forest economy",
                   industry="circular_agriculture"),
    "非化石能源占能源消费总量比重": _Ind("non_fossil_energy_share", "Non-fossil energy as a share of total energy consumption"),
    "能源消费总量": _Ind("energy_consumption_total", "Total energy consumption (cap)", higher_is_better=False),
    "单位GDP能源消耗降低": _Ind("energy_intensity_cut", f"Cut in energy consumption per unit of GDP, {_CUT}"),
    "单位GDP二氧化碳排放降低": _Ind("co2_intensity_cut", f"Cut in CO2 emissions per unit of GDP, {_CUT}"),
    "万元GDP用水量": _Ind("water_use_per_gdp", "Water use per 10,000 yuan of GDP", higher_is_better=False),
    "农田灌溉水有效利用系数": _Ind("irrigation_water_efficiency", "Effective utilisation coefficient of irrigation water"),
    "城镇绿色建筑占新建建筑比重": _Ind("green_building_share", "Green buildings as a share of new urban buildings"),
    "资源产出率": _Ind("resource_productivity", "Resource productivity"),
    "一般固体废物综合利用率": _Ind("solid_waste_utilisation_rate", "Comprehensive utilisation rate of general solid waste"),
    "地级及以上城市空气质量优良天数比率": _Ind(
        "air_quality_good_days_ratio", "Share of days with good air quality, prefecture-level and larger cities"),
    "细颗粒物（PM2.5）未达标地级及以上城市年均浓度下降": _Ind(
        "pm25_cut_nonattaining_cities",
        f"Cut in annual mean PM2.5 concentration, non-attaining prefecture-level cities, {_CUT}"),
    # 'Ш' is the Cyrillic letter the PDF extraction put for Ⅲ (a finding); both spellings accepted
    "地表水达到或好于Ш类水体比例": _Ind("surface_water_class3_share", "Share of surface water at class III or better"),
    "地表水达到或好于Ⅲ类水体比例": _Ind("surface_water_class3_share", "Share of surface water at class III or better"),
    "城市污水处理率": _Ind("urban_sewage_treatment_rate", "Urban sewage treatment rate"),
    "城市生活垃圾无害化处理率": _Ind("urban_waste_safe_treatment_rate", "Safe treatment rate of urban household waste"),
    "森林覆盖率": _Ind("forest_coverage", "Forest coverage rate"),
    "森林蓄积量": _Ind("forest_stock_volume", "Forest stock volume"),
    "城市建成区绿地率": _Ind("urban_green_space_ratio", "Green space ratio of urban built-up areas"),
}

_REGIONS = {"中部地区": "Central Gansu", "河西地区": "Hexi Corridor", "陇东南地区": "Southeastern Gansu"}
# jurisdictions of the reference table lying in a region (geography, not document text)
_REGION_JURISDICTIONS = {"河西地区": ["zhangye"]}

# --------------------------------------------------------------------------- small helpers


def _section(doc: Document, start_rx: str, end_rx: str, after: int = 1) -> tuple[int, int]:
    """Lines [lo, hi) from the line matching ``start_rx`` to the next matching ``end_rx``."""
    lo = doc.find(start_rx, after)
    return lo, doc.find(end_rx, lo + 1)


def _search(doc: Document, span: tuple[int, int], rx: str, field: str) -> tuple[int, re.Match]:
    """First line in ``span`` where ``rx`` matches, with the match; ParseError when absent."""
    pat = re.compile(rx)
    for n in range(span[0], span[1]):
        m = pat.search(doc.line(n))
        if m:
            return n, m
    raise doc.error(span[0], field, f"expected text matching {rx!r} in lines {span[0]}-{span[1] - 1}")


def _cn_int(s: str) -> int:
    """'三' → 3, '八' → 8, '11' → 11 (small counts as the plan writes them)."""
    s = to_halfwidth(s)
    if s.isascii() and s.isdigit():
        return int(s)
    if len(s) == 1 and s in _CN_DIGITS:
        return _CN_DIGITS[s]
    raise ValueError(s)


def _clause(text: str, pos: int) -> tuple[int, int]:
    """Bounds of the clause (between ，。；) around character ``pos``."""
    lo = max(text.rfind(d, 0, pos) for d in "，。；") + 1
    his = [i for i in (text.find(d, pos) for d in "，。；") if i >= 0]
    return lo, min(his) if his else len(text)


# --------------------------------------------------------------------------- industries


def _industry_sections(doc: Document, res: ParseResult) -> dict[str, tuple[int, int]]:
    """Emit the ten industries from chapter 3's headings; return slug → line span of its section."""
    lo, hi = _section(doc, r"^\s*第三章", r"^\s*第四章")
    heads = []
    for n in range(lo + 1, hi):
        m = re.match(r"^\s*([一二三四五六七八九十]+)、(.{4})(.+?)\s*$", doc.line(n))
        if m:
            heads.append((n, m.group(1), m.group(3)))
    if len(heads) != len(_INDUSTRIES):
        raise doc.error(lo, "industry headings", f"expected {len(_INDUSTRIES)} numbered sections in chapter 3, "
                                                 f"found {len(heads)}")
    spans = {}
    for i, (n, numeral, name) in enumerate(heads, 1):
        if _cn_numeral(numeral) != i:
            raise doc.error(n, "industry headings", f"section {numeral!r} out of order (expected no. {i})")
        if name not in _INDUSTRIES:
            raise doc.error(n, "industry", f"unknown industry {name!r}")
        slug, en = _INDUSTRIES[name]
        if f"{TAXONOMY}.{slug}" in spans:
            raise doc.error(n, "industry", f"industry {name!r} named twice")
        spans[f"{TAXONOMY}.{slug}"] = (n, heads[i][0] if i < len(heads) else hi)
        res.industries.append(dict(industry_id=f"{TAXONOMY}.{slug}", taxonomy=TAXONOMY, seq=i, name_zh=name,
                                   name_en=en, doc_id=doc.doc_id, line=n, source=doc.src(n)))
    spans["chapter3"] = (lo, hi)
    return spans


def _cn_numeral(s: str) -> int:
    """Chinese section numerals 一 … 十九."""
    if s.startswith("十"):
        return 10 + (_CN_DIGITS[s[1]] if len(s) > 1 else 0)
    if len(s) == 1:
        return _CN_DIGITS[s]
    if len(s) == 2 and s[1] == "十":
        return _CN_DIGITS[s[0]] * 10
    if len(s) == 3 and s[1] == "十":
        return _CN_DIGITS[s[0]] * 10 + _CN_DIGITS[s[2]]
    return -1


# --------------------------------------------------------------------------- the indicator table


@dataclass
class _Row:
    """One table row as read: place, names, the 2016 cell and the targets per year."""

    seq: int
    line: int
    category: str
    name_zh: str
    unit: str
    ind: _Ind
    actual: TargetCell
    targets: dict[int, TargetCell]


_UNIT = re.compile(r"^(?P<name>.+?)[（(](?P<unit>[^（）()]+)[）)]\s*$")


def _years(doc: Document, head: int, first_row: int) -> list[int]:
    """The header's years (2016 actual, then target years), read from the header lines."""
    text = "".join(doc.line(n) for n in range(head, first_row))
    years = [int(y) for y in re.findall(r"(20[0-9]{2})年", text)]
    if len(years) != 3 or "实际" not in text or years[0] >= years[1] or years[1] >= years[2]:
        raise doc.error(head, "table header", f"expected '类别 序号 目标名称 YYYY年实际 YYYY年预期 YYYY年预期', "
                                              f"found {text!r}")
    return years


def _read_table(doc: Document) -> tuple[list[_Row], list[int]]:
    """Rows of the 规划指标 table with their category, unit and merged cells resolved."""
    title = doc.find(r"规划指标\s*$")
    head = doc.find(r"^类别\t序号\t目标名称", title)
    end = doc.find(r"^\s*备注", head)
    first = next((n for n in range(head + 1, end) if re.match(r"^[^\t]*\t[0-9]+\t", doc.line(n))), None)
    if first is None:
        raise doc.error(head, "table", "no indicator rows after the header")
    years = _years(doc, head, first)
    rows: list[_Row] = []
    fragment, category = "", ""
    for n in range(first, end):
        text = doc.line(n)
        if "\t" not in text:      # a category name broken over lines ('资源' / '节约\t7\t…')
            fragment += squeeze(text)
            continue
        cells = text.split("\t")
        if len(cells) < 4:
            raise doc.error(n, "table row", f"expected at least 4 tab-separated cells, found {len(cells)}")
        if squeeze(cells[0]) or fragment:
            category, fragment = fragment + squeeze(cells[0]), ""
        rows.append(_read_row(doc, n, cells, category, years, rows[-1] if rows else None))
    if fragment:
        raise doc.error(end, "category", f"category {fragment!r} has no rows")
    for i, r in enumerate(rows, 1):
        if r.seq != i:
            raise doc.error(r.line, "序号", f"expected row number {i}, found {r.seq}")
    slugs = [r.ind.slug for r in rows]
    expected = {i.slug for i in _TABLE_INDICATORS.values()}
    if len(set(slugs)) != len(slugs) or set(slugs) != expected:
        missing = sorted(expected - set(slugs))
        raise doc.error(head, "table", f"expected each of the {len(expected)} indicators once; "
                                       f"missing {missing}, rows {len(rows)}")
    return rows, years


def _read_row(doc: Document, n: int, cells: list[str], category: str, years: list[int],
              above: _Row | None) -> _Row:
    """One table row; ``above`` is the previous row, whose merged cells may continue here."""
    if not category:
        raise doc.error(n, "类别", "row before any category")
    seq_raw = to_halfwidth(clean(cells[1]))
    if not seq_raw.isascii() or not seq_raw.isdigit():
        raise doc.error(n, "序号", f"expected a row number, found {cells[1]!r}")
    name_raw = clean(cells[2])
    m = _UNIT.match(name_raw)
    if m:      # '（％）' and '（%）' both become '%'
        name, unit = squeeze(m.group("name")), to_halfwidth(squeeze(m.group("unit")))
    else:      # only 农田灌溉水有效利用系数 has no unit: a dimensionless coefficient
        name, unit = squeeze(name_raw), "coefficient"
    ind = _TABLE_INDICATORS.get(name)
    if ind is None:
        raise doc.error(n, "目标名称", f"unknown indicator {name_raw!r}")
    actual = parse_target_cell(cells[3], doc=doc, line=n, field=f"{years[0]}年实际")
    if actual.comparator not in ("pending", ">="):   # '>=' is how a plain number reads
        raise doc.error(n, f"{years[0]}年实际", f"expected a number, '-' or '/', found {cells[3]!r}")
    rest = cells[4:]
    if len(rest) > 2 and any(clean(c) for c in rest[2:]):
        raise doc.error(n, "table row", f"too many cells: {cells!r}")
    if len(rest) <= 1:        # one cell spanning both target years (rows 21-22)
        rest = [rest[0] if rest else ""] * 2
    targets = {}
    for year, cell in zip(years[1:], rest[:2]):
        field = f"{year}年预期"
        tc = parse_target_cell(cell, doc=doc, line=n, field=field)
        if not clean(cell) and above is not None and above.targets[year].comparator == _NATIONAL:
            tc = above.targets[year]          # continuation of a merged 完成国家指标 cell
        targets[year] = tc
    return _Row(int(seq_raw), n, category, name, unit, ind, actual, targets)


def _emit_table(doc: Document, res: ParseResult, rows: list[_Row], years: list[int]) -> None:
    """Observations (2016 actual) and targets (2020, 2025) of the table."""
    for r in rows:
        industry = f"{TAXONOMY}.{r.ind.industry}" if r.ind.industry else None
        common = dict(line=r.line, jurisdiction_id=JURISDICTION, industry_id=industry, indicator_id=r.ind.slug,
                      indicator_zh=r.name_zh, indicator_en=r.ind.en, unit=r.unit)
        if r.actual.value is not None:
            res.add_observation(doc, **common, year=years[0], value=r.actual.value, raw=r.actual.raw)
        for year, tc in r.targets.items():
            comparator = tc.comparator
            if not r.ind.higher_is_better and comparator == ">=":
                comparator = "<="     # plain numbers are floors; for less-is-better ones, ceilings
            res.add_target(doc, **common, year=year, comparator=comparator, value=tc.value,
                           higher_is_better=r.ind.higher_is_better, base_value=r.actual.value,
                           base_value_year=years[0] if r.actual.value is not None else None, raw=tc.raw)


# --------------------------------------------------------------------------- prose targets


@dataclass(frozen=True)
class _Prose:
    """A prose target: section, pattern (groups y = year, v = figure), indicator, unit."""

    section: str
    rx: str
    slug: str
    zh: str
    en: str
    unit: str
    scale: float = 1.0       # 1万家 → 10000 家
    half: bool = False       # 'n个…中一半以上': the target is n / 2


_N = r"(?P<v>[0-9]+(?:\.[0-9]+)?)"
_Y = r"(?P<y>[0-9]{4})"
_CP, _CE, _CA, _CT = (f"{TAXONOMY}.{s}" for s in
                      ("cleaner_production", "clean_energy", "circular_agriculture", "culture_tourism"))
_PROSE: list[_Prose] = [
    _Prose(_CP, rf"{_Y}年底前完成{_N}个国家园区循环化试点改造", "national_park_circular_retrofits",
           "国家园区循环化试点改造", "National pilot parks that have completed circular-economy retrofits", "个"),
    _Prose(_CP, rf"到{_Y}年，所有国家级开发区和{_N}%以上省级开发区全部完成循环化改造",
           "provincial_dev_zones_circular_share", "省级开发区完成循环化改造比例",
           "Share of provincial development zones that have completed circular-economy retrofits", "%"),
    _Prose(_CE, rf"到{_Y}年，全省建成并网风电装机{_N}万千瓦", "wind_power_capacity", "并网风电装机",
           "Grid-connected wind power capacity", "万千瓦"),
    _Prose(_CE, rf"到{_Y}年，全省建成并网[^。]*?光电装机{_N}万千瓦", "pv_power_capacity", "光电装机",
           "Photovoltaic power capacity", "万千瓦"),
    _Prose(_CE, rf"到{_Y}年，全省建成并网[^。]*?光热装机{_N}万千瓦", "csp_power_capacity", "光热装机",
           "Solar thermal (concentrated solar) power capacity", "万千瓦"),
    _Prose(_CA, rf"到{_Y}年，新建{_N}万亩高标准设施农业", "gobi_facility_agriculture_area", "新建高标准设施农业",
           "New high-standard facility agriculture in the Hexi deserts and Gobi", "万亩"),
    _Prose(_CA, rf"到{_Y}年，新建[^。]*?智能连栋温室{_N}亩", "smart_multispan_greenhouses", "智能连栋温室",
           "Smart multi-span greenhouses", "亩"),
    _Prose(_CA, rf"到{_Y}年，新建[^。]*?新增优质高效园艺作物产品{_N}万吨", "new_horticultural_output",
           "新增优质高效园艺作物产品", "Additional high-quality horticultural produce", "万吨"),
    _Prose(_CA, rf"到{_Y}年，新建[^。]*?年实现产值{_N}亿元", "gobi_agriculture_output", "戈壁生态农业年产值",
           "Annual output value of Gobi ecological agriculture", "亿元"),
    _Prose(_CA, rf"到{_Y}年，培育省级以上农业产业化龙头企业{_N}家", "agri_leading_enterprises",
           "省级以上农业产业化龙头企业", "Provincial-level or higher leading agricultural enterprises", "家"),
    _Prose(_CA, rf"到{_Y}年，培育[^。]*?县级以上示范性合作社{_N}万家", "demo_cooperatives", "县级以上示范性合作社",
           "County-level or higher demonstration cooperatives", "家", scale=10000),
    _Prose(_CA, rf"到{_Y}年，培育[^。]*?家庭农场{_N}万家", "family_farms", "家庭农场", "Family farms", "家",
           scale=10000),
    _Prose(_CT, rf"到{_Y}年底创建{_N}个国家全域旅游示范区", "national_all_region_tourism_zones", "国家全域旅游示范区",
           "National all-region tourism demonstration zones", "个"),
    _Prose(_CT, rf"力争到{_Y}年全省(?P<v>[0-9]+)个省级全域旅游示范区中一半以上创建为国家全域旅游示范区",
           "national_all_region_tourism_zones", "国家全域旅游示范区",
           "National all-region tourism demonstration zones", "个", half=True),
    _Prose(_CT, rf"力争{_Y}年打造{_N}个体量大", "big_scenic_areas", "大景区", "Large scenic areas", "个"),
    _Prose(_CT, rf"力争{_Y}年打造.*?建设{_N}个精品景区", "premium_scenic_spots", "精品景区", "Premium scenic spots", "个"),
    _Prose(_CT, rf"力争{_Y}年打造.*?精品景区、{_N}个特色景区", "featured_scenic_spots", "特色景区",
           "Featured scenic spots", "个"),
    _Prose(_CT, rf"力争{_Y}年打造.*?集中建设{_N}个生态文化旅游产业园", "eco_culture_tourism_parks",
           "生态文化旅游产业园", "Eco-cultural tourism industrial parks", "个"),
    _Prose(_CT, rf"力争{_Y}年打造.*?扶持发展{_N}个以上生态文化旅游骨干企业", "eco_culture_tourism_enterprises",
           "生态文化旅游骨干企业", "Leading eco-cultural tourism enterprises", "个"),
    _Prose(_CT, rf"力争{_Y}年打造.*?保护开发{_N}个生态文化旅游名城名镇", "eco_culture_tourism_towns",
           "生态文化旅游名城名镇", "Eco-cultural tourism heritage cities and towns", "个"),
    _Prose(_CT, rf"力争{_Y}年打造.*?落实抓好{_N}个重大生态文化旅游项目", "eco_culture_tourism_projects",
           "重大生态文化旅游项目", "Major eco-cultural tourism projects", "个"),
    _Prose(_CT, rf"到{_Y}年，全面实现[^。]*?全省拥有{_N}个左右的房车营地", "rv_camps", "房车营地",
           "Recreational-vehicle camps", "个"),
    _Prose(_CT, rf"到{_Y}年，全面实现[^。]*?{_N}个左右的交通驿站", "transport_stations", "交通驿站",
           "Roadside transport stations", "个"),
    _Prose(_CT, rf"到{_Y}年，新建改建标准化旅游厕所约{_N}座", "tourist_toilets", "新建改建标准化旅游厕所",
           "New or rebuilt standard tourist toilets", "座"),
    _Prose(_CT, rf"到{_Y}年，全省建成{_N}个旅游专业村", "tourism_villages", "旅游专业村", "Specialised tourism villages", "个"),
    _Prose(_CT, rf"到{_Y}年，全省建成[^。]*?{_N}户农家乐", "farm_stays", "农家乐", "Farm-stay households", "户"),
    _Prose(_CT, rf"到{_Y}年，全省建成[^。]*?乡村旅游总收入超过{_N}亿元", "rural_tourism_revenue", "乡村旅游总收入",
           "Total rural tourism revenue", "亿元"),
    _Prose(_CT, rf"到{_Y}年，全省建成[^。]*?吸纳{_N}万农民就业", "rural_tourism_jobs", "乡村旅游吸纳农民就业",
           "Farmers employed in rural tourism", "万人"),
]


def _prose_comparator(text: str, m: re.Match) -> str:
    """'超过N' → '>'; 'N以上', plain N, 约N, N左右 → '>=' (the plan's figures are floors)."""
    return ">" if text[: m.start("v")].endswith("超过") else ">="


def _prose_targets(doc: Document, res: ParseResult, spans: dict[str, tuple[int, int]]) -> None:
    """Targets stated in the industry sections (see ``_PROSE``)."""
    for p in _PROSE:
        n, m = _search(doc, spans[p.section], p.rx, p.zh)
        text = doc.line(n)
        lo, hi = _clause(text, m.start("v"))
        value = float(m.group("v")) * p.scale
        if p.half:
            value /= 2
        year = int(m.group("y"))
        res.add_target(doc, line=n, jurisdiction_id=JURISDICTION, industry_id=p.section, indicator_id=p.slug,
                       indicator_zh=p.zh, indicator_en=p.en, unit=p.unit, year=year,
                       comparator=_prose_comparator(text, m), value=value,
                       aspirational="力争" in text[lo: m.start("v")], raw=text[lo:hi])


# --------------------------------------------------------------------------- findings: the table


def _check_table(doc: Document, res: ParseResult, rows: list[_Row], years: list[int]) -> None:
    """Targets worse than the 2016 baseline or than the earlier target; table oddities."""
    for r in rows:
        hib = r.ind.higher_is_better
        direction = "more is better" if hib else "less is better"
        base = r.actual.value
        for year, tc in r.targets.items():
            if is_worse(tc.value, base, hib):
                extra = (" A cap on total consumption above today's level allows growth of "
                         f"{(tc.value - base) / base * 100:.1f}%." if not hib else "")
                res.finding(doc, r.line, "target_below_baseline", r.name_zh,
                            f"Line {r.line}: the {year} target for {r.name_zh} ({direction}), {tc.value:g}{r.unit} "
                            f"('{tc.raw}'), is {'below' if hib else 'above'} its own {years[0]} actual, "
                            f"{base:g}{r.unit}.{extra}",
                            stated=tc.value, computed=base, unit=r.unit, jurisdiction_id=JURISDICTION)
        t1, t2 = r.targets[years[1]], r.targets[years[2]]
        if is_worse(t2.value, t1.value, hib):
            res.finding(doc, r.line, "other", r.name_zh,
                        f"Line {r.line}: the {years[2]} target for {r.name_zh} ({direction}), {t2.value:g}{r.unit}, "
                        f"is worse than the {years[1]} target, {t1.value:g}{r.unit}.",
                        stated=t2.value, computed=t1.value, unit=r.unit, jurisdiction_id=JURISDICTION)
        if r.ind.slug == "resource_productivity" and r.unit == "%":
            vals = [c.raw for c in (r.actual, t1, t2)]
            res.finding(doc, r.line, "other", r.name_zh,
                        f"Line {r.line}: {r.name_zh} is labelled （%）, but its values ({', '.join(vals)} for "
                        f"{', '.join(map(str, years))}) are not percentages; resource productivity is normally "
                        "GDP per tonne of resources (万元/吨) or an index. Values kept as written, unit '%'.",
                        unit=r.unit, jurisdiction_id=JURISDICTION)
        if "Ш" in r.name_zh:
            res.finding(doc, r.line, "ocr_error", r.name_zh,
                        f"Line {r.line}: '{r.name_zh}' has the Cyrillic letter 'Ш' (U+0428) where the Roman "
                        "numeral Ⅲ (water quality class III, as written on line 18: Ⅲ类水质) is meant. "
                        "Name kept as written.", jurisdiction_id=JURISDICTION)


# --------------------------------------------------------------------------- findings: prose vs table


@dataclass(frozen=True)
class _Restated:
    """A prose sentence restating a table figure: section, pattern (y, v), table indicator slug."""

    section: str
    rx: str
    slug: str


_RESTATED_TARGETS = [
    _Restated("goals", rf"节能环保产业产值{_Y}年达到{_N}亿元", "energy_saving_env_output"),
    _Restated("goals", rf"节能环保产业产值[0-9]{{4}}年达到[0-9.]+亿元，{_Y}年达到{_N}亿元", "energy_saving_env_output"),
    _Restated("goals", rf"到{_Y}年，非化石能源占能源消费总量比重达到{_N}%", "non_fossil_energy_share"),
    _Restated("goals", rf"到{_Y}年，非化石[^。]*?一般固体废物综合利用率达到{_N}%", "solid_waste_utilisation_rate"),
    _Restated("goals", rf"到{_Y}年，[^。]*?空气质量优良天数比例达到{_N}%", "air_quality_good_days_ratio"),
    _Restated("goals", rf"到{_Y}年，[^。]*?考核断面水质优良比例总体达到{_N}%", "surface_water_class3_share"),
    _Restated("goals", rf"到{_Y}年，城市生活污水处理率和生活垃圾无害化处理率达到{_N}%", "urban_sewage_treatment_rate"),
    _Restated("goals", rf"到{_Y}年，城市生活污水处理率和生活垃圾无害化处理率达到{_N}%",
              "urban_waste_safe_treatment_rate"),
    _Restated("goals", rf"到{_Y}年，城市生活污水[^。]*?城市建成区绿地率达到{_N}%", "urban_green_space_ratio"),
    _Restated(_CA, rf"到{_Y}年，培育[^。]*?农产品加工转化率达到{_N}%", "agri_processing_rate"),
]

# line 18 states 2016 figures (the paragraph's year: '2016年，全省…') that the table repeats
_RESTATED_ACTUALS = [
    ("非化石能源占能源消费总量比重" + _N + "%", "non_fossil_energy_share"),
    ("单位生产总值用水量" + _N + "立方米/万元", "water_use_per_gdp"),
    ("空气质量平均优良率达到" + _N + "%", "air_quality_good_days_ratio"),
    ("地表水国家考核断面水质优良比例达到" + _N + "%", "surface_water_class3_share"),
]


def _check_restatements(doc: Document, res: ParseResult, rows: list[_Row], years: list[int],
                        spans: dict[str, tuple[int, int]]) -> list[dict]:
    """Compare prose restatements with the table; return what was compared (for tests/reports)."""
    by_slug = {r.ind.slug: r for r in rows}
    checked = []
    for s in _RESTATED_TARGETS:
        n, m = _search(doc, spans[s.section], s.rx, s.slug)
        r, year, v = by_slug[s.slug], int(m.group("y")), float(m.group("v"))
        cell = r.targets.get(year)
        checked.append(dict(line=n, indicator_id=s.slug, year=year, value=v, table_line=r.line))
        if cell is None or cell.value != v:
            table = f"{cell.raw!r}" if cell is not None else f"no {year} column"
            res.finding(doc, n, "other", r.name_zh,
                        f"Line {n} gives {v:g}{r.unit} as the {year} target for {r.name_zh}, but the table "
                        f"(line {r.line}) gives {table}.",
                        stated=v, computed=cell.value if cell else None, unit=r.unit, jurisdiction_id=JURISDICTION)
    n, m = _search(doc, spans["basis"], rf"{_Y}年，全省万元生产总值能耗", "2016 figures")
    year = int(m.group("y"))
    for rx, slug in _RESTATED_ACTUALS:
        mm = re.search(rx, doc.line(n))
        if mm is None:
            raise doc.error(n, slug, f"expected text matching {rx!r}")
        r, v = by_slug[slug], float(mm.group("v"))
        checked.append(dict(line=n, indicator_id=slug, year=year, value=v, table_line=r.line))
        if year != years[0] or r.actual.value != v:
            rounding = r.actual.value is not None and abs(r.actual.value - v) < 0.5
            res.finding(doc, n, "other", r.name_zh,
                        f"Line {n} gives {r.name_zh} in {year} as {v:g}{r.unit}, but the table (line {r.line}) "
                        f"gives '{r.actual.raw}' as the {years[0]} actual"
                        + (" (probably rounded in the table)." if rounding else "."),
                        stated=v, computed=r.actual.value, unit=r.unit, jurisdiction_id=JURISDICTION)
    return checked


# --------------------------------------------------------------------------- findings: stated counts


@dataclass(frozen=True)
class _Count:
    """A stated count (group n) and the list it counts (group list, split on seps, optional suffix)."""

    what: str
    section: str
    rx: str
    list_section: str | None = None     # list elsewhere: every match of list_rx in that section's line
    list_rx: str | None = None
    seps: str = "、"
    suffix: str | None = None


_TCM, _TOUR, _LOG, _CM = (f"{TAXONOMY}.{s}" for s in ("tcm", "culture_tourism", "corridor_logistics",
                                                       "civil_military"))
_COUNTS = [
    _Count("道地药材标准化示范基地", _TCM, r"重点建设(?P<n>[0-9]+)个道地药材标准化示范基地", _TCM,
           r"布局建设(?P<list>[^，。；]+?)标准化示范基地"),
    _Count("中药材标准化生产示范基地", _TCM, r"扶持建设(?P<n>[0-9]+)个中药材标准化生产示范基地", _TCM,
           r"布局建设(?P<list>[^，。；]+?)标准化示范基地"),
    _Count("中医药产业园区", _TCM, r"(?P<n>[0-9]+)个中医药产业园区", _TCM,
           r"中医药产业园区。依托[^。]*?，重点建设(?P<list>[^。]+)。"),
    _Count("中医药健康旅游示范基地", _TCM, r"(?P<n>[0-9]+)个中医药健康旅游示范基地", _TCM,
           r"中医药养生保健旅游基地。建设(?P<list>[^。]+)。", seps="、，"),
    _Count("产区市场", _TCM, r"配套建设(?P<list>[^，。]+?)(?P<n>[一二三四五六七八九十])大产区市场"),
    _Count("区域旅游目的地", _TOUR, r"(?P<n>[一二三四五六七八九十])大区域旅游目的地，即(?P<list>[^。]+)。"),
    _Count("精品线路 (线)", _TOUR, r"“(?P<n>[0-9]+)线[0-9]+区”精品线路，即(?P<list>[^。]+)。", seps="，", suffix="线"),
    _Count("精品线路 (区)", _TOUR, r"“[0-9]+线(?P<n>[0-9]+)区”精品线路，即(?P<list>[^。]+)。", seps="，", suffix="区"),
    _Count("空港", _TOUR, r"加快(?P<list>[^，。]+?)(?P<n>[一二三四五六七八九十])大空港建设"),
    _Count("陆港", _LOG, r"加快建设(?P<list>[^，。]+?)(?P<n>[一二三四五六七八九十])大陆港"),
    _Count("空港", _LOG, r"大陆港和(?P<list>[^，。]+?)(?P<n>[一二三四五六七八九十])大空港"),
    _Count("国际陆港", _LOG, r"加快(?P<list>[^，。]+?)(?P<n>[一二三四五六七八九十])大国际陆港"),
    _Count("国际空港", _LOG, r"国际陆港和(?P<list>[^，。]+?)(?P<n>[一二三四五六七八九十])大国际空港"),
    _Count("优势产业", _CM, r"深入挖掘(?P<list>[^，。]+?)(?P<n>[0-9一二三四五六七八九十]+)大优势产业"),
    _Count("绿色生态农产品生产加工基地工程", _CA, r"主要建设(?P<list>[^。]+?)等(?P<n>[一二三四五六七八九十])大工程"),
]


def _items(text: str, seps: str, suffix: str | None) -> list[str]:
    """List items of ``text`` split on ``seps``, kept if they end with ``suffix``."""
    items = [squeeze(x) for x in re.split("[" + re.escape(seps) + "]", text) if squeeze(x)]
    return [x for x in items if suffix is None or x.endswith(suffix)]


def _check_counts(doc: Document, res: ParseResult, spans: dict[str, tuple[int, int]]) -> list[dict]:
    """Every stated count that the document also enumerates; return what was compared."""
    checked = []
    for c in _COUNTS:
        n, m = _search(doc, spans[c.section], c.rx, c.what)
        try:
            stated = _cn_int(m.group("n"))
        except ValueError:
            raise doc.error(n, c.what, f"unreadable count {m.group('n')!r}") from None
        if c.list_rx is None:
            ln, items = n, _items(m.group("list"), c.seps, c.suffix)
        else:
            ln, _ = _search(doc, spans[c.list_section], c.list_rx, c.what)
            items = [x for mm in re.finditer(c.list_rx, doc.line(ln))
                     for x in _items(mm.group("list"), c.seps, c.suffix)]
        checked.append(dict(what=c.what, line=n, list_line=ln, stated=stated, computed=len(items)))
        if stated != len(items):
            res.finding(doc, n, "count_mismatch", c.what,
                        f"Line {n} states {stated} {c.what}, but line {ln} lists {len(items)}: {'、'.join(items)}.",
                        stated=stated, computed=len(items), jurisdiction_id=JURISDICTION)
    # 实施十大重点工程 (chapter 3 intro) against the 专栏 boxes of chapter 3
    lo, hi = spans["chapter3"]
    n, m = _search(doc, (lo, hi), r"实施(?P<n>[一二三四五六七八九十])大重点工程", "重点工程")
    boxes = [k for k in range(lo, hi) if re.match(r"^\s*专栏\s*[0-9]+", doc.line(k))]
    checked.append(dict(what="重点工程", line=n, list_line=boxes[0] if boxes else n, stated=_cn_int(m.group("n")),
                        computed=len(boxes)))
    if _cn_int(m.group("n")) != len(boxes):
        res.finding(doc, n, "count_mismatch", "重点工程",
                    f"Line {n} announces {_cn_int(m.group('n'))} key projects (十大重点工程), but chapter 3 has "
                    f"{len(boxes)} 专栏 boxes (lines {', '.join(map(str, boxes))}).",
                    stated=_cn_int(m.group("n")), computed=len(boxes), jurisdiction_id=JURISDICTION)
    _check_shares(doc, res, spans, checked)
    return checked


def _check_shares(doc: Document, res: ParseResult, spans: dict[str, tuple[int, int]], checked: list[dict]) -> None:
    """Line 19's primary:secondary:tertiary shares (%) must add up to 100."""
    n, m = _search(doc, spans["basis"], r"一二三产比重从(?P<y1>[0-9]{4})年的(?P<a>[0-9.：:]+)调整为"
                                        r"(?P<y2>[0-9]{4})年的(?P<b>[0-9.：:]+)", "一二三产比重")
    for y, g in (("y1", "a"), ("y2", "b")):
        parts = [p for p in re.split("[：:]", m.group(g)) if p]
        values = [parse_number(p, doc=doc, line=n, field="一二三产比重") for p in parts]
        total = round(sum(values), 6)
        checked.append(dict(what=f"一二三产比重 {m.group(y)}", line=n, list_line=n, stated=100.0, computed=total))
        if len(values) != 3 or abs(total - 100) > 1e-6:
            res.finding(doc, n, "total_mismatch", f"一二三产比重{m.group(y)}",
                        f"Line {n}: the {m.group(y)} shares of the three sectors, {m.group(g)}, add up to "
                        f"{total:g}%, not 100%.", stated=100.0, computed=total, unit="%",
                        jurisdiction_id=JURISDICTION)


# --------------------------------------------------------------------------- entry points


def _spans(doc: Document, res: ParseResult) -> dict[str, tuple[int, int]]:
    """Line spans of the parts the parser reads, with the industries emitted."""
    spans = _industry_sections(doc, res)
    spans["basis"] = _section(doc, r"^\s*第一章", r"^\s*第二章")
    spans["goals"] = _section(doc, r"^\s*四、主要目标", r"规划指标\s*$", spans["basis"][1])
    return spans


def parse(doc: Document) -> ParseResult:
    """Parse document 002 into industries, observations, targets and findings (see module doc)."""
    res = ParseResult()
    spans = _spans(doc, res)
    rows, years = _read_table(doc)
    _emit_table(doc, res, rows, years)
    _prose_targets(doc, res, spans)
    _check_table(doc, res, rows, years)
    _check_restatements(doc, res, rows, years, spans)
    _check_counts(doc, res, spans)
    res.regions = [_region_record(doc.doc_id, r) for r in regional_layout(doc)]
    return finish(doc, res)


_REGION_SLUGS = {"中部地区": "central", "河西地区": "hexi", "陇东南地区": "southeast"}


def _region_record(doc_id: str, r: dict) -> dict:
    """A ``regions`` table row from a :func:`regional_layout` entry (lists 、-joined)."""
    return dict(region_id=f"{doc_id}.{_REGION_SLUGS[r['region_zh']]}", doc_id=doc_id, line=r["line"],
                source=r["source"], region_zh=r["region_zh"], region_en=r["region_en"], text_zh=r["text"],
                industry_ids="、".join(r["industry_ids"]) or None,
                jurisdiction_ids="、".join(r["jurisdiction_ids"]) or None)


def checks(doc: Document) -> dict[str, list[dict]]:
    """What the consistency checks compared (prose restatements, stated counts), for tests and reports.

    Values are as in the document (units as the table's); a mismatch also appears as a finding.
    """
    res = ParseResult()
    spans = _spans(doc, res)
    rows, years = _read_table(doc)
    return dict(restatements=_check_restatements(doc, res, rows, years, spans),
                counts=_check_counts(doc, res, spans))


def regional_layout(doc: Document) -> list[dict]:
    """The three regions of 发展布局 (chapter 2, section 三), for 'provincial context' in reports.

    Each dict: ``region_zh``, ``region_en``, ``line``, ``source`` ('002:39'), ``text`` (the
    paragraph, cleaned), ``industry_ids`` (ten-industry names the paragraph mentions, in
    taxonomy order) and ``jurisdiction_ids`` (reference jurisdictions inside the region: 河西 holds
    Zhangye — geography, not document text).
    """
    lo, hi = _section(doc, r"^\s*三、发展布局", r"^\s*四、主要目标")
    out = []
    for region, en in _REGIONS.items():
        n, _ = _search(doc, (lo, hi), rf"^\s*{region}。", region)
        text = clean(doc.line(n))
        inds = [f"{TAXONOMY}.{slug}" for name, (slug, _en) in _INDUSTRIES.items()
                if name.removesuffix("产业") in text]
        out.append(dict(region_zh=region, region_en=en, line=n, source=doc.src(n), text=text,
                        industry_ids=inds, jurisdiction_ids=list(_REGION_JURISDICTIONS.get(region, []))))
    return out
