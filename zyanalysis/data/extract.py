"""Propose plan-sheet rows from the prose of any Chinese plan, work report or statistical communiqué.

``zyanalysis extract FILE`` reads a plain UTF-8 text document and writes a *plan sheet* (the CSV
format the build reads from ``data/raw/plans/``) with one row per figure it finds in the prose:

* targets   到2030年…达到…; 增长6%左右 / 8%以上; 控制在…以内; (较2025年)下降…%; 5%—5.5%; 力争 …
* actuals   完成/实现…亿元、增长…%; past years; 比上年 / 同比; every figure of a 统计公报
* estimates 预计 …

The extractor is document-agnostic: no rule names a document, a line or a layout. It works
clause by clause (a clause ends at ，；。：), finds every number followed by a unit, and reads the
text before it: the verb (达到, 增长, 下降, 控制在 …) and the noun phrase that names the indicator.
Figures are never changed (1,234.5 → 1234.5 drops only the thousands separator; 亿元 stays 亿元)
and every value of a row occurs in its ``quote``, which is a verbatim slice of its ``line``.

Tables flattened into one number per line carry no unit next to the number and are left to the
per-document parsers: the extractor reads prose.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import asdict, dataclass, field
from typing import Callable
from functools import lru_cache
from pathlib import Path

from zyanalysis import paths
from zyanalysis.data.parsers.base import ParseError
from zyanalysis.reference.indicators import Indicator, catalogue, normalise_name
from zyanalysis.reference.jurisdictions import find_jurisdiction, jurisdictions, resolve_jurisdiction


class ExtractError(ParseError):
    """The extractor cannot proceed (unreadable file, unknown jurisdiction …); the message says why."""


COLUMNS = ("doc_id", "line", "jurisdiction", "indicator", "year", "value", "value_high", "unit",
           "comparator", "kind", "base_year", "aspirational", "quote", "industry_id", "note",
           "new_indicator", "indicator_zh", "indicator_en", "indicator_kind", "direction")
"""Columns of a plan sheet, in order (the build's sheet reader expects exactly these)."""

COMMENT = ("# proposed by `zyanalysis extract` from {source}: a machine proposal that must be reviewed "
           "row by row (indicator / year / kind / comparator) before it is used. Lines starting with # "
           "are comments.")


@dataclass
class Row:
    """One proposed plan-sheet row (field names are the sheet's columns)."""

    doc_id: str
    line: int
    jurisdiction: str
    indicator: str
    year: int
    value: str
    value_high: str
    unit: str
    comparator: str
    kind: str
    base_year: str
    aspirational: int
    quote: str
    industry_id: str
    note: str
    new_indicator: str
    indicator_zh: str
    indicator_en: str
    indicator_kind: str
    direction: str
    commented: int = 0  # not a column: written as a # comment line (a repeat the build would refuse)


# ---------------------------------------------------------------------------------------------
# Text folding: full-width ASCII → ASCII one character for one, so offsets in the folded text are
# offsets in the original line and quotes can be cut from the original verbatim.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20


def fold(text: str) -> str:
    """``text`` with full-width ASCII and the ideographic space folded to ASCII (same length)."""
    return text.translate(_FOLD)


# Units, longest first so 万千瓦 wins over 万 and 亿元 over 元.
UNITS = sorted({
    "万亿元", "亿人次", "亿千瓦时", "万千瓦时", "千瓦时", "万千瓦", "千瓦", "亿元", "万元", "元", "万人次", "人次", "万人", "人",
    "万户", "户", "家", "个", "项", "座", "所", "套", "台(套)", "台", "万辆", "辆", "万吨标准煤", "万吨标煤",
    "吨标准煤/万元", "吨标煤/万元", "立方米/万元", "亿立方米", "万立方米", "立方米", "万吨", "吨", "万亩", "亩",
    "万公顷", "公顷", "万头", "头", "万只", "只", "万平方米", "平方米", "平米", "公里", "名", "门", "条",
    "处", "%", "‰", "倍", "岁", "个百分点", "百分点", "万家", "万个", "万名", "万套", "万座",
}, key=len, reverse=True)
_COUNT_UNITS = {"户", "家", "个", "项", "座", "所", "套", "台(套)", "台", "辆", "名", "门", "条", "处"}

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_UNIT = "|".join(re.escape(u) for u in UNITS)
_DASH = r"\s*(?:-|—|–|~|～|至|到)+\s*"
# a figure: number, optional range to a second number, unit, optional qualifier
_FIGURE = re.compile(
    rf"(?<![\d.,])(?P<v>{_NUM})\s*(?:(?P<u1>{_UNIT})?{_DASH}(?P<h>{_NUM}))?\s*(?P<u>{_UNIT})"
    r"(?P<q>\s*(?:以上|以内|以下|左右|大关))?")
# what may follow a figure that is a value (not a qualifier inside a noun: 20万吨硅系新材料)
_AFTER_OK = re.compile(r"\s*(?:$|[，,。；;：:、()（）\[\]】”\"!?！？和及与]|的目标|的水平|分别)")
_CLAUSE_SEP = re.compile(r"[，。；;：:！？!?]|(?<!\d),|,(?!\d)|\t")
_SENTENCE_SEP = re.compile(r"[。！？!?]")

_YEAR = re.compile(r"(?<![\d])((?:19|20)\d\d)\s*年")
_REL_YEAR = {"过去一年": -1, "去年": -1, "上一年": -1, "今年": 0, "本年度": 0, "明年": 1}
_REL_YEAR_RE = re.compile("|".join(_REL_YEAR))
# a five-year plan period names its end year: 十四五 → 2025, “十五五”时期 / 第十五个五年规划 → 2030
_FYP = re.compile(r"(十[一二三四五六七八九]?)五(?=[”\"’]?(?:时期|期间|末|规划|以来|目标))"
                  r"|第(十[一二三四五六七八九]?)个五年")
_CN_DIGIT = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}

