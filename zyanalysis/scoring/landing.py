"""Landing tracking of signed projects: 履约率, 开工率 and 资金到位率 per responsible unit or county.

Document 003 (青政办〔2017〕134号) sets the targets on line 15: "到2017年底，第十八届青洽会签约
项目履约率、开工率、资金到位率要分别达到70%、50%和15%以上；到2018年5月底，分别达到90%、80%和
30%以上", for the "300余项" projects signed at the fair (line 11), listed per 责任单位 in the
附件 table (lines 31–466, registry ``qinghai_fair18``). Document 000's 81 driving projects
(registry ``zhangye_eco_2019``) can be tracked the same way, per industry or per county.

Input (:func:`landing_template` writes it blank; ``zyanalysis template landing`` will write it
to a file): one row per project and reporting date.

==================  =====================================================================
column              meaning
==================  =====================================================================
project_id          ``projects.project_id`` (required)
as_of               reporting date ``YYYY-MM-DD``; a row whose as_of and status are all blank
                    is "not reported" and skipped
signed              签约 (bool). Blank = True for ``qinghai_fair18``: every project of 003's
                    table was signed at the fair (line 31: 签约项目责任分工表); for other
                    registries it must be given
contract_performed  履约 (bool, blank = not yet)
started             开工 (bool, blank = not yet)
funds_in_place_yi   资金到位, 亿元 (blank = 0)
note                free text
==================  =====================================================================

The template's context columns (registry, group_zh, jurisdiction_id, name_zh, investment_yi)
may stay in the file; they are ignored on reading (the projects table is the reference).

What each rate divides by. The notice calls all three rates rates *of the signed projects*
(签约项目履约率…, line 15); it defines none of them further, so:

* count basis: 履约率 = performed ÷ signed, 开工率 = started ÷ signed (projects);
* money basis: the same with each project weighted by its total investment (总投资额, the
  table's only amount, line 33), and 资金到位率 = Σ funds in place ÷ Σ total investment of the
  signed projects. The text is silent on the base of 资金到位率; total investment is the only
  per-project amount the table gives (签约金额 is given only as a province total, line 11).
  Projects without an investment figure are left out of the money basis (``n_no_investment``).
* Only the reported projects (a status row on or before the date) count; ``n_projects`` and
  ``n_reported`` show the coverage. A project counts as performed or started only if signed.

Targets apply by date: at an as_of date the applicable target is the latest one whose deadline
has passed (``due`` True); before the first deadline it is the first one ahead (``due``
False, shown but never "lagging"). A unit lags when a due target is not met (达到…以上: a rate
equal to the target meets it).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pandas as pd

from zyanalysis.data.parsers.base import ParseError, clean, parse_number, split_list
from zyanalysis.data.schemas import DRIVING_PROJECTS, QINGHAI_FAIR

STATUS_COLUMNS = ["project_id", "as_of", "signed", "contract_performed", "started", "funds_in_place_yi", "note"]
CONTEXT_COLUMNS = ["registry", "group_zh", "jurisdiction_id", "name_zh", "investment_yi"]
TEMPLATE_COLUMNS = ["project_id", *CONTEXT_COLUMNS, *STATUS_COLUMNS[1:]]
SIGNED_REGISTRIES = {QINGHAI_FAIR}  # registries whose every project was signed
LIST_COLUMNS = {"leaders", "lead_departments", "responsible_departments"}  # 、-joined cells
PREFIX = {QINGHAI_FAIR: "fair18", DRIVING_PROJECTS: "eco2019"}
RATE_SOURCE = "003:15"  # the line that names the three rates
ALL = "(all)"
NONE = "(none)"

INDICATORS = [  # (suffix, 中文, basis, numerator)
    ("contract_performance_rate", "履约率", "count", "performed"),
    ("start_rate", "开工率", "count", "started"),
    ("contract_performance_rate", "履约率", "money", "performed"),
    ("start_rate", "开工率", "money", "started"),
    ("funds_in_place_rate", "资金到位率", "money", "funds"),
]
RATE_COLUMNS = [
    "registry", "by", "unit", "as_of", "indicator_id", "indicator_zh", "basis", "numerator",
    "denominator", "rate_unit", "rate_pct", "n_projects", "n_reported", "n_signed",
    "n_no_investment", "source",
]

# ---------------------------------------------------------------- input


def landing_template(projects: pd.DataFrame) -> pd.DataFrame:
    """Blank status frame: one row per project, context columns filled, status columns empty."""
    t = projects[["project_id", *CONTEXT_COLUMNS]].copy().reset_index(drop=True)
    for c in STATUS_COLUMNS[1:]:
        t[c] = pd.Series([None] * len(t), dtype="object")
    return t[TEMPLATE_COLUMNS]


def read_status(path: str | Path) -> pd.DataFrame:
    """Read a status CSV (UTF-8, ``#`` lines are comments) as text cells, for :func:`validate_status`."""
    return pd.read_csv(path, comment="#", dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _blank(v: object) -> bool:
    """True for None, NaN, NA and whitespace-only cells."""
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and clean(v) == ""


def _bool(v: object, fail) -> bool | None:
    """true/false, 1/0, yes/no, 是/否 → bool; blank → None."""
    if _blank(v):
        return None
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in {"true", "1", "yes", "y", "是", "t", "1.0"}:
        return True
    if s in {"false", "0", "no", "n", "否", "f", "0.0"}:
        return False
    raise fail(f"expected true/false, found {v!r}")


def _date(v: object, fail) -> dt.date:
    """A date cell (date, Timestamp or 'YYYY-MM-DD')."""
    if isinstance(v, pd.Timestamp):
        return v.date()
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(clean(str(v)))
    except ValueError:
        raise fail(f"expected a date YYYY-MM-DD, found {v!r}") from None


def _funds(v: object, fail) -> float:
    """Funds in place, 亿元; blank → 0; negative or non-number is an error."""
    if _blank(v):
        return 0.0
    if isinstance(v, bool):
        raise fail(f"expected a number of 亿元, found {v!r}")
    try:
        x = float(v) if isinstance(v, (int, float)) else parse_number(str(v))
    except (ParseError, ValueError):
        raise fail(f"expected a number of 亿元, found {v!r}") from None
    if math.isnan(x) or math.isinf(x):
        raise fail(f"expected a number of 亿元, found {v!r}")
    if x < 0:
        raise fail(f"must not be negative, found {v!r}")
    return x


def validate_status(status: pd.DataFrame, projects: pd.DataFrame, *, today: dt.date | None = None,
                    name: str = "landing status") -> pd.DataFrame:
    """Typed, checked status rows (reported rows only), with the project's registry and investment.

    Raises :class:`~zyanalysis.parsers.base.ParseError` (a ``ValueError``) naming the row
    (1-based data row) and the field for: an unknown column, an unknown project_id, a bad or
    future date, a bad flag, negative or non-numeric funds, a duplicate project × date, a blank
    ``signed`` outside ``qinghai_fair18``. Warning-level problems go to the ``finding`` column
    (funds above the total investment; performed / started / funds while not signed).
    """
    today = today or dt.date.today()
    allowed = set(TEMPLATE_COLUMNS)
    unknown = [c for c in status.columns if c not in allowed]
    if unknown:
        raise ParseError(name, None, str(unknown[0]), f"unknown column(s) {unknown}; expected {STATUS_COLUMNS}")
    if "project_id" not in status.columns:
        raise ParseError(name, None, "project_id", "column missing")
    ref = projects.set_index("project_id")[["registry", "investment_yi"]]
    out, seen = [], {}
    for pos, rec in enumerate(status.to_dict("records"), start=1):
        row = _status_row(rec, pos, ref, today, name)
        if row is None:
            continue
        key = (row["project_id"], row["as_of"])
        if key in seen:
            raise ParseError(name, pos, "as_of", f"{key[0]} as of {key[1]} already given in row {seen[key]}")
        seen[key] = pos
        out.append(row)
    cols = ["row", "project_id", "registry", "as_of", "signed", "contract_performed", "started",
            "funds_in_place_yi", "investment_yi", "finding"]
    return pd.DataFrame.from_records(out, columns=cols)


def _status_row(rec: dict, pos: int, ref: pd.DataFrame, today: dt.date, name: str) -> dict | None:
    """Check one status row; None when the row reports nothing."""
    def fail_in(field: str):
        return lambda msg: ParseError(name, pos, field, msg)

    pid = "" if _blank(rec.get("project_id")) else clean(str(rec["project_id"]))
    if not pid:
        raise fail_in("project_id")("is empty")
    if pid not in ref.index:
        raise fail_in("project_id")(f"unknown project_id {pid!r} (not in the projects table)")
    status_cells = [rec.get(c) for c in STATUS_COLUMNS[1:6]]
    if all(_blank(v) for v in status_cells):
        return None  # a template row nobody filled in
    if _blank(rec.get("as_of")):
        raise fail_in("as_of")("is empty while the row reports a status")
    as_of = _date(rec["as_of"], fail_in("as_of"))
    if as_of > today:
        raise fail_in("as_of")(f"{as_of} is in the future (today is {today})")
    registry = ref.at[pid, "registry"]
    inv = ref.at[pid, "investment_yi"]
    inv = None if pd.isna(inv) else float(inv)
    signed = _bool(rec.get("signed"), fail_in("signed"))
    if signed is None:
        if registry not in SIGNED_REGISTRIES:
            raise fail_in("signed")(f"is empty; projects of {registry} are not all signed, say true or false")
        signed = True
    row = dict(row=pos, project_id=pid, registry=registry, as_of=as_of, signed=signed,
               contract_performed=bool(_bool(rec.get("contract_performed"), fail_in("contract_performed"))),
               started=bool(_bool(rec.get("started"), fail_in("started"))),
               funds_in_place_yi=_funds(rec.get("funds_in_place_yi"), fail_in("funds_in_place_yi")),
               investment_yi=inv)
    row["finding"] = _warnings(row)
    return row


def _warnings(r: dict) -> str:
    """Warning-level findings of one status row, '; '-joined ('' when none)."""
    w = []
    if r["investment_yi"] is not None and r["funds_in_place_yi"] > r["investment_yi"]:
        w.append(f"funds in place {r['funds_in_place_yi']:g}亿元 exceed the total investment "
                 f"{r['investment_yi']:g}亿元 of {r['project_id']}")
    if not r["signed"] and (r["contract_performed"] or r["started"] or r["funds_in_place_yi"] > 0):
        w.append(f"{r['project_id']} is reported performed/started/funded but not signed; not counted")
    return "; ".join(w)

# ---------------------------------------------------------------- rates


def latest_status(status: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per project, the latest validated status row dated on or before ``as_of``."""
    s = status[status["as_of"] <= as_of]
    return s.sort_values(["project_id", "as_of"]).groupby("project_id", sort=False).tail(1)


def landing_rates(status: pd.DataFrame, projects: pd.DataFrame, by: str = "group_zh", *,
                  as_of: dt.date | str | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """Landing rates per registry and unit of ``by`` (plus an ``'(all)'`` row), in long form.

    ``by`` is a projects column: ``group_zh`` (责任单位 in 003, industry in 000),
    ``jurisdiction_id`` (county in 000), or a 、-joined list column such as
    ``lead_departments`` (a project then counts for each department it names). ``status`` is
    the raw input (validated here, see :func:`validate_status`). ``as_of``
    (default: the latest date in ``status``) picks each project's latest report on or before
    it. Rates are in %, labelled ``basis`` 'count' (projects) or 'money' (亿元), see
    :data:`RATE_COLUMNS`; a rate with no signed project is NaN.
    """
    if by not in projects.columns:
        raise ValueError(f"projects has no column {by!r} to group by")
    st = validate_status(status, projects, today=today)
    if as_of is None:
        if st.empty:
            return pd.DataFrame(columns=RATE_COLUMNS)
        as_of = max(st["as_of"])
    if isinstance(as_of, dt.datetime):  # Timestamp too: compare dates with dates
        as_of = as_of.date()
    elif not isinstance(as_of, dt.date):
        as_of = dt.date.fromisoformat(str(as_of))
    latest = latest_status(st, as_of).drop(columns=["registry", "investment_yi"])
    units = _units(projects, by)
    whole = projects[["registry", "project_id"]].assign(unit=ALL)
    out = []
    for frame in (units, whole):
        for (registry, unit), agg in _aggregate(frame, latest, projects).iterrows():
            out += _unit_rates(registry, by, unit, agg, as_of)
    return pd.DataFrame.from_records(out, columns=RATE_COLUMNS)


def _units(projects: pd.DataFrame, by: str) -> pd.DataFrame:
    """(registry, project_id, unit) rows; list cells exploded, missing → '(none)'."""
    df = projects[["registry", "project_id", by]].rename(columns={by: "unit"})
    if by in LIST_COLUMNS:
        df = df.assign(unit=df["unit"].map(lambda v: split_list(v) if isinstance(v, str) else [])).explode("unit")
    df["unit"] = df["unit"].astype("object").where(df["unit"].notna(), NONE)
    return df


def _aggregate(units: pd.DataFrame, latest: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Per (registry, unit): project counts and the numerators / denominators of the rates."""
    inv = projects.set_index("project_id")["investment_yi"].astype("float64")
    df = units.merge(latest, on="project_id", how="left")
    df["investment_yi"] = df["project_id"].map(inv)
    reported = df["as_of"].notna()
    signed = reported & df["signed"].eq(True)
    money = signed & df["investment_yi"].notna()
    perf, start = df["contract_performed"].eq(True), df["started"].eq(True)
    invm = df["investment_yi"].where(money, 0.0)
    cols = pd.DataFrame({
        "registry": df["registry"], "unit": df["unit"], "n_projects": 1, "n_reported": reported.astype(int),
        "n_signed": signed.astype(int), "n_no_investment": (signed & ~money).astype(int),
        "count_performed": (signed & perf).astype(int), "count_started": (signed & start).astype(int),
        "money_base": invm, "money_performed": invm.where(perf, 0.0), "money_started": invm.where(start, 0.0),
        "money_funds": df["funds_in_place_yi"].where(money, 0.0),
    })
    return cols.groupby(["registry", "unit"], sort=False).sum()


def _unit_rates(registry: str, by: str, unit: str, agg: pd.Series, as_of: dt.date) -> list[dict]:
    """The five rates of one unit from its aggregated sums."""
    base = dict(registry=registry, by=by, unit=unit, as_of=as_of, n_projects=int(agg["n_projects"]),
                n_reported=int(agg["n_reported"]), n_signed=int(agg["n_signed"]),
                n_no_investment=int(agg["n_no_investment"]), source=RATE_SOURCE)
    rows = []
    for suffix, zh, basis, what in INDICATORS:
        den = float(agg["n_signed"]) if basis == "count" else float(agg["money_base"])
        num = float(agg[f"{basis}_{what}"])
        rows.append(dict(base, indicator_id=f"{PREFIX.get(registry, registry)}_{suffix}", indicator_zh=zh,
                         basis=basis, numerator=num, denominator=den,
                         rate_unit="projects" if basis == "count" else "亿元",
                         rate_pct=100.0 * num / den if den > 0 else float("nan")))
    return rows

# ---------------------------------------------------------------- targets


_DUE = re.compile(r"due (\d{4}-\d{2}-\d{2})")
_MONTH_END = re.compile(r"(\d{4})年(\d{1,2})月底")


def target_deadline(raw: str | None, target_year: int) -> dt.date:
    """The date a target falls due: '(due 2018-05-31)' or '到2018年5月底' → that date; else 31 Dec."""
    s = raw or ""
    m = _DUE.search(s)
    if m:
        return dt.date.fromisoformat(m.group(1))
    m = _MONTH_END.search(s)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        return (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1))
    return dt.date(int(target_year), 12, 31)


def _applicable(cands: list[dict], as_of: dt.date) -> tuple[dict | None, bool]:
    """The target that applies on ``as_of`` (``cands`` sorted by deadline): the latest whose
    deadline has passed (due), else the first ahead (not due)."""
    if not cands:
        return None, False
    passed = [c for c in cands if c["deadline"] <= as_of]
    return (passed[-1], True) if passed else (cands[0], False)


def _meets(rate: float, comparator: str, target: float) -> bool | None:
    """Whether ``rate`` satisfies ``comparator target`` (None when the rate is unknown)."""
    if rate is None or math.isnan(rate):
        return None
    return {">=": rate >= target, ">": rate > target, "<=": rate <= target, "<": rate < target,
            "=": rate == target}.get(comparator)


def landing_against_targets(rates: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Each rate beside the target that applies on its date, with the gap and a ``lagging`` flag.

    Targets are matched on ``indicator_id`` (e.g. ``fair18_start_rate``); the province-wide
    targets of 003 line 15 apply to every unit. Adds target_id, target_source, comparator,
    target_pct, deadline, due, gap_pp (rate − target, percentage points), meets, lagging
    (a due target not met). Rates without a target keep NaN / NA there.
    """
    wanted = set(rates["indicator_id"])
    by_ind: dict[str, list[dict]] = {}
    for t in targets[targets["indicator_id"].isin(wanted)].to_dict("records"):
        t["deadline"] = target_deadline(t["raw"], t["target_year"])
        by_ind.setdefault(t["indicator_id"], []).append(t)
    for v in by_ind.values():
        v.sort(key=lambda t: t["deadline"])
    out = []
    for r in rates.to_dict("records"):
        tgt, due = _applicable(by_ind.get(r["indicator_id"], []), r["as_of"])
        if tgt is None:
            out.append(dict(r, target_id=None, target_source=None, comparator=None, target_pct=float("nan"),
                            deadline=None, due=pd.NA, gap_pp=float("nan"), meets=pd.NA, lagging=pd.NA))
            continue
        meets = _meets(r["rate_pct"], tgt["comparator"], float(tgt["target_value"]))
        out.append(dict(r, target_id=tgt["target_id"], target_source=tgt["source"], comparator=tgt["comparator"],
                        target_pct=float(tgt["target_value"]), deadline=tgt["deadline"], due=due,
                        gap_pp=r["rate_pct"] - float(tgt["target_value"]),
                        meets=pd.NA if meets is None else meets,
                        lagging=pd.NA if meets is None else (due and not meets)))
    df = pd.DataFrame.from_records(out, columns=[*RATE_COLUMNS, "target_id", "target_source", "comparator",
                                                 "target_pct", "deadline", "due", "gap_pp", "meets", "lagging"])
    for c in ("due", "meets", "lagging"):
        df[c] = df[c].astype("boolean")
    return df


def lagging_units(comparison: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`landing_against_targets` that lag a due target, worst gap first."""
    lag = comparison[comparison["lagging"].fillna(False)]
    return lag.sort_values(["indicator_id", "basis", "gap_pp"]).reset_index(drop=True)
