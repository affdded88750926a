"""How many messages paths hold, when that is cheap to know: for progress.

A plain file is one message and a Maildir one file per message in cur/ and
new/; an mbox or a directory tree would have to be read to count, so the
answer is None (progress then shows a count without a total).
"""

from __future__ import annotations

import os
from pathlib import Path

from .paths import is_maildir, is_mbox


def count_messages(paths: list[str]) -> int | None:
    total = 0
    for name in paths:
        path = Path(name)
        if name == "-":
            total += 1
        elif is_maildir(path):
            for sub in ("cur", "new"):
                try:
                    with os.scandir(path / sub) as entries:
                        total += sum(1 for e in entries if not e.name.startswith("."))
                except OSError:
                    return None
        elif path.is_file() and not is_mbox(path):
            total += 1
        else:
            return None
    return total