_BASE = re.compile(r"(?:较|比|与|同)\s*((?:19|20)\d\d)\s*年(?:末|底)?(?:相比|同期)?")

# kind markers, searched backwards from a figure within its sentence: the nearest one wins
_MARKERS = [
    ("estimate", r"预计"),
    ("target", r"力争|争取|目标|确保|计划|到\s*(?:19|20)\d\d\s*年|年内|将达|要达到|控制在|不低于|不少于|不超过"),
    ("actual", r"比上年|较上年|同比|上年同期|过去一年|去年|已经|已达|已完成"),
]
_MARKER_RE = re.compile("|".join(f"(?P<{k}>{p})" for k, p in _MARKERS))
_ASPIRATIONAL = re.compile(r"力争|争取")

# verbs between the noun phrase and the figure (NP 达到 170亿元) or before the noun (培育 NP 7家)
_VERBS = [
    "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增长到", "下降到", "下降至", "降低到", "降低至",
    "降至", "减少到", "减少至", "控制在", "保持在", "稳定在", "达到", "突破", "超过", "不低于", "不少于",
    "不超过", "不高于", "高于", "低于", "年均增长", "年均下降", "保持", "上涨", "增长", "下降", "降低",
    "减少", "提高", "提升", "增加", "完成", "实现",
    "达", "为", "占", "新增", "培育", "创建", "建成", "新建", "建设", "认定", "新认证", "实施", "落实", "打造",
    "引进", "组建", "淘汰", "争创", "发展", "开发", "吸纳", "招引", "安排", "改造", "抓好", "推进",
]
# verbs that also end the first half of a noun (增加值, 开发区, 建设厅, 发展改革委) are not verbs there
_NOT_BEFORE = {"增加": "值|量", "增长": "值|量", "开发": "区", "建设": "厅|局|银行|兵团|用地",
               "发展": "改革|和改革|中心|银行|研究"}
_VERB_RE = re.compile("|".join(re.escape(v) + (f"(?!{_NOT_BEFORE[v]})" if v in _NOT_BEFORE else "")
                               for v in sorted(_VERBS, key=len, reverse=True)))
_VERB_END = re.compile(r"(?:" + _VERB_RE.pattern + r")\s*$")
_GROWTH_VERBS = ("增长", "年均增长", "上涨", "提高", "提升", "增加")
# after these a count or an amount is a change (比上年增加4.3万亩), not a value of the indicator
_CHANGE_VERBS = ("增长", "上涨", "提高", "提升", "增加", "下降", "降低", "减少")
_CUT_VERBS = ("下降", "年均下降", "降低", "减少")
_FLOW_VERBS = ("新增", "新建", "新认证", "认定")  # 新增高标准农田60万亩 names 新增高标准农田

_COMPARATOR_BEFORE = [
    (re.compile(r"(?:不低于|不少于|不小于|≥)\s*$"), ">="),
    (re.compile(r"(?:不超过|不高于|不大于|≤)\s*$"), "<="),
    (re.compile(r"(?:超过|突破|高于|大于|>|＞)\s*$"), ">"),
    (re.compile(r"(?:低于|小于|<|＜)\s*$"), "<"),
]
_COMPARATOR_AFTER = {"以上": ">=", "以内": "<=", "以下": "<=", "左右": "~"}

# noun-phrase clean-up: time, place and modal words that are not part of an indicator's name
_NP_STRIP_HEAD = re.compile(
    r"^(?:[、和及与\s—–\-·•●■◆▲]|\d+[.、](?!\d)|[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[是、]"
    r"|其中|到|至|截至|截止|自|从|在|(?:19|20)\d\d\s*年(?:底|末|度)?(?:前|内)?"
    r"|\d{1,2}\s*月(?:份|底|末|上旬|中旬|下旬)?(?:前|内)?"
    r"|过去一年|去年|今年|全年|年内|年末|年底|本年度|全市|全区|全县|全省|全州|全国|我市|我区|我县|我省|各县区|各地|"
    r"连续\d+年|主要预期目标是|主要目标是|预期目标|力争|争取|预计|确保|要|将|共|分别|累计完成)+")
