"""Parser for document 003: Qinghai's notice on landing the projects signed at the 18th fair.

The file (see data/raw/manifest.csv) holds several notices of the Qinghai provincial general
office. This parser takes:

* from 青政办〔2017〕134号: the landing targets (履约率, 开工率, 资金到位率 by the end of 2017 and
  by the end of May 2018, in %), the notice's headline totals (line 11: 300余项, 超过1800亿元, the
  five regions' and three parks' amounts and shares) and the annex table of signed projects,
  grouped by responsible unit ('责任单位: 西宁市政府(35项)'), investments in 亿元 (100 million
  yuan);
* from 青政办〔2017〕135号 and 140号: the other quantified targets of the same province;
* from 青政办〔2017〕137号: the government-information-disclosure assessment items (政务公开考核
  内容) and the grade bands of its 100-point scale.

Every count and subtotal the document states is checked against the rows; disagreements become
findings, never edits.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from zyanalysis.data.schemas import QINGHAI_FAIR

from .base import (Document, ParseError, ParseResult, clean, finish, is_ditto, parse_number, project_id,
                   split_list, squeeze, sum_mismatch, to_halfwidth)

DOC_ID = "003"
REGISTRY = QINGHAI_FAIR
JURISDICTION = "qinghai"
NCOLS = 8
HEADER = ("序号", "项目名称", "甲方(青海)", "乙方(省外)", "总投资额(亿元)", "资金来源地", "责任领导", "责任人")
# column positions in a project row
SEQ, NAME, PARTY_A, PARTY_B, INVEST, FUND, LEADER, PERSON = range(NCOLS)

_GROUP_RX = re.compile(r"^责任单位\s*[:：]\s*(?P<name>.+?)\s*[（(]\s*(?P<n>\d+)\s*项\s*[）)]$")
_CJK = re.compile(r"[\u4e00-\u9fff]")

GROUP_EN = {
    "西宁市政府": "Xining Municipal Government",
    "西宁经济技术开发区管委会": "Xining Economic and Technological Development Zone Administrative Committee",
    "海东市政府": "Haidong Municipal Government",
    "海东工业园区管委会": "Haidong Industrial Park Administrative Committee",
    "海西州政府": "Haixi Prefecture Government",
    "柴达木循环经济试验区管委会": "Qaidam Circular Economy Pilot Zone Administrative Committee",
    "海南州政府": "Hainan Prefecture Government",
    "海北州政府": "Haibei Prefecture Government",
    "省发展改革委": "Provincial Development and Reform Commission",
    "省经济和信息化委": "Provincial Economic and Information Technology Commission",
    "省科技厅": "Provincial Department of Science and Technology",
    "省财政厅": "Provincial Department of Finance",
    "省国土资源厅": "Provincial Department of Land and Resources",
    "省环境保护厅": "Provincial Department of Environmental Protection",
    "省住房城乡建设厅": "Provincial Department of Housing and Urban-Rural Development",
    "省交通运输厅": "Provincial Department of Transport",
    "省水利厅": "Provincial Department of Water Resources",
    "省农牧厅": "Provincial Department of Agriculture and Animal Husbandry",
    "省商务厅": "Provincial Department of Commerce",
    "省文化新闻出版厅": "Provincial Department of Culture, Press and Publication",
    "省卫生计生委": "Provincial Health and Family Planning Commission",
    "省旅游发展委": "Provincial Tourism Development Commission",
    "省工商局": "Provincial Administration for Industry and Commerce",
    "省广电局": "Provincial Radio and Television Bureau",
    "省工商联": "Provincial Federation of Industry and Commerce",
    "青海湖景区管理局": "Qinghai Lake Scenic Area Administration",
    "省贸促会": "Provincial Council for the Promotion of International Trade",
    "西部矿业集团有限公司": "Western Mining Group Co., Ltd.",
    "省水利水电(集团)有限责任公司": "Qinghai Water Resources and Hydropower (Group) Co., Ltd.",
    "省三江集团有限责任公司": "Qinghai Sanjiang Group Co., Ltd.",
    "青海机电国有控股有限公司": "Qinghai Machinery and Electronics State Holding Co., Ltd.",
    "青海银行": "Bank of Qinghai",
}


# ---------------------------------------------------------------- small text helpers

def _is_num(cell: str) -> bool:
    """True when the cell reads as a plain number."""
    try:
        parse_number(cell)
    except ParseError:
        return False
    return True


def _key(text: str) -> str:
    """Comparison key: half-width, no spaces."""
    return squeeze(to_halfwidth(text))


def _persons(cell: str) -> str | None:
    """Names in a person cell, joined with 、 ('海吉忠 周心龙' → two people; '孙 静' → 孙静).

    The PDF pads two-character names to width ('房 直'), so a single-character part means padding,
    not a second person.
    """
    c = clean(cell)
    if not c:
        return None
    if any(s in c for s in "、，,;；"):
        return "、".join(split_list(c)) or None
    parts = c.split(" ")
    if len(parts) > 1 and all(len(p) >= 2 for p in parts):
        return "、".join(parts)
    return squeeze(c)


def _parties(cell: str) -> str | None:
    """Party names; several Chinese names separated by spaces are joined with 、 (foreign names
    such as 'ELSAID AHMED DEYAB HARHASH' keep their spaces)."""
    c = clean(cell)
    if not c:
        return None
    parts = c.split(" ")
    if len(parts) > 1 and all(_CJK.search(p) for p in parts):
        return "、".join(parts)
    return c


# ---------------------------------------------------------------- table structure

@dataclass
class _Row:
    """One project row as read: first line and its eight raw cells (after merging broken lines)."""

    line: int
    cells: list[str]


@dataclass
class _Group:
    """A 责任单位 block: its header line, stated count and (optional) stated subtotal in 亿元."""

    seq: int
    name_zh: str
    line: int
    stated_count: int
    stated_subtotal: float | None = None
    subtotal_line: int | None = None
    subtotal_raw: str | None = None
    rows: list[_Row] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)


def _table_span(doc: Document) -> tuple[int, int]:
    """(title line, first line after the table): the table ends at the first text line without tabs."""
    title = doc.find(r"^\s*第十八届青洽会签约项目责任分工表\s*$")
    for n in range(title + 1, len(doc.lines) + 1):
        s = doc.line(n)
        if s.strip() and "\t" not in s:
            return title, n
    return title, len(doc.lines) + 1


def _is_header(cells: list[str]) -> bool:
    return _key(cells[0]) == "序号"


def _check_header(doc: Document, n: int, cells: list[str]) -> None:
    """The repeated column header, spaced out or with full-width brackets, must read as HEADER."""
    got = tuple(_key(c) for c in cells)
    if got != HEADER:
        raise doc.error(n, "header", f"expected columns {'/'.join(HEADER)}, found {'/'.join(got)}")


def _group_header(doc: Document, n: int, cells: list[str], seq: int) -> _Group:
    """'责任单位: 西宁市政府(35项)' with, sometimes, the group's subtotal in the investment column."""
    m = _GROUP_RX.match(clean(cells[0]))
    if not m:
        raise doc.error(n, "责任单位", f"cannot read the responsible unit and count from {cells[0]!r}")
    if len(cells) > NCOLS or any(clean(c) for i, c in enumerate(cells[1:], 1) if i != INVEST):
        raise doc.error(n, "责任单位", "unexpected text beside the responsible unit")
    name = squeeze(m.group("name"))
    if not name or len(m.group("n")) > 4:
        raise doc.error(n, "责任单位", f"cannot read the responsible unit and count from {cells[0]!r}")
    g = _Group(seq, name, n, int(m.group("n")))
    if len(cells) > INVEST and clean(cells[INVEST]):
        g.stated_subtotal = parse_number(cells[INVEST], doc=doc, line=n, field="总投资额 subtotal")
        g.subtotal_line, g.subtotal_raw = n, clean(cells[INVEST])
    return g


