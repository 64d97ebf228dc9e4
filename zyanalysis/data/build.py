"""The build: raw documents (+ researcher files) → validated tables in ``data/processed``.

Steps, each recorded in ``data/processed/build_meta.json``:

1. read ``data/raw/manifest.csv`` and check each listed file exists;
2. run each document's parser (``zyanalysis.data.parsers``) → records per table; a document
   whose manifest row has no parser gets its figures from plan sheets only;
3. add the reference tables (jurisdictions), plan sheets (``data/raw/plans``, checked against
   the documents' lines) and researcher actuals (``data/raw/actuals``);
4. coerce every table to its declared dtypes and validate it (``zyanalysis.data.schemas``);
5. only when everything validated: write each table as parquet and CSV into a temporary
   folder, then move the files into place (``os.replace``), the metadata last.

A failure at any step raises before step 5, so the previous processed data stay untouched.
The fingerprint (hash of the raw files and of the package's source) tells loaders when to
rebuild.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from zyanalysis import __version__
from zyanalysis import paths
from zyanalysis.data import schemas
from zyanalysis.data.parsers import Document, ParseError, get
from zyanalysis.reference.indicators import catalogue, user_catalogue_files
from zyanalysis.reference.jurisdictions import jurisdictions

TABLE_NAMES = ["jurisdictions", "indicators", "industries", "projects", "observations", "targets",
               "responsibilities", "frameworks", "regions", "findings"]
META_FILE = "build_meta.json"


class BuildError(RuntimeError):
    """The build could not produce valid tables; nothing was written."""


@dataclass(frozen=True)
class ManifestEntry:
    """One row of data/raw/manifest.csv."""

    doc_id: str
    file: str
    original_file: str
    title_zh: str
    title_en: str
    issuer_zh: str
    doc_number: str
    date: str
    parser: str
    note: str


def read_manifest(raw: Path | None = None) -> list[ManifestEntry]:
    """The manifest's rows; a missing file or parser is a :class:`ParseError` naming the row."""
    raw = raw or paths.raw_dir()
    path = raw / "manifest.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for i, r in enumerate(rows, start=2):  # row 1 is the header
        try:
            entry = ManifestEntry(**{k: (r.get(k) or "") for k in ManifestEntry.__dataclass_fields__})
        except TypeError as e:
            raise ParseError(str(path), i, "columns", str(e)) from None
        if not (raw / entry.file).is_file():
            raise ParseError(str(path), i, "file", f"{entry.file} does not exist under {raw}")
        out.append(entry)
    return out


def manifest_frame() -> pd.DataFrame:
    """The manifest as a DataFrame (doc_id, titles, issuer, 文号, date, file)."""
    return pd.DataFrame([e.__dict__ for e in read_manifest()]).astype("string")


def _package_files() -> list[Path]:
    pkg = Path(__file__).resolve().parent.parent  # the whole package, every stage
    return sorted(p for p in pkg.rglob("*") if p.suffix in (".py", ".csv"))


def input_files(raw: Path | None = None) -> list[Path]:
    """Every file the build reads: the manifest, the documents, plan sheets and researcher actuals."""
    from zyanalysis.data.office_files import researcher_files
    raw = raw or paths.raw_dir()
    files = [raw / "manifest.csv"] + [raw / e.file for e in read_manifest(raw)]
    files += researcher_files(raw / "plans") + researcher_files(raw / "actuals")
    files += user_catalogue_files(raw)
    return files


