"""mbox source: one mbox file (folder "") or a directory of them (folder = relative path).

Incremental by position: `FolderState.extra` holds

    offset  where the next unread message starts (its "From " line)
    check   SHA-256 of up to 1 KiB just before `offset`
    size, mtime_ns   the file as last read to its end (absent mid-read)

Unchanged size and mtime -> nothing is opened. A grown file whose bytes before
`offset` still match `check` -> only the tail is read. Anything else (shrunk,
rewritten by an expunge, compacted) -> the whole file again with reset=True,
and the scan re-matches by content.

The file is read in 1 MiB chunks, never loaded whole: messages are cut at a "From " line that
follows an empty line (mboxrd/mboxo; `>From ` quoting is left as it is, like
Python's mailbox module). The key of a message is "#<offset of its From line>".
A last message without the closing empty line in a file modified within the
last seconds may still be being written; it waits for the next run.
"""

from __future__ import annotations

import hashlib
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
CHUNK = 1 << 20
SKIP_SUFFIXES = (".msf", ".dat", ".json", ".sqlite", ".lock")


def _fingerprint(fd: int, offset: int) -> str:
    if offset == 0:
        return ""
    span = min(CHECK_SPAN, offset)
    return hashlib.sha256(os.pread(fd, span, offset - span)).hexdigest()


def _split(fd: int, start: int, end: int) -> Iterator[tuple[int, bytes, int]]:
    """(offset, message with its From line, offset of the next one) for each
    message from `start` to `end`, reading CHUNK bytes at a time: memory stays
    at about the largest message, whatever the file size."""
    buf = bytearray()
    base = start  # file offset of buf[0]
    cur = 0  # start of the current message in buf
    look = 0  # where the separator search resumes
    while True:
        found = SEPARATOR.search(buf, max(cur, look))
        if found:
            nxt = found.end() - 5
            yield base + cur, bytes(buf[cur : found.start() + 1]), base + nxt
            cur = look = nxt
            continue
        filled = base + len(buf)
        if filled >= end:
            if cur < len(buf):
                yield base + cur, bytes(buf[cur:]), end
            return
        del buf[:cur]
        base, cur = base + cur, 0
        look = max(0, len(buf) - 7)  # a separator may straddle the chunk boundary
        chunk = os.pread(fd, min(CHUNK, end - filled), filled)
        if not chunk:  # shrank under us: stop at what is there
            end = filled
            continue
        buf += chunk


def _from_date(line: bytes) -> datetime | None:
    found = FROM_DATE.search(line)
    if not found:
        return None
    try:
        when = datetime.strptime(found.group(1).decode("ascii"), "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None
    return when.replace(tzinfo=UTC)


def _without_final_empty_line(message: bytes) -> bytes:
    """The last message without the empty line that closes it."""
    if message.endswith(b"\r\n\r\n"):
        return message[:-2]
    if message.endswith((b"\n\n", b"\n\r\n")):
        return message[:-1] if message.endswith(b"\n\n") else message[:-2]
    return message


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
        with open(path, "rb") as f:
            yield from self._read(f.fileno(), folder, st, extra)

    def _read(
        self, fd: int, folder: str, st: os.stat_result, extra: dict[str, Any]
    ) -> Iterator[Batch]:
        end = st.st_size
        offset = extra.get("offset", 0)
        reset = False
        if offset and (
            offset > end
            or _fingerprint(fd, offset) != extra.get("check")
            or (offset < end and os.pread(fd, 5, offset) != b"From ")
        ):
            reset, offset = True, 0  # shrunk or rewritten: what we know no longer holds
        if offset == 0 and end and os.pread(fd, 5, 0) != b"From ":
            raise InputError(f"{self._path(folder)}: not an mbox (does not start with 'From ')")
        # The last message is complete when the file ends with an empty line,
        # or when nobody has written to the file for a while.
        settled = (
            os.pread(fd, 2, max(0, end - 2)) == b"\n\n" or time.time_ns() - st.st_mtime_ns > RACY_NS
        )

        batch: list[RawMail] = []
        size = self.account.batch_size
        position = offset
        for start, message, next_start in _split(fd, offset, end):
            if next_start >= end:
                if not settled:
                    break
                message = _without_final_empty_line(message)
            line_end = message.find(b"\n")
            body_start = line_end + 1 if line_end >= 0 else len(message)
            batch.append(
                RawMail(
                    source=self.name,
                    folder=folder,
                    key=f"#{start}",
                    data=message[body_start:],
                    internaldate=_from_date(message[:body_start]),
                )
            )
            position = next_start
            if len(batch) >= size and position < end:
                yield Batch(batch, self._state(folder, fd, position, None), reset=reset)
                batch = []
        final = self._state(folder, fd, position, st if position >= end else None)
        if batch or final.extra != extra or reset:
            yield Batch(batch, final, reset=reset)

    def _state(self, folder: str, fd: int, offset: int, st: os.stat_result | None) -> FolderState:
        extra: dict[str, Any] = {"offset": offset, "check": _fingerprint(fd, offset)}
        if st is not None:  # read to the end: the next run may skip on size + mtime
            extra.update(size=st.st_size, mtime_ns=st.st_mtime_ns)
        return FolderState(self.name, folder, extra=extra)

    def close(self) -> None:
        pass
