"""Parser of document 000: Zhangye's ten eco-industries, their driving projects and the
performance-assessment method (张掖市生态产业发展绩效考核办法（试行）).

The document has three parts, read in this order:

* 附件1 — the ten industries, each with 包抓领导 (persons with titles), 牵头部门 and 责任部门;
* 附件2 — the table of 81 driving projects (投资 in 亿元 = 100 million yuan), grouped by
  industry with per-group counts (共N项) and subtotals, and a grand total (合计81项 1225.44);
* the assessment method: prose rules (第一条…第十六条) and three indicator tables
  (县区 / 市级牵头部门 / 市级责任部门), each summing to 100 points.

Layout of the flattened tables: every cell starts on a line beginning with a TAB; a cell may
continue over following lines that do not start with a TAB (blank ones included, e.g.
'2018-\\n\\n2021'); a table row starts at a TAB line that follows an empty line. The page
header row is repeated on every page.

Merged cells of 附件2, decided per column (an empty cell is what the PDF leaves under a merged
cell that spans several rows, and the header is repeated at each page break):

* 市直牵头部门, 市直责任部门: one merged cell per industry group (per page); an empty or 同上
  cell means "same as the nearest filled cell above in the same group" and is filled from it
  (responsibility rows point at the line of that cell).
* 市级包抓领导, 建设性质, 建设期限, 总投资, 县区/责任人, 备注: given row by row (they change from
  row to row; 省列 is repeated on each row it applies to), so an empty cell means "not stated"
  and stays missing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from zyanalysis.data.schemas import DRIVING_PROJECTS
from zyanalysis.reference.jurisdictions import find_jurisdiction, jurisdictions, resolve_jurisdiction
from .base import (Document, ParseResult, clean, finish, is_ditto, parse_number, parse_period,
                   project_id, split_list, squeeze, sum_mismatch, to_halfwidth)

DOC_ID = "000"
TAXONOMY = "zhangye_eco10"
REGISTRY = DRIVING_PROJECTS

# ------------------------------------------------------------------ reference labels

#: 附件1 industry name → (slug, English name). The slugs are the stable industry ids.
INDUSTRIES: dict[str, tuple[str, str]] = {
    "循环农业产业": ("circular_agriculture", "Circular agriculture"),
    "中医中药产业": ("chinese_medicine", "Traditional Chinese medicine"),
    "先进制造产业": ("advanced_manufacturing", "Advanced manufacturing"),
    "数据信息产业": ("data_information", "Data and information"),
    "军民融合产业": ("military_civilian_integration", "Military-civilian integration"),
    "清洁能源产业": ("clean_energy", "Clean energy"),
    "节能环保产业": ("energy_saving_environmental", "Energy saving and environmental protection"),
    "清洁生产产业": ("clean_production", "Clean production"),
    "文化旅游产业": ("culture_tourism", "Culture and tourism"),
    "通道物流产业": ("corridor_logistics", "Corridor logistics"),
}

#: 二级指标 (as written, numbering removed) → English label, for the three indicator systems.
INDICATOR_EN: dict[str, str] = {
    "领导小组": "Leading group set up",
    "政策支撑": "Policy support",
    "组织实施": "Organisation and implementation",
    "工作台账": "Work ledger",
    "协调推进": "Coordination meetings",
    "调查研究": "Investigation and research",
    "专项行动计划落实方案": "Implementation of the special action plan",
    "问题整改": "Rectification of problems found",
    "增加值及增速": "Eco-industry value added and its growth",
    "占GDP比重及增幅": "Eco-industry share of GDP and its increase",
    "重大带动性工程": "Major driving projects",
    "产业园区建设": "Industrial park construction",
    "产业链发展情况": "Industrial chain development",
    "项目建设": "Project construction and investment",
    "企业培育": "New above-scale enterprises",
    "招商引资": "Investment attraction",
    "单位GDP能耗降低": "Reduction of energy use per unit of GDP",
    "主要污染物排放总量减少": "Reduction of total emissions of major pollutants",
    "工作创新": "Innovation in the work",
    "人才支撑": "Talent support",
    "土地保障": "Land supply",
    "财政政策": "Fiscal support",
    "税收政策": "Tax incentives",
    "融资渠道": "Financing channels",
    "营商环境": "Business environment",
    "部门访谈": "Interviews with city departments",
    "企业测评": "Enterprise satisfaction survey",
    "领导包抓": "Leaders and staff assigned",
    "督查调度": "Supervision and scheduling",
    "决策落实": "Implementation of city decisions",
    "要素创新": "Factor innovation",
    "发展经验": "Transferable experience",
    "县区访谈": "Interviews with counties",
    "组织领导": "Organisational leadership",
    "协调配合": "Cooperation with the lead department",
    "行动计划落实": "Implementation of the action plan",
    "政策落实": "Policy implementation",
    "落实创新": "Innovation in implementation",
    "牵头部门访谈": "Interviews with lead departments",
}

_KIND = {"描述性": "descriptive", "统计性": "statistical"}

#: title suffix of each indicator table → (framework_id, system)
_SYSTEMS = {"县区": ("000.county", "county"), "市级牵头部门": ("000.lead", "lead"),
            "市级责任部门": ("000.responsible", "responsible")}

_ROLE_EN = {"包抓领导": "leader", "牵头部门": "lead_department", "责任部门": "responsible_department",
            "县区责任人": "county_official"}

_CN_NUM = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}

# ------------------------------------------------------------------ scoring rules

#: The numeric rules of the assessment (第十三条, 第十五条 and the indicator tables), as the
#: document states them; ``line`` is the 1-based line of document 000 and ``text_zh`` the words.
#: Shares are fractions of an indicator's weight (分值). ``parse`` re-reads these lines and raises
#: ParseError if the document says anything else, so the scoring module can rely on them.
SCORING_RULES: dict[str, dict] = {
    "full_marks": dict(
        value=100, line=1804, text_zh="绩效考核采用百分制评分的方法"),
    "grade_share": dict(
        value={"全面完成": 1.0, "基本完成": 0.8, "部分完成": 0.6}, line=1808,
        text_zh="描述性指标按照全面完成（100%）、基本完成（80%）和部分完成（60%）评分",
        note="descriptive indicators; the document names no grade below 部分完成"),
    "rank_share": dict(
        value={"first": 1.0, "second": 0.98, "third": 0.96, "step_per_place": 0.02}, line=1808,
        text_zh="统计性指标按照统计部门提供的指标名次评分，第一名（分值×100%）、第二名（分值×98%）、"
                "第三名（分值×96%），每排名后一位递减2%，依次类推",
        note="statistical indicators: share = 1 − 0.02 × (rank − 1); no floor is stated"),
    "bonus_per_commendation": dict(
        value=(1, 3), line=1810,
        text_zh="获得国家部委、省委省政府、市委市政府表彰奖励的，1次加1-3分",
        note="1 to 3 points per commendation; no cap on the number of commendations is stated"),
    "bonus_special_merit_max": dict(
        value=2, line=1810,
        text_zh="在政策落实、信息报送、服务企业等方面成效特别明显的，给予不超过2分的加分"),
    "deduction_per_criticism": dict(
        value=1, line=1812, text_zh="对市政府常务会议调度生态产业发展时通报批评的，1次扣1分"),
    "deduction_per_unimplemented_assignment": dict(
        value=1, line=1812, text_zh="对未按要求贯彻落实市政府有关生态产业发展交办事项的，1次扣1分"),
    "deduction_lead_no_differentiated_breakdown": dict(
        value=2, line=1812, applies_to="lead",
        text_zh="牵头部门未结合全市生态产业发展布局对县区政府生态产业发展目标任务差异化分解的，扣2分"),
    "deduction_county_no_focus": dict(
        value=2, line=1812, applies_to="county",
        text_zh="县区政府未按照特色化要求，突出发展重点，推进生态产业发展的，扣2分"),
    "total_score": dict(
        value="indicator scores + bonuses − deductions", line=1814,
        text_zh="年度考核总得分为各项考核指标得分和加减分项之和"),
    "praised_top_n": dict(
        value=2, line=1832, text_zh="对年度考核前2名的县区和市直部门给予表扬"),
    "interview_bottom_n": dict(
        value=2, line=1832, text_zh="对年度考核后2名的县区和市直部门报市政府约谈"),
    "county_growth_below_gdp_zero": dict(
        value=0, line=1897, applies_to="county", indicator_id="000.county.9",
        text_zh="评价生态产业增加值及增速（与占GDP比重及增幅平衡后评分，低于GDP增速不得分）",
        note="county indicator 9 scores 0 when eco-industry growth is below GDP growth"),
    "lead_growth_below_eco_growth_zero": dict(
        value=0, line=2079, applies_to="lead", indicator_id="000.lead.9",
        text_zh="评价牵头的生态产业增加值及增速（与占GDP比重及增幅平衡后评分，低于生态产业增加值增速不得分）",
        note="lead indicator 9: the comparison is with eco-industry value-added growth, not GDP"),
}


# ------------------------------------------------------------------ flattened-table reading

@dataclass
class Cell:
    """One table cell: the line it starts on and its text lines (the leading TAB removed)."""

    line: int
    lines: list[str]

    @property
    def raw(self) -> str:
        """The cell as written: its lines joined with newlines, trailing blank lines and spaces cut."""
        return "\n".join(l.rstrip() for l in self.lines).strip("\n").rstrip()

    @property
    def text(self) -> str:
        """Whitespace-collapsed text ('' for a cell holding only U+3000)."""
        return clean(" ".join(self.lines))

    @property
    def parts(self) -> list[str]:
        """Non-empty cleaned lines."""
        return [c for c in (clean(l) for l in self.lines) if c]


def _table_rows(doc: Document, start: int, end: int) -> list[list[Cell]]:
    """Rows of cells between lines ``start`` and ``end`` (1-based, inclusive).

    A row starts at a TAB line after an empty line (or at the first TAB line); other TAB lines
    start a new cell; non-TAB lines continue the current cell.
    """
    rows: list[list[Cell]] = []
    prev = ""
    for n in range(start, end + 1):
        s = doc.line(n)
        if s.startswith("\t"):
            if not rows or prev == "":
                rows.append([])
            rows[-1].append(Cell(n, [s[1:]]))
        elif rows:
            rows[-1][-1].lines.append(s)
        elif s.strip():
            raise doc.error(n, "table", f"text before the first table cell: {s.strip()!r}")
        prev = s
    return rows


# ------------------------------------------------------------------ 附件1: industries

_IND_HEAD = re.compile(r"^([一二三四五六七八九十]+)、(\S+产业)$")


def _person(doc: Document, n: int, text: str) -> tuple[str, str, str]:
    """'马  斌  副市长人选' → ('马斌', '副市长人选', '马  斌'): the title is the last space-separated
    token (titles hold no spaces), the name is the rest (as written, and squeezed)."""
    text = text.strip().replace("\u3000", " ")
    tokens = text.split()
    if len(tokens) < 2:
        raise doc.error(n, "包抓领导", f"expected 'NAME  TITLE', found {text!r}")
    title = tokens[-1]
    raw = text[:text.rfind(title)].strip()
    name = squeeze(raw)
    if not 2 <= len(name) <= 4:
        raise doc.error(n, "包抓领导", f"implausible person name {name!r} in {text!r}")
    return name, title, raw


def _parse_industries(doc: Document, res: ParseResult, start: int, end: int) -> dict[str, dict]:
    """Read 附件1 (lines start..end): industries and their 包抓领导/牵头部门/责任部门."""
    inds: dict[str, dict] = {}
    cur: dict | None = None
    field = None
    for n in range(start, end + 1):
        s = clean(doc.line(n))
        if not s or s == "张掖市十大生态产业包抓责任分工":
            continue
        m = _IND_HEAD.match(s)
        if m:
            name = m.group(2)
            if name not in INDUSTRIES:
                raise doc.error(n, "industry", f"unknown industry {name!r}")
            seq = _cn_num(doc, n, m.group(1))
            if seq != len(inds) + 1 or name in inds:
                raise doc.error(n, "industry", f"industry {seq} {name!r} out of order")
            cur = inds[name] = dict(seq=seq, line=n, name=name, leaders=[], lead=None, resp=None)
            field = None
            continue
        if cur is None:
            raise doc.error(n, "industry", f"text before the first industry heading: {s!r}")
        key, _, rest = s.partition("：")
        if key in ("牵头部门", "责任部门") and rest:
            slot = "lead" if key == "牵头部门" else "resp"
            if cur[slot] is not None:
                raise doc.error(n, key, f"{key} given twice for {cur['name']}")
            cur[slot] = (n, rest)
            field = slot
        elif key == "包抓领导" and rest:
            if cur["leaders"]:
                raise doc.error(n, key, f"包抓领导 given twice for {cur['name']}")
            cur["leaders"].append((n, *_person(doc, n, doc.line(n).split("：", 1)[1])))
            field = "leaders"
        elif field == "leaders" and cur["lead"] is None:
            cur["leaders"].append((n, *_person(doc, n, doc.line(n))))
        else:
            raise doc.error(n, "附件1", f"unexpected line {s!r}")
    if len(inds) != len(INDUSTRIES):
        raise doc.error(end, "industry", f"expected {len(INDUSTRIES)} industries in 附件1, found {len(inds)}")
    for ind in inds.values():
        for slot, role in (("leaders", "包抓领导"), ("lead", "牵头部门"), ("resp", "责任部门")):
            if not ind[slot]:
                raise doc.error(ind["line"], role, f"{ind['name']} has no {role}")
        _emit_industry(doc, res, ind)
    _check_titles(doc, res, inds)
    return inds


def _emit_industry(doc: Document, res: ParseResult, ind: dict) -> None:
    """Industry row and its responsibilities (persons with titles, departments)."""
    slug, name_en = INDUSTRIES[ind["name"]]
    ind["id"] = f"{TAXONOMY}.{slug}"
    ind["en"] = name_en
    res.industries.append(dict(industry_id=ind["id"], taxonomy=TAXONOMY, seq=ind["seq"], name_zh=ind["name"],
                               name_en=name_en, doc_id=doc.doc_id, line=ind["line"], source=doc.src(ind["line"])))
    subject = dict(subject_type="industry", subject_id=ind["id"], subject_zh=ind["name"])
    for n, name, title, raw in ind["leaders"]:
        res.add_responsibility(doc, line=n, **subject, role="包抓领导", role_en="leader", party_zh=name,
                               party_raw=raw, party_type="person", title_zh=title, jurisdiction_id="zhangye")
    for slot, role in (("lead", "牵头部门"), ("resp", "责任部门")):
        n, text = ind[slot]
        depts = split_list(text, "、，,；;")
        ind[slot + "_set"] = depts
        for raw, d in zip([p.strip() for p in re.split("[、，,；;]", text) if p.strip()], depts):
            res.add_responsibility(doc, line=n, **subject, role=role, role_en=_ROLE_EN[role], party_zh=d,
                                   party_raw=raw, party_type="department", jurisdiction_id=_dept_jurisdiction(d))


def _check_titles(doc: Document, res: ParseResult, inds: dict[str, dict]) -> None:
    """A person listed in 附件1 with two different titles is a finding."""
    seen: dict[str, tuple[str, int]] = {}
    for ind in inds.values():
        for n, name, title, _ in ind["leaders"]:
            if name in seen and seen[name][0] != title:
                t0, n0 = seen[name]
                res.finding(doc, n, "person_two_titles", name,
                            f"{name} is titled '{t0}' on line {n0} but '{title}' on line {n}.")
            seen.setdefault(name, (title, n))


def _dept_jurisdiction(name: str) -> str | None:
    """City departments (市…, 张掖…) belong to the city; a county organ to its county."""
    if name.startswith("市") or name.startswith("张掖"):
        return "zhangye"
    return find_jurisdiction(name)


def _cn_num(doc: Document, n: int, s: str) -> int:
    """一…十 → 1…10 (the documents number at most ten items with these numerals)."""
    if s not in _CN_NUM:
        raise doc.error(n, "numbering", f"unexpected numeral {s!r}")
    return _CN_NUM[s]


# ------------------------------------------------------------------ 附件2: projects

_HEADER = ["序号", "项目名称", "建设性质", "建设期限", "建设规模及主要建设内容", "总投资(亿元)",
           "市级包抓领导", "市直牵头部门", "市直责任部门", "县区责任人", "备注"]
_TOTAL = re.compile(r"^合计(\d+)项$")
_GROUP = re.compile(r"^([一二三四五六七八九十]+)、(\S+?)（共(\d+)项）\s*牵头领导：(.*)$")
_DEPT_END = re.compile(r"(局|委|办|司|中心|公司)$")


def _depts(cell: Cell) -> list[str]:
    """Departments of a cell, one a line, re-joining names the PDF broke over lines
    ('市发展' + '改革委'): a fragment that does not end like a department name continues."""
    out: list[str] = []
    for p in cell.parts:
        p = squeeze(p)
        if out and not _DEPT_END.search(out[-1]):
            out[-1] += p
        else:
            out.append(p)
    return out


def _check_header(doc: Document, res: ParseResult, row: list[Cell]) -> None:
    """The repeated page header must name the 11 columns (one page mislabels 县区责任人)."""
    got = [squeeze(to_halfwidth(c.text)) for c in row]
    if len(got) != len(_HEADER):
        raise doc.error(row[0].line, "header", f"expected {len(_HEADER)} header cells, found {len(got)}")
    for i, (g, want) in enumerate(zip(got, _HEADER)):
        if g == want:
            continue
        if want == "县区责任人" and g == "市直责任部门":
            res.finding(doc, row[i].line, "other", g,
                        f"The page header on line {row[0].line} labels the 10th column (县区责任人, county "
                        f"official) '市直责任部门' on line {row[i].line}; the rows under it hold a county and "
                        f"its officials, so the label is read as 县区责任人.")
            continue
        raise doc.error(row[i].line, "header", f"expected column {want!r}, found {g!r}")


def _blank_rest(doc: Document, row: list[Cell], what: str) -> None:
    """Total and group rows carry a label and an amount; their other cells must be empty."""
    if len(row) < 2:
        raise doc.error(row[0].line, what, "row has no amount cell")
    for c in row[2:]:
        if c.text:
            raise doc.error(c.line, what, f"unexpected text {c.text!r} in a {what} row")


def _parse_projects(doc: Document, res: ParseResult, start: int, end: int, inds: dict[str, dict]) -> None:
    """Read 附件2 (lines start..end) into projects and project responsibilities, checking every
    stated count and subtotal."""
    rows = _table_rows(doc, start, end)
    total: tuple[int, int, float] | None = None
    groups: list[dict] = []
    by_seq = {i["seq"]: i for i in inds.values()}
    for row in rows:
        first = squeeze(row[0].text)
        if first == "序号":
            _check_header(doc, res, row)
        elif _TOTAL.match(first):
            if total is not None or groups:
                raise doc.error(row[0].line, "合计", "grand-total row not at the top of the table")
            _blank_rest(doc, row, "合计")
            total = (row[0].line, int(_TOTAL.match(first).group(1)),
                     parse_number(row[1].text, doc=doc, line=row[1].line, field="合计 总投资"))
        elif m := _GROUP.match(row[0].text):
            _blank_rest(doc, row, "group")
            groups.append(_group(doc, res, row, m, by_seq, len(groups) + 1))
        elif re.fullmatch(r"\d+", first):
            if not groups:
                raise doc.error(row[0].line, "序号", "project row before the first industry group")
            _project(doc, res, row, groups[-1])
        else:
            raise doc.error(row[0].line, "附件2", f"unrecognised row starting {row[0].text[:30]!r}")
    if total is None:
        raise doc.error(start, "合计", "no 合计 (grand total) row in 附件2")
    if len(groups) != len(INDUSTRIES):
        raise doc.error(end, "group", f"expected {len(INDUSTRIES)} industry groups in 附件2, found {len(groups)}")
    for g in groups:
        _check_group(doc, res, g)
    _check_total(doc, res, total, groups)


def _group(doc: Document, res: ParseResult, row: list[Cell], m: re.Match, by_seq: dict, expect: int) -> dict:
    """An industry group row: '一、循环农业产业（共12项）  牵头领导：赵立香  王海峰' + subtotal."""
    n = row[0].line
    seq = _cn_num(doc, n, m.group(1))
    ind = by_seq.get(seq)
    if seq != expect or ind is None or ind["name"] != m.group(2):
        raise doc.error(n, "group", f"group {m.group(1)}、{m.group(2)} does not match 附件1 industry {expect}")
    leaders = _names(m.group(4))
    want = [p[1] for p in ind["leaders"]]
    if leaders != want:
        res.finding(doc, n, "other", ind["name"],
                    f"Group heading on line {n} names the leaders {'、'.join(leaders)} but 附件1 (line "
                    f"{ind['line']}) names {'、'.join(want)} for {ind['name']}.")
    return dict(seq=seq, line=n, ind=ind, count=int(m.group(3)), count_line=n,
                subtotal=parse_number(row[1].text, doc=doc, line=row[1].line, field="小计 总投资"),
                subtotal_line=row[1].line, projects=[], lead=None, resp=None, cells=[])


def _names(text: str) -> list[str]:
    """'张勇  秦禾' → ['张勇', '秦禾']; one-character tokens are padding of a name ('马  斌')."""
    out: list[str] = []
    pending = ""
    for t in clean(text).split(" "):
        if not t:
            continue
        if len(t) == 1:
            pending += t
            if len(pending) >= 2:
                out.append(pending)
                pending = ""
        else:
            out.append(pending + t if pending else t)
            pending = ""
    return out + ([pending] if pending else [])


def _project(doc: Document, res: ParseResult, row: list[Cell], g: dict) -> None:
    """One project row of 11 cells → a projects record and its responsibilities."""
    n = row[0].line
    if len(row) != len(_HEADER):
        raise doc.error(n, "row", f"project row has {len(row)} cells, expected {len(_HEADER)}")
    seq_c, name_c, nature_c, period_c, content_c, inv_c, lead_c, dlead_c, dresp_c, county_c, rem_c = row
    seq = int(squeeze(seq_c.text))
    prev = g["projects"][-1]["seq"] if g["projects"] else 0
    if seq <= prev:  # ids are built from 序号: a repeat would collide
        raise doc.error(n, "序号", f"project number {seq} follows {prev} in group {g['ind']['name']}")
    if seq != prev + 1:  # a gap: a row is missing, or the numbering is wrong; say so and go on
        res.finding(doc, n, "other", g["ind"]["name"],
                    f"In group {g['ind']['name']} the project numbering jumps from {prev} to {seq} on line {n}.",
                    stated=seq, computed=prev + 1)
    name = squeeze(name_c.text) if len(name_c.parts) > 1 else name_c.text
    if not name:
        raise doc.error(name_c.line, "项目名称", "empty project name")
    period_raw = period_c.raw.strip() or None
    start, end = parse_period(period_c.text)
    if period_raw and start is None:
        raise doc.error(period_c.line, "建设期限", f"cannot read a period from {period_c.text!r}")
    if start is not None and (end is None or end < start):
        raise doc.error(period_c.line, "建设期限", f"period {period_c.text!r} ends before it starts")
    inv = parse_number(inv_c.text, doc=doc, line=inv_c.line, field="总投资")
    # merged department cells: empty / 同上 → the nearest filled cell above in this group
    for key, c in (("lead", dlead_c), ("resp", dresp_c)):
        if c.text and not is_ditto(c.text):
            g[key] = (c.line, _depts(c))
            g["cells"].append((key, c.line, g[key][1]))
        elif g[key] is None:
            raise doc.error(c.line, "市直牵头部门" if key == "lead" else "市直责任部门",
                            f"first project of group {g['ind']['name']} has an empty merged cell")
    unit, persons = _county(county_c)
    jid = _unit_jurisdiction(unit)
    pid = project_id(doc.doc_id, g["seq"], seq)
    leaders = [x for p in lead_c.parts for x in split_list(p, "、，,")]
    res.projects.append(dict(
        project_id=pid, doc_id=doc.doc_id, line=n, source=doc.src(n), registry=REGISTRY,
        group_seq=g["seq"], group_zh=g["ind"]["name"], group_en=g["ind"]["en"], industry_id=g["ind"]["id"],
        seq=seq, name_zh=name, nature_zh=squeeze(nature_c.text) or None, period_raw=period_raw,
        start_year=start, end_year=end, content_zh="\n".join(content_c.parts) or None,
        investment_yi=inv, investment_raw=inv_c.text, leaders="、".join(leaders) or None,
        lead_departments="、".join(g["lead"][1]), responsible_departments="、".join(g["resp"][1]),
        jurisdiction_id=jid, county_raw=county_c.raw or None,
        responsible_person="、".join(p for p, _ in persons) or None, party_a=None, party_b=None,
        fund_source=None, remark=rem_c.text or None))
    g["projects"].append(dict(id=pid, seq=seq, name=name, line=n, inv=inv, inv_line=inv_c.line, unit=unit,
                              unit_line=county_c.line, persons=persons, content=content_c.text,
                              content_line=content_c.line, jid=jid))
    for what, c, missing in (("建设性质", nature_c, not nature_c.text), ("建设期限", period_c, not period_raw),
                             ("市级包抓领导", lead_c, not leaders), ("县区责任人", county_c, bool(unit) and not persons)):
        if missing:  # every row of the document fills these; an empty one is worth a look
            res.finding(doc, c.line, "other", name, f"Project {pid} (line {n}) gives no {what} (cell on line {c.line}).")
    subject = dict(subject_type="project", subject_id=pid, subject_zh=name)
    for p in leaders:
        res.add_responsibility(doc, line=lead_c.line, **subject, role="包抓领导", role_en="leader", party_zh=p,
                               party_raw=p, party_type="person", jurisdiction_id="zhangye")
    for key, role in (("lead", "牵头部门"), ("resp", "责任部门")):
        ln, depts = g[key]
        for d in depts:
            res.add_responsibility(doc, line=ln, **subject, role=role, role_en=_ROLE_EN[role], party_zh=d,
                                   party_raw=d, party_type="department", jurisdiction_id=_dept_jurisdiction(d))
    pj = jid or ("zhangye" if unit.startswith("市") else None)
    for p, raw in persons:
        res.add_responsibility(doc, line=county_c.line, **subject, role="县区责任人", role_en="county_official",
                               party_zh=p, party_raw=raw, party_type="person", jurisdiction_id=pj)


def _county(c: Cell) -> tuple[str, list[tuple[str, str]]]:
    """县区 cell → (unit as written, [(person squeezed, person as written)]): the first line is
    the county (or city organ), the following lines are its officials."""
    parts = c.parts
    if not parts:
        return "", []
    return parts[0], [(squeeze(p), p) for p in parts[1:]]


def _unit_jurisdiction(unit: str) -> str | None:
    """Jurisdiction id when the unit names exactly one county-level unit, else None
    (city organs such as 市信息办, empty cells, several units)."""
    if not unit or unit.startswith("市"):
        return None
    jid = resolve_jurisdiction(unit) or find_jurisdiction(unit)
    if jid is None:
        return None
    # several units named in one cell → not exactly one unit
    rest = unit
    for key in sorted(_aliases(jid), key=len, reverse=True):
        rest = rest.replace(key, "")
    return None if find_jurisdiction(rest) else jid


@lru_cache(maxsize=None)
def _aliases(jid: str) -> frozenset[str]:
    """Every Chinese name of ``jid`` (official name and aliases) from the reference table."""
    df = jurisdictions()
    row = df[df["jurisdiction_id"] == jid].iloc[0]
    return frozenset([row["name_zh"], *[a for a in str(row["aliases"] or "").split("、") if a]])


# ------------------------------------------------------------------ 附件2 checks

def _check_group(doc: Document, res: ParseResult, g: dict) -> None:
    """Stated 共N项 and subtotal versus the group's rows; departments versus 附件1; county cells."""
    name, ps = g["ind"]["name"], g["projects"]
    if len(ps) != g["count"]:
        res.finding(doc, g["count_line"], "count_mismatch", name,
                    f"Group {name} (line {g['count_line']}) states 共{g['count']}项 but lists {len(ps)} projects "
                    f"(lines {ps[0]['line'] if ps else '-'}–{ps[-1]['line'] if ps else '-'}).",
                    stated=g["count"], computed=len(ps), unit="projects")
    s = sum_mismatch(g["subtotal"], (p["inv"] for p in ps), digits=2, tolerance=0.005)
    if s is not None:
        res.finding(doc, g["subtotal_line"], "subtotal_mismatch", name,
                    f"Group {name} states a subtotal of {g['subtotal']:.2f}亿元 on line {g['subtotal_line']} but its "
                    f"{len(ps)} projects sum to {s:.2f}亿元.", stated=g["subtotal"], computed=s, unit="亿元")
    _check_departments(doc, res, g)
    for p in ps:
        _check_county(doc, res, p)
        _check_content_amounts(doc, res, p)
        _check_company_name(doc, res, p)


