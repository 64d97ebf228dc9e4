"""People given two different titles in the issue."""
from __future__ import annotations

from .common import Ctx


def people(ctx: Ctx) -> None:
    """A person given two different titles in the issue (e.g. 副市长 here, 市委副书记 there)."""
    by: dict[str, list[tuple[str, int]]] = {}
    for name, title, line in ctx.persons:
        by.setdefault(name, []).append((title, line))

    def norm(t: str) -> str:
        return t.removeprefix("市政府")

    for name, seen in by.items():
        first_t = norm(seen[0][0])
        odd = [(t, ln) for t, ln in seen if norm(t) not in first_t and first_t not in norm(t)]
        if odd:
            same = sorted({ln for t, ln in seen if (t, ln) not in odd})
            ctx.res.finding(ctx.doc, odd[0][1], "person_two_titles", name,
                            f"{name} is {seen[0][0]} on line(s) {', '.join(map(str, same))} but {odd[0][0]} on "
                            f"line(s) {', '.join(str(ln) for _, ln in odd)}.")
