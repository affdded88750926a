"""Every table of the audit store (see store.py for how they are written).

Every row of the content tables is keyed by content (hashes, source/folder/key),
never by an assigned counter or a time, so a scan redone after a crash writes
exactly the rows an uninterrupted one would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import sqlite_utils

SCHEMA_VERSION = 2  # 2: marks, digests

SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,          -- int of sha256[:15]: deterministic, the FTS rowid
    sha256 TEXT NOT NULL UNIQUE,
    message_id TEXT,
    date TEXT,                       -- ISO 8601 with the Date header's own offset
    date_utc TEXT,                   -- ISO 8601 UTC, for ordering and ranges
    subject TEXT NOT NULL DEFAULT '',
    from_name TEXT NOT NULL DEFAULT '',
    from_email TEXT NOT NULL DEFAULT '',
    to_addrs TEXT NOT NULL DEFAULT '[]',     -- JSON [[name, email], ...]
    cc_addrs TEXT NOT NULL DEFAULT '[]',
    in_reply_to TEXT,
    refs TEXT NOT NULL DEFAULT '[]',         -- JSON list of Message-IDs
    headers TEXT NOT NULL DEFAULT '[]',      -- JSON [[name, value], ...], decoded
    text TEXT NOT NULL DEFAULT '',           -- whole text body
    body TEXT NOT NULL DEFAULT '',           -- the author's own words
    signature TEXT NOT NULL DEFAULT '',
    attachments TEXT NOT NULL DEFAULT '[]',  -- JSON [{filename, content_type, size}]
    language TEXT NOT NULL DEFAULT 'unknown',
    defects TEXT NOT NULL DEFAULT '[]',
    size INTEGER NOT NULL DEFAULT 0,
    raw BLOB NOT NULL                        -- zlib-compressed raw bytes
);
CREATE INDEX IF NOT EXISTS messages_message_id ON messages(message_id);
CREATE INDEX IF NOT EXISTS messages_in_reply_to ON messages(in_reply_to);
CREATE INDEX IF NOT EXISTS messages_date_utc ON messages(date_utc);
CREATE INDEX IF NOT EXISTS messages_from_email ON messages(from_email);

CREATE TABLE IF NOT EXISTS locations (
    source TEXT NOT NULL,
    folder TEXT NOT NULL,
    key TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (source, folder, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS locations_sha256 ON locations(sha256);

CREATE TABLE IF NOT EXISTS findings (
    sha256 TEXT NOT NULL,
    seq INTEGER NOT NULL,            -- order in the linter's output
    rule TEXT NOT NULL,
    level TEXT NOT NULL,
    message TEXT NOT NULL,
    part TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    excerpt TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (sha256, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS findings_rule ON findings(rule);

CREATE TABLE IF NOT EXISTS history_findings (
    rule TEXT NOT NULL,
    subject_key TEXT NOT NULL,       -- sha256 of the message, or "day/sender" for a missing report
    sha256 TEXT,
    day TEXT NOT NULL,               -- local date the finding is about (YYYY-MM-DD)
    sender TEXT NOT NULL DEFAULT '',
    level TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (rule, subject_key)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS scan_state (
    source TEXT NOT NULL,
    folder TEXT NOT NULL,
    uidvalidity INTEGER,
    last_uid INTEGER NOT NULL DEFAULT 0,
    highestmodseq INTEGER,
    extra TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (source, folder)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS problems (
    source TEXT NOT NULL,
    folder TEXT NOT NULL,
    key TEXT NOT NULL,
    sha256 TEXT,
    stage TEXT NOT NULL,             -- read | parse | check | store
    reason TEXT NOT NULL,
    raw BLOB,                        -- zlib-compressed, so nothing is lost
    PRIMARY KEY (source, folder, key)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS scan_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    ended TEXT,
    status TEXT NOT NULL DEFAULT 'running',  -- running | ok | failed | interrupted
    sources TEXT NOT NULL DEFAULT '[]',
    counts TEXT NOT NULL DEFAULT '{}',
    errors TEXT NOT NULL DEFAULT '[]',
    history_at TEXT                  -- when history rules were last evaluated
);

-- Opt-in results inside the mailbox (scan/mailbox_writes.py): which copies carry
-- which IMAP keyword, and which daily digests were appended.
CREATE TABLE IF NOT EXISTS marks (
    source TEXT NOT NULL,
    folder TEXT NOT NULL,
    key TEXT NOT NULL,
    keyword TEXT NOT NULL,
    PRIMARY KEY (source, folder, key)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS digests (
    source TEXT NOT NULL,
    folder TEXT NOT NULL,
    day TEXT NOT NULL,
    message_id TEXT NOT NULL,
    PRIMARY KEY (source, folder, day)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(
    subject, names, attachments, text,
    content='', tokenize='unicode61'
);
"""

