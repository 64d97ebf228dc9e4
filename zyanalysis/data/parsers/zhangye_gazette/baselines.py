"""Each target's 2023 baseline, and the targets below it."""
from __future__ import annotations

from ..base import fmt, is_worse
from .common import Ctx


def link_baselines(ctx: Ctx) -> None:
    """Give each target the 2023 observation of its indicator as baseline; flag targets below it."""
    obs = {(o["jurisdiction_id"], o["indicator_id"]): o for o in ctx.res.observations}
    for t in ctx.res.targets:
        o = obs.get((t["jurisdiction_id"], t["indicator_id"]))
        if o is None or o["year"] >= t["target_year"] or o["unit"] != t["unit"]:
            continue
        t["base_value"], t["base_value_year"] = o["value"], o["year"]
        v = t["target_value"]
        if t["comparator"] in (">=", ">", "=") and t["higher_is_better"] and is_worse(v, o["value"], True):
            ctx.res.finding(ctx.doc, t["line"], "target_below_baseline", t["indicator_zh"],
                            f"The {t['target_year']} target for {t['indicator_en']} on line {t['line']} "
                            f"({fmt(v)} {t['unit']}) is below its {o['year']} level on line {o['line']} "
                            f"({fmt(o['value'])} {o['unit']}).",
                            stated=v, computed=o["value"], unit=t["unit"], jurisdiction_id=t["jurisdiction_id"])
