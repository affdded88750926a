"""The scan lock: two scans of one store never overlap.

A POSIX record lock (fcntl.lockf) on a file next to the database. The kernel
drops it when the holding process dies, even by `kill -9`, and, unlike flock,
it is not inherited by worker processes, so a killed scan's orphans can never
keep the next run out.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

from ..errors import InputError, LockedError

# POSIX locks belong to the process: a second lockf from the same process would
# succeed, and closing its descriptor would drop the first. Track our own.
_HELD: dict[str, int] = {}  # path -> pid (a forked child holds nothing)


class ScanLock:
    def __init__(self, path: Path, *, wait: bool = False):
        self.path = path
        self.wait = wait
        self.fd: int | None = None

    @classmethod
    def for_db(cls, db_path, lock_path=None, *, wait: bool = False) -> ScanLock:
        db_path = Path(db_path)
        return cls(Path(lock_path) if lock_path else db_path.with_name(db_path.name + ".lock"), wait=wait)

    def _holder(self) -> str:
        try:
            pid = os.read(self.fd, 32).decode().strip() if self.fd is not None else ""
            os.lseek(self.fd, 0, os.SEEK_SET)
        except OSError:
            pid = ""
        return f" (pid {pid})" if pid.isdigit() else ""

    def _refuse(self, holder: str) -> LockedError:
        return LockedError(
            f"another scan is running on this store{holder}",
            hint="it will finish on its own; use --wait to queue behind it",
        )

    def __enter__(self) -> ScanLock:
        key = str(self.path.resolve())
        if _HELD.get(key) == os.getpid():
            raise self._refuse(f" (pid {os.getpid()}, this process)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise InputError(f"{self.path}: cannot create the scan lock: {exc.strerror}") from None
        try:
            fcntl.lockf(self.fd, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            holder = self._holder()
            os.close(self.fd)
            self.fd = None
            raise self._refuse(holder) from None
        _HELD[key] = os.getpid()
        self.key = key
        os.ftruncate(self.fd, 0)
        os.write(self.fd, f"{os.getpid()}\n".encode())
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock
            self.fd = None
            _HELD.pop(self.key, None)
