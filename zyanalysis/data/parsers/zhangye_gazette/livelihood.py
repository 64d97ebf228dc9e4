"""The nine 2024 livelihood projects (为民实事): the notice, each plan's handler and its
responsibility blocks."""
from __future__ import annotations

import re

from ..base import fmt, squeeze
from .common import Ctx, Stream, responsibility, split_units
from .livelihood_plans import PLAN_HANDLERS
from .quotas import plan_tables


def livelihood(ctx: Ctx, start: int, end: int) -> None:
    """The nine livelihood projects: quotas, totals checked, responsibility blocks."""
    ym = re.search(r"落实(\d{4})年", ctx.norm[start - 1])
    if ym is None:
        raise ctx.error(start, "year", "the notice title gives no year (落实YYYY年…为民实事)")
    year = int(ym.group(1))
    heads = [n for n in range(start + 1, end) if _is_plan_heading(ctx.norm[n - 1])]
    if not heads:
        raise ctx.error(start, "plans", "no 实施方案 headings after the notice")
    _livelihood_counts(ctx, Stream(ctx.norm, start, heads[0]), heads)
    for i, h in enumerate(heads):
        e = heads[i + 1] if i + 1 < len(heads) else end
        title = squeeze(ctx.norm[h - 1])
        st = Stream(ctx.norm, h, e)
        tables = plan_tables(ctx, h, e)
        for kw, handler in PLAN_HANDLERS:
            if kw in title:
                handler(ctx, st, tables, year, title)
                break
        _plan_responsibilities(ctx, h, e, title)


def _is_plan_heading(s: str) -> bool:
    return (s.endswith("实施方案") and len(s) <= 60 and not re.search(r"[。,;《》]", s)
            and not s.startswith(("附件", "(", "一", "二")))


def _livelihood_counts(ctx: Ctx, notice: Stream, heads: list[int]) -> None:
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
                            f"Line {line} says {fmt(stated)} livelihood projects concern the city, but there are "
                            f"{n} {what}.", stated=stated, computed=float(n), unit="件")


_ROLES = {  # role as written → (English, party type)
    "市级责任领导": ("city_leader", "person"), "部门责任领导": ("department_leader", "person"),
    "部门牵头领导": ("department_leader", "person"), "牵头单位": ("lead_department", "department"),
    "配合单位": ("cooperating_department", "department"), "实施主体": ("implementing_body", "department"),
    "实施单位": ("implementing_body", "department"), "责任主体": ("responsible_body", "department"),
}
_ROLE_RX = re.compile(r"^(" + "|".join(_ROLES) + r")[:：]\s*(.*)$")
_HEADING_RX = re.compile(r"^([一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d+[.、]|附件)")


def _plan_responsibilities(ctx: Ctx, first: int, end: int, title: str) -> None:
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


def _emit_blocks(ctx: Ctx, first: int, title: str, entries: list[list]) -> None:
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
                responsibility(ctx, line=line, task_id=task, subject=subject, role=role, role_en=role_en,
                                party_raw=name, party_type="person", title=ttl)
            else:
                for unit in split_units(value):
                    responsibility(ctx, line=line, task_id=task, subject=subject, role=role, role_en=role_en,
                                    party_raw=unit, party_type="department")


def _sub_project(ctx: Ctx, first: int, line: int, title: str) -> str:
    """Nearest 'N、…' heading above a block (the sub-project of a two-part plan)."""
    for n in range(line - 1, first - 1, -1):
        m = re.match(r"^[一二三四五六七八九十]+、\s*(.+)$", ctx.norm[n - 1])
        if m:
            return m.group(1)
    return title
