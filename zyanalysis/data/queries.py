"""Selections over the tables bundle: the rows one report's scope is about.

Each function takes the :class:`~zyanalysis.data.tables.Tables` bundle and ids, and returns rows of
its tables (or raises ValueError listing the valid ids). Nothing is loaded, computed or cached here;
scoring and the report sections receive what these select.
"""
from __future__ import annotations

import pandas as pd

from zyanalysis.data.schemas import DRIVING_PROJECTS
from zyanalysis.data.tables import Tables
from zyanalysis.reference.jurisdictions import REPORT_UNITS, resolve_jurisdiction


def jurisdiction_row(T: Tables, county: str) -> pd.Series:
    """The jurisdictions row of a county-level unit (id or Chinese name); unknown ones raise
    ValueError listing the valid ids."""
    j = T["jurisdictions"].set_index("jurisdiction_id")
    jid = resolve_jurisdiction(county)
    if jid is None or jid not in j.index:
        raise ValueError(f"unknown county {county!r}; valid: {', '.join(REPORT_UNITS)}")
    return j.loc[jid]


def industry_row(T: Tables, industry: str) -> pd.Series:
    """The industries row of ``industry``; unknown ids raise ValueError listing valid ones."""
    ind = T["industries"].set_index("industry_id")
    if industry not in ind.index:
        raise ValueError(f"unknown industry {industry!r}; valid: {', '.join(ind.index)}")
    return ind.loc[industry]


def check_taxonomy(T: Tables, industry: str, taxonomy: str) -> None:
    """The industry must belong to the industry list (taxonomy) a report was asked for."""
    valid = list(dict.fromkeys(T["industries"].taxonomy))
    if taxonomy not in valid:
        raise ValueError(f"unknown taxonomy {taxonomy!r}; valid: {', '.join(valid)}")
    row = industry_row(T, industry)
    if row.taxonomy != taxonomy:
        raise ValueError(f"industry {industry!r} belongs to {row.taxonomy!r}, not {taxonomy!r}")


def jurisdiction_id(T: Tables, name: str) -> str:
    """The id of any jurisdiction (id or Chinese name, e.g. '甘州区'); unknown ones raise
    ValueError listing the valid ids."""
    jid = resolve_jurisdiction(name)
    valid = T["jurisdictions"].jurisdiction_id.tolist()
    if jid is None or jid not in valid:
        raise ValueError(f"unknown jurisdiction {name!r}; valid: {', '.join(valid)}")
    return jid


def targets_of(T: Tables, jurisdiction: str | None = None, industries: list[str] | None = None) -> pd.DataFrame:
    """The targets of one jurisdiction (id or Chinese name) and/or of some industries (all when
    both are None); an unknown jurisdiction or industry raises ValueError."""
    targets = T["targets"]
    if jurisdiction is not None:
        targets = targets[targets.jurisdiction_id == jurisdiction_id(T, jurisdiction)]
    if industries is not None:
        for i in industries:
            industry_row(T, i)
        targets = targets[targets.industry_id.isin(industries)]
    return targets


def projects_of(T: Tables, *, jurisdiction: str | None = None, industry: str | None = None,
                registry: str = DRIVING_PROJECTS) -> pd.DataFrame:
    """Projects of one registry (:data:`~zyanalysis.data.schemas.DRIVING_PROJECTS` or
    :data:`~zyanalysis.data.schemas.QINGHAI_FAIR`), filtered by county and/or industry; unknown
    ids raise ValueError."""
    p = T["projects"]
    check_registry(T, registry)
    p = p[p.registry == registry]
    if jurisdiction is not None:
        p = p[p.jurisdiction_id == jurisdiction_id(T, jurisdiction)]
    if industry is not None:
        industry_row(T, industry)
        p = p[p.industry_id == industry]
    return p


def check_registry(T: Tables, registry: str) -> None:
    """The project registry must be one the projects table holds."""
    valid = list(dict.fromkeys(T["projects"].registry))
    if registry not in valid:
        raise ValueError(f"unknown project registry {registry!r}; valid: {', '.join(valid)}")


def county_findings(T: Tables, county: str) -> pd.DataFrame:
    """Findings about one county: tagged with it, or raised on a document it issued (the
    manifest's issuer: 甘州区 issued 001)."""
    county = jurisdiction_id(T, county)
    docs = T.documents
    own = {d for d, issuer in zip(docs.doc_id, docs.issuer_zh) if resolve_jurisdiction(str(issuer)) == county}
    f = T["findings"]
    return f[(f.jurisdiction_id == county) | f.doc_id.isin(own)]


def county_responsibilities(T: Tables, county: str) -> pd.DataFrame:
    """Responsibility rows that name a party of this county (officials, district departments)."""
    r = T["responsibilities"]
    return r[r.jurisdiction_id == jurisdiction_id(T, county)]


def industry_counterparts(T: Tables, industry: str) -> pd.DataFrame:
    """Industries of the other lists in the same sector (the crosswalk: Zhangye ↔ Gansu)."""
    ind = T["industries"]
    sector = industry_row(T, industry).sector
    if pd.isna(sector):
        return ind.iloc[0:0]
    return ind[(ind.sector == sector) & (ind.industry_id != industry)]


def industry_and_counterparts(T: Tables, industry: str) -> list[str]:
    """The industry's id followed by its namesakes' (a report covers all of them)."""
    return [industry] + industry_counterparts(T, industry).industry_id.tolist()


def gansu_counterparts(T: Tables, industry: str) -> list[str]:
    """The Gansu (002) industries of the same name, or the industry itself if it is one."""
    if industry_row(T, industry).taxonomy == "gansu_green10":
        return [industry]
    c = industry_counterparts(T, industry)
    return c[c.taxonomy == "gansu_green10"].industry_id.tolist()


def industry_projects(T: Tables, industry: str) -> pd.DataFrame:
    """Projects of 000 in this industry, or in its Zhangye namesake for the other lists."""
    p = projects_of(T)
    return p[p.industry_id.isin(industry_and_counterparts(T, industry))]


def industry_responsibilities(T: Tables, industry: str) -> pd.DataFrame:
    """Leadership of the industry itself, or of its Zhangye namesake (000 附件1)."""
    r = T["responsibilities"]
    return r[(r.subject_type == "industry") & r.subject_id.isin(industry_and_counterparts(T, industry))]


def regions_with(T: Tables, jurisdiction: str) -> pd.DataFrame:
    """The regional-layout paragraphs (002) whose jurisdictions include ``jurisdiction``."""
    jurisdiction = jurisdiction_id(T, jurisdiction)
    regions = T["regions"]
    return regions[regions.jurisdiction_ids.fillna("").str.split("、").map(lambda j: jurisdiction in j)]
