"""What every mail source hands to the scan: raw bytes plus a resumable state.

A source never parses mail and never touches the store. It reads one folder
from the position in a `FolderState` and yields `Batch`es; each batch carries
the state *after* its messages, so the scan can store the messages and the new
state in one transaction. A crash between batches therefore loses nothing and
doubles nothing: the next run starts from the last committed state.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class RawMail:
    """One message as the source holds it."""

    source: str  # configured source/account name, e.g. "work" or "archive-maildir"
    folder: str  # folder as the user names it ("INBOX", "Projects/Ads"; "" for a lone mbox)
    key: str  # stable per-folder key: IMAP UID, Maildir unique name (no flags), mbox "#<n>"
    data: bytes
    flags: tuple[str, ...] = ()
    internaldate: datetime | None = None

    @property
    def locator(self) -> str:
        """Human-readable address of this copy, shown in reports."""
        folder = f"/{self.folder}" if self.folder else ""
        return f"{self.source}{folder};{self.key}"


@dataclass
class FolderState:
    """Where the last committed scan of one folder stopped."""

    source: str
    folder: str
    uidvalidity: int | None = None  # IMAP
    # IMAP: every UID up to here is covered. It can pass the highest UID stored
    # (mail that arrived and was expunged between scans), so that the next run
    # still sees "nothing new" with one STATUS.
    last_uid: int = 0
    highestmodseq: int | None = None  # IMAP CONDSTORE
    # Maildir/mbox bookkeeping (JSON-able, opaque to the store: save it as is).
    # Maildir packs its known keys into one string, so it stays ~13 bytes a message.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Batch:
    mails: list[RawMail]
    state: FolderState  # the state once these mails are stored
    # True when the folder's identity changed (IMAP UIDVALIDITY; an mbox that
    # shrank or was rewritten): the scan must re-match what it already has by
    # Message-ID + SHA-256 instead of trusting keys. Every batch of the re-read
    # has it; its first batch's state already carries the new identity, so the
    # scan drops the folder's old keys in that first commit. A re-read stopped
    # and resumed in a later run goes on with reset=False: nothing old is left.
    reset: bool = False
    # Keys no longer in the folder (informational; the sources here leave it empty).
    gone: list[str] = field(default_factory=list)
    # How many mails this pass over the folder hands over in all, when the source
    # knows it up front (Maildir's listing, IMAP's UID SEARCH): progress shows a
    # percentage and the time left. None: unknown (an mbox is read as it streams).
    total: int | None = None


class Source(Protocol):
    name: str

    def folders(self) -> list[str]:
        """Folders to scan, after the include/exclude patterns of the config."""
        ...

    def fetch_new(self, folder: str, state: FolderState | None) -> Iterator[Batch]:
        """Yield what is new since `state` (None: first scan), in batches."""
        ...

    def close(self) -> None: ...
