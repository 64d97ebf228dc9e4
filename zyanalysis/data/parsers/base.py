"""What every document parser shares: reading a document, cleaning PDF-extraction debris,
reading numbers, and collecting rows and findings with their provenance.

A parser is a module with ``DOC_ID`` and ``parse(doc: Document) -> ParseResult``. It returns
plain records (dicts keyed by the column names of :mod:`zyanalysis.data.schemas`); the build turns
them into validated frames. Parsers never change a number to make it fit: where the document
disagrees with itself they add a finding.

Records of targets, observations and responsibilities are made by :class:`ParseResult`'s
``add_target``, ``add_observation`` and ``add_responsibility``, so every parser builds its ids
by one rule (:func:`target_id`, :func:`series_id`, :func:`task_id`, :func:`project_id`). The
checks every document gets live here too: unique ids (:func:`check_unique`, run by
:func:`finish`, which ends every ``parse``), a stated total against its parts
(:func:`sum_mismatch`; :func:`check_sum` words the finding where a parser has no wording of its
own) and a target worse than its baseline (:func:`is_worse`).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Literal, NamedTuple

IDEOGRAPHIC_SPACE = "\u3000"
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_DITTO = {"同上", "同上。", "〃", "\""}


class ParseError(ValueError):
    """A document (or user file) could not be read as its layout requires.

    The message names the file, the line (or row) and the field, so a user can find it.
    """

    def __init__(self, file: str, line: int | None, field: str, message: str):
        self.file, self.line, self.field = file, line, field
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: field {field!r}: {message}")


@dataclass
class Document:
    """A source document: its manifest id, file path and lines (``lines[0]`` is line 1)."""

    doc_id: str
    path: Path
    lines: list[str]

    @classmethod
    def read(cls, doc_id: str, path: Path) -> "Document":
        """Read ``path`` as UTF-8 text; a file that is not UTF-8 is a :class:`ParseError`."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise ParseError(str(path), None, "encoding", f"not UTF-8 text ({e.reason} at byte {e.start})") from None
        return cls(doc_id, Path(path), text.splitlines())

    @property
    def name(self) -> str:
        """File name for messages."""
        return self.path.name

    def line(self, n: int) -> str:
        """Text of 1-based line ``n``."""
        return self.lines[n - 1]

    def find(self, pattern: str, start: int = 1) -> int:
        """1-based number of the first line at or after ``start`` matching regex ``pattern``.

        Raises :class:`ParseError` when absent: a parser relies on its anchors.
        """
        rx = re.compile(pattern)
        for i in range(start - 1, len(self.lines)):
            if rx.search(self.lines[i]):
                return i + 1
        raise ParseError(self.name, start, "layout", f"expected a line matching {pattern!r} after line {start}")

    def src(self, line: int | None) -> str:
        """Provenance string 'DOC:LINE'."""
        return f"{self.doc_id}:{line}" if line is not None else self.doc_id

    def error(self, line: int | None, field: str, message: str) -> ParseError:
        """A :class:`ParseError` located in this document."""
        return ParseError(self.name, line, field, message)


