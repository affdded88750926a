"""The evidence ledger: an append-only, hash-chained log in the audit store.

Every evidence entry (an instruction taken in, a DKIM result re-checked) is one
row: its body is canonical JSON (sorted keys, no spaces, UTF-8) of
{seq, kind, sha256, time, ...}; its hash is

    entry_hash = SHA-256(prev_hash + body)     (hex strings, UTF-8)

with prev_hash = 64 zeros for the first entry. Changing, inserting or removing
an entry anywhere breaks every later link, so `verify` can name the first entry
that no longer matches. The chain proves the log was not edited in place; the
head hash, written down elsewhere (an export, a reply to the business side),
proves it was not rebuilt from scratch either.

Appending happens inside the caller's transaction, so an entry and the rows it
vouches for are committed together or not at all. `seq` is the primary key: two
writers can never both append entry N.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from ..store.evidence import ledger_head, ledger_insert, ledger_row, ledger_rows
from ..store.schema import EVIDENCE_LEDGER, ensure_ledger_table

GENESIS = "0" * 64
TABLE = EVIDENCE_LEDGER


def canonical_json(value: Any) -> str:
    """The one serialisation that is hashed: stable across runs and platforms."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(prev_hash: str, body: str) -> str:
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entry:
    seq: int
    kind: str
    sha256: str
    body: str  # canonical JSON, exactly as hashed
    prev_hash: str
    entry_hash: str

    def data(self) -> dict[str, Any]:
        return json.loads(self.body)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "kind": self.kind,
            "sha256": self.sha256,
            "body": self.body,
            "prev_hash": self.prev_hash,
            "entry_hash": self.entry_hash,
        }


@dataclass(frozen=True)
class ChainProblem:
    seq: int  # the first entry that does not match
    what: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "what": self.what}


def ensure_table(db: sqlite_utils.Database) -> None:
    ensure_ledger_table(db)  # defined in store/schema.py


def head(db: sqlite_utils.Database) -> tuple[int, str]:
    """(seq, entry_hash) of the last entry; (0, GENESIS) when empty."""
    return ledger_head(db) or (0, GENESIS)


def append(
    db: sqlite_utils.Database, kind: str, sha256: str, time: str, fields: dict[str, Any]
) -> Entry:
    """Append one entry (call inside a transaction). `fields` are the entry's
    content besides seq/kind/sha256/time."""
    last_seq, prev = head(db)
    seq = last_seq + 1
    body = canonical_json({**fields, "seq": seq, "kind": kind, "sha256": sha256, "time": time})
    entry = Entry(seq, kind, sha256, body, prev, entry_hash(prev, body))
    ledger_insert(db, (entry.seq, entry.kind, entry.sha256, entry.body, entry.prev_hash, entry.entry_hash))
    return entry


def _entry(row: tuple) -> Entry:
    return Entry(*row)


def entries(
    db: sqlite_utils.Database, first: int = 1, last: int | None = None
) -> Iterator[Entry]:
    for row in ledger_rows(db, first, last):
        yield _entry(row)


def get(db: sqlite_utils.Database, seq: int) -> Entry | None:
    row = ledger_row(db, seq)
    return _entry(row) if row else None


def check_entry(entry: Entry, expected_seq: int, prev_hash: str) -> str | None:
    """Why `entry` does not fit the chain at this point, or None."""
    if entry.seq != expected_seq:
        missing = (
            f"entry {expected_seq}"
            if entry.seq == expected_seq + 1
            else f"entries {expected_seq}-{entry.seq - 1}"
        )
        return f"{missing} missing: the chain jumps from {expected_seq - 1} to {entry.seq}"
    if entry.prev_hash != prev_hash:
        return "prev_hash does not match the previous entry's hash (an entry before it was changed, removed or inserted)"
    if entry_hash(entry.prev_hash, entry.body) != entry.entry_hash:
        return "entry_hash does not match its content (the entry was changed)"
    try:
        data = json.loads(entry.body)
    except ValueError:
        return "body is not JSON"
    if canonical_json(data) != entry.body:
        return "body is not in canonical form"
    for key in ("seq", "kind", "sha256"):
        if data.get(key) != getattr(entry, key):
            return f"column {key} ({getattr(entry, key)!r}) differs from the hashed body ({data.get(key)!r})"
    return None


def verify_chain(entries_in_order: Iterator[Entry]) -> Iterator[tuple[Entry, str | None]]:
    """Each entry with the reason it breaks the chain (None when it fits).

    After a break the walk goes on from the entry as stored, so one bad entry is
    reported once rather than poisoning every later one."""
    expected, prev = 1, GENESIS
    for entry in entries_in_order:
        yield entry, check_entry(entry, expected, prev)
        expected, prev = entry.seq + 1, entry.entry_hash


def verify_segment(rows: list[dict[str, Any]], start_prev: str | None = None) -> ChainProblem | None:
    """Check exported chain rows ({seq, prev_hash, entry_hash, body?}) link up.
    Rows without a body are hash links only (their content is not exported)."""
    prev = start_prev
    last_seq = None
    for row in rows:
        if last_seq is not None and row["seq"] != last_seq + 1:
            return ChainProblem(row["seq"], "not consecutive with the previous row")
        if prev is not None and row["prev_hash"] != prev:
            return ChainProblem(row["seq"], "prev_hash does not match the previous entry")
        if "body" in row and entry_hash(row["prev_hash"], row["body"]) != row["entry_hash"]:
            return ChainProblem(row["seq"], "entry_hash does not match its body")
        prev, last_seq = row["entry_hash"], row["seq"]
    return None


__all__ = [
    "GENESIS",
    "ChainProblem",
    "Entry",
    "append",
    "canonical_json",
    "ensure_table",
    "entries",
    "entry_hash",
    "get",
    "head",
    "verify_chain",
    "verify_segment",
]
