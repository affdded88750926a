"""`mailaudit lint` and `mailaudit rules`."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import click

from ..engine.linter import Linter, lint_paths
from ..engine.rules import LEVEL_ORDER
from ..errors import ExitStatus, MailauditError
from ..output.lint_text import format_json, format_text
from . import LANG_OPTION, SkipReport, allow_quick_exit, lang_from, settings_from

FORMATS = click.Choice(["text", "json"])


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _progress(paths: tuple[str, ...]):
    """Progress on a terminal for a lint of many messages (not of one draft)."""
    from ..output.progress import TerminalProgress
    from ..sources.counting import count_messages

    many = len(paths) > 1 or any(p != "-" and Path(p).is_dir() for p in paths)
    show = many and sys.stderr.isatty()
    return TerminalProgress("lint", count_messages(list(paths)) if show else None, enabled=show)


@click.command("lint")
@click.argument("paths", nargs=-1, type=str)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")
@click.option("--fail-level", type=click.Choice(list(LEVEL_ORDER)), default=None,
              help="Exit 1 when a finding reaches this level (default: config, else error).")
@click.option("--select", multiple=True, help="Only these rule ids or prefixes (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or prefixes (comma-separated).")
@click.option("--color", "color", type=click.Choice(["always", "never", "auto"]), default="auto", show_default=True,
              help="Colour the text output: auto colours on a terminal only; always also when piped (| less -R).")
@click.option("--no-color", "no_color", is_flag=True, hidden=True, help="Same as --color never.")
@click.option("--preview", is_flag=True, default=False,
              help="Also run the preview rules (not yet precise enough on real mail to be on by default).")
@click.pass_context
def lint_command(ctx: click.Context, paths: tuple[str, ...], fmt: str, fail_level: str | None,
                 select: tuple[str, ...], ignore: tuple[str, ...], color: str, no_color: bool,
                 preview: bool) -> None:
    """Check mail before it is sent: .eml files, plain drafts, mbox, Maildir, or - for stdin.

    Text output is one finding per line, never wrapped (grep, awk); on a
    terminal findings are grouped under their file.

    Exit status: 0 nothing reached the fail level, 1 something did, 2 usage,
    config, or an input that is missing, unreadable or not mail (named on
    stderr; the rest is still linted). A folder is read whole: files in it that
    are not mail are named on stderr and skipped.
    """
    allow_quick_exit()  # (a mail client waits for the process to end, not for its output)
    settings = settings_from(ctx)
    if not paths:
        if sys.stdin.isatty():
            raise click.UsageError("give one or more paths, or - to read a message from stdin")
        paths = ("-",)
    if preview:
        settings.lint.preview = True
    linter = Linter(settings, select=_split(select) or None, ignore=_split(ignore))
    level = fail_level or settings.lint.fail_level
    skips = SkipReport(lang_from(ctx))
    results = []
    with _progress(paths) as progress:
        for result in lint_paths(paths, linter, skips):
            results.append(result)
            progress.advance()
    if fmt == "json":
        click.echo(format_json(results), nl=False)
    else:
        terminal = sys.stdout.isatty()
        use_color = {"always": True, "never": False}.get("never" if no_color else color, terminal)
        click.echo(format_text(results, color=use_color, grouped=terminal, lang=lang_from(ctx)), nl=False,
                   color=use_color)
    failed = any(r.reaches(level) for r in results)
    ctx.exit(skips.status(ExitStatus.FINDINGS if failed else ExitStatus.OK))


@click.group("rules", invoke_without_command=True)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@LANG_OPTION
@click.pass_context
def rules_group(ctx: click.Context, fmt: str, lang: str | None) -> None:
    """List the rules (with the level in force), or explain one."""
    if ctx.invoked_subcommand is not None:
        return
    from ..engine.rules import measured
    from ..output.rules_text import format_rule_list

    linter = Linter(settings_from(ctx))
    active = {r.id: r for r in (*linter.rules, *linter.mailbox_rules)}
    scores = measured().get("rules", {})
    rows = []
    for rule in linter.all_rules:
        on = rule.id in active
        level = active[rule.id].level if on else "off"
        score = scores.get(rule.id) or {}
        rows.append({"id": rule.id, "level": level, "default_level": rule.level, "scope": rule.scope,
                     "preview": rule.preview, "precision": score.get("precision"),
                     "recall": score.get("recall"), "measured_on": score.get("on"),
                     "summary": rule.summary_in("en"), "summary_zh": rule.summary_in("zh")})
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(format_rule_list(rows, lang_from(ctx, lang), measured().get("source")), nl=False)


@rules_group.command("explain")
@click.argument("rule_id")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@LANG_OPTION
@click.pass_context
def explain_command(ctx: click.Context, rule_id: str, fmt: str, lang: str | None) -> None:
    """Print what a rule checks, why it matters, an example and what to do."""
    from ..output.rules_text import explain_dict, format_explain

    linter = Linter(settings_from(ctx))
    rule = linter.rule(rule_id)
    if rule is None:
        from ..engine.select import did_you_mean

        raise MailauditError(f"unknown rule '{rule_id}'",
                             hint=did_you_mean(rule_id, [r.id for r in linter.all_rules], prefixes=False))
    lang = lang_from(ctx, lang or (ctx.parent.params.get("lang") if ctx.parent else None))
    level = next((r.level for r in (*linter.rules, *linter.mailbox_rules) if r.id == rule.id), "off")
    if fmt == "json":
        click.echo(json.dumps(explain_dict(rule, lang, level), ensure_ascii=False, indent=2))
    else:
        click.echo(format_explain(rule, lang, level), nl=False)


@rules_group.command("test")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@LANG_OPTION
@click.pass_context
def test_command(ctx: click.Context, directory: Path, fmt: str, lang: str | None) -> None:
    """Run the examples of the rules in DIRECTORY: each `fire` example must give
    its rule, each `pass` example must not. Exit 1 when one does not."""
    from ..checks.examples import run_examples
    from ..output.i18n import join, t, translate

    results = run_examples(directory, settings_from(ctx))
    failed = [r for r in results if not r.ok]
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        lang = lang_from(ctx, lang or (ctx.parent.params.get("lang") if ctx.parent else None))
        for r in results:
            mark = t("rules-test-ok" if r.ok else "rules-test-fail", lang)
            what = t("rules-test-example", lang, kind=r.kind, n=r.index + 1) if r.kind != "none" else ""
            fired = join(r.fired, lang) or t("rules-test-nothing", lang)
            why = translate(r.note, lang, "rules-test-why-") if r.note else \
                ("" if r.ok else t("rules-test-fired", lang, rules=fired))
            click.echo(f"{mark}  {r.rule}  {what}" + (t("rules-test-paren", lang, why=why) if why else ""))
            if not r.ok and r.text:
                click.echo(textwrap.indent(r.text.rstrip(), "      | "))
        rules = len({r.rule for r in results})
        click.echo(t("rules-test-summary", lang, examples=len(results), rules=rules, failed=len(failed)))
    ctx.exit(int(ExitStatus.FINDINGS if failed else ExitStatus.OK))


def register(group: click.Group) -> None:
    group.add_command(lint_command)
    group.add_command(rules_group)
