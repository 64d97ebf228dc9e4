"""OCR debris in the issue: each known misreading is a finding."""
from __future__ import annotations

import re

from .common import Ctx


_OCR = [  # (regex on the raw line, what it should read, why)
    (r"[\u4e00-\u9fff]\s+and\s+[\u4e00-\u9fff]", "和", "the English word 'and' inside Chinese text"),
    (r"充分专虑", "充分考虑", "专虑 is not a word; 考虑 (consider) is meant"),
    (r"循环经产业园", "循环经济产业园", "经 without 济: 循环经济产业园 (circular-economy park) is meant"),
    (r"张掖玉米种子3—6月百家谈", "张掖玉米种子百家谈",
     "a date fragment inside the event name, which the plan text calls “张掖玉米种子百家谈”"),
    (r"\d{4}年\d{1,2}底", "…月底", "月 missing in a date ('12底' for '12月底')"),
]


def ocr(ctx: Ctx) -> None:
    for rx, right, why in _OCR:
        r = re.compile(rx)
        for n, raw in enumerate(ctx.doc.lines, 1):
            m = r.search(raw)
            if m:
                ctx.res.finding(ctx.doc, n, "ocr_error", m.group(0),
                                f"Line {n} reads '{m.group(0)}': {why}; it should read '{right}'.")