def _check_total(doc: Document, res: ParseResult, total: tuple[int, int, float], groups: list[dict]) -> None:
    """合计N项 and the grand total versus all rows and versus the stated group figures."""
    line, count, amount = total
    n_rows = sum(len(g["projects"]) for g in groups)
    if n_rows != count:
        res.finding(doc, line, "count_mismatch", f"合计{count}项",
                    f"The grand total on line {line} states {count} projects but the table lists {n_rows}.",
                    stated=count, computed=n_rows, unit="projects")
    n_stated = sum(g["count"] for g in groups)
    if n_stated != count:
        res.finding(doc, line, "count_mismatch", f"合计{count}项",
                    f"The grand total on line {line} states {count} projects but the group counts (共N项) add "
                    f"up to {n_stated}.", stated=count, computed=n_stated, unit="projects")
    s = sum_mismatch(amount, (p["inv"] for g in groups for p in g["projects"]), digits=2, tolerance=0.005)
    if s is not None:
        res.finding(doc, line + 1, "total_mismatch", f"合计{count}项",
                    f"The grand total on line {line + 1} is {amount:.2f}亿元 but the {n_rows} projects sum to "
                    f"{s:.2f}亿元.", stated=amount, computed=s, unit="亿元")
    sub = sum_mismatch(amount, (g["subtotal"] for g in groups), digits=2, tolerance=0.005)
    if sub is not None:
        res.finding(doc, line + 1, "total_mismatch", f"合计{count}项",
                    f"The grand total on line {line + 1} is {amount:.2f}亿元 but the stated group subtotals add up "
                    f"to {sub:.2f}亿元.", stated=amount, computed=sub, unit="亿元")


