"""Parser for document 004: Zhangye municipal gazette (张掖市人民政府公报) 2024 issue 2.

The issue holds several documents; each is located by its heading, never by a fixed line:

* 张掖市农业品牌发展规划(2024—2030年): 2023 baselines (→ ``observations``), 2027 / 2030 targets
  (→ ``targets``), four task tables 表2–表5 with their 实施单位 and numbered tasks whose text names a
  牵头 unit (→ ``responsibilities``);
* 张掖市保障农民工工资支付工作考核办法 (张政办发〔2024〕10号): the A/B/C grading (→ ``frameworks``
  '004.wage' and the constant :data:`WAGE_GRADING`);
* 张掖市市级财政专项资金管理办法: the transfer-payment advance-release floors (→ ``targets``);
* the nine 2024 livelihood projects (为民实事): city and per-county quotas (→ ``targets``), every
  stated total checked against its rows (→ ``findings``), the responsibility blocks
  (→ ``responsibilities``);
* 市政府工作要事记: the 2024 major-project plan (→ ``targets``) and the projects started on 29 Feb.

Prose is matched on a *stream*: the section's lines NFKC-normalised and joined without separators,
because the PDF extraction wraps sentences (and even numbers' units) across lines; every match maps
back to the line where its number starts.

Units: counts as written (个, 户, 人, 座, 套 …); money in 万元 (10,000 yuan) or 亿元 (100 million
yuan) as the document writes it; areas in 万亩 or 平米 as written.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from zyanalysis.reference.jurisdictions import WAGE_ASSESSED_UNITS, find_jurisdiction, resolve_jurisdiction
from .base import Document, ParseError, ParseResult, clean, parse_number, squeeze, to_halfwidth

DOC_ID = "004"

# The wage-payment grading's rules live in zyanalysis.reference.rules (WAGE_GRADING), stated once.

# ------------------------------------------------------------------ small infrastructure


class _Stream:
    """Lines ``start``..``end``-1 (1-based) normalised and joined without separators.

    PDF extraction wraps sentences anywhere (种植规模 / 千亩以上); joining lets a phrase be matched
    whole, and :meth:`line_at` maps a character position back to its document line.
    """

    def __init__(self, norm: list[str], start: int, end: int):
        parts: list[str] = []
        self._starts: list[int] = []
        self._lines: list[int] = []
        pos = 0
        for n in range(max(start, 1), min(end, len(norm) + 1)):
            s = norm[n - 1]
            if s:
                self._starts.append(pos)
                self._lines.append(n)
                parts.append(s)
                pos += len(s)
        self.text = "".join(parts)
        self.first = start

    def line_at(self, pos: int) -> int:
        """Document line holding character ``pos`` of the stream."""
        i = bisect_right(self._starts, pos) - 1
        return self._lines[max(i, 0)] if self._lines else self.first

    def sentence(self, pos: int) -> str:
        """The sentence (between 。 marks) around ``pos``."""
        a = self.text.rfind("。", 0, pos) + 1
        b = self.text.find("。", pos)
        return self.text[a:b if b >= 0 else len(self.text)]


@dataclass
class _Ctx:
    """Parse state: the document, its normalised lines, the result, counters."""

    doc: Document
    norm: list[str]
    res: ParseResult = field(default_factory=ParseResult)
    task_no: int = 0
    persons: list[tuple[str, str, int]] = field(default_factory=list)   # (name, title, line)

    def error(self, line: int | None, fld: str, msg: str) -> ParseError:
        return self.doc.error(line, fld, msg)

    def find(self, pattern: str, start: int, end: int | None = None, fld: str = "layout") -> int:
        """First line in [start, end) whose normalised text matches ``pattern``."""
        rx = re.compile(pattern)
        stop = min(end or len(self.norm) + 1, len(self.norm) + 1)
        for n in range(max(start, 1), stop):
            if rx.search(self.norm[n - 1]):
                return n
        raise self.error(start, fld, f"expected a line matching {pattern!r} between lines {start} and {stop - 1}")

    def search(self, st: _Stream, pattern: str, fld: str, pos: int = 0) -> re.Match:
        """Regex search in a stream from ``pos``; absent → ParseError at the stream's first line."""
        m = re.compile(pattern).search(st.text, pos)
        if m is None:
            raise self.error(st.first, fld, f"expected text matching {pattern!r} in the section from line {st.first}")
        return m

    def num(self, s: str | None, line: int, fld: str) -> float:
        return parse_number(s or "", doc=self.doc, line=line, field=fld)

    def next_task(self) -> str:
        self.task_no += 1
        return f"{DOC_ID}.task.{self.task_no}"


def _fmt(x: float) -> str:
    return f"{x:g}"


def _jid(ctx: _Ctx, name: str, line: int) -> str:
    """Jurisdiction id of a county name; unknown → ParseError."""
    jid = resolve_jurisdiction(name) or find_jurisdiction(name)
    if jid is None:
        raise ctx.error(line, "county", f"unknown county-level unit {name!r}")
    return jid


def _target(ctx: _Ctx, *, line: int, jid: str, indicator_id: str, zh: str, en: str, unit: str, year: int,
            value: float | None, raw: str, comparator: str = ">=", aspirational: bool = False,
            higher_is_better: bool = True) -> dict:
    rec = dict(
        target_id=f"{DOC_ID}.{jid}.{indicator_id}.{year}", doc_id=DOC_ID, line=line, source=ctx.doc.src(line),
        jurisdiction_id=jid, industry_id=None, indicator_id=indicator_id, indicator_zh=zh, indicator_en=en,
        unit=unit, target_year=year, comparator=comparator, target_value=value,
        higher_is_better=higher_is_better, is_reduction=False, base_year=None, base_value=None,
        base_value_year=None, aspirational=aspirational, raw=raw)
    ctx.res.targets.append(rec)
    return rec


def _observation(ctx: _Ctx, *, line: int, jid: str, indicator_id: str, zh: str, en: str, unit: str,
                 year: int, value: float, raw: str) -> None:
    ctx.res.observations.append(dict(
        series_id=f"{jid}.{indicator_id}", doc_id=DOC_ID, line=line, source=ctx.doc.src(line),
        jurisdiction_id=jid, industry_id=None, indicator_id=indicator_id, indicator_zh=zh,
        indicator_en=en, unit=unit, year=year, value=value, kind="actual", raw=raw))


_CITY_PREFIXES = ("市", "团市委", "张掖市政府", "张掖市人民政府", "张掖市农业", "张掖市牛业")


def _party_jurisdiction(text: str) -> str | None:
    """Level a party belongs to: city for 市… units and city leaders, a county for 高台县政府 …;
    None for collective parties (各县区政府) and companies or associations of no stated level."""
    if text.startswith(("各县区", "项目所在地")):
        return None
    if text.startswith(_CITY_PREFIXES):
        return "zhangye"
    jid = find_jurisdiction(text[:6])
    return jid if jid in WAGE_ASSESSED_UNITS and re.search(r"(政府|局|委)", text) else None


def _responsibility(ctx: _Ctx, *, line: int, task_id: str, subject: str, role: str, role_en: str,
                    party_raw: str, party_type: str, title: str | None = None, party_zh: str | None = None) -> None:
    party = party_zh or squeeze(party_raw)
    if not party:
        return
    ctx.res.responsibilities.append(dict(
        doc_id=DOC_ID, line=line, source=ctx.doc.src(line), subject_type="task", subject_id=task_id,
        subject_zh=subject, role=role, role_en=role_en, party_zh=party, party_raw=party_raw,
        party_type=party_type, title_zh=title,
        jurisdiction_id=_party_jurisdiction(title if party_type == "person" and title else party)))
    if party_type == "person" and title:
        ctx.persons.append((party, squeeze(title), line))


def _check_sum(ctx: _Ctx, *, stated: float, line: int, parts: list[tuple[float, int]], subject: str,
               unit: str, what: str, kind: str = "total_mismatch", jid: str | None = None) -> None:
    """A stated total against the sum of its parts (value, line); a difference is a finding."""
    if not parts:
        return
    computed = round(sum(v for v, _ in parts), 6)
    if abs(computed - stated) > 1e-6:
        lines = sorted({ln for _, ln in parts})
        where = f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}–{lines[-1]}"
        ctx.res.finding(
            ctx.doc, line, kind, subject,
            f"{what}: line {line} states {_fmt(stated)} {unit}, but the figures it sums "
            f"({where}: {' + '.join(_fmt(v) for v, _ in parts)}) add up to {_fmt(computed)} {unit}.",
            stated=stated, computed=computed, unit=unit, jurisdiction_id=jid)


def _check_equal(ctx: _Ctx, *, stated: float, line: int, other: float, other_line: int, subject: str,
                 unit: str, what: str, jid: str | None = None, kind: str = "other") -> None:
    """Two statements of the same figure (e.g. prose vs table) must agree."""
    if abs(stated - other) > 1e-6:
        ctx.res.finding(
            ctx.doc, line, kind, subject,
            f"{what}: line {line} gives {_fmt(stated)} {unit} but line {other_line} gives {_fmt(other)} {unit}.",
            stated=stated, computed=other, unit=unit, jurisdiction_id=jid)


# ------------------------------------------------------------------ sections

