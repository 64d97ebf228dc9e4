"""Plan sheets: targets, actuals and estimates read off a document by a person (or by
``zyanalysis extract``), one row each, in ``data/raw/plans/*.csv`` or ``*.xlsx``.

A sheet lets a new plan (a 15th five-year plan, a government work report) into the tables
without writing a parser: put the document's text under ``data/raw/documents/``, add a manifest
row with an empty ``parser`` column, and list its figures in a sheet. Every row names the
document line it comes from and quotes it; the build checks that the quote is on that line, so
every figure still traces to ``doc:line``. Format (``data/raw/plans/README.md``)::

    doc_id,line,jurisdiction,indicator,year,value,value_high,unit,comparator,kind,base_year,aspirational,quote
    005,42,张掖市,地区生产总值,2030,800,,亿元,>=,target,,否,全市地区生产总值达到800亿元以上

Rows of kind ``target`` join ``targets`` (``target_id`` = ``<doc>.<jurisdiction>.<indicator>.<year>``);
``actual`` and ``estimate`` rows join ``observations``. ``source`` is ``doc:line``; the sheet's
``file:row`` is kept at the end of ``raw``. Files are read as :mod:`zyanalysis.data.office_files`
describes (CSV in UTF-8 or GBK, or XLSX; row numbers as Excel shows them), row by row: the first
bad row stops the build with a :class:`ParseError` naming file, row and field.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from zyanalysis.data import schemas
from zyanalysis.data.actuals import Indicators, implausible
from zyanalysis.data.office_files import (header_index, parse_amount, parse_flag, parse_year, pick,
                                          read_records, researcher_files)
from zyanalysis.data.parsers.base import Document, ParseError
from zyanalysis.reference.indicators import KINDS, normalise_name
from zyanalysis.reference.jurisdictions import resolve_jurisdiction

REQUIRED = ["doc_id", "line", "jurisdiction", "indicator", "year", "value", "unit", "kind", "quote"]
OPTIONAL = ["value_high", "comparator", "base_year", "aspirational", "industry_id", "note",
            "new_indicator", "indicator_zh", "indicator_en", "indicator_kind", "direction"]
HEADER = REQUIRED[:6] + ["value_high", "unit", "comparator", "kind", "base_year", "aspirational", "quote",
                         "industry_id", "note", "new_indicator", "indicator_zh", "indicator_en",
                         "indicator_kind", "direction"]
"""Column order the extractor and the docs use (only REQUIRED must be present)."""

_COMPARATOR = {"": "", "=": "=", "==": "=", ">=": ">=", "≥": ">=", ">": ">", "<=": "<=", "≤": "<=", "<": "<",
               "~": "~", "左右": "~", "约": "~", "about": "~", "range": "range", "national": "national",
               "qualitative": "qualitative", "pending": "pending"}
_NO_VALUE = ("national", "qualitative", "pending")
_KIND = {"target": "target", "目标": "target", "actual": "actual", "实际": "actual", "完成": "actual",
         "estimate": "estimate", "预计": "estimate"}
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass
class SheetRows:
    """What the plan sheets add: records for ``targets``, ``observations`` and ``indicators``."""

    targets: list[dict] = field(default_factory=list)
    observations: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)


def squash(text: str) -> str:
    """Text as quotes are compared: NFKC (full-width → half-width), every space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


class _Sheets:
    """State shared by every row of every sheet of one build."""

    def __init__(self, manifest: dict[str, Path], frames: dict[str, pd.DataFrame], today: dt.date):
        self.manifest, self.today = manifest, today
        self.valid_j = set(frames["jurisdictions"]["jurisdiction_id"])
        self.industries = set(frames["industries"]["industry_id"])
        self.ind_table = frames["indicators"].set_index("indicator_id")
        self.names = Indicators(frames["indicators"])
        self.docs: dict[str, list[str]] = {}
        self.parser_targets = {r.target_id: r for r in frames["targets"].itertuples()}
        self.obs_seen: dict[tuple, tuple[float, str]] = {
            (r.series_id, r.year, r.kind): (r.value, r.source) for r in frames["observations"].itertuples()}
        self.target_seen: dict[str, str] = {}
        self.new: dict[str, dict] = {}  # sheet-defined indicators by id
        self.out = SheetRows()

    def lines(self, doc_id: str) -> list[str]:
        """The document's lines, squashed for quote matching (read once per build)."""
        if doc_id not in self.docs:
            doc = Document.read(doc_id, self.manifest[doc_id])
            self.docs[doc_id] = [squash(ln) for ln in doc.lines]
        return self.docs[doc_id]