def _check_departments(doc: Document, res: ParseResult, g: dict) -> None:
    """Each department cell of 附件2 versus the departments 附件1 assigns to the industry
    (one finding per group and role, listing every cell that differs)."""
    ind = g["ind"]
    for key, role in (("lead", "牵头部门"), ("resp", "责任部门")):
        want = set(ind[key + "_set"])
        diffs = [(ln, sorted(want - set(d)), sorted(set(d) - want)) for k, ln, d in g["cells"]
                 if k == key and set(d) != want]
        if not diffs:
            continue
        parts = [f"line {ln}: only in 附件1 {'、'.join(a) or 'none'}, only in 附件2 {'、'.join(b) or 'none'}"
                 for ln, a, b in diffs]
        res.finding(doc, diffs[0][0], "other", f"{ind['name']} {role}",
                    f"The {role} of {ind['name']} in 附件2 differ from 附件1 (line {ind[key][0]}): "
                    + "; ".join(parts) + ".")


_OCR_DEBRIS = re.compile(r"[A-Za-z0-9]")


def _check_county(doc: Document, res: ParseResult, p: dict) -> None:
    """Latin letters or digits inside a county name are OCR debris ('临泽54r5县')."""
    if p["unit"] and _OCR_DEBRIS.search(p["unit"]):
        read = p["jid"] or "no unit"
        res.finding(doc, p["unit_line"], "ocr_error", p["unit"],
                    f"The county cell of project {p['id']} on line {p['unit_line']} reads '{p['unit']}', with stray "
                    f"characters; it is read as {read}.", jurisdiction_id=p["jid"])


