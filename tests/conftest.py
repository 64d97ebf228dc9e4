"""Shared fixtures: the raw documents as the manifest lists them, parsed once per session."""
from __future__ import annotations

import csv
from dataclasses import dataclass
import os
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from zyanalysis.data.parsers import Document, ParseResult, get

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"

# Batch runs skip altair's schema validation (specs come from the builders tested here); the
# batches the tests start keep it, so every chart of a real report is validated too.
os.environ.setdefault("ZYANALYSIS_VALIDATE_CHARTS", "1")


@lru_cache(maxsize=None)
def manifest() -> dict[str, dict]:
    """doc_id → manifest row."""
    with open(RAW / "manifest.csv", encoding="utf-8") as f:
        return {r["doc_id"]: r for r in csv.DictReader(f)}


def doc_path(doc_id: str) -> Path:
    """Path of a source document in data/raw."""
    return RAW / manifest()[doc_id]["file"]


@lru_cache(maxsize=None)
def parsed(doc_id: str) -> ParseResult:
    """The parser's result for one document (cached: parsers are pure)."""
    row = manifest()[doc_id]
    return get(row["parser"]).parse(Document.read(doc_id, doc_path(doc_id)))


@pytest.fixture
def parse_doc():
    """Fixture form of :func:`parsed`."""
    return parsed


def parse_copy(doc_id: str, lines: list[str]) -> ParseResult:
    """Parse an edited in-memory copy of a document (damage tests)."""
    row = manifest()[doc_id]
    return get(row["parser"]).parse(Document(doc_id, doc_path(doc_id), list(lines)))


def assert_valid(result: ParseResult) -> None:
    """Every table of a parse result coerces to its schema and validates."""
    from zyanalysis.data import schemas
    for table, records in result.tables().items():
        schemas.validate(table, schemas.coerce(table, records))


def valid_or_parse_error(doc_id: str, lines: list[str]) -> ParseResult | None:
    """Parse a damaged copy: either every table validates, or a ParseError (None) — nothing else."""
    from zyanalysis.data.parsers import ParseError
    try:
        result = parse_copy(doc_id, lines)
    except ParseError as e:
        assert str(e)
        return None
    assert_valid(result)
    return result


@pytest.fixture(scope="session")
def chromium():
    """A headless system Chromium under Playwright; skipped locally without it, an error in CI."""
    import os

    from zyanalysis.report import browsercheck

    exe = browsercheck.chromium_path()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        exe = None
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs chromium + fonts-noto-cjk (apt) and playwright (pip)")
        pytest.skip("chromium or playwright not installed (apt-get install chromium fonts-noto-cjk)")
    with browsercheck.browser(exe) as b:
        yield b


# ----------------------------------------------------------------------- private project copies

def fresh_raw(dest: Path) -> Path:
    """A copy of data/raw under ``dest`` without any researcher files (actuals, plans): the suite
    must not depend on what a user added."""
    raw = dest / "raw"
    shutil.copytree(RAW, raw)
    for folder in (raw / "actuals", raw / "plans"):
        folder.mkdir(exist_ok=True)
        for f in folder.iterdir():
            if f.name != "README.md":
                f.unlink()
    return raw


def wire(raw0: Path, out0: Path, tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """Private copies of a built raw + processed pair, wired into the loaders and into CLI
    subprocesses through ZYANALYSIS_RAW / ZYANALYSIS_PROCESSED."""
    from zyanalysis.data import loaders
    raw, out = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(raw0, raw)
    shutil.copytree(out0, out)
    monkeypatch.setenv("ZYANALYSIS_RAW", str(raw))
    monkeypatch.setenv("ZYANALYSIS_PROCESSED", str(out))
    loaders._cache.clear()
    return raw, out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """data/raw (without researcher files) built once per module: (raw, processed, frames)."""
    from zyanalysis.data import build as zbuild
    base = tmp_path_factory.mktemp("proj")
    raw, out = fresh_raw(base), base / "processed"
    return raw, out, zbuild.build(raw=raw, out=out)


@pytest.fixture
def project(built, tmp_path, monkeypatch):
    """A private raw + processed pair copied from the module's build, wired into the loaders."""
    raw0, out0, _ = built
    return wire(raw0, out0, tmp_path, monkeypatch)


# ----------------------------------------------------------------------- the CLI, in process

@dataclass
class CliResult:
    """What a command-line run gave: exit code and the text it wrote."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> CliResult:
    """``zyanalysis ARGS`` run in this process (a fresh interpreter costs a second of imports).

    For tests that look at the exit code and the output only; pipes, signals and kernels need a
    real process (subprocess).
    """
    import contextlib
    import io

    from zyanalysis import cli
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return CliResult(code, out.getvalue(), err.getvalue())
