"""Seed quality figures, computed without ../shared: the matching rules of CLAIMS.md §4.

A prediction matches a gold mention when their spans overlap in the same source (largest overlap first,
one to one). Full match adds equal values, unit and per. Optional gold mentions count neither way.
Deduplication is pairwise "same claim" over fully matched mentions.
"""

from __future__ import annotations

import math
from itertools import combinations
from pathlib import PurePath


def _blank(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    s = str(v).strip()
    return "" if s.lower() in ("", "null", "none", "nan") else s


def _same(a, b) -> bool:
    a, b = _blank(a), _blank(b)
    if not a or not b:
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _full(g: dict, p: dict) -> bool:
    return (_same(g.get("value_low"), p.get("value_low")) and _same(g.get("value_high"), p.get("value_high"))
            and _blank(g.get("unit")) == _blank(p.get("unit")) and _blank(g.get("per")) == _blank(p.get("per")))


def _greedy(pairs):
    used_g, used_p, out = set(), set(), []
    for _, gi, pi, g, p in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((g, p))
    return out


def _f1(tp: int, n_pred: int, n_gold: int) -> float:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: list[dict], pred: list[dict]) -> dict[str, float]:
    """full_f1, qualifier, metric, period accuracy and dedup_f1 of predicted mentions against gold."""
    by_src: dict[str, tuple[list, list]] = {}
    for i, g in enumerate(gold):
        by_src.setdefault(PurePath(g["source"]).name, ([], []))[0].append((i, g))
    for i, p in enumerate(pred):
        by_src.setdefault(PurePath(p["source"]).name, ([], []))[1].append((i, p))
    n_gold = sum(1 for g in gold if not g.get("optional"))
    matched, counted_pred = [], 0
    for gs, ps in by_src.values():
        pairs = []
        near_optional = set()
        for gi, g in gs:
            for pi, p in ps:
                ov = min(g["end"], int(p["end"])) - max(g["start"], int(p["start"]))
                if ov > 0:
                    if g.get("optional"):
                        near_optional.add(pi)
                    elif _full(g, p):
                        pairs.append((ov, gi, pi, g, p))
        hits = _greedy(pairs)
        hit_p = {id(p) for _, p in hits}
        counted_pred += sum(1 for pi, p in ps if id(p) in hit_p or pi not in near_optional)
        matched += hits

    def acc(field: str, default: str = "") -> float:
        ok = sum((_blank(g.get(field)) or default) == (_blank(p.get(field)) or default) for g, p in matched)
        return ok / len(matched) if matched else 0.0

    both = same_g = same_p = 0
    for (g1, p1), (g2, p2) in combinations(matched, 2):
        sg = _blank(g1.get("claim")) != "" and g1.get("claim") == g2.get("claim")
        sp = _blank(p1.get("claim_id")) != "" and p1.get("claim_id") == p2.get("claim_id")
        same_g += sg
        same_p += sp
        both += sg and sp
    return {
        "full_f1": _f1(len(matched), counted_pred, n_gold),
        "qualifier": acc("qualifier", "exact"),
        "metric": acc("metric"),
        "period": acc("period"),
        "dedup_f1": _f1(both, same_p, same_g),
    }
