"""zyanalysis: are Zhangye's plan targets being met, where, by whom, and how sure are we?

Tables (validated pandas DataFrames; columns in :mod:`zyanalysis.data.schemas`)::

    load_projects, load_observations, load_targets, load_responsibilities,
    load_frameworks, load_jurisdictions, load_industries, load_findings

Scoring::

    attainment(jurisdiction=None)                  # one row per target
    score_assessment(inputs, system="county")      # the official 000 assessment
    weight_sensitivity(inputs, system="county", weights=None, draws=10_000,
                       concentration=100.0, seed=0)
"""
from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

# public name → module that defines it; imported on first use so `import zyanalysis` stays fast
_EXPORTS = {
    **{n: "data.loaders" for n in (
        "load_projects", "load_observations", "load_targets", "load_responsibilities",
        "load_frameworks", "load_jurisdictions", "load_indicators", "load_industries", "load_regions", "load_findings")},
    # the public face: these load the tables they are not given (scoring itself takes frames)
    **{n: "api" for n in ("attainment", "score_assessment", "indicator_scores", "assessment_template",
                          "composite", "weight_sensitivity")},
    "compute_attainment": "scoring.attainment",
    "read_assessment_inputs": "scoring.assessment",
    "grade_wage_assessment": "scoring.assessment",
    "composite_scores": "scoring.composite",
    "load_tables": "data.tables",
}

__all__ = sorted(_EXPORTS) + ["__version__"]




def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'zyanalysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
