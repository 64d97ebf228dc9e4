"""The build: raw documents (+ researcher files) → validated tables in ``data/processed``.

Steps, each recorded in ``data/processed/build_meta.json``:

1. read ``data/raw/manifest.csv``, check each listed file exists and has the SHA-256 recorded
   in its ``sha256`` column (a changed document is refused: :class:`IntegrityError`; a row with
   no hash yet, a newly added document, is built with a one-line notice on stderr);
2. run each document's parser (``zyanalysis.data.parsers``) → records per table; a document
   whose manifest row has no parser gets its figures from plan sheets only;
3. add the reference tables (jurisdictions, indicators), plan sheets (``data/raw/plans``, checked
   against the documents' lines) and researcher actuals (``data/raw/actuals``);
4. coerce every table to its declared dtypes and validate it (``zyanalysis.data.schemas``);
5. only when everything validated: write each table as parquet and CSV into a temporary
   folder, then move the files into place (``os.replace``), the metadata last.

A failure at any step raises before step 5, so the previous processed data stay untouched.
The fingerprint (hash of the raw files and of the package's source) tells loaders when to
rebuild; the SHA-256 of each written file (``sha256`` in the metadata) lets them notice a table
altered, truncated or removed after the build.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from zyanalysis import __version__
from zyanalysis import paths
from zyanalysis.data import schemas
from zyanalysis.data.departments import DERIVED_TABLES, derive_tables
from zyanalysis.data.office_files import researcher_files
from zyanalysis.data.parsers import Document, ParseError, get
from zyanalysis.exceptions import BuildError, InputError, IntegrityError, OutputError
from zyanalysis.files import write_atomic
from zyanalysis.reference.indicators import catalogue, user_catalogue_files
from zyanalysis.reference.industries import sectors
from zyanalysis.reference.jurisdictions import jurisdictions

TABLE_NAMES = list(schemas.TABLES)  # the one list of tables: their declarations in schemas
META_FILE = "build_meta.json"
ACCEPT_COMMAND = "zyanalysis manifest --accept {doc_id}"


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
    sha256: str = ""  # of the file's bytes; empty for a document not recorded yet


def read_manifest(raw: Path | None = None) -> list[ManifestEntry]:
    """The manifest's rows; a missing file or parser is a :class:`ParseError` naming the row."""
    raw = raw or paths.raw_dir()
    path = raw / "manifest.csv"
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise ParseError(str(path), None, "file", "the manifest of raw documents does not exist") from None
    out = []
    for i, r in enumerate(rows, start=2):  # row 1 is the header
        try:
            entry = ManifestEntry(**{k: (r.get(k) or "") for k in ManifestEntry.__dataclass_fields__})
        except TypeError as e:
            raise ParseError(str(path), i, "columns", str(e)) from None
        if not (raw / entry.file).is_file():
            raise ParseError(str(path), i, "file", f"{entry.file} does not exist under {raw}")
        if entry.sha256 and not re.fullmatch(r"[0-9a-fA-F]{64}", entry.sha256):
            raise ParseError(str(path), i, "sha256", f"not a SHA-256 (64 hex digits): {entry.sha256!r}")
        out.append(entry)
    return out


_hash_cache: dict[str, tuple[tuple[int, int, int], str]] = {}
_RACY_NS = 2_000_000_000  # mtimes are coarse: trust a cached hash only for files older than this


