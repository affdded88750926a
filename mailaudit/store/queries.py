"""Named reads (and the ask cache's writes) for the stages that look back over the
store: the team report, the mailbox-scope checks and the daily digest. They ran
their own SQL; now the store owns it and they call these by name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from .fulltext import fts_match_expression, snippet
from .schema import ASK_CACHE, EVIDENCE_INSTRUCTIONS, EVIDENCE_LEDGER, EVIDENCE_THREADS, FTS_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import sqlite_utils


def _date_range(lo: str | None, hi: str | None) -> tuple[str, list[str]]:
    """`m.date_utc` in [lo, hi): UTC bounds as ISO 8601 strings, either may be open."""
    clauses, params = [], []
    for bound, op in ((lo, ">="), (hi, "<")):
        if bound is not None:
            clauses.append(f"m.date_utc {op} ?")
            params.append(bound)
    return (" AND ".join(clauses) or "1"), params


# Reads of the scan's `messages` table for stages that hold a database handle
# (the evidence log works on `store.db`): threads are bridged through stored
# mail, confirmations are read from the replies.
def message_links(db: sqlite_utils.Database, msgid: str) -> list[tuple]:
    """(message_id, in_reply_to, refs JSON) of the stored messages that are or answer `msgid`."""
    return db.execute(
        "SELECT message_id, in_reply_to, refs FROM messages WHERE message_id = ? OR in_reply_to = ?",
        [msgid, msgid],
    ).fetchall()


def any_message_of(db: sqlite_utils.Database, msgids: list[str]) -> bool:
    """Whether any of these Message-IDs is a stored message."""
    marks = ",".join("?" * len(msgids))
    return db.execute(f"SELECT 1 FROM messages WHERE message_id IN ({marks}) LIMIT 1", msgids).fetchone() is not None


def message_body(db: sqlite_utils.Database, sha256: str) -> str:
    """The author's own text of a stored message; '' when it is not stored."""
    row = db.execute("SELECT body FROM messages WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row else ""


def replies_to(db: sqlite_utils.Database, msgid: str) -> Iterator[dict[str, Any]]:
    """Stored messages whose In-Reply-To is `msgid`, with what a confirmation needs."""
    return db.query(
        "SELECT sha256, message_id, in_reply_to, refs, date, date_utc, subject, from_name, from_email, body"
        " FROM messages WHERE in_reply_to = ?", [msgid]
    )


# Reads of the evidence log's tables (store/schema.py) by id.
def dkim_entry_seqs(db: sqlite_utils.Database, hashes: list[str]) -> set[int]:
    """Sequence numbers of the ledger's `dkim` entries (re-checks) of these messages."""
    marks = ",".join("?" * len(hashes))
    return {r[0] for r in db.execute(
        f"SELECT seq FROM {EVIDENCE_LEDGER} WHERE kind = 'dkim' AND sha256 IN ({marks})", list(hashes)
    )}


def instruction_records(db: sqlite_utils.Database, ids: list[int] | None = None) -> Iterator[tuple]:
    """(id, record JSON, the thread's advertiser) of the stored instructions, all or
    those of `ids`, in id order."""
    sql = (
        f"SELECT i.id, i.record, t.advertiser FROM {EVIDENCE_INSTRUCTIONS} i"
        f" LEFT JOIN {EVIDENCE_THREADS} t ON t.id = i.id"
    )
    params: list[Any] = []
    if ids is not None:
        sql += f" WHERE i.id IN ({','.join('?' * len(ids))})"
        params = list(ids)
    return db.execute(sql + " ORDER BY i.id", params)


@dataclass(frozen=True)
class MailHit:
    """A stored message found by `Queries.search_mail`, with its findings."""

    sha256: str
    message_id: str | None
    date: str | None
    sender: str
    subject: str
    snippet: str
    findings: list[dict[str, str]]  # rule, level, message (message and mailbox findings)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Queries:
    db: sqlite_utils.Database

    # ---------------------------------------------------------------- search
    def search_mail(
        self,
        query: str = "",
        *,
        rule: str | None = None,
        sender: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = 50,
    ) -> list[MailHit]:
        """Scanned mail matching every word of `query` (the CJK-aware full-text
        index; empty: any message), newest first, each with its findings.

        `rule` keeps messages with a finding of that rule id or prefix
        (`attachment` for every attachment-* rule), `sender` those whose From
        name or address contains it (case folded), `since`/`until` bound the
        UTC date as ISO strings (`until` exclusive)."""
        sql = ["SELECT m.sha256, m.message_id, m.date, m.from_name, m.from_email, m.subject, m.text",
               "FROM messages m"]
        where: list[str] = []
        params: list[Any] = []
        if query.strip():
            expr = fts_match_expression(query, FTS_COLUMNS)
            if expr is None:
                return []  # only punctuation: nothing can match
            sql.append("JOIN messages_fts ON messages_fts.rowid = m.id")
            where.append("messages_fts MATCH ?")
            params.append(expr)
        if rule:
            where.append("m.sha256 IN (SELECT sha256 FROM findings WHERE rule = ? OR rule LIKE ? ESCAPE '\\'"
                         " UNION SELECT sha256 FROM history_findings WHERE sha256 IS NOT NULL"
                         " AND (rule = ? OR rule LIKE ? ESCAPE '\\'))")
            prefix = rule.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").rstrip("-") + "-%"
            params += [rule, prefix, rule, prefix]
        if sender:
            where.append("instr(lower(m.from_name || ' <' || m.from_email || '>'), lower(?)) > 0")
            params.append(sender)
        if since or until:
            clause, bounds = _date_range(since, until)
            where.append(clause)
            params += bounds
        if where:
            sql.append("WHERE " + " AND ".join(where))
        sql.append("ORDER BY m.date_utc IS NULL, m.date_utc DESC, m.sha256")
        if limit:
            sql.append("LIMIT ?")
            params.append(limit)
        rows = list(self.db.execute(" ".join(sql), params))
        found = self._findings_of([r[0] for r in rows])
        return [
            MailHit(sha256=sha, message_id=mid, date=date, sender=f"{name} <{email}>" if name else email,
                    subject=subject, snippet=snippet(text or subject, query), findings=found.get(sha, []))
            for sha, mid, date, name, email, subject, text in rows
        ]

    def _findings_of(self, hashes: list[str]) -> dict[str, list[dict[str, str]]]:
        out: dict[str, list[dict[str, str]]] = {}
        for start in range(0, len(hashes), 500):  # SQLite's variable limit
            chunk = hashes[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT sha256, rule, level, message FROM findings WHERE sha256 IN ({marks})"
                f" UNION ALL SELECT sha256, rule, level, message FROM history_findings WHERE sha256 IN ({marks})",
                [*chunk, *chunk],
            )
            for sha, rule, level, message in rows:
                out.setdefault(sha, []).append({"rule": rule, "level": level, "message": message})
        return out

    # ---------------------------------------------------------------- report
    def dated_senders(self, lo: str | None = None, hi: str | None = None) -> Iterator[tuple]:
        """(date_utc, from_email, from_name) of every dated message in [lo, hi)."""
        where, params = _date_range(lo, hi)
        return self.db.execute(
            f"SELECT m.date_utc, m.from_email, m.from_name FROM messages m"
            f" WHERE m.date_utc IS NOT NULL AND {where}",
            params,
        )

    def dated_findings(self, lo: str | None = None, hi: str | None = None) -> Iterator[tuple]:
        """(sha256, date_utc, from_email, rule, level) of the findings of dated messages in [lo, hi)."""
        where, params = _date_range(lo, hi)
        return self.db.execute(
            f"SELECT f.sha256, m.date_utc, m.from_email, f.rule, f.level FROM findings f"
            f" JOIN messages m ON m.sha256 = f.sha256 WHERE m.date_utc IS NOT NULL AND {where}",
            params,
        )

    def digest_findings(self, source: str, lo: str, hi: str, levels: list[str]) -> list[dict[str, Any]]:
        """Findings at `levels` of the source's messages dated in [lo, hi), in date order."""
        marks = ",".join("?" * len(levels))
        return list(self.db.query(
            "SELECT m.sha256, m.date_utc, m.from_name, m.from_email, m.subject,"
            " f.rule, f.level, f.message FROM messages m JOIN findings f ON f.sha256 = m.sha256"
            " WHERE m.date_utc >= ? AND m.date_utc < ? AND f.level IN (" + marks + ")"
            " AND m.sha256 IN (SELECT sha256 FROM locations WHERE source = ?)"
            " ORDER BY m.date_utc, m.sha256, f.seq",
            [lo, hi, *levels, source],
        ))

    # ------------------------------------------------- mailbox-scope checks
    def latest_date(self) -> str | None:
        return self.db.execute("SELECT MAX(date_utc) FROM messages").fetchone()[0]

    def dated_subjects(self, senders: list[str]) -> Iterator[tuple]:
        """(sha256, from_email, date_utc, subject) of dated messages, from `senders` if any."""
        sql = "SELECT sha256, from_email, date_utc, subject FROM messages WHERE date_utc IS NOT NULL"
        if senders:
            sql += f" AND from_email IN ({','.join('?' * len(senders))})"
        return self.db.execute(sql, senders)

    def replies(self) -> Iterator[tuple]:
        """(in_reply_to, refs JSON, from_email, date_utc) of dated messages that answer one."""
        return self.db.execute(
            "SELECT in_reply_to, refs, from_email, date_utc FROM messages"
            " WHERE (in_reply_to IS NOT NULL OR refs != '[]') AND date_utc IS NOT NULL"
        )

    def requests(self) -> Iterator[tuple]:
        """(sha256, message_id, date_utc, from_email, to_addrs, language, subject, body,
        headers) of every dated message with To recipients and a Message-ID."""
        return self.db.execute(
            "SELECT sha256, message_id, date_utc, from_email, to_addrs, language, subject, body,"
            " headers FROM messages WHERE date_utc IS NOT NULL AND to_addrs != '[]'"
            " AND message_id IS NOT NULL ORDER BY sha256"
        )

    # The ask cache (history_asks): whether a message asks for something, per
    # fingerprint of the ask phrases. Raises sqlite3.OperationalError on a
    # read-only store; the caller then works it out in memory.
    def unflagged(self, fingerprint: str) -> list[str]:
        """Hashes of messages not yet flagged for this fingerprint (creates the cache)."""
        self.db.execute(ASK_CACHE)
        return [row[0] for row in self.db.execute(
            "SELECT m.sha256 FROM messages m"
            " LEFT JOIN history_asks h ON h.sha256 = m.sha256 AND h.fingerprint = ?"
            " WHERE h.sha256 IS NULL",
            [fingerprint],
        )]

    def texts(self, hashes: list[str]) -> Iterator[tuple]:
        """(sha256, subject, body, headers JSON) of these messages."""
        marks = ",".join("?" * len(hashes))
        return self.db.execute(
            f"SELECT sha256, subject, body, headers FROM messages WHERE sha256 IN ({marks})", hashes
        )

    def save_ask_flags(self, rows: Iterable[tuple[str, str, int, int]]) -> None:
        """(sha256, fingerprint, asks, automatic) rows; the caller holds the transaction."""
        self.db.conn.executemany("INSERT OR REPLACE INTO history_asks VALUES (?, ?, ?, ?)", rows)

    def flagged_requests(self, fingerprint: str) -> list[tuple]:
        """(sha256, message_id, date_utc, from_email, to_addrs, language, automatic) of the
        dated messages with To recipients that ask, per the cache."""
        return self.db.execute(
            "SELECT m.sha256, m.message_id, m.date_utc, m.from_email, m.to_addrs, m.language,"
            " h.automatic FROM messages m JOIN history_asks h ON h.sha256 = m.sha256"
            " WHERE h.fingerprint = ? AND h.asks = 1 AND m.date_utc IS NOT NULL"
            " AND m.to_addrs != '[]' AND m.message_id IS NOT NULL ORDER BY m.sha256",
            [fingerprint],
        ).fetchall()
