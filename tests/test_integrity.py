"""Integrity of raw documents (manifest SHA-256) and processed tables (build_meta SHA-256).

Every test works on a private copy of data/raw and data/processed (ZYANALYSIS_RAW,
ZYANALYSIS_PROCESSED), never on the clone's own files.
"""
from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from zyanalysis import cli, exceptions
from zyanalysis.data import build as zbuild
from zyanalysis.data import loaders
from zyanalysis.data.parsers.base import ParseError

ROOT = Path(__file__).resolve().parent.parent
ACCEPT_001 = "zyanalysis manifest --accept 001"






def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zyanalysis.cli", *args], capture_output=True, text=True, **kw)


def _main(capsys, *args: str) -> subprocess.CompletedProcess:
    """Run the CLI in this process (faster than a subprocess; same code path after start-up)."""
    capsys.readouterr()
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out, err)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _edit_001_line_61(raw: Path) -> Path:
    """The 2021 actual of 规模以上工业总产值 in 001 附件1 (line 61): 99 → 89, a plausible typo."""
    doc = next((raw / "documents").glob("001_*.txt"))
    doc.chmod(0o644)
    lines = doc.read_text(encoding="utf-8").split("\n")
    assert lines[60].strip() == "99"
    lines[60] = lines[60].replace("99", "89")
    doc.write_text("\n".join(lines), encoding="utf-8")
    return doc


def _one_error_line(p: subprocess.CompletedProcess) -> str:
    """The CLI failed with exactly one 'error:' line on stderr and no traceback."""
    assert p.returncode == 2, p
    assert "Traceback" not in p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), p.stderr
    return lines[0]


# ------------------------------------------------------------------ raw documents

