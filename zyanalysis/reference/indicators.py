"""The indicator catalogue: one row per indicator, with its names, unit, kind and direction.

The catalogue is data, not code: ``zyanalysis/reference/indicators.csv`` ships the indicators
the five documents define, and researchers extend it with their own CSV files under
``data/raw/indicators/`` (same columns; a row there may add an indicator or add aliases to one
that exists, never change its unit, kind or direction). Parsers, the build, researcher actuals,
plan sheets and the extractor all resolve names through :func:`resolve_indicator`.

Columns
-------
``indicator_id``  stable slug (lower-case ASCII, digits, ``_``)
``name_zh``       Chinese name as the documents write it
``aliases``       other Chinese names, ``|``-joined (规上工业总产值 = 规模以上工业总产值)
``name_en``       English label for display
``unit``          unit of every value of the indicator (亿元, %, 户, 万吨标准煤 …)
``kind``          one of :data:`KINDS`: decides the arithmetic of attainment
``direction``     ``higher`` (more is better) or ``lower`` (less is better)
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATALOGUE_FILE = Path(__file__).with_name("indicators.csv")
COLUMNS = ("indicator_id", "name_zh", "aliases", "name_en", "unit", "kind", "direction")

KINDS: dict[str, str] = {
    "level": "an amount (亿元, 万吨, 万亩 …): compound growth in %/yr, trend on the log scale",
    "stock": "a count that accumulates (户, 家, 个): linear pace in units/yr",
    "flow": "an amount per year (小升规 per year, 为民实事 annual tasks): each year against the annual figure",
    "share": "a share or ratio in %: percentage points, linear, bounded to 0–100",
    "growth_rate": "a growth rate (增速) in %: the rate itself against the target rate, year by year; never compounded",
    "cap": "a ceiling (控制在…以内): the level must stay at or below the figure",
    "reduction": "a cut in % against a base year (下降…%): percentage points of cut",
    "qualitative": "no figure to score",
}
"""Kinds of indicator and the arithmetic attainment uses for each."""

PERCENT_KINDS = ("share", "growth_rate", "reduction")
"""Kinds whose values are percentages: paces are in percentage points (pp)."""

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Indicator:
    """One catalogue row."""

    indicator_id: str
    name_zh: str
    aliases: tuple[str, ...]
    name_en: str
    unit: str
    kind: str
    direction: str
    source: str

    @property
    def higher_is_better(self) -> bool:
        """True when more is better."""
        return self.direction == "higher"


class CatalogueError(ValueError):
    """A catalogue file has a bad row (the message names file, row and field)."""


def normalise_name(name: str) -> str:
    """A name as compared: NFKC (full-width → half-width), no spaces, brackets unified."""
    s = unicodedata.normalize("NFKC", name or "")
    return re.sub(r"\s+", "", s).replace("（", "(").replace("）", ")")


def _read(path: Path) -> list[tuple[int, dict]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return [(i + 2, r) for i, r in enumerate(rows)]


def _check(path: Path, rowno: int, r: dict) -> None:
    where = f"{path.name}:{rowno}"
    for c in ("indicator_id", "name_zh", "unit", "kind", "direction"):
        if not (r.get(c) or "").strip():
            raise CatalogueError(f"{where}: field {c!r} is empty")
    if not _ID.match(r["indicator_id"].strip()):
        raise CatalogueError(f"{where}: field 'indicator_id' {r['indicator_id']!r} is not a lower-case slug")
    if r["kind"].strip() not in KINDS:
        raise CatalogueError(f"{where}: field 'kind' {r['kind']!r} is not one of {', '.join(KINDS)}")
    if r["direction"].strip() not in ("higher", "lower"):
        raise CatalogueError(f"{where}: field 'direction' {r['direction']!r} is not 'higher' or 'lower'")


def user_catalogue_files(raw_dir: Path) -> list[Path]:
    """Researchers' catalogue extensions: ``data/raw/indicators/*.csv`` (any letter case)."""
    folder = raw_dir / "indicators"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())


def _stamped(files: tuple[Path, ...]) -> tuple[tuple[Path, int, int], ...]:
    """Each file with its modification time and size: an edited file is read again."""
    out = []
    for p in files:
        st = p.stat()
        out.append((p, st.st_mtime_ns, st.st_size))
    return tuple(out)


def _load(files: tuple[Path, ...]) -> tuple[dict[str, Indicator], dict[str, str]]:
    return _load_stamped(_stamped(files))


@lru_cache(maxsize=8)
def _load_stamped(stamped: tuple[tuple[Path, int, int], ...]) -> tuple[dict[str, Indicator], dict[str, str]]:
    by_id: dict[str, Indicator] = {}
    for path, _, _ in stamped:
        for rowno, r in _read(path):
            _check(path, rowno, r)
            iid = r["indicator_id"].strip()
            aliases = tuple(a.strip() for a in (r.get("aliases") or "").split("|") if a.strip())
            new = Indicator(iid, r["name_zh"].strip(), aliases, (r.get("name_en") or "").strip() or iid,
                            r["unit"].strip(), r["kind"].strip(), r["direction"].strip(),
                            f"{path.name}:{rowno}")
            old = by_id.get(iid)
            if old is None:
                by_id[iid] = new
                continue
            for field in ("unit", "kind", "direction"):
                if getattr(old, field) != getattr(new, field):
                    raise CatalogueError(
                        f"{path.name}:{rowno}: field {field!r} {getattr(new, field)!r} differs from "
                        f"{getattr(old, field)!r} for {iid} ({old.source}); add aliases only")
            merged = tuple(dict.fromkeys(old.aliases + (new.name_zh,) + aliases))
            by_id[iid] = Indicator(iid, old.name_zh, tuple(a for a in merged if a != old.name_zh),
                                   old.name_en, old.unit, old.kind, old.direction, old.source)
    names: dict[str, str] = {}
    for ind in by_id.values():
        for n in (ind.indicator_id, ind.name_zh, *ind.aliases):
            key = normalise_name(n)
            if key in names and names[key] != ind.indicator_id:
                raise CatalogueError(f"{ind.source}: name {n!r} already names {names[key]}")
            names[key] = ind.indicator_id
    return by_id, names


def catalogue(raw_dir: Path | None = None) -> dict[str, Indicator]:
    """Every indicator by id: the shipped catalogue plus ``raw_dir/indicators/*.csv``."""
    files = (CATALOGUE_FILE, *(user_catalogue_files(raw_dir) if raw_dir else ()))
    return _load(files)[0]


def resolve_indicator(name: str, raw_dir: Path | None = None) -> Indicator | None:
    """The indicator an id, Chinese name or alias names (full-width and spaces ignored), or None."""
    files = (CATALOGUE_FILE, *(user_catalogue_files(raw_dir) if raw_dir else ()))
    by_id, names = _load(files)
    iid = names.get(normalise_name(name))
    return by_id[iid] if iid else None


def indicator(indicator_id: str, raw_dir: Path | None = None) -> Indicator:
    """The catalogue row of ``indicator_id``; KeyError naming the id when it is not catalogued."""
    cat = catalogue(raw_dir)
    if indicator_id not in cat:
        raise KeyError(f"indicator {indicator_id!r} is not in the catalogue "
                       f"(zyanalysis/reference/indicators.csv or data/raw/indicators/*.csv)")
    return cat[indicator_id]