_SECTIONS = [  # key, heading of the part (whole normalised line)
    ("energy", r"^关于确定\d{4}年度公共机构\s*节能工作先进单位和先进个人的通知$"),
    ("brand", r"^张掖市农业品牌发展规划\s*\(\d{4}—\d{4}年\)$"),
    ("wage", r"^张掖市保障农民工工资支付工作考核办法$"),
    ("funds", r"^张掖市市级财政专项资金管理办法$"),
    ("livelihood", r"为民实事实施方案的通知$"),
    ("appointments", r"职务任免的通知$"),
    ("chronicle", r"^市政府工作要事记$"),
    ("index", r"^张掖市人民政府办公室\d+月份收文目录$"),
]


def _sections(ctx: _Ctx) -> dict[str, tuple[int, int]]:
    """(first line, line after the last) of each part, found in document order."""
    starts, pos = [], 1
    for key, rx in _SECTIONS:
        pos = ctx.find(rx, pos, fld=f"section {key}")
        starts.append((key, pos))
        pos += 1
    bounds = {}
    for i, (key, s) in enumerate(starts):
        e = starts[i + 1][1] if i + 1 < len(starts) else len(ctx.norm) + 1
        bounds[key] = (s, e)
    return bounds


# ------------------------------------------------------------------ brand plan

# (indicator_id, 中文, English, unit, regex with the number in group `g`, g); searched after the anchor
_BASELINES: list[tuple[str, list[tuple[str, str, str, str, str, int]]]] = [
    (r"(\d{4})年,全市共落实", [
        ("grain_sown_area", "粮食播种面积", "Grain sown area", "万亩", r"粮食播种面积([\d.]+)万亩", 1),
        ("grain_output", "粮食产量", "Grain output", "万吨", r"粮食播种面积[\d.]+万亩、产量([\d.]+)万吨", 1),
        ("seed_production_area", "农作物制种面积", "Crop seed-production area", "万亩", r"农作物制种面积([\d.]+)万亩", 1),
        ("maize_seed_production_area", "制种玉米面积", "Maize seed-production area", "万亩", r"其中制种玉米([\d.]+)万亩", 1),
        ("maize_seed_national_share", "玉米种子用种量占全国比重(以上)", "Share of national maize seed use (at least)",
         "%", r"玉米种子用种量占全国([\d.]+)%以上", 1),
        ("vegetable_area", "蔬菜面积", "Vegetable area", "万亩", r"落实蔬菜面积([\d.]+)万亩", 1),
        ("vegetable_10k_mu_towns", "蔬菜万亩镇", "Vegetable towns of 10,000 mu", "个", r"建成万亩镇(\d+)个", 1),
        ("vegetable_1k_mu_villages", "蔬菜千亩村", "Vegetable villages of 1,000 mu", "个", r"千亩村(\d+)个", 1),
        ("vegetable_products_over_50k_mu", "种植规模5万亩以上蔬菜单品", "Vegetable products grown on 50,000+ mu",
         "个", r"种植规模5万亩以上蔬菜单品达到(\d+)个", 1),
        ("vegetable_enterprises_over_1k_mu", "种植规模千亩以上生产企业", "Vegetable producers farming 1,000+ mu",
         "家", r"种植规模千亩以上生产企业达到(\d+)家", 1),
        ("facility_agriculture_central_funds", "中央财政现代设施农业建设奖补及贷款贴息项目资金",
         "Central funds won for modern facility agriculture", "万元", r"贷款贴息项目资金([\d.]+)万元", 1),
        ("gobi_facility_agriculture_area", "动工或建成戈壁设施农业", "Gobi facility agriculture started or built",
         "万亩", r"动工或建成戈壁设施农业([\d.]+)万亩", 1),
        ("potato_area", "马铃薯种植面积", "Potato area", "万亩", r"马铃薯和中药材种植面积分别为([\d.]+)万亩、([\d.]+)万亩", 1),
        ("chinese_herb_area", "中药材种植面积", "Chinese medicinal herb area", "万亩",
         r"马铃薯和中药材种植面积分别为([\d.]+)万亩、([\d.]+)万亩", 2),
        ("cattle_reared", "牛饲养量", "Cattle reared", "万头", r"牛饲养量([\d.]+)万头", 1),
        ("cattle_slaughtered", "牛出栏", "Cattle slaughtered", "万头", r"牛饲养量[\d.]+万头、出栏([\d.]+)万头", 1),
        ("sheep_reared", "羊饲养量", "Sheep reared", "万只", r"羊饲养量([\d.]+)万只", 1),
        ("sheep_slaughtered", "羊出栏", "Sheep slaughtered", "万只", r"羊饲养量[\d.]+万只、出栏([\d.]+)万只", 1),
    ]),
    (r"(\d{4})年,“三品一标”农产品销售额", [
        ("three_products_one_label_sales", "“三品一标”农产品销售额(约)", "Sales of certified (三品一标) products, approx.",
         "亿元", r"“三品一标”农产品销售额约([\d.]+)亿元", 1),
        ("gwei_catalog_enterprise_sales", "纳入“甘味”目录的各类企业农产品销售额(约)",
         "Sales of enterprises in the Gan Wei catalogue, approx.", "亿元", r"企业农产品销售额约([\d.]+)亿元", 1),
    ]),
    (r"截至(\d{4})年,", [
        ("gwei_regional_public_brands", "“甘味”区域公用品牌", "Gan Wei regional public brands (cumulative)",
         "个", r"创建“甘味”区域公用品牌(\d+)个", 1),
        ("enterprise_trademark_brands", "企业商标品牌", "Enterprise trademark brands (cumulative)", "个",
         r"企业商标品牌(\d+)个", 1),
    ]),
]

# 2027 goals of (三)主要目标: (indicator_id, 中文, English, regex (number, optional 以上), comparator)
_GOALS = [
    ("platform_image_brands", "“金张掖农优品”平台形象品牌", "Platform image brand (金张掖农优品)",
     r"\[(\d+)个“金张掖农优品”平台形象品牌()", "="),
    ("city_regional_public_brands", "市级特色主导产业区域公用品牌", "City-level regional public brands of leading industries",
     r"(\d+)个市级特色主导产业区域公用品牌()", "="),
    ("new_green_organic_gi_certifications", "新认证绿色、有机和地理标志农产品",
     "Newly certified green, organic and geographical-indication products", r"新认证绿色、有机和地理标志农产品(\d+)个(以上)?", ">="),
    ("gwei_regional_public_brands", "累计创建“甘味”区域公用品牌", "Gan Wei regional public brands (cumulative)",
     r"累计创建“甘味”区域公用品牌(\d+)个(以上)?", ">="),
    ("enterprise_trademark_brands", "企业商标品牌", "Enterprise trademark brands (cumulative)",
     r"企业商标品牌(\d+)个(以上)?", ">="),
]


def _brand_plan(ctx: _Ctx, start: int, end: int) -> None:
    """Baselines, targets, task tables and 牵头 units of the agricultural brand plan."""
    m = re.search(r"\((\d{4})—(\d{4})年\)", ctx.norm[start - 1])
    if not m:
        raise ctx.error(start, "plan period", "the plan title gives no period (YYYY—YYYY年)")
    first_year, last_year = int(m.group(1)), int(m.group(2))
    base_a = ctx.find(r"^\(一\)\s*发展基础$", start, end)
    base_b = ctx.find(r"^\(二\)\s*面临挑战$", base_a, end)
    goal_a = ctx.find(r"^\(三\)\s*主要目标$", base_b, end)
    tasks_a = ctx.find(r"^三、\s*主要任务$", goal_a, end)
    actions_a = ctx.find(r"^四、\s*重点品牌培育行动$", tasks_a, end)
    guard_a = ctx.find(r"^五、\s*保障措施$", actions_a, end)
    base = _Stream(ctx.norm, base_a, base_b)
    _brand_baselines(ctx, base)
    _brand_counted_lists(ctx, base, _Stream(ctx.norm, goal_a, tasks_a))
    _brand_goals(ctx, _Stream(ctx.norm, goal_a, tasks_a))
    _brand_projects(ctx, _Stream(ctx.norm, tasks_a, actions_a), first_year, last_year)
    _brand_actions(ctx, _Stream(ctx.norm, actions_a, guard_a))
    _brand_lead_units(ctx, tasks_a, guard_a)
    _brand_task_tables(ctx, actions_a, guard_a, first_year, last_year)
    _brand_annex(ctx, guard_a, end)


def _brand_baselines(ctx: _Ctx, st: _Stream) -> None:
    for anchor, specs in _BASELINES:
        a = ctx.search(st, anchor, "baseline year")
        year = int(a.group(1))
        for ind, zh, en, unit, rx, g in specs:
            m = ctx.search(st, rx, ind, a.start())
            line = st.line_at(m.start(g))
            _observation(ctx, line=line, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit=unit, year=year,
                         value=ctx.num(m.group(g), line, ind), raw=m.group(0))


def _count_check(ctx: _Ctx, st: _Stream, rx: str, subject: str, what: str) -> None:
    """A list written out in the text followed by its stated count ('A、B、C 3个')."""
    m = re.search(rx, st.text)
    if not m:
        return
    items = [x for x in re.split(r"[、,]", m.group(1)) if x.strip()]
    line = st.line_at(m.start(2))
    stated = ctx.num(m.group(2), line, "count")
    if len(items) != stated:
        ctx.res.finding(ctx.doc, line, "count_mismatch", subject,
                        f"{what}: line {line} says {_fmt(stated)} but lists {len(items)} ({'、'.join(items)}).",
                        stated=stated, computed=float(len(items)), unit="个")