# Derived, created when first needed by the thread-unanswered check
# (checks/mailbox.py): whether a message asks for something depends only on its
# text and the `ask` phrases, so it is worked out once per message and phrase
# list. Dropping the table only costs time.
ASK_CACHE = """
CREATE TABLE IF NOT EXISTS history_asks (
    sha256 TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,       -- of the ask phrases the flag was computed with
    asks INTEGER NOT NULL,
    automatic INTEGER NOT NULL       -- Auto-Submitted / Precedence: bulk / List-Id
) WITHOUT ROWID
"""

# Tables whose rows must be identical after a crashed-and-resumed run and an
# uninterrupted one (scan_runs is the run log; messages_fts is checked by queries).
CONTENT_TABLES = (
    "messages",
    "locations",
    "findings",
    "history_findings",
    "scan_state",
    "problems",
    "marks",
    "digests",
)
FTS_COLUMNS = ("subject", "names", "attachments", "text")


# ------------------------------------------------------------ evidence log
# The append-only ledger and the tables derived from it (evidence/records.py
# says how each row follows from ledger entries; evidence/ledger.py writes the
# chain). Created together, the first time the evidence log is used.
EVIDENCE_LEDGER = "evidence_ledger"
EVIDENCE_INSTRUCTIONS = "evidence_instructions"
EVIDENCE_MESSAGES = "evidence_messages"
EVIDENCE_REFS = "evidence_refs"
EVIDENCE_THREADS = "evidence_threads"
EVIDENCE_PROBLEMS = "evidence_problems"  # created last: its presence means all are there
EVIDENCE_FTS = "evidence_fts"
EVIDENCE_TEXT_COLUMNS = ("advertiser", "slots", "subject", "text", "sender", "people")  # free text
EVIDENCE_FACET_COLUMNS = ("slotkeys", "action")  # exact filters, in the same index
EVIDENCE_FTS_COLUMNS = (*EVIDENCE_TEXT_COLUMNS, *EVIDENCE_FACET_COLUMNS)

EVIDENCE_LEDGER_SCHEMA = """
CREATE TABLE IF NOT EXISTS "evidence_ledger" (
   "seq" INTEGER PRIMARY KEY,
   "kind" TEXT NOT NULL,
   "sha256" TEXT NOT NULL,
   "body" TEXT NOT NULL,            -- canonical JSON
   "prev_hash" TEXT NOT NULL,
   "entry_hash" TEXT NOT NULL       -- sha256(prev_hash + body)
);
CREATE INDEX IF NOT EXISTS "idx_evidence_ledger_sha256" ON "evidence_ledger" ("sha256");
CREATE UNIQUE INDEX IF NOT EXISTS "idx_evidence_ledger_entry_hash" ON "evidence_ledger" ("entry_hash");
"""