_AMOUNT = re.compile(r"(总)?投资(约)?(\d+(?:\.\d+)?)(亿元|万元)")


def _check_content_amounts(doc: Document, res: ParseResult, p: dict) -> None:
    """Amounts stated in the content text versus the 总投资 cell.

    A whole-project total (总投资X, in a clause that does not name a phase) must equal the cell;
    amounts of several phases (投资X without 总) must add up to it.
    """
    phases: list[float] = []
    for clause in re.split("[，。；,;]", p["content"]):
        for m in _AMOUNT.finditer(clause):
            v = float(m.group(3)) / (10000 if m.group(4) == "万元" else 1)
            if m.group(1) and not re.search("[一二三四五]期", clause):
                if abs(v - p["inv"]) > 0.005:
                    res.finding(doc, p["content_line"], "total_mismatch", p["name"],
                                f"Project {p['id']}: the content on line {p['content_line']} gives a total "
                                f"investment of {v:g}亿元 but the 总投资 cell on line {p['inv_line']} says "
                                f"{p['inv']:g}亿元.", stated=p["inv"], computed=v, unit="亿元")
            elif not m.group(1) and m.group(4) == "亿元" and "完成" not in clause:
                phases.append(v)
    if len(phases) >= 2:
        s = sum_mismatch(p["inv"], phases, digits=2, tolerance=0.005)
        if s is not None:
            kind = "siblings_exceed_total" if s > p["inv"] else "other"
            res.finding(doc, p["content_line"], kind, p["name"],
                        f"Project {p['id']}: the phase investments in the content on line {p['content_line']} "
                        f"({' + '.join(f'{x:g}' for x in phases)} = {s:g}亿元) do not equal the 总投资 of "
                        f"{p['inv']:g}亿元 on line {p['inv_line']}.", stated=p["inv"], computed=s, unit="亿元")


