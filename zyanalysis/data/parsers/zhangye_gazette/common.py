"""What the sections of the gazette share: the prose stream, the parse context and the
gazette's keywords for the record builders of :mod:`..base` (ids are made there)."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from zyanalysis.reference.jurisdictions import WAGE_ASSESSED_UNITS, find_jurisdiction, resolve_jurisdiction
from ..base import Document, ParseError, ParseResult, parse_number, squeeze, task_id


class Stream:
    """Lines ``start``..``end``-1 (1-based) normalised and joined without separators.

    PDF extraction wraps sentences anywhere (种植规模 / 千亩以上); joining lets a phrase be matched
    whole, and :meth:`line_at` maps a character position back to its document line.
    """

    def __init__(self, norm: list[str], start: int, end: int):
        parts: list[str] = []
        self._starts: list[int] = []
        self._lines: list[int] = []
        pos = 0
        for n in range(max(start, 1), min(end, len(norm) + 1)):
            s = norm[n - 1]
            if s:
                self._starts.append(pos)
                self._lines.append(n)
                parts.append(s)
                pos += len(s)
        self.text = "".join(parts)
        self.first = start

    def line_at(self, pos: int) -> int:
        """Document line holding character ``pos`` of the stream."""
        i = bisect_right(self._starts, pos) - 1
        return self._lines[max(i, 0)] if self._lines else self.first

    def sentence(self, pos: int) -> str:
        """The sentence (between 。 marks) around ``pos``."""
        a = self.text.rfind("。", 0, pos) + 1
        b = self.text.find("。", pos)
        return self.text[a:b if b >= 0 else len(self.text)]


@dataclass
class Ctx:
    """Parse state: the document, its normalised lines, the result, counters."""

    doc: Document
    norm: list[str]
    res: ParseResult = field(default_factory=ParseResult)
    task_no: int = 0
    persons: list[tuple[str, str, int]] = field(default_factory=list)   # (name, title, line)

    def error(self, line: int | None, fld: str, msg: str) -> ParseError:
        """A :class:`ParseError` located in the document."""
        return self.doc.error(line, fld, msg)

    def find(self, pattern: str, start: int, end: int | None = None, fld: str = "layout") -> int:
        """First line in [start, end) whose normalised text matches ``pattern``."""
        rx = re.compile(pattern)
        stop = min(end or len(self.norm) + 1, len(self.norm) + 1)
        for n in range(max(start, 1), stop):
            if rx.search(self.norm[n - 1]):
                return n
        raise self.error(start, fld, f"expected a line matching {pattern!r} between lines {start} and {stop - 1}")

    def search(self, st: Stream, pattern: str, fld: str, pos: int = 0) -> re.Match:
        """Regex search in a stream from ``pos``; absent → ParseError at the stream's first line."""
        m = re.compile(pattern).search(st.text, pos)
        if m is None:
            raise self.error(st.first, fld, f"expected text matching {pattern!r} in the section from line {st.first}")
        return m

    def num(self, s: str | None, line: int, fld: str) -> float:
        """A plain number read from ``s`` (ParseError naming line and field otherwise)."""
        return parse_number(s or "", doc=self.doc, line=line, field=fld)

    def next_task(self) -> str:
        """Id of the next task (numbered in the order the sections assign them)."""
        self.task_no += 1
        return task_id(self.doc.doc_id, self.task_no)


def county_id(ctx: Ctx, name: str, line: int) -> str:
    """Jurisdiction id of a county name; unknown → ParseError."""
    jid = resolve_jurisdiction(name) or find_jurisdiction(name)
    if jid is None:
        raise ctx.error(line, "county", f"unknown county-level unit {name!r}")
    return jid


def target(ctx: Ctx, *, line: int, jid: str, indicator_id: str, zh: str, en: str, unit: str, year: int,
           value: float | None, raw: str, comparator: str = ">=", aspirational: bool = False,
           higher_is_better: bool = True) -> dict:
    """A target of the issue (:meth:`ParseResult.add_target`).

    The issue states some goals twice (a quota in the text and in its table): a repeat is told
    apart by number ('.2', '.3' …).
    """
    return ctx.res.add_target(ctx.doc, line=line, jurisdiction_id=jid, indicator_id=indicator_id,
                              indicator_zh=zh, indicator_en=en, unit=unit, year=year, value=value, raw=raw,
                              comparator=comparator, higher_is_better=higher_is_better, aspirational=aspirational,
                              repeat="number")


def observation(ctx: Ctx, *, line: int, jid: str, indicator_id: str, zh: str, en: str, unit: str,
                year: int, value: float, raw: str) -> None:
    """An observation of the issue (:meth:`ParseResult.add_observation`); all are actuals."""
    ctx.res.add_observation(ctx.doc, line=line, jurisdiction_id=jid, indicator_id=indicator_id, indicator_zh=zh,
                            indicator_en=en, unit=unit, year=year, value=value, raw=raw)


_CITY_PREFIXES = ("市", "团市委", "张掖市政府", "张掖市人民政府", "张掖市农业", "张掖市牛业")


def _party_jurisdiction(text: str) -> str | None:
    """Level a party belongs to: city for 市… units and city leaders, a county for 高台县政府 …;
    None for collective parties (各县区政府) and companies or associations of no stated level."""
    if text.startswith(("各县区", "项目所在地")):
        return None
    if text.startswith(_CITY_PREFIXES):
        return "zhangye"
    jid = find_jurisdiction(text[:6])
    return jid if jid in WAGE_ASSESSED_UNITS and re.search(r"(政府|局|委)", text) else None


def responsibility(ctx: Ctx, *, line: int, task_id: str, subject: str, role: str, role_en: str,
                   party_raw: str, party_type: str, title: str | None = None, party_zh: str | None = None) -> None:
    """A party's role in a task (:meth:`ParseResult.add_responsibility`); a person's title is also
    remembered for the two-titles check (:mod:`.people`). An empty party is skipped."""
    party = party_zh or squeeze(party_raw)
    if not party:
        return
    ctx.res.add_responsibility(
        ctx.doc, line=line, subject_type="task", subject_id=task_id, subject_zh=subject, role=role, role_en=role_en,
        party_zh=party, party_raw=party_raw, party_type=party_type, title_zh=title,
        jurisdiction_id=_party_jurisdiction(title if party_type == "person" and title else party))
    if party_type == "person" and title:
        ctx.persons.append((party, squeeze(title), line))


def split_units(cell: str) -> list[str]:
    """Units in a 实施单位 / 配合单位 cell: separated by 、 or spaces; 'X共同参与制定' → X."""
    out = []
    for p in re.split(r"[、,\s]+", cell):
        p = re.sub(r"(共同参与制定|等)$", "", p)
        if p:
            out.append(p)
    return out