def test_manifest_records_the_sha256_of_every_document():
    with open(ROOT / "data" / "raw" / "manifest.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["sha256"] for r in rows)
    for r in rows:
        assert r["sha256"] == hashlib.sha256((ROOT / "data" / "raw" / r["file"]).read_bytes()).hexdigest(), r["doc_id"]


def test_edited_document_is_refused_naming_the_file_and_the_accept_command(project):
    raw, out = project
    doc = _edit_001_line_61(raw)
    before = _snapshot(out)
    with pytest.raises(exceptions.IntegrityError) as e:
        loaders.load_observations()
    assert e.value.file == str(doc) and e.value.doc_id == "001" and e.value.command == ACCEPT_001
    assert _snapshot(out) == before  # the previous tables stay, nothing built from the edit
    line = _one_error_line(_cli("build"))
    assert doc.name in line and ACCEPT_001 in line and "read only" in line
    _one_error_line(_cli("check"))
    assert _snapshot(out) == before


def test_accept_records_a_deliberate_change_and_the_build_uses_it(project):
    raw, out = project
    _edit_001_line_61(raw)
    manifest = raw / "manifest.csv"
    old_text = manifest.read_text(encoding="utf-8")
    st = _cli("manifest")
    assert st.returncode == 0 and "001  changed" in st.stdout and "000  ok" in st.stdout
    p = _cli("manifest", "--accept", "001")
    assert p.returncode == 0 and p.stderr == ""
    new_text = manifest.read_text(encoding="utf-8")
    # only 001's sha256 cell changed, every other byte is as before
    old_rows, new_rows = old_text.splitlines(), new_text.splitlines()
    changed = [i for i, (a, b) in enumerate(zip(old_rows, new_rows)) if a != b]
    assert len(old_rows) == len(new_rows) and len(changed) == 1 and new_rows[changed[0]].startswith("001,")
    doc_hash = hashlib.sha256(next((raw / "documents").glob("001_*.txt")).read_bytes()).hexdigest()
    assert new_rows[changed[0]].endswith("," + doc_hash) and doc_hash in p.stdout
    assert not [f for f in raw.iterdir() if f.name.startswith(".manifest")]  # no temporary file left
    obs = loaders.load_observations()
    assert obs.loc[obs.source == "001:61", "value"].tolist() == [89.0]
    assert zbuild.read_meta(out)["documents"]["001"] == doc_hash


def test_accept_of_an_unknown_document_is_refused(project, capsys):
    raw, _ = project
    before = (raw / "manifest.csv").read_bytes()
    line = _one_error_line(_main(capsys, "manifest", "--accept", "999"))
    assert "manifest.csv" in line and "'doc_id'" in line and "999" in line
    assert (raw / "manifest.csv").read_bytes() == before


def _set_cell(manifest: Path, doc_id: str, value: str) -> None:
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, ln in enumerate(lines):
        if ln.startswith(doc_id + ","):
            body, _, _ = ln.rstrip("\n").rpartition(",")
            lines[i] = f"{body},{value}\n"
    manifest.write_text("".join(lines), encoding="utf-8")


def test_document_without_a_hash_builds_with_a_one_line_notice(project, capsys):
    raw, out = project
    _set_cell(raw / "manifest.csv", "001", "")
    _edit_001_line_61(raw)  # a researcher's new or replaced document: no hash to check yet
    p = _main(capsys, "build")
    assert p.returncode == 0
    notes = p.stderr.strip().splitlines()
    assert len(notes) == 1 and "001" in notes[0] and "no SHA-256" in notes[0] and ACCEPT_001 in notes[0]
    assert (pd.read_parquet(out / "observations.parquet").query("source == '001:61'").value == 89.0).all()
    assert _main(capsys, "manifest", "--accept", "001").returncode == 0
    assert _main(capsys, "build").stderr == ""


def test_malformed_hash_cell_names_manifest_row_and_field(project):
    raw, _ = project
    _set_cell(raw / "manifest.csv", "002", "not-a-hash")
    with pytest.raises(ParseError) as e:
        zbuild.read_manifest(raw)
    assert (e.value.line, e.value.field) == (4, "sha256") and e.value.file.endswith("manifest.csv")


def test_accept_adds_the_column_to_an_old_manifest_keeping_every_other_byte(project):
    raw, _ = project
    manifest = raw / "manifest.csv"
    text = manifest.read_text(encoding="utf-8")
    rows = text.splitlines(keepends=True)
    old = "".join([rows[0].replace(",sha256\n", "\n")] + [r.rpartition(",")[0] + "\n" for r in rows[1:]])
    manifest.write_text(old, encoding="utf-8")
    assert zbuild.read_manifest(raw)[0].sha256 == ""
    for doc_id in ("003", "000", "001", "002", "004"):
        assert zbuild.accept_document(doc_id, raw)[0] == ""
    assert manifest.read_text(encoding="utf-8") == text


def test_missing_manifest_or_document_is_one_line(project, capsys):
    raw, _ = project
    next((raw / "documents").glob("002_*.txt")).unlink()
    line = _one_error_line(_main(capsys, "build"))
    assert "manifest.csv:4" in line and "does not exist" in line
    (raw / "manifest.csv").unlink()
    assert "manifest.csv" in _one_error_line(_main(capsys, "check"))


# ------------------------------------------------------------------ processed tables

def _true(built, table: str) -> pd.DataFrame:
    return built[2][table].reset_index(drop=True)


def _rebuilt_notice(capsys, name: str) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and name in err[0] and "rebuilding" in err[0], err
    return err[0]


def test_table_with_one_value_altered_is_rebuilt(project, built, capsys):
    _, out = project
    path = out / "observations.parquet"
    first = loaders.load_observations()  # also in the loaders' memory cache now
    t = pq.read_table(path).to_pandas()
    i = t.index[t.source == "001:61"][0]
    t.loc[i, "value"] = 89.0  # still a valid parquet with the right schema
    t.to_parquet(path, index=False)
    assert pd.read_parquet(path).loc[i, "value"] == 89.0
    got = loaders.load_observations()
    assert "changed" in _rebuilt_notice(capsys, "observations.parquet")
    pd.testing.assert_frame_equal(got.reset_index(drop=True), first.reset_index(drop=True))
    assert got.loc[got.source == "001:61", "value"].tolist() == [99.0]
    assert zbuild.table_problem("observations", out) is None  # the file itself was repaired
    loaders.load_observations()
    assert capsys.readouterr().err == ""  # once repaired, no more notices


def test_truncated_table_is_rebuilt(project, built, capsys):
    _, out = project
    path = out / "projects.parquet"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    got = loaders.load_projects()
    _rebuilt_notice(capsys, "projects.parquet")
    pd.testing.assert_frame_equal(got.reset_index(drop=True), _true(built, "projects"), check_dtype=False)


def test_missing_table_is_rebuilt(project, built, capsys):
    _, out = project
    (out / "targets.parquet").unlink()
    got = loaders.load_targets()
    assert "missing" in _rebuilt_notice(capsys, "targets.parquet")
    pd.testing.assert_frame_equal(got.reset_index(drop=True), _true(built, "targets"), check_dtype=False)
    assert (out / "targets.parquet").is_file()


def test_damaged_table_through_the_cli_is_repaired_with_one_stderr_line(project):
    _, out = project
    (out / "findings.parquet").write_bytes(b"PAR1 not really")
    p = _cli("check")
    assert p.returncode == 0 and p.stdout.endswith("\n") and "findings" in p.stdout.splitlines()[0]
    assert len(p.stderr.strip().splitlines()) == 1 and "findings.parquet" in p.stderr and "Traceback" not in p.stderr


def test_damaged_build_metadata_rebuilds_with_a_notice(project, built, capsys):
    _, out = project
    (out / zbuild.META_FILE).write_bytes(b"\x00\xff{")
    got = loaders.load_industries()
    _rebuilt_notice(capsys, zbuild.META_FILE)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), _true(built, "industries"), check_dtype=False)
    assert zbuild.read_meta(out)["sha256"]


