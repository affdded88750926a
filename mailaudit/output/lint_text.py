"""Lint results -> text for people, JSON for tools."""

from __future__ import annotations

from collections.abc import Iterable

from ..engine.linter import LintResult
from ..engine.notes import note
from ..mail.charsets import safe_json, safe_text
from .i18n import t, translate

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _flat(text: str) -> str:
    """One line: a finding never spans two, whatever its excerpt held."""
    return " ".join(text.split())


def format_text(results: Iterable[LintResult], color: bool = False, grouped: bool = False,
                lang: str = "en") -> str:
    """Findings as text, one per line and never wrapped, so grep and awk see
    whole findings: `source: level rule  message  (where)  │ excerpt`.

    The closing count is in `lang` (the user's locale). `grouped` (for a terminal) prints the source once above its findings and
    the excerpt on a line of its own. `color` adds ANSI styles either way (for
    `--color always | less -R`)."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(record=True, force_terminal=color, color_system="standard" if color else None,
                      width=10_000, file=open("/dev/null", "w"))  # noqa: SIM115 - record only
    say = lambda markup: console.print(markup, soft_wrap=True, highlight=False)  # noqa: E731 - never wrap
    counts = {"error": 0, "warning": 0, "info": 0}
    n = 0
    for res in results:
        n += 1
        source = escape(res.source)
        for defect in res.message.defects[:3]:
            defect = t("lint-defect-note", lang, defect=translate(defect, lang, "defect-"))
            say(f"[dim]{source}: {escape(_flat(defect))}[/dim]")
        if not res.findings:
            continue
        if grouped:
            subject = res.message.subject or note("no-subject", lang)
            say(f"[bold]{source}[/bold]  [dim]{escape(_flat(subject)[:60])}[/dim]")
        for f in res.findings:
            counts[f.level] += 1
            where = f.part + (f":{f.span[0]}-{f.span[1]}" if f.span else "")
            line = (f"[{_STYLE[f.level]}]{f.level:<7}[/] [bold]{f.rule}[/bold]  {escape(_flat(f.message))}"
                    f"  [dim]({where})[/dim]")
            if grouped:
                say(f"  {line}")
                if f.excerpt:
                    say(f"          [dim]│ {escape(_flat(f.excerpt))}[/dim]")
            else:
                excerpt = f"  [dim]│ {escape(_flat(f.excerpt))}[/dim]" if f.excerpt else ""
                say(f"[bold]{source}[/bold]: {line}{excerpt}")
    messages = note("messages-one" if n == 1 else "messages-many", lang)
    if sum(counts.values()):
        summary = note("lint-checked", lang, n=n, messages=messages, errors=counts["error"],
                       warnings=counts["warning"], infos=counts["info"])
    else:
        summary = note("lint-clean", lang, n=n, messages=messages)
    say(escape(summary))
    return safe_text(console.export_text(styles=color).rstrip("\n") + "\n")[0]


def format_json(results: Iterable[LintResult]) -> str:
    return safe_json([r.to_dict() for r in results], indent=2) + "\n"
