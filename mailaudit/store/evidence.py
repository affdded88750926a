"""The evidence log's tables (defined in schema.py), read and written by name.

What the rows mean and how they follow from the ledger is evidence/'s
business (records.py, ledger.py); the SQL that reads and writes them is here.
Every function takes the store's database handle and joins the caller's
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .schema import (
    EVIDENCE_FTS,
    EVIDENCE_FTS_COLUMNS,
    EVIDENCE_INSTRUCTIONS,
    EVIDENCE_LEDGER,
    EVIDENCE_MESSAGES,
    EVIDENCE_PROBLEMS,
    EVIDENCE_REFS,
    EVIDENCE_THREADS,
)

if TYPE_CHECKING:  # pragma: no cover
    import sqlite_utils

LEDGER_COLUMNS = "seq, kind, sha256, body, prev_hash, entry_hash"


# ------------------------------------------------------------------ ledger
def ledger_head(db: sqlite_utils.Database) -> tuple[int, str] | None:
    """(seq, entry_hash) of the last entry, None when the ledger is empty."""
    row = db.execute(f"SELECT seq, entry_hash FROM {EVIDENCE_LEDGER} ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else None


def ledger_insert(db: sqlite_utils.Database, row: tuple[int, str, str, str, str, str]) -> None:
    """Append one entry: (seq, kind, sha256, body, prev_hash, entry_hash)."""
    db.execute(f"INSERT INTO {EVIDENCE_LEDGER} ({LEDGER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)", list(row))


def ledger_rows(db: sqlite_utils.Database, first: int = 1, last: int | None = None) -> Iterator[tuple]:
    """The entries from `first` (to `last`), in order, as LEDGER_COLUMNS tuples."""
    sql = f"SELECT {LEDGER_COLUMNS} FROM {EVIDENCE_LEDGER} WHERE seq >= ?"
    params: list[Any] = [first]
    if last is not None:
        sql += " AND seq <= ?"
        params.append(last)
    return db.execute(sql + " ORDER BY seq", params)


def ledger_row(db: sqlite_utils.Database, seq: int) -> tuple | None:
    return db.execute(f"SELECT {LEDGER_COLUMNS} FROM {EVIDENCE_LEDGER} WHERE seq = ?", [seq]).fetchone()


# ----------------------------------------------------------------- indexes
def replace_fts_row(db: sqlite_utils.Database, fts: dict[str, Any]) -> None:
    """(Re)write one instruction's full-text row: `rowid` and EVIDENCE_FTS_COLUMNS."""
    db.execute(f"DELETE FROM {EVIDENCE_FTS} WHERE rowid = ?", [fts["rowid"]])
    db.execute(
        f"INSERT INTO {EVIDENCE_FTS} (rowid, {', '.join(EVIDENCE_FTS_COLUMNS)})"
        f" VALUES (?{', ?' * len(EVIDENCE_FTS_COLUMNS)})",
        [fts["rowid"], *(fts[c] for c in EVIDENCE_FTS_COLUMNS)],
    )


def replace_refs(db: sqlite_utils.Database, instruction_id: int, msgids: Iterable[str]) -> None:
    """(Re)write the thread-reference rows of one instruction."""
    db.execute(f"DELETE FROM {EVIDENCE_REFS} WHERE id = ?", [instruction_id])
    for msgid in msgids:
        db.execute(f"INSERT OR IGNORE INTO {EVIDENCE_REFS} (msgid, id) VALUES (?, ?)", [msgid, instruction_id])


def clear_indexes(db: sqlite_utils.Database) -> None:
    """Empty the derived lookup tables (refs, threads, full text) before a rebuild."""
    for table in (EVIDENCE_REFS, EVIDENCE_THREADS, EVIDENCE_FTS):
        db.execute(f"DELETE FROM {table}")


# ------------------------------------------------------------------ intake
def all_instructions(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Every instruction row, in id order."""
    return db.query(f"SELECT * FROM {EVIDENCE_INSTRUCTIONS} ORDER BY id")


def message_taken_in(db: sqlite_utils.Database, sha256: str) -> bool:
    """Whether the log vouches for this message (it has an evidence_messages row)."""
    return db.execute(f"SELECT 1 FROM {EVIDENCE_MESSAGES} WHERE sha256 = ?", [sha256]).fetchone() is not None


def forget_problem(db: sqlite_utils.Database, sha256: str) -> None:
    """The message was taken in after all: its intake problem row goes."""
    db.execute(f"DELETE FROM {EVIDENCE_PROBLEMS} WHERE sha256 = ?", [sha256])
