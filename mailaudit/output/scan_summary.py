"""What `mailaudit scan` shows on a terminal: a progress line while it runs,
and a one-screen summary at the end."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, TextColumn
from rich.table import Table

from ..scan.run import ScanSummary
from .errors_text import error_line
from .i18n import join, t
from .progress import progress_columns

MAX_FOLDER_ROWS = 12


class RichProgress:
    """Progress on stderr, per folder: the count, the new and the rate; where the
    source knows the folder's total (Maildir, IMAP) also the percentage and the
    time left, else a pulsing bar (an mbox streams)."""

    def __init__(self, lang: str = "en") -> None:
        self.console = Console(stderr=True)
        self.progress = Progress(
            *progress_columns(),
            TextColumn("{task.fields[new]:>7,} " + escape(t("scan-progress-new", lang))),
            TextColumn("{task.fields[rate]}"),
            console=self.console,
            transient=True,
        )
        self.task = None
        self.started = False
        self.count = 0

    def folder(self, source: str, folder: str) -> None:
        label = f"{source}/{folder}" if folder else source
        if len(label) > 40:
            label = "…" + label[-39:]
        if not self.started:
            self.progress.start()
            self.started = True
        if self.task is not None:
            self.progress.remove_task(self.task)
        self.task = self.progress.add_task(label, total=None, new=0, rate="")
        self.count = 0

    def expect(self, total: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, total=total)

    def advance(self, mails: int, new: int) -> None:
        if self.task is None:
            return
        self.count += mails
        task = self.progress.tasks[-1]
        elapsed = task.elapsed or 0
        rate = f"{self.count / elapsed:,.0f}/s" if elapsed > 0.5 else ""
        self.progress.update(self.task, advance=mails, new=new, rate=rate)

    def stop(self) -> None:
        if self.started:
            self.progress.stop()


def render_summary(summary: ScanSummary, console: Console | None = None, lang: str = "en") -> None:
    # soft_wrap: a piped or logged summary keeps each line whole (no wrap at 80 columns).
    console = console or Console(soft_wrap=True)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for col, justify in (("scan-col-folder", "left"), ("scan-col-mails", "right"), ("scan-col-new", "right"),
                         ("scan-col-findings", "right"), ("scan-col-problems", "right")):
        table.add_column(t(col, lang), justify=justify)
    table.add_column("", justify="left")
    busy = [f for f in summary.folders if f.mails or f.error or f.reset]
    quiet = len(summary.folders) - len(busy)
    for f in busy[:MAX_FOLDER_ROWS]:
        note = f"[red]{escape(f.error)}[/]" if f.error else (escape(t("scan-reset", lang)) if f.reset else "")
        name = f"{f.source}/{f.folder}" if f.folder else f.source
        table.add_row(escape(name), f"{f.mails:,}", f"{f.new:,}", f"{f.findings:,}",
                      f"{f.problems:,}" if f.problems else "", note)
    if len(busy) > MAX_FOLDER_ROWS:
        table.add_row(t("scan-more-folders", lang, n=len(busy) - MAX_FOLDER_ROWS), "", "", "", "", "")
    if busy:
        console.print(table)
    n = {k: summary.total(k) for k in ("mails", "new", "known", "findings", "problems")}
    rate = t("scan-rate", lang, rate=f"{n['mails'] / summary.seconds:,.0f}") if summary.seconds and n["mails"] else ""
    unchanged = t("scan-unchanged", lang, n=quiet) if quiet else ""
    line = t("scan-summary", lang, folders=len(summary.folders), seconds=f"{summary.seconds:.2f}", rate=rate,
             unchanged=unchanged, new=f"{n['new']:,}", known=f"{n['known']:,}", findings=f"{n['findings']:,}")
    problems = t("scan-problems", lang, n=f"{n['problems']:,}") if n["problems"] else ""
    console.print(escape(line) + (f"[yellow]{escape(problems)}[/]" if problems else ""))
    if summary.history:
        counts = join([t("scan-history-count", lang, n=k, rule=rule) for rule, k in sorted(summary.history.items())],
                      lang)
        console.print(escape(t("scan-history", lang, counts=counts)))
    if summary.marked or summary.digests:
        digests = t("scan-digests", lang, folders=join(summary.digests, lang)) if summary.digests else ""
        console.print(escape(t("scan-marked", lang, n=f"{summary.marked:,}", digests=digests)))
    for line in summary.errors:
        # escaped: a hint's "[accounts.work]" is text, not rich markup
        console.print(f"[red]{escape(t('error-line', lang, line=error_line(line, lang)))}[/]", highlight=False)
    if summary.store_removed:
        console.print(f"[dim]{escape(t('scan-store-removed', lang, path=summary.db_path))}[/]", highlight=False)
    else:
        console.print(f"[dim]{escape(t('scan-store', lang, path=summary.db_path))}[/]", highlight=False)
