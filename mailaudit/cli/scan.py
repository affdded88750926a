"""`mailaudit scan`, `mailaudit watch` and `mailaudit report`.

Thin wrappers: each builds its inputs from the config and the options and
calls one library function (scan.scan_with_lock, watch.watch, report.build_report).
Exit statuses are documented in docs/scan.md.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from ..config import Settings
from ..errors import ExitStatus, InputError
from ..mail.charsets import safe_json
from ..store.store import resolve_db_path
from . import LANG_OPTION, lang_from, settings_from

FORMATS = click.Choice(["text", "json"])


def db_path_for(settings: Settings, db: str | None) -> Path:
    return resolve_db_path(settings.section("store").get("path"), db)


def build_targets(settings: Settings, accounts, folders, maildirs, mboxes) -> list:
    """scan.targets.build_targets, with conflicting options shown as a usage error."""
    from ..scan.targets import OptionsConflict
    from ..scan.targets import build_targets as targets

    try:
        return targets(settings, accounts, folders, maildirs, mboxes)
    except OptionsConflict as exc:
        raise click.UsageError(str(exc)) from None


def _quiet_default() -> bool:
    return not sys.stdout.isatty()


@click.command("scan")
@click.option("--account", "accounts", multiple=True, metavar="NAME",
              help="Scan only this [accounts.NAME] (repeatable).")
@click.option("--folder", "folders", multiple=True, metavar="F",
              help="Scan only this folder (repeatable).")
@click.option("--maildir", "maildirs", multiple=True, type=click.Path(), metavar="PATH",
              help="Scan this Maildir instead of the configured accounts.")
@click.option("--mbox", "mboxes", multiple=True, type=click.Path(), metavar="PATH",
              help="Scan this mbox file instead of the configured accounts.")
@click.option("--db", type=click.Path(dir_okay=False), help="Audit store (default: see docs/scan.md).")
@click.option("--workers", type=click.IntRange(1, 256), help="Parse/check processes (default: cores).")
@click.option("--wait", is_flag=True, help="If another scan runs, wait for it instead of exiting.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.option("--quiet/--no-quiet", "-q", default=None,
              help="No progress or summary unless something failed (default when not on a terminal).")
@LANG_OPTION
@click.pass_context
def scan_cmd(ctx, accounts, folders, maildirs, mboxes, db, workers, wait, fmt, quiet, lang):
    """Scan mailboxes into the audit store: check every new message, read-only."""
    from ..scan.run import scan_with_lock

    settings = settings_from(ctx)
    lang = lang_from(ctx, lang)
    path = db_path_for(settings, db)
    quiet = _quiet_default() if quiet is None else quiet
    show_progress = fmt == "text" and not quiet and sys.stderr.isatty()
    progress = None
    if show_progress:  # rich only when there is a terminal to draw on
        from ..output.scan_summary import RichProgress

        progress = RichProgress(lang)
    try:
        summary = scan_with_lock(
            path,
            lambda: build_targets(settings, accounts, folders, maildirs, mboxes),
            settings,
            wait=wait,
            lock_path=settings.section("scan").get("lock_path"),
            workers=workers,
            progress=progress,
        )
    finally:
        if progress is not None:
            progress.stop()
    if fmt == "json":
        click.echo(safe_json(summary.to_dict(), indent=2))
    elif not quiet:
        from ..output.scan_summary import render_summary

        render_summary(summary, lang=lang)
    else:
        from ..output.errors_text import error_line
        from ..output.i18n import t

        for line in summary.errors:
            click.echo(t("error-line", lang, line=error_line(line, lang)), err=True)
    ctx.exit(int(summary.status))

@click.command("watch")
@click.option("--account", "accounts", multiple=True, metavar="NAME",
              help="Watch only this [accounts.NAME] (repeatable).")
@click.option("--folder", "folders", multiple=True, metavar="F",
              help="Scan only this folder (repeatable).")
@click.option("--idle-folder", default="INBOX", show_default=True,
              help="The folder each IMAP account is IDLEd on.")
@click.option("--interval", type=click.FloatRange(5), default=300, show_default=True,
              help="Rescan at least this often (seconds), IDLE or not.")
@click.option("--renew", type=click.FloatRange(5), default=240, show_default=True,
              help="Re-issue IDLE and check the connection (NOOP) this often (seconds).")
@click.option("--db", type=click.Path(dir_okay=False), help="Audit store.")
@click.option("--workers", type=click.IntRange(1, 256), help="Parse/check processes.")
@LANG_OPTION
@click.pass_context
def watch_cmd(ctx, accounts, folders, idle_folder, interval, renew, db, workers, lang):
    """Stay connected (IMAP IDLE) and scan new mail as it arrives."""
    from ..output.errors_text import error_line
    from ..output.i18n import join, t, translate
    from ..scan.watch import WatchOptions, watch
    from ..sources import configured_sources
    from ..sources.accounts import imap_account

    settings = settings_from(ctx)
    lang = lang_from(ctx, lang)
    tables = configured_sources(settings)
    build_targets(settings, accounts, folders, (), ())  # config errors now, not later
    base = settings.path.parent if settings.path else None
    imap = [
        imap_account(name, table, base)
        for name, table in tables.items()
        if table.get("kind") == "imap" and (not accounts or name in accounts)
    ]
    options = WatchOptions(fallback=interval, renew=renew, idle_folder=idle_folder)
    _timestamped_log()

    def show(summary, reasons):
        # a long-running log: each line says when (local time, with its offset)
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        n = {k: summary.total(k) for k in ("mails", "new", "findings", "problems")}
        errors = t("watch-errors", lang, n=len(summary.errors)) if summary.errors else ""
        line = t("watch-line", lang, reasons=join([translate(r, lang, "watch-why-") for r in reasons], lang), new=n["new"], findings=n["findings"],
                 problems=n["problems"], errors=errors)
        click.echo(f"{now}  {summary.seconds:6.2f} s  {line}")
        for line in summary.errors:
            click.echo(f"{now}  {t('error-line', lang, line=error_line(line, lang))}", err=True)

    watch(
        db_path_for(settings, db),
        settings,
        lambda: build_targets(settings, accounts, folders, (), ()),
        imap,
        options=options,
        on_scan=show,
        lock_path=settings.section("scan").get("lock_path"),
        workers=workers,
    )

def _timestamped_log() -> None:
    """watch runs for days: its retry and reconnect warnings say when, like its scan lines."""
    import logging

    class LocalTime(logging.Formatter):
        def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's name)
            return datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="seconds")

    handler = logging.StreamHandler()
    handler.setFormatter(LocalTime("%(asctime)s  %(message)s"))
    logger = logging.getLogger("mailaudit")
    logger.addHandler(handler)
    logger.propagate = False


@click.command("report")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First day (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day, inclusive.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write to this file (default: standard output).")
@click.option("--db", type=click.Path(dir_okay=False), help="Audit store.")
@click.option("--top", type=click.IntRange(1, 500), default=15, show_default=True,
              help="How many senders to list.")
@LANG_OPTION
@click.pass_context
def report_cmd(ctx, since, until, fmt, output, db, top, lang):
    """Findings by rule, by sender and by week, from the audit store."""
    from ..output.i18n import t
    from ..output.report import build_report, render_json, render_text
    from ..output.report_html import render_html
    from ..store.store import Store

    settings = settings_from(ctx)
    lang = lang_from(ctx, lang)
    path = db_path_for(settings, db)
    with Store.open(path, create=False) as store:
        if not store.has_scanned():  # an empty report would look like a clean mailbox
            failed = [e for run in store.runs(1) for e in run["errors"]]
            if failed:
                raise InputError(t("report-scan-failed", lang, path=path, error=failed[0]),
                                 hint=t("report-scan-failed-hint", lang))
            raise InputError(t("report-no-store-scan", lang, path=path), hint=t("report-no-store-scan-hint", lang))
        report = build_report(
            store,
            settings,
            since=since.date() if since else None,
            until=until.date() if until else None,
            top_senders=top,
            lang=lang,
        )
    text = render_json(report) if fmt == "json" else {"text": render_text, "html": render_html}[fmt](report, lang=lang)
    if output == "-":
        click.echo(text)
    else:
        try:
            Path(output).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{output}: cannot write the report: {exc.strerror}") from None
    ctx.exit(int(ExitStatus.OK))


def register(group: click.Group) -> None:
    for command in (scan_cmd, watch_cmd, report_cmd):
        group.add_command(command)
