"""Paths given on the command line -> (source label, raw bytes, base dir).

A path may be one message (.eml, a plain draft, anything else that is a file),
an mbox (a file that starts with "From "), a Maildir (a directory with cur/ or
new/), a directory of message files, or "-" for standard input. Reading is
streaming: an mbox of any size is read one message at a time.

Nothing is dropped silently: whatever is not read is handed to `on_skip` as a
`Skipped` with its reason. A path named on the command line that is missing,
unreadable or not mail is an error (`error=True`: the caller exits 2 once the
rest is done); a file a folder holds besides mail (a README, a Maildir's index,
a hidden file) is named but no error, since folders hold other things.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawInput:
    source: str
    data: bytes
    base_dir: Path | None = None


@dataclass(frozen=True)
class Skipped:
    """An input not read as mail, and why."""

    source: str
    reason: str
    error: bool = True  # named on the command line (exit 2), not merely found in a folder

    def line(self) -> str:
        return f"{self.source}: {self.reason}"


SkipHandler = Callable[[Skipped], None]

_HEADER_LINE = re.compile(rb"^(?:From |[!-9;-~]+:)")
# Signatures of the files most often dropped next to drafts; anything else with
# control bytes in its head is caught by the ratio below.
_MAGIC = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"%PDF": "a PDF file", b"PK\x03\x04": "a ZIP archive (or Office file)", b"\x1f\x8b": "gzip data",
    b"\xd0\xcf\x11\xe0": "an Office/Outlook compound file",
}
# Maildir bookkeeping kept by servers and clients next to cur/ and new/.
_MAILDIR_META = re.compile(r"^(?:dovecot|courier|subscriptions$|maildirfolder$|\.?uidvalidity|\.mh_sequences)")


def not_mail_reason(data: bytes, *, need_headers: bool = False) -> str | None:
    """Why `data` is not a mail message, or None when it may be one.

    Empty input and binary files are never mail. A file met in a folder must
    also start with a header line (`need_headers`); a file named on the command
    line may be a plain draft with stray lines first, which the parser skips."""
    head = data[:4096]
    if not head.strip():
        return "not a mail message (empty)"
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return f"not a mail message ({what})"
    header_first = bool(_HEADER_LINE.match(head.lstrip(b"\r\n")))
    if not header_first:
        controls = sum(1 for b in head if b < 9 or 13 < b < 27 or 27 < b < 32)
        if controls * 100 > len(head):
            return "not a mail message (binary data)"
        if need_headers:
            return "not a mail message (no header lines)"
    return None


def looks_like_mail(path: Path) -> bool:
    """Does the file start like mail (kept for callers that pick files themselves)."""
    try:
        with path.open("rb") as fh:
            return not_mail_reason(fh.read(4096), need_headers=True) is None
    except OSError:
        return False


def is_maildir(path: Path) -> bool:
    """A Maildir has cur/ or new/ (notmuch's corpora and some exports keep only cur/)."""
    return path.is_dir() and ((path / "cur").is_dir() or (path / "new").is_dir())


def is_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(5)
    except OSError:
        return False
    return head == b"From "


def iter_mbox(path: Path) -> Iterator[RawInput]:
    """Messages of an mbox, split on "From " lines (mboxrd/mboxo unescaped)."""
    n = 0
    buf: list[bytes] = []

    def emit() -> RawInput | None:
        nonlocal n
        if not buf:
            return None
        n += 1
        lines = buf[1:]  # drop the "From " envelope line
        data = b"".join(ln[1:] if ln.startswith(b">From ") or ln.startswith(b">>From ") else ln for ln in lines)
        return RawInput(f"{path}#{n}", data, path.parent)

    prev_blank = True
    with path.open("rb") as fh:
        for line in fh:
            if line.startswith(b"From ") and prev_blank:
                item = emit()
                if item is not None:
                    yield item
                buf = [line]
            else:
                buf.append(line)
            prev_blank = line in (b"\n", b"\r\n")
    item = emit()
    if item is not None:
        yield item


def _raise(skip: Skipped) -> None:
    if skip.error:
        raise InputError(skip.line())
    _log.warning("skipped %s", skip.line())


def _read_file(path: Path, on_skip: SkipHandler, *, named: bool) -> Iterator[RawInput]:
    """One file: an mbox's messages, or the file as one message."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
        if head.startswith(b"From "):
            yield from iter_mbox(path)
            return
        reason = not_mail_reason(head, need_headers=not named)
        if reason is None:
            yield RawInput(str(path), path.read_bytes(), path.parent)
            return
        on_skip(Skipped(str(path), reason, error=named))
    except PermissionError:
        on_skip(Skipped(str(path), "permission denied", error=named))
    except OSError as exc:
        on_skip(Skipped(str(path), f"cannot read ({exc.strerror or exc})", error=named))


def _walk(path: Path, on_skip: SkipHandler) -> Iterator[RawInput]:
    """Every regular file under a folder, in name order; a Maildir's messages
    from new/ and cur/, its Maildir++ subfolders (.Sent) included."""
    maildir = is_maildir(path)
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError as exc:
        on_skip(Skipped(str(path), f"cannot read folder ({exc.strerror or exc})", error=False))
        return
    for entry in entries:
        child = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            if maildir and entry.name == "tmp":
                if any(True for _ in os.scandir(child)):
                    on_skip(Skipped(f"{child}/", "Maildir tmp/: mail still being delivered", error=False))
                continue
            if entry.name.startswith(".") and not is_maildir(child):
                on_skip(Skipped(f"{child}/", "hidden folder", error=False))
                continue
            yield from _walk(child, on_skip)
        elif entry.is_file(follow_symlinks=False):
            if maildir and _MAILDIR_META.match(entry.name):
                on_skip(Skipped(str(child), "Maildir index or bookkeeping file, not a message", error=False))
            elif entry.name.startswith("."):
                on_skip(Skipped(str(child), "hidden file", error=False))
            else:
                yield from _read_file(child, on_skip, named=False)
        else:
            on_skip(Skipped(str(child), "not a regular file", error=False))


def iter_maildir(path: Path, on_skip: SkipHandler | None = None) -> Iterator[RawInput]:
    yield from _walk(path, on_skip or _raise)


def iter_inputs(paths: list[str], on_skip: SkipHandler | None = None) -> Iterator[RawInput]:
    """Every message under `paths`, each skipped input handed to `on_skip`.

    Without `on_skip`, the first skipped input named on the command line
    raises InputError and a file skipped in a folder is logged as a warning (a
    library caller that has not said what to do with one gets no silent loss)."""
    handle = on_skip or _raise
    for name in paths:
        if name == "-":
            data = sys.stdin.buffer.read()
            reason = not_mail_reason(data)
            if reason is None:
                yield RawInput("-", data, Path.cwd())
            else:
                handle(Skipped("-", f"standard input is {reason}"))
            continue
        path = Path(name)
        if not path.exists():
            handle(Skipped(name, "no such file or directory"))
        elif path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                handle(Skipped(name, "permission denied"))
            else:
                yield from _walk(path, handle)
        elif path.is_file():
            yield from _read_file(path, handle, named=True)
        else:
            handle(Skipped(name, "not a regular file"))
