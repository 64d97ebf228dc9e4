"""Departments: what each department the documents name holds (tables derived by the build, and queries).

Where the names come from
-------------------------
* ``responsibilities`` rows with ``party_type == 'department'``: 000 附件1 (industries) and
  附件2 (projects), 001's 24 tasks (责任单位), 004's tasks (牵头 / 实施 / 配合单位 …);
* the ``lead_departments`` / ``responsible_departments`` cells of ``projects`` (000);
* two departments 000 puts in the 县区 column of a project instead of a county (市信息办 on
  000:787, 市交投公司 on 000:1675);
* the 责任单位 groups of 003's Qinghai registry (``projects.group_zh``), province level.

The names are resolved against the department registry
(:mod:`zyanalysis.reference.departments`: one canonical id and name per department, the other
spellings, and the judgement calls behind them). The build derives three tables here: every
mention (``department_mentions``), one row per department (``departments``) and 001's
task–target links (``task_target_links``); the query functions select one department's rows
from the tables bundle.

Levels: ``city`` (张掖市), ``district`` (甘州区, incl. the two 分局), ``province`` (Qinghai's 省…
departments and provincial enterprises in 003), ``other`` (county governments, 张掖经开区,
enterprises, Qinghai prefectures and zones, collectives). ``kind`` says what the party is.

Assessment (000 第四条, 000:1779: 绩效考核对象为县区政府和生态产业牵头部门、责任部门): a city
department that leads an industry of 000 附件1 is scored by the 市级牵头部门 system
(``assessed_by='lead'``); otherwise one that is a responsible department of an industry (附件1)
or a project (附件2) of 000 is scored by the 市级责任部门 system (``'responsible'``). District
departments are not assessed by 000.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from zyanalysis.data.schemas import DRIVING_PROJECTS, QINGHAI_FAIR
from zyanalysis.reference.departments import (BY_ID, REGISTRY, ROLE_CLASS, normalise_name, provisional,
                                               resolve_department)
from zyanalysis.reference.jurisdictions import resolve_jurisdiction

if TYPE_CHECKING:  # the bundle's module imports the build, which imports this one
    from zyanalysis.data.tables import Tables

# ----------------------------------------------------------------------- tables


DERIVED_TABLES = ("departments", "department_mentions", "task_target_links")
"""Tables the build derives here from the parsed ones (columns in :mod:`zyanalysis.data.schemas`)."""


def derive_tables(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The derived department tables from the validated base tables (pure: reads no file)."""
    m = _mentions_from(frames)
    return {"departments": _department_table_from(m), "department_mentions": m,
            "task_target_links": _task_target_links_from(frames)}


MENTION_COLUMNS = ["dept_id", "raw", "subject_type", "subject_id", "subject_zh", "role", "role_en", "role_class",
                   "doc_id", "line", "source", "via"]


def _county_column_unit(cell: object, jurisdictions: pd.DataFrame) -> str | None:
    """The first token of a 000 县区 cell when it is a department rather than a county."""
    if not isinstance(cell, str) or not cell.strip():
        return None
    first = cell.split()[0]  # str.split: any whitespace, full-width spaces included
    if resolve_jurisdiction(first) is not None:
        return None
    return first if resolve_department(first) is not None else None


