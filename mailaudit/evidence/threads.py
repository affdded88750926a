"""Threads: which instructions belong together, and which earlier one each amends.

A thread is found the way a reader finds it:

1. Message-IDs first. Instructions whose messages share a Message-ID through
   Message-ID / In-Reply-To / References are one thread. Replies without an
   instruction (an ops "done") are walked through in the store's `messages`
   table, so a chain that only has In-Reply-To still holds together.
2. Then the subject, without Re:/Fw:/回复:/转发: and case: a reply (its subject
   says so) whose client dropped the headers joins the latest earlier
   instruction of the same subject and advertiser (or one of them names none)
   sent within 90 days - one parent, so campaigns that reuse a subject months
   apart stay apart.

Within a thread, in date order, each amendment is linked to what it changes:
`extend`/`change`/`cancel` to the latest earlier instruction for the same slot
(all running ones when no slot is named), `add` to the placement it adds to.
An amendment that names no advertiser ("please extend it to the 30th")
inherits the one of what it amends, so a search by advertiser finds it.

Threads are an index, not evidence: they are recomputed from the verified
instruction rows whenever an instruction arrives, in any order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from ..mail.textutil import strip_prefixes
from ..store.evidence import (
    ids_by_msgids,
    instructions_by_id,
    msgids_of,
    put_thread_row,
    referred_by_other,
    same_subject_after,
    same_subject_before,
    thread_row,
)
from ..store.queries import any_message_of, message_body, message_links
from .records import write_fts

LABELS = {
    "place": "placed",
    "add": "added slot",
    "change": "changed",
    "extend": "extended",
    "cancel": "cancelled",
}
MAX_THREAD = 2000  # instructions; a runaway subject match stops here
MAX_BRIDGE = 500  # non-evidence messages walked to connect a thread
SUBJECT_WINDOW_DAYS = 90  # a headerless reply joins a thread of its subject this recent


@dataclass
class TimelineEvent:
    id: int
    date: str | None
    date_utc: str | None
    action: str
    label: str
    slots: list[dict[str, str]]
    start: str | None
    end: str | None
    advertiser: str | None  # own or inherited
    requester: str | None
    subject: str
    amends: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _ids_by_msgids(db: sqlite_utils.Database, msgids: set[str]) -> set[int]:
    return ids_by_msgids(db, msgids)


def _msgids_of(db: sqlite_utils.Database, ids: set[int]) -> set[str]:
    return msgids_of(db, ids)


def _bridge(db: sqlite_utils.Database, msgids: set[str], seen: set[str]) -> set[str]:
    """More Message-IDs of the same conversation, through stored mail that carries
    no instruction (parents by Message-ID, children by In-Reply-To)."""
    more: set[str] = set()
    todo = list(msgids - seen)
    walked = 0
    while todo and walked < MAX_BRIDGE:
        msgid = todo.pop()
        seen.add(msgid)
        walked += 1
        for message_id, in_reply_to, refs in message_links(db, msgid):
            for other in (message_id, in_reply_to, *json.loads(refs or "[]")):
                if other and other not in seen and other not in more:
                    more.add(other)
                    todo.append(other)
    return more


def _rows(db: sqlite_utils.Database, ids: Iterable[int]) -> list[dict[str, Any]]:
    return instructions_by_id(db, ids)


def _fold(name: str | None) -> str | None:
    return name.casefold().strip() if name else None


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or _fold(a) == _fold(b)


def _reply_without_known_parent(db: sqlite_utils.Database, row: dict[str, Any]) -> bool:
    """A reply (its subject says so) whose In-Reply-To/References, if any,
    lead to nothing in the store: the client dropped them, or the mail they
    name was never taken in."""
    subject = (row["subject"] or "").strip()
    if not (row["subject_key"] and row["date_utc"]) or strip_prefixes(subject) == subject:
        return False
    named = [row["in_reply_to"], *json.loads(row["refs"] or "[]")]
    named = [m for m in dict.fromkeys(named) if m and m != row["message_id"]]
    if not named:
        return True
    if referred_by_other(db, named, row["id"]):
        return False
    if "messages" not in db.table_names():
        return True
    return not any_message_of(db, named)


def _shifted(date_utc: str, days: int) -> str:
    moment = datetime.strptime(date_utc, "%Y-%m-%dT%H:%M:%SZ") + timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def subject_parent(db: sqlite_utils.Database, row: dict[str, Any]) -> int | None:
    """For a reply without a known parent (see above): the latest earlier
    instruction with the same subject and a compatible advertiser, sent within
    SUBJECT_WINDOW_DAYS. One parent, so two campaigns that reuse a subject
    ("Acme homepage banner") months apart stay two threads."""
    if not _reply_without_known_parent(db, row):
        return None
    since = _shifted(row["date_utc"], -SUBJECT_WINDOW_DAYS)
    for cand in same_subject_before(db, row["subject_key"], row["date_utc"], since, row["sha256"]):
        if _compatible(row["advertiser"], cand["advertiser"]):
            return cand["id"]
    return None


def _subject_children(db: sqlite_utils.Database, row: dict[str, Any]) -> list[int]:
    """Replies without a known parent whose subject parent is `row`."""
    if not (row["subject_key"] and row["date_utc"]):
        return []
    out = []
    until = _shifted(row["date_utc"], SUBJECT_WINDOW_DAYS)
    for cand in same_subject_after(db, row["subject_key"], row["date_utc"], until):
        if subject_parent(db, cand) == row["id"]:
            out.append(cand["id"])
    return out


def thread_of(db: sqlite_utils.Database, start: int) -> list[dict[str, Any]]:
    """The instruction rows of `start`'s thread, in date order."""
    has_messages = "messages" in db.table_names()
    members: dict[int, dict[str, Any]] = {}
    todo = [start]
    seen_msgids: set[str] = set()
    bridged: set[str] = set()
    while todo and len(members) < MAX_THREAD:
        batch = [i for i in dict.fromkeys(todo) if i not in members]
        todo = []
        for row in _rows(db, batch):
            members[row["id"]] = row
        if not batch:
            break
        # Message-IDs, through stored mail without instructions when there is some.
        msgids = _msgids_of(db, set(batch)) - seen_msgids
        if msgids:
            seen_msgids |= msgids
            if has_messages:
                extra = _bridge(db, msgids, bridged) - seen_msgids
                seen_msgids |= extra
                msgids |= extra
            todo.extend(_ids_by_msgids(db, msgids) - set(members))
        # The subject, for replies that lost their headers (both directions).
        for rid in batch:
            row = members.get(rid)
            if row is None:
                continue
            parent = subject_parent(db, row)
            if parent is not None and parent not in members:
                todo.append(parent)
            todo.extend(c for c in _subject_children(db, row) if c not in members)
    rows = list(members.values())
    rows.sort(key=lambda r: (r["date_utc"] or "9999", r["id"]))
    return rows


