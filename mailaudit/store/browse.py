"""Named reads for the web page (mailaudit/web/): scanned mail paged and filtered
by rule, level, sender, folder and week, one message with its findings, the
filter choices, and a read-only way to open the store.

The web stage calls these by name and never writes SQL, so a later store on
another database serves the same pages by implementing the same functions.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .fulltext import fts_match_expression, snippet
from .schema import EVIDENCE_PROBLEMS, FTS_COLUMNS
from .store import Store

if TYPE_CHECKING:  # pragma: no cover
    import os

    import sqlite_utils


def open_read_only(path: str | os.PathLike) -> Store:
    """The store at `path` (it must exist), refusing every write on this
    connection: the web page only reads, whatever a bug in it would try."""
    store = Store.open(path, create=False)
    store.db.execute("PRAGMA query_only = 1")
    return store


def has_evidence_log(db: sqlite_utils.Database) -> bool:
    """Whether evidence was ever taken into this store (its tables exist)."""
    return EVIDENCE_PROBLEMS in db.table_names()


@dataclass
class MailFilter:
    """What the findings pages filter on; every field optional."""

    text: str = ""
    rule: str | None = None  # an id, or a prefix such as `attachment`
    level: str | None = None  # error | warning | info
    sender: str | None = None  # contained in the From name or address (case folded)
    folder: str | None = None  # "source/folder" or a folder name as scanned
    since: str | None = None  # UTC ISO bound, inclusive
    until: str | None = None  # UTC ISO bound, exclusive
    sender_emails: tuple[str, ...] | None = None  # from senders(): the addresses `sender` can match


@dataclass
class MailRow:
    sha256: str
    message_id: str | None
    date: str | None
    sender: str
    subject: str
    snippet: str
    findings: list[dict[str, str]] = field(default_factory=list)  # rule, level, message

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _where(f: MailFilter) -> tuple[list[str], list[Any]] | None:
    """(conditions, params); None when the text can match nothing. Every condition
    is `m.column ...` or `m.x IN (subquery)`, so the page query can choose its plan."""
    where: list[str] = []
    params: list[Any] = []
    if f.text.strip():
        expr = fts_match_expression(f.text, FTS_COLUMNS)
        if expr is None:
            return None
        where.append("m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)")
        params.append(expr)
    if f.rule or f.level:
        conds, cparams = [], []
        if f.rule:
            # The id itself, or the ids under it as a prefix ("attachment" finds
            # attachment-*): a range, not LIKE, so the rule index serves both.
            prefix = f.rule.rstrip("-") + "-"
            conds.append("(rule = ? OR (rule >= ? AND rule < ?))")
            cparams += [f.rule, prefix, prefix[:-1] + "."]
        if f.level:
            conds.append("level = ?")
            cparams.append(f.level)
        cond = " AND ".join(conds)
        where.append(f"m.sha256 IN (SELECT sha256 FROM findings WHERE {cond}"
                     f" UNION SELECT sha256 FROM history_findings WHERE sha256 IS NOT NULL AND {cond})")
        params += cparams + cparams
    if f.sender:
        if f.sender_emails is not None and len(f.sender_emails) <= 500:
            # The addresses whose sender line contains it, worked out from
            # `senders()`: the from_email index finds their mail without reading every row.
            where.append(f"m.from_email IN ({','.join('?' * len(f.sender_emails))})")
            params += list(f.sender_emails)
        where.append("instr(lower(m.from_name || ' <' || m.from_email || '>'), lower(?)) > 0")
        params.append(f.sender)
    if f.folder:
        where.append("m.sha256 IN (SELECT sha256 FROM locations WHERE folder = ? OR source || '/' || folder = ?)")
        params += [f.folder, f.folder]
    if f.since:
        where.append("m.date_utc >= ?")
        params.append(f.since)
    if f.until:
        where.append("m.date_utc < ?")
        params.append(f.until)
    return where, params


def count_mail(db: sqlite_utils.Database, f: MailFilter) -> int:
    """How many stored messages match `f`."""
    parts = _where(f)
    if parts is None:
        return 0
    where, params = parts
    sql = " ".join(["SELECT COUNT(*) FROM messages m", *(["WHERE " + " AND ".join(where)] if where else [])])
    return db.execute(sql, params).fetchone()[0]


BROAD = 2000  # matches above which walking the date index beats sorting the matches


def page_mail(db: sqlite_utils.Database, f: MailFilter, offset: int = 0, limit: int = 50,
              total: int | None = None) -> list[MailRow]:
    """One page of the matching messages, newest first (undated last), each with its findings.

    `total` (count_mail of `f`, when the caller has it) picks the plan: a filter
    most mail matches (every message with a warning) is paged by walking the date
    index until the page is full; a narrow one by sorting its few matches."""
    parts = _where(f)
    if parts is None:
        return []
    where, params = parts
    if total is not None and total > BROAD:
        # `+` keeps SQLite from driving the query by the finding's messages.
        where = [w.replace("m.sha256 IN", "+m.sha256 IN").replace("m.id IN", "+m.id IN") for w in where]
    # Page over the date index with the bare ids first, then read the 50 rows: sorting
    # whole rows (their text) to keep 50 cost seconds on a big store.
    sql = ["SELECT m.id FROM messages m"]
    if where:
        sql.append("WHERE " + " AND ".join(where))
    sql.append("ORDER BY m.date_utc DESC, m.sha256 LIMIT ? OFFSET ?")
    ids = [r[0] for r in db.execute(" ".join(sql), [*params, limit, offset])]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    found_rows = {r[0]: r[1:] for r in db.execute(
        "SELECT id, sha256, message_id, date, from_name, from_email, subject, substr(text, 1, 2000)"
        f" FROM messages WHERE id IN ({marks})", ids)}
    rows = [found_rows[i] for i in ids if i in found_rows]
    found = findings_of(db, [r[0] for r in rows])
    return [
        MailRow(sha, mid, date, f"{name} <{email}>" if name else email, subject,
                snippet(text or subject, f.text), found.get(sha, []))
        for sha, mid, date, name, email, subject, text in rows
    ]


def findings_of(db: sqlite_utils.Database, hashes: list[str]) -> dict[str, list[dict[str, str]]]:
    """sha256 -> [{rule, level, message}] of message and mailbox-history findings."""
    out: dict[str, list[dict[str, str]]] = {}
    for start in range(0, len(hashes), 400):
        chunk = hashes[start:start + 400]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT sha256, rule, level, message FROM findings WHERE sha256 IN ({marks})"
            f" UNION ALL SELECT sha256, rule, level, message FROM history_findings WHERE sha256 IN ({marks})",
            [*chunk, *chunk],
        )
        for sha, rule, level, message in rows:
            out.setdefault(sha, []).append({"rule": rule, "level": level, "message": message})
    return out


def senders(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """Every distinct (from_name, from_email): a few hundred in a mailbox of
    thousands, so a sender filter can be matched against them first."""
    return db.execute("SELECT DISTINCT from_name, from_email FROM messages").fetchall()


def sender_emails(pairs: list[tuple[str, str]], sender: str) -> tuple[str, ...]:
    """The addresses of `pairs` whose "name <address>" contains `sender` (case folded)."""
    low = sender.lower()
    return tuple(sorted({e for n, e in pairs if low in f"{n} <{e}>".lower()}))


def mail_choices(db: sqlite_utils.Database) -> dict[str, list[Any]]:
    """The values the filters offer: rules (with counts), levels, folders."""
    rules = db.execute(
        "SELECT rule, level, COUNT(*) FROM (SELECT rule, level FROM findings"
        " UNION ALL SELECT rule, level FROM history_findings) GROUP BY rule ORDER BY COUNT(*) DESC, rule"
    ).fetchall()
    folders = db.execute(
        "SELECT source, folder, COUNT(*) FROM locations GROUP BY source, folder ORDER BY source, folder"
    ).fetchall()
    return {
        "rules": [{"rule": r, "level": lv, "count": n} for r, lv, n in rules],
        "folders": [{"source": s, "folder": fo, "count": n} for s, fo, n in folders],
    }


def mail_detail(db: sqlite_utils.Database, sha256: str) -> dict[str, Any] | None:
    """One stored message (its decoded parts, not the raw bytes), its findings
    with where they are, and where copies of it were seen; None if not stored."""
    rows = list(db.query(
        "SELECT sha256, message_id, date, date_utc, subject, from_name, from_email, to_addrs, cc_addrs,"
        " in_reply_to, text, body, signature, attachments, language, size FROM messages WHERE sha256 = ?",
        [sha256],
    ))
    if not rows:
        return None
    msg = rows[0]
    for key in ("to_addrs", "cc_addrs", "attachments"):
        msg[key] = json.loads(msg[key] or "[]")
    msg["findings"] = list(db.query(
        "SELECT rule, level, message, part, span_start, span_end, excerpt FROM findings"
        " WHERE sha256 = ? ORDER BY seq", [sha256]))
    msg["history_findings"] = list(db.query(
        "SELECT rule, level, message, day FROM history_findings WHERE sha256 = ? ORDER BY rule", [sha256]))
    msg["locations"] = list(db.query(
        "SELECT source, folder, key FROM locations WHERE sha256 = ? ORDER BY source, folder, key", [sha256]))
    return msg


def store_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Messages, findings, and evidence records (0 without an evidence log)."""
    out = {
        "messages": db.execute("SELECT COUNT(*) FROM messages").fetchone()[0],
        "findings": db.execute("SELECT COUNT(*) FROM findings").fetchone()[0],
        "evidence": 0,
    }
    if has_evidence_log(db):
        out["evidence"] = db.execute("SELECT COUNT(*) FROM evidence_instructions").fetchone()[0]
    return out


__all__ = [
    "MailFilter",
    "MailRow",
    "count_mail",
    "findings_of",
    "has_evidence_log",
    "mail_choices",
    "mail_detail",
    "open_read_only",
    "page_mail",
    "sender_emails",
    "senders",
    "store_counts",
]