def _raw_mentions(t: Mapping[str, pd.DataFrame]) -> list[dict]:
    """Every (department name as written, subject, role) the documents state."""
    rows = []
    r = t["responsibilities"]
    for x in r[r.party_type == "department"].itertuples():
        rows.append(dict(raw=x.party_raw, name=x.party_zh, subject_type=x.subject_type, subject_id=x.subject_id,
                         subject_zh=x.subject_zh, role=x.role, role_en=x.role_en, doc_id=x.doc_id,
                         line=x.line, source=x.source, via=""))
    p = t["projects"]
    roles = {"lead_departments": ("牵头部门", "lead_department"),
             "responsible_departments": ("责任部门", "responsible_department")}
    for x in p.itertuples():
        for col, (role, role_en) in roles.items():
            cell = getattr(x, col)
            for name in (cell.split("、") if isinstance(cell, str) else []):
                rows.append(dict(raw=name, name=name, subject_type="project", subject_id=x.project_id,
                                 subject_zh=x.name_zh, role=role, role_en=role_en, doc_id=x.doc_id,
                                 line=x.line, source=x.source, via=""))
        unit = _county_column_unit(x.county_raw, t["jurisdictions"]) if x.registry == DRIVING_PROJECTS else None
        if unit:
            rows.append(dict(raw=unit, name=unit, subject_type="project", subject_id=x.project_id,
                             subject_zh=x.name_zh, role="县区(责任单位)", role_en="county_column_unit",
                             doc_id=x.doc_id, line=x.line, source=x.source, via=""))
        if x.registry == QINGHAI_FAIR:
            rows.append(dict(raw=x.group_zh, name=x.group_zh, subject_type="project", subject_id=x.project_id,
                             subject_zh=x.name_zh, role="责任单位", role_en="responsible_unit", doc_id=x.doc_id,
                             line=x.line, source=x.source, via=""))
    return rows


