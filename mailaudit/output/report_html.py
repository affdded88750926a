"""The report as one self-contained HTML page (inline CSS and SVG, no scripts,
no fonts or images from anywhere): safe to attach to a mail or open offline."""

from __future__ import annotations

from html import escape

from .i18n import t
from .report import LEVELS, Report

COLORS = {"error": "#c0392b", "warning": "#e08e0b", "info": "#3b7dd8"}

CSS = """
:root { --ink:#1f2328; --muted:#656d76; --line:#d8dee4; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font:14px/1.5 -apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",
  "Noto Sans SC","WenQuanYi Micro Hei",Helvetica,Arial,sans-serif; }
main { max-width:1040px; margin:0 auto; padding:28px 24px 40px; }
h1 { font-size:22px; margin:0 0 2px; }
h2 { font-size:16px; margin:28px 0 10px; }
.sub { color:var(--muted); margin:0 0 18px; }
.cards { display:grid; grid-template-columns:repeat(5,1fr); gap:12px; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
.card .n { font-size:24px; font-weight:600; }
.card .l { color:var(--muted); font-size:12px; }
.panel { background:#fff; border:1px solid var(--line); border-radius:8px; padding:14px 16px; }
table { border-collapse:collapse; width:100%; }
th { text-align:left; font-weight:600; color:var(--muted); font-size:12px;
  border-bottom:1px solid var(--line); padding:6px 8px; }
td { border-bottom:1px solid #eef1f4; padding:6px 8px; vertical-align:middle; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
td.nowrap { white-space:nowrap; }
tr:last-child td { border-bottom:none; }
.badge { display:inline-block; border-radius:10px; padding:0 8px; font-size:12px; color:#fff; }
.bar { height:14px; border-radius:3px; background:#e08e0b; }
.bartrack { background:#f0f2f4; border-radius:3px; width:100%; }
.chip { display:inline-block; background:#f0f2f4; border-radius:4px; padding:0 6px;
  margin:1px 2px; font-size:12px; color:#444; }
.up { color:#c0392b; } .down { color:#1a7f37; } .flat { color:var(--muted); }
.legend span { display:inline-block; margin-right:14px; font-size:12px; color:var(--muted); }
.legend i { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:4px; }
.muted { color:var(--muted); }
footer { color:var(--muted); font-size:12px; margin-top:28px; }
@media print { body { background:#fff; } .panel,.card { border-color:#ccc; } }
"""


def _badge(level: str) -> str:
    return f'<span class="badge" style="background:{COLORS.get(level, "#888")}">{escape(level)}</span>'


