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


def plain_line(runs: tuple[str, ...]) -> str | None:
    """The text rich prints (no colour) for markup whose text between its tags
    is `runs`: emoji codes replaced, control codes dropped. None when a run
    holds what rich reads otherwise (a bracket or backslash: markup and its
    escapes; a tab or line break: re-laid out), or the line is near the width.
    Rich's markup rendering was ~40 % of `mailaudit lint` over Enron."""
    from rich.control import strip_control_codes
    from rich.emoji import Emoji

    out = []
    for run in runs:
        if "[" in run or "\\" in run or "\t" in run or "\n" in run:
            return None
        out.append(strip_control_codes(Emoji.replace(run) if ":" in run else run))
    line = "".join(out)
    return line if len(line) <= 4000 else None  # far below the console's width: nothing wraps


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
    lines: list[str] = []

    def say(markup: str, *runs: str) -> None:
        """One line; `runs` is its text between the markup's tags, unescaped."""
        plain = None if color else plain_line(runs)
        if plain is not None:
            lines.append(plain + "\n")
            return
        console.print(markup, soft_wrap=True, highlight=False)  # never wrap
        if not color:
            lines.append(console.export_text(clear=True))
    counts = {"error": 0, "warning": 0, "info": 0}
    n = 0
    for res in results:
        n += 1
        source = escape(res.source)
        for defect in res.message.defects[:3]:
            defect = t("lint-defect-note", lang, defect=translate(defect, lang, "defect-"))
            say(f"[dim]{source}: {escape(_flat(defect))}[/dim]", f"{res.source}: {_flat(defect)}")
        if not res.findings:
            continue
        if grouped:
            subject = res.message.subject or note("no-subject", lang)
            say(f"[bold]{source}[/bold]  [dim]{escape(_flat(subject)[:60])}[/dim]", res.source, "  ",
                _flat(subject)[:60])
        for f in res.findings:
            counts[f.level] += 1
            where = f.part + (f":{f.span[0]}-{f.span[1]}" if f.span else "")
            line = (f"[{_STYLE[f.level]}]{f.level:<7}[/] [bold]{f.rule}[/bold]  {escape(_flat(f.message))}"
                    f"  [dim]({where})[/dim]")
            runs = (f"{f.level:<7}", " ", f.rule, f"  {_flat(f.message)}  ", f"({where})")
            if grouped:
                say(f"  {line}", "  ", *runs)
                if f.excerpt:
                    say(f"          [dim]│ {escape(_flat(f.excerpt))}[/dim]", "          ", f"│ {_flat(f.excerpt)}")
            else:
                excerpt = f"  [dim]│ {escape(_flat(f.excerpt))}[/dim]" if f.excerpt else ""
                tail = ("  ", f"│ {_flat(f.excerpt)}") if f.excerpt else ()
                say(f"[bold]{source}[/bold]: {line}{excerpt}", res.source, ": ", *runs, *tail)
    messages = note("messages-one" if n == 1 else "messages-many", lang)
    if sum(counts.values()):
        summary = note("lint-checked", lang, n=n, messages=messages, errors=counts["error"],
                       warnings=counts["warning"], infos=counts["info"])
    else:
        summary = note("lint-clean", lang, n=n, messages=messages)
    say(escape(summary), summary)
    text = console.export_text(styles=True) if color else "".join(lines)
    return safe_text(text.rstrip("\n") + "\n")[0]


def format_json(results: Iterable[LintResult]) -> str:
    return safe_json([r.to_dict() for r in results], indent=2) + "\n"
