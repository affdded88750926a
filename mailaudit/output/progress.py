"""Progress of long work, on a terminal only: a transient line on stderr.

With a known total (Maildir count, IMAP search, a list of files) it shows a
bar, the percentage and the time left; without one, the count and the rate.
Nothing is drawn when stderr is not a terminal, so piped and JSON output
never carry it.
"""

from __future__ import annotations

import sys
from types import TracebackType


def progress_columns() -> tuple:
    """The columns every progress line of mailaudit shows."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return (
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=24),
        MofNCompleteColumn(),
        TaskProgressColumn(),  # the percentage, once the total is known
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )


class TerminalProgress:
    """`with TerminalProgress("lint", total) as p: ... p.advance()`; a no-op off a terminal."""

    def __init__(self, label: str, total: int | None = None, *, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.label, self.total = label, total
        self._progress = None
        self._task = None

    def __enter__(self) -> TerminalProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(*progress_columns(), console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=self.total)
        return self

    def advance(self, count: int = 1) -> None:
        if self._progress is not None:
            self._progress.update(self._task, advance=count)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()