_NP_STRIP_TAIL = re.compile(r"(?:[、和及与\s]|(?:到|至)?(?:19|20)\d\d\s*年(?:底|末)?(?:前)?|年内|今年|分别"
                            r"|预计|力争|争取|要|将|均|可|已|共|约|总计|合计|"
                            r"(?:较|比|与|同)\s*(?:(?:19|20)\d\d\s*年(?:末|底)?|上年|去年)(?:相比|同期)?|同比)+$")


_RULE_LEAD = re.compile(r"奖励|最高|每(?:户|个|人|次|家|项|增加|降低|提高)")
_CONDITION_AFTER = re.compile(r"[^，。；]*?的(?:企业|项目|单位|个人|建成投产项目)")
_LOWER_WORDS = re.compile(r"能耗|排放|浓度|失业率|事故|死亡|用水量|亡人|发病率|贫困")


def _fyp_end(m: re.Match) -> int:
    """End year of the five-year plan a :data:`_FYP` match names (the 11th ran 2006-2010)."""
    num = m.group(1) or m.group(2)
    n = 10 + _CN_DIGIT.get(num[1:], 0)
    return 2010 + 5 * (n - 11)


@lru_cache(maxsize=1)
def _jurisdiction_names() -> tuple[re.Pattern, dict[str, str]]:
    """A regex of every Chinese jurisdiction name and alias (longest first), and name → id."""
    t = jurisdictions()
    names = {}
    for r in t.itertuples():
        for n in [r.name_zh, *str(r.aliases or "").split("、")]:
            if len(n) >= 2:
                names[n] = r.jurisdiction_id
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True))), names


def _clean_np(np_text: str) -> str:
    """The indicator noun phrase of ``np_text``: time, place, modal and base-year words dropped."""
    s = np_text.strip()
    for _ in range(3):  # the strips can expose each other (2024年全区预计 …)
        s = _NP_STRIP_TAIL.sub("", _NP_STRIP_HEAD.sub("", s)).strip()
    return s.strip("“”\"'()（）[]【】")


def _slug(name: str) -> str:
    """A proposed id for a new indicator: ``new_`` + 8 hex digits of its Chinese name's SHA-1."""
    return "new_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def _compatible(ind: Indicator, unit: str) -> bool:
    """False when one unit is a percentage and the other is not (a rate is not a level)."""
    return (ind.unit in ("%", "‰")) == (unit in ("%", "‰"))


Lookup = Callable[[str], "Indicator | None"]


def name_lookup(raw_dir: Path | None = None) -> Lookup:
    """name → indicator over the catalogue and ``raw_dir/indicators/*.csv``, as resolve_indicator
    matches (NFKC, no spaces), built once per document: the extractor tries thousands of names."""
    idx = {normalise_name(n): ind for ind in catalogue(raw_dir).values()
           for n in (ind.indicator_id, ind.name_zh, *ind.aliases)}
    return lambda name: idx.get(normalise_name(name))


def _resolve(candidates: list[str], unit: str, lookup: Lookup) -> tuple[Indicator | None, str]:
    """The first catalogue indicator a suffix of a candidate names (longest suffix first)."""
    for cand in candidates:
        for i in range(len(cand) - 1):
            ind = lookup(cand[i:])
            if ind is not None and _compatible(ind, unit):
                return ind, cand[i:]
    return None, ""


# ---------------------------------------------------------------------------------------------
@dataclass
class _Figure:
    """A figure found in a clause: offsets are within the line."""

    start: int
    end: int
    value: str
    high: str
    unit: str
    qualifier: str
    trailing_np: str  # VERB NUM UNIT NP form: the noun after the unit (建设30个精品景区)


@dataclass
class _Context:
    """Document-level facts the rows need."""

    doc_id: str
    jurisdiction: str
    doc_year: int | None
    communique: bool
    carry: str = ""  # the unfinished sentence of the previous line (PDF extraction breaks sentences)
    para: str = ""  # the earlier lines of an unfinished paragraph
    lookup: Lookup = field(default=lambda name: None)


def _figures(clause: str, offset: int) -> list[_Figure]:
    """Every figure with a unit in ``clause`` (folded), with what follows it."""
    out: list[_Figure] = []
    for m in _FIGURE.finditer(clause):
        if m.group("u1") and m.group("u1") != m.group("u"):
            continue  # 5万元-10亿元 is not a range of one unit
        if m.group("u").endswith("百分点"):
            continue  # 提高1.1个百分点 is a change of a share, not a value of one
        if clause[m.start() - 1:m.start()] in ("(", "（") and clause[m.end():m.end() + 1] in (")", "）"):
            continue  # 西宁市政府(35项): a count annotating a label
        after = clause[m.end():]
        trailing = ""
        if not _AFTER_OK.match(after):
            # VERB NUM UNIT NP (建设30个精品景区、50个特色景区): a count or amount right after a verb,
            # or the next item of such a list; a percentage before a noun (100%可再生能源) is no value
            before = clause[:m.start()]
            after_verb = _VERB_END.search(before)
            next_item = bool(out) and _next_list_item(clause[out[-1].end - offset:m.start()], out[-1].trailing_np)
            if m.group("u") in ("%", "‰") or not (after_verb or next_item):
                continue
            nxt = re.search(r"[、和及与]|$", after)
            trailing = after[:nxt.start()].strip()
            if not trailing or re.match(r"\d", trailing):
                continue
        out.append(_Figure(offset + m.start(), offset + m.end(), m.group("v").replace(",", ""),
                           (m.group("h") or "").replace(",", ""), m.group("u"),
                           (m.group("q") or "").strip(), trailing))
    return out