def read_plan_sheets(folder: Path, manifest: dict[str, Path], frames: dict[str, pd.DataFrame],
                     *, today: dt.date | None = None) -> SheetRows:
    """Every sheet in ``folder`` (``*.csv`` / ``*.xlsx``, any letter case), checked against the
    manifest (``doc_id`` → document path), the documents' lines and the parsed ``frames``
    (jurisdictions, indicators, targets, observations).

    A row repeating a document's own figure exactly is dropped (already there); a row that
    contradicts it is an error: documents are never overridden.
    """
    st = _Sheets(manifest, frames, today or dt.date.today())
    for path in researcher_files(folder):
        read_sheet(path, st, rel=f"plans/{path.name}")
    return st.out


def read_sheet(path: Path, st: _Sheets, *, rel: str) -> None:
    """Check one sheet row by row and add its rows to ``st.out``."""
    records = read_records(path, rel)
    first = next(records, None)
    if first is None:
        return
    header_row, header_cells = first
    index = header_index(header_cells, rel, header_row, required=REQUIRED, optional=OPTIONAL)
    for row, cells in records:
        rec = pick(cells, index, rel, row, len(header_cells))
        _add_row(rec, rel, row, st)


def _add_row(rec: dict[str, str], rel: str, row: int, st: _Sheets) -> None:
    """Validate one sheet row and file it as a target or an observation."""
    def fail(field_: str, msg: str) -> ParseError:
        return ParseError(rel, row, field_, msg)

    for c in ("doc_id", "line", "jurisdiction", "indicator", "year", "unit", "kind", "quote"):
        if not rec.get(c):
            raise fail(c, "is empty")
    doc_id = _doc_id(rec["doc_id"], st, fail)
    line = _line(rec["line"], doc_id, rec["quote"], st, fail)
    jid = resolve_jurisdiction(rec["jurisdiction"])
    if jid is None or jid not in st.valid_j:
        raise fail("jurisdiction", f"unknown jurisdiction {rec['jurisdiction']!r}; valid: {sorted(st.valid_j)}")
    kind = _KIND.get(rec["kind"].strip().lower())
    if kind is None:
        raise fail("kind", f"kind must be target, actual or estimate, not {rec['kind']!r}")
    ind = _indicator(rec, rel, row, st, fail)
    unit, ind_kind = _unit_kind(ind, st)
    if normalise_name(rec["unit"]) != normalise_name(unit):
        raise fail("unit", f"unit {rec['unit']!r} does not match {ind}'s unit {unit!r}")
    comparator = _COMPARATOR.get(unicodedata.normalize("NFKC", rec.get("comparator", "")).strip().lower())
    if comparator is None:
        raise fail("comparator", f"unknown comparator {rec['comparator']!r}; use =, >=, >, <=, <, ~ (左右) or range")
    year = parse_year(rec["year"], rel, row)
    value = _value(rec, "value", rel, row, ind_kind, required=comparator not in _NO_VALUE)
    high = _value(rec, "value_high", rel, row, ind_kind, required=comparator == "range")
    if comparator != "range" and not math.isnan(high):
        raise fail("value_high", f"value_high is only for comparator 'range', not {comparator or 'empty'!r}")
    if comparator == "range" and high < value:
        raise fail("value_high", f"value_high {high:g} is below value {value:g}")
    src = f"{doc_id}:{line}"
    raw = f"{rec['quote']} [{rel}:{row}]"
    info = _info(ind, rec, st)
    industry = rec.get("industry_id") or None
    if industry and industry not in st.industries:
        raise fail("industry_id", f"unknown industry {industry!r} (see the industries table)")
    if kind == "target":
        _add_target(dict(
            target_id=f"{doc_id}.{jid}.{ind}.{year}", doc_id=doc_id, line=line, source=src, jurisdiction_id=jid,
            industry_id=industry, indicator_id=ind, indicator_zh=info["name_zh"], indicator_en=info["name_en"],
            unit=unit, target_year=year, comparator=comparator or "=", target_value=value, target_high=high,
            higher_is_better=info["direction"] == "higher", is_reduction=ind_kind == "reduction",
            base_year=_base_year(rec, rel, row, ind_kind), base_value=None, base_value_year=None,
            aspirational=parse_flag(rec.get("aspirational", ""), rel, row, "aspirational"), raw=raw),
            rel, row, st)
        return
    if comparator not in ("", "=", "~"):
        raise fail("comparator", f"an {kind} is a figure, not a bound: use '=' or '~', not {comparator!r}")
    if math.isnan(value):
        raise fail("value", "is empty")
    if year > st.today.year:
        raise fail("year", f"an {kind} for {year} cannot be stated before that year")
    _add_observation(dict(
        series_id=f"{jid}.{ind}", doc_id=doc_id, line=line, source=src, jurisdiction_id=jid, industry_id=industry,
        indicator_id=ind, indicator_zh=info["name_zh"], indicator_en=info["name_en"], unit=unit, year=year,
        value=value, kind=kind, raw=raw), rel, row, st)