def _join_broken(doc: Document, n: int, end: int) -> tuple[list[str], int]:
    """A row whose cell was broken over lines: glue the next lines on until it has NCOLS cells.

    Returns the cells and the last line used. Blank lines in between are page debris.
    """
    cells = doc.line(n).split("\t")
    last = n
    while len(cells) < NCOLS:
        last += 1
        while last < end and not doc.line(last).strip():
            last += 1
        if last >= end:
            raise doc.error(n, "cells", f"row has {len(cells)} of {NCOLS} cells and the table ends")
        more = doc.line(last).split("\t")
        if _is_header(more) or clean(more[0]).startswith("责任单位"):
            raise doc.error(n, "cells", f"row has {len(cells)} of {NCOLS} cells before line {last}")
        cells[-1] = cells[-1].rstrip() + more[0].strip()
        cells.extend(more[1:])
    if len(cells) > NCOLS:
        raise doc.error(n, "cells", f"row spread over lines {n}-{last} has {len(cells)} cells, expected {NCOLS}")
    return cells, last


def _continuation(doc: Document, g: _Group, n: int, cells: list[str]) -> None:
    """A line with an empty 序号: the group's subtotal, or the rest of the previous row."""
    filled = [i for i, c in enumerate(cells) if clean(c)]
    only_amount = filled == [INVEST] and _is_num(cells[INVEST])
    if only_amount and (not g.rows or clean(g.rows[-1].cells[INVEST])):
        if g.stated_subtotal is not None:
            raise doc.error(n, "总投资额", f"second subtotal for {g.name_zh} (first at line {g.subtotal_line})")
        g.stated_subtotal = parse_number(cells[INVEST], doc=doc, line=n, field="总投资额 subtotal")
        g.subtotal_line, g.subtotal_raw = n, clean(cells[INVEST])
        return
    if not g.rows:
        raise doc.error(n, "序号", f"row without 序号 before any project of {g.name_zh}")
    prev = g.rows[-1]
    for i in filled:
        if i == INVEST and clean(prev.cells[INVEST]):
            raise doc.error(n, "总投资额", f"continuation line gives a second amount to the row of line {prev.line}")
        prev.cells[i] = prev.cells[i].rstrip() + cells[i].strip()


