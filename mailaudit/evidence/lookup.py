"""Finding instructions in the evidence log, and everything known about one.

`search(store, Query(...))`: full text (Chinese and English, the store's
one-character-per-token CJK indexing, see mailaudit/store/fulltext.py) combined with
filters by advertiser (also the one an amendment inherits from its thread),
slot (as written or its key: "开屏", "splash", "feed" for every feed position),
sender, action and the date the instruction was sent. Newest first.

`show(store, id)`: the record, the message's headers (From/To/Cc/Date/
Message-ID/...), the author's own text, the thread's timeline and the proof
status (message hash recomputed now, DKIM result, chain position and links).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..errors import InputError, IntegrityError
from ..store.evidence import (
    fts_keys,
    hit_rows,
    ids_by_date,
    instruction_by_id,
    message_dkim,
    thread_row,
)
from ..store.fulltext import fts_match_expression
from . import ledger
from .confirmations import thread_confirmations
from .records import (
    KEY_SEP,
    KEY_SPAN,
    TEXT_COLUMNS,
    date_key,
    ensure_tables,
    slot_token,
)
from .records import instruction_row as vouched_row
from .threads import thread_of, timeline

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings
    from ..store.store import Store

DEFAULT_LIMIT = 50


@dataclass
class Query:
    text: str | None = None
    advertiser: str | None = None
    slot: str | None = None
    sender: str | None = None
    since: str | None = None  # YYYY-MM-DD (sent on or after)
    until: str | None = None  # YYYY-MM-DD (sent on or before)
    actions: list[str] = field(default_factory=list)
    limit: int | None = DEFAULT_LIMIT

    def describe(self) -> str:
        parts = [f"'{self.text}'"] if self.text else []
        for name in ("advertiser", "slot", "sender", "since", "until"):
            if getattr(self, name):
                parts.append(f"{name}={getattr(self, name)}")
        if self.actions:
            parts.append("action=" + ",".join(self.actions))
        return " ".join(parts) or "everything"


@dataclass
class Hit:
    id: int
    date: str | None
    action: str
    label: str
    slots: list[dict[str, str]]
    start: str | None
    end: str | None
    advertiser: str | None  # as written, else inherited from the thread
    campaign: str | None
    requester: str | None
    subject: str
    excerpt: str
    thread_id: int | None
    dkim: str | None
    sha256: str
    dkim_signed: bool | None = None  # False: this instruction is outside the signed text (l=)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _day_after(day: str) -> str:
    return (date.fromisoformat(day[:10]) + timedelta(days=1)).isoformat()


def _check_day(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise InputError(f"--{name} {value!r}: not a date", hint="use YYYY-MM-DD") from None


def slot_keys_for(text: str, settings: Settings | None = None) -> list[str]:
    """Slot keys a --slot value means: its normalised key, or the value as a key."""
    from ..extract.slots import load_slot_vocabulary

    key = load_slot_vocabulary(settings).normalise(text)
    raw = text.strip().lower()
    return list(dict.fromkeys(k for k in (key, raw) if k))


def _phrases(expr: str | None, value: str) -> str:
    if expr is None:
        raise InputError(f"nothing to search for in {value!r}", hint="give a word or a name")
    return expr


def match_expression(query: Query, settings: Settings | None = None) -> str | None:
    """One FTS5 expression for the text and every filter but the dates."""
    parts = []
    if query.text:
        parts.append(_phrases(fts_match_expression(query.text, TEXT_COLUMNS), query.text))
    if query.advertiser:
        parts.append(_phrases(fts_match_expression(query.advertiser, ("advertiser",)), query.advertiser))
    if query.sender:
        parts.append(_phrases(fts_match_expression(query.sender, ("sender",)), query.sender))
    if query.slot:
        # The key itself, and its numbered positions ("feed" finds feed-1, feed-2, ...).
        tokens = []
        for key in slot_keys_for(query.slot, settings):
            token = slot_token(key).replace('"', "")
            tokens += [f'"{token}"', f'"{token}{KEY_SEP}"*']
        parts.append("{slotkeys} : (" + " OR ".join(tokens) + ")")
    if query.actions:
        parts.append("{action} : (" + " OR ".join(f'"{a}"' for a in query.actions) + ")")
    return " AND ".join(parts) if parts else None


def search(store: Store, query: Query, settings: Settings | None = None) -> list[Hit]:
    """Matching instructions, newest first (by the Date header, then intake)."""
    db = store.db
    ensure_tables(db)
    since = _check_day("since", query.since)
    until = _check_day("until", query.until)
    expr = match_expression(query, settings)
    if expr is None:
        ids = _ids_by_date(db, since, until, query.limit)
    else:
        lo = date_key(since + "T00:00:00") if since else None
        hi = date_key(_day_after(until) + "T00:00:00") if until else None
        ids = [key % KEY_SPAN for key in fts_keys(db, expr, lo, hi, query.limit)]
    return _hits(db, ids)


def _ids_by_date(db, since: str | None, until: str | None, limit: int | None) -> list[int]:
    return ids_by_date(db, since, _day_after(until) if until else None, limit)


def _hits(db, ids: list[int]) -> list[Hit]:
    if not ids:
        return []
    rows = hit_rows(db, ids)
    hits = []
    for rid in ids:
        if rid not in rows:  # an index row without its instruction: `verify` reports, search skips
            continue
        (_, sent, action, label, slots, start, end, adv, inherited, campaign, requester,
         subject, record, thread_id, dkim, sha256, signed) = rows[rid]
        hits.append(
            Hit(
                id=rid,
                date=sent,
                action=action,
                label=label or action,
                slots=json.loads(slots),
                start=start,
                end=end,
                advertiser=adv or inherited,
                campaign=campaign,
                requester=requester,
                subject=subject,
                excerpt=json.loads(record).get("excerpt") or "",
                thread_id=thread_id,
                dkim=dkim,
                sha256=sha256,
                dkim_signed=None if signed is None else bool(signed),
            )
        )
    return hits


# ----------------------------------------------------------------------- show
def parse_id(value: str | int) -> int:
    text = str(value).strip().lstrip("#")
    if not text.isdigit():
        raise InputError(f"{value!r}: not a record id", hint="ids are the numbers `mailaudit evidence search` prints")
    return int(text)


def instruction_row(store: Store, instruction_id: int) -> dict[str, Any]:
    ensure_tables(store.db)
    row = instruction_by_id(store.db, instruction_id)
    if row is None:
        raise InputError(f"no evidence record {instruction_id}", hint="find ids with `mailaudit evidence search`")
    return row


def _headers(message: dict[str, Any] | None, row: dict[str, Any]) -> dict[str, Any]:
    if message is None:  # raw bytes gone: what the record itself says
        record = json.loads(row["record"])
        return {
            "from": row["sender"],
            "to": record.get("to") or [],
            "cc": record.get("cc") or [],
            "date": row["date"],
            "subject": row["subject"],
            "message_id": row["message_id"],
            "in_reply_to": row["in_reply_to"],
            "references": json.loads(row["refs"]),
        }

    def people(column: str) -> list[str]:
        return [f"{n} <{e}>" if n else e for n, e in json.loads(message[column])]

    sender = message["from_email"]
    return {
        "from": f"{message['from_name']} <{sender}>" if message["from_name"] else sender,
        "to": people("to_addrs"),
        "cc": people("cc_addrs"),
        "date": message["date"],
        "subject": message["subject"],
        "message_id": message["message_id"],
        "in_reply_to": message["in_reply_to"],
        "references": json.loads(message["refs"] or "[]"),
    }


def proof_status(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    """What can be checked about one record without walking the whole chain."""
    db = store.db
    damaged = None
    try:
        raw = store.raw(row["sha256"])
    except IntegrityError as exc:  # a changed byte in the compressed blob
        raw, damaged = None, str(exc)
    entry = ledger.get(db, row["id"])
    nxt = ledger.get(db, row["id"] + 1)
    prev = ledger.get(db, row["id"] - 1) if row["id"] > 1 else None
    head_seq, head_hash = ledger.head(db)
    msg = message_dkim(db, row["sha256"])
    entry_ok = entry is not None and ledger.entry_hash(entry.prev_hash, entry.body) == entry.entry_hash
    links_ok = entry is not None and (
        (prev.entry_hash if prev else ledger.GENESIS) == entry.prev_hash
        and (nxt is None or nxt.prev_hash == entry.entry_hash)
    )
    record_ok = False
    if entry is not None:
        expected = vouched_row(json.loads(entry.body))
        record_ok = all(row.get(k) == v for k, v in expected.items())
    signed = None
    if entry is not None:
        with contextlib.suppress(ValueError, AttributeError):
            signed = json.loads(entry.body).get("dkim_signed")
    return {
        "sha256": row["sha256"],
        "hash_ok": raw is not None and hashlib.sha256(raw).hexdigest() == row["sha256"],
        "raw_kept": raw is not None or damaged is not None,
        "raw_damaged": damaged,
        "size": len(raw) if raw is not None else None,
        "dkim": json.loads(msg) if msg else None,
        # Is this instruction's text inside what the passing signature signs
        # (False: after its l= body length)? None: no signature passed.
        "dkim_signed": signed,
        "chain": {
            "seq": row["id"],
            "entry_hash": entry.entry_hash if entry else None,
            "prev_hash": entry.prev_hash if entry else None,
            "entry_ok": entry_ok,
            "links_ok": links_ok,
            "record_matches_entry": record_ok,
            "head_seq": head_seq,
            "head_hash": head_hash,
        },
    }


def show(store: Store, instruction_id: int, ops_group: Iterable[str] = ()) -> dict[str, Any]:
    """One record with its headers, own text, thread timeline, the operations
    team's confirmations in that thread (`ops_group` marks who is in it) and proof."""
    row = instruction_row(store, instruction_id)
    message = store.message_row(row["sha256"])
    record = json.loads(row["record"])
    found = thread_row(store.db, instruction_id)  # (id, thread_id, amends, label, advertiser)
    thread = (found[1], found[3], found[4], found[2]) if found else None  # thread_id, label, advertiser, amends
    rows = thread_of(store.db, instruction_id)
    return {
        "id": row["id"],
        "record": record,
        "label": thread[1] if thread else row["action"],
        "advertiser": row["advertiser"] or (thread[2] if thread else None),
        "amends": json.loads(thread[3]) if thread else [],
        "thread_id": thread[0] if thread else None,
        "headers": _headers(message, row),
        "attachments": json.loads(message["attachments"]) if message else [],
        "body": message["body"] if message else "",
        "timeline": [e.to_dict() for e in timeline(rows)],
        "confirmations": [c.to_dict() for c in thread_confirmations(store.db, rows, ops_group)],
        "proof": proof_status(store, row),
    }


__all__ = [
    "Hit",
    "Query",
    "instruction_row",
    "match_expression",
    "parse_id",
    "proof_status",
    "search",
    "show",
    "slot_keys_for",
]