def _brand_counted_lists(ctx: _Ctx, base: _Stream, goals: _Stream) -> None:
    _count_check(ctx, base, r"。([^。]+?)(\d+)个农产品获得农产品地理标志登记证书", "农产品地理标志登记证书",
                 "Products with geographical-indication certificates")
    _count_check(ctx, goals, r";([^;\[]+?)(\d+)个市级特色主导产业区域公用品牌", "市级特色主导产业区域公用品牌",
                 "City-level regional public brands")
    _count_check(ctx, goals, r"首批重点推介([^。]+?)等(\d+)个企业品牌", "首批重点推介企业品牌",
                 "First batch of promoted enterprise brands")


def _brand_goals(ctx: _Ctx, st: _Stream) -> None:
    """The 2027 numeric goals and the qualitative 2030 goal of (三)主要目标."""
    m27 = ctx.search(st, r"到(\d{4})年,初步形成", "goal year")
    year = int(m27.group(1))
    for ind, zh, en, rx, comp in _GOALS:
        m = ctx.search(st, rx, ind, m27.start())
        line = st.line_at(m.start(1))
        _target(ctx, line=line, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit="个", year=year,
                value=ctx.num(m.group(1), line, ind), raw=m.group(0).lstrip("["), comparator=comp,
                aspirational="力争" in st.sentence(m.start(1)))
    m30 = ctx.search(st, r"到(\d{4})年,(农业品牌建设[^。]*。)", "2030 goal", m27.end())
    line = st.line_at(m30.start())
    _target(ctx, line=line, jid="zhangye", indicator_id="brand_system", zh="农业品牌建设促进机制和支持保障体系",
            en="Agricultural brand system (qualitative goal)", unit="-", year=int(m30.group(1)), value=None,
            raw=m30.group(2), comparator="qualitative")


def _brand_projects(ctx: _Ctx, st: _Stream, first_year: int, last_year: int) -> None:
    """Goals of the key projects (重点工程) and talent tasks in 三、主要任务."""
    m = ctx.search(st, r"力争利用(\d+)年时间,实现[^。]*?培训全覆盖", "training coverage")
    years = int(ctx.num(m.group(1), st.line_at(m.start(1)), "years"))
    due = first_year + years - 1          # four years from 2024: 2024–2027 (重点工程一 says so too)
    line = st.line_at(m.start())
    _target(ctx, line=line, jid="zhangye", indicator_id="brand_training_coverage",
            zh="农业品牌管理人员、区域公用品牌持有主体和核心授权企业负责人培训覆盖率",
            en="Training coverage of brand managers, brand holders and core licensed firms", unit="%",
            year=due, value=100.0, raw=m.group(0), aspirational=True)
    m2 = ctx.search(st, r"每个区域公用品牌培育(\d+)—(\d+)名品牌电商带头人", "e-commerce leaders", m.start())
    line = st.line_at(m2.start(1))
    _target(ctx, line=line, jid="zhangye", indicator_id="ecommerce_leaders_per_brand",
            zh="每个区域公用品牌培育品牌电商带头人", en="E-commerce brand leaders per regional public brand (1–3)",
            unit="名", year=due, value=ctx.num(m2.group(1), line, "leaders"), raw=m2.group(0),
            aspirational="力争" in st.sentence(m2.start()))
    for ind, zh, en, unit, rx, comp in (
        ("brand_talent_trained", "培训各类农业品牌人才", "Agricultural brand talent trained in the plan period", "人",
         r"规划实施期间计划培训各类农业品牌人才(\d+)人", ">="),
        ("brand_expert_team", "张掖市农业品牌专家团队", "Zhangye agricultural brand expert team", "人",
         r"组建“张掖市农业品牌专家(\d+)人”团队", "="),
        ("brand_online_courses", "在线培训课程", "Online training courses launched in the plan period", "门",
         r"规划实施期间上线(\d+)门课程", ">="),
    ):
        mm = ctx.search(st, rx, ind)
        line = st.line_at(mm.start(1))
        _target(ctx, line=line, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit=unit, year=last_year,
                value=ctx.num(mm.group(1), line, ind), raw=mm.group(0), comparator=comp,
                aspirational="力争" in st.sentence(mm.start()))


def _brand_actions(ctx: _Ctx, st: _Stream) -> None:
    """Goals of 四、重点品牌培育行动 (action period 2024—2030)."""
    p = ctx.search(st, r"(\d{4})—(\d{4})年,聚焦", "action period")
    end_year = int(p.group(2))
    m = ctx.search(st, r"培育(\d+)个以上具有核心竞争力的“头部”企业品牌", "head enterprise brands")
    line = st.line_at(m.start(1))
    _target(ctx, line=line, jid="zhangye", indicator_id="maize_seed_head_enterprise_brands",
            zh="具有核心竞争力的“头部”企业品牌(张掖玉米种子)", en="Leading maize-seed enterprise brands",
            unit="个", year=end_year, value=ctx.num(m.group(1), line, "head brands"), raw=m.group(0))
    c = ctx.search(st, r"到(\d{4})年,通过加强“张掖肉牛/张掖乳制品”.{0,80}?(将“张掖肉牛”和“张掖乳制品”品牌建设成为全国著名区域公共品牌)",
                   "cattle brand goal")
    _target(ctx, line=st.line_at(c.start(2)), jid="zhangye", indicator_id="cattle_dairy_national_brand",
            zh="“张掖肉牛”“张掖乳制品”建成全国著名区域公共品牌",
            en="Zhangye beef and dairy become nationally known regional brands (qualitative)", unit="-",
            year=int(c.group(1)), value=None, raw=c.group(2), comparator="qualitative")


_TASK_HEAD = re.compile(r"^(?:\d+\.\s*|\(\d+\))([^。]{2,40})。")
_LEAD = re.compile(r"(?:^|[。,由])([^。,由、\s;]{2,20}?)牵头")
_SECTION_HEAD = re.compile(r"^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|重点工程|表\d)")


def _brand_lead_units(ctx: _Ctx, first: int, end: int) -> None:
    """Numbered tasks of 三/四 whose text names the unit that leads them ('由市农业农村局牵头').

    A task runs from its numbered heading ('5. 做强做大特色产业。', '(1)…。') to the next heading;
    only parties that are units (市…, 张掖…) count, not 'enterprises with the means'.
    """
    head: tuple[str, int] | None = None      # (task title, line)
    task_id: str | None = None
    seen: set[str] = set()
    for n in range(first, end):
        if "\t" in ctx.doc.line(n):
            continue                            # task tables are read by _brand_task_tables
        s = ctx.norm[n - 1]
        h = _TASK_HEAD.match(s)
        if h:
            head, task_id, seen = (h.group(1), n), None, set()
        elif _SECTION_HEAD.match(s):
            head, task_id = None, None
        if head is None:
            continue
        for m in _LEAD.finditer(s):
            if not m.group(1).startswith(("市", "张掖")):
                continue
            task_id = task_id or ctx.next_task()
            for part in m.group(1).split("联合"):   # 'X联合Y牵头': both lead
                if part and part not in seen:
                    seen.add(part)
                    _responsibility(ctx, line=n, task_id=task_id, subject=head[0], role="牵头",
                                    role_en="lead_department", party_raw=part, party_type="department")


def _split_units(cell: str) -> list[str]:
    """Units in a 实施单位 / 配合单位 cell: separated by 、 or spaces; 'X共同参与制定' → X."""
    out = []
    for p in re.split(r"[、,\s]+", cell):
        p = re.sub(r"(共同参与制定|等)$", "", p)
        if p:
            out.append(p)
    return out


def _brand_task_tables(ctx: _Ctx, first: int, end: int, first_year: int, last_year: int) -> None:
    """表2–表5: numbered tasks with 实施时间 and 实施单位 (one responsibility per unit)."""
    n = first
    while n < end:
        if not re.match(r"^表\d+[:：]", ctx.norm[n - 1]):
            n += 1
            continue
        title, h = ctx.norm[n - 1], ctx.find(r"^序号\t?", n, min(n + 4, end), fld="task table header")
        header = [clean(to_halfwidth(c)) for c in ctx.doc.line(h).split("\t")]
        try:
            i_task, i_time, i_unit = header.index("具体任务"), header.index("实施时间"), header.index("实施单位")
        except ValueError:
            raise ctx.error(h, "task table header", f"expected 具体任务/实施时间/实施单位 in {header}") from None
        n = h + 1
        expect = 1
        while n < end and "\t" in ctx.doc.line(n):
            cells = [clean(to_halfwidth(c)) for c in ctx.doc.line(n).split("\t")]
            if len(cells) <= max(i_task, i_time, i_unit):
                raise ctx.error(n, "task row", f"expected {len(header)} cells in {title}, found {len(cells)}")
            seq = ctx.num(cells[0], n, "序号")
            if seq != expect:
                ctx.res.finding(ctx.doc, n, "count_mismatch", title,
                                f"{title}: row on line {n} is numbered {_fmt(seq)} where {expect} was expected.",
                                stated=seq, computed=float(expect))
            expect = int(seq) + 1
            task_id = ctx.next_task()
            for unit in _split_units(cells[i_unit]):
                _responsibility(ctx, line=n, task_id=task_id, subject=cells[i_task], role="实施单位",
                                role_en="implementing_unit", party_raw=unit, party_type="department")
            years = [int(y) for y in re.findall(r"(20\d{2})", cells[i_time])]
            bad = [y for y in years if not first_year <= y <= last_year]
            if bad:
                ctx.res.finding(ctx.doc, n, "other", cells[i_task],
                                f"{title}, task {_fmt(seq)} (line {n}) is scheduled for '{cells[i_time]}', outside the "
                                f"plan period {first_year}–{last_year} of a plan issued in {first_year}.",
                                stated=float(bad[0]))
            n += 1