def _read_table(doc: Document) -> list[_Group]:
    """Walk the annex table: headers, group lines, project rows, broken and continuation lines."""
    title, end = _table_span(doc)
    groups: list[_Group] = []
    seen_header = False
    n = title + 1
    while n < end:
        s = doc.line(n)
        if not s.strip():
            n += 1
            continue
        cells = s.split("\t")
        first = clean(cells[0])
        if _is_header(cells):
            _check_header(doc, n, cells)
            seen_header = True
        elif not seen_header:
            raise doc.error(n, "header", "table rows before the column header")
        elif first.startswith("责任单位"):
            groups.append(_group_header(doc, n, cells, len(groups) + 1))
        elif not groups:
            raise doc.error(n, "责任单位", "project row before the first 责任单位 line")
        elif re.fullmatch(r"\d{1,6}", to_halfwidth(first)):
            row_cells, last = _join_broken(doc, n, end) if len(cells) < NCOLS else (cells, n)
            if len(row_cells) != NCOLS:
                raise doc.error(n, "cells", f"row has {len(row_cells)} cells, expected {NCOLS}")
            groups[-1].rows.append(_Row(n, row_cells))
            n = last
        elif not first:
            if len(cells) != NCOLS:
                raise doc.error(n, "cells", f"line has {len(cells)} cells, expected {NCOLS}")
            _continuation(doc, groups[-1], n, cells)
        else:
            raise doc.error(n, "序号", f"expected a 序号 number, a 责任单位 line or a header, found {first!r}")
        n += 1
    if not groups:
        raise doc.error(title, "责任单位", "the project table has no 责任单位 groups")
    return groups


# ---------------------------------------------------------------- project records

def _realign(doc: Document, res: ParseResult, row: _Row) -> list[str]:
    """Undo a row shifted two cells to the right (甲方 found under 总投资额), as on line 370."""
    c = list(row.cells)
    if (not clean(c[PARTY_A]) and not clean(c[PARTY_B]) and clean(c[INVEST]) and not _is_num(c[INVEST])
            and _is_num(c[LEADER])):
        shifted = [c[SEQ], c[NAME], c[INVEST], c[FUND], c[LEADER], c[PERSON], "", ""]
        res.finding(doc, row.line, "other", clean(c[NAME]),
                    f"Line {row.line}: the row of 序号 {clean(c[SEQ])} is shifted two cells to the right "
                    f"(甲方 {clean(c[INVEST])!r} stands under 总投资额). Read as 甲方 {clean(c[INVEST])}, "
                    f"乙方 {clean(c[FUND])}, investment {clean(c[LEADER])}亿元, fund source {clean(c[PERSON])}, "
                    "with no 责任领导 or 责任人.",
                    jurisdiction_id=JURISDICTION)
        return shifted
    return c


def _fill_ditto(doc: Document, row: _Row, cells: list[str], prev: dict | None) -> dict[int, str]:
    """Indexes of 同上 cells mapped to their raw text; the caller fills them from ``prev``."""
    dittos = {i: clean(cells[i]) for i in range(NAME, NCOLS) if is_ditto(cells[i])}
    if dittos and prev is None:
        raise doc.error(row.line, HEADER[min(dittos)], "同上 (same as above) in the first row of a group")
    return dittos


_COLUMN_FIELD = {NAME: "name_zh", PARTY_A: "party_a", PARTY_B: "party_b", FUND: "fund_source",
                 LEADER: "leaders", PERSON: "responsible_person"}


def _project(doc: Document, res: ParseResult, g: _Group, row: _Row, prev: dict | None) -> dict:
    """One project record (investment in 亿元; non-numeric cells keep their text in investment_raw)."""
    cells = _realign(doc, res, row)
    dittos = _fill_ditto(doc, row, cells, prev)
    seq = int(to_halfwidth(clean(cells[SEQ])))
    raw_inv = clean(cells[INVEST])
    if INVEST in dittos:
        inv = prev["investment_yi"]
    else:
        inv = parse_number(raw_inv) if _is_num(raw_inv) else None
    fund = clean(cells[FUND])
    fund_parts = fund.split(" ")
    rec = dict(
        project_id=project_id(doc.doc_id, g.seq, seq), doc_id=doc.doc_id, line=row.line,
        source=doc.src(row.line), registry=REGISTRY, group_seq=g.seq, group_zh=g.name_zh,
        group_en=GROUP_EN.get(_key(g.name_zh)), seq=seq, name_zh=clean(cells[NAME]),
        investment_yi=inv, investment_raw=raw_inv or None,
        leaders=_persons(cells[LEADER]), jurisdiction_id=JURISDICTION,
        responsible_person=_persons(cells[PERSON]), party_a=_parties(cells[PARTY_A]),
        party_b=_parties(cells[PARTY_B]),
        fund_source=("、".join(fund_parts) if len(fund_parts) > 1 and all(_CJK.search(p) for p in fund_parts)
                     else fund) or None,
    )
    for i in dittos:
        if i in _COLUMN_FIELD:
            rec[_COLUMN_FIELD[i]] = prev[_COLUMN_FIELD[i]]
    if not rec["name_zh"]:
        raise doc.error(row.line, "项目名称", f"project 序号 {seq} has no name")
    return rec


def _build_projects(doc: Document, res: ParseResult, groups: list[_Group]) -> None:
    """Turn rows into records; 序号 must rise (ids depend on it), gaps are reported."""
    last_seq = 0
    last_line = None
    for g in groups:
        prev = None
        for row in g.rows:
            rec = _project(doc, res, g, row, prev)
            if rec["seq"] <= last_seq:
                raise doc.error(row.line, "序号", f"序号 {rec['seq']} does not follow {last_seq} (line {last_line})")
            if rec["seq"] != last_seq + 1:
                res.finding(doc, row.line, "other", rec["name_zh"],
                            f"序号 jumps from {last_seq} (line {last_line}) to {rec['seq']} (line {row.line}).",
                            stated=float(rec["seq"]), computed=float(last_seq + 1),
                            jurisdiction_id=JURISDICTION)
            last_seq, last_line = rec["seq"], row.line
            g.projects.append(rec)
            res.projects.append(rec)
            prev = rec
    if not res.projects:
        raise doc.error(groups[0].line, "项目", "the project table has no project rows")


