"""Column contracts of every tidy table, and their pandera schemas.

Each table is declared once here as a list of :class:`Col` (name, dtype, nullability, unit and
meaning). The pandera schema, the empty-frame constructor, the dtype coercion and the table
documentation (``zyanalysis.data.schemas.describe()``, written to ``data/processed/TABLES.md`` by the
build) all derive from that declaration, so code and docs cannot drift apart.

Dtypes are pandas' nullable ones: ``string`` for text, ``Int64`` for integers that may be
missing, ``float64`` for measured values (NaN = missing), ``boolean`` for flags.

Conventions shared by all tables:

* ``doc_id`` is the manifest id of the source document (``"000"`` … ``"004"``) or ``"user"`` for
  researcher files; ``line`` is the 1-based line in that document; ``source`` is a readable
  provenance string, ``"000:123"`` for a document line or ``"actuals/2024.csv:5"`` for a row of a
  researcher file (the row number counts the header as row 1).
* Chinese text is kept as in the document (``*_zh``) with an English label (``*_en``) for
  display; where a value was normalised the original cell text stays beside it (``*_raw``).
* Money is in 亿元 (100 million yuan) in columns ending ``_yi`` and in 万元 (10,000 yuan) in
  columns ending ``_wan``.
* Lists inside one cell (several departments, several leaders) are joined with ``、`` in wide
  tables; ``responsibilities`` holds the same facts in long form.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import pandera.pandas as pa


@dataclass(frozen=True)
class Col:
    """One column: name, pandas dtype, whether it may be missing, and what it means (with unit)."""

    name: str
    dtype: str
    nullable: bool
    doc: str
    isin: tuple | None = None


PROVENANCE = [
    Col("doc_id", "string", False, "source document id from data/raw/manifest.csv, or 'user'"),
    Col("line", "Int64", True, "1-based line in the source document (row in a user file)"),
    Col("source", "string", False, "provenance, 'DOC:LINE' or 'FILE:ROW'"),
]

COMPARATORS = (">=", ">", "<=", "<", "=", "~", "range", "national", "pending", "qualitative")

DRIVING_PROJECTS = "zhangye_eco_2019"
"""``projects.registry`` of 000 附件2: the city's 81 driving projects of the ten eco-industries."""
QINGHAI_FAIR = "qinghai_fair18"
"""``projects.registry`` of 003: the projects signed at Qinghai's 18th fair."""

