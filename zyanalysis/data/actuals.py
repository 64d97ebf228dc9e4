"""Researcher-supplied actual values: ``data/raw/actuals/*.csv``.

As statistics come out, researchers add them here; the build merges them into
``observations`` with provenance ``'actuals/<file>:<row>'`` (row = line of the file, the header
being line 1 when there are no comment lines). Format (UTF-8, comma-separated, lines starting
with ``#`` are comments)::

    jurisdiction,indicator_id,year,value,unit,kind,industry_id,note
    ganzhou,industrial_output_above_scale,2024,158.3,亿元,actual,,区统计局 2025年1月快报

=================  ========  ==========================================================
column             required  meaning
=================  ========  ==========================================================
jurisdiction       yes       id or Chinese name (``ganzhou`` / ``甘州区``; aliases such as
                             肃南县 accepted)
indicator_id       yes       an indicator the documents define for that jurisdiction (see
                             ``load_targets()`` / ``load_observations()``)
year               yes       calendar year, from 2000 up to the current year
value              yes       a plain number in ``unit``
unit               yes       must equal the indicator's unit (亿元, %, 户 …)
kind               no        ``actual`` (default) or ``estimate``
industry_id        no        only for per-industry indicators
note               no        where the figure comes from (kept as ``raw``)
=================  ========  ==========================================================

A bad row stops the build with an error naming the file, the row and the field; nothing is
written. ``zyanalysis template actuals`` writes a blank file with this header.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd

from zyanalysis.data import schemas
from zyanalysis.data.parsers.base import ParseError, parse_number
from zyanalysis.reference.jurisdictions import resolve_jurisdiction

REQUIRED = ["jurisdiction", "indicator_id", "year", "value", "unit"]
OPTIONAL = ["kind", "industry_id", "note"]
HEADER = REQUIRED + OPTIONAL
MIN_YEAR = 2000

TEMPLATE = (
    "# zyanalysis actual values (see zyanalysis/actuals.py for the format).\n"
    "# One row per jurisdiction x indicator x year; unit must match the indicator's unit.\n"
    "# Example: ganzhou,industrial_output_above_scale,2024,158.3,亿元,actual,,区统计局快报\n"
    + ",".join(HEADER) + "\n"
)


def template() -> str:
    """Text of a blank actuals file (header and comments)."""
    return TEMPLATE


def _indicator_units(observations: pd.DataFrame, targets: pd.DataFrame) -> dict[tuple[str, str], tuple[str, str, str, str | None]]:
    """(jurisdiction, indicator_id) → (unit, indicator_zh, indicator_en, industry_id) from the documents."""
    known: dict[tuple[str, str], tuple[str, str, str, str | None]] = {}
    for df in (targets, observations):
        for r in df[["jurisdiction_id", "indicator_id", "unit", "indicator_zh", "indicator_en", "industry_id"]].itertuples(index=False):
            industry = None if pd.isna(r.industry_id) else r.industry_id
            known.setdefault((r.jurisdiction_id, r.indicator_id), (r.unit, r.indicator_zh, r.indicator_en, industry))
    return known


def read_actuals_file(path: Path, observations: pd.DataFrame, targets: pd.DataFrame,
                      jurisdictions: pd.DataFrame, *, rel: str | None = None,
                      today: dt.date | None = None) -> pd.DataFrame:
    """Read one actuals CSV into ``observations`` rows; the first bad row raises :class:`ParseError`."""
    rel = rel or f"actuals/{path.name}"
    max_year = (today or dt.date.today()).year
    known = _indicator_units(observations, targets)
    valid_j = set(jurisdictions["jurisdiction_id"])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise ParseError(rel, None, "encoding", f"not UTF-8 text ({e.reason} at byte {e.start})") from None
    lines = text.splitlines()
    data = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")]
    if not data:
        return schemas.empty("observations")
    header_line, header_text = data[0]
    header = [h.strip() for h in next(csv.reader([header_text]))]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ParseError(rel, header_line, missing[0], f"header lacks required column(s) {missing}; expected {HEADER}")
    extra = [c for c in header if c not in HEADER]
    if extra:
        raise ParseError(rel, header_line, extra[0], f"unknown column(s) {extra}; expected {HEADER}")
    rows = []
    for lineno, ln in data[1:]:
        cells = next(csv.reader(io.StringIO(ln)))
        if len(cells) != len(header):
            raise ParseError(rel, lineno, "row", f"{len(cells)} cells, header has {len(header)}")
        rec = {h: c.strip() for h, c in zip(header, cells)}
        rows.append(_row(rec, rel, lineno, known, valid_j, max_year))
    return schemas.coerce("observations", rows)


def _row(rec: dict, rel: str, lineno: int, known: dict, valid_j: set, max_year: int) -> dict:
    """Check one actuals row and turn it into an observations record."""
    def fail(field: str, msg: str) -> ParseError:
        return ParseError(rel, lineno, field, msg)

    for c in REQUIRED:
        if not rec.get(c):
            raise fail(c, "is empty")
    jid = resolve_jurisdiction(rec["jurisdiction"])
    if jid is None or jid not in valid_j:
        raise fail("jurisdiction", f"unknown jurisdiction {rec['jurisdiction']!r}; valid: {sorted(valid_j)}")
    ind = rec["indicator_id"]
    if (jid, ind) not in known:
        options = sorted(i for j, i in known if j == jid)
        raise fail("indicator_id", f"no indicator {ind!r} for {jid}; the documents define: {options}")
    unit, ind_zh, ind_en, industry = known[(jid, ind)]
    try:
        year = int(rec["year"])
    except ValueError:
        raise fail("year", f"not a year: {rec['year']!r}") from None
    if not MIN_YEAR <= year <= max_year:
        raise fail("year", f"{year} is out of range {MIN_YEAR}–{max_year} (actuals cannot be in the future)")
    try:
        value = parse_number(rec["value"])
    except ParseError:
        raise fail("value", f"not a number: {rec['value']!r}") from None
    if rec["unit"] != unit:
        raise fail("unit", f"unit {rec['unit']!r} does not match the indicator's unit {unit!r}")
    kind = rec.get("kind") or "actual"
    if kind not in ("actual", "estimate"):
        raise fail("kind", f"kind must be 'actual' or 'estimate', not {kind!r}")
    if rec.get("industry_id") and industry and rec["industry_id"] != industry:
        raise fail("industry_id", f"{ind} belongs to {industry}, not {rec['industry_id']!r}")
    return dict(series_id=f"{jid}.{ind}", doc_id="user", line=lineno, source=f"{rel}:{lineno}",
                jurisdiction_id=jid, industry_id=industry, indicator_id=ind, indicator_zh=ind_zh,
                indicator_en=ind_en, unit=unit, year=year, value=value, kind=kind,
                raw=rec.get("note") or None)


def read_actuals(folder: Path, observations: pd.DataFrame, targets: pd.DataFrame,
                 jurisdictions: pd.DataFrame, *, today: dt.date | None = None) -> pd.DataFrame:
    """Every ``*.csv`` in ``folder`` as observations rows; duplicates are an error.

    A duplicate is the same series, year and kind twice among the user files, or a user row for
    a series-year-kind a document already gives (documents are not overridden: record a
    revision as a new file and report it).
    """
    if not folder.is_dir():
        return schemas.empty("observations")
    frames = []
    for path in sorted(folder.glob("*.csv")):
        frames.append(read_actuals_file(path, observations, targets, jurisdictions, today=today))
    if not frames:
        return schemas.empty("observations")
    df = pd.concat(frames, ignore_index=True)
    seen: dict[tuple, str] = {(r.series_id, r.year, r.kind): r.source for r in observations.itertuples()}
    for r in df.itertuples():
        key = (r.series_id, r.year, r.kind)
        if key in seen:
            file, row = r.source.rsplit(":", 1)
            raise ParseError(file, int(row), "year",
                             f"duplicate: {r.series_id} {r.year} ({r.kind}) is already given by {seen[key]}")
        seen[key] = r.source
    return df
