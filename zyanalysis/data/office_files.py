"""Reading researcher files as they come from Chinese office machines: CSV or Excel.

Actuals (``data/raw/actuals``) and plan sheets (``data/raw/plans``) are both read through
:func:`read_records`, which yields one ``(row, cells)`` pair at a time so that a bad row stops
the reader at once, in bounded memory, however long the file.

* ``.csv`` in any letter case (``2025.CSV``): UTF-8 with or without BOM, or GBK/GB18030 as
  Excel on a Chinese Windows machine saves it. The encoding is detected, not guessed: strict
  UTF-8 first, else strict GB18030, else the reader stops with an error naming the byte
  offset (see :func:`decoded_lines`). Standard CSV quoting: a quoted cell may hold commas and
  line breaks.
* ``.xlsx`` (openpyxl, first sheet, read-only mode): cells as typed in Excel.

``row`` is the row number a user sees in Excel: the first row of the file is row 1, comment
rows (first cell starting with ``#``) and blank rows count, and a quoted cell running over two
lines is still one row.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from zyanalysis.data.parsers.base import ParseError

SUFFIXES = (".csv", ".xlsx")
ENCODINGS = ("utf-8", "gb18030")  # GB18030 is a superset of GBK and GB2312
_CHUNK = 1 << 20


def researcher_files(folder: Path) -> list[Path]:
    """Every ``*.csv`` / ``*.xlsx`` in ``folder`` (any letter case), sorted by name.

    Excel's lock files (``~$name.xlsx``) and hidden files are skipped.
    """
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", ".")))


def decoded_lines(path: Path, rel: str) -> Iterator[str]:
    """The lines of a text file (line ends kept), decoded as they are read, in bounded memory.

    The encoding is detected, not guessed: while the bytes read are plain ASCII both candidates
    agree; the first 1 MB chunk holding other bytes must decode as strict UTF-8 (a BOM is
    dropped), else as strict GB18030 (a superset of GBK), else the file is refused with the
    byte offset where each failed. Every later byte must decode in the encoding chosen: a file
    that changes encoding half-way is refused, never read as mojibake.
    """
    dec = None  # None while everything read so far is ASCII
    encoding = "ascii"
    pos = 0  # bytes of the file read so far
    pending = ""
    with open(path, "rb") as f:
        while True:
            chunk = f.read(_CHUNK)
            if dec is None and not chunk.isascii():
                encoding = _choose_encoding(chunk, pos, rel)
                dec = codecs.getincrementaldecoder(encoding)(errors="strict")
            if dec is None:
                text = chunk.decode("ascii")
            else:
                held = len(dec.getstate()[0])  # bytes of an unfinished character from the last chunk
                try:
                    text = dec.decode(chunk, final=not chunk)
                except UnicodeDecodeError as e:
                    raise ParseError(rel, None, "encoding",
                                     f"byte {pos - held + e.start} is not {encoding.upper()}, although the file "
                                     f"reads as {encoding.upper()} before it: the file mixes encodings; tried "
                                     f"UTF-8 and GBK/GB18030. Save it again from Excel as 'CSV UTF-8' or .xlsx") from None
            if pos == 0 and text.startswith("\ufeff"):
                text = text[1:]  # the BOM Excel writes before UTF-8 CSV
            pos += len(chunk)
            lines, pending = _split_lines(pending + text, final=not chunk)
            yield from lines
            if not chunk:
                if pending:
                    yield pending
                return


def _choose_encoding(chunk: bytes, pos: int, rel: str) -> str:
    """'utf-8' or 'gb18030': the first that decodes ``chunk`` (the file's first non-ASCII MB) strictly."""
    failures = []
    for encoding in ENCODINGS:
        try:
            codecs.getincrementaldecoder(encoding)(errors="strict").decode(chunk, final=False)
            return encoding
        except UnicodeDecodeError as e:
            failures.append(f"{encoding.upper()} fails at byte {pos + e.start}")
    raise ParseError(rel, None, "encoding",
                     f"cannot read the file as text ({'; '.join(failures)}); tried UTF-8 (with or "
                     f"without BOM) and GBK/GB18030: save it from Excel as 'CSV UTF-8' or as .xlsx")


_EOL = re.compile(r"\r\n|\r|\n")


def _split_lines(text: str, *, final: bool) -> tuple[list[str], str]:
    """Complete lines of ``text`` (ends kept: csv needs them inside quoted cells) and the rest."""
    lines, start = [], 0
    for m in _EOL.finditer(text):
        if m.group() == "\r" and m.end() == len(text) and not final:
            break  # perhaps the first half of \r\n split across chunks
        lines.append(text[start:m.end()])
        start = m.end()
    return lines, text[start:]


def read_records(path: Path, rel: str) -> Iterator[tuple[int, list[str]]]:
    """``(row, cells)`` for every row of a CSV or XLSX file, cells as stripped text.

    Blank rows and comment rows (first cell starts with ``#``) are skipped but counted, so
    ``row`` is the Excel row number. A file that cannot be read raises :class:`ParseError`.
    """
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        yield from _xlsx_records(path, rel)
    elif suffix == ".csv":
        yield from _csv_records(path, rel)
    else:
        raise ParseError(rel, None, "file", f"not a .csv or .xlsx file: {path.name}")


def _keep(cells: list[str]) -> bool:
    """False for blank rows and comment rows."""
    return any(cells) and not cells[0].startswith("#")


def _csv_records(path: Path, rel: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(decoded_lines(path, rel), strict=True)
    row = 0
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise ParseError(rel, row + 1, "row", f"broken CSV quoting ({e})") from None
        row += 1
        cells = [c.strip() for c in raw]
        if _keep(cells):
            yield row, cells


def _xlsx_records(path: Path, rel: str) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # the standard .xlsx reader; imported only when needed

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # zip, XML and openpyxl errors: the file is not a workbook we can read
        raise ParseError(rel, None, "file", f"cannot open as an Excel .xlsx workbook ({type(e).__name__}: {e})") from None
    try:
        ws = wb.worksheets[0]
        for row, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]  # every row as wide as the sheet
            if _keep(cells):
                yield row, cells
    finally:
        wb.close()


def _cell_text(v: object) -> str:
    """An Excel cell value as the text a user sees: 2024.0 → '2024', True → 'true'."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    return str(v).strip()


# ---------------------------------------------------------------- cell values

_PLAIN = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def parse_amount(text: str, rel: str, row: int, field: str) -> float:
    """A number cell as float, in the unit of its column.

    Accepts full-width digits (``１５８．３``), the minus signs ``−`` and ``-``, and thousands
    separators when unambiguous (``1,234.5``, ``1,234,567``). A comma that could be a decimal
    comma (``158,3``, ``1,23``) is a :class:`ParseError`: never a silent 1583.
    """
    s = unicodedata.normalize("NFKC", text).strip().replace("−", "-").replace(" ", "")
    if _PLAIN.match(s):
        return float(s)
    if _THOUSANDS.match(s):
        return float(s.replace(",", ""))
    if "," in s and re.fullmatch(r"[+-]?\d[\d,]*(?:\.\d+)?", s):
        raise ParseError(rel, row, field, f"ambiguous comma in {text!r}: write 1583 or 158.3 "
                                          f"(a comma is read only as a thousands separator, 1,234.5)")
    raise ParseError(rel, row, field, f"not a number: {text!r}")


def parse_year(text: str, rel: str, row: int, field: str = "year", *, lo: int = 2000, hi: int = 2100) -> int:
    """A calendar year in ``lo``–``hi`` ('2025', '２０２５', '2025年', '2025.0' from Excel)."""
    s = unicodedata.normalize("NFKC", text).strip().removesuffix("年")
    s = s[:-2] if s.endswith(".0") else s
    if not re.fullmatch(r"\d{4}", s):
        raise ParseError(rel, row, field, f"not a year: {text!r}")
    year = int(s)
    if not lo <= year <= hi:
        raise ParseError(rel, row, field, f"{year} is out of range {lo}–{hi}")
    return year


_TRUE = {"1", "yes", "y", "true", "是", "力争", "x", "✓"}
_FALSE = {"", "0", "no", "n", "false", "否"}


def parse_flag(text: str, rel: str, row: int, field: str) -> bool:
    """A yes/no cell: 1/0, yes/no, true/false, 是/否 (empty = no)."""
    s = unicodedata.normalize("NFKC", text).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ParseError(rel, row, field, f"expected yes/no (1/0, true/false, 是/否), found {text!r}")


def header_index(cells: list[str], rel: str, row: int, *, required: list[str], optional: list[str],
                 ignored: tuple[str, ...] = ()) -> dict[str, int]:
    """Column name → position, checking the header row against the format.

    A missing required column or an unknown column is a :class:`ParseError` naming it.
    Header cells are compared NFKC-normalised and lower-cased (Excel users type ``Year``).
    """
    names = [unicodedata.normalize("NFKC", c).strip().lower().lstrip("\ufeff") for c in cells]
    known = set(required) | set(optional) | set(ignored)
    extra = [n for n in names if n and n not in known]
    if extra:
        raise ParseError(rel, row, extra[0], f"unknown column(s) {extra}; expected {required + optional}")
    dup = sorted({n for n in names if n and names.count(n) > 1})
    if dup:
        raise ParseError(rel, row, dup[0], f"column {dup[0]!r} appears twice in the header")
    missing = [c for c in required if c not in names]
    if missing:
        raise ParseError(rel, row, missing[0], f"header lacks required column(s) {missing}; expected {required + optional}")
    return {n: i for i, n in enumerate(names) if n}


def pick(cells: list[str], index: dict[str, int], rel: str, row: int, width: int) -> dict[str, str]:
    """A data row as column → cell text; a row shorter than the header, or with filled cells
    beyond it, is an error (a shifted or truncated row must not be read into wrong columns)."""
    if len(cells) < width or any(cells[width:]):
        raise ParseError(rel, row, "row", f"{len(cells)} cells, header has {width}")
    return {name: (cells[i] if i < len(cells) else "") for name, i in index.items()}


def write_table(rows: list[dict], columns: list[str], path: Path, *, comments: list[str] = ()) -> None:
    """Write rows as ``.xlsx`` (when ``path`` ends in .xlsx) or as UTF-8 CSV with BOM.

    The BOM makes Excel on a Chinese Windows machine open the CSV as UTF-8 (not as GBK).
    Comment lines come first, each starting with ``#``.
    """
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        for c in comments:
            ws.append([f"# {c}"])
        ws.append(columns)
        for r in rows:
            ws.append([r.get(c) for c in columns])
        wb.save(path)
        return
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for c in comments:
        buf.write(f"# {c}\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
    path.write_text(buf.getvalue(), encoding="utf-8-sig")