TABLES: dict[str, list[Col]] = {
    "jurisdictions": [
        Col("jurisdiction_id", "string", False, "stable id, e.g. 'ganzhou', 'zhangye_edz'"),
        Col("name_zh", "string", False, "official Chinese name, e.g. 肃南裕固族自治县"),
        Col("name_en", "string", False, "English name for display"),
        Col("level", "string", False, "province / city / county / zone",
            ("province", "city", "county", "zone")),
        Col("parent_id", "string", True, "jurisdiction_id of the enclosing unit"),
        Col("aliases", "string", True, "other spellings found in documents, joined with 、"),
        Col("assessed_unit", "boolean", False,
            "one of the six 县区 that 000 assesses (第四条, 000:1779); 张掖经开区 is not"),
        Col("sort_order", "Int64", False, "display order, as the documents list them"),
    ],
    "indicators": [
        Col("indicator_id", "string", False, "stable indicator slug (zyanalysis/reference/indicators.csv)"),
        Col("name_zh", "string", False, "Chinese name as the documents write it"),
        Col("aliases", "string", True, "other Chinese names, |-joined"),
        Col("name_en", "string", False, "English label"),
        Col("unit", "string", False, "unit of every value of the indicator"),
        Col("kind", "string", False, "arithmetic of attainment (zyanalysis.reference.indicators.KINDS)",
            ("level", "stock", "flow", "share", "growth_rate", "cap", "reduction", "qualitative")),
        Col("direction", "string", False, "higher or lower is better", ("higher", "lower")),
        Col("source", "string", False, "catalogue file and row, e.g. 'indicators.csv:12'"),
    ],
    "industries": [
        Col("industry_id", "string", False, "stable id, '<taxonomy>.<slug>'"),
        Col("taxonomy", "string", False, "which list the industry belongs to",
            ("zhangye_eco10", "ganzhou_lead7", "gansu_green10")),
        Col("seq", "Int64", False, "position in the document's list (1-based)"),
        Col("name_zh", "string", False, "name as in the document"),
        Col("name_en", "string", False, "English label"),
        Col("sector", "string", True, "the industry's slug shared with its namesake in the other list "
            "(zyanalysis/reference/industry_crosswalk.csv); empty for Ganzhou's seven"),
        *PROVENANCE,
    ],
    "projects": [  # registry: DRIVING_PROJECTS or QINGHAI_FAIR (below the table list)
        Col("project_id", "string", False, "stable id '<doc>-<group seq>-<seq>', e.g. '000-01-001'"),
        *PROVENANCE,
        Col("registry", "string", False, "'zhangye_eco_2019' (000 附件2) or 'qinghai_fair18' (003)"),
        Col("group_seq", "Int64", False, "position of the group (industry or responsible unit)"),
        Col("group_zh", "string", False, "industry (000) or responsible unit (003) as written"),
        Col("group_en", "string", True, "English label of the group"),
        Col("industry_id", "string", True, "industries.industry_id for 000 groups"),
        Col("seq", "Int64", False, "序号 within the document's numbering"),
        Col("name_zh", "string", False, "project name as written"),
        Col("nature_zh", "string", True, "建设性质: 续建 / 新建 / …"),
        Col("period_raw", "string", True, "建设期限 as written"),
        Col("start_year", "Int64", True, "first year of the construction period"),
        Col("end_year", "Int64", True, "last year of the construction period"),
        Col("content_zh", "string", True, "建设规模及主要建设内容"),
        Col("investment_yi", "float64", True, "total investment, 亿元 (100 million yuan)"),
        Col("investment_raw", "string", True, "investment cell as written"),
        Col("leaders", "string", True, "市级包抓领导 (000) / 责任领导 (003), joined with 、"),
        Col("lead_departments", "string", True, "市直牵头部门, merged cells filled, joined with 、"),
        Col("responsible_departments", "string", True, "市直责任部门, merged cells filled, 、-joined"),
        Col("jurisdiction_id", "string", True, "county-level unit (000) or province (003)"),
        Col("county_raw", "string", True, "县区 cell as written"),
        Col("responsible_person", "string", True, "县区责任人 (000) / 责任人 (003), 、-joined"),
        Col("party_a", "string", True, "甲方 (003)"),
        Col("party_b", "string", True, "乙方 (003)"),
        Col("fund_source", "string", True, "资金来源地 (003)"),
        Col("remark", "string", True, "备注, e.g. 省列"),
    ],
    "observations": [
        Col("series_id", "string", False, "stable id of the series: '<jurisdiction>.<indicator_id>'"),
        *PROVENANCE,
        Col("jurisdiction_id", "string", False, "jurisdictions.jurisdiction_id"),
        Col("industry_id", "string", True, "industries.industry_id where the series is per industry"),
        Col("indicator_id", "string", False, "stable indicator slug"),
        Col("indicator_zh", "string", False, "indicator name as in the document"),
        Col("indicator_en", "string", False, "English label"),
        Col("unit", "string", False, "unit, e.g. 亿元, %, 户, 万吨标准煤"),
        Col("year", "Int64", False, "calendar year observed"),
        Col("value", "float64", False, "observed value in `unit`"),
        Col("kind", "string", False, "actual / estimate (预计)", ("actual", "estimate")),
        Col("raw", "string", True, "cell text as written"),
    ],
    "targets": [
        Col("target_id", "string", False, "stable id '<doc>.<jurisdiction>.<indicator_id>.<year>'"),
        *PROVENANCE,
        Col("jurisdiction_id", "string", False, "jurisdictions.jurisdiction_id"),
        Col("industry_id", "string", True, "industries.industry_id where the target is per industry"),
        Col("indicator_id", "string", False, "stable indicator slug (same as observations)"),
        Col("indicator_zh", "string", False, "indicator name as in the document"),
        Col("indicator_en", "string", False, "English label"),
        Col("unit", "string", False, "unit of target_value"),
        Col("target_year", "Int64", False, "year by which the target is due"),
        Col("comparator", "string", False,
            "'>=' at least, '>' more than, '<=' / '<' at most, '=' exactly, '~' about (左右), "
            "'range' target_value to target_high, 'national' (完成国家指标: qualitative), "
            "'pending' (table says '-' or '/'), 'qualitative'",
            COMPARATORS),
        Col("target_value", "float64", True, "target in `unit`; NaN when not numeric"),
        Col("target_high", "float64", True, "upper end of a 'range' target in `unit`; NaN otherwise"),
        Col("higher_is_better", "boolean", False, "True when more is better"),
        Col("is_reduction", "boolean", False,
            "True when target_value is a % cut versus base_year (e.g. energy intensity −13.5%)"),
        Col("base_year", "Int64", True, "base year of a reduction target"),
        Col("base_value", "float64", True, "baseline stated with the target, in `unit`"),
        Col("base_value_year", "Int64", True, "year of base_value"),
        Col("aspirational", "boolean", False, "True for 力争 (strive for) targets"),
        Col("raw", "string", False, "target text as written"),
    ],
    "responsibilities": [
        *PROVENANCE,
        Col("subject_type", "string", False, "what is assigned", ("industry", "project", "task")),
        Col("subject_id", "string", False, "industry_id, project_id or '<doc>.task.<n>'"),
        Col("subject_zh", "string", False, "industry, project or task as written"),
        Col("role", "string", False, "role as written: 包抓领导, 牵头部门, 责任部门, 责任单位, …"),
        Col("role_en", "string", False, "English: leader, lead_department, responsible_department, …"),
        Col("party_zh", "string", False, "person or department, normalised (spaces removed)"),
        Col("party_raw", "string", False, "as written"),
        Col("party_type", "string", False, "person / department", ("person", "department")),
        Col("title_zh", "string", True, "a person's title as written"),
        Col("jurisdiction_id", "string", True, "level the party belongs to (city, a county, …)"),
    ],
    "frameworks": [
        Col("framework_id", "string", False,
            "'000.county', '000.lead', '000.responsible', '003.disclosure', '004.wage'"),
        *PROVENANCE,
        Col("system", "string", False, "short name used by scoring: county / lead / responsible / …"),
        Col("title_zh", "string", False, "title of the indicator system as written"),
        Col("group_seq", "Int64", True, "position of the level-1 group"),
        Col("group_zh", "string", True, "level-1 indicator (一级指标) as written"),
        Col("group_points", "float64", True, "points of the level-1 group as stated"),
        Col("indicator_seq", "Int64", False, "position of the indicator within the system"),
        Col("indicator_id", "string", False, "stable id '<framework_id>.<indicator_seq>'"),
        Col("indicator_zh", "string", False, "indicator (二级指标 / item) as written"),
        Col("indicator_en", "string", False, "English label"),
        Col("kind", "string", True, "descriptive / statistical / rule / item"),
        Col("kind_zh", "string", True, "描述性 / 统计性 as written"),
        Col("weight", "float64", True, "points (分) of the indicator"),
        Col("content_zh", "string", True, "评价内容 / rule text"),
    ],
    "regions": [
        Col("region_id", "string", False, "stable id '<doc>.<slug>', e.g. '002.hexi'"),
        *PROVENANCE,
        Col("region_zh", "string", False, "region as written, e.g. 河西地区"),
        Col("region_en", "string", False, "English name"),
        Col("text_zh", "string", False, "the layout paragraph, cleaned"),
        Col("industry_ids", "string", True, "industries the paragraph names, 、-joined industry_ids"),
        Col("jurisdiction_ids", "string", True,
            "reference jurisdictions inside the region (geography, not document text), 、-joined"),
    ],
    "departments": [
        Col("dept_id", "string", False, "stable department id, e.g. 'city_drc' (registry in zyanalysis.data.departments)"),
        Col("name_zh", "string", False, "canonical Chinese name, e.g. 市发展改革委"),
        Col("name_en", "string", False, "English name"),
        Col("level", "string", False, "city / district / province / other", ("city", "district", "province", "other")),
        Col("kind", "string", False, "department / government / enterprise / association / zone / collective"),
        Col("jurisdiction_id", "string", True, "jurisdiction the department belongs to"),
        Col("parent_id", "string", True, "dept_id of the parent bureau (甘州分局 → city bureau)"),
        Col("aliases", "string", True, "other spellings in the documents, 、-joined"),
        Col("n_industries", "Int64", False, "distinct industries in any role"),
        Col("n_industries_lead", "Int64", False, "industries it leads (牵头)"),
        Col("n_projects", "Int64", False, "distinct projects in any role"),
        Col("n_projects_lead", "Int64", False, "projects it leads"),
        Col("n_tasks", "Int64", False, "distinct tasks in any role"),
        Col("n_tasks_lead", "Int64", False, "tasks it leads"),
        Col("docs", "string", False, "documents that name it, 、-joined doc_ids"),
        Col("assessed_by", "string", True, "000 system that scores it: lead / responsible (000:1779)"),
        Col("note", "string", True, "judgement call behind the entry, with its evidence"),
    ],
    "department_mentions": [
        Col("dept_id", "string", False, "departments.dept_id"),
        Col("raw", "string", False, "the name as written"),
        Col("subject_type", "string", False, "industry / project / task", ("industry", "project", "task")),
        Col("subject_id", "string", False, "industry_id, project_id or task id"),
        Col("subject_zh", "string", False, "the subject as written"),
        Col("role", "string", False, "role as written (牵头部门, 责任单位 …)"),
        Col("role_en", "string", False, "role in English"),
        Col("role_class", "string", False, "lead / responsible / support", ("lead", "responsible", "support")),
        *PROVENANCE,
        Col("via", "string", False, "the 001 task that ties a department to a Ganzhou industry ('' otherwise)"),
    ],
    "task_target_links": [
        Col("task_id", "string", False, "a 001 task ('001.task.<n>')"),
        Col("target_id", "string", False, "targets.target_id of a target stated within the task's lines"),
        Col("task_lines", "string", False, "the task's lines, e.g. '001:8' or '001:14–15'"),
    ],
    "findings": [
        Col("finding_id", "string", False, "stable id '<doc>.<kind>.<n>'"),
        *PROVENANCE,
        Col("kind", "string", False,
            "count_mismatch / subtotal_mismatch / total_mismatch / target_below_baseline / "
            "siblings_exceed_total / person_two_titles / ocr_error / other"),
        Col("subject_zh", "string", False, "what the finding is about, as in the document"),
        Col("stated", "float64", True, "the figure the document states"),
        Col("computed", "float64", True, "the figure computed from the document's own rows"),
        Col("unit", "string", True, "unit of stated/computed"),
        Col("jurisdiction_id", "string", True, "jurisdiction concerned, if any"),
        Col("message", "string", False, "plain-English description with the lines involved"),
    ],
}