def _task_industries(t: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """001 task id → ganzhou_lead7 industry it names (tasks 1–7, 001:8–14: '推动综合能源产业…')."""
    ind = t["industries"]
    ind = ind[ind.taxonomy == "ganzhou_lead7"]
    r = t["responsibilities"]
    tasks = r[(r.doc_id == "001") & (r.subject_type == "task")].drop_duplicates("subject_id")
    out = {}
    for task in tasks.itertuples():
        hits = [i.industry_id for i in ind.itertuples() if i.name_zh in task.subject_zh]
        if len(hits) == 1:
            out[task.subject_id] = hits[0]
    return out


def _mentions_from(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The ``department_mentions`` table: one row per department × subject × role class, with the
    name as written (:data:`MENTION_COLUMNS`); ``role_class`` is lead / responsible / support;
    ``via`` is the 001 task tying a department to a Ganzhou leading industry ('' otherwise)."""
    rows = _raw_mentions(t)
    # an 001 task that names a Ganzhou leading industry makes its units responsible for the industry
    task_ind = _task_industries(t)
    ind_name = t["industries"].set_index("industry_id").name_zh
    rows += [dict(m, subject_type="industry", subject_id=task_ind[m["subject_id"]],
                  subject_zh=ind_name[task_ind[m["subject_id"]]], via=m["subject_id"])
             for m in list(rows) if m["subject_type"] == "task" and m["subject_id"] in task_ind]
    df = pd.DataFrame.from_records(rows)
    df["dept_id"] = [resolve_department(n) or resolve_department(r) or provisional(normalise_name(n)).dept_id
                     for n, r in zip(df.name, df.raw)]
    df["role_class"] = df.role_en.map(ROLE_CLASS).fillna("responsible")
    # the same department, subject and role class stated twice (responsibilities + project cell)
    df = df.drop_duplicates(["dept_id", "subject_type", "subject_id", "role_class", "via"])
    return df[MENTION_COLUMNS].reset_index(drop=True)


def unmapped_names(T: Tables) -> list[str]:
    """Names in the documents that the registry does not know (should be empty)."""
    m = T["department_mentions"]
    return sorted(set(m[m.dept_id.str.startswith("unmapped_")].raw.map(normalise_name)))


def _assessed_by(dept_id: str, m: pd.DataFrame) -> str | None:
    """'lead' / 'responsible' / None under 000's assessment (see module doc)."""
    d = BY_ID.get(dept_id)
    if d is None or d.level != "city":
        return None
    mine = m[(m.dept_id == dept_id) & (m.doc_id == "000")]
    if ((mine.subject_type == "industry") & (mine.role_en == "lead_department")).any():
        return "lead"
    if mine.role_en.isin(["lead_department", "responsible_department"]).any():
        return "responsible"
    return None


TABLE_COLUMNS = ["dept_id", "name_zh", "name_en", "level", "kind", "jurisdiction_id", "parent_id", "aliases",
                 "n_industries", "n_industries_lead", "n_projects", "n_projects_lead", "n_tasks", "n_tasks_lead",
                 "docs", "assessed_by", "note"]


def _department_table_from(m: pd.DataFrame) -> pd.DataFrame:
    """The ``departments`` table: one row per department the documents name (:data:`TABLE_COLUMNS`).

    ``aliases`` = other spellings: those in the rows counted, then those the registry knows from
    the documents' text (e.g. 市发改委, 004:323);
    ``n_industries`` / ``n_projects`` / ``n_tasks`` count distinct subjects in any role,
    ``*_lead`` those it leads (牵头); ``assessed_by`` = 000's system that scores it.
    """
    rows = []
    named = set(m.dept_id)
    ids = list(dict.fromkeys([d.dept_id for d in REGISTRY if d.dept_id in named]
                             + sorted(i for i in named if i not in BY_ID)))
    # distinct subjects per department and kind, in any role and as lead: counted once, not per id
    n_any = m.groupby(["dept_id", "subject_type"]).subject_id.nunique().to_dict()
    n_lead = m[m.role_class == "lead"].groupby(["dept_id", "subject_type"]).subject_id.nunique().to_dict()
    by_dept = dict(tuple(m.groupby("dept_id", sort=False)))
    for dept_id in ids:
        mine = by_dept[dept_id]
        d = BY_ID.get(dept_id) or provisional(normalise_name(mine.raw.iloc[0]))
        seen = sorted({normalise_name(x) for x in mine.raw} - {d.name_zh})
        count = {f"n_{kind}s" if kind != "industry" else "n_industries": int(n_any.get((dept_id, kind), 0))
                 for kind in ("industry", "project", "task")}
        count.update({f"{k}_lead": int(n_lead.get((dept_id, kind), 0))
                      for k, kind in (("n_industries", "industry"), ("n_projects", "project"), ("n_tasks", "task"))})
        rows.append(dict(
            dept_id=dept_id, name_zh=d.name_zh, name_en=d.name_en, level=d.level, kind=d.kind,
            jurisdiction_id=d.jurisdiction_id, parent_id=d.parent_id,
            aliases="、".join(dict.fromkeys([*seen, *d.aliases])) or None, **count,
            docs="、".join(sorted(set(mine.doc_id))), assessed_by=_assessed_by(dept_id, mine), note=d.note or None))
    df = pd.DataFrame.from_records(rows, columns=TABLE_COLUMNS)
    for c in TABLE_COLUMNS:
        df[c] = df[c].astype("Int64" if c.startswith("n_") else "string")
    return df


def reportable_departments(T: Tables, limit: int = 40) -> list[str]:
    """Departments that get a report in the default batch.

    All of them when there are at most ``limit``; otherwise the city departments 000 assesses
    (lead or responsible departments of 000) and Ganzhou's district departments.
    """
    t = T["departments"]
    if len(t) <= limit:
        return t.dept_id.tolist()
    keep = t.assessed_by.notna() | ((t.level == "district") & (t.jurisdiction_id == "ganzhou"))
    return t[keep].dept_id.tolist()


# ----------------------------------------------------------------------- one department's view


def department_row(T: Tables, dept_id: str) -> pd.Series:
    """The ``departments`` row of ``dept_id``; unknown ids raise ValueError listing valid ones."""
    t = T["departments"].set_index("dept_id", drop=False)
    if dept_id not in t.index:
        raise ValueError(f"unknown department {dept_id!r}; valid: {', '.join(t.index)}")
    return t.loc[dept_id]


def department_roles(T: Tables, dept_id: str) -> pd.DataFrame:
    """The mentions of one department (every subject and role, as the documents state them)."""
    department_row(T, dept_id)
    m = T["department_mentions"]
    return m[m.dept_id == dept_id].reset_index(drop=True)


def _others(m: pd.DataFrame, subject_ids: pd.Series, dept_id: str) -> dict[tuple[str, str], str]:
    """(subject_id, role_class) → the other departments in that role, 、-joined, in document order."""
    m = m[m.subject_id.isin(set(subject_ids)) & (m.dept_id != dept_id) & (m.via == "")]
    names = m.dept_id.map(lambda i: BY_ID[i].name_zh if i in BY_ID else i)
    return m.assign(n=names).groupby(["subject_id", "role_class"]).n.agg(lambda s: "、".join(dict.fromkeys(s))).to_dict()


def _with_roles(T: Tables, mine: pd.DataFrame, dept_id: str) -> pd.DataFrame:
    """Collapse a department's mentions to one row per subject (the strongest role first)."""
    order = {"lead": 0, "responsible": 1, "support": 2}
    mine = mine.assign(_o=mine.role_class.map(order)).sort_values(["_o"], kind="stable")
    first = mine.drop_duplicates("subject_id").drop(columns="_o")
    others = _others(T["department_mentions"], first.subject_id, dept_id)
    first = first.assign(
        co_lead=[others.get((s, "lead"), "") for s in first.subject_id],
        co_responsible=[others.get((s, "responsible"), "") for s in first.subject_id])
    return first


def department_industries(T: Tables, dept_id: str) -> pd.DataFrame:
    """Industries the department leads or is responsible for, with the other departments and leaders.

    000 附件1 for the city's ten eco-industries; 001 tasks 1–7 for Ganzhou's leading industries
    (``via`` names the task).
    """
    mine = department_roles(T, dept_id)
    mine = mine[mine.subject_type == "industry"]
    if mine.empty:
        return mine.assign(co_lead="", co_responsible="", leaders="", taxonomy="", name_en="")
    out = _with_roles(T, mine, dept_id)
    r = T["responsibilities"]
    leaders = (r[(r.subject_type == "industry") & (r.party_type == "person")].groupby("subject_id")
               .apply(lambda g: "、".join(f"{p}（{t}）" if isinstance(t, str) else p
                                          for p, t in zip(g.party_zh, g.title_zh)), include_groups=False))
    ind = T["industries"].set_index("industry_id")
    return out.assign(leaders=out.subject_id.map(leaders).fillna(""),
                      taxonomy=out.subject_id.map(ind.taxonomy), name_en=out.subject_id.map(ind.name_en))


def department_projects(T: Tables, dept_id: str) -> pd.DataFrame:
    """Projects (000 or 003 registry) the department leads or is responsible for: the projects
    table columns plus role, role_class and the name as written (``raw``)."""
    mine = department_roles(T, dept_id)
    mine = mine[mine.subject_type == "project"]
    out = _with_roles(T, mine, dept_id)[["subject_id", "role", "role_class", "raw"]]
    p = T["projects"]
    return p.merge(out.rename(columns={"subject_id": "project_id"}), on="project_id", how="inner")


def task_line_ranges(T: Tables, doc_id: str = "001") -> dict[str, tuple[int, int]]:
    """Task id → (first, last) line of its text in ``doc_id``.

    001 writes each task as one numbered paragraph; a task runs from its own line up to the line
    before the next task (a section heading in between carries no target). The last task ends
    on its own line (what follows is 三、保障措施 and the annexes). Only 001 is supported: 004's
    task blocks put targets before the responsibility lines, so a line range would mis-assign.
    """
    if doc_id != "001":
        raise ValueError("line ranges are defined for 001's tasks only")
    return _task_line_ranges_from(T["responsibilities"], doc_id)


def _task_line_ranges_from(r: pd.DataFrame, doc_id: str) -> dict[str, tuple[int, int]]:
    starts = (r[(r.doc_id == doc_id) & (r.subject_type == "task")].groupby("subject_id").line.min()
              .astype(int).sort_values())
    ids, lines = list(starts.index), list(starts.values)
    return {i: (int(a), int(lines[k + 1]) - 1 if k + 1 < len(lines) else int(a))
            for k, (i, a) in enumerate(zip(ids, lines))}


def department_tasks(T: Tables, dept_id: str) -> pd.DataFrame:
    """Tasks (001, 004) the department leads, is responsible for or supports, one row per task,
    with the other units and the number of targets linked to the task (001 only)."""
    mine = department_roles(T, dept_id)
    mine = mine[mine.subject_type == "task"]
    out = _with_roles(T, mine, dept_id)
    links = T["task_target_links"]
    n = links.groupby("task_id").size()
    return out.assign(n_targets=out.subject_id.map(n).fillna(0).astype(int))


def _task_target_links_from(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """001 targets whose line lies within a task's line range: task_id, target_id, task_lines
    (the ``task_target_links`` table)."""
    t = frames["targets"]
    t = t[t.doc_id == "001"]
    rows = []
    for task, (a, b) in _task_line_ranges_from(frames["responsibilities"], "001").items():
        for x in t[(t.line >= a) & (t.line <= b)].itertuples():
            rows.append(dict(task_id=task, target_id=x.target_id, task_lines=f"001:{a}" + (f"–{b}" if b > a else "")))
    return pd.DataFrame.from_records(rows, columns=["task_id", "target_id", "task_lines"])


CITY_GOAL = "000.zhangye.eco_industry_va_share_gdp.2025"
"""第三条 (000:1778): the goal the 000 assessment serves; linked to every department it assesses."""


def department_targets(T: Tables, dept_id: str) -> pd.DataFrame:
    """Targets tied to the department, targets-table columns plus ``via`` (how they are tied).

    * targets of 001 lines within a task the department is responsible for;
    * targets per industry (``industry_id``) of the industries it leads or is responsible for;
    * for departments 000 assesses, the city goal of 000 第三条 (eco-industry value added above
      half of GDP by 2025), which the 市级牵头部门 system scores (增加值及增速, 占GDP比重).
    """
    row = department_row(T, dept_id)
    t = T["targets"]
    parts = []
    tasks = department_tasks(T, dept_id)
    links = T["task_target_links"]
    links = links[links.task_id.isin(set(tasks.subject_id))]
    if len(links):
        via = links.groupby("target_id").apply(
            lambda g: "任务 task " + "、".join(f"{s.split('.')[-1]} ({l})" for s, l in zip(g.task_id, g.task_lines)),
            include_groups=False)
        parts.append(t[t.target_id.isin(via.index)].assign(via=lambda d: d.target_id.map(via)))
    inds = department_industries(T, dept_id)
    if len(inds):
        hit = t[t.industry_id.isin(set(inds.subject_id))]
        parts.append(hit.assign(via="产业 industry " + hit.industry_id))
    if pd.notna(row.assessed_by):
        parts.append(t[t.target_id == CITY_GOAL].assign(via="000 第三条 考核目标 assessment goal (000:1778)"))
    if not parts:
        return t.iloc[0:0].assign(via=pd.Series(dtype="string"))
    out = pd.concat(parts, ignore_index=True)
    return out.drop_duplicates("target_id").reset_index(drop=True)


def department_frameworks(T: Tables, dept_id: str) -> pd.DataFrame:
    """The 000 indicator rows (市级牵头部门 or 市级责任部门) that score the department; empty if none."""
    row = department_row(T, dept_id)
    fw = T["frameworks"]
    if pd.isna(row.assessed_by):
        return fw.iloc[0:0]
    return fw[fw.framework_id == f"000.{row.assessed_by}"].reset_index(drop=True)