def _brand_annex(ctx: _Ctx, first: int, end: int) -> None:
    """附件: the first 30 promoted product brands — the stated count against the rows."""
    try:
        t = ctx.find(r"^首批重点推介\s*(\d+)\s*个农产品品牌$", first, end)
    except ParseError:
        return                               # the annex is optional context, not data
    stated = ctx.num(re.search(r"(\d+)", ctx.norm[t - 1]).group(1), t, "brand count")
    h = ctx.find(r"^序号\t?", t, min(t + 4, end), fld="annex header")
    n, rows = h + 1, 0
    while n < end and "\t" in ctx.doc.line(n):
        rows, n = rows + 1, n + 1
    if rows != stated:
        ctx.res.finding(ctx.doc, t, "count_mismatch", "首批重点推介农产品品牌",
                        f"The annex title on line {t} announces {_fmt(stated)} product brands but its table "
                        f"(lines {h + 1}–{n - 1}) has {rows} rows.", stated=stated, computed=float(rows), unit="个")


# ------------------------------------------------------------------ wage-payment assessment

_WAGE_EN = [  # keyword in the rule text → English label
    ("前三名", "Assessment score ranks in the city's top three"),
    ("领导重视", "Leadership attention, sound mechanism, complete and enforced wage safeguards, clear results"),
    ("80分以下", "Weak work and an assessment score of 80 or below"),
    ("50人以上", "One or more wage-arrears mass incidents of 50 or more people"),
    ("3起及以上", "Three or more 30-person incidents, or one on a government-investment project"),
    ("极端事件", "One or more wage-arrears extreme incidents with serious consequences"),
    ("以外的为B级", "Grade B: every unit graded neither A nor C"),
]
_ITEM_EN = {"组织领导": "Leadership of wage-payment work", "保障制度": "Wage-payment safeguard systems",
            "欠薪": "Results in tackling wage arrears (esp. construction)", "满意度": "Public satisfaction"}


def _wage(ctx: _Ctx, start: int, end: int) -> None:
    """The A/B/C grading and the assessed content of 张掖市保障农民工工资支付工作考核办法."""
    st = _Stream(ctx.norm, start, end)
    title = ctx.norm[start - 1]
    seq = 0
    rows = ctx.res.frameworks

    def add(line: int, group_seq: int, group_zh: str, zh: str, kind: str, en: str, content: str) -> None:
        nonlocal seq
        seq += 1
        rows.append(dict(framework_id="004.wage", doc_id=DOC_ID, line=line, source=ctx.doc.src(line), system="wage",
                         title_zh=title, group_seq=group_seq, group_zh=group_zh, group_points=None,
                         indicator_seq=seq, indicator_id=f"004.wage.{seq}", indicator_zh=zh, indicator_en=en,
                         kind=kind, kind_zh=None, weight=None, content_zh=content))

    m = ctx.search(st, r"对县区政府、张掖经开区的考核,内容主要包括(.+?)等情况", "wage content")
    line = st.line_at(m.start(1))
    raw = clean(ctx.doc.line(line))
    quote = raw[:raw.find("等情况") + 3] if "等情况" in raw else raw
    for item in m.group(1).split("、"):
        en = next((v for k, v in _ITEM_EN.items() if k in item), "Assessed content")
        add(line, 1, "考核内容", item, "item", en, quote)
    b = ctx.search(st, r"基准分为(\d+)分,考核结果分为([A-Z、]+)三个等级", "base score")
    bl = st.line_at(b.start())
    add(bl, 2, "评分方法", "基准分与等级", "rule",
        f"Graded scoring, base score {b.group(1)}, grades {b.group(2)}", clean(ctx.doc.line(bl)))
    _wage_grades(ctx, st, b.end(), add)
    u = ctx.search(st, r"对市政府根治拖欠农民工工资工作领导小组各成员单位的评价,[^。]*?评价结果不分等级", "member units")
    ul = st.line_at(u.start())
    add(ul, 6, "成员单位评价", "成员单位评价不分等级", "rule",
        "Member units of the leading group are evaluated without grades", clean(ctx.doc.line(ul)))
    _wage_responsibility(ctx, st)


def _wage_grades(ctx: _Ctx, st: _Stream, pos: int, add) -> None:
    """第八条 (一)…(三): each grade's heading and numbered conditions become rule rows."""
    first = st.line_at(pos)
    last = ctx.find(r"^第九条", first, fld="wage article 9")
    group: tuple[int, str] | None = None
    found = set()
    for n in range(first, last):
        s = ctx.norm[n - 1]
        raw = clean(ctx.doc.line(n))            # quoted as written (full-width punctuation kept)
        h = re.match(r"^\(([一二三])\)(.+)$", s)
        if h and "以外的为B级" in s:
            add(n, 5, "B级", re.sub(r"^[(（][一二三][)）]", "", raw).rstrip("。"), "rule", _WAGE_EN[-1][1], raw)
            found.add("B")
        elif h:
            g = re.search(r"为([AC])级", s)
            if not g:
                raise ctx.error(n, "wage grade", f"expected 考核等级为A级 / C级 in {s!r}")
            group = (3 if g.group(1) == "A" else 4, re.sub(r"^[(（][一二三][)）]", "", raw).rstrip(":："))
            found.add(g.group(1))
        elif group and re.match(r"^\d+\.\s*", s):
            text = re.sub(r"^\d+[.．]\s*", "", raw)
            en = next((v for k, v in _WAGE_EN if k in text), "Grade condition")
            add(n, group[0], group[1], text.rstrip("。;；"), "rule", en, raw)
    if found != {"A", "B", "C"}:
        raise ctx.error(first, "wage grades", f"expected rules for grades A, B and C, found {sorted(found)}")


def _wage_responsibility(ctx: _Ctx, st: _Stream) -> None:
    m = re.search(r"由(市政府根治拖欠农民工工资工作领导小组)\(以下简称领导小组\)(负责实施),(领导小组办公室)(具体组织落实)", st.text)
    if not m:
        return
    task, line = ctx.next_task(), st.line_at(m.start())
    subject = "张掖市保障农民工工资支付工作考核"
    _responsibility(ctx, line=line, task_id=task, subject=subject, role=m.group(2), role_en="responsible_body",
                    party_raw=m.group(1), party_type="department")
    _responsibility(ctx, line=line, task_id=task, subject=subject, role=m.group(4), role_en="organising_office",
                    party_raw=m.group(3), party_zh=m.group(1) + "办公室", party_type="department")


# ------------------------------------------------------------------ special-fund rules

def _funds(ctx: _Ctx, start: int, end: int) -> None:
    """第十六条: floors on the share of transfer payments released in advance (%)."""
    year_m = re.search(r"〔(\d{4})〕", "".join(ctx.norm[max(start - 12, 0):start]))
    year = int(year_m.group(1)) if year_m else None
    st = _Stream(ctx.norm, start, end)
    for ind, zh, en, rx in (
        ("general_transfer_advance_share", "提前下达的一般性转移支付预计数的比例",
         "Share of general transfer payments released in advance", r"一般性转移支付预计数的比例一般不低于(\d+)%"),
        ("special_transfer_advance_share", "提前下达的专项转移支付预计数的比例",
         "Share of special transfer payments released in advance", r"专项转移支付预计数的比例一般不低于(\d+)%"),
    ):
        m = ctx.search(st, rx, ind)
        line = st.line_at(m.start(1))
        if year is None:
            raise ctx.error(start, "document number", "no 〔YYYY〕 document number before the fund rules")
        _target(ctx, line=line, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit="%", year=year,
                value=ctx.num(m.group(1), line, ind), raw=m.group(0))


# ------------------------------------------------------------------ livelihood projects (为民实事)

@dataclass(frozen=True)
class _ColSpec:
    """A quota column: header keyword, indicator, labels, fallback unit, optional cell regex."""

    kw: str
    indicator_id: str
    zh: str
    en: str
    unit: str
    cell_rx: str | None = None