def _weekly_chart(report: Report, lang: str, width: int = 980, height: int = 200) -> str:
    """Findings per week, stacked by level, with a few date labels."""
    weeks = report.weeks
    if not weeks:
        return f'<p class="muted">{escape(t("html-no-dated", lang))}</p>'
    stacks = []
    for i in range(len(weeks)):
        per_level = {lv: 0 for lv in LEVELS}
        for r in report.by_rule:
            per_level[r.level] = per_level.get(r.level, 0) + r.weekly[i]
        stacks.append(per_level)
    top = max((sum(s.values()) for s in stacks), default=0) or 1
    left, bottom, plot_h = 44, 22, height - 30
    step = (width - left - 4) / len(weeks)
    bar_w = max(1.0, step * 0.72)
    parts = [f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{escape(t("html-chart-label", lang))}">']
    for frac in (0, 0.5, 1):
        y = 6 + plot_h - frac * plot_h
        parts.append(f'<line x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e6e9ed"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
                     f'fill="#656d76">{round(top * frac)}</text>')
    label_every = max(1, -(-len(weeks) // 9))
    for i, (week, stack) in enumerate(zip(weeks, stacks, strict=True)):
        x = left + i * step + (step - bar_w) / 2
        y = 6 + plot_h
        for level in ("info", "warning", "error"):
            h = stack.get(level, 0) / top * plot_h
            if h > 0:
                y -= h
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                    f'fill="{COLORS[level]}"><title>{week} {level}: {stack[level]}</title></rect>'
                )
        if i % label_every == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" font-size="11" '
                         f'text-anchor="middle" fill="#656d76">{week:%Y-%m-%d}</text>')
    parts.append("</svg>")
    legend = "".join(f'<span><i style="background:{COLORS[lv]}"></i>{lv}</span>' for lv in LEVELS)
    return f'<div class="legend">{legend}</div>' + "".join(parts)


def _sparkline(values: list[int], color: str, width: int = 220, height: int = 28) -> str:
    if not values:
        return ""
    top = max(values) or 1
    step = width / len(values)
    bar_w = max(1.0, step * 0.75)
    bars = "".join(
        f'<rect x="{i * step:.1f}" y="{height - v / top * height:.1f}" width="{bar_w:.1f}" '
        f'height="{v / top * height:.1f}" fill="{color}"/>'
        for i, v in enumerate(values)
        if v
    )
    return (f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
            f'<line x1="0" x2="{width}" y1="{height - 0.5}" y2="{height - 0.5}" stroke="#e6e9ed"/>'
            f"{bars}</svg>")


def _trend(values: list[int]) -> str:
    """Last four weeks against the four before."""
    if len(values) < 2:
        return '<span class="flat">–</span>'
    recent, before = sum(values[-4:]), sum(values[-8:-4])
    if recent == before:
        return '<span class="flat">→ 0</span>'
    sign = "up" if recent > before else "down"
    arrow = "▲" if recent > before else "▼"
    return f'<span class="{sign}">{arrow} {recent - before:+d}</span>'


def render_html(report: Report, title: str | None = None, lang: str = "en") -> str:
    title = title or t("report-title", lang)
    span = t("html-span", lang, since=report.since or t("html-first", lang), until=report.until or t("html-latest", lang))
    share = f"{report.flagged / report.messages:.0%}" if report.messages else "–"
    cards = [
        (f"{report.messages:,}", t("html-card-messages", lang)),
        (share, t("html-card-flagged", lang)),
        *((f"{report.by_level.get(lv, 0):,}", t(f"html-card-{lv}", lang)) for lv in LEVELS),
    ]
    generated = t("html-generated", lang, at=f"{report.generated:%Y-%m-%d %H:%M}", timezone=report.timezone)
    no_findings = escape(t("html-no-findings", lang))
    out = [
        f"<!doctype html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="sub">{escape(span)} · {escape(generated)}</p>',
        '<div class="cards">',
        *(f'<div class="card"><div class="n">{n}</div><div class="l">{escape(label)}</div></div>'
          for n, label in cards),
        "</div>",
        f"<h2>{escape(t('html-per-week', lang))}</h2>",
        f'<div class="panel">{_weekly_chart(report, lang)}</div>',
        f"<h2>{escape(t('html-trend', lang))}</h2>",
        f'<div class="panel"><table><tr><th>{escape(t("html-col-rule", lang))}</th>'
        f'<th>{escape(t("html-col-level", lang))}</th><th class="num">{escape(t("html-col-findings", lang))}</th>'
        f'<th class="num">{escape(t("html-col-messages", lang))}</th><th>{escape(t("html-col-per-week", lang))}</th>'
        f'<th class="num" title="{escape(t("html-col-change-title", lang))}">{escape(t("html-col-change", lang))}</th>'
        "</tr>",
    ]
    for r in report.by_rule:
        out.append(
            f"<tr><td>{escape(r.rule)}</td><td>{_badge(r.level)}</td>"
            f'<td class="num">{r.count:,}</td><td class="num">{r.messages:,}</td>'
            f"<td>{_sparkline(r.weekly, COLORS.get(r.level, '#888'))}</td>"
            f'<td class="num">{_trend(r.weekly)}</td></tr>'
        )
    if not report.by_rule:
        out.append(f'<tr><td colspan="6" class="muted">{no_findings}</td></tr>')
    out.append("</table></div>")

    out.append(f"<h2>{escape(t('html-top-senders', lang))}</h2>")
    out.append(f'<div class="panel"><table><tr><th>{escape(t("html-col-sender", lang))}</th>'
               f'<th style="width:34%">{escape(t("html-col-findings", lang))}</th>'
               f'<th class="num">{escape(t("html-col-flagged", lang))}</th>'
               f'<th>{escape(t("html-col-frequent", lang))}</th></tr>')
    most = max((s.findings for s in report.by_sender), default=1) or 1
    for s in report.by_sender:
        who = f"{escape(s.name)} <span class='muted'>&lt;{escape(s.sender)}&gt;</span>" if s.name \
            else escape(s.sender)
        chips = "".join(f'<span class="chip">{escape(rule)} {n}</span>' for rule, n in s.top_rules)
        out.append(
            f"<tr><td>{who}</td><td><div style='display:flex;align-items:center;gap:8px'>"
            f"<div class='bartrack'><div class='bar' style='width:{s.findings / most:.0%}'></div></div>"
            f"<span class='num'>{s.findings:,}</span></div></td>"
            f'<td class="num">{s.flagged:,} / {s.messages:,}</td><td>{chips}</td></tr>'
        )
    if not report.by_sender:
        out.append(f'<tr><td colspan="4" class="muted">{no_findings}</td></tr>')
    out.append("</table></div>")

    if report.history:
        out.append(f"<h2>{escape(t('html-history', lang))}</h2>")
        out.append(f'<div class="panel"><table><tr><th>{escape(t("html-col-day", lang))}</th>'
                   f'<th>{escape(t("html-col-rule", lang))}</th><th>{escape(t("html-col-from", lang))}</th>'
                   f'<th>{escape(t("html-col-what", lang))}</th></tr>')
        for row in report.history[:40]:
            out.append(
                f"<tr><td class='nowrap'>{escape(row['day'])}</td>"
                f"<td class='nowrap'>{escape(row['rule'])}</td>"
                f"<td>{escape(row['sender'])}</td><td>{escape(row['message'])}</td></tr>"
            )
        more = len(report.history) - 40
        if more > 0:
            out.append(f'<tr><td colspan="4" class="muted">{escape(t("html-history-more", lang, n=more))}</td></tr>')
        out.append("</table></div>")

    problems = t("html-problems", lang, n=report.problems) if report.problems else ""
    footer = escape(t("html-footer", lang, command="\0", problems=problems)).replace(
        "\0", "<code>mailaudit report</code>")
    out.append(f"<footer>{footer}</footer></main></body></html>")
    return "\n".join(out)
