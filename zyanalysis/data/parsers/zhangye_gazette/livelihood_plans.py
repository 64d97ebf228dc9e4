"""One handler per livelihood plan (为民实事): its quotas as targets and every stated total
checked against its rows."""
from __future__ import annotations

import re

from ..base import check_equal, check_sum, fmt
from .common import Ctx, Stream, county_id, target
from .quotas import Quota, compare_counties, emit_quota, need_table, prose_counties


def _plan_school(ctx: Ctx, st: Stream, tables, year: int, title: str) -> None:
    for ind, zh, en, unit, rx, g in (
        ("county_high_school_revitalisation", "实施县中振兴工程的县", "Counties running the county high-school revitalisation",
         "个", r"在([^。]*?)(\d+)个县实施县中振兴工程", 2),
        ("rural_teacher_dormitories", "农村义务教育学校新建教师周转宿舍", "New rural teacher turnover dormitories", "套",
         r"(\d+)个县农村义务教育学校新建教师周转宿舍(\d+)套", 2),
    ):
        m = ctx.search(st, rx, ind)
        line = st.line_at(m.start(g))
        target(ctx, line=line, jid="zhangye", indicator_id=ind, zh=zh, en=en, unit=unit, year=year,
                value=ctx.num(m.group(g), line, ind), raw=m.group(0))


def _plan_employment(ctx: Ctx, st: Stream, tables, year: int, title: str) -> None:
    m = ctx.search(st, r"全市实现城镇新增就业\s*([\d.]+)\s*万人,其中,([^。]+)。", "new urban employment")
    line = st.line_at(m.start(1))
    total = round(ctx.num(m.group(1), line, "new employment") * 10000, 6)   # 万人 → 人
    zh, en = "城镇新增就业", "New urban jobs"
    target(ctx, line=line, jid="zhangye", indicator_id="new_urban_employment", zh=zh, en=en, unit="人", year=year,
            value=total, raw=f"城镇新增就业 {m.group(1)} 万人")
    counties = prose_counties(ctx, st, m.start(2), m.group(2), "人")
    if not counties:
        raise ctx.error(line, "county quota", "no per-county quotas after 其中")
    for jid, (v, ln) in counties.items():
        target(ctx, line=ln, jid=jid, indicator_id="new_urban_employment", zh=zh, en=en, unit="人", year=year,
                value=v, raw=f"{fmt(v)} 人")
    check_sum(ctx.doc, ctx.res, stated=total, line=line, parts=list(counties.values()), subject="城镇新增就业", unit="人",
               what="New urban jobs, city total vs the counties")


def _plan_elderly(ctx: Ctx, st: Stream, tables, year: int, title: str) -> None:
    quotas, rows, header, tl = need_table(ctx, tables, "养老服务中心", st.first)
    for q in quotas.values():
        emit_quota(ctx, q, year, title)
    m = ctx.search(st, r"建设(\d+)个乡镇综合养老服务中心和(\d+)个村级互助幸福院", "elderly totals")
    for g, ind in ((1, "township_elderly_care_centres"), (2, "village_mutual_aid_homes")):
        line = st.line_at(m.start(g))
        q = quotas[ind]
        check_sum(ctx.doc, ctx.res, stated=ctx.num(m.group(g), line, ind), line=line, parts=list(q.by_county.values()),
                   subject=q.spec.zh, unit=q.unit, what=f"{q.spec.zh} in the objectives vs the task table")
    # subsidy per facility shared by province : city : county
    for fm in re.finditer(r"每个补助([\d.]+)万元,按照([\d:]+)的比例进行分担。省级财政每个补助([\d.]+)万元,"
                          r"市级财政每个补助([\d.]+)万元,县区财政每个补助([\d.]+)万元", st.text):
        line = st.line_at(fm.start(1))
        shares = [(ctx.num(fm.group(k), st.line_at(fm.start(k)), "share"), st.line_at(fm.start(k))) for k in (3, 4, 5)]
        check_sum(ctx.doc, ctx.res, stated=ctx.num(fm.group(1), line, "subsidy"), line=line, parts=shares,
                   subject="每个补助", unit="万元", what="Subsidy per facility vs provincial + city + county shares",
                   kind="subtotal_mismatch")
        ratio = [float(x) for x in fm.group(2).split(":") if x]
        if len(ratio) == 3 and sum(ratio) and any(
                abs(s / sum(v for v, _ in shares) - r / sum(ratio)) > 1e-6 for (s, _), r in zip(shares, ratio)):
            ctx.res.finding(ctx.doc, line, "other", "分担比例",
                            f"Line {line}: the shares {'/'.join(fmt(s) for s, _ in shares)} 万元 do not follow the "
                            f"stated ratio {fm.group(2)}.")