_TABLES: list[tuple[str, list[_ColSpec]]] = [  # table title keyword → columns (matched in this order)
    ("养老服务中心", [
        _ColSpec("乡镇综合养老服务中心", "township_elderly_care_centres", "乡镇综合养老服务中心",
                 "Township comprehensive elderly-care centres built", "个"),
        _ColSpec("村级互助幸福院", "village_mutual_aid_homes", "村级互助幸福院", "Village mutual-aid homes built", "个")]),
    ("无障碍改造任务", [
        _ColSpec("改造任务数", "barrier_free_home_retrofits", "困难重度残疾人家庭无障碍改造任务数",
                 "Barrier-free retrofits of homes of severely disabled people", "户"),
        _ColSpec("补助资金", "barrier_free_retrofit_subsidy", "中央彩票公益金补助资金(无障碍改造)",
                 "Central lottery-fund subsidy for barrier-free retrofits", "万元")]),
    ("日间照料", [
        _ColSpec("补助资金", "disability_day_care_subsidy", "残疾人日间照料服务省级示范中心补助资金",
                 "Subsidy for provincial model disability day-care centres", "万元"),
        _ColSpec("面积", "disability_day_care_area", "残疾人日间照料服务中心面积", "Floor area of the day-care centre", "平米"),
        _ColSpec("照料人数", "disability_day_care_places", "残疾人日间照料人数", "People cared for by the day-care centre", "人")]),
    ("两癌", [
        _ColSpec("城镇低收入妇女", "two_cancer_screening_urban", "33—64岁城镇低收入妇女计划检查人数",
                 "Cervical/breast cancer screenings, urban low-income women 33–64", "人"),
        _ColSpec("农村妇女", "two_cancer_screening_rural", "33—64岁农村妇女计划检查人数",
                 "Cervical/breast cancer screenings, rural women 33–64", "人"),
        _ColSpec("人数", "two_cancer_screening_total", "“两癌”免费检查人数", "Cervical/breast cancer screenings, total", "人")]),
    ("水利惠民工程", [
        _ColSpec("具体目标", "small_water_storage_facilities", "小型调蓄设施(蓄水池)", "Small water-storage facilities (ponds)",
                 "座", r"(\d+)座"),
        _ColSpec("项目投资", "water_project_investment", "农村水利惠民工程项目投资", "Rural water project investment", "万元"),
        _ColSpec("中央投资", "water_project_central_investment", "农村水利惠民工程中央投资",
                 "Rural water project central (treasury-bond) investment", "万元"),
        _ColSpec("乡村振兴等资金", "water_project_local_funds", "农村水利惠民工程乡村振兴等资金",
                 "Rural water project rural-revitalisation and other local funds", "万元")]),
    ("避险搬迁", [
        _ColSpec("户数", "hazard_relocation_households", "生态及地质灾害避险搬迁户数",
                 "Households relocated away from ecological and geological hazards", "户")]),
]


@dataclass
class _Quota:
    """One quota column read from a table: per-county values and the stated total (value, line)."""

    spec: _ColSpec
    unit: str
    header: str
    by_county: dict[str, tuple[float, int]] = field(default_factory=dict)
    total: tuple[float, int] | None = None
    raw: dict[str, str] = field(default_factory=dict)     # county id or 'total' → cell as written


def _cells(ctx: _Ctx, n: int) -> list[str]:
    return [clean(to_halfwidth(c)) for c in ctx.doc.line(n).split("\t")]


def _read_quota_table(ctx: _Ctx, first: int, end: int, specs: list[_ColSpec]) -> tuple[dict[str, _Quota], list, list]:
    """A per-county table starting at line ``first``: header line(s), county rows, a 合计 row.

    Returns the quota columns, the raw rows [(line, county id or 'total', cells)] and the header
    text of each column (header lines merged column by column).
    """
    lines = []
    n = first
    while n < end and "\t" in ctx.doc.line(n):
        lines.append((n, _cells(ctx, n)))
        n += 1
    rows, headers = [], []
    for ln, cells in lines:
        head = cells[:2]
        if any(c.startswith("合计") for c in head):
            rows.append((ln, "total", cells))
        elif any(c and (resolve_jurisdiction(c) in WAGE_ASSESSED_UNITS) for c in head):
            rows.append((ln, next(resolve_jurisdiction(c) for c in head if resolve_jurisdiction(c) in WAGE_ASSESSED_UNITS), cells))
        elif rows:
            raise ctx.error(ln, "county", f"row is neither a county nor 合计: {cells[:2]}")
        else:
            headers.append(cells)
    if not headers or not rows:
        raise ctx.error(first, "quota table", "expected header line(s) followed by county rows")
    width = max(len(h) for h in headers)
    merged = ["".join(h[i] for h in headers if i < len(h)) for i in range(width)]
    quotas, taken = {}, set()
    for spec in specs:
        ci = next((i for i, h in enumerate(merged) if spec.kw in h and i not in taken), None)
        if ci is None:
            raise ctx.error(first, spec.kw, f"no column headed {spec.kw!r} in {merged}")
        taken.add(ci)
        units = re.findall(r"\(([^()]+)\)", merged[ci])
        q = _Quota(spec, units[-1] if units else spec.unit, merged[ci])
        for ln, who, cells in rows:
            cell = cells[ci] if ci < len(cells) else ""
            if not cell and who == "total":
                continue                     # no total stated in this column
            q.raw[who] = cell
            if spec.cell_rx:
                m = re.search(spec.cell_rx, cell)
                if not m:
                    raise ctx.error(ln, spec.kw, f"expected {spec.cell_rx!r} in {cell!r}")
                cell = m.group(1)
            v = ctx.num(cell, ln, spec.kw)
            if who == "total":
                q.total = (v, ln)
            else:
                q.by_county[who] = (v, ln)
        quotas[spec.indicator_id] = (q, ci)
    return {k: v[0] for k, v in quotas.items()}, rows, merged


def _emit_quota(ctx: _Ctx, q: _Quota, year: int, subject: str) -> None:
    """Targets per county and for the city (合计), and the 合计 against the sum of the counties."""
    s = q.spec
    for jid, (v, ln) in q.by_county.items():
        _target(ctx, line=ln, jid=jid, indicator_id=s.indicator_id, zh=s.zh, en=s.en, unit=q.unit, year=year,
                value=v, raw=q.raw.get(jid, _fmt(v)))
    if q.total:
        v, ln = q.total
        _target(ctx, line=ln, jid="zhangye", indicator_id=s.indicator_id, zh=s.zh, en=s.en, unit=q.unit, year=year,
                value=v, raw=f"合计 {q.raw.get('total', _fmt(v))}")
        _check_sum(ctx, stated=v, line=ln, parts=list(q.by_county.values()), subject=f"{subject}: {q.header}",
                   unit=q.unit, what=f"合计 row of {s.zh} ({s.en})")


def _livelihood(ctx: _Ctx, start: int, end: int) -> None:
    """The nine livelihood projects: quotas, totals checked, responsibility blocks."""
    ym = re.search(r"落实(\d{4})年", ctx.norm[start - 1])
    if ym is None:
        raise ctx.error(start, "year", "the notice title gives no year (落实YYYY年…为民实事)")
    year = int(ym.group(1))
    heads = [n for n in range(start + 1, end) if _is_plan_heading(ctx.norm[n - 1])]
    if not heads:
        raise ctx.error(start, "plans", "no 实施方案 headings after the notice")
    _livelihood_counts(ctx, _Stream(ctx.norm, start, heads[0]), heads)
    for i, h in enumerate(heads):
        e = heads[i + 1] if i + 1 < len(heads) else end
        title = squeeze(ctx.norm[h - 1])
        st = _Stream(ctx.norm, h, e)
        tables = _plan_tables(ctx, h, e)
        for kw, handler in _PLAN_HANDLERS:
            if kw in title:
                handler(ctx, st, tables, year, title)
                break
        _plan_responsibilities(ctx, h, e, title)


def _is_plan_heading(s: str) -> bool:
    return (s.endswith("实施方案") and len(s) <= 60 and not re.search(r"[。,;《》]", s)
            and not s.startswith(("附件", "(", "一", "二")))


def _livelihood_counts(ctx: _Ctx, notice: _Stream, heads: list[int]) -> None:
    """'涉及我市9件' against the plans listed in the notice and the plans that follow."""
    m = re.search(r"涉及我市(\d+)件", notice.text)
    if not m:
        return
    line = notice.line_at(m.start(1))
    stated = ctx.num(m.group(1), line, "count")
    listed = re.findall(r"《([^《》]+?实施方案)》", notice.text)
    for what, n in (("plans listed in the notice", len(listed)), ("实施方案 that follow", len(heads))):
        if n != stated:
            ctx.res.finding(ctx.doc, line, "count_mismatch", "为民实事",
                            f"Line {line} says {_fmt(stated)} livelihood projects concern the city, but there are "
                            f"{n} {what}.", stated=stated, computed=float(n), unit="件")


def _plan_tables(ctx: _Ctx, first: int, end: int) -> dict[str, tuple[dict[str, _Quota], list, list, int]]:
    """Quota tables of a plan, keyed by the table-spec keyword found in the table's title."""
    out = {}
    n = first
    while n < end:
        if "\t" in ctx.doc.line(n):
            title_line = next((k for k in range(n - 1, first - 1, -1) if ctx.norm[k - 1]), n)
            title = squeeze(ctx.norm[title_line - 1])
            spec = next(((kw, cols) for kw, cols in _TABLES if kw in title), None)
            if spec is None:
                raise ctx.error(n, "table", f"unexpected table titled {title!r}")
            out[spec[0]] = (*_read_quota_table(ctx, n, end, spec[1]), title_line)
            while n < end and "\t" in ctx.doc.line(n):
                n += 1
        n += 1
    return out


def _need(ctx: _Ctx, tables: dict, kw: str, line: int) -> tuple[dict[str, _Quota], list, list, int]:
    if kw not in tables:
        raise ctx.error(line, "table", f"expected the {kw} table of this plan")
    return tables[kw]


