"""Shared fixtures: the raw documents as the manifest lists them, parsed once per session."""
from __future__ import annotations

import csv
import os
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


# Tests in files owned elsewhere that start a kernel: slow like the batch and browser tests.
_RUNS_NOTEBOOKS = {"tests/test_explore.py::test_notebook_runs_headless_under_papermill"}


def pytest_collection_modifyitems(config, items):
    """Mark :data:`_RUNS_NOTEBOOKS` slow (``-m "not slow"`` leaves them out of the fast loop)."""
    for item in items:
        if item.nodeid in _RUNS_NOTEBOOKS:
            item.add_marker(pytest.mark.slow)