def _plan_disability(ctx: Ctx, st: Stream, tables, year: int, title: str) -> None:
    quotas, rows, header, tl = need_table(ctx, tables, "无障碍改造任务", st.first)
    for q in quotas.values():
        emit_quota(ctx, q, year, "困难重度残疾人家庭无障碍改造")
    hh, sub = quotas["barrier_free_home_retrofits"], quotas["barrier_free_retrofit_subsidy"]
    m = ctx.search(st, r"全市完成(\d+)户重度残疾人家庭无障碍改造", "retrofit households")
    line = st.line_at(m.start(1))
    check_sum(ctx.doc, ctx.res, stated=ctx.num(m.group(1), line, "households"), line=line, parts=list(hh.by_county.values()),
               subject=hh.spec.zh, unit="户", what="Barrier-free retrofits in the objectives vs the task table")
    f = ctx.search(st, r"补助([\d.]+)万元。全市(\d+)户重度残疾人家庭无障碍改造、户均补贴资金(\d+)元", "retrofit funds")
    fl = st.line_at(f.start(1))
    funds = ctx.num(f.group(1), fl, "funds")
    rate = ctx.num(f.group(3), fl, "rate") / 10000        # 元 → 万元 per household
    check_sum(ctx.doc, ctx.res, stated=funds, line=fl, parts=list(sub.by_county.values()), subject=sub.spec.zh, unit="万元",
               what="Lottery-fund subsidy in the text vs the task table")
    households = ctx.num(f.group(2), fl, "households")
    check_sum(ctx.doc, ctx.res, stated=households, line=fl, parts=list(hh.by_county.values()), subject=hh.spec.zh, unit="户",
               what="Households in the funding paragraph vs the task table")
    if abs(households * rate - funds) > 1e-6:
        ctx.res.finding(ctx.doc, fl, "other", "户均补贴资金",
                        f"Line {fl}: {fmt(households)} households × {f.group(3)} 元 = {fmt(households * rate)} 万元, "
                        f"but the subsidy stated is {fmt(funds)} 万元.",
                        stated=funds, computed=round(households * rate, 6), unit="万元")
    for jid, (v, ln) in hh.by_county.items():
        if jid in sub.by_county:
            check_equal(ctx.doc, ctx.res, stated=sub.by_county[jid][0], line=ln, other=round(v * rate, 6), other_line=fl,
                         subject="户均补贴资金", unit="万元", jurisdiction_id=jid,
                         what=f"{jid}: subsidy vs households × {fmt(rate * 10000)} 元")
    _plan_day_care(ctx, st, tables, year)


def _plan_day_care(ctx: Ctx, st: Stream, tables, year: int) -> None:
    quotas, rows, header, tl = need_table(ctx, tables, "日间照料", st.first)
    for q in quotas.values():
        emit_quota(ctx, q, year, "残疾人日间照料服务省级示范中心")
    sub = quotas["disability_day_care_subsidy"]
    c = ctx.search(st, r"筛选(\d+)个\(", "day-care centres")
    cl = st.line_at(c.start(1))
    n = ctx.num(c.group(1), cl, "centres")
    target(ctx, line=cl, jid="zhangye", indicator_id="disability_day_care_centres",
            zh="残疾人日间照料服务省级示范中心", en="Disability day-care centres upgraded to provincial model", unit="个",
            year=year, value=n, raw=c.group(0).rstrip("("))
    if n != len(rows):
        ctx.res.finding(ctx.doc, cl, "count_mismatch", "残疾人日间照料服务省级示范中心",
                        f"Line {cl} selects {fmt(n)} centres but the task table (line {tl}) lists {len(rows)}.",
                        stated=n, computed=float(len(rows)), unit="个")
    f = ctx.search(st, r"省级财政下达资金([\d.]+)万元,([^。]*?)各补助([\d.]+)万元", "day-care funds")
    fl = st.line_at(f.start(1))
    total = ctx.num(f.group(1), fl, "funds")
    target(ctx, line=fl, jid="zhangye", indicator_id=sub.spec.indicator_id, zh=sub.spec.zh, en=sub.spec.en,
            unit="万元", year=year, value=total, raw=f.group(0))
    check_sum(ctx.doc, ctx.res, stated=total, line=fl, parts=list(sub.by_county.values()), subject=sub.spec.zh, unit="万元",
               what="Provincial day-care funds vs the task table")
    each = ctx.num(f.group(3), fl, "each")
    for name in re.split(r"、", f.group(2)):
        jid = county_id(ctx, name, fl)
        if jid in sub.by_county:
            check_equal(ctx.doc, ctx.res, stated=each, line=fl, other=sub.by_county[jid][0], other_line=sub.by_county[jid][1],
                         subject=sub.spec.zh, unit="万元", jurisdiction_id=jid, what=f"Day-care subsidy for {jid} (text vs table)")


