"""zyanalysis: are Zhangye's plan targets being met, where, by whom, and how sure are we?

Tables (validated pandas DataFrames; columns in :mod:`zyanalysis.schemas`)::

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
    **{n: "loaders" for n in (
        "load_projects", "load_observations", "load_targets", "load_responsibilities",
        "load_frameworks", "load_jurisdictions", "load_industries", "load_regions", "load_findings")},
    "attainment": "attainment",
    "compute_attainment": "attainment",
    "score_assessment": "assessment",
    "assessment_template": "assessment",
    "read_assessment_inputs": "assessment",
    "indicator_scores": "assessment",
    "composite": "composite",
    "grade_wage_assessment": "assessment",
    "composite_scores": "composite",
    "weight_sensitivity": "sensitivity",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


# `attainment` and `composite` are both a submodule and a function of that name. Importing the
# submodule would set the package attribute to the module; binding the functions here, after
# the submodules are loaded, keeps `zyanalysis.attainment(...)` callable whatever imports later.
from .attainment import attainment  # noqa: E402
from .composite import composite  # noqa: E402


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'zyanalysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
