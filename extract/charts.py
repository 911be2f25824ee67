"""Charts of the report: per metric, each subject's values as its sources give them, as inline SVG.

Drawn with matplotlib (its SVG backend, text left as text so that the browser sets Chinese names in its own
fonts; no date, fixed ids: the same claims give the same bytes). One row per subject and period, one mark
per claim and source (a bar for a range, a dot for a value, an arrow for a bound), one colour per source:
two sources that disagree about one row stand apart at a glance.
"""

from __future__ import annotations

import io
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass

from .display import fit, number, scale_for

MIN_CLAIMS = 3  # a metric gets a chart when this many claims with a subject share its commonest unit
MAX_ROWS = 24  # subjects and periods on one chart: the most stated, the contested first
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#7f7f7f", "#393b79", "#ad494a", "#637939", "#8c6d31", "#7b4173", "#3182bd", "#e6550d", "#31a354")
LABEL = 30  # columns of a subject's name on an axis
MARKERS = {"gt": ">", "ge": ">", "lt": "<", "le": "<"}
# Deterministic SVG: fixed ids, no date, text as text (set by the browser, in its fonts).
SVG_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "extract-report", "font.size": 9}


@dataclass(frozen=True)
class Chart:
    metric: str
    unit: str  # as shown: `%`, `USD/GPU-hour`, `bn USD`
    rows: int
    claims: int
    svg: str


def source_colours(sources: list[str]) -> dict[str, str]:
    """A colour per source, in the order given (the same in every chart of a report)."""
    return {s: PALETTE[k % len(PALETTE)] for k, s in enumerate(sources)}


def _unit_key(c: dict) -> tuple[str, str, str]:
    return (c["unit"] or "", c.get("per") or "", c.get("item") or "")


def charts(claims: list[dict], colours: dict[str, str], contested: set[str] = frozenset(),
           min_claims: int = MIN_CLAIMS, max_rows: int = MAX_ROWS) -> list[Chart]:
    """A chart per metric with enough claims, in the metrics' order of claims (most first). `contested`:
    ids of claims that independent sources contradict, whose rows are shown first."""
    by_metric: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        if c["subject"] and c["metric"] and c["metric"] != "other":
            by_metric[c["metric"]].append(c)
    out = []
    for metric, found in sorted(by_metric.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        units = Counter(_unit_key(c) for c in found)
        unit = min(units, key=lambda u: (-units[u], u))
        chosen = [c for c in found if _unit_key(c) == unit]
        if len(chosen) < min_claims:
            continue
        out.append(_chart(metric, unit, chosen, colours, contested, max_rows))
    return out


def _chart(metric: str, unit: tuple[str, str, str], claims: list[dict], colours: dict[str, str],
           contested: set[str], max_rows: int) -> Chart:
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter

    rows: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in claims:
        rows[(c["subject"], c["period"] or "")].append(c)
    ranked = sorted(rows, key=lambda r: (-any(c["claim_id"] in contested for c in rows[r]),
                                         -sum(c["n_mentions"] for c in rows[r]), r))[:max_rows]
    shown = sorted(ranked, key=lambda r: (r[0].casefold(), r[1]))
    top = max(max(abs(c["value_low"]), abs(c["value_high"])) for r in shown for c in rows[r])
    divisor, word, written = scale_for(unit[0], top)
    label = " ".join(filter(None, [word, unit[2] if unit[0] == "count" and unit[2] else written]))
    label += f"/{unit[1]}" if unit[1] else ""
    values = [v / divisor for r in shown for c in rows[r] for v in (c["value_low"], c["value_high"])]
    logarithmic = min(values) > 0 and max(values) / min(values) > 100

    with _quiet(), rc_context(SVG_SETTINGS):
        fig = Figure(figsize=(6.6, 1.0 + 0.36 * len(shown)))
        ax = fig.add_subplot()
        used: dict[str, str] = {}
        for y, row in enumerate(reversed(shown)):
            marks = [(c, s) for c in sorted(rows[row], key=lambda c: (c["value_low"], c["value_high"]))
                     for s in c["sources"]]
            for k, (c, source) in enumerate(marks):
                dy = 0 if len(marks) == 1 else -0.28 + 0.56 * k / (len(marks) - 1)
                colour = colours.get(source, "#444444")
                used[source] = colour
                low, high = c["value_low"] / divisor, c["value_high"] / divisor
                if high > low:
                    ax.plot([low, high], [y + dy, y + dy], color=colour, linewidth=5, solid_capstyle="round",
                            alpha=0.85)
                else:
                    ax.plot([low], [y + dy], marker=MARKERS.get(c["qualifier"], "o"), color=colour, markersize=7,
                            linestyle="none")
        ax.set_yticks(range(len(shown)))
        ax.set_yticklabels([f"{fit(s, LABEL)} · {p or 'no period'}" for s, p in reversed(shown)])
        ax.set_ylim(-0.6, len(shown) - 0.4)
        if logarithmic:
            ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: number(x)))
        ax.set_xlabel(label)
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_title(f"{metric} ({label})", loc="left", fontsize=11)
        handles = [Line2D([], [], color=colour, marker="o", linestyle="none", label=source)
                   for source, colour in sorted(used.items())]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False,
                  title="sources", title_fontsize=8)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    return Chart(metric, label, len(shown), sum(len(rows[r]) for r in shown), svg)


class _quiet:
    """Glyph warnings silenced: the SVG keeps text as text, and the browser has the fonts matplotlib lacks."""

    def __enter__(self):
        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph.*missing.*")
        return self

    def __exit__(self, *exc) -> None:
        self._catch.__exit__(*exc)
