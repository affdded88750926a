"""Paths given on the command line -> (source label, raw bytes, base dir).

A path may be one message (.eml, a plain draft, anything else that is a file),
an mbox (a file that starts with "From "), a Maildir (a directory with cur/
and new/), a directory of message files, or "-" for standard input. Reading
is streaming: an mbox of any size is read one message at a time.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class RawInput:
    source: str
    data: bytes
    base_dir: Path | None = None


MAIL_SUFFIXES = {"", ".eml", ".txt", ".draft", ".mbox", ".mail", ".msg", ".raw", ".mime"}
_HEADER_LINE = re.compile(rb"^(?:From |[!-9;-~]+:)")


def looks_like_mail(path: Path) -> bool:
    """In a directory walk, take files named like mail whose first line is a header."""
    if path.name.startswith(".") or path.suffix.lower() not in MAIL_SUFFIXES:
        return False
    try:
        with path.open("rb") as fh:
            return bool(_HEADER_LINE.match(fh.read(256).lstrip(b"\r\n")))
    except OSError:
        return False


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


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


def iter_maildir(path: Path) -> Iterator[RawInput]:
    for sub in ("new", "cur"):
        for entry in sorted((path / sub).iterdir()):
            if entry.is_file() and not entry.name.startswith("."):
                yield RawInput(str(entry), entry.read_bytes(), entry.parent)


def iter_inputs(paths: list[str]) -> Iterator[RawInput]:
    """Every message under `paths`; an unreadable path raises InputError."""
    for name in paths:
        if name == "-":
            yield RawInput("-", sys.stdin.buffer.read(), Path.cwd())
            continue
        path = Path(name)
        if not path.exists():
            raise InputError(f"{name}: no such file or directory")
        try:
            if is_maildir(path):
                yield from iter_maildir(path)
            elif path.is_dir():
                for entry in sorted(p for p in path.rglob("*") if p.is_file()):
                    if not looks_like_mail(entry):
                        continue
                    if is_mbox(entry):
                        yield from iter_mbox(entry)
                    else:
                        yield RawInput(str(entry), entry.read_bytes(), entry.parent)
            elif is_mbox(path):
                yield from iter_mbox(path)
            else:
                yield RawInput(str(path), path.read_bytes(), path.parent)
        except PermissionError:
            raise InputError(f"{name}: permission denied") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror})") from None
