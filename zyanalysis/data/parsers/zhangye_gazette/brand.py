"""张掖市农业品牌发展规划: 2023 baselines, 2027/2030 targets, task tables 表2–表5 and the
numbered tasks' 牵头 units."""
from __future__ import annotations

import re

from ..base import ParseError, clean, fmt, to_halfwidth
from .common import Ctx, Stream, observation, responsibility, split_units, target


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


def brand_plan(ctx: Ctx, start: int, end: int) -> None:
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
    base = Stream(ctx.norm, base_a, base_b)
    _brand_baselines(ctx, base)
    _brand_counted_lists(ctx, base, Stream(ctx.norm, goal_a, tasks_a))
    _brand_goals(ctx, Stream(ctx.norm, goal_a, tasks_a))
    _brand_projects(ctx, Stream(ctx.norm, tasks_a, actions_a), first_year, last_year)
    _brand_actions(ctx, Stream(ctx.norm, actions_a, guard_a))
    _brand_lead_units(ctx, tasks_a, guard_a)
    _brand_task_tables(ctx, actions_a, guard_a, first_year, last_year)
    _brand_annex(ctx, guard_a, end)


def _brand_baselines(ctx: Ctx, st: Stream) -> None:
    for anchor, specs in _BASELINES:
        a = ctx.search(st, anchor, "baseline year")
        year = int(a.group(1))
        for ind, zh, en, unit, rx, g in specs:
            m = ctx.search(st, rx, ind, a.start())
            line = st.line_at(m.start(g))
            observation(ctx, line=line, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit=unit, year=year,
                         value=ctx.num(m.group(g), line, ind), raw=m.group(0))


def _count_check(ctx: Ctx, st: Stream, rx: str, subject: str, what: str) -> None:
    """A list written out in the text followed by its stated count ('A、B、C 3个')."""
    m = re.search(rx, st.text)
    if not m:
        return
    items = [x for x in re.split(r"[、,]", m.group(1)) if x.strip()]
    line = st.line_at(m.start(2))
    stated = ctx.num(m.group(2), line, "count")
    if len(items) != stated:
        ctx.res.finding(ctx.doc, line, "count_mismatch", subject,
                        f"{what}: line {line} says {fmt(stated)} but lists {len(items)} ({'、'.join(items)}).",
                        stated=stated, computed=float(len(items)), unit="个")


def _brand_counted_lists(ctx: Ctx, base: Stream, goals: Stream) -> None:
    _count_check(ctx, base, r"。([^。]+?)(\d+)个农产品获得农产品地理标志登记证书", "农产品地理标志登记证书",
                 "Products with geographical-indication certificates")
    _count_check(ctx, goals, r";([^;\[]+?)(\d+)个市级特色主导产业区域公用品牌", "市级特色主导产业区域公用品牌",
                 "City-level regional public brands")
    _count_check(ctx, goals, r"首批重点推介([^。]+?)等(\d+)个企业品牌", "首批重点推介企业品牌",
                 "First batch of promoted enterprise brands")


def _brand_goals(ctx: Ctx, st: Stream) -> None:
    """The 2027 numeric goals and the qualitative 2030 goal of (三)主要目标."""
    m27 = ctx.search(st, r"到(\d{4})年,初步形成", "goal year")
    year = int(m27.group(1))
    for ind, zh, en, rx, comp in _GOALS:
        m = ctx.search(st, rx, ind, m27.start())
        line = st.line_at(m.start(1))
        target(ctx, line=line, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit="个", year=year,
                value=ctx.num(m.group(1), line, ind), raw=m.group(0).lstrip("["), comparator=comp,
                aspirational="力争" in st.sentence(m.start(1)))
    m30 = ctx.search(st, r"到(\d{4})年,(农业品牌建设[^。]*。)", "2030 goal", m27.end())
    line = st.line_at(m30.start())
    target(ctx, line=line, jid="zhangye", indicator_id="brand_system", zh="农业品牌建设促进机制和支持保障体系",
            en="Agricultural brand system (qualitative goal)", unit="-", year=int(m30.group(1)), value=None,
            raw=m30.group(2), comparator="qualitative")


