"""One parser per document layout; ``PARSERS`` maps the manifest's ``parser`` name to it."""
from __future__ import annotations

from importlib import import_module
from types import ModuleType

from .base import Document, ParseError, ParseResult

# manifest 'parser' column → module in this package
PARSERS = {
    "zhangye_eco_industries": "zhangye_eco_industries",   # 000
    "ganzhou_industry_plan": "ganzhou_industry_plan",     # 001
    "gansu_green_plan": "gansu_green_plan",               # 002
    "qinghai_fair_projects": "qinghai_fair_projects",     # 003
    "zhangye_gazette": "zhangye_gazette",                 # 004
}


def get(name: str) -> ModuleType:
    """The parser module registered as ``name``."""
    if name not in PARSERS:
        raise KeyError(f"no parser {name!r}; known: {sorted(PARSERS)}")
    return import_module(f"{__name__}.{PARSERS[name]}")


__all__ = ["Document", "ParseError", "ParseResult", "PARSERS", "get"]