# ---------------------------------------------------------------- checks on the table

def _check_groups(doc: Document, res: ParseResult, groups: list[_Group]) -> None:
    """Every '(N项)' against the rows, every stated subtotal against the sum of its rows."""
    for g in groups:
        found = len(g.projects)
        if found != g.stated_count:
            first = g.projects[0]["line"] if g.projects else None
            res.finding(doc, g.line, "count_mismatch", g.name_zh,
                        f"Line {g.line} states {g.stated_count} projects for {g.name_zh}, but the table lists "
                        f"{found} under it (lines {first}-{g.projects[-1]['line'] if g.projects else None}).",
                        stated=float(g.stated_count), computed=float(found), unit="项",
                        jurisdiction_id=JURISDICTION)
        if g.stated_subtotal is None:
            continue
        amounts = [p["investment_yi"] for p in g.projects if p["investment_yi"] is not None]
        total = sum_mismatch(g.stated_subtotal, amounts, digits=2, tolerance=_tolerance(g.subtotal_raw or ""))
        if total is not None:
            missing = found - len(amounts)
            res.finding(doc, g.subtotal_line, "subtotal_mismatch", g.name_zh,
                        f"Line {g.subtotal_line} states a subtotal of {g.stated_subtotal:.2f}亿元 for {g.name_zh}; "
                        f"its {found} rows sum to {total:.2f}亿元"
                        + (f" ({missing} rows have no amount)." if missing else "."),
                        stated=g.stated_subtotal, computed=total, unit="亿元", jurisdiction_id=JURISDICTION)


def _report_empty_cells(doc: Document, res: ParseResult) -> None:
    """Rows whose amount cell is empty or not a number (merged cells lost by the PDF, e.g. 279-281)."""
    bad = [p for p in res.projects if p["investment_yi"] is None]
    if bad:
        lines = ", ".join(str(p["line"]) for p in bad)
        seqs = ", ".join(str(p["seq"]) for p in bad)
        raws = sorted({p["investment_raw"] for p in bad if p["investment_raw"]})
        res.finding(doc, bad[0]["line"], "other", "总投资额",
                    f"{len(bad)} project rows have no numeric investment (序号 {seqs}; lines {lines}; "
                    + (f"cells {raws}" if raws else "cells empty")
                    + "); probably merged cells lost in extraction. Their investment_yi is left empty "
                    "and they count as 0 in every sum.",
                    computed=float(len(bad)), unit="项", jurisdiction_id=JURISDICTION)
    no_party = [p for p in res.projects if p["party_a"] is None or p["party_b"] is None]
    if no_party:
        res.finding(doc, no_party[0]["line"], "other", "甲方/乙方",
                    f"{len(no_party)} project rows have an empty 甲方 or 乙方 cell (lines "
                    f"{', '.join(str(p['line']) for p in no_party)}); left empty, not filled from a "
                    "neighbouring row, because the span of the lost merged cell cannot be known.",
                    computed=float(len(no_party)), unit="项", jurisdiction_id=JURISDICTION)


def _summary(doc: Document) -> tuple[int, re.Match]:
    """Line 11: counts and amounts the notice states for the whole fair."""
    n = doc.find(r"签约各类合作项目\d+余项")
    m = re.search(
        r"签约各类合作项目(?P<count>\d+)余项[，,]签约金额超过(?P<total>\d+(?:\.\d+)?)亿元。其中[，,]"
        r"(?P<regions>[^，,]+?)(?P<nreg>[一二三四五六七八九十]+)个重点地区签约金额共计(?P<reg_amt>\d+(?:\.\d+)?)亿元[，,]"
        r"占总签约金额的(?P<reg_pct>\d+(?:\.\d+)?)%[；;](?P<parks>[^，,；;]+?)签约金额共计(?P<park_amt>\d+(?:\.\d+)?)亿元[，,]"
        r"占总签约金额的(?P<park_pct>\d+(?:\.\d+)?)%", doc.line(n))
    if not m:
        raise doc.error(n, "summary", "cannot read the fair's project count, amounts and shares")
    return n, m


def _match_groups(doc: Document, n: int, names: list[str], groups: list[_Group], government: bool) -> list[_Group]:
    """The groups of the named regions (their 政府) or parks (their 管委会), exactly one each."""
    out = []
    for name in names:
        hits = [g for g in groups if g.name_zh.startswith(name)
                and (("政府" in g.name_zh and "管委会" not in g.name_zh) if government else "管委会" in g.name_zh)]
        if len(hits) != 1:
            raise doc.error(n, "summary", f"{name!r} matches {len(hits)} 责任单位 groups, expected 1")
        out.append(hits[0])
    return out


def _tolerance(text: str) -> float:
    """Half a unit of the last digit written: '683' agrees with 682.52, '230.00' needs 230.00 ± 0.005."""
    frac = to_halfwidth(text).partition(".")[2]
    return 0.5 * 10 ** -len(frac) + 1e-9


def _group_sum(groups: list[_Group]) -> float:
    return round(sum(p["investment_yi"] or 0.0 for g in groups for p in g.projects), 2)