def _check_company_name(doc: Document, res: ParseResult, p: dict) -> None:
    """The company named in a project's title, misspelt by one character in its content
    (七一冰川 → 七一水川), is an OCR error."""
    m = re.match(r"^(.{4,}?公司)", p["name"])
    if not m or m.group(1) in p["content"]:
        return
    co = m.group(1)
    k = len(co)
    for i in range(0, max(0, len(p["content"]) - k) + 1):
        cand = p["content"][i:i + k]
        if sum(a != b for a, b in zip(cand, co)) == 1:
            res.finding(doc, p["content_line"], "ocr_error", co,
                        f"Project {p['id']}: the content on line {p['content_line']} names the company "
                        f"'{cand}', the project name on line {p['line']} '{co}'; one character differs.")
            return


def _check_namesakes(doc: Document, res: ParseResult, inds: dict[str, dict]) -> None:
    """A county official bearing the name of a city leader of 附件1 (probably a namesake)."""
    leaders: dict[str, tuple[str, int]] = {}
    for ind in inds.values():
        for n, name, title, _ in ind["leaders"]:
            leaders.setdefault(name, (title, n))  # first listing
    done: set[str] = set()
    for r in res.responsibilities:
        if r["role"] == "县区责任人" and r["party_zh"] in leaders and r["party_zh"] not in done:
            done.add(r["party_zh"])
            title, n = leaders[r["party_zh"]]
            res.finding(doc, r["line"], "other", r["party_zh"],
                        f"{r['party_zh']} is a city leader titled '{title}' in 附件1 (line {n}) and is also listed "
                        f"as county official (县区责任人) of {r['subject_id']} for {r['jurisdiction_id']} on line "
                        f"{r['line']}; probably a namesake, but the document does not say.",
                        jurisdiction_id=r["jurisdiction_id"])