def file_sha256(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes, computed once per process per version of the file.

    The cache key is (inode, size, mtime); files modified in the last 2 s are hashed again on
    every call, since a second write within the file system's timestamp granularity could keep
    all three.
    """
    st = os.stat(path)
    key = (st.st_ino, st.st_size, st.st_mtime_ns)
    hit = _hash_cache.get(str(path))
    if hit is not None and hit[0] == key:
        return hit[1]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    digest = h.hexdigest()
    if time.time_ns() - st.st_mtime_ns > _RACY_NS:
        _hash_cache[str(path)] = (key, digest)
    return digest


def verify_documents(raw: Path | None = None, entries: list[ManifestEntry] | None = None) -> list[str]:
    """Check every document against the SHA-256 its manifest row records.

    Raises :class:`IntegrityError` for the first document whose bytes differ. Rows with an empty
    ``sha256`` (a document a researcher just added) pass; their one-line notices are returned.
    """
    raw = raw or paths.raw_dir()
    notices = []
    for e in entries if entries is not None else read_manifest(raw):
        actual = file_sha256(raw / e.file)
        if not e.sha256:
            notices.append(f"note: {raw / e.file} (document {e.doc_id}) has no SHA-256 in {raw / 'manifest.csv'}; "
                           f"built anyway. Record it with: {ACCEPT_COMMAND.format(doc_id=e.doc_id)}")
        elif e.sha256.lower() != actual:
            raise IntegrityError(str(raw / e.file), e.doc_id, e.sha256, actual, str(raw / "manifest.csv"))
    return notices


def accept_document(doc_id: str, raw: Path | None = None) -> tuple[str, str]:
    """Record the current SHA-256 of document ``doc_id`` in ``data/raw/manifest.csv``.

    The one deliberate way to change a raw document: the manifest row's ``sha256`` cell is
    rewritten (atomically; every other byte of the manifest is kept). Returns (old, new) hashes;
    old is "" for a document not recorded before. An unknown id is an :class:`InputError`.
    """
    raw = raw or paths.raw_dir()
    path = raw / "manifest.csv"
    entries = {e.doc_id: e for e in read_manifest(raw)}
    if doc_id not in entries:
        raise InputError(str(path), None, "doc_id", f"no document {doc_id!r}; known: {', '.join(entries)}")
    new = file_sha256(raw / entries[doc_id].file)
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    updated = _with_hash(text, doc_id, new, str(path))
    # the edit must change that one cell and nothing else
    before = {r["doc_id"]: r for r in csv.DictReader(io.StringIO(text))}
    after = {r["doc_id"]: r for r in csv.DictReader(io.StringIO(updated))}
    expected = {k: {**v, "sha256": new if k == doc_id else (v.get("sha256") or "")} for k, v in before.items()}
    if after != expected:
        raise BuildError(f"{path}: could not rewrite the sha256 cell of document {doc_id} safely; edit it by hand")
    write_atomic(path, updated, mode_from=path)
    return entries[doc_id].sha256, new


_LAST_CELL = re.compile(r',(?:"[0-9A-Fa-f]*"|[0-9A-Fa-f]*)$')


def _with_hash(text: str, doc_id: str, digest: str, name: str) -> str:
    """The manifest ``text`` with ``digest`` in the sha256 cell of ``doc_id``'s row.

    Edits the text rather than rewriting the CSV, so every other byte (quoting, line ends)
    stays as the researcher wrote it. Adds the ``sha256`` column (last) when it is missing.
    """
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines)
    header = next(reader)
    add_column = "sha256" not in header
    if not add_column and header[-1] != "sha256":
        raise InputError(name, 1, "sha256", "must be the last column of the manifest")

    def set_last(n: int, cell: str, replace: bool) -> None:
        """Append ``cell`` to line ``n`` (or replace its last cell), keeping its line end."""
        body = lines[n].rstrip("\r\n")
        eol = lines[n][len(body):] or "\n"
        if replace:
            body, found = _LAST_CELL.subn("", body)
            if found != 1:
                raise InputError(name, n + 1, "sha256", "not a SHA-256 (64 hex digits)")
        lines[n] = f"{body},{cell}{eol}"

    if add_column:
        set_last(0, "sha256", replace=False)
    for rec in reader:
        if not rec:
            continue
        last = reader.line_num - 1  # a record ends on this line (0-based)
        target = rec[0] == doc_id
        if add_column or len(rec) < len(header):  # this row has no sha256 cell yet
            set_last(last, digest if target else "", replace=False)
        elif target:
            set_last(last, digest, replace=True)
    return "".join(lines)


def document_status(raw: Path | None = None) -> pd.DataFrame:
    """One row per manifest document: doc_id, file, recorded and actual SHA-256, status.

    status is ``ok``, ``changed`` (the build refuses it) or ``unrecorded`` (no hash yet).
    """
    raw = raw or paths.raw_dir()
    rows = []
    for e in read_manifest(raw):
        actual = file_sha256(raw / e.file)
        status = "unrecorded" if not e.sha256 else ("ok" if e.sha256.lower() == actual else "changed")
        rows.append({"doc_id": e.doc_id, "file": e.file, "recorded": e.sha256, "actual": actual, "status": status})
    return pd.DataFrame(rows)


def manifest_frame() -> pd.DataFrame:
    """The manifest as a DataFrame (doc_id, titles, issuer, 文号, date, file)."""
    return pd.DataFrame([e.__dict__ for e in read_manifest()]).astype("string")


def _package_files() -> list[Path]:
    pkg = Path(__file__).resolve().parent.parent  # the whole package, every stage
    return sorted(p for p in pkg.rglob("*") if p.suffix in (".py", ".csv"))


def input_files(raw: Path | None = None) -> list[Path]:
    """Every file the build reads: the manifest, the documents, plan sheets and researcher actuals."""
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
        h.update(file_sha256(p).encode())  # cached per file version: loads stay fast
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
            frames[table] = schemas.coerce(table, jurisdictions())
            continue
        if table in DERIVED_TABLES:  # derived from the others once they validate (below)
            continue
        if table == "indicators":  # the catalogue, plus indicators plan sheets define
            frames[table] = indicator_table(catalogue(raw or paths.raw_dir()))
            if records.get("indicators"):
                frames[table] = pd.concat([frames[table], schemas.coerce(table, records[table])], ignore_index=True)
            continue
        frames[table] = schemas.coerce(table, records.get(table, [])) if records.get(table) else schemas.empty(table)
    if actuals is not None and len(actuals):
        frames["observations"] = pd.concat([frames["observations"], actuals], ignore_index=True)
    ind = frames["industries"]  # the crosswalk's sector: one slug for the same industry in 000 and 002
    ind["sector"] = ind["industry_id"].map(sectors()).astype("string")
    english = frames["indicators"].set_index("indicator_id")["name_en"]
    for table in ("targets", "observations"):  # one set of English names: the catalogue's
        df = frames[table]
        df["indicator_en"] = df["indicator_id"].map(english).fillna(df["indicator_en"]).astype("string")
    errors = []
    for table, df in frames.items():
        try:
            frames[table] = schemas.validate(table, df)
        except Exception as e:  # pandera's SchemaErrors: report all at once
            errors.append(f"table {table}: {e}")
    if not errors:
        errors = catalogue_errors(frames)
    if not errors:
        for table, df in derive_tables(frames).items():
            try:
                frames[table] = schemas.validate(table, schemas.coerce(table, df))
            except Exception as e:  # pandera's SchemaErrors
                errors.append(f"table {table}: {e}")
        frames = {name: frames[name] for name in TABLE_NAMES}  # the declared order
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
    entries = read_manifest(raw)
    for notice in verify_documents(raw, entries):  # refuses a changed document before parsing
        print(notice, file=sys.stderr)
    records = parse_documents(raw)
    base = assemble(records, raw=raw)
    docs = {e.doc_id: raw / e.file for e in entries}
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
        "documents": {e.doc_id: file_sha256(raw / e.file) for e in entries},
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
    try:
        out.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    except OSError as e:
        raise OutputError(f"cannot write the tables to {out}: {e.strerror or e}") from None
    try:
        for t, df in frames.items():
            df.to_parquet(tmp / f"{t}.parquet", index=False)
            df.to_csv(tmp / f"{t}.csv", index=False, encoding="utf-8")
        (tmp / "TABLES.md").write_text(schemas.describe(), encoding="utf-8")
        # loaders compare these with the files they read: a table altered after the build is rebuilt
        meta = {**meta, "sha256": {f.name: file_sha256(f) for f in sorted(tmp.iterdir())}}
        (tmp / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        for f in sorted(tmp.iterdir(), key=lambda p: p.name == META_FILE):
            os.replace(f, out / f.name)
    except OSError as e:
        raise OutputError(f"cannot write the tables to {out}: {e.strerror or e}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def read_meta(out: Path | None = None) -> dict | None:
    """The metadata of the last successful build, or None."""
    p = (out or paths.processed_dir()) / META_FILE
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # absent, unreadable or damaged: as if never built
        return None


def is_stale(raw: Path | None = None, out: Path | None = None) -> bool:
    """True when ``data/processed`` is missing or was built from other inputs or code."""
    return stale_reason(raw, out) is not None


def stale_reason(raw: Path | None = None, out: Path | None = None, *,
                 fp: str | None = None) -> tuple[str, str] | None:
    """Why ``data/processed`` must be rebuilt, or None when it is current.

    Returns (kind, message): kind ``"new"`` (never built, or built from other inputs, code or
    by an older version) is routine; ``"damaged"`` (a table file went missing) is worth telling
    the user about. ``fp``: :func:`fingerprint` of ``raw`` when the caller has it already.
    """
    meta = read_meta(out)
    out = out or paths.processed_dir()
    if meta is None:
        if (out / META_FILE).exists():
            return "damaged", f"{out / META_FILE} cannot be read"
        return "new", f"{out} holds no build"
    if meta.get("fingerprint") != (fp if fp is not None else fingerprint(raw)) or "sha256" not in meta:
        return "new", "the raw inputs or the package changed"
    missing = [f"{t}.parquet" for t in TABLE_NAMES if not (out / f"{t}.parquet").exists()]
    if missing:
        return "damaged", f"{out / missing[0]} is missing"
    return None


def table_problem(table: str, out: Path | None = None, meta: dict | None = None) -> str | None:
    """What is wrong with ``table``'s parquet file since the build, or None when it is intact.

    Compares the file's SHA-256 with the one the build recorded (one hash per process per
    file version, see :func:`file_sha256`).
    """
    out = out or paths.processed_dir()
    meta = meta if meta is not None else read_meta(out)
    path = out / f"{table}.parquet"
    if not path.is_file():
        return f"{path} is missing"
    recorded = ((meta or {}).get("sha256") or {}).get(path.name)
    if recorded is None:
        return f"{path} has no SHA-256 in {out / META_FILE}"
    if file_sha256(path) != recorded:
        return f"{path} was changed or damaged after the build (its SHA-256 differs from {META_FILE})"
    return None