def _plan_cancer(ctx: Ctx, st: Stream, tables, year: int, title: str) -> None:
    quotas, rows, header, tl = need_table(ctx, tables, "两癌", st.first)
    for q in quotas.values():
        emit_quota(ctx, q, year, "妇女“两癌”免费检查")
    u, r, t = (quotas[k] for k in ("two_cancer_screening_urban", "two_cancer_screening_rural", "two_cancer_screening_total"))
    for jid, (v, ln) in t.by_county.items():
        parts = [x for x in (u.by_county.get(jid), r.by_county.get(jid)) if x]
        check_sum(ctx.doc, ctx.res, stated=v, line=ln, parts=parts, subject="妇女“两癌”免费检查人数", unit="人", jurisdiction_id=jid,
                   kind="subtotal_mismatch", what=f"{jid}: total screenings vs urban + rural")


def _plan_water(ctx: Ctx, st: Stream, tables, year: int, title: str) -> None:
    quotas, rows, header, tl = need_table(ctx, tables, "水利惠民工程", st.first)
    for q in quotas.values():
        emit_quota(ctx, q, year, "农村水利惠民工程")
    inv, cen, loc, fac = (quotas[k] for k in ("water_project_investment", "water_project_central_investment",
                                               "water_project_local_funds", "small_water_storage_facilities"))
    for who, (v, ln) in list(inv.by_county.items()) + ([("total", inv.total)] if inv.total else []):
        src = cen.by_county if who != "total" else {"total": cen.total}
        oth = loc.by_county if who != "total" else {"total": loc.total}
        parts = [x for x in (src.get(who), oth.get(who)) if x]
        check_sum(ctx.doc, ctx.res, stated=v, line=ln, parts=parts, subject="项目投资", unit="万元", kind="subtotal_mismatch",
                   jurisdiction_id=None if who == "total" else who, what="Project investment vs central + local funds")
    _water_quarters(ctx, rows, header, inv)
    m = ctx.search(st, r"年度总投资([\d.]+)万元,其中计划争取国债投资([\d.]+)万元,[^。]*?解决([\d.]+)万元", "water funds")
    vals = [(ctx.num(m.group(k), st.line_at(m.start(k)), "funds"), st.line_at(m.start(k))) for k in (1, 2, 3)]
    check_sum(ctx.doc, ctx.res, stated=vals[0][0], line=vals[0][1], parts=vals[1:], subject="农村水利惠民工程年度总投资",
               unit="万元", kind="subtotal_mismatch", what="Total investment vs treasury bonds + local funds")
    for (v, ln), q in zip(vals, (inv, cen, loc)):
        if q.total:
            check_equal(ctx.doc, ctx.res, stated=v, line=ln, other=q.total[0], other_line=q.total[1], subject=q.spec.zh,
                         unit="万元", what=f"{q.spec.zh} (text vs table)")
    c = ctx.search(st, r"做好(\d+)座小微型调蓄设施项目[^。]*?,其中([^。]+)。", "facility count")
    cl = st.line_at(c.start(1))
    n = ctx.num(c.group(1), cl, "facilities")
    target(ctx, line=cl, jid="zhangye", indicator_id=fac.spec.indicator_id, zh=fac.spec.zh, en=fac.spec.en,
            unit="座", year=year, value=n, raw=c.group(0))
    per = prose_counties(ctx, st, c.start(2), c.group(2), "座")
    check_sum(ctx.doc, ctx.res, stated=n, line=cl, parts=list(per.values()), subject=fac.spec.zh, unit="座",
               what="Small storage facilities, total vs counties in the text")
    check_sum(ctx.doc, ctx.res, stated=n, line=cl, parts=list(fac.by_county.values()), subject=fac.spec.zh, unit="座",
               what="Small storage facilities in the text vs the plan table")
    compare_counties(ctx, per, fac, fac.spec.zh)
    d = re.search(r"完成投资([\d.]+)万元\(([^()]*(?:\([^()]*\)[^()]*)*)\)", st.text)
    if d:
        dl = st.line_at(d.start(1))
        per_inv = {}
        for pm in re.finditer(r"([\u4e00-\u9fff]+?县)[^;]*?完成投资([\d.]+)万元", d.group(2)):
            ln = st.line_at(d.start(2) + pm.start(2))
            per_inv[county_id(ctx, pm.group(1), ln)] = (ctx.num(pm.group(2), ln, "investment"), ln)
        check_sum(ctx.doc, ctx.res, stated=ctx.num(d.group(1), dl, "investment"), line=dl, parts=list(per_inv.values()),
                   subject=inv.spec.zh, unit="万元", what="Investment due by the deadline vs the counties' amounts")
        compare_counties(ctx, per_inv, inv, inv.spec.zh)