# ------------------------------------------------------------------ assessment method

def _parse_frameworks(doc: Document, res: ParseResult, start: int, end: int) -> None:
    """The three indicator tables after 第十六条 (lines start..end)."""
    titles = [n for n in range(start, end + 1) if doc.line(n).startswith("生态产业发展工作绩效考核指标体系")]
    if len(titles) != 3:
        raise doc.error(start, "指标体系", f"expected 3 indicator tables, found {len(titles)}")
    bounds = titles[1:] + [end + 1]
    for t, nxt in zip(titles, bounds):
        first = next((n for n in range(t, nxt) if doc.line(n).startswith("\t")), None)
        if first is None:
            raise doc.error(t, "指标体系", "indicator table without rows")
        title = "".join(clean(doc.line(n)) for n in range(t, first))
        m = re.search(r"（(.+?)）$", title)
        if not m or m.group(1) not in _SYSTEMS:
            raise doc.error(t, "指标体系", f"unknown indicator system {title!r}")
        _framework(doc, res, title, *_SYSTEMS[m.group(1)], _table_rows(doc, first, nxt - 1))


_GROUP_CELL = re.compile(r"^([一二三四五六七八九十]+)、(.+?)（(\d+(?:\.\d+)?)分）$")
_IND_CELL = re.compile(r"^(\d+)[.．](.+)$")