def _check_summary(doc: Document, res: ParseResult, groups: list[_Group]) -> None:
    """The notice's totals (line 11) against the table, and its shares against its amounts."""
    n, m = _summary(doc)
    rows = len(res.projects)
    total = float(m["total"])
    table_sum = _group_sum(groups)
    if total <= 0 or table_sum <= 0:
        raise doc.error(n, "summary", f"cannot compare shares: stated total {total:g}, table total {table_sum:g}")
    if rows < int(m["count"]):
        res.finding(doc, n, "count_mismatch", "签约各类合作项目",
                    f"Line {n} states more than {m['count']} signed projects; the table lists only {rows}.",
                    stated=float(m["count"]), computed=float(rows), unit="项", jurisdiction_id=JURISDICTION)
    if table_sum <= total:
        res.finding(doc, n, "total_mismatch", "签约金额",
                    f"Line {n} states a signed amount of more than {total:g}亿元; the {rows} rows of the table "
                    f"(lines {res.projects[0]['line']}-{res.projects[-1]['line']}) sum to only {table_sum:.2f}亿元.",
                    stated=total, computed=table_sum, unit="亿元", jurisdiction_id=JURISDICTION)
    regions = [r for r in re.split(r"[、和]", m["regions"]) if r]
    parks = [p for p in re.split(r"[、和]", m["parks"]) if p]
    for label, names, amount, pct, gov in (
            ("regions", regions, float(m["reg_amt"]), float(m["reg_pct"]), True),
            ("parks", parks, float(m["park_amt"]), float(m["park_pct"]), False)):
        matched = _match_groups(doc, n, names, groups, gov)
        got = _group_sum(matched)
        who = "、".join(g.name_zh for g in matched)
        if abs(got - amount) > _tolerance(m["reg_amt"] if gov else m["park_amt"]):
            res.finding(doc, n, "subtotal_mismatch", "、".join(names),
                        f"Line {n} states {amount:g}亿元 signed by {'、'.join(names)}; the table's groups {who} "
                        f"(lines {', '.join(str(g.line) for g in matched)}) sum to {got:.2f}亿元."
                        + (" Projects assigned to provincial departments but located in these regions are "
                           "not counted, so the table cannot settle the regional figure fully." if gov else ""),
                        stated=amount, computed=got, unit="亿元", jurisdiction_id=JURISDICTION)
        share_of_stated = round(amount / total * 100, 2)
        if pct - share_of_stated > 0.5:
            res.finding(doc, n, "other", f"{'、'.join(names)}占总签约金额的{pct:g}%",
                        f"Line {n}: {amount:g}亿元 is said to be {pct:g}% of a total of more than {total:g}亿元, "
                        f"but {amount:g}/{total:g} is at most {share_of_stated:.2f}% (and {amount / table_sum * 100:.2f}% "
                        f"of the table's {table_sum:.2f}亿元); {pct:g}% would imply a total of "
                        f"{amount / pct * 100:.1f}亿元, below the stated {total:g}亿元.",
                        stated=pct, computed=share_of_stated, unit="%", jurisdiction_id=JURISDICTION)


def _check_duplicates(doc: Document, res: ParseResult) -> None:
    """Projects that look listed twice: the same name in two groups, the same partner and amount in
    two groups, or the same name and both parties within one group."""
    by_name: dict[str, list[dict]] = {}
    by_partner: dict[tuple[str, float], list[dict]] = {}
    for p in res.projects:
        by_name.setdefault(_key(p["name_zh"]), []).append(p)
        if p["party_b"] and p["investment_yi"] is not None:
            by_partner.setdefault((_key(p["party_b"]), p["investment_yi"]), []).append(p)

    def report(ps: list[dict], why: str) -> None:
        desc = "; ".join(f"序号 {p['seq']} {p['name_zh']} under {p['group_zh']} (line {p['line']}, "
                         f"乙方 {p['party_b']}, {p['investment_raw']}亿元)" for p in ps)
        res.finding(doc, ps[0]["line"], "other", ps[0]["name_zh"], f"{why}: {desc}.",
                    computed=float(len(ps)), unit="项", jurisdiction_id=JURISDICTION)

    for ps in by_name.values():
        if len({p["group_seq"] for p in ps}) > 1:
            report(ps, "The same project name appears in different groups")
        else:
            same = {}
            for p in ps:
                same.setdefault((_key(p["party_a"] or ""), _key(p["party_b"] or "")), []).append(p)
            for twins in same.values():
                if len(twins) > 1:
                    report(twins, "The same project name with the same 甲方 and 乙方 appears twice in one group")
    for ps in by_partner.values():
        if len({p["group_seq"] for p in ps}) > 1 and len({_key(p["name_zh"]) for p in ps}) > 1:
            report(ps, "Possibly the same project counted twice: same 乙方 and the same amount under different groups")


def _check_person_spelling(doc: Document, res: ParseResult, groups: list[_Group]) -> None:
    """A responsible person spelt two ways within one group and under the same leader, differing in
    one character of a three-character name (an OCR slip such as 苏铎焯 / 苏铨焯)."""
    for g in groups:
        seen: dict[tuple[str, str], list[dict]] = {}
        for p in g.projects:
            for name in (p["responsible_person"] or "").split("、"):
                if len(name) == 3:
                    seen.setdefault((p["leaders"] or "", name), []).append(p)
        keys = sorted(seen)
        for i, (lead, a) in enumerate(keys):
            for lead2, b in keys[i + 1:]:
                if lead == lead2 and a[0] == b[0] and sum(x != y for x, y in zip(a, b)) == 1:
                    pa, pb = seen[(lead, a)], seen[(lead, b)]
                    rare, common = (a, b) if len(pa) <= len(pb) else (b, a)
                    lines_r = ", ".join(str(p["line"]) for p in seen[(lead, rare)])
                    lines_c = ", ".join(str(p["line"]) for p in seen[(lead, common)])
                    res.finding(doc, seen[(lead, rare)][0]["line"], "ocr_error", rare,
                                f"{g.name_zh}: responsible person {rare} (line {lines_r}) and {common} "
                                f"(lines {lines_c}) differ by one character under the same leader {lead}; "
                                f"probably one person, {rare} an OCR slip. Kept as written.",
                                jurisdiction_id=JURISDICTION)