def _prose_counties(ctx: _Ctx, st: _Stream, text_pos: int, text: str, unit_rx: str) -> dict[str, tuple[float, int]]:
    """'临泽县45户、高台县283户' → {jid: (value, line)}."""
    out = {}
    for m in re.finditer(r"([\u4e00-\u9fff]+?[县区])\s*([\d.]+)\s*" + unit_rx, text):
        line = st.line_at(text_pos + m.start(2))
        out[_jid(ctx, m.group(1), line)] = (ctx.num(m.group(2), line, "county quota"), line)
    return out


def _compare_counties(ctx: _Ctx, prose: dict, q: _Quota, subject: str) -> None:
    for jid, (v, ln) in prose.items():
        if jid in q.by_county:
            tv, tl = q.by_county[jid]
            _check_equal(ctx, stated=v, line=ln, other=tv, other_line=tl, subject=subject, unit=q.unit,
                         what=f"{subject} for {jid} (text vs table)", jid=jid)
        else:
            ctx.res.finding(ctx.doc, ln, "other", subject,
                            f"{subject}: the text on line {ln} gives {jid} {_fmt(v)} {q.unit}, but the table has no row for it.",
                            stated=v, unit=q.unit, jurisdiction_id=jid)


def _plan_school(ctx: _Ctx, st: _Stream, tables, year: int, title: str) -> None:
    for ind, zh, en, unit, rx, g in (
        ("county_high_school_revitalisation", "实施县中振兴工程的县", "Counties running the county high-school revitalisation",
         "个", r"在([^。]*?)(\d+)个县实施县中振兴工程", 2),
        ("rural_teacher_dormitories", "农村义务教育学校新建教师周转宿舍", "New rural teacher turnover dormitories", "套",
         r"(\d+)个县农村义务教育学校新建教师周转宿舍(\d+)套", 2),
    ):
        m = ctx.search(st, rx, ind)
        line = st.line_at(m.start(g))
        _target(ctx, line=line, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit=unit, year=year,
                value=ctx.num(m.group(g), line, ind), raw=m.group(0))


def _plan_employment(ctx: _Ctx, st: _Stream, tables, year: int, title: str) -> None:
    m = ctx.search(st, r"全市实现城镇新增就业\s*([\d.]+)\s*万人,其中,([^。]+)。", "new urban employment")
    line = st.line_at(m.start(1))
    total = round(ctx.num(m.group(1), line, "new employment") * 10000, 6)   # 万人 → 人
    zh, en = "城镇新增就业", "New urban jobs"
    _target(ctx, line=line, jid="zhangye", indicator_id="new_urban_employment", zh=zh, en=en, unit="人", year=year,
            value=total, raw=f"城镇新增就业 {m.group(1)} 万人")
    counties = _prose_counties(ctx, st, m.start(2), m.group(2), "人")
    if not counties:
        raise ctx.error(line, "county quota", "no per-county quotas after 其中")
    for jid, (v, ln) in counties.items():
        _target(ctx, line=ln, jid=jid, indicator_id="new_urban_employment", zh=zh, en=en, unit="人", year=year,
                value=v, raw=f"{_fmt(v)} 人")
    _check_sum(ctx, stated=total, line=line, parts=list(counties.values()), subject="城镇新增就业", unit="人",
               what="New urban jobs, city total vs the counties")


def _plan_elderly(ctx: _Ctx, st: _Stream, tables, year: int, title: str) -> None:
    quotas, rows, header, tl = _need(ctx, tables, "养老服务中心", st.first)
    for q in quotas.values():
        _emit_quota(ctx, q, year, title)
    m = ctx.search(st, r"建设(\d+)个乡镇综合养老服务中心和(\d+)个村级互助幸福院", "elderly totals")
    for g, ind in ((1, "township_elderly_care_centres"), (2, "village_mutual_aid_homes")):
        line = st.line_at(m.start(g))
        q = quotas[ind]
        _check_sum(ctx, stated=ctx.num(m.group(g), line, ind), line=line, parts=list(q.by_county.values()),
                   subject=q.spec.zh, unit=q.unit, what=f"{q.spec.zh} in the objectives vs the task table")
    # subsidy per facility shared by province : city : county
    for fm in re.finditer(r"每个补助([\d.]+)万元,按照([\d:]+)的比例进行分担。省级财政每个补助([\d.]+)万元,"
                          r"市级财政每个补助([\d.]+)万元,县区财政每个补助([\d.]+)万元", st.text):
        line = st.line_at(fm.start(1))
        shares = [(ctx.num(fm.group(k), st.line_at(fm.start(k)), "share"), st.line_at(fm.start(k))) for k in (3, 4, 5)]
        _check_sum(ctx, stated=ctx.num(fm.group(1), line, "subsidy"), line=line, parts=shares,
                   subject="每个补助", unit="万元", what="Subsidy per facility vs provincial + city + county shares",
                   kind="subtotal_mismatch")
        ratio = [float(x) for x in fm.group(2).split(":") if x]
        if len(ratio) == 3 and sum(ratio) and any(
                abs(s / sum(v for v, _ in shares) - r / sum(ratio)) > 1e-6 for (s, _), r in zip(shares, ratio)):
            ctx.res.finding(ctx.doc, line, "other", "分担比例",
                            f"Line {line}: the shares {'/'.join(_fmt(s) for s, _ in shares)} 万元 do not follow the "
                            f"stated ratio {fm.group(2)}.")


def _plan_disability(ctx: _Ctx, st: _Stream, tables, year: int, title: str) -> None:
    quotas, rows, header, tl = _need(ctx, tables, "无障碍改造任务", st.first)
    for q in quotas.values():
        _emit_quota(ctx, q, year, "困难重度残疾人家庭无障碍改造")
    hh, sub = quotas["barrier_free_home_retrofits"], quotas["barrier_free_retrofit_subsidy"]
    m = ctx.search(st, r"全市完成(\d+)户重度残疾人家庭无障碍改造", "retrofit households")
    line = st.line_at(m.start(1))
    _check_sum(ctx, stated=ctx.num(m.group(1), line, "households"), line=line, parts=list(hh.by_county.values()),
               subject=hh.spec.zh, unit="户", what="Barrier-free retrofits in the objectives vs the task table")
    f = ctx.search(st, r"补助([\d.]+)万元。全市(\d+)户重度残疾人家庭无障碍改造、户均补贴资金(\d+)元", "retrofit funds")
    fl = st.line_at(f.start(1))
    funds = ctx.num(f.group(1), fl, "funds")
    rate = ctx.num(f.group(3), fl, "rate") / 10000        # 元 → 万元 per household
    _check_sum(ctx, stated=funds, line=fl, parts=list(sub.by_county.values()), subject=sub.spec.zh, unit="万元",
               what="Lottery-fund subsidy in the text vs the task table")
    households = ctx.num(f.group(2), fl, "households")
    _check_sum(ctx, stated=households, line=fl, parts=list(hh.by_county.values()), subject=hh.spec.zh, unit="户",
               what="Households in the funding paragraph vs the task table")
    if abs(households * rate - funds) > 1e-6:
        ctx.res.finding(ctx.doc, fl, "other", "户均补贴资金",
                        f"Line {fl}: {_fmt(households)} households × {f.group(3)} 元 = {_fmt(households * rate)} 万元, "
                        f"but the subsidy stated is {_fmt(funds)} 万元.",
                        stated=funds, computed=round(households * rate, 6), unit="万元")
    for jid, (v, ln) in hh.by_county.items():
        if jid in sub.by_county:
            _check_equal(ctx, stated=sub.by_county[jid][0], line=ln, other=round(v * rate, 6), other_line=fl,
                         subject="户均补贴资金", unit="万元", jid=jid,
                         what=f"{jid}: subsidy vs households × {_fmt(rate * 10000)} 元")
    _plan_day_care(ctx, st, tables, year)


def _plan_day_care(ctx: _Ctx, st: _Stream, tables, year: int) -> None:
    quotas, rows, header, tl = _need(ctx, tables, "日间照料", st.first)
    for q in quotas.values():
        _emit_quota(ctx, q, year, "残疾人日间照料服务省级示范中心")
    sub = quotas["disability_day_care_subsidy"]
    c = ctx.search(st, r"筛选(\d+)个\(", "day-care centres")
    cl = st.line_at(c.start(1))
    n = ctx.num(c.group(1), cl, "centres")
    _target(ctx, line=cl, jid="zhangye", indicator_id="disability_day_care_centres",
            zh="残疾人日间照料服务省级示范中心", en="Disability day-care centres upgraded to provincial model", unit="个",
            year=year, value=n, raw=c.group(0).rstrip("("))
    if n != len(rows):
        ctx.res.finding(ctx.doc, cl, "count_mismatch", "残疾人日间照料服务省级示范中心",
                        f"Line {cl} selects {_fmt(n)} centres but the task table (line {tl}) lists {len(rows)}.",
                        stated=n, computed=float(len(rows)), unit="个")
    f = ctx.search(st, r"省级财政下达资金([\d.]+)万元,([^。]*?)各补助([\d.]+)万元", "day-care funds")
    fl = st.line_at(f.start(1))
    total = ctx.num(f.group(1), fl, "funds")
    _target(ctx, line=fl, jid="zhangye", indicator_id=sub.spec.indicator_id, zh=sub.spec.zh, en=sub.spec.en,
            unit="万元", year=year, value=total, raw=f.group(0))
    _check_sum(ctx, stated=total, line=fl, parts=list(sub.by_county.values()), subject=sub.spec.zh, unit="万元",
               what="Provincial day-care funds vs the task table")
    each = ctx.num(f.group(3), fl, "each")
    for name in re.split(r"、", f.group(2)):
        jid = _jid(ctx, name, fl)
        if jid in sub.by_county:
            _check_equal(ctx, stated=each, line=fl, other=sub.by_county[jid][0], other_line=sub.by_county[jid][1],
                         subject=sub.spec.zh, unit="万元", jid=jid, what=f"Day-care subsidy for {jid} (text vs table)")


