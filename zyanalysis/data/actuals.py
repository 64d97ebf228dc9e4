"""Researcher-supplied actual values: ``data/raw/actuals/*.csv`` or ``*.xlsx``.

As statistics come out, researchers add them here; the build merges them into
``observations`` with provenance ``'actuals/<file>:<row>'`` (row = the row Excel shows, the
header being row 1 when there are no comment rows). Files may be CSV (UTF-8 with or without
BOM, or GBK/GB18030 as Excel saves them on Chinese Windows; any letter case: ``2025.CSV``) or
Excel ``.xlsx`` (first sheet); see :mod:`zyanalysis.data.office_files`. Rows whose first cell
starts with ``#`` are comments::

    jurisdiction,indicator_id,year,value,unit,kind,industry_id,note
    ganzhou,industrial_output_above_scale,2024,158.3,亿元,actual,,区统计局 2025年1月快报
    甘州区,规模以上工业总产值,2025,"1,234.5",亿元,actual,,"两行的
    备注也可以"

=================  ========  ==========================================================
column             required  meaning
=================  ========  ==========================================================
jurisdiction       yes       id or Chinese name (``ganzhou`` / ``甘州区``; aliases such as
                             肃南县 accepted)
indicator_id       yes       id or Chinese name / alias from the indicator catalogue, of an
                             indicator the documents or plan sheets define for that
                             jurisdiction (the header may also say ``indicator``)
year               yes       calendar year, from 2000 up to the current year
value              yes       a number in ``unit``: 158.3, １５８．３ and 1,234.5 are read;
                             158,3 (a decimal comma?) is an error. A row whose value is
                             empty is skipped: a placeholder of ``template actuals --missing``
unit               yes       must equal the indicator's unit (亿元, %, 户 …)
kind               no        ``actual`` (default) or ``estimate``
industry_id        no        only for per-industry indicators
note               no        where the figure comes from (kept as ``raw``)
indicator_zh, why  ignored   written by ``template actuals --missing`` for the reader's eye
=================  ========  ==========================================================

Values must be plausible for the indicator's kind (:mod:`zyanalysis.reference.indicators`):
amounts (level, stock, flow) are never negative, shares lie in 0–100.

A bad row stops the build with an error naming the file, the row and the field; nothing is
written. ``zyanalysis template actuals`` writes a blank file with this header.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from zyanalysis.data import schemas
from zyanalysis.data.office_files import header_index, parse_amount, pick, read_records, researcher_files
from zyanalysis.data.parsers.base import ParseError
from zyanalysis.reference.indicators import catalogue, normalise_name
from zyanalysis.reference.jurisdictions import resolve_jurisdiction

REQUIRED = ["jurisdiction", "indicator_id", "year", "value", "unit"]
OPTIONAL = ["kind", "industry_id", "note"]
HEADER = REQUIRED + OPTIONAL
IGNORED = ("indicator_zh", "why")  # written by `template actuals --missing`, for people only
MIN_YEAR = 2000
CHUNK_ROWS = 50_000

TEMPLATE = (
    "# zyanalysis actual values (format: data/raw/actuals/README.md).\n"
    "# One row per jurisdiction x indicator x year; unit must match the indicator's unit.\n"
    "# Example: ganzhou,industrial_output_above_scale,2024,158.3,亿元,actual,,区统计局快报\n"
    + ",".join(HEADER) + "\n"
)


def template() -> str:
    """Text of a blank actuals file (header and comments)."""
    return TEMPLATE


def missing_rows(wanted: pd.DataFrame) -> tuple[list[str], list[dict]]:
    """Header and prefilled rows of an actuals file for :func:`zyanalysis.scoring.wanted.data_wanted`'s
    frame: everything but the value filled in, the Chinese name and the reason beside it."""
    columns = HEADER + list(IGNORED)
    rows = [dict(jurisdiction=r.jurisdiction_id, indicator_id=r.indicator_id, year=int(r.year), value=None,
                 unit=r.unit, kind="actual", industry_id=None if pd.isna(r.industry_id) else r.industry_id,
                 note=None, indicator_zh=r.indicator_zh, why=r.why)
            for r in wanted.itertuples(index=False)]
    return columns, rows


def _indicator_units(observations: pd.DataFrame, targets: pd.DataFrame) -> dict[tuple[str, str], tuple[str, str, str, str | None]]:
    """(jurisdiction, indicator_id) → (unit, indicator_zh, indicator_en, industry_id) from the documents."""
    known: dict[tuple[str, str], tuple[str, str, str, str | None]] = {}
    for df in (targets, observations):
        for r in df[["jurisdiction_id", "indicator_id", "unit", "indicator_zh", "indicator_en", "industry_id"]].itertuples(index=False):
            industry = None if pd.isna(r.industry_id) else r.industry_id
            known.setdefault((r.jurisdiction_id, r.indicator_id), (r.unit, r.indicator_zh, r.indicator_en, industry))
    return known


def indicator_frame(raw: Path | None = None) -> pd.DataFrame:
    """The catalogue as a frame (indicator_id, name_zh, aliases, unit, kind, direction)."""
    return pd.DataFrame([{"indicator_id": i.indicator_id, "name_zh": i.name_zh, "aliases": "|".join(i.aliases),
                          "unit": i.unit, "kind": i.kind, "direction": i.direction}
                         for i in catalogue(raw).values()])


class Indicators:
    """Name → indicator lookup over an indicators table (catalogue plus sheet-defined rows)."""

    def __init__(self, table: pd.DataFrame):
        self.kind: dict[str, str] = dict(zip(table["indicator_id"], table["kind"]))
        self.unit: dict[str, str] = dict(zip(table["indicator_id"], table["unit"]))
        self._names: dict[str, str] = {}
        for r in table.itertuples(index=False):
            aliases = [] if pd.isna(r.aliases) or not r.aliases else str(r.aliases).split("|")
            for n in (r.indicator_id, r.name_zh, *aliases):
                self._names.setdefault(normalise_name(n), r.indicator_id)

    def resolve(self, name: str) -> str | None:
        """The id an id, Chinese name or alias names (full-width and spaces ignored), or None."""
        return self._names.get(normalise_name(name))


def implausible(kind: str | None, value: float) -> str | None:
    """Why ``value`` cannot be a figure of an indicator of ``kind``, or None when it can.

    Amounts (level, stock, flow) are never negative; shares are percentages in 0–100.
    """
    if kind in ("level", "stock", "flow") and value < 0:
        return f"{value:g} is negative, impossible for a {kind} indicator"
    if kind == "share" and not 0 <= value <= 100:
        return f"{value:g} is outside 0–100, impossible for a share in %"
    return None


def read_actuals_file(path: Path, observations: pd.DataFrame, targets: pd.DataFrame,
                      jurisdictions: pd.DataFrame, *, rel: str | None = None,
                      today: dt.date | None = None, indicators: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read one actuals file (CSV or XLSX) into ``observations`` rows.

    Rows are checked one at a time as they are read: the first bad row raises
    :class:`ParseError` naming file, row and field, without reading the rest of the file.
    ``indicators`` (default: the shipped catalogue) resolves Chinese names and gives each
    indicator's kind for the plausibility check.
    """
    rel = rel or f"actuals/{path.name}"
    ctx = _Context(known=_indicator_units(observations, targets), valid_j=set(jurisdictions["jurisdiction_id"]),
                   max_year=(today or dt.date.today()).year,
                   names=Indicators(indicators if indicators is not None else indicator_frame()))
    records = read_records(path, rel)
    first = next(records, None)
    if first is None:
        return schemas.empty("observations")
    header_row, header_cells = first
    header_cells = ["indicator_id" if c.strip().lower() == "indicator" else c for c in header_cells]
    index = header_index(header_cells, rel, header_row, required=REQUIRED, optional=OPTIONAL, ignored=IGNORED)
    rows: list[dict] = []
    chunks: list[pd.DataFrame] = []
    for row, cells in records:
        rec = pick(cells, index, rel, row, len(header_cells))
        if not rec.get("value") and all(rec.get(c) for c in ("jurisdiction", "indicator_id", "year")):
            continue  # a placeholder row nobody has filled in yet
        rows.append(_row(rec, rel, row, ctx))
        if len(rows) == CHUNK_ROWS:  # typed columns take far less memory than dicts
            chunks.append(schemas.coerce("observations", rows))
            rows = []
    if rows:
        chunks.append(schemas.coerce("observations", rows))
    return pd.concat(chunks, ignore_index=True) if chunks else schemas.empty("observations")


