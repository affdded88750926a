"""mbox source: one mbox file (folder "") or a directory of them (folder = relative path).

Incremental by position: `FolderState.extra` holds

    offset  where the next unread message starts (its "From " line)
    check   SHA-256 of up to 1 KiB just before `offset`
    size, mtime_ns   the file as last read to its end (absent mid-read)

Unchanged size and mtime -> nothing is opened. A grown file whose bytes before
`offset` still match `check` -> only the tail is read. Anything else (shrunk,
rewritten by an expunge, compacted) -> the whole file again with reset=True,
and the scan re-matches by content.

The file is mapped, not loaded: messages are cut at a "From " line that
follows an empty line (mboxrd/mboxo; `>From ` quoting is left as it is, like
Python's mailbox module). The key of a message is "#<offset of its From line>".
A last message without the closing empty line in a file modified within the
last seconds may still be being written; it waits for the next run.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError
from .accounts import LocalAccount, select_folders
from .base import Batch, FolderState, RawMail

SEPARATOR = re.compile(rb"\n\r?\nFrom ")  # end of a message's last line, empty line, next From
FROM_DATE = re.compile(rb"(\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4})\s*$")
CHECK_SPAN = 1024
RACY_NS = 2_000_000_000
SKIP_SUFFIXES = (".msf", ".dat", ".json", ".sqlite", ".lock")


def _fingerprint(mm: mmap.mmap | bytes, offset: int) -> str:
    return hashlib.sha256(mm[max(0, offset - CHECK_SPAN) : offset]).hexdigest()


def _from_date(line: bytes) -> datetime | None:
    found = FROM_DATE.search(line)
    if not found:
        return None
    try:
        when = datetime.strptime(found.group(1).decode("ascii"), "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None
    return when.replace(tzinfo=UTC)


def _without_final_empty_line(mm: mmap.mmap, start: int, end: int) -> int:
    """Where the last message ends: before the empty line that closes it."""
    for closing in (b"\r\n\r\n", b"\n\n", b"\n\r\n"):
        if end - start >= len(closing) and mm[end - len(closing) : end] == closing:
            return end - len(closing) + (2 if closing[0] == 13 else 1)
    return end


def _looks_like_mbox(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(5) == b"From "
    except OSError:
        return False


class MboxSource:
    def __init__(self, account: LocalAccount):
        self.account = account
        self.name = account.name
        self.root = account.path

    def __repr__(self) -> str:
        return f"MboxSource({self.name!r}, {str(self.root)!r})"

    def folders(self) -> list[str]:
        root = self.root
        if root.is_file():
            return [""]
        if not root.is_dir():
            raise InputError(f"{root}: no such mbox", hint=f"check path in [accounts.{self.name}]")
        names = []
        for dirpath, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in files:
                full = os.path.join(dirpath, f)
                if (
                    not f.startswith(".")
                    and not f.endswith(SKIP_SUFFIXES)
                    and _looks_like_mbox(full)
                ):
                    names.append(Path(full).relative_to(root).as_posix())
        return select_folders(names, self.account.folders, self.account.skip_folders)

    def _path(self, folder: str) -> Path:
        return self.root if folder == "" else self.root / folder

    def fetch_new(self, folder: str, state: FolderState | None) -> Iterator[Batch]:
        path = self._path(folder)
        try:
            st = os.stat(path)
        except OSError as exc:
            raise InputError(f"{path}: cannot read mbox: {exc.strerror}") from None
        extra: dict[str, Any] = state.extra if state is not None else {}
        if extra.get("size") == st.st_size and extra.get("mtime_ns") == st.st_mtime_ns:
            return  # the no-change case: one stat
        if st.st_size == 0:
            empty = {"offset": 0, "check": "", "size": 0, "mtime_ns": st.st_mtime_ns}
            if extra != empty:
                yield Batch([], FolderState(self.name, folder, extra=empty), reset=bool(extra))
            return
        with (
            open(path, "rb") as f,
            mmap.mmap(f.fileno(), st.st_size, access=mmap.ACCESS_READ) as mm,
        ):
            yield from self._read(mm, folder, st, extra)

    def _read(
        self, mm: mmap.mmap, folder: str, st: os.stat_result, extra: dict[str, Any]
    ) -> Iterator[Batch]:
        end = st.st_size
        offset = extra.get("offset", 0)
        reset = False
        if offset and (
            offset > end
            or _fingerprint(mm, offset) != extra.get("check")
            or (offset < end and mm[offset : offset + 5] != b"From ")
        ):
            reset, offset = True, 0  # shrunk or rewritten: what we know no longer holds
        if offset == 0 and mm[:5] != b"From ":
            raise InputError(f"{self._path(folder)}: not an mbox (does not start with 'From ')")
        # The last message is complete when the file ends with an empty line,
        # or when nobody has written to the file for a while.
        settled = mm[max(0, end - 2) : end] == b"\n\n" or time.time_ns() - st.st_mtime_ns > RACY_NS

        batch: list[RawMail] = []
        size = self.account.batch_size
        start = offset
        while start < end:
            sep = SEPARATOR.search(mm, start, end)
            if sep is None and not settled:
                break
            stop = sep.start() + 1 if sep else _without_final_empty_line(mm, start, end)
            next_start = sep.end() - 5 if sep else end
            line_end = mm.find(b"\n", start, stop)
            body_start = line_end + 1 if line_end >= 0 else stop
            batch.append(
                RawMail(
                    source=self.name,
                    folder=folder,
                    key=f"#{start}",
                    data=mm[body_start:stop],
                    internaldate=_from_date(mm[start:body_start]),
                )
            )
            start = next_start
            if len(batch) >= size and start < end:
                yield Batch(batch, self._state(folder, mm, start, None), reset=reset)
                batch = []
        done = start >= end
        final = self._state(folder, mm, start, st if done else None)
        if batch or final.extra != extra or reset:
            yield Batch(batch, final, reset=reset)

    def _state(
        self, folder: str, mm: mmap.mmap, offset: int, st: os.stat_result | None
    ) -> FolderState:
        extra: dict[str, Any] = {
            "offset": offset,
            "check": _fingerprint(mm, offset) if offset else "",
        }
        if st is not None:  # read to the end: the next run may skip on size + mtime
            extra.update(size=st.st_size, mtime_ns=st.st_mtime_ns)
        return FolderState(self.name, folder, extra=extra)

    def close(self) -> None:
        pass