@dataclass
class ParseResult:
    """Records per table, as dicts keyed by :mod:`zyanalysis.data.schemas` column names."""

    projects: list[dict] = field(default_factory=list)
    observations: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    responsibilities: list[dict] = field(default_factory=list)
    frameworks: list[dict] = field(default_factory=list)
    industries: list[dict] = field(default_factory=list)
    regions: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    # how often each plain target id was asked for (the "number" repeat rule counts with it)
    target_repeats: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def tables(self) -> dict[str, list[dict]]:
        """Table name → records: every list field above (each one a table of ``schemas.TABLES``)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if isinstance(getattr(self, f.name), list)}

    def finding(self, doc: Document, line: int | None, kind: str, subject_zh: str, message: str, *,
                stated: float | None = None, computed: float | None = None, unit: str | None = None,
                jurisdiction_id: str | None = None) -> None:
        """Record that the document disagrees with itself (ids are numbered per document and kind)."""
        n = sum(1 for f in self.findings if f["kind"] == kind) + 1
        self.findings.append(dict(
            finding_id=f"{doc.doc_id}.{kind}.{n}", doc_id=doc.doc_id, line=line, source=doc.src(line),
            kind=kind, subject_zh=subject_zh, stated=stated, computed=computed, unit=unit,
            jurisdiction_id=jurisdiction_id, message=message))

    def add_target(self, doc: Document, *, line: int, jurisdiction_id: str, indicator_id: str,
                   indicator_zh: str, indicator_en: str, unit: str, year: int, value: float | None,
                   raw: str, comparator: str = ">=", higher_is_better: bool = True,
                   is_reduction: bool = False, base_year: int | None = None,
                   base_value: float | None = None, base_value_year: int | None = None,
                   aspirational: bool = False, industry_id: str | None = None,
                   repeat: Repeat = None) -> dict:
        """Append a target record (id by :func:`target_id`) and return it.

        ``repeat`` says how a second target of the same jurisdiction, indicator and year is told
        apart (see :func:`repeat_suffix`); None leaves the plain id, which :func:`check_unique`
        then refuses if it occurs twice.
        """
        plain = target_id(doc.doc_id, jurisdiction_id, indicator_id, year)
        taken = {t["target_id"] for t in self.targets} if repeat == "line" else set()
        self.target_repeats[plain] = self.target_repeats.get(plain, 0) + 1
        suffix = repeat_suffix(repeat, plain, self.target_repeats[plain], line, taken)
        rec = dict(
            target_id=target_id(doc.doc_id, jurisdiction_id, indicator_id, year, suffix), doc_id=doc.doc_id,
            line=line, source=doc.src(line), jurisdiction_id=jurisdiction_id, industry_id=industry_id,
            indicator_id=indicator_id, indicator_zh=indicator_zh, indicator_en=indicator_en, unit=unit,
            target_year=year, comparator=comparator, target_value=value, higher_is_better=higher_is_better,
            is_reduction=is_reduction, base_year=base_year, base_value=base_value,
            base_value_year=base_value_year, aspirational=aspirational, raw=raw)
        self.targets.append(rec)
        return rec

    def add_observation(self, doc: Document, *, line: int, jurisdiction_id: str, indicator_id: str,
                        indicator_zh: str, indicator_en: str, unit: str, year: int, value: float, raw: str,
                        kind: str = "actual", industry_id: str | None = None) -> dict:
        """Append an observation record (series id by :func:`series_id`) and return it."""
        rec = dict(
            series_id=series_id(jurisdiction_id, indicator_id), doc_id=doc.doc_id, line=line,
            source=doc.src(line), jurisdiction_id=jurisdiction_id, industry_id=industry_id,
            indicator_id=indicator_id, indicator_zh=indicator_zh, indicator_en=indicator_en, unit=unit,
            year=year, value=value, kind=kind, raw=raw)
        self.observations.append(rec)
        return rec

    def add_responsibility(self, doc: Document, *, line: int, subject_type: str, subject_id: str,
                           subject_zh: str, role: str, role_en: str, party_zh: str, party_raw: str,
                           party_type: str, title_zh: str | None = None,
                           jurisdiction_id: str | None = None) -> dict:
        """Append a responsibility record (who does what, as the document assigns it) and return it.

        ``subject_id`` is an industry id, a :func:`project_id` or a :func:`task_id`.
        """
        rec = dict(
            doc_id=doc.doc_id, line=line, source=doc.src(line), subject_type=subject_type,
            subject_id=subject_id, subject_zh=subject_zh, role=role, role_en=role_en, party_zh=party_zh,
            party_raw=party_raw, party_type=party_type, title_zh=title_zh, jurisdiction_id=jurisdiction_id)
        self.responsibilities.append(rec)
        return rec


# ---------------------------------------------------------------- ids: one rule for every document

# How a repeated target (same jurisdiction, indicator and year) is told apart:
#   "number": the 2nd, 3rd … get '.2', '.3' (document 004: the same goal stated in two places);
#   "line":   later ones get '.line<N>' (document 001: prose repeating the table on line N);
#   None:     not at all; :func:`check_unique` refuses the document.
Repeat = Literal["number", "line"] | None


def target_id(doc_id: str, jurisdiction_id: str, indicator_id: str, year: int, suffix: str | None = None) -> str:
    """'<doc>.<jurisdiction>.<indicator_id>.<year>', then '.<suffix>' for a repeat."""
    plain = f"{doc_id}.{jurisdiction_id}.{indicator_id}.{year}"
    return f"{plain}.{suffix}" if suffix else plain


def repeat_suffix(repeat: Repeat, plain: str, nth: int, line: int, taken: set[str]) -> str | None:
    """The suffix of the ``nth`` target asking for id ``plain`` (None: the plain id).

    ``taken`` holds the ids given so far (only the "line" rule needs them: '.line<N>' may itself
    be taken by a target on the same line, then '.line<N>.2', '.line<N>.3' …).
    """
    if repeat == "number":
        return str(nth) if nth > 1 else None
    if repeat == "line" and plain in taken:
        suffix, k = f"line{line}", 2
        while f"{plain}.{suffix}" in taken:
            suffix, k = f"line{line}.{k}", k + 1
        return suffix
    return None


def series_id(jurisdiction_id: str, indicator_id: str) -> str:
    """'<jurisdiction>.<indicator_id>': one series of observations."""
    return f"{jurisdiction_id}.{indicator_id}"


def task_id(doc_id: str, n: int) -> str:
    """'<doc>.task.<n>': the n-th task of a document that assigns responsibilities."""
    return f"{doc_id}.task.{n}"


def project_id(doc_id: str, group_seq: int, seq: int) -> str:
    """'<doc>-<group seq, 2 digits>-<seq, 3 digits>', e.g. '000-01-001'."""
    return f"{doc_id}-{group_seq:02d}-{seq:03d}"


# ---------------------------------------------------------------- checks every document gets

# table → the columns that identify a record (the schemas declare the same keys unique)
UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "targets": ("target_id",), "observations": ("series_id", "year", "kind"), "industries": ("industry_id",)}


def check_unique(doc: Document, res: ParseResult) -> None:
    """A damaged year or name can make two rows share an id: refuse rather than emit them."""
    for table, key in UNIQUE_KEYS.items():
        seen: dict[tuple, int] = {}
        for rec in getattr(res, table):
            k = tuple(rec[c] for c in key)
            if k in seen:
                raise doc.error(rec["line"], key[0], f"{k} occurs on lines {seen[k]} and {rec['line']}")
            seen[k] = rec["line"]


def finish(doc: Document, res: ParseResult) -> ParseResult:
    """The checks every parser's result gets before it leaves ``parse``; returns ``res``."""
    check_unique(doc, res)
    return res