def _doc_id(text: str, st: _Sheets, fail) -> str:
    """A manifest doc_id; Excel's 5 for 005 is read as 005."""
    doc_id = text.strip()
    if doc_id not in st.manifest and doc_id.isdigit() and doc_id.zfill(3) in st.manifest:
        doc_id = doc_id.zfill(3)
    if doc_id not in st.manifest:
        raise fail("doc_id", f"document {text!r} is not in data/raw/manifest.csv (known: {sorted(st.manifest)}); "
                             f"add its text under data/raw/documents/ and a manifest row first")
    return doc_id


def _line(text: str, doc_id: str, quote: str, st: _Sheets, fail) -> int:
    """The 1-based document line, checked to exist and to hold the quote."""
    try:
        line = int(unicodedata.normalize("NFKC", text).strip().removesuffix(".0"))
    except ValueError:
        raise fail("line", f"not a line number: {text!r}") from None
    lines = st.lines(doc_id)
    if not 1 <= line <= len(lines):
        raise fail("line", f"document {doc_id} has lines 1–{len(lines)}, not {line}")
    q = squash(quote)
    if not q:
        raise fail("quote", "is empty")
    if q not in lines[line - 1]:
        near = [n for n in range(max(1, line - 5), min(len(lines), line + 5) + 1) if q in lines[n - 1]]
        hint = f"; it is on line {near[0]}" if near else ""
        raise fail("quote", f"{quote!r} is not on line {line} of document {doc_id} "
                            f"(which reads {lines[line - 1][:60]!r}){hint}")
    return line


def _indicator(rec: dict[str, str], rel: str, row: int, st: _Sheets, fail) -> str:
    """The indicator id of the row; a ``new_indicator`` row defines it for this build."""
    if not parse_flag(rec.get("new_indicator", ""), rel, row, "new_indicator"):
        ind = st.names.resolve(rec["indicator"])
        if ind is None:
            raise fail("indicator", f"unknown indicator {rec['indicator']!r}: use an id or a Chinese name from "
                                    f"zyanalysis/reference/indicators.csv, or set new_indicator=yes with "
                                    f"indicator_zh, indicator_kind and direction")
        return ind
    iid = rec["indicator"].strip()
    if not _SLUG.match(iid):
        raise fail("indicator", f"a new indicator's id must be a lower-case slug (a-z, 0-9, _), not {iid!r}")
    spec = dict(indicator_id=iid, name_zh=rec.get("indicator_zh", "").strip(), aliases=None,
                name_en=rec.get("indicator_en", "").strip() or iid, unit=rec["unit"].strip(),
                kind=rec.get("indicator_kind", "").strip(), direction=rec.get("direction", "").strip().lower(),
                source=f"{rel}:{row}")
    for c, ok, what in (("indicator_zh", bool(spec["name_zh"]), "its Chinese name"),
                        ("indicator_kind", spec["kind"] in KINDS, "one of " + ", ".join(KINDS)),
                        ("direction", spec["direction"] in ("higher", "lower"), "higher or lower")):
        if not ok:
            raise fail(c, f"a new indicator needs {c} ({what}); found {rec.get(c, '')!r}")
    if iid in st.new:
        old = st.new[iid]
        column = {"name_zh": "indicator_zh", "unit": "unit", "kind": "indicator_kind", "direction": "direction"}
        diff = [k for k in column if old[k] != spec[k]]
        if diff:
            raise fail(column[diff[0]], f"new indicator {iid} was defined with {column[diff[0]]} "
                                        f"{old[diff[0]]!r} at {old['source']}, not {spec[diff[0]]!r}")
        return iid
    for n in (iid, spec["name_zh"]):
        known = st.names.resolve(n)
        if known is not None:
            raise fail("new_indicator", f"{n!r} already names catalogue indicator {known}: use it and leave "
                                        f"new_indicator empty")
    st.new[iid] = spec
    st.out.indicators.append(spec)
    st.names = Indicators(pd.concat([st.ind_table.reset_index(), pd.DataFrame(list(st.new.values()))],
                                    ignore_index=True))
    return iid