def test_build_records_every_written_file_hash(project):
    _, out = project
    meta = zbuild.read_meta(out)
    for t in zbuild.TABLE_NAMES:
        for name in (f"{t}.parquet", f"{t}.csv"):
            assert meta["sha256"][name] == hashlib.sha256((out / name).read_bytes()).hexdigest()


def test_file_hash_is_cached_per_file_version(tmp_path):
    f = tmp_path / "t.bin"
    f.write_bytes(b"a" * 100)
    old = 1_600_000_000
    os.utime(f, (old, old))
    first = zbuild.file_sha256(f)
    assert first == hashlib.sha256(b"a" * 100).hexdigest()
    # same inode, size and mtime: the cached hash is used, the file is not read again
    with open(f, "r+b") as h:
        h.write(b"b")
    os.utime(f, (old, old))
    assert zbuild.file_sha256(f) == first
    os.utime(f, (old + 1, old + 1))  # a new version of the file: hashed again
    assert zbuild.file_sha256(f) == hashlib.sha256(b"b" + b"a" * 99).hexdigest()
    # a file written just now is never taken from the cache (timestamps are coarse)
    g = tmp_path / "fresh.bin"
    g.write_bytes(b"x")
    zbuild.file_sha256(g)
    st = g.stat()
    g.write_bytes(b"y")
    os.utime(g, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert zbuild.file_sha256(g) == hashlib.sha256(b"y").hexdigest()


# ------------------------------------------------------------------ the command line

def test_check_into_head_via_a_shell_pipe_is_quiet(project):
    cmd = f"{sys.executable} -m zyanalysis.cli check | head -1"
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True)
    assert p.returncode == 0 and p.stderr == ""
    assert p.stdout.count("\n") == 1 and "findings" in p.stdout
    status = subprocess.run(["bash", "-c", f"{sys.executable} -m zyanalysis.cli check | true; "
                                          "echo ${PIPESTATUS[0]} >&2"], capture_output=True, text=True)
    assert status.stderr.strip() in ("0", "141")  # 141 when the reader left before the writer wrote


def test_closed_stdout_pipe_exits_141_without_a_traceback(project):
    r, w = os.pipe()
    os.close(r)  # the reader is gone before the first write: every write fails with EPIPE
    try:
        p = subprocess.run([sys.executable, "-m", "zyanalysis.cli", "check"], stdout=w, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(w)
    assert p.returncode == 141 and p.stderr == ""


@pytest.mark.parametrize("where", ["folder", "under_a_file", "under_a_file_deep", "uncreatable", "read_only"])
def test_unwritable_template_output_is_one_line(tmp_path, capsys, where):
    afile = tmp_path / "afile"
    afile.write_text("keep", encoding="utf-8")
    target = {"folder": tmp_path, "under_a_file": afile / "x.csv", "under_a_file_deep": afile / "a" / "x.csv",
              "uncreatable": Path("/proc/zyanalysis-no-such-dir/x.csv"),
              "read_only": Path("/sys/zyanalysis-x.csv")}[where]  # sysfs refuses new files, even to root
    before = sorted(p.name for p in tmp_path.iterdir())
    for force in ([], ["--force"]):
        line = _one_error_line(_main(capsys, "template", "actuals", "-o", str(target), *force))
        assert line.startswith(f"error: cannot write {target}")
    assert afile.read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary file left behind


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_read_only_folder_is_one_line(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        line = _one_error_line(_cli("template", "actuals", "-o", str(ro / "x.csv")))
    finally:
        ro.chmod(0o755)
    assert "cannot write" in line and "ermission" in line and not list(ro.iterdir())


def test_template_output_is_written_whole(tmp_path, capsys):
    out = tmp_path / "new" / "actuals.csv"
    p = _main(capsys, "template", "actuals", "-o", str(out))
    assert p.returncode == 0 and out.read_text(encoding="utf-8").splitlines()[-1].startswith("jurisdiction,")
    assert [f.name for f in out.parent.iterdir()] == ["actuals.csv"]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600


def test_unwritable_processed_folder_is_one_line(project, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("ZYANALYSIS_PROCESSED", str(blocker / "processed"))
    line = _one_error_line(_main(capsys, "check"))
    assert "cannot write the tables" in line and "processed" in line


def test_exceptions_live_in_one_module_and_keep_their_old_names():
    assert zbuild.BuildError is exceptions.BuildError
    assert zbuild.IntegrityError is exceptions.IntegrityError
    for cls in (exceptions.InputError, exceptions.BuildError, exceptions.IntegrityError,
                exceptions.DataError, exceptions.OutputError):
        assert issubclass(cls, exceptions.ZyError)
    assert issubclass(exceptions.OutputError, OSError) and issubclass(exceptions.InputError, ValueError)
    e = exceptions.InputError("actuals/a.csv", 3, "value", "not a number")
    assert (e.file, e.line, e.field) == ("actuals/a.csv", 3, "value")
    assert str(e) == "actuals/a.csv:3: field 'value': not a number"