def fmt(x: float) -> str:
    """A number as messages write it: '12', '0.5', '1225.44' (no trailing zeros)."""
    return f"{x:g}"


def sum_mismatch(stated: float, values: Iterable[float], *, digits: int | None = 6,
                 tolerance: float = 1e-6) -> float | None:
    """The sum of ``values`` when it differs from ``stated`` by more than ``tolerance``, else None.

    The sum is rounded to ``digits`` first (None: not rounded) so that float noise from adding
    many decimals never reads as a disagreement. Every 'stated total vs its parts' check of the
    parsers asks this; each words its own finding.
    """
    computed = sum(values)
    if digits is not None:
        computed = round(computed, digits)
    return computed if abs(computed - stated) > tolerance else None


def check_sum(doc: Document, res: ParseResult, *, stated: float, line: int, parts: list[tuple[float, int]],
              subject: str, unit: str, what: str, kind: str = "total_mismatch",
              jurisdiction_id: str | None = None) -> None:
    """A stated total against the sum of its parts (value, line); a difference is a finding."""
    if not parts:
        return
    computed = sum_mismatch(stated, (v for v, _ in parts))
    if computed is not None:
        lines = sorted({ln for _, ln in parts})
        where = f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}–{lines[-1]}"
        res.finding(
            doc, line, kind, subject,
            f"{what}: line {line} states {fmt(stated)} {unit}, but the figures it sums "
            f"({where}: {' + '.join(fmt(v) for v, _ in parts)}) add up to {fmt(computed)} {unit}.",
            stated=stated, computed=computed, unit=unit, jurisdiction_id=jurisdiction_id)


def check_equal(doc: Document, res: ParseResult, *, stated: float, line: int, other: float, other_line: int,
                subject: str, unit: str, what: str, jurisdiction_id: str | None = None,
                kind: str = "other") -> None:
    """Two statements of the same figure (e.g. prose vs table) must agree; a difference is a finding."""
    if abs(stated - other) > 1e-6:
        res.finding(
            doc, line, kind, subject,
            f"{what}: line {line} gives {fmt(stated)} {unit} but line {other_line} gives {fmt(other)} {unit}.",
            stated=stated, computed=other, unit=unit, jurisdiction_id=jurisdiction_id)


