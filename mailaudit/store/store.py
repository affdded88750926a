"""The audit store: one SQLite file. store/ owns its SQL: every table is
defined in schema.py (the evidence log's too), message rows are built in
records.py, the scan's writes are here, the evidence log's reads and writes in
evidence.py and the other stages' reads are named queries in queries.py
(tests/test_layout.py fails on SQL anywhere else).
Layout (see docs/scan.md for the columns):

  messages        one row per distinct message, keyed by the SHA-256 of its raw
                  bytes; `id` is derived from that hash (not assigned), so two
                  runs that store the same mail in any order get the same rows
  locations       (source, folder, key) -> sha256: where copies were seen
  findings        per-message rule findings, (sha256, seq)
  history_findings mailbox-history findings (thread-unanswered, report-late),
                  replaced as a whole after each evaluation
  scan_state      one row per source+folder: where the last committed batch ended
  problems        mail that could not be processed, with the reason
  scan_runs       one row per run (start, end, counts, errors): the only table
                  whose rows differ between two runs over the same mail
  messages_fts    contentless FTS5 index (rowid = messages.id)

Crash safety: a batch's messages, findings, FTS rows, locations, problems and
the folder's new state are written in one transaction (WAL journal), so after a
`kill -9` the next run starts from the last committed state and re-does only
the batch that was lost. Every insert is keyed by content, so re-doing work
never adds a row twice.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError, IntegrityError
from ..mail.charsets import safe_text
from ..sources.base import FolderState
from .fulltext import fts_match_expression, snippet
from .queries import Queries
from .records import (  # noqa: F401  (re-exported: the store's public API)
    Location,
    MessageRecord,
    Problem,
    compress,
    decompress,
    message_id_for,
    record_from_message,
)
from .schema import CONTENT_TABLES, FTS_COLUMNS, SCHEMA, SCHEMA_VERSION


def _import_sqlite_utils():
    """sqlite-utils imports numpy when it is installed, only to map numpy types
    we never store; numpy (a spaCy dependency) costs ~150 ms of start-up, a
    no-change `mailaudit scan` otherwise ~5 ms. Hide it during that import."""
    if "numpy" in sys.modules:
        import sqlite_utils
    else:
        sys.modules["numpy"] = None  # makes `import numpy` raise ImportError
        try:
            import sqlite_utils
        finally:
            del sys.modules["numpy"]
    return sqlite_utils


sqlite_utils = _import_sqlite_utils()


# What one message's values can make an insert raise (a string SQLite cannot
# encode, an integer it cannot hold, a constraint), as opposed to the database
# itself failing (disk full, locked: sqlite3.OperationalError). Callers that
# write a batch redo it one message at a time on these, so one mail never
# costs the others their place in the store.
ROW_ERRORS: tuple[type[Exception], ...] = (
    UnicodeError,
    ValueError,
    OverflowError,
    TypeError,
    sqlite3.IntegrityError,
    sqlite3.InterfaceError,
    sqlite3.DataError,
    sqlite3.ProgrammingError,
)


def _safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """Locators and reasons come from outside the message (file names with
    8-bit bytes arrive surrogate-escaped): U+FFFD, as parse.py does for mail."""
    return {k: safe_text(v)[0] if isinstance(v, str) else v for k, v in row.items()}


def default_db_path() -> Path:
    """$XDG_DATA_HOME/mailaudit/audit.db (~/.local/share/mailaudit/audit.db)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "mailaudit" / "audit.db"


def resolve_db_path(configured: str | None, override: str | os.PathLike | None = None) -> Path:
    """--db beats `[store] path` beats the default."""
    if override:
        return Path(override).expanduser()
    if configured:
        return Path(os.path.expandvars(configured)).expanduser()
    return default_db_path()


@dataclass(frozen=True)
class SearchHit:
    sha256: str
    date: str | None
    sender: str
    subject: str
    snippet: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BatchResult:
    new_messages: int = 0
    known_messages: int = 0
    findings: int = 0
    problems: int = 0