def _water_quarters(ctx: Ctx, rows: list, header: list[str], inv: Quota) -> None:
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
            check_sum(ctx.doc, ctx.res, stated=ctx.num(totals[ci], tl, "quarter total"), line=tl, parts=parts,
                       subject="季度完成投资", unit="万元",
                       what=f"Investment in column '{header[ci] if ci < len(header) else ci + 1}' of the plan table")
    for ln, who, cells in rows:
        if who == "total" or who not in inv.by_county:
            continue
        amounts = [(ctx.num(m.group(1), ln, "quarter investment"), ln)
                   for c in cells for m in re.finditer(r"完成投资([\d.]+)万元", c)]
        check_sum(ctx.doc, ctx.res, stated=inv.by_county[who][0], line=ln, parts=amounts, subject="季度完成投资", unit="万元",
                   kind="subtotal_mismatch", jurisdiction_id=who, what=f"{who}: project investment vs its quarterly amounts")


def _plan_relocation(ctx: Ctx, st: Stream, tables, year: int, title: str) -> None:
    quotas, rows, header, tl = need_table(ctx, tables, "避险搬迁", st.first)
    q = quotas["hazard_relocation_households"]
    emit_quota(ctx, q, year, "生态及地质灾害避险搬迁")
    m = ctx.search(st, r"全市\d{4}年计划搬迁(\d+)户,[^。]*?按县区分:([^。]+)。", "relocation")
    line = st.line_at(m.start(1))
    stated = ctx.num(m.group(1), line, "households")
    per = prose_counties(ctx, st, m.start(2), m.group(2), "户")
    check_sum(ctx.doc, ctx.res, stated=stated, line=line, parts=list(per.values()), subject=q.spec.zh, unit="户",
               what="Relocation households, total vs counties in the text")
    if q.total:
        check_equal(ctx.doc, ctx.res, stated=stated, line=line, other=q.total[0], other_line=q.total[1], subject=q.spec.zh,
                     unit="户", what="Relocation total (text vs table)")
    compare_counties(ctx, per, q, q.spec.zh)


def _plan_none(ctx: Ctx, st: Stream, tables, year: int, title: str) -> None:
    """Plans with per-person rates but no quota (student aid, cataract surgery)."""


PLAN_HANDLERS = [
    ("强县中", _plan_school), ("新增就业", _plan_employment), ("养老服务中心", _plan_elderly),
    ("无障碍改造", _plan_disability), ("两癌", _plan_cancer), ("水利惠民", _plan_water),
    ("避险搬迁", _plan_relocation), ("资助", _plan_none), ("白内障", _plan_none),
]