def is_worse(value: float | None, reference: float | None, higher_is_better: bool) -> bool:
    """True when ``value`` is worse than ``reference``: below it for a more-is-better indicator,
    above it for a less-is-better one; a missing number never is.

    The test behind every 'target below its baseline' finding (``reference`` the level already
    reached) and 'later target worse than the earlier one'.
    """
    if value is None or reference is None:
        return False
    return value < reference if higher_is_better else value > reference


# ---------------------------------------------------------------- text cleaning

def clean(cell: str | None) -> str:
    """Strip a cell: NFKC-free whitespace trim, ideographic spaces and NBSP count as space.

    A cell that holds only whitespace (often a lone U+3000 left by the PDF) becomes ``""``.
    Internal runs of whitespace collapse to one ASCII space.
    """
    if cell is None:
        return ""
    return _SPACES.sub(" ", cell).strip()


def squeeze(name: str | None) -> str:
    """A name with every space removed: '马  斌' → '马斌', '市发展 改革委' → '市发展改革委'.

    Chinese names are padded to width with spaces in the documents; the padding is not part of
    the name.
    """
    return _SPACES.sub("", name or "")


def is_ditto(cell: str | None) -> bool:
    """True when a cell says 'same as above' (同上)."""
    return clean(cell) in _DITTO


def to_halfwidth(s: str) -> str:
    """Full-width digits, signs and letters to ASCII ('＞６０' → '>60'); Chinese untouched."""
    return unicodedata.normalize("NFKC", s)


_NUM = re.compile(r"^[+\-−]?\d+(?:\.\d+)?$")


def parse_number(cell: str, *, doc: Document | None = None, line: int | None = None,
                 field: str = "value") -> float:
    """Read a plain number from a cell ('11.18 ', '１７０', '−13.5') as float.

    Anything else ('约7', '＞60', '-') raises :class:`ParseError` naming the place: callers that
    accept comparators or placeholders parse those first (see :func:`parse_target_cell`).
    """
    s = to_halfwidth(clean(cell)).replace(",", "").replace("−", "-")
    if not _NUM.match(s):
        where = doc.name if doc else "<text>"
        raise ParseError(where, line, field, f"expected a number, found {cell!r}")
    return float(s)


class TargetCell(NamedTuple):
    """A target cell read: comparator, numeric value (None if not numeric), raw text."""

    comparator: str
    value: float | None
    raw: str


def parse_target_cell(cell: str, *, doc: Document | None = None, line: int | None = None,
                      field: str = "target") -> TargetCell:
    """Read a target cell: '170' → ('>=', 170), '＞60' → ('>', 60), '≤5' → ('<=', 5),
    '完成国家指标' → ('national', None), '-' or '/' or '' → ('pending', None).

    A plain number is read as 'at least' (the plans' numbers are floors unless a sign says
    otherwise); callers flip it for less-is-better indicators.
    """
    raw = clean(cell)
    s = squeeze(to_halfwidth(raw))
    if s in {"", "-", "/", "—", "--", "－"}:
        return TargetCell("pending", None, raw)
    if "国家" in s:
        return TargetCell("national", None, raw)
    for sign, comp in ((">=", ">="), ("≥", ">="), ("<=", "<="), ("≤", "<="), (">", ">"), ("<", "<")):
        if s.startswith(sign):
            return TargetCell(comp, parse_number(s[len(sign):], doc=doc, line=line, field=field), raw)
    return TargetCell(">=", parse_number(s, doc=doc, line=line, field=field), raw)


_YEAR_RANGE = re.compile(r"(\d{4})\s*[-－—–~至]+\s*(\d{4})?")


def parse_period(cell: str) -> tuple[int | None, int | None]:
    """'2018-\\n\\n2021' or '2019-2022' → (2018, 2021); '2020' → (2020, 2020); else (None, None)."""
    s = squeeze(to_halfwidth(cell or ""))
    m = _YEAR_RANGE.search(s)
    if m:
        return int(m.group(1)), int(m.group(2)) if m.group(2) else None
    m = re.fullmatch(r"(\d{4})年?", s)
    if m:
        return int(m.group(1)), int(m.group(1))
    return None, None


def split_list(cell: str, seps: str = "、，,;；\n") -> list[str]:
    """Split a cell listing several names; drops empties and a trailing 等 ('etc.')."""
    parts = re.split("[" + re.escape(seps) + "]", cell or "")
    out = []
    for p in parts:
        p = squeeze(p)
        if p.endswith("等") and len(p) > 2:
            p = p[:-1]
        if p:
            out.append(p)
    return out