def _framework(doc: Document, res: ParseResult, title: str, fid: str, system: str, rows: list[list[Cell]]) -> None:
    """One indicator system: rows of (一级指标, 二级指标, 指标类型, 权重, 评价考核内容)."""
    groups: dict[int, dict] = {}
    cur: dict | None = None
    recs: list[dict] = []
    for row in rows:
        if squeeze(row[0].text) == "一级指标":
            if [squeeze(c.text) for c in row] != ["一级指标", "二级指标", "指标类型", "权重", "评价考核内容"]:
                raise doc.error(row[0].line, "header", f"unexpected indicator-table header {[c.text for c in row]}")
            continue
        if len(row) != 5:
            raise doc.error(row[0].line, "指标", f"indicator row has {len(row)} cells, expected 5")
        gc, ic, kc, wc, cc = row
        if gc.text:
            m = _GROUP_CELL.match(squeeze(gc.text))
            if not m:
                raise doc.error(gc.line, "一级指标", f"cannot read group {gc.text!r}")
            seq, gname, pts = _cn_num(doc, gc.line, m.group(1)), m.group(2), float(m.group(3))
            if seq in groups:  # the group repeated at the top of a new page
                if (groups[seq]["name"], groups[seq]["points"]) != (gname, pts) or cur is not groups[seq]:
                    raise doc.error(gc.line, "一级指标", f"group {seq} repeated with a different name or points")
            elif seq != len(groups) + 1:
                raise doc.error(gc.line, "一级指标", f"group {seq} out of order")
            else:
                groups[seq] = dict(seq=seq, name=gname, points=pts, line=gc.line, weights=[])
            cur = groups[seq]
        if cur is None:
            raise doc.error(row[0].line, "一级指标", "indicator before the first group")
        m = _IND_CELL.match(squeeze(to_halfwidth(ic.text)))
        if not m:
            raise doc.error(ic.line, "二级指标", f"cannot read indicator {ic.text!r}")
        iseq, iname = int(m.group(1)), m.group(2)
        if iseq != len(recs) + 1:
            raise doc.error(ic.line, "二级指标", f"indicator {iseq} follows {len(recs)}")
        if iname not in INDICATOR_EN:
            raise doc.error(ic.line, "二级指标", f"unknown indicator {iname!r}")
        kind_zh = squeeze(kc.text)
        if kind_zh not in _KIND:
            raise doc.error(kc.line, "指标类型", f"expected 描述性 or 统计性, found {kc.text!r}")
        w = parse_number(wc.text, doc=doc, line=wc.line, field="权重")
        cur["weights"].append(w)
        recs.append(dict(framework_id=fid, doc_id=doc.doc_id, line=ic.line, source=doc.src(ic.line), system=system,
                         title_zh=title, group_seq=cur["seq"], group_zh=cur["name"], group_points=cur["points"],
                         indicator_seq=iseq, indicator_id=f"{fid}.{iseq}", indicator_zh=iname,
                         indicator_en=INDICATOR_EN[iname], kind=_KIND[kind_zh], kind_zh=kind_zh, weight=w,
                         content_zh=cc.text or None))
    if not recs:
        raise doc.error(rows[0][0].line if rows else None, "指标", f"{title} has no indicators")
    res.frameworks.extend(recs)
    _check_weights(doc, res, title, groups, recs)