def timeline(rows: list[dict[str, Any]]) -> list[TimelineEvent]:
    """Label each instruction of one thread and link it to what it amends."""
    events: list[TimelineEvent] = []
    running: dict[str, int] = {}  # slot -> the latest instruction for it
    effective: dict[int, str | None] = {}
    first_place: int | None = None
    for row in rows:
        slots = json.loads(row["slots"])
        keys = [s.get("slot") for s in slots if s.get("slot")]
        action = row["action"]
        amends: list[int] = []
        if action == "add":
            if first_place is not None:
                amends = [first_place]
            elif events:
                amends = [events[0].id]
        elif action in ("change", "extend", "cancel"):
            amends = list(dict.fromkeys(running[k] for k in keys if k in running))
            if not amends and not keys:
                amends = sorted(set(running.values()))
            if not amends and events:
                amends = [events[-1].id]
        elif action == "place" and first_place is None:
            first_place = row["id"]
        advertiser = row["advertiser"]
        if not advertiser:
            inherited = [effective[i] for i in amends if effective.get(i)]
            earlier = [e for e in effective.values() if e]
            advertiser = (inherited or earlier or [None])[0]
        effective[row["id"]] = advertiser
        if action == "cancel":
            for k in keys or list(running):
                running.pop(k, None)
        else:
            for k in keys:
                running[k] = row["id"]
        events.append(
            TimelineEvent(
                id=row["id"],
                date=row["date"],
                date_utc=row["date_utc"],
                action=action,
                label=LABELS.get(action, action),
                slots=slots,
                start=row["start"],
                end=row["end"],
                advertiser=advertiser,
                requester=row["requester"],
                subject=row["subject"],
                amends=amends,
            )
        )
    return events


def refresh(db: sqlite_utils.Database, ids: Iterable[int], bodies: dict[str, str] | None = None) -> int:
    """Recompute the threads of these (new) instructions and the lookup rows
    that depend on them. Returns how many instructions were (re)labelled."""
    done: set[int] = set()
    changed = 0
    for start in ids:
        if start in done:
            continue
        rows = thread_of(db, start)
        thread_id = min(r["id"] for r in rows)
        by_id = {r["id"]: r for r in rows}
        for event in timeline(rows):
            done.add(event.id)
            new = {
                "id": event.id,
                "thread_id": thread_id,
                "amends": json.dumps(event.amends),
                "label": event.label,
                "advertiser": event.advertiser,
            }
            old = thread_row(db, event.id)
            if old is not None and tuple(new.values()) == tuple(old):
                continue
            changed += 1
            put_thread_row(db, new)
            row = by_id[event.id]
            write_fts(db, row, _body(db, row["sha256"], bodies), event.advertiser)
    return changed


def _body(db: sqlite_utils.Database, sha256: str, bodies: dict[str, str] | None) -> str:
    if bodies is not None and sha256 in bodies:
        return bodies[sha256]
    if "messages" not in db.table_names():
        return ""
    return message_body(db, sha256)


def thread_timeline(db: sqlite_utils.Database, instruction_id: int) -> list[TimelineEvent]:
    """The timeline of the thread `instruction_id` is in (computed afresh)."""
    return timeline(thread_of(db, instruction_id))


__all__ = ["LABELS", "TimelineEvent", "refresh", "thread_of", "thread_timeline", "timeline"]
