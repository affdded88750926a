"""The evidence tables in the audit store, and how their rows follow from the ledger.

Two kinds of table:

* Rows vouched for by the ledger (`evidence_instructions`, `evidence_messages`):
  each is a pure function of ledger entries (`instruction_row`, `message_row`),
  so `verify` recomputes them from the chain and compares every column.
* Indexes (`evidence_refs`, `evidence_threads`, `evidence_fts`): derived for
  lookup, rebuilt from the verified rows whenever needed (`reindex`); they are
  never evidence themselves.

The raw bytes are not copied: the store's `messages` table keeps them (zlib,
keyed by SHA-256); the ledger entry carries the SHA-256 they must hash to.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from ..mail.textutil import strip_prefixes
from ..store.evidence import replace_fts_row, replace_refs
from ..store.fulltext import index_text
from ..store.schema import (
    EVIDENCE_FTS,
    EVIDENCE_FTS_COLUMNS,
    EVIDENCE_INSTRUCTIONS,
    EVIDENCE_MESSAGES,
    EVIDENCE_PROBLEMS,
    EVIDENCE_REFS,
    EVIDENCE_TEXT_COLUMNS,
    EVIDENCE_THREADS,
    ensure_evidence_tables,
)
from .ledger import canonical_json

INSTRUCTIONS = EVIDENCE_INSTRUCTIONS
MESSAGES = EVIDENCE_MESSAGES
REFS = EVIDENCE_REFS
THREADS = EVIDENCE_THREADS
PROBLEMS = EVIDENCE_PROBLEMS
FTS = EVIDENCE_FTS
TEXT_COLUMNS = EVIDENCE_TEXT_COLUMNS  # what free text searches
FTS_COLUMNS = EVIDENCE_FTS_COLUMNS  # TEXT_COLUMNS, then the exact filters slotkeys and action
# The full-text rowid orders by date: seconds of date_utc * KEY_SPAN + id. A
# search is then one FTS query, `ORDER BY rowid DESC LIMIT n` (newest first,
# stopping after n) with --since/--until as a rowid range, whatever matches.
KEY_SPAN = 10**8  # instruction ids stay below this; seconds up to 2096 keep the key in 63 bits
KEY_SEP = "\ue001"  # private use: a token character for unicode61, so "feed-3" is one token

def ensure_tables(db: sqlite_utils.Database) -> None:
    """Create the evidence tables (store/schema.py) when this store has none yet."""
    ensure_evidence_tables(db)


# ------------------------------------------------------------- derivations
def subject_key(subject: str | None) -> str:
    """'回复：RE: 蒙牛首页Banner  投放' -> '蒙牛首页banner 投放'."""
    return " ".join(strip_prefixes(subject or "").split()).casefold()


def utc_of(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def instruction_row(entry: dict[str, Any]) -> dict[str, Any]:
    """The evidence_instructions row an instruction entry vouches for."""
    ins = entry["instruction"]
    message = entry.get("message") or {}
    slots = ins.get("slots") or []
    return {
        "id": entry["seq"],
        "sha256": entry["sha256"],
        "idx": entry["index"],
        "action": ins.get("action"),
        "advertiser": ins.get("advertiser"),
        "campaign": ins.get("campaign"),
        "creative": ins.get("creative"),
        "slots": _json(slots),
        "slot_keys": _json([s.get("slot") for s in slots]),
        "start": ins.get("start"),
        "end": ins.get("end"),
        "requester": ins.get("requester"),
        "sender": message.get("from") or ins.get("requester") or "",
        "to_addrs": _json(ins.get("to") or []),
        "cc_addrs": _json(ins.get("cc") or []),
        "date": ins.get("date"),
        "date_utc": utc_of(ins.get("date")),
        "subject": message.get("subject") or "",
        "subject_key": subject_key(message.get("subject")),
        "message_id": ins.get("message_id"),
        "in_reply_to": ins.get("in_reply_to"),
        "refs": _json(ins.get("references") or []),
        "record": canonical_json(ins),
    }


NOT_CHECKED: dict[str, Any] = {"result": "none", "reason": "not checked"}


class MessageFold:
    """The evidence_messages rows that follow from ledger entries read in order.

    Intake, the DKIM re-check and `verify` all derive the rows through this one
    function, so what is written is by construction what `verify` expects,
    however many instructions a message carries. The rule: a message's first
    entry holds its DKIM result at intake (every instruction entry of that
    message repeats it); a later `dkim` entry replaces it.
    """

    def __init__(self, rows: dict[str, dict[str, Any]] | None = None) -> None:
        self.rows: dict[str, dict[str, Any]] = dict(rows or {})

    def apply(self, seq: int, kind: str, sha256: str, data: dict[str, Any]) -> dict[str, Any] | None:
        """Fold one entry in; returns the message's row when the entry changed it."""
        row = self.rows.get(sha256)
        dkim = data.get("dkim")
        if kind == "instruction" and row is None:
            row = message_row(sha256, seq, seq, dkim if isinstance(dkim, dict) else NOT_CHECKED)
        elif kind == "dkim" and isinstance(dkim, dict):
            row = message_row(sha256, row["first_seq"] if row else seq, seq, dkim)
        else:
            return None
        self.rows[sha256] = row
        return row