# ---------------------------------------------------------------- targets

_FAIR_INDICATORS = (
    ("fair18_contract_performance_rate", "履约率", "Contract performance rate of projects signed at the 18th Qinghai fair"),
    ("fair18_start_rate", "开工率", "Construction start rate of projects signed at the 18th Qinghai fair"),
    ("fair18_funds_in_place_rate", "资金到位率", "Funds-in-place rate of projects signed at the 18th Qinghai fair"),
)


def _target(doc: Document, res: ParseResult, line: int, indicator_id: str, zh: str, en: str, unit: str,
            year: int, value: float, raw: str, *, aspirational: bool = False) -> None:
    """A provincial 'at least' target (every target of this document is one)."""
    res.add_target(doc, line=line, jurisdiction_id=JURISDICTION, indicator_id=indicator_id, indicator_zh=zh,
                   indicator_en=en, unit=unit, year=year, value=value, raw=raw, aspirational=aspirational)


def _fair_targets(doc: Document, res: ParseResult) -> None:
    """134号 二、明确目标任务: three rates (%, 以上 = at least) by 2017年底 and by 2018年5月底."""
    n = doc.find(r"签约项目履约率、开工率、资金到位率")
    text = doc.line(n)
    m = re.search(r"(?P<clause1>到(?P<y1>\d{4})年底[，,][^；;]*?履约率、开工率、资金到位率要?分别达到"
                  r"(?P<a1>\d+(?:\.\d+)?)%、(?P<b1>\d+(?:\.\d+)?)%和(?P<c1>\d+(?:\.\d+)?)%以上)[；;]"
                  r"(?P<clause2>到(?P<y2>\d{4})年(?P<m2>\d{1,2})月底[，,]分别达到"
                  r"(?P<a2>\d+(?:\.\d+)?)%、(?P<b2>\d+(?:\.\d+)?)%和(?P<c2>\d+(?:\.\d+)?)%以上)", text)
    if not m:
        raise doc.error(n, "目标任务", "cannot read the 履约率/开工率/资金到位率 targets")
    y2, m2 = int(m["y2"]), int(m["m2"])
    if not (1 <= m2 <= 12 and 1900 < y2 < 2100 and 1900 < int(m["y1"]) < 2100):
        raise doc.error(n, "目标任务", f"date {m['y1']} / {y2}-{m2} out of range")
    dues = ((int(m["y1"]), f"{m['y1']}-12-31", m["clause1"], "1"),
            (y2, f"{y2}-{m2:02d}-{calendar.monthrange(y2, m2)[1]:02d}", m["clause2"], "2"))
    if dues[0][0] == dues[1][0]:
        raise doc.error(n, "目标任务", "both landing dates fall in one year; target ids would clash")
    for year, due, clause, k in dues:
        for (ind, zh, en), letter in zip(_FAIR_INDICATORS, "abc"):
            _target(doc, res, n, ind, zh, en, "%", year, float(m[letter + k]), f"{clause} (due {due})")
    for (ind, zh, _), letter in zip(_FAIR_INDICATORS, "abc"):
        if float(m[letter + "2"]) < float(m[letter + "1"]):
            res.finding(doc, n, "other", zh,
                        f"Line {n}: the {zh} target for {dues[1][1]} ({m[letter + '2']}%) is below the earlier one "
                        f"({m[letter + '1']}%).", stated=float(m[letter + "2"]), computed=float(m[letter + "1"]),
                        unit="%", jurisdiction_id=JURISDICTION)


