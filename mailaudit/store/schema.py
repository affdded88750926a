"""The audit store's tables (see store.py for how they are written).

Every row of the content tables is keyed by content (hashes, source/folder/key),
never by an assigned counter or a time, so a scan redone after a crash writes
exactly the rows an uninterrupted one would.
"""

from __future__ import annotations

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
