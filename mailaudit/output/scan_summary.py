"""What `mailaudit scan` shows on a terminal: a progress line while it runs,
and a one-screen summary at the end."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, TextColumn
from rich.table import Table

from ..scan.run import ScanSummary
from .progress import progress_columns

MAX_FOLDER_ROWS = 12


class RichProgress:
    """Progress on stderr, per folder: the count, the new and the rate; where the
    source knows the folder's total (Maildir, IMAP) also the percentage and the
    time left, else a pulsing bar (an mbox streams)."""

    def __init__(self) -> None:
        self.console = Console(stderr=True)
        self.progress = Progress(
            *progress_columns(),
            TextColumn("{task.fields[new]:>7,} new"),
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


def render_summary(summary: ScanSummary, console: Console | None = None) -> None:
    # soft_wrap: a piped or logged summary keeps each line whole (no wrap at 80 columns).
    console = console or Console(soft_wrap=True)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for col, justify in (("folder", "left"), ("mails", "right"), ("new", "right"),
                         ("findings", "right"), ("problems", "right"), ("", "left")):
        table.add_column(col, justify=justify)
    busy = [f for f in summary.folders if f.mails or f.error or f.reset]
    quiet = len(summary.folders) - len(busy)
    for f in busy[:MAX_FOLDER_ROWS]:
        note = f"[red]{escape(f.error)}[/]" if f.error else ("UIDVALIDITY changed: re-matched" if f.reset else "")
        name = f"{f.source}/{f.folder}" if f.folder else f.source
        table.add_row(name, f"{f.mails:,}", f"{f.new:,}", f"{f.findings:,}",
                      f"{f.problems:,}" if f.problems else "", note)
    if len(busy) > MAX_FOLDER_ROWS:
        table.add_row(f"… {len(busy) - MAX_FOLDER_ROWS} more folders", "", "", "", "", "")
    if busy:
        console.print(table)
    t = {k: summary.total(k) for k in ("mails", "new", "known", "findings", "problems")}
    rate = f", {t['mails'] / summary.seconds:,.0f} mails/s" if summary.seconds and t["mails"] else ""
    unchanged = f"; {quiet} folders unchanged" if quiet else ""
    console.print(
        f"[bold]Scanned[/] {len(summary.folders)} folders in {summary.seconds:.2f} s{rate}{unchanged}: "
        f"{t['new']:,} new messages, {t['known']:,} already stored, "
        f"{t['findings']:,} findings"
        + (f", [yellow]{t['problems']:,} could not be processed[/]" if t["problems"] else "")
    )
    if summary.history:
        parts = ", ".join(f"{n} {rule}" for rule, n in sorted(summary.history.items()))
        console.print(f"Mailbox history: {parts} (mailaudit report for details)")
    if summary.marked or summary.digests:
        digests = f"; digest appended to {', '.join(summary.digests)}" if summary.digests else ""
        console.print(f"In the mailbox: {summary.marked:,} messages tagged{digests}")
    for line in summary.errors:
        # escaped: a hint's "[accounts.work]" is text, not rich markup
        console.print(f"[red]Error:[/] {escape(line)}", highlight=False)
    if summary.store_removed:
        console.print(f"[dim]No store kept: nothing was stored ({escape(summary.db_path)} removed)[/]", highlight=False)
    else:
        console.print(f"[dim]Store: {escape(summary.db_path)}[/]", highlight=False)