# Other quantified provincial targets in the same file (135号 夏秋季攻势, 140号 医联体): pattern with
# the number in group 'v', indicator id, Chinese and English names, unit, year, 力争?
_OTHER_TARGETS = (
    (r"核发(?P<v>\d+)个重点行业排污许可证", "pollutant_permit_industries", "核发排污许可证重点行业",
     "Key industries issued pollutant discharge permits", "个", 2017, False),
    (r"编制完成(?P<v>\d+)个专项规划", "sanjiangyuan_np_special_plans", "三江源国家公园专项规划",
     "Sanjiangyuan National Park special plans completed", "个", 2017, False),
    (r"完成(?P<v>\d+)项重点任务", "sanjiangyuan_np_key_tasks", "三江源国家公园重点任务",
     "Sanjiangyuan National Park key tasks completed", "项", 2017, False),
    (r"牧业品牌(?P<v>\d+)个", "agri_brands", "绿色、有机、富硒等农牧业品牌",
     "Green, organic and selenium-rich farm brands built", "个", 2017, False),
    (r"新增(?P<v>\d+)[—\-–~]\d+家省级企业技术中心", "provincial_enterprise_tech_centres_new",
     "新增省级企业技术中心", "New provincial enterprise technology centres (2-3 stated; lower bound)", "家", 2017, False),
    (r"新认定科技型企业(?P<v>\d+)家", "tech_enterprises_new", "新认定科技型企业",
     "Newly certified science and technology enterprises", "家", 2017, False),
    (r"高新技术企业(?P<v>\d+)家", "high_tech_enterprises_new", "新认定高新技术企业",
     "Newly certified high-tech enterprises", "家", 2017, False),
    (r"科技小巨人企业(?P<v>\d+)家", "tech_little_giants_new", "新认定科技小巨人企业",
     "Newly certified 'little giant' technology enterprises", "家", 2017, False),
    (r"9月前完成(?P<v>\d+(?:\.\d+)?)万吨煤炭产能压减任务", "coal_capacity_cut", "煤炭产能压减",
     "Coal production capacity cut (by September)", "万吨", 2017, False),
    (r"全年支出执行率达到(?P<v>\d+(?:\.\d+)?)%以上", "fiscal_expenditure_execution_rate", "财政支出执行率",
     "Fiscal expenditure execution rate", "%", 2017, False),
    (r"力争年内完成不低于(?P<v>\d+(?:\.\d+)?)亿元的直接融资", "direct_financing", "直接融资",
     "Direct financing raised", "亿元", 2017, True),
    (r"“两票制”年内占比达到(?P<v>\d+(?:\.\d+)?)%", "two_invoice_drug_purchase_share", "药品采购“两票制”占比",
     "Share of drug purchases under the two-invoice system", "%", 2017, False),
    (r"按病种付费病种达到(?P<v>\d+)个以上", "drg_payment_diseases", "公立医院按病种付费病种",
     "Diseases paid by diagnosis in public hospitals", "个", 2017, False),
    (r"社会消费品零售总额增长(?P<v>\d+(?:\.\d+)?)%以上", "retail_sales_growth", "社会消费品零售总额增长",
     "Growth of total retail sales of consumer goods", "%", 2017, False),
    (r"全面完成(?P<v>\d+)个美丽乡村", "beautiful_villages", "美丽乡村建设",
     "Beautiful villages built (annual target)", "个", 2017, False),
    (r"(?P<v>\d+)个美丽城镇", "beautiful_towns", "美丽城镇建设", "Beautiful towns built (annual target)",
     "个", 2017, False),
    (r"投资完成率达到(?P<v>\d+(?:\.\d+)?)%以上", "central_budget_investment_completion_rate",
     "中央预算内投资项目投资完成率", "Completion rate of central-budget investment projects", "%", 2017, False),
    (r"规上工业增长(?P<v>\d+(?:\.\d+)?)%以上", "industrial_value_added_growth", "规上工业增长",
     "Growth of industry above designated size", "%", 2017, False),
    (r"2017年底[，,]全省家庭医生签约服务覆盖率达到(?P<v>\d+(?:\.\d+)?)%", "family_doctor_coverage",
     "家庭医生签约服务覆盖率", "Family doctor contract service coverage", "%", 2017, False),
    (r"2017年底[^。]*?重点人群覆盖率达到(?P<v>\d+(?:\.\d+)?)%以上", "family_doctor_coverage_key_groups",
     "重点人群家庭医生签约服务覆盖率", "Family doctor coverage of key population groups", "%", 2017, False),
    (r"2018年[，,]家庭医生签约服务覆盖率达到(?P<v>\d+(?:\.\d+)?)%以上", "family_doctor_coverage",
     "家庭医生签约服务覆盖率", "Family doctor contract service coverage", "%", 2018, False),
    (r"2018年[^。]*?重点人群签约服务覆盖率达到(?P<v>\d+(?:\.\d+)?)%以上", "family_doctor_coverage_key_groups",
     "重点人群家庭医生签约服务覆盖率", "Family doctor coverage of key population groups", "%", 2018, False),
)


def _other_targets(doc: Document, res: ParseResult) -> None:
    """The quantified targets of 135号 and 140号 (all Qinghai province, all 'at least')."""
    start = doc.find(r"青政办〔2017〕135号")
    for pattern, ind, zh, en, unit, year, aspirational in _OTHER_TARGETS:
        n = doc.find(pattern, start)
        m = re.search(pattern, doc.line(n))
        _target(doc, res, n, ind, zh, en, unit, year, float(m["v"]), m.group(0), aspirational=aspirational)


# ---------------------------------------------------------------- disclosure assessment (137号)

_DISCLOSURE_EN = {
    "组织领导": "Organisation and leadership", "政府信息公开制度": "Government information disclosure rules",
    "平台建设": "Platform building", "政府信息公开": "Government information disclosure",
    "政策解读": "Policy interpretation", "政务舆情监测处置": "Monitoring and handling of public opinion",
    "公众参与": "Public participation", "政务服务": "Government services", "加分项": "Bonus items",
    "减分项": "Deduction items", "直接归零项": "Items that reset the score to zero",
}
_GRADES = ((r"(?P<lo>\d+)分以上为(?P<g>优秀)", "excellent"), (r"(?P<lo>\d+)[—\-–]\d+分为(?P<g>良好)", "good"),
           (r"(?P<lo>\d+)[—\-–]\d+分为(?P<g>合格)", "pass"), (r"不足\d+分为(?P<g>不合格)", "fail"))
_POINTS = re.compile(r"(\d+(?:\.\d+)?)\s*分")


def _disclosure_rows(doc: Document) -> tuple[str, int, list[tuple[int, list[str]]]]:
    """Title, its line, and the tab lines of the annex table 政务公开考核内容."""
    t = doc.find(r"^\s*青海省政务公开工作考核办法\s*$", doc.find(r"青政办〔2017〕137号"))
    start = doc.find(r"^\s*政务公开考核内容\s*$", t + 1)
    rows = []
    for n in range(start + 1, len(doc.lines) + 1):
        s = doc.line(n)
        if not s.strip():
            continue
        if "\t" not in s:
            break
        cells = s.split("\t")
        if len(cells) != 4:
            raise doc.error(n, "cells", f"assessment row has {len(cells)} cells, expected 4")
        rows.append((n, cells))
    if not rows:
        raise doc.error(start, "考核内容", "the assessment table has no rows")
    return clean(doc.line(t)), t, rows


