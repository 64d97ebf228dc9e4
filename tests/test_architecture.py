"""The package's shape: stages import only from earlier stages, and no private name crosses a module.

Stages, in the order data flows: reference (jurisdictions, the indicator catalogue) → data
(parsers, build, loaders, schemas, researcher inputs) → scoring → report. Top-level modules
(paths, exceptions, cli) are shared infrastructure; cli is the entry point and may import any stage.
"""
from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "zyanalysis"
ORDER = {"reference": 0, "data": 1, "scoring": 2, "report": 3}


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("zyanalysis"):
            yield node.lineno, node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("zyanalysis"):
                    yield node.lineno, a.name, []


def test_no_module_imports_from_a_later_stage():
    back = []
    for path in sorted(PKG.rglob("*.py")):
        stage = path.relative_to(PKG).parts[0]
        if stage not in ORDER:
            continue
        for line, module, names in _imports(path):
            parts = module.split(".")
            target = parts[1] if len(parts) > 1 and parts[1] in ORDER else None
            if target and ORDER[target] > ORDER[stage]:
                back.append(f"{path.relative_to(PKG)}:{line} imports {module}")
    assert not back, "\n".join(back)


def test_no_private_name_crosses_a_module():
    private = []
    for path in sorted(PKG.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
                   and n.module and n.module.startswith("zyanalysis") for a in n.names}
        for line, module, names in _imports(path):
            private += [f"{path.relative_to(PKG)}:{line} {module}.{n}" for n in names
                        if n.startswith("_") and not n.startswith("__")]
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                private.append(f"{path.relative_to(PKG)}:{node.lineno} {node.value.id}.{node.attr}")
    assert not private, "\n".join(private)


def test_stages_are_folders():
    assert {p.name for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == set(ORDER)


SECTIONS = ("report/sections.py", "report/sections_department.py")
# what a section may take from scoring: constants (UPPER case), the example files' names, and two
# helpers that read a date and tally statuses for display
SECTION_MAY_USE = {"parse_as_of", "status_counts", "examples"}


def test_report_sections_only_format():
    """Sections load nothing and score nothing: no loaders, build or bundle loading, and from
    scoring only constants (the notebook scores and hands the frames down)."""
    bad = []
    for rel in SECTIONS:
        for line, module, names in _imports(PKG / rel):
            if module in ("zyanalysis.data.loaders", "zyanalysis.data.build") or "load_tables" in names:
                bad.append(f"{rel}:{line} loads via {module}")
            if module.startswith("zyanalysis.scoring"):
                bad += [f"{rel}:{line} uses {module}.{n}" for n in names
                        if not n.isupper() and n not in SECTION_MAY_USE]
        text = (PKG / rel).read_text(encoding="utf-8")
        bad += [f"{rel}: {word}" for word in ("lru_cache", "_ONCE", "read_csv", "read_parquet") if word in text]
    assert not bad, "\n".join(bad)


def test_scoring_loads_nothing():
    """Scoring takes frames: only the public face (zyanalysis/api.py) loads what it is not given."""
    bad = [f"{path.relative_to(PKG)}:{line} imports {module}"
           for path in sorted((PKG / "scoring").rglob("*.py"))
           for line, module, names in _imports(path)
           if module in ("zyanalysis.data.loaders", "zyanalysis.data.build") or "load_tables" in names]
    assert not bad, "\n".join(bad)