def _unit_kind(ind: str, st: _Sheets) -> tuple[str, str]:
    """(unit, kind) of a catalogue or sheet-defined indicator."""
    if ind in st.new:
        return st.new[ind]["unit"], st.new[ind]["kind"]
    r = st.ind_table.loc[ind]
    return r["unit"], r["kind"]


def _info(ind: str, rec: dict[str, str], st: _Sheets) -> dict[str, str]:
    """Chinese and English name and direction of the indicator (the sheet's Chinese name wins)."""
    base = st.new[ind] if ind in st.new else st.ind_table.loc[ind].to_dict()
    written = rec["indicator"].strip()
    name_zh = rec.get("indicator_zh", "").strip() or (written if written != ind else base["name_zh"])
    return {"name_zh": name_zh, "name_en": base["name_en"], "direction": base["direction"]}


def _value(rec: dict[str, str], col: str, rel: str, row: int, kind: str, *, required: bool) -> float:
    """A value cell in the indicator's unit (NaN when empty and not required), plausibility-checked."""
    text = rec.get(col, "")
    if not text:
        if required:
            raise ParseError(rel, row, col, "is empty")
        return math.nan
    v = parse_amount(text, rel, row, col)
    why = implausible(kind, v)
    if why:
        raise ParseError(rel, row, col, why)
    return v


def _base_year(rec: dict[str, str], rel: str, row: int, kind: str) -> int | None:
    """Base year of a reduction target (required for kind reduction)."""
    if not rec.get("base_year"):
        if kind == "reduction":
            raise ParseError(rel, row, "base_year", "a reduction target needs the year it is measured against")
        return None
    return parse_year(rec["base_year"], rel, row, "base_year")


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or (not math.isnan(a) and not math.isnan(b) and abs(a - b) < 1e-9)


def _add_target(t: dict, rel: str, row: int, st: _Sheets) -> None:
    """Add a target unless a document or an earlier row already has its id."""
    tid = t["target_id"]
    if tid in st.target_seen:
        raise ParseError(rel, row, "year", f"target {tid} is already given by {st.target_seen[tid]}; "
                                           f"one target per document, jurisdiction, indicator and year")
    old = st.parser_targets.get(tid)
    if old is not None:
        if (old.comparator == t["comparator"] and _same(float(old.target_value), t["target_value"])
                and _same(float(old.target_high), t["target_high"])):
            st.target_seen[tid] = f"{rel}:{row}"
            return  # the parser already reads this very target
        raise ParseError(rel, row, "value", f"target {tid} differs from what the document's parser reads at "
                                            f"{old.source} ({old.comparator} {old.target_value:g}): documents are "
                                            f"never overridden; report the parser's reading instead")
    st.target_seen[tid] = f"{rel}:{row}"
    st.out.targets.append(t)


def _add_observation(o: dict, rel: str, row: int, st: _Sheets) -> None:
    """Add an actual/estimate unless the same one is already known (equal value: dropped)."""
    key = (o["series_id"], o["year"], o["kind"])
    if key in st.obs_seen:
        value, where = st.obs_seen[key]
        if _same(float(value), o["value"]):
            return
        raise ParseError(rel, row, "value", f"{o['series_id']} {o['year']} ({o['kind']}) is {value:g} at {where}, "
                                            f"not {o['value']:g}: record a revision as a note, not a second figure")
    st.obs_seen[key] = (o["value"], f"{rel}:{row}")
    st.out.observations.append(o)


def template() -> str:
    """Text of a blank plan sheet (``zyanalysis template plan``): comments and header."""
    return ("# zyanalysis plan sheet (format: data/raw/plans/README.md). One row per figure; the quote must be\n"
            "# on the document line given. Example:\n"
            "# 005,2,张掖市,规模以上工业总产值,2030,300,,亿元,>=,target,,否,规模以上工业总产值达到300亿元以上\n"
            + ",".join(HEADER) + "\n")


def sheet_frames(rows: SheetRows) -> dict[str, pd.DataFrame]:
    """The sheet rows as typed frames (targets, observations)."""
    return {"targets": schemas.coerce("targets", rows.targets) if rows.targets else schemas.empty("targets"),
            "observations": (schemas.coerce("observations", rows.observations) if rows.observations
                             else schemas.empty("observations"))}