EVIDENCE_SCHEMA = """
CREATE TABLE IF NOT EXISTS "evidence_instructions" (
   "id" INTEGER PRIMARY KEY,        -- = the seq of the ledger entry that took it in
   "sha256" TEXT,
   "idx" INTEGER,                   -- position among the message's instructions
   "action" TEXT,
   "advertiser" TEXT,
   "campaign" TEXT,
   "creative" TEXT,
   "slots" TEXT,                    -- JSON [{text, slot}]
   "slot_keys" TEXT,                -- JSON [slot, ...]
   "start" TEXT,
   "end" TEXT,
   "requester" TEXT,
   "sender" TEXT,                   -- From as displayed: "Name <email>"
   "to_addrs" TEXT,                 -- JSON [email, ...]
   "cc_addrs" TEXT,
   "date" TEXT,                     -- Date header, ISO 8601 with its own offset
   "date_utc" TEXT,                 -- for ordering and --since/--until
   "subject" TEXT,
   "subject_key" TEXT,              -- subject without Re:/Fw:/回复:/转发:, case-folded
   "message_id" TEXT,
   "in_reply_to" TEXT,
   "refs" TEXT,                     -- JSON [Message-ID, ...]
   "record" TEXT                    -- canonical JSON of the instruction as in the ledger
);
CREATE UNIQUE INDEX IF NOT EXISTS "idx_evidence_instructions_sha256_idx"
    ON "evidence_instructions" ("sha256", "idx");
CREATE INDEX IF NOT EXISTS "idx_evidence_instructions_date_utc" ON "evidence_instructions" ("date_utc");
CREATE INDEX IF NOT EXISTS "idx_evidence_instructions_subject_key" ON "evidence_instructions" ("subject_key");
CREATE INDEX IF NOT EXISTS "idx_evidence_instructions_message_id" ON "evidence_instructions" ("message_id");
CREATE INDEX IF NOT EXISTS "idx_evidence_instructions_action_date_utc"
    ON "evidence_instructions" ("action", "date_utc");

CREATE TABLE IF NOT EXISTS "evidence_messages" (
   "sha256" TEXT PRIMARY KEY,
   "first_seq" INTEGER,
   "dkim_seq" INTEGER,              -- the entry that holds the current DKIM result
   "dkim_result" TEXT,
   "dkim_domain" TEXT,
   "dkim_selector" TEXT,
   "dkim_reason" TEXT,
   "dkim" TEXT                      -- canonical JSON of the whole result
);
CREATE INDEX IF NOT EXISTS "idx_evidence_messages_dkim_result" ON "evidence_messages" ("dkim_result");

-- Message-ID, In-Reply-To and References of each instruction's message:
-- instructions sharing one are in one thread.
CREATE TABLE IF NOT EXISTS "evidence_refs" (
   "msgid" TEXT,
   "id" INTEGER,
   PRIMARY KEY ("msgid", "id")
);
CREATE INDEX IF NOT EXISTS "idx_evidence_refs_id" ON "evidence_refs" ("id");

CREATE TABLE IF NOT EXISTS "evidence_threads" (
   "id" INTEGER PRIMARY KEY,
   "thread_id" INTEGER,             -- the smallest instruction id of the thread
   "amends" TEXT,                   -- JSON [id, ...]: the earlier instructions this one changes
   "label" TEXT,                    -- placed | added slot | changed | extended | cancelled
   "advertiser" TEXT                -- own, else inherited from the thread
);
CREATE INDEX IF NOT EXISTS "idx_evidence_threads_thread_id" ON "evidence_threads" ("thread_id");

CREATE TABLE IF NOT EXISTS "evidence_problems" (
   "sha256" TEXT PRIMARY KEY,
   "source" TEXT,
   "reason" TEXT,
   "time" TEXT
);
""" + f"""
CREATE VIRTUAL TABLE IF NOT EXISTS evidence_fts USING fts5({", ".join(EVIDENCE_FTS_COLUMNS)}, tokenize='unicode61');
"""


def _run(db: sqlite_utils.Database, script: str) -> None:
    # statement by statement: executescript would commit the caller's transaction
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def ensure_ledger_table(db: sqlite_utils.Database) -> None:
    if EVIDENCE_LEDGER not in db.table_names():
        _run(db, EVIDENCE_LEDGER_SCHEMA)


def ensure_evidence_tables(db: sqlite_utils.Database) -> None:
    """Create the evidence tables when this store has none yet."""
    if EVIDENCE_PROBLEMS not in db.table_names():
        with db.atomic():
            _run(db, EVIDENCE_LEDGER_SCHEMA + EVIDENCE_SCHEMA)
