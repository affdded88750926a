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
def insert_instruction(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """A new instruction row (its id is its ledger entry's seq: never replaced)."""
    db[EVIDENCE_INSTRUCTIONS].insert(row)


def put_message_row(db: sqlite_utils.Database, row: dict[str, Any], *, replace: bool = False) -> None:
    """A message's evidence row (replace: a later DKIM entry changed it)."""
    db[EVIDENCE_MESSAGES].insert(row, replace=replace)


def put_thread_row(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    db[EVIDENCE_THREADS].insert(row, replace=True)


def record_intake_problem(db: sqlite_utils.Database, sha256: str, source: str, reason: str, time: str) -> None:
    """A message intake could not read (or store): kept until it is taken in."""
    db[EVIDENCE_PROBLEMS].insert({"sha256": sha256, "source": source, "reason": reason, "time": time}, replace=True)


def all_instructions(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Every instruction row, in id order."""
    return db.query(f"SELECT * FROM {EVIDENCE_INSTRUCTIONS} ORDER BY id")


def message_taken_in(db: sqlite_utils.Database, sha256: str) -> bool:
    """Whether the log vouches for this message (it has an evidence_messages row)."""
    return db.execute(f"SELECT 1 FROM {EVIDENCE_MESSAGES} WHERE sha256 = ?", [sha256]).fetchone() is not None


def forget_problem(db: sqlite_utils.Database, sha256: str) -> None:
    """The message was taken in after all: its intake problem row goes."""
    db.execute(f"DELETE FROM {EVIDENCE_PROBLEMS} WHERE sha256 = ?", [sha256])


# ----------------------------------------------------------------- threads
def _chunks(items: Iterable[Any], size: int = 500) -> Iterator[list[Any]]:
    items = list(items)
    for at in range(0, len(items), size):
        yield items[at : at + size]


def _refs(db: sqlite_utils.Database, column: str, by: str, values: Iterable[Any]) -> set[Any]:
    out: set[Any] = set()
    for chunk in _chunks(values):
        marks = ",".join("?" * len(chunk))
        out.update(r[0] for r in db.execute(f"SELECT {column} FROM {EVIDENCE_REFS} WHERE {by} IN ({marks})", chunk))
    return out


def ids_by_msgids(db: sqlite_utils.Database, msgids: Iterable[str]) -> set[int]:
    """Instructions whose message has one of these Message-IDs (or refers to it)."""
    return _refs(db, "id", "msgid", msgids)


def msgids_of(db: sqlite_utils.Database, ids: Iterable[int]) -> set[str]:
    """The Message-IDs that tie these instructions to their threads."""
    return _refs(db, "msgid", "id", ids)


def instructions_by_id(db: sqlite_utils.Database, ids: Iterable[int]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        out.extend(db.query(f"SELECT * FROM {EVIDENCE_INSTRUCTIONS} WHERE id IN ({marks})", chunk))
    return out


def referred_by_other(db: sqlite_utils.Database, msgids: list[str], instruction_id: int) -> bool:
    """Whether another instruction's message has or refers to one of these Message-IDs."""
    marks = ",".join("?" * len(msgids))
    return db.execute(
        f"SELECT 1 FROM {EVIDENCE_REFS} WHERE msgid IN ({marks}) AND id != ? LIMIT 1", [*msgids, instruction_id]
    ).fetchone() is not None


def same_subject_before(db: sqlite_utils.Database, subject_key: str, before: str, since: str,
                        not_sha256: str) -> Iterator[dict[str, Any]]:
    """(id, advertiser) of instructions with this subject key sent in [since, before),
    newest first, at most 50, other than those of message `not_sha256`."""
    return db.query(
        f"SELECT id, advertiser FROM {EVIDENCE_INSTRUCTIONS} WHERE subject_key = ? AND date_utc < ?"
        " AND date_utc >= ? AND sha256 != ? ORDER BY date_utc DESC, id DESC LIMIT 50",
        [subject_key, before, since, not_sha256],
    )


def same_subject_after(db: sqlite_utils.Database, subject_key: str, after: str, until: str) -> Iterator[dict[str, Any]]:
    """Instruction rows with this subject key sent in (after, until]."""
    return db.query(
        f"SELECT * FROM {EVIDENCE_INSTRUCTIONS} WHERE subject_key = ? AND date_utc > ? AND date_utc <= ?",
        [subject_key, after, until],
    )


def thread_row(db: sqlite_utils.Database, instruction_id: int) -> tuple | None:
    """(id, thread_id, amends, label, advertiser) of an instruction's thread row."""
    return db.execute(
        f"SELECT id, thread_id, amends, label, advertiser FROM {EVIDENCE_THREADS} WHERE id = ?", [instruction_id]
    ).fetchone()


# ------------------------------------------------------------------ verify
def count_intake_problems(db: sqlite_utils.Database) -> int:
    return db.execute(f"SELECT COUNT(*) FROM {EVIDENCE_PROBLEMS}").fetchone()[0]


def count_messages_not_evidence(db: sqlite_utils.Database) -> int:
    """Messages a scan stored that the log does not vouch for (no instruction in them)."""
    return db.execute(
        f"SELECT COUNT(*) FROM messages WHERE sha256 NOT IN (SELECT sha256 FROM {EVIDENCE_MESSAGES})"
    ).fetchone()[0]


def all_message_rows(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Every evidence_messages row (one scan)."""
    return db.query(f"SELECT * FROM {EVIDENCE_MESSAGES}")


def instruction_ids(db: sqlite_utils.Database) -> Iterator[tuple[int]]:
    return db.execute(f"SELECT id FROM {EVIDENCE_INSTRUCTIONS} ORDER BY id")


def message_firsts(db: sqlite_utils.Database) -> Iterator[tuple[str, int]]:
    """(sha256, first_seq) of every message the log vouches for."""
    return db.execute(f"SELECT sha256, first_seq FROM {EVIDENCE_MESSAGES}")


def messages_with_dkim_temperror(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Messages whose DKIM key could not be fetched at intake, in ledger order."""
    return list(db.query(f"SELECT * FROM {EVIDENCE_MESSAGES} WHERE dkim_result = 'temperror' ORDER BY first_seq"))


# ------------------------------------------------------------------ lookup
def fts_keys(db: sqlite_utils.Database, expression: str, lo: int | None, hi: int | None,
             limit: int | None) -> list[int]:
    """Full-text rowids (date keys) matching an FTS5 expression, in [lo, hi), newest first."""
    sql = [f"SELECT rowid FROM {EVIDENCE_FTS} WHERE {EVIDENCE_FTS} MATCH ?"]
    params: list[Any] = [expression]
    if lo is not None:
        sql.append("AND rowid >= ?")
        params.append(lo)
    if hi is not None:
        sql.append("AND rowid < ?")
        params.append(hi)
    sql.append("ORDER BY rowid DESC")
    if limit:
        sql.append("LIMIT ?")
        params.append(limit)
    return [key for (key,) in db.execute(" ".join(sql), params)]


def ids_by_date(db: sqlite_utils.Database, since: str | None, before: str | None, limit: int | None) -> list[int]:
    """Instruction ids sent in [since, before) (either open), newest first."""
    where, params = [], []
    if since:
        where.append("date_utc >= ?")
        params.append(since)
    if before:
        where.append("date_utc < ?")
        params.append(before)
    sql = f"SELECT id FROM {EVIDENCE_INSTRUCTIONS}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY date_utc DESC, id DESC"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [r[0] for r in db.execute(sql, params)]


def hit_rows(db: sqlite_utils.Database, ids: list[int]) -> dict[int, tuple]:
    """id -> (id, date, action, label, slots, start, end, advertiser, inherited advertiser,
    campaign, requester, subject, record, thread_id, dkim_result, sha256, dkim_signed)."""
    rows = {}
    for chunk in _chunks(ids):
        sql = (
            "SELECT i.id, i.date, i.action, t.label, i.slots, i.start, i.end, i.advertiser,"
            " t.advertiser AS inherited, i.campaign, i.requester, i.subject, i.record, t.thread_id,"
            " m.dkim_result, i.sha256, json_extract(l.body, '$.dkim_signed')"
            f" FROM {EVIDENCE_INSTRUCTIONS} i LEFT JOIN {EVIDENCE_THREADS} t ON t.id = i.id"
            f" LEFT JOIN {EVIDENCE_LEDGER} l ON l.seq = i.id"
            f" LEFT JOIN {EVIDENCE_MESSAGES} m ON m.sha256 = i.sha256"
            f" WHERE i.id IN ({','.join('?' * len(chunk))})"
        )
        for row in db.execute(sql, chunk):
            rows[row[0]] = row
    return rows


def instruction_by_id(db: sqlite_utils.Database, instruction_id: int) -> dict[str, Any] | None:
    rows = list(db.query(f"SELECT * FROM {EVIDENCE_INSTRUCTIONS} WHERE id = ?", [instruction_id]))
    return rows[0] if rows else None


def message_dkim(db: sqlite_utils.Database, sha256: str) -> str | None:
    """The canonical JSON of a message's current DKIM result, None when the log has no row."""
    row = db.execute(f"SELECT dkim FROM {EVIDENCE_MESSAGES} WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row else None

