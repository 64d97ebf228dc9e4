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

One module per part: :mod:`.brand`, :mod:`.wage`, :mod:`.funds`, :mod:`.livelihood` (with
:mod:`.quotas` and :mod:`.livelihood_plans`), :mod:`.chronicle`; then the checks across the issue,
:mod:`.people` (two titles for one person), :mod:`.ocr` and :mod:`.baselines`. :mod:`.common`
holds the prose stream and the parse context they share.

Units: counts as written (个, 户, 人, 座, 套 …); money in 万元 (10,000 yuan) or 亿元 (100 million
yuan) as the document writes it; areas in 万亩 or 平米 as written.
"""
from __future__ import annotations

from ..base import Document, ParseResult, clean, finish, to_halfwidth
from .baselines import link_baselines
from .brand import brand_plan
from .chronicle import chronicle
from .common import Ctx
from .funds import funds
from .livelihood import livelihood
from .ocr import ocr
from .people import people
from .wage import wage

DOC_ID = "004"

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


def _sections(ctx: Ctx) -> dict[str, tuple[int, int]]:
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


def parse(doc: Document) -> ParseResult:
    """Parse document 004 (the gazette issue) into targets, observations, frameworks,
    responsibilities and findings. Raises :class:`ParseError` when a part cannot be found or read."""
    ctx = Ctx(doc, [clean(to_halfwidth(x)) for x in doc.lines])
    if not doc.lines:
        raise ctx.error(None, "layout", "the document is empty")
    sec = _sections(ctx)
    brand_plan(ctx, *sec["brand"])
    wage(ctx, *sec["wage"])
    funds(ctx, *sec["funds"])
    livelihood(ctx, *sec["livelihood"])
    chronicle(ctx, *sec["chronicle"])
    people(ctx)
    ocr(ctx)
    link_baselines(ctx)
    return finish(doc, ctx.res)
