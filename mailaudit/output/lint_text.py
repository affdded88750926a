"""Lint results -> text for people, JSON for tools."""

from __future__ import annotations

from collections.abc import Iterable

from ..engine.linter import LintResult
from ..mail.charsets import safe_json, safe_text

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def format_text(results: Iterable[LintResult], color: bool = False) -> str:
    """One block per message with findings: `source: rule [level] message` + excerpt."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(record=True, force_terminal=color, color_system="standard" if color else None,
                      width=200, file=open("/dev/null", "w"))  # noqa: SIM115 - record only
    counts = {"error": 0, "warning": 0, "info": 0}
    n = 0
    for res in results:
        n += 1
        for note in res.message.defects[:3]:
            console.print(f"[dim]{escape(res.source)}: note: {escape(note)}[/dim]")
        if not res.findings:
            continue
        subject = res.message.subject or "(no subject)"
        console.print(f"[bold]{escape(res.source)}[/bold]  [dim]{escape(subject[:60])}[/dim]")
        for f in res.findings:
            counts[f.level] += 1
            where = f.part + (f":{f.span[0]}-{f.span[1]}" if f.span else "")
            console.print(
                f"  [{_STYLE[f.level]}]{f.level:<7}[/] [bold]{f.rule}[/bold]  {escape(f.message)}  [dim]({where})[/dim]"
            )
            if f.excerpt:
                console.print(f"          [dim]│ {escape(f.excerpt)}[/dim]")
    total = sum(counts.values())
    summary = (
        f"{n} message{'s' if n != 1 else ''} checked: {counts['error']} error(s), "
        f"{counts['warning']} warning(s), {counts['info']} info"
    ) if total else f"{n} message{'s' if n != 1 else ''} checked: no findings"
    console.print(summary)
    return safe_text(console.export_text(styles=color).rstrip("\n") + "\n")[0]


def format_json(results: Iterable[LintResult]) -> str:
    return safe_json([r.to_dict() for r in results], indent=2) + "\n"
