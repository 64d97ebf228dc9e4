"""The per-county quota tables of the livelihood plans (为民实事): reading them, emitting their
targets, and comparing the text's county figures with them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from zyanalysis.reference.jurisdictions import WAGE_ASSESSED_UNITS, resolve_jurisdiction
from ..base import check_equal, check_sum, clean, fmt, squeeze, to_halfwidth
from .common import Ctx, Stream, county_id, target


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
class Quota:
    """One quota column read from a table: per-county values and the stated total (value, line)."""

    spec: _ColSpec
    unit: str
    header: str
    by_county: dict[str, tuple[float, int]] = field(default_factory=dict)
    total: tuple[float, int] | None = None
    raw: dict[str, str] = field(default_factory=dict)     # county id or 'total' → cell as written


def _cells(ctx: Ctx, n: int) -> list[str]:
    return [clean(to_halfwidth(c)) for c in ctx.doc.line(n).split("\t")]


def _read_quota_table(ctx: Ctx, first: int, end: int, specs: list[_ColSpec]) -> tuple[dict[str, Quota], list, list]:
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
        q = Quota(spec, units[-1] if units else spec.unit, merged[ci])
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


def emit_quota(ctx: Ctx, q: Quota, year: int, subject: str) -> None:
    """Targets per county and for the city (合计), and the 合计 against the sum of the counties."""
    s = q.spec
    for jid, (v, ln) in q.by_county.items():
        target(ctx, line=ln, jid=jid, indicator_id=s.indicator_id, zh=s.zh, en=s.en, unit=q.unit, year=year,
                value=v, raw=q.raw.get(jid, fmt(v)))
    if q.total:
        v, ln = q.total
        target(ctx, line=ln, jid="zhangye", indicator_id=s.indicator_id, zh=s.zh, en=s.en, unit=q.unit, year=year,
                value=v, raw=f"合计 {q.raw.get('total', fmt(v))}")
        check_sum(ctx.doc, ctx.res, stated=v, line=ln, parts=list(q.by_county.values()), subject=f"{subject}: {q.header}",
                   unit=q.unit, what=f"合计 row of {s.zh} ({s.en})")


def plan_tables(ctx: Ctx, first: int, end: int) -> dict[str, tuple[dict[str, Quota], list, list, int]]:
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


def need_table(ctx: Ctx, tables: dict, kw: str, line: int) -> tuple[dict[str, Quota], list, list, int]:
    if kw not in tables:
        raise ctx.error(line, "table", f"expected the {kw} table of this plan")
    return tables[kw]


def prose_counties(ctx: Ctx, st: Stream, text_pos: int, text: str, unit_rx: str) -> dict[str, tuple[float, int]]:
    """'临泽县45户、高台县283户' → {jid: (value, line)}."""
    out = {}
    for m in re.finditer(r"([\u4e00-\u9fff]+?[县区])\s*([\d.]+)\s*" + unit_rx, text):
        line = st.line_at(text_pos + m.start(2))
        out[county_id(ctx, m.group(1), line)] = (ctx.num(m.group(2), line, "county quota"), line)
    return out


def compare_counties(ctx: Ctx, prose: dict, q: Quota, subject: str) -> None:
    for jid, (v, ln) in prose.items():
        if jid in q.by_county:
            tv, tl = q.by_county[jid]
            check_equal(ctx.doc, ctx.res, stated=v, line=ln, other=tv, other_line=tl, subject=subject, unit=q.unit,
                         what=f"{subject} for {jid} (text vs table)", jurisdiction_id=jid)
        else:
            ctx.res.finding(ctx.doc, ln, "other", subject,
                            f"{subject}: the text on line {ln} gives {jid} {fmt(v)} {q.unit}, but the table has no row for it.",
                            stated=v, unit=q.unit, jurisdiction_id=jid)