def _disclosure(doc: Document, res: ParseResult) -> None:
    """Level-1 items (序号 + 项目) and their 内容 lines as kind 'item'; grade bands as kind 'rule'."""
    title, tline, rows = _disclosure_rows(doc)
    fw = "003.disclosure"
    group: tuple[int, str] | None = None
    k = 0  # item number within the group
    seq = 0
    for n, cells in rows:
        c = [clean(x) for x in cells]
        if _key(cells[0]) == "序号":
            if tuple(_key(x) for x in cells) != ("序号", "项目", "内容", "备注"):
                raise doc.error(n, "header", f"unexpected assessment header {c}")
            continue
        sub = None
        if re.fullmatch(r"\d+", to_halfwidth(c[0])):
            gseq = int(to_halfwidth(c[0]))
            if group is not None and gseq != group[0] + 1:
                raise doc.error(n, "序号", f"item {gseq} does not follow {group[0]}")
            if not c[1] or not c[2]:
                raise doc.error(n, "项目", "numbered item without 项目 or 内容")
            group, k, text = (gseq, c[1]), 0, c[2]
        elif group is None:
            raise doc.error(n, "序号", "assessment content before the first numbered item")
        elif c[1] and c[2] and not c[0]:
            sub, text = c[1], c[2]          # a sub-heading such as 政务舆情制度 (line 926)
        elif sum(bool(x) for x in c[:3]) == 1:
            text = next(x for x in c[:3] if x)  # content slid into another column by the PDF
        else:
            raise doc.error(n, "内容", f"cannot read assessment row {c}")
        k += 1
        seq += 1
        pts = _POINTS.search(c[3]) or _POINTS.search(text)
        note = "；".join(x for x in (f"子项：{sub}" if sub else "", c[3]) if x) or None
        gen = _DISCLOSURE_EN.get(group[1], f"Item {group[0]}")
        res.frameworks.append(dict(
            framework_id=fw, doc_id=doc.doc_id, line=n, source=doc.src(n), system="disclosure",
            title_zh=title, group_seq=group[0], group_zh=group[1], group_points=None,
            indicator_seq=seq, indicator_id=f"{fw}.{seq}", indicator_zh=text,
            indicator_en=f"{gen}: item {k}", kind="item", kind_zh=None,
            weight=float(pts.group(1)) if pts else None, content_zh=note))
    _disclosure_scale(doc, res, fw, title, seq)


def _disclosure_scale(doc: Document, res: ParseResult, fw: str, title: str, seq: int) -> None:
    """第十一条: the 100-point scale and its four grades; check item points against the total."""
    n = doc.find(r"政务公开考核按百分制计分", doc.find(r"青政办〔2017〕137号"))
    text = doc.line(n)
    for pattern, en in _GRADES:
        m = re.search(pattern, text)
        if not m:
            raise doc.error(n, "考核等级", f"cannot read the grade band {pattern!r}")
        seq += 1
        lo = float(m["lo"]) if "lo" in m.groupdict() else 0.0
        res.frameworks.append(dict(
            framework_id=fw, doc_id=doc.doc_id, line=n, source=doc.src(n), system="disclosure",
            title_zh=title, group_seq=None, group_zh=None, group_points=None, indicator_seq=seq,
            indicator_id=f"{fw}.{seq}", indicator_zh=m["g"],
            indicator_en=f"Grade {en} (lowest score in weight, of 100)", kind="rule", kind_zh=None,
            weight=lo, content_zh=m.group(0)))
    items = [r for r in res.frameworks if r["framework_id"] == fw and r["kind"] == "item"]
    if not items:
        raise doc.error(n, "考核内容", "the assessment table has no items")
    pts = [r["weight"] for r in items if r["weight"] is not None]
    if not pts:
        res.finding(doc, n, "other", "政务公开考核内容",
                    f"Line {n} says the disclosure assessment is scored out of 100 (百分制), but none of the "
                    f"{len(items)} items of the annex table (lines {items[0]['line']}-{items[-1]['line']}) "
                    "carries points, so the points cannot be checked against the total.",
                    stated=100.0, unit="分", jurisdiction_id=JURISDICTION)
    elif abs(sum(pts) - 100) > 1e-9:
        res.finding(doc, n, "subtotal_mismatch", "政务公开考核内容",
                    f"Line {n} says the assessment is scored out of 100; the items' points sum to {sum(pts):g}.",
                    stated=100.0, computed=sum(pts), unit="分", jurisdiction_id=JURISDICTION)


# ---------------------------------------------------------------- entry point

def parse(doc: Document) -> ParseResult:
    """Parse document 003 (see module docstring). Raises :class:`ParseError` on a broken layout."""
    res = ParseResult()
    _fair_targets(doc, res)
    groups = _read_table(doc)
    _build_projects(doc, res, groups)
    _check_groups(doc, res, groups)
    _report_empty_cells(doc, res)
    _check_summary(doc, res, groups)
    _check_duplicates(doc, res)
    _check_person_spelling(doc, res, groups)
    _other_targets(doc, res)
    _disclosure(doc, res)
    return finish(doc, res)
