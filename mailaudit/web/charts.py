"""The report's charts as geometry (numbers and class names) that the templates
turn into SVG: no inline styles or scripts, so the CSP needs no exceptions."""

from __future__ import annotations

from typing import Any

from ..output.report import LEVELS, Report


def weekly_bars(report: Report, width: int = 960, height: int = 200) -> dict[str, Any]:
    """Findings per week stacked by level, with a y scale and a few date labels."""
    weeks = report.weeks
    chart: dict[str, Any] = {"width": width, "height": height, "rects": [], "labels": [], "grid": []}
    if not weeks:
        return chart
    stacks = []
    for i in range(len(weeks)):
        per_level = dict.fromkeys(LEVELS, 0)
        for r in report.by_rule:
            per_level[r.level] = per_level.get(r.level, 0) + r.weekly[i]
        stacks.append(per_level)
    top = max((sum(s.values()) for s in stacks), default=0) or 1
    left, plot_h = 44, height - 30
    step = (width - left - 4) / len(weeks)
    bar_w = max(1.0, step * 0.72)
    for frac in (0, 0.5, 1):
        y = 6 + plot_h - frac * plot_h
        chart["grid"].append({"x1": left, "x2": width, "y": round(y, 1), "label": round(top * frac),
                              "ly": round(y + 4, 1), "lx": left - 6})
    every = max(1, -(-len(weeks) // 9))
    for i, (week, stack) in enumerate(zip(weeks, stacks, strict=True)):
        x = left + i * step + (step - bar_w) / 2
        y = 6 + plot_h
        for level in ("info", "warning", "error"):
            h = stack.get(level, 0) / top * plot_h
            if h > 0:
                y -= h
                chart["rects"].append({"x": round(x, 1), "y": round(y, 1), "w": round(bar_w, 1),
                                       "h": round(h, 1), "cls": f"lv-{level}",
                                       "title": f"{week} {level}: {stack[level]}", "week": week.isoformat()})
        if i % every == 0:
            chart["labels"].append({"x": round(x + bar_w / 2, 1), "y": height - 6, "text": week.isoformat()})
    return chart


def sparkline(values: list[int], width: int = 200, height: int = 24) -> list[dict[str, float]]:
    """Bars of one rule's findings per week, as in the HTML report's trend column."""
    top = max(values, default=0) or 1
    step = width / max(1, len(values))
    bar_w = max(1.0, step * 0.75)
    return [{"x": round(i * step, 1), "y": round(height - v / top * height, 1), "w": round(bar_w, 1),
             "h": round(v / top * height, 1)} for i, v in enumerate(values) if v]


def sender_bars(senders: list, width: int = 200) -> list[int]:
    """Bar widths (px) for the senders on one page, the first page's scale."""
    most = max((s.findings for s in senders), default=1) or 1
    return [max(1, round(s.findings / most * width)) for s in senders]


__all__ = ["sender_bars", "sparkline", "weekly_bars"]
