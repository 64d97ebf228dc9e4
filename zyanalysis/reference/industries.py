"""The industry crosswalk: one stable sector slug shared by an industry's entries in the lists.

Three documents declare industry lists with their own ids: 000's ten eco-industries
(``zhangye_eco10``), 002's ten green industries (``gansu_green10``) and 001's seven leading
industries (``ganzhou_lead7``). The city's and the province's lists name the same ten industries
(000:5–88, 002:80–213), with ids that diverge (``chinese_medicine`` / ``tcm``). The crosswalk
(``industry_crosswalk.csv``: industry_id, sector, why — the two lines naming it) gives each pair
one ``sector``; Ganzhou's seven are not any of the ten by name and have none. The build writes
the sector into the ``industries`` table; reports find an industry's namesakes through it.
"""
from __future__ import annotations

import csv
from pathlib import Path

CROSSWALK = Path(__file__).with_name("industry_crosswalk.csv")


def sectors() -> dict[str, str]:
    """industry_id → sector slug, for every industry the crosswalk lists (read each time: 21 rows,
    and an edit must reach the next build in the same process)."""
    with CROSSWALK.open(encoding="utf-8", newline="") as f:
        return {r["industry_id"]: r["sector"] for r in csv.DictReader(f)}
