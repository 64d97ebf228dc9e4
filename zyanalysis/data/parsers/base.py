"""What every document parser shares: reading a document, cleaning PDF-extraction debris,
reading numbers, and collecting rows and findings with their provenance.

A parser is a module with ``DOC_ID`` and ``parse(doc: Document) -> ParseResult``. It returns
plain records (dicts keyed by the column names of :mod:`zyanalysis.data.schemas`); the build turns
them into validated frames. Parsers never change a number to make it fit: where the document
disagrees with itself they add a finding.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

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

    def tables(self) -> dict[str, list[dict]]:
        """Table name → records."""
        return {k: getattr(self, k) for k in (
            "projects", "observations", "targets", "responsibilities", "frameworks", "industries",
            "regions", "findings")}

    def finding(self, doc: Document, line: int | None, kind: str, subject_zh: str, message: str, *,
                stated: float | None = None, computed: float | None = None, unit: str | None = None,
                jurisdiction_id: str | None = None) -> None:
        """Record that the document disagrees with itself (ids are numbered per document and kind)."""
        n = sum(1 for f in self.findings if f["kind"] == kind) + 1
        self.findings.append(dict(
            finding_id=f"{doc.doc_id}.{kind}.{n}", doc_id=doc.doc_id, line=line, source=doc.src(line),
            kind=kind, subject_zh=subject_zh, stated=stated, computed=computed, unit=unit,
            jurisdiction_id=jurisdiction_id, message=message))


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