def _next_list_item(gap: str, trailing_np: str) -> bool:
    """True when ``gap`` is the noun of the figure before plus a list separator (精品景区、)."""
    gap = gap.strip()
    return bool(trailing_np) and gap.startswith(trailing_np) and \
        bool(re.fullmatch(r"[\s、和及与]+", gap[len(trailing_np):]))


def _clauses(line: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a (folded) line."""
    spans, start = [], 0
    for m in _CLAUSE_SEP.finditer(line):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(line)))
    return [(a, b) for a, b in spans if line[a:b].strip()]


def _year_in(text: str, doc_year: int | None) -> int | None:
    """The year the last (non-base-year) year phrase of ``text`` names, or None."""
    best: tuple[int, int] | None = None
    for m in _YEAR.finditer(text):
        pre = text[max(0, m.start() - 2):m.start()]
        if re.search(r"(?:较|比|与|同)\s*$", pre) or re.match(r"\s*[-—–~至到]\s*\d{4}", text[m.end() - 1 + 1:]) \
                or re.search(r"\d\s*[-—–~]\s*$", pre):
            continue  # a base year, or one end of a period (2022-2024年)
        best = (m.start(), int(m.group(1)))
    for m in _FYP.finditer(text):
        if best is None or m.start() > best[0]:
            best = (m.start(), _fyp_end(m))
    if doc_year is not None:
        for m in _REL_YEAR_RE.finditer(text):
            if best is None or m.start() > best[0]:
                best = (m.start(), doc_year + _REL_YEAR[m.group(0)])
    return best[1] if best else None


def _first_year(text: str) -> int | None:
    """The first non-base year of ``text`` (a year stated later in the figure's sentence)."""
    for m in _YEAR.finditer(text):
        if not re.search(r"(?:较|比|与|同)\s*$", text[max(0, m.start() - 2):m.start()]):
            return int(m.group(1))
    return None


def _is_heading(line: str) -> bool:
    """A short line without clause punctuation: a heading or a table cell, not prose."""
    s = line.strip()
    return len(s) <= 40 and not re.search(r"[。，,；;：:]", s)


def _heading_year(line: str) -> int | None:
    """The year a heading line states (a short line without a full stop), else None."""
    s = line.strip()
    if not s or len(s) > 40 or "。" in s or s.endswith(("，", ",", "；")):
        return None
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(s)]
    years += [(m.start(), _fyp_end(m)) for m in _FYP.finditer(s)]
    return max(years)[1] if years else None


def _kind(sentence_before: str, clause_after: str, year: int, ctx: _Context) -> str:
    """target / actual / estimate: the nearest marker before the figure, else the year's tense."""
    last = None
    for m in _MARKER_RE.finditer(sentence_before):
        last = m
    if last is not None:
        if last.lastgroup == "target" and ctx.doc_year is not None and year < ctx.doc_year \
                and not last.group(0).startswith("到"):
            return "actual"  # 争取…资金2650万元 of a past year reports what was secured
        return last.lastgroup
    if re.search(r"比上年|较上年|同比", clause_after):
        return "actual"
    if ctx.communique:
        return "actual"
    if ctx.doc_year is not None and year < ctx.doc_year:
        return "actual"
    return "target"


def _comparator(lead: str, fig: _Figure, verb: str) -> str:
    """The comparator a figure's qualifier or the words before it state."""
    if fig.high:
        return "range"
    if fig.qualifier in _COMPARATOR_AFTER:
        return _COMPARATOR_AFTER[fig.qualifier]
    for rx, comp in _COMPARATOR_BEFORE:
        if rx.search(lead):
            return comp
    if fig.qualifier == "大关":
        return ">"
    return "="


def _list_names(text: str, n: int) -> list[str]:
    """The nouns of a list (A、B和C) before 分别: split on 、, then on 和/以及/与 if that is too few."""
    names = [x for x in text.split("、") if x.strip()]
    if len(names) < n:
        names = [y for x in names for y in re.split(r"以及|和|与", x) if y.strip()]
    return names


def _split_lead(lead: str) -> tuple[str, str]:
    """(verb, noun phrase) of the text before a figure: NP 达到 | 培育 NP | NP (no verb)."""
    last = None
    for m in _VERB_RE.finditer(lead):
        last = m
    if last is None:
        return "", lead
    after = lead[last.end():].strip()
    if after and last.group(0) not in ("为", "占") and not re.fullmatch(r"[\s到至在于了]*", after):
        return last.group(0), after  # verb-first: 培育省级绿色工厂7家
    return last.group(0), lead[:last.start()]


def _guess_kind(unit: str, verb: str, comparator: str, name: str) -> tuple[str, str]:
    """(indicator kind, direction) guessed for a new indicator from unit, verb and name."""
    lower = bool(_LOWER_WORDS.search(name))
    if verb in ("控制在",) or (comparator == "<=" and unit not in ("%", "‰")):
        return "cap", "lower"
    if unit in ("%", "‰"):
        if any(verb.startswith(v) for v in _CUT_VERBS) and not verb.endswith(("到", "至")):
            return "reduction", "lower"
        if verb in _GROWTH_VERBS or name.endswith(("增速", "增长", "增长率", "涨幅", "增幅")):
            return "growth_rate", "lower" if lower else "higher"
        return "share", "lower" if lower else "higher"
    if unit in _COUNT_UNITS:
        return "stock", "higher"
    return "level", "lower" if lower else "higher"


def _indicator(np_text: str, full_lead: str, verb: str, fig: _Figure, comparator: str,
               prev: Indicator | None, lookup: Lookup) -> tuple[Indicator | None, str]:
    """The catalogue indicator the noun phrase names (or None) and the Chinese name proposed."""
    np_clean = _clean_np(np_text)
    lead_clean = _clean_np(full_lead)
    is_growth = fig.unit == "%" and verb in _GROWTH_VERBS
    is_cut = fig.unit == "%" and verb in _CUT_VERBS
    cands = []
    bases = [b for x in (lead_clean, np_clean) for b in (x.replace("规上", "规模以上"), x)]
    for base in dict.fromkeys(bases):  # 规上 spelled out first: 新增规上工业企业 is 新增规模以上工业企业
        if not base:
            continue
        if is_growth:
            cands += [base + "增速", base + "增长", base + "增长率"]
        elif is_cut:
            cands += [base + verb, base + "降低", base + "下降"]
        cands.append(base)
    ind, _ = _resolve(cands, fig.unit, lookup)
    if ind is None and prev is not None and np_clean and prev.name_zh.endswith(np_clean) \
            and _compatible(prev, fig.unit):
        ind = prev  # 综合能源产业产值预计达到56亿元，力争2025年产值达到60亿元
    name = np_clean
    if verb in _FLOW_VERBS and not name.startswith(verb):
        name = verb + name
    if is_growth and not name.endswith(("增速", "增长", "增长率")):
        name += "增速"
    elif is_cut and not name.endswith(("下降", "降低", "减少")):
        name += verb
    return ind, name


# ---------------------------------------------------------------------------------------------
def extract_text(text: str, *, doc_id: str, jurisdiction: str, doc_year: int | None = None,
                 communique: bool | None = None, raw_dir: Path | None = None) -> list[Row]:
    """Proposed plan-sheet rows for every figure found in the prose of ``text``.

    ``jurisdiction`` is the document's unit (an id or a name :func:`resolve_jurisdiction` knows);
    ``doc_year`` is the year the document was issued (过去一年 = doc_year − 1, and figures of
    earlier years are actuals). ``communique`` (default: the first line names a 统计公报) makes
    every unmarked figure an actual. Rows without any year are dropped.
    """
    jid = resolve_jurisdiction(jurisdiction) if jurisdiction else None
    if jid is None:
        raise ExtractError(doc_id, None, "jurisdiction",
                           f"{jurisdiction!r} is unknown: pass --jurisdiction with an id or Chinese name "
                           f"from zyanalysis.reference.jurisdictions (zhangye, 张掖市, 甘州区 …)")
    lines = text.splitlines()
    if communique is None:
        head = next((ln for ln in lines if ln.strip()), "")
        communique = "统计公报" in head
    ctx = _Context(doc_id, jid, doc_year, communique, lookup=name_lookup(raw_dir))
    rows: list[Row] = []
    heading_year: int | None = None
    folded = fold(text).splitlines()  # fold maps no line break: the same lines, the same offsets
    for lineno, (raw_line, line) in enumerate(zip(lines, folded), start=1):
        hy = _heading_year(line)
        if hy is not None:
            heading_year = hy
        # headings, table cells and rows of a flattened table (two tabs or more) are not prose
        if hy is None and not _is_heading(line) and line.count("\t") < 2 and _FIGURE.search(line):
            rows.extend(_extract_line(raw_line, line, lineno, ctx, heading_year))
        open_before = bool(ctx.carry) or bool(ctx.para)
        ctx.carry = _carry(line, ctx.carry, hy is not None)
        if line.strip():
            ctx.para = ((ctx.para if open_before else "") + line)[-_CARRY_MAX:] if ctx.carry else ""
    _make_loadable(rows, ctx.lookup)
    return rows


def _make_loadable(rows: list[Row], lookup: Lookup) -> None:
    """Shape the rows so that the build accepts the sheet as written (data/sheets.py rules).

    A new indicator is defined once (one unit, kind and direction) under a name the catalogue does
    not use; an actual or estimate is a figure, not a bound; a reduction target names its base
    year; one target per jurisdiction, indicator and year (later repeats become comment lines).
    """
    defined: dict[str, Row] = {}
    first: dict[tuple, int] = {}
    for r in rows:
        if r.new_indicator == "yes":
            _define_new(r, defined, lookup)
        if r.kind != "target" and r.comparator not in ("=", "~"):
            _add_note(r, f"the document gives a bound ({r.comparator} {r.value}{r.unit}"
                         f"{'–' + r.value_high if r.value_high else ''}): recorded as the figure")
            r.comparator, r.value_high = "=", ""
        ind_kind = r.indicator_kind if r.new_indicator == "yes" else getattr(lookup(r.indicator), "kind", "")
        if r.kind == "target" and ind_kind == "reduction" and not r.base_year:
            r.base_year = str(r.year - 1)
            _add_note(r, "base year not stated: the year before assumed")
        key = (r.jurisdiction, r.indicator, r.year) + (() if r.kind == "target" else (r.kind,))
        if key in first:
            r.commented = 1
            _add_note(r, f"repeats the figure of line {first[key]} for this indicator and year: kept as a comment")
        else:
            first[key] = r.line


def _define_new(r: Row, defined: dict[str, Row], lookup: Lookup) -> None:
    """Make a new-indicator row agree with the first definition of its name, and keep its name
    clear of catalogue names (a unit differing from the first use gets its own name)."""
    if lookup(r.indicator_zh) is not None or (r.indicator in defined and defined[r.indicator].unit != r.unit):
        r.indicator_zh = f"{r.indicator_zh}（{r.unit}）"
        r.indicator = _slug(r.indicator_zh)
    r0 = defined.setdefault(r.indicator, r)
    if (r.indicator_kind, r.direction) != (r0.indicator_kind, r0.direction):
        _add_note(r, f"kind guessed as {r.indicator_kind}/{r.direction}; {r0.indicator_kind}/{r0.direction} "
                     f"as first defined on line {r0.line}")
        r.indicator_kind, r.direction = r0.indicator_kind, r0.direction
    if r.indicator_kind == "share" and any(float(v) > 100 for v in (r.value, r.value_high) if v):
        _add_note(r, "a % above 100 cannot be a share: kind level")
        r.indicator_kind = r0.indicator_kind = "level"


def _add_note(row: Row, text: str) -> None:
    """Append ``text`` to the row's note."""
    row.note = "; ".join(filter(None, [row.note, text]))


_CARRY_MAX = 2000  # characters of an open sentence or paragraph kept as context


def _carry(line: str, carry: str, heading: bool) -> str:
    """The sentence still open after (folded) ``line`` (blank lines keep it, a heading or full stop ends it)."""
    s = line.strip()
    if not s:
        return carry
    if heading or _is_heading(s) or re.search(r"[。！？!?；;：:]$", s):
        return ""  # a full stop, a heading or a table cell ends the sentence
    parts = _SENTENCE_SEP.split(s)
    return (carry + parts[0])[-_CARRY_MAX:] if len(parts) == 1 else parts[-1][-_CARRY_MAX:]


def _extract_line(raw_line: str, line: str, lineno: int, ctx: _Context,
                  heading_year: int | None) -> list[Row]:
    """Rows for the figures of one line (a paragraph); ``line`` is ``raw_line`` folded."""
    rows: list[Row] = []
    sent_start = 0
    state = {"np": "", "verb": "", "ind": None, "group": None, "juris": ctx.jurisdiction, "nps": []}
    for a, b in _clauses(line):
        # a new sentence forgets the noun phrase carried between clauses
        s = [m.end() for m in _SENTENCE_SEP.finditer(line, 0, a)]
        if s and s[-1] > sent_start:
            sent_start = s[-1]
            state.update(np="", verb="", ind=None, group=None, juris=ctx.jurisdiction, nps=[])
        clause = line[a:b]
        figs = _figures(clause, a)
        fenbie = clause.find("分别")
        post, values_before = figs, False
        if fenbie >= 0:
            pre = [f for f in figs if f.start - a < fenbie]
            post = [f for f in figs if f.start - a > fenbie]
            # 旅游收入300亿元分别增长12%: figures right before 分别 are values; figures followed by
            # more noun (产值10亿元以上、…工业企业分别达到) qualify the nouns
            values_before = bool(pre) and bool(re.fullmatch(r"[\s、,]*", clause[pre[-1].end - a:fenbie]))
            figs = (pre if values_before else []) + post
        c = _Clause(raw_line, line, lineno, a, b, post, fenbie, sent_start, values_before)
        prev_end = a
        group: list[Row] = []
        for fi, fig in enumerate(figs):
            row = _row_for(c, prev_end, fig, fi, ctx, heading_year, state)
            prev_end = fig.end
            if row is not None:
                rows.append(row)
                state["nps"].append(state["np"])
                if fig in post:
                    group.append(row)
        # a qualifier on the last figure of a list applies to the list (分别达到70%、50%和15%以上)
        if len(group) > 1 and group[-1].comparator in (">=", "<=", "~") \
                and all(r.comparator == "=" for r in group[:-1]) and fenbie >= 0:
            for r in group[:-1]:
                r.comparator = group[-1].comparator
    return rows


@dataclass
class _Clause:
    """A clause of a line and where it sits: offsets into the (folded) line."""

    raw_line: str
    line: str
    lineno: int
    a: int
    b: int
    figs: list[_Figure]
    fenbie: int  # offset of 分别 in the clause, or -1
    sent_start: int
    values_before: bool = False  # figures before 分别 are values whose nouns 分别 refers to


def _row_for(c: _Clause, prev_end: int, fig: _Figure, fi: int, ctx: _Context,
             heading_year: int | None, state: dict) -> Row | None:
    """The row of one figure, or None (a rule's figure, no indicator noun, or no year)."""
    line = c.line
    if _RULE_LEAD.search(line[c.a:fig.start]) or _CONDITION_AFTER.match(line[fig.end:c.b]):
        return None  # a reward, a per-unit rate or a condition of a rule (对…达到1亿元的企业奖励…)
    lead = line[prev_end:fig.start]
    verb, np_text, full_lead, mismatch = _noun_and_verb(c, lead, fig, fi, state)
    juris, np_text, full_lead = _row_jurisdiction(np_text, full_lead, state, ctx)
    if not _clean_np(np_text):
        np_text, full_lead = state["np"], state["np"]  # 、增长6.2%: the noun of the figure before
        verb = verb or state["verb"]
    if not _clean_np(np_text):
        return None
    if verb in _CHANGE_VERBS and fig.unit not in ("%", "‰") and not fig.trailing_np:
        return None  # a change against an earlier year (比上年增加4.3万亩): not a level
    comparator = "<=" if verb == "控制在" and fig.qualifier in ("以内", "以下") else _comparator(lead, fig, verb)
    sentence_before = (ctx.carry if c.sent_start == 0 else "") + line[c.sent_start:fig.start]
    year = _year_for(c, fig, sentence_before, ctx, heading_year)
    if year is None:
        return None
    base = _BASE.search(line[c.a:fig.start])
    kind = _kind(sentence_before, line[fig.end:c.b], year, ctx)
    ind, name = _indicator(np_text, full_lead, verb, fig, comparator, state["ind"], ctx.lookup)
    state.update(np=np_text, verb=verb, ind=ind, juris=juris)
    note = ["分别: the figures could not be paired with the nouns one by one"] if mismatch else []
    if verb.startswith("年均"):
        note.append("年均: an average annual rate over the period ending in this year")
    if ind is not None and ind.unit != fig.unit:
        # the build wants a catalogue indicator's own unit, and figures are never converted
        note.append(f"catalogue indicator {ind.indicator_id} is in {ind.unit}, the document writes {fig.unit}: "
                    f"proposed as a new indicator (convert by hand to use {ind.indicator_id})")
        name = f"{ind.name_zh}（{fig.unit}）"
        ikind, direction, iid, new, zh = ind.kind, ind.direction, _slug(name), "yes", name
    elif ind is None:
        ikind, direction = _guess_kind(fig.unit, verb, comparator, name)
        iid, new, zh = _slug(name), "yes", name
    else:
        ikind, direction, iid, new, zh = "", "", ind.indicator_id, "no", ind.name_zh
    return Row(ctx.doc_id, c.lineno, juris, iid, year, fig.value, fig.high, fig.unit, comparator, kind,
               base.group(1) if base else "",
               1 if kind == "target" and _ASPIRATIONAL.search(sentence_before) else 0,
               c.raw_line[c.a:c.b].strip(), "", "; ".join(note), new, zh, "", ikind, direction)


def _noun_and_verb(c: _Clause, lead: str, fig: _Figure, fi: int, state: dict) -> tuple[str, str, str, bool]:
    """(verb, noun phrase, text to resolve, 分别-mismatch) of a figure, from its lead or its list."""
    list_item = bool(re.fullmatch(r"[\s、和及与,]*", lead)) and fi > 0
    verb, np_text = _split_lead(lead)
    if fig.trailing_np:
        np_text = fig.trailing_np
        verb = verb or state["verb"]
    if c.fenbie < 0 or fig not in c.figs:
        if list_item:
            return state["verb"], state["np"], lead, False
        return verb, np_text, lead, False
    # NP1、NP2分别达到 v1、v2: pair the nouns with the figures in order
    line, a, figs = c.line, c.a, c.figs
    fi = figs.index(fig)
    verb = _split_lead(line[a + c.fenbie:figs[0].start])[0] or state["verb"]
    if fi == 0:
        before = line[a:a + c.fenbie]
        own = [] if c.values_before else _list_names(_clean_np(before), len(figs))
        # 接待游客4500万人次、实现旅游收入300亿元，分别增长10%、12%: the nouns of the figures before
        earlier = state["nps"][-len(figs):] if len(state["nps"]) >= len(figs) else []
        state["group"] = own or state["group"] or earlier
    names = state["group"] or []
    if len(names) != len(figs):  # 城乡居民人均可支配收入分别增长5.2%、7.3%: keep the phrase
        joined = "、".join(names)
        return verb, joined, joined, True
    np_text = names[fi]
    if not re.search(r"\d", np_text):
        return verb, np_text, np_text, False
    # 产值10亿元以上、5-10亿元、1-5亿元工业企业: the items share the head and the tail of the list
    suffix = re.sub(rf"^.*?(?:{_UNIT})(?:以上|以下)?", "", names[-1]) if fi < len(names) - 1 else ""
    prefix = re.split(r"\d", names[0])[0] if fi > 0 else ""
    return verb, np_text, prefix + np_text + suffix, False


def _row_jurisdiction(np_text: str, full_lead: str, state: dict, ctx: _Context) -> tuple[str, str, str]:
    """(jurisdiction, noun, text to resolve): a unit that opens the noun (其中，甘州区7800人) is the row's."""
    juris = state["juris"] if not np_text.strip() else ctx.jurisdiction
    np_clean = _clean_np(np_text)
    rx, names = _jurisdiction_names()
    m = rx.match(np_clean)
    if m and not ctx.lookup(np_clean):
        rest = np_clean[m.end():]
        return names[m.group(0)], rest, rest
    return juris, np_text, full_lead


def _year_for(c: _Clause, fig: _Figure, sentence_before: str, ctx: _Context,
              heading_year: int | None) -> int | None:
    """The figure's year: its sentence (before, then after it), its paragraph, the heading, the document."""
    m_end = _SENTENCE_SEP.search(c.line, fig.end)
    sentence_after = c.line[fig.end:m_end.start() if m_end else len(c.line)]
    return (_year_in(sentence_before, ctx.doc_year) or _first_year(sentence_after)
            or _year_in(ctx.para + c.line[:fig.start], ctx.doc_year) or heading_year or ctx.doc_year)


# ---------------------------------------------------------------------------------------------
def _manifest(raw_dir: Path) -> list[dict]:
    """The rows of ``raw_dir/manifest.csv`` (empty when there is none)."""
    path = raw_dir / "manifest.csv"
    if not path.is_file():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def document_facts(path: Path, doc_id: str | None, raw_dir: Path) -> dict:
    """doc_id, manifest row (or {}) of a document: by --doc-id, else by its file name."""
    rows = _manifest(raw_dir)
    if doc_id:
        hit = next((r for r in rows if r["doc_id"] == doc_id), {})
        return {"doc_id": doc_id, "manifest": hit}
    for r in rows:
        if Path(r.get("file", "")).name == path.name or r.get("original_file") == path.name:
            return {"doc_id": r["doc_id"], "manifest": r}
    m = re.match(r"\d+", path.name)
    return {"doc_id": m.group(0) if m else path.stem, "manifest": {}}


def extract_file(path: str | Path, *, doc_id: str | None = None, jurisdiction: str | None = None,
                 year: int | None = None, raw_dir: Path | None = None) -> list[Row]:
    """Rows proposed for one document file; defaults come from the manifest (see the CLI)."""
    path = Path(path)
    raw_dir = raw_dir or paths.raw_dir()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ExtractError(str(path), None, "text", f"cannot read as UTF-8 text ({e})") from e
    facts = document_facts(path, doc_id, raw_dir)
    man = facts["manifest"]
    if year is None and re.match(r"\d{4}", man.get("date") or ""):
        year = int(man["date"][:4])
    if jurisdiction is None:
        head = " ".join(ln for ln in text.splitlines()[:5] if ln.strip())
        for source in (man.get("issuer_zh"), man.get("title_zh"), head):
            jurisdiction = find_jurisdiction(source or "") if source else None
            if jurisdiction:
                break
        if jurisdiction is None:
            raise ExtractError(str(path), None, "jurisdiction",
                               "neither the manifest nor the title names a known jurisdiction; "
                               "pass --jurisdiction (an id such as zhangye or a name such as 张掖市)")
    elif resolve_jurisdiction(jurisdiction) is None:
        raise ExtractError(str(path), None, "jurisdiction",
                           f"--jurisdiction {jurisdiction!r} is unknown: use an id (zhangye, ganzhou …) "
                           f"or a Chinese name (张掖市, 甘州区 …)")
    return extract_text(text, doc_id=facts["doc_id"], jurisdiction=jurisdiction, doc_year=year,
                        raw_dir=raw_dir)


def sheet_text(rows: list[Row], source: str) -> str:
    """The plan sheet as CSV text: the review comment, the header and one line per row."""
    buf = io.StringIO()
    buf.write(COMMENT.format(source=source) + "\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        d = asdict(r)
        cells = [d[c] for c in COLUMNS]
        if r.commented:  # the reviewer sees it; the build skips lines whose first cell starts with #
            cells[0] = f"# {cells[0]}"
        w.writerow(cells)
    return buf.getvalue()


def write_sheet(rows: list[Row], out: str | Path, source: str) -> Path:
    """Write the sheet as UTF-8 with a BOM (so Excel opens the Chinese correctly)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(sheet_text(rows, source), encoding="utf-8-sig")
    return out


