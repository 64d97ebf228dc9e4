"""张掖市保障农民工工资支付工作考核办法: the A/B/C grading (framework '004.wage') and who runs it."""
from __future__ import annotations

import re

from ..base import clean
from .common import Ctx, Stream, responsibility

# The wage-payment grading's rules live in zyanalysis.reference.rules (WAGE_GRADING), stated once.


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


def wage(ctx: Ctx, start: int, end: int) -> None:
    """The A/B/C grading and the assessed content of 张掖市保障农民工工资支付工作考核办法."""
    st = Stream(ctx.norm, start, end)
    title = ctx.norm[start - 1]
    seq = 0
    rows = ctx.res.frameworks

    def add(line: int, group_seq: int, group_zh: str, zh: str, kind: str, en: str, content: str) -> None:
        nonlocal seq
        seq += 1
        rows.append(dict(framework_id="004.wage", doc_id=ctx.doc.doc_id, line=line, source=ctx.doc.src(line), system="wage",
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


def _wage_grades(ctx: Ctx, st: Stream, pos: int, add) -> None:
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


def _wage_responsibility(ctx: Ctx, st: Stream) -> None:
    m = re.search(r"由(市政府根治拖欠农民工工资工作领导小组)\(以下简称领导小组\)(负责实施),(领导小组办公室)(具体组织落实)", st.text)
    if not m:
        return
    task, line = ctx.next_task(), st.line_at(m.start())
    subject = "张掖市保障农民工工资支付工作考核"
    responsibility(ctx, line=line, task_id=task, subject=subject, role=m.group(2), role_en="responsible_body",
                    party_raw=m.group(1), party_type="department")
    responsibility(ctx, line=line, task_id=task, subject=subject, role=m.group(4), role_en="organising_office",
                    party_raw=m.group(3), party_zh=m.group(1) + "办公室", party_type="department")
