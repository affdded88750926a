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
from . import SkipReport, settings_from

FORMATS = click.Choice(["text", "json"])


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@click.command("lint")
@click.argument("paths", nargs=-1, type=str)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")
@click.option("--fail-level", type=click.Choice(list(LEVEL_ORDER)), default=None,
              help="Exit 1 when a finding reaches this level (default: config, else error).")
@click.option("--select", multiple=True, help="Only these rule ids or prefixes (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or prefixes (comma-separated).")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal).")
@click.option("--preview", is_flag=True, default=False,
              help="Also run the preview rules (not yet precise enough on real mail to be on by default).")
@click.pass_context
def lint_command(ctx: click.Context, paths: tuple[str, ...], fmt: str, fail_level: str | None,
                 select: tuple[str, ...], ignore: tuple[str, ...], color: bool | None, preview: bool) -> None:
    """Check mail before it is sent: .eml files, plain drafts, mbox, Maildir, or - for stdin.

    Exit status: 0 nothing reached the fail level, 1 something did, 2 usage,
    config, or an input that is missing, unreadable or not mail (named on
    stderr; the rest is still linted). A folder is read whole: files in it that
    are not mail are named on stderr and skipped.
    """
    settings = settings_from(ctx)
    if not paths:
        if sys.stdin.isatty():
            raise click.UsageError("give one or more paths, or - to read a message from stdin")
        paths = ("-",)
    if preview:
        settings.lint.preview = True
    linter = Linter(settings, select=_split(select) or None, ignore=_split(ignore))
    level = fail_level or settings.lint.fail_level
    skips = SkipReport()
    results = list(lint_paths(paths, linter, skips))
    if fmt == "json":
        click.echo(format_json(results), nl=False)
    else:
        use_color = sys.stdout.isatty() if color is None else color
        click.echo(format_text(results, color=use_color), nl=False)
    failed = any(r.reaches(level) for r in results)
    ctx.exit(skips.status(ExitStatus.FINDINGS if failed else ExitStatus.OK))


@click.group("rules", invoke_without_command=True)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.pass_context
def rules_group(ctx: click.Context, fmt: str) -> None:
    """List the rules (with the level in force), or explain one."""
    if ctx.invoked_subcommand is not None:
        return
    from ..engine.rules import measured

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
                     "summary": rule.message.get("en", ""), "summary_zh": rule.message.get("zh", "")})
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max(len(r["id"]) for r in rows)
    click.echo(f"{'rule':<{width}}  {'level':<7}  {'prec.':>5}  summary")
    for r in rows:
        scope = " (mailbox)" if r["scope"] == "mailbox" else ""
        preview = " [preview: --preview to run]" if r["preview"] and r["level"] == "off" else ""
        precision = f"{r['precision']:.2f}" if r["precision"] is not None else "  -"
        click.echo(f"{r['id']:<{width}}  {r['level']:<7}  {precision:>5}  {r['summary']}{scope}{preview}")
    source = measured().get("source")
    if source:
        click.echo(f"\nprec.: precision on labelled mail ({source}); - where too few labels fire.")


@rules_group.command("explain")
@click.argument("rule_id")
@click.pass_context
def explain_command(ctx: click.Context, rule_id: str) -> None:
    """Print what a rule checks, why it matters, an example and what to do."""
    linter = Linter(settings_from(ctx))
    rule = linter.rule(rule_id)
    if rule is None:
        raise MailauditError(f"unknown rule '{rule_id}'", hint="see `mailaudit rules` for the ids")
    wrap = lambda s: textwrap.fill(" ".join(str(s).split()), 88, initial_indent="  ", subsequent_indent="  ")  # noqa: E731
    click.echo(f"{rule.id}  [{rule.level}]  {rule.message.get('en', '')} / {rule.message.get('zh', '')}")
    for key, title in (("what", "What it checks"), ("why", "Why it matters"), ("example", "Example"), ("fix", "What to do")):
        click.echo(f"\n{title}:\n{wrap(rule.doc[key])}")
    if rule.options:
        click.echo(f"\nOptions ([lint.options.{rule.id}]):")
        for k, v in rule.options.items():
            click.echo(f"  {k} = {json.dumps(v, ensure_ascii=False)}")
    if rule.path:
        click.echo(f"\nDefined in {rule.path}")


@rules_group.command("test")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.pass_context
def test_command(ctx: click.Context, directory: Path, fmt: str) -> None:
    """Run the examples of the rules in DIRECTORY: each `fire` example must give
    its rule, each `pass` example must not. Exit 1 when one does not."""
    from ..checks.examples import run_examples

    results = run_examples(directory, settings_from(ctx))
    failed = [r for r in results if not r.ok]
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        for r in results:
            mark = "ok  " if r.ok else "FAIL"
            what = f"{r.kind} #{r.index + 1}" if r.kind != "none" else ""
            why = r.note or ("" if r.ok else f"fired: {', '.join(r.fired) or 'nothing'}")
            click.echo(f"{mark}  {r.rule}  {what}" + (f"  ({why})" if why else ""))
            if not r.ok and r.text:
                click.echo(textwrap.indent(r.text.rstrip(), "      | "))
        rules = len({r.rule for r in results})
        click.echo(f"{len(results)} example(s) of {rules} rule(s), {len(failed)} failed")
    ctx.exit(int(ExitStatus.FINDINGS if failed else ExitStatus.OK))


def register(group: click.Group) -> None:
    group.add_command(lint_command)
    group.add_command(rules_group)
