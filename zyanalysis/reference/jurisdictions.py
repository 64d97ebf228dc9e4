"""Reference table of jurisdictions, and name resolution against it.

The jurisdictions are few and fixed, so they are declared here rather than parsed: the
province, the city, its six counties and the development zone (seeds README; 004 lists the same
seven units in its wage-payment assessment; 000 assesses the six 县区 only), plus the neighbouring province of document 003.
"""
from __future__ import annotations

import pandas as pd


# id, Chinese, English, level, parent, aliases (as they occur in the documents), assessed, order
_JURISDICTIONS = [
    ("gansu", "甘肃省", "Gansu Province", "province", None, "甘肃", False, 1),
    ("zhangye", "张掖市", "Zhangye City", "city", "gansu", "张掖、全市、市级", False, 2),
    ("ganzhou", "甘州区", "Ganzhou District", "county", "zhangye", "甘州", True, 3),
    ("linze", "临泽县", "Linze County", "county", "zhangye", "临泽", True, 4),
    ("gaotai", "高台县", "Gaotai County", "county", "zhangye", "高台", True, 5),
    ("shandan", "山丹县", "Shandan County", "county", "zhangye", "山丹", True, 6),
    ("minle", "民乐县", "Minle County", "county", "zhangye", "民乐", True, 7),
    ("sunan", "肃南裕固族自治县", "Sunan Yugur Autonomous County", "county", "zhangye",
     "肃南县、肃南", True, 8),
    ("zhangye_edz", "张掖经济技术开发区", "Zhangye Economic and Technological Development Zone",
     "zone", "zhangye", "张掖经开区、经开区、张掖经济技术开发区管委会", False, 9),
    ("qinghai", "青海省", "Qinghai Province", "province", None, "青海", False, 10),
]

ASSESSED_UNITS = [r[0] for r in _JURISDICTIONS if r[6]]
"""The six 县区 whose governments 000 assesses (第四条, 000:1779: 绩效考核对象为县区政府…), in
document order. 张掖经开区 is not a 县区 and is not among them."""

WAGE_ASSESSED_UNITS = [*ASSESSED_UNITS, "zhangye_edz"]
"""The seven units of 004's wage-payment assessment (各县区政府、张掖经开区, 004:682)."""

REPORT_UNITS = [r[0] for r in _JURISDICTIONS if r[4] == "zhangye" and r[3] in ("county", "zone")]
"""County-level units with a report of their own: the six 县区 and 张掖经开区."""


COLUMNS = ["jurisdiction_id", "name_zh", "name_en", "level", "parent_id", "aliases", "assessed_unit",
           "sort_order"]


def jurisdictions() -> pd.DataFrame:
    """The jurisdictions as a frame (the build validates it as the ``jurisdictions`` table)."""
    df = pd.DataFrame([dict(zip(COLUMNS, r)) for r in _JURISDICTIONS], columns=COLUMNS)
    return df.astype({"jurisdiction_id": "string", "name_zh": "string", "name_en": "string",
                      "level": "string", "parent_id": "string", "aliases": "string",
                      "assessed_unit": "boolean", "sort_order": "Int64"})


def jurisdiction_names() -> dict[str, tuple[str, str]]:
    """jurisdiction id → (Chinese name, English name); a plain dict, cheap to call per label."""
    return _NAMES


_NAMES = {r[0]: (r[1], r[2]) for r in _JURISDICTIONS}


def _index() -> dict[str, str]:
    idx: dict[str, str] = {}
    for r in _JURISDICTIONS:
        idx[r[0]] = r[0]
        idx[r[1]] = r[0]
        idx[r[2].lower()] = r[0]
        for a in (r[5] or "").split("、"):
            if a:
                idx[a] = r[0]
    return idx


_IDX = _index()


def resolve_jurisdiction(name: str) -> str | None:
    """Jurisdiction id for an id, Chinese name, alias or English name; ``None`` if unknown.

    Spaces are ignored ('肃 南 县' → 'sunan').
    """
    key = "".join((name or "").split()).replace("\u3000", "")
    return _IDX.get(key) or _IDX.get(key.lower()) or _IDX.get((name or "").strip().lower())


def find_jurisdiction(text: str) -> str | None:
    """The first county-level unit whose name or alias occurs in ``text`` (longest match wins)."""
    best: tuple[int, int, str] | None = None
    for key, jid in _IDX.items():
        if len(key) < 2 or not any("\u4e00" <= ch <= "\u9fff" for ch in key):
            continue
        pos = text.find(key)
        if pos >= 0 and (best is None or (pos, -len(key)) < (best[0], best[1])):
            best = (pos, -len(key), jid)
    return best[2] if best else None