class Store(Queries):
    """The audit database. Open with `Store.open(path)`; use as a context manager."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None):
        self.db = db  # public: the evidence log adds its own tables through it
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike, *, create: bool = True) -> Store:
        path = Path(path)
        if not create and not path.exists():
            raise InputError(
                f"{path}: no audit store here", hint="run `mailaudit scan` first, or pass --db"
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite_utils.Database(path)
            db.execute("PRAGMA busy_timeout = 10000")
            db.enable_wal()
            # NORMAL in WAL mode: a power cut may lose the last commits but never
            # corrupts; a killed process loses nothing that was committed.
            db.execute("PRAGMA synchronous = NORMAL")
            store = cls(db, path)
            store._migrate()
        except OSError as exc:
            raise InputError(f"{path}: cannot open the audit store: {exc.strerror}") from None
        except Exception as exc:  # sqlite3.DatabaseError: not a database, locked, ...
            if type(exc).__module__ != "sqlite3":
                raise
            raise InputError(
                f"{path}: cannot open the audit store: {exc}",
                hint="is it a mailaudit database? pass another --db",
            ) from None
        return store

    @classmethod
    def memory(cls) -> Store:
        store = cls(sqlite_utils.Database(memory=True), None)
        store._migrate()
        return store

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise InputError(
                f"{self.path}: made by a newer mailaudit (schema {version})",
                hint="upgrade mailaudit",
            )
        if version < SCHEMA_VERSION:
            self.db.conn.executescript(SCHEMA + f"\nPRAGMA user_version = {SCHEMA_VERSION};")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def transaction(self):
        """One atomic unit (nests as a savepoint)."""
        return self.db.atomic()

    # ------------------------------------------------------------ scan state
    def folder_state(self, source: str, folder: str) -> FolderState | None:
        row = self.db.execute(
            "SELECT uidvalidity, last_uid, highestmodseq, extra FROM scan_state"
            " WHERE source = ? AND folder = ?",
            [source, folder],
        ).fetchone()
        if row is None:
            return None
        return FolderState(
            source=source,
            folder=folder,
            uidvalidity=row[0],
            last_uid=row[1],
            highestmodseq=row[2],
            extra=json.loads(row[3]),
        )

    def known(self, hashes: Iterable[str]) -> set[str]:
        """Which of these SHA-256s are already stored."""
        hashes = list(hashes)
        found: set[str] = set()
        for start in range(0, len(hashes), 500):
            chunk = hashes[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT sha256 FROM messages WHERE sha256 IN ({marks})", chunk
                )
            )
        return found

    def commit_batch(
        self,
        state: FolderState,
        records: list[MessageRecord],
        locations: list[Location],
        problems: list[Problem] = (),
        *,
        forget_folder: bool = False,
    ) -> BatchResult:
        """Store one batch and the folder's new state in one transaction.

        `forget_folder`: the folder's identity changed (UIDVALIDITY); its old
        keys mean nothing now, so its locations are dropped before the batch's
        are added. Messages stay: they are keyed by content.
        """
        result = BatchResult()
        with self.db.atomic():
            if forget_folder:
                for table in ("locations", "marks"):
                    self.db.execute(
                        f"DELETE FROM {table} WHERE source = ? AND folder = ?",
                        [state.source, state.folder],
                    )
                self.db.execute(
                    "DELETE FROM problems WHERE source = ? AND folder = ?",
                    [state.source, state.folder],
                )
            self._insert_messages(records, locations, result)
            result.problems = self.add_problems(problems)
            self._save_state(state)
        return result

    def add_problems(self, problems: Iterable[Problem]) -> int:
        """Record mail that could not be processed or stored; returns how many."""
        rows = [
            {**_safe_row(asdict(p)), "raw": compress(p.raw) if p.raw is not None else None}
            for p in problems
        ]
        if rows:
            with self.db.atomic():
                self.db["problems"].insert_all(rows, replace=True)
        return len(rows)

    def _insert_messages(
        self, records: list[MessageRecord], locations: list[Location], result: BatchResult
    ) -> None:
        already = self.known(r.sha256 for r in records)
        fresh: dict[str, MessageRecord] = {}
        for rec in records:
            if rec.sha256 not in already and rec.sha256 not in fresh:
                fresh[rec.sha256] = rec
        result.new_messages = len(fresh)
        result.known_messages = len(records) - len(fresh)
        if fresh:
            self.db["messages"].insert_all(
                (r.row for r in fresh.values()), ignore=True, batch_size=200
            )
            self.db.conn.executemany(
                "INSERT INTO messages_fts(rowid, subject, names, attachments, text)"
                " VALUES (?, ?, ?, ?, ?)",
                [(r.row["id"], *(r.fts[c] for c in FTS_COLUMNS)) for r in fresh.values()],
            )
            finding_rows = [f for r in fresh.values() for f in r.findings]
            result.findings = len(finding_rows)
            if finding_rows:
                self.db["findings"].insert_all(finding_rows, ignore=True, batch_size=500)
        if locations:
            self.db["locations"].insert_all(
                (_safe_row(asdict(loc)) for loc in locations), replace=True, batch_size=500
            )

    def add_messages(
        self, records: list[MessageRecord], locations: list[Location] = ()
    ) -> BatchResult:
        """Store messages taken in outside a scan (`mailaudit evidence ingest`):
        the same rows as a scan batch, without any folder state. Inside
        `transaction()` they commit together with the caller's rows."""
        result = BatchResult()
        with self.db.atomic():
            self._insert_messages(records, list(locations), result)
        return result

    def _save_state(self, state: FolderState) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO scan_state"
            " (source, folder, uidvalidity, last_uid, highestmodseq, extra)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                state.source,
                state.folder,
                state.uidvalidity,
                state.last_uid,
                state.highestmodseq,
                json.dumps(state.extra, sort_keys=True, ensure_ascii=False),
            ],
        )

    # -------------------------------------------------------------- scan runs
    def start_run(self, sources: list[str]) -> int:
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO scan_runs (started, sources) VALUES (?, ?)",
                [_now(), json.dumps(sources)],
            )
        return cur.lastrowid

    def finish_run(
        self,
        run_id: int,
        status: str,
        counts: dict[str, int],
        errors: list[str],
        history_at: str | None = None,
    ) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE scan_runs SET ended = ?, status = ?, counts = ?, errors = ?,"
                " history_at = COALESCE(?, history_at) WHERE id = ?",
                [_now(), status, json.dumps(counts), json.dumps(errors), history_at, run_id],
            )

    def has_scanned(self) -> bool:
        """A scan has finished on this store, or mail is in it (evidence ingest)."""
        return bool(
            self.db.execute("SELECT EXISTS (SELECT 1 FROM scan_runs WHERE status = 'ok')").fetchone()[0]
            or self.db.execute("SELECT EXISTS (SELECT 1 FROM messages)").fetchone()[0]
        )

    def last_history_at(self) -> str | None:
        row = self.db.execute("SELECT MAX(history_at) FROM scan_runs").fetchone()
        return row[0] if row else None

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.db.query("SELECT * FROM scan_runs ORDER BY id DESC LIMIT ?", [limit])
        return [
            {**r, **{k: json.loads(r[k]) for k in ("sources", "counts", "errors")}} for r in rows
        ]

    # ---------------------------------------------------- marks and digests
    def unmarked(self, source: str, levels: Iterable[str]) -> list[tuple[str, str, str]]:
        """(folder, key, highest level) of copies in `source` with a finding at
        one of `levels` that carry no mailaudit keyword yet."""
        levels = list(levels)
        marks = ",".join("?" * len(levels))
        rank = "CASE f.level WHEN 'error' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END"
        rows = self.db.execute(
            f"SELECT l.folder, l.key, MAX({rank}) FROM locations l"
            " JOIN findings f ON f.sha256 = l.sha256"
            " LEFT JOIN marks m ON m.source = l.source AND m.folder = l.folder AND m.key = l.key"
            f" WHERE l.source = ? AND m.key IS NULL AND f.level IN ({marks})"
            " GROUP BY l.folder, l.key ORDER BY l.folder, CAST(l.key AS INTEGER)",
            [source, *levels],
        ).fetchall()
        names = {3: "error", 2: "warning", 1: "info"}
        return [(folder, key, names[level]) for folder, key, level in rows]

    def record_marks(self, source: str, folder: str, keys: Iterable[str], keyword: str) -> None:
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO marks (source, folder, key, keyword) VALUES (?, ?, ?, ?)",
                [(source, folder, key, keyword) for key in keys],
            )

    def digest_sent(self, source: str, folder: str, day: str) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM digests WHERE source = ? AND folder = ? AND day = ?",
                [source, folder, day],
            ).fetchone()
            is not None
        )

    def record_digest(self, source: str, folder: str, day: str, message_id: str) -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO digests (source, folder, day, message_id) VALUES (?, ?, ?, ?)",
                [source, folder, day, message_id],
            )

    # --------------------------------------------------------------- history
    def replace_history_findings(self, rows: list[dict[str, Any]]) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM history_findings")
            if rows:
                self.db["history_findings"].insert_all(rows, replace=True)

    # ----------------------------------------------------------------- reads
    def count(self, table: str) -> int:
        return self.db.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone()[0]

    def message_row(self, sha256: str) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM messages WHERE sha256 = ?", [sha256]))
        return rows[0] if rows else None

    def raw(self, sha256: str) -> bytes | None:
        """The raw bytes stored under `sha256`; None when not stored. A blob
        that no longer decompresses (a changed byte) raises IntegrityError:
        evidence callers name the entry, nothing else should see a zlib error."""
        row = self.db.execute("SELECT raw FROM messages WHERE sha256 = ?", [sha256]).fetchone()
        if row is None:
            return None
        try:
            return decompress(row[0])
        except (zlib.error, TypeError) as exc:
            raise IntegrityError(
                f"the stored raw message {sha256[:12]}… no longer decompresses ({exc}):"
                " its stored bytes were changed"
            ) from None

    def iter_rows(self, sql: str, params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
        """Read-only query helper for reports and history (SELECT only)."""
        yield from self.db.query(sql, list(params))

    def content_snapshot(self) -> dict[str, list[tuple]]:
        """All rows of the content tables, sorted: equal snapshots = equal stores."""
        snap = {}
        for table in CONTENT_TABLES:
            rows = self.db.execute(f"SELECT * FROM [{table}]").fetchall()
            snap[table] = sorted(rows, key=repr)
        return snap

    # ---------------------------------------------------------------- search
    def search(
        self,
        query: str,
        *,
        limit: int | None = 50,
        since: str | None = None,
        until: str | None = None,
        fields: Iterable[str] | None = None,
    ) -> list[SearchHit]:
        """Messages matching every word of `query`, newest first.

        Chinese and Japanese text is indexed one character per token, so a word
        of any length is a phrase query over adjacent characters; other words
        match as word prefixes ("invoice" finds "invoices"). Dates are
        ISO strings compared with the message's UTC date (`until` exclusive).
        """
        expr = fts_match_expression(query, fields or FTS_COLUMNS)
        if expr is None:
            return []
        sql = [
            "SELECT m.sha256, m.date, m.from_name, m.from_email, m.subject, m.text",
            "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid",
            "WHERE messages_fts MATCH ?",
        ]
        params: list[Any] = [expr]
        if since:
            sql.append("AND m.date_utc >= ?")
            params.append(since)
        if until:
            sql.append("AND m.date_utc < ?")
            params.append(until)
        sql.append("ORDER BY m.date_utc DESC, m.sha256")
        if limit:
            sql.append("LIMIT ?")
            params.append(limit)
        hits = []
        for sha, date, name, email, subject, text in self.db.execute(" ".join(sql), params):
            hits.append(
                SearchHit(
                    sha256=sha,
                    date=date,
                    sender=f"{name} <{email}>" if name else email,
                    subject=subject,
                    snippet=snippet(text or subject, query),
                )
            )
        return hits

    def search_count(self, query: str, fields: Iterable[str] | None = None) -> int:
        expr = fts_match_expression(query, fields or FTS_COLUMNS)
        if expr is None:
            return 0
        return self.db.execute(
            "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH ?", [expr]
        ).fetchone()[0]

    def substring_search(self, query: str) -> set[str]:
        """The slow reference: SHA-256s whose indexed fields contain `query`
        (ASCII case folded). Used to measure the FTS index against."""
        sql = (
            "SELECT sha256 FROM messages WHERE instr(lower(subject || char(10) || from_name"
            " || char(10) || from_email || char(10) || to_addrs || char(10) || cc_addrs"
            " || char(10) || attachments || char(10) || text), lower(?)) > 0"
        )
        return {r[0] for r in self.db.execute(sql, [query])}

    def search_hashes(self, query: str) -> set[str]:
        return {h.sha256 for h in self.search(query, limit=None)}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