def columns(table: str) -> list[str]:
    """Column names of ``table`` in order."""
    return [c.name for c in TABLES[table]]


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the columns and dtypes of ``table``."""
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in TABLES[table]})


def coerce(table: str, records: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """Build a frame of ``table`` from records, in column order with the declared dtypes.

    Missing keys become missing values; unknown keys are an error (a typo in a parser must not
    silently drop a field).
    """
    cols = TABLES[table]
    names = {c.name for c in cols}
    df = records if isinstance(records, pd.DataFrame) else pd.DataFrame.from_records(records)
    unknown = [k for k in df.columns if k not in names]
    if unknown:
        raise KeyError(f"table {table!r} has no column(s) {unknown}")
    out = {}
    for c in cols:
        s = df[c.name] if c.name in df.columns else pd.Series([None] * len(df), index=df.index)
        if c.dtype == "float64":
            s = pd.to_numeric(s, errors="raise").astype("float64")
        out[c.name] = s.astype(c.dtype)
    return pd.DataFrame(out).reset_index(drop=True)


def schema(table: str) -> "pa.DataFrameSchema":
    """The pandera schema of ``table``: dtypes, nullability, allowed values, unique ids."""
    import pandera.pandas as pa  # slow to import (0.2 s); only validation needs it
    cols = {}
    for c in TABLES[table]:
        checks = [pa.Check.isin(list(c.isin))] if c.isin else []
        cols[c.name] = pa.Column(c.dtype, nullable=c.nullable, checks=checks, description=c.doc)
    unique = {
        "jurisdictions": ["jurisdiction_id"], "indicators": ["indicator_id"], "industries": ["industry_id"],
        "projects": ["project_id"], "targets": ["target_id"], "findings": ["finding_id"],
        "regions": ["region_id"], "departments": ["dept_id"],
        "department_mentions": ["dept_id", "subject_type", "subject_id", "role_class", "via"],
        "task_target_links": ["task_id", "target_id"],
        "frameworks": ["indicator_id"],
        "observations": ["series_id", "year", "kind"],
    }.get(table)
    return pa.DataFrameSchema(cols, strict=True, ordered=True, unique=unique, name=table)


def validate(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate ``df`` against the schema of ``table``; raises with every failing row listed."""
    return schema(table).validate(df, lazy=True)


def describe() -> str:
    """Markdown documentation of every table (written to data/processed/TABLES.md)."""
    parts = ["# Tables in data/processed\n", __doc__.split("\n\n", 1)[1]]
    for table, cols in TABLES.items():
        parts.append(f"\n## {table}\n\n| column | dtype | may be missing | meaning |\n|---|---|---|---|")
        for c in cols:
            allowed = f" (one of {', '.join(c.isin)})" if c.isin else ""
            parts.append(f"| `{c.name}` | {c.dtype} | {'yes' if c.nullable else 'no'} | {c.doc}{allowed} |")
    return "\n".join(parts) + "\n"