def _check_weights(doc: Document, res: ParseResult, title: str, groups: dict[int, dict], recs: list[dict]) -> None:
    """Each group's weights must add up to its stated points, and the system to 100."""
    for g in groups.values():
        s = sum_mismatch(g["points"], g["weights"], digits=None, tolerance=1e-9)
        if s is not None:
            res.finding(doc, g["line"], "subtotal_mismatch", f"{title} {g['name']}",
                        f"In {title}, group {g['seq']} '{g['name']}' (line {g['line']}) is worth {g['points']:g} points "
                        f"but its indicators' weights add up to {s:g}.", stated=g["points"], computed=s, unit="分")
    total = sum_mismatch(100, (r["weight"] for r in recs), digits=None, tolerance=1e-9)
    pts = sum_mismatch(100, (g["points"] for g in groups.values()), digits=None, tolerance=1e-9)
    if total is not None:
        res.finding(doc, recs[0]["line"], "total_mismatch", title,
                    f"The weights of {title} (lines {recs[0]['line']}–{recs[-1]['line']}) add up to {total:g}, "
                    f"not the 100 of the 百分制 (line {SCORING_RULES['full_marks']['line']}).",
                    stated=100, computed=total, unit="分")
    if pts is not None:
        res.finding(doc, recs[0]["line"], "total_mismatch", title,
                    f"The group points of {title} add up to {pts:g}, not 100.", stated=100, computed=pts, unit="分")


# ------------------------------------------------------------------ prose: target and rules

_GOAL = re.compile(r"到(\d{4})年十大生态产业增加值占地区生产总值的一半以上")


def _parse_target(doc: Document, res: ParseResult, start: int) -> None:
    """第三条: by 2025 eco-industry value added exceeds half of GDP (> 50 %)."""
    n = doc.find(r"^第三条", start)
    m = _GOAL.search(doc.line(n))
    if not m:
        raise doc.error(n, "第三条", "the 2025 eco-industry share-of-GDP goal is not where expected")
    year = int(m.group(1))
    res.add_target(doc, line=n, jurisdiction_id="zhangye", indicator_id="eco_industry_va_share_gdp",
                   indicator_zh="十大生态产业增加值占地区生产总值比重",
                   indicator_en="Value added of the ten eco-industries, share of GDP", unit="%", year=year,
                   value=50.0, raw=m.group(0), comparator=">",
                   aspirational="努力" in doc.line(n) or "力争" in doc.line(n))


def _pcts(s: str) -> list[float]:
    return [float(x) / 100 for x in re.findall(r"(\d+(?:\.\d+)?)%", s)]


def _check_rules(doc: Document, start: int) -> None:
    """Re-read the rule lines and insist they state what SCORING_RULES says (the scoring module
    applies the constant, so a document stating other numbers must not pass silently)."""
    R = SCORING_RULES

    def find(key: str, pattern: str) -> str:
        s = doc.line(doc.find(pattern, start))
        if R[key]["text_zh"] not in s:
            raise doc.error(doc.find(pattern, start), key, f"expected the rule {R[key]['text_zh']!r}")
        return s

    find("full_marks", r"百分制")
    s = find("grade_share", r"^1\.描述性指标")
    g = R["grade_share"]["value"]
    r = R["rank_share"]["value"]
    find("rank_share", r"^1\.描述性指标")
    if _pcts(s) != [g["全面完成"], g["基本完成"], g["部分完成"], r["first"], r["second"], r["third"],
                    r["step_per_place"]]:
        raise doc.error(doc.find(r"^1\.描述性指标", start), "grade_share", f"unexpected shares {_pcts(s)}")
    for key in ("bonus_per_commendation", "bonus_special_merit_max"):
        find(key, r"^2\.加分项")
    for key in ("deduction_per_criticism", "deduction_per_unimplemented_assignment",
                "deduction_lead_no_differentiated_breakdown", "deduction_county_no_focus"):
        find(key, r"^3\.扣分项")
    find("total_score", r"^4\.考核总得分")
    for key in ("praised_top_n", "interview_bottom_n"):
        find(key, r"^第十五条")
    for key in ("county_growth_below_gdp_zero", "lead_growth_below_eco_growth_zero"):
        find(key, re.escape(R[key]["text_zh"]))


# ------------------------------------------------------------------ entry point

def parse(doc: Document) -> ParseResult:
    """Parse document 000 into industries, projects, responsibilities, frameworks, targets and
    findings. Raises :class:`ParseError` (file, line, field) when the layout is not as expected."""
    res = ParseResult()
    a1 = doc.find(r"^附件1\s*$")
    a2 = doc.find(r"^附件2\s*$", a1)
    t2 = doc.find(r"^张掖市生态产业发展带动性工程项目责任分工表", a2)
    method = doc.find(r"^张掖市生态产业发展绩效考核办法（试行）", t2)
    tables = doc.find(r"^生态产业发展工作绩效考核指标体系", method)
    inds = _parse_industries(doc, res, a1 + 1, a2 - 1)
    _parse_projects(doc, res, t2 + 1, method - 1, inds)
    _check_namesakes(doc, res, inds)
    _parse_target(doc, res, method)
    _check_rules(doc, method)
    _parse_frameworks(doc, res, tables, len(doc.lines))
    return finish(doc, res)