def message_row(sha256: str, first_seq: int, dkim_seq: int, dkim: dict[str, Any]) -> dict[str, Any]:
    """The evidence_messages row: the first entry of the message and its current DKIM result."""
    return {
        "sha256": sha256,
        "first_seq": first_seq,
        "dkim_seq": dkim_seq,
        "dkim_result": dkim.get("result"),
        "dkim_domain": dkim.get("domain"),
        "dkim_selector": dkim.get("selector"),
        "dkim_reason": dkim.get("reason") or "",
        "dkim": canonical_json(dkim),
    }


def fts_key(date_utc: str | None, instruction_id: int) -> int:
    """The full-text rowid of an instruction: newer sorts higher (see KEY_SPAN)."""
    return date_key(date_utc) + instruction_id


def date_key(date_utc: str | None) -> int:
    if not date_utc:
        return 0
    moment = datetime.strptime(date_utc[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    return max(0, int(moment.timestamp())) * KEY_SPAN


def slot_token(key: str) -> str:
    return key.lower().replace("-", KEY_SEP)


def fts_row(row: dict[str, Any], body: str, advertiser: str | None) -> dict[str, Any]:
    """What the full-text index holds of one instruction (CJK one char per token)."""
    ins = json.loads(row["record"])
    slots = json.loads(row["slots"])
    slot_text = " ".join(f"{s.get('text') or ''} {(s.get('slot') or '').replace('-', ' ')}" for s in slots)
    names = {row["advertiser"] or "", advertiser or ""} - {""}
    text = "\n".join(
        t
        for t in (
            row["campaign"],
            row["creative"],
            ins.get("window_text"),
            ins.get("excerpt"),
            body,
        )
        if t
    )
    people = " ".join([*json.loads(row["to_addrs"]), *json.loads(row["cc_addrs"])])
    return {
        "rowid": fts_key(row["date_utc"], row["id"]),
        "advertiser": index_text(" ".join(sorted(names))),
        "slots": index_text(slot_text),
        "subject": index_text(row["subject"]),
        "text": index_text(text),
        "sender": index_text(f"{row['sender']} {row['requester'] or ''}"),
        "people": index_text(people),
        "slotkeys": " ".join(slot_token(k) for k in json.loads(row["slot_keys"]) if k),
        "action": row["action"] or "",
    }


def write_fts(db: sqlite_utils.Database, row: dict[str, Any], body: str, advertiser: str | None) -> None:
    """(Re)write one instruction's full-text row (its advertiser may be inherited)."""
    replace_fts_row(db, fts_row(row, body, advertiser))


def write_links(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """(Re)write the thread-reference index rows of one instruction; they
    follow from the row alone, so they are written with it."""
    replace_refs(db, row["id"], thread_ids_of(row))


def thread_ids_of(row: dict[str, Any]) -> list[str]:
    """The Message-IDs that tie an instruction's message to its thread."""
    ids = [row.get("message_id"), row.get("in_reply_to"), *json.loads(row.get("refs") or "[]")]
    return list(dict.fromkeys(i for i in ids if i))


__all__ = [
    "FTS",
    "NOT_CHECKED",
    "MessageFold",
    "INSTRUCTIONS",
    "MESSAGES",
    "PROBLEMS",
    "REFS",
    "THREADS",
    "ensure_tables",
    "fts_key",
    "fts_row",
    "instruction_row",
    "date_key",
    "slot_token",
    "message_row",
    "subject_key",
    "thread_ids_of",
    "utc_of",
    "write_fts",
    "write_links",
]