def _plan_cancer(ctx: _Ctx, st: _Stream, tables, year: int, title: str) -> None:
    quotas, rows, header, tl = _need(ctx, tables, "两癌", st.first)
    for q in quotas.values():
        _emit_quota(ctx, q, year, "妇女“两癌”免费检查")
    u, r, t = (quotas[k] for k in ("two_cancer_screening_urban", "two_cancer_screening_rural", "two_cancer_screening_total"))
    for jid, (v, ln) in t.by_county.items():
        parts = [x for x in (u.by_county.get(jid), r.by_county.get(jid)) if x]
        _check_sum(ctx, stated=v, line=ln, parts=parts, subject="妇女“两癌”免费检查人数", unit="人", jid=jid,
                   kind="subtotal_mismatch", what=f"{jid}: total screenings vs urban + rural")


def _plan_water(ctx: _Ctx, st: _Stream, tables, year: int, title: str) -> None:
    quotas, rows, header, tl = _need(ctx, tables, "水利惠民工程", st.first)
    for q in quotas.values():
        _emit_quota(ctx, q, year, "农村水利惠民工程")
    inv, cen, loc, fac = (quotas[k] for k in ("water_project_investment", "water_project_central_investment",
                                               "water_project_local_funds", "small_water_storage_facilities"))
    for who, (v, ln) in list(inv.by_county.items()) + ([("total", inv.total)] if inv.total else []):
        src = cen.by_county if who != "total" else {"total": cen.total}
        oth = loc.by_county if who != "total" else {"total": loc.total}
        parts = [x for x in (src.get(who), oth.get(who)) if x]
        _check_sum(ctx, stated=v, line=ln, parts=parts, subject="项目投资", unit="万元", kind="subtotal_mismatch",
                   jid=None if who == "total" else who, what="Project investment vs central + local funds")
    _water_quarters(ctx, rows, header, inv)
    m = ctx.search(st, r"年度总投资([\d.]+)万元,其中计划争取国债投资([\d.]+)万元,[^。]*?解决([\d.]+)万元", "water funds")
    vals = [(ctx.num(m.group(k), st.line_at(m.start(k)), "funds"), st.line_at(m.start(k))) for k in (1, 2, 3)]
    _check_sum(ctx, stated=vals[0][0], line=vals[0][1], parts=vals[1:], subject="农村水利惠民工程年度总投资",
               unit="万元", kind="subtotal_mismatch", what="Total investment vs treasury bonds + local funds")
    for (v, ln), q in zip(vals, (inv, cen, loc)):
        if q.total:
            _check_equal(ctx, stated=v, line=ln, other=q.total[0], other_line=q.total[1], subject=q.spec.zh,
                         unit="万元", what=f"{q.spec.zh} (text vs table)")
    c = ctx.search(st, r"做好(\d+)座小微型调蓄设施项目[^。]*?,其中([^。]+)。", "facility count")
    cl = st.line_at(c.start(1))
    n = ctx.num(c.group(1), cl, "facilities")
    _target(ctx, line=cl, jid="zhangye", indicator_id=fac.spec.indicator_id, zh=fac.spec.zh, en=fac.spec.en,
            unit="座", year=year, value=n, raw=c.group(0))
    per = _prose_counties(ctx, st, c.start(2), c.group(2), "座")
    _check_sum(ctx, stated=n, line=cl, parts=list(per.values()), subject=fac.spec.zh, unit="座",
               what="Small storage facilities, total vs counties in the text")
    _check_sum(ctx, stated=n, line=cl, parts=list(fac.by_county.values()), subject=fac.spec.zh, unit="座",
               what="Small storage facilities in the text vs the plan table")
    _compare_counties(ctx, per, fac, fac.spec.zh)
    d = re.search(r"完成投资([\d.]+)万元\(([^()]*(?:\([^()]*\)[^()]*)*)\)", st.text)
    if d:
        dl = st.line_at(d.start(1))
        per_inv = {}
        for pm in re.finditer(r"([\u4e00-\u9fff]+?县)[^;]*?完成投资([\d.]+)万元", d.group(2)):
            ln = st.line_at(d.start(2) + pm.start(2))
            per_inv[_jid(ctx, pm.group(1), ln)] = (ctx.num(pm.group(2), ln, "investment"), ln)
        _check_sum(ctx, stated=ctx.num(d.group(1), dl, "investment"), line=dl, parts=list(per_inv.values()),
                   subject=inv.spec.zh, unit="万元", what="Investment due by the deadline vs the counties' amounts")
        _compare_counties(ctx, per_inv, inv, inv.spec.zh)


def _water_quarters(ctx: _Ctx, rows: list, header: list[str], inv: _Quota) -> None:
    """Each project's quarterly '完成投资X万元' add up to its investment; the 合计 row's quarters to the rows'."""
    header_q = [i for i in range(20) if any(i < len(c) and "完成投资" in c[i] for _, w, c in rows if w != "total")]
    totals = next((c for _, w, c in rows if w == "total"), None)
    for ci in header_q:
        parts = []
        for ln, who, cells in rows:
            if who == "total" or ci >= len(cells):
                continue
            m = re.search(r"完成投资([\d.]+)万元", cells[ci])
            if m:
                parts.append((ctx.num(m.group(1), ln, "quarter investment"), ln))
        if totals and ci < len(totals) and totals[ci]:
            tl = next(ln for ln, w, _ in rows if w == "total")
            _check_sum(ctx, stated=ctx.num(totals[ci], tl, "quarter total"), line=tl, parts=parts,
                       subject="季度完成投资", unit="万元",
                       what=f"Investment in column '{header[ci] if ci < len(header) else ci + 1}' of the plan table")
    for ln, who, cells in rows:
        if who == "total" or who not in inv.by_county:
            continue
        amounts = [(ctx.num(m.group(1), ln, "quarter investment"), ln)
                   for c in cells for m in re.finditer(r"完成投资([\d.]+)万元", c)]
        _check_sum(ctx, stated=inv.by_county[who][0], line=ln, parts=amounts, subject="季度完成投资", unit="万元",
                   kind="subtotal_mismatch", jid=who, what=f"{who}: project investment vs its quarterly amounts")


def _plan_relocation(ctx: _Ctx, st: _Stream, tables, year: int, title: str) -> None:
    quotas, rows, header, tl = _need(ctx, tables, "避险搬迁", st.first)
    q = quotas["hazard_relocation_households"]
    _emit_quota(ctx, q, year, "生态及地质灾害避险搬迁")
    m = ctx.search(st, r"全市\d{4}年计划搬迁(\d+)户,[^。]*?按县区分:([^。]+)。", "relocation")
    line = st.line_at(m.start(1))
    stated = ctx.num(m.group(1), line, "households")
    per = _prose_counties(ctx, st, m.start(2), m.group(2), "户")
    _check_sum(ctx, stated=stated, line=line, parts=list(per.values()), subject=q.spec.zh, unit="户",
               what="Relocation households, total vs counties in the text")
    if q.total:
        _check_equal(ctx, stated=stated, line=line, other=q.total[0], other_line=q.total[1], subject=q.spec.zh,
                     unit="户", what="Relocation total (text vs table)")
    _compare_counties(ctx, per, q, q.spec.zh)


def _plan_none(ctx: _Ctx, st: _Stream, tables, year: int, title: str) -> None:
    """Plans with per-person rates but no quota (student aid, cataract surgery)."""


_PLAN_HANDLERS = [
    ("强县中", _plan_school), ("新增就业", _plan_employment), ("养老服务中心", _plan_elderly),
    ("无障碍改造", _plan_disability), ("两癌", _plan_cancer), ("水利惠民", _plan_water),
    ("避险搬迁", _plan_relocation), ("资助", _plan_none), ("白内障", _plan_none),
]

_ROLES = {  # role as written → (English, party type)
    "市级责任领导": ("city_leader", "person"), "部门责任领导": ("department_leader", "person"),
    "部门牵头领导": ("department_leader", "person"), "牵头单位": ("lead_department", "department"),
    "配合单位": ("cooperating_department", "department"), "实施主体": ("implementing_body", "department"),
    "实施单位": ("implementing_body", "department"), "责任主体": ("responsible_body", "department"),
}
_ROLE_RX = re.compile(r"^(" + "|".join(_ROLES) + r")[:：]\s*(.*)$")
_HEADING_RX = re.compile(r"^([一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d+[.、]|附件)")