class _Context:
    """What every row of one file is checked against."""

    def __init__(self, known: dict, valid_j: set, max_year: int, names: Indicators):
        self.known, self.valid_j, self.max_year, self.names = known, valid_j, max_year, names


def _row(rec: dict, rel: str, lineno: int, ctx: _Context) -> dict:
    """Check one actuals row and turn it into an observations record."""
    def fail(field: str, msg: str) -> ParseError:
        return ParseError(rel, lineno, field, msg)

    for c in REQUIRED:
        if not rec.get(c):
            raise fail(c, "is empty")
    jid = resolve_jurisdiction(rec["jurisdiction"])
    if jid is None or jid not in ctx.valid_j:
        raise fail("jurisdiction", f"unknown jurisdiction {rec['jurisdiction']!r}; valid: {sorted(ctx.valid_j)}")
    ind = ctx.names.resolve(rec["indicator_id"]) or rec["indicator_id"]
    if (jid, ind) not in ctx.known:
        options = sorted(i for j, i in ctx.known if j == jid)
        raise fail("indicator_id", f"no indicator {rec['indicator_id']!r} for {jid}; the documents define: {options}")
    unit, ind_zh, ind_en, industry = ctx.known[(jid, ind)]
    try:
        year = int(rec["year"].removesuffix(".0"))
    except ValueError:
        raise fail("year", f"not a year: {rec['year']!r}") from None
    if not MIN_YEAR <= year <= ctx.max_year:
        raise fail("year", f"{year} is out of range {MIN_YEAR}–{ctx.max_year} (actuals cannot be in the future)")
    value = parse_amount(rec["value"], rel, lineno, "value")
    if normalise_name(rec["unit"]) != normalise_name(unit):
        raise fail("unit", f"unit {rec['unit']!r} does not match the indicator's unit {unit!r}")
    why = implausible(ctx.names.kind.get(ind), value)
    if why:
        raise fail("value", f"{why} ({ind})")
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
                 jurisdictions: pd.DataFrame, *, today: dt.date | None = None,
                 indicators: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every ``*.csv`` / ``*.xlsx`` in ``folder`` (any letter case) as observations rows.

    Duplicates are an error: the same series, year and kind twice among the user files, or a
    user row for a series-year-kind a document already gives (documents are not overridden:
    record a revision as a new file and report it).
    """
    frames = [read_actuals_file(p, observations, targets, jurisdictions, today=today, indicators=indicators)
              for p in researcher_files(folder)]
    frames = [f for f in frames if len(f)]
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