def fingerprint(raw: Path | None = None) -> str:
    """SHA-256 over the build's inputs and the package source and version.

    Any edit to a raw file, a new actuals file, or a change in the package changes it.
    """
    h = hashlib.sha256(__version__.encode())
    raw = raw or paths.raw_dir()
    for p in input_files(raw) + _package_files():
        h.update(str(p.name).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def parse_documents(raw: Path | None = None) -> dict[str, list[dict]]:
    """Run every document's parser; table name → records (not yet validated)."""
    raw = raw or paths.raw_dir()
    out: dict[str, list[dict]] = {t: [] for t in TABLE_NAMES}
    for e in read_manifest(raw):
        if not e.parser.strip():  # a new document: its figures come from a plan sheet
            continue
        doc = Document.read(e.doc_id, raw / e.file)
        result = get(e.parser).parse(doc)
        for table, records in result.tables().items():
            out[table].extend(records)
    return out


def indicator_table(cat: dict) -> pd.DataFrame:
    """The ``indicators`` table from the catalogue (shipped rows plus data/raw/indicators/)."""
    return schemas.coerce("indicators", [
        {"indicator_id": i.indicator_id, "name_zh": i.name_zh, "aliases": "|".join(i.aliases) or None,
         "name_en": i.name_en, "unit": i.unit, "kind": i.kind, "direction": i.direction,
         "source": i.source} for i in cat.values()])


def catalogue_errors(frames: dict[str, pd.DataFrame]) -> list[str]:
    """Targets and observations whose indicator the catalogue lacks, or whose unit or direction
    differs from it (one catalogue of indicators: every figure is read with its kind)."""
    cat = frames["indicators"].set_index("indicator_id")
    errors = []
    for table in ("targets", "observations"):
        df = frames[table]
        for r in df.drop_duplicates(["indicator_id", "unit"]).itertuples():
            if r.indicator_id not in cat.index:
                errors.append(f"{r.source}: indicator {r.indicator_id!r} ({r.indicator_zh}) is not in the "
                              f"catalogue; add it to data/raw/indicators/*.csv")
            elif r.unit != cat.at[r.indicator_id, "unit"] and not (table == "targets" and bool(r.is_reduction)):
                errors.append(f"{r.source}: unit {r.unit!r} of {r.indicator_id} differs from the "
                              f"catalogue's {cat.at[r.indicator_id, 'unit']!r}")
        if table == "targets":
            want = df["indicator_id"].map(cat["direction"]).eq("higher")
            bad = df[df["indicator_id"].isin(cat.index) & (want != df["higher_is_better"].astype(bool))]
            errors += [f"{r.source}: direction of {r.indicator_id} differs from the catalogue's"
                       for r in bad.itertuples()]
    return errors


def assemble(records: dict[str, list[dict]], actuals: pd.DataFrame | None = None,
             raw: Path | None = None) -> dict[str, pd.DataFrame]:
    """Records → validated frames; researcher actuals appended to observations.

    Raises :class:`BuildError` listing every schema failure.
    """
    frames: dict[str, pd.DataFrame] = {}
    for table in TABLE_NAMES:
        if table == "jurisdictions":
            frames[table] = jurisdictions()
            continue
        if table == "indicators":  # the catalogue, plus indicators plan sheets define
            frames[table] = indicator_table(catalogue(raw or paths.raw_dir()))
            if records.get("indicators"):
                frames[table] = pd.concat([frames[table], schemas.coerce(table, records[table])], ignore_index=True)
            continue
        frames[table] = schemas.coerce(table, records.get(table, [])) if records.get(table) else schemas.empty(table)
    if actuals is not None and len(actuals):
        frames["observations"] = pd.concat([frames["observations"], actuals], ignore_index=True)
    errors = []
    for table, df in frames.items():
        try:
            frames[table] = schemas.validate(table, df)
        except Exception as e:  # pandera's SchemaErrors: report all at once
            errors.append(f"table {table}: {e}")
    if not errors:
        errors = catalogue_errors(frames)
    if errors:
        raise BuildError("the parsed tables do not validate:\n" + "\n".join(errors))
    return frames


def build(raw: Path | None = None, out: Path | None = None, *, quiet: bool = True) -> dict[str, pd.DataFrame]:
    """Parse, validate and write every table; returns the frames.

    Nothing in ``out`` changes unless every step succeeded.
    """
    from zyanalysis.data.actuals import read_actuals  # late: actuals needs the parsed indicators
    from zyanalysis.data.sheets import read_plan_sheets

    t0 = time.perf_counter()
    raw = raw or paths.raw_dir()
    out = out or paths.processed_dir()
    fp = fingerprint(raw)
    records = parse_documents(raw)
    base = assemble(records, raw=raw)
    docs = {e.doc_id: raw / e.file for e in read_manifest(raw)}
    sheets = read_plan_sheets(raw / "plans", docs, base)
    if sheets.targets or sheets.observations or sheets.indicators:
        records = {**records, "targets": records["targets"] + sheets.targets,
                   "observations": records["observations"] + sheets.observations,
                   "indicators": sheets.indicators}
        base = assemble(records, raw=raw)
    actuals = read_actuals(raw / "actuals", base["observations"], base["targets"], base["jurisdictions"],
                           indicators=base["indicators"])
    frames = assemble(records, actuals, raw=raw) if len(actuals) else base
    elapsed = time.perf_counter() - t0
    write_tables(frames, out, meta={
        "fingerprint": fp, "version": __version__, "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(elapsed, 3), "rows": {t: len(df) for t, df in frames.items()},
        "inputs": [str(p.relative_to(raw)) for p in input_files(raw)],
    })
    if not quiet:
        for t, df in frames.items():
            print(f"{t:17s} {len(df):5d} rows")
        print(f"built in {elapsed:.2f} s → {out}")
    return frames


def write_tables(frames: dict[str, pd.DataFrame], out: Path, meta: dict) -> None:
    """Write parquet + CSV of each frame and the metadata, atomically per file.

    Files are first written to a temporary folder inside ``out`` (same file system), then moved
    into place; the metadata goes last, so a crash mid-way leaves a stale fingerprint and the
    next load rebuilds.
    """
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        for t, df in frames.items():
            df.to_parquet(tmp / f"{t}.parquet", index=False)
            df.to_csv(tmp / f"{t}.csv", index=False, encoding="utf-8")
        (tmp / "TABLES.md").write_text(schemas.describe(), encoding="utf-8")
        (tmp / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        for f in sorted(tmp.iterdir(), key=lambda p: p.name == META_FILE):
            os.replace(f, out / f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def read_meta(out: Path | None = None) -> dict | None:
    """The metadata of the last successful build, or None."""
    p = (out or paths.processed_dir()) / META_FILE
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def is_stale(raw: Path | None = None, out: Path | None = None) -> bool:
    """True when ``data/processed`` is missing or was built from other inputs or code."""
    meta = read_meta(out)
    out = out or paths.processed_dir()
    if meta is None or any(not (out / f"{t}.parquet").exists() for t in TABLE_NAMES):
        return True
    return meta.get("fingerprint") != fingerprint(raw)