def _plan_responsibilities(ctx: _Ctx, first: int, end: int, title: str) -> None:
    """责任主体 blocks: one task per block (a plan with two sub-projects has two blocks).

    A value wrapped onto the next line ('市委常委、' / '常务副市长') is joined; a second leader on
    a line of its own ('刘永君 市农业农村局局长' under 部门牵头领导) is a second entry.
    """
    entries: list[list] = []   # [role, value, line, block]
    block, prev = 0, None      # prev: index of the entry a short following line may continue
    for n in range(first, end):
        s = ctx.norm[n - 1]
        m = _ROLE_RX.match(s)
        if m:
            if m.group(1) == "市级责任领导" or not entries:
                block += 1
            entries.append([m.group(1), m.group(2), n, block])
            prev = len(entries) - 1
        elif not s:
            continue
        elif prev is not None and not _HEADING_RX.match(s) and "。" not in s and len(s) <= 30:
            role, value, _, b = entries[prev]
            if value.endswith("、"):
                entries[prev][1] = value + s
            elif _ROLES[role][1] == "department":
                entries[prev][1] = value + "、" + s
            else:
                entries.append([role, s, n, b])
                prev = len(entries) - 1
        else:
            prev = None
    _emit_blocks(ctx, first, title, entries)


def _emit_blocks(ctx: _Ctx, first: int, title: str, entries: list[list]) -> None:
    blocks = sorted({e[3] for e in entries})
    for b in blocks:
        rows = [e for e in entries if e[3] == b]
        subject = title if len(blocks) == 1 else _sub_project(ctx, first, rows[0][2], title)
        task = ctx.next_task()
        for role, value, line, _ in rows:
            role_en, ptype = _ROLES[role]
            if ptype == "person":
                parts = value.split(" ", 1)
                name, ttl = parts[0], (parts[1].strip() if len(parts) > 1 else None)
                _responsibility(ctx, line=line, task_id=task, subject=subject, role=role, role_en=role_en,
                                party_raw=name, party_type="person", title=ttl)
            else:
                for unit in _split_units(value):
                    _responsibility(ctx, line=line, task_id=task, subject=subject, role=role, role_en=role_en,
                                    party_raw=unit, party_type="department")


def _sub_project(ctx: _Ctx, first: int, line: int, title: str) -> str:
    """Nearest 'N、…' heading above a block (the sub-project of a two-part plan)."""
    for n in range(line - 1, first - 1, -1):
        m = re.match(r"^[一二三四五六七八九十]+、\s*(.+)$", ctx.norm[n - 1])
        if m:
            return m.group(1)
    return title


# ------------------------------------------------------------------ chronicle

_TITLE_BEFORE = r"(市委副书记、市长|市委常委、常务副市长|市委副书记|市政府副市长|市政府秘书长|市委书记|副市长|市长|秘书长)"


def _chronicle(ctx: _Ctx, start: int, end: int) -> None:
    """The 2024 major-project plan (targets), the 29 Feb start-up (observations), leaders' titles."""
    st = _Stream(ctx.norm, start, end)
    m = re.search(r"(\d{4})年,全市实施省市列重大项目(\d+)项、总投资([\d.]+)亿元,本次我市集中开工重大产业项目(\d+)个,总投资([\d.]+)亿元",
                  st.text)
    if m:
        year = int(m.group(1))
        for g, ind, zh, en, unit in ((2, "major_projects", "省市列重大项目", "Provincial and city-listed major projects", "项"),
                                     (3, "major_projects_investment", "省市列重大项目总投资",
                                      "Total investment of listed major projects", "亿元")):
            ln = st.line_at(m.start(g))
            _target(ctx, line=ln, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit=unit, year=year,
                    value=ctx.num(m.group(g), ln, ind), raw=f"{year}年,全市实施省市列重大项目{m.group(2)}项、总投资{m.group(3)}亿元")
        for g, ind, zh, en, unit in ((4, "major_projects_started_0229", "2月29日集中开工重大产业项目",
                                      "Major industrial projects started together on 29 Feb", "个"),
                                     (5, "major_projects_started_0229_investment", "2月29日集中开工重大产业项目总投资",
                                      "Investment of the projects started on 29 Feb", "亿元")):
            ln = st.line_at(m.start(g))
            _observation(ctx, line=ln, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit=unit, year=year,
                         value=ctx.num(m.group(g), ln, ind), raw=f"本次我市集中开工重大产业项目{m.group(4)}个,总投资{m.group(5)}亿元")
    names = sorted({p[0] for p in ctx.persons})
    for n in range(start, end):
        s = ctx.norm[n - 1]
        for name in names:
            for tm in re.finditer(_TITLE_BEFORE + re.escape(name), s):
                ctx.persons.append((name, tm.group(1), n))


def _people(ctx: _Ctx) -> None:
    """A person given two different titles in the issue (e.g. 副市长 here, 市委副书记 there)."""
    by: dict[str, list[tuple[str, int]]] = {}
    for name, title, line in ctx.persons:
        by.setdefault(name, []).append((title, line))

    def norm(t: str) -> str:
        return t.removeprefix("市政府")

    for name, seen in by.items():
        first_t = norm(seen[0][0])
        odd = [(t, ln) for t, ln in seen if norm(t) not in first_t and first_t not in norm(t)]
        if odd:
            same = sorted({ln for t, ln in seen if (t, ln) not in odd})
            ctx.res.finding(ctx.doc, odd[0][1], "person_two_titles", name,
                            f"{name} is {seen[0][0]} on line(s) {', '.join(map(str, same))} but {odd[0][0]} on "
                            f"line(s) {', '.join(str(ln) for _, ln in odd)}.")


# ------------------------------------------------------------------ OCR debris

_OCR = [  # (regex on the raw line, what it should read, why)
    (r"[\u4e00-\u9fff]\s+and\s+[\u4e00-\u9fff]", "和", "the English word 'and' inside Chinese text"),
    (r"充分专虑", "充分考虑", "专虑 is not a word; 考虑 (consider) is meant"),
    (r"循环经产业园", "循环经济产业园", "经 without 济: 循环经济产业园 (circular-economy park) is meant"),
    (r"张掖玉米种子3—6月百家谈", "张掖玉米种子百家谈",
     "a date fragment inside the event name, which the plan text calls “张掖玉米种子百家谈”"),
    (r"\d{4}年\d{1,2}底", "…月底", "月 missing in a date ('12底' for '12月底')"),
]


def _ocr(ctx: _Ctx) -> None:
    for rx, right, why in _OCR:
        r = re.compile(rx)
        for n, raw in enumerate(ctx.doc.lines, 1):
            m = r.search(raw)
            if m:
                ctx.res.finding(ctx.doc, n, "ocr_error", m.group(0),
                                f"Line {n} reads '{m.group(0)}': {why}; it should read '{right}'.")


# ------------------------------------------------------------------ finishing

def _link_baselines(ctx: _Ctx) -> None:
    """Give each target the 2023 observation of its indicator as baseline; flag targets below it."""
    obs = {(o["jurisdiction_id"], o["indicator_id"]): o for o in ctx.res.observations}
    for t in ctx.res.targets:
        o = obs.get((t["jurisdiction_id"], t["indicator_id"]))
        if o is None or o["year"] >= t["target_year"] or o["unit"] != t["unit"]:
            continue
        t["base_value"], t["base_value_year"] = o["value"], o["year"]
        v = t["target_value"]
        if v is not None and t["comparator"] in (">=", ">", "=") and t["higher_is_better"] and v < o["value"]:
            ctx.res.finding(ctx.doc, t["line"], "target_below_baseline", t["indicator_zh"],
                            f"The {t['target_year']} target for {t['indicator_en']} on line {t['line']} "
                            f"({_fmt(v)} {t['unit']}) is below its {o['year']} level on line {o['line']} "
                            f"({_fmt(o['value'])} {o['unit']}).",
                            stated=v, computed=o["value"], unit=t["unit"], jurisdiction_id=t["jurisdiction_id"])


def _unique_ids(ctx: _Ctx) -> None:
    """A target id repeated (the same indicator stated twice) gets a suffix '.2', '.3' …;
    an observation series observed twice for one year cannot be told apart and is an error."""
    seen: dict[str, int] = {}
    for t in ctx.res.targets:
        k = t["target_id"]
        seen[k] = seen.get(k, 0) + 1
        if seen[k] > 1:
            t["target_id"] = f"{k}.{seen[k]}"
    keys: set[tuple] = set()
    for o in ctx.res.observations:
        key = (o["series_id"], o["year"], o["kind"])
        if key in keys:
            raise ctx.error(o["line"], o["indicator_id"], "the same series is observed twice for one year")
        keys.add(key)


def parse(doc: Document) -> ParseResult:
    """Parse document 004 (the gazette issue) into targets, observations, frameworks,
    responsibilities and findings. Raises :class:`ParseError` when a part cannot be found or read."""
    ctx = _Ctx(doc, [clean(to_halfwidth(x)) for x in doc.lines])
    if not doc.lines:
        raise ctx.error(None, "layout", "the document is empty")
    sec = _sections(ctx)
    _brand_plan(ctx, *sec["brand"])
    _wage(ctx, *sec["wage"])
    _funds(ctx, *sec["funds"])
    _livelihood(ctx, *sec["livelihood"])
    _chronicle(ctx, *sec["chronicle"])
    _people(ctx)
    _ocr(ctx)
    _link_baselines(ctx)
    _unique_ids(ctx)
    return ctx.res
