"""Lint results -> text for people, JSON for tools."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ..engine.linter import LintResult
from ..engine.notes import note
from ..mail.charsets import safe_json, safe_text
from .i18n import t, translate

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _flat(text: str) -> str:
    """One line: a finding never spans two, whatever its excerpt held."""
    return " ".join(text.split())


# What every code rich's emoji replacement matches (":name:", ":name-emoji:") matches
_EMOJI_SHAPE = re.compile(r":\S*:")


def plain_line(runs: tuple[str, ...]) -> str | None:
    """The text rich prints (no colour) for markup whose text between its tags
    is `runs`: emoji codes replaced, control codes dropped. None when a run
    holds what rich reads otherwise (a bracket or backslash: markup and its
    escapes; a tab or line break: re-laid out), or the line is near the width.
    Rich's markup rendering was ~40 % of `mailaudit lint` over Enron."""
    line = "".join(runs)  # each test below is of one character: the same on the runs or on their join
    if "[" in line or "\\" in line or "\t" in line or "\n" in line:
        return None
    # an emoji code is ":name:" within one run (rich replaces it per run); most lines hold two
    # colons ("path: … (body:0-88)") but none with only non-blanks between them
    if line.count(":") > 1 and _EMOJI_SHAPE.search(line):
        from rich.emoji import Emoji  # (imported where needed: most lines need neither)

        line = "".join(Emoji.replace(run) if run.count(":") > 1 else run for run in runs)
    if not line.isprintable():  # control codes are not: most lines skip the (slow) translate
        from rich.control import strip_control_codes

        line = strip_control_codes(line)
    return line if len(line) <= 4000 else None  # far below the console's width: nothing wraps


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def format_text(results: Iterable[LintResult], color: bool = False, grouped: bool = False,
                lang: str = "en") -> str:
    """Findings as text, one per line and never wrapped, so grep and awk see
    whole findings: `source: level rule  message  (where)  │ excerpt`.

    The closing count is in `lang` (the user's locale). `grouped` (for a terminal) prints the source once above its findings and
    the excerpt on a line of its own. `color` adds ANSI styles either way (for
    `--color always | less -R`)."""
    console: Any = None
    lines: list[str] = []

    def say(markup: Callable[[], str], *runs: str) -> None:
        """One line; `runs` is its text between the markup's tags, unescaped.
        The markup and rich's Console are built only for a line that needs them
        (colour, or text rich reads as markup): most lines take the plain path."""
        nonlocal console
        plain = None if color else plain_line(runs)
        if plain is not None:
            lines.append(plain + "\n")
            return
        if console is None:
            from rich.console import Console

            console = Console(record=True, force_terminal=color, color_system="standard" if color else None,
                              width=10_000, file=open("/dev/null", "w"))  # noqa: SIM115 - record only
        console.print(markup(), soft_wrap=True, highlight=False)  # never wrap
        if not color:
            lines.append(console.export_text(clear=True))
    counts = {"error": 0, "warning": 0, "info": 0}
    n = 0
    for res in results:
        n += 1
        for defect in res.message.defects[:3]:
            defect = _flat(t("lint-defect-note", lang, defect=translate(defect, lang, "defect-")))
            say(lambda d=defect, r=res: f"[dim]{_escape(r.source)}: {_escape(d)}[/dim]", f"{res.source}: {defect}")
        if not res.findings:
            continue
        if grouped:
            subject = _flat(res.message.subject or note("no-subject", lang))[:60]
            say(lambda s=subject, r=res: f"[bold]{_escape(r.source)}[/bold]  [dim]{_escape(s)}[/dim]",
                res.source, "  ", subject)
        for f in res.findings:
            counts[f.level] += 1
            where = f.part + (f":{f.span[0]}-{f.span[1]}" if f.span else "")
            message = _flat(f.message)

            def line(f: Any = f, message: str = message, where: str = where) -> str:
                return (f"[{_STYLE[f.level]}]{f.level:<7}[/] [bold]{f.rule}[/bold]  {_escape(message)}"
                        f"  [dim]({where})[/dim]")
            runs = (f"{f.level:<7}", " ", f.rule, f"  {message}  ", f"({where})")
            excerpt = _flat(f.excerpt) if f.excerpt else ""
            if grouped:
                say(lambda line=line: f"  {line()}", "  ", *runs)
                if excerpt:
                    say(lambda e=excerpt: f"          [dim]│ {_escape(e)}[/dim]", "          ", f"│ {excerpt}")
            else:
                tail = ("  ", f"│ {excerpt}") if excerpt else ()
                say(lambda line=line, e=excerpt, r=res: f"[bold]{_escape(r.source)}[/bold]: {line()}"
                    + (f"  [dim]│ {_escape(e)}[/dim]" if e else ""), res.source, ": ", *runs, *tail)
    messages = note("messages-one" if n == 1 else "messages-many", lang)
    if sum(counts.values()):
        summary = note("lint-checked", lang, n=n, messages=messages, errors=counts["error"],
                       warnings=counts["warning"], infos=counts["info"])
    else:
        summary = note("lint-clean", lang, n=n, messages=messages)
    say(lambda: _escape(summary), summary)
    text = console.export_text(styles=True) if color else "".join(lines)
    return safe_text(text.rstrip("\n") + "\n")[0]


def format_json(results: Iterable[LintResult]) -> str:
    return safe_json([r.to_dict() for r in results], indent=2) + "\n"