def _brand_projects(ctx: Ctx, st: Stream, first_year: int, last_year: int) -> None:
    """Goals of the key projects (重点工程) and talent tasks in 三、主要任务."""
    m = ctx.search(st, r"力争利用(\d+)年时间,实现[^。]*?培训全覆盖", "training coverage")
    years = int(ctx.num(m.group(1), st.line_at(m.start(1)), "years"))
    due = first_year + years - 1          # four years from 2024: 2024–2027 (重点工程一 says so too)
    line = st.line_at(m.start())
    target(ctx, line=line, jid="zhangye", indicator_id="brand_training_coverage",
            zh="农业品牌管理人员、区域公用品牌持有主体和核心授权企业负责人培训覆盖率",
            en="Training coverage of brand managers, brand holders and core licensed firms", unit="%",
            year=due, value=100.0, raw=m.group(0), aspirational=True)
    m2 = ctx.search(st, r"每个区域公用品牌培育(\d+)—(\d+)名品牌电商带头人", "e-commerce leaders", m.start())
    line = st.line_at(m2.start(1))
    target(ctx, line=line, jid="zhangye", indicator_id="ecommerce_leaders_per_brand",
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
        target(ctx, line=line, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit=unit, year=last_year,
                value=ctx.num(mm.group(1), line, ind), raw=mm.group(0), comparator=comp,
                aspirational="力争" in st.sentence(mm.start()))


def _brand_actions(ctx: Ctx, st: Stream) -> None:
    """Goals of 四、重点品牌培育行动 (action period 2024—2030)."""
    p = ctx.search(st, r"(\d{4})—(\d{4})年,聚焦", "action period")
    end_year = int(p.group(2))
    m = ctx.search(st, r"培育(\d+)个以上具有核心竞争力的“头部”企业品牌", "head enterprise brands")
    line = st.line_at(m.start(1))
    target(ctx, line=line, jid="zhangye", indicator_id="maize_seed_head_enterprise_brands",
            zh="具有核心竞争力的“头部”企业品牌(张掖玉米种子)", en="Leading maize-seed enterprise brands",
            unit="个", year=end_year, value=ctx.num(m.group(1), line, "head brands"), raw=m.group(0))
    c = ctx.search(st, r"到(\d{4})年,通过加强“张掖肉牛/张掖乳制品”.{0,80}?(将“张掖肉牛”和“张掖乳制品”品牌建设成为全国著名区域公共品牌)",
                   "cattle brand goal")
    target(ctx, line=st.line_at(c.start(2)), jid="zhangye", indicator_id="cattle_dairy_national_brand",
            zh="“张掖肉牛”“张掖乳制品”建成全国著名区域公共品牌",
            en="Zhangye beef and dairy become nationally known regional brands (qualitative)", unit="-",
            year=int(c.group(1)), value=None, raw=c.group(2), comparator="qualitative")


_TASK_HEAD = re.compile(r"^(?:\d+\.\s*|\(\d+\))([^。]{2,40})。")
_LEAD = re.compile(r"(?:^|[。,由])([^。,由、\s;]{2,20}?)牵头")
_SECTION_HEAD = re.compile(r"^([一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|重点工程|表\d)")


def _brand_lead_units(ctx: Ctx, first: int, end: int) -> None:
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
                    responsibility(ctx, line=n, task_id=task_id, subject=head[0], role="牵头",
                                    role_en="lead_department", party_raw=part, party_type="department")


def _brand_task_tables(ctx: Ctx, first: int, end: int, first_year: int, last_year: int) -> None:
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
                                f"{title}: row on line {n} is numbered {fmt(seq)} where {expect} was expected.",
                                stated=seq, computed=float(expect))
            expect = int(seq) + 1
            task_id = ctx.next_task()
            for unit in split_units(cells[i_unit]):
                responsibility(ctx, line=n, task_id=task_id, subject=cells[i_task], role="实施单位",
                                role_en="implementing_unit", party_raw=unit, party_type="department")
            years = [int(y) for y in re.findall(r"(20\d{2})", cells[i_time])]
            bad = [y for y in years if not first_year <= y <= last_year]
            if bad:
                ctx.res.finding(ctx.doc, n, "other", cells[i_task],
                                f"{title}, task {fmt(seq)} (line {n}) is scheduled for '{cells[i_time]}', outside the "
                                f"plan period {first_year}–{last_year} of a plan issued in {first_year}.",
                                stated=float(bad[0]))
            n += 1


def _brand_annex(ctx: Ctx, first: int, end: int) -> None:
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
                        f"The annex title on line {t} announces {fmt(stated)} product brands but its table "
                        f"(lines {h + 1}–{n - 1}) has {rows} rows.", stated=stated, computed=float(rows), unit="个")
